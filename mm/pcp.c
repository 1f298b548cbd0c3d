/*
 * mm/pcp.c - per-CPU page lists: the fast path of order-0 allocation.
 *
 * Each CPU keeps, per zone, a short LIFO list of free order-0 pages.
 * Taking or returning a page touches only that list, with interrupts off
 * on this CPU and no lock; the zone lock is taken only to move `batch`
 * pages at a time between the list and the buddy:
 *
 *   alloc: list empty?  refill `batch` pages from the buddy (zone->lock)
 *   free:  count > high? drain `batch` coldest pages to the buddy
 *
 * Pages on a list have refcount 0 and order 0, and are not PG_buddy: the
 * buddy sees them as allocated, so they never merge until drained.
 * Locking: the list of CPU c is touched only by CPU c with interrupts off
 * (drain_all_pages() reaches other CPUs by IPI once there are any).
 * Lock order: per-CPU section -> zone->lock.
 */
#include "kernel/x86.h"
#include "mm/mm_internal.h"

bool pcp_disabled;

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
	}
}

/* Move up to `count` order-0 pages from the buddy to `list`; returns how many. */
static int rmqueue_bulk(struct zone *zone, int count, struct list_head *list)
{
	int moved = 0;

	spin_lock(&zone->lock);
	for (; moved < count; moved++) {
		struct page *page = buddy_alloc_locked(zone, 0);
		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	spin_unlock(&zone->lock);
	return moved;
}

/* Give the `count` coldest pages of the list back to the buddy. */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	spin_lock(&zone->lock);
	while (count-- > 0 && !list_empty(&pcp->list)) {
		struct page *page = list_last_entry(&pcp->list, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
		buddy_free_locked(zone, page, 0);
	}
	spin_unlock(&zone->lock);
}

struct page *pcp_alloc(struct zone *zone)
{
	uint64_t flags = local_irq_save();
	struct per_cpu_pages *pcp = &zone->pcp[this_cpu_id()];
	struct page *page = NULL;

	if (unlikely(list_empty(&pcp->list))) {
		if (!zone_watermark_ok(zone, 0, zone->watermark[WMARK_LOW]))
			goto out;
		pcp->count += rmqueue_bulk(zone, pcp->batch, &pcp->list);
		if (list_empty(&pcp->list))
			goto out;
	}
	page = list_first_entry(&pcp->list, struct page, lru);
	list_del(&page->lru);
	pcp->count--;
out:
	local_irq_restore(flags);
	return page;
}

void pcp_free(struct zone *zone, struct page *page)
{
	uint64_t flags = local_irq_save();
	struct per_cpu_pages *pcp = &zone->pcp[this_cpu_id()];

	list_add(&page->lru, &pcp->list);
	if (unlikely(++pcp->count > pcp->high))
		free_pcppages_bulk(zone, pcp->batch, pcp);
	local_irq_restore(flags);
}

/* Empty CPU `cpu`'s list of this zone: that CPU, interrupts off. */
void drain_zone_pages(struct zone *zone, unsigned cpu)
{
	struct per_cpu_pages *pcp = &zone->pcp[cpu];

	if (pcp->count)
		free_pcppages_bulk(zone, pcp->count, pcp);
}

void drain_local_pages(void)
{
	uint64_t flags = local_irq_save();

	for (int z = 0; z < MAX_NR_ZONES; z++)
		drain_zone_pages(&zones[z], this_cpu_id());
	local_irq_restore(flags);
}

/* Only this CPU runs for now; the SMP issue sends the others an IPI. */
void drain_all_pages(void)
{
	drain_local_pages();
}
