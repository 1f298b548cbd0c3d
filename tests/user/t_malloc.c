/*
 * tests/user/t_malloc.c - lom's malloc (libc/malloc/malloc.c) from a user
 * program: which layer serves what (through the trace hook), the
 * alignment APIs, calloc, realloc, the 128 KiB / 32 MiB mmap boundaries,
 * mallopt/malloc_trim against the break and VmRSS, and a random workload
 * checked against a shadow copy of every block.
 *
 * Built with tools/lom-cc it is one static binary for Linux and lom, and
 * prints the same bytes on both: descriptions are fixed, values appear
 * only in failure diagnostics.  Until lom-cc exists:
 *   gcc -std=gnu11 -static -O2 -Wall -Wextra -Werror tests/user/t_malloc.c \
 *       libc/malloc/malloc.c -o t_malloc
 *
 * The layer tests run first: they expect a nearly fresh heap (whatever
 * the C library's start-up allocated).
 */
#include <stdint.h>

#include "tap.h"
#include "../../libc/include/malloc.h" /* <malloc.h> of lom's libc */

#define KiB 1024UL
#define MiB (1024UL * 1024UL)

/* ---- the trace hook: the last report ---- */

static struct malloc_trace last;
static char last_path[32];
static int nreports;

static void hook(const struct malloc_trace *t)
{
	size_t i = 0;

	last = *t;
	for (; t->path && t->path[i] && i < sizeof(last_path) - 1; i++)
		last_path[i] = t->path[i];
	last_path[i] = 0;
	last.path = last_path;
	nreports++;
}

/* last report came from path (and, for the record, which call it was) */
static int path_is(const char *path, const char *what)
{
	if (!strcmp(last_path, path))
		return ok(1, "%s: %s", what, path);
	ok(0, "%s: %s", what, path);
	diag("got %s(%zu) from %s\n", last.func ? last.func : "?", last.request, last_path);
	return 0;
}

static void *volatile sink;

static unsigned char *get(size_t n)
{
	unsigned char *p = malloc(n);

	sink = p;
	return p;
}

/* ---- every layer, on purpose ---- */

#define NLAYER_TESTS 19
static void test_layers(void)
{
	unsigned char *a, *b, *x[9], *g[9], *big, *m;

	get(1000); /* the heap exists from here on */
	malloc_trace_hook = hook;

	a = get(40);
	free(a);
	path_is("tcache", "free of a small block");
	b = get(40);
	path_is("tcache", "malloc of the same size again");
	ok(a == b, "the tcache is LIFO");

	/* fastbin: the tcache bin of that size is full */
	for (int i = 0; i < 8; i++)
		x[i] = get(100);
	for (int i = 0; i < 8; i++)
		free(x[i]);
	path_is("fastbin", "free with the tcache bin full");
	for (int i = 0; i < 7; i++)
		get(100);
	m = get(100);
	path_is("fastbin", "malloc with the tcache bin empty");
	ok(m == x[7], "the fastbin returns the chunk freed last");

	/* small bin: two free 512-byte chunks, sorted out of the unsorted bin */
	for (int i = 0; i < 9; i++) {
		x[i] = get(500);
		g[i] = get(24); /* keeps x[i] from coalescing */
		sink = g[i];
	}
	for (int i = 0; i < 9; i++)
		free(x[i]);
	path_is("unsorted", "free of a 500-byte block with the tcache full");
	big = get(6000);
	path_is("top", "malloc(6000) splits the top chunk");
	for (int i = 0; i < 7; i++)
		get(500);
	get(500);
	path_is("smallbin", "malloc(500) with the tcache empty");

	/* unsorted: an exact fit too big for the tcache */
	m = get(1100);
	get(24);
	free(m);
	path_is("unsorted", "free(1100)");
	b = get(1100);
	path_is("unsorted", "malloc(1100) again: the exact fit");
	ok(b == m, "same chunk");

	/* large bin: 3000 bytes, sorted away by a bigger request */
	m = get(3000);
	get(24);
	free(m);
	free(big);
	path_is("unsorted", "free(6000)");
	get(9000);
	get(2990);
	path_is("largebin", "malloc(2990) from the large bin");

	/* the system */
	malloc_trim(0);
	get(100000);
	path_is("sbrk", "malloc(100000) with a trimmed top grows the heap");
	ok(last.syscall_nr == 12 && last.syscall_len >= 128 * KiB,
	   "sbrk increment includes M_TOP_PAD");
	/* 33 MiB: freeing it leaves the mmap threshold alone (above the 32 MiB cap) */
	m = get(33 * MiB);
	path_is("mmap", "malloc(33 MiB) gets its own mapping");
	expect_eq(last.syscall_len, 33 * MiB + 4096, "mapping length: 33 MiB + header, page-rounded");
	free(m);
	path_is("munmap", "free of a mapped block");
	malloc_trace_hook = NULL;
}

/* ---- boundaries: 128 KiB threshold, its adaptation, the 32 MiB cap ---- */

#define NBOUNDARY_TESTS 8
static void test_boundaries(void)
{
	size_t h0 = mallinfo2().hblks;
	unsigned char *p;

	malloc_trim(0);
	p = get(128 * KiB - 64);
	expect_eq(mallinfo2().hblks, h0, "malloc(128 KiB - 64) comes from the heap");
	free(p);
	malloc_trim(0);
	p = get(128 * KiB);
	expect_eq(mallinfo2().hblks, h0 + 1, "malloc(128 KiB) is mmapped");
	free(p); /* raises the threshold to this chunk's size */
	malloc_trim(0);
	p = get(128 * KiB);
	expect_eq(mallinfo2().hblks, h0, "after its free, malloc(128 KiB) comes from the heap");
	free(p);
	p = get(33 * MiB);
	expect_eq(mallinfo2().hblks, h0 + 1, "malloc(33 MiB) is mmapped");
	free(p); /* above the 32 MiB cap: no adaptation */
	malloc_trim(0);
	p = get(1 * MiB);
	expect_eq(mallinfo2().hblks, h0 + 1, "malloc(1 MiB) is still mmapped after freeing 33 MiB");
	free(p);

	expect_eq(mallopt(M_MMAP_THRESHOLD, 256 * KiB), 1, "mallopt(M_MMAP_THRESHOLD, 256 KiB)");
	malloc_trim(0);
	p = get(300 * KiB);
	free(p);
	malloc_trim(0);
	p = get(300 * KiB);
	expect_eq(mallinfo2().hblks, h0 + 1, "a fixed threshold does not adapt");
	free(p);
	expect_eq(mallopt(M_MMAP_THRESHOLD, 64 * MiB), 0, "mallopt refuses a threshold above 32 MiB");
}

/* ---- alignment ---- */

#define NALIGN_TESTS 6
static void test_alignment(void)
{
	int good[3] = { 1, 1, 1 };
	void *p;

	for (size_t a = 16; a <= MiB; a <<= 1) {
		for (size_t n = 1; n < 10000; n += 3333) {
			p = NULL;
			if (posix_memalign(&p, a, n) || ((uintptr_t)p & (a - 1)))
				good[0] = 0;
			if (p)
				memset(p, 1, n);
			free(p);
			p = aligned_alloc(a, n);
			if (!p || ((uintptr_t)p & (a - 1)))
				good[1] = 0;
			free(p);
			p = memalign(a, n);
			if (!p || ((uintptr_t)p & (a - 1)) || malloc_usable_size(p) < n)
				good[2] = 0;
			free(p);
		}
	}
	ok(good[0], "posix_memalign, alignments 16 B .. 1 MiB");
	ok(good[1], "aligned_alloc, alignments 16 B .. 1 MiB");
	ok(good[2], "memalign, alignments 16 B .. 1 MiB");
	p = (void *)1;
	ok(posix_memalign(&p, 24, 8) == EINVAL && posix_memalign(&p, 0, 8) == EINVAL &&
		   p == (void *)1,
	   "posix_memalign: bad alignments give EINVAL, *memptr untouched");
	errno = 0;
	p = aligned_alloc(3, 8);
	ok(!p && errno == EINVAL, "aligned_alloc(3, 8) fails with EINVAL");
	p = valloc(1);
	sink = pvalloc(1);
	ok(p && !((uintptr_t)p & 4095) && sink && !((uintptr_t)sink & 4095) &&
		   malloc_usable_size(sink) >= 4096,
	   "valloc and pvalloc are page-aligned");
	free(p);
	free(sink);
}

/* ---- calloc, realloc, absurd sizes ---- */

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

#define NCALLOC_TESTS 3
static void test_calloc(void)
{
	static const size_t sizes[] = { 8, 100, 1000, 3000, 50000, 200000 };
	unsigned char *p[8];
	int good = 1;

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		for (int i = 0; i < 8; i++) {
			p[i] = get(sizes[k]);
			memset(p[i], 0xee, malloc_usable_size(p[i]));
		}
		for (int i = 0; i < 8; i++)
			free(p[i]);
		for (int i = 0; i < 8; i++) {
			p[i] = calloc(sizes[k], 1);
			good &= p[i] && all_zero(p[i], sizes[k]);
		}
		for (int i = 0; i < 8; i++)
			free(p[i]);
	}
	ok(good, "calloc zeroes reused dirty chunks (tcache, bins, mmap)");
	errno = 0;
	ok(!calloc((size_t)HIDE(SIZE_MAX / 4), 8) && errno == ENOMEM, "calloc overflow: NULL, ENOMEM");
	errno = 0;
	ok(!malloc((size_t)HIDE(SIZE_MAX)) && errno == ENOMEM, "malloc(SIZE_MAX): NULL, ENOMEM");
}

