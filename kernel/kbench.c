/*
 * kernel/kbench.c - run the KBENCH()es named on the command line.
 * Boot CPU, after all of init; output goes to the console raw.
 */
#include "kernel/cmdline.h"
#include "kernel/kbench.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

extern const struct kbench *const __start_kbench_list[];
extern const struct kbench *const __stop_kbench_list[];

void kbench_report(const char *name, uint64_t milli, const char *unit)
{
	ktest_print("BENCH name=%s value=%lu.%03lu unit=%s\n", name, (unsigned long)(milli / 1000),
		    (unsigned long)(milli % 1000), unit);
}

uint64_t kbench_median(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) /* insertion sort: n is small */
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[n / 2];
}

static bool named(const char *filter, const char *name)
{
	size_t n = strlen(name);

	if (strcmp(filter, "all") == 0)
		return true;
	for (const char *p = filter; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

int kbench_run(const char *filter)
{
	int ran = 0;

	for (const struct kbench *const *b = __start_kbench_list; b < __stop_kbench_list; b++)
		if (named(filter, (*b)->name)) {
			(*b)->run();
			ran++;
		}
	if (!ran)
		ktest_print("# kbench: no benchmark matches '%s'\n", filter);
	return ran;
}
