/*
 * kernel/trap.h - exceptions and interrupts.
 *
 * Every vector enters through an assembly stub (kernel/trapentry.S) that
 * saves the registers as a struct trap_frame and calls trap_dispatch().
 * Exceptions in the kernel are fatal (panic with a full report) unless the
 * faulting instruction has an exception-table entry; then the trap is
 * recorded and execution resumes at the entry's fixup address.  This is
 * how copy_from_user() will return -EFAULT, and how tests provoke a #UD or
 * a #PF on purpose.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include "kernel/types.h"

/* Layout fixed by kernel/trapentry.S: keep both in step. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code; /* 0 when the CPU pushes none */
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

#define T_DE 0   /* divide error */
#define T_DB 1
#define T_NMI 2
#define T_BP 3
#define T_OF 4
#define T_BR 5
#define T_UD 6   /* invalid opcode */
#define T_NM 7
#define T_DF 8   /* double fault */
#define T_TS 10
#define T_NP 11
#define T_SS 12
#define T_GP 13  /* general protection */
#define T_PF 14  /* page fault */
#define T_MF 16
#define T_AC 17
#define T_MC 18
#define T_XM 19
#define T_VE 20
#define T_CP 21

#define IRQ_BASE 32  /* legacy IRQ n arrives on vector IRQ_BASE + n */
#define NR_LEGACY_IRQS 16

/* Page-fault error code bits. */
#define PF_PRESENT (1u << 0)
#define PF_WRITE   (1u << 1)
#define PF_USER    (1u << 2)
#define PF_RSVD    (1u << 3)
#define PF_INSTR   (1u << 4)

/* GDT selectors, Linux's x86-64 layout (needed by syscall/sysret later). */
#define KERNEL_CS 0x10
#define KERNEL_DS 0x18
#define USER32_CS 0x23
#define USER_DS   0x2b
#define USER_CS   0x33
#define TSS_SEL   0x40

/* IST slots in the TSS (1-based, as the IDT encodes them). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI          2
#define IST_MACHINE_CHECK 3

#define IST_STACK_SIZE 8192
#define IST_STACKS_BYTES (3 * IST_STACK_SIZE)
void gdt_init_cpu(unsigned cpu, void *ist_stacks);
void idt_init(void);


typedef void (*irq_handler_t)(struct trap_frame *tf);
void irq_register(unsigned irq, irq_handler_t handler);

/* Vectors 48..255 (APIC timer, IPIs): the handler sends its own EOI. */
typedef void (*vector_handler_t)(struct trap_frame *tf);
void vector_register(unsigned vector, vector_handler_t handler);
void idt_load(void);

/* NMI: stops this CPU when another one panicked (kernel/panic.c). */
void nmi_handler(struct trap_frame *tf);

void trap_dispatch(struct trap_frame *tf);
const char *trap_name(unsigned vector);

/* Print the "what happened where" report of an exception, and the registers. */
void trap_report(const struct trap_frame *tf, const char *prefix);
void show_regs(const struct trap_frame *tf);

/*
 * Exception table: "if instruction `insn` faults, continue at `fixup`".
 * Use from inline assembly:
 *     "1: ud2\n2:\n" EXTABLE_ENTRY(1b, 2b, EX_REPORT)
 */
#define EX_SILENT 0 /* e.g. copy_from_user: the caller turns it into -EFAULT */
#define EX_REPORT 1 /* print the trap report, then recover (tests) */

struct extable_entry {
	uint64_t insn, fixup, flags;
};

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)
#define EXTABLE_ENTRY(insn, fixup, flags)                                            \
	".pushsection __ex_table, \"a\"\n\t.balign 8\n\t.quad " #insn ", " #fixup ", " \
	__stringify(flags) "\n\t.popsection\n\t"

/* What the last fixed-up exception was (read by tests and by callers). */
struct trap_record {
	uint64_t count; /* bumped by every fixed-up exception */
	uint64_t vector, error_code, rip, cr2;
};
extern struct trap_record last_fixed_trap;

#endif
