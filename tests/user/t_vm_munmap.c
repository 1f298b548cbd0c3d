/*
 * tests/user/t_vm_munmap.c - munmap(2): the middle of a mapping (both
 * sides live, the middle faults with SEGV_MAPERR at the address touched,
 * and kills a child without a handler), its head and tail, a range across
 * several mappings and holes, unaligned lengths, ranges never mapped, a
 * mapping split by mprotect, a shared mapping unmapped in the parent only,
 * fresh zeros (never stale bytes) for a new mapping at a freed address, a
 * read right after munmap faulting even though the page was just read,
 * and EINVAL (length 0, unaligned, kernel addresses, wrap-around).
 *
 * Usage: t_vm_munmap [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 38

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

/* pages [from, to) of p fault with SEGV_MAPERR, first and last byte */
static int pages_gone(char *p, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		if (probe(p + i * PAGE, 'r', 0) != P_MAPERR ||
		    probe(p + i * PAGE + PAGE - 1, 'w', 1) != P_MAPERR)
			return 0;
	return 1;
}

/* n pages at a free address, page i filled with 'A' + i */
static char *filled(int n)
{
	char *p = map(0, n * PAGE, RW, ANON);
	int i;

	if (bad_map(p))
		return p;
	for (i = 0; i < n; i++)
		memset(p + i * PAGE, 'A' + i, PAGE);
	return p;
}

static void test_split(void)
{
	char *p, *h;
	int st;

	p = filled(8);
	expect_eq(rsys(SYS_munmap, p + 3 * PAGE, 2 * PAGE), 0, "munmap pages 3-4 of 8");
	ok(pages_hold(p, 0, 3), "pages 0-2 keep their bytes");
	ok(pages_hold(p, 5, 8), "pages 5-7 keep their bytes");
	expect_eq(probe(p + 3 * PAGE, 'r', 0), P_MAPERR, "a read of page 3: SEGV_MAPERR at that address");
	expect_eq(probe(p + 5 * PAGE - 1, 'r', 0), P_MAPERR, "a read of the last byte of page 4: SEGV_MAPERR");
	expect_eq(probe(p + 4 * PAGE + 8, 'w', 1), P_MAPERR, "a write there: SEGV_MAPERR");
	st = in_child(do_read, p + 4 * PAGE);
	expect_status(st, KILLED(SIGSEGV), "a child reading the hole dies of SIGSEGV");
	ok(probe(p + 2 * PAGE + PAGE - 1, 'w', 'C') == P_OK && probe(p + 5 * PAGE, 'w', 'F') == P_OK,
	   "the pages on both sides are still writable");

	expect_eq(rsys(SYS_munmap, p, PAGE), 0, "munmap the head page");
	ok(pages_gone(p, 0, 1) && pages_hold(p, 1, 3), "the head is gone, the rest stays");
	expect_eq(rsys(SYS_munmap, p + 7 * PAGE, PAGE), 0, "munmap the tail page");
	ok(pages_gone(p, 7, 8) && pages_hold(p, 5, 7), "the tail is gone, the rest stays");
	expect_eq(rsys(SYS_munmap, p, 8 * PAGE), 0, "munmap all 8 pages, across the holes");
	ok(pages_gone(p, 0, 8), "every page is gone");
	expect_eq(rsys(SYS_munmap, p, 8 * PAGE), 0, "munmap them again: 0");

	/* several mappings and the holes between them */
	h = hole(16 * PAGE);
	map(h + PAGE, 2 * PAGE, RW, ANON | MAP_FIXED);
	map(h + 5 * PAGE, 3 * PAGE, PROT_READ, ANON | MAP_FIXED);
	map(h + 9 * PAGE, 4 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED);
	probe(h + PAGE, 'w', 1);
	probe(h + 12 * PAGE, 'w', 1);
	expect_eq(rsys(SYS_munmap, h + 2 * PAGE, 9 * PAGE), 0,
		  "munmap across a private, a read-only and a shared mapping");
	ok(peek(h + PAGE) == 1 && pages_gone(h, 2, 11) && peek(h + 12 * PAGE) == 1,
	   "exactly that range is gone");
	rsys(SYS_munmap, h, 16 * PAGE);

	/* unaligned lengths round up */
	p = filled(4);
	expect_eq(rsys(SYS_munmap, p + PAGE, PAGE + 1), 0, "munmap one page plus one byte");
	ok(pages_hold(p, 0, 1) && pages_gone(p, 1, 3) && pages_hold(p, 3, 4), "takes two whole pages");
	expect_eq(rsys(SYS_munmap, p, 1), 0, "munmap 1 byte");
	ok(pages_gone(p, 0, 1) && pages_hold(p, 3, 4), "takes its page");
	rsys(SYS_munmap, p, 4 * PAGE);

	/* a mapping split by mprotect */
	p = filled(6);
	rsys(SYS_mprotect, p + 2 * PAGE, 2 * PAGE, PROT_READ);
	expect_eq(rsys(SYS_munmap, p + PAGE, 4 * PAGE), 0, "munmap across an mprotect split");
	ok(pages_hold(p, 0, 1) && pages_gone(p, 1, 5) && pages_hold(p, 5, 6), "both sides stay");
	rsys(SYS_munmap, p, 6 * PAGE);
}

