/*
 * kernel/signal.h - POSIX signals with Linux x86-64 numbers, structures
 * and default actions (signal(7)).
 *
 * Each task has one pending bit per signal (standard signals do not
 * queue; a pending signal carries the siginfo of its first sender), a
 * blocked mask and 64 handlers.  Signals are delivered on the way back
 * to user mode (exit_to_user_mode): a default action kills the process
 * (wait status = the signal number; lom writes no core dumps, like Linux
 * with RLIMIT_CORE = 0), ignores it, or — for the stop signals, which lom
 * does not implement — ignores it too; a handler gets Linux's
 * rt_sigframe on the user stack and returns through rt_sigreturn.
 * Locking: task->sig_lock (see kernel/task.h).
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/types.h"

/* RFLAGS bits user space may set (sigreturn, syscall return by iretq) */
#define USER_RFLAGS_MASK 0x50dd5ull /* CF PF AF ZF SF TF DF OF AC */

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define NSIG 64 /* 1..64 */

#define SIG_DFL 0ul
#define SIG_IGN 1ul

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_RESTORER  0x04000000
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* si_code values */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define ILL_ILLOPN 2
#define ILL_PRVOPC 5
#define FPE_INTDIV 1
#define FPE_FLTINV 7
#define BUS_ADRALN 1
#define TRAP_BRKPT 1
#define CLD_EXITED 1
#define CLD_KILLED 2

typedef uint64_t sigset_t;
#define sigmask(sig) (1ull << ((sig) - 1))
#define SIG_UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

/* struct sigaction as the kernel sees it (Linux's struct kernel_sigaction) */
struct k_sigaction {
	uint64_t handler;  /* SIG_DFL, SIG_IGN or a user address */
	uint64_t flags;
	uint64_t restorer;
	sigset_t mask;
};

/* siginfo_t: 128 bytes, the fields lom fills */
struct siginfo {
	int32_t si_signo, si_errno, si_code, pad0;
	union {
		struct { int32_t pid; uint32_t uid; } kill;    /* SI_USER, SI_TKILL */
		struct { uint64_t addr; } fault;                /* SIGSEGV, SIGBUS... */
		struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad; int64_t utime, stime; } chld;
		uint8_t bytes[112];
	};
};

/* What a pending signal remembers of its sender (expanded into a siginfo). */
struct ksiginfo {
	int32_t code;   /* si_code */
	int32_t pid;    /* sender (SI_USER, SI_TKILL) or child (SIGCHLD) */
	int32_t status; /* SIGCHLD: exit code or signal */
	uint64_t addr;  /* faults: the address */
};

struct signal_state {
	sigset_t pending, blocked;
	sigset_t forced;             /* pending because of a fault: never ignored, even by init */
	struct k_sigaction action[NSIG];
	struct ksiginfo info[NSIG];  /* of each pending signal, index sig-1 */
	sigset_t saved_mask;         /* sigsuspend: the mask to restore after delivery */
	bool restore_mask;
};

struct task;
struct trap_frame;

/* Send sig to t (with info, or a SI_USER/SI_KERNEL one when NULL). */
int send_signal(struct task *t, int sig, const struct ksiginfo *info);
/* A fault in user mode: deliver sig even if blocked or ignored (kills then). */
void force_sig_fault(int sig, int code, uint64_t addr);
/* kill(2) semantics: pid > 0, 0 (own group), -1 (all but init), < -1 (group). */
int kill_pid(int pid, int sig, int si_code);
/* Send to every process of a process group (tty Ctrl-C); returns how many. */
int kill_pgrp(int pgid, int sig);
bool signal_pending(struct task *t);
/* SIGKILL is pending: the task dies on its way back to user mode. */
bool fatal_signal_pending(struct task *t);
/* Deliver pending signals before returning to user mode. */
void do_signal(struct trap_frame *regs);
/* Last step before user mode: restart an interrupted syscall if no handler ran. */
void signal_return_to_user(struct trap_frame *regs);
/* exec: caught signals go back to SIG_DFL, ignored stay ignored. */
void flush_signal_handlers(struct task *t);
const char *signal_name(int sig);

#endif
