/*
 * user/strace/trace.c - one system call stop: read the registers, and at
 * the entry print "name(args", at the exit the rest and ") = result".
 *
 * Registers (x86-64): the number in orig_rax, arguments in rdi rsi rdx
 * r10 r8 r9, the result in rax at the exit stop, an error as -errno
 * (-4095..-1).  A call not to be shown (-e trace, -c) is still followed
 * through both stops, so entry and exit stay paired.
 */
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <time.h>

#include "trace.h"

static int traced(long scno)
{
	const struct sysent *e = sysent_get(scno);

	if (count_only)
		return 0;
	/* like strace, calls it has no name for are always shown */
	if (!trace_set || !e->name)
		return 1;
	return trace_set[scno];
}

static void print_name(struct tcb *t)
{
	if (t->ent->name)
		tprints(t->ent->name);
	else
		tprintf("syscall_%#lx", (unsigned long)t->scno);
}

static int decode(struct tcb *t)
{
	return t->ent->func ? t->ent->func(t) : decode_table(t);
}

static void syscall_enter(struct tcb *t, const struct user_regs_struct *r)
{
	t->scno = (long)r->orig_rax;
	t->ent = sysent_get(t->scno);
	t->arg[0] = r->rdi;
	t->arg[1] = r->rsi;
	t->arg[2] = r->rdx;
	t->arg[3] = r->r10;
	t->arg[4] = r->r8;
	t->arg[5] = r->r9;
	t->sp = r->rsp;
	t->err = 0;
	t->rval = 0;
	t->auxstr = NULL;
	t->flags &= ~(TCB_FILTERED | TCB_DECODED);
	if (!traced(t->scno) || ((t->flags & TCB_HIDE_LOG) && t->scno != SYS_execve)) {
		t->flags |= TCB_FILTERED;
	} else {
		printleader(t);
		print_name(t);
		tprints("(");
		t->rvflags = decode(t);
		if (t->rvflags & RVAL_DECODED)
			t->flags |= TCB_DECODED;
		if ((t->rvflags & (RVAL_NONE | RVAL_DECODED)) == (RVAL_NONE | RVAL_DECODED)) {
			/*
			 * exit, exit_group: no exit stop will come.  strace ends
			 * the line at its PTRACE_EVENT_EXIT stop, right after this
			 * one; so does this strace, here.
			 */
			tprints(") ");
			tabto();
			tprints("= ?");
			line_ended();
			t->flags |= TCB_FILTERED;
		}
	}
	if (count_only)
		clock_gettime(CLOCK_MONOTONIC, &t->t_entry);
	t->flags |= TCB_INSYSCALL;
}

static void print_rval(struct tcb *t, int rv)
{
	const char *name;

	if (rv & RVAL_NONE) {
		tprints("= ?");
		return;
	}
	switch (t->err) {
	case 0:
		break;
	case 512:
		tprints("= ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
		return;
	case 513:
		tprints("= ? ERESTARTNOINTR (To be restarted)");
		return;
	case 514:
		tprints("= ? ERESTARTNOHAND (To be restarted if no handler)");
		return;
	case 516:
		tprints("= ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
		return;
	default:
		name = errno_name(t->err);
		if (name)
			tprintf("= -1 %s (%s)", name, strerror(t->err));
		else
			tprintf("= -1 %d (%s)", t->err, strerror(t->err));
		return;
	}
	switch (rv & RVAL_MASK) {
	case RVAL_HEX: tprintf("= %#lx", (unsigned long)t->rval); break;
	case RVAL_OCT: tprintf("= %#lo", (unsigned long)t->rval); break;
	case RVAL_UDEC: tprintf("= %lu", (unsigned long)t->rval); break;
	default: tprintf("= %ld", t->rval); break;
	}
	if ((rv & RVAL_STR) && t->auxstr)
		tprintf(" (%s)", t->auxstr);
}

/* If t's line is not the open one, say which call this is the end of. */
static void resume_line(struct tcb *t)
{
	if (out_printing() != t) {
		printleader(t);
		tprints("<... ");
		print_name(t);
		tprints(" resumed>");
	}
}

static void syscall_exit(struct tcb *t, const struct user_regs_struct *r)
{
	int rv;

	t->rval = (long)r->rax;
	t->err = r->rax > -4096UL ? (int)-(long)r->rax : 0;
	if (t->scno == SYS_execve && !t->err)
		t->flags &= ~TCB_HIDE_LOG;
	if (count_only) {
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		summary_record(t, &now);
	}
	if (!(t->flags & TCB_FILTERED)) {
		resume_line(t);
		rv = (t->flags & TCB_DECODED) ? t->rvflags : decode(t);
		tprints(") ");
		tabto();
		print_rval(t, rv);
		line_ended();
	}
	t->flags &= ~TCB_INSYSCALL;
}

void syscall_stop(struct tcb *t)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, t->pid, 0, &regs) < 0)
		return; /* gone (SIGKILL...): its exit status comes next */
	if (entering(t))
		syscall_enter(t, &regs);
	else
		syscall_exit(t, &regs);
	if (ptrace(PTRACE_SYSCALL, t->pid, 0, 0) < 0 && errno != ESRCH)
		out_message("ptrace(PTRACE_SYSCALL,pid:%d): %s", t->pid, strerror(errno));
}

/*
 * t ended inside a call (exit_group, a fatal signal): the line ends
 * "= ?", after " <unfinished ...>" if the call had more to print.
 */
void syscall_vanished(struct tcb *t)
{
	if (!(t->flags & TCB_INSYSCALL) || (t->flags & TCB_FILTERED))
		return;
	resume_line(t);
	if (!(t->flags & TCB_DECODED))
		tprints(" <unfinished ...>");
	tprints(") ");
	tabto();
	tprints("= ?");
	line_ended();
	t->flags &= ~TCB_INSYSCALL;
}
