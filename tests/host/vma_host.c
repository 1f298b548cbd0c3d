/*
 * tests/host/vma_host.c - the kernel around mm/mmap.c, for host tests and
 * the VMA fuzzer (see vma_host.h): allocations, page tables, shared
 * objects, randomness, and the checker of an mm.
 *
 * The "page tables" are one array of struct host_pte sorted by (mm, va):
 * a few hundred entries at most in the tests, so a binary search and a
 * memmove per change are plenty.  Single-threaded, like the tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/random.h"
#include "kernel/rwlock.h"
#include "mm/page.h"
#include "mm/vm.h"
#include "tests/host/vma_host.h"

#define USER_HALF_END 0x0000800000000000ull

/* ---- failure injection ---- */

long vma_host_fail_countdown = -1;
long vma_host_injected;

static bool inject_failure(void)
{
	if (vma_host_fail_countdown < 0)
		return false;
	if (vma_host_fail_countdown-- > 0)
		return false;
	vma_host_injected++;
	return true;
}

/* ---- allocations (mm/mmap.c's kzalloc and kfree) ---- */

static long live_allocs;

void *vma_host_kzalloc(size_t size, unsigned gfp);
void vma_host_kfree(const void *p);

void *vma_host_kzalloc(size_t size, unsigned gfp)
{
	(void)gfp;
	if (inject_failure())
		return NULL;
	void *p = calloc(1, size);
	if (p)
		live_allocs++;
	return p;
}

void vma_host_kfree(const void *p)
{
	if (!p)
		return;
	live_allocs--;
	free((void *)p);
}

long vma_host_live_allocs(void)
{
	return live_allocs;
}

/* ---- the page tables ---- */

static struct host_pte *ptes;
static size_t nr_ptes, cap_ptes;
uint64_t vma_host_tag_base = 1ull << 40;

static bool pte_before(const struct host_pte *e, const struct mm *mm, uint64_t va)
{
	if ((uintptr_t)e->mm != (uintptr_t)mm)
		return (uintptr_t)e->mm < (uintptr_t)mm;
	return e->va < va;
}

/* Index of the first entry at or after (mm, va). */
static size_t pte_lower_bound(const struct mm *mm, uint64_t va)
{
	size_t lo = 0, hi = nr_ptes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pte_before(&ptes[mid], mm, va))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct host_pte *pte_find(struct mm *mm, uint64_t va)
{
	size_t i = pte_lower_bound(mm, va);

	return i < nr_ptes && ptes[i].mm == mm && ptes[i].va == va ? &ptes[i] : NULL;
}

const struct host_pte *vma_host_pte(struct mm *mm, uint64_t va)
{
	return pte_find(mm, va);
}

static struct host_pte *pte_insert(struct mm *mm, uint64_t va)
{
	size_t i = pte_lower_bound(mm, va);

	if (i < nr_ptes && ptes[i].mm == mm && ptes[i].va == va)
		panic("vma_host: a second PTE for %#lx", (unsigned long)va);
	if (nr_ptes == cap_ptes) {
		cap_ptes = cap_ptes ? cap_ptes * 2 : 256;
		ptes = realloc(ptes, cap_ptes * sizeof(*ptes));
		if (!ptes)
			abort();
	}
	memmove(&ptes[i + 1], &ptes[i], (nr_ptes - i) * sizeof(*ptes));
	nr_ptes++;
	memset(&ptes[i], 0, sizeof(ptes[i]));
	ptes[i].mm = mm;
	ptes[i].va = va;
	return &ptes[i];
}

/* Drop mm's entries in [start, end). */
static void pte_remove_range(struct mm *mm, uint64_t start, uint64_t end)
{
	size_t i = pte_lower_bound(mm, start), j = i;

	while (j < nr_ptes && ptes[j].mm == mm && ptes[j].va < end)
		j++;
	if (j == i)
		return;
	memmove(&ptes[i], &ptes[j], (nr_ptes - j) * sizeof(*ptes));
	nr_ptes -= j - i;
}

