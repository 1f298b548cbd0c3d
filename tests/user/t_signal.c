/*
 * tests/user/t_signal.c - signals: kill, tkill, tgkill (signal 0 probes,
 * ESRCH, EINVAL), rt_sigaction (round trip, SIGKILL/SIGSTOP refused, bad
 * arguments), rt_sigprocmask (SIGKILL/SIGSTOP never blocked, bad
 * arguments), delivery to handlers installed by libc (SA_RESTORER):
 * siginfo, the mask during a handler, SA_NODEFER, SA_RESETHAND, nesting,
 * blocked signals delivered on unblock, SA_RESTART against EINTR,
 * registers, xmm, DF and stack alignment across a handler, a SIGSEGV
 * handler that fixes the fault and returns; fork and execve semantics
 * (handlers reset, SIG_IGN and the mask kept, pending not inherited); and
 * the default actions, in children: NULL dereference, write to text, hlt,
 * cli, jumps to kernel and non-canonical addresses -> SIGSEGV; ud2 ->
 * SIGILL; division by zero -> SIGFPE; int3 -> SIGTRAP; abort() -> SIGABRT;
 * raise(SIGTERM); SIGSEGV blocked or ignored still kills.  Only
 * WIFSIGNALED/WTERMSIG are compared, never the core-dump bit.
 *
 * Needs ROOT/tests/bin/t_echoargs.  Usage: t_signal [ROOT]
 */
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "regs.h"
#include "tap.h"

#define PLAN 115

#define SIGBIT(s) (1UL << ((s) - 1))

static pid_t self, tid;

