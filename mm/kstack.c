/*
 * mm/kstack.c - kernel stacks in their own virtual area, each with an
 * unmapped guard below it (Linux's CONFIG_VMAP_STACK).
 *
 *   KSTACK_AREA_BASE                                  + KSTACK_AREA_SIZE
 *   | guard 16K | stack 16K | guard 16K | stack 16K | ...
 *   \------- slot 0 -------/\------- slot 1 -------/
 *
 * A stack is KSTACK_SIZE bytes of order-0 pages mapped at the top of its
 * slot; the bottom half of the slot is never mapped.  A kernel stack
 * overflow runs into that guard, the CPU cannot push the page fault's
 * frame there and raises a double fault, which has its own IST stack
 * (kernel/trap.c names the task and shows the backtrace).
 *
 * Freeing gives the pages back at once and clears the PTEs, but other
 * CPUs may still cache the old translations, so the slot is "dirty": it
 * is not handed out again until a purge has flushed every CPU's TLB
 * (Linux's lazy vmap purge).  A purge runs when KSTACK_PURGE_BATCH slots
 * are dirty, when no clean slot is left, and when the last stack of a
 * 2 MiB region goes (then its page table is freed too: no page stays
 * with the area once the tasks that needed it are gone).  Region 0's
 * page table is never freed: there is always a task.
 *
 * Locking: kstack_lock (irqsave) guards the bitmaps and counts; it is
 * never held across a TLB flush (which waits for the other CPUs) or a
 * page allocation.  Callers must have interrupts enabled when freeing.
 */
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kstack.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

#define KSTACK_PAGES (KSTACK_SIZE / PAGE_SIZE)
#define NR_SLOTS (KSTACK_AREA_SIZE / KSTACK_SLOT_SIZE)
#define SLOTS_PER_REGION (MiB(2) / KSTACK_SLOT_SIZE)
#define NR_REGIONS (NR_SLOTS / SLOTS_PER_REGION)
#define KSTACK_PURGE_BATCH 64

STATIC_ASSERT(KSTACK_SLOT_SIZE >= 2 * KSTACK_SIZE);

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static uint64_t slot_used[NR_SLOTS / 64];  /* mapped, or being mapped */
static uint64_t slot_dirty[NR_SLOTS / 64]; /* freed; TLBs may still hold it */
static uint16_t region_used[NR_REGIONS];   /* used slots per 2 MiB */
static unsigned nr_dirty;
static unsigned long nr_stacks; /* for /proc/meminfo's KernelStack */

static uint64_t slot_base(unsigned slot)
{
	return KSTACK_AREA_BASE + (uint64_t)slot * KSTACK_SLOT_SIZE;
}

static uint64_t slot_stack(unsigned slot)
{
	return slot_base(slot) + KSTACK_SLOT_SIZE - KSTACK_SIZE;
}

static bool test_bit64(const uint64_t *map, unsigned bit)
{
	return map[bit / 64] >> (bit % 64) & 1;
}

/* A clean free slot, lowest first (keeps the area, and its page tables, compact); -1 if none. */
static int find_free_slot(void)
{
	for (unsigned w = 0; w < NR_SLOTS / 64; w++) {
		uint64_t busy = slot_used[w] | slot_dirty[w];
		if (busy != ~0ull)
			return (int)(w * 64 + (unsigned)__builtin_ctzll(~busy));
	}
	return -1;
}

/*
 * Flush every CPU's TLB for the area, then make the dirty slots clean
 * and free the page tables of empty regions.  Interrupts on, no locks.
 */
static void kstack_purge(void)
{
	static uint64_t purging[NR_SLOTS / 64]; /* under purge_lock */
	static struct spinlock purge_lock = SPINLOCK_INIT("kstack_purge");
	struct page *tables[16];
	unsigned nr_tables = 0;

	spin_lock(&purge_lock);
	uint64_t irq = spin_lock_irqsave(&kstack_lock);
	memcpy(purging, slot_dirty, sizeof(purging));
	for (unsigned r = 1; r < NR_REGIONS && nr_tables < ARRAY_SIZE(tables); r++) {
		if (region_used[r])
			continue;
		struct page *pt = kernel_detach_page_table(slot_base(r * SLOTS_PER_REGION));
		if (pt)
			tables[nr_tables++] = pt;
	}
	spin_unlock_irqrestore(&kstack_lock, irq);

	flush_tlb_kernel_range(KSTACK_AREA_BASE, KSTACK_AREA_SIZE);

	irq = spin_lock_irqsave(&kstack_lock);
	for (unsigned w = 0; w < NR_SLOTS / 64; w++) {
		for (uint64_t bits = purging[w]; bits; bits &= bits - 1)
			nr_dirty--;
		slot_dirty[w] &= ~purging[w];
	}
	spin_unlock_irqrestore(&kstack_lock, irq);
	spin_unlock(&purge_lock);
	for (unsigned i = 0; i < nr_tables; i++)
		__free_pages(tables[i], 0);
}

