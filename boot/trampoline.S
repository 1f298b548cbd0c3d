/*
 * boot/trampoline.S - where an application processor (AP) starts.
 *
 * The boot CPU copies [trampoline_start, trampoline_end) to physical
 * TRAMPOLINE_PA (below 1 MiB, page aligned), fills in the data words at
 * the end, and sends INIT-SIPI-SIPI with vector TRAMPOLINE_PA >> 12.  The
 * AP wakes in 16-bit real mode at CS:IP = 0x0800:0000 and here:
 *   16-bit: load a GDT, protected mode on, far jump to 32-bit code
 *   32-bit: PAE, CR3 = tramp_cr3 (identity-maps this page, kernel half
 *           mapped as usual), EFER.LME (+NXE), paging on, far jump
 *   64-bit: RSP = tramp_stack, jump to tramp_entry (ap_main, in C)
 * All addresses are computed for the copy: T(sym).
 */
#include "kernel/x86.h"
#include "kernel/smp.h"

#define T(sym) ((sym) - trampoline_start + TRAMPOLINE_PA)

	.section .rodata
	.balign 16
	.globl trampoline_start, trampoline_end
	.globl tramp_cr3, tramp_efer, tramp_stack, tramp_entry
	.code16
trampoline_start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl T(tramp_gdtr)
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $0x08, $T(tramp32)

	.code32
tramp32:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl T(tramp_cr3), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl T(tramp_efer), %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0
	ljmp $0x18, $T(tramp64)

	.code64
tramp64:
	movq T(tramp_stack), %rsp
	xorl %ebp, %ebp
	movq T(tramp_entry), %rax
	jmp *%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff        /* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff        /* 0x10: data */
	.quad 0x00af9a000000ffff        /* 0x18: 64-bit code */
tramp_gdtr:
	.word 4 * 8 - 1
	.long T(tramp_gdt)
	.balign 8
tramp_cr3:   .long 0                 /* filled in by the boot CPU */
tramp_efer:  .long 0
tramp_stack: .quad 0
tramp_entry: .quad 0
trampoline_end:
