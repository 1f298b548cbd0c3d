/*
 * user/syzlite/calls.c - which calls syzlite makes and with what
 * arguments: the weighted call table, one argument generator per call
 * (from the values of values.c), and what a result adds to the pools
 * (new fds, children, mappings).
 *
 * What the fuzzer must not do to its harness is decided here and in
 * values.c: signals, ptrace, prlimit and setpgid only ever name this
 * process, its own children or pids that cannot exist; never -1, 1 or the
 * worker; setpgid never moves a child out of our group (the cleanup kills
 * the group).  reboot never gets the first magic number.  execve runs
 * /bin/true or /bin/false or fails.  No path names a tty or a writable
 * /proc or /sys file, and fds 0-2 are /dev/null.  Blocking calls are rare
 * or mostly non-blocking (pipes get O_NONBLOCK, wait4 WNOHANG).
 */
#include <stddef.h>
#include <string.h>

#include "syzlite.h"

/* name, number (< 0: pseudo calls, done in child.c), weight, arguments shown in the log */
#define X_CALLS(X)                                                                  \
	/* memory: the VMA playground */                                            \
	X(mmap, 9, 240, 6) X(munmap, 11, 160, 2) X(mprotect, 10, 160, 3)            \
	X(mremap, 25, 140, 5) X(madvise, 28, 140, 3) X(brk, 12, 100, 1)             \
	X(touch, NR_TOUCH, 200, 3)                                                        \
	/* files */                                                                 \
	X(read, 0, 100, 3) X(write, 1, 80, 3) X(open, 2, 60, 3)                     \
	X(openat, 257, 60, 4) X(close, 3, 60, 1) X(stat, 4, 24, 2)                  \
	X(lstat, 6, 16, 2) X(fstat, 5, 32, 2) X(newfstatat, 262, 32, 4)             \
	X(lseek, 8, 32, 3) X(ioctl, 16, 40, 3) X(pread64, 17, 32, 4)                \
	X(readv, 19, 40, 3) X(writev, 20, 40, 3) X(access, 21, 16, 2)               \
	X(faccessat, 269, 16, 3) X(faccessat2, 439, 16, 4) X(pipe, 22, 24, 1)       \
	X(pipe2, 293, 24, 2) X(dup, 32, 24, 1) X(dup2, 33, 24, 2)                   \
	X(dup3, 292, 24, 3) X(fcntl, 72, 48, 3) X(getdents64, 217, 40, 3)           \
	X(getcwd, 79, 20, 2) X(chdir, 80, 16, 1) X(fchdir, 81, 16, 1)               \
	X(readlink, 89, 20, 3) X(readlinkat, 267, 20, 4) X(umask, 95, 8, 1)         \
	X(sync, 162, 2, 0)                                                          \
	/* signals */                                                               \
	X(rt_sigaction, 13, 80, 4) X(rt_sigprocmask, 14, 60, 4)                     \
	X(rt_sigreturn, 15, 32, 1) X(rt_sigpending, 127, 16, 2)                     \
	X(rt_sigsuspend, 130, 1, 2) X(pause, 34, 1, 0) X(kill, 62, 40, 2)           \
	X(tkill, 200, 24, 2) X(tgkill, 234, 24, 3)                                  \
	/* processes */                                                             \
	X(fork, 57, 32, 0) X(vfork, 58, 24, 0) X(clone, 56, 48, 5)                  \
	X(execve, 59, 8, 3) X(exit, 60, 2, 1) X(exit_group, 231, 2, 1)              \
	X(wait4, 61, 48, 4) X(getpid, 39, 8, 0) X(getppid, 110, 8, 0)               \
	X(gettid, 186, 8, 0) X(setpgid, 109, 16, 2) X(getpgid, 121, 12, 1)          \
	X(getpgrp, 111, 8, 0) X(setsid, 112, 12, 0) X(getsid, 124, 12, 1)           \
	X(set_tid_address, 218, 20, 1) X(ptrace, 101, 60, 4)                        \
	X(process_vm_readv, 310, 40, 6) X(prlimit64, 302, 32, 4)                    \
	X(getrlimit, 97, 16, 2) X(setrlimit, 160, 24, 2) X(getrusage, 98, 20, 2)    \
	X(getuid, 102, 4, 0) X(getgid, 104, 4, 0) X(geteuid, 107, 4, 0)             \
	X(getegid, 108, 4, 0) X(setuid, 105, 4, 1) X(setgid, 106, 4, 1)             \
	X(arch_prctl, 158, 40, 2) X(prctl, 157, 32, 5)                              \
	/* time and the rest */                                                     \
	X(nanosleep, 35, 24, 2) X(clock_nanosleep, 230, 24, 4)                      \
	X(clock_gettime, 228, 20, 2) X(clock_getres, 229, 16, 2)                    \
	X(gettimeofday, 96, 16, 2) X(time, 201, 12, 1) X(sched_yield, 24, 12, 0)    \
	X(getcpu, 309, 16, 3) X(sched_getaffinity, 204, 20, 3) X(uname, 63, 16, 1)  \
	X(getrandom, 318, 32, 3) X(restart_syscall, 219, 8, 0) X(reboot, 169, 2, 4) \
	/* pseudo: no such number, a trapping instruction, a bad stack */           \
	X(nosys, NR_NOSYS, 20, 6) X(insn, NR_INSN, 32, 2) X(badrsp, NR_BADRSP, 8, 4)

