/*
 * mm/mmap.c - address spaces and their VMAs: creation, fork, teardown,
 * the VMA tree, placement (get_unmapped_area), and the system calls
 * brk, mmap, munmap, mprotect, mremap and madvise with Linux's semantics
 * and errnos; overcommit accounting (vm.overcommit_memory).
 *
 * The VMAs of an mm are in a red-black tree keyed by start (find_vma in
 * O(log n)) and, in the same order, on a list (neighbours in O(1)).  The
 * tree is augmented as Linux's was before the maple tree: each node keeps
 * rb_subtree_gap, the largest free gap just below any VMA of its subtree,
 * so that a top-down search for room skips whole subtrees.  The gap below
 * a VMA runs from the previous VMA's end to its start, less the stack
 * guard gap if it grows down.
 *
 * Invariants: VMAs do not overlap, are page aligned, non-empty and inside
 * [MMAP_MIN_ADDR, USER_TOP) (a stack may not grow below MMAP_MIN_ADDR);
 * adjacent VMAs that could be one are merged; pages and page tables exist
 * only inside VMAs (unmapping a range zaps its pages, then frees the
 * tables nothing else uses).  vm_committed counts the pages of VM_ACCOUNT
 * VMAs and of accounted shmem objects.  Locking: see struct mm in mm/vm.h;
 * every function here that takes an mm expects its lock held for writing,
 * except the do_* system calls and mm_* entry points, which take it.
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/random.h"
#include "kernel/string.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/mman.h"
#include "mm/vm.h"

#define USER_HALF_END 0x0000800000000000ull /* the span of the user PML4 slots */

bool randomize_va_space = true;
int sysctl_overcommit_memory = OVERCOMMIT_GUESS;
int sysctl_overcommit_ratio = 50;
static int64_t vm_committed; /* pages (atomic) */

uint64_t vm_events[NR_VM_EVENTS];
const char *const vm_event_names[NR_VM_EVENTS] = {
	[PGFAULT] = "pgfault",
	[PGMAJFAULT] = "pgmajfault",
	[PGALLOC_USER] = "pgalloc_user",
	[PGFREE_USER] = "pgfree_user",
	[COW_FAULT] = "cow_fault",
	[COW_REUSE] = "cow_reuse",
	[ZERO_PAGE_MAP] = "zero_page_map",
	[STACK_GROW] = "stack_grow",
	[OOM_KILL] = "oom_kill",
	[THP_FAULT_ALLOC] = "thp_fault_alloc",
	[THP_SPLIT] = "thp_split_page",
};

static int parse_norandmaps(const char *val)
{
	if (val)
		return -1;
	randomize_va_space = false;
	return 0;
}
KERNEL_PARAM("norandmaps", parse_norandmaps, "no address-space randomization: the same addresses every run");

static int parse_overcommit_memory(const char *val)
{
	long v;
	if (!val || cmdline_parse_long(val, &v) || v < 0 || v > 2)
		return -1;
	sysctl_overcommit_memory = (int)v;
	return 0;
}
KERNEL_PARAM("sysctl.vm.overcommit_memory", parse_overcommit_memory, "0 heuristic (default), 1 always, 2 never");

static int parse_overcommit_ratio(const char *val)
{
	long v;
	if (!val || cmdline_parse_long(val, &v) || v < 0 || v > 100000)
		return -1;
	sysctl_overcommit_ratio = (int)v;
	return 0;
}
KERNEL_PARAM("sysctl.vm.overcommit_ratio", parse_overcommit_ratio, "CommitLimit = RAM x ratio / 100 in mode 2 (default 50)");

/* ---- overcommit ---- */

uint64_t vm_commit_limit(void)
{
	return nr_managed_pages() * (uint64_t)sysctl_overcommit_ratio / 100; /* no swap */
}

uint64_t vm_committed_pages(void)
{
	int64_t c = __atomic_load_n(&vm_committed, __ATOMIC_RELAXED);
	return c > 0 ? (uint64_t)c : 0;
}

/*
 * Linux's __vm_enough_memory: mode 1 always says yes; mode 0 refuses only
 * a single request larger than all of RAM; mode 2 keeps Committed_AS
 * under CommitLimit.  Charges on success.
 */
int vm_enough_memory(int64_t pages)
{
	int64_t now = __atomic_add_fetch(&vm_committed, pages, __ATOMIC_RELAXED);

	if (sysctl_overcommit_memory == OVERCOMMIT_ALWAYS)
		return 0;
	if (sysctl_overcommit_memory == OVERCOMMIT_GUESS) {
		if ((uint64_t)pages <= nr_managed_pages())
			return 0;
	} else if (now <= (int64_t)vm_commit_limit()) {
		return 0;
	}
	__atomic_sub_fetch(&vm_committed, pages, __ATOMIC_RELAXED);
	return -ENOMEM;
}

void vm_unacct_memory(int64_t pages)
{
	__atomic_sub_fetch(&vm_committed, pages, __ATOMIC_RELAXED);
}

static inline uint64_t vma_pages(const struct vma *vma)
{
	return (vma->end - vma->start) >> PAGE_SHIFT;
}

