/*
 * tests/host/fuzz_vma.c - libFuzzer target for mm/mmap.c: the VMA tree
 * and mmap, munmap, mprotect, mremap, brk, madvise and fork's copy,
 * against a reference model.
 *
 * The model is an array of pages over a small window of user space, each
 * with the VMA flags it should have, its shared object and index, and
 * its contents (absent, the zero page, or a tag telling which write
 * fault made it).  VMAs are not stored: they are the maximal runs of
 * pages that mm/mmap.c would merge, so comparing them with the real VMA
 * list also checks that everything mergeable was merged.  Each system
 * call is worked out on the model - placement top-down by a scan of the
 * gaps, accounting, RLIMIT_DATA, the errnos - then run on the real mm,
 * and after every step the two must agree on the result, every VMA,
 * every page's contents, the brk, the shared objects and Committed_AS;
 * vma_host_check() then walks the tree (order, red-black rules, every
 * rb_subtree_gap, the counters).
 *
 *   window   [MMAP_MIN_ADDR, + NPAGES pages) is the mmap area (mmap_base
 *            at its top); above it a PROT_NONE VMA up to USER_TOP
 *            leaves the fallback search nowhere else to go but the
 *            8 pages the model also covers there
 *   input    byte 0: overcommit mode and ratio, RLIMIT_DATA, brk start;
 *            then operations, each an opcode byte and the bytes it reads
 *            (missing bytes read as 0)
 *   failures an operation may be preceded by "fail the Nth allocation";
 *            from then on the model is rebuilt from the real mm after
 *            each step and only the invariants are checked (a failed
 *            split may stay, as in Linux)
 *
 * At the end everything is unmapped and the mm freed: no VMA, page,
 * shared object, allocation (ASan's leak check) or charge may remain.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/errno.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/mman.h"
#include "mm/vm.h"
#include "tests/host/sim_mem.h"
#include "tests/host/vma_host.h"

#define NPAGES 512                     /* the mmap area */
#define NP (NPAGES + 8)                /* the model: the area and 8 pages above it */
#define WBASE MMAP_MIN_ADDR
#define WTOP (WBASE + (uint64_t)NPAGES * PAGE_SIZE)
#define AEND (WBASE + (uint64_t)NP * PAGE_SIZE)
#define MAX_OPS 1024
#define MAX_SHM (MAX_OPS + 2)

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- the model ---- */

struct mpage {
	bool mapped;
	bool present;     /* a PTE: private contents (tag, 0 = zero page) or a shared page */
	unsigned flags;   /* VM_* */
	unsigned shm;     /* shared object id, 0 if private */
	uint64_t pgoff;   /* shared: index in the object */
	uint64_t tag;
};

struct mshm {
	uint64_t pages;
	int64_t accounted;
};

struct mvma {
	uint64_t start, end;
	unsigned flags, shm;
	uint64_t pgoff;
};

static struct mpage pg[NP];
static struct mshm shm[MAX_SHM];
static struct mvma mv[NP + 2];
static int nmv;
static uint64_t m_brk, m_start_brk, data_limit;
static int op_index;
static struct mm *mm;

static uint64_t va_of(long i) { return WBASE + (uint64_t)i * PAGE_SIZE; }
static long idx_of(uint64_t va) { return (long)((int64_t)(va - WBASE) / (int64_t)PAGE_SIZE); }

/* The pages [a, b) of the model that exist (the rest is below mmap_min_addr). */
#define FOR_PAGES(i, a, b) \
	for (long i = MAX(idx_of(a), 0L); (a) < (b) && i < idx_of(b) && i < NP; i++)

static bool mergeable(long i, long j) /* page j right after page i */
{
	const struct mpage *x = &pg[i], *y = &pg[j];
	return x->mapped && y->mapped && x->flags == y->flags && x->shm == y->shm && (!x->shm || x->pgoff + 1 == y->pgoff);
}

/* The VMAs the model's pages make: maximal mergeable runs, then the PROT_NONE VMA up to USER_TOP. */
static void derive(void)
{
	nmv = 0;
	for (long i = 0; i < NP; i++) {
		if (!pg[i].mapped)
			continue;
		if (i > 0 && mergeable(i - 1, i)) {
			mv[nmv - 1].end = va_of(i + 1);
			continue;
		}
		mv[nmv++] = (struct mvma){ va_of(i), va_of(i + 1), pg[i].flags, pg[i].shm, pg[i].pgoff };
	}
	if (nmv && mv[nmv - 1].end == AEND && mv[nmv - 1].flags == 0 && !mv[nmv - 1].shm)
		mv[nmv - 1].end = USER_TOP;
	else
		mv[nmv++] = (struct mvma){ AEND, USER_TOP, 0, 0, 0 };
}

/* find_vma: the first VMA ending above va, or -1 */
static int first_above(uint64_t va)
{
	for (int k = 0; k < nmv; k++)
		if (mv[k].end > va)
			return k;
	return -1;
}

static uint64_t start_gap(const struct mvma *v)
{
	if (!(v->flags & VM_GROWSDOWN))
		return v->start;
	return v->start > STACK_GUARD_GAP ? v->start - STACK_GUARD_GAP : 0;
}

static bool live_shm[MAX_SHM];

