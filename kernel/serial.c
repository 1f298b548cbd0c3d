/*
 * kernel/serial.c - the 16550 UARTs COM1 (0x3f8) and COM2 (0x2f8) at
 * 115200 8N1, polled transmit; COM1 also receives, by interrupt (IRQ 4),
 * into the tty (kernel/tty.c).
 * '\n' goes out as "\r\n" (unless the caller says raw: the tty with
 * ONLCR off) so a raw terminal shows lines properly.
 * No state beyond the hardware: callers serialize through the console
 * lock (kernel/printk.c).
 */
#include "kernel/serial.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define COM1 0x3f8
#define UART_RBR 0 /* receive buffer (DLAB=0) */
#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20
#define MCR_OUT2 0x08 /* gates the UART's interrupt line on PC hardware */

static const uint16_t ports[SERIAL_PORTS] = { 0x3f8, 0x2f8 };

static void uart_init(uint16_t base)
{
	outb(base + UART_IER, 0x00);
	outb(base + UART_LCR, 0x80); /* DLAB: divisor follows */
	outb(base + 0, 0x01);        /* 115200 / 1 */
	outb(base + 1, 0x00);
	outb(base + UART_LCR, 0x03); /* 8N1 */
	outb(base + UART_FCR, 0xc7); /* FIFO on, cleared, 14-byte threshold */
	outb(base + UART_MCR, 0x03); /* DTR, RTS */
}

void serial_init(void)
{
	for (unsigned i = 0; i < SERIAL_PORTS; i++)
		uart_init(ports[i]);
}

static void serial_put_raw(uint16_t base, char c)
{
	/* Bounded wait: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000 && !(inb(base + UART_LSR) & LSR_THRE); i++)
		cpu_relax();
	outb(base + UART_THR, (uint8_t)c);
}

void serial_port_write(unsigned port, const char *s, size_t n, bool crlf)
{
	uint16_t base = ports[port];

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && crlf)
			serial_put_raw(base, '\r');
		serial_put_raw(base, s[i]);
	}
}

void serial_putc(char c)
{
	serial_port_write(0, &c, 1, true);
}

void serial_write(const char *s, size_t n)
{
	serial_port_write(0, s, n, true);
}

static void (*rx_handler)(char c);

static void com1_interrupt(struct trap_frame *tf)
{
	(void)tf;
	for (int i = 0; i < 64 && (inb(COM1 + UART_LSR) & LSR_DR); i++) {
		char c = (char)inb(COM1 + UART_RBR);
		if (rx_handler)
			rx_handler(c);
	}
}

void serial_enable_rx(void (*handler)(char c))
{
	rx_handler = handler;
	irq_register(4, com1_interrupt);
	outb(COM1 + UART_MCR, 0x03 | MCR_OUT2);
	outb(COM1 + UART_IER, 0x01); /* received data available */
	while (inb(COM1 + UART_LSR) & LSR_DR) /* drop what came before */
		(void)inb(COM1 + UART_RBR);
}
