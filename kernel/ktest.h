/*
 * kernel/ktest.h - lom's in-kernel unit tests, in the spirit of Linux's
 * KUnit.  A test file declares cases and a suite:
 *
 *   static void test_zero(struct ktest *t) { KTEST_EXPECT_EQ(t, f(0), 0); }
 *   KTEST_SUITE(mysuite, 0, KTEST_CASE(test_zero), ...);
 *
 * Suites land in the `ktest_suites` linker section; the command line
 * option test=all (or test=suite1,suite2) runs them at boot and prints
 * KTAP (https://docs.kernel.org/dev-tools/ktap.html) on the console,
 * then powers off with a pass/fail status.  The same files also build
 * into a host program (tests/host/ktest_host.c) where they do not touch
 * hardware.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "kernel/types.h"

struct ktest {
	const char *name;
	int failures;
	const char *skip; /* set by ktest_skip(): why the case cannot apply here */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

#define KTEST_MANUAL 1 /* not part of test=all: run only when named (e.g. test=panic) */

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	size_t nr_cases;
	unsigned flags;
};

#define KTEST_CASE(fn) { #fn, fn }

#define KTEST_SUITE(sname, sflags, ...)                                                       \
	static const struct ktest_case __ktest_cases_##sname[] = { __VA_ARGS__ };             \
	static const struct ktest_suite __ktest_suite_##sname = {                             \
		#sname, __ktest_cases_##sname, ARRAY_SIZE(__ktest_cases_##sname), sflags };   \
	static const struct ktest_suite *const __ktest_ptr_##sname __section("ktest_suites") \
		__used = &__ktest_suite_##sname

/* Record one check; on failure print "# file:line: message". Returns ok. */
bool ktest_check(struct ktest *t, bool ok, const char *file, int line, const char *fmt, ...)
	__printf(5, 6);

#define KTEST_EXPECT(t, cond) ktest_check(t, (cond), __FILE__, __LINE__, "expected %s", #cond)

#define KTEST_EXPECT_EQ(t, a, b)                                                              \
	({                                                                                    \
		unsigned long long _a = (unsigned long long)(a), _b = (unsigned long long)(b); \
		ktest_check(t, _a == _b, __FILE__, __LINE__,                                  \
			    "expected %s == %s, got %lld (0x%llx) vs %lld (0x%llx)", #a, #b,  \
			    (long long)_a, _a, (long long)_b, _b);                            \
	})

#define KTEST_EXPECT_STREQ(t, a, b)                                                              \
	({                                                                                       \
		const char *_a = (a), *_b = (b);                                                 \
		ktest_check(t, ktest_streq(_a, _b), __FILE__, __LINE__,                          \
			    "expected %s == %s, got \"%s\" vs \"%s\"", #a, #b, _a ? _a : "(null)", \
			    _b ? _b : "(null)");                                                 \
	})

#define KTEST_ASSERT(t, cond)              \
	do {                               \
		if (!KTEST_EXPECT(t, cond)) \
			return;            \
	} while (0)

bool ktest_streq(const char *a, const char *b);

/* This case cannot apply to this machine (e.g. it needs two memory zones):
 * report "ok N name # SKIP reason" (KTAP), which counts as skipped, not
 * passed.  Return from the case right after. */
static inline void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip = reason;
}

/*
 * Run the suites selected by filter ("all" or a comma-separated list of
 * suite names) and print KTAP.  Returns the number of failed cases, plus
 * one for every name in the filter that matches no suite.
 */
int ktest_run(const char *filter);

/* Where KTAP lines go: the raw console in the kernel, stdout on the host. */
void ktest_print(const char *fmt, ...) __printf(1, 2);

#endif
