/*
 * tests/kernel/test_fail_alloc.c - the fault injector (mm/fail_alloc.c) and
 * the error paths of the address-space operations under it (test=fail_alloc).
 *
 * The injector: probability 0 never fails, 100 always does, the rate
 * matches in between, a seed gives one sequence, interval and times pick
 * exactly which calls fail, the boot context is spared, and every
 * allocation entry point (alloc_pages' inline fast path included,
 * kmalloc, kmem_cache_alloc) honours it.
 *
 * The error paths, deterministically (the regression tests of the bugs
 * fault injection found): on an address space built here, fail the N-th
 * slab or page allocation of an operation, for N = 1, 2, ... until it
 * needs fewer: each run must end in success or -ENOMEM with the address
 * space as the result says (moved or not, mapped or not, bytes intact), and
 * once it is freed, not a page or a slab object may be missing.
 *
 * The cases set the global fail_page_alloc and failslab (with
 * all_contexts, since nothing here is a user process) and put everything
 * back before they return; the other CPUs are idle while suites run.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/fail_alloc.h"
#include "mm/mm_internal.h"
#include "mm/slab.h"
#include "mm/vm.h"

/* Linux's ABI values (mm/mmap.c keeps its own copies private) */
#define T_PROT_READ 0x1
#define T_PROT_WRITE 0x2
#define T_MAP_SHARED 0x01
#define T_MAP_PRIVATE 0x02
#define T_MAP_ANONYMOUS 0x20
#define T_MREMAP_MAYMOVE 1

#define PPM(percent) ((uint32_t)((percent) * FAIL_PPM_PER_PERCENT))

static struct fault_attr test_attr = { .name = "test", .salt = 0x7465737400ull, .interval = 1, .times = -1 };

/* How many of `calls` decisions said fail. */
static unsigned long count_failures(struct fault_attr *a, unsigned long calls)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < calls; i++)
		n += should_fail(a, 0);
	return n;
}

static void test_probability_0_and_100(struct ktest *t)
{
	fault_attr_set(&test_attr, 0, 1, -1);
	KTEST_EXPECT_EQ(t, count_failures(&test_attr, 100000), 0);
	KTEST_EXPECT_EQ(t, test_attr.calls, 100000);
	fault_attr_set(&test_attr, FAIL_PPM_MAX, 1, -1);
	KTEST_EXPECT_EQ(t, count_failures(&test_attr, 10000), 10000);
	fault_attr_set(&test_attr, PPM(100), 1, -1);
	KTEST_EXPECT_EQ(t, count_failures(&test_attr, 10000), 10000);
}

/* Within 10 % of the expected count (more than 4 standard deviations at these sizes). */
static void expect_rate(struct ktest *t, uint32_t ppm, unsigned long calls)
{
	fault_attr_set(&test_attr, ppm, 1, -1);
	unsigned long got = count_failures(&test_attr, calls);
	unsigned long want = (unsigned long)((uint64_t)calls * ppm / FAIL_PPM_MAX);
	ktest_check(t, got + want / 10 >= want && got <= want + want / 10, __FILE__, __LINE__,
		    "probability %u ppm over %lu calls: %lu failures, want %lu +- 10%%", ppm, calls, got, want);
}

static void test_rate_matches(struct ktest *t)
{
	uint64_t seed = fail_alloc_get_seed();

	for (uint64_t s = 1; s <= 3; s++) {
		fail_alloc_set_seed(s * 1000003);
		expect_rate(t, PPM(1), 300000);
		expect_rate(t, PPM(1) / 2, 400000);
		expect_rate(t, PPM(25), 20000);
	}
	fail_alloc_set_seed(seed);
}

/* 2048 decisions at 10 %, as bits. */
static void record(uint64_t bits[32])
{
	fault_attr_set(&test_attr, PPM(10), 1, -1);
	for (unsigned i = 0; i < 2048; i++) {
		if (!(i % 64))
			bits[i / 64] = 0;
		bits[i / 64] |= (uint64_t)should_fail(&test_attr, 0) << (i % 64);
	}
}

