/*
 * tests/user/t_nx.c - no execution from data: code written into the
 * heap (malloc), the stack, an anonymous PROT_READ|PROT_WRITE mapping or
 * the data section faults with SIGSEGV when jumped to (the pages are NX),
 * and so does a jump into a PROT_READ or PROT_NONE page, an unmapped
 * page, NULL or a kernel address; with PROT_EXEC (an RWX mapping, or
 * mprotect to R-X after writing) the same bytes run and return 42, and
 * mprotect back to RW makes them fault again (the TLB forgot the old
 * permission).  Each jump happens in a child: once with SIGSEGV's default
 * action (the wait status), once with an SA_SIGINFO handler that sends
 * si_signo, si_code (SEGV_ACCERR for a page mapped without the right,
 * SEGV_MAPERR for no mapping) and whether si_addr is the jump target
 * back through a pipe.
 *
 * Then vm.mmap_min_addr (read from /proc/sys/vm/mmap_min_addr: 64 KiB on
 * lom, often 4 KiB or 64 KiB on Linux; its value is not printed): a
 * MAP_FIXED mapping, MAP_FIXED_NOREPLACE or mremap target below it gets
 * EPERM, one at it works, and every page-aligned hint below it is moved
 * up to it.  Linux lets a process with CAP_SYS_RAWIO (root) map below it,
 * so these run in a child that first gives up root with setuid(65534)
 * (on lom, which has only root and no capabilities, that call fails and
 * changes nothing: the limit holds for everyone).  Usage: t_nx [ROOT]
 */
#include <sys/mman.h>

#include "tap.h"

#define PLAN 50

#define KA ((void *)0xffffffff81000000UL)

/* mov $42, %eax; ret */
static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
/* .data: writable, not executable (initialized, so not in .bss) */
static unsigned char data_code[64] __attribute__((aligned(64))) = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

enum where {
	W_HEAP,
	W_STACK,
	W_MMAP_RW,
	W_DATA,
	W_MMAP_R,
	W_PROT_NONE,
	W_UNMAPPED,
	W_NULL,
	W_KERNEL,
	W_NR_FAULTING,
	W_MMAP_RWX = W_NR_FAULTING,
	W_MPROTECT_RX,
	W_MPROTECT_BACK_RW,
};

static const struct {
	const char *name;
	int code; /* the si_code of the fault */
} places[] = {
	[W_HEAP] = { "a malloc'd heap buffer", SEGV_ACCERR },
	[W_STACK] = { "a stack buffer", SEGV_ACCERR },
	[W_MMAP_RW] = { "an mmap PROT_READ|PROT_WRITE page", SEGV_ACCERR },
	[W_DATA] = { "the data section", SEGV_ACCERR },
	[W_MMAP_R] = { "a PROT_READ page", SEGV_ACCERR },
	[W_PROT_NONE] = { "a PROT_NONE page", SEGV_ACCERR },
	[W_UNMAPPED] = { "an unmapped page", SEGV_MAPERR },
	[W_NULL] = { "NULL", SEGV_MAPERR },
	[W_KERNEL] = { "a kernel address", SEGV_MAPERR },
};

struct report {
	long signo, code, addr_ok;
};

static int report_fd = -1;
static void *jump_target;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	struct report r = { sig, si->si_code, si->si_addr == jump_target };

	(void)uc;
	rsys(SYS_write, report_fd, &r, sizeof(r));
	rsys(SYS_exit_group, 0);
}

