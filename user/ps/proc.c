/*
 * user/ps/proc.c - what ps knows of processes and of the system, read
 * from /proc: /proc/PID/stat, status and cmdline (Linux's formats, which
 * lom's /proc follows), /proc/meminfo, uptime, stat (btime) and
 * sys/kernel/pid_max; and the names of users, groups and terminals.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ps.h"
#include "ulib.h"

struct proc *ps_procs;
int ps_nprocs;
struct ps_system sys = { .hertz = 100, .page_kb = 4, .pid_width = 5 };

void ps_read_system(void)
{
	char *t;
	long v;

	if ((v = sysconf(_SC_CLK_TCK)) > 0)
		sys.hertz = v;
	if ((v = sysconf(_SC_PAGESIZE)) >= 1024)
		sys.page_kb = v / 1024;
	if ((t = read_whole("/proc/meminfo", NULL)) != NULL) {
		sys.mem_total_kb = meminfo_value(t, "MemTotal");
		free(t);
	}
	if ((t = read_whole("/proc/uptime", NULL)) != NULL) {
		sys.uptime_s = strtod(t, NULL);
		free(t);
	}
	sys.now = time(NULL);
	sys.boot_time = sys.now - (long long)sys.uptime_s;
	/* Linux has the exact boot time in /proc/stat */
	if ((t = read_whole("/proc/stat", NULL)) != NULL) {
		char *b = strstr(t, "\nbtime ");

		if (b)
			sys.boot_time = strtoll(b + 7, NULL, 10);
		free(t);
	}
	/* pid columns are as wide as the largest pid (procps: pid_max's digits) */
	if ((t = read_whole("/proc/sys/kernel/pid_max", NULL)) != NULL) {
		size_t len = strcspn(t, "\n");

		if (len > 0 && len < 12)
			sys.pid_width = (int)len;
		free(t);
	}
}

/* /proc/PID/stat: "pid (comm) state ppid ...", comm may hold spaces and ')' */
int ps_parse_stat(struct proc *p, char *t)
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
void ps_read_args(struct proc *p)
{
	char path[64], *t;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", p->pid);
	t = read_whole(path, &len);
	if (!t) {
		p->args = ps_xstrdup("");
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
	r = ps_parse_stat(p, t);
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

void ps_read_procs(void)
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
		if (ps_nprocs == cap) {
			cap = cap ? 2 * cap : 128;
			ps_procs = realloc(ps_procs, cap * sizeof(*ps_procs));
			if (!ps_procs)
				ps_usage_error("out of memory");
		}
		if (read_proc(atoi(n), &ps_procs[ps_nprocs]) == 0)
			ps_nprocs++;
	}
	closedir(d);
	qsort(ps_procs, ps_nprocs, sizeof(*ps_procs), cmp_pid);
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
		cache[which] = ps_xstrdup("");
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

void ps_user_name(unsigned uid, char *buf, size_t size)
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

void ps_group_name(unsigned gid, char *buf, size_t size)
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
void ps_tty_name(int tty_nr, char *buf, size_t size)
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