static void test_same_seed_same_sequence(struct ktest *t)
{
	uint64_t seed = fail_alloc_get_seed(), a[32], b[32], c[32];

	fail_alloc_set_seed(42);
	record(a);
	record(b); /* fault_attr_set restarted the sequence */
	KTEST_EXPECT(t, !memcmp(a, b, sizeof(a)));
	fail_alloc_set_seed(43);
	record(c);
	KTEST_EXPECT(t, memcmp(a, c, sizeof(a)) != 0);
	fail_alloc_set_seed(42);
	record(c);
	KTEST_EXPECT(t, !memcmp(a, c, sizeof(a)));
	/* the two kinds draw different sequences from one seed */
	struct fault_attr other = test_attr;
	other.salt++;
	fault_attr_set(&other, PPM(10), 1, -1);
	unsigned diff = 0;
	for (unsigned i = 0; i < 2048; i++)
		diff += should_fail(&other, 0) != (int)((a[i / 64] >> (i % 64)) & 1);
	KTEST_EXPECT(t, diff > 0);
	fail_alloc_set_seed(seed);
}

static void test_interval_and_times(struct ktest *t)
{
	unsigned long failed_at[8], n = 0;

	fault_attr_set(&test_attr, FAIL_PPM_MAX, 7, 3);
	uint64_t before = test_attr.failures;
	for (unsigned long call = 1; call <= 100; call++)
		if (should_fail(&test_attr, 0) && n < ARRAY_SIZE(failed_at))
			failed_at[n++] = call;
	KTEST_ASSERT(t, n == 3);
	KTEST_EXPECT_EQ(t, failed_at[0], 7);
	KTEST_EXPECT_EQ(t, failed_at[1], 14);
	KTEST_EXPECT_EQ(t, failed_at[2], 21);
	KTEST_EXPECT_EQ(t, test_attr.times, 0);
	KTEST_EXPECT_EQ(t, test_attr.failures - before, 3);
	/* the N-th call exactly: what the sweeps below use */
	fault_attr_set(&test_attr, FAIL_PPM_MAX, 5, 1);
	n = 0;
	for (unsigned long call = 1; call <= 50; call++)
		if (should_fail(&test_attr, 0))
			failed_at[n++] = call;
	KTEST_EXPECT_EQ(t, n, 1);
	KTEST_EXPECT_EQ(t, failed_at[0], 5);
}

static void test_parse_percent(struct ktest *t)
{
	static const struct {
		const char *s;
		int err;
		uint32_t ppm;
	} cases[] = {
		{ "0", 0, 0 },          { "1", 0, 10000 },         { "0.5", 0, 5000 },   { "100", 0, 1000000 },
		{ "12.3456", 0, 123456 }, { "0.0001", 0, 1 },       { "7\n", 0, 70000 },  { " 2 ", 0, 20000 },
		{ "100.0", 0, 1000000 },  { "101", -EINVAL, 0 },    { "100.0001", -EINVAL, 0 },
		{ "1.23456", -EINVAL, 0 }, { "", -EINVAL, 0 },      { ".5", -EINVAL, 0 }, { "1.", -EINVAL, 0 },
		{ "x", -EINVAL, 0 },      { "-1", -EINVAL, 0 },     { "1%", -EINVAL, 0 }, { "99999999999", -EINVAL, 0 },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		uint32_t ppm = 0xdead;
		int err = fail_parse_percent(cases[i].s, strlen(cases[i].s), &ppm);
		ktest_check(t, err == cases[i].err && (err || ppm == cases[i].ppm), __FILE__, __LINE__,
			    "\"%s\": got %d, %u ppm", cases[i].s, err, ppm);
	}
}

/* ---- the allocators under the global settings ---- */

struct saved {
	struct fault_attr page, slab;
};

static void save(struct saved *s)
{
	s->page = fail_page_alloc;
	s->slab = failslab;
}

static void set_global(struct fault_attr *a, uint32_t ppm, unsigned long interval, long times)
{
	a->all_contexts = true;
	fault_attr_set(a, ppm, interval, times);
}

static void restore(const struct saved *s)
{
	fail_page_alloc.all_contexts = s->page.all_contexts;
	failslab.all_contexts = s->slab.all_contexts;
	fault_attr_set(&fail_page_alloc, s->page.probability, s->page.interval, s->page.times);
	fault_attr_set(&failslab, s->slab.probability, s->slab.interval, s->slab.times);
}

