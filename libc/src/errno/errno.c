/*
 * libc/src/errno/errno.c - errno itself (one per thread, in TLS) and the
 * conversion of raw syscall results to the C convention.
 */
#include <errno.h>

#include "../internal/syscall.h"

static __thread int errno_value;

int *__errno_location(void)
{
	return &errno_value;
}

long __syscall_ret(unsigned long ret)
{
	if (ret > -4096UL) {
		errno_value = -(long)ret;
		return -1;
	}
	return (long)ret;
}

char *program_invocation_name, *program_invocation_short_name;
