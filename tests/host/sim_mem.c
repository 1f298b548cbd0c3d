/*
 * tests/host/sim_mem.c - see sim_mem.h.  Also the host's definitions of
 * the few kernel globals and functions the mm code expects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "mm/mm_internal.h"
#include "mm/slab.h"
#include "tests/host/sim_mem.h"
#include "kernel/smp.h"

#define SIM_KERNEL_BASE 0x100000ull /* a stand-in kernel image at 1 MiB */
#define SIM_KERNEL_SIZE 0x200000ull

bool host_irqs_on = true;
unsigned host_cpu;
unsigned nr_cpus_online = 1;

const struct sim_region sim_default_map[] = {
	{ 0x0, 0x9fc00 },
	{ 0x100000, 0x3f00000 },
	{ 0x100000000ull, 0x2000000 },
};
const unsigned sim_default_map_len = 3;

static void *arena;
static size_t arena_size;
static uint64_t expected_free;

/*
 * Worked out by arithmetic, not through memblock, so it checks memblock
 * too: usable frames above the reserved low area, minus the frame array.
 */
static uint64_t count_expected_free(const struct sim_region *map, unsigned n)
{
	const uint64_t low_end = SIM_KERNEL_BASE + SIM_KERNEL_SIZE; /* [0, 1M) and the kernel */
	uint64_t frames = 0, end_pfn = 0;

	for (unsigned i = 0; i < n; i++) {
		uint64_t start = ALIGN_UP(map[i].base, (uint64_t)PAGE_SIZE);
		uint64_t end = ALIGN_DOWN(map[i].base + map[i].size, (uint64_t)PAGE_SIZE);
		end_pfn = MAX(end_pfn, end >> PAGE_SHIFT);
		start = MAX(start, low_end);
		if (end > start)
			frames += (end - start) >> PAGE_SHIFT;
	}
	return frames - ALIGN_UP(end_pfn * sizeof(struct page), (uint64_t)PAGE_SIZE) / PAGE_SIZE;
}

int sim_boot(const struct sim_region *map, unsigned n)
{
	sim_shutdown();
	memblock_reset();
	for (unsigned i = 0; i < n; i++)
		memblock_add(ALIGN_UP(map[i].base, (paddr_t)PAGE_SIZE),
			     ALIGN_DOWN(map[i].base + map[i].size, (paddr_t)PAGE_SIZE) -
				     ALIGN_UP(map[i].base, (paddr_t)PAGE_SIZE));
	memblock_reserve(0, 0x100000);
	memblock_reserve(SIM_KERNEL_BASE, SIM_KERNEL_SIZE);

	arena_size = memblock_end_of_ram();
	arena = mmap(NULL, arena_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (arena == MAP_FAILED) {
		perror("sim_boot: mmap");
		exit(2);
	}
	page_offset_base = (uintptr_t)arena;
	host_cpu = 0;
	host_irqs_on = true;
	nr_bad_pages = 0;
	bad_page_panics = true;
	pcp_disabled = false;

	expected_free = count_expected_free(map, n);
	int err = mm_init_frames();
	if (!err)
		kmem_cache_init();
	return err;
}

void sim_boot_default(void)
{
	if (sim_boot(sim_default_map, sim_default_map_len)) {
		fprintf(stderr, "sim_boot failed\n");
		exit(2);
	}
}

void sim_shutdown(void)
{
	if (arena)
		munmap(arena, arena_size);
	arena = NULL;
}

uint64_t sim_expected_free_pages(void)
{
	return expected_free;
}

/* Cross-CPU calls on simulated CPUs: run fn "on" each of them in turn. */
static void call_cpus(void (*fn)(void *), void *arg, bool self)
{
	unsigned me = host_cpu;

	for (unsigned c = 0; c < nr_cpus_online; c++)
		if (self || c != me) {
			host_cpu = c;
			fn(arg);
		}
	host_cpu = me;
}

void smp_call_function(void (*fn)(void *), void *arg)
{
	call_cpus(fn, arg, false);
}

void smp_call_function_all(void (*fn)(void *), void *arg)
{
	call_cpus(fn, arg, true);
}
