/*
 * tests/user/t_vm_stack.c - the main stack grows on demand within
 * RLIMIT_STACK (8 MiB, set here): recursion 6 MiB deep, a 6 MiB alloca
 * touched from the top down, a 4 MiB alloca touched at its lowest page
 * first, a grown stack copied by fork; and past the limit (recursing
 * forever, touching 9 MiB below the stack, or a lowered RLIMIT_STACK)
 * the process dies of SIGSEGV.  Each check runs in a child, so the
 * parent's stack stays small.
 *
 * Usage: t_vm_stack [ROOT]
 */
#include <alloca.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 12

#define PAGE 4096UL
#define MiB (1UL << 20)

static void no_core(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
	reset_signals();
}

/* one 4 KiB frame per level; returns the sum of what each level wrote */
static long __attribute__((noinline)) recurse(long depth)
{
	volatile char frame[4000];
	long sum;

	frame[0] = (char)depth;
	frame[sizeof(frame) - 1] = (char)(depth >> 3);
	if (depth == 0)
		return frame[0];
	sum = recurse(depth - 1);
	return sum + frame[0] + frame[sizeof(frame) - 1] - (char)(depth >> 3);
}

static long expect_sum(long depth)
{
	long s = 0, d;

	for (d = 0; d <= depth; d++)
		s += (char)d;
	return s;
}

/* ~6 MiB of frames: 1500 levels of 4 KiB */
static int deep(void *arg)
{
	(void)arg;
	return recurse(1500) == expect_sum(1500) ? 0 : 1;
}

static int forever(void *arg)
{
	(void)arg;
	no_core();
	return recurse(1L << 30) == 0 ? 0 : 1;
}

/* alloca of len bytes, touched page by page from the top, or lowest first */
static int __attribute__((noinline)) big_alloca(size_t len, int lowest_first)
{
	volatile char *a = alloca(len);
	size_t off;

	if (lowest_first)
		a[0] = 1;
	for (off = len; off >= PAGE; off -= PAGE)
		a[off - PAGE] = (char)(off / PAGE);
	for (off = len; off >= PAGE; off -= PAGE)
		if (a[off - PAGE] != (char)(off / PAGE))
			return 1;
	return 0;
}

static int alloca6(void *arg)
{
	(void)arg;
	return big_alloca(6 * MiB, 0);
}

static int alloca4_low(void *arg)
{
	(void)arg;
	return big_alloca(4 * MiB, 1);
}

/* a byte far below the stack pointer, beyond the 8 MiB limit */
static int below9(void *arg)
{
	volatile char here = 0;
	char *sp;

	(void)arg;
	no_core();
	sp = HIDE(&here);
	*(volatile char *)(sp - 9 * MiB) = 1;
	return 0;
}

/* grow the stack by 2 MiB, fork, the child checks the copy and writes its own */
static int __attribute__((noinline)) grown_fork(void)
{
	volatile char big[2 * MiB];
	size_t i;
	pid_t pid;
	int st;

	for (i = 0; i < sizeof(big); i += PAGE)
		big[i] = (char)(i / PAGE + 1);
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < sizeof(big); i += PAGE) {
			if (big[i] != (char)(i / PAGE + 1))
				_exit(1);
			big[i] = 0;
		}
		_exit(0);
	}
	st = reap(pid);
	if (st != 0)
		return 2;
	for (i = 0; i < sizeof(big); i += PAGE)
		if (big[i] != (char)(i / PAGE + 1))
			return 3;
	return 0;
}

static int fork_grown(void *arg)
{
	(void)arg;
	return grown_fork();
}

/* RLIMIT_STACK lowered to 1 MiB, then 2 MiB of recursion */
static int small_limit(void *arg)
{
	struct rlimit rl;

	(void)arg;
	no_core();
	getrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = 1 * MiB;
	if (setrlimit(RLIMIT_STACK, &rl))
		return 2;
	return recurse(500) == expect_sum(500) ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct rlimit rl;
	int st;

	tap_init(argc, argv, PLAN);
	getrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = 8 * MiB;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur)
		rl.rlim_max = rl.rlim_cur;
	expect_eq(setrlimit(RLIMIT_STACK, &rl), 0, "RLIMIT_STACK set to 8 MiB");

	expect_status(in_child(deep, NULL), EXITED(0), "recursion 6 MiB deep (1500 frames of 4 KiB)");
	expect_status(in_child(alloca6, NULL), EXITED(0), "alloca of 6 MiB, touched from the top down");
	expect_status(in_child(alloca4_low, NULL), EXITED(0), "alloca of 4 MiB, its lowest page touched first");
	expect_status(in_child(fork_grown, NULL), EXITED(0), "a stack grown by 2 MiB is copied by fork");
	st = in_child(deep, NULL);
	expect_status(st, EXITED(0), "again: the stack grows the same way in a new process");

	expect_status(in_child(forever, NULL), KILLED(SIGSEGV), "recursing forever: SIGSEGV at the limit");
	expect_status(in_child(below9, NULL), KILLED(SIGSEGV), "a write 9 MiB below the stack: SIGSEGV");
	expect_status(in_child(small_limit, NULL), KILLED(SIGSEGV),
		      "RLIMIT_STACK 1 MiB, 2 MiB of recursion: SIGSEGV");

	/* the parent's own stack, 1 MiB at a time, after its children died */
	expect_eq(grown_fork(), 0, "the parent grows its own stack by 2 MiB, forks, the copy is right");
	expect_eq(big_alloca(5 * MiB, 0), 0, "and by 5 MiB with alloca");
	expect_status(in_child(deep, NULL), EXITED(0), "a child of a grown stack recurses 6 MiB deep");
	return tap_done();
}
