/*
 * tests/kernel/test_smp.c - every CPU at once: bring-up, cross-CPU calls,
 * spinlocks under contention, the page allocator hammered from all CPUs
 * with cross-CPU frees (no page lost or duplicated), drain_all_pages, and
 * TLB shootdown (no CPU reads through a stale translation).
 * Kernel only (test=smp); meaningful with -smp 2 or more, and correct
 * with one CPU too.  Work on the other CPUs runs in their IPI handler.
 */
#include "kernel/acpi.h"
#include "kernel/apic.h"
#include "kernel/ktest.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/mm_internal.h"
#include "mm/pgtable.h"

static void test_cpus_online(struct ktest *t)
{
	unsigned want = 1;

	if (apic_active && acpi_ok)
		want = MIN(acpi_info.nr_cpus, smp_maxcpus);
	KTEST_EXPECT_EQ(t, nr_cpus_online, want);
	for (unsigned i = 0; i < nr_cpus_online; i++) {
		KTEST_EXPECT(t, cpus[i].online);
		KTEST_EXPECT_EQ(t, cpus[i].id, i);
		for (unsigned j = 0; j < i; j++)
			KTEST_EXPECT(t, cpus[i].apic_id != cpus[j].apic_id);
	}
	KTEST_EXPECT_EQ(t, this_cpu()->self, this_cpu());
}

static unsigned long call_counts[MAX_CPUS];

static void count_call(void *arg)
{
	(void)arg;
	call_counts[this_cpu_id()]++;
}

static void test_ipi_round_trips(struct ktest *t)
{
	const int rounds = 300;

	for (unsigned i = 0; i < MAX_CPUS; i++)
		call_counts[i] = 0;
	for (int r = 0; r < rounds; r++)
		smp_call_function(count_call, NULL);
	smp_call_function_all(count_call, NULL);
	unsigned me = this_cpu_id();
	for (unsigned i = 0; i < nr_cpus_online; i++)
		KTEST_EXPECT_EQ(t, call_counts[i], i == me ? 1 : rounds + 1);
}

static struct spinlock torture_lock = SPINLOCK_INIT("torture");
static volatile unsigned long torture_counter;
/*
 * Totals, shared among the CPUs: QEMU runs each vCPU on a host thread, and
 * with more vCPUs than host cores every contended lock handoff may wait
 * for a host time slice; a fixed total keeps -smp 8 on 2 cores bounded.
 */
#define TORTURE_TOTAL 12000
#define STRESS_TOTAL 80000

static unsigned per_cpu_share(unsigned total)
{
	return total / nr_cpus_online;
}

static void torture(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < per_cpu_share(TORTURE_TOTAL); i++) {
		spin_lock(&torture_lock);
		unsigned long v = torture_counter; /* not atomic: only the lock makes it right */
		cpu_relax();
		torture_counter = v + 1;
		spin_unlock(&torture_lock);
	}
}

static void test_spinlock_torture(struct ktest *t)
{
	torture_counter = 0;
	smp_call_function_all(torture, NULL);
	KTEST_EXPECT_EQ(t, torture_counter, (unsigned long)per_cpu_share(TORTURE_TOTAL) * nr_cpus_online);
	KTEST_EXPECT_EQ(t, torture_lock.holder, -1);
	KTEST_EXPECT(t, spin_trylock(&torture_lock));
	KTEST_EXPECT(t, !spin_trylock(&torture_lock));
	spin_unlock(&torture_lock);
}

/* ---- all CPUs allocate and free at once; some pages change hands ---- */

#define HOLD 48
#define MAILBOX 256

static struct spinlock mailbox_lock = SPINLOCK_INIT("mailbox");
static struct page *mailbox[MAILBOX];
static unsigned mailbox_orders[MAILBOX];
static unsigned mailbox_n; /* mailbox_lock */
static unsigned long stress_errors, stress_crossed;

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void stress(void *arg)
{
	struct page *held[HOLD] = { 0 };
	unsigned orders[HOLD] = { 0 };
	uint64_t seed = 0x9e3779b97f4a7c15ull * (this_cpu_id() + 1);

	(void)arg;
	for (unsigned op = 0; op < per_cpu_share(STRESS_TOTAL); op++) {
		unsigned slot = (unsigned)(xorshift(&seed) % HOLD), r = (unsigned)(xorshift(&seed) % 100);
		if (!held[slot]) {
			unsigned order = r < 85 ? 0 : r % 4;
			held[slot] = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, order);
			orders[slot] = order;
			if (held[slot] && held[slot]->refcount != 1)
				__atomic_add_fetch(&stress_errors, 1, __ATOMIC_RELAXED);
		} else if (r < 20) { /* hand it to whichever CPU comes next */
			spin_lock(&mailbox_lock);
			if (mailbox_n < MAILBOX) {
				mailbox[mailbox_n] = held[slot];
				mailbox_orders[mailbox_n++] = orders[slot];
				held[slot] = NULL;
			}
			spin_unlock(&mailbox_lock);
		} else if (r < 40) { /* free one another CPU put there */
			struct page *p = NULL;
			unsigned order = 0;
			spin_lock(&mailbox_lock);
			if (mailbox_n) {
				p = mailbox[--mailbox_n];
				order = mailbox_orders[mailbox_n];
			}
			spin_unlock(&mailbox_lock);
			if (p) {
				__free_pages(p, order);
				__atomic_add_fetch(&stress_crossed, 1, __ATOMIC_RELAXED);
			}
		} else {
			__free_pages(held[slot], orders[slot]);
			held[slot] = NULL;
		}
	}
	for (unsigned i = 0; i < HOLD; i++)
		if (held[i])
			__free_pages(held[i], orders[i]);
}

