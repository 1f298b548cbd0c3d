/*
 * mm/memory.c - the page tables of user address spaces and the page-fault
 * handler: building and walking the tables, tearing them down (munmap,
 * exit), write-protecting them (mprotect, fork's copy-on-write), moving
 * entries (mremap), and filling them on demand (do_anonymous_page,
 * do_shared_page, do_wp_page, stack growth).
 *
 * Invariants: a user leaf PTE is 0 (nothing), present (P|U, NX unless the
 * VMA is executable, W only as below), or PROT_NONE (PTE_PROTNONE with the
 * frame, P clear).  A present or PROT_NONE entry holds one reference on
 * its frame and counts in its mapcount, except the zero page, which is
 * never counted and never writable.  A private page is writable only
 * while its refcount is 1 (nobody else maps it); after fork both sides
 * map it read-only and the first write copies it (or, if the other side
 * is gone by then, just makes it writable again).  Intermediate entries
 * of the user half are P|W|U (the leaves decide), except that a PD entry
 * may itself be a leaf: a transparent huge page (PS, 2 MiB, private
 * anonymous memory, inside one VMA, mapped by this mm only - anything
 * that would share it or cut it splits it into 512 pages first).
 *
 * Locking: see struct mm in mm/vm.h.  Page refcounts and mapcounts are
 * atomic: a page may be shared with another process on another CPU.
 *
 * Tracing: each way a fault ends notes its outcome and the entry it
 * installed (trace_fault_done), and each page allocation for a fault is
 * preceded by trace_fault_alloc_start, so that the allocator's note of
 * where the page came from is this page's (kernel/trace.h).
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/signal.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/trace.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/fail_alloc.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/vm.h"

#define GFP_USER_PAGE (GFP_KERNEL | __GFP_NOWARN)

/* The zero page: what a read of never-written anonymous memory maps. */
static uint8_t zero_page_mem[PAGE_SIZE] __aligned(PAGE_SIZE);

static inline pfn_t zero_pfn(void)
{
	return virt_to_phys(zero_page_mem) >> PAGE_SHIFT;
}

static unsigned pt_index(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & 511;
}