static unsigned long free_now(void)
{
	drain_all_pages();
	return nr_free_pages() + nr_pcp_pages();
}

/* Boot and kernel threads are no user process: spared whatever the probability. */
static void test_boot_context_spared(struct ktest *t)
{
	struct saved s;

	save(&s);
	fault_attr_set(&fail_page_alloc, FAIL_PPM_MAX, 1, -1);
	fault_attr_set(&failslab, FAIL_PPM_MAX, 1, -1);
	uint64_t failures = fail_page_alloc.failures + failslab.failures;
	struct page *p = alloc_page(GFP_KERNEL);
	void *o = kmalloc(64, GFP_KERNEL);
	restore(&s);
	KTEST_EXPECT(t, p != NULL);
	KTEST_EXPECT(t, o != NULL);
	KTEST_EXPECT_EQ(t, fail_page_alloc.failures + failslab.failures, failures);
	if (p)
		__free_page(p);
	kfree(o);
}

static void test_allocators_fail(struct ktest *t)
{
	struct saved s;
	unsigned long free_before = free_now();
	struct kmem_cache *cache = kmem_cache_create("fail_alloc_test", 200, 0);

	KTEST_ASSERT(t, cache);
	save(&s);
	set_global(&fail_page_alloc, FAIL_PPM_MAX, 1, -1);
	KTEST_EXPECT_EQ(t, fail_page_alloc_on, true);
	struct page *p0 = alloc_page(GFP_KERNEL);             /* the inline per-CPU fast path */
	struct page *p3 = alloc_pages(GFP_KERNEL | __GFP_ZERO, 3);
	unsigned long va = __get_free_pages(GFP_KERNEL, 1);
	void *big = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);        /* beyond the slabs: pages */
	uint64_t page_failures = fail_page_alloc.failures;
	restore(&s);
	KTEST_EXPECT(t, !p0 && !p3 && !va && !big);
	KTEST_EXPECT_EQ(t, page_failures - s.page.failures, 4);

	set_global(&failslab, FAIL_PPM_MAX, 1, -1);
	void *k = kmalloc(100, GFP_KERNEL);
	void *z = kzalloc(24, GFP_KERNEL);
	void *c = kmem_cache_alloc(cache, GFP_KERNEL);
	void *pages_ok = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);  /* not a slab: failslab leaves it */
	restore(&s);
	KTEST_EXPECT(t, !k && !z && !c);
	KTEST_EXPECT(t, pages_ok != NULL);
	kfree(pages_ok);

	/* times=1: the first fails, the next succeed, and the fast path is back */
	set_global(&failslab, FAIL_PPM_MAX, 1, 1);
	void *first = kmalloc(64, GFP_KERNEL), *second = kmalloc(64, GFP_KERNEL);
	bool slab_on_after = failslab_on;
	restore(&s);
	KTEST_EXPECT(t, !first && second);
	KTEST_EXPECT(t, !slab_on_after);
	kfree(second);
	kmem_cache_destroy(cache);
	KTEST_EXPECT_EQ(t, free_now(), free_before);
}

/* ---- error paths of the address-space operations ---- */

#define BASE 0x40000000ull
#define NPAGES 16
#define HBASE 0x80000000ull /* a 2 MiB-aligned range for a transparent huge page */
#define T_MADV_POPULATE_WRITE 23

enum { WITH_SHARED = 1, WITH_HUGE = 2 };

struct space {
	struct mm *mm;
	uint64_t shared; /* a MAP_SHARED mapping, or 0 */
	bool huge;       /* HBASE holds a huge page */
};

static unsigned long objects_now(void)
{
	return nr_slab_objects();
}

static uint8_t marker(uint64_t va)
{
	return (uint8_t)(va >> PAGE_SHIFT) ^ 0x5a;
}

/*
 * BASE: NPAGES private pages, each holding its marker; with WITH_SHARED a
 * shared mapping too (markers), with WITH_HUGE a MADV_HUGEPAGE range at
 * HBASE populated by one 2 MiB page (zeros) if the allocator has one.
 */
