/*
 * kernel/printk.c - printk() and the console it writes to.
 *
 * A message is formatted into a stack buffer, then written to serial and
 * VGA under console_lock (irqsave, so a timer interrupt that prints cannot
 * deadlock against the code it interrupted).  Lines longer than the buffer
 * are cut, with "..." marking the cut.
 *
 * Lock order: console_lock is a leaf lock; nothing is taken under it.
 */
#include "kernel/printk.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/serial.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/vga.h"
#include "kernel/vsprintf.h"

#define PRINTK_LINE_MAX 1024

int console_loglevel = LOGLEVEL_DEFAULT;

static struct spinlock console_lock = SPINLOCK_INIT("console");
static bool console_at_line_start = true; /* protected by console_lock */

/* Where kernel messages go: console= picks (default: COM1 and VGA). */
static unsigned klog_sinks = CON_TTYS0 | CON_VGA;
static bool console_option_seen;

static void sinks_write(unsigned sinks, const char *s, size_t n)
{
	bool crlf = !(sinks & CON_RAW);

	if (sinks & CON_TTYS0)
		serial_port_write(0, s, n, crlf);
	if (sinks & CON_TTYS1)
		serial_port_write(1, s, n, crlf);
	if (sinks & CON_VGA)
		vga_write(s, n);
}

static void console_write_locked(const char *s, size_t n)
{
	sinks_write(klog_sinks, s, n);
	if (n)
		console_at_line_start = s[n - 1] == '\n';
}

void console_write_to(unsigned sinks, const char *s, size_t n)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);
	sinks_write(sinks, s, n);
	spin_unlock_irqrestore(&console_lock, flags);
}

static int parse_console(const char *val)
{
	unsigned sink;

	if (!strcmp(val, "ttyS0") || !strncmp(val, "ttyS0,", 6))
		sink = CON_TTYS0;
	else if (!strcmp(val, "ttyS1") || !strncmp(val, "ttyS1,", 6))
		sink = CON_TTYS1;
	else if (!strcmp(val, "tty0") || !strcmp(val, "vga"))
		sink = CON_VGA;
	else
		return -1;
	if (!console_option_seen)
		klog_sinks = 0; /* the first console= replaces the default */
	console_option_seen = true;
	klog_sinks |= sink;
	return 0;
}
KERNEL_PARAM("console", parse_console, "where kernel messages go: ttyS0 (COM1), ttyS1 (COM2), tty0 (VGA); repeatable");

static int parse_quiet(const char *val)
{
	(void)val;
	console_loglevel = 4; /* warnings and worse, as Linux's quiet */
	return 0;
}
KERNEL_PARAM("quiet", parse_quiet, "print only warnings and errors (loglevel=4)");

void console_write(const char *s, size_t n)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);
	console_write_locked(s, n);
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_force_unlock(void)
{
	/* a stopped CPU may hold it: take it over (tickets reset) */
	console_lock = (struct spinlock)SPINLOCK_INIT("console");
}

int vprintk(const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	int level = LOGLEVEL_DEFAULT - 1; /* default level for a bare printk: KERN_INFO-ish */
	bool cont = false;

	if (fmt[0] == KERN_SOH[0] && fmt[1]) {
		if (fmt[1] == 'c')
			cont = true;
		else if (fmt[1] >= '0' && fmt[1] <= '7')
			level = fmt[1] - '0';
		fmt += 2;
	}

	int n = vsnprintf(line, sizeof(line), fmt, ap);
	size_t len = strlen(line);
	if ((size_t)n > len && len >= 4) /* cut: say so, keep the newline */
		memcpy(line + len - 4, "...\n", 4);

	if (level >= console_loglevel)
		return n;

	char stamp[32];
	uint64_t us = time_since_boot_us();
	int sl = snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ", (unsigned long)(us / 1000000),
			  (unsigned long)(us % 1000000));
	uint64_t flags = spin_lock_irqsave(&console_lock);
	/* one timestamp per line, also for lines inside one message */
	for (const char *p = line, *end = line + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t chunk = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (console_at_line_start && !(cont && p == line))
			console_write_locked(stamp, (size_t)sl);
		console_write_locked(p, chunk);
		p += chunk;
	}
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static int parse_loglevel(const char *val)
{
	long v;

	if (cmdline_parse_long(val, &v) < 0 || v < 0 || v > 8)
		return -1;
	console_loglevel = (int)v;
	return 0;
}
KERNEL_PARAM("loglevel", parse_loglevel, "console log level 0-8 (default 7: all but debug)");

/* KTAP output of the in-kernel tests: raw lines, no level, no timestamp. */
void ktest_print(const char *fmt, ...)
{
	char line[PRINTK_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_write(line, strlen(line));
}
