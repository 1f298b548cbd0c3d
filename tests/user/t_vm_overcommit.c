/*
 * tests/user/t_vm_overcommit.c - overcommit accounting (lom only: it
 * writes the system-wide /proc/sys/vm/overcommit_memory, which must never
 * be changed on the Linux host; on any system whose uname is not "lom" it
 * prints a skipped plan and exits 0).
 *
 * The sysctls read "0\n" and "50\n" and take write(2) (bad values:
 * EINVAL); /proc/meminfo has CommitLimit (MemTotal * ratio / 100, no
 * swap) and Committed_AS, which follows private writable mappings (not
 * MAP_NORESERVE ones in modes 0 and 1, not read-only ones).  Mode 0
 * refuses a private writable mapping larger than RAM (1 TiB) but takes
 * 64 GiB MAP_NORESERVE; mode 1 takes both; mode 2 refuses beyond
 * CommitLimit: mmap (MAP_NORESERVE does not help, nor MAP_SHARED), brk
 * (returns the old break), mprotect to writable, mremap growth, and fork
 * of a process whose private memory would not fit twice.  Mode 0 and
 * ratio 50 are restored at the end, whatever happened.
 *
 * Usage: t_vm_overcommit [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/utsname.h>

#include "tap.h"

#define PLAN 45

#include "vm.h"

#define TiB (1UL << 40)
#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE 1
#endif

#define OVERCOMMIT "/proc/sys/vm/overcommit_memory"
#define RATIO "/proc/sys/vm/overcommit_ratio"

static char text[8192];

static long slurp(const char *path)
{
	long fd = rsys(SYS_open, path, O_RDONLY), n;

	text[0] = 0;
	if (fd < 0)
		return fd;
	n = read_all(fd, text, sizeof(text) - 1);
	rsys(SYS_close, fd);
	text[n > 0 ? n : 0] = 0;
	return n;
}

/* write s to a sysctl: what write(2) returned (or open's -errno) */
static long sysctl_write(const char *path, const char *s)
{
	long fd = rsys(SYS_open, path, O_WRONLY), r;

	if (fd < 0)
		return fd;
	r = rsys(SYS_write, fd, s, strlen(s));
	rsys(SYS_close, fd);
	return r;
}

/* the file's text is exactly want */
static int reads(const char *path, const char *want)
{
	return slurp(path) > 0 && !strcmp(text, want);
}

/* a /proc/meminfo field in kB, -1 if missing */
static long meminfo(const char *name)
{
	char key[64], *p;

	if (slurp("/proc/meminfo") <= 0)
		return -1;
	snprintf(key, sizeof(key), "%s:", name);
	p = strstr(text, key);
	if (!p || (p != text && p[-1] != '\n'))
		return -1;
	return strtol(p + strlen(key), NULL, 10);
}

static long committed(void)
{
	return meminfo("Committed_AS");
}

/* kB still free to commit in mode 2 */
static long room_kb(void)
{
	return meminfo("CommitLimit") - committed();
}

static int near(long v, long want, long tol)
{
	return v >= want - tol && v <= want + tol;
}

static int set_mode(const char *m)
{
	return sysctl_write(OVERCOMMIT, m) == (long)strlen(m);
}

