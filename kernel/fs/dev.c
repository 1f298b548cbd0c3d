/*
 * kernel/fs/dev.c - the character devices under /dev: null, zero,
 * console, tty, ttyS0 (all three the console terminal, kernel/tty.c) and
 * ttyS1 (COM2, output).  Device numbers are Linux's, so `ls -l /dev`
 * reads the same.  The inodes are made once at boot; no state, no locks.
 */
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/tty.h"
#include "kernel/uaccess.h"
#include "mm/slab.h"

static int64_t null_read(struct file *f, char *ubuf, size_t n)
{
	return 0;
}

static int64_t null_write(struct file *f, const char *ubuf, size_t n)
{
	return (int64_t)n;
}

static int64_t zero_read(struct file *f, char *ubuf, size_t n)
{
	size_t done = 0;

	if (!clear_user(ubuf, n))
		return (int64_t)n;
	/* a buffer running into a bad page: Linux counts the bytes before it */
	while (done < n) {
		size_t chunk = MIN(n - done, PAGE_SIZE - (((uint64_t)ubuf + done) & (PAGE_SIZE - 1)));
		if (clear_user(ubuf + done, chunk))
			break;
		done += chunk;
	}
	return done ? (int64_t)done : -EFAULT;
}

static const struct file_ops null_ops = { .read = null_read, .write = null_write, .seekable = true };
static const struct file_ops zero_ops = { .read = zero_read, .write = null_write, .seekable = true };

struct device {
	const char *name;
	unsigned major, minor;
	uint32_t perm;
	const struct file_ops *ops;
};

static const struct device devices[] = {
	{ "null", 1, 3, 0666, &null_ops },
	{ "zero", 1, 5, 0666, &zero_ops },
	{ "tty", 5, 0, 0666, &console_ops },
	{ "console", 5, 1, 0600, &console_ops },
	{ "ttyS0", 4, 64, 0660, &console_ops },
	{ "ttyS1", 4, 65, 0660, &ttys1_ops },
};

void dev_register_all(struct inode *dev_dir)
{
	for (size_t k = 0; k < ARRAY_SIZE(devices); k++) {
		const struct device *d = &devices[k];
		struct inode *i = kzalloc(sizeof(*i), GFP_KERNEL);
		if (!i) {
			pr_err("dev: no memory for /dev/%s\n", d->name);
			continue;
		}
		i->mode = S_IFCHR | d->perm;
		i->ino = 1000 + k;
		i->nlink = 1;
		i->rdev = (d->major << 8) | d->minor;
		i->fops = d->ops;
		i->parent = dev_dir;
		INIT_LIST_HEAD(&i->children);
		strlcpy(i->name, d->name, sizeof(i->name));
		list_add_tail(&i->sibling, &dev_dir->children);
	}
}
