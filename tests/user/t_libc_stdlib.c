/*
 * tests/user/t_libc_stdlib.c - lom's libc against the C standard, POSIX
 * and Linux (glibc) for <stdlib.h>, <setjmp.h> and getopt:
 *
 *   - strtol/strtoul/strtoll/strtoull, atoi/atol/atoll: bases 0 and
 *     2..36, prefixes, white space, signs, overflow to the limits with
 *     ERANGE, "-1" as ULONG_MAX, endptr when there are no digits ("0x"
 *     ends after the '0'), EINVAL for a bad base, errno untouched on
 *     success; a round trip of many values through every base;
 *   - abs/labs/llabs, div/ldiv/lldiv (truncation toward zero);
 *   - qsort against a reference sort (random, few distinct, equal, sorted,
 *     reverse, organ-pipe inputs; 30 sizes; elements of 1, 4, 8, 24 and 100
 *     bytes), not quadratic on sorted input; bsearch;
 *   - rand/srand: the range, the same sequence after the same seed, and
 *     the first rand() as after srand(1); no particular values;
 *   - getenv/setenv/unsetenv/putenv/clearenv;
 *   - atexit order, exit() flushing stdio and _exit() not; abort() kills
 *     with SIGABRT even when it is ignored, blocked or caught;
 *   - setjmp/longjmp (values kept, callee-saved registers, stack), and
 *     sigsetjmp/siglongjmp restoring the signal mask only when asked;
 *   - getopt with "ab:c::" and ":ab:": optind, optarg, optopt, "--", "-",
 *     unknown options, missing arguments.
 *
 * Each check runs in a child (see check()), so a crash, a hang or a
 * changed environment stays there.  Passes with glibc and musl.
 * Usage: t_libc_stdlib [ROOT]
 */
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>

#include "tap.h"

#include "libc_check.h"


/* ---- strtol and friends ---- */

#define SENTINEL 12345 // errno before each call: untouched on success
#define NOCONV   (-1)  // want errno: untouched or EINVAL (POSIX allows both)
#define ANYEND   (-1)  // do not check endptr

struct conv {
	const char *s;
	int base;
	unsigned long long want; // as the bits of the result
	int end;		 // endptr - s, or ANYEND
	int err;		 // 0 (untouched), ERANGE, EINVAL or NOCONV
};

static const struct conv signed_cases[] = {
	{ "0", 10, 0, 1, 0 },
	{ "42", 10, 42, 2, 0 },
	{ "  \t\n\v\f\r-42xyz", 10, -42ULL, 10, 0 },
	{ "+17", 10, 17, 3, 0 },
	{ "-0", 10, 0, 2, 0 },
	{ "0x1F", 0, 31, 4, 0 },
	{ "0X1f", 0, 31, 4, 0 },
	{ "0x1F", 16, 31, 4, 0 },
	{ "1F", 16, 31, 2, 0 },
	{ "-0x10", 0, -16ULL, 5, 0 },
	{ " 0x1", 0, 1, 4, 0 },
	{ "0x", 0, 0, 1, NOCONV },
	{ "0X", 0, 0, 1, NOCONV },
	{ "0x", 16, 0, 1, NOCONV },
	{ "0xg", 16, 0, 1, NOCONV },
	{ "-0x", 0, 0, 2, NOCONV },
	{ "017", 0, 15, 3, 0 },
	{ "017", 10, 17, 3, 0 },
	{ "08", 0, 0, 1, 0 },
	{ "0", 0, 0, 1, 0 },
	{ "00x1", 0, 0, 2, 0 },
	{ "019", 8, 1, 2, 0 },
	{ "z", 36, 35, 1, 0 },
	{ "Zz", 36, 1295, 2, 0 },
	{ "0x10", 36, 42804, 4, 0 }, // 'x' is a digit in base 36
	{ "101", 2, 5, 3, 0 },
	{ "12", 2, 1, 1, 0 },
	{ "2", 2, 0, 0, NOCONV },
	{ "", 10, 0, 0, NOCONV },
	{ "   ", 10, 0, 0, NOCONV },
	{ "-", 10, 0, 0, NOCONV },
	{ "+ 1", 10, 0, 0, NOCONV },
	{ "+-1", 10, 0, 0, NOCONV },
	{ "- 5", 10, 0, 0, NOCONV },
	{ "x", 10, 0, 0, NOCONV },
	{ "9223372036854775807", 10, LLONG_MAX, 19, 0 },
	{ "9223372036854775808", 10, LLONG_MAX, 19, ERANGE },
	{ "-9223372036854775808", 10, (unsigned long long)LLONG_MIN, 20, 0 },
	{ "-9223372036854775809", 10, (unsigned long long)LLONG_MIN, 20, ERANGE },
	{ "99999999999999999999999999abc", 10, LLONG_MAX, 26, ERANGE },
	{ "-99999999999999999999999999", 10, (unsigned long long)LLONG_MIN, 27, ERANGE },
	{ "0x7fffffffffffffff", 0, LLONG_MAX, 18, 0 },
	{ "0x8000000000000000", 0, LLONG_MAX, 18, ERANGE },
	{ "-0x8000000000000000", 16, (unsigned long long)LLONG_MIN, 19, 0 },
	{ "777777777777777777777", 8, LLONG_MAX, 21, 0 },
	{ "1000000000000000000000", 8, LLONG_MAX, 22, ERANGE },
	{ "1y2p0ij32e8e7", 36, LLONG_MAX, 13, 0 },
	{ "1y2p0ij32e8e8", 36, LLONG_MAX, 13, ERANGE },
	{ "12", 1, 0, ANYEND, EINVAL },
	{ "12", 37, 0, ANYEND, EINVAL },
	{ "12", -1, 0, ANYEND, EINVAL },
};

