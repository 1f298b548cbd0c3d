/*
 * tests/user/t_time.c - time and randomness: clock_gettime (REALTIME is
 * plausible, MONOTONIC never goes backwards and advances, EINVAL for
 * clock 1000, EFAULT), gettimeofday (agrees with REALTIME; NULL and
 * timezone arguments), nanosleep (sleeps at least as long as asked, bad
 * tv_nsec/tv_sec -> EINVAL, EFAULT, rem untouched when not interrupted),
 * sched_yield, getrandom (lengths, GRND_NONBLOCK, bad flags, EFAULT).
 * No time value is printed: only comparisons.
 *
 * Usage: t_time [ROOT]   (ROOT is not used)
 */
#include <sys/random.h>
#include <sys/time.h>
#include <time.h>

#include "tap.h"

#define PLAN 47

#define Y2020 1577836800L /* 2020-01-01T00:00:00Z */
#define Y2100 4102444800L /* 2100-01-01T00:00:00Z */

static long long ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long mono_ns(void)
{
	struct timespec ts;

	rsys(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return ns(&ts);
}

static void test_clock_gettime(void)
{
	struct timespec rt, m0, m1;
	long long prev, now, start;
	int i, backwards = 0, bad_nsec = 0;

	expect_eq(rsys(SYS_clock_gettime, CLOCK_REALTIME, &rt), 0, "clock_gettime(CLOCK_REALTIME)");
	ok(rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000, "its tv_nsec is in [0, 1e9)");
	ok(rt.tv_sec > Y2020 && rt.tv_sec < Y2100, "it is after 2020 and before 2100");
	expect_eq(rsys(SYS_clock_gettime, CLOCK_MONOTONIC, &m0), 0,
		  "clock_gettime(CLOCK_MONOTONIC)");
	ok(m0.tv_nsec >= 0 && m0.tv_nsec < 1000000000 && m0.tv_sec >= 0,
	   "its tv_nsec is in [0, 1e9), tv_sec >= 0");

	prev = ns(&m0);
	for (i = 0; i < 20000; i++) {
		rsys(SYS_clock_gettime, CLOCK_MONOTONIC, &m1);
		now = ns(&m1);
		if (m1.tv_nsec < 0 || m1.tv_nsec >= 1000000000)
			bad_nsec = 1;
		if (now < prev)
			backwards = 1;
		prev = now;
		if (i % 1000 == 0)
			rsys(SYS_sched_yield);
	}
	ok(!backwards && !bad_nsec, "CLOCK_MONOTONIC never goes backwards in 20000 reads");

	start = mono_ns();
	for (i = 0; i < 100000000 && mono_ns() == start; i++)
		;
	ok(mono_ns() > start, "CLOCK_MONOTONIC advances while we spin");

	expect_eq(rsys(SYS_clock_gettime, 1000, &rt), -EINVAL, "clock_gettime(1000): EINVAL");
	expect_eq(rsys(SYS_clock_gettime, CLOCK_MONOTONIC, BAD_ONE), -EFAULT,
		  "clock_gettime into 0x1: EFAULT");
	expect_eq(rsys(SYS_clock_gettime, CLOCK_REALTIME, BAD_KERNEL), -EFAULT,
		  "clock_gettime into a kernel address: EFAULT");
	errno = 0;
	ok(clock_gettime(1000, &rt) == -1 && errno == EINVAL, "libc clock_gettime(1000): EINVAL");
	ok(clock_gettime(CLOCK_MONOTONIC, &m1) == 0 && ns(&m1) >= ns(&m0),
	   "libc clock_gettime agrees with the syscall");
}

static void test_gettimeofday(void)
{
	struct timeval tv;
	struct timespec rt;
	struct {
		int minuteswest, dsttime;
	} tz;

	expect_eq(rsys(SYS_gettimeofday, &tv, NULL), 0, "gettimeofday(&tv, NULL)");
	rsys(SYS_clock_gettime, CLOCK_REALTIME, &rt);
	ok(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec is in [0, 1e6)");
	ok(tv.tv_sec > Y2020 && rt.tv_sec - tv.tv_sec >= 0 && rt.tv_sec - tv.tv_sec <= 2,
	   "gettimeofday agrees with CLOCK_REALTIME");
	expect_eq(rsys(SYS_gettimeofday, NULL, NULL), 0, "gettimeofday(NULL, NULL)");
	expect_eq(rsys(SYS_gettimeofday, &tv, &tz), 0, "gettimeofday with a timezone pointer");
	expect_eq(rsys(SYS_gettimeofday, BAD_ONE, NULL), -EFAULT, "gettimeofday into 0x1: EFAULT");
	expect_eq(rsys(SYS_gettimeofday, BAD_KERNEL, NULL), -EFAULT,
		  "gettimeofday into a kernel address: EFAULT");
}

static void test_nanosleep(void)
{
	struct timespec req, rem;
	long long t0, t1;

	req = (struct timespec){ 0, 20000000 };
	t0 = mono_ns();
	expect_eq(rsys(SYS_nanosleep, &req, NULL), 0, "nanosleep 20 ms");
	t1 = mono_ns();
	ok(t1 - t0 >= 20000000, "at least 20 ms passed on CLOCK_MONOTONIC");
	ok(t1 - t0 < 5000000000LL, "and less than 5 s");

	req = (struct timespec){ 0, 120000000 };
	t0 = mono_ns();
	rsys(SYS_nanosleep, &req, NULL);
	t1 = mono_ns();
	ok(t1 - t0 >= 120000000, "nanosleep 120 ms: at least 120 ms passed");

	req = (struct timespec){ 0, 0 };
	expect_eq(rsys(SYS_nanosleep, &req, NULL), 0, "nanosleep 0");
	req = (struct timespec){ 0, 1000000000 };
	expect_eq(rsys(SYS_nanosleep, &req, NULL), -EINVAL, "nanosleep tv_nsec 1e9: EINVAL");
	req = (struct timespec){ 0, -1 };
	expect_eq(rsys(SYS_nanosleep, &req, NULL), -EINVAL, "nanosleep tv_nsec -1: EINVAL");
	req = (struct timespec){ -1, 0 };
	expect_eq(rsys(SYS_nanosleep, &req, NULL), -EINVAL, "nanosleep tv_sec -1: EINVAL");
	expect_eq(rsys(SYS_nanosleep, BAD_ONE, NULL), -EFAULT, "nanosleep with req at 0x1: EFAULT");
	expect_eq(rsys(SYS_nanosleep, BAD_KERNEL, NULL), -EFAULT,
		  "nanosleep with req at a kernel address: EFAULT");
	req = (struct timespec){ 0, 1000 };
	expect_eq(rsys(SYS_nanosleep, &req, BAD_ONE), 0,
		  "nanosleep with rem at 0x1: 0 (rem is only written when interrupted)");
	rem = (struct timespec){ 7, 7 };
	rsys(SYS_nanosleep, &req, &rem);
	ok(rem.tv_sec == 7 && rem.tv_nsec == 7, "an uninterrupted nanosleep leaves rem alone");
	errno = 0;
	req = (struct timespec){ 0, 1000000000 };
	ok(nanosleep(&req, NULL) == -1 && errno == EINVAL, "libc nanosleep: -1, errno EINVAL");
}

static void test_sched_yield(void)
{
	int i, good = 1;

	expect_eq(rsys(SYS_sched_yield), 0, "sched_yield");
	for (i = 0; i < 1000; i++)
		if (rsys(SYS_sched_yield) != 0)
			good = 0;
	ok(good, "1000 more sched_yields");
}

static void test_getrandom(void)
{
	static unsigned char big[65536];
	unsigned char a[16], b[16], seen[256];
	int i, distinct = 0;

	expect_eq(rsys(SYS_getrandom, a, 0, 0), 0, "getrandom of 0 bytes");
	expect_eq(rsys(SYS_getrandom, a, sizeof(a), 0), 16, "getrandom of 16 bytes");
	expect_eq(rsys(SYS_getrandom, b, sizeof(b), 0), 16, "another 16");
	ok(memcmp(a, b, sizeof(a)) != 0, "the two differ");
	expect_eq(rsys(SYS_getrandom, b, sizeof(b), GRND_NONBLOCK), 16, "getrandom GRND_NONBLOCK");
	expect_eq(rsys(SYS_getrandom, big, 4096, 0), 4096, "getrandom of 4096 bytes");
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 4096; i++)
		if (!seen[big[i]]++)
			distinct++;
	ok(distinct > 200, "they take more than 200 distinct byte values");
	expect_eq(rsys(SYS_getrandom, big, sizeof(big), 0), sizeof(big),
		  "getrandom of 65536 bytes");
	expect_eq(rsys(SYS_getrandom, a, sizeof(a), 0x100), -EINVAL,
		  "getrandom flags 0x100: EINVAL");
	expect_eq(rsys(SYS_getrandom, a, sizeof(a), -1), -EINVAL, "getrandom flags -1: EINVAL");
	expect_eq(rsys(SYS_getrandom, BAD_ONE, 16, 0), -EFAULT, "getrandom into 0x1: EFAULT");
	expect_eq(rsys(SYS_getrandom, BAD_KERNEL, 16, 0), -EFAULT,
		  "getrandom into a kernel address: EFAULT");
	ok(getrandom(a, sizeof(a), 0) == 16, "libc getrandom");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	test_clock_gettime();
	test_gettimeofday();
	test_nanosleep();
	test_sched_yield();
	test_getrandom();
	return tap_done();
}