static unsigned long getmask(void)
{
	unsigned long m = 0;

	rsys(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

static void setmask(unsigned long m)
{
	rsys(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

/* libc sigaction with flags; handler may be SIG_DFL/SIG_IGN */
static void on(int sig, void (*fn)(int), int flags, unsigned long mask)
{
	struct sigaction sa;
	int s;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	for (s = 1; s <= 31; s++)
		if (mask & SIGBIT(s))
			sigaddset(&sa.sa_mask, s);
	sigaction(sig, &sa, NULL);
}

static void on_info(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = flags | SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

/* a pid that certainly is not in use: a child's, after it was reaped */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	reap(pid);
	return pid;
}

/* ---- kill, tkill, tgkill ---- */

static void test_kill(void)
{
	pid_t dead = dead_pid(), child;
	int p[2];

	expect_eq(rsys(SYS_kill, self, 0), 0, "kill(self, 0)");
	expect_eq(rsys(SYS_kill, dead, 0), -ESRCH, "kill(dead pid, 0): ESRCH");
	expect_eq(rsys(SYS_kill, 0x3fffffff, 0), -ESRCH, "kill(0x3fffffff, 0): ESRCH");
	expect_eq(rsys(SYS_kill, self, 65), -EINVAL, "kill(self, 65): EINVAL");
	expect_eq(rsys(SYS_kill, self, -1), -EINVAL, "kill(self, -1): EINVAL");
	expect_eq(rsys(SYS_kill, dead, 65), -ESRCH,
		  "kill(dead pid, 65): ESRCH (the pid is looked up first)");
	errno = 0;
	ok(kill(dead, 0) == -1 && errno == ESRCH, "libc kill: -1, errno ESRCH");

	expect_eq(rsys(SYS_tkill, tid, 0), 0, "tkill(self, 0)");
	expect_eq(rsys(SYS_tkill, dead, 0), -ESRCH, "tkill(dead tid, 0): ESRCH");
	expect_eq(rsys(SYS_tkill, tid, 65), -EINVAL, "tkill(self, 65): EINVAL");
	expect_eq(rsys(SYS_tkill, 0, 0), -EINVAL, "tkill(0, 0): EINVAL");
	expect_eq(rsys(SYS_tkill, -1, 0), -EINVAL, "tkill(-1, 0): EINVAL");

	expect_eq(rsys(SYS_tgkill, self, tid, 0), 0, "tgkill(self, self, 0)");
	expect_eq(rsys(SYS_tgkill, self, dead, 0), -ESRCH, "tgkill(self, dead tid, 0): ESRCH");
	expect_eq(rsys(SYS_tgkill, self, tid, 65), -EINVAL, "tgkill(self, self, 65): EINVAL");
	expect_eq(rsys(SYS_tgkill, 0, tid, 0), -EINVAL, "tgkill(0, tid, 0): EINVAL");
	expect_eq(rsys(SYS_tgkill, self, 0, 0), -EINVAL, "tgkill(self, 0, 0): EINVAL");

	rsys(SYS_pipe, p);
	child = fork();
	if (child == 0) {
		char c;

		rsys(SYS_close, p[1]);
		rsys(SYS_read, p[0], &c, 1);
		_exit(0);
	}
	expect_eq(rsys(SYS_kill, child, 0), 0, "kill(child, 0)");
	expect_eq(rsys(SYS_tgkill, child, child, 0), 0, "tgkill(child, child, 0)");
	expect_eq(rsys(SYS_tgkill, child, tid, 0), -ESRCH,
		  "tgkill(child, our tid, 0): ESRCH (not in that group)");
	rsys(SYS_close, p[1]);
	rsys(SYS_close, p[0]);
	reap(child);
}

/* ---- rt_sigaction, rt_sigprocmask ---- */

static void dummy_handler(int sig)
{
	(void)sig;
}

static void test_sigaction(void)
{
	struct ksigaction act = {
		(unsigned long)dummy_handler, SA_RESTORER | SA_SIGINFO | SA_RESTART,
		(unsigned long)dummy_handler, SIGBIT(SIGUSR2),
	};
	struct ksigaction old, dfl = { 0, 0, 0, 0 };
	int good;

	expect_eq(rsys(SYS_rt_sigaction, SIGUSR1, &act, NULL, 4), -EINVAL,
		  "rt_sigaction with sigsetsize 4: EINVAL");
	expect_eq(rsys(SYS_rt_sigaction, SIGUSR1, &act, NULL, 16), -EINVAL,
		  "rt_sigaction with sigsetsize 16: EINVAL");
	expect_eq(rsys(SYS_rt_sigaction, 0, &act, NULL, 8), -EINVAL,
		  "rt_sigaction signal 0: EINVAL");
	expect_eq(rsys(SYS_rt_sigaction, 65, &act, NULL, 8), -EINVAL,
		  "rt_sigaction signal 65: EINVAL");
	expect_eq(rsys(SYS_rt_sigaction, SIGKILL, &act, NULL, 8), -EINVAL,
		  "a SIGKILL handler: EINVAL");
	expect_eq(rsys(SYS_rt_sigaction, SIGSTOP, &act, NULL, 8), -EINVAL,
		  "a SIGSTOP handler: EINVAL");
	act.handler = (unsigned long)SIG_IGN;
	expect_eq(rsys(SYS_rt_sigaction, SIGKILL, &act, NULL, 8), -EINVAL,
		  "SIG_IGN for SIGKILL: EINVAL");
	expect_eq(rsys(SYS_rt_sigaction, SIGKILL, &dfl, NULL, 8), -EINVAL,
		  "even SIG_DFL for SIGKILL: EINVAL");
	old.handler = 99;
	ok(rsys(SYS_rt_sigaction, SIGKILL, NULL, &old, 8) == 0 && old.handler == 0,
	   "querying SIGKILL is allowed: SIG_DFL");
	errno = 0;
	ok(signal(SIGKILL, SIG_IGN) == SIG_ERR && errno == EINVAL, "libc signal(SIGKILL): EINVAL");
	expect_eq(rsys(SYS_rt_sigaction, SIGUSR1, BAD_ONE, NULL, 8), -EFAULT,
		  "rt_sigaction with act at 0x1: EFAULT");
	expect_eq(rsys(SYS_rt_sigaction, SIGUSR1, NULL, BAD_ONE, 8), -EFAULT,
		  "rt_sigaction with oldact at 0x1: EFAULT");
	expect_eq(rsys(SYS_rt_sigaction, SIGUSR1, NULL, BAD_KERNEL, 8), -EFAULT,
		  "rt_sigaction with oldact at a kernel address: EFAULT");
	expect_eq(rsys(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 8), 0, "rt_sigaction with both NULL");

	act.handler = (unsigned long)dummy_handler;
	act.mask = SIGBIT(SIGUSR2) | SIGBIT(SIGKILL) | SIGBIT(SIGSTOP);
	rsys(SYS_rt_sigaction, SIGUSR1, &act, NULL, 8);
	memset(&old, 0, sizeof(old));
	expect_eq(rsys(SYS_rt_sigaction, SIGUSR1, &dfl, &old, 8), 0,
		  "replace a handler, get the old one");
	ok(old.handler == act.handler && old.flags == act.flags && old.restorer == act.restorer,
	   "the old handler, flags and restorer read back unchanged");
	expect_eq(old.mask, SIGBIT(SIGUSR2),
		  "the old sa_mask reads back without SIGKILL and SIGSTOP");
	rsys(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8);
	expect_eq(old.handler, 0, "the replacement (SIG_DFL) reads back");

	good = rsys(SYS_rt_sigaction, 64, &act, NULL, 8) == 0 &&
	       rsys(SYS_rt_sigaction, 64, &dfl, &old, 8) == 0 && old.handler == act.handler;
	ok(good, "signal 64 takes a handler");

	ok(signal(SIGUSR2, dummy_handler) == SIG_DFL && signal(SIGUSR2, SIG_DFL) == dummy_handler,
	   "libc signal returns the previous handler");
}

static void test_sigprocmask(void)
{
	unsigned long m, old;

	setmask(0);
	m = SIGBIT(SIGUSR1);
	old = 99;
	expect_eq(rsys(SYS_rt_sigprocmask, SIG_BLOCK, &m, &old, 8), 0, "SIG_BLOCK SIGUSR1");
	expect_eq(old, 0, "the old mask was empty");
	m = SIGBIT(SIGUSR2);
	rsys(SYS_rt_sigprocmask, SIG_BLOCK, &m, NULL, 8);
	expect_eq(getmask(), SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2), "SIG_BLOCK adds to the mask");
	m = SIGBIT(SIGUSR1);
	rsys(SYS_rt_sigprocmask, SIG_UNBLOCK, &m, NULL, 8);
	expect_eq(getmask(), SIGBIT(SIGUSR2), "SIG_UNBLOCK removes from it");
	m = SIGBIT(SIGTERM);
	rsys(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	expect_eq(getmask(), SIGBIT(SIGTERM), "SIG_SETMASK replaces it");
	m = ~0UL;
	rsys(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	expect_eq(getmask(), ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP)),
		  "blocking everything blocks all but SIGKILL and SIGSTOP");
	setmask(0);
	expect_eq(rsys(SYS_rt_sigprocmask, 3, &m, NULL, 8), -EINVAL, "how = 3: EINVAL");
	expect_eq(rsys(SYS_rt_sigprocmask, -1, &m, NULL, 8), -EINVAL, "how = -1: EINVAL");
	expect_eq(rsys(SYS_rt_sigprocmask, 3, NULL, &old, 8), 0,
		  "a bad how is ignored with no set");
	expect_eq(rsys(SYS_rt_sigprocmask, SIG_BLOCK, &m, NULL, 4), -EINVAL,
		  "sigsetsize 4: EINVAL");
	expect_eq(rsys(SYS_rt_sigprocmask, SIG_BLOCK, BAD_ONE, NULL, 8), -EFAULT,
		  "set at 0x1: EFAULT");
	expect_eq(rsys(SYS_rt_sigprocmask, SIG_BLOCK, NULL, BAD_ONE, 8), -EFAULT,
		  "oldset at 0x1: EFAULT");
	expect_eq(getmask(), 0, "the failed calls changed nothing");
}

/* ---- delivery ---- */

static volatile sig_atomic_t count1, count2, last_sig;
static volatile unsigned long mask_in_handler;
static char order[32];
static volatile int order_len;

static void h_count(int sig)
{
	last_sig = sig;
	if (sig == SIGUSR1)
		count1++;
	else
		count2++;
	mask_in_handler = getmask();
}

static volatile int info_signo, info_code, info_pid, info_uid;

static void h_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)sig;
	info_signo = si->si_signo;
	info_code = si->si_code;
	info_pid = si->si_pid;
	info_uid = si->si_uid;
}

static void h_nest2(int sig)
{
	(void)sig;
	order[order_len++] = 'b';
	order[order_len++] = 'B';
}

static void h_nest1(int sig)
{
	(void)sig;
	order[order_len++] = 'a';
	raise(SIGUSR2);
	order[order_len++] = 'A';
}

static void test_delivery(void)
{
	struct ksigaction old;
	unsigned long m;

	setmask(0);
	on(SIGUSR1, h_count, 0, 0);
	count1 = 0;
	raise(SIGUSR1);
	ok(count1 == 1 && last_sig == SIGUSR1,
	   "raise runs the handler once, with the signal number");
	count1 = 0;
	rsys(SYS_kill, self, SIGUSR1);
	expect_eq(count1, 1, "kill to self: the handler ran before kill returned");
	count1 = 0;
	rsys(SYS_tgkill, self, tid, SIGUSR1);
	expect_eq(count1, 1, "tgkill to self: the handler ran");
	expect_eq(mask_in_handler, SIGBIT(SIGUSR1), "the signal is blocked in its handler");
	expect_eq(getmask(), 0, "and unblocked after it returns");

	on(SIGUSR1, h_count, 0, SIGBIT(SIGUSR2) | SIGBIT(SIGTERM));
	raise(SIGUSR1);
	expect_eq(mask_in_handler, SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2) | SIGBIT(SIGTERM),
		  "sa_mask is blocked in the handler too");
	expect_eq(getmask(), 0, "the mask is restored after the handler");
	on(SIGUSR1, h_count, SA_NODEFER, 0);
	raise(SIGUSR1);
	expect_eq(mask_in_handler, 0, "SA_NODEFER: the signal is not blocked in its handler");

	on(SIGUSR1, h_count, SA_RESETHAND, 0);
	count1 = 0;
	raise(SIGUSR1);
	rsys(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8);
	ok(count1 == 1 && old.handler == 0, "SA_RESETHAND: handled once, then SIG_DFL");

	on_info(SIGUSR1, h_info, 0);
	rsys(SYS_kill, self, SIGUSR1);
	ok(info_signo == SIGUSR1 && info_code == SI_USER && info_pid == self &&
	   info_uid == (int)getuid(), "SA_SIGINFO from kill: si_signo, SI_USER, si_pid, si_uid");
	rsys(SYS_tkill, tid, SIGUSR1);
	ok(info_signo == SIGUSR1 && info_code == SI_TKILL && info_pid == self,
	   "SA_SIGINFO from tkill: SI_TKILL, si_pid");

	on(SIGUSR1, h_nest1, 0, 0);
	on(SIGUSR2, h_nest2, 0, 0);
	order_len = 0;
	raise(SIGUSR1);
	order[order_len] = 0;
	ok(!strcmp(order, "abBA"), "a handler interrupted by another signal's handler");
	on(SIGUSR1, h_nest1, 0, SIGBIT(SIGUSR2));
	order_len = 0;
	raise(SIGUSR1);
	order[order_len] = 0;
	ok(!strcmp(order, "aAbB"), "with SIGUSR2 in sa_mask it waits for the first handler");

	/* blocked, pending, delivered on unblock */
	on(SIGUSR1, h_count, 0, 0);
	m = SIGBIT(SIGUSR1);
	rsys(SYS_rt_sigprocmask, SIG_BLOCK, &m, NULL, 8);
	count1 = 0;
	raise(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	expect_eq(count1, 0, "a blocked signal is not delivered");
	rsys(SYS_rt_sigprocmask, SIG_UNBLOCK, &m, NULL, 8);
	expect_eq(count1, 1, "it is delivered once on unblock (not queued 3 times)");
	m = SIGBIT(SIGUSR1);
	rsys(SYS_rt_sigprocmask, SIG_BLOCK, &m, NULL, 8);
	raise(SIGUSR1);
	on(SIGUSR1, SIG_IGN, 0, 0);
	count1 = 0;
	setmask(0);
	expect_eq(count1, 0, "setting SIG_IGN discards a pending signal");
	on(SIGUSR1, SIG_DFL, 0, 0);
	on(SIGUSR2, SIG_DFL, 0, 0);
}

/* ---- EINTR and SA_RESTART ---- */

static int sig_after(int ms, int then_write_fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		msleep(ms);
		rsys(SYS_kill, rsys(SYS_getppid), SIGUSR1);
		if (then_write_fd >= 0) {
			msleep(ms);
			rsys(SYS_write, then_write_fd, "x", 1);
		}
		_exit(0);
	}
	return pid;
}

