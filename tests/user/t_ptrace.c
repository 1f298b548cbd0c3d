/*
 * tests/user/t_ptrace.c - ptrace(2) and process_vm_readv(2), the subset a
 * strace needs: PTRACE_TRACEME and the SIGSTOP handshake, syscall stops
 * (orig_rax, rax, args), PEEKDATA/PEEKTEXT, GETREGS, GETSIGINFO,
 * GETEVENTMSG, SETOPTIONS; fork and vfork following (event stops, the new
 * child's SIGSTOP, a grandchild's exit reported to the tracer before its
 * parent reaps it); exec events (PTRACE_O_TRACEEXEC and the legacy
 * SIGTRAP); signal-delivery stops (suppress, inject another, an ignored
 * signal, a fatal one); SIGKILL of a stopped tracee; DETACH, KILL,
 * ATTACH; the tracer's exit (detach, or PTRACE_O_EXITKILL); the error
 * cases ESRCH, EIO, EFAULT, EINVAL, EPERM; process_vm_readv's partial
 * reads and errors.
 *
 * Every wait names a pid, so the output does not depend on which of two
 * stops comes first.  Only raw syscalls (rsys) in the tracees, so their
 * syscall sequence is exactly the one written here.
 *
 * Needs ROOT/tests/bin/t_echoargs.  Usage: t_ptrace [ROOT]
 */
#include <sys/mman.h>

#include "tap.h"

#define PLAN 207

#define PTRACE_TRACEME 0
#define PTRACE_PEEKTEXT 1
#define PTRACE_PEEKDATA 2
#define PTRACE_CONT 7
#define PTRACE_KILL 8
#define PTRACE_GETREGS 12
#define PTRACE_ATTACH 16
#define PTRACE_DETACH 17
#define PTRACE_SYSCALL 24
#define PTRACE_SETOPTIONS 0x4200
#define PTRACE_GETEVENTMSG 0x4201
#define PTRACE_GETSIGINFO 0x4202
#define PTRACE_SEIZE 0x4206
#define PTRACE_INTERRUPT 0x4207

#define PTRACE_O_TRACESYSGOOD 0x01
#define PTRACE_O_TRACEFORK 0x02
#define PTRACE_O_TRACEVFORK 0x04
#define PTRACE_O_TRACEEXEC 0x10
#define PTRACE_O_TRACEVFORKDONE 0x20
#define PTRACE_O_TRACEEXIT 0x40
#define PTRACE_O_EXITKILL 0x100000

#define PTRACE_EVENT_FORK 1
#define PTRACE_EVENT_VFORK 2
#define PTRACE_EVENT_EXEC 4
#define PTRACE_EVENT_VFORK_DONE 5
#define PTRACE_EVENT_EXIT 6
#define PTRACE_EVENT_STOP 128

/* wait statuses of stops */
#define STOPPED(sig) ((((sig) & 0xffff) << 8) | 0x7f)
#define SYSCALL_STOP STOPPED(SIGTRAP | 0x80)
#define EVENT_STOP(ev) STOPPED(SIGTRAP | ((ev) << 8))

struct user_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	unsigned long rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
	unsigned long fs_base, gs_base, ds, es, fs, gs;
};

/* the kernel's siginfo_t, the fields tested */
struct ksiginfo {
	int signo, err, code, pad;
	int pid;
	unsigned uid;
	int status;
	char rest[128 - 28];
};

struct kiovec {
	void *base;
	unsigned long len;
};

#define PT(req, pid, addr, data) rsys(SYS_ptrace, (req), (pid), (addr), (data))

static char peekbuf[32];
static volatile int got_usr1, got_usr2;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1++;
	else
		got_usr2++;
}

