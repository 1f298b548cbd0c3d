/*
 * kernel/trace.c - the kernel trace buffer (a small ftrace) and its one
 * event, exceptions:page_fault_user: one line per page fault taken in
 * user mode, saying what the fault did and where the page came from.
 *
 * The files, in /sys/kernel/tracing/ as on Linux:
 *
 *   tracing_on                              0/1: record into the buffer
 *   events/exceptions/page_fault_user/enable 0/1: the event (off at boot)
 *   set_event_pid                           pids to trace (none: all); a
 *                                           write (<= 63 bytes) replaces it
 *   options/event-fork                      0/1: children of traced pids join
 *   buffer_size_kb                          the ring's size (read only)
 *   trace                                   header + events, oldest first;
 *                                           any write clears the buffer
 *
 * An event is put together from three places (see kernel/trace.h): the
 * allocator's note of where its last page came from (per CPU), the fault
 * path's note of what it did (per CPU, struct fault_note, this file), and
 * the tracepoint in the trap handler, which adds the task, the address,
 * RIP and error code, and copies the whole into the ring.  Faults taken
 * in kernel mode on user pages (copy_to_user into a fresh buffer) are not
 * traced, as on Linux (its page_fault_kernel event), though rusage counts
 * them:
 *
 *   trace_ring_buffer: TRACE_RING_ENTRIES slots of 64 bytes, one cache line
 *        seq % N
 *   [ e | e | e | e | e | e | e ]     ring_first <= first valid < ring_head
 *             ^ oldest  ^ next (ring_head % N)
 *
 * Every event ever written has a sequence number (ring_head counts them);
 * slot seq % N holds the newest with that remainder, so a full ring
 * overwrites its oldest and the difference between entries-written and
 * entries-in-buffer is the overrun.  A clear moves ring_first to ring_head.
 *
 * Linux keeps one lockless ring per CPU; lom keeps one ring behind one
 * spinlock (trace_lock, irqsave), held only for a 64-byte copy and the pid
 * check: simpler, already in time order, and cheap at two CPUs.  The
 * reader copies a few slots at a time under the lock and formats them
 * outside it, so a long read does not hold up the faults of other CPUs.
 *
 * Invariants: ring_first <= ring_head; the valid sequence numbers are
 * [max(ring_first, ring_head - N), ring_head).  trace_page_fault_on ==
 * tracing_on && event_enabled && the ring exists; trace_event_fork_on ==
 * event_fork && nr_event_pids > 0 (both recomputed under trace_lock).
 *
 * Locking: trace_lock guards the ring, the pid list and the switches.  It
 * is a leaf, except that pruning the pid list takes tasklist_lock first
 * (lock order: tasklist_lock -> trace_lock).  The tracepoint never sleeps,
 * never allocates and takes no mm lock.  fault_notes[cpu] is touched only
 * by its CPU, in the fault path (the task does not leave the CPU there).
 */
#include "kernel/trace.h"
#include "kernel/errno.h"
#include "kernel/fs/proc_internal.h"
#include "kernel/fs/vfs.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/vsprintf.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

#define TRACE_DIR "/sys/kernel/tracing/"
#define TRACE_RING_ORDER 8 /* 1 MiB: 16384 events */
#define TRACE_MAX_PIDS 64
#define TRACE_READ_CHUNK 16 /* events copied out per hold of trace_lock */
/* longest event line: comm 16, pid 7, a 10-digit second, 16-digit values */
#define TRACE_LINE_MAX 240

/* One event: 64 bytes, one cache line of the (page-aligned) ring. */
struct trace_entry {
	uint64_t ts_ns;   /* since boot */
	uint64_t address; /* CR2, exact */
	uint64_t ip;      /* user RIP */
	uint64_t pte;     /* the entry installed (or found), 0 if none */
	uint64_t pfn : 40, order : 8, alloc_cpu : 8, source : 4, outcome : 4;
	char comm[TASK_COMM_LEN];
	int32_t pid;
	uint16_t error_code;
	uint8_t cpu; /* that took the fault */
	uint8_t unused;
};
STATIC_ASSERT(sizeof(struct trace_entry) == 64);
STATIC_ASSERT(NR_FAULT_OUTCOMES <= 16 && NR_PAGE_SOURCES <= 16 && MAX_CPUS <= 256);

