/*
 * kernel/smp.h - bringing up the other CPUs, and asking them to run code.
 *
 *   smp_boot()                   INIT-SIPI-SIPI every CPU ACPI lists
 *                                (up to maxcpus=), each announces itself
 *   smp_call_function(fn, arg)   run fn(arg) on every other online CPU,
 *                                in interrupt context, and wait for all
 *   smp_call_function_all(...)   the same, and on this CPU too, at once
 * Callers must have interrupts enabled: two CPUs waiting on each other
 * with interrupts off would never see each other's request.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#define TRAMPOLINE_PA 0x8000 /* below 1 MiB, reserved, page aligned */

#ifndef __ASSEMBLER__
#include "kernel/types.h"

void smp_boot(void);
void smp_init_vectors(void);
void smp_call_function(void (*fn)(void *arg), void *arg);
void smp_call_function_all(void (*fn)(void *arg), void *arg);
extern unsigned smp_maxcpus;
#endif

#endif
