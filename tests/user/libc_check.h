/*
 * tests/user/libc_check.h - the check runner shared by the libc tests
 * (t_libc_string, t_libc_stdlib): each check is a function run in a
 * child with a timeout, failing through fail(), whose first messages come
 * back as "#" lines.  A crash or a hang fails that check alone.
 * Include after tap.h.
 */
#ifndef TESTS_USER_LIBC_CHECK_H
#define TESTS_USER_LIBC_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#define MAX_MSGS 4

static char fail_msgs[MAX_MSGS][160];
static int fail_count;

/* record a failure; the first MAX_MSGS become "#" lines */
static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	if (fail_count < MAX_MSGS) {
		va_start(ap, fmt);
		vsnprintf(fail_msgs[fail_count], sizeof(fail_msgs[0]), fmt, ap);
		va_end(ap);
	}
	fail_count++;
}

/*
 * One TAP line: fn() runs in a child, which passes if it exits 0 having
 * called fail() never.  The child writes its messages (at most ~700
 * bytes, well under a pipe's buffer) before exiting, so the parent can
 * reap it first, with a timeout, and read them after.
 */
static void check(const char *desc, void (*fn)(void))
{
	char msg[1024], st[48];
	int p[2], status, pass;
	long n = 0;
	pid_t pid;

	if (pipe(p)) {
		ok(0, "%s", desc);
		diag("pipe failed\n");
		return;
	}
	pid = fork();
	if (pid == 0) {
		int i, len = 0;

		close(p[0]);
		fail_count = 0;
		fn();
		for (i = 0; i < fail_count && i < MAX_MSGS; i++)
			len += snprintf(msg + len, sizeof(msg) - len, "# %s\n", fail_msgs[i]);
		if (fail_count > MAX_MSGS)
			len += snprintf(msg + len, sizeof(msg) - len, "# ... %d failures in all\n",
					fail_count);
		write_all(p[1], msg, len);
		_exit(fail_count ? 1 : 0);
	}
	close(p[1]);
	status = pid < 0 ? -1 : reap_timeout(pid, 300000);
	if (status != -1)
		n = read_all(p[0], msg, sizeof(msg) - 1);
	close(p[0]);
	pass = status == EXITED(0) && n == 0;
	ok(pass, "%s", desc);
	if (n > 0)
		tap_write(msg, n);
	if (!pass && status != EXITED(1))
		diag("child: %s\n", statusstr(status, st, sizeof(st)));
}

#endif /* TESTS_USER_LIBC_CHECK_H */