static void test_restart(void)
{
	struct timespec req = { 5, 0 }, rem = { -1, -1 };
	int p[2];
	pid_t pid;
	long r;
	char c;

	on(SIGUSR1, h_count, 0, 0);
	rsys(SYS_pipe, p);
	count1 = 0;
	pid = sig_after(200, p[1]);
	r = rsys(SYS_read, p[0], &c, 1);
	ok(r == -EINTR && count1 == 1, "a blocked read interrupted by a handler: EINTR");
	reap(pid);
	rsys(SYS_read, p[0], &c, 1);

	on(SIGUSR1, h_count, SA_RESTART, 0);
	count1 = 0;
	pid = sig_after(200, p[1]);
	r = rsys(SYS_read, p[0], &c, 1);
	ok(r == 1 && count1 == 1, "with SA_RESTART the read restarts and gets the data");
	reap(pid);
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);

	count1 = 0;
	pid = sig_after(200, -1);
	r = rsys(SYS_nanosleep, &req, &rem);
	ok(r == -EINTR && count1 == 1,
	   "nanosleep interrupted by a handler: EINTR even with SA_RESTART");
	ok(rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000 && rem.tv_sec < 5 && rem.tv_sec >= 1,
	   "and the remaining time is in rem");
	reap(pid);
	on(SIGUSR1, SIG_DFL, 0, 0);
}

