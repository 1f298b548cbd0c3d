/*
 * user/soak.c - soak [-t SECONDS] [-r ROUND_SECONDS] [-c CPUS] [-s SEED]:
 * keep every CPU busy with a mix of what stresses a kernel, for a long
 * time, and check after each round that no memory was lost.
 *
 * In rounds (60 s by default), each CPU gets five workers at once:
 *
 *   forkexec  fork + exec /bin/true or /bin/false, fork + _exit, vfork + exec
 *   mmstorm   mmap/munmap/mprotect/mremap/madvise of overlapping ranges,
 *             touched, private and shared, and forks that write copy-on-write
 *   brk       the heap grown and shrunk by sbrk, touched
 *   malloc    malloc/realloc/free of small to large blocks (brk and mmap
 *             chunks), each block filled with a pattern that must survive
 *   syzlite   /bin/syzlite -q for the round, a new seed each time
 *
 * After a round, when every worker is gone, free memory, slab pages and
 * kernel objects (/proc/meminfo) must be back where they were before the
 * first round (allowing a few seconds for exits to finish): anything
 * less is a leak.  At the end: the totals - system calls issued (workers'
 * and syzlite's), malloc calls, page faults and OOM kills (/proc/vmstat
 * deltas), processes created, leaks found - one "soak: totals:" line.
 *
 * Exit status 0 only with no leak and no worker failure (a malloc block
 * that lost its pattern, a syzlite hang, a worker killed by anything but
 * the OOM killer).  For lom: it runs /bin/syzlite, and reads lom's
 * /proc/meminfo (SlabObjects) for the leak check.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NWORKERS 5
#define MAX_CPUS 16
static const char *const worker_names[NWORKERS] = { "forkexec", "mmstorm", "brk", "malloc", "syzlite" };

/* one worker's counts, in memory shared with the driver */
struct counts {
	uint64_t syscalls, procs, errors;
	uint64_t mallocs; /* malloc/realloc/free calls (a system call only now and then) */
};

static struct counts *slots; /* [cpu * NWORKERS + worker] */
static uint64_t deadline_ms;

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* ---- /proc ---- */

static long field(const char *path, const char *name)
{
	static char buf[8192]; /* static: reading must not grow our own memory */
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (char *p = buf; (p = strstr(p, name)); p++)
		if ((p == buf || p[-1] == '\n') && (p[strlen(name)] == ':' || p[strlen(name)] == ' '))
			return atol(p + strlen(name) + 1);
	return -1;
}

struct mem {
	long free_kb, slab_kb, objects;
};

static struct mem snapshot(void)
{
	struct mem m = { field("/proc/meminfo", "MemFree") + field("/proc/meminfo", "PerCPULists"),
			 field("/proc/meminfo", "Slab"), field("/proc/meminfo", "SlabObjects") };
	return m;
}

/* ---- the workers: each runs until deadline_ms, counting its calls ---- */

static void forkexec(struct counts *c)
{
	static char *const t_argv[] = { "true", NULL }, *const f_argv[] = { "false", NULL };
	while (now_ms() < deadline_ms) {
		unsigned kind = (unsigned)(rnd() % 4);
		pid_t pid = kind == 3 ? vfork() : fork();
		if (pid == 0) {
			if (kind == 2)
				_exit(3);
			execv(kind == 1 ? "/bin/false" : "/bin/true", kind == 1 ? f_argv : t_argv);
			_exit(127);
		}
		c->syscalls += kind == 2 ? 3 : 4; /* fork, exec, exit, wait4 */
		if (pid < 0) {
			usleep(10000); /* the process table or memory is full: let it drain */
			continue;
		}
		c->procs++;
		int st;
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != (kind == 2 ? 3 : kind == 1 ? 1 : 0))
			c->errors++;
	}
}