static void handle(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

/* wait4(pid, opts) until it is not EINTR: the status, or -1 */
static int wait_st(pid_t pid, int opts)
{
	int st;
	long r;

	do
		r = rsys(SYS_wait4, pid, &st, opts, 0);
	while (r == -EINTR);
	return r == pid ? st : -1;
}

/* Wait (at most 5 s) until pid sleeps ('S' in /proc/pid/stat): in pause(), for the callers. */
static void wait_sleeping(pid_t pid)
{
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (int i = 0; i < 500; i++) {
		int fd = open(path, O_RDONLY);
		long n = fd < 0 ? -1 : rsys(SYS_read, fd, buf, sizeof(buf) - 1);
		char *paren;

		if (fd >= 0)
			rsys(SYS_close, fd);
		buf[n > 0 ? n : 0] = 0;
		paren = strrchr(buf, ')');
		if (paren && paren[1] == ' ' && paren[2] == 'S')
			return;
		msleep(10);
	}
}

/* In a child: become a tracee and stop for the tracer. */
static void traceme(void)
{
	rsys(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
	rsys(SYS_kill, rsys(SYS_getpid), SIGSTOP);
}

static struct user_regs regs_of(pid_t pid)
{
	struct user_regs r;

	memset(&r, 0xff, sizeof(r));
	PT(PTRACE_GETREGS, pid, 0, &r);
	return r;
}

static struct ksiginfo siginfo_of(pid_t pid)
{
	struct ksiginfo si;

	memset(&si, 0xff, sizeof(si));
	PT(PTRACE_GETSIGINFO, pid, 0, &si);
	return si;
}

static long eventmsg_of(pid_t pid)
{
	unsigned long msg = ~0ul;

	PT(PTRACE_GETEVENTMSG, pid, 0, &msg);
	return (long)msg;
}

static long vm_read(pid_t pid, void *local, unsigned long llen, const void *remote, unsigned long rlen)
{
	struct kiovec l = { local, llen }, r = { (void *)remote, rlen };

	return rsys(SYS_process_vm_readv, pid, &l, 1, &r, 1, 0);
}

/* ---- TRACEME, the handshake, syscall stops, PEEKDATA ---- */

static void test_syscalls(void)
{
	struct user_regs r;
	struct ksiginfo si;
	unsigned long word;
	char buf[16];
	int p[2], st;
	pid_t pid;

	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		long r1, r2;

		rsys(SYS_close, p[0]);
		memcpy(peekbuf, "ptrace-peek!", 13);
		r1 = rsys(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
		r2 = rsys(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
		rsys(SYS_kill, rsys(SYS_getpid), SIGSTOP);
		rsys(SYS_getpid);
		rsys(SYS_write, p[1], peekbuf, 12);
		rsys(SYS_brk, 0);
		rsys(SYS_exit_group, r1 == 0 && r2 == -EPERM ? 7 : 1);
	}
	rsys(SYS_close, p[1]);
	st = wait_st(pid, 0);
	expect_eq(st, STOPPED(SIGSTOP), "TRACEME + kill(SIGSTOP): a SIGSTOP stop (wait4 without __WALL)");
	si = siginfo_of(pid);
	expect_eq(si.signo, SIGSTOP, "GETSIGINFO: si_signo SIGSTOP");
	expect_eq(si.code, 0, "GETSIGINFO: si_code SI_USER");
	expect_eq(si.pid, pid, "GETSIGINFO: si_pid is the sender (the tracee)");
	expect_eq(PT(PTRACE_SETOPTIONS, pid, 0, 0x80000000ul), -EINVAL, "SETOPTIONS with an unknown bit: EINVAL");
	expect_eq(PT(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD), 0, "SETOPTIONS TRACESYSGOOD");
	expect_eq(PT(PTRACE_SYSCALL, pid, 0, 0), 0, "PTRACE_SYSCALL suppressing the SIGSTOP");

	st = wait_st(pid, __WALL);
	expect_eq(st, SYSCALL_STOP, "syscall entry stop: SIGTRAP|0x80");
	r = regs_of(pid);
	expect_eq(r.orig_rax, SYS_getpid, "entry: orig_rax is getpid");
	expect_eq((long)r.rax, -ENOSYS, "entry: rax is -ENOSYS");
	expect_eq(r.cs, 0x33, "GETREGS: cs 0x33");
	expect_eq(r.ss, 0x2b, "GETREGS: ss 0x2b");
	expect_eq(r.rcx, r.rip, "GETREGS: rcx is the return address at a syscall stop");
	expect_eq(eventmsg_of(pid), 1, "GETEVENTMSG at a syscall entry: 1");
	si = siginfo_of(pid);
	expect_eq(si.signo, SIGTRAP, "GETSIGINFO at a syscall stop: SIGTRAP");
	expect_eq(si.code, SIGTRAP | 0x80, "GETSIGINFO at a syscall stop: si_code SIGTRAP|0x80");
	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, __WALL);
	r = regs_of(pid);
	expect_eq(st, SYSCALL_STOP, "syscall exit stop");
	expect_eq(r.orig_rax, SYS_getpid, "exit: orig_rax is getpid");
	expect_eq(r.rax, pid, "exit: rax is getpid's result");
	expect_eq(eventmsg_of(pid), 2, "GETEVENTMSG at a syscall exit: 2");

	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, __WALL);
	r = regs_of(pid);
	expect_eq(st, SYSCALL_STOP, "write: entry stop");
	expect_eq(r.orig_rax, SYS_write, "write: orig_rax");
	expect_eq(r.rdi, p[1], "write: rdi is the fd");
	expect_eq(r.rdx, 12, "write: rdx is the count");
	word = 0;
	expect_eq(PT(PTRACE_PEEKDATA, pid, r.rsi, &word), 0, "PEEKDATA returns 0 (raw syscall)");
	ok(memcmp(&word, "ptrace-p", 8) == 0, "PEEKDATA stores the tracee's word at *data");
	word = 0;
	PT(PTRACE_PEEKTEXT, pid, r.rsi + 4, &word);
	ok(memcmp(&word, "ce-peek!", 8) == 0, "PEEKTEXT at an unaligned address");
	memset(buf, 0, sizeof(buf));
	expect_eq(vm_read(pid, buf, 12, (void *)r.rsi, 12), 12, "process_vm_readv of the tracee's buffer");
	ok(memcmp(buf, "ptrace-peek!", 12) == 0, "process_vm_readv reads the tracee's bytes");
	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, __WALL);
	r = regs_of(pid);
	expect_eq(st, SYSCALL_STOP, "write: exit stop");
	expect_eq(r.rax, 12, "write: rax is 12");

	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, __WALL);
	r = regs_of(pid);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_brk && r.rdi == 0, "brk(0): entry stop");
	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, __WALL);
	r = regs_of(pid);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_brk && r.rax >= 0x10000 && r.rax < (1ul << 47),
	   "brk(0): exit stop, rax is the break");

	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, __WALL);
	r = regs_of(pid);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_exit_group && r.rdi == 7, "exit_group: entry stop");
	PT(PTRACE_SYSCALL, pid, 0, 0);
	expect_status(wait_st(pid, __WALL), EXITED(7), "the tracee exits; TRACEME twice gave EPERM");
	memset(buf, 0, sizeof(buf));
	expect_eq(read_all(p[0], buf, sizeof(buf)), 12, "its write went through");
	ok(memcmp(buf, "ptrace-peek!", 12) == 0, "with the bytes PEEKDATA saw");
	rsys(SYS_close, p[0]);
	expect_eq(wait_st(-1, __WALL | WNOHANG), -1, "nothing left to wait for (ECHILD)");
}

/* ---- errors ---- */

