/*
 * mm/buddy.c - the buddy system: per zone, per order, lists of free blocks
 * of 2^order frames, each block aligned to its size.
 *
 * A block's buddy is the block it was split from, at pfn ^ (1 << order):
 *
 *   order 2:  [0 1 2 3][4 5 6 7]      block 4 and block 0 are buddies
 *   order 3:  [0 1 2 3 4 5 6 7]       ...and merge into one order-3 block
 *
 * Allocation takes the smallest free block that fits and splits it,
 * putting the upper halves back one order lower.  Freeing merges with the
 * buddy for as long as the buddy is a free block of the same order, up to
 * MAX_ORDER - 1.  Zone boundaries (16 MiB, 4 GiB) are multiples of the
 * largest block, so buddies never straddle two zones.
 *
 * Invariants (checked by buddy_check()):
 *   - a frame with PG_buddy heads a free block of 2^order frames, aligned
 *     to its size, on free_area[order] of its own zone, with refcount 0;
 *   - zone->free_pages is the sum of 2^order over those blocks;
 *   - two free buddies of the same order never coexist (they would merge);
 *   - bit o of zone->free_orders is set exactly when free_area[o] is not
 *     empty, so the smallest usable order is one bit scan away.
 * Locking: the __buddy_* helpers run with zone->lock held; they are static
 * and each caller takes the lock just before (no assert_held: on the zone
 * path it would cost more than the check is worth).  The exported
 * functions take it irqsave (an interrupt may allocate from the zone when
 * it finds its CPU's per-CPU list busy).
 * For the page-fault tracepoint, buddy_alloc and buddy_alloc_bulk note the
 * order of the free block their (first) page is split from.
 */
#include "kernel/printk.h"
#include "kernel/trace.h"
#include "mm/mm_internal.h"

struct zone zones[MAX_NR_ZONES];

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal" };

static inline pfn_t buddy_pfn(pfn_t pfn, unsigned order)
{
	return pfn ^ ((pfn_t)1 << order);
}

static inline void add_to_free_list(struct zone *zone, struct page *page, unsigned order)
{
	page->flags |= PG_buddy;
	page->order = (uint8_t)order;
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
	zone->free_orders |= 1u << order;
}

static inline void del_from_free_list(struct zone *zone, struct page *page, unsigned order)
{
	list_del(&page->lru);
	page->flags &= ~PG_buddy;
	if (--zone->free_area[order].nr_free == 0)
		zone->free_orders &= ~(1u << order);
}

/* Take the first block of the smallest non-empty order >= order; split it. */
static inline struct page *__buddy_alloc(struct zone *zone, unsigned order)
{
	unsigned usable = zone->free_orders >> order;

	if (!usable)
		return NULL;
	unsigned o = order + (unsigned)__builtin_ctz(usable);
	struct page *page = list_first_entry(&zone->free_area[o].free_list, struct page, lru);
	del_from_free_list(zone, page, o);
	while (o > order) { /* split: the upper half goes back, one order lower */
		o--;
		add_to_free_list(zone, page + ((pfn_t)1 << o), o);
	}
	page->order = (uint8_t)order;
	zone->free_pages -= (unsigned long)1 << order;
	return page;
}

static inline void __buddy_free(struct zone *zone, struct page *page, unsigned order)
{
	struct page *map = mem_map; /* a local: stores to pages cannot change it */
	pfn_t pfn = (pfn_t)(page - map), start = zone->start_pfn, span = zone->end_pfn - start;

	zone->free_pages += (unsigned long)1 << order;
	while (order < MAX_ORDER - 1) {
		pfn_t bpfn = buddy_pfn(pfn, order);
		if (bpfn - start >= span) /* outside the zone (unsigned wrap covers below) */
			break;
		struct page *buddy = map + bpfn;
		/* one compare: a free block (PG_buddy) of exactly this order */
		if ((((uint32_t)buddy->order << 16) | (buddy->flags & PG_buddy)) != ((order << 16) | PG_buddy))
			break;
		del_from_free_list(zone, buddy, order);
		pfn &= bpfn; /* the merged block starts at the lower of the two */
		order++;
	}
	add_to_free_list(zone, map + pfn, order);
}

/* Note the order of the block __buddy_alloc(zone, order) will split (zone->lock held). */
static inline void note_buddy_block(const struct zone *zone, unsigned order)
{
	if (page_alloc_note_enabled()) {
		unsigned usable = zone->free_orders >> order;
		if (usable)
			page_alloc_note(PAGE_SOURCE_BUDDY, order + (unsigned)__builtin_ctz(usable));
	}
}

struct page *buddy_alloc(struct zone *zone, unsigned order, unsigned long mark)
{
	struct page *page = NULL;
	uint64_t flags = spin_lock_irqsave(&zone->lock);

