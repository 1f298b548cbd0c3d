/*
 * user/mmap_test.c - mmap_test: a small and a big malloc come from two
 * different places.
 *
 * malloc(1024) is cut from the heap, the region right above the program
 * that brk grows; malloc(256 KiB) is at or above the mmap threshold
 * (128 KiB), so it gets an anonymous mapping of its own from mmap, high
 * up in the address space.  The program prints both addresses, its
 * /proc/self/maps with an arrow at the line holding each, and where each
 * one lies.  `strace -e brk,mmap mmap_test` shows the two system calls.
 * Runs the same on Linux (the programs carry lom's malloc).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_VMAS 256

struct vma {
	unsigned long start, end;
	char perms[5];
	const char *line; /* the maps line, NUL-terminated */
	int heap, stack;
};

static char maps[65536];
static struct vma vmas[MAX_VMAS];
static int nvmas;

static const struct {
	size_t size;
	const char *name;
} blocks[] = {
	{ 1024, "1 KiB" },
	{ 256 * 1024, "256 KiB" },
};
#define NBLOCKS (sizeof(blocks) / sizeof(blocks[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: mmap_test\n"
		   "  malloc(1024) and malloc(262144), and where each lies in /proc/self/maps:\n"
		   "  the first in the brk heap, the second in a mapping of its own.\n"
		   "  `strace -e brk,mmap mmap_test` shows the system calls behind them.\n");
}

/* /proc/self/maps into maps[] and vmas[]; 0 or -1 (reported) */
static int read_maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t len = 0;
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "mmap_test: /proc/self/maps: %s\n", strerror(errno));
		return -1;
	}
	while (len < sizeof(maps) - 1 && (n = read(fd, maps + len, sizeof(maps) - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "mmap_test: reading /proc/self/maps: %s\n", strerror(errno));
			close(fd);
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	maps[len] = '\0';
	for (char *l = maps, *next; *l && nvmas < MAX_VMAS; l = next) {
		struct vma *v = &vmas[nvmas];

		next = strchr(l, '\n');
		next = next ? (*next = '\0', next + 1) : l + strlen(l);
		if (sscanf(l, "%lx-%lx %4s", &v->start, &v->end, v->perms) != 3)
			continue;
		v->line = l;
		v->heap = strstr(l, "[heap]") != NULL;
		v->stack = strstr(l, "[stack]") != NULL;
		nvmas++;
	}
	return 0;
}

static struct vma *vma_of(unsigned long a)
{
	for (int i = 0; i < nvmas; i++)
		if (a >= vmas[i].start && a < vmas[i].end)
			return &vmas[i];
	return NULL;
}

/* "264 KiB", "127.9 TiB" */
static const char *human(unsigned long bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned long whole = bytes, frac = 0;
	int u = 0;

	while (whole >= 1024 && u < 5) {
		frac = (whole % 1024) * 10 / 1024;
		whole /= 1024;
		u++;
	}
	if (frac && whole < 100)
		snprintf(buf, size, "%lu.%lu %s", whole, frac, unit[u]);
	else
		snprintf(buf, size, "%lu %s", whole, unit[u]);
	return buf;
}

/*
 * The program's image: the lowest mapping and those right after it (gaps
 * under 1 MiB allowed), up to the heap.
 */
static void program_range(unsigned long *start, unsigned long *end)
{
	*start = *end = nvmas ? vmas[0].start : 0;
	for (int i = 0; i < nvmas && !vmas[i].heap && vmas[i].start - *end < (1UL << 20); i++)
		*end = vmas[i].end;
}

static void where(int i, unsigned long a, const struct vma *heap)
{
	const struct vma *v = vma_of(a);
	unsigned long pstart, pend;
	char b1[32], b2[32];

	printf("malloc(%zu): ", blocks[i].size);
	if (!v) {
		printf("in no mapping of /proc/self/maps (?)\n");
		return;
	}
	if (v->heap) {
		program_range(&pstart, &pend);
		printf("in the heap [heap] %lx-%lx (%s), which brk grows;\n", v->start, v->end,
		       human(v->end - v->start, b1, sizeof(b1)));
		if (pend && v->start >= pend)
			printf("    %s above the end of the program (%lx-%lx)\n",
			       human(v->start - pend, b2, sizeof(b2)), pstart, pend);
		return;
	}
	printf("in an anonymous mapping %lx-%lx (%s) made by mmap,\n", v->start, v->end,
	       human(v->end - v->start, b1, sizeof(b1)));
	if (heap)
		printf("    %s %s the heap\n", human(a > heap->end ? a - heap->end : heap->start - a, b2, sizeof(b2)),
		       a > heap->end ? "above" : "below");
	else
		printf("    (this process has no heap mapping)\n");
}

int main(int argc, char **argv)
{
	unsigned long addr[NBLOCKS];
	const struct vma *heap = NULL;

	if (argc > 1) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			usage(stdout);
			return 0;
		}
		fprintf(stderr, "mmap_test: unexpected argument '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < NBLOCKS; i++) {
		void *p = malloc(blocks[i].size);

		if (!p) {
			fprintf(stderr, "mmap_test: malloc(%zu): %s\n", blocks[i].size, strerror(errno));
			return 1;
		}
		addr[i] = (unsigned long)p;
		printf("malloc(%zu)%*s = %#lx\n", blocks[i].size, i ? 0 : 2, "", addr[i]);
	}
	if (read_maps() < 0)
		return 1;

	int width = 0;
	for (int v = 0; v < nvmas; v++)
		if ((int)strlen(vmas[v].line) > width)
			width = (int)strlen(vmas[v].line);
	printf("\n/proc/self/maps:\n");
	for (int v = 0; v < nvmas; v++) {
		int marked = 0;

		for (size_t i = 0; i < NBLOCKS; i++)
			if (addr[i] >= vmas[v].start && addr[i] < vmas[v].end) {
				if (!marked++)
					printf("  %-*s  <-", width, vmas[v].line);
				printf(" malloc(%zu)", blocks[i].size);
			}
		if (!marked)
			printf("  %s", vmas[v].line);
		printf("\n");
		if (vmas[v].heap)
			heap = &vmas[v];
	}
	printf("\n");
	for (size_t i = 0; i < NBLOCKS; i++)
		where((int)i, addr[i], heap);
	printf("strace -e brk,mmap mmap_test shows the brk and the mmap behind them\n");
	for (size_t i = 0; i < NBLOCKS; i++)
		free((void *)addr[i]);
	return fflush(stdout) == EOF;
}
