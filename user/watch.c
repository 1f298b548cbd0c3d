/*
 * user/watch.c - watch [OPTIONS] COMMAND: run COMMAND (through /bin/sh -c,
 * or directly with -x) every INTERVAL seconds and show its output, with
 * its standard error, a screen at a time, as procps-ng's watch does:
 *
 *   Every 2.0s: free -m                            lom: Thu Jan  1 00:01:05 1970
 *
 *                  total        used        free ...
 *
 * No curses: each screen is written whole, after ANSI "home, clear"
 * (ESC[H ESC[2J), so that watch works on lom's serial console and into a
 * pipe as well.  The screen is the terminal's size (TIOCGWINSZ), else
 * LINES x COLUMNS, else 24 x 80; output lines are wrapped to its width
 * (-w: cut) and what does not fit below is not shown.  The clock is
 * UTC.  watch runs until it is interrupted (SIGINT, SIGTERM, SIGHUP:
 * exit status 0), or -g/-q/-e end it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define W_BEEP		0x01
#define W_COLOR		0x02
#define W_DIFF		0x04
#define W_DIFF_PERM	0x08
#define W_ERREXIT	0x10
#define W_CHGEXIT	0x20
#define W_EQUEXIT	0x40
#define W_PRECISE	0x80
#define W_NOTITLE	0x100
#define W_NOWRAP	0x200
#define W_EXEC		0x400

static int flags;
static double interval = 2;
static volatile sig_atomic_t stop;

static void usage(FILE *out)
{
	fputs("\nUsage:\n"
	      " watch [options] command\n"
	      "\nOptions:\n"
	      "  -b, --beep             beep if command has a non-zero exit\n"
	      "  -c, --color            interpret ANSI color and style sequences\n"
	      "  -d, --differences[=<permanent>]\n"
	      "                         highlight changes between updates\n"
	      "  -e, --errexit          exit if command has a non-zero exit\n"
	      "  -g, --chgexit          exit when output from command changes\n"
	      "  -q, --equexit <cycles>\n"
	      "                         exit when output from command does not change\n"
	      "  -n, --interval <secs>  seconds to wait between updates\n"
	      "  -p, --precise          attempt run command in precise intervals\n"
	      "  -t, --no-title         turn off header\n"
	      "  -w, --no-wrap          turn off line wrapping\n"
	      "  -x, --exec             pass command to exec instead of \"sh -c\"\n"
	      "\n"
	      " -h, --help     display this help and exit\n"
	      " -v, --version  output version information and exit\n"
	      "\nFor more details see watch(1).\n", out);
	exit(out == stderr ? 1 : 0);
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- running the command ---- */

struct output {
	char *buf;
	size_t len;
	int status;	/* as a shell reports it */
};

static int run(char **argv, const char *command, struct output *out)
{
	int fds[2], st;
	pid_t pid;
	size_t cap = 4096;

	out->len = 0;
	if (!out->buf && !(out->buf = malloc(cap)))
		return -1;
	if (pipe(fds) < 0) {
		fprintf(stderr, "watch: unable to create IPC pipes: %s\n", strerror(errno));
		exit(7);
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "watch: unable to fork process: %s\n", strerror(errno));
		exit(2);
	}
	if (pid == 0) {
		char *sh_argv[] = { "sh", "-c", (char *)command, NULL };
		const char *path = getenv("PATH");

		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		if (fds[1] > 2)
			close(fds[1]);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		if (flags & W_EXEC) {
			int err = exec_search(argv[0], argv, environ, path ? path : "/bin");

			fprintf(stderr, "watch: %s: %s\n", argv[0], strerror(err));
			_exit(exec_fail_code(err));
		}
		execve("/bin/sh", sh_argv, environ);
		fprintf(stderr, "watch: /bin/sh: %s\n", strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n;

		if (out->len + 1024 > cap) {
			char *p = realloc(out->buf, cap * 2);

			if (!p)
				break;
			out->buf = p;
			cap *= 2;
		}
		n = read(fds[0], out->buf + out->len, cap - out->len);
		if (n < 0 && errno == EINTR && !stop)
			continue;
		if (n <= 0)
			break;
		out->len += n;
	}
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			st = 0;
			break;
		}
	out->status = wait_code(st);
	return 0;
}

