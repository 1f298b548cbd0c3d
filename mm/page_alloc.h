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
#include "mm/fail_alloc.h"
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
 * without touching the zone lock.  Refilled from the buddy `batch` pages
 * at a time when empty; `batch` pages go back when count exceeds `high`.
 *
 * `locked` guards the list, as Linux 6.x's pcp->lock: taken only by code
 * running on this CPU, with a trylock.  Whoever finds it taken (an
 * interrupt that arrived in the middle of a list operation) goes to the
 * zone's buddy lists instead, so interrupts stay enabled on the fast path.
 * The read-then-set of `locked` is safe against interrupts on this CPU
 * (one that lands in between runs to completion and leaves it clear); it
 * also needs the task to stay on this CPU from this_cpu_id() to the
 * unlock.  lom's kernel code is not preempted, so it does; a preemptible
 * kernel must pin the task there (as Linux's pcpu_task_pin()).
 */
struct per_cpu_pages {
	struct list_head list;      /* hot pages first */
	int count;
	int high;
	int batch;
	int locked;
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
	unsigned free_orders;           /* bit o set <=> free_area[o] is not empty */
	struct free_area free_area[MAX_ORDER];

	/* per-CPU, touched only by that CPU with interrupts off */
	struct per_cpu_pages pcp[MAX_CPUS];
};

extern struct zone zones[MAX_NR_ZONES];

/* The whole allocation and free paths (the inline fast paths below fall back to them). */
struct page *__alloc_pages(gfp_t gfp, unsigned order);
void free_pages_slowpath(struct page *page, unsigned order, unsigned long caller_ip);

/* The buddy lists of one zone, lock included (mm/buddy.c).  buddy_alloc
 * fails when taking the block would leave the zone at or below `mark`;
 * it does not touch refcount. */
struct page *buddy_alloc(struct zone *zone, unsigned order, unsigned long mark);
void buddy_free(struct zone *zone, struct page *page, unsigned order);
unsigned long __get_free_pages(gfp_t gfp, unsigned order);
void free_pages(unsigned long va, unsigned order);

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
size_t pcp_format(char *buf, size_t size); /* per-CPU list count/high/batch, every CPU */
size_t zoneinfo_format(char *buf, size_t size); /* Linux's /proc/zoneinfo, the fields lom has */

/* Per-CPU lists can be switched off (every order-0 call then takes the
 * zone lock): for benchmarks, tests and the `pcp=off` boot option. */
extern bool pcp_disabled;

/* The zone tried first for each zone class of gfp (index gfp & 3), set
 * at boot: the highest populated zone the class allows. */
extern struct zone *preferred_zone_for_gfp[4];

/* The address of the current instruction, for reports (Linux's _THIS_IP_). */
#define _THIS_IP_ ({ __label__ __here; __here: (unsigned long)&&__here; })

/*
 * ---- fast paths, inline: the plain cases, with no call (order 0 with the
 * per-CPU list) or one call (buddy_alloc/buddy_free).  The rest, and every
 * check that fails, go to __alloc_pages() and free_pages_slowpath().
 * Conditions are combined with | so the common path has few branches: it
 * costs little natively, and under TCG every branch ends a translated
 * block, which costs more than the list operation itself. ----
 */

/*
 * Take this CPU's list: returns whether it was already taken (then the
 * caller must not touch the list, nor unlock it).  Setting the flag before
 * looking lets the caller test "busy or empty" in one branch.
 */
static inline int pcp_lock_mark(struct per_cpu_pages *pcp)
{
	int busy = pcp->locked;

	pcp->locked = 1;
	__asm__ volatile("" ::: "memory"); /* an interrupt on this CPU sees it set first */
	return busy;
}

static inline void pcp_unlock(struct per_cpu_pages *pcp)
{
	__asm__ volatile("" ::: "memory");
	pcp->locked = 0;
}

static inline bool pcp_trylock(struct per_cpu_pages *pcp)
{
	if (pcp_lock_mark(pcp))
		return false;
	return true;
}

static inline struct page *pcp_alloc_fast(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pcp[this_cpu_id()];
	int busy = pcp_lock_mark(pcp);

	if (unlikely(busy | list_empty(&pcp->list))) {
		if (!busy)
			pcp_unlock(pcp);
		return NULL;
	}
	struct page *page = list_first_entry(&pcp->list, struct page, lru);
	list_del(&page->lru);
	pcp->count--;
	pcp_unlock(pcp);
	return page;
}

static inline struct page *alloc_pages(gfp_t gfp, unsigned order)
{
	struct zone *zone = preferred_zone_for_gfp[gfp & (__GFP_DMA | __GFP_DMA32)];
	struct page *page;

	/* injected failures (mm/fail_alloc.h) are decided in __alloc_pages */
	if (likely(!((gfp & __GFP_ZERO) | (zone == NULL) | (order >= MAX_ORDER) | fail_page_alloc_on))) {
		if (likely(!(order | pcp_disabled)))
			page = pcp_alloc_fast(zone);
		else
			page = buddy_alloc(zone, order, zone->watermark[WMARK_LOW]);
		if (likely(page)) {
			page->refcount = 1;
			return page;
		}
	}
	return __alloc_pages(gfp, order);
}

/*
 * Drop a reference to a block; the last one frees it.  Plain case: a page
 * of the frame array, its last reference, the order it was allocated with,
 * not reserved, free or owned by a slab; then order 0 goes on this CPU's
 * list if there is room.
 */
static inline void __free_pages(struct page *page, unsigned order)
{
	if (likely((uintptr_t)page - (uintptr_t)mem_map < max_pfn * sizeof(struct page))) {
		struct zone *zone = &zones[page->zone];
		if (likely(!((page->refcount ^ 1) | (page->order ^ order) |
			     (page->flags & (PG_reserved | PG_buddy | PG_slab))))) {
			if (likely(!(order | pcp_disabled))) {
				struct per_cpu_pages *pcp = &zone->pcp[this_cpu_id()];
				int busy = pcp_lock_mark(pcp);
				if (likely(!(busy | (pcp->count >= pcp->high)))) {
					page->refcount = 0;
					list_add(&page->lru, &pcp->list);
					pcp->count++;
					pcp_unlock(pcp);
					return;
				}
				if (!busy)
					pcp_unlock(pcp);
			} else {
				page->refcount = 0;
				buddy_free(zone, page, order);
				return;
			}
		}
	}
	free_pages_slowpath(page, order, _THIS_IP_);
}

#define alloc_page(gfp) alloc_pages(gfp, 0)
#define __free_page(page) __free_pages(page, 0)
#define get_zeroed_page(gfp) __get_free_pages((gfp) | __GFP_ZERO, 0)


#endif
