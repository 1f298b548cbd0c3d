/*
 * kernel/task.h - tasks (processes), the scheduler's view of them, and
 * wait queues.
 *
 * A task is a kernel stack plus everything a process owns: an address
 * space (struct mm, NULL for kernel threads), open files, signal state,
 * its place in the process tree.  lom has no threads: one task is one
 * process (pid == tgid).
 *
 * Life of a task:  fork() -> RUNNING <-> SLEEPING -> ZOMBIE -> reaped by
 * wait4() of its parent (or by init, which adopts orphans).  A traced task
 * also stops (TRACED) for its tracer, and its zombie is reported to the
 * tracer before the parent may reap it (kernel/ptrace.h).
 *
 * Locking:
 *   - tasklist_lock (kernel/process.c) protects the task list, parent and
 *     children links, pid lookup, process groups and the ZOMBIE
 *     transition.  Taken with interrupts off (signals are sent from
 *     interrupt context by the tty).
 *   - each CPU's run queue lock (kernel/sched.c) protects that queue and,
 *     for the tasks on it, state/on_rq/cpu.  A task's `cpu` changes only
 *     with both queues' locks held (migration).
 *   - sig_lock protects a task's pending/blocked sets and handlers, and
 *     a traced task's stop (exit_code, last_siginfo; see kernel/ptrace.h).
 *   - ptrace links (ptrace, tracer, ptraced) change under tasklist_lock.
 *   - The rest (mm, files, cwd, fs_base, fpu) belongs to the task itself:
 *     only the task changes it, while it runs (no threads, so no sharing).
 * Lock order: tasklist_lock -> task->sig_lock -> wait queue lock -> run
 * queue lock (the sleep-timer lock, too, comes before run queue locks).
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include "kernel/list.h"
#include "kernel/percpu.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"
#include "kernel/errno.h"

#define KSTACK_SIZE (4 * PAGE_SIZE) /* 16 KiB kernel stacks, each with a guard below (mm/kstack.c) */
#define TASK_COMM_LEN 16
#define PID_MAX 32768  /* pids wrap below this, like Linux's default */
#define TASKS_MAX 1024 /* fork fails with EAGAIN beyond this */

enum task_state {
	TASK_RUNNING,         /* on a run queue or on a CPU */
	TASK_INTERRUPTIBLE,   /* sleeping; a signal wakes it */
	TASK_UNINTERRUPTIBLE, /* sleeping; only its event wakes it */
	TASK_ZOMBIE,          /* exited, waiting for wait4() */
	TASK_TRACED,          /* stopped for its tracer (kernel/ptrace.h); "t (tracing stop)" */
};

struct mm;
struct files;
struct inode;
struct trap_frame;

/* ---- wait queues (kernel/wait.c) ---- */
struct wait_queue {
	struct spinlock lock;
	struct list_head waiters; /* struct waiter */
};
struct waiter {
	struct list_head list;
	struct task *task;
};
#define WAIT_QUEUE_INIT(wq, n) { SPINLOCK_INIT(n), LIST_HEAD_INIT((wq).waiters) }
void wait_queue_init(struct wait_queue *wq, const char *name);
/* Queue `w` on wq and mark the current task as sleeping (state). */
void prepare_to_wait(struct wait_queue *wq, struct waiter *w, int state);
void finish_wait(struct wait_queue *wq, struct waiter *w);
/* Wake every task waiting on wq. */
void wake_up(struct wait_queue *wq);

/*
 * Sleep until cond is true; returns 0, or -ERESTARTSYS when a signal arrived
 * first.  cond is evaluated after queueing, so a wake_up() that follows
 * the change of cond cannot be lost.
 */
#define wait_event_interruptible(wq, cond)                                   \
	({                                                                   \
		struct waiter __w = { .task = NULL };                        \
		int __ret = 0;                                               \
		for (;;) {                                                   \
			prepare_to_wait(&(wq), &__w, TASK_INTERRUPTIBLE);    \
			if (cond)                                            \
				break;                                       \
			if (signal_pending(current)) {                       \
				__ret = -ERESTARTSYS;                        \
				break;                                       \
			}                                                    \
			schedule();                                          \
		}                                                            \
		finish_wait(&(wq), &__w);                                    \
		__ret;                                                       \
	})

