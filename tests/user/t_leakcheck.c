/*
 * tests/user/t_leakcheck.c - run a program and check that it left no
 * memory behind (lom only: the harness wraps each test program on lom in it).
 *
 *   t_leakcheck PROG [ARGS...]
 *
 * Reads /proc/meminfo and /proc/slabinfo before and after PROG (run as a
 * child, stdout and stderr untouched, so its output can still be compared
 * with Linux's): free pages (MemFree + PerCPULists), slab pages (Slab),
 * kernel objects (SlabObjects) and the objects in use in each cache
 * (slabinfo's active_objs) must all be back where they were (or better:
 * something else may have freed memory meanwhile).  Per cache, an object
 * left in one cache is caught even when another cache happens to have
 * freed one meanwhile; the "# leak:" line names the caches that grew.
 * Children the program left
 * behind may still be exiting, so the check is repeated for up to two
 * seconds before it reports.  The checker's own memory must not move in
 * between: it starts PROG with vfork (no copy-on-write of its pages), reads
 * and parses into static buffers (no malloc), and its stack is touched
 * before the first reading.  Exit status: PROG's own (128+N for a signal)
 * when nothing leaked, else 99 with a "# leak:" line on stderr.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CACHES 128

struct cache {
	char name[32];
	long active;
};

struct mem {
	long free_kb, slab_kb, objects;
	int nr_caches; /* -1: /proc/slabinfo could not be read */
	struct cache caches[MAX_CACHES];
};

static long field(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	return p ? atol(p + strlen(name)) : -1;
}

static char buf[16384];
static struct mem before, after;

/* path's text in buf (NUL-terminated); its length, or -1 */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n = 0, k;

	if (fd < 0) {
		buf[0] = '\0';
		return -1;
	}
	while (n < (long)sizeof(buf) - 1 && (k = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += k;
	close(fd);
	buf[n] = '\0';
	return n;
}

/* slabinfo's cache lines: "name active_objs num_objs ..." after two header lines */
static int parse_slabinfo(struct cache *caches)
{
	char *l = strchr(buf, '\n');
	int n = 0;

	if (strncmp(buf, "slabinfo - version: 2.1\n", 24) || !l || !(l = strchr(l + 1, '\n')))
		return -1;
	for (l++; *l && n < MAX_CACHES; n++) {
		char *end = strchr(l, '\n'), *sp = strchr(l, ' ');
		if (!end || !sp || sp > end || sp - l >= (long)sizeof(caches[n].name))
			return -1;
		memcpy(caches[n].name, l, sp - l);
		caches[n].name[sp - l] = '\0';
		caches[n].active = strtol(sp, NULL, 10);
		l = end + 1;
	}
	return n;
}

static void snapshot(struct mem *m)
{
	slurp("/proc/meminfo");
	m->free_kb = field(buf, "MemFree:") + field(buf, "PerCPULists:");
	m->slab_kb = field(buf, "Slab:");
	m->objects = field(buf, "SlabObjects:");
	m->nr_caches = slurp("/proc/slabinfo") < 0 ? -1 : parse_slabinfo(m->caches);
}

/* How many more objects cache c of after has in use than before (a new cache: all of them). */
static long grew(const struct cache *c)
{
	for (int i = 0; i < before.nr_caches; i++)
		if (!strcmp(before.caches[i].name, c->name))
			return c->active - before.caches[i].active;
	return c->active;
}

static int nothing_lost(void)
{
	if (after.free_kb < before.free_kb || after.slab_kb > before.slab_kb || after.objects > before.objects ||
	    after.nr_caches < 0)
		return 0;
	for (int i = 0; i < after.nr_caches; i++)
		if (grew(&after.caches[i]) > 0)
			return 0;
	return 1;
}

/* Touch every page of p now, so that no later write faults one in. */
static void touch(volatile char *p, size_t size)
{
	for (size_t i = 0; i < size; i += 4096)
		p[i] = 0;
	p[size - 1] = 0;
}

/* Touch 64 KiB of stack and the static buffers now. */
static void __attribute__((noinline)) touch_stack(void)
{
	volatile char pad[65536];

	touch(pad, sizeof(pad));
	touch((volatile char *)buf, sizeof(buf));
	touch((volatile char *)&before, sizeof(before));
	touch((volatile char *)&after, sizeof(after));
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: t_leakcheck PROG [ARGS...]\n");
		return 2;
	}
	touch_stack();
	snapshot(&before);
	if (before.free_kb < 0 || before.objects < 0 || before.nr_caches < 0) {
		fprintf(stderr, "# leak: cannot read MemFree/SlabObjects from /proc/meminfo or the caches from /proc/slabinfo\n");
		return 99;
	}
	pid_t pid = vfork();
	if (pid < 0) {
		perror("t_leakcheck: vfork");
		return 99;
	}
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	int status = 0;
	if (waitpid(pid, &status, 0) != pid) {
		perror("t_leakcheck: waitpid");
		return 99;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	for (int tries = 0;; tries++) {
		snapshot(&after);
		if (nothing_lost())
			return code;
		if (tries == 20)
			break;
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "# leak: %s: free %+ld kB, slab %+ld kB, objects %+ld", argv[1],
		after.free_kb - before.free_kb, after.slab_kb - before.slab_kb, after.objects - before.objects);
	const char *sep = "; caches grown:";
	for (int i = 0; i < after.nr_caches; i++) {
		long d = grew(&after.caches[i]);
		if (d > 0) {
			fprintf(stderr, "%s %s %+ld", sep, after.caches[i].name, d);
			sep = ",";
		}
	}
	fprintf(stderr, "%s\n", after.nr_caches < 0 ? "; /proc/slabinfo unreadable" : "");
	return 99;
}
