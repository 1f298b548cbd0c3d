/*
 * tests/kernel/test_slab.c - kmalloc and kmem_cache: sizes, reuse, zeroing,
 * large allocations, and the slub_debug checks (double free, bad pointer,
 * write after free).  Kernel (test=slab) and host, like test_page_alloc.c.
 */
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/mm_internal.h"
#include "mm/slab.h"

#ifdef LOM_HOST_TEST
#include "tests/host/sim_mem.h"
#define SETUP() sim_boot_default()
#else
#define SETUP() ((void)0)
#endif

static void test_kmalloc_sizes(struct ktest *t)
{
	static const size_t sizes[] = { 1, 8, 15, 16, 17, 64, 95, 100, 192, 200, 1000, 2048, 4000, 4096,
					4097, 10000, 65536, 1 << 20 };
	void *p[ARRAY_SIZE(sizes)];

	SETUP();
	drain_all_pages();
	unsigned long free_before = nr_free_pages() + nr_pcp_pages();
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		KTEST_ASSERT(t, p[i] != NULL);
		KTEST_EXPECT(t, ksize(p[i]) >= sizes[i]);
		KTEST_EXPECT_EQ(t, (uintptr_t)p[i] % 8, 0);
		memset(p[i], (int)i + 1, sizes[i]);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		const unsigned char *c = p[i];
		size_t wrong = 0;
		for (size_t j = 0; j < sizes[i]; j++)
			wrong += c[j] != (unsigned char)(i + 1);
		KTEST_EXPECT_EQ(t, wrong, 0); /* no two allocations overlap */
		kfree(p[i]);
	}
	drain_all_pages();
	KTEST_EXPECT_EQ(t, nr_free_pages() + nr_pcp_pages(), free_before); /* empty slabs went back */
	KTEST_EXPECT(t, kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	KTEST_EXPECT(t, kmalloc((size_t)8 << 20, GFP_KERNEL | __GFP_NOWARN) == NULL); /* above order 10 */
}

static void test_kzalloc_after_reuse(struct ktest *t)
{
	SETUP();
	for (int i = 0; i < 100; i++) {
		char *p = kmalloc(200, GFP_KERNEL);
		KTEST_ASSERT(t, p);
		memset(p, 0x77, 200);
		kfree(p);
		char *z = kzalloc(200, GFP_KERNEL);
		KTEST_ASSERT(t, z);
		size_t nonzero = 0;
		for (int j = 0; j < 200; j++)
			nonzero += z[j] != 0;
		KTEST_EXPECT_EQ(t, nonzero, 0);
		kfree(z);
	}
}

struct thing {
	uint64_t a, b, c;
	char name[40];
};

static void test_cache_lifecycle(struct ktest *t)
{
	struct thing *things[300];

	SETUP();
	struct kmem_cache *c = kmem_cache_create("test_thing", sizeof(struct thing), 16);
	KTEST_ASSERT(t, c);
	KTEST_EXPECT_EQ(t, c->size % 16, 0);
	for (int i = 0; i < 300; i++) {
		things[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KTEST_ASSERT(t, things[i]);
		KTEST_EXPECT_EQ(t, (uintptr_t)things[i] % 16, 0);
		things[i]->a = (uint64_t)i;
	}
	KTEST_EXPECT_EQ(t, c->nr_active, 300);
	KTEST_EXPECT_EQ(t, c->nr_slabs, (300 + c->objects - 1) / c->objects);
	for (int i = 0; i < 300; i += 2)
		kmem_cache_free(c, things[i]);
	KTEST_EXPECT_EQ(t, c->nr_active, 150);
	for (int i = 1; i < 300; i += 2) {
		KTEST_EXPECT_EQ(t, things[i]->a, (uint64_t)i);
		kmem_cache_free(c, things[i]);
	}
	KTEST_EXPECT_EQ(t, c->nr_active, 0);
	KTEST_EXPECT_EQ(t, c->nr_slabs, 0);
	kmem_cache_destroy(c);
	KTEST_EXPECT(t, kmem_cache_create("bad", 0, 0) == NULL);
	KTEST_EXPECT(t, kmem_cache_create("bad", 64, 3) == NULL);
	KTEST_EXPECT(t, kmem_cache_create("bad", 8, 1 << 16) == NULL); /* no object would fit */
	KTEST_EXPECT(t, kmalloc(64, GFP_DMA | __GFP_NOWARN) == NULL);   /* slabs have no zone */
	KTEST_EXPECT(t, kmalloc(64, GFP_DMA32 | __GFP_NOWARN) == NULL);
	void *big = kmalloc(3 * PAGE_SIZE, GFP_DMA); /* from pages: the zone is honoured */
	KTEST_EXPECT(t, big && virt_to_phys(big) < MiB(16));
	kfree(big);
}

static void test_debug_checks(struct ktest *t)
{
	unsigned long bad;

	SETUP();
	bool was_debug = slub_debug;
	slub_debug = true;
	bad_page_panics = false;
	bad = nr_bad_pages;

	char *keep = kmalloc(64, GFP_KERNEL); /* keeps the slab alive */
	char *p = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT(t, keep && p);
	kfree(p);
	kfree(p); /* double free */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 1);
	kfree(keep + 8); /* not the start of an object */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 2);

	p[20] = 1; /* write after free: caught when the object is handed out again */
	char *again = kmalloc(64, GFP_KERNEL);
	KTEST_EXPECT(t, again == p);
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 3);
	kfree(again);
	kfree(keep);

	struct page *page = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT(t, page);
	kfree((char *)page_address(page) + 16); /* never from kmalloc */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 4);
	__free_pages(page, 0);

	kfree((void *)0x1000); /* not even memory: reported, nothing read */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 5);
	KTEST_EXPECT_EQ(t, ksize((void *)0x1000), 0);

	keep = kmalloc(64, GFP_KERNEL); /* a slab page must not go back as a plain page */
	KTEST_ASSERT(t, keep);
	free_pages((unsigned long)keep, 0);
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 6);
	kfree(keep); /* the slab is intact */
	KTEST_EXPECT_EQ(t, nr_bad_pages, bad + 6);

	bad_page_panics = true;
	slub_debug = was_debug;
}

KTEST_SUITE(slab, 0,
	    KTEST_CASE(test_kmalloc_sizes),
	    KTEST_CASE(test_kzalloc_after_reuse),
	    KTEST_CASE(test_cache_lifecycle),
	    KTEST_CASE(test_debug_checks));
