/*
 * user/kill.c - send a signal to processes, as procps-ng's kill:
 *
 *   kill [-s SIG | --signal SIG | -SIG] [--] PID...
 *        SIG a name (TERM, SIGTERM, term) or a number; TERM by default.
 *        A negative PID is a process group (after the signal, or "--":
 *        kill -9 -123, kill -- -123); -1 is every process it may signal.
 *   kill -l, --list [SIG]    the names, or a name's number, a number's name
 *                            (an exit status above 128 too: 143 is TERM)
 *   kill -L, --table         the names in a table with their numbers
 *
 * Messages and the layout of -l and -L are procps's.  Exit status 0 if
 * every PID was signalled, else 1.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

/* procps names signal 29 POLL (IO is accepted too) */
static const char *name_of(int sig)
{
	return sig == SIGIO ? "POLL" : sig_name(sig);
}

static int number_of(const char *s)
{
	if (!strcasecmp(s, "POLL") || !strcasecmp(s, "SIGPOLL"))
		return SIGIO;
	if (!strcasecmp(s, "IOT") || !strcasecmp(s, "SIGIOT"))
		return SIGABRT;
	if (!strcasecmp(s, "CLD") || !strcasecmp(s, "SIGCLD"))
		return SIGCHLD;
	return sig_number(s);
}

static void usage(FILE *out)
{
	fputs("\nUsage:\n"
	      " kill [options] <pid> [...]\n"
	      "\nOptions:\n"
	      " <pid> [...]            send signal to every <pid> listed\n"
	      " -<signal>, -s, --signal <signal>\n"
	      "                        specify the <signal> to be sent\n"
	      " -l, --list=[<signal>]  list all signal names, or convert one to a name\n"
	      " -L, --table            list all signal names in a nice table\n"
	      "\n"
	      " -h, --help     display this help and exit\n"
	      " -V, --version  output version information and exit\n"
	      "\nFor more details see kill(1).\n", out);
	exit(out == stderr ? 1 : 0);
}

/* kill -l: the names on lines of at most some 80 columns */
static void list_all(void)
{
	int pos = 0;

	for (int sig = 1; sig <= SIG_LAST; sig++) {
		if (sig > 1) {
			if (pos > 73) {
				putchar('\n');
				pos = 0;
			} else {
				putchar(' ');
				pos++;
			}
		}
		pos += printf("%s", name_of(sig));
	}
	putchar('\n');
}

/* kill -L: " 1 HUP      2 INT ..." seven to a line */
static void table(void)
{
	int sig;

	for (sig = 1; sig <= SIG_LAST; sig++) {
		int n = printf("%2d %s", sig, name_of(sig));

		if (sig % 7)
			printf("%*s", 11 - n > 0 ? 11 - n : 0, "");
		else
			putchar('\n');
	}
	if ((sig - 1) % 7)
		putchar('\n');
}

/* kill -l ARG: a number's name (an exit status above 128 as well), a name's number */
static int list_one(const char *a)
{
	char *end;
	long n;

	if (*a >= '0' && *a <= '9') {
		n = strtol(a, &end, 10);
		if (n > 128 && n <= 128 + SIG_LAST)
			n -= 128;	/* an exit status: 143 is TERM */
		if (!*end && n > 0 && n <= SIG_LAST) {
			printf("%s\n", name_of((int)n));
			return 0;
		}
	} else if ((n = number_of(a)) > 0) {
		printf("%ld\n", n);
		return 0;
	}
	fprintf(stderr, "kill: unknown signal name %s\n", a);
	return 1;
}

static int parse_signal(const char *s)
{
	int sig = number_of(s);

	if (sig < 0) {
		fprintf(stderr, "kill: unknown signal name %s\n", s);
		exit(1);
	}
	return sig;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, ret = 0, i = 1;

	/* options come first; then "-N" is a process group, not a signal */
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-l") || !strcmp(a, "--list") || !strncmp(a, "--list=", 7) ||
		    !strncmp(a, "-l", 2)) {
			const char *arg = a[1] == 'l' ? (a[2] ? a + 2 : argv[i + 1]) :
					  a[6] == '=' ? a + 7 : NULL;

			if (!arg) {
				list_all();
				return fflush(stdout) == EOF;
			}
			ret = list_one(arg);
			return fflush(stdout) == EOF ? 1 : ret;
		}
		if (!strcmp(a, "-L") || !strcmp(a, "--table")) {
			table();
			return fflush(stdout) == EOF;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			usage(stdout);
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("kill from lom (procps-ng 4 compatible)\n");
			return 0;
		}
		if (!strcmp(a, "-s") || !strcmp(a, "--signal")) {
			if (i + 1 >= argc)
				usage(stderr);
			sig = parse_signal(argv[++i]);
			continue;
		}
		if (!strncmp(a, "--signal=", 9)) {
			sig = parse_signal(a + 9);
			continue;
		}
		if (a[1] == '-') {
			fprintf(stderr, "kill: unrecognized option '%s'\n", a);
			usage(stderr);
		}
		/* -SIG: only one; after it, "-123" is a process group */
		sig = parse_signal(a + 1);
		i++;
		break;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i == argc)
		usage(stderr);
	for (; i < argc; i++) {
		char *end;
		long pid;

		errno = 0;
		pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end || errno || pid != (pid_t)pid) {
			fprintf(stderr, "kill: failed to parse argument: '%s'\n", argv[i]);
			ret = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
			ret = 1;
		}
	}
	if (fflush(stdout) == EOF)
		ret = 1;
	return ret;
}
