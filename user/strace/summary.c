/*
 * user/strace/summary.c - strace -c: calls, errors and time per system
 * call, printed as strace's table when the trace ends, most time first.
 * Time is wall-clock time from the entry stop to the exit stop (strace
 * measures system time unless -w is given).  Calls without a name are
 * left out, as strace leaves them out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strace.h"

struct sc_stat {
	long scno;
	unsigned long calls, errors;
	unsigned long long ns;
};

static struct sc_stat *stats; /* one per table entry, then numbers without one */
static unsigned int nstats, cap;

static struct sc_stat *stat_for(long scno)
{
	if (!stats) {
		cap = nsyscalls + 16;
		stats = calloc(cap, sizeof(*stats));
		if (!stats)
			return NULL;
		for (unsigned int i = 0; i < nsyscalls; i++)
			stats[i].scno = (long)i;
		nstats = nsyscalls;
	}
	if (scno >= 0 && (unsigned long)scno < nsyscalls)
		return &stats[scno];
	for (unsigned int i = nsyscalls; i < nstats; i++)
		if (stats[i].scno == scno)
			return &stats[i];
	if (nstats == cap)
		return NULL; /* that many unknown numbers: not counted */
	stats[nstats].scno = scno;
	return &stats[nstats++];
}

void summary_record(struct tcb *t, const struct timespec *now)
{
	struct sc_stat *s = stat_for(t->scno);
	long long ns = (now->tv_sec - t->t_entry.tv_sec) * 1000000000LL +
		       (now->tv_nsec - t->t_entry.tv_nsec);

	if (!s || !sysent_get(t->scno)->name)
		return; /* like strace, numbers without a name are not counted */
	s->calls++;
	s->errors += syserror(t) != 0;
	s->ns += ns > 0 ? (unsigned long long)ns : 0;
}

static int by_time(const void *a, const void *b)
{
	const struct sc_stat *x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns < y->ns ? 1 : -1;
	return x->scno < y->scno ? -1 : x->scno > y->scno;
}

static void name_of(long scno, char *buf, size_t size)
{
	const struct sysent *e = sysent_get(scno);

	if (e->name)
		snprintf(buf, size, "%s", e->name);
	else
		snprintf(buf, size, "syscall_%#lx", (unsigned long)scno);
}

static void row(int fd, double pct, unsigned long long ns, unsigned long calls,
		unsigned long errors, const char *name)
{
	char err[32] = "";

	if (errors)
		snprintf(err, sizeof(err), "%lu", errors);
	dprintf(fd, "%6.2f %11.6f %11llu %9lu %9s %s\n", pct, (double)ns / 1e9,
		calls ? ns / 1000 / calls : 0, calls, err, name);
}

void summary_print(int fd)
{
	unsigned long long total_ns = 0;
	unsigned long calls = 0, errors = 0;
	size_t width = 16;
	char name[64], dashes[80];
	unsigned int n = 0;

	for (unsigned int i = 0; i < nstats; i++) {
		if (!stats[i].calls)
			continue;
		stats[n++] = stats[i];
	}
	qsort(stats, n, sizeof(*stats), by_time);
	for (unsigned int i = 0; i < n; i++) {
		total_ns += stats[i].ns;
		calls += stats[i].calls;
		errors += stats[i].errors;
		name_of(stats[i].scno, name, sizeof(name));
		if (strlen(name) >= width)
			width = strlen(name) + 1;
	}
	memset(dashes, '-', sizeof(dashes));
	dashes[width < sizeof(dashes) ? width : sizeof(dashes) - 1] = 0;
	dprintf(fd, "%% time     seconds  usecs/call     calls    errors syscall\n");
	dprintf(fd, "------ ----------- ----------- --------- --------- %s\n", dashes);
	for (unsigned int i = 0; i < n; i++) {
		name_of(stats[i].scno, name, sizeof(name));
		row(fd, total_ns ? 100.0 * (double)stats[i].ns / (double)total_ns : 0.0, stats[i].ns,
		    stats[i].calls, stats[i].errors, name);
	}
	dprintf(fd, "------ ----------- ----------- --------- --------- %s\n", dashes);
	row(fd, 100.0, total_ns, calls, errors, "total");
	nstats = 0; /* printed once */
}
