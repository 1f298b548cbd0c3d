/*
 * mm/fail_alloc.c - fault injection for the page and slab allocators
 * (Linux's fail_page_alloc and failslab): random allocation failures, so
 * that the error paths of every system call run and can be checked (they
 * must return ENOMEM or end only the process concerned, and leak nothing).
 *
 * Boot options (percent: 0 to 100, up to 4 decimals, so 0.5 and 0.0001 work):
 *   fail_page_alloc=P        alloc_pages() and everything above it fails with probability P
 *   failslab=P               kmem_cache_alloc() and kmalloc() of slab sizes
 *   fail_page_alloc=I,P,S,T  Linux's form: interval, probability, space
 *   failslab=I,P,S,T         (only 0 is taken: lom has no space budget), times
 *   fail_seed=N              the random sequence's seed (default: random, printed)
 *
 * /sys/kernel/debug/fail_page_alloc/ and /sys/kernel/debug/failslab/
 * (Linux's debugfs files, read and written the same way):
 *   probability  percent (0644; decimals allowed here, Linux takes integers)
 *   interval     only every interval-th eligible call may fail (0644)
 *   times        failures left, -1 for no limit (0644)
 *   verbose      0 quiet (lom's default; Linux's is 2), 1 a line per
 *                failure, 2 with a backtrace (0644)
 *   min-order    fail_page_alloc only: smaller blocks never fail (0644;
 *                default 0, where Linux's is 1)
 *   failures     lom: failures injected since boot (0444)
 *   calls        lom: eligible calls since the settings last changed (0444)
 *   seed         lom: the seed, both kinds share it (0644)
 * Every change of probability, interval, times or seed restarts the
 * sequence at its first call, so "interval=N probability=100 times=1"
 * fails exactly the N-th eligible allocation from the write on.
 *
 * The sequence: eligible call number n fails when
 * splitmix64(seed, kind, n) mod 10^6 < probability.  Calls are numbered
 * with one atomic counter per kind, so on one CPU a seed gives the same
 * failures at the same calls every run (on several CPUs the numbering
 * follows the order the CPUs reach the counter).
 *
 * Which allocations are eligible (the policy).  Linux fails any
 * allocation by default (with its ignore-gfp-wait=Y and min-order=1 for
 * pages, which would spare nearly everything lom allocates); lom fails
 * only those made on behalf of a user process, where failure is the
 * process's problem, never the kernel's:
 *   - with interrupts enabled: never in an interrupt handler or a
 *     section with interrupts off (the kernel's own page tables are made
 *     there, kernel/pgtable.c: an atomic path whose users cannot wait);
 *   - by a task with an address space that is not pid 1: nothing during
 *     boot (no user process yet: a boot allocation that fails is a broken
 *     invariant and panics by design, e.g. "no memory for init"), nothing
 *     in the idle tasks, and nothing for init, whose death powers the
 *     machine off (Linux panics): init is the supervisor that must survive
 *     to report what happened to everything below it.
 * lom has no __GFP_NOFAIL: every allocation on these paths may fail.
 *
 * Locking: none; settings are plain words (a racing reader sees the old
 * or the new value of each), the counters are atomic.
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/vsprintf.h"
#include "kernel/x86.h"
#include "mm/fail_alloc.h"
#include "mm/page.h"

#define FAULT_ATTR_INIT(n, s) { .name = n, .salt = s, .probability = 0, .interval = 1, .times = -1 }

struct fault_attr fail_page_alloc = FAULT_ATTR_INIT("fail_page_alloc", 0x70616765ull);
struct fault_attr failslab = FAULT_ATTR_INIT("failslab", 0x736c6162ull);
bool fail_page_alloc_on, failslab_on;

static uint64_t fail_seed;
static bool fail_seed_given;
uint64_t fail_cpu_failures[MAX_CPUS];

/* ---- the decision ---- */

/* splitmix64's output function: a bijection that scatters its input well */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The n-th number of attr's sequence under the seed (splitmix64 at state base + n * gamma). */
static uint64_t sequence(const struct fault_attr *attr, uint64_t n)
{
	uint64_t base = mix64(__atomic_load_n(&fail_seed, __ATOMIC_RELAXED) ^ attr->salt);

	return mix64(base + (n + 1) * 0x9e3779b97f4a7c15ull);
}