/* ---- the screen ---- */

struct screen {
	int rows, cols;
	char *cell;		/* rows * cols characters */
	char *changed;		/* -d: highlighted cells */
	int *used;		/* characters in each row */
};

static void screen_size(int *rows, int *cols)
{
	struct winsize ws;
	const char *l = getenv("LINES"), *c = getenv("COLUMNS");

	*rows = 24;
	*cols = 80;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
		return;
	}
	if (l && atoi(l) > 0)
		*rows = atoi(l);
	if (c && atoi(c) > 0)
		*cols = atoi(c);
}

static void screen_init(struct screen *s, int rows, int cols)
{
	s->rows = rows;
	s->cols = cols;
	s->cell = malloc((size_t)rows * cols);
	s->changed = calloc((size_t)rows * cols, 1);
	s->used = calloc(rows, sizeof(int));
	if (!s->cell || !s->changed || !s->used) {
		fprintf(stderr, "watch: out of memory\n");
		exit(1);
	}
	memset(s->cell, ' ', (size_t)rows * cols);
}

static void put(struct screen *s, int row, int col, char c)
{
	if (row < 0 || row >= s->rows || col < 0 || col >= s->cols)
		return;
	s->cell[row * s->cols + col] = c;
	if (col + 1 > s->used[row])
		s->used[row] = col + 1;
}

static void put_str(struct screen *s, int row, int col, const char *t, int n)
{
	for (int i = 0; i < n && t[i]; i++)
		put(s, row, col + i, t[i]);
}

/*
 * The title line, as procps lays it out: "Every N.Ns: COMMAND" at the
 * left, "HOST: DATE" at the right; the command cut with "..." (or left
 * out) when the width is short.
 */
static void draw_header(struct screen *s, const char *command)
{
	char left[64], right[160], date[32];
	struct utsname u;
	int hlen, rhlen, clen = (int)strlen(command), w = s->cols;

	if (uname(&u) < 0)
		strcpy(u.nodename, "?");
	fmt_ctime(time(NULL), date);
	hlen = snprintf(left, sizeof(left), "Every %.1fs: ", interval);
	/* procps counts ctime's newline in the right part's length */
	rhlen = snprintf(right, sizeof(right), "%s: %s", u.nodename, date) + 1;
	if (w < rhlen)
		return;
	if (rhlen + hlen + 1 <= w) {
		put_str(s, 0, 0, left, hlen);
		if (rhlen + hlen + 2 <= w) {
			if (w < rhlen + hlen + 4) {
				put_str(s, 0, w - rhlen - 4, "... ", 4);
			} else if (w < rhlen + hlen + clen) {
				int room = w - rhlen - hlen - 4;

				put_str(s, 0, hlen, command, room > 0 ? room : 0);
				put_str(s, 0, w - rhlen - 4, "... ", 4);
			} else {
				put_str(s, 0, hlen, command, clen);
			}
		}
	}
	put_str(s, 0, w - rhlen + 1, right, rhlen - 1);
}