/* VmSize, VmData, VmStk, VmExe as Linux's vm_stat_account. */
static void vm_stat_account(struct mm *mm, unsigned flags, int64_t pages)
{
	mm->total_vm += pages;
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
	if ((flags & (VM_EXEC | VM_WRITE)) == VM_EXEC)
		mm->exec_vm += pages;
	else if (flags & VM_GROWSDOWN)
		mm->stack_vm += pages;
	else if ((flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
		mm->data_vm += pages;
}

/* RLIMIT_DATA for private writable memory (Linux's may_expand_vm). */
static bool may_expand_vm(struct mm *mm, unsigned flags, uint64_t pages)
{
	if ((flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE &&
	    ((mm->data_vm + pages) << PAGE_SHIFT) > mm->data_limit)
		return false;
	return true;
}

/* Private writable memory is charged to Committed_AS (unless NORESERVE). */
static bool accountable(unsigned flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_NORESERVE)) == VM_WRITE;
}

/* ---- the VMA tree ---- */

static inline struct vma *vma_prev(struct mm *mm, struct vma *vma)
{
	return list_is_first(&vma->list, &mm->vmas) ? NULL : list_prev_entry(vma, list);
}

static inline struct vma *vma_next(struct mm *mm, struct vma *vma)
{
	return list_is_last(&vma->list, &mm->vmas) ? NULL : list_next_entry(vma, list);
}

static inline uint64_t vm_start_gap(const struct vma *vma)
{
	if ((vma->flags & VM_GROWSDOWN) && vma->start > STACK_GUARD_GAP)
		return vma->start - STACK_GUARD_GAP;
	return (vma->flags & VM_GROWSDOWN) ? 0 : vma->start;
}

/* The free gap just below vma: from the previous VMA's end (or 0). */
static uint64_t vma_own_gap(struct vma *vma)
{
	uint64_t start = vm_start_gap(vma);
	struct vma *prev = vma_prev(vma->mm, vma);
	uint64_t prev_end = prev ? prev->end : 0;

	return start > prev_end ? start - prev_end : 0;
}

static uint64_t vma_compute_subtree_gap(struct vma *vma)
{
	uint64_t gap = vma_own_gap(vma);
	struct vma *l = rb_entry_safe(vma->rb.rb_left, struct vma, rb);
	struct vma *r = rb_entry_safe(vma->rb.rb_right, struct vma, rb);

	if (l && l->rb_subtree_gap > gap)
		gap = l->rb_subtree_gap;
	if (r && r->rb_subtree_gap > gap)
		gap = r->rb_subtree_gap;
	return gap;
}

RB_DECLARE_CALLBACKS(static, vma_gap_callbacks, struct vma, rb, rb_subtree_gap, vma_compute_subtree_gap);

/* vma's own gap changed (its start, or its predecessor's end, moved). */
static void vma_gap_update(struct vma *vma)
{
	vma_gap_callbacks.propagate(&vma->rb, NULL);
}

/* After vma->end changed: the next VMA's gap did. */
static void vma_end_changed(struct mm *mm, struct vma *vma)
{
	struct vma *next = vma_next(mm, vma);

	if (next)
		vma_gap_update(next);
}

struct vma *find_vma(struct mm *mm, uint64_t addr)
{
	struct rb_node *n = mm->vma_tree.rb_node;
	struct vma *best = NULL;

	while (n) {
		struct vma *v = rb_entry(n, struct vma, rb);
		if (v->end > addr) {
			best = v;
			if (v->start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

/* Put vma (not overlapping any) into the tree and the list. */
static void vma_link(struct mm *mm, struct vma *vma)
{
	struct rb_node **link = &mm->vma_tree.rb_node, *parent = NULL;
	struct vma *next = NULL;

	vma->mm = mm;
	while (*link) {
		struct vma *v = rb_entry(*link, struct vma, rb);
		parent = *link;
		if (vma->start < v->start) {
			next = v;
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
		}
	}
	list_add_tail(&vma->list, next ? &next->list : &mm->vmas); /* before next */
	vma->rb_subtree_gap = vma_own_gap(vma);
	rb_link_node(&vma->rb, parent, link);
	if (parent)
		vma_gap_callbacks.propagate(parent, NULL);
	/* next's gap shrank: right before the rebalancing, whose rotations copy the values */
	if (next)
		vma_gap_update(next);
	rb_insert_augmented(&vma->rb, &mm->vma_tree, &vma_gap_callbacks);
	mm->nr_vmas++;
}

static void vma_unlink(struct mm *mm, struct vma *vma)
{
	struct vma *next = vma_next(mm, vma);

	rb_erase_augmented(&vma->rb, &mm->vma_tree, &vma_gap_callbacks);
	list_del(&vma->list);
	mm->nr_vmas--;
	if (next)
		vma_gap_update(next);
}

static struct vma *vma_new(uint64_t start, uint64_t end, unsigned flags)
{
	struct vma *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (vma) {
		vma->start = start;
		vma->end = end;
		vma->flags = flags;
	}
	return vma;
}

static void vma_free(struct vma *vma)
{
	if (vma->shmem)
		shmem_put(vma->shmem);
	kfree(vma);
}

/* Can a (below) and b (just above it) be one VMA? */
static bool vma_can_merge(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->flags != b->flags || a->shmem != b->shmem)
		return false;
	return !a->shmem || a->pgoff + vma_pages(a) == b->pgoff;
}

/* Merge vma with its neighbours where they are compatible; returns what holds its range now. */
static struct vma *vma_merge_neighbours(struct mm *mm, struct vma *vma)
{
	struct vma *next = vma_next(mm, vma), *prev = vma_prev(mm, vma);

	if (next && vma_can_merge(vma, next)) {
		vma_unlink(mm, next);
		vma->end = next->end;
		vma_end_changed(mm, vma);
		vma_free(next);
	}
	if (prev && vma_can_merge(prev, vma)) {
		vma_unlink(mm, vma);
		prev->end = vma->end;
		vma_end_changed(mm, prev);
		vma_free(vma);
		vma = prev;
	}
	return vma;
}

/* Split vma at addr (strictly inside): vma keeps [start, addr), a new one gets the rest. */
static int vma_split(struct mm *mm, struct vma *vma, uint64_t addr)
{
	BUG_ON(addr <= vma->start || addr >= vma->end || !IS_ALIGNED(addr, PAGE_SIZE));
	if (mm->nr_vmas >= MAX_MAP_COUNT)
		return -ENOMEM;
	/* a huge page never straddles two VMAs */
	if (!IS_ALIGNED(addr, HPAGE_SIZE) && split_huge_pages(mm, addr, addr + PAGE_SIZE, true))
		return -ENOMEM;
	struct vma *tail = vma_new(addr, vma->end, vma->flags);
	if (!tail)
		return -ENOMEM;
	if (vma->shmem) {
		tail->shmem = vma->shmem;
		tail->pgoff = vma->pgoff + ((addr - vma->start) >> PAGE_SHIFT);
		shmem_get(tail->shmem);
	}
	vma->end = addr;
	vma_link(mm, tail); /* also refreshes tail's gap: 0 */
	return 0;
}

/* ---- address spaces ---- */

struct mm *mm_alloc(void)
{
	struct mm *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	mm->pgd_pa = virt_to_phys(mm->pgd);
	mm->users = 1;
	mm->lock = (struct rwlock)RWLOCK_INIT("mmap_lock");
	mm->vma_tree = RB_ROOT;
	INIT_LIST_HEAD(&mm->vmas);
	mm->stack_top = STACK_TOP;
	mm->mmap_base = STACK_TOP - MiB(128) - STACK_GUARD_GAP;
	mm->stack_limit = STACK_MAX;
	mm->data_limit = ~0ull;
	return mm;
}

/* Remove vma and everything in it (its pages; not the tables). */
static void remove_vma(struct mm *mm, struct vma *vma)
{
	zap_page_range(mm, vma->start, vma->end);
	if (vma->flags & VM_ACCOUNT)
		vm_unacct_memory((int64_t)vma_pages(vma));
	vm_stat_account(mm, vma->flags, -(int64_t)vma_pages(vma));
	vma_unlink(mm, vma);
	vma_free(vma);
}

void mm_free(struct mm *mm)
{
	while (!list_empty(&mm->vmas))
		remove_vma(mm, list_first_entry(&mm->vmas, struct vma, list));
	BUG_ON(mm->rss[MM_ANONPAGES] != 0 || mm->rss[MM_SHMEMPAGES] != 0);
	oom_victim_gone(mm);
	pgd_free(mm->pgd);
	kfree(mm);
}

void mm_get(struct mm *mm)
{
	__atomic_fetch_add(&mm->users, 1, __ATOMIC_RELAXED);
}

void mm_put(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL) == 0)
		mm_free(mm);
}

/* fork: the same VMAs; private pages shared copy-on-write, shared ones shared. */
struct mm *mm_copy(struct mm *old)
{
	struct mm *mm = mm_alloc();
	struct vma *vma;
	int err = 0;

	if (!mm)
		return NULL;
	write_lock(&old->lock);
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	mm->start_data = old->start_data;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->stack_top = old->stack_top;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->mmap_base = old->mmap_base;
	mm->stack_limit = old->stack_limit;
	mm->data_limit = old->data_limit;
	mm->hiwater_rss = mm_rss(old);
	mm->thp_disabled = old->thp_disabled;
	list_for_each_entry(vma, &old->vmas, list) {
		if (vma->flags & VM_DONTCOPY)
			continue;
		if ((vma->flags & VM_ACCOUNT) && (err = vm_enough_memory((int64_t)vma_pages(vma))))
			break;
		struct vma *n = vma_new(vma->start, vma->end, vma->flags);
		if (!n) {
			if (vma->flags & VM_ACCOUNT)
				vm_unacct_memory((int64_t)vma_pages(vma));
			err = -ENOMEM;
			break;
		}
		n->shmem = vma->shmem;
		n->pgoff = vma->pgoff;
		if (n->shmem)
			shmem_get(n->shmem);
		vma_link(mm, n);
		vm_stat_account(mm, n->flags, (int64_t)vma_pages(n));
		if (!(vma->flags & VM_WIPEONFORK) && (err = copy_page_range(mm, old, vma)))
			break;
	}
	write_unlock(&old->lock);
	if (err) {
		mm_free(mm);
		return NULL;
	}
	return mm;
}

/* The random part of a layout: pages in [0, 2^bits), as a byte offset. */
static uint64_t random_pages(unsigned bits)
{
	uint64_t r;

	if (!randomize_va_space)
		return 0;
	get_random_bytes(&r, sizeof(r));
	return (r & ((1ull << bits) - 1)) << PAGE_SHIFT;
}

/*
 * exec: where the stack and the mmap area go (Linux's arch_pick_mmap_layout
 * and randomize_stack_top): up to 16 GiB of random below the top for the
 * stack; mmap_base below the room the stack may take (RLIMIT_STACK, the
 * guard gap and the stack's 16 GiB of random, at least 128 MiB), less up
 * to 1 TiB of random.
 */
void mm_set_layout(struct mm *mm, uint64_t stack_limit, uint64_t data_limit)
{
	/* the stack's room: its limit, the guard gap, and how far it may be randomized */
	uint64_t gap = stack_limit + STACK_GUARD_GAP + (randomize_va_space ? GiB(16) : 0), span = STACK_TOP;

	if (stack_limit > span)
		gap = span;
	mm->stack_limit = stack_limit;
	mm->data_limit = data_limit;
	mm->stack_top = STACK_TOP - random_pages(22);
	if (gap < MiB(128))
		gap = MiB(128);
	if (gap > span / 6 * 5)
		gap = span / 6 * 5;
	mm->mmap_base = ALIGN_DOWN(STACK_TOP - gap - random_pages(28), PAGE_SIZE);
}

/* exec: the heap starts after the data, up to 32 MiB further at random. */
uint64_t mm_randomize_brk(struct mm *mm)
{
	mm->start_brk = mm->brk = ALIGN_UP(mm->brk, PAGE_SIZE) + random_pages(13);
	return mm->brk;
}

int vma_add(struct mm *mm, uint64_t start, uint64_t end, unsigned flags)
{
	BUG_ON(!IS_ALIGNED(start | end, PAGE_SIZE) || start >= end || end > USER_TOP);
	struct vma *v = find_vma(mm, start);
	if (v && v->start < end)
		return -EEXIST;
	if (accountable(flags)) {
		if (vm_enough_memory((int64_t)((end - start) >> PAGE_SHIFT)))
			return -ENOMEM;
		flags |= VM_ACCOUNT;
	}
	struct vma *vma = vma_new(start, end, flags);
	if (!vma) {
		if (flags & VM_ACCOUNT)
			vm_unacct_memory((int64_t)((end - start) >> PAGE_SHIFT));
		return -ENOMEM;
	}
	write_lock(&mm->lock);
	vma_link(mm, vma);
	vm_stat_account(mm, flags, (int64_t)vma_pages(vma));
	write_unlock(&mm->lock);
	return 0;
}

int vma_expand_down(struct mm *mm, struct vma *vma, uint64_t start)
{
	int64_t grow = (int64_t)((vma->start - start) >> PAGE_SHIFT);

	if ((vma->flags & VM_ACCOUNT) && vm_enough_memory(grow))
		return -ENOMEM;
	vma->start = start;
	vma_gap_update(vma);
	vm_stat_account(mm, vma->flags, grow);
	return 0;
}

/* ---- finding room ---- */

/* Highest address in [low, high) with len free bytes below a VMA of the subtree, or 0. */
static uint64_t gap_search_topdown(struct mm *mm, struct rb_node *n, uint64_t len, uint64_t low, uint64_t high)
{
	if (!n)
		return 0;
	struct vma *v = rb_entry(n, struct vma, rb);
	if (v->rb_subtree_gap < len)
		return 0;
	if (v->end < high) { /* VMAs to the right are higher: their gaps first */
		uint64_t a = gap_search_topdown(mm, n->rb_right, len, low, high);
		if (a)
			return a;
	}
	struct vma *prev = vma_prev(mm, v);
	uint64_t gap_start = MAX(prev ? prev->end : 0, low), gap_end = MIN(vm_start_gap(v), high);
	if (gap_end > gap_start && gap_end - gap_start >= len)
		return gap_end - len;
	if (gap_start <= low && prev && prev->end <= low)
		return 0; /* everything to the left ends below low */
	return gap_search_topdown(mm, n->rb_left, len, low, high);
}

static uint64_t unmapped_area_topdown(struct mm *mm, uint64_t len, uint64_t low, uint64_t high)
{
	if (high < low || high - low < len)
		return 0;
	/* above the last VMA */
	struct vma *last = list_empty(&mm->vmas) ? NULL : list_last_entry(&mm->vmas, struct vma, list);
	uint64_t top_start = MAX(last ? last->end : 0, low);
	if (high > top_start && high - top_start >= len)
		return high - len;
	return gap_search_topdown(mm, mm->vma_tree.rb_node, len, low, high);
}

/* Is [addr, addr+len) free, guard gaps included? */
static bool range_free(struct mm *mm, uint64_t addr, uint64_t len)
{
	struct vma *vma = find_vma(mm, addr);

	if (vma && addr + len > vm_start_gap(vma))
		return false;
	struct vma *prev = vma ? vma_prev(mm, vma) :
				 (list_empty(&mm->vmas) ? NULL : list_last_entry(&mm->vmas, struct vma, list));
	return !prev || addr >= prev->end;
}

/* Linux's get_unmapped_area (top-down): an address, or -ENOMEM/-EINVAL. */
static int64_t get_unmapped_area(struct mm *mm, uint64_t addr, uint64_t len, unsigned flags)
{
	if (len > USER_TOP)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr > USER_TOP - len)
			return -ENOMEM;
		if (!IS_ALIGNED(addr, PAGE_SIZE))
			return -EINVAL;
		return (int64_t)addr;
	}
	if (addr && USER_TOP - len >= addr && addr >= MMAP_MIN_ADDR && range_free(mm, addr, len))
		return (int64_t)addr;
	uint64_t low = MMAP_MIN_ADDR, high = mm->mmap_base;
	if (flags & MAP_32BIT)
		low = GiB(1), high = GiB(2);
	uint64_t found = unmapped_area_topdown(mm, len, low, high);
	if (!found && !(flags & MAP_32BIT)) /* Linux falls back to the rest of the space */
		found = unmapped_area_topdown(mm, len, mm->mmap_base, USER_TOP);
	return found ? (int64_t)found : -ENOMEM;
}