static const struct conv unsigned_cases[] = {
	{ "18446744073709551615", 10, ULLONG_MAX, 20, 0 },
	{ "18446744073709551616", 10, ULLONG_MAX, 20, ERANGE },
	{ "-1", 10, ULLONG_MAX, 2, 0 },
	{ "-18446744073709551615", 10, 1, 21, 0 },
	{ "-18446744073709551616", 10, ULLONG_MAX, 21, ERANGE },
	{ "0xffffffffffffffff", 0, ULLONG_MAX, 18, 0 },
	{ "0x10000000000000000", 0, ULLONG_MAX, 19, ERANGE },
	{ "9223372036854775808", 10, 1ULL << 63, 19, 0 },
	{ "3w5e11264sgsf", 36, ULLONG_MAX, 13, 0 },
	{ "3w5e11264sgsg", 36, ULLONG_MAX, 13, ERANGE },
	{ "  +42", 10, 42, 5, 0 },
	{ "-0x10", 0, -16ULL, 5, 0 },
	{ "010", 0, 8, 3, 0 },
	{ "0x", 16, 0, 1, NOCONV },
	{ "", 10, 0, 0, NOCONV },
	{ "-", 0, 0, 0, NOCONV },
	{ "12", 1, 0, ANYEND, EINVAL },
	{ "12", 37, 0, ANYEND, EINVAL },
};

enum { F_STRTOL, F_STRTOLL, F_STRTOUL, F_STRTOULL };
static const char *const conv_names[] = { "strtol", "strtoll", "strtoul", "strtoull" };

static unsigned long long conv_call(int f, const char *s, char **end, int base)
{
	switch (f) {
	case F_STRTOL:
		return strtol(s, end, base);
	case F_STRTOLL:
		return strtoll(s, end, base);
	case F_STRTOUL:
		return strtoul(s, end, base);
	default:
		return strtoull(s, end, base);
	}
}

/* one call of f against c; with and without endptr */
static void conv_one(int f, const struct conv *c)
{
	char *end = (char *)c->s + 1000; // no answer: far off
	unsigned long long v;
	int e, err_ok;

	errno = SENTINEL;
	v = conv_call(f, c->s, &end, c->base);
	e = errno;
	if (c->err == NOCONV)
		err_ok = e == SENTINEL || e == EINVAL;
	else
		err_ok = e == (c->err ? c->err : SENTINEL);
	if (v != c->want || !err_ok || (c->end != ANYEND && end != c->s + c->end))
		fail("%s(\"%s\", base %d): got %#llx end %+td errno %d, want %#llx end %+d errno %d",
		     conv_names[f], c->s, c->base, v, end - c->s, e == SENTINEL ? 0 : e, c->want,
		     c->end, c->err);
	if (conv_call(f, c->s, NULL, c->base) != c->want)
		fail("%s(\"%s\", NULL, %d): a different value", conv_names[f], c->s, c->base);
}

static void t_strtol(void)
{
	size_t i;

	for (i = 0; i < sizeof(signed_cases) / sizeof(signed_cases[0]); i++) {
		conv_one(F_STRTOL, &signed_cases[i]);
		conv_one(F_STRTOLL, &signed_cases[i]);
	}
}

static void t_strtoul(void)
{
	size_t i;

	for (i = 0; i < sizeof(unsigned_cases) / sizeof(unsigned_cases[0]); i++) {
		conv_one(F_STRTOUL, &unsigned_cases[i]);
		conv_one(F_STRTOULL, &unsigned_cases[i]);
	}
}