size_t vma_host_nr_ptes(struct mm *mm, uint64_t start, uint64_t end)
{
	size_t i = pte_lower_bound(mm, start), n = 0;

	while (i + n < nr_ptes && ptes[i + n].mm == mm && ptes[i + n].va < end)
		n++;
	return n;
}

size_t vma_host_total_ptes(void)
{
	return nr_ptes;
}

pte_t *pgd_alloc(void)
{
	if (inject_failure())
		return NULL;
	return aligned_alloc(4096, 4096);
}

void pgd_free(pte_t *pgd)
{
	free(pgd);
}

void zap_page_range(struct mm *mm, uint64_t start, uint64_t end)
{
	pte_remove_range(mm, start, end);
}

/*
 * Tables for [start, end) may go: nothing may use [floor, ceiling) any
 * more - no VMA and no page in it.  (A wrong floor or ceiling would free
 * a table a neighbour still uses.)
 */
void free_pgtables(struct mm *mm, uint64_t start, uint64_t end, uint64_t floor, uint64_t ceiling)
{
	if (!(floor <= start && start < end && end <= ceiling && ceiling <= USER_HALF_END))
		panic("free_pgtables: bad range [%#lx, %#lx) in [%#lx, %#lx)", (unsigned long)start,
		      (unsigned long)end, (unsigned long)floor, (unsigned long)ceiling);
	struct vma *v = find_vma(mm, floor);
	if (v && v->start < ceiling)
		panic("free_pgtables: [%#lx, %#lx) still has a VMA at [%#lx, %#lx)", (unsigned long)floor,
		      (unsigned long)ceiling, (unsigned long)v->start, (unsigned long)v->end);
	if (vma_host_nr_ptes(mm, floor, ceiling))
		panic("free_pgtables: pages left in [%#lx, %#lx)", (unsigned long)floor, (unsigned long)ceiling);
}

void change_protection(struct mm *mm, struct vma *vma, uint64_t start, uint64_t end)
{
	if (start < vma->start || end > vma->end || start >= end)
		panic("change_protection: [%#lx, %#lx) outside its VMA", (unsigned long)start, (unsigned long)end);
	for (size_t i = pte_lower_bound(mm, start); i < nr_ptes && ptes[i].mm == mm && ptes[i].va < end; i++)
		ptes[i].prot = vma->flags & VM_ACCESS_FLAGS;
}

int copy_page_range(struct mm *dst, struct mm *src, struct vma *vma)
{
	if (inject_failure())
		return -ENOMEM;
	size_t n = vma_host_nr_ptes(src, vma->start, vma->end);
	for (size_t k = 0; k < n; k++) {
		/* the insert may move the array: find the source entry again each time */
		struct host_pte e = ptes[pte_lower_bound(src, vma->start) + k];
		struct host_pte *d = pte_insert(dst, e.va);
		e.mm = dst;
		*d = e;
	}
	return 0;
}

/* Like mm/memory.c's: may fail part way (the caller moves back what moved). */
int move_page_tables(struct mm *mm, uint64_t old_addr, uint64_t new_addr, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		struct host_pte *e = pte_find(mm, old_addr + off);
		if (!e)
			continue;
		if (inject_failure())
			return -ENOMEM;
		struct host_pte copy = *e;
		pte_remove_range(mm, old_addr + off, old_addr + off + PAGE_SIZE);
		copy.va = new_addr + off;
		*pte_insert(mm, copy.va) = copy;
	}
	return 0;
}

