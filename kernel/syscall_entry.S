/*
 * kernel/syscall_entry.S - the `syscall` instruction's way into the kernel
 * (MSR_LSTAR points here) and `sysretq` back.
 *
 * On entry the CPU has put the user RIP in RCX and RFLAGS in R11, loaded
 * the kernel CS/SS from MSR_STAR and cleared the RFLAGS bits in MSR_FMASK
 * (IF among them: interrupts are off).  RSP is still the user's and GS
 * the user's, so: swapgs, park the user RSP in this CPU's struct cpu,
 * switch to the task's kernel stack and build the same struct trap_frame
 * an interrupt would (vector SYSCALL_VECTOR, error_code = the syscall
 * number), so signals, fork and exec see one format.
 *
 * syscall_dispatch() returns with interrupts off and tells whether sysretq
 * may be used (the frame still says "return to rcx with flags r11", at a
 * canonical user address); otherwise the full iretq path restores the
 * frame (exec, signal delivery, rt_sigreturn).
 */
#include "kernel/entry.h"
#include "kernel/percpu.h"

#define USER_DS 0x2b
#define USER_CS 0x33
#define SYSCALL_VECTOR 0x100

	.text
	.globl entry_syscall_64
entry_syscall_64:
	swapgs
	movq %rsp, %gs:CPU_USER_RSP
	movq %gs:CPU_KERNEL_RSP, %rsp
	pushq $USER_DS          /* ss */
	pushq %gs:CPU_USER_RSP  /* rsp */
	pushq %r11              /* rflags */
	pushq $USER_CS          /* cs */
	pushq %rcx              /* rip */
	pushq %rax              /* error_code: the syscall number */
	pushq $SYSCALL_VECTOR
	PUSH_REGS
	movq %rsp, %rdi
	call syscall_dispatch
	testl %eax, %eax
	jz trap_return
	POP_REGS
	movq 16(%rsp), %rcx     /* [vector][error][rip][cs][rflags][rsp][ss] */
	movq 32(%rsp), %r11
	movq 40(%rsp), %rsp
	swapgs
	sysretq
