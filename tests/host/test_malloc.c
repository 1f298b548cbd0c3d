/*
 * tests/host/test_malloc.c - libc/malloc/malloc.c on the host, under
 * ASan/UBSan, renamed with -DMALLOC_PREFIX=lom_ so that it runs next to
 * the host's malloc (which the sanitizers replace).  Prints TAP; exits 0
 * only if every case passed.
 *
 *   cc -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
 *      -fno-sanitize-recover=all -DMALLOC_PREFIX=lom_ -pthread -I. \
 *      tests/host/test_malloc.c libc/malloc/malloc.c -o test_malloc
 *
 * One `static bool test_x(void)` per case; CHECK() prints file:line and
 * both values of a failed comparison.  The order matters once: the mmap
 * threshold must still be dynamic for test_dyn_threshold, so it runs
 * before anything calls mallopt().
 *
 * Without MALLOC_PREFIX (as when a wildcard pulls every tests/host/test_*.c
 * into another program) this file compiles to nothing.
 */
#ifdef MALLOC_PREFIX

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libc/include/malloc.h"

#define L(x) MALLOC_NAME(x)
#define KiB 1024UL
#define MiB (1024UL * 1024UL)

#define CHECK(cond, ...)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			printf("# %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			printf(__VA_ARGS__);                               \
			printf("\n");                                      \
			return false;                                      \
		}                                                          \
	} while (0)
#define CHECK_EQ(a, b)                                                          \
	CHECK((unsigned long long)(a) == (unsigned long long)(b), "got %#llx want %#llx", \
	      (unsigned long long)(a), (unsigned long long)(b))

static uint64_t rng = 0x5eed1234abcdULL;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t rnd_range(size_t lo, size_t hi) /* [lo, hi] */
{
	return lo + (size_t)(rnd() % (hi - lo + 1));
}

/*
 * ---- patterns: every byte of the first and the last 4 KiB,
 * one byte in 4093 in between up to 1 MiB, then one in 65521 (big blocks
 * stay cheap to fill and touch few pages) ----
 */

#define DENSE (4 * KiB)

static size_t next_i(size_t i)
{
	return i < MiB ? i + 4093 : i + 65521;
}

static unsigned char pat(uint32_t seed, size_t i)
{
	return (unsigned char)(seed + i * 131 + (i >> 8));
}

static void fill(void *p, size_t n, uint32_t seed)
{
	unsigned char *c = p;

	for (size_t i = 0; i < n && i < DENSE; i++)
		c[i] = pat(seed, i);
	for (size_t i = DENSE; i < n; i = next_i(i))
		c[i] = pat(seed, i);
	for (size_t i = n > DENSE + 4096 ? n - 4096 : DENSE; i < n; i++)
		c[i] = pat(seed, i);
}

/*
 * index of the first wrong byte among the first n of a block filled with
 * fill(p, filled, seed), or -1
 */
static long check_prefix(const void *p, size_t n, size_t filled, uint32_t seed)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n && i < DENSE; i++)
		if (c[i] != pat(seed, i))
			return (long)i;
	for (size_t i = DENSE; i < n; i = next_i(i))
		if (c[i] != pat(seed, i))
			return (long)i;
	if (n == filled)
		for (size_t i = n > DENSE + 4096 ? n - 4096 : DENSE; i < n; i++)
			if (c[i] != pat(seed, i))
				return (long)i;
	return -1;
}