/* Unmap a slot's pages and free them; the slot itself is released by the caller. */
static void unmap_stack_pages(unsigned slot, unsigned mapped)
{
	for (unsigned i = 0; i < mapped; i++) {
		paddr_t pa = kernel_unmap_page(slot_stack(slot) + i * PAGE_SIZE);
		BUG_ON(!pa);
		__free_pages(pfn_to_page(pa >> PAGE_SHIFT), 0);
	}
}

static void release_slot(unsigned slot, bool dirty)
{
	uint64_t irq = spin_lock_irqsave(&kstack_lock);
	slot_used[slot / 64] &= ~(1ull << (slot % 64));
	if (dirty) {
		slot_dirty[slot / 64] |= 1ull << (slot % 64);
		nr_dirty++;
	}
	unsigned region = slot / SLOTS_PER_REGION;
	bool purge = --region_used[region] == 0 && region > 0; /* its page table can go */
	purge |= nr_dirty >= KSTACK_PURGE_BATCH;
	spin_unlock_irqrestore(&kstack_lock, irq);
	if (purge)
		kstack_purge();
}

void *alloc_kernel_stack(void)
{
	int slot;

	for (int attempt = 0;; attempt++) {
		uint64_t irq = spin_lock_irqsave(&kstack_lock);
		slot = find_free_slot();
		if (slot >= 0) {
			slot_used[slot / 64] |= 1ull << (slot % 64);
			region_used[slot / SLOTS_PER_REGION]++;
		}
		bool any_dirty = nr_dirty > 0;
		spin_unlock_irqrestore(&kstack_lock, irq);
		if (slot >= 0)
			break;
		if (attempt || !any_dirty)
			return NULL; /* PID_MAX tasks: the area is full */
		kstack_purge();
	}
	unsigned mapped;
	for (mapped = 0; mapped < KSTACK_PAGES; mapped++) {
		struct page *page = alloc_pages(GFP_KERNEL, 0);
		if (!page)
			break;
		if (kernel_map_page(slot_stack((unsigned)slot) + mapped * PAGE_SIZE, page_to_phys(page),
				    PTE_W | (cpu_has_nx ? PTE_NX : 0)) < 0) {
			__free_pages(page, 0);
			break;
		}
	}
	if (mapped < KSTACK_PAGES) {
		unmap_stack_pages((unsigned)slot, mapped);
		release_slot((unsigned)slot, mapped > 0);
		return NULL;
	}
	__atomic_fetch_add(&nr_stacks, 1, __ATOMIC_RELAXED);
	return (void *)slot_stack((unsigned)slot);
}

void free_kernel_stack(void *stack)
{
	uint64_t va = (uint64_t)stack;
	unsigned slot = (unsigned)((va - KSTACK_AREA_BASE) / KSTACK_SLOT_SIZE);

	BUG_ON(va < KSTACK_AREA_BASE || slot >= NR_SLOTS || va != slot_stack(slot) ||
	       !test_bit64(slot_used, slot));
	unmap_stack_pages(slot, KSTACK_PAGES);
	__atomic_fetch_sub(&nr_stacks, 1, __ATOMIC_RELAXED);
	release_slot(slot, true);
}

unsigned long nr_kernel_stacks(void)
{
	return __atomic_load_n(&nr_stacks, __ATOMIC_RELAXED);
}

bool kstack_guard_hit(uint64_t addr, uint64_t *stack_lo, uint64_t *stack_hi)
{
	if (addr < KSTACK_AREA_BASE || addr >= KSTACK_AREA_BASE + KSTACK_AREA_SIZE)
		return false;
	unsigned slot = (unsigned)((addr - KSTACK_AREA_BASE) / KSTACK_SLOT_SIZE);
	if (addr >= slot_stack(slot))
		return false; /* inside the stack itself */
	*stack_lo = slot_stack(slot);
	*stack_hi = *stack_lo + KSTACK_SIZE;
	return true;
}