static void test_files(void)
{
	long total, limit;

	ok(reads(OVERCOMMIT, "0\n"), "overcommit_memory reads 0");
	ok(reads(RATIO, "50\n"), "overcommit_ratio reads 50");
	total = meminfo("MemTotal");
	limit = meminfo("CommitLimit");
	ok(total > 0 && limit > 0 && committed() >= 0, "/proc/meminfo has MemTotal, CommitLimit, Committed_AS");
	ok(near(limit, total / 2, total / 50), "CommitLimit is MemTotal * 50 / 100 (no swap)");

	expect_eq(sysctl_write(OVERCOMMIT, "3"), -EINVAL, "overcommit_memory 3: EINVAL");
	expect_eq(sysctl_write(OVERCOMMIT, "-1"), -EINVAL, "overcommit_memory -1: EINVAL");
	expect_eq(sysctl_write(OVERCOMMIT, "abc"), -EINVAL, "overcommit_memory abc: EINVAL");
	ok(reads(OVERCOMMIT, "0\n"), "still 0");
	expect_eq(sysctl_write(OVERCOMMIT, "1\n"), 2, "write \"1\\n\": taken");
	ok(reads(OVERCOMMIT, "1\n"), "reads 1");
	ok(set_mode("0") && reads(OVERCOMMIT, "0\n"), "write \"0\": back to 0");

	expect_eq(sysctl_write(RATIO, "100"), 3, "overcommit_ratio 100");
	ok(near(meminfo("CommitLimit"), total, total / 50), "CommitLimit is now MemTotal");
	ok(sysctl_write(RATIO, "50") == 2 && near(meminfo("CommitLimit"), total / 2, total / 50),
	   "ratio 50 again: MemTotal / 2");
}

static void test_accounting(void)
{
	long c0, c1;
	char *p;

	c0 = committed();
	p = map(0, 16 * MiB, RW, ANON);
	c1 = committed();
	ok(!bad_map(p) && near(c1 - c0, 16 * 1024, 1024), "16 MiB private writable: Committed_AS +16 MiB");
	rsys(SYS_munmap, p, 16 * MiB);
	ok(near(committed() - c0, 0, 1024), "munmap: back");

	c0 = committed();
	p = map(0, 16 * MiB, RW, ANON | MAP_NORESERVE);
	ok(!bad_map(p) && near(committed() - c0, 0, 1024), "16 MiB MAP_NORESERVE (mode 0): not committed");
	rsys(SYS_munmap, p, 16 * MiB);

	c0 = committed();
	p = map(0, 16 * MiB, PROT_READ, ANON);
	ok(!bad_map(p) && near(committed() - c0, 0, 1024), "16 MiB PROT_READ: not committed");
	expect_eq(rsys(SYS_mprotect, p, 16 * MiB, RW), 0, "made writable");
	ok(near(committed() - c0, 16 * 1024, 1024), "now committed");
	rsys(SYS_munmap, p, 16 * MiB);
}

static void test_modes01(void)
{
	char *p;

	expect_eq(rsys(SYS_mmap, 0, TiB, RW, ANON, -1, 0), -ENOMEM,
		  "mode 0: 1 TiB private writable, more than RAM: ENOMEM");
	p = map(0, 64 * GiB, RW, ANON | MAP_NORESERVE);
	ok(!bad_map(p) && probe(p, 'w', 1) == P_OK && probe(p + 40 * GiB, 'w', 2) == P_OK &&
		   peek(p + 40 * GiB) == 2,
	   "mode 0: 64 GiB MAP_NORESERVE, pages touched far apart");
	rsys(SYS_munmap, p, 64 * GiB);

	ok(set_mode("1"), "mode 1");
	p = map(0, TiB, RW, ANON);
	ok(!bad_map(p) && probe(p + TiB - 1, 'w', 3) == P_OK, "mode 1: 1 TiB private writable, the last page touched");
	rsys(SYS_munmap, p, TiB);
	p = map(0, 64 * GiB, RW, ANON | MAP_NORESERVE);
	ok(!bad_map(p) && probe(p + 63 * GiB, 'w', 1) == P_OK, "mode 1: 64 GiB MAP_NORESERVE");
	rsys(SYS_munmap, p, 64 * GiB);
	ok(set_mode("0"), "mode 0");
}

