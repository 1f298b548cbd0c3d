/*
 * kernel/fs/proc.c - /proc: files whose text is made when they are
 * opened, in Linux's formats (proc(5)), so that one test program reads
 * them the same way on Linux and on lom:
 *
 *   /proc/meminfo, buddyinfo, zoneinfo, vmstat   the allocator and the VM
 *   /proc/slabinfo                          the kernel object caches (mm/slab.c)
 *   /proc/uptime, cpuinfo
 *   /proc/<pid>/..., /proc/self             processes (kernel/fs/proc_task.c)
 *   /proc/sys/vm/overcommit_memory, overcommit_ratio (0644), max_map_count, mmap_min_addr
 *   /proc/sys/kernel/randomize_va_space    sysctls; the 0644 ones take write(2)
 *   /sys/kernel/mm/transparent_hugepage/enabled   the THP switch (0644)
 * and, for other parts of the kernel, proc_create() of a file anywhere in
 * /proc or /sys (the tracing files, kernel/trace.c).
 *
 * Each open gets its own snapshot (file->priv), so a reader sees one
 * consistent text however it reads it.  The snapshot is one page, or as
 * many as the text needs up to PROC_SNAPSHOT_MAX (the maps of a process
 * with thousands of VMAs); past that, or when that much contiguous memory
 * is not to be had, the text is cut after its last whole line.
 *
 * /proc/self is a directory here (a symbolic link to /proc/<pid> on
 * Linux): the pid directory of the opener (kernel/fs/proc_task.c).
 *
 * Locking: the show callbacks run in the opener, with no lock held (the
 * snapshot is allocated before); see kernel/fs/proc_task.c for what they
 * take.  The sysctls are plain ints, read and set with atomic accesses.
 *
 * Sysctl writes follow Linux's proc_dointvec with sysctl_writes_strict=1:
 * one integer, blanks around it allowed, at file position 0 (a write at
 * another position does nothing and returns 0); anything else, or a value
 * out of range, is -EINVAL.
 */
#include "kernel/errno.h"
#include "kernel/fs/proc_internal.h"
#include "kernel/fs/vfs.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "kernel/percpu.h"
#include "kernel/time.h"
#include "kernel/vsprintf.h"
#include "kernel/x86.h"
#include "mm/kstack.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/vm.h"

/* ---- the snapshot and its text ---- */

struct proc_snapshot {
	size_t len;
	char text[];
};

#define PROC_SNAPSHOT_MAX MiB(4) /* the largest buddy block (order 10) */
#define PROC_WRITE_MAX 64        /* longest sysctl write taken */

void proc_buf_init(struct proc_buf *b, char *buf, size_t size)
{
	*b = (struct proc_buf){ .buf = buf, .size = size };
	if (size)
		buf[0] = '\0';
	else
		b->full = true;
}

