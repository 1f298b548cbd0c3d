/*
 * tests/user/t_malloc_harden.c - malloc's corruption checks: each case
 * corrupts the heap on purpose in a forked child, whose stderr is a pipe;
 * the parent wants SIGABRT and glibc's exact message plus "\n".
 *
 * Built against lom's libc (tools/lom-cc), the same static binary runs on
 * Linux and on lom.  The cases follow glibc's checks, so built against
 * glibc 2.36's own malloc the messages match too, except one: a corrupted
 * fastbin link is caught when the chunk before it is taken (our message),
 * where single-threaded glibc finds it one step later, while refilling the
 * tcache ("malloc(): unaligned fastbin chunk detected 3").
 *
 * Only POSIX calls (fork, pipe, dup2, read, waitpid through tap.h); the
 * output is the same bytes everywhere.
 */
#include "tap.h"
#include "../../libc/include/malloc.h" /* <malloc.h> of lom's libc */

/* the cases free twice on purpose */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Wuse-after-free"
#endif

#define HIDE_PTR(p) ((unsigned char *)HIDE(p))

/*
 * size_t view of a block: w(p)[-1] is its size field, w(p)[-2] its
 * prev_size (hidden from the compiler, which would see writes outside)
 */
static size_t *w(void *p)
{
	return (size_t *)HIDE(p);
}

/* malloc whose result the compiler cannot drop (nor pair with a free) */
static void *volatile sink;

static unsigned char *get(size_t n)
{
	unsigned char *p = malloc(n);

	sink = p;
	return (unsigned char *)HIDE(p);
}

static void put(void *p)
{
	free(HIDE(p));
}

/* fill the tcache bin of get(n) with 7 blocks (they stay there) */
static void fill_tcache(size_t n)
{
	void *p[7];

	for (int i = 0; i < 7; i++)
		p[i] = get(n);
	for (int i = 0; i < 7; i++)
		put(p[i]);
}

/* take the 7 blocks of fill_tcache(n) back out */
static void drain_tcache(size_t n)
{
	for (int i = 0; i < 7; i++)
		get(n);
}

static void c_tcache_double_free(void)
{
	unsigned char *p = get(40);

	put(p);
	put(p);
}

static void c_fasttop(void)
{
	unsigned char *p = get(100), *guard = get(100);

	fill_tcache(100);
	put(p); /* tcache full: fastbin */
	put(p);
	put(guard);
}

static void c_invalid_pointer(void)
{
	unsigned char *p = get(40);

	w(p)[0] = 0; /* the size field put() will see */
	put(p + 8);
}

static void c_misaligned_free(void)
{
	unsigned char *p = get(40);

	memset(p, 0, 40);
	put(p + 1);
}

static void c_invalid_size(void)
{
	unsigned char *p = get(40);

	w(p)[-1] = 0x11; /* 16: below the minimum chunk */
	put(p);
}

static void c_munmap_invalid(void)
{
	unsigned char *p = get(40);

	w(p)[-2] = 8;          /* offset of the chunk in its "mapping" */
	w(p)[-1] = 0x1000 | 2; /* IS_MMAPPED */
	put(p);
}

/* b is free in the unsorted bin with a size that disagrees with c's prev_size */
static void c_size_vs_prev_size(void)
{
	unsigned char *a = get(0x4f8), *b = get(0x4f8), *c = get(0x4f8);

	get(24);
	memset(c, 0, 0x4f8);
	put(b);
	w(b)[-1] = 0x511;
	put(a); /* merges forward with b */
}

static void c_not_prev(void)
{
	unsigned char *p = get(0x4f8);

	get(24);
	put(p);
	put(p);
}

static void c_corrupted_top(void)
{
	unsigned char *p = get(50000); /* from top: top follows it */

	w(p + malloc_usable_size(p))[0] = (size_t)-1 & ~(size_t)15;
	get(100000);
}

static size_t fake[8]; /* a fake chunk: fd (fake[2]) and bk (fake[3]) point nowhere */

static void c_unsorted_links(void)
{
	unsigned char *p = get(0x4f8);

	get(24);
	put(p);
	w(p)[1] = (size_t)fake; /* bk */
	get(0x4f8);
}

