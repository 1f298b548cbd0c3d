/*
 * tests/user/t_vm_madvise.c - madvise(2) on anonymous memory:
 * MADV_DONTNEED gives zeros in a private mapping (only in the range
 * given, and only in the calling process after fork) but keeps a shared
 * mapping's bytes; MADV_WILLNEED, MADV_FREE, MADV_NORMAL, MADV_RANDOM,
 * MADV_SEQUENTIAL are accepted (after MADV_FREE a page holds its old bytes
 * or zeros, and a new write sticks); EINVAL (unknown advice, unaligned,
 * wrap-around), ENOMEM (a range not mapped, or with a hole: the mapped
 * part is still dropped, as Linux does).
 *
 * Usage: t_vm_madvise [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 39

#include "vm.h"

#ifndef MADV_FREE
#define MADV_FREE 8
#endif

static long madv(void *p, size_t len, int advice)
{
	return rsys(SYS_madvise, p, len, advice);
}

/* n pages, page i filled with 'A' + i */
static char *filled(int n, int flags)
{
	char *p = map(0, n * PAGE, RW, flags);
	int i;

	if (bad_map(p))
		return p;
	for (i = 0; i < n; i++)
		memset(p + i * PAGE, 'A' + i, PAGE);
	return p;
}

static void test_dontneed(void)
{
	char *p, *h;
	int pfd[2], st, i, good;
	pid_t pid;

	p = filled(8, ANON);
	expect_eq(madv(p + 2 * PAGE, 3 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on pages 2-4 of 8");
	ok(pages_zero(p, 2, 5), "they read as zeros");
	ok(pages_hold(p, 0, 2) && pages_hold(p, 5, 8), "the others keep their bytes");
	ok(probe(p + 3 * PAGE, 'w', 'n') == P_OK && peek(p + 3 * PAGE) == 'n', "the dropped pages are writable");
	expect_eq(madv(p, 8 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on all 8");
	ok(pages_zero(p, 0, 8), "all zeros");
	expect_eq(madv(p + PAGE, 100, MADV_DONTNEED), 0, "MADV_DONTNEED of 100 bytes: 0");
	rsys(SYS_munmap, p, 8 * PAGE);

	/* many rounds: write, drop, zeros */
	p = map(0, 64 * PAGE, RW, ANON);
	good = 1;
	for (i = 0; i < 50 && good; i++) {
		memset(p, i + 1, 64 * PAGE);
		if (madv(p, 64 * PAGE, MADV_DONTNEED) || !pages_zero(p, 0, 64))
			good = 0;
	}
	ok(good, "50 rounds of fill 64 pages, MADV_DONTNEED, zeros");
	rsys(SYS_munmap, p, 64 * PAGE);

	/* a read-only mapping */
	p = filled(2, ANON);
	rsys(SYS_mprotect, p, 2 * PAGE, PROT_READ);
	expect_eq(madv(p, 2 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on a PROT_READ mapping");
	ok(pages_zero(p, 0, 2), "zeros");
	rsys(SYS_munmap, p, 2 * PAGE);

	/* shared: the bytes stay (they belong to the shared object) */
	p = filled(4, MAP_SHARED | MAP_ANONYMOUS);
	expect_eq(madv(p, 4 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on a MAP_SHARED mapping");
	ok(pages_hold(p, 0, 4), "it keeps its bytes");
	rsys(SYS_munmap, p, 4 * PAGE);

	/* after fork: only the caller's copy is dropped */
	p = filled(4, ANON);
	rsys(SYS_pipe, pfd);
	pid = fork();
	if (pid == 0) {
		char c;

		if (read_all(pfd[0], &c, 1) != 1)
			_exit(3);
		if (!pages_hold(p, 0, 4))
			_exit(1);
		if (madv(p, 4 * PAGE, MADV_DONTNEED) || !pages_zero(p, 0, 4))
			_exit(2);
		_exit(0);
	}
	expect_eq(madv(p, 2 * PAGE, MADV_DONTNEED), 0, "after fork, the parent drops 2 of 4 pages");
	ok(pages_zero(p, 0, 2) && pages_hold(p, 2, 4), "the parent sees zeros there");
	rsys(SYS_write, pfd[1], "g", 1);
	st = reap(pid);
	expect_status(st, EXITED(0), "the child still has its copy, then drops it");
	ok(pages_hold(p, 2, 4), "and the parent's other pages stay");
	rsys(SYS_close, pfd[0]);
	rsys(SYS_close, pfd[1]);
	rsys(SYS_munmap, p, 4 * PAGE);

	/* a hole in the range: ENOMEM, the mapped pages are dropped all the same */
	h = hole(6 * PAGE);
	p = map(h, 2 * PAGE, RW, ANON | MAP_FIXED);
	memset(p, 'x', 2 * PAGE);
	map(h + 3 * PAGE, 2 * PAGE, RW, ANON | MAP_FIXED);
	memset(h + 3 * PAGE, 'y', 2 * PAGE);
	expect_eq(madv(h, 5 * PAGE, MADV_DONTNEED), -ENOMEM, "MADV_DONTNEED over a hole: ENOMEM");
	ok(pages_zero(h, 0, 2) && pages_zero(h, 3, 5), "the pages on both sides of the hole were dropped");
	rsys(SYS_munmap, h, 6 * PAGE);
}

static void test_others(void)
{
	char *p = filled(4, ANON), *h = hole(4 * PAGE);
	int i, good;

	expect_eq(madv(p, 4 * PAGE, MADV_WILLNEED), 0, "MADV_WILLNEED: 0");
	ok(pages_hold(p, 0, 4), "changes nothing");
	expect_eq(madv(p, 4 * PAGE, MADV_NORMAL), 0, "MADV_NORMAL: 0");
	expect_eq(madv(p, 4 * PAGE, MADV_RANDOM), 0, "MADV_RANDOM: 0");
	expect_eq(madv(p, 4 * PAGE, MADV_SEQUENTIAL), 0, "MADV_SEQUENTIAL: 0");
	ok(pages_hold(p, 0, 4), "none of them changes the bytes");
	expect_eq(madv(p, 4 * PAGE, MADV_FREE), 0, "MADV_FREE: 0");
	good = 1;
	for (i = 0; i < 4; i++) {
		int c = peek(p + i * PAGE + 9);

		if (c != 'A' + i && c != 0)
			good = 0;
	}
	ok(good, "after MADV_FREE each page holds its bytes or zeros");
	memset(p, 'f', 4 * PAGE);
	ok(peek(p) == 'f' && peek(p + 4 * PAGE - 1) == 'f', "a write after MADV_FREE sticks");
	expect_eq(madv(h, PAGE, MADV_WILLNEED), -ENOMEM, "MADV_WILLNEED on a range not mapped: ENOMEM");
	expect_eq(madv(h, PAGE, MADV_DONTNEED), -ENOMEM, "MADV_DONTNEED on a range not mapped: ENOMEM");
	expect_eq(madv(h, PAGE, MADV_NORMAL), -ENOMEM, "MADV_NORMAL on a range not mapped: ENOMEM");
	expect_eq(madv(p, PAGE, 999), -EINVAL, "advice 999: EINVAL");
	expect_eq(madv(p, PAGE, -1), -EINVAL, "advice -1: EINVAL");
	expect_eq(madv(p + 1, PAGE, MADV_DONTNEED), -EINVAL, "an unaligned address: EINVAL");
	expect_eq(madv(p + 1, 0, MADV_DONTNEED), -EINVAL, "unaligned, length 0: EINVAL");
	expect_eq(madv(p, -PAGE, MADV_DONTNEED), -EINVAL, "a length that wraps around: EINVAL");
	expect_eq(madv(p, 0, MADV_DONTNEED), 0, "length 0: 0");
	expect_eq(madv(h, 0, MADV_DONTNEED), 0, "length 0 on nothing mapped: 0");
	expect_eq(madv(h, 0, 999), -EINVAL, "length 0 with advice 999: EINVAL");
	ok(peek(p) == 'f' && peek(p + 4 * PAGE - 1) == 'f', "the mapping survived all that");
	rsys(SYS_munmap, p, 4 * PAGE);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	probe_init();
	test_dontneed();
	test_others();
	return tap_done();
}