static long check_fill(const void *p, size_t n, uint32_t seed)
{
	return check_prefix(p, n, n, seed);
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

static bool mallinfo_ok(const char **why)
{
	struct mallinfo2 mi = L(mallinfo2)();

	*why = NULL;
	if (mi.uordblks + mi.fordblks != mi.arena)
		*why = "uordblks + fordblks != arena";
	else if (mi.keepcost > mi.fordblks)
		*why = "keepcost > fordblks";
	else if (mi.fsmblks > mi.fordblks)
		*why = "fsmblks > fordblks";
	else if (mi.smblks + 1 > mi.ordblks + mi.smblks)
		*why = "smblks";
	else if (mi.hblks && mi.hblkhd < mi.hblks * 4096)
		*why = "hblkhd < hblks pages";
	return *why == NULL;
}

/* ---- cases ---- */

/* glibc's dynamic threshold: a freed mmapped chunk raises it (to 32 MiB at most) */
static bool test_dyn_threshold(void)
{
	struct mallinfo2 a, b;
	void *p;

	a = L(mallinfo2)();
	p = L(malloc)(200 * KiB);
	b = L(mallinfo2)();
	CHECK_EQ(b.hblks, a.hblks + 1);
	CHECK(b.hblkhd >= a.hblkhd + 200 * KiB, "hblkhd %zu", b.hblkhd);
	L(free)(p);
	CHECK_EQ(L(mallinfo2)().hblks, a.hblks);
	p = L(malloc)(200 * KiB); /* below the raised threshold now: heap */
	CHECK_EQ(L(mallinfo2)().hblks, a.hblks);
	L(free)(p);
	p = L(malloc)(40 * MiB); /* above 32 MiB: mmapped, and no adaptation */
	CHECK_EQ(L(mallinfo2)().hblks, a.hblks + 1);
	memset(p, 1, 40 * MiB);
	L(free)(p);
	p = L(malloc)(40 * MiB);
	CHECK_EQ(L(mallinfo2)().hblks, a.hblks + 1);
	L(free)(p);
	p = L(malloc)(1 * MiB); /* above the adapted threshold (~200 KiB) */
	CHECK_EQ(L(mallinfo2)().hblks, a.hblks + 1);
	L(free)(p);
	return true;
}

/* mallopt(M_MMAP_THRESHOLD) fixes the threshold: no more adaptation */
static bool test_mallopt_threshold(void)
{
	size_t base = L(mallinfo2)().hblks;
	void *p;

	CHECK_EQ(L(mallopt)(M_MMAP_THRESHOLD, 64 * MiB), 0);
	CHECK_EQ(L(mallopt)(M_MMAP_THRESHOLD, 128 * KiB), 1);
	for (int i = 0; i < 3; i++) {
		L(malloc_trim)(0); /* else top may still hold 200 KiB: no mmap needed */
		p = L(malloc)(200 * KiB);
		CHECK_EQ(L(mallinfo2)().hblks, base + 1);
		L(free)(p);
	}
	p = L(malloc)(100 * KiB);
	CHECK_EQ(L(mallinfo2)().hblks, base);
	L(free)(p);
	CHECK_EQ(L(mallopt)(12345, 1), 0);
	CHECK_EQ(L(mallopt)(M_MXFAST, 161), 0);
	CHECK_EQ(L(mallopt)(M_MXFAST, 128), 1);
	return true;
}

#define NSLOTS 2048

struct slot {
	unsigned char *p;
	size_t n;
	size_t align;
	uint32_t seed;
};

static struct slot slots[NSLOTS];

static size_t random_size(void)
{
	unsigned r = (unsigned)(rnd() % 1000);

	if (r < 600)
		return rnd_range(0, 512);
	if (r < 850)
		return rnd_range(513, 8 * KiB);
	if (r < 990)
		return rnd_range(8 * KiB, 300 * KiB);
	if (r < 998)
		return rnd_range(120 * KiB, 2 * MiB);
	return rnd_range(31 * MiB, 34 * MiB); /* around the threshold cap */
}

static bool slot_check(struct slot *s, const char *when)
{
	long bad;

	if (!s->p)
		return true;
	CHECK(((uintptr_t)s->p & 15) == 0, "%s: %p misaligned", when, (void *)s->p);
	CHECK(!s->align || ((uintptr_t)s->p & (s->align - 1)) == 0, "%s: %p not %zu-aligned", when,
	      (void *)s->p, s->align);
	CHECK(L(malloc_usable_size)(s->p) >= s->n, "%s: usable %zu < %zu", when,
	      L(malloc_usable_size)(s->p), s->n);
	bad = check_fill(s->p, s->n, s->seed);
	CHECK(bad < 0, "%s: block %p size %zu: byte %ld is %#x want %#x", when, (void *)s->p, s->n,
	      bad, s->p[bad], pat(s->seed, (size_t)bad));
	return true;
}

/* random malloc/free/realloc/calloc/memalign against a shadow of every block */
static bool random_ops(int nops)
{
	const char *why;

	for (int op = 0; op < nops; op++) {
		struct slot *s = &slots[rnd() % NSLOTS];
		unsigned kind = (unsigned)(rnd() % 100);
		size_t n = random_size();

		if (!slot_check(s, "before op"))
			return false;
		if (s->p && kind < 45) {
			L(free)(s->p);
			s->p = NULL;
			continue;
		}
		if (s->p && kind < 75) {
			unsigned char *q = L(realloc)(s->p, n);
			size_t keep = n < s->n ? n : s->n;

			CHECK(q || !n, "realloc(%zu) failed", n);
			if (!n) {
				s->p = NULL;
				continue;
			}
			s->p = q;
			s->align = 0;
			CHECK(check_prefix(q, keep, s->n, s->seed) < 0,
			      "realloc lost contents (%zu -> %zu)", s->n, n);
			s->n = n;
			fill(q, n, s->seed);
			continue;
		}
		if (s->p) {
			L(free)(s->p);
			s->p = NULL;
		}
		s->seed = (uint32_t)rnd();
		s->n = n;
		s->align = 0;
		if (kind < 85) {
			s->p = L(malloc)(n);
		} else if (kind < 93) {
			size_t k = rnd_range(1, 8);

			s->n = n / k * k;
			s->p = L(calloc)(k, n / k);
			CHECK(s->p, "calloc failed");
			CHECK(all_zero(s->p, s->n < 65536 ? s->n : 65536), "calloc(%zu, %zu) not zero", k,
			      n / k);
		} else {
			s->align = 16UL << rnd_range(0, 12);
			if (s->n > 4 * MiB)
				s->n = 4 * MiB;
			s->p = L(memalign)(s->align, s->n);
		}
		CHECK(s->p, "allocation of %zu failed", s->n);
		fill(s->p, s->n, s->seed);
		if (op % 5000 == 0) {
			CHECK(mallinfo_ok(&why), "mallinfo2: %s", why);
			if (op % 20000 == 0)
				L(malloc_trim)(0);
		}
	}
	for (int i = 0; i < NSLOTS; i++) {
		if (!slot_check(&slots[i], "at the end"))
			return false;
		L(free)(slots[i].p);
		slots[i].p = NULL;
	}
	CHECK(mallinfo_ok(&why), "mallinfo2: %s", why);
	return true;
}

static bool test_random(void)
{
	return random_ops(100000);
}

static bool test_alignment_apis(void)
{
	void *p;

	for (size_t a = 8; a <= MiB; a <<= 1) {
		for (size_t n = 0; n < 5000; n += 1237) {
			p = (void *)1;
			CHECK_EQ(L(posix_memalign)(&p, a, n), 0);
			CHECK(((uintptr_t)p & (a - 1)) == 0, "posix_memalign(%zu) = %p", a, p);
			memset(p, 0x5a, n);
			L(free)(p);
			p = L(aligned_alloc)(a, n);
			CHECK(p && ((uintptr_t)p & (a - 1)) == 0, "aligned_alloc(%zu) = %p", a, p);
			memset(p, 0x5a, n);
			L(free)(p);
			p = L(memalign)(a, n);
			CHECK(p && ((uintptr_t)p & (a - 1)) == 0, "memalign(%zu) = %p", a, p);
			CHECK(L(malloc_usable_size)(p) >= n, "usable");
			memset(p, 0x5a, n);
			L(free)(p);
		}
	}
	/* bad alignments */
	p = (void *)1;
	CHECK_EQ(L(posix_memalign)(&p, 0, 16), EINVAL);
	CHECK_EQ(L(posix_memalign)(&p, 24, 16), EINVAL);
	CHECK_EQ(L(posix_memalign)(&p, 4, 16), EINVAL);
	CHECK(p == (void *)1, "posix_memalign touched *memptr on failure");
	CHECK_EQ(L(posix_memalign)(&p, 64, SIZE_MAX - 100), ENOMEM);
	errno = 0;
	CHECK(L(aligned_alloc)(48, 16) == NULL && errno == EINVAL, "aligned_alloc(48)");
	errno = 0;
	CHECK(L(aligned_alloc)(0, 16) == NULL && errno == EINVAL, "aligned_alloc(0)");
	errno = 0;
	CHECK(L(memalign)(SIZE_MAX / 2 + 2, 16) == NULL && errno == EINVAL, "memalign(huge)");
	p = L(memalign)(48, 100); /* rounded up to 64 */
	CHECK(p && ((uintptr_t)p & 63) == 0, "memalign(48) = %p", p);
	L(free)(p);
	p = L(valloc)(100);
	CHECK(p && ((uintptr_t)p & 4095) == 0, "valloc = %p", p);
	L(free)(p);
	p = L(pvalloc)(100);
	CHECK(p && ((uintptr_t)p & 4095) == 0 && L(malloc_usable_size)(p) >= 4096, "pvalloc = %p", p);
	L(free)(p);
	return true;
}

/* calloc must clear chunks that malloc users dirtied, whichever path serves it */
static bool test_calloc_reuse(void)
{
	static const size_t sizes[] = { 1, 24, 100, 128, 200, 1000, 1032, 1100, 5000, 70000,
					100000, 200000, 3 * MiB };
	void *p[16];

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];

		for (int i = 0; i < 16; i++) {
			p[i] = L(malloc)(n);
			CHECK(p[i], "malloc");
			memset(p[i], 0xa5, L(malloc_usable_size)(p[i]));
		}
		for (int i = 0; i < 16; i++)
			L(free)(p[i]);
		for (int i = 0; i < 16; i++) {
			p[i] = L(calloc)(1, n);
			CHECK(p[i] && all_zero(p[i], n), "calloc(1, %zu) #%d not zero", n, i);
		}
		for (int i = 0; i < 16; i++)
			L(free)(p[i]);
	}
	return true;
}

