/*
 * tests/user/t_pipe.c - pipes: pipe, pipe2 (O_CLOEXEC, O_NONBLOCK, bad
 * flags), read, write, readv, writev on pipes, within a process and across
 * fork; EOF once every writer is closed (by close or by exit); EPIPE and
 * SIGPIPE once every reader is closed (default action kills, SIG_IGN,
 * handler, blocked); a writer blocked on a full pipe woken by the reader
 * closing; atomic writes of up to PIPE_BUF bytes from two writers; large
 * transfers (whatever lom's pipe capacity is).
 *
 * Usage: t_pipe [ROOT]   (ROOT is not used: no files)
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include "tap.h"

#define PLAN 63

static void closep(int p[2])
{
	rsys(SYS_close, p[0]);
	rsys(SYS_close, p[1]);
}

static void test_basics(void)
{
	struct stat st;
	char buf[100];
	int p[2], lo, i;

	lo = lowest_free_fd();
	expect_eq(rsys(SYS_pipe, p), 0, "pipe");
	ok(p[0] == lo && p[1] == lo + 1,
	   "pipe returns the two lowest free descriptors, read end first");
	ok(rsys(SYS_fstat, p[0], &st) == 0 && S_ISFIFO(st.st_mode),
	   "fstat of the read end: S_IFIFO");
	ok(rsys(SYS_fstat, p[1], &st) == 0 && S_ISFIFO(st.st_mode),
	   "fstat of the write end: S_IFIFO");
	expect_eq(rsys(SYS_write, p[1], "hello", 5), 5, "write 5 bytes");
	expect_eq(rsys(SYS_read, p[0], buf, sizeof(buf)), 5,
		  "read of 100 returns the 5 available bytes");
	ok(!memcmp(buf, "hello", 5), "they are the bytes written");
	expect_eq(rsys(SYS_write, p[1], buf, 0), 0, "write of 0 bytes returns 0");
	expect_eq(rsys(SYS_read, p[0], buf, 0), 0, "read of 0 bytes on an empty pipe returns 0");
	expect_eq(rsys(SYS_read, p[1], buf, 1), -EBADF, "read from the write end: EBADF");
	expect_eq(rsys(SYS_write, p[0], "x", 1), -EBADF, "write to the read end: EBADF");
	for (i = 0; i < NR_BAD_PTRS; i++)
		expect_eq(rsys(SYS_write, p[1], bad_ptrs[i].p, 4), -EFAULT,
			  "write from %s: EFAULT", bad_ptrs[i].name);
	closep(p);

	/* O_NONBLOCK, so that bytes lost by the faulting read cannot hang us */
	rsys(SYS_pipe2, p, O_NONBLOCK);
	rsys(SYS_write, p[1], "abc", 3);
	expect_eq(rsys(SYS_read, p[0], BAD_ONE, 3), -EFAULT, "read into 0x1: EFAULT");
	ok(rsys(SYS_read, p[0], buf, sizeof(buf)) == 3 && !memcmp(buf, "abc", 3),
	   "the bytes stay in the pipe after a faulting read");
	closep(p);

	expect_eq(rsys(SYS_pipe, BAD_ONE), -EFAULT, "pipe into 0x1: EFAULT");
	expect_eq(rsys(SYS_pipe, BAD_KERNEL), -EFAULT, "pipe into a kernel address: EFAULT");
	expect_eq(lowest_free_fd(), lo, "a failed pipe leaves no descriptor behind");
}

static void test_pipe2(void)
{
	char c;
	int p[2];

	expect_eq(rsys(SYS_pipe2, p, 0), 0, "pipe2 flags 0");
	ok(rsys(SYS_fcntl, p[0], F_GETFD) == 0 && rsys(SYS_fcntl, p[1], F_GETFD) == 0,
	   "pipe2 flags 0: FD_CLOEXEC clear on both ends");
	closep(p);
	expect_eq(rsys(SYS_pipe2, p, O_CLOEXEC), 0, "pipe2 O_CLOEXEC");
	ok(rsys(SYS_fcntl, p[0], F_GETFD) == FD_CLOEXEC &&
	   rsys(SYS_fcntl, p[1], F_GETFD) == FD_CLOEXEC,
	   "pipe2 O_CLOEXEC: FD_CLOEXEC set on both ends");
	closep(p);
	expect_eq(rsys(SYS_pipe2, p, O_TRUNC), -EINVAL, "pipe2 O_TRUNC: EINVAL");
	expect_eq(rsys(SYS_pipe2, p, O_RDWR), -EINVAL, "pipe2 O_RDWR: EINVAL");
	expect_eq(rsys(SYS_pipe2, p, 0x40000000), -EINVAL, "pipe2 unknown flag 0x40000000: EINVAL");
	expect_eq(rsys(SYS_pipe2, BAD_ONE, 0), -EFAULT, "pipe2 into 0x1: EFAULT");

	expect_eq(rsys(SYS_pipe2, p, O_NONBLOCK), 0, "pipe2 O_NONBLOCK");
	expect_eq(rsys(SYS_fcntl, p[0], F_GETFL), O_RDONLY | O_NONBLOCK,
		  "F_GETFL of the read end: O_RDONLY|O_NONBLOCK");
	expect_eq(rsys(SYS_read, p[0], &c, 1), -EAGAIN,
		  "read from an empty O_NONBLOCK pipe: EAGAIN");
	{
		static char chunk[1024];
		long n, total = 0;

		while ((n = rsys(SYS_write, p[1], chunk, sizeof(chunk))) > 0 && total < (4L << 20))
			total += n;
		ok(n == -EAGAIN && total > 0, "writes to an O_NONBLOCK pipe fill it, then EAGAIN");
		while ((n = rsys(SYS_read, p[0], chunk, sizeof(chunk))) > 0)
			total -= n;
		ok(n == -EAGAIN && total == 0, "everything written reads back, then EAGAIN");
	}
	closep(p);
}

