/*
 * user/ulib.h - helpers shared by the bundled user programs (linked into
 * each of them): full writes, signal names, PATH search, wait statuses.
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

/* echo [-neE] ARGS: /bin/echo and sh's builtin; returns the exit status. */
int echo_main(int argc, char **argv);

#endif /* USER_ULIB_H */
