/*
 * tests/user/t_leak.c - process creation must not leak memory (lom only:
 * Linux's free page count moves for reasons of its own).
 *
 * Free memory is read from /proc/meminfo as MemFree + PerCPULists (free
 * pages in the buddy allocator and parked on per-CPU lists) and the pages
 * held by kernel slabs.  After a warm-up, 1000 fork+exit cycles, fork+
 * execve cycles and pipe-creating children must leave both exactly as
 * they were: every page of every address space, page table, kernel stack,
 * task, file and pipe came back.
 */
#include "tap.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static long field(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	return p ? atol(p + strlen(name)) : -1;
}

/* free kB and slab kB, from one snapshot */
static void meminfo(long *free_kb, long *slab_kb)
{
	char buf[4096]; /* the whole of /proc/meminfo: PerCPULists is near its end */
	int fd = open("/proc/meminfo", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	*free_kb = field(buf, "MemFree:") + field(buf, "PerCPULists:");
	*slab_kb = field(buf, "Slab:");
}

static int cycles(const char *kind, int n)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			if (!strcmp(kind, "exec")) {
				char *argv[] = { "true", NULL };
				execve("/bin/true", argv, NULL);
				_exit(127);
			}
			if (!strcmp(kind, "pipe")) {
				int p[2];
				if (pipe(p) || write(p[1], "x", 1) != 1)
					_exit(1);
				char *big = malloc(300000); /* brk or mmap, touched */
				memset(big, 1, 300000);
			}
			_exit(i & 0x7f);
		}
		int st;
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
			bad++;
		else if (strcmp(kind, "exec") && WEXITSTATUS(st) != (i & 0x7f))
			bad++;
	}
	return bad;
}

int main(int argc, char **argv)
{
	long free0, slab0, free1, slab1;

	tap_init(argc, argv, 8);
	ok(cycles("fork", 20) == 0 && cycles("exec", 5) == 0 && cycles("pipe", 5) == 0, "warm-up");
	meminfo(&free0, &slab0);
	ok(free0 > 0 && slab0 >= 0, "/proc/meminfo has MemFree, PerCPULists and Slab");

	ok(cycles("fork", 1000) == 0, "1000 fork+exit cycles, each status right");
	meminfo(&free1, &slab1);
	tap_expect_eq(free1, free0, "free pages after 1000 fork+exit: unchanged (kB)");
	tap_expect_eq(slab1, slab0, "slab pages after 1000 fork+exit: unchanged (kB)");

	ok(cycles("exec", 100) == 0 && cycles("pipe", 100) == 0, "100 fork+execve and 100 pipe+malloc children");
	meminfo(&free1, &slab1);
	tap_expect_eq(free1, free0, "free pages after those: unchanged (kB)");
	tap_expect_eq(slab1, slab0, "slab pages after those: unchanged (kB)");
	return tap_done();
}
