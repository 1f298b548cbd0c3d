/*
 * tests/user/t_vm_demand.c - demand paging, observed through RSS
 * (/proc/self/statm, second field, in pages; /proc/self/status VmRSS) and
 * minor fault counts (getrusage ru_minflt): an mmap of 100 MiB adds 25600
 * pages to the size but barely moves RSS and costs no faults; writing
 * every page costs one fault each and RSS grows by ~100 MiB; munmap gives
 * it back; reading untouched pages maps the shared zero page (a fault
 * each, RSS unchanged) and a later write faults again; MAP_POPULATE faults
 * the pages in at mmap time (RSS up, no faults when written);
 * MADV_DONTNEED drops RSS; after fork the first write to each page is a
 * fault; a child's faults are in RUSAGE_CHILDREN after wait, not in
 * RUSAGE_SELF; a new child starts with no faults.  Transparent huge pages
 * are disabled first (prctl PR_SET_THP_DISABLE) so that faults are 4 KiB.
 * Only pass/fail is printed, with tolerances, never the numbers.
 *
 * Usage: t_vm_demand [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 34

#include "vm.h"

#ifndef PR_SET_THP_DISABLE
#define PR_SET_THP_DISABLE 41
#endif

#define NPAGES 25600L /* 100 MiB */
#define SLACK 64L     /* pages or faults of noise allowed around a count */

/* ---- /proc/self/statm and status, getrusage ---- */

static char text[4096];

/* the file's text in text[] (NUL-terminated); its length or -errno */
static long slurp(const char *path)
{
	long fd = rsys(SYS_open, path, O_RDONLY), n;

	text[0] = 0;
	if (fd < 0)
		return fd;
	n = read_all(fd, text, sizeof(text) - 1);
	rsys(SYS_close, fd);
	text[n > 0 ? n : 0] = 0;
	return n;
}

/* statm: field 0 size, 1 resident (pages); -1 if missing */
static long statm(int field)
{
	char *s = text, *end;
	long v = -1;
	int i;

	if (slurp("/proc/self/statm") <= 0)
		return -1;
	for (i = 0; i <= field; i++) {
		v = strtol(s, &end, 10);
		if (end == s)
			return -1;
		s = end;
	}
	return v;
}

static long rss(void)
{
	return statm(1);
}

/* VmRSS of /proc/self/status, in kB; -1 if missing */
static long status_rss_kb(void)
{
	char *p;

	if (slurp("/proc/self/status") <= 0)
		return -1;
	p = strstr(text, "\nVmRSS:");
	return p ? strtol(p + 7, NULL, 10) : -1;
}

static long minflt(int who)
{
	struct rusage ru;

	memset(&ru, 0, sizeof(ru));
	if (rsys(SYS_getrusage, who, &ru))
		return -1;
	return ru.ru_minflt;
}

/* lo <= v <= hi, with v valid */
static int within(long v, long lo, long hi)
{
	return v >= lo && v <= hi;
}

/* write one byte in each of n pages */
static void __attribute__((noinline)) touch(char *p, long n, int val)
{
	long i;

	for (i = 0; i < n; i++)
		((volatile char *)p)[i * PAGE] = (char)val;
}

/* read one byte in each of n pages; the sum of the bytes */
static long __attribute__((noinline)) read_pages(const char *p, long n)
{
	long i, sum = 0;

	for (i = 0; i < n; i++)
		sum += ((const volatile char *)p)[i * PAGE];
	return sum;
}

static void test_basic(void)
{
	long rss0, size0, f0, r, f, kb;
	char *p;

	size0 = statm(0);
	rss0 = rss();
	ok(size0 > 0 && rss0 > 0 && rss0 <= size0, "/proc/self/statm: size and resident in pages");
	kb = status_rss_kb();
	r = rss();
	ok(kb >= 0 && within(kb / 4, r - 16, r + 16), "/proc/self/status VmRSS agrees with statm (kB)");
	f0 = minflt(RUSAGE_SELF);
	ok(f0 >= 0, "getrusage(RUSAGE_SELF) ru_minflt");

	/* map 100 MiB: size grows, RSS does not */
	f0 = minflt(RUSAGE_SELF);
	rss0 = rss();
	size0 = statm(0);
	p = map(0, NPAGES * PAGE, RW, ANON);
	ok(!bad_map(p), "mmap 100 MiB");
	if (bad_map(p))
		return;
	expect_eq(statm(0) - size0, NPAGES, "statm size grew by exactly 25600 pages");
	ok(rss0 > 0 && within(rss() - rss0, -SLACK, SLACK), "RSS barely moved (within 64 pages)");
	ok(within(minflt(RUSAGE_SELF) - f0, 0, SLACK), "and the mmap cost (almost) no faults");

	/* write every page */
	rss0 = rss();
	f0 = minflt(RUSAGE_SELF);
	touch(p, NPAGES, 1);
	f = minflt(RUSAGE_SELF) - f0;
	r = rss() - rss0;
	ok(within(f, NPAGES, NPAGES + SLACK), "writing every page: one minor fault per page (25600, +64)");
	ok(within(r, NPAGES - SLACK, NPAGES + SLACK), "RSS grew by 100 MiB (25600 pages, +-64)");
	kb = status_rss_kb();
	r = rss();
	ok(within(kb / 4, r - 16, r + 16), "VmRSS agrees");

	/* writing them again costs nothing */
	f0 = minflt(RUSAGE_SELF);
	touch(p, NPAGES, 2);
	ok(within(minflt(RUSAGE_SELF) - f0, 0, SLACK), "writing them again: no faults");
	ok(read_pages(p, NPAGES) == 2 * NPAGES, "they hold the bytes written");

	/* MADV_DONTNEED on half */
	rss0 = rss();
	rsys(SYS_madvise, p, NPAGES / 2 * PAGE, MADV_DONTNEED);
	ok(within(rss0 - rss(), NPAGES / 2 - SLACK, NPAGES / 2 + SLACK), "MADV_DONTNEED on half: RSS down by 50 MiB");

	/* munmap */
	rss0 = rss();
	size0 = statm(0);
	rsys(SYS_munmap, p, NPAGES * PAGE);
	expect_eq(size0 - statm(0), NPAGES, "munmap: size down by exactly 25600 pages");
	ok(within(rss0 - rss(), NPAGES / 2 - SLACK, NPAGES / 2 + SLACK), "RSS down by the 50 MiB still resident");
}

