/*
 * kernel/wait.c - wait queues and completions (see kernel/task.h).
 *
 * A sleeper queues itself and sets its state under wq->lock, then checks
 * its condition, then calls schedule().  A waker changes the condition,
 * then takes wq->lock and wakes every queued task.  Either the sleeper
 * sees the new condition, or the waker sees the sleeper queued: no
 * wakeup is lost.  wq->lock is taken with interrupts off (interrupt
 * handlers wake sleepers: the tty).
 */
#include "kernel/task.h"

void wait_queue_init(struct wait_queue *wq, const char *name)
{
	wq->lock = (struct spinlock)SPINLOCK_INIT(name);
	INIT_LIST_HEAD(&wq->waiters);
}

void prepare_to_wait(struct wait_queue *wq, struct waiter *w, int state)
{
	uint64_t flags = spin_lock_irqsave(&wq->lock);

	if (w->task != current) { /* first call of a wait loop */
		w->task = current;
		INIT_LIST_HEAD(&w->list);
	}
	if (list_empty(&w->list))
		list_add_tail(&w->list, &wq->waiters);
	current->state = state;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* state before the caller reads its condition */
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(struct wait_queue *wq, struct waiter *w)
{
	uint64_t flags = spin_lock_irqsave(&wq->lock);

	current->state = TASK_RUNNING;
	if (w->task == current && !list_empty(&w->list)) {
		list_del(&w->list);
		INIT_LIST_HEAD(&w->list);
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up(struct wait_queue *wq)
{
	uint64_t flags = spin_lock_irqsave(&wq->lock);
	struct waiter *w;

	list_for_each_entry(w, &wq->waiters, list)
		wake_up_process(w->task);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void init_completion(struct completion *c)
{
	c->done = false;
	wait_queue_init(&c->wq, "completion");
}

/*
 * done is set and the waiter woken under wq->lock: a waiter that sees done
 * still takes the lock (finish_wait) before it returns, so this is over
 * with c before c goes away (vfork's lives on the parent's stack).  With
 * done set first and the lock taken after, the parent could return and
 * reuse that stack while we still took the lock inside it.
 */
void complete(struct completion *c)
{
	uint64_t flags = spin_lock_irqsave(&c->wq.lock);
	struct waiter *w;

	c->done = true;
	list_for_each_entry(w, &c->wq.waiters, list)
		wake_up_process(w->task);
	spin_unlock_irqrestore(&c->wq.lock, flags);
}

void wait_for_completion(struct completion *c)
{
	struct waiter w = { .task = NULL };

	for (;;) {
		prepare_to_wait(&c->wq, &w, TASK_UNINTERRUPTIBLE);
		if (c->done)
			break;
		schedule();
	}
	finish_wait(&c->wq, &w);
}
