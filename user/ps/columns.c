/*
 * user/ps/columns.c - ps's columns: procps's specifiers (names, headers,
 * widths, alignment), the text of each for a process, and the layout of
 * a line by procps's rules (show_one_proc in procps' output.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ps.h"
#include "ulib.h"

/* procps's names, headers and widths, sorted by name */
const struct spec ps_specs[] = {
	{ "%cpu", "%CPU", C_PCPU, 4, J_RIGHT },
	{ "%mem", "%MEM", C_PMEM, 4, J_RIGHT },
	{ "addr_1", "ADDR", C_ADDR, 1, J_LEFT },
	{ "args", "COMMAND", C_ARGS, 27, J_UNLIMITED | TEXT_SORT },
	{ "bsdstart", "START", C_BSDSTART, 6, J_RIGHT },
	{ "bsdtime", "TIME", C_BSDTIME, 6, J_RIGHT },
	{ "c", "C", C_C, 2, J_RIGHT },
	{ "class", "CLS", C_CLS, 3, J_LEFT | TEXT_SORT },
	{ "cls", "CLS", C_CLS, 3, J_RIGHT | TEXT_SORT },
	{ "cmd", "CMD", C_ARGS, 27, J_UNLIMITED | TEXT_SORT },
	{ "comm", "COMMAND", C_COMM, 15, J_UNLIMITED | TEXT_SORT },
	{ "command", "COMMAND", C_ARGS, 27, J_UNLIMITED | TEXT_SORT },
	{ "cp", "CP", C_CP, 3, J_RIGHT },
	{ "cputime", "TIME", C_TIME, 8, J_RIGHT },
	{ "cputimes", "TIME", C_TIMES, 8, J_RIGHT },
	{ "drs", "DRS", C_DRS, 5, J_RIGHT },
	{ "egid", "EGID", C_EGID, 5, J_RIGHT },
	{ "egroup", "EGROUP", C_EGROUP, 8, J_USER | TEXT_SORT },
	{ "etime", "ELAPSED", C_ETIME, 11, J_RIGHT },
	{ "etimes", "ELAPSED", C_ETIMES, 7, J_RIGHT },
	{ "euid", "EUID", C_EUID, 5, J_RIGHT },
	{ "euser", "EUSER", C_EUSER, 8, J_USER | TEXT_SORT },
	{ "f", "F", C_FLAGS, 1, J_RIGHT },
	{ "fgid", "FGID", C_FGID, 5, J_RIGHT },
	{ "flag", "F", C_FLAGS, 1, J_RIGHT },
	{ "flags", "F", C_FLAGS, 1, J_RIGHT },
	{ "fname", "COMMAND", C_FNAME, 8, J_LEFT | TEXT_SORT },
	{ "fsgid", "FSGID", C_FGID, 5, J_RIGHT },
	{ "fsuid", "FSUID", C_FUID, 5, J_RIGHT },
	{ "fsuser", "FSUSER", C_FUSER, 8, J_USER | TEXT_SORT },
	{ "fuid", "FUID", C_FUID, 5, J_RIGHT },
	{ "fuser", "FUSER", C_FUSER, 8, J_USER | TEXT_SORT },
	{ "gid", "GID", C_EGID, 5, J_RIGHT },
	{ "group", "GROUP", C_EGROUP, 8, J_USER | TEXT_SORT },
	{ "intpri", "PRI", C_OPRI, 3, J_RIGHT },
	{ "lstart", "STARTED", C_LSTART, 24, J_RIGHT },
	{ "lwp", "LWP", C_PID, 5, J_RIGHT | PIDMAX },
	{ "maj_flt", "MAJFL", C_MAJFLT, 6, J_RIGHT },
	{ "m_drs", "DRS", C_DRS, 5, J_RIGHT },
	{ "m_trs", "TRS", C_TRS, 5, J_RIGHT },
	{ "majflt", "MAJFLT", C_MAJFLT, 6, J_RIGHT },
	{ "min_flt", "MINFL", C_MINFLT, 6, J_RIGHT },
	{ "minflt", "MINFLT", C_MINFLT, 6, J_RIGHT },
	{ "ni", "NI", C_NI, 3, J_RIGHT },
	{ "nice", "NI", C_NI, 3, J_RIGHT },
	{ "nlwp", "NLWP", C_NLWP, 4, J_RIGHT },
	{ "opri", "PRI", C_OPRI, 3, J_RIGHT },
	{ "pcpu", "%CPU", C_PCPU, 4, J_RIGHT },
	{ "pgid", "PGID", C_PGID, 5, J_RIGHT | PIDMAX },
	{ "pgrp", "PGRP", C_PGID, 5, J_RIGHT | PIDMAX },
	{ "pid", "PID", C_PID, 5, J_RIGHT | PIDMAX },
	{ "pmem", "%MEM", C_PMEM, 4, J_RIGHT },
	{ "policy", "POL", C_CLS, 3, J_LEFT | TEXT_SORT },
	{ "ppid", "PPID", C_PPID, 5, J_RIGHT | PIDMAX },
	{ "pri", "PRI", C_PRI, 3, J_RIGHT },
	{ "priority", "PRI", C_PRIORITY, 3, J_RIGHT },
	{ "psr", "PSR", C_PSR, 3, J_RIGHT },
	{ "rgid", "RGID", C_RGID, 5, J_RIGHT },
	{ "rgroup", "RGROUP", C_RGROUP, 8, J_USER | TEXT_SORT },
	{ "rss", "RSS", C_RSS, 5, J_RIGHT },
	{ "rssize", "RSS", C_RSS, 5, J_RIGHT },
	{ "rsz", "RSZ", C_RSS, 5, J_RIGHT },
	{ "rtprio", "RTPRIO", C_RTPRIO, 6, J_RIGHT },
	{ "ruid", "RUID", C_RUID, 5, J_RIGHT },
	{ "ruser", "RUSER", C_RUSER, 8, J_USER | TEXT_SORT },
	{ "s", "S", C_S, 1, J_LEFT | TEXT_SORT },
	{ "sched", "SCH", C_SCHED, 3, J_RIGHT },
	{ "sess", "SESS", C_SID, 5, J_RIGHT | PIDMAX },
	{ "session", "SESS", C_SID, 5, J_RIGHT | PIDMAX },
	{ "sgid", "SGID", C_SGID, 5, J_RIGHT },
	{ "sid", "SID", C_SID, 5, J_RIGHT | PIDMAX },
	{ "size", "SIZE", C_SIZE, 5, J_RIGHT },
	{ "spid", "SPID", C_PID, 5, J_RIGHT | PIDMAX },
	{ "start", "STARTED", C_START, 8, J_RIGHT },
	{ "start_time", "START", C_STIME, 5, J_RIGHT },
	{ "stat", "STAT", C_STAT, 4, J_LEFT | TEXT_SORT },
	{ "state", "S", C_S, 1, J_LEFT | TEXT_SORT },
	{ "stime", "STIME", C_STIME, 5, J_RIGHT },
	{ "suid", "SUID", C_SUID, 5, J_RIGHT },
	{ "suser", "SUSER", C_SUSER, 8, J_USER | TEXT_SORT },
	{ "svgid", "SVGID", C_SGID, 5, J_RIGHT },
	{ "svuid", "SVUID", C_SUID, 5, J_RIGHT },
	{ "sz", "SZ", C_SZ, 5, J_RIGHT },
	{ "tgid", "TGID", C_PID, 5, J_RIGHT | PIDMAX },
	{ "thcount", "THCNT", C_NLWP, 5, J_RIGHT },
	{ "tid", "TID", C_PID, 5, J_RIGHT | PIDMAX },
	{ "time", "TIME", C_TIME, 8, J_RIGHT },
	{ "times", "TIME", C_TIMES, 8, J_RIGHT },
	{ "tname", "TTY", C_TTY, 8, J_LEFT },
	{ "tpgid", "TPGID", C_TPGID, 5, J_RIGHT | PIDMAX },
	{ "trs", "TRS", C_TRS, 4, J_RIGHT },
	{ "tt", "TT", C_TTY, 8, J_LEFT },
	{ "tty", "TT", C_TTY, 8, J_LEFT },
	{ "ucmd", "CMD", C_COMM, 15, J_UNLIMITED | TEXT_SORT },
	{ "ucomm", "COMMAND", C_COMM, 15, J_UNLIMITED | TEXT_SORT },
	{ "uid", "UID", C_EUID, 5, J_RIGHT },
	{ "uid_hack", "UID", C_EUSER, 8, J_USER | TEXT_SORT },
	{ "uname", "USER", C_EUSER, 8, J_USER | TEXT_SORT },
	{ "user", "USER", C_EUSER, 8, J_USER | TEXT_SORT },
	{ "vm_data", "DATA", C_VM_DATA, 5, J_RIGHT },
	{ "vm_exe", "EXE", C_VM_EXE, 5, J_RIGHT },
	{ "vm_lib", "LIB", C_VM_LIB, 5, J_RIGHT },
	{ "vm_lock", "LCK", C_VM_LOCK, 3, J_RIGHT },
	{ "vm_stack", "STACK", C_VM_STACK, 5, J_RIGHT },
	{ "vsize", "VSZ", C_VSZ, 6, J_RIGHT },
	{ "vsz", "VSZ", C_VSZ, 6, J_RIGHT },
	{ "wchan", "WCHAN", C_WCHAN, 6, J_LEFT | TEXT_SORT },
};

