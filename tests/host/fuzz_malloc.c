/*
 * tests/host/fuzz_malloc.c - libFuzzer target for libc/malloc/malloc.c,
 * built renamed (-DMALLOC_PREFIX=lom_) next to the host's malloc:
 *
 *   clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
 *         -fno-sanitize-recover=all -DMALLOC_PREFIX=lom_ -I. \
 *         tests/host/fuzz_malloc.c libc/malloc/malloc.c -o fuzz_malloc
 *
 * The input is a program over 64 slots: each op is one byte of opcode
 * and slot, then size bytes.  Every block is filled with a pattern
 * derived from its slot and generation and checked before it is freed or
 * reallocated; alignment is checked on every allocation.  Everything is
 * freed at the end of each input, and the arena must then account for
 * all of its memory (mallinfo2), so nothing leaks from one input to the
 * next.  The malloc's own corruption checks abort, which libFuzzer
 * reports as a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libc/include/malloc.h"

#define L(x) MALLOC_NAME(x)
#define NSLOTS 64

struct slot {
	unsigned char *p;
	size_t n;
	unsigned char seed;
};

static struct slot slots[NSLOTS];

static void die(void)
{
	__builtin_trap();
}

static void fill(struct slot *s)
{
	size_t n = s->n < 512 ? s->n : 512;

	for (size_t i = 0; i < n; i++)
		s->p[i] = (unsigned char)(s->seed + i);
	if (s->n > 512 + 64)
		memset(s->p + s->n - 64, s->seed, 64);
}

/* the first min(n, 512) bytes of a block filled for s->n bytes */
static void check(const struct slot *s, size_t n)
{
	size_t m = n < 512 ? n : 512;

	for (size_t i = 0; i < m; i++)
		if (s->p[i] != (unsigned char)(s->seed + i))
			die();
	if (n == s->n && n > 512 + 64)
		for (size_t i = n - 64; i < n; i++)
			if (s->p[i] != s->seed)
				die();
}

/* sizes: mostly small, sometimes around the tcache/fastbin/large/mmap edges */
static size_t decode_size(const uint8_t **d, const uint8_t *end)
{
	static const size_t edges[] = { 0, 24, 128, 160, 1008, 1032, 1040, 4096, 65536,
					131064, 131072, 200000, 1 << 20, 33 << 20 };
	uint8_t a, b;

	if (*d + 2 > end)
		return 16;
	a = *(*d)++;
	b = *(*d)++;
	switch (a >> 6) {
	case 0:
		return ((size_t)(a & 63) << 8 | b) % 1100;
	case 1:
		return ((size_t)(a & 63) << 8 | b) * 8;
	case 2:
		return edges[b % (sizeof(edges) / sizeof(edges[0]))] + (a & 31);
	default:
		return (size_t)b << (a & 15);
	}
}

static void assign(struct slot *s, unsigned char *p, size_t n, unsigned char seed)
{
	if (!p) {
		if (n < ((size_t)1 << 40))
			die(); /* a reasonable request failed */
		s->p = NULL;
		return;
	}
	if ((uintptr_t)p & 15)
		die();
	if (L(malloc_usable_size)(p) < n)
		die();
	s->p = p;
	s->n = n;
	s->seed = seed;
	fill(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *d = data, *end = data + size;
	unsigned char gen = 0;

	while (d < end) {
		uint8_t op = *d++;
		struct slot *s = &slots[op & (NSLOTS - 1)];
		size_t n, align;
		unsigned char *p;

		gen++;
		if (s->p)
			check(s, s->n);
		switch (op >> 6) {
		case 0: /* malloc or calloc */
			n = decode_size(&d, end);
			L(free)(s->p);
			if (n & 1) {
				p = L(calloc)(1, n);
				for (size_t i = 0; p && i < n && i < 4096; i++)
					if (p[i])
						die();
			} else {
				p = L(malloc)(n);
			}
			assign(s, p, n, gen);
			break;
		case 1: /* free */
			L(free)(s->p);
			s->p = NULL;
			break;
		case 2: /* realloc */
			n = decode_size(&d, end);
			if (!s->p || !n) {
				L(free)(s->p);
				s->p = NULL;
				break;
			}
			p = L(realloc)(s->p, n);
			if (!p)
				die();
			s->p = p;
			check(s, n < s->n ? n : s->n);
			assign(s, p, n, gen);
			break;
		default: /* memalign, or a trim now and then */
			n = decode_size(&d, end);
			if (d < end && *d == 0xff) {
				d++;
				L(malloc_trim)(n & 0xffff);
				break;
			}
			align = (size_t)16 << (n % 13);
			L(free)(s->p);
			p = L(memalign)(align, n);
			if (p && ((uintptr_t)p & (align - 1)))
				die();
			assign(s, p, n, gen);
			break;
		}
	}
	for (int i = 0; i < NSLOTS; i++) {
		if (slots[i].p)
			check(&slots[i], slots[i].n);
		L(free)(slots[i].p);
		slots[i].p = NULL;
	}
	{
		struct mallinfo2 mi = L(mallinfo2)();

		if (mi.uordblks + mi.fordblks != mi.arena || mi.hblks != 0)
			die();
	}
	return 0;
}
