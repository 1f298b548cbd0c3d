/*
 * tests/user/t_syzbugs.c - regression tests for the kernel bugs that
 * syzlite (user/syzlite/, `make fuzz-kernel`) found in lom, one block per
 * bug, each named after it.  Every check runs where a kernel bug can only
 * kill a child (reported as its wait status, with a timeout for a hang),
 * and prints the same bytes on Linux and on lom.
 *
 * Usage: t_syzbugs [ROOT]
 */
#include <stdint.h>
#include <sys/mman.h>

#include "tap.h"

#define PLAN 8

#include "vm.h"

#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#endif

/* the child's verdict: 0 all good, else the number of the failed step */
static int child_verdict(int (*fn)(void *), void *arg, long timeout_ms)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	return pid < 0 ? -1 : reap_timeout(pid, timeout_ms);
}

/*
 * Bug 1: mremap() with an old length that runs past the user half
 * (addr + old_len beyond 0x7ffffffff000, or wrapping) shrank the mapping by
 * unmapping everything from addr + new_len up - the program's own stack
 * and text - and walked the non-canonical hole for seconds on the way.
 * Linux refuses it with EINVAL.
 */
static int mremap_huge_old_len(void *arg)
{
	static const uint64_t lens[] = { 0xce2eb4be4adb8c36ull, 0x800000000000ull, 0xfffffffffffff000ull,
					 0xffffffffffffffffull };
	char *p = map(0, 4 * PAGE, RW, ANON);
	(void)arg;

	if (bad_map(p))
		return 1;
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		if (rsys(SYS_mremap, p, lens[i], PAGE, 0, 0) != -EINVAL)
			return 2 + (int)i;
		if (rsys(SYS_mremap, p, lens[i], PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, 0x200000000000ul) != -EINVAL)
			return 6 + (int)i;
	}
	/* past the end by one page */
	uint64_t past = 0x7ffffffff000ull - (uint64_t)p + PAGE;
	if (rsys(SYS_mremap, p, past, PAGE, 0, 0) != -EINVAL)
		return 10;
	p[3 * PAGE] = 1; /* the mapping is whole, and so are we */
	return 0;
}

/*
 * Bug 2: /proc/PID/smaps counted a VMA's pages by looking up every page of
 * it, page-table levels that do not exist included: reading the smaps of
 * a process with a big sparse mapping (8 TiB of MAP_NORESERVE here) kept
 * a CPU busy for hours with the mm locked, and SIGKILL could not stop it.
 * It must cost the page tables that exist, not the address space.
 */
static int smaps_sparse(void *arg)
{
	char buf[4096];
	(void)arg;

	char *p = map(0, 8ul << 40, PROT_NONE, ANON | MAP_NORESERVE);
	if (bad_map(p))
		return 1;
	p = map(p + (4ul << 40), PAGE, RW, ANON | MAP_FIXED); /* one page in the middle, touched */
	if (bad_map(p))
		return 2;
	p[0] = 1;
	int fd = open("/proc/self/smaps", O_RDONLY);
	if (fd < 0)
		return 3;
	long n, total = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	close(fd);
	return n == 0 && total > 0 ? 0 : 4;
}

/*
 * Bug 3: MAP_POPULATE (and MADV_POPULATE_*) faulted a range in page by
 * page without looking for a SIGKILL.  Read-only private memory is not
 * charged to overcommit and maps the zero page, so a 256 GiB read-only
 * MAP_POPULATE kept the process in the kernel, deaf to SIGKILL, until its
 * page tables had eaten all memory.  A pending SIGKILL now stops it.
 */
static void populate_forever(void)
{
	map(0, 256ul << 30, PROT_READ, ANON | MAP_NORESERVE | MAP_POPULATE);
	for (;;)
		pause();
}