#define TRACE_RING_ENTRIES ((PAGE_SIZE << TRACE_RING_ORDER) / sizeof(struct trace_entry))
STATIC_ASSERT(TRACE_RING_ENTRIES >= 16384);

static const char *const outcome_names[NR_FAULT_OUTCOMES] = {
	[FAULT_NONE] = "none",           [FAULT_NEW_PAGE] = "new-page", [FAULT_ZERO_PAGE] = "zero-page",
	[FAULT_COW_COPY] = "cow-copy",   [FAULT_COW_REUSE] = "cow-reuse",
	[FAULT_STACK_GROWTH] = "stack-growth", [FAULT_THP] = "thp",    [FAULT_SHMEM] = "shmem",
	[FAULT_SPURIOUS] = "spurious",   [FAULT_SIGSEGV] = "sigsegv",   [FAULT_OOM] = "oom",
};

static const char *const source_names[NR_PAGE_SOURCES] = {
	[PAGE_SOURCE_NONE] = "none", [PAGE_SOURCE_PCP] = "pcp",
	[PAGE_SOURCE_BUDDY] = "buddy", [PAGE_SOURCE_ZERO] = "zero",
};

/* read without the lock by the inline checks of kernel/trace.h */
bool trace_page_fault_on;
bool trace_event_fork_on;

static struct spinlock trace_lock = SPINLOCK_INIT("trace");
/* trace_lock: */
static struct trace_entry *trace_ring_buffer; /* immutable after trace_init */
static uint64_t ring_head;  /* sequence number of the next event */
static uint64_t ring_first; /* ring_head at the last clear */
static bool tracing_on = true, event_enabled, event_fork;
static int event_pids[TRACE_MAX_PIDS];
static unsigned nr_event_pids;

/*
 * What the fault in progress on a CPU did (owner: that CPU, in the fault
 * path).  task and address say whose fault it is: the tracepoint uses the
 * note only if they match the fault it reports.
 */
struct fault_note {
	const struct task *task; /* NULL: none in progress */
	uint64_t address;
	uint64_t pte;
	uint8_t outcome, source, order;
	bool stack_grew;
} __aligned(64);

static struct fault_note fault_notes[MAX_CPUS];

/* ---- the fault path's notes (mm/memory.c) ---- */

void __trace_fault_start(uint64_t address)
{
	fault_notes[this_cpu_id()] = (struct fault_note){ .task = current, .address = address };
}

void __trace_fault_alloc_start(enum page_source expected)
{
	page_alloc_notes[this_cpu_id()] = (struct page_alloc_note){ .source = (uint8_t)expected };
}

void __trace_fault_stack_grew(void)
{
	fault_notes[this_cpu_id()].stack_grew = true;
}

void __trace_fault_done(enum fault_outcome outcome, uint64_t pte)
{
	unsigned cpu = this_cpu_id();
	struct fault_note *n = &fault_notes[cpu];

	n->outcome = (uint8_t)outcome;
	n->pte = pte;
	n->order = 0;
	switch (outcome) {
	case FAULT_ZERO_PAGE:
		n->source = PAGE_SOURCE_ZERO;
		break;
	case FAULT_COW_REUSE:
	case FAULT_SPURIOUS:
		n->source = PAGE_SOURCE_NONE;
		break;
	default: /* a page was allocated just before: the allocator's note says from where */
		n->source = page_alloc_notes[cpu].source;
		n->order = page_alloc_notes[cpu].order;
		break;
	}
}

/* ---- the ring ---- */

/* Is pid traced?  Every pid when the list is empty.  trace_lock held. */
static bool pid_traced_locked(int pid)
{
	assert_held(&trace_lock);
	if (!nr_event_pids)
		return true;
	for (unsigned i = 0; i < nr_event_pids; i++)
		if (event_pids[i] == pid)
			return true;
	return false;
}

