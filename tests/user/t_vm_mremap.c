/*
 * tests/user/t_vm_mremap.c - mremap(2) of anonymous memory: grow in place
 * (the bytes kept, the new pages zeros), shrink (the tail unmapped),
 * MREMAP_MAYMOVE when the next page is taken (the bytes moved, pages never
 * touched still zeros, the old range unmapped, the protection kept),
 * MREMAP_FIXED (onto a free range and over a mapping), part of a
 * mapping, a forked child's copy (the parent's untouched), a shared
 * mapping moved (still shared with the child), and the errnos: EINVAL
 * (unknown flags, MREMAP_FIXED without MREMAP_MAYMOVE, unaligned, new
 * length 0, overlapping MREMAP_FIXED), ENOMEM (cannot grow without
 * MREMAP_MAYMOVE, no room), EFAULT (old range not mapped or not one
 * mapping).
 *
 * Usage: t_vm_mremap [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 51

#include "vm.h"

#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

static long mremap_(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	return rsys(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

/* n pages at p, page i filled with 'A' + i (mapped with MAP_FIXED when p) */
static char *filled_at(char *p, int n, int flags)
{
	int i;

	p = map(p, n * PAGE, RW, flags | (p ? MAP_FIXED : 0));
	if (bad_map(p))
		return p;
	for (i = 0; i < n; i++)
		memset(p + i * PAGE, 'A' + i, PAGE);
	return p;
}

static int pages_gone(char *p, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		if (probe(p + i * PAGE, 'r', 0) != P_MAPERR || probe(p + i * PAGE + PAGE - 1, 'r', 0) != P_MAPERR)
			return 0;
	return 1;
}

