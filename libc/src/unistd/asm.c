/*
 * libc/src/unistd/asm.c - the calls C cannot express, in a few lines of
 * assembly each:
 *   vfork      the child runs on the parent's stack until it execs or
 *              exits, so the return address must live in a register
 *              across the syscall, not on the stack the child may reuse;
 *   setjmp/longjmp, sigsetjmp   save and restore callee-saved registers,
 *              rsp and the return address (jmp_buf layout in setjmp.h:
 *              rbx rbp r12 r13 r14 r15 rsp rip, then mask_saved at 64 and
 *              the signal mask at 72);
 *   __restore_rt   the signal trampoline: rt_sigreturn.
 */
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>

_Static_assert(offsetof(struct __jmp_buf_tag, __mask_saved) == 64, "jmp_buf layout");
_Static_assert(offsetof(struct __jmp_buf_tag, __saved_mask) == 72, "jmp_buf layout");

__asm__(".text\n"
	".global vfork\n"
	".type vfork, @function\n"
	"vfork:\n"
	"	pop %rdx\n"
	"	mov $58, %eax\n"	/* SYS_vfork */
	"	syscall\n"
	"	push %rdx\n"
	"	mov %rax, %rdi\n"
	"	jmp __syscall_ret\n"
	".size vfork, . - vfork\n"

	".global setjmp, _setjmp\n"
	".type setjmp, @function\n"
	".type _setjmp, @function\n"
	"setjmp:\n"
	"_setjmp:\n"
	"	mov %rbx, 0(%rdi)\n"
	"	mov %rbp, 8(%rdi)\n"
	"	mov %r12, 16(%rdi)\n"
	"	mov %r13, 24(%rdi)\n"
	"	mov %r14, 32(%rdi)\n"
	"	mov %r15, 40(%rdi)\n"
	"	lea 8(%rsp), %rdx\n"	/* rsp once setjmp has returned */
	"	mov %rdx, 48(%rdi)\n"
	"	mov (%rsp), %rdx\n"	/* where it returns to */
	"	mov %rdx, 56(%rdi)\n"
	"	xor %eax, %eax\n"
	"	ret\n"
	".size setjmp, . - setjmp\n"

	".global longjmp, _longjmp\n"
	".type longjmp, @function\n"
	".type _longjmp, @function\n"
	"longjmp:\n"
	"_longjmp:\n"
	"	mov %esi, %eax\n"
	"	test %eax, %eax\n"	/* longjmp(env, 0) makes setjmp return 1 */
	"	jnz 1f\n"
	"	inc %eax\n"
	"1:	mov 0(%rdi), %rbx\n"
	"	mov 8(%rdi), %rbp\n"
	"	mov 16(%rdi), %r12\n"
	"	mov 24(%rdi), %r13\n"
	"	mov 32(%rdi), %r14\n"
	"	mov 40(%rdi), %r15\n"
	"	mov 48(%rdi), %rsp\n"
	"	jmp *56(%rdi)\n"
	".size longjmp, . - longjmp\n"

	/* sigsetjmp(env, savemask): record the mask if asked, then setjmp's work */
	".global sigsetjmp, __sigsetjmp\n"
	".type sigsetjmp, @function\n"
	"sigsetjmp:\n"
	"__sigsetjmp:\n"
	"	mov %esi, 64(%rdi)\n"
	"	test %esi, %esi\n"
	"	jz setjmp\n"
	"	mov %rdi, %r8\n"
	"	lea 72(%rdi), %rdx\n"	/* old mask out */
	"	xor %esi, %esi\n"	/* no new mask */
	"	xor %edi, %edi\n"	/* SIG_BLOCK */
	"	mov $8, %r10d\n"
	"	mov $14, %eax\n"	/* SYS_rt_sigprocmask */
	"	syscall\n"
	"	mov %r8, %rdi\n"
	"	jmp setjmp\n"
	".size sigsetjmp, . - sigsetjmp\n"

	".global __restore_rt\n"
	".type __restore_rt, @function\n"
	"__restore_rt:\n"
	"	mov $15, %eax\n"	/* SYS_rt_sigreturn */
	"	syscall\n"
	"	hlt\n"
	".size __restore_rt, . - __restore_rt\n");

_Noreturn void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__mask_saved)
		sigprocmask(SIG_SETMASK, &env->__saved_mask, NULL);
	longjmp(env, val);
}
