/*
 * tests/user/t_badelf.c - execve of broken ELF files (written by
 * tests/user/mkbadelf.c into ROOT/tests/badelf/) fails with the errno
 * lom's ELF checker documents (kernel/elf.h):
 *   ENOEXEC  not an executable lom runs: empty, not-elf, trunc-header,
 *            trunc-phdrs, wrong-machine, wrong-class, big-endian, interp,
 *            phnum-huge
 *   EINVAL   the headers contradict themselves: trunc-segment (a segment
 *            past the end of the file), overlap, huge-memsz,
 *            entry-outside, no-load, filesz-gt-memsz, misaligned
 * and that a failed execve leaves the caller fully working: memory, brk,
 * mappings, descriptors (close-on-exec ones too) and their offsets,
 * signal handlers and mask, working directory, FS base, pid; fork and a
 * good execve still work afterwards.
 *
 * RUN ON LOM ONLY: Linux answers some of these differently (it maps
 * overlapping segments, execs trunc-segment and entry-outside and lets
 * them crash, looks for /lib/ld.so for interp...), so its output is not
 * the reference; run-linux.sh skips this program.
 *
 * Needs the files in ROOT/tests/badelf.  Usage: t_badelf [ROOT]
 */
#include <fcntl.h>
#include <sys/mman.h>

#include "tap.h"

#define PLAN 30

#define ARCH_GET_FS 0x1003

static const struct {
	const char *name;
	int err;
} cases[] = {
	{ "empty", ENOEXEC },
	{ "not-elf", ENOEXEC },
	{ "trunc-header", ENOEXEC },
	{ "trunc-phdrs", ENOEXEC },
	{ "wrong-machine", ENOEXEC },
	{ "wrong-class", ENOEXEC },
	{ "big-endian", ENOEXEC },
	{ "interp", ENOEXEC },
	{ "phnum-huge", ENOEXEC },
	{ "trunc-segment", EINVAL },
	{ "overlap", EINVAL },
	{ "huge-memsz", EINVAL },
	{ "entry-outside", EINVAL },
	{ "no-load", EINVAL },
	{ "filesz-gt-memsz", EINVAL },
	{ "misaligned", EINVAL },
};
#define NR_CASES ((int)(sizeof(cases) / sizeof(cases[0])))

static volatile int handled;

static void handler(int sig)
{
	(void)sig;
	handled++;
}

static char *badelf(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/tests/badelf/%s", ROOT, name);
	return path;
}

int main(int argc, char **argv)
{
	static char stat_pattern[8192];
	char *args[] = { "badelf", NULL }, *envp[] = { "K=v", NULL };
	char out[4096], stack_pattern[512], cwd[4096], cwd2[4096], buf[8];
	unsigned long brk0, fs0, fs1, mask0, mask1, m;
	int passed[NR_CASES], i, st, good;
	char *heap, *mapped;
	long fd, pid0, r;

	tap_init(argc, argv, PLAN);

	exec_capture(badelf("good"), args, envp, NULL, NULL, out, sizeof(out), &st);
	ok(st == 0 && !strncmp(out, "argc=1\nargv[0]=badelf\nenvc=1\nenvp[0]=K=v\n", 41),
	   "the control (an unchanged copy) runs");

	/* each in a child first: a wrongly successful exec must not replace us */
	for (i = 0; i < NR_CASES; i++)
		passed[i] = expect_status(exec_errno(badelf(cases[i].name), args, envp),
					  EXITED(cases[i].err), "%s: %s", cases[i].name,
					  errname(cases[i].err));

	/* a known state, then every failing execve in this process */
	memset(stat_pattern, 0x3c, sizeof(stat_pattern));
	memset(stack_pattern, 0x4d, sizeof(stack_pattern));
	heap = malloc(100000);
	memset(heap, 0x5e, 100000);
	mapped = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(mapped, 0x6f, 3 * 4096);
	brk0 = rsys(SYS_brk, 0);
	fd = rsys(SYS_open, P("/tests/data/hello.txt"), O_RDONLY | O_CLOEXEC);
	rsys(SYS_read, fd, buf, 3);
	signal(SIGUSR1, handler);
	m = 1UL << (SIGUSR2 - 1);
	rsys(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	rsys(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &mask0, 8);
	rsys(SYS_chdir, P("/tests/data"));
	rsys(SYS_getcwd, cwd, sizeof(cwd));
	rsys(SYS_arch_prctl, ARCH_GET_FS, &fs0);
	pid0 = rsys(SYS_getpid);

	good = 1;
	for (i = 0; i < NR_CASES; i++) {
		if (!passed[i])
			continue;
		r = rsys(SYS_execve, badelf(cases[i].name), args, envp);
		if (r != -cases[i].err) {
			diag("%s: execve in this process returned %ld\n", cases[i].name, r);
			good = 0;
		}
	}
	ok(good, "each execve, made in this process, returns its errno");

	for (i = 0, good = 1; i < (int)sizeof(stat_pattern); i++)
		if (stat_pattern[i] != 0x3c)
			good = 0;
	for (i = 0; i < (int)sizeof(stack_pattern); i++)
		if (stack_pattern[i] != 0x4d)
			good = 0;
	ok(good, "static data and the stack are intact");
	for (i = 0, good = 1; i < 100000; i++)
		if (heap[i] != 0x5e)
			good = 0;
	ok(good, "the heap is intact");
	for (i = 0, good = 1; i < 3 * 4096; i++)
		if (mapped[i] != 0x6f)
			good = 0;
	ok(good, "an mmap'd region is intact");
	expect_eq(rsys(SYS_brk, 0), brk0, "the break is unchanged");
	ok(rsys(SYS_fcntl, fd, F_GETFD) == FD_CLOEXEC && rsys(SYS_read, fd, buf, 2) == 2 &&
	   !memcmp(buf, HELLO_TXT + 3,
		   2), "a close-on-exec descriptor is still open, at its offset");
	handled = 0;
	raise(SIGUSR1);
	expect_eq(handled, 1, "the signal handler is still installed");
	rsys(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &mask1, 8);
	expect_eq(mask1, mask0, "the signal mask is unchanged");
	rsys(SYS_getcwd, cwd2, sizeof(cwd2));
	ok(!strcmp(cwd, cwd2), "the working directory is unchanged");
	rsys(SYS_arch_prctl, ARCH_GET_FS, &fs1);
	ok(fs1 == fs0, "the FS base (the libc's TLS) is unchanged");
	expect_eq(rsys(SYS_getpid), pid0, "the pid is unchanged");
	free(heap);
	heap = malloc(1 << 20);
	ok(heap != NULL && snprintf(out, sizeof(out), "%d-%s", 42, "x") == 4,
	   "malloc and stdio work");
	free(heap);
	m = 0;
	rsys(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	exec_capture(badelf("good"), args, envp, NULL, NULL, out, sizeof(out), &st);
	ok(st == 0 && !strncmp(out, "argc=1\nargv[0]=badelf\n", 22),
	   "fork and a good execve still work");
	rsys(SYS_close, fd);
	munmap(mapped, 3 * 4096);
	return tap_done();
}
