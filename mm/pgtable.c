/*
 * mm/pgtable.c - the kernel's page tables: the direct map of all physical
 * memory at PAGE_OFFSET_DEFAULT (no execute, global), built at boot, and
 * ioremap() windows for firmware tables and device registers afterwards.
 *
 * The tables hang off boot_pml4 (boot/boot.S), shared by every CPU and
 * with the kernel image mapping at KERNEL_VMA.  Table pages come from
 * memblock below 1 GiB while the direct map is being built (the early
 * kernel mapping reaches them), and from the page allocator afterwards.
 * Locking: boot-time mapping runs on the boot CPU alone; ioremap() and
 * iounmap() take kernel_pt_lock.  Adding a mapping (not present ->
 * present) needs no TLB flush; taking one away needs a shootdown on every
 * CPU (flush_tlb_kernel_range), done after the lock is dropped.
 */
#include "kernel/errno.h"
#include "kernel/memlayout.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/smp.h"
#include "kernel/x86.h"
#include "mm/mm_internal.h"
#include "mm/pgtable.h"

extern pte_t boot_pml4[512];

bool cpu_has_nx, cpu_has_gbpages;

static bool direct_map_ready; /* set once page_offset_base reaches all RAM */
static struct spinlock kernel_pt_lock = SPINLOCK_INIT("kernel_pt");

static pte_t *table_va(paddr_t pa)
{
	return direct_map_ready ? phys_to_virt(pa) : early_phys_to_virt(pa);
}

static paddr_t alloc_table(void)
{
	if (!direct_map_ready) {
		paddr_t pa = memblock_alloc(PAGE_SIZE, PAGE_SIZE, KERNEL_EARLY_MAP);
		if (pa)
			memset(early_phys_to_virt(pa), 0, PAGE_SIZE);
		return pa;
	}
	/* under kernel_pt_lock, interrupts off: no sleeping allocation */
	struct page *page = alloc_pages(GFP_ATOMIC | __GFP_ZERO, 0);
	return page ? page_to_phys(page) : 0;
}

/* The table the entry points to, made (zeroed) if missing. */
static pte_t *next_table(pte_t *entry, struct map_stats *stats)
{
	if (!(*entry & PTE_P)) {
		paddr_t pa = alloc_table();
		if (!pa)
			return NULL;
		*entry = pa | PTE_P | PTE_W; /* permissions live in the leaves */
		stats->tables++;
	}
	BUG_ON(*entry & PTE_PS); /* a large page where a table should be */
	return table_va(*entry & PTE_ADDR_MASK);
}

static unsigned pt_index(uint64_t va, int level) /* level 3 = PML4 .. 0 = PT */
{
	return (va >> (PAGE_SHIFT + 9 * level)) & 511;
}

