/*
 * mm/memblock.c - the boot-time memory allocator, after Linux's memblock.
 *
 * Two sorted lists of non-overlapping physical ranges: `memory` (usable
 * RAM from the firmware map) and `reserved` (what must not be handed out:
 * the first MiB, the kernel image, the boot loader's data, and every
 * memblock_alloc()).  It lives only until mm_init_frames() has given all
 * the free frames to the buddy allocator; afterwards it is read-only.
 * Boot CPU only, before interrupts: no locking.
 */
#include "kernel/bootinfo.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm_internal.h"

struct memblock memblock;

void memblock_reset(void)
{
	memset(&memblock, 0, sizeof(memblock));
}

/* Insert [base, base+size) keeping the list sorted, merging what touches. */
int memblock_type_add(struct memblock_type *type, paddr_t base, paddr_t size)
{
	paddr_t end = base + size;
	unsigned i = 0, j;

	if (size == 0)
		return 0;
	if (end < base)
		return -EINVAL;
	while (i < type->cnt && type->regions[i].base + type->regions[i].size < base)
		i++;
	/* regions i..j-1 touch or overlap the new one: merge them into it */
	for (j = i; j < type->cnt && type->regions[j].base <= end; j++) {
		base = MIN(base, type->regions[j].base);
		end = MAX(end, type->regions[j].base + type->regions[j].size);
	}
	if (j == i) {
		if (type->cnt == MEMBLOCK_MAX_REGIONS)
			return -ENOSPC;
		memmove(&type->regions[i + 1], &type->regions[i], (type->cnt - i) * sizeof(type->regions[0]));
		type->cnt++;
	} else if (j > i + 1) {
		memmove(&type->regions[i + 1], &type->regions[j], (type->cnt - j) * sizeof(type->regions[0]));
		type->cnt -= j - i - 1;
	}
	type->regions[i] = (struct memblock_region){ base, end - base };
	return 0;
}

int memblock_add(paddr_t base, paddr_t size)
{
	return memblock_type_add(&memblock.memory, base, size);
}

int memblock_reserve(paddr_t base, paddr_t size)
{
	return memblock_type_add(&memblock.reserved, base, size);
}

/*
 * Walk the usable ranges minus the reserved ones.  Both lists are sorted
 * and disjoint, so one pass over each is enough.
 */
void memblock_for_each_free_range(void (*fn)(paddr_t start, paddr_t end, void *arg), void *arg)
{
	const struct memblock_type *mem = &memblock.memory, *res = &memblock.reserved;
	unsigned r = 0;

	for (unsigned m = 0; m < mem->cnt; m++) {
		paddr_t start = mem->regions[m].base, end = start + mem->regions[m].size;
		while (r < res->cnt && res->regions[r].base + res->regions[r].size <= start)
			r++;
		for (unsigned k = r; k < res->cnt && res->regions[k].base < end && start < end; k++) {
			paddr_t rs = res->regions[k].base, re = rs + res->regions[k].size;
			if (rs > start)
				fn(start, rs, arg);
			start = MAX(start, re);
		}
		if (start < end)
			fn(start, end, arg);
	}
}

/*
 * The firmware's map: usable entries (shrunk to whole pages) become memory;
 * every other entry (grown to whole pages) is reserved, so where the map
 * overlaps itself the non-usable type wins.  Returns how many entries did
 * not fit.
 */
unsigned memblock_add_e820(const struct boot_mmap_entry *map, unsigned n)
{
	unsigned dropped = 0;

	for (unsigned i = 0; i < n; i++) {
		paddr_t start = ALIGN_UP(map[i].addr, (paddr_t)PAGE_SIZE);
		paddr_t end = ALIGN_DOWN(map[i].addr + map[i].len, (paddr_t)PAGE_SIZE);
		if (map[i].type == E820_USABLE && end > start)
			dropped += memblock_add(start, end - start) < 0;
	}
	for (unsigned i = 0; i < n; i++) {
		paddr_t start = ALIGN_DOWN(map[i].addr, (paddr_t)PAGE_SIZE);
		paddr_t end = ALIGN_UP(map[i].addr + map[i].len, (paddr_t)PAGE_SIZE);
		if (map[i].type != E820_USABLE && end > start)
			dropped += memblock_reserve(start, end - start) < 0;
	}
	return dropped;
}

struct alloc_search {
	paddr_t size, align, limit, found;
};

static void consider_range(paddr_t start, paddr_t end, void *arg)
{
	struct alloc_search *s = arg;

	end = MIN(end, s->limit);
	if (end < start + s->size)
		return;
	paddr_t base = ALIGN_DOWN(end - s->size, s->align);
	if (base >= start && base > s->found)
		s->found = base; /* ranges come in address order: keep the highest */
}

paddr_t memblock_alloc(paddr_t size, paddr_t align, paddr_t limit)
{
	struct alloc_search s = { ALIGN_UP(size, (paddr_t)PAGE_SIZE), align, limit, 0 };

	memblock_for_each_free_range(consider_range, &s);
	if (!s.found || memblock_reserve(s.found, s.size) < 0)
		return 0;
	return s.found;
}

void memblock_enforce_memory_limit(paddr_t limit)
{
	struct memblock_type *mem = &memblock.memory;
	paddr_t kept = 0;

	limit = ALIGN_DOWN(limit, (paddr_t)PAGE_SIZE); /* regions stay whole pages */
	for (unsigned i = 0; i < mem->cnt; i++) {
		if (kept + mem->regions[i].size > limit) {
			mem->regions[i].size = limit - kept;
			mem->cnt = mem->regions[i].size ? i + 1 : i;
			return;
		}
		kept += mem->regions[i].size;
	}
}

paddr_t memblock_end_of_ram(void)
{
	const struct memblock_type *mem = &memblock.memory;

	return mem->cnt ? mem->regions[mem->cnt - 1].base + mem->regions[mem->cnt - 1].size : 0;
}

paddr_t memblock_total_ram(void)
{
	paddr_t total = 0;

	for (unsigned i = 0; i < memblock.memory.cnt; i++)
		total += memblock.memory.regions[i].size;
	return total;
}
