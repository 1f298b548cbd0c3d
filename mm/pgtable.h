/*
 * mm/pgtable.h - x86-64 four-level page tables: the kernel's own (direct
 * map, ioremap).
 *
 *   va: | 47..39 PML4 | 38..30 PDPT | 29..21 PD | 20..12 PT | 11..0 offset |
 *   a PDPT entry with PS maps 1 GiB, a PD entry with PS maps 2 MiB.
 *
 * For now: the kernel's own tables (the direct map).  The user-mode and
 * virtual-memory issues add per-process tables on top of the same code.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include "kernel/types.h"

struct page;

typedef uint64_t pte_t;

#define PTE_P   (1ull << 0)
#define PTE_W   (1ull << 1)
#define PTE_U   (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_A   (1ull << 5)
#define PTE_D   (1ull << 6)
#define PTE_PS  (1ull << 7)
#define PTE_G   (1ull << 8)
#define PTE_NX  (1ull << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ull

extern bool cpu_has_nx, cpu_has_gbpages;

/*
 * Map [va, va+len) to [pa, pa+len) in the kernel's tables with the largest
 * pages alignment allows (1 GiB, 2 MiB, 4 KiB).  Page-table pages come from
 * memblock below 1 GiB.  Returns 0 or -ENOMEM; mapping over a present
 * entry is a kernel bug.  Counts the pages of each size in *stats.
 */
struct map_stats {
	unsigned long pages_1g, pages_2m, pages_4k, tables;
};
int kernel_map_range_early(uint64_t va, uint64_t pa, uint64_t len, pte_t flags, struct map_stats *stats);
/* From now on page_offset_base reaches all RAM: tables come from the buddy. */
void kernel_direct_map_ready(void);

/*
 * Map physical [pa, pa+size) for the kernel and return its virtual address
 * (NULL on failure): firmware tables (cached) and device registers
 * (uncached).  Windows are never unmapped: they are few and small.
 */
#define IOREMAP_BASE 0xffffc90000000000ull /* Linux's vmalloc/ioremap area */
#define IOREMAP_SIZE GiB(1)
void *ioremap_prot(paddr_t pa, size_t size, pte_t cache);
#define ioremap_cache(pa, size) ioremap_prot(pa, size, 0)
#define ioremap_uc(pa, size) ioremap_prot(pa, size, PTE_PCD | PTE_PWT)
/* Unmap a window on every CPU (its addresses are not reused). */
void iounmap(void *addr, size_t size);

/* Give every kernel PML4 slot its table before the first process copies them. */
int kernel_pgd_prepare_for_processes(void);
extern pte_t boot_pml4[512];

#define KERNEL_HALF 0xffff800000000000ull /* the first kernel address (PML4 slot 256) */

/*
 * Single 4 KiB pages in a kernel area (kernel stacks): map va -> pa with
 * flags (-ENOMEM if a table page cannot be had), unmap (returns the old
 * physical address, 0 if none; the caller flushes the TLB), and take the
 * page table under va's 2 MiB away (returned for the caller to free
 * after a TLB flush, NULL if there was none).
 */
int kernel_map_page(uint64_t va, paddr_t pa, pte_t flags);
paddr_t kernel_unmap_page(uint64_t va);
struct page *kernel_detach_page_table(uint64_t va);

/* The leaf entry that maps va (level 0 = 4K, 1 = 2M, 2 = 1G), 0 if none; lock-free. */
pte_t kernel_lookup(uint64_t va, unsigned *level);
bool kernel_addr_mapped(uint64_t va);

/* The image's sections get their own permissions (W^X); check_wx() counts W+X pages. */
int kernel_protect_image(void);
unsigned long check_wx(void);

/* TLB shootdown of kernel addresses: this CPU, then every other by IPI. */
void flush_tlb_kernel_range(uint64_t va, uint64_t len);

#endif
