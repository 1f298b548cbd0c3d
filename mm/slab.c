/*
 * mm/slab.c - slabs of equal-sized objects carved from page blocks.
 *
 * A slab is one block of 2^order pages.  Its first struct page says which
 * cache it belongs to and holds the slab's free list (a singly linked list
 * threaded through the first word of each free object) and the count of
 * objects in use; the other pages of the block point back at it.
 *
 *   cache --partial--> slab page (freelist -> obj -> obj -> NULL, inuse 3)
 *         --full-----> slab page (freelist NULL)
 *
 * An empty slab goes back to the page allocator at once (no caching of
 * empty slabs: simple, and leak checks see exact numbers).
 * slub_debug: free objects are filled with POISON_FREE (except the link
 * word); allocation checks that nobody wrote to them, and free checks that
 * the object is not already on its slab's free list (double free).
 * Locking: cache->lock (irqsave) around everything that touches the lists
 * or a slab's freelist.  cache->lock and cache_list_lock are leaves: slabs
 * are allocated and freed with neither held.
 */
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"
#include "mm/mm_internal.h"
#include "mm/slab.h"

#define POISON_FREE 0x6b
#define SLAB_MIN_OBJECTS 8
#define SLAB_MAX_ORDER 3

bool slub_debug = true;

static struct spinlock cache_list_lock = SPINLOCK_INIT("cache_list");
static LIST_HEAD(cache_list);

static struct kmem_cache kmem_cache_cache; /* the cache of struct kmem_cache */

static const size_t kmalloc_sizes[] = { 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096 };
static const char *const kmalloc_names[] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96", "kmalloc-128", "kmalloc-192",
	"kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
};
static struct kmem_cache kmalloc_caches[ARRAY_SIZE(kmalloc_sizes)];

/* The page of an object pointer, or NULL if it points at no frame. */
static struct page *object_page(const void *obj)
{
	pfn_t pfn = virt_to_phys(obj) >> PAGE_SHIFT;

	return pfn_valid(pfn) ? pfn_to_page(pfn) : NULL;
}

/* Tail pages of a slab point at the first page, tagged with bit 0. */
static struct page *slab_head(struct page *page)
{
	uintptr_t link = (uintptr_t)page->lru.next;

	return (page->flags & PG_slab) && (link & 1) ? (struct page *)(link & ~(uintptr_t)1) : page;
}

static void slab_bug(const struct kmem_cache *cache, const void *obj, const char *reason, const void *caller)
{
	char sym[KSYM_NAME_BUF];

	ksym_format((uint64_t)(uintptr_t)caller, sym, sizeof(sym));
	pr_emerg("BUG %s: %s\n", cache ? cache->name : "kmalloc", reason);
	pr_emerg("object %p, caller %s\n", obj, sym);
	nr_bad_pages++;
	if (bad_page_panics)
		panic("slab: %s", reason);
}

static void cache_setup(struct kmem_cache *cache, const char *name, size_t size, size_t align)
{
	align = MAX(align, (size_t)8);
	cache->name = name;
	cache->object_size = size;
	cache->size = ALIGN_UP(MAX(size, (size_t)8), align);
	cache->order = 0;
	while (cache->order < SLAB_MAX_ORDER && (PAGE_SIZE << cache->order) / cache->size < SLAB_MIN_OBJECTS)
		cache->order++;
	cache->objects = (unsigned)((PAGE_SIZE << cache->order) / cache->size);
	cache->lock = (struct spinlock)SPINLOCK_INIT("kmem_cache");
	INIT_LIST_HEAD(&cache->partial);
	INIT_LIST_HEAD(&cache->full);
	cache->nr_slabs = cache->nr_active = 0;

	uint64_t flags = spin_lock_irqsave(&cache_list_lock);
	list_add_tail(&cache->list, &cache_list);
	spin_unlock_irqrestore(&cache_list_lock, flags);
}

static void poison(const struct kmem_cache *cache, void *obj)
{
	memset((char *)obj + sizeof(void *), POISON_FREE, cache->size - sizeof(void *));
}

static bool poison_intact(const struct kmem_cache *cache, const void *obj)
{
	const unsigned char *p = obj;

	for (size_t i = sizeof(void *); i < cache->size; i++)
		if (p[i] != POISON_FREE)
			return false;
	return true;
}

/* A fresh slab: every object free, linked in address order. */
static struct page *new_slab(struct kmem_cache *cache, gfp_t gfp)
{
	struct page *page = alloc_pages(gfp & ~__GFP_ZERO, cache->order);

	if (!page)
		return NULL;
	char *base = page_address(page);
	for (unsigned i = 0; i < cache->objects; i++) {
		void *obj = base + i * cache->size;
		*(void **)obj = i + 1 < cache->objects ? base + (i + 1) * cache->size : NULL;
		if (slub_debug)
			poison(cache, obj);
	}
	page->flags |= PG_slab;
	page->slab_cache = cache;
	page->slab_freelist = base;
	page->slab_inuse = 0;
	for (unsigned i = 1; i < (1u << cache->order); i++) {
		page[i].flags |= PG_slab;
		page[i].slab_cache = cache;
		page[i].lru.next = (struct list_head *)((uintptr_t)page | 1);
	}
	return page;
}

