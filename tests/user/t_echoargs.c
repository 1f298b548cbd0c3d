/*
 * tests/user/t_echoargs.c - helper exec'd by the execve tests (t_process,
 * t_signal, t_badelf): prints what execve handed it, so that the caller
 * can compare it with what it passed.
 *
 * Output, one item per line:
 *   argc=N, argv[i]=..., envc=M, envp[i]=...   (in order)
 *   fds: the open descriptors among 3..63      (close-on-exec at work)
 *   ign: the signals 1..64 set to SIG_IGN      (kept across execve)
 *   hnd: the signals 1..64 with a handler      (must be none: reset to SIG_DFL)
 *   blk: the blocked signals                    (the mask is kept across execve)
 * With "--exit N" as argv[1..2] it exits with N, else 0.  Only raw
 * syscalls and write(2): its output must not depend on libc buffering.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char out[4096];
static size_t outlen;

static void flush(void)
{
	size_t done = 0;

	while (done < outlen) {
		ssize_t n = write(1, out + done, outlen - done);

		if (n <= 0)
			break;
		done += n;
	}
	outlen = 0;
}

static void put(const char *s, size_t n)
{
	while (n) {
		size_t room = sizeof(out) - outlen, k = n < room ? n : room;

		memcpy(out + outlen, s, k);
		outlen += k;
		s += k;
		n -= k;
		if (outlen == sizeof(out))
			flush();
	}
}

static void puts_(const char *s)
{
	put(s, strlen(s));
}

static void putnum(long v)
{
	char b[24];
	int i = sizeof(b);
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	do
		b[--i] = '0' + u % 10;
	while (u /= 10);
	if (v < 0)
		b[--i] = '-';
	put(b + i, sizeof(b) - i);
}

struct ksigaction {
	unsigned long handler, flags, restorer, mask;
};

int main(int argc, char **argv, char **envp)
{
	unsigned long mask = 0;
	int i, n;

	puts_("argc=");
	putnum(argc);
	puts_("\n");
	for (i = 0; i < argc; i++) {
		puts_("argv[");
		putnum(i);
		puts_("]=");
		puts_(argv[i]);
		puts_("\n");
	}
	for (n = 0; envp[n]; n++)
		;
	puts_("envc=");
	putnum(n);
	puts_("\n");
	for (i = 0; i < n; i++) {
		puts_("envp[");
		putnum(i);
		puts_("]=");
		puts_(envp[i]);
		puts_("\n");
	}

	puts_("fds:");
	for (i = 3; i < 64; i++) {
		if (syscall(SYS_fcntl, i, 1 /* F_GETFD */) >= 0) {
			puts_(" ");
			putnum(i);
		}
	}
	puts_("\nign:");
	for (i = 1; i <= 64; i++) {
		struct ksigaction old;

		if (syscall(SYS_rt_sigaction, i, NULL, &old, 8) == 0 && old.handler == 1) {
			puts_(" ");
			putnum(i);
		}
	}
	puts_("\nhnd:");
	for (i = 1; i <= 64; i++) {
		struct ksigaction old;

		if (syscall(SYS_rt_sigaction, i, NULL, &old, 8) == 0 && old.handler > 1) {
			puts_(" ");
			putnum(i);
		}
	}
	puts_("\nblk:");
	syscall(SYS_rt_sigprocmask, 0, NULL, &mask, 8);
	for (i = 1; i <= 64; i++) {
		if (mask & (1UL << (i - 1))) {
			puts_(" ");
			putnum(i);
		}
	}
	puts_("\n");
	flush();
	if (argc > 2 && !strcmp(argv[1], "--exit"))
		return atoi(argv[2]);
	return 0;
}
