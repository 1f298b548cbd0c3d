/*
 * kernel/serial.h - the 16550 UART on COM1, the kernel's main console
 * (QEMU's -serial stdio).  Output is polled, so it works with interrupts
 * off and inside panic().
 */
#ifndef KERNEL_SERIAL_H
#define KERNEL_SERIAL_H

#include "kernel/types.h"

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n);

#endif
