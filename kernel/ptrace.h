/*
 * kernel/ptrace.h - process tracing: ptrace(2) and process_vm_readv(2),
 * the subset a strace needs, with Linux's numbers, layouts and errnos.
 *
 * A traced task (a "tracee") has task->ptrace != 0 and task->tracer set;
 * it is on its tracer's `ptraced` list.  Its tracer learns of its stops
 * through wait4(), whether or not it is the tracer's child:
 *
 *   signal-delivery-stop  a signal (not SIGKILL) is about to be delivered;
 *                         the tracer resumes it with the signal to deliver
 *                         (0: none).  WSTOPSIG = the signal.
 *   syscall-stop          PTRACE_SYSCALL: at the next syscall entry
 *                         (rax = -ENOSYS, orig_rax = nr) and exit (rax =
 *                         the result).  WSTOPSIG = SIGTRAP (|0x80 with
 *                         PTRACE_O_TRACESYSGOOD).
 *   event-stop            PTRACE_O_TRACEFORK... : status>>8 = SIGTRAP |
 *                         event<<8; PTRACE_GETEVENTMSG tells the new pid
 *                         (fork, vfork, clone, vfork-done), the former pid
 *                         (exec) or the wait status (exit).
 *
 *   PTRACE_EVENT_STOP     PTRACE_INTERRUPT of a PTRACE_SEIZE tracee, and the
 *                         first stop of a seized tracee's new child.
 *
 * In a stop the tracee sleeps in TASK_TRACED in ptrace_stop(), holding
 * nothing; only its tracer (a resume request, or the tracer's exit) and
 * SIGKILL wake it.  exit_code is Linux's handshake: the stop writes its
 * code there, the tracer's wait4 reports it once (and clears it), the
 * resume request writes the signal to deliver, the tracee takes it.
 * Not in lom: PTRACE_POKE*, PEEKUSER/POKEUSER, SETREGS, GETFPREGS,
 * GETREGSET, SETSIGINFO, SINGLESTEP, SYSEMU, LISTEN, GET_SYSCALL_INFO,
 * seccomp (all -EIO, as an unknown request); group-stop (lom has no job
 * control: a SIGSTOP the tracer delivers is ignored, as any stop signal).
 *
 * Locking: the links (ptrace, tracer, ptraced, ptrace_entry) change under
 * tasklist_lock; the stop (state TASK_TRACED, exit_code, last_siginfo,
 * ptrace_message, syscall_trace) under the tracee's sig_lock.
 */
#ifndef KERNEL_PTRACE_H
#define KERNEL_PTRACE_H

#include "kernel/task.h"
#include "kernel/types.h"

/* the syscalls (their handlers are in kernel/syscalls.h) */
#define SYS_ptrace 101
#define SYS_process_vm_readv 310

/* requests (include/uapi/linux/ptrace.h) */
#define PTRACE_TRACEME 0
#define PTRACE_PEEKTEXT 1
#define PTRACE_PEEKDATA 2
#define PTRACE_PEEKUSR 3
#define PTRACE_CONT 7
#define PTRACE_KILL 8
#define PTRACE_GETREGS 12
#define PTRACE_ATTACH 16
#define PTRACE_DETACH 17
#define PTRACE_SYSCALL 24
#define PTRACE_SETOPTIONS 0x4200
#define PTRACE_GETEVENTMSG 0x4201
#define PTRACE_GETSIGINFO 0x4202
#define PTRACE_SEIZE 0x4206
#define PTRACE_INTERRUPT 0x4207
#define PTRACE_LISTEN 0x4208