static bool test_realloc(void)
{
	unsigned char *p = L(malloc)(100), *q, *guard;

	fill(p, 100, 7);
	q = L(realloc)(p, 50); /* shrink: in place */
	CHECK(q == p, "shrink moved");
	CHECK(check_fill(q, 50, 7) < 0, "shrink lost data");
	/* grow into the top chunk: 20 MiB is in no bin, so it is the last chunk */
	CHECK_EQ(L(mallopt)(M_MMAP_THRESHOLD, 32 * MiB), 1);
	p = L(malloc)(20 * MiB);
	fill(p, 20 * MiB, 9);
	q = L(realloc)(p, 20 * MiB + 64 * KiB); /* top_pad left 128 KiB */
	CHECK(q == p, "grow into top moved %p -> %p", (void *)p, (void *)q);
	CHECK(check_fill(q, 20 * MiB, 9) < 0, "grow lost data");
	L(free)(q);
	CHECK_EQ(L(mallopt)(M_MMAP_THRESHOLD, 128 * KiB), 1);
	/* grow into a free neighbour: find two adjacent 3000-byte blocks first */
	{
		void *spare[64];
		int nspare = 0;

		p = L(malloc)(3000);
		guard = L(malloc)(3000);
		while (guard != p + L(malloc_usable_size)(p) + 8 && nspare < 62) {
			spare[nspare++] = p;
			p = guard;
			guard = L(malloc)(3000);
		}
		CHECK(guard == p + L(malloc_usable_size)(p) + 8, "no two adjacent blocks");
		while (nspare)
			L(free)(spare[--nspare]);
	}
	fill(p, 3000, 11);
	L(free)(guard); /* 3000 > tcache: really free */
	q = L(realloc)(p, 5000);
	CHECK(q == p, "grow into free next moved");
	CHECK(check_fill(q, 3000, 11) < 0, "grow lost data");
	/* grow with an in-use neighbour: moves */
	guard = L(malloc)(100);
	fill(q, 5000, 12);
	p = L(realloc)(q, 6000);
	CHECK(p, "realloc");
	CHECK(check_fill(p, 5000, 12) < 0, "moved realloc lost data");
	L(free)(guard);
	/* mmapped: mremap keeps contents both ways */
	fill(p, 6000, 13);
	q = L(realloc)(p, 5 * MiB);
	CHECK(q && check_fill(q, 6000, 13) < 0, "realloc to 5 MiB");
	fill(q, 5 * MiB, 14);
	p = L(realloc)(q, 9 * MiB);
	CHECK(p && check_fill(p, 5 * MiB, 14) < 0, "mremap grow");
	q = L(realloc)(p, 1 * MiB);
	CHECK(q && check_prefix(q, 1 * MiB, 5 * MiB, 14) < 0, "mremap shrink");
	L(free)(q);
	L(free)(L(realloc)(NULL, 10));
	p = L(malloc)(10);
	CHECK(L(realloc)(p, 0) == NULL, "realloc(p, 0) frees");
	/* reallocarray */
	p = L(malloc)(10);
	errno = 0;
	CHECK(L(reallocarray)(p, SIZE_MAX / 2, 3) == NULL && errno == ENOMEM, "reallocarray overflow");
	q = L(reallocarray)(p, 100, 10);
	CHECK(q, "reallocarray");
	L(free)(q);
	return true;
}

