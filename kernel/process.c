/*
 * kernel/process.c - the life of a process: creation (fork, vfork,
 * clone), exit, zombies and wait4, pids and process groups, and pid 1.
 *
 * Invariants (tasklist_lock): every task but the idle tasks is on
 * all_tasks and has a parent, except init (pid 1), whose parent is NULL;
 * a task's children are on its `children` list; an exiting task gives its
 * children to init, becomes TASK_ZOMBIE with its wait status, and is
 * freed by whoever reaps it (its parent's wait4, or init), after it has
 * left its CPU (wait_task_inactive).  nr_tasks counts live + zombie tasks.
 *
 * Tracing (kernel/ptrace.h): wait4 also reports the stops of the caller's
 * tracees, children or not.  A traced task's exit goes to its tracer
 * first (SIGCHLD, never an automatic reap); when the tracer is not the
 * parent, its wait4 reports the exit without reaping, untraces the zombie
 * and only then tells the parent (do_notify_parent), which reaps it as
 * usual.  Until then the parent's wait4 blocks on it (WNOHANG: 0).
 */
#include "kernel/fs/vfs.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/ptrace.h"
#include "kernel/time.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/trace.h"
#include "kernel/trap.h"
#include "kernel/uaccess.h"
#include "kernel/x86.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/vm.h"

struct spinlock tasklist_lock = SPINLOCK_INIT("tasklist");
static LIST_HEAD(all_tasks);
static unsigned nr_tasks;
static int last_pid;
struct task *init_task;

#define TASK_ORDER 1 /* struct task fits in two pages */
STATIC_ASSERT(sizeof(struct task) <= (PAGE_SIZE << TASK_ORDER));

extern char ret_from_fork[];
extern __noreturn void enter_user_mode(struct trap_frame *regs);

struct trap_frame *current_regs(void)
{
	return (struct trap_frame *)(task_kstack_top(current) - sizeof(struct trap_frame));
}

struct trap_frame *task_regs(struct task *t)
{
	return (struct trap_frame *)(task_kstack_top(t) - sizeof(struct trap_frame));
}

struct task *task_alloc(void)
{
	struct page *tp = alloc_pages(GFP_KERNEL | __GFP_ZERO, TASK_ORDER);
	void *stack = alloc_kernel_stack(); /* guarded: an overflow is a double fault, not corruption */

	if (!tp || !stack) {
		if (tp)
			__free_pages(tp, TASK_ORDER);
		if (stack)
			free_kernel_stack(stack);
		return NULL;
	}
	struct task *t = page_address(tp);
	t->kstack = stack;
	t->sig_lock = (struct spinlock)SPINLOCK_INIT("sig");
	wait_queue_init(&t->wq_child, "wait4");
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->tasks);
	INIT_LIST_HEAD(&t->run_list);
	INIT_LIST_HEAD(&t->timer_list);
	INIT_LIST_HEAD(&t->ptraced);
	INIT_LIST_HEAD(&t->ptrace_entry);
	t->start_jiffies = jiffies;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		t->rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	t->rlim[RLIMIT_STACK].cur = STACK_MAX;
	t->rlim[RLIMIT_NOFILE] = (struct rlimit64){ NR_OPEN, NR_OPEN };
	t->rlim[4].cur = 0; /* RLIMIT_CORE: lom writes no core dumps */
	return t;
}

void task_free(struct task *t)
{
	free_kernel_stack(t->kstack);
	__free_pages(virt_to_page(t), TASK_ORDER);
}

struct task *find_task_by_pid(int pid)
{
	struct task *t;

	assert_held(&tasklist_lock);
	list_for_each_entry(t, &all_tasks, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

/* The next free pid, wrapping below PID_MAX (tasklist_lock held). */
static int alloc_pid(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		int pid = last_pid + 1 >= PID_MAX ? 2 : last_pid + 1;
		last_pid = pid;
		if (!find_task_by_pid(pid))
			return pid;
	}
	return -EAGAIN;
}

void set_task_comm(struct task *t, const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(t->comm, base, sizeof(t->comm));
}

/*
 * Build the kernel stack of a task that has never run: a trap frame at the
 * top (its user registers) and below it the frame switch_to_asm pops,
 * returning into ret_from_fork.
 */
static void setup_new_stack(struct task *t, void (*kfn)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)task_regs(t);

