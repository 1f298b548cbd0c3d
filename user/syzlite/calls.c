/*
 * user/syzlite/calls.c - which calls syzlite makes and with what
 * arguments: the weighted call table, the PRNG, and one argument
 * generator per call, biased towards the edges (NULL, unmapped, kernel
 * and non-canonical pointers, buffers that run into a guard page, 0 /
 * page / huge / -1 lengths, random flag bits next to valid ones, stale
 * and bogus fds) and, for the VMA calls, towards a few overlapping ranges
 * of the arena so that mmap/munmap/mprotect/mremap/madvise/brk keep
 * splitting and merging the same VMAs.
 *
 * Structs a call points to (iovecs, timespecs, sigactions, paths, argv)
 * are built in the struct half of the scratch buffer, fresh for each call.
 *
 * What the fuzzer must not do to its harness is decided here: signals,
 * ptrace, prlimit and setpgid only ever name this process, its own
 * children (checked with getpgid just before) or pids that cannot exist;
 * never -1, 1 or the worker.  reboot never gets the first magic number.
 * execve runs /bin/true or /bin/false or fails.  No path names a tty or
 * a writable /proc or /sys file, and fds 0-2 are /dev/null.
 */
#include <stddef.h>
#include <string.h>

#include "syzlite.h"

#define X_CALLS(X)                                                                                    \
	/* memory: the VMA playground */                                                              \
	X(mmap, 9, 240, 6)                                                                             \
	X(munmap, 11, 160, 2)                                                                          \
	X(mprotect, 10, 160, 3)                                                                        \
	X(mremap, 25, 140, 5)                                                                          \
	X(madvise, 28, 140, 3)                                                                         \
	X(brk, 12, 100, 1)                                                                             \
	X(touch, -1, 200, 3)                                                                           \
	/* files */                                                                                   \
	X(read, 0, 100, 3)                                                                             \
	X(write, 1, 80, 3)                                                                            \
	X(open, 2, 60, 3)                                                                             \
	X(openat, 257, 60, 4)                                                                         \
	X(close, 3, 60, 1)                                                                            \
	X(stat, 4, 24, 2)                                                                              \
	X(lstat, 6, 16, 2)                                                                             \
	X(fstat, 5, 32, 2)                                                                             \
	X(newfstatat, 262, 32, 4)                                                                      \
	X(lseek, 8, 32, 3)                                                                             \
	X(ioctl, 16, 40, 3)                                                                           \
	X(pread64, 17, 32, 4)                                                                          \
	X(readv, 19, 40, 3)                                                                           \
	X(writev, 20, 40, 3)                                                                          \
	X(access, 21, 16, 2)                                                                           \
	X(faccessat, 269, 16, 3)                                                                       \
	X(faccessat2, 439, 16, 4)                                                                      \
	X(pipe, 22, 24, 1)                                                                             \
	X(pipe2, 293, 24, 2)                                                                           \
	X(dup, 32, 24, 1)                                                                              \
	X(dup2, 33, 24, 2)                                                                             \
	X(dup3, 292, 24, 3)                                                                            \
	X(fcntl, 72, 48, 3)                                                                           \
	X(getdents64, 217, 40, 3)                                                                     \
	X(getcwd, 79, 20, 2)                                                                           \
	X(chdir, 80, 16, 1)                                                                            \
	X(fchdir, 81, 16, 1)                                                                           \
	X(readlink, 89, 20, 3)                                                                         \
	X(readlinkat, 267, 20, 4)                                                                      \
	X(umask, 95, 8, 1)                                                                            \
	X(sync, 162, 2, 0)                                                                            \
	/* signals */                                                                                 \
	X(rt_sigaction, 13, 80, 4)                                                                    \
	X(rt_sigprocmask, 14, 60, 4)                                                                  \
	X(rt_sigreturn, 15, 32, 1)                                                                     \
	X(rt_sigpending, 127, 16, 2)                                                                   \
	X(rt_sigsuspend, 130, 1, 2)                                                                   \
	X(pause, 34, 1, 0)                                                                            \
	X(kill, 62, 40, 2)                                                                            \
	X(tkill, 200, 24, 2)                                                                           \
	X(tgkill, 234, 24, 3)                                                                          \
	/* processes */                                                                               \
	X(fork, 57, 32, 0)                                                                             \
	X(vfork, 58, 24, 0)                                                                            \
	X(clone, 56, 48, 5)                                                                           \
	X(execve, 59, 8, 3)                                                                           \
	X(exit, 60, 2, 1)                                                                             \
	X(exit_group, 231, 2, 1)                                                                      \
	X(wait4, 61, 48, 4)                                                                           \
	X(getpid, 39, 8, 0)                                                                           \
	X(getppid, 110, 8, 0)                                                                         \
	X(gettid, 186, 8, 0)                                                                          \
	X(setpgid, 109, 16, 2)                                                                         \
	X(getpgid, 121, 12, 1)                                                                         \
	X(getpgrp, 111, 8, 0)                                                                         \
	X(setsid, 112, 12, 0)                                                                          \
	X(getsid, 124, 12, 1)                                                                          \
	X(set_tid_address, 218, 20, 1)                                                                 \
	X(ptrace, 101, 60, 4)                                                                         \
	X(process_vm_readv, 310, 40, 6)                                                               \
	X(prlimit64, 302, 32, 4)                                                                       \
	X(getrlimit, 97, 16, 2)                                                                        \
	X(setrlimit, 160, 24, 2)                                                                       \
	X(getrusage, 98, 20, 2)                                                                        \
	X(getuid, 102, 4, 0)                                                                          \
	X(getgid, 104, 4, 0)                                                                          \
	X(geteuid, 107, 4, 0)                                                                         \
	X(getegid, 108, 4, 0)                                                                         \
	X(setuid, 105, 4, 1)                                                                          \
	X(setgid, 106, 4, 1)                                                                          \
	X(arch_prctl, 158, 40, 2)                                                                     \
	X(prctl, 157, 32, 5)                                                                           \
	/* time and the rest */                                                                       \
	X(nanosleep, 35, 24, 2)                                                                        \
	X(clock_nanosleep, 230, 24, 4)                                                                 \
	X(clock_gettime, 228, 20, 2)                                                                   \
	X(clock_getres, 229, 16, 2)                                                                    \
	X(gettimeofday, 96, 16, 2)                                                                     \
	X(time, 201, 12, 1)                                                                            \
	X(sched_yield, 24, 12, 0)                                                                      \
	X(getcpu, 309, 16, 3)                                                                          \
	X(sched_getaffinity, 204, 20, 3)                                                               \
	X(uname, 63, 16, 1)                                                                            \
	X(getrandom, 318, 32, 3)                                                                       \
	X(restart_syscall, 219, 8, 0)                                                                 \
	X(reboot, 169, 2, 4)                                                                          \
	/* pseudo calls: an unimplemented number, a faulting instruction, a syscall on a bad stack */ \
	X(nosys, -2, 20, 6)                                                                            \
	X(insn, -3, 32, 2)                                                                             \
	X(badrsp, -4, 8, 4)

