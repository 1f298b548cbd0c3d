/*
 * kernel/syscalls.h - the prototypes of every syscall handler, for the
 * table in kernel/syscall.c.  Each lives with its subsystem: processes
 * (kernel/process.c, exec.c), signals (signal.c), files (kernel/fs/),
 * memory, time and the rest (kernel/sys.c).  Pointer arguments are user
 * addresses.
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include "kernel/signal.h"
#include "kernel/types.h"

struct stat;
struct iovec;
struct timespec;
struct timeval;
struct utsname;
struct rlimit;
struct rusage;

/* processes */
long sys_fork(void);
long sys_vfork(void);
long sys_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls);
long sys_execve(const char *path, const char *const *argv, const char *const *envp);
long sys_exit(int code);
long sys_exit_group(int code);
long sys_wait4(int pid, int *wstatus, int options, struct rusage *ru);
long sys_getpid(void);
long sys_gettid(void);
long sys_getppid(void);
long sys_set_tid_address(int *tidptr);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_getsid(int pid);
long sys_setpgid(int pid, int pgid);
long sys_setsid(void);
/* tracing (kernel/ptrace.c) */
long sys_ptrace(long request, long pid, uint64_t addr, uint64_t data);
long sys_process_vm_readv(int pid, const struct iovec *lvec, unsigned long liovcnt, const struct iovec *rvec,
			  unsigned long riovcnt, unsigned long flags);

/* signals */
long sys_rt_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *old, size_t sigsetsize);
long sys_rt_sigprocmask(int how, const sigset_t *set, sigset_t *old, size_t sigsetsize);
long sys_rt_sigreturn(void);
long sys_rt_sigpending(sigset_t *set, size_t sigsetsize);
long sys_rt_sigsuspend(const sigset_t *mask, size_t sigsetsize);
long sys_pause(void);
long sys_kill(int pid, int sig);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);

/* files */
long sys_read(int fd, char *buf, size_t n);
long sys_write(int fd, const char *buf, size_t n);
long sys_pread64(int fd, char *buf, size_t n, int64_t off);
long sys_readv(int fd, const struct iovec *iov, int iovcnt);
long sys_writev(int fd, const struct iovec *iov, int iovcnt);
long sys_open(const char *path, int flags, unsigned mode);
long sys_openat(int dirfd, const char *path, int flags, unsigned mode);
long sys_close(int fd);
long sys_lseek(int fd, int64_t off, int whence);
long sys_stat(const char *path, struct stat *st);
long sys_lstat(const char *path, struct stat *st);
long sys_fstat(int fd, struct stat *st);
long sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags);
long sys_access(const char *path, int mode);
long sys_faccessat(int dirfd, const char *path, int mode);
long sys_faccessat2(int dirfd, const char *path, int mode, int flags);
long sys_readlink(const char *path, char *buf, size_t n);
long sys_readlinkat(int dirfd, const char *path, char *buf, size_t n);
long sys_ioctl(int fd, unsigned cmd, uint64_t arg);
long sys_dup(int fd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_pipe(int *fds);
long sys_pipe2(int *fds, int flags);
long sys_fcntl(int fd, int cmd, uint64_t arg);
long sys_getdents64(int fd, void *dirp, size_t count);
long sys_getcwd(char *buf, size_t size);
long sys_chdir(const char *path);
long sys_fchdir(int fd);
long sys_umask(unsigned mask);
long sys_sync(void);

/* memory */
long sys_brk(uint64_t addr);
long sys_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags, int fd, uint64_t off);
long sys_munmap(uint64_t addr, uint64_t len);
long sys_mprotect(uint64_t addr, uint64_t len, uint64_t prot);
long sys_madvise(uint64_t addr, uint64_t len, int advice);
long sys_mremap(uint64_t addr, uint64_t old_len, uint64_t new_len, uint64_t flags, uint64_t new_addr);
long sys_prctl(int option, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* time, identity, system */
long sys_nanosleep(const struct timespec *req, struct timespec *rem);
long sys_restart_syscall(void);
long sys_clock_nanosleep(int clk, int flags, const struct timespec *req, struct timespec *rem);
long sys_clock_gettime(int clk, struct timespec *ts);
long sys_clock_getres(int clk, struct timespec *ts);
long sys_gettimeofday(struct timeval *tv, void *tz);
long sys_time(int64_t *t);
long sys_sched_yield(void);
long sys_getcpu(unsigned *cpu, unsigned *node, void *unused);
long sys_sched_getaffinity(int pid, size_t len, uint64_t *mask);
long sys_uname(struct utsname *u);
long sys_arch_prctl(int code, uint64_t addr);
long sys_getrandom(void *buf, size_t n, unsigned flags);
long sys_reboot(int magic1, int magic2, unsigned cmd, void *arg);
long sys_getuid(void);
long sys_getgid(void);
long sys_geteuid(void);
long sys_getegid(void);
long sys_setuid(unsigned uid);
long sys_setgid(unsigned gid);
long sys_getrlimit(int resource, struct rlimit *rl);
long sys_setrlimit(int resource, const struct rlimit *rl);
long sys_prlimit64(int pid, int resource, const struct rlimit *new_rl, struct rlimit *old_rl);
long sys_getrusage(int who, struct rusage *ru);

#endif
