/*
 * tests/user/t_vm_smp.c - memory under SMP: two worker processes (run on
 * two CPUs where there are two) fault, fork and munmap at the same time,
 * a bounded number of rounds each: every round maps a few pages, writes a
 * pattern, checks it, forks a child that checks it and writes its own copy
 * (copy-on-write), checks its own is unchanged, unmaps; meanwhile they
 * pass counts through a MAP_SHARED page.  And stale translations: after
 * munmap, a read of the old address faults (SEGV_MAPERR) even though the
 * page was just read, many times over, with the process moving between
 * CPUs; a new mapping at a freed address reads zeros.  Workers report
 * through their exit status.
 *
 * Usage: t_vm_smp [ROOT]
 */
#include <sched.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 10

#include "vm.h"

#define ROUNDS 150
#define STALE_ROUNDS 500

/* try to run on cpu (ignored where sched_setaffinity is missing or fails) */
static void to_cpu(int cpu)
{
	unsigned long mask = 1UL << cpu;

	rsys(SYS_sched_setaffinity, 0, sizeof(mask), &mask);
}

static void any_cpu(void)
{
	unsigned long mask = 3;

	rsys(SYS_sched_setaffinity, 0, sizeof(mask), &mask);
}

static unsigned pattern(unsigned seed, unsigned i)
{
	return (seed * 2654435761u) ^ (i * 40503u) ^ 0x5bd1e995u;
}

static void fill(unsigned *p, size_t words, unsigned seed)
{
	size_t i;

	for (i = 0; i < words; i++)
		p[i] = pattern(seed, i);
}

/* words [from, to) of p hold the pattern of seed */
static int check_range(const unsigned *p, size_t from, size_t to, unsigned seed)
{
	size_t i;

	for (i = from; i < to; i++)
		if (p[i] != pattern(seed, i))
			return 0;
	return 1;
}

static int check(const unsigned *p, size_t words, unsigned seed)
{
	return check_range(p, 0, words, seed);
}

/*
 * One worker: ROUNDS rounds of map, fill, check, fork (the child checks,
 * writes its own copy, checks it), check, unmap.  counter: this worker's
 * slot in a shared page, bumped each round.  Exit status: 0 or the
 * first failure's code.
 */
static int worker(int id, volatile unsigned *counter, volatile unsigned *other)
{
	unsigned seen = 0;
	int r;

	to_cpu(id);
	for (r = 0; r < ROUNDS; r++) {
		size_t pages = 1 + (r * 7 + id) % 16, words = pages * PAGE / 4;
		unsigned seed = (unsigned)(id * 100000 + r);
		unsigned *p = map(0, pages * PAGE, RW, ANON);
		pid_t pid;
		int st;

		if (bad_map(p))
			return 10;
		fill(p, words, seed);
		if (!check(p, words, seed))
			return 11;
		pid = fork();
		if (pid < 0)
			return 12;
		if (pid == 0) {
			if (!check(p, words, seed))
				_exit(1);
			fill(p, words, seed + 1);
			if (!check(p, words, seed + 1))
				_exit(2);
			if (rsys(SYS_munmap, p, pages * PAGE))
				_exit(3);
			_exit(0);
		}
		/* meanwhile the parent rewrites half and checks the rest */
		fill(p, words / 2, seed + 2);
		if (!check(p, words / 2, seed + 2))
			return 13;
		st = reap(pid);
		if (st != 0)
			return 20 + (WIFEXITED(st) ? WEXITSTATUS(st) : 9);
		if (!check(p, words / 2, seed + 2) || !check_range(p, words / 2, words, seed))
			return 14;
		if (rsys(SYS_munmap, p, pages * PAGE))
			return 15;
		(*counter)++;
		if (*other < seen)
			return 16; /* the other worker's count went backwards */
		seen = *other;
		if (r % 8 == id)
			to_cpu((r / 8 + id) & 1);
	}
	return 0;
}

