/*
 * kernel/fs/proc_task.c - the /proc files about processes, in Linux's
 * formats (fs/proc/array.c and task_mmu.c): /proc/self/status, statm,
 * maps and comm, and the sums over every address space that meminfo and
 * vmstat show.
 *
 * /proc/self describes `current`: the text is made by open(), in the
 * opener (kernel/fs/proc.c), so that is the reading process.
 *
 * Locking: the callbacks run with no lock held, and hold one at a time.
 * An address space's VMA list and layout fields are read under
 * read_lock(&mm->lock), its counters with atomic loads; other tasks under
 * tasklist_lock (a task's mm stays alive while the task on the list points
 * to it: exit and exec change t->mm under that lock); signal state under
 * sig_lock.  Nothing sleeps or touches user memory under them.
 */
#include "kernel/fs/proc_internal.h"
#include "kernel/fs/vfs.h"
#include "kernel/memlayout.h"
#include "kernel/string.h"
#include "kernel/task.h"
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

	/* kernel threads and zombies have none; a vfork child borrows its parent's */
	if (!mm || (t->parent && t->parent->mm == mm))
		return;
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

/* ---- /proc/self ---- */

static const char *task_state_name(const struct task *t)
{
	switch (t->state) {
	case TASK_RUNNING: return "R (running)";
	case TASK_INTERRUPTIBLE: return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE: return "D (disk sleep)";
	case TASK_ZOMBIE: return "Z (zombie)";
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

/* Linux's task_sig: one thread, so the shared and the private pending sets are the same. */
static void status_signals(struct proc_buf *b, struct task *t)
{
	sigset_t pending, blocked, ignored = 0, caught = 0;

	uint64_t irq = spin_lock_irqsave(&t->sig_lock);
	pending = t->sig.pending;
	blocked = t->sig.blocked;
	for (int sig = 1; sig <= NSIG; sig++) {
		uint64_t h = t->sig.action[sig - 1].handler;
		if (h == SIG_IGN)
			ignored |= 1ull << (sig - 1);
		else if (h != SIG_DFL)
			caught |= 1ull << (sig - 1);
	}
	spin_unlock_irqrestore(&t->sig_lock, irq);
	proc_buf_printf(b, "Threads:\t1\n");
	proc_buf_printf(b, "SigPnd:\t%016lx\nShdPnd:\t%016lx\n", (unsigned long)pending, (unsigned long)pending);
	proc_buf_printf(b, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", (unsigned long)blocked,
			(unsigned long)ignored, (unsigned long)caught);
}

/* Linux's proc_pid_status up to the signal masks (no capabilities, cpusets...). */
size_t proc_status_show(char *buf, size_t size)
{
	struct task *t = current;
	struct proc_buf b;

	proc_buf_init(&b, buf, size);
	status_name(&b, t->comm);
	proc_buf_printf(&b, "Umask:\t%04o\n", 022); /* sys_umask's: lom's files are read-only */
	proc_buf_printf(&b, "State:\t%s\n", task_state_name(t));

	uint64_t irq = spin_lock_irqsave(&tasklist_lock);
	int pid = t->pid, ppid = t->parent ? t->parent->pid : 0, pgid = t->pgid, sid = t->sid;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	proc_buf_printf(&b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", pid, pid, ppid);
	proc_buf_printf(&b, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t \n", NR_OPEN);
	proc_buf_printf(&b, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", pid, pid, pgid, sid);
	proc_buf_printf(&b, "Kthread:\t%d\n", t->mm ? 0 : 1);
	if (t->mm)
		status_mm(&b, t->mm);
	proc_buf_printf(&b, "CoreDumping:\t0\nTHP_enabled:\t%d\n", t->mm && !t->mm->thp_disabled);
	status_signals(&b, t);
	return b.want;
}

/* "size resident shared text lib data dt", in pages (Linux's task_statm; no file pages in lom). */
size_t proc_statm_show(char *buf, size_t size)
{
	struct mm *mm = current->mm;
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
static void maps_line(struct proc_buf *b, const struct mm *mm, const struct vma *v)
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

size_t proc_maps_show(char *buf, size_t size)
{
	struct mm *mm = current->mm;
	struct proc_buf b;
	struct vma *v;

	proc_buf_init(&b, buf, size);
	if (!mm)
		return 0;
	read_lock(&mm->lock);
	list_for_each_entry(v, &mm->vmas, list)
		maps_line(&b, mm, v);
	read_unlock(&mm->lock);
	return b.want;
}

size_t proc_comm_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%.*s\n", TASK_COMM_LEN, current->comm);
}