const size_t ps_nspecs = sizeof(ps_specs) / sizeof(ps_specs[0]);

struct column *ps_cols;
int ps_ncols;

const struct spec *ps_find_spec(const char *name, size_t len)
{
	for (size_t i = 0; i < ps_nspecs; i++)
		if (strlen(ps_specs[i].name) == len && memcmp(ps_specs[i].name, name, len) == 0)
			return &ps_specs[i];
	return NULL;
}

/* Add the columns of a format list: "pid,ppid rss=RES args:40". */
void ps_add_format(const char *list)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ", ="), hlen = 0;
		const char *head = NULL, *width = NULL;
		const struct spec *s;
		char name[64];

		if (len == 0) {
			p++;
			continue;
		}
		/* "name:width" */
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		if (strchr(name, ':')) {
			width = strchr(name, ':') + 1;
			len = strchr(name, ':') - name;
		}
		s = ps_find_spec(p, len);
		if (!s) {
			char msg[128];

			snprintf(msg, sizeof(msg), "unknown user-defined format specifier \"%.*s\"",
				 (int)len, p);
			ps_usage_error(msg);
		}
		p += strcspn(p, ", =");
		if (*p == '=') {	/* "name=HEADER", up to the next separator */
			head = ++p;
			hlen = strcspn(p, ", ");
			p += hlen;
		}
		ps_cols = realloc(ps_cols, (ps_ncols + 1) * sizeof(*ps_cols));
		if (!ps_cols)
			ps_usage_error("out of memory");
		ps_cols[ps_ncols].spec = s;
		ps_cols[ps_ncols].head = head ? strndup(head, hlen) : ps_xstrdup(s->head);
		ps_cols[ps_ncols].width = s->flags & PIDMAX ? sys.pid_width : s->width;
		if ((s->flags & PIDMAX) && (int)strlen(s->head) > ps_cols[ps_ncols].width)
			ps_cols[ps_ncols].width = (int)strlen(s->head);
		if (head && (int)hlen > ps_cols[ps_ncols].width)
			ps_cols[ps_ncols].width = (int)hlen;
		if (width) {
			char *end;
			long w = strtol(width, &end, 10);

			if (*end || w < 0 || w > 1000)
				ps_usage_error("width must be a number");
			ps_cols[ps_ncols].width = (int)w;
		}
		ps_ncols++;
	}
}

