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

#include "vm.h"

#define N 10000

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
