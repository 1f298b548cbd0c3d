/*
 * kernel/trap.c - the IDT, the C side of every exception and interrupt,
 * and the exception table.
 *
 * trap_dispatch() classifies, then delegates:
 *   - legacy IRQ       -> its registered handler, then EOI
 *   - kernel exception -> fixup from __ex_table if the faulting RIP has an
 *                         entry, otherwise a fatal report and panic
 *   - kernel #PF on a user address inside copy_*_user -> demand paging
 *                         (handle_mm_fault) first, the fixup if that fails
 *   - user exception   -> page fault handled, or a signal to the process
 *                         (SIGSEGV, SIGILL, SIGFPE, SIGTRAP, SIGBUS); a
 *                         page fault is traced either way (page_fault_user)
 *   - anything from user mode -> exit_to_user_mode() before returning
 *                         (reschedule, deliver signals)
 * irq_handlers[] is written at init (boot CPU, interrupts off) and read
 * from interrupt context afterwards.
 */
#include "kernel/trap.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/pic.h"
#include "kernel/printk.h"
#include "kernel/apic.h"
#include "kernel/percpu.h"
#include "kernel/x86.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/trace.h"
#include "kernel/uaccess.h"
#include "mm/kstack.h"
#include "mm/vm.h"

#define NR_VECTORS (IRQ_BASE + NR_LEGACY_IRQS)

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __packed;
STATIC_ASSERT(sizeof(struct idt_gate) == 16);

static struct idt_gate idt[256] __aligned(16);
extern const char vectors_high[];
static vector_handler_t vector_handlers[256]; /* vectors >= 48: APIC timer, IPIs */
static irq_handler_t irq_handlers[NR_LEGACY_IRQS];
extern const uint64_t trap_vectors[NR_VECTORS];

extern const struct extable_entry __start___ex_table[], __stop___ex_table[];
struct trap_record last_fixed_trap;

static const char *const exception_names[32] = {
	[T_DE] = "divide error", [T_DB] = "debug", [T_NMI] = "NMI",
	[T_BP] = "breakpoint", [T_OF] = "overflow", [T_BR] = "bound range exceeded",
	[T_UD] = "invalid opcode", [T_NM] = "device not available",
	[T_DF] = "double fault", [9] = "coprocessor segment overrun",
	[T_TS] = "invalid TSS", [T_NP] = "segment not present",
	[T_SS] = "stack-segment fault", [T_GP] = "general protection fault",
	[T_PF] = "page fault", [T_MF] = "x87 floating-point error",
	[T_AC] = "alignment check", [T_MC] = "machine check",
	[T_XM] = "SIMD floating-point exception", [T_VE] = "virtualization exception",
	[T_CP] = "control protection exception",
};

static const char *const exception_mnemonics[32] = {
	"DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", "CSO", "TS", "NP",
	"SS", "GP", "PF", "15", "MF", "AC", "MC", "XM", "VE", "CP",
	"22", "23", "24", "25", "26", "27", "HV", "VC", "SX", "31",
};

const char *trap_name(unsigned vector)
{
	if (vector < 32)
		return exception_names[vector] ? exception_names[vector] : "reserved exception";
	if (vector < NR_VECTORS)
		return "legacy IRQ";
	return "unknown vector";
}

static void set_gate(unsigned vec, uint64_t handler, unsigned ist)
{
	struct idt_gate *g = &idt[vec];

	g->offset_low = handler & 0xffff;
	g->selector = KERNEL_CS;
	g->ist = (uint8_t)ist;
	g->type_attr = 0x8e; /* present, ring 0, 64-bit interrupt gate */
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = (uint32_t)(handler >> 32);
	g->reserved = 0;
}

/* Load the IDT on this CPU (the table itself is shared and built once). */
void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed idtr = { sizeof(idt) - 1, (uint64_t)idt };

	__asm__ volatile("lidt %0" :: "m"(idtr));
}

