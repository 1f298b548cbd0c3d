/*
 * mm/pgtable.c - the kernel's page tables: the direct map of all physical
 * memory at PAGE_OFFSET_DEFAULT (no execute, global), built at boot, and
 * ioremap() windows for firmware tables and device registers afterwards.
 *
 * The tables hang off boot_pml4 (boot/boot.S), shared by every CPU and
 * with the kernel image mapping at KERNEL_VMA.  Table pages come from
 * memblock below 1 GiB while the direct map is being built (the early
 * kernel mapping reaches them), and from the page allocator afterwards.
 * The kernel image is mapped page by page with its sections' permissions
 * (kernel_protect_image: text read-only and executable, rodata read-only,
 * data and bss no-execute; W^X, which check_wx() verifies by walking
 * every kernel table), and kernel stacks get single pages in their own
 * area (kernel_map_page, mm/kstack.c).
 * Locking: boot-time mapping runs on the boot CPU alone; ioremap(),
 * iounmap() and the single-page calls take kernel_pt_lock.  Adding a mapping (not present ->
 * present) needs no TLB flush; taking one away needs a shootdown on every
 * CPU (flush_tlb_kernel_range), done after the lock is dropped.
 */
#include "kernel/errno.h"
#include "kernel/memlayout.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
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

/* ---- single pages (kernel stacks, mm/kstack.c) ---- */

int kernel_map_page(uint64_t va, paddr_t pa, pte_t flags)
{
	struct map_stats st = { 0 };

	BUG_ON(va < KERNEL_HALF || !direct_map_ready);
	uint64_t irq = spin_lock_irqsave(&kernel_pt_lock);
	int err = map_range(va, pa, PAGE_SIZE, flags, false, &st);
	spin_unlock_irqrestore(&kernel_pt_lock, irq);
	return err;
}

static pte_t *kernel_pte(uint64_t va);

paddr_t kernel_unmap_page(uint64_t va)
{
	uint64_t irq = spin_lock_irqsave(&kernel_pt_lock);
	pte_t *pte = kernel_pte(va), old = pte ? *pte : 0;
	if (pte)
		*pte = 0;
	spin_unlock_irqrestore(&kernel_pt_lock, irq);
	return old & PTE_P ? old & PTE_ADDR_MASK : 0;
}

