/*
 * user/vmmap.c - vmmap [--maps] [PID]: a process's address space drawn as
 * the story draws it, then the free physical memory by block order.
 *
 * One box per VMA (line of /proc/PID/maps), highest address first: the
 * stack at the top, the mappings under it, the heap, the program's data
 * and text at the bottom.  Each box gives the VMA's end and start
 * addresses, its size, permissions and name, and how much of it is
 * resident (the Rss: lines of /proc/PID/smaps), with a bar of resident
 * against size; with no smaps (older lom) the residency shows as "?".
 * Boxes grow with the logarithm of their size, a few lines at most, and a
 * dotted line marks each unmapped gap.  Then a chart of /proc/buddyinfo:
 * the buddy allocator's free blocks of each order (2^order pages).
 *
 * Without PID it draws itself, after a malloc(1024) and a malloc(256 KiB)
 * of which it writes the first 64 KiB, so that the picture has a heap, a
 * mapping of its own and a partly resident VMA.  --maps prints the maps
 * text first, for putting the lines next to the boxes.  Runs the same on
 * Linux (where the names of file mappings show too).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

#define MAX_VMAS 1024
#define BOX_W 58 /* inside width of a box */
#define BAR_W 20
#define PAGE 4096UL

struct vma {
	unsigned long start, end;
	char perms[5];
	const char *path; /* the maps name ("" if none), NUL-terminated */
	long rss_kb;      /* -1: unknown */
	char what[40];    /* what the box calls it */
};

static char text[256 << 10]; /* smaps: some 500 bytes per VMA */
static char raw_maps[1 << 16];
static struct vma vmas[MAX_VMAS];
static int nvmas, addr_digits = 8;

static void usage(FILE *f)
{
	fprintf(f, "usage: vmmap [--maps] [PID]\n"
		   "  draw the address space of process PID (default: itself) from\n"
		   "  /proc/PID/maps and smaps, one box per VMA, highest address first,\n"
		   "  then the free blocks per order of /proc/buddyinfo.\n"
		   "  --maps  print the maps lines first\n");
}

/* "132 KiB", "100.0 MiB", "127.9 TiB" */
static const char *human(unsigned long bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned long whole = bytes, rem = 0;
	int u = 0;

	while (whole >= 1024 && u < 6) {
		rem = whole % 1024;
		whole /= 1024;
		u++;
	}
	if (rem && whole < 100)
		snprintf(buf, size, "%lu.%lu %s", whole, rem * 10 / 1024, unit[u]);
	else
		snprintf(buf, size, "%lu %s", whole, unit[u]);
	return buf;
}

/*
 * Parse maps or smaps text: a line "start-end perms offset dev inode [name]"
 * begins a VMA; smaps follows it with "Key: value" lines, of which Rss:
 * is the resident size.  Lines are cut in place.  0, or -1 if no VMA.
 */
static int parse(char *s, int have_rss)
{
	for (char *l = s, *next; *l; l = next) {
		unsigned long a, b, off, ino;
		unsigned dmaj, dmin;
		char perms[5];
		int n = 0;
		long kb;

		next = strchr(l, '\n');
		next = next ? (*next = '\0', next + 1) : l + strlen(l);
		if (sscanf(l, "%lx-%lx %4s %lx %x:%x %lu %n", &a, &b, perms, &off, &dmaj, &dmin, &ino, &n) >= 7 && n) {
			if (nvmas == MAX_VMAS) {
				fprintf(stderr, "vmmap: more than %d mappings: the rest left out\n", MAX_VMAS);
				break;
			}
			struct vma *v = &vmas[nvmas++];
			v->start = a;
			v->end = b;
			memcpy(v->perms, perms, sizeof(perms));
			v->path = l + n;
			v->rss_kb = have_rss ? 0 : -1;
			continue;
		}
		if (nvmas && have_rss && sscanf(l, "Rss: %ld kB", &kb) == 1)
			vmas[nvmas - 1].rss_kb = kb;
	}
	return nvmas ? 0 : -1;
}

/*
 * What to call each VMA.  Named ones keep their name ("[heap]", a file's
 * last component); the program's own image - the lowest mappings, up to
 * the first gap of 1 MiB or the heap - is told apart by permissions.
 */
