/*
 * kernel/apic.h - the local APIC of each CPU (timer, inter-processor
 * interrupts, end of interrupt) and the I/O APIC that routes device IRQs,
 * replacing the legacy PIC and PIT once ACPI has found them.
 * xAPIC, through memory-mapped registers (uncached ioremap window).
 */
#ifndef KERNEL_APIC_H
#define KERNEL_APIC_H

#include "kernel/types.h"

/* Vectors above the legacy IRQs (Linux puts these near the top as well). */
#define LOCAL_TIMER_VECTOR 0xec
#define CALL_FUNCTION_VECTOR 0xfb
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff

extern bool apic_active; /* LAPIC + I/O APIC in use (else PIC + PIT) */

/* Boot CPU: map, enable, calibrate the timer, move IRQs to the I/O APIC. */
int apic_init(void);
/* Every CPU (the boot CPU from apic_init): enable the LAPIC, start its timer. */
void lapic_init_cpu(void);
uint32_t lapic_id(void);
void lapic_eoi(void);

void lapic_send_ipi(uint32_t apic_id, unsigned vector);
void lapic_send_nmi_all_but_self(void);
void lapic_send_init(uint32_t apic_id);
void lapic_send_sipi(uint32_t apic_id, unsigned page);

void ioapic_route_isa_irq(unsigned irq);

#endif