static void update_on_flags(void)
{
	__atomic_store_n(&fail_page_alloc_on, fail_page_alloc.probability && fail_page_alloc.times, __ATOMIC_RELAXED);
	__atomic_store_n(&failslab_on, failslab.probability && failslab.times, __ATOMIC_RELAXED);
}

static void print_percent(char *buf, size_t size, uint32_t ppm)
{
	if (ppm % FAIL_PPM_PER_PERCENT == 0) {
		snprintf(buf, size, "%u", ppm / FAIL_PPM_PER_PERCENT);
		return;
	}
	char frac[8];
	unsigned f = ppm % FAIL_PPM_PER_PERCENT, digits = 4;
	while (f % 10 == 0)
		f /= 10, digits--;
	snprintf(frac, sizeof(frac), "%0*u", (int)digits, f);
	snprintf(buf, size, "%u.%s", ppm / FAIL_PPM_PER_PERCENT, frac);
}

/* The callers, by frame pointer, as far as this task's kernel stack goes
 * (panic's dump_backtrace trusts only the kernel image's stacks). */
static void backtrace_here(void)
{
	struct task *t = current;
	char sym[KSYM_NAME_BUF];

	if (!t) {
		dump_backtrace((uint64_t)__builtin_frame_address(0));
		return;
	}
	uint64_t top = task_kstack_top(t), rbp = (uint64_t)__builtin_frame_address(0);
	for (int depth = 0; depth < 16 && rbp >= top - KSTACK_SIZE && rbp < top - 16 && IS_ALIGNED(rbp, 8); depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		if (!frame[1])
			break;
		ksym_format(frame[1], sym, sizeof(sym));
		pr_notice(" [<%016lx>] %s\n", (unsigned long)frame[1], sym);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

/* Linux's fail_dump: say what failed (verbose 1), and from where (2). */
static void fail_dump(const struct fault_attr *attr, unsigned long caller)
{
	char pct[16], sym[KSYM_NAME_BUF];

	if (attr->verbose <= 0)
		return;
	print_percent(pct, sizeof(pct), attr->probability);
	ksym_format(caller, sym, sizeof(sym));
	pr_notice("FAULT_INJECTION: forcing a failure.\n");
	pr_notice("name %s, interval %lu, probability %s, space 0, times %ld, caller %s\n", attr->name,
		  attr->interval, pct, __atomic_load_n(&attr->times, __ATOMIC_RELAXED), sym);
	if (attr->verbose > 1)
		backtrace_here();
}

bool should_fail(struct fault_attr *attr, unsigned long caller)
{
	if (__atomic_load_n(&attr->times, __ATOMIC_RELAXED) == 0)
		return false;
	uint64_t n = __atomic_fetch_add(&attr->calls, 1, __ATOMIC_RELAXED);
	unsigned long interval = attr->interval;
	if (interval > 1 && (n + 1) % interval)
		return false;
	uint32_t p = attr->probability;
	if (p < FAIL_PPM_MAX && sequence(attr, n) % FAIL_PPM_MAX >= p)
		return false;
	long t = __atomic_load_n(&attr->times, __ATOMIC_RELAXED);
	do {
		if (t == 0)
			return false; /* another CPU took the last one */
	} while (t > 0 && !__atomic_compare_exchange_n(&attr->times, &t, t - 1, false, __ATOMIC_RELAXED,
						       __ATOMIC_RELAXED));
	if (t == 1)
		update_on_flags(); /* that was the last: the fast paths may skip us again */
	__atomic_fetch_add(&attr->failures, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&fail_cpu_failures[this_cpu_id()], 1, __ATOMIC_RELAXED);
	fail_dump(attr, caller);
	return true;
}

/* On behalf of a user process, with interrupts on (the policy above). */
static bool context_may_fail(const struct fault_attr *attr)
{
	if (attr->all_contexts)
		return true;
	if (!irqs_enabled())
		return false;
	struct task *t = current;
	return t && t->mm && t->pid != 1 && !t->is_idle;
}

bool should_fail_alloc_page(unsigned gfp, unsigned order, unsigned long caller)
{
	(void)gfp;
	if (order < fail_page_alloc.min_order || !context_may_fail(&fail_page_alloc))
		return false;
	return should_fail(&fail_page_alloc, caller);
}

bool should_failslab(size_t size, unsigned gfp, unsigned long caller)
{
	(void)size, (void)gfp;
	if (!context_may_fail(&failslab))
		return false;
	return should_fail(&failslab, caller);
}

/* ---- settings ---- */

void fault_attr_set(struct fault_attr *attr, uint32_t probability, unsigned long interval, long times)
{
	attr->probability = MIN(probability, FAIL_PPM_MAX);
	attr->interval = interval ? interval : 1;
	__atomic_store_n(&attr->times, times < -1 ? -1 : times, __ATOMIC_RELAXED);
	__atomic_store_n(&attr->calls, 0, __ATOMIC_RELAXED);
	if (attr == &fail_page_alloc || attr == &failslab)
		update_on_flags();
}

void fail_alloc_set_seed(uint64_t seed)
{
	__atomic_store_n(&fail_seed, seed, __ATOMIC_RELAXED);
	__atomic_store_n(&fail_page_alloc.calls, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&failslab.calls, 0, __ATOMIC_RELAXED);
}

uint64_t fail_alloc_get_seed(void)
{
	return __atomic_load_n(&fail_seed, __ATOMIC_RELAXED);
}

int fail_parse_percent(const char *s, size_t n, uint32_t *ppm)
{
	size_t i = 0;
	uint64_t whole = 0, frac = 0;
	unsigned digits = 0, decimals = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if ((whole = whole * 10 + (uint64_t)(s[i] - '0')) > 100)
			return -EINVAL;
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, decimals++) {
			if (decimals == 4)
				return -EINVAL; /* finer than a millionth */
			frac = frac * 10 + (uint64_t)(s[i] - '0');
		}
		if (!decimals)
			return -EINVAL;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (!digits || (i < n && s[i]))
		return -EINVAL;
	for (unsigned d = decimals; d < 4; d++)
		frac *= 10;
	uint64_t v = whole * FAIL_PPM_PER_PERCENT + frac;
	if (v > FAIL_PPM_MAX)
		return -EINVAL;
	*ppm = (uint32_t)v;
	return 0;
}

/* ---- boot options ---- */

static void pick_seed_unless_given(void)
{
	if (!fail_seed_given) {
		uint64_t seed;
		get_random_bytes(&seed, sizeof(seed));
		fail_alloc_set_seed(seed % 1000000000ull); /* short enough to type back */
	}
}

/* "P" (percent) or Linux's "interval,probability,space,times". */
static int parse_fault_attr(struct fault_attr *attr, const char *val)
{
	uint32_t ppm;
	long interval = 1, times = -1, space = 0;

	if (!val)
		return -1;
	const char *c1 = strchr(val, ',');
	if (!c1) {
		if (fail_parse_percent(val, strlen(val), &ppm))
			return -1;
	} else {
		char field[24];
		const char *c2 = strchr(c1 + 1, ','), *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
		if (!c3 || strchr(c3 + 1, ',') || (size_t)(c1 - val) >= sizeof(field) || (size_t)(c3 - c2 - 1) >= sizeof(field))
			return -1;
		memcpy(field, val, (size_t)(c1 - val));
		field[c1 - val] = '\0';
		if (cmdline_parse_long(field, &interval) || interval < 1)
			return -1;
		if (fail_parse_percent(c1 + 1, (size_t)(c2 - c1 - 1), &ppm))
			return -1;
		memcpy(field, c2 + 1, (size_t)(c3 - c2 - 1));
		field[c3 - c2 - 1] = '\0';
		if (cmdline_parse_long(field, &space) || space != 0)
			return -1; /* no space budget in lom */
		if (cmdline_parse_long(c3 + 1, &times) || times < -1)
			return -1;
	}
	pick_seed_unless_given();
	fault_attr_set(attr, ppm, (unsigned long)interval, times);
	return 0;
}

static int parse_fail_page_alloc(const char *val)
{
	return parse_fault_attr(&fail_page_alloc, val);
}
KERNEL_PARAM("fail_page_alloc", parse_fail_page_alloc,
	     "fail page allocations of user processes at random: percent (0.5), or interval,percent,0,times");

static int parse_failslab(const char *val)
{
	return parse_fault_attr(&failslab, val);
}
KERNEL_PARAM("failslab", parse_failslab,
	     "fail slab allocations of user processes at random: percent (0.5), or interval,percent,0,times");

static int parse_fail_seed(const char *val)
{
	long v;

	if (!val || cmdline_parse_long(val, &v) || v < 0)
		return -1;
	fail_seed_given = true;
	fail_alloc_set_seed((uint64_t)v);
	return 0;
}
KERNEL_PARAM("fail_seed", parse_fail_seed, "seed of fail_page_alloc's and failslab's random sequence");

/* ---- /sys/kernel/debug ---- */

/* One integer in [min, max], blanks around it. */
static int parse_long_value(const char *kbuf, size_t n, long min, long max, long *out)
{
	char s[24];
	size_t i = 0, len = 0;

	while (i < n && (kbuf[i] == ' ' || kbuf[i] == '\t'))
		i++;
	while (i < n && kbuf[i] && kbuf[i] != ' ' && kbuf[i] != '\n' && kbuf[i] != '\t') {
		if (len + 1 >= sizeof(s))
			return -EINVAL;
		s[len++] = kbuf[i++];
	}
	s[len] = '\0';
	while (i < n && (kbuf[i] == ' ' || kbuf[i] == '\t' || kbuf[i] == '\n'))
		i++;
	if (i < n && kbuf[i])
		return -EINVAL;
	if (cmdline_parse_long(s, out) || *out < min || *out > max)
		return -EINVAL;
	return 0;
}

static size_t show_probability(struct fault_attr *attr, char *buf, size_t size)
{
	char pct[16];

	print_percent(pct, sizeof(pct), attr->probability);
	return (size_t)snprintf(buf, size, "%s\n", pct);
}

static int write_probability(struct fault_attr *attr, const char *kbuf, size_t n)
{
	uint32_t ppm;

	if (fail_parse_percent(kbuf, n, &ppm))
		return -EINVAL;
	fault_attr_set(attr, ppm, attr->interval, attr->times);
	return 0;
}

static int write_interval(struct fault_attr *attr, const char *kbuf, size_t n)
{
	long v;

	if (parse_long_value(kbuf, n, 1, 0x7fffffffffffffffl, &v))
		return -EINVAL;
	fault_attr_set(attr, attr->probability, (unsigned long)v, attr->times);
	return 0;
}

static int write_times(struct fault_attr *attr, const char *kbuf, size_t n)
{
	long v;

	if (parse_long_value(kbuf, n, -1, 0x7fffffffffffffffl, &v))
		return -EINVAL;
	fault_attr_set(attr, attr->probability, attr->interval, v);
	return 0;
}

static int write_verbose(struct fault_attr *attr, const char *kbuf, size_t n)
{
	long v;

	if (parse_long_value(kbuf, n, 0, 2, &v))
		return -EINVAL;
	attr->verbose = (int)v;
	return 0;
}

static int write_min_order(struct fault_attr *attr, const char *kbuf, size_t n)
{
	long v;

	if (parse_long_value(kbuf, n, 0, 31, &v))
		return -EINVAL;
	attr->min_order = (unsigned)v;
	return 0;
}

static size_t seed_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%lu\n", (unsigned long)fail_alloc_get_seed());
}