static void *map(int prot)
{
	void *p = mmap(NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int call(void *code)
{
	__asm__ volatile("" : "+r"(code) : : "memory"); /* the bytes written must be there */
	return ((int (*)(void))code)();
}

/* In the child: put ret42 at the place and jump to it; returns what the code returned. */
static int __attribute__((noinline)) jump(enum where w)
{
	unsigned char stack_buf[64] __attribute__((aligned(64)));
	void *code = NULL;

	switch (w) {
	case W_HEAP: code = malloc(64); break;
	case W_STACK: code = stack_buf; break;
	case W_MMAP_RW: code = map(PROT_READ | PROT_WRITE); break;
	case W_DATA: code = data_code; break;
	case W_MMAP_R:
	case W_PROT_NONE:
	case W_MPROTECT_RX:
	case W_MPROTECT_BACK_RW:
	case W_MMAP_RWX:
		code = map(w == W_MMAP_RWX ? PROT_READ | PROT_WRITE | PROT_EXEC : PROT_READ | PROT_WRITE);
		break;
	case W_UNMAPPED:
		code = map(PROT_READ | PROT_WRITE);
		break;
	case W_NULL: break;
	case W_KERNEL: code = KA; break;
	default: break;
	}
	if (w < W_NULL && !code)
		return 100; /* no memory */
	if (w < W_NULL || w >= W_MMAP_RWX)
		memcpy(code, ret42, sizeof(ret42));
	if (w == W_MMAP_R && mprotect(code, 4096, PROT_READ))
		return 101;
	if (w == W_PROT_NONE && mprotect(code, 4096, PROT_NONE))
		return 101;
	if (w == W_UNMAPPED && munmap(code, 4096))
		return 101;
	if ((w == W_MPROTECT_RX || w == W_MPROTECT_BACK_RW) && mprotect(code, 4096, PROT_READ | PROT_EXEC))
		return 101;
	if (w == W_MPROTECT_BACK_RW) {
		if (call(code) != 42)
			return 102;
		if (mprotect(code, 4096, PROT_READ | PROT_WRITE))
			return 101;
	}
	jump_target = code;
	return call(code);
}

/* The wait status of a child that jumps to the place with SIGSEGV at its default action. */
static int jump_status(enum where w)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(jump(w));
	return pid < 0 ? -1 : reap_timeout(pid, 10000);
}

/* The same with an SA_SIGINFO handler: what it saw, in *r (signo 0: it did not run). */
static void jump_report(enum where w, struct report *r)
{
	int p[2];
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (rsys(SYS_pipe, p))
		return;
	pid = fork();
	if (pid == 0) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_segv;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGSEGV, &sa, NULL);
		report_fd = p[1];
		rsys(SYS_close, p[0]);
		_exit(jump(w));
	}
	rsys(SYS_close, p[1]);
	if (read_all(p[0], r, sizeof(*r)) != sizeof(*r))
		memset(r, 0, sizeof(*r));
	rsys(SYS_close, p[0]);
	if (pid > 0)
		reap_timeout(pid, 10000);
}

static void test_nx(void)
{
	struct report r;

	for (int w = 0; w < W_NR_FAULTING; w++) {
		expect_status(jump_status(w), KILLED(SIGSEGV), "executing %s: SIGSEGV", places[w].name);
		jump_report(w, &r);
		expect_eq(r.signo, SIGSEGV, "  a handler sees SIGSEGV");
		expect_eq(r.code, places[w].code, "  with si_code %s",
			  places[w].code == SEGV_ACCERR ? "SEGV_ACCERR" : "SEGV_MAPERR");
		ok(r.addr_ok, "  and si_addr the jump target");
	}
	expect_status(jump_status(W_MMAP_RWX), EXITED(42), "code in an mmap PROT_READ|PROT_WRITE|PROT_EXEC page runs");
	expect_status(jump_status(W_MPROTECT_RX), EXITED(42), "code written, then mprotect to PROT_READ|PROT_EXEC, runs");
	expect_status(jump_status(W_MPROTECT_BACK_RW), KILLED(SIGSEGV),
		      "it ran, then mprotect back to PROT_READ|PROT_WRITE: SIGSEGV");
	jump_report(W_MPROTECT_BACK_RW, &r);
	expect_eq(r.code, SEGV_ACCERR, "  with si_code SEGV_ACCERR");
	ok(r.addr_ok, "  and si_addr the jump target");
}

/* ---- vm.mmap_min_addr ---- */