static void free_slab(struct kmem_cache *cache, struct page *page)
{
	for (unsigned i = 0; i < (1u << cache->order); i++) {
		page[i].flags &= ~PG_slab;
		page[i].slab_cache = NULL;
	}
	page->slab_freelist = NULL;
	__free_pages(page, cache->order);
}

/* Slabs are shared by everyone, so they come from no particular zone. */
static bool zone_flags_refused(gfp_t gfp, const char *who)
{
	if (!(gfp & (__GFP_DMA | __GFP_DMA32)))
		return false;
	pr_warn("%s: GFP_DMA/GFP_DMA32 are not supported for slab objects; use alloc_pages()\n", who);
	return true;
}

void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp)
{
	if (zone_flags_refused(gfp, cache->name))
		return NULL;
	if (unlikely(failslab_on) && should_failslab(cache->size, gfp, (unsigned long)__builtin_return_address(0)))
		return NULL; /* injected (mm/fail_alloc.c) */
	uint64_t flags = spin_lock_irqsave(&cache->lock);

	if (list_empty(&cache->partial)) {
		spin_unlock_irqrestore(&cache->lock, flags);
		struct page *fresh = new_slab(cache, gfp);
		if (!fresh)
			return NULL;
		flags = spin_lock_irqsave(&cache->lock);
		list_add(&fresh->lru, &cache->partial);
		cache->nr_slabs++;
	}
	struct page *page = list_first_entry(&cache->partial, struct page, lru);
	void *obj = page->slab_freelist;
	page->slab_freelist = *(void **)obj;
	page->slab_inuse++;
	cache->nr_active++;
	if (!page->slab_freelist) {
		list_del(&page->lru);
		list_add(&page->lru, &cache->full);
	}
	spin_unlock_irqrestore(&cache->lock, flags);

	if (slub_debug && !poison_intact(cache, obj))
		slab_bug(cache, obj, "object was written to after it was freed", __builtin_return_address(0));
	if (gfp & __GFP_ZERO)
		memset(obj, 0, cache->object_size);
	return obj;
}

/* Is obj the start of an object of this slab, and not free already? */
static const char *check_free_locked(const struct kmem_cache *cache, const struct page *page, const void *obj)
{
	uintptr_t offset = (uintptr_t)obj - (uintptr_t)page_address(page);

	if (offset % cache->size || offset / cache->size >= cache->objects)
		return "freeing a pointer that is not the start of an object";
	if (slub_debug)
		for (void *f = page->slab_freelist; f; f = *(void **)f)
			if (f == obj)
				return "double free: object already free";
	return NULL;
}

static void cache_free(struct kmem_cache *cache, struct page *page, void *obj, const void *caller)
{
	struct page *empty = NULL;
	uint64_t flags = spin_lock_irqsave(&cache->lock);
	const char *bad = check_free_locked(cache, page, obj);

	if (bad) {
		spin_unlock_irqrestore(&cache->lock, flags);
		slab_bug(cache, obj, bad, caller);
		return;
	}
	if (!page->slab_freelist) { /* was full: back to partial */
		list_del(&page->lru);
		list_add(&page->lru, &cache->partial);
	}
	if (slub_debug)
		poison(cache, obj);
	*(void **)obj = page->slab_freelist;
	page->slab_freelist = obj;
	page->slab_inuse--;
	cache->nr_active--;
	if (page->slab_inuse == 0) {
		list_del(&page->lru);
		cache->nr_slabs--;
		empty = page;
	}
	spin_unlock_irqrestore(&cache->lock, flags);
	if (empty)
		free_slab(cache, empty);
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	struct page *page = object_page(obj);

	if (page)
		page = slab_head(page);
	if (!page || !(page->flags & PG_slab) || page->slab_cache != cache) {
		slab_bug(cache, obj, "freeing an object that is not from this cache", __builtin_return_address(0));
		return;
	}
	cache_free(cache, page, obj, __builtin_return_address(0));
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	size_t slab_bytes = PAGE_SIZE << SLAB_MAX_ORDER;

	/* at least one aligned object must fit the largest slab */
	if (size == 0 || size > slab_bytes || (align & (align - 1)) || align > slab_bytes ||
	    ALIGN_UP(size, MAX(align, (size_t)8)) > slab_bytes)
		return NULL;
	struct kmem_cache *cache = kmem_cache_alloc(&kmem_cache_cache, GFP_KERNEL | __GFP_ZERO);
	if (cache)
		cache_setup(cache, name, size, align);
	return cache;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	if (!cache)
		return;
	if (cache->nr_active) {
		pr_err("kmem_cache_destroy %s: %lu objects still in use (leaked)\n", cache->name, cache->nr_active);
		return; /* keep the cache: its slabs are still referenced */
	}
	uint64_t flags = spin_lock_irqsave(&cache_list_lock);
	list_del(&cache->list);
	spin_unlock_irqrestore(&cache_list_lock, flags);
	kmem_cache_free(&kmem_cache_cache, cache);
}