static bool test_huge(void)
{
	void *p;

	errno = 0;
	CHECK(L(malloc)(SIZE_MAX) == NULL && errno == ENOMEM, "malloc(SIZE_MAX)");
	errno = 0;
	CHECK(L(malloc)(SIZE_MAX - 4096) == NULL && errno == ENOMEM, "malloc(SIZE_MAX - 4096)");
	errno = 0;
	CHECK(L(malloc)(PTRDIFF_MAX) == NULL && errno == ENOMEM, "malloc(PTRDIFF_MAX)");
	errno = 0;
	CHECK(L(malloc)(1UL << 46) == NULL && errno == ENOMEM, "malloc(64 TiB)");
	errno = 0;
	CHECK(L(calloc)(SIZE_MAX / 2, 3) == NULL && errno == ENOMEM, "calloc overflow");
	errno = 0;
	CHECK(L(calloc)(1UL << 33, 1UL << 33) == NULL && errno == ENOMEM, "calloc overflow 2");
	p = L(malloc)(10);
	errno = 0;
	CHECK(L(realloc)(p, SIZE_MAX) == NULL && errno == ENOMEM, "realloc(SIZE_MAX)");
	L(free)(p); /* still ours */
	errno = 0;
	CHECK(L(pvalloc)(SIZE_MAX - 10) == NULL && errno == ENOMEM, "pvalloc(huge)");
	return true;
}

