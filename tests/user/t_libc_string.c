/*
 * tests/user/t_libc_string.c - lom's libc against the C standard and
 * Linux (glibc) for <string.h>, <strings.h> and <ctype.h>:
 *
 *   - every copy/compare/search function over all lengths 0..300 and
 *     source/destination offsets 0..15 against a byte-loop reference kept
 *     here (ref_*), with bytes 0x01..0xff in the data (the high ones trip
 *     wrong "has a zero byte" word tricks) and traps around the object:
 *     zeros and the searched byte just before the start in the same
 *     word, garbage after the terminator, guard bytes that must stay;
 *   - reads that end at the end of a page followed by a PROT_NONE page
 *     (and memrchr at a page preceded by one): a word-at-a-time loop may
 *     round down to its word, never past the object's last page;
 *   - strerror: glibc's messages for 1..133, "Unknown error N" otherwise;
 *     strsignal: glibc's texts for 1..31; ffs, bzero, bcmp;
 *   - ctype: every function for EOF and 0..255 (C locale) against tables
 *     built here from the rules, as a macro and as a function.
 *
 * Each check runs in a child (check()): a crash or hang fails that check
 * alone, and the child sends the first few failures (function, input,
 * got, want) through a pipe for the "#" lines.  Nothing but fixed text
 * reaches stdout, so the output is the same bytes on every run.
 *
 * musl differs from glibc in strerror's and strsignal's texts (those
 * checks fail there); everything else passes with both.
 *
 * Usage: t_libc_string [ROOT]
 */
#define _GNU_SOURCE // memrchr, strchrnul
#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <strings.h>
#include <sys/mman.h>

#include "tap.h"

#define MAXLEN 300 // lengths 0..MAXLEN
#define NOFF   16  // offsets 0..NOFF-1
#define PAGE   4096

#include "libc_check.h"

/* ---- data ---- */

/* byte i of pattern seed: never 0, every value 1..255 along the way */
static unsigned char pat(int seed, int i)
{
	return 1 + (unsigned)(i * 37 + seed * 101) % 255;
}

static void fill(unsigned char *p, size_t n, int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = pat(seed, i);
}

/* data with no byte c (and no 0): c is replaced by a neighbour */
static void fill_without(unsigned char *p, size_t n, int seed, int c)
{
	size_t i;

	fill(p, n, seed);
	for (i = 0; i < n; i++)
		if (p[i] == c)
			p[i] = c == 255 ? 1 : c + 1;
}

/* n, with the compiler unable to see it (no warnings about a bound of SIZE_MAX) */
static size_t hide_n(size_t n)
{
	__asm__("" : "+r"(n));
	return n;
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* ---- byte-loop references ---- */

static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b)
			return *a < *b ? -1 : 1;
	return 0;
}

static int ref_strcmp(const unsigned char *a, const unsigned char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return *a < *b ? -1 : 1;
		if (!*a)
			break;
	}
	return 0;
}

static int ref_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int ref_strcasecmp(const unsigned char *a, const unsigned char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int x = ref_lower(*a), y = ref_lower(*b);

		if (x != y)
			return x < y ? -1 : 1;
		if (!x)
			break;
	}
	return 0;
}

static const char *ref_strstr(const char *h, const char *n)
{
	size_t hl = strlen(h), nl = strlen(n), i;

	for (i = 0; i + nl <= hl; i++)
		if (!ref_memcmp((const unsigned char *)h + i, (const unsigned char *)n, nl))
			return h + i;
	return NULL;
}

static size_t ref_spn(const char *s, const char *set, int accept)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!!strchr(set, s[i]) != accept) // strchr itself is checked first
			break;
	return i;
}

/* ---- buffers ---- */

#define BUFSZ 1024
static unsigned char sbuf[BUFSZ] __attribute__((aligned(64)));
static unsigned char dbuf[BUFSZ] __attribute__((aligned(64)));
static unsigned char want[BUFSZ];

#define C(p)  ((char *)(p))
#define CC(p) ((const unsigned char *)(p))

/*
 * dbuf[0, hi) equals want[0, hi); else fail() names the call (fmt) and
 * the first wrong byte relative to the destination at dbuf + base
 * (negative: written before it)
 */
static int __attribute__((format(printf, 3, 4)))
same(size_t base, size_t hi, const char *fmt, ...)
{
	char what[100];
	va_list ap;
	size_t i;

	for (i = 0; i < hi; i++)
		if (dbuf[i] != want[i])
			break;
	if (i == hi)
		return 1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	fail("%s: byte %zd got %#x want %#x", what, (ssize_t)i - (ssize_t)base, dbuf[i], want[i]);
	return 0;
}

/* dbuf[0, n) and want[0, n) both filled with the guard pattern */
static void guard(size_t n)
{
	fill(dbuf, n, 99);
	fill(want, n, 99);
}

/* ---- mem*: every length 0..MAXLEN, every source/destination offset ---- */

static void t_memcpy(void)
{
	size_t len, i;
	int so, dofs;

	for (len = 0; len <= MAXLEN; len++)
		for (so = 0; so < NOFF; so++)
			for (dofs = 0; dofs < NOFF; dofs++) {
				size_t base = 16 + dofs, hi = base + len + 16;
				void *r;

				fill(sbuf, so + len + 16, len);
				guard(hi);
				for (i = 0; i < len; i++)
					want[base + i] = sbuf[so + i];
				r = memcpy(dbuf + base, sbuf + so, len);
				if (r != dbuf + base)
					fail("memcpy len %zu: returned dst%+td", len,
					     (unsigned char *)r - (dbuf + base));
				if (!same(base, hi, "memcpy len %zu src+%d dst+%d", len, so, dofs))
					return;
			}
}

/* overlapping both ways: dst = src + delta */
static void t_memmove(void)
{
	static const int deltas[] = { -64, -33, -17, -16, -15, -9, -8, -7, -2, -1, 0,
				      1,   2,   7,   8,   9,   15, 16, 17, 33, 64 };
	size_t len, i, d;
	int so;

	for (len = 0; len <= MAXLEN; len++)
		for (so = 0; so < NOFF; so++)
			for (d = 0; d < sizeof(deltas) / sizeof(deltas[0]); d++) {
				size_t src = 80 + so, dst = src + deltas[d];
				size_t hi = src + len + 64 + 16;
				void *r;

				fill(dbuf, hi, len);
				fill(want, hi, len);
				for (i = 0; i < len; i++)
					want[dst + i] = dbuf[src + i];
				r = memmove(dbuf + dst, dbuf + src, len);
				if (r != dbuf + dst)
					fail("memmove len %zu: returned dst%+td", len,
					     (unsigned char *)r - (dbuf + dst));
				if (!same(dst, hi, "memmove len %zu src+%d dst=src%+d", len, so, deltas[d]))
					return;
			}
}

static void t_memset(void)
{
	static const int values[] = { 0, 0xa5, 0x17f, -1 }; // c is converted to unsigned char
	size_t len, i, v;
	int dofs;

	for (len = 0; len <= MAXLEN; len++)
		for (dofs = 0; dofs < NOFF; dofs++)
			for (v = 0; v < 4; v++) {
				size_t base = 16 + dofs, hi = base + len + 16;
				void *r;

				guard(hi);
				for (i = 0; i < len; i++)
					want[base + i] = (unsigned char)values[v];
				r = memset(dbuf + base, values[v], len);
				if (r != dbuf + base)
					fail("memset len %zu: returned dst%+td", len,
					     (unsigned char *)r - (dbuf + base));
				if (!same(base, hi, "memset len %zu c %#x dst+%d", len, values[v], dofs))
					return;
			}
}

/*
 * equal blocks (different bytes right after them), then one byte
 * changed: by 0x80 (unsigned comparison) or 1, with the last byte
 * changed the other way so a comparison of the wrong byte shows
 */
static void t_memcmp(void)
{
	size_t len;
	int ao, bo;

	for (len = 0; len <= MAXLEN; len++)
		for (ao = 0; ao < NOFF; ao++)
			for (bo = 0; bo < NOFF; bo++) {
				unsigned char *a = sbuf + ao, *b = dbuf + bo;
				size_t p;
				int r;

				fill(a, len, len);
				fill(b, len, len);
				a[len] = 1;
				b[len] = 2;
				r = memcmp(a, b, len);
				if (r) {
					fail("memcmp equal len %zu a+%d b+%d: got %d want 0", len, ao, bo, r);
					return;
				}
				if (!len)
					continue;
				p = (len * 7 + ao * 3 + bo) % len;
				b[p] ^= (ao + bo) & 1 ? 0x80 : 0x01;
				if (p + 1 < len)
					b[len - 1] = b[p] > a[p] ? a[len - 1] - 1 : a[len - 1] + 1;
				r = memcmp(a, b, len);
				if (sign(r) != ref_memcmp(a, b, len)) {
					fail("memcmp len %zu a+%d b+%d first difference at %zu (%#x vs %#x): "
					     "got %d want sign %d", len, ao, bo, p, a[p], b[p], r,
					     ref_memcmp(a, b, len));
					return;
				}
			}
}

static const void *ref_memchr(const unsigned char *s, int c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == (unsigned char)c)
			return s + i;
	return NULL;
}

static const void *ref_memrchr(const unsigned char *s, int c, size_t n)
{
	while (n--)
		if (s[n] == (unsigned char)c)
			return s + n;
	return NULL;
}

/* memchr(s, c, len) and memrchr against the references; c as given */
static int chr_one(const unsigned char *s, size_t len, int off, int c)
{
	const void *g = memchr(s, c, len), *w = ref_memchr(s, c, len);

	if (g != w) {
		fail("memchr len %zu s+%d c %#x: got %s%td want %s%td", len, off, c,
		     g ? "s+" : "NULL ", g ? (const unsigned char *)g - s : 0, w ? "s+" : "NULL ",
		     w ? (const unsigned char *)w - s : 0);
		return 0;
	}
	g = memrchr(s, c, len);
	w = ref_memrchr(s, c, len);
	if (g != w) {
		fail("memrchr len %zu s+%d c %#x: got %s%td want %s%td", len, off, c,
		     g ? "s+" : "NULL ", g ? (const unsigned char *)g - s : 0, w ? "s+" : "NULL ",
		     w ? (const unsigned char *)w - s : 0);
		return 0;
	}
	return 1;
}

/*
 * zeros inside (memchr does not stop at them), the byte looked for just
 * before and after the block; absent, once, twice; c also passed as
 * c + 256 and as a negative (signed char) value
 */
static void t_memchr(void)
{
	size_t len, i;
	int off;

	for (len = 0; len <= MAXLEN; len++)
		for (off = 0; off < NOFF; off++) {
			unsigned char *s = sbuf + 16 + off;
			int t = pat(3, len + off);

			memset(sbuf, t, 16 + off);
			fill_without(s, len, len, t);
			for (i = 0; i < len; i += 7)
				s[i] = 0;
			memset(s + len, t, 16);
			if (!chr_one(s, len, off, t) || !chr_one(s, len, off, 0))
				return;
			if (!len)
				continue;
			s[(len * 5 + off) % len] = t;
			if (!chr_one(s, len, off, t) || !chr_one(s, len, off, t + 256) ||
			    !chr_one(s, len, off, (signed char)t))
				return;
			s[len / 3] = t;
			if (!chr_one(s, len, off, t))
				return;
		}
}

/*
 * large blocks (where implementations switch to rep movsb or bigger
 * strides): memcpy, memmove both ways, memset, memcmp, memchr, strlen
 */
static void t_large(void)
{
	static const size_t lens[] = { 511, 512, 1000, 4095, 4096, 4097, 65539, 200003 };
	static const int offs[] = { 0, 1, 7, 15 };
	size_t max = 200003 + 64, l, i, o1, o2, len;
	unsigned char *a = malloc(max * 2), *b = malloc(max * 2), *s, *d;

	if (!a || !b) {
		fail("malloc failed");
		return;
	}
	for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
		for (o1 = 0; o1 < 4; o1++)
			for (o2 = 0; o2 < 4; o2++) {
				len = lens[l];
				s = a + offs[o1];
				d = b + offs[o2];
				fill(a, len + 32, len);
				memset(b, 0, len + 32);
				memcpy(d, s, hide_n(len)); // gcc 12 sees a bogus bound otherwise
				if (ref_memcmp(d, s, len) || d[len] || (offs[o2] && d[-1]))
					fail("memcpy len %zu src+%d dst+%d: wrong", len, offs[o1], offs[o2]);
				if (memcmp(d, s, len))
					fail("memcmp of equal blocks, len %zu: not 0", len);
				d[len - 1 - o1] ^= 0x80;
				if (sign(memcmp(d, s, len)) != ref_memcmp(d, s, len))
					fail("memcmp len %zu, differing near the end: wrong sign", len);
				if (memchr(s, 0, len) ||
				    memchr(d, d[len - 1 - o1], len) != ref_memchr(d, d[len - 1 - o1], len))
					fail("memchr len %zu: wrong", len);
				memset(d, 0x3c, len);
				for (i = 0; i < len && d[i] == 0x3c; i++)
					;
				if (i != len || d[len])
					fail("memset len %zu dst+%d: wrong", len, offs[o2]);
				s[len] = 0;
				if (strlen(C(s)) != len)
					fail("strlen len %zu s+%d: got %zu", len, offs[o1], strlen(C(s)));
				/* overlapping by o1 * 8 + 1 bytes each way */
				fill(a, max * 2, len + 1);
				memcpy(b, a, max * 2);
				memmove(a + o1 * 8 + 1, a, len);
				if (ref_memcmp(a + o1 * 8 + 1, b, len))
					fail("memmove len %zu forward by %zu: wrong", len, o1 * 8 + 1);
				fill(a, max * 2, len + 2);
				memcpy(b, a, max * 2);
				memmove(a, a + o2 * 8 + 1, len);
				if (ref_memcmp(a, b + o2 * 8 + 1, len))
					fail("memmove len %zu backward by %zu: wrong", len, o2 * 8 + 1);
				if (fail_count)
					goto out;
			}
out:
	free(a);
	free(b);
}

/* ---- str*: zeros before the start (same word), garbage after the end ---- */

/* a string of len bytes at sbuf + 16 + off, seed as given; returns it */
static unsigned char *mkstr(size_t len, int off, int seed)
{
	unsigned char *s = sbuf + 16 + off;

	memset(sbuf, 0, 16 + off);
	fill(s, len, seed);
	s[len] = 0;
	fill(s + len + 1, 32, seed + 1);
	return s;
}

static void t_strlen(void)
{
	static const size_t extra[] = { 0, 1, 64 };
	size_t len, got, n, e;
	int off;

	for (len = 0; len <= MAXLEN; len++)
		for (off = 0; off < NOFF; off++) {
			unsigned char *s = mkstr(len, off, len);

			got = strlen(C(s));
			if (got != len) {
				fail("strlen len %zu s+%d: got %zu", len, off, got);
				return;
			}
			for (e = 0; e < 3; e++) {
				n = len + extra[e];
				got = strnlen(C(s), n);
				if (got != len)
					fail("strnlen len %zu s+%d maxlen %zu: got %zu", len, off, n, got);
				if (len < extra[e])
					continue;
				n = len - extra[e];
				got = strnlen(C(s), n);
				if (got != n)
					fail("strnlen len %zu s+%d maxlen %zu: got %zu", len, off, n, got);
			}
			if (fail_count)
				return;
		}
}

