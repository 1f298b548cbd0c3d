/*
 * tests/user/t_process.c - processes: getpid, getppid, gettid, fork, vfork,
 * clone(SIGCHLD) (fork-like only), exit, exit_group, wait4 (status
 * encoding, WNOHANG, ECHILD, a specific pid, zombies, a bad status
 * pointer, SIGCHLD set to SIG_IGN reaps by itself), execve (argv and
 * envp passing through ROOT/tests/bin/t_echoargs, close-on-exec, the
 * error cases ENOENT ENOTDIR EACCES ENOEXEC EFAULT), and 1000 fork+exit
 * cycles.
 *
 * Needs ROOT/tests/bin/t_echoargs and ROOT/tests/data/notelf.txt (a text
 * file with execute permission).  Usage: t_process [ROOT]
 */
#include <fcntl.h>
#include <time.h>

#include "tap.h"

#define PLAN 75

static pid_t self;
static int global = 1;
static volatile int shared;

static const char *echoargs(void)
{
	return P("/tests/bin/t_echoargs");
}

/* ---- ids ---- */

static void test_ids(void)
{
	long pid = rsys(SYS_getpid), ppid = rsys(SYS_getppid);

	ok(pid > 0, "getpid is positive");
	expect_eq(rsys(SYS_gettid), pid, "gettid == getpid in a single-threaded process");
	ok(ppid > 0 && ppid != pid, "getppid is positive and not getpid");
	expect_eq(getpid(), pid, "libc getpid agrees");
	expect_eq(rsys(SYS_getpid), pid, "getpid is stable");
	self = pid;
}

/* ---- fork ---- */

static void test_fork(void)
{
	long ids[3], fd, n;
	int p[2], st;
	pid_t pid;

	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		ids[0] = rsys(SYS_getpid);
		ids[1] = rsys(SYS_getppid);
		ids[2] = rsys(SYS_gettid);
		rsys(SYS_write, p[1], ids, sizeof(ids));
		_exit(0);
	}
	ok(pid > 0 && pid != self, "fork returns the child's pid to the parent");
	n = read_all(p[0], ids, sizeof(ids));
	ok(n == sizeof(ids) && ids[0] == pid, "the child's getpid is what fork returned");
	ok(n == sizeof(ids) && ids[1] == self, "the child's getppid is the parent");
	ok(n == sizeof(ids) && ids[2] == pid, "the child's gettid is its pid");
	expect_eq(rsys(SYS_wait4, pid, &st, 0, 0), pid, "wait4 returns the child's pid");
	expect_eq(st, 0, "status 0 for _exit(0)");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);

	/* the address space is copied */
	global = 1;
	pid = fork();
	if (pid == 0) {
		int saw = global;

		global = 2;
		_exit(saw == 1 && global == 2 ? 0 : 1);
	}
	expect_status(reap(pid), EXITED(0), "the child sees the parent's memory and can change it");
	expect_eq(global, 1, "the child's change does not reach the parent");

	/* the open file (and its offset) is shared, not copied */
	fd = rsys(SYS_open, P("/tests/data/hello.txt"), O_RDONLY);
	pid = fork();
	if (pid == 0) {
		char buf[5];

		_exit(rsys(SYS_read, fd, buf, 5) == 5 ? 0 : 1);
	}
	reap(pid);
	expect_eq(rsys(SYS_lseek, fd, 0, SEEK_CUR), 5, "a child's read moves the parent's offset");
	rsys(SYS_close, fd);
}

/* ---- exit and the wait status ---- */

static int do_exit42(void *arg)
{
	(void)arg;
	exit(42);
}

static int do_raw_exit(void *arg)
{
	rsys(SYS_exit, (long)arg);
	return 99;
}

static int do_raw_exit_group(void *arg)
{
	rsys(SYS_exit_group, (long)arg);
	return 99;
}

