/*
 * user/ps/ps.h - what ps's files share: a process as /proc shows it
 * (proc.c reads it), the columns (columns.c formats and lays them out),
 * and the settings of the command line (ps.c) that change how they look.
 * One ps run per process: the state is program-wide, set up by main()
 * before anything is printed.
 */
#ifndef USER_PS_PS_H
#define USER_PS_PS_H

#include <stddef.h>

/* ---- a process (proc.c) ---- */

struct proc {
	int pid, ppid, pgrp, sid, tty, tpgid, nlwp, psr, prio, nice, rtprio, policy;
	char state;
	unsigned long flags, minflt, majflt;
	unsigned long long utime, stime, start;		/* clock ticks (start: since boot) */
	unsigned long long vsize, startcode, endcode;	/* bytes */
	long long vm_size, vm_rss, vm_lck, vm_data, vm_stk, vm_exe, vm_lib;	/* kB, -1: none */
	unsigned uid[4], gid[4];	/* real, effective, saved, filesystem */
	char comm[64];
	char *args;			/* the command line, NULs made spaces ("" if none) */
	char *prefix;			/* --forest: the tree drawing before the command */
	int selected;
};

/* every process of /proc, by pid (ps_read_procs) */
extern struct proc *ps_procs;
extern int ps_nprocs;

/* the system, read once by ps_read_system */
struct ps_system {
	long hertz, page_kb;		/* clock ticks per second; page size in kB */
	long long mem_total_kb;		/* for %MEM */
	double uptime_s;
	long long boot_time, now;	/* seconds since 1970 */
	int pid_width;			/* digits of pid_max: the width of pid columns */
	int my_tty;			/* ps's own terminal (tty_nr) */
	unsigned my_euid;
};
extern struct ps_system sys;

void ps_read_system(void);
void ps_read_procs(void);
/* /proc/PID/stat's text into p: 0, or -1 if it is not one */
int ps_parse_stat(struct proc *p, char *t);
/* p->args from /proc/PID/cmdline */
void ps_read_args(struct proc *p);
/* "root" or "1000"; "pts/0", "ttyS0" or "?" */
void ps_user_name(unsigned uid, char *buf, size_t size);
void ps_group_name(unsigned gid, char *buf, size_t size);
void ps_tty_name(int tty_nr, char *buf, size_t size);

/* ---- the columns (columns.c) ---- */

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

/* procps's specifiers, sorted by name */
extern const struct spec ps_specs[];
extern const size_t ps_nspecs;

/* a column of the output: -o pid=HEADER:WIDTH */
struct column {
	const struct spec *spec;
	char *head;
	int width;
};

extern struct column *ps_cols;
extern int ps_ncols;

/* how the command line wants things shown (set by ps.c) */
struct ps_show {
	int forest, forest_unix;	/* f/--forest; -H */
	int no_header, true_command, user_numeric, unix_f;	/* h; c; n; -f */
	int screen_cols;		/* width of the output, 0: unlimited */
};
extern struct ps_show show;

const struct spec *ps_find_spec(const char *name, size_t len);
/* add the columns of "pid,ppid rss=RES args:40" (an unknown one: usage error) */
void ps_add_format(const char *list);
/* the text of column c for p, without the forest prefix */
void ps_value(const struct column *c, const struct proc *p, char *buf, size_t size);
/* what a numeric column sorts by (finer than what it shows) */
double ps_sort_number(const struct spec *s, const struct proc *p);
void ps_print_header(void);
void ps_print_proc(const struct proc *p);
double ps_elapsed(const struct proc *p);
unsigned ps_pcpu_permille(const struct proc *p);

/* ---- which processes (select.c) ---- */

#define SS_U_a 1	/* -a: with a terminal, not session leaders */
#define SS_U_d 2	/* -d: not session leaders */
#define SS_B_a 4	/* a: with a terminal */
#define SS_B_x 8	/* x: without one too */

struct ps_select {
	int all;		/* -e, -A */
	int simple;		/* SS_* */
	int negate, running_only;	/* -N; r */
	int prefer_bsd;		/* BSD options seen: BSD defaults */
};
extern struct ps_select sel;

enum list_kind { L_PID, L_PPID, L_COMM, L_EUID, L_RUID, L_SID, L_TTY };

/* a list option's argument ("1,2 3"), what: "process ID" for its messages */
void ps_add_list(enum list_kind kind, const char *arg, const char *what);
int ps_wanted(const struct proc *p);

/* ---- helpers (ps.c) ---- */

/* "error: MSG" (if any) and the short usage on stderr; exit status 1 */
_Noreturn void ps_usage_error(const char *msg);
void *ps_xmalloc(size_t n);
char *ps_xstrdup(const char *s);

#endif /* USER_PS_PS_H */
