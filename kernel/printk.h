/*
 * kernel/printk.h - kernel messages, Linux-style.
 *
 *   printk(KERN_INFO "x = %d\n", x);   or   pr_info("x = %d\n", x);
 *
 * A message is shown on the consoles (serial and VGA) when its level is
 * below console_loglevel (command line `loglevel=N`, default 7, as Linux:
 * everything but debug).  Each line starts with the time since boot,
 * "[    0.012345] ", once the TSC has been calibrated.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "kernel/types.h"

#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0"
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"
#define KERN_CONT    KERN_SOH "c" /* continue the previous line: no timestamp */

#define LOGLEVEL_DEFAULT 7

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

#define pr_emerg(fmt, ...) printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)   printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)  printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)  printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)  printk(KERN_CONT fmt, ##__VA_ARGS__)

extern int console_loglevel;

/* Write raw bytes to every console (no level, no timestamp). */
void console_write(const char *s, size_t n);
/* Write to given devices under the console lock (the tty's output). */
#define CON_TTYS0 1u
#define CON_TTYS1 2u
#define CON_VGA   4u
#define CON_RAW   8u /* no "\n" -> "\r\n" on serial lines (tty with ONLCR off) */
void console_write_to(unsigned sinks, const char *s, size_t n);

/* panic() takes the console over even if another CPU holds its lock. */
void console_force_unlock(void);

#endif