/* mm/memory.c's: fault in what is missing, writable where a write would be. */
int populate_range(struct mm *mm, uint64_t start, uint64_t end)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		struct vma *vma = find_vma(mm, va);
		if (!vma || vma->start > va)
			return -ENOMEM;
		if (!(vma->flags & VM_ACCESS_FLAGS))
			continue;
		bool write = (vma->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
		struct host_pte *e = pte_find(mm, va);
		if (e && (!write || e->tag))
			continue; /* there, and good enough */
		if (!e)
			e = pte_insert(mm, va);
		e->prot = vma->flags & VM_ACCESS_FLAGS;
		if (vma->shmem) {
			e->shmem = vma->shmem;
			e->pgoff = vma->pgoff + ((va - vma->start) >> PAGE_SHIFT);
		} else {
			e->tag = write ? vma_host_tag_base | (va >> PAGE_SHIFT) : 0;
		}
	}
	return 0;
}

int split_huge_pages(struct mm *mm, uint64_t start, uint64_t end, bool all)
{
	(void)mm, (void)start, (void)end, (void)all;
	return inject_failure() ? -ENOMEM : 0;
}

void oom_victim_gone(struct mm *mm)
{
	(void)mm;
}

/* ---- shared objects ---- */

unsigned vma_host_next_shmem_id = 1;
static long live_shmems;
static int64_t shmem_accounted;

struct shmem *shmem_create(uint64_t pages, bool account)
{
	struct shmem *s = vma_host_kzalloc(sizeof(*s), 0);

	if (!s)
		return NULL;
	if (account && vm_enough_memory((int64_t)pages)) {
		vma_host_kfree(s);
		return NULL;
	}
	s->refcount = 1;
	s->pages = pages;
	s->accounted = account ? (int64_t)pages : 0;
	s->id = vma_host_next_shmem_id++;
	live_shmems++;
	shmem_accounted += s->accounted;
	return s;
}

void shmem_get(struct shmem *s)
{
	s->refcount++;
}

void shmem_put(struct shmem *s)
{
	if (s->refcount <= 0)
		panic("shmem_put: refcount %d", s->refcount);
	if (--s->refcount)
		return;
	vm_unacct_memory(s->accounted);
	shmem_accounted -= s->accounted;
	live_shmems--;
	vma_host_kfree(s);
}

uint64_t shmem_size_pages(const struct shmem *s)
{
	return s->pages;
}

long vma_host_live_shmems(void)
{
	return live_shmems;
}

int64_t vma_host_shmem_accounted(void)
{
	return shmem_accounted;
}

/* ---- the rest ---- */

void get_random_bytes(void *buf, size_t n)
{
	static uint64_t x = 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		((uint8_t *)buf)[i] = (uint8_t)x;
	}
}

int cmdline_parse_long(const char *s, long *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	*out = strtol(s, &end, 0);
	return *end ? -1 : 0;
}

void rwlock_recursion(const struct rwlock *l)
{
	panic("BUG: rwlock recursion: '%s' taken for writing again", l->name);
}

struct mm *vma_host_mm(uint64_t mmap_base)
{
	struct mm *mm = mm_alloc();

	if (mm)
		mm->mmap_base = mmap_base;
	return mm;
}

/* ---- the checker ---- */

#define CHECK(cond, ...)                                   \
	do {                                               \
		if (!(cond)) {                             \
			snprintf(why, len, __VA_ARGS__);   \
			return -1;                         \
		}                                          \
	} while (0)

static struct vma *rb_vma(struct rb_node *n)
{
	return rb_entry_safe(n, struct vma, rb);
}

/* vm_start_gap, written again */
static uint64_t start_gap(const struct vma *v)
{
	if (!(v->flags & VM_GROWSDOWN))
		return v->start;
	return v->start > STACK_GUARD_GAP ? v->start - STACK_GUARD_GAP : 0;
}

/*
 * Red-black rules and parent pointers below n; returns the black height,
 * or -1 (why filled).  *max_gap: the largest own gap in the subtree.
 */