/* ---- unmapping ---- */

/* Remove [start, end) (page aligned) from the address space. */
static int unmap_range(struct mm *mm, uint64_t start, uint64_t end)
{
	struct vma *vma = find_vma(mm, start);

	if (!vma || vma->start >= end || start >= end) /* (mremap's old_len 0: nothing) */
		return 0;
	/* split first, so that a failure changes nothing */
	if (vma->start < start) {
		int err = vma_split(mm, vma, start);
		if (err)
			return err;
		vma = vma_next(mm, vma);
	}
	struct vma *last = find_vma(mm, end - 1);
	if (last && last->start < end && last->end > end) {
		int err = vma_split(mm, last, end);
		if (err)
			return err;
	}
	struct vma *prev = vma_prev(mm, vma);
	while (vma && vma->start < end) {
		struct vma *next = vma_next(mm, vma);
		remove_vma(mm, vma);
		vma = next;
	}
	free_pgtables(mm, start, end, prev ? prev->end : 0, vma ? vma->start : USER_HALF_END);
	return 0;
}

int do_munmap(struct mm *mm, uint64_t addr, uint64_t len)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE) || addr > USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0)
		return -EINVAL;
	write_lock(&mm->lock);
	int err = unmap_range(mm, addr, addr + len);
	write_unlock(&mm->lock);
	return err;
}

