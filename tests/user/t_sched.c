/*
 * tests/user/t_sched.c - the scheduler as user space sees it: a process
 * that never gives up the CPU is preempted (the others still run), sleeps
 * end, sched_yield returns, and busy processes spread over the CPUs.
 * Output is the same on Linux and lom; "spread" is checked only when the
 * machine has two or more CPUs (the harness runs lom with -smp 2).
 */
#define _GNU_SOURCE
#include "tap.h"

#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pid_t spinner(void)
{
	pid_t pid = fork();
	if (pid == 0)
		for (;;)
			__asm__ volatile("" ::: "memory");
	return pid;
}

/* A child that spins for `secs`, noting each CPU it ran on, then writes
 * the set as a bit mask to fd. */
static pid_t cpu_watcher(int fd, double secs)
{
	pid_t pid = fork();
	if (pid == 0) {
		unsigned long seen = 0;
		double end = now() + secs;
		while (now() < end) {
			int cpu = sched_getcpu();
			if (cpu >= 0 && cpu < 64)
				seen |= 1ul << cpu;
		}
		_exit(write(fd, &seen, sizeof(seen)) == sizeof(seen) ? 0 : 1);
	}
	return pid;
}

int main(int argc, char **argv)
{
	int st;

	tap_init(argc, argv, 7);

	/* two spinners, then the parent must still get the CPU back */
	pid_t a = spinner(), b = spinner();
	double t0 = now();
	struct timespec ms50 = { 0, 50 * 1000 * 1000 };
	nanosleep(&ms50, NULL);
	double slept = now() - t0;
	ok(slept >= 0.05 && slept < 5.0, "the parent wakes from a 50 ms sleep while two children spin");
	ok(kill(a, SIGKILL) == 0 && kill(b, SIGKILL) == 0, "and can kill them");
	ok(waitpid(a, &st, 0) == a && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL &&
	   waitpid(b, &st, 0) == b && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "both reaped as killed by SIGKILL");

	int yields_ok = 1;
	for (int i = 0; i < 1000; i++)
		yields_ok &= sched_yield() == 0;
	ok(yields_ok, "1000 sched_yield calls return 0");

	int cpu = sched_getcpu();
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	ok(cpu >= 0 && cpu < ncpu, "sched_getcpu is an online CPU");

	/* busy children spread over the CPUs */
	int p[2];
	if (pipe(p))
		return 1;
	int n = ncpu >= 2 ? 2 : 1;
	pid_t w[2];
	unsigned long all = 0, m;
	int good = 1;
	/* up to three tries: a loaded host may keep both on one CPU for a
	 * second; a kernel that never spreads them fails all three */
	for (int round = 0; round < 3 && (round == 0 || (ncpu >= 2 && __builtin_popcountl(all) < 2)); round++) {
		for (int i = 0; i < n; i++)
			w[i] = cpu_watcher(p[1], 1.0);
		for (int i = 0; i < n; i++) {
			good &= waitpid(w[i], &st, 0) == w[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0;
			good &= read(p[0], &m, sizeof(m)) == sizeof(m);
			all |= m;
		}
	}
	ok(good, "the busy children finish");
	ok(ncpu < 2 || __builtin_popcountl(all) >= 2, "two busy children ran on at least two CPUs");
	return tap_done();
}
