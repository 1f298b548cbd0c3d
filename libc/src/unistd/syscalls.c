/*
 * libc/src/unistd/syscalls.c - the thin wrappers: one Linux system call
 * each, raw result converted by __syscall_ret (-1 and errno on failure).
 * Grouped as the headers declare them; anything with logic of its own
 * (exec search, sleep, getcwd, sbrk, sysconf, ...) lives in the files
 * next to this one.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../internal/syscall.h"

/* ---- unistd.h: files and descriptors ---- */
ssize_t read(int fd, void *buf, size_t n) { return SYSCALL3(SYS_read, fd, buf, n); }
ssize_t write(int fd, const void *buf, size_t n) { return SYSCALL3(SYS_write, fd, buf, n); }
ssize_t pread(int fd, void *buf, size_t n, off_t off) { return SYSCALL4(SYS_pread64, fd, buf, n, off); }
int close(int fd) { return (int)SYSCALL1(SYS_close, fd); }
off_t lseek(int fd, off_t off, int whence) { return SYSCALL3(SYS_lseek, fd, off, whence); }
int pipe(int fds[2]) { return (int)SYSCALL1(SYS_pipe, fds); }
int pipe2(int fds[2], int flags) { return (int)SYSCALL2(SYS_pipe2, fds, flags); }
int dup(int fd) { return (int)SYSCALL1(SYS_dup, fd); }
int dup2(int oldfd, int newfd) { return (int)SYSCALL2(SYS_dup2, oldfd, newfd); }
int dup3(int oldfd, int newfd, int flags) { return (int)SYSCALL3(SYS_dup3, oldfd, newfd, flags); }
int access(const char *path, int mode) { return (int)SYSCALL2(SYS_access, path, mode); }
int faccessat(int dirfd, const char *path, int mode, int flags)
{
	return (int)SYSCALL4(SYS_faccessat2, dirfd, path, mode, flags);
}
int chdir(const char *path) { return (int)SYSCALL1(SYS_chdir, path); }
int fchdir(int fd) { return (int)SYSCALL1(SYS_fchdir, fd); }
ssize_t readlink(const char *restrict path, char *restrict buf, size_t size)
{
	return SYSCALL3(SYS_readlink, path, buf, size);
}
int unlink(const char *path) { return (int)SYSCALL1(SYS_unlink, path); }
int rmdir(const char *path) { return (int)SYSCALL1(SYS_rmdir, path); }
void sync(void) { __syscall0(SYS_sync); }
ssize_t readv(int fd, const struct iovec *iov, int n) { return SYSCALL3(SYS_readv, fd, iov, n); }
ssize_t writev(int fd, const struct iovec *iov, int n) { return SYSCALL3(SYS_writev, fd, iov, n); }

/* ---- fcntl.h ---- */
int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return (int)SYSCALL3(SYS_open, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return (int)SYSCALL4(SYS_openat, dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode) { return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode); }

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)SYSCALL3(SYS_fcntl, fd, cmd, arg);
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	long arg;

	va_start(ap, request);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)SYSCALL3(SYS_ioctl, fd, request, arg);
}

/* ---- sys/stat.h ---- */
int stat(const char *restrict path, struct stat *restrict st) { return (int)SYSCALL2(SYS_stat, path, st); }
int lstat(const char *restrict path, struct stat *restrict st) { return (int)SYSCALL2(SYS_lstat, path, st); }
int fstat(int fd, struct stat *st) { return (int)SYSCALL2(SYS_fstat, fd, st); }
int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags)
{
	return (int)SYSCALL4(SYS_newfstatat, dirfd, path, st, flags);
}
mode_t umask(mode_t mask) { return (mode_t)__syscall1(SYS_umask, mask); }
int mkdir(const char *path, mode_t mode) { return (int)SYSCALL2(SYS_mkdir, path, mode); }
int chmod(const char *path, mode_t mode) { return (int)SYSCALL2(SYS_chmod, path, mode); }

/* ---- processes ---- */
pid_t fork(void) { return (pid_t)SYSCALL0(SYS_fork); }
int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)SYSCALL3(SYS_execve, path, argv, envp);
}
pid_t getpid(void) { return (pid_t)__syscall0(SYS_getpid); }
pid_t getppid(void) { return (pid_t)__syscall0(SYS_getppid); }
pid_t gettid(void) { return (pid_t)__syscall0(SYS_gettid); }
pid_t getpgrp(void) { return (pid_t)__syscall0(SYS_getpgrp); }
pid_t getpgid(pid_t pid) { return (pid_t)SYSCALL1(SYS_getpgid, pid); }
int setpgid(pid_t pid, pid_t pgid) { return (int)SYSCALL2(SYS_setpgid, pid, pgid); }
pid_t getsid(pid_t pid) { return (pid_t)SYSCALL1(SYS_getsid, pid); }
pid_t setsid(void) { return (pid_t)SYSCALL0(SYS_setsid); }
uid_t getuid(void) { return (uid_t)__syscall0(SYS_getuid); }
uid_t geteuid(void) { return (uid_t)__syscall0(SYS_geteuid); }
gid_t getgid(void) { return (gid_t)__syscall0(SYS_getgid); }
gid_t getegid(void) { return (gid_t)__syscall0(SYS_getegid); }
int setuid(uid_t uid) { return (int)SYSCALL1(SYS_setuid, uid); }
int setgid(gid_t gid) { return (int)SYSCALL1(SYS_setgid, gid); }
int pause(void) { return (int)SYSCALL0(SYS_pause); }

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	return (pid_t)SYSCALL4(SYS_wait4, pid, status, options, ru);
}
pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, NULL); }
pid_t wait(int *status) { return wait4(-1, status, 0, NULL); }
pid_t wait3(int *status, int options, struct rusage *ru) { return wait4(-1, status, options, ru); }

