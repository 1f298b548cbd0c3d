/* sys/uio.h - vectored I/O. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H
#include <bits/types.h>
ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
/* copy from another process's memory (ptrace access rights needed) */
ssize_t process_vm_readv(pid_t pid, const struct iovec *local, unsigned long liovcnt,
			 const struct iovec *remote, unsigned long riovcnt, unsigned long flags);
#endif
