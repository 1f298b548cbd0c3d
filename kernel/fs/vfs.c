/*
 * kernel/fs/vfs.c - the file tree, open files, descriptor tables and the
 * file syscalls (see kernel/fs/vfs.h for the model and the locking).
 *
 * Regular files and directories come from the initrd and are read-only:
 * opening one for writing gives -EROFS, as on Linux with a read-only
 * mount.  The exceptions are /proc files with a proc_write callback (the
 * sysctls), which may be opened for writing.  Character devices (/dev)
 * and pipes bring their own file_ops.
 */
#include "kernel/errno.h"
#include "kernel/fs/cpio.h"
#include "kernel/fs/vfs.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "kernel/vsprintf.h"
#include "mm/slab.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define IOV_MAX 1024
#define LOM_DEV_INITRD 1 /* st_dev of the initrd's files */

static struct inode *root;
static uint64_t next_ino = 1;

struct inode *vfs_root(void)
{
	return root;
}

/* ---- the tree ---- */

static struct inode *inode_new(struct inode *parent, const char *name, size_t len, uint32_t mode)
{
	struct inode *i = kzalloc(sizeof(*i), GFP_KERNEL);

	if (!i)
		return NULL;
	i->mode = mode;
	i->ino = next_ino++;
	i->nlink = S_ISDIR(mode) ? 2 : 1;
	INIT_LIST_HEAD(&i->children);
	INIT_LIST_HEAD(&i->sibling);
	len = MIN(len, (size_t)NAME_MAX);
	memcpy(i->name, name, len);
	i->name[len] = '\0';
	i->parent = parent ? parent : i;
	if (parent) {
		list_add_tail(&i->sibling, &parent->children);
		if (S_ISDIR(mode))
			parent->nlink++;
	}
	return i;
}

struct inode *vfs_new_inode(struct inode *dir, const char *name, uint32_t mode)
{
	return inode_new(dir, name, strlen(name), mode);
}

static struct inode *dir_find(struct inode *dir, const char *name, size_t len)
{
	struct inode *c;

	list_for_each_entry(c, &dir->children, sibling)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	return NULL;
}

int vfs_lookup_pid(struct inode *cwd, int cwd_pid, const char *path, struct inode **out, int *pid_out)
{
	struct inode *dir = path[0] == '/' ? root : cwd;
	int pid = path[0] == '/' ? 0 : cwd_pid;
	const char *p = path;
	bool trailing_slash = false;

	if (!path[0])
		return -ENOENT;
	while (*p) {
		if (*p == '/') {
			p++;
			trailing_slash = true;
			continue;
		}
		trailing_slash = false;
		const char *end = p;
		while (*end && *end != '/')
			end++;
		size_t len = (size_t)(end - p);
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(dir->mode))
			return -ENOTDIR;
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (dir->pid_dir)
				pid = 0;
			dir = dir->parent;
		} else if (!(len == 1 && p[0] == '.')) {
			struct inode *c = dir_find(dir, p, len);
			if (!c && dir->lookup)
				c = dir->lookup(dir, p, len, &pid);
			if (!c)
				return -ENOENT;
			dir = c;
		}
		p = end;
	}
	if (trailing_slash && !S_ISDIR(dir->mode))
		return -ENOTDIR;
	*out = dir;
	if (pid_out)
		*pid_out = pid;
	return 0;
}

int vfs_lookup(struct inode *cwd, const char *path, struct inode **out)
{
	return vfs_lookup_pid(cwd, 0, path, out, NULL);
}

int vfs_path_of(struct inode *dir, int pid, char *buf, size_t size)
{
	char tmp[PATH_MAX], pid_name[16];
	size_t at = sizeof(tmp) - 1;

	tmp[at] = '\0';
	for (struct inode *i = dir; i != root; i = i->parent) {
		const char *name = i->name;
		if (i->pid_dir) {
			snprintf(pid_name, sizeof(pid_name), "%d", pid);
			name = pid_name;
		}
		size_t len = strlen(name);
		if (at < len + 1)
			return -ENAMETOOLONG;
		at -= len;
		memcpy(tmp + at, name, len);
		tmp[--at] = '/';
	}
	if (at == sizeof(tmp) - 1)
		tmp[--at] = '/';
	size_t n = sizeof(tmp) - at; /* with the NUL */
	if (n > size)
		return -ERANGE;
	memcpy(buf, tmp + at, n);
	return (int)n;
}

