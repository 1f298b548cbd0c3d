/*
 * user/syzlite/syzlite.h - what the parts of syzlite share: the argument
 * values (values.c), the call table and the generators (calls.c), the
 * batch child that issues the calls (child.c), the workers, the replay
 * and the summary (main.c).
 *
 * Processes:
 *
 *   syzlite (top)          forks one worker per (seed, -j slot), waits, sums up
 *     worker               forks batch children one after the other and
 *                          watches them (progress, deadline); never fuzzes
 *       batch child        setsid; fd 0-2 = /dev/null; BATCH random calls
 *         its children     fork/vfork/clone results: exit at once, or
 *                          touch a byte, or pause until killed, or (a
 *                          plain fork) make 64 random calls of their own,
 *                          concurrently; all stay in the batch child's
 *                          process group, which the worker kills at the end
 *
 * A worker and its batch children share one struct shared (a MAP_SHARED
 * mapping made before any fork): the child writes each call into the
 * ring before issuing it and its result after, and bumps the counters;
 * the worker reads them when the child is gone, however it went.  The
 * child's own memory may be destroyed by its random munmap/mprotect/brk:
 * that kills the child (counted), never the worker.
 *
 * Reproducible: batch B of worker slot J with seed S draws everything from
 * a PRNG seeded with mix(S, J, B), and issues its calls in one process.
 * `syzlite -s S -r J.B` runs that one batch again and prints each call
 * before it is issued (so the last line names the culprit even if the
 * kernel dies).  Only what the kernel returns (pids, fds, addresses it
 * chose) can make a replay differ.
 */
#ifndef SYZLITE_H
#define SYZLITE_H

#include <stdbool.h>
#include <stdint.h>

/* Fixed addresses, far from the program (0x400000), its heap and the
 * top-down mmap area, so that every run uses the same ones.  The arena
 * is above our own memory: its huge lengths (1 TiB...) run upwards, into
 * nothing we need. */
#define SCRATCH_BASE 0x080000000000ull /* 8 TiB: valid buffers and the structs the calls point to */
#define SHARED_BASE  0x0c0000000000ull /* 12 TiB: the workers' struct shared (main.c) */
#define ARENA_BASE   0x100000000000ull /* 16 TiB, 2 MiB aligned: the VMA playground */
#define ARENA_SIZE   (4ull << 20)      /* two huge pages' worth */
#define SCRATCH_SIZE (64ull << 10)     /* followed by an unmapped guard page */
#define SCRATCH_IO   (32ull << 10)     /* [0, 32 KiB): buffers; the rest: structs */
#define PAGE         4096ull
#define USER_TOP     0x00007ffffffff000ull

#define RING_MAX  256 /* calls kept per worker (-l prints the last N of them) */
#define NERRNO    134
#define LOG_FD    200 /* replay: the real stderr, out of the fuzzer's fd range */
#define WAKE_SIG  12  /* SIGUSR2: the worker sends it to a batch child stuck in a blocking call */

/* The pseudo calls (child.c): touch memory, an unassigned syscall
 * number, an instruction that traps, a syscall on a bad stack */
#define NR_TOUCH  -1
#define NR_NOSYS  -2
#define NR_INSN   -3
#define NR_BADRSP -4

/* The calls, indexed by their place in call_table[]. */
struct call_desc {
	const char *name;
	long nr;        /* the x86-64 syscall number; < 0 for the pseudo calls */
	unsigned weight;
	unsigned nargs; /* how many of the six the log shows */
};
extern const struct call_desc call_table[];
extern const unsigned ncalls;
#define NCALLS_MAX 112

/* One call in the ring. */
struct call_rec {
	uint32_t seq;   /* 1-based index in its batch; 0: empty slot */
	uint16_t call;  /* index in call_table */
	uint8_t done;   /* 0: issued, no result yet (the child died in it) */
	uint64_t args[6];
	int64_t ret;
};

/* The worker <-> batch child page(s); MAP_SHARED. */
struct shared {
	/* this batch (reset by the worker before each fork) */
	volatile uint64_t progress; /* calls issued so far */
	volatile uint32_t done;     /* the child finished its batch */
	volatile uint32_t wake_sig; /* a signal our handler catches (SIGUSR2), 0 if none now */
	uint32_t ring_next;
	struct call_rec ring[RING_MAX];
	/* totals of this worker, kept across batches */
	uint64_t calls, ok, errors, procs;
	uint64_t per_call[NCALLS_MAX], per_call_ok[NCALLS_MAX];
	uint64_t time_us[NCALLS_MAX]; /* wall time spent in each call */
	struct call_rec odd;          /* the first call that returned an errno Linux does not have (> 133) */
	uint32_t odd_batch;
	struct call_rec slowest;      /* the call that took longest, and how long */
	uint64_t slowest_us;
	uint32_t batch, slowest_batch;  /* the batch running now; the slowest call's */
	uint64_t per_errno[NERRNO + 1]; /* [NERRNO]: anything larger */
	/* the worker's own bookkeeping, read by the top process */
	uint64_t batches, completed, ended_early, timeouts, hangs, stopped, woken;
	uint64_t killed_by[65];
	uint64_t stalled_in[NCALLS_MAX]; /* the call a stalled batch was in */
	uint64_t seed;
	int slot;
	bool failed; /* the harness could not go on (fork failing, a hang) */
};