/* v in base, in lower or upper case digits */
static char *fmt_base(char *out, const char *prefix, unsigned long long v, int base, int upper)
{
	static const char lo[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	static const char up[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char tmp[80];
	int n = 0;

	do {
		tmp[n++] = (upper ? up : lo)[v % base];
		v /= base;
	} while (v);
	strcpy(out, prefix);
	out += strlen(prefix);
	while (n)
		*out++ = tmp[--n];
	*out = 0;
	return out;
}

/* parse buf (number ending at buf + len) with f, base; want v and errno */
static void trip_one(int f, const char *buf, int base, unsigned long long v, int err)
{
	size_t len = strlen(buf);
	unsigned long long g;
	char *end = NULL;
	int e;

	errno = SENTINEL;
	g = conv_call(f, buf, &end, base);
	e = errno;
	if (g != v || end != buf + len || e != (err ? err : SENTINEL))
		fail("%s(\"%s\", base %d): got %#llx end %+td errno %d want %#llx end %+zd errno %d",
		     conv_names[f], buf, base, g, end - buf, e == SENTINEL ? 0 : e, v, len, err);
}

/* every base 2..36: values round trip, one more digit overflows */
static void t_strto_bases(void)
{
	static const unsigned long long vals[] = {
		0, 1, 2, 35, 36, 37, 12345, 0x7fffffff, 0x80000000, 0xffffffff, 1ULL << 32,
		0x0123456789abcdefULL, LLONG_MAX / 3, LLONG_MAX, 1ULL << 63, ULLONG_MAX - 1,
		ULLONG_MAX,
	};
	char buf[100], *p;
	size_t i;
	int base;

	for (base = 2; base <= 36; base++) {
		for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			unsigned long long v = vals[i];

			fmt_base(buf, "", v, base, (i + base) & 1);
			trip_one(F_STRTOULL, buf, base, v, 0);
			trip_one(F_STRTOUL, buf, base, v, 0);
			trip_one(F_STRTOLL, buf, base, v <= LLONG_MAX ? v : LLONG_MAX,
				 v <= LLONG_MAX ? 0 : ERANGE);
			fmt_base(buf, "-", v, base, i & 1);
			trip_one(F_STRTOL, buf, base, v <= (1ULL << 63) ? -v : 1ULL << 63,
				 v <= (1ULL << 63) ? 0 : ERANGE);
			trip_one(F_STRTOULL, buf, base, -v, 0);
			/* a digit not in the base ends the number */
			p = fmt_base(buf, " +", v, base, 0);
			if (base < 36) {
				p[0] = "0123456789abcdefghijklmnopqrstuvwxyz"[base];
				p[1] = 0;
			}
			errno = SENTINEL;
			if (strtoull(buf, &p, base) != v || *p != (base < 36 ? buf[strlen(buf) - 1] : 0))
				fail("strtoull(\"%s\", base %d): wrong value or end", buf, base);
		}
		p = fmt_base(buf, "", ULLONG_MAX, base, 0);
		strcpy(p, "0");
		trip_one(F_STRTOULL, buf, base, ULLONG_MAX, ERANGE);
		trip_one(F_STRTOUL, buf, base, ULLONG_MAX, ERANGE);
		fmt_base(buf, "-", (1ULL << 63) + 1, base, 0);
		trip_one(F_STRTOLL, buf, base, 1ULL << 63, ERANGE);
		if (base == 16) {
			fmt_base(buf, "0X", 0xfedcba9876543210ULL, 16, 1);
			trip_one(F_STRTOULL, buf, 16, 0xfedcba9876543210ULL, 0);
			trip_one(F_STRTOULL, buf, 0, 0xfedcba9876543210ULL, 0);
		}
		if (base == 8) {
			fmt_base(buf, "0", 01234567, 8, 0);
			trip_one(F_STRTOL, buf, 0, 01234567, 0);
		}
		if (fail_count)
			return;
	}
}

static void t_atoi(void)
{
	static const struct {
		const char *s;
		long long v;
	} cases[] = {
		{ "  -123abc", -123 }, { "+5", 5 },	       { "", 0 },
		{ "abc", 0 },	       { "0x10", 0 },	       { " 010", 10 },
		{ "\t\n42", 42 },     { "2147483647", INT_MAX }, { "-2147483648", INT_MIN },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (atoi(cases[i].s) != cases[i].v)
			fail("atoi(\"%s\"): got %d want %lld", cases[i].s, atoi(cases[i].s), cases[i].v);
		if (atol(cases[i].s) != cases[i].v)
			fail("atol(\"%s\"): got %ld", cases[i].s, atol(cases[i].s));
		if (atoll(cases[i].s) != cases[i].v)
			fail("atoll(\"%s\"): got %lld", cases[i].s, atoll(cases[i].s));
	}
	if (atol("9223372036854775807") != LONG_MAX)
		fail("atol(LONG_MAX): got %ld", atol("9223372036854775807"));
	if (atoll("-9223372036854775808") != LLONG_MIN)
		fail("atoll(LLONG_MIN): got %lld", atoll("-9223372036854775808"));
}

/* ---- abs, div ---- */

static void t_abs_div(void)
{
	static const int dv[][4] = { // n, d, quot, rem
		{ 7, 2, 3, 1 },	  { -7, 2, -3, -1 }, { 7, -2, -3, 1 }, { -7, -2, 3, -1 },
		{ 0, 5, 0, 0 },	  { 6, 3, 2, 0 },    { INT_MAX, 1, INT_MAX, 0 },
		{ INT_MIN, 1, INT_MIN, 0 }, { INT_MIN, 2, INT_MIN / 2, 0 }, { 1, INT_MAX, 0, 1 },
	};
	size_t i;

	if (abs(-5) != 5 || abs(5) != 5 || abs(0) != 0 || abs(INT_MIN + 1) != INT_MAX)
		fail("abs wrong");
	if (labs(-5L) != 5 || labs(LONG_MIN + 1) != LONG_MAX || labs(LONG_MAX) != LONG_MAX)
		fail("labs wrong");
	if (llabs(-7LL) != 7 || llabs(LLONG_MIN + 1) != LLONG_MAX)
		fail("llabs wrong");
	for (i = 0; i < sizeof(dv) / sizeof(dv[0]); i++) {
		div_t d = div(dv[i][0], dv[i][1]);
		ldiv_t l = ldiv(dv[i][0], dv[i][1]);
		lldiv_t ll = lldiv(dv[i][0], dv[i][1]);

		if (d.quot != dv[i][2] || d.rem != dv[i][3])
			fail("div(%d, %d): got {%d, %d} want {%d, %d}", dv[i][0], dv[i][1], d.quot,
			     d.rem, dv[i][2], dv[i][3]);
		if (l.quot != dv[i][2] || l.rem != dv[i][3])
			fail("ldiv(%d, %d): got {%ld, %ld}", dv[i][0], dv[i][1], l.quot, l.rem);
		if (ll.quot != dv[i][2] || ll.rem != dv[i][3])
			fail("lldiv(%d, %d): got {%lld, %lld}", dv[i][0], dv[i][1], ll.quot, ll.rem);
	}
	{
		ldiv_t l = ldiv(LONG_MAX, -2);

		if (l.quot != -(LONG_MAX / 2) || l.rem != 1)
			fail("ldiv(LONG_MAX, -2): got {%ld, %ld}", l.quot, l.rem);
	}
}

/* ---- qsort, bsearch ---- */

static unsigned rnd_state;

/* a fixed LCG: the same inputs on every run and with every libc */
static unsigned rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 1;
}

