/*
 * user/lifeofmalloc/lifeofmalloc.h - what the parts of lifeofmalloc share:
 * one narrated malloc (struct call) and the facts gathered about it from
 * the allocator, /proc/self and the kernel's page-fault tracepoint.
 *
 *   main.c     arguments; makes each call and gathers its facts
 *   narrate.c  prints them as the numbered steps of the story
 *   procfs.c   /proc/self/maps (snapshots and their difference), status
 *   trace.c    /sys/kernel/tracing: the page_fault_user event
 *
 * Nothing here calls malloc: the program's first malloc is the one it
 * narrates, so a fresh process shows the heap being made.  All buffers are
 * static and written once at start, so that reading /proc or the trace
 * neither faults nor changes the RSS being measured.
 */
#ifndef LIFEOFMALLOC_H
#define LIFEOFMALLOC_H

#include <malloc.h>
#include <stddef.h>
#include <stdint.h>

#include "ulib.h" /* read_file */

#define PAGE 4096UL
#define PAGE_DOWN(a) ((a) & ~(PAGE - 1))
#define PAGE_UP(a) (((a) + PAGE - 1) & ~(PAGE - 1))

/* ---- procfs.c ---- */

#define MAX_VMAS 256

struct vma {
	unsigned long start, end;
	char perms[5];
	char name[24]; /* "[heap]", "[stack]", "" */
};

struct maps {
	int n;
	struct vma v[MAX_VMAS];
};

struct mem_status {
	unsigned long vm_size_kb, vm_rss_kb, rss_anon_kb; /* /proc/self/status */
};

int maps_read(struct maps *m);
void procfs_prefault(void); /* write the static buffers once (see the top) */
int status_read(struct mem_status *s);

enum vma_change_kind { VMA_NEW, VMA_GREW, VMA_SHRANK, VMA_CHANGED };

struct vma_change {
	enum vma_change_kind kind;
	struct vma before; /* VMA_NEW: unused */
	struct vma after;
};

/*
 * The VMAs of `after` that are not in `before` and overlap [lo, hi),
 * each with the one it grew from, into out (up to max); returns how many.
 * *others counts the changes outside [lo, hi) (the program's stack...).
 */
int maps_diff(const struct maps *before, const struct maps *after, unsigned long lo, unsigned long hi,
	      struct vma_change *out, int max, int *others);

/* "4 KiB", "132 KiB", "1.5 MiB" */
const char *human(unsigned long bytes, char *buf, size_t size);

/* ---- trace.c ---- */

struct fault {
	unsigned long address, ip, pfn, pte;
	unsigned error_code, order, cpu;
	char outcome[16], source[8];
	int phase; /* PHASE_MALLOC or PHASE_TOUCH */
};

enum { PHASE_MALLOC, PHASE_TOUCH, NR_PHASES };

#define FAULTS_LISTED 8 /* faults kept in detail; the rest only counted */

struct fault_log {
	unsigned long lo, hi; /* the pages watched: [lo, hi) */
	int n;                /* faults in [lo, hi), in order */
	int in_phase[NR_PHASES];
	int others;           /* this process's faults outside [lo, hi) */
	struct fault first[FAULTS_LISTED];
	int from_pcp, from_buddy, from_other;
	int by_order[16];     /* source=buddy: the free block's order */
	int by_cpu[64];
	int not_new;          /* outcome other than new-page */
	int bad_lines;        /* event lines that did not parse */
	int lost;             /* events overwritten in the ring before they were read */
};

/* 0 if the tracepoint is there and armed for this process, else -1 and why */
int trace_setup(char *why, size_t size);
void trace_prefault(void);
void trace_start(void);
void trace_stop(void);
/* this process's events since trace_start, into log (phase tags them) */
int trace_collect(struct fault_log *log, int phase);
void trace_teardown(void);
/* parse one event line; 1 if it is a page_fault_user line (f, *pid set), else 0 */
int trace_parse_line(const char *line, struct fault *f, int *pid);

/* ---- main.c, narrate.c ---- */

struct call {
	int index, count;            /* call index + 1 of count */
	size_t request;
	unsigned char *p;            /* what malloc returned */
	int traced;                  /* the hook saw the call */
	struct malloc_trace tr;      /* ... and reported this */
	size_t chunk_size_field;     /* the word before p: size | flags */
	size_t chunk_prev_field;     /* the word before that (mmapped: offset) */
	struct mallinfo2 mi_before, mi_after;
	uintptr_t brk_before, brk_after;
	int malloc_errno;
	struct mem_status st_before, st_malloc, st_touch;
	int touched;
	int tracing;                 /* fault log valid */
	const char *no_trace_why;
	struct fault_log faults;
	struct vma_change changes[8];
	int nchanges, other_changes;
	struct vma home;             /* the VMA holding the block after (end 0: none) */
	/* free (--free) */
	int freed;
	struct malloc_trace free_tr;
	int free_traced;
};

void narrate(const struct call *c);
void narrate_free(const struct call *c);

#endif /* LIFEOFMALLOC_H */
