/*
 * tests/kernel/test_ubsan.c - the kernel's UBSan runtime (kernel/ubsan.c):
 * undefined behaviour done on purpose, through volatile values the
 * compiler cannot see through, must be reported (the counters go up) and
 * the kernel must go on with what the CPU computed.
 *
 * Only a UBSAN=1 kernel has the checks; in any other build the suite is
 * one case, a KTAP SKIP saying so.  Each deliberate report is printed between two
 * marker lines (UB_BEGIN/UB_END) and names this file: tests/run-ubsan.sh
 * accepts those and fails the run on any other `UBSAN:` line.  The suite
 * runs once per boot (test=all or test=ubsan): a source location reports
 * only once, so a second run in the same boot would see no new reports.
 */
#include "kernel/ktest.h"
#include "kernel/ubsan.h"

#ifdef CONFIG_UBSAN

#define UB_BEGIN() ktest_print("    # ubsan: deliberate undefined behaviour begins\n")
#define UB_END()   ktest_print("    # ubsan: deliberate undefined behaviour ends\n")

struct counts {
	unsigned long reports, events;
};

static struct counts counts_now(void)
{
	return (struct counts){ __atomic_load_n(&ubsan_reports, __ATOMIC_RELAXED),
				__atomic_load_n(&ubsan_events, __ATOMIC_RELAXED) };
}

/* One new report and one new event since before. */
#define EXPECT_ONE_REPORT(t, before)                                                        \
	do {                                                                                \
		struct counts _now = counts_now();                                          \
		KTEST_EXPECT_EQ(t, _now.reports - (before).reports, 1);                     \
		KTEST_EXPECT_EQ(t, _now.events - (before).events, 1);                       \
	} while (0)

static void test_shift_out_of_bounds(struct ktest *t)
{
	volatile unsigned long one = 1;
	volatile int by = 70;
	struct counts before = counts_now();
	UB_BEGIN();
	unsigned long r = one << by; /* x86 masks the count to 6 bits: 1 << 6 */
	UB_END();
	EXPECT_ONE_REPORT(t, before);
	KTEST_EXPECT_EQ(t, r, 1ul << (70 & 63));
}

static void test_signed_overflow(struct ktest *t)
{
	volatile int big = INT32_MAX, one = 1;
	struct counts before = counts_now();
	UB_BEGIN();
	int r = big + one; /* the CPU wraps */
	UB_END();
	EXPECT_ONE_REPORT(t, before);
	KTEST_EXPECT_EQ(t, r, INT32_MIN);
}

static void test_negation_overflow(struct ktest *t)
{
	volatile long min = INT64_MIN;
	struct counts before = counts_now();
	UB_BEGIN();
	long r = -min;
	UB_END();
	EXPECT_ONE_REPORT(t, before);
	KTEST_EXPECT_EQ(t, r, INT64_MIN);
}

static void test_array_index_out_of_bounds(struct ktest *t)
{
	/* the element past the array is the next member: the read itself is harmless */
	struct {
		int a[4];
		int after;
	} s = { { 1, 2, 3, 4 }, 42 };
	volatile int i = 4;
	struct counts before = counts_now();
	UB_BEGIN();
	int r = s.a[i];
	UB_END();
	EXPECT_ONE_REPORT(t, before);
	KTEST_EXPECT_EQ(t, r, 42);
}

static void test_misaligned_load(struct ktest *t)
{
	_Alignas(8) unsigned char buf[16] = { 0, 0x11, 0x22, 0x33, 0x44 };
	unsigned char *volatile p = buf + 1;
	struct counts before = counts_now();
	UB_BEGIN();
	uint32_t r = *(const uint32_t *)p; /* x86 loads it anyway */
	UB_END();
	EXPECT_ONE_REPORT(t, before);
	KTEST_EXPECT_EQ(t, r, 0x44332211u);
}

static void test_invalid_bool_load(struct ktest *t)
{
	union {
		unsigned char byte;
		bool b;
	} volatile u;
	u.byte = 2; /* a bool holds 0 or 1 only */
	struct counts before = counts_now();
	UB_BEGIN();
	bool r = u.b;
	UB_END();
	EXPECT_ONE_REPORT(t, before);
	(void)r;
}

static void test_null_member_access(struct ktest *t)
{
	struct pair {
		long a, b;
	};
	struct pair *volatile p = NULL;
	struct counts before = counts_now();
	UB_BEGIN();
	long *r = &p->b; /* an address computed from NULL: no access, no fault */
	UB_END();
	EXPECT_ONE_REPORT(t, before);
	KTEST_EXPECT_EQ(t, (uintptr_t)r, sizeof(long));
}

/* The same source location twice: counted twice, reported once. */
static __noinline unsigned shift_here(unsigned v, int by)
{
	return v << by;
}

static void test_reported_once(struct ktest *t)
{
	volatile int by = 33;
	struct counts before = counts_now();
	UB_BEGIN();
	shift_here(1, by);
	shift_here(1, by);
	UB_END();
	struct counts now = counts_now();
	KTEST_EXPECT_EQ(t, now.reports - before.reports, 1);
	KTEST_EXPECT_EQ(t, now.events - before.events, 2);
	KTEST_EXPECT_EQ(t, shift_here(1, 3), 8); /* a defined shift: nothing counted */
	KTEST_EXPECT_EQ(t, counts_now().events, now.events);
}

KTEST_SUITE(ubsan, 0,
	    KTEST_CASE(test_shift_out_of_bounds),
	    KTEST_CASE(test_signed_overflow),
	    KTEST_CASE(test_negation_overflow),
	    KTEST_CASE(test_array_index_out_of_bounds),
	    KTEST_CASE(test_misaligned_load),
	    KTEST_CASE(test_invalid_bool_load),
	    KTEST_CASE(test_null_member_access),
	    KTEST_CASE(test_reported_once));

#else /* !CONFIG_UBSAN: no checks to trigger */

static void test_ubsan_built(struct ktest *t)
{
	ktest_skip(t, "not built with UBSan (make UBSAN=1)");
}

KTEST_SUITE(ubsan, 0, KTEST_CASE(test_ubsan_built));

#endif