static inline pfn_t pte_pfn(pte_t pte)
{
	return (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static inline bool pte_has_page(pte_t pte)
{
	return pte & (PTE_P | PTE_PROTNONE);
}

pte_t vm_flags_to_pte(unsigned vm_flags)
{
	pte_t pte = PTE_P | PTE_U;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		return PTE_PROTNONE;
	if (vm_flags & VM_WRITE)
		pte |= PTE_W;
	if (!(vm_flags & VM_EXEC) && cpu_has_nx)
		pte |= PTE_NX;
	return pte;
}

/* ---- page references ---- */

static inline void get_page(struct page *page)
{
	__atomic_fetch_add(&page->refcount, 1, __ATOMIC_RELAXED);
}

void put_user_page(struct page *page)
{
	/* refcount 1: ours alone, nobody can take another; else the one
	 * that drops it to 0 frees it (__free_page wants the last reference) */
	if (__atomic_load_n(&page->refcount, __ATOMIC_ACQUIRE) == 1 ||
	    __atomic_sub_fetch(&page->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		page->refcount = 1;
		__free_page(page);
		count_vm_event(PGFREE_USER);
	}
}

/* A PTE now maps page: one more reference and mapping. */
static inline void page_add_map(struct page *page)
{
	get_page(page);
	__atomic_fetch_add(&page->mapcount, 1, __ATOMIC_RELAXED);
}

/* A PTE no longer maps page (not the zero page). */
static inline void page_remove_map(struct page *page)
{
	__atomic_fetch_sub(&page->mapcount, 1, __ATOMIC_RELAXED);
	put_user_page(page);
}

static inline void add_rss(struct mm *mm, struct vma *vma, int64_t n)
{
	mm->rss[(vma->flags & VM_SHARED) ? MM_SHMEMPAGES : MM_ANONPAGES] += n;
	uint64_t rss = mm_rss(mm);
	if (rss > mm->hiwater_rss)
		mm->hiwater_rss = rss;
}

/* ---- address-space switches and the TLB ---- */

/* The mm whose tables each CPU's CR3 holds (NULL: the kernel's alone). */
static struct mm *loaded_mm[MAX_CPUS];

/* Load next's tables on this CPU (NULL: the kernel's); interrupts off. */
void switch_mm(struct mm *next)
{
	unsigned cpu = this_cpu_id();
	struct mm *prev = loaded_mm[cpu];

	if (prev == next)
		return;
	if (prev)
		__atomic_fetch_and(&prev->cpumask, ~(1ull << cpu), __ATOMIC_RELEASE);
	loaded_mm[cpu] = next;
	if (next) {
		__atomic_fetch_or(&next->cpumask, 1ull << cpu, __ATOMIC_ACQUIRE);
		write_cr3(next->pgd_pa);
	} else {
		write_cr3(kernel_virt_to_phys(boot_pml4));
	}
}

void flush_tlb_user(void)
{
	write_cr3(read_cr3());
}

struct tlb_flush {
	struct mm *mm;
	uint64_t start, end;
};

static void flush_tlb_local(const struct tlb_flush *f)
{
	if (read_cr3() != f->mm->pgd_pa)
		return; /* not loaded here (any more): nothing cached */
	if ((f->end - f->start) >> PAGE_SHIFT > 32) {
		flush_tlb_user();
		return;
	}
	for (uint64_t va = f->start; va < f->end; va += PAGE_SIZE)
		invlpg(va);
}

static void flush_tlb_ipi(void *arg)
{
	flush_tlb_local(arg);
}

/*
 * Invalidate [start, end) of mm on every CPU that has it loaded.  A
 * process has one thread, so that is at most the CPU running it (this
 * one, in a syscall or fault); others are asked by IPI only if the mask
 * says they hold it too.
 */
void flush_tlb_mm_range(struct mm *mm, uint64_t start, uint64_t end)
{
	struct tlb_flush f = { mm, start, end };
	uint64_t others = __atomic_load_n(&mm->cpumask, __ATOMIC_ACQUIRE) & ~(1ull << this_cpu_id());

	flush_tlb_local(&f);
	if (others)
		smp_call_function(flush_tlb_ipi, &f);
}

/* ---- page tables ---- */

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
static void free_tables(pte_t *table, int level)
{
	unsigned end = level == 3 ? 256 : 512;

	for (unsigned i = 0; i < end; i++) {
		pte_t e = table[i];
		if (!(e & PTE_P))
			continue;
		BUG_ON(level == 1 && (e & PTE_PS)); /* every huge page was zapped before */
		pte_t *next = phys_to_virt(e & PTE_ADDR_MASK);
		if (level > 1)
			free_tables(next, level - 1);
		__free_page(virt_to_page(next));
		table[i] = 0;
	}
}

void pgd_free(pte_t *pgd)
{
	free_tables(pgd, 3);
	__free_page(virt_to_page(pgd));
}

/* The table an upper-level entry points to, made (zeroed) if missing and asked to. */
static pte_t *next_table(struct mm *mm, pte_t *e, bool alloc)
{
	if (!(*e & PTE_P)) {
		if (!alloc)
			return NULL;
		struct page *page = alloc_page(GFP_USER_PAGE | __GFP_ZERO);
		if (!page)
			return NULL;
		*e = page_to_phys(page) | PTE_P | PTE_W | PTE_U;
		mm->pt_pages++;
	}
	return phys_to_virt(*e & PTE_ADDR_MASK);
}

/* The PD entry (the "pmd") covering va, its tables made if missing and asked to. */
static pte_t *pmd_of(struct mm *mm, uint64_t va, bool alloc)
{
	pte_t *table = mm->pgd;

	BUG_ON(va >= USER_TOP);
	for (int level = 3; level > 1; level--)
		if (!(table = next_table(mm, &table[pt_index(va, level)], alloc)))
			return NULL;
	return &table[pt_index(va, 1)];
}

static inline bool pmd_huge(pte_t e)
{
	return (e & (PTE_P | PTE_PS)) == (PTE_P | PTE_PS);
}

/*
 * Turn the 2 MiB page mapped by *pmd into 512 pages of 4 KiB mapped by a
 * new page table, same permissions (Linux's split_huge_pmd plus
 * split_huge_page: lom never shares a huge page, fork splits them first).
 */
static int split_huge_pmd(struct mm *mm, pte_t *pmd, uint64_t base)
{
	pte_t e = *pmd;
	struct page *pt = alloc_page(GFP_USER_PAGE | __GFP_ZERO | __GFP_HIGH);

	if (!pt)
		return -ENOMEM;
	struct page *head = pfn_to_page(pte_pfn(e));
	BUG_ON(head->refcount != 1 || head->order != HPAGE_ORDER);
	pte_t prot = e & ~(PTE_ADDR_MASK | PTE_PS);
	pte_t *ptes = page_address(pt);
	for (unsigned i = 0; i < 512; i++) {
		struct page *p = head + i;
		p->order = 0;
		p->refcount = 1;
		p->mapcount = 1;
		p->flags &= ~PG_zeroed;
		ptes[i] = (page_to_phys(head) + i * PAGE_SIZE) | prot;
	}
	*pmd = page_to_phys(pt) | PTE_P | PTE_W | PTE_U;
	mm->pt_pages++;
	mm->nr_huge--;
	flush_tlb_mm_range(mm, base, base + HPAGE_SIZE);
	count_vm_event(THP_SPLIT);
	return 0;
}

/*
 * Split the huge pages in [start, end): all of them, or only those that
 * [start, end) covers partly (at its ends).  0 or -ENOMEM (nothing is
 * wrong then: what was split stays split, which is always allowed).
 */
int split_huge_pages(struct mm *mm, uint64_t start, uint64_t end, bool all)
{
	if (!mm->nr_huge || start >= end)
		return 0;
	for (uint64_t base = ALIGN_DOWN(start, HPAGE_SIZE); base < end; base += HPAGE_SIZE) {
		if (!all && base >= start && base + HPAGE_SIZE <= end) {
			/* whole inside: only the one holding end can be partial */
			base = MAX(base, ALIGN_DOWN(end, HPAGE_SIZE) - HPAGE_SIZE);
			continue;
		}
		pte_t *pmd = pmd_of(mm, base, false);
		if (pmd && pmd_huge(*pmd)) {
			int err = split_huge_pmd(mm, pmd, base);
			if (err)
				return err;
		}
		if (base + HPAGE_SIZE < base)
			break;
	}
	return 0;
}

/* The last-level table (PT) under pmd (covering va), made if missing and
 * asked to; a huge page there is split first (NULL if that fails). */
static pte_t *pmd_table(struct mm *mm, pte_t *pmd, uint64_t va, bool alloc)
{
	if (pmd_huge(*pmd) && split_huge_pmd(mm, pmd, ALIGN_DOWN(va, HPAGE_SIZE)))
		return NULL;
	return next_table(mm, pmd, alloc);
}

static pte_t *pt_of(struct mm *mm, uint64_t va, bool alloc)
{
	pte_t *pmd = pmd_of(mm, va, alloc);

	return pmd ? pmd_table(mm, pmd, va, alloc) : NULL;
}

pte_t *user_pte(struct mm *mm, uint64_t va, bool alloc)
{
	pte_t *pt = pt_of(mm, va, alloc);
	return pt ? &pt[pt_index(va, 0)] : NULL;
}

/*
 * Call fn on each last-level table that exists under [start, end), with
 * the part of the range it covers (inside one 2 MiB region).  Absent
 * upper levels are skipped whole, so sparse ranges cost little.
 */
typedef void (*pte_range_fn)(struct mm *mm, pte_t *pt, uint64_t start, uint64_t end, void *arg);
/* a huge page's PD entry, whole inside the range (the callers split partial ones first) */
typedef void (*pmd_fn)(struct mm *mm, pte_t *pmd, uint64_t base, void *arg);

struct walk_ops {
	pte_range_fn pte_range;
	pmd_fn huge;
};

static void walk_level(struct mm *mm, pte_t *table, int level, uint64_t start, uint64_t end,
		       const struct walk_ops *ops, void *arg)
{
	uint64_t span = 1ull << (PAGE_SHIFT + 9 * level);

	while (start < end) {
		uint64_t next = ALIGN_DOWN(start, span) + span;
		if (next > end || next < start)
			next = end;
		pte_t *e = &table[pt_index(start, level)];
		if (level == 1 && pmd_huge(*e)) {
			BUG_ON(!IS_ALIGNED(start, HPAGE_SIZE) || next - start != HPAGE_SIZE || !ops->huge);
			ops->huge(mm, e, start, arg);
		} else if (*e & PTE_P) {
			pte_t *sub = phys_to_virt(*e & PTE_ADDR_MASK);
			if (level == 1)
				ops->pte_range(mm, sub, start, next, arg);
			else
				walk_level(mm, sub, level - 1, start, next, ops, arg);
		}
		start = next;
	}
}

static void walk_pte_ranges(struct mm *mm, uint64_t start, uint64_t end, const struct walk_ops *ops, void *arg)
{
	walk_level(mm, mm->pgd, 3, start, end, ops, arg);
}

/* ---- zap: drop the pages of a range (munmap, MADV_DONTNEED, exit) ---- */

struct zap_stats {
	int64_t anon, shmem;
	bool cleared; /* some entry was present: the TLB may hold it */
};

static void zap_pte_range(struct mm *mm, pte_t *pt, uint64_t start, uint64_t end, void *arg)
{
	struct zap_stats *z = arg;
	(void)mm;

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = &pt[pt_index(va, 0)];
		pte_t e = *pte;
		if (!pte_has_page(e))
			continue;
		*pte = 0;
		z->cleared = true;
		if (pte_pfn(e) == zero_pfn())
			continue;
		struct page *page = pfn_to_page(pte_pfn(e));
		/* shmem pages are also referenced by their object */
		if (page->flags & PG_shmem)
			z->shmem++;
		else
			z->anon++;
		page_remove_map(page);
	}
}

static void zap_huge_pmd(struct mm *mm, pte_t *pmd, uint64_t base, void *arg)
{
	struct zap_stats *z = arg;
	struct page *head = pfn_to_page(pte_pfn(*pmd));
	(void)base;

	*pmd = 0;
	z->cleared = true;
	z->anon += 512;
	mm->nr_huge--;
	head->mapcount = 0;
	__free_pages(head, HPAGE_ORDER);
	count_vm_event(PGFREE_USER);
}

static const struct walk_ops zap_ops = { zap_pte_range, zap_huge_pmd };

/*
 * Drop every page mapped in [start, end) and flush the TLBs.  The pages
 * are freed before the flush: only this CPU can hold the mm's
 * translations (one thread per process), and it is in the kernel until
 * the flush below, so nothing uses them meanwhile.
 */
void zap_page_range(struct mm *mm, uint64_t start, uint64_t end)
{
	struct zap_stats z = { 0, 0, false };

	walk_pte_ranges(mm, start, end, &zap_ops, &z);
	mm->rss[MM_ANONPAGES] -= z.anon;
	mm->rss[MM_SHMEMPAGES] -= z.shmem;
	if (z.cleared)
		flush_tlb_mm_range(mm, start, end);
}

/*
 * Free the page tables under [start, end) that map nothing any more: those
 * whose whole span lies inside [floor, ceiling), the free space around the
 * range (from the previous VMA's end to the next one's start).  Their
 * leaves must already be zapped.
 */
static bool free_level(struct mm *mm, pte_t *table, int level, uint64_t start, uint64_t end, uint64_t floor,
		       uint64_t ceiling)
{
	uint64_t span = 1ull << (PAGE_SHIFT + 9 * level);
	bool freed = false;

	while (start < end) {
		uint64_t base = ALIGN_DOWN(start, span), next = base + span;
		if (next > end || next < start)
			next = end;
		pte_t *e = &table[pt_index(start, level)];
		BUG_ON(level == 1 && pmd_huge(*e) && base >= floor && base + span <= ceiling); /* zapped first */
		if ((*e & PTE_P) && !(level == 1 && pmd_huge(*e))) {
			pte_t *sub = phys_to_virt(*e & PTE_ADDR_MASK);
			if (level > 1)
				freed |= free_level(mm, sub, level - 1, start, next, floor, ceiling);
			if (base >= floor && base + span <= ceiling && base + span > base) {
				*e = 0;
				__free_page(virt_to_page(sub));
				mm->pt_pages--;
				freed = true;
			}
		}
		start = next;
	}
	return freed;
}

void free_pgtables(struct mm *mm, uint64_t start, uint64_t end, uint64_t floor, uint64_t ceiling)
{
	if (free_level(mm, mm->pgd, 3, start, end, floor, ceiling))
		flush_tlb_mm_range(mm, 0, USER_TOP); /* paging-structure caches */
}

/* ---- protection changes (mprotect) ---- */

static void protect_pte_range(struct mm *mm, pte_t *pt, uint64_t start, uint64_t end, void *arg)
{
	struct vma *vma = arg;
	pte_t prot = vm_flags_to_pte(vma->flags);
	(void)mm;

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = &pt[pt_index(va, 0)];
		pte_t e = *pte;
		if (!pte_has_page(e))
			continue;
		pte_t n = (e & (PTE_ADDR_MASK | PTE_A | PTE_D)) | prot;
		/* a private page stays read-only while shared (copy-on-write) */
		if ((n & PTE_W) && !(vma->flags & VM_SHARED) &&
		    (pte_pfn(e) == zero_pfn() || __atomic_load_n(&pfn_to_page(pte_pfn(e))->refcount, __ATOMIC_RELAXED) != 1))
			n &= ~PTE_W;
		*pte = n;
	}
}

static void protect_huge_pmd(struct mm *mm, pte_t *pmd, uint64_t base, void *arg)
{
	struct vma *vma = arg;
	(void)mm, (void)base;

	/* an accessible protection (PROT_NONE ones were split first) */
	*pmd = (*pmd & (PTE_ADDR_MASK | PTE_A | PTE_D | PTE_PS)) | vm_flags_to_pte(vma->flags);
}

static const struct walk_ops protect_ops = { protect_pte_range, protect_huge_pmd };

void change_protection(struct mm *mm, struct vma *vma, uint64_t start, uint64_t end)
{
	walk_pte_ranges(mm, start, end, &protect_ops, vma);
	flush_tlb_mm_range(mm, start, end);
}

/* ---- fork: share the pages copy-on-write ---- */

struct copy_state {
	struct mm *dst;
	struct vma *vma;
	int err;
	bool wrprotected;
};

static void copy_pte_range(struct mm *src, pte_t *spt, uint64_t start, uint64_t end, void *arg)
{
	struct copy_state *c = arg;
	pte_t *dpt = NULL;
	bool cow = !(c->vma->flags & VM_SHARED);
	(void)src;

	if (c->err)
		return;
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *spte = &spt[pt_index(va, 0)];
		pte_t e = *spte;
		if (!pte_has_page(e))
			continue;
		if (!dpt && !(dpt = pt_of(c->dst, va, true))) {
			c->err = -ENOMEM;
			return;
		}
		if (pte_pfn(e) != zero_pfn()) {
			page_add_map(pfn_to_page(pte_pfn(e)));
			if (cow && (e & PTE_W)) {
				e &= ~PTE_W;
				*spte = e;
				c->wrprotected = true;
			}
			add_rss(c->dst, c->vma, 1);
		}
		dpt[pt_index(va, 0)] = e & ~PTE_A;
	}
}

