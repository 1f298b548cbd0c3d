/*
 * kernel/fs/proc.c - /proc: files whose text is made when they are
 * opened, in Linux's formats.  For now the memory files the tests need
 * (meminfo, buddyinfo); the observability issue adds the rest (per-process
 * directories, ps, free...).
 *
 * Each open gets its own snapshot (file->priv, at most PAGE_SIZE bytes),
 * so a reader sees one consistent text however it reads it.
 */
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

struct proc_snapshot {
	size_t len;
	char text[];
};

#define PROC_TEXT_MAX (PAGE_SIZE - sizeof(struct proc_snapshot))

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

static void proc_release(struct file *f)
{
	kfree(f->priv);
}

const struct file_ops proc_file_ops = { .read = proc_read, .release = proc_release, .seekable = true };

/* Called by vfs_open_inode for /proc files: take the snapshot. */
int proc_open(struct file *f)
{
	struct proc_snapshot *s = kmalloc(PAGE_SIZE, GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->len = f->inode->proc_show(s->text, PROC_TEXT_MAX);
	s->len = MIN(s->len, PROC_TEXT_MAX - 1);
	f->priv = s;
	return 0;
}

static const struct {
	const char *name;
	size_t (*show)(char *buf, size_t size);
} proc_files[] = {
	{ "meminfo", meminfo_format },
	{ "buddyinfo", buddyinfo_format },
};

void proc_register_all(struct inode *proc_dir)
{
	for (size_t k = 0; k < ARRAY_SIZE(proc_files); k++) {
		struct inode *i = kzalloc(sizeof(*i), GFP_KERNEL);
		if (!i) {
			pr_err("proc: no memory for /proc/%s\n", proc_files[k].name);
			continue;
		}
		i->mode = S_IFREG | 0444;
		i->ino = 2000 + k;
		i->nlink = 1;
		i->proc_show = proc_files[k].show;
		i->fops = &proc_file_ops;
		i->parent = proc_dir;
		INIT_LIST_HEAD(&i->children);
		strlcpy(i->name, proc_files[k].name, sizeof(i->name));
		list_add_tail(&i->sibling, &proc_dir->children);
	}
}