static int space_build(struct space *sp, unsigned with)
{
	sp->mm = mm_alloc();
	sp->shared = 0;
	sp->huge = false;
	if (!sp->mm)
		return -ENOMEM;
	int err = vma_add(sp->mm, BASE, BASE + NPAGES * PAGE_SIZE, VM_READ | VM_WRITE);
	for (unsigned i = 0; !err && i < NPAGES; i++) {
		uint64_t va = BASE + i * PAGE_SIZE;
		struct page *page = mm_get_page(sp->mm, va);
		if (!page)
			err = -ENOMEM;
		else
			memset(page_address(page), marker(va), PAGE_SIZE);
	}
	if (!err && (with & WITH_HUGE)) {
		err = vma_add(sp->mm, HBASE, HBASE + HPAGE_SIZE, VM_READ | VM_WRITE | VM_HUGEPAGE);
		if (!err)
			err = do_madvise(sp->mm, HBASE, HPAGE_SIZE, T_MADV_POPULATE_WRITE);
		sp->huge = sp->mm->nr_huge == 1;
	}
	if (!err && (with & WITH_SHARED)) {
		int64_t at = do_mmap(sp->mm, 0, 4 * PAGE_SIZE, T_PROT_READ | T_PROT_WRITE, T_MAP_SHARED | T_MAP_ANONYMOUS);
		if (at < 0)
			err = (int)at;
		else
			sp->shared = (uint64_t)at;
		for (unsigned i = 0; !err && i < 4; i++) {
			uint64_t va = sp->shared + i * PAGE_SIZE;
			struct page *page = mm_get_page(sp->mm, va);
			if (!page)
				err = -ENOMEM;
			else
				memset(page_address(page), marker(va), PAGE_SIZE);
		}
	}
	return err;
}

/* Is [va, va + pages) readable and all zeros? */
static bool holds_zeros(struct mm *mm, uint64_t va, unsigned pages)
{
	static uint8_t buf[PAGE_SIZE];

	for (unsigned i = 0; i < pages; i++) {
		if (access_remote_vm(mm, va + i * PAGE_SIZE, buf, PAGE_SIZE) != PAGE_SIZE)
			return false;
		for (unsigned j = 0; j < PAGE_SIZE; j++)
			if (buf[j])
				return false;
	}
	return true;
}

/* Does [va, va + pages) read back its markers, as if it were at `was`? */
static bool holds_markers(struct mm *mm, uint64_t va, uint64_t was, unsigned pages)
{
	static uint8_t buf[PAGE_SIZE];

	for (unsigned i = 0; i < pages; i++) {
		if (access_remote_vm(mm, va + i * PAGE_SIZE, buf, PAGE_SIZE) != PAGE_SIZE)
			return false;
		for (unsigned j = 0; j < PAGE_SIZE; j += 511)
			if (buf[j] != marker(was + i * PAGE_SIZE))
				return false;
	}
	return true;
}

static bool mapped(struct mm *mm, uint64_t va)
{
	struct vma *v = find_vma(mm, va);
	return v && v->start <= va;
}

/*
 * The sweep: fail allocation n of kind (1, 2, ...) in op until op needs
 * fewer; op checks its own outcome.  After each run the space is freed:
 * free pages and slab objects must be where they were.
 */
typedef void (*space_op)(struct ktest *t, struct space *sp, unsigned n);

static unsigned sweep(struct ktest *t, struct fault_attr *kind, space_op op, unsigned with, const char *what)
{
	struct saved s;
	unsigned n;

	save(&s);
	for (n = 1; n < 2000; n++) {
		unsigned long free_before = free_now(), objects_before = objects_now();
		struct space sp;
		bool built = space_build(&sp, with) == 0 && (sp.huge || !(with & WITH_HUGE));
		uint64_t failures = kind->failures;
		if (built) {
			set_global(kind, FAIL_PPM_MAX, n, 1);
			op(t, &sp, n);
			restore(&s);
		}
		if (sp.mm)
			mm_put(sp.mm);
		unsigned long free_after = free_now(), objects_after = objects_now();
		if (!ktest_check(t, built && free_after == free_before && objects_after == objects_before, __FILE__,
				 __LINE__, "%s, %s allocation %u failed: %+ld pages, %+ld slab objects", what, kind->name,
				 n, (long)(free_after - free_before), (long)(objects_after - objects_before)))
			break;
		if (kind->failures == failures)
			break; /* op made fewer than n allocations: each has failed once */
	}
	restore(&s);
	return n - 1; /* allocations failed, one per run */
}

