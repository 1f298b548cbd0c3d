/*
 * tests/host/test_buddy_model.c - host-only tests of mm/ internals:
 * memblock's range arithmetic, and the buddy and per-CPU lists against a
 * reference model over long random runs, with several simulated CPUs.
 *
 * The model is a bitmap of owned frames: every block alloc_pages() hands
 * out must be aligned to its order, inside the zones its gfp allows, and
 * must not overlap any block still held.  After everything is freed and
 * every CPU drained, the free areas must be exactly what they were at the
 * start (every split merged back).
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/bootinfo.h"
#include "kernel/ktest.h"
#include "mm/mm_internal.h"
#include "tests/host/host_kernel.h"
#include "tests/host/sim_mem.h"

/* ---- memblock ---- */

static void test_memblock_merge_and_free_ranges(struct ktest *t)
{
	memblock_reset();
	memblock_add(0x300000, 0x100000);
	memblock_add(0x100000, 0x100000);
	memblock_add(0x200000, 0x100000); /* bridges the two: one region */
	memblock_add(0x1000000, 0x1000000);
	KTEST_EXPECT_EQ(t, memblock.memory.cnt, 2);
	KTEST_EXPECT_EQ(t, memblock.memory.regions[0].base, 0x100000);
	KTEST_EXPECT_EQ(t, memblock.memory.regions[0].size, 0x300000);
	KTEST_EXPECT_EQ(t, memblock_total_ram(), 0x1300000);
	KTEST_EXPECT_EQ(t, memblock_end_of_ram(), 0x2000000);

	memblock_reserve(0x180000, 0x10000);
	memblock_reserve(0x0, 0x120000); /* overlaps the start */
	paddr_t top = memblock_alloc(0x2000, 0x1000, MEMBLOCK_ANY);
	KTEST_EXPECT_EQ(t, top, 0x1ffe000); /* highest fit */
	paddr_t low = memblock_alloc(0x1000, 0x1000, 0x200000);
	KTEST_EXPECT_EQ(t, low, 0x1ff000);
	KTEST_EXPECT_EQ(t, memblock_alloc(0x4000000, 0x1000, MEMBLOCK_ANY), 0); /* too big */
	KTEST_EXPECT(t, memblock_add(0x5000, (paddr_t)-0x1000) < 0);           /* wraps */
}

struct range_list {
	paddr_t start[8], end[8];
	int n;
};

static void collect(paddr_t start, paddr_t end, void *arg)
{
	struct range_list *l = arg;

	if (l->n < 8) {
		l->start[l->n] = start;
		l->end[l->n] = end;
	}
	l->n++;
}

static void test_memblock_free_ranges_and_limit(struct ktest *t)
{
	struct range_list l = { .n = 0 };

	memblock_reset();
	memblock_add(0x0, 0x9f000);
	memblock_add(0x100000, 0x7f00000);
	memblock_reserve(0x0, 0x100000);
	memblock_reserve(0x200000, 0x100000);
	memblock_reserve(0x7000000, 0x2000000); /* runs past the end of RAM */
	memblock_for_each_free_range(collect, &l);
	KTEST_ASSERT(t, l.n == 2);
	KTEST_EXPECT_EQ(t, l.start[0], 0x100000);
	KTEST_EXPECT_EQ(t, l.end[0], 0x200000);
	KTEST_EXPECT_EQ(t, l.start[1], 0x300000);
	KTEST_EXPECT_EQ(t, l.end[1], 0x7000000);

	memblock_enforce_memory_limit(0x1000000); /* mem=16M: the lowest 16 MiB of RAM */
	KTEST_EXPECT_EQ(t, memblock_total_ram(), 0x1000000);
	KTEST_EXPECT_EQ(t, memblock_end_of_ram(), 0x1000000 + 0x100000 - 0x9f000);
	memblock_enforce_memory_limit(5000001); /* not a page multiple: whole pages only */
	KTEST_EXPECT_EQ(t, memblock_total_ram(), ALIGN_DOWN(5000001ul, PAGE_SIZE));
	for (unsigned i = 0; i < memblock.memory.cnt; i++)
		KTEST_EXPECT_EQ(t, memblock.memory.regions[i].size % PAGE_SIZE, 0);
}

/* A firmware map that overlaps itself: the non-usable type wins. */
static void test_memblock_from_overlapping_e820(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = {
		{ 0x0, 0x9fc00, E820_USABLE },
		{ 0x100000, 0x3f00000, E820_USABLE },
		{ 0x1000000, 0x100000, E820_RESERVED },  /* inside the usable range */
		{ 0x2000800, 0x1000, E820_ACPI },         /* straddles two pages */
		{ 0x2000000, 0x1000, E820_NVS },          /* shares a page with it */
		{ 0x3fff000, 0x2000, E820_RESERVED },     /* across the end of RAM */
	};
	struct range_list l = { .n = 0 };

	memblock_reset();
	KTEST_EXPECT_EQ(t, memblock_add_e820(map, ARRAY_SIZE(map)), 0);
	memblock_for_each_free_range(collect, &l);
	KTEST_ASSERT(t, l.n == 4);
	KTEST_EXPECT_EQ(t, l.end[1], 0x1000000);   /* [1M, 16M) */
	KTEST_EXPECT_EQ(t, l.start[2], 0x1100000); /* [17M, 32M) */
	KTEST_EXPECT_EQ(t, l.end[2], 0x2000000);
	KTEST_EXPECT_EQ(t, l.start[3], 0x2002000); /* ACPI+NVS pages skipped */
	KTEST_EXPECT_EQ(t, l.end[3], 0x3fff000);
}

