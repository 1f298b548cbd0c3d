/*
 * tests/user/t_efault.c - bad user pointers, handed to every syscall of
 * lom's table that takes one, get what Linux gives: -EFAULT (never a
 * signal, never a crash), or whatever Linux does first or instead.
 *
 * The bad pointers: two kernel addresses (0xffffffff81000000, the
 * kernel's text, and 0xffff888000000000, the direct map), the end of user
 * space (0x7ffffffff000, TASK_SIZE_MAX), a non-canonical address, a page
 * that was just unmapped, and NULL where Linux faults on it.  An address
 * past user space fails Linux's access_ok() before anything happens (so
 * even a 0-byte read faults, and a buffer may end at 0x7ffffffff000 but
 * not cross it); an unmapped user page passes it and faults only
 * when touched (so a 0-byte read, a read at end of file or a write to
 * /dev/null succeed).  A buffer whose first bytes are mapped and the
 * rest not gives a short count where Linux copies byte by byte, and
 * -EFAULT where it copies a whole record.  Syscalls that change state
 * before writing a result back (rt_sigaction's old action, prlimit64's
 * old limit, wait4's status) have changed it when -EFAULT comes.
 *
 * The only mmap: the unmapped page (its hole must stay a hole, so the
 * program allocates nothing afterwards).  Signals: SIGUSR1 interrupts
 * the sleeps (a child sends it until the sleep returns); children die
 * of SIGSEGV where Linux sends one: rt_sigreturn with a bad frame, a
 * signal frame that cannot be written, a handler without SA_RESTORER.
 *
 * Covered: read, pread64, readv, write, writev, every path (open, openat,
 * stat, lstat, newfstatat, access, faccessat, faccessat2, chdir,
 * readlink, readlinkat, execve), stat buffers, rt_sigaction,
 * rt_sigprocmask, rt_sigpending, rt_sigsuspend, nanosleep,
 * clock_nanosleep, ioctl (FIONBIO, FIONREAD; TCGETS, TCSETS, TIOCGWINSZ,
 * TIOCSWINSZ on a terminal: a pty master on Linux, the console on lom),
 * pipe, pipe2, getdents64, getcwd, execve's argv and envp, wait4,
 * set_tid_address and clone's tid pointers (never checked, as Linux),
 * uname, clock_gettime, clock_getres, gettimeofday, time, getrlimit,
 * setrlimit, prlimit64, getrusage, getrandom, getcpu, sched_getaffinity,
 * arch_prctl, prctl(PR_SET_NAME, PR_GET_NAME), ptrace (PEEKDATA, GETREGS,
 * GETSIGINFO, GETEVENTMSG), process_vm_readv, rt_sigreturn.  Not reboot
 * (its argument is unused for the commands lom has, and Linux is the
 * host).  Usage: t_efault [ROOT]
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include "tap.h"

#define PLAN 657

#define KA ((void *)0xffffffff81000000UL)
#define KB ((void *)0xffff888000000000UL)
#define TOP ((void *)0x7ffffffff000UL)      /* Linux's TASK_SIZE_MAX: no user address from here */
#define NONCANON ((void *)0x800000000000UL) /* with 4-level paging */

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PTRACE_TRACEME 0
#define PTRACE_PEEKDATA 2
#define PTRACE_GETREGS 12
#define PTRACE_GETEVENTMSG 0x4201
#define PTRACE_GETSIGINFO 0x4202
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define RLIMIT_NOFILE 7
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_SETTID 0x01000000
#define SA_RESTORER 0x04000000

/* the page after this mapped one is unmapped: bad[UNMAPPED].p == edge */
static char *edge;

struct bad {
	void *p;
	const char *name;
};
/* NULL last: loops over NBAD_NONNULL skip it where NULL means "none" */
static struct bad bad[] = {
	{ KA, "kernel 0xffffffff81000000" },
	{ KB, "kernel 0xffff888000000000" },
	{ TOP, "0x7ffffffff000 (the end of user space)" },
	{ NONCANON, "non-canonical 0x800000000000" },
	{ NULL, "an unmapped page" },
	{ NULL, "NULL" },
};
#define NBAD 6
#define NBAD_NONNULL 5
#define UNMAPPED 4
#define FOR_BAD(b, n) for (const struct bad *b = bad; b < bad + (n); b++)

static char buf[8192];
static const char hello_path[] = "/tests/data/hello.txt";

static void setup(void)
{
	char *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || munmap(m + 4096, 4096)) {
		tap_printf("Bail out! cannot make an unmapped page\n");
		_exit(1);
	}
	edge = m + 4096;
	bad[UNMAPPED].p = edge;
}

static int open_ro(const char *path)
{
	return (int)rsys(SYS_open, path, O_RDONLY);
}

/* a user address (NULL too): access_ok() lets it through, only a copy faults */
static int user_addr(const struct bad *b)
{
	return (unsigned long)b->p < (unsigned long)TOP;
}

/* ---- read, pread64, readv ---- */