static void test_errnos(void)
{
	char *p = filled(2);

	expect_eq(rsys(SYS_munmap, p, 0), -EINVAL, "munmap length 0: EINVAL");
	expect_eq(rsys(SYS_munmap, p + 1, PAGE), -EINVAL, "an unaligned address: EINVAL");
	expect_eq(rsys(SYS_munmap, p + 100, 0), -EINVAL, "unaligned, length 0: EINVAL");
	expect_eq(rsys(SYS_munmap, BAD_KERNEL, PAGE), -EINVAL, "a kernel address: EINVAL");
	expect_eq(rsys(SYS_munmap, 0x800000000000UL, PAGE), -EINVAL, "just past user space: EINVAL");
	expect_eq(rsys(SYS_munmap, p, -PAGE), -EINVAL, "a length that wraps around: EINVAL");
	expect_eq(rsys(SYS_munmap, p, 1UL << 47), -EINVAL, "a length past the end of user space: EINVAL");
	ok(pages_hold(p, 0, 2), "the mapping survived all that");
	expect_eq(rsys(SYS_munmap, hole(64 * PAGE), 64 * PAGE), 0, "a range never mapped: 0");
	expect_eq(rsys(SYS_munmap, PAGE, PAGE), 0, "page 1 (never mapped): 0");
	rsys(SYS_munmap, p, 2 * PAGE);
}

/* what munmap frees is never seen again */
static void test_stale(void)
{
	char *p, *q;
	int i, good;
	pid_t pid;
	int pfd[2];

	good = 1;
	for (i = 0; i < 200 && good; i++) {
		p = map(0, PAGE, RW, ANON);
		if (bad_map(p)) {
			good = 0;
			break;
		}
		p[100] = (char)(i | 1);
		if (peek(p + 100) != (i | 1))
			good = 0;
		rsys(SYS_munmap, p, PAGE);
		if (probe(p + 100, 'r', 0) != P_MAPERR)
			good = 0;
	}
	ok(good, "200 times: write, read, munmap, read again: SEGV_MAPERR every time");

	good = 1;
	for (i = 0; i < 200 && good; i++) {
		p = map(0, 2 * PAGE, RW, ANON);
		memset(p, 0xee, 2 * PAGE);
		rsys(SYS_munmap, p, 2 * PAGE);
		q = map(p, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE);
		if (q != p || peek(p) != 0 || peek(p + 2 * PAGE - 1) != 0)
			good = 0;
		rsys(SYS_munmap, q, 2 * PAGE);
	}
	ok(good, "200 times: a new mapping at a freed address is zeros, not the old bytes");

	/* a shared page unmapped by the parent lives on in the child */
	p = map(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	p[0] = 's';
	rsys(SYS_pipe, pfd);
	pid = fork();
	if (pid == 0) {
		char c;

		rsys(SYS_close, pfd[1]);
		if (read_all(pfd[0], &c, 1) != 1)
			_exit(3);
		_exit(p[0] == 't' ? 0 : 1);
	}
	rsys(SYS_close, pfd[0]);
	p[0] = 't';
	expect_eq(rsys(SYS_munmap, p, PAGE), 0, "the parent unmaps a shared page");
	expect_eq(probe(p, 'r', 0), P_MAPERR, "it is gone in the parent");
	rsys(SYS_write, pfd[1], "g", 1);
	rsys(SYS_close, pfd[1]);
	expect_status(reap(pid), EXITED(0), "the child still reads it, with the parent's last write");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	probe_init();
	test_split();
	test_errnos();
	test_stale();
	return tap_done();
}
