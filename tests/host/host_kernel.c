/*
 * tests/host/host_kernel.c - what the kernel would provide to the code
 * under test, for host programs: panic() (which a test can catch),
 * ksym_format() (plain addresses), lock-debug reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "tests/host/host_kernel.h"

jmp_buf *host_panic_catcher;
char host_last_panic[256];

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_last_panic, sizeof(host_last_panic), fmt, ap);
	va_end(ap);
	if (host_panic_catcher) {
		jmp_buf *j = host_panic_catcher;
		host_panic_catcher = NULL;
		longjmp(*j, 1);
	}
	fprintf(stderr, "Kernel panic - not syncing: %s\n", host_last_panic);
	abort();
}

void ksym_format(uint64_t addr, char *buf, size_t len)
{
	snprintf(buf, len, "0x%016llx", (unsigned long long)addr);
}

/* printk for programs without the ktest runner (the fuzzers): quiet. */
__attribute__((weak)) int printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

void spin_lock_recursion(const struct spinlock *l)
{
	panic("BUG: spinlock recursion: CPU %u takes '%s', which it already holds", this_cpu_id(), l->name);
}

void spin_not_held(const struct spinlock *l, const char *file, int line)
{
	panic("BUG: %s:%d needs lock '%s' held (holder: %d)", file, line, l->name, l->holder);
}

int host_might_sleep_reports;

void might_sleep_report(const char *file, int line)
{
	(void)file, (void)line;
	host_might_sleep_reports++;
}

/* kernel/string.c's page helpers, for mm code built on the host */
void clear_page(void *page);
void copy_page(void *to, const void *from);

void clear_page(void *page)
{
	memset(page, 0, 4096);
}

void copy_page(void *to, const void *from)
{
	memcpy(to, from, 4096);
}