/* Append to b; a line that does not fit cuts the text after the previous one. */
void proc_buf_printf(struct proc_buf *b, const char *fmt, ...)
{
	size_t room = b->full ? 0 : b->size - b->len;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(b->full ? NULL : b->buf + b->len, room, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	b->want += (size_t)n;
	if (b->full)
		return;
	if ((size_t)n >= room) { /* cut after the last whole line */
		b->full = true;
		b->len = b->line_end;
		b->buf[b->len] = '\0';
		return;
	}
	b->len += (size_t)n;
	if (b->buf[b->len - 1] == '\n')
		b->line_end = b->len;
}

static int64_t proc_read(struct file *f, char *ubuf, size_t n)
{
	struct proc_snapshot *s = f->priv;
	uint64_t irq = spin_lock_irqsave(&f->lock);
	uint64_t pos = f->pos;
	spin_unlock_irqrestore(&f->lock, irq);

	if (!s)
		return -EIO;
	size_t avail = pos < s->len ? s->len - (size_t)pos : 0;
	n = MIN(n, avail);
	if (n && !(n = copy_to_user_upto(ubuf, s->text + pos, n)))
		return -EFAULT; /* else the bytes before a bad page, as Linux's seq_file */
	irq = spin_lock_irqsave(&f->lock);
	f->pos = pos + n;
	spin_unlock_irqrestore(&f->lock, irq);
	return (int64_t)n;
}

/* Only inodes with proc_write are opened for writing (sys_openat). */
static int64_t proc_write(struct file *f, const char *ubuf, size_t n)
{
	char kbuf[PROC_WRITE_MAX];
	uint64_t irq = spin_lock_irqsave(&f->lock);
	uint64_t pos = f->pos;
	spin_unlock_irqrestore(&f->lock, irq);

	if (!f->inode || !f->inode->proc_write)
		return -EINVAL;
	if (pos != 0)
		return 0; /* Linux (sysctl_writes_strict=1): only a write at 0 sets the value */
	if (n >= sizeof(kbuf))
		return -EINVAL;
	if (copy_from_user(kbuf, ubuf, n))
		return -EFAULT;
	int err = f->inode->proc_write(kbuf, n);
	if (err)
		return err;
	irq = spin_lock_irqsave(&f->lock);
	f->pos = pos + n;
	spin_unlock_irqrestore(&f->lock, irq);
	return (int64_t)n;
}

static void proc_release(struct file *f)
{
	kfree(f->priv);
}

const struct file_ops proc_file_ops = {
	.read = proc_read, .write = proc_write, .release = proc_release, .seekable = true
};

/* A snapshot of `bytes` bytes (header included), or NULL; *want: what the text needs. */
static struct proc_snapshot *snapshot_take(const struct inode *inode, const struct proc_task *task, size_t bytes,
					   size_t *want)
{
	struct proc_snapshot *s = kmalloc(bytes, GFP_KERNEL | __GFP_NOWARN);

	if (!s)
		return NULL;
	size_t max = bytes - sizeof(*s);
	*want = task ? inode->proc_pid_show(task, s->text, max) : inode->proc_show(s->text, max);
	/* what the text needs if it fit (cmdline and environ hold NULs), else the whole lines kept */
	s->len = *want < max ? *want : strnlen(s->text, max - 1);
	return s;
}

static int proc_open_task(struct file *f, const struct proc_task *task)
{
	size_t want;
	struct proc_snapshot *s = snapshot_take(f->inode, task, PAGE_SIZE, &want);

	if (!s)
		return -ENOMEM;
	if (want >= PAGE_SIZE - sizeof(*s)) {
		/* a second pass in a buffer that fits, with room for some growth
		 * in between; keep the cut page if there is no such buffer */
		size_t bytes = PAGE_SIZE;
		while (bytes < sizeof(*s) + want + want / 8 + 1 && bytes < PROC_SNAPSHOT_MAX)
			bytes *= 2;
		size_t want2;
		struct proc_snapshot *big = snapshot_take(f->inode, task, bytes, &want2);
		if (big) {
			kfree(s);
			s = big;
		}
	}
	f->priv = s;
	return 0;
}

/* Called by vfs_open_path for /proc files: take the snapshot (of process f->pid for /proc/<pid>). */
int proc_open(struct file *f)
{
	struct proc_task task, *t = NULL;

	if (f->inode->proc_pid_show) {
		int err = proc_task_get(f->pid, &task);
		if (err)
			return err;
		t = &task;
	}
	int err = proc_open_task(f, t);
	if (t)
		proc_task_put(t);
	return err;
}

/* ---- /proc/meminfo, /proc/vmstat ---- */

static void meminfo_kb(struct proc_buf *b, const char *name, uint64_t pages)
{
	proc_buf_printf(b, "%-16s%8lu kB\n", name, (unsigned long)(pages * (PAGE_SIZE / 1024)));
}

/*
 * Linux's lines in Linux's order (fs/proc/meminfo.c), then lom's own.
 * lom has no page cache, swap or LRU lists: their lines are 0, except
 * that shared anonymous memory is counted as Linux counts shmem (in
 * Cached and Shmem).  All its anonymous memory is "active".
 */
static size_t meminfo_show(char *buf, size_t size)
{
	struct mm_totals sum;
	struct proc_buf b;

	proc_buf_init(&b, buf, size);
	proc_mm_totals(&sum);
	unsigned long free = nr_free_pages(), pcp = nr_pcp_pages(), slab = nr_slab_pages();
	const struct {
		const char *name;
		uint64_t pages;
	} lines[] = {
		{ "MemTotal:", nr_managed_pages() }, { "MemFree:", free },
		/* no page cache or reclaimable slab: what can be had without swapping
		 * is the free pages, with those parked on per-CPU lists */
		{ "MemAvailable:", free + pcp }, { "Buffers:", 0 }, { "Cached:", sum.shmem }, { "SwapCached:", 0 },
		{ "Active:", sum.anon + sum.shmem }, { "Inactive:", 0 }, { "Active(anon):", sum.anon + sum.shmem },
		{ "Inactive(anon):", 0 }, { "Active(file):", 0 }, { "Inactive(file):", 0 }, { "Unevictable:", 0 },
		{ "Mlocked:", 0 }, { "SwapTotal:", 0 }, { "SwapFree:", 0 }, { "Dirty:", 0 }, { "Writeback:", 0 },
		{ "AnonPages:", sum.anon }, { "Mapped:", sum.shmem }, { "Shmem:", sum.shmem }, { "KReclaimable:", 0 },
		{ "Slab:", slab }, { "SReclaimable:", 0 }, { "SUnreclaim:", slab },
		{ "KernelStack:", nr_kernel_stacks() * (KSTACK_SIZE / PAGE_SIZE) }, { "PageTables:", sum.pt_pages },
		{ "SecPageTables:", 0 }, { "NFS_Unstable:", 0 }, { "Bounce:", 0 }, { "WritebackTmp:", 0 },
		{ "CommitLimit:", vm_commit_limit() }, { "Committed_AS:", vm_committed_pages() },
	};
	for (size_t k = 0; k < ARRAY_SIZE(lines); k++)
		meminfo_kb(&b, lines[k].name, lines[k].pages);
	proc_buf_printf(&b, "%-16s%8lu kB\n", "VmallocTotal:", 34359738367ul); /* as Linux x86-64 */
	meminfo_kb(&b, "VmallocUsed:", 0);
	meminfo_kb(&b, "VmallocChunk:", 0);
	meminfo_kb(&b, "HardwareCorrupted:", 0);
	meminfo_kb(&b, "AnonHugePages:", sum.huge_pages << HPAGE_ORDER);
	meminfo_kb(&b, "ShmemHugePages:", 0);
	meminfo_kb(&b, "ShmemPmdMapped:", 0);
	proc_buf_printf(&b, "HugePages_Total:%8d\nHugePages_Free: %8d\nHugePages_Rsvd: %8d\nHugePages_Surp: %8d\n", 0,
			0, 0, 0);
	proc_buf_printf(&b, "%-16s%8lu kB\n", "Hugepagesize:", (unsigned long)(HPAGE_SIZE >> 10));
	meminfo_kb(&b, "Hugetlb:", 0);
	/* lom: free pages parked on per-CPU lists; slab objects in use (for leak checks) */
	meminfo_kb(&b, "PerCPULists:", pcp);
	proc_buf_printf(&b, "%-16s%8lu\n", "SlabObjects:", nr_slab_objects());
	return b.want;
}

/* "name value" lines: Linux's names where Linux has the counter, lom's own otherwise. */
static size_t vmstat_show(char *buf, size_t size)
{
	struct proc_buf b;
	struct mm_totals sum;

	proc_buf_init(&b, buf, size);
	proc_mm_totals(&sum);
	proc_buf_printf(&b, "nr_free_pages %lu\n", nr_free_pages());
	proc_buf_printf(&b, "nr_anon_pages %lu\n", (unsigned long)sum.anon);
	proc_buf_printf(&b, "nr_mapped %lu\n", (unsigned long)sum.shmem);
	proc_buf_printf(&b, "nr_file_pages %lu\n", (unsigned long)sum.shmem);
	proc_buf_printf(&b, "nr_shmem %lu\n", (unsigned long)sum.shmem);
	proc_buf_printf(&b, "nr_slab_unreclaimable %lu\n", nr_slab_pages());
	proc_buf_printf(&b, "nr_page_table_pages %lu\n", (unsigned long)sum.pt_pages);
	proc_buf_printf(&b, "nr_kernel_stack %lu\n", (unsigned long)(sum.tasks * (KSTACK_SIZE >> 10)));
	proc_buf_printf(&b, "nr_anon_transparent_hugepages %lu\n", (unsigned long)sum.huge_pages);
	proc_buf_printf(&b, "nr_free_pcp %lu\n", nr_pcp_pages()); /* lom */
	for (int e = 0; e < NR_VM_EVENTS; e++)
		proc_buf_printf(&b, "%s %lu\n", vm_event_names[e],
			  (unsigned long)__atomic_load_n(&vm_events[e], __ATOMIC_RELAXED));
	return b.want;
}

/* ---- /proc/uptime, cpuinfo ---- */

/* "seconds-up idle-seconds": the idle time summed over the CPUs, as Linux. */
static size_t uptime_show(char *buf, size_t size)
{
	uint64_t up = jiffies, idle = 0;

	for (unsigned cpu = 0; cpu < nr_cpus_online; cpu++)
		if (cpus[cpu].idle)
			idle += __atomic_load_n(&cpus[cpu].idle->stime_ticks, __ATOMIC_RELAXED);
	return (size_t)snprintf(buf, size, "%lu.%02lu %lu.%02lu\n", (unsigned long)(up / HZ),
				(unsigned long)(up % HZ * 100 / HZ), (unsigned long)(idle / HZ),
				(unsigned long)(idle % HZ * 100 / HZ));
}

/* CPUID feature bits, with Linux's names for /proc/cpuinfo "flags" (a subset) */
static const struct cpu_flag {
	uint32_t leaf;
	uint8_t reg; /* 2 = ecx, 3 = edx, 1 = ebx */
	uint8_t bit;
	const char *name;
} cpu_flags[] = {
	{ 1, 3, 0, "fpu" }, { 1, 3, 1, "vme" }, { 1, 3, 2, "de" }, { 1, 3, 3, "pse" }, { 1, 3, 4, "tsc" },
	{ 1, 3, 5, "msr" }, { 1, 3, 6, "pae" }, { 1, 3, 7, "mce" }, { 1, 3, 8, "cx8" }, { 1, 3, 9, "apic" },
	{ 1, 3, 11, "sep" }, { 1, 3, 12, "mtrr" }, { 1, 3, 13, "pge" }, { 1, 3, 14, "mca" }, { 1, 3, 15, "cmov" },
	{ 1, 3, 16, "pat" }, { 1, 3, 17, "pse36" }, { 1, 3, 19, "clflush" }, { 1, 3, 23, "mmx" },
	{ 1, 3, 24, "fxsr" }, { 1, 3, 25, "sse" }, { 1, 3, 26, "sse2" }, { 1, 3, 28, "ht" },
	{ 0x80000001, 3, 11, "syscall" }, { 0x80000001, 3, 20, "nx" }, { 0x80000001, 3, 26, "pdpe1gb" },
	{ 0x80000001, 3, 27, "rdtscp" }, { 0x80000001, 3, 29, "lm" }, { 1, 2, 0, "pni" }, { 1, 2, 1, "pclmulqdq" },
	{ 1, 2, 9, "ssse3" }, { 1, 2, 12, "fma" }, { 1, 2, 13, "cx16" }, { 1, 2, 19, "sse4_1" },
	{ 1, 2, 20, "sse4_2" }, { 1, 2, 21, "x2apic" }, { 1, 2, 22, "movbe" }, { 1, 2, 23, "popcnt" },
	{ 1, 2, 25, "aes" }, { 1, 2, 26, "xsave" }, { 1, 2, 28, "avx" }, { 1, 2, 29, "f16c" },
	{ 1, 2, 30, "rdrand" }, { 1, 2, 31, "hypervisor" }, { 0x80000001, 2, 0, "lahf_lm" },
	{ 0x80000001, 2, 5, "abm" }, { 7, 1, 0, "fsgsbase" }, { 7, 1, 3, "bmi1" }, { 7, 1, 5, "avx2" },
	{ 7, 1, 7, "smep" }, { 7, 1, 8, "bmi2" }, { 7, 1, 9, "erms" }, { 7, 1, 18, "rdseed" },
	{ 7, 1, 19, "adx" }, { 7, 1, 20, "smap" }, { 7, 1, 23, "clflushopt" },
};

/* One block per online CPU, the fields student tools read (Linux's show_cpuinfo, x86). */
static size_t cpuinfo_show(char *buf, size_t size)
{
	struct proc_buf b;
	uint32_t r[4], max_leaf, max_ext, vendor[4] = { 0 }, model_name[13] = { 0 };

	proc_buf_init(&b, buf, size);
	cpuid(0, 0, &max_leaf, &vendor[0], &vendor[2], &vendor[1]);
	cpuid(0x80000000, 0, &max_ext, &r[1], &r[2], &r[3]);
	if (max_ext >= 0x80000004)
		for (uint32_t k = 0; k < 3; k++)
			cpuid(0x80000002 + k, 0, &model_name[4 * k], &model_name[4 * k + 1], &model_name[4 * k + 2],
			      &model_name[4 * k + 3]);
	uint32_t sig, misc, ecx1, edx1;
	cpuid(1, 0, &sig, &misc, &ecx1, &edx1);
	unsigned family = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;
	if (family == 0xf)
		family += (sig >> 20) & 0xff;
	if (family >= 6)
		model += ((sig >> 16) & 0xf) << 4;
	char flags[512];
	size_t n = 0;
	flags[0] = '\0';
	for (size_t k = 0; k < ARRAY_SIZE(cpu_flags); k++) {
		const struct cpu_flag *cf = &cpu_flags[k];
		if (cf->leaf > (cf->leaf >= 0x80000000 ? max_ext : max_leaf))
			continue;
		cpuid(cf->leaf, 0, &r[0], &r[1], &r[2], &r[3]);
		if ((r[cf->reg] >> cf->bit) & 1)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%s%s", n ? " " : "", cf->name);
		if (n >= sizeof(flags))
			break;
	}
	uint32_t addr_sizes = 0;
	if (max_ext >= 0x80000008)
		cpuid(0x80000008, 0, &addr_sizes, &r[1], &r[2], &r[3]);
	for (unsigned cpu = 0; cpu < nr_cpus_online; cpu++) {
		proc_buf_printf(&b, "processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n", cpu,
				(const char *)vendor, family, model);
		proc_buf_printf(&b, "model name\t: %s\nstepping\t: %u\n", (const char *)model_name, sig & 0xf);
		proc_buf_printf(&b, "cpu MHz\t\t: %lu.%03lu\n", (unsigned long)(tsc_khz / 1000),
				(unsigned long)(tsc_khz % 1000));
		proc_buf_printf(&b, "physical id\t: 0\nsiblings\t: %u\ncore id\t\t: %u\ncpu cores\t: %u\n",
				nr_cpus_online, cpu, nr_cpus_online);
		proc_buf_printf(&b, "apicid\t\t: %u\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\n",
				cpus[cpu].apic_id, max_leaf);
		proc_buf_printf(&b, "flags\t\t: %s\n", flags);
		proc_buf_printf(&b, "bogomips\t: %lu.%02lu\n", (unsigned long)(tsc_khz * 2 / 1000),
				(unsigned long)(tsc_khz * 2 % 1000 / 10));
		proc_buf_printf(&b, "clflush size\t: %u\ncache_alignment\t: 64\n", ((misc >> 8) & 0xff) * 8);
		proc_buf_printf(&b, "address sizes\t: %u bits physical, %u bits virtual\npower management:\n\n",
				addr_sizes & 0xff, (addr_sizes >> 8) & 0xff);
	}
	return b.want;
}

/* ---- /sys/kernel/mm/transparent_hugepage/enabled ---- */

static const char *const thp_mode_names[] = { [THP_ALWAYS] = "always", [THP_MADVISE] = "madvise",
					       [THP_NEVER] = "never" };

/* "always [madvise] never": the choices, the one in force in brackets (Linux's format) */
static size_t thp_enabled_show(char *buf, size_t size)
{
	int mode = __atomic_load_n(&thp_mode, __ATOMIC_RELAXED);
	static const int order[] = { THP_ALWAYS, THP_MADVISE, THP_NEVER };
	size_t n = 0;

	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		const char *fmt = order[k] == mode ? "[%s]" : "%s";
		n += (size_t)snprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, fmt, thp_mode_names[order[k]]);
		n += (size_t)snprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, k + 1 < ARRAY_SIZE(order) ? " " : "\n");
	}
	return n;
}

