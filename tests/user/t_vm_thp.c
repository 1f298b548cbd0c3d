/*
 * tests/user/t_vm_thp.c - transparent huge pages (lom only: whether Linux
 * gives a huge page depends on its configuration and fragmentation).
 *
 * With the default policy (madvise), a write into a 2 MiB-aligned range
 * of a MADV_HUGEPAGE mapping maps one 2 MiB page: RSS grows by 512 pages
 * at once and /proc/vmstat's thp_fault_alloc by one.  Unmapping a page in
 * the middle, mprotect of part of it, PROT_NONE, mremap and fork split it
 * (thp_split_page) and every other byte stays where it was.
 */
#define _GNU_SOURCE
#include "tap.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL
#define HUGE (2UL << 20)

static long vmstat(const char *name)
{
	static char buf[8192];
	int fd = open("/proc/vmstat", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	size_t len = strlen(name);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ' ')
			return atol(p + len + 1);
	return -1;
}

static long rss_pages(void)
{
	char buf[128];
	int fd = open("/proc/self/statm", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	long size, rss;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return sscanf(buf, "%ld %ld", &size, &rss) == 2 ? rss : -1;
}

/* A MADV_HUGEPAGE mapping with n aligned huge ranges; returns the first. */
static char *huge_area(int n)
{
	char *p = mmap(NULL, (n + 1) * HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	char *a = (char *)(((unsigned long)p + HUGE - 1) & ~(HUGE - 1));
	if (madvise(a, n * HUGE, MADV_HUGEPAGE))
		return NULL;
	return a;
}

static int pattern_ok(const char *a, unsigned long from, unsigned long to)
{
	for (unsigned long off = from; off < to; off += PAGE)
		if (a[off] != (char)(off / PAGE) || a[off + 100] != 0)
			return 0;
	return 1;
}

static void fill(char *a, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += PAGE)
		a[off] = (char)(off / PAGE);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, 17);

	long allocs = vmstat("thp_fault_alloc"), splits = vmstat("thp_split_page");
	ok(allocs >= 0 && splits >= 0, "/proc/vmstat has thp_fault_alloc and thp_split_page");

	char *a = huge_area(3);
	ok(a != NULL, "a MADV_HUGEPAGE mapping of 3 aligned huge ranges");
	if (!a)
		return tap_done();
	long rss0 = rss_pages();
	a[0] = 0;
	ok(rss_pages() - rss0 == 512, "one write: RSS grows by 512 pages (one 2 MiB page)");
	expect_eq(vmstat("thp_fault_alloc") - allocs, 1, "thp_fault_alloc counted it");
	fill(a, 3 * HUGE);
	expect_eq(vmstat("thp_fault_alloc") - allocs, 3, "three ranges, three huge pages");
	ok(pattern_ok(a, 0, 3 * HUGE), "every page reads back what was written");

	/* a hole in the middle of the first: split, the rest intact */
	ok(munmap(a + 5 * PAGE, PAGE) == 0, "munmap of one page inside a huge page");
	ok(vmstat("thp_split_page") - splits >= 1, "it was split");
	ok(pattern_ok(a, 0, 5 * PAGE) && pattern_ok(a, 6 * PAGE, HUGE), "the other 511 pages keep their bytes");
	ok(rss_pages() - rss0 == 3 * 512 - 1, "RSS: one page less");

	/* mprotect of part of the second */
	ok(mprotect(a + HUGE, 16 * PAGE, PROT_READ) == 0 && pattern_ok(a, HUGE, 2 * HUGE),
	   "mprotect of 16 pages of the second: split, bytes kept");
	a[HUGE + 16 * PAGE + 1] = 0; /* still writable past the read-only part */
	ok(a[HUGE + 16 * PAGE + 1] == 0, "the pages after the read-only part stay writable");

	/* fork: the child sees the bytes, its writes stay its own */
	pid_t pid = fork();
	if (pid == 0) {
		int good = pattern_ok(a, 2 * HUGE, 3 * HUGE);
		a[2 * HUGE] = 99;
		_exit(good ? 0 : 1);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child sees the third huge page's bytes");
	ok(a[2 * HUGE] == 0 && pattern_ok(a, 2 * HUGE, 3 * HUGE), "its write did not reach the parent");

	/* mremap moves a huge range */
	char *b = mremap(a + 2 * HUGE, HUGE, 2 * HUGE, MREMAP_MAYMOVE);
	ok(b != MAP_FAILED && pattern_ok(b, 0, HUGE), "mremap keeps the bytes of a (split) huge page");

	/* PR_SET_THP_DISABLE: no more huge pages */
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	char *c = huge_area(1);
	long before = vmstat("thp_fault_alloc");
	if (c)
		c[0] = 1;
	ok(c && vmstat("thp_fault_alloc") == before, "after PR_SET_THP_DISABLE a write maps 4 KiB");
	ok(munmap(a, HUGE) == 0 && (b == MAP_FAILED || munmap(b, 2 * HUGE) == 0), "all unmapped");
	return tap_done();
}