/* two blocks of n bytes, the second right after the first */
static void adjacent_pair(size_t n, unsigned char **first, unsigned char **second)
{
	unsigned char *spare[64], *p = get(n), *q = get(n);
	int nspare = 0;

	while (q != p + malloc_usable_size(p) + 8 && nspare < 64) {
		spare[nspare++] = p;
		p = q;
		q = get(n);
	}
	while (nspare)
		free(spare[--nspare]);
	*first = p;
	*second = q;
}

#define NREALLOC_TESTS 6
static void test_realloc(void)
{
	unsigned char *p, *q, *guard;
	int good = 1;

	malloc_trace_hook = hook;
	adjacent_pair(20000, &p, &guard);
	for (int i = 0; i < 20000; i++)
		p[i] = (unsigned char)i;
	q = realloc(p, 5000);
	path_is("inplace", "realloc shrinks in place");
	for (int i = 0; i < 5000; i++)
		good &= q[i] == (unsigned char)i;
	for (int i = 0; i < 5000; i++)
		q[i] = (unsigned char)(i + 1);
	p = realloc(q, 15000);
	path_is("inplace", "realloc grows back into the split-off rest");
	ok(guard == p + malloc_usable_size(p) + 8 || guard > p + 15000, "guard not overrun");
	q = realloc(p, 40000);
	ok(p != q, "realloc past an in-use neighbour moves");
	p = realloc(q, 40 * MiB);
	q = realloc(p, 41 * MiB);
	path_is("mremap", "realloc of a mapped block uses mremap");
	for (int i = 0; i < 5000; i++)
		good &= q[i] == (unsigned char)(i + 1);
	ok(good, "realloc keeps the contents");
	free(q);
	free(guard);
	malloc_trace_hook = NULL;
}

/* ---- trimming: the break and VmRSS ---- */

static long vmrss_kb(void)
{
	char buf[4096], *s;
	long n, fd = rsys(SYS_open, "/proc/self/status", 0);

	if (fd < 0)
		return -1;
	n = read_all((int)fd, buf, sizeof(buf) - 1);
	rsys(SYS_close, fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	s = strstr(buf, "VmRSS:");
	return s ? strtol(s + 6, NULL, 10) : -1;
}

#define NTRIM_TESTS 5
static void test_trim(void)
{
	static unsigned char *p[1000], *guard[16];
	char *before, *full, *after;
	long rss1, rss2, rss3;
	int n = 0;

	/* M_TRIM_THRESHOLD: freeing a big top gives it back with sbrk(-) */
	mallopt(M_TRIM_THRESHOLD, 256 * KiB);
	mallopt(M_TOP_PAD, 0);
	before = sbrk(0);
	while (n < 1000 && (char *)sbrk(0) < before + 4 * MiB) {
		p[n] = get(64 * KiB);
		memset(p[n++], 1, 64 * KiB);
	}
	full = sbrk(0);
	while (n--)
		free(p[n]);
	after = sbrk(0);
	ok(full >= before + 4 * MiB && after <= full - 4 * MiB + 256 * KiB,
	   "free shrinks the break once top exceeds M_TRIM_THRESHOLD");
	if (!(after <= full - 4 * MiB + 256 * KiB))
		diag("break %p -> %p -> %p\n", (void *)before, (void *)full, (void *)after);

	/* malloc_trim: 16 MiB of free chunks inside the heap */
	mallopt(M_TRIM_THRESHOLD, -1);
	mallopt(M_MMAP_THRESHOLD, 32 * MiB);
	for (int i = 0; i < 16; i++) {
		p[i] = get(1 * MiB);
		guard[i] = get(64);
		memset(p[i], 2, 1 * MiB);
	}
	rss1 = vmrss_kb();
	for (int i = 0; i < 16; i++)
		free(p[i]);
	rss2 = vmrss_kb();
	ok(rss2 > rss1 - 2048, "freed but not trimmed: VmRSS stays");
	expect_eq(malloc_trim(0), 1, "malloc_trim(0) releases memory");
	rss3 = vmrss_kb();
	ok(rss3 < rss2 - 14 * 1024, "malloc_trim(0) drops VmRSS by ~16 MiB");
	if (!(rss3 < rss2 - 14 * 1024))
		diag("VmRSS %ld -> %ld -> %ld kB\n", rss1, rss2, rss3);
	p[0] = get(15 * MiB);
	memset(p[0], 3, 15 * MiB);
	ok(p[0] != NULL, "the trimmed chunks are reused");
	free(p[0]);
	for (int i = 0; i < 16; i++)
		free(guard[i]);
	mallopt(M_TRIM_THRESHOLD, 128 * KiB);
	mallopt(M_TOP_PAD, 128 * KiB);
	mallopt(M_MMAP_THRESHOLD, 128 * KiB);
}

/* ---- random workload against a shadow model ---- */

#define NSLOTS 1024
static struct {
	unsigned char *p;
	size_t n;
	unsigned seed;
} slot[NSLOTS];
static unsigned long long rng = 42;

static unsigned long long rnd(void)
{
	unsigned long long z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned char pat(unsigned seed, size_t i)
{
	return (unsigned char)(seed + i * 7 + (i >> 9));
}

/* the bytes a pattern covers: the first 4 KiB, one per KiB to 1 MiB, then one per 64 KiB */
static size_t next_i(size_t i)
{
	return i < 4096 ? i + 1 : i < MiB ? i + 1021 : i + 65521;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i = next_i(i))
		p[i] = pat(seed, i);
}

static int verify(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i = next_i(i))
		if (p[i] != pat(seed, i))
			return 0;
	return 1;
}

static size_t rnd_size(void)
{
	unsigned r = (unsigned)(rnd() % 1000);

	if (r < 700)
		return rnd() % 600;
	if (r < 950)
		return rnd() % 20000;
	if (r < 998)
		return 100 * KiB + rnd() % (200 * KiB);
	return 31 * MiB + rnd() % (2 * MiB);
}

#define NRANDOM_TESTS 3
static void test_random(void)
{
	int good = 1, aligned = 1;
	struct mallinfo2 mi;

	for (int op = 0; op < 200000 && good; op++) {
		int i = (int)(rnd() % NSLOTS);
		unsigned kind = (unsigned)(rnd() % 10);
		size_t n = rnd_size();

		if (slot[i].p && !verify(slot[i].p, slot[i].n, slot[i].seed)) {
			good = 0;
			diag("op %d: block of %zu bytes corrupted\n", op, slot[i].n);
			break;
		}
		if (slot[i].p && kind < 4) {
			unsigned char *q = realloc(slot[i].p, n + 1);
			size_t keep = n + 1 < slot[i].n ? n + 1 : slot[i].n;

			if (!q || !verify(q, keep, slot[i].seed)) {
				good = 0;
				diag("op %d: realloc %zu -> %zu lost data\n", op, slot[i].n, n + 1);
				break;
			}
			slot[i].p = q;
			slot[i].n = n + 1;
		} else {
			free(slot[i].p);
			slot[i].seed = (unsigned)rnd();
			slot[i].n = n;
			if (kind < 7) {
				slot[i].p = malloc(n);
			} else if (kind < 9) {
				slot[i].p = calloc(1, n);
				if (slot[i].p && !all_zero(slot[i].p, n < 4096 ? n : 4096))
					good = 0;
			} else {
				slot[i].p = memalign(64, n);
				aligned &= !((uintptr_t)slot[i].p & 63);
			}
			if (!slot[i].p) {
				good = 0;
				break;
			}
		}
		aligned &= !((uintptr_t)slot[i].p & 15);
		fill(slot[i].p, slot[i].n, slot[i].seed);
	}
	for (int i = 0; i < NSLOTS; i++) {
		if (slot[i].p && !verify(slot[i].p, slot[i].n, slot[i].seed))
			good = 0;
		free(slot[i].p);
		slot[i].p = NULL;
	}
	ok(good, "200000 random malloc/calloc/realloc/memalign/free keep every block intact");
	ok(aligned, "every block is 16-aligned (memalign'd ones 64)");
	mi = mallinfo2();
	ok(mi.uordblks + mi.fordblks == mi.arena && mi.hblks == 0,
	   "mallinfo2: uordblks + fordblks == arena, no mapped block left");
}

int main(int argc, char **argv)
{
	tap_init(argc, argv,
		 NLAYER_TESTS + NBOUNDARY_TESTS + NALIGN_TESTS + NCALLOC_TESTS + NREALLOC_TESTS +
			 NTRIM_TESTS + NRANDOM_TESTS);
	test_layers();
	test_boundaries();
	test_alignment();
	test_calloc();
	test_realloc();
	test_trim();
	test_random();
	return tap_done();
}