/*
 * Bug 4: the kernel is not preemptible, and MAP_POPULATE held the CPU (and
 * the mm's lock) for as long as it took.  With one such populate per CPU
 * nothing else ran for half a minute - not even the process that would
 * kill them.  populate now lets the scheduler in when the tick asks.
 */
static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 if all were killed within 10 s of their start (Linux: well under one) */
static int populate_everywhere(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN) + 1, start = now_ms();
	pid_t pids[9];

	if (n < 2 || n > 9)
		n = n < 2 ? 2 : 9;
	for (long i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			populate_forever();
	}
	msleep(300);
	for (long i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	int all = 1;
	for (long i = 0; i < n; i++)
		if (pids[i] > 0 && reap_timeout(pids[i], 10000) != KILLED(SIGKILL))
			all = 0;
	if (now_ms() - start > 10000)
		all = 0;
	return all;
}

/*
 * Bug 5: a SIGKILL sent to a process group while one of its processes
 * was in fork() missed the new child: it was linked into the group after
 * the signal went round, and lived on, paused, reparented to init - a
 * process and its memory lost for good (syzlite's leak check).  fork must
 * give up when a fatal signal is pending (Linux: copy_process).
 *
 * A forker in a session of its own (32 MiB touched, so that fork takes a
 * while) forks pausing children as fast as it can; the whole group is
 * killed; nothing of the group may survive.
 */
static void fork_forever(void)
{
	setsid();
	char *p = map(0, 32 << 20, RW, ANON);
	if (!bad_map(p))
		for (size_t i = 0; i < (32 << 20); i += PAGE)
			p[i] = 1;
	for (;;)
		if (fork() == 0)
			for (;;)
				pause();
}

static int group_kill_during_fork(void)
{
	int survivors = 0;

	/* the killed children come to us to be reaped (Linux; lom has no
	 * subreapers: there init reaps them, promptly) */
	rsys(SYS_prctl, 36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0);

	for (int round = 0; round < 30 && !survivors; round++) {
		pid_t pid = fork();
		if (pid == 0)
			fork_forever();
		msleep(30 + round % 7 * 10);
		kill(-pid, SIGKILL);
		reap_timeout(pid, 10000);
		int gone = 0;
		for (int i = 0; i < 300 && !gone; i++) {
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
			gone = kill(-pid, 0) < 0 && errno == ESRCH;
			if (!gone)
				msleep(10);
		}
		if (!gone) {
			survivors = 1;
			kill(-pid, SIGKILL); /* tidy up */
		}
	}
	return !survivors;
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);

	expect_status(child_verdict(mremap_huge_old_len, NULL, 20000), EXITED(0),
		      "bug 1: mremap with an old range past the user half: EINVAL, nothing unmapped");
	/* and the shrinks that are fine still work */
	char *p = map(0, 4 * PAGE, RW, ANON);
	expect_eq(rsys(SYS_mremap, p, 4 * PAGE, PAGE, 0, 0), (long)p, "bug 1: mremap shrink of a mapping");
	expect_eq(rsys(SYS_munmap, p + PAGE, 3 * PAGE), 0, "bug 1: the shrunk tail is free to unmap");
	expect_eq(rsys(SYS_munmap, p, PAGE), 0, "bug 1: the head is still there");
	expect_status(child_verdict(smaps_sparse, NULL, 20000), EXITED(0),
		      "bug 2: /proc/self/smaps of an 8 TiB sparse mapping is read in time");
	pid_t pid = fork();
	if (pid == 0)
		populate_forever();
	msleep(200);
	kill(pid, SIGKILL);
	expect_status(reap_timeout(pid, 10000), KILLED(SIGKILL),
		      "bug 3: a 256 GiB read-only MAP_POPULATE ends at SIGKILL");
	ok(populate_everywhere(), "bug 4: one such MAP_POPULATE per CPU, and one more: all end at SIGKILL within 10 s");
	ok(group_kill_during_fork(), "bug 5: SIGKILL to a process group during fork leaves no survivor");
	return tap_done();
}
