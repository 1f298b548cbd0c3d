/*
 * tests/user/t_misc.c - the rest: uname (succeeds, fields NUL-terminated;
 * no field is printed), arch_prctl (ARCH_SET_FS/ARCH_GET_FS round trip,
 * the FS base kept per process across context switches; EINVAL, EPERM,
 * EFAULT), set_tid_address (returns the tid; a bad pointer is not
 * checked), getuid/geteuid/getgid/getegid (equal to each other; values
 * not printed), getcwd (raw return value, ERANGE, EFAULT), chdir
 * (absolute, relative, "..", ENOENT, ENOTDIR, EFAULT; inherited by
 * fork), and the syscall ABI itself: unknown numbers -> ENOSYS, every
 * register but rax, rcx and r11 preserved, xmm registers kept across a
 * context switch to another process that uses them.
 *
 * Uses ROOT/tests/data.  Usage: t_misc [ROOT]
 */
#include <fcntl.h>
#include <sys/utsname.h>
#include <time.h>

#include "regs.h"
#include "tap.h"

#define PLAN 61

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

static void test_uname(void)
{
	struct utsname u;
	const char *fields[6];
	int i, good = 1;

	memset(&u, 0x7f, sizeof(u));
	expect_eq(rsys(SYS_uname, &u), 0, "uname");
	fields[0] = u.sysname;
	fields[1] = u.nodename;
	fields[2] = u.release;
	fields[3] = u.version;
	fields[4] = u.machine;
	fields[5] = u.sysname + 5 * sizeof(u.sysname); /* domainname: its name differs between libcs */
	for (i = 0; i < 6; i++)
		if (!memchr(fields[i], 0, sizeof(u.sysname)))
			good = 0;
	ok(good, "all six fields are NUL-terminated within 65 bytes");
	ok(u.sysname[0] && u.release[0] && u.machine[0],
	   "sysname, release and machine are not empty");
	expect_eq(rsys(SYS_uname, BAD_ONE), -EFAULT, "uname into 0x1: EFAULT");
	expect_eq(rsys(SYS_uname, BAD_KERNEL), -EFAULT, "uname into a kernel address: EFAULT");
}

/* ---- arch_prctl: nothing libc-ish may run while FS is not the libc's ---- */

static unsigned long fs_block[64] __attribute__((aligned(64)));
static unsigned long fs_block2[64] __attribute__((aligned(64)));

static inline unsigned long fs_word(int i)
{
	unsigned long v;

	if (i == 0)
		__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	else
		__asm__ volatile("mov %%fs:8, %0" : "=r"(v));
	return v;
}

static void test_arch_prctl(void)
{
	struct timespec ts = { 0, 20000000 };
	unsigned long orig = 0, got = 0, got2 = 0, w0, w1, w1b, tp;
	long r_get, r_set, r_get2, r_restore, r_kern, r_noncanon, pid;

	tp = fs_word(0); /* the libc keeps its thread pointer at %fs:0 (lom's, musl's and glibc's) */
	r_get = rsys(SYS_arch_prctl, ARCH_GET_FS, &orig);
	expect_eq(r_get, 0, "ARCH_GET_FS");
	ok(orig == tp, "it is musl's thread pointer (the word at %%fs:0)");

	fs_block[0] = (unsigned long)fs_block;
	fs_block[1] = 0x5a5a5a5a12345678UL;
	fs_block2[0] = (unsigned long)fs_block2;
	fs_block2[1] = 0xa5a5a5a587654321UL;

	/* from here to the restore: raw syscalls only */
	r_set = rsys(SYS_arch_prctl, ARCH_SET_FS, fs_block);
	w0 = fs_word(0);
	w1 = fs_word(1);
	r_get2 = rsys(SYS_arch_prctl, ARCH_GET_FS, &got);
	r_kern = rsys(SYS_arch_prctl, ARCH_SET_FS, 0xffffffff80000000UL);
	r_noncanon = rsys(SYS_arch_prctl, ARCH_SET_FS, 0x8000000000000000UL);
	pid = rsys(SYS_fork);
	if (pid == 0) {
		/* another FS in another process, while the parent sleeps */
		int i, good = 1;

		rsys(SYS_arch_prctl, ARCH_SET_FS, fs_block2);
		for (i = 0; i < 200; i++) {
			rsys(SYS_sched_yield);
			if (fs_word(1) != 0xa5a5a5a587654321UL)
				good = 0;
		}
		rsys(SYS_exit_group, good ? 0 : 1);
	}
	rsys(SYS_nanosleep, &ts, NULL);
	rsys(SYS_sched_yield);
	w1b = fs_word(1);
	rsys(SYS_arch_prctl, ARCH_GET_FS, &got2);
	r_restore = rsys(SYS_arch_prctl, ARCH_SET_FS, orig);
	/* musl's FS is back */

	expect_eq(r_set, 0, "ARCH_SET_FS to our own block");
	ok(w0 == (unsigned long)fs_block && w1 == 0x5a5a5a5a12345678UL,
	   "%%fs:0 and %%fs:8 read it");
	ok(r_get2 == 0 && got == (unsigned long)fs_block, "ARCH_GET_FS returns it");
	expect_eq(r_kern, -EPERM, "ARCH_SET_FS to a kernel address: EPERM");
	expect_eq(r_noncanon, -EPERM, "ARCH_SET_FS to a non-canonical address: EPERM");
	ok(got2 == (unsigned long)fs_block && w1b == 0x5a5a5a5a12345678UL,
	   "our FS survives a sleep while a child uses another FS");
	expect_status(reap(pid), EXITED(0), "and the child's FS survived its yields");
	expect_eq(r_restore, 0, "ARCH_SET_FS back to musl's");
	ok(fs_word(0) == tp, "%%fs:0 is musl's thread pointer again");

	expect_eq(rsys(SYS_arch_prctl, ARCH_GET_FS, BAD_ONE), -EFAULT,
		  "ARCH_GET_FS into 0x1: EFAULT");
	expect_eq(rsys(SYS_arch_prctl, 0x9999, &got), -EINVAL, "arch_prctl code 0x9999: EINVAL");
	rsys(SYS_arch_prctl, ARCH_GET_FS, &got);
	expect_eq(got, orig, "the failed calls left FS alone");
}