static void empty_mailbox(void)
{
	while (mailbox_n) {
		mailbox_n--;
		__free_pages(mailbox[mailbox_n], mailbox_orders[mailbox_n]);
	}
}

static void test_concurrent_alloc_free(struct ktest *t)
{
	drain_all_pages();
	unsigned long before = nr_free_pages();
	KTEST_EXPECT_EQ(t, nr_pcp_pages(), 0);
	stress_errors = stress_crossed = 0;
	mailbox_n = 0;

	smp_call_function_all(stress, NULL);
	empty_mailbox();
	drain_all_pages();
	KTEST_EXPECT_EQ(t, stress_errors, 0);
	KTEST_EXPECT_EQ(t, nr_pcp_pages(), 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before); /* no page lost or duplicated */
	KTEST_EXPECT_EQ(t, buddy_check(), 0);
	KTEST_EXPECT(t, nr_cpus_online == 1 || stress_crossed > 0);
}

static void fill_own_list(void *arg)
{
	(void)arg;
	__free_pages(alloc_pages(GFP_ATOMIC, 0), 0); /* a refill leaves a batch on this CPU's list */
}

static void test_drain_all_pages(struct ktest *t)
{
	smp_call_function_all(fill_own_list, NULL);
	KTEST_EXPECT(t, nr_pcp_pages() > 0);
	drain_all_pages();
	KTEST_EXPECT_EQ(t, nr_pcp_pages(), 0);
}

/* ---- TLB shootdown ---- */

static volatile uint64_t *shoot_va;
static uint64_t shoot_seen[MAX_CPUS];
static int shoot_faulted[MAX_CPUS];

static void read_through(void *arg)
{
	uint64_t value = 0;
	int faulted = 1;

	(void)arg;
	__asm__ volatile("1: movq (%2), %0\n\t"
			 "movl $0, %1\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_SILENT)
			 : "+r"(value), "+r"(faulted) : "r"(shoot_va) : "memory");
	shoot_seen[this_cpu_id()] = value;
	shoot_faulted[this_cpu_id()] = faulted;
}

static void test_tlb_shootdown(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	KTEST_ASSERT(t, page);
	*(volatile uint64_t *)page_address(page) = 0x5eed5eed5eed5eedull;
	shoot_va = ioremap_cache(page_to_phys(page), PAGE_SIZE);
	KTEST_ASSERT(t, shoot_va);
	smp_call_function_all(read_through, NULL); /* every CPU now caches the translation */
	for (unsigned i = 0; i < nr_cpus_online; i++) {
		KTEST_EXPECT_EQ(t, shoot_faulted[i], 0);
		KTEST_EXPECT_EQ(t, shoot_seen[i], 0x5eed5eed5eed5eedull);
	}
	iounmap((void *)shoot_va, PAGE_SIZE); /* unmap + shootdown on every CPU */
	smp_call_function_all(read_through, NULL);
	for (unsigned i = 0; i < nr_cpus_online; i++)
		if (!ktest_check(t, shoot_faulted[i] == 1, __FILE__, __LINE__,
				 "CPU %u read 0x%lx through a stale translation", i, (unsigned long)shoot_seen[i]))
			break;
	__free_pages(page, 0);
}

KTEST_SUITE(smp, 0,
	    KTEST_CASE(test_cpus_online),
	    KTEST_CASE(test_ipi_round_trips),
	    KTEST_CASE(test_spinlock_torture),
	    KTEST_CASE(test_concurrent_alloc_free),
	    KTEST_CASE(test_drain_all_pages),
	    KTEST_CASE(test_tlb_shootdown));
