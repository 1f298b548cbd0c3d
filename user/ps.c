/*
 * user/ps.c - ps [OPTIONS]: report a snapshot of the processes, as
 * procps-ng's ps does, from /proc/<pid>/stat, status and cmdline.
 *
 * The three syntaxes of procps are understood: UNIX options with a dash
 * (ps -ef, ps -o pid,rss -p 1), BSD ones without (ps aux, ps axjf) and
 * GNU long ones (--pid, --sort=-rss, --forest).  What is shown:
 *
 *   ps                 my processes on my terminal:  PID TTY TIME CMD
 *   ps -e / -A         every process (same columns)
 *   ps -f, -F, -l, -j  full, extra full, long, jobs formats
 *   ps aux             BSD user format: USER PID %CPU %MEM VSZ RSS TTY STAT
 *                      START TIME COMMAND (x: also without a terminal)
 *   ps -o LIST         the columns of LIST ("pid,ppid,vsz,rss,stat,comm",
 *                      "rss=RESIDENT", "args:40"), headers as procps's
 *   ps -p/--pid, --ppid, -C, -u, -s, -t   select by lists
 *
 * Columns are laid out by procps's rules: numbers right-aligned to the
 * column's width, text left-aligned, a wide value pushing what follows
 * to the right, the last column cut to the terminal's width only when
 * the output is a terminal.  Times are UTC (lom has no time zones).
 * The selection is procps's: by default the processes of my effective
 * user on my terminal; lom's processes have no terminal (TTY "?").
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

/* ---- what is known of a process ---- */

struct proc {
	int pid, ppid, pgrp, sid, tty, tpgid, nlwp, psr, prio, nice, rtprio, policy;
	char state;
	unsigned long flags, minflt, majflt;
	unsigned long long utime, stime, start;		/* clock ticks (start: since boot) */
	unsigned long long vsize, startcode, endcode;	/* bytes */
	long long vm_size, vm_rss, vm_lck, vm_data, vm_stk, vm_exe, vm_lib;	/* kB */
	unsigned uid[4], gid[4];	/* real, effective, saved, filesystem */
	char comm[64];
	char *args;			/* the command line, NULs made spaces ("" if none) */
	char *prefix;			/* --forest: the tree drawing before the command */
	int selected;
};

static struct proc *procs;
static int nprocs;

/* system-wide, read once */
static long hertz = 100, page_kb = 4;
static long long mem_total_kb;
static double uptime_s;
static long long boot_time, now;
static int pid_width = 5;
static int my_tty;
static unsigned my_euid;

/* ---- options that change what is shown ---- */

static int forest, no_header, true_command, user_numeric, unix_f;
static int screen_cols;		/* width of the output, 0: unlimited */

static _Noreturn void usage_error(const char *msg)
{
	fflush(stdout);
	if (msg)
		fprintf(stderr, "error: %s\n", msg);
	fputs("\nUsage:\n ps [options]\n\n"
	      " Try 'ps --help <simple|list|output|threads|misc|all>'\n"
	      "  or 'ps --help <s|l|o|t|m|a>'\n"
	      " for additional help text.\n\n"
	      "For more details see ps(1).\n", stderr);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "ps: out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	return strcpy(xmalloc(strlen(s) + 1), s);
}

/* ---- reading /proc ---- */

static void read_system(void)
{
	char *t;
	long v;

	if ((v = sysconf(_SC_CLK_TCK)) > 0)
		hertz = v;
	if ((v = sysconf(_SC_PAGESIZE)) >= 1024)
		page_kb = v / 1024;
	if ((t = read_whole("/proc/meminfo", NULL)) != NULL) {
		mem_total_kb = meminfo_value(t, "MemTotal");
		free(t);
	}
	if ((t = read_whole("/proc/uptime", NULL)) != NULL) {
		uptime_s = strtod(t, NULL);
		free(t);
	}
	now = time(NULL);
	boot_time = now - (long long)uptime_s;
	/* Linux has the exact boot time in /proc/stat */
	if ((t = read_whole("/proc/stat", NULL)) != NULL) {
		char *b = strstr(t, "\nbtime ");

		if (b)
			boot_time = strtoll(b + 7, NULL, 10);
		free(t);
	}
	/* pid columns are as wide as the largest pid (procps: pid_max's digits) */
	if ((t = read_whole("/proc/sys/kernel/pid_max", NULL)) != NULL) {
		size_t len = strcspn(t, "\n");

		if (len > 0 && len < 12)
			pid_width = (int)len;
		free(t);
	}
}

/* /proc/PID/stat: "pid (comm) state ppid ...", comm may hold spaces and ')' */
static int parse_stat(struct proc *p, char *t)
{
	char *open = strchr(t, '('), *close = strrchr(t, ')'), *s;
	unsigned long long f[48] = { 0 };
	int n = 0;

	if (!open || !close || close < open || !close[1])
		return -1;
	snprintf(p->comm, sizeof(p->comm), "%.*s", (int)(close - open - 1), open + 1);
	s = close + 2;
	p->state = *s ? *s : '?';
	/* f[k] is field k+4 of proc(5): ppid first */
	for (s++; *s && n < 48; n++) {
		char *end;

		while (*s == ' ')
			s++;
		if (*s == '-') {	/* tpgid -1 and negative priorities */
			f[n] = (unsigned long long)strtoll(s, &end, 10);
		} else {
			f[n] = strtoull(s, &end, 10);
		}
		if (end == s)
			break;
		s = end;
	}
	p->ppid = (int)f[0];
	p->pgrp = (int)f[1];
	p->sid = (int)f[2];
	p->tty = (int)f[3];
	p->tpgid = (int)f[4];
	p->flags = f[5];
	p->minflt = f[6];
	p->majflt = f[8];
	p->utime = f[10];
	p->stime = f[11];
	p->prio = (int)f[14];
	p->nice = (int)f[15];
	p->nlwp = (int)f[16];
	p->start = f[18];
	p->vsize = f[19];
	p->startcode = f[22];
	p->endcode = f[23];
	p->psr = (int)f[35];
	p->rtprio = (int)f[36];
	p->policy = (int)f[37];
	return 0;
}

