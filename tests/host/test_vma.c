/*
 * tests/host/test_vma.c - mm/mmap.c on the host, under ASan and UBSan:
 * the VMA tree and the mmap family of system calls (map, unmap, split,
 * merge, mprotect, mremap, brk, madvise, fork's copy, overcommit), with
 * the page tables and shared objects of tests/host/vma_host.c.
 *
 * After every step vma_host_check() walks the whole mm: tree order and
 * red-black rules, the list, nr_vmas, no overlap, no unmerged neighbours,
 * every rb_subtree_gap recomputed, the Vm* counters, pages only inside
 * VMAs with their protection, object reference counts, Committed_AS.
 * Layouts are compared as text: "0-4 rw-p 6-8 r--s" lists the VMAs, in
 * pages from BASE.  Every case ends with the mm freed and no allocation,
 * shared object or Committed_AS charge left behind.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "mm/page.h"
#include "mm/mman.h"
#include "mm/vm.h"
#include "tests/host/vma_host.h"

#define PROT_RW (PROT_READ | PROT_WRITE)

#define BASE 0x10000000ull        /* the tests' mappings, in pages from here */
#define TOP (BASE + 0x400000ull)  /* mmap_base: top-down placement starts below */
#define P(n) ((uint64_t)(n) * PAGE_SIZE)
#define AT(n) (BASE + P(n))

/* ---- the fixture ---- */

struct fixture {
	struct mm *mm;
	long allocs, shmems;
	int overcommit;
	struct vma_check opts;
	char layout[512];
};

static struct fixture fx;

static struct mm *setup(void)
{
	fx.allocs = vma_host_live_allocs();
	fx.shmems = vma_host_live_shmems();
	fx.overcommit = sysctl_overcommit_memory;
	sysctl_overcommit_memory = OVERCOMMIT_ALWAYS; /* charges counted, never refused */
	fx.opts = (struct vma_check){ .sole_user = true, .committed_base = (int64_t)vm_committed_pages() };
	vma_host_fail_countdown = -1;
	fx.mm = vma_host_mm(TOP);
	return fx.mm;
}

/* The mm is gone and took everything with it. */
static void teardown(struct ktest *t)
{
	int64_t base = fx.opts.committed_base;

	mm_put(fx.mm);
	fx.mm = NULL;
	vma_host_fail_countdown = -1;
	KTEST_EXPECT_EQ(t, vma_host_live_allocs(), fx.allocs);
	KTEST_EXPECT_EQ(t, vma_host_live_shmems(), fx.shmems);
	KTEST_EXPECT_EQ(t, vm_committed_pages(), base);
	sysctl_overcommit_memory = fx.overcommit;
}

#define CHECK_MM(t, mm)                                                                             \
	({                                                                                          \
		char _why[256];                                                                     \
		int _bad = vma_host_check(mm, &fx.opts, _why, sizeof(_why));                        \
		ktest_check(t, !_bad, __FILE__, __LINE__, "mm check: %s", _bad ? _why : "");       \
	})

/* "0-4 rw-p 6-8 r--s": the VMAs, in pages from BASE */
static const char *layout(struct mm *mm)
{
	struct vma *v;
	size_t n = 0;

	fx.layout[0] = 0;
	list_for_each_entry(v, &mm->vmas, list) {
		n += (size_t)snprintf(fx.layout + n, sizeof(fx.layout) - n, "%s%ld-%ld %c%c%c%c", n ? " " : "",
				      (long)((int64_t)(v->start - BASE) / (int64_t)PAGE_SIZE),
				      (long)((int64_t)(v->end - BASE) / (int64_t)PAGE_SIZE), v->flags & VM_READ ? 'r' : '-',
				      v->flags & VM_WRITE ? 'w' : '-', v->flags & VM_EXEC ? 'x' : '-',
				      v->flags & VM_SHARED ? 's' : 'p');
		if (n >= sizeof(fx.layout))
			break;
	}
	return fx.layout;
}

static int64_t map(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot, unsigned flags)
{
	if (!(flags & (MAP_SHARED | MAP_PRIVATE)))
		flags |= MAP_PRIVATE;
	return do_mmap(mm, addr, len, prot, flags | MAP_ANONYMOUS);
}

static int64_t map_fixed(struct mm *mm, uint64_t page, uint64_t pages, unsigned prot)
{
	return map(mm, AT(page), P(pages), prot, MAP_FIXED);
}

/* The contents of the page at va: its tag, 0 for the zero page, -1 if none. */
static int64_t page_tag(struct mm *mm, uint64_t va)
{
	const struct host_pte *e = vma_host_pte(mm, va);

	return e ? (int64_t)e->tag : -1;
}

static uint64_t tag_of(uint64_t va)
{
	return vma_host_tag_base | (va >> PAGE_SHIFT);
}

/* ---- map, unmap, split ---- */

