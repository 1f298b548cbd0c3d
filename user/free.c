/*
 * user/free.c - free [OPTION]...: the amount of free and used memory, as
 * procps-ng 4's free(1) prints it, from /proc/meminfo:
 *
 *                  total        used        free      shared  buff/cache   available
 *   Mem:          256008         520      255400           0          88      255488
 *   Swap:              0           0           0
 *
 * The columns, all from /proc/meminfo (kB):
 *   total      MemTotal
 *   used       MemTotal - MemAvailable (MemTotal - MemFree if that is negative)
 *   free       MemFree
 *   shared     Shmem
 *   buff/cache Buffers + Cached + SReclaimable (-w: buffers, then cache)
 *   available  MemAvailable; MemFree when the kernel gives none (or a
 *              nonsense one, above MemTotal), as procps-ng 4 does
 * A field the kernel does not print counts as 0 (lom has no swap, no page
 * cache).  Units: kibibytes by default, -b -k -m -g --tebi --pebi, the
 * powers of 1000 with --kilo .. --peta, or -h (3 significant digits, a
 * unit suffix: "1.5Gi", "12Mi"; --si: "1.6G").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ulib.h"

#define F_HUMAN		0x01
#define F_SI		0x02
#define F_LOHI		0x04
#define F_TOTAL		0x08
#define F_COMMITTED	0x10
#define F_WIDE		0x20
#define F_REPEAT	0x40
#define F_COUNT		0x80

static int flags;
static int exponent;	/* 0: kB as read; 1: bytes; 2..6: K, M, G, T, P */

/* The figures free shows, in kB (signed: CommitLimit - Committed_AS may be negative). */
struct mem {
	long long total, used, free, shared, buffers, cache, available;
	long long low_total, low_free, high_total, high_free;
	long long swap_total, swap_free, swap_used;
	long long commit_limit, committed;
};

static void usage(FILE *out)
{
	fputs("\nUsage:\n"
	      " free [options]\n"
	      "\nOptions:\n"
	      " -b, --bytes         show output in bytes\n"
	      "     --kilo          show output in kilobytes\n"
	      "     --mega          show output in megabytes\n"
	      "     --giga          show output in gigabytes\n"
	      "     --tera          show output in terabytes\n"
	      "     --peta          show output in petabytes\n"
	      " -k, --kibi          show output in kibibytes\n"
	      " -m, --mebi          show output in mebibytes\n"
	      " -g, --gibi          show output in gibibytes\n"
	      "     --tebi          show output in tebibytes\n"
	      "     --pebi          show output in pebibytes\n"
	      " -h, --human         show human-readable output\n"
	      "     --si            use powers of 1000 not 1024\n"
	      " -l, --lohi          show detailed low and high memory statistics\n"
	      " -t, --total         show total for RAM + swap\n"
	      " -v, --committed     show committed memory and commit limit\n"
	      " -s N, --seconds N   repeat printing every N seconds\n"
	      " -c N, --count N     repeat printing N times, then exit\n"
	      " -w, --wide          wide output\n"
	      "\n"
	      "     --help     display this help and exit\n"
	      " -V, --version  output version information and exit\n"
	      "\nFor more details see free(1).\n", out);
	exit(out == stderr ? 1 : 0);
}

static double power(unsigned base, int e)
{
	double r = 1;

	while (e-- > 0)
		r *= base;
	return r;
}

/* kb in the unit asked for; as procps: truncated, -h keeps 4 or 5 columns */
static const char *scale(long long kb)
{
	static const char up[] = "BKMGTP";
	static char buf[64];
	unsigned base = flags & F_SI ? 1000 : 1024;
	long long bytes = kb * 1024;

	if (!(flags & F_HUMAN)) {
		if (exponent == 0)
			snprintf(buf, sizeof(buf), "%lld", kb);
		else if (exponent == 1)
			snprintf(buf, sizeof(buf), "%lld", bytes);
		else
			snprintf(buf, sizeof(buf), "%lld",
				 (long long)(bytes / power(base, exponent - 1)));
		return buf;
	}
	if (snprintf(buf, sizeof(buf), "%lldB", bytes) <= 4)
		return buf;
	for (int i = 1; up[i]; i++) {
		const char *i_suffix = flags & F_SI ? "" : "i";
		int max = flags & F_SI ? 4 : 5;

		if (snprintf(buf, sizeof(buf), "%.1f%c%s", (float)(bytes / power(base, i)), up[i],
			     i_suffix) <= max)
			return buf;
		if (snprintf(buf, sizeof(buf), "%lld%c%s", (long long)(bytes / power(base, i)),
			     up[i], i_suffix) <= max)
			return buf;
	}
	return buf;	/* exbibytes: wider than the column */
}

