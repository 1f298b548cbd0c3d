/*
 * mm/pgtable.c - building the kernel's page tables at boot: the direct map
 * of all physical memory at PAGE_OFFSET_DEFAULT, no execute, global.
 *
 * The tables hang off boot_pml4 (boot/boot.S), shared with the kernel
 * image mapping at KERNEL_VMA.  New table pages come from memblock below
 * 1 GiB, where the early kernel mapping reaches them.
 * Boot CPU only, before the buddy exists: no locking.
 */
#include "kernel/errno.h"
#include "kernel/memlayout.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "mm/mm_internal.h"
#include "mm/pgtable.h"

extern pte_t boot_pml4[512];

bool cpu_has_nx, cpu_has_gbpages;

static pte_t *early_table(pte_t entry)
{
	return early_phys_to_virt(entry & PTE_ADDR_MASK);
}

/* The table the entry points to, made (zeroed) if missing. */
static pte_t *next_table(pte_t *entry, struct map_stats *stats)
{
	if (!(*entry & PTE_P)) {
		paddr_t pa = memblock_alloc(PAGE_SIZE, PAGE_SIZE, KERNEL_EARLY_MAP);
		if (!pa)
			return NULL;
		memset(early_phys_to_virt(pa), 0, PAGE_SIZE);
		*entry = pa | PTE_P | PTE_W; /* permissions live in the leaves */
		stats->tables++;
	}
	BUG_ON(*entry & PTE_PS); /* a large page where a table should be */
	return early_table(*entry);
}

static unsigned pt_index(uint64_t va, int level) /* level 3 = PML4 .. 0 = PT */
{
	return (va >> (PAGE_SHIFT + 9 * level)) & 511;
}

int kernel_map_range_early(uint64_t va, uint64_t pa, uint64_t len, pte_t flags, struct map_stats *stats)
{
	BUG_ON(!IS_ALIGNED(va | pa | len, PAGE_SIZE));
	while (len) {
		pte_t *pdpt = next_table(&boot_pml4[pt_index(va, 3)], stats);
		if (!pdpt)
			return -ENOMEM;
		pte_t *e = &pdpt[pt_index(va, 2)];
		if (cpu_has_gbpages && IS_ALIGNED(va | pa, GiB(1)) && len >= GiB(1)) {
			BUG_ON(*e & PTE_P);
			*e = pa | flags | PTE_P | PTE_PS;
			stats->pages_1g++;
			va += GiB(1), pa += GiB(1), len -= GiB(1);
			continue;
		}
		pte_t *pd = next_table(e, stats);
		if (!pd)
			return -ENOMEM;
		e = &pd[pt_index(va, 1)];
		if (IS_ALIGNED(va | pa, MiB(2)) && len >= MiB(2)) {
			BUG_ON(*e & PTE_P);
			*e = pa | flags | PTE_P | PTE_PS;
			stats->pages_2m++;
			va += MiB(2), pa += MiB(2), len -= MiB(2);
			continue;
		}
		pte_t *pt = next_table(e, stats);
		if (!pt)
			return -ENOMEM;
		e = &pt[pt_index(va, 0)];
		BUG_ON(*e & PTE_P);
		*e = pa | flags | PTE_P;
		stats->pages_4k++;
		va += PAGE_SIZE, pa += PAGE_SIZE, len -= PAGE_SIZE;
	}
	return 0;
}