static void test_map_unmap(struct ktest *t)
{
	struct mm *mm = setup();

	KTEST_EXPECT_EQ(t, map_fixed(mm, 0, 8, PROT_RW), AT(0));
	KTEST_EXPECT_STREQ(t, layout(mm), "0-8 rw-p");
	KTEST_EXPECT_EQ(t, mm->total_vm, 8);
	KTEST_EXPECT_EQ(t, vm_committed_pages() - fx.opts.committed_base, 8);
	struct vma *v = find_vma(mm, AT(3));
	KTEST_EXPECT(t, v && v->start == AT(0) && v->end == AT(8));
	KTEST_EXPECT(t, find_vma(mm, AT(8)) == NULL);
	KTEST_EXPECT(t, find_vma(mm, AT(0) - 1) == v); /* the first VMA ending above */

	/* a hole in the middle splits it */
	KTEST_EXPECT_EQ(t, do_munmap(mm, AT(2), P(2)), 0);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-2 rw-p 4-8 rw-p");
	KTEST_EXPECT_EQ(t, mm->nr_vmas, 2);
	/* across both, partly */
	KTEST_EXPECT_EQ(t, do_munmap(mm, AT(1), P(5)), 0);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-1 rw-p 6-8 rw-p");
	KTEST_EXPECT_EQ(t, vm_committed_pages() - fx.opts.committed_base, 3);
	CHECK_MM(t, mm);

	/* the argument checks: Linux's errnos */
	KTEST_EXPECT_EQ(t, do_munmap(mm, AT(0) + 1, P(1)), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, AT(0), 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, USER_TOP - P(1), P(2)), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, AT(100), P(10)), 0); /* nothing there: fine */
	KTEST_EXPECT_EQ(t, map(mm, AT(0), 0, PROT_RW, MAP_FIXED), -EINVAL);
	KTEST_EXPECT_EQ(t, map(mm, AT(0) + 1, P(1), PROT_RW, MAP_FIXED), -EINVAL);
	KTEST_EXPECT_EQ(t, map(mm, P(1), P(1), PROT_RW, MAP_FIXED), -EPERM); /* below mmap_min_addr */
	KTEST_EXPECT_EQ(t, map(mm, AT(0), P(1), PROT_RW, MAP_FIXED | MAP_SHARED | MAP_PRIVATE), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mmap(mm, AT(0), P(1), PROT_RW, MAP_PRIVATE | MAP_FIXED), -ENODEV); /* a file */
	KTEST_EXPECT_EQ(t, map(mm, USER_TOP - P(1), P(2), PROT_RW, MAP_FIXED), -ENOMEM);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-1 rw-p 6-8 rw-p");

	/* populated pages go with what is unmapped, and only those */
	KTEST_EXPECT_EQ(t, map(mm, AT(10), P(6), PROT_RW, MAP_FIXED | MAP_POPULATE), AT(10));
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(10), AT(16)), 6);
	KTEST_EXPECT_EQ(t, page_tag(mm, AT(12)), tag_of(AT(12)));
	KTEST_EXPECT_EQ(t, do_munmap(mm, AT(11), P(2)), 0);
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(10), AT(16)), 4);
	KTEST_EXPECT_EQ(t, page_tag(mm, AT(12)), -1);
	/* MAP_FIXED over populated pages: the old pages go */
	KTEST_EXPECT_EQ(t, map_fixed(mm, 13, 2, PROT_READ), AT(13));
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(10), AT(16)), 2);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-1 rw-p 6-8 rw-p 10-11 rw-p 13-15 r--p 15-16 rw-p");
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- merging ---- */

static void test_merge(struct ktest *t)
{
	struct mm *mm = setup();

	map_fixed(mm, 0, 4, PROT_RW);
	map_fixed(mm, 4, 4, PROT_RW);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-8 rw-p");
	map_fixed(mm, 10, 2, PROT_RW);
	map_fixed(mm, 8, 2, PROT_RW); /* fills the hole: three become one */
	KTEST_EXPECT_STREQ(t, layout(mm), "0-12 rw-p");
	map_fixed(mm, 12, 4, PROT_READ); /* other flags: not merged */
	KTEST_EXPECT_STREQ(t, layout(mm), "0-12 rw-p 12-16 r--p");
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(12), P(4), PROT_RW), 0);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-16 rw-p");
	map_fixed(mm, 2, 2, PROT_RW); /* replaced by the same kind: still one */
	KTEST_EXPECT_STREQ(t, layout(mm), "0-16 rw-p");
	KTEST_EXPECT_EQ(t, mm->nr_vmas, 1);
	CHECK_MM(t, mm);

	/* shared mappings have an object each: never merged with one another */
	KTEST_EXPECT_EQ(t, map(mm, AT(20), P(2), PROT_RW, MAP_FIXED | MAP_SHARED), AT(20));
	KTEST_EXPECT_EQ(t, map(mm, AT(22), P(2), PROT_RW, MAP_FIXED | MAP_SHARED), AT(22));
	KTEST_EXPECT_STREQ(t, layout(mm), "0-16 rw-p 20-22 rw-s 22-24 rw-s");
	/* MAP_NORESERVE is a flag of its own (modes 0 and 1) */
	KTEST_EXPECT_EQ(t, map(mm, AT(16), P(2), PROT_RW, MAP_FIXED | MAP_NORESERVE), AT(16));
	KTEST_EXPECT_EQ(t, mm->nr_vmas, 4);
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- mprotect ---- */

