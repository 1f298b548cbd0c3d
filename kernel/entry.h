/*
 * kernel/entry.h - assembly macros shared by the ways into the kernel
 * (kernel/trapentry.S for interrupts and exceptions, kernel/syscall_entry.S
 * for `syscall`): saving and restoring the general registers in the order
 * of struct trap_frame (kernel/trap.h), so both build the same frame.
 * Assembly only.
 */
#ifndef KERNEL_ENTRY_H
#define KERNEL_ENTRY_H
#ifdef __ASSEMBLER__

.macro PUSH_REGS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
.endm

#endif
#endif
