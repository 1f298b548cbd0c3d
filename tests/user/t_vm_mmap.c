/*
 * tests/user/t_vm_mmap.c - mmap(2) of anonymous memory, flag by flag and
 * errno by errno: MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE (EINVAL
 * for anonymous memory), MAP_FIXED (replacing what was there),
 * MAP_FIXED_NOREPLACE (EEXIST), MAP_NORESERVE (64 GiB, a few pages far
 * apart touched), MAP_POPULATE, MAP_GROWSDOWN (grows when touched below,
 * not into the stack guard gap of a neighbour), MAP_STACK, MAP_32BIT, the
 * flags Linux ignores, address hints (free, taken, unaligned, out of
 * range), PROT_NONE/READ/WRITE/EXEC
 * (faults checked with a SIGSEGV handler: si_code SEGV_MAPERR or
 * SEGV_ACCERR and si_addr), and EINVAL/ENOMEM/EBADF with Linux's order
 * of checks.  File mappings: only a bad descriptor (EBADF).
 *
 * Usage: t_vm_mmap [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 77

#include "vm.h"

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
/* no meaning on x86-64 Linux, ignored unless validated */
#define UNKNOWN_FLAG 0x200000

/* ---- children ---- */

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

/* mov $42, %eax; ret */
static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

/* ---- the protections ---- */

static void test_prot(void)
{
	char *p;
	int st;

	p = map(0, 4 * PAGE, RW, ANON);
	ok(!bad_map(p) && ((unsigned long)p & (PAGE - 1)) == 0,
	   "MAP_PRIVATE|MAP_ANONYMOUS, PROT_READ|PROT_WRITE: a page-aligned address");
	ok(!bad_map(p) && is_zero(p, 4 * PAGE), "its pages read as zeros");
	if (!bad_map(p)) {
		memset(p, 0x5a, 4 * PAGE);
		ok(p[0] == 0x5a && p[4 * PAGE - 1] == 0x5a, "and are writable");
		rsys(SYS_munmap, p, 4 * PAGE);
	} else {
		ok(0, "and are writable");
	}

	p = map(0, PAGE, PROT_NONE, ANON);
	expect_eq(probe(p + 10, 'r', 0), P_ACCERR, "PROT_NONE: a read faults, SEGV_ACCERR at the address");
	expect_eq(probe(p + 20, 'w', 1), P_ACCERR, "PROT_NONE: a write faults, SEGV_ACCERR");
	rsys(SYS_munmap, p, PAGE);

	p = map(0, PAGE, PROT_READ, ANON);
	expect_eq(probe(p + 30, 'r', 0), P_OK, "PROT_READ: reads work");
	ok(!bad_map(p) && is_zero(p, PAGE), "PROT_READ: zeros");
	expect_eq(probe(p + 40, 'w', 1), P_ACCERR, "PROT_READ: a write faults, SEGV_ACCERR");
	st = in_child(do_write, p);
	expect_status(st, KILLED(SIGSEGV), "PROT_READ: a write without a handler kills with SIGSEGV");
	rsys(SYS_munmap, p, PAGE);

	p = map(0, PAGE, PROT_WRITE, ANON);
	expect_eq(probe(p + 50, 'w', 9), P_OK, "PROT_WRITE alone: writes work");
	expect_eq(probe(p + 50, 'r', 0), P_OK, "PROT_WRITE alone: reads work too (x86)");
	ok(peek(p + 50) == 9, "PROT_WRITE alone: the byte written is there");
	rsys(SYS_munmap, p, PAGE);

	p = map(0, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, ANON);
	if (!bad_map(p))
		memcpy(p, ret42, sizeof(ret42));
	ok(!bad_map(p) && ((int (*)(void))HIDE(p))() == 42,
	   "PROT_READ|PROT_WRITE|PROT_EXEC: code written there runs");
	rsys(SYS_munmap, p, PAGE);

	p = map(0, PAGE, RW, ANON);
	memcpy(p, ret42, sizeof(ret42));
	expect_eq(probe(p, 'x', 0), P_ACCERR, "no PROT_EXEC: calling into it faults, SEGV_ACCERR (NX)");
	expect_eq(rsys(SYS_mprotect, p, PAGE, PROT_EXEC), 0, "mprotect to PROT_EXEC alone");
	expect_eq(probe(p, 'x', 0), P_OK, "PROT_EXEC alone: the code runs");
	rsys(SYS_munmap, p, PAGE);
}

/* ---- sizes and errnos ---- */

static void test_errnos(void)
{
	char *h, *p;
	long r;

	/* a 5000-byte mapping is two pages, the third is not mapped */
	h = hole(4 * PAGE);
	p = map(h + PAGE, 5000, RW, ANON | MAP_FIXED);
	ok(p == h + PAGE && probe(p + 8191, 'w', 3) == P_OK,
	   "mmap of 5000 bytes: the second page is there");
	expect_eq(probe(p + 2 * PAGE, 'r', 0), P_MAPERR, "and the third is not: SEGV_MAPERR");
	rsys(SYS_munmap, h, 4 * PAGE);

	expect_eq(rsys(SYS_mmap, 0, 0, RW, ANON, -1, 0), -EINVAL, "length 0: EINVAL");
	expect_eq(rsys(SYS_mmap, h, 0, RW, ANON | MAP_FIXED, -1, 0), -EINVAL,
		  "length 0 with MAP_FIXED: EINVAL");
	expect_eq(rsys(SYS_mmap, 0, -1UL, RW, ANON, -1, 0), -ENOMEM,
		  "length -1 (rounds up to 0): ENOMEM");
	expect_eq(rsys(SYS_mmap, 0, -PAGE, RW, ANON | MAP_NORESERVE, -1, 0), -ENOMEM,
		  "length 2^64 - 4096: ENOMEM");
	expect_eq(rsys(SYS_mmap, 0, 1UL << 47, RW, ANON | MAP_NORESERVE, -1, 0), -ENOMEM,
		  "length 128 TiB, more than the address space: ENOMEM");
	expect_eq(rsys(SYS_mmap, 0, PAGE, RW, MAP_ANONYMOUS, -1, 0), -EINVAL,
		  "neither MAP_PRIVATE nor MAP_SHARED: EINVAL");
	expect_eq(rsys(SYS_mmap, 0, PAGE, RW, 0x0f | MAP_ANONYMOUS, -1, 0), -EINVAL,
		  "map type 0xf: EINVAL");
	expect_eq(rsys(SYS_mmap, 0, PAGE, RW, ANON, -1, 100), -EINVAL, "unaligned offset: EINVAL");
	expect_eq(rsys(SYS_mmap, h + 1, PAGE, RW, ANON | MAP_FIXED, -1, 0), -EINVAL,
		  "MAP_FIXED at an unaligned address: EINVAL");
	expect_eq(rsys(SYS_mmap, BAD_KERNEL, PAGE, RW, ANON | MAP_FIXED, -1, 0), -ENOMEM,
		  "MAP_FIXED at a kernel address: ENOMEM");
	expect_eq(rsys(SYS_mmap, -PAGE, 2 * PAGE, RW, ANON | MAP_FIXED, -1, 0), -ENOMEM,
		  "MAP_FIXED range that wraps around: ENOMEM");

	/* file mappings: lom has none, only a bad descriptor is checked */
	expect_eq(rsys(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), -EBADF,
		  "fd -1 without MAP_ANONYMOUS: EBADF");
	expect_eq(rsys(SYS_mmap, 0, PAGE, PROT_READ, MAP_SHARED, 200, 0), -EBADF,
		  "MAP_SHARED of a descriptor not open: EBADF");
	expect_eq(rsys(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, 200, 0), -EBADF,
		  "MAP_PRIVATE of a descriptor not open: EBADF");
	expect_eq(rsys(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE, -1, 0), -EBADF,
		  "a bad descriptor is reported before length 0: EBADF");
	expect_eq(rsys(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, -1, 100), -EINVAL,
		  "an unaligned offset is reported before a bad descriptor: EINVAL");

	/* the descriptor and offset of an anonymous mapping are ignored */
	r = rsys(SYS_mmap, 0, PAGE, RW, ANON, 0, 0);
	ok(!bad_map((void *)r) && probe((void *)r, 'w', 1) == P_OK,
	   "MAP_ANONYMOUS with fd 0: the fd is ignored");
	rsys(SYS_munmap, r, PAGE);
	r = rsys(SYS_mmap, 0, PAGE, RW, ANON, -1, 16 * PAGE);
	ok(!bad_map((void *)r) && is_zero((void *)r, PAGE), "MAP_ANONYMOUS with an aligned offset: works");
	rsys(SYS_munmap, r, PAGE);
}

