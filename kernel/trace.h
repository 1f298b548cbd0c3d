/*
 * kernel/trace.h - the kernel trace buffer and its one tracepoint,
 * exceptions:page_fault_user (kernel/trace.c has the buffer, the files of
 * /sys/kernel/tracing/ and the event format).
 *
 * A user page fault is traced in three places, each behind one
 * predictable branch on a flag that is false unless the event is on:
 *
 *   mm/page_alloc.c, pcp.c, buddy.c   page_alloc_note_*: where the page
 *                                     handed out came from (per CPU)
 *   mm/memory.c                       trace_fault_*: what the fault did
 *                                     (per CPU: a fault stays on its CPU)
 *   kernel/trap.c                     trace_page_fault_user(): one event
 *                                     into the ring, from both notes
 *
 * The notes are per-CPU because the kernel is not preemptible: from the
 * start of handle_mm_fault() to the tracepoint, the task stays on its CPU
 * (except when the OOM path sleeps; the note then is not the task's and
 * the event says only what the return value says).  An interrupt that
 * allocates between the fault's allocation and its note would overwrite
 * the source; no interrupt handler of lom allocates pages.
 */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include "kernel/percpu.h"
#include "kernel/types.h"

/* ---- where a page came from (the allocator's side) ---- */

enum page_source {
	PAGE_SOURCE_NONE,  /* no page was allocated */
	PAGE_SOURCE_PCP,   /* this CPU's per-CPU list */
	PAGE_SOURCE_BUDDY, /* the buddy free lists (the per-CPU list was empty, or order > 0) */
	PAGE_SOURCE_ZERO,  /* the shared zero page */
	NR_PAGE_SOURCES
};

/*
 * The last allocation on one CPU that took a page from a per-CPU list or
 * the buddy.  Written by that CPU only, in the allocator (zone->lock or
 * the per-CPU list held), read by the page-fault path on the same CPU
 * right after its allocation.  Defined in mm/page_alloc.c, so that the
 * allocator builds alone (host tests).
 */
struct page_alloc_note {
	uint8_t source; /* enum page_source */
	uint8_t order;  /* buddy: the order of the free block the page was split from */
} __aligned(64);

extern struct page_alloc_note page_alloc_notes[MAX_CPUS];
extern bool page_alloc_note_on; /* the page-fault event is on: keep the notes */

static inline bool page_alloc_note_enabled(void)
{
	return unlikely(__atomic_load_n(&page_alloc_note_on, __ATOMIC_RELAXED));
}

static inline void page_alloc_note(enum page_source source, unsigned order)
{
	if (page_alloc_note_enabled()) {
		struct page_alloc_note *n = &page_alloc_notes[this_cpu_id()];
		n->source = (uint8_t)source;
		n->order = (uint8_t)order;
	}
}

/* ---- what the fault did (mm/memory.c) ---- */

enum fault_outcome {
	FAULT_NONE,         /* not recorded (the event was switched on mid-fault) */
	FAULT_NEW_PAGE,     /* a fresh zeroed page for anonymous memory */
	FAULT_ZERO_PAGE,    /* a read mapped the shared zero page */
	FAULT_COW_COPY,     /* a write to a shared page: copied */
	FAULT_COW_REUSE,    /* a write to a COW page only this process held: made writable */
	FAULT_STACK_GROWTH, /* the stack VMA grew, then a page */
	FAULT_THP,          /* a 2 MiB page */
	FAULT_SHMEM,        /* a page of shared anonymous memory */
	FAULT_SPURIOUS,     /* nothing to do: already mapped */
	FAULT_SIGSEGV,      /* no VMA, or no permission */
	FAULT_OOM,          /* no memory */
	NR_FAULT_OUTCOMES
};

/* tracing_on and the page_fault_user event both on (kernel/trace.c) */
extern bool trace_page_fault_on;

static inline bool trace_page_fault_enabled(void)
{
	return unlikely(__atomic_load_n(&trace_page_fault_on, __ATOMIC_RELAXED));
}

void __trace_fault_start(uint64_t address);
void __trace_fault_alloc_start(enum page_source expected);
void __trace_fault_stack_grew(void);
void __trace_fault_done(enum fault_outcome outcome, uint64_t pte);
void __trace_page_fault_user(uint64_t address, uint64_t ip, unsigned error_code, int err);
void __trace_sched_process_fork(int parent_pid, int child_pid);

/* handle_mm_fault() begins (each attempt): a new note for this fault. */
static inline void trace_fault_start(uint64_t address)
{
	if (trace_page_fault_enabled())
		__trace_fault_start(address);
}

/*
 * Just before the allocation of the page the fault maps.  `expected` is
 * what the note says if the allocator leaves none: PAGE_SOURCE_PCP for an
 * order-0 allocation (the inline fast path of page_alloc.h takes from
 * this CPU's list without a note; every other path leaves one), NONE when
 * there may be no allocation at all (a shmem page that already exists).
 */
static inline void trace_fault_alloc_start(enum page_source expected)
{
	if (trace_page_fault_enabled())
		__trace_fault_alloc_start(expected);
}

static inline void trace_fault_stack_grew(void)
{
	if (trace_page_fault_enabled())
		__trace_fault_stack_grew();
}

/* The fault is served: outcome and the entry installed (or found). */
static inline void trace_fault_done(enum fault_outcome outcome, uint64_t pte)
{
	if (trace_page_fault_enabled())
		__trace_fault_done(outcome, pte);
}

/*
 * The tracepoint: a page fault from user mode was handled, err is what
 * handle_mm_fault() returned (0, -ENOMEM: oom, else sigsegv).
 */
static inline void trace_page_fault_user(uint64_t address, uint64_t ip, unsigned error_code, int err)
{
	if (trace_page_fault_enabled())
		__trace_page_fault_user(address, ip, error_code, err);
}

/* fork made child_pid: with options/event-fork, it joins set_event_pid if its parent is there */
extern bool trace_event_fork_on;

static inline void trace_sched_process_fork(int parent_pid, int child_pid)
{
	if (unlikely(__atomic_load_n(&trace_event_fork_on, __ATOMIC_RELAXED)))
		__trace_sched_process_fork(parent_pid, child_pid);
}

/* Make the files of /sys/kernel/tracing/ (after vfs_init); 0 or -ENOMEM. */
int trace_init(void);

#endif