#define X_ENUM(name, nr, w, n) C_##name,
enum { X_CALLS(X_ENUM) C_COUNT };
#define X_DESC(name, nr, w, n) { #name, nr, w, n },
const struct call_desc call_table[] = { X_CALLS(X_DESC) };
const unsigned ncalls = C_COUNT;
_Static_assert(C_COUNT <= NCALLS_MAX, "raise NCALLS_MAX");

/* ---- the PRNG: xorshift64*, seeded through splitmix64 ---- */

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

uint64_t mix_seed(uint64_t seed, unsigned slot, unsigned batch)
{
	uint64_t s = splitmix(splitmix(splitmix(seed) ^ slot) ^ batch);
	return s ? s : 1;
}

uint64_t rnd(struct fuzz *f)
{
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545f4914f6cdd1dull;
}

unsigned rn(struct fuzz *f, unsigned n)
{
	return n ? (unsigned)((rnd(f) >> 16) % n) : 0;
}

static bool chance(struct fuzz *f, unsigned percent)
{
	return rn(f, 100) < percent;
}

#define PICK(f, arr) ((arr)[rn((f), sizeof(arr) / sizeof((arr)[0]))])

unsigned pick_call(struct fuzz *f)
{
	static unsigned total;
	if (!total)
		for (unsigned i = 0; i < C_COUNT; i++)
			total += call_table[i].weight;
	unsigned r = rn(f, total);
	for (unsigned i = 0; i < C_COUNT; i++) {
		if (r < call_table[i].weight)
			return i;
		r -= call_table[i].weight;
	}
	return 0;
}

/* ---- values ---- */

static const uint64_t interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 511, 512, 1023, 1024, 4095, 4096,
	4097, 65535, 65536, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
	0x8000000000000000ull, -1ull, -2ull, -4095ull, -4096ull,
};

static uint64_t gen_int(struct fuzz *f)
{
	unsigned r = rn(f, 10);
	if (r < 4)
		return PICK(f, interesting);
	if (r < 7)
		return rn(f, 64);
	if (r < 9)
		return (uint32_t)rnd(f);
	return rnd(f);
}

static uint64_t gen_len(struct fuzz *f)
{
	static const uint64_t lens[] = { 0, 1, 2, 7, 8, 16, 64, 100, 511, 4095, 4096, 4097, 8192, 32768, 65536,
					  1ull << 20, 0x7ffff000, 0x80000000, 1ull << 32, 1ull << 47, -1ull, -4096ull };
	return chance(f, 85) ? PICK(f, lens) : gen_int(f);
}

/* The struct area of the scratch buffer: a bump allocator reset per call. */
static void *salloc(struct fuzz *f, unsigned size)
{
	unsigned off = (f->bump + 15) & ~15u;
	unsigned limit = SCRATCH_SIZE - SCRATCH_IO - 512; /* the last 512 bytes: unterminated strings */
	if (off + size > limit)
		off = 0;
	f->bump = off + size;
	return (char *)(SCRATCH_BASE + SCRATCH_IO + off);
}

/* Pointers the kernel must refuse (or find unmapped). */
static uint64_t bad_ptr(struct fuzz *f)
{
	static const uint64_t bad[] = {
		0, 1, 0xfff, 0x1000, 0xfff8, 0xffff800000000000ull, 0xffff888000000000ull, 0xffffffff80000000ull,
		0xffffffff80100000ull, 0xfffffffffffff000ull, -1ull, -8ull, 0x0000800000000000ull,
		0x8000000000000000ull, USER_TOP, USER_TOP - 1, USER_TOP - 8, USER_TOP - PAGE, 0x00007fffffffffffull,
		SCRATCH_BASE + SCRATCH_SIZE, SCRATCH_BASE - 1, SCRATCH_BASE - 8, ARENA_BASE + ARENA_SIZE,
		ARENA_BASE - PAGE,
	};
	unsigned r = rn(f, 10);
	if (r < 7)
		return PICK(f, bad);
	if (r < 8)
		return (uint64_t)(uintptr_t)&gen_int; /* text: readable, not writable */
	if (r < 9)
		return (uint64_t)(uintptr_t)"syzlite rodata";
	return rnd(f);
}

/* A buffer for the kernel to write into or read from: usually valid,
 * sometimes running into the guard page, in the arena, or bad. */
static uint64_t gen_buf(struct fuzz *f)
{
	unsigned r = rn(f, 100);
	if (r < 60) {
		uint64_t off = rn(f, SCRATCH_IO);
		if (chance(f, 70))
			off &= ~7ull;
		return SCRATCH_BASE + off;
	}
	if (r < 68)
		return SCRATCH_BASE + SCRATCH_SIZE - 1 - rn(f, 64); /* crosses into the guard page */
	if (r < 82)
		return ARENA_BASE + rn(f, ARENA_SIZE / 8) * 8;
	return bad_ptr(f);
}

/* A length that fits buf when buf is in the I/O part of the scratch, else anything. */
static uint64_t gen_buflen(struct fuzz *f, uint64_t buf)
{
	if (buf >= SCRATCH_BASE && buf < SCRATCH_BASE + SCRATCH_IO && chance(f, 60))
		return rn(f, (unsigned)(SCRATCH_BASE + SCRATCH_IO - buf) + 1);
	return gen_len(f);
}

