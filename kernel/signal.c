/*
 * kernel/signal.c - sending and delivering signals (see kernel/signal.h),
 * and the signal syscalls.
 *
 * Sending sets a pending bit (and remembers who sent it) under the
 * target's sig_lock, then wakes the target if it sleeps interruptibly.
 * Delivery happens in the target itself on its way back to user mode:
 * default action (terminate, ignore), or a handler frame on the user stack
 * in Linux's rt_sigframe layout, so that musl's and glibc's handlers and
 * their __restore_rt trampolines work unchanged.
 *
 * A traced task (kernel/ptrace.h) stops for its tracer before it acts on
 * any signal but SIGKILL (signal-delivery-stop, ptrace_signal), so even a
 * signal it ignores is queued for it; SIGKILL ends a ptrace stop.  An
 * exiting task (do_exit) takes no more signals.
 *
 * Interrupted syscalls: a sleeping syscall returns -ERESTARTSYS; if a
 * handler without SA_RESTART runs, user space sees -EINTR, otherwise the
 * syscall is restarted (RIP moved back onto the syscall instruction).
 * -ERESTARTNOHAND restarts only when no handler runs; a relative sleep's
 * -ERESTART_RESTARTBLOCK then becomes restart_syscall(2), which goes on
 * with current->restart_block (kernel/clock.c), as on Linux.
 */
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/ptrace.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/trap.h"
#include "kernel/uaccess.h"
#include "kernel/x86.h"

enum sig_default { SIG_TERM, SIG_CORE, SIG_IGNORE, SIG_STOP };

static enum sig_default default_action(int sig)
{
	switch (sig) {
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
	case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return SIG_CORE;
	case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
		return SIG_IGNORE;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return SIG_STOP;
	default:
		return SIG_TERM;
	}
}

const char *signal_name(int sig)
{
	static const char *const names[] = {
		"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
		"SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
		"SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
		"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
	};
	return sig > 0 && sig < (int)ARRAY_SIZE(names) ? names[sig] : "SIGRT";
}

/* Would delivering sig to t do nothing at all?  (sig_lock held) */
static bool sig_ignored(struct task *t, int sig)
{
	uint64_t h = t->sig.action[sig - 1].handler;

	if (t->sig.blocked & sigmask(sig))
		return false; /* stays pending: the handler may change before unblocking */
	if (h == SIG_IGN)
		return true;
	if (h != SIG_DFL)
		return false;
	if (t->pid == 1)
		return true; /* init gets only the signals it catches, as on Linux */
	enum sig_default d = default_action(sig);
	return d == SIG_IGNORE || d == SIG_STOP;
}

bool signal_pending(struct task *t)
{
	/* a PTRACE_INTERRUPT, too, ends an interruptible sleep and is seen in do_signal */
	return (__atomic_load_n(&t->sig.pending, __ATOMIC_RELAXED) & ~t->sig.blocked) != 0 ||
	       (__atomic_load_n(&t->jobctl, __ATOMIC_RELAXED) & JOBCTL_TRAP_STOP);
}

bool fatal_signal_pending(struct task *t)
{
	return __atomic_load_n(&t->sig.pending, __ATOMIC_RELAXED) & sigmask(SIGKILL);
}

int send_signal(struct task *t, int sig, const struct ksiginfo *info)
{
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (t->is_idle || t->state == TASK_ZOMBIE)
		return 0;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	if (t->exiting) { /* too late: even a SIGKILL would change nothing (or end an exit stop) */
		spin_unlock_irqrestore(&t->sig_lock, irq);
		return 0;
	}
	/* a tracer hears of every signal but SIGKILL, even an ignored one */
	if ((sig != SIGKILL && !t->ptrace && sig_ignored(t, sig)) || (sig == SIGKILL && t->pid == 1)) {
		spin_unlock_irqrestore(&t->sig_lock, irq);
		return 0;
	}
	if (!(t->sig.pending & sigmask(sig))) {
		t->sig.pending |= sigmask(sig);
		t->sig.info[sig - 1] = info ? *info : (struct ksiginfo){ .code = SI_KERNEL };
	}
	bool wake = !(t->sig.blocked & sigmask(sig));
	spin_unlock_irqrestore(&t->sig_lock, irq);
	if (wake && t->state == TASK_INTERRUPTIBLE)
		wake_up_process(t);
	else if (sig == SIGKILL && t->state == TASK_TRACED)
		wake_up_state(t, TASK_TRACED); /* SIGKILL ends a ptrace stop (ptrace_stop checks it under sig_lock) */
	return 0;
}

void force_sig_fault(int sig, int code, uint64_t addr)
{
	struct task *t = current;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);

	/* a fault that cannot be handled must not be ignored or blocked: as
	 * Linux (force_sig_info_to_task), either one resets it to SIG_DFL, so
	 * a handler that faults again (its own signal blocked) kills instead
	 * of nesting frames down the stack */
	if ((t->sig.blocked & sigmask(sig)) || t->sig.action[sig - 1].handler == SIG_IGN)
		t->sig.action[sig - 1].handler = SIG_DFL;
	t->sig.blocked &= ~sigmask(sig);
	t->sig.pending |= sigmask(sig);
	t->sig.forced |= sigmask(sig);
	t->sig.info[sig - 1] = (struct ksiginfo){ .code = code, .addr = addr };
	spin_unlock_irqrestore(&t->sig_lock, irq);
}

struct kill_args {
	int pid, sig, code, found;
	struct task *self;
};

static void kill_one(struct task *t, void *arg)
{
	struct kill_args *k = arg;
	bool match = k->pid == -1 ? (t->pid != 1 && t != k->self) : t->pgid == -k->pid;

	if (!match)
		return;
	k->found++;
	if (k->sig) {
		struct ksiginfo info = { .code = k->code, .pid = k->self ? k->self->pid : 0 };
		send_signal(t, k->sig, &info);
	}
}

int kill_pid(int pid, int sig, int si_code)
{
	struct task *self = current;
	bool bad_sig = sig < 0 || sig > NSIG;

	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	int ret = 0;
	if (pid > 0) { /* as Linux: the pid is looked up first (ESRCH), then the signal (EINVAL) */
		struct task *t = find_task_by_pid(pid);
		if (!t)
			ret = -ESRCH;
		else if (bad_sig)
			ret = -EINVAL;
		else if (sig) {
			struct ksiginfo info = { .code = si_code, .pid = self->pid };
			ret = send_signal(t, sig, &info);
		}
	} else {
		struct kill_args k = { pid == 0 ? -self->pgid : pid, bad_sig ? 0 : sig, si_code, 0, self };
		if (pid == INT32_MIN)
			ret = -ESRCH;
		else {
			for_each_task(kill_one, &k);
			if (!k.found)
				ret = -ESRCH;
			else if (bad_sig)
				ret = -EINVAL;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

int kill_pgrp(int pgid, int sig)
{
	struct kill_args k = { -pgid, sig, SI_KERNEL, 0, NULL };
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);

	for_each_task(kill_one, &k);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return k.found;
}

void flush_signal_handlers(struct task *t)
{
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);

	for (int i = 0; i < NSIG; i++) {
		struct k_sigaction *sa = &t->sig.action[i];
		uint64_t h = sa->handler;
		memset(sa, 0, sizeof(*sa));
		if (h == SIG_IGN)
			sa->handler = SIG_IGN;
	}
	spin_unlock_irqrestore(&t->sig_lock, irq);
}

/* ---- the signal frame (Linux x86-64 layout) ---- */

struct sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate; /* user address of the 512-byte FXSAVE image */
	uint64_t reserved1[8];
};

struct ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct {
		uint64_t ss_sp;
		int32_t ss_flags, pad;
		uint64_t ss_size;
	} uc_stack;
	struct sigcontext uc_mcontext;
	sigset_t uc_sigmask;
};

struct rt_sigframe {
	uint64_t pretcode; /* sa_restorer: the handler returns into it */
	struct ucontext uc;
	struct siginfo info;
};
STATIC_ASSERT(sizeof(struct sigcontext) == 256);
STATIC_ASSERT(sizeof(struct siginfo) == 128);

#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
#define ERESTART_SYSCALL_LEN 2 /* the syscall instruction */


static void fill_siginfo(struct siginfo *si, int sig, const struct ksiginfo *k)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = k->code;
	switch (sig) {
	case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
		if (k->code > 0) {
			si->fault.addr = k->addr;
			break;
		}
		/* fallthrough */
	default:
		si->kill.pid = k->pid;
		break;
	case SIGCHLD:
		si->chld.pid = k->pid;
		si->chld.status = k->status;
		break;
	}
}