static void mark_live_shm(void)
{
	memset(live_shm, 0, sizeof(live_shm));
	for (long i = 0; i < NP; i++)
		if (pg[i].mapped && pg[i].shm)
			live_shm[pg[i].shm] = true;
}

static int64_t m_committed(void)
{
	int64_t n = 0;

	mark_live_shm();
	for (long i = 0; i < NP; i++)
		n += pg[i].mapped && (pg[i].flags & VM_ACCOUNT);
	for (int s = 0; s < MAX_SHM; s++)
		n += live_shm[s] ? shm[s].accounted : 0;
	return n;
}

static uint64_t m_data_pages(void)
{
	uint64_t n = 0;

	for (long i = 0; i < NP; i++) {
		unsigned f = pg[i].flags;
		if (pg[i].mapped && (f & (VM_EXEC | VM_WRITE)) != VM_EXEC && !(f & VM_GROWSDOWN) &&
		    (f & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			n++;
	}
	return n;
}

static bool m_enough(uint64_t pages)
{
	if (sysctl_overcommit_memory == OVERCOMMIT_ALWAYS)
		return true;
	if (sysctl_overcommit_memory == OVERCOMMIT_GUESS)
		return pages <= nr_managed_pages();
	return m_committed() + (int64_t)pages <= (int64_t)vm_commit_limit();
}

static bool m_may_expand(unsigned flags, uint64_t pages)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) != VM_WRITE ||
	       ((m_data_pages() + pages) << PAGE_SHIFT) <= data_limit;
}

static bool accountable(unsigned flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_NORESERVE)) == VM_WRITE;
}

static void m_unmap(uint64_t a, uint64_t b)
{
	FOR_PAGES(i, a, b)
		pg[i] = (struct mpage){ 0 };
}

/* New mapping of [a, b): no contents. */
static void m_set(uint64_t a, uint64_t b, unsigned flags, unsigned shm_id, uint64_t pgoff)
{
	FOR_PAGES(i, a, b)
		pg[i] = (struct mpage){ .mapped = true, .flags = flags, .shm = shm_id,
					.pgoff = shm_id ? pgoff + (uint64_t)(i - idx_of(a)) : 0 };
}

/* mm/memory.c's populate_range, as vma_host.c does it */
static void m_populate(uint64_t a, uint64_t b)
{
	FOR_PAGES(i, a, b) {
		struct mpage *p = &pg[i];
		if (!p->mapped)
			return;
		if (!(p->flags & VM_ACCESS_FLAGS))
			continue;
		bool write = (p->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
		if (p->present && (!write || p->tag))
			continue;
		p->present = true;
		p->tag = !p->shm && write ? vma_host_tag_base | (va_of(i) >> PAGE_SHIFT) : 0;
	}
}

/* ---- the model's system calls (mm/mmap.c's rules, which are Linux's) ---- */

static bool m_range_free(uint64_t addr, uint64_t len)
{
	int k = first_above(addr);

	if (k >= 0 && addr + len > start_gap(&mv[k]))
		return false;
	int prev = k >= 0 ? k - 1 : nmv - 1;
	return prev < 0 || addr >= mv[prev].end;
}

/* The highest len bytes free in [low, high), every VMA's guard gap kept; 0 if none. */
static uint64_t m_topdown(uint64_t len, uint64_t low, uint64_t high)
{
	uint64_t best = 0;

	if (high < low || high - low < len)
		return 0;
	for (int k = 0; k <= nmv; k++) {
		uint64_t gs = k ? mv[k - 1].end : 0, ge = k < nmv ? start_gap(&mv[k]) : USER_TOP;
		gs = MAX(gs, low), ge = MIN(ge, high);
		if (ge > gs && ge - gs >= len)
			best = MAX(best, ge - len);
	}
	return best;
}

static int64_t m_get_unmapped_area(uint64_t addr, uint64_t len, unsigned flags)
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
	if (addr && USER_TOP - len >= addr && addr >= MMAP_MIN_ADDR && m_range_free(addr, len))
		return (int64_t)addr;
	uint64_t found = flags & MAP_32BIT ? m_topdown(len, GiB(1), GiB(2)) : m_topdown(len, MMAP_MIN_ADDR, WTOP);
	if (!found && !(flags & MAP_32BIT))
		found = m_topdown(len, WTOP, USER_TOP);
	return found ? (int64_t)found : -ENOMEM;
}

