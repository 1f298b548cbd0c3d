/*
 * user/strace/decode_signal.c - signal sets, sigactions, rt_sigreturn's
 * frame and siginfo, in strace's notation:
 *
 *   {sa_handler=SIG_IGN, sa_mask=[INT], sa_flags=SA_RESTORER, sa_restorer=0x401000}
 *   {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, si_uid=0, si_status=0, ...}
 *
 * The structures are the kernel's (x86-64), read from the tracee.
 */
#include <stdio.h>
#include <string.h>

#include "strace.h"

#define NSIG_BYTES 8

/* the kernel's struct sigaction on x86-64 */
struct k_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

/* A sigset_t of size bytes: the kernel only takes 8. */
void print_sigset_at(struct tcb *t, unsigned long addr, unsigned long size)
{
	uint64_t mask;

	if (size != NSIG_BYTES) {
		printaddr(addr);
		return;
	}
	if (umove_or_printaddr(t, addr, sizeof(mask), &mask) == 0)
		print_sigset(&mask, sizeof(mask));
}

void print_sigaction_at(struct tcb *t, unsigned long addr)
{
	struct k_sigaction sa;

	if (umove_or_printaddr(t, addr, sizeof(sa), &sa))
		return;
	tprints("{sa_handler=");
	if (sa.handler == 0)
		tprints("SIG_DFL");
	else if (sa.handler == 1)
		tprints("SIG_IGN");
	else
		tprintf("%#lx", sa.handler);
	tprints(", sa_mask=");
	print_sigset(&sa.mask, sizeof(sa.mask));
	tprints(", sa_flags=");
	printflags(X_SA, sa.flags);
	if (sa.flags & 0x04000000) { /* SA_RESTORER */
		tprints(", sa_restorer=");
		printaddr(sa.restorer);
	}
	tprints("}");
}

/*
 * rt_sigreturn: the handler returned, popping the frame's return address,
 * so rsp points at the frame's ucontext; its uc_sigmask (the mask to
 * restore) sits after uc_flags, uc_link, uc_stack and uc_mcontext.
 */
#define UC_SIGMASK_OFFSET (8 + 8 + 24 + 256)

int sys_rt_sigreturn(struct tcb *t)
{
	uint64_t mask;

	tprints("{mask=");
	if (umoven(t, t->sp + UC_SIGMASK_OFFSET, sizeof(mask), &mask) == 0)
		print_sigset(&mask, sizeof(mask));
	else
		printaddr(t->sp + UC_SIGMASK_OFFSET);
	tprints("}");
	return RVAL_DECODED;
}

/* Linux's siginfo layout (x86-64): the union starts at byte 16. */
struct k_siginfo {
	int signo, err, code, pad;
	union {
		struct {
			int pid;
			unsigned int uid;
			int status;
			int pad2;
			long utime, stime;
		} chld;
		struct {
			int pid;
			unsigned int uid;
			long value;
		} rt;
		struct {
			unsigned long addr;
		} fault;
		struct {
			long band;
			int fd;
		} poll;
		struct {
			int tid, overrun;
			long value;
		} timer;
		struct {
			unsigned long call_addr;
			int syscall;
			unsigned int arch;
		} sys;
	} u;
};

static const struct xlat si_codes[] = {
	{ 0, "SI_USER" }, { 0x80, "SI_KERNEL" }, { (uint32_t)-1, "SI_QUEUE" },
	{ (uint32_t)-2, "SI_TIMER" }, { (uint32_t)-3, "SI_MESGQ" }, { (uint32_t)-4, "SI_ASYNCIO" },
	{ (uint32_t)-5, "SI_SIGIO" }, { (uint32_t)-6, "SI_TKILL" }, { (uint32_t)-7, "SI_DETHREAD" },
	{ (uint32_t)-60, "SI_ASYNCNL" }, { 0, NULL }
};
static const struct xlat ill_codes[] = {
	{ 1, "ILL_ILLOPC" }, { 2, "ILL_ILLOPN" }, { 3, "ILL_ILLADR" }, { 4, "ILL_ILLTRP" },
	{ 5, "ILL_PRVOPC" }, { 6, "ILL_PRVREG" }, { 7, "ILL_COPROC" }, { 8, "ILL_BADSTK" },
	{ 9, "ILL_BADIADDR" }, { 0, NULL }
};
static const struct xlat fpe_codes[] = {
	{ 1, "FPE_INTDIV" }, { 2, "FPE_INTOVF" }, { 3, "FPE_FLTDIV" }, { 4, "FPE_FLTOVF" },
	{ 5, "FPE_FLTUND" }, { 6, "FPE_FLTRES" }, { 7, "FPE_FLTINV" }, { 8, "FPE_FLTSUB" },
	{ 14, "FPE_FLTUNK" }, { 15, "FPE_CONDTRAP" }, { 0, NULL }
};
static const struct xlat segv_codes[] = {
	{ 1, "SEGV_MAPERR" }, { 2, "SEGV_ACCERR" }, { 3, "SEGV_BNDERR" }, { 4, "SEGV_PKUERR" },
	{ 5, "SEGV_ACCADI" }, { 6, "SEGV_ADIDERR" }, { 7, "SEGV_ADIPERR" }, { 8, "SEGV_MTEAERR" },
	{ 9, "SEGV_MTESERR" }, { 10, "SEGV_CPERR" }, { 0, NULL }
};
static const struct xlat bus_codes[] = {
	{ 1, "BUS_ADRALN" }, { 2, "BUS_ADRERR" }, { 3, "BUS_OBJERR" }, { 4, "BUS_MCEERR_AR" },
	{ 5, "BUS_MCEERR_AO" }, { 0, NULL }
};
static const struct xlat trap_codes[] = {
	{ 1, "TRAP_BRKPT" }, { 2, "TRAP_TRACE" }, { 3, "TRAP_BRANCH" }, { 4, "TRAP_HWBKPT" },
	{ 5, "TRAP_UNK" }, { 6, "TRAP_PERF" }, { 0, NULL }
};
static const struct xlat cld_codes[] = {
	{ 1, "CLD_EXITED" }, { 2, "CLD_KILLED" }, { 3, "CLD_DUMPED" }, { 4, "CLD_TRAPPED" },
	{ 5, "CLD_STOPPED" }, { 6, "CLD_CONTINUED" }, { 0, NULL }
};
static const struct xlat poll_codes[] = {
	{ 1, "POLL_IN" }, { 2, "POLL_OUT" }, { 3, "POLL_MSG" }, { 4, "POLL_ERR" },
	{ 5, "POLL_PRI" }, { 6, "POLL_HUP" }, { 0, NULL }
};