/* The oldest sequence number still in the ring.  trace_lock held. */
static uint64_t ring_oldest_locked(void)
{
	uint64_t lo = ring_head > TRACE_RING_ENTRIES ? ring_head - TRACE_RING_ENTRIES : 0;

	return MAX(lo, ring_first);
}

/* The switches changed: the flags the inline checks read.  trace_lock held. */
static void update_flags_locked(void)
{
	bool pf = tracing_on && event_enabled && trace_ring_buffer;

	__atomic_store_n(&trace_page_fault_on, pf, __ATOMIC_RELAXED);
	__atomic_store_n(&page_alloc_note_on, pf, __ATOMIC_RELAXED);
	__atomic_store_n(&trace_event_fork_on, event_fork && nr_event_pids > 0, __ATOMIC_RELAXED);
}

/*
 * The tracepoint.  The fault's note is used if it is this fault's (same
 * task and address, filled since handle_mm_fault began); an error needs
 * none.  A success without a note (the event was switched on during the
 * fault) is not recorded: there is nothing true to say about it.
 */
void __trace_page_fault_user(uint64_t address, uint64_t ip, unsigned error_code, int err)
{
	struct task *t = current;
	unsigned cpu = this_cpu_id();
	struct fault_note *n = &fault_notes[cpu];
	bool ours = n->task == t && n->address == address;
	struct trace_entry e = {
		.address = address, .ip = ip, .error_code = (uint16_t)error_code,
		.cpu = (uint8_t)cpu, .alloc_cpu = (uint8_t)cpu, .pid = t->pid,
		.source = PAGE_SOURCE_NONE,
	};

	n->task = NULL;
	if (err == -ENOMEM) {
		e.outcome = FAULT_OOM;
	} else if (err) {
		e.outcome = FAULT_SIGSEGV;
	} else {
		if (!ours || n->outcome == FAULT_NONE)
			return;
		e.outcome = n->stack_grew ? FAULT_STACK_GROWTH : n->outcome;
		e.pte = n->pte;
		e.pfn = n->pte ? (n->pte & PTE_ADDR_MASK) >> PAGE_SHIFT : 0;
		e.source = n->source;
		e.order = n->order;
	}
	strlcpy(e.comm, t->comm, sizeof(e.comm));

	uint64_t irq = spin_lock_irqsave(&trace_lock);
	if (trace_ring_buffer && pid_traced_locked(e.pid)) {
		e.ts_ns = ktime_get_ns(); /* under the lock: the ring stays in time order */
		trace_ring_buffer[ring_head % TRACE_RING_ENTRIES] = e;
		ring_head++;
	}
	spin_unlock_irqrestore(&trace_lock, irq);
}

/* ---- set_event_pid and options/event-fork ---- */