static void test_resize(void)
{
	char *h, *p, *q;
	long r;

	/* grow in place: 2 pages at the bottom of a free 8-page range */
	h = hole(8 * PAGE);
	p = filled_at(h, 2, ANON);
	r = mremap_(p, 2 * PAGE, 6 * PAGE, 0, NULL);
	expect_eq(r, (long)p, "grow 2 pages to 6 in place: the same address");
	ok(pages_hold(p, 0, 2), "the old pages keep their bytes");
	ok(pages_zero(p, 2, 6), "the new pages are zeros");
	ok(probe(p + 6 * PAGE - 1, 'w', 1) == P_OK, "and writable");
	expect_eq(probe(p + 6 * PAGE, 'r', 0), P_MAPERR, "the page after the new end is not mapped");

	/* shrink */
	r = mremap_(p, 6 * PAGE, 3 * PAGE, 0, NULL);
	expect_eq(r, (long)p, "shrink 6 pages to 3: the same address");
	ok(pages_hold(p, 0, 2) && pages_zero(p, 2, 3), "the first 3 pages are kept");
	ok(pages_gone(p, 3, 6), "the last 3 are unmapped");
	r = mremap_(p, 3 * PAGE, PAGE + 1, MREMAP_MAYMOVE, NULL);
	expect_eq(r, (long)p, "shrink to 1 page + 1 byte (with MREMAP_MAYMOVE): in place");
	ok(pages_hold(p, 0, 2) && pages_gone(p, 2, 3), "2 pages remain");

	/* the next page is taken: ENOMEM without MREMAP_MAYMOVE */
	map(p + 2 * PAGE, PAGE, PROT_READ, ANON | MAP_FIXED);
	r = mremap_(p, 2 * PAGE, 4 * PAGE, 0, NULL);
	expect_eq(r, -ENOMEM, "grow into a mapping without MREMAP_MAYMOVE: ENOMEM");
	ok(pages_hold(p, 0, 2) && peek(p + 2 * PAGE) == 0, "both mappings are untouched");

	/* MREMAP_MAYMOVE: moved */
	rsys(SYS_mprotect, p + PAGE, PAGE, PROT_READ); /* a split, two protections */
	rsys(SYS_mprotect, p + PAGE, PAGE, RW);        /* and back: one mapping again */
	q = (char *)mremap_(p, 2 * PAGE, 64 * PAGE, MREMAP_MAYMOVE, NULL);
	ok(!bad_map(q) && q != p, "grow into a mapping with MREMAP_MAYMOVE: moved");
	ok(pages_hold(q, 0, 2), "the bytes moved with it");
	ok(pages_zero(q, 2, 64), "the new pages are zeros");
	ok(probe(q + 63 * PAGE, 'w', 1) == P_OK, "and writable");
	ok(pages_gone(p, 0, 2), "the old address is unmapped");
	ok(peek(p + 2 * PAGE) == 0, "the mapping in the way is untouched");
	rsys(SYS_munmap, h, 8 * PAGE);

	/* pages never touched move as zeros; the protection moves */
	p = map(0, 8 * PAGE, PROT_READ, ANON);
	q = (char *)mremap_(p, 8 * PAGE, 8 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, hole(16 * PAGE));
	ok(!bad_map(q) && pages_zero(q, 0, 8), "untouched PROT_READ pages moved with MREMAP_FIXED: zeros");
	expect_eq(probe(q + PAGE, 'w', 1), P_ACCERR, "still PROT_READ");
	rsys(SYS_munmap, q, 8 * PAGE);

	/* MREMAP_FIXED over a mapping replaces it */
	p = filled_at(NULL, 3, ANON);
	q = map(0, 4 * PAGE, RW, ANON);
	memset(q, 'q', 4 * PAGE);
	r = mremap_(p, 3 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, q + PAGE);
	expect_eq(r, (long)(q + PAGE), "MREMAP_FIXED over a mapping: exactly there");
	ok(pages_hold(q + PAGE, 0, 3), "the moved bytes replaced the old ones");
	ok(peek(q) == 'q', "the page before is untouched");
	ok(pages_gone(p, 0, 3), "the old range is unmapped");
	rsys(SYS_munmap, q, 4 * PAGE);

	/* part of a mapping */
	p = filled_at(NULL, 4, ANON);
	r = mremap_(p, PAGE, 2 * PAGE, 0, NULL);
	expect_eq(r, -ENOMEM, "growing the first page of 4 in place: ENOMEM (the next is in use)");
	q = (char *)mremap_(p + PAGE, 2 * PAGE, 8 * PAGE, MREMAP_MAYMOVE, NULL);
	ok(!bad_map(q) && peek(q) == 'B' && peek(q + PAGE) == 'C' && pages_zero(q, 2, 8),
	   "pages 1-2 of 4 moved and grown");
	ok(pages_hold(p, 0, 1) && pages_gone(p, 1, 3) && pages_hold(p, 3, 4),
	   "the hole is where they were, the rest stays");
	r = mremap_(p, PAGE, 3 * PAGE, 0, NULL);
	expect_eq(r, (long)p, "page 0 grown in place into that hole");
	ok(pages_hold(p, 0, 1) && pages_zero(p, 1, 3) && pages_hold(p, 3, 4), "with zeros in it");
	rsys(SYS_munmap, p, 4 * PAGE);
	rsys(SYS_munmap, q, 8 * PAGE);

	/* big */
	p = map(0, 16 * MiB, RW, ANON);
	p[0] = 1;
	p[16 * MiB - 1] = 2;
	q = (char *)mremap_(p, 16 * MiB, 64 * MiB, MREMAP_MAYMOVE, NULL);
	ok(!bad_map(q) && peek(q) == 1 && peek(q + 16 * MiB - 1) == 2 && peek(q + 8 * MiB) == 0 &&
		   peek(q + 64 * MiB - 1) == 0,
	   "16 MiB grown to 64 MiB: ends kept, the rest zeros");
	rsys(SYS_munmap, q, 64 * MiB);
}

