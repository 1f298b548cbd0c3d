/*
 * user/ulib.c - helpers shared by the bundled user programs: full writes,
 * the signal table (names for kill, descriptions for sh), the PATH search
 * behind sh, env and init, echo (the program and sh's builtin), GNU-style
 * option parsing, whole-file reads and ctime-style dates.
 * No global state beyond constant tables (a struct uopt is the caller's).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/* Linux x86-64 numbering; descriptions as bash prints them. */
static const struct {
	const char *name;
	const char *desc;
} signals[SIG_LAST + 1] = {
	[SIGHUP] = { "HUP", "Hangup" },
	[SIGINT] = { "INT", "Interrupt" },
	[SIGQUIT] = { "QUIT", "Quit" },
	[SIGILL] = { "ILL", "Illegal instruction" },
	[SIGTRAP] = { "TRAP", "Trace/breakpoint trap" },
	[SIGABRT] = { "ABRT", "Aborted" },
	[SIGBUS] = { "BUS", "Bus error" },
	[SIGFPE] = { "FPE", "Floating point exception" },
	[SIGKILL] = { "KILL", "Killed" },
	[SIGUSR1] = { "USR1", "User defined signal 1" },
	[SIGSEGV] = { "SEGV", "Segmentation fault" },
	[SIGUSR2] = { "USR2", "User defined signal 2" },
	[SIGPIPE] = { "PIPE", "Broken pipe" },
	[SIGALRM] = { "ALRM", "Alarm clock" },
	[SIGTERM] = { "TERM", "Terminated" },
	[SIGSTKFLT] = { "STKFLT", "Stack fault" },
	[SIGCHLD] = { "CHLD", "Child exited" },
	[SIGCONT] = { "CONT", "Continued" },
	[SIGSTOP] = { "STOP", "Stopped (signal)" },
	[SIGTSTP] = { "TSTP", "Stopped" },
	[SIGTTIN] = { "TTIN", "Stopped (tty input)" },
	[SIGTTOU] = { "TTOU", "Stopped (tty output)" },
	[SIGURG] = { "URG", "Urgent I/O condition" },
	[SIGXCPU] = { "XCPU", "CPU time limit exceeded" },
	[SIGXFSZ] = { "XFSZ", "File size limit exceeded" },
	[SIGVTALRM] = { "VTALRM", "Virtual timer expired" },
	[SIGPROF] = { "PROF", "Profiling timer expired" },
	[SIGWINCH] = { "WINCH", "Window changed" },
	[SIGIO] = { "IO", "I/O possible" },
	[SIGPWR] = { "PWR", "Power failure" },
	[SIGSYS] = { "SYS", "Bad system call" },
};

const char *sig_name(int sig)
{
	return sig > 0 && sig <= SIG_LAST ? signals[sig].name : NULL;
}

const char *sig_describe(int sig)
{
	return sig > 0 && sig <= SIG_LAST ? signals[sig].desc : "Unknown signal";
}

int sig_number(const char *s)
{
	char *end;
	long n;

	if (*s >= '0' && *s <= '9') {
		errno = 0;
		n = strtol(s, &end, 10);
		return *end || errno || n > 64 ? -1 : (int)n;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i <= SIG_LAST; i++)
		if (strcasecmp(s, signals[i].name) == 0)
			return i;
	return -1;
}

int wait_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}

void signals_default(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP };
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigset_t none;

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* execve(path); on ENOEXEC run it as a script: /bin/sh path args. */
static int try_exec(const char *path, char *const argv[], char *const envp[])
{
	size_t argc = 0;
	char **sh_argv;

	execve(path, argv, envp);
	if (errno != ENOEXEC)
		return errno;
	while (argv[argc])
		argc++;
	sh_argv = malloc((argc + 2) * sizeof(*sh_argv));
	if (!sh_argv)
		return ENOEXEC;
	sh_argv[0] = "sh";
	sh_argv[1] = (char *)path;
	for (size_t i = 1; i <= argc; i++)
		sh_argv[i + 1] = argv[i];
	execve("/bin/sh", sh_argv, envp);
	free(sh_argv);
	return ENOEXEC;
}

int exec_search(const char *file, char *const argv[], char *const envp[],
		const char *path)
{
	size_t flen = strlen(file);
	int err = ENOENT;
	char buf[PATH_MAX];

	if (flen == 0)
		return ENOENT;
	if (strchr(file, '/'))
		return try_exec(file, argv, envp);
	for (const char *p = path;; p++) {
		size_t dlen = strcspn(p, ":");
		int e;

		if (dlen + 1 + flen < sizeof(buf)) {
			/* an empty entry means the current directory */
			memcpy(buf, dlen ? p : ".", dlen ? dlen : 1);
			buf[dlen ? dlen : 1] = '/';
			memcpy(buf + (dlen ? dlen : 1) + 1, file, flen + 1);
			e = try_exec(buf, argv, envp);
			/* a file there that cannot run is worth reporting over "not found" */
			if (e == EACCES)
				err = EACCES;
			else if (e != ENOENT && e != ENOTDIR)
				return e;
		}
		p += dlen;
		if (!*p)
			return err;
	}
}