/* freeing into a top above M_TRIM_THRESHOLD gives memory back with sbrk(-) */
static bool test_trim_threshold(void)
{
	static void *p[1000];
	char *before, *full, *after;
	int n = 0;

	CHECK_EQ(L(mallopt)(M_TRIM_THRESHOLD, 256 * KiB), 1);
	CHECK_EQ(L(mallopt)(M_TOP_PAD, 0), 1);
	before = sbrk(0);
	/* until the break has grown 3 MiB (free chunks in bins are used first) */
	while (n < 1000 && (char *)sbrk(0) < before + 3 * MiB) {
		p[n] = L(malloc)(64 * KiB);
		memset(p[n++], 1, 64 * KiB);
	}
	full = sbrk(0);
	CHECK(full >= before + 3 * MiB, "heap did not grow by brk: %p -> %p", before, full);
	while (n--)
		L(free)(p[n]);
	after = sbrk(0);
	CHECK(after <= full - 3 * MiB, "break %p -> %p: not trimmed", full, after);
	CHECK(L(mallinfo2)().keepcost < 256 * KiB, "top %zu still above the threshold",
	      L(mallinfo2)().keepcost);
	/* malloc_trim(0) gives the rest of top back */
	CHECK_EQ(L(mallopt)(M_TRIM_THRESHOLD, 128 * KiB), 1);
	CHECK_EQ(L(mallopt)(M_TOP_PAD, 128 * KiB), 1);
	return true;
}

/* free chunks in the middle of the heap: malloc_trim(0) discards their pages */
static bool test_malloc_trim(void)
{
	void *p[32], *guard[32];
	struct mallinfo2 a;

	CHECK_EQ(L(mallopt)(M_TRIM_THRESHOLD, -1), 1); /* never trim by itself */
	for (int i = 0; i < 32; i++) {
		p[i] = L(malloc)(100 * KiB);
		memset(p[i], 2, 100 * KiB);
		guard[i] = L(malloc)(20 * KiB); /* keeps p[i] from merging */
	}
	for (int i = 0; i < 32; i++)
		L(free)(p[i]);
	a = L(mallinfo2)();
	CHECK(a.fordblks - a.keepcost >= 3 * MiB, "free inside the heap %zu", a.fordblks - a.keepcost);
	CHECK_EQ(L(malloc_trim)(0), 1);
	/* the discarded chunks are still valid free chunks */
	p[0] = L(malloc)(3 * MiB);
	CHECK(p[0], "malloc after trim");
	memset(p[0], 3, 3 * MiB);
	L(free)(p[0]);
	for (int i = 0; i < 32; i++)
		L(free)(guard[i]);
	CHECK_EQ(L(mallopt)(M_TRIM_THRESHOLD, 128 * KiB), 1);
	return true;
}