static void test_fork(void)
{
	int pfd[2], st;
	char *p, *q, c;
	pid_t pid;

	/* a child moves its copy: the parent's stays */
	p = filled_at(NULL, 4, ANON);
	pid = fork();
	if (pid == 0) {
		char *m = (char *)mremap_(p, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED,
					  hole(32 * PAGE));

		if (bad_map(m) || !pages_hold(m, 0, 4))
			_exit(1);
		m[0] = 'z';
		_exit(pages_gone(p, 0, 4) ? 0 : 2);
	}
	st = reap(pid);
	expect_status(st, EXITED(0), "a forked child moves its copy of 4 pages");
	ok(pages_hold(p, 0, 4), "the parent's pages are untouched");
	rsys(SYS_munmap, p, 4 * PAGE);

	/* a shared mapping moved by the parent is still shared with the child */
	p = map(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	p[0] = 's';
	rsys(SYS_pipe, pfd);
	pid = fork();
	if (pid == 0) {
		rsys(SYS_close, pfd[1]);
		if (read_all(pfd[0], &c, 1) != 1)
			_exit(3);
		_exit(p[0] == 'm' && p[PAGE] == 'n' ? 0 : 1);
	}
	rsys(SYS_close, pfd[0]);
	q = (char *)mremap_(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, hole(8 * PAGE));
	ok(!bad_map(q) && peek(q) == 's', "the parent moves a shared mapping");
	probe(q, 'w', 'm');
	probe(q + PAGE, 'w', 'n');
	rsys(SYS_write, pfd[1], "g", 1);
	rsys(SYS_close, pfd[1]);
	expect_status(reap(pid), EXITED(0), "its writes at the new address reach the child");
	rsys(SYS_munmap, q, 2 * PAGE);
}

static void test_errnos(void)
{
	char *p = filled_at(NULL, 2, ANON), *h = hole(8 * PAGE);
	long r;

	expect_eq(mremap_(p, PAGE, 2 * PAGE, 8, NULL), -EINVAL, "an unknown flag (8): EINVAL");
	expect_eq(mremap_(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE | 0x100, NULL), -EINVAL,
		  "an unknown flag with MREMAP_MAYMOVE: EINVAL");
	expect_eq(mremap_(p, PAGE, 2 * PAGE, MREMAP_FIXED, h), -EINVAL,
		  "MREMAP_FIXED without MREMAP_MAYMOVE: EINVAL");
	expect_eq(mremap_(p + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL), -EINVAL,
		  "an unaligned old address: EINVAL");
	expect_eq(mremap_(p, PAGE, 0, MREMAP_MAYMOVE, NULL), -EINVAL, "new length 0: EINVAL");
	expect_eq(mremap_(p, PAGE, -1UL, MREMAP_MAYMOVE, NULL), -EINVAL,
		  "new length -1 (rounds up to 0): EINVAL");
	expect_eq(mremap_(p, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, h + 1), -EINVAL,
		  "MREMAP_FIXED to an unaligned address: EINVAL");
	expect_eq(mremap_(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p + PAGE), -EINVAL,
		  "MREMAP_FIXED onto an overlapping range: EINVAL");
	expect_eq(mremap_(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL), -EINVAL,
		  "MREMAP_DONTUNMAP with a change of size: EINVAL");
	expect_eq(mremap_(h, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL), -EFAULT,
		  "old range not mapped: EFAULT");
	expect_eq(mremap_(h, PAGE, PAGE, 0, NULL), -EFAULT, "old range not mapped, same size: EFAULT");
	expect_eq(mremap_(p, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE, NULL), -EFAULT,
		  "old range running past the end of its mapping: EFAULT");
	expect_eq(mremap_(BAD_KERNEL, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL), -EFAULT,
		  "a kernel address: EFAULT");
	r = mremap_(p, 2 * PAGE, 1UL << 47, MREMAP_MAYMOVE, NULL);
	ok(r == -EINVAL || r == -ENOMEM,
	   "grow to 128 TiB, longer than user space: EINVAL (Linux 6.18; ENOMEM in 6.1)");
	expect_eq(mremap_(p, 2 * PAGE, 0x7ffffffff000UL, MREMAP_MAYMOVE, NULL), -ENOMEM,
		  "grow to all of user space: ENOMEM");
	ok(pages_hold(p, 0, 2), "the mapping survived all that");
	expect_eq(mremap_(p, 2 * PAGE, 2 * PAGE, 0, NULL), (long)p, "same size, no flags: the same address");
	rsys(SYS_munmap, p, 2 * PAGE);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	probe_init();
	test_resize();
	test_fork();
	test_errnos();
	return tap_done();
}
