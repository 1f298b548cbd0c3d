/*
 * user/syzlite/main.c - syzlite, a user-space syscall fuzzer for lom:
 * options, the workers that fork and watch the batch children, the
 * replay of one batch, and the summary.  See syzlite.h for the process
 * tree and what is shared.
 *
 *   syzlite [-s SEED[,SEED...]] [-t SECONDS] [-n CALLS] [-b BATCH]
 *           [-j PROCS] [-l LOGLEN] [-r SLOT.BATCH] [-F PERCENT] [-v] [-q]
 *
 * A worker runs per seed and -j slot.  A batch child that makes no
 * progress for WAKE_MS (a blocking call: pause, a read of an empty pipe, a
 * long nanosleep) gets WAKE_SIG, which its handler catches (EINTR); after
 * STALL_MS (the signal blocked, a stop signal) or at the deadline, SIGKILL,
 * to it and its process group.  A child that does not die within HANG_MS
 * of SIGKILL is a kernel bug ("hang"), and so is a worker that cannot fork
 * at all.  Deaths by signals are expected (our own munmap of our stack,
 * a random kill) and counted; the first one of each signal shows the log.
 *
 * Output: the summary on stdout, ending with the line
 *   syzlite: total calls=N procs=P batches=B deaths=D hangs=H
 * (user/soak.c and tests/run-syzlite.sh read it); the logs on stderr.
 * Exit status: 0, or 1 after a hang or when the harness could not run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "syzlite.h"

#define SHARED_SLOT (32ull << 10) /* at SHARED_BASE: one struct shared per worker */
#define MAX_WORKERS 64
#define WAKE_MS 300   /* no progress for this long: send the wake signal */
#define STALL_MS 1500 /* ... for this long: SIGKILL */
#define HANG_MS 30000
#define POLL_MS 20