static uint64_t gen_fd(struct fuzz *f)
{
	static const int64_t bad[] = { -1, -100, 3, 255, 256, 1023, 1024, 0x7fffffff, -0x80000000ll, 4096 };
	unsigned r = rn(f, 100);
	if (r < 75 && f->nfds)
		return (uint64_t)(int64_t)f->fds[rn(f, f->nfds)];
	if (r < 85)
		return rn(f, 3);
	return (uint64_t)PICK(f, bad);
}

/* newfd of dup2/dup3: never LOG_FD, which a replay writes to */
static uint64_t gen_newfd(struct fuzz *f)
{
	uint64_t fd = chance(f, 50) ? gen_fd(f) : rn(f, 256);
	return fd == LOG_FD ? LOG_FD - 1 : fd;
}

static uint64_t gen_dirfd(struct fuzz *f)
{
	return chance(f, 50) ? (uint64_t)-100 /* AT_FDCWD */ : gen_fd(f);
}

/* ---- paths ---- */

static const char *const paths[] = {
	"/", "/bin", "/bin/true", "/bin/sh", "/dev", "/dev/null", "/dev/zero", "/proc", "/proc/meminfo",
	"/proc/vmstat", "/proc/self", "/proc/self/maps", "/proc/self/smaps", "/proc/self/status",
	"/proc/self/stat", "/proc/self/fd", "/proc/self/fd/0", "/proc/self/exe", "/proc/self/cwd",
	"/proc/1/status", "/proc/1/maps", "/proc/99999/status", "/proc/sys/vm", "/proc/sys/vm/max_map_count",
	"/sys", "/sys/kernel", "/etc", "/nonexistent", "/bin/true/x", "//bin///true", "/proc/self/../self/maps",
	".", "..", "", "bin", "proc/self/maps", "meminfo", "null", "self", "true", "maps", "fd", "x",
};

static char *put_string(struct fuzz *f, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = salloc(f, (unsigned)n);
	memcpy(p, s, n);
	return p;
}

static uint64_t gen_path(struct fuzz *f)
{
	unsigned r = rn(f, 100);
	if (r < 78)
		return (uint64_t)(uintptr_t)put_string(f, PICK(f, paths));
	if (r < 82) { /* longer than PATH_MAX, or one name longer than NAME_MAX */
		unsigned n = chance(f, 50) ? 5000 : 300;
		char *p = salloc(f, n + 2);
		p[0] = '/';
		memset(p + 1, 'a', n);
		p[n + 1] = '\0';
		return (uint64_t)(uintptr_t)p;
	}
	if (r < 88) { /* no terminating NUL before the guard page */
		char *end = (char *)(SCRATCH_BASE + SCRATCH_SIZE);
		memset(end - 512, '/', 512);
		return (uint64_t)(uintptr_t)(end - 1 - rn(f, 400));
	}
	return bad_ptr(f);
}

/* ---- memory ranges ---- */

static uint64_t gen_mm_addr(struct fuzz *f)
{
	static const uint64_t bad[] = { 0x1000, 0xf000, 0x10000, USER_TOP - PAGE, USER_TOP - 2 * PAGE, USER_TOP,
					0x0000800000000000ull, 0xffff800000000000ull, 0xffffffff80000000ull,
					-PAGE };
	unsigned r = rn(f, 200);
	if (r < 110) {
		switch (rn(f, 8)) {
		case 0: return ARENA_BASE + rn(f, 16) * PAGE;
		case 1: return ARENA_BASE + (2ull << 20) - rn(f, 16) * PAGE;
		case 2: return ARENA_BASE + (2ull << 20) + rn(f, 16) * PAGE;
		case 3: return ARENA_BASE + ARENA_SIZE - rn(f, 16) * PAGE;
		case 4: return ARENA_BASE + rn(f, ARENA_SIZE / PAGE) * PAGE;
		case 5: return ARENA_BASE + rn(f, ARENA_SIZE); /* misaligned */
		case 6: return ARENA_BASE + (2ull << 20);
		default: return ARENA_BASE;
		}
	}
	if (r < 140 && f->nmaps)
		return f->maps[rn(f, f->nmaps)] + rn(f, 4) * PAGE;
	if (r < 150)
		return 0;
	if (r < 162)
		return f->brk0 + rn(f, 32) * PAGE - 4 * PAGE;
	if (r < 166)
		return SCRATCH_BASE + rn(f, SCRATCH_SIZE / PAGE) * PAGE; /* our own buffers */
	if (r < 168) { /* our own stack or text: usually the end of this batch */
		volatile char here;
		return chance(f, 50) ? ((uint64_t)(uintptr_t)&here & ~(PAGE - 1)) - rn(f, 4) * PAGE
				     : (uint64_t)(uintptr_t)&gen_int & ~(PAGE - 1);
	}
	if (r < 190)
		return PICK(f, bad);
	return rnd(f) & 0x00007ffffffff000ull;
}

static uint64_t gen_mm_len(struct fuzz *f)
{
	static const uint64_t big[] = { 2ull << 20, (2ull << 20) + PAGE, (2ull << 20) - PAGE, 4ull << 20,
					1ull << 40, 1ull << 46, USER_TOP, -1ull, -PAGE, 0x7fffffffffffffffull };
	unsigned r = rn(f, 100);
	if (r < 55)
		return (rn(f, 16) + 1) * PAGE;
	if (r < 67)
		return rn(f, 5 * PAGE); /* not a page multiple */
	if (r < 72)
		return 0;
	if (r < 82)
		return (rn(f, 1024) + 1) * PAGE;
	if (r < 96)
		return PICK(f, big);
	return rnd(f);
}

static uint64_t gen_prot(struct fuzz *f)
{
	unsigned r = rn(f, 100);
	if (r < 75)
		return rn(f, 8);
	if (r < 85)
		return rn(f, 8) | (chance(f, 50) ? 0x01000000 : 0x02000000); /* PROT_GROWSDOWN/UP */
	return (uint32_t)rnd(f);
}

