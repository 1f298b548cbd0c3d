/*
 * tests/user/vm.h - what the virtual-memory test programs (t_vm_*.c) share:
 * sizes, mmap through the raw syscall (so errnos come back as -E...), a
 * free hole of address space, and probe(): touch an address under a
 * SIGSEGV/SIGBUS handler and report whether it worked, or the si_code
 * (SEGV_MAPERR/SEGV_ACCERR) of the fault at exactly that address.
 * Include after tap.h.
 */
#ifndef TESTS_USER_VM_H
#define TESTS_USER_VM_H

#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE 4096UL
#define MiB (1UL << 20)
#define GiB (1UL << 30)

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

/* ---- mapping helpers ---- */

TAP_STATIC int bad_map(void *p)
{
	return (unsigned long)p > -4096UL;
}

TAP_STATIC void *map(void *addr, size_t len, int prot, int flags)
{
	return (void *)rsys(SYS_mmap, addr, len, prot, flags, -1, 0);
}

/* a free, page-aligned range of len bytes (mapped, then unmapped) */
TAP_STATIC char *hole(size_t len)
{
	char *p = map(0, len, PROT_NONE, ANON | MAP_NORESERVE);

	rsys(SYS_munmap, p, len);
	return p;
}

TAP_STATIC int is_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		if (*c++)
			return 0;
	return 1;
}

/* ---- probing an access: a SIGSEGV handler reports si_code and si_addr ---- */

static sigjmp_buf probe_jb;
static volatile int probe_armed, probe_signo, probe_code;
static void *volatile probe_addr;

static void probe_handler(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (!probe_armed) { /* a fault outside probe(): die of it */
		signal(sig, SIG_DFL);
		return;
	}
	probe_armed = 0;
	probe_signo = sig;
	probe_code = si->si_code;
	probe_addr = si->si_addr;
	siglongjmp(probe_jb, 1);
}

TAP_STATIC void probe_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = probe_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER; /* nothing to unblock after siglongjmp */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

#define P_OK 0
#define P_MAPERR SEGV_MAPERR
#define P_ACCERR SEGV_ACCERR
/*
 * Touch p (how: 'r' read, 'w' write val, 'x' call it): P_OK if it worked,
 * SEGV_MAPERR/SEGV_ACCERR for a SIGSEGV with si_addr == p, 100 + si_code
 * for a SIGBUS there, -1 for a fault at another address.  A read stores
 * the byte in probe_val.
 */
static volatile int probe_val;

TAP_STATIC int probe(void *p, int how, int val)
{
	char *volatile vp = p;
	volatile int vhow = how;

	if (sigsetjmp(probe_jb, 0)) {
		if (probe_addr != vp)
			return -1;
		return probe_signo == SIGSEGV ? probe_code : 100 + probe_code;
	}
	probe_armed = 1;
	if (vhow == 'r')
		probe_val = *(volatile unsigned char *)vp;
	else if (vhow == 'w')
		*(volatile char *)vp = val;
	else
		((void (*)(void))vp)();
	probe_armed = 0;
	return P_OK;
}

/* the byte at p, or -1 if reading it faults */
TAP_STATIC int peek(const void *p)
{
	return probe((void *)p, 'r', 0) == P_OK ? probe_val : -1;
}


/* pages [from, to) of p hold their fill byte 'A' + page number (first and last byte) */
TAP_STATIC int pages_hold(char *p, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		if (peek(p + i * PAGE) != 'A' + i || peek(p + i * PAGE + PAGE - 1) != 'A' + i)
			return 0;
	return 1;
}

/* pages [from, to) of p are mapped and read as zeros, every byte */
TAP_STATIC int pages_zero(char *p, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		if (peek(p + i * PAGE) != 0 || peek(p + i * PAGE + PAGE - 1) != 0 || !is_zero(p + i * PAGE, PAGE))
			return 0;
	return 1;
}

#endif