/* The command's output from row top: wrapped (or cut, -w), tabs expanded. */
static void draw_output(struct screen *s, int top, const struct output *o)
{
	int row = top, col = 0;

	for (size_t i = 0; i < o->len && row < s->rows; i++) {
		unsigned char c = (unsigned char)o->buf[i];

		if (c == '\n') {
			row++;
			col = 0;
			continue;
		}
		if (c == '\033') {
			/* a color or style sequence: ESC [ ... letter; passed on by -c only */
			size_t j = i + 1;

			if (j < o->len && o->buf[j] == '[') {
				while (++j < o->len && (o->buf[j] < '@' || o->buf[j] > '~'))
					;
				i = j;
				continue;
			}
		}
		if (col >= s->cols) {
			if (flags & W_NOWRAP)
				continue;
			row++;
			col = 0;
			if (row >= s->rows)
				break;
		}
		if (c == '\t') {
			do
				put(s, row, col++, ' ');
			while (col % 8 && col < s->cols);
			continue;
		}
		if (c == '\r' || c < 32 || c == 127)
			continue;
		put(s, row, col++, (char)c);
	}
}

/* Write the screen at once: home, clear, then its rows (-d: changes in reverse video). */
static void show(const struct screen *s)
{
	size_t cap = (size_t)s->rows * (s->cols * 8 + 2) + 16, n = 0;
	char *b = malloc(cap);
	int last = 0;

	if (!b)
		return;
	for (int r = 0; r < s->rows; r++)
		if (s->used[r])
			last = r;
	n += (size_t)snprintf(b, cap, "\033[H\033[2J");
	for (int r = 0; r <= last; r++) {
		int hl = 0;

		for (int c = 0; c < s->used[r]; c++) {
			int ch = s->changed[r * s->cols + c] && (flags & W_DIFF);

			if (ch != hl) {
				n += (size_t)snprintf(b + n, cap - n, ch ? "\033[7m" : "\033[27m");
				hl = ch;
			}
			b[n++] = s->cell[r * s->cols + c];
		}
		if (hl)
			n += (size_t)snprintf(b + n, cap - n, "\033[27m");
		if (r < last)
			b[n++] = '\n';
	}
	write_all(1, b, n);
	free(b);
}

static double parse_interval(const char *arg)
{
	char buf[64], *end;
	double d;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	errno = 0;
	d = strtod(buf, &end);
	if (!*buf || *end || errno || d != d) {
		fprintf(stderr, "watch: failed to parse argument: '%s': %s\n", arg,
			strerror(errno ? errno : EINVAL));
		exit(1);
	}
	if (d < 0.1)
		d = 0.1;
	if (d > 2678400)	/* procps: a month at most */
		d = 2678400;
	return d;
}

static const struct uopt_long longopts[] = {
	{ "beep", UOPT_NOARG, 'b' }, { "color", UOPT_NOARG, 'c' },
	{ "differences", UOPT_OPTARG, 'd' }, { "errexit", UOPT_NOARG, 'e' },
	{ "chgexit", UOPT_NOARG, 'g' }, { "equexit", UOPT_ARG, 'q' },
	{ "interval", UOPT_ARG, 'n' }, { "precise", UOPT_NOARG, 'p' },
	{ "no-title", UOPT_NOARG, 't' }, { "no-wrap", UOPT_NOARG, 'w' },
	{ "exec", UOPT_NOARG, 'x' }, { "help", UOPT_NOARG, 'h' },
	{ "version", UOPT_NOARG, 'v' }, { NULL, 0, 0 },
};

