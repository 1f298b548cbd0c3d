/*
 * user/strace/strace.h - what the files of strace share.
 *
 *   main.c      starting the traced command, the wait loop, the tasks
 *   options.c   the command line (-c -f -q -e -o -s)
 *   trace.c     a system call stop: entry, exit, the result
 *   output.c    the shared log: columns, "[pid N] ", <unfinished ...>
 *   umove.c     reading tracee memory; quoted strings, paths
 *   xlat.c      numbers to names: flags, enums, signals, errnos
 *   syscalls.c  the table of system calls (name, arguments, decoder)
 *   decode_table.c  the decoder driven by the table's argument types
 *   decode_*.c  the decoders that need more than that
 *   summary.c   -c: counts, errors and time per system call
 *
 * A decoder runs twice per system call, at the entry stop and at the exit
 * stop (entering(t) tells which), and prints its arguments as strace does:
 * the ones known at entry when entering, the ones the kernel fills in when
 * exiting.  It returns RVAL_* bits: how to print the result, and at entry
 * RVAL_DECODED when nothing is left to print at exit.
 */
#ifndef USER_STRACE_H
#define USER_STRACE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define MAX_ARGS 6

/* struct tcb flags */
#define TCB_INSYSCALL 0x01	/* between the entry and the exit stop */
#define TCB_IGNORE_SIGSTOP 0x02 /* the SIGSTOP that starts a new tracee is ours */
#define TCB_STARTUP 0x04	/* options not set yet */
#define TCB_FILTERED 0x08	/* this system call is not shown (-e trace) */
#define TCB_DECODED 0x10	/* the entry decoder said nothing is left for exit */
#define TCB_HIDE_LOG 0x20	/* strace's own child until its execve succeeds: not shown */

/* A traced task: one per pid, in a list. */
struct tcb {
	pid_t pid;
	unsigned int flags;
	long scno;		     /* the system call in progress */
	const struct sysent *ent;    /* its table entry (never NULL while in it) */
	unsigned long arg[MAX_ARGS]; /* its arguments (rdi rsi rdx r10 r8 r9) */
	unsigned long sp;	     /* rsp at entry (rt_sigreturn finds its frame) */
	long rval;		     /* the raw result (rax) at exit */
	int err;		     /* the errno if rval is an error, else 0 */
	int next_arg;		     /* the table decoder: first argument left for exit */
	int rvflags;		     /* what the entry decoder returned */
	const char *auxstr;	     /* RVAL_STR: a comment after the result */
	struct timespec t_entry;     /* -c: when the call entered */
	struct tcb *next;
};

/* A decoder's verdict (the low bits say how to print the result). */
#define RVAL_DEC 0
#define RVAL_HEX 1
#define RVAL_OCT 2
#define RVAL_UDEC 3
#define RVAL_MASK 3
#define RVAL_STR 0x04	  /* then " (auxstr)" */
#define RVAL_NONE 0x08	  /* "= ?": exit, exit_group never return */
#define RVAL_DECODED 0x10 /* entry only: nothing to print at exit */

typedef int (*sys_func_t)(struct tcb *t);

/*
 * Argument types for the table decoder (a type and a parameter byte,
 * spec = type | param << 8).  The ones marked "exit" are filled in by the
 * kernel and printed when the call returns.
 */
