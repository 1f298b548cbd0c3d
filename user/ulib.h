/*
 * user/ulib.h - helpers shared by the bundled user programs (linked into
 * each of them): full writes, signal names, PATH search, wait statuses,
 * GNU-style option parsing, whole-file reads (for /proc) and dates.
 * Only ordinary POSIX calls underneath, so the programs run unchanged on
 * lom and on Linux.
 */
#ifndef USER_ULIB_H
#define USER_ULIB_H

#include <stddef.h>
#include <sys/types.h>

/* write(2) until all of buf is out (retrying EINTR); 0 or -1 with errno. */
int write_all(int fd, const void *buf, size_t len);

/* "TERM" for SIGTERM; NULL for a number with no name. */
const char *sig_name(int sig);
/* What bash prints for a child killed by sig: "Segmentation fault". */
const char *sig_describe(int sig);
/* "15", "TERM", "SIGTERM", "term" -> 15; -1 if not a signal (0 is valid). */
int sig_number(const char *s);
/* The highest signal number sig_name() knows. */
#define SIG_LAST 31

/* Exit status as a shell reports it: the code, or 128 + the signal. */
int wait_code(int wstatus);

/* Default dispositions for what init and sh ignore, nothing blocked. */
void signals_default(void);

/*
 * Execute file like execvp(3): as given when it contains a '/', else
 * from the first directory of path (':'-separated) that has it.  A file
 * in no executable format is handed to /bin/sh.  Returns only on
 * failure, with the errno to report (ENOENT: found nowhere).
 */
int exec_search(const char *file, char *const argv[], char *const envp[],
		const char *path);

/* The shell's convention for a failed exec: 126 found but not runnable, else 127. */
int exec_fail_code(int err);

/* echo [-neE] ARGS: sh's builtin (bash's escapes); returns the exit status. */
int echo_main(int argc, char **argv);
/* The same; coreutils: /bin/echo's escapes (also "\NNN" octal without a 0). */
int echo_run(int argc, char **argv, int coreutils);

/*
 * GNU-style options, as getopt_long(3) parses them for coreutils, grep
 * and procps: short options clustered ("-nv", "-n5", "-n 5"), long ones
 * with unique-prefix abbreviation ("--coun", "--count=3", "--count 3"),
 * and operands anywhere: they are moved after the options, so that when
 * uopt_next() returns -1 the operands are argv[o->ind .. argc-1] in their
 * order.  "--" ends the options.  A '+' at the start of shortopts stops at
 * the first operand instead (for watch CMD ARGS, env, nice...).
 * Errors are reported as glibc does ("PROG: invalid option -- 'x'",
 * "PROG: unrecognized option '--foo'", ...) and return '?'.
 */
enum { UOPT_NOARG, UOPT_ARG, UOPT_OPTARG };

struct uopt_long {
	const char *name;	/* without the "--" */
	int has_arg;		/* UOPT_NOARG, UOPT_ARG or UOPT_OPTARG (only "--name=VALUE") */
	int val;		/* what uopt_next() returns for it */
};

struct uopt {
	const char *prog;	/* name in messages */
	int ind;		/* when done: the first operand */
	char *arg;		/* the argument of the option just returned, or NULL */
	int opt;		/* the short option behind a '?' (0 for a long one) */
	/* private */
	int next, pos, nops, done;
	char **ops;
};

void uopt_init(struct uopt *o, const char *prog);
int uopt_next(struct uopt *o, int argc, char **argv, const char *shortopts,
	      const struct uopt_long *longopts);

/* "Try 'PROG --help' for more information." on stderr, then exit(status). */
_Noreturn void try_help(const char *prog, int status);

/*
 * The whole of a file (a /proc file: its size is not known in advance),
 * NUL-terminated, in a malloc'ed buffer; its length in *len if len.
 * NULL with errno on failure.
 */
char *read_whole(const char *path, size_t *len);

/*
 * A small file into buf, NUL-terminated, cut at size - 1 bytes, with no
 * malloc (lazy and lifeofmalloc must not disturb the heap they show);
 * its length, or -1 with errno.
 */
long read_file(const char *path, char *buf, size_t size);

/* The value of "KEY:   1234 kB" in /proc/meminfo-like text; -1 if absent. */
long long meminfo_value(const char *text, const char *key);

/* t (seconds since 1970, UTC) as ctime(3) without the newline: "Thu Jan  1 00:00:00 1970" */
void fmt_ctime(long long t, char buf[32]);

#endif /* USER_ULIB_H */
