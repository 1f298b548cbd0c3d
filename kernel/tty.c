/*
 * kernel/tty.c - the console terminal: input from COM1 and the PS/2
 * keyboard through a line discipline, output to COM1 and VGA; and ttyS1
 * (COM2), output only.
 *
 * Canonical mode (the default, ICANON): typed characters collect in an
 * edit line, echoed; backspace erases, Ctrl-U erases the line; Enter (or
 * Ctrl-D) hands the line to readers; Ctrl-D on an empty line makes the
 * next read() return 0 (EOF).  Ctrl-C / Ctrl-\ send SIGINT / SIGQUIT to
 * the foreground process group (and drop the line).  With ICANON off
 * (TCSETS) bytes go to readers as they come.  Input arrives in interrupt
 * context.
 *
 * Locking: tty->lock (irqsave) protects the edit line, the input ring and
 * the termios; readers sleep on tty->readers.  Echo and output go through
 * the console lock (kernel/printk.c); signals are sent after dropping
 * tty->lock.
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/keyboard.h"
#include "kernel/printk.h"
#include "kernel/serial.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/tty.h"
#include "kernel/uaccess.h"

#define TTY_RING 4096
#define TTY_LINE 1024
#define EOF_MARK 0x04 /* kept in the ring where Ctrl-D ended a line */

/* termios (the kernel's struct termios, 36 bytes) */
#define NCCS 19
struct termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};
STATIC_ASSERT(sizeof(struct termios) == 36);

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define ICRNL 0000400
#define OPOST 0000001
#define ONLCR 0000004
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000
#define B38400 0000017
#define CS8 0000060
#define CREAD 0000200
#define HUPCL 0002000
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCSCTTY 0x540e
#define FIONREAD 0x541b

struct tty {
	struct spinlock lock;
	struct termios termios;
	struct winsize winsize;
	char line[TTY_LINE];     /* canonical: the line being edited */
	size_t line_len;
	char ring[TTY_RING];     /* input ready for readers */
	size_t head, tail;       /* ring[tail..head) */
	unsigned lines;          /* canonical: complete lines (or EOF marks) in the ring */
	int pgrp;                /* foreground process group */
	unsigned out_sinks;      /* CON_* */
	struct wait_queue readers;
};

static struct tty console = {
	.lock = SPINLOCK_INIT("tty"),
	.termios = {
		.c_iflag = ICRNL,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B38400 | CS8 | CREAD | HUPCL,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
		.c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4, [VMIN] = 1 },
	},
	.winsize = { 25, 80, 0, 0 },
	.pgrp = 1,
	.out_sinks = CON_TTYS0 | CON_VGA,
};

static size_t ring_used(const struct tty *t)
{
	return t->head - t->tail;
}

static void ring_put(struct tty *t, char c)
{
	if (ring_used(t) < TTY_RING)
		t->ring[t->head++ % TTY_RING] = c;
}

static void echo(struct tty *t, const char *s, size_t n)
{
	if (t->termios.c_lflag & ECHO)
		console_write_to(t->out_sinks, s, n);
}

/* One input character, from an interrupt handler. */
void tty_input_char(char c)
{
	struct tty *t = &console;
	int sig = 0;
	bool wake = false;
	uint64_t irq = spin_lock_irqsave(&t->lock);
	uint32_t lflag = t->termios.c_lflag;

	if (c == '\r' && (t->termios.c_iflag & ICRNL))
		c = '\n';
	if ((lflag & ISIG) && (c == t->termios.c_cc[VINTR] || c == t->termios.c_cc[VQUIT])) {
		sig = c == t->termios.c_cc[VINTR] ? SIGINT : SIGQUIT;
		t->line_len = 0;
		echo(t, sig == SIGINT ? "^C\n" : "^\\\n", 3);
	} else if (!(lflag & ICANON)) {
		ring_put(t, c);
		echo(t, &c, 1);
		wake = true;
	} else if (c == t->termios.c_cc[VERASE] || c == '\b') {
		if (t->line_len) {
			t->line_len--;
			echo(t, "\b \b", 3);
		}
	} else if (c == t->termios.c_cc[VKILL]) {
		while (t->line_len) {
			t->line_len--;
			echo(t, "\b \b", 3);
		}
	} else if (c == t->termios.c_cc[VEOF] || c == '\n') {
		if (ring_used(t) + t->line_len + 1 <= TTY_RING) {
			for (size_t i = 0; i < t->line_len; i++)
				ring_put(t, t->line[i]);
			ring_put(t, c == '\n' ? '\n' : EOF_MARK);
			t->lines++;
			wake = true;
		}
		t->line_len = 0;
		if (c == '\n')
			echo(t, "\n", 1);
	} else if (t->line_len < TTY_LINE - 1) {
		t->line[t->line_len++] = c;
		if ((unsigned char)c < 32 && c != '\t' && (lflag & ECHOCTL)) {
			char ctl[2] = { '^', (char)(c + 64) };
			echo(t, ctl, 2);
		} else {
			echo(t, &c, 1);
		}
	}
	int pgrp = t->pgrp;
	spin_unlock_irqrestore(&t->lock, irq);
	if (wake)
		wake_up(&t->readers);
	if (sig)
		kill_pgrp(pgrp, sig);
}

