/*
 * tests/user/t_vm_oom.c - for the OOM test (lom only, on a machine with
 * 128 MiB of RAM): touch more anonymous memory than there is, page by
 * page, until the OOM killer kills the process with SIGKILL.
 *
 *   t_vm_oom [MIB]     the victim: prints one line, maps MIB MiB (default
 *                      1024) in 16 MiB pieces (each passes the mode-0
 *                      heuristic), writes every page; if it ever gets to
 *                      the end it says so and exits 1 (exit 2: an mmap
 *                      failed, which is not what an OOM kill looks like).
 *   t_vm_oom check     a TAP program: warms up, reads MemFree and
 *                      PerCPULists from /proc/meminfo, runs the victim in
 *                      a child, which must die of SIGKILL, then checks
 *                      that free memory came back to within 64 pages of
 *                      before, and that a second child can use memory
 *                      again (touch 16 MiB and exit 0).
 *
 * As a shell test (MEM=128M):
 *   /tests/bin/t_vm_oom; echo "oom: $?"; echo "the shell is still here"
 * must print "oom: 137" (128 + SIGKILL), "Killed" on stderr, and the
 * shell must carry on.
 */
#include <sys/mman.h>

#include "tap.h"

#define PAGE 4096UL
#define MiB (1UL << 20)
#define CHUNK (16 * MiB)

static void say(const char *s)
{
	tap_write(s, strlen(s));
}

/* touch mib MiB; returns only if that worked (1) or an mmap failed (2) */
static int victim(long mib)
{
	long done;

	for (done = 0; done < mib; done += CHUNK / MiB) {
		char *p = (char *)rsys(SYS_mmap, 0, CHUNK, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		size_t off;

		if ((unsigned long)p > -4096UL)
			return 2;
		for (off = 0; off < CHUNK; off += PAGE)
			((volatile char *)p)[off] = 1;
	}
	return 1;
}

static char text[8192];

/* MemFree + PerCPULists in kB, -1 if missing */
static long free_kb(void)
{
	long fd = rsys(SYS_open, "/proc/meminfo", O_RDONLY), n, v = 0;
	const char *names[] = { "\nMemFree:", "\nPerCPULists:" };
	int i;

	if (fd < 0)
		return -1;
	text[0] = '\n';
	n = read_all(fd, text + 1, sizeof(text) - 2);
	rsys(SYS_close, fd);
	text[n > 0 ? n + 1 : 1] = 0;
	for (i = 0; i < 2; i++) {
		char *p = strstr(text, names[i]);

		if (!p) {
			if (i == 0)
				return -1;
			continue; /* PerCPULists is lom's own */
		}
		v += strtol(p + strlen(names[i]), NULL, 10);
	}
	return v;
}

static int small(void *arg)
{
	(void)arg;
	return victim(16) == 1 ? 0 : 1;
}

static int big(void *arg)
{
	(void)arg;
	return victim(1024) + 10;
}

static int check(char **argv)
{
	long before, after;
	int st;

	tap_init(1, argv, 5);
	st = in_child(small, NULL);
	expect_status(st, EXITED(0), "warm-up: a child touches 16 MiB and exits");
	before = free_kb();
	ok(before > 0, "/proc/meminfo has MemFree");
	st = in_child(big, NULL);
	expect_status(st, KILLED(SIGKILL), "a child touching 1 GiB is killed by SIGKILL");
	after = free_kb();
	ok(after >= before - 64 * 4 && after <= before + 64 * 4,
	   "free memory came back to within 64 pages of before");
	st = in_child(small, NULL);
	expect_status(st, EXITED(0), "another child can touch 16 MiB again");
	return tap_done();
}

int main(int argc, char **argv)
{
	long mib = 1024;

	if (argc > 1 && !strcmp(argv[1], "check"))
		return check(argv);
	if (argc > 1)
		mib = atol(argv[1]);
	say("t_vm_oom: touching memory until the OOM killer comes\n");
	switch (victim(mib)) {
	case 1:
		say("t_vm_oom: touched it all, not killed\n");
		return 1;
	default:
		say("t_vm_oom: mmap failed\n");
		return 2;
	}
}
