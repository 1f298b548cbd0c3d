/*
 * libc/src/crt/exit.c - how a program ends: exit() runs the atexit
 * handlers in reverse order of registration, flushes stdio and calls
 * exit_group; _exit/_Exit skip both; abort() raises SIGABRT and makes
 * sure it kills.
 *
 * The handler table is static (POSIX asks for at least 32), so atexit
 * never needs malloc.  Not thread-safe yet: lom has no threads.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "../internal/libc.h"
#include "../internal/syscall.h"

#define ATEXIT_MAX 64

static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void))
{
	if (atexit_count == ATEXIT_MAX)
		return -1;
	atexit_fns[atexit_count++] = fn;
	return 0;
}

/* programs without stdio get this empty one (stdio's overrides it) */
__attribute__((weak)) void __stdio_exit(void)
{
}

_Noreturn void exit(int status)
{
	/* a handler may call atexit (or exit) itself: take one at a time */
	while (atexit_count > 0)
		atexit_fns[--atexit_count]();
	__stdio_exit();
	_Exit(status);
}

_Noreturn void _Exit(int status)
{
	for (;;)
		__syscall1(SYS_exit_group, status);
}

_Noreturn void _exit(int status)
{
	_Exit(status);
}

_Noreturn void abort(void)
{
	sigset_t set;
	struct sigaction dfl = { 0 };

	/* the signal may be blocked or caught: unblock it, raise, then force the default */
	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGABRT);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGABRT, &dfl, NULL);
	raise(SIGABRT);
	_Exit(127);
}

_Noreturn void __stack_chk_fail(void)
{
	static const char msg[] = "*** stack smashing detected ***: terminated\n";

	__syscall3(SYS_write, 2, (long)msg, sizeof(msg) - 1);
	abort();
}

