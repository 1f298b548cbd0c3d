/*
 * kernel/ptrace.c - process tracing: the ptrace(2) requests, the stops of
 * a tracee (ptrace_stop and the reports built on it), the tracer's links
 * to its tracees, and process_vm_readv(2).  See kernel/ptrace.h for the
 * stops and their wait4 status.
 *
 * The handshake of a stop (Linux's), with exit_code under the tracee's
 * sig_lock:
 *
 *   tracee                              tracer
 *   ptrace_stop: exit_code = code,
 *   state = TASK_TRACED, SIGCHLD and
 *   wake the tracer's wait4; schedule()
 *                                       wait4 sees TASK_TRACED and
 *                                       exit_code != 0: reports it, clears it
 *                                       PTRACE_CONT(sig): exit_code = sig,
 *                                       wake_up_state(TASK_TRACED)
 *   takes exit_code (the signal to
 *   deliver), clears it, goes on
 *
 * Invariants: a task is traced (ptrace != 0) exactly when tracer != NULL
 * and it is on tracer->ptraced.  Only its tracer untraces a task (a
 * detach, its wait4 of the tracee's exit, its own exit), so a tracer may
 * use a tracee's struct task without holding tasklist_lock: a traced
 * zombie is not reaped before its tracer has seen its exit.  A stopped
 * tracee holds no lock and no reference beyond what any sleeper holds.
 *
 * Locks: tasklist_lock for the links and the wait4 bookkeeping; the
 * tracee's sig_lock for the stop; lock order as kernel/task.h says.
 */
#include "kernel/ptrace.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/trap.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"
#include "mm/vm.h"

/* struct user_regs_struct (arch/x86/include/asm/user_64.h): PTRACE_GETREGS */
struct user_regs_struct {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
	uint64_t fs_base, gs_base, ds, es, fs, gs;
};
STATIC_ASSERT(sizeof(struct user_regs_struct) == 27 * 8);

/* what PTRACE_GETEVENTMSG says at a syscall stop (Linux >= 5.3) */
#define PTRACE_EVENTMSG_SYSCALL_ENTRY 1
#define PTRACE_EVENTMSG_SYSCALL_EXIT 2

/* ---- the links between tracer and tracees (tasklist_lock) ---- */

static void __ptrace_link(struct task *child, struct task *tracer)
{
	assert_held(&tasklist_lock);
	child->tracer = tracer;
	list_add(&child->ptrace_entry, &tracer->ptraced); /* at the head, as Linux: wait4 sees it first */
}

void __ptrace_unlink(struct task *t)
{
	assert_held(&tasklist_lock);
	list_del(&t->ptrace_entry);
	INIT_LIST_HEAD(&t->ptrace_entry);
	t->tracer = NULL;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	t->ptrace = 0;
	t->syscall_trace = false;
	t->jobctl &= ~JOBCTL_TRAP_STOP;
	/* a stopped tracee goes on, with the exit_code it has (Linux's
	 * __ptrace_unlink): PTRACE_DETACH's signal, or a stop not reported yet */
	if (t->state == TASK_TRACED)
		wake_up_state(t, TASK_TRACED);
	spin_unlock_irqrestore(&t->sig_lock, irq);
}

void ptrace_init_task(struct task *child, struct task *parent, bool trace)
{
	assert_held(&tasklist_lock);
	if (!trace || !parent->ptrace)
		return;
	child->ptrace = parent->ptrace;
	__ptrace_link(child, parent->tracer);
	/* it stops at once: with SIGSTOP (a bare pending bit: si_pid 0), or in
	 * PTRACE_EVENT_STOP under PTRACE_SEIZE */
	uint64_t irq = spin_lock_irqsave(&child->sig_lock);
	if (child->ptrace & PT_SEIZED) {
		child->jobctl |= JOBCTL_TRAP_STOP;
	} else {
		child->sig.pending |= sigmask(SIGSTOP);
		child->sig.info[SIGSTOP - 1] = (struct ksiginfo){ .code = SI_USER };
	}
	spin_unlock_irqrestore(&child->sig_lock, irq);
}

void exit_ptrace(struct task *tracer)
{
	struct task *p, *n;

	assert_held(&tasklist_lock);
	list_for_each_entry_safe(p, n, &tracer->ptraced, ptrace_entry) {
		if (p->ptrace & PT_EXITKILL)
			send_signal(p, SIGKILL, NULL);
		__ptrace_unlink(p);
		/* an exit we never reported: now its parent hears of it (our own
		 * zombie children go to init with the rest of our children) */
		if (p->state == TASK_ZOMBIE && p->parent != tracer)
			do_notify_parent(p);
	}
}