static int seed_write(const char *kbuf, size_t n)
{
	long v;

	if (parse_long_value(kbuf, n, 0, 0x7fffffffffffffffl, &v))
		return -EINVAL;
	fail_alloc_set_seed((uint64_t)v);
	return 0;
}

/* The show/write callbacks of /proc take no argument: one set per attr. */
#define FAULT_ATTR_FILES(attr)                                                                          \
	static size_t attr##_probability_show(char *buf, size_t size)                                   \
	{                                                                                               \
		return show_probability(&attr, buf, size);                                              \
	}                                                                                               \
	static int attr##_probability_write(const char *kbuf, size_t n)                                 \
	{                                                                                               \
		return write_probability(&attr, kbuf, n);                                               \
	}                                                                                               \
	static size_t attr##_interval_show(char *buf, size_t size)                                      \
	{                                                                                               \
		return (size_t)snprintf(buf, size, "%lu\n", attr.interval);                             \
	}                                                                                               \
	static int attr##_interval_write(const char *kbuf, size_t n)                                    \
	{                                                                                               \
		return write_interval(&attr, kbuf, n);                                                  \
	}                                                                                               \
	static size_t attr##_times_show(char *buf, size_t size)                                         \
	{                                                                                               \
		return (size_t)snprintf(buf, size, "%ld\n", __atomic_load_n(&attr.times, __ATOMIC_RELAXED)); \
	}                                                                                               \
	static int attr##_times_write(const char *kbuf, size_t n)                                       \
	{                                                                                               \
		return write_times(&attr, kbuf, n);                                                     \
	}                                                                                               \
	static size_t attr##_verbose_show(char *buf, size_t size)                                       \
	{                                                                                               \
		return (size_t)snprintf(buf, size, "%d\n", attr.verbose);                               \
	}                                                                                               \
	static int attr##_verbose_write(const char *kbuf, size_t n)                                     \
	{                                                                                               \
		return write_verbose(&attr, kbuf, n);                                                   \
	}                                                                                               \
	static size_t attr##_failures_show(char *buf, size_t size)                                      \
	{                                                                                               \
		return (size_t)snprintf(buf, size, "%lu\n",                                             \
					(unsigned long)__atomic_load_n(&attr.failures, __ATOMIC_RELAXED)); \
	}                                                                                               \
	static size_t attr##_calls_show(char *buf, size_t size)                                         \
	{                                                                                               \
		return (size_t)snprintf(buf, size, "%lu\n",                                             \
					(unsigned long)__atomic_load_n(&attr.calls, __ATOMIC_RELAXED));    \
	}

