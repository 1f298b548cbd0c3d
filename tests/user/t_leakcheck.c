/*
 * tests/user/t_leakcheck.c - run a program and check that it left no
 * memory behind (lom only: the harness wraps each test program on lom in it).
 *
 *   t_leakcheck PROG [ARGS...]
 *
 * Reads /proc/meminfo before and after PROG (run as a child, stdout and
 * stderr untouched, so its output can still be compared with Linux's):
 * free pages (MemFree + PerCPULists), slab pages (Slab) and kernel objects
 * (SlabObjects) must all be back where they were (or better: something
 * else may have freed memory meanwhile).  Children the program left
 * behind may still be exiting, so the check is repeated for up to two
 * seconds before it reports.  The checker's own memory must not move in
 * between: it starts PROG with vfork (no copy-on-write of its pages), reads
 * into a static buffer, and its stack is touched before the first reading.  Exit status: PROG's own (128+N for a signal)
 * when nothing leaked, else 99 with a "# leak:" line on stderr.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct mem {
	long free_kb, slab_kb, objects;
};

static long field(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	return p ? atol(p + strlen(name)) : -1;
}

static char buf[4096];

static struct mem snapshot(void)
{
	int fd = open("/proc/meminfo", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	struct mem m;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	m.free_kb = field(buf, "MemFree:") + field(buf, "PerCPULists:");
	m.slab_kb = field(buf, "Slab:");
	m.objects = field(buf, "SlabObjects:");
	return m;
}

static int nothing_lost(struct mem before, struct mem after)
{
	return after.free_kb >= before.free_kb && after.slab_kb <= before.slab_kb && after.objects <= before.objects;
}

/* Touch 64 KiB of stack now, so that no later call grows it. */
static void __attribute__((noinline)) touch_stack(void)
{
	volatile char pad[65536];

	for (size_t i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: t_leakcheck PROG [ARGS...]\n");
		return 2;
	}
	touch_stack();
	struct mem before = snapshot(), after;
	if (before.free_kb < 0 || before.objects < 0) {
		fprintf(stderr, "# leak: cannot read MemFree/SlabObjects from /proc/meminfo\n");
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
		after = snapshot();
		if (nothing_lost(before, after))
			return code;
		if (tries == 20)
			break;
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "# leak: %s: free %+ld kB, slab %+ld kB, objects %+ld\n", argv[1],
		after.free_kb - before.free_kb, after.slab_kb - before.slab_kb, after.objects - before.objects);
	return 99;
}