/* Make (or find) the directory path[0..len) below root. */
static struct inode *mkdir_p(const char *path, size_t len)
{
	struct inode *dir = root;
	size_t i = 0;

	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		size_t start = i;
		while (i < len && path[i] != '/')
			i++;
		if (i == start)
			break;
		struct inode *c = dir_find(dir, path + start, i - start);
		if (!c)
			c = inode_new(dir, path + start, i - start, S_IFDIR | 0755);
		if (!c || !S_ISDIR(c->mode))
			return NULL;
		dir = c;
	}
	return dir;
}

static int add_initrd_entry(const struct cpio_entry *e, void *arg)
{
	const char *name = e->name;
	unsigned *skipped = arg;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	size_t len = strlen(name);
	if (len == 0 || (len == 1 && name[0] == '.'))
		return 0;
	uint32_t type = e->mode & S_IFMT;
	if (type != S_IFREG && type != S_IFDIR) {
		(*skipped)++; /* symlinks, device nodes: /dev is made by the kernel */
		return 0;
	}
	const char *slash = NULL;
	for (const char *p = name; *p; p++)
		if (*p == '/')
			slash = p;
	struct inode *dir = slash ? mkdir_p(name, (size_t)(slash - name)) : root;
	const char *base = slash ? slash + 1 : name;
	if (!dir || !*base)
		return -EINVAL;
	struct inode *i = dir_find(dir, base, strlen(base));
	if (i) {
		if ((i->mode & S_IFMT) != type)
			return -EEXIST;
	} else if (!(i = inode_new(dir, base, strlen(base), type))) {
		return -ENOMEM;
	}
	i->mode = e->mode;
	i->mtime = e->mtime;
	if (type == S_IFREG) {
		i->data = e->data;
		i->size = e->size;
	}
	return 0;
}

int vfs_init(const void *initrd, size_t size)
{
	root = inode_new(NULL, "", 0, S_IFDIR | 0755);
	if (!root)
		return -ENOMEM;
	unsigned skipped = 0, files = 0;
	if (initrd) {
		const char *why = NULL;
		size_t bad_at = 0;
		int err = cpio_for_each(initrd, size, add_initrd_entry, &skipped, &why, &bad_at);
		if (err)
			pr_err("initrd: refused at byte %lu: %s (error %d)\n",
			       (unsigned long)bad_at, why ? why : "entry refused", err);
		files = (unsigned)next_ino - 2;
	} else {
		pr_warn("initrd: none given: no programs to run\n");
	}
	struct inode *dev = mkdir_p("dev", 3), *proc = mkdir_p("proc", 4), *sys = mkdir_p("sys", 3);
	if (!dev || !proc || !sys)
		return -ENOMEM;
	dev_register_all(dev);
	proc_register_all(proc);
	pr_info("initrd: %lu KiB, %u files and directories%s\n", (unsigned long)(size / 1024), files,
		skipped ? " (special files skipped)" : "");
	return 0;
}

/* ---- open files ---- */

struct file *file_alloc(const struct file_ops *ops, struct inode *inode, unsigned flags)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->refcount = 1;
	f->ops = ops;
	f->inode = inode;
	f->flags = flags;
	f->lock = (struct spinlock)SPINLOCK_INIT("file");
	return f;
}

void file_get(struct file *f)
{
	__atomic_fetch_add(&f->refcount, 1, __ATOMIC_RELAXED);
}

void file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		if (f->ops && f->ops->release)
			f->ops->release(f);
		kfree(f);
	}
}

static int64_t regular_read(struct file *f, char *ubuf, size_t n)
{
	const struct inode *i = f->inode;
	uint64_t irq = spin_lock_irqsave(&f->lock);
	uint64_t pos = f->pos;
	spin_unlock_irqrestore(&f->lock, irq);

	size_t avail = pos < i->size ? (size_t)(i->size - pos) : 0;
	n = MIN(n, avail);
	/* a buffer running into a bad page: the bytes before it (0: -EFAULT, the offset unmoved) */
	if (n && !(n = copy_to_user_upto(ubuf, (const char *)i->data + pos, n)))
		return -EFAULT;
	irq = spin_lock_irqsave(&f->lock);
	f->pos = pos + n;
	spin_unlock_irqrestore(&f->lock, irq);
	return (int64_t)n;
}

