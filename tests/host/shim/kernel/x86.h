/*
 * tests/host/shim/kernel/x86.h - host stand-in for kernel/x86.h.
 *
 * Host unit tests put tests/host/shim before the source root on the
 * include path, so kernel code that includes "kernel/x86.h" gets this
 * file: the interrupt flag becomes a variable (so tests can check that
 * per-CPU code runs "with interrupts off"), everything else is what a
 * user-space program may do.
 */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __ASSEMBLER__
#define BIT(n) (1 << (n))
#else
#define BIT(n) (1u << (n))
#endif

#define RFLAGS_IF BIT(9)

extern bool host_irqs_on;

static inline uint64_t local_irq_save(void)
{
	uint64_t was = host_irqs_on ? RFLAGS_IF : 0;
	host_irqs_on = false;
	return was;
}

static inline void local_irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		host_irqs_on = true;
}

static inline bool irqs_enabled(void) { return host_irqs_on; }
static inline void cpu_relax(void) { __builtin_ia32_pause(); }
static inline uint64_t rdtsc(void) { return __builtin_ia32_rdtsc(); }

#endif