/* ---- set_tid_address ---- */

static int child_set_tid(void *arg)
{
	static int word;
	long tid = rsys(SYS_gettid);

	if (arg)
		return rsys(SYS_set_tid_address, arg) == tid ? 0 : 1;
	return rsys(SYS_set_tid_address, &word) == tid ? 0 : 1;
}

static void test_set_tid_address(void)
{
	expect_status(in_child(child_set_tid, NULL), EXITED(0), "set_tid_address returns the tid");
	expect_status(in_child(child_set_tid, BAD_ONE), EXITED(0),
		      "set_tid_address(0x1) is not checked, and exit ignores it");
}

/* ---- credentials ---- */

static void test_ids(void)
{
	long uid = rsys(SYS_getuid), euid = rsys(SYS_geteuid);
	long gid = rsys(SYS_getgid), egid = rsys(SYS_getegid);

	ok(uid >= 0 && gid >= 0, "getuid and getgid succeed");
	ok(uid == euid && euid == gid && gid == egid, "getuid == geteuid == getgid == getegid");
	ok((long)getuid() == uid && (long)getegid() == egid, "libc agrees");
}

/* ---- getcwd, chdir ---- */

static int child_open_relative(void *arg)
{
	(void)arg;
	return rsys(SYS_open, "hello.txt", O_RDONLY) >= 0 ? 0 : 1;
}

