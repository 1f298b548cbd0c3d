/*
 * sys/user.h - the x86-64 register set as ptrace(PTRACE_GETREGS) fills
 * it (Linux's struct user_regs_struct).
 */
#ifndef _SYS_USER_H
#define _SYS_USER_H

struct user_regs_struct {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10;
	unsigned long r9, r8, rax, rcx, rdx, rsi, rdi, orig_rax;
	unsigned long rip, cs, eflags, rsp, ss;
	unsigned long fs_base, gs_base, ds, es, fs, gs;
};

#endif