static void test_vectors(void)
{
	char a[2], b[10], buf[16];
	struct iovec w[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
	struct iovec r[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct iovec bad = { BAD_ONE, 4 };
	int p[2];

	rsys(SYS_pipe, p);
	expect_eq(rsys(SYS_writev, p[1], w, 3), 5, "writev of 2+0+3 bytes");
	ok(rsys(SYS_read, p[0], buf, sizeof(buf)) == 5 && !memcmp(buf, "abcde", 5),
	   "the pipe holds them in order");
	rsys(SYS_write, p[1], "vwxyz", 5);
	expect_eq(rsys(SYS_readv, p[0], r, 2), 5, "readv of a 5-byte pipe into 2+10 bytes");
	ok(!memcmp(a, "vw", 2) && !memcmp(b, "xyz", 3), "readv scatters in order");
	expect_eq(rsys(SYS_writev, p[1], w, -1), -EINVAL, "writev iovcnt -1: EINVAL");
	expect_eq(rsys(SYS_writev, p[1], w, 1025), -EINVAL, "writev iovcnt 1025: EINVAL");
	expect_eq(rsys(SYS_writev, p[1], BAD_ONE, 1), -EFAULT,
		  "writev with the iovec array at 0x1: EFAULT");
	expect_eq(rsys(SYS_writev, p[1], &bad, 1), -EFAULT, "writev from iov_base 0x1: EFAULT");
	expect_eq(rsys(SYS_writev, p[0], w, 3), -EBADF, "writev to the read end: EBADF");
	closep(p);
}

/* ---- across fork ---- */

static void test_fork(void)
{
	char buf[64];
	int p[2], q[2], st;
	pid_t pid;
	long n;

	/* a child's message */
	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		rsys(SYS_close, p[0]);
		_exit(write_all(p[1], "from the child", 14) == 14 ? 0 : 1);
	}
	rsys(SYS_close, p[1]);
	n = read_all(p[0], buf, sizeof(buf));
	ok(n == 14 && !memcmp(buf, "from the child", 14), "the parent reads what the child wrote");
	expect_status(reap(pid), EXITED(0), "the child wrote it all");
	expect_eq(rsys(SYS_read, p[0], buf, 1), 0, "EOF once the child (the last writer) exited");
	rsys(SYS_close, p[0]);

	/* a read that blocks until a writer writes */
	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		msleep(50);
		_exit(rsys(SYS_write, p[1], "late", 4) == 4 ? 0 : 1);
	}
	n = rsys(SYS_read, p[0], buf, sizeof(buf));
	ok(n == 4 && !memcmp(buf, "late", 4), "a blocked read returns when the child writes");
	expect_status(reap(pid), EXITED(0), "the late writer exited");
	closep(p);

	/* EOF waits for every copy of the write end */
	rsys(SYS_pipe, p);
	q[1] = rsys(SYS_dup, p[1]);
	rsys(SYS_close, p[1]);
	expect_eq(rsys(SYS_write, q[1], "d", 1), 1, "the dup of the write end still writes");
	pid = fork();
	if (pid == 0) {
		msleep(50);
		_exit(0); /* its copy of the write end closes here */
	}
	rsys(SYS_close, q[1]);
	ok(rsys(SYS_read, p[0], buf, sizeof(buf)) == 1, "the byte is read");
	expect_eq(rsys(SYS_read, p[0], buf, sizeof(buf)), 0,
		  "read blocks until the child's copy closes at exit, then EOF");
	reap(pid);
	rsys(SYS_close, p[0]);

	/* a large write from a child, read in small pieces */
	{
		static char big[256 * 1024], back[256 * 1024];
		unsigned i;

		for (i = 0; i < sizeof(big); i++)
			big[i] = i * 7 + (i >> 10);
		rsys(SYS_pipe, p);
		pid = fork();
		if (pid == 0) {
			rsys(SYS_close, p[0]);
			/* one write: it blocks until all of it went through */
			_exit(rsys(SYS_write, p[1], big, sizeof(big)) == sizeof(big) ? 0 : 1);
		}
		rsys(SYS_close, p[1]);
		n = 0;
		for (;;) {
			long k = rsys(SYS_read, p[0], back + n,
				      1000 < sizeof(back) - n ? 1000 : sizeof(back) - n);

			if (k <= 0)
				break;
			n += k;
		}
		ok(n == sizeof(big) && !memcmp(big, back, sizeof(big)),
		   "256 KiB from one write in the child arrive intact");
		expect_status(reap(pid), EXITED(0), "that write returned 256 KiB");
		rsys(SYS_close, p[0]);
	}

	/* writes of <= PIPE_BUF bytes are atomic */
	{
		static char all[2 * 64 * 512];
		int kids[2], k, i, good = 1, count[2] = { 0, 0 };

		rsys(SYS_pipe, p);
		for (k = 0; k < 2; k++) {
			kids[k] = fork();
			if (kids[k] == 0) {
				char rec[512];

				memset(rec, 'A' + k, sizeof(rec));
				for (i = 0; i < 64; i++)
					if (rsys(SYS_write, p[1], rec, sizeof(rec)) != sizeof(rec))
						_exit(1);
				_exit(0);
			}
		}
		rsys(SYS_close, p[1]);
		n = read_all(p[0], all, sizeof(all));
		for (i = 0; i < 128; i++) {
			char c = all[i * 512];

			if ((c != 'A' && c != 'B') || memchr(all + i * 512, c ^ 3, 512))
				good = 0;
			else
				count[c - 'A']++;
		}
		ok(n == sizeof(all) && good && count[0] == 64 && count[1] == 64,
		   "two children's 512-byte writes never interleave");
		st = reap(kids[0]) | reap(kids[1]);
		expect_eq(st, 0, "both writers exited 0");
		rsys(SYS_close, p[0]);
	}
}

