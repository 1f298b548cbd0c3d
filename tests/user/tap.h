/*
 * tests/user/tap.h - TAP (kselftest) output and the checks shared by the
 * user-space syscall tests in tests/user/.
 *
 * Every test is a static binary (built with lom's libc; musl's works
 * too) that must print the same bytes on Linux and on lom (the harness
 * compares stdout), so:
 *   - output goes straight to fd 1 with write(2), never through a stdio
 *     buffer (a fork would duplicate unflushed output);
 *   - descriptions are fixed strings: no pids, addresses, times, inode
 *     numbers; values appear only in the "# got X want Y" of a failing
 *     check;
 *   - only the parent prints: children report through their exit status
 *     or through pipes.
 *
 * rsys() makes a raw syscall and returns exactly what the kernel returned
 * (-errno on failure): no libc wrapper, no errno.  expect_errno() checks
 * the libc convention (-1 and errno) instead.
 *
 * Use: tap_init(argc, argv, N) first (ROOT comes from argv[1], "" when
 * absent, and the plan is printed), one check per TAP line, then
 * `return tap_done();` (0 only if all N ran and passed).  P("/tests/...")
 * is ROOT + path.  Helpers: in_child() runs a function in a child and
 * returns its wait status, reap_timeout() for children a kernel bug could
 * hang, exec_capture()/exec_errno() run an execve in a child, msleep().
 */
#ifndef TESTS_USER_TAP_H
#define TESTS_USER_TAP_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* everything here is optional for a test: no unused warnings */
#define TAP_STATIC static __attribute__((unused))

/* The content of tests/user/data/hello.txt (/tests/data/hello.txt). */
#define HELLO_TXT "hello, lom\n" \
	"line 2: the quick brown fox jumps over the lazy dog\n" \
	"line 3: 0123456789\n"
#define HELLO_LEN ((long)sizeof(HELLO_TXT) - 1)

/* Bad user pointers: in page 0 (never mapped) and in the kernel's half. */
#define BAD_ONE    ((void *)1UL)
#define BAD_LOW    ((void *)0x10UL)
#define BAD_KERNEL ((void *)0xffffffff80000000UL)

TAP_STATIC const struct {
	void *p;
	const char *name;
} bad_ptrs[] = {
	{ BAD_ONE, "0x1" },
	{ BAD_LOW, "0x10" },
	{ BAD_KERNEL, "kernel address" },
};
#define NR_BAD_PTRS 3

/* p, with the compiler unable to see what it is (no warnings about bad pointers) */
#define HIDE(p)                                   \
	({                                        \
		void *hide_ = (void *)(p);        \
		__asm__("" : "+r"(hide_));        \
		hide_;                            \
	})

/* Wait statuses: exited with code, killed by sig (core bit ignored). */
#define EXITED(code) (((code) & 0xff) << 8)
#define KILLED(sig)  (sig)

TAP_STATIC const char *ROOT = "";
TAP_STATIC int tap_planned, tap_count, tap_failed;

/* ---- raw syscalls ---- */

