/*
 * kernel/fs/proc.c - /proc: files whose text is made when they are
 * opened, in Linux's formats (proc(5)), so that one test program reads
 * them the same way on Linux and on lom:
 *
 *   /proc/meminfo, buddyinfo, vmstat       the allocator and the VM
 *   /proc/self/status, statm, maps, comm   the process that opens them
 *   /proc/sys/vm/overcommit_memory, overcommit_ratio (0644), max_map_count
 *   /proc/sys/kernel/randomize_va_space    sysctls; the 0644 ones take write(2)
 *
 * Each open gets its own snapshot (file->priv), so a reader sees one
 * consistent text however it reads it.  The snapshot is one page, or as
 * many as the text needs up to PROC_SNAPSHOT_MAX (the maps of a process
 * with thousands of VMAs); past that, or when that much contiguous memory
 * is not to be had, the text is cut after its last whole line.
 *
 * /proc/self is a directory here (a symbolic link to /proc/<pid> on
 * Linux): its files describe `current`, the opener (kernel/fs/proc_task.c).
 * Per-pid directories come later.
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
#include "kernel/vsprintf.h"
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
	if (n && copy_to_user(ubuf, s->text + pos, n))
		return -EFAULT;
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
static struct proc_snapshot *snapshot_take(const struct inode *inode, size_t bytes, size_t *want)
{
	struct proc_snapshot *s = kmalloc(bytes, GFP_KERNEL | __GFP_NOWARN);

	if (!s)
		return NULL;
	size_t max = bytes - sizeof(*s);
	*want = inode->proc_show(s->text, max);
	s->len = strnlen(s->text, max - 1);
	return s;
}

/* Called by vfs_open_inode for /proc files: take the snapshot. */
int proc_open(struct file *f)
{
	size_t want;
	struct proc_snapshot *s = snapshot_take(f->inode, PAGE_SIZE, &want);

	if (!s)
		return -ENOMEM;
	if (want >= PAGE_SIZE - sizeof(*s)) {
		/* a second pass in a buffer that fits, with room for some growth
		 * in between; keep the cut page if there is no such buffer */
		size_t bytes = PAGE_SIZE;
		while (bytes < sizeof(*s) + want + want / 8 + 1 && bytes < PROC_SNAPSHOT_MAX)
			bytes *= 2;
		size_t want2;
		struct proc_snapshot *big = snapshot_take(f->inode, bytes, &want2);
		if (big) {
			kfree(s);
			s = big;
		}
	}
	f->priv = s;
	return 0;
}

/* ---- /proc/meminfo, /proc/vmstat ---- */

static void meminfo_kb(struct proc_buf *b, const char *name, uint64_t pages)
{
	proc_buf_printf(b, "%-16s%8lu kB\n", name, (unsigned long)(pages * (PAGE_SIZE / 1024)));
}

/* mm/mmstat.c's allocator lines, then those of the address spaces and the commit charge. */
static size_t meminfo_show(char *buf, size_t size)
{
	struct mm_totals sum;
	size_t n = meminfo_format(buf, size);
	size_t len = strnlen(buf, size ? size - 1 : 0);
	struct proc_buf b = {
		.buf = buf, .size = size, .len = len, .line_end = len, .want = n,
		.full = n >= size, /* never: a few short lines */
	};

	proc_mm_totals(&sum);
	meminfo_kb(&b, "AnonPages:", sum.anon);
	meminfo_kb(&b, "Shmem:", sum.shmem);
	meminfo_kb(&b, "PageTables:", sum.pt_pages);
	meminfo_kb(&b, "CommitLimit:", vm_commit_limit());
	meminfo_kb(&b, "Committed_AS:", vm_committed_pages());
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
	proc_buf_printf(&b, "nr_shmem %lu\n", (unsigned long)sum.shmem);
	proc_buf_printf(&b, "nr_page_table_pages %lu\n", (unsigned long)sum.pt_pages);
	for (int e = 0; e < NR_VM_EVENTS; e++)
		proc_buf_printf(&b, "%s %lu\n", vm_event_names[e],
			  (unsigned long)__atomic_load_n(&vm_events[e], __ATOMIC_RELAXED));
	return b.want;
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

static const struct proc_entry {
	const char *path; /* below /proc; directories on the way are made */
	uint32_t mode;
	size_t (*show)(char *buf, size_t size);
	int (*write)(const char *kbuf, size_t n);
} proc_entries[] = {
	{ "meminfo", 0444, meminfo_show, NULL },
	{ "buddyinfo", 0444, buddyinfo_format, NULL },
	{ "vmstat", 0444, vmstat_show, NULL },
	{ "self/status", 0444, proc_status_show, NULL },
	{ "self/statm", 0444, proc_statm_show, NULL },
	{ "self/maps", 0444, proc_maps_show, NULL },
	{ "self/comm", 0444, proc_comm_show, NULL },
	{ "sys/vm/overcommit_memory", 0644, overcommit_memory_show, overcommit_memory_write },
	{ "sys/vm/overcommit_ratio", 0644, overcommit_ratio_show, overcommit_ratio_write },
	{ "sys/vm/max_map_count", 0444, max_map_count_show, NULL }, /* 0644 on Linux; lom's is a constant */
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

void proc_register_all(void)
{
	char path[96];

	for (size_t k = 0; k < ARRAY_SIZE(proc_entries); k++) {
		const struct proc_entry *e = &proc_entries[k];
		snprintf(path, sizeof(path), "%s%s", e->path[0] == '/' ? "" : "/proc/", e->path);
		proc_create(path, e->mode, e->show, e->write);
	}
}