static void test_mprotect(struct ktest *t)
{
	struct mm *mm = setup();

	map(mm, AT(0), P(10), PROT_RW, MAP_FIXED | MAP_POPULATE);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(2), P(2), PROT_READ), 0);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-2 rw-p 2-4 r--p 4-10 rw-p");
	KTEST_EXPECT_EQ(t, vma_host_pte(mm, AT(3))->prot, VM_READ);
	KTEST_EXPECT_EQ(t, vma_host_pte(mm, AT(4))->prot, VM_READ | VM_WRITE);
	CHECK_MM(t, mm);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(0), P(10), PROT_RW), 0);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-10 rw-p");
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(0), AT(10)), 10); /* the pages stay */

	/* a hole: what comes before it is changed, then ENOMEM (as Linux) */
	do_munmap(mm, AT(5), P(1));
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(1), P(8), PROT_NONE), -ENOMEM);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-1 rw-p 1-5 ---p 6-10 rw-p");
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(5), P(2), PROT_READ), -ENOMEM); /* starts in the hole */
	KTEST_EXPECT_STREQ(t, layout(mm), "0-1 rw-p 1-5 ---p 6-10 rw-p");
	CHECK_MM(t, mm);

	/* argument checks */
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(0) + 8, P(1), PROT_READ), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(0), 0, PROT_READ), 0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(0), P(1), 0x10), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(0), P(1), PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(0), P(1), PROT_READ | PROT_GROWSDOWN), -EINVAL); /* not a stack */
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(0), P(1), PROT_READ | PROT_GROWSUP), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(20), P(1), PROT_READ), -ENOMEM); /* nothing there */
	KTEST_EXPECT_EQ(t, do_mprotect(mm, USER_TOP - P(1), P(2), PROT_READ), -ENOMEM);

	/* PROT_GROWSDOWN: from the start of the stack VMA */
	KTEST_EXPECT_EQ(t, map(mm, AT(30), P(4), PROT_RW, MAP_FIXED | MAP_GROWSDOWN), AT(30));
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(32), P(1), PROT_READ | PROT_GROWSDOWN), 0);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-1 rw-p 1-5 ---p 6-10 rw-p 30-33 r--p 33-34 rw-p");
	KTEST_EXPECT_EQ(t, mm->stack_vm, 4);
	CHECK_MM(t, mm);

	/* read-only private memory is not charged until made writable */
	int64_t before = (int64_t)vm_committed_pages();
	map_fixed(mm, 40, 4, PROT_READ);
	KTEST_EXPECT_EQ(t, (int64_t)vm_committed_pages() - before, 0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(41), P(2), PROT_RW), 0);
	KTEST_EXPECT_EQ(t, (int64_t)vm_committed_pages() - before, 2);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(41), P(2), PROT_READ), 0); /* stays charged (VM_ACCOUNT) */
	KTEST_EXPECT_EQ(t, (int64_t)vm_committed_pages() - before, 2);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-1 rw-p 1-5 ---p 6-10 rw-p 30-33 r--p 33-34 rw-p 40-41 r--p 41-43 r--p 43-44 r--p");
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- mremap ---- */

