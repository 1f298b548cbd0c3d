/*
 * tests/user/t_fileio.c - files and descriptors: open, openat, read, readv,
 * write (to /dev/null and /dev/zero only: the initrd is read-only), lseek,
 * close, fstat, newfstatat, getdents64, fcntl, dup, dup2, dup3, ioctl
 * (ENOTTY on non-terminals), path resolution ("." "..", "//", trailing
 * "/"), with good and bad arguments.  Bad buffers follow Linux exactly:
 * a kernel address is refused before anything (even for 0 bytes), while
 * 0x1 only fails where the kernel really copies (/dev/null never does).
 *
 * Reads ROOT/tests/data/hello.txt (HELLO_TXT in tap.h) and lists
 * ROOT/tests/data/dir (a.txt b.txt sub/).  Usage: t_fileio [ROOT]
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "tap.h"

#define PLAN 189

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

/* the O_* bits Linux x86-64 keeps in the file's flags */
#define LARGEFILE 0100000

static const char *hello(void)
{
	return P("/tests/data/hello.txt");
}

static int open_hello(void)
{
	return rsys(SYS_open, hello(), O_RDONLY);
}

/* ---- open, read, close ---- */

static void test_open_read(void)
{
	char buf[256];
	long fd, lo, n;
	int i;

	lo = lowest_free_fd();
	fd = open_hello();
	expect_eq(fd, lo, "open returns the lowest free descriptor");
	expect_eq(rsys(SYS_read, fd, buf, 5), 5, "read 5 bytes");
	ok(!memcmp(buf, HELLO_TXT, 5), "they are the first 5 bytes of the file");
	n = rsys(SYS_read, fd, buf, sizeof(buf));
	expect_eq(n, HELLO_LEN - 5, "read past the end returns the rest");
	ok(n == HELLO_LEN - 5 && !memcmp(buf, HELLO_TXT + 5, n), "the rest is right");
	expect_eq(rsys(SYS_read, fd, buf, sizeof(buf)), 0, "read at end of file returns 0");
	expect_eq(rsys(SYS_read, fd, buf, 0), 0, "read of 0 bytes returns 0");
	expect_eq(rsys(SYS_close, fd), 0, "close");
	expect_eq(rsys(SYS_close, fd), -EBADF, "close again: EBADF");
	expect_eq(rsys(SYS_close, -1), -EBADF, "close(-1): EBADF");
	expect_eq(rsys(SYS_close, 100000), -EBADF, "close(100000): EBADF");
	expect_eq(lowest_free_fd(), lo, "the descriptor is free again");

	/* the libc path too: open(3)/read(3) with errno */
	fd = open(hello(), O_RDONLY);
	ok(fd >= 0 && read(fd, buf, sizeof(buf)) == HELLO_LEN, "libc open and read");
	close(fd);
	expect_errno(open(P("/tests/data/nonexistent"), O_RDONLY), ENOENT,
		     "libc open of a missing file: -1, errno ENOENT");

	/* one file, many descriptors, each with its own offset */
	{
		long a = open_hello(), b = open_hello();
		char ca, cb;

		rsys(SYS_read, a, &ca, 1);
		rsys(SYS_read, a, &ca, 1);
		rsys(SYS_read, b, &cb, 1);
		ok(ca == HELLO_TXT[1] && cb == HELLO_TXT[0], "two opens have independent offsets");
		rsys(SYS_close, a);
		rsys(SYS_close, b);
	}

	/* unknown open flags are ignored by open (only openat2 refuses them) */
	fd = rsys(SYS_open, hello(), O_RDONLY | 0x40000000);
	ok(fd >= 0, "open ignores an unknown flag bit");
	if (fd >= 0)
		rsys(SYS_close, fd);

	/* many descriptors at once */
	{
		long fds[40];
		int good = 1;

		for (i = 0; i < 40; i++) {
			fds[i] = open_hello();
			if (fds[i] < 0 || (i && fds[i] != fds[i - 1] + 1))
				good = 0;
		}
		for (i = 0; i < 40; i++)
			if (fds[i] >= 0 && rsys(SYS_close, fds[i]) != 0)
				good = 0;
		ok(good, "40 descriptors open at once, numbered consecutively");
	}
}

static void test_open_errors(void)
{
	static char longpath[5000];
	long fd;
	int i;

	expect_eq(rsys(SYS_open, P("/tests/data/nonexistent"), O_RDONLY), -ENOENT,
		  "open a missing file: ENOENT");
	expect_eq(rsys(SYS_open, P("/tests/nonexistent/hello.txt"), O_RDONLY), -ENOENT,
		  "open through a missing directory: ENOENT");
	expect_eq(rsys(SYS_open, P("/tests/data/hello.txt/x"), O_RDONLY), -ENOTDIR,
		  "open through a regular file: ENOTDIR");
	expect_eq(rsys(SYS_open, P("/tests/data/hello.txt/"), O_RDONLY), -ENOTDIR,
		  "open a regular file with a trailing slash: ENOTDIR");
	expect_eq(rsys(SYS_open, hello(), O_RDONLY | O_DIRECTORY), -ENOTDIR,
		  "open a regular file with O_DIRECTORY: ENOTDIR");
	expect_eq(rsys(SYS_open, P("/tests/data"), O_WRONLY), -EISDIR,
		  "open a directory O_WRONLY: EISDIR");
	expect_eq(rsys(SYS_open, P("/tests/data"), O_RDWR), -EISDIR,
		  "open a directory O_RDWR: EISDIR");
	expect_eq(rsys(SYS_open, "", O_RDONLY), -ENOENT, "open the empty path: ENOENT");
	for (i = 0; i < NR_BAD_PTRS; i++)
		expect_eq(rsys(SYS_open, bad_ptrs[i].p, O_RDONLY), -EFAULT,
			  "open with the path at %s: EFAULT", bad_ptrs[i].name);
	memset(longpath, 'a', sizeof(longpath) - 1);
	expect_eq(rsys(SYS_open, longpath, O_RDONLY), -ENAMETOOLONG,
		  "open a 4999-byte path: ENAMETOOLONG");

	fd = rsys(SYS_open, P("/tests/data"), O_RDONLY);
	ok(fd >= 0, "open a directory O_RDONLY");
	rsys(SYS_close, fd);
	fd = rsys(SYS_open, P("/tests/data/"), O_RDONLY | O_DIRECTORY);
	ok(fd >= 0, "open a directory with a trailing slash and O_DIRECTORY");
	rsys(SYS_close, fd);
}

/* ---- path resolution ---- */

static void test_paths(void)
{
	static const char *const ok_paths[] = {
		"/tests/./data/hello.txt",
		"/tests//data///hello.txt",
		"/tests/data/../data/hello.txt",
		"/tests/data/dir/sub/../../hello.txt",
		"/tests/data/./././hello.txt",
	};
	char buf[8];
	unsigned i;
	long fd;

	for (i = 0; i < sizeof(ok_paths) / sizeof(ok_paths[0]); i++) {
		fd = rsys(SYS_open, P(ok_paths[i]), O_RDONLY);
		ok(fd >= 0 && rsys(SYS_read, fd, buf, 5) == 5 && !memcmp(buf, HELLO_TXT, 5),
		   "open %s", ok_paths[i]);
		if (fd >= 0)
			rsys(SYS_close, fd);
	}
	/* ".." of the root is the root */
	fd = rsys(SYS_open, "/../../dev/null", O_RDONLY);
	ok(fd >= 0, "open /../../dev/null (.. at the root stays there)");
	if (fd >= 0)
		rsys(SYS_close, fd);
	expect_eq(rsys(SYS_open, P("/tests/data/nonexistent/../hello.txt"), O_RDONLY), -ENOENT,
		  "a missing component before .. : ENOENT");
	expect_eq(rsys(SYS_open, P("/tests/data/hello.txt/../hello.txt"), O_RDONLY), -ENOTDIR,
		  "a file component before .. : ENOTDIR");
}

/* ---- openat ---- */

static void test_openat(void)
{
	char buf[8];
	long dfd, fd, ffd;

	dfd = rsys(SYS_open, P("/tests/data"), O_RDONLY | O_DIRECTORY);
	ok(dfd >= 0, "open the data directory");
	fd = rsys(SYS_openat, dfd, "hello.txt", O_RDONLY);
	ok(fd >= 0 && rsys(SYS_read, fd, buf, 5) == 5 && !memcmp(buf, HELLO_TXT, 5),
	   "openat(dirfd, \"hello.txt\")");
	rsys(SYS_close, fd);
	fd = rsys(SYS_openat, dfd, "dir/sub/c.txt", O_RDONLY);
	ok(fd >= 0 && rsys(SYS_read, fd, buf, 8) == 4 && !memcmp(buf, "ccc\n", 4),
	   "openat(dirfd, \"dir/sub/c.txt\")");
	rsys(SYS_close, fd);
	fd = rsys(SYS_openat, dfd, "../data/hello.txt", O_RDONLY);
	ok(fd >= 0, "openat(dirfd, \"../data/hello.txt\")");
	rsys(SYS_close, fd);
	fd = rsys(SYS_openat, AT_FDCWD, hello(), O_RDONLY);
	ok(fd >= 0, "openat(AT_FDCWD, absolute path)");
	rsys(SYS_close, fd);
	fd = rsys(SYS_openat, 999, hello(), O_RDONLY);
	ok(fd >= 0, "openat ignores a bad dirfd for an absolute path");
	rsys(SYS_close, fd);
	expect_eq(rsys(SYS_openat, 999, "hello.txt", O_RDONLY), -EBADF,
		  "openat(bad dirfd, relative path): EBADF");
	ffd = open_hello();
	expect_eq(rsys(SYS_openat, ffd, "x", O_RDONLY), -ENOTDIR,
		  "openat(regular file fd, relative path): ENOTDIR");
	expect_eq(rsys(SYS_openat, dfd, "nonexistent", O_RDONLY), -ENOENT,
		  "openat(dirfd, missing): ENOENT");
	expect_eq(rsys(SYS_openat, dfd, BAD_ONE, O_RDONLY), -EFAULT,
		  "openat with a bad path pointer: EFAULT");
	rsys(SYS_close, ffd);
	rsys(SYS_close, dfd);
}

/* ---- read and write errors, devices ---- */

static void test_rw_errors(void)
{
	static char zeros[4096];
	char buf[4096];
	long fd, dfd, nfd;
	int i;

	fd = open_hello();
	dfd = rsys(SYS_open, P("/tests/data"), O_RDONLY | O_DIRECTORY);
	nfd = rsys(SYS_open, "/dev/null", O_WRONLY);

	expect_eq(rsys(SYS_read, -1, buf, 1), -EBADF, "read(-1): EBADF");
	expect_eq(rsys(SYS_read, 999, buf, 1), -EBADF, "read(999): EBADF");
	expect_eq(rsys(SYS_read, nfd, buf, 1), -EBADF, "read from an O_WRONLY descriptor: EBADF");
	expect_eq(rsys(SYS_read, dfd, buf, 1), -EISDIR, "read from a directory: EISDIR");
	for (i = 0; i < NR_BAD_PTRS; i++)
		expect_eq(rsys(SYS_read, fd, bad_ptrs[i].p, 16), -EFAULT,
			  "read into %s: EFAULT", bad_ptrs[i].name);
	expect_eq(rsys(SYS_lseek, fd, 0, SEEK_CUR), 0, "a faulting read does not move the offset");
	/* the range is checked (access_ok) before anything, even for 0 bytes */
	expect_eq(rsys(SYS_read, fd, BAD_ONE, 0), 0, "read of 0 bytes into 0x1: 0");
	expect_eq(rsys(SYS_read, fd, BAD_KERNEL, 0), -EFAULT,
		  "read of 0 bytes into a kernel address: EFAULT");
	expect_eq(rsys(SYS_write, fd, "x", 1), -EBADF, "write to an O_RDONLY file: EBADF");
	expect_eq(rsys(SYS_write, dfd, "x", 1), -EBADF, "write to a directory: EBADF");
	expect_eq(rsys(SYS_write, -1, "x", 1), -EBADF, "write(-1): EBADF");
	expect_eq(rsys(SYS_write, 999, "x", 1), -EBADF, "write(999): EBADF");

	expect_eq(rsys(SYS_write, nfd, buf, 100), 100, "write 100 bytes to /dev/null");
	expect_eq(rsys(SYS_write, nfd, buf, 0), 0, "write 0 bytes to /dev/null");
	/* /dev/null never touches the buffer: only the range check can fail */
	expect_eq(rsys(SYS_write, nfd, BAD_ONE, 10), 10, "write to /dev/null from 0x1: 10");
	expect_eq(rsys(SYS_write, nfd, BAD_KERNEL, 10), -EFAULT,
		  "write to /dev/null from a kernel address: EFAULT");
	rsys(SYS_close, nfd);
	nfd = rsys(SYS_open, "/dev/null", O_RDONLY);
	expect_eq(rsys(SYS_read, nfd, buf, sizeof(buf)), 0, "read from /dev/null: 0 (EOF)");
	expect_eq(rsys(SYS_read, nfd, BAD_ONE, 10), 0, "read from /dev/null into 0x1: 0");
	rsys(SYS_close, nfd);

	nfd = rsys(SYS_open, "/dev/zero", O_RDWR);
	ok(nfd >= 0, "open /dev/zero O_RDWR");
	memset(buf, 0x55, sizeof(buf));
	expect_eq(rsys(SYS_read, nfd, buf, sizeof(buf)), sizeof(buf),
		  "read 4096 bytes of /dev/zero");
	ok(!memcmp(buf, zeros, sizeof(buf)), "they are zeros");
	expect_eq(rsys(SYS_write, nfd, buf, 10), 10, "write to /dev/zero succeeds (discarded)");
	expect_eq(rsys(SYS_read, nfd, BAD_ONE, 16), -EFAULT, "read /dev/zero into 0x1: EFAULT");
	rsys(SYS_close, nfd);

	rsys(SYS_close, fd);
	rsys(SYS_close, dfd);
}

/* ---- readv ---- */

static void test_readv(void)
{
	char a[3], b[1], c[10], big[64];
	struct iovec iov[3] = {
		{ a, sizeof(a) }, { b, 0 }, { c, sizeof(c) },
	};
	struct iovec bad[2];
	static struct iovec many[1025];
	long fd = open_hello();
	int i;

	expect_eq(rsys(SYS_readv, fd, iov, 3), 13, "readv into 3+0+10 bytes returns 13");
	ok(!memcmp(a, HELLO_TXT, 3) && !memcmp(c, HELLO_TXT + 3, 10),
	   "readv fills the buffers in order");
	expect_eq(rsys(SYS_readv, fd, iov, 0), 0, "readv of 0 vectors returns 0");
	expect_eq(rsys(SYS_readv, fd, iov, -1), -EINVAL, "readv with iovcnt -1: EINVAL");
	expect_eq(rsys(SYS_readv, fd, many, 1025), -EINVAL, "readv with iovcnt 1025: EINVAL");
	for (i = 0; i < 1024; i++)
		many[i] = (struct iovec){ big, 0 };
	many[1023].iov_len = 1;
	expect_eq(rsys(SYS_readv, fd, many, 1024), 1, "readv with iovcnt 1024 (IOV_MAX)");
	expect_eq(rsys(SYS_readv, fd, BAD_ONE, 1), -EFAULT,
		  "readv with the iovec array at 0x1: EFAULT");
	expect_eq(rsys(SYS_readv, fd, BAD_KERNEL, 1), -EFAULT,
		  "readv with the iovec array at a kernel address: EFAULT");
	bad[0] = (struct iovec){ BAD_ONE, 8 };
	expect_eq(rsys(SYS_readv, fd, bad, 1), -EFAULT, "readv into iov_base 0x1: EFAULT");
	bad[0] = (struct iovec){ big, (size_t)-1 };
	expect_eq(rsys(SYS_readv, fd, bad, 1), -EINVAL, "readv with a negative iov_len: EINVAL");
	expect_eq(rsys(SYS_readv, -1, iov, 3), -EBADF, "readv(-1): EBADF");

	/* a fault after some bytes were copied returns those bytes */
	rsys(SYS_lseek, fd, 0, SEEK_SET);
	bad[0] = (struct iovec){ big, 5 };
	bad[1] = (struct iovec){ BAD_ONE, 8 };
	expect_eq(rsys(SYS_readv, fd, bad, 2), 5, "readv that faults in the 2nd vector returns 5");
	expect_eq(rsys(SYS_lseek, fd, 0, SEEK_CUR), 5, "and the offset moved by 5");

	rsys(SYS_lseek, fd, 0, SEEK_END);
	expect_eq(rsys(SYS_readv, fd, iov, 3), 0, "readv at end of file returns 0");
	rsys(SYS_close, fd);
}

/* ---- lseek ---- */

static void test_lseek(void)
{
	char buf[8];
	long fd = open_hello(), nfd;
	int p[2];

	expect_eq(rsys(SYS_lseek, fd, 7, SEEK_SET), 7, "lseek SEEK_SET 7");
	ok(rsys(SYS_read, fd, buf, 2) == 2 && !memcmp(buf, HELLO_TXT + 7, 2), "read there");
	expect_eq(rsys(SYS_lseek, fd, -3, SEEK_CUR), 6, "lseek SEEK_CUR -3");
	expect_eq(rsys(SYS_lseek, fd, 0, SEEK_END), HELLO_LEN, "lseek SEEK_END 0 is the size");
	expect_eq(rsys(SYS_lseek, fd, -5, SEEK_END), HELLO_LEN - 5, "lseek SEEK_END -5");
	ok(rsys(SYS_read, fd, buf, 8) == 5 && !memcmp(buf, HELLO_TXT + HELLO_LEN - 5, 5),
	   "read the last 5 bytes");
	expect_eq(rsys(SYS_lseek, fd, HELLO_LEN + 100, SEEK_SET), HELLO_LEN + 100,
		  "lseek past the end");
	expect_eq(rsys(SYS_read, fd, buf, 8), 0, "read past the end returns 0");
	rsys(SYS_lseek, fd, 10, SEEK_SET);
	expect_eq(rsys(SYS_lseek, fd, -1, SEEK_SET), -EINVAL, "lseek to -1: EINVAL");
	expect_eq(rsys(SYS_lseek, fd, -11, SEEK_CUR), -EINVAL, "lseek SEEK_CUR before 0: EINVAL");
	expect_eq(rsys(SYS_lseek, fd, -HELLO_LEN - 1, SEEK_END), -EINVAL,
		  "lseek SEEK_END before 0: EINVAL");
	expect_eq(rsys(SYS_lseek, fd, 0, 99), -EINVAL, "lseek whence 99: EINVAL");
	expect_eq(rsys(SYS_lseek, fd, 0, SEEK_CUR), 10, "failed lseeks leave the offset alone");
	expect_eq(rsys(SYS_lseek, -1, 0, SEEK_SET), -EBADF, "lseek(-1): EBADF");
	rsys(SYS_pipe, p);
	expect_eq(rsys(SYS_lseek, p[0], 0, SEEK_SET), -ESPIPE, "lseek on a pipe: ESPIPE");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);
	nfd = rsys(SYS_open, "/dev/null", O_RDONLY);
	expect_eq(rsys(SYS_lseek, nfd, 100, SEEK_SET), 0, "lseek on /dev/null returns 0");
	rsys(SYS_close, nfd);
	rsys(SYS_close, fd);
}