int exec_fail_code(int err)
{
	return err == ENOENT || err == ENOTDIR ? 127 : 126;
}

/* echo's output, collected in a buffer and written in large pieces */
struct outbuf {
	char buf[4096];
	size_t len;
	int err;
};

static void out_putc(struct outbuf *o, char c)
{
	if (o->len == sizeof(o->buf)) {
		if (!o->err && write_all(1, o->buf, o->len) < 0)
			o->err = errno;
		o->len = 0;
	}
	o->buf[o->len++] = c;
}

/*
 * One -e escape at s (just after the backslash); returns chars used, or
 * -1 for \c.  octal_any: "\NNN" without a leading 0 is octal too
 * (coreutils' echo; bash's builtin prints it as it is).
 */
static int echo_escape(struct outbuf *o, const char *s, int octal_any)
{
	static const char from[] = "abefnrtv\\", to[] = "\a\b\033\f\n\r\t\v\\";
	const char *hit;
	int n = 0, v = 0;

	if (*s == 'c')
		return -1;
	if (octal_any && *s >= '1' && *s <= '7') {
		for (n = 0; n < 3 && s[n] >= '0' && s[n] <= '7'; n++)
			v = v * 8 + (s[n] - '0');
		out_putc(o, (char)v);
		return n;
	}
	if (*s == '0' || *s == 'x') {
		int base = *s == '0' ? 8 : 16, max = *s == '0' ? 3 : 2;

		for (n = 1; n <= max; n++) {
			int c = s[n], d;

			if (c >= '0' && c <= '7')
				d = c - '0';
			else if (base == 16 && c >= '8' && c <= '9')
				d = c - '0';
			else if (base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				d = (c | 0x20) - 'a' + 10;
			else
				break;
			v = v * base + d;
		}
		if (base == 16 && n == 1) {	/* "\x" without digits stays as is */
			out_putc(o, '\\');
			return 0;
		}
		out_putc(o, (char)v);
		return n;
	}
	hit = *s ? strchr(from, *s) : NULL;
	if (!hit) {
		out_putc(o, '\\');
		return 0;
	}
	out_putc(o, to[hit - from]);
	return 1;
}

int echo_main(int argc, char **argv)
{
	return echo_run(argc, argv, 0);
}

int echo_run(int argc, char **argv, int coreutils)
{
	static struct outbuf o;
	int newline = 1, escapes = 0, i;

	o.len = 0;
	o.err = 0;
	/* leading words made only of -n, -e, -E letters are options, as in bash */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (argv[i][strspn(argv[i] + 1, "neE") + 1])
			break;
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'n')
				newline = 0;
			else
				escapes = *p == 'e';
		}
	}
	for (; i < argc; i++) {
		for (const char *p = argv[i]; *p; p++) {
			int n = 0;

			if (escapes && *p == '\\')
				n = echo_escape(&o, p + 1, coreutils);
			else
				out_putc(&o, *p);
			if (n < 0)
				goto out;	/* \c: stop here, no newline */
			p += n;
		}
		if (i + 1 < argc)
			out_putc(&o, ' ');
	}
	if (newline)
		out_putc(&o, '\n');
out:
	if (!o.err && write_all(1, o.buf, o.len) < 0)
		o.err = errno;
	if (o.err) {
		char msg[128] = "echo: write error: ";

		strncat(msg, strerror(o.err), sizeof(msg) - strlen(msg) - 2);
		strcat(msg, "\n");
		write_all(2, msg, strlen(msg));
		return 1;
	}
	return 0;
}

/* ---- GNU-style option parsing ---- */

void uopt_init(struct uopt *o, const char *prog)
{
	memset(o, 0, sizeof(*o));
	o->prog = prog;
	o->next = 1;
}

_Noreturn void try_help(const char *prog, int status)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(status);
}

/* Done: the operands collected on the way go to the end of argv. */
static int uopt_finish(struct uopt *o, int argc, char **argv)
{
	for (int i = o->next; i < argc; i++)
		o->ops[o->nops++] = argv[i];
	o->ind = argc - o->nops;
	memcpy(argv + o->ind, o->ops, o->nops * sizeof(*argv));
	free(o->ops);
	o->ops = NULL;
	o->done = 1;
	o->next = argc;
	return -1;
}