int copy_page_range(struct mm *dst, struct mm *src, struct vma *vma)
{
	struct copy_state c = { dst, vma, 0, false };
	static const struct walk_ops copy_ops = { copy_pte_range, NULL }; /* huge pages are split first */

	if (split_huge_pages(src, vma->start, vma->end, true))
		return -ENOMEM;
	walk_pte_ranges(src, vma->start, vma->end, &copy_ops, &c);
	if (c.wrprotected)
		flush_tlb_mm_range(src, vma->start, vma->end);
	return c.err;
}

/* ---- mremap: move the entries, not the pages ---- */

int move_page_tables(struct mm *mm, uint64_t old_addr, uint64_t new_addr, uint64_t len)
{
	pte_t *dpt = NULL;
	uint64_t dpt_region = 1; /* no region yet */

	if (split_huge_pages(mm, old_addr, old_addr + len, true))
		return -ENOMEM;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		pte_t *spte = user_pte(mm, old_addr + off, false);
		if (!spte) { /* nothing in this 2 MiB region of the source */
			off = ALIGN_DOWN(old_addr + off, MiB(2)) + MiB(2) - PAGE_SIZE - old_addr;
			continue;
		}
		if (!pte_has_page(*spte))
			continue;
		uint64_t to = new_addr + off;
		if (ALIGN_DOWN(to, MiB(2)) != dpt_region) {
			dpt = pt_of(mm, to, true);
			if (!dpt)
				return -ENOMEM;
			dpt_region = ALIGN_DOWN(to, MiB(2));
		}
		dpt[pt_index(to, 0)] = *spte;
		*spte = 0;
	}
	flush_tlb_mm_range(mm, old_addr, old_addr + len);
	return 0;
}