static void c_smallbin_links(void)
{
	unsigned char *x = get(0xf8);

	get(24);
	fill_tcache(0xf8);
	put(x);            /* tcache full: unsorted */
	get(2000);         /* sorts x into its small bin */
	w(x)[1] = (size_t)fake;
	drain_tcache(0xf8);
	get(0xf8);         /* from the small bin */
}

/* two entries, so that the bin's count still says "one more" (glibc trusts it) */
static void c_tcache_safe_link(void)
{
	unsigned char *a = get(200), *p = get(200);

	put(a);
	put(p);       /* p -> a */
	w(p)[0] ^= 8; /* the mangled next pointer, one bit off */
	get(200);     /* p */
	get(200);     /* the corrupted pointer */
}

static void c_fastbin_safe_link(void)
{
	unsigned char *p = get(56);

	get(56);
	fill_tcache(56);
	put(p); /* tcache full: fastbin */
	w(p)[0] ^= 8;
	drain_tcache(56);
	get(56);
}

static void c_tcache_scan_unaligned(void)
{
	unsigned char *a = get(72), *b = get(72);

	put(a);
	put(b); /* b -> a */
	w(b)[0] ^= 8;
	put(a);
}

static void c_realloc_invalid(void)
{
	unsigned char *p = get(40);

	sink = (realloc(HIDE_PTR(p + 8), 100));
}

static const struct {
	const char *name;
	void (*fn)(void);
	const char *msg;
} cases[] = {
	{ "double free in the tcache", c_tcache_double_free, "free(): double free detected in tcache 2" },
	{ "double free at the top of a fastbin", c_fasttop, "double free or corruption (fasttop)" },
	{ "free of a pointer into a block", c_invalid_pointer, "free(): invalid pointer" },
	{ "free of a misaligned pointer", c_misaligned_free, "free(): invalid pointer" },
	{ "free of a chunk with a bad size", c_invalid_size, "free(): invalid size" },
	{ "free of a fake mmapped chunk", c_munmap_invalid, "munmap_chunk(): invalid pointer" },
	{ "free chunk size disagrees with the next prev_size", c_size_vs_prev_size,
	  "corrupted size vs. prev_size" },
	{ "double free of a coalescing chunk", c_not_prev, "double free or corruption (!prev)" },
	{ "top chunk size overwritten", c_corrupted_top, "malloc(): corrupted top size" },
	{ "unsorted bin link overwritten", c_unsorted_links,
	  "malloc(): unsorted double linked list corrupted" },
	{ "small bin link overwritten", c_smallbin_links,
	  "malloc(): smallbin double linked list corrupted" },
	{ "safe-linking: tcache next pointer overwritten", c_tcache_safe_link,
	  "malloc(): unaligned tcache chunk detected" },
	{ "safe-linking: fastbin next pointer overwritten", c_fastbin_safe_link,
	  "malloc(): unaligned fastbin chunk detected" },
	{ "double free check finds a corrupted tcache", c_tcache_scan_unaligned,
	  "free(): unaligned chunk detected in tcache 2" },
	{ "realloc of a pointer into a block", c_realloc_invalid, "realloc(): invalid pointer" },
};
#define NCASES ((int)(sizeof(cases) / sizeof(cases[0])))

/* run case i in a child; its stderr into buf; returns the wait status */
static int run_case(int i, char *buf, size_t size)
{
	int p[2];
	pid_t pid;
	long n;

	buf[0] = 0;
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		cases[i].fn();
		_exit(0); /* the corruption went unnoticed */
	}
	close(p[1]);
	n = read_all(p[0], buf, size - 1);
	close(p[0]);
	buf[n > 0 ? n : 0] = 0;
	return reap_timeout(pid, 10000);
}

int main(int argc, char **argv)
{
	char out[512], want[256];

	tap_init(argc, argv, 2 * NCASES);
	for (int i = 0; i < NCASES; i++) {
		int st = run_case(i, out, sizeof(out));

		snprintf(want, sizeof(want), "%s\n", cases[i].msg);
		expect_status(st, KILLED(SIGABRT), "%s: SIGABRT", cases[i].name);
		if (!ok(!strcmp(out, want), "%s: \"%s\"", cases[i].name, cases[i].msg))
			diag("stderr was \"%s\"\n", out);
	}
	return tap_done();
}
