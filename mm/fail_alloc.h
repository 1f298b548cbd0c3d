/*
 * mm/fail_alloc.h - fault injection for the page and slab allocators, in
 * the spirit of Linux's fail_page_alloc and failslab
 * (Documentation/fault-injection/fault-injection.rst): with a boot option
 * or a write to /sys/kernel/debug, allocations fail at random, so that
 * every error path can be made to run.
 *
 *   fail_page_alloc=1 failslab=0.5 fail_seed=42     boot options (percent)
 *   echo 100 > /sys/kernel/debug/failslab/probability   at run time
 *
 * The allocators ask before doing any work:
 *
 *   if (unlikely(fail_page_alloc_on) && should_fail_alloc_page(gfp, order, _RET_IP_))
 *           return NULL;                                   (mm/page_alloc.c)
 *   if (unlikely(failslab_on) && should_failslab(cache->size, gfp, _RET_IP_))
 *           return NULL;                                   (mm/slab.c)
 *
 * With injection off that is one load and one predictable branch (the
 * inline alloc_pages() fast path folds the flag into the test it already
 * makes).  Which allocations may fail, and why, is in mm/fail_alloc.c.
 */
#ifndef MM_FAIL_ALLOC_H
#define MM_FAIL_ALLOC_H

#include "kernel/percpu.h"
#include "kernel/types.h"

#define FAIL_PPM_MAX 1000000u     /* probability is kept in millionths: 100 % */
#define FAIL_PPM_PER_PERCENT 10000u

/*
 * One kind of injected failure (Linux's struct fault_attr): the settings
 * are written by boot options and /sys/kernel/debug writes, read without
 * a lock (a reader sees the old or the new value of each); the counters
 * are atomic.
 */
struct fault_attr {
	const char *name;          /* immutable: the debugfs directory name */
	uint64_t salt;             /* immutable: its own random sequence under one seed */
	uint32_t probability;      /* millionths: 10000 = 1 %, 1000000 = always */
	unsigned long interval;    /* only every interval-th eligible call may fail (1: any) */
	long times;                /* failures left, -1: no limit */
	unsigned min_order;        /* pages: smaller blocks never fail */
	int verbose;               /* 0 quiet, 1 a line per failure, 2 and a backtrace */
	bool all_contexts;         /* tests only: ignore the context rules (fail_alloc.c) */
	/* atomic */
	uint64_t calls;            /* eligible calls since the settings last changed: the sequence's position */
	uint64_t failures;         /* failures injected since boot */
};

#ifndef LOM_HOST_TEST
extern struct fault_attr fail_page_alloc, failslab;
/* probability != 0 and times != 0: the flags the allocators test first */
extern bool fail_page_alloc_on, failslab_on;

/* The allocators' questions: true = fail this allocation. */
bool should_fail_alloc_page(unsigned gfp, unsigned order, unsigned long caller);
bool should_failslab(size_t size, unsigned gfp, unsigned long caller);

/* The decision alone, for any attr, whatever the context (also the tests'). */
bool should_fail(struct fault_attr *attr, unsigned long caller);

/* Change settings (boot options, debugfs, tests): the sequence restarts
 * at its first call, so a setting plus a seed is one reproducible run. */
void fault_attr_set(struct fault_attr *attr, uint32_t probability, unsigned long interval, long times);
void fail_alloc_set_seed(uint64_t seed);
uint64_t fail_alloc_get_seed(void);

/* Failures injected on this CPU so far: the page-fault handler compares
 * it before and after a fault (nothing preempts it in between) to tell
 * an injected failure from a real shortage.  One load: faults call it. */
extern uint64_t fail_cpu_failures[MAX_CPUS]; /* each written by its own CPU */
static inline uint64_t fail_alloc_cpu_failures(void)
{
	return __atomic_load_n(&fail_cpu_failures[this_cpu_id()], __ATOMIC_RELAXED);
}

/* "1.5" -> 15000 (millionths); 0 or -EINVAL (over 100, more than 4 decimals...). */
int fail_parse_percent(const char *s, size_t n, uint32_t *ppm);

/* /sys/kernel/debug/{fail_page_alloc,failslab}/ and the boot report line. */
int fail_alloc_init(void);
#else
/* the host tests build the allocators without the injector */
#define fail_page_alloc_on false
#define failslab_on false
static inline bool should_fail_alloc_page(unsigned gfp, unsigned order, unsigned long caller)
{
	(void)gfp, (void)order, (void)caller;
	return false;
}
static inline bool should_failslab(size_t size, unsigned gfp, unsigned long caller)
{
	(void)size, (void)gfp, (void)caller;
	return false;
}
#endif

#endif
