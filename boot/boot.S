/*
 * boot/boot.S - from the boot loader to kmain(), in 64-bit mode.
 *
 * Two ways in, one way on:
 *   _start32     multiboot2 (GRUB): EAX = 0x36d76289, EBX = info (phys)
 *   pvh_start32  PVH (qemu -kernel lom.elf): EBX = hvm_start_info (phys)
 * Both arrive in 32-bit protected mode, paging off, interrupts off, with
 * no usable stack.  We then:
 *   1. check the loader magic and that the CPU has long mode; if not,
 *      print why on serial and VGA and halt (no triple fault);
 *   2. build early page tables: the first 1 GiB of physical memory mapped
 *      with 2 MiB pages both at 0 (identity, so the next instruction after
 *      enabling paging still runs) and at KERNEL_VMA (the higher half);
 *   3. enable PAE, EFER.LME (and NXE when the CPU has NX), paging;
 *   4. far-jump into 64-bit code, then jump to the higher half, set the
 *      boot stack and call kmain(magic, info_pa).
 * kmain() removes the identity map once the boot info has been read.
 *
 * The kernel is linked at KERNEL_VMA + 1 MiB; until paging is on, every
 * address must be translated by hand: sym - KERNEL_VMA.
 */
#include "kernel/memlayout.h"
#include "kernel/x86.h"

#define PHYS(sym) ((sym) - KERNEL_VMA)

#define MB2_HEADER_MAGIC     0xe85250d6
#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define MB2_ARCH_I386        0
#define PVH_START_MAGIC      0x336ec578 /* hvm_start_info.magic */

#define PTE_P  0x001
#define PTE_W  0x002
#define PTE_PS 0x080

#define BOOT_CS64 0x08
#define BOOT_DS   0x10

/* ---- multiboot2 header: within the first 32 KiB, 8-byte aligned ---- */
	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* end tag */
	.balign 8
	.word 0, 0
	.long 8
mb2_header_end:

/* ---- PVH entry note (Xen ELF note type 18, XEN_ELFNOTE_PHYS32_ENTRY) ---- */
	.section .note.pvh, "a", @note
	.balign 4
	.long 4          /* name size: "Xen\0" */
	.long 4          /* desc size */
	.long 18         /* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long PHYS(pvh_start32)

	.section .boot.text, "ax"
	.code32

	.globl _start32
_start32:
	cli
	cld
	movl %eax, %edx                 /* loader magic */
	movl %ebx, %esi                 /* info, physical */
	cmpl $MB2_BOOTLOADER_MAGIC, %edx
	je common32
	movl $PHYS(msg_no_multiboot), %esi
	jmp early_fail32

	.globl pvh_start32
pvh_start32:
	cli
	cld
	movl $PVH_START_MAGIC, %edx     /* tell kmain it was PVH */
	movl %ebx, %esi
	/* fall through */

