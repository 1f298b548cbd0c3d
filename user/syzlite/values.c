/*
 * user/syzlite/values.c - the values syzlite's arguments are drawn from:
 * the PRNG, interesting integers and lengths, pointers (valid, running
 * into the guard page, in the arena, NULL, kernel, non-canonical), fds,
 * paths, memory ranges that overlap on purpose, pids that are safe to
 * signal, signals, and the structs a call points to, built in the struct
 * half of the scratch buffer (a bump allocator reset for each call).
 *
 * Whatever names a process is decided here: gen_safe_pid() only returns
 * this process, the batch's other processes (checked with getpgid just
 * before: a reaped pid may be anyone's by now), 0 (our own group: the batch
 * child made itself a session leader), -self and pids that cannot exist.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "syzlite.h"

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

bool chance(struct fuzz *f, unsigned percent)
{
	return rn(f, 100) < percent;
}


/* ---- values ---- */

static const uint64_t interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 511, 512, 1023, 1024, 4095, 4096,
	4097, 65535, 65536, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
	0x8000000000000000ull, -1ull, -2ull, -4095ull, -4096ull,
};

uint64_t gen_int(struct fuzz *f)
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

uint64_t gen_len(struct fuzz *f)
{
	static const uint64_t lens[] = { 0, 1, 2, 7, 8, 16, 64, 100, 511, 4095, 4096, 4097, 8192, 32768, 65536,
					  1ull << 20, 0x7ffff000, 0x80000000, 1ull << 32, 1ull << 47, -1ull, -4096ull };
	return chance(f, 85) ? PICK(f, lens) : gen_int(f);
}

/* The struct area of the scratch buffer: a bump allocator reset per call. */
void *salloc(struct fuzz *f, unsigned size)
{
	unsigned off = (f->bump + 15) & ~15u;
	unsigned limit = SCRATCH_SIZE - SCRATCH_IO - 512; /* the last 512 bytes: unterminated strings */
	if (off + size > limit)
		off = 0;
	f->bump = off + size;
	return (char *)(SCRATCH_BASE + SCRATCH_IO + off);
}

/* Pointers the kernel must refuse (or find unmapped). */
uint64_t bad_ptr(struct fuzz *f)
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
uint64_t gen_buf(struct fuzz *f)
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
uint64_t gen_buflen(struct fuzz *f, uint64_t buf)
{
	if (buf >= SCRATCH_BASE && buf < SCRATCH_BASE + SCRATCH_IO && chance(f, 60))
		return rn(f, (unsigned)(SCRATCH_BASE + SCRATCH_IO - buf) + 1);
	return gen_len(f);
}

uint64_t gen_fd(struct fuzz *f)
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
uint64_t gen_newfd(struct fuzz *f)
{
	uint64_t fd = chance(f, 50) ? gen_fd(f) : rn(f, 256);
	return fd == LOG_FD ? LOG_FD - 1 : fd;
}

uint64_t gen_dirfd(struct fuzz *f)
{
	return chance(f, 50) ? (uint64_t)-100 /* AT_FDCWD */ : gen_fd(f);
}

/* ---- paths ---- */

static const char *const paths[] = {
	"/", "/bin", "/bin/true", "/bin/sh", "/dev", "/dev/null", "/dev/zero", "/proc", "/proc/meminfo",
	"/proc/vmstat", "/proc/self", "/proc/self/maps", "/proc/self/smaps", "/proc/self/status",
	"/proc/self/stat", "/proc/self/fd", "/proc/self/fd/0", "/proc/self/exe", "/proc/self/cwd",
	"/proc/1/status", "/proc/1/maps", "/proc/99999/status", "/proc/self/cmdline", "/proc/self/environ",
	"/proc/self/statm", "/proc/self/comm", "/proc/1/environ", "/proc/1/cmdline", "/proc/sys/vm", "/proc/sys/vm/max_map_count",
	"/sys", "/sys/kernel", "/etc", "/nonexistent", "/bin/true/x", "//bin///true", "/proc/self/../self/maps",
	".", "..", "", "bin", "proc/self/maps", "meminfo", "null", "self", "true", "maps", "fd", "x",
};

char *put_string(struct fuzz *f, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = salloc(f, (unsigned)n);
	memcpy(p, s, n);
	return p;
}

