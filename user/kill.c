/*
 * user/kill.c - send a signal to processes.
 *
 *   kill [-s SIG | -SIG] [--] PID...   SIG a name (TERM, SIGTERM) or number;
 *                                      TERM by default; a negative PID is a
 *                                      process group
 *   kill -l [SIG|STATUS]...            list signal names, or name one
 *                                      (an exit status above 128 too)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

static int usage(void)
{
	fprintf(stderr, "usage: kill [-s SIGNAL | -SIGNAL] PID...\n"
			"       kill -l [SIGNAL]...\n");
	return 1;
}

static int list(char **args)
{
	int ret = 0;

	if (!*args)
		for (int sig = 1; sig <= SIG_LAST; sig++)
			printf("%s\n", sig_name(sig));
	for (; *args; args++) {
		const char *a = *args;
		char *end;
		long n;

		if (*a >= '0' && *a <= '9') {
			n = strtol(a, &end, 10);
			n -= n > 128 ? 128 : 0;		/* an exit status: 143 is TERM */
			if (!*end && n > 0 && n <= SIG_LAST) {
				printf("%s\n", sig_name((int)n));
				continue;
			}
		} else if ((n = sig_number(a)) > 0) {
			printf("%ld\n", n);
			continue;
		}
		fprintf(stderr, "kill: %s: invalid signal\n", a);
		ret = 1;
	}
	return ret;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, ret = 0, i = 1;
	const char *spec = NULL;

	if (i < argc && strcmp(argv[i], "-l") == 0)
		return list(argv + i + 1);
	if (i + 1 < argc && strcmp(argv[i], "-s") == 0) {
		spec = argv[i + 1];
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
		spec = argv[i] + 1;
		i++;
	}
	if (spec && (sig = sig_number(spec)) < 0) {
		fprintf(stderr, "kill: %s: invalid signal\n", spec);
		return 1;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		return usage();
	for (; i < argc; i++) {
		char *end;
		long pid;

		errno = 0;
		pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end || errno || pid != (pid_t)pid) {
			fprintf(stderr, "kill: %s: invalid process id\n", argv[i]);
			ret = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
			ret = 1;
		}
	}
	if (fflush(stdout) == EOF)
		ret = 1;
	return ret;
}
