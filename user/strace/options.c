/*
 * user/strace/options.c - strace's command line, its subset that this
 * strace has: -c -f -q -w, -e trace=/signal=, -o FILE, -s N, -h, -V.
 * Options stop at the first non-option (the command), as with strace's
 * "+" getopt.  Errors read as strace's and exit 1.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "trace.h"

static const char usage_text[] =
	"Usage: strace [-cfqw] [-e EXPR]... [-o FILE] [-s STRSIZE] PROG [ARGS]\n"
	"\n"
	"Trace the system calls and signals of PROG, as Linux's strace does\n"
	"(lom's strace, built on ptrace).\n"
	"\n"
	"General:\n"
	"  -e EXPR        a qualifying expression: OPTION=[!]all or OPTION=[!]VAL1[,VAL2]...\n"
	"     options:    trace, signal (no OPTION= means trace)\n"
	"  -e trace=NAME[,NAME]..., -e NAME[,NAME]...\n"
	"                 trace only these system calls (!NAME...: all but these)\n"
	"  -e signal=SIG[,SIG]...\n"
	"                 show only these signals (TERM, SIGTERM or 15; all, none)\n"
	"\n"
	"Tracing:\n"
	"  -f, --follow-forks\n"
	"                 follow child processes as fork, vfork and clone create them\n"
	"\n"
	"Output format:\n"
	"  -o FILE, --output=FILE\n"
	"                 send trace output to FILE instead of stderr\n"
	"  -s STRSIZE, --string-limit=STRSIZE\n"
	"                 limit length of print strings to STRSIZE chars (default 32)\n"
	"  -q, --quiet    suppress messages about attaching and unknown processes\n"
	"\n"
	"Statistics:\n"
	"  -c, --summary-only\n"
	"                 count time, calls, and errors for each syscall and report summary\n"
	"  -w, --summary-wall-clock\n"
	"                 summarise syscall latency (this strace always measures wall clock)\n"
	"\n"
	"Miscellaneous:\n"
	"  -h, --help     print help message\n"
	"  -V, --version  print version\n";

static void die_help(const char *fmt, const char *arg)
{
	fprintf(stderr, "strace: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'strace -h' for more information.\n");
	exit(1);
}

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "strace: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

/* -e trace=LIST: a fresh set each time, as in strace (the last one wins). */
static void qualify_trace(const char *list)
{
	int neg = *list == '!';
	char *copy, *tok, *save;

	if (neg)
		list++;
	free(trace_set);
	trace_set = calloc(nsyscalls, 1);
	copy = strdup(list);
	if (!trace_set || !copy)
		die("%s", "out of memory");
	if (!*copy)
		die("invalid system call '%s'", "");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int optional = *tok == '?';
		long n;

		if (optional)
			tok++;
		if (!strcmp(tok, "all")) {
			memset(trace_set, 1, nsyscalls);
			continue;
		}
		if (!strcmp(tok, "none"))
			continue;
		n = sysent_lookup(tok);
		if (n < 0) {
			if (optional)
				continue;
			die("invalid system call '%s'", tok);
		}
		trace_set[n] = 1;
	}
	if (neg)
		for (unsigned int i = 0; i < nsyscalls; i++)
			trace_set[i] = !trace_set[i];
	free(copy);
}

static int signal_number(const char *s)
{
	char *end;
	long n;

	if (*s >= '0' && *s <= '9') {
		n = strtol(s, &end, 10);
		return *end || n < 1 || n > 64 ? -1 : (int)n;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i <= 64; i++)
		if (signame(i) && !strcasecmp(s, signame(i) + 3))
			return i;
	return -1;
}

static void qualify_signal(const char *list)
{
	int neg = *list == '!', val = 1;
	char *copy, *tok, *save;

	if (neg)
		list++;
	copy = strdup(list);
	if (!copy)
		die("%s", "out of memory");
	memset(signal_set, 0, sizeof(signal_set));
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int sig;

		if (!strcmp(tok, "all")) {
			memset(signal_set, 1, sizeof(signal_set));
			continue;
		}
		if (!strcmp(tok, "none"))
			continue;
		sig = signal_number(tok);
		if (sig < 0)
			die("invalid signal '%s'", tok);
		signal_set[sig] = 1;
	}
	if (neg)
		for (unsigned int i = 0; i < sizeof(signal_set); i++)
			signal_set[i] = (unsigned char)(val - signal_set[i]);
	free(copy);
}

