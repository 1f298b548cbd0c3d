/*
 * kernel/panic.c - the end of the line: report, then stop.
 *
 * Only one CPU may panic; a fault while panicking (e.g. a corrupt frame
 * pointer during the backtrace) prints a short note and halts instead of
 * recursing.  The other CPUs are stopped first with an NMI (which gets
 * through even where they run with interrupts off); the console lock is
 * then forced open: the CPU that held it may be one of them.
 */
#include "kernel/panic.h"
#include "kernel/apic.h"
#include "kernel/cmdline.h"
#include "kernel/ksyms.h"
#include "kernel/memlayout.h"
#include "kernel/percpu.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/serial.h"
#include "kernel/rwlock.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/vsprintf.h"
#include "kernel/x86.h"
#include "mm/pgtable.h"

#define BACKTRACE_MAX_DEPTH 32

static int panicking;
static long panic_timeout; /* `panic=N`: 0 halt, < 0 power off now, > 0 after N s */

static int parse_panic(const char *val)
{
	return cmdline_parse_long(val, &panic_timeout) < 0 ? -1 : 0;
}
KERNEL_PARAM("panic", parse_panic, "after a panic: 0 halt (default), N>0 power off after N s, N<0 power off at once");

/* Is rbp a frame pointer we may dereference: both words of the frame
 * mapped (a task stack, the boot stack, an IST stack), not a guard page? */
static bool frame_ok(uint64_t rbp)
{
	return IS_ALIGNED(rbp, 8) && rbp < UINT64_MAX - 16 && kernel_addr_mapped(rbp) && kernel_addr_mapped(rbp + 15);
}

/*
 * Did the function containing rip build a frame (push %rbp first, after an
 * optional endbr64)?  GCC gives leaf functions that do not touch the stack
 * no frame even with -fno-omit-frame-pointer; in those, rbp still points
 * at the caller's frame and the caller's return address sits at rsp.
 */
static bool has_frame(uint64_t rip)
{
	uint64_t start, size;

	if (!ksym_lookup(rip, &start, &size))
		return true; /* unknown code: trust rbp */
	const uint8_t *code = (const uint8_t *)start;
	if (size >= 5 && code[0] == 0xf3 && code[1] == 0x0f && code[2] == 0x1e && code[3] == 0xfa)
		code += 4; /* endbr64 */
	return code[0] == 0x55 && rip > (uint64_t)code; /* push %rbp, already done */
}

void dump_backtrace(uint64_t rbp)
{
	char sym[KSYM_NAME_BUF];

	for (int depth = 0; depth < BACKTRACE_MAX_DEPTH && frame_ok(rbp); depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (!ret)
			break;
		ksym_format(ret, sym, sizeof(sym));
		pr_emerg(" [<%016lx>] %s\n", (unsigned long)ret, sym);
		if (frame[0] <= rbp) /* frames must go up the stack */
			break;
		rbp = frame[0];
	}
}

static void capture_frame(struct trap_frame *tf)
{
	memset(tf, 0, sizeof(*tf));
	__asm__ volatile(
		"movq %%rax, 112(%0)\n\t" "movq %%rbx, 104(%0)\n\t" "movq %%rcx, 96(%0)\n\t"
		"movq %%rdx, 88(%0)\n\t" "movq %%rsi, 80(%0)\n\t" "movq %%rdi, 72(%0)\n\t"
		"movq %%rbp, 64(%0)\n\t" "movq %%r8, 56(%0)\n\t" "movq %%r9, 48(%0)\n\t"
		"movq %%r10, 40(%0)\n\t" "movq %%r11, 32(%0)\n\t" "movq %%r12, 24(%0)\n\t"
		"movq %%r13, 16(%0)\n\t" "movq %%r14, 8(%0)\n\t" "movq %%r15, 0(%0)\n\t"
		"leaq 0(%%rip), %%rax\n\t" "movq %%rax, 136(%0)\n\t"
		"movq %%rsp, 160(%0)\n\t"
		"pushfq\n\t" "popq 152(%0)\n\t"
		"movw %%cs, 144(%0)\n\t" "movw %%ss, 168(%0)"
		:: "r"(tf) : "rax", "memory");
}
STATIC_ASSERT(offsetof(struct trap_frame, rax) == 112);
STATIC_ASSERT(offsetof(struct trap_frame, rip) == 136);
STATIC_ASSERT(offsetof(struct trap_frame, ss) == 168);

static __noreturn void panic_stop(void)
{
	if (panic_timeout > 0 && tsc_khz) {
		pr_emerg("Powering off in %ld seconds..\n", panic_timeout);
		uint64_t end = rdtsc() + (uint64_t)panic_timeout * tsc_khz * 1000;
		while (rdtsc() < end)
			cpu_relax();
	}
	if (panic_timeout != 0)
		power_off(POWER_EXIT_PANIC);
	halt_forever();
}