/* A one-shot event (vfork). */
struct completion {
	volatile bool done;
	struct wait_queue wq;
};
void init_completion(struct completion *c);
void complete(struct completion *c);
void wait_for_completion(struct completion *c);

/* FXSAVE area: x87/SSE state, 512 bytes, 16-byte aligned. */
struct fpu_state {
	uint8_t bytes[512];
} __aligned(64);

#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIMIT_AS 9
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ull)

struct task {
	/* scheduler (run queue lock of `cpu`) */
	uint64_t ctx_rsp;           /* saved kernel RSP while switched out */
	volatile int state;         /* enum task_state */
	bool on_rq;                 /* runnable: queued or running */
	volatile bool on_cpu;       /* its stack is in use by a CPU (set until switched away) */
	bool is_idle;               /* a CPU's idle task: never queued */
	unsigned cpu;               /* the run queue it belongs to */
	struct list_head run_list;  /* on rq->queue while waiting to run */
	unsigned slice_ticks;       /* ticks run in this time slice */
	uint64_t wake_at;           /* jiffies at which a timed sleep ends, 0 = none */
	struct list_head timer_list;/* on the sleep-timer list while wake_at != 0 */

	/* identity and process tree (tasklist_lock) */
	int pid, pgid, sid;
	struct task *parent;
	struct list_head children;  /* its children, linked through sibling */
	struct list_head sibling;
	struct list_head tasks;     /* all tasks */
	int exit_status;            /* wait4() status word once ZOMBIE */
	char comm[TASK_COMM_LEN];   /* executable name, for messages and ps */
	struct wait_queue wq_child; /* woken when a child exits (wait4 sleeps here) */

	/* owned by the task itself */
	void *kstack;               /* KSTACK_SIZE bytes; pt_regs at the top */
	struct mm *mm;              /* NULL for kernel threads */
	struct files *files;
	struct inode *cwd;
	int cwd_pid;                /* cwd is /proc/<pid> or below: that pid (see kernel/fs/vfs.h) */
	char cwd_path[256];         /* what getcwd() returns */
	uint64_t fs_base, gs_base;  /* user FS/GS base (arch_prctl) */
	uint64_t clear_child_tid;   /* set_tid_address(); cleared + woken at exit */
	/* how restart_syscall(2) goes on with a sleep a signal interrupted
	 * without running a handler (Linux's restart_block: nanosleep) */
	struct restart_block {
		long (*fn)(struct restart_block *rb);
		int clk;
		uint64_t deadline;  /* absolute, ns on clk */
		void *urem;         /* the caller's struct timespec *rem, or NULL */
	} restart_block;
	struct completion *vfork_done; /* vfork parent waits on it until exec/exit */
	uint64_t utime_ticks, stime_ticks;
	uint64_t min_flt, maj_flt;  /* page faults served without / with I/O */
	/* of its waited-for children and theirs (getrusage RUSAGE_CHILDREN) */
	uint64_t cutime_ticks, cstime_ticks, cmin_flt, cmaj_flt, cmaxrss_kib;
	uint64_t maxrss_kib;        /* its address space's peak RSS, kept past exec and exit */
	struct rlimit64 {
		uint64_t cur, max;
	} rlim[RLIM_NLIMITS];       /* inherited on fork */
	uint64_t start_jiffies;

	/* signals (sig_lock) */
	struct spinlock sig_lock;
	struct signal_state sig;
	bool exiting;                /* in do_exit: signals sent now are dropped (Linux's PF_EXITING) */

	/*
	 * ptrace (kernel/ptrace.h).  tasklist_lock: the links; ptrace is
	 * also read unlocked by the task itself (it changes only while the
	 * task is stopped, or when the tracer goes).
	 */
	unsigned ptrace;             /* PT_PTRACED | options << PT_OPT_FLAG_SHIFT; 0: not traced */
	struct task *tracer;         /* its tracer (Linux's ->parent while traced), NULL if not traced */
	struct list_head ptraced;    /* the tasks it traces, linked through ptrace_entry */
	struct list_head ptrace_entry;
	/* sig_lock: the stop */
	int exit_code;               /* TASK_TRACED: the stop's code until wait4 reports it; then
				      * the signal the tracer resumed it with */
	const struct siginfo *last_siginfo; /* the stop's siginfo (on the tracee's stack), NULL if none */
	uint64_t ptrace_message;     /* PTRACE_GETEVENTMSG */
	bool syscall_trace;          /* PTRACE_SYSCALL: stop at the next syscall entry and exit */
	unsigned jobctl;             /* JOBCTL_TRAP_STOP: a PTRACE_INTERRUPT to honour (signal_pending) */

