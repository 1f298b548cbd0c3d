/*
 * kernel/serial.h - the 16550 UARTs: COM1 (ttyS0, the console: QEMU's
 * -serial stdio) and COM2 (ttyS1: tools/lom-exec sends it to the host's
 * stderr).  Output is polled, so it works with interrupts off and inside
 * panic(); COM1 input arrives by interrupt once serial_enable_rx() ran.
 */
#ifndef KERNEL_SERIAL_H
#define KERNEL_SERIAL_H

#include "kernel/types.h"

#define SERIAL_PORTS 2

void serial_init(void);
void serial_putc(char c);                  /* COM1 */
void serial_write(const char *s, size_t n); /* COM1 */
/* 0 = COM1, 1 = COM2; crlf: send '\n' as "\r\n" */
void serial_port_write(unsigned port, const char *s, size_t n, bool crlf);
/* Deliver every byte COM1 receives to handler (interrupt context). */
void serial_enable_rx(void (*handler)(char c));

#endif