static void name_vmas(void)
{
	unsigned long image_end = nvmas ? vmas[0].start : 0;

	for (int i = 0; i < nvmas; i++) {
		struct vma *v = &vmas[i];
		const char *slash = strrchr(v->path, '/');
		int in_image = !strstr(v->path, "[heap]") && v->start - image_end < (1UL << 20);
		const char *role = v->perms[2] == 'x' ? "text (code)"
				 : v->perms[1] == 'w' ? "data, bss"
				 : v->perms[0] == 'r' ? "read-only data"
						      : "no access";

		if (in_image)
			image_end = v->end;
		if (v->path[0] == '[')
			snprintf(v->what, sizeof(v->what), "%s", v->path);
		else if (v->path[0] && in_image)
			snprintf(v->what, sizeof(v->what), "%.20s %s", slash ? slash + 1 : v->path, role);
		else if (v->path[0])
			snprintf(v->what, sizeof(v->what), "%.38s", slash ? slash + 1 : v->path);
		else if (in_image)
			snprintf(v->what, sizeof(v->what), "program %s", role);
		else
			snprintf(v->what, sizeof(v->what), "anonymous (mmap)");
		unsigned long top = v->end - 1;
		int digits = 1;
		while (top >>= 4)
			digits++;
		if (digits > addr_digits)
			addr_digits = digits;
	}
}

/* content lines of a box: 2, and one more per factor 8 of pages from 8 up, 5 at most */
static int box_lines(unsigned long bytes)
{
	unsigned long pages = bytes / PAGE;
	int n = 2;

	for (unsigned long p = 8; p <= pages && n < 5; p *= 8)
		n++;
	return n;
}

static void border(unsigned long addr)
{
	char dashes[BOX_W + 1];

	memset(dashes, '-', BOX_W);
	dashes[BOX_W] = '\0';
	printf("%*lx +%s+\n", addr_digits, addr, dashes);
}

static void row(const char *s)
{
	printf("%*s |%-*.*s|\n", addr_digits, "", BOX_W, BOX_W, s);
}

static void gap(unsigned long bytes, const char *why)
{
	char h[32], line[BOX_W + 8];

	snprintf(line, sizeof(line), "unmapped (%s)%s", human(bytes, h, sizeof(h)), why);
	printf("%*s  %*s%s\n", addr_digits, "", (int)(BOX_W - strlen(line)) / 2, "", line);
	printf("%*s  %s\n", addr_digits, "", ".  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .");
}

static void box(const struct vma *v)
{
	char line[BOX_W + 1], h[32], r[32], bar[BAR_W + 1];
	unsigned long size = v->end - v->start;
	int lines = box_lines(size);

	snprintf(line, sizeof(line), " %-30s %s %12s", v->what, v->perms, human(size, h, sizeof(h)));
	row(line);
	if (v->rss_kb < 0) {
		snprintf(line, sizeof(line), " resident ?  (no smaps to tell)");
	} else {
		unsigned long rss = (unsigned long)v->rss_kb * 1024;
		int fill = size ? (int)((rss * BAR_W + size / 2) / size) : 0;

		if (rss && !fill)
			fill = 1;
		if (fill > BAR_W)
			fill = BAR_W;
		memset(bar, '#', (size_t)fill);
		memset(bar + fill, '.', (size_t)(BAR_W - fill));
		bar[BAR_W] = '\0';
		snprintf(line, sizeof(line), " resident %10s [%s] %3lu%%", human(rss, r, sizeof(r)), bar,
			 size ? rss * 100 / size : 0);
	}
	row(line);
	for (int i = 2; i < lines; i++)
		row("");
}

static void draw(void)
{
	unsigned long mapped = 0, resident = 0;
	int rss_known = 1;

	for (int i = nvmas - 1; i >= 0; i--) {
		const struct vma *v = &vmas[i];

		if (i == nvmas - 1 || v->end != vmas[i + 1].start) {
			if (i != nvmas - 1) {
				border(vmas[i + 1].start);
				/* x86-64: user addresses end at 2^47, kernel ones start at 2^64 - 2^47 */
				gap(vmas[i + 1].start - v->end, vmas[i + 1].start >> 47 && !(v->end >> 47)
									? ", with the non-canonical hole"
									: "");
			}
			border(v->end);
		} else {
			border(v->end);
		}
		box(v);
		mapped += v->end - v->start;
		if (v->rss_kb < 0)
			rss_known = 0;
		else
			resident += (unsigned long)v->rss_kb * 1024;
	}
	if (nvmas) {
		border(vmas[0].start);
		gap(vmas[0].start, ": address 0 is never mapped, so NULL faults");
		printf("%*lx\n", addr_digits, 0UL);
	}
	char m[32], r[32];
	printf("%d mappings, %s mapped", nvmas, human(mapped, m, sizeof(m)));
	if (rss_known)
		printf(", %s resident", human(resident, r, sizeof(r)));
	printf("\n");
}