/* stale reads: read, munmap, read again must fault; from either CPU */
static int stale(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < STALE_ROUNDS; i++) {
		volatile char *p = map(0, 2 * PAGE, RW, ANON);
		char *q;

		if (bad_map((void *)p))
			return 1;
		p[0] = 'a';
		p[PAGE] = 'b';
		if (p[0] != 'a' || p[PAGE] != 'b')
			return 2;
		if (i % 16 == 0)
			to_cpu((i / 16) & 1);
		else if (i % 4 == 0)
			rsys(SYS_sched_yield);
		if (rsys(SYS_munmap, p + PAGE, PAGE))
			return 3;
		if (probe((char *)p + PAGE, 'r', 0) != P_MAPERR)
			return 4;
		if (peek((char *)p) != 'a')
			return 5;
		if (rsys(SYS_munmap, p, PAGE))
			return 6;
		if (probe((char *)p, 'r', 0) != P_MAPERR)
			return 7;
		/* a new page at the same address: zeros, never the old bytes */
		q = map((void *)p, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE);
		if (q != (char *)p)
			return 8;
		if (peek(q) != 0 || peek(q + PAGE) != 0)
			return 9;
		rsys(SYS_munmap, q, 2 * PAGE);
	}
	return 0;
}

/* the same, from a forked child each round: its copy goes, the parent's stays */
static int stale_cow(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < STALE_ROUNDS / 10; i++) {
		char *p = map(0, PAGE, RW, ANON);
		pid_t pid;

		p[0] = 'p';
		pid = fork();
		if (pid == 0) {
			probe_init();
			to_cpu(i & 1);
			if (peek(p) != 'p')
				_exit(1);
			rsys(SYS_munmap, p, PAGE);
			_exit(probe(p, 'r', 0) == P_MAPERR ? 0 : 2);
		}
		to_cpu((i + 1) & 1);
		if (reap(pid) != 0)
			return 1;
		if (peek(p) != 'p')
			return 2;
		rsys(SYS_munmap, p, PAGE);
	}
	return 0;
}

int main(int argc, char **argv)
{
	volatile unsigned *counts;
	pid_t w[2];
	int st[2], i;

	tap_init(argc, argv, PLAN);
	probe_init();
	counts = map(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	ok(!bad_map((void *)counts), "a shared page for the workers' counts");
	if (bad_map((void *)counts))
		counts = map(0, PAGE, RW, ANON);

	for (i = 0; i < 2; i++) {
		w[i] = fork();
		if (w[i] == 0)
			_exit(worker(i, &counts[i], &counts[1 - i]));
	}
	for (i = 0; i < 2; i++)
		st[i] = reap_timeout(w[i], 300000);
	expect_status(st[0], EXITED(0), "worker 0: 150 rounds of map, fill, fork (child rewrites), check, unmap");
	expect_status(st[1], EXITED(0), "worker 1: the same, at the same time");
	ok(counts[0] == ROUNDS && counts[1] == ROUNDS, "both counts reached 150 in the shared page");

	/* both at once again, now the stale-read checks */
	for (i = 0; i < 2; i++) {
		w[i] = fork();
		if (w[i] == 0) {
			to_cpu(i);
			_exit(stale(NULL));
		}
	}
	for (i = 0; i < 2; i++)
		st[i] = reap_timeout(w[i], 300000);
	expect_status(st[0], EXITED(0), "500 times: read a page, munmap, read again: SEGV_MAPERR");
	expect_status(st[1], EXITED(0), "the same in a second process at the same time");

	for (i = 0; i < 2; i++) {
		w[i] = fork();
		if (w[i] == 0)
			_exit(stale_cow(NULL));
	}
	for (i = 0; i < 2; i++)
		st[i] = reap_timeout(w[i], 300000);
	expect_status(st[0], EXITED(0), "50 times: a child reads the parent's page, unmaps it, faults; the parent's stays");
	expect_status(st[1], EXITED(0), "the same in a second process at the same time");

	any_cpu();
	expect_eq(stale(NULL), 0, "the parent alone: read, munmap, read again faults");
	ok(!bad_map((void *)counts) && rsys(SYS_munmap, counts, PAGE) == 0, "the shared page unmapped");
	return tap_done();
}