static void parse_status(struct proc *p, const char *t)
{
	const char *l;

	p->vm_size = meminfo_value(t, "VmSize");
	p->vm_rss = meminfo_value(t, "VmRSS");
	p->vm_lck = meminfo_value(t, "VmLck");
	p->vm_data = meminfo_value(t, "VmData");
	p->vm_stk = meminfo_value(t, "VmStk");
	p->vm_exe = meminfo_value(t, "VmExe");
	p->vm_lib = meminfo_value(t, "VmLib");
	if ((l = strstr(t, "\nUid:")) != NULL)
		sscanf(l + 5, "%u %u %u %u", &p->uid[0], &p->uid[1], &p->uid[2], &p->uid[3]);
	if ((l = strstr(t, "\nGid:")) != NULL)
		sscanf(l + 5, "%u %u %u %u", &p->gid[0], &p->gid[1], &p->gid[2], &p->gid[3]);
}

/* The command line, its NULs made spaces ("" for a kernel thread or a zombie). */
static void read_args(struct proc *p)
{
	char path[64], *t;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", p->pid);
	t = read_whole(path, &len);
	if (!t) {
		p->args = xstrdup("");
		return;
	}
	while (len > 0 && t[len - 1] == '\0')
		len--;
	for (size_t i = 0; i < len; i++)
		if (t[i] == '\0' || t[i] == '\n' || t[i] == '\t')
			t[i] = ' ';
		else if ((unsigned char)t[i] < 32 || t[i] == 127)
			t[i] = '?';
	t[len] = '\0';
	p->args = t;
}

static int read_proc(int pid, struct proc *p)
{
	char path[64], *t;
	int r;

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->vm_size = p->vm_rss = p->vm_lck = -1;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (!(t = read_whole(path, NULL)))
		return -1;	/* gone since the directory was listed */
	r = parse_stat(p, t);
	free(t);
	if (r < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if ((t = read_whole(path, NULL)) != NULL) {
		parse_status(p, t);
		free(t);
	}
	return 0;
}

static int cmp_pid(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static void read_procs(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int cap = 0;

	if (!d) {
		fprintf(stderr, "ps: /proc: %s\n", strerror(errno));
		exit(1);
	}
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;

		if (!*n || strspn(n, "0123456789") != strlen(n))
			continue;
		if (nprocs == cap) {
			cap = cap ? 2 * cap : 128;
			procs = realloc(procs, cap * sizeof(*procs));
			if (!procs)
				usage_error("out of memory");
		}
		if (read_proc(atoi(n), &procs[nprocs]) == 0)
			nprocs++;
	}
	closedir(d);
	qsort(procs, nprocs, sizeof(*procs), cmp_pid);
}

/* ---- names: users, groups, terminals ---- */

/* name of id in /etc/passwd or /etc/group; NULL if none */
static const char *id_name(const char *file, unsigned id)
{
	static char *cache[2];
	static char name[64];
	int which = strcmp(file, "/etc/passwd") != 0;
	char *p;

	if (!cache[which] && !(cache[which] = read_whole(file, NULL)))
		cache[which] = xstrdup("");
	for (p = cache[which]; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		char *c1 = strchr(p, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *nl = strchr(p, '\n');

		if (!c1 || !c2 || (nl && c2 > nl))
			continue;
		if (strtoul(c2 + 1, NULL, 10) == id && c2[1] >= '0' && c2[1] <= '9') {
			snprintf(name, sizeof(name), "%.*s", (int)(c1 - p), p);
			return name;
		}
	}
	return NULL;
}

static void user_name(unsigned uid, char *buf, size_t size)
{
	const char *n = id_name("/etc/passwd", uid);

	/* lom has no /etc/passwd; its one user is root */
	if (!n && uid == 0)
		n = "root";
	if (n)
		snprintf(buf, size, "%s", n);
	else
		snprintf(buf, size, "%u", uid);
}

static void group_name(unsigned gid, char *buf, size_t size)
{
	const char *n = id_name("/etc/group", gid);

	if (!n && gid == 0)
		n = "root";
	if (n)
		snprintf(buf, size, "%s", n);
	else
		snprintf(buf, size, "%u", gid);
}

/* A char device under dir with this device number, as "pts/3": 0 or -1. */
static int find_dev(const char *dir, const char *prefix, unsigned dev, char *buf, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int found = -1;

	if (!d)
		return -1;
	while (found < 0 && (de = readdir(d)) != NULL) {
		char path[300];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISCHR(st.st_mode) &&
		    (unsigned)((st.st_rdev >> 8 & 0xfff) << 8 | (st.st_rdev & 0xff)) == dev &&
		    strcmp(de->d_name, "tty") != 0) {
			snprintf(buf, size, "%s%.24s", prefix, de->d_name);
			found = 0;
		}
	}
	closedir(d);
	return found;
}

/* The terminal of tty_nr (proc(5): major in bits 8-15, minor in 0-7 and 20-31). */
static void tty_name(int tty_nr, char *buf, size_t size)
{
	static int last_nr = -1;
	static char last[32];
	unsigned major = (unsigned)tty_nr >> 8 & 0xfff;
	unsigned minor = ((unsigned)tty_nr & 0xff) | ((unsigned)tty_nr >> 12 & 0xfff00);

	if (tty_nr == 0) {
		snprintf(buf, size, "?");
		return;
	}
	if (tty_nr == last_nr) {
		snprintf(buf, size, "%s", last);
		return;
	}
	if (major >= 136 && major <= 143)
		snprintf(last, sizeof(last), "pts/%u", minor + (major - 136) * 256);
	else if (major == 4 && minor < 64)
		snprintf(last, sizeof(last), "tty%u", minor);
	else if (major == 4)
		snprintf(last, sizeof(last), "ttyS%u", minor - 64);
	else if (major == 5 && minor == 1)
		snprintf(last, sizeof(last), "console");
	else if (find_dev("/dev", "", (unsigned)tty_nr & 0xfffff, last, sizeof(last)) < 0)
		snprintf(last, sizeof(last), "?");
	last_nr = tty_nr;
	snprintf(buf, size, "%s", last);
}

/* ---- the columns ---- */

enum col_id {
	C_PCPU, C_PMEM, C_ARGS, C_COMM, C_FNAME, C_BSDSTART, C_BSDTIME, C_C, C_CP, C_TIME,
	C_TIMES, C_ETIME, C_ETIMES, C_EGID, C_RGID, C_SGID, C_FGID, C_EUID, C_RUID, C_SUID,
	C_FUID, C_EUSER, C_RUSER, C_SUSER, C_FUSER, C_EGROUP, C_RGROUP, C_FLAGS, C_LSTART,
	C_PID, C_PPID, C_PGID, C_SID, C_TPGID, C_NLWP, C_MAJFLT, C_MINFLT, C_NI, C_PRI,
	C_OPRI, C_PRIORITY, C_PSR, C_RSS, C_RTPRIO, C_S, C_STAT, C_SCHED, C_CLS, C_SIZE,
	C_START, C_STIME, C_SZ, C_TTY, C_VSZ, C_WCHAN, C_ADDR, C_DRS, C_TRS, C_VM_DATA,
	C_VM_EXE, C_VM_LIB, C_VM_STACK, C_VM_LOCK,
};

/* justification, as procps's CF_* */
#define J_LEFT		1
#define J_RIGHT		2
#define J_UNLIMITED	3	/* text that may be long: cut to fit */
#define J_USER		4	/* a name, left; a number, right */
#define J_MASK		7
#define PIDMAX		8	/* as wide as the largest pid */
#define TEXT_SORT	16	/* sorts as text, not as a number */

struct spec {
	const char *name, *head;
	enum col_id id;
	int width, flags;
};

/* procps's names, headers and widths, sorted by name */
static const struct spec specs[] = {
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

#define NSPECS (sizeof(specs) / sizeof(specs[0]))

struct column {
	const struct spec *spec;
	char *head;
	int width;
};

static struct column *cols;
static int ncols;

static const struct spec *find_spec(const char *name, size_t len)
{
	for (size_t i = 0; i < NSPECS; i++)
		if (strlen(specs[i].name) == len && memcmp(specs[i].name, name, len) == 0)
			return &specs[i];
	return NULL;
}

/* Add the columns of a format list: "pid,ppid rss=RES args:40". */
static void add_format(const char *list)
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
		s = find_spec(p, len);
		if (!s) {
			char msg[128];

			snprintf(msg, sizeof(msg), "unknown user-defined format specifier \"%.*s\"",
				 (int)len, p);
			usage_error(msg);
		}
		p += strcspn(p, ", =");
		if (*p == '=') {	/* "name=HEADER", up to the next separator */
			head = ++p;
			hlen = strcspn(p, ", ");
			p += hlen;
		}
		cols = realloc(cols, (ncols + 1) * sizeof(*cols));
		if (!cols)
			usage_error("out of memory");
		cols[ncols].spec = s;
		cols[ncols].head = head ? strndup(head, hlen) : xstrdup(s->head);
		cols[ncols].width = s->flags & PIDMAX ? pid_width : s->width;
		if ((s->flags & PIDMAX) && (int)strlen(s->head) > cols[ncols].width)
			cols[ncols].width = (int)strlen(s->head);
		if (head && (int)hlen > cols[ncols].width)
			cols[ncols].width = (int)hlen;
		if (width) {
			char *end;
			long w = strtol(width, &end, 10);

			if (*end || w < 0 || w > 1000)
				usage_error("width must be a number");
			cols[ncols].width = (int)w;
		}
		ncols++;
	}
}