static void test_cwd(void)
{
	char buf[4096], want[4096];
	long r, len, fd;
	int st;

	r = rsys(SYS_getcwd, buf, sizeof(buf));
	ok(r > 0 && buf[0] == '/' && r == (long)strlen(buf) + 1,
	   "getcwd returns the length with the NUL, and an absolute path");

	expect_eq(rsys(SYS_chdir, P("/tests/data")), 0, "chdir to the data directory");
	snprintf(want, sizeof(want), "%s/tests/data", ROOT);
	len = strlen(want);
	r = rsys(SYS_getcwd, buf, sizeof(buf));
	ok(r == len + 1 && !strcmp(buf, want), "getcwd is ROOT/tests/data");
	fd = rsys(SYS_open, "hello.txt", O_RDONLY);
	ok(fd >= 0, "a relative open finds hello.txt there");
	rsys(SYS_close, fd);
	expect_eq(rsys(SYS_getcwd, buf, len + 1), len + 1, "getcwd into exactly enough room");
	expect_eq(rsys(SYS_getcwd, buf, len), -ERANGE, "getcwd one byte short: ERANGE");
	expect_eq(rsys(SYS_getcwd, buf, 1), -ERANGE, "getcwd size 1: ERANGE");
	expect_eq(rsys(SYS_getcwd, buf, 0), -ERANGE, "getcwd size 0: ERANGE");
	expect_eq(rsys(SYS_getcwd, BAD_ONE, sizeof(buf)), -EFAULT, "getcwd into 0x1: EFAULT");
	expect_eq(rsys(SYS_getcwd, BAD_KERNEL, sizeof(buf)), -EFAULT,
		  "getcwd into a kernel address: EFAULT");
	errno = 0;
	ok(getcwd(buf, 1) == NULL && errno == ERANGE, "libc getcwd: NULL, errno ERANGE");
	ok(getcwd(buf, sizeof(buf)) == buf && !strcmp(buf, want), "libc getcwd");

	expect_eq(rsys(SYS_chdir, "dir"), 0, "chdir to a relative path");
	rsys(SYS_getcwd, buf, sizeof(buf));
	ok(!strncmp(buf, want, len) && !strcmp(buf + len, "/dir"), "getcwd is ROOT/tests/data/dir");
	expect_eq(rsys(SYS_chdir, "sub/../.."), 0, "chdir sub/../..");
	rsys(SYS_getcwd, buf, sizeof(buf));
	ok(!strcmp(buf, want), "getcwd is ROOT/tests/data again");

	st = in_child(child_open_relative, NULL);
	expect_status(st, EXITED(0), "a child inherits the working directory");

	expect_eq(rsys(SYS_chdir, "nonexistent"), -ENOENT, "chdir to a missing directory: ENOENT");
	expect_eq(rsys(SYS_chdir, "hello.txt"), -ENOTDIR, "chdir to a file: ENOTDIR");
	expect_eq(rsys(SYS_chdir, "hello.txt/x"), -ENOTDIR, "chdir through a file: ENOTDIR");
	expect_eq(rsys(SYS_chdir, ""), -ENOENT, "chdir(\"\"): ENOENT");
	expect_eq(rsys(SYS_chdir, BAD_ONE), -EFAULT, "chdir(0x1): EFAULT");
	expect_eq(rsys(SYS_chdir, BAD_KERNEL), -EFAULT, "chdir(kernel address): EFAULT");
	rsys(SYS_getcwd, buf, sizeof(buf));
	ok(!strcmp(buf, want), "the failed chdirs left the directory alone");

	expect_eq(rsys(SYS_chdir, "/"), 0, "chdir(\"/\")");
	ok(rsys(SYS_getcwd, buf, sizeof(buf)) == 2 && !strcmp(buf, "/"), "getcwd is \"/\"");
	expect_eq(rsys(SYS_chdir, ".."), 0, "chdir(\"..\") at the root");
	ok(rsys(SYS_getcwd, buf, sizeof(buf)) == 2 && !strcmp(buf, "/"), "stays at \"/\"");
}

/* ---- the syscall instruction itself ---- */

/* a child that keeps every xmm register at all-ones while it runs */
static void xmm_hog(long ms)
{
	struct timespec t0, t;

	rsys(SYS_clock_gettime, CLOCK_MONOTONIC, &t0);
	do {
		CLOBBER_REGS();
		rsys(SYS_sched_yield);
		rsys(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

static void test_syscall_abi(void)
{
	static struct regblock blk;
	struct timespec ts = { 0, 30000000 };
	long r, pid;

	expect_eq(rsys(1000), -ENOSYS, "syscall 1000: ENOSYS");
	expect_eq(rsys(100000), -ENOSYS, "syscall 100000: ENOSYS");
	expect_eq(rsys(-1L), -ENOSYS, "syscall -1: ENOSYS");
	errno = 0;
	ok(syscall(1000) == -1 && errno == ENOSYS, "libc syscall(1000): -1, errno ENOSYS");

	regs_init(&blk, 5);
	r = syscall_keep(SYS_getppid, 0x7777, 0x6666, &blk);
	ok(r > 0 && regs_kept(&blk, 0x7777, 0x6666),
	   "a syscall keeps rbx rdx rsi rdi r8 r9 r10 r12-r15");
	ok(xmm_kept(&blk), "and xmm0-xmm15");
	regs_init(&blk, 7);
	r = syscall_keep(1000, 1, 2, &blk);
	ok(r == -ENOSYS && regs_kept(&blk, 1, 2) && xmm_kept(&blk), "so does an unknown syscall");

	pid = fork();
	if (pid == 0) {
		xmm_hog(150);
		_exit(0);
	}
	msleep(10);
	regs_init(&blk, 11);
	r = syscall_keep(SYS_nanosleep, (long)&ts, 0, &blk);
	ok(r == 0 && regs_kept(&blk, (long)&ts, 0) && xmm_kept(&blk),
	   "registers and xmm survive a sleep while another process sets every xmm");
	expect_status(reap(pid), EXITED(0), "the xmm-using child exited");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	test_uname();
	test_arch_prctl();
	test_set_tid_address();
	test_ids();
	test_cwd();
	test_syscall_abi();
	return tap_done();
}
