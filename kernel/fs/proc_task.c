/*
 * kernel/fs/proc_task.c - the /proc files about processes, in Linux's
 * formats (fs/proc/array.c, base.c and task_mmu.c): /proc/<pid>/stat,
 * status, statm, maps, smaps, cmdline, environ and comm; /proc/self and
 * the pid entries of /proc; and the sums over every address space that
 * meminfo and vmstat show.
 *
 * Every /proc/<pid> is one inode, the pid directory (see kernel/fs/vfs.h):
 * the pid comes with the open file.  The text is made by open(), in the
 * opener (kernel/fs/proc.c), from a struct proc_task copied under
 * tasklist_lock and a reference on the address space.
 *
 * Locking: the callbacks run with no lock held, and hold one at a time.
 * An address space's VMA list and layout fields are read under
 * read_lock(&mm->lock), its counters with atomic loads; other tasks under
 * tasklist_lock (a task's mm stays alive while the task on the list points
 * to it: exit and exec change t->mm under that lock); signal state under
 * sig_lock.  Nothing sleeps or touches user memory under them.
 */
#include "kernel/errno.h"
#include "kernel/fs/proc_internal.h"
#include "kernel/fs/vfs.h"
#include "kernel/memlayout.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/vsprintf.h"
#include "mm/vm.h"

/* ---- address spaces ---- */

static uint64_t mm_counter(const struct mm *mm, enum mm_counter c)
{
	int64_t v = __atomic_load_n(&mm->rss[c], __ATOMIC_RELAXED);
	return v > 0 ? (uint64_t)v : 0;
}