/* ---- the tracee's side: stops ---- */

/* The tracer learns of a stop: SIGCHLD (why: CLD_TRAPPED, CLD_STOPPED) and its wait4 wakes. */
static void do_notify_tracer_cldstop(struct task *t, int exit_code, int why)
{
	struct task *tracer = t->tracer;
	const struct k_sigaction *sa = &tracer->sig.action[SIGCHLD - 1];

	assert_held(&tasklist_lock);
	if (sa->handler != SIG_IGN && !(sa->flags & SA_NOCLDSTOP)) {
		/* CLD_STOPPED: the status of a group stop, which lom never has */
		struct ksiginfo info = { .code = why, .pid = t->pid,
					 .status = why == CLD_TRAPPED ? exit_code & 0x7f : 0 };
		send_signal(tracer, SIGCHLD, &info);
	}
	wake_up(&tracer->wq_child);
}

int ptrace_stop(int exit_code, int why, uint64_t message, const struct siginfo *info)
{
	struct task *t = current;
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);

	spin_lock(&t->sig_lock);
	/* SIGKILL wins; and a tracer that let go has nobody to wake us */
	if (!t->ptrace || fatal_signal_pending(t)) {
		spin_unlock(&t->sig_lock);
		spin_unlock_irqrestore(&tasklist_lock, irq);
		return exit_code;
	}
	t->ptrace_message = message;
	t->last_siginfo = info;
	t->exit_code = exit_code;
	t->jobctl &= ~JOBCTL_TRAP_STOP; /* any stop answers a PTRACE_INTERRUPT */
	/* under sig_lock: a SIGKILL sent from now on finds TASK_TRACED and wakes us */
	t->state = TASK_TRACED;
	spin_unlock(&t->sig_lock);
	do_notify_tracer_cldstop(t, exit_code, why);
	spin_unlock_irqrestore(&tasklist_lock, irq);

	schedule(); /* until a resume request, the tracer's exit or SIGKILL */

	irq = spin_lock_irqsave(&t->sig_lock);
	exit_code = t->exit_code;
	t->exit_code = 0;
	t->last_siginfo = NULL;
	spin_unlock_irqrestore(&t->sig_lock, irq);
	return exit_code;
}

/* A SIGTRAP-based stop: its siginfo says SIGTRAP, si_code exit_code, from itself. */
static int ptrace_do_notify(int exit_code, int why, uint64_t message)
{
	struct siginfo info;

	memset(&info, 0, sizeof(info));
	info.si_signo = SIGTRAP;
	info.si_code = exit_code;
	info.kill.pid = current->pid;
	return ptrace_stop(exit_code, why, message, &info);
}

int ptrace_notify(int exit_code, uint64_t message)
{
	return ptrace_do_notify(exit_code, CLD_TRAPPED, message);
}

void do_jobctl_trap(void)
{
	struct task *t = current;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);

	t->jobctl &= ~JOBCTL_TRAP_STOP; /* once, even if the stop does not happen (SIGKILL) */
	spin_unlock_irqrestore(&t->sig_lock, irq);
	ptrace_do_notify(SIGTRAP | (PTRACE_EVENT_STOP << 8), CLD_STOPPED, 0);
}

void ptrace_event(int event, uint64_t message)
{
	struct task *t = current;

	if (ptrace_event_enabled(t, event)) {
		ptrace_notify(SIGTRAP | (event << 8), message);
	} else if (event == PTRACE_EVENT_EXEC && (t->ptrace & (PT_PTRACED | PT_SEIZED)) == PT_PTRACED) {
		/* the legacy report of an exec: a SIGTRAP, as if sent by itself */
		struct ksiginfo info = { .code = SI_USER, .pid = t->pid };
		send_signal(t, SIGTRAP, &info);
	}
}

/* A syscall stop; true if a SIGKILL is pending afterwards. */
static bool ptrace_report_syscall(uint64_t message)
{
	struct task *t = current;
	unsigned ptrace = t->ptrace;

	if (!(ptrace & PT_PTRACED))
		return false;
	int sig = ptrace_notify(SIGTRAP | (ptrace & PT_TRACESYSGOOD ? 0x80 : 0), message);
	/* resumed with a signal: send it (Linux does, from a syscall stop) */
	if (sig > 0 && sig <= NSIG)
		send_signal(t, sig, NULL);
	return fatal_signal_pending(t);
}