/* mremap moving 2 pages out of the middle of a VMA (two splits, a new VMA, page tables). */
static void op_mremap_move(struct ktest *t, struct space *sp, unsigned n)
{
	uint64_t old = BASE + 4 * PAGE_SIZE;
	int64_t r = do_mremap(sp->mm, old, 2 * PAGE_SIZE, 6 * PAGE_SIZE, T_MREMAP_MAYMOVE, 0);

	if (r == -ENOMEM) {
		ktest_check(t, mapped(sp->mm, old) && holds_markers(sp->mm, old, old, 2), __FILE__, __LINE__,
			    "mremap failed (allocation %u): the old range must be as it was", n);
		return;
	}
	ktest_check(t, r > 0 && !mapped(sp->mm, old) && !mapped(sp->mm, old + PAGE_SIZE) &&
			       holds_markers(sp->mm, (uint64_t)r, old, 2),
		    __FILE__, __LINE__, "mremap returned %ld (allocation %u failed): the old range must be gone",
		    (long)r, n);
	ktest_check(t, mapped(sp->mm, old - PAGE_SIZE) && mapped(sp->mm, old + 2 * PAGE_SIZE), __FILE__, __LINE__,
		    "mremap (allocation %u failed): the pages around the old range stay", n);
}

static void test_mremap_move_error_paths(struct ktest *t)
{
	KTEST_EXPECT(t, sweep(t, &failslab, op_mremap_move, 0, "mremap") >= 3); /* 2 splits, the new VMA */
	KTEST_EXPECT(t, sweep(t, &fail_page_alloc, op_mremap_move, 0, "mremap") >= 1); /* tables there */
}

/* munmap of a page in the middle: a split, then page tables freed. */
static void op_munmap_middle(struct ktest *t, struct space *sp, unsigned n)
{
	uint64_t va = BASE + 5 * PAGE_SIZE;
	int r = do_munmap(sp->mm, va, PAGE_SIZE);

	ktest_check(t, (r == 0 && !mapped(sp->mm, va)) || (r == -ENOMEM && holds_markers(sp->mm, va, va, 1)),
		    __FILE__, __LINE__, "munmap returned %d (allocation %u failed)", r, n);
	ktest_check(t, holds_markers(sp->mm, BASE, BASE, 5) && holds_markers(sp->mm, va + PAGE_SIZE, va + PAGE_SIZE, 10),
		    __FILE__, __LINE__, "munmap (allocation %u failed): the other pages are intact", n);
}

/* mprotect of a page in the middle: two splits. */
static void op_mprotect_middle(struct ktest *t, struct space *sp, unsigned n)
{
	uint64_t va = BASE + 7 * PAGE_SIZE;
	int r = do_mprotect(sp->mm, va, PAGE_SIZE, T_PROT_READ);
	struct vma *v = find_vma(sp->mm, va);

	ktest_check(t, (r == 0 && v && !(v->flags & VM_WRITE)) || (r == -ENOMEM && v && (v->flags & VM_WRITE)),
		    __FILE__, __LINE__, "mprotect returned %d (allocation %u failed)", r, n);
	ktest_check(t, holds_markers(sp->mm, BASE, BASE, NPAGES), __FILE__, __LINE__,
		    "mprotect (allocation %u failed): every page intact", n);
}

static void test_munmap_mprotect_error_paths(struct ktest *t)
{
	KTEST_EXPECT(t, sweep(t, &failslab, op_munmap_middle, 0, "munmap") >= 1);
	KTEST_EXPECT(t, sweep(t, &failslab, op_mprotect_middle, 0, "mprotect") >= 2);
}