void vector_register(unsigned vector, vector_handler_t handler)
{
	BUG_ON(vector < NR_VECTORS || vector > 255);
	vector_handlers[vector] = handler;
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed idtr = { sizeof(idt) - 1, (uint64_t)idt };

	for (unsigned v = 0; v < NR_VECTORS; v++)
		set_gate(v, trap_vectors[v], 0);
	for (unsigned v = NR_VECTORS; v < 256; v++)
		set_gate(v, (uint64_t)vectors_high + (v - NR_VECTORS) * 16, 0);
	idt[T_DF].ist = IST_DOUBLE_FAULT;
	idt[T_NMI].ist = IST_NMI;
	idt[T_MC].ist = IST_MACHINE_CHECK;
	/* int3 and into may be used from user mode (debuggers, as on Linux);
	 * any other `int n` from ring 3 is a #GP */
	idt[T_BP].type_attr = 0xee;
	idt[T_OF].type_attr = 0xee;
	__asm__ volatile("lidt %0" :: "m"(idtr));
}

void irq_register(unsigned irq, irq_handler_t handler)
{
	BUG_ON(irq >= NR_LEGACY_IRQS);
	irq_handlers[irq] = handler;
	if (apic_active)
		ioapic_route_isa_irq(irq);
	else
		pic_unmask(irq);
}

static void handle_irq(struct trap_frame *tf)
{
	unsigned irq = (unsigned)tf->vector - IRQ_BASE;

	if (apic_active) { /* routed through the I/O APIC */
		if (irq_handlers[irq])
			irq_handlers[irq](tf);
		lapic_eoi();
		return;
	}
	if (pic_is_spurious(irq))
		return;
	if (irq_handlers[irq])
		irq_handlers[irq](tf);
	pic_eoi(irq);
}

static const struct extable_entry *search_extable(uint64_t rip)
{
	for (const struct extable_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == rip)
			return e;
	return NULL;
}

static void describe_page_fault(const struct trap_frame *tf, uint64_t cr2)
{
	uint64_t e = tf->error_code;

	pr_emerg("BUG: unable to handle page fault for address: %016lx\n", (unsigned long)cr2);
	pr_emerg("#PF: %s %s access in %s mode\n",
		 e & PF_USER ? "user" : "supervisor",
		 e & PF_INSTR ? "instruction fetch" : e & PF_WRITE ? "write" : "read",
		 e & PF_USER ? "user" : "kernel");
	pr_emerg("#PF: error_code(0x%04lx) - %s%s\n", (unsigned long)e,
		 e & PF_PRESENT ? "permissions violation" : "not-present page",
		 e & PF_RSVD ? ", reserved bit set" : "");
}

