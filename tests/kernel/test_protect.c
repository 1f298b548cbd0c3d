/*
 * tests/kernel/test_protect.c - the kernel's own protections, on the real
 * page tables and CPU (QEMU -cpu max has NX, SMEP and SMAP).  Kernel only.
 *
 *   protect            (in test=all) W^X of the image and every kernel
 *                      mapping, NX on the direct map, guard pages below
 *                      kernel stacks, SMEP/SMAP on and enforced, the
 *                      stack canary random.
 *   stack_overflow     (test=stack_overflow) recurse on a kernel stack until
 *                      it hits its guard: a double fault, reported
 *   smap               (test=smap) read a user page outside copy_*_user
 *   stack_protector    (test=stack_protector) overwrite a return address's
 *                      canary
 * The last three end in a panic on purpose; tests/run.sh checks the report.
 */
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/trap.h"
#include "kernel/uaccess.h"
#include "kernel/x86.h"
#include "mm/kstack.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/vm.h"

extern char __kernel_start[], __rodata_start[], __data_start[], __kernel_end[];
extern char boot_stack_guard[];
static const uint64_t some_rodata = 0x1234;
static uint64_t some_data = 0x5678;

static pte_t leaf(uint64_t va)
{
	return kernel_lookup(va, NULL);
}

static void test_no_wx_mappings(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, check_wx(), 0);
}

static void test_image_sections(struct ktest *t)
{
	pte_t text = leaf((uint64_t)test_image_sections), rodata = leaf((uint64_t)&some_rodata);
	pte_t data = leaf((uint64_t)&some_data), bss = leaf((uint64_t)__kernel_end - 1);

	KTEST_ASSERT(t, cpu_has_nx);
	KTEST_EXPECT(t, (text & PTE_P) && !(text & PTE_W) && !(text & PTE_NX));    /* r-x */
	KTEST_EXPECT(t, (rodata & PTE_P) && !(rodata & PTE_W) && (rodata & PTE_NX)); /* r-- */
	KTEST_EXPECT(t, (data & PTE_P) && (data & PTE_W) && (data & PTE_NX));        /* rw- */
	KTEST_EXPECT(t, (bss & PTE_P) && (bss & PTE_W) && (bss & PTE_NX));
	/* nothing past the image at KERNEL_VMA any more, and the boot stack's guard is a hole */
	KTEST_EXPECT_EQ(t, leaf(ALIGN_UP((uint64_t)__kernel_end, MiB(2)) + MiB(2)), 0);
	KTEST_EXPECT_EQ(t, leaf((uint64_t)boot_stack_guard), 0);
	KTEST_EXPECT(t, (uint64_t)__rodata_start < (uint64_t)__data_start);
}

static void test_direct_map_nx(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	KTEST_ASSERT(t, p != NULL);
	pte_t e = leaf((uint64_t)page_address(p));
	KTEST_EXPECT(t, (e & PTE_P) && (e & PTE_W) && (e & PTE_NX));
	__free_pages(p, 0);
}

/* A load with an exception-table entry: true if it faulted. */
static bool load_faults(uint64_t addr, uint64_t *error_code)
{
	uint64_t before = last_fixed_trap.count, v = 0;

	__asm__ volatile("1: movq (%1), %0\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_SILENT)
			 : "+r"(v) : "r"(addr) : "memory");
	if (error_code)
		*error_code = last_fixed_trap.error_code;
	return last_fixed_trap.count != before;
}

/* A store with an exception-table entry: true if it faulted. */
static bool store_faults(uint64_t addr)
{
	uint64_t before = last_fixed_trap.count;

	__asm__ volatile("1: movq %%rax, (%0)\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_SILENT)
			 :: "r"(addr), "a"(0x42ull) : "memory");
	return last_fixed_trap.count != before;
}

static void test_writes_to_text_and_rodata_fault(struct ktest *t)
{
	KTEST_EXPECT(t, store_faults((uint64_t)&some_rodata));
	KTEST_EXPECT_EQ(t, some_rodata, 0x1234);
	KTEST_EXPECT(t, store_faults((uint64_t)load_faults + 64));
	KTEST_EXPECT(t, !store_faults((uint64_t)&some_data)); /* data stays writable */
	KTEST_EXPECT_EQ(t, some_data, 0x42);
}

static void test_kernel_stack_guard(struct ktest *t)
{
	uint8_t *stack = alloc_kernel_stack();
	uint64_t lo, hi;

	KTEST_ASSERT(t, stack != NULL);
	KTEST_EXPECT(t, !load_faults((uint64_t)stack, NULL));
	KTEST_EXPECT(t, !load_faults((uint64_t)stack + KSTACK_SIZE - 8, NULL));
	KTEST_EXPECT(t, load_faults((uint64_t)stack - 8, NULL));         /* the guard */
	KTEST_EXPECT(t, load_faults((uint64_t)stack - KSTACK_SIZE, NULL)); /* all of it */
	KTEST_EXPECT(t, kstack_guard_hit((uint64_t)stack - 100, &lo, &hi));
	KTEST_EXPECT_EQ(t, lo, (uint64_t)stack);
	KTEST_EXPECT_EQ(t, hi, (uint64_t)stack + KSTACK_SIZE);
	KTEST_EXPECT(t, !kstack_guard_hit((uint64_t)stack + 100, &lo, &hi));
	/* this very task's stack has one too */
	uint64_t mine = (uint64_t)current->kstack;
	if (current->kstack && mine >= KSTACK_AREA_BASE)
		KTEST_EXPECT(t, load_faults(mine - 8, NULL));
	free_kernel_stack(stack);
}

/* Many stacks at once, freed in a mixed order: slots are reused, no page is lost. */
static void test_kernel_stack_churn(struct ktest *t)
{
	static void *stacks[200];
	unsigned long free_before;

	free_kernel_stack(alloc_kernel_stack()); /* the area's first tables, which stay */
	drain_all_pages();
	free_before = nr_free_pages();
	for (int round = 0; round < 3; round++) {
		for (unsigned i = 0; i < ARRAY_SIZE(stacks); i++) {
			stacks[i] = alloc_kernel_stack();
			KTEST_ASSERT(t, stacks[i] != NULL);
			memset(stacks[i], (int)i, KSTACK_SIZE); /* every page really there */
		}
		for (unsigned i = 0; i < ARRAY_SIZE(stacks); i += 2)
			free_kernel_stack(stacks[i]);
		for (unsigned i = 1; i < ARRAY_SIZE(stacks); i += 2)
			free_kernel_stack(stacks[i]);
	}
	drain_all_pages();
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before); /* page tables of emptied regions freed too */
}

/* Map one anonymous user page in a fresh mm and make it this task's, for the SMAP cases. */
static struct mm *user_page_mm(uint64_t addr)
{
	struct mm *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (vma_add(mm, addr, addr + PAGE_SIZE, VM_READ | VM_WRITE) < 0) {
		mm_put(mm);
		return NULL;
	}
	uint64_t irq = local_irq_save();
	current->mm = mm;
	switch_mm(mm);
	local_irq_restore(irq);
	return mm;
}

static void drop_user_page_mm(struct mm *mm)
{
	uint64_t irq = local_irq_save();
	switch_mm(NULL);
	current->mm = NULL;
	local_irq_restore(irq);
	mm_put(mm);
}

#define SMAP_TEST_ADDR 0x400000ull