static bool test_usable_size(void)
{
	CHECK_EQ(L(malloc_usable_size)(NULL), 0);
	for (size_t n = 0; n < 70000; n = n * 2 + 1) {
		unsigned char *p = L(malloc)(n);
		size_t u = L(malloc_usable_size)(p);

		CHECK(u >= n && u < n + 48 + (n >= 128 * KiB ? 4096 : 0), "usable(%zu) = %zu", n, u);
		memset(p, 0x77, u); /* all of it is ours */
		L(free)(p);
	}
	return true;
}

static bool test_mallinfo(void)
{
	const char *why;
	struct mallinfo2 a, b;
	void *p, *q;

	CHECK(mallinfo_ok(&why), "%s", why);
	a = L(mallinfo2)();
	p = L(malloc)(50000);
	q = L(malloc)(8 * MiB);
	b = L(mallinfo2)();
	CHECK(mallinfo_ok(&why), "%s", why);
	CHECK(b.uordblks >= a.uordblks + 50000, "uordblks %zu -> %zu", a.uordblks, b.uordblks);
	CHECK_EQ(b.hblks, a.hblks + 1);
	CHECK(b.hblkhd >= a.hblkhd + 8 * MiB, "hblkhd");
	CHECK_EQ(b.usmblks, 0);
	L(free)(p);
	L(free)(q);
	CHECK(mallinfo_ok(&why), "%s", why);
	return true;
}

/* another user of brk moves the break between our extensions */
static bool test_foreign_sbrk(void)
{
	void *p[8], *blocker;
	char *brk;
	const char *why;

	for (int i = 0; i < 4; i++) {
		p[i] = L(malloc)(100 * KiB);
		memset(p[i], 4, 100 * KiB);
		CHECK(sbrk(4096 + 16 * i + 8) != (void *)-1, "foreign sbrk"); /* misaligns the break */
	}
	CHECK(mallinfo_ok(&why), "%s", why);
	/* brk blocked by a mapping right at the break: the heap continues in an mmapped piece */
	brk = sbrk(0);
	blocker = mmap((void *)(((uintptr_t)brk + 4095) & ~4095UL), 64 * MiB, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(blocker != MAP_FAILED, "blocker mapping");
	for (int i = 4; i < 8; i++) {
		p[i] = L(malloc)(100 * KiB);
		CHECK(p[i], "malloc with brk blocked");
		memset(p[i], 5, 100 * KiB);
	}
	CHECK(sbrk(0) == brk, "break moved with a mapping in the way");
	CHECK(mallinfo_ok(&why), "%s", why);
	for (int i = 0; i < 8; i++)
		L(free)(p[i]);
	munmap(blocker, 64 * MiB);
	CHECK(random_ops(20000), "random ops after foreign sbrk");
	return true;
}

static const char *seen_path[8];
static size_t seen_len[8];
static int nseen;

static void hook(const struct malloc_trace *t)
{
	void *p;

	if (nseen < 8) {
		seen_path[nseen] = t->path;
		seen_len[nseen] = t->syscall_len;
	}
	nseen++;
	p = L(malloc)(10); /* nested calls are served, not reported */
	L(free)(p);
}

static bool test_trace_hook(void)
{
	void *p, *q;

	L(free)(L(malloc)(40)); /* one in the tcache */
	L(malloc_trace_hook) = hook;
	nseen = 0;
	p = L(malloc)(40);
	L(free)(p);
	q = L(malloc)(40 * MiB); /* above any free chunk */
	L(free)(q);
	L(malloc_trace_hook) = NULL;
	CHECK_EQ(nseen, 4);
	CHECK(!strcmp(seen_path[0], "tcache"), "malloc from %s", seen_path[0]);
	CHECK(!strcmp(seen_path[1], "tcache"), "free to %s", seen_path[1]);
	CHECK(!strcmp(seen_path[2], "mmap"), "malloc(40M) from %s", seen_path[2]);
	CHECK_EQ(seen_len[2], 40 * MiB + 4096);
	CHECK(!strcmp(seen_path[3], "munmap"), "free to %s", seen_path[3]);
	return true;
}

/* malloc_stats prints glibc's layout on fd 2 */
static bool test_malloc_stats(void)
{
	static const char *const labels[] = {
		"Arena 0:", "system bytes     = ", "in use bytes     = ", "Total (incl. mmap):",
		"system bytes     = ", "in use bytes     = ", "max mmap regions = ", "max mmap bytes   = ",
	};
	char buf[1024], *line;
	int fds[2], saved;
	ssize_t n;
	int i = 0;

	CHECK(pipe(fds) == 0, "pipe");
	saved = dup(2);
	dup2(fds[1], 2);
	L(malloc_stats)();
	dup2(saved, 2);
	close(saved);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	CHECK(n > 0, "no output");
	buf[n] = 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"), i++) {
		CHECK(i < 8, "extra line '%s'", line);
		CHECK(!strncmp(line, labels[i], strlen(labels[i])), "line %d '%s'", i, line);
		if (labels[i][strlen(labels[i]) - 1] == ' ')
			CHECK(strlen(line) == strlen(labels[i]) + 10, "line %d '%s' not %%10u", i, line);
	}
	CHECK_EQ(i, 8);
	return true;
}