enum {
	A_NONE,
	A_INT,	      /* int, decimal */
	A_UINT,	      /* unsigned int */
	A_LONG,	      /* long */
	A_ULONG,      /* unsigned long */
	A_HEX,	      /* %#lx */
	A_PTR,	      /* NULL or 0x... */
	A_FD,	      /* a file descriptor */
	A_DIRFD,      /* AT_FDCWD or a descriptor */
	A_PATH,	      /* a NUL-terminated path, not truncated */
	A_STR,	      /* a NUL-terminated string, -s limit */
	A_BUF_IN,     /* param = the argument holding the length */
	A_BUF_OUT,    /* exit: as many bytes as the result */
	A_MODE,	      /* %#03o */
	A_OFLAGS,     /* O_RDONLY|O_CREAT... */
	A_FLAGS,      /* param = an xlat table (enum xlat_id) */
	A_XVAL,	      /* param = an xlat table, a single value */
	A_SIG,	      /* a signal number */
	A_SIGSET_IN,  /* param = the argument holding the size */
	A_SIGSET_OUT, /* exit */
	A_SIGACT_IN,
	A_SIGACT_OUT,	/* exit */
	A_STAT_OUT,	/* exit */
	A_TIMESPEC_IN,
	A_TIMESPEC_OUT, /* exit */
	A_TIMEVAL_OUT,	/* exit */
	A_RLIMIT_IN,
	A_RLIMIT_OUT,	/* exit */
	A_RLIMIT64_IN,
	A_RLIMIT64_OUT, /* exit */
	A_RUSAGE_OUT,	/* exit */
	A_INT_OUT,	/* exit: [N] */
	A_PIPE_OUT,	/* exit: [N, M] */
	A_IOV_IN,	/* param = the argument holding the count */
	A_IOV_OUT,	/* exit */
	A_UNAME_OUT,	/* exit */
	A_SYSINFO_OUT,	/* exit */
	A_TMS_OUT,	/* exit */
	A_CPUSET_IN,	/* param = the argument holding the size */
	A_RANDOM_OUT,	/* exit: bytes as \x.. */
	A_CWD_OUT,	/* exit: the path getcwd stored */
	A_DIRENTS_OUT,	/* exit: address and entry count */
	A_IOV_REMOTE,	/* iovecs in another process: addresses only */
	A_PID,		/* a process id (decimal int) */
	A_LLONG,	/* a 64-bit offset, signed */
};
#define ARG(type, param) ((uint16_t)((type) | (param) << 8))

struct sysent {
	const char *name;
	unsigned char nargs;
	unsigned char rval; /* RVAL_* when the table decoder is used */
	sys_func_t func;    /* NULL: the table decoder, with args[] */
	uint16_t args[MAX_ARGS];
};

/* syscalls.c */
extern const struct sysent sysent_table[];
extern const unsigned int nsyscalls;
const struct sysent *sysent_get(long scno);	/* an "unknown" entry if needed */
long sysent_lookup(const char *name);		/* -1 if no such name */
int decode_table(struct tcb *t);
void print_arg(struct tcb *t, int i, uint16_t spec);
int print_args(struct tcb *t, int from, int nargs, const uint16_t *specs);

/* main.c: options and state the other files consult */
extern unsigned int max_strlen; /* -s */
extern int nprocs;		/* tasks traced now */
extern int pid_prefix;		/* PFX_* */
#define PFX_WHEN_MANY 0		/* "[pid  N] " while several tasks are traced */
#define PFX_ALWAYS 1		/* -o FILE -f: "N     " on every line */

#define entering(t) (!((t)->flags & TCB_INSYSCALL))
#define exiting(t) ((t)->flags & TCB_INSYSCALL)
#define syserror(t) ((t)->err != 0)

/* output.c */
void out_open_fd(int fd);
void tprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tprints(const char *s);
void tprint_arg_next(void); /* ", " */
void tabto(void);
void printleader(struct tcb *t);
void line_ended(void);
void out_flush(void);
void out_drop_tcb(struct tcb *t);
struct tcb *out_printing(void);
/* print into buf (size bytes, NUL-terminated) until out_capture_end() */
void out_capture(char *buf, size_t size);
void out_capture_end(void);
void out_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* umove.c */
int umoven(struct tcb *t, unsigned long addr, size_t len, void *buf);
int umovestr(struct tcb *t, unsigned long addr, size_t len, char *buf);
#define umove(t, addr, objp) umoven((t), (addr), sizeof(*(objp)), (objp))
int umove_or_printaddr(struct tcb *t, unsigned long addr, size_t len, void *buf);
void printaddr(unsigned long addr);
#define QUOTE_FORCE_HEX 0x01
#define QUOTE_0_TERMINATED 0x02 /* a length, but a NUL ends it too */
void printstr_ex(struct tcb *t, unsigned long addr, long len, unsigned int style);
void printstrn(struct tcb *t, unsigned long addr, long len);
void printstr(struct tcb *t, unsigned long addr);
void printpath(struct tcb *t, unsigned long addr);
void printpathn(struct tcb *t, unsigned long addr, size_t n);
void print_quoted(const char *s, size_t len); /* "..." from our own memory */