/* strcpy and stpcpy: all lengths and both offsets, guard bytes kept */
static void t_strcpy(void)
{
	size_t len, i;
	int so, dofs, stp;

	for (stp = 0; stp < 2; stp++)
		for (len = 0; len <= MAXLEN; len++)
			for (so = 0; so < NOFF; so++)
				for (dofs = 0; dofs < NOFF; dofs++) {
					size_t base = 16 + dofs, hi = base + len + 1 + 16;
					unsigned char *s = mkstr(len, so, len), *d = dbuf + base;
					char *r, *w;

					guard(hi);
					for (i = 0; i <= len; i++)
						want[base + i] = s[i];
					r = stp ? stpcpy(C(d), C(s)) : strcpy(C(d), C(s));
					w = stp ? C(d + len) : C(d);
					if (r != w)
						fail("%s len %zu: returned dst%+td want dst%+td",
						     stp ? "stpcpy" : "strcpy", len, r - C(d), w - C(d));
					if (!same(base, hi, "%s len %zu src+%d dst+%d",
						  stp ? "stpcpy" : "strcpy", len, so, dofs))
						return;
				}
}

static const int some_offs[] = { 0, 1, 3, 7, 8, 13 };
#define NSOME ((int)(sizeof(some_offs) / sizeof(some_offs[0])))

/* strncpy: copies up to n, pads with zeros to n, no terminator when n <= len */
static void t_strncpy(void)
{
	size_t len, n, i;
	int so, dofs;

	for (len = 0; len <= 70; len++)
		for (n = 0; n <= 90; n++)
			for (so = 0; so < NSOME; so++)
				for (dofs = 0; dofs < NSOME; dofs++) {
					size_t base = 16 + some_offs[dofs], hi = base + n + 16;
					unsigned char *s = mkstr(len, some_offs[so], len + n);
					char *r;

					guard(hi);
					for (i = 0; i < n; i++)
						want[base + i] = i < len ? s[i] : 0;
					r = strncpy(C(dbuf + base), C(s), n);
					if (r != C(dbuf + base))
						fail("strncpy len %zu n %zu: wrong return", len, n);
					if (!same(base, hi, "strncpy len %zu n %zu src+%d dst+%d", len, n,
						  some_offs[so], some_offs[dofs]))
						return;
				}
}

/* strcat (ncat < 0) or strncat(d, s, ncat): d holds alen bytes, s blen */
static int cat_one(size_t alen, size_t blen, long ncat, int so, int dofs)
{
	size_t base = 16 + dofs, hi = base + alen + blen + 1 + 16, i, copied;
	unsigned char *s = mkstr(blen, so, blen + 7);
	unsigned char *d = dbuf + base;
	char *r;

	guard(hi);
	fill(d, alen, alen);
	d[alen] = 0;
	memcpy(want, dbuf, hi); // memcpy has passed its own check by now
	copied = ncat >= 0 && (size_t)ncat < blen ? (size_t)ncat : blen;
	for (i = 0; i < copied; i++)
		want[base + alen + i] = s[i];
	want[base + alen + copied] = 0;
	r = ncat < 0 ? strcat(C(d), C(s)) : strncat(C(d), C(s), ncat);
	if (r != C(d))
		fail("%s: returned dst%+td", ncat < 0 ? "strcat" : "strncat", r - C(d));
	return same(base, hi, "%s dst len %zu src len %zu n %ld src+%d dst+%d",
		    ncat < 0 ? "strcat" : "strncat", alen, blen, ncat, so, dofs);
}

static void t_strcat(void)
{
	size_t a, b;
	int so, dofs;
	long n;

	for (a = 0; a <= 40; a++)
		for (b = 0; b <= 40; b++)
			for (so = 0; so < NSOME; so++)
				for (dofs = 0; dofs < NSOME; dofs++)
					if (!cat_one(a, b, -1, some_offs[so], some_offs[dofs]))
						return;
	for (a = 0; a <= 20; a++)
		for (b = 0; b <= 30; b++)
			for (n = 0; n <= 35; n++)
				if (!cat_one(a, b, n, (a + n) % 16, (b + n) % 16))
					return;
}

/*
 * strcmp/strncmp: equal strings (different garbage after the end), then
 * one byte changed by 0x80 or 1 (0x80 ^ 0x80 ends b early), then b cut
 * one byte short; strncmp with n before, at and after the difference
 */
static int cmp_one(const unsigned char *a, const unsigned char *b, size_t len, int ao, int bo,
		   size_t diff)
{
	int want_s = ref_strcmp(a, b, SIZE_MAX), g;
	size_t n[4] = { diff, diff + 1, len + 1, len + 100 };
	int i;

	g = strcmp(C(a), C(b));
	if (sign(g) != want_s) {
		fail("strcmp len %zu a+%d b+%d differing at %zu: got %d want sign %d", len, ao,
		     bo, diff, g, want_s);
		return 0;
	}
	for (i = 0; i < 4; i++) {
		int w = ref_strcmp(a, b, n[i]);

		g = strncmp(C(a), C(b), n[i]);
		if (sign(g) != w) {
			fail("strncmp len %zu a+%d b+%d differing at %zu n %zu: got %d want sign %d",
			     len, ao, bo, diff, n[i], g, w);
			return 0;
		}
	}
	return 1;
}

static void t_strcmp(void)
{
	size_t len, p;
	int ao, bo;

	for (len = 0; len <= MAXLEN; len++)
		for (ao = 0; ao < NOFF; ao++)
			for (bo = 0; bo < NOFF; bo++) {
				unsigned char *a = mkstr(len, ao, len), *b = dbuf + 16 + bo;

				memset(dbuf, 0, 16 + bo);
				fill(b, len, len);
				b[len] = 0;
				fill(b + len + 1, 32, len + 2);
				if (!cmp_one(a, b, len, ao, bo, len))
					return;
				if (!len)
					continue;
				p = (len * 7 + ao * 3 + bo) % len;
				b[p] ^= (ao + bo) & 1 ? 0x80 : 0x01;
				if (!cmp_one(a, b, len, ao, bo, p))
					return;
				b[p] = a[p];
				b[len - 1] = 0;
				if (!cmp_one(a, b, len, ao, bo, len - 1))
					return;
			}
}

