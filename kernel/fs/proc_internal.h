/*
 * kernel/fs/proc_internal.h - what the files of /proc share: the text
 * buffer the show callbacks fill (kernel/fs/proc.c, with the snapshots,
 * the sysctls and the tree) and the files about processes
 * (kernel/fs/proc_task.c).
 */
#ifndef KERNEL_FS_PROC_INTERNAL_H
#define KERNEL_FS_PROC_INTERNAL_H

#include "kernel/types.h"

/*
 * Text built line by line: only whole lines are kept, and `want` counts
 * what the whole text would need (the show callback returns it), so that
 * proc_open can retry with a buffer that fits.
 *
 *   buf: |line|line|line|par|        `len` ends at the last whole line
 *                       ^ line_end   once a line does not fit (`full`)
 */
struct proc_buf {
	char *buf;
	size_t size;     /* bytes in buf, including the NUL */
	size_t len;      /* bytes kept */
	size_t line_end; /* end of the last whole line kept */
	size_t want;     /* bytes the whole text needs (no NUL) */
	bool full;
};

void proc_buf_init(struct proc_buf *b, char *buf, size_t size);
void proc_buf_printf(struct proc_buf *b, const char *fmt, ...) __printf(2, 3);

/* Pages of every address space, summed (tasklist_lock taken inside). */
struct mm_totals {
	uint64_t anon, shmem, pt_pages;
};
void proc_mm_totals(struct mm_totals *sum);

/* /proc/self/...: the text about current (show callbacks) */
size_t proc_status_show(char *buf, size_t size);
size_t proc_statm_show(char *buf, size_t size);
size_t proc_maps_show(char *buf, size_t size);
size_t proc_comm_show(char *buf, size_t size);

#endif