static void test_mremap(struct ktest *t)
{
	struct mm *mm = setup();

	map(mm, AT(0), P(4), PROT_RW, MAP_FIXED | MAP_POPULATE);
	/* shrink */
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(0), P(4), P(2), 0, 0), AT(0));
	KTEST_EXPECT_STREQ(t, layout(mm), "0-2 rw-p");
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(0), AT(4)), 2);
	/* grow in place */
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(0), P(2), P(6), 0, 0), AT(0));
	KTEST_EXPECT_STREQ(t, layout(mm), "0-6 rw-p");
	KTEST_EXPECT_EQ(t, mm->total_vm, 6);
	CHECK_MM(t, mm);
	/* no room above, may not move */
	map_fixed(mm, 8, 2, PROT_READ);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(0), P(6), P(10), 0, 0), -ENOMEM);
	/* may move: the pages go along */
	int64_t to = do_mremap(mm, AT(0), P(6), P(10), MREMAP_MAYMOVE, 0);
	KTEST_EXPECT_EQ(t, to, TOP - P(10)); /* the highest room below mmap_base */
	KTEST_EXPECT_EQ(t, page_tag(mm, (uint64_t)to + P(1)), tag_of(AT(1)));
	KTEST_EXPECT_EQ(t, page_tag(mm, (uint64_t)to + P(2)), -1);
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(0), AT(6)), 0);
	KTEST_EXPECT(t, find_vma(mm, AT(0))->start == AT(8));
	CHECK_MM(t, mm);

	/* MREMAP_FIXED replaces what is at the destination */
	KTEST_EXPECT_EQ(t, do_mremap(mm, (uint64_t)to, P(2), P(2), MREMAP_MAYMOVE | MREMAP_FIXED, AT(8)), AT(8));
	KTEST_EXPECT_EQ(t, page_tag(mm, AT(9)), tag_of(AT(1)));
	KTEST_EXPECT(t, find_vma(mm, AT(8))->flags & VM_WRITE);
	/* and DONTUNMAP leaves the source mapped, empty */
	int64_t dup = do_mremap(mm, AT(8), P(2), P(2), MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	KTEST_EXPECT(t, dup > 0 && (uint64_t)dup != AT(8));
	KTEST_EXPECT_EQ(t, page_tag(mm, (uint64_t)dup + P(1)), tag_of(AT(1)));
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(8), AT(10)), 0);
	KTEST_EXPECT(t, find_vma(mm, AT(8))->start == AT(8));
	CHECK_MM(t, mm);

	/* argument checks */
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(8), P(1), P(1), 8, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(8), P(1), P(1), MREMAP_FIXED, AT(20)), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(8), P(1), P(2), MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(8) + 1, P(1), P(2), 0, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(8), P(1), 0, 0, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(8), P(2), P(2), MREMAP_MAYMOVE | MREMAP_FIXED, AT(9)), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(30), P(1), P(2), MREMAP_MAYMOVE, 0), -EFAULT); /* nothing there */
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(30), P(1), P(1), 0, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(8), P(4), P(5), MREMAP_MAYMOVE, 0), -EFAULT); /* beyond the VMA */
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(8), 0, P(2), MREMAP_MAYMOVE, 0), -EINVAL); /* private: no duplicate */
	CHECK_MM(t, mm);

	/* a shared mapping duplicated by old_len 0: the same object */
	KTEST_EXPECT_EQ(t, map(mm, AT(40), P(2), PROT_RW, MAP_FIXED | MAP_SHARED | MAP_POPULATE), AT(40));
	int64_t alias = do_mremap(mm, AT(40), 0, P(2), MREMAP_MAYMOVE, 0);
	KTEST_EXPECT(t, alias > 0);
	if (alias > 0) {
		struct vma *a = find_vma(mm, AT(40)), *b = find_vma(mm, (uint64_t)alias);
		KTEST_EXPECT(t, a->shmem && a->shmem == b->shmem && a->shmem->refcount == 2);
		KTEST_EXPECT_EQ(t, b->pgoff, 0);
	}
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- brk ---- */