static void panic_enter(void)
{
	cli();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST)) {
		static const char msg[] = "\n!!! fault or panic while panicking; halting\n";
		serial_write(msg, sizeof(msg) - 1);
		if (panic_timeout != 0)
			power_off(POWER_EXIT_PANIC);
		halt_forever();
	}
	lapic_send_nmi_all_but_self();
	udelay(10000); /* let them reach their halt loop */
	console_force_unlock();
	if (console_loglevel < 1)
		console_loglevel = 1; /* KERN_EMERG always shows */
}

void spin_lock_recursion(const struct spinlock *l)
{
	panic("BUG: spinlock recursion: CPU %u takes '%s', which it already holds", this_cpu_id(), l->name);
}

void rwlock_recursion(const struct rwlock *l)
{
	panic("BUG: rwlock recursion: CPU %u takes '%s' for writing, or again while writing it", this_cpu_id(),
	      l->name);
}

void spin_not_held(const struct spinlock *l, const char *file, int line)
{
	panic("BUG: %s:%d needs lock '%s' held by CPU %u (holder: %d)", file, line, l->name, this_cpu_id(),
	      l->holder);
}

/* Once per call site would need a table; once per boot keeps the log readable. */
void might_sleep_report(const char *file, int line)
{
	static int reported;

	if (__atomic_exchange_n(&reported, 1, __ATOMIC_RELAXED))
		return;
	pr_err("BUG: sleeping function called from invalid context at %s:%d (interrupts off, CPU %u)\n",
	       file, line, this_cpu_id());
	pr_err("Call Trace:\n");
	dump_backtrace((uint64_t)__builtin_frame_address(0));
}

/* An NMI: the stop request of a panicking CPU, or something to report. */
void nmi_handler(struct trap_frame *tf)
{
	char sym[KSYM_NAME_BUF];

	this_cpu()->nmis++;
	if (__atomic_load_n(&panicking, __ATOMIC_ACQUIRE))
		halt_forever(); /* another CPU panicked: stop here, quietly */
	ksym_format(tf->rip, sym, sizeof(sym));
	pr_warn("NMI on CPU %u at %s: ignored\n", this_cpu_id(), sym);
}

/*
 * -fstack-protector-strong: functions with arrays or address-taken locals
 * put __stack_chk_guard below their return address and check it before
 * returning.  kmain() sets it to a random value first thing; a function
 * that finds it changed calls __stack_chk_fail.
 */
uint64_t __stack_chk_guard = 0x595e9fbd94fda766ull; /* until boot_init_stack_canary() */

__no_stack_protector void boot_init_stack_canary(void)
{
	uint64_t canary;

	get_random_bytes(&canary, sizeof(canary));
	canary ^= rdtsc();
	__stack_chk_guard = canary ? canary : 0x595e9fbd94fda766ull;
}

__noreturn void __stack_chk_fail(void)
{
	char sym[KSYM_NAME_BUF];

	ksym_format((uint64_t)__builtin_return_address(0), sym, sizeof(sym));
	panic("stack-protector: Kernel stack is corrupted in: %s", sym);
}

/* Which task the CPU was running (Linux's "PID: 1 Comm: init" part of its CPU line). */
static void show_task(void)
{
	const struct task *t = this_cpu()->current_task;

	if (t)
		pr_emerg("PID: %d Comm: %s\n", t->pid, t->comm);
}

void panic(const char *fmt, ...)
{
	char msg[256];
	struct trap_frame tf;
	va_list ap;

	panic_enter();
	capture_frame(&tf);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	pr_emerg("CPU: %u of %u online (the others are stopped)\n", this_cpu_id(), nr_cpus_online);
	show_task();
	show_regs(&tf);
	pr_emerg("Call Trace:\n");
	dump_backtrace(tf.rbp);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	panic_stop();
}

/* After trap_report() has shown the exception and its registers. */
void panic_with_frame(const struct trap_frame *tf, const char *fmt, ...)
{
	char msg[256], sym[KSYM_NAME_BUF];
	va_list ap;

	panic_enter();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	ksym_format(tf->rip, sym, sizeof(sym));
	pr_emerg("CPU: %u of %u online (the others are stopped)\n", this_cpu_id(), nr_cpus_online);
	show_task();
	pr_emerg("Call Trace:\n");
	pr_emerg(" [<%016lx>] %s  (faulting instruction)\n", (unsigned long)tf->rip, sym);
	if (!has_frame(tf->rip) && frame_ok(tf->rsp)) {
		/* a leaf without a frame: its return address is on top of the stack */
		uint64_t ret = *(const uint64_t *)tf->rsp;
		ksym_format(ret, sym, sizeof(sym));
		pr_emerg(" [<%016lx>] %s\n", (unsigned long)ret, sym);
	}
	dump_backtrace(tf->rbp);
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	panic_stop();
}