/* /proc/buddyinfo as bars: "Node 0, zone   Normal  c0 c1 ... c10" */
static void buddy_chart(void)
{
	static char buf[8192];

	if (read_file("/proc/buddyinfo", buf, sizeof(buf)) < 0) {
		printf("\n(no /proc/buddyinfo: %s)\n", strerror(errno));
		return;
	}
	printf("\nfree physical memory, /proc/buddyinfo: the buddy allocator's free blocks of 2^order pages\n");
	for (char *l = buf, *next; *l; l = next) {
		unsigned long count[16], max = 0, free_kb = 0;
		char zone[32], h[32];
		int node, n = 0, off = 0, k;

		next = strchr(l, '\n');
		next = next ? (*next = '\0', next + 1) : l + strlen(l);
		if (sscanf(l, "Node %d, zone %31s%n", &node, zone, &off) != 2)
			continue;
		for (l += off; n < 16 && sscanf(l, "%lu%n", &count[n], &k) == 1; l += k, n++) {
			if (count[n] > max)
				max = count[n];
			free_kb += count[n] * (PAGE / 1024) << n;
		}
		printf("  node %d, zone %s: %s free\n", node, zone, human(free_kb * 1024, h, sizeof(h)));
		printf("    order %10s %8s\n", "block", "free");
		for (int o = 0; o < n; o++) {
			int w = max ? (int)((count[o] * 40 + max - 1) / max) : 0;
			char bar[41];

			memset(bar, '#', (size_t)w);
			bar[w] = '\0';
			printf("    %5d %10s %8lu%s%s\n", o, human((PAGE << o), h, sizeof(h)), count[o], w ? " " : "", bar);
		}
	}
}

/* kept: a block nothing reads again is one the compiler may never write */
static char *volatile self_blocks[2];

/* The memory that makes vmmap's own picture worth looking at (see the top). */
static int populate_self(void)
{
	char *small = self_blocks[0] = malloc(1024), *big = self_blocks[1] = malloc(256 * 1024);

	if (!small || !big) {
		fprintf(stderr, "vmmap: malloc: %s\n", strerror(errno));
		return -1;
	}
	memset(small, 1, 1024);
	memset(big, 1, 64 * 1024);
	return 0;
}

int main(int argc, char **argv)
{
	const char *pid = NULL;
	int show_maps = 0;
	char path[64], self_note[128] = "";

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--maps")) {
			show_maps = 1;
		} else if (!pid && argv[i][0] && strspn(argv[i], "0123456789") == strlen(argv[i]) &&
			   strlen(argv[i]) < 12) {
			pid = argv[i];
		} else {
			fprintf(stderr, "vmmap: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (!pid) {
		if (populate_self() < 0)
			return 1;
		snprintf(self_note, sizeof(self_note),
			 " (itself, after malloc(1024) and malloc(256 KiB), 64 KiB of it written)");
	}
	const char *dir = pid ? pid : "self";
	snprintf(path, sizeof(path), "/proc/%s/maps", dir);
	if (read_file(path, raw_maps, sizeof(raw_maps)) < 0) {
		if (errno == ENOENT && pid && access("/proc/self/maps", R_OK) == 0 &&
		    access("/proc/1/maps", F_OK) == 0)
			fprintf(stderr, "vmmap: no process %s\n", pid);
		else if (errno == ENOENT && pid)
			fprintf(stderr, "vmmap: %s: %s (this kernel has no per-process /proc directories)\n",
				path, strerror(errno));
		else
			fprintf(stderr, "vmmap: %s: %s\n", path, strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/%s/smaps", dir);
	int have_smaps = read_file(path, text, sizeof(text)) >= 0;
	printf("address space of pid %d%s, from /proc/%s/%s\n", pid ? atoi(pid) : (int)getpid(), self_note, dir,
	       have_smaps ? "smaps" : "maps (no smaps here: residency unknown)");
	if (show_maps)
		printf("%s\n", raw_maps);
	if (!have_smaps)
		memcpy(text, raw_maps, sizeof(raw_maps));
	if (parse(text, have_smaps) < 0) {
		fprintf(stderr, "vmmap: %s: no mappings in it\n", path);
		return 1;
	}
	name_vmas();
	draw();
	buddy_chart();
	return fflush(stdout) == EOF;
}
