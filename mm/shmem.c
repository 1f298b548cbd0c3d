/*
 * mm/shmem.c - shared anonymous memory (mmap MAP_SHARED|MAP_ANONYMOUS):
 * an object that owns the pages of the mapping, so that every VMA mapping
 * it - the parent's and its children's after fork, or a mremap'd copy -
 * finds the same page at the same index.  Linux backs these mappings
 * with a shmem file (shmem_zero_setup); lom keeps just the pages.
 *
 * The pages hang off a radix tree: each node is one page of 512 slots;
 * leaves hold struct page pointers, height grows with the object's size.
 * The object holds one reference on each of its pages (PG_shmem set), each
 * PTE mapping one holds another.  Its size is charged to Committed_AS at
 * creation unless MAP_NORESERVE.
 *
 * Locking: s->lock protects the tree (two processes may fault the same
 * index on two CPUs); s->refcount (one per VMA) is atomic.
 */
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/vm.h"

#define SLOTS 512

struct shmem {
	int refcount;
	int height;            /* levels of the tree: 512^height slots >= pages */
	uint64_t pages;        /* size */
	int64_t accounted;     /* pages charged to Committed_AS */
	struct spinlock lock;
	void **root;           /* a node: SLOTS pointers, or NULL */
};

struct shmem *shmem_create(uint64_t pages, bool account)
{
	struct shmem *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	if (account && vm_enough_memory((int64_t)pages)) {
		kfree(s);
		return NULL;
	}
	s->accounted = account ? (int64_t)pages : 0;
	s->refcount = 1;
	s->pages = pages;
	s->height = 1;
	for (uint64_t cap = SLOTS; cap < pages; cap *= SLOTS)
		s->height++;
	s->lock = (struct spinlock)SPINLOCK_INIT("shmem");
	return s;
}

uint64_t shmem_size_pages(const struct shmem *s)
{
	return s->pages;
}

void shmem_get(struct shmem *s)
{
	__atomic_fetch_add(&s->refcount, 1, __ATOMIC_RELAXED);
}

static void free_node(void **node, int level)
{
	for (unsigned i = 0; i < SLOTS; i++) {
		if (!node[i])
			continue;
		if (level > 1) {
			free_node(node[i], level - 1);
		} else {
			struct page *page = node[i];
			page->flags &= ~PG_shmem;
			put_user_page(page);
		}
	}
	free_pages((unsigned long)node, 0);
}

void shmem_put(struct shmem *s)
{
	if (__atomic_sub_fetch(&s->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (s->root)
		free_node(s->root, s->height);
	vm_unacct_memory(s->accounted);
	kfree(s);
}

struct page *shmem_get_page(struct shmem *s, uint64_t index, int *err)
{
	struct page *page = NULL;

	*err = 0;
	if (index >= s->pages) {
		*err = -EFAULT; /* beyond the object: SIGBUS on Linux, a bad access here */
		return NULL;
	}
	spin_lock(&s->lock);
	void ***slot = &s->root;
	for (int level = s->height; level > 0; level--) {
		if (!*slot) {
			void **node = (void **)get_zeroed_page(GFP_KERNEL | __GFP_NOWARN);
			if (!node)
				goto nomem;
			*slot = node;
		}
		unsigned i = (unsigned)(index >> (9 * (level - 1))) & (SLOTS - 1);
		slot = (void ***)&(*slot)[i];
	}
	page = (struct page *)*slot;
	if (!page) {
		page = alloc_page(GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO);
		if (!page)
			goto nomem;
		page->flags |= PG_shmem;
		page->mapcount = 0;
		*slot = (void **)page;
		count_vm_event(PGALLOC_USER);
	}
	spin_unlock(&s->lock);
	return page;
nomem:
	spin_unlock(&s->lock);
	*err = -ENOMEM;
	return NULL;
}