/* ---- what a handler must not disturb ---- */

static void h_clobber(int sig)
{
	(void)sig;
	count1++;
	CLOBBER_REGS();
}

static volatile unsigned long df_in_handler;

static void h_flags(int sig)
{
	unsigned long fl;

	(void)sig;
	__asm__ volatile("pushfq\n\tpopq %0" : "=r"(fl));
	df_in_handler = fl & 0x400;
}

/* the handler, in assembly: records %rsp mod 16 at entry, then returns */
unsigned long handler_rsp_mod16;
void h_align(int sig);
__asm__(".text\n"
	".globl h_align\n"
	".type h_align, @function\n"
	"h_align:\n\t"
	"mov %rsp, %rax\n\t"
	"and $15, %rax\n\t"
	"mov %rax, handler_rsp_mod16(%rip)\n\t"
	"ret\n"
	".size h_align, . - h_align\n");

static void test_context(void)
{
	static struct regblock blk;
	unsigned long flags_after;
	long ret;

	regs_init(&blk, 3);
	on(SIGUSR1, h_clobber, 0, 0);
	count1 = 0;
	ret = syscall_keep(SYS_tkill, tid, SIGUSR1, &blk);
	ok(ret == 0 && count1 == 1, "tkill to self with a handler that clobbers registers");
	ok(xmm_kept(&blk), "xmm0-xmm15 survive the handler");
	ok(regs_kept(&blk, tid, SIGUSR1),
	   "rbx rdx rsi rdi r8 r9 r10 r12-r15 survive the syscall and the handler");

	on(SIGUSR1, h_flags, 0, 0);
	df_in_handler = 99;
	ret = SYS_tkill;
	__asm__ volatile("std\n\tsyscall\n\tpushfq\n\tpopq %%rdx\n\tcld"
			 : "+a"(ret), "=d"(flags_after)
			 : "D"((long)tid), "S"((long)SIGUSR1)
			 : "rcx", "r11", "memory", "cc");
	expect_eq(df_in_handler, 0, "the handler runs with DF clear");
	expect_eq(flags_after & 0x400, 0x400, "DF is set again after the handler returns");

	on(SIGUSR1, h_align, 0, 0);
	handler_rsp_mod16 = 99;
	raise(SIGUSR1);
	expect_eq(handler_rsp_mod16, 8, "the handler starts with rsp mod 16 == 8, as after a call");
	on(SIGUSR1, SIG_DFL, 0, 0);
}

