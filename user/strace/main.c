/*
 * user/strace/main.c - strace: trace the system calls and signals of a
 * command, the way Linux's strace(1) prints them.
 *
 *   strace [-cfqw] [-e trace=SET] [-e signal=SET] [-o FILE] [-s N] CMD [ARG...]
 *
 * Built on ptrace: the child asks to be traced (PTRACE_TRACEME), stops
 * itself with SIGSTOP and execs the command.  Every tracee then runs under
 * PTRACE_SYSCALL, which stops it at each system call's entry and exit
 * (with TRACESYSGOOD: SIGTRAP|0x80); the two alternate, so a per-task flag
 * tells them apart.  With -f, TRACEFORK/VFORK/CLONE make new children
 * tracees too: each starts with a SIGSTOP stop that is ours, not the
 * program's, and is swallowed.  Any other stop is a signal about to be
 * delivered: it is printed and passed on when the tracee is resumed.
 *
 * The loop is one wait4(-1, __WALL) at a time; it ends when no tracee is
 * left (ECHILD).  strace exits as the command did (its status, or the
 * same signal).  EXITKILL ties the tracees' lives to strace's.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "strace.h"
#include "trace.h"

unsigned int max_strlen = 32;
int nprocs;
int pid_prefix = PFX_WHEN_MANY;

int follow_fork;
int quiet;
int count_only;
unsigned char *trace_set;	/* NULL: every call; else one byte per table entry */
unsigned char signal_set[65] = { [0 ... 64] = 1 };

static struct tcb *tcbs;
static pid_t child_pid;
static int exit_code;
static volatile sig_atomic_t interrupted;

extern char **environ;

static struct tcb *tcb_find(pid_t pid)
{
	for (struct tcb *t = tcbs; t; t = t->next)
		if (t->pid == pid)
			return t;
	return NULL;
}

static struct tcb *tcb_alloc(pid_t pid, unsigned int flags)
{
	struct tcb *t = calloc(1, sizeof(*t));

	if (!t) {
		out_message("out of memory");
		exit(1);
	}
	t->pid = pid;
	t->flags = flags;
	t->next = tcbs;
	tcbs = t;
	nprocs++;
	return t;
}

static void tcb_drop(struct tcb *t)
{
	struct tcb **p;

	for (p = &tcbs; *p && *p != t; p = &(*p)->next)
		;
	if (*p)
		*p = t->next;
	out_drop_tcb(t);
	nprocs--;
	free(t);
}

static void restart(struct tcb *t, int sig)
{
	if (ptrace(PTRACE_SYSCALL, t->pid, 0, (void *)(long)sig) < 0 && errno != ESRCH)
		out_message("ptrace(PTRACE_SYSCALL,pid:%d,sig:%d): %s", t->pid, sig,
			    strerror(errno));
}

/* The exit of a task: its unfinished call ("= ?"), then "+++ ... +++". */
static void task_ended(struct tcb *t, int status)
{
	if (t->pid == child_pid)
		exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0x100 | WTERMSIG(status);
	if (!count_only) {
		syscall_vanished(t);
		if (WIFEXITED(status)) {
			printleader(t);
			tprintf("+++ exited with %d +++", WEXITSTATUS(status));
			line_ended();
		} else if (WTERMSIG(status) > 64 || signal_set[WTERMSIG(status)]) {
			printleader(t);
			tprintf("+++ killed by %s %s+++", signame(WTERMSIG(status)) ?: "?",
				WCOREDUMP(status) ? "(core dumped) " : "");
			line_ended();
		}
	}
	tcb_drop(t);
}

static void signal_stop(struct tcb *t, int sig)
{
	siginfo_t si;

	if (ptrace(PTRACE_GETSIGINFO, t->pid, 0, &si) < 0) {
		/* no signal to deliver: a group-stop */
		if (!count_only && sig < 65 && signal_set[sig]) {
			printleader(t);
			tprintf("--- stopped by %s ---", signame(sig) ?: "?");
			line_ended();
		}
	} else if (!count_only && sig < 65 && signal_set[sig] && !(t->flags & TCB_HIDE_LOG)) {
		printleader(t);
		tprintf("--- %s ", signame(sig) ?: "?");
		print_siginfo(&si);
		tprints(" ---");
		line_ended();
	}
	restart(t, sig);
}

static unsigned long ptrace_options(void)
{
	unsigned long o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;

	if (follow_fork)
		o |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;
	return o;
}

static void task_stopped(struct tcb *t, int status)
{
	int sig = WSTOPSIG(status), event = (unsigned int)status >> 16;

	if (t->flags & TCB_STARTUP) {
		t->flags &= ~TCB_STARTUP;
		if (ptrace(PTRACE_SETOPTIONS, t->pid, 0, (void *)ptrace_options()) < 0 &&
		    errno != ESRCH) {
			out_message("ptrace(PTRACE_SETOPTIONS): %s", strerror(errno));
			exit(1);
		}
	}
	if (event) {
		/* fork/vfork/clone (the child shows up by itself) or exec */
		restart(t, 0);
	} else if (sig == (SIGTRAP | 0x80)) {
		syscall_stop(t);
	} else if (sig == SIGSTOP && (t->flags & TCB_IGNORE_SIGSTOP)) {
		t->flags &= ~TCB_IGNORE_SIGSTOP;
		restart(t, 0);
	} else {
		signal_stop(t, sig);
	}
}

