/*
 * user/init.c - the first process.
 *
 *   init                                   run /bin/sh, and again when it exits
 *   init [--stderr DEV] [--] PROG [ARG...] run PROG once; exit with its status
 *
 * The kernel starts it with the words after `--` on its command line as
 * arguments, HOME, TERM and PATH in the environment and 0, 1, 2 on
 * /dev/console.  Orphans are re-parented to init, so whatever it waits
 * for, it reaps every child that ends.  init ignores the keyboard's
 * signals; its children get the default dispositions back.
 *
 * In runner mode init exits (which powers the machine off) with PROG's
 * exit code, or 128 + the signal that killed it, and prints nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

extern char **environ;

/* Open /dev/console on whichever of 0, 1 and 2 is not open. */
static void open_console(void)
{
	for (int fd = 0; fd < 3; fd++) {
		int cfd;

		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		cfd = open("/dev/console", O_RDWR);
		if (cfd >= 0 && cfd != fd) {
			dup2(cfd, fd);
			close(cfd);
		}
	}
}

/* Start argv[0] (looked up in /bin), with errfd as its stderr if >= 0. */
static pid_t spawn(char **argv, int errfd)
{
	pid_t pid = fork();
	int err;

	if (pid != 0)
		return pid;
	signals_default();
	if (errfd >= 0 && dup2(errfd, 2) < 0)
		_exit(127);
	err = exec_search(argv[0], argv, environ, "/bin");
	fprintf(stderr, "init: %s: %s\n", argv[0], strerror(err));
	_exit(exec_fail_code(err));
}

/* Wait for child pid, reaping any other child meanwhile; its status as a shell says it. */
static int wait_for(pid_t pid)
{
	int ws;

	for (;;) {
		pid_t w = waitpid(-1, &ws, 0);

		if (w == pid)
			return wait_code(ws);
		if (w < 0 && errno != EINTR) {
			fprintf(stderr, "init: wait: %s\n", strerror(errno));
			return 1;
		}
	}
}

static int run_once(int argc, char **argv)
{
	int i = 1, errfd = -1;
	pid_t pid;

	if (i + 1 < argc && strcmp(argv[i], "--stderr") == 0) {
		errfd = open(argv[i + 1], O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (errfd < 0) {
			fprintf(stderr, "init: %s: %s\n", argv[i + 1], strerror(errno));
			return 1;
		}
		i += 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc) {
		fprintf(stderr, "usage: init [--stderr DEV] [--] PROG [ARG...]\n");
		return 2;
	}
	pid = spawn(argv + i, errfd);
	if (pid < 0) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		return 1;
	}
	if (errfd >= 0)
		close(errfd);
	return wait_for(pid);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void run_shells(void)
{
	static char *sh_argv[] = { "sh", NULL };

	for (;;) {
		long long start = now_ms();
		pid_t pid;
		int code;

		pid = spawn(sh_argv, -1);	/* "sh" is found in /bin */
		if (pid < 0) {
			fprintf(stderr, "init: fork: %s\n", strerror(errno));
			code = 1;
		} else {
			code = wait_for(pid);
		}
		fprintf(stderr, "init: sh exited (status %d); starting a new one\n", code);
		if (now_ms() - start < 1000)
			sleep(1);	/* no tight loop when sh cannot run at all */
	}
}

int main(int argc, char **argv)
{
	static const int ignored[] = { SIGINT, SIGQUIT, SIGTSTP };
	struct sigaction sa = { .sa_handler = SIG_IGN };

	open_console();
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		sigaction(ignored[i], &sa, NULL);
	if (argc > 1)
		return run_once(argc, argv);
	run_shells();
	return 1;
}