static int check_subtree(struct mm *mm, struct rb_node *n, struct rb_node *parent, uint64_t *max_gap, char *why,
			 size_t len)
{
	*max_gap = 0;
	if (!n)
		return 1;
	struct vma *v = rb_vma(n);
	CHECK(rb_parent(n) == parent, "VMA [%#lx, %#lx): wrong parent pointer", (unsigned long)v->start,
	      (unsigned long)v->end);
	if (rb_is_red(n))
		CHECK((!n->rb_left || rb_is_black(n->rb_left)) && (!n->rb_right || rb_is_black(n->rb_right)),
		      "VMA [%#lx, %#lx): red with a red child", (unsigned long)v->start, (unsigned long)v->end);
	uint64_t lgap, rgap;
	int lh = check_subtree(mm, n->rb_left, n, &lgap, why, len);
	if (lh < 0)
		return -1;
	int rh = check_subtree(mm, n->rb_right, n, &rgap, why, len);
	if (rh < 0)
		return -1;
	CHECK(lh == rh, "VMA [%#lx, %#lx): black heights %d and %d", (unsigned long)v->start, (unsigned long)v->end,
	      lh, rh);
	if (n->rb_left)
		CHECK(rb_vma(n->rb_left)->start < v->start, "tree out of order at %#lx", (unsigned long)v->start);
	if (n->rb_right)
		CHECK(rb_vma(n->rb_right)->start > v->start, "tree out of order at %#lx", (unsigned long)v->start);
	/* the own gap: from the previous VMA's end (or 0) to the start (less a stack's guard gap) */
	struct rb_node *p = rb_prev(n);
	uint64_t prev_end = p ? rb_vma(p)->end : 0, own = start_gap(v) > prev_end ? start_gap(v) - prev_end : 0;
	*max_gap = MAX(own, MAX(lgap, rgap));
	CHECK(v->rb_subtree_gap == *max_gap, "VMA [%#lx, %#lx): rb_subtree_gap %#lx, should be %#lx",
	      (unsigned long)v->start, (unsigned long)v->end, (unsigned long)v->rb_subtree_gap,
	      (unsigned long)*max_gap);
	return lh + rb_is_black(n);
}

static bool could_merge(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->flags != b->flags || a->shmem != b->shmem)
		return false;
	return !a->shmem || a->pgoff + ((a->end - a->start) >> PAGE_SHIFT) == b->pgoff;
}

