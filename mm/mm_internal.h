/*
 * mm/mm_internal.h - what the files of mm/ share with each other (and with
 * their tests), but not with the rest of the kernel.
 */
#ifndef MM_MM_INTERNAL_H
#define MM_MM_INTERNAL_H

#include "mm/page_alloc.h"

/* ---- buddy.c: the free areas of one zone (buddy_alloc/free: page_alloc.h) ---- */
/* Move up to `count` order-0 pages to the tail of `list` (zone above `mark`),
 * or give back up to `count` pages from its tail; both return how many. */
int buddy_alloc_bulk(struct zone *zone, int count, unsigned long mark, struct list_head *list);
int buddy_free_bulk(struct zone *zone, int count, struct list_head *list);
bool zone_watermark_ok(const struct zone *zone, unsigned order, unsigned long mark);
void zone_init(struct zone *zone, enum zone_type type, pfn_t start, pfn_t end);
void zone_set_watermarks(void);
/* Walk every free list of every zone and check its invariants; returns
 * the number of problems (each one printed). */
int buddy_check(void);

/* ---- pcp.c: per-CPU lists (the fast paths are inline in page_alloc.h) ---- */
struct page *pcp_alloc(struct zone *zone);
bool pcp_free(struct zone *zone, struct page *page);
void pcp_init(struct zone *zone);
void pcp_choose_zones(void);

/* ---- page_alloc.c: checks ---- */
/* A page in a state it must not be in: report it with the caller, then
 * panic (the default), or, with bad_page_panics off (tests), refuse the
 * operation and count it in nr_bad_pages. */
void bad_page(const struct page *page, const char *reason, unsigned long caller_ip);
extern bool bad_page_panics;
extern unsigned long nr_bad_pages;

/* ---- memblock.c: the boot-time allocator, before the buddy exists ---- */
#define MEMBLOCK_MAX_REGIONS 128
#define MEMBLOCK_ANY ((paddr_t)-1)

struct memblock_region {
	paddr_t base, size;
};

struct memblock_type {
	unsigned cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	struct memblock_type memory;   /* usable RAM */
	struct memblock_type reserved; /* in use: firmware, kernel, boot allocations */
};

extern struct memblock memblock;

void memblock_reset(void);
/* Add a range to any sorted, merged range list (overlaps merge). */
int memblock_type_add(struct memblock_type *type, paddr_t base, paddr_t size);
int memblock_add(paddr_t base, paddr_t size);
int memblock_reserve(paddr_t base, paddr_t size);
/* Highest free, aligned range below `limit` (MEMBLOCK_ANY: no limit); 0 on failure. */
paddr_t memblock_alloc(paddr_t size, paddr_t align, paddr_t limit);
struct boot_mmap_entry;
/* Usable E820 entries to memory, all others reserved; returns how many did not fit. */
unsigned memblock_add_e820(const struct boot_mmap_entry *map, unsigned n);
/* Keep only the lowest `limit` bytes of usable RAM (mem=), in whole pages. */
void memblock_enforce_memory_limit(paddr_t limit);
paddr_t memblock_end_of_ram(void);
paddr_t memblock_total_ram(void);
/* Call fn for each usable range that is not reserved, in address order. */
void memblock_for_each_free_range(void (*fn)(paddr_t start, paddr_t end, void *arg), void *arg);

/* ---- mem_init.c ---- */
/* From memblock (filled) and page_offset_base (set): the frame array,
 * zones, watermarks, per-CPU lists; every free frame goes to the buddy. */
int mm_init_frames(void);
extern unsigned long frame_array_bytes;

#endif
