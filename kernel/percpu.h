/*
 * kernel/percpu.h - which CPU are we on?
 *
 * One CPU for now.  The SMP issue brings up the others and makes
 * this_cpu_id() read the per-CPU area through the GS base; everything
 * that indexes per-CPU data by this_cpu_id() (the page allocator's
 * per-CPU lists among them) then works on every CPU unchanged.
 * Per-CPU data may only be touched with interrupts off (or preemption
 * off, once there is preemption).
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include "kernel/types.h"

#define MAX_CPUS 64

extern unsigned nr_cpus_online;

static inline unsigned this_cpu_id(void)
{
	return 0;
}

#endif