/* ---- the values ---- */

double ps_elapsed(const struct proc *p)
{
	double e = sys.uptime_s - (double)p->start / sys.hertz;

	return e > 0 ? e : 0;
}

unsigned ps_pcpu_permille(const struct proc *p)
{
	unsigned long long jiffies = (unsigned long long)(ps_elapsed(p) * sys.hertz);

	return jiffies ? (unsigned)((p->utime + p->stime) * 1000ULL / jiffies) : 0;
}

static long long kb(long long v)
{
	return v < 0 ? 0 : v;
}

/* "[[dd-]hh:]mm:ss" (etime) */
static void fmt_elapsed(char *buf, size_t size, unsigned long t)
{
	unsigned long ss = t % 60, mm = t / 60 % 60, hh = t / 3600 % 24, dd = t / 86400;

	if (dd)
		snprintf(buf, size, "%lu-%02lu:%02lu:%02lu", dd, hh, mm, ss);
	else if (hh)
		snprintf(buf, size, "%02lu:%02lu:%02lu", hh, mm, ss);
	else
		snprintf(buf, size, "%02lu:%02lu", mm, ss);
}

/* the process's start in seconds since 1970 */
static long long started(const struct proc *p)
{
	return sys.boot_time + (long long)(p->start / sys.hertz);
}

