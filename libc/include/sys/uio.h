/* sys/uio.h - vectored I/O. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H
#include <bits/types.h>
ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
#endif
