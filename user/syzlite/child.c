/*
 * user/syzlite/child.c - the batch child: the process that issues the
 * random calls, and the few pieces of assembly that make the dangerous
 * ones survivable (fork-like calls whose child must not run our C code,
 * rt_sigreturn with a frame we built, a syscall on a bad stack, faulting
 * instructions).
 *
 * Once the loop has started nothing here relies on libc state that a
 * random call could have destroyed: no errno (arch_prctl may move the TLS
 * base), no malloc (brk moves), no stdio streams (snprintf only); calls
 * are raw `syscall`s.  Anything else the calls destroy (our stack, text,
 * scratch) kills us, which the worker counts and survives.  A fork's child
 * may fuzz along (fork_mode 3): it shares our counters, not our ring.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "syzlite.h"

/*
 * fork, vfork, clone: the child may have no usable stack (clone's newsp)
 * or share ours (vfork), so it does not return to C: it does what
 * syz_fork_mode says, in registers only: 0 exit, 1 write a byte at
 * syz_fork_touch (a fault kills it: fine) and exit, 2 pause until a signal
 * ends it.  Mode 3 (a plain fork: a stack of its own) returns 0 to C, and
 * the child fuzzes along with us for a while (batch_child).
 *
 *   long syz_fork(long nr, a1, a2, a3, a4, a5)
 */
