/*
 * kernel/syscall.c - the syscall table and dispatcher, and what each CPU
 * needs for user mode: the syscall MSRs, SSE enabled, SMEP and SMAP.
 *
 * syscall_table[] maps Linux x86-64 numbers to handlers.  Handlers take
 * their arguments with their natural types (the x86-64 calling convention
 * passes the six registers through unchanged) and return a value or
 * -errno.  An empty slot returns -ENOSYS and says so once per number.
 * The table is read-only after boot; no locks.
 */
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/ptrace.h"
#include "kernel/syscall.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/trap.h"
#include "kernel/uaccess.h"
#include "kernel/x86.h"
#include "mm/vm.h"

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define EFER_SCE 1
/* cleared on entry: TF IF DF IOPL NT AC */
#define SYSCALL_FMASK 0x47700

#define CR0_MP (1ul << 1)
#define CR0_EM (1ul << 2)
#define CR0_TS (1ul << 3)
#define CR4_OSFXSR (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)

typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

struct syscall_entry {
	syscall_fn fn;
	const char *name;
};

#define SYSCALL(name) [SYS_##name] = { (syscall_fn)(void (*)(void))sys_##name, #name }

static const struct syscall_entry syscall_table[NR_SYSCALLS] = {
	SYSCALL(read), SYSCALL(write), SYSCALL(open), SYSCALL(close), SYSCALL(stat), SYSCALL(fstat),
	SYSCALL(lstat), SYSCALL(lseek), SYSCALL(mmap), SYSCALL(mprotect), SYSCALL(munmap), SYSCALL(brk),
	SYSCALL(rt_sigaction), SYSCALL(rt_sigprocmask), SYSCALL(rt_sigreturn), SYSCALL(ioctl),
	SYSCALL(pread64), SYSCALL(readv), SYSCALL(writev), SYSCALL(access), SYSCALL(pipe),
	SYSCALL(sched_yield), SYSCALL(madvise), SYSCALL(dup), SYSCALL(dup2), SYSCALL(pause), SYSCALL(nanosleep), SYSCALL(restart_syscall),
	SYSCALL(getpid), SYSCALL(clone), SYSCALL(fork), SYSCALL(vfork), SYSCALL(execve), SYSCALL(exit),
	SYSCALL(wait4), SYSCALL(kill), SYSCALL(uname), SYSCALL(fcntl), SYSCALL(getcwd), SYSCALL(chdir),
	SYSCALL(fchdir), SYSCALL(readlink), SYSCALL(umask), SYSCALL(gettimeofday), SYSCALL(getrlimit),
	SYSCALL(getrusage), SYSCALL(getuid), SYSCALL(getgid), SYSCALL(setuid), SYSCALL(setgid),
	SYSCALL(geteuid), SYSCALL(getegid), SYSCALL(setpgid), SYSCALL(getppid), SYSCALL(getpgrp),
	SYSCALL(setsid), SYSCALL(getpgid), SYSCALL(getsid), SYSCALL(rt_sigpending), SYSCALL(rt_sigsuspend),
	SYSCALL(arch_prctl), SYSCALL(setrlimit), SYSCALL(sync), SYSCALL(reboot), SYSCALL(gettid),
	SYSCALL(tkill), SYSCALL(time), SYSCALL(getdents64), SYSCALL(set_tid_address),
	SYSCALL(clock_gettime), SYSCALL(clock_getres), SYSCALL(clock_nanosleep), SYSCALL(exit_group),
	SYSCALL(tgkill), SYSCALL(openat), SYSCALL(newfstatat), SYSCALL(readlinkat), SYSCALL(faccessat),
	SYSCALL(dup3), SYSCALL(pipe2), SYSCALL(prlimit64), SYSCALL(getrandom), SYSCALL(faccessat2), SYSCALL(getcpu), SYSCALL(sched_getaffinity),
	SYSCALL(mremap), SYSCALL(prctl), SYSCALL(ptrace), SYSCALL(process_vm_readv),
};

static uint8_t enosys_reported[NR_SYSCALLS / 8 + 1]; /* bit per number; racy reads are harmless */

static long enosys(struct trap_frame *regs, uint64_t nr)
{
	uint64_t slot = nr < NR_SYSCALLS ? nr : NR_SYSCALLS;
	uint8_t bit = (uint8_t)(1u << (slot % 8));

	if (!(__atomic_fetch_or(&enosys_reported[slot / 8], bit, __ATOMIC_RELAXED) & bit))
		pr_info("%s[%d]: syscall %lu not implemented (ENOSYS)%s\n", current->comm, current->pid,
			(unsigned long)nr, nr >= NR_SYSCALLS ? "; further out-of-range numbers not reported" : "");
	return -ENOSYS;
}

/*
 * Called by kernel/syscall_entry.S; returns nonzero if sysretq may return.
 * A tracee under PTRACE_SYSCALL stops before the call (rax = -ENOSYS, as
 * Linux's entry code sets it; orig_rax, i.e. error_code, = the number) and
 * after it (rax = the result).
 */
long syscall_dispatch(struct trap_frame *regs)
{
	uint64_t nr = regs->rax;
	long ret;

	sti();
	regs->rax = (uint64_t)-ENOSYS; /* what a tracer reads during the call (orig_rax has the number) */
	if (unlikely(current->syscall_trace)) {
		if (ptrace_report_syscall_entry(regs))
			goto out; /* SIGKILL came: the call is skipped, it returns -ENOSYS */
		nr = regs->error_code;
	}
	if (nr < NR_SYSCALLS && syscall_table[nr].fn)
		ret = syscall_table[nr].fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9);
	else
		ret = enosys(regs, nr);
	regs->rax = (uint64_t)ret;
out:
	if (unlikely(current->syscall_trace))
		ptrace_report_syscall_exit(regs);
	exit_to_user_mode(regs); /* returns with interrupts off */
	return regs->rcx == regs->rip && regs->r11 == regs->rflags && regs->rip < USER_TOP &&
	       regs->cs == USER_CS && regs->ss == USER_DS && !(regs->rflags & (0x100 | 0x10000)); /* TF, RF */
}

uint32_t mxcsr_mask = 0xffbf;

void syscall_init_cpu(void)
{
	extern char entry_syscall_64[];
	uint32_t a, b, c, d;

	/* SSE for user programs; WP: the kernel too faults on read-only user
	 * pages, so copy_to_user cannot write into a program's text */
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_WP);
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		if (b & (1u << 7))
			cr4 |= CR4_SMEP; /* the kernel never executes user pages */
		if ((b & (1u << 20)) && !smap_disabled) {
			cr4 |= CR4_SMAP; /* and reads or writes them only inside copy_*_user */
			if (this_cpu_id() == 0)
				smap_enabled = true; /* every CPU is alike */
		}
	}
	write_cr4(cr4);
	if (this_cpu_id() == 0) {
		static struct fpu_state probe;
		fxsave(&probe);
		uint32_t mask;
		__builtin_memcpy(&mask, &probe.bytes[28], 4);
		if (mask)
			mxcsr_mask = mask;
	}
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)USER32_CS << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)entry_syscall_64);
	wrmsr(MSR_FMASK, SYSCALL_FMASK);
}