FAULT_ATTR_FILES(fail_page_alloc)
FAULT_ATTR_FILES(failslab)

static size_t fail_page_alloc_min_order_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%u\n", fail_page_alloc.min_order);
}

static int fail_page_alloc_min_order_write(const char *kbuf, size_t n)
{
	return write_min_order(&fail_page_alloc, kbuf, n);
}

#define FAULT_ATTR_ENTRIES(attr)                                                            \
	{ #attr "/probability", 0644, attr##_probability_show, attr##_probability_write },  \
	{ #attr "/interval", 0644, attr##_interval_show, attr##_interval_write },           \
	{ #attr "/times", 0644, attr##_times_show, attr##_times_write },                    \
	{ #attr "/verbose", 0644, attr##_verbose_show, attr##_verbose_write },              \
	{ #attr "/failures", 0444, attr##_failures_show, NULL },                            \
	{ #attr "/calls", 0444, attr##_calls_show, NULL },                                  \
	{ #attr "/seed", 0644, seed_show, seed_write }

static const struct proc_entry fail_files[] = {
	FAULT_ATTR_ENTRIES(fail_page_alloc),
	{ "fail_page_alloc/min-order", 0644, fail_page_alloc_min_order_show, fail_page_alloc_min_order_write },
	FAULT_ATTR_ENTRIES(failslab),
};

int fail_alloc_init(void)
{
	if (fail_page_alloc.probability || failslab.probability) {
		char p1[16], p2[16];
		print_percent(p1, sizeof(p1), fail_page_alloc.probability);
		print_percent(p2, sizeof(p2), failslab.probability);
		pr_notice("fail_alloc: injecting failures in user processes: fail_page_alloc %s%%, failslab %s%%, "
			  "fail_seed=%lu\n", p1, p2, (unsigned long)fail_alloc_get_seed());
	}
	return proc_create_table("/sys/kernel/debug/", fail_files, ARRAY_SIZE(fail_files));
}
