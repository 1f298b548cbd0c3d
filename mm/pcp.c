/*
 * mm/pcp.c - per-CPU page lists: where order-0 pages usually come from.
 *
 * Each CPU keeps, per zone, a short LIFO list of free order-0 pages.
 * Taking or returning a page touches only that list; the zone lock is
 * taken only to move `batch` pages at a time between list and buddy:
 *
 *   alloc: list empty?  refill `batch` pages from the buddy (zone->lock)
 *   free:  count > high? drain `batch` coldest pages to the buddy
 *
 * The common cases are inline in page_alloc.h (alloc_pages, __free_pages);
 * this file has the rest: refill, drain, sizing.  The list is guarded by
 * pcp->locked, taken with pcp_trylock() by code on its own CPU; when the
 * trylock fails (an interrupt arrived in the middle of a list operation),
 * callers use the buddy directly.  zone->lock is always taken irqsave,
 * since the interrupt that falls back may then need it.
 * Pages on a list have refcount 0 and order 0, and are not PG_buddy: the
 * buddy sees them as allocated, so they never merge until drained.
 * Lock order: pcp->locked -> zone->lock.
 * A page taken here is noted "pcp" for the page-fault tracepoint, unless
 * the list was empty and refilled (buddy_alloc_bulk noted "buddy").
 */
#include "kernel/smp.h"
#include "kernel/trace.h"
#include "kernel/x86.h"
#include "mm/mm_internal.h"

bool pcp_disabled;
struct zone *preferred_zone_for_gfp[4];

/* Linux-like sizing: batch ~ managed/4096 (1..63), high = 6 x batch. */
void pcp_init(struct zone *zone)
{
	int batch = (int)MIN(MAX(zone->managed_pages / 4096, 1ul), 63ul);

	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &zone->pcp[cpu];
		INIT_LIST_HEAD(&pcp->list);
		pcp->count = 0;
		pcp->batch = batch;
		pcp->high = 6 * batch;
		pcp->locked = 0;
	}
}

/* After every zone is sized: the zone each gfp class tries first. */
void pcp_choose_zones(void)
{
	static const int top[4] = { ZONE_NORMAL, ZONE_DMA, ZONE_DMA32, ZONE_DMA };

	for (int i = 0; i < 4; i++) {
		int z = top[i];
		while (z >= 0 && !zones[z].managed_pages)
			z--;
		preferred_zone_for_gfp[i] = z >= 0 ? &zones[z] : NULL;
	}
}

/* A page from this CPU's list of `zone`, refilling it if empty (if the zone
 * is above its low watermark).  NULL: list busy or zone low. */
struct page *pcp_alloc(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pcp[this_cpu_id()];
	struct page *page = NULL;
	bool refilled = false;

	if (!pcp_trylock(pcp))
		return NULL;
	if (list_empty(&pcp->list)) {
		pcp->count += buddy_alloc_bulk(zone, pcp->batch, zone->watermark[WMARK_LOW], &pcp->list);
		refilled = true;
	}
	if (!list_empty(&pcp->list)) {
		page = list_first_entry(&pcp->list, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
		if (!refilled)
			page_alloc_note(PAGE_SOURCE_PCP, 0);
	}
	pcp_unlock(pcp);
	return page;
}

/* Put a free order-0 page (refcount already 0) on this CPU's list, draining
 * a batch if that takes it over `high`.  false: list busy, caller frees
 * the page to the buddy. */
bool pcp_free(struct zone *zone, struct page *page)
{
	struct per_cpu_pages *pcp = &zone->pcp[this_cpu_id()];

	if (!pcp_trylock(pcp))
		return false;
	list_add(&page->lru, &pcp->list);
	if (++pcp->count > pcp->high) { /* the coldest batch goes back */
		pcp->count -= buddy_free_bulk(zone, pcp->batch, &pcp->list);
	}
	pcp_unlock(pcp);
	return true;
}

/* Empty this CPU's list of the zone (false if it was busy). */
static bool drain_zone_pages(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pcp[this_cpu_id()];

	if (!pcp_trylock(pcp))
		return false;
	pcp->count -= buddy_free_bulk(zone, pcp->count, &pcp->list);
	pcp_unlock(pcp);
	return true;
}

void drain_local_pages(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		drain_zone_pages(&zones[z]);
}

/* On each other CPU, by IPI: drain its own lists; count the busy ones. */
static void drain_remote(void *arg)
{
	int *busy = arg;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (!drain_zone_pages(&zones[z]))
			__atomic_add_fetch(busy, 1, __ATOMIC_RELAXED);
}

/*
 * Every CPU drains its own lists (an IPI to the others).  A CPU that was
 * interrupted in the middle of a list operation cannot drain that list
 * from its interrupt handler; it reports busy and is asked again once the
 * interrupted code had time to finish.  Needs interrupts on (IPIs); with
 * them off only this CPU's lists are drained.
 */
void drain_all_pages(void)
{
	drain_local_pages();
	if (!irqs_enabled())
		return;
	for (int tries = 0; tries < 1000; tries++) {
		int busy = 0;
		smp_call_function(drain_remote, &busy);
		if (!busy)
			return;
		cpu_relax();
	}
}