/* ---- synchronous faults caught by handlers ---- */

static char *fix_page;
static volatile int fix_count, fix_code;
static void *volatile fix_addr;

static void h_fix(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fix_count++;
	fix_code = si->si_code;
	fix_addr = si->si_addr;
	mprotect(fix_page, 4096, PROT_READ | PROT_WRITE);
}

static void *volatile fault_want;

static void h_fault_exit(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (si->si_signo != sig)
		_exit(3);
	if (si->si_addr != fault_want)
		_exit(2);
	_exit(si->si_code);
}

static int child_maperr(void *arg)
{
	(void)arg;
	on_info(SIGSEGV, h_fault_exit, 0);
	fault_want = (void *)0x10;
	*(volatile int *)HIDE(0x10) = 1;
	return 100;
}

static int child_illopn(void *arg)
{
	(void)arg;
	on_info(SIGILL, h_fault_exit, 0);
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, %0\n"
			 "1:\tud2"
			 : "=m"(fault_want) : : "rax", "memory");
	return 100;
}

static int child_intdiv(void *arg)
{
	(void)arg;
	on_info(SIGFPE, h_fault_exit, 0);
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, %0\n\t"
			 "xor %%ecx, %%ecx\n\t"
			 "mov $1, %%eax\n\t"
			 "cltd\n"
			 "1:\tidivl %%ecx"
			 : "=m"(fault_want) : : "rax", "rcx", "rdx", "memory");
	return 100;
}