/* One batch: everything the generator and the child keep. */
struct fuzz {
	uint64_t rng;
	struct shared *sh;
	bool replay;
	int self;      /* our pid */
	int pgrp;      /* the batch child's pid: its process group, of which we are all members */
	bool child;    /* a fork's child fuzzing along (fork_mode 3), not the batch child */
	uint64_t brk0; /* where the heap started */
	int fds[32];
	unsigned nfds;
	int pids[16];  /* our children (fork/vfork/clone results) */
	unsigned npids;
	int traced[4];    /* children we attached to (PTRACE_ATTACH, PTRACE_SEIZE) */
	unsigned ntraced;
	uint64_t maps[8]; /* addresses mmap and mremap returned */
	unsigned nmaps;
	unsigned bump;    /* next free byte of the struct area of the scratch */
	/* what a pseudo call or a special one needs besides the six arguments */
	unsigned fork_mode; /* 0 exit, 1 touch then exit, 2 pause until killed, 3 fuzz along */
	uint64_t fork_touch;
	bool wild_sigreturn;
};

/* A raw system call: no errno, no libc state. */
static inline long sys6(long nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	register uint64_t r10 __asm__("r10") = a4, r8 __asm__("r8") = a5, r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#define sys1(nr, a) sys6(nr, (uint64_t)(a), 0, 0, 0, 0, 0)
#define sys2(nr, a, b) sys6(nr, (uint64_t)(a), (uint64_t)(b), 0, 0, 0, 0)
#define sys3(nr, a, b, c) sys6(nr, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), 0, 0, 0)
#define sys4(nr, a, b, c, d) sys6(nr, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), 0, 0)

/* values.c: the PRNG and the argument values */
uint64_t mix_seed(uint64_t seed, unsigned slot, unsigned batch);
uint64_t rnd(struct fuzz *f);
unsigned rn(struct fuzz *f, unsigned n);
bool chance(struct fuzz *f, unsigned percent);
#define PICK(f, arr) ((arr)[rn((f), sizeof(arr) / sizeof((arr)[0]))])
uint64_t gen_int(struct fuzz *f);
uint64_t gen_len(struct fuzz *f);
void *salloc(struct fuzz *f, unsigned size);
char *put_string(struct fuzz *f, const char *s);
uint64_t bad_ptr(struct fuzz *f);
uint64_t maybe_bad(struct fuzz *f, void *p, unsigned bad_pct);
uint64_t gen_buf(struct fuzz *f);
uint64_t gen_buflen(struct fuzz *f, uint64_t buf);
uint64_t gen_fd(struct fuzz *f);
uint64_t gen_newfd(struct fuzz *f);
uint64_t gen_dirfd(struct fuzz *f);
uint64_t gen_path(struct fuzz *f);
uint64_t gen_exec_path(struct fuzz *f);
uint64_t gen_argv(struct fuzz *f);
uint64_t gen_mm_addr(struct fuzz *f);
uint64_t gen_mm_len(struct fuzz *f);
uint64_t gen_prot(struct fuzz *f);
uint64_t gen_map_flags(struct fuzz *f);
uint64_t gen_safe_pid(struct fuzz *f);
uint64_t gen_any_pid(struct fuzz *f);
uint64_t gen_sig(struct fuzz *f, uint64_t pid);
uint64_t gen_timespec(struct fuzz *f);
uint64_t gen_sigset(struct fuzz *f);
uint64_t gen_sigsetsize(struct fuzz *f);
uint64_t gen_sigaction(struct fuzz *f);
uint64_t gen_iovec(struct fuzz *f, uint64_t *cnt);
uint64_t gen_rlimit(struct fuzz *f);
uint64_t gen_clock(struct fuzz *f);

/* calls.c: which call, with which arguments, and what its result teaches */
unsigned pick_call(struct fuzz *f);
void gen_args(struct fuzz *f, unsigned call, uint64_t a[6]);
void after_call(struct fuzz *f, unsigned call, const uint64_t a[6], long ret);

/* child.c */
void syz_handler(int sig);   /* the handler the fuzzer installs */
extern void __restore_rt(void); /* libc's sa_restorer */
__attribute__((noreturn)) void batch_child(struct shared *sh, uint64_t seed, unsigned slot, unsigned batch,
					   unsigned calls, bool replay);

/* main.c: "  17 mmap(0x100000000000, 8192, 3, 0x32, -1, 0) = 0x100000000000" */
int format_rec(char *buf, unsigned size, const struct call_rec *r);
const char *errno_name(int e);

#endif