uint64_t gen_path(struct fuzz *f)
{
	static const char *const pid_files[] = { "cmdline", "environ", "maps", "smaps", "stat", "statm", "status",
						 "comm", "", "nonexistent" };
	unsigned r = rn(f, 100);
	if (r < 66)
		return (uint64_t)(uintptr_t)put_string(f, PICK(f, paths));
	if (r < 78) { /* a child's /proc files: read while it may be exiting, traced, unmapping... */
		char *p = salloc(f, 48);
		int pid = f->npids ? f->pids[rn(f, f->npids)] : f->self;
		snprintf(p, 48, "/proc/%d/%s", pid, PICK(f, pid_files));
		return (uint64_t)(uintptr_t)p;
	}
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

uint64_t gen_mm_addr(struct fuzz *f)
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
	if (r < 168 && chance(f, 30)) { /* our own stack or text: usually the end of this batch, slowly */
		volatile char here;
		return chance(f, 50) ? ((uint64_t)(uintptr_t)&here & ~(PAGE - 1)) - rn(f, 4) * PAGE
				     : (uint64_t)(uintptr_t)&gen_int & ~(PAGE - 1);
	}
	if (r < 190)
		return PICK(f, bad);
	return rnd(f) & 0x00007ffffffff000ull;
}

uint64_t gen_mm_len(struct fuzz *f)
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

uint64_t gen_prot(struct fuzz *f)
{
	unsigned r = rn(f, 100);
	if (r < 75)
		return rn(f, 8);
	if (r < 85)
		return rn(f, 8) | (chance(f, 50) ? 0x01000000 : 0x02000000); /* PROT_GROWSDOWN/UP */
	return (uint32_t)rnd(f);
}

uint64_t gen_map_flags(struct fuzz *f)
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
uint64_t gen_safe_pid(struct fuzz *f)
{
	static const int64_t bogus[] = { 99999, 32768, 0x7fffffff, -0x80000000ll, -99999, 40000 };
	unsigned r = rn(f, 100);
	if (r < 45 && f->npids) {
		int pid = f->pids[rn(f, f->npids)];
		/* still ours? (a child keeps our group; a reaped pid may be anyone's now) */
		return sys1(121, pid) == f->pgrp ? (uint64_t)(int64_t)pid : 99999;
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
uint64_t gen_any_pid(struct fuzz *f)
{
	unsigned r = rn(f, 10);
	if (r < 6)
		return gen_safe_pid(f);
	if (r < 8)
		return 1;
	return (uint64_t)(int64_t)(int)gen_int(f);
}

uint64_t gen_sig(struct fuzz *f, uint64_t pid)
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

uint64_t maybe_bad(struct fuzz *f, void *p, unsigned bad_pct)
{
	return chance(f, bad_pct) ? bad_ptr(f) : (uint64_t)(uintptr_t)p;
}

uint64_t gen_timespec(struct fuzz *f)
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

uint64_t gen_sigset(struct fuzz *f)
{
	uint64_t *set = salloc(f, 16);
	unsigned r = rn(f, 4);
	set[0] = r == 0 ? 0 : r == 1 ? -1ull : rnd(f);
	set[1] = rnd(f);
	return maybe_bad(f, set, 10);
}

uint64_t gen_sigsetsize(struct fuzz *f)
{
	return chance(f, 85) ? 8 : gen_int(f);
}

uint64_t gen_sigaction(struct fuzz *f)
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

uint64_t gen_iovec(struct fuzz *f, uint64_t *cnt)
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

uint64_t gen_rlimit(struct fuzz *f)
{
	static const uint64_t vals[] = { 0, 1, 3, 16, 256, 4096, 1ull << 20, 1ull << 30, -1ull };
	uint64_t *rl = salloc(f, 16);
	rl[0] = chance(f, 80) ? PICK(f, vals) : rnd(f);
	rl[1] = chance(f, 70) ? -1ull : chance(f, 80) ? PICK(f, vals) : rnd(f);
	return maybe_bad(f, rl, 10);
}

uint64_t gen_argv(struct fuzz *f)
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

uint64_t gen_exec_path(struct fuzz *f)
{
	static const char *const progs[] = { "/bin/true", "/bin/false", "/proc/meminfo", "/", "/nonexistent",
					     "/dev/null", "/bin", "/bin/true/" };
	return chance(f, 85) ? (uint64_t)(uintptr_t)put_string(f, PICK(f, progs)) : gen_path(f);
}

uint64_t gen_clock(struct fuzz *f)
{
	return chance(f, 85) ? rn(f, 12) : chance(f, 50) ? (uint64_t)-6 : gen_int(f);
}