	*--sp = (uint64_t)ret_from_fork;
	*--sp = 0;              /* rbp */
	*--sp = 0;              /* rbx */
	*--sp = (uint64_t)kfn;  /* r12 */
	*--sp = (uint64_t)arg;  /* r13 */
	*--sp = 0;              /* r14 */
	*--sp = 0;              /* r15 */
	t->ctx_rsp = (uint64_t)sp;
}

/* clone() flags */
#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_VFORK 0x00004000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_FORK_LIKE (CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID | \
			 CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)

/* Write an int into another address space (the child's, before it runs). */
static int put_user_in(struct mm *mm, uint64_t uaddr, int value)
{
	if (!IS_ALIGNED(uaddr, sizeof(int)) || uaddr + sizeof(int) > USER_TOP)
		return -EFAULT;
	struct page *page = mm_get_page(mm, uaddr);
	if (!page)
		return -EFAULT;
	*(int *)((char *)page_address(page) + (uaddr & (PAGE_SIZE - 1))) = value;
	return 0;
}

/* The ptrace event this fork reports to the parent's tracer, 0 if it asked for none. */
static int fork_trace_event(struct task *p, uint64_t flags)
{
	int event = flags & CLONE_VFORK ? PTRACE_EVENT_VFORK
		    : (flags & CSIGNAL) != SIGCHLD ? PTRACE_EVENT_CLONE : PTRACE_EVENT_FORK;

	return ptrace_event_enabled(p, event) ? event : 0;
}

long do_fork(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls)
{
	struct task *p = current, *c;
	struct completion vfork;
	int err = -ENOMEM;
	int trace = fork_trace_event(p, flags);

	if (flags & ~CLONE_FORK_LIKE)
		return -EINVAL; /* threads and shared resources: not in lom */
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL; /* a shared address space only while the parent waits */
	if ((flags & CSIGNAL) > NSIG)
		return -EINVAL;
	c = task_alloc();
	if (!c)
		return -ENOMEM;
	if (flags & CLONE_VM) { /* vfork: borrow the parent's memory until exec or exit */
		c->mm = p->mm;
		mm_get(c->mm);
	} else {
		c->mm = mm_copy(p->mm);
		if (!c->mm)
			goto fail;
	}
	c->files = files_dup(p->files);
	if (!c->files)
		goto fail;
	c->cwd = p->cwd;
	c->cwd_pid = p->cwd_pid;
	memcpy(c->cwd_path, p->cwd_path, sizeof(c->cwd_path));
	memcpy(c->comm, p->comm, sizeof(c->comm));
	memcpy(c->rlim, p->rlim, sizeof(c->rlim));
	c->fs_base = flags & CLONE_SETTLS ? tls : p->fs_base;
	c->gs_base = p->gs_base;
	fpu_save_current();
	c->fpu = p->fpu;
	uint64_t irq = spin_lock_irqsave(&p->sig_lock);
	memcpy(c->sig.action, p->sig.action, sizeof(c->sig.action));
	c->sig.blocked = p->sig.blocked;
	spin_unlock_irqrestore(&p->sig_lock, irq);

	struct trap_frame *regs = task_regs(c);
	*regs = *current_regs();
	regs->rax = 0; /* the child's fork() returns 0 */
	if (newsp)
		regs->rsp = newsp;
	setup_new_stack(c, NULL, NULL);

	irq = spin_lock_irqsave(&tasklist_lock);
	/* A SIGKILL to our process group that went round while we copied
	 * (kill holds tasklist_lock) would miss the child: give up, we are
	 * dying anyway (Linux's copy_process).  One that comes later finds
	 * the child in the group. */
	if (fatal_signal_pending(p)) {
		spin_unlock_irqrestore(&tasklist_lock, irq);
		err = -EINTR;
		goto fail;
	}
	if (nr_tasks >= TASKS_MAX) {
		spin_unlock_irqrestore(&tasklist_lock, irq);
		err = -EAGAIN;
		goto fail;
	}
	int pid = alloc_pid();
	if (pid < 0) {
		spin_unlock_irqrestore(&tasklist_lock, irq);
		err = pid;
		goto fail;
	}
	c->pid = pid;
	c->pgid = p->pgid;
	c->sid = p->sid;
	c->parent = p;
	list_add_tail(&c->sibling, &p->children);
	list_add_tail(&c->tasks, &all_tasks);
	nr_tasks++;
	ptrace_init_task(c, p, trace != 0);
	spin_unlock_irqrestore(&tasklist_lock, irq);

	if (flags & CLONE_CHILD_SETTID)
		put_user_in(c->mm, child_tid, pid);
	if (flags & CLONE_CHILD_CLEARTID)
		c->clear_child_tid = child_tid;
	if (flags & CLONE_PARENT_SETTID)
		put_user((int)pid, (int *)parent_tid);
	if (flags & CLONE_VFORK) {
		init_completion(&vfork);
		c->vfork_done = &vfork;
	}
	trace_sched_process_fork(p->pid, c->pid);
	sched_new_task(c);
	if (trace)
		ptrace_event(trace, (uint64_t)pid); /* the child runs already: tell the tracer */
	if (flags & CLONE_VFORK) {
		wait_for_completion(&vfork); /* until the child execs or exits */
		ptrace_event(PTRACE_EVENT_VFORK_DONE, (uint64_t)pid);
	}
	return pid;

fail:
	if (c->files)
		files_put(c->files);
	if (c->mm)
		mm_put(c->mm);
	task_free(c);
	return err;
}