static int64_t m_mmap(uint64_t addr, uint64_t len, unsigned prot, unsigned flags)
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
		return -ENODEV;
	if (flags & MAP_HUGETLB)
		return -ENOMEM;
	derive();
	int64_t r = m_get_unmapped_area(addr, size, flags);
	if (r < 0)
		return r;
	addr = (uint64_t)r;
	if (addr < MMAP_MIN_ADDR)
		return -EPERM;
	if (flags & MAP_FIXED_NOREPLACE) {
		int k = first_above(addr);
		if (k >= 0 && mv[k].start < addr + size)
			return -EEXIST;
	}
	unsigned vmf = prot & VM_ACCESS_FLAGS, shm_id = 0;
	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vmf |= VM_LOCKED;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (vmf & VM_GROWSDOWN)
			return -EINVAL;
		vmf |= VM_SHARED;
		break;
	case MAP_PRIVATE:
		break;
	default:
		return -EINVAL;
	}
	if ((flags & MAP_NORESERVE) && sysctl_overcommit_memory != OVERCOMMIT_NEVER)
		vmf |= VM_NORESERVE;
	uint64_t pages = size >> PAGE_SHIFT;
	if (!m_may_expand(vmf, pages))
		return -ENOMEM;
	m_unmap(addr, addr + size);
	if (accountable(vmf)) {
		if (!m_enough(pages))
			return -ENOMEM;
		vmf |= VM_ACCOUNT;
	}
	if (vmf & VM_SHARED) {
		bool account = !(vmf & VM_NORESERVE);
		if (account && !m_enough(pages))
			return -ENOMEM;
		shm_id = vma_host_next_shmem_id;
		if (shm_id >= MAX_SHM)
			fail("too many shared objects");
		shm[shm_id] = (struct mshm){ pages, account ? (int64_t)pages : 0 };
	}
	m_set(addr, addr + size, vmf, shm_id, 0);
	if ((vmf & VM_LOCKED) || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)
		m_populate(addr, addr + size);
	return (int64_t)addr;
}

static int m_munmap(uint64_t addr, uint64_t len)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE) || addr > USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0)
		return -EINVAL;
	m_unmap(addr, addr + len);
	return 0;
}

static int m_mprotect(uint64_t start, uint64_t len, unsigned prot)
{
	unsigned grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || !IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if (len == 0)
		return 0;
	len = ALIGN_UP(len, PAGE_SIZE);
	uint64_t end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	derive();
	int k = first_above(start);
	if (k < 0)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN) {
		if (mv[k].start >= end)
			return -ENOMEM;
		start = mv[k].start;
		if (!(mv[k].flags & VM_GROWSDOWN))
			return -EINVAL;
	} else if (mv[k].start > start) {
		return -ENOMEM;
	} else if (grows & PROT_GROWSUP) {
		return -EINVAL;
	}
	for (uint64_t at = start;;) {
		derive();
		k = first_above(at);
		unsigned flags = mv[k].flags, newflags = (flags & ~VM_ACCESS_FLAGS) | (prot & VM_ACCESS_FLAGS);
		uint64_t to = MIN(end, mv[k].end);
		if (newflags != flags) {
			if ((newflags & VM_WRITE) && !(flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE))) {
				if (!m_enough((to - at) >> PAGE_SHIFT))
					return -ENOMEM;
				newflags |= VM_ACCOUNT;
			}
			FOR_PAGES(i, at, to)
				pg[i].flags = newflags;
		}
		if (to >= end)
			return 0;
		derive();
		k = first_above(to);
		if (k < 0 || mv[k].start > to)
			return -ENOMEM;
		at = to;
	}
}

static uint64_t m_do_brk(uint64_t brk)
{
	uint64_t newbrk = ALIGN_UP(brk, PAGE_SIZE), oldbrk = ALIGN_UP(m_brk, PAGE_SIZE);

	if (brk < m_start_brk || brk > USER_TOP)
		return m_brk;
	if (data_limit != ~0ull && brk - m_start_brk > data_limit)
		return m_brk;
	if (newbrk == oldbrk) {
		m_brk = brk;
		return m_brk;
	}
	if (brk <= m_brk) {
		m_unmap(newbrk, oldbrk);
		m_brk = brk;
		return m_brk;
	}
	derive();
	int k = first_above(oldbrk);
	if (k >= 0 && newbrk + PAGE_SIZE > start_gap(&mv[k]))
		return m_brk;
	uint64_t pages = (newbrk - oldbrk) >> PAGE_SHIFT;
	unsigned flags = VM_READ | VM_WRITE | VM_HEAP | VM_ACCOUNT;
	if (!m_may_expand(flags, pages) || !m_enough(pages))
		return m_brk;
	m_set(oldbrk, newbrk, flags, 0, 0);
	m_brk = brk;
	return m_brk;
}

/* move_vma: the VMA v's [addr, addr+old_len) to new_addr, new_len long; the pages go along */
static int64_t m_move(struct mvma v, uint64_t addr, uint64_t old_len, uint64_t new_addr, uint64_t new_len,
		      bool dontunmap)
{
	if ((v.flags & VM_ACCOUNT) && !m_enough(new_len >> PAGE_SHIFT))
		return -ENOMEM;
	long from = idx_of(addr), to = idx_of(new_addr), n = (long)(old_len >> PAGE_SHIFT);
	uint64_t pgoff = v.pgoff + ((addr - v.start) >> PAGE_SHIFT);
	m_set(new_addr, new_addr + new_len, v.flags, v.shm, pgoff);
	for (long k = 0; k < n; k++) { /* the ranges do not overlap */
		if (to + k < NP && from + k >= 0 && from + k < NP) {
			pg[to + k].present = pg[from + k].present;
			pg[to + k].tag = pg[from + k].tag;
			pg[from + k].present = false, pg[from + k].tag = 0;
		}
	}
	if (!dontunmap)
		m_unmap(addr, addr + old_len);
	return (int64_t)new_addr;
}