void show_regs(const struct trap_frame *tf)
{
	char sym[KSYM_NAME_BUF];

	ksym_format(tf->rip, sym, sizeof(sym));
	pr_emerg("RIP: %04lx:%s\n", (unsigned long)tf->cs, sym);
	pr_emerg("RSP: %04lx:%016lx EFLAGS: %08lx\n", (unsigned long)tf->ss,
		 (unsigned long)tf->rsp, (unsigned long)tf->rflags);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", tf->rax, tf->rbx, tf->rcx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", tf->rdx, tf->rsi, tf->rdi);
	pr_emerg("RBP: %016lx R08: %016lx R09: %016lx\n", tf->rbp, tf->r8, tf->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx\n", tf->r10, tf->r11, tf->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx\n", tf->r13, tf->r14, tf->r15);
	pr_emerg("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
		 read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

void trap_report(const struct trap_frame *tf, const char *prefix)
{
	unsigned v = (unsigned)tf->vector;

	if (v == T_PF)
		describe_page_fault(tf, read_cr2());
	pr_emerg("%s: %s (#%s, vector %u) error_code=0x%lx\n", prefix, trap_name(v),
		 v < 32 ? exception_mnemonics[v] : "IRQ", v, (unsigned long)tf->error_code);
	show_regs(tf);
}

/*
 * A kernel page fault inside copy_*_user on a user address: serve it like
 * a user fault (the page may just not be there yet).  True if it was.
 */
static bool kernel_fault_on_user_page(struct trap_frame *tf, const struct extable_entry *fix)
{
	struct task *t = this_cpu()->current_task;
	uint64_t addr = read_cr2();

	if (!fix || tf->vector != T_PF || addr >= USER_TOP || !t || !t->mm)
		return false;
	if (smap_enabled && !(tf->rflags & RFLAGS_AC))
		return false; /* not inside a user-access window: SMAP refused it, no page would help */
	if (tf->rflags & RFLAGS_IF)
		sti();
	int err = handle_mm_fault(t->mm, addr, (unsigned)tf->error_code | PF_USER);
	cli();
	return err == 0;
}

/*
 * A double fault because a kernel stack ran into its guard page: the
 * page fault could not push its frame, so the CPU switched to the #DF
 * IST stack.  Say so (Linux's words), with the task and a backtrace.
 */
static void report_stack_overflow(struct trap_frame *tf)
{
	extern char boot_stack_guard[], boot_stack[], boot_stack_top[];
	uint64_t lo, hi, addr = read_cr2();

	if (kstack_guard_hit(addr, &lo, &hi) || kstack_guard_hit(tf->rsp, &lo, &hi)) {
		/* a task's or an AP's stack */
	} else if ((addr >= (uint64_t)boot_stack_guard && addr < (uint64_t)boot_stack) ||
		   (tf->rsp >= (uint64_t)boot_stack_guard && tf->rsp < (uint64_t)boot_stack)) {
		lo = (uint64_t)boot_stack, hi = (uint64_t)boot_stack_top;
	} else {
		return;
	}
	pr_emerg("BUG: stack guard page was hit at %016lx (stack is %016lx..%016lx)\n", (unsigned long)addr,
		 (unsigned long)lo, (unsigned long)hi);
	pr_emerg("kernel stack overflow (double-fault): %04lx\n", (unsigned long)tf->error_code);
	show_regs(tf);
	panic_with_frame(tf, "kernel stack overflow");
}

/* A page fault on a present user page in kernel mode, outside copy_*_user: SMAP stopped it. */
static void report_smap_violation(const struct trap_frame *tf)
{
	uint64_t addr = read_cr2();

	if (tf->vector == T_PF && smap_enabled && addr < USER_TOP && (tf->error_code & PF_PRESENT) &&
	    !(tf->error_code & (PF_USER | PF_INSTR)) && !(tf->rflags & RFLAGS_AC))
		pr_emerg("BUG: SMAP: kernel %s of user address %016lx outside copy_*_user\n",
			 tf->error_code & PF_WRITE ? "write" : "read", (unsigned long)addr);
}

static void handle_kernel_exception(struct trap_frame *tf)
{
	const struct extable_entry *fix = search_extable(tf->rip);

	if (tf->vector == T_DF)
		report_stack_overflow(tf); /* does not return if it was one */
	if (kernel_fault_on_user_page(tf, fix))
		return;

	if (fix) {
		last_fixed_trap.vector = tf->vector;
		last_fixed_trap.error_code = tf->error_code;
		last_fixed_trap.rip = tf->rip;
		last_fixed_trap.cr2 = tf->vector == T_PF ? read_cr2() : 0;
		last_fixed_trap.count++;
		if (fix->flags & EX_REPORT) {
			trap_report(tf, "caught exception");
			pr_emerg("fixed up: resuming at %016lx (exception table)\n", (unsigned long)fix->fixup);
		}
		tf->rip = fix->fixup;
		return;
	}
	report_smap_violation(tf);
	trap_report(tf, "Oops");
	panic_with_frame(tf, "Fatal exception");
}

/* Linux's "segfault at" line, for the console (quiet hides it). */
static void report_user_fault(const struct trap_frame *tf, int sig, uint64_t addr)
{
	struct task *t = current;

	pr_info("%s[%d]: %s at %lx ip %016lx sp %016lx error %lx (%s)\n", t->comm, t->pid, trap_name((unsigned)tf->vector),
		(unsigned long)addr, (unsigned long)tf->rip, (unsigned long)tf->rsp, (unsigned long)tf->error_code,
		signal_name(sig));
}

/* An exception in user mode: a page to fill in, or a signal. */
static void handle_user_exception(struct trap_frame *tf)
{
	uint64_t addr = tf->vector == T_PF ? read_cr2() : tf->rip; /* before anything can fault again */
	int sig = SIGSEGV, code = SI_KERNEL;

	sti();
	switch (tf->vector) {
	case T_PF: {
		int err = handle_mm_fault(current->mm, addr, (unsigned)tf->error_code);
		trace_page_fault_user(addr, tf->rip, (unsigned)tf->error_code, err);
		if (err == 0)
			return;
		if (err == -ENOMEM) {
			/* the OOM killer chose us (SIGKILL pending), or found nothing else to kill */
			if (!fatal_signal_pending(current)) {
				pr_err("Out of memory: killed process %d (%s) on a page fault: nothing else to kill\n",
				       current->pid, current->comm);
				send_signal(current, SIGKILL, NULL);
			}
			return;
		}
		code = err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR;
		break;
	}
	case T_DE:
		sig = SIGFPE, code = FPE_INTDIV;
		break;
	case T_MF:
	case T_XM:
		sig = SIGFPE, code = FPE_FLTINV;
		break;
	case T_UD:
		sig = SIGILL, code = ILL_ILLOPN;
		break;
	case T_DB:
	case T_BP:
		sig = SIGTRAP, code = TRAP_BRKPT;
		break;
	case T_AC:
		sig = SIGBUS, code = BUS_ADRALN;
		break;
	case T_NP:
	case T_SS:
		sig = SIGBUS;
		break;
	case T_GP:
		addr = 0; /* as Linux: a #GP has no address */
		break;
	default:
		break;
	}
	report_user_fault(tf, sig, addr);
	force_sig_fault(sig, code, addr);
}

/*
 * A `syscall` that did not leave ring 3: RCX, R11, RFLAGS and RIP = LSTAR
 * as the instruction says, but CS/SS still the user's, so fetching
 * entry_syscall_64 faulted as a user access (CR2 = RIP = LSTAR).  Real
 * CPUs and TCG never do this; the nested "KVM" of the build machines
 * (kvm-pvm, which emulates a guest kernel that is not PVM-aware and runs
 * its user mode natively) does it for every syscall from user mode.
 * Build the frame entry_syscall_64 would have built and run the syscall;
 * it returns by iretq.  A program that jumps to entry_syscall_64 itself
 * gets no more than it would from `syscall`.
 */
static bool finish_syscall_left_in_user_mode(struct trap_frame *tf)
{
	extern char entry_syscall_64[];
	static bool reported;

	if (tf->vector != T_PF || tf->rip != (uint64_t)entry_syscall_64 || read_cr2() != tf->rip ||
	    tf->cs != USER_CS || tf->rcx >= USER_TOP)
		return false;
	if (!reported) {
		reported = true;
		pr_info("syscall: the CPU stayed in user mode at MSR_LSTAR; finishing syscalls from the page fault handler\n");
	}
	tf->vector = SYSCALL_VECTOR;
	tf->error_code = tf->rax; /* the syscall number, as entry_syscall_64 saves it */
	tf->rip = tf->rcx;
	tf->rflags = (tf->r11 & USER_RFLAGS_MASK) | RFLAGS_IF | 0x2;
	syscall_dispatch(tf); /* returns with interrupts off, signals delivered */
	return true;
}

static void trap_dispatch_kernel(struct trap_frame *tf);

void trap_dispatch(struct trap_frame *tf)
{
	user_access_end(); /* an interrupted copy_*_user's AC must not leak into the handler */
	if (tf->vector == T_NMI || !(tf->cs & 3)) {
		trap_dispatch_kernel(tf);
		return;
	}
	if (finish_syscall_left_in_user_mode(tf))
		return;
	trap_dispatch_kernel(tf);
	exit_to_user_mode(tf);
}

static void trap_dispatch_kernel(struct trap_frame *tf)
{
	if (tf->vector >= IRQ_BASE && tf->vector < NR_VECTORS) {
		handle_irq(tf);
		return;
	}
	if (tf->vector >= NR_VECTORS) {
		vector_handler_t h = vector_handlers[tf->vector];
		if (h)
			h(tf); /* the handler sends its own EOI (spurious ones need none) */
		else {
			pr_warn("trap: unexpected interrupt on vector %lu (CPU %u)\n", (unsigned long)tf->vector, this_cpu_id());
			lapic_eoi();
		}
		return;
	}
	if (tf->vector == T_NMI) {
		nmi_handler(tf);
		return;
	}
	if ((tf->cs & 3) == 0) {
		handle_kernel_exception(tf);
		return;
	}
	handle_user_exception(tf);
}