long sys_fork(void)
{
	return do_fork(SIGCHLD, 0, 0, 0, 0);
}

long sys_vfork(void)
{
	return do_fork(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}

/* x86-64 argument order: flags, newsp, parent_tid, child_tid, tls */
long sys_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls)
{
	return do_fork(flags, newsp, parent_tid, child_tid, tls);
}

/* exec or exit: a vfork parent may go on */
void release_vfork_parent(struct task *t)
{
	if (t->vfork_done) {
		complete(t->vfork_done);
		t->vfork_done = NULL;
	}
}

static void exit_mm(struct task *t)
{
	struct mm *mm = t->mm;

	if (!mm)
		return;
	if (t->clear_child_tid) /* set_tid_address: tell a waiter (no futex in lom) */
		put_user(0, (int *)t->clear_child_tid);
	task_note_maxrss(t, mm);
	uint64_t irq = spin_lock_irqsave(&tasklist_lock); /* the OOM killer looks at t->mm under it */
	switch_mm(NULL);
	t->mm = NULL;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	mm_put(mm);
}

static bool ignores_sigchld(struct task *parent)
{
	const struct k_sigaction *sa = &parent->sig.action[SIGCHLD - 1];
	return sa->handler == SIG_IGN || (sa->flags & SA_NOCLDWAIT);
}

/* Tell `to` (the parent or the tracer) that t exited: SIGCHLD, and wake its wait4. */
static void notify_exit(struct task *to, struct task *t)
{
	int status = t->exit_status;
	struct ksiginfo info = { .code = (status & 0x7f) ? CLD_KILLED : CLD_EXITED, .pid = t->pid,
				 .status = (status & 0x7f) ? (status & 0x7f) : (status >> 8) & 0xff };

	send_signal(to, SIGCHLD, &info);
	wake_up(&to->wq_child);
}

void do_notify_parent(struct task *t)
{
	struct task *parent = t->parent;

	assert_held(&tasklist_lock);
	if (ignores_sigchld(parent) && parent != init_task) {
		/* POSIX: no zombie for a parent that ignores SIGCHLD; init reaps
		 * it, and a wait4 of the parent's may now find no child (ECHILD) */
		t->parent = init_task;
		list_del(&t->sibling);
		list_add_tail(&t->sibling, &init_task->children);
		wake_up(&parent->wq_child);
		wake_up(&init_task->wq_child);
		return;
	}
	notify_exit(parent, t);
}