static int64_t m_mremap(uint64_t addr, uint64_t old_len, uint64_t new_len, unsigned flags, uint64_t new_addr)
{
	if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (new_len == 0 || new_len > USER_TOP)
		return -EINVAL;
	if (flags & MREMAP_FIXED) {
		if (!IS_ALIGNED(new_addr, PAGE_SIZE) || new_addr > USER_TOP - new_len)
			return -EINVAL;
		if ((new_addr <= addr && new_addr + new_len > addr) || (addr <= new_addr && addr + old_len > new_addr))
			return -EINVAL;
		m_unmap(new_addr, new_addr + new_len);
		if (old_len > new_len) {
			m_unmap(addr + new_len, addr + old_len);
			old_len = new_len;
		}
	} else if (!(flags & MREMAP_DONTUNMAP) && old_len == new_len) {
		derive();
		int k = first_above(addr);
		return k >= 0 && mv[k].start <= addr ? (int64_t)addr : -EFAULT;
	} else if (!(flags & MREMAP_DONTUNMAP) && old_len > new_len) {
		m_unmap(addr + new_len, addr + old_len);
		return (int64_t)addr;
	}
	derive();
	int k = first_above(addr);
	if (k < 0 || mv[k].start > addr)
		return -EFAULT;
	struct mvma v = mv[k];
	if (old_len == 0 && !(v.flags & VM_SHARED))
		return -EINVAL;
	if (old_len > v.end - addr)
		return -EFAULT;
	if (new_len > old_len && !m_may_expand(v.flags, (new_len - old_len) >> PAGE_SHIFT))
		return -ENOMEM;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		if (!(flags & MREMAP_FIXED)) {
			int64_t r = m_get_unmapped_area(0, new_len, 0);
			if (r < 0)
				return r;
			new_addr = (uint64_t)r;
		}
		if (new_addr < MMAP_MIN_ADDR)
			return -EPERM;
		return m_move(v, addr, old_len, new_addr, new_len, flags & MREMAP_DONTUNMAP);
	}
	if (old_len == v.end - addr) {
		const struct mvma *next = k + 1 < nmv ? &mv[k + 1] : NULL;
		uint64_t end = addr + new_len, pages = (new_len - old_len) >> PAGE_SHIFT;
		if (end <= USER_TOP && end > addr && (!next || end <= start_gap(next))) {
			if ((v.flags & VM_ACCOUNT) && !m_enough(pages))
				return -ENOMEM;
			if (!(v.shm && v.pgoff + ((end - v.start) >> PAGE_SHIFT) > shm[v.shm].pages)) {
				m_set(v.end, end, v.flags, v.shm, v.pgoff + ((v.end - v.start) >> PAGE_SHIFT));
				return (int64_t)addr;
			}
		}
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	int64_t r = m_get_unmapped_area(0, new_len, 0);
	if (r < 0)
		return r;
	return m_move(v, addr, old_len, (uint64_t)r, new_len, false);
}

static int m_madvise_vma(const struct mvma *v, uint64_t start, uint64_t end, int advice)
{
	unsigned set = 0, clear = 0;

	switch (advice) {
	case MADV_FREE:
		if (v->flags & VM_SHARED)
			return -EINVAL;
		/* fall through */
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
		FOR_PAGES(i, start, end)
			pg[i].present = false, pg[i].tag = 0;
		return 0;
	case MADV_REMOVE:
		return v->flags & VM_SHARED ? 0 : -EINVAL;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		if (!(v->flags & VM_ACCESS_FLAGS) || (advice == MADV_POPULATE_WRITE && !(v->flags & VM_WRITE)))
			return -ENOMEM;
		m_populate(start, end);
		return 0;
	case MADV_DONTFORK: set = VM_DONTCOPY; break;
	case MADV_DOFORK: clear = VM_DONTCOPY; break;
	case MADV_WIPEONFORK:
		if (v->flags & VM_SHARED)
			return -EINVAL;
		set = VM_WIPEONFORK;
		break;
	case MADV_KEEPONFORK: clear = VM_WIPEONFORK; break;
	case MADV_HUGEPAGE: set = VM_HUGEPAGE, clear = VM_NOHUGEPAGE; break;
	case MADV_NOHUGEPAGE: set = VM_NOHUGEPAGE, clear = VM_HUGEPAGE; break;
	default: return 0;
	}
	FOR_PAGES(i, start, end)
		pg[i].flags = (pg[i].flags & ~clear) | set;
	return 0;
}