/* A SIGSEGV handler that faults again while SIGSEGV is blocked: Linux
 * resets the action to SIG_DFL and the process dies at once (lom used to
 * run the handler again and again, one frame deeper each time). */
static volatile int *refault_count; /* shared with the child */

static void h_refault(int sig)
{
	(void)sig;
	(*refault_count)++;
	*(volatile int *)HIDE(0x10) = 1;
}

static int child_refault(void *arg)
{
	(void)arg;
	on(SIGSEGV, h_refault, 0, 0);
	*(volatile int *)HIDE(0x10) = 1;
	return 100;
}

/* A handler that returns to a non-canonical address: SIGSEGV (Linux: the
 * iret's #GP, turned into the process's own) */
static void h_noncanonical(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)si;
	((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP] = (greg_t)0x8000000000001000ull;
}

static int child_noncanonical(void *arg)
{
	(void)arg;
	on_info(SIGUSR1, h_noncanonical, 0);
	raise(SIGUSR1);
	return 100;
}

static void test_fault_handlers(void)
{
	fix_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	on_info(SIGSEGV, h_fix, 0);
	fix_count = 0;
	*(volatile char *)fix_page = 42;
	ok(fix_count == 1 && fix_page[0] == 42,
	   "a SIGSEGV handler that mprotects the page: the write is retried and succeeds");
	ok(fix_code == SEGV_ACCERR && fix_addr == fix_page,
	   "si_code SEGV_ACCERR, si_addr the address");
	on(SIGSEGV, SIG_DFL, 0, 0);
	munmap(fix_page, 4096);

	expect_status(in_child(child_maperr, NULL), EXITED(SEGV_MAPERR),
		      "SIGSEGV at 0x10: si_code SEGV_MAPERR, si_addr 0x10");
	expect_status(in_child(child_illopn, NULL), EXITED(ILL_ILLOPN),
		      "SIGILL from ud2: si_code ILL_ILLOPN, si_addr the instruction");
	expect_status(in_child(child_intdiv, NULL), EXITED(FPE_INTDIV),
		      "SIGFPE from idiv by 0: si_code FPE_INTDIV, si_addr the instruction");

	refault_count = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	expect_status(in_child(child_refault, NULL), KILLED(SIGSEGV),
		      "a SIGSEGV handler that faults again (SIGSEGV blocked): killed by SIGSEGV");
	expect_eq(*refault_count, 1, "the handler ran once: the second fault reset SIGSEGV to SIG_DFL");
	munmap((void *)refault_count, 4096);
	expect_status(in_child(child_noncanonical, NULL), KILLED(SIGSEGV),
		      "rt_sigreturn to a non-canonical address: killed by SIGSEGV");
}

/* ---- fork and execve ---- */

static int child_after_fork(void *arg)
{
	int bad = 0;

	(void)arg;
	if (getmask() != SIGBIT(SIGUSR2))
		bad |= 1;
	count1 = count2 = 0;
	raise(SIGUSR1);          /* the inherited handler */
	if (count1 != 1)
		bad |= 2;
	setmask(0);              /* the parent's pending SIGUSR2 is not ours */
	if (count2 != 0)
		bad |= 4;
	return bad;
}