__noreturn void do_exit(int status)
{
	struct task *t = current, *child, *tmp;

	if (t == init_task) {
		int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
		pr_info("lom: init exited with status %d; powering off\n", code);
		power_off_with_status(code);
	}
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	t->exiting = true;
	spin_unlock_irqrestore(&t->sig_lock, irq);
	if (unlikely(t->ptrace))
		ptrace_event(PTRACE_EVENT_EXIT, (uint64_t)status); /* SIGKILL does not end this stop */
	release_vfork_parent(t);
	if (t->files) {
		files_put(t->files);
		t->files = NULL;
	}
	exit_mm(t);

	irq = spin_lock_irqsave(&tasklist_lock);
	exit_ptrace(t); /* first: a zombie tracee that is our child goes to init below */
	list_for_each_entry_safe(child, tmp, &t->children, sibling) {
		child->parent = init_task;
		list_del(&child->sibling);
		list_add_tail(&child->sibling, &init_task->children);
		if (child->state == TASK_ZOMBIE)
			wake_up(&init_task->wq_child);
	}
	t->exit_status = status;
	if (t->ptrace)
		notify_exit(t->tracer, t); /* never reaped by itself: the tracer sees the exit first */
	else
		do_notify_parent(t);
	t->state = TASK_ZOMBIE;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	schedule();
	panic("do_exit: a zombie ran again");
}

long sys_exit(int code)
{
	do_exit((code & 0xff) << 8);
}

long sys_exit_group(int code)
{
	do_exit((code & 0xff) << 8);
}

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000


static bool wait_matches(const struct task *c, int pid, const struct task *self)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == self->pgid;
	if (pid == -1)
		return true;
	return c->pgid == -pid;
}

void task_note_maxrss(struct task *t, struct mm *mm)
{
	uint64_t kib = mm->hiwater_rss << (PAGE_SHIFT - 10);
	if (kib > t->maxrss_kib)
		t->maxrss_kib = kib;
}

void fill_rusage(struct rusage *ru, uint64_t utime, uint64_t stime, uint64_t maxrss_kib, uint64_t minflt,
		 uint64_t majflt)
{
	memset(ru, 0, sizeof(*ru));
	ru->utime_sec = (int64_t)(utime / HZ);
	ru->utime_usec = (int64_t)(utime % HZ) * (1000000 / HZ);
	ru->stime_sec = (int64_t)(stime / HZ);
	ru->stime_usec = (int64_t)(stime % HZ) * (1000000 / HZ);
	ru->maxrss = (int64_t)maxrss_kib;
	ru->minflt = (int64_t)minflt;
	ru->majflt = (int64_t)majflt;
}

/* A ptrace stop of c's not reported yet: its code (cleared: reported once), or 0. */
static int wait_task_stopped(struct task *c)
{
	uint64_t irq = spin_lock_irqsave(&c->sig_lock);
	int code = 0;

	if (c->state == TASK_TRACED && c->exit_code) {
		code = c->exit_code;
		c->exit_code = 0;
	}
	spin_unlock_irqrestore(&c->sig_lock, irq);
	return code;
}

/* t's use and that of its waited-for children (wait4's rusage). */
static void task_rusage(const struct task *t, struct rusage *r)
{
	fill_rusage(r, t->utime_ticks + t->cutime_ticks, t->stime_ticks + t->cstime_ticks,
		    MAX(t->maxrss_kib, t->cmaxrss_kib), t->min_flt + t->cmin_flt, t->maj_flt + t->cmaj_flt);
}

enum wait_found {
	WAIT_NONE,
	WAIT_REAP,        /* a zombie child: free it */
	WAIT_TRACED_EXIT, /* a zombie tracee that is not our child: report, then its parent reaps it */
	WAIT_STOP,        /* a tracee's stop */
};

/*
 * The first child or tracee matching pid with something to report
 * (tasklist_lock held).  Children first, then tracees, as Linux: a child
 * traced by someone else is left to its tracer; *have tells whether
 * anything matched at all (else ECHILD).
 */
static enum wait_found wait_find(struct task *self, int pid, bool *have, struct task **found, int *code)
{
	struct task *c;