/* One of the mode names, blanks around it allowed: -EINVAL otherwise, as Linux. */
static int thp_enabled_write(const char *kbuf, size_t n)
{
	while (n && (kbuf[n - 1] == '\n' || kbuf[n - 1] == ' ' || kbuf[n - 1] == '\0'))
		n--;
	while (n && kbuf[0] == ' ')
		kbuf++, n--;
	for (int mode = 0; mode < (int)ARRAY_SIZE(thp_mode_names); mode++) {
		if (strlen(thp_mode_names[mode]) == n && !memcmp(kbuf, thp_mode_names[mode], n)) {
			__atomic_store_n(&thp_mode, mode, __ATOMIC_RELAXED);
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- /proc/sys ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* One decimal integer in [min, max], blanks around it allowed; 0 or -EINVAL. */
static int sysctl_parse_int(const char *s, size_t n, long min, long max, int *out)
{
	size_t i = 0;
	unsigned long v = 0;

	while (i < n && s[i] && is_blank(s[i]))
		i++;
	bool neg = i < n && s[i] == '-';
	if (neg)
		i++;
	size_t digits = i;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 1ul << 32)
			return -EINVAL;
	}
	if (i == digits)
		return -EINVAL;
	while (i < n && s[i] && is_blank(s[i]))
		i++;
	if (i < n && s[i]) /* a NUL ends the value, as in Linux's copy of it */
		return -EINVAL;
	long val = neg ? -(long)v : (long)v;
	if (val < min || val > max)
		return -EINVAL;
	*out = (int)val;
	return 0;
}

static size_t overcommit_memory_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%d\n", __atomic_load_n(&sysctl_overcommit_memory, __ATOMIC_RELAXED));
}