static int64_t dir_read(struct file *f, char *ubuf, size_t n)
{
	return -EISDIR;
}

static const struct file_ops regular_ops = { .read = regular_read, .seekable = true };
static const struct file_ops dir_ops = { .read = dir_read, .seekable = true };

int vfs_open_path(struct inode *inode, int pid, unsigned flags, struct file **out)
{
	const struct file_ops *ops = inode->fops ? inode->fops : S_ISDIR(inode->mode) ? &dir_ops : &regular_ops;
	struct file *f = file_alloc(ops, inode, (flags & (O_ACCMODE | O_APPEND | O_NONBLOCK)) | O_LARGEFILE);

	if (!f)
		return -ENOMEM;
	f->pid = pid;
	if (inode->proc_show || inode->proc_pid_show) {
		int err = proc_open(f);
		if (err) {
			kfree(f);
			return err;
		}
	}
	*out = f;
	return 0;
}

int vfs_open_inode(struct inode *inode, unsigned flags, struct file **out)
{
	return vfs_open_path(inode, 0, flags, out);
}

/* ---- descriptor tables ---- */

struct files *files_alloc(void)
{
	return kzalloc(sizeof(struct files), GFP_KERNEL);
}

struct files *files_dup(const struct files *old)
{
	struct files *n = files_alloc();

	if (!n)
		return NULL;
	for (int fd = 0; fd < NR_OPEN; fd++) {
		if (old->fd[fd]) {
			n->fd[fd] = old->fd[fd];
			file_get(n->fd[fd]);
		}
	}
	memcpy(n->cloexec, old->cloexec, sizeof(n->cloexec));
	return n;
}

static void fd_clear(struct files *files, int fd)
{
	struct file *f = files->fd[fd];

	files->fd[fd] = NULL;
	files->cloexec[fd / 64] &= ~(1ull << (fd % 64));
	if (f)
		file_put(f);
}

void files_put(struct files *files)
{
	for (int fd = 0; fd < NR_OPEN; fd++)
		fd_clear(files, fd);
	kfree(files);
}

void files_close_on_exec(struct files *files)
{
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (files->cloexec[fd / 64] & (1ull << (fd % 64)))
			fd_clear(files, fd);
}

static void set_cloexec(struct files *files, int fd, bool on)
{
	if (on)
		files->cloexec[fd / 64] |= 1ull << (fd % 64);
	else
		files->cloexec[fd / 64] &= ~(1ull << (fd % 64));
}

int fd_install(struct files *files, struct file *f, int min, bool cloexec)
{
	for (int fd = min; fd < NR_OPEN; fd++) {
		if (!files->fd[fd]) {
			files->fd[fd] = f;
			set_cloexec(files, fd, cloexec);
			return fd;
		}
	}
	return -EMFILE;
}

struct file *fd_get(int fd)
{
	struct files *files = current->files;

	if (fd < 0 || fd >= NR_OPEN || !files)
		return NULL;
	return files->fd[fd];
}

/* ---- syscalls ---- */

/* Copy a user path into a PATH_MAX kernel buffer; returns the buffer or an ERR value in *err. */
static char *get_path(const char *upath, long *err)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);

	if (!path) {
		*err = -ENOMEM;
		return NULL;
	}
	long len = strncpy_from_user(path, upath, PATH_MAX);
	if (len < 0 || len == 0) {
		*err = len < 0 ? len : -ENOENT;
		kfree(path);
		return NULL;
	}
	*err = 0;
	return path;
}

/* The directory relative paths start from: cwd or the directory open on dirfd (and its pid). */
static long start_dir(int dirfd, const char *path, struct inode **dir, int *pid)
{
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*dir = current->cwd;
		*pid = current->cwd_pid;
		return 0;
	}
	struct file *f = fd_get(dirfd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	*dir = f->inode;
	*pid = f->pid;
	return 0;
}

static long lookup_at(int dirfd, const char *upath, struct inode **out, int *pid)
{
	long err;
	char *path = get_path(upath, &err);
	struct inode *dir;
	int dir_pid;

	if (!path)
		return err;
	err = start_dir(dirfd, path, &dir, &dir_pid);
	if (!err)
		err = vfs_lookup_pid(dir, dir_pid, path, out, pid);
	kfree(path);
	return err;
}

