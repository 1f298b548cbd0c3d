/*
 * libc/src/stdlib/strtod.c - strtod, strtof, strtold, atof: decimal and
 * hexadecimal text to float, double and 80-bit long double, correctly
 * rounded (round-half-even, the default mode) as glibc is.
 *
 * Decimal input D * 10^E (D the significant digits as an integer) is
 * turned into the exact fraction A / B of big integers (base 2^32):
 *
 *   E >= 0:  A = D * 10^E,  B = 1          E < 0:  A = D,  B = 10^-E
 *
 * A is scaled by 2^s so that the quotient q = floor(A * 2^s / B) has P+1
 * or P+2 bits (P = mantissa bits); q, the exponent -s and "remainder !=
 * 0" (sticky) are all round_pack() needs.  The division is plain
 * shift-and-subtract: simple, and fast enough for P+3 quotient bits.
 *
 * Digits past the format's `maxdig` only feed the sticky bit: every
 * halfway point between two neighbours of the format has fewer
 * significant digits than maxdig (767 for double, 112 for float, 11,515
 * for long double), so a value cut there still rounds the same way.
 *
 * Underflow sets ERANGE when the result is tiny and inexact, tininess
 * judged after rounding as x86 and glibc do (see round_pack).
 * nan(...) payloads are accepted and ignored: the result is the default
 * quiet NaN with the sign given.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* a binary floating-point format */
struct fpfmt {
	int p;      // mantissa bits, integer bit included
	int emin;   // exponent of the last mantissa bit of subnormals
	int emax;   // ... of the largest finite number, (2^p - 1) * 2^emax
	int maxdig; // significant decimal digits kept exactly
	int dec_hi; // nd + E > dec_hi: at least 10^dec_hi, overflows
	int dec_lo; // nd + E <= dec_lo: below half the smallest subnormal
};

static const struct fpfmt fmt_float = { 24, -149, 104, 120, 39, -46 };
static const struct fpfmt fmt_double = { 53, -1074, 971, 800, 309, -324 };
static const struct fpfmt fmt_ldouble = { 64, -16445, 16320, 11600, 4933, -4951 };

/* the result, before it is packed into a C type */
#define R_ZERO   0
#define R_FINITE 1
#define R_INF    2
#define R_NAN    3
struct fpres {
	int cls;
	int neg;
	int range; // ERANGE must be set
	uint64_t m; // R_FINITE: value m * 2^e, m < 2^p
	int e;
};

/* ---- big integers: n limbs of 32 bits, least significant first ---- */

struct big {
	int n, cap;
	uint32_t *d;
};

