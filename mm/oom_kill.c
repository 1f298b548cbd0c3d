/*
 * mm/oom_kill.c - the OOM killer: when a page fault finds no free page even
 * after the per-CPU lists are drained, kill the process with the largest
 * resident set (never init, never a kernel thread) so that its memory
 * comes back, as Linux's out_of_memory() does (lom's badness is just the
 * RSS plus page tables: no oom_score_adj).
 *
 * One victim at a time: while a victim still has its memory, callers wait
 * for it rather than kill another (oom_victims counts them; the victim's
 * mm_free calls oom_victim_gone()).  The faulting process then retries its
 * fault; if it was the victim itself, it dies on the way back to user mode.
 *
 * Locking: oom_lock serializes choosing and killing; the task list is
 * walked under tasklist_lock, which also keeps t->mm from going away
 * meanwhile (exit and exec change it under that lock).
 */
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "mm/page.h"
#include "mm/vm.h"

static struct spinlock oom_lock = SPINLOCK_INIT("oom");
static int oom_victims; /* killed, memory not yet freed (atomic) */

struct oom_choice {
	struct task *victim;
	uint64_t points;
};

static void oom_evaluate_task(struct task *t, void *arg)
{
	struct oom_choice *c = arg;
	struct mm *mm = t->mm;

	if (!mm || t->pid == 1 || t->is_idle || t->state == TASK_ZOMBIE)
		return;
	uint64_t points = mm_rss(mm) + mm->pt_pages;
	if (!c->victim || points > c->points) {
		c->victim = t;
		c->points = points;
	}
}

static uint64_t kib(uint64_t pages)
{
	return pages << (PAGE_SHIFT - 10);
}

bool out_of_memory(void)
{
	struct oom_choice c = { NULL, 0 };
	bool ok = true;

	spin_lock(&oom_lock);
	if (__atomic_load_n(&oom_victims, __ATOMIC_ACQUIRE) > 0)
		goto out; /* the last victim's memory is on its way back */
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	for_each_task(oom_evaluate_task, &c);
	if (c.victim) {
		struct task *t = c.victim;
		struct mm *mm = t->mm;
		mm->oom_victim = true;
		__atomic_fetch_add(&oom_victims, 1, __ATOMIC_RELEASE);
		pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:0kB, "
		       "shmem-rss:%lukB, UID:0 pgtables:%lukB oom_score_adj:0\n",
		       t->pid, t->comm, (unsigned long)kib(mm->total_vm),
		       (unsigned long)kib((uint64_t)mm->rss[MM_ANONPAGES]),
		       (unsigned long)kib((uint64_t)mm->rss[MM_SHMEMPAGES]), (unsigned long)kib(mm->pt_pages));
		send_signal(t, SIGKILL, NULL);
		count_vm_event(OOM_KILL);
	} else {
		ok = false;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
out:
	spin_unlock(&oom_lock);
	return ok;
}

void oom_victim_gone(struct mm *mm)
{
	if (mm->oom_victim)
		__atomic_fetch_sub(&oom_victims, 1, __ATOMIC_RELEASE);
}