static void test_errors(void)
{
	struct user_regs r;
	unsigned long word;
	int p[2], st;
	pid_t pid, plain;

	memcpy(peekbuf, "ptrace-peek!", 13);
	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		char c;

		rsys(SYS_close, p[1]);
		traceme();
		rsys(SYS_read, p[0], &c, 1); /* sleeps: never gets anything */
		rsys(SYS_exit_group, 0);
	}
	plain = fork();
	if (plain == 0) {
		char c;

		rsys(SYS_close, p[1]);
		rsys(SYS_read, p[0], &c, 1);
		rsys(SYS_exit_group, 0);
	}
	rsys(SYS_close, p[0]);
	st = wait_st(pid, 0);
	expect_eq(st, STOPPED(SIGSTOP), "errors: the tracee stopped");
	expect_eq(PT(PTRACE_GETREGS, pid, 0, BAD_LOW), -EFAULT, "GETREGS to a bad pointer: EFAULT");
	expect_eq(PT(PTRACE_GETREGS, pid, 0, BAD_KERNEL), -EFAULT, "GETREGS to a kernel address: EFAULT");
	expect_eq(PT(PTRACE_GETSIGINFO, pid, 0, BAD_LOW), -EFAULT, "GETSIGINFO to a bad pointer: EFAULT");
	expect_eq(PT(PTRACE_GETEVENTMSG, pid, 0, BAD_LOW), -EFAULT, "GETEVENTMSG to a bad pointer: EFAULT");
	expect_eq(PT(PTRACE_PEEKDATA, pid, 0, &word), -EIO, "PEEKDATA at address 0: EIO");
	expect_eq(PT(PTRACE_PEEKDATA, pid, BAD_KERNEL, &word), -EIO, "PEEKDATA at a kernel address: EIO");
	expect_eq(PT(PTRACE_PEEKDATA, pid, -8L, &word), -EIO, "PEEKDATA at the top of the address space: EIO");
	expect_eq(PT(PTRACE_PEEKDATA, pid, peekbuf, BAD_LOW), -EFAULT, "PEEKDATA to a bad pointer: EFAULT");
	expect_eq(PT(0x4299, pid, 0, 0), -EIO, "an unknown request: EIO");
	expect_eq(PT(PTRACE_CONT, pid, 0, 65), -EIO, "CONT with signal 65: EIO");
	expect_eq(PT(PTRACE_DETACH, pid, 0, 1000), -EIO, "DETACH with signal 1000: EIO");
	expect_eq(PT(PTRACE_SETOPTIONS, pid, 0, 0x400000), -EINVAL, "SETOPTIONS with bit 22: EINVAL");
	expect_eq(PT(PTRACE_GETREGS, rsys(SYS_getpid), 0, &r), -ESRCH, "GETREGS of itself: ESRCH");
	expect_eq(PT(PTRACE_GETREGS, plain, 0, &r), -ESRCH, "GETREGS of a child it does not trace: ESRCH");
	expect_eq(PT(PTRACE_KILL, plain, 0, 0), -ESRCH, "KILL of a child it does not trace: ESRCH");
	expect_eq(PT(PTRACE_GETREGS, 0, 0, &r), -ESRCH, "GETREGS of pid 0: ESRCH");
	expect_eq(PT(PTRACE_GETREGS, -1, 0, &r), -ESRCH, "GETREGS of pid -1: ESRCH");
	expect_eq(PT(PTRACE_CONT, pid, 0, 0), 0, "CONT: the tracee sleeps in read");
	expect_eq(PT(PTRACE_GETREGS, pid, 0, &r), -ESRCH, "GETREGS of a running tracee: ESRCH");
	expect_eq(PT(PTRACE_CONT, pid, 0, 0), -ESRCH, "CONT of a running tracee: ESRCH");
	expect_eq(PT(PTRACE_KILL, pid, 0, 0), 0, "KILL of a running tracee: 0");
	expect_status(wait_st(pid, 0), KILLED(SIGKILL), "PTRACE_KILL kills it");
	expect_eq(PT(PTRACE_GETREGS, pid, 0, &r), -ESRCH, "GETREGS of a reaped tracee: ESRCH");
	expect_eq(PT(PTRACE_ATTACH, rsys(SYS_getpid), 0, 0), -EPERM, "ATTACH to itself: EPERM");
	expect_eq(PT(PTRACE_ATTACH, pid, 0, 0), -ESRCH, "ATTACH to a reaped pid: ESRCH");

	/* process_vm_readv */
	char buf[64];
	struct kiovec l = { buf, sizeof(buf) }, rv = { peekbuf, 8 }, many[1025];
	long self = rsys(SYS_getpid);

	memcpy(peekbuf, "in-the-parent", 14);
	expect_eq(rsys(SYS_process_vm_readv, plain, &l, 1, &rv, 1, 0), 8, "process_vm_readv of an untraced child");
	ok(memcmp(buf, "ptrace-p", 8) == 0, "it sees the child's copy, not ours");
	expect_eq(rsys(SYS_process_vm_readv, plain, &l, 1, &rv, 1, 1), -EINVAL, "process_vm_readv flags 1: EINVAL");
	memset(many, 0, sizeof(many));
	expect_eq(rsys(SYS_process_vm_readv, plain, many, 1025, &rv, 1, 0), -EINVAL, "1025 local iovecs: EINVAL");
	expect_eq(rsys(SYS_process_vm_readv, plain, &l, 1, many, 1025, 0), -EINVAL, "1025 remote iovecs: EINVAL");
	expect_eq(rsys(SYS_process_vm_readv, plain, BAD_LOW, 1, &rv, 1, 0), -EFAULT, "a bad local iovec array: EFAULT");
	expect_eq(rsys(SYS_process_vm_readv, plain, &l, 1, BAD_LOW, 1, 0), -EFAULT, "a bad remote iovec array: EFAULT");
	struct kiovec badl = { BAD_KERNEL, 8 };
	expect_eq(rsys(SYS_process_vm_readv, plain, &badl, 1, &rv, 1, 0), -EFAULT, "a local kernel address: EFAULT");
	struct kiovec badl2 = { BAD_LOW, 8 };
	expect_eq(rsys(SYS_process_vm_readv, plain, &badl2, 1, &rv, 1, 0), -EFAULT, "an unmapped local buffer: EFAULT");
	struct kiovec badr = { BAD_LOW, 8 };
	expect_eq(rsys(SYS_process_vm_readv, plain, &l, 1, &badr, 1, 0), -EFAULT, "an unmapped remote address: EFAULT");
	struct kiovec zero = { buf, 0 };
	expect_eq(rsys(SYS_process_vm_readv, plain, &zero, 1, &rv, 1, 0), 0, "no local room: 0");
	expect_eq(rsys(SYS_process_vm_readv, pid, &zero, 1, &rv, 1, 0), 0, "no local room: 0 even for a reaped pid");
	expect_eq(rsys(SYS_process_vm_readv, pid, &l, 1, &rv, 1, 0), -ESRCH, "a reaped pid: ESRCH");
	expect_eq(rsys(SYS_process_vm_readv, self, &l, 1, &rv, 1, 0), 8, "process_vm_readv of itself");
	ok(memcmp(buf, "in-the-p", 8) == 0, "it reads its own bytes");
	expect_eq(rsys(SYS_kill, plain, SIGKILL), 0, "the untraced child killed");
	expect_status(wait_st(plain, 0), KILLED(SIGKILL), "and reaped");
}

