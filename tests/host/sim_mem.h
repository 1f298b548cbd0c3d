/*
 * tests/host/sim_mem.h - simulated physical memory for host tests of mm/.
 *
 * sim_boot() maps an anonymous region standing for physical addresses
 * [0, end of the map), points page_offset_base at it, fills memblock from
 * the given map and reserves what a real boot reserves (the first MiB and
 * a stand-in kernel image), then runs the real mm_init_frames().
 */
#ifndef TESTS_HOST_SIM_MEM_H
#define TESTS_HOST_SIM_MEM_H

#include "kernel/types.h"

struct sim_region {
	uint64_t base, size;
};

/* 0..640K, 1M..64M, a hole, and 32 MiB above 4 GiB: all three zones. */
extern const struct sim_region sim_default_map[];
extern const unsigned sim_default_map_len;

int sim_boot(const struct sim_region *map, unsigned n);
void sim_boot_default(void);
void sim_shutdown(void);

/* Free frames the map should give the buddy (usable minus reserved). */
uint64_t sim_expected_free_pages(void);

#endif
