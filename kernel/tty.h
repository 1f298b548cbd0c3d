/*
 * kernel/tty.h - the console terminal and its line discipline
 * (kernel/tty.c): /dev/console, /dev/tty, /dev/ttyS0 share it; /dev/ttyS1
 * writes to COM2.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include "kernel/fs/vfs.h"

extern const struct file_ops console_ops, ttys1_ops;
void tty_init(void);              /* turns on serial and keyboard input */
void tty_input_char(char c);      /* interrupt context */

#endif