/* process_vm_readv: partial reads and scatter/gather */
static void test_vm_readv(void)
{
	char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char a[5], b[3], c[20];
	pid_t pid;
	int p[2];

	rsys(SYS_munmap, map + 4096, 4096);
	memset(map, 0, 4096);
	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		char ch;

		rsys(SYS_close, p[1]);
		memcpy(map + 4096 - 16, "0123456789abcdef", 16);
		memcpy(map, "ABCDEFGHIJ", 10);
		rsys(SYS_read, p[0], &ch, 1); /* until the parent is done */
		rsys(SYS_exit_group, 0);
	}
	rsys(SYS_close, p[0]);
	/* the child writes before it sleeps: read until its bytes are there */
	char buf[64];
	long n = 0;
	for (int i = 0; i < 500; i++) {
		memset(buf, 0, sizeof(buf));
		n = vm_read(pid, buf, sizeof(buf), map + 4096 - 16, 64);
		if (n == 16 && memcmp(buf, "0123456789abcdef", 16) == 0 && vm_read(pid, a, 1, map, 1) == 1 &&
		    a[0] == 'A')
			break;
		msleep(10);
	}
	expect_eq(n, 16, "process_vm_readv up to an unmapped page: the bytes before it");
	ok(memcmp(buf, "0123456789abcdef", 16) == 0, "and they are the child's");
	struct kiovec l[3] = { { a, 5 }, { b, 0 }, { c, 20 } };
	struct kiovec r[3] = { { map, 3 }, { map + 3, 0 }, { map + 3, 7 } };
	memset(c, 0, sizeof(c));
	expect_eq(rsys(SYS_process_vm_readv, pid, l, 3, r, 3, 0), 10, "scatter/gather: 3 local, 3 remote iovecs");
	ok(memcmp(a, "ABCDE", 5) == 0 && memcmp(c, "FGHIJ", 5) == 0, "scatter/gather: the bytes land in order");
	struct kiovec r2[2] = { { map + 4096 - 4, 64 }, { map, 4 } };
	expect_eq(rsys(SYS_process_vm_readv, pid, l, 1, r2, 2, 0), 4, "a fault in the first remote iovec ends the read");
	struct kiovec l2[1] = { { c, 6 } };
	struct kiovec r3[2] = { { map, 4 }, { map + 8, 4 } };
	expect_eq(rsys(SYS_process_vm_readv, pid, l2, 1, r3, 2, 0), 6, "the local room limits the read");
	ok(memcmp(c, "ABCDIJ", 6) == 0, "the second remote iovec read as far as room allowed");
	rsys(SYS_close, p[1]);
	expect_status(wait_st(pid, 0), EXITED(0), "the child exits");
	rsys(SYS_munmap, map, 4096);
}

/* ---- fork and vfork following ---- */

static void test_fork_follow(void)
{
	struct ksiginfo si;
	struct user_regs r;
	pid_t pid, gpid;
	int st;

	pid = fork();
	if (pid == 0) {
		long g, w;
		int gst = 0;

		traceme();
		g = rsys(SYS_fork);
		if (g == 0)
			rsys(SYS_exit_group, 3);
		w = rsys(SYS_wait4, g, &gst, 0, 0);
		rsys(SYS_exit_group, w == g && WIFEXITED(gst) ? 10 + WEXITSTATUS(gst) : 1);
	}
	st = wait_st(pid, 0);
	expect_eq(st, STOPPED(SIGSTOP), "fork: the tracee stopped");
	expect_eq(PT(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEFORK), 0, "SETOPTIONS TRACEFORK");
	PT(PTRACE_CONT, pid, 0, 0);
	st = wait_st(pid, 0);
	expect_eq(st, EVENT_STOP(PTRACE_EVENT_FORK), "fork: PTRACE_EVENT_FORK stop");
	gpid = (pid_t)eventmsg_of(pid);
	ok(gpid > 0 && gpid != pid, "GETEVENTMSG: the new child's pid");
	r = regs_of(pid);
	expect_eq(r.orig_rax, SYS_fork, "at the fork event: orig_rax is fork");
	expect_eq((long)r.rax, -ENOSYS, "at the fork event: rax is -ENOSYS (the call has not returned)");
	si = siginfo_of(pid);
	expect_eq(si.code, SIGTRAP | (PTRACE_EVENT_FORK << 8), "GETSIGINFO at the event: si_code");
	st = wait_st(gpid, 0);
	expect_eq(st, STOPPED(SIGSTOP), "the new child starts traced, in a SIGSTOP stop");
	si = siginfo_of(gpid);
	ok(si.signo == SIGSTOP && si.code == 0 && si.pid == 0, "its SIGSTOP: SI_USER from pid 0");
	r = regs_of(gpid);
	ok(r.rax == 0 && r.orig_rax == SYS_fork, "its registers: fork returning 0");
	expect_eq(PT(PTRACE_CONT, gpid, 0, 0), 0, "CONT the grandchild");
	expect_status(wait_st(gpid, 0), EXITED(3), "its exit is reported to the tracer");
	expect_eq(wait_st(gpid, WNOHANG), -1, "and only once: it is not the tracer's child");
	expect_eq(PT(PTRACE_CONT, pid, 0, 0), 0, "CONT the parent");
	st = wait_st(pid, 0);
	expect_eq(st, STOPPED(SIGCHLD), "the parent gets SIGCHLD (a signal-delivery stop)");
	si = siginfo_of(pid);
	ok(si.signo == SIGCHLD && si.code == 1 && si.pid == gpid && si.status == 3,
	   "GETSIGINFO: CLD_EXITED, the grandchild's pid and status");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_status(wait_st(pid, 0), EXITED(13), "the parent reaped the grandchild's exit status 3");
}