long sys_openat(int dirfd, const char *upath, int flags, unsigned mode)
{
	long err;
	char *path = get_path(upath, &err);
	struct inode *dir, *inode;
	struct file *f;
	int dir_pid, pid;

	(void)mode;
	if (!path)
		return err;
	err = start_dir(dirfd, path, &dir, &dir_pid);
	if (err)
		goto out;
	err = vfs_lookup_pid(dir, dir_pid, path, &inode, &pid);
	if (err == -ENOENT && (flags & O_CREAT)) {
		err = -EROFS; /* the initrd is read-only */
		goto out;
	}
	if (err)
		goto out;
	err = -EEXIST;
	if ((flags & O_CREAT) && (flags & O_EXCL))
		goto out;
	err = -ENOTDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
		goto out;
	unsigned acc = flags & O_ACCMODE;
	err = -EISDIR;
	if (S_ISDIR(inode->mode) && (acc != O_RDONLY || (flags & O_CREAT)))
		goto out;
	err = -EROFS;
	if ((S_ISREG(inode->mode) || S_ISDIR(inode->mode)) && (acc != O_RDONLY || (flags & O_TRUNC)) &&
	    !inode->proc_write) /* a sysctl ignores O_TRUNC, as on Linux */
		goto out;
	err = vfs_open_path(inode, pid, (unsigned)flags, &f);
	if (err)
		goto out;
	err = fd_install(current->files, f, 0, flags & O_CLOEXEC);
	if (err < 0)
		file_put(f);
out:
	kfree(path);
	return err;
}

long sys_open(const char *path, int flags, unsigned mode)
{
	return sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_close(int fd)
{
	if (!fd_get(fd))
		return -EBADF;
	fd_clear(current->files, fd);
	return 0;
}

long sys_read(int fd, char *buf, size_t n)
{
	struct file *f = fd_get(fd);

	if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if ((int64_t)n < 0)
		return -EINVAL;
	if (!f->ops->read)
		return -EINVAL;
	if (!access_ok(buf, n)) /* even for 0 bytes, as Linux */
		return -EFAULT;
	if (n == 0)
		return 0;
	return f->ops->read(f, buf, n);
}

long sys_write(int fd, const char *buf, size_t n)
{
	struct file *f = fd_get(fd);

	if (!f || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if ((int64_t)n < 0)
		return -EINVAL;
	if (!f->ops->write)
		return -EINVAL;
	if (!access_ok(buf, n))
		return -EFAULT;
	if (n == 0)
		return 0;
	return f->ops->write(f, buf, n);
}

long sys_pread64(int fd, char *buf, size_t n, int64_t off)
{
	struct file *f = fd_get(fd);

	if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	bool dir = f->inode && S_ISDIR(f->inode->mode);
	if (!f->ops->seekable || !f->inode || (!S_ISREG(f->inode->mode) && !dir))
		return -ESPIPE;
	if (!access_ok(buf, n)) /* as read: even for 0 bytes or past the end */
		return -EFAULT;
	if (dir)
		return -EISDIR;
	const struct inode *i = f->inode;
	size_t avail = (uint64_t)off < i->size ? (size_t)(i->size - (uint64_t)off) : 0;
	n = MIN(n, avail);
	if (n && !(n = copy_to_user_upto(buf, (const char *)i->data + off, n)))
		return -EFAULT;
	return (long)n;
}

struct iovec {
	void *base;
	size_t len;
};

/*
 * Linux's order: the descriptor and its mode (EBADF), the count and every
 * length (EINVAL), then every buffer through access_ok (EFAULT), all
 * before any I/O.
 */
static long do_iov(int fd, const struct iovec *uiov, int iovcnt, bool write)
{
	struct iovec iov;
	size_t total = 0;
	long done = 0;
	struct file *f = fd_get(fd);

	if (!f || (f->flags & O_ACCMODE) == (write ? O_RDONLY : O_WRONLY))
		return -EBADF;
	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	for (int i = 0; i < iovcnt; i++) {
		if (copy_from_user(&iov, uiov + i, sizeof(iov)))
			return -EFAULT;
		if ((int64_t)iov.len < 0 || total + iov.len < total || (int64_t)(total + iov.len) < 0)
			return -EINVAL;
		total += iov.len;
	}
	for (int i = 0; i < iovcnt; i++) {
		copy_from_user(&iov, uiov + i, sizeof(iov));
		if (!access_ok(iov.base, iov.len))
			return -EFAULT;
	}
	for (int i = 0; i < iovcnt; i++) {
		copy_from_user(&iov, uiov + i, sizeof(iov));
		if (!iov.len)
			continue;
		long r = write ? sys_write(fd, iov.base, iov.len) : sys_read(fd, iov.base, iov.len);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((size_t)r < iov.len)
			break;
	}
	return done;
}

long sys_readv(int fd, const struct iovec *iov, int iovcnt)
{
	return do_iov(fd, iov, iovcnt, false);
}

long sys_writev(int fd, const struct iovec *iov, int iovcnt)
{
	return do_iov(fd, iov, iovcnt, true);
}

static unsigned dir_entries(const struct inode *dir)
{
	unsigned n = 2;
	const struct inode *c;

	list_for_each_entry(c, &dir->children, sibling)
		n++;
	return n;
}

long sys_lseek(int fd, int64_t off, int whence)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (!f->ops->seekable)
		return -ESPIPE;
	if (!f->inode || (!S_ISREG(f->inode->mode) && !S_ISDIR(f->inode->mode)))
		return whence >= SEEK_SET && whence <= SEEK_END ? 0 : -EINVAL; /* devices: always at 0 */
	uint64_t irq = spin_lock_irqsave(&f->lock);
	int64_t base;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		base = S_ISDIR(f->inode->mode) ? dir_entries(f->inode) : (int64_t)f->inode->size;
		break;
	default:
		spin_unlock_irqrestore(&f->lock, irq);
		return -EINVAL;
	}
	int64_t pos = base + off;
	long ret;
	if ((off > 0 && pos < base) || pos < 0)
		ret = -EINVAL;
	else
		f->pos = (uint64_t)pos, ret = pos;
	spin_unlock_irqrestore(&f->lock, irq);
	return ret;
}

