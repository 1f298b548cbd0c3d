/*
 * kernel/gdt.c - the GDT and the TSS.
 *
 * Linux's x86-64 selector layout (see kernel/trap.h), so that syscall and
 * sysret work unchanged later:
 *   0x10 kernel code, 0x18 kernel data, 0x23 user 32-bit code,
 *   0x2b user data, 0x33 user 64-bit code, 0x40 TSS (two slots).
 * The TSS carries the IST stacks: #DF and NMI (and #MC) run on stacks of
 * their own, so a blown kernel stack still gets reported.
 *
 * Each CPU has its own GDT and TSS (cpu_tables[id]); the boot CPU's IST
 * stacks are static, the others' come from the page allocator.  Written
 * once by the CPU itself as it starts, then read only by that CPU.
 */
#include "kernel/trap.h"
#include "kernel/percpu.h"
#include "kernel/string.h"


struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;
STATIC_ASSERT(sizeof(struct tss) == 104);

struct cpu_tables {
	uint64_t gdt[10];
	struct tss tss;
} __aligned(64);

static struct cpu_tables cpu_tables[MAX_CPUS];
static uint8_t boot_ist_stacks[3][IST_STACK_SIZE] __aligned(16);

#define SEG_KERNEL_CODE64 0x00af9a000000ffffull
#define SEG_KERNEL_DATA   0x00cf92000000ffffull
#define SEG_USER_CODE32   0x00cffa000000ffffull
#define SEG_USER_DATA     0x00cff2000000ffffull
#define SEG_USER_CODE64   0x00affa000000ffffull

static void set_tss_descriptor(uint64_t *slot, const struct tss *tss)
{
	uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) /* present, 64-bit TSS */
		| (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

/* ist: 3 stacks of IST_STACK_SIZE bytes (NULL: the boot CPU's static ones). */
void gdt_init_cpu(unsigned cpu, void *ist)
{
	struct cpu_tables *t = &cpu_tables[cpu];
	uint8_t (*stacks)[IST_STACK_SIZE] = ist ? ist : boot_ist_stacks;
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed gdtr = { sizeof(t->gdt) - 1, (uint64_t)t->gdt };

	memset(t->gdt, 0, sizeof(t->gdt));
	t->gdt[KERNEL_CS / 8] = SEG_KERNEL_CODE64;
	t->gdt[KERNEL_DS / 8] = SEG_KERNEL_DATA;
	t->gdt[USER32_CS / 8] = SEG_USER_CODE32;
	t->gdt[USER_DS / 8] = SEG_USER_DATA;
	t->gdt[USER_CS / 8] = SEG_USER_CODE64;
	for (int i = 0; i < 3; i++)
		t->tss.ist[i] = (uint64_t)&stacks[i][IST_STACK_SIZE];
	t->tss.iomap_base = sizeof(t->tss); /* no I/O permission bitmap */
	cpus[cpu].tss_rsp0 = (uint64_t *)((char *)&t->tss + offsetof(struct tss, rsp)); /* the scheduler points it at each task's stack */
	set_tss_descriptor(&t->gdt[TSS_SEL / 8], &t->tss);

	__asm__ volatile(
		"lgdt %0\n\t"
		"movw %w1, %%ds\n\t"
		"movw %w1, %%es\n\t"
		"movw %w1, %%ss\n\t"
		"pushq %2\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"ltr %w3"
		:: "m"(gdtr), "r"(KERNEL_DS), "i"(KERNEL_CS), "r"(TSS_SEL)
		: "rax", "memory");
}