/*
 * An element of es bytes: the key is the first byte (es 1), an int
 * (es 4) or a long (es 8); the whole element then is the key, so the
 * sorted result is unique.  For es 24 and 100: struct big, key + the
 * element's original index + filler derived from it, so any order of
 * equal keys passes but every element must arrive whole and once.
 */
struct big {
	int key;
	int idx;
	unsigned char fill[];
};

static size_t q_es;
static long q_calls;

static long key_of(const void *p)
{
	switch (q_es) {
	case 1:
		return *(const unsigned char *)p;
	case 4:
		return *(const int *)p;
	case 8:
		return *(const long *)p;
	default:
		return ((const struct big *)p)->key;
	}
}

static int cmp_key(const void *a, const void *b)
{
	long x = key_of(a), y = key_of(b);

	q_calls++;
	return (x > y) - (x < y);
}

/* element i with key k */
static void q_make(unsigned char *p, size_t i, long k)
{
	size_t j;

	switch (q_es) {
	case 1:
		*p = k;
		break;
	case 4:
		*(int *)p = k;
		break;
	case 8:
		*(long *)p = k;
		break;
	default:
		((struct big *)p)->key = k;
		((struct big *)p)->idx = i;
		for (j = 8; j < q_es; j++)
			p[j] = i * 7 + j;
	}
}

/* stable insertion sort by key, the reference */
static void ref_sort(unsigned char *a, size_t n)
{
	unsigned char tmp[100];
	size_t i, j;

	for (i = 1; i < n; i++) {
		memcpy(tmp, a + i * q_es, q_es);
		for (j = i; j > 0 && cmp_key(a + (j - 1) * q_es, tmp) > 0; j--)
			memcpy(a + j * q_es, a + (j - 1) * q_es, q_es);
		memcpy(a + j * q_es, tmp, q_es);
	}
}

static long q_key(int dist, size_t i, size_t n)
{
	long r = (long)rnd() * (rnd() & 1 ? 1 : -1);

	switch (dist) {
	case 0: // random, full range of the type
		return q_es == 1 ? r & 0xff : q_es == 4 ? (int)r : q_es == 8 ? r * 65537 : (int)r;
	case 1: // few distinct values
		return r % 3;
	case 2: // all equal
		return 7;
	case 3: // sorted
		return i;
	case 4: // reverse
		return n - i;
	default: // organ pipe
		return i < n / 2 ? i : n - i;
	}
}

static const char *const dist_names[] = { "random", "3 values", "equal", "sorted", "reverse",
					  "organ pipe" };

/* sort n elements of es bytes, distribution dist; compare with the reference */
static int q_one(unsigned char *a, unsigned char *r, unsigned char *seen, size_t n, int dist)
{
	unsigned long sum = 0, sum2 = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		q_make(a + i * q_es, i, q_key(dist, i, n) & (q_es == 1 ? 0xff : -1L));
		sum += key_of(a + i * q_es);
		sum2 += key_of(a + i * q_es) * key_of(a + i * q_es);
	}
	memcpy(r, a, n * q_es);
	if (n <= 1100) // the reference is quadratic
		ref_sort(r, n);
	qsort(a, n, q_es, cmp_key);
	for (i = 0; i < n; i++) {
		sum -= key_of(a + i * q_es);
		sum2 -= key_of(a + i * q_es) * key_of(a + i * q_es);
		if (i && cmp_key(a + (i - 1) * q_es, a + i * q_es) > 0)
			goto bad;
		if (n <= 1100 && key_of(a + i * q_es) != key_of(r + i * q_es))
			goto bad;
		if (q_es < 24) {
			if (n <= 1100 && memcmp(a + i * q_es, r + i * q_es, q_es))
				goto bad;
			continue;
		}
		j = ((struct big *)(a + i * q_es))->idx;
		if (j >= n || seen[j]++ || (q_es > 8 && a[i * q_es + 8] != (unsigned char)(j * 7 + 8)) ||
		    a[i * q_es + q_es - 1] != (unsigned char)(j * 7 + q_es - 1))
			goto bad;
	}
	if (sum || sum2)
		goto bad; // not the same keys (i == n)
	return 1;
bad:
	fail("qsort: %zu elements of %zu bytes, %s: wrong at index %zu", n, q_es, dist_names[dist],
	     i);
	return 0;
}

static void t_qsort(void)
{
	static const size_t sizes[] = { 0,  1,  2,	3,   4,	  5,   6,   7,	 8,    9,
					10, 15, 16,	17,  31,  32,  33,  63,	 64,   65,
					100, 127, 128, 129, 255, 256, 257, 500, 1000, 4097 };
	static const size_t ess[] = { 1, 4, 8, 24, 100 };
	unsigned char *a = malloc(4097 * 100), *r = malloc(4097 * 100), *seen = malloc(4097);
	size_t s, e;
	int dist;

	if (!a || !r || !seen) {
		fail("malloc failed");
		return;
	}
	rnd_state = 1;
	for (e = 0; e < 5; e++)
		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			for (dist = 0; dist < 6; dist++) {
				q_es = ess[e];
				memset(seen, 0, sizes[s]);
				if (!q_one(a, r, seen, sizes[s], dist))
					return;
			}
}

