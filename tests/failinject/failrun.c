/*
 * tests/failinject/failrun.c - the fault-injection runner (lom only; see
 * tests/run-failinject.sh).  It runs as pid 1 (init=/exec/failrun), the
 * one user process the injector spares (mm/fail_alloc.c), so that its own
 * readings and its own forks never fail: whatever goes wrong below it is
 * the kernel's doing.
 *
 *   failrun random [-v|-vv] TEST...
 *       the boot options already inject failures; run each TEST
 *       (/tests/bin/TEST, or an absolute path; PROG:ARG gives it one
 *       argument), check after each that no memory is left behind
 *       (t_leakcheck's rule: free pages, slab pages and slab objects back
 *       where they were), then turn injection off and check the whole run,
 *       that a test still passes and that failures were injected.  -v:
 *       each failure and its caller on the console (verbose=1), -vv with
 *       a backtrace
 *   failrun sweep
 *       for slab, then page allocations: fail exactly the N-th allocation
 *       (interval=N, probability 100, times=1) of `failrun op` for N = 1,
 *       2, ... until it runs through without reaching N; each run must
 *       leave no memory behind
 *   failrun sweep KIND FIRST STEP TEST
 *       the same for one kind (failslab or fail_page_alloc) on a test
 *       program (or "op"), N = FIRST, FIRST + STEP, ... (for hunting
 *       bugs by hand)
 *   failrun race N
 *       without injection, N rounds of the two SMP races the sweeps ran
 *       into (pipe_release, complete(); see race_child): no Oops, no
 *       hang, nothing missing
 *   failrun op
 *       a little of every system call that allocates (the sweep's
 *       workload; failures are expected)
 *
 * A program that waits for something a failed call never set up (the
 * other end of a pipe, a child that was never forked) is killed after
 * 8 s: that is its business, not a failure.  A process that SIGKILL does
 * not end, or memory missing afterwards, is.  Arguments before the mode
 * are lom-exec's for init ("--stderr DEV" and the program's own path) and
 * are skipped; DEV becomes the children's stderr (stdin and stdout are
 * /dev/null).  Output: flat TAP on stdout.  Exit status 0 when every
 * check passed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEBUGFS "/sys/kernel/debug/"
#define TEST_TIMEOUT_MS 8000 /* under injection: past it, the program waits for what a failed call never set up */
#define NORMAL_TIMEOUT_MS 180000 /* a program without injection, or the sweep's op (a loaded host) */
#define SWEEP_MAX 4000

static int tap_n, tap_failed;
static int errfd = 2;
static int devnull = -1; /* opened before the first reading: it holds a struct file */
static char self_path[256];
static char dents[4096], text[1024], meminfo_buf[4096]; /* static: see prefault() */

