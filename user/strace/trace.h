/*
 * user/strace/trace.h - between main.c (the wait loop), trace.c (system
 * call stops) and options.c (the command line).
 */
#ifndef USER_STRACE_TRACE_H
#define USER_STRACE_TRACE_H

#include "strace.h"

/* options.c sets these */
extern int follow_fork;		  /* -f */
extern int quiet;		  /* -q: no "Process N attached" */
extern int count_only;		  /* -c */
extern unsigned char *trace_set;  /* -e trace=: NULL is every call */
extern unsigned char signal_set[65]; /* -e signal= */

/* Parse argv; returns the index of the command.  Exits on errors and --help. */
int parse_options(int argc, char **argv, int *out_fd);

/* trace.c */
void syscall_stop(struct tcb *t);
void syscall_vanished(struct tcb *t); /* the task ended inside a call */

#endif