static uint64_t gen_map_flags(struct fuzz *f)
{
	static const struct { unsigned bit, pct; } extra[] = {
		{ 0x10, 35 } /* FIXED */, { 0x100000, 8 } /* FIXED_NOREPLACE */, { 0x8000, 10 } /* POPULATE */,
		{ 0x4000, 10 } /* NORESERVE */, { 0x100, 4 } /* GROWSDOWN */, { 0x20000, 4 } /* STACK */,
		{ 0x2000, 4 } /* LOCKED */, { 0x40, 4 } /* 32BIT */, { 0x40000, 3 } /* HUGETLB */,
		{ 0x10000, 3 } /* NONBLOCK */,
	};
	unsigned r = rn(f, 100);
	uint64_t flags = r < 60 ? 0x02 : r < 85 ? 0x01 : r < 90 ? 0x03 : 0;
	if (chance(f, 92))
		flags |= 0x20; /* MAP_ANONYMOUS */
	for (unsigned i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (chance(f, extra[i].pct))
			flags |= extra[i].bit;
	if (chance(f, 5))
		flags |= 1ull << rn(f, 32);
	return flags;
}

/* ---- pids and signals: never -1, never 1, never anyone else's process ---- */

/* A pid that is safe to signal, trace or limit. */
static uint64_t gen_safe_pid(struct fuzz *f)
{
	static const int64_t bogus[] = { 99999, 32768, 0x7fffffff, -0x80000000ll, -99999, 40000 };
	unsigned r = rn(f, 100);
	if (r < 45 && f->npids) {
		int pid = f->pids[rn(f, f->npids)];
		/* still ours? (a child keeps our group; a reaped pid may be anyone's now) */
		return sys1(121, pid) == f->self ? (uint64_t)(int64_t)pid : 99999;
	}
	if (r < 70)
		return (uint64_t)(int64_t)f->self;
	if (r < 80)
		return 0; /* our process group: us and our children (setsid at the start) */
	if (r < 85)
		return (uint64_t)(int64_t)-f->self;
	return (uint64_t)PICK(f, bogus);
}

/* A pid for calls that only look (getpgid, getsid, process_vm_readv...). */
static uint64_t gen_any_pid(struct fuzz *f)
{
	unsigned r = rn(f, 10);
	if (r < 6)
		return gen_safe_pid(f);
	if (r < 8)
		return 1;
	return (uint64_t)(int64_t)(int)gen_int(f);
}

static uint64_t gen_sig(struct fuzz *f, uint64_t pid)
{
	/* to ourselves mostly what does not end the batch: an early death explores little */
	bool self = pid == 0 || (int64_t)pid == f->self || (int64_t)pid == -(int64_t)f->self;
	static const uint64_t ignored[] = { 0, 0, 17, 23, 28, 18 }; /* 0, CHLD, URG, WINCH, CONT */
	static const uint64_t fatal[] = { 1, 10, 12, 14, 15, 13 };  /* HUP, USR1, USR2, ALRM, TERM, PIPE */
	static const uint64_t odd[] = { -1ull, 65, 64, 128, 0x80000000 };
	unsigned r = rn(f, 100);
	if (r < 55 || (self && chance(f, 85)))
		return PICK(f, ignored);
	if (r < 70)
		return PICK(f, fatal);
	if (r < 72)
		return chance(f, 50) ? 19 : 20; /* STOP, TSTP: the worker's watchdog ends it */
	if (r < 73)
		return 9;
	if (r < 93)
		return rn(f, 65);
	return PICK(f, odd);
}

/* ---- structs ---- */

static uint64_t maybe_bad(struct fuzz *f, void *p, unsigned bad_pct)
{
	return chance(f, bad_pct) ? bad_ptr(f) : (uint64_t)(uintptr_t)p;
}

static uint64_t gen_timespec(struct fuzz *f)
{
	int64_t *ts = salloc(f, 16);
	unsigned r = rn(f, 100);
	/* a long sleep is rare: it stalls the batch until the worker kills it */
	ts[0] = r < 88 ? 0 : r < 89 ? 1 : r < 96 ? -1 : r < 97 ? (int64_t)rnd(f) : r < 99 ? -(int64_t)rnd(f) : 1ll << 62;
	if (ts[0] > 0 && r != 99 && chance(f, 90))
		ts[0] = -ts[0];
	r = rn(f, 100);
	ts[1] = r < 78 ? rn(f, 1000000) : r < 79 ? 999999999 : r < 90 ? 1000000000 : r < 95 ? -1 : (int64_t)rnd(f);
	return maybe_bad(f, ts, 10);
}

static uint64_t gen_sigset(struct fuzz *f)
{
	uint64_t *set = salloc(f, 16);
	unsigned r = rn(f, 4);
	set[0] = r == 0 ? 0 : r == 1 ? -1ull : rnd(f);
	set[1] = rnd(f);
	return maybe_bad(f, set, 10);
}

static uint64_t gen_sigsetsize(struct fuzz *f)
{
	return chance(f, 85) ? 8 : gen_int(f);
}

extern void syz_handler(int sig);
extern void __restore_rt(void);

static uint64_t gen_sigaction(struct fuzz *f)
{
	uint64_t *sa = salloc(f, 32);
	unsigned r = rn(f, 100);
	sa[0] = r < 30 ? 0 : r < 50 ? 1 : r < 80 ? (uint64_t)(uintptr_t)syz_handler : r < 90 ? bad_ptr(f) : rnd(f);
	sa[1] = chance(f, 85) ? 0x04000000 : 0; /* SA_RESTORER */
	static const uint64_t bits[] = { 4, 0x10000000, 0x40000000, 0x80000000, 0x08000000, 1, 2 };
	for (unsigned i = 0; i < 7; i++)
		if (chance(f, 20))
			sa[1] |= bits[i];
	if (chance(f, 10))
		sa[1] = rnd(f);
	sa[2] = chance(f, 85) ? (uint64_t)(uintptr_t)__restore_rt : bad_ptr(f);
	sa[3] = chance(f, 50) ? 0 : rnd(f);
	return maybe_bad(f, sa, 8);
}

static uint64_t gen_iovec(struct fuzz *f, uint64_t *cnt)
{
	unsigned n = rn(f, 8) + 1;
	uint64_t *iov = salloc(f, n * 16);
	for (unsigned i = 0; i < n; i++) {
		iov[2 * i] = gen_buf(f);
		iov[2 * i + 1] = chance(f, 70) ? rn(f, 512) : gen_len(f);
	}
	unsigned r = rn(f, 100);
	static const uint64_t odd[] = { 1024, 1025, -1ull, 0x7fffffff, 0x80000000 };
	*cnt = r < 75 ? n : r < 83 ? 0 : r < 93 ? PICK(f, odd) : gen_int(f);
	return maybe_bad(f, iov, 8);
}

static uint64_t gen_rlimit(struct fuzz *f)
{
	static const uint64_t vals[] = { 0, 1, 3, 16, 256, 4096, 1ull << 20, 1ull << 30, -1ull };
	uint64_t *rl = salloc(f, 16);
	rl[0] = chance(f, 80) ? PICK(f, vals) : rnd(f);
	rl[1] = chance(f, 70) ? -1ull : chance(f, 80) ? PICK(f, vals) : rnd(f);
	return maybe_bad(f, rl, 10);
}

static uint64_t gen_argv(struct fuzz *f)
{
	unsigned r = rn(f, 100);
	if (r < 10)
		return 0;
	if (r < 20)
		return bad_ptr(f);
	if (r < 28) { /* no NULL before the struct area ends: E2BIG or EFAULT */
		uint64_t *v = salloc(f, 8 * 512);
		char *s = put_string(f, "x");
		for (unsigned i = 0; i < 512; i++)
			v[i] = (uint64_t)(uintptr_t)s;
		return (uint64_t)(uintptr_t)v;
	}
	unsigned n = rn(f, 4);
	uint64_t *v = salloc(f, 8 * (n + 1));
	for (unsigned i = 0; i < n; i++)
		v[i] = chance(f, 90) ? (uint64_t)(uintptr_t)put_string(f, chance(f, 50) ? "true" : "-x") : bad_ptr(f);
	v[n] = 0;
	return (uint64_t)(uintptr_t)v;
}

static uint64_t gen_exec_path(struct fuzz *f)
{
	static const char *const progs[] = { "/bin/true", "/bin/false", "/proc/meminfo", "/", "/nonexistent",
					     "/dev/null", "/bin", "/bin/true/" };
	return chance(f, 85) ? (uint64_t)(uintptr_t)put_string(f, PICK(f, progs)) : gen_path(f);
}

static uint64_t gen_clock(struct fuzz *f)
{
	return chance(f, 85) ? rn(f, 12) : chance(f, 50) ? (uint64_t)-6 : gen_int(f);
}

/* ---- one call ---- */

static void gen_fork_child(struct fuzz *f, bool may_pause)
{
	unsigned r = rn(f, 100);
	f->fork_mode = r < 70 ? 0 : r < 85 ? 1 : may_pause ? 2 : 0;
	f->fork_touch = f->fork_mode == 1 ? gen_mm_addr(f) : 0;
}

static void gen_mem(struct fuzz *f, unsigned call, uint64_t a[6])
{
	static const uint64_t advice[] = { 0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
					   21, 22, 23, 100, 101 };
	switch (call) {
	case C_mmap:
		a[0] = chance(f, 20) ? 0 : gen_mm_addr(f);
		a[1] = gen_mm_len(f);
		a[2] = gen_prot(f);
		a[3] = gen_map_flags(f);
		a[4] = chance(f, 85) ? -1ull : gen_fd(f);
		a[5] = chance(f, 85) ? 0 : chance(f, 50) ? rn(f, 16) * PAGE : gen_int(f);
		break;
	case C_munmap:
		a[0] = gen_mm_addr(f), a[1] = gen_mm_len(f);
		break;
	case C_mprotect:
		a[0] = gen_mm_addr(f), a[1] = gen_mm_len(f), a[2] = gen_prot(f);
		break;
	case C_madvise:
		a[0] = gen_mm_addr(f), a[1] = gen_mm_len(f);
		a[2] = chance(f, 90) ? PICK(f, advice) : gen_int(f);
		break;
	case C_mremap: {
		static const uint64_t flags[] = { 0, 1, 1, 3, 3, 5, 7, 2, 4 }; /* MAYMOVE 1, FIXED 2, DONTUNMAP 4 */
		a[0] = gen_mm_addr(f), a[1] = chance(f, 10) ? 0 : gen_mm_len(f), a[2] = gen_mm_len(f);
		a[3] = chance(f, 90) ? PICK(f, flags) : gen_int(f);
		a[4] = gen_mm_addr(f);
		break;
	}
	case C_brk:
		a[0] = chance(f, 70) ? gen_mm_addr(f) : chance(f, 50) ? f->brk0 + rn(f, 64) * PAGE + rn(f, 8) : 0;
		break;
	case C_touch: /* addr, length, 0 read / 1 write / 2 both */
		a[0] = gen_mm_addr(f), a[1] = chance(f, 80) ? (rn(f, 16) + 1) * PAGE : rn(f, 64 * PAGE);
		a[2] = rn(f, 3);
		break;
	}
}

static void gen_file(struct fuzz *f, unsigned call, uint64_t a[6])
{
	static const uint64_t open_bits[] = { 1, 2, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800, 0x10000, 0x20000,
					      0x80000, 0x200000, 0x410000, 0x1000 };
	uint64_t oflags = chance(f, 50) ? 0 : rn(f, 3);
	for (unsigned i = 0; i < 14; i++)
		if (chance(f, 6))
			oflags |= open_bits[i];
	if (chance(f, 5))
		oflags = (uint32_t)rnd(f);

	switch (call) {
	case C_read: case C_write: case C_pread64:
		a[0] = gen_fd(f), a[1] = gen_buf(f), a[2] = gen_buflen(f, a[1]);
		a[3] = chance(f, 70) ? rn(f, 8192) : gen_int(f);
		break;
	case C_readv: case C_writev:
		a[0] = gen_fd(f), a[1] = gen_iovec(f, &a[2]);
		break;
	case C_open:
		a[0] = gen_path(f), a[1] = oflags, a[2] = chance(f, 80) ? 0644 : gen_int(f);
		break;
	case C_openat:
		a[0] = gen_dirfd(f), a[1] = gen_path(f), a[2] = oflags, a[3] = chance(f, 80) ? 0644 : gen_int(f);
		break;
	case C_close: case C_fchdir: case C_dup:
		a[0] = gen_fd(f);
		break;
	case C_stat: case C_lstat:
		a[0] = gen_path(f), a[1] = gen_buf(f);
		break;
	case C_fstat:
		a[0] = gen_fd(f), a[1] = gen_buf(f);
		break;
	case C_newfstatat: {
		static const uint64_t fl[] = { 0, 0, 0x100, 0x1000, 0x800, 0x1100 };
		a[0] = gen_dirfd(f), a[1] = gen_path(f), a[2] = gen_buf(f);
		a[3] = chance(f, 90) ? PICK(f, fl) : gen_int(f);
		break;
	}
	case C_lseek:
		a[0] = gen_fd(f), a[1] = chance(f, 50) ? rn(f, 8192) : gen_int(f);
		a[2] = chance(f, 85) ? rn(f, 5) : gen_int(f);
		break;
	case C_ioctl: {
		static const uint64_t cmds[] = { 0x5401, 0x5402, 0x5403, 0x5404, 0x540f, 0x5410, 0x5413, 0x5414,
						 0x541b, 0x5421, 0x5451, 0x5450, 0x540e, 0x5422, 0x80045430 };
		a[0] = gen_fd(f), a[1] = chance(f, 85) ? PICK(f, cmds) : gen_int(f);
		a[2] = chance(f, 70) ? gen_buf(f) : gen_int(f);
		break;
	}
	case C_access:
		a[0] = gen_path(f), a[1] = chance(f, 85) ? rn(f, 8) : gen_int(f);
		break;
	case C_faccessat: case C_faccessat2: {
		static const uint64_t fl[] = { 0, 0, 0x200, 0x100, 0x1000, 0x300 };
		a[0] = gen_dirfd(f), a[1] = gen_path(f), a[2] = chance(f, 85) ? rn(f, 8) : gen_int(f);
		a[3] = chance(f, 85) ? PICK(f, fl) : gen_int(f);
		break;
	}
	case C_pipe: case C_pipe2: {
		static const uint64_t fl[] = { 0, 0x800, 0x80000, 0x4000, 0x880 };
		a[0] = chance(f, 85) ? SCRATCH_BASE + rn(f, SCRATCH_IO / 8) * 8 : bad_ptr(f);
		a[1] = chance(f, 85) ? PICK(f, fl) : gen_int(f);
		break;
	}
	case C_dup2: case C_dup3:
		a[0] = gen_fd(f), a[1] = gen_newfd(f), a[2] = chance(f, 70) ? 0 : chance(f, 50) ? 0x80000 : gen_int(f);
		break;
	case C_fcntl: {
		static const uint64_t cmds[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1030, 1031, 1032, 1024, 1025 };
		a[0] = gen_fd(f), a[1] = chance(f, 90) ? PICK(f, cmds) : gen_int(f);
		a[2] = chance(f, 50) ? rn(f, 300) : chance(f, 50) ? gen_buf(f) : gen_int(f);
		if (a[2] == LOG_FD)
			a[2]++;
		break;
	}
	case C_getdents64: {
		static const uint64_t lens[] = { 0, 1, 16, 19, 20, 24, 64, 280, 4096, 32768 };
		a[0] = gen_fd(f), a[1] = gen_buf(f), a[2] = chance(f, 80) ? PICK(f, lens) : gen_len(f);
		break;
	}
	case C_getcwd:
		a[0] = gen_buf(f), a[1] = chance(f, 50) ? rn(f, 64) : gen_len(f);
		break;
	case C_chdir:
		a[0] = gen_path(f);
		break;
	case C_readlink:
		a[0] = gen_path(f), a[1] = gen_buf(f), a[2] = chance(f, 50) ? rn(f, 128) : gen_len(f);
		break;
	case C_readlinkat:
		a[0] = gen_dirfd(f), a[1] = gen_path(f), a[2] = gen_buf(f), a[3] = chance(f, 50) ? rn(f, 128) : gen_len(f);
		break;
	case C_umask:
		a[0] = gen_int(f);
		break;
	}
}

static void gen_signal(struct fuzz *f, unsigned call, uint64_t a[6])
{
	switch (call) {
	case C_rt_sigaction:
		a[0] = chance(f, 90) ? rn(f, 66) : gen_int(f);
		a[1] = chance(f, 80) ? gen_sigaction(f) : 0, a[2] = chance(f, 50) ? gen_buf(f) : 0;
		a[3] = gen_sigsetsize(f);
		break;
	case C_rt_sigprocmask:
		a[0] = chance(f, 90) ? rn(f, 3) : gen_int(f);
		a[1] = chance(f, 85) ? gen_sigset(f) : 0, a[2] = chance(f, 50) ? gen_buf(f) : 0;
		a[3] = gen_sigsetsize(f);
		break;
	case C_rt_sigpending:
		a[0] = gen_buf(f), a[1] = gen_sigsetsize(f);
		break;
	case C_rt_sigsuspend:
		a[0] = gen_sigset(f), a[1] = gen_sigsetsize(f);
		break;
	case C_rt_sigreturn: { /* a whole frame: struct rt_sigframe, see child.c */
		uint64_t *fr = salloc(f, 448 + 512);
		for (unsigned i = 0; i < 56; i++)
			fr[i] = chance(f, 50) ? 0 : gen_int(f);
		uint64_t fl = rnd(f) & ~0x400ull; /* DF would break our own string instructions */
		if (chance(f, 90))
			fl &= ~0x100ull; /* TF: the next instruction traps */
		fr[(48 + 136) / 8] = fl; /* sigcontext.eflags (the frame: pretcode, ucontext at 8, its mcontext at 48) */
		uint64_t *fx = fr + 56;                             /* an FXSAVE image */
		for (unsigned i = 0; i < 64; i++)
			fx[i] = chance(f, 70) ? 0 : rnd(f);
		fx[3] = chance(f, 80) ? (0x1f80ull | (fx[3] & 0xffffffff00000000ull)) : fx[3]; /* MXCSR */
		unsigned r = rn(f, 100);
		fr[(48 + 184) / 8] = r < 45 ? 0 : r < 85 ? (uint64_t)(uintptr_t)fx : bad_ptr(f); /* fpstate */
		f->wild_sigreturn = chance(f, 5);
		a[0] = (uint64_t)(uintptr_t)fr;
		break;
	}
	case C_kill:
		a[0] = gen_safe_pid(f), a[1] = gen_sig(f, a[0]);
		break;
	case C_tkill:
		a[0] = gen_safe_pid(f), a[1] = gen_sig(f, a[0]);
		break;
	case C_tgkill:
		a[0] = gen_safe_pid(f), a[1] = chance(f, 70) ? a[0] : gen_safe_pid(f), a[2] = gen_sig(f, a[1]);
		break;
	}
}

static void gen_process(struct fuzz *f, unsigned call, uint64_t a[6])
{
	switch (call) {
	case C_fork:
		gen_fork_child(f, true);
		break;
	case C_vfork:
		gen_fork_child(f, false);
		break;
	case C_clone: {
		static const uint64_t bits[] = { 0x100, 0x4000, 0x80000, 0x100000, 0x200000, 0x1000000 };
		unsigned r = rn(f, 100);
		uint64_t fl = chance(f, 90) ? 17 : rn(f, 70);
		if (r < 40) {
		} else if (r < 55) {
			fl |= 0x100 | 0x4000;
		} else if (r < 85) {
			for (unsigned i = 0; i < 6; i++)
				if (chance(f, 30))
					fl |= bits[i];
		} else {
			fl = rnd(f);
		}
		a[0] = fl;
		a[1] = chance(f, 75) ? 0 : chance(f, 50) ? bad_ptr(f) : gen_buf(f); /* the child's stack */
		a[2] = chance(f, 50) ? gen_buf(f) : bad_ptr(f);
		a[3] = chance(f, 50) ? gen_buf(f) : bad_ptr(f);
		a[4] = chance(f, 50) ? gen_buf(f) : bad_ptr(f); /* tls */
		gen_fork_child(f, !(fl & 0x4000));
		break;
	}
	case C_execve:
		a[0] = gen_exec_path(f), a[1] = gen_argv(f), a[2] = gen_argv(f);
		break;
	case C_exit: case C_exit_group:
		a[0] = gen_int(f);
		break;
	case C_wait4: {
		/* without WNOHANG only now and then: a paused child would stall the batch */
		static const uint64_t opts[] = { 1, 1, 1, 3, 9, 0x40000001, 0x80000001, 0x20000001, 1, 1, 1, 0 };
		unsigned r = rn(f, 10);
		a[0] = r < 4 ? -1ull : r < 7 && f->npids ? (uint64_t)(int64_t)f->pids[rn(f, f->npids)]
				: r < 8 ? 0 : gen_any_pid(f);
		a[1] = chance(f, 70) ? gen_buf(f) : 0;
		a[2] = chance(f, 95) ? PICK(f, opts) : gen_int(f) | 1;
		a[3] = chance(f, 70) ? 0 : gen_buf(f);
		break;
	}
	case C_setpgid: /* never moves a child out of our group: the cleanup kills the group */
		a[0] = chance(f, 60) ? 0 : chance(f, 50) ? (uint64_t)(int64_t)f->self : 99999;
		a[1] = chance(f, 60) ? 0 : gen_safe_pid(f);
		break;
	case C_getpgid: case C_getsid:
		a[0] = gen_any_pid(f);
		break;
	case C_set_tid_address:
		a[0] = chance(f, 50) ? gen_buf(f) : bad_ptr(f);
		break;
	case C_ptrace: {
		static const uint64_t reqs[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 16, 16, 16, 17, 24, 0x4200,
						 0x4201, 0x4202, 0x4206, 0x4206, 0x4207, 0x4208 };
		unsigned r = rn(f, 100);
		a[0] = r < 2 ? 0 : r < 92 ? PICK(f, reqs) : gen_int(f);
		if (a[0] == 0 && r >= 2)
			a[0] = 16; /* PTRACE_TRACEME only 2%: the worker becomes the tracer */
		a[1] = gen_safe_pid(f);
		a[2] = chance(f, 50) ? gen_buf(f) : gen_int(f);
		a[3] = chance(f, 40) ? gen_buf(f) : chance(f, 50) ? rn(f, 0x200) : gen_int(f);
		break;
	}
	case C_process_vm_readv:
		a[0] = gen_any_pid(f), a[1] = gen_iovec(f, &a[2]), a[3] = gen_iovec(f, &a[4]);
		a[5] = chance(f, 90) ? 0 : gen_int(f);
		break;
	case C_prlimit64:
		a[0] = chance(f, 80) ? 0 : gen_safe_pid(f);
		a[1] = chance(f, 85) ? rn(f, 16) : gen_int(f);
		a[2] = chance(f, 50) ? gen_rlimit(f) : 0, a[3] = chance(f, 50) ? gen_buf(f) : 0;
		break;
	case C_getrlimit:
		a[0] = chance(f, 85) ? rn(f, 16) : gen_int(f), a[1] = gen_buf(f);
		break;
	case C_setrlimit:
		a[0] = chance(f, 85) ? rn(f, 16) : gen_int(f), a[1] = gen_rlimit(f);
		break;
	case C_getrusage:
		a[0] = chance(f, 85) ? (uint64_t)(int64_t)((int)rn(f, 4) - 1) : gen_int(f), a[1] = gen_buf(f);
		break;
	case C_setuid: case C_setgid:
		a[0] = chance(f, 50) ? 0 : gen_int(f);
		break;
	case C_arch_prctl: {
		static const uint64_t codes[] = { 0x1001, 0x1002, 0x1003, 0x1004, 0x1011, 0x1012, 0x2001, 0x3001 };
		a[0] = chance(f, 90) ? PICK(f, codes) : gen_int(f);
		a[1] = chance(f, 40) ? gen_buf(f) : chance(f, 50) ? gen_mm_addr(f) : bad_ptr(f);
		break;
	}
	case C_prctl: {
		static const uint64_t opts[] = { 15, 16, 41, 42, 1, 2, 4, 22, 38, 39 };
		a[0] = chance(f, 85) ? PICK(f, opts) : gen_int(f);
		a[1] = chance(f, 50) ? gen_buf(f) : gen_int(f);
		for (unsigned i = 2; i < 5; i++)
			a[i] = chance(f, 70) ? 0 : gen_int(f);
		break;
	}
	}
}

static void gen_misc(struct fuzz *f, unsigned call, uint64_t a[6])
{
	switch (call) {
	case C_nanosleep:
		a[0] = gen_timespec(f), a[1] = chance(f, 50) ? gen_buf(f) : 0;
		break;
	case C_clock_nanosleep:
		a[0] = gen_clock(f), a[1] = chance(f, 70) ? 0 : chance(f, 50) ? 1 : gen_int(f);
		a[2] = gen_timespec(f), a[3] = chance(f, 50) ? gen_buf(f) : 0;
		break;
	case C_clock_gettime: case C_clock_getres:
		a[0] = gen_clock(f), a[1] = chance(f, 90) ? gen_buf(f) : 0;
		break;
	case C_gettimeofday:
		a[0] = chance(f, 80) ? gen_buf(f) : 0, a[1] = chance(f, 70) ? 0 : gen_buf(f);
		break;
	case C_time: case C_uname:
		a[0] = chance(f, 80) ? gen_buf(f) : 0;
		break;
	case C_getcpu:
		a[0] = chance(f, 80) ? gen_buf(f) : 0, a[1] = chance(f, 60) ? gen_buf(f) : 0, a[2] = gen_buf(f);
		break;
	case C_sched_getaffinity: {
		static const uint64_t lens[] = { 8, 8, 16, 0, 4, 7, 128, 1024, -1ull };
		a[0] = gen_any_pid(f), a[1] = PICK(f, lens), a[2] = gen_buf(f);
		break;
	}
	case C_getrandom:
		a[0] = gen_buf(f), a[1] = gen_buflen(f, a[0]), a[2] = chance(f, 80) ? rn(f, 8) : gen_int(f);
		break;
	case C_reboot: /* never LINUX_REBOOT_MAGIC1: only the refusal is tested */
		a[0] = chance(f, 50) ? 0xfee1deadull ^ (1ull << rn(f, 32)) : (uint32_t)rnd(f);
		if ((uint32_t)a[0] == 0xfee1dead)
			a[0] = 0;
		a[1] = 672274793, a[2] = 0x4321fedc, a[3] = gen_buf(f);
		break;
	case C_nosys: { /* nothing assigned there on x86-64 (335..423), x32 numbers, nonsense */
		unsigned r = rn(f, 10);
		a[0] = r < 5 ? 335 + rn(f, 89) : r < 7 ? 512 + rn(f, 36) : r < 8 ? (0x40000000ull | rn(f, 40)) : r < 9 ? -1ull : rnd(f) | (1ull << 40);
		for (unsigned i = 1; i < 6; i++)
			a[i] = gen_int(f);
		break;
	}
	case C_insn:
		a[0] = rn(f, 20), a[1] = gen_int(f);
		break;
	case C_badrsp: { /* a syscall on a stack that is not there: getpid, sched_yield, kill(self) or sigreturn */
		static const uint64_t nrs[] = { 39, 24, 62, 62, 186, 14, 39, 24, 15 };
		a[0] = PICK(f, nrs), a[1] = (uint64_t)(int64_t)f->self, a[2] = gen_sig(f, a[1]);
		a[3] = chance(f, 80) ? bad_ptr(f) : gen_buf(f);
		break;
	}
	}
}

void gen_args(struct fuzz *f, unsigned call, uint64_t a[6])
{
	f->bump = 0;
	f->fork_mode = 0;
	f->fork_touch = 0;
	f->wild_sigreturn = false;
	for (unsigned i = 0; i < 6; i++)
		a[i] = chance(f, 90) ? 0 : gen_int(f); /* what the unused registers hold */
	if (call <= C_touch)
		gen_mem(f, call, a);
	else if (call <= C_sync)
		gen_file(f, call, a);
	else if (call <= C_tgkill)
		gen_signal(f, call, a);
	else if (call <= C_prctl)
		gen_process(f, call, a);
	else
		gen_misc(f, call, a);
}

/* ---- what a result adds to the pools ---- */

static void add_fd(struct fuzz *f, long fd)
{
	if (fd < 0 || fd == LOG_FD)
		return;
	for (unsigned i = 0; i < f->nfds; i++)
		if (f->fds[i] == fd)
			return;
	if (f->nfds < sizeof(f->fds) / sizeof(f->fds[0]))
		f->fds[f->nfds++] = (int)fd;
	else
		f->fds[rn(f, f->nfds)] = (int)fd;
}

void after_call(struct fuzz *f, unsigned call, const uint64_t a[6], long ret)
{
	switch (call) {
	case C_open: case C_openat: case C_dup: case C_dup2: case C_dup3:
		add_fd(f, ret);
		break;
	case C_fcntl:
		if (a[1] == 0 || a[1] == 1030)
			add_fd(f, ret);
		break;
	case C_pipe: case C_pipe2:
		if (ret == 0 && a[0] >= SCRATCH_BASE && a[0] < SCRATCH_BASE + SCRATCH_IO) {
			const int *p = (const int *)(uintptr_t)a[0];
			add_fd(f, p[0]);
			add_fd(f, p[1]);
			/* mostly non-blocking: a read of an empty pipe would stall the batch */
			if (chance(f, 97)) {
				sys3(72, p[0], 4, 0x800); /* F_SETFL O_NONBLOCK */
				sys3(72, p[1], 4, 0x800);
			}
		}
		break;
	case C_fork: case C_vfork: case C_clone:
		if (ret > 0) {
			if (f->npids < sizeof(f->pids) / sizeof(f->pids[0]))
				f->pids[f->npids++] = (int)ret;
			else
				f->pids[rn(f, f->npids)] = (int)ret;
		}
		break;
	case C_wait4:
		for (unsigned i = 0; ret > 0 && i < f->npids; i++)
			if (f->pids[i] == ret)
				f->pids[i] = f->pids[--f->npids];
		break;
	case C_mmap: case C_mremap:
		if ((unsigned long)ret < USER_TOP && ret > 0) {
			if (f->nmaps < sizeof(f->maps) / sizeof(f->maps[0]))
				f->maps[f->nmaps++] = (uint64_t)ret;
			else
				f->maps[rn(f, f->nmaps)] = (uint64_t)ret;
		}
		break;
	}
}
