/*
 * mm/memory.c - the page tables of user address spaces: building them,
 * walking them, tearing them down, copying them (fork), and the fault
 * handler that fills them (do_anonymous_page).
 *
 * Invariants: a user leaf PTE is 0 (nothing), present (P|U, W and NX from
 * its VMA), or PROT_NONE (PTE_PROTNONE with the frame, P clear).  Every
 * frame a leaf points at is a page of its own (order 0, refcount 1) that
 * belongs to this mm alone: fork copies (the virtual memory issue brings
 * copy-on-write).  Intermediate entries of the user half are P|W|U (the
 * leaves decide).  Locking: see mm/vm.h - only the owning task changes
 * its tables.
 */
#include "kernel/panic.h"
#include "kernel/trap.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/vm.h"

static unsigned pt_index(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & 511;
}

pte_t vm_flags_to_pte(unsigned vm_flags)
{
	pte_t pte = PTE_P | PTE_U;

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return PTE_PROTNONE;
	if (vm_flags & VM_WRITE)
		pte |= PTE_W;
	if (!(vm_flags & VM_EXEC) && cpu_has_nx)
		pte |= PTE_NX;
	return pte;
}

void flush_tlb_user(void)
{
	write_cr3(read_cr3());
}

pte_t *pgd_alloc(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return NULL;
	pte_t *pgd = page_address(page);
	memcpy(pgd + 256, boot_pml4 + 256, 256 * sizeof(pte_t));
	return pgd;
}

/* Free the user-half tables below `table` (level 3 = the PML4 itself). */
static void free_tables(pte_t *table, int level, uint64_t *count)
{
	unsigned end = level == 3 ? 256 : 512;

	for (unsigned i = 0; i < end; i++) {
		pte_t e = table[i];
		if (!(e & PTE_P))
			continue;
		pte_t *next = phys_to_virt(e & PTE_ADDR_MASK);
		if (level > 1)
			free_tables(next, level - 1, count);
		__free_page(virt_to_page(next));
		(*count)++;
		table[i] = 0;
	}
}

void pgd_free(pte_t *pgd)
{
	uint64_t n = 0;

	free_tables(pgd, 3, &n);
	__free_page(virt_to_page(pgd));
}

pte_t *user_pte(struct mm *mm, uint64_t va, bool alloc)
{
	pte_t *table = mm->pgd;

	BUG_ON(va >= USER_TOP);
	for (int level = 3; level > 0; level--) {
		pte_t *e = &table[pt_index(va, level)];
		if (!(*e & PTE_P)) {
			if (!alloc)
				return NULL;
			struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
			if (!page)
				return NULL;
			*e = page_to_phys(page) | PTE_P | PTE_W | PTE_U;
			mm->pt_pages++;
		}
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &table[pt_index(va, 0)];
}

static bool pte_has_page(pte_t pte)
{
	return pte & (PTE_P | PTE_PROTNONE);
}

void unmap_user_range(struct mm *mm, uint64_t start, uint64_t end)
{
	bool flushed_any = false;

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = user_pte(mm, va, false);
		if (!pte) { /* skip the rest of this page table */
			va = ALIGN_DOWN(va, MiB(2)) + MiB(2) - PAGE_SIZE;
			continue;
		}
		if (!pte_has_page(*pte))
			continue;
		struct page *page = pfn_to_page((*pte & PTE_ADDR_MASK) >> PAGE_SHIFT);
		*pte = 0;
		__free_page(page);
		mm->rss_pages--;
		flushed_any = true;
	}
	if (flushed_any && mm == current->mm)
		flush_tlb_user();
}

void change_user_prot(struct mm *mm, uint64_t start, uint64_t end, unsigned vm_flags)
{
	pte_t prot = vm_flags_to_pte(vm_flags);

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = user_pte(mm, va, false);
		if (!pte) {
			va = ALIGN_DOWN(va, MiB(2)) + MiB(2) - PAGE_SIZE;
			continue;
		}
		if (pte_has_page(*pte))
			*pte = (*pte & PTE_ADDR_MASK) | prot;
	}
	if (mm == current->mm)
		flush_tlb_user();
}

int copy_user_range(struct mm *dst, struct mm *src, uint64_t start, uint64_t end)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *spte = user_pte(src, va, false);
		if (!spte) {
			va = ALIGN_DOWN(va, MiB(2)) + MiB(2) - PAGE_SIZE;
			continue;
		}
		if (!pte_has_page(*spte))
			continue;
		pte_t *dpte = user_pte(dst, va, true);
		struct page *page = alloc_page(GFP_KERNEL);
		if (!dpte || !page) {
			if (page)
				__free_page(page);
			return -ENOMEM;
		}
		memcpy(page_address(page), phys_to_virt(*spte & PTE_ADDR_MASK), PAGE_SIZE);
		*dpte = page_to_phys(page) | (*spte & ~PTE_ADDR_MASK & ~(PTE_A | PTE_D));
		dst->rss_pages++;
	}
	return 0;
}

/* Stage 5 of the life of a malloc: the first touch of an anonymous page. */
static int do_anonymous_page(struct mm *mm, struct vma *vma, uint64_t addr, pte_t *pte)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return -ENOMEM;
	*pte = page_to_phys(page) | vm_flags_to_pte(vma->flags);
	mm->rss_pages++;
	return 0;
}

int handle_mm_fault(struct mm *mm, uint64_t addr, unsigned error_code)
{
	if (addr >= USER_TOP)
		return -EFAULT;
	struct vma *vma = find_vma(mm, addr);
	if (!vma || vma->start > addr)
		return -EFAULT;
	if ((error_code & PF_WRITE) && !(vma->flags & VM_WRITE))
		return -EACCES;
	if ((error_code & PF_INSTR) && !(vma->flags & VM_EXEC))
		return -EACCES;
	if (!(vma->flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EACCES;
	pte_t *pte = user_pte(mm, ALIGN_DOWN(addr, PAGE_SIZE), true);
	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_P) {
		/* present and allowed by the VMA: a stale TLB entry (another CPU's
		 * view before a change); the retry will do */
		invlpg(addr);
		return 0;
	}
	return do_anonymous_page(mm, vma, addr, pte);
}

/* The page at addr, made if missing whatever the VMA's permissions (exec
 * fills read-only segments through the direct map).  NULL: no VMA or no memory. */
struct page *mm_get_page(struct mm *mm, uint64_t addr)
{
	struct vma *vma = find_vma(mm, addr);

	if (!vma || vma->start > addr)
		return NULL;
	pte_t *pte = user_pte(mm, ALIGN_DOWN(addr, PAGE_SIZE), true);
	if (!pte)
		return NULL;
	if (!pte_has_page(*pte) && do_anonymous_page(mm, vma, addr, pte))
		return NULL;
	return pfn_to_page((*pte & PTE_ADDR_MASK) >> PAGE_SHIFT);
}