static void test_brk(struct ktest *t)
{
	struct mm *mm = setup();

	mm->start_brk = mm->brk = AT(100) + 0x10; /* byte granular */
	KTEST_EXPECT_EQ(t, do_brk(mm, 0), AT(100) + 0x10);          /* the query */
	KTEST_EXPECT_EQ(t, do_brk(mm, AT(100)), AT(100) + 0x10);    /* below start_brk: refused */
	KTEST_EXPECT_EQ(t, do_brk(mm, AT(103) + 5), AT(103) + 5);
	KTEST_EXPECT_STREQ(t, layout(mm), "101-104 rw-p");
	KTEST_EXPECT(t, find_vma(mm, AT(101))->flags & VM_HEAP);
	KTEST_EXPECT_EQ(t, do_brk(mm, AT(101) + 1), AT(101) + 1); /* shrink */
	KTEST_EXPECT_STREQ(t, layout(mm), "101-102 rw-p");
	CHECK_MM(t, mm);

	/* not into the next mapping, and a page is kept free below it */
	map_fixed(mm, 110, 2, PROT_READ);
	KTEST_EXPECT_EQ(t, do_brk(mm, AT(110)), AT(101) + 1);
	KTEST_EXPECT_EQ(t, do_brk(mm, AT(109) + 1), AT(101) + 1);
	KTEST_EXPECT_EQ(t, do_brk(mm, AT(109)), AT(109));
	KTEST_EXPECT_STREQ(t, layout(mm), "101-109 rw-p 110-112 r--p");
	/* RLIMIT_DATA */
	mm->data_limit = P(10);
	KTEST_EXPECT_EQ(t, do_brk(mm, AT(100) + P(11)), AT(109));
	KTEST_EXPECT_EQ(t, map(mm, 0, P(3), PROT_RW, 0), -ENOMEM); /* 8 + 3 data pages > 10 */
	KTEST_EXPECT(t, map(mm, 0, P(3), PROT_READ, 0) > 0);    /* not data */
	mm->data_limit = ~0ull;
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- get_unmapped_area: top-down, holes, guard gaps, hints ---- */

static void test_gap_search(struct ktest *t)
{
	struct mm *mm = setup();
	const uint64_t top = (TOP - BASE) / PAGE_SIZE; /* mmap_base, in pages from BASE */

	/* from mmap_base down: 10 mapped, a hole of 3, 7 mapped, a hole of 5, 5 mapped */
	map_fixed(mm, top - 10, 10, PROT_READ);
	map_fixed(mm, top - 20, 7, PROT_RW);
	map_fixed(mm, top - 30, 5, PROT_READ);
	KTEST_EXPECT_EQ(t, map(mm, 0, P(2), PROT_READ | PROT_EXEC, 0), TOP - P(12)); /* top of the first hole */
	KTEST_EXPECT_EQ(t, map(mm, 0, P(4), PROT_READ | PROT_EXEC, 0), TOP - P(24));
	KTEST_EXPECT_EQ(t, map(mm, 0, P(6), PROT_READ | PROT_EXEC, 0), TOP - P(36)); /* below them all */
	KTEST_EXPECT_EQ(t, map(mm, 0, P(1), PROT_READ | PROT_EXEC, 0), TOP - P(13)); /* what the 3-page hole has left */
	KTEST_EXPECT_EQ(t, map(mm, 0, P(1), PROT_READ | PROT_EXEC, 0), TOP - P(25));
	CHECK_MM(t, mm);
	/* a hint is taken when it is free, else top-down */
	KTEST_EXPECT_EQ(t, map(mm, AT(5), P(2), PROT_READ, 0), AT(5));
	KTEST_EXPECT_EQ(t, map(mm, AT(5), P(2), PROT_READ, 0), TOP - P(38));
	KTEST_EXPECT_EQ(t, map(mm, AT(7) + 123, P(1), PROT_READ, 0), AT(7)); /* rounded down */
	KTEST_EXPECT(t, find_vma(mm, AT(7))->start == AT(5));              /* and merged */
	KTEST_EXPECT_EQ(t, map(mm, 0x1000, P(1), PROT_READ, 0), MMAP_MIN_ADDR); /* raised to mmap_min_addr */
	/* MAP_FIXED_NOREPLACE */
	KTEST_EXPECT_EQ(t, map(mm, AT(6), P(4), PROT_READ, MAP_FIXED_NOREPLACE), -EEXIST);
	KTEST_EXPECT_EQ(t, map(mm, AT(9), P(1), PROT_READ, MAP_FIXED_NOREPLACE), AT(9));
	CHECK_MM(t, mm);

	/* a stack's guard gap is kept free: nothing lands in the 1 MiB below it */
	struct mm *m2 = vma_host_mm(TOP);
	KTEST_EXPECT_EQ(t, map(m2, TOP - P(1), P(1), PROT_RW, MAP_FIXED | MAP_GROWSDOWN), TOP - P(1));
	KTEST_EXPECT_EQ(t, map(m2, 0, P(1), PROT_READ, 0), TOP - P(1) - STACK_GUARD_GAP - P(1));
	KTEST_EXPECT_EQ(t, map(m2, TOP - P(3), P(1), PROT_READ, 0), TOP - P(1) - STACK_GUARD_GAP - P(2)); /* hint in the gap */
	char why[256];
	KTEST_EXPECT(t, vma_host_check(m2, NULL, why, sizeof(why)) == 0);
	mm_put(m2);

	/* MAP_32BIT: only [1 GiB, 2 GiB) */
	int64_t low = map(mm, 0, P(1), PROT_READ, MAP_32BIT);
	KTEST_EXPECT_EQ(t, low, GiB(2) - P(1));
	teardown(t);
}

/* Many VMAs: every top-down answer equals a plain scan of the list. */
static uint64_t naive_topdown(struct mm *mm, uint64_t len, uint64_t low, uint64_t high)
{
	uint64_t best = 0, prev_end = 0;
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, list) {
		uint64_t gs = MAX(prev_end, low), ge = MIN(v->start, high);
		if (ge > gs && ge - gs >= len)
			best = ge - len;
		prev_end = v->end;
	}
	uint64_t gs = MAX(prev_end, low);
	if (high > gs && high - gs >= len)
		best = high - len;
	return best;
}