static int kmalloc_index(size_t size)
{
	for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		if (size <= kmalloc_sizes[i])
			return (int)i;
	return -1;
}

static unsigned size_to_order(size_t size)
{
	unsigned order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	if (size == 0)
		return ZERO_SIZE_PTR;
	int i = kmalloc_index(size);
	if (i >= 0)
		return zone_flags_refused(gfp, "kmalloc") ? NULL : kmem_cache_alloc(&kmalloc_caches[i], gfp);
	if (size > (PAGE_SIZE << (MAX_ORDER - 1)))
		return NULL;
	struct page *page = alloc_pages(gfp, size_to_order(size));
	return page ? page_address(page) : NULL;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void kfree(const void *obj)
{
	if (!obj || obj == ZERO_SIZE_PTR)
		return;
	struct page *page = object_page(obj);
	if (!page) {
		slab_bug(NULL, obj, "kfree of a pointer outside memory", __builtin_return_address(0));
		return;
	}
	page = slab_head(page);
	if (page->flags & PG_slab) {
		cache_free(page->slab_cache, page, (void *)obj, __builtin_return_address(0));
		return;
	}
	if (obj != page_address(page)) {
		slab_bug(NULL, obj, "kfree of a pointer kmalloc never returned", __builtin_return_address(0));
		return;
	}
	__free_pages(page, page->order);
}

size_t ksize(const void *obj)
{
	struct page *page = obj && obj != ZERO_SIZE_PTR ? object_page(obj) : NULL;

	if (!page)
		return 0;
	page = slab_head(page);
	return (page->flags & PG_slab) ? page->slab_cache->size : PAGE_SIZE << page->order;
}

void kmem_cache_for_each(void (*fn)(const struct kmem_cache *cache, void *arg), void *arg)
{
	const struct kmem_cache *cache;
	uint64_t flags = spin_lock_irqsave(&cache_list_lock);

	list_for_each_entry(cache, &cache_list, list)
		fn(cache, arg);
	spin_unlock_irqrestore(&cache_list_lock, flags);
}

void kmem_cache_init(void)
{
	INIT_LIST_HEAD(&cache_list);
	cache_setup(&kmem_cache_cache, "kmem_cache", sizeof(struct kmem_cache), 64);
	for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		cache_setup(&kmalloc_caches[i], kmalloc_names[i], kmalloc_sizes[i], 8);
}

/* Objects handed out by every cache (meminfo's lom-only "SlabObjects:"). */
unsigned long nr_slab_objects(void)
{
	unsigned long n = 0;
	struct kmem_cache *c;
	uint64_t flags = spin_lock_irqsave(&cache_list_lock);

	list_for_each_entry(c, &cache_list, list)
		n += __atomic_load_n(&c->nr_active, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&cache_list_lock, flags);
	return n;
}

/* Pages held by every cache's slabs (meminfo's "Slab:"). */
unsigned long nr_slab_pages(void)
{
	unsigned long n = 0;
	struct kmem_cache *c;
	uint64_t flags = spin_lock_irqsave(&cache_list_lock);

	list_for_each_entry(c, &cache_list, list)
		n += __atomic_load_n(&c->nr_slabs, __ATOMIC_RELAXED) << c->order;
	spin_unlock_irqrestore(&cache_list_lock, flags);
	return n;
}

/*
 * Linux's /proc/slabinfo, version 2.1, as SLUB fills it in: per cache the
 * objects in use and in all its slabs, the slot size, the objects per slab
 * and pages per slab; no tunables and no shared data (zeros).  Like
 * snprintf: returns the length of the whole text, writes what fits.  The
 * counters are read without each cache's lock (as nr_slab_objects), so
 * a cache being used meanwhile may be a step behind.
 */
size_t slabinfo_format(char *buf, size_t size)
{
	size_t len = (size_t)snprintf(buf, size,
				      "slabinfo - version: 2.1\n"
				      "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
				      " : tunables <limit> <batchcount> <sharedfactor>"
				      " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	const struct kmem_cache *c;
	uint64_t flags = spin_lock_irqsave(&cache_list_lock);

	list_for_each_entry(c, &cache_list, list) {
		unsigned long slabs = __atomic_load_n(&c->nr_slabs, __ATOMIC_RELAXED);
		unsigned long total = slabs * c->objects, active = __atomic_load_n(&c->nr_active, __ATOMIC_RELAXED);
		len += (size_t)snprintf(buf + MIN(len, size), size - MIN(len, size),
					"%-17s %6lu %6lu %6lu %4u %4u : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
					c->name, MIN(active, total), total, (unsigned long)c->size, c->objects,
					1u << c->order, 0u, 0u, 0u, slabs, slabs, 0u);
	}
	spin_unlock_irqrestore(&cache_list_lock, flags);
	return len;
}