#define X_ENUM(name, nr, w, n) C_##name,
enum { X_CALLS(X_ENUM) C_COUNT };
#define X_DESC(name, nr, w, n) { #name, nr, w, n },
const struct call_desc call_table[] = { X_CALLS(X_DESC) };
const unsigned ncalls = C_COUNT;
_Static_assert(C_COUNT <= NCALLS_MAX, "raise NCALLS_MAX");

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

/* ---- one call ---- */

/* What the child of fork/vfork/clone does (child.c): mostly exit at once;
 * or write a byte somewhere; or pause until killed, to be traced, signalled,
 * read through /proc and waited for (not a vfork child: we would wait); or,
 * the child of a plain fork of the batch child, fuzz along with us. */
static void gen_fork_child(struct fuzz *f, bool may_pause, bool may_fuzz)
{
	unsigned r = rn(f, 100);
	f->fork_mode = r < 55 ? 0 : r < 70 ? 1 : r < 90 ? (may_pause ? 2 : 0) : (may_fuzz && !f->child ? 3 : 0);
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
		gen_fork_child(f, true, true);
		break;
	case C_vfork:
		gen_fork_child(f, false, false);
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
		gen_fork_child(f, !(fl & 0x4000), !(fl & (0x100 | 0x4000)) && !a[1]);
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
		/* what makes sense once attached: peek, poke, registers, resume, options, detach */
		static const uint64_t traced_reqs[] = { 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 12, 14, 17, 24, 24, 0x4200, 0x4201,
							0x4202, 0x4207, 0x4208 };
		unsigned r = rn(f, 100);
		if (f->ntraced && r < 60) {
			int pid = f->traced[rn(f, f->ntraced)];
			a[0] = PICK(f, traced_reqs);
			a[1] = sys1(121, pid) == f->pgrp ? (uint64_t)(int64_t)pid : 99999; /* still ours? */
		} else {
			a[0] = r < 62 ? 0 : r < 95 ? PICK(f, reqs) : gen_int(f);
			if (a[0] == 0 && r >= 62)
				a[0] = 16; /* PTRACE_TRACEME only 2%: the worker becomes the tracer */
			a[1] = gen_safe_pid(f);
		}
		a[2] = chance(f, 60) ? gen_buf(f) : gen_int(f);
		a[3] = chance(f, 40) ? gen_buf(f) : chance(f, 60) ? rn(f, 0x200) : gen_int(f);
		if (a[0] == 0x4200 && chance(f, 70))
			a[3] = rn(f, 0x80) | (chance(f, 30) ? 0x100000 : 0); /* PTRACE_O_*, EXITKILL */
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
	case C_ptrace:
		if (ret == 0 && (a[0] == 16 || a[0] == 0x4206) && f->ntraced < sizeof(f->traced) / sizeof(f->traced[0]))
			f->traced[f->ntraced++] = (int)a[1]; /* PTRACE_ATTACH, PTRACE_SEIZE */
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
