/*
 * kernel/sched.c - the scheduler: per-CPU run queues, round robin with a
 * time slice, timer-driven preemption of user mode, idle CPUs stealing
 * work, timed sleeps.
 *
 * Each CPU has a run queue (struct rq) of tasks that are runnable but not
 * running.  schedule() puts the running task back at the tail if it is
 * still runnable and switches to the head, or to the CPU's idle task.
 * The kernel itself is not preemptible: a task in the kernel runs until it
 * sleeps or returns to user mode, where exit_to_user_mode() honours
 * need_resched (set by the tick after SLICE_TICKS, or by a wakeup).  So
 * code between this_cpu_id() and its use (the page allocator's per-CPU
 * lists) never migrates.
 *
 * Placement: a new task goes to the CPU with the fewest runnable tasks;
 * a woken task goes back to its own CPU; a CPU with nothing to run steals
 * the last queued task of the busiest queue.
 *
 * Locking: rq->lock protects the queue and, for its tasks, state, on_rq
 * and cpu.  It is held across the context switch and released by the next
 * task (finish_task_switch), so a task switched out is fully saved before
 * anyone else can pick it.  Interrupts are off while it is held.  Two
 * queues are locked in CPU-id order (stealing).  sleep_lock protects the
 * list of timed sleepers.
 */
#include "kernel/apic.h"
#include "kernel/panic.h"
#include "kernel/vsprintf.h"
#include "mm/vm.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/mm.h"
#include "mm/page.h"

#define SLICE_TICKS 2 /* 20 ms at HZ=100 */
#define RESCHEDULE_VECTOR 0xfd

struct rq {
	struct spinlock lock;
	struct list_head queue; /* runnable tasks waiting for this CPU */
	unsigned nr_queued;
	bool running_task;      /* the CPU runs something other than idle */
	uint64_t switches;
} __aligned(64);

static struct rq runqueues[MAX_CPUS];
static struct spinlock sleep_lock = SPINLOCK_INIT("sleepers");
static LIST_HEAD(sleepers); /* tasks with wake_at != 0 */

extern struct task *switch_to_asm(struct task *prev, struct task *next);

static inline struct rq *this_rq(void)
{
	return &runqueues[this_cpu_id()];
}

uint64_t task_kstack_top(const struct task *t)
{
	return (uint64_t)t->kstack + KSTACK_SIZE;
}

static void resched_ipi(struct trap_frame *tf)
{
	this_cpu()->need_resched = true;
	lapic_eoi();
}

/* Ask `cpu` to reschedule (rq lock of cpu held). */
static void resched_cpu(unsigned cpu)
{
	if (cpu == this_cpu_id())
		this_cpu()->need_resched = true;
	else if (apic_active)
		lapic_send_ipi(cpus[cpu].apic_id, RESCHEDULE_VECTOR);
}

static void enqueue(struct rq *rq, struct task *t)
{
	list_add_tail(&t->run_list, &rq->queue);
	rq->nr_queued++;
}

static void init_idle(struct task *idle, unsigned cpu)
{
	idle->is_idle = true;
	idle->state = TASK_RUNNING;
	idle->on_cpu = true;
	idle->cpu = cpu;
	idle->pid = 0;
	INIT_LIST_HEAD(&idle->children);
	INIT_LIST_HEAD(&idle->run_list);
	INIT_LIST_HEAD(&idle->timer_list);
	snprintf(idle->comm, sizeof(idle->comm), "idle/%u", cpu);
	struct cpu *c = this_cpu();
	c->idle = idle;
	c->current_task = idle;
}

static struct task boot_idle_task;

void sched_init(void)
{
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		runqueues[i].lock = (struct spinlock)SPINLOCK_INIT("rq");
		INIT_LIST_HEAD(&runqueues[i].queue);
	}
	init_idle(&boot_idle_task, 0);
	vector_register(RESCHEDULE_VECTOR, resched_ipi);
}

void sched_init_ap(void)
{
	struct task *idle = task_alloc();

	if (!idle)
		panic("sched: no memory for the idle task of CPU %u", this_cpu_id());
	init_idle(idle, this_cpu_id());
}