static void mmstorm(struct counts *c)
{
	const size_t span = 64 << 12; /* 64 pages, reused over and over */
	char *base = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		c->errors++;
		return;
	}
	while (now_ms() < deadline_ms) {
		size_t off = (rnd() % 48) << 12, len = ((rnd() % 16) + 1) << 12;
		char *p = base + off;
		switch (rnd() % 8) {
		case 0: case 1: { /* new memory, private or shared, written all over */
			int share = rnd() & 1 ? MAP_SHARED : MAP_PRIVATE;
			if (mmap(p, len, PROT_READ | PROT_WRITE, share | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == p)
				memset(p, 0x5a, len);
			break;
		}
		case 2:
			mprotect(p, len, (int)(rnd() % 4));
			break;
		case 3:
			munmap(p, len);
			break;
		case 4:
			madvise(p, len, rnd() & 1 ? MADV_DONTNEED : MADV_WILLNEED);
			break;
		case 5: /* move a piece inside the span */
			mremap(p, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, base + ((rnd() % 48) << 12));
			break;
		case 6: { /* a child that writes copy-on-write into whatever is mapped writable */
			pid_t pid = fork();
			if (pid == 0) {
				int zero = open("/dev/zero", O_RDONLY);
				for (size_t i = 0; i < span; i += 4096)
					read(zero, base + i, 4096); /* EFAULT where nothing writable is mapped */
				_exit(0);
			}
			if (pid > 0) {
				waitpid(pid, NULL, 0);
				c->procs++;
			}
			break;
		}
		default: /* new private memory, one byte a page: demand paging */
			if (mmap(p, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == p)
				for (size_t i = 0; i < len; i += 4096)
					p[i]++;
			break;
		}
		c->syscalls++;
	}
	munmap(base, span);
}

static void brk_churn(struct counts *c)
{
	char *start = sbrk(0);
	while (now_ms() < deadline_ms) {
		long grow = (long)(rnd() % (4 << 20));
		char *p = sbrk(grow);
		c->syscalls++;
		if (p == (void *)-1)
			continue;
		for (long i = 0; i < grow; i += 4096)
			p[i] = 1;
		if (brk(start + (rnd() % (1 << 20))) == 0) /* shrink, mostly */
			c->syscalls++;
	}
	brk(start);
}

static void malloc_load(struct counts *c)
{
	enum { N = 256 };
	static unsigned char *blocks[N];
	static size_t sizes[N];
	while (now_ms() < deadline_ms) {
		unsigned i = (unsigned)(rnd() % N);
		if (blocks[i]) { /* the pattern written when it was made must still be there */
			for (size_t k = 0; k < sizes[i]; k += 509)
				if (blocks[i][k] != (unsigned char)(i + k))
					c->errors++;
			if (rnd() % 4 == 0) {
				size_t n = (size_t)(rnd() % (256 << 10)) + 1, keep = n < sizes[i] ? n : sizes[i];
				unsigned char *q = realloc(blocks[i], n);
				if (q) {
					for (size_t k = 0; k < keep; k += 509)
						if (q[k] != (unsigned char)(i + k))
							c->errors++;
					for (size_t k = 0; k < n; k++)
						q[k] = (unsigned char)(i + k);
					blocks[i] = q, sizes[i] = n;
				}
				c->mallocs++;
				continue;
			}
			free(blocks[i]);
			blocks[i] = NULL;
		} else {
			/* mostly small, now and then above the mmap threshold (128 KiB) */
			size_t n = rnd() % 8 ? (size_t)(rnd() % 2048) + 1 : (size_t)(rnd() % (1 << 20)) + 1;
			blocks[i] = malloc(n);
			if (blocks[i]) {
				sizes[i] = n;
				for (size_t k = 0; k < n; k++)
					blocks[i][k] = (unsigned char)(i + k);
			}
		}
		c->mallocs++;
	}
	for (unsigned i = 0; i < N; i++)
		free(blocks[i]);
}

/* /bin/syzlite for the round; its totals line gives the counts */
static void syzlite(struct counts *c, uint64_t seed, unsigned seconds)
{
	int fds[2];
	if (pipe(fds) < 0) {
		c->errors++;
		return;
	}
	char s[32], t[32];
	snprintf(s, sizeof(s), "%lu", (unsigned long)seed);
	snprintf(t, sizeof(t), "%u", seconds);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/syzlite", "syzlite", "-q", "-s", s, "-t", t, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	char buf[4096];
	size_t len = 0;
	long n;
	while ((n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fds[0]);
	int st;
	waitpid(pid, &st, 0);
	c->procs++;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		return; /* the OOM killer's choice: counted by the kernel (oom_kill) */
	unsigned long calls = 0, procs = 0, batches = 0, deaths = 0, hangs = 0;
	char *line = strstr(buf, "syzlite: total calls=");
	if (!line || sscanf(line, "syzlite: total calls=%lu procs=%lu batches=%lu deaths=%lu hangs=%lu", &calls, &procs,
			    &batches, &deaths, &hangs) != 5 || hangs || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "soak: syzlite -s %s failed (status %#x, hangs %lu):\n%s", s, st, hangs, buf);
		c->errors++;
	}
	c->syscalls += calls;
	c->procs += procs;
}

static void run_worker(unsigned w, struct counts *c, uint64_t seed, unsigned seconds)
{
	rng_state = seed * 0x9e3779b97f4a7c15ull + w + 1;
	switch (w) {
	case 0: forkexec(c); break;
	case 1: mmstorm(c); break;
	case 2: brk_churn(c); break;
	case 3: malloc_load(c); break;
	default: syzlite(c, seed, seconds); break;
	}
}

/* ---- rounds ---- */

struct totals {
	uint64_t syscalls, mallocs, procs, faults, oom_kills, leaks, errors;
};

/* Wait up to 10 s for memory to come back to the baseline; 1 if it did not. */
static int leak_check(struct mem base, unsigned round)
{
	struct mem m;
	for (int tries = 0;; tries++) {
		m = snapshot();
		if (m.free_kb >= base.free_kb && m.slab_kb <= base.slab_kb && m.objects <= base.objects)
			break;
		if (tries == 100) {
			printf("soak: round %u: LEAK: free %+ld kB, slab %+ld kB, objects %+ld\n", round,
			       m.free_kb - base.free_kb, m.slab_kb - base.slab_kb, m.objects - base.objects);
			return 1;
		}
		usleep(100000);
	}
	printf("soak: round %u: leak check: ok (free %+ld kB, slab %+ld kB, objects %+ld)\n", round,
	       m.free_kb - base.free_kb, m.slab_kb - base.slab_kb, m.objects - base.objects);
	return 0;
}

static void round_run(unsigned round, unsigned ncpu, unsigned seconds, uint64_t seed, struct totals *t)
{
	pid_t pids[MAX_CPUS * NWORKERS];
	long faults0 = field("/proc/vmstat", "pgfault"), oom0 = field("/proc/vmstat", "oom_kill");
	unsigned n = ncpu * NWORKERS, oom_victims = 0;

	memset(slots, 0, sizeof(struct counts) * n);
	deadline_ms = now_ms() + (uint64_t)seconds * 1000;
	fflush(NULL);
	for (unsigned i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			run_worker(i % NWORKERS, &slots[i], seed + round * 1000 + i, seconds);
			_exit(0);
		}
		if (pids[i] < 0) {
			perror("soak: fork");
			t->errors++;
		}
	}
	struct counts r = { 0, 0, 0, 0 };
	for (unsigned i = 0; i < n; i++) {
		int st;
		if (pids[i] <= 0 || waitpid(pids[i], &st, 0) != pids[i])
			continue;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) {
			oom_victims++; /* only the OOM killer sends SIGKILL to a worker */
		} else if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			printf("soak: round %u: worker %s on CPU %u: status %#x\n", round, worker_names[i % NWORKERS],
			       i / NWORKERS, st);
			r.errors++;
		}
		if (slots[i].errors)
			printf("soak: round %u: worker %s on CPU %u: %lu errors\n", round, worker_names[i % NWORKERS],
			       i / NWORKERS, (unsigned long)slots[i].errors);
		r.syscalls += slots[i].syscalls, r.procs += slots[i].procs + 1, r.errors += slots[i].errors;
		r.mallocs += slots[i].mallocs;
	}
	long faults = field("/proc/vmstat", "pgfault") - faults0;
	long ooms = oom0 >= 0 ? field("/proc/vmstat", "oom_kill") - oom0 : (long)oom_victims;
	printf("soak: round %u: %u s on %u CPUs: syscalls %lu, mallocs %lu, faults %ld, processes %lu, oom kills %ld, "
	       "errors %lu\n", round, seconds, ncpu, (unsigned long)r.syscalls, (unsigned long)r.mallocs, faults,
	       (unsigned long)r.procs, ooms, (unsigned long)r.errors);
	t->syscalls += r.syscalls, t->mallocs += r.mallocs, t->procs += r.procs, t->faults += (uint64_t)faults;
	t->oom_kills += (uint64_t)ooms, t->errors += r.errors;
}