static void test_vfork_follow(void)
{
	pid_t pid, gpid;
	int st;

	pid = fork();
	if (pid == 0) {
		long g, w;
		int gst = 0;

		traceme();
		g = rsys(SYS_vfork);
		if (g == 0)
			rsys(SYS_exit, 6);
		w = rsys(SYS_wait4, g, &gst, 0, 0);
		rsys(SYS_exit_group, w == g && WIFEXITED(gst) ? 10 + WEXITSTATUS(gst) : 1);
	}
	st = wait_st(pid, 0);
	expect_eq(st, STOPPED(SIGSTOP), "vfork: the tracee stopped");
	PT(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE);
	PT(PTRACE_CONT, pid, 0, 0);
	st = wait_st(pid, 0);
	expect_eq(st, EVENT_STOP(PTRACE_EVENT_VFORK), "vfork: PTRACE_EVENT_VFORK stop");
	gpid = (pid_t)eventmsg_of(pid);
	ok(gpid > 0 && gpid != pid, "GETEVENTMSG: the vfork child's pid");
	expect_eq(wait_st(gpid, __WALL), STOPPED(SIGSTOP), "the vfork child starts in a SIGSTOP stop");
	PT(PTRACE_CONT, gpid, 0, 0);
	expect_status(wait_st(gpid, __WALL), EXITED(6), "the vfork child's exit, reported to the tracer");
	PT(PTRACE_CONT, pid, 0, 0);
	st = wait_st(pid, 0);
	expect_eq(st, EVENT_STOP(PTRACE_EVENT_VFORK_DONE), "PTRACE_EVENT_VFORK_DONE when it is released");
	expect_eq(eventmsg_of(pid), gpid, "GETEVENTMSG at VFORK_DONE: the child's pid");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_eq(wait_st(pid, 0), STOPPED(SIGCHLD), "then SIGCHLD");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_status(wait_st(pid, 0), EXITED(16), "the vfork parent reaped its child");
}

/* ---- exec ---- */

static pid_t exec_child(int *outfd)
{
	int p[2];
	pid_t pid;

	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "t_echoargs", "--exit", "42", NULL };
		char *envp[] = { NULL };

		rsys(SYS_dup2, p[1], 1);
		rsys(SYS_close, p[0]);
		rsys(SYS_close, p[1]);
		traceme();
		rsys(SYS_execve, P("/tests/bin/t_echoargs"), argv, envp);
		rsys(SYS_exit_group, 1);
	}
	rsys(SYS_close, p[1]);
	*outfd = p[0];
	return pid;
}

static void check_exec_output(int fd, const char *what)
{
	char out[64];
	long n;

	memset(out, 0, sizeof(out));
	n = read_all(fd, out, sizeof(out) - 1);
	ok(n > 7 && memcmp(out, "argc=3\n", 7) == 0, "%s: the new program ran", what);
	rsys(SYS_close, fd);
}

static void test_exec(void)
{
	struct user_regs r;
	struct ksiginfo si;
	int fd, st;
	pid_t pid;

	pid = exec_child(&fd);
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "exec: the tracee stopped");
	PT(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD);
	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, 0);
	r = regs_of(pid);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_execve, "execve: entry stop");
	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, 0);
	expect_eq(st, EVENT_STOP(PTRACE_EVENT_EXEC), "PTRACE_EVENT_EXEC stop");
	expect_eq(eventmsg_of(pid), pid, "GETEVENTMSG at the exec event: the (former) pid");
	r = regs_of(pid);
	expect_eq(r.orig_rax, SYS_execve, "at the exec event: orig_rax is execve");
	expect_eq((long)r.rax, -ENOSYS, "at the exec event: rax is -ENOSYS (execve has not returned)");
	ok(r.rdi == 0 && r.rsi == 0 && r.rdx == 0 && r.rbx == 0 && r.r15 == 0, "the new program's registers are clear");
	PT(PTRACE_SYSCALL, pid, 0, 0);
	st = wait_st(pid, 0);
	r = regs_of(pid);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_execve && r.rax == 0, "execve: exit stop, rax 0");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_status(wait_st(pid, 0), EXITED(42), "the new program exits");
	check_exec_output(fd, "TRACEEXEC");

	/* without PTRACE_O_TRACEEXEC: a SIGTRAP after the exec */
	pid = exec_child(&fd);
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "legacy exec: the tracee stopped");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_eq(wait_st(pid, 0), STOPPED(SIGTRAP), "legacy exec: a SIGTRAP stop after execve");
	si = siginfo_of(pid);
	ok(si.signo == SIGTRAP && si.code == 0 && si.pid == pid, "the SIGTRAP: SI_USER from itself");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_status(wait_st(pid, 0), EXITED(42), "suppressed: the new program runs");
	check_exec_output(fd, "legacy exec");
}

