/*
 * tests/user/t_memory.c - the address space: brk (query, grow, shrink,
 * zero fill, unaligned, refused requests leave it alone), mmap of
 * anonymous private memory (zero fill, rounding, MAP_FIXED over an
 * existing mapping, EINVAL/EBADF/ENOMEM), munmap (whole, middle page,
 * unaligned length, ranges never mapped, EINVAL), mprotect (read-only,
 * PROT_NONE, executable code, NX; EINVAL, ENOMEM), copy-on-write across
 * fork, the kernel reading and writing user memory that is not yet
 * faulted in or not accessible (EFAULT, not a signal), 50 rounds of 8 MiB
 * (more than lom's RAM: freed memory is reused) and 1 MiB of stack.
 * Accesses that must fault are made in children and must die of SIGSEGV.
 *
 * Uses ROOT/tests/data/hello.txt.  Usage: t_memory [ROOT]
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 76

#define PAGE 4096UL

static int is_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		if (*c++)
			return 0;
	return 1;
}

static void *map(size_t len, int prot)
{
	return (void *)rsys(SYS_mmap, 0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int bad_map(void *p)
{
	return (unsigned long)p > -4096UL;
}

/* an address range of 16 pages that certainly is not mapped now */
static void *hole(void)
{
	void *p = map(16 * PAGE, PROT_NONE);

	rsys(SYS_munmap, p, 16 * PAGE);
	return p;
}

/* ---- children that touch memory: they must die of SIGSEGV ---- */

static void no_core(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl); /* lom may not have it: ignored */
	reset_signals();
}

static int do_read(void *p)
{
	no_core();
	return *(volatile char *)p + 100;
}

static int do_write(void *p)
{
	no_core();
	*(volatile char *)p = 1;
	return 100;
}

static int do_call(void *p)
{
	no_core();
	return ((int (*)(void))p)() + 100;
}

static int touch_read_dies(void *p)
{
	int st = in_child(do_read, p);

	return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
}

static int touch_write_dies(void *p)
{
	int st = in_child(do_write, p);

	return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
}

/* ---- brk ---- */

static void test_brk(void)
{
	unsigned long base, top, r;
	char *p;
	int good;

	base = rsys(SYS_brk, 0);
	ok(base > 0 && base < 0x800000000000UL, "brk(0) returns the current break");
	expect_eq(rsys(SYS_brk, 0), base, "asking again returns the same");
	top = base + 64 * 1024;
	expect_eq(rsys(SYS_brk, top), top, "grow by 64 KiB: returns the new break");
	p = (char *)base;
	ok(is_zero(p, top - base), "the new memory reads as zeros");
	memset(p, 0xab, top - base);
	good = 1;
	for (r = 0; r < top - base; r += 997)
		if ((unsigned char)p[r] != 0xab)
			good = 0;
	ok(good, "it is writable");
	expect_eq(rsys(SYS_brk, base), base, "shrink back: returns the old break");
	ok(touch_read_dies((void *)(((base + PAGE - 1) & ~(PAGE - 1)) + PAGE + 100)),
	   "a page freed by shrinking is gone (SIGSEGV)");
	expect_eq(rsys(SYS_brk, top), top, "grow again");
	ok(is_zero(p, top - base), "the regrown memory is zeros again, not the old bytes");
	expect_eq(rsys(SYS_brk, base + 100), base + 100, "an unaligned break is returned as asked");
	expect_eq(rsys(SYS_brk, 0), base + 100, "and reads back unaligned");
	p[99] = 1;
	ok(p[99] == 1, "the byte below it is usable");
	expect_eq(rsys(SYS_brk, 1), base + 100, "brk(1) below the start: refused, the old break");
	expect_eq(rsys(SYS_brk, 0x7fffffffffffUL), base + 100,
		  "brk to the top of user space: refused, the old break");
	expect_eq(rsys(SYS_brk, 0xffffffff80000000UL), base + 100,
		  "brk to a kernel address: refused, the old break");
	expect_eq(rsys(SYS_brk, base), base, "back to where we started");
}