/* The running task's live FPU state into its save area (fork, signals). */
void fpu_save_current(void)
{
	uint64_t irq = local_irq_save();
	fxsave(&current->fpu);
	local_irq_restore(irq);
}

/* Make f the running task's FPU state (exec, sigreturn). */
void fpu_load_current(const struct fpu_state *f)
{
	uint64_t irq = local_irq_save();
	current->fpu = *f;
	fxrstor(&current->fpu);
	local_irq_restore(irq);
}

/* The second half of a switch, run by the task switched to. */
static void finish_task_switch(struct task *prev)
{
	__atomic_store_n(&prev->on_cpu, false, __ATOMIC_RELEASE);
	spin_unlock(&this_rq()->lock);
}

void schedule_tail(struct task *prev)
{
	finish_task_switch(prev);
}

static void context_switch(struct rq *rq, struct task *prev, struct task *next)
{
	struct cpu *c = this_cpu();

	next->on_cpu = true;
	c->current_task = next;
	rq->running_task = !next->is_idle;
	rq->switches++;
	if (!next->is_idle) {
		c->kernel_rsp = task_kstack_top(next);
		__builtin_memcpy(c->tss_rsp0, &c->kernel_rsp, sizeof(uint64_t)); /* misaligned: no uint64_t store */
	}
	if (prev->mm)
		fxsave(&prev->fpu);
	if (next->mm) {
		switch_mm(next->mm);
		wrmsr(MSR_FS_BASE, next->fs_base);
		wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
		fxrstor(&next->fpu);
	} else {
		switch_mm(NULL); /* never run on a page table whose mm may be freed meanwhile */
	}
	prev = switch_to_asm(prev, next);
	finish_task_switch(prev);
}

void schedule(void)
{
	uint64_t flags = local_irq_save();
	struct cpu *c = this_cpu();
	struct rq *rq = &runqueues[c->id];
	struct task *prev = c->current_task, *next;

	spin_lock(&rq->lock);
	c->need_resched = false;
	if (!prev->is_idle) {
		if (prev->state == TASK_RUNNING)
			enqueue(rq, prev);
		else
			prev->on_rq = false;
	}
	if (!list_empty(&rq->queue)) {
		next = list_first_entry(&rq->queue, struct task, run_list);
		list_del(&next->run_list);
		rq->nr_queued--;
	} else {
		next = c->idle;
	}
	next->slice_ticks = 0;
	if (next != prev)
		context_switch(rq, prev, next);
	else
		spin_unlock(&rq->lock);
	local_irq_restore(flags);
}

/* Lock the run queue t belongs to (t->cpu may change until we hold it). */
static struct rq *lock_task_rq(struct task *t)
{
	for (;;) {
		unsigned cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
		struct rq *rq = &runqueues[cpu];
		spin_lock(&rq->lock);
		if (t->cpu == cpu)
			return rq;
		spin_unlock(&rq->lock);
	}
}

/* Wake t if its state is one of the two given (rq lock taken here). */
static bool try_to_wake_up(struct task *t, int state1, int state2)
{
	uint64_t flags = local_irq_save();
	struct rq *rq = lock_task_rq(t);
	bool woke = false;

	if (t->state == state1 || t->state == state2) {
		t->state = TASK_RUNNING;
		woke = true;
		if (!t->on_rq) { /* it went through schedule(): queue it again */
			t->on_rq = true;
			enqueue(rq, t);
			if (!rq->running_task)
				resched_cpu(t->cpu);
		}
	}
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	return woke;
}

bool wake_up_process(struct task *t)
{
	return try_to_wake_up(t, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE);
}

/* Only this state: a stopped tracee is woken by its tracer or SIGKILL, not by wake_up(). */
bool wake_up_state(struct task *t, int state)
{
	return try_to_wake_up(t, state, state);
}

