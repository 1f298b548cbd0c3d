/*
 * kernel/timer.c - the PIT tick (IRQ 0, HZ per second) and the TSC
 * calibration behind time_since_boot_us().
 *
 * Calibration: PIT channel 2 counts down 10 ms in one-shot mode (its gate
 * is bit 0 of port 0x61, its output bit 5); the TSC cycles that pass give
 * tsc_khz.  The wait is bounded, so a missing PIT cannot hang the boot.
 *
 * jiffies is written only by the timer interrupt; readers see a 64-bit
 * aligned value, which is atomic on x86-64.
 */
#include "kernel/time.h"
#include "kernel/task.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define PIT_HZ       1193182
#define PIT_CH0      0x40
#define PIT_CH2      0x42
#define PIT_CMD      0x43
#define PORT_B       0x61
#define CALIBRATE_MS 10

volatile uint64_t jiffies;
uint64_t tsc_khz;
static uint64_t tsc_at_boot;

static void timer_interrupt(struct trap_frame *tf)
{
	timer_tick();
	sched_tick(tf->cs & 3); /* the PIT ticks only until the local APIC timer takes over */
}

/* Busy-wait `ms` milliseconds (at most 50) on PIT channel 2; false if the PIT never answered. */
bool pit_wait_ms(unsigned ms)
{
	uint16_t count = (uint16_t)(PIT_HZ / 1000 * MIN(ms, 50u));
	uint8_t b = inb(PORT_B);

	outb(PORT_B, (b & ~0x02) | 0x01); /* speaker off, gate on */
	outb(PIT_CMD, 0xb0);              /* channel 2, lo/hi byte, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	for (uint64_t i = 0; !(inb(PORT_B) & 0x20); i++)
		if (i > 100000000)
			return false;
	outb(PORT_B, b);
	return true;
}

static uint64_t calibrate_tsc_khz(void)
{
	uint64_t start = rdtsc();

	if (!pit_wait_ms(CALIBRATE_MS))
		return 0;
	return (rdtsc() - start) / CALIBRATE_MS;
}

/* The tick of the boot CPU: the PIT now, the local APIC timer once it runs. */
void timer_tick(void)
{
	jiffies++;
	sched_timer_tick();
}

uint64_t tsc_to_ns(uint64_t cycles)
{
	if (!tsc_khz)
		return 0;
	/* split to avoid overflow: cycles * 1e6 / khz */
	return cycles / tsc_khz * 1000000 + (cycles % tsc_khz) * 1000000 / tsc_khz;
}

uint64_t ktime_get_ns(void)
{
	return tsc_khz ? tsc_to_ns(rdtsc() - tsc_at_boot) : jiffies * (1000000000ull / HZ);
}

uint64_t time_since_boot_us(void)
{
	return tsc_khz ? tsc_to_ns(rdtsc() - tsc_at_boot) / 1000 : 0;
}

void timer_mark_boot(void)
{
	tsc_at_boot = rdtsc();
}

void timer_init(void)
{
	uint16_t divisor = PIT_HZ / HZ;

	tsc_khz = calibrate_tsc_khz();
	if (!tsc_khz)
		pr_warn("timer: TSC calibration against the PIT timed out; no timestamps\n");

	outb(PIT_CMD, 0x34); /* channel 0, lo/hi byte, mode 2 (rate generator) */
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	irq_register(0, timer_interrupt);
	pr_info("timer: PIT at %d Hz, TSC %lu.%03lu MHz\n", HZ,
		(unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000));
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + us * (tsc_khz ? tsc_khz : 1000000) / 1000;

	while (rdtsc() < end)
		cpu_relax();
}