/* ---- signal-delivery stops ---- */

static void test_signals(void)
{
	struct ksiginfo si;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		handle(SIGUSR1, on_signal);
		handle(SIGUSR2, on_signal);
		traceme();
		rsys(SYS_kill, rsys(SYS_getpid), SIGUSR1);
		rsys(SYS_kill, rsys(SYS_getpid), SIGUSR2);
		rsys(SYS_exit_group, got_usr1 * 10 + got_usr2);
	}
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "signals: the tracee stopped");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_eq(wait_st(pid, 0), STOPPED(SIGUSR1), "SIGUSR1: a signal-delivery stop");
	si = siginfo_of(pid);
	ok(si.signo == SIGUSR1 && si.code == 0 && si.pid == pid, "its siginfo: SI_USER from itself");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_eq(wait_st(pid, 0), STOPPED(SIGUSR2), "SIGUSR1 suppressed; SIGUSR2 stops");
	PT(PTRACE_CONT, pid, 0, SIGUSR1);
	expect_status(wait_st(pid, 0), EXITED(10), "SIGUSR1 injected instead: only its handler ran, once");

	/* an ignored signal is reported too; a fatal one injected kills */
	pid = fork();
	if (pid == 0) {
		handle(SIGUSR1, SIG_IGN);
		traceme();
		rsys(SYS_kill, rsys(SYS_getpid), SIGUSR1);
		rsys(SYS_kill, rsys(SYS_getpid), SIGUSR2);
		rsys(SYS_exit_group, 0);
	}
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "signals 2: the tracee stopped");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_eq(wait_st(pid, 0), STOPPED(SIGUSR1), "an ignored SIGUSR1 is reported to the tracer");
	PT(PTRACE_CONT, pid, 0, SIGUSR1);
	expect_eq(wait_st(pid, 0), STOPPED(SIGUSR2), "delivered, it is ignored; SIGUSR2 stops");
	PT(PTRACE_CONT, pid, 0, SIGTERM);
	expect_status(wait_st(pid, 0), KILLED(SIGTERM), "SIGTERM injected: killed by SIGTERM");

	/* SIGKILL ends a stop */
	pid = fork();
	if (pid == 0) {
		traceme();
		rsys(SYS_exit_group, 0);
	}
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "SIGKILL: the tracee stopped");
	expect_eq(rsys(SYS_kill, pid, SIGKILL), 0, "kill(SIGKILL) of a stopped tracee");
	expect_status(wait_st(pid, 0), KILLED(SIGKILL), "it dies of SIGKILL");

	/* SIGKILL in a syscall stop */
	pid = fork();
	if (pid == 0) {
		traceme();
		rsys(SYS_getpid);
		rsys(SYS_exit_group, 0);
	}
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "SIGKILL 2: the tracee stopped");
	PT(PTRACE_SYSCALL, pid, 0, 0);
	expect_eq(wait_st(pid, 0), STOPPED(SIGTRAP), "a syscall stop without TRACESYSGOOD: SIGTRAP");
	rsys(SYS_kill, pid, SIGKILL);
	expect_status(wait_st(pid, 0), KILLED(SIGKILL), "SIGKILL in a syscall stop kills");
}

/* ---- an interrupted syscall: restarted, or run again after a handler ---- */

/* resume with PTRACE_SYSCALL (delivering sig), wait, and return the registers */
static struct user_regs step(pid_t pid, int sig, int *st)
{
	PT(PTRACE_SYSCALL, pid, 0, sig);
	*st = wait_st(pid, 0);
	return regs_of(pid);
}

static void test_restart(void)
{
	struct user_regs r;
	unsigned long rip;
	pid_t pid;
	int p[2], st;

	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		char c = 0;
		long n;

		rsys(SYS_close, p[1]);
		handle(SIGUSR1, on_signal);
		traceme();
		n = rsys(SYS_read, p[0], &c, 1);
		rsys(SYS_exit_group, n == 1 && c == 'x' && got_usr1 == 1 ? 0 : 1);
	}
	rsys(SYS_close, p[0]);
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "restart: the tracee stopped");
	PT(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD);
	r = step(pid, 0, &st);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_read, "read: entry stop");
	rip = r.rip;
	PT(PTRACE_SYSCALL, pid, 0, 0);
	rsys(SYS_kill, pid, SIGUSR1);
	st = wait_st(pid, 0);
	r = regs_of(pid);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_read && (long)r.rax == -512,
	   "read interrupted: exit stop with -ERESTARTSYS");
	r = step(pid, 0, &st);
	ok(st == STOPPED(SIGUSR1) && (long)r.rax == -512, "then the SIGUSR1 stop");
	r = step(pid, 0, &st);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_read && (long)r.rax == -ENOSYS && r.rip == rip,
	   "SIGUSR1 suppressed: read restarts (a new entry stop)");

	PT(PTRACE_SYSCALL, pid, 0, 0);
	rsys(SYS_kill, pid, SIGUSR1);
	st = wait_st(pid, 0);
	r = regs_of(pid);
	ok(st == SYSCALL_STOP && (long)r.rax == -512, "interrupted again");
	r = step(pid, 0, &st);
	expect_eq(st, STOPPED(SIGUSR1), "SIGUSR1 stop again");
	r = step(pid, SIGUSR1, &st);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_rt_sigreturn, "SIGUSR1 delivered: its handler returns by rt_sigreturn");
	r = step(pid, 0, &st);
	ok(st == SYSCALL_STOP && (long)r.orig_rax == -1 && r.rax == SYS_read && r.rip == rip - 2,
	   "rt_sigreturn exit stop: orig_rax -1, rax and rip set to run read again (SA_RESTART)");
	r = step(pid, 0, &st);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_read, "read: entry stop once more");
	rsys(SYS_write, p[1], "x", 1);
	r = step(pid, 0, &st);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_read && r.rax == 1, "read: exit stop, 1 byte");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_status(wait_st(pid, 0), EXITED(0), "the handler ran once and read got its byte");
	rsys(SYS_close, p[1]);
}

