/*
 * user/strace/decode_misc.c - time, resource limits and usage, uname,
 * sysinfo, times, CPU sets: the structures and the calls around them.
 */
#include <stdio.h>

#include "strace.h"

void print_timespec_at(struct tcb *t, unsigned long addr)
{
	long ts[2];

	if (umove_or_printaddr(t, addr, sizeof(ts), ts) == 0)
		tprintf("{tv_sec=%ld, tv_nsec=%ld}", ts[0], ts[1]);
}

void print_timeval_at(struct tcb *t, unsigned long addr)
{
	long tv[2];

	if (umove_or_printaddr(t, addr, sizeof(tv), tv) == 0)
		tprintf("{tv_sec=%ld, tv_usec=%ld}", tv[0], tv[1]);
}

/* the remaining time: only worth reading if the sleep was interrupted */
static void print_rem(struct tcb *t, unsigned long addr)
{
	long ts[2];

	if (addr && syserror(t) && umoven(t, addr, sizeof(ts), ts) == 0)
		tprintf("{tv_sec=%ld, tv_nsec=%ld}", ts[0], ts[1]);
	else
		printaddr(addr);
}

int sys_nanosleep(struct tcb *t)
{
	if (entering(t)) {
		print_timespec_at(t, t->arg[0]);
		tprint_arg_next();
		return 0;
	}
	print_rem(t, t->arg[1]);
	return 0;
}

int sys_clock_nanosleep(struct tcb *t)
{
	if (entering(t)) {
		printxval(X_CLOCK, (unsigned int)t->arg[0]);
		tprint_arg_next();
		printflags(X_TIMER, (unsigned int)t->arg[1]);
		tprint_arg_next();
		print_timespec_at(t, t->arg[2]);
		tprint_arg_next();
		return 0;
	}
	print_rem(t, t->arg[3]);
	return 0;
}

