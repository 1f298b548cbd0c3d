/*
 * libc/src/stdio/fmt_float.c - printf's %e %f %g %a (and upper-case forms)
 * for double and 80-bit long double, exact and correctly rounded.
 *
 * A finite value is m * 2^e (struct fmt_fp).  It is converted exactly to
 * N * 10^-k with N a big integer in base 10^9:
 *
 *   e >= 0:  N = m * 2^e,          k = 0
 *   e <  0:  N = m * 5^-e,         k = -e      (m * 2^e = m * 5^-e / 10^-e)
 *
 * Every decimal digit of the value is then a digit of N, so rounding to
 * any precision is a look at the dropped digits: round-half-even on the
 * exact binary value, as glibc does in the default rounding mode.  The
 * widest case, the smallest long double subnormal, needs 11,515 digits:
 * DEC_CAP limbs (5 KiB) on the stack.
 *
 * Invariant of struct bigdec: d[0] is the least significant limb, every
 * limb < 10^9, d[n-1] != 0 (n == 0 is zero).
 */
#include <string.h>

#include "stdio_impl.h"

#define DEC_BASE 1000000000u
#define DEC_CAP  1300

struct bigdec {
	int n;
	uint32_t d[DEC_CAP];
};

static const uint32_t pow10_9[10] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

/* b *= k, k < 2^31 */
static void dec_mul(struct bigdec *b, uint32_t k)
{
	uint64_t carry = 0;
	int i;

	for (i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->d[i] * k + carry;

		b->d[i] = (uint32_t)(t % DEC_BASE);
		carry = t / DEC_BASE;
	}
	while (carry) {
		b->d[b->n++] = (uint32_t)(carry % DEC_BASE);
		carry /= DEC_BASE;
	}
}

/* b = m * 2^e exactly, as N * 10^-k; returns k */
static int dec_from_binary(struct bigdec *b, uint64_t m, int e)
{
	int k = 0;

	b->n = 0;
	while (m) {
		b->d[b->n++] = (uint32_t)(m % DEC_BASE);
		m /= DEC_BASE;
	}
	if (!b->n)
		return 0;
	for (; e >= 29; e -= 29)
		dec_mul(b, 1u << 29);
	if (e > 0)
		dec_mul(b, 1u << e);
	if (e < 0) {
		k = -e;
		for (e = k; e >= 13; e -= 13)
			dec_mul(b, 1220703125u); // 5^13
		for (; e > 0; e--)
			dec_mul(b, 5);
	}
	return k;
}

static int dec_ndigits(const struct bigdec *b)
{
	int nd;

	if (!b->n)
		return 0;
	for (nd = 1; nd < 9 && b->d[b->n - 1] >= pow10_9[nd]; nd++)
		;
	return 9 * (b->n - 1) + nd;
}

/* the digit of weight 10^pos (0 outside the number) */
static int dec_digit(const struct bigdec *b, int pos)
{
	if (pos < 0 || pos / 9 >= b->n)
		return 0;
	return b->d[pos / 9] / pow10_9[pos % 9] % 10;
}

/* any non-zero digit of weight below 10^pos? */
static int dec_nonzero_below(const struct bigdec *b, int pos)
{
	int q = pos / 9, i;

	if (pos <= 0)
		return 0;
	for (i = 0; i < q && i < b->n; i++)
		if (b->d[i])
			return 1;
	return q < b->n && b->d[q] % pow10_9[pos % 9] != 0;
}

/* drop the r >= 1 lowest digits, rounding half to even; they become 0 */
static void dec_round(struct bigdec *b, int r)
{
	int first = dec_digit(b, r - 1), q = r / 9, i;
	int up = first > 5 || (first == 5 && (dec_nonzero_below(b, r - 1) || (dec_digit(b, r) & 1)));

	for (i = 0; i < q && i < b->n; i++)
		b->d[i] = 0;
	if (q < b->n)
		b->d[q] -= b->d[q] % pow10_9[r % 9];
	if (up) {
		uint32_t add = pow10_9[r % 9];

		while (b->n <= q)
			b->d[b->n++] = 0;
		for (i = q; add; i++) {
			if (i == b->n)
				b->d[b->n++] = 0;
			b->d[i] += add;
			add = b->d[i] >= DEC_BASE;
			if (add)
				b->d[i] -= DEC_BASE;
		}
	}
	while (b->n && !b->d[b->n - 1])
		b->n--;
}

/* digits of weight 10^from, 10^(from-1), ... (count of them) */
static void put_digits(struct fmt_out *o, const struct bigdec *b, int from, long count)
{
	char buf[72];
	int len = 0;

	for (; count > 0; count--, from--) {
		if (from < 0) { // below the number: zeros only
			__fmt_put(o, buf, len);
			__fmt_pad(o, '0', count);
			return;
		}
		buf[len++] = '0' + dec_digit(b, from);
		if (len == (int)sizeof(buf)) {
			__fmt_put(o, buf, len);
			len = 0;
		}
	}
	__fmt_put(o, buf, len);
}

