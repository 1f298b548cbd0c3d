/*
 * kernel/vga.h - the VGA text screen (80x25 at 0xb8000), a second console
 * for `make run GUI=1`.
 */
#ifndef KERNEL_VGA_H
#define KERNEL_VGA_H

#include "kernel/types.h"

void vga_init(void);
void vga_write(const char *s, size_t n);

#endif