/* sorted, reverse and equal inputs of 4097: no more than 4 n log2 n comparisons */
static void t_qsort_n_log_n(void)
{
	int *a = malloc(4097 * sizeof(int));
	size_t i;
	int dist;

	q_es = 4;
	for (dist = 2; dist <= 5; dist++) {
		for (i = 0; i < 4097; i++)
			a[i] = q_key(dist, i, 4097);
		q_calls = 0;
		qsort(a, 4097, sizeof(int), cmp_key);
		if (q_calls > 4 * 4097 * 12)
			fail("qsort: %ld comparisons for 4097 %s ints", q_calls, dist_names[dist]);
	}
	free(a);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* every present key is found, keys between, below and above are not */
static void t_bsearch(void)
{
	int a[101], k, *g;
	size_t n, i;

	for (n = 0; n <= 101; n++) {
		for (i = 0; i < n; i++)
			a[i] = 10 * i + 5;
		for (i = 0; i < n; i++) {
			k = a[i];
			g = bsearch(&k, a, n, sizeof(int), cmp_int);
			if (g != a + i)
				fail("bsearch n %zu key %d: got %s%td want a+%zu", n, k, g ? "a+" : "NULL ",
				     g ? g - a : 0, i);
		}
		for (k = 0; k <= (int)n * 10 + 10; k += 5)
			if (k % 10 == 0 && bsearch(&k, a, n, sizeof(int), cmp_int))
				fail("bsearch n %zu absent key %d: not NULL", n, k);
		k = -100;
		if (bsearch(&k, a, n, sizeof(int), cmp_int))
			fail("bsearch n %zu key below all: not NULL", n);
		if (fail_count)
			return;
	}
}

/* ---- rand ---- */

static void t_rand(void)
{
	int first[64], again[64], i, lo = 0, hi = 0, differ = 0;

	if (RAND_MAX < 32767)
		fail("RAND_MAX %d < 32767", RAND_MAX);
	for (i = 0; i < 64; i++)
		first[i] = rand();
	srand(1);
	for (i = 0; i < 64; i++)
		if (rand() != first[i])
			fail("rand() before srand differs from after srand(1) at call %d", i);
	srand(12345);
	for (i = 0; i < 64; i++)
		again[i] = rand();
	srand(2);
	for (i = 0; i < 64; i++)
		differ += rand() != first[i];
	srand(12345);
	for (i = 0; i < 64; i++)
		if (rand() != again[i])
			fail("srand(12345) twice: sequences differ at call %d", i);
	if (!differ)
		fail("srand(2) gives the same sequence as srand(1)");
	for (i = 0; i < 10000; i++) {
		int r = rand();

		if (r < 0 || r > RAND_MAX) {
			fail("rand() = %d outside 0..RAND_MAX", r);
			return;
		}
		if (r < RAND_MAX / 2)
			lo++;
		else
			hi++;
	}
	if (lo < 4000 || hi < 4000)
		fail("rand(): %d of 10000 values below RAND_MAX/2", lo);
}

/* ---- environment ---- */

extern char **environ;

/* "name=value" is in environ, exactly once */
static int in_environ(const char *entry)
{
	int n = 0;
	char **e;

	for (e = environ; e && *e; e++)
		n += !strcmp(*e, entry);
	return n == 1;
}

#define GETENV_IS(name, want)                                                          \
	do {                                                                           \
		const char *g_ = getenv(name), *w_ = (want);                           \
		if (w_ ? !g_ || strcmp(g_, w_) : g_ != NULL)                           \
			fail("line %d: getenv(\"%s\"): got %s%s%s want %s%s%s", __LINE__, \
			     name, g_ ? "\"" : "", g_ ? g_ : "NULL", g_ ? "\"" : "",   \
			     w_ ? "\"" : "", w_ ? w_ : "NULL", w_ ? "\"" : "");        \
	} while (0)

#define RET_IS(call, want_ret, want_err)                                                  \
	do {                                                                              \
		int r_, e_;                                                               \
		errno = SENTINEL;                                                         \
		r_ = (call);                                                              \
		e_ = errno;                                                               \
		if (r_ != (want_ret) || (want_err && e_ != want_err))                     \
			fail("%s: got %d errno %d want %d errno %d", #call, r_, e_, want_ret, \
			     want_err);                                                   \
	} while (0)

static void t_setenv(void)
{
	char val[8] = "abc";

	RET_IS(setenv("LOMT_A", "1", 1), 0, 0);
	GETENV_IS("LOMT_A", "1");
	RET_IS(setenv("LOMT_A", "2", 0), 0, 0);
	GETENV_IS("LOMT_A", "1");
	RET_IS(setenv("LOMT_A", "3", 1), 0, 0);
	GETENV_IS("LOMT_A", "3");
	if (!in_environ("LOMT_A=3"))
		fail("environ does not hold \"LOMT_A=3\" once");
	GETENV_IS("LOMT", NULL);
	GETENV_IS("LOMT_AB", NULL);
	GETENV_IS("LOMT_", NULL);
	RET_IS(setenv("LOMT_B", val, 1), 0, 0);
	strcpy(val, "xyz");
	GETENV_IS("LOMT_B", "abc"); // setenv copies
	RET_IS(setenv("LOMT_E", "", 1), 0, 0);
	GETENV_IS("LOMT_E", "");
	RET_IS(setenv("LOMT_V", "a=b", 1), 0, 0);
	GETENV_IS("LOMT_V", "a=b");
	RET_IS(setenv("", "x", 1), -1, EINVAL);
	RET_IS(setenv("LOMT=X", "x", 1), -1, EINVAL);
	GETENV_IS("LOMT", NULL);
}

static void t_unsetenv(void)
{
	setenv("LOMT_A", "1", 1);
	setenv("LOMT_AB", "2", 1);
	RET_IS(unsetenv("LOMT_A"), 0, 0);
	GETENV_IS("LOMT_A", NULL);
	GETENV_IS("LOMT_AB", "2");
	if (in_environ("LOMT_A=1"))
		fail("unsetenv: still in environ");
	RET_IS(unsetenv("LOMT_A"), 0, 0); // absent: still success
	RET_IS(unsetenv(""), -1, EINVAL);
	RET_IS(unsetenv("LOMT_AB=2"), -1, EINVAL);
	GETENV_IS("LOMT_AB", "2");
	RET_IS(setenv("LOMT_A", "again", 0), 0, 0);
	GETENV_IS("LOMT_A", "again");
}

static void t_putenv(void)
{
	static char entry[] = "LOMT_P=x";
	static char entry2[] = "LOMT_P=second";
	static char bare[] = "LOMT_P";

	RET_IS(putenv(entry), 0, 0);
	GETENV_IS("LOMT_P", "x");
	if (getenv("LOMT_P") != entry + 7)
		fail("putenv: getenv does not point into the caller's string");
	entry[7] = 'y'; // putenv does not copy
	GETENV_IS("LOMT_P", "y");
	RET_IS(putenv(entry2), 0, 0);
	GETENV_IS("LOMT_P", "second");
	if (!in_environ("LOMT_P=second") || in_environ("LOMT_P=y"))
		fail("putenv over an existing name: environ not updated in place");
	setenv("LOMT_P", "third", 1); // after putenv, setenv still works
	GETENV_IS("LOMT_P", "third");
	if (strcmp(entry2, "LOMT_P=second"))
		fail("setenv wrote into the string given to putenv");
	RET_IS(putenv(bare), 0, 0); // glibc and musl: no '=' removes the name
	GETENV_IS("LOMT_P", NULL);
}

static void t_clearenv(void)
{
	setenv("LOMT_A", "1", 1);
	RET_IS(clearenv(), 0, 0);
	if (environ && environ[0])
		fail("clearenv: environ still has \"%s\"", environ[0]);
	GETENV_IS("LOMT_A", NULL);
	GETENV_IS("PATH", NULL);
	RET_IS(setenv("LOMT_C", "after", 1), 0, 0);
	GETENV_IS("LOMT_C", "after");
	if (!environ || !in_environ("LOMT_C=after") || environ[1])
		fail("setenv after clearenv: environ is not { \"LOMT_C=after\" }");
}

/* ---- exit, atexit, _exit, abort: in a grandchild with stdout on a pipe ---- */

static int out_fd = -1;

/*
 * run fn in a grandchild whose stdout (fd 1) is a pipe; its output (at
 * most size - 1 bytes, NUL-terminated) to out; returns the wait status
 */
static int run_captured(void (*fn)(void), char *out, size_t size)
{
	int p[2], st;
	long n;
	pid_t pid;

	out[0] = 0;
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		out_fd = 1;
		fn();
		_exit(99);
	}
	close(p[1]);
	st = reap_timeout(pid, 30000);
	n = read_all(p[0], out, size - 1);
	close(p[0]);
	out[n > 0 ? n : 0] = 0;
	return st;
}