/* ---- mmap ---- */

/* Linux's mmap_region: [addr, addr+len) becomes a new mapping (merged if it can). */
static int64_t mmap_region(struct mm *mm, uint64_t addr, uint64_t len, unsigned flags)
{
	uint64_t pages = len >> PAGE_SHIFT;
	struct shmem *shmem = NULL;
	int err;

	if (!may_expand_vm(mm, flags, pages))
		return -ENOMEM;
	if ((err = unmap_range(mm, addr, addr + len)))
		return err;
	if (accountable(flags)) {
		if (vm_enough_memory((int64_t)pages))
			return -ENOMEM;
		flags |= VM_ACCOUNT;
	}
	if (flags & VM_SHARED) {
		shmem = shmem_create(pages, !(flags & VM_NORESERVE));
		if (!shmem)
			goto nomem;
	}
	struct vma *vma = vma_new(addr, addr + len, flags);
	if (!vma || mm->nr_vmas >= MAX_MAP_COUNT) {
		kfree(vma);
		if (shmem)
			shmem_put(shmem);
		goto nomem;
	}
	vma->shmem = shmem;
	vma_link(mm, vma);
	vm_stat_account(mm, flags, (int64_t)pages);
	if (!shmem)
		vma_merge_neighbours(mm, vma);
	return (int64_t)addr;
nomem:
	if (flags & VM_ACCOUNT)
		vm_unacct_memory((int64_t)pages);
	return -ENOMEM;
}