/* ---- random model ---- */

#define MAX_HELD 4096

struct held {
	struct page *page;
	unsigned order;
	unsigned cpu;
};

static uint8_t *owned; /* one byte per frame: 1 = handed out */

static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static const gfp_t gfps[] = { GFP_KERNEL, GFP_DMA32, GFP_DMA, GFP_ATOMIC, GFP_KERNEL | __GFP_ZERO };

static bool check_block(struct ktest *t, struct page *page, unsigned order, gfp_t gfp)
{
	pfn_t pfn = page_to_pfn(page), n = (pfn_t)1 << order;

	if (!ktest_check(t, (pfn & (n - 1)) == 0, __FILE__, __LINE__, "pfn 0x%lx not aligned to order %u",
			 (unsigned long)pfn, order))
		return false;
	if ((gfp & __GFP_DMA) && !ktest_check(t, pfn + n <= ZONE_DMA_END_PFN, __FILE__, __LINE__, "GFP_DMA gave pfn 0x%lx", (unsigned long)pfn))
		return false;
	if ((gfp & __GFP_DMA32) && !ktest_check(t, pfn + n <= ZONE_DMA32_END_PFN, __FILE__, __LINE__, "GFP_DMA32 gave pfn 0x%lx", (unsigned long)pfn))
		return false;
	for (pfn_t i = 0; i < n; i++) {
		if (!ktest_check(t, !owned[pfn + i] && !(page[i].flags & PG_reserved), __FILE__, __LINE__,
				 "pfn 0x%lx handed out twice, or reserved", (unsigned long)(pfn + i)))
			return false;
		owned[pfn + i] = 1;
	}
	return true;
}

static void release(struct held *h, unsigned ncpus)
{
	pfn_t pfn = page_to_pfn(h->page);

	for (pfn_t i = 0; i < ((pfn_t)1 << h->order); i++)
		owned[pfn + i] = 0;
	host_cpu = (h->cpu + (unsigned)(rnd() & 1)) % ncpus; /* sometimes freed on another CPU */
	__free_pages(h->page, h->order);
}

static void drain_every_cpu(unsigned ncpus)
{
	for (host_cpu = 0; host_cpu < ncpus; host_cpu++)
		drain_local_pages();
	host_cpu = 0;
}

static void run_model(struct ktest *t, uint64_t seed, int steps, unsigned ncpus)
{
	static struct held held[MAX_HELD];
	unsigned long free_at_start;
	unsigned long areas[MAX_NR_ZONES][MAX_ORDER];
	int nheld = 0;

	sim_boot_default();
	owned = calloc(max_pfn, 1);
	rng_state = seed;
	free_at_start = nr_free_pages();
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			areas[z][o] = zones[z].free_area[o].nr_free;

	for (int step = 0; step < steps && !t->failures; step++) {
		host_cpu = (unsigned)(rnd() % ncpus);
		if (nheld < MAX_HELD && (nheld == 0 || rnd() % 100 < 55)) {
			unsigned order = (rnd() % 4 == 0) ? (unsigned)(rnd() % MAX_ORDER) : 0;
			gfp_t gfp = gfps[rnd() % ARRAY_SIZE(gfps)] | __GFP_NOWARN;
			struct page *page = alloc_pages(gfp, order);
			if (page && check_block(t, page, order, gfp))
				held[nheld++] = (struct held){ page, order, host_cpu };
		} else {
			int i = (int)(rnd() % (unsigned)nheld);
			release(&held[i], ncpus);
			held[i] = held[--nheld];
		}
		if (step % 5000 == 0)
			KTEST_EXPECT_EQ(t, buddy_check(), 0);
	}
	while (nheld)
		release(&held[--nheld], ncpus);
	drain_every_cpu(ncpus);
	KTEST_EXPECT_EQ(t, buddy_check(), 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_at_start);
	KTEST_EXPECT_EQ(t, nr_pcp_pages(), 0);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			KTEST_EXPECT_EQ(t, zones[z].free_area[o].nr_free, areas[z][o]);
	free(owned);
	owned = NULL;
}

static void test_model_one_cpu(struct ktest *t)
{
	run_model(t, 0x1234567, 60000, 1);
}

static void test_model_four_cpus(struct ktest *t)
{
	run_model(t, 0xfeedbeef, 60000, 4);
}

static void test_model_no_pcp(struct ktest *t)
{
	sim_boot_default();
	pcp_disabled = true;
	run_model(t, 0xabcdef, 20000, 2); /* run_model reboots: set it again inside */
	pcp_disabled = false;
}

