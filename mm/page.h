/*
 * mm/page.h - the frame database: one struct page per 4 KiB physical frame,
 * and the translations between frames, physical and virtual addresses.
 *
 *   mem_map[pfn]  <->  pfn  <->  pa = pfn << 12  <->  va = pa + page_offset_base
 *
 * page_offset_base is where the direct map puts physical address 0
 * (0xffff888000000000, as Linux on x86-64 without KASLR).  It is a
 * variable, as in Linux, so the host unit tests can point it at memory
 * of their own and run the same allocator code.
 *
 * Which fields mean what depends on the frame's state (see PG_*):
 *   free in the buddy   PG_buddy on the first frame of the block, order
 *   on a per-CPU list   refcount 0, order 0, linked through lru
 *   allocated           refcount >= 1 on the first frame, order = the
 *                       allocation order; slab pages: PG_slab + slab_*
 *   reserved            PG_reserved: never handed out, never freed
 * Who may change a page: whoever owns it (the allocator while it is free,
 * under its zone lock or on its CPU's list; the caller once allocated).
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include "kernel/list.h"
#include "kernel/memlayout.h"
#include "kernel/types.h"

#define PAGE_OFFSET_DEFAULT 0xffff888000000000ull
#define MAX_ORDER 11 /* orders 0..10: blocks of 4 KiB .. 4 MiB */

#define PG_reserved (1u << 0) /* firmware, kernel image, frame array...: never allocated */
#define PG_buddy    (1u << 1) /* first frame of a free buddy block; order is valid */
#define PG_slab     (1u << 2) /* owned by a kmem_cache */
#define PG_zeroed   (1u << 3) /* contents known to be zero (not yet used) */
#define PG_shmem    (1u << 4) /* a page of a shared anonymous mapping (mm/shmem.c) */

struct kmem_cache;

struct page {
	struct list_head lru;       /* buddy free list, per-CPU list, or slab list */
	uint32_t flags;             /* PG_* */
	int32_t refcount;           /* 0 = free; allocated blocks hold 1 on the first frame */
	int32_t mapcount;           /* user page-table entries mapping it (atomic; mm/memory.c) */
	uint8_t order;              /* block order (free head or allocated first frame) */
	uint8_t zone;               /* index into zones[] */
	uint16_t slab_inuse;        /* objects handed out from this slab */
	struct kmem_cache *slab_cache;
	void *slab_freelist;        /* first free object of this slab */
};

extern uintptr_t page_offset_base;
extern struct page *mem_map;
extern pfn_t max_pfn; /* frames 0 .. max_pfn-1 have a struct page */

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + page_offset_base);
}

/* Direct-map and kernel-image addresses both translate. */
static inline paddr_t virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;
	return v >= KERNEL_VMA ? v - KERNEL_VMA : v - page_offset_base;
}

static inline pfn_t page_to_pfn(const struct page *page)
{
	return (pfn_t)(page - mem_map);
}

static inline struct page *pfn_to_page(pfn_t pfn)
{
	return mem_map + pfn;
}

static inline paddr_t page_to_phys(const struct page *page)
{
	return page_to_pfn(page) << PAGE_SHIFT;
}

static inline void *page_address(const struct page *page)
{
	return phys_to_virt(page_to_phys(page));
}

static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(virt_to_phys(va) >> PAGE_SHIFT);
}

static inline bool pfn_valid(pfn_t pfn)
{
	return pfn < max_pfn;
}

#endif
