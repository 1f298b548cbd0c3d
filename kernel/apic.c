/*
 * kernel/apic.c - local APIC and I/O APIC.
 *
 * The local APIC timer of every CPU ticks HZ times a second (calibrated
 * once against the PIT, the same count for all CPUs); CPU 0's tick counts
 * jiffies.  Device IRQs (ISA numbering) go through the I/O APIC to the
 * boot CPU, on vector IRQ_BASE + irq as before, with the ACPI overrides
 * applied (QEMU routes the PIT's IRQ 0 to GSI 2).  The PIC is masked.
 * Registers are per CPU in hardware; the mapping is shared.  IPIs are
 * sent with interrupts off so that the two ICR writes are not split.
 */
#include "kernel/acpi.h"
#include "kernel/apic.h"
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/percpu.h"
#include "kernel/pic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "kernel/memlayout.h"
#include "mm/pgtable.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1u << 11)

#define LAPIC_ID        0x020
#define LAPIC_TPR       0x080
#define LAPIC_EOI       0x0b0
#define LAPIC_SVR       0x0f0
#define LAPIC_ESR       0x280
#define LAPIC_ICR_LO    0x300
#define LAPIC_ICR_HI    0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0

#define LVT_MASKED   (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define ICR_PENDING  (1u << 12)
#define ICR_ASSERT   (1u << 14)
#define ICR_INIT     (5u << 8)
#define ICR_STARTUP  (6u << 8)
#define ICR_NMI      (4u << 8)
#define ICR_ALL_BUT_SELF (3u << 18)

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN    0x10
#define IOAPIC_REDTBL(n) (0x10 + 2 * (n))

bool apic_active;
static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;
static uint32_t ioapic_gsi_base, ioapic_entries;
static uint32_t timer_count; /* LAPIC timer counts (divide by 16) per tick */

static inline uint32_t lapic_read(unsigned reg) { return lapic[reg / 4]; }
static inline void lapic_write(unsigned reg, uint32_t v) { lapic[reg / 4] = v; }

uint32_t lapic_id(void)
{
	return lapic ? lapic_read(LAPIC_ID) >> 24 : 0;
}

void lapic_eoi(void)
{
	if (lapic)
		lapic_write(LAPIC_EOI, 0);
}

static void timer_vector(struct trap_frame *tf)
{
	this_cpu()->timer_ticks++;
	if (this_cpu_id() == 0)
		timer_tick();
	sched_tick(tf->cs & 3);
	lapic_eoi();
}

static void error_vector(struct trap_frame *tf)
{
	(void)tf;
	lapic_write(LAPIC_ESR, 0);
	pr_warn("APIC error on CPU %u: ESR 0x%x\n", this_cpu_id(), lapic_read(LAPIC_ESR));
	lapic_eoi();
}

static void spurious_vector(struct trap_frame *tf)
{
	(void)tf; /* no EOI for a spurious interrupt */
}

void lapic_init_cpu(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
	lapic_write(LAPIC_SVR, 0x100 | SPURIOUS_APIC_VECTOR);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, ERROR_APIC_VECTOR);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_TIMER_DIV, 0x3); /* divide by 16 */
	lapic_write(LAPIC_LVT_TIMER, LOCAL_TIMER_VECTOR | LVT_PERIODIC);
	lapic_write(LAPIC_TIMER_INIT, timer_count);
	lapic_eoi();
}

static uint32_t calibrate_timer(void)
{
	lapic_write(LAPIC_TIMER_DIV, 0x3);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	if (!pit_wait_ms(10))
		return 0;
	uint32_t elapsed = 0xffffffff - lapic_read(LAPIC_TIMER_CUR);
	lapic_write(LAPIC_TIMER_INIT, 0);
	return (uint32_t)((uint64_t)elapsed * 100 / HZ); /* counts per tick */
}

static void ioapic_write(unsigned reg, uint32_t v)
{
	ioapic[IOAPIC_REGSEL / 4] = reg;
	ioapic[IOAPIC_WIN / 4] = v;
}