struct stat {
	uint64_t st_dev, st_ino, st_nlink;
	uint32_t st_mode, st_uid, st_gid, pad0;
	uint64_t st_rdev;
	int64_t st_size, st_blksize, st_blocks;
	int64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	int64_t unused[3];
};
STATIC_ASSERT(sizeof(struct stat) == 144);

/* The inode number of i as reached with pid: /proc/<pid>'s files get numbers of their own. */
static uint64_t inode_number(const struct inode *i, int pid)
{
	bool per_pid = i->pid_dir || (i->parent && i->parent->pid_dir);

	return pid && per_pid ? ((uint64_t)pid << 16) + i->ino : i->ino;
}

static long stat_inode(const struct inode *i, int pid, struct stat *ust)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = S_ISCHR(i->mode) ? 5 : LOM_DEV_INITRD;
	st.st_ino = inode_number(i, pid);
	st.st_nlink = i->nlink;
	st.st_mode = i->mode;
	st.st_rdev = i->rdev;
	st.st_size = (int64_t)i->size;
	st.st_blksize = 4096;
	st.st_blocks = (int64_t)((i->size + 511) / 512);
	st.st_atime = st.st_mtime = st.st_ctime = (int64_t)i->mtime;
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

/* pipes have no inode: a FIFO with no size */
static long stat_file(const struct file *f, struct stat *ust)
{
	if (f->inode)
		return stat_inode(f->inode, f->pid, ust);
	struct inode fifo = { .mode = S_IFIFO | 0600, .nlink = 1, .ino = (uint64_t)(uintptr_t)f->priv >> 6 };
	return stat_inode(&fifo, 0, ust);
}

long sys_fstat(int fd, struct stat *st)
{
	struct file *f = fd_get(fd);
	return f ? stat_file(f, st) : -EBADF;
}

long sys_newfstatat(int dirfd, const char *upath, struct stat *st, int flags)
{
	struct inode *inode;
	char c;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */))
		return -EINVAL;
	/* AT_EMPTY_PATH: "" or (Linux >= 6.11) NULL is the descriptor itself */
	if ((flags & AT_EMPTY_PATH) && (!upath || (!get_user(c, upath) && c == '\0'))) {
		if (dirfd == AT_FDCWD)
			return stat_inode(current->cwd, current->cwd_pid, st);
		return sys_fstat(dirfd, st);
	}
	int pid;
	long err = lookup_at(dirfd, upath, &inode, &pid);
	return err ? err : stat_inode(inode, pid, st);
}

