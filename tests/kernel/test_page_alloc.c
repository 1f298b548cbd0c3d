/*
 * tests/kernel/test_page_alloc.c - the page allocator through its public
 * interface: exhaustion and exact recovery, zeroing, alignment, zone
 * fallback, per-CPU list thresholds, and bad frees being caught.
 *
 * Runs in the kernel on real memory (test=page_alloc; the harness also
 * boots it with mem=64M) and on the host over simulated memory with all
 * three zones, where SETUP() boots a fresh simulated machine per case.
 */
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/mm_internal.h"

#ifdef LOM_HOST_TEST
#include "tests/host/sim_mem.h"
#define SETUP() sim_boot_default()
#else
#define SETUP() ((void)0)
#endif

struct free_snapshot {
	unsigned long free_pages;
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
};

static void snapshot(struct free_snapshot *s)
{
	drain_all_pages();
	s->free_pages = nr_free_pages();
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			s->nr_free[z][o] = zones[z].free_area[o].nr_free;
}

/* After freeing everything: the very same free blocks as before (full merge). */
static void expect_same_free_areas(struct ktest *t, const struct free_snapshot *before)
{
	struct free_snapshot after;

	snapshot(&after);
	KTEST_EXPECT_EQ(t, after.free_pages, before->free_pages);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			if (!ktest_check(t, after.nr_free[z][o] == before->nr_free[z][o], __FILE__, __LINE__,
					 "zone %s order %d: %lu free blocks, %lu before", zones[z].name, o,
					 after.nr_free[z][o], before->nr_free[z][o]))
				return;
	KTEST_EXPECT_EQ(t, nr_pcp_pages(), 0);
	KTEST_EXPECT_EQ(t, buddy_check(), 0);
}

static void free_list(struct list_head *list, unsigned order)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, list, lru) {
		list_del(&page->lru);
		__free_pages(page, order);
	}
}

static unsigned long sum_watermarks(enum zone_watermark w)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zones[z].watermark[w];
	return n;
}

static void test_boot_state(struct ktest *t)
{
	SETUP();
	KTEST_EXPECT_EQ(t, buddy_check(), 0);
	KTEST_EXPECT(t, nr_free_pages() + nr_pcp_pages() <= nr_managed_pages());
	KTEST_EXPECT(t, nr_free_pages() > 0);
	KTEST_EXPECT(t, sizeof(struct page) <= 64);
#ifdef LOM_HOST_TEST
	KTEST_EXPECT_EQ(t, nr_free_pages(), sim_expected_free_pages());
	KTEST_EXPECT_EQ(t, nr_managed_pages(), sim_expected_free_pages());
#endif
}

static void test_exhaust_and_restore(struct ktest *t)
{
	struct free_snapshot before;
	LIST_HEAD(held);
	unsigned long normal = 0, atomic = 0;
	struct page *page;

	SETUP();
	snapshot(&before);
	while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0))) {
		list_add(&page->lru, &held);
		normal++;
	}
	/* GFP_KERNEL stops at the min watermarks; GFP_ATOMIC may go below them */
	KTEST_EXPECT(t, nr_free_pages() <= sum_watermarks(WMARK_MIN));
	while ((page = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0))) {
		list_add(&page->lru, &held);
		atomic++;
	}
	KTEST_EXPECT(t, nr_free_pages() <= sum_watermarks(WMARK_MIN) / 2 + MAX_NR_ZONES);
	KTEST_EXPECT(t, sum_watermarks(WMARK_MIN) < 4 || atomic > 0);
	KTEST_EXPECT_EQ(t, normal + atomic + nr_free_pages() + nr_pcp_pages(), before.free_pages);
	KTEST_EXPECT(t, alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0) == NULL);
	free_list(&held, 0);
	expect_same_free_areas(t, &before);
}

static void test_gfp_zero(struct ktest *t)
{
	SETUP();
	for (int round = 0; round < 16; round++) {
		unsigned order = round % 4;
		struct page *dirty = alloc_pages(GFP_KERNEL, order);
		KTEST_ASSERT(t, dirty);
		memset(page_address(dirty), 0xab, PAGE_SIZE << order);
		__free_pages(dirty, order);

		struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		KTEST_ASSERT(t, page);
		const uint64_t *w = page_address(page);
		size_t nonzero = 0;
		for (size_t i = 0; i < (PAGE_SIZE << order) / 8; i++)
			nonzero += w[i] != 0;
		KTEST_EXPECT_EQ(t, nonzero, 0);
		__free_pages(page, order);
	}
}

static void test_orders_and_alignment(struct ktest *t)
{
	struct free_snapshot before;

	SETUP();
	snapshot(&before);
	for (unsigned order = 0; order < MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		if (!ktest_check(t, page != NULL, __FILE__, __LINE__, "order %u allocation failed", order))
			continue;
		KTEST_EXPECT_EQ(t, page_to_pfn(page) & ((1ul << order) - 1), 0);
		KTEST_EXPECT_EQ(t, page->refcount, 1);
		KTEST_EXPECT_EQ(t, page->order, order);
		KTEST_EXPECT(t, !(page->flags & (PG_reserved | PG_buddy)));
		__free_pages(page, order);
	}
	KTEST_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER) == NULL);
	KTEST_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 40) == NULL); /* no shift past the bitmap */
	KTEST_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 64) == NULL);
	unsigned long va = __get_free_pages(GFP_KERNEL, 2);
	KTEST_EXPECT(t, va != 0 && IS_ALIGNED(va, PAGE_SIZE));
	free_pages(va, 2);
	expect_same_free_areas(t, &before);
}

