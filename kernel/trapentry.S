/*
 * kernel/trapentry.S - the first instructions of every exception and
 * interrupt: push a uniform struct trap_frame (kernel/trap.h) and call
 * trap_dispatch(frame), then restore and iretq.
 *
 * The CPU aligns RSP to 16 bytes before pushing SS..RIP (5 words); with
 * the error code (real or dummy), the vector and 15 registers the frame
 * is 22 words, so RSP is 16-byte aligned at the call, as the ABI wants.
 *
 * Vectors 0..31 are exceptions (8, 10-14, 17, 21 push an error code);
 * 32..47 are the legacy IRQs.
 *
 * GS: in the kernel the GS base points at this CPU's struct cpu; in user
 * mode it is the user's.  An entry from ring 3 (the saved CS says so)
 * swaps them with swapgs, and the return to ring 3 swaps back.  NMI, #DF
 * and #MC can also arrive in the kernel at the one instruction where GS
 * is still the user's (right after syscall, right before sysret), so
 * their stubs ("paranoid") read the GS base MSR instead of trusting CS.
 */


.macro TRAP_NOERR vec
	.balign 16
vector_\vec:
	pushq $0
	pushq $\vec
	jmp trap_common
.endm

.macro TRAP_ERR vec
	.balign 16
vector_\vec:
	pushq $\vec
	jmp trap_common
.endm

#include "kernel/entry.h"
#include "kernel/x86.h"


/* NMI, #DF, #MC: swap GS only if the GS base is not a kernel address. */
.macro TRAP_PARANOID vec, has_err
	.balign 16
vector_\vec:
	.if \has_err == 0
	pushq $0
	.endif
	pushq $\vec
	PUSH_REGS
	cld
	xorl %ebx, %ebx
	movl $MSR_GS_BASE, %ecx
	rdmsr
	testl %edx, %edx
	js 1f                   /* high half: the kernel's already */
	swapgs
	movl $1, %ebx
1:	movq %rsp, %rdi
	call trap_dispatch
	testl %ebx, %ebx
	jz 2f
	swapgs
2:	POP_REGS
	addq $16, %rsp
	iretq
.endm

	.text
	.globl trap_return
trap_common:
	testb $3, 24(%rsp)      /* saved CS: [vector][error][rip][cs] */
	jz 1f
	swapgs
1:	PUSH_REGS
	cld
	movq %rsp, %rdi
	call trap_dispatch
/* Also the way back to user mode for new tasks and for syscalls that
 * cannot use sysret (kernel/syscall_entry.S).  Interrupts are off. */
trap_return:
	POP_REGS
	addq $16, %rsp          /* vector, error code */
	testb $3, 8(%rsp)       /* returning to ring 3? */
	jz 1f
	swapgs
1:	iretq

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_PARANOID 2, 0
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_PARANOID 8, 1
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_PARANOID 18, 0
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31
.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
TRAP_NOERR \v
.endr

/*
 * Vectors 48..255 (local APIC timer, IPIs, spurious): identical stubs of
 * 16 bytes each from vectors_high on, so idt_init() computes their
 * addresses instead of listing them.
 */
	.balign 16
	.globl vectors_high
vectors_high:
	.set vec, 48
	.rept 256 - 48
	.balign 16
	pushq $0
	pushq $vec
	jmp trap_common
	.set vec, vec + 1
	.endr

/* trap_vectors[i] = address of vector_i, read by idt_init() */
	.section .rodata
	.balign 8
	.globl trap_vectors
trap_vectors:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad vector_\v
.endr
.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.quad vector_\v
.endr