/* ---- MAP_SHARED, MAP_SHARED_VALIDATE ---- */

static void test_shared(void)
{
	char *p;
	long r;

	p = map(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	ok(!bad_map(p) && is_zero(p, 2 * PAGE), "MAP_SHARED|MAP_ANONYMOUS: zeros");
	ok(!bad_map(p) && probe(p + PAGE, 'w', 7) == P_OK && p[PAGE] == 7, "MAP_SHARED: writable");
	rsys(SYS_munmap, p, 2 * PAGE);

	r = rsys(SYS_mmap, 0, PAGE, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0);
	expect_eq(r, -EINVAL, "MAP_SHARED_VALIDATE of anonymous memory: EINVAL (validated for files only)");
	r = rsys(SYS_mmap, 0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
	expect_eq(r, -EINVAL, "MAP_SHARED|MAP_GROWSDOWN: EINVAL");
	r = rsys(SYS_mmap, 0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | UNKNOWN_FLAG, -1, 0);
	ok(!bad_map((void *)r), "MAP_SHARED ignores an unknown flag (0x200000)");
	rsys(SYS_munmap, r, PAGE);
	r = rsys(SYS_mmap, 0, PAGE, RW, ANON | UNKNOWN_FLAG, -1, 0);
	ok(!bad_map((void *)r), "MAP_PRIVATE ignores it too");
	rsys(SYS_munmap, r, PAGE);
	/* MAP_DENYWRITE, MAP_EXECUTABLE, MAP_FILE (0): accepted, no effect */
	r = rsys(SYS_mmap, 0, PAGE, RW, ANON | MAP_DENYWRITE | MAP_EXECUTABLE, -1, 0);
	ok(!bad_map((void *)r) && probe((void *)r, 'w', 1) == P_OK,
	   "MAP_DENYWRITE|MAP_EXECUTABLE are accepted and ignored");
	rsys(SYS_munmap, r, PAGE);
}

/* ---- MAP_FIXED, MAP_FIXED_NOREPLACE, hints ---- */

static void test_fixed(void)
{
	char *h, *p, *q;
	long r;

	h = hole(8 * PAGE);
	p = map(h + 2 * PAGE, 3 * PAGE, RW, ANON | MAP_FIXED);
	if (!expect_eq((long)p, (long)(h + 2 * PAGE), "MAP_FIXED in a free range: exactly that address"))
		p = map(0, 3 * PAGE, RW, ANON); /* carry on */
	memset(p, 'a', 3 * PAGE);
	q = map(p + PAGE, PAGE, RW, ANON | MAP_FIXED);
	expect_eq((long)q, (long)(p + PAGE), "MAP_FIXED over the middle page of a mapping: that address");
	ok(is_zero(q, PAGE), "the page there now is fresh zeros");
	ok(p[0] == 'a' && p[PAGE - 1] == 'a' && p[2 * PAGE] == 'a' && p[3 * PAGE - 1] == 'a',
	   "its neighbours keep their bytes");
	q = map(p + 2 * PAGE, 2 * PAGE, PROT_READ, ANON | MAP_FIXED);
	ok(q == p + 2 * PAGE && peek(p + 2 * PAGE) == 0 && probe(p + 3 * PAGE, 'r', 0) == P_OK,
	   "MAP_FIXED across the end of a mapping into free space");
	expect_eq(probe(p + 2 * PAGE, 'w', 1), P_ACCERR, "with the new protection (PROT_READ)");

	/* MAP_FIXED_NOREPLACE */
	r = rsys(SYS_mmap, h + 6 * PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
	expect_eq(r, (long)(h + 6 * PAGE), "MAP_FIXED_NOREPLACE in a free range: exactly there");
	expect_eq(rsys(SYS_mmap, p, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST,
		  "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
	ok(p[0] == 'a', "the mapping is untouched");
	expect_eq(rsys(SYS_mmap, h + 6 * PAGE, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST,
		  "MAP_FIXED_NOREPLACE from a mapping into free space: EEXIST");
	expect_eq(rsys(SYS_mmap, h + PAGE, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST,
		  "MAP_FIXED_NOREPLACE from free space into a mapping: EEXIST");
	ok(probe(h + PAGE, 'r', 0) == P_MAPERR && probe(h + 7 * PAGE, 'r', 0) == P_MAPERR,
	   "the free pages stay free");
	expect_eq(rsys(SYS_mmap, p, PAGE, RW, ANON | MAP_FIXED_NOREPLACE | MAP_FIXED, -1, 0), -EEXIST,
		  "MAP_FIXED_NOREPLACE|MAP_FIXED over a mapping: still EEXIST");
	expect_eq(rsys(SYS_mmap, h + 1, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), -EINVAL,
		  "MAP_FIXED_NOREPLACE at an unaligned address: EINVAL");
	rsys(SYS_munmap, h, 8 * PAGE);

	/* hints */
	h = hole(16 * PAGE);
	r = rsys(SYS_mmap, h + 4 * PAGE, 2 * PAGE, RW, ANON, -1, 0);
	expect_eq(r, (long)(h + 4 * PAGE), "a free hint is taken as is");
	p = bad_map((void *)r) ? map(0, 2 * PAGE, RW, ANON) : (char *)r;
	memset(p, 'h', 2 * PAGE);
	r = rsys(SYS_mmap, h + 5 * PAGE, 2 * PAGE, RW, ANON, -1, 0);
	ok(!bad_map((void *)r) && r != (long)(h + 5 * PAGE) &&
		   (r + (long)(2 * PAGE) <= (long)p || r >= (long)(p + 2 * PAGE)),
	   "a hint overlapping a mapping: placed elsewhere, not over it");
	ok(p[0] == 'h' && p[2 * PAGE - 1] == 'h', "the mapping is untouched");
	rsys(SYS_munmap, r, 2 * PAGE);
	r = rsys(SYS_mmap, h + 10 * PAGE + 123, PAGE, RW, ANON, -1, 0);
	expect_eq(r, (long)(h + 10 * PAGE), "an unaligned free hint: rounded down to its page");
	rsys(SYS_munmap, r, PAGE);
	r = rsys(SYS_mmap, BAD_KERNEL, PAGE, RW, ANON, -1, 0);
	ok(!bad_map((void *)r) && r < 0x800000000000L && probe((void *)r, 'w', 1) == P_OK,
	   "a hint in the kernel's half: ignored, a user address");
	rsys(SYS_munmap, r, PAGE);
	rsys(SYS_munmap, h, 16 * PAGE);

	r = rsys(SYS_mmap, 0, PAGE, RW, ANON | MAP_32BIT, -1, 0);
	ok(!bad_map((void *)r) && r < 0x80000000L && probe((void *)r, 'w', 1) == P_OK,
	   "MAP_32BIT: below 2 GiB");
	rsys(SYS_munmap, r, PAGE);
}

/* ---- MAP_NORESERVE, MAP_POPULATE, MAP_STACK, MAP_GROWSDOWN ---- */

static void test_flags(void)
{
	static const unsigned long offs[] = { 0, 16 * GiB + 5 * PAGE, 33 * GiB + 123, 64 * GiB - 1 };
	char *p, *h, *g;
	int good, i;
	long r;

	p = map(0, 64 * GiB, RW, ANON | MAP_NORESERVE);
	ok(!bad_map(p), "MAP_NORESERVE: 64 GiB private writable");
	good = !bad_map(p);
	for (i = 0; good && i < 4; i++)
		good = probe(p + offs[i], 'w', i + 1) == P_OK;
	for (i = 0; good && i < 4; i++)
		good = peek(p + offs[i]) == i + 1 && peek(p + (offs[i] ^ 64)) == 0;
	ok(good, "pages 16 GiB apart are written and read back, their neighbours are zeros");
	expect_eq(rsys(SYS_munmap, p, 64 * GiB), 0, "and unmapped");

	p = map(0, 64 * GiB, PROT_NONE, ANON);
	ok(!bad_map(p), "64 GiB PROT_NONE without MAP_NORESERVE (nothing to commit)");
	rsys(SYS_munmap, p, 64 * GiB);

	p = map(0, 64 * PAGE, RW, ANON | MAP_POPULATE);
	ok(!bad_map(p) && is_zero(p, 64 * PAGE), "MAP_POPULATE: zeros");
	if (!bad_map(p))
		memset(p, 1, 64 * PAGE);
	ok(!bad_map(p) && p[63 * PAGE] == 1, "MAP_POPULATE: writable");
	rsys(SYS_munmap, p, 64 * PAGE);

	p = map(0, 16 * PAGE, RW, ANON | MAP_STACK);
	good = !bad_map(p);
	if (good) {
		memset(p, 2, 16 * PAGE);
		good = p[0] == 2 && p[16 * PAGE - 1] == 2;
	}
	ok(good, "MAP_STACK: an ordinary anonymous mapping");
	rsys(SYS_munmap, p, 16 * PAGE);

	/* MAP_GROWSDOWN: one page at the top of a free 4 MiB range */
	h = hole(4 * MiB);
	g = map(h + 4 * MiB - PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE | MAP_GROWSDOWN);
	expect_eq((long)g, (long)(h + 4 * MiB - PAGE), "MAP_GROWSDOWN: mapped");
	good = !bad_map(g);
	for (i = 1; good && i <= 16; i++)
		good = probe(g - i * PAGE + 100, 'w', i) == P_OK;
	ok(good, "touching the 16 pages below it, one after the other, works");
	good = !bad_map(g);
	for (i = 1; good && i <= 16; i++)
		if (peek(g - i * PAGE + 100) != i || peek(g - i * PAGE) != 0)
			good = 0;
	ok(good, "they keep what was written");
	expect_eq(rsys(SYS_mmap, g - 16 * PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST,
		  "the mapping grew down over them (MAP_FIXED_NOREPLACE: EEXIST)");
	rsys(SYS_munmap, h, 4 * MiB);

	/* a readable neighbour two pages below: within the guard gap, no growth */
	h = hole(4 * MiB);
	g = map(h + 2 * MiB, PAGE, RW, ANON | MAP_FIXED_NOREPLACE | MAP_GROWSDOWN);
	r = rsys(SYS_mmap, h + 2 * MiB - 3 * PAGE, PAGE, PROT_READ, ANON | MAP_FIXED_NOREPLACE, -1, 0);
	ok(!bad_map(g) && r == (long)(h + 2 * MiB - 3 * PAGE),
	   "MAP_GROWSDOWN with a readable mapping two pages below");
	expect_eq(probe(g - PAGE, 'w', 1), P_MAPERR,
		  "it does not grow within the stack guard gap: SEGV_MAPERR");
	expect_eq(probe(g, 'w', 1), P_OK, "the mapping itself still works");
	rsys(SYS_munmap, h, 4 * MiB);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	probe_init();
	test_prot();
	test_errnos();
	test_shared();
	test_fixed();
	test_flags();
	return tap_done();
}