/* ---- sys/resource.h ---- */
int getrlimit(int res, struct rlimit *rl) { return (int)SYSCALL2(SYS_getrlimit, res, rl); }
int setrlimit(int res, const struct rlimit *rl) { return (int)SYSCALL2(SYS_setrlimit, res, rl); }
int prlimit(pid_t pid, int res, const struct rlimit *new_limit, struct rlimit *old_limit)
{
	return (int)SYSCALL4(SYS_prlimit64, pid, res, new_limit, old_limit);
}
int getrusage(int who, struct rusage *ru) { return (int)SYSCALL2(SYS_getrusage, who, ru); }

/* ---- sys/mman.h ---- */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return (void *)SYSCALL6(SYS_mmap, addr, len, prot, flags, fd, off);
}
int munmap(void *addr, size_t len) { return (int)SYSCALL2(SYS_munmap, addr, len); }
int mprotect(void *addr, size_t len, int prot) { return (int)SYSCALL3(SYS_mprotect, addr, len, prot); }
void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	va_list ap;
	void *new_addr = NULL;

	if (flags & MREMAP_FIXED) {
		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	return (void *)SYSCALL5(SYS_mremap, old, old_len, new_len, flags, new_addr);
}
int madvise(void *addr, size_t len, int advice) { return (int)SYSCALL3(SYS_madvise, addr, len, advice); }
int posix_madvise(void *addr, size_t len, int advice)
{
	/* POSIX_MADV_DONTNEED is only a hint: Linux's MADV_DONTNEED would drop data */
	if (advice == POSIX_MADV_DONTNEED)
		return 0;
	return -(int)__syscall3(SYS_madvise, (long)addr, (long)len, advice);
}
int msync(void *addr, size_t len, int flags) { return (int)SYSCALL3(SYS_msync, addr, len, flags); }
int mlock(const void *addr, size_t len) { return (int)SYSCALL2(SYS_mlock, addr, len); }
int munlock(const void *addr, size_t len) { return (int)SYSCALL2(SYS_munlock, addr, len); }
int mincore(void *addr, size_t len, unsigned char *vec) { return (int)SYSCALL3(SYS_mincore, addr, len, vec); }

/* ---- time ---- */
int clock_gettime(clockid_t clk, struct timespec *ts) { return (int)SYSCALL2(SYS_clock_gettime, clk, ts); }
int clock_getres(clockid_t clk, struct timespec *ts) { return (int)SYSCALL2(SYS_clock_getres, clk, ts); }
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	/* returns the error number itself, not -1 */
	return -(int)__syscall4(SYS_clock_nanosleep, clk, flags, (long)req, (long)rem);
}
int nanosleep(const struct timespec *req, struct timespec *rem) { return (int)SYSCALL2(SYS_nanosleep, req, rem); }
int gettimeofday(struct timeval *restrict tv, void *restrict tz) { return (int)SYSCALL2(SYS_gettimeofday, tv, tz); }

/* ---- misc ---- */
int uname(struct utsname *buf) { return (int)SYSCALL1(SYS_uname, buf); }
int sched_yield(void) { return (int)SYSCALL0(SYS_sched_yield); }
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
	long r = __syscall3(SYS_sched_getaffinity, pid, (long)size, (long)set);

	if (r < 0)
		return (int)__syscall_ret((unsigned long)r);
	/* the kernel fills r bytes; glibc clears the rest */
	for (unsigned char *p = (unsigned char *)set + r; p < (unsigned char *)set + size; p++)
		*p = 0;
	return 0;
}
int sched_getcpu(void)
{
	unsigned int cpu;
	long r = __syscall3(SYS_getcpu, (long)&cpu, 0, 0);

	return r < 0 ? (int)__syscall_ret((unsigned long)r) : (int)cpu;
}
int __sched_cpucount(size_t size, const cpu_set_t *set)
{
	int n = 0;

	for (size_t i = 0; i < size / sizeof(long); i++)
		n += __builtin_popcountl(set->__bits[i]);
	return n;
}
ssize_t getrandom(void *buf, size_t len, unsigned int flags) { return SYSCALL3(SYS_getrandom, buf, len, flags); }
int reboot(int cmd) { return (int)SYSCALL4(SYS_reboot, 0xfee1dead, 672274793, cmd, 0); }
int prctl(int option, ...)
{
	va_list ap;
	long a[4];

	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return (int)SYSCALL5(SYS_prctl, option, a[0], a[1], a[2], a[3]);
}
