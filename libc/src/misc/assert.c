/* libc/src/misc/assert.c - assert()'s failure path: glibc's message on stderr, then abort(). */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

_Noreturn void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func)
{
	fprintf(stderr, "%s: %s:%u: %s: Assertion `%s' failed.\n",
		program_invocation_short_name ? program_invocation_short_name : "?", file, line,
		func, expr);
	fflush(stderr);
	abort();
}