static int setup_rt_frame(struct trap_frame *regs, int sig, const struct k_sigaction *sa,
			  const struct ksiginfo *k, sigset_t oldmask)
{
	struct task *t = current;
	uint64_t sp = regs->rsp - 128; /* skip the red zone */

	if (!(sa->flags & SA_RESTORER))
		return -EFAULT; /* x86-64 has no kernel-provided trampoline */
	sp = ALIGN_DOWN(sp - sizeof(t->fpu), 64);
	uint64_t fpstate = sp;
	sp = ALIGN_DOWN(sp - sizeof(struct rt_sigframe), 16) - 8;
	struct rt_sigframe *frame = (struct rt_sigframe *)sp;

	fpu_save_current();
	if (copy_to_user((void *)fpstate, &t->fpu, sizeof(t->fpu)))
		return -EFAULT;
	struct rt_sigframe f;
	memset(&f, 0, sizeof(f));
	f.pretcode = sa->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	struct sigcontext *sc = &f.uc.uc_mcontext;
	sc->r8 = regs->r8, sc->r9 = regs->r9, sc->r10 = regs->r10, sc->r11 = regs->r11;
	sc->r12 = regs->r12, sc->r13 = regs->r13, sc->r14 = regs->r14, sc->r15 = regs->r15;
	sc->rdi = regs->rdi, sc->rsi = regs->rsi, sc->rbp = regs->rbp, sc->rbx = regs->rbx;
	sc->rdx = regs->rdx, sc->rax = regs->rax, sc->rcx = regs->rcx, sc->rsp = regs->rsp;
	sc->rip = regs->rip, sc->eflags = regs->rflags;
	sc->cs = USER_CS, sc->ss = USER_DS;
	sc->trapno = regs->vector < 32 ? regs->vector : 0;
	sc->err = regs->vector < 32 ? regs->error_code : 0;
	sc->cr2 = (sig == SIGSEGV || sig == SIGBUS) ? k->addr : 0;
	sc->oldmask = oldmask;
	sc->fpstate = fpstate;
	f.uc.uc_sigmask = oldmask;
	fill_siginfo(&f.info, sig, k);
	if (copy_to_user(frame, &f, sizeof(f)))
		return -EFAULT;

	regs->rdi = (uint64_t)sig;
	regs->rsi = (uint64_t)&frame->info;
	regs->rdx = (uint64_t)&frame->uc;
	regs->rax = 0;
	regs->rip = sa->handler;
	regs->rsp = sp;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->rflags &= ~(0x100ull | 0x400ull); /* TF, DF */
	regs->vector = 0; /* no longer a syscall frame: nothing to restart */
	return 0;
}

/* A syscall interrupted by a signal: restart it or make it fail with EINTR. */
static void syscall_restart_fixup(struct trap_frame *regs, bool handler, uint64_t sa_flags)
{
	if (regs->vector != SYSCALL_VECTOR)
		return;
	int64_t ret = (int64_t)regs->rax;
	if (ret != -ERESTARTSYS && ret != -ERESTARTNOHAND && ret != -ERESTART_RESTARTBLOCK)
		return;
	if (handler && (ret != -ERESTARTSYS || !(sa_flags & SA_RESTART))) {
		regs->rax = (uint64_t)-EINTR;
		current->restart_block.fn = NULL; /* a later restart_syscall(2) is EINTR */
		return;
	}
	/* the same syscall again, or restart_syscall(2) going on with current->restart_block */
	regs->rax = ret == -ERESTART_RESTARTBLOCK ? SYS_restart_syscall : regs->error_code;
	regs->rip -= ERESTART_SYSCALL_LEN;
}

/*
 * Signal-delivery-stop: the tracer sees sig (and its siginfo) before the
 * task acts on it, and says what to deliver instead: 0 for nothing, sig,
 * or another signal (then with a siginfo from the tracer).
 */
static int ptrace_signal(int sig, struct ksiginfo *info)
{
	struct task *t = current;
	struct siginfo si;

	fill_siginfo(&si, sig, info);
	int signr = ptrace_stop(sig, CLD_TRAPPED, 0, &si);
	if (signr <= 0 || signr > NSIG)
		return 0;
	if (signr != sig) {
		uint64_t irq = spin_lock_irqsave(&tasklist_lock);
		struct task *from = t->tracer ? t->tracer : t->parent;
		*info = (struct ksiginfo){ .code = SI_USER, .pid = from ? from->pid : 0 };
		spin_unlock_irqrestore(&tasklist_lock, irq);
	}
	return signr;
}

