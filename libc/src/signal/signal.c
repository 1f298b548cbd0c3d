/*
 * libc/src/signal/signal.c - signals: sigaction (converting to the
 * kernel's struct and adding the __restore_rt trampoline), signal()
 * with BSD semantics as glibc (SA_RESTART, handler stays), the sigset
 * operations on the first 64 bits the kernel uses, kill/raise.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "../internal/libc.h"
#include "../internal/syscall.h"

/* the kernel's struct sigaction on x86-64 */
struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void __restore_rt(void);

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old)
{
	struct kernel_sigaction kact, kold;
	long r;

	if (act) {
		kact.handler = (void *)act->sa_handler;
		kact.flags = (unsigned int)act->sa_flags | SA_RESTORER;
		kact.restorer = __restore_rt;
		kact.mask = act->sa_mask.__bits[0];
	}
	r = __syscall4(SYS_rt_sigaction, sig, act ? (long)&kact : 0, old ? (long)&kold : 0,
		       KERNEL_SIGSET_SIZE);
	if (r < 0)
		return (int)__syscall_ret((unsigned long)r);
	if (old) {
		memset(old, 0, sizeof(*old));
		old->sa_handler = (void (*)(int))kold.handler;
		old->sa_flags = (int)kold.flags;
		old->sa_restorer = kold.restorer;
		old->sa_mask.__bits[0] = kold.mask;
	}
	return 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act = { 0 }, old;

	act.sa_handler = handler;
	act.sa_flags = SA_RESTART;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	if (old)
		memset(old, 0, sizeof(*old));
	return (int)SYSCALL4(SYS_rt_sigprocmask, how, set, old, KERNEL_SIGSET_SIZE);
}

int sigpending(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return (int)SYSCALL2(SYS_rt_sigpending, set, KERNEL_SIGSET_SIZE);
}

int sigsuspend(const sigset_t *mask)
{
	return (int)SYSCALL2(SYS_rt_sigsuspend, mask, KERNEL_SIGSET_SIZE);
}

static int bad_signal(int sig)
{
	if (sig < 1 || sig >= _NSIG) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return 0;
}

int sigfillset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	set->__bits[0] = ~0UL;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	set->__bits[0] |= 1UL << (sig - 1);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	set->__bits[0] &= ~(1UL << (sig - 1));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	return (int)((set->__bits[0] >> (sig - 1)) & 1);
}

int kill(pid_t pid, int sig) { return (int)SYSCALL2(SYS_kill, pid, sig); }
int tgkill(pid_t tgid, pid_t tid, int sig) { return (int)SYSCALL3(SYS_tgkill, tgid, tid, sig); }

int raise(int sig)
{
	return tgkill(getpid(), gettid(), sig);
}

static const char *const signal_names[] = {
	[SIGHUP] = "HUP", [SIGINT] = "INT", [SIGQUIT] = "QUIT", [SIGILL] = "ILL",
	[SIGTRAP] = "TRAP", [SIGABRT] = "ABRT", [SIGBUS] = "BUS", [SIGFPE] = "FPE",
	[SIGKILL] = "KILL", [SIGUSR1] = "USR1", [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM", [SIGSTKFLT] = "STKFLT",
	[SIGCHLD] = "CHLD", [SIGCONT] = "CONT", [SIGSTOP] = "STOP", [SIGTSTP] = "TSTP",
	[SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU", [SIGURG] = "URG", [SIGXCPU] = "XCPU",
	[SIGXFSZ] = "XFSZ", [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH",
	[SIGIO] = "IO", [SIGPWR] = "PWR", [SIGSYS] = "SYS",
};

/* glibc's descriptions (what strsignal and shells print) */
const char *const sys_siglist[_NSIG] = {
	[SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit",
	[SIGILL] = "Illegal instruction", [SIGTRAP] = "Trace/breakpoint trap",
	[SIGABRT] = "Aborted", [SIGBUS] = "Bus error", [SIGFPE] = "Floating point exception",
	[SIGKILL] = "Killed", [SIGUSR1] = "User defined signal 1",
	[SIGSEGV] = "Segmentation fault", [SIGUSR2] = "User defined signal 2",
	[SIGPIPE] = "Broken pipe", [SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
	[SIGSTKFLT] = "Stack fault", [SIGCHLD] = "Child exited", [SIGCONT] = "Continued",
	[SIGSTOP] = "Stopped (signal)", [SIGTSTP] = "Stopped", [SIGTTIN] = "Stopped (tty input)",
	[SIGTTOU] = "Stopped (tty output)", [SIGURG] = "Urgent I/O condition",
	[SIGXCPU] = "CPU time limit exceeded", [SIGXFSZ] = "File size limit exceeded",
	[SIGVTALRM] = "Virtual timer expired", [SIGPROF] = "Profiling timer expired",
	[SIGWINCH] = "Window changed", [SIGIO] = "I/O possible", [SIGPWR] = "Power failure",
	[SIGSYS] = "Bad system call",
};

const char *sigabbrev_np(int sig)
{
	if (sig > 0 && sig < (int)(sizeof(signal_names) / sizeof(signal_names[0])))
		return signal_names[sig];
	return NULL;
}

char *strsignal(int sig)
{
	static char buf[32];

	if (sig > 0 && sig < _NSIG && sys_siglist[sig])
		return (char *)sys_siglist[sig];
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		__append_int(stpcpy(buf, "Real-time signal "), sig - SIGRTMIN);
	else
		__append_int(stpcpy(buf, "Unknown signal "), sig);
	return buf;
}