/* fork's copy: private pages copy-on-write, a shared mapping shared. */
static void op_mm_copy(struct ktest *t, struct space *sp, unsigned n)
{
	struct mm *copy = mm_copy(sp->mm);

	ktest_check(t, holds_markers(sp->mm, BASE, BASE, NPAGES) && holds_markers(sp->mm, sp->shared, sp->shared, 4),
		    __FILE__, __LINE__, "fork (allocation %u failed): the parent's memory is intact", n);
	if (!copy)
		return;
	ktest_check(t, holds_markers(copy, BASE, BASE, NPAGES) && holds_markers(copy, sp->shared, sp->shared, 4),
		    __FILE__, __LINE__, "fork (allocation %u failed): the child has the same bytes", n);
	mm_put(copy);
}

static void test_fork_copy_error_paths(struct ktest *t)
{
	KTEST_EXPECT(t, sweep(t, &failslab, op_mm_copy, WITH_SHARED, "mm_copy") >= 3); /* the mm, its VMAs */
	KTEST_EXPECT(t, sweep(t, &fail_page_alloc, op_mm_copy, WITH_SHARED, "mm_copy") >= 4); /* pgd, tables */
}

/* munmap of one page inside a huge page: the split needs a page table. */
static void op_munmap_in_huge(struct ktest *t, struct space *sp, unsigned n)
{
	uint64_t va = HBASE + 3 * PAGE_SIZE;
	int r = do_munmap(sp->mm, va, PAGE_SIZE);

	/* on failure the huge page may be split already: allowed, the split of a
	 * VMA comes after that of its huge pages (what is split stays split) */
	ktest_check(t, (r == 0 && !mapped(sp->mm, va) && sp->mm->nr_huge == 0) || (r == -ENOMEM && mapped(sp->mm, va)),
		    __FILE__, __LINE__, "munmap in a huge page returned %d (allocation %u failed), %lu huge", r, n,
		    (unsigned long)sp->mm->nr_huge);
	ktest_check(t, holds_zeros(sp->mm, HBASE, 3) && holds_zeros(sp->mm, va + PAGE_SIZE, 4), __FILE__, __LINE__,
		    "munmap in a huge page (allocation %u failed): the rest still reads", n);
}

/* fork with a huge page: the copy splits it first (a huge page is never shared). */
static void op_mm_copy_huge(struct ktest *t, struct space *sp, unsigned n)
{
	struct mm *copy = mm_copy(sp->mm);

	ktest_check(t, holds_zeros(sp->mm, HBASE, 4) && holds_markers(sp->mm, BASE, BASE, NPAGES), __FILE__,
		    __LINE__, "fork with a huge page (allocation %u failed): the parent's memory reads", n);
	if (copy) {
		ktest_check(t, copy->nr_huge == 0 && sp->mm->nr_huge == 0 && holds_zeros(copy, HBASE, 4), __FILE__,
			    __LINE__, "fork with a huge page (allocation %u failed): split on both sides", n);
		mm_put(copy);
	}
}

static void test_huge_page_error_paths(struct ktest *t)
{
	struct space sp;
	bool huge = space_build(&sp, WITH_HUGE) == 0 && sp.huge;

	if (sp.mm)
		mm_put(sp.mm);
	if (!huge) {
		ktest_skip(t, "no 2 MiB page to be had (transparent_hugepage=never, or memory too fragmented)");
		return;
	}
	KTEST_EXPECT(t, sweep(t, &fail_page_alloc, op_munmap_in_huge, WITH_HUGE, "munmap in a huge page") >= 1);
	KTEST_EXPECT(t, sweep(t, &failslab, op_munmap_in_huge, WITH_HUGE, "munmap in a huge page") >= 1);
	KTEST_EXPECT(t, sweep(t, &fail_page_alloc, op_mm_copy_huge, WITH_HUGE, "mm_copy with a huge page") >= 1);
}

KTEST_SUITE(fail_alloc, 0,
	    KTEST_CASE(test_probability_0_and_100),
	    KTEST_CASE(test_rate_matches),
	    KTEST_CASE(test_same_seed_same_sequence),
	    KTEST_CASE(test_interval_and_times),
	    KTEST_CASE(test_parse_percent),
	    KTEST_CASE(test_boot_context_spared),
	    KTEST_CASE(test_allocators_fail),
	    KTEST_CASE(test_mremap_move_error_paths),
	    KTEST_CASE(test_munmap_mprotect_error_paths),
	    KTEST_CASE(test_fork_copy_error_paths),
	    KTEST_CASE(test_huge_page_error_paths));
