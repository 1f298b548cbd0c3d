/*
 * mm/vm.h - user address spaces: struct mm, its VMAs and page tables,
 * page faults, brk/mmap/munmap/mprotect.
 *
 * Layout of a process (as Linux x86-64 with address randomization off):
 *
 *   0x0000000000000000  page 0 never mapped (NULL dereferences fault)
 *   0x0000000000400000  a static ET_EXEC program (its segments), then the heap (brk)
 *   0x0000555555554000  a static PIE (ET_DYN), then its heap
 *   ...                 mmap areas, allocated top-down below mmap_base
 *   0x00007ffff7fff000  mmap_base = STACK_TOP - 128 MiB
 *   0x00007ffffffff000  STACK_TOP = USER_TOP; the stack grows down from it
 *   0xffff800000000000  kernel half: shared by every process, supervisor-only
 *
 * A VMA describes [start, end) with one set of permissions; pages are
 * anonymous and materialize on first touch (do_anonymous_page), except
 * the ELF segments, which exec fills at once.  VMAs are kept in a sorted
 * list (the virtual memory issue turns it into a tree).
 *
 * Locking: an mm belongs to exactly one task (no threads; fork copies),
 * which is the only one that changes it, while running - or, for the
 * short time a vfork child runs, to the child while the parent sleeps.  mm->lock
 * serializes that task against readers from other tasks (/proc, later).
 * Page-table pages of the user half are owned by the mm; the kernel half
 * (PML4 slots 256..511) points at tables shared by all and never freed.
 */
#ifndef MM_VM_H
#define MM_VM_H

#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"
#include "mm/pgtable.h"

#define USER_TOP     0x00007ffffffff000ull /* Linux's TASK_SIZE: first address user space may not use */
#define STACK_TOP    USER_TOP
#define STACK_MAX    MiB(8)                 /* RLIMIT_STACK */
#define MMAP_GAP     MiB(128)
#define MMAP_BASE    (STACK_TOP - MMAP_GAP)
#define MMAP_MIN_ADDR 0x10000ull           /* vm.mmap_min_addr: nothing below */

/* VMA flags: the low three are PROT_READ/WRITE/EXEC */
#define VM_READ      0x1u
#define VM_WRITE     0x2u
#define VM_EXEC      0x4u
#define VM_GROWSDOWN 0x100u /* the stack */
#define VM_HEAP      0x200u /* the brk area */
#define VM_ELF       0x400u /* a segment of the executable */

struct vma {
	struct list_head list; /* mm->vmas, sorted by start */
	uint64_t start, end;   /* page aligned, start < end */
	unsigned flags;
};

struct mm {
	int users;             /* tasks using it: 1, or 2 while a vfork child borrows it (atomic) */
	struct spinlock lock;
	pte_t *pgd;            /* the PML4 (direct-map address) */
	paddr_t pgd_pa;        /* what CR3 gets */
	struct list_head vmas;
	unsigned nr_vmas;
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk;  /* brk is byte-granular; the heap VMA ends at PAGE_ALIGN(brk) */
	uint64_t start_stack;     /* initial user RSP */
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t mmap_base;
	uint64_t rss_pages;       /* user pages present */
	uint64_t pt_pages;        /* page-table pages of the user half */
};

struct mm *mm_alloc(void);               /* empty address space (users = 1), or NULL */
void mm_free(struct mm *mm);             /* frees every page; mm must not be live on any CPU */
void mm_get(struct mm *mm);              /* a vfork child borrows its parent's */
void mm_put(struct mm *mm);              /* the last user frees it */
struct mm *mm_copy(struct mm *old);      /* fork: a full copy, or NULL */
struct vma *find_vma(struct mm *mm, uint64_t addr); /* first VMA with end > addr */

/* Add [start, end) with flags; fails (-ENOMEM/-EEXIST) if it overlaps. */
int vma_add(struct mm *mm, uint64_t start, uint64_t end, unsigned flags);

/*
 * The page-fault handler's entry for user addresses (from user mode, or
 * from the kernel inside copy_*_user).  Returns 0 when the access can be
 * retried, -EFAULT (no VMA: SEGV_MAPERR) or -EACCES (SEGV_ACCERR).
 */
int handle_mm_fault(struct mm *mm, uint64_t addr, unsigned error_code);
/* The page at addr, made if missing (exec fills segments and the stack through it). */
struct page *mm_get_page(struct mm *mm, uint64_t addr);

/* syscalls, first form (the virtual memory issue completes them) */
uint64_t do_brk(struct mm *mm, uint64_t addr);
int64_t do_mmap(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot, unsigned flags);
int do_munmap(struct mm *mm, uint64_t addr, uint64_t len);
int do_mprotect(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot);
int do_madvise(struct mm *mm, uint64_t addr, uint64_t len, int advice);

/* page tables of one address space (mm/memory.c) */
pte_t *pgd_alloc(void);                 /* a PML4 sharing the kernel half, or NULL */
void pgd_free(pte_t *pgd);              /* frees the user-half tables too */
pte_t *user_pte(struct mm *mm, uint64_t va, bool alloc); /* leaf entry, or NULL */
void unmap_user_range(struct mm *mm, uint64_t start, uint64_t end); /* frees the pages */
void change_user_prot(struct mm *mm, uint64_t start, uint64_t end, unsigned vm_flags);
int copy_user_range(struct mm *dst, struct mm *src, uint64_t start, uint64_t end);
pte_t vm_flags_to_pte(unsigned vm_flags);
void flush_tlb_user(void);              /* this CPU: the whole user half */

#define PTE_PROTNONE (1ull << 10) /* software bit: page kept, access denied (PROT_NONE) */

#endif
