/*
 * mm/vm.h - user address spaces: struct mm, its VMAs and page tables,
 * page faults (demand paging, copy-on-write, stack growth), the
 * brk/mmap/munmap/mprotect/mremap/madvise system calls, overcommit
 * accounting and the OOM killer.
 *
 * Layout of a process (Linux x86-64; `norandmaps` turns the random
 * offsets off, then the addresses are exactly these):
 *
 *   0x0000000000000000  nothing below vm.mmap_min_addr (64 KiB)
 *   0x0000000000400000  a static ET_EXEC program (its segments), then the heap (brk)
 *   0x0000555555554000  a static PIE (ET_DYN), then its heap (+ up to 32 MiB random)
 *   ...                 mmap areas, allocated top-down below mmap_base
 *   mmap_base           0x7ffffffff000 - (RLIMIT_STACK + the stack guard gap
 *                       + the stack's random range, clamped to [128 MiB, 5/6 of
 *                       the space]) - random (up to 1 TiB); 0x7ffff7fff000 fixed
 *   stack_top           0x00007ffffffff000 - random (up to 16 GiB); the stack
 *                       VMA grows down from it on faults, up to RLIMIT_STACK
 *   0xffff800000000000  kernel half: shared by every process, supervisor-only
 *
 * A VMA describes [start, end) with one set of VM_* flags.  Private VMAs
 * are anonymous memory: a page appears on first touch (the zero page for
 * a read, a zeroed page for a write) and is shared copy-on-write after
 * fork.  Shared VMAs (MAP_SHARED|MAP_ANONYMOUS) take their pages from a
 * struct shmem object, so every mapping of it - in the parent and the
 * children of a fork - sees the same pages.
 *
 * Every page mapped by a user PTE holds one reference (page->refcount) per
 * PTE, and page->mapcount counts those PTEs; a shmem object holds one more
 * reference on each of its pages.  The zero page is never counted.  A
 * private page is writable in a PTE only while nothing else references it.
 */
#ifndef MM_VM_H
#define MM_VM_H

#include "kernel/list.h"
#include "kernel/rbtree.h"
#include "kernel/rwlock.h"
#include "kernel/types.h"
#include "mm/pgtable.h"

#define USER_TOP      0x00007ffffffff000ull /* Linux's TASK_SIZE: first address user space may not use */
#define STACK_TOP     USER_TOP              /* without randomization */
#define STACK_MAX     MiB(8)                /* default RLIMIT_STACK */
#define STACK_INITIAL KiB(128)              /* the stack VMA at exec, below the arguments (Linux's stack_expand) */
#define STACK_GUARD_GAP MiB(1)              /* Linux's stack_guard_gap: 256 pages kept free below a stack */
#define MMAP_MIN_ADDR 0x10000ull            /* vm.mmap_min_addr: nothing below */
#define MAX_MAP_COUNT 65530                 /* vm.max_map_count */
#define HPAGE_SIZE    MiB(2)                /* a transparent huge page: one PD entry */
#define HPAGE_ORDER   9

/* VMA flags: the low three are PROT_READ/WRITE/EXEC; values as Linux's */
#define VM_READ       0x00000001u
#define VM_WRITE      0x00000002u
#define VM_EXEC       0x00000004u
#define VM_SHARED     0x00000008u /* MAP_SHARED: pages live in vma->shmem */
#define VM_GROWSDOWN  0x00000100u /* a stack: faults below it extend it */
#define VM_LOCKED     0x00002000u /* MAP_LOCKED (populated; lom never swaps anyway) */
#define VM_DONTCOPY   0x00020000u /* MADV_DONTFORK */
#define VM_ACCOUNT    0x00100000u /* charged to Committed_AS */
#define VM_NORESERVE  0x00200000u /* MAP_NORESERVE (modes 0 and 1) */
#define VM_WIPEONFORK 0x02000000u /* MADV_WIPEONFORK: the child gets it empty */
#define VM_HUGEPAGE   0x20000000u /* MADV_HUGEPAGE */
#define VM_NOHUGEPAGE 0x40000000u /* MADV_NOHUGEPAGE */
#define VM_HEAP       0x00000200u /* lom: the brk area (Linux finds it by address) */
#define VM_ELF        0x00000400u /* lom: a segment of the executable */
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

struct shmem;

struct vma {
	struct rb_node rb;        /* in mm->vma_tree, keyed by start */
	struct list_head list;    /* in mm->vmas, sorted by start */
	uint64_t start, end;      /* page aligned, start < end */
	uint64_t rb_subtree_gap;  /* largest free gap below any VMA of this subtree (get_unmapped_area) */
	unsigned flags;           /* VM_* */
	struct mm *mm;            /* the address space it belongs to */
	struct shmem *shmem;      /* VM_SHARED: the pages (one reference per VMA) */
	uint64_t pgoff;           /* VM_SHARED: page index of start in shmem */
};

enum mm_counter { MM_ANONPAGES, MM_SHMEMPAGES, NR_MM_COUNTERS };