	struct fpu_state fpu;       /* saved at every switch away from a user task */
};

/* ---- scheduler (kernel/sched.c) ---- */
static inline struct task *get_current(void)
{
	struct task *t;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(t) : "i"(offsetof(struct cpu, current_task)));
	return t;
}
#define current get_current()

void sched_init(void);          /* boot CPU: its boot context becomes its idle task */
void fpu_save_current(void);    /* live FPU registers -> current->fpu */
void fpu_load_current(const struct fpu_state *f); /* f -> current->fpu and the registers */
void sched_init_ap(void);       /* the same on an AP */
__noreturn void cpu_idle(void); /* run tasks forever (every CPU ends here) */
void schedule(void);
/* Make a sleeping task runnable; returns false if it was not sleeping. */
bool wake_up_process(struct task *t);
/* Make t runnable if it is in `state` (TASK_TRACED: ptrace); false if not. */
bool wake_up_state(struct task *t, int state);
/* Put a new task on the least loaded CPU's queue. */
void sched_new_task(struct task *t);
/* Sleep for `ticks` jiffies, interruptibly; returns ticks left (0 = slept fully). */
uint64_t schedule_timeout(uint64_t ticks);
void sched_tick(bool from_user); /* every CPU's timer tick */
void sched_timer_tick(void);    /* CPU 0's tick: ends timed sleeps */
uint64_t task_kstack_top(const struct task *t);
/* Wait until t has left its CPU for good (before freeing a zombie's stack). */
void wait_task_inactive(struct task *t);
unsigned sched_nr_running(unsigned cpu);
uint64_t sched_context_switches(unsigned cpu);

/* ---- process lifecycle (kernel/process.c) ---- */
extern struct spinlock tasklist_lock;
extern struct task *init_task; /* pid 1 */
struct task *task_alloc(void);
void task_free(struct task *t);
struct task *find_task_by_pid(int pid); /* tasklist_lock held */
/* The user registers a task entered the kernel with (the top of its kernel stack). */
struct trap_frame *task_regs(struct task *t);
/* t's exit (its zombie) to its parent: SIGCHLD and a wakeup, or to init when
 * the parent ignores SIGCHLD (tasklist_lock held). */
void do_notify_parent(struct task *t);
/* Start pid 1 from `path` with argv/envp (kernel strings). */
int start_init(const char *path, char *const argv[], char *const envp[]);
__noreturn void do_exit(int status); /* status: a wait4() status word */
/* Called right after the first switch to a new task. */
void schedule_tail(struct task *prev);
/* Return-to-user work: reschedule, deliver signals.  Interrupts off on return. */
void exit_to_user_mode(struct trap_frame *regs);
void set_task_comm(struct task *t, const char *path);
/* Visit every task; tasklist_lock held by the caller (kill, ps). */
void for_each_task(void (*fn)(struct task *t, void *arg), void *arg);

/* struct rusage as Linux's (getrusage, wait4) */
struct rusage {
	int64_t utime_sec, utime_usec, stime_sec, stime_usec;
	int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock, msgsnd, msgrcv, nsignals,
		nvcsw, nivcsw;
};
void fill_rusage(struct rusage *ru, uint64_t utime, uint64_t stime, uint64_t maxrss_kib, uint64_t minflt,
		 uint64_t majflt);
struct mm;
void task_note_maxrss(struct task *t, struct mm *mm); /* before its mm goes: the peak RSS */
/* exec or exit: a vfork parent may go on */
void release_vfork_parent(struct task *t);
/* execve from the kernel (pid 1's first program), kernel strings (kernel/exec.c) */
int do_execve_kernel(const char *path, char *const argv[], char *const envp[]);

#endif
