/*
 * kernel/main.c - kmain(), where boot/boot.S leaves us: 64-bit mode, the
 * higher half, the boot stack, interrupts off.
 *
 * The order matters: consoles first (so every later step can complain),
 * then the boot information while the identity map still reaches it, the
 * command line, then the CPU tables and interrupts.
 */
#include "kernel/acpi.h"
#include "kernel/apic.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/kbench.h"
#include "kernel/ktest.h"
#include "kernel/memlayout.h"
#include "kernel/percpu.h"
#include "kernel/pic.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/serial.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/trace.h"
#include "kernel/trap.h"
#include "kernel/version.h"
#include "kernel/vga.h"
#include "kernel/vsprintf.h"
#include "kernel/x86.h"
#include "mm/fail_alloc.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/panic.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/tty.h"

#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define PVH_START_MAGIC 0x336ec578

extern uint64_t boot_pml4[512];

static struct boot_info boot_info;
static char test_filter[128];
static char bench_filter[128];

/* test= and bench= take a non-empty list of names that fits the buffer. */
static int copy_filter(char *dst, size_t size, const char *val)
{
	if (!val || !*val || strlen(val) >= size)
		return -1;
	strlcpy(dst, val, size);
	return 0;
}

static int parse_test(const char *val)
{
	return copy_filter(test_filter, sizeof(test_filter), val);
}
KERNEL_PARAM("test", parse_test, "run in-kernel tests at boot: all, or suite names separated by commas");

static int parse_bench(const char *val)
{
	return copy_filter(bench_filter, sizeof(bench_filter), val);
}
KERNEL_PARAM("bench", parse_bench, "run in-kernel benchmarks at boot (make bench): all, or names");

/* Early map only: boot info must lie in the first KERNEL_EARLY_MAP bytes. */
static const void *early_map(uint64_t pa, uint64_t len)
{
	if (pa >= KERNEL_EARLY_MAP || len > KERNEL_EARLY_MAP - pa)
		return NULL;
	return early_phys_to_virt(pa);
}

static int read_boot_info(uint32_t magic, uint64_t info_pa)
{
	if (magic == PVH_START_MAGIC)
		return pvh_parse(info_pa, early_map, &boot_info);
	if (magic != MB2_BOOTLOADER_MAGIC) { /* boot.S checks this too */
		snprintf(boot_info.error, sizeof(boot_info.error), "unknown boot magic 0x%x", magic);
		return -1;
	}
	const uint32_t *size = early_map(info_pa, 8);
	size_t avail = size ? MIN((uint64_t)*size, KERNEL_EARLY_MAP - info_pa) : 0;
	return multiboot2_parse(size, avail, info_pa, &boot_info);
}

/* Drop the low identity map boot.S needed for the switch to 64-bit mode. */
static void drop_identity_map(void)
{
	boot_pml4[0] = 0;
	write_cr3(read_cr3());
}

/* The per-CPU page lists, now that every CPU is up (each has taken a batch). */
static void print_pcp_report(void)
{
	static char buf[4096];

	pcp_format(buf, sizeof(buf));
	printk(KERN_INFO "%s", buf);
}

static char init_path[256] = "/bin/init";

static int parse_init(const char *val)
{
	if (!val || val[0] != '/' || strlen(val) >= sizeof(init_path))
		return -1;
	strlcpy(init_path, val, sizeof(init_path));
	return 0;
}
KERNEL_PARAM("init", parse_init, "the first program (absolute path, default /bin/init); arguments after --");

/* The initrd (the first boot module), the file tree, the console, pid 1. */
static void start_userspace(void)
{
	const void *initrd = NULL;
	size_t size = 0;

	if (kernel_pgd_prepare_for_processes() < 0)
		panic("no memory for the kernel's page tables");
	clock_init();
	if (boot_info.nr_modules) {
		initrd = phys_to_virt(boot_info.modules[0].start);
		size = boot_info.modules[0].end - boot_info.modules[0].start;
	}
	if (vfs_init(initrd, size) < 0)
		panic("no memory for the file tree");
	trace_init(); /* /sys/kernel/tracing; without memory for it, no tracing */
	fail_alloc_init(); /* /sys/kernel/debug/fail_page_alloc, failslab */
	tty_init();

	static char *argv[CMDLINE_INIT_ARGS_MAX + 2];
	static char *envp[] = { "HOME=/", "TERM=linux", "PATH=/bin", NULL };
	char *const *args;
	unsigned n = cmdline_init_args(&args);
	argv[0] = init_path;
	for (unsigned i = 0; i < n; i++)
		argv[i + 1] = args[i];
	argv[n + 1] = NULL;
	if (start_init(init_path, argv, envp) < 0)
		panic("no memory for init");
}

static __noreturn void run_tests(void)
{
	uint64_t start = rdtsc();
	int failed = ktest_run(test_filter);

	pr_info("ktest: finished in %lu ms, %d failed\n", (unsigned long)(tsc_to_ns(rdtsc() - start) / 1000000),
		failed);
	power_off(failed ? POWER_EXIT_FAIL : POWER_EXIT_OK);
}

__no_stack_protector void kmain(uint32_t magic, uint64_t info_pa)
{
	boot_init_stack_canary(); /* before any function that checks it is entered */
	percpu_init(0, 0); /* before anything asks which CPU it runs on */
	timer_mark_boot();
	serial_init();
	vga_init();
	int boot_err = read_boot_info(magic, info_pa);
	cmdline_parse(boot_info.cmdline);
	drop_identity_map();

	pr_info("lom %s (x86-64): life of a malloc\n", LOM_VERSION);
	gdt_init_cpu(0, NULL);
	idt_init();
	pic_init();
	timer_init();
	sti();

	if (boot_err)
		pr_err("boot: cannot use the boot information: %s\n", boot_info.error);
	else
		boot_info_print(&boot_info);
	if (boot_err || mm_init(&boot_info) < 0) {
		pr_emerg("lom: cannot run without usable memory; system halted\n");
		if (test_filter[0])
			power_off(POWER_EXIT_FAIL);
		halt_forever();
	}
	kmem_cache_init();
	acpi_boot_init(&boot_info);
	apic_init(); /* on failure: PIC, PIT and one CPU, as before */
	smp_init_vectors();
	sched_init();
	syscall_init_cpu();
	smp_boot();
	print_pcp_report();
	check_wx(); /* every kernel mapping is made by now: none may be writable and executable */

	if (test_filter[0])
		run_tests();
	if (bench_filter[0])
		power_off(kbench_run(bench_filter) ? POWER_EXIT_OK : POWER_EXIT_FAIL);

	start_userspace();
	pr_info("lom: boot complete in %lu ms\n", (unsigned long)(time_since_boot_us() / 1000));
	cpu_idle();
}
