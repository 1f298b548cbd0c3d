/*
 * mm/mmap.c - address spaces and their VMAs: creation, fork copy, teardown,
 * and brk/mmap/munmap/mprotect (first form: anonymous private memory).
 *
 * Invariants: mm->vmas is sorted by start, VMAs do not overlap, each is
 * page aligned and non-empty, and lies in [MMAP_MIN_ADDR.., USER_TOP).
 * Pages exist only inside VMAs (unmapping a range frees its pages first).
 * Locking: see mm/vm.h.
 */
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/vm.h"

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
/* flags Linux accepts for MAP_SHARED_VALIDATE mappings, lom's subset */
#define MAP_KNOWN (0x3f | 0x100 | 0x800 | 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x40000 | \
		   MAP_FIXED_NOREPLACE)

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
	mm->lock = (struct spinlock)SPINLOCK_INIT("mm");
	INIT_LIST_HEAD(&mm->vmas);
	mm->mmap_base = MMAP_BASE;
	return mm;
}

void mm_free(struct mm *mm)
{
	struct vma *vma, *tmp;

	list_for_each_entry_safe(vma, tmp, &mm->vmas, list) {
		unmap_user_range(mm, vma->start, vma->end);
		list_del(&vma->list);
		kfree(vma);
	}
	BUG_ON(mm->rss_pages != 0);
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

struct vma *find_vma(struct mm *mm, uint64_t addr)
{
	struct vma *vma;

	list_for_each_entry(vma, &mm->vmas, list)
		if (vma->end > addr)
			return vma;
	return NULL;
}

static struct vma *vma_new(uint64_t start, uint64_t end, unsigned flags)
{
	struct vma *vma = kmalloc(sizeof(*vma), GFP_KERNEL);

	if (vma) {
		vma->start = start;
		vma->end = end;
		vma->flags = flags;
	}
	return vma;
}

/* Is [start, end) free of VMAs? */
static bool range_free(struct mm *mm, uint64_t start, uint64_t end)
{
	struct vma *vma = find_vma(mm, start);
	return !vma || vma->start >= end;
}

int vma_add(struct mm *mm, uint64_t start, uint64_t end, unsigned flags)
{
	BUG_ON(!IS_ALIGNED(start | end, PAGE_SIZE) || start >= end || end > USER_TOP);
	if (!range_free(mm, start, end))
		return -EEXIST;
	struct vma *vma = vma_new(start, end, flags);
	if (!vma)
		return -ENOMEM;
	struct vma *next = find_vma(mm, start);
	list_add_tail(&vma->list, next ? &next->list : &mm->vmas); /* before next */
	mm->nr_vmas++;
	return 0;
}

/* Split vma at addr (strictly inside): vma keeps [start, addr). */
static int vma_split(struct mm *mm, struct vma *vma, uint64_t addr)
{
	BUG_ON(addr <= vma->start || addr >= vma->end || !IS_ALIGNED(addr, PAGE_SIZE));
	struct vma *tail = vma_new(addr, vma->end, vma->flags);
	if (!tail)
		return -ENOMEM;
	vma->end = addr;
	list_add(&tail->list, &vma->list); /* after vma */
	mm->nr_vmas++;
	return 0;
}

struct mm *mm_copy(struct mm *old)
{
	struct mm *mm = mm_alloc();
	struct vma *vma;

	if (!mm)
		return NULL;
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	mm->start_data = old->start_data;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->mmap_base = old->mmap_base;
	list_for_each_entry(vma, &old->vmas, list) {
		if (vma_add(mm, vma->start, vma->end, vma->flags) ||
		    copy_user_range(mm, old, vma->start, vma->end)) {
			mm_free(mm);
			return NULL;
		}
	}
	return mm;
}

/* Remove [start, end) from the address space: split, free pages, drop VMAs. */
static int unmap_region(struct mm *mm, uint64_t start, uint64_t end)
{
	struct vma *vma = find_vma(mm, start), *tmp;

	if (!vma || vma->start >= end)
		return 0;
	/* split first, so that a failure changes nothing that matters */
	if (vma->start < start && vma_split(mm, vma, start))
		return -ENOMEM;
	struct vma *last = find_vma(mm, end - 1);
	if (last && last->start < end && last->end > end && vma_split(mm, last, end))
		return -ENOMEM;
	vma = find_vma(mm, start);
	list_for_each_entry_safe_from(vma, tmp, &mm->vmas, list) {
		if (vma->start >= end)
			break;
		unmap_user_range(mm, vma->start, vma->end);
		list_del(&vma->list);
		mm->nr_vmas--;
		kfree(vma);
	}
	return 0;
}

int do_munmap(struct mm *mm, uint64_t addr, uint64_t len)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE) || len == 0)
		return -EINVAL;
	uint64_t end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (end < addr || end > USER_TOP || ALIGN_UP(len, PAGE_SIZE) < len)
		return -EINVAL;
	return unmap_region(mm, addr, end);
}

