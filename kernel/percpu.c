/*
 * kernel/percpu.c - the per-CPU areas (see percpu.h).
 */
#include "kernel/percpu.h"
#include "kernel/x86.h"

STATIC_ASSERT(offsetof(struct cpu, kernel_rsp) == CPU_KERNEL_RSP);
STATIC_ASSERT(offsetof(struct cpu, user_rsp) == CPU_USER_RSP);


struct cpu cpus[MAX_CPUS];
unsigned nr_cpus_online = 1;

void percpu_init(unsigned id, uint32_t apic_id)
{
	struct cpu *c = &cpus[id];

	c->self = c;
	c->id = id;
	c->apic_id = apic_id;
	wrmsr(MSR_GS_BASE, (uint64_t)c);
}