int64_t do_mmap(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot, unsigned flags)
{
	if (len == 0)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED)) {
		addr = ALIGN_DOWN(addr, PAGE_SIZE);
		if (addr && addr < MMAP_MIN_ADDR)
			addr = MMAP_MIN_ADDR;
	}
	uint64_t size = ALIGN_UP(len, PAGE_SIZE);
	if (size < len || size == 0)
		return -ENOMEM;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* file mappings: lom's files cannot be mapped yet */
	if (flags & MAP_HUGETLB)
		return -ENOMEM; /* no hugetlbfs pool (Linux's default: 0 huge pages) */

	write_lock(&mm->lock);
	int64_t ret;
	if (mm->nr_vmas > MAX_MAP_COUNT) {
		ret = -ENOMEM;
		goto out;
	}
	ret = get_unmapped_area(mm, addr, size, flags);
	if (ret < 0)
		goto out;
	addr = (uint64_t)ret;
	if (addr < MMAP_MIN_ADDR) {
		ret = -EPERM; /* security_mmap_addr */
		goto out;
	}
	if ((flags & MAP_FIXED_NOREPLACE)) {
		struct vma *v = find_vma(mm, addr);
		if (v && v->start < addr + size) {
			ret = -EEXIST;
			goto out;
		}
	}
	unsigned vm_flags = prot & VM_ACCESS_FLAGS;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vm_flags |= VM_LOCKED;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (vm_flags & VM_GROWSDOWN) {
			ret = -EINVAL;
			goto out;
		}
		vm_flags |= VM_SHARED;
		break;
	case MAP_PRIVATE:
		break;
	default:
		ret = -EINVAL;
		goto out;
	}
	if ((flags & MAP_NORESERVE) && sysctl_overcommit_memory != OVERCOMMIT_NEVER)
		vm_flags |= VM_NORESERVE;
	ret = mmap_region(mm, addr, size, vm_flags);
	if (ret >= 0 && ((vm_flags & VM_LOCKED) || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE))
		populate_range(mm, addr, addr + size); /* best effort, as Linux */
