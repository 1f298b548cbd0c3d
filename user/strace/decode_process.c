/*
 * user/strace/decode_process.c - processes: clone, execve's argv and
 * environment, wait4 statuses, ptrace, prctl, arch_prctl, reboot and
 * process_vm_readv.
 */
#include <stdio.h>
#include <string.h>

#include "strace.h"

#define CSIGNAL 0xffUL
#define CLONE_SETTLS_ 0x80000UL
#define CLONE_PARENT_SETTID_ 0x100000UL
#define CLONE_CHILD_CLEARTID_ 0x200000UL
#define CLONE_CHILD_SETTID_ 0x1000000UL

/*
 * clone(flags, stack, parent_tid, child_tid, tls) on x86-64: the stack and
 * flags at entry, the tid pointers once the call returned.
 */
int sys_clone(struct tcb *t)
{
	unsigned long flags = t->arg[0];

	if (entering(t)) {
		int n;

		tprints("child_stack=");
		printaddr(t->arg[1]);
		tprints(", flags=");
		n = (flags & ~CSIGNAL) ? printflags_ex(xlat_tables[X_CLONE], flags & ~CSIGNAL,
						       "CLONE_???", 0)
				       : 0;
		if (flags & CSIGNAL) {
			if (n || (flags & ~CSIGNAL))
				tprints("|");
			printsignal((int)(flags & CSIGNAL));
		} else if (!(flags & ~CSIGNAL)) {
			tprints("0");
		}
		return 0;
	}
	if (flags & CLONE_PARENT_SETTID_) {
		int tid;

		tprints(", parent_tid=");
		if (umove_or_printaddr(t, t->arg[2], sizeof(tid), &tid) == 0)
			tprintf("[%d]", tid);
	}
	if (flags & CLONE_SETTLS_) {
		tprints(", tls=");
		printaddr(t->arg[4]);
	}
	if (flags & (CLONE_CHILD_SETTID_ | CLONE_CHILD_CLEARTID_)) {
		tprints(", child_tidptr=");
		printaddr(t->arg[3]);
	}
	return 0;
}

/* clone3(args, size): struct clone_args, the fields the flags use */
int sys_clone3(struct tcb *t)
{
	uint64_t a[11] = { 0 }; /* flags pidfd child_tid parent_tid exit_signal stack stack_size tls ... */
	unsigned long size = t->arg[1] < sizeof(a) ? t->arg[1] : sizeof(a);

	if (size < 64 || umove_or_printaddr(t, t->arg[0], size, a)) {
		if (size < 64)
			printaddr(t->arg[0]);
		tprintf(", %lu", t->arg[1]);
		return RVAL_DECODED;
	}
	tprints("{flags=");
	printflags_ex(xlat_tables[X_CLONE], a[0], "CLONE_???", 0);
	if (a[0] & 0x1000) { /* CLONE_PIDFD */
		tprints(", pidfd=");
		printaddr(a[1]);
	}
	if (a[0] & (CLONE_CHILD_SETTID_ | CLONE_CHILD_CLEARTID_)) {
		tprints(", child_tid=");
		printaddr(a[2]);
	}
	if (a[0] & CLONE_PARENT_SETTID_) {
		tprints(", parent_tid=");
		printaddr(a[3]);
	}
	tprints(", exit_signal=");
	printsignal((int)a[4]);
	tprints(", stack=");
	printaddr(a[5]);
	tprintf(", stack_size=%#llx", (unsigned long long)a[6]);
	if (a[0] & CLONE_SETTLS_) {
		tprints(", tls=");
		printaddr(a[7]);
	}
	tprintf("}, %lu", t->arg[1]);
	return RVAL_DECODED;
}

/* ["a", "b", ...]: at most max_strlen elements */
static void print_argv_at(struct tcb *t, unsigned long addr)
{
	unsigned long p;

	if (!addr) {
		tprints("NULL");
		return;
	}
	tprints("[");
	for (unsigned int n = 0;; n++, addr += sizeof(p)) {
		if (umoven(t, addr, sizeof(p), &p) < 0) {
			if (n)
				tprint_arg_next();
			printaddr(addr);
			break;
		}
		if (!p)
			break;
		if (n)
			tprint_arg_next();
		if (n >= max_strlen) {
			tprints("...");
			break;
		}
		printstr(t, p);
	}
	tprints("]");
}