static int m_madvise(uint64_t start, uint64_t len_in, int advice)
{
	bool valid = (advice >= 0 && advice <= MADV_DONTNEED) || (advice >= MADV_FREE && advice <= 25);
	if (!valid || !IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	uint64_t len = ALIGN_UP(len_in, PAGE_SIZE);
	if (len_in && !len)
		return -EINVAL;
	uint64_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	int unmapped = 0, err = 0;
	derive();
	int k = first_above(start);
	while (start < end) {
		if (k < 0) {
			unmapped = -ENOMEM;
			break;
		}
		if (mv[k].start > start) {
			unmapped = -ENOMEM;
			start = mv[k].start;
			if (start >= end)
				break;
		}
		uint64_t to = MIN(end, mv[k].end);
		struct mvma v = mv[k];
		err = m_madvise_vma(&v, start, to, advice);
		if (err)
			break;
		start = to;
		derive();
		k = first_above(start);
	}
	return err ? err : unmapped;
}

/* ---- comparing ---- */

static bool lenient; /* an injected failure happened: the model follows the real mm */
static long injected_before; /* vma_host_injected when this operation began */

static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_vma: op %d: ", op_index);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n  real VMAs:");
	struct vma *v;
	if (mm)
		list_for_each_entry(v, &mm->vmas, list)
		fprintf(stderr, " [%ld,%ld)%x", idx_of(v->start), v->end == USER_TOP ? -1 : idx_of(v->end), v->flags);
	derive();
	fprintf(stderr, "\n  model VMAs:");
	for (int k = 0; k < nmv; k++)
		fprintf(stderr, " [%ld,%ld)%x", idx_of(mv[k].start), mv[k].end == USER_TOP ? -1 : idx_of(mv[k].end),
			mv[k].flags);
	fprintf(stderr, "\n");
	__builtin_trap();
}

/* The model, read off the real mm (after an injected failure). */
static void resync(void)
{
	for (long i = 0; i < NP; i++) {
		uint64_t va = va_of(i);
		struct vma *v = find_vma(mm, va);
		const struct host_pte *e = vma_host_pte(mm, va);
		if (!v || v->start > va) {
			pg[i] = (struct mpage){ 0 };
			continue;
		}
		pg[i] = (struct mpage){ .mapped = true, .flags = v->flags, .shm = v->shmem ? v->shmem->id : 0,
					.pgoff = v->shmem ? v->pgoff + ((va - v->start) >> PAGE_SHIFT) : 0,
					.present = e != NULL, .tag = e ? e->tag : 0 };
		if (v->shmem)
			shm[v->shmem->id] = (struct mshm){ v->shmem->pages, v->shmem->accounted };
	}
	m_brk = mm->brk;
}

static void compare(void)
{
	char why[256];
	struct vma_check opts = { .sole_user = true, .committed_base = 0, .allow_unmerged = lenient };

	if (vma_host_check(mm, &opts, why, sizeof(why)))
		fail("check: %s", why);
	if (lenient) {
		resync();
		return;
	}
	derive();
	int k = 0;
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, list) {
		if (k >= nmv)
			fail("more real VMAs than the model has");
		const struct mvma *m = &mv[k++];
		if (v->start != m->start || v->end != m->end || v->flags != m->flags)
			fail("VMA [%#lx, %#lx) flags %#x, the model has [%#lx, %#lx) flags %#x", (unsigned long)v->start,
			     (unsigned long)v->end, v->flags, (unsigned long)m->start, (unsigned long)m->end, m->flags);
		if ((v->shmem ? v->shmem->id : 0) != m->shm || (m->shm && v->pgoff != m->pgoff))
			fail("VMA [%#lx, %#lx): object %u index %lu, the model has %u index %lu", (unsigned long)v->start,
			     (unsigned long)v->end, v->shmem ? v->shmem->id : 0, (unsigned long)v->pgoff, m->shm,
			     (unsigned long)m->pgoff);
		if (v->shmem && (v->shmem->pages != shm[m->shm].pages || v->shmem->accounted != shm[m->shm].accounted))
			fail("object %u: %lu pages, %ld charged; the model: %lu, %ld", m->shm,
			     (unsigned long)v->shmem->pages, (long)v->shmem->accounted, (unsigned long)shm[m->shm].pages,
			     (long)shm[m->shm].accounted);
	}
	if (k != nmv)
		fail("%d real VMAs, the model has %d", k, nmv);
	for (long i = 0; i < NP; i++) {
		const struct host_pte *e = vma_host_pte(mm, va_of(i));
		if (!e != !pg[i].present || (e && e->tag != pg[i].tag))
			fail("page %ld: %s (tag %#lx), the model: %s (tag %#lx)", i, e ? "present" : "absent",
			     e ? (unsigned long)e->tag : 0ul, pg[i].present ? "present" : "absent",
			     (unsigned long)pg[i].tag);
	}
	if (vma_host_nr_ptes(mm, AEND, USER_TOP) || vma_host_nr_ptes(mm, 0, WBASE))
		fail("pages outside the window");
	if (mm->brk != m_brk)
		fail("brk %#lx, the model %#lx", (unsigned long)mm->brk, (unsigned long)m_brk);
	if ((int64_t)vm_committed_pages() != m_committed())
		fail("Committed_AS %lu, the model %ld", (unsigned long)vm_committed_pages(), (long)m_committed());
}

/* FUZZ_VMA_STATS=1: at exit, how each call ended - is the fuzzer getting past the argument checks? */
static const char *const stat_names[] = { "mmap", "munmap", "mprotect", "mremap", "brk", "madvise", "stack" };
static unsigned long results[ARRAY_SIZE(stat_names)][64]; /* [0]: success, [e]: -e */

static void print_stats(void)
{
	for (size_t k = 0; k < ARRAY_SIZE(stat_names); k++) {
		fprintf(stderr, "fuzz_vma: %-8s %8lu ok", stat_names[k], results[k][0]);
		for (int e = 1; e < 64; e++)
			if (results[k][e])
				fprintf(stderr, ", %lu errno %d", results[k][e], e);
		fprintf(stderr, "\n");
	}
}