/* Interrupts must be off while a CPU touches its list, and back on after. */
static void test_irq_state_restored(struct ktest *t)
{
	sim_boot_default();
	KTEST_EXPECT(t, irqs_enabled());
	struct page *p = alloc_pages(GFP_KERNEL, 0);
	KTEST_EXPECT(t, irqs_enabled());
	__free_pages(p, 0);
	KTEST_EXPECT(t, irqs_enabled());
}

/* Out of line, so nothing of the caller lives in registers across longjmp. */
static __noinline void free_block(struct page *p, unsigned order)
{
	__free_pages(p, order);
}

static __noinline struct page *alloc_block(unsigned order)
{
	return alloc_pages(GFP_KERNEL, order);
}

/* With bad_page_panics (the default), a double free stops the kernel. */
static void test_bad_free_panics_by_default(struct ktest *t)
{
	sim_boot_default();
	struct page *p = alloc_block(1);
	KTEST_ASSERT(t, p);
	free_block(p, 1);
	HOST_EXPECT_PANIC(t, free_block(p, 1));
	KTEST_EXPECT(t, strstr(host_last_panic, "double free") != NULL);
	p = alloc_block(3);
	HOST_EXPECT_PANIC(t, free_block(p, 0));
	KTEST_EXPECT(t, strstr(host_last_panic, "wrong order") != NULL);
}

/* Small machines: 16 MiB (DMA only) and an odd map with holes everywhere. */
static void test_odd_maps(struct ktest *t)
{
	static const struct sim_region tiny[] = { { 0, 0x9fc00 }, { 0x100000, 0xf00000 } };
	static const struct sim_region holes[] = {
		{ 0, 0x9fc00 }, { 0x100000, 0x3ff000 }, { 0x600123, 0x300000 }, { 0x1000000, 0x1001000 },
	};

	KTEST_ASSERT(t, sim_boot(tiny, 2) == 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), sim_expected_free_pages());
	KTEST_EXPECT_EQ(t, zones[ZONE_DMA32].managed_pages, 0);
	KTEST_EXPECT_EQ(t, buddy_check(), 0);
	struct page *p = alloc_pages(GFP_DMA32, 0); /* falls back to DMA */
	KTEST_EXPECT(t, p && p->zone == ZONE_DMA);
	__free_pages(p, 0);

	KTEST_ASSERT(t, sim_boot(holes, 4) == 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), sim_expected_free_pages());
	KTEST_EXPECT_EQ(t, buddy_check(), 0);
}

/* ---- lock debugging (kernel/spinlock.h), on the host's simulated CPUs ---- */

extern int host_might_sleep_reports;
static struct spinlock debug_lock = SPINLOCK_INIT("debug");

static __noinline void take(struct spinlock *l)
{
	spin_lock(l);
}

static void test_spinlock_recursion_caught(struct ktest *t)
{
	host_cpu = 0;
	debug_lock = (struct spinlock)SPINLOCK_INIT("debug");
	take(&debug_lock);
	KTEST_EXPECT(t, spin_is_held_here(&debug_lock));
	HOST_EXPECT_PANIC(t, take(&debug_lock)); /* would spin forever */
	KTEST_EXPECT(t, strstr(host_last_panic, "recursion") != NULL);
	host_cpu = 1;
	KTEST_EXPECT(t, !spin_is_held_here(&debug_lock)); /* held, but by CPU 0 */
	KTEST_EXPECT(t, !spin_trylock(&debug_lock));
	host_cpu = 0;
}

static void test_might_sleep_with_irqs_off(struct ktest *t)
{
	sim_boot_default();
	int before = host_might_sleep_reports;
	struct page *p = __alloc_pages(GFP_KERNEL, 0); /* interrupts on: fine */
	KTEST_EXPECT_EQ(t, host_might_sleep_reports, before);
	__free_pages(p, 0);
	uint64_t flags = local_irq_save();
	p = __alloc_pages(GFP_KERNEL, 0); /* may sleep, interrupts off: reported */
	KTEST_EXPECT_EQ(t, host_might_sleep_reports, before + 1);
	__free_pages(p, 0);
	p = __alloc_pages(GFP_ATOMIC, 0); /* atomic: fine */
	KTEST_EXPECT_EQ(t, host_might_sleep_reports, before + 1);
	__free_pages(p, 0);
	local_irq_restore(flags);
}

KTEST_SUITE(lock_debug, 0,
	    KTEST_CASE(test_spinlock_recursion_caught),
	    KTEST_CASE(test_might_sleep_with_irqs_off));

KTEST_SUITE(memblock, 0,
	    KTEST_CASE(test_memblock_merge_and_free_ranges),
	    KTEST_CASE(test_memblock_free_ranges_and_limit),
	    KTEST_CASE(test_memblock_from_overlapping_e820));

KTEST_SUITE(buddy_model, 0,
	    KTEST_CASE(test_model_one_cpu),
	    KTEST_CASE(test_model_four_cpus),
	    KTEST_CASE(test_model_no_pcp),
	    KTEST_CASE(test_irq_state_restored),
	    KTEST_CASE(test_bad_free_panics_by_default),
	    KTEST_CASE(test_odd_maps));