static int overcommit_memory_write(const char *kbuf, size_t n)
{
	int v;
	int err = sysctl_parse_int(kbuf, n, OVERCOMMIT_GUESS, OVERCOMMIT_NEVER, &v);

	if (!err)
		__atomic_store_n(&sysctl_overcommit_memory, v, __ATOMIC_RELAXED);
	return err;
}

static size_t overcommit_ratio_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%d\n", __atomic_load_n(&sysctl_overcommit_ratio, __ATOMIC_RELAXED));
}

/* Linux takes any int; a negative ratio would make CommitLimit meaningless here. */
static int overcommit_ratio_write(const char *kbuf, size_t n)
{
	int v;
	int err = sysctl_parse_int(kbuf, n, 0, 0x7fffffff, &v);

	if (!err)
		__atomic_store_n(&sysctl_overcommit_ratio, v, __ATOMIC_RELAXED);
	return err;
}

static size_t max_map_count_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%d\n", MAX_MAP_COUNT);
}

static size_t mmap_min_addr_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%lu\n", (unsigned long)MMAP_MIN_ADDR);
}

/* lom randomizes everything or nothing: 0 reads back 0, 1 and 2 read back 2. */
static size_t randomize_va_space_show(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%d\n", __atomic_load_n(&randomize_va_space, __ATOMIC_RELAXED) ? 2 : 0);
}