static void count(const char *what, int64_t got)
{
	for (size_t k = 0; k < ARRAY_SIZE(stat_names); k++)
		if (!strcmp(what, stat_names[k]))
			results[k][got < 0 && got > -64 ? -got : 0]++;
}

static void expect(int64_t got, int64_t want, const char *what)
{
	count(what, got);
	if (vma_host_injected != injected_before) {
		if (got >= 0 || got == -ENOMEM)
			return; /* the failure made, or one it did not reach */
		fail("%s returned %ld after an allocation failure", what, (long)got);
	}
	if (lenient)
		return; /* VMA boundaries may differ from the model's since (a split stayed) */
	if (got != want)
		fail("%s returned %ld (%#lx), the model says %ld (%#lx)", what, (long)got, (unsigned long)got, (long)want,
		     (unsigned long)want);
}

/* fork: the copy has every VMA but the MADV_DONTFORK ones, and their pages (none if WIPEONFORK) */
static void do_fork(void)
{
	int64_t want_charge = 0;
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, list)
		if (!(v->flags & VM_DONTCOPY) && (v->flags & VM_ACCOUNT))
			want_charge += (int64_t)((v->end - v->start) >> PAGE_SHIFT);
	bool fits = sysctl_overcommit_memory != OVERCOMMIT_NEVER ||
		    (int64_t)vm_committed_pages() + want_charge <= (int64_t)vm_commit_limit();
	int64_t before = (int64_t)vm_committed_pages();
	struct mm *child = mm_copy(mm);
	if (!child) {
		if (fits && vma_host_injected == injected_before)
			fail("fork failed, the model says it fits");
		if ((int64_t)vm_committed_pages() != before)
			fail("a failed fork left charges behind");
		return;
	}
	if (!fits)
		fail("fork succeeded over the commit limit");
	char why[256];
	struct vma_check opts = { .committed_base = -1, .allow_unmerged = true };
	if (vma_host_check(child, &opts, why, sizeof(why)))
		fail("the child: %s", why);
	struct vma *c = list_first_entry(&child->vmas, struct vma, list);
	list_for_each_entry(v, &mm->vmas, list) {
		if (v->flags & VM_DONTCOPY)
			continue;
		if (&c->list == &child->vmas || c->start != v->start || c->end != v->end || c->flags != v->flags ||
		    c->shmem != v->shmem || c->pgoff != v->pgoff)
			fail("the child's VMAs differ from the parent's");
		size_t n = vma_host_nr_ptes(child, v->start, v->end);
		if (n != (v->flags & VM_WIPEONFORK ? 0 : vma_host_nr_ptes(mm, v->start, v->end)))
			fail("the child has %zu pages in [%#lx, %#lx)", n, (unsigned long)v->start, (unsigned long)v->end);
		for (uint64_t va = v->start; n && va < v->end && va < AEND; va += PAGE_SIZE) {
			const struct host_pte *p = vma_host_pte(mm, va), *q = vma_host_pte(child, va);
			if (!p != !q || (p && (p->tag != q->tag || p->shmem != q->shmem || p->pgoff != q->pgoff)))
				fail("the child's page at %#lx differs", (unsigned long)va);
		}
		c = list_next_entry(c, list);
	}
	if (&c->list != &child->vmas)
		fail("the child has more VMAs");
	if ((int64_t)vm_committed_pages() - before != want_charge)
		fail("fork charged %ld pages, should be %ld", (long)((int64_t)vm_committed_pages() - before),
		     (long)want_charge);
	mm_put(child);
	if ((int64_t)vm_committed_pages() != before)
		fail("the child's end left charges behind");
}

/* ---- the input ---- */

static const uint8_t *in;
static size_t in_len, in_pos;

static uint8_t byte(void)
{
	return in_pos < in_len ? in[in_pos++] : 0;
}

/* A page index in [-8, NP): a little below mmap_min_addr, the window, the 8 pages above. */
static long page_arg(void)
{
	unsigned v = (unsigned)byte() << 8 | byte();
	return (long)(v % (NP + 8)) - 8;
}

/*
 * An address: a page anywhere (b < 0xc0), or near a VMA the model has -
 * its start, or a few pages into or before it - so that calls meet
 * mappings often; b == 0xff: not page aligned.
 */
static uint64_t addr_arg(long *page)
{
	uint8_t b = byte();

	*page = page_arg();
	if (b >= 0xc0 && b != 0xff) {
		derive();
		if (nmv > 1) {
			const struct mvma *v = &mv[(b & 0x1f) % (nmv - 1)]; /* not the PROT_NONE one above */
			*page = idx_of(v->start) + (long)(*page & 7) - (b & 0x20 ? 2 : 0);
			*page = MIN(MAX(*page, -8L), (long)NP - 1);
		}
	}
	return va_of(*page) + (b == 0xff ? 1 + byte() % 4095 : 0);
}

/*
 * A length from page `from` that stays inside the model (< AEND): a few
 * pages, or up to the end of the VMA at `from` (plus or minus a page);
 * sometimes not a page multiple.
 */