out:
	write_unlock(&mm->lock);
	return ret;
}

/* ---- mprotect ---- */

/* Give [start, end) of vma the flags newflags: split, account, rewrite the PTEs, merge. */
static int mprotect_fixup(struct mm *mm, struct vma *vma, uint64_t start, uint64_t end, unsigned newflags)
{
	int64_t charged = 0;
	int err;

	if (newflags == vma->flags)
		return 0;
	/* private memory made writable for the first time is charged now */
	if ((newflags & VM_WRITE) && !(vma->flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE))) {
		charged = (int64_t)((end - start) >> PAGE_SHIFT);
		if (vm_enough_memory(charged))
			return -ENOMEM;
		newflags |= VM_ACCOUNT;
	}
	if (vma->start < start && (err = vma_split(mm, vma, start)))
		goto fail;
	if (vma->start < start)
		vma = vma_next(mm, vma);
	if (vma->end > end && (err = vma_split(mm, vma, end)))
		goto fail;
	/* PROT_NONE entries are kept with P clear: only 4 KiB ones */
	if (!(newflags & VM_ACCESS_FLAGS) && (err = split_huge_pages(mm, vma->start, vma->end, true)))
		goto fail;
	vm_stat_account(mm, vma->flags, -(int64_t)vma_pages(vma));
	vma->flags = newflags;
	vm_stat_account(mm, vma->flags, (int64_t)vma_pages(vma));
	change_protection(mm, vma, vma->start, vma->end);
	vma_merge_neighbours(mm, vma);
	return 0;
fail:
	vm_unacct_memory(charged);
	return err;
}