void do_signal(struct trap_frame *regs)
{
	struct task *t = current;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	if (t->jobctl & JOBCTL_TRAP_STOP) { /* a tracer's PTRACE_INTERRUPT comes before signals */
		spin_unlock_irqrestore(&t->sig_lock, irq);
		do_jobctl_trap();
		return;
	}
	sigset_t ready = t->sig.pending & ~t->sig.blocked;

	if (!ready) {
		spin_unlock_irqrestore(&t->sig_lock, irq);
		return;
	}
	int sig = ready & sigmask(SIGKILL) ? SIGKILL : __builtin_ctzll(ready) + 1;
	t->sig.pending &= ~sigmask(sig);
	bool forced = t->sig.forced & sigmask(sig);
	t->sig.forced &= ~sigmask(sig);
	struct ksiginfo info = t->sig.info[sig - 1];
	if (t->ptrace && sig != SIGKILL) {
		spin_unlock_irqrestore(&t->sig_lock, irq);
		int signr = ptrace_signal(sig, &info);
		if (!signr)
			return; /* the tracer cancelled it */
		forced = forced && signr == sig;
		sig = signr;
		irq = spin_lock_irqsave(&t->sig_lock);
		if ((t->sig.blocked & sigmask(sig)) || fatal_signal_pending(t)) {
			/* blocked now (or dying anyway): pending again, as Linux requeues it */
			if (!(t->sig.pending & sigmask(sig))) {
				t->sig.pending |= sigmask(sig);
				t->sig.info[sig - 1] = info;
			}
			spin_unlock_irqrestore(&t->sig_lock, irq);
			return;
		}
	}
	struct k_sigaction sa = t->sig.action[sig - 1];
	sigset_t oldmask = t->sig.restore_mask ? t->sig.saved_mask : t->sig.blocked;
	if (sa.handler > SIG_IGN) {
		t->sig.restore_mask = false;
		t->sig.blocked |= sa.mask | (sa.flags & SA_NODEFER ? 0 : sigmask(sig));
		t->sig.blocked &= ~SIG_UNBLOCKABLE;
		if (sa.flags & SA_RESETHAND)
			t->sig.action[sig - 1].handler = SIG_DFL;
	}
	spin_unlock_irqrestore(&t->sig_lock, irq);

	/* a fault nobody handles kills, even init (which then powers the machine off) */
	if (sa.handler == SIG_IGN || (sa.handler == SIG_DFL && !forced &&
				      (t->pid == 1 || default_action(sig) == SIG_IGNORE || default_action(sig) == SIG_STOP))) {
		return; /* the restart check in exit_to_user_mode restarts a syscall */
	}
	if (sa.handler == SIG_DFL) {
		do_exit(sig); /* wait status: terminated by sig (no core dumps in lom) */
	}
	syscall_restart_fixup(regs, true, sa.flags);
	if (setup_rt_frame(regs, sig, &sa, &info, oldmask)) {
		pr_info("%s[%d]: cannot deliver %s (bad stack or no SA_RESTORER): killed\n", t->comm, t->pid,
			signal_name(sig));
		do_exit(SIGSEGV);
	}
}

/* After all signals: an interrupted syscall that no handler saw restarts;
 * a sigsuspend mask that no handler took over is undone. */
void signal_return_to_user(struct trap_frame *regs)
{
	struct task *t = current;

	syscall_restart_fixup(regs, false, 0);
	if (t->sig.restore_mask) {
		uint64_t irq = spin_lock_irqsave(&t->sig_lock);
		t->sig.blocked = t->sig.saved_mask;
		t->sig.restore_mask = false;
		spin_unlock_irqrestore(&t->sig_lock, irq);
	}
}