long sys_stat(const char *path, struct stat *st)
{
	return sys_newfstatat(AT_FDCWD, path, st, 0);
}

long sys_lstat(const char *path, struct stat *st)
{
	return sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

long sys_faccessat2(int dirfd, const char *upath, int mode, int flags)
{
	struct inode *inode;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	long err = lookup_at(dirfd, upath, &inode, NULL);
	if (err)
		return err;
	if ((mode & W_OK) && !S_ISCHR(inode->mode) && !inode->proc_write)
		return -EROFS;
	if ((mode & X_OK) && !S_ISDIR(inode->mode) && !(inode->mode & 0111))
		return -EACCES; /* root may execute only what some x bit allows */
	return 0;
}

long sys_faccessat(int dirfd, const char *path, int mode)
{
	return sys_faccessat2(dirfd, path, mode, 0);
}

long sys_access(const char *path, int mode)
{
	return sys_faccessat2(AT_FDCWD, path, mode, 0);
}

long sys_readlinkat(int dirfd, const char *upath, char *buf, size_t n)
{
	struct inode *inode;

	if ((int64_t)n <= 0)
		return -EINVAL;
	long err = lookup_at(dirfd, upath, &inode, NULL);
	return err ? err : -EINVAL; /* lom's tree has no symbolic links */
}

long sys_readlink(const char *path, char *buf, size_t n)
{
	return sys_readlinkat(AT_FDCWD, path, buf, n);
}

long sys_ioctl(int fd, unsigned cmd, uint64_t arg)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (cmd == 0x5421) { /* FIONBIO */
		int on;
		if (get_user(on, (int *)arg))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	}
	if (cmd == 0x541b && f->inode && S_ISREG(f->inode->mode)) { /* FIONREAD: the bytes after the offset */
		uint64_t irq = spin_lock_irqsave(&f->lock);
		int left = (int)(f->inode->size - f->pos);
		spin_unlock_irqrestore(&f->lock, irq);
		return put_user(left, (int *)arg);
	}
	if (cmd == 0x5451 || cmd == 0x5450) { /* FIOCLEX, FIONCLEX */
		set_cloexec(current->files, fd, cmd == 0x5451);
		return 0;
	}
	return f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
}

long sys_dup(int fd)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	file_get(f);
	long nfd = fd_install(current->files, f, 0, false);
	if (nfd < 0)
		file_put(f);
	return nfd;
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	struct file *f = fd_get(oldfd);

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= NR_OPEN)
		return -EBADF;
	file_get(f);
	fd_clear(current->files, newfd);
	current->files->fd[newfd] = f;
	set_cloexec(current->files, newfd, flags & O_CLOEXEC);
	return newfd;
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fd_get(oldfd) ? newfd : -EBADF;
	return sys_dup3(oldfd, newfd, 0);
}