	if (zone_watermark_ok(zone, order, mark)) {
		note_buddy_block(zone, order);
		page = __buddy_alloc(zone, order);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return page;
}

void buddy_free(struct zone *zone, struct page *page, unsigned order)
{
	uint64_t flags = spin_lock_irqsave(&zone->lock);

	__buddy_free(zone, page, order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

int buddy_alloc_bulk(struct zone *zone, int count, unsigned long mark, struct list_head *list)
{
	int moved = 0;
	uint64_t flags = spin_lock_irqsave(&zone->lock);

	if (zone_watermark_ok(zone, 0, mark)) {
		note_buddy_block(zone, 0); /* the first page is the one pcp_alloc hands out */
		for (; moved < count; moved++) {
			struct page *page = __buddy_alloc(zone, 0);
			if (!page)
				break;
			list_add_tail(&page->lru, list);
		}
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return moved;
}

int buddy_free_bulk(struct zone *zone, int count, struct list_head *list)
{
	int freed = 0;
	uint64_t flags = spin_lock_irqsave(&zone->lock);

	for (; freed < count && !list_empty(list); freed++) {
		struct page *page = list_last_entry(list, struct page, lru);
		list_del(&page->lru);
		__buddy_free(zone, page, 0);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return freed;
}

/*
 * Is the zone above `mark` after taking 2^order pages, with a block of at
 * least that order free?  Reads without the lock: a hint, as in Linux.
 */
bool zone_watermark_ok(const struct zone *zone, unsigned order, unsigned long mark)
{
	return (zone->free_pages >= ((unsigned long)1 << order) + mark) & ((zone->free_orders >> order) != 0);
}

void zone_init(struct zone *zone, enum zone_type type, pfn_t start, pfn_t end)
{
	zone->name = zone_names[type];
	zone->start_pfn = start;
	zone->end_pfn = end;
	zone->present_pages = zone->managed_pages = zone->free_pages = 0;
	zone->free_orders = 0;
	zone->lock = (struct spinlock)SPINLOCK_INIT("zone");
	for (unsigned o = 0; o < MAX_ORDER; o++) {
		INIT_LIST_HEAD(&zone->free_area[o].free_list);
		zone->free_area[o].nr_free = 0;
	}
}

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

/*
 * Linux's rule: min_free_kbytes = sqrt(16 * lowmem KiB), between 128 KiB
 * and 64 MiB, shared among zones by size; low = min * 5/4, high = min * 3/2.
 */
void zone_set_watermarks(void)
{
	unsigned long total = nr_managed_pages();
	unsigned long min_kb = isqrt(total * (PAGE_SIZE / 1024) * 16);

	min_kb = MIN(MAX(min_kb, 128ul), 65536ul);
	unsigned long min_pages = min_kb / (PAGE_SIZE / 1024);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &zones[z];
		unsigned long min = total ? min_pages * zone->managed_pages / total : 0;
		zone->watermark[WMARK_MIN] = min;
		zone->watermark[WMARK_LOW] = min + min / 4;
		zone->watermark[WMARK_HIGH] = min + min / 2;
	}
}

static int check_zone(struct zone *zone)
{
	unsigned long pages = 0;
	int problems = 0;

	for (unsigned o = 0; o < MAX_ORDER; o++) {
		unsigned long n = 0;
		struct page *page;
		list_for_each_entry(page, &zone->free_area[o].free_list, lru) {
			pfn_t pfn = page_to_pfn(page);
			const char *why = NULL;
			if (!(page->flags & PG_buddy) || page->order != o)
				why = "not marked as a free block of this order";
			else if (pfn & (((pfn_t)1 << o) - 1))
				why = "not aligned to its order";
			else if (pfn < zone->start_pfn || pfn + ((pfn_t)1 << o) > zone->end_pfn)
				why = "outside its zone";
			else if (page->refcount != 0 || (page->flags & PG_reserved))
				why = "in use or reserved";
			else if (o < MAX_ORDER - 1) {
				const struct page *b = pfn_to_page(buddy_pfn(pfn, o));
				pfn_t bpfn = buddy_pfn(pfn, o);
				if (bpfn >= zone->start_pfn && bpfn < zone->end_pfn && (b->flags & PG_buddy) && b->order == o)
					why = "its buddy is free too (missed merge)";
			}
			if (why) {
				pr_err("buddy_check: zone %s order %u pfn 0x%lx: %s\n", zone->name, o,
				       (unsigned long)pfn, why);
				problems++;
			}
			pages += (unsigned long)1 << o;
			n++;
		}
		if (!!(zone->free_orders & (1u << o)) != (n != 0)) {
			pr_err("buddy_check: zone %s order %u: free_orders bit disagrees with the list\n", zone->name, o);
			problems++;
		}
		if (n != zone->free_area[o].nr_free) {
			pr_err("buddy_check: zone %s order %u: nr_free %lu but %lu blocks listed\n", zone->name, o,
			       zone->free_area[o].nr_free, n);
			problems++;
		}
	}
	if (pages != zone->free_pages) {
		pr_err("buddy_check: zone %s: free_pages %lu but %lu pages listed\n", zone->name,
		       zone->free_pages, pages);
		problems++;
	}
	return problems;
}

int buddy_check(void)
{
	int problems = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		uint64_t flags = spin_lock_irqsave(&zones[z].lock);
		problems += check_zone(&zones[z]);
		spin_unlock_irqrestore(&zones[z].lock, flags);
	}
	return problems;
}