int do_mprotect(struct mm *mm, uint64_t start, uint64_t len, unsigned prot)
{
	unsigned grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (!IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if (len == 0)
		return 0;
	len = ALIGN_UP(len, PAGE_SIZE);
	uint64_t end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;

	write_lock(&mm->lock);
	int err = -ENOMEM;
	struct vma *vma = find_vma(mm, start);
	if (!vma)
		goto out;
	if (grows & PROT_GROWSDOWN) {
		if (vma->start >= end)
			goto out;
		start = vma->start;
		err = -EINVAL;
		if (!(vma->flags & VM_GROWSDOWN))
			goto out;
	} else if (vma->start > start) {
		goto out;
	} else if (grows & PROT_GROWSUP) {
		err = -EINVAL; /* nothing grows up on x86 */
		goto out;
	}
	/* VMA by VMA, as Linux: a hole stops it with ENOMEM, what was done stays */
	for (uint64_t at = start;;) {
		unsigned newflags = (vma->flags & ~VM_ACCESS_FLAGS) | (prot & VM_ACCESS_FLAGS);
		uint64_t to = MIN(end, vma->end);
		err = mprotect_fixup(mm, vma, at, to, newflags);
		if (err || to >= end)
			break;
		vma = find_vma(mm, to); /* may have merged with what was just changed */
		if (!vma || vma->start > to) {
			err = -ENOMEM;
			break;
		}
		at = to;
	}
out:
	write_unlock(&mm->lock);
	return err;
}

/* ---- brk ---- */

uint64_t do_brk(struct mm *mm, uint64_t brk)
{
	write_lock(&mm->lock);
	uint64_t newbrk = ALIGN_UP(brk, PAGE_SIZE), oldbrk = ALIGN_UP(mm->brk, PAGE_SIZE);

	if (brk < mm->start_brk || brk > USER_TOP)
		goto out;
	/* RLIMIT_DATA covers the heap and the initialized data (check_data_rlimit) */
	if (mm->data_limit != ~0ull && (brk - mm->start_brk) + (mm->end_data - mm->start_data) > mm->data_limit)
		goto out;
	if (newbrk == oldbrk) {
		mm->brk = brk;
		goto out;
	}
	if (brk <= mm->brk) { /* shrink: the pages and tables above go */
		if (unmap_range(mm, newbrk, oldbrk) == 0)
			mm->brk = brk;
		goto out;
	}
	/* grow: not into the next mapping nor its guard gap */
	struct vma *next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		goto out;
	uint64_t pages = (newbrk - oldbrk) >> PAGE_SHIFT;
	unsigned flags = VM_READ | VM_WRITE | VM_HEAP | VM_ACCOUNT;
	if (!may_expand_vm(mm, flags, pages) || mm->nr_vmas >= MAX_MAP_COUNT || vm_enough_memory((int64_t)pages))
		goto out;
	struct vma *heap = oldbrk > mm->start_brk ? find_vma(mm, oldbrk - 1) : NULL;
	if (heap && heap->end == oldbrk && heap->flags == flags) {
		heap->end = newbrk;
		vma_end_changed(mm, heap);
	} else {
		struct vma *vma = vma_new(oldbrk, newbrk, flags);
		if (!vma) {
			vm_unacct_memory((int64_t)pages);
			goto out;
		}
		vma_link(mm, vma);
	}
	vm_stat_account(mm, flags, (int64_t)pages);
	mm->brk = brk;
out:
	brk = mm->brk;
	write_unlock(&mm->lock);
	return brk;
}

/* ---- mremap ---- */

/*
 * Move [addr, addr+old_len) of vma to new_addr (free, new_len >= old_len
 * bytes), taking the page-table entries along; the rest up to new_len is
 * new empty memory of the same kind.  dontunmap: the old range stays
 * mapped, empty.  Linux's move_vma.
 */
static int64_t move_vma(struct mm *mm, struct vma *vma, uint64_t addr, uint64_t old_len, uint64_t new_addr,
			uint64_t new_len, bool dontunmap)
{
	uint64_t pages = new_len >> PAGE_SHIFT;
	int64_t charged = 0;

	if (mm->nr_vmas >= MAX_MAP_COUNT - 3)
		return -ENOMEM;
	/*
	 * The old range becomes a VMA of its own before anything moves: its
	 * unmap below then needs no split, which could fail for want of
	 * memory after the entries had moved and leave the old range mapped
	 * (empty) behind a successful mremap.
	 */
	if (!dontunmap && old_len) {
		int err = 0;
		if (vma->start < addr && !(err = vma_split(mm, vma, addr)))
			vma = vma_next(mm, vma);
		if (!err && vma->end > addr + old_len)
			err = vma_split(mm, vma, addr + old_len);
		if (err)
			return err;
	}
	if (vma->flags & VM_ACCOUNT) {
		/* the old range stays charged until unmapped: charge the new one */
		charged = (int64_t)pages;
		if (vm_enough_memory(charged))
			return -ENOMEM;
	}
	struct vma *n = vma_new(new_addr, new_addr + new_len, vma->flags);
	if (!n) {
		vm_unacct_memory(charged);
		return -ENOMEM;
	}
	if (vma->shmem) {
		n->shmem = vma->shmem;
		n->pgoff = vma->pgoff + ((addr - vma->start) >> PAGE_SHIFT);
		shmem_get(n->shmem);
	}
	if (move_page_tables(mm, addr, new_addr, old_len)) {
		/* put back what moved */
		move_page_tables(mm, new_addr, addr, old_len);
		vma_free(n);
		vm_unacct_memory(charged);
		return -ENOMEM;
	}
	vma_link(mm, n);
	vm_stat_account(mm, n->flags, (int64_t)pages);
	if (!dontunmap)
		unmap_range(mm, addr, addr + old_len); /* one whole VMA (split above): cannot fail */
	vma_merge_neighbours(mm, n);                   /* then n may join its neighbours (and be gone) */
	return (int64_t)new_addr;
}

int64_t do_mremap(struct mm *mm, uint64_t addr, uint64_t old_len, uint64_t new_len, unsigned flags,
		  uint64_t new_addr)
{
	if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	/* a shrink drops [addr + new_len, addr + old_len): that range must lie
	 * in user space (Linux: do_vmi_munmap's check), else it wraps or runs
	 * into the kernel half and everything above addr would go.  A grow or
	 * move of a range that is not mapped gets EFAULT below, as on Linux. */
	if (old_len > new_len && (addr > USER_TOP || old_len > USER_TOP - addr))
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (new_len == 0 || new_len > USER_TOP)
		return -EINVAL;

	write_lock(&mm->lock);
	int64_t ret;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		if (flags & MREMAP_FIXED) {
			ret = -EINVAL;
			if (!IS_ALIGNED(new_addr, PAGE_SIZE) || new_len > USER_TOP || new_addr > USER_TOP - new_len)
				goto out;
			if ((new_addr <= addr && new_addr + new_len > addr) ||
			    (addr <= new_addr && addr + old_len > new_addr))
				goto out; /* overlapping */
			if ((ret = unmap_range(mm, new_addr, new_addr + new_len)))
				goto out;
			if (old_len > new_len) {
				if ((ret = unmap_range(mm, addr + new_len, addr + old_len)))
					goto out;
				old_len = new_len;
			}
		}
	} else if (old_len == new_len) {
		struct vma *v = find_vma(mm, addr);
		ret = v && v->start <= addr ? (int64_t)addr : -EFAULT;
		goto out;
	} else if (old_len > new_len) {
		/* shrinking: whatever is above the new end goes */
		ret = unmap_range(mm, addr + new_len, addr + old_len);
		ret = ret < 0 ? ret : (int64_t)addr;
		goto out;
	}

	struct vma *vma = find_vma(mm, addr);
	ret = -EFAULT;
	if (!vma || vma->start > addr)
		goto out;
	if (old_len == 0 && !(vma->flags & VM_SHARED)) {
		ret = -EINVAL; /* "duplicating" a private mapping makes no sense (Linux refuses it) */
		goto out;
	}
	if (old_len > vma->end - addr)
		goto out;
	if (new_len > old_len && !may_expand_vm(mm, vma->flags, (new_len - old_len) >> PAGE_SHIFT)) {
		ret = -ENOMEM;
		goto out;
	}

	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		if (!(flags & MREMAP_FIXED)) {
			ret = get_unmapped_area(mm, 0, new_len, 0);
			if (ret < 0)
				goto out;
			new_addr = (uint64_t)ret;
		}
		if (new_addr < MMAP_MIN_ADDR) {
			ret = -EPERM;
			goto out;
		}
		ret = move_vma(mm, vma, addr, old_len, new_addr, new_len, flags & MREMAP_DONTUNMAP);
		goto out;
	}

	/* grow in place if old_len runs to the VMA's end and the space above is free */
	if (old_len == vma->end - addr) {
		struct vma *next = vma_next(mm, vma);
		uint64_t grow = new_len - old_len, pages = grow >> PAGE_SHIFT;
		if (addr + new_len <= USER_TOP && addr + new_len > addr &&
		    (!next || addr + new_len <= vm_start_gap(next))) {
			ret = -ENOMEM;
			if ((vma->flags & VM_ACCOUNT) && vm_enough_memory((int64_t)pages))
				goto out;
			if (vma->shmem && vma->pgoff + ((addr + new_len - vma->start) >> PAGE_SHIFT) >
						  shmem_size_pages(vma->shmem)) {
				/* a shared mapping cannot outgrow its object in place: move it */
				if (vma->flags & VM_ACCOUNT)
					vm_unacct_memory((int64_t)pages);
			} else {
				vma->end = addr + new_len;
				vma_end_changed(mm, vma);
				vm_stat_account(mm, vma->flags, (int64_t)pages);
				vma_merge_neighbours(mm, vma); /* with the next one, if it now touches */
				ret = (int64_t)addr;
				goto out;
			}
		}
	}
	ret = -ENOMEM;
	if (!(flags & MREMAP_MAYMOVE))
		goto out;
	ret = get_unmapped_area(mm, 0, new_len, 0);
	if (ret < 0)
		goto out;
	ret = move_vma(mm, vma, addr, old_len, (uint64_t)ret, new_len, false);
