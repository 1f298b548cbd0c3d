/*
 * mm/slab.h - kernel object allocator on top of the page allocator, in the
 * spirit of Linux's SLUB:
 *
 *   struct kmem_cache *c = kmem_cache_create("vma", sizeof(struct vma), 0);
 *   struct vma *v = kmem_cache_alloc(c, GFP_KERNEL);  ...  kmem_cache_free(c, v);
 *   char *buf = kmalloc(100, GFP_KERNEL);  ...  kfree(buf);
 *
 * kmalloc serves 16 B .. 4 KiB from size-class caches and anything larger
 * straight from the page allocator.  With slub_debug (on by default) freed
 * objects are poisoned, and a double free, a free of a pointer that is no
 * object, or a write after free is reported as a BUG naming the caller.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "mm/page_alloc.h"

#define KMALLOC_MAX_CACHE_SIZE 4096
#define ZERO_SIZE_PTR ((void *)16) /* kmalloc(0): not NULL, never dereferenced */

struct kmem_cache {
	/* immutable after kmem_cache_create */
	const char *name;
	size_t object_size;     /* what the caller asked for */
	size_t size;            /* slot size: object_size rounded up to the alignment */
	unsigned order;         /* each slab is 2^order pages */
	unsigned objects;       /* objects per slab */
	/* lock protects the lists, the counters and every slab's freelist */
	struct spinlock lock;
	struct list_head partial; /* slabs with free objects */
	struct list_head full;    /* slabs with none */
	unsigned long nr_slabs;
	unsigned long nr_active;  /* objects handed out */
	struct list_head list;    /* all caches, under cache_list_lock */
};

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *obj);
size_t ksize(const void *obj); /* usable size of a kmalloc'ed object */

void kmem_cache_init(void);
unsigned long nr_slab_pages(void); /* pages held by slabs, all caches */
unsigned long nr_slab_objects(void); /* objects handed out by every cache (leak checks) */
extern bool slub_debug;

/* Linux's /proc/slabinfo (version 2.1); returns the text's whole length, as snprintf. */
size_t slabinfo_format(char *buf, size_t size);

/* Visit every cache (for statistics and leak checks). */
void kmem_cache_for_each(void (*fn)(const struct kmem_cache *cache, void *arg), void *arg);

#endif