uint64_t syz_fork_mode, syz_fork_touch;
long syz_fork(long nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
__asm__(".text\n"
	".globl syz_fork\n"
	"syz_fork:\n"
	"	push %r12\n"
	"	push %r13\n"
	"	mov syz_fork_touch(%rip), %r12\n"
	"	mov syz_fork_mode(%rip), %r13\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %rcx, %rdx\n"
	"	mov %r8, %r10\n"
	"	mov %r9, %r8\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 3f\n"
	"	cmp $3, %r13\n" /* a fuzzing child: back to C, on its copy of our stack */
	"	je 3f\n"
	"	cmp $1, %r13\n"
	"	jne 1f\n"
	"	movb $1, (%r12)\n"
	"1:	cmp $2, %r13\n"
	"	jne 2f\n"
	"	mov $34, %eax\n" /* pause */
	"	syscall\n"
	"2:	mov $231, %eax\n" /* exit_group(0) */
	"	xor %edi, %edi\n"
	"	syscall\n"
	"	ud2\n"
	"3:	pop %r13\n"
	"	pop %r12\n"
	"	ret\n");

/*
 * rt_sigreturn with a frame built in the scratch (calls.c fills it with
 * random registers, flags, FPU state and signal mask).  Unless `wild`, we
 * first put our own callee-saved registers, stack pointer and a return
 * address into it, so that the kernel sends us back here; the random
 * rax is what the call "returns".  The kernel reads the frame at rsp - 8.
 *
 *   long syz_sigreturn(uint64_t *frame, long wild)
 * sigcontext offsets in the frame: r12 80, r13 88, r14 96, r15 104,
 * rbp 128, rbx 136, rsp 168, rip 176.
 */
long syz_sigreturn(uint64_t frame, long wild);
__asm__(".text\n"
	".globl syz_sigreturn\n"
	"syz_sigreturn:\n"
	"	push %rbp\n"
	"	push %rbx\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	test %rsi, %rsi\n"
	"	jnz 1f\n"
	"	mov %r12, 80(%rdi)\n"
	"	mov %r13, 88(%rdi)\n"
	"	mov %r14, 96(%rdi)\n"
	"	mov %r15, 104(%rdi)\n"
	"	mov %rbp, 128(%rdi)\n"
	"	mov %rbx, 136(%rdi)\n"
	"	mov %rsp, 168(%rdi)\n"
	"	lea 2f(%rip), %rax\n"
	"	mov %rax, 176(%rdi)\n"
	"1:	lea 8(%rdi), %rsp\n"
	"	mov $15, %eax\n"
	"	syscall\n"
	"2:	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbx\n"
	"	pop %rbp\n"
	"	ret\n");

/* A syscall with rsp = a bad address: long syz_badrsp(nr, a1, a2, rsp) */
long syz_badrsp(long nr, uint64_t a1, uint64_t a2, uint64_t rsp);
__asm__(".text\n"
	".globl syz_badrsp\n"
	"syz_badrsp:\n"
	"	push %r12\n"
	"	mov %rsp, %r12\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %rcx, %rsp\n"
	"	syscall\n"
	"	mov %r12, %rsp\n"
	"	pop %r12\n"
	"	ret\n");

/* ---- faults we provoke ourselves (touch, insn) end up here ---- */

static jmp_buf recover_env;
static volatile int probing; /* inside touch() or insn(): recover_env is live */

static void recover(int sig)
{
	if (probing) {
		probing = 0;
		_longjmp(recover_env, sig);
	}
	/* a fault of ours, outside the probes (our memory is gone): die of it */
	uint64_t sa[4] = { 0, 0, 0, 0 };
	sys4(13, sig, sa, 0, 8);
}

extern void __restore_rt(void);

static void catch_faults(void)
{
	static const int sigs[] = { 4, 5, 7, 8, 11 }; /* ILL TRAP BUS FPE SEGV */
	uint64_t sa[4] = { (uint64_t)(uintptr_t)recover, 0x04000000 | 0x40000000, /* RESTORER, NODEFER */
			   (uint64_t)(uintptr_t)__restore_rt, 0 };
	for (unsigned i = 0; i < 5; i++)
		sys4(13, sigs[i], sa, 0, 8);
}

/* The handler the fuzzer installs with rt_sigaction: counts, and lets a
 * fault it cannot fix kill us the ordinary way. */
static volatile unsigned long handled;
void syz_handler(int sig)
{
	handled++;
	if (sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11) {
		uint64_t sa[4] = { 0, 0, 0, 0 };
		sys4(13, sig, sa, 0, 8); /* SIG_DFL: the faulting instruction runs again and kills us */
	}
}

static long touch(uint64_t addr, uint64_t len, unsigned mode)
{
	catch_faults();
	int sig = _setjmp(recover_env);
	if (sig)
		return sig;
	probing = 1;
	for (uint64_t off = 0; off < len; off += PAGE) {
		volatile char *p = (volatile char *)(uintptr_t)(addr + off);
		char c = mode != 1 ? *p : 0;
		if (mode)
			*p = (char)(c + 1);
	}
	probing = 0;
	return 0;
}

/* An instruction that traps: what the kernel does with user-mode exceptions. */
static long insn(unsigned which, uint64_t val)
{
	catch_faults();
	int sig = _setjmp(recover_env);
	if (sig)
		return sig;
	probing = 1;
	switch (which) {
	case 0: __asm__ volatile("int3"); break;
	case 1: /* a 32-bit syscall number nothing has */
		val = (uint32_t)val | 0x10000;
		__asm__ volatile("int $0x80" : "+a"(val) : : "memory");
		break;
	case 2: __asm__ volatile("int $0x20"); break;
	case 3: __asm__ volatile("int $0x2"); break;
	case 4: __asm__ volatile("ud2"); break;
	case 5: __asm__ volatile("hlt"); break;
	case 6: __asm__ volatile("cli"); break;
	case 7: __asm__ volatile("inb $0x60, %%al" : : : "rax"); break;
	case 8: __asm__ volatile("rdmsr" : : "c"(val) : "rax", "rdx"); break;
	case 9: __asm__ volatile(".byte 0xf1"); break; /* int1 (icebp): a #DB */
	case 10: __asm__ volatile("int $0xff"); break;
	case 11: __asm__ volatile("int $0x8"); break;
	case 12: { volatile int zero = 0; volatile int x = (int)val / zero; (void)x; break; }
	case 13: __asm__ volatile("mov %0, %%fs" : : "r"((uint16_t)val) : "memory"); break;
	case 14: __asm__ volatile("mov %0, %%gs" : : "r"((uint16_t)val) : "memory"); break;
	case 15: __asm__ volatile("swapgs"); break;
	case 16: /* single-step over a syscall: TF set, getpid, TF cleared */
		__asm__ volatile("pushf; orl $0x100, (%%rsp); popf; mov $39, %%eax; syscall; pushf; andl $~0x100, (%%rsp); popf"
				 : : : "rax", "rcx", "r11", "memory", "cc");
		break;
	case 17: __asm__ volatile("lidt (%0)" : : "r"(&val) : "memory"); break;
	case 18: __asm__ volatile("mov %%cr3, %%rax" : : : "rax"); break;
	default: __asm__ volatile("sysenter"); break;
	}
	probing = 0;
	return 0;
}

/* ---- the batch ---- */

static long issue(struct fuzz *f, unsigned call, uint64_t a[6])
{
	long nr = call_table[call].nr;

	if (nr == 57 || nr == 58 || nr == 56) {
		syz_fork_mode = f->fork_mode;
		syz_fork_touch = f->fork_touch;
		return syz_fork(nr, a[0], a[1], a[2], a[3], a[4]);
	}
	if (nr == 15)
		return syz_sigreturn(a[0], f->wild_sigreturn);
	if (f->child && (nr == 112 || nr == 109))
		return -1; /* not issued: setsid/setpgid would take a child out of the group the worker kills */
	if (nr >= 0)
		return sys6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	switch (nr) {
	case NR_TOUCH: return touch(a[0], a[1], (unsigned)a[2]);
	case NR_INSN: return insn((unsigned)a[0], a[1]);
	case NR_BADRSP: return syz_badrsp((long)a[0], a[1], a[2], a[3]);
	default: return sys6((long)a[0], a[1], a[2], a[3], a[4], a[5], 0); /* NR_NOSYS: a[0] is the number */
	}
}

/* CLOCK_MONOTONIC in microseconds; 0 if our stack is not writable any more */
static uint64_t now_us(void)
{
	int64_t ts[2];
	if (sys2(228, 1, ts))
		return 0;
	return (uint64_t)ts[0] * 1000000 + (uint64_t)ts[1] / 1000;
}

/* The call as the log shows it, and the strings it points to (paths) */
static void replay_print(const struct call_rec *r)
{
	char line[512];
	int n = format_rec(line, 300, r);

	for (unsigned i = 0; i < 6 && r->done == 0; i++) {
		uint64_t p = r->args[i];
		if (p < SCRATCH_BASE + SCRATCH_IO || p >= SCRATCH_BASE + SCRATCH_SIZE)
			continue;
		const char *s = (const char *)(uintptr_t)p;
		if (*s != '/' && *s != '.' && (*s < 'a' || *s > 'z'))
			continue;
		unsigned len = 0;
		while (len < 40 && p + len < SCRATCH_BASE + SCRATCH_SIZE && s[len] >= ' ' && s[len] < 127)
			len++;
		n += snprintf(line + n, sizeof(line) - 2 - (unsigned)n, " [arg%u \"%.*s%s\"]", i, (int)len, s,
			      len == 40 ? "..." : "");
	}
	line[n++] = '\n';
	sys3(1, LOG_FD, line, n);
}

static void setup(struct fuzz *f, bool replay)
{
	sys1(112, 0); /* setsid: kill(0) and kill(-self) reach only us and our children */
	if (replay)
		dup2(2, LOG_FD);
	for (int fd = 0; fd < 64; fd++)
		if (fd != LOG_FD)
			close(fd);
	int null = open("/dev/null", O_RDWR);
	dup2(null, 1);
	dup2(null, 2);
	mmap((void *)SCRATCH_BASE, SCRATCH_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	munmap((void *)(SCRATCH_BASE + SCRATCH_SIZE), PAGE);
	mmap((void *)ARENA_BASE, ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	/* the worker's wake-up call for a child stuck in pause, a long sleep, a read */
	uint64_t sa[4] = { (uint64_t)(uintptr_t)syz_handler, 0x04000000, (uint64_t)(uintptr_t)__restore_rt, 0 };
	if (sys4(13, WAKE_SIG, sa, 0, 8) == 0)
		f->sh->wake_sig = WAKE_SIG;
	f->self = f->pgrp = getpid();
	f->brk0 = (uint64_t)sys1(12, 0);
	static const char *const start[] = { "/dev/zero", "/proc/meminfo", "/", "/proc/self/maps", "/proc" };
	for (unsigned i = 0; i < sizeof(start) / sizeof(start[0]); i++) {
		int fd = open(start[i], O_RDONLY);
		if (fd >= 0)
			f->fds[f->nfds++] = fd;
	}
	f->fds[f->nfds++] = 0; /* /dev/null */
	int p[2];
	if (pipe2(p, O_NONBLOCK) == 0) {
		f->fds[f->nfds++] = p[0];
		f->fds[f->nfds++] = p[1];
	}
}

/* Calls a fuzzing child makes before it exits. */
#define CHILD_CALLS 64

/* One call: picked, logged in the ring (not by a fuzzing child: the ring is
 * the batch's own log), issued, counted.  True when we are the new child
 * of a fork that asked it to fuzz along (fork_mode 3). */
static bool one_call(struct fuzz *f, unsigned seq)
{
	struct shared *sh = f->sh;
	uint64_t a[6];
	struct call_rec mine, *r = &mine;
	unsigned call = pick_call(f);

	gen_args(f, call, a);
	if (!f->child) {
		r = &sh->ring[sh->ring_next++ % RING_MAX];
		sh->progress = seq;
	}
	r->done = 0;
	r->call = (uint16_t)call;
	memcpy(r->args, a, sizeof(r->args));
	r->ret = 0;
	r->seq = seq;
	if (f->replay)
		replay_print(r);
	uint64_t t0 = now_us();
	long ret = issue(f, call, a);
	long nr = call_table[call].nr;
	if (ret == 0 && f->fork_mode == 3 && (nr == 57 || nr == 56))
		return true;
	uint64_t t1 = now_us(), us = t0 && t1 > t0 ? t1 - t0 : 0;
	sh->time_us[call] += us;
	r->ret = ret;
	r->done = 1;
	if (us > sh->slowest_us && !f->child) {
		sh->slowest_us = us;
		sh->slowest = *r;
		sh->slowest_batch = sh->batch;
	}
	sh->calls++;
	sh->per_call[call]++;
	if (ret < 0 && ret >= -4095 && nr >= 0 && nr != 15) { /* rt_sigreturn "returns" the frame's rax */
		sh->errors++;
		sh->per_errno[-ret > NERRNO ? NERRNO : -ret]++;
		if (-ret >= NERRNO && !sh->odd.seq) { /* a kernel-internal code (ERESTARTSYS...) that got out */
			sh->odd = *r;
			sh->odd_batch = sh->batch;
		}
	} else {
		sh->ok++;
		sh->per_call_ok[call]++;
	}
	if (ret > 0 && (nr == 57 || nr == 58 || nr == 56))
		sh->procs++;
	if (f->replay)
		replay_print(r);
	after_call(f, call, a, ret);
	if (nr == 13 && ret == 0 && a[0] == WAKE_SIG && a[1] && !f->child) /* still our handler? */
		sh->wake_sig = *(const uint64_t *)(uintptr_t)a[1] == (uint64_t)(uintptr_t)syz_handler ? WAKE_SIG : 0;
	return false;
}

void batch_child(struct shared *sh, uint64_t seed, unsigned slot, unsigned batch, unsigned calls, bool replay)
{
	static struct fuzz fz;
	struct fuzz *f = &fz;

	f->sh = sh;
	f->replay = replay;
	setup(f, replay);
	f->rng = mix_seed(seed, slot, batch);

	for (unsigned i = 0; i < calls; i++) {
		if (!one_call(f, i + 1))
			continue;
		/* a fork's child that fuzzes along, concurrently with us, sharing
		 * copy-on-write pages and MAP_SHARED memory with us: CHILD_CALLS
		 * calls of its own (drawn from a stream of its own), then exit */
		f->child = true;
		f->replay = false;
		f->self = (int)sys1(39, 0);
		f->rng = mix_seed(f->rng, 0xc41d, i);
		calls = i + 1 + CHILD_CALLS;
	}
	if (f->child)
		sys1(231, 0);
	/* our lingering children: SIGKILL (the worker also kills the group when we are gone) */
	for (unsigned i = 0; i < f->npids; i++)
		if (sys1(121, f->pids[i]) == f->pgrp)
			sys2(62, f->pids[i], 9);
	sh->done = 1;
	sys1(231, 0);
	for (;;)
		;
}