out:
	write_unlock(&mm->lock);
	return ret;
}

/* ---- madvise ---- */

static bool madvise_valid(int advice)
{
	return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED) ||
	       (advice >= MADV_FREE && advice <= MADV_COLLAPSE);
}

/* The advice for [start, end) inside vma.  Returns 0 or -errno. */
static int madvise_vma(struct mm *mm, struct vma *vma, uint64_t start, uint64_t end, int advice)
{
	unsigned set = 0, clear = 0;

	switch (advice) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
		/* private: the pages go, reads give zeros; shared: the mapping of them goes */
		if (split_huge_pages(mm, start, end, false))
			return -ENOMEM;
		zap_page_range(mm, start, end);
		return 0;
	case MADV_FREE:
		if (vma->flags & VM_SHARED)
			return -EINVAL; /* anonymous private memory only */
		if (split_huge_pages(mm, start, end, false))
			return -ENOMEM;
		zap_page_range(mm, start, end);
		return 0;
	case MADV_REMOVE:
		return (vma->flags & VM_SHARED) ? 0 : -EINVAL;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		if (!(vma->flags & VM_ACCESS_FLAGS) || (advice == MADV_POPULATE_WRITE && !(vma->flags & VM_WRITE)))
			return -ENOMEM;
		return populate_range(mm, start, end);
	case MADV_DONTFORK:
		set = VM_DONTCOPY;
		break;
	case MADV_DOFORK:
		clear = VM_DONTCOPY;
		break;
	case MADV_WIPEONFORK:
		if (vma->flags & VM_SHARED)
			return -EINVAL;
		set = VM_WIPEONFORK;
		break;
	case MADV_KEEPONFORK:
		clear = VM_WIPEONFORK;
		break;
	case MADV_HUGEPAGE:
		set = VM_HUGEPAGE, clear = VM_NOHUGEPAGE;
		break;
	case MADV_NOHUGEPAGE:
		set = VM_NOHUGEPAGE, clear = VM_HUGEPAGE;
		break;
	default: /* hints lom has no use for: accepted */
		return 0;
	}
	unsigned newflags = (vma->flags & ~clear) | set;
	if (newflags == vma->flags)
		return 0;
	int err;
	if (vma->start < start && (err = vma_split(mm, vma, start)))
		return err;
	if (vma->start < start)
		vma = vma_next(mm, vma);
	if (vma->end > end && (err = vma_split(mm, vma, end)))
		return err;
	vma->flags = newflags;
	vma_merge_neighbours(mm, vma);
	return 0;
}

int do_madvise(struct mm *mm, uint64_t start, uint64_t len_in, int advice)
{
	if (!madvise_valid(advice) || !IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	uint64_t len = ALIGN_UP(len_in, PAGE_SIZE);
	if (len_in && !len)
		return -EINVAL;
	uint64_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;

	write_lock(&mm->lock);
	int unmapped_error = 0, err = 0;
	struct vma *vma = find_vma(mm, start);
	/* as Linux: holes give ENOMEM at the end, the mapped parts are advised */
	while (start < end) {
		if (!vma) {
			unmapped_error = -ENOMEM;
			break;
		}
		if (vma->start > start) {
			unmapped_error = -ENOMEM;
			start = vma->start;
			if (start >= end)
				break;
		}
		uint64_t to = MIN(end, vma->end);
		err = madvise_vma(mm, vma, start, to, advice);
		if (err)
			break;
		start = to;
		vma = find_vma(mm, start);
	}
	write_unlock(&mm->lock);
	return err ? err : unmapped_error;
}
