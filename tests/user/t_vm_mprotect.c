/*
 * tests/user/t_vm_mprotect.c - mprotect(2): read-only then write (a
 * SIGSEGV handler sees SEGV_ACCERR at the address; a child without one
 * dies of SIGSEGV, checked with wait4), back to read-write keeps the
 * bytes, PROT_NONE, PROT_EXEC (and NX without it), one page in the middle
 * of a mapping, pages never touched, ranges across mappings, a range with
 * a hole (ENOMEM, the part before the hole changed, as Linux does), the
 * protection of a forked child's copy independent of the parent's, and
 * EINVAL/ENOMEM.
 *
 * Usage: t_vm_mprotect [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "tap.h"

#define PLAN 48

#include "vm.h"

#ifndef PROT_GROWSDOWN
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000
#endif

static void no_core(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
	reset_signals();
}

static int do_write(void *p)
{
	no_core();
	*(volatile char *)p = 1;
	return 0;
}

static int do_read(void *p)
{
	no_core();
	return *(volatile char *)p + 100;
}

/* mov $42, %eax; ret */
static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

static void test_basic(void)
{
	char *p;
	int st;

	p = map(0, 4 * PAGE, RW, ANON);
	memset(p, 'm', 4 * PAGE);
	expect_eq(rsys(SYS_mprotect, p, 4 * PAGE, PROT_READ), 0, "mprotect 4 pages PROT_READ");
	ok(peek(p) == 'm' && peek(p + 4 * PAGE - 1) == 'm', "they still read");
	expect_eq(probe(p + 2 * PAGE + 5, 'w', 1), P_ACCERR, "a write: SEGV_ACCERR at the address");
	st = in_child(do_write, p + 3 * PAGE);
	expect_status(st, KILLED(SIGSEGV), "a child writing there dies of SIGSEGV (wait4 status)");
	ok(peek(p + 2 * PAGE + 5) == 'm', "the failed write changed nothing");
	expect_eq(rsys(SYS_mprotect, p, 4 * PAGE, RW), 0, "mprotect them back PROT_READ|PROT_WRITE");
	ok(probe(p + 2 * PAGE + 5, 'w', 'w') == P_OK && peek(p + 2 * PAGE + 5) == 'w' && peek(p) == 'm',
	   "writable again, with their bytes");

	/* one page in the middle */
	expect_eq(rsys(SYS_mprotect, p + PAGE, PAGE, PROT_READ), 0, "mprotect page 1 of 4 PROT_READ");
	expect_eq(probe(p + PAGE, 'w', 1), P_ACCERR, "page 1 is read-only");
	ok(probe(p + PAGE - 1, 'w', 'a') == P_OK && probe(p + 2 * PAGE, 'w', 'b') == P_OK,
	   "its neighbours are still writable");

	/* PROT_NONE */
	expect_eq(rsys(SYS_mprotect, p, 4 * PAGE, PROT_NONE), 0, "mprotect all PROT_NONE");
	expect_eq(probe(p + 3 * PAGE, 'r', 0), P_ACCERR, "a read: SEGV_ACCERR");
	expect_eq(probe(p, 'w', 0), P_ACCERR, "a write: SEGV_ACCERR");
	st = in_child(do_read, p + PAGE);
	expect_status(st, KILLED(SIGSEGV), "a child reading dies of SIGSEGV");
	expect_eq(rsys(SYS_mprotect, p, 4 * PAGE, PROT_READ), 0, "mprotect PROT_READ");
	ok(peek(p) == 'm' && peek(p + PAGE - 1) == 'a' && peek(p + 2 * PAGE) == 'b' &&
		   peek(p + 2 * PAGE + 5) == 'w',
	   "the bytes survived PROT_NONE");
	rsys(SYS_munmap, p, 4 * PAGE);

	/* pages never touched */
	p = map(0, 2 * PAGE, RW, ANON);
	expect_eq(rsys(SYS_mprotect, p, 2 * PAGE, PROT_READ), 0, "mprotect untouched pages PROT_READ");
	ok(peek(p) == 0 && peek(p + 2 * PAGE - 1) == 0, "they read as zeros");
	expect_eq(probe(p + PAGE, 'w', 1), P_ACCERR, "a write: SEGV_ACCERR");
	rsys(SYS_mprotect, p, 2 * PAGE, RW);
	ok(probe(p + PAGE, 'w', 1) == P_OK, "writable after mprotect PROT_READ|PROT_WRITE");
	rsys(SYS_munmap, p, 2 * PAGE);

	/* PROT_READ mapping made writable */
	p = map(0, PAGE, PROT_READ, ANON);
	expect_eq(rsys(SYS_mprotect, p, PAGE, RW), 0, "a PROT_READ mapping made PROT_READ|PROT_WRITE");
	ok(probe(p, 'w', 'r') == P_OK && peek(p) == 'r', "it is writable");
	rsys(SYS_munmap, p, PAGE);

	/* code */
	p = map(0, 2 * PAGE, RW, ANON);
	memcpy(p, ret42, sizeof(ret42));
	memcpy(p + PAGE, ret42, sizeof(ret42));
	expect_eq(rsys(SYS_mprotect, p, PAGE, PROT_READ | PROT_EXEC), 0, "mprotect PROT_READ|PROT_EXEC");
	expect_eq(probe(p, 'x', 0), P_OK, "the code there runs");
	expect_eq(probe(p + PAGE, 'x', 0), P_ACCERR, "the page without PROT_EXEC: SEGV_ACCERR (NX)");
	expect_eq(probe(p, 'w', 0), P_ACCERR, "the code page is not writable");
	rsys(SYS_munmap, p, 2 * PAGE);
}