/* ---- the values ---- */

static double elapsed(const struct proc *p)
{
	double e = uptime_s - (double)p->start / hertz;

	return e > 0 ? e : 0;
}

static unsigned pcpu_permille(const struct proc *p)
{
	unsigned long long jiffies = (unsigned long long)(elapsed(p) * hertz);

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
	return boot_time + (long long)(p->start / hertz);
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

	if (true_command || !p->args || !*p->args)
		snprintf(buf, size, true_command ? "%s%s" : "[%s]%s", p->comm, defunct);
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
static void value(const struct column *c, const struct proc *p, char *buf, size_t size)
{
	unsigned long long ticks = p->utime + p->stime;
	unsigned v;
	char tmp[32];

	switch (c->spec->id) {
	case C_PCPU:
		v = pcpu_permille(p);
		if (v > 999)
			snprintf(buf, size, "%u", v / 10);
		else
			snprintf(buf, size, "%u.%u", v / 10, v % 10);
		break;
	case C_PMEM:
		v = mem_total_kb > 0 ? (unsigned)(kb(p->vm_rss) * 1000 / mem_total_kb) : 0;
		if (v > 999)
			v = 999;
		snprintf(buf, size, "%2u.%u", v / 10, v % 10);
		break;
	case C_ARGS:
		if (unix_f || !true_command)
			fmt_args(p, buf, size);
		else
			snprintf(buf, size, "%s", p->comm);
		break;
	case C_COMM:
		if (unix_f && !true_command)
			fmt_args(p, buf, size);
		else
			snprintf(buf, size, "%s", p->comm);
		break;
	case C_FNAME: snprintf(buf, size, "%.8s", p->comm); break;
	case C_BSDSTART: {
		char ct[32];
		long long t = started(p);

		fmt_ctime(t, ct);
		snprintf(buf, size, "%.6s", now - t > 86400 ? ct + 4 : ct + 10);
		break;
	}
	case C_BSDTIME:
		snprintf(buf, size, "%3llu:%02llu", ticks / hertz / 60, ticks / hertz % 60);
		break;
	case C_C: case C_CP: {
		unsigned long long jiffies = (unsigned long long)(elapsed(p) * hertz);
		unsigned long long pc = jiffies ? ticks * (c->spec->id == C_C ? 100 : 1000) / jiffies : 0;
		unsigned long long max = c->spec->id == C_C ? 99 : 999;

		snprintf(buf, size, c->spec->id == C_C ? "%2llu" : "%3llu", pc > max ? max : pc);
		break;
	}
	case C_TIME: {
		unsigned long t = ticks / hertz;

		if (t >= 86400)
			snprintf(buf, size, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24,
				 t / 60 % 60, t % 60);
		else
			snprintf(buf, size, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
		break;
	}
	case C_TIMES: snprintf(buf, size, "%llu", ticks / hertz); break;
	case C_ETIME: fmt_elapsed(buf, size, (unsigned long)elapsed(p)); break;
	case C_ETIMES: snprintf(buf, size, "%lu", (unsigned long)elapsed(p)); break;
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

		if (user_numeric)
			snprintf(buf, size, "%u", p->uid[i]);
		else
			user_name(p->uid[i], buf, size);
		break;
	}
	case C_EGROUP: case C_RGROUP: {
		int i = c->spec->id == C_EGROUP ? 1 : 0;

		if (user_numeric)
			snprintf(buf, size, "%u", p->gid[i]);
		else
			group_name(p->gid[i], buf, size);
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
		if (t + 86400 > now)
			snprintf(buf, size, "%.8s", ct + 11);
		else
			snprintf(buf, size, "  %.6s", ct + 4);
		break;
	}
	case C_STIME: {
		static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
		time_t t = (time_t)started(p), n = (time_t)now;
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
	case C_SZ: snprintf(buf, size, "%lld", kb(p->vm_size) / page_kb); break;
	case C_TTY: tty_name(p->tty, buf, size); break;
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
		for (int i = 0; i < ncols; i++)
			total += (i ? 1 : 0) + (i + 1 < ncols ||
				(cols[i].spec->flags & J_MASK) != J_UNLIMITED ? cols[i].width : 3);
		active = screen_cols;
		while (active && active < total)
			active += screen_cols;
	}
	for (int i = 0; i < ncols; i++) {
		const struct column *c = &cols[i];
		int just = c->spec->flags & J_MASK, last = i + 1 == ncols;
		int len = (int)strlen(texts[i]), pad = 0, space;
		const char *t = texts[i];
		char cut[300];

		if ((just == J_USER || c->spec->id == C_WCHAN) && user_numeric)
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

static void print_header(void)
{
	char **texts = xmalloc(ncols * sizeof(*texts));
	int any = 0;

	for (int i = 0; i < ncols; i++) {
		texts[i] = cols[i].head;
		any |= *cols[i].head != '\0';
	}
	if (any)	/* "ps -o pid= -o comm=": no header at all */
		print_line(texts, 1);
	free(texts);
}

static void print_proc(const struct proc *p)
{
	char **texts = xmalloc(ncols * sizeof(*texts));

	for (int i = 0; i < ncols; i++) {
		char buf[4096];
		enum col_id id = cols[i].spec->id;

		value(&cols[i], p, buf, sizeof(buf));
		if (forest && p->prefix && (id == C_ARGS || id == C_COMM)) {
			texts[i] = xmalloc(strlen(p->prefix) + strlen(buf) + 1);
			strcpy(stpcpy(texts[i], p->prefix), buf);
		} else {
			texts[i] = xstrdup(buf);
		}
	}
	print_line(texts, 0);
	for (int i = 0; i < ncols; i++)
		free(texts[i]);
	free(texts);
}

/* ---- selection ---- */

#define SS_U_a 1	/* -a: with a terminal, not session leaders */
#define SS_U_d 2	/* -d: not session leaders */
#define SS_B_a 4	/* a: with a terminal */
#define SS_B_x 8	/* x: without one too */

static int all_procs, simple_select, negate, running_only;
static int prefer_bsd;		/* BSD options seen: BSD defaults */

enum list_kind { L_PID, L_PPID, L_COMM, L_EUID, L_RUID, L_SID, L_TTY };

struct list_item {
	enum list_kind kind;
	long num;
	char *text;
};

static struct list_item *items;
static int nitems;

static void add_item(enum list_kind kind, long num, const char *text)
{
	items = realloc(items, (nitems + 1) * sizeof(*items));
	if (!items)
		usage_error("out of memory");
	items[nitems].kind = kind;
	items[nitems].num = num;
	items[nitems].text = text ? xstrdup(text) : NULL;
	nitems++;
}

/* a user: a number or a name of /etc/passwd (root on lom) */
static long parse_user(const char *s)
{
	char *end;
	long uid = strtol(s, &end, 10);
	char *t;

	if (*s && !*end)
		return uid;
	if (!strcmp(s, "root"))
		return 0;
	if ((t = read_whole("/etc/passwd", NULL)) != NULL) {
		size_t len = strlen(s);

		for (char *l = t; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			if (!strncmp(l, s, len) && l[len] == ':') {
				char *c = strchr(l + len + 1, ':');

				uid = c ? strtol(c + 1, NULL, 10) : -1;
				free(t);
				return uid;
			}
		}
		free(t);
	}
	usage_error("user name does not exist");
}

/* A selection list ("1,2 3"): each item added as kind. */
static void add_list(enum list_kind kind, const char *arg, const char *what)
{
	char *copy = xstrdup(arg), *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		char *end;
		long v = 0;

		n++;
		switch (kind) {
		case L_PID: case L_PPID: case L_SID:
			v = strtol(tok, &end, 10);
			if (*end || v < 0 || v > 0x7fffffff) {
				char msg[64];

				snprintf(msg, sizeof(msg), "%s list syntax error", what);
				usage_error(msg);
			}
			add_item(kind, v, NULL);
			break;
		case L_EUID: case L_RUID:
			add_item(kind, parse_user(tok), NULL);
			break;
		case L_COMM:
			add_item(kind, 0, tok);
			break;
		case L_TTY:
			add_item(kind, 0, strncmp(tok, "/dev/", 5) ? tok : tok + 5);
			break;
		}
	}
	free(copy);
	if (!n) {
		char msg[64];

		snprintf(msg, sizeof(msg), "list of %ss must follow", what);
		usage_error(msg);
	}
}

static int listed(const struct proc *p)
{
	char tty[32];

	for (int i = 0; i < nitems; i++) {
		const struct list_item *it = &items[i];

		switch (it->kind) {
		case L_PID: if (p->pid == it->num) return 1; break;
		case L_PPID: if (p->ppid == it->num) return 1; break;
		case L_SID: if (p->sid == it->num) return 1; break;
		case L_EUID: if (p->uid[1] == it->num) return 1; break;
		case L_RUID: if (p->uid[0] == it->num) return 1; break;
		case L_COMM: if (!strncmp(p->comm, it->text, 15)) return 1; break;
		case L_TTY:
			tty_name(p->tty, tty, sizeof(tty));
			if (!strcmp(tty, it->text) || (p->tty == 0 && !strcmp(it->text, "-")))
				return 1;
			break;
		}
	}
	return 0;
}

static int simple_accept(const struct proc *p)
{
	int same_user = 0, my_term = 0, no_leader = 0, has_tty = 0;

	switch (simple_select) {
	case 0:
		same_user = 1;
		if (prefer_bsd)
			has_tty = 1;	/* BSD: any terminal; UNIX: mine */
		else
			my_term = 1;
		break;
	case SS_U_a:
		no_leader = has_tty = 1;
		break;
	case SS_U_d: case SS_U_a | SS_U_d:
		no_leader = 1;
		break;
	case SS_B_a:
		has_tty = 1;
		break;
	case SS_B_x:
		same_user = 1;
		break;
	case SS_B_a | SS_B_x:
		return 1;
	default:
		usage_error("process selection options conflict");
	}
	if (same_user && p->uid[1] != my_euid)
		return 0;
	if (my_term && p->tty != my_tty)
		return 0;
	if (no_leader && p->sid == p->pid)
		return 0;
	if (has_tty && p->tty == 0)
		return 0;
	return 1;
}

static int wanted(const struct proc *p)
{
	int ok = all_procs;

	if (!ok && (simple_select || !nitems))
		ok = simple_accept(p);
	if (!ok)
		ok = listed(p);
	if (running_only && p->state != 'R' && p->state != 'D')
		ok = 0;
	return negate ? !ok : ok;
}

/* ---- sorting and the forest ---- */

struct sort_key {
	const struct spec *spec;
	int reverse;
};

static struct sort_key *keys;
static int nkeys;

static void add_sort(const char *list)
{
	char *copy = xstrdup(list), *save = NULL, *tok;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int rev = *tok == '-';
		const struct spec *s;

		if (*tok == '-' || *tok == '+')
			tok++;
		if (!(s = find_spec(tok, strlen(tok))))
			usage_error("unknown sort specifier");
		keys = realloc(keys, (nkeys + 1) * sizeof(*keys));
		keys[nkeys].spec = s;
		keys[nkeys].reverse = rev;
		nkeys++;
	}
	free(copy);
}

/* What a numeric column sorts by (finer than what it shows: %cpu, times). */
static double sort_number(const struct spec *s, const struct proc *p)
{
	switch (s->id) {
	case C_PCPU: case C_C: case C_CP: return pcpu_permille(p);
	case C_PMEM: case C_RSS: return (double)kb(p->vm_rss);
	case C_VSZ: case C_SZ: return (double)kb(p->vm_size);
	case C_TIME: case C_TIMES: case C_BSDTIME: return (double)(p->utime + p->stime);
	case C_ETIME: case C_ETIMES: return elapsed(p);
	case C_BSDSTART: case C_START: case C_STIME: case C_LSTART: return (double)p->start;
	case C_TTY: return p->tty;
	default: {
		char buf[64];
		struct column c = { s, NULL, 0 };

		value(&c, p, buf, sizeof(buf));
		return strtod(buf, NULL);
	}
	}
}

static int cmp_procs(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	for (int i = 0; i < nkeys; i++) {
		const struct spec *s = keys[i].spec;
		int r;

		if (s->flags & TEXT_SORT) {
			char bx[4096], by[4096];
			struct column c = { s, NULL, 0 };

			value(&c, x, bx, sizeof(bx));
			value(&c, y, by, sizeof(by));
			r = strcmp(bx, by);
		} else {
			double vx = sort_number(s, x), vy = sort_number(s, y);

			r = (vx > vy) - (vx < vy);
		}
		if (r)
			return keys[i].reverse ? -r : r;
	}
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/*
 * --forest (f): each process under its parent, the command drawn after a
 * prefix as procps does: per ancestor level "    " or " |  " (when that
 * ancestor has younger siblings still to come), then " \_ " before the
 * process itself.  -H indents by two spaces a level instead.
 * procs[] is reordered depth first, children in pid order.
 */
static int forest_unix;		/* -H */
static struct proc *tree_out;
static int tree_n;

static void tree_walk(int i, char *cont, int depth, int last)
{
	struct proc *p = &procs[i];
	int *kids, nk = 0;

	if (depth > 0 && depth < 200) {
		char *q = p->prefix = xmalloc(4 * depth + 1);

		for (int d = 0; d < depth - 1; d++)
			q = stpcpy(q, forest_unix ? "  " : cont[d] == '|' ? " |  " : "    ");
		stpcpy(q, forest_unix ? "  " : " \\_ ");
		cont[depth - 1] = last ? ' ' : '|';
	}
	tree_out[tree_n++] = *p;
	kids = xmalloc(nprocs * sizeof(*kids));
	for (int j = 0; j < nprocs; j++)
		if (procs[j].selected == 1 && procs[j].ppid == p->pid && procs[j].pid != p->pid) {
			procs[j].selected = 2;	/* placed */
			kids[nk++] = j;
		}
	for (int k = 0; k < nk; k++)
		tree_walk(kids[k], cont, depth + 1, k + 1 == nk);
	free(kids);
}

static void make_forest(void)
{
	char cont[256];

	tree_out = xmalloc((nprocs + 1) * sizeof(*tree_out));
	for (int i = 0; i < nprocs; i++) {
		int has_parent = 0;

		if (procs[i].selected != 1)
			continue;
		for (int j = 0; j < nprocs && !has_parent; j++)
			has_parent = procs[j].selected && procs[j].pid == procs[i].ppid &&
				     procs[j].pid != procs[i].pid;
		if (!has_parent) {
			procs[i].selected = 2;
			tree_walk(i, cont, 0, 1);
		}
	}
	free(procs);
	procs = tree_out;
	nprocs = tree_n;
}

/* ---- the command line ---- */

static void help(const char *section)
{
	char s = section ? section[0] : 0;

	printf("\nUsage:\n ps [options]\n");
	if (!section) {
		printf("\n Try 'ps --help <simple|list|output|threads|misc|all>'\n"
		       "  or 'ps --help <s|l|o|t|m|a>'\n"
		       " for additional help text.\n");
	}
	if (s == 's' || s == 'a')
		printf("\nBasic options:\n"
		       " -A, -e               all processes\n"
		       " -a                   all with tty, except session leaders\n"
		       "  a                   all with tty, including other users\n"
		       " -d                   all except session leaders\n"
		       " -N, --deselect       negate selection\n"
		       "  r                   only running processes\n"
		       "  T                   all processes on this terminal\n"
		       "  x                   processes without controlling ttys\n");
	if (s == 'l' || s == 'a')
		printf("\nSelection by list:\n"
		       " -C <command>         command name\n"
		       " -p, p, --pid <PID>   process id\n"
		       "        --ppid <PID>  parent process id\n"
		       " -q, q, --quick-pid <PID>\n"
		       "                      process id (quick mode)\n"
		       " -s, --sid <session>  session id\n"
		       " -t, t, --tty <tty>   terminal\n"
		       " -u, U, --user <UID>  effective user id or name\n"
		       " -U, --User <UID>     real user id or name\n"
		       "\n  The selection options take as their argument either:\n"
		       "    a comma-separated list e.g. '-u root,nobody' or\n"
		       "    a blank-separated list e.g. '-p 123 4567'\n");
	if (s == 'o' || s == 'a')
		printf("\nOutput formats:\n"
		       " -F                   extra full\n"
		       " -f                   full-format, including command lines\n"
		       "  f, --forest         ascii art process tree\n"
		       " -H                   show process hierarchy\n"
		       " -j                   jobs format\n"
		       "  j                   BSD job control format\n"
		       " -l                   long format\n"
		       "  l                   BSD long format\n"
		       " -O <format>          preloaded with default columns\n"
		       "  O <format>          as -O, with BSD personality\n"
		       " -o, o, --format <format>\n"
		       "                      user-defined format\n"
		       "  u                   user-oriented format\n"
		       "  v                   virtual memory format\n"
		       "     --headers        repeat header lines, one per page\n"
		       "     --no-headers     do not print header at all\n"
		       "     --cols, --columns, --width <num>\n"
		       "                      set screen width\n");
	if (s == 't' || s == 'a')
		printf("\nShow threads:\n"
		       "  (lom's processes have one thread each: H, -L, -m and -T change nothing)\n");
	if (s == 'm' || s == 'a')
		printf("\nMiscellaneous options:\n"
		       "  c                   show true command name\n"
		       "  k,    --sort        specify sort order as: [+|-]key[,[+|-]key[,...]]\n"
		       "  L                   show format specifiers\n"
		       "  n                   display numeric uid and wchan\n"
		       " -V, V, --version     display version information and exit\n"
		       " -w, w                unlimited output width\n"
		       "\n        --help <simple|list|output|threads|misc|all>\n"
		       "                      display help and exit\n");
	printf("\nFor more details see ps(1).\n");
	exit(0);
}

#define FF_f 1
#define FF_F 2
#define FF_l 4
#define FF_j 8

static int unix_fmt, wide;
static const char *bsd_fmt;
static char *user_fmt;		/* -o, accumulated */
static const char *o_fmt;	/* -O, O */
static int o_bsd;		/* O: the BSD trailer */

static void add_user_format(const char *f)
{
	size_t old = user_fmt ? strlen(user_fmt) : 0;

	user_fmt = realloc(user_fmt, old + strlen(f) + 2);
	if (!user_fmt)
		usage_error("out of memory");
	if (old)
		user_fmt[old++] = ',';
	strcpy(user_fmt + old, f);
}

/* The argument of an option: the rest of its cluster, else the next word. */
static const char *opt_arg(char **argv, int *i, const char *rest, const char *what)
{
	if (*rest)
		return rest;
	if (!argv[*i + 1]) {
		char msg[80];

		snprintf(msg, sizeof(msg), "%s", what);
		usage_error(msg);
	}
	return argv[++*i];
}

static void version(void)
{
	printf("ps from lom (procps-ng 4 compatible)\n");
	exit(0);
}

static void list_specs(void)
{
	for (size_t i = 0; i < NSPECS; i++)
		printf("%-12.12s %-8.8s\n", specs[i].name, specs[i].head);
	exit(0);
}

static const char *my_tty_name(void)
{
	static char buf[32];

	tty_name(my_tty, buf, sizeof(buf));
	return buf;
}

static void parse_unix(char **argv, int *i)
{
	const char *a = argv[*i];

	for (int j = 1; a[j]; j++) {
		const char *rest = a + j + 1;

		switch (a[j]) {
		case 'A': case 'e': all_procs = 1; break;
		case 'a': simple_select |= SS_U_a; break;
		case 'd': simple_select |= SS_U_d; break;
		case 'N': negate = 1; break;
		case 'f': unix_fmt |= FF_f; unix_f = 1; break;
		case 'F': unix_fmt |= FF_F; unix_f = 1; break;
		case 'l': unix_fmt |= FF_l; break;
		case 'j': unix_fmt |= FF_j; break;
		case 'H': forest = forest_unix = 1; break;
		case 'w': wide++; break;
		case 'V': version(); break;
		case 'L': case 'T': case 'm': case 'c': case 'y': break;	/* one thread each */
		case 'o':
			add_user_format(opt_arg(argv, i, rest, "format specification must follow -o"));
			return;
		case 'O':
			o_fmt = opt_arg(argv, i, rest, "format specification must follow -O");
			return;
		case 'p': case 'q':
			add_list(L_PID, opt_arg(argv, i, rest, "list of process IDs must follow -p"),
				 "process ID");
			return;
		case 'C':
			add_list(L_COMM, opt_arg(argv, i, rest, "list of command names must follow -C"),
				 "command name");
			return;
		case 'u':
			add_list(L_EUID, opt_arg(argv, i, rest, "list of users must follow -u"), "user");
			return;
		case 'U':
			add_list(L_RUID, opt_arg(argv, i, rest, "list of users must follow -U"), "user");
			return;
		case 's':
			add_list(L_SID, opt_arg(argv, i, rest, "list of session IDs must follow -s"),
				 "session ID");
			return;
		case 't':
			add_list(L_TTY, opt_arg(argv, i, rest, "list of terminals (pty, tty...) must follow -t"),
				 "terminal");
			return;
		default:
			usage_error("unsupported SysV option");
		}
	}
}

static void parse_bsd(char **argv, int *i)
{
	const char *a = argv[*i];

	prefer_bsd = 1;
	if (strspn(a, "0123456789,") == strlen(a)) {	/* "ps 123": process IDs */
		add_list(L_PID, a, "process ID");
		return;
	}
	for (int j = 0; a[j]; j++) {
		const char *rest = a + j + 1;

		switch (a[j]) {
		case 'a': simple_select |= SS_B_a; break;
		case 'x': simple_select |= SS_B_x; break;
		case 'u': bsd_fmt = "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args"; break;
		case 'j': bsd_fmt = "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args"; break;
		case 'l': bsd_fmt = "flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args"; break;
		case 'v': bsd_fmt = "pid,tname,stat,bsdtime,maj_flt,m_trs,m_drs,rss,pmem,args"; break;
		case 'f': forest = 1; break;
		case 'c': true_command = 1; break;
		case 'h': no_header = 1; break;
		case 'w': wide++; break;
		case 'r': running_only = 1; break;
		case 'n': user_numeric = 1; break;
		case 'T': add_list(L_TTY, my_tty_name(), "terminal"); break;
		case 'L': list_specs(); break;
		case 'V': version(); break;
		case 'e': case 'g': case 'S': case 'H': case 'm': break;
		case 'o':
			add_user_format(opt_arg(argv, i, rest, "format specification must follow o"));
			return;
		case 'O':
			o_fmt = opt_arg(argv, i, rest, "format specification must follow O");
			o_bsd = 1;
			return;
		case 'p': case 'q':
			add_list(L_PID, opt_arg(argv, i, rest, "list of process IDs must follow p"),
				 "process ID");
			return;
		case 'U':
			add_list(L_EUID, opt_arg(argv, i, rest, "list of users must follow U"), "user");
			return;
		case 't':
			add_list(L_TTY, opt_arg(argv, i, rest, "list of terminals (pty, tty...) must follow t"),
				 "terminal");
			return;
		case 'k':
			add_sort(opt_arg(argv, i, rest, "long sort specification must follow 'k'"));
			return;
		default:
			usage_error("unsupported option (BSD syntax)");
		}
	}
}

static void parse_gnu(char **argv, int *i)
{
	static const struct {
		const char *name;
		int arg;	/* 0 none, 1 required, 2 optional (only with '=') */
	} longs[] = {
		{ "pid", 1 }, { "quick-pid", 1 }, { "ppid", 1 }, { "sid", 1 }, { "tty", 1 },
		{ "user", 1 }, { "User", 1 }, { "format", 1 }, { "sort", 1 }, { "cols", 1 },
		{ "columns", 1 }, { "width", 1 }, { "rows", 1 }, { "lines", 1 }, { "forest", 0 },
		{ "no-headers", 0 }, { "no-heading", 0 }, { "noheader", 0 }, { "noheaders", 0 },
		{ "headers", 0 }, { "deselect", 0 }, { "help", 2 }, { "version", 0 },
		{ "cumulative", 0 }, { "heading", 0 },
	};
	const char *a = argv[*i] + 2, *eq = strchr(a, '='), *val = NULL;
	size_t len = eq ? (size_t)(eq - a) : strlen(a), k;

	for (k = 0; k < sizeof(longs) / sizeof(longs[0]); k++)
		if (strlen(longs[k].name) == len && !strncmp(longs[k].name, a, len))
			break;
	if (k == sizeof(longs) / sizeof(longs[0]))
		usage_error("unknown gnu long option");
	if (longs[k].arg == 1) {
		if (eq) {
			val = eq + 1;
		} else if (argv[*i + 1]) {
			val = argv[++*i];
		} else {
			char msg[80];

			snprintf(msg, sizeof(msg), "%s specification must follow --%s",
				 !strcmp(longs[k].name, "sort") ? "long sort" : "list", longs[k].name);
			usage_error(msg);
		}
	} else if (eq && longs[k].arg == 0) {
		usage_error("unknown gnu long option");
	}
	switch (longs[k].name[0] == 'h' && longs[k].name[1] == 'e' && longs[k].name[2] == 'l' ? 'H' : 0) {
	case 'H':	/* --help [SECTION] */
		if (!eq && argv[*i + 1] && argv[*i + 1][0] != '-')
			help(argv[*i + 1]);
		help(eq ? eq + 1 : NULL);
	}
	if (!strcmp(longs[k].name, "pid") || !strcmp(longs[k].name, "quick-pid"))
		add_list(L_PID, val, "process ID");
	else if (!strcmp(longs[k].name, "ppid"))
		add_list(L_PPID, val, "process ID");
	else if (!strcmp(longs[k].name, "sid"))
		add_list(L_SID, val, "session ID");
	else if (!strcmp(longs[k].name, "tty"))
		add_list(L_TTY, val, "terminal");
	else if (!strcmp(longs[k].name, "user"))
		add_list(L_EUID, val, "user");
	else if (!strcmp(longs[k].name, "User"))
		add_list(L_RUID, val, "user");
	else if (!strcmp(longs[k].name, "format"))
		add_user_format(val);
	else if (!strcmp(longs[k].name, "sort"))
		add_sort(val);
	else if (!strcmp(longs[k].name, "cols") || !strcmp(longs[k].name, "columns") ||
		 !strcmp(longs[k].name, "width")) {
		char *end;
		long w = strtol(val, &end, 10);

		if (*end || w < 1)
			usage_error("number of columns is invalid");
		screen_cols = (int)w;
		wide = -1;
	} else if (!strcmp(longs[k].name, "forest"))
		forest = 1;
	else if (!strncmp(longs[k].name, "no", 2))
		no_header = 1;
	else if (!strcmp(longs[k].name, "deselect"))
		negate = 1;
	else if (!strcmp(longs[k].name, "version"))
		version();
}

/* The terminal's width when the output is one, else none (as procps). */
static void set_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (wide < 0)
		return;		/* --cols */
	screen_cols = 0;
	/*
	 * (isatty, not out_is_terminal: lom's console is a terminal of 80
	 * columns even when tools/lom-exec captures it, and ps shows there
	 * what a student sees at that console; ls's columns are another matter)
	 */
	if (isatty(1)) {
		screen_cols = 80;
		/* as procps: the first of stdout, stderr, stdin that knows its size */
		for (int fd = 1; fd != 3; fd = fd == 1 ? 2 : fd == 2 ? 0 : 3)
			if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
				screen_cols = ws.ws_col;
				break;
			}
	}
	if (env && *env && atoi(env) > 0)
		screen_cols = atoi(env);
	if (wide == 1 && screen_cols && screen_cols < 132)
		screen_cols = 132;
	if (wide > 1)
		screen_cols = 0;
}

static void choose_format(void)
{
	char buf[512];

	if (user_fmt) {
		add_format(user_fmt);
		return;
	}
	if (o_fmt) {
		snprintf(buf, sizeof(buf), o_bsd ? "pid,%s,s,tname,cputime,comm" :
			 "pid,%s,s,tname,time,command", o_fmt);
		add_format(buf);
		return;
	}
	if (bsd_fmt && !unix_fmt) {
		add_format(bsd_fmt);
		return;
	}
	if (!unix_fmt) {
		add_format(prefer_bsd ? "pid,tname,stat,bsdtime,args" : "pid,tname,time,ucmd");
		return;
	}
	/* the UNIX formats combine: -l, -f, -F, -j */
	{
		int f = unix_fmt & (FF_f | FF_F), l = unix_fmt & FF_l, j = unix_fmt & FF_j;

		snprintf(buf, sizeof(buf), "%s%s%s%s%s%s%s%s%s%s",
			 l ? "f,s," : "",
			 f ? "uid_hack," : l ? "uid," : "",
			 "pid,",
			 f || l ? "ppid," : "",
			 j ? "pgid,sid," : "",
			 f || l ? "c," : "",
			 l ? "opri,ni,addr_1,sz,wchan," : "",
			 unix_fmt & FF_F ? (l ? "rss,psr," : "sz,rss,psr,") : "",
			 f ? "stime," : "",
			 f ? "tname,time,cmd" : "tname,time,ucmd");
		add_format(buf);
	}
}

int main(int argc, char **argv)
{
	char *t;
	int shown = 0;

	read_system();
	my_euid = geteuid();
	if ((t = read_whole("/proc/self/stat", NULL)) != NULL) {
		struct proc self;

		memset(&self, 0, sizeof(self));
		if (parse_stat(&self, t) == 0)
			my_tty = self.tty;
		free(t);
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] == '-' && a[2])
			parse_gnu(argv, &i);
		else if (a[0] == '-' && a[1])
			parse_unix(argv, &i);
		else if (a[0] && a[0] != '-')
			parse_bsd(argv, &i);
		else
			usage_error("unsupported SysV option");
	}
	set_width();
	choose_format();
	read_procs();
	for (int i = 0; i < nprocs; i++)
		procs[i].selected = wanted(&procs[i]);
	for (int i = 0; i < ncols; i++)
		if (cols[i].spec->id == C_ARGS || (cols[i].spec->id == C_COMM && unix_f))
			for (int j = 0; j < nprocs; j++)
				if (procs[j].selected && !procs[j].args)
					read_args(&procs[j]);
	if (nkeys)
		qsort(procs, nprocs, sizeof(*procs), cmp_procs);
	if (forest)
		make_forest();
	if (!no_header)
		print_header();
	for (int i = 0; i < nprocs; i++) {
		if (!procs[i].selected)
			continue;
		print_proc(&procs[i]);
		shown++;
	}
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "ps: write error: %s\n", strerror(errno));
		return 1;
	}
	return shown ? 0 : 1;
}
