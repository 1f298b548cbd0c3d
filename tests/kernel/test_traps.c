/*
 * tests/kernel/test_traps.c - the exception path, the timer and the
 * symbol table, on the real hardware (QEMU).  Kernel only.
 *
 * Each probe executes one faulting instruction that has an exception-table
 * entry (EX_REPORT): the trap handler must report it, record it in
 * last_fixed_trap and resume after it.  The `panic` suite (test=panic,
 * not part of test=all) faults with no such entry, on purpose.
 */
#include "kernel/ksyms.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

static uint64_t fixed_before;

static void expect_trap(struct ktest *t, unsigned vector, uint64_t error_code, uint64_t rip)
{
	KTEST_EXPECT_EQ(t, last_fixed_trap.count, fixed_before + 1);
	KTEST_EXPECT_EQ(t, last_fixed_trap.vector, vector);
	KTEST_EXPECT_EQ(t, last_fixed_trap.error_code, error_code);
	KTEST_EXPECT_EQ(t, last_fixed_trap.rip, rip);
}

static void test_invalid_opcode(struct ktest *t)
{
	uint64_t rip;

	fixed_before = last_fixed_trap.count;
	__asm__ volatile("leaq 1f(%%rip), %0\n"
			 "1: ud2\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_REPORT)
			 : "=r"(rip) :: "memory");
	expect_trap(t, T_UD, 0, rip);
}

static void test_page_fault_read(struct ktest *t)
{
	uint64_t rip, value = 0x1234, addr = 0x1000; /* the dropped identity map */

	fixed_before = last_fixed_trap.count;
	__asm__ volatile("leaq 1f(%%rip), %0\n"
			 "1: movq (%2), %1\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_REPORT)
			 : "=&r"(rip), "+r"(value) : "r"(addr) : "memory");
	expect_trap(t, T_PF, 0, rip); /* not present, read, supervisor */
	KTEST_EXPECT_EQ(t, last_fixed_trap.cr2, addr);
	KTEST_EXPECT_EQ(t, value, 0x1234); /* the load did not happen */
}

static void test_page_fault_write(struct ktest *t)
{
	uint64_t rip, addr = 0xffffffffc0000000ull; /* above the 1 GiB kernel map */

	fixed_before = last_fixed_trap.count;
	__asm__ volatile("leaq 1f(%%rip), %0\n"
			 "1: movq $1, (%1)\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_REPORT)
			 : "=&r"(rip) : "r"(addr) : "memory");
	expect_trap(t, T_PF, PF_WRITE, rip);
	KTEST_EXPECT_EQ(t, last_fixed_trap.cr2, addr);
}

static void test_general_protection(struct ktest *t)
{
	uint64_t rip, value = 0, addr = 0x8000000000000000ull; /* non-canonical */

	fixed_before = last_fixed_trap.count;
	__asm__ volatile("leaq 1f(%%rip), %0\n"
			 "1: movq (%2), %1\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_REPORT)
			 : "=&r"(rip), "+r"(value) : "r"(addr) : "memory");
	expect_trap(t, T_GP, 0, rip);
}

static void test_divide_error(struct ktest *t)
{
	uint64_t rip;
	uint32_t zero = 0;

	fixed_before = last_fixed_trap.count;
	__asm__ volatile("leaq 1f(%%rip), %0\n"
			 "movl $1, %%eax\n"
			 "xorl %%edx, %%edx\n"
			 "1: divl %1\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_REPORT)
			 : "=&r"(rip) : "r"(zero) : "rax", "rdx", "memory");
	expect_trap(t, T_DE, 0, rip);
}

static void test_timer_ticks(struct ktest *t)
{
	uint64_t start = jiffies, deadline = rdtsc() + 2000 * tsc_khz; /* 2 s */

	KTEST_ASSERT(t, irqs_enabled());
	while (jiffies < start + 5 && rdtsc() < deadline)
		hlt();
	KTEST_EXPECT(t, jiffies >= start + 5);
	KTEST_EXPECT(t, tsc_khz > 0);
}

static void test_symbol_lookup(struct ktest *t)
{
	uint64_t start, size;
	char buf[KSYM_NAME_BUF];
	uint64_t addr = (uint64_t)test_symbol_lookup;

	KTEST_EXPECT_STREQ(t, ksym_lookup(addr + 4, &start, &size), "test_symbol_lookup");
	KTEST_EXPECT_EQ(t, start, addr);
	KTEST_EXPECT(t, size > 4);
	ksym_format((uint64_t)ktest_run + 1, buf, sizeof(buf));
	KTEST_EXPECT(t, strncmp(buf, "ktest_run+0x1/0x", 16) == 0);
	KTEST_EXPECT(t, ksym_lookup(0x1000, &start, &size) == NULL);
}

KTEST_SUITE(traps, 0,
	    KTEST_CASE(test_invalid_opcode),
	    KTEST_CASE(test_page_fault_read),
	    KTEST_CASE(test_page_fault_write),
	    KTEST_CASE(test_general_protection),
	    KTEST_CASE(test_divide_error),
	    KTEST_CASE(test_timer_ticks),
	    KTEST_CASE(test_symbol_lookup));

/* ---- test=panic: a real, unexpected kernel fault ---- */

static volatile uint64_t bad_pointer = 0x10; /* volatile: no compile-time folding */

static __noinline void panic_test_level3(void)
{
	*(volatile uint64_t *)bad_pointer = 0xdead;
}

static volatile int panic_test_depth;

static __noinline void panic_test_level2(void)
{
	panic_test_depth = 2; /* distinct bodies: no identical-code folding */
	panic_test_level3();
	panic_test_depth = 0; /* no tail call: keep the frame */
}

static __noinline void test_deliberate_page_fault(struct ktest *t)
{
	(void)t;
	panic_test_depth = 1;
	panic_test_level2();
	panic_test_depth = 0;
}

KTEST_SUITE(panic, KTEST_MANUAL, KTEST_CASE(test_deliberate_page_fault));
