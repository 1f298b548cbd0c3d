/*
 * kernel/percpu.h - per-CPU data, reached through the GS base.
 *
 * Every CPU that is brought up gets a struct cpu; its GS base points at
 * it, so this_cpu() is one GS-relative load and needs no lookup.  Data
 * indexed by this_cpu_id() elsewhere (the page allocator's per-CPU lists)
 * works on every CPU with no code change.
 * Fields are written by their own CPU only, except where noted; a CPU
 * touches its own data with interrupts off, or in a section that the
 * data's comment names.
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

/* Offsets used by kernel/syscall_entry.S (checked in percpu.c). */
#define CPU_KERNEL_RSP 8
#define CPU_USER_RSP 16

#ifndef __ASSEMBLER__
#include "kernel/types.h"

struct task;

#define MAX_CPUS 64

struct cpu {
	struct cpu *self;         /* %gs:0: this struct's address */
	uint64_t kernel_rsp;      /* %gs:8: top of the running task's kernel stack (syscall entry) */
	uint64_t user_rsp;        /* %gs:16: the user RSP, parked by the syscall entry */
	unsigned id;              /* 0 .. nr_cpus_online-1; 0 is the boot CPU */
	uint32_t apic_id;
	volatile bool online;     /* set by the CPU itself, read by the boot CPU */
	struct task *current_task; /* the running task (kernel/sched.c) */
	struct task *idle;        /* this CPU's idle task: its boot context */
	bool need_resched;        /* set by the tick or a wakeup; checked on return to user */
	void *tss_rsp0;           /* this CPU's TSS.rsp0 (kernel/gdt.c): 4 mod 8 in the packed TSS, written with memcpy */
	uint64_t stack_top;       /* kernel stack this CPU started on */
	/* statistics, this CPU only */
	uint64_t timer_ticks;
	uint64_t ipis_received;
	uint64_t nmis;
};

extern struct cpu cpus[MAX_CPUS];
extern unsigned nr_cpus_online;

/* volatile: the compiler must not move these above the wrmsr that sets
 * the GS base (percpu_init), which it cannot see as related. */
static inline struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

static inline unsigned this_cpu_id(void)
{
	unsigned id;

	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(id) : "i"(offsetof(struct cpu, id)));
	return id;
}

/* Point this CPU's GS base at cpus[id]. */
void percpu_init(unsigned id, uint32_t apic_id);

#endif /* __ASSEMBLER__ */
#endif