static void test_ranges(void)
{
	char *h;
	int i, good;

	/* adjacent mappings with different protections, one call over all */
	h = hole(8 * PAGE);
	map(h, 2 * PAGE, RW, ANON | MAP_FIXED);
	map(h + 2 * PAGE, 2 * PAGE, PROT_NONE, ANON | MAP_FIXED);
	map(h + 4 * PAGE, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED);
	expect_eq(rsys(SYS_mprotect, h, 6 * PAGE, PROT_READ), 0,
		  "mprotect across private, PROT_NONE and shared mappings");
	good = 1;
	for (i = 0; i < 6; i++)
		if (probe(h + i * PAGE, 'r', 0) != P_OK || probe(h + i * PAGE, 'w', 1) != P_ACCERR)
			good = 0;
	ok(good, "all six pages are read-only");

	/* a hole in the range: ENOMEM, and the part before the hole changed */
	rsys(SYS_mprotect, h, 6 * PAGE, RW);
	expect_eq(rsys(SYS_mprotect, h, 8 * PAGE, PROT_READ), -ENOMEM, "mprotect over a hole at the end: ENOMEM");
	ok(probe(h, 'w', 1) == P_ACCERR && probe(h + 5 * PAGE, 'w', 1) == P_ACCERR,
	   "the mapped part before the hole was changed (as Linux does)");
	rsys(SYS_munmap, h + 2 * PAGE, PAGE);
	rsys(SYS_mprotect, h, 2 * PAGE, RW);
	rsys(SYS_mprotect, h + 3 * PAGE, 3 * PAGE, RW);
	expect_eq(rsys(SYS_mprotect, h, 6 * PAGE, PROT_READ), -ENOMEM, "mprotect over a hole in the middle: ENOMEM");
	ok(probe(h + PAGE, 'w', 1) == P_ACCERR && probe(h + 3 * PAGE, 'w', 1) == P_OK,
	   "the pages before the hole changed, those after it did not");
	expect_eq(rsys(SYS_mprotect, h + 2 * PAGE, 2 * PAGE, PROT_READ), -ENOMEM,
		  "a range starting in the hole: ENOMEM");
	ok(probe(h + 3 * PAGE, 'w', 1) == P_OK, "and nothing changed");
	rsys(SYS_munmap, h, 8 * PAGE);
}