/* every pair of one-byte strings, then letters in mixed case at all offsets */
static void t_strcasecmp(void)
{
	unsigned char a[2] = { 0, 0 }, b[2] = { 0, 0 };
	size_t len, i;
	int x, y, ao, bo, g, w;

	for (x = 1; x < 256; x++)
		for (y = 1; y < 256; y++) {
			a[0] = x;
			b[0] = y;
			w = ref_strcasecmp(a, b, 2);
			g = strcasecmp(C(a), C(b));
			if (sign(g) != w)
				fail("strcasecmp(\"\\x%02x\", \"\\x%02x\"): got %d want sign %d", x, y, g, w);
			g = strncasecmp(C(a), C(b), 1);
			if (sign(g) != w)
				fail("strncasecmp(\"\\x%02x\", \"\\x%02x\", 1): got %d want sign %d", x, y, g,
				     w);
			if (strncasecmp(C(a), C(b), 0))
				fail("strncasecmp(.., .., 0) not 0");
		}
	for (len = 0; len <= 100; len++)
		for (ao = 0; ao < NOFF; ao++)
			for (bo = 0; bo < NOFF; bo++) {
				unsigned char *s = mkstr(len, ao, len), *t = dbuf + 16 + bo;

				for (i = 0; i < len; i++) {
					s[i] = 'a' + s[i] % 26 - (i & 1 ? 32 : 0);
					t[i] = s[i] ^ 0x20;
				}
				t[len] = 0;
				if (strcasecmp(C(s), C(t)) || strncasecmp(C(s), C(t), len + 5)) {
					fail("strcasecmp: letters in the other case, len %zu a+%d b+%d: not 0",
					     len, ao, bo);
					return;
				}
				if (!len)
					continue;
				t[len / 2] = len & 1 ? '[' : '{'; // between the cases in ASCII
				w = ref_strcasecmp(s, t, SIZE_MAX);
				g = strcasecmp(C(s), C(t));
				if (sign(g) != w) {
					fail("strcasecmp len %zu a+%d b+%d: got %d want sign %d", len, ao, bo,
					     g, w);
					return;
				}
				g = strncasecmp(C(s), C(t), len / 2);
				if (g) {
					fail("strncasecmp len %zu n %zu: got %d want 0", len, len / 2, g);
					return;
				}
			}
}

static const char *ref_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return s;
		if (!*s)
			return NULL;
	}
}

static const char *ref_strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return last;
	}
}

#define OFS(p) ((p) ? (p) - s : -1)

/* strchr, strrchr, strchrnul against the references; -1 is NULL */
static int strchr_one(const char *s, size_t len, int off, int c)
{
	const char *w = ref_strchr(s, c), *g = strchr(s, c);

	if (g != w) {
		fail("strchr len %zu s+%d c %#x: got %td want %td", len, off, c, OFS(g), OFS(w));
		return 0;
	}
	g = strchrnul(s, c);
	if (g != (w ? w : s + len)) {
		fail("strchrnul len %zu s+%d c %#x: got %td want %td", len, off, c, OFS(g),
		     w ? w - s : (ptrdiff_t)len);
		return 0;
	}
	w = ref_strrchr(s, c);
	g = strrchr(s, c);
	if (g != w) {
		fail("strrchr len %zu s+%d c %#x: got %td want %td", len, off, c, OFS(g), OFS(w));
		return 0;
	}
	return 1;
}

/*
 * the byte looked for, or a zero, just before the start in the same word
 * and after the terminator; absent, c = 0 (the terminator), once, twice;
 * c also as c + 256 and as a negative value
 */
static void t_strchr(void)
{
	size_t len;
	int off;

	for (len = 0; len <= MAXLEN; len++)
		for (off = 0; off < NOFF; off++) {
			unsigned char *s = sbuf + 16 + off;
			int t = pat(5, len * 3 + off);
			const char *cs = C(s);

			memset(sbuf, len & 1 ? t : 0, 16 + off);
			fill_without(s, len, len, t);
			s[len] = 0;
			memset(s + len + 1, t, 16);
			if (!strchr_one(cs, len, off, t) || !strchr_one(cs, len, off, 0))
				return;
			if (!len)
				continue;
			s[(len * 5 + off) % len] = t;
			if (!strchr_one(cs, len, off, t) || !strchr_one(cs, len, off, t + 256) ||
			    !strchr_one(cs, len, off, (signed char)t))
				return;
			s[len - 1] = t;
			if (!strchr_one(cs, len, off, t))
				return;
		}
}

/* ---- strstr, strspn, strcspn, strpbrk ---- */

static unsigned rnd_state;

/* a fixed LCG: the same inputs on every run and with every libc */
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static int strstr_one(const char *h, const char *n)
{
	const char *g = strstr(h, n), *w = ref_strstr(h, n);

	if (g != w) {
		fail("strstr(\"%.40s\", \"%.40s\"): got %td want %td", h, n, g ? g - h : -1,
		     w ? w - h : -1);
		return 0;
	}
	return 1;
}

static void t_strstr(void)
{
	static const char *const fixed[][2] = {
		{ "", "" },		{ "abc", "" },	       { "", "a" },
		{ "abc", "abc" },	{ "abc", "abcd" },     { "aaab", "aab" },
		{ "ababababc", "ababc" }, { "hello world", "o w" }, { "abc", "c" },
		{ "\xff\x80\x01", "\x80" }, { "abcabd", "abd" },  { "xyz", "yzz" },
	};
	static char h[2048], n[512];
	size_t i, k, hl, nl;
	int off;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		strstr_one(fixed[i][0], fixed[i][1]);
	rnd_state = 1;
	for (i = 0; i < 30000; i++) {
		unsigned alpha = 2 + rnd(3);

		hl = rnd(80);
		nl = rnd(i % 4 ? 6 : 20);
		for (k = 0; k < hl; k++)
			h[k] = 'a' + rnd(alpha);
		for (k = 0; k < nl; k++)
			n[k] = 'a' + rnd(alpha);
		h[hl] = n[nl] = 0;
		if (!strstr_one(h + rnd(hl + 1), n))
			return;
	}
	/* long periodic needles: a^k b in a^1000 b, at every start offset */
	for (off = 0; off < NOFF; off++) {
		memset(h, 'a', 1000 + off);
		h[1000 + off] = 'b';
		h[1001 + off] = 0;
		for (k = 0; k <= 300; k += off + 1) {
			memset(n, 'a', k);
			n[k] = 'b';
			n[k + 1] = 0;
			if (!strstr_one(h + off, n))
				return;
			n[k] = 'c';
			if (!strstr_one(h + off, n))
				return;
		}
	}
}

static void t_strspn(void)
{
	static const char alphabet[] = "ab \x80\xff\x01z";
	char s[64], set[16];
	size_t i, k, sl, nl, g, w;

	if (strspn("", "") || strcspn("", "") || strspn("abc", "") != 0 ||
	    strcspn("abc", "") != 3 || strpbrk("abc", "") || strpbrk("", "a"))
		fail("empty string or set: strspn, strcspn, strpbrk wrong");
	rnd_state = 2;
	for (i = 0; i < 20000; i++) {
		sl = rnd(60);
		nl = rnd(8);
		for (k = 0; k < sl; k++)
			s[k] = alphabet[rnd(sizeof(alphabet) - 1)];
		for (k = 0; k < nl; k++)
			set[k] = alphabet[rnd(sizeof(alphabet) - 1)];
		s[sl] = set[nl] = 0;
		g = strspn(s, set);
		w = ref_spn(s, set, 1);
		if (g != w)
			fail("strspn(\"%s\", \"%s\"): got %zu want %zu", s, set, g, w);
		g = strcspn(s, set);
		w = ref_spn(s, set, 0);
		if (g != w)
			fail("strcspn(\"%s\", \"%s\"): got %zu want %zu", s, set, g, w);
		if (strpbrk(s, set) != (s[w] ? s + w : NULL))
			fail("strpbrk(\"%s\", \"%s\"): want %zd", s, set, s[w] ? (ssize_t)w : -1);
		if (fail_count)
			return;
	}
}

/* ---- strtok, strtok_r, strdup, strndup ---- */