static void test_smep_smap(struct ktest *t)
{
	uint64_t value = 0x600dcafe, back = 0, error_code = 0;

	KTEST_EXPECT(t, read_cr4() & CR4_SMEP);
	if (!smap_enabled) {
		ktest_skip(t, "SMAP is off: the CPU lacks it (QEMU: use -cpu max) or nosmap");
		return;
	}
	KTEST_EXPECT(t, read_cr4() & CR4_SMAP);
	KTEST_ASSERT(t, current->mm == NULL);
	struct mm *mm = user_page_mm(SMAP_TEST_ADDR);
	KTEST_ASSERT(t, mm != NULL);
	/* the copy helpers open the window (and demand-fault the page in) */
	KTEST_EXPECT_EQ(t, copy_to_user((void *)SMAP_TEST_ADDR, &value, sizeof(value)), 0);
	KTEST_EXPECT_EQ(t, copy_from_user(&back, (void *)SMAP_TEST_ADDR, sizeof(back)), 0);
	KTEST_EXPECT_EQ(t, back, value);
	/* a plain load of the same, now present, page faults: a protection fault */
	KTEST_EXPECT(t, load_faults(SMAP_TEST_ADDR, &error_code));
	KTEST_EXPECT_EQ(t, error_code & (PF_PRESENT | PF_USER), PF_PRESENT);
	KTEST_EXPECT(t, !(read_rflags() & RFLAGS_AC)); /* and the window is closed again */
	drop_user_page_mm(mm);
}

static void test_canary_random(struct ktest *t)
{
	KTEST_EXPECT(t, __stack_chk_guard != 0);
	KTEST_EXPECT(t, __stack_chk_guard != 0x595e9fbd94fda766ull); /* no longer the link-time value */
}

KTEST_SUITE(protect, 0,
	    KTEST_CASE(test_no_wx_mappings),
	    KTEST_CASE(test_image_sections),
	    KTEST_CASE(test_direct_map_nx),
	    KTEST_CASE(test_writes_to_text_and_rodata_fault),
	    KTEST_CASE(test_kernel_stack_guard),
	    KTEST_CASE(test_kernel_stack_churn),
	    KTEST_CASE(test_smep_smap),
	    KTEST_CASE(test_canary_random));

/* ---- test=stack_overflow: a runaway recursion on a guarded kernel stack ---- */

static volatile int overflow_depth, overflow_limit = 1 << 30; /* never reached: the guard comes first */

static __noinline void recurse_forever(void)
{
	volatile char frame[256];

	frame[0] = (char)overflow_depth++;
	if (overflow_depth < overflow_limit)
		recurse_forever();
	__asm__ volatile("" :: "r"(frame) : "memory"); /* the frame stays, no tail call */
}

static void test_deliberate_stack_overflow(struct ktest *t)
{
	uint8_t *stack = alloc_kernel_stack();

	KTEST_ASSERT(t, stack != NULL);
	/* run on a task-style stack (the boot stack has a guard too, but this is the common case) */
	__asm__ volatile("movq %0, %%rsp\n\t"
			 "call *%1"
			 :: "r"(stack + KSTACK_SIZE - 16), "r"(recurse_forever) : "memory");
}

KTEST_SUITE(stack_overflow, KTEST_MANUAL, KTEST_CASE(test_deliberate_stack_overflow));

/* ---- test=smap: the kernel reads a user page outside copy_*_user ---- */

static void test_deliberate_smap_violation(struct ktest *t)
{
	uint64_t value = 1;
	struct mm *mm = user_page_mm(SMAP_TEST_ADDR);

	KTEST_ASSERT(t, mm != NULL && smap_enabled);
	KTEST_ASSERT(t, copy_to_user((void *)SMAP_TEST_ADDR, &value, sizeof(value)) == 0);
	value = *(volatile uint64_t *)SMAP_TEST_ADDR; /* the bug */
	drop_user_page_mm(mm);
	KTEST_EXPECT(t, false); /* not reached */
}

KTEST_SUITE(smap, KTEST_MANUAL, KTEST_CASE(test_deliberate_smap_violation));

/* ---- test=stack_protector: a buffer overflow over the canary ---- */

static volatile size_t overflow_len = 64;

static __noinline void smash_my_stack(void)
{
	char buf[16];

	memset(buf, 'A', overflow_len); /* 48 bytes too many: over the canary */
	__asm__ volatile("" :: "r"(buf) : "memory");
}

static void test_deliberate_stack_smash(struct ktest *t)
{
	smash_my_stack();
	KTEST_EXPECT(t, false); /* not reached */
}

KTEST_SUITE(stack_protector, KTEST_MANUAL, KTEST_CASE(test_deliberate_stack_smash));