/* a field of /proc/meminfo, 0 when absent */
static long long field(const char *text, const char *key)
{
	long long v = meminfo_value(text, key);

	return v < 0 ? 0 : v;
}

static int read_mem(struct mem *m)
{
	char *t = read_whole("/proc/meminfo", NULL);

	if (!t) {
		if (errno == ENOENT)
			fprintf(stderr, "free: Memory information file /proc/meminfo does not exist\n");
		else
			fprintf(stderr, "free: /proc/meminfo: %s\n", strerror(errno));
		return -1;
	}
#define GET(key) field(t, key)
	m->total = GET("MemTotal");
	m->free = GET("MemFree");
	m->available = GET("MemAvailable");
	m->shared = GET("Shmem");
	m->buffers = GET("Buffers");
	m->cache = GET("Cached") + GET("SReclaimable");
	m->low_total = GET("LowTotal");
	m->low_free = GET("LowFree");
	m->high_total = GET("HighTotal");
	m->high_free = GET("HighFree");
	m->swap_total = GET("SwapTotal");
	m->swap_free = GET("SwapFree");
	m->commit_limit = GET("CommitLimit");
	m->committed = GET("Committed_AS");
#undef GET
	free(t);
	if (m->available == 0 || m->available > m->total)
		m->available = m->free;
	m->used = m->total - m->available;
	if (m->used < 0)
		m->used = m->total - m->free;
	if (m->low_total == 0) {
		m->low_total = m->total;
		m->low_free = m->free;
	}
	m->swap_used = m->swap_free < m->swap_total ? m->swap_total - m->swap_free : 0;
	return 0;
}

/* "Mem:" and the like, padded to 9 columns, then the figures */
static void row(const char *name, int n, const long long *v)
{
	printf("%-9s%11s", name, scale(v[0]));
	for (int i = 1; i < n; i++)
		printf(" %11s", scale(v[i]));
	printf("\n");
}

static void show(const struct mem *m)
{
	long long low_used = m->low_free < m->low_total ? m->low_total - m->low_free : 0;
	long long high_used = m->high_free < m->high_total ? m->high_total - m->high_free : 0;

	if (flags & F_WIDE) {
		printf("               total        used        free      shared     buffers"
		       "       cache   available\n");
		row("Mem:", 7, (long long[]){ m->total, m->used, m->free, m->shared, m->buffers,
					      m->cache, m->available });
	} else {
		printf("               total        used        free      shared  buff/cache"
		       "   available\n");
		row("Mem:", 6, (long long[]){ m->total, m->used, m->free, m->shared,
					      m->buffers + m->cache, m->available });
	}
	if (flags & F_LOHI) {
		row("Low:", 3, (long long[]){ m->low_total, low_used, m->low_free });
		row("High:", 3, (long long[]){ m->high_total, high_used, m->high_free });
	}
	row("Swap:", 3, (long long[]){ m->swap_total, m->swap_used, m->swap_free });
	if (flags & F_TOTAL)
		row("Total:", 3, (long long[]){ m->total + m->swap_total, m->used + m->swap_used,
						m->free + m->swap_free });
	if (flags & F_COMMITTED)
		row("Comm:", 3, (long long[]){ m->commit_limit, m->committed,
					       m->commit_limit - m->committed });
}

static void set_unit(int *unit_set, int e, int si)
{
	if (*unit_set) {
		fprintf(stderr, "free: Multiple unit options don't make sense.\n");
		exit(1);
	}
	*unit_set = 1;
	exponent = e;
	flags |= si;
}

/* -s N: seconds, a decimal number ('.' or ','), > 0; in microseconds */
static long long parse_seconds(const char *s)
{
	char buf[64], *end;
	double d;

	snprintf(buf, sizeof(buf), "%s", s);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	errno = 0;
	d = strtod(buf, &end);
	if (!*buf || *end || errno) {
		fprintf(stderr, "free: seconds argument failed: '%s': %s\n", s,
			strerror(errno ? errno : EINVAL));
		exit(1);
	}
	if (d * 1000000 < 1) {
		fprintf(stderr, "free: seconds argument `%s' is not positive number\n", s);
		exit(1);
	}
	return (long long)(d * 1000000);
}

