/*
 * mm/page_alloc.c - the full allocation and free paths, behind the inline
 * fast paths of page_alloc.h: zone choice, watermarks, the slow path, and
 * the checks.
 *
 *   alloc_pages(gfp, order)
 *     fast (inline): order 0, this CPU's list of the preferred zone has a page
 *     __alloc_pages: for each allowed zone, highest first (Normal, DMA32, DMA):
 *       order 0: the CPU's list (pcp.c), refilled from the buddy
 *       else, or list busy: the buddy (buddy.c), if above the low mark
 *     none?  drain every CPU's lists, retry down to the min mark
 *            (__GFP_HIGH: half of it); then fail with NULL.
 *
 * A freed block is checked before it goes back: reserved frames, double
 * frees (refcount already 0) and wrong orders are reported by bad_page()
 * with the caller's address, never silently merged into the free lists.
 *
 * While the page-fault event is traced, pcp.c and buddy.c note per CPU
 * where each page they hand out came from (page_alloc_notes, defined
 * here, read by kernel/trace.c; see kernel/trace.h).
 */
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/trace.h"
#include "mm/mm_internal.h"

bool bad_page_panics = true;
unsigned long nr_bad_pages;

/* per CPU, written by that CPU in the allocator (see kernel/trace.h) */
struct page_alloc_note page_alloc_notes[MAX_CPUS];
bool page_alloc_note_on;

enum alloc_mark { ALLOC_LOW, ALLOC_MIN };

void bad_page(const struct page *page, const char *reason, unsigned long caller_ip)
{
	char sym[KSYM_NAME_BUF];

	ksym_format(caller_ip, sym, sizeof(sym));
	pr_emerg("BUG: Bad page state: %s\n", reason);
	if (page >= mem_map && page < mem_map + max_pfn)
		pr_emerg("page: pfn 0x%lx flags 0x%x refcount %d order %u zone %u\n",
			 (unsigned long)page_to_pfn(page), page->flags, page->refcount, page->order, page->zone);
	else
		pr_emerg("page: %p is not in the frame array\n", (const void *)page);
	pr_emerg("caller: %s\n", sym);
	nr_bad_pages++;
	if (bad_page_panics)
		panic("bad page state: %s", reason);
}

/* Zones gfp may use, highest first; returns how many. */
static int gfp_zonelist(gfp_t gfp, struct zone *list[MAX_NR_ZONES])
{
	int top = (gfp & __GFP_DMA) ? ZONE_DMA : (gfp & __GFP_DMA32) ? ZONE_DMA32 : ZONE_NORMAL;
	int n = 0;

	for (int z = top; z >= 0; z--)
		if (zones[z].managed_pages)
			list[n++] = &zones[z];
	return n;
}

static unsigned long zone_mark(const struct zone *zone, gfp_t gfp, enum alloc_mark which)
{
	if (which == ALLOC_LOW)
		return zone->watermark[WMARK_LOW];
	return (gfp & __GFP_HIGH) ? zone->watermark[WMARK_MIN] / 2 : zone->watermark[WMARK_MIN];
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned order, enum alloc_mark which)
{
	struct zone *list[MAX_NR_ZONES];
	int n = gfp_zonelist(gfp, list);

	for (int i = 0; i < n; i++) {
		struct zone *zone = list[i];
		struct page *page = NULL;
		if (order == 0 && !pcp_disabled && which == ALLOC_LOW)
			page = pcp_alloc(zone);
		if (!page) /* higher order, no per-CPU lists, list busy, or zone low */
			page = buddy_alloc(zone, order, zone_mark(zone, gfp, which));
		if (page)
			return page;
	}
	return NULL;
}

static void warn_alloc(gfp_t gfp, unsigned order)
{
	char buf[1024];

	pr_warn("page allocation failure: order:%u, mode:0x%x\n", order, gfp);
	buddyinfo_format(buf, sizeof(buf));
	printk(KERN_WARNING "%s", buf);
}

struct page *__alloc_pages(gfp_t gfp, unsigned order)
{
	struct page *page;

	if (gfp & __GFP_RECLAIM)
		might_sleep(); /* GFP_KERNEL: the caller must be able to wait (reclaim, later) */
	if (unlikely(order >= MAX_ORDER)) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("alloc_pages: order %u is above the largest (%d)\n", order, MAX_ORDER - 1);
		return NULL;
	}
	if (unlikely(fail_page_alloc_on) && should_fail_alloc_page(gfp, order, (unsigned long)__builtin_return_address(0)))
		return NULL; /* injected (mm/fail_alloc.c): no report, as Linux */
	page = get_page_from_freelist(gfp, order, ALLOC_LOW);
	if (unlikely(!page)) {
		drain_all_pages(); /* per-CPU lists may hold what we need */
		page = get_page_from_freelist(gfp, order, ALLOC_MIN);
		if (!page) {
			if (!(gfp & __GFP_NOWARN))
				warn_alloc(gfp, order);
			return NULL;
		}
	}
	if (unlikely(page->refcount != 0)) {
		/* the page is in an unknown state: report it and leave it alone */
		bad_page(page, "free page has a reference", _THIS_IP_);
		return NULL;
	}
	page->refcount = 1;
	if (gfp & __GFP_ZERO)
		for (unsigned i = 0; i < (1u << order); i++)
			clear_page((char *)page_address(page) + i * PAGE_SIZE);
	return page;
}

/* Is this a block we handed out, of this order?  If not, report it. */
static bool free_pages_check(struct page *page, unsigned order, unsigned long caller_ip)
{
	if (unlikely((uintptr_t)page - (uintptr_t)mem_map >= max_pfn * sizeof(struct page))) {
		bad_page(page, "freeing something that is not a page", caller_ip);
		return false;
	}
	if (unlikely(page->flags & PG_reserved)) {
		bad_page(page, "freeing a reserved page", caller_ip);
		return false;
	}
	if (unlikely(page->flags & PG_slab)) {
		bad_page(page, "freeing a page that belongs to a slab (use kfree)", caller_ip);
		return false;
	}
	if (unlikely(page->refcount <= 0)) {
		bad_page(page, "double free, or freeing a page that was never allocated", caller_ip);
		return false;
	}
	if (unlikely(page->order != order || order >= MAX_ORDER)) {
		bad_page(page, "freeing a block with the wrong order", caller_ip);
		return false;
	}
	return true;
}

/*
 * Everything the inline __free_pages() left: checks (with a report), shared pages
 * (refcount > 1: only drop ours), full or busy per-CPU lists, higher
 * orders.  caller_ip says who freed, for the report.
 */
void free_pages_slowpath(struct page *page, unsigned order, unsigned long caller_ip)
{
	if (!free_pages_check(page, order, caller_ip))
		return;
	if (__atomic_sub_fetch(&page->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	struct zone *zone = page_zone(page);
	if (order == 0 && !pcp_disabled && pcp_free(zone, page))
		return;
	buddy_free(zone, page, order);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)(uintptr_t)page_address(page) : 0;
}

void free_pages(unsigned long va, unsigned order)
{
	if (va)
		__free_pages(virt_to_page((const void *)(uintptr_t)va), order);
}

unsigned long nr_free_pages(void)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zones[z].free_pages;
	return n;
}

unsigned long nr_pcp_pages(void)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
			n += (unsigned long)zones[z].pcp[cpu].count;
	return n;
}

unsigned long nr_managed_pages(void)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zones[z].managed_pages;
	return n;
}