static void emit(const char *s)
{
	write_all(out_fd, s, strlen(s));
}

static void h1(void) { emit("1"); }
static void h2(void) { emit("2"); }
static void h3(void) { emit("3"); }
static void h_printf(void) { printf("B"); }

static void g_atexit(void)
{
	if (atexit(h1) || atexit(h2) || atexit(h3))
		emit("atexit failed");
	exit(0);
}

static int n_handlers;
static void h_count(void) { n_handlers++; if (n_handlers == 40) emit("40"); }

static void g_atexit_40(void)
{
	int i;

	for (i = 0; i < 40; i++)
		if (atexit(h_count))
			emit("atexit failed");
	exit(5);
}

static void g_exit_flush(void)
{
	printf("hello");
	fputs(", world", stdout);
	exit(3);
}

static void g_exit_handler_stdio(void)
{
	atexit(h_printf);
	printf("A");
	exit(0);
}

static void g__exit(void)
{
	printf("lost");
	_exit(4);
}

static void expect_run(void (*fn)(void), const char *name, int want_status, const char *want_out)
{
	char out[256], g[48], w[48];
	int st = run_captured(fn, out, sizeof(out));

	if (st >= 0 && WIFSIGNALED(st))
		st &= 0x7f; // no core bit

	if (st != want_status || strcmp(out, want_out))
		fail("%s: got %s output \"%s\" want %s output \"%s\"", name,
		     statusstr(st, g, sizeof(g)), out, statusstr(want_status, w, sizeof(w)),
		     want_out);
}

static void t_atexit(void)
{
	expect_run(g_atexit, "3 handlers, exit(0)", EXITED(0), "321");
	expect_run(g_atexit_40, "40 handlers, exit(5)", EXITED(5), "40");
}

static void t_exit_stdio(void)
{
	expect_run(g_exit_flush, "printf, fputs, exit(3)", EXITED(3), "hello, world");
	expect_run(g_exit_handler_stdio, "printf in an atexit handler", EXITED(0), "AB");
	expect_run(g__exit, "printf, _exit(4)", EXITED(4), "");
}

static void on_abrt(int sig)
{
	(void)sig;
	emit("handler");
}

static void g_abort(void)
{
	abort();
}

static void g_abort_ignored(void)
{
	signal(SIGABRT, SIG_IGN);
	abort();
}

static void g_abort_blocked(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGABRT);
	sigprocmask(SIG_BLOCK, &s, NULL);
	abort();
}

static void g_abort_caught(void)
{
	signal(SIGABRT, on_abrt);
	abort();
}

static void t_abort(void)
{
	expect_run(g_abort, "abort()", KILLED(SIGABRT), "");
	expect_run(g_abort_ignored, "abort() with SIGABRT ignored", KILLED(SIGABRT), "");
	expect_run(g_abort_blocked, "abort() with SIGABRT blocked", KILLED(SIGABRT), "");
	expect_run(g_abort_caught, "abort() with a handler that returns", KILLED(SIGABRT),
		   "handler");
}

