/*
 * mm/frames.c - build the frame database and hand every free frame to the
 * buddy allocator.  Runs once, on the boot CPU, after memblock knows the
 * RAM and what is reserved, and page_offset_base reaches all of RAM.
 *
 *   1. max_pfn = end of RAM; mem_map = max_pfn struct pages (from memblock)
 *   2. every frame starts PG_reserved, in its zone by address
 *   3. each free range (RAM minus reserved) is freed to the buddy in the
 *      largest aligned blocks that fit, clearing PG_reserved
 *   4. watermarks, per-CPU lists
 * Frames never freed in step 3 stay reserved for good: the first MiB, the
 * kernel image, boot-loader data, ACPI, holes, the frame array itself.
 * Pure code: also run by the host unit tests over simulated memory.
 */
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm_internal.h"

uintptr_t page_offset_base = PAGE_OFFSET_DEFAULT;
struct page *mem_map;
pfn_t max_pfn;
unsigned long frame_array_bytes;

STATIC_ASSERT(sizeof(struct page) <= 64);

static enum zone_type pfn_zone(pfn_t pfn)
{
	return pfn < ZONE_DMA_END_PFN ? ZONE_DMA : pfn < ZONE_DMA32_END_PFN ? ZONE_DMA32 : ZONE_NORMAL;
}

static void count_present(paddr_t start, paddr_t end)
{
	for (pfn_t pfn = ALIGN_UP(start, (paddr_t)PAGE_SIZE) >> PAGE_SHIFT; pfn < end >> PAGE_SHIFT; pfn++)
		zones[pfn_zone(pfn)].present_pages++;
}

/* Free [start, end) to the buddy in the largest naturally aligned blocks. */
static void free_range_to_buddy(paddr_t start, paddr_t end, void *arg)
{
	pfn_t pfn = ALIGN_UP(start, (paddr_t)PAGE_SIZE) >> PAGE_SHIFT, last = end >> PAGE_SHIFT;

	(void)arg;
	while (pfn < last) {
		unsigned order = MAX_ORDER - 1;
		while (order && ((pfn & (((pfn_t)1 << order) - 1)) || pfn + ((pfn_t)1 << order) > last))
			order--;
		struct zone *zone = &zones[pfn_zone(pfn)];
		for (pfn_t i = 0; i < ((pfn_t)1 << order); i++)
			pfn_to_page(pfn + i)->flags &= ~PG_reserved;
		zone->managed_pages += (unsigned long)1 << order;
		buddy_free(zone, pfn_to_page(pfn), order);
		pfn += (pfn_t)1 << order;
	}
}

int mm_init_frames(void)
{
	max_pfn = memblock_end_of_ram() >> PAGE_SHIFT;
	if (max_pfn == 0)
		return -ENOMEM;
	frame_array_bytes = ALIGN_UP(max_pfn * sizeof(struct page), (unsigned long)PAGE_SIZE);
	paddr_t pa = memblock_alloc(frame_array_bytes, PAGE_SIZE, MEMBLOCK_ANY);
	if (!pa)
		return -ENOMEM;
	mem_map = phys_to_virt(pa);

	for (pfn_t pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page = &mem_map[pfn];
		memset(page, 0, sizeof(*page));
		page->flags = PG_reserved;
		page->zone = (uint8_t)pfn_zone(pfn);
	}
	zone_init(&zones[ZONE_DMA], ZONE_DMA, 0, MIN(max_pfn, (pfn_t)ZONE_DMA_END_PFN));
	zone_init(&zones[ZONE_DMA32], ZONE_DMA32, MIN(max_pfn, (pfn_t)ZONE_DMA_END_PFN),
		  MIN(max_pfn, (pfn_t)ZONE_DMA32_END_PFN));
	zone_init(&zones[ZONE_NORMAL], ZONE_NORMAL, MIN(max_pfn, (pfn_t)ZONE_DMA32_END_PFN), max_pfn);

	for (unsigned i = 0; i < memblock.memory.cnt; i++)
		count_present(memblock.memory.regions[i].base,
			      memblock.memory.regions[i].base + memblock.memory.regions[i].size);
	memblock_for_each_free_range(free_range_to_buddy, NULL);
	zone_set_watermarks();
	for (int z = 0; z < MAX_NR_ZONES; z++)
		pcp_init(&zones[z]);
	pcp_choose_zones();
	return 0;
}