long sys_rt_sigreturn(void)
{
	struct task *t = current;
	struct trap_frame *regs = current_regs();
	/* where the user says the frame is: any value, so integer arithmetic (&frame->uc could wrap) */
	uint64_t frame = regs->rsp - 8;
	struct ucontext uc;

	if (copy_from_user(&uc, (const void *)(frame + offsetof(struct rt_sigframe, uc)), sizeof(uc)))
		goto bad;
	const struct sigcontext *sc = &uc.uc_mcontext;
	if (sc->fpstate) {
		struct fpu_state fpu;
		if (copy_from_user(&fpu, (const void *)sc->fpstate, sizeof(fpu)))
			goto bad;
		uint32_t mxcsr;
		memcpy(&mxcsr, &fpu.bytes[24], 4);
		mxcsr &= mxcsr_mask; /* reserved bits would make fxrstor fault */
		memcpy(&fpu.bytes[24], &mxcsr, 4);
		fpu_load_current(&fpu);
	}
	regs->r8 = sc->r8, regs->r9 = sc->r9, regs->r10 = sc->r10, regs->r11 = sc->r11;
	regs->r12 = sc->r12, regs->r13 = sc->r13, regs->r14 = sc->r14, regs->r15 = sc->r15;
	regs->rdi = sc->rdi, regs->rsi = sc->rsi, regs->rbp = sc->rbp, regs->rbx = sc->rbx;
	regs->rdx = sc->rdx, regs->rax = sc->rax, regs->rcx = sc->rcx, regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~USER_RFLAGS_MASK) | (sc->eflags & USER_RFLAGS_MASK);
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->vector = 0; /* not a syscall return: never restart */
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	t->sig.blocked = uc.uc_sigmask & ~SIG_UNBLOCKABLE;
	spin_unlock_irqrestore(&t->sig_lock, irq);
	return (long)regs->rax;
bad:
	pr_info("%s[%d]: bad signal frame in rt_sigreturn: killed\n", t->comm, t->pid);
	do_exit(SIGSEGV);
}

long sys_rt_sigaction(int sig, const struct k_sigaction *uact, struct k_sigaction *uold, size_t sigsetsize)
{
	struct task *t = current;
	struct k_sigaction act, old;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof(act))) /* before the signal number, as Linux */
		return -EFAULT;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	old = t->sig.action[sig - 1];
	if (uact) {
		act.mask &= ~SIG_UNBLOCKABLE;
		t->sig.action[sig - 1] = act;
		/* POSIX: setting SIG_IGN (or a default-ignore SIG_DFL) discards a pending one */
		if (sig_ignored(t, sig))
			t->sig.pending &= ~sigmask(sig);
	}
	spin_unlock_irqrestore(&t->sig_lock, irq);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigprocmask(int how, const sigset_t *uset, sigset_t *uold, size_t sigsetsize)
{
	struct task *t = current;
	sigset_t set = 0, old;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (uset && copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	if (uset && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return -EINVAL;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	old = t->sig.blocked;
	if (uset) {
		if (how == SIG_BLOCK)
			t->sig.blocked |= set;
		else if (how == SIG_UNBLOCK)
			t->sig.blocked &= ~set;
		else
			t->sig.blocked = set;
		t->sig.blocked &= ~SIG_UNBLOCKABLE;
	}
	spin_unlock_irqrestore(&t->sig_lock, irq);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(sigset_t *uset, size_t sigsetsize)
{
	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	sigset_t p = current->sig.pending & current->sig.blocked;
	return sigsetsize && copy_to_user(uset, &p, sigsetsize) ? -EFAULT : 0; /* 0 bytes: nothing to fault */
}

/* Sleep until a signal is delivered (pause, sigsuspend). */
static long wait_for_signal(void)
{
	struct task *t = current;

	while (!signal_pending(t)) {
		t->state = TASK_INTERRUPTIBLE;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (signal_pending(t)) {
			t->state = TASK_RUNNING;
			break;
		}
		schedule();
	}
	return -ERESTARTNOHAND;
}

long sys_pause(void)
{
	return wait_for_signal();
}

long sys_rt_sigsuspend(const sigset_t *umask, size_t sigsetsize)
{
	struct task *t = current;
	sigset_t mask;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	/* wait with the given mask; the handler's frame gets the old one back */
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	t->sig.saved_mask = t->sig.blocked;
	t->sig.restore_mask = true;
	t->sig.blocked = mask & ~SIG_UNBLOCKABLE;
	spin_unlock_irqrestore(&t->sig_lock, irq);
	return wait_for_signal();
}

long sys_kill(int pid, int sig)
{
	return kill_pid(pid, sig, SI_USER);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid) /* one thread per process */
		return -ESRCH;
	return kill_pid(tid, sig, SI_TKILL);
}

long sys_tkill(int tid, int sig)
{
	if (tid <= 0)
		return -EINVAL;
	return kill_pid(tid, sig, SI_TKILL);
}
