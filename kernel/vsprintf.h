/*
 * kernel/vsprintf.h - the formatter behind printk(), snprintf() and panic().
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-' '0' '+' ' '
 * '#', a width and a precision (each may be '*'), and the length modifiers
 * hh h l ll z t j.  %p prints "0x" and 16 hex digits.  An unknown
 * conversion is printed as it was written.  Floating point is not
 * supported (the kernel has no FPU state).
 *
 * Pure code: also built and tested on the host (tests/host).
 */
#ifndef KERNEL_VSPRINTF_H
#define KERNEL_VSPRINTF_H

#include "kernel/types.h"

/*
 * C99 semantics: writes at most size bytes including the NUL (if size > 0)
 * and returns the length the full output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
