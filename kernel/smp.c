/*
 * kernel/smp.c - application processor bring-up and cross-CPU calls.
 *
 * Bring-up, one AP at a time, on the boot CPU:
 *   copy the trampoline to TRAMPOLINE_PA, give it a page table that also
 *   identity-maps that page, a stack and the AP's id; INIT, 10 ms, SIPI,
 *   (again SIPI if needed); wait up to a second for cpus[id].online.
 * The AP (ap_main) switches to the kernel's own page table, sets its GS
 * base, GDT/TSS/IDT, local APIC and timer, says "CPU n online", and idles.
 *
 * Cross-CPU calls: one request at a time (call_lock); the caller sends a
 * CALL_FUNCTION_VECTOR IPI to each other online CPU and spins until all
 * have run the function.  Lock order: call_lock is outermost; nothing is
 * held across it.
 */
#include "kernel/acpi.h"
#include "kernel/apic.h"
#include "kernel/cmdline.h"
#include "kernel/memlayout.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/kstack.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

#define AP_IST_ORDER 3   /* 32 KiB: three 8 KiB IST stacks */

extern const char trampoline_start[], trampoline_end[];
extern const char tramp_cr3[], tramp_efer[], tramp_stack[], tramp_entry[];
extern pte_t boot_pml4[512], boot_pdpt_low[512];

unsigned smp_maxcpus = MAX_CPUS;
static unsigned ap_booting_id;  /* the AP being started: written before its SIPI */
static void *ap_booting_ist;

static int parse_maxcpus(const char *val)
{
	long v;

	if (cmdline_parse_long(val, &v) < 0 || v < 1)
		return -1;
	smp_maxcpus = (unsigned)MIN(v, (long)MAX_CPUS);
	return 0;
}
KERNEL_PARAM("maxcpus", parse_maxcpus, "bring up at most this many CPUs (at least 1)");

/* Where the trampoline's data word `sym` lives in the copy. */
static void *tramp_word(const char *sym)
{
	return early_phys_to_virt(TRAMPOLINE_PA + (uint64_t)(sym - trampoline_start));
}

static __noreturn void ap_main(void)
{
	write_cr3(kernel_virt_to_phys(boot_pml4)); /* leave the trampoline's page table */
	unsigned id = __atomic_load_n(&ap_booting_id, __ATOMIC_ACQUIRE);
	percpu_init(id, 0);
	gdt_init_cpu(id, ap_booting_ist);
	idt_load();
	lapic_init_cpu();
	this_cpu()->apic_id = lapic_id();
	pr_info("CPU %u online (APIC id %u)\n", id, this_cpu()->apic_id);
	sti();
	sched_init_ap();
	syscall_init_cpu();
	__atomic_store_n(&this_cpu()->online, true, __ATOMIC_RELEASE);
	cpu_idle();
}

static bool wait_online(unsigned id, uint64_t us)
{
	for (uint64_t waited = 0; waited < us; waited += 100) {
		if (__atomic_load_n(&cpus[id].online, __ATOMIC_ACQUIRE))
			return true;
		udelay(100);
	}
	return false;
}

static bool start_ap(unsigned id, uint32_t apic_id)
{
	void *stack = alloc_kernel_stack(); /* with a guard page below, as task stacks */
	struct page *ist = alloc_pages(GFP_KERNEL, AP_IST_ORDER);

	if (!stack || !ist) {
		if (stack)
			free_kernel_stack(stack);
		if (ist)
			__free_pages(ist, AP_IST_ORDER);
		pr_err("smp: no memory for CPU %u's stacks\n", id);
		return false;
	}
	uint64_t top = (uint64_t)stack + KSTACK_SIZE;
	*(uint64_t *)tramp_word(tramp_stack) = top - 8; /* as if called: ABI alignment */
	*(uint64_t *)tramp_word(tramp_entry) = (uint64_t)ap_main;
	cpus[id].stack_top = top;
	ap_booting_ist = page_address(ist);
	__atomic_store_n(&ap_booting_id, id, __ATOMIC_RELEASE);

	lapic_send_init(apic_id);
	udelay(10000);
	lapic_send_sipi(apic_id, TRAMPOLINE_PA >> PAGE_SHIFT);
	if (!wait_online(id, 1000)) {
		lapic_send_sipi(apic_id, TRAMPOLINE_PA >> PAGE_SHIFT);
		if (!wait_online(id, 1000000)) {
			pr_err("smp: CPU with APIC id %u did not start; going on without it\n", apic_id);
			return false; /* its stacks stay allocated: it may still wake up and use them */
		}
	}
	return true;
}

