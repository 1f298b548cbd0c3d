/*
 * tests/user/t_vm_brk.c - brk(2): query, grow, shrink and re-grow (the
 * re-grown pages are zeros again), the page granularity of the break,
 * 100 rounds of grow/fill/shrink, a 64 MiB heap, refused requests (below
 * the start, into another mapping, into the stack) that return the old
 * break, and the break across fork (the child's heap is a copy, its brk
 * calls do not move the parent's).  Faults are checked with a SIGSEGV
 * handler (si_code, si_addr) or by a child's death.
 *
 * Usage: t_vm_brk [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 39

#include "vm.h"

static void no_core(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
	reset_signals();
}

static int do_read(void *p)
{
	no_core();
	return *(volatile char *)p + 100;
}

static unsigned long sbrk_(long delta)
{
	unsigned long cur = rsys(SYS_brk, 0);

	return rsys(SYS_brk, cur + delta);
}

static unsigned long brk_(unsigned long to)
{
	return rsys(SYS_brk, to);
}

int main(int argc, char **argv)
{
	unsigned long base, B, r;
	char *b;
	int good, i, st;
	pid_t pid;

	tap_init(argc, argv, PLAN);
	probe_init();

	base = brk_(0);
	ok(base > 0 && base < 0x800000000000UL, "brk(0): the current break");
	expect_eq(brk_(0), base, "again: the same");
	B = (base + PAGE - 1) & ~(PAGE - 1);
	b = (char *)B;

	/* grow */
	expect_eq(brk_(B + MiB), B + MiB, "grow by 1 MiB: the new break");
	good = 1;
	for (i = 0; good && i < (int)(MiB / PAGE); i++)
		good = peek(b + i * PAGE) == 0 && peek(b + i * PAGE + PAGE - 1) == 0;
	ok(good, "the new pages read as zeros");
	for (i = 0; good && i < (int)(MiB / PAGE); i++)
		good = probe(b + i * PAGE + 7, 'w', i + 1) == P_OK;
	ok(good, "they are writable");
	expect_eq(probe(b + MiB, 'r', 0), P_MAPERR, "the page at the break is not mapped: SEGV_MAPERR");

	/* shrink to the middle of the second page */
	expect_eq(brk_(B + PAGE + 100), B + PAGE + 100, "shrink to an unaligned break: returned as asked");
	expect_eq(brk_(0), B + PAGE + 100, "and read back");
	ok(peek(b + 7) == 1 && peek(b + PAGE + 7) == 2, "the pages below it keep their bytes");
	expect_eq(probe(b + PAGE + 4000, 'r', 0), P_OK, "the rest of the break's page is still there");
	expect_eq(probe(b + 2 * PAGE, 'r', 0), P_MAPERR, "the next page is gone: SEGV_MAPERR");
	expect_eq(probe(b + MiB - 1, 'r', 0), P_MAPERR, "the old last page is gone too");
	st = in_child(do_read, b + 3 * PAGE);
	expect_status(st, KILLED(SIGSEGV), "a child reading there dies of SIGSEGV");

	/* grow again: zeros, not the old bytes */
	expect_eq(brk_(B + MiB), B + MiB, "grow by 1 MiB again");
	good = 1;
	for (i = 2; good && i < (int)(MiB / PAGE); i++)
		good = peek(b + i * PAGE + 7) == 0;
	ok(good, "the re-grown pages are zeros, not the old bytes");
	ok(peek(b + 7) == 1 && peek(b + PAGE + 7) == 2, "the kept pages still hold theirs");

	/* 100 rounds */
	good = 1;
	for (i = 0; i < 100 && good; i++) {
		unsigned long len = (i % 7 + 1) * 64 * 1024, off;

		if (brk_(B + len) != B + len) {
			good = 0;
			break;
		}
		for (off = 0; off < len; off += PAGE)
			if (peek(b + off + 11) != 0 || probe(b + off + 11, 'w', 0x33) != P_OK)
				good = 0;
		if (brk_(B) != B)
			good = 0;
	}
	ok(good, "100 rounds of grow, check zeros, write every page, shrink to the start");

	/* a 64 MiB heap */
	expect_eq(brk_(B + 64 * MiB), B + 64 * MiB, "grow by 64 MiB");
	ok(probe(b, 'w', 'f') == P_OK && probe(b + 64 * MiB - 1, 'w', 'l') == P_OK &&
		   peek(b + 32 * MiB) == 0,
	   "its first, middle and last pages work");
	expect_eq(brk_(B), B, "and shrink back");
	expect_eq(probe(b + 32 * MiB, 'r', 0), P_MAPERR, "the middle is gone");

	/* refused: the old break comes back */
	expect_eq(brk_(1), B, "brk(1), below the start: refused, the old break");
	expect_eq(brk_(base - 64 * MiB), B, "64 MiB below the start: refused");
	expect_eq(brk_(0x7fffffffe000UL), B, "up to the stack: refused");
	expect_eq(brk_(0x800000000000UL), B, "past user space: refused");
	expect_eq(brk_((unsigned long)BAD_KERNEL), B, "a kernel address: refused");
	expect_eq(brk_(-PAGE), B, "the top of the address space: refused");
	expect_eq(sbrk_(0), B, "and the break did not move");

	/* a mapping in the way */
	r = rsys(SYS_mmap, B + 4 * MiB, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
	ok(r == B + 4 * MiB && probe((void *)r, 'w', 'm') == P_OK, "a mapping 4 MiB above the break");
	expect_eq(brk_(B + 8 * MiB), B, "brk over it: refused, the old break");
	expect_eq(brk_(B + 4 * MiB + PAGE), B, "brk to its end: refused");
	ok(peek((void *)r) == 'm', "the mapping is untouched");
	expect_eq(brk_(B + MiB), B + MiB, "brk below it: fine");
	expect_eq(brk_(B), B, "back to the start");
	rsys(SYS_munmap, r, PAGE);

	/* fork: the child's heap is a copy */
	brk_(B + 2 * PAGE);
	b[0] = 'P';
	b[PAGE] = 'Q';
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (brk_(0) != B + 2 * PAGE || b[0] != 'P' || b[PAGE] != 'Q')
			bad |= 1;
		b[0] = 'c';
		if (brk_(B + 8 * PAGE) != B + 8 * PAGE)
			bad |= 2;
		b[7 * PAGE] = 'x';
		_exit(bad);
	}
	st = reap(pid);
	expect_status(st, EXITED(0), "the child has the parent's break and heap, and grows its own");
	ok(peek(b) == 'P' && peek(b + PAGE) == 'Q', "its writes stay in the child");
	expect_eq(brk_(0), B + 2 * PAGE, "the parent's break did not move");
	expect_eq(probe(b + 7 * PAGE, 'r', 0), P_MAPERR, "the child's new heap is not the parent's");

	expect_eq(brk_(base), base, "back to the first break");
	return tap_done();
}