/* 0x7ffd... / * 12 vars * / */
static void print_envp_at(struct tcb *t, unsigned long addr)
{
	unsigned int count = 0;
	int unterminated = 0;
	unsigned long p;

	printaddr(addr);
	if (!addr)
		return;
	for (;; count++, addr += sizeof(p)) {
		if (umoven(t, addr, sizeof(p), &p) < 0) {
			if (!count)
				return;
			unterminated = 1;
			break;
		}
		if (!p)
			break;
	}
	tprintf(" /* %u var%s%s */", count, count == 1 ? "" : "s",
		unterminated ? ", unterminated" : "");
}

int sys_execve(struct tcb *t)
{
	printpath(t, t->arg[0]);
	tprint_arg_next();
	print_argv_at(t, t->arg[1]);
	tprint_arg_next();
	print_envp_at(t, t->arg[2]);
	return RVAL_DECODED;
}

/* [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] */
static void print_wstatus_at(struct tcb *t, unsigned long addr)
{
	int s;

	if (umove_or_printaddr(t, addr, sizeof(s), &s))
		return;
	tprints("[{");
	if ((s & 0xff) == 0x7f) {
		tprints("WIFSTOPPED(s) && WSTOPSIG(s) == ");
		printsignal((s >> 8) & 0xff);
	} else if (s == 0xffff) {
		tprints("WIFCONTINUED(s)");
	} else if (s & 0x7f) {
		tprints("WIFSIGNALED(s) && WTERMSIG(s) == ");
		printsignal(s & 0x7f);
		if (s & 0x80)
			tprints(" && WCOREDUMP(s)");
	} else {
		tprintf("WIFEXITED(s) && WEXITSTATUS(s) == %d", (s >> 8) & 0xff);
	}
	tprints("}]");
}

/* wait4(pid, status, options, rusage) */
int sys_wait4(struct tcb *t)
{
	if (entering(t)) {
		tprintf("%d, ", (int)t->arg[0]);
		return 0;
	}
	if (t->rval <= 0)
		printaddr(t->arg[1]);
	else
		print_wstatus_at(t, t->arg[1]);
	tprint_arg_next();
	printflags(X_WAIT, (unsigned int)t->arg[2]);
	tprint_arg_next();
	if (t->rval > 0)
		print_rusage_at(t, t->arg[3]);
	else
		printaddr(t->arg[3]);
	return 0;
}

int sys_ptrace(struct tcb *t)
{
	unsigned long req = t->arg[0], addr = t->arg[2], data = t->arg[3];

	if (exiting(t)) {
		unsigned long word;
		unsigned char si[128];

		if (req >= 1 && req <= 3) { /* PTRACE_PEEK* */
			if (umove_or_printaddr(t, data, sizeof(word), &word) == 0)
				tprintf("[%#lx]", word);
		} else if (req == 0x4201) { /* PTRACE_GETEVENTMSG */
			if (umove_or_printaddr(t, data, sizeof(word), &word) == 0)
				tprintf("[%lu]", word);
		} else if (req == 0x4202) { /* PTRACE_GETSIGINFO */
			if (umove_or_printaddr(t, data, sizeof(si), si) == 0)
				print_siginfo(si);
		}
		return 0;
	}
	printxval(X_PTRACE, req);
	if (req == 0) /* PTRACE_TRACEME */
		return RVAL_DECODED;
	tprintf(", %d", (int)t->arg[1]);
	switch (req) {
	case 16: case 0x4207: case 8: case 0x4208: /* ATTACH INTERRUPT KILL LISTEN */
		return RVAL_DECODED;
	case 12: case 13: case 14: case 15: /* GETREGS SETREGS GETFPREGS SETFPREGS */
		tprint_arg_next();
		printaddr(data);
		return RVAL_DECODED;
	}
	tprint_arg_next();
	printaddr(addr);
	tprint_arg_next();
	switch (req) {
	case 7: case 17: case 24: case 9: case 31: case 32: case 33:
		/* CONT DETACH SYSCALL SINGLESTEP SYSEMU...: a signal to deliver */
		printsignal((int)data);
		break;
	case 0x4206: case 0x4200: /* SEIZE SETOPTIONS */
		printflags(X_PTRACE_O, data);
		break;
	case 1: case 2: case 3: case 0x4201: case 0x4202:
		return 0; /* filled in: printed at exit */
	default:
		printaddr(data);
		break;
	}
	return RVAL_DECODED;
}

