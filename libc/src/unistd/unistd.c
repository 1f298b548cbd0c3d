/*
 * libc/src/unistd/unistd.c - unistd.h calls with a little logic: getcwd
 * (the kernel returns a length), isatty (TCGETS), sleep/usleep on
 * nanosleep, the program break (brk/sbrk keep the current break in
 * `current_brk`, learnt from brk(0) on first use; like glibc's cache it
 * does not see raw brk syscalls), sysconf, syscall(),
 * getentropy.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "../internal/libc.h"
#include "../internal/syscall.h"

char *getcwd(char *buf, size_t size)
{
	char tmp[PATH_MAX];
	long r;

	if (!buf) {
		r = __syscall2(SYS_getcwd, (long)tmp, sizeof(tmp));
		if (r < 0) {
			errno = (int)-r;
			return NULL;
		}
		buf = malloc((size_t)r > size ? (size_t)r : size);
		if (!buf)
			return NULL;
		for (long i = 0; i < r; i++)
			buf[i] = tmp[i];
		return buf;
	}
	if (!size) {
		errno = EINVAL;
		return NULL;
	}
	r = __syscall2(SYS_getcwd, (long)buf, (long)size);
	if (r < 0) {
		errno = (int)-r;
		return NULL;
	}
	return buf;
}

int isatty(int fd)
{
	char termios[60];
	long r = __syscall3(SYS_ioctl, fd, 0x5401 /* TCGETS */, (long)termios);

	if (r < 0) {
		errno = r == -EBADF ? EBADF : ENOTTY;
		return 0;
	}
	return 1;
}

unsigned int sleep(unsigned int seconds)
{
	struct timespec req = { seconds, 0 }, rem = { 0, 0 };

	if (nanosleep(&req, &rem) < 0)
		return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

int usleep(useconds_t usec)
{
	struct timespec req = { usec / 1000000, (long)(usec % 1000000) * 1000 };

	return nanosleep(&req, NULL);
}

unsigned int alarm(unsigned int seconds)
{
	return (unsigned int)__syscall1(SYS_alarm, seconds);
}

/* ---- the program break ---- */
static uintptr_t current_brk;

int brk(void *addr)
{
	uintptr_t r = (uintptr_t)__syscall1(SYS_brk, (long)addr);

	current_brk = r;
	if (r != (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(intptr_t increment)
{
	uintptr_t old, want;

	/* as glibc: the break is cached, and learnt once (raw brk syscalls bypass it) */
	if (!current_brk)
		current_brk = (uintptr_t)__syscall1(SYS_brk, 0);
	old = current_brk;
	if (!increment)
		return (void *)old;
	want = old + (uintptr_t)increment;
	if ((increment > 0 && want < old) || (increment < 0 && want > old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (brk((void *)want) < 0)
		return (void *)-1;
	return (void *)old;
}

long sysconf(int name)
{
	struct rlimit rl;
	cpu_set_t set;

	switch (name) {
	case _SC_PAGESIZE:
		return (long)__libc.page_size;
	case _SC_CLK_TCK:
		return 100;
	case _SC_ARG_MAX:
		return ARG_MAX;
	case _SC_NGROUPS_MAX:
		return NGROUPS_MAX;
	case _SC_OPEN_MAX:
		if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
			return -1;
		return (long)rl.rlim_cur;
	case _SC_CHILD_MAX:
		if (getrlimit(RLIMIT_NPROC, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
			return -1;
		return (long)rl.rlim_cur;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		if (sched_getaffinity(0, sizeof(set), &set) < 0)
			return 1;
		return CPU_COUNT(&set);
	default:
		errno = EINVAL;
		return -1;
	}
}

int getpagesize(void)
{
	return (int)__libc.page_size;
}

long syscall(long number, ...)
{
	va_list ap;
	long a[6];

	va_start(ap, number);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret((unsigned long)__syscall6(number, a[0], a[1], a[2], a[3], a[4], a[5]));
}

int getentropy(void *buf, size_t len)
{
	unsigned char *p = buf;

	if (len > 256) {
		errno = EIO;
		return -1;
	}
	while (len) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
