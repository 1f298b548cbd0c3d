/*
 * kernel/rwlock.h - reader/writer spinlocks: many readers or one writer.
 *
 *   count > 0   that many readers hold it
 *   count == 0  free
 *   count == -1 a writer holds it (writer = its CPU, for the reports)
 *
 * Readers never wait for a waiting writer (no writer preference), so a
 * reader may take the lock again while it holds it; a writer taking the
 * lock it already holds is reported at once, as with spinlocks.  These
 * locks do not disable interrupts: no interrupt handler may take one.
 * Nothing may sleep while holding one (the kernel is not preemptible, so
 * a holder keeps its CPU until it unlocks).
 */
#ifndef KERNEL_RWLOCK_H
#define KERNEL_RWLOCK_H

#include "kernel/percpu.h"
#include "kernel/types.h"
#include "kernel/x86.h"

struct rwlock {
	int32_t count;
	int32_t writer; /* CPU holding it for writing, -1 if none */
	const char *name;
};

#define RWLOCK_INIT(n) { 0, -1, n }

__noreturn void rwlock_recursion(const struct rwlock *l);

static inline void read_lock(struct rwlock *l)
{
	for (;;) {
		int32_t c = __atomic_load_n(&l->count, __ATOMIC_RELAXED);
		if (c >= 0 && __atomic_compare_exchange_n(&l->count, &c, c + 1, true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		if (c < 0 && __atomic_load_n(&l->writer, __ATOMIC_RELAXED) == (int32_t)this_cpu_id())
			rwlock_recursion(l);
		cpu_relax();
	}
}

static inline void read_unlock(struct rwlock *l)
{
	__atomic_fetch_sub(&l->count, 1, __ATOMIC_RELEASE);
}

static inline void write_lock(struct rwlock *l)
{
	for (;;) {
		int32_t c = 0;
		if (__atomic_compare_exchange_n(&l->count, &c, -1, true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			__atomic_store_n(&l->writer, (int32_t)this_cpu_id(), __ATOMIC_RELAXED);
			return;
		}
		if (c < 0 && __atomic_load_n(&l->writer, __ATOMIC_RELAXED) == (int32_t)this_cpu_id())
			rwlock_recursion(l);
		cpu_relax();
	}
}

static inline void write_unlock(struct rwlock *l)
{
	__atomic_store_n(&l->writer, -1, __ATOMIC_RELAXED);
	__atomic_store_n(&l->count, 0, __ATOMIC_RELEASE);
}

static inline bool rwlock_write_held_here(const struct rwlock *l)
{
	return __atomic_load_n(&l->count, __ATOMIC_RELAXED) < 0 &&
	       __atomic_load_n(&l->writer, __ATOMIC_RELAXED) == (int32_t)this_cpu_id();
}

#endif