struct opts {
	uint64_t seeds[16];
	unsigned nseeds, procs, batch, loglen, seconds;
	uint64_t max_calls; /* per worker, 0: no limit */
	int replay_slot, replay_batch;
	const char *fail; /* -F: lom's fault injection, this probability, during the run */
	bool verbose, quiet;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* ---- the log ---- */

static const char *signame(int sig)
{
	static char num[16];
	const char *n = sigabbrev_np(sig);
	if (n)
		return n;
	snprintf(num, sizeof(num), "%d", sig);
	return num;
}

const char *errno_name(int e)
{
	static const char *const names[] = {
		[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO",
		[7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN", [12] = "ENOMEM",
		[13] = "EACCES", [14] = "EFAULT", [16] = "EBUSY", [17] = "EEXIST", [19] = "ENODEV",
		[20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE",
		[25] = "ENOTTY", [27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS", [32] = "EPIPE",
		[33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK", [36] = "ENAMETOOLONG", [38] = "ENOSYS",
		[39] = "ENOTEMPTY", [40] = "ELOOP", [61] = "ENODATA", [75] = "EOVERFLOW", [95] = "EOPNOTSUPP",
		[110] = "ETIMEDOUT",
	};
	if (e > 0 && e < (int)(sizeof(names) / sizeof(names[0])) && names[e])
		return names[e];
	return NULL;
}

static void put_num(char *buf, unsigned size, int *n, uint64_t v)
{
	int64_t s = (int64_t)v;
	if (s > -4096 && s < 4096)
		*n += snprintf(buf + *n, size - (unsigned)*n, "%ld", (long)s);
	else
		*n += snprintf(buf + *n, size - (unsigned)*n, "%#lx", (unsigned long)v);
	if ((unsigned)*n >= size)
		*n = (int)size - 1;
}

int format_rec(char *buf, unsigned size, const struct call_rec *r)
{
	const struct call_desc *d = &call_table[r->call < ncalls ? r->call : 0];
	int n = snprintf(buf, size, "%5u %s(", r->seq, d->name);
	for (unsigned i = 0; i < d->nargs && (unsigned)n < size; i++) {
		if (i)
			n += snprintf(buf + n, size - (unsigned)n, ", ");
		put_num(buf, size, &n, r->args[i]);
	}
	if ((unsigned)n < size)
		n += snprintf(buf + n, size - (unsigned)n, ") = ");
	if ((unsigned)n >= size)
		return (int)size - 1;
	if (!r->done)
		n += snprintf(buf + n, size - (unsigned)n, "? (did not return)");
	else if ((d->nr == NR_TOUCH || d->nr == NR_INSN) && r->ret > 0) /* the signal that hit us */
		n += snprintf(buf + n, size - (unsigned)n, "SIG%s (caught)", signame((int)r->ret));
	else {
		put_num(buf, size, &n, (uint64_t)r->ret);
		const char *e = r->ret < 0 && r->ret > -4096 ? errno_name((int)-r->ret) : NULL;
		if (e && (unsigned)n < size)
			n += snprintf(buf + n, size - (unsigned)n, " (%s)", e);
	}
	return (unsigned)n >= size ? (int)size - 1 : n;
}

/* The last `max` calls of the batch in sh->ring, oldest first. */
static void print_ring(const struct shared *sh, unsigned max, const char *prefix)
{
	unsigned have = sh->ring_next < RING_MAX ? sh->ring_next : RING_MAX;
	unsigned n = have < max ? have : max;
	char line[512];

	for (unsigned i = sh->ring_next - n; i != sh->ring_next; i++) {
		const struct call_rec *r = &sh->ring[i % RING_MAX];
		if (!r->seq)
			continue;
		format_rec(line, sizeof(line), r);
		fprintf(stderr, "%s%s\n", prefix, line);
	}
}

/* ---- a worker ---- */

/* Wait for a batch child, killing it when it hangs about; its wait status,
 * or -1 when it would not die (a kernel bug). */
static int watch(struct shared *sh, pid_t pid, uint64_t deadline, bool *timed_out, bool *at_deadline)
{
	/* *timed_out: killed for making no progress (not for the deadline) */
	uint64_t last = sh->progress, changed = now_ms(), killed = 0;
	bool woke = false;
	int status;

	*timed_out = *at_deadline = false;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG | WUNTRACED);
		if (r == pid && WIFSTOPPED(status)) {
			/* PTRACE_TRACEME made us its tracer, or a stop signal: go on, or end it */
			int sig = WSTOPSIG(status);
			if (ptrace(PTRACE_CONT, pid, 0, (void *)(long)(sig == SIGTRAP || sig == SIGSTOP ? 0 : sig)) < 0) {
				sh->stopped++;
				kill(pid, SIGKILL);
			}
			continue;
		}
		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR) {
			perror("syzlite: waitpid");
			return -1;
		}
		uint64_t t = now_ms();
		if (sh->progress != last) {
			if (woke)
				sh->woken++;
			last = sh->progress;
			changed = t;
			woke = false;
		}
		if (!woke && !killed && t - changed > WAKE_MS && sh->wake_sig) {
			kill(pid, (int)sh->wake_sig); /* EINTR for a sleeper, if it has not blocked it */
			woke = true;
		}
		if (!killed && (t - changed > STALL_MS || t > deadline)) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = t;
			*timed_out = t - changed > STALL_MS;
			*at_deadline = !*timed_out;
		}
		if (killed && t - killed > HANG_MS)
			return -1;
		sleep_ms(POLL_MS);
	}
}

static unsigned batch_size(const struct opts *o, const struct shared *sh)
{
	if (o->max_calls && sh->calls + o->batch > o->max_calls)
		return (unsigned)(o->max_calls - sh->calls);
	return o->batch;
}

static void new_batch(struct shared *sh)
{
	sh->progress = 0;
	sh->done = 0;
	sh->ring_next = 0;
	memset(sh->ring, 0, sizeof(sh->ring));
}

static void report_death(const struct opts *o, struct shared *sh, unsigned batch, int sig)
{
	if (o->quiet || sh->killed_by[sig] != 1)
		return;
	fprintf(stderr, "syzlite: seed %lu slot %d batch %u: killed by SIG%s after %lu calls (first time; "
		"replay: syzlite -s %lu -r %d.%u); last calls:\n", (unsigned long)sh->seed, sh->slot, batch,
		signame(sig), (unsigned long)sh->progress, (unsigned long)sh->seed, sh->slot, batch);
	print_ring(sh, o->loglen, "  ");
}

static void run_worker(const struct opts *o, struct shared *sh, uint64_t deadline)
{
	unsigned fork_failures = 0;

	for (unsigned b = 0; now_ms() < deadline; b++) {
		unsigned calls = batch_size(o, sh);
		if (!calls)
			break;
		new_batch(sh);
		sh->batch = b;
		if (o->verbose)
			fprintf(stderr, "syzlite: seed %lu slot %d batch %u\n", (unsigned long)sh->seed, sh->slot, b);
		pid_t pid = fork();
		if (pid < 0) { /* the fuzzer may have filled the process table: wait for it to drain */
			if (++fork_failures > 500) {
				perror("syzlite: fork keeps failing");
				sh->failed = true;
				return;
			}
			sleep_ms(10);
			b--;
			continue;
		}
		fork_failures = 0;
		if (pid == 0)
			batch_child(sh, sh->seed, (unsigned)sh->slot, b, calls, false);
		bool timed_out, at_deadline;
		int status = watch(sh, pid, deadline, &timed_out, &at_deadline);
		sh->batches++;
		kill(-pid, SIGKILL); /* its lingering children */
		if (status < 0) {
			fprintf(stderr, "syzlite: HANG: seed %lu slot %d batch %u: pid %d does not die after SIGKILL "
				"(replay: syzlite -s %lu -r %d.%u); last calls:\n", (unsigned long)sh->seed, sh->slot, b,
				pid, (unsigned long)sh->seed, sh->slot, b);
			print_ring(sh, o->loglen, "  ");
			sh->hangs++;
			sh->failed = true;
			return;
		}
		if (WIFSIGNALED(status) && at_deadline && WTERMSIG(status) == SIGKILL) {
			sh->completed++; /* the run is over: it did what it had time for */
		} else if (WIFSIGNALED(status)) {
			int sig = WTERMSIG(status);
			if (timed_out && sig == SIGKILL) {
				sh->timeouts++;
				const struct call_rec *r = &sh->ring[(sh->ring_next + RING_MAX - 1) % RING_MAX];
				if (sh->ring_next && !r->done && ++sh->stalled_in[r->call] == 1 && !o->quiet) {
					fprintf(stderr, "syzlite: seed %lu slot %d batch %u: no progress for %d ms, killed "
						"(first stall in %s); last calls:\n", (unsigned long)sh->seed, sh->slot, b,
						STALL_MS, call_table[r->call].name);
					print_ring(sh, o->loglen, "  ");
				}
			}
			else {
				sh->killed_by[sig < 65 ? sig : 0]++;
				report_death(o, sh, b, sig);
			}
		} else if (sh->done) {
			sh->completed++;
		} else {
			sh->ended_early++; /* exit, exit_group or a successful execve */
		}
	}
}

/* ---- replay ---- */

static int replay(const struct opts *o, struct shared *sh)
{
	sh->seed = o->seeds[0];
	sh->slot = o->replay_slot;
	new_batch(sh);
	fprintf(stderr, "syzlite: replaying seed %lu slot %d batch %d (%u calls), each call before it is issued:\n",
		(unsigned long)sh->seed, o->replay_slot, o->replay_batch, o->batch);
	pid_t pid = fork();
	if (pid == 0)
		batch_child(sh, sh->seed, (unsigned)o->replay_slot, (unsigned)o->replay_batch, o->batch, true);
	bool timed_out, at_deadline;
	int status = watch(sh, pid, now_ms() + (uint64_t)o->seconds * 1000, &timed_out, &at_deadline);
	kill(-pid, SIGKILL);
	if (status < 0)
		fprintf(stderr, "syzlite: HANG: the child does not die after SIGKILL\n");
	else if (WIFSIGNALED(status))
		fprintf(stderr, "syzlite: the batch was killed by SIG%s%s after %lu calls\n",
			signame(WTERMSIG(status)), timed_out ? " (no progress: the watchdog)" : at_deadline ? " (time is up)" : "",
			(unsigned long)sh->progress);
	else
		fprintf(stderr, "syzlite: the batch %s after %lu calls\n", sh->done ? "completed" : "exited",
			(unsigned long)sh->progress);
	return status < 0;
}

/* ---- fault injection (lom's /sys/kernel/debug/fail_page_alloc, failslab) ---- */

/* Write value into both probability files; 0 when both took it.  The
 * writes may fail while injection is on: tried again and again. */
static int set_fail(const char *value)
{
	static const char *const files[] = { "/sys/kernel/debug/fail_page_alloc/probability",
					     "/sys/kernel/debug/failslab/probability" };
	int left = 2;
	for (int tries = 0; tries < 1000 && left; tries++) {
		left = 0;
		for (unsigned i = 0; i < 2; i++) {
			int fd = open(files[i], O_WRONLY);
			ssize_t n = fd < 0 ? -1 : write(fd, value, strlen(value));
			if (fd >= 0)
				close(fd);
			left += n != (ssize_t)strlen(value);
		}
	}
	return left ? -1 : 0;
}

/* ---- the summary ---- */

static struct shared *worker_slot(unsigned i)
{
	return (struct shared *)(uintptr_t)(SHARED_BASE + SHARED_SLOT * i);
}

static void summary(const struct opts *o, unsigned nw, uint64_t ms)
{
	static struct shared t;
	const struct shared *w;
	for (unsigned i = 0; i < nw; i++) {
		w = worker_slot(i);
		t.calls += w->calls, t.ok += w->ok, t.errors += w->errors, t.procs += w->procs;
		t.batches += w->batches, t.completed += w->completed, t.ended_early += w->ended_early;
		t.timeouts += w->timeouts, t.hangs += w->hangs, t.stopped += w->stopped, t.woken += w->woken;
		for (unsigned c = 0; c < NCALLS_MAX; c++)
			t.per_call[c] += w->per_call[c], t.per_call_ok[c] += w->per_call_ok[c], t.time_us[c] += w->time_us[c];
		for (unsigned e = 0; e <= NERRNO; e++)
			t.per_errno[e] += w->per_errno[e];
		for (unsigned s = 0; s < 65; s++)
			t.killed_by[s] += w->killed_by[s];
		for (unsigned c = 0; c < NCALLS_MAX; c++)
			t.stalled_in[c] += w->stalled_in[c];
	}
	uint64_t deaths = 0;
	for (unsigned s = 0; s < 65; s++)
		deaths += t.killed_by[s];
	printf("syzlite: seeds");
	for (unsigned i = 0; i < o->nseeds; i++)
		printf("%s%lu", i ? "," : " ", (unsigned long)o->seeds[i]);
	printf(", %u worker(s), %lu.%lu s: %lu calls (%lu/s), %lu ok, %lu errors\n", nw,
	       (unsigned long)(ms / 1000), (unsigned long)(ms % 1000 / 100), (unsigned long)t.calls,
	       (unsigned long)(ms ? t.calls * 1000 / ms : 0), (unsigned long)t.ok, (unsigned long)t.errors);
	if (!o->quiet) {
		printf("syzlite: errors:");
		for (unsigned e = 1; e <= NERRNO; e++)
			if (t.per_errno[e]) {
				const char *name = e < NERRNO ? errno_name((int)e) : NULL;
				if (name)
					printf(" %s %lu", name, (unsigned long)t.per_errno[e]);
				else
					printf(" %s%u %lu", e < NERRNO ? "errno" : "errno>=", e, (unsigned long)t.per_errno[e]);
			}
		printf("\nsyzlite: calls (succeeded/issued):");
		for (unsigned c = 0; c < ncalls; c++)
			printf(" %s %lu/%lu", call_table[c].name, (unsigned long)t.per_call_ok[c], (unsigned long)t.per_call[c]);
		printf("\nsyzlite: time in calls (ms):");
		for (unsigned c = 0; c < ncalls; c++)
			if (t.time_us[c] >= 1000)
				printf(" %s %lu", call_table[c].name, (unsigned long)(t.time_us[c] / 1000));
		printf("\n");
		for (unsigned i = 0; i < nw; i++) {
			w = worker_slot(i);
			if (!w->odd.seq)
				continue;
			char line[512];
			format_rec(line, sizeof(line), &w->odd);
			printf("syzlite: an errno Linux does not have, seed %lu slot %d (batch %u):%s\n",
			       (unsigned long)w->seed, w->slot, w->odd_batch, line);
		}
		for (unsigned i = 0; i < nw; i++) {
			w = worker_slot(i);
			if (w->slowest_us < 100000)
				continue;
			char line[512];
			format_rec(line, sizeof(line), &w->slowest);
			printf("syzlite: slowest call of seed %lu slot %d (batch %u): %lu ms:%s\n", (unsigned long)w->seed,
			       w->slot, w->slowest_batch, (unsigned long)(w->slowest_us / 1000), line);
		}
	}
	printf("syzlite: batches %lu: completed %lu, ended by exit/exec %lu, stalled and killed %lu (woken by SIG%s "
	       "%lu), stopped %lu, killed by a signal %lu", (unsigned long)t.batches, (unsigned long)t.completed,
	       (unsigned long)t.ended_early, (unsigned long)t.timeouts, signame(WAKE_SIG), (unsigned long)t.woken,
	       (unsigned long)t.stopped, (unsigned long)deaths);
	for (unsigned s = 1; s < 65; s++)
		if (t.killed_by[s])
			printf(" (SIG%s %lu)", signame((int)s), (unsigned long)t.killed_by[s]);
	printf("\n");
	if (!o->quiet && t.timeouts) {
		printf("syzlite: stalled in:");
		for (unsigned c = 0; c < ncalls; c++)
			if (t.stalled_in[c])
				printf(" %s %lu", call_table[c].name, (unsigned long)t.stalled_in[c]);
		printf("\n");
	}
	printf("syzlite: total calls=%lu procs=%lu batches=%lu deaths=%lu hangs=%lu\n", (unsigned long)t.calls,
	       (unsigned long)(t.procs + t.batches), (unsigned long)t.batches, (unsigned long)deaths,
	       (unsigned long)t.hangs);
}

/* ---- options ---- */

static void usage(void)
{
	fprintf(stderr,
		"usage: syzlite [-s SEED[,SEED...]] [-t SECONDS] [-n CALLS] [-b BATCH] [-j PROCS] [-l LOGLEN]\n"
		"               [-r SLOT.BATCH] [-v] [-q]\n"
		"  -s  seeds (default 1); one worker per seed and per -j slot\n"
		"  -t  run time in seconds (default 10)\n"
		"  -n  stop each worker after CALLS calls (default: no limit)\n"
		"  -b  calls per batch child (default 1000)\n"
		"  -j  workers per seed (default 1)\n"
		"  -l  calls shown from the log of a batch that died (default 32, at most %d)\n"
		"  -r  replay one batch of the first seed, printing each call before issuing it\n"
		"  -F  lom's fault injection during the run: page and slab allocations fail with\n"
		"      this probability (percent; /sys/kernel/debug/{fail_page_alloc,failslab})\n"
		"  -v  name each batch as it starts (to find the culprit after a kernel crash)\n"
		"  -q  only the totals\n", RING_MAX);
	exit(2);
}

static void parse(struct opts *o, int argc, char **argv)
{
	int c;
	char *end;

	*o = (struct opts){ .procs = 1, .batch = 1000, .loglen = 32, .seconds = 10, .replay_slot = -1 };
	while ((c = getopt(argc, argv, "s:t:n:b:j:l:r:F:vq")) != -1) {
		switch (c) {
		case 's':
			for (char *p = optarg; *p && o->nseeds < 16; p = *end ? end + 1 : end) {
				o->seeds[o->nseeds++] = strtoull(p, &end, 0);
				if (end == p || (*end && *end != ','))
					usage();
			}
			break;
		case 't': o->seconds = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'n': o->max_calls = strtoull(optarg, NULL, 0); break;
		case 'b': o->batch = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'j': o->procs = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'l': o->loglen = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'r':
			if (sscanf(optarg, "%d.%d", &o->replay_slot, &o->replay_batch) != 2 || o->replay_slot < 0 ||
			    o->replay_batch < 0)
				usage();
			break;
		case 'F': o->fail = optarg; break;
		case 'v': o->verbose = true; break;
		case 'q': o->quiet = true; break;
		default: usage();
		}
	}
	if (optind != argc || !o->batch || !o->procs || o->loglen > RING_MAX)
		usage();
	if (!o->nseeds)
		o->seeds[o->nseeds++] = 1;
	if (o->nseeds * o->procs > MAX_WORKERS) {
		fprintf(stderr, "syzlite: at most %d workers\n", MAX_WORKERS);
		exit(2);
	}
	if (o->max_calls && o->max_calls < o->batch)
		o->batch = (unsigned)o->max_calls;
}

int main(int argc, char **argv)
{
	struct opts o;
	parse(&o, argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	_Static_assert(sizeof(struct shared) <= SHARED_SLOT, "raise SHARED_SLOT");

	unsigned nw = o.replay_slot >= 0 ? 1 : o.nseeds * o.procs;
	struct shared *w = mmap((void *)SHARED_BASE, SHARED_SLOT * nw, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (w == MAP_FAILED) {
		perror("syzlite: mmap");
		return 1;
	}
	if (o.replay_slot >= 0)
		return replay(&o, w);

	uint64_t start = now_ms(), deadline = start + (uint64_t)o.seconds * 1000;
	pid_t pids[MAX_WORKERS];
	if (o.fail && set_fail(o.fail)) {
		fprintf(stderr, "syzlite: cannot set the fault injection's probability (no lom?)\n");
		return 1;
	}
	for (unsigned i = 0; i < nw; i++) {
		struct shared *sh = worker_slot(i);
		sh->seed = o.seeds[i / o.procs];
		sh->slot = (int)(i % o.procs);
		fflush(NULL);
		pids[i] = fork();
		for (int tries = 0; pids[i] < 0 && tries < 100; tries++) { /* -F: it may fail */
			sleep_ms(10);
			pids[i] = fork();
		}
		if (pids[i] < 0) {
			perror("syzlite: fork");
			sh->failed = true;
		} else if (pids[i] == 0) {
			run_worker(&o, sh, deadline);
			fflush(NULL);
			_exit(0);
		}
	}
	bool failed = false;
	struct shared *last = NULL;
	for (unsigned i = 0; i < nw; i++) {
		struct shared *sh = worker_slot(i);
		int status;
		if (pids[i] <= 0)
			continue;
		if (waitpid(pids[i], &status, 0) != pids[i]) {
			perror("syzlite: waitpid");
			sh->failed = true;
		} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
			/* only the OOM killer sends a worker SIGKILL: the kernel's choice, not a failure */
			fprintf(stderr, "syzlite: worker %u (pid %d) was killed by SIGKILL (the OOM killer)\n", i, pids[i]);
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "syzlite: worker %u (pid %d) did not exit normally (status %#x)\n", i, pids[i],
				status);
			sh->failed = true;
		}
		failed |= sh->failed;
		if (!last)
			last = sh;
	}
	if (o.fail && set_fail("0")) {
		fprintf(stderr, "syzlite: cannot turn the fault injection off\n");
		failed = true;
	}
	/* the log of the last batch of the first worker: what a run of a few calls did */
	if (!o.quiet && last && last->ring_next) {
		fprintf(stderr, "syzlite: the last calls of seed %lu slot %d batch %u (replay: syzlite -s %lu -r %d.%u):\n",
			(unsigned long)last->seed, last->slot, last->batch, (unsigned long)last->seed, last->slot,
			last->batch);
		print_ring(last, o.loglen, "  ");
	}
	summary(&o, nw, now_ms() - start);
	if (failed)
		printf("syzlite: FAILED: %s\n", "a batch child would not die or the workers could not run");
	return failed;
}
