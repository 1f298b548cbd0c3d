/*
 * kernel/switch.S - the context switch, and where a new task starts.
 *
 * struct task *switch_to_asm(struct task *prev, struct task *next)
 *   Saves the callee-saved registers on prev's kernel stack, stores the
 *   stack pointer in prev->ctx_rsp (offset 0), loads next's, restores its
 *   registers and returns on next's stack - to wherever next called
 *   switch_to_asm, or to ret_from_fork for a task that never ran.
 *   Returns prev (in the context of next), for finish_task_switch().
 *   Everything else (CR3, FPU, TSS) is done by the C caller.
 *
 * A new task's stack (kernel/process.c builds it):
 *   [r15 r14 r13 r12 rbx rbp][ret_from_fork][struct trap_frame]
 *   r12 = a kernel thread's function (0 for a user task), r13 = its argument.
 */
	.text
	.globl switch_to_asm
switch_to_asm:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, 0(%rdi)
	movq 0(%rsi), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	movq %rdi, %rax
	ret

	.globl ret_from_fork
ret_from_fork:
	movq %rax, %rdi
	call schedule_tail      /* releases the run queue lock */
	testq %r12, %r12
	jnz 1f
	movq %rsp, %rdi         /* the trap frame: a user task */
	call exit_to_user_mode
	jmp trap_return
1:	sti
	movq %r13, %rdi
	call *%r12
	ud2                     /* kernel threads never return */

/* enter_user_mode(regs): leave a kernel thread for user mode through the
 * trap frame at the top of its stack (init's first exec).  Interrupts off. */
	.globl enter_user_mode
enter_user_mode:
	movq %rdi, %rsp
	jmp trap_return