static const struct xlat dumpable[] = {
	{ 0, "SUID_DUMP_DISABLE" }, { 1, "SUID_DUMP_USER" }, { 2, "SUID_DUMP_ROOT" }, { 0, NULL }
};

/* prctl(option, arg2, arg3, arg4, arg5): the arguments the option uses */
int sys_prctl(struct tcb *t)
{
	unsigned int option = (unsigned int)t->arg[0];

	if (exiting(t)) {
		int v;

		switch (option) {
		case 16: /* PR_GET_NAME */
			if (syserror(t))
				printaddr(t->arg[1]);
			else
				printstr_ex(t, t->arg[1], 16, QUOTE_0_TERMINATED);
			break;
		case 2: /* PR_GET_PDEATHSIG */
			if (umove_or_printaddr(t, t->arg[1], sizeof(v), &v) == 0) {
				tprints("[");
				printsignal(v);
				tprints("]");
			}
			break;
		case 3: /* PR_GET_DUMPABLE */
			if (!syserror(t) && (t->auxstr = xlookup(dumpable, (uint64_t)t->rval)))
				return RVAL_STR;
			break;
		}
		return 0;
	}
	printxval(X_PRCTL, option);
	switch (option) {
	case 15: /* PR_SET_NAME */
		tprint_arg_next();
		printstr_ex(t, t->arg[1], 16, QUOTE_0_TERMINATED);
		return RVAL_DECODED;
	case 16: case 2: /* PR_GET_NAME, PR_GET_PDEATHSIG */
		tprint_arg_next();
		return 0;
	case 3: /* PR_GET_DUMPABLE */
		return 0;
	case 1: /* PR_SET_PDEATHSIG */
		tprint_arg_next();
		printsignal((int)t->arg[1]);
		return RVAL_DECODED;
	case 4: { /* PR_SET_DUMPABLE */
		const char *s = xlookup(dumpable, t->arg[1]);

		tprint_arg_next();
		if (s)
			tprints(s);
		else
			tprintf("%#lx /* SUID_DUMP_??? */", t->arg[1]);
		return RVAL_DECODED;
	}
	case 41: /* PR_SET_THP_DISABLE */
		tprintf(", %lu", t->arg[1]);
		for (int i = 2; i < 5; i++)
			tprintf(", %#lx", t->arg[i]);
		return RVAL_DECODED;
	}
	for (int i = 1; i < 5; i++)
		tprintf(", %#lx", t->arg[i]);
	return RVAL_DECODED;
}

int sys_arch_prctl(struct tcb *t)
{
	unsigned int code = (unsigned int)t->arg[0];
	unsigned long v;

	if (entering(t)) {
		printxval(X_ARCH, code);
		tprint_arg_next();
		if (code == 0x1003 || code == 0x1004) /* ARCH_GET_FS, ARCH_GET_GS */
			return 0;
		tprintf("%#lx", t->arg[1]);
		return RVAL_DECODED;
	}
	if (umove_or_printaddr(t, t->arg[1], sizeof(v), &v) == 0)
		tprintf("[%#lx]", v);
	return 0;
}

int sys_reboot(struct tcb *t)
{
	printxval(X_REBOOT_MAGIC1, (unsigned int)t->arg[0]);
	tprint_arg_next();
	printxval(X_REBOOT_MAGIC2, (unsigned int)t->arg[1]);
	tprint_arg_next();
	printxval(X_REBOOT_CMD, (unsigned int)t->arg[2]);
	if ((unsigned int)t->arg[2] == 0xA1B2C3D4) { /* LINUX_REBOOT_CMD_RESTART2 */
		tprint_arg_next();
		printstr(t, t->arg[3]);
	}
	return RVAL_DECODED;
}

/* process_vm_readv(pid, local_iov, liovcnt, remote_iov, riovcnt, flags) */
int sys_process_vm_readv(struct tcb *t)
{
	if (entering(t)) {
		tprintf("%d, ", (int)t->arg[0]);
		return 0;
	}
	print_iov(t, t->arg[1], t->arg[2], syserror(t) ? -2 : t->rval);
	tprintf(", %lu, ", t->arg[2]);
	print_iov(t, t->arg[3], t->arg[4], -2);
	tprintf(", %lu, %lu", t->arg[4], t->arg[5]);
	return 0;
}