static void big_mul_add(struct big *a, uint32_t k, uint32_t add)
{
	uint64_t carry = add;
	int i;

	for (i = 0; i < a->n; i++) {
		uint64_t t = (uint64_t)a->d[i] * k + carry;

		a->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		a->d[a->n++] = (uint32_t)carry;
}

static int big_bitlen(const struct big *a)
{
	if (!a->n)
		return 0;
	return 32 * a->n - __builtin_clz(a->d[a->n - 1]);
}

static void big_shl(struct big *a, int s)
{
	int q = s / 32, r = s % 32, i;

	if (!a->n || s <= 0)
		return;
	a->d[a->n + q] = 0;
	for (i = a->n - 1; i >= 0; i--) {
		if (r)
			a->d[i + q + 1] |= a->d[i] >> (32 - r);
		a->d[i + q] = a->d[i] << r;
	}
	for (i = 0; i < q; i++)
		a->d[i] = 0;
	a->n += q + 1;
	while (a->n && !a->d[a->n - 1])
		a->n--;
}

static void big_shr1(struct big *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		a->d[i] = (a->d[i] >> 1) | (i + 1 < a->n ? a->d[i + 1] << 31 : 0);
	while (a->n && !a->d[a->n - 1])
		a->n--;
}

static int big_cmp(const struct big *a, const struct big *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

/* a -= b, a >= b */
static void big_sub(struct big *a, const struct big *b)
{
	uint64_t borrow = 0;
	int i;

	for (i = 0; i < a->n; i++) {
		uint64_t t = (uint64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;

		a->d[i] = (uint32_t)t;
		borrow = (t >> 32) & 1;
	}
	while (a->n && !a->d[a->n - 1])
		a->n--;
}

/* a *= 10^n */
static void big_mul_pow10(struct big *a, int n)
{
	static const uint32_t p10[10] = { 1, 10, 100, 1000, 10000, 100000, 1000000,
					  10000000, 100000000, 1000000000 };

	for (; n >= 9; n -= 9)
		big_mul_add(a, p10[9], 0);
	if (n)
		big_mul_add(a, p10[n], 0);
}

/* ---- rounding ---- */

static int bitlen128(unsigned __int128 q)
{
	uint64_t hi = (uint64_t)(q >> 64);

	if (hi)
		return 128 - __builtin_clzll(hi);
	return (uint64_t)q ? 64 - __builtin_clzll((uint64_t)q) : 0;
}

/*
 * q * 2^exp2 (plus a bit more if sticky) rounded half-even to a multiple of
 * 2^drop, drop >= 1; returns the quotient and whether it was inexact.
 */
static unsigned __int128 round_at(unsigned __int128 q, int drop, int sticky, int *inexact)
{
	unsigned __int128 m;
	int rb;

	if (drop > 128) {
		*inexact = 1;
		return 0;
	}
	m = drop == 128 ? 0 : q >> drop;
	rb = (q >> (drop - 1)) & 1;
	if (drop > 1 && (q << (129 - drop)))
		sticky = 1;
	*inexact = rb || sticky;
	if (rb && (sticky || (m & 1)))
		m++;
	return m;
}

/*
 * r = the nearest value of format f to (q + sticky * tiny) * 2^exp2,
 * q != 0; sets r->range on overflow and on underflow.  Underflow is
 * "tiny and inexact", tininess judged after rounding as on x86: the
 * value rounded to p bits with an unbounded exponent is below the
 * smallest normal (so a value just under it that rounds up to it still
 * underflows, as glibc says).
 */
static void round_pack(const struct fpfmt *f, unsigned __int128 q, int exp2, int sticky,
		       struct fpres *r)
{
	int e = bitlen128(q) - f->p + exp2, drop, inexact = sticky, tiny;
	unsigned __int128 m;

	if (e < f->emin)
		e = f->emin;
	drop = e - exp2;
	if (drop <= 0)
		m = q << -drop; // exact: q has at most p bits here
	else
		m = round_at(q, drop, sticky, &inexact);
	tiny = !(m >> (f->p - 1));
	if (!tiny && inexact && e == f->emin && drop >= 1 && bitlen128(q) - drop < f->p) {
		// rounded up into the smallest normal: one more bit decides
		int dummy;

		tiny = drop == 1 ? 1 : !(round_at(q, drop - 1, sticky, &dummy) >> f->p);
	}
	if (m >> f->p) { // carried into a new bit
		m >>= 1;
		e++;
	}
	r->cls = m ? R_FINITE : R_ZERO;
	r->m = (uint64_t)m;
	r->e = e;
	if (e > f->emax) {
		r->cls = R_INF;
		r->range = 1;
	} else if (inexact && tiny) {
		r->range = 1;
	}
}

/* ---- parsing ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* does s start with word (lower case), ignoring case? */
static int match(const char *s, const char *word)
{
	for (; *word; s++, word++)
		if (lower((unsigned char)*s) != *word)
			return 0;
	return 1;
}

/* [eE|pP][+-]digits at s: adds the exponent to *exp and returns its end, or s */
static const char *parse_exp(const char *s, long *exp)
{
	const char *p = s + 1;
	long v = 0;
	int neg = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p < '0' || *p > '9')
		return s;
	for (; *p >= '0' && *p <= '9'; p++)
		if (v < 100000000)
			v = v * 10 + (*p - '0');
	*exp += neg ? -v : v;
	return p;
}

/* hex digits after "0x": at least one is there */
static const char *parse_hex(const char *s, const struct fpfmt *f, struct fpres *r)
{
	unsigned __int128 q = 0;
	long exp2 = 0;
	int sticky = 0, seen_dot = 0, v;

	for (;; s++) {
		if (*s == '.' && !seen_dot) {
			seen_dot = 1;
			continue;
		}
		v = hexval((unsigned char)*s);
		if (v < 0)
			break;
		if (!(q >> 120)) {
			q = q << 4 | v;
			exp2 -= seen_dot ? 4 : 0;
		} else {
			sticky |= v != 0;
			exp2 += seen_dot ? 0 : 4;
		}
	}
	if (lower((unsigned char)*s) == 'p')
		s = parse_exp(s, &exp2);
	if (!q) {
		r->cls = R_ZERO;
		return s;
	}
	if (exp2 > 100000)
		exp2 = 100000;
	if (exp2 < -100000)
		exp2 = -100000;
	round_pack(f, q, (int)exp2, sticky, r);
	return s;
}

/* A / B to the nearest value of f: see the top of the file */
static void divide_round(const struct fpfmt *f, struct big *a, struct big *b, int sticky,
			 struct fpres *r)
{
	int s = f->p + 1 - (big_bitlen(a) - big_bitlen(b)), i;
	unsigned __int128 q = 0;

	if (s > 0)
		big_shl(a, s);
	else
		big_shl(b, -s);
	big_shl(b, f->p + 2);
	for (i = f->p + 2; i >= 0; i--) {
		if (big_cmp(a, b) >= 0) {
			big_sub(a, b);
			q |= (unsigned __int128)1 << i;
		}
		big_shr1(b);
	}
	round_pack(f, q, -s, sticky || a->n, r);
}

/* decimal digits at s (one at least, or a '.' and one); returns their end */
static const char *parse_dec(const char *s, const struct fpfmt *f, struct fpres *r)
{
	// big enough for A shifted and for B = 10^-E shifted: see the bounds above
	int cap = (int)(((long)(f->maxdig - f->dec_lo + f->dec_hi) * 3322 / 1000 + 2 * f->p + 200) / 32);
	uint32_t abuf[cap], bbuf[cap];
	struct big a = { 0, cap, abuf }, b = { 1, cap, bbuf };
	long dexp = 0, nd = 0;
	int seen_dot = 0, sticky = 0, chunk = 0, nchunk = 0;

	memset(abuf, 0, sizeof(abuf));
	memset(bbuf, 0, sizeof(bbuf));
	for (;; s++) {
		if (*s == '.' && !seen_dot) {
			seen_dot = 1;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		if (*s == '0' && !nd && !chunk) { // leading zero
			dexp -= seen_dot;
			continue;
		}
		if (nd < f->maxdig) {
			chunk = chunk * 10 + (*s - '0');
			nd++;
			dexp -= seen_dot;
			if (++nchunk == 9) {
				big_mul_add(&a, 1000000000, chunk);
				chunk = nchunk = 0;
			}
		} else {
			sticky |= *s != '0';
			dexp += !seen_dot;
		}
	}
	if (nchunk) {
		static const uint32_t p10[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000,
						 10000000, 100000000 };

		big_mul_add(&a, p10[nchunk], chunk);
	}
	if (lower((unsigned char)*s) == 'e')
		s = parse_exp(s, &dexp);
	if (!a.n) {
		r->cls = R_ZERO;
		return s;
	}
	if (nd + dexp > f->dec_hi) {
		r->cls = R_INF;
		r->range = 1;
	} else if (nd + dexp <= f->dec_lo) {
		r->cls = R_ZERO;
		r->range = 1;
	} else {
		bbuf[0] = 1;
		if (dexp >= 0)
			big_mul_pow10(&a, (int)dexp);
		else
			big_mul_pow10(&b, (int)-dexp);
		divide_round(f, &a, &b, sticky, r);
	}
	return s;
}

/*
 * The payload of "nan(seq)": seq as an unsigned integer of base 16 ("0x"),
 * 8 (leading 0) or 10, saturated; 0 unless all of seq is that number.
 * The caller ORs it into the mantissa, quiet bit kept, as glibc does;
 * an overflowing seq also sets ERANGE there, as glibc's strtoull does.
 */
static uint64_t nan_payload(const char *s, const char *end, int *range)
{
	unsigned base = 10, v;
	uint64_t x = 0;
	int over = 0;

	if (s[0] == '0' && lower(s[1]) == 'x' && s + 2 < end)
		base = 16, s += 2;
	else if (s[0] == '0')
		base = 8;
	if (s == end)
		return 0;
	for (; s < end; s++) {
		v = hexval((unsigned char)*s);
		if (v >= base)
			return 0;
		if (x > (UINT64_MAX - v) / base)
			over = 1;
		x = x * base + v;
	}
	*range = over;
	return over ? UINT64_MAX : x;
}

/* the whole syntax; returns the end of the number, or NULL if there is none */
static const char *parse(const char *s, const struct fpfmt *f, struct fpres *r)
{
	memset(r, 0, sizeof(*r));
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		r->neg = *s++ == '-';
	if (match(s, "inf")) {
		r->cls = R_INF;
		return s + (match(s, "infinity") ? 8 : 3);
	}
	if (match(s, "nan")) {
		const char *p = s + 3;

		r->cls = R_NAN;
		if (*p != '(')
			return p;
		for (p++; (*p >= '0' && *p <= '9') || (lower(*p) >= 'a' && lower(*p) <= 'z') || *p == '_'; p++)
			;
		if (*p != ')')
			return s + 3;
		r->m = nan_payload(s + 4, p, &r->range);
		return p + 1;
	}
	if (s[0] == '0' && lower(s[1]) == 'x' &&
	    (hexval((unsigned char)s[2]) >= 0 || (s[2] == '.' && hexval((unsigned char)s[3]) >= 0)))
		return parse_hex(s + 2, f, r);
	if ((*s >= '0' && *s <= '9') || (*s == '.' && s[1] >= '0' && s[1] <= '9'))
		return parse_dec(s, f, r);
	return NULL;
}

/* parse, set *end and errno; the caller packs r */
static void convert(const char *s, char **end, const struct fpfmt *f, struct fpres *r)
{
	const char *e = parse(s, f, r);

	if (!e) {
		memset(r, 0, sizeof(*r));
		e = s;
	}
	if (end)
		*end = (char *)e;
	if (r->range)
		errno = ERANGE;
}

double strtod(const char *restrict s, char **restrict end)
{
	struct fpres r;
	uint64_t bits = 0;
	double d;

	convert(s, end, &fmt_double, &r);
	if (r.cls == R_INF)
		bits = 0x7ffULL << 52;
	else if (r.cls == R_NAN)
		bits = 0x7ff8ULL << 48 | (r.m & ((1ULL << 52) - 1));
	else if (r.cls == R_FINITE)
		bits = r.m >> 52 ? (uint64_t)(r.e + 1075) << 52 | (r.m & ((1ULL << 52) - 1)) : r.m;
	bits |= (uint64_t)r.neg << 63;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

float strtof(const char *restrict s, char **restrict end)
{
	struct fpres r;
	uint32_t bits = 0;
	float v;

	convert(s, end, &fmt_float, &r);
	if (r.cls == R_INF)
		bits = 0xffU << 23;
	else if (r.cls == R_NAN)
		bits = 0x7fc00000U | (uint32_t)(r.m & 0x7fffff);
	else if (r.cls == R_FINITE)
		bits = r.m >> 23 ? (uint32_t)(r.e + 150) << 23 | (uint32_t)(r.m & 0x7fffff) : (uint32_t)r.m;
	bits |= (uint32_t)r.neg << 31;
	memcpy(&v, &bits, sizeof(v));
	return v;
}

/* x86-64 long double: 64-bit mantissa with explicit integer bit, then sign+exponent */
long double strtold(const char *restrict s, char **restrict end)
{
	struct fpres r;
	uint64_t m = 0;
	uint16_t se = 0;
	long double v = 0;

	convert(s, end, &fmt_ldouble, &r);
	if (r.cls == R_INF) {
		m = 1ULL << 63;
		se = 0x7fff;
	} else if (r.cls == R_NAN) {
		m = 3ULL << 62 | (r.m & ~(1ULL << 63));
		se = 0x7fff;
	} else if (r.cls == R_FINITE) {
		m = r.m;
		se = r.m >> 63 ? r.e + 16446 : 0;
	}
	se |= r.neg << 15;
	memset(&v, 0, sizeof(v));
	memcpy(&v, &m, 8);
	memcpy((char *)&v + 8, &se, 2);
	return v;
}

double atof(const char *s)
{
	return strtod(s, NULL);
}