static void test_errnos(void)
{
	char *p = map(0, 2 * PAGE, RW, ANON);

	expect_eq(rsys(SYS_mprotect, p + 1, PAGE, PROT_READ), -EINVAL, "an unaligned address: EINVAL");
	expect_eq(rsys(SYS_mprotect, p + 1, 0, PROT_READ), -EINVAL, "unaligned with length 0: EINVAL");
	expect_eq(rsys(SYS_mprotect, p, PAGE, 0x10), -EINVAL, "an unknown prot bit (0x10): EINVAL");
	expect_eq(rsys(SYS_mprotect, p, PAGE, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP), -EINVAL,
		  "PROT_GROWSDOWN|PROT_GROWSUP: EINVAL");
	expect_eq(rsys(SYS_mprotect, p, PAGE, PROT_READ | PROT_GROWSDOWN), -EINVAL,
		  "PROT_GROWSDOWN on a mapping that does not grow: EINVAL");
	expect_eq(rsys(SYS_mprotect, p, 0, PROT_READ), 0, "length 0: 0");
	expect_eq(rsys(SYS_mprotect, hole(4 * PAGE), 0, PROT_READ), 0, "length 0 on nothing mapped: 0");
	expect_eq(rsys(SYS_mprotect, hole(4 * PAGE), PAGE, PROT_READ), -ENOMEM, "a range not mapped: ENOMEM");
	expect_eq(rsys(SYS_mprotect, BAD_KERNEL, PAGE, PROT_READ), -ENOMEM, "a kernel address: ENOMEM");
	expect_eq(rsys(SYS_mprotect, p, -PAGE, PROT_READ), -ENOMEM, "a length that wraps around: ENOMEM");
	ok(probe(p, 'w', 1) == P_OK && probe(p + PAGE, 'w', 1) == P_OK, "the mapping is still read-write");
	rsys(SYS_munmap, p, 2 * PAGE);
}

/* after fork, each process's protections are its own */
static void test_fork(void)
{
	int pfd[2], qfd[2], st;
	char *p, c;
	pid_t pid;

	p = map(0, PAGE, RW, ANON);
	p[0] = 'x';
	rsys(SYS_pipe, pfd);
	rsys(SYS_pipe, qfd);
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		/* the parent made its copy read-only: ours stays writable */
		if (read_all(pfd[0], &c, 1) != 1)
			_exit(9);
		if (probe(p, 'w', 'c') != P_OK || peek(p) != 'c')
			bad |= 1;
		rsys(SYS_mprotect, p, PAGE, PROT_NONE);
		rsys(SYS_write, qfd[1], "g", 1);
		if (probe(p, 'r', 0) != P_ACCERR)
			bad |= 2;
		_exit(bad);
	}
	expect_eq(rsys(SYS_mprotect, p, PAGE, PROT_READ), 0, "the parent makes a page read-only after fork");
	rsys(SYS_write, pfd[1], "g", 1);
	read_all(qfd[0], &c, 1);
	ok(peek(p) == 'x' && probe(p, 'w', 1) == P_ACCERR,
	   "the child's mprotect PROT_NONE leaves the parent's copy readable");
	st = reap(pid);
	expect_status(st, EXITED(0), "the child's copy stayed writable, then PROT_NONE");
	rsys(SYS_close, pfd[0]);
	rsys(SYS_close, pfd[1]);
	rsys(SYS_close, qfd[0]);
	rsys(SYS_close, qfd[1]);
	rsys(SYS_munmap, p, PAGE);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	probe_init();
	test_basic();
	test_ranges();
	test_errnos();
	test_fork();
	return tap_done();
}