/* ---- EPIPE and SIGPIPE ---- */

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	if (sig == SIGPIPE)
		sigpipes++;
}

static int write_to_readerless(void *arg)
{
	int *p = arg;

	signal(SIGPIPE, SIG_DFL);
	rsys(SYS_write, p[1], "x", 1);
	return 99; /* not reached: SIGPIPE kills */
}

static int writer_until_epipe(void *arg)
{
	static char chunk[16384];
	int *p = arg;
	long n;

	signal(SIGPIPE, SIG_IGN);
	rsys(SYS_close, p[0]);
	do
		n = rsys(SYS_write, p[1], chunk, sizeof(chunk));
	while (n > 0);
	return n == -EPIPE ? 0 : 1;
}

static void test_sigpipe(void)
{
	struct sigaction sa;
	sigset_t set, old;
	char buf[100];
	int p[2], st;
	pid_t pid;

	rsys(SYS_pipe, p);
	rsys(SYS_close, p[0]);
	st = in_child(write_to_readerless, p);
	expect_status(st, KILLED(SIGPIPE), "write with no reader: SIGPIPE kills the writer");

	signal(SIGPIPE, SIG_IGN);
	expect_eq(rsys(SYS_write, p[1], "x", 1), -EPIPE, "with SIGPIPE ignored: EPIPE");
	ok(write(p[1], "x", 1) == -1 && errno == EPIPE, "libc write: -1, errno EPIPE");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigpipe;
	sigaction(SIGPIPE, &sa, NULL);
	sigpipes = 0;
	expect_eq(rsys(SYS_write, p[1], "x", 1), -EPIPE, "with a SIGPIPE handler: EPIPE");
	expect_eq(sigpipes, 1, "and the handler ran once");

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, &old);
	sigpipes = 0;
	expect_eq(rsys(SYS_write, p[1], "x", 1), -EPIPE, "with SIGPIPE blocked: EPIPE");
	expect_eq(sigpipes, 0, "the handler does not run while blocked");
	sigprocmask(SIG_SETMASK, &old, NULL);
	expect_eq(sigpipes, 1, "it runs when SIGPIPE is unblocked");
	signal(SIGPIPE, SIG_DFL);
	rsys(SYS_close, p[1]);

	/* a writer blocked on a full pipe is woken by the reader going away */
	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0)
		_exit(writer_until_epipe(p));
	rsys(SYS_close, p[1]);
	ok(read_all(p[0], buf, sizeof(buf)) == sizeof(buf),
	   "read from a writer that fills the pipe");
	msleep(50);
	rsys(SYS_close, p[0]);
	expect_status(reap(pid), EXITED(0), "the blocked writer gets EPIPE when the reader closes");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	signal(SIGPIPE, SIG_DFL);
	test_basics();
	test_pipe2();
	test_vectors();
	test_fork();
	test_sigpipe();
	return tap_done();
}