static void test_zone_limits(struct ktest *t)
{
	SETUP();
	for (int i = 0; i < 64; i++) {
		struct page *dma = alloc_pages(GFP_DMA, i % 3);
		struct page *dma32 = alloc_pages(GFP_DMA32, i % 3);
		KTEST_ASSERT(t, dma && dma32);
		KTEST_EXPECT(t, page_to_pfn(dma) < ZONE_DMA_END_PFN);
		KTEST_EXPECT(t, page_to_pfn(dma32) < ZONE_DMA32_END_PFN);
		__free_pages(dma, i % 3);
		__free_pages(dma32, i % 3);
	}
}

/* The highest populated zone serves first; only when it is down to its
 * low watermark does allocation fall back to the next one down. */
static void test_zone_fallback(struct ktest *t)
{
	struct free_snapshot before;
	LIST_HEAD(held);
	int top = ZONE_NORMAL;
	struct page *page;

	SETUP();
	while (top > 0 && !zones[top].managed_pages)
		top--;
	if (top == 0) {
		ktest_skip(t, "only one populated zone (boot with more than 16 MiB)");
		return;
	}
	snapshot(&before);
	while ((page = alloc_pages(GFP_KERNEL, 0)) && page->zone == top)
		list_add(&page->lru, &held);
	KTEST_ASSERT(t, page != NULL);
	KTEST_EXPECT(t, page->zone < top); /* from a lower zone (the next one may be low too) */
	KTEST_EXPECT(t, zones[top].free_pages <= zones[top].watermark[WMARK_LOW]);
	list_add(&page->lru, &held);
	free_list(&held, 0);
	expect_same_free_areas(t, &before);
}

static void test_pcp_refill_and_drain(struct ktest *t)
{
	LIST_HEAD(held);
	struct page *page;
	int top = ZONE_NORMAL;

	SETUP();
	while (top > 0 && !zones[top].managed_pages)
		top--;
	struct per_cpu_pages *pcp = &zones[top].pcp[this_cpu_id()];
	int high = pcp->high, batch = pcp->batch;

	drain_all_pages();
	KTEST_EXPECT_EQ(t, pcp->count, 0);
	page = alloc_pages(GFP_KERNEL, 0); /* empty list: refill one batch, hand out one */
	KTEST_ASSERT(t, page && page->zone == top);
	KTEST_EXPECT_EQ(t, pcp->count, batch - 1);
	list_add(&page->lru, &held);
	for (int i = 1; i < high + batch; i++) {
		page = alloc_pages(GFP_KERNEL, 0);
		KTEST_ASSERT(t, page);
		list_add(&page->lru, &held);
	}
	drain_all_pages();
	KTEST_EXPECT_EQ(t, pcp->count, 0);
	int freed = 0;
	struct page *tmp;
	list_for_each_entry_safe(page, tmp, &held, lru) {
		list_del(&page->lru);
		__free_pages(page, 0);
		freed++;
		if (freed <= high && !KTEST_EXPECT_EQ(t, pcp->count, freed))
			break;
		if (freed == high + 1) { /* over high: the coldest batch went back */
			KTEST_EXPECT_EQ(t, pcp->count, high + 1 - batch);
			break;
		}
	}
	free_list(&held, 0);
	drain_all_pages();
	KTEST_EXPECT_EQ(t, pcp->count, 0);
}

static void test_pcp_off(struct ktest *t)
{
	struct free_snapshot before;

	SETUP();
	snapshot(&before);
	pcp_disabled = true;
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	KTEST_EXPECT(t, page != NULL);
	KTEST_EXPECT_EQ(t, nr_pcp_pages(), 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before.free_pages - 1);
	__free_pages(page, 0);
	KTEST_EXPECT_EQ(t, nr_pcp_pages(), 0);
	pcp_disabled = false;
	expect_same_free_areas(t, &before);
}

static void test_bad_frees_are_caught(struct ktest *t)
{
	struct free_snapshot before;
	unsigned long bad = nr_bad_pages;

	SETUP();
	bad = nr_bad_pages;
	bad_page_panics = false;
	snapshot(&before);

	struct page *page = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT(t, page);
	__free_pages(page, 0);
	__free_pages(page, 0); /* double free */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 1);

	page = alloc_pages(GFP_KERNEL, 2);
	KTEST_ASSERT(t, page);
	__free_pages(page, 1); /* wrong order: refused, block still ours */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 2);
	__free_pages(page + 1, 0); /* a frame inside the block, never allocated by itself */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 3);
	__free_pages(page, 2);

	__free_pages(pfn_to_page(0), 0); /* the first frame is always reserved */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 4);
	__free_pages(mem_map + max_pfn, 0); /* past the frame array */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 5);

	bad_page_panics = true;
	expect_same_free_areas(t, &before);
}

KTEST_SUITE(page_alloc, 0,
	    KTEST_CASE(test_boot_state),
	    KTEST_CASE(test_exhaust_and_restore),
	    KTEST_CASE(test_gfp_zero),
	    KTEST_CASE(test_orders_and_alignment),
	    KTEST_CASE(test_zone_limits),
	    KTEST_CASE(test_zone_fallback),
	    KTEST_CASE(test_pcp_refill_and_drain),
	    KTEST_CASE(test_pcp_off),
	    KTEST_CASE(test_bad_frees_are_caught));