/* A page table for the trampoline: identity map of the first GiB, plus the kernel half. */
static paddr_t trampoline_page_table(void)
{
	struct page *page = alloc_pages(GFP_DMA32 | __GFP_ZERO, 0); /* CR3 is loaded in 32-bit mode */

	if (!page)
		return 0;
	pte_t *pml4 = page_address(page);
	pml4[0] = kernel_virt_to_phys(boot_pdpt_low) | PTE_P | PTE_W;
	for (int i = 256; i < 512; i++)
		pml4[i] = boot_pml4[i];
	return page_to_phys(page);
}

void smp_boot(void)
{
	uint32_t bsp = cpus[0].apic_id;

	cpus[0].online = true;
	pr_info("CPU 0 online (APIC id %u)\n", bsp);
	if (!apic_active || acpi_info.nr_cpus <= 1 || smp_maxcpus <= 1) {
		pr_info("smp: 1 CPU online\n");
		return;
	}
	if (kernel_pgd_prepare_for_processes() < 0) { /* the trampoline's table copies the kernel half */
		pr_err("smp: no memory for the kernel's page tables; 1 CPU\n");
		return;
	}
	paddr_t cr3 = trampoline_page_table();
	if (!cr3) {
		pr_err("smp: no memory for the trampoline page table; 1 CPU\n");
		return;
	}
	memcpy(early_phys_to_virt(TRAMPOLINE_PA), trampoline_start, (size_t)(trampoline_end - trampoline_start));
	*(uint32_t *)tramp_word(tramp_cr3) = (uint32_t)cr3;
	*(uint32_t *)tramp_word(tramp_efer) = (uint32_t)(rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE));

	for (unsigned i = 0; i < acpi_info.nr_cpus && nr_cpus_online < smp_maxcpus; i++) {
		if (acpi_info.apic_ids[i] == bsp)
			continue;
		if (acpi_info.apic_ids[i] > 254) {
			pr_warn("smp: APIC id %u needs x2APIC mode, which lom does not use; skipped\n",
				acpi_info.apic_ids[i]);
			continue;
		}
		if (start_ap(nr_cpus_online, acpi_info.apic_ids[i]))
			nr_cpus_online++;
	}
	__free_pages(pfn_to_page(cr3 >> PAGE_SHIFT), 0);
	pr_info("smp: %u CPUs online%s\n", nr_cpus_online,
		nr_cpus_online < acpi_info.nr_cpus ? " (maxcpus= or failed starts left some out)" : "");
}

/* ---- cross-CPU calls ---- */

struct call_request {
	void (*fn)(void *arg);
	void *arg;
	int pending;
};

static struct spinlock call_lock = SPINLOCK_INIT("smp_call");
static struct call_request *call_current; /* call_lock; read by the IPI handlers */

static void call_function_vector(struct trap_frame *tf)
{
	struct call_request *r = __atomic_load_n(&call_current, __ATOMIC_ACQUIRE);

	(void)tf;
	this_cpu()->ipis_received++;
	if (r) {
		r->fn(r->arg);
		__atomic_sub_fetch(&r->pending, 1, __ATOMIC_RELEASE);
	}
	lapic_eoi();
}

static void call_others(void (*fn)(void *), void *arg, bool self)
{
	unsigned me = this_cpu_id(), others = 0;

	if (nr_cpus_online == 1) {
		if (self)
			fn(arg);
		return;
	}
	if (!irqs_enabled())
		pr_warn("smp_call_function with interrupts off: may deadlock (caller %p)\n",
			__builtin_return_address(0));
	spin_lock(&call_lock);
	for (unsigned i = 0; i < nr_cpus_online; i++)
		others += i != me && cpus[i].online;
	struct call_request r = { fn, arg, (int)others };
	__atomic_store_n(&call_current, &r, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < nr_cpus_online; i++)
		if (i != me && cpus[i].online)
			lapic_send_ipi(cpus[i].apic_id, CALL_FUNCTION_VECTOR);
	if (self)
		fn(arg);
	while (__atomic_load_n(&r.pending, __ATOMIC_ACQUIRE))
		cpu_relax();
	__atomic_store_n(&call_current, NULL, __ATOMIC_RELEASE);
	spin_unlock(&call_lock);
}

void smp_call_function(void (*fn)(void *), void *arg)
{
	call_others(fn, arg, false);
}

void smp_call_function_all(void (*fn)(void *), void *arg)
{
	call_others(fn, arg, true);
}

void smp_init_vectors(void)
{
	vector_register(CALL_FUNCTION_VECTOR, call_function_vector);
}