/* A wait status from a pid we do not know yet: a new child with -f. */
static struct tcb *new_task(pid_t pid, int status)
{
	struct tcb *t;

	if (!WIFSTOPPED(status)) {
		if (!quiet)
			out_message("Exit of unknown pid %d ignored", pid);
		return NULL;
	}
	if (!follow_fork) {
		ptrace(PTRACE_DETACH, pid, 0, 0);
		if (!quiet)
			out_message("Detached unknown pid %d", pid);
		return NULL;
	}
	t = tcb_alloc(pid, TCB_STARTUP | TCB_IGNORE_SIGSTOP);
	if (!quiet)
		out_message("Process %d attached", pid);
	return t;
}

static void trace_loop(void)
{
	while (!interrupted) {
		int status;
		pid_t pid = wait4(-1, &status, __WALL, NULL);
		struct tcb *t;

		if (pid < 0) {
			if (errno == EINTR && !interrupted)
				continue;
			if (errno == ECHILD || interrupted)
				return;
			out_message("wait4(__WALL): %s", strerror(errno));
			exit(1);
		}
		t = tcb_find(pid);
		if (!t && !(t = new_task(pid, status)))
			continue;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			task_ended(t, status);
		else if (WIFSTOPPED(status))
			task_stopped(t, status);
		out_flush();
	}
}

/* The command's file as strace finds it: as given if it has a '/', else in $PATH. */
static const char *find_command(const char *name)
{
	static char path[4096];
	struct stat st;
	const char *p;

	if (strchr(name, '/')) {
		if (stat(name, &st) < 0) {
			out_message("Can't stat '%s': %s", name, strerror(errno));
			exit(1);
		}
		return name;
	}
	p = getenv("PATH");
	if (!p)
		p = "/bin:/usr/bin";
	while (*p) {
		const char *end = strchrnul(p, ':');
		size_t len = (size_t)(end - p);

		if (len == 0)
			snprintf(path, sizeof(path), "%s", name);
		else
			snprintf(path, sizeof(path), "%.*s/%s", (int)len, p, name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111))
			return path;
		p = *end ? end + 1 : end;
	}
	out_message("Can't stat '%s': %s", name, strerror(ENOENT));
	exit(1);
}

static void start_command(char **argv)
{
	const char *path = find_command(argv[0]);
	pid_t pid = fork();

	if (pid < 0) {
		out_message("fork: %s", strerror(errno));
		exit(1);
	}
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0) {
			out_message("ptrace(PTRACE_TRACEME, ...): %s", strerror(errno));
			_exit(1);
		}
		kill(getpid(), SIGSTOP);
		execve(path, argv, environ);
		out_message("exec: %s", strerror(errno));
		_exit(1);
	}
	child_pid = pid;
	/* what the child does between its stop and the exec is strace's, not shown */
	tcb_alloc(pid, TCB_STARTUP | TCB_IGNORE_SIGSTOP | TCB_HIDE_LOG);
}

static void on_signal(int sig)
{
	interrupted = sig;
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL); /* no SA_RESTART: wait4 must return */
}

/* Leave as the command did: with its exit status, or killed by its signal. */
static void finish(int out_fd)
{
	out_flush();
	if (count_only)
		summary_print(out_fd);
	if (interrupted)
		exit_code = 0x100 | interrupted;
	if (exit_code > 0xff) {
		struct rlimit rl = { 0, 0 };
		int sig = exit_code & 0xff;
		sigset_t set;

		setrlimit(RLIMIT_CORE, &rl);
		set_handler(sig, SIG_DFL);
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		kill(getpid(), sig);
		exit(128 + sig);
	}
	exit(exit_code);
}

int main(int argc, char **argv)
{
	int out_fd = 2, cmd;

	cmd = parse_options(argc, argv, &out_fd);
	out_open_fd(out_fd);
	set_handler(SIGCHLD, SIG_DFL);
	start_command(argv + cmd);
	set_handler(SIGTTOU, SIG_IGN);
	set_handler(SIGTTIN, SIG_IGN);
	/* interactive: interrupted, strace leaves and EXITKILL ends the tracees */
	set_handler(SIGHUP, out_fd == 2 ? on_signal : SIG_IGN);
	set_handler(SIGINT, out_fd == 2 ? on_signal : SIG_IGN);
	set_handler(SIGQUIT, out_fd == 2 ? on_signal : SIG_IGN);
	set_handler(SIGPIPE, out_fd == 2 ? on_signal : SIG_IGN);
	set_handler(SIGTERM, out_fd == 2 ? on_signal : SIG_IGN);
	trace_loop();
	finish(out_fd);
}
