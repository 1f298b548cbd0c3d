/*
 * kernel/time.h - ticks and time since boot.
 *
 * The PIT (the legacy 8254 timer) interrupts HZ times a second and counts
 * `jiffies`, as Linux does; the TSC, calibrated once against the PIT,
 * gives finer time.  The SMP issue moves the periodic tick to the LAPIC
 * timer of each CPU, keeping this interface.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "kernel/types.h"

#define HZ 100

extern volatile uint64_t jiffies;
extern uint64_t tsc_khz; /* 0 until calibrated */

void timer_mark_boot(void); /* first thing in kmain(): time 0 */
void timer_init(void);
uint64_t time_since_boot_us(void);
bool pit_wait_ms(unsigned ms);
void timer_tick(void);
/* Busy-wait (TSC): for hardware delays such as INIT-SIPI-SIPI. */
void udelay(uint64_t us);
uint64_t tsc_to_ns(uint64_t cycles);
/* Nanoseconds since boot (CLOCK_MONOTONIC). */
uint64_t ktime_get_ns(void);
/* Read the RTC once: CLOCK_REALTIME (kernel/clock.c). */
void clock_init(void);

#endif