/* PTRACE_SETOPTIONS */
#define PTRACE_O_TRACESYSGOOD 0x01
#define PTRACE_O_TRACEFORK 0x02
#define PTRACE_O_TRACEVFORK 0x04
#define PTRACE_O_TRACECLONE 0x08
#define PTRACE_O_TRACEEXEC 0x10
#define PTRACE_O_TRACEVFORKDONE 0x20
#define PTRACE_O_TRACEEXIT 0x40
#define PTRACE_O_TRACESECCOMP 0x80 /* accepted; lom has no seccomp, so it never fires */
#define PTRACE_O_EXITKILL 0x100000
#define PTRACE_O_SUSPEND_SECCOMP 0x200000 /* accepted (root, no seccomp): nothing to suspend */
#define PTRACE_O_MASK (0xff | PTRACE_O_EXITKILL | PTRACE_O_SUSPEND_SECCOMP)

/* event stops: status>>8 == SIGTRAP | event<<8 */
#define PTRACE_EVENT_FORK 1
#define PTRACE_EVENT_VFORK 2
#define PTRACE_EVENT_CLONE 3
#define PTRACE_EVENT_EXEC 4
#define PTRACE_EVENT_VFORK_DONE 5
#define PTRACE_EVENT_EXIT 6
#define PTRACE_EVENT_STOP 128 /* PTRACE_INTERRUPT, or a new child of a PTRACE_SEIZE tracee */

/* task->ptrace: PT_PTRACED, and the options shifted up (Linux's encoding) */
#define PT_PTRACED 0x00000001u
#define PT_SEIZED 0x00010000u /* attached by PTRACE_SEIZE */
#define PT_OPT_FLAG_SHIFT 3
#define PT_EVENT_FLAG(event) (1u << (PT_OPT_FLAG_SHIFT + (event)))
#define PT_TRACESYSGOOD PT_EVENT_FLAG(0)
#define PT_EXITKILL ((unsigned)PTRACE_O_EXITKILL << PT_OPT_FLAG_SHIFT)

/* si_code of the SIGCHLD a stop sends to the tracer */
#define CLD_TRAPPED 4
#define CLD_STOPPED 5

/* task->jobctl (sig_lock) */
#define JOBCTL_TRAP_STOP 0x1u /* PTRACE_INTERRUPT: stop in PTRACE_EVENT_STOP on the way to user mode */

struct trap_frame;
struct siginfo;

static inline bool ptrace_event_enabled(const struct task *t, int event)
{
	return t->ptrace & PT_EVENT_FLAG(event);
}

/*
 * Stop the current task for its tracer: exit_code is what wait4 reports
 * (status>>8), info what PTRACE_GETSIGINFO returns, message what
 * PTRACE_GETEVENTMSG returns.  Returns what the tracer resumed it with
 * (the signal to deliver), or exit_code at once when it is not traced
 * or SIGKILL is pending.  No locks held on entry; may sleep.
 */
int ptrace_stop(int exit_code, int why, uint64_t message, const struct siginfo *info);
/* A SIGTRAP stop (syscall or event): exit_code = SIGTRAP | extra bits. */
int ptrace_notify(int exit_code, uint64_t message);
/* A pending PTRACE_INTERRUPT: the PTRACE_EVENT_STOP stop (do_signal). */
void do_jobctl_trap(void);
/* Report event (PTRACE_EVENT_*) if the tracer asked for it; exec without
 * PTRACE_O_TRACEEXEC sends the legacy SIGTRAP instead. */
void ptrace_event(int event, uint64_t message);
/* Syscall entry stop: true if the syscall must be skipped (SIGKILL came). */
bool ptrace_report_syscall_entry(struct trap_frame *regs);
void ptrace_report_syscall_exit(struct trap_frame *regs);

/* fork: trace the child as the parent is traced (tasklist_lock held), if
 * trace (the parent's tracer asked for this kind of fork); it starts with
 * a SIGSTOP pending. */
void ptrace_init_task(struct task *child, struct task *parent, bool trace);
/* The tracer exits: detach (or SIGKILL, PTRACE_O_EXITKILL) every tracee
 * (tasklist_lock held). */
void exit_ptrace(struct task *tracer);
/* Untrace t and wake it if it is stopped (tasklist_lock held). */
void __ptrace_unlink(struct task *t);

#endif