static void fmt_stat(const struct proc *p, char *buf)
{
	int n = 0;

	buf[n++] = p->state;
	if (p->nice < 0)
		buf[n++] = '<';
	if (p->nice > 0)
		buf[n++] = 'N';
	if (p->vm_lck > 0)
		buf[n++] = 'L';
	if (p->sid == p->pid)
		buf[n++] = 's';	/* session leader */
	if (p->nlwp > 1)
		buf[n++] = 'l';	/* multi-threaded */
	if (p->pgrp == p->tpgid)
		buf[n++] = '+';	/* in the foreground process group of its terminal */
	buf[n] = '\0';
}

static const char *policy_name(int policy)
{
	static const char *names[] = { "TS", "FF", "RR", "B", "ISO", "IDL", "DLN" };

	return policy >= 0 && policy < 7 ? names[policy] : "?";
}

/* The command with its arguments; [comm] when there are none. */
static void fmt_args(const struct proc *p, char *buf, size_t size)
{
	const char *defunct = p->state == 'Z' ? " <defunct>" : "";

	if (show.true_command || !p->args || !*p->args)
		snprintf(buf, size, show.true_command ? "%s%s" : "[%s]%s", p->comm, defunct);
	else
		snprintf(buf, size, "%s", p->args);
}

static void wchan_name(const struct proc *p, char *buf, size_t size)
{
	char path[64], *t;

	snprintf(path, sizeof(path), "/proc/%d/wchan", p->pid);
	t = read_whole(path, NULL);
	if (!t || !*t || !strcmp(t, "0"))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%s", t);
	free(t);
}