/* A free range of len bytes, highest first below mmap_base; 0 if none. */
static uint64_t get_unmapped_area(struct mm *mm, uint64_t len)
{
	uint64_t top = mm->mmap_base;
	struct vma *vma;

	/* walk gaps from the top down */
	list_for_each_entry_reverse(vma, &mm->vmas, list) {
		if (vma->start >= top)
			continue;
		if (vma->end <= top && top - vma->end >= len)
			return top - len;
		top = MIN(top, vma->start);
	}
	if (top >= MMAP_MIN_ADDR + len)
		return top - len;
	return 0;
}

int64_t do_mmap(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot, unsigned flags)
{
	if (len == 0)
		return -EINVAL;
	uint64_t size = ALIGN_UP(len, PAGE_SIZE);
	if (size < len || size > USER_TOP)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	unsigned type = flags & MAP_TYPE;
	if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
		return -EOPNOTSUPP;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* file mappings: not in this first form */

	unsigned vm_flags = prot & (VM_READ | VM_WRITE | VM_EXEC);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!IS_ALIGNED(addr, PAGE_SIZE))
			return -EINVAL;
		if (addr + size < addr || addr + size > USER_TOP || addr < MMAP_MIN_ADDR)
			return addr < MMAP_MIN_ADDR ? -EPERM : -ENOMEM;
		if (!range_free(mm, addr, addr + size)) {
			if (!(flags & MAP_FIXED))
				return -EEXIST;
			int err = unmap_region(mm, addr, addr + size);
			if (err)
				return err;
		}
	} else {
		addr = ALIGN_DOWN(addr, PAGE_SIZE);
		if (!addr || addr < MMAP_MIN_ADDR || addr + size < addr || addr + size > USER_TOP ||
		    !range_free(mm, addr, addr + size))
			addr = get_unmapped_area(mm, size);
		if (!addr)
			return -ENOMEM;
	}
	int err = vma_add(mm, addr, addr + size, vm_flags);
	return err ? err : (int64_t)addr;
}

int do_mprotect(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (len == 0)
		return 0;
	uint64_t end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (end <= addr || end > USER_TOP)
		return -ENOMEM;
	/* the whole range must be mapped */
	uint64_t at = addr;
	for (struct vma *v = find_vma(mm, addr); at < end; v = list_next_entry(v, list)) {
		if (&v->list == &mm->vmas || v->start > at)
			return -ENOMEM;
		at = v->end;
	}
	struct vma *vma = find_vma(mm, addr);
	if (vma->start < addr && vma_split(mm, vma, addr))
		return -ENOMEM;
	struct vma *last = find_vma(mm, end - 1);
	if (last->end > end && vma_split(mm, last, end))
		return -ENOMEM;
	for (vma = find_vma(mm, addr); &vma->list != &mm->vmas && vma->start < end;
	     vma = list_next_entry(vma, list)) {
		vma->flags = (vma->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | (prot & 7);
		change_user_prot(mm, vma->start, vma->end, vma->flags);
	}
	return 0;
}

uint64_t do_brk(struct mm *mm, uint64_t addr)
{
	uint64_t old_end = ALIGN_UP(mm->brk, PAGE_SIZE), new_end = ALIGN_UP(addr, PAGE_SIZE);

	if (addr < mm->start_brk || addr >= USER_TOP)
		return mm->brk;
	if (new_end < old_end) {
		if (unmap_region(mm, new_end, old_end))
			return mm->brk;
	} else if (new_end > old_end) {
		if (!range_free(mm, old_end, new_end + PAGE_SIZE)) /* keep a guard page */
			return mm->brk;
		struct vma *heap = old_end > mm->start_brk ? find_vma(mm, old_end - 1) : NULL;
		if (heap && heap->end == old_end && (heap->flags & VM_HEAP))
			heap->end = new_end;
		else if (vma_add(mm, old_end, new_end, VM_READ | VM_WRITE | VM_HEAP))
			return mm->brk;
	}
	mm->brk = addr;
	return addr;
}

#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_REMOVE 9
#define MADV_MAX_KNOWN 21

int do_madvise(struct mm *mm, uint64_t addr, uint64_t len, int advice)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE) || advice < 0 || advice > MADV_MAX_KNOWN || (advice > 4 && advice < 8))
		return -EINVAL;
	if (len == 0)
		return 0;
	uint64_t end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (end <= addr || end > USER_TOP)
		return -EINVAL;
	int ret = 0;
	uint64_t at = addr;
	for (struct vma *v = find_vma(mm, addr); at < end; v = list_next_entry(v, list)) {
		if (&v->list == &mm->vmas) {
			ret = -ENOMEM; /* part of the range is not mapped */
			break;
		}
		if (v->start > at)
			ret = -ENOMEM;
		if (v->start >= end)
			break;
		uint64_t s = MAX(at, v->start), e = MIN(end, v->end);
		/* private anonymous memory: dropped pages read back as zeros */
		if (advice == MADV_DONTNEED || advice == MADV_FREE || advice == MADV_REMOVE)
			unmap_user_range(mm, s, e);
		at = e;
	}
	return ret;
}