static void exec_setup(void *arg)
{
	unsigned long m = SIGBIT(SIGTERM) | SIGBIT(SIGUSR2);

	(void)arg;
	on(SIGUSR1, SIG_IGN, 0, 0);
	on(SIGINT, h_count, 0, 0);
	on(SIGHUP, h_count, 0, 0);
	on(SIGPIPE, SIG_IGN, 0, 0);
	rsys(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

static void test_fork_exec(void)
{
	char *argv[] = { "echoargs", NULL }, *envp[] = { NULL };
	char out[4096];
	unsigned long m = SIGBIT(SIGUSR2);
	int st;

	on(SIGUSR1, h_count, 0, 0);
	on(SIGUSR2, h_count, 0, 0);
	rsys(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	raise(SIGUSR2);
	expect_status(in_child(child_after_fork, NULL), EXITED(0),
		      "fork: the child inherits handlers and mask, not pending signals");
	count2 = 0;
	setmask(0);
	expect_eq(count2, 1, "the parent's pending SIGUSR2 is still delivered to the parent");
	on(SIGUSR1, SIG_DFL, 0, 0);
	on(SIGUSR2, SIG_DFL, 0, 0);

	exec_capture(P("/tests/bin/t_echoargs"), argv, envp, exec_setup, NULL, out, sizeof(out),
		     &st);
	ok(st == 0 && strstr(out, "\nign: 10 13\nhnd:\nblk: 12 15\n") != NULL,
	   "execve: SIG_IGN kept, handlers reset to SIG_DFL, the mask kept");
}

/* ---- default actions ---- */

static void no_core(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl); /* lom may not have it: ignored */
	reset_signals();
}

static int do_null(void *a) { (void)a; no_core(); *(volatile int *)HIDE(0) = 1; return 100; }
static int do_text(void *a) { (void)a; no_core(); *(volatile char *)HIDE(do_null) = 0; return 100; }
static int do_hlt(void *a) { (void)a; no_core(); __asm__ volatile("hlt"); return 100; }
static int do_cli(void *a) { (void)a; no_core(); __asm__ volatile("cli"); return 100; }
static int do_ud2(void *a) { (void)a; no_core(); __asm__ volatile("ud2"); return 100; }
static int do_int3(void *a) { (void)a; no_core(); __asm__ volatile("int3"); return 100; }
static int do_abort(void *a) { (void)a; no_core(); abort(); }
static int do_term(void *a) { (void)a; no_core(); raise(SIGTERM); return 100; }
static int do_usr1(void *a) { (void)a; no_core(); raise(SIGUSR1); return 100; }

static int do_jump(void *a)
{
	no_core();
	__asm__ volatile("jmp *%0" : : "r"(a));
	return 100;
}

static int do_div0(void *a)
{
	(void)a;
	no_core();
	__asm__ volatile("xor %%ecx, %%ecx\n\tmov $1, %%eax\n\tcltd\n\tidivl %%ecx"
			 : : : "rax", "rcx", "rdx");
	return 100;
}

static int do_divmin(void *a)
{
	(void)a;
	no_core();
	__asm__ volatile("mov $-1, %%ecx\n\tmov $0x80000000, %%eax\n\tcltd\n\tidivl %%ecx"
			 : : : "rax", "rcx", "rdx");
	return 100;
}

static int do_ignored(void *a)
{
	int sig = (long)a;

	no_core();
	if (sig == SIGTERM)
		on(SIGTERM, SIG_IGN, 0, 0);
	raise(sig);
	return 0;
}

static int do_blocked_segv(void *a)
{
	unsigned long m = SIGBIT(SIGSEGV);

	(void)a;
	no_core();
	rsys(SYS_rt_sigprocmask, SIG_BLOCK, &m, NULL, 8);
	*(volatile int *)HIDE(0) = 1;
	return 100;
}

static int do_ignored_segv(void *a)
{
	(void)a;
	no_core();
	on(SIGSEGV, SIG_IGN, 0, 0);
	*(volatile int *)HIDE(0) = 1;
	return 100;
}

static void h_segv_again(int sig)
{
	(void)sig;
	*(volatile int *)HIDE(8) = 1;
}

static int do_segv_in_handler(void *a)
{
	(void)a;
	no_core();
	on(SIGSEGV, h_segv_again, 0, 0);
	*(volatile int *)HIDE(0) = 1;
	return 100;
}

static void test_defaults(void)
{
	struct {
		int (*fn)(void *);
		void *arg;
		int want;
		const char *what;
	} cases[] = {
		{ do_null, NULL, KILLED(SIGSEGV), "a NULL dereference: SIGSEGV" },
		{ do_text, NULL, KILLED(SIGSEGV), "a write to the program's text: SIGSEGV" },
		{ do_hlt, NULL, KILLED(SIGSEGV), "hlt in user mode: SIGSEGV" },
		{ do_cli, NULL, KILLED(SIGSEGV), "cli in user mode: SIGSEGV" },
		{ do_jump, (void *)0xffffffff81000000UL, KILLED(SIGSEGV),
		  "a jump to 0xffffffff81000000 (kernel): SIGSEGV" },
		{ do_jump, (void *)0x8000000000000000UL, KILLED(SIGSEGV),
		  "a jump to a non-canonical address: SIGSEGV" },
		{ do_jump, (void *)0x1000UL, KILLED(SIGSEGV),
		  "a jump to unmapped 0x1000: SIGSEGV" },
		{ do_ud2, NULL, KILLED(SIGILL), "ud2: SIGILL" },
		{ do_div0, NULL, KILLED(SIGFPE), "integer division by zero: SIGFPE" },
		{ do_divmin, NULL, KILLED(SIGFPE), "INT_MIN / -1: SIGFPE" },
		{ do_int3, NULL, KILLED(SIGTRAP), "int3: SIGTRAP" },
		{ do_abort, NULL, KILLED(SIGABRT), "abort(): SIGABRT" },
		{ do_term, NULL, KILLED(SIGTERM), "raise(SIGTERM): SIGTERM" },
		{ do_usr1, NULL, KILLED(SIGUSR1), "raise(SIGUSR1) with no handler: SIGUSR1" },
		{ do_ignored, (void *)SIGCHLD, EXITED(0), "SIGCHLD is ignored by default" },
		{ do_ignored, (void *)SIGURG, EXITED(0), "SIGURG is ignored by default" },
		{ do_ignored, (void *)SIGWINCH, EXITED(0), "SIGWINCH is ignored by default" },
		{ do_ignored, (void *)SIGTERM, EXITED(0), "SIGTERM set to SIG_IGN is ignored" },
		{ do_blocked_segv, NULL, KILLED(SIGSEGV),
		  "a fault with SIGSEGV blocked still kills" },
		{ do_ignored_segv, NULL, KILLED(SIGSEGV),
		  "a fault with SIGSEGV ignored still kills" },
		{ do_segv_in_handler, NULL, KILLED(SIGSEGV),
		  "a fault inside the SIGSEGV handler kills with SIGSEGV" },
	};
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_status(in_child(cases[i].fn, cases[i].arg), cases[i].want, "%s",
			      cases[i].what);
}

static void test_kill_children(void)
{
	int p[2], q[2];
	pid_t pid;
	char c;

	/* a child asleep in read, woken by a signal with a handler that exits */
	rsys(SYS_pipe, p);
	rsys(SYS_pipe, q);
	pid = fork();
	if (pid == 0) {
		no_core();
		on(SIGUSR1, _exit, 0, 0);
		rsys(SYS_write, q[1], "r", 1);
		rsys(SYS_read, p[0], &c, 1);
		_exit(1);
	}
	rsys(SYS_read, q[0], &c, 1);
	msleep(20);
	rsys(SYS_kill, pid, SIGUSR1);
	expect_status(reap(pid), EXITED(SIGUSR1), "a child asleep in read runs its handler");

	pid = fork();
	if (pid == 0) {
		no_core();
		rsys(SYS_write, q[1], "r", 1);
		rsys(SYS_read, p[0], &c, 1);
		_exit(1);
	}
	rsys(SYS_read, q[0], &c, 1);
	msleep(20);
	rsys(SYS_kill, pid, SIGTERM);
	expect_status(reap(pid), KILLED(SIGTERM), "SIGTERM kills a child asleep in read");

	pid = fork();
	if (pid == 0) {
		unsigned long all = ~0UL;

		no_core();
		on(SIGTERM, SIG_IGN, 0, 0);
		rsys(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
		rsys(SYS_write, q[1], "r", 1);
		rsys(SYS_read, p[0], &c, 1);
		_exit(1);
	}
	rsys(SYS_read, q[0], &c, 1);
	rsys(SYS_kill, pid, SIGTERM);
	msleep(20);
	expect_eq(rsys(SYS_wait4, pid, NULL, WNOHANG, 0), 0,
		  "a child ignoring SIGTERM survives it");
	rsys(SYS_kill, pid, SIGKILL);
	expect_status(reap(pid), KILLED(SIGKILL), "SIGKILL kills it though it blocks everything");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);
	rsys(SYS_close, q[0]);
	rsys(SYS_close, q[1]);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	reset_signals();
	self = rsys(SYS_getpid);
	tid = rsys(SYS_gettid);
	test_kill();
	test_sigaction();
	test_sigprocmask();
	test_delivery();
	test_restart();
	test_context();
	test_fault_handlers();
	test_fork_exec();
	test_defaults();
	test_kill_children();
	return tap_done();
}