static void test_read(void)
{
	int fd = open_ro(P(hello_path)), p[2];

	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_read, fd, b->p, 16), -EFAULT, "read a file into %s: EFAULT", b->name);
	expect_eq(rsys(SYS_lseek, fd, 0, SEEK_CUR), 0, "the faulting reads left the offset at 0");
	expect_eq(rsys(SYS_read, fd, edge - 5, 16), 5, "read a file into 5 good bytes before an unmapped page: 5");
	ok(!memcmp(edge - 5, HELLO_TXT, 5), "those 5 bytes are the file's first");
	expect_eq(rsys(SYS_lseek, fd, 0, SEEK_CUR), 5, "the offset moved by 5");
	expect_eq(rsys(SYS_read, fd, KA, 0), -EFAULT, "read 0 bytes into a kernel address: EFAULT");
	expect_eq(rsys(SYS_read, fd, edge, 0), 0, "read 0 bytes into an unmapped page: 0");
	rsys(SYS_lseek, fd, 0, SEEK_END);
	expect_eq(rsys(SYS_read, fd, edge, 16), 0, "read at end of file into an unmapped page: 0");
	expect_eq(rsys(SYS_read, fd, KA, 16), -EFAULT, "read at end of file into a kernel address: EFAULT");
	expect_eq(rsys(SYS_read, 200, KA, 16), -EBADF, "read a closed descriptor into a kernel address: EBADF");

	/* pread64 goes through the same checks */
	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_pread64, fd, b->p, 16, 0), -EFAULT, "pread64 into %s: EFAULT", b->name);
	expect_eq(rsys(SYS_pread64, fd, edge - 7, 16, 1), 7, "pread64 into 7 good bytes before an unmapped page: 7");
	ok(!memcmp(edge - 7, HELLO_TXT + 1, 7), "those 7 bytes are the file's from offset 1");
	expect_eq(rsys(SYS_pread64, fd, KA, 0, 0), -EFAULT, "pread64 0 bytes into a kernel address: EFAULT");
	expect_eq(rsys(SYS_pread64, fd, KA, 16, 4096), -EFAULT,
		  "pread64 past end of file into a kernel address: EFAULT");
	expect_eq(rsys(SYS_pread64, fd, edge, 16, 4096), 0, "pread64 past end of file into an unmapped page: 0");
	rsys(SYS_close, fd);

	/* pipes: EAGAIN when empty unless access_ok fails first; a faulting read keeps the data */
	rsys(SYS_pipe2, p, O_NONBLOCK);
	expect_eq(rsys(SYS_read, p[0], edge, 16), -EAGAIN, "read an empty non-blocking pipe into an unmapped page: EAGAIN");
	expect_eq(rsys(SYS_read, p[0], KA, 16), -EFAULT, "read an empty non-blocking pipe into a kernel address: EFAULT");
	rsys(SYS_write, p[1], "hello", 5);
	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_read, p[0], b->p, 16), -EFAULT, "read a pipe into %s: EFAULT", b->name);
	expect_eq(rsys(SYS_read, p[0], edge - 2, 16), -EFAULT,
		  "read a pipe into 2 good bytes before an unmapped page: EFAULT");
	memset(buf, 0, 16);
	expect_eq(rsys(SYS_read, p[0], buf, 16), 5, "then the pipe still holds the 5 bytes");
	ok(!memcmp(buf, "hello", 5), "and they are the bytes written");
	rsys(SYS_close, p[1]);
	expect_eq(rsys(SYS_read, p[0], edge, 16), 0, "read a pipe at end of file into an unmapped page: 0");
	rsys(SYS_close, p[0]);

	/* devices */
	fd = open_ro("/dev/zero");
	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_read, fd, b->p, 16), -EFAULT, "read /dev/zero into %s: EFAULT", b->name);
	memset(edge - 3, 1, 3);
	expect_eq(rsys(SYS_read, fd, edge - 3, 16), 3, "read /dev/zero into 3 good bytes before an unmapped page: 3");
	ok(!edge[-3] && !edge[-2] && !edge[-1], "those 3 bytes are zero");
	rsys(SYS_close, fd);
	fd = open_ro("/dev/null");
	expect_eq(rsys(SYS_read, fd, edge, 16), 0, "read /dev/null into an unmapped page: 0");
	expect_eq(rsys(SYS_read, fd, KA, 16), -EFAULT, "read /dev/null into a kernel address: EFAULT");
	rsys(SYS_close, fd);

	/* /proc: a short copy counts, and the next read goes on from there */
	fd = open_ro("/proc/meminfo");
	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_read, fd, b->p, 64), -EFAULT, "read /proc/meminfo into %s: EFAULT", b->name);
	expect_eq(rsys(SYS_read, fd, edge - 3, 64), 3, "read /proc/meminfo into 3 good bytes before an unmapped page: 3");
	ok(!memcmp(edge - 3, "Mem", 3), "those are its first 3 bytes");
	memset(buf, 0, 16);
	expect_eq(rsys(SYS_read, fd, buf, 6), 6, "the next read goes on");
	ok(!memcmp(buf, "Total:", 6), "from byte 3");
	rsys(SYS_close, fd);
}

static void test_readv(void)
{
	int fd = open_ro(P(hello_path)), wfd = (int)rsys(SYS_open, "/dev/null", O_WRONLY);
	struct iovec iov[2];

	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_readv, fd, b->p, 1), -EFAULT, "readv with the iovec array at %s: EFAULT", b->name);
	expect_eq(rsys(SYS_readv, fd, KA, 0), 0, "readv of 0 iovecs at a kernel address: 0");
	expect_eq(rsys(SYS_readv, 200, KA, 1), -EBADF, "readv a closed descriptor, iovecs at a kernel address: EBADF");
	expect_eq(rsys(SYS_readv, wfd, KA, 1), -EBADF,
		  "readv a write-only descriptor, iovecs at a kernel address: EBADF");
	iov[0].iov_base = buf;
	iov[0].iov_len = 4;
	iov[1].iov_len = 4;
	FOR_BAD(b, NBAD) {
		iov[1].iov_base = b->p;
		rsys(SYS_lseek, fd, 0, SEEK_SET);
		expect_eq(rsys(SYS_readv, fd, iov, 2), user_addr(b) ? 4 : -EFAULT,
			  "readv a file into a good buffer then %s: %s", b->name, user_addr(b) ? "4" : "EFAULT");
	}
	iov[1].iov_base = KA;
	iov[1].iov_len = 0;
	expect_eq(rsys(SYS_readv, fd, iov, 2), -EFAULT, "readv with a 0-byte iovec at a kernel address: EFAULT");
	iov[1].iov_base = edge;
	rsys(SYS_lseek, fd, 0, SEEK_SET);
	expect_eq(rsys(SYS_readv, fd, iov, 2), 4, "readv with a 0-byte iovec at an unmapped page: 4");
	iov[0].iov_base = KA;
	iov[0].iov_len = 4;
	iov[1].iov_base = buf;
	iov[1].iov_len = -1;
	expect_eq(rsys(SYS_readv, fd, iov, 2), -EINVAL,
		  "readv with a kernel address and then a negative length: EINVAL first");
	rsys(SYS_close, fd);

	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_writev, wfd, b->p, 1), -EFAULT, "writev with the iovec array at %s: EFAULT", b->name);
	iov[0].iov_base = "abcd";
	iov[0].iov_len = 4;
	iov[1].iov_len = 4;
	FOR_BAD(b, NBAD) {
		iov[1].iov_base = b->p;
		expect_eq(rsys(SYS_writev, wfd, iov, 2), user_addr(b) ? 8 : -EFAULT,
			  "writev to /dev/null from a good buffer then %s: %s", b->name, user_addr(b) ? "8" : "EFAULT");
	}
	rsys(SYS_close, wfd);
}

/* ---- write ---- */

static void test_write(void)
{
	int p[2], fd = (int)rsys(SYS_open, "/dev/null", O_WRONLY);

	rsys(SYS_pipe2, p, O_NONBLOCK);
	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_write, p[1], b->p, 16), -EFAULT, "write a pipe from %s: EFAULT", b->name);
	expect_eq(rsys(SYS_write, p[1], edge - 5, 16), -EFAULT,
		  "write a pipe from 5 good bytes before an unmapped page: EFAULT");
	expect_eq(rsys(SYS_read, p[0], buf, 16), -EAGAIN, "nothing went into the pipe");
	expect_eq(rsys(SYS_write, p[1], KA, 0), -EFAULT, "write 0 bytes from a kernel address: EFAULT");
	expect_eq(rsys(SYS_write, p[1], edge, 0), 0, "write 0 bytes from an unmapped page: 0");
	expect_eq(rsys(SYS_write, 200, KA, 16), -EBADF, "write a closed descriptor from a kernel address: EBADF");
	expect_eq(rsys(SYS_write, p[0], KA, 16), -EBADF, "write a pipe's read end from a kernel address: EBADF");
	expect_eq(rsys(SYS_write, fd, edge, 16), 16, "write /dev/null from an unmapped page: 16 (never read)");
	/* access_ok's edge: a buffer may end at the end of user space, not go past it */
	expect_eq(rsys(SYS_write, fd, (char *)TOP - 8, 8), 8, "write /dev/null from the last 8 bytes of user space: 8");
	expect_eq(rsys(SYS_write, fd, (char *)TOP - 8, 9), -EFAULT, "write /dev/null from 8 bytes before its end, 9 bytes: EFAULT");
	expect_eq(rsys(SYS_write, fd, TOP, 0), 0, "write /dev/null 0 bytes from the end of user space: 0");
	expect_eq(rsys(SYS_write, fd, TOP, 1), -EFAULT, "write /dev/null 1 byte from the end of user space: EFAULT");
	expect_eq(rsys(SYS_write, fd, (char *)TOP - 1, 1), 1, "write /dev/null from the last byte of user space: 1");
	expect_eq(rsys(SYS_write, fd, KA, 16), -EFAULT, "write /dev/null from a kernel address: EFAULT");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);
	rsys(SYS_close, fd);
}

/* ---- paths: every syscall that takes one ---- */

static void test_paths(void)
{
	static const struct {
		long nr;
		const char *name;
	} calls[] = {
		{ SYS_open, "open" }, { SYS_openat, "openat" }, { SYS_stat, "stat" }, { SYS_lstat, "lstat" },
		{ SYS_newfstatat, "newfstatat" }, { SYS_access, "access" }, { SYS_faccessat, "faccessat" },
		{ SYS_faccessat2, "faccessat2" }, { SYS_chdir, "chdir" }, { SYS_readlink, "readlink" },
		{ SYS_readlinkat, "readlinkat" }, { SYS_execve, "execve" },
	};
	static struct stat st;
	static char cwd[4096];
	const char *hello = P(hello_path);
	char *s;

	rsys(SYS_getcwd, cwd, sizeof(cwd));
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		long nr = calls[i].nr;
		for (int k = 0; k <= NBAD; k++) {
			void *path = k < NBAD ? bad[k].p : edge - 4;
			const char *what = k < NBAD ? bad[k].name : "a string running into an unmapped page";
			long r;
			memcpy(edge - 4, "/tes", 4); /* no NUL before the unmapped page */
			switch (nr) {
			case SYS_open: r = rsys(nr, path, O_RDONLY); break;
			case SYS_openat: r = rsys(nr, AT_FDCWD, path, O_RDONLY); break;
			case SYS_stat: case SYS_lstat: r = rsys(nr, path, &st); break;
			case SYS_newfstatat: r = rsys(nr, AT_FDCWD, path, &st, 0); break;
			case SYS_access: r = rsys(nr, path, 0); break;
			case SYS_faccessat: r = rsys(nr, AT_FDCWD, path, 0); break;
			case SYS_faccessat2: r = rsys(nr, AT_FDCWD, path, 0, 0); break;
			case SYS_chdir: r = rsys(nr, path); break;
			case SYS_readlink: r = rsys(nr, path, buf, 64); break;
			case SYS_readlinkat: r = rsys(nr, AT_FDCWD, path, buf, 64); break;
			default: { /* execve: in a child, in case it worked */
				char *argv[] = { "x", NULL };
				int st2 = exec_errno(path, argv, argv + 1);
				r = WIFEXITED(st2) ? -WEXITSTATUS(st2) : 1000 + st2;
			}
			}
			expect_eq(r, -EFAULT, "%s with the path at %s: EFAULT", calls[i].name, what);
		}
	}
	expect_eq(rsys(SYS_getcwd, buf, sizeof(buf)) > 0, 1, "getcwd works");
	ok(!strcmp(buf, cwd), "and the failed chdirs left the directory where it was");
	/* a path that ends just before the unmapped page is fine */
	s = edge - strlen(hello) - 1;
	memcpy(s, hello, strlen(hello) + 1);
	expect_eq(rsys(SYS_access, s, 0), 0, "access with a path whose NUL is the last mapped byte: 0");

	/* what the path is checked against first */
	expect_eq(rsys(SYS_openat, 200, KA, O_RDONLY), -EFAULT, "openat a closed dirfd with the path at a kernel address: EFAULT");
	expect_eq(rsys(SYS_readlink, P(hello_path), KA, 64), -EINVAL,
		  "readlink of a file that is no link, buffer at a kernel address: EINVAL");
	expect_eq(rsys(SYS_readlinkat, AT_FDCWD, P(hello_path), edge, 64), -EINVAL,
		  "readlinkat of a file that is no link, buffer at an unmapped page: EINVAL");
}

/* ---- stat buffers ---- */

static void test_stat(void)
{
	int fd = open_ro(P(hello_path));
	struct stat st;

	FOR_BAD(b, NBAD) {
		expect_eq(rsys(SYS_stat, P(hello_path), b->p), -EFAULT, "stat into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_lstat, P(hello_path), b->p), -EFAULT, "lstat into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_fstat, fd, b->p), -EFAULT, "fstat into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_newfstatat, AT_FDCWD, P(hello_path), b->p, 0), -EFAULT,
			  "newfstatat into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_newfstatat, fd, "", b->p, AT_EMPTY_PATH), -EFAULT,
			  "newfstatat with AT_EMPTY_PATH into %s: EFAULT", b->name);
	}
	/* NULL with AT_EMPTY_PATH is "" (Linux >= 6.11): the descriptor itself */
	memset(&st, 0, sizeof(st));
	expect_eq(rsys(SYS_newfstatat, fd, NULL, &st, AT_EMPTY_PATH), 0, "newfstatat(fd, NULL, AT_EMPTY_PATH): 0");
	expect_eq(st.st_size, HELLO_LEN, "it is the descriptor's file");
	expect_eq(rsys(SYS_newfstatat, fd, NULL, KA, AT_EMPTY_PATH), -EFAULT,
		  "newfstatat(fd, NULL, AT_EMPTY_PATH) into a kernel address: EFAULT");
	expect_eq(rsys(SYS_newfstatat, fd, NULL, &st, 0), -EFAULT, "newfstatat(fd, NULL) without AT_EMPTY_PATH: EFAULT");
	expect_eq(rsys(SYS_fstat, 200, KA), -EBADF, "fstat a closed descriptor into a kernel address: EBADF");
	expect_eq(rsys(SYS_stat, P("/tests/data/none"), KA), -ENOENT, "stat a missing file into a kernel address: ENOENT");
	expect_eq(rsys(SYS_stat, P(hello_path), edge - 8), -EFAULT,
		  "stat into 8 good bytes before an unmapped page: EFAULT");
	rsys(SYS_close, fd);
}

/* ---- signals ---- */

static volatile int got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

extern void efault_restorer(void);
__asm__(".text\n.globl efault_restorer\nefault_restorer:\n\tmov $15, %eax\n\tsyscall\n\thlt\n");

static void set_handler(int sig, void (*fn)(int), unsigned long flags)
{
	struct ksigaction sa = { (unsigned long)fn, flags | SA_RESTORER, (unsigned long)efault_restorer, 0 };

	rsys(SYS_rt_sigaction, sig, &sa, 0, 8);
}

static void test_sigaction(void)
{
	struct ksigaction sa = { (unsigned long)on_usr1, SA_RESTORER, (unsigned long)efault_restorer, 0 }, old;
	unsigned long set = 0, cur = 0;

	FOR_BAD(b, NBAD_NONNULL)
		expect_eq(rsys(SYS_rt_sigaction, SIGUSR2, b->p, 0, 8), -EFAULT, "rt_sigaction, act at %s: EFAULT",
			  b->name);
	expect_eq(rsys(SYS_rt_sigaction, SIGKILL, KA, 0, 8), -EFAULT, "rt_sigaction(SIGKILL), act at a kernel address: EFAULT");
	expect_eq(rsys(SYS_rt_sigaction, 0, KA, 0, 8), -EFAULT, "rt_sigaction(0), act at a kernel address: EFAULT");
	expect_eq(rsys(SYS_rt_sigaction, SIGUSR2, KA, 0, 4), -EINVAL,
		  "rt_sigaction with a bad sigsetsize, act at a kernel address: EINVAL");
	FOR_BAD(b, NBAD_NONNULL) {
		rsys(SYS_rt_sigaction, SIGUSR2, &(struct ksigaction){ 0 }, 0, 8);
		expect_eq(rsys(SYS_rt_sigaction, SIGUSR2, &sa, b->p, 8), -EFAULT, "rt_sigaction, oldact at %s: EFAULT",
			  b->name);
		memset(&old, 0, sizeof(old));
		rsys(SYS_rt_sigaction, SIGUSR2, 0, &old, 8);
		expect_eq(old.handler, (unsigned long)on_usr1, "the new action is in place all the same");
	}
	rsys(SYS_rt_sigaction, SIGUSR2, &(struct ksigaction){ 0 }, 0, 8);

	FOR_BAD(b, NBAD_NONNULL)
		expect_eq(rsys(SYS_rt_sigprocmask, SIG_BLOCK, b->p, 0, 8), -EFAULT, "rt_sigprocmask, set at %s: EFAULT",
			  b->name);
	expect_eq(rsys(SYS_rt_sigprocmask, 99, KA, 0, 8), -EFAULT, "rt_sigprocmask(99), set at a kernel address: EFAULT");
	FOR_BAD(b, NBAD_NONNULL) {
		set = 1UL << (SIGUSR2 - 1);
		expect_eq(rsys(SYS_rt_sigprocmask, SIG_BLOCK, &set, b->p, 8), -EFAULT,
			  "rt_sigprocmask, oldset at %s: EFAULT", b->name);
		rsys(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, &cur, 8);
		expect_eq(cur, set, "the new mask was in place all the same");
	}

	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_rt_sigpending, b->p, 8), -EFAULT, "rt_sigpending into %s: EFAULT", b->name);
	expect_eq(rsys(SYS_rt_sigpending, KA, 0), 0, "rt_sigpending of 0 bytes into a kernel address: 0");
	expect_eq(rsys(SYS_rt_sigpending, KA, 16), -EINVAL, "rt_sigpending with a size of 16: EINVAL");
}

/* rt_sigsuspend with a bad mask must fail at once, not sleep: in a child, with a time limit */
static int sigsuspend_child(void *p)
{
	return (int)-rsys(SYS_rt_sigsuspend, p, 8);
}

static void test_sigsuspend(void)
{
	FOR_BAD(b, NBAD) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(sigsuspend_child(b->p));
		expect_status(reap_timeout(pid, 5000), EXITED(EFAULT), "rt_sigsuspend, mask at %s: EFAULT at once",
			      b->name);
	}
}

/*
 * A child that sends SIGUSR1 to its parent every 20 ms until killed:
 * the parent's sleep is interrupted whenever it starts.
 */
static pid_t start_pinger(void)
{
	pid_t parent = (pid_t)rsys(SYS_getpid), pid = fork();

	if (pid == 0) {
		for (;;) {
			msleep(20);
			rsys(SYS_kill, parent, SIGUSR1);
		}
	}
	return pid;
}

static void stop_pinger(pid_t pid)
{
	rsys(SYS_kill, pid, SIGKILL);
	reap(pid);
}

static void test_sleep(void)
{
	struct timespec ts = { 0, 1000 }, longer = { 20, 0 }, abs;

	FOR_BAD(b, NBAD) {
		expect_eq(rsys(SYS_nanosleep, b->p, 0), -EFAULT, "nanosleep, req at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, b->p, 0), -EFAULT,
			  "clock_nanosleep, req at %s: EFAULT", b->name);
	}
	expect_eq(rsys(SYS_clock_nanosleep, 99, 0, KA, 0), -EINVAL, "clock_nanosleep(99), req at a kernel address: EINVAL");
	expect_eq(rsys(SYS_nanosleep, &ts, KA), 0, "an uninterrupted nanosleep never writes rem: 0");
	expect_eq(rsys(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, KA), 0,
		  "an uninterrupted clock_nanosleep never writes rem: 0");

	set_handler(SIGUSR1, on_usr1, 0);
	FOR_BAD(b, NBAD_NONNULL) {
		pid_t pid = start_pinger();
		long r = rsys(SYS_nanosleep, &longer, b->p);
		stop_pinger(pid);
		expect_eq(r, -EFAULT, "nanosleep interrupted by a signal, rem at %s: EFAULT", b->name);
		pid = start_pinger();
		r = rsys(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &longer, b->p);
		stop_pinger(pid);
		expect_eq(r, -EFAULT, "clock_nanosleep interrupted by a signal, rem at %s: EFAULT", b->name);
	}
	rsys(SYS_clock_gettime, CLOCK_MONOTONIC, &abs);
	abs.tv_sec += 20;
	pid_t pid = start_pinger();
	long r = rsys(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, KA);
	stop_pinger(pid);
	expect_eq(r, -EINTR, "an absolute clock_nanosleep interrupted, rem at a kernel address: EINTR (rem unused)");
	rsys(SYS_rt_sigaction, SIGUSR1, &(struct ksigaction){ 0 }, 0, 8);
}

/* ---- ioctl ---- */

static void test_ioctl(void)
{
	int p[2], fd = open_ro(P(hello_path)), tty;

	rsys(SYS_pipe, p);
	FOR_BAD(b, NBAD) {
		expect_eq(rsys(SYS_ioctl, p[0], FIONBIO, b->p), -EFAULT, "ioctl(FIONBIO) on a pipe, arg %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_ioctl, p[0], FIONREAD, b->p), -EFAULT, "ioctl(FIONREAD) on a pipe, arg %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_ioctl, fd, FIONREAD, b->p), -EFAULT, "ioctl(FIONREAD) on a file, arg %s: EFAULT",
			  b->name);
	}
	expect_eq(rsys(SYS_ioctl, p[0], TCGETS, KA), -ENOTTY, "ioctl(TCGETS) on a pipe, arg a kernel address: ENOTTY");
	expect_eq(rsys(SYS_ioctl, 200, FIONBIO, KA), -EBADF, "ioctl on a closed descriptor, arg a kernel address: EBADF");
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);
	rsys(SYS_close, fd);

	/* a terminal: a pseudo-terminal's master on Linux, the console on lom */
	tty = (int)rsys(SYS_open, "/dev/ptmx", O_RDWR | O_NOCTTY);
	if (tty < 0)
		tty = (int)rsys(SYS_open, "/dev/tty", O_RDWR | O_NOCTTY);
	ok(tty >= 0, "a terminal opens");
	FOR_BAD(b, NBAD) {
		expect_eq(rsys(SYS_ioctl, tty, TCGETS, b->p), -EFAULT, "ioctl(TCGETS) on a terminal, arg %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_ioctl, tty, TCSETS, b->p), -EFAULT, "ioctl(TCSETS) on a terminal, arg %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_ioctl, tty, TIOCGWINSZ, b->p), -EFAULT,
			  "ioctl(TIOCGWINSZ) on a terminal, arg %s: EFAULT", b->name);
		expect_eq(rsys(SYS_ioctl, tty, TIOCSWINSZ, b->p), -EFAULT,
			  "ioctl(TIOCSWINSZ) on a terminal, arg %s: EFAULT", b->name);
	}
	rsys(SYS_close, tty);
}

/* ---- pipe, getdents64, getcwd ---- */

static void test_fds(void)
{
	int lowest = lowest_free_fd(), fd;

	FOR_BAD(b, NBAD) {
		expect_eq(rsys(SYS_pipe, b->p), -EFAULT, "pipe into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_pipe2, b->p, O_CLOEXEC), -EFAULT, "pipe2 into %s: EFAULT", b->name);
	}
	expect_eq(lowest_free_fd(), lowest, "the failed pipes left no descriptor behind");
	expect_eq(rsys(SYS_pipe2, KA, 0x7fff0000), -EINVAL, "pipe2 with bad flags into a kernel address: EINVAL");
	expect_eq(rsys(SYS_pipe, edge - 4), -EFAULT, "pipe into 4 good bytes before an unmapped page: EFAULT");
	expect_eq(lowest_free_fd(), lowest, "no descriptor behind either");

	fd = (int)rsys(SYS_open, P("/tests/data/dir"), O_RDONLY | O_DIRECTORY);
	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_getdents64, fd, b->p, 4096), -EFAULT, "getdents64 into %s: EFAULT", b->name);
	expect_eq(rsys(SYS_getdents64, fd, KA, 8), -EINVAL, "getdents64 into 8 bytes at a kernel address: EINVAL");
	expect_eq(rsys(SYS_getdents64, 200, KA, 4096), -EBADF, "getdents64 of a closed descriptor: EBADF");
	expect_eq(rsys(SYS_getdents64, fd, edge - 10, 4096), -EFAULT,
		  "getdents64 into 10 good bytes before an unmapped page: EFAULT");
	rsys(SYS_close, fd);
	/* /proc/self lists "." and ".." first, on Linux and on lom: the first fits, the second faults */
	fd = (int)rsys(SYS_open, "/proc/self", O_RDONLY | O_DIRECTORY);
	expect_eq(rsys(SYS_getdents64, fd, edge - 24, 4096), 24,
		  "getdents64 into 24 good bytes before an unmapped page: the one entry that fits");
	ok(!strcmp(edge - 24 + 19, "."), "it is \".\"");
	expect_eq(rsys(SYS_getdents64, fd, buf, 64) > 0, 1, "the next getdents64 goes on");
	ok(!strcmp(buf + 19, ".."), "with \"..\"");
	rsys(SYS_close, fd);

	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_getcwd, b->p, 4096), -EFAULT, "getcwd into %s: EFAULT", b->name);
	expect_eq(rsys(SYS_getcwd, KA, 1), -ERANGE, "getcwd into 1 byte at a kernel address: ERANGE");
	expect_eq(rsys(SYS_getcwd, edge - 1, 4096), -EFAULT, "getcwd into 1 good byte before an unmapped page: EFAULT");
}

/* ---- execve's argv and envp ---- */

static void test_execve(void)
{
	char *path = P("/tests/bin/t_echoargs");
	char *good[] = { "t_echoargs", NULL }, *with_bad[] = { "t_echoargs", NULL, NULL };
	char out[512];
	int st;

	FOR_BAD(b, NBAD_NONNULL) {
		expect_status(exec_errno(path, b->p, good + 1), EXITED(EFAULT), "execve, argv at %s: EFAULT", b->name);
		expect_status(exec_errno(path, good, b->p), EXITED(EFAULT), "execve, envp at %s: EFAULT", b->name);
		with_bad[1] = b->p;
		expect_status(exec_errno(path, with_bad, good + 1), EXITED(EFAULT), "execve, argv[1] at %s: EFAULT",
			      b->name);
		expect_status(exec_errno(path, good, with_bad + 1), EXITED(EFAULT), "execve, envp[0] at %s: EFAULT",
			      b->name);
	}
	/* the array itself running into the unmapped page */
	memcpy(edge - 8, &good[0], 8);
	expect_status(exec_errno(path, (char **)(edge - 8), good + 1), EXITED(EFAULT),
		      "execve, argv running into an unmapped page: EFAULT");
	memcpy(edge - 3, "abc", 3);
	with_bad[1] = edge - 3;
	expect_status(exec_errno(path, with_bad, good + 1), EXITED(EFAULT),
		      "execve, argv[1] running into an unmapped page: EFAULT");
	expect_status(exec_errno(P("/tests/data/none"), KA, KA), EXITED(ENOENT),
		      "execve of a missing file with argv and envp at kernel addresses: ENOENT");
	/* NULL arrays are empty ones; an empty argv gets "" as argv[0] (Linux >= 5.18) */
	exec_capture(path, NULL, NULL, NULL, NULL, out, sizeof(out), &st);
	expect_status(st, EXITED(0), "execve with argv and envp NULL runs");
	static const char want[] = "argc=1\nargv[0]=\nenvc=0\n";
	if (!ok(!strncmp(out, want, strlen(want)), "with argc 1, argv[0] \"\" and no environment"))
		diag("got: %.40s\n", out);
}

/* ---- processes: wait4, set_tid_address, clone's tid pointers ---- */

static void test_wait(void)
{
	FOR_BAD(b, NBAD_NONNULL) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(7);
		long r;
		do
			r = rsys(SYS_wait4, pid, b->p, 0, 0);
		while (r == -EINTR);
		expect_eq(r, -EFAULT, "wait4, status at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_wait4, -1, 0, WNOHANG, 0), -ECHILD, "the child was reaped all the same");
		pid = fork();
		if (pid == 0)
			_exit(7);
		int st = 0;
		do
			r = rsys(SYS_wait4, pid, &st, 0, b->p);
		while (r == -EINTR);
		expect_eq(r, -EFAULT, "wait4, rusage at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_wait4, -1, 0, WNOHANG, 0), -ECHILD, "the child was reaped all the same");
	}
	expect_eq(rsys(SYS_wait4, -1, KA, 0, KA), -ECHILD, "wait4 with no child, status at a kernel address: ECHILD");
	pid_t pid = fork();
	if (pid == 0) {
		msleep(20000);
		_exit(0);
	}
	expect_eq(rsys(SYS_wait4, pid, KA, WNOHANG, KA), 0, "wait4(WNOHANG) of a running child writes nothing: 0");
	rsys(SYS_kill, pid, SIGKILL);
	reap(pid);

	FOR_BAD(b, NBAD_NONNULL) {
		pid = fork();
		if (pid == 0) {
			long tid = rsys(SYS_set_tid_address, b->p);
			_exit(tid == rsys(SYS_gettid) ? 0 : 1);
		}
		expect_status(reap(pid), EXITED(0),
			      "set_tid_address(%s) returns the tid and the exit ignores it (Linux checks nothing)", b->name);
	}
	static const struct {
		unsigned long flag;
		const char *name;
	} tids[] = {
		{ CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID" },
		{ CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID" },
		{ CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID" },
	};
	for (int i = 0; i < 3; i++) {
		FOR_BAD(b, NBAD_NONNULL) {
			pid = (pid_t)rsys(SYS_clone, SIGCHLD | tids[i].flag, 0, b->p, b->p, 0);
			if (pid == 0)
				_exit(3);
			expect_status(pid > 0 ? reap(pid) : -1, EXITED(3), "clone(%s, tid at %s): the write is skipped",
				      tids[i].name, b->name);
		}
	}
}

/* ---- time, identity, limits, the rest ---- */

static void test_misc(void)
{
	struct rlimit rl, now;

	FOR_BAD(b, NBAD) {
		expect_eq(rsys(SYS_uname, b->p), -EFAULT, "uname into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_clock_gettime, CLOCK_MONOTONIC, b->p), -EFAULT, "clock_gettime into %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_getrlimit, RLIMIT_NOFILE, b->p), -EFAULT, "getrlimit into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_setrlimit, RLIMIT_NOFILE, b->p), -EFAULT, "setrlimit from %s: EFAULT", b->name);
		expect_eq(rsys(SYS_getrusage, 0, b->p), -EFAULT, "getrusage into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_getrandom, b->p, 16, 0), -EFAULT, "getrandom into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_sched_getaffinity, 0, 128, b->p), -EFAULT, "sched_getaffinity into %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_arch_prctl, ARCH_GET_FS, b->p), -EFAULT, "arch_prctl(ARCH_GET_FS) into %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_arch_prctl, ARCH_GET_GS, b->p), -EFAULT, "arch_prctl(ARCH_GET_GS) into %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_prctl, PR_SET_NAME, b->p, 0, 0, 0), -EFAULT, "prctl(PR_SET_NAME) from %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_prctl, PR_GET_NAME, b->p, 0, 0, 0), -EFAULT, "prctl(PR_GET_NAME) into %s: EFAULT",
			  b->name);
	}
	FOR_BAD(b, NBAD_NONNULL) {
		expect_eq(rsys(SYS_gettimeofday, b->p, 0), -EFAULT, "gettimeofday, tv at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_gettimeofday, buf, b->p), -EFAULT, "gettimeofday, tz at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_time, b->p), -EFAULT, "time into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_clock_getres, CLOCK_MONOTONIC, b->p), -EFAULT, "clock_getres into %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_getcpu, b->p, 0, 0), -EFAULT, "getcpu, cpu at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_getcpu, 0, b->p, 0), -EFAULT, "getcpu, node at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_prlimit64, 0, RLIMIT_NOFILE, b->p, 0), -EFAULT, "prlimit64, new at %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, b->p), -EFAULT, "prlimit64, old at %s: EFAULT",
			  b->name);
	}
	expect_eq(rsys(SYS_gettimeofday, 0, 0), 0, "gettimeofday(NULL, NULL): 0");
	expect_eq(rsys(SYS_clock_getres, CLOCK_MONOTONIC, 0), 0, "clock_getres(NULL): 0");
	expect_eq(rsys(SYS_getcpu, 0, 0, 0), 0, "getcpu(NULL, NULL): 0");
	expect_eq(rsys(SYS_time, 0) > 0, 1, "time(NULL) works");
	expect_eq(rsys(SYS_clock_gettime, 99, KA), -EINVAL, "clock_gettime(99) into a kernel address: EINVAL");
	expect_eq(rsys(SYS_getrlimit, 99, KA), -EINVAL, "getrlimit(99) into a kernel address: EINVAL");
	expect_eq(rsys(SYS_setrlimit, 99, KA), -EFAULT, "setrlimit(99) from a kernel address: EFAULT (read first)");
	expect_eq(rsys(SYS_prlimit64, 0, 99, KA, 0), -EFAULT, "prlimit64(99) from a kernel address: EFAULT (read first)");
	expect_eq(rsys(SYS_getrusage, 99, KA), -EINVAL, "getrusage(99) into a kernel address: EINVAL");
	expect_eq(rsys(SYS_getrandom, KA, 0, 0), -EFAULT, "getrandom of 0 bytes into a kernel address: EFAULT");
	expect_eq(rsys(SYS_getrandom, edge, 0, 0), 0, "getrandom of 0 bytes into an unmapped page: 0");
	expect_eq(rsys(SYS_getrandom, edge - 5, 64, 0), 5, "getrandom into 5 good bytes before an unmapped page: 5");
	expect_eq(rsys(SYS_arch_prctl, ARCH_SET_FS, KA), -EPERM, "arch_prctl(ARCH_SET_FS) to a kernel address: EPERM");
	expect_eq(rsys(SYS_arch_prctl, ARCH_SET_GS, KB), -EPERM, "arch_prctl(ARCH_SET_GS) to a kernel address: EPERM");
	expect_eq(rsys(SYS_uname, edge - 100), -EFAULT, "uname into 100 good bytes before an unmapped page: EFAULT");

	/* PR_SET_NAME: the name is unchanged after a fault; one ending at the page's end is fine */
	char name[16] = { 0 };
	rsys(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
	memcpy(edge - 3, "abc", 3);
	expect_eq(rsys(SYS_prctl, PR_SET_NAME, edge - 3, 0, 0, 0), -EFAULT,
		  "prctl(PR_SET_NAME) from a string running into an unmapped page: EFAULT");
	memcpy(edge - 4, "efa", 4);
	expect_eq(rsys(SYS_prctl, PR_SET_NAME, edge - 4, 0, 0, 0), 0,
		  "prctl(PR_SET_NAME) from a string ending at the page's end: 0");
	memset(buf, 0, 16);
	rsys(SYS_prctl, PR_GET_NAME, buf, 0, 0, 0);
	ok(!strcmp(buf, "efa"), "the name is set");
	rsys(SYS_prctl, PR_SET_NAME, name, 0, 0, 0);

	/* prlimit64 sets the new limit before writing the old one back */
	rsys(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, &rl);
	now = rl;
	now.rlim_cur = rl.rlim_cur - 1;
	expect_eq(rsys(SYS_prlimit64, 0, RLIMIT_NOFILE, &now, KA), -EFAULT,
		  "prlimit64 with old at a kernel address: EFAULT");
	memset(&now, 0xff, sizeof(now));
	rsys(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, &now);
	ok(now.rlim_cur == rl.rlim_cur - 1, "and the new limit is in place all the same");
	rsys(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, 0);
}

/* ---- ptrace and process_vm_readv ---- */

static unsigned long peek_me = 0x1122334455667788UL;

static void test_ptrace(void)
{
	unsigned long word = 0;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		rsys(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
		rsys(SYS_kill, rsys(SYS_getpid), SIGSTOP);
		_exit(0);
	}
	st = 0;
	while (rsys(SYS_wait4, pid, &st, WUNTRACED, 0) == -EINTR)
		;
	ok(WIFSTOPPED(st), "a tracee stops");
	FOR_BAD(b, NBAD) {
		expect_eq(rsys(SYS_ptrace, PTRACE_PEEKDATA, pid, &peek_me, b->p), -EFAULT,
			  "ptrace(PEEKDATA), data at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_ptrace, PTRACE_GETREGS, pid, 0, b->p), -EFAULT, "ptrace(GETREGS) into %s: EFAULT",
			  b->name);
		expect_eq(rsys(SYS_ptrace, PTRACE_GETSIGINFO, pid, 0, b->p), -EFAULT,
			  "ptrace(GETSIGINFO) into %s: EFAULT", b->name);
		expect_eq(rsys(SYS_ptrace, PTRACE_GETEVENTMSG, pid, 0, b->p), -EFAULT,
			  "ptrace(GETEVENTMSG) into %s: EFAULT", b->name);
	}
	FOR_BAD(b, NBAD)
		expect_eq(rsys(SYS_ptrace, PTRACE_PEEKDATA, pid, b->p, &word), -EIO,
			  "ptrace(PEEKDATA) of the tracee's %s: EIO", b->name);
	expect_eq(rsys(SYS_ptrace, PTRACE_PEEKDATA, pid, &peek_me, &word), 0, "ptrace(PEEKDATA) still works");
	expect_eq(word, peek_me, "and reads the word");
	rsys(SYS_kill, pid, SIGKILL);
	reap(pid);
}

static void test_process_vm_readv(void)
{
	pid_t me = (pid_t)rsys(SYS_getpid);
	struct iovec l = { buf, 8 }, r = { &peek_me, 8 };

	FOR_BAD(b, NBAD) {
		expect_eq(rsys(SYS_process_vm_readv, me, b->p, 1, &r, 1, 0), -EFAULT,
			  "process_vm_readv, local iovecs at %s: EFAULT", b->name);
		expect_eq(rsys(SYS_process_vm_readv, me, &l, 1, b->p, 1, 0), -EFAULT,
			  "process_vm_readv, remote iovecs at %s: EFAULT", b->name);
		l.iov_base = b->p;
		expect_eq(rsys(SYS_process_vm_readv, me, &l, 1, &r, 1, 0), -EFAULT,
			  "process_vm_readv, local buffer at %s: EFAULT", b->name);
		l.iov_base = buf;
		r.iov_base = b->p;
		expect_eq(rsys(SYS_process_vm_readv, me, &l, 1, &r, 1, 0), -EFAULT,
			  "process_vm_readv, remote buffer at %s: EFAULT", b->name);
		r.iov_base = &peek_me;
	}
	l.iov_base = edge - 3;
	expect_eq(rsys(SYS_process_vm_readv, me, &l, 1, &r, 1, 0), 3,
		  "process_vm_readv into 3 good bytes before an unmapped page: 3");
	l.iov_base = buf;
	memcpy(edge - 5, "12345", 5);
	r.iov_base = edge - 5;
	expect_eq(rsys(SYS_process_vm_readv, me, &l, 1, &r, 1, 0), 5,
		  "process_vm_readv from 5 good bytes before an unmapped page: 5");
	expect_eq(rsys(SYS_process_vm_readv, me, &l, 1, &r, 1, 1), -EINVAL, "process_vm_readv with flags: EINVAL");
}

/* ---- where Linux sends SIGSEGV: a signal frame it cannot read or write ---- */

static int sigreturn_bad_frame(void *sp)
{
	__asm__ volatile("mov %0, %%rsp\n\tmov $15, %%eax\n\tsyscall\n\tud2" : : "r"(sp) : "memory");
	return 0;
}

static int deliver_on_bad_stack(void *sp)
{
	set_handler(SIGUSR1, on_usr1, 0);
	/* no stack use between the switch and the signal's delivery */
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "mov $39, %%eax\n\tsyscall\n\t"      /* getpid */
			 "mov %%rax, %%rdi\n\tmov $10, %%esi\n\t"
			 "mov $62, %%eax\n\tsyscall\n\t"      /* kill(pid, SIGUSR1) */
			 "1: jmp 1b"
			 :
			 : "r"(sp)
			 : "rax", "rdi", "rsi", "rcx", "r11", "memory");
	return 0;
}

static int handler_without_restorer(void *arg)
{
	struct ksigaction sa = { (unsigned long)on_usr1, 0, 0, 0 };

	(void)arg;
	rsys(SYS_rt_sigaction, SIGUSR1, &sa, 0, 8);
	rsys(SYS_kill, rsys(SYS_getpid), SIGUSR1);
	return 0;
}

/* fn(arg) in a child that a kernel bug could leave spinning: its status, -2 after 5 s */
static int child_status(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	return pid < 0 ? -1 : reap_timeout(pid, 5000);
}

static void test_signals_killed(void)
{
	FOR_BAD(b, NBAD) {
		/* rt_sigreturn reads its frame at rsp - 8, a new frame goes below
		 * rsp: for the unmapped page, both inside it; from the end of
		 * user space, both at or across it */
		int at = b->p == edge || b->p == TOP || b->p == NONCANON;
		void *sp = at ? (char *)b->p + 8 : b->p;
		expect_status(child_status(sigreturn_bad_frame, sp), KILLED(SIGSEGV),
			      "rt_sigreturn with the frame at %s: SIGSEGV", b->name);
		sp = at ? (char *)b->p + 4096 : b->p;
		expect_status(child_status(deliver_on_bad_stack, sp), KILLED(SIGSEGV),
			      "a signal delivered with the stack at %s: SIGSEGV", b->name);
	}
	expect_status(child_status(handler_without_restorer, NULL), KILLED(SIGSEGV),
		      "a handler without SA_RESTORER (no way back on x86-64): SIGSEGV");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	setup();
	test_read();
	test_readv();
	test_write();
	test_paths();
	test_stat();
	test_sigaction();
	test_sigsuspend();
	test_sleep();
	test_ioctl();
	test_fds();
	test_execve();
	test_wait();
	test_misc();
	test_ptrace();
	test_process_vm_readv();
	test_signals_killed();
	expect_eq(rsys(SYS_getppid) > 0, 1, "the process is still alive and the kernel answers");
	return tap_done();
}