/* threads allocate, hand blocks to each other, free: the arena lock */
#define NTHREADS 4
static unsigned char *shared_blocks[NTHREADS][256];

static void *thread_main(void *arg)
{
	long id = (long)arg;
	uint64_t x = 12345 + (uint64_t)id;

	for (int round = 0; round < 20000; round++) {
		int i = (int)((x = x * 6364136223846793005ULL + 1) >> 33) % 256;
		int victim = (int)(x >> 60) % NTHREADS;
		unsigned char *old;
		size_t n = 16 + ((x >> 20) % 2000);

		/* take a block from any thread's table and free it, put a new one in */
		unsigned char *p = L(malloc)(n);

		if (!p)
			return (void *)1;
		memset(p, (int)(n & 0xff), n);
		p[0] = (unsigned char)(n >> 8);
		p[1] = (unsigned char)(n & 0xff);
		old = __atomic_exchange_n(&shared_blocks[victim][i], p, __ATOMIC_ACQ_REL);
		if (old) {
			size_t on = ((size_t)old[0] << 8) | old[1];

			if (old[1] != (unsigned char)(on & 0xff) || old[on - 1] != (unsigned char)(on & 0xff))
				return (void *)2;
			L(free)(old);
		}
	}
	return NULL;
}

static bool test_threads(void)
{
	pthread_t t[NTHREADS];
	void *ret;
	bool ok = true;

	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, thread_main, (void *)i);
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &ret);
		if (ret)
			ok = false;
	}
	for (int v = 0; v < NTHREADS; v++)
		for (int i = 0; i < 256; i++) {
			L(free)(shared_blocks[v][i]);
			shared_blocks[v][i] = NULL;
		}
	CHECK(ok, "a thread saw a corrupted block");
	return true;
}

static const struct {
	const char *name;
	bool (*fn)(void);
} cases[] = {
	{ "dynamic mmap threshold", test_dyn_threshold },
	{ "mallopt fixes the mmap threshold", test_mallopt_threshold },
	{ "random operations against a shadow model", test_random },
	{ "posix_memalign/aligned_alloc/memalign/valloc/pvalloc", test_alignment_apis },
	{ "calloc zeroes reused chunks", test_calloc_reuse },
	{ "realloc in place and moved keeps contents", test_realloc },
	{ "absurd sizes fail with ENOMEM", test_huge },
	{ "M_TRIM_THRESHOLD shrinks the break", test_trim_threshold },
	{ "malloc_trim discards free pages", test_malloc_trim },
	{ "malloc_usable_size", test_usable_size },
	{ "mallinfo2 consistency", test_mallinfo },
	{ "foreign sbrk and blocked brk", test_foreign_sbrk },
	{ "trace hook", test_trace_hook },
	{ "malloc_stats layout", test_malloc_stats },
	{ "threads with remote frees", test_threads },
};

int main(void)
{
	int n = (int)(sizeof(cases) / sizeof(cases[0])), failed = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("TAP version 13\n1..%d\n", n);
	for (int i = 0; i < n; i++) {
		bool ok = cases[i].fn();

		printf("%sok %d - %s\n", ok ? "" : "not ", i + 1, cases[i].name);
		failed += !ok;
	}
	if (failed)
		printf("# %d of %d failed\n", failed, n);
	return failed ? 1 : 0;
}

#endif /* MALLOC_PREFIX */
