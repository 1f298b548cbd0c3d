/*
 * libc/src/misc/getopt.c - getopt(3), POSIX short options: "ab:c::"
 * (b takes an argument, c an optional one glued to it), a leading ':'
 * in optstring returns ':' for a missing argument instead of '?';
 * scanning stops at the first non-option or after "--".  Messages as
 * glibc's: "prog: invalid option -- 'x'".
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int optpos;	/* index inside argv[optind] of the next option character */

static void complain(const char *prog, const char *what, int c)
{
	if (opterr)
		fprintf(stderr, "%s: %s -- '%c'\n", prog, what, c);
}

int getopt(int argc, char *const argv[], const char *optstring)
{
	const char *arg, *spec;
	int c, colon = optstring[0] == ':';

	if (optind == 0) {	/* glibc: optind = 0 restarts the scan */
		optind = 1;
		optpos = 0;
	}
	optarg = NULL;
	if (optind >= argc || !argv[optind])
		return -1;
	arg = argv[optind];
	if (!optpos) {
		if (arg[0] != '-' || !arg[1])
			return -1;
		if (arg[1] == '-' && !arg[2]) {
			optind++;
			return -1;
		}
		optpos = 1;
	}
	c = (unsigned char)arg[optpos++];
	spec = c == ':' ? NULL : strchr(optstring + colon, c);
	if (!spec) {
		optopt = c;
		if (!colon)
			complain(argv[0], "invalid option", c);
		if (!arg[optpos]) {
			optind++;
			optpos = 0;
		}
		return '?';
	}
	if (spec[1] == ':') {
		if (arg[optpos]) {
			optarg = (char *)arg + optpos;
			optind++;
		} else if (spec[2] == ':') {
			optind++;	/* optional argument absent */
		} else if (optind + 1 < argc) {
			optarg = argv[optind + 1];
			optind += 2;
		} else {
			optopt = c;
			optind++;
			optpos = 0;
			if (colon)
				return ':';
			complain(argv[0], "option requires an argument", c);
			return '?';
		}
		optpos = 0;
		return c;
	}
	if (!arg[optpos]) {
		optind++;
		optpos = 0;
	}
	return c;
}