static bool input_ready(struct tty *t)
{
	return (t->termios.c_lflag & ICANON) ? t->lines > 0 : ring_used(t) > 0;
}

static int64_t console_read(struct file *f, char *ubuf, size_t n)
{
	struct tty *t = &console;
	char buf[256];
	size_t got = 0;

	if (f->flags & O_NONBLOCK) {
		if (!input_ready(t))
			return -EAGAIN;
	} else {
		int err = wait_event_interruptible(t->readers, input_ready(t));
		if (err)
			return err;
	}
	uint64_t irq = spin_lock_irqsave(&t->lock);
	bool canon = t->termios.c_lflag & ICANON;
	n = MIN(n, sizeof(buf));
	while (got < n && ring_used(t)) {
		char c = t->ring[t->tail % TTY_RING];
		if (canon && c == EOF_MARK) {
			if (got == 0) { /* an empty line ended by Ctrl-D: EOF */
				t->tail++;
				t->lines--;
			}
			break; /* the mark stays for the next read otherwise */
		}
		t->tail++;
		buf[got++] = c;
		if (canon && c == '\n') {
			t->lines--;
			break;
		}
	}
	spin_unlock_irqrestore(&t->lock, irq);
	if (got && copy_to_user(ubuf, buf, got))
		return -EFAULT;
	return (int64_t)got;
}

static int64_t sink_write(unsigned sinks, const char *ubuf, size_t n)
{
	char buf[256];
	size_t done = 0;

	while (done < n) {
		size_t k = MIN(n - done, sizeof(buf));
		if (copy_from_user(buf, ubuf + done, k))
			return done ? (int64_t)done : -EFAULT;
		console_write_to(sinks, buf, k);
		done += k;
	}
	return (int64_t)done;
}

/* OPOST|ONLCR: "\n" leaves as "\r\n" (serial lines only: VGA needs nothing) */
static unsigned output_sinks(unsigned sinks)
{
	uint32_t o = console.termios.c_oflag;
	return (o & OPOST) && (o & ONLCR) ? sinks : sinks | CON_RAW;
}

static int64_t console_tty_write(struct file *f, const char *ubuf, size_t n)
{
	(void)f;
	return sink_write(output_sinks(console.out_sinks), ubuf, n);
}

static int64_t ttys1_write(struct file *f, const char *ubuf, size_t n)
{
	(void)f;
	return sink_write(output_sinks(CON_TTYS1), ubuf, n);
}

/* tty.opost=0: raw output, for tools/lom-exec when its stdout is not a terminal */
static int parse_tty_opost(const char *val)
{
	if (!val || (strcmp(val, "0") && strcmp(val, "1")))
		return -1;
	if (val[0] == '0')
		console.termios.c_oflag &= ~OPOST;
	return 0;
}
KERNEL_PARAM("tty.opost", parse_tty_opost, "0: the console sends \\n without \\r (byte-exact output capture)");

static int64_t console_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct tty *t = &console;
	struct termios tio;
	int pgrp;

	switch (cmd) {
	case TCGETS:
		return copy_to_user((void *)arg, &t->termios, sizeof(t->termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		if (copy_from_user(&tio, (const void *)arg, sizeof(tio)))
			return -EFAULT;
		uint64_t irq = spin_lock_irqsave(&t->lock);
		if (cmd == TCSETSF) { /* flush input */
			t->tail = t->head;
			t->lines = 0;
			t->line_len = 0;
		}
		t->termios = tio;
		spin_unlock_irqrestore(&t->lock, irq);
		wake_up(&t->readers);
		return 0;
	}
	case TIOCGWINSZ:
		return copy_to_user((void *)arg, &t->winsize, sizeof(t->winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return copy_from_user(&t->winsize, (const void *)arg, sizeof(t->winsize)) ? -EFAULT : 0;
	case TIOCGPGRP:
		return put_user(t->pgrp, (int *)arg);
	case TIOCSPGRP:
		if (get_user(pgrp, (const int *)arg))
			return -EFAULT;
		if (pgrp <= 0)
			return -EINVAL;
		t->pgrp = pgrp;
		return 0;
	case TIOCSCTTY:
		return 0;
	case FIONREAD: {
		int avail = (int)ring_used(t);
		return put_user(avail, (int *)arg);
	}
	default:
		return -ENOTTY;
	}
}

/* ttyS1 is write-only plumbing (tools/lom-exec: the program's stderr). */
static int64_t ttys1_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	return cmd == TCGETS ? console_ioctl(f, cmd, arg) : -ENOTTY;
}

static int64_t ttys1_read(struct file *f, char *ubuf, size_t n)
{
	return -EIO;
}

const struct file_ops console_ops = { .read = console_read, .write = console_tty_write, .ioctl = console_ioctl };
const struct file_ops ttys1_ops = { .read = ttys1_read, .write = ttys1_write, .ioctl = ttys1_ioctl };

void tty_init(void)
{
	wait_queue_init(&console.readers, "tty");
	serial_enable_rx(tty_input_char);
	keyboard_init(tty_input_char);
}
