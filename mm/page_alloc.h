/*
 * mm/page_alloc.h - the physical page allocator: zones, the buddy system
 * and the per-CPU page lists.  Stage 5 of the life of a malloc: the page
 * a page fault hands to a process comes from here.
 *
 *   struct page *p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);   one page
 *   ...
 *   __free_pages(p, 0);
 *   unsigned long va = __get_free_pages(GFP_KERNEL, 3);         8 pages
 *   free_pages(va, 3);
 *
 * Zones, lowest first (allocation falls back downwards only):
 *   DMA     below 16 MiB    (ISA DMA)
 *   DMA32   below 4 GiB     (32-bit devices)
 *   Normal  the rest
 * Failure is NULL, never a crash.
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "mm/page.h"

typedef unsigned gfp_t;

#define __GFP_DMA     0x01u  /* from ZONE_DMA only */
#define __GFP_DMA32   0x02u  /* from ZONE_DMA32 or below */
#define __GFP_HIGH    0x20u  /* may dip below the min watermark (atomic reserves) */
#define __GFP_ZERO    0x100u /* return zeroed memory */
#define __GFP_NOWARN  0x200u /* no "page allocation failure" report */
#define __GFP_RECLAIM 0x400u /* the caller may sleep (reclaim comes later) */

#define GFP_KERNEL __GFP_RECLAIM
#define GFP_ATOMIC __GFP_HIGH
#define GFP_DMA    __GFP_DMA
#define GFP_DMA32  __GFP_DMA32
#define GFP_ZERO   __GFP_ZERO
#define GFP_NOWARN __GFP_NOWARN

enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, MAX_NR_ZONES };
enum zone_watermark { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

#define ZONE_DMA_END_PFN   (MiB(16) >> PAGE_SHIFT)
#define ZONE_DMA32_END_PFN (GiB(4) >> PAGE_SHIFT)

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;      /* blocks (not pages) on free_list */
};

/*
 * Per-CPU page list of one zone: order-0 pages a CPU takes and returns
 * with interrupts off and no lock.  Refilled from the buddy `batch` pages
 * at a time when empty; `batch` pages go back when count exceeds `high`.
 */
struct per_cpu_pages {
	struct list_head list;      /* hot pages first */
	int count;
	int high;
	int batch;
} __aligned(64);

struct zone {
	/* immutable after mm_init */
	const char *name;
	pfn_t start_pfn, end_pfn;       /* spanned frames [start, end) */
	unsigned long present_pages;    /* RAM frames in the span */
	unsigned long managed_pages;    /* frames the buddy got at boot */
	unsigned long watermark[NR_WMARK];

	/* zone->lock protects free_area[] and free_pages; it is taken with
	 * interrupts off (irqsave) and nests inside nothing but the per-CPU
	 * section of the same CPU.  Lock order: per-CPU section -> zone->lock. */
	struct spinlock lock;
	unsigned long free_pages;       /* pages in free_area[], not counting per-CPU lists */
	struct free_area free_area[MAX_ORDER];

	/* per-CPU, touched only by that CPU with interrupts off */
	struct per_cpu_pages pcp[MAX_CPUS];
};

extern struct zone zones[MAX_NR_ZONES];

struct page *alloc_pages(gfp_t gfp, unsigned order);
void __free_pages(struct page *page, unsigned order);
unsigned long __get_free_pages(gfp_t gfp, unsigned order);
void free_pages(unsigned long va, unsigned order);

#define alloc_page(gfp) alloc_pages(gfp, 0)
#define __free_page(page) __free_pages(page, 0)
#define get_zeroed_page(gfp) __get_free_pages((gfp) | __GFP_ZERO, 0)

/* Give every CPU's per-CPU pages back to the buddy. */
void drain_all_pages(void);
void drain_local_pages(void);

static inline struct zone *page_zone(const struct page *page)
{
	return &zones[page->zone];
}

/* Counters, in pages. */
unsigned long nr_free_pages(void);      /* in the buddy free areas */
unsigned long nr_pcp_pages(void);       /* on per-CPU lists */
unsigned long nr_managed_pages(void);

/* Linux /proc/buddyinfo and /proc/meminfo-style text; return the length. */
size_t buddyinfo_format(char *buf, size_t size);
size_t meminfo_format(char *buf, size_t size);

/* Per-CPU lists can be switched off (every order-0 call then takes the
 * zone lock): for benchmarks, tests and the `pcp=off` boot option. */
extern bool pcp_disabled;

#endif