/* Drop the pids whose process is gone (a zombie faults no more).  Takes the locks. */
static void prune_event_pids(void)
{
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	spin_lock(&trace_lock);
	unsigned kept = 0;
	for (unsigned i = 0; i < nr_event_pids; i++) {
		struct task *t = find_task_by_pid(event_pids[i]);
		if (t && t->state != TASK_ZOMBIE)
			event_pids[kept++] = event_pids[i];
	}
	if (kept) /* (the forking parent is alive; an emptied list would trace every pid) */
		nr_event_pids = kept;
	spin_unlock(&trace_lock);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* Add child_pid after parent_pid if that one is listed; false if the list is full. */
static bool fork_add_pid(int parent_pid, int child_pid)
{
	bool added = true;
	uint64_t irq = spin_lock_irqsave(&trace_lock);

	if (event_fork && nr_event_pids && pid_traced_locked(parent_pid) && !pid_traced_locked(child_pid)) {
		if (nr_event_pids < TRACE_MAX_PIDS)
			event_pids[nr_event_pids++] = child_pid;
		else
			added = false;
	}
	spin_unlock_irqrestore(&trace_lock, irq);
	return added;
}

/* Linux's sched_process_fork tracepoint, as event-fork uses it. */
void __trace_sched_process_fork(int parent_pid, int child_pid)
{
	if (fork_add_pid(parent_pid, child_pid))
		return;
	prune_event_pids();
	if (!fork_add_pid(parent_pid, child_pid))
		pr_warn("trace: set_event_pid is full (%d pids): pid %d is not traced\n", TRACE_MAX_PIDS, child_pid);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * Parse up to max decimal numbers in [0, limit] separated by blanks; a NUL
 * ends the text.  Returns how many, or -EINVAL.
 */
static int parse_numbers(const char *s, size_t n, long limit, int *out, int max)
{
	int count = 0;
	size_t i = 0;

	for (;;) {
		while (i < n && s[i] && is_blank(s[i]))
			i++;
		if (i == n || !s[i])
			return count;
		long v = 0;
		size_t digits = i;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if ((v = v * 10 + (s[i] - '0')) > limit)
				return -EINVAL;
		if (i == digits || (i < n && s[i] && !is_blank(s[i])) || count == max)
			return -EINVAL;
		out[count++] = (int)v;
	}
}

static size_t set_event_pid_show(char *buf, size_t size)
{
	int pids[TRACE_MAX_PIDS];
	struct proc_buf b;

	uint64_t irq = spin_lock_irqsave(&trace_lock);
	unsigned nr = nr_event_pids;
	memcpy(pids, event_pids, nr * sizeof(int));
	spin_unlock_irqrestore(&trace_lock, irq);

	proc_buf_init(&b, buf, size);
	for (unsigned i = 0; i < nr; i++)
		proc_buf_printf(&b, "%d\n", pids[i]);
	return b.want;
}

/* The list is replaced by what was written; nothing (blanks) clears it. */
static int set_event_pid_write(const char *kbuf, size_t n)
{
	int pids[TRACE_MAX_PIDS];
	int nr = parse_numbers(kbuf, n, PID_MAX, pids, TRACE_MAX_PIDS);

	if (nr < 0)
		return nr;
	uint64_t irq = spin_lock_irqsave(&trace_lock);
	memcpy(event_pids, pids, (size_t)nr * sizeof(int));
	nr_event_pids = (unsigned)nr;
	update_flags_locked();
	spin_unlock_irqrestore(&trace_lock, irq);
	return 0;
}

/* ---- the 0/1 switches ---- */

static size_t show_bool(char *buf, size_t size, const bool *v)
{
	return (size_t)snprintf(buf, size, "%d\n", __atomic_load_n(v, __ATOMIC_RELAXED) ? 1 : 0);
}

static int write_bool(const char *kbuf, size_t n, bool *v)
{
	int val;

	if (parse_numbers(kbuf, n, 1, &val, 1) != 1)
		return -EINVAL;
	uint64_t irq = spin_lock_irqsave(&trace_lock);
	*v = val;
	update_flags_locked();
	spin_unlock_irqrestore(&trace_lock, irq);
	return 0;
}

static size_t tracing_on_show(char *buf, size_t size)
{
	return show_bool(buf, size, &tracing_on);
}

static int tracing_on_write(const char *kbuf, size_t n)
{
	return write_bool(kbuf, n, &tracing_on);
}

static size_t enable_show(char *buf, size_t size)
{
	return show_bool(buf, size, &event_enabled);
}

static int enable_write(const char *kbuf, size_t n)
{
	return write_bool(kbuf, n, &event_enabled);
}

static size_t event_fork_show(char *buf, size_t size)
{
	return show_bool(buf, size, &event_fork);
}

static int event_fork_write(const char *kbuf, size_t n)
{
	return write_bool(kbuf, n, &event_fork);
}

static size_t buffer_size_kb_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%lu\n", (unsigned long)((PAGE_SIZE << TRACE_RING_ORDER) / 1024));
}

/* ---- trace ---- */

static void print_event(struct proc_buf *b, const struct trace_entry *e)
{
	uint64_t us = e->ts_ns / 1000;

	if (b->full) { /* only the size is wanted now: a bound will do */
		b->want += TRACE_LINE_MAX;
		return;
	}
	proc_buf_printf(b,
			"%16s-%-7d [%03u] %5lu.%06lu: page_fault_user: address=0x%lx ip=0x%lx error_code=0x%x "
			"outcome=%s pfn=0x%lx source=%s order=%u cpu=%u pte=0x%lx\n",
			e->comm, e->pid, (unsigned)e->cpu, (unsigned long)(us / 1000000), (unsigned long)(us % 1000000),
			(unsigned long)e->address, (unsigned long)e->ip, (unsigned)e->error_code,
			outcome_names[e->outcome], (unsigned long)e->pfn, source_names[e->source], (unsigned)e->order,
			(unsigned)e->alloc_cpu, (unsigned long)e->pte);
}

/* The events present at the start, oldest first; those overwritten or
 * cleared meanwhile are skipped. */
static size_t trace_show(char *buf, size_t size)
{
	struct trace_entry chunk[TRACE_READ_CHUNK];
	struct proc_buf b;

	proc_buf_init(&b, buf, size);
	uint64_t irq = spin_lock_irqsave(&trace_lock);
	uint64_t end = ring_head, seq = ring_oldest_locked(), written = ring_head - ring_first;
	spin_unlock_irqrestore(&trace_lock, irq);

	proc_buf_printf(&b, "# tracer: nop\n#\n");
	proc_buf_printf(&b, "# entries-in-buffer/entries-written: %lu/%lu   #P:%u\n#\n", (unsigned long)(end - seq),
			(unsigned long)written, nr_cpus_online);
	proc_buf_printf(&b, "#           TASK-PID     CPU#     TIMESTAMP  FUNCTION\n");
	proc_buf_printf(&b, "#              | |         |         |         |\n");
	while (seq < end) {
		irq = spin_lock_irqsave(&trace_lock);
		seq = MAX(seq, ring_oldest_locked());
		unsigned n = 0;
		for (; n < TRACE_READ_CHUNK && seq + n < end; n++)
			chunk[n] = trace_ring_buffer[(seq + n) % TRACE_RING_ENTRIES];
		spin_unlock_irqrestore(&trace_lock, irq);
		for (unsigned i = 0; i < n; i++)
			print_event(&b, &chunk[i]);
		seq += n;
		if (!n)
			break;
	}
	return b.want;
}

/* `echo > trace`: whatever is written, the buffer is emptied. */
static int trace_write(const char *kbuf, size_t n)
{
	(void)kbuf, (void)n;
	uint64_t irq = spin_lock_irqsave(&trace_lock);
	ring_first = ring_head;
	spin_unlock_irqrestore(&trace_lock, irq);
	return 0;
}

/* ---- init ---- */

static const struct proc_entry trace_files[] = {
	{ "tracing_on", 0644, tracing_on_show, tracing_on_write },
	{ "events/exceptions/page_fault_user/enable", 0644, enable_show, enable_write },
	{ "set_event_pid", 0644, set_event_pid_show, set_event_pid_write },
	{ "options/event-fork", 0644, event_fork_show, event_fork_write },
	{ "buffer_size_kb", 0444, buffer_size_kb_show, NULL },
	{ "trace", 0644, trace_show, trace_write },
};

int trace_init(void)
{
	struct page *ring = alloc_pages(GFP_KERNEL | __GFP_NOWARN, TRACE_RING_ORDER);

	if (!ring) {
		pr_err("trace: no memory for the trace buffer (%lu KiB); no tracing\n",
		       (unsigned long)((PAGE_SIZE << TRACE_RING_ORDER) / 1024));
		return -ENOMEM;
	}
	uint64_t irq = spin_lock_irqsave(&trace_lock);
	trace_ring_buffer = page_address(ring);
	update_flags_locked();
	spin_unlock_irqrestore(&trace_lock, irq);
	return proc_create_table(TRACE_DIR, trace_files, ARRAY_SIZE(trace_files));
}