static int randomize_va_space_write(const char *kbuf, size_t n)
{
	int v;
	int err = sysctl_parse_int(kbuf, n, 0, 2, &v);

	if (!err)
		__atomic_store_n(&randomize_va_space, v != 0, __ATOMIC_RELAXED);
	return err;
}

/* ---- the tree ---- */

/* below /proc unless absolute; directories on the way are made */
static const struct proc_entry proc_entries[] = {
	{ "meminfo", 0444, meminfo_show, NULL },
	{ "buddyinfo", 0444, buddyinfo_format, NULL },
	{ "zoneinfo", 0444, zoneinfo_format, NULL },
	{ "slabinfo", 0400, slabinfo_format, NULL }, /* root only, as Linux */
	{ "vmstat", 0444, vmstat_show, NULL },
	{ "uptime", 0444, uptime_show, NULL },
	{ "cpuinfo", 0444, cpuinfo_show, NULL },
	{ "/sys/kernel/mm/transparent_hugepage/enabled", 0644, thp_enabled_show, thp_enabled_write },
	{ "sys/vm/overcommit_memory", 0644, overcommit_memory_show, overcommit_memory_write },
	{ "sys/vm/overcommit_ratio", 0644, overcommit_ratio_show, overcommit_ratio_write },
	{ "sys/vm/max_map_count", 0444, max_map_count_show, NULL }, /* 0644 on Linux; lom's is a constant */
	{ "sys/vm/mmap_min_addr", 0444, mmap_min_addr_show, NULL }, /* 0644 on Linux; lom's is a constant */
	{ "sys/kernel/randomize_va_space", 0644, randomize_va_space_show, randomize_va_space_write },
};

