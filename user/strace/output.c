/*
 * user/strace/output.c - the log all traced tasks share (stderr or -o
 * FILE), kept as strace keeps it.
 *
 * A line is a task's: "[pid  N] " (while more than one task is traced),
 * then the call's entry part, written at the entry stop, and the rest
 * at the exit stop.  If another task's line has to start in between, the
 * open line is closed with " <unfinished ...>" and the exit part later
 * starts a line of its own with "<... NAME resumed>" (main.c decides
 * that from `printing`, the task whose line is open).  The result is
 * aligned to column 40, the column counting from the start of the line.
 *
 * Output is buffered and written at out_flush(), which main.c calls after
 * each event, so a partial line is on the log before the tracee runs on
 * (the tracee's own output then lands where strace's would).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "strace.h"

#define ACOLUMN 40
#define OUTBUF_SIZE 16384

static int out_fd = 2;
static char outbuf[OUTBUF_SIZE];
static size_t outlen;
static int curcol;		 /* column in the open line (0: none open) */
static struct tcb *printing; /* whose line is open */

void out_open_fd(int fd)
{
	out_fd = fd;
}

void out_flush(void)
{
	size_t off = 0;

	while (off < outlen) {
		ssize_t n = write(out_fd, outbuf + off, outlen - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* the log is gone (EPIPE...): drop it, keep tracing */
		off += (size_t)n;
	}
	outlen = 0;
}

/* out_capture(): printing goes into a string for a while (an auxstr) */
static char *cap_buf;
static size_t cap_size, cap_len;

void out_capture(char *buf, size_t size)
{
	cap_buf = buf;
	cap_size = size;
	cap_len = 0;
	buf[0] = 0;
}

void out_capture_end(void)
{
	cap_buf = NULL;
}

static void out_write(const char *s, size_t len)
{
	if (cap_buf) {
		size_t n = len < cap_size - 1 - cap_len ? len : cap_size - 1 - cap_len;

		memcpy(cap_buf + cap_len, s, n);
		cap_len += n;
		cap_buf[cap_len] = 0;
		return;
	}
	while (len) {
		size_t room = OUTBUF_SIZE - outlen, n = len < room ? len : room;

		memcpy(outbuf + outlen, s, n);
		outlen += n;
		s += n;
		len -= n;
		curcol += (int)n;
		if (outlen == OUTBUF_SIZE)
			out_flush();
	}
}

void tprints(const char *s)
{
	out_write(s, strlen(s));
}

void tprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void tprint_arg_next(void)
{
	tprints(", ");
}

void tabto(void)
{
	static const char spaces[ACOLUMN + 1] = "                                        ";

	if (curcol < ACOLUMN)
		tprints(spaces + curcol);
}

/* Start t's line, closing whatever line is open. */
void printleader(struct tcb *t)
{
	if (printing && curcol != 0) {
		tprints(" <unfinished ...>\n");
		curcol = 0;
	}
	printing = t;
	curcol = 0;
	if (pid_prefix == PFX_ALWAYS)
		tprintf("%-5d ", t->pid);
	else if (nprocs > 1)
		tprintf("[pid %5d] ", t->pid);
}

/* The task whose line is open, if any. */
struct tcb *out_printing(void)
{
	return printing;
}

void line_ended(void)
{
	tprints("\n");
	curcol = 0;
	printing = NULL;
}

void out_drop_tcb(struct tcb *t)
{
	if (printing == t) {
		if (curcol != 0)
			tprints(" <detached ...>\n");
		printing = NULL;
		curcol = 0;
	}
}

/*
 * "strace: MESSAGE" on stderr.  The log goes out first, so when it is
 * stderr too the message lands where strace's would, in the open line.
 */
void out_message(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	out_flush();
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	dprintf(2, "strace: %.*s", n, buf);
}