int vma_host_check(struct mm *mm, const struct vma_check *opts, char *why, size_t len)
{
	struct rb_node *root = mm->vma_tree.rb_node;
	uint64_t gap;

	CHECK(!root || rb_is_black(root), "the root is red");
	if (check_subtree(mm, root, NULL, &gap, why, len) < 0)
		return -1;

	/* the list, in the tree's order */
	struct rb_node *n = rb_first(&mm->vma_tree);
	struct vma *v, *prev = NULL;
	unsigned count = 0;
	uint64_t total = 0, data = 0, stack = 0, exec = 0, accounted = 0;
	list_for_each_entry(v, &mm->vmas, list) {
		CHECK(n && rb_vma(n) == v, "list and tree differ at VMA %u ([%#lx, %#lx))", count,
		      (unsigned long)v->start, (unsigned long)v->end);
		n = rb_next(n);
		count++;
		CHECK(v->mm == mm, "VMA [%#lx, %#lx): vma->mm is not its mm", (unsigned long)v->start,
		      (unsigned long)v->end);
		CHECK(v->start < v->end && IS_ALIGNED(v->start | v->end, PAGE_SIZE),
		      "VMA [%#lx, %#lx): empty or not page aligned", (unsigned long)v->start, (unsigned long)v->end);
		CHECK(v->start >= MMAP_MIN_ADDR && v->end <= USER_TOP, "VMA [%#lx, %#lx): outside user space",
		      (unsigned long)v->start, (unsigned long)v->end);
		if (prev) {
			CHECK(prev->end <= v->start, "VMAs [%#lx, %#lx) and [%#lx, %#lx) overlap",
			      (unsigned long)prev->start, (unsigned long)prev->end, (unsigned long)v->start,
			      (unsigned long)v->end);
			CHECK((opts && opts->allow_unmerged) || !could_merge(prev, v), "VMAs [%#lx, %#lx) and [%#lx, %#lx) should be one (flags %#x)",
			      (unsigned long)prev->start, (unsigned long)prev->end, (unsigned long)v->start,
			      (unsigned long)v->end, v->flags);
		}
		CHECK(!(v->flags & VM_SHARED) == !v->shmem, "VMA [%#lx, %#lx): VM_SHARED without an object, or back",
		      (unsigned long)v->start, (unsigned long)v->end);
		if (v->shmem)
			CHECK(v->shmem->refcount > 0, "VMA [%#lx, %#lx): its object is freed",
			      (unsigned long)v->start, (unsigned long)v->end);
		uint64_t pages = (v->end - v->start) >> PAGE_SHIFT;
		total += pages;
		if ((v->flags & (VM_EXEC | VM_WRITE)) == VM_EXEC)
			exec += pages;
		else if (v->flags & VM_GROWSDOWN)
			stack += pages;
		else if ((v->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			data += pages;
		if (v->flags & VM_ACCOUNT)
			accounted += pages;
		prev = v;
	}
	CHECK(!n, "the tree has more VMAs than the list");
	CHECK(count == mm->nr_vmas, "nr_vmas %u, but %u VMAs", mm->nr_vmas, count);
	CHECK(mm->total_vm == total, "total_vm %lu, VMAs hold %lu pages", (unsigned long)mm->total_vm,
	      (unsigned long)total);
	CHECK(mm->data_vm == data && mm->stack_vm == stack && mm->exec_vm == exec,
	      "data/stack/exec_vm %lu/%lu/%lu, should be %lu/%lu/%lu", (unsigned long)mm->data_vm,
	      (unsigned long)mm->stack_vm, (unsigned long)mm->exec_vm, (unsigned long)data, (unsigned long)stack,
	      (unsigned long)exec);

	/* pages only inside VMAs, as the VMA says */
	for (size_t i = pte_lower_bound(mm, 0); i < nr_ptes && ptes[i].mm == mm; i++) {
		const struct host_pte *e = &ptes[i];
		v = find_vma(mm, e->va);
		CHECK(v && v->start <= e->va, "a page at %#lx outside any VMA", (unsigned long)e->va);
		CHECK(e->prot == (v->flags & VM_ACCESS_FLAGS), "the page at %#lx has protection %#x, its VMA %#x",
		      (unsigned long)e->va, e->prot, v->flags & VM_ACCESS_FLAGS);
		CHECK(e->shmem == v->shmem, "the page at %#lx belongs to another object than its VMA",
		      (unsigned long)e->va);
		if (v->shmem)
			CHECK(e->pgoff == v->pgoff + ((e->va - v->start) >> PAGE_SHIFT),
			      "the shared page at %#lx has index %lu in its object, its VMA says %lu",
			      (unsigned long)e->va, (unsigned long)e->pgoff,
			      (unsigned long)(v->pgoff + ((e->va - v->start) >> PAGE_SHIFT)));
	}

	if (opts && opts->sole_user) {
		list_for_each_entry(v, &mm->vmas, list) {
			if (!v->shmem)
				continue;
			int refs = 0;
			struct vma *w;
			list_for_each_entry(w, &mm->vmas, list)
				refs += w->shmem == v->shmem;
			CHECK(v->shmem->refcount == refs, "object %u: refcount %d, %d VMAs map it", v->shmem->id,
			      v->shmem->refcount, refs);
		}
	}
	if (opts && opts->committed_base >= 0) {
		int64_t want = opts->committed_base + (int64_t)accounted + vma_host_shmem_accounted();
		CHECK((int64_t)vm_committed_pages() == want, "Committed_AS %lu pages, should be %ld",
		      (unsigned long)vm_committed_pages(), (long)want);
	}
	return 0;
}