/* ---- setjmp, longjmp, sigsetjmp, siglongjmp ---- */

static jmp_buf jb;
static sigjmp_buf sjb;

static void __attribute__((noinline)) jump(int v)
{
	longjmp(jb, v);
}

static volatile long opaque = 3;

static int __attribute__((noinline)) deep(int n, int v)
{
	volatile char pad[256];

	pad[0] = n;
	if (n == 0 && opaque)
		jump(v);
	if (n == 0)
		return 0;
	return deep(n - 1, v) + pad[0];
}

/* trash every callee-saved register, then longjmp without restoring them */
static void __attribute__((noinline)) jump_trashed(void)
{
	__asm__ volatile("mov $-1, %%rbx\n\tmov $-1, %%r12\n\tmov $-1, %%r13\n\t"
			 "mov $-1, %%r14\n\tmov $-1, %%r15"
			 ::: "rbx", "r12", "r13", "r14", "r15");
	longjmp(jb, 1);
}

/*
 * the stack's misalignment at a call: the compiler places a 16-aligned
 * local assuming the ABI's 16-byte alignment at calls, without realigning
 */
static unsigned long __attribute__((noinline)) frame_misalign(void)
{
	volatile char x __attribute__((aligned(16))) = 0;

	return ((unsigned long)&x + x) & 15;
}

static void t_setjmp(void)
{
	volatile int count = 0;
	int r;

	r = setjmp(jb);
	if (r == 0) {
		count = 1;
		jump(5);
	}
	if (r != 5 || count != 1)
		fail("longjmp(env, 5): setjmp returned %d (volatile local %d, want 1)", r, count);
	r = setjmp(jb);
	if (r == 0)
		jump(0);
	if (r != 1)
		fail("longjmp(env, 0): setjmp returned %d want 1", r);
	r = setjmp(jb);
	if (r == 0)
		deep(1000, 7);
	if (r != 7)
		fail("longjmp out of 1000 frames: setjmp returned %d want 7", r);
	if (frame_misalign())
		fail("after longjmp: the stack is not 16-byte aligned at a call");
	count = 0;
	r = setjmp(jb); // jump back to the same buffer many times
	if (++count < 1000)
		longjmp(jb, count);
	if (r != 999)
		fail("1000 longjmps to one setjmp: last returned %d want 999", r);
}

static int __attribute__((noinline)) setjmp_then_trash(void)
{
	if (setjmp(jb) == 0)
		jump_trashed();
	return 1;
}

/*
 * Callee-saved registers come back with longjmp.  The values live across
 * setjmp_then_trash() sit in rbx, rbp, r12..r15 here (the compiler keeps
 * values live across a setjmp in its own frame in memory, so that frame
 * would not show it); jump_trashed() sets those registers to -1 and
 * leaves without its epilogue.
 */
static void t_setjmp_regs(void)
{
	long a = opaque * 11, b = opaque * 13, c = opaque * 17, d = opaque * 19, e = opaque * 23;
	long f = opaque * 29;

	setjmp_then_trash();
	if (a != 33 || b != 39 || c != 51 || d != 57 || e != 69 || f != 87)
		fail("after longjmp: callers' values %ld %ld %ld %ld %ld %ld want 33 39 51 57 69 87",
		     a, b, c, d, e, f);
}

static int blocked(int sig)
{
	sigset_t s;

	sigprocmask(SIG_BLOCK, NULL, &s);
	return sigismember(&s, sig);
}

static void block(int sig, int how)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

static void on_usr1(int sig)
{
	siglongjmp(sjb, sig);
}

static void t_sigsetjmp(void)
{
	int r;

	/* savemask 1: the mask at sigsetjmp comes back */
	block(SIGUSR2, SIG_UNBLOCK);
	if (sigsetjmp(sjb, 1) == 0) {
		block(SIGUSR2, SIG_BLOCK);
		siglongjmp(sjb, 1);
	}
	if (blocked(SIGUSR2))
		fail("sigsetjmp(env, 1): SIGUSR2 blocked after siglongjmp, want unblocked");
	block(SIGUSR2, SIG_BLOCK);
	if (sigsetjmp(sjb, 1) == 0) {
		block(SIGUSR2, SIG_UNBLOCK);
		siglongjmp(sjb, 1);
	}
	if (!blocked(SIGUSR2))
		fail("sigsetjmp(env, 1): SIGUSR2 unblocked after siglongjmp, want blocked");

	/* savemask 0: the mask is left as it is */
	block(SIGUSR2, SIG_UNBLOCK);
	if (sigsetjmp(sjb, 0) == 0) {
		block(SIGUSR2, SIG_BLOCK);
		siglongjmp(sjb, 1);
	}
	if (!blocked(SIGUSR2))
		fail("sigsetjmp(env, 0): SIGUSR2 unblocked after siglongjmp, want still blocked");

	/* out of a handler (which runs with SIGUSR1 blocked) */
	signal(SIGUSR1, on_usr1);
	block(SIGUSR1, SIG_UNBLOCK);
	r = sigsetjmp(sjb, 1);
	if (r == 0)
		raise(SIGUSR1);
	if (r != SIGUSR1)
		fail("siglongjmp from a handler: sigsetjmp returned %d want %d", r, SIGUSR1);
	if (blocked(SIGUSR1))
		fail("siglongjmp from a handler, savemask 1: SIGUSR1 still blocked");
	r = sigsetjmp(sjb, 0);
	if (r == 0)
		raise(SIGUSR1);
	if (!blocked(SIGUSR1))
		fail("siglongjmp from a handler, savemask 0: SIGUSR1 unblocked, want still blocked");
}