static uint64_t len_arg(long from)
{
	uint8_t b = byte();
	uint64_t pages = b & 0x3f;

	if ((b & 0xc0) == 0x40) {
		pages *= 8;
	} else if ((b & 0xc0) == 0xc0 && from >= 0) {
		derive();
		int k = first_above(va_of(from));
		if (k >= 0 && mv[k].start <= va_of(from) && mv[k].end <= AEND)
			pages = (uint64_t)(idx_of(mv[k].end) - from) + (b & 1) - (b & 2 ? 1 : 0);
	}
	long room = NP - MAX(from, -8L);
	if ((long)pages > room)
		pages = (uint64_t)room;
	if ((b & 0xc0) == 0x80 && pages)
		return pages * PAGE_SIZE - 1 - byte() % 4095;
	return pages * PAGE_SIZE;
}

static const unsigned mmap_flag_bits[] = { MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_NORESERVE,
					   MAP_POPULATE, MAP_NONBLOCK, MAP_LOCKED, MAP_32BIT, MAP_HUGETLB };

static void op_mmap(void)
{
	long page;
	uint8_t f = byte(), g = byte(), p = byte();
	uint64_t addr = (f & 1) ? addr_arg(&page) : (page = 0, 0);
	uint64_t len = len_arg(page);
	unsigned flags = MAP_ANONYMOUS | (g % 8 == 0 ? MAP_SHARED : MAP_PRIVATE);
	if (g == 0xff)
		flags = MAP_ANONYMOUS | (f & 0x80 ? 0 : MAP_SHARED | MAP_PRIVATE); /* a bad type */
	if (g == 0xfe)
		flags &= ~MAP_ANONYMOUS;
	for (unsigned b = 0; b < 8; b++)
		if (f & (2u << b) && b < ARRAY_SIZE(mmap_flag_bits) && (b != 2 || (g & 0x70) == 0))
			flags |= mmap_flag_bits[b];
	if ((f & 0xc0) == 0xc0 && (p & 0x80))
		flags |= MAP_HUGETLB;
	if ((flags & MAP_FIXED) && !(f & 1))
		flags &= ~MAP_FIXED; /* no address given */
	if ((g & 0xf0) == 0xf0)
		flags |= MAP_32BIT;
	unsigned prot = p & 7;
	int64_t want = m_mmap(addr, len, prot, flags);
	int64_t got = do_mmap(mm, addr, len, prot, flags);
	expect(got, want, "mmap");
}

static void op_munmap(void)
{
	long page;
	uint64_t addr = addr_arg(&page), len = len_arg(page);

	int want = m_munmap(addr, len);
	expect(do_munmap(mm, addr, len), want, "munmap");
}

static void op_mprotect(void)
{
	long page;
	uint64_t addr = addr_arg(&page), len = len_arg(page);
	uint8_t p = byte();
	unsigned prot = p & 0xf;
	if (p & 0x10)
		prot |= PROT_GROWSDOWN;
	if ((p & 0x60) == 0x60)
		prot |= PROT_GROWSUP;
	if (p == 0xff)
		prot |= 0x10;
	int want = m_mprotect(addr, len, prot);
	expect(do_mprotect(mm, addr, len, prot), want, "mprotect");
}

static void op_mremap(void)
{
	long page, npage;
	uint64_t addr = addr_arg(&page), old_len = len_arg(page);
	uint8_t f = byte();
	static const unsigned combos[8] = {
		0, MREMAP_MAYMOVE, MREMAP_MAYMOVE, MREMAP_MAYMOVE | MREMAP_FIXED, MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
		MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, 0, ~0u /* any bits, bad ones too */
	};
	unsigned flags = combos[f & 7];
	if (flags == ~0u)
		flags = (f >> 3) & 0xf;
	uint64_t new_addr = addr_arg(&npage);
	uint64_t new_len = (f & 0x40) || (flags & MREMAP_DONTUNMAP) ? old_len : len_arg(f & 0x80 ? npage : page);
	if ((flags & MREMAP_FIXED) && npage >= 0 && new_len > AEND - new_addr)
		new_len = ALIGN_DOWN(AEND - new_addr, PAGE_SIZE); /* the destination stays inside the model */
	int64_t want = m_mremap(addr, old_len, new_len, flags, new_addr);
	expect(do_mremap(mm, addr, old_len, new_len, flags, new_addr), want, "mremap");
}

static void op_brk(void)
{
	long page = page_arg();
	uint8_t b = byte();
	uint64_t brk = b == 0 ? 0 : va_of(page) + (uint64_t)(b & 0xf) * 256;
	if (brk > AEND - PAGE_SIZE)
		brk = AEND - PAGE_SIZE;
	uint64_t want = m_do_brk(brk);
	expect((int64_t)do_brk(mm, brk), (int64_t)want, "brk");
}

static void op_madvise(void)
{
	long page;
	uint64_t addr = addr_arg(&page), len = len_arg(page);
	int advice = byte() % 27;
	int want = m_madvise(addr, len, advice);
	expect(do_madvise(mm, addr, len, advice), want, "madvise");
}

/*
 * A stack grows: what the page-fault handler does below a VM_GROWSDOWN
 * VMA (mm/memory.c's expand_stack: not below mmap_min_addr, not into the
 * VMA below, not within the guard gap of an accessible one), then
 * vma_expand_down().  Growing until it touches a VMA with the very same
 * flags is left out: Linux does not merge there either.
 */
