/*
 * tests/host/fuzz_page_alloc.c - libFuzzer target for the page allocator,
 * the per-CPU lists and kmalloc, over simulated memory with three zones.
 *
 * Each input is a little program, one opcode byte plus arguments:
 *   alloc ORDER GFP | free SLOT | kmalloc SIZE | kfree SLOT | cpu N |
 *   drain | pcp on/off
 * Blocks handed out are checked for alignment and zone, and tagged with
 * their slot; at the end of the input everything is freed, every CPU is
 * drained, and the allocator must be exactly as it was before the input
 * (same free blocks per order and zone, buddy_check() clean).  Any
 * difference, or a sanitizer report, is a crash libFuzzer keeps.
 *
 *   make fuzz FUZZ_SECONDS=300        (make test runs it for a few seconds)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm_internal.h"
#include "mm/slab.h"
#include "tests/host/sim_mem.h"

#define SLOTS 256
#define NCPUS 4

struct snapshot {
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
	unsigned long free_pages;
};

static struct snapshot boot_state;
static struct page *pages[SLOTS];
static unsigned orders[SLOTS];
static void *objects[SLOTS];

static void take_snapshot(struct snapshot *s)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			s->nr_free[z][o] = zones[z].free_area[o].nr_free;
	s->free_pages = nr_free_pages();
}

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_page_alloc: %s\n", what);
	__builtin_trap();
}

static void drain_all_cpus(void)
{
	for (host_cpu = 0; host_cpu < NCPUS; host_cpu++)
		drain_local_pages();
	host_cpu = 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	sim_boot_default();
	drain_all_cpus();
	take_snapshot(&boot_state);
	return 0;
}

static void do_alloc(uint8_t slot, uint8_t order_byte, uint8_t gfp_byte)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_DMA32, GFP_DMA, GFP_ATOMIC };
	unsigned order = order_byte % 16 < 12 ? order_byte % 3 : order_byte % 12; /* mostly small; 11 is invalid */
	gfp_t gfp = gfps[gfp_byte % 4] | __GFP_NOWARN | ((gfp_byte & 0x80) ? __GFP_ZERO : 0);

	if (pages[slot])
		return;
	struct page *p = alloc_pages(gfp, order);
	if (!p)
		return;
	pfn_t pfn = page_to_pfn(p);
	if (order >= MAX_ORDER || (pfn & ((1ul << order) - 1)) || p->refcount != 1)
		fail("bad block");
	if (((gfp & __GFP_DMA) && pfn + (1ul << order) > ZONE_DMA_END_PFN) ||
	    ((gfp & __GFP_DMA32) && pfn + (1ul << order) > ZONE_DMA32_END_PFN))
		fail("block outside the zones gfp allows");
	uint8_t *mem = page_address(p);
	if ((gfp & __GFP_ZERO) && (mem[0] | mem[(PAGE_SIZE << order) - 1]))
		fail("GFP_ZERO block not zero");
	mem[0] = slot; /* a later free checks nobody else got this block */
	pages[slot] = p;
	orders[slot] = order;
}

static void do_free(uint8_t slot)
{
	struct page *p = pages[slot];

	if (!p)
		return;
	if (((uint8_t *)page_address(p))[0] != slot)
		fail("block was handed out twice");
	__free_pages(p, orders[slot]);
	pages[slot] = NULL;
}

static void do_kmalloc(uint8_t slot, uint8_t a, uint8_t b)
{
	size_t size = ((size_t)a << 8 | b) % 20000;

	if (objects[slot])
		return;
	objects[slot] = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (objects[slot] && objects[slot] != ZERO_SIZE_PTR)
		memset(objects[slot], slot, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 0;

#define ARG() (i < size ? data[i++] : 0)
	while (i < size) {
		uint8_t op = ARG();
		switch (op % 8) {
		case 0: case 1: { uint8_t s = ARG(), o = ARG(), g = ARG(); do_alloc(s, o, g); break; }
		case 2: case 3: do_free(ARG()); break;
		case 4: { uint8_t s = ARG(), a = ARG(), b = ARG(); do_kmalloc(s, a, b); break; }
		case 5: { uint8_t s = ARG(); kfree(objects[s]); objects[s] = NULL; break; }
		case 6: host_cpu = ARG() % NCPUS; break;
		case 7: { uint8_t a = ARG(); if (a & 1) drain_local_pages(); else pcp_disabled = a & 2; break; }
		}
	}
#undef ARG
	for (int s = 0; s < SLOTS; s++) {
		do_free((uint8_t)s);
		kfree(objects[s]);
		objects[s] = NULL;
	}
	pcp_disabled = false;
	drain_all_cpus();
	struct snapshot now;
	take_snapshot(&now);
	if (memcmp(&now, &boot_state, sizeof(now)) != 0)
		fail("free areas differ from the start: a page was lost or a merge missed");
	if (buddy_check() != 0)
		fail("buddy_check found problems");
	return 0;
}