bool ptrace_report_syscall_entry(struct trap_frame *regs)
{
	return ptrace_report_syscall(PTRACE_EVENTMSG_SYSCALL_ENTRY);
}

void ptrace_report_syscall_exit(struct trap_frame *regs)
{
	ptrace_report_syscall(PTRACE_EVENTMSG_SYSCALL_EXIT);
}

/* ---- the tracer's side: requests ---- */

static long ptrace_traceme(void)
{
	struct task *t = current;
	long ret = -EPERM;
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);

	if (!t->ptrace && t->parent) {
		t->ptrace = PT_PTRACED;
		__ptrace_link(t, t->parent);
		ret = 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

/* PTRACE_ATTACH, or PTRACE_SEIZE with options `data` (tasklist_lock held). */
static long ptrace_attach(struct task *t, long request, uint64_t addr, uint64_t data)
{
	struct task *self = current;
	unsigned flags = PT_PTRACED;

	assert_held(&tasklist_lock);
	if (request == PTRACE_SEIZE) {
		if (addr || (data & ~(uint64_t)PTRACE_O_MASK))
			return -EIO; /* not EINVAL: Linux's historical errno here */
		flags |= PT_SEIZED | (unsigned)data << PT_OPT_FLAG_SHIFT;
	}
	if (t == self || !t->mm || t->state == TASK_ZOMBIE || t->ptrace)
		return -EPERM; /* itself, a kernel thread, a zombie, already traced */
	t->ptrace = flags;
	__ptrace_link(t, self);
	if (request == PTRACE_ATTACH)
		send_signal(t, SIGSTOP, NULL); /* it reports a SIGSTOP signal-delivery-stop */
	return 0;
}

/* PTRACE_INTERRUPT: a seized tracee stops in PTRACE_EVENT_STOP (after the
 * stop it is in, if any); a sleep it is in ends as for a signal. */
static long ptrace_interrupt(struct task *t)
{
	if (!(t->ptrace & PT_SEIZED))
		return -EIO;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	/* a full barrier before reading state: a sleeper sets its state, then reads jobctl */
	__atomic_or_fetch(&t->jobctl, JOBCTL_TRAP_STOP, __ATOMIC_SEQ_CST);
	if (t->state == TASK_INTERRUPTIBLE)
		wake_up_process(t);
	spin_unlock_irqrestore(&t->sig_lock, irq);
	return 0;
}

/*
 * Is t our tracee, stopped (unless ignore_state)?  tasklist_lock held.
 * After this, t stays ours (and allocated) until we let go; it stays
 * stopped unless SIGKILL wakes it.
 */
static long ptrace_check_attach(struct task *t, bool ignore_state)
{
	assert_held(&tasklist_lock);
	if (!t->ptrace || t->tracer != current)
		return -ESRCH;
	if (ignore_state)
		return 0;
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	bool stopped = t->state == TASK_TRACED && !fatal_signal_pending(t);
	spin_unlock_irqrestore(&t->sig_lock, irq);
	return stopped ? 0 : -ESRCH;
}

static long ptrace_getregs(struct task *t, void *uregs)
{
	const struct trap_frame *f = task_regs(t);
	struct user_regs_struct r = {
		.r15 = f->r15, .r14 = f->r14, .r13 = f->r13, .r12 = f->r12,
		.rbp = f->rbp, .rbx = f->rbx, .r11 = f->r11, .r10 = f->r10,
		.r9 = f->r9, .r8 = f->r8, .rax = f->rax, .rcx = f->rcx,
		.rdx = f->rdx, .rsi = f->rsi, .rdi = f->rdi,
		/* the syscall number, or -1 when it entered by a trap or interrupt */
		.orig_rax = f->vector == SYSCALL_VECTOR ? f->error_code : ~0ull,
		.rip = f->rip, .cs = f->cs, .eflags = f->rflags, .rsp = f->rsp, .ss = f->ss,
		.fs_base = t->fs_base, .gs_base = t->gs_base,
		/* ds, es, fs, gs: 0 in a 64-bit process */
	};

	return copy_to_user(uregs, &r, sizeof(r)) ? -EFAULT : 0;
}

/* t's address space, referenced (mm_put it), or NULL once it has exited. */
static struct mm *task_mm_get(struct task *t)
{
	uint64_t irq = spin_lock_irqsave(&tasklist_lock); /* exit_mm clears t->mm under it */
	struct mm *mm = t->mm;

	if (mm)
		mm_get(mm);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return mm;
}

static long ptrace_peekdata(struct task *t, uint64_t addr, uint64_t *udata)
{
	struct mm *mm = task_mm_get(t);
	uint64_t word;

	if (!mm)
		return -EIO;
	int n = access_remote_vm(mm, addr, &word, sizeof(word));
	mm_put(mm);
	if (n != (int)sizeof(word))
		return -EIO;
	return put_user(word, udata) ? -EFAULT : 0;
}

static long ptrace_getsiginfo(struct task *t, void *uinfo)
{
	struct siginfo si;
	long ret = -EINVAL; /* not in a stop that has one */
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);

	if (t->last_siginfo) {
		si = *t->last_siginfo;
		ret = 0;
	}
	spin_unlock_irqrestore(&t->sig_lock, irq);
	if (ret)
		return ret;
	return copy_to_user(uinfo, &si, sizeof(si)) ? -EFAULT : 0;
}