void sched_new_task(struct task *t)
{
	unsigned best = 0, best_load = ~0u;

	for (unsigned cpu = 0; cpu < nr_cpus_online; cpu++) {
		struct rq *rq = &runqueues[cpu];
		unsigned load = __atomic_load_n(&rq->nr_queued, __ATOMIC_RELAXED) + rq->running_task;
		if (load < best_load) {
			best = cpu;
			best_load = load;
		}
	}
	uint64_t flags = local_irq_save();
	struct rq *rq = &runqueues[best];
	spin_lock(&rq->lock);
	t->cpu = best;
	t->state = TASK_RUNNING;
	t->on_rq = true;
	enqueue(rq, t);
	if (!rq->running_task)
		resched_cpu(best);
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
}

/*
 * An idle CPU takes the last queued task of the busiest other queue.
 * Interrupts off.  Returns true if it found one.
 */
static bool steal_task(void)
{
	unsigned me = this_cpu_id(), victim = me, most = 0;

	for (unsigned cpu = 0; cpu < nr_cpus_online; cpu++) {
		unsigned n = __atomic_load_n(&runqueues[cpu].nr_queued, __ATOMIC_RELAXED);
		if (cpu != me && n > most) {
			most = n;
			victim = cpu;
		}
	}
	if (victim == me)
		return false;
	struct rq *mine = &runqueues[me], *theirs = &runqueues[victim];
	struct rq *first = me < victim ? mine : theirs, *second = me < victim ? theirs : mine;
	bool moved = false;

	spin_lock(&first->lock);
	spin_lock(&second->lock);
	if (!list_empty(&theirs->queue)) {
		struct task *t = list_last_entry(&theirs->queue, struct task, run_list);
		if (!t->on_cpu) {
			list_del(&t->run_list);
			theirs->nr_queued--;
			__atomic_store_n(&t->cpu, me, __ATOMIC_RELEASE);
			enqueue(mine, t);
			moved = true;
		}
	}
	spin_unlock(&second->lock);
	spin_unlock(&first->lock);
	return moved;
}

__noreturn void cpu_idle(void)
{
	for (;;) {
		cli();
		struct rq *rq = this_rq();
		if (this_cpu()->need_resched || __atomic_load_n(&rq->nr_queued, __ATOMIC_RELAXED) || steal_task()) {
			sti();
			schedule();
			continue;
		}
		__asm__ volatile("sti; hlt" ::: "memory"); /* an interrupt ends the hlt */
	}
}

void sched_tick(bool from_user)
{
	struct cpu *c = this_cpu();
	struct task *t = c->current_task;

	if (!t) /* before sched_init() */
		return;
	if (from_user)
		t->utime_ticks++;
	else
		t->stime_ticks++; /* an idle task's: the CPU's idle time (/proc/uptime) */
	if (t->is_idle) {
		if (__atomic_load_n(&this_rq()->nr_queued, __ATOMIC_RELAXED))
			c->need_resched = true;
		return;
	}
	if (++t->slice_ticks >= SLICE_TICKS)
		c->need_resched = true;
}

/* CPU 0's tick: end the timed sleeps that are due. */
void sched_timer_tick(void)
{
	spin_lock(&sleep_lock);
	struct task *t, *tmp;
	list_for_each_entry_safe(t, tmp, &sleepers, timer_list) {
		if (t->wake_at && t->wake_at <= jiffies)
			wake_up_process(t);
	}
	spin_unlock(&sleep_lock);
}

uint64_t schedule_timeout(uint64_t ticks)
{
	struct task *t = current;
	uint64_t flags = spin_lock_irqsave(&sleep_lock);

	t->wake_at = jiffies + ticks;
	list_add_tail(&t->timer_list, &sleepers);
	spin_unlock_irqrestore(&sleep_lock, flags);
	schedule();
	flags = spin_lock_irqsave(&sleep_lock);
	list_del(&t->timer_list);
	uint64_t left = t->wake_at > jiffies ? t->wake_at - jiffies : 0;
	t->wake_at = 0;
	spin_unlock_irqrestore(&sleep_lock, flags);
	return left;
}

void wait_task_inactive(struct task *t)
{
	while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax();
}

unsigned sched_nr_running(unsigned cpu)
{
	return runqueues[cpu].nr_queued + runqueues[cpu].running_task;
}

uint64_t sched_context_switches(unsigned cpu)
{
	return runqueues[cpu].switches;
}