/* xlat.c */
struct xlat {
	uint64_t val;
	const char *str;
};
enum xlat_id {
	X_NONE,
	X_PROT,
	X_MMAP,
	X_MREMAP,
	X_MADV,
	X_OPEN,
	X_AT,
	X_FACCESSAT,
	X_ACCESS,
	X_SEEK,
	X_FCNTL,
	X_FDFLAGS,
	X_SIGHOW,
	X_SA,
	X_CLONE,
	X_WAIT,
	X_CLOCK,
	X_TIMER,
	X_RLIMIT,
	X_RUSAGE,
	X_ARCH,
	X_PRCTL,
	X_GRND,
	X_PTRACE,
	X_PTRACE_O,
	X_REBOOT_CMD,
	X_REBOOT_MAGIC1,
	X_REBOOT_MAGIC2,
	X_IOCTL,
	X_MODE_TYPE,
	X_COUNT
};
extern const struct xlat *const xlat_tables[X_COUNT];
extern const char *const xlat_unknown[X_COUNT]; /* "MADV_???" */
const char *xlookup(const struct xlat *x, uint64_t val);
void printxval(enum xlat_id id, uint64_t val);
int printflags(enum xlat_id id, uint64_t val);
int printflags_ex(const struct xlat *x, uint64_t val, const char *dflt, int zero_name);
void print_open_flags(unsigned long flags);
void print_mode(unsigned int mode);
void print_symbolic_mode(unsigned int mode);
const char *signame(int sig);
void printsignal(int sig);
void print_sigset(const void *mask, unsigned int bytes);
const char *errno_name(int err);

/* decode_signal.c */
void print_siginfo(const void *si);
int sys_rt_sigreturn(struct tcb *t);
void print_sigaction_at(struct tcb *t, unsigned long addr);
void print_sigset_at(struct tcb *t, unsigned long addr, unsigned long size);

/* decode_file.c */
int sys_open(struct tcb *t);
int sys_openat(struct tcb *t);
int sys_fcntl(struct tcb *t);
int sys_ioctl(struct tcb *t);
void print_stat_at(struct tcb *t, unsigned long addr);
void print_iov(struct tcb *t, unsigned long addr, unsigned long count, long data_len);
void print_dirents_at(struct tcb *t, unsigned long addr, long len);

/* decode_mem.c */
int sys_mmap(struct tcb *t);
int sys_mremap(struct tcb *t);

/* decode_process.c */
int sys_clone(struct tcb *t);
int sys_clone3(struct tcb *t);
int sys_execve(struct tcb *t);
int sys_wait4(struct tcb *t);
int sys_ptrace(struct tcb *t);
int sys_prctl(struct tcb *t);
int sys_arch_prctl(struct tcb *t);
int sys_reboot(struct tcb *t);
int sys_process_vm_readv(struct tcb *t);

/* decode_misc.c */
int sys_nanosleep(struct tcb *t);
int sys_clock_nanosleep(struct tcb *t);
int sys_time(struct tcb *t);
int sys_sched_getaffinity(struct tcb *t);
int sys_futex(struct tcb *t);
void print_timespec_at(struct tcb *t, unsigned long addr);
void print_timeval_at(struct tcb *t, unsigned long addr);
void print_rlimit_at(struct tcb *t, unsigned long addr, int is64);
void print_rusage_at(struct tcb *t, unsigned long addr);
void print_uname_at(struct tcb *t, unsigned long addr);
void print_sysinfo_at(struct tcb *t, unsigned long addr);
void print_tms_at(struct tcb *t, unsigned long addr);
void print_cpuset_at(struct tcb *t, unsigned long addr, unsigned long size);

/* summary.c */
void summary_record(struct tcb *t, const struct timespec *now);
void summary_print(int fd);

#endif /* USER_STRACE_H */