/* argv[o->next] is "--name[=value]". */
static int uopt_long(struct uopt *o, int argc, char **argv, const struct uopt_long *lo)
{
	char *a = argv[o->next++], *name = a + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct uopt_long *hit = NULL;
	int ambiguous = 0;

	for (const struct uopt_long *l = lo; l && l->name; l++) {
		if (strncmp(l->name, name, len) != 0)
			continue;
		if (strlen(l->name) == len) {	/* exact: wins over prefixes */
			hit = l;
			ambiguous = 0;
			break;
		}
		if (hit && (hit->val != l->val || hit->has_arg != l->has_arg))
			ambiguous = 1;
		else if (!hit)
			hit = l;
	}
	if (ambiguous) {
		fprintf(stderr, "%s: option '%.*s' is ambiguous; possibilities:", o->prog,
			(int)(len + 2), a);
		for (const struct uopt_long *l = lo; l->name; l++)
			if (strncmp(l->name, name, len) == 0)
				fprintf(stderr, " '--%s'", l->name);
		fprintf(stderr, "\n");
		o->opt = 0;
		return '?';
	}
	if (!hit) {
		fprintf(stderr, "%s: unrecognized option '%s'\n", o->prog, a);
		o->opt = 0;
		return '?';
	}
	o->arg = eq ? eq + 1 : NULL;
	if (eq && hit->has_arg == UOPT_NOARG) {
		fprintf(stderr, "%s: option '--%s' doesn't allow an argument\n", o->prog, hit->name);
		o->opt = 0;
		return '?';
	}
	if (!eq && hit->has_arg == UOPT_ARG) {
		if (o->next >= argc) {
			fprintf(stderr, "%s: option '--%s' requires an argument\n", o->prog,
				hit->name);
			o->opt = 0;
			return '?';
		}
		o->arg = argv[o->next++];
	}
	return hit->val;
}

int uopt_next(struct uopt *o, int argc, char **argv, const char *shortopts,
	      const struct uopt_long *longopts)
{
	int in_order = shortopts[0] == '+';
	const char *spec, *a;
	int c;

	if (o->done)
		return -1;
	if (!o->ops && !(o->ops = malloc((argc + 1) * sizeof(*o->ops)))) {
		fprintf(stderr, "%s: out of memory\n", o->prog);
		exit(2);
	}
	o->arg = NULL;
	if (!o->pos) {
		/* find the next option, setting operands aside */
		for (;;) {
			if (o->next >= argc)
				return uopt_finish(o, argc, argv);
			a = argv[o->next];
			if (strcmp(a, "--") == 0) {
				o->next++;
				return uopt_finish(o, argc, argv);
			}
			if (a[0] == '-' && a[1])
				break;
			if (in_order)
				return uopt_finish(o, argc, argv);
			o->ops[o->nops++] = argv[o->next++];
		}
		if (a[1] == '-')
			return uopt_long(o, argc, argv, longopts);
		o->pos = 1;
	}
	a = argv[o->next];
	c = (unsigned char)a[o->pos++];
	spec = c == ':' || c == '+' ? NULL : strchr(shortopts + in_order, c);
	if (!spec) {
		fprintf(stderr, "%s: invalid option -- '%c'\n", o->prog, c);
		o->opt = c;
		c = '?';
	} else if (spec[1] == ':') {
		if (a[o->pos]) {
			o->arg = (char *)a + o->pos;
		} else if (spec[2] != ':') {
			if (o->next + 1 >= argc) {
				fprintf(stderr, "%s: option requires an argument -- '%c'\n", o->prog, c);
				o->opt = c;
				c = '?';
			} else {
				o->arg = argv[++o->next];
			}
		}
		o->pos = 0;
		o->next++;
		return c;
	}
	if (!a[o->pos]) {
		o->pos = 0;
		o->next++;
	}
	return c;
}

/* ---- files and dates ---- */

long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (long)len;
}

char *read_whole(const char *path, size_t *len)
{
	size_t size = 4096, n = 0;
	char *buf = malloc(size);
	int fd = open(path, O_RDONLY), err;

	if (fd < 0 || !buf)
		goto fail;
	for (;;) {
		ssize_t r;

		if (n + 1 == size) {
			char *p = realloc(buf, size * 2);

			if (!p)
				goto fail;
			buf = p;
			size *= 2;
		}
		r = read(fd, buf + n, size - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	free(buf);
	errno = err ? err : ENOMEM;
	return NULL;
}

long long meminfo_value(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, klen) == 0 && p[klen] == ':')
			return strtoll(p + klen + 1, NULL, 10);
	return -1;
}

void fmt_ctime(long long t, char buf[32])
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, 32, "?");
		return;
	}
	snprintf(buf, 32, "%.3s %.3s %2d %02d:%02d:%02d %d", days + 3 * tm.tm_wday,
		 months + 3 * tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 tm.tm_year + 1900);
}