common32:
	/* zero .bss (it holds the page tables and the boot stack) */
	movl $PHYS(__bss_start), %edi
	movl $PHYS(__bss_end), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl %edx, %edi                 /* edi = magic, esi = info pa */
	movl $PHYS(boot_stack_top), %esp

	/* Is CPUID there?  (EFLAGS.ID must be writable.) */
	pushfl
	popl %eax
	movl %eax, %ecx
	xorl $(1 << 21), %eax
	pushl %eax
	popfl
	pushfl
	popl %eax
	pushl %ecx
	popfl
	xorl %ecx, %eax
	jz no_long_mode

	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx          /* LM */
	jz no_long_mode
	movl %edx, %ebp                 /* remember bit 20 (NX) */

	/* page tables: PD maps 1 GiB with 2 MiB pages */
	movl $PHYS(boot_pd), %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P | PTE_W | PTE_PS), %eax
	movl %eax, (%ebx, %ecx, 8)
	movl $0, 4(%ebx, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jb 1b

	movl $PHYS(boot_pd) + (PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pdpt_low)              /* 0 .. 1 GiB */
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8   /* KERNEL_VMA .. +1 GiB */
	movl $PHYS(boot_pdpt_low) + (PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pml4)
	movl $PHYS(boot_pdpt_high) + (PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3

	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	testl $(1 << 20), %ebp
	jz 2f
	orl $EFER_NXE, %eax
2:	wrmsr

	movl %cr0, %eax
	orl $(CR0_PG | CR0_PE | CR0_WP), %eax
	movl %eax, %cr0

	lgdt PHYS(boot_gdt_ptr)
	ljmp $BOOT_CS64, $PHYS(long_mode_entry)

no_long_mode:
	movl $PHYS(msg_no_long_mode), %esi
	/* fall through */

/*
 * early_fail32: print the NUL-terminated string at %esi (physical) on COM1
 * and on the VGA text screen, then halt for good.  No stack needed.
 */
early_fail32:
	/* COM1: 115200 8N1, FIFO on */
	movw $0x3f9, %dx; movb $0x00, %al; outb %al, %dx
	movw $0x3fb, %dx; movb $0x80, %al; outb %al, %dx
	movw $0x3f8, %dx; movb $0x01, %al; outb %al, %dx
	movw $0x3f9, %dx; movb $0x00, %al; outb %al, %dx
	movw $0x3fb, %dx; movb $0x03, %al; outb %al, %dx
	movw $0x3fa, %dx; movb $0xc7, %al; outb %al, %dx
	movw $0x3fc, %dx; movb $0x03, %al; outb %al, %dx

	/* clear the VGA screen: white on red */
	movl $0xb8000, %edi
	movl $(80 * 25), %ecx
	movl $0x4f20, %eax
	rep stosw

	movl $0xb8000, %edi
3:	movb (%esi), %bl
	testb %bl, %bl
	jz 6f
	cmpb $'\n', %bl
	je 5f
	movb %bl, (%edi)                /* VGA: char, attribute already 0x4f */
	addl $2, %edi
5:	movw $0x3fd, %dx                /* serial: wait for THR empty */
4:	inb %dx, %al
	testb $0x20, %al
	jz 4b
	movw $0x3f8, %dx
	movb %bl, %al
	outb %al, %dx
	cmpb $'\n', %bl
	jne 7f
	/* VGA newline: next multiple of 160 bytes from 0xb8000 */
	movl %edi, %eax
	subl $0xb8000, %eax
	xorl %edx, %edx
	movl $160, %ecx
	divl %ecx
	incl %eax
	mull %ecx
	leal 0xb8000(%eax), %edi
7:	incl %esi
	jmp 3b
6:	cli
	hlt
	jmp 6b

	.code64
long_mode_entry:
	movabsq $start64, %rax
	jmp *%rax

	.section .text, "ax"
	.globl start64
	.type start64, @function
start64:                                /* first instruction in the higher half */
	movw $BOOT_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorl %eax, %eax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp                 /* end of the frame-pointer chain */
	movl %edi, %edi                 /* zero-extend magic and info pa: the */
	movl %esi, %esi                 /* upper halves are undefined here */
	call kmain
8:	cli
	hlt
	jmp 8b
	.size start64, . - start64

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* 0x08: 64-bit code, ring 0 */
	.quad 0x00cf92000000ffff        /* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

msg_no_multiboot:
	.ascii "lom: boot failed: not started by a multiboot2 boot loader (EAX does not\n"
	.asciz "hold 0x36d76289). Boot lom.iso with GRUB, or lom.elf with qemu -kernel (PVH).\n"
msg_no_long_mode:
	.ascii "lom: boot failed: this CPU does not support 64-bit long mode.\n"
	.ascii "lom is an x86-64 kernel: run it on a 64-bit CPU, e.g. qemu-system-x86_64\n"
	.asciz "without -cpu qemu32. System halted.\n"

	.section .bss
	.balign PAGE_SIZE
	.globl boot_pml4
boot_pml4:      .space PAGE_SIZE
	.globl boot_pdpt_low
boot_pdpt_low:  .space PAGE_SIZE
boot_pdpt_high: .space PAGE_SIZE
boot_pd:        .space PAGE_SIZE
	/* unmapped once mm/ maps the image page by page: an overflow of the
	 * boot stack faults instead of running into the tables above */
	.globl boot_stack_guard
boot_stack_guard: .space PAGE_SIZE
	.globl boot_stack, boot_stack_top
boot_stack:     .space BOOT_STACK_SIZE
boot_stack_top:
