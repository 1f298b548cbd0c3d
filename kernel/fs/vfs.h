/*
 * kernel/fs/vfs.h - files: the tree of inodes, open files, file
 * descriptors, and the file syscalls.
 *
 * The tree is built once at boot and never changes: the initrd's files
 * and directories (read-only, their bytes stay where the boot loader put
 * them), /dev with its character devices, and /proc and /sys, whose files
 * make their text when opened (a few, the sysctls, can also be written).
 * So inodes need no locks and no reference counts: they live forever.
 *
 * The one part that looks dynamic is /proc/<pid>: every pid directory
 * (and /proc/self) is the same inode, the "pid directory", with the same
 * files below it.  Which process they describe is carried next to the
 * inode by the lookup (vfs_lookup_pid) and then by the open file
 * (file->pid) or the working directory (task->cwd_pid): a path names an
 * (inode, pid) pair, as a dentry would on Linux.
 *
 * An open file (struct file) is shared by every descriptor that refers to
 * it (dup, fork): refcount counts them (atomic), pos is protected by
 * file->lock.  A descriptor table (struct files) belongs to one task
 * (fork copies it), so it needs no lock.
 */
#ifndef KERNEL_FS_VFS_H
#define KERNEL_FS_VFS_H

#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"

#define NAME_MAX 255
#define PATH_MAX 4096
#define NR_OPEN 256 /* descriptors per process (RLIMIT_NOFILE) */

/* st_mode, open flags, fcntl: Linux values */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)

#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DSYNC     00010000
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_PATH      010000000
#define O_TMPFILE   020200000

#define AT_FDCWD -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS 0x200
#define AT_EMPTY_PATH 0x1000

struct file;
struct inode;
struct proc_task;

struct file_ops {
	/* ubuf is a user address: implementations copy with copy_to/from_user */
	int64_t (*read)(struct file *f, char *ubuf, size_t n);
	int64_t (*write)(struct file *f, const char *ubuf, size_t n);
	int64_t (*ioctl)(struct file *f, unsigned cmd, uint64_t arg);
	void (*release)(struct file *f);   /* last reference gone */
	bool seekable;                       /* false: lseek gives -ESPIPE */
};

struct inode {
	uint32_t mode;            /* S_IF* | permission bits */
	uint64_t ino;
	uint32_t nlink;
	uint64_t size;
	uint32_t rdev;            /* character devices: (major << 8) | minor */
	uint64_t mtime;
	const void *data;         /* regular files: the bytes, in the initrd */
	const struct file_ops *fops; /* character devices, /proc files */
	/* /proc files: make the text into buf (NUL-terminated, whole lines if
	 * it must be cut) and return the length the whole text needs */
	size_t (*proc_show)(char *buf, size_t size);
	/* writable /proc files (sysctls): apply kbuf[0..n), a kernel copy of
	 * what write(2) gave; 0 or a negative errno */
	int (*proc_write)(const char *kbuf, size_t n);
	/* files in /proc/<pid>: like proc_show, about the process the path named */
	size_t (*proc_pid_show)(const struct proc_task *t, char *buf, size_t size);
	/* /proc itself: names not among the children ("self", pids), found
	 * at lookup; returns the pid directory and sets *pid, or NULL */
	struct inode *(*lookup)(struct inode *dir, const char *name, size_t len, int *pid);
	bool pid_dir;             /* the /proc/<pid> directory */
	struct inode *parent;     /* directories: ".." (the root is its own parent) */
	struct list_head children; /* directories: entries, in creation order */
	struct list_head sibling;
	char name[NAME_MAX + 1];
};

struct file {
	int refcount;             /* descriptors (in any process) pointing here */
	const struct file_ops *ops;
	struct inode *inode;      /* NULL for pipes */
	struct spinlock lock;     /* pos */
	uint64_t pos;
	unsigned flags;           /* O_ACCMODE | O_APPEND | O_NONBLOCK (as opened / F_SETFL) */
	void *priv;               /* pipes: the pipe; /proc files: the snapshot */
	int pid;                  /* /proc/<pid> and the files in it: that pid */
};

struct files {
	struct file *fd[NR_OPEN];
	uint64_t cloexec[NR_OPEN / 64];
};

/* boot: build the tree from the initrd (a cpio archive), add /dev and /proc */
int vfs_init(const void *initrd, size_t size);
struct inode *vfs_root(void);
/* Resolve path (relative to cwd unless absolute): 0 or -ENOENT/-ENOTDIR/-ENAMETOOLONG. */
int vfs_lookup(struct inode *cwd, const char *path, struct inode **out);
/* The same from (cwd, cwd_pid), also giving the pid a /proc/<pid> path named (0 if none). */
int vfs_lookup_pid(struct inode *cwd, int cwd_pid, const char *path, struct inode **out, int *pid);
/* The absolute path of a directory (pid: for a /proc/<pid> directory), for getcwd. */
int vfs_path_of(struct inode *dir, int pid, char *buf, size_t size);
/* A file for a device or a pipe end. */
struct file *file_alloc(const struct file_ops *ops, struct inode *inode, unsigned flags);
void file_get(struct file *f);
void file_put(struct file *f);
/* A new inode in dir (boot only: /dev and /proc); NULL without memory. */
struct inode *vfs_new_inode(struct inode *dir, const char *name, uint32_t mode);
/* Open an inode as the kernel (init's console). */
int vfs_open_inode(struct inode *inode, unsigned flags, struct file **out);
/* The same for an (inode, pid) a lookup gave. */
int vfs_open_path(struct inode *inode, int pid, unsigned flags, struct file **out);

/* descriptor tables */
struct files *files_alloc(void);
struct files *files_dup(const struct files *old);
void files_put(struct files *files);       /* closes everything */
void files_close_on_exec(struct files *files);
/* Install f at the lowest free descriptor >= min; returns it or -EMFILE. */
int fd_install(struct files *files, struct file *f, int min, bool cloexec);
struct file *fd_get(int fd);               /* of current; NULL if not open */

/* character devices (kernel/fs/dev.c), /proc (kernel/fs/proc.c), pipes (kernel/fs/pipe.c) */
void dev_register_all(struct inode *dev_dir);
void proc_register_all(struct inode *proc_dir);
/* getdents of /proc after its fixed entries: the first dynamic entry at
 * position >= *pos ("self", then the pids); false when there is none */
bool proc_readdir(uint64_t *pos, char *name, size_t size, uint64_t *ino);
#define PROC_DYNAMIC_POS 0x10000000ull /* getdents positions of /proc's dynamic entries start here */
/*
 * A file of /proc or /sys whose text show() makes at each open (see
 * kernel/fs/proc.c), at an absolute path such as "/sys/kernel/tracing/trace";
 * the directories on the way are made.  write (NULL: read only) gets what
 * one write(2) at offset 0 gave, at most 63 bytes.  Boot only (the tree is
 * fixed afterwards).  0 or -ENOMEM.
 */
int proc_create(const char *path, uint32_t mode, size_t (*show)(char *buf, size_t size),
		int (*write)(const char *kbuf, size_t n));
/* A table of such files, each at dir + path (an absolute path stands alone). */
struct proc_entry {
	const char *path;
	uint32_t mode;
	size_t (*show)(char *buf, size_t size);
	int (*write)(const char *kbuf, size_t n); /* NULL: read only */
};
/* proc_create of every entry; 0, or the first error (the others are still made) */
int proc_create_table(const char *dir, const struct proc_entry *entries, size_t n);
int proc_open(struct file *f);
int pipe_create(struct file **rd, struct file **wr, unsigned flags);

#endif