static struct inode *proc_find(struct inode *dir, const char *name, size_t len)
{
	struct inode *c;

	list_for_each_entry(c, &dir->children, sibling)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	return NULL;
}

/* The directory of path's last component, made (mode 0555, as Linux's) if missing. */
static struct inode *proc_parent_dir(struct inode *dir, const char *path, const char **base)
{
	const char *p = path, *slash;
	char name[NAME_MAX + 1];

	while ((slash = strchr(p, '/'))) {
		size_t len = MIN((size_t)(slash - p), (size_t)NAME_MAX);
		struct inode *c = proc_find(dir, p, len);
		if (!c) {
			memcpy(name, p, len);
			name[len] = '\0';
			c = vfs_new_inode(dir, name, S_IFDIR | 0555);
		}
		if (!c)
			return NULL;
		dir = c;
		p = slash + 1;
	}
	*base = p;
	return dir;
}

int proc_create(const char *path, uint32_t mode, size_t (*show)(char *buf, size_t size),
		int (*write)(const char *kbuf, size_t n))
{
	const char *base = path;
	struct inode *dir = path[0] == '/' ? proc_parent_dir(vfs_root(), path + 1, &base) : NULL;
	struct inode *i = dir ? vfs_new_inode(dir, base, S_IFREG | mode) : NULL;
	if (!i) {
		pr_err("proc: no memory for %s\n", path);
		return -ENOMEM;
	}
	i->proc_show = show;
	i->proc_write = write;
	i->fops = &proc_file_ops;
	return 0;
}

int proc_create_table(const char *dir, const struct proc_entry *entries, size_t n)
{
	char path[128];
	int first_err = 0;

	for (size_t k = 0; k < n; k++) {
		const struct proc_entry *e = &entries[k];
		snprintf(path, sizeof(path), "%s%s", e->path[0] == '/' ? "" : dir, e->path);
		int err = proc_create(path, e->mode, e->show, e->write);
		if (err && !first_err)
			first_err = err;
	}
	return first_err;
}

void proc_register_all(struct inode *proc_dir)
{
	proc_pid_register(proc_dir);
	proc_create_table("/proc/", proc_entries, ARRAY_SIZE(proc_entries));
}