static int parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (!*s || *end || errno) {
		fprintf(stderr, "free: failed to parse count argument: '%s'\n", s);
		exit(1);
	}
	if (n < 1 || n > 0x7fffffff) {
		fprintf(stderr, "free: failed to parse count argument: '%s': %s\n", s,
			strerror(ERANGE));
		exit(1);
	}
	return (int)n;
}

enum { O_SI = 256, O_KILO, O_MEGA, O_GIGA, O_TERA, O_PETA, O_TEBI, O_PEBI, O_HELP };

static const struct uopt_long longopts[] = {
	{ "bytes", UOPT_NOARG, 'b' },	 { "kilo", UOPT_NOARG, O_KILO },
	{ "mega", UOPT_NOARG, O_MEGA },	 { "giga", UOPT_NOARG, O_GIGA },
	{ "tera", UOPT_NOARG, O_TERA },	 { "peta", UOPT_NOARG, O_PETA },
	{ "kibi", UOPT_NOARG, 'k' },	 { "mebi", UOPT_NOARG, 'm' },
	{ "gibi", UOPT_NOARG, 'g' },	 { "tebi", UOPT_NOARG, O_TEBI },
	{ "pebi", UOPT_NOARG, O_PEBI },	 { "human", UOPT_NOARG, 'h' },
	{ "si", UOPT_NOARG, O_SI },	 { "lohi", UOPT_NOARG, 'l' },
	{ "total", UOPT_NOARG, 't' },	 { "committed", UOPT_NOARG, 'v' },
	{ "seconds", UOPT_ARG, 's' },	 { "count", UOPT_ARG, 'c' },
	{ "wide", UOPT_NOARG, 'w' },	 { "help", UOPT_NOARG, O_HELP },
	{ "version", UOPT_NOARG, 'V' },	 { NULL, 0, 0 },
};

int main(int argc, char **argv)
{
	long long interval_us = 1000000;
	int c, unit_set = 0, count = 0;
	struct uopt o;
	struct mem m;

	uopt_init(&o, "free");
	while ((c = uopt_next(&o, argc, argv, "bkmghltvc:ws:V", longopts)) != -1) {
		switch (c) {
		case 'b': set_unit(&unit_set, 1, 0); break;
		case 'k': set_unit(&unit_set, 2, 0); break;
		case 'm': set_unit(&unit_set, 3, 0); break;
		case 'g': set_unit(&unit_set, 4, 0); break;
		case O_TEBI: set_unit(&unit_set, 5, 0); break;
		case O_PEBI: set_unit(&unit_set, 6, 0); break;
		case O_KILO: set_unit(&unit_set, 2, F_SI); break;
		case O_MEGA: set_unit(&unit_set, 3, F_SI); break;
		case O_GIGA: set_unit(&unit_set, 4, F_SI); break;
		case O_TERA: set_unit(&unit_set, 5, F_SI); break;
		case O_PETA: set_unit(&unit_set, 6, F_SI); break;
		case 'h': flags |= F_HUMAN; break;
		case O_SI: flags |= F_SI; break;
		case 'l': flags |= F_LOHI; break;
		case 't': flags |= F_TOTAL; break;
		case 'v': flags |= F_COMMITTED; break;
		case 'w': flags |= F_WIDE; break;
		case 's':
			flags |= F_REPEAT;
			interval_us = parse_seconds(o.arg);
			break;
		case 'c':
			flags |= F_REPEAT | F_COUNT;
			count = parse_count(o.arg);
			break;
		case O_HELP:
			usage(stdout);
			break;
		case 'V':
			printf("free from lom (procps-ng 4 compatible)\n");
			return 0;
		default:
			usage(stderr);
		}
	}
	if (o.ind != argc)
		usage(stderr);
	for (;;) {
		struct timespec ts = { interval_us / 1000000, interval_us % 1000000 * 1000 };

		if (read_mem(&m) < 0)
			return 1;
		show(&m);
		if (fflush(stdout) == EOF) {
			fprintf(stderr, "free: write error: %s\n", strerror(errno));
			return 1;
		}
		if ((flags & F_COUNT) && --count < 1)
			break;
		if (!(flags & F_REPEAT))
			break;
		printf("\n");
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	return 0;
}