static void qualify(const char *expr)
{
	static const char *const unsupported[] = {
		"abbrev", "verbose", "raw", "read", "write", "fault", "inject", "status",
		"quiet", "kvm", "decode-fds", "decode-pids", NULL,
	};
	const char *eq = strchr(expr, '=');
	size_t len = eq ? (size_t)(eq - expr) : 0;

	if (eq && ((len == 5 && !strncmp(expr, "trace", 5)) || (len == 1 && *expr == 't'))) {
		qualify_trace(eq + 1);
		return;
	}
	if (eq && ((len == 6 && !strncmp(expr, "signal", 6)) ||
		   (len == 7 && !strncmp(expr, "signals", 7)) || (len == 1 && *expr == 's'))) {
		qualify_signal(eq + 1);
		return;
	}
	for (int i = 0; eq && unsupported[i]; i++)
		if (strlen(unsupported[i]) == len && !strncmp(expr, unsupported[i], len))
			die("-e %s: not supported by this strace", expr);
	qualify_trace(expr);
}

static void open_output(const char *file, int *out_fd)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

	if (fd < 0) {
		fprintf(stderr, "strace: Can't fopen '%s': %s\n", file, strerror(errno));
		exit(1);
	}
	*out_fd = fd;
}

/* A long option: its short letter, and its argument if it has "=ARG". */
static int long_option(const char *arg, const char **optarg)
{
	static const struct {
		const char *name;
		int c;
	} longs[] = {
		{ "help", 'h' }, { "version", 'V' }, { "follow-forks", 'f' }, { "output", 'o' },
		{ "string-limit", 's' }, { "quiet", 'q' }, { "summary-only", 'c' },
		{ "summary-wall-clock", 'w' }, { "trace", -'t' }, { "signal", -'S' },
	};
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);

	*optarg = eq ? eq + 1 : NULL;
	for (size_t i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
		if (strlen(longs[i].name) == len && !strncmp(arg, longs[i].name, len))
			return longs[i].c;
	die_help("unrecognized option '--%s'", arg);
	return 0;
}

static void apply(int c, const char *optarg, int *out_fd)
{
	char *end;
	long n;

	switch (c) {
	case 'c': count_only = 1; break;
	case 'f': follow_fork = 1; break;
	case 'q': quiet = 1; break;
	case 'w': break;
	case 'e': qualify(optarg); break;
	case -'t': qualify_trace(optarg); break;
	case -'S': qualify_signal(optarg); break;
	case 'o': open_output(optarg, out_fd); break;
	case 's':
		n = strtol(optarg, &end, 10);
		if (*end || end == optarg || n < 0 || n > 1 << 20)
			die_help("invalid -s argument: '%s'", optarg);
		max_strlen = (unsigned int)n;
		break;
	case 'h': fputs(usage_text, stdout); exit(0);
	case 'V': puts("strace -- lom's strace (output as strace 6.1 prints it)"); exit(0);
	}
}

int parse_options(int argc, char **argv, int *out_fd)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i], *optarg;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[1] == '-') {
			int c = long_option(a + 2, &optarg);

			if ((c == 'o' || c == 's' || c < 0) && !optarg) {
				if (i + 1 >= argc)
					die_help("option '%s' requires an argument", a);
				optarg = argv[++i];
			}
			apply(c, optarg, out_fd);
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			if (!strchr("cfqwhVeos", *p)) {
				char opt[2] = { *p, 0 };

				die_help("invalid option -- '%s'", opt);
			}
			if (strchr("eos", *p)) {
				if (p[1]) {
					optarg = p + 1;
				} else if (i + 1 < argc) {
					optarg = argv[++i];
				} else {
					char opt[2] = { *p, 0 };

					die_help("option requires an argument -- '%s'", opt);
				}
				apply(*p, optarg, out_fd);
				break;
			}
			apply(*p, NULL, out_fd);
		}
	}
	if (i >= argc)
		die_help("%s", "must have PROG [ARGS] or -p PID");
	/* -o FILE: quiet; and with -f every line names its pid */
	if (*out_fd != 2) {
		quiet = 1;
		if (follow_fork)
			pid_prefix = PFX_ALWAYS;
	}
	return i;
}