struct mm {
	int users;             /* tasks using it: 1, or 2 while a vfork child borrows it (atomic) */
	/*
	 * lock ("mmap_lock"): held for writing to change the VMAs (mmap,
	 * munmap, mprotect, mremap, brk, madvise, stack growth, fork's copy,
	 * exec and exit), for reading by the page-fault handler and by
	 * readers of another process's address space.  Only the owning task
	 * changes page tables (a process has one thread; a vfork parent
	 * sleeps while its child runs on its mm), so faults under the read
	 * lock do not race with each other.  Never held across a sleep or a
	 * user access (a fault would take it again).
	 */
	struct rwlock lock;
	pte_t *pgd;            /* the PML4 (direct-map address) */
	paddr_t pgd_pa;        /* what CR3 gets */
	uint64_t cpumask;      /* CPUs whose CR3 holds pgd (context_switch sets/clears; atomic bit ops) */
	struct rb_root vma_tree;
	struct list_head vmas;
	unsigned nr_vmas;
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk;  /* brk is byte-granular; the heap VMA ends at PAGE_ALIGN(brk) */
	uint64_t start_stack;     /* initial user RSP */
	uint64_t stack_top;       /* the top of the main stack VMA */
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t mmap_base;       /* top-down mmap allocations start below it */
	uint64_t stack_limit;     /* RLIMIT_STACK at exec (bytes) */
	uint64_t data_limit;      /* RLIMIT_DATA (bytes) */
	/* pages, changed by the owner (atomic reads from others) */
	int64_t rss[NR_MM_COUNTERS];
	uint64_t hiwater_rss;     /* peak of the rss sum (VmHWM) */
	uint64_t total_vm, hiwater_vm, data_vm, stack_vm, exec_vm; /* VmSize, VmPeak, VmData, VmStk, VmExe */
	uint64_t pt_pages;        /* page-table pages of the user half */
	bool oom_victim;          /* the OOM killer chose it: its end frees memory others wait for */
	bool thp_disabled;        /* prctl(PR_SET_THP_DISABLE): no huge pages (kept across fork and exec) */
	uint64_t nr_huge;         /* 2 MiB pages mapped (never shared: fork splits them) */
};

static inline uint64_t mm_rss(const struct mm *mm)
{
	return (uint64_t)(__atomic_load_n(&mm->rss[MM_ANONPAGES], __ATOMIC_RELAXED) +
			  __atomic_load_n(&mm->rss[MM_SHMEMPAGES], __ATOMIC_RELAXED));
}

struct mm *mm_alloc(void);               /* empty address space (users = 1), or NULL */
void mm_free(struct mm *mm);             /* frees every page; mm must not be live on any CPU */
void mm_get(struct mm *mm);              /* a vfork child borrows its parent's; /proc reads another's */
void mm_put(struct mm *mm);              /* the last user frees it */
struct mm *mm_copy(struct mm *old);      /* fork: copy-on-write copy, or NULL (ERR in *err) */
struct vma *find_vma(struct mm *mm, uint64_t addr); /* first VMA with end > addr, or NULL */
void mm_set_layout(struct mm *mm, uint64_t stack_limit, uint64_t data_limit); /* exec: stack_top, mmap_base (ASLR) */
uint64_t mm_randomize_brk(struct mm *mm); /* exec: start_brk = brk = end of data (+ random) */
extern bool randomize_va_space;          /* false with `norandmaps` */

/* exec: add [start, end) with flags (-ENOMEM/-EEXIST if it overlaps). */
int vma_add(struct mm *mm, uint64_t start, uint64_t end, unsigned flags);
/* the stack grows: vma now starts at start (mm->lock held for writing) */
int vma_expand_down(struct mm *mm, struct vma *vma, uint64_t start);

/*
 * The page-fault handler's entry for user addresses (from user mode, or
 * from the kernel inside copy_*_user).  Returns 0 when the access can be
 * retried, -EFAULT (no VMA: SEGV_MAPERR), -EACCES (SEGV_ACCERR), or
 * -ENOMEM when there is no memory even after the OOM killer (the caller
 * is being killed).  Takes mm->lock for reading.
 */
int handle_mm_fault(struct mm *mm, uint64_t addr, unsigned error_code);
/* The page at addr, made if missing and writable for the kernel (exec
 * fills segments and the stack through the direct map).  NULL: no VMA or no memory. */
struct page *mm_get_page(struct mm *mm, uint64_t addr);

/*
 * Another address space, read only (/proc/<pid>/cmdline and smaps,
 * ptrace).  The caller holds a reference (mm_get).
 * access_remote_vm copies [addr, addr+len) into buf and returns how many
 * bytes it copied: it stops at the first address without a readable VMA;
 * pages not faulted in yet read as zeros (anonymous memory), and nothing
 * is faulted in.  Takes mm->lock for reading.
 */
