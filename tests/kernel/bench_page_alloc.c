/*
 * tests/kernel/bench_page_alloc.c - page allocator figures for `make bench`.
 *
 *   list_floor      push + pop of one page on an intrusive list: what any
 *                   list-based allocator must at least do (the floor)
 *   pcp_pair        alloc_pages(0) + __free_pages(0) through the per-CPU list
 *   zone_pair       the same with the per-CPU lists off (zone lock, buddy)
 *   order3_pair, order9_pair   buddy blocks: splits and merges
 *   alloc_1m_order0, free_1m_order0   1,000,000 pages held at once
 *
 * Under TCG a run's speed drifts with the host, so every round times the
 * floor right next to the figure, and the ratio reported is the median of
 * the per-round ratios (ROUNDS rounds).  Interrupts stay on, as in real
 * use; zone_pair_irqs_off shows what the zone lock's irqsave costs under
 * TCG (there, `sti` ends a translation block).  Figures only, no verdicts.
 */
#include "kernel/kbench.h"
#include "kernel/ktest.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "kernel/vsprintf.h"
#include "kernel/x86.h"
#include "mm/mm_internal.h"

#define ROUNDS 11
#define ITERS 100000

static struct list_head floor_head;
static struct page floor_page;

static uint64_t time_floor(unsigned order, int iters)
{
	(void)order;
	INIT_LIST_HEAD(&floor_head);
	uint64_t start = rdtsc();
	for (int i = 0; i < iters; i++) {
		list_add(&floor_page.lru, &floor_head);
		__asm__ volatile("" ::: "memory"); /* the push really happens */
		struct page *p = list_first_entry(&floor_head, struct page, lru);
		list_del(&p->lru);
		__asm__ volatile("" ::: "memory");
	}
	return rdtsc() - start;
}

static uint64_t time_pairs(unsigned order, int iters)
{
	uint64_t start = rdtsc();
	for (int i = 0; i < iters; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, order);
		__free_pages(p, order);
	}
	return rdtsc() - start;
}

/* ns per op x 1000 */
static uint64_t milli_ns(uint64_t cycles, int iters)
{
	return tsc_to_ns(cycles * 1000) / (uint64_t)iters;
}

/* Report the median time of `order` pairs and the median ratio to the floor. */
static void measure(const char *name, unsigned order, int iters)
{
	uint64_t t[ROUNDS], ratio[ROUNDS];
	char ratio_name[64];

	for (int r = 0; r < ROUNDS; r++) {
		uint64_t floor = time_floor(0, ITERS) * (uint64_t)iters / ITERS;
		t[r] = time_pairs(order, iters);
		ratio[r] = t[r] * 1000 / (floor ? floor : 1);
		t[r] = milli_ns(t[r], iters);
	}
	kbench_report(name, kbench_median(t, ROUNDS), "ns/op");
	snprintf(ratio_name, sizeof(ratio_name), "%s_vs_floor", name);
	kbench_report(ratio_name, kbench_median(ratio, ROUNDS), "x");
}

static void bench_page_alloc(void)
{
	uint64_t f[ROUNDS];

	for (int r = 0; r < ROUNDS; r++)
		f[r] = milli_ns(time_floor(0, ITERS), ITERS);
	kbench_report("list_floor", kbench_median(f, ROUNDS), "ns/op");
	measure("pcp_pair", 0, ITERS);
	pcp_disabled = true;
	measure("zone_pair", 0, ITERS);
	uint64_t flags = local_irq_save();
	measure("zone_pair_irqs_off", 0, ITERS);
	local_irq_restore(flags);
	pcp_disabled = false;
	measure("order3_pair", 3, ITERS / 4);
	measure("order9_pair", 9, ITERS / 16);
}
KBENCH(page_alloc, bench_page_alloc);

/* 1,000,000 pages held at once: needs about 4 GiB (make bench gives 6G). */
static void bench_million(void)
{
	const uint64_t n = 1000000;
	LIST_HEAD(held);
	uint64_t got = 0;

	uint64_t start = rdtsc();
	for (; got < n; got++) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		if (!p)
			break;
		list_add(&p->lru, &held);
	}
	uint64_t mid = rdtsc();
	while (!list_empty(&held)) {
		struct page *p = list_first_entry(&held, struct page, lru);
		list_del(&p->lru);
		__free_pages(p, 0);
	}
	uint64_t end = rdtsc();
	if (got < n) {
		ktest_print("# bench million: only %lu pages could be allocated (boot with more memory)\n",
			    (unsigned long)got);
		return;
	}
	kbench_report("alloc_1m_order0", milli_ns(mid - start, (int)n), "ns/op");
	kbench_report("free_1m_order0", milli_ns(end - mid, (int)n), "ns/op");
}
KBENCH(million, bench_million);

/*
 * ---- scaling: order-0 alloc+free pairs per second on one CPU, then on
 * every CPU at once (the others run the loop in their IPI handler) ----
 */
#define SCALE_ITERS 200000

static uint64_t scale_cycles[MAX_CPUS];

static void scale_worker(void *arg)
{
	(void)arg;
	uint64_t start = rdtsc();
	for (int i = 0; i < SCALE_ITERS; i++) {
		struct page *p = alloc_pages(GFP_ATOMIC, 0); /* others run with interrupts off */
		__free_pages(p, 0);
	}
	scale_cycles[this_cpu_id()] = rdtsc() - start;
}

/* millionths of a million pairs per second, i.e. pairs/s / 1000 */
static uint64_t kpairs_per_sec(uint64_t pairs, uint64_t cycles)
{
	uint64_t ns = tsc_to_ns(cycles);
	return ns ? pairs * 1000000 / ns : 0;
}

static void measure_scaling(const char *what)
{
	uint64_t one[ROUNDS], all[ROUNDS], scaling[ROUNDS];
	char name[64];

	for (int r = 0; r < ROUNDS; r++) {
		scale_worker(NULL);
		one[r] = kpairs_per_sec(SCALE_ITERS, scale_cycles[this_cpu_id()]);
		smp_call_function_all(scale_worker, NULL);
		uint64_t slowest = 0;
		for (unsigned c = 0; c < nr_cpus_online; c++)
			slowest = MAX(slowest, scale_cycles[c]);
		all[r] = kpairs_per_sec((uint64_t)SCALE_ITERS * nr_cpus_online, slowest);
		scaling[r] = one[r] ? all[r] * 1000 / one[r] : 0;
	}
	snprintf(name, sizeof(name), "%s_pairs_1cpu", what);
	kbench_report(name, kbench_median(one, ROUNDS), "Mpairs/s");
	snprintf(name, sizeof(name), "%s_pairs_%ucpus", what, nr_cpus_online);
	kbench_report(name, kbench_median(all, ROUNDS), "Mpairs/s");
	snprintf(name, sizeof(name), "%s_scaling", what);
	kbench_report(name, kbench_median(scaling, ROUNDS), "x");
}

static void bench_scaling(void)
{
	ktest_print("# scaling over %u CPUs (target for the per-CPU lists: >= 0.9 x %u)\n", nr_cpus_online,
		    nr_cpus_online);
	measure_scaling("pcp");
	pcp_disabled = true;
	measure_scaling("zone");
	pcp_disabled = false;
	drain_all_pages();
}
KBENCH(scaling, bench_scaling);