static uint32_t ioapic_read(unsigned reg)
{
	ioapic[IOAPIC_REGSEL / 4] = reg;
	return ioapic[IOAPIC_WIN / 4];
}

/* Route ISA IRQ irq to the boot CPU on vector IRQ_BASE + irq, unmasked. */
void ioapic_route_isa_irq(unsigned irq)
{
	uint16_t flags;
	uint32_t gsi = acpi_isa_irq_to_gsi(&acpi_info, irq, &flags);

	if (!ioapic || gsi < ioapic_gsi_base || gsi - ioapic_gsi_base >= ioapic_entries) {
		pr_warn("ioapic: IRQ %u (GSI %u) has no I/O APIC pin\n", irq, gsi);
		return;
	}
	uint32_t low = IRQ_BASE + irq;
	if ((flags & 3) == 3)
		low |= 1u << 13; /* active low */
	if (((flags >> 2) & 3) == 3)
		low |= 1u << 15; /* level triggered */
	unsigned pin = gsi - ioapic_gsi_base;
	ioapic_write(IOAPIC_REDTBL(pin) + 1, cpus[0].apic_id << 24);
	ioapic_write(IOAPIC_REDTBL(pin), low);
}

static void icr_send(uint32_t high, uint32_t low)
{
	uint64_t flags = local_irq_save();

	for (int i = 0; i < 1000000 && (lapic_read(LAPIC_ICR_LO) & ICR_PENDING); i++)
		cpu_relax();
	lapic_write(LAPIC_ICR_HI, high);
	lapic_write(LAPIC_ICR_LO, low);
	local_irq_restore(flags);
}

void lapic_send_ipi(uint32_t apic_id, unsigned vector)
{
	icr_send(apic_id << 24, vector);
}

void lapic_send_nmi_all_but_self(void)
{
	if (lapic)
		icr_send(0, ICR_NMI | ICR_ASSERT | ICR_ALL_BUT_SELF);
}

void lapic_send_init(uint32_t apic_id)
{
	icr_send(apic_id << 24, ICR_INIT | ICR_ASSERT);
}

void lapic_send_sipi(uint32_t apic_id, unsigned page)
{
	icr_send(apic_id << 24, ICR_STARTUP | (page & 0xff));
}

int apic_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!acpi_ok || !(d & BIT(9)) || !acpi_info.nr_ioapics) {
		pr_warn("apic: no usable local APIC / I/O APIC; staying on the PIC with one CPU\n");
		return -ENODEV;
	}
	lapic = ioremap_uc(acpi_info.lapic_pa, PAGE_SIZE);
	ioapic = ioremap_uc(acpi_info.ioapics[0].pa, PAGE_SIZE);
	if (!lapic || !ioapic)
		return -ENOMEM;
	ioapic_gsi_base = acpi_info.ioapics[0].gsi_base;
	ioapic_entries = ((ioapic_read(1) >> 16) & 0xff) + 1;
	cpus[0].apic_id = lapic_id();

	uint64_t flags = local_irq_save();
	timer_count = calibrate_timer();
	if (!timer_count) {
		local_irq_restore(flags);
		pr_warn("apic: timer calibration failed; staying on the PIC\n");
		lapic = NULL;
		return -EIO;
	}
	for (unsigned pin = 0; pin < ioapic_entries; pin++)
		ioapic_write(IOAPIC_REDTBL(pin), LVT_MASKED);
	vector_register(LOCAL_TIMER_VECTOR, timer_vector);
	vector_register(ERROR_APIC_VECTOR, error_vector);
	vector_register(SPURIOUS_APIC_VECTOR, spurious_vector);
	pic_mask_all();
	apic_active = true;
	lapic_init_cpu();
	local_irq_restore(flags);
	pr_info("apic: local APIC id %u, timer %u counts/tick (%u Hz); I/O APIC: %u pins; PIC masked\n",
		cpus[0].apic_id, timer_count, HZ, ioapic_entries);
	return 0;
}
