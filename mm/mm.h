/*
 * mm/mm.h - memory management, as the rest of the kernel sees it at boot.
 * The allocators have their own headers: mm/page_alloc.h (pages),
 * mm/slab.h (kmalloc, kmem_cache).
 */
#ifndef MM_MM_H
#define MM_MM_H

struct boot_info;

/* Set up memblock, the direct map, the frame database, zones and the
 * buddy allocator from the boot loader's memory map.  0 or -errno. */
int mm_init(const struct boot_info *bi);

#endif
