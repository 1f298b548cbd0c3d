/*
 * kernel/spinlock.h - ticket spinlocks, with irqsave variants.
 *
 * A ticket lock is fair: CPUs get the lock in the order they asked for it
 * (next = the ticket the next locker takes, serving = the ticket that
 * holds it).  The holder's CPU id is kept, which makes two checks free:
 *   - taking a lock this CPU already holds is reported at once (it would
 *     spin forever);
 *   - assert_held(lock) at the top of every _locked function.
 * might_sleep() marks a place that may sleep (allocation with
 * __GFP_RECLAIM, later the scheduler): reaching it with interrupts off is
 * reported as a bug.  All of this stays on in every build.
 *
 * Lock order is documented next to each lock.  A lock that interrupt
 * handlers also take must be taken with spin_lock_irqsave() everywhere.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "kernel/percpu.h"
#include "kernel/types.h"
#include "kernel/x86.h"

struct spinlock {
	uint32_t next;    /* ticket the next locker takes */
	uint32_t serving; /* ticket that holds the lock */
	int holder;       /* CPU that holds it, -1 if free */
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, 0, -1, n }

/* Reports (kernel/panic.c): recursion panics; sleeping with irqs off warns. */
__noreturn void spin_lock_recursion(const struct spinlock *l);
void spin_not_held(const struct spinlock *l, const char *file, int line);
void might_sleep_report(const char *file, int line);

/* Waiting for our turn; a CPU that already holds the lock is stuck here
 * for good, so this is where recursion is caught (off the fast path). */
static inline void spin_lock_wait(struct spinlock *l, uint32_t ticket, int me)
{
	if (__atomic_load_n(&l->holder, __ATOMIC_RELAXED) == me)
		spin_lock_recursion(l);
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

static inline void spin_lock(struct spinlock *l)
{
	int me = (int)this_cpu_id();
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	if (unlikely(__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket))
		spin_lock_wait(l, ticket, me);
	__atomic_store_n(&l->holder, me, __ATOMIC_RELAXED);
}

static inline bool spin_trylock(struct spinlock *l)
{
	uint32_t serving = __atomic_load_n(&l->serving, __ATOMIC_RELAXED), expect = serving;

	if (!__atomic_compare_exchange_n(&l->next, &expect, serving + 1, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return false;
	__atomic_store_n(&l->holder, (int)this_cpu_id(), __ATOMIC_RELAXED);
	return true;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->holder, -1, __ATOMIC_RELAXED);
	__atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
}

static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
	uint64_t flags = local_irq_save();
	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

static inline bool spin_is_held_here(const struct spinlock *l)
{
	return __atomic_load_n(&l->holder, __ATOMIC_RELAXED) == (int)this_cpu_id();
}

#define assert_held(l)                                               \
	do {                                                         \
		if (unlikely(!spin_is_held_here(l)))                 \
			spin_not_held(l, __FILE__, __LINE__);        \
	} while (0)

#define might_sleep()                                                \
	do {                                                         \
		if (unlikely(!irqs_enabled()))                       \
			might_sleep_report(__FILE__, __LINE__);      \
	} while (0)

#endif