static long ptrace_setoptions(struct task *t, uint64_t data)
{
	if (data & ~(uint64_t)PTRACE_O_MASK)
		return -EINVAL;
	/* PTRACE_O_SUSPEND_SECCOMP: accepted, as Linux does for root when the
	 * tracer has no seccomp filter (lom has no seccomp at all) */
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	t->ptrace = (t->ptrace & ~((unsigned)PTRACE_O_MASK << PT_OPT_FLAG_SHIFT)) |
		    ((unsigned)data << PT_OPT_FLAG_SHIFT);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return 0;
}

/* PTRACE_CONT, PTRACE_SYSCALL: go on, delivering signal `data` (0: none). */
static long ptrace_resume(struct task *t, long request, uint64_t data)
{
	if (data > NSIG)
		return -EIO;
	/* under sig_lock: the wait4 that checks for a stop must not take data for one */
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	t->syscall_trace = request == PTRACE_SYSCALL;
	t->exit_code = (int)data;
	wake_up_state(t, TASK_TRACED);
	spin_unlock_irqrestore(&t->sig_lock, irq);
	return 0;
}

static long ptrace_detach(struct task *t, uint64_t data)
{
	if (data > NSIG)
		return -EIO;
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	spin_lock(&t->sig_lock);
	t->exit_code = (int)data;
	spin_unlock(&t->sig_lock);
	__ptrace_unlink(t); /* and wakes it */
	if (t->state == TASK_ZOMBIE && t->parent != current)
		do_notify_parent(t); /* SIGKILL made it exit meanwhile: its parent may reap it now */
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return 0;
}

static long ptrace_request(struct task *t, long request, uint64_t addr, uint64_t data)
{
	switch (request) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
		return ptrace_peekdata(t, addr, (uint64_t *)data);
	case PTRACE_GETREGS:
		return ptrace_getregs(t, (void *)data);
	case PTRACE_SETOPTIONS:
		return ptrace_setoptions(t, data);
	case PTRACE_GETEVENTMSG:
		return put_user(t->ptrace_message, (uint64_t *)data) ? -EFAULT : 0;
	case PTRACE_GETSIGINFO:
		return ptrace_getsiginfo(t, (void *)data);
	case PTRACE_SYSCALL:
	case PTRACE_CONT:
		return ptrace_resume(t, request, data);
	case PTRACE_DETACH:
		return ptrace_detach(t, data);
	case PTRACE_INTERRUPT:
		return ptrace_interrupt(t);
	case PTRACE_KILL: { /* Linux >= 6.0: a plain SIGKILL, stopped or not */
		struct ksiginfo info = { .code = SI_USER, .pid = current->pid };
		send_signal(t, SIGKILL, &info);
		return 0;
	}
	default:
		return -EIO;
	}
}

long sys_ptrace(long request, long pid, uint64_t addr, uint64_t data)
{
	if (request == PTRACE_TRACEME)
		return ptrace_traceme();

	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid((int)pid); /* pid_t, as Linux */
	long ret;

	if (!t)
		ret = -ESRCH;
	else if (request == PTRACE_ATTACH || request == PTRACE_SEIZE)
		ret = ptrace_attach(t, request, addr, data);
	else
		ret = ptrace_check_attach(t, request == PTRACE_KILL || request == PTRACE_INTERRUPT);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (ret || request == PTRACE_ATTACH || request == PTRACE_SEIZE)
		return ret;
	return ptrace_request(t, request, addr, data);
}

/* ---- process_vm_readv ---- */

struct iovec {
	uint64_t base, len;
};

#define UIO_MAXIOV 1024
#define UIO_FASTIOV 8
#define MAX_RW_COUNT 0x7ffff000ull /* INT_MAX & PAGE_MASK */

