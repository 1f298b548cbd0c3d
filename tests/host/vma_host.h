/*
 * tests/host/vma_host.h - mm/mmap.c on the host (tests/host/vma_host.c):
 * what it needs from the rest of the kernel, simple enough to check.
 *
 *   - kzalloc/kfree: the host's calloc/free (the Makefile builds mm/mmap.c
 *     with -Dkzalloc=vma_host_kzalloc -Dkfree=vma_host_kfree), so ASan
 *     sees every VMA: a use after free, a double free, a leak;
 *   - page tables: a sorted table of "PTEs", one per populated page
 *     (struct host_pte): populate_range makes them, zap_page_range drops
 *     them, move_page_tables moves them, change_protection rewrites
 *     their protection, copy_page_range copies them (fork);
 *     free_pgtables checks that what it is asked to free is unused;
 *   - shared memory objects (struct shmem): a reference count, a size
 *     and the pages charged to Committed_AS;
 *   - failures on demand: the Nth allocation (kzalloc, a page-table
 *     move, a fork copy, a huge-page split) can be made to fail.
 *
 * vma_host_check() walks an mm and checks everything mm/mmap.c promises
 * about it (see there).
 */
#ifndef TESTS_HOST_VMA_HOST_H
#define TESTS_HOST_VMA_HOST_H

#include "mm/vm.h"

/* One populated user page. */
struct host_pte {
	struct mm *mm;
	uint64_t va;
	uint64_t tag;         /* private: 0 = the zero page, else the page's contents */
	struct shmem *shmem;  /* shared: the object and the index of the page in it */
	uint64_t pgoff;
	unsigned prot;        /* VM_ACCESS_FLAGS of the VMA, as change_protection left it */
};

/* The PTE for va in mm, or NULL. */
const struct host_pte *vma_host_pte(struct mm *mm, uint64_t va);
/* How many PTEs mm has in [start, end); how many all mms have. */
size_t vma_host_nr_ptes(struct mm *mm, uint64_t start, uint64_t end);
size_t vma_host_total_ptes(void);

/* Pages populated for writing get the contents tag_base | (va >> 12). */
extern uint64_t vma_host_tag_base;

/* Shared objects. */
struct shmem {
	int refcount;
	uint64_t pages;
	int64_t accounted; /* pages charged to Committed_AS */
	unsigned id;       /* from vma_host_next_shmem_id, at creation */
};
extern unsigned vma_host_next_shmem_id;
long vma_host_live_shmems(void);
int64_t vma_host_shmem_accounted(void); /* pages charged by the live objects */

/* Failure injection: fail the next failure point after `countdown` more
 * (-1: never).  vma_host_injected counts the failures made. */
extern long vma_host_fail_countdown;
extern long vma_host_injected;

/* Live objects from vma_host_kzalloc (VMAs, mms, shmem objects). */
long vma_host_live_allocs(void);

/* An empty mm whose mmap area is [MMAP_MIN_ADDR, mmap_base). */
struct mm *vma_host_mm(uint64_t mmap_base);

struct vma_check {
	bool sole_user;          /* no other mm maps its shmem objects: reference counts exact */
	int64_t committed_base;  /* vm_committed_pages() without this mm's charges; < 0: not checked */
	bool allow_unmerged;     /* after a failure part way (as Linux, a split may stay) */
};

/*
 * Check mm: the tree (search order, parent pointers, red-black rules),
 * the list in the same order, nr_vmas, VMAs page aligned, non-empty,
 * inside [MMAP_MIN_ADDR, USER_TOP) and not overlapping, no two neighbours
 * that could be one VMA (unless allow_unmerged), rb_subtree_gap recomputed from scratch, the
 * VmSize/VmData/VmStk/VmExe counters, PTEs only inside VMAs with the
 * VMA's protection and object, and (see struct vma_check) the shared
 * objects' reference counts and Committed_AS.  Returns 0, or -1 with
 * the first violation in why.
 */
int vma_host_check(struct mm *mm, const struct vma_check *opts, char *why, size_t len);

#endif