static inline long rsys6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define rsys_(n, a, b, c, d, e, f, ...) \
	rsys6((long)(n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define rsys(...) rsys_(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)

/* ---- output ---- */

TAP_STATIC void tap_write(const char *s, size_t len)
{
	while (len) {
		long n = rsys(SYS_write, 1, s, len);

		if (n == -EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= n;
	}
}

TAP_STATIC void __attribute__((format(printf, 1, 0)))
tap_vprintf(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return;
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	tap_write(buf, n);
}

TAP_STATIC void __attribute__((format(printf, 1, 2)))
tap_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vprintf(fmt, ap);
	va_end(ap);
}

TAP_STATIC const char *errname(long e)
{
	static const char *const names[] = {
		[EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH",
		[EINTR] = "EINTR", [EIO] = "EIO", [ENXIO] = "ENXIO",
		[E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF",
		[ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
		[EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY",
		[EEXIST] = "EEXIST", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR",
		[EISDIR] = "EISDIR", [EINVAL] = "EINVAL", [ENFILE] = "ENFILE",
		[EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY", [EFBIG] = "EFBIG",
		[ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS",
		[EPIPE] = "EPIPE", [EDOM] = "EDOM", [ERANGE] = "ERANGE",
		[ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS",
		[ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP",
	};

	if (e < 0)
		e = -e;
	if (e < (long)(sizeof(names) / sizeof(names[0])) && names[e])
		return names[e];
	return "E?";
}

/* "-14 (-EFAULT)" for small negative values, the number otherwise */
TAP_STATIC const char *valstr(long long v, char *buf, size_t size)
{
	if (v < 0 && v >= -4095)
		snprintf(buf, size, "%lld (-%s)", v, errname(v));
	else if (v > 0xffff || v < -0xffff)
		snprintf(buf, size, "%#llx", (unsigned long long)v);
	else
		snprintf(buf, size, "%lld", v);
	return buf;
}

TAP_STATIC void tap_line(int pass, const char *fmt, va_list ap, const char *why)
{
	char desc[512];

	vsnprintf(desc, sizeof(desc), fmt, ap);
	tap_count++;
	if (!pass)
		tap_failed++;
	if (pass || !why)
		tap_printf("%sok %d - %s\n", pass ? "" : "not ", tap_count, desc);
	else
		tap_printf("not ok %d - %s # %s\n", tap_count, desc, why);
}

/* ---- checks: each prints exactly one TAP line and returns pass ---- */

TAP_STATIC int __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(cond, fmt, ap, NULL);
	va_end(ap);
	return cond;
}

TAP_STATIC int __attribute__((format(printf, 3, 4)))
tap_expect_eq(long long got, long long want, const char *fmt, ...)
{
	char why[160], g[48], w[48];
	va_list ap;

	snprintf(why, sizeof(why), "got %s want %s", valstr(got, g, sizeof(g)),
		 valstr(want, w, sizeof(w)));
	va_start(ap, fmt);
	tap_line(got == want, fmt, ap, why);
	va_end(ap);
	return got == want;
}
#define expect_eq(got, want, ...) tap_expect_eq((long long)(got), (long long)(want), __VA_ARGS__)

TAP_STATIC int __attribute__((format(printf, 4, 5)))
tap_expect_errno(long ret, int err, int want, const char *fmt, ...)
{
	int pass = ret == -1 && err == want;
	char why[160];
	va_list ap;

	snprintf(why, sizeof(why), "got %ld errno %d (%s) want -1 errno %d (%s)", ret, err,
		 ret == -1 ? errname(err) : "-", want, errname(want));
	va_start(ap, fmt);
	tap_line(pass, fmt, ap, why);
	va_end(ap);
	return pass;
}
/* ret is evaluated before errno is read */
#define expect_errno(ret, want, ...)                                      \
	({                                                                \
		long ret_ = (long)(ret);                                  \
		int err_ = errno;                                         \
		tap_expect_errno(ret_, err_, (want), __VA_ARGS__);        \
	})

TAP_STATIC const char *statusstr(int st, char *buf, size_t size)
{
	if (st == -1)
		snprintf(buf, size, "no child");
	else if (st == -2)
		snprintf(buf, size, "timeout");
	else if (WIFEXITED(st))
		snprintf(buf, size, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, size, "signal %d", WTERMSIG(st));
	else
		snprintf(buf, size, "status %#x", st);
	return buf;
}

/* status (from wait) against EXITED(code) or KILLED(sig); core bit ignored */
TAP_STATIC int __attribute__((format(printf, 3, 4)))
expect_status(int status, int want, const char *fmt, ...)
{
	char why[160], g[48], w[48];
	int got = status;
	va_list ap;

	if (got != -1 && WIFSIGNALED(got))
		got &= 0x7f;
	snprintf(why, sizeof(why), "got %s want %s", statusstr(status, g, sizeof(g)),
		 statusstr(want, w, sizeof(w)));
	va_start(ap, fmt);
	tap_line(got == want, fmt, ap, why);
	va_end(ap);
	return got == want;
}

/* a diagnostic line (TAP "#"): only on failure paths, it must stay deterministic */
#define diag(...) tap_printf("# " __VA_ARGS__)

/* ---- plan ---- */

TAP_STATIC void tap_init(int argc, char **argv, int planned)
{
	int fd;

	if (argc > 1)
		ROOT = argv[1];
	/* descriptors leaked by whatever started us must not shift ours */
	for (fd = 3; fd < 256; fd++)
		rsys(SYS_close, fd);
	tap_planned = planned;
	tap_printf("TAP version 13\n1..%d\n", planned);
}

TAP_STATIC int tap_done(void)
{
	if (tap_count != tap_planned) {
		tap_printf("# planned %d tests but ran %d\n", tap_planned, tap_count);
		return 1;
	}
	if (tap_failed)
		tap_printf("# %d of %d tests failed\n", tap_failed, tap_count);
	return tap_failed ? 1 : 0;
}

/* ---- helpers ---- */

/* ROOT + p, in one of 8 rotating buffers */
TAP_STATIC char *P(const char *p)
{
	static char bufs[8][4096];
	static int next;
	char *b = bufs[next++ & 7];

	snprintf(b, sizeof(bufs[0]), "%s%s", ROOT, p);
	return b;
}

/* sleep ms milliseconds, resuming after signal handlers */
TAP_STATIC void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (rsys(SYS_nanosleep, &ts, &ts) == -EINTR)
		;
}

/* the lowest descriptor not open now (what open/dup must return) */
TAP_STATIC int lowest_free_fd(void)
{
	int fd;

	for (fd = 0; fd < 4096; fd++)
		if (rsys(SYS_fcntl, fd, F_GETFD) == -EBADF)
			return fd;
	return -1;
}

/* wait for pid, return its status or -1 */
TAP_STATIC int reap(pid_t pid)
{
	int st;
	long r;

	do
		r = rsys(SYS_wait4, pid, &st, 0, 0);
	while (r == -EINTR);
	return r == pid ? st : -1;
}

/*
 * wait for pid at most ms milliseconds (polling with WNOHANG); past that,
 * SIGKILL it and return -2: for children that a kernel bug could hang
 */
TAP_STATIC int reap_timeout(pid_t pid, long ms)
{
	struct timespec ts = { 0, 10000000 };
	long r, waited;
	int st;

	for (waited = 0; waited < ms; waited += 10) {
		r = rsys(SYS_wait4, pid, &st, WNOHANG, 0);
		if (r == pid)
			return st;
		if (r < 0 && r != -EINTR)
			return -1;
		rsys(SYS_nanosleep, &ts, 0);
	}
	rsys(SYS_kill, pid, SIGKILL);
	reap(pid);
	return -2;
}

/* run fn(arg) in a child (it exits with fn's return value); return the wait status */
TAP_STATIC int in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	return reap(pid);
}

/* read until EOF or size bytes; returns the count or -errno */
TAP_STATIC long read_all(int fd, void *buf, size_t size)
{
	size_t got = 0;

	while (got < size) {
		long n = rsys(SYS_read, fd, (char *)buf + got, size - got);

		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

/* the kernel's struct sigaction for rt_sigaction (sigsetsize 8) */
struct ksigaction {
	unsigned long handler, flags, restorer, mask;
};

/* every signal 1..64 to SIG_DFL, none blocked: a known state for execve */
TAP_STATIC void reset_signals(void)
{
	struct ksigaction dfl = { 0, 0, 0, 0 };
	unsigned long none = 0;
	int sig;

	for (sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			rsys(SYS_rt_sigaction, sig, &dfl, 0, 8);
	rsys(SYS_rt_sigprocmask, SIG_SETMASK, &none, 0, 8);
}

/*
 * execve(path, argv, envp) in a child whose stdout is a pipe: the child
 * resets its signals, calls setup(arg) if not NULL, then execs.  The
 * output (NUL-terminated, at most size-1 bytes) goes to out; returns its
 * length, with the child's wait status in *status.  A failed execve
 * writes "execve: errno N" and exits 127.
 */
TAP_STATIC long exec_capture(const char *path, char *const argv[], char *const envp[],
			     void (*setup)(void *), void *arg, char *out, size_t size, int *status)
{
	int p[2];
	pid_t pid;
	long n;

	*status = -1;
	out[0] = 0;
	if (rsys(SYS_pipe, p))
		return -1;
	pid = fork();
	if (pid == 0) {
		char msg[40];
		long r;

		rsys(SYS_dup2, p[1], 1);
		rsys(SYS_close, p[0]);
		rsys(SYS_close, p[1]);
		reset_signals();
		if (setup)
			setup(arg);
		r = rsys(SYS_execve, path, argv, envp);
		rsys(SYS_write, 1, msg, snprintf(msg, sizeof(msg), "execve: errno %ld\n", -r));
		_exit(127);
	}
	rsys(SYS_close, p[1]);
	n = read_all(p[0], out, size - 1);
	rsys(SYS_close, p[0]);
	if (n < 0)
		n = 0;
	out[n] = 0;
	*status = reap(pid);
	return n;
}

/*
 * execve(path, argv, envp) in a child with stdout on /dev/null; the child
 * exits with the errno of the failed execve.  Returns the wait status
 * (EXITED(errno) when execve failed as it should).
 */
TAP_STATIC int exec_errno(const char *path, char *const argv[], char *const envp[])
{
	pid_t pid = fork();

	if (pid == 0) {
		long fd = rsys(SYS_open, "/dev/null", 1 /* O_WRONLY */);

		if (fd >= 0) {
			rsys(SYS_dup2, fd, 1);
			rsys(SYS_close, fd);
		}
		_exit(-rsys(SYS_execve, path, argv, envp));
	}
	return reap(pid);
}

/* write all of buf; returns the count or -errno */
TAP_STATIC long write_all(int fd, const void *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		long n = rsys(SYS_write, fd, (const char *)buf + done, size - done);

		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		done += n;
	}
	return done;
}

#endif
