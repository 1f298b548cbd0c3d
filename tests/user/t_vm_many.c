/*
 * tests/user/t_vm_many.c - many mappings: 10,000 one-page mappings
 * (alternately read-write and read-only, so that none merge), each
 * written and checked, removed in a scrambled order; 10,000 pages of one
 * mapping split into 10,000 pieces by mprotect of every other page, then
 * joined again; 10,000 rounds of map/touch/unmap (the address space does
 * not run out); and 1,000 mappings with a hole between each.
 *
 * Usage: t_vm_many [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 19

#define PAGE 4096UL
#define MiB (1UL << 20)
#define GiB (1UL << 30)

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

#define N 10000

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

static char *maps[N];

static void test_many(void)
{
	int i, j, good, nbad;

	nbad = 0;
	for (i = 0; i < N; i++) {
		maps[i] = map(0, PAGE, (i & 1) ? PROT_READ : RW, ANON);
		if (bad_map(maps[i]))
			nbad++;
	}
	expect_eq(nbad, 0, "10,000 one-page mappings, alternately read-write and read-only");
	good = !nbad;
	for (i = 0; good && i < N; i += 2)
		if (probe(maps[i] + (i % 4000), 'w', (char)(i / 2 + 1)) != P_OK)
			good = 0;
	ok(good, "every read-write one takes a byte");
	for (i = 0; good && i < N; i++) {
		for (j = 0; j < i && j < 4; j++)
			if (maps[i] == maps[i - j - 1])
				good = 0;
	}
	ok(good, "all at different addresses");
	for (i = 1; good && i < N; i += 2)
		if (peek(maps[i] + 5) != 0 || (i % 10 == 1 && probe(maps[i] + 5, 'w', 1) != P_ACCERR))
			good = 0;
	ok(good, "every read-only one reads zeros, every tenth refuses a write (SEGV_ACCERR)");
	for (i = 0; good && i < N; i += 2)
		if (peek(maps[i] + (i % 4000)) != (unsigned char)(char)(i / 2 + 1))
			good = 0;
	ok(good, "every read-write one holds its byte");

	/* unmap half in a scrambled order (7919 is prime, so i*7919 % N visits all) */
	nbad = 0;
	for (i = 0; i < N; i++) {
		j = (int)((long)i * 7919 % N);
		if (j % 3 == 0 && rsys(SYS_munmap, maps[j], PAGE))
			nbad++;
	}
	expect_eq(nbad, 0, "a third of them unmapped, in a scrambled order");
	good = 1;
	for (i = 0; i < N && good; i++) {
		int want;

		if (i % 3 == 0)
			good = i % 10 || probe(maps[i], 'r', 0) == P_MAPERR;
		else {
			want = (i & 1) ? 0 : (unsigned char)(char)(i / 2 + 1);
			good = peek(maps[i] + ((i & 1) ? 5 : i % 4000)) == want;
		}
	}
	ok(good, "the others keep their bytes, every tenth unmapped one is gone");
	nbad = 0;
	for (i = 0; i < N; i++) {
		j = (int)((long)i * 7919 % N);
		if (j % 3 != 0 && rsys(SYS_munmap, maps[j], PAGE))
			nbad++;
	}
	expect_eq(nbad, 0, "the rest unmapped");
	good = 1;
	for (i = 0; i < N && good; i += 97)
		good = probe(maps[i], 'r', 0) == P_MAPERR;
	ok(good, "they are gone");
}

static void test_split(void)
{
	char *p = map(0, N * PAGE, RW, ANON);
	int i, nbad, good;

	ok(!bad_map(p), "one mapping of 10,000 pages");
	if (bad_map(p))
		return;
	for (i = 0; i < N; i++)
		p[i * PAGE] = (char)i;
	nbad = 0;
	for (i = 1; i < N; i += 2)
		if (rsys(SYS_mprotect, p + i * PAGE, PAGE, PROT_READ))
			nbad++;
	expect_eq(nbad, 0, "every other page made read-only: 10,000 pieces");
	good = 1;
	for (i = 0; i < N && good; i++) {
		if (peek(p + i * PAGE) != (unsigned char)(char)i)
			good = 0;
		else if (i % 10 < 2 && probe(p + i * PAGE + 1, 'w', 1) != ((i & 1) ? P_ACCERR : P_OK))
			good = 0;
	}
	ok(good, "each piece has its page's byte; one in five is checked for its protection");
	expect_eq(rsys(SYS_mprotect, p, N * PAGE, RW), 0, "one mprotect over all of them");
	good = 1;
	for (i = 0; i < N && good; i++)
		good = probe(p + i * PAGE + 2, 'w', 2) == P_OK && peek(p + i * PAGE) == (unsigned char)(char)i;
	ok(good, "all writable again, bytes kept");
	nbad = 0;
	for (i = 0; i < N; i += 2)
		if (rsys(SYS_munmap, p + i * PAGE, PAGE))
			nbad++;
	expect_eq(nbad, 0, "every other page unmapped");
	good = 1;
	for (i = 0; i < N && good; i++)
		good = (i & 1) ? peek(p + i * PAGE) == (unsigned char)(char)i
			       : i % 10 || probe(p + i * PAGE, 'r', 0) == P_MAPERR;
	ok(good, "5,000 one-page holes between 5,000 pages");
	expect_eq(rsys(SYS_munmap, p, N * PAGE), 0, "one munmap over all of it");
	good = 1;
	for (i = 0; i < N && good; i += 101)
		good = probe(p + i * PAGE, 'r', 0) == P_MAPERR;
	ok(good, "all gone");
}

static void test_rounds(void)
{
	int i, good = 1;

	for (i = 0; i < N && good; i++) {
		size_t len = (i % 4 + 1) * PAGE;
		char *p = map(0, len, RW, ANON);

		if (bad_map(p) || p[len - 1] != 0) {
			good = 0;
			break;
		}
		p[0] = 1;
		p[len - 1] = 2;
		if (rsys(SYS_munmap, p, len))
			good = 0;
	}
	ok(good, "10,000 rounds of map 1-4 pages, touch, unmap");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	probe_init();
	test_many();
	test_split();
	test_rounds();
	return tap_done();
}