int main(int argc, char **argv)
{
	struct output out = { NULL, 0, 0 }, prev = { NULL, 0, 0 };
	struct screen scr, old;
	char *command;
	size_t clen = 0;
	int c, rows, cols, same_cycles = 0, equexit = 0, first = 1;
	struct sigaction sa = { .sa_handler = on_signal };
	struct uopt o;

	uopt_init(&o, "watch");
	/* '+': the command's own options are its own (watch -n 1 ls -l) */
	while ((c = uopt_next(&o, argc, argv, "+bcd::egq:n:ptwxhv", longopts)) != -1) {
		switch (c) {
		case 'b': flags |= W_BEEP; break;
		case 'c': flags |= W_COLOR; break;
		case 'd':
			flags |= W_DIFF;
			if (o.arg && !strcmp(o.arg, "permanent"))
				flags |= W_DIFF_PERM;
			break;
		case 'e': flags |= W_ERREXIT; break;
		case 'g': flags |= W_CHGEXIT; break;
		case 'q': {
			char *end;

			flags |= W_EQUEXIT;
			equexit = (int)strtol(o.arg, &end, 10);
			if (*end || equexit < 1) {
				fprintf(stderr, "watch: failed to parse argument: '%s'\n", o.arg);
				return 1;
			}
			break;
		}
		case 'n': interval = parse_interval(o.arg); break;
		case 'p': flags |= W_PRECISE; break;
		case 't': flags |= W_NOTITLE; break;
		case 'w': flags |= W_NOWRAP; break;
		case 'x': flags |= W_EXEC; break;
		case 'h': usage(stdout); break;
		case 'v':
			printf("watch from lom (procps-ng 4 compatible)\n");
			return 0;
		default:
			usage(stderr);
		}
	}
	if (o.ind >= argc)
		usage(stderr);
	/* the command: the words joined by spaces (for sh -c, and the title) */
	for (int i = o.ind; i < argc; i++)
		clen += strlen(argv[i]) + 1;
	command = malloc(clen + 1);
	if (!command)
		return 1;
	command[0] = '\0';
	for (int i = o.ind; i < argc; i++) {
		if (i > o.ind)
			strcat(command, " ");
		strcat(command, argv[i]);
	}

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	screen_size(&rows, &cols);
	screen_init(&scr, rows, cols);
	screen_init(&old, rows, cols);

	while (!stop) {
		double start = now_s(), left;
		int changed_output;

		run(argv + o.ind, command, &out);
		if (stop)
			break;
		changed_output = !first && (out.len != prev.len || memcmp(out.buf, prev.buf, out.len));
		memset(scr.cell, ' ', (size_t)rows * cols);
		memset(scr.used, 0, rows * sizeof(int));
		if (!(flags & W_NOTITLE))
			draw_header(&scr, command);
		draw_output(&scr, flags & W_NOTITLE ? 0 : 2, &out);
		if (flags & W_DIFF) {
			for (int i = 0; i < rows * cols; i++) {
				int r = i / cols, differs = !first && scr.cell[i] != old.cell[i];

				/* the title's clock is not a change */
				if (r == 0 && !(flags & W_NOTITLE))
					differs = 0;
				scr.changed[i] = (flags & W_DIFF_PERM) ? (scr.changed[i] | differs) : differs;
				if (differs && scr.used[r] <= i % cols)
					scr.used[r] = i % cols + 1;
			}
		}
		show(&scr);
		memcpy(old.cell, scr.cell, (size_t)rows * cols);
		if (out.status != 0 && (flags & W_BEEP))
			write_all(1, "\a", 1);
		if (out.status != 0 && (flags & W_ERREXIT)) {
			const char *msg = "\ncommand exit with a non-zero status, press a key to exit\n";
			char k;

			write_all(1, msg, strlen(msg));
			if (isatty(0))
				while (read(0, &k, 1) < 0 && errno == EINTR && !stop)
					;
			return 8;
		}
		if ((flags & W_CHGEXIT) && changed_output)
			break;
		if (!first && !changed_output)
			same_cycles++;
		else
			same_cycles = 0;
		if ((flags & W_EQUEXIT) && same_cycles >= equexit)
			break;
		/* keep this output to compare with the next */
		free(prev.buf);
		prev.buf = malloc(out.len ? out.len : 1);
		if (prev.buf)
			memcpy(prev.buf, out.buf, out.len);
		prev.len = prev.buf ? out.len : 0;
		first = 0;
		/* -p: every interval from the start of the last run; else after it ended */
		left = (flags & W_PRECISE) ? interval - (now_s() - start) : interval;
		if (left > 0) {
			struct timespec ts = { (time_t)left, (long)((left - (time_t)left) * 1e9) };

			while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
		}
	}
	write_all(1, "\n", 1);
	return 0;
}
