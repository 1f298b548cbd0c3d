/*
 * libc/src/unistd/ptrace.c - ptrace(2) with glibc's calling convention,
 * and process_vm_readv(2).
 *
 * The kernel's PTRACE_PEEK* stores the word at DATA; the C function
 * instead returns it, so it passes its own word and clears errno on
 * success (a word of -1 is then told from an error by errno).
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "../internal/syscall.h"

long ptrace(int request, ...)
{
	va_list ap;
	long pid, addr, data, word, r;

	va_start(ap, request);
	pid = va_arg(ap, long);
	addr = va_arg(ap, long);
	data = va_arg(ap, long);
	va_end(ap);
	if (request >= PTRACE_PEEKTEXT && request <= PTRACE_PEEKUSER) {
		r = __syscall4(SYS_ptrace, request, pid, addr, (long)&word);
		if (r < 0)
			return __syscall_ret((unsigned long)r);
		errno = 0;
		return word;
	}
	return __syscall_ret((unsigned long)__syscall4(SYS_ptrace, request, pid, addr, data));
}

ssize_t process_vm_readv(pid_t pid, const struct iovec *local, unsigned long liovcnt,
			 const struct iovec *remote, unsigned long riovcnt, unsigned long flags)
{
	return SYSCALL6(SYS_process_vm_readv, pid, local, liovcnt, remote, riovcnt, flags);
}