int access_remote_vm(struct mm *mm, uint64_t addr, void *buf, size_t len);
/* the pages of one VMA, for smaps (mm->lock held for reading); counts in pages */
struct vma_usage {
	uint64_t resident;      /* mapped pages, the zero page not included (Rss) */
	uint64_t anon;          /* of them, private anonymous pages (Anonymous) */
	uint64_t anon_huge;     /* of them, in 2 MiB pages (AnonHugePages) */
	uint64_t shared;        /* mapped by more than one page table, or shmem */
	uint64_t private_dirty; /* the rest */
	uint64_t zero_page;     /* entries mapping the shared zero page */
	uint64_t pss_bytes;     /* each page's size divided among the page tables mapping it (Pss) */
	bool thp_eligible;      /* a fault may map a 2 MiB page in it (THPeligible) */
};
void vma_usage(struct mm *mm, const struct vma *vma, struct vma_usage *u);

/* system calls (Linux's argument checks and errnos) */
uint64_t do_brk(struct mm *mm, uint64_t addr);
int64_t do_mmap(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot, unsigned flags);
int do_munmap(struct mm *mm, uint64_t addr, uint64_t len);
int do_mprotect(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot);
int do_madvise(struct mm *mm, uint64_t addr, uint64_t len, int advice);
int64_t do_mremap(struct mm *mm, uint64_t addr, uint64_t old_len, uint64_t new_len, unsigned flags,
		  uint64_t new_addr);

/* overcommit (mm/mmap.c): vm.overcommit_memory, vm.overcommit_ratio */
#define OVERCOMMIT_GUESS  0
#define OVERCOMMIT_ALWAYS 1
#define OVERCOMMIT_NEVER  2
extern int sysctl_overcommit_memory, sysctl_overcommit_ratio;
int vm_enough_memory(int64_t pages);     /* charge pages to Committed_AS: 0 or -ENOMEM */
void vm_unacct_memory(int64_t pages);
uint64_t vm_committed_pages(void);
uint64_t vm_commit_limit(void);          /* CommitLimit, pages */

/* system-wide events (mm/vmstat), for /proc/vmstat and the tests */
enum vm_event {
	PGFAULT, PGMAJFAULT, PGALLOC_USER, PGFREE_USER, COW_FAULT, COW_REUSE, ZERO_PAGE_MAP,
	STACK_GROW, OOM_KILL, THP_FAULT_ALLOC, THP_SPLIT, NR_VM_EVENTS
};
extern uint64_t vm_events[NR_VM_EVENTS];
static inline void count_vm_event(enum vm_event e)
{
	__atomic_fetch_add(&vm_events[e], 1, __ATOMIC_RELAXED);
}
extern const char *const vm_event_names[NR_VM_EVENTS];

/* transparent huge pages: `transparent_hugepage=` (default madvise, as Linux) */
enum { THP_NEVER, THP_MADVISE, THP_ALWAYS };
extern int thp_mode;
/* split the huge pages [start, end) covers partly (all: every one in it); 0 or -ENOMEM */
int split_huge_pages(struct mm *mm, uint64_t start, uint64_t end, bool all);

/* the OOM killer (mm/oom_kill.c): false if there was nothing to kill */
bool out_of_memory(void);
void oom_victim_gone(struct mm *mm);     /* exit: a victim's memory is free again */

/* page tables of one address space (mm/memory.c) */
pte_t *pgd_alloc(void);                 /* a PML4 sharing the kernel half, or NULL */
void pgd_free(pte_t *pgd);              /* frees the user-half tables too */
pte_t *user_pte(struct mm *mm, uint64_t va, bool alloc); /* leaf entry, or NULL */
void zap_page_range(struct mm *mm, uint64_t start, uint64_t end);  /* drop the pages, keep tables */
void free_pgtables(struct mm *mm, uint64_t start, uint64_t end, uint64_t floor, uint64_t ceiling);
void change_protection(struct mm *mm, struct vma *vma, uint64_t start, uint64_t end);
int copy_page_range(struct mm *dst, struct mm *src, struct vma *vma);
int move_page_tables(struct mm *mm, uint64_t old_addr, uint64_t new_addr, uint64_t len);
int populate_range(struct mm *mm, uint64_t start, uint64_t end); /* fault pages in (MAP_POPULATE); may drop mm->lock */
pte_t vm_flags_to_pte(unsigned vm_flags);
void flush_tlb_mm_range(struct mm *mm, uint64_t start, uint64_t end); /* every CPU running mm */
void flush_tlb_user(void);              /* this CPU: the whole user half */
void switch_mm(struct mm *next);        /* load next's tables here (NULL: the kernel's); irqs off */
void put_user_page(struct page *page);  /* drop one PTE's (or a shmem's) reference */

/* shared anonymous memory (mm/shmem.c) */
struct shmem *shmem_create(uint64_t pages, bool account); /* NULL: no memory or over the commit limit */
void shmem_get(struct shmem *s);
void shmem_put(struct shmem *s);        /* the last reference frees the object and its pages */
struct page *shmem_get_page(struct shmem *s, uint64_t index, int *err); /* made (zeroed) if missing */
uint64_t shmem_size_pages(const struct shmem *s);

#define PTE_PROTNONE (1ull << 10) /* software bit: page kept, access denied (PROT_NONE) */

#endif
