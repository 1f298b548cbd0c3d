/*
 * kernel/fs/proc_internal.h - what the files of /proc share: the text
 * buffer the show callbacks fill (kernel/fs/proc.c, with the snapshots,
 * the sysctls and the tree) and the files about processes
 * (kernel/fs/proc_task.c).
 */
#ifndef KERNEL_FS_PROC_INTERNAL_H
#define KERNEL_FS_PROC_INTERNAL_H

#include "kernel/types.h"

struct file_ops;
struct inode;
struct mm;

#define TASK_COMM_LEN_MAX 16 /* kernel/task.h's TASK_COMM_LEN (checked in proc_task.c) */

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

extern const struct file_ops proc_file_ops; /* every /proc and /sys file */

void proc_buf_init(struct proc_buf *b, char *buf, size_t size);
void proc_buf_printf(struct proc_buf *b, const char *fmt, ...) __printf(2, 3);

/* Pages of every address space, summed (tasklist_lock taken inside). */
struct mm_totals {
	uint64_t anon, shmem, pt_pages, huge_pages;
	uint64_t tasks; /* every task with a kernel stack, zombies aside */
};
void proc_mm_totals(struct mm_totals *sum);

/*
 * What the files of /proc/<pid> need of one process, copied under
 * tasklist_lock when the file is opened (tasks are not reference
 * counted), plus a reference on its address space (mm_get), which
 * proc_task_put drops.
 */
struct proc_task {
	int pid, ppid, pgid, sid, tracer_pid, exit_code;
	int state;                 /* enum task_state */
	bool kthread;              /* no address space of its own, ever */
	unsigned cpu;
	char comm[TASK_COMM_LEN_MAX];
	struct mm *mm;             /* referenced; NULL for zombies and kernel threads */
	uint64_t utime, stime, cutime, cstime; /* clock ticks (HZ = USER_HZ = 100) */
	uint64_t min_flt, maj_flt, cmin_flt, cmaj_flt, start_jiffies;
	uint64_t sig_pending, sig_blocked, sig_ignored, sig_caught;
};
/* 0, or -ENOENT when there is no such process (any more) */
int proc_task_get(int pid, struct proc_task *t);
void proc_task_put(struct proc_task *t);
/* the pid directory of /proc: its files, and lookup of "self" and pids */
void proc_pid_register(struct inode *proc_dir);

#endif