/* ---- PTRACE_O_TRACEEXIT ---- */

static void test_exit_event(void)
{
	struct user_regs r;
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		traceme();
		rsys(SYS_exit_group, 7);
	}
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "exit event: the tracee stopped");
	expect_eq(PT(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEEXIT), 0, "SETOPTIONS TRACEEXIT");
	PT(PTRACE_CONT, pid, 0, 0);
	st = wait_st(pid, 0);
	expect_eq(st, EVENT_STOP(PTRACE_EVENT_EXIT), "exit_group(7): PTRACE_EVENT_EXIT stop");
	expect_eq(eventmsg_of(pid), EXITED(7), "GETEVENTMSG: the wait status to come");
	r = regs_of(pid);
	ok(r.orig_rax == SYS_exit_group && r.rdi == 7, "its registers still show the exit_group call");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_status(wait_st(pid, 0), EXITED(7), "then it exits");

	pid = fork();
	if (pid == 0) {
		traceme();
		rsys(SYS_kill, rsys(SYS_getpid), SIGTERM);
		rsys(SYS_exit_group, 0);
	}
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "exit event 2: the tracee stopped");
	PT(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEEXIT);
	PT(PTRACE_CONT, pid, 0, 0);
	expect_eq(wait_st(pid, 0), STOPPED(SIGTERM), "SIGTERM stop");
	PT(PTRACE_CONT, pid, 0, SIGTERM);
	expect_eq(wait_st(pid, 0), EVENT_STOP(PTRACE_EVENT_EXIT), "killed by SIGTERM: PTRACE_EVENT_EXIT stop");
	expect_eq(eventmsg_of(pid), KILLED(SIGTERM), "GETEVENTMSG: killed by SIGTERM");
	expect_eq(rsys(SYS_kill, pid, SIGKILL), 0, "kill(SIGKILL) in the exit stop");
	msleep(20);
	expect_eq(PT(PTRACE_GETREGS, pid, 0, &r), 0, "SIGKILL does not end an exit stop: it stays stopped");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_status(wait_st(pid, 0), KILLED(SIGTERM), "CONT: it dies of SIGTERM");
}

/* ---- DETACH, ATTACH ---- */

static void test_detach_attach(void)
{
	struct user_regs r;
	pid_t pid;
	int p[2], st;
	char c;

	pid = fork();
	if (pid == 0) {
		handle(SIGUSR1, on_signal);
		traceme();
		rsys(SYS_exit_group, got_usr1 == 1 ? 4 : 5);
	}
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "detach: the tracee stopped");
	expect_eq(PT(PTRACE_DETACH, pid, 0, SIGUSR1), 0, "DETACH with SIGUSR1");
	expect_eq(PT(PTRACE_GETREGS, pid, 0, &r), -ESRCH, "a detached task is not traced: ESRCH");
	expect_status(wait_st(pid, 0), EXITED(4), "it runs on and gets SIGUSR1 (its handler ran)");

	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		rsys(SYS_close, p[0]);
		rsys(SYS_write, p[1], "r", 1);
		for (;;)
			rsys(SYS_pause);
	}
	rsys(SYS_close, p[1]);
	read_all(p[0], &c, 1);
	rsys(SYS_close, p[0]);
	wait_sleeping(pid); /* in pause() */
	expect_eq(PT(PTRACE_ATTACH, pid, 0, 0), 0, "ATTACH to a child in pause()");
	expect_eq(wait_st(pid, 0), STOPPED(SIGSTOP), "it reports a SIGSTOP stop");
	expect_eq(PT(PTRACE_ATTACH, pid, 0, 0), -EPERM, "ATTACH again: EPERM");
	expect_eq(PT(PTRACE_INTERRUPT, pid, 0, 0), -EIO, "INTERRUPT of an ATTACHed tracee: EIO");
	r = regs_of(pid);
	ok(r.orig_rax == SYS_pause && (long)r.rax == -514, "stopped in pause (rax -ERESTARTNOHAND)");
	expect_eq(PT(PTRACE_DETACH, pid, 0, 0), 0, "DETACH: pause restarts");
	msleep(20);
	expect_eq(rsys(SYS_wait4, pid, &st, WNOHANG | __WALL, 0), 0, "it is still running");
	rsys(SYS_kill, pid, SIGKILL);
	expect_status(wait_st(pid, 0), KILLED(SIGKILL), "killed and reaped");
}

/* ---- PTRACE_SEIZE, PTRACE_INTERRUPT ---- */