static uint64_t rng_state = 42;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_gap_search_many(struct ktest *t)
{
	struct mm *mm = setup();
	uint64_t at = 0;
	unsigned failed = 0;

	/* 300 VMAs, alternating flags so that none merge, with holes of 0-40 pages */
	for (int i = 0; i < 300; i++) {
		at += rng() % 4 ? rng() % 40 : 0;
		uint64_t pages = 1 + rng() % 8;
		map_fixed(mm, at, pages, i % 2 ? PROT_READ : PROT_RW);
		at += pages;
	}
	KTEST_ASSERT(t, CHECK_MM(t, mm));
	mm->mmap_base = AT(at + 5);
	for (uint64_t len = 1; len <= 48 && !failed; len++) {
		uint64_t want = naive_topdown(mm, P(len), MMAP_MIN_ADDR, mm->mmap_base);
		int64_t got = map(mm, 0, P(len), PROT_EXEC, 0);
		if (!KTEST_EXPECT_EQ(t, got, want))
			failed++;
		if (got > 0)
			do_munmap(mm, (uint64_t)got, P(len));
		/* and with mmap_base among the VMAs */
		uint64_t high = AT(rng() % (at + 1));
		mm->mmap_base = high;
		want = naive_topdown(mm, P(len), MMAP_MIN_ADDR, high);
		got = map(mm, 0, P(len), PROT_EXEC, 0);
		if (want && !KTEST_EXPECT_EQ(t, got, want))
			failed++;
		if (got > 0)
			do_munmap(mm, (uint64_t)got, P(len));
		mm->mmap_base = AT(at + 5);
	}
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- madvise ---- */

static void test_madvise(struct ktest *t)
{
	struct mm *mm = setup();

	map(mm, AT(0), P(8), PROT_RW, MAP_FIXED | MAP_POPULATE);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(2), P(2), MADV_DONTNEED), 0);
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(0), AT(8)), 6);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-8 rw-p");
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(2), P(2), MADV_POPULATE_WRITE), 0);
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(mm, AT(0), AT(8)), 8);
	/* flags split the VMA; their opposite merges it back */
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(3), P(2), MADV_DONTFORK), 0);
	KTEST_EXPECT_EQ(t, mm->nr_vmas, 3);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(0), P(8), MADV_DOFORK), 0);
	KTEST_EXPECT_EQ(t, mm->nr_vmas, 1);
	CHECK_MM(t, mm);
	/* holes: the mapped parts are advised, then ENOMEM */
	map_fixed(mm, 10, 2, PROT_RW);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(6), P(8), MADV_DONTFORK), -ENOMEM);
	KTEST_EXPECT_EQ(t, mm->nr_vmas, 3);
	KTEST_EXPECT(t, find_vma(mm, AT(10))->flags & VM_DONTCOPY);
	KTEST_EXPECT(t, find_vma(mm, AT(6))->flags & VM_DONTCOPY);
	KTEST_EXPECT(t, !(find_vma(mm, AT(5))->flags & VM_DONTCOPY));
	/* errors */
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(0), P(1), 5), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(0) + 1, P(1), MADV_DONTNEED), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(0), P(1), MADV_REMOVE), -EINVAL); /* private */
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(0), 0, MADV_DONTNEED), 0);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(20), P(1), MADV_DONTNEED), -ENOMEM);
	map(mm, AT(30), P(2), PROT_RW, MAP_FIXED | MAP_SHARED);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(30), P(2), MADV_WIPEONFORK), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(30), P(2), MADV_REMOVE), 0);
	map_fixed(mm, 40, 2, PROT_READ);
	KTEST_EXPECT_EQ(t, do_madvise(mm, AT(40), P(2), MADV_POPULATE_WRITE), -ENOMEM);
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- fork ---- */

static void test_fork_copy(struct ktest *t)
{
	struct mm *mm = setup();

	map(mm, AT(0), P(4), PROT_RW, MAP_FIXED | MAP_POPULATE);
	map(mm, AT(4), P(2), PROT_READ, MAP_FIXED | MAP_POPULATE);
	map(mm, AT(10), P(2), PROT_RW, MAP_FIXED | MAP_SHARED | MAP_POPULATE);
	map(mm, AT(20), P(2), PROT_RW, MAP_FIXED | MAP_POPULATE);
	map(mm, AT(30), P(2), PROT_RW, MAP_FIXED | MAP_POPULATE);
	do_madvise(mm, AT(20), P(2), MADV_DONTFORK);
	do_madvise(mm, AT(30), P(2), MADV_WIPEONFORK);
	int64_t committed = (int64_t)vm_committed_pages();

	struct mm *child = mm_copy(mm);
	KTEST_ASSERT(t, child != NULL);
	child->mmap_base = TOP;
	KTEST_EXPECT_STREQ(t, layout(child), "0-4 rw-p 4-6 r--p 10-12 rw-s 30-32 rw-p");
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(child, AT(0), AT(12)), 8);
	KTEST_EXPECT_EQ(t, page_tag(child, AT(1)), tag_of(AT(1)));
	KTEST_EXPECT_EQ(t, vma_host_nr_ptes(child, AT(30), AT(32)), 0); /* wiped */
	KTEST_EXPECT_EQ(t, find_vma(mm, AT(10))->shmem->refcount, 2);
	KTEST_EXPECT_EQ(t, (int64_t)vm_committed_pages() - committed, 6); /* 4 + 2 private writable pages */
	char why[256];
	struct vma_check shared = { .committed_base = -1 };
	KTEST_EXPECT(t, vma_host_check(child, &shared, why, sizeof(why)) == 0);
	mm_put(child);
	KTEST_EXPECT_EQ(t, (int64_t)vm_committed_pages(), committed);

	/* a failed copy leaves nothing behind */
	long allocs = vma_host_live_allocs();
	for (long k = 0; k < 12; k++) {
		vma_host_fail_countdown = k;
		child = mm_copy(mm);
		if (child)
			mm_put(child);
		vma_host_fail_countdown = -1;
		KTEST_EXPECT_EQ(t, vma_host_live_allocs(), allocs);
		KTEST_EXPECT_EQ(t, (int64_t)vm_committed_pages(), committed);
	}
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- overcommit mode 2 ---- */

