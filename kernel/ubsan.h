/*
 * kernel/ubsan.h - the kernel's undefined-behaviour sanitizer runtime
 * (kernel/ubsan.c), for `make UBSAN=1` builds.
 *
 * With UBSAN=1 the compiler (gcc or clang, -fsanitize=undefined) adds a
 * check before each operation whose result C leaves undefined - a shift
 * by too much, a signed overflow, an index past an array, a misaligned or
 * NULL access, a bool that is neither 0 nor 1 - and calls one of the
 * __ubsan_handle_* functions of kernel/ubsan.c when it fails.  Each prints
 * a report once per source location:
 *
 *   UBSAN: shift-out-of-bounds in kernel/foo.c:123:45
 *   shift exponent 70 is too large for 64-bit type 'long unsigned int'
 *   CPU: 0 PID: 1 Comm: init
 *   Call Trace:
 *    [<ffffffff80112345>] foo+0x25/0x80
 *
 * and returns: the kernel goes on (what the operation gave is what the
 * CPU gives).  The test harness fails a run whose log has a `UBSAN:` line
 * it did not ask for (tests/run-ubsan.sh).
 *
 * The Makefile defines CONFIG_UBSAN in a UBSAN=1 build.  In a normal build
 * nothing calls the handlers; the counters stay 0.
 */
#ifndef KERNEL_UBSAN_H
#define KERNEL_UBSAN_H

#include "kernel/types.h"

/* Reports printed so far (each source location reports once). */
extern unsigned long ubsan_reports;
/* Failed checks so far, reported or not (a location hit twice counts twice). */
extern unsigned long ubsan_events;

#endif