static void op_grow_stack(void)
{
	uint8_t b = byte(), k = byte();
	int n = 0, idx = -1;

	derive();
	for (int i = 0; i < nmv; i++)
		if ((mv[i].flags & VM_GROWSDOWN) && n++ == b % 8)
			idx = i;
	if (idx < 0)
		return;
	struct mvma v = mv[idx], *prev = idx ? &mv[idx - 1] : NULL;
	uint64_t grow = (1 + k % 32) * PAGE_SIZE, start = v.start - grow;
	if (v.start < MMAP_MIN_ADDR + grow || (prev && start < prev->end))
		return;
	if (prev && !(prev->flags & VM_GROWSDOWN) && (prev->flags & VM_ACCESS_FLAGS) && start - prev->end < STACK_GUARD_GAP)
		return;
	if (prev && start == prev->end && prev->flags == v.flags)
		return;
	int want = 0;
	if ((v.flags & VM_ACCOUNT) && !m_enough(grow >> PAGE_SHIFT))
		want = -ENOMEM;
	else
		m_set(start, v.start, v.flags, 0, 0);
	struct vma *real = find_vma(mm, v.start);
	if (!real || real->start != v.start)
		fail("no real VMA at %#lx", (unsigned long)v.start);
	write_lock(&mm->lock);
	int got = vma_expand_down(mm, real, start);
	write_unlock(&mm->lock);
	expect(got, want, "stack");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	/* 64 MiB of simulated RAM: nr_managed_pages() for the overcommit rules (CommitLimit
	 * at ratio 1 is then about 150 pages, a third of the window) */
	static const struct sim_region ram[] = { { 0x0, 0x9fc00 }, { 0x100000, 0x3f00000 } };
	if (sim_boot(ram, ARRAY_SIZE(ram)))
		fail("sim_boot failed");
	if (getenv("FUZZ_VMA_STATS"))
		atexit(print_stats);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int ratios[4] = { 0, 1, 2, 4 };

	in = data, in_len = size, in_pos = 0;
	if (vm_committed_pages() != 0 || vma_host_live_allocs() != 0 || vma_host_total_ptes() != 0)
		fail("the previous input left something behind");
	static const int modes[4] = { OVERCOMMIT_ALWAYS, OVERCOMMIT_GUESS, OVERCOMMIT_NEVER, OVERCOMMIT_NEVER };
	uint8_t cfg = byte(), lim = byte(), brk_page = byte();
	sysctl_overcommit_memory = modes[cfg & 3];
	sysctl_overcommit_ratio = ratios[(cfg >> 2) & 3];
	data_limit = cfg & 0x10 ? (uint64_t)lim * PAGE_SIZE : ~0ull;
	vma_host_next_shmem_id = 1;
	vma_host_fail_countdown = -1;
	vma_host_injected = 0;
	lenient = false;
	memset(pg, 0, sizeof(pg));
	op_index = 0;

	mm = vma_host_mm(WTOP);
	if (!mm || vma_add(mm, WTOP, USER_TOP, 0))
		fail("no mm");
	mm->data_limit = data_limit;
	m_start_brk = m_brk = mm->start_brk = mm->brk = va_of(brk_page % NPAGES) + (cfg & 0x20 ? 0x123 : 0);
	FOR_PAGES(i, WTOP, AEND)
		pg[i] = (struct mpage){ .mapped = true };
	compare();

	while (in_pos < in_len && op_index < MAX_OPS) {
		uint8_t op = byte();
		op_index++;
		vma_host_tag_base = (uint64_t)op_index << 32;
		injected_before = vma_host_injected;
		if ((op & 0xf0) == 0xf0)
			vma_host_fail_countdown = byte() % 16;
		switch (op % 11) {
		case 0: case 1: op_mmap(); break;
		case 2: op_munmap(); break;
		case 3: op_mprotect(); break;
		case 4: op_mremap(); break;
		case 5: op_brk(); break;
		case 6: op_madvise(); break;
		case 7: do_fork(); break;
		case 8: op_mmap(); break;
		case 9: op_mprotect(); break;
		case 10: op_grow_stack(); break;
		}
		vma_host_fail_countdown = -1;
		if (vma_host_injected != injected_before)
			lenient = true;
		compare();
	}

	/* everything goes */
	if (do_munmap(mm, WBASE, AEND - WBASE))
		fail("the final munmap failed");
	if (vma_host_nr_ptes(mm, 0, USER_TOP) || mm->nr_vmas != 1)
		fail("%u VMAs and %zu pages left after unmapping everything", mm->nr_vmas,
		     vma_host_nr_ptes(mm, 0, USER_TOP));
	mm_put(mm);
	mm = NULL;
	if (vm_committed_pages() != 0)
		fail("%lu pages still charged", (unsigned long)vm_committed_pages());
	if (vma_host_live_allocs() != 0 || vma_host_live_shmems() != 0 || vma_host_total_ptes() != 0)
		fail("%ld allocations, %ld objects, %zu pages left", vma_host_live_allocs(), vma_host_live_shmems(),
		     vma_host_total_ptes());
	return 0;
}
