/*
 * user/env.c - env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG...]]:
 * print the environment, or run COMMAND (searched in $PATH) in a changed
 * one.  -i starts from an empty environment, -u removes NAME.
 * Exit status when COMMAND cannot run: 127 not found, 126 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

extern char **environ;

static int usage(void)
{
	fprintf(stderr, "usage: env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG...]]\n");
	return 125;
}

int main(int argc, char **argv)
{
	static char *empty[] = { NULL };
	const char *path;
	int i, err;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0) {
			environ = empty;
		} else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) {
			if (unsetenv(argv[++i]) < 0) {
				fprintf(stderr, "env: cannot unset '%s': %s\n", argv[i], strerror(errno));
				return 125;
			}
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			return usage();
		}
	}
	for (; i < argc && strchr(argv[i], '='); i++) {
		if (argv[i][0] == '=' || putenv(argv[i]) != 0) {
			fprintf(stderr, "env: cannot set '%s': %s\n", argv[i],
				strerror(argv[i][0] == '=' ? EINVAL : errno));
			return 125;
		}
	}
	if (i == argc) {
		for (char **e = environ; *e; e++)
			printf("%s\n", *e);
		if (fflush(stdout) == EOF) {
			fprintf(stderr, "env: write error: %s\n", strerror(errno));
			return 125;
		}
		return 0;
	}
	path = getenv("PATH");
	err = exec_search(argv[i], argv + i, environ, path ? path : "/bin");
	fprintf(stderr, "env: '%s': %s\n", argv[i], strerror(err));
	return exec_fail_code(err);
}
