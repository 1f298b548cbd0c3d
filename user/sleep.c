/*
 * user/sleep.c - sleep NUMBER[SUFFIX]...: pause for the sum of the
 * durations, as coreutils' sleep: each a number of seconds as strtod(3)
 * reads it ("0.5", ".5", "1e-1", "0x1p-2", "inf"), with an optional unit
 * suffix s (seconds), m (minutes), h (hours) or d (days).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ulib.h"

/* The seconds of one argument; -1 if it is not a duration. */
static double duration(const char *s)
{
	char *end;
	double d, mult = 1;

	errno = 0;
	d = strtod(s, &end);
	if (end == s || d != d || d < 0)
		return -1;
	switch (*end) {
	case '\0': break;
	case 's': mult = 1; break;
	case 'm': mult = 60; break;
	case 'h': mult = 3600; break;
	case 'd': mult = 86400; break;
	default: return -1;
	}
	if (*end && end[1])
		return -1;
	return d * mult;
}

static void usage(void)
{
	printf("Usage: sleep NUMBER[SUFFIX]...\n"
	       "  or:  sleep OPTION\n"
	       "Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),\n"
	       "'m' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an\n"
	       "integer.  Given two or more arguments, pause for the amount of time\n"
	       "specified by the sum of their values.\n"
	       "\n"
	       "      --help        display this help and exit\n"
	       "      --version     output version information and exit\n");
}

enum { O_HELP = 256, O_VERSION };

static const struct uopt_long longopts[] = {
	{ "help", UOPT_NOARG, O_HELP }, { "version", UOPT_NOARG, O_VERSION }, { NULL, 0, 0 },
};

int main(int argc, char **argv)
{
	double total = 0;
	struct timespec ts;
	struct uopt o;
	int c;

	uopt_init(&o, "sleep");
	while ((c = uopt_next(&o, argc, argv, "", longopts)) != -1) {
		if (c == O_HELP) {
			usage();
			return 0;
		}
		if (c == O_VERSION) {
			printf("sleep (lom) 1.0\n");
			return 0;
		}
		try_help("sleep", 1);
	}
	if (o.ind == argc) {
		fprintf(stderr, "sleep: missing operand\n");
		try_help("sleep", 1);
	}
	for (int i = o.ind; i < argc; i++) {
		double d = duration(argv[i]);

		if (d < 0) {
			fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]);
			try_help("sleep", 1);
		}
		total += d;
	}
	/* "inf", or more than time_t holds: a day at a time, for ever */
	for (;;) {
		double part = total > 86400 ? 86400 : total;

		ts.tv_sec = (time_t)part;
		ts.tv_nsec = (long)((part - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) < 0) {
			if (errno != EINTR) {
				fprintf(stderr, "sleep: cannot read realtime clock: %s\n", strerror(errno));
				return 1;
			}
		}
		if (total <= 86400)
			return 0;
		if (total < 1e18)	/* else "inf": never less */
			total -= 86400;
	}
}