static void test_overcommit_never(struct ktest *t)
{
	struct mm *mm = setup();
	int ratio = sysctl_overcommit_ratio;

	sysctl_overcommit_memory = OVERCOMMIT_NEVER;
	sysctl_overcommit_ratio = 0; /* CommitLimit 0: nothing private and writable fits */
	int64_t base = fx.opts.committed_base;
	if (base) {
		ktest_skip(t, "Committed_AS is not 0 here");
		sysctl_overcommit_ratio = ratio;
		teardown(t);
		return;
	}
	KTEST_EXPECT_EQ(t, map_fixed(mm, 0, 2, PROT_RW), -ENOMEM);
	KTEST_EXPECT_EQ(t, map(mm, AT(0), P(2), PROT_RW, MAP_FIXED | MAP_SHARED), -ENOMEM); /* shmem is charged too */
	KTEST_EXPECT_EQ(t, map_fixed(mm, 0, 2, PROT_READ), AT(0));
	KTEST_EXPECT_EQ(t, do_mprotect(mm, AT(0), P(2), PROT_RW), -ENOMEM);
	KTEST_EXPECT_EQ(t, map(mm, AT(4), P(2), PROT_RW, MAP_FIXED | MAP_NORESERVE), -ENOMEM); /* ignored in mode 2 */
	KTEST_EXPECT_STREQ(t, layout(mm), "0-2 r--p");
	mm->start_brk = mm->brk = AT(50);
	KTEST_EXPECT_EQ(t, do_brk(mm, AT(52)), AT(50));
	CHECK_MM(t, mm);
	sysctl_overcommit_ratio = ratio;
	teardown(t);
}

/* ---- failures part way leave a consistent mm ---- */

static void test_failures(struct ktest *t)
{
	struct mm *mm = setup();
	char why[256];

	fx.opts.allow_unmerged = true; /* a split done before the failure may stay, as in Linux */
	for (long k = 0; k < 8; k++) {
		map(mm, AT(0), P(12), PROT_RW, MAP_FIXED | MAP_POPULATE);
		vma_host_fail_countdown = k;
		int err = do_mprotect(mm, AT(2), P(4), PROT_READ);
		KTEST_EXPECT(t, err == 0 || err == -ENOMEM);
		vma_host_fail_countdown = k;
		int64_t r = do_mremap(mm, AT(8), P(2), P(6), MREMAP_MAYMOVE, 0);
		KTEST_EXPECT(t, r > 0 || r == -ENOMEM);
		vma_host_fail_countdown = k;
		err = do_munmap(mm, AT(1), P(2));
		KTEST_EXPECT(t, err == 0 || err == -ENOMEM);
		vma_host_fail_countdown = -1;
		if (!KTEST_EXPECT(t, vma_host_check(mm, &fx.opts, why, sizeof(why)) == 0))
			ktest_print("    # after failure point %ld: %s\n", k, why);
		do_munmap(mm, AT(0), USER_TOP - AT(0));
	}
	KTEST_EXPECT(t, vma_host_injected > 0);
	teardown(t);
}

/* ---- regressions: bugs these tests found in mm/mmap.c ---- */

/*
 * vma_link() updated the next VMA's gap after rb_insert_augmented(): the
 * rebalancing's rotations had copied the next VMA's old (larger) gap
 * into a new subtree root, and the late update stopped at once (the next
 * VMA's own value was already right), leaving that root's rb_subtree_gap
 * too large.  Here: unmapping [13, 15) out of [13, 16) then mapping it
 * again rotates the new VMA above [15, 16).
 */
static void test_regress_gap_after_link(struct ktest *t)
{
	struct mm *mm = setup();

	map_fixed(mm, 0, 1, PROT_RW);
	map_fixed(mm, 6, 2, PROT_RW);
	map_fixed(mm, 10, 6, PROT_RW);
	do_munmap(mm, AT(11), P(2));
	CHECK_MM(t, mm);
	map_fixed(mm, 13, 2, PROT_READ);
	KTEST_EXPECT_STREQ(t, layout(mm), "0-1 rw-p 6-8 rw-p 10-11 rw-p 13-15 r--p 15-16 rw-p");
	CHECK_MM(t, mm);
	struct vma *v = find_vma(mm, AT(13));
	KTEST_EXPECT_EQ(t, v->rb_subtree_gap, P(2)); /* the widest gap at or below it: [11, 13) */
	teardown(t);
}