/* the sign character (0 for none) for a value of sign neg */
static char sign_char(const struct fmt_spec *sp, int neg)
{
	if (neg)
		return '-';
	if (sp->flags & FMT_PLUS)
		return '+';
	if (sp->flags & FMT_SPACE)
		return ' ';
	return 0;
}

/*
 * The layout of a decimal result: [sign] int-digits [. frac-digits] [exp].
 * nint == 0 prints a single "0"; digits come from N by weight.
 */
struct dec_layout {
	char sign;
	int int_from, nint;  // weights int_from .. int_from-nint+1
	int frac_from;       // weight of the first fraction digit
	long nfrac;
	int dot;
	char exp[12];        // "e+05", or empty
};

static void emit_dec(struct fmt_out *o, const struct fmt_spec *sp, const struct bigdec *b,
		     const struct dec_layout *l)
{
	size_t elen = strlen(l->exp);
	long len = (l->sign != 0) + (l->nint ? l->nint : 1) + l->dot + l->nfrac + (long)elen;
	long pad = sp->width > len ? sp->width - len : 0;
	int zero = (sp->flags & FMT_ZERO) && !(sp->flags & FMT_LEFT);

	if (!zero && !(sp->flags & FMT_LEFT))
		__fmt_pad(o, ' ', pad);
	if (l->sign)
		__fmt_put(o, &l->sign, 1);
	if (zero)
		__fmt_pad(o, '0', pad);
	if (l->nint)
		put_digits(o, b, l->int_from, l->nint);
	else
		__fmt_put(o, "0", 1);
	if (l->dot)
		__fmt_put(o, ".", 1);
	put_digits(o, b, l->frac_from, l->nfrac);
	__fmt_put(o, l->exp, elen);
	if (sp->flags & FMT_LEFT)
		__fmt_pad(o, ' ', pad);
}

/* "e+05" style exponent into buf (at least two digits) */
static void exp_string(char *buf, char letter, int x)
{
	char tmp[8];
	int n = 0;

	*buf++ = letter;
	*buf++ = x < 0 ? '-' : '+';
	if (x < 0)
		x = -x;
	do {
		tmp[n++] = '0' + x % 10;
		x /= 10;
	} while (x);
	if (n < 2)
		tmp[n++] = '0';
	while (n)
		*buf++ = tmp[--n];
	*buf = 0;
}

/* drop trailing zero fraction digits (%g without '#') */
static void strip_zeros(const struct bigdec *b, struct dec_layout *l)
{
	while (l->nfrac > 0 && dec_digit(b, l->frac_from - (int)l->nfrac + 1) == 0)
		l->nfrac--;
	l->dot = l->nfrac > 0;
}

static void fmt_decimal(struct fmt_out *o, const struct fmt_spec *sp, const struct fmt_fp *v)
{
	struct bigdec b;
	struct dec_layout l;
	int k = dec_from_binary(&b, v->m, v->e);
	int prec = sp->prec < 0 ? 6 : sp->prec;
	int nd = dec_ndigits(&b), x, style = sp->conv;

	memset(&l, 0, sizeof(l));
	l.sign = sign_char(sp, v->neg);
	if (style == 'g') {
		if (prec == 0)
			prec = 1;
		if (nd > prec)
			dec_round(&b, nd - prec);
		nd = dec_ndigits(&b);
		x = nd ? nd - 1 - k : 0;
		if (prec > x && x >= -4) {
			style = 'f';
			prec = prec - 1 - x;
		} else {
			style = 'e';
			prec = prec - 1;
		}
	}
	if (style == 'f') {
		if (k > prec)
			dec_round(&b, k - prec);
		nd = dec_ndigits(&b);
		l.nint = nd > k ? nd - k : 0;
		l.int_from = nd - 1;
		l.frac_from = k - 1;
	} else {
		if (nd > prec + 1)
			dec_round(&b, nd - (prec + 1));
		nd = dec_ndigits(&b);
		x = nd ? nd - 1 - k : 0;
		l.nint = 1;
		l.int_from = nd ? nd - 1 : 0;
		l.frac_from = l.int_from - 1;
		exp_string(l.exp, (sp->flags & FMT_UPPER) ? 'E' : 'e', x);
	}
	l.nfrac = prec;
	l.dot = prec > 0 || (sp->flags & FMT_ALT);
	if (sp->conv == 'g' && !(sp->flags & FMT_ALT))
		strip_zeros(&b, &l);
	emit_dec(o, sp, &b, &l);
}

/* %a: hexadecimal mantissa, binary exponent, as glibc lays it out */
static void fmt_hex(struct fmt_out *o, const struct fmt_spec *sp, const struct fmt_fp *v)
{
	const char *xd = (sp->flags & FMT_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	int nd = v->is_ld ? 15 : 13; // fraction hex digits
	unsigned lead;
	uint64_t frac;
	int x, prec = sp->prec, i;
	char body[64], ebuf[12];
	char pre[3] = { 0 };
	int plen = 0, blen = 0;
	long len, pad, zeros = 0;

	if (!v->m) {
		lead = 0, frac = 0, x = 0;
	} else if (v->is_ld) {
		// glibc: the leading digit is the top nibble of the 64-bit mantissa
		lead = v->m >> 60;
		frac = v->m & 0x0fffffffffffffffULL;
		x = v->e + 60;
	} else if (v->m >> 52) {
		lead = 1, frac = v->m & ((1ULL << 52) - 1), x = v->e + 52;
	} else {
		lead = 0, frac = v->m, x = -1022; // subnormal: 0x0.xxxp-1022
	}
	if (prec < 0) {
		for (prec = nd; prec > 0 && !((frac >> (4 * (nd - prec))) & 15); prec--)
			;
	} else if (prec < nd) {
		int shift = 4 * (nd - prec);
		uint64_t rem = frac & ((1ULL << shift) - 1), half = 1ULL << (shift - 1);

		frac >>= shift;
		if (rem > half || (rem == half && ((prec ? frac : lead) & 1)))
			frac++;
		if (prec < 16 && frac >> (4 * prec)) {
			frac &= (1ULL << (4 * prec)) - 1;
			lead++;
		}
		if (lead > 15) { // long double 0xf.ff.. rounded up: renormalize
			lead = 1;
			x += 4;
		}
		frac <<= shift; // back to nd-digit alignment for the loop below
	}
	body[blen++] = xd[lead];
	if (prec > 0 || (sp->flags & FMT_ALT))
		body[blen++] = '.';
	for (i = 0; i < prec && i < nd; i++)
		body[blen++] = xd[(frac >> (4 * (nd - 1 - i))) & 15];
	exp_string(ebuf, (sp->flags & FMT_UPPER) ? 'P' : 'p', x);
	if (x > -10 && x < 10) { // %a exponents have no minimum of two digits
		ebuf[2] = ebuf[3];
		ebuf[3] = 0;
	}
	if (sign_char(sp, v->neg))
		pre[plen++] = sign_char(sp, v->neg);
	len = plen + 2 + blen + (prec > nd ? prec - nd : 0) + (long)strlen(ebuf);
	pad = sp->width > len ? sp->width - len : 0;
	if ((sp->flags & FMT_ZERO) && !(sp->flags & FMT_LEFT))
		zeros = pad, pad = 0;
	if (!(sp->flags & FMT_LEFT))
		__fmt_pad(o, ' ', pad);
	__fmt_put(o, pre, plen);
	__fmt_put(o, (sp->flags & FMT_UPPER) ? "0X" : "0x", 2);
	__fmt_pad(o, '0', zeros);
	__fmt_put(o, body, blen);
	__fmt_pad(o, '0', prec > nd ? prec - nd : 0);
	__fmt_put(o, ebuf, strlen(ebuf));
	if (sp->flags & FMT_LEFT)
		__fmt_pad(o, ' ', pad);
}

/* inf and nan: never zero-padded */
static void fmt_special(struct fmt_out *o, const struct fmt_spec *sp, const struct fmt_fp *v)
{
	char buf[5];
	const char *word = v->cls == FP_INF ? "inf" : "nan";
	int len = 0, i;
	long pad;

	if (sign_char(sp, v->neg))
		buf[len++] = sign_char(sp, v->neg);
	for (i = 0; i < 3; i++)
		buf[len++] = (sp->flags & FMT_UPPER) ? word[i] - 'a' + 'A' : word[i];
	pad = sp->width > len ? sp->width - len : 0;
	if (!(sp->flags & FMT_LEFT))
		__fmt_pad(o, ' ', pad);
	__fmt_put(o, buf, len);
	if (sp->flags & FMT_LEFT)
		__fmt_pad(o, ' ', pad);
}

void __fmt_float(struct fmt_out *o, const struct fmt_spec *sp, const struct fmt_fp *v)
{
	if (v->cls != FP_FINITE)
		fmt_special(o, sp, v);
	else if (sp->conv == 'a')
		fmt_hex(o, sp, v);
	else
		fmt_decimal(o, sp, v);
}

void __fmt_split_double(double d, struct fmt_fp *v)
{
	uint64_t bits;
	int exp;

	memcpy(&bits, &d, sizeof(bits));
	exp = (bits >> 52) & 0x7ff;
	v->neg = bits >> 63;
	v->is_ld = 0;
	v->m = bits & ((1ULL << 52) - 1);
	v->cls = FP_FINITE;
	if (exp == 0x7ff) {
		v->cls = v->m ? FP_NAN : FP_INF;
	} else if (exp == 0) {
		v->e = -1074;
	} else {
		v->m |= 1ULL << 52;
		v->e = exp - 1075;
	}
}

/* x86-64 long double: 64-bit mantissa with explicit integer bit, then sign+exponent */
void __fmt_split_ldouble(long double d, struct fmt_fp *v)
{
	uint16_t se;
	int exp;

	memcpy(&v->m, &d, 8);
	memcpy(&se, (char *)&d + 8, 2);
	exp = se & 0x7fff;
	v->neg = se >> 15;
	v->is_ld = 1;
	v->cls = FP_FINITE;
	if (exp == 0x7fff)
		v->cls = (v->m << 1) ? FP_NAN : FP_INF;
	else
		v->e = (exp ? exp : 1) - 16383 - 63;
}