static void tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!ok)
		tap_failed++;
	printf("%s %d - ", ok ? "ok" : "not ok", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- /proc and /sys ---- */

static long read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n = -1;

	if (fd >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

static long read_long(const char *path)
{
	char buf[64];

	return read_text(path, buf, sizeof(buf)) > 0 ? atol(buf) : -1;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	long n = -1;

	if (fd >= 0) {
		n = write(fd, text, strlen(text));
		close(fd);
	}
	if (n != (long)strlen(text)) {
		dprintf(errfd, "failrun: cannot write '%s' to %s: %s\n", text, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* kind: "fail_page_alloc" or "failslab" */
static void set_attr(const char *kind, const char *file, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), DEBUGFS "%s/%s", kind, file);
	write_text(path, value);
}

static long attr_value(const char *kind, const char *file)
{
	char path[128];

	snprintf(path, sizeof(path), DEBUGFS "%s/%s", kind, file);
	return read_long(path);
}

struct mem {
	long free_kb, slab_kb, objects;
};

static long field(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	return p ? atol(p + strlen(name)) : -1;
}

static struct mem snapshot(void)
{
	char *buf = meminfo_buf;
	struct mem m = { -1, -1, -1 };

	if (read_text("/proc/meminfo", buf, sizeof(meminfo_buf)) <= 0)
		return m;
	m.free_kb = field(buf, "MemFree:") + field(buf, "PerCPULists:");
	m.slab_kb = field(buf, "Slab:");
	m.objects = field(buf, "SlabObjects:");
	return m;
}

/* t_leakcheck's rule, given two seconds for stragglers; *after is the last reading. */
static int nothing_lost(struct mem before, struct mem *after)
{
	for (int tries = 0;; tries++) {
		*after = snapshot();
		if (after->free_kb >= before.free_kb && after->slab_kb <= before.slab_kb &&
		    after->objects <= before.objects)
			return 1;
		if (tries == 20)
			return 0;
		sleep_ms(100);
	}
}

/* ---- children ---- */

/* Touch our static buffers and 64 KiB of stack now, so that our own
 * memory does not grow between two readings of meminfo. */
static void __attribute__((noinline)) prefault(void)
{
	volatile char pad[65536];

	for (size_t i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
	memset(dents, 0, sizeof(dents));
	memset(text, 0, sizeof(text));
	memset(meminfo_buf, 0, sizeof(meminfo_buf));
}

/* What every process but us is doing (for a hang).  getdents64 into a
 * static buffer: opendir would malloc, and our own memory must not move
 * between two readings of meminfo. */
static void show_processes(void)
{
	char path[300];
	int fd = open("/proc", O_RDONLY | O_DIRECTORY);
	long n;

	if (fd < 0)
		return;
	while ((n = syscall(SYS_getdents64, fd, dents, sizeof(dents))) > 0) {
		for (long off = 0; off < n;) {
			struct { unsigned long long ino; long long off; unsigned short reclen; unsigned char type; char name[]; }
				*d = (void *)(dents + off);
			off += d->reclen;
			if (d->name[0] < '0' || d->name[0] > '9' || strcmp(d->name, "1") == 0)
				continue;
			snprintf(path, sizeof(path), "/proc/%s/stat", d->name);
			if (read_text(path, text, sizeof(text)) > 0)
				dprintf(errfd, "# hung: %s", text);
		}
	}
	close(fd);
}

/*
 * Reap every child (the program's orphans come to us).  After linger_ms,
 * kill whatever is left (kill(-1) spares pid 1).  Returns 1 if something
 * had to be killed, -1 if even SIGKILL did not end everything within 5 s:
 * a task stuck in the kernel, which is a kernel bug.
 */
static int reap_all(int linger_ms)
{
	long long deadline = now_ms() + linger_ms;
	int killed = 0;

	for (;;) {
		pid_t w = waitpid(-1, NULL, WNOHANG);
		if (w > 0)
			continue;
		if (w < 0 && errno == ECHILD)
			return killed;
		if (now_ms() > deadline) {
			if (killed) {
				show_processes();
				return -1;
			}
			kill(-1, SIGKILL);
			killed = 1;
			deadline = now_ms() + 5000;
		}
		sleep_ms(5);
	}
}

/*
 * Run argv (stdin and stdout /dev/null, stderr ours) and wait for it and
 * its descendants.  A program that waits for something a failed call
 * never set up (a pipe's other end, a signal from a child that was never
 * forked) waits forever; after timeout_ms it is killed (*timed_out), which
 * is the program's business.  *stuck: SIGKILL did not end it.
 */
static int run(char *const argv[], int timeout_ms, int *timed_out, int *stuck)
{
	int status = 0;

	*timed_out = *stuck = 0;
	pid_t pid = fork();
	if (pid < 0) {
		dprintf(errfd, "failrun: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		dup2(devnull, 0); /* a test that lost its pipe to ENOMEM must not wait for the console */
		dup2(devnull, 1);
		dup2(errfd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	/* one waitpid(-1) for the program and the orphans that come to us:
	 * reaping orphans with a second call could reap the program itself */
	long long deadline = now_ms() + timeout_ms;
	bool killed = false;
	for (;;) {
		int st;
		pid_t w = waitpid(-1, &st, WNOHANG);
		if (w == pid) {
			status = st;
			break;
		}
		if (w > 0)
			continue; /* an orphan */
		if (w < 0) {
			dprintf(errfd, "failrun: waitpid: %s\n", strerror(errno));
			break;
		}
		if (now_ms() > deadline) {
			if (killed)
				break; /* not even SIGKILL: reap_all says stuck */
			*timed_out = 1;
			show_processes();
			kill(-1, SIGKILL);
			killed = true;
			deadline = now_ms() + 5000;
		}
		sleep_ms(5);
	}
	int left = reap_all(*timed_out ? 0 : 2000);
	if (left < 0)
		*stuck = 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void describe_leak(const char *what, struct mem before, struct mem after)
{
	dprintf(errfd, "# leak: %s: free %+ld kB, slab %+ld kB, objects %+ld\n", what, after.free_kb - before.free_kb,
		after.slab_kb - before.slab_kb, after.objects - before.objects);
	printf("# leak: %s: free %+ld kB, slab %+ld kB, objects %+ld\n", what, after.free_kb - before.free_kb,
	       after.slab_kb - before.slab_kb, after.objects - before.objects);
}

/* ---- random ---- */

static int mode_random(int ntests, char **tests)
{
	if (ntests > 0 && (!strcmp(tests[0], "-v") || !strcmp(tests[0], "-vv"))) { /* each failure on the console */
		set_attr("fail_page_alloc", "verbose", tests[0][2] ? "2" : "1");
		set_attr("failslab", "verbose", tests[0][2] ? "2" : "1");
		ntests--, tests++;
	}
	long seed = attr_value("fail_page_alloc", "seed");
	long pages0 = attr_value("fail_page_alloc", "failures"), slab0 = attr_value("failslab", "failures");
	char page_p[32], slab_p[32];

	read_text(DEBUGFS "fail_page_alloc/probability", page_p, sizeof(page_p));
	read_text(DEBUGFS "failslab/probability", slab_p, sizeof(slab_p));
	page_p[strcspn(page_p, "\n")] = slab_p[strcspn(slab_p, "\n")] = '\0';
	tap(seed >= 0 && strcmp(page_p, "0") != 0 && strcmp(slab_p, "0") != 0,
	    "the boot options are in /sys/kernel/debug: fail_page_alloc %s%%, failslab %s%%, seed %ld", page_p, slab_p,
	    seed);

	struct mem start = snapshot(), before, after;
	for (int i = 0; i < ntests; i++) {
		char path[128], *arg;
		snprintf(path, sizeof(path), "%s%s", tests[i][0] == '/' ? "" : "/tests/bin/", tests[i]);
		if ((arg = strchr(path, ':'))) /* PROG:ARG */
			*arg++ = '\0';
		char *argv[] = { path, arg, NULL };
		int timed_out, stuck;
		before = snapshot();
		long long t0 = now_ms();
		int code = run(argv, TEST_TIMEOUT_MS, &timed_out, &stuck);
		int ok = nothing_lost(before, &after);
		if (!ok)
			describe_leak(tests[i], before, after);
		tap(ok && !stuck, "seed %ld: %s under injection: %s %d in %lld ms, no memory left behind", seed, tests[i],
		    stuck ? "STUCK after SIGKILL, exit" : timed_out ? "waited forever, killed:" : "exit", code,
		    now_ms() - t0);
	}

	/* injection off: the kernel must still work and have everything back */
	set_attr("fail_page_alloc", "probability", "0");
	set_attr("failslab", "probability", "0");
	long pages = attr_value("fail_page_alloc", "failures") - pages0;
	long slabs = attr_value("failslab", "failures") - slab0;
	tap(pages > 0 && slabs > 0, "seed %ld: failures were injected: %ld page, %ld slab allocations", seed, pages, slabs);
	int ok = nothing_lost(start, &after);
	if (!ok) {
		describe_leak("the whole run", start, after);
		show_processes();
		char dump[4096];
		read_text("/proc/meminfo", dump, sizeof(dump));
		dprintf(errfd, "%s", dump);
		read_text("/proc/vmstat", dump, sizeof(dump));
		dprintf(errfd, "%s", dump);
	}
	tap(ok, "seed %ld: after the run, with injection off, no memory is missing (free, slab pages, objects)", seed);
	char path[] = "/tests/bin/t_vm_cow";
	char *argv[] = { path, NULL };
	int timed_out, stuck, code = run(argv, NORMAL_TIMEOUT_MS, &timed_out, &stuck);
	tap(code == 0 && !timed_out && !stuck,
	    "seed %ld: the kernel still runs a program normally (t_vm_cow: exit %d%s%s)", seed, code,
	    timed_out ? ", timed out" : "", stuck ? ", left a process SIGKILL did not end" : "");
	return 0;
}

/* ---- sweep ---- */

/* Fail the n-th allocation of kind in argv, for n = first, first + step, ... */
static void sweep(const char *kind, const char *other, char *const argv[], int first, int step, int timeout_ms)
{
	char n_text[24];
	struct mem before, after;
	int leaks = 0, hangs = 0, n, runs = 0;
	long long t0 = now_ms();

	set_attr(other, "probability", "0");
	set_attr(kind, "verbose", "1");
	for (n = first; n <= SWEEP_MAX; n += step, runs++) {
		long failures = attr_value(kind, "failures");
		before = snapshot();
		snprintf(n_text, sizeof(n_text), "%d", n);
		set_attr(kind, "interval", n_text);
		set_attr(kind, "times", "1");
		set_attr(kind, "probability", "100");
		int timed_out, stuck, code = run(argv, timeout_ms, &timed_out, &stuck);
		set_attr(kind, "probability", "0");
		long injected = attr_value(kind, "failures") - failures;
		if (timed_out || stuck)
			hangs++, dprintf(errfd, "# hung: %s: allocation %d failed%s\n", kind, n,
					 stuck ? ": STUCK after SIGKILL" : "; killed");
		if (!nothing_lost(before, &after)) {
			char what[64];
			snprintf(what, sizeof(what), "%s, allocation %d failed (exit %d)", kind, n, code);
			describe_leak(what, before, after);
			leaks++;
		}
		if (injected == 0)
			break; /* op made fewer than n allocations: every one has failed once */
	}
	set_attr(kind, "verbose", "0");
	tap(n <= SWEEP_MAX && !leaks && !hangs,
	    "sweep %s: %s: allocation %d, %d, ... failed in turn, %d runs: %d leaks, %d hangs (%lld ms)", kind, argv[1] ? argv[1] : argv[0],
	    first, first + step, runs, leaks, hangs, now_ms() - t0);
}

/* sweep: both kinds on `failrun op`; sweep KIND FIRST STEP PROG: one kind on /tests/bin/PROG */
static int mode_sweep(int argc, char **argv)
{
	struct mem start = snapshot(), after;
	char *op_argv[] = { self_path, "op", NULL };

	if (argc == 4) {
		char path[128];
		snprintf(path, sizeof(path), "/tests/bin/%s", argv[3]);
		char *prog_argv[] = { path, NULL };
		bool op = !strcmp(argv[3], "op");
		sweep(argv[0], strcmp(argv[0], "failslab") ? "failslab" : "fail_page_alloc", op ? op_argv : prog_argv,
		      atoi(argv[1]), atoi(argv[2]), op ? NORMAL_TIMEOUT_MS : TEST_TIMEOUT_MS);
	} else {
		sweep("failslab", "fail_page_alloc", op_argv, 1, 1, NORMAL_TIMEOUT_MS);
		sweep("fail_page_alloc", "failslab", op_argv, 1, 1, NORMAL_TIMEOUT_MS);
	}
	set_attr("fail_page_alloc", "interval", "1");
	set_attr("failslab", "interval", "1");
	int ok = nothing_lost(start, &after);
	if (!ok)
		describe_leak("the sweeps", start, after);
	tap(ok, "sweeps: with injection off again, no memory is missing");
	char path[] = "/tests/bin/t_vm_cow";
	char *cow_argv[] = { path, NULL };
	int timed_out, stuck, code = run(cow_argv, NORMAL_TIMEOUT_MS, &timed_out, &stuck);
	tap(code == 0 && !timed_out && !stuck, "sweeps: the kernel still runs a program normally (t_vm_cow: exit %d)",
	    code);
	return 0;
}

/* ---- race: the regression test of the SMP races the sweeps ran into ---- */

/*
 * A child writes a byte into a pipe and exits while we read to EOF and
 * close: its pipe_release woke our side after dropping the pipe's lock,
 * by when our close could have freed the pipe (an Oops in wake_up on slab
 * poison, or a CPU spinning forever on a freed wait queue's lock).  And a
 * vfork child that exits at once: complete() set `done` before taking the
 * lock of the completion on our kernel stack, which we may have left.
 */
static pid_t __attribute__((noinline)) vfork_and_exit(void)
{
	pid_t pid = vfork();

	if (pid == 0)
		_exit(0);
	return pid;
}

static int race_child(int iterations)
{
	for (int i = 0; i < iterations; i++) {
		int fds[2];
		char c;
		if (pipe(fds))
			return 2;
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			_exit(write(fds[1], "x", 1) == 1 ? 0 : 1);
		}
		close(fds[1]);
		while (read(fds[0], &c, 1) > 0)
			;
		close(fds[0]);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			return 3;
		pid = vfork_and_exit();
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			return 4;
	}
	return 0;
}

static int mode_race(int iterations)
{
	struct mem before = snapshot(), after;
	char n_text[16];

	snprintf(n_text, sizeof(n_text), "%d", iterations);
	char *argv[] = { self_path, "race-child", n_text, NULL };
	long long t0 = now_ms();
	int timed_out, stuck, code = run(argv, NORMAL_TIMEOUT_MS, &timed_out, &stuck);
	tap(code == 0 && !timed_out && !stuck,
	    "race: %d times a pipe's writer exits while its reader closes, and a vfork child exits at once (exit %d, %lld ms)",
	    iterations, code, now_ms() - t0);
	int ok = nothing_lost(before, &after);
	if (!ok)
		describe_leak("race", before, after);
	tap(ok, "race: no memory missing afterwards");
	return 0;
}

/* ---- op: the sweep's workload ---- */

static volatile int got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void touch(char *p, size_t len)
{
	for (size_t i = 0; i < len; i += 4096)
		p[i] = (char)i;
}

static int mode_op(void)
{
	size_t len = 16 * 4096;
	char buf[8192];

	/* anonymous memory: fault, protect, split, move */
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		touch(p, len);
		mprotect(p + 4096, 4096, PROT_READ);
		munmap(p + 8 * 4096, 4096);
		char *q = mremap(p, 4 * 4096, 32 * 4096, MREMAP_MAYMOVE);
		if (q != MAP_FAILED) {
			touch(q, 32 * 4096);
			munmap(q, 32 * 4096);
		}
		munmap(p, len);
	}
	/* populated and shared memory */
	char *pop = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	char *shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared != MAP_FAILED)
		touch(shared, len);
	/* the heap */
	char *brk0 = sbrk(0), *grown = sbrk(64 * 1024);
	if (grown != (char *)-1) {
		touch(grown, 64 * 1024);
		sbrk(-32 * 1024);
	}
	/* fork: copy-on-write on both sides, shared pages, a pipe between them */
	int fds[2] = { -1, -1 };
	if (pipe(fds) == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			if (pop != MAP_FAILED)
				touch(pop, len);
			if (shared != MAP_FAILED)
				shared[0] = 1;
			memset(buf, 'x', sizeof(buf));
			if (write(fds[1], buf, sizeof(buf)) < 0)
				_exit(2);
			_exit(0);
		}
		close(fds[1]);
		while (read(fds[0], buf, sizeof(buf)) > 0)
			;
		close(fds[0]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	if (pop != MAP_FAILED)
		touch(pop, len);
	/* exec, through fork and through vfork */
	char *true_argv[] = { "/bin/true", NULL };
	pid_t pid = fork();
	if (pid == 0) {
		execv(true_argv[0], true_argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	pid = vfork();
	if (pid == 0) {
		execv(true_argv[0], true_argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	/* files: /proc text, a directory, a file of the initrd */
	read_text("/proc/self/maps", buf, sizeof(buf));
	read_text("/proc/meminfo", buf, sizeof(buf));
	DIR *d = opendir("/bin");
	if (d) {
		while (readdir(d))
			;
		closedir(d);
	}
	int fd = open("/bin/true", O_RDONLY);
	if (fd >= 0) {
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	/* a signal handler: its frame goes on the user stack */
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) == 0)
		kill(getpid(), SIGUSR1);
	/* a deep stack: the stack VMA grows */
	volatile char deep[96 * 1024];
	touch((char *)deep, sizeof(deep));
	if (brk0 != (char *)-1)
		brk(brk0);
	return got_signal == SIGUSR1 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "op") == 0)
		return mode_op();
	if (argc > 2 && strcmp(argv[1], "race-child") == 0)
		return race_child(atoi(argv[2]));
	if (i + 1 < argc && strcmp(argv[i], "--stderr") == 0) {
		int fd = open(argv[i + 1], O_WRONLY | O_NOCTTY);
		if (fd >= 0)
			errfd = fd;
		i += 2;
	}
	if (i < argc && argv[i][0] == '/') /* lom-exec's path of this program */
		snprintf(self_path, sizeof(self_path), "%s", argv[i++]);
	else
		snprintf(self_path, sizeof(self_path), "%s", argv[0]);
	devnull = open("/dev/null", O_WRONLY);
	prefault();
	if (getpid() != 1)
		dprintf(errfd, "failrun: not pid 1: the injector does not spare this process (use init=%s)\n", self_path);
	if (i < argc && strcmp(argv[i], "random") == 0)
		mode_random(argc - i - 1, argv + i + 1);
	else if (i < argc && strcmp(argv[i], "sweep") == 0)
		mode_sweep(argc - i - 1, argv + i + 1);
	else if (i + 1 < argc && strcmp(argv[i], "race") == 0)
		mode_race(atoi(argv[i + 1]));
	else {
		dprintf(errfd, "usage: failrun [--stderr DEV] [PATH] random [-v|-vv] TEST... | sweep [KIND FIRST STEP TEST] | "
			       "race N | op\n");
		return 2;
	}
	printf("1..%d\n", tap_n);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}