enum {
	L_SETUP,
	L_FIXED_ZERO,
	L_FIXED_BELOW,
	L_FIXED_ACROSS,
	L_NOREPLACE_BELOW,
	L_MREMAP_BELOW,
	L_FIXED_AT,
	L_HINTS_MOVED,
	L_NR,
};

static long mmap_min_addr(void)
{
	char text[32] = { 0 };
	long fd = rsys(SYS_open, "/proc/sys/vm/mmap_min_addr", O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = read_all((int)fd, text, sizeof(text) - 1);
	rsys(SYS_close, fd);
	return n > 0 ? atol(text) : -1;
}

static long anon(unsigned long addr, unsigned long len, int flags)
{
	return rsys(SYS_mmap, addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

/* In the child, without root where that matters: the results, in order, to fd. */
static void low_addresses(int fd, unsigned long min)
{
	long res[L_NR] = { 0 }, page;

	rsys(SYS_setuid, 65534); /* Linux: no CAP_SYS_RAWIO any more; lom: EPERM, nothing to give up */
	res[L_FIXED_ZERO] = anon(0, 4096, MAP_FIXED);
	res[L_FIXED_BELOW] = anon(min - 4096, 4096, MAP_FIXED);
	res[L_FIXED_ACROSS] = anon(min - 4096, 8192, MAP_FIXED);
	res[L_NOREPLACE_BELOW] = anon(min - 4096, 4096, MAP_FIXED_NOREPLACE);
	page = anon(0, 4096, 0);
	res[L_MREMAP_BELOW] = page < 0 ? page : rsys(SYS_mremap, page, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, min - 4096);
	res[L_FIXED_AT] = anon(min, 4096, MAP_FIXED);
	if (res[L_FIXED_AT] > 0)
		rsys(SYS_munmap, min, 4096);
	/* every page-aligned hint below the limit (none when it is one page) */
	res[L_HINTS_MOVED] = 1;
	for (unsigned long hint = 4096; hint < min; hint += 4096) {
		long got = anon(hint, 4096, 0);
		if (got != (long)min)
			res[L_HINTS_MOVED] = 0;
		if (got > 0)
			rsys(SYS_munmap, got, 4096);
	}
	rsys(SYS_write, fd, res, sizeof(res));
}

static void test_mmap_min_addr(void)
{
	long min = mmap_min_addr(), res[L_NR];
	int p[2];
	pid_t pid;

	ok(min > 0 && min % 4096 == 0, "vm.mmap_min_addr is a positive multiple of the page size");
	if (min <= 0)
		min = 65536;
	memset(res, 0x55, sizeof(res));
	rsys(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		rsys(SYS_close, p[0]);
		low_addresses(p[1], (unsigned long)min);
		_exit(0);
	}
	rsys(SYS_close, p[1]);
	read_all(p[0], res, sizeof(res));
	rsys(SYS_close, p[0]);
	expect_status(reap_timeout(pid, 10000), EXITED(0), "the child that maps low addresses exits");
	expect_eq(res[L_FIXED_ZERO], -EPERM, "mmap MAP_FIXED at 0: EPERM");
	expect_eq(res[L_FIXED_BELOW], -EPERM, "mmap MAP_FIXED at the page below vm.mmap_min_addr: EPERM");
	expect_eq(res[L_FIXED_ACROSS], -EPERM, "mmap MAP_FIXED of two pages across vm.mmap_min_addr: EPERM");
	expect_eq(res[L_NOREPLACE_BELOW], -EPERM, "mmap MAP_FIXED_NOREPLACE below vm.mmap_min_addr: EPERM");
	expect_eq(res[L_MREMAP_BELOW], -EPERM, "mremap MREMAP_FIXED to below vm.mmap_min_addr: EPERM");
	ok(res[L_FIXED_AT] == min, "mmap MAP_FIXED at vm.mmap_min_addr itself works");
	ok(res[L_HINTS_MOVED] == 1, "every hint below vm.mmap_min_addr is moved up to it");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	test_nx();
	test_mmap_min_addr();
	return tap_done();
}