/* Copy an iovec array in (count checked, no negative lengths); *out is
 * `fast` or kmalloc'ed (kfree it unless it is `fast`). */
static long iovec_from_user(const struct iovec *uvec, unsigned long cnt, struct iovec *fast,
			    struct iovec **out)
{
	struct iovec *v = fast;

	*out = fast;
	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	if (cnt > UIO_FASTIOV) {
		v = kmalloc(cnt * sizeof(*v), GFP_KERNEL);
		if (!v)
			return -ENOMEM;
	}
	long ret = cnt && copy_from_user(v, uvec, cnt * sizeof(*v)) ? -EFAULT : 0;
	for (unsigned long i = 0; !ret && i < cnt; i++)
		if ((int64_t)v[i].len < 0)
			ret = -EINVAL;
	if (ret && v != fast) {
		kfree(v);
		v = fast;
	}
	*out = v;
	return ret;
}

/* Where the next local byte goes: segment idx, offset off in it. */
struct iov_cursor {
	const struct iovec *vec;
	unsigned long cnt, idx;
	uint64_t off;
};

/* The room left in the current local segment (skipping empty ones); 0 at the end. */
static uint64_t cursor_room(struct iov_cursor *c)
{
	while (c->idx < c->cnt && c->off == c->vec[c->idx].len) {
		c->idx++;
		c->off = 0;
	}
	return c->idx < c->cnt ? c->vec[c->idx].len - c->off : 0;
}

/*
 * Copy remote [addr, addr+len) of mm to the local segments: returns the
 * bytes copied into *done and 0, or -EFAULT at the first unreadable remote
 * byte or unwritable local one (Linux counts the bytes before it).
 */
static long read_remote_vec(struct mm *mm, uint64_t addr, uint64_t len, struct iov_cursor *c, uint64_t *done)
{
	char buf[256];

	while (len) {
		uint64_t room = cursor_room(c);
		if (!room)
			return 0;
		size_t n = MIN(MIN(len, room), sizeof(buf));
		size_t got = (size_t)access_remote_vm(mm, addr, buf, n);
		char *dst = (char *)(c->vec[c->idx].base + c->off);
		if (got && copy_to_user(dst, buf, got)) {
			size_t k = 0; /* how far the local write got */
			while (k < got && !copy_to_user(dst + k, buf + k, 1))
				k++;
			*done += k;
			return -EFAULT;
		}
		*done += got;
		c->off += got;
		if (got < n)
			return -EFAULT;
		addr += got;
		len -= got;
	}
	return 0;
}

long sys_process_vm_readv(int pid, const struct iovec *ulvec, unsigned long liovcnt, const struct iovec *urvec,
			  unsigned long riovcnt, unsigned long flags)
{
	struct iovec lfast[UIO_FASTIOV], rfast[UIO_FASTIOV], *lvec, *rvec = rfast;
	uint64_t total = 0, done = 0;
	long ret;

	if (flags)
		return -EINVAL;
	ret = iovec_from_user(ulvec, liovcnt, lfast, &lvec);
	if (ret)
		return ret;
	for (unsigned long i = 0; i < liovcnt; i++) {
		if (!access_ok((void *)lvec[i].base, lvec[i].len)) {
			ret = -EFAULT;
			goto out;
		}
		if (lvec[i].len > MAX_RW_COUNT - total)
			lvec[i].len = MAX_RW_COUNT - total;
		total += lvec[i].len;
	}
	if (!total)
		goto out; /* nothing to read into: 0, before the pid is even looked up */
	ret = iovec_from_user(urvec, riovcnt, rfast, &rvec);
	if (ret)
		goto out;
	bool any = false;
	for (unsigned long i = 0; i < riovcnt; i++)
		any |= rvec[i].len != 0;
	if (!any)
		goto out;

	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(pid);
	struct mm *mm = t ? t->mm : NULL;
	if (mm)
		mm_get(mm);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!mm) {
		ret = -ESRCH; /* no such process, or it has exited */
		goto out;
	}
	struct iov_cursor c = { lvec, liovcnt, 0, 0 };
	for (unsigned long i = 0; i < riovcnt && !ret && cursor_room(&c); i++)
		ret = read_remote_vec(mm, rvec[i].base, rvec[i].len, &c, &done);
	mm_put(mm);
	if (done)
		ret = (long)done;
out:
	if (lvec != lfast)
		kfree(lvec);
	if (rvec != rfast)
		kfree(rvec);
	return ret;
}