static void test_exit_status(void)
{
	int st, p[2];
	pid_t pid;

	st = in_child(do_exit42, NULL);
	expect_eq(st, 42 << 8, "exit(42): the raw status is 42 << 8");
	ok(WIFEXITED(st) && !WIFSIGNALED(st) && WEXITSTATUS(st) == 42,
	   "WIFEXITED, WEXITSTATUS 42, not WIFSIGNALED");
	expect_eq(in_child(do_raw_exit, (void *)3L), 3 << 8,
		  "SYS_exit(3) ends the process: status 3");
	expect_eq(in_child(do_raw_exit_group, (void *)4L), 4 << 8, "SYS_exit_group(4): status 4");
	expect_eq(in_child(do_raw_exit_group, (void *)0x1234L), 0x34 << 8,
		  "exit_group(0x1234): only the low 8 bits (0x34)");
	expect_eq(in_child(do_raw_exit_group, (void *)255L), 255 << 8, "exit_group(255): 255");
	expect_eq(in_child(do_raw_exit_group, (void *)-1L), 255 << 8, "exit_group(-1): 255");

	/* killed by a signal */
	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		char c;

		rsys(SYS_read, p[0], &c, 1); /* blocks: the parent never writes */
		_exit(0);
	}
	expect_eq(rsys(SYS_wait4, pid, &st, WNOHANG, 0), 0, "WNOHANG on a running child returns 0");
	rsys(SYS_kill, pid, SIGKILL);
	expect_eq(rsys(SYS_wait4, pid, &st, 0, 0), pid, "wait4 reaps the killed child");
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL && !WIFEXITED(st) && (st & 0x7f) == SIGKILL &&
	   !(st & 0xff00), "WIFSIGNALED, WTERMSIG SIGKILL, low 7 bits 9");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);

	/* WNOHANG polling until the child has exited */
	pid = fork();
	if (pid == 0) {
		msleep(20);
		_exit(6);
	}
	{
		long r;
		int tries = 0;

		while ((r = rsys(SYS_wait4, pid, &st, WNOHANG, 0)) == 0 && tries++ < 500)
			msleep(10);
		ok(r == pid && st == 6 << 8,
		   "WNOHANG polling returns the child once it has exited");
	}
}

/* ---- wait4 details ---- */