/*
 * mremap left a moved or grown VMA next to one it should have merged
 * with (mm/mmap.c's invariant, and what Linux's copy_vma does).
 */
static void test_regress_mremap_merges(struct ktest *t)
{
	struct mm *mm = setup();

	/* grown in place up to a VMA of the same kind */
	map_fixed(mm, 0, 2, PROT_RW);
	map_fixed(mm, 4, 2, PROT_RW);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(0), P(2), P(4), 0, 0), AT(0));
	KTEST_EXPECT_STREQ(t, layout(mm), "0-6 rw-p");
	/* moved next to one */
	map_fixed(mm, 10, 2, PROT_RW);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(10), P(2), P(2), MREMAP_MAYMOVE | MREMAP_FIXED, AT(6)), AT(6));
	KTEST_EXPECT_STREQ(t, layout(mm), "0-8 rw-p");
	/* and with DONTUNMAP: the copy joins its new neighbour, the source stays */
	map_fixed(mm, 20, 2, PROT_RW);
	KTEST_EXPECT_EQ(t, do_mremap(mm, AT(20), P(2), P(2), MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, AT(8)),
			AT(8));
	KTEST_EXPECT_STREQ(t, layout(mm), "0-10 rw-p 20-22 rw-p");
	CHECK_MM(t, mm);
	teardown(t);
}

/*
 * mremap(addr, 0, ...) of a shared mapping from inside it: move_vma()
 * then "unmapped" the empty old range, and unmap_range() with start ==
 * end split the source VMA at addr (two VMAs that should be one) and
 * asked free_pgtables() to free an empty range.
 */
static void test_regress_mremap_dup_inside(struct ktest *t)
{
	struct mm *mm = setup();

	KTEST_EXPECT_EQ(t, map(mm, AT(40), P(4), PROT_RW, MAP_FIXED | MAP_SHARED), AT(40));
	int64_t alias = do_mremap(mm, AT(41), 0, P(2), MREMAP_MAYMOVE, 0);
	KTEST_ASSERT(t, alias > 0);
	struct vma *src = find_vma(mm, AT(41)), *dup = find_vma(mm, (uint64_t)alias);
	KTEST_EXPECT(t, src->start == AT(40) && src->end == AT(44)); /* not split at 41 */
	KTEST_EXPECT_EQ(t, dup->pgoff, 1);
	KTEST_EXPECT_EQ(t, mm->nr_vmas, 2);
	CHECK_MM(t, mm);
	teardown(t);
}

/* ---- a long random run, the checker after every step ---- */

static void test_random_ops(struct ktest *t)
{
	struct mm *mm = setup();
	char why[256];

	mm->start_brk = mm->brk = AT(200);
	mm->mmap_base = AT(256);
	for (int i = 0; i < 4000; i++) {
		uint64_t a = AT(rng() % 256), len = P(1 + rng() % 24);
		unsigned prot = (unsigned)(rng() % 8);
		switch (rng() % 9) {
		case 0: map(mm, a, len, prot, MAP_FIXED | (rng() % 4 ? 0 : MAP_SHARED)); break;
		case 1: map(mm, rng() % 2 ? a : 0, len, prot, rng() % 8 ? 0 : MAP_GROWSDOWN); break;
		case 2: do_munmap(mm, a, len); break;
		case 3: do_mprotect(mm, a, len, prot); break;
		case 4: do_mremap(mm, a, len, P(1 + rng() % 24), (unsigned)(rng() % 8), AT(rng() % 256)); break;
		case 5: do_brk(mm, AT(200) + rng() % P(40)); break;
		case 6: do_madvise(mm, a, len, (int)(rng() % 26)); break;
		case 7: map(mm, a, len, prot, MAP_FIXED | MAP_POPULATE); break;
		case 8: do_mprotect(mm, a, len, prot | PROT_GROWSDOWN); break;
		}
		if (vma_host_check(mm, &fx.opts, why, sizeof(why))) {
			ktest_check(t, false, __FILE__, __LINE__, "step %d: %s", i, why);
			break;
		}
	}
	KTEST_EXPECT(t, mm->nr_vmas > 0);
	teardown(t);
}

KTEST_SUITE(vma, 0,
	    KTEST_CASE(test_map_unmap),
	    KTEST_CASE(test_merge),
	    KTEST_CASE(test_mprotect),
	    KTEST_CASE(test_mremap),
	    KTEST_CASE(test_brk),
	    KTEST_CASE(test_gap_search),
	    KTEST_CASE(test_gap_search_many),
	    KTEST_CASE(test_madvise),
	    KTEST_CASE(test_fork_copy),
	    KTEST_CASE(test_overcommit_never),
	    KTEST_CASE(test_failures),
	    KTEST_CASE(test_regress_gap_after_link),
	    KTEST_CASE(test_regress_mremap_merges),
	    KTEST_CASE(test_regress_mremap_dup_inside),
	    KTEST_CASE(test_random_ops));
