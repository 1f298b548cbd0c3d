/*
 * kernel/syscall.h - system calls: Linux x86-64 numbers and ABI.
 *
 * User space puts the number in RAX and up to six arguments in RDI, RSI,
 * RDX, R10, R8, R9, executes `syscall`, and finds the result in RAX: a
 * value >= 0, or -errno (-4095..-1).  RCX and R11 are clobbered (the CPU
 * uses them for the return address and flags); everything else is kept.
 * kernel/syscall.c holds the one table from numbers to handlers; an
 * unimplemented number returns -ENOSYS and is logged once.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/types.h"

#define SYSCALL_VECTOR 0x100 /* trap_frame.vector of a syscall (no real vector) */

struct trap_frame;

void syscall_init_cpu(void); /* MSRs of this CPU: STAR, LSTAR, FMASK, EFER.SCE */
extern uint32_t mxcsr_mask;  /* MXCSR bits this CPU accepts (fxrstor faults on others) */
long syscall_dispatch(struct trap_frame *regs); /* nonzero: sysretq may return */
/* The trap frame of the current task's entry into the kernel. */
struct trap_frame *current_regs(void);

#define NR_SYSCALLS 512

#define SYS_read 0
#define SYS_write 1
#define SYS_open 2
#define SYS_close 3
#define SYS_stat 4
#define SYS_fstat 5
#define SYS_lstat 6
#define SYS_poll 7
#define SYS_lseek 8
#define SYS_mmap 9
#define SYS_mprotect 10
#define SYS_munmap 11
#define SYS_brk 12
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_rt_sigreturn 15
#define SYS_ioctl 16
#define SYS_pread64 17
#define SYS_pwrite64 18
#define SYS_readv 19
#define SYS_writev 20
#define SYS_access 21
#define SYS_pipe 22
#define SYS_sched_yield 24
#define SYS_mremap 25
#define SYS_madvise 28
#define SYS_dup 32
#define SYS_dup2 33
#define SYS_pause 34
#define SYS_nanosleep 35
#define SYS_restart_syscall 219
#define SYS_getpid 39
#define SYS_clone 56
#define SYS_fork 57
#define SYS_vfork 58
#define SYS_execve 59
#define SYS_exit 60
#define SYS_wait4 61
#define SYS_kill 62
#define SYS_uname 63
#define SYS_fcntl 72
#define SYS_getcwd 79
#define SYS_chdir 80
#define SYS_fchdir 81
#define SYS_readlink 89
#define SYS_umask 95
#define SYS_gettimeofday 96
#define SYS_getrlimit 97
#define SYS_getrusage 98
#define SYS_times 100
#define SYS_getuid 102
#define SYS_getgid 104
#define SYS_setuid 105
#define SYS_setgid 106
#define SYS_geteuid 107
#define SYS_getegid 108
#define SYS_setpgid 109
#define SYS_getppid 110
#define SYS_getpgrp 111
#define SYS_setsid 112
#define SYS_getpgid 121
#define SYS_getsid 124
#define SYS_rt_sigpending 127
#define SYS_rt_sigsuspend 130
#define SYS_sigaltstack 131
#define SYS_prctl 157
#define SYS_arch_prctl 158
#define SYS_setrlimit 160
#define SYS_sync 162
#define SYS_reboot 169
#define SYS_gettid 186
#define SYS_tkill 200
#define SYS_time 201
#define SYS_sched_getaffinity 204
#define SYS_getdents64 217
#define SYS_set_tid_address 218
#define SYS_clock_gettime 228
#define SYS_clock_getres 229
#define SYS_clock_nanosleep 230
#define SYS_exit_group 231
#define SYS_tgkill 234
#define SYS_openat 257
#define SYS_newfstatat 262
#define SYS_readlinkat 267
#define SYS_faccessat 269
#define SYS_dup3 292
#define SYS_pipe2 293
#define SYS_prlimit64 302
#define SYS_getcpu 309
#define SYS_getrandom 318
#define SYS_faccessat2 439

#endif