	assert_held(&tasklist_lock);
	list_for_each_entry(c, &self->children, sibling) {
		if (!wait_matches(c, pid, self))
			continue;
		*have = true;
		if (c->ptrace && c->tracer != self)
			continue; /* its tracer sees its stops and its exit first */
		*found = c;
		if (c->state == TASK_ZOMBIE)
			return WAIT_REAP;
		if (c->ptrace && (*code = wait_task_stopped(c)))
			return WAIT_STOP;
	}
	list_for_each_entry(c, &self->ptraced, ptrace_entry) {
		if (c->parent == self || !wait_matches(c, pid, self))
			continue; /* our children were seen above */
		*have = true;
		*found = c;
		if (c->state == TASK_ZOMBIE)
			return WAIT_TRACED_EXIT;
		if ((*code = wait_task_stopped(c)))
			return WAIT_STOP;
	}
	return WAIT_NONE;
}

/* Free a zombie child (tasklist_lock held on entry, dropped): its wait status. */
static int reap_zombie(struct task *self, struct task *z, uint64_t irq, struct rusage *r)
{
	if (z->ptrace)
		__ptrace_unlink(z); /* traced by us */
	list_del(&z->sibling);
	list_del(&z->tasks);
	nr_tasks--;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	wait_task_inactive(z);
	int status = z->exit_status;
	/* the child's own use and its children's, added to ours */
	task_rusage(z, r);
	self->cutime_ticks += z->utime_ticks + z->cutime_ticks;
	self->cstime_ticks += z->stime_ticks + z->cstime_ticks;
	self->cmin_flt += z->min_flt + z->cmin_flt;
	self->cmaj_flt += z->maj_flt + z->cmaj_flt;
	self->cmaxrss_kib = MAX(self->cmaxrss_kib, MAX(z->maxrss_kib, z->cmaxrss_kib));
	task_free(z);
	return status;
}

long sys_wait4(int pid, int *wstatus, int options, struct rusage *ru)
{
	struct task *self = current;
	struct waiter w = { .task = NULL };

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	for (;;) {
		uint64_t irq = spin_lock_irqsave(&tasklist_lock);
		struct task *c = NULL;
		bool have = false;
		int code = 0, status;
		struct rusage r;
		enum wait_found what = wait_find(self, pid, &have, &c, &code);

		if (what != WAIT_NONE) {
			int cpid = c->pid;
			if (what == WAIT_REAP) {
				status = reap_zombie(self, c, irq, &r);
			} else {
				task_rusage(c, &r);
				status = what == WAIT_STOP ? (code << 8) | 0x7f : c->exit_status;
				if (what == WAIT_TRACED_EXIT) {
					__ptrace_unlink(c);
					do_notify_parent(c); /* now its parent may reap it */
				}
				spin_unlock_irqrestore(&tasklist_lock, irq);
			}
			finish_wait(&self->wq_child, &w);
			if (wstatus && put_user(status, wstatus))
				return -EFAULT;
			if (ru && copy_to_user(ru, &r, sizeof(r)))
				return -EFAULT;
			return cpid;
		}
		if (!have || (options & WNOHANG)) {
			spin_unlock_irqrestore(&tasklist_lock, irq);
			finish_wait(&self->wq_child, &w);
			return have ? 0 : -ECHILD;
		}
		prepare_to_wait(&self->wq_child, &w, TASK_INTERRUPTIBLE);
		spin_unlock_irqrestore(&tasklist_lock, irq);
		if (signal_pending(self)) {
			finish_wait(&self->wq_child, &w);
			return -ERESTARTSYS; /* as Linux: restarted after an SA_RESTART handler */
		}
		schedule();
	}
}

long sys_getpid(void)
{
	return current->pid;
}

long sys_gettid(void)
{
	return current->pid;
}

long sys_getppid(void)
{
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	int ppid = current->parent ? current->parent->pid : 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ppid;
}

long sys_set_tid_address(int *tidptr)
{
	current->clear_child_tid = (uint64_t)tidptr;
	return current->pid;
}