static void test_seize(void)
{
	struct user_regs r;
	struct ksiginfo si;
	pid_t pid, gpid;
	int p[2], go[2], out[2], st;
	char c;

	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		rsys(SYS_close, p[0]);
		rsys(SYS_write, p[1], "r", 1);
		for (;;)
			rsys(SYS_pause);
	}
	rsys(SYS_close, p[1]);
	read_all(p[0], &c, 1);
	rsys(SYS_close, p[0]);
	wait_sleeping(pid); /* in pause() */
	expect_eq(PT(PTRACE_SEIZE, pid, 1, 0), -EIO, "SEIZE with addr != 0: EIO");
	expect_eq(PT(PTRACE_SEIZE, pid, 0, 0x400000), -EIO, "SEIZE with an unknown option: EIO");
	expect_eq(PT(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD), 0, "SEIZE a child in pause()");
	msleep(20);
	expect_eq(rsys(SYS_wait4, pid, &st, WNOHANG | __WALL, 0), 0, "SEIZE does not stop it");
	expect_eq(PT(PTRACE_SEIZE, pid, 0, 0), -EPERM, "SEIZE again: EPERM");
	expect_eq(PT(PTRACE_INTERRUPT, pid, 0, 0), 0, "INTERRUPT");
	expect_eq(wait_st(pid, 0), EVENT_STOP(PTRACE_EVENT_STOP), "it stops in PTRACE_EVENT_STOP");
	si = siginfo_of(pid);
	ok(si.signo == SIGTRAP && si.code == (SIGTRAP | PTRACE_EVENT_STOP << 8) && si.pid == pid,
	   "GETSIGINFO: SIGTRAP, si_code SIGTRAP|PTRACE_EVENT_STOP<<8");
	r = regs_of(pid);
	ok(r.orig_rax == SYS_pause && (long)r.rax == -514, "stopped in pause (rax -ERESTARTNOHAND)");
	expect_eq(PT(PTRACE_INTERRUPT, pid, 0, 0), 0, "INTERRUPT while stopped");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_eq(wait_st(pid, 0), EVENT_STOP(PTRACE_EVENT_STOP), "it stops again once resumed");
	r = step(pid, 0, &st);
	ok(st == SYSCALL_STOP && r.orig_rax == SYS_pause && (long)r.rax == -ENOSYS, "PTRACE_SYSCALL: pause restarts");
	PT(PTRACE_CONT, pid, 0, 0);
	msleep(20);
	expect_eq(rsys(SYS_wait4, pid, &st, WNOHANG | __WALL, 0), 0, "back in pause");
	rsys(SYS_kill, pid, SIGKILL);
	expect_status(wait_st(pid, 0), KILLED(SIGKILL), "killed and reaped");

	/* a seized tracee's new child starts in PTRACE_EVENT_STOP; its exec sends no SIGTRAP */
	rsys(SYS_pipe, go);
	rsys(SYS_pipe, out);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "t_echoargs", "--exit", "3", NULL };
		char *envp[] = { NULL };
		long g, w;
		int gst = 0;

		rsys(SYS_dup2, out[1], 1);
		rsys(SYS_close, out[0]);
		rsys(SYS_close, go[1]);
		rsys(SYS_read, go[0], &c, 1);
		g = rsys(SYS_fork);
		if (g == 0) {
			rsys(SYS_execve, P("/tests/bin/t_echoargs"), argv, envp);
			rsys(SYS_exit_group, 1);
		}
		w = rsys(SYS_wait4, g, &gst, 0, 0);
		rsys(SYS_exit_group, w == g && WIFEXITED(gst) ? 10 + WEXITSTATUS(gst) : 1);
	}
	rsys(SYS_close, go[0]);
	rsys(SYS_close, out[1]);
	expect_eq(PT(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACEFORK), 0, "SEIZE with TRACEFORK");
	rsys(SYS_write, go[1], "g", 1);
	expect_eq(wait_st(pid, 0), EVENT_STOP(PTRACE_EVENT_FORK), "the seized tracee forks: PTRACE_EVENT_FORK");
	gpid = (pid_t)eventmsg_of(pid);
	expect_eq(wait_st(gpid, __WALL), EVENT_STOP(PTRACE_EVENT_STOP), "its child starts in PTRACE_EVENT_STOP");
	PT(PTRACE_CONT, gpid, 0, 0);
	expect_status(wait_st(gpid, __WALL), EXITED(3), "its exec sent no SIGTRAP: it ran to its exit");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_eq(wait_st(pid, 0), STOPPED(SIGCHLD), "SIGCHLD stop");
	PT(PTRACE_CONT, pid, 0, 0);
	expect_status(wait_st(pid, 0), EXITED(13), "the seized tracee reaped its child");
	check_exec_output(out[0], "seized exec");
	rsys(SYS_close, go[1]);
}

/* ---- the tracer's exit ---- */

static void test_tracer_exit(int exitkill)
{
	const char *what = exitkill ? "EXITKILL" : "tracer exit";
	char c = 0;
	pid_t a;
	int p[2];

	rsys(SYS_pipe, p);
	a = fork();
	if (a == 0) {
		pid_t b = fork();
		int st;

		if (b == 0) {
			rsys(SYS_close, p[0]);
			traceme();
			rsys(SYS_write, p[1], "B", 1);
			rsys(SYS_exit_group, 0);
		}
		st = wait_st(b, 0);
		if (exitkill)
			PT(PTRACE_SETOPTIONS, b, 0, PTRACE_O_EXITKILL);
		rsys(SYS_exit_group, st == STOPPED(SIGSTOP) ? 0 : 1);
	}
	rsys(SYS_close, p[1]);
	expect_status(wait_st(a, 0), EXITED(0), "%s: the tracer saw its tracee stop and exited", what);
	long n = read_all(p[0], &c, 1);
	if (exitkill)
		expect_eq(n, 0, "%s: the tracee was killed (no output)", what);
	else
		ok(n == 1 && c == 'B', "%s: the tracee was detached and ran on", what);
	rsys(SYS_close, p[0]);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	test_syscalls();
	test_errors();
	test_vm_readv();
	test_fork_follow();
	test_vfork_follow();
	test_exec();
	test_signals();
	test_restart();
	test_exit_event();
	test_detach_attach();
	test_seize();
	test_tracer_exit(0);
	test_tracer_exit(1);
	return tap_done();
}