static uint64_t load64(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* Bytes of the code segment, as Linux: PAGE_ALIGN(end_code) - (start_code & PAGE_MASK). */
static uint64_t mm_text_bytes(const struct mm *mm)
{
	if (mm->end_code <= mm->start_code)
		return 0;
	return ALIGN_UP(mm->end_code, PAGE_SIZE) - (mm->start_code & ~(PAGE_SIZE - 1));
}

static void add_task_mm(struct task *t, void *arg)
{
	struct mm_totals *sum = arg;
	const struct mm *mm = t->mm;

	if (t->state != TASK_ZOMBIE)
		sum->tasks++;
	/* kernel threads and zombies have none; a vfork child borrows its parent's */
	if (!mm || (t->parent && t->parent->mm == mm))
		return;
	sum->huge_pages += load64(&mm->nr_huge);
	sum->anon += mm_counter(mm, MM_ANONPAGES);
	sum->shmem += mm_counter(mm, MM_SHMEMPAGES);
	sum->pt_pages += load64(&mm->pt_pages);
}

/*
 * Every address space's pages, summed.  Approximate where Linux counts
 * pages rather than mappings: a page shared copy-on-write after fork, or
 * a shared anonymous page mapped by several processes, counts once per
 * process here (once in Linux's AnonPages and Shmem).
 */
void proc_mm_totals(struct mm_totals *sum)
{
	*sum = (struct mm_totals){ 0 };
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	for_each_task(add_task_mm, sum);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* ---- a process, copied ---- */

STATIC_ASSERT(TASK_COMM_LEN == TASK_COMM_LEN_MAX);

static void copy_signals(struct task *t, struct proc_task *pt)
{
	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	pt->sig_pending = t->sig.pending;
	pt->sig_blocked = t->sig.blocked;
	for (int sig = 1; sig <= NSIG; sig++) {
		uint64_t h = t->sig.action[sig - 1].handler;
		if (h == SIG_IGN)
			pt->sig_ignored |= 1ull << (sig - 1);
		else if (h != SIG_DFL)
			pt->sig_caught |= 1ull << (sig - 1);
	}
	spin_unlock_irqrestore(&t->sig_lock, irq);
}

int proc_task_get(int pid, struct proc_task *pt)
{
	*pt = (struct proc_task){ 0 };
	if (pid <= 0)
		return -ENOENT;
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(pid);
	if (!t || t->is_idle) {
		spin_unlock_irqrestore(&tasklist_lock, irq);
		return -ENOENT;
	}
	pt->pid = t->pid;
	pt->ppid = t->parent ? t->parent->pid : 0;
	pt->pgid = t->pgid;
	pt->sid = t->sid;
	pt->state = t->state;
	pt->tracer_pid = t->tracer ? t->tracer->pid : 0; /* ptrace links: tasklist_lock */
	pt->cpu = t->cpu;
	pt->exit_code = t->state == TASK_ZOMBIE ? t->exit_status : 0;
	memcpy(pt->comm, t->comm, sizeof(pt->comm));
	pt->kthread = !t->mm && t->state != TASK_ZOMBIE;
	pt->mm = t->mm;
	if (pt->mm)
		mm_get(pt->mm); /* exit and exec change t->mm under tasklist_lock */
	pt->utime = t->utime_ticks;
	pt->stime = t->stime_ticks;
	pt->cutime = t->cutime_ticks;
	pt->cstime = t->cstime_ticks;
	pt->min_flt = t->min_flt;
	pt->maj_flt = t->maj_flt;
	pt->cmin_flt = t->cmin_flt;
	pt->cmaj_flt = t->cmaj_flt;
	pt->start_jiffies = t->start_jiffies;
	copy_signals(t, pt); /* lock order: tasklist_lock -> sig_lock */
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return 0;
}

void proc_task_put(struct proc_task *pt)
{
	if (pt->mm)
		mm_put(pt->mm);
	pt->mm = NULL;
}

/* ---- status ---- */

static char task_state_char(int state)
{
	switch (state) {
	case TASK_RUNNING: return 'R';
	case TASK_INTERRUPTIBLE: return 'S';
	case TASK_UNINTERRUPTIBLE: return 'D';
	case TASK_ZOMBIE: return 'Z';
	case TASK_TRACED: return 't';
	default: return 'X';
	}
}

static const char *task_state_name(int state)
{
	switch (task_state_char(state)) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'D': return "D (disk sleep)";
	case 'Z': return "Z (zombie)";
	case 't': return "t (tracing stop)";
	default: return "X (dead)";
	}
}

/* The Vm and Rss lines of status (Linux's task_mem). */
static void status_mm(struct proc_buf *b, struct mm *mm)
{
	struct vma *v;
	uint64_t locked = 0;

	read_lock(&mm->lock);
	uint64_t anon = mm_counter(mm, MM_ANONPAGES), shmem = mm_counter(mm, MM_SHMEMPAGES);
	uint64_t total_vm = load64(&mm->total_vm), peak_vm = MAX(total_vm, load64(&mm->hiwater_vm));
	uint64_t rss = anon + shmem, hwm = MAX(rss, load64(&mm->hiwater_rss));
	uint64_t exec_bytes = load64(&mm->exec_vm) * PAGE_SIZE;
	uint64_t text = MIN(mm_text_bytes(mm), exec_bytes);
	uint64_t data = load64(&mm->data_vm), stack = load64(&mm->stack_vm), pt = load64(&mm->pt_pages);
	list_for_each_entry(v, &mm->vmas, list)
		if (v->flags & VM_LOCKED)
			locked += (v->end - v->start) / PAGE_SIZE;
	read_unlock(&mm->lock);

	const struct {
		const char *name;
		uint64_t kb;
	} lines[] = {
		{ "VmPeak", peak_vm * 4 }, { "VmSize", total_vm * 4 }, { "VmLck", locked * 4 },
		{ "VmPin", 0 }, { "VmHWM", hwm * 4 }, { "VmRSS", rss * 4 },
		{ "RssAnon", anon * 4 }, { "RssFile", 0 }, { "RssShmem", shmem * 4 },
		{ "VmData", data * 4 }, { "VmStk", stack * 4 }, { "VmExe", text >> 10 },
		{ "VmLib", (exec_bytes - text) >> 10 }, { "VmPTE", pt * 4 }, { "VmSwap", 0 },
		{ "HugetlbPages", 0 },
	};
	STATIC_ASSERT(PAGE_SIZE == 4096); /* the "* 4" above: pages to kB */
	for (size_t k = 0; k < ARRAY_SIZE(lines); k++)
		proc_buf_printf(b, "%s:\t%8lu kB\n", lines[k].name, (unsigned long)lines[k].kb);
}

/* Linux's task_name: the name with \n and \ escaped. */
static void status_name(struct proc_buf *b, const char *comm)
{
	char name[2 * TASK_COMM_LEN + 1];
	size_t n = 0;

	for (size_t k = 0; k < TASK_COMM_LEN && comm[k]; k++) {
		if (comm[k] == '\n' || comm[k] == '\\') {
			name[n++] = '\\';
			name[n++] = comm[k] == '\n' ? 'n' : '\\';
		} else {
			name[n++] = comm[k];
		}
	}
	name[n] = '\0';
	proc_buf_printf(b, "Name:\t%s\n", name);
}

/* Linux's proc_pid_status up to the signal masks (no capabilities, cpusets...). */
static size_t status_show(const struct proc_task *t, char *buf, size_t size)
{
	struct proc_buf b;

	proc_buf_init(&b, buf, size);
	status_name(&b, t->comm);
	proc_buf_printf(&b, "Umask:\t%04o\n", 022); /* sys_umask's: lom's files are read-only */
	proc_buf_printf(&b, "State:\t%s\n", task_state_name(t->state));
	proc_buf_printf(&b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t%d\n", t->pid, t->pid, t->ppid,
			t->tracer_pid);
	proc_buf_printf(&b, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t \n", NR_OPEN);
	proc_buf_printf(&b, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", t->pid, t->pid, t->pgid, t->sid);
	proc_buf_printf(&b, "Kthread:\t%d\n", t->kthread);
	if (t->mm)
		status_mm(&b, t->mm);
	proc_buf_printf(&b, "CoreDumping:\t0\nTHP_enabled:\t%d\n", t->mm && !t->mm->thp_disabled);
	proc_buf_printf(&b, "Threads:\t1\n");
	proc_buf_printf(&b, "SigQ:\t0/%lu\n", 7823ul); /* no queued signals: lom's pending set is a mask */
	proc_buf_printf(&b, "SigPnd:\t%016lx\nShdPnd:\t%016lx\n", (unsigned long)t->sig_pending,
			(unsigned long)t->sig_pending);
	proc_buf_printf(&b, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", (unsigned long)t->sig_blocked,
			(unsigned long)t->sig_ignored, (unsigned long)t->sig_caught);
	if (nr_cpus_online > 1)
		proc_buf_printf(&b, "Cpus_allowed_list:\t0-%u\n", nr_cpus_online - 1);
	else
		proc_buf_printf(&b, "Cpus_allowed_list:\t0\n");
	return b.want;
}

/* ---- stat, statm ---- */

/*
 * Linux's do_task_stat: 52 fields.  Times in clock ticks (USER_HZ 100 =
 * lom's HZ); vsize in bytes; rss in pages; rsslim RLIM_INFINITY.
 * kstkesp and kstkeip are 0, as Linux shows them for a process that is
 * not the reader's tracee.
 */
static size_t stat_show(const struct proc_task *t, char *buf, size_t size)
{
	struct proc_buf b;
	struct mm *mm = t->mm;
	uint64_t vsize = 0, rss = 0, start_code = 0, end_code = 0, start_stack = 0;
	uint64_t start_data = 0, end_data = 0, start_brk = 0, arg_start = 0, arg_end = 0, env_start = 0, env_end = 0;

	if (mm) {
		read_lock(&mm->lock);
		vsize = load64(&mm->total_vm) * PAGE_SIZE;
		rss = mm_rss(mm);
		start_code = mm->start_code, end_code = mm->end_code, start_stack = mm->start_stack;
		start_data = mm->start_data, end_data = mm->end_data, start_brk = mm->start_brk;
		arg_start = mm->arg_start, arg_end = mm->arg_end, env_start = mm->env_start, env_end = mm->env_end;
		read_unlock(&mm->lock);
	}
	STATIC_ASSERT(HZ == 100); /* the tick counts are USER_HZ already */
	proc_buf_init(&b, buf, size);
	proc_buf_printf(&b, "%d (%s) %c %d %d %d 0 -1 %u ", t->pid, t->comm, task_state_char(t->state), t->ppid,
			t->pgid, t->sid, t->kthread ? 0x00208040u : 0x00400000u);
	proc_buf_printf(&b, "%lu %lu %lu %lu %lu %lu %ld %ld 20 0 1 0 %lu %lu %lu %lu ", (unsigned long)t->min_flt,
			(unsigned long)t->cmin_flt, (unsigned long)t->maj_flt, (unsigned long)t->cmaj_flt,
			(unsigned long)t->utime, (unsigned long)t->stime, (long)t->cutime, (long)t->cstime,
			(unsigned long)t->start_jiffies, (unsigned long)vsize, (unsigned long)rss, ~0ul);
	proc_buf_printf(&b, "%lu %lu %lu 0 0 %lu %lu %lu %lu 0 0 0 17 %u 0 0 0 0 0 ", (unsigned long)start_code,
			(unsigned long)end_code, (unsigned long)start_stack, (unsigned long)t->sig_pending,
			(unsigned long)t->sig_blocked, (unsigned long)t->sig_ignored, (unsigned long)t->sig_caught,
			t->cpu);
	proc_buf_printf(&b, "%lu %lu %lu %lu %lu %lu %lu %d\n", (unsigned long)start_data, (unsigned long)end_data,
			(unsigned long)start_brk, (unsigned long)arg_start, (unsigned long)arg_end,
			(unsigned long)env_start, (unsigned long)env_end, t->exit_code);
	return b.want;
}

/* "size resident shared text lib data dt", in pages (Linux's task_statm; no file pages in lom). */
static size_t statm_show(const struct proc_task *t, char *buf, size_t size)
{
	struct mm *mm = t->mm;
	uint64_t total = 0, rss = 0, shared = 0, text = 0, data = 0;

	if (mm) {
		read_lock(&mm->lock);
		shared = mm_counter(mm, MM_SHMEMPAGES);
		rss = shared + mm_counter(mm, MM_ANONPAGES);
		text = mm_text_bytes(mm) / PAGE_SIZE;
		data = load64(&mm->data_vm) + load64(&mm->stack_vm);
		total = load64(&mm->total_vm);
		read_unlock(&mm->lock);
	}
	return (size_t)snprintf(buf, size, "%lu %lu %lu %lu 0 %lu 0\n", (unsigned long)total, (unsigned long)rss,
				(unsigned long)shared, (unsigned long)text, (unsigned long)data);
}

/* ---- maps, smaps ---- */

/* The name Linux shows for a VMA, or NULL.  lom's ELF segments have no file name. */
static const char *vma_name(const struct mm *mm, const struct vma *v)
{
	if (v->flags & VM_SHARED)
		return "/dev/zero (deleted)"; /* Linux backs MAP_SHARED|MAP_ANONYMOUS with it */
	if (v->flags & VM_ELF)
		return NULL;
	/* Linux's vma_is_initial_heap/stack; the heap VMA also by lom's flag */
	if ((v->flags & VM_HEAP) || (v->start < mm->brk && v->end > mm->start_brk))
		return "[heap]";
	if (v->start <= mm->start_stack && v->end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

/*
 * One line of maps, as Linux's show_map_vma:
 *   "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu " then, if there is a
 *   name, spaces up to column 72, one more, and the name.
 * Shared anonymous memory shows as Linux's shmem file: device 00:01, an
 * inode number made from the object's address (the same in every process
 * that maps it), its page offset.
 */
static void maps_line(struct proc_buf *b, struct mm *mm, const struct vma *v)
{
	char line[128];
	bool shared = v->flags & VM_SHARED;
	uint64_t pgoff = shared ? v->pgoff * PAGE_SIZE : 0;
	unsigned long ino = shared ? (unsigned long)(((uintptr_t)v->shmem >> 6) & 0xffffffffu) : 0;
	const char *name = vma_name(mm, v);

	int n = snprintf(line, sizeof(line), "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", (unsigned long)v->start,
			 (unsigned long)v->end, v->flags & VM_READ ? 'r' : '-', v->flags & VM_WRITE ? 'w' : '-',
			 v->flags & VM_EXEC ? 'x' : '-', shared ? 's' : 'p', (unsigned long)pgoff, 0, shared ? 1 : 0,
			 ino);
	if (name)
		proc_buf_printf(b, "%s%*s %s\n", line, n < 72 ? 72 - n : 0, "", name);
	else
		proc_buf_printf(b, "%s\n", line);
}

/* fn on each VMA of t's address space, in address order (mm->lock held for reading) */
static size_t show_each_vma(const struct proc_task *t, char *buf, size_t size,
			    void (*fn)(struct proc_buf *b, struct mm *mm, const struct vma *v))
{
	struct mm *mm = t->mm;
	struct proc_buf b;
	struct vma *v;

	proc_buf_init(&b, buf, size);
	if (!mm)
		return 0;
	read_lock(&mm->lock);
	list_for_each_entry(v, &mm->vmas, list)
		fn(&b, mm, v);
	read_unlock(&mm->lock);
	return b.want;
}

/*
 * Linux's two-letter VmFlags mnemonics, in Linux's order, for the flags
 * lom has.  lom has no VM_MAY* bits: every mapping may be read, written
 * and executed (mr mw me), and a shared one shared (ms), as on Linux.
 */
static void smaps_vmflags(struct proc_buf *b, unsigned flags)
{
	const struct {
		bool set;
		char name[3];
	} names[] = {
		{ flags & VM_READ, "rd" }, { flags & VM_WRITE, "wr" }, { flags & VM_EXEC, "ex" },
		{ flags & VM_SHARED, "sh" }, { true, "mr" }, { true, "mw" }, { true, "me" },
		{ flags & VM_SHARED, "ms" }, { flags & VM_GROWSDOWN, "gd" }, { flags & VM_LOCKED, "lo" },
		{ flags & VM_DONTCOPY, "dc" }, { flags & VM_ACCOUNT, "ac" }, { flags & VM_NORESERVE, "nr" },
		{ flags & VM_WIPEONFORK, "wf" }, { flags & VM_HUGEPAGE, "hg" }, { flags & VM_NOHUGEPAGE, "nh" },
	};
	char text[3 * ARRAY_SIZE(names) + 1];
	size_t n = 0;

	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		if (!names[k].set)
			continue;
		memcpy(text + n, names[k].name, 2);
		text[n + 2] = ' ';
		n += 3;
	}
	text[n] = '\0';
	proc_buf_printf(b, "VmFlags: %s\n", text);
}

/* Linux's show_smap: the maps line, then the page counts of the VMA. */
static void smaps_vma(struct proc_buf *b, struct mm *mm, const struct vma *v)
{
	struct vma_usage u;

	vma_usage(mm, v, &u);
	maps_line(b, mm, v);
	const struct {
		const char *name;
		uint64_t kb;
	} lines[] = {
		{ "Size:", (v->end - v->start) >> 10 }, { "KernelPageSize:", 4 }, { "MMUPageSize:", 4 },
		{ "Rss:", u.resident * 4 }, { "Pss:", u.pss_bytes >> 10 }, { "Pss_Dirty:", u.pss_bytes >> 10 },
		{ "Shared_Clean:", 0 }, { "Shared_Dirty:", u.shared * 4 }, { "Private_Clean:", 0 },
		{ "Private_Dirty:", u.private_dirty * 4 }, { "Referenced:", u.resident * 4 },
		{ "Anonymous:", u.anon * 4 }, { "KSM:", 0 }, { "LazyFree:", 0 },
		{ "AnonHugePages:", u.anon_huge * 4 }, { "ShmemPmdMapped:", 0 }, { "FilePmdMapped:", 0 },
		{ "Shared_Hugetlb:", 0 }, { "Private_Hugetlb:", 0 }, { "Swap:", 0 }, { "SwapPss:", 0 },
		{ "Locked:", v->flags & VM_LOCKED ? u.pss_bytes >> 10 : 0 },
	};
	for (size_t k = 0; k < ARRAY_SIZE(lines); k++)
		proc_buf_printf(b, "%-16s%8lu kB\n", lines[k].name, (unsigned long)lines[k].kb);
	proc_buf_printf(b, "%-16s%8d\n", "THPeligible:", u.thp_eligible);
	smaps_vmflags(b, v->flags);
}

static size_t maps_show(const struct proc_task *t, char *buf, size_t size)
{
	return show_each_vma(t, buf, size, maps_line);
}

static size_t smaps_show(const struct proc_task *t, char *buf, size_t size)
{
	return show_each_vma(t, buf, size, smaps_vma);
}

/* ---- cmdline, environ, comm ---- */

/*
 * The arguments (or the environment) as they are now in the process's
 * memory, NUL-separated, as Linux reads them; empty for zombies and
 * kernel threads.  A part that cannot be read ends the text there.
 */
static size_t show_arg_area(const struct proc_task *t, bool environ, char *buf, size_t size)
{
	struct mm *mm = t->mm;
	uint64_t start = 0, end = 0;

	if (size)
		buf[0] = '\0';
	if (!mm)
		return 0;
	read_lock(&mm->lock);
	start = environ ? mm->env_start : mm->arg_start;
	end = environ ? mm->env_end : mm->arg_end;
	read_unlock(&mm->lock);
	if (end <= start)
		return 0;
	size_t want = (size_t)(end - start);
	size_t n = MIN(want, size ? size - 1 : 0);
	int got = access_remote_vm(mm, start, buf, n);
	got = got > 0 ? got : 0;
	if (size)
		buf[got] = '\0';
	return (size_t)got < n ? (size_t)got : want;
}

static size_t cmdline_show(const struct proc_task *t, char *buf, size_t size)
{
	return show_arg_area(t, false, buf, size);
}

static size_t environ_show(const struct proc_task *t, char *buf, size_t size)
{
	return show_arg_area(t, true, buf, size);
}

static size_t comm_show(const struct proc_task *t, char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%.*s\n", TASK_COMM_LEN, t->comm);
}

/* ---- the pid directory ---- */

static struct inode *pid_dir;

/* /proc's lookup: "self" is the caller's pid, digits a live (or zombie) process. */
static struct inode *proc_root_lookup(struct inode *dir, const char *name, size_t len, int *pid)
{
	(void)dir;
	if (len == 4 && !memcmp(name, "self", 4)) {
		*pid = current->pid;
		return pid_dir;
	}
	if (len == 0 || len > 9 || name[0] == '0')
		return NULL;
	int v = 0;
	for (size_t k = 0; k < len; k++) {
		if (name[k] < '0' || name[k] > '9')
			return NULL;
		v = v * 10 + (name[k] - '0');
	}
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(v);
	bool found = t && !t->is_idle;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!found)
		return NULL;
	*pid = v;
	return pid_dir;
}

struct next_pid {
	int above, best;
};

static void find_next_pid(struct task *t, void *arg)
{
	struct next_pid *np = arg;

	if (!t->is_idle && t->pid > np->above && (np->best == 0 || t->pid < np->best))
		np->best = t->pid;
}

bool proc_readdir(uint64_t *pos, char *name, size_t size, uint64_t *ino)
{
	if (*pos < PROC_DYNAMIC_POS)
		*pos = PROC_DYNAMIC_POS;
	if (*pos == PROC_DYNAMIC_POS) {
		snprintf(name, size, "self");
		*ino = pid_dir->ino;
		return true;
	}
	struct next_pid np = { .above = (int)MIN(*pos - PROC_DYNAMIC_POS - 1, (uint64_t)PID_MAX), .best = 0 };
	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	for_each_task(find_next_pid, &np);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!np.best)
		return false;
	*pos = PROC_DYNAMIC_POS + (uint64_t)np.best;
	snprintf(name, size, "%d", np.best);
	*ino = ((uint64_t)np.best << 16) + pid_dir->ino;
	return true;
}

static const struct {
	const char *name;
	size_t (*show)(const struct proc_task *t, char *buf, size_t size);
} pid_files[] = {
	{ "cmdline", cmdline_show }, { "comm", comm_show }, { "environ", environ_show }, { "maps", maps_show },
	{ "smaps", smaps_show }, { "stat", stat_show }, { "statm", statm_show }, { "status", status_show },
};

void proc_pid_register(struct inode *proc_dir)
{
	/* made in /proc (its parent, for ".."), then taken off the list of
	 * entries: it is reached by lookup only */
	pid_dir = vfs_new_inode(proc_dir, "self", S_IFDIR | 0555);
	if (!pid_dir) {
		pr_err("proc: no memory for /proc/<pid>\n");
		return;
	}
	list_del(&pid_dir->sibling);
	pid_dir->pid_dir = true;
	proc_dir->lookup = proc_root_lookup;
	for (size_t k = 0; k < ARRAY_SIZE(pid_files); k++) {
		struct inode *i = vfs_new_inode(pid_dir, pid_files[k].name, S_IFREG | 0444);
		if (!i) {
			pr_err("proc: no memory for /proc/<pid>/%s\n", pid_files[k].name);
			continue;
		}
		i->proc_pid_show = pid_files[k].show;
		i->fops = &proc_file_ops;
	}
}