/* days since 1970-01-01 to a civil date (Howard Hinnant's algorithm) */
static void civil_from_days(long z, long *y, unsigned int *m, unsigned int *d)
{
	long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* time(tloc): the result is also shown as a date (UTC) */
int sys_time(struct tcb *t)
{
	static char date[64];
	long secs, days, y;
	unsigned int m, d;
	long v;

	if (entering(t))
		return 0;
	if (t->arg[0]) {
		if (umove_or_printaddr(t, t->arg[0], sizeof(v), &v) == 0)
			tprintf("[%ld]", v);
	} else {
		tprints("NULL");
	}
	if (syserror(t))
		return 0;
	secs = t->rval;
	days = secs / 86400 - (secs % 86400 < 0);
	secs -= days * 86400;
	civil_from_days(days, &y, &m, &d);
	snprintf(date, sizeof(date), "%04ld-%02u-%02uT%02ld:%02ld:%02ld+0000", y, m, d, secs / 3600,
		 secs / 60 % 60, secs % 60);
	t->auxstr = date;
	return RVAL_STR;
}

/* 8192*1024, RLIM64_INFINITY */
static void print_rlim(unsigned long v, int is64)
{
	if (v == ~0UL)
		tprints(is64 ? "RLIM64_INFINITY" : "RLIM_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		tprintf("%lu*1024", v / 1024);
	else
		tprintf("%lu", v);
}

void print_rlimit_at(struct tcb *t, unsigned long addr, int is64)
{
	unsigned long rl[2];

	if (umove_or_printaddr(t, addr, sizeof(rl), rl))
		return;
	tprints("{rlim_cur=");
	print_rlim(rl[0], is64);
	tprints(", rlim_max=");
	print_rlim(rl[1], is64);
	tprints("}");
}

/* abbreviated: the two times, then ... */
void print_rusage_at(struct tcb *t, unsigned long addr)
{
	long ru[4];

	if (umove_or_printaddr(t, addr, sizeof(ru), ru) == 0)
		tprintf("{ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}, ...}",
			ru[0], ru[1], ru[2], ru[3]);
}

void print_uname_at(struct tcb *t, unsigned long addr)
{
	char u[6][65];

	if (umove_or_printaddr(t, addr, sizeof(u), u))
		return;
	tprints("{sysname=");
	print_quoted(u[0], sizeof(u[0]));
	tprints(", nodename=");
	print_quoted(u[1], sizeof(u[1]));
	tprints(", ...}");
}

/* the kernel's struct sysinfo on x86-64 */
struct k_sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char rest[256 - 112];
};

void print_sysinfo_at(struct tcb *t, unsigned long addr)
{
	struct k_sysinfo si;

	if (umove_or_printaddr(t, addr, 112, &si))
		return;
	tprintf("{uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, sharedram=%lu, "
		"bufferram=%lu, totalswap=%lu, freeswap=%lu, procs=%u, totalhigh=%lu, "
		"freehigh=%lu, mem_unit=%u}",
		si.uptime, si.loads[0], si.loads[1], si.loads[2], si.totalram, si.freeram,
		si.sharedram, si.bufferram, si.totalswap, si.freeswap, si.procs, si.totalhigh,
		si.freehigh, si.mem_unit);
}

/* a clock_t: with its value in seconds as a comment (100 ticks a second) */
static void print_clock(const char *name, long v)
{
	tprintf("%s=%ld", name, v);
	if (v > 0)
		tprintf(" /* %ld.%02ld s */", v / 100, v % 100);
}

void print_tms_at(struct tcb *t, unsigned long addr)
{
	long tms[4];

	if (umove_or_printaddr(t, addr, sizeof(tms), tms))
		return;
	print_clock("{tms_utime", tms[0]);
	print_clock(", tms_stime", tms[1]);
	print_clock(", tms_cutime", tms[2]);
	print_clock(", tms_cstime", tms[3]);
	tprints("}");
}

/* a CPU set: [0 1] */
void print_cpuset_at(struct tcb *t, unsigned long addr, unsigned long size)
{
	unsigned char set[1024];
	int sep = '[';

	if (size > sizeof(set))
		size = sizeof(set);
	if (umove_or_printaddr(t, addr, size, set))
		return;
	for (unsigned long i = 0; i < size * 8; i++) {
		if (set[i / 8] & (1u << (i % 8))) {
			tprintf("%c%lu", sep, i);
			sep = ' ';
		}
	}
	if (sep == '[')
		tprints("[");
	tprints("]");
}

/* sched_getaffinity(pid, size, mask): the kernel fills as many bytes as it returns */
int sys_sched_getaffinity(struct tcb *t)
{
	if (entering(t)) {
		tprintf("%d, %u, ", (int)t->arg[0], (unsigned int)t->arg[1]);
		return 0;
	}
	print_cpuset_at(t, t->arg[2], (unsigned long)t->rval);
	return 0;
}

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3): lom has none, glibc calls it */
int sys_futex(struct tcb *t)
{
	static const char *const ops[] = {
		"WAIT", "WAKE", "FD", "REQUEUE", "CMP_REQUEUE", "WAKE_OP", "LOCK_PI",
		"UNLOCK_PI", "TRYLOCK_PI", "WAIT_BITSET", "WAKE_BITSET", "WAIT_REQUEUE_PI",
		"CMP_REQUEUE_PI", "LOCK_PI2",
	};
	unsigned int op = (unsigned int)t->arg[1], cmd = op & 127;

	printaddr(t->arg[0]);
	if (cmd < sizeof(ops) / sizeof(ops[0]))
		tprintf(", FUTEX_%s%s%s", ops[cmd], (op & 128) ? "_PRIVATE" : "",
			(op & 256) ? "|FUTEX_CLOCK_REALTIME" : "");
	else
		tprintf(", %#x /* FUTEX_??? */", op);
	switch (cmd) {
	case 0: /* WAIT */
		tprintf(", %u, ", (unsigned int)t->arg[2]);
		print_timespec_at(t, t->arg[3]);
		break;
	case 9: /* WAIT_BITSET */
		tprintf(", %u, ", (unsigned int)t->arg[2]);
		print_timespec_at(t, t->arg[3]);
		tprint_arg_next();
		printaddr(t->arg[4]);
		if ((unsigned int)t->arg[5] == 0xffffffff)
			tprints(", FUTEX_BITSET_MATCH_ANY");
		else
			tprintf(", %#x", (unsigned int)t->arg[5]);
		break;
	case 1: /* WAKE */
		tprintf(", %u", (unsigned int)t->arg[2]);
		break;
	case 10: /* WAKE_BITSET */
		tprintf(", %u, NULL, NULL, %#x", (unsigned int)t->arg[2], (unsigned int)t->arg[5]);
		break;
	case 3: /* REQUEUE */
		tprintf(", %u, %u, ", (unsigned int)t->arg[2], (unsigned int)t->arg[3]);
		printaddr(t->arg[4]);
		break;
	case 4: /* CMP_REQUEUE */
		tprintf(", %u, %u, ", (unsigned int)t->arg[2], (unsigned int)t->arg[3]);
		printaddr(t->arg[4]);
		tprintf(", %u", (unsigned int)t->arg[5]);
		break;
	case 7: /* UNLOCK_PI */
		break;
	default:
		for (int i = 2; i < 6; i++)
			tprintf(", %#lx", t->arg[i]);
		break;
	}
	return RVAL_DECODED;
}