/* The text of column c for process p (the forest prefix not included). */
void ps_value(const struct column *c, const struct proc *p, char *buf, size_t size)
{
	unsigned long long ticks = p->utime + p->stime;
	unsigned v;
	char tmp[32];

	switch (c->spec->id) {
	case C_PCPU:
		v = ps_pcpu_permille(p);
		if (v > 999)
			snprintf(buf, size, "%u", v / 10);
		else
			snprintf(buf, size, "%u.%u", v / 10, v % 10);
		break;
	case C_PMEM:
		v = sys.mem_total_kb > 0 ? (unsigned)(kb(p->vm_rss) * 1000 / sys.mem_total_kb) : 0;
		if (v > 999)
			v = 999;
		snprintf(buf, size, "%2u.%u", v / 10, v % 10);
		break;
	case C_ARGS:
		if (show.unix_f || !show.true_command)
			fmt_args(p, buf, size);
		else
			snprintf(buf, size, "%s", p->comm);
		break;
	case C_COMM:
		if (show.unix_f && !show.true_command)
			fmt_args(p, buf, size);
		else
			snprintf(buf, size, "%s", p->comm);
		break;
	case C_FNAME: snprintf(buf, size, "%.8s", p->comm); break;
	case C_BSDSTART: {
		char ct[32];
		long long t = started(p);

		fmt_ctime(t, ct);
		snprintf(buf, size, "%.6s", sys.now - t > 86400 ? ct + 4 : ct + 10);
		break;
	}
	case C_BSDTIME:
		snprintf(buf, size, "%3llu:%02llu", ticks / sys.hertz / 60, ticks / sys.hertz % 60);
		break;
	case C_C: case C_CP: {
		unsigned long long jiffies = (unsigned long long)(ps_elapsed(p) * sys.hertz);
		unsigned long long pc = jiffies ? ticks * (c->spec->id == C_C ? 100 : 1000) / jiffies : 0;
		unsigned long long max = c->spec->id == C_C ? 99 : 999;

		snprintf(buf, size, c->spec->id == C_C ? "%2llu" : "%3llu", pc > max ? max : pc);
		break;
	}
	case C_TIME: {
		unsigned long t = ticks / sys.hertz;

		if (t >= 86400)
			snprintf(buf, size, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24,
				 t / 60 % 60, t % 60);
		else
			snprintf(buf, size, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
		break;
	}
	case C_TIMES: snprintf(buf, size, "%llu", ticks / sys.hertz); break;
	case C_ETIME: fmt_elapsed(buf, size, (unsigned long)ps_elapsed(p)); break;
	case C_ETIMES: snprintf(buf, size, "%lu", (unsigned long)ps_elapsed(p)); break;
	case C_EGID: snprintf(buf, size, "%u", p->gid[1]); break;
	case C_RGID: snprintf(buf, size, "%u", p->gid[0]); break;
	case C_SGID: snprintf(buf, size, "%u", p->gid[2]); break;
	case C_FGID: snprintf(buf, size, "%u", p->gid[3]); break;
	case C_EUID: snprintf(buf, size, "%u", p->uid[1]); break;
	case C_RUID: snprintf(buf, size, "%u", p->uid[0]); break;
	case C_SUID: snprintf(buf, size, "%u", p->uid[2]); break;
	case C_FUID: snprintf(buf, size, "%u", p->uid[3]); break;
	case C_EUSER: case C_RUSER: case C_SUSER: case C_FUSER: {
		int i = c->spec->id == C_EUSER ? 1 : c->spec->id == C_RUSER ? 0 :
			c->spec->id == C_SUSER ? 2 : 3;

		if (show.user_numeric)
			snprintf(buf, size, "%u", p->uid[i]);
		else
			ps_user_name(p->uid[i], buf, size);
		break;
	}
	case C_EGROUP: case C_RGROUP: {
		int i = c->spec->id == C_EGROUP ? 1 : 0;

		if (show.user_numeric)
			snprintf(buf, size, "%u", p->gid[i]);
		else
			ps_group_name(p->gid[i], buf, size);
		break;
	}
	case C_FLAGS: snprintf(buf, size, "%lo", p->flags >> 6 & 7); break;
	case C_LSTART: fmt_ctime(started(p), buf); break;
	case C_PID: snprintf(buf, size, "%d", p->pid); break;
	case C_PPID: snprintf(buf, size, "%d", p->ppid); break;
	case C_PGID: snprintf(buf, size, "%d", p->pgrp); break;
	case C_SID: snprintf(buf, size, "%d", p->sid); break;
	case C_TPGID: snprintf(buf, size, "%d", p->tpgid); break;
	case C_NLWP: snprintf(buf, size, "%d", p->nlwp); break;
	case C_MAJFLT: snprintf(buf, size, "%lu", p->majflt); break;
	case C_MINFLT: snprintf(buf, size, "%lu", p->minflt); break;
	case C_NI:
		if (p->policy != 0 && p->policy != 3)
			snprintf(buf, size, "-");
		else
			snprintf(buf, size, "%d", p->nice);
		break;
	case C_PRI: snprintf(buf, size, "%d", 39 - p->prio); break;
	case C_OPRI: snprintf(buf, size, "%d", 60 + p->prio); break;
	case C_PRIORITY: snprintf(buf, size, "%d", p->prio); break;
	case C_PSR: snprintf(buf, size, "%d", p->psr); break;
	case C_RSS: snprintf(buf, size, "%lld", kb(p->vm_rss)); break;
	case C_RTPRIO:
		if (p->policy == 0)
			snprintf(buf, size, "-");
		else
			snprintf(buf, size, "%d", p->rtprio);
		break;
	case C_S: snprintf(buf, size, "%c", p->state); break;
	case C_STAT: fmt_stat(p, tmp); snprintf(buf, size, "%s", tmp); break;
	case C_SCHED: snprintf(buf, size, "%d", p->policy); break;
	case C_CLS: snprintf(buf, size, "%s", policy_name(p->policy)); break;
	case C_SIZE: snprintf(buf, size, "%lld", kb(p->vm_data) + kb(p->vm_stk)); break;
	case C_START: {
		char ct[32];
		long long t = started(p);

		fmt_ctime(t, ct);
		if (ct[8] == ' ')
			ct[8] = '0';
		if (t + 86400 > sys.now)
			snprintf(buf, size, "%.8s", ct + 11);
		else
			snprintf(buf, size, "  %.6s", ct + 4);
		break;
	}
	case C_STIME: {
		static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
		time_t t = (time_t)started(p), n = (time_t)sys.now;
		struct tm pt, nt;

		gmtime_r(&t, &pt);
		gmtime_r(&n, &nt);
		if (pt.tm_year != nt.tm_year)
			snprintf(buf, size, "%d", pt.tm_year + 1900);
		else if (pt.tm_yday != nt.tm_yday)
			snprintf(buf, size, "%.3s%02d", months + 3 * pt.tm_mon, pt.tm_mday);
		else
			snprintf(buf, size, "%02d:%02d", pt.tm_hour, pt.tm_min);
		break;
	}
	case C_SZ: snprintf(buf, size, "%lld", kb(p->vm_size) / sys.page_kb); break;
	case C_TTY: ps_tty_name(p->tty, buf, size); break;
	case C_VSZ: snprintf(buf, size, "%lld", kb(p->vm_size)); break;
	case C_WCHAN: wchan_name(p, buf, size); break;
	case C_ADDR: snprintf(buf, size, "-"); break;
	case C_DRS:
		snprintf(buf, size, "%llu", p->vsize ? (p->vsize - p->endcode + p->startcode) >> 10 : 0);
		break;
	case C_TRS:
		snprintf(buf, size, "%llu", p->vsize ? (p->endcode - p->startcode) >> 10 : 0);
		break;
	case C_VM_DATA: snprintf(buf, size, "%lld", kb(p->vm_data)); break;
	case C_VM_EXE: snprintf(buf, size, "%lld", kb(p->vm_exe)); break;
	case C_VM_LIB: snprintf(buf, size, "%lld", kb(p->vm_lib)); break;
	case C_VM_STACK: snprintf(buf, size, "%lld", kb(p->vm_stk)); break;
	case C_VM_LOCK: snprintf(buf, size, "%lld", kb(p->vm_lck)); break;
	}
}

/* ---- laying out a line (procps's show_one_proc) ---- */

/*
 * Each column has a place: its width and a space after.  A value wider
 * than its column pushes the rest of the line right, and the columns
 * after it (right-aligned numbers) take the excess back where they can.
 * A long text column is cut to its width unless it is the last one,
 * which is cut to the screen when there is one.
 */
static void print_line(char **texts, int is_header)
{
	int want = 0, at = 0, sep = 0, total = 0;
	static int active;

	if (!active) {
		/* the line may wrap: whole multiples of the screen width, as procps */
		for (int i = 0; i < ps_ncols; i++)
			total += (i ? 1 : 0) + (i + 1 < ps_ncols ||
				(ps_cols[i].spec->flags & J_MASK) != J_UNLIMITED ? ps_cols[i].width : 3);
		active = show.screen_cols;
		while (active && active < total)
			active += show.screen_cols;
	}
	for (int i = 0; i < ps_ncols; i++) {
		const struct column *c = &ps_cols[i];
		int just = c->spec->flags & J_MASK, last = i + 1 == ps_ncols;
		int len = (int)strlen(texts[i]), pad = 0, space;
		const char *t = texts[i];
		char cut[300];

		if ((just == J_USER || c->spec->id == C_WCHAN) && show.user_numeric)
			just = J_RIGHT;	/* n: numbers (lom and Linux give wchan names anyway) */
		/* (headers are never cut, but for the last column when there is no room) */
		if (!last && !is_header && len > c->width &&
		    (just == J_UNLIMITED || (c->spec->id == C_WCHAN && just != J_RIGHT)))
			len = c->width;
		if (!last && just == J_USER && len > c->width && c->width > 0 && !is_header) {
			snprintf(cut, sizeof(cut), "%.*s+", c->width - 1, t);	/* "systemd+" */
			t = cut;
			len = c->width;
		}
		if (last && active) {
			int room = want - at >= 1 ? active - (want > at ? want : at) : active - at - sep;

			if (room < 1)
				room = 1;
			if (is_header && just == J_UNLIMITED && room <= 1)
				len = 1;
			else if (!is_header && len > room &&
				 (just == J_UNLIMITED || just == J_USER || c->spec->id == C_WCHAN))
				len = room;
		}
		if (just == J_RIGHT && c->width > len)
			pad = c->width - len;
		space = want - at + pad;
		if (space < 1)
			space = sep;
		printf("%*s%.*s", space, "", len, t);
		at += space + len;
		want += c->width + 1;
		sep = 1;
	}
	putchar('\n');
}

void ps_print_header(void)
{
	char **texts = ps_xmalloc(ps_ncols * sizeof(*texts));
	int any = 0;

	for (int i = 0; i < ps_ncols; i++) {
		texts[i] = ps_cols[i].head;
		any |= *ps_cols[i].head != '\0';
	}
	if (any)	/* "ps -o pid= -o comm=": no header at all */
		print_line(texts, 1);
	free(texts);
}

void ps_print_proc(const struct proc *p)
{
	char **texts = ps_xmalloc(ps_ncols * sizeof(*texts));

	for (int i = 0; i < ps_ncols; i++) {
		char buf[4096];
		enum col_id id = ps_cols[i].spec->id;

		ps_value(&ps_cols[i], p, buf, sizeof(buf));
		if (show.forest && p->prefix && (id == C_ARGS || id == C_COMM)) {
			texts[i] = ps_xmalloc(strlen(p->prefix) + strlen(buf) + 1);
			strcpy(stpcpy(texts[i], p->prefix), buf);
		} else {
			texts[i] = ps_xstrdup(buf);
		}
	}
	print_line(texts, 0);
	for (int i = 0; i < ps_ncols; i++)
		free(texts[i]);
	free(texts);
}

/* What a numeric column sorts by (finer than what it shows: %cpu, times). */
double ps_sort_number(const struct spec *s, const struct proc *p)
{
	switch (s->id) {
	case C_PCPU: case C_C: case C_CP: return ps_pcpu_permille(p);
	case C_PMEM: case C_RSS: return (double)kb(p->vm_rss);
	case C_VSZ: case C_SZ: return (double)kb(p->vm_size);
	case C_TIME: case C_TIMES: case C_BSDTIME: return (double)(p->utime + p->stime);
	case C_ETIME: case C_ETIMES: return ps_elapsed(p);
	case C_BSDSTART: case C_START: case C_STIME: case C_LSTART: return (double)p->start;
	case C_TTY: return p->tty;
	default: {
		char buf[64];
		struct column c = { s, NULL, 0 };

		ps_value(&c, p, buf, sizeof(buf));
		return strtod(buf, NULL);
	}
	}
}