/* ---- the page-fault handler ---- */

/* Stage 5 of the life of a malloc: the first touch of an anonymous page. */
static int do_anonymous_page(struct mm *mm, struct vma *vma, uint64_t addr, pte_t *pte, bool write)
{
	if (!write) {
		/* nothing written yet: every such read maps the one zero page */
		*pte = (zero_pfn() << PAGE_SHIFT) | (vm_flags_to_pte(vma->flags) & ~PTE_W);
		count_vm_event(ZERO_PAGE_MAP);
		trace_fault_done(FAULT_ZERO_PAGE, *pte);
		return 0;
	}
	trace_fault_alloc_start(PAGE_SOURCE_PCP);
	struct page *page = alloc_page(GFP_USER_PAGE | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	__atomic_store_n(&page->mapcount, 1, __ATOMIC_RELAXED);
	*pte = page_to_phys(page) | vm_flags_to_pte(vma->flags);
	add_rss(mm, vma, 1);
	count_vm_event(PGALLOC_USER);
	trace_fault_done(FAULT_NEW_PAGE, *pte);
	(void)addr;
	return 0;
}

/* ---- transparent huge pages ---- */

int thp_mode = THP_MADVISE;

static int parse_thp(const char *val)
{
	if (!val)
		return -1;
	if (!strcmp(val, "always"))
		thp_mode = THP_ALWAYS;
	else if (!strcmp(val, "madvise"))
		thp_mode = THP_MADVISE;
	else if (!strcmp(val, "never"))
		thp_mode = THP_NEVER;
	else
		return -1;
	return 0;
}
KERNEL_PARAM("transparent_hugepage", parse_thp, "always, madvise (default: MADV_HUGEPAGE areas) or never");

/* May the 2 MiB at haddr be one huge page?  Private anonymous memory, whole inside vma. */
static bool thp_allowed(const struct mm *mm, const struct vma *vma, uint64_t haddr)
{
	if (thp_mode == THP_NEVER || mm->thp_disabled)
		return false;
	if (vma->flags & (VM_SHARED | VM_NOHUGEPAGE | VM_GROWSDOWN))
		return false;
	if (thp_mode == THP_MADVISE && !(vma->flags & VM_HUGEPAGE))
		return false;
	return haddr >= vma->start && haddr + HPAGE_SIZE <= vma->end && haddr + HPAGE_SIZE > haddr;
}

/* The first write in an empty 2 MiB range: one order-9 page, one PD entry. */
static int do_huge_anonymous_page(struct mm *mm, struct vma *vma, pte_t *pmd)
{
	trace_fault_alloc_start(PAGE_SOURCE_BUDDY);
	struct page *page = alloc_pages(GFP_USER_PAGE, HPAGE_ORDER);

	if (!page)
		return -ENOMEM; /* the caller falls back to 4 KiB pages */
	for (unsigned i = 0; i < 512; i++)
		clear_page((char *)page_address(page) + i * PAGE_SIZE);
	page->mapcount = 1;
	*pmd = page_to_phys(page) | PTE_PS | vm_flags_to_pte(vma->flags) | PTE_D;
	mm->nr_huge++;
	add_rss(mm, vma, 512);
	count_vm_event(THP_FAULT_ALLOC);
	count_vm_event(PGALLOC_USER);
	trace_fault_done(FAULT_THP, *pmd);
	return 0;
}

/* A MAP_SHARED page: the object's, made if it has none yet. */
static int do_shared_page(struct mm *mm, struct vma *vma, uint64_t addr, pte_t *pte)
{
	int err = 0;

	trace_fault_alloc_start(PAGE_SOURCE_NONE); /* the object may have the page already */
	struct page *page = shmem_get_page(vma->shmem, vma->pgoff + ((addr - vma->start) >> PAGE_SHIFT), &err);
	if (!page)
		return err;
	page_add_map(page);
	*pte = page_to_phys(page) | vm_flags_to_pte(vma->flags);
	add_rss(mm, vma, 1);
	trace_fault_done(FAULT_SHMEM, *pte);
	return 0;
}

/* A write to a present read-only page of a writable private VMA: copy-on-write. */
static int do_wp_page(struct mm *mm, struct vma *vma, uint64_t addr, pte_t *pte)
{
	pte_t e = *pte;
	uint64_t va = ALIGN_DOWN(addr, PAGE_SIZE);

	if (pte_pfn(e) == zero_pfn()) {
		pte_t none = 0;
		int err = do_anonymous_page(mm, vma, addr, &none, true);
		if (err)
			return err;
		*pte = none;
		flush_tlb_mm_range(mm, va, va + PAGE_SIZE);
		return 0;
	}
	struct page *old = pfn_to_page(pte_pfn(e));
	if (__atomic_load_n(&old->refcount, __ATOMIC_ACQUIRE) == 1) {
		/* the other side let go (exited, unmapped, wrote its own copy);
		 * a read-only VMA gets here only from mm_get_page */
		if (vma->flags & VM_WRITE)
			*pte = e | PTE_W | PTE_D;
		invlpg(va);
		count_vm_event(COW_REUSE);
		trace_fault_done(FAULT_COW_REUSE, *pte);
		return 0;
	}
	trace_fault_alloc_start(PAGE_SOURCE_PCP);
	struct page *new = alloc_page(GFP_USER_PAGE);
	if (!new)
		return -ENOMEM;
	copy_page(page_address(new), page_address(old));
	__atomic_store_n(&new->mapcount, 1, __ATOMIC_RELAXED);
	*pte = page_to_phys(new) | vm_flags_to_pte(vma->flags) | PTE_D;
	flush_tlb_mm_range(mm, va, va + PAGE_SIZE);
	page_remove_map(old);
	count_vm_event(COW_FAULT);
	count_vm_event(PGALLOC_USER);
	trace_fault_done(FAULT_COW_COPY, *pte);
	return 0;
}

/* Does the VMA allow this access?  (x86: write and exec imply read.) */
static bool access_ok_for_vma(const struct vma *vma, unsigned error_code)
{
	if (error_code & PF_WRITE)
		return vma->flags & VM_WRITE;
	if (error_code & PF_INSTR)
		return vma->flags & VM_EXEC;
	return vma->flags & VM_ACCESS_FLAGS;
}

/*
 * Fill or fix the entry of addr in vma, as the access asks.  force: the
 * kernel writes through the direct map whatever the VMA's permissions
 * (exec); a shared page is then made private too.
 */
static int fault_page(struct mm *mm, struct vma *vma, uint64_t addr, bool write, bool force)
{
	pte_t *pmd = pmd_of(mm, addr, true);

	if (!pmd)
		return -ENOMEM;
	if (pmd_huge(*pmd) && !force) {
		/* a huge page is never shared: a write to it only needs W (after mprotect) */
		if (write && !(*pmd & PTE_W))
			*pmd |= PTE_W | PTE_D;
		invlpg(addr);
		trace_fault_done(FAULT_SPURIOUS, *pmd);
		return 0;
	}
	if (!(*pmd & PTE_P) && write && !force && thp_allowed(mm, vma, ALIGN_DOWN(addr, HPAGE_SIZE)) &&
	    do_huge_anonymous_page(mm, vma, pmd) == 0)
		return 0;
	pte_t *pt = pmd_table(mm, pmd, addr, true);
	if (!pt)
		return -ENOMEM;
	pte_t *pte = &pt[pt_index(addr, 0)];
	if (!pte_has_page(*pte)) {
		if (vma->flags & VM_SHARED)
			return do_shared_page(mm, vma, addr, pte);
		return do_anonymous_page(mm, vma, addr, pte, write || force);
	}
	if (write && !(vma->flags & VM_SHARED) && !(*pte & PTE_W))
		return do_wp_page(mm, vma, addr, pte);
	/* present and allowed by the VMA: a stale TLB entry; the retry will do */
	invlpg(addr);
	trace_fault_done(FAULT_SPURIOUS, *pte);
	return 0;
}

/*
 * Grow a stack VMA down to cover addr (Linux's expand_downwards): not
 * beyond RLIMIT_STACK, and keeping the guard gap above the mapping below.
 * Under mm->lock for writing.
 */
static int expand_stack(struct mm *mm, struct vma *vma, uint64_t addr)
{
	uint64_t start = ALIGN_DOWN(addr, PAGE_SIZE);
	struct vma *prev = list_is_first(&vma->list, &mm->vmas) ? NULL : list_prev_entry(vma, list);

	if (start < MMAP_MIN_ADDR || (prev && start < prev->end))
		return -EFAULT;
	if (prev && !(prev->flags & VM_GROWSDOWN) && (prev->flags & VM_ACCESS_FLAGS) &&
	    start - prev->end < STACK_GUARD_GAP)
		return -EFAULT;
	/* RLIMIT_STACK as it is now (setrlimit may have lowered it since exec) */
	uint64_t limit = current->mm == mm ? current->rlim[RLIMIT_STACK].cur : mm->stack_limit;
	if (vma->end - start > limit)
		return -EFAULT;
	int err = vma_expand_down(mm, vma, start);
	if (err)
		return err == -ENOMEM ? -EFAULT : err;
	count_vm_event(STACK_GROW);
	return 0;
}

#define FAULT_NEED_WRITE_LOCK 1 /* the stack must grow: retry under the write lock */
#define FAULT_INJECTED_RETRIES 16 /* tries of a fault whose allocations were made to fail */

static int __handle_mm_fault(struct mm *mm, uint64_t addr, unsigned error_code, bool write_locked)
{
	struct vma *vma = find_vma(mm, addr);

	if (!vma)
		return -EFAULT;
	if (vma->start > addr) {
		if (!(vma->flags & VM_GROWSDOWN))
			return -EFAULT;
		if (!write_locked)
			return FAULT_NEED_WRITE_LOCK;
		int err = expand_stack(mm, vma, addr);
		if (err)
			return err;
		trace_fault_stack_grew();
	}
	if (!access_ok_for_vma(vma, error_code))
		return -EACCES;
	return fault_page(mm, vma, addr, error_code & PF_WRITE, false);
}

int handle_mm_fault(struct mm *mm, uint64_t addr, unsigned error_code)
{
	struct task *t = current;
	bool write_locked = false;
	int err;

	if (addr >= USER_TOP)
		return -EFAULT;
	count_vm_event(PGFAULT);
	for (unsigned injected = 0;;) {
		/* nothing preempts us until the unlock: the count is this fault's */
		uint64_t failures_before = fail_alloc_cpu_failures();
		if (write_locked)
			write_lock(&mm->lock);
		else
			read_lock(&mm->lock);
		trace_fault_start(addr);
		err = __handle_mm_fault(mm, addr, error_code, write_locked);
		if (write_locked)
			write_unlock(&mm->lock);
		else
			read_unlock(&mm->lock);
		if (err == FAULT_NEED_WRITE_LOCK) {
			write_locked = true;
			continue;
		}
		if (err != -ENOMEM)
			break;
		/*
		 * An injected failure (mm/fail_alloc.c) is no shortage of
		 * memory: killing the largest process would be wrong.  Retry,
		 * as Linux's page-fault path does since 5.16; if every try is
		 * failed (probability 100), give up without the OOM killer:
		 * a user fault then kills only this process (trap.c).
		 */
		if (fail_alloc_cpu_failures() != failures_before) {
			if (++injected < FAULT_INJECTED_RETRIES && !fatal_signal_pending(t))
				continue;
			return -ENOMEM;
		}
		/*
		 * No page even after draining the per-CPU lists: free some by
		 * killing the largest process, wait for it to go, retry.  If we
		 * are the one being killed, return: the kill happens on the way
		 * back to user mode.
		 */
		if (fatal_signal_pending(t) || !out_of_memory())
			return -ENOMEM;
		if (fatal_signal_pending(t))
			return -ENOMEM;
		t->state = TASK_UNINTERRUPTIBLE;
		schedule_timeout(1);
	}
	if (err == 0 && t->mm == mm)
		t->min_flt++;
	return err;
}

struct page *mm_get_page(struct mm *mm, uint64_t addr)
{
	struct page *page = NULL;

	write_lock(&mm->lock);
	struct vma *vma = find_vma(mm, addr);
	if (vma && vma->start <= addr && fault_page(mm, vma, addr, true, true) == 0) {
		pte_t *pte = user_pte(mm, ALIGN_DOWN(addr, PAGE_SIZE), false);
		page = pfn_to_page(pte_pfn(*pte));
	}
	write_unlock(&mm->lock);
	return page;
}

/*
 * MAP_POPULATE, MADV_POPULATE_*: fault the range in now.  Called with
 * mm->lock held for writing.  A range may be terabytes (read-only memory
 * is not charged, and maps the zero page), so a SIGKILL stops it, and when
 * the tick asks for the CPU the lock is dropped to let others run (the
 * kernel is not preemptible: whoever would send that SIGKILL could not run
 * otherwise).  Nothing else changes the VMAs meanwhile (a process has one
 * thread) and each page's VMA is looked up again anyway.
 */
int populate_range(struct mm *mm, uint64_t start, uint64_t end)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		if (fatal_signal_pending(current))
			return -EINTR;
		if (this_cpu()->need_resched) {
			write_unlock(&mm->lock);
			schedule();
			write_lock(&mm->lock);
		}
		struct vma *vma = find_vma(mm, va);
		if (!vma || vma->start > va)
			return -ENOMEM;
		if (!(vma->flags & VM_ACCESS_FLAGS))
			continue;
		bool write = (vma->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
		pte_t *pmd = pmd_of(mm, va, false);
		if (pmd && pmd_huge(*pmd))
			continue;
		pte_t *pte = pmd && (*pmd & PTE_P) ? user_pte(mm, va, false) : NULL;
		if (pte && pte_has_page(*pte) && (!write || (*pte & PTE_W)))
			continue;
		int err = fault_page(mm, vma, va, write, false);
		if (err)
			return err;
	}
	return 0;
}

