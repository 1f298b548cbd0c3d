/*
 * kernel/pic.c - the legacy 8259A interrupt controllers.
 *
 * Remapped so IRQ 0-15 arrive on vectors 32-47 (the CPU's exceptions own
 * 0-31), then fully masked; irq_register() unmasks a line when a handler
 * is installed.  The SMP issue replaces the PIC with the I/O APIC.
 */
#include "kernel/pic.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI   0x20
#define PIC_READ_ISR 0x0b

static uint16_t pic_mask = 0xffff; /* bit n set = IRQ n masked; boot CPU only */

static void pic_write_mask(void)
{
	outb(PIC1_DATA, pic_mask & 0xff);
	outb(PIC2_DATA, pic_mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, 0x11);        /* ICW1: init, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, IRQ_BASE);   /* ICW2: vector offsets */
	outb(PIC2_DATA, IRQ_BASE + 8);
	outb(PIC1_DATA, 0x04);       /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01);       /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	pic_mask = 0xffff & ~(1u << 2); /* everything masked but the cascade */
	pic_write_mask();
}

void pic_unmask(unsigned irq)
{
	pic_mask &= ~(1u << irq);
	pic_write_mask();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/*
 * IRQ 7 and 15 also arrive when a line drops before the CPU acknowledges
 * it (a spurious interrupt): the in-service bit is clear then, and no EOI
 * must be sent to that PIC.
 */
bool pic_is_spurious(unsigned irq)
{
	if (irq != 7 && irq != 15)
		return false;
	uint16_t cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
	outb(cmd, PIC_READ_ISR);
	if (inb(cmd) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC1_CMD, PIC_EOI); /* the master did see the cascade */
	return true;
}

/* The I/O APIC takes over: no IRQ from the PIC any more. */
void pic_mask_all(void)
{
	pic_mask = 0xffff;
	pic_write_mask();
}