static int map_range(uint64_t va, uint64_t pa, uint64_t len, pte_t flags, bool large, struct map_stats *stats)
{
	BUG_ON(!IS_ALIGNED(va | pa | len, PAGE_SIZE));
	while (len) {
		pte_t *pdpt = next_table(&boot_pml4[pt_index(va, 3)], stats);
		if (!pdpt)
			return -ENOMEM;
		pte_t *e = &pdpt[pt_index(va, 2)];
		if (large && cpu_has_gbpages && IS_ALIGNED(va | pa, GiB(1)) && len >= GiB(1)) {
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
		if (large && IS_ALIGNED(va | pa, MiB(2)) && len >= MiB(2)) {
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

int kernel_map_range_early(uint64_t va, uint64_t pa, uint64_t len, pte_t flags, struct map_stats *stats)
{
	return map_range(va, pa, len, flags, true, stats);
}

void kernel_direct_map_ready(void)
{
	direct_map_ready = true;
}

/* ioremap windows: a bump allocator over [IOREMAP_BASE, +IOREMAP_SIZE). */
static uint64_t ioremap_next = IOREMAP_BASE; /* kernel_pt_lock */

void *ioremap_prot(paddr_t pa, size_t size, pte_t cache)
{
	paddr_t start = ALIGN_DOWN(pa, (paddr_t)PAGE_SIZE);
	uint64_t len = ALIGN_UP(pa + size, (paddr_t)PAGE_SIZE) - start;
	struct map_stats st = { 0 };

	if (size == 0 || pa + size < pa || !direct_map_ready)
		return NULL;
	uint64_t flags = spin_lock_irqsave(&kernel_pt_lock);
	uint64_t va = ioremap_next;
	int err = -ENOMEM;
	if (len <= IOREMAP_BASE + IOREMAP_SIZE - va) {
		err = map_range(va, start, len, PTE_W | PTE_G | (cpu_has_nx ? PTE_NX : 0) | cache, false, &st);
		ioremap_next += len + PAGE_SIZE; /* an unmapped guard page between windows */
	}
	spin_unlock_irqrestore(&kernel_pt_lock, flags);
	return err ? NULL : (void *)(uintptr_t)(va + (pa - start));
}

/* ---- TLB shootdown ---- */

struct flush_range {
	uint64_t va, len;
};

static void flush_local(const struct flush_range *r)
{
	if (r->len > 256 * PAGE_SIZE) { /* cheaper to drop the whole TLB (no global pages: CR4.PGE is off) */
		write_cr3(read_cr3());
		return;
	}
	for (uint64_t off = 0; off < r->len; off += PAGE_SIZE)
		invlpg(r->va + off);
}

static void flush_remote(void *arg)
{
	flush_local(arg);
}

/*
 * Forget kernel translations of [va, va+len) on every CPU: this one
 * directly, the others by IPI (they all share the kernel's page tables,
 * so any of them may cache an entry).  Returns once every CPU is done.
 */
void flush_tlb_kernel_range(uint64_t va, uint64_t len)
{
	struct flush_range r = { ALIGN_DOWN(va, PAGE_SIZE), ALIGN_UP(va + len, PAGE_SIZE) - ALIGN_DOWN(va, PAGE_SIZE) };

	flush_local(&r);
	smp_call_function(flush_remote, &r);
}

/* The 4 KiB leaf entry of va in the kernel's tables, or NULL. */
static pte_t *kernel_pte(uint64_t va)
{
	pte_t *table = boot_pml4;

	for (int level = 3; level > 0; level--) {
		pte_t e = table[pt_index(va, level)];
		if (!(e & PTE_P) || (e & PTE_PS))
			return NULL;
		table = table_va(e & PTE_ADDR_MASK);
	}
	return &table[pt_index(va, 0)];
}

/* Take an ioremap window away, on every CPU. */
void iounmap(void *addr, size_t size)
{
	uint64_t va = ALIGN_DOWN((uint64_t)addr, PAGE_SIZE);
	uint64_t len = ALIGN_UP((uint64_t)addr + size, PAGE_SIZE) - va;

	if (va < IOREMAP_BASE || va + len > IOREMAP_BASE + IOREMAP_SIZE)
		return;
	uint64_t flags = spin_lock_irqsave(&kernel_pt_lock);
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		pte_t *pte = kernel_pte(va + off);
		if (pte)
			*pte = 0;
	}
	spin_unlock_irqrestore(&kernel_pt_lock, flags);
	flush_tlb_kernel_range(va, len); /* interrupts on: it waits for the other CPUs */
}

/*
 * Processes copy PML4 slots 256..511 when they are created and never
 * look at the kernel's PML4 again, so every slot the kernel will ever use
 * must have its table now: the direct map's are made at boot, the
 * kernel image's by boot.S; make the ioremap area's.
 */
int kernel_pgd_prepare_for_processes(void)
{
	struct map_stats st = { 0 };
	uint64_t flags = spin_lock_irqsave(&kernel_pt_lock);
	pte_t *pdpt = next_table(&boot_pml4[pt_index(IOREMAP_BASE, 3)], &st);
	spin_unlock_irqrestore(&kernel_pt_lock, flags);
	return pdpt ? 0 : -ENOMEM;
}