/*
 * ---- getopt ----
 *
 * Operands come last only: glibc permutes argv (an option after an
 * operand is still parsed) unless POSIXLY_CORRECT is set; POSIX and musl
 * stop at the first operand.
 */

/*
 * Parse argv (NULL-terminated) with opts; the record is one token per
 * getopt result: "a", "b=ARG", "c" (no optarg), "?x" (optopt x), ":x",
 * then "| optind N".  optarg is looked at only for options that take
 * one (musl leaves it as it was for the others).  A want ending in
 * "| optind *" leaves optind unchecked: after a missing argument glibc
 * leaves optind at argc, musl (as POSIX words it) at argc + 1.
 */
static void getopt_run(const char *opts, char **argv, const char *want)
{
	char rec[256] = "", *p = rec;
	int argc, c;

	for (argc = 0; argv[argc]; argc++)
		;
	optind = 1;
	opterr = 0;
	optarg = NULL;
	while ((c = getopt(argc, argv, opts)) != -1) {
		if (c == '?' || c == ':')
			p += sprintf(p, "%c%c ", c, optopt);
		else if (strchr(opts, c)[1] == ':' && optarg)
			p += sprintf(p, "%c=%s ", c, optarg);
		else
			p += sprintf(p, "%c ", c);
		if (p > rec + 200)
			break;
	}
	sprintf(p, "| optind %d", optind);
	if (strcmp(rec, want) && !(strstr(want, "optind *") &&
				   !strncmp(rec, want, strstr(want, "optind *") - want))) {
		char args[200] = "";

		for (c = 1; c < argc; c++)
			snprintf(args + strlen(args), sizeof(args) - strlen(args), " %s", argv[c]);
		fail("getopt \"%s\"%s: got \"%s\" want \"%s\"", opts, args, rec, want);
	}
}

#define GETOPT(opts, want, ...) getopt_run(opts, (char *[]){ "prog", __VA_ARGS__, NULL }, want)

static void t_getopt(void)
{
	char *argv[] = { "prog", "-b", "value", NULL };
	int c;

	GETOPT("ab:c::", "a b=arg c | optind 5", "-a", "-b", "arg", "-c", "x");
	GETOPT("ab:c::", "a b=1 c=val | optind 3", "-ab1", "-cval");
	GETOPT("ab:c::", "a a a | optind 3", "-aa", "-a");
	GETOPT("ab:c::", "b=-a | optind 3", "-b", "-a");
	GETOPT("ab:c::", "?b | optind *", "-b");
	GETOPT(":ab:", "a :b | optind *", "-a", "-b");
	GETOPT("ab:c::", "?x a | optind 3", "-x", "-a");
	GETOPT("ab:c::", "a ?x a | optind 2", "-axa");
	GETOPT("ab:c::", "a | optind 3", "-a", "--", "-b", "z");
	GETOPT("ab:c::", "a | optind 2", "-a", "-");
	GETOPT("ab:c::", "a | optind 2", "-a", "file", "x");
	GETOPT("ab:c::", "| optind 1", "file");
	getopt_run("ab", (char *[]){ "prog", NULL }, "| optind 1");

	/* optarg points into argv, not at a copy */
	optind = 1;
	opterr = 0;
	c = getopt(3, argv, "b:");
	if (c != 'b' || optarg != argv[2] || optind != 3)
		fail("getopt \"-b value\": optarg is not argv[2] or optind %d want 3", optind);
}

static const struct {
	const char *desc;
	void (*fn)(void);
} checks[] = {
	{ "strtol, strtoll: prefixes, signs, white space, limits, endptr, EINVAL", t_strtol },
	{ "strtoul, strtoull: limits, negative numbers, endptr", t_strtoul },
	{ "strto*: values round trip through bases 2..36, overflow by one digit", t_strto_bases },
	{ "atoi, atol, atoll", t_atoi },
	{ "abs, labs, llabs, div, ldiv, lldiv", t_abs_div },
	{ "qsort: 30 sizes, 6 inputs, elements of 1, 4, 8, 24, 100 bytes", t_qsort },
	{ "qsort: not quadratic on sorted, reverse, equal, organ-pipe input", t_qsort_n_log_n },
	{ "bsearch: every key found, absent keys not", t_bsearch },
	{ "rand, srand: range, same seed same sequence, default seed 1", t_rand },
	{ "setenv, getenv: overwrite flag, copies, EINVAL", t_setenv },
	{ "unsetenv: removes, absent is fine, EINVAL", t_unsetenv },
	{ "putenv: uses the caller's string, no '=' removes", t_putenv },
	{ "clearenv: empty environment, setenv works after", t_clearenv },
	{ "atexit: handlers in reverse order, 40 of them, exit status", t_atexit },
	{ "exit flushes stdio (after atexit handlers), _exit does not", t_exit_stdio },
	{ "abort: SIGABRT, also ignored, blocked or caught", t_abort },
	{ "setjmp, longjmp: return values, volatile locals, deep stacks", t_setjmp },
	{ "setjmp, longjmp: callee-saved registers restored", t_setjmp_regs },
	{ "sigsetjmp, siglongjmp: mask restored with savemask 1 only", t_sigsetjmp },
	{ "getopt: optind, optarg, optopt, \"--\", \"-\", unknown, missing argument", t_getopt },
};
#define NCHECKS ((int)(sizeof(checks) / sizeof(checks[0])))

int main(int argc, char **argv)
{
	int i;

	tap_init(argc, argv, NCHECKS);
	for (i = 0; i < NCHECKS; i++)
		check(checks[i].desc, checks[i].fn);
	return tap_done();
}