/* ---- fstat, newfstatat ---- */

static void test_stat(void)
{
	struct stat st;
	long fd, dfd, nfd;
	int i;

	fd = open_hello();
	memset(&st, 0, sizeof(st));
	expect_eq(rsys(SYS_fstat, fd, &st), 0, "fstat a file");
	ok(S_ISREG(st.st_mode), "it is a regular file");
	expect_eq(st.st_size, HELLO_LEN, "st_size is the file's size");

	dfd = rsys(SYS_open, P("/tests/data"), O_RDONLY | O_DIRECTORY);
	memset(&st, 0, sizeof(st));
	ok(rsys(SYS_fstat, dfd, &st) == 0 && S_ISDIR(st.st_mode), "fstat a directory: S_IFDIR");
	nfd = rsys(SYS_open, "/dev/null", O_RDONLY);
	memset(&st, 0, sizeof(st));
	ok(rsys(SYS_fstat, nfd, &st) == 0 && S_ISCHR(st.st_mode), "fstat /dev/null: S_IFCHR");
	rsys(SYS_close, nfd);
	expect_eq(rsys(SYS_fstat, -1, &st), -EBADF, "fstat(-1): EBADF");
	expect_eq(rsys(SYS_fstat, 999, &st), -EBADF, "fstat(999): EBADF");
	for (i = 0; i < NR_BAD_PTRS; i++)
		expect_eq(rsys(SYS_fstat, fd, bad_ptrs[i].p), -EFAULT,
			  "fstat into %s: EFAULT", bad_ptrs[i].name);

	memset(&st, 0, sizeof(st));
	ok(rsys(SYS_newfstatat, AT_FDCWD, hello(), &st, 0) == 0 && S_ISREG(st.st_mode) &&
	   st.st_size == HELLO_LEN, "stat (newfstatat AT_FDCWD, absolute path)");
	memset(&st, 0, sizeof(st));
	ok(rsys(SYS_newfstatat, AT_FDCWD, hello(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	   S_ISREG(st.st_mode) && st.st_size == HELLO_LEN, "lstat (AT_SYMLINK_NOFOLLOW)");
	memset(&st, 0, sizeof(st));
	ok(rsys(SYS_newfstatat, dfd, "hello.txt", &st, 0) == 0 && st.st_size == HELLO_LEN,
	   "newfstatat(dirfd, relative path)");
	memset(&st, 0, sizeof(st));
	ok(rsys(SYS_newfstatat, dfd, "dir", &st, 0) == 0 && S_ISDIR(st.st_mode),
	   "newfstatat of a directory: S_IFDIR");
	memset(&st, 0, sizeof(st));
	ok(rsys(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH) == 0 && st.st_size == HELLO_LEN,
	   "newfstatat(fd, \"\", AT_EMPTY_PATH) is fstat");
	expect_eq(rsys(SYS_newfstatat, AT_FDCWD, "", &st, 0), -ENOENT,
		  "newfstatat of \"\" without AT_EMPTY_PATH: ENOENT");
	expect_eq(rsys(SYS_newfstatat, AT_FDCWD, P("/tests/data/nonexistent"), &st, 0), -ENOENT,
		  "newfstatat of a missing file: ENOENT");
	expect_eq(rsys(SYS_newfstatat, AT_FDCWD, P("/tests/data/hello.txt/x"), &st, 0), -ENOTDIR,
		  "newfstatat through a file: ENOTDIR");
	expect_eq(rsys(SYS_newfstatat, 999, "hello.txt", &st, 0), -EBADF,
		  "newfstatat(bad dirfd, relative path): EBADF");
	expect_eq(rsys(SYS_newfstatat, AT_FDCWD, BAD_ONE, &st, 0), -EFAULT,
		  "newfstatat with the path at 0x1: EFAULT");
	expect_eq(rsys(SYS_newfstatat, AT_FDCWD, hello(), BAD_ONE, 0), -EFAULT,
		  "newfstatat into 0x1: EFAULT");
	expect_eq(rsys(SYS_newfstatat, AT_FDCWD, hello(), BAD_KERNEL, 0), -EFAULT,
		  "newfstatat into a kernel address: EFAULT");
	expect_eq(rsys(SYS_newfstatat, AT_FDCWD, hello(), &st, 0x1), -EINVAL,
		  "newfstatat with flags 0x1: EINVAL");
	rsys(SYS_close, fd);
	rsys(SYS_close, dfd);
}

/* ---- getdents64 ---- */

struct kdirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define NR_DIR_ENTRIES 5
static const struct {
	const char *name;
	unsigned char type;
} dir_entries[NR_DIR_ENTRIES] = {
	{ ".", DT_DIR },
	{ "..", DT_DIR },
	{ "a.txt", DT_REG },
	{ "b.txt", DT_REG },
	{ "sub", DT_DIR },
};

/*
 * Read the whole directory with getdents64 calls of bufsize bytes; return
 * 1 if it holds exactly dir_entries (in any order, each once, right type)
 * and every record is well formed.
 */
static int list_dir(long dfd, size_t bufsize, int *calls)
{
	_Alignas(8) char buf[4096];
	int seen[NR_DIR_ENTRIES] = { 0 };
	int good = 1, total = 0, i;

	*calls = 0;
	for (;;) {
		long n = rsys(SYS_getdents64, dfd, buf, bufsize), off;

		if (n < 0)
			return 0;
		if (n == 0)
			break;
		++*calls;
		for (off = 0; off < n;) {
			struct kdirent64 *d = (struct kdirent64 *)(buf + off);
			size_t len = strnlen(d->d_name, 256);

			if (d->d_reclen < 20 || d->d_reclen % 8 || off + d->d_reclen > n ||
			    19 + len + 1 > d->d_reclen)
				return 0;
			for (i = 0; i < NR_DIR_ENTRIES; i++)
				if (!strcmp(d->d_name, dir_entries[i].name))
					break;
			if (i == NR_DIR_ENTRIES || seen[i]++ || d->d_type != dir_entries[i].type)
				good = 0;
			total++;
			off += d->d_reclen;
		}
		if (*calls > 100)
			return 0;
	}
	return good && total == NR_DIR_ENTRIES;
}

static void test_getdents(void)
{
	_Alignas(8) char buf[256];
	long dfd, fd;
	int calls;

	dfd = rsys(SYS_open, P("/tests/data/dir"), O_RDONLY | O_DIRECTORY);
	ok(dfd >= 0, "open /tests/data/dir");
	ok(list_dir(dfd, 4096, &calls), "getdents64 lists . .. a.txt b.txt sub with their d_type");
	expect_eq(rsys(SYS_getdents64, dfd, buf, sizeof(buf)), 0,
		  "getdents64 at the end returns 0");
	expect_eq(rsys(SYS_lseek, dfd, 0, SEEK_SET), 0, "lseek a directory back to 0");
	ok(list_dir(dfd, 32, &calls) && calls == NR_DIR_ENTRIES,
	   "getdents64 with a 32-byte buffer: one entry per call, same list");
	rsys(SYS_lseek, dfd, 0, SEEK_SET);
	expect_eq(rsys(SYS_getdents64, dfd, buf, 10), -EINVAL,
		  "getdents64 with a buffer too small for one entry: EINVAL");
	expect_eq(rsys(SYS_getdents64, dfd, BAD_ONE, 4096), -EFAULT,
		  "getdents64 into 0x1: EFAULT");
	expect_eq(rsys(SYS_getdents64, dfd, BAD_KERNEL, 4096), -EFAULT,
		  "getdents64 into a kernel address: EFAULT");
	expect_eq(rsys(SYS_getdents64, -1, buf, sizeof(buf)), -EBADF, "getdents64(-1): EBADF");
	fd = open_hello();
	expect_eq(rsys(SYS_getdents64, fd, buf, sizeof(buf)), -ENOTDIR,
		  "getdents64 on a regular file: ENOTDIR");
	rsys(SYS_close, fd);
	rsys(SYS_close, dfd);
}

/* ---- fcntl ---- */

static void test_fcntl(void)
{
	long fd, cfd, d, nfd;
	int p[2];
	char c;

	fd = open_hello();
	expect_eq(rsys(SYS_fcntl, fd, F_GETFD), 0, "F_GETFD of a new descriptor is 0");
	expect_eq(rsys(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
	expect_eq(rsys(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC, "F_GETFD reads it back");
	rsys(SYS_fcntl, fd, F_SETFD, 0);
	expect_eq(rsys(SYS_fcntl, fd, F_GETFD), 0, "F_SETFD 0 clears it");
	cfd = rsys(SYS_open, hello(), O_RDONLY | O_CLOEXEC);
	expect_eq(rsys(SYS_fcntl, cfd, F_GETFD), FD_CLOEXEC, "open O_CLOEXEC sets FD_CLOEXEC");

	expect_eq(rsys(SYS_fcntl, fd, F_GETFL), O_RDONLY | LARGEFILE,
		  "F_GETFL of an O_RDONLY file is O_RDONLY|O_LARGEFILE");
	expect_eq(rsys(SYS_fcntl, cfd, F_GETFL), O_RDONLY | LARGEFILE,
		  "F_GETFL does not show O_CLOEXEC");
	nfd = rsys(SYS_open, "/dev/null", O_WRONLY | O_APPEND);
	expect_eq(rsys(SYS_fcntl, nfd, F_GETFL), O_WRONLY | O_APPEND | LARGEFILE,
		  "F_GETFL of /dev/null O_WRONLY|O_APPEND");
	rsys(SYS_close, nfd);
	rsys(SYS_pipe, p);
	expect_eq(rsys(SYS_fcntl, p[0], F_GETFL), O_RDONLY,
		  "F_GETFL of a pipe's read end: O_RDONLY");
	expect_eq(rsys(SYS_fcntl, p[1], F_GETFL), O_WRONLY,
		  "F_GETFL of a pipe's write end: O_WRONLY");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);

	d = rsys(SYS_fcntl, cfd, F_DUPFD, 20);
	expect_eq(d, 20, "F_DUPFD 20 returns 20 (the lowest free >= 20)");
	expect_eq(rsys(SYS_fcntl, d, F_GETFD), 0, "the F_DUPFD copy has FD_CLOEXEC clear");
	expect_eq(rsys(SYS_fcntl, cfd, F_DUPFD, 20), 21, "F_DUPFD 20 again returns 21");
	rsys(SYS_lseek, cfd, 3, SEEK_SET);
	ok(rsys(SYS_read, d, &c, 1) == 1 && c == HELLO_TXT[3], "the copy shares the offset");
	rsys(SYS_close, 21);
	rsys(SYS_close, d);
	d = rsys(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 20);
	ok(d == 20 && rsys(SYS_fcntl, d, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC sets FD_CLOEXEC");
	rsys(SYS_close, d);
	expect_eq(rsys(SYS_fcntl, fd, F_DUPFD, -1), -EINVAL, "F_DUPFD -1: EINVAL");
	expect_eq(rsys(SYS_fcntl, -1, F_GETFD), -EBADF, "fcntl(-1, F_GETFD): EBADF");
	expect_eq(rsys(SYS_fcntl, 999, F_GETFL), -EBADF, "fcntl(999, F_GETFL): EBADF");
	expect_eq(rsys(SYS_fcntl, 999, F_DUPFD, 0), -EBADF, "fcntl(999, F_DUPFD): EBADF");
	expect_eq(rsys(SYS_fcntl, fd, 9999), -EINVAL, "fcntl command 9999: EINVAL");
	rsys(SYS_close, cfd);
	rsys(SYS_close, fd);
}

/* ---- dup, dup2, dup3 ---- */

static void test_dup(void)
{
	long fd, cfd, d, lo;
	int p[2];
	char c;

	fd = open_hello();
	lo = lowest_free_fd();
	d = rsys(SYS_dup, fd);
	expect_eq(d, lo, "dup returns the lowest free descriptor");
	rsys(SYS_lseek, fd, 4, SEEK_SET);
	ok(rsys(SYS_read, d, &c, 1) == 1 && c == HELLO_TXT[4] &&
	   rsys(SYS_lseek, fd, 0, SEEK_CUR) == 5, "dup shares the offset both ways");
	rsys(SYS_close, fd);
	ok(rsys(SYS_read, d, &c, 1) == 1 && c == HELLO_TXT[5],
	   "the copy works after the original is closed");
	fd = d;
	cfd = rsys(SYS_open, hello(), O_RDONLY | O_CLOEXEC);
	d = rsys(SYS_dup, cfd);
	expect_eq(rsys(SYS_fcntl, d, F_GETFD), 0, "dup clears FD_CLOEXEC on the copy");
	expect_eq(rsys(SYS_fcntl, cfd, F_GETFD), FD_CLOEXEC, "and leaves it on the original");
	rsys(SYS_close, d);
	rsys(SYS_close, cfd);
	expect_eq(rsys(SYS_dup, -1), -EBADF, "dup(-1): EBADF");
	expect_eq(rsys(SYS_dup, 999), -EBADF, "dup(999): EBADF");

	expect_eq(rsys(SYS_dup2, fd, 30), 30, "dup2(fd, 30) returns 30");
	rsys(SYS_lseek, fd, 0, SEEK_SET);
	ok(rsys(SYS_read, 30, &c, 1) == 1 && c == HELLO_TXT[0], "and 30 reads the file");
	expect_eq(rsys(SYS_dup2, fd, fd), fd, "dup2(fd, fd) returns fd");
	expect_eq(rsys(SYS_dup2, 999, 30), -EBADF, "dup2(bad, 30): EBADF");
	expect_eq(rsys(SYS_fcntl, 30, F_GETFD), 0, "a failed dup2 leaves the target open");
	expect_eq(rsys(SYS_dup2, 999, 999), -EBADF, "dup2(bad, same bad): EBADF");
	expect_eq(rsys(SYS_dup2, fd, -1), -EBADF, "dup2(fd, -1): EBADF");
	expect_eq(rsys(SYS_dup2, fd, 1 << 20), -EBADF, "dup2(fd, 1<<20): EBADF");
	/* dup2 onto an open descriptor closes it: the pipe loses its writer */
	rsys(SYS_pipe, p);
	expect_eq(rsys(SYS_dup2, fd, p[1]), p[1], "dup2 onto an open pipe write end");
	expect_eq(rsys(SYS_read, p[0], &c, 1), 0, "the pipe's old writer was closed: EOF");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);
	rsys(SYS_close, 30);

	expect_eq(rsys(SYS_dup3, fd, 31, O_CLOEXEC), 31, "dup3(fd, 31, O_CLOEXEC)");
	expect_eq(rsys(SYS_fcntl, 31, F_GETFD), FD_CLOEXEC, "sets FD_CLOEXEC on 31");
	expect_eq(rsys(SYS_dup3, fd, 31, 0), 31, "dup3(fd, 31, 0) over it");
	expect_eq(rsys(SYS_fcntl, 31, F_GETFD), 0, "clears it");
	expect_eq(rsys(SYS_dup3, fd, fd, 0), -EINVAL, "dup3(fd, fd, 0): EINVAL");
	expect_eq(rsys(SYS_dup3, fd, 32, O_NONBLOCK), -EINVAL, "dup3 with O_NONBLOCK: EINVAL");
	expect_eq(rsys(SYS_dup3, 999, 32, 0), -EBADF, "dup3(bad, 32, 0): EBADF");
	rsys(SYS_close, 31);
	rsys(SYS_close, fd);
}

/* ---- ioctl on things that are not terminals ---- */

static void test_ioctl(void)
{
	struct winsize ws;
	char termios[64];
	long nfd, fd;
	int p[2];

	nfd = rsys(SYS_open, "/dev/null", O_RDWR);
	fd = open_hello();
	rsys(SYS_pipe, p);
	expect_eq(rsys(SYS_ioctl, nfd, TCGETS, termios), -ENOTTY, "TCGETS on /dev/null: ENOTTY");
	expect_eq(rsys(SYS_ioctl, nfd, TIOCGWINSZ, &ws), -ENOTTY,
		  "TIOCGWINSZ on /dev/null: ENOTTY");
	expect_eq(rsys(SYS_ioctl, p[0], TCGETS, termios), -ENOTTY, "TCGETS on a pipe: ENOTTY");
	expect_eq(rsys(SYS_ioctl, p[1], TIOCGWINSZ, &ws), -ENOTTY, "TIOCGWINSZ on a pipe: ENOTTY");
	expect_eq(rsys(SYS_ioctl, fd, TCGETS, termios), -ENOTTY,
		  "TCGETS on a regular file: ENOTTY");
	expect_eq(rsys(SYS_ioctl, -1, TCGETS, termios), -EBADF, "ioctl(-1): EBADF");
	expect_eq(rsys(SYS_ioctl, 999, TIOCGWINSZ, &ws), -EBADF, "ioctl(999): EBADF");
	errno = 0;
	ok(!isatty(nfd) && errno == ENOTTY, "isatty(/dev/null) is 0 with errno ENOTTY");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);
	rsys(SYS_close, fd);
	rsys(SYS_close, nfd);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	test_open_read();
	test_open_errors();
	test_paths();
	test_openat();
	test_rw_errors();
	test_readv();
	test_lseek();
	test_stat();
	test_getdents();
	test_fcntl();
	test_dup();
	test_ioctl();
	return tap_done();
}