/* ---- mmap, munmap ---- */

static void test_mmap(void)
{
	char *p, *q;
	long r;
	int i, good;

	p = map(4 * PAGE, PROT_READ | PROT_WRITE);
	ok(!bad_map(p) && ((unsigned long)p & (PAGE - 1)) == 0,
	   "mmap 4 anonymous pages: page aligned");
	ok(is_zero(p, 4 * PAGE), "they read as zeros");
	for (i = 0; i < (int)(4 * PAGE); i++)
		p[i] = i * 13;
	good = 1;
	for (i = 0; i < (int)(4 * PAGE); i++)
		if (p[i] != (char)(i * 13))
			good = 0;
	ok(good, "they hold what was written");
	expect_eq(rsys(SYS_munmap, p, 4 * PAGE), 0, "munmap them");
	ok(touch_read_dies(p), "reading them afterwards: SIGSEGV");
	ok(touch_read_dies(p + 3 * PAGE + 5), "the last page too");

	p = map(5000, PROT_READ | PROT_WRITE);
	p[8191] = 7;
	ok(!bad_map(p) && p[8191] == 7 && p[4999] == 0, "mmap of 5000 bytes gives two whole pages");
	rsys(SYS_munmap, p, 5000);

	expect_eq(rsys(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -EINVAL,
		  "mmap length 0: EINVAL");
	expect_eq(rsys(SYS_mmap, 0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), -EINVAL,
		  "mmap neither MAP_PRIVATE nor MAP_SHARED: EINVAL");
	expect_eq(rsys(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100), -EINVAL,
		  "mmap with an unaligned offset: EINVAL");
	expect_eq(rsys(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), -EBADF,
		  "mmap of fd -1 without MAP_ANONYMOUS: EBADF");
	expect_eq(rsys(SYS_mmap, 0, 1UL << 47, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		  -ENOMEM,
		  "mmap of 128 TiB: ENOMEM");

	/* MAP_FIXED over the middle of a mapping */
	p = map(3 * PAGE, PROT_READ | PROT_WRITE);
	memset(p, 'a', PAGE);
	memset(p + PAGE, 'b', PAGE);
	memset(p + 2 * PAGE, 'c', PAGE);
	q = (char *)rsys(SYS_mmap, p + PAGE, PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ok(q == p + PAGE, "MAP_FIXED returns exactly the address asked for");
	ok(is_zero(q, PAGE), "the replaced page is fresh zeros");
	ok(p[0] == 'a' && p[PAGE - 1] == 'a' && p[2 * PAGE] == 'c' && p[3 * PAGE - 1] == 'c',
	   "the pages around it are untouched");
	expect_eq(rsys(SYS_mmap, p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0),
		  -EINVAL, "MAP_FIXED at an unaligned address: EINVAL");

	/* munmap the middle page */
	expect_eq(rsys(SYS_munmap, p + PAGE, PAGE), 0, "munmap the middle page");
	ok(touch_read_dies(p + PAGE), "the middle page is gone");
	ok(p[0] == 'a' && p[2 * PAGE] == 'c', "its neighbours are still there");
	expect_eq(rsys(SYS_munmap, p, 0), -EINVAL, "munmap length 0: EINVAL");
	expect_eq(rsys(SYS_munmap, p + 1, PAGE), -EINVAL, "munmap at an unaligned address: EINVAL");
	expect_eq(rsys(SYS_munmap, p + PAGE, PAGE), 0, "munmap of a hole: 0");
	expect_eq(rsys(SYS_munmap, p, 100), 0, "munmap of 100 bytes");
	ok(touch_read_dies(p + 200), "takes the whole page");
	expect_eq(rsys(SYS_munmap, p, 3 * PAGE), 0, "munmap across holes and the last page");
	ok(touch_read_dies(p + 2 * PAGE), "it is gone");
	expect_eq(rsys(SYS_munmap, hole(), 16 * PAGE), 0, "munmap of a range not mapped: 0");

	/* many small mappings */
	{
		char *maps[100];

		good = 1;
		for (i = 0; i < 100; i++) {
			maps[i] = map(PAGE, PROT_READ | PROT_WRITE);
			if (bad_map(maps[i]))
				good = 0;
			else
				memset(maps[i], i, PAGE);
		}
		for (i = 0; i < 100 && good; i++)
			if (maps[i][0] != (char)i || maps[i][PAGE - 1] != (char)i)
				good = 0;
		for (i = 0; i < 100; i++)
			if (!bad_map(maps[i]) && rsys(SYS_munmap, maps[i], PAGE))
				good = 0;
		ok(good, "100 one-page mappings, each its own");
	}

	/* more than lom's RAM, a piece at a time */
	good = 1;
	for (i = 0; i < 50 && good; i++) {
		size_t len = 8UL << 20, off;

		p = map(len, PROT_READ | PROT_WRITE);
		if (bad_map(p)) {
			good = 0;
			break;
		}
		for (off = 0; off < len; off += PAGE)
			p[off] = i + 1;
		for (off = 0; off < len; off += PAGE)
			if (p[off] != i + 1)
				good = 0;
		r = rsys(SYS_munmap, p, len);
		if (r)
			good = 0;
	}
	ok(good, "50 rounds of map, touch every page, unmap 8 MiB");
}

/* ---- mprotect ---- */

static void test_mprotect(void)
{
	/* mov $42, %eax; ret */
	static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
	char *p;
	int st;

	p = map(2 * PAGE, PROT_READ | PROT_WRITE);
	p[0] = 'x';
	expect_eq(rsys(SYS_mprotect, p, PAGE, PROT_READ), 0, "mprotect a page PROT_READ");
	ok(p[0] == 'x', "it still reads");
	ok(touch_write_dies(p), "writing it: SIGSEGV");
	p[PAGE] = 'y';
	ok(p[PAGE] == 'y', "the next page is still writable");
	expect_eq(rsys(SYS_mprotect, p, PAGE, PROT_READ | PROT_WRITE), 0, "mprotect it back RW");
	p[0] = 'z';
	ok(p[0] == 'z', "it is writable again");
	expect_eq(rsys(SYS_mprotect, p, 2 * PAGE, PROT_NONE), 0, "mprotect both PROT_NONE");
	ok(touch_read_dies(p + PAGE), "reading: SIGSEGV");
	expect_eq(rsys(SYS_mprotect, p + 1, PAGE, PROT_READ), -EINVAL,
		  "mprotect unaligned: EINVAL");
	expect_eq(rsys(SYS_mprotect, p, PAGE, 0x100), -EINVAL, "mprotect prot 0x100: EINVAL");
	expect_eq(rsys(SYS_mprotect, p, 0, PROT_READ), 0, "mprotect length 0: 0");
	expect_eq(rsys(SYS_mprotect, hole(), PAGE, PROT_READ), -ENOMEM,
		  "mprotect of a range not mapped: ENOMEM");

	/* code: write it, make it executable, call it */
	rsys(SYS_mprotect, p, 2 * PAGE, PROT_READ | PROT_WRITE);
	memcpy(p, ret42, sizeof(ret42));
	memcpy(p + PAGE, ret42, sizeof(ret42));
	expect_eq(rsys(SYS_mprotect, p, PAGE, PROT_READ | PROT_EXEC), 0,
		  "mprotect PROT_READ|PROT_EXEC");
	expect_eq(((int (*)(void))HIDE(p))(), 42, "code written there runs");
	st = in_child(do_call, p + PAGE);
	expect_status(st, KILLED(SIGSEGV), "code in a page without PROT_EXEC does not run (NX)");
	rsys(SYS_munmap, p, 2 * PAGE);
}

/* ---- fork and copy-on-write ---- */

static void test_cow(void)
{
	int p[2], st;
	char *m, c;
	pid_t pid;

	m = map(PAGE, PROT_READ | PROT_WRITE);
	m[0] = 'P';
	pid = fork();
	if (pid == 0) {
		int bad = m[0] != 'P';

		m[0] = 'C';
		_exit(bad || m[0] != 'C');
	}
	st = reap(pid);
	expect_status(st, EXITED(0), "the child sees the parent's page and writes its own copy");
	expect_eq(m[0], 'P', "the parent's page is unchanged");

	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		rsys(SYS_read, p[0], &c, 1);
		_exit(m[0] != 'P');
	}
	m[0] = 'Q';
	rsys(SYS_write, p[1], "g", 1);
	expect_status(reap(pid), EXITED(0),
		      "the parent's write after fork is not seen by the child");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);

	/* brk memory is copied too */
	{
		unsigned long base = rsys(SYS_brk, 0);
		char *b = (char *)base;

		rsys(SYS_brk, base + PAGE);
		b[0] = 'B';
		pid = fork();
		if (pid == 0) {
			int bad = b[0] != 'B';

			b[0] = 'c';
			_exit(bad);
		}
		expect_status(reap(pid), EXITED(0), "the child has the parent's brk memory");
		ok(b[0] == 'B', "its write there stays in the child");
		rsys(SYS_brk, base);
	}
	rsys(SYS_munmap, m, PAGE);
}

/* ---- the kernel touching user memory ---- */

static void test_uaccess(void)
{
	char *m, buf[PAGE];
	int p[2];
	long fd;

	rsys(SYS_pipe, p);
	m = map(4 * PAGE, PROT_READ | PROT_WRITE);
	expect_eq(rsys(SYS_write, p[1], m, PAGE), PAGE, "write from a page never touched");
	ok(rsys(SYS_read, p[0], buf, PAGE) == PAGE && is_zero(buf, PAGE), "it wrote zeros");
	fd = rsys(SYS_open, P("/tests/data/hello.txt"), O_RDONLY);
	expect_eq(rsys(SYS_read, fd, m + PAGE + 10, 100), HELLO_LEN,
		  "read into a page never touched");
	ok(!memcmp(m + PAGE + 10, HELLO_TXT, HELLO_LEN), "the bytes are there");
	rsys(SYS_lseek, fd, 0, SEEK_SET);
	expect_eq(rsys(SYS_read, fd, m + 2 * PAGE - 5, 20), 20, "read across a page boundary");
	ok(!memcmp(m + 2 * PAGE - 5, HELLO_TXT, 20), "both pages got their part");

	rsys(SYS_mprotect, m + 2 * PAGE, PAGE, PROT_READ);
	rsys(SYS_lseek, fd, 0, SEEK_SET);
	expect_eq(rsys(SYS_read, fd, m + 2 * PAGE, 10), -EFAULT,
		  "read into a PROT_READ page: EFAULT");
	rsys(SYS_mprotect, m + 3 * PAGE, PAGE, PROT_NONE);
	expect_eq(rsys(SYS_write, p[1], m + 3 * PAGE, 10), -EFAULT,
		  "write from a PROT_NONE page: EFAULT");
	rsys(SYS_munmap, m, 4 * PAGE);
	expect_eq(rsys(SYS_write, p[1], m, 10), -EFAULT, "write from an unmapped page: EFAULT");
	expect_eq(rsys(SYS_read, fd, m, 10), -EFAULT, "read into an unmapped page: EFAULT");
	rsys(SYS_close, fd);
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);
}

/* ---- the stack ---- */

static int use_stack(void *arg)
{
	volatile char big[1 << 20];
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(big); i += 512)
		big[i] = i;
	for (i = 0; i < sizeof(big); i += 512)
		if (big[i] != (char)i)
			return 1;
	return 0;
}

static void test_stack(void)
{
	expect_status(in_child(use_stack, NULL), EXITED(0), "a process can use 1 MiB of stack");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	test_brk();
	test_mmap();
	test_mprotect();
	test_cow();
	test_uaccess();
	test_stack();
	return tap_done();
}