static void test_wait(void)
{
	pid_t kids[3], pid, a, b;
	int st, i, good;
	long r;

	expect_eq(rsys(SYS_wait4, -1, &st, 0, 0), -ECHILD, "wait4(-1) with no children: ECHILD");
	expect_eq(rsys(SYS_wait4, -1, &st, WNOHANG, 0), -ECHILD,
		  "wait4(-1, WNOHANG) with no children: ECHILD");
	expect_eq(rsys(SYS_wait4, rsys(SYS_getppid), &st, 0, 0), -ECHILD,
		  "wait4 for the parent: ECHILD");
	expect_eq(rsys(SYS_wait4, -1, &st, 0x100, 0), -EINVAL, "wait4 with options 0x100: EINVAL");
	errno = 0;
	ok(waitpid(-1, &st, 0) == -1 && errno == ECHILD, "libc waitpid: -1, errno ECHILD");

	/* a specific pid among several */
	for (i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			_exit(i + 1);
	}
	msleep(20);
	expect_eq(rsys(SYS_wait4, kids[1], &st, 0, 0), kids[1], "wait4 for the middle child");
	expect_eq(st, 2 << 8, "gets the middle child's status");
	good = 1;
	for (i = 0; i < 2; i++) {
		r = rsys(SYS_wait4, -1, &st, 0, 0);
		if (!((r == kids[0] && st == 1 << 8) || (r == kids[2] && st == 3 << 8)))
			good = 0;
	}
	ok(good, "wait4(-1) then returns the other two with their statuses");
	expect_eq(rsys(SYS_wait4, kids[0], &st, 0, 0), -ECHILD, "wait4 for a reaped child: ECHILD");

	/* waiting for one child is not ended by another's exit */
	a = fork();
	if (a == 0) {
		msleep(100);
		_exit(10);
	}
	b = fork();
	if (b == 0)
		_exit(11);
	r = rsys(SYS_wait4, a, &st, 0, 0);
	ok(r == a && st == 10 << 8, "wait4 for a slow child while a fast one exits");
	r = rsys(SYS_wait4, -1, &st, 0, 0);
	ok(r == b && st == 11 << 8, "then the fast one is still there to reap");

	/* a zombie still exists for kill(pid, 0) until it is reaped */
	pid = fork();
	if (pid == 0)
		_exit(0);
	msleep(20);
	expect_eq(rsys(SYS_kill, pid, 0), 0, "kill(zombie, 0) succeeds");
	reap(pid);
	expect_eq(rsys(SYS_kill, pid, 0), -ESRCH, "kill(reaped pid, 0): ESRCH");

	/* a bad status pointer: EFAULT, and the child is reaped anyway */
	pid = fork();
	if (pid == 0)
		_exit(0);
	msleep(20);
	expect_eq(rsys(SYS_wait4, pid, BAD_ONE, 0, 0), -EFAULT, "wait4 into status 0x1: EFAULT");
	expect_eq(rsys(SYS_wait4, pid, &st, WNOHANG, 0), -ECHILD,
		  "the child was reaped all the same");
	expect_eq(rsys(SYS_wait4, -1, NULL, WNOHANG, 0), -ECHILD, "no children left");

	/* with SIGCHLD set to SIG_IGN, exited children are reaped at once */
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	{
		int tries = 0;

		while ((r = rsys(SYS_wait4, -1, &st, WNOHANG, 0)) == 0 && tries++ < 500)
			msleep(10);
	}
	signal(SIGCHLD, SIG_DFL);
	expect_eq(r, -ECHILD, "with SIGCHLD ignored an exited child is reaped by itself: ECHILD");
	/* ... and a wait4 blocked meanwhile returns ECHILD (in a child: it could hang) */
	pid = fork();
	if (pid == 0) {
		signal(SIGCHLD, SIG_IGN);
		if (fork() == 0) {
			msleep(50);
			_exit(0);
		}
		_exit(-rsys(SYS_wait4, -1, &st, 0, 0));
	}
	expect_status(reap_timeout(pid, 5000), EXITED(ECHILD),
		      "with SIGCHLD ignored a blocked wait4 returns ECHILD when the child exits");

	/* a NULL status pointer is fine */
	pid = fork();
	if (pid == 0)
		_exit(0);
	expect_eq(rsys(SYS_wait4, pid, NULL, 0, 0), pid, "wait4 with a NULL status pointer");
}

/* ---- many processes ---- */

static void test_many(void)
{
	pid_t kids[20];
	int i, st, good, p[2];
	long r;

	good = 1;
	for (i = 0; i < 1000 && good; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(i & 0xff);
		if (pid < 0 || rsys(SYS_wait4, pid, &st, 0, 0) != pid || st != (i & 0xff) << 8) {
			diag("fork+exit cycle %d failed\n", i);
			good = 0;
		}
	}
	ok(good, "1000 cycles of fork, exit and wait4");

	rsys(SYS_pipe, p);
	good = 1;
	for (i = 0; i < 20; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			char c;

			rsys(SYS_close, p[1]);
			_exit(rsys(SYS_read, p[0], &c, 1) == 0 ? 0 : 1);
		}
		if (kids[i] < 0)
			good = 0;
	}
	ok(good, "20 children alive at once");
	rsys(SYS_close, p[1]);
	rsys(SYS_close, p[0]);
	good = 1;
	for (i = 0; i < 20; i++) {
		int j;

		r = rsys(SYS_wait4, -1, &st, 0, 0);
		for (j = 0; j < 20; j++)
			if (kids[j] == r)
				break;
		if (j == 20 || st != 0)
			good = 0;
		else
			kids[j] = -2;
	}
	ok(good, "all 20 see EOF when the parent closes the pipe, and are reaped once each");
	expect_eq(rsys(SYS_wait4, -1, &st, 0, 0), -ECHILD, "then there are no children");
}