static void test_zero_page(void)
{
	long rss0, f0, n = 4096; /* 16 MiB */
	char *p = map(0, n * PAGE, RW, ANON);

	rss0 = rss();
	f0 = minflt(RUSAGE_SELF);
	ok(read_pages(p, n) == 0, "reading 16 MiB never written: zeros");
	ok(within(minflt(RUSAGE_SELF) - f0, n, n + SLACK), "one fault per page read (4096, +64)");
	ok(rss0 > 0 && within(rss() - rss0, -SLACK, SLACK), "RSS did not grow (the zero page)");
	f0 = minflt(RUSAGE_SELF);
	touch(p, n, 3);
	ok(within(minflt(RUSAGE_SELF) - f0, n, n + SLACK), "writing them afterwards: a fault per page again");
	ok(within(rss() - rss0, n - SLACK, n + SLACK), "and now RSS grew by 16 MiB");
	rsys(SYS_munmap, p, n * PAGE);
}

static void test_populate(void)
{
	long rss0, f0, n = 4096;
	char *p;

	rss0 = rss();
	p = map(0, n * PAGE, RW, ANON | MAP_POPULATE);
	ok(!bad_map(p), "MAP_POPULATE of 16 MiB");
	if (bad_map(p))
		return;
	ok(within(rss() - rss0, n - SLACK, n + SLACK), "RSS grew by 16 MiB at mmap time");
	f0 = minflt(RUSAGE_SELF);
	touch(p, n, 4);
	ok(within(minflt(RUSAGE_SELF) - f0, 0, SLACK), "writing the pages costs no faults");
	ok(read_pages(p, n) == 4 * n, "they hold the bytes");
	rsys(SYS_munmap, p, n * PAGE);
}

struct child_report {
	long self_at_start, self_after;
};

static void test_fork(void)
{
	long n = 2048, f0, c0, c1, s1;
	char *p, *shared;
	pid_t pid;
	struct child_report *rep;

	shared = map(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	rep = (struct child_report *)shared;
	p = map(0, n * PAGE, RW, ANON);
	touch(p, n, 5);

	/* a child touching n fresh pages */
	c0 = minflt(RUSAGE_CHILDREN);
	f0 = minflt(RUSAGE_SELF);
	pid = fork();
	if (pid == 0) {
		char *q;

		rep->self_at_start = minflt(RUSAGE_SELF);
		q = map(0, n * PAGE, RW, ANON);
		touch(q, n, 6);
		rep->self_after = minflt(RUSAGE_SELF);
		_exit(0);
	}
	expect_status(reap(pid), EXITED(0), "a child writes 2048 fresh pages");
	c1 = minflt(RUSAGE_CHILDREN);
	s1 = minflt(RUSAGE_SELF);
	ok(within(rep->self_at_start, 0, SLACK), "a new child starts with (almost) no faults counted");
	ok(within(rep->self_after - rep->self_at_start, n, n + SLACK), "its RUSAGE_SELF counts a fault per page");
	ok(c1 - c0 >= n, "after wait, the parent's RUSAGE_CHILDREN grew by at least 2048");
	ok(within(s1 - f0, 0, SLACK), "the parent's RUSAGE_SELF did not");

	/* copy-on-write: the first write to each page after fork is a fault */
	c0 = minflt(RUSAGE_CHILDREN);
	pid = fork();
	if (pid == 0) {
		rep->self_at_start = minflt(RUSAGE_SELF);
		touch(p, n, 7);
		rep->self_after = minflt(RUSAGE_SELF);
		_exit(read_pages(p, n) == 7 * n ? 0 : 1);
	}
	f0 = minflt(RUSAGE_SELF);
	expect_status(reap(pid), EXITED(0), "a child rewrites 2048 pages it shares with its parent");
	ok(within(rep->self_after - rep->self_at_start, n, n + SLACK), "one copy-on-write fault per page in the child");
	ok(minflt(RUSAGE_CHILDREN) - c0 >= n, "RUSAGE_CHILDREN has them");
	touch(p, n, 8);
	ok(within(minflt(RUSAGE_SELF) - f0, n, n + SLACK),
	   "the parent's first write to each page after the fork is a fault too");
	ok(read_pages(p, n) == 8 * n, "and its pages hold its own bytes");
	rsys(SYS_munmap, p, n * PAGE);
	rsys(SYS_munmap, shared, PAGE);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	/* 4 KiB faults only: no transparent huge pages (lom has none; ENOSYS is fine) */
	rsys(SYS_prctl, PR_SET_THP_DISABLE, 1, 0, 0, 0);
	probe_init();
	test_basic();
	test_zero_page();
	test_populate();
	test_fork();
	return tap_done();
}
