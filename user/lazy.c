/*
 * user/lazy.c - lazy [--auto] [MiB]: memory is given lazily.  The seed
 * program of the story.
 *
 * Mallocs MiB mebibytes (100 by default), waits, writes one byte into
 * every page of the block, waits again.  malloc only reserves address
 * space: the process's virtual size (VSZ) grows by the block at once,
 * but its resident set (RSS) grows only when the pages are touched, one
 * page fault at a time.
 *
 * Without --auto it prints its pid and waits for Enter at each step, so
 * that `ps -o pid,vsz,rss,comm -p PID` in another terminal can watch it.
 * lom has a single console, so --auto does not wait: it prints its own
 * ps-style line (from /proc/self/statm, in kB as ps shows) and the Vm
 * lines of /proc/self/status before the malloc, after it and after the
 * touch.  Runs the same on Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

#define MAX_MIB (1UL << 20) /* 1 TiB: more is surely a typo */

struct usage {
	unsigned long vsz_kb, rss_kb; /* /proc/self/statm, pages -> kB */
	char vm[256];                 /* "VmSize: 292 kB  VmRSS: 80 kB ..." */
};

static char comm[64] = "lazy";
static long page_kb = 4;

static void usage(FILE *f)
{
	fprintf(f, "usage: lazy [--auto] [MiB]\n"
		   "  malloc MiB mebibytes (default 100), then write one byte per page;\n"
		   "  VSZ grows at the malloc, RSS only at the touch.\n"
		   "  --auto  do not wait for Enter: print ps-style lines and the Vm lines\n"
		   "          of /proc/self/status between the steps\n");
}

/* Append "Name: N kB  " for each of the wanted lines of status to out. */
static void vm_lines(const char *status, char *out, size_t size)
{
	static const char *const want[] = { "VmSize", "VmRSS", "RssAnon", "VmData" };
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		size_t n = strlen(want[i]);
		unsigned long kb;

		for (const char *l = status; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
			if (!strncmp(l, want[i], n) && l[n] == ':' && sscanf(l + n + 1, "%lu", &kb) == 1) {
				int w = snprintf(out + len, size - len, "%s%s: %lu kB", len ? "  " : "", want[i], kb);

				if (w > 0 && (size_t)w < size - len)
					len += (size_t)w;
				break;
			}
		}
	}
}

static int measure(struct usage *u)
{
	char buf[4096];
	unsigned long size, resident;

	if (read_file("/proc/self/statm", buf, sizeof(buf)) < 0) {
		fprintf(stderr, "lazy: /proc/self/statm: %s\n", strerror(errno));
		return -1;
	}
	if (sscanf(buf, "%lu %lu", &size, &resident) != 2) {
		fprintf(stderr, "lazy: /proc/self/statm: unexpected text\n");
		return -1;
	}
	u->vsz_kb = size * page_kb;
	u->rss_kb = resident * page_kb;
	if (read_file("/proc/self/status", buf, sizeof(buf)) < 0) {
		fprintf(stderr, "lazy: /proc/self/status: %s\n", strerror(errno));
		return -1;
	}
	vm_lines(buf, u->vm, sizeof(u->vm));
	return 0;
}

/* The ps -o pid,vsz,rss,comm lines, and the status ones, for u. */
static void show(const struct usage *u)
{
	printf("    %7s %9s %9s %s\n", "PID", "VSZ", "RSS", "COMMAND");
	printf("    %7d %9lu %9lu %s\n", (int)getpid(), u->vsz_kb, u->rss_kb, comm);
	printf("    /proc/self/status: %s\n", u->vm);
}

static void show_change(const struct usage *a, const struct usage *b)
{
	printf("  VSZ %+ld kB, RSS %+ld kB\n", (long)(b->vsz_kb - a->vsz_kb), (long)(b->rss_kb - a->rss_kb));
	show(b);
}

/* Wait for a line on stdin (end of input: go on at once). */
static void pause_for(const char *what)
{
	int c;

	printf("press Enter to %s ", what);
	fflush(stdout);
	do
		c = getchar();
	while (c != EOF && c != '\n');
	if (c == EOF)
		printf("(end of input)\n");
	else if (!isatty(0))
		printf("\n"); /* no echo of the Enter */
}

static int parse_args(int argc, char **argv, int *autorun, unsigned long *mib)
{
	int have_size = 0;

	for (int i = 1; i < argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(argv[i], "--auto")) {
			*autorun = 1;
		} else if (argv[i][0] >= '0' && argv[i][0] <= '9' && !have_size) {
			errno = 0;
			*mib = strtoul(argv[i], &end, 10);
			if (errno || *end || *mib == 0 || *mib > MAX_MIB) {
				fprintf(stderr, "lazy: invalid size '%s' (MiB, 1 to %lu)\n", argv[i], MAX_MIB);
				return -1;
			}
			have_size = 1;
		} else {
			fprintf(stderr, "lazy: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int autorun = 0;
	unsigned long mib = 100;
	struct usage before, allocated, touched;
	long page = sysconf(_SC_PAGESIZE);

	if (parse_args(argc, argv, &autorun, &mib) < 0)
		return 2;
	if (page <= 0)
		page = 4096;
	page_kb = page / 1024;
	if (read_file("/proc/self/comm", comm, sizeof(comm)) > 0)
		comm[strcspn(comm, "\n")] = '\0';

	size_t size = mib << 20;
	printf("lazy: pid %d: malloc %lu MiB, then touch every page of it\n", (int)getpid(), mib);
	if (!autorun) {
		printf("  watch it from another terminal: ps -o pid,vsz,rss,comm -p %d\n", (int)getpid());
		pause_for("malloc");
	} else {
		if (measure(&before) < 0)
			return 1;
		printf("before malloc:\n");
		show(&before);
	}

	volatile char *p = malloc(size);
	if (!p) {
		fprintf(stderr, "lazy: malloc(%zu): %s\n", size, strerror(errno));
		return 1;
	}
	printf("malloc(%zu) = %p: address space reserved, no page given yet\n", size, (void *)p);
	if (!autorun) {
		pause_for("write one byte into each page");
	} else {
		if (measure(&allocated) < 0)
			return 1;
		printf("after malloc:\n");
		show_change(&before, &allocated);
	}

	for (size_t off = 0; off < size; off += (size_t)page)
		p[off] = 1;
	printf("wrote one byte every %ld bytes, %zu writes: the first write to a page faults it in\n", page,
	       (size + (size_t)page - 1) / (size_t)page);
	if (!autorun) {
		pause_for("exit");
	} else {
		if (measure(&touched) < 0)
			return 1;
		printf("after touching:\n");
		show_change(&allocated, &touched);
	}
	free((void *)p);
	return fflush(stdout) == EOF;
}