/* ---- looking at another address space (/proc/<pid>/cmdline, smaps, ptrace) ---- */

/*
 * The entry mapping va, read only: nothing is made or split.  *huge tells
 * a 2 MiB page (then the PD entry is returned).  NULL: nothing mapped; then
 * if hole_end is given and a whole page table is missing, *hole_end is the
 * end of the range it would map (a caller walking a range skips it whole).
 */
static const pte_t *lookup_user_entry(struct mm *mm, uint64_t va, bool *huge, uint64_t *hole_end)
{
	pte_t *table = mm->pgd;

	*huge = false;
	if (va >= USER_TOP)
		return NULL;
	for (int level = 3; level >= 1; level--) {
		pte_t e = table[pt_index(va, level)];
		if (level == 1 && pmd_huge(e)) {
			*huge = true;
			return &table[pt_index(va, 1)];
		}
		if (!(e & PTE_P)) {
			uint64_t span = 1ull << (PAGE_SHIFT + 9 * level);
			if (hole_end)
				*hole_end = ALIGN_DOWN(va, span) + span;
			return NULL;
		}
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	const pte_t *pte = &table[pt_index(va, 0)];
	return (*pte & PTE_P) ? pte : NULL;
}

int access_remote_vm(struct mm *mm, uint64_t addr, void *buf, size_t len)
{
	size_t done = 0;

	read_lock(&mm->lock);
	while (done < len) {
		uint64_t va = addr + done;
		if (va < addr)
			break;
		struct vma *vma = find_vma(mm, va);
		if (!vma || vma->start > va || !(vma->flags & VM_READ))
			break;
		size_t chunk = MIN(len - done, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		bool huge;
		const pte_t *e = lookup_user_entry(mm, va, &huge, NULL);
		char *dst = (char *)buf + done;
		if (!e) {
			memset(dst, 0, chunk); /* not touched yet: anonymous memory reads as zeros */
		} else {
			uint64_t off = huge ? (va & (HPAGE_SIZE - 1)) : (va & (PAGE_SIZE - 1));
			uint64_t base = *e & PTE_ADDR_MASK & ~(huge ? HPAGE_SIZE - 1 : 0);
			memcpy(dst, (const char *)phys_to_virt(base) + off, chunk);
		}
		done += chunk;
	}
	read_unlock(&mm->lock);
	return (int)done;
}

void vma_usage(struct mm *mm, const struct vma *vma, struct vma_usage *u)
{
	*u = (struct vma_usage){ .thp_eligible = thp_allowed(mm, vma, ALIGN_UP(vma->start, HPAGE_SIZE)) };
	for (uint64_t va = vma->start; va < vma->end;) {
		bool huge;
		uint64_t next = va + PAGE_SIZE; /* or past a missing page table: a sparse VMA costs its tables */
		const pte_t *e = lookup_user_entry(mm, va, &huge, &next);
		if (huge) {
			uint64_t end = MIN(ALIGN_DOWN(va, HPAGE_SIZE) + HPAGE_SIZE, vma->end);
			u->resident += (end - va) / PAGE_SIZE;
			u->anon += (end - va) / PAGE_SIZE;
			u->anon_huge += (end - va) / PAGE_SIZE;
			u->private_dirty += (end - va) / PAGE_SIZE;
			u->pss_bytes += end - va;
			va = end;
			continue;
		}
		if (e && pte_has_page(*e)) {
			if (pte_pfn(*e) == zero_pfn()) {
				u->zero_page++; /* as in Linux, not part of the RSS */
			} else {
				u->resident++;
				const struct page *page = pfn_to_page(pte_pfn(*e));
				bool shared = page->mapcount > 1 || (page->flags & PG_shmem);
				if (!(page->flags & PG_shmem))
					u->anon++;
				if (shared)
					u->shared++;
				else
					u->private_dirty++;
				int32_t maps = __atomic_load_n(&page->mapcount, __ATOMIC_RELAXED);
				u->pss_bytes += PAGE_SIZE / (uint64_t)(maps > 1 ? maps : 1);
			}
		}
		va = MIN(next, vma->end);
	}
}
