/*
 * user/strace/decode_table.c - the decoder for table entries: each
 * argument printed by its type (strace.h's A_*), the ones the kernel
 * fills in (the *_OUT types) left for the exit stop.  Entries without
 * types print their arguments in hex.
 *
 * Separators follow strace: ", " after an argument when another follows,
 * so a call cut at entry reads "read(3, " and its exit adds the rest.
 */
#include <stdio.h>

#include "strace.h"

static int is_exit_type(int type)
{
	switch (type) {
	case A_BUF_OUT: case A_SIGSET_OUT: case A_SIGACT_OUT: case A_STAT_OUT:
	case A_TIMESPEC_OUT: case A_TIMEVAL_OUT: case A_RLIMIT_OUT: case A_RLIMIT64_OUT:
	case A_RUSAGE_OUT: case A_INT_OUT: case A_PIPE_OUT: case A_IOV_OUT:
	case A_UNAME_OUT: case A_SYSINFO_OUT: case A_TMS_OUT: case A_RANDOM_OUT:
	case A_CWD_OUT: case A_DIRENTS_OUT:
		return 1;
	}
	return 0;
}

static void print_int_at(struct tcb *t, unsigned long addr)
{
	int v;

	if (umove_or_printaddr(t, addr, sizeof(v), &v) == 0)
		tprintf("[%d]", v);
}

static void print_pipe_at(struct tcb *t, unsigned long addr)
{
	int fds[2];

	if (umove_or_printaddr(t, addr, sizeof(fds), fds) == 0)
		tprintf("[%d, %d]", fds[0], fds[1]);
}

/* Argument i of t's call, as spec (ARG(type, param)) says. */
void print_arg(struct tcb *t, int i, uint16_t spec)
{
	unsigned long v = t->arg[i];
	int type = spec & 0xff, param = spec >> 8;

	if (is_exit_type(type) && syserror(t) && type != A_IOV_OUT) {
		printaddr(v);
		return;
	}
	switch (type) {
	case A_INT: case A_FD: case A_PID: tprintf("%d", (int)v); break;
	case A_UINT: tprintf("%u", (unsigned int)v); break;
	case A_LONG: case A_LLONG: tprintf("%ld", (long)v); break;
	case A_ULONG: tprintf("%lu", v); break;
	case A_PTR: printaddr(v); break;
	case A_DIRFD:
		if ((int)v == -100)
			tprints("AT_FDCWD");
		else
			tprintf("%d", (int)v);
		break;
	case A_PATH: printpath(t, v); break;
	case A_STR: printstr(t, v); break;
	case A_BUF_IN: printstrn(t, v, (long)t->arg[param]); break;
	case A_BUF_OUT: printstrn(t, v, t->rval); break;
	case A_MODE: print_mode((unsigned int)v); break;
	case A_OFLAGS: print_open_flags((unsigned int)v); break;
	case A_FLAGS: printflags((enum xlat_id)param, (unsigned int)v); break;
	case A_XVAL: printxval((enum xlat_id)param, (unsigned int)v); break;
	case A_SIG: printsignal((int)v); break;
	case A_SIGSET_IN: case A_SIGSET_OUT: print_sigset_at(t, v, t->arg[param]); break;
	case A_SIGACT_IN: case A_SIGACT_OUT: print_sigaction_at(t, v); break;
	case A_STAT_OUT: print_stat_at(t, v); break;
	case A_TIMESPEC_IN: case A_TIMESPEC_OUT: print_timespec_at(t, v); break;
	case A_TIMEVAL_OUT: print_timeval_at(t, v); break;
	case A_RLIMIT_IN: case A_RLIMIT_OUT: print_rlimit_at(t, v, 0); break;
	case A_RLIMIT64_IN: case A_RLIMIT64_OUT: print_rlimit_at(t, v, 1); break;
	case A_RUSAGE_OUT: print_rusage_at(t, v); break;
	case A_INT_OUT: print_int_at(t, v); break;
	case A_PIPE_OUT: print_pipe_at(t, v); break;
	case A_IOV_IN: print_iov(t, v, t->arg[param], -1); break;
	case A_IOV_OUT: print_iov(t, v, t->arg[param], syserror(t) ? -2 : t->rval); break;
	case A_UNAME_OUT: print_uname_at(t, v); break;
	case A_SYSINFO_OUT: print_sysinfo_at(t, v); break;
	case A_TMS_OUT: print_tms_at(t, v); break;
	case A_CPUSET_IN: print_cpuset_at(t, v, t->arg[param]); break;
	case A_RANDOM_OUT: printstr_ex(t, v, t->rval, QUOTE_FORCE_HEX); break;
	case A_CWD_OUT: printpathn(t, v, t->rval > 0 ? (size_t)t->rval - 1 : 0); break;
	case A_DIRENTS_OUT: print_dirents_at(t, v, t->rval); break;
	default: tprintf("%#lx", v); break; /* A_HEX, and calls not decoded */
	}
}

/*
 * Print arguments from..nargs-1 of t's call; at entry stop before the
 * first one the kernel fills in.  Returns the index reached.
 */
int print_args(struct tcb *t, int from, int nargs, const uint16_t *specs)
{
	int i;

	for (i = from; i < nargs; i++) {
		uint16_t spec = specs ? specs[i] : 0;

		if (entering(t) && is_exit_type(spec & 0xff))
			break;
		print_arg(t, i, spec);
		if (i + 1 < nargs)
			tprint_arg_next();
	}
	return i;
}

int decode_table(struct tcb *t)
{
	const struct sysent *e = t->ent;

	if (entering(t)) {
		t->next_arg = print_args(t, 0, e->nargs, e->args);
		if (t->next_arg < e->nargs)
			return e->rval;
		return e->rval | RVAL_DECODED;
	}
	print_args(t, t->next_arg, e->nargs, e->args);
	return e->rval;
}