long sys_pipe2(int *ufds, int flags)
{
	struct file *rd, *wr;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	long err = pipe_create(&rd, &wr, (unsigned)flags);
	if (err)
		return err;
	struct files *files = current->files;
	int fds[2];
	fds[0] = fd_install(files, rd, 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return -EMFILE;
	}
	fds[1] = fd_install(files, wr, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		fd_clear(files, fds[0]);
		file_put(wr);
		return -EMFILE;
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_clear(files, fds[0]);
		fd_clear(files, fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(int *fds)
{
	return sys_pipe2(fds, 0);
}

long sys_fcntl(int fd, int cmd, uint64_t arg)
{
	struct file *f = fd_get(fd);
	struct files *files = current->files;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if (arg >= NR_OPEN)
			return -EINVAL;
		file_get(f);
		long nfd = fd_install(files, f, (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (nfd < 0)
			file_put(f);
		return nfd;
	}
	case F_GETFD:
		return files->cloexec[fd / 64] & (1ull << (fd % 64)) ? FD_CLOEXEC : 0;
	case F_SETFD:
		set_cloexec(files, fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL: /* only O_APPEND and O_NONBLOCK can change */
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | ((unsigned)arg & (O_APPEND | O_NONBLOCK));
		return 0;
	default:
		return -EINVAL;
	}
}

#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8

static uint8_t dtype(const struct inode *i)
{
	switch (i->mode & S_IFMT) {
	case S_IFDIR: return DT_DIR;
	case S_IFCHR: return DT_CHR;
	case S_IFIFO: return DT_FIFO;
	default: return DT_REG;
	}
}

/* One struct linux_dirent64 at udirp + *used: 0, 1 when it does not fit, or -errno. */
static long put_dirent(void *udirp, size_t *used, size_t count, uint64_t ino, uint64_t off, uint8_t type,
		       const char *name)
{
	size_t namelen = strlen(name);
	size_t reclen = ALIGN_UP(19 + namelen + 1, 8);
	uint8_t rec[19 + NAME_MAX + 1 + 8];
	uint16_t rl = (uint16_t)reclen;

	if (*used + reclen > count)
		return *used == 0 ? -EINVAL : 1; /* -EINVAL: too small for one entry */
	memset(rec, 0, reclen);
	memcpy(rec, &ino, 8);
	memcpy(rec + 8, &off, 8);
	memcpy(rec + 16, &rl, 2);
	rec[18] = type;
	memcpy(rec + 19, name, namelen);
	if (copy_to_user((char *)udirp + *used, rec, reclen))
		return -EFAULT;
	*used += reclen;
	return 0;
}

/*
 * The position of an entry is its index: ".", "..", then the children in
 * creation order.  /proc goes on with its dynamic entries, whose
 * positions (from PROC_DYNAMIC_POS) follow the pid, so that a process
 * exiting between two calls moves nothing.
 */
long sys_getdents64(int fd, void *udirp, size_t count)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	struct inode *dir = f->inode;
	uint64_t irq = spin_lock_irqsave(&f->lock);
	uint64_t pos = f->pos;
	spin_unlock_irqrestore(&f->lock, irq);

	size_t used = 0;
	uint64_t index = 0;
	struct inode *c = NULL;
	bool started = false, full = false;
	for (; pos < PROC_DYNAMIC_POS; index++) {
		const char *name;
		const struct inode *target;
		if (index == 0)
			name = ".", target = dir;
		else if (index == 1)
			name = "..", target = dir->parent;
		else {
			c = started ? list_next_entry(c, sibling) : list_first_entry(&dir->children, struct inode, sibling);
			started = true;
			if (&c->sibling == &dir->children)
				break;
			name = c->name, target = c;
		}
		if (index < pos)
			continue;
		long err = put_dirent(udirp, &used, count, inode_number(target, f->pid), index + 1, dtype(target), name);
		if (err < 0 && !used)
			return err;
		if (err) { /* full, or a fault after some entries: they count, as Linux */
			full = true;
			break;
		}
		pos = index + 1;
	}
	if (!full && dir->lookup) {
		char name[16];
		uint64_t at = MAX(pos, PROC_DYNAMIC_POS), ino;
		while (proc_readdir(&at, name, sizeof(name), &ino)) {
			long err = put_dirent(udirp, &used, count, ino, at + 1, DT_DIR, name);
			if (err < 0 && !used)
				return err;
			if (err)
				break;
			pos = ++at;
		}
	}
	irq = spin_lock_irqsave(&f->lock);
	f->pos = pos;
	spin_unlock_irqrestore(&f->lock, irq);
	return (long)used;
}

long sys_getcwd(char *ubuf, size_t size)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	long n = vfs_path_of(current->cwd, current->cwd_pid, buf, PATH_MAX);
	if (n > 0 && (size_t)n > size)
		n = -ERANGE;
	if (n > 0 && copy_to_user(ubuf, buf, (size_t)n))
		n = -EFAULT;
	kfree(buf);
	return n;
}

static long set_cwd(struct inode *dir, int pid)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	current->cwd = dir;
	current->cwd_pid = pid;
	return 0;
}

long sys_chdir(const char *upath)
{
	struct inode *dir;
	int pid;
	long err = lookup_at(AT_FDCWD, upath, &dir, &pid);

	return err ? err : set_cwd(dir, pid);
}

long sys_fchdir(int fd)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (!f->inode)
		return -ENOTDIR;
	return set_cwd(f->inode, f->pid);
}