/* The process group or session of pid (0: the caller). */
static long get_group_id(int pid, bool session)
{
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = pid ? find_task_by_pid(pid) : current;
	long ret = !t ? -ESRCH : session ? t->sid : t->pgid;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

long sys_getpgid(int pid)
{
	return get_group_id(pid, false);
}

long sys_getpgrp(void)
{
	return current->pgid;
}

long sys_getsid(int pid)
{
	return get_group_id(pid, true);
}

long sys_setpgid(int pid, int pgid)
{
	struct task *self = current;

	if (pgid < 0)
		return -EINVAL;
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = pid ? find_task_by_pid(pid) : self;
	long ret = 0;
	if (!t || (t != self && t->parent != self))
		ret = -ESRCH;
	else if (t->sid != self->sid || t->pid == t->sid)
		ret = -EPERM;
	else
		t->pgid = pgid ? pgid : t->pid;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

long sys_setsid(void)
{
	struct task *self = current, *t;
	long ret;
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);

	ret = self->pid;
	list_for_each_entry(t, &all_tasks, tasks)
		if (t->pgid == self->pid)
			ret = -EPERM; /* already a group leader */
	if (ret > 0)
		self->sid = self->pgid = self->pid;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

/* Visit every task (tasklist_lock held by the caller: kill, ps). */
void for_each_task(void (*fn)(struct task *t, void *arg), void *arg)
{
	struct task *t;

	assert_held(&tasklist_lock);
	list_for_each_entry(t, &all_tasks, tasks)
		fn(t, arg);
}

/* pid 1's first moments, as a kernel thread: become /sbin/init. */
static void init_thread(void *arg)
{
	char *const *args = arg;
	struct task *t = current;

	t->files = files_alloc();
	t->cwd = vfs_root();
	strlcpy(t->cwd_path, "/", sizeof(t->cwd_path));
	struct inode *console;
	struct file *f;
	if (!t->files || vfs_lookup(vfs_root(), "/dev/console", &console) || vfs_open_inode(console, O_RDWR, &f))
		panic("init: cannot open /dev/console");
	fd_install(t->files, f, 0, false);
	file_get(f);
	fd_install(t->files, f, 1, false);
	file_get(f);
	fd_install(t->files, f, 2, false);

	char *const *envp = args + 1 + (size_t)args[0] + 1; /* past argv and its NULL */
	int err = do_execve_kernel(args[1], args + 1, envp);
	if (err)
		panic("cannot run %s as init (error %d); try init=/bin/sh", args[1], err);
	struct trap_frame *regs = current_regs();
	exit_to_user_mode(regs);
	enter_user_mode(regs);
}

int start_init(const char *path, char *const argv[], char *const envp[])
{
	static char *packed[64]; /* [argc, argv..., NULL, envp..., NULL] */
	size_t argc = 0, n = 1, i;
	struct task *t = task_alloc();

	if (!t)
		return -ENOMEM;
	for (i = 0; argv[i] && n < ARRAY_SIZE(packed) - 4; i++)
		packed[n++] = argv[i], argc++;
	packed[n++] = NULL;
	for (i = 0; envp[i] && n < ARRAY_SIZE(packed) - 1; i++)
		packed[n++] = envp[i];
	packed[n] = NULL;
	packed[0] = (char *)argc;
	packed[1] = (char *)path; /* argv[0] is what exec runs */
	t->pid = 1;
	t->pgid = 1;
	t->sid = 1;
	t->parent = NULL;
	strlcpy(t->comm, "init", sizeof(t->comm));
	setup_new_stack(t, init_thread, packed);
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	last_pid = 1;
	list_add_tail(&t->tasks, &all_tasks);
	nr_tasks++;
	init_task = t;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	sched_new_task(t);
	return 0;
}

/* The way back to user mode: reschedule and signals first. */
void exit_to_user_mode(struct trap_frame *regs)
{
	for (;;) {
		cli();
		struct task *t = current;
		if (this_cpu()->need_resched) {
			sti();
			schedule();
			continue;
		}
		if (signal_pending(t)) {
			sti();
			do_signal(regs);
			continue;
		}
		if (unlikely((uint64_t)((int64_t)(regs->rip << 16) >> 16) != regs->rip)) {
			/* a non-canonical RIP (from rt_sigreturn or a handler's
			 * address): iretq would fault in the kernel on a real CPU.
			 * The process gets the #GP it asked for, as Linux's bad-iret
			 * fixup gives it: SIGSEGV, si_addr 0 */
			sti();
			force_sig_fault(SIGSEGV, SI_KERNEL, 0);
			continue;
		}
		signal_return_to_user(regs);
		return;
	}
}
