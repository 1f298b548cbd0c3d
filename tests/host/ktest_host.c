/*
 * tests/host/ktest_host.c - run the portable ktest suites as a host
 * program, under AddressSanitizer and UBSan.
 *
 * The kernel sources under test (kernel/vsprintf.c, kernel/multiboot2.c,
 * ...) are compiled unchanged; this file supplies what the kernel would:
 * printk and the KTAP output (tests/host/host_kernel.c has the rest).  The Makefile renames the kernel's
 * snprintf/vsnprintf (-Dsnprintf=ksnprintf) so the tests exercise the
 * kernel's formatter and not the host libc's.
 *
 * Usage: ktest_host [all | suite,suite...]      exit status 0 = all passed
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/printk.h"

int printk(const char *fmt, ...)
{
	va_list ap;

	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void ktest_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

int main(int argc, char **argv)
{
	int failed = ktest_run(argc > 1 ? argv[1] : "all");

	fflush(stdout);
	return failed ? 1 : 0;
}
