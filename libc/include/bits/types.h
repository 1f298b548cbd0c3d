/*
 * bits/types.h - the POSIX scalar types and small structs shared by many
 * headers, with Linux x86-64 sizes (they cross the syscall boundary).
 * Included by the public headers; not meant to be included directly.
 */
#ifndef _BITS_TYPES_H
#define _BITS_TYPES_H

#include <stddef.h>

typedef long ssize_t;
typedef long off_t;
typedef long off64_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long nlink_t;
typedef long blksize_t;
typedef long blkcnt_t;
typedef long time_t;
typedef long clock_t;
typedef long suseconds_t;
typedef unsigned int useconds_t;
typedef int clockid_t;
typedef int id_t;
typedef unsigned int socklen_t;

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};

struct iovec {
	void *iov_base;
	size_t iov_len;
};

/* as glibc and musl: 1024 bits, of which the kernel uses the first 64 */
typedef struct {
	unsigned long __bits[128 / sizeof(long)];
} sigset_t;

#endif