/* ---- vfork and clone ---- */

static void test_vfork_clone(void)
{
	char out[4096];
	pid_t pid;
	long r;
	int st;

	pid = vfork();
	if (pid == 0)
		_exit(7);
	ok(pid > 0, "vfork returns the child's pid");
	expect_eq(reap(pid), 7 << 8, "the vfork child's _exit(7)");

	{
		int p[2];
		char c;

		rsys(SYS_pipe2, p, O_NONBLOCK);
		shared = 0;
		pid = vfork();
		if (pid == 0) {
			msleep(50);
			shared = 1;
			rsys(SYS_write, p[1], "v", 1);
			_exit(0);
		}
		expect_eq(rsys(SYS_read, p[0], &c, 1), 1,
			  "the vfork parent resumes only after the child has exited");
		expect_eq(shared, 1, "the vfork child shares the parent's memory");
		reap(pid);
		rsys(SYS_close, p[0]);
		rsys(SYS_close, p[1]);
	}

	{
		char *argv[] = { "vforked", NULL };
		char *envp[] = { NULL };
		const char *path = echoargs();
		int p[2];

		rsys(SYS_pipe2, p, O_CLOEXEC);
		pid = vfork();
		if (pid == 0) {
			rsys(SYS_dup2, p[1], 1);
			rsys(SYS_execve, path, argv, envp);
			_exit(127);
		}
		rsys(SYS_close, p[1]);
		r = read_all(p[0], out, sizeof(out) - 1);
		out[r < 0 ? 0 : r] = 0;
		rsys(SYS_close, p[0]);
		st = reap(pid);
		ok(st == 0 && !strncmp(out, "argc=1\nargv[0]=vforked\nenvc=0\n", 30),
		   "vfork then execve in the child");
	}

	r = rsys(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (r == 0) {
		long ok_ = rsys(SYS_getppid) == self && rsys(SYS_getpid) != self;

		rsys(SYS_exit_group, ok_ ? 5 : 1);
	}
	ok(r > 0, "clone(SIGCHLD) returns the child's pid");
	expect_eq(reap(r), 5 << 8,
		  "the clone child has its own pid, our pid as parent, and exits 5");
	global = 1;
	r = rsys(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (r == 0) {
		global = 3;
		rsys(SYS_exit_group, 0);
	}
	reap(r);
	expect_eq(global, 1, "clone without CLONE_VM copies the address space");
}

/* ---- execve ---- */

static void cloexec_setup(void *arg)
{
	long fd = rsys(SYS_open, (const char *)arg, O_RDONLY);

	rsys(SYS_dup3, fd, 10, O_CLOEXEC);
	rsys(SYS_dup2, fd, 11);
	rsys(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 12);
	rsys(SYS_close, fd);
	rsys(SYS_fcntl, 13, F_SETFD, 0); /* EBADF, harmless */
}

static void test_execve(void)
{
	static char out[65536], want[65536], bigarg[5001];
	static char *many[210];
	char *argv[] = { "echoargs", "one", "two words", "", NULL };
	char *envp[] = { "A=1", "B=two=2", "EMPTY=", NULL };
	char *noenv[] = { NULL };
	char *badargv[] = { "echoargs", BAD_ONE, NULL };
	char *exitargv[] = { "echoargs", "--exit", "3", NULL };
	const char *path = echoargs();
	int st, i, n;
	long r;

	exec_capture(path, argv, envp, NULL, NULL, out, sizeof(out), &st);
	ok(!strcmp(out, "argc=4\nargv[0]=echoargs\nargv[1]=one\nargv[2]=two words\nargv[3]=\n"
			"envc=3\nenvp[0]=A=1\nenvp[1]=B=two=2\nenvp[2]=EMPTY=\n"
			"fds:\nign:\nhnd:\nblk:\n"),
	   "execve passes argv and envp in order");
	expect_eq(st, 0, "the exec'd program exits 0");

	exec_capture(path, argv, noenv, NULL, NULL, out, sizeof(out), &st);
	ok(strstr(out, "envc=0\n") != NULL, "an empty envp gives no environment");
	exec_capture(path, argv, NULL, NULL, NULL, out, sizeof(out), &st);
	ok(st == 0 && strstr(out, "envc=0\n") != NULL, "a NULL envp is taken as empty");

	exec_capture(path, exitargv, noenv, NULL, NULL, out, sizeof(out), &st);
	expect_eq(st, 3 << 8, "the exec'd program's exit status reaches the parent");

	exec_capture(path, argv, noenv, cloexec_setup, P("/tests/data/hello.txt"), out, sizeof(out),
		     &st);
	ok(strstr(out, "\nfds: 11\n") != NULL,
	   "execve closes the FD_CLOEXEC descriptors (10, 12) and keeps the others (11)");

	/* 200 arguments and a 5000-byte one */
	memset(bigarg, 'x', sizeof(bigarg) - 1);
	many[0] = "many";
	for (i = 1; i <= 200; i++) {
		many[i] = malloc(8);
		snprintf(many[i], 8, "a%d", i);
	}
	many[201] = bigarg;
	many[202] = NULL;
	n = snprintf(want, sizeof(want), "argc=202\n");
	for (i = 0; i < 202; i++)
		n += snprintf(want + n, sizeof(want) - n, "argv[%d]=%s\n", i, many[i]);
	snprintf(want + n, sizeof(want) - n, "envc=1\nenvp[0]=A=1\nfds:\nign:\nhnd:\nblk:\n");
	envp[1] = NULL;
	exec_capture(path, many, envp, NULL, NULL, out, sizeof(out), &st);
	ok(st == 0 && !strcmp(out, want), "execve with 202 arguments, one of 5000 bytes");
	for (i = 1; i <= 200; i++)
		free(many[i]);

	/* failures: in a child, which exits with the errno */
	expect_status(exec_errno(P("/tests/bin/nonexistent"), argv, noenv), EXITED(ENOENT),
		      "execve of a missing file: ENOENT");
	expect_status(exec_errno("", argv, noenv), EXITED(ENOENT), "execve of \"\": ENOENT");
	expect_status(exec_errno(P("/tests/data/hello.txt/x"), argv, noenv), EXITED(ENOTDIR),
		      "execve through a file: ENOTDIR");
	expect_status(exec_errno(P("/tests/data"), argv, noenv), EXITED(EACCES),
		      "execve of a directory: EACCES");
	expect_status(exec_errno(P("/tests/data/notelf.txt"), argv, noenv), EXITED(ENOEXEC),
		      "execve of a text file: ENOEXEC");
	expect_status(exec_errno(HIDE(BAD_ONE), argv, noenv), EXITED(EFAULT),
		      "execve with the path at 0x1: EFAULT");
	expect_status(exec_errno(path, HIDE(BAD_ONE), noenv), EXITED(EFAULT),
		      "execve with argv at 0x1: EFAULT");
	expect_status(exec_errno(path, HIDE(BAD_KERNEL), noenv), EXITED(EFAULT),
		      "execve with argv at a kernel address: EFAULT");
	expect_status(exec_errno(path, badargv, noenv), EXITED(EFAULT),
		      "execve with argv[1] at 0x1: EFAULT");
	expect_status(exec_errno(path, argv, HIDE(BAD_ONE)), EXITED(EFAULT),
		      "execve with envp at 0x1: EFAULT");

	/* and one in this process: it must come back */
	r = rsys(SYS_execve, P("/tests/bin/nonexistent"), argv, noenv);
	expect_eq(r, -ENOENT, "a failed execve returns to the caller");
	errno = 0;
	ok(execve(P("/tests/data/notelf.txt"), argv, noenv) == -1 && errno == ENOEXEC,
	   "libc execve of a text file: -1, errno ENOEXEC; still running");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	test_ids();
	test_fork();
	test_exit_status();
	test_wait();
	test_many();
	test_vfork_clone();
	test_execve();
	return tap_done();
}
