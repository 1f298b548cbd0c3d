/*
 * user/sleep.c - sleep DURATION...: pause for the sum of the durations,
 * each a decimal number of seconds ("0.5") with an optional unit suffix:
 * s (seconds), m (minutes), h (hours), d (days).  No floating point.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define NSEC	1000000000ULL
#define MAX_SEC	(1ULL << 40)	/* some 35000 years: plenty, and no overflow */

/* Add the duration s to *sec, *ns; -1 if s is not one. */
static int add_duration(const char *s, unsigned long long *sec, unsigned long long *ns)
{
	unsigned long long whole = 0, frac = 0, scale = NSEC / 10, mult;
	const char *p = s;
	int digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++)
		whole = whole < MAX_SEC ? whole * 10 + (*p - '0') : MAX_SEC;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, digits++, scale /= 10)
			frac += (*p - '0') * scale;
	switch (*p) {
	case '\0':
	case 's':
		mult = 1;
		break;
	case 'm':
		mult = 60;
		break;
	case 'h':
		mult = 3600;
		break;
	case 'd':
		mult = 86400;
		break;
	default:
		return -1;
	}
	if (!digits || (*p && p[1]))
		return -1;
	frac *= mult;
	*sec += whole * mult + frac / NSEC;
	*ns += frac % NSEC;
	*sec += *ns / NSEC;
	*ns %= NSEC;
	if (*sec > MAX_SEC)
		*sec = MAX_SEC;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long sec = 0, ns = 0;
	struct timespec ts;

	if (argc < 2) {
		fprintf(stderr, "usage: sleep NUMBER[s|m|h|d]...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (add_duration(argv[i], &sec, &ns) < 0) {
			fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]);
			return 1;
		}
	}
	ts.tv_sec = (time_t)sec;
	ts.tv_nsec = (long)ns;
	while (nanosleep(&ts, &ts) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sleep: %s\n", strerror(errno));
			return 1;
		}
	}
	return 0;
}