struct page *kernel_detach_page_table(uint64_t va)
{
	struct page *pt = NULL;
	uint64_t irq = spin_lock_irqsave(&kernel_pt_lock);
	pte_t *pdpt_e = &boot_pml4[pt_index(va, 3)];
	if (*pdpt_e & PTE_P) {
		pte_t *pd_e = &((pte_t *)table_va(*pdpt_e & PTE_ADDR_MASK))[pt_index(va, 2)];
		if ((*pd_e & PTE_P) && !(*pd_e & PTE_PS)) {
			pte_t *pd = table_va(*pd_e & PTE_ADDR_MASK), *e = &pd[pt_index(va, 1)];
			if ((*e & PTE_P) && !(*e & PTE_PS)) {
				pt = pfn_to_page((*e & PTE_ADDR_MASK) >> PAGE_SHIFT);
				*e = 0;
			}
		}
	}
	spin_unlock_irqrestore(&kernel_pt_lock, irq);
	return pt;
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

/*
 * The entry that maps va in the kernel's tables at whatever level it is
 * (4 KiB, 2 MiB or 1 GiB), or 0 if va is not mapped.  Lock-free: used by
 * the oops path and the checks below, which must not take locks.
 */
pte_t kernel_lookup(uint64_t va, unsigned *level)
{
	pte_t *table = boot_pml4;

	for (int l = 3; l >= 0; l--) {
		pte_t e = __atomic_load_n(&table[pt_index(va, l)], __ATOMIC_RELAXED);
		if (!(e & PTE_P))
			return 0;
		if (l == 0 || (l < 3 && (e & PTE_PS))) {
			if (level)
				*level = (unsigned)l;
			return e;
		}
		table = table_va(e & PTE_ADDR_MASK);
	}
	return 0;
}

bool kernel_addr_mapped(uint64_t va)
{
	return va >= KERNEL_HALF && kernel_lookup(va, NULL) != 0;
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

/* ---- the kernel image, W^X ---- */

extern char __kernel_start[], __rodata_start[], __data_start[], __kernel_end[];
extern char boot_stack_guard[];

/* What each page of the first KERNEL_EARLY_MAP bytes at KERNEL_VMA becomes. */
static pte_t image_page_flags(uint64_t va)
{
	pte_t nx = cpu_has_nx ? PTE_NX : 0;

	if (va < (uint64_t)__kernel_start)
		return PTE_W | nx; /* the first MiB: VGA text buffer, the AP trampoline */
	if (va < (uint64_t)__rodata_start)
		return 0; /* text: read-only, executable */
	if (va < (uint64_t)__data_start)
		return nx; /* rodata (and the symbol table, the exception table) */
	if (va >= (uint64_t)boot_stack_guard && va < (uint64_t)boot_stack_guard + PAGE_SIZE)
		return ~0ull; /* the boot stack's guard page: not mapped */
	if (va < (uint64_t)__kernel_end)
		return PTE_W | nx; /* data, bss */
	return ~0ull; /* beyond the image: not mapped any more */
}

/*
 * Replace boot.S's mapping of the first GiB at KERNEL_VMA (2 MiB pages,
 * all writable and executable) with 4 KiB pages that give each section
 * of the image its own permissions, and nothing past the image: from
 * here on physical memory is reached through the direct map only.  Runs
 * once, on the boot CPU, before any other CPU or process exists.
 */
int kernel_protect_image(void)
{
	pte_t *pdpt = table_va(boot_pml4[pt_index(KERNEL_VMA, 3)] & PTE_ADDR_MASK);
	uint64_t end = ALIGN_UP((uint64_t)__kernel_end, MiB(2));
	struct map_stats st = { 0 };
	pte_t new_pd_entry = 0;

	BUG_ON(!direct_map_ready || !IS_ALIGNED((uint64_t)__rodata_start | (uint64_t)__data_start, PAGE_SIZE));
	pte_t *pd = next_table(&new_pd_entry, &st);
	if (!pd)
		return -ENOMEM;
	for (uint64_t va = KERNEL_VMA; va < end; va += PAGE_SIZE) {
		pte_t flags = image_page_flags(va);
		pte_t *pt = next_table(&pd[pt_index(va, 1)], &st);
		if (!pt)
			return -ENOMEM; /* the tables made so far stay: boot fails anyway */
		if (flags != ~0ull)
			pt[pt_index(va, 0)] = kernel_virt_to_phys((void *)va) | flags | PTE_P;
	}
	pdpt[pt_index(KERNEL_VMA, 2)] = new_pd_entry;
	write_cr3(read_cr3());
	return 0;
}

/* One leaf of the W+X walk: count it if it is writable and executable. */
static void wx_leaf(uint64_t va, pte_t e, unsigned level, unsigned long *bad)
{
	if ((e & PTE_W) && !(e & PTE_NX)) {
		if (*bad < 4)
			pr_warn("x86/mm: W+X mapping at 0x%016lx (%s page, entry %016lx)\n", (unsigned long)va,
				level == 2 ? "1G" : level == 1 ? "2M" : "4K", (unsigned long)e);
		*bad += level == 2 ? 512 * 512 : level == 1 ? 512 : 1;
	}
}

/* Count the W+X leaves under one table (level 3 = PML4 .. 0 = PT) from index first on. */
static void wx_walk(const pte_t *table, int level, unsigned first, uint64_t va, unsigned long *bad)
{
	for (unsigned i = first; i < 512; i++) {
		pte_t e = table[i];
		uint64_t va_i = va | (uint64_t)i << (PAGE_SHIFT + 9 * level);
		if (!(e & PTE_P))
			continue;
		if (level == 0 || (level < 3 && (e & PTE_PS)))
			wx_leaf(va_i, e, (unsigned)level, bad);
		else
			wx_walk(table_va(e & PTE_ADDR_MASK), level - 1, 0, va_i, bad);
	}
}

/*
 * Walk every kernel mapping (PML4 slots 256..511) and count the pages
 * that are both writable and executable; there must be none.  Returns
 * that count.  Linux's CONFIG_DEBUG_WX, with its message.
 */
unsigned long check_wx(void)
{
	unsigned long bad = 0;

	wx_walk(boot_pml4, 3, 256, 0xffff000000000000ull, &bad); /* the sign extension of slot 256 on */
	if (bad)
		pr_err("x86/mm: Checked W+X mappings: FAILED, %lu W+X pages found.\n", bad);
	else
		pr_info("x86/mm: Checked W+X mappings: passed, no W+X pages found.\n");
	return bad;
}
