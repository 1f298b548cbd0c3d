/*
 * kernel/kbench.h - in-kernel benchmarks, run by `make bench` (boot option
 * bench=all or bench=name,...).  Each prints lines of the form
 *
 *   BENCH name=pcp_pair value=12.34 unit=ns/op
 *
 * which tools and the README's performance table take as they are.
 * Benchmarks never decide pass or fail: tests do that.
 */
#ifndef KERNEL_KBENCH_H
#define KERNEL_KBENCH_H

#include "kernel/types.h"

struct kbench {
	const char *name;
	void (*run)(void);
};

#define KBENCH(bname, fn)                                                              \
	static const struct kbench __kbench_##bname = { #bname, fn };                  \
	static const struct kbench *const __kbench_ptr_##bname __section("kbench_list") \
		__used = &__kbench_##bname

/* Print "BENCH name=... value=V unit=..." with V = milli / 1000, 3 decimals. */
void kbench_report(const char *name, uint64_t milli, const char *unit);

/* Run the benchmarks named in filter ("all" or a comma-separated list). */
int kbench_run(const char *filter);

/* Median of n values (sorts them in place). */
uint64_t kbench_median(uint64_t *v, unsigned n);

#endif