static const struct xlat *signal_codes(int sig)
{
	switch (sig) {
	case 4: return ill_codes;   /* SIGILL */
	case 8: return fpe_codes;   /* SIGFPE */
	case 11: return segv_codes; /* SIGSEGV */
	case 7: return bus_codes;   /* SIGBUS */
	case 5: return trap_codes;  /* SIGTRAP */
	case 17: return cld_codes;  /* SIGCHLD */
	case 29: return poll_codes; /* SIGIO */
	}
	return NULL;
}

static void print_si_code(int sig, int code)
{
	const char *s = xlookup(si_codes, (uint32_t)code);

	if (!s && code > 0)
		s = xlookup(signal_codes(sig), (uint32_t)code);
	if (s)
		tprints(s);
	else
		tprintf("%#x", (unsigned int)code);
}

static void print_source(const struct k_siginfo *si)
{
	tprintf(", si_pid=%d, si_uid=%u", si->u.rt.pid, si->u.rt.uid);
}

static void print_value(long value)
{
	tprintf(", si_value={int=%d, ptr=%#lx}", (int)value, (unsigned long)value);
}

/* A siginfo_t: the fields its signal and code make meaningful. */
void print_siginfo(const void *p)
{
	const struct k_siginfo *si = p;

	tprints("{si_signo=");
	printsignal(si->signo);
	if (si->signo == 0) {
		tprints("}");
		return;
	}
	if (si->err) {
		const char *e = errno_name(si->err);

		tprints(", si_errno=");
		if (e)
			tprints(e);
		else
			tprintf("%d", si->err);
	}
	tprints(", si_code=");
	print_si_code(si->signo, si->code);
	if (si->code <= 0) {
		switch (si->code) {
		case 0:  /* SI_USER */
		case -6: /* SI_TKILL */
			print_source(si);
			break;
		case -1: /* SI_QUEUE */
		case -3: /* SI_MESGQ */
			print_source(si);
			print_value(si->u.rt.value);
			break;
		case -2: /* SI_TIMER */
			tprintf(", si_timerid=%#x, si_overrun=%d", si->u.timer.tid, si->u.timer.overrun);
			print_value(si->u.timer.value);
			break;
		default:
			break;
		}
	} else {
		switch (si->signo) {
		case 17: /* SIGCHLD */
			print_source(si);
			tprints(", si_status=");
			if (si->code == 1) /* CLD_EXITED */
				tprintf("%d", si->u.chld.status);
			else
				printsignal(si->u.chld.status);
			tprintf(", si_utime=%ld, si_stime=%ld", si->u.chld.utime, si->u.chld.stime);
			break;
		case 4: case 8: case 11: case 7: /* ILL FPE SEGV BUS */
			tprints(", si_addr=");
			printaddr(si->u.fault.addr);
			break;
		case 29: /* SIGIO */
			tprintf(", si_band=%ld, si_fd=%d", si->u.poll.band, si->u.poll.fd);
			break;
		case 31: /* SIGSYS */
			tprints(", si_call_addr=");
			printaddr(si->u.sys.call_addr);
			tprintf(", si_syscall=%d, si_arch=%#x", si->u.sys.syscall, si->u.sys.arch);
			break;
		default:
			if (si->u.rt.pid || si->u.rt.uid)
				print_source(si);
			if (si->u.rt.value)
				print_value(si->u.rt.value);
			break;
		}
	}
	tprints("}");
}
