/*
 * tests/host/shim/kernel/percpu.h - host stand-in for kernel/percpu.h:
 * "the current CPU" is a variable the tests set, so one thread can play
 * several CPUs (allocate on CPU 0, free on CPU 1, drain each).
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#define MAX_CPUS 64

extern unsigned host_cpu;
extern unsigned nr_cpus_online;

static inline unsigned this_cpu_id(void)
{
	return host_cpu;
}

#endif