/* Touch 64 KiB of stack now, so that no later call grows it (a "leak" of our own). */
static void __attribute__((noinline)) touch_stack(void)
{
	volatile char pad[65536];
	for (size_t i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
}

static unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_CPUS ? MAX_CPUS : (unsigned)n;
}

int main(int argc, char **argv)
{
	unsigned seconds = 600, round_s = 60, ncpu = online_cpus();
	uint64_t seed = 1;
	int c;

	while ((c = getopt(argc, argv, "t:r:c:s:")) != -1) {
		switch (c) {
		case 't': seconds = (unsigned)atoi(optarg); break;
		case 'r': round_s = (unsigned)atoi(optarg); break;
		case 'c': ncpu = (unsigned)atoi(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: soak [-t SECONDS] [-r ROUND_SECONDS] [-c CPUS] [-s SEED]\n");
			return 2;
		}
	}
	if (!round_s || !ncpu || ncpu > MAX_CPUS) {
		fprintf(stderr, "soak: bad -r or -c (at most %d CPUs)\n", MAX_CPUS);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	slots = mmap(NULL, sizeof(struct counts) * MAX_CPUS * NWORKERS, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED) {
		perror("soak: mmap");
		return 1;
	}
	unsigned rounds = (seconds + round_s - 1) / round_s;
	printf("soak: %u s in %u round(s) of up to %u s, %u workers on each of %u CPUs (%s, %s, %s, %s, %s)\n",
	       seconds, rounds, round_s, NWORKERS, ncpu, worker_names[0], worker_names[1], worker_names[2],
	       worker_names[3], worker_names[4]);
	/* our own memory must not grow after the baseline: stdio's buffer (the
	 * printf above), the stack, the counts' page, field()'s buffer */
	touch_stack();
	memset(slots, 0, sizeof(struct counts) * MAX_CPUS * NWORKERS);
	snapshot();
	struct mem base = snapshot();
	if (base.free_kb < 0 || base.objects < 0)
		printf("soak: no /proc/meminfo MemFree/SlabObjects: no leak checks\n");
	struct totals t = { 0, 0, 0, 0, 0, 0, 0 };
	for (unsigned r = 1; r <= rounds; r++) {
		unsigned s = r < rounds ? round_s : seconds - round_s * (rounds - 1);
		round_run(r, ncpu, s, seed, &t);
		if (base.free_kb >= 0 && base.objects >= 0)
			t.leaks += (uint64_t)leak_check(base, r);
	}
	printf("soak: totals: rounds=%u seconds=%u cpus=%u syscalls=%lu mallocs=%lu faults=%lu processes=%lu "
	       "oom_kills=%lu leaks=%lu errors=%lu\n", rounds, seconds, ncpu, (unsigned long)t.syscalls,
	       (unsigned long)t.mallocs, (unsigned long)t.faults, (unsigned long)t.procs, (unsigned long)t.oom_kills,
	       (unsigned long)t.leaks, (unsigned long)t.errors);
	return t.leaks || t.errors ? 1 : 0;
}