#define TOK(got, want_off)                                                                \
	do {                                                                              \
		const char *g_ = (got);                                                   \
		long w_ = (want_off);                                                     \
		if (w_ < 0 ? g_ != NULL : g_ != buf + w_)                                 \
			fail("%s: got %td want %ld", #got, g_ ? g_ - buf : -1, w_);       \
	} while (0)

static void t_strtok(void)
{
	char buf[32], b2[32];
	char *sp1, *sp2;

	strcpy(buf, "  a,b,,c  ");
	TOK(strtok(buf, " ,"), 2);
	TOK(strtok(NULL, " ,"), 4);
	TOK(strtok(NULL, " ,"), 7);
	TOK(strtok(NULL, " ,"), -1);
	TOK(strtok(NULL, " ,"), -1);
	if (memcmp(buf, "  a\0b\0,c\0 ", 10))
		fail("strtok: the delimiters after tokens not replaced by NUL (only those)");
	strcpy(buf, "a:b c:d");
	TOK(strtok(buf, " "), 0); // "a:b"
	TOK(strtok(NULL, ":"), 4); // the delimiters may change between calls: "c"
	TOK(strtok(NULL, ":"), 6);
	strcpy(buf, "");
	TOK(strtok(buf, " "), -1);
	strcpy(buf, "   ");
	TOK(strtok(buf, " "), -1);
	strcpy(buf, "abc");
	TOK(strtok(buf, ""), 0);
	TOK(strtok(NULL, ""), -1);

	/* two strtok_r walks interleaved */
	strcpy(buf, "x=1;y=2");
	strcpy(b2, "p q");
	TOK(strtok_r(buf, ";", &sp1), 0);
	if (strcmp(strtok_r(b2, " ", &sp2), "p"))
		fail("strtok_r(\"p q\"): not \"p\"");
	TOK(strtok_r(NULL, ";", &sp1), 4);
	if (strcmp(strtok_r(NULL, " ", &sp2), "q"))
		fail("strtok_r second walk: not \"q\"");
	TOK(strtok_r(NULL, ";", &sp1), -1);
	if (strtok_r(NULL, " ", &sp2))
		fail("strtok_r second walk: not NULL at the end");
	if (strcmp(buf, "x=1") || strcmp(buf + 4, "y=2"))
		fail("strtok_r: tokens wrong");
}

static void t_strdup(void)
{
	char *p;
	size_t len;
	int off;

	for (len = 0; len <= MAXLEN; len += 13)
		for (off = 0; off < NOFF; off++) {
			unsigned char *s = mkstr(len, off, len);

			p = strdup(C(s));
			if (!p || (unsigned char *)p == s || strlen(p) != len ||
			    memcmp(p, s, len + 1)) {
				fail("strdup len %zu s+%d: wrong copy", len, off);
				return;
			}
			free(p);
			p = strndup(C(s), len / 2);
			if (!p || strlen(p) != len / 2 || memcmp(p, s, len / 2)) {
				fail("strndup len %zu n %zu: wrong copy", len, len / 2);
				return;
			}
			free(p);
			p = strndup(C(s), len + 10);
			if (!p || strlen(p) != len || memcmp(p, s, len)) {
				fail("strndup len %zu n %zu: wrong copy", len, len + 10);
				return;
			}
			free(p);
		}
	p = strndup("abc", 0);
	if (!p || *p)
		fail("strndup(\"abc\", 0): not \"\"");
	free(p);
}

/* ---- strerror ---- */

/* Linux's (glibc's) messages; 41 and 58 are unused numbers there */
static const char *const linux_errors[134] = {
	[1] = "Operation not permitted",
	[2] = "No such file or directory",
	[3] = "No such process",
	[4] = "Interrupted system call",
	[5] = "Input/output error",
	[6] = "No such device or address",
	[7] = "Argument list too long",
	[8] = "Exec format error",
	[9] = "Bad file descriptor",
	[10] = "No child processes",
	[11] = "Resource temporarily unavailable",
	[12] = "Cannot allocate memory",
	[13] = "Permission denied",
	[14] = "Bad address",
	[15] = "Block device required",
	[16] = "Device or resource busy",
	[17] = "File exists",
	[18] = "Invalid cross-device link",
	[19] = "No such device",
	[20] = "Not a directory",
	[21] = "Is a directory",
	[22] = "Invalid argument",
	[23] = "Too many open files in system",
	[24] = "Too many open files",
	[25] = "Inappropriate ioctl for device",
	[26] = "Text file busy",
	[27] = "File too large",
	[28] = "No space left on device",
	[29] = "Illegal seek",
	[30] = "Read-only file system",
	[31] = "Too many links",
	[32] = "Broken pipe",
	[33] = "Numerical argument out of domain",
	[34] = "Numerical result out of range",
	[35] = "Resource deadlock avoided",
	[36] = "File name too long",
	[37] = "No locks available",
	[38] = "Function not implemented",
	[39] = "Directory not empty",
	[40] = "Too many levels of symbolic links",
	[41] = "Unknown error 41",
	[42] = "No message of desired type",
	[43] = "Identifier removed",
	[44] = "Channel number out of range",
	[45] = "Level 2 not synchronized",
	[46] = "Level 3 halted",
	[47] = "Level 3 reset",
	[48] = "Link number out of range",
	[49] = "Protocol driver not attached",
	[50] = "No CSI structure available",
	[51] = "Level 2 halted",
	[52] = "Invalid exchange",
	[53] = "Invalid request descriptor",
	[54] = "Exchange full",
	[55] = "No anode",
	[56] = "Invalid request code",
	[57] = "Invalid slot",
	[58] = "Unknown error 58",
	[59] = "Bad font file format",
	[60] = "Device not a stream",
	[61] = "No data available",
	[62] = "Timer expired",
	[63] = "Out of streams resources",
	[64] = "Machine is not on the network",
	[65] = "Package not installed",
	[66] = "Object is remote",
	[67] = "Link has been severed",
	[68] = "Advertise error",
	[69] = "Srmount error",
	[70] = "Communication error on send",
	[71] = "Protocol error",
	[72] = "Multihop attempted",
	[73] = "RFS specific error",
	[74] = "Bad message",
	[75] = "Value too large for defined data type",
	[76] = "Name not unique on network",
	[77] = "File descriptor in bad state",
	[78] = "Remote address changed",
	[79] = "Can not access a needed shared library",
	[80] = "Accessing a corrupted shared library",
	[81] = ".lib section in a.out corrupted",
	[82] = "Attempting to link in too many shared libraries",
	[83] = "Cannot exec a shared library directly",
	[84] = "Invalid or incomplete multibyte or wide character",
	[85] = "Interrupted system call should be restarted",
	[86] = "Streams pipe error",
	[87] = "Too many users",
	[88] = "Socket operation on non-socket",
	[89] = "Destination address required",
	[90] = "Message too long",
	[91] = "Protocol wrong type for socket",
	[92] = "Protocol not available",
	[93] = "Protocol not supported",
	[94] = "Socket type not supported",
	[95] = "Operation not supported",
	[96] = "Protocol family not supported",
	[97] = "Address family not supported by protocol",
	[98] = "Address already in use",
	[99] = "Cannot assign requested address",
	[100] = "Network is down",
	[101] = "Network is unreachable",
	[102] = "Network dropped connection on reset",
	[103] = "Software caused connection abort",
	[104] = "Connection reset by peer",
	[105] = "No buffer space available",
	[106] = "Transport endpoint is already connected",
	[107] = "Transport endpoint is not connected",
	[108] = "Cannot send after transport endpoint shutdown",
	[109] = "Too many references: cannot splice",
	[110] = "Connection timed out",
	[111] = "Connection refused",
	[112] = "Host is down",
	[113] = "No route to host",
	[114] = "Operation already in progress",
	[115] = "Operation now in progress",
	[116] = "Stale file handle",
	[117] = "Structure needs cleaning",
	[118] = "Not a XENIX named type file",
	[119] = "No XENIX semaphores available",
	[120] = "Is a named type file",
	[121] = "Remote I/O error",
	[122] = "Disk quota exceeded",
	[123] = "No medium found",
	[124] = "Wrong medium type",
	[125] = "Operation canceled",
	[126] = "Required key not available",
	[127] = "Key has expired",
	[128] = "Key has been revoked",
	[129] = "Key was rejected by service",
	[130] = "Owner died",
	[131] = "State not recoverable",
	[132] = "Operation not possible due to RF-kill",
	[133] = "Memory page has hardware error",
};

static void t_strerror_linux(void)
{
	int e;

	for (e = 1; e <= 133; e++) {
		const char *g = strerror(e);

		if (!g || strcmp(g, linux_errors[e]))
			fail("strerror(%d): got \"%s\" want \"%s\"", e, g ? g : "(null)",
			     linux_errors[e]);
	}
}

static void t_strerror_other(void)
{
	static const struct {
		int e;
		const char *msg;
	} cases[] = {
		{ 0, "Success" },
		{ 134, "Unknown error 134" },
		{ 9999, "Unknown error 9999" },
		{ -1, "Unknown error -1" },
		{ INT_MAX, "Unknown error 2147483647" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *g = strerror(cases[i].e);

		if (!g || strcmp(g, cases[i].msg))
			fail("strerror(%d): got \"%s\" want \"%s\"", cases[i].e, g ? g : "(null)",
			     cases[i].msg);
	}
}

static void t_strerror_errno(void)
{
	errno = ENOENT;
	strerror(EINVAL);
	strerror(9999);
	if (errno != ENOENT)
		fail("strerror changed errno: got %d want %d", errno, ENOENT);
}

/* ---- strsignal, and the rest of strings.h ---- */

/* Linux's (glibc's) texts for signals 1..31 */
static const char *const linux_signals[32] = {
	[1] = "Hangup",
	[2] = "Interrupt",
	[3] = "Quit",
	[4] = "Illegal instruction",
	[5] = "Trace/breakpoint trap",
	[6] = "Aborted",
	[7] = "Bus error",
	[8] = "Floating point exception",
	[9] = "Killed",
	[10] = "User defined signal 1",
	[11] = "Segmentation fault",
	[12] = "User defined signal 2",
	[13] = "Broken pipe",
	[14] = "Alarm clock",
	[15] = "Terminated",
	[16] = "Stack fault",
	[17] = "Child exited",
	[18] = "Continued",
	[19] = "Stopped (signal)",
	[20] = "Stopped",
	[21] = "Stopped (tty input)",
	[22] = "Stopped (tty output)",
	[23] = "Urgent I/O condition",
	[24] = "CPU time limit exceeded",
	[25] = "File size limit exceeded",
	[26] = "Virtual timer expired",
	[27] = "Profiling timer expired",
	[28] = "Window changed",
	[29] = "I/O possible",
	[30] = "Power failure",
	[31] = "Bad system call",
};

static void t_strsignal(void)
{
	int sig;

	for (sig = 1; sig < 32; sig++) {
		const char *g = strsignal(sig);

		if (!g || strcmp(g, linux_signals[sig]))
			fail("strsignal(%d): got \"%s\" want \"%s\"", sig, g ? g : "(null)",
			     linux_signals[sig]);
	}
}

static void t_strings_misc(void)
{
	static const struct {
		int v, want;
	} ffs_cases[] = { { 0, 0 }, { 1, 1 }, { 2, 2 }, { 0x80, 8 }, { 0x1000, 13 },
			  { 0x60, 6 }, { INT_MIN, 32 }, { -1, 1 } };
	unsigned char buf[40];
	size_t i;

	for (i = 0; i < sizeof(ffs_cases) / sizeof(ffs_cases[0]); i++)
		if (ffs(ffs_cases[i].v) != ffs_cases[i].want)
			fail("ffs(%#x): got %d want %d", ffs_cases[i].v, ffs(ffs_cases[i].v),
			     ffs_cases[i].want);
	memset(buf, 0x77, sizeof(buf));
	bzero(buf + 3, 30);
	for (i = 0; i < sizeof(buf); i++)
		if (buf[i] != (i >= 3 && i < 33 ? 0 : 0x77))
			fail("bzero(buf + 3, 30): byte %zu is %#x", i, buf[i]);
	if (bcmp("abc", "abc", 3) || !bcmp("abc", "abd", 3) || bcmp("abc", "abd", 2) ||
	    bcmp("x", "y", 0))
		fail("bcmp: wrong zero/nonzero result");
}

/* ---- ctype: EOF and 0..255, C locale ---- */

static int r_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int r_lower(int c) { return c >= 'a' && c <= 'z'; }
static int r_digit(int c) { return c >= '0' && c <= '9'; }
static int r_alpha(int c) { return r_upper(c) || r_lower(c); }
static int r_alnum(int c) { return r_alpha(c) || r_digit(c); }
static int r_xdigit(int c) { return r_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int r_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int r_blank(int c) { return c == ' ' || c == '\t'; }
static int r_cntrl(int c) { return (c >= 0 && c < 32) || c == 127; }
static int r_print(int c) { return c >= 32 && c < 127; }
static int r_graph(int c) { return c > 32 && c < 127; }
static int r_punct(int c) { return r_graph(c) && !r_alnum(c); }
static int r_ascii(int c) { return c >= 0 && c < 128; }

/* the predicate as the header's macro (if any) and as the function */
#define CTYPE_CHECK(name, ref)                                                    \
	static void t_##name(void)                                                \
	{                                                                         \
		int c;                                                            \
                                                                                  \
		for (c = EOF; c < 256; c++) {                                     \
			int m = !!name(c), f = !!(name)(c);                       \
			if (m != ref(c) || f != ref(c))                           \
				fail(#name "(%d): got %d (macro) %d (function) want %d", \
				     c, m, f, ref(c));                            \
		}                                                                 \
	}

CTYPE_CHECK(isalnum, r_alnum)
CTYPE_CHECK(isalpha, r_alpha)
CTYPE_CHECK(isblank, r_blank)
CTYPE_CHECK(iscntrl, r_cntrl)
CTYPE_CHECK(isdigit, r_digit)
CTYPE_CHECK(isgraph, r_graph)
CTYPE_CHECK(islower, r_lower)
CTYPE_CHECK(isprint, r_print)
CTYPE_CHECK(ispunct, r_punct)
CTYPE_CHECK(isspace, r_space)
CTYPE_CHECK(isupper, r_upper)
CTYPE_CHECK(isxdigit, r_xdigit)
CTYPE_CHECK(isascii, r_ascii)

static int r_tolower(int c) { return r_upper(c) ? c + 32 : c; }
static int r_toupper(int c) { return r_lower(c) ? c - 32 : c; }

#define CASE_CHECK(name, ref)                                                     \
	static void t_##name(void)                                                \
	{                                                                         \
		int c;                                                            \
                                                                                  \
		for (c = EOF; c < 256; c++) {                                     \
			int m = name(c), f = (name)(c);                           \
			if (m != ref(c) || f != ref(c))                           \
				fail(#name "(%d): got %d (macro) %d (function) want %d", \
				     c, m, f, ref(c));                            \
		}                                                                 \
	}

CASE_CHECK(tolower, r_tolower)
CASE_CHECK(toupper, r_toupper)

/* ---- page ends ----
 *
 *   guard_pages:  [ NONE | A (rw) | NONE | B (rw) | NONE ]
 *
 * Objects end on A's or B's last byte or start on their first.  A read
 * or write past the object faults: the check's child dies of SIGSEGV.
 */
#define PE_MAX 160 // object lengths 0..PE_MAX at the page edge

static unsigned char *pg_a, *pg_b;

/* k bytes ending at page p's end; with a terminator, k + 1 */
#define END(p, k) ((p) + PAGE - (k))

static void t_pe_strlen(void)
{
	size_t k, g;

	for (k = 0; k <= PE_MAX; k++) {
		unsigned char *s = END(pg_a, k + 1), *u = END(pg_a, k);

		fill(s, k, k);
		s[k] = 0;
		if ((g = strlen(C(s))) != k)
			fail("strlen of %zu bytes ending at a page end: got %zu", k, g);
		if ((g = strnlen(C(s), k + 1000)) != k)
			fail("strnlen(%zu bytes at a page end, maxlen %zu): got %zu", k, k + 1000, g);
		fill(u, k, k);
		if ((g = strnlen(C(u), k)) != k)
			fail("strnlen(%zu bytes at a page end, no NUL, maxlen %zu): got %zu", k, k, g);
	}
}

static void t_pe_memchr(void)
{
	size_t k;

	for (k = 0; k <= PE_MAX; k++) {
		unsigned char *u = END(pg_a, k), *v = pg_a;
		int t = pat(1, k);

		fill_without(u, k, k, t);
		if (memchr(u, t, k))
			fail("memchr: %zu bytes at a page end without c: not NULL", k);
		if (memchr(u, 0, k))
			fail("memchr: %zu bytes at a page end without 0: not NULL", k);
		fill_without(v, k, k, t);
		if (memrchr(v, t, k))
			fail("memrchr: %zu bytes at a page start without c: not NULL", k);
		if (!k)
			continue;
		u[k - 1] = t;
		if (memchr(u, t, k) != u + k - 1)
			fail("memchr: %zu bytes at a page end, c last: wrong result", k);
		if (memchr(u, t, k + PAGE) != u + k - 1) // C11: stops at the match
			fail("memchr: c on a page's last byte, n past it: wrong result (k %zu)", k);
		v[0] = t;
		if (memrchr(v, t, k) != v)
			fail("memrchr: %zu bytes at a page start, c first: wrong result", k);
	}
}

static void t_pe_strchr(void)
{
	size_t k;

	for (k = 0; k <= PE_MAX; k++) {
		unsigned char *s = END(pg_a, k + 1);
		const char *cs = C(s);
		int t = pat(2, k);

		fill_without(s, k, k, t);
		s[k] = 0;
		if (strchr(cs, t) || strrchr(cs, t) || strchrnul(cs, t) != cs + k)
			fail("strchr/strrchr/strchrnul: string of %zu ending at a page end, c absent",
			     k);
		if (strchr(cs, 0) != cs + k || strrchr(cs, 0) != cs + k)
			fail("strchr/strrchr(s, 0): string of %zu ending at a page end", k);
		if (!k)
			continue;
		s[k - 1] = t;
		if (strchr(cs, t) != cs + k - 1 || strrchr(cs, t) != cs + k - 1)
			fail("strchr/strrchr: string of %zu ending at a page end, c last", k);
	}
}

static void t_pe_strcmp(void)
{
	size_t k;

	for (k = 0; k <= PE_MAX; k++) {
		unsigned char *a = END(pg_a, k + 1), *b = END(pg_b, k + 1);
		unsigned char *ua = END(pg_a, k), *ub = END(pg_b, k);

		fill(a, k, k);
		fill(b, k, k);
		a[k] = b[k] = 0;
		if (strcmp(C(a), C(b)) || strncmp(C(a), C(b), k + 100) ||
		    strcasecmp(C(a), C(b)) || strncasecmp(C(a), C(b), k + 100))
			fail("strcmp/strncmp/strcasecmp/strncasecmp: equal strings of %zu ending at "
			     "page ends: not 0", k);
		memcpy(sbuf + 5, a, k);
		sbuf[5 + k] = 'x';
		sbuf[6 + k] = 0;
		if (strcmp(C(a), C(sbuf + 5)) >= 0 || strcmp(C(sbuf + 5), C(a)) <= 0)
			fail("strcmp: %zu bytes ending at a page end against a longer string", k);
		fill(ua, k, k + 1);
		fill(ub, k, k + 1);
		if (strncmp(C(ua), C(ub), k) || strncasecmp(C(ua), C(ub), k) || memcmp(ua, ub, k))
			fail("strncmp/strncasecmp/memcmp: %zu equal bytes at page ends, no NUL, n %zu",
			     k, k);
	}
}

/* memmove(p + dst, p + src, k) in page p against the reference */
static int pe_move(unsigned char *p, size_t dst, size_t src, size_t k)
{
	size_t i;

	fill(p, PAGE, k + dst);
	memcpy(want, p + src, k);
	memmove(p + dst, p + src, k);
	for (i = 0; i < k; i++)
		if (p[dst + i] != want[i]) {
			fail("memmove %zu bytes from page+%zu to page+%zu: byte %zu wrong", k, src,
			     dst, i);
			return 0;
		}
	return 1;
}

static void t_pe_mem(void)
{
	static const size_t ds[] = { 1, 3, 8, 9, 16 };
	size_t k, d, i;

	for (k = 0; k <= PE_MAX; k++) {
		fill(END(pg_a, k), k, k);
		memcpy(END(pg_b, k), END(pg_a, k), k);
		if (memcmp(END(pg_b, k), END(pg_a, k), k))
			fail("memcpy: %zu bytes from a page end to a page end", k);
		fill(pg_a, k, k);
		memcpy(pg_b, pg_a, k);
		if (memcmp(pg_b, pg_a, k))
			fail("memcpy: %zu bytes from a page start to a page start", k);
		memset(END(pg_b, k), 0x5a, k);
		memset(pg_b, 0xa5, k);
		for (i = 0; i < k; i++)
			if (END(pg_b, k)[i] != 0x5a || pg_b[i] != 0xa5)
				break;
		if (i < k)
			fail("memset: %zu bytes at a page end or start", k);
		for (d = 0; d < sizeof(ds) / sizeof(ds[0]); d++) {
			if (!pe_move(pg_b, PAGE - k, PAGE - k - ds[d], k) ||
			    !pe_move(pg_b, PAGE - k - ds[d], PAGE - k, k) ||
			    !pe_move(pg_b, ds[d], 0, k) || !pe_move(pg_b, 0, ds[d], k))
				return;
		}
	}
}

static void t_pe_strcpy(void)
{
	size_t k;

	for (k = 0; k <= PE_MAX; k++) {
		unsigned char *s = END(pg_a, k + 1), *u = END(pg_a, k);
		char *d;

		fill(s, k, k);
		s[k] = 0;
		if (strcpy(C(dbuf), C(s)) != C(dbuf) || memcmp(dbuf, s, k + 1))
			fail("strcpy: source of %zu ending at a page end", k);
		if (stpcpy(C(END(pg_b, k + 1)), C(s)) != C(pg_b + PAGE - 1) ||
		    memcmp(END(pg_b, k + 1), s, k + 1))
			fail("stpcpy: %zu bytes from a page end to a page end", k);
		d = C(END(pg_b, k + 8));
		if (strncpy(d, C(s), k + 8) != d || memcmp(d, s, k) || d[k] || d[k + 7])
			fail("strncpy: padding to a page end, source %zu", k);
		d = C(END(pg_b, 2 * k + 1));
		memcpy(d, s, k + 1);
		if (strcat(d, C(s)) != d || memcmp(d + k, s, k + 1))
			fail("strcat: result of %zu ending at a page end", 2 * k);
		fill(u, k, k); // overwrites s's NUL
		if (strncpy(C(dbuf), C(u), hide_n(k)) != C(dbuf) || memcmp(dbuf, u, k))
			fail("strncpy: %zu bytes without NUL ending at a page end, n %zu", k, k);
		d = C(dbuf);
		strcpy(d, "ab");
		if (strncat(d, C(u), k) != d || memcmp(d + 2, u, k) || d[k + 2])
			fail("strncat: %zu bytes without NUL ending at a page end, n %zu", k, k);
	}
}

static void t_pe_search(void)
{
	size_t k;

	for (k = 0; k <= PE_MAX; k++) {
		unsigned char *s = END(pg_a, k + 1);
		const char *cs = C(s);
		size_t i;

		for (i = 0; i < k; i++)
			s[i] = 'a' + i % 2;
		s[k] = 0;
		if (strstr(cs, "abc") || strstr(cs, "ababababababababababababababababababx"))
			fail("strstr: %zu bytes ending at a page end, needle absent: not NULL", k);
		if (k >= 2 && strstr(cs, C(s + k - 2)) != cs + (k % 2 ? 1 : 0))
			fail("strstr: %zu bytes ending at a page end, last two as the needle", k);
		if (strspn(cs, "ab") != k || strcspn(cs, "xyz") != k || strpbrk(cs, "xyz"))
			fail("strspn/strcspn/strpbrk: %zu bytes ending at a page end", k);
	}
}

static void t_pe_dup(void)
{
	size_t k;
	char *p;

	for (k = 0; k <= PE_MAX; k++) {
		unsigned char *s = END(pg_a, k + 1), *u = END(pg_a, k);

		fill(s, k, k);
		s[k] = 0;
		p = strdup(C(s));
		if (!p || memcmp(p, s, k + 1))
			fail("strdup: %zu bytes ending at a page end", k);
		free(p);
		fill(u, k, k);
		p = strndup(C(u), k);
		if (!p || memcmp(p, u, k) || p[k])
			fail("strndup: %zu bytes without NUL at a page end, n %zu", k, k);
		free(p);
	}
}

/* n = SIZE_MAX where the string (or the match) ends first: no end pointer wraps */
static void t_size_max(void)
{
	size_t len;
	int off;

	for (len = 0; len <= 40; len++)
		for (off = 0; off < NOFF; off++) {
			unsigned char *s = mkstr(len, off, len);
			char *p;

			memcpy(dbuf + 16 + (15 - off), s, len + 1);
			if (strnlen(C(s), hide_n(SIZE_MAX)) != len)
				fail("strnlen(s, hide_n(SIZE_MAX)) len %zu s+%d", len, off);
			if (strncmp(C(s), C(dbuf + 31 - off), hide_n(SIZE_MAX)))
				fail("strncmp(equal, hide_n(SIZE_MAX)) len %zu s+%d", len, off);
			if (strncasecmp(C(s), C(dbuf + 31 - off), hide_n(SIZE_MAX)))
				fail("strncasecmp(equal, hide_n(SIZE_MAX)) len %zu s+%d", len, off);
			if (memchr(s, 0, hide_n(SIZE_MAX)) != s + len)
				fail("memchr(s, 0, hide_n(SIZE_MAX)) len %zu s+%d", len, off);
			p = strndup(C(s), hide_n(SIZE_MAX));
			if (!p || strcmp(p, C(s)))
				fail("strndup(s, hide_n(SIZE_MAX)) len %zu s+%d", len, off);
			free(p);
			if (fail_count)
				return;
		}
}

static const struct {
	const char *desc;
	void (*fn)(void);
} checks[] = {
	{ "memcpy: lengths 0..300, source and destination offsets 0..15", t_memcpy },
	{ "memmove: lengths 0..300, overlapping both ways and apart", t_memmove },
	{ "memset: lengths 0..300, offsets 0..15, c converted to unsigned char", t_memset },
	{ "memcmp: lengths 0..300, offsets 0..15, bytes compared unsigned", t_memcmp },
	{ "memchr, memrchr: lengths 0..300, offsets 0..15", t_memchr },
	{ "large blocks up to 200 KB: memcpy, memmove, memset, memcmp, memchr, strlen", t_large },
	{ "strlen, strnlen: lengths 0..300, offsets 0..15", t_strlen },
	{ "strcpy, stpcpy: lengths 0..300, offsets 0..15", t_strcpy },
	{ "strncpy: copies up to n, pads with NUL to n", t_strncpy },
	{ "strcat, strncat", t_strcat },
	{ "strcmp, strncmp: lengths 0..300, offsets 0..15, unsigned", t_strcmp },
	{ "strcasecmp, strncasecmp: every pair of bytes, mixed case at all offsets",
	  t_strcasecmp },
	{ "strchr, strrchr, strchrnul: lengths 0..300, offsets 0..15", t_strchr },
	{ "strstr: fixed cases, random short strings, long periodic needles", t_strstr },
	{ "strspn, strcspn, strpbrk", t_strspn },
	{ "strtok, strtok_r", t_strtok },
	{ "strdup, strndup", t_strdup },
	{ "n = SIZE_MAX: strnlen, strncmp, strncasecmp, memchr, strndup", t_size_max },
	{ "page end: strlen, strnlen", t_pe_strlen },
	{ "page end: memchr (and past the match), memrchr at a page start", t_pe_memchr },
	{ "page end: strchr, strrchr, strchrnul", t_pe_strchr },
	{ "page end: strcmp, strncmp, strcasecmp, strncasecmp, memcmp", t_pe_strcmp },
	{ "page end and start: memcpy, memset, memmove both ways", t_pe_mem },
	{ "page end: strcpy, stpcpy, strncpy, strcat, strncat", t_pe_strcpy },
	{ "page end: strstr, strspn, strcspn, strpbrk", t_pe_search },
	{ "page end: strdup, strndup", t_pe_dup },
	{ "strerror 1..133: Linux's messages", t_strerror_linux },
	{ "strerror: 0 is \"Success\", others \"Unknown error N\"", t_strerror_other },
	{ "strerror leaves errno alone", t_strerror_errno },
	{ "strsignal 1..31: Linux's texts", t_strsignal },
	{ "ffs, bzero, bcmp", t_strings_misc },
	{ "isalnum: EOF, 0..255", t_isalnum },
	{ "isalpha: EOF, 0..255", t_isalpha },
	{ "isblank: EOF, 0..255", t_isblank },
	{ "iscntrl: EOF, 0..255", t_iscntrl },
	{ "isdigit: EOF, 0..255", t_isdigit },
	{ "isgraph: EOF, 0..255", t_isgraph },
	{ "islower: EOF, 0..255", t_islower },
	{ "isprint: EOF, 0..255", t_isprint },
	{ "ispunct: EOF, 0..255", t_ispunct },
	{ "isspace: EOF, 0..255", t_isspace },
	{ "isupper: EOF, 0..255", t_isupper },
	{ "isxdigit: EOF, 0..255", t_isxdigit },
	{ "isascii: EOF, 0..255", t_isascii },
	{ "tolower: EOF, 0..255", t_tolower },
	{ "toupper: EOF, 0..255", t_toupper },
};
#define NCHECKS ((int)(sizeof(checks) / sizeof(checks[0])))

int main(int argc, char **argv)
{
	unsigned char *g;
	int i;

	tap_init(argc, argv, NCHECKS);
	g = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g == MAP_FAILED) {
		diag("mmap failed\n");
		return 1;
	}
	pg_a = g + PAGE;
	pg_b = g + 3 * PAGE;
	if (mprotect(g, PAGE, PROT_NONE) || mprotect(g + 2 * PAGE, PAGE, PROT_NONE) ||
	    mprotect(g + 4 * PAGE, PAGE, PROT_NONE)) {
		diag("mprotect failed\n");
		return 1;
	}
	for (i = 0; i < NCHECKS; i++)
		check(checks[i].desc, checks[i].fn);
	return tap_done();
}