static void test_mode2(void)
{
	unsigned long brk0, over;
	long room, r;
	char *p, *q;
	pid_t pid;

	ok(set_mode("2") && reads(OVERCOMMIT, "2\n"), "mode 2");
	room = room_kb();
	ok(room > 32 * 1024, "more than 32 MiB left to commit");
	over = (room + 16 * 1024) * 1024UL;

	expect_eq(rsys(SYS_mmap, 0, over, RW, ANON, -1, 0), -ENOMEM,
		  "mode 2: private writable beyond CommitLimit: ENOMEM");
	expect_eq(rsys(SYS_mmap, 0, over, RW, ANON | MAP_NORESERVE, -1, 0), -ENOMEM,
		  "MAP_NORESERVE does not help: ENOMEM");
	expect_eq(rsys(SYS_mmap, 0, over, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0), -ENOMEM,
		  "MAP_SHARED anonymous beyond it: ENOMEM");
	r = rsys(SYS_mmap, 0, over, PROT_READ, ANON, -1, 0);
	ok(!bad_map((void *)r), "read-only beyond it: fine (nothing to commit)");
	expect_eq(rsys(SYS_mprotect, r, over, RW), -ENOMEM, "mprotect it writable: ENOMEM");
	rsys(SYS_munmap, r, over);
	ok(near(room_kb(), room, 1024), "the refused requests committed nothing");

	p = map(0, room * 3 / 5 * 1024, RW, ANON);
	ok(!bad_map(p) && probe(p, 'w', 1) == P_OK, "three fifths of what is left: fine");
	expect_eq(rsys(SYS_mmap, 0, (room * 2 / 5 + 16 * 1024) * 1024, RW, ANON, -1, 0), -ENOMEM,
		  "the other two fifths plus 16 MiB: ENOMEM");
	q = map(0, 4 * MiB, RW, ANON | MAP_NORESERVE);
	ok(!bad_map(q), "4 MiB more: fine");
	expect_eq(rsys(SYS_mremap, q, 4 * MiB, (room * 2 / 5 + 16 * 1024) * 1024, MREMAP_MAYMOVE, 0), -ENOMEM,
		  "mremap it to two fifths plus 16 MiB: ENOMEM");
	rsys(SYS_munmap, q, 4 * MiB);

	/* fork must commit a copy of the private writable memory */
	pid = fork();
	if (pid == 0)
		_exit(0);
	expect_errno(pid, ENOMEM, "fork, with too little left for a copy: ENOMEM");
	if (pid > 0)
		reap(pid);
	rsys(SYS_munmap, p, room * 3 / 5 * 1024);
	pid = fork();
	if (pid == 0)
		_exit(0);
	expect_status(pid > 0 ? reap(pid) : -1, EXITED(0), "after munmap, fork works");

	brk0 = rsys(SYS_brk, 0);
	expect_eq(rsys(SYS_brk, brk0 + over), brk0, "brk beyond CommitLimit: refused, the old break");
	expect_eq(rsys(SYS_brk, brk0 + MiB), brk0 + MiB, "brk by 1 MiB: fine");
	expect_eq(rsys(SYS_brk, brk0), brk0, "and back");

	p = map(0, 64 * GiB, RW, ANON | MAP_NORESERVE);
	ok(bad_map(p), "64 GiB MAP_NORESERVE in mode 2: refused");
	if (!bad_map(p))
		rsys(SYS_munmap, p, 64 * GiB);
}

int main(int argc, char **argv)
{
	struct utsname u;

	if (uname(&u) || strcmp(u.sysname, "lom")) {
		/* never touch the host's overcommit settings */
		tap_printf("TAP version 13\n1..0 # SKIP lom only\n");
		return 0;
	}
	tap_init(argc, argv, PLAN);
	probe_init();
	test_files();
	test_accounting();
	test_modes01();
	test_mode2();
	/* whatever happened above */
	set_mode("0");
	sysctl_write(RATIO, "50");
	ok(reads(OVERCOMMIT, "0\n") && reads(RATIO, "50\n"), "mode 0 and ratio 50 restored");
	return tap_done();
}
