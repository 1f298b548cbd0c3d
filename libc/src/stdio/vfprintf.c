/*
 * libc/src/stdio/vfprintf.c - the printf engine: parses a format, fetches
 * the arguments and emits every conversion but the floating-point ones
 * (fmt_float.c) into a struct fmt_out sink.  The public printf family
 * (printf.c) only builds sinks around it.
 *
 * Output matches glibc: %p is "0x..." or "(nil)", %s of NULL is "(null)"
 * (nothing when the precision is below 6), an unknown conversion is
 * copied out as written.  Positional arguments ("%1$d") are not
 * supported: such a conversion is copied out literally.
 *
 * Invariants: o->count is every byte produced (even those a bounded sink
 * dropped); a failing sink sets o->error, after which nothing is put.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "stdio_impl.h"

#ifndef EOVERFLOW
#define EOVERFLOW 75
#endif

void __fmt_put(struct fmt_out *o, const char *s, size_t n)
{
	o->count += n;
	if (n && !o->error)
		o->put(o, s, n);
}

void __fmt_pad(struct fmt_out *o, char c, long n)
{
	char buf[64];

	if (n <= 0)
		return;
	memset(buf, c, n < (long)sizeof(buf) ? (size_t)n : sizeof(buf));
	while (n > 0) {
		size_t k = n < (long)sizeof(buf) ? (size_t)n : sizeof(buf);

		__fmt_put(o, buf, k);
		n -= k;
	}
}

/* length modifiers */
enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIGL };

/* prefix, then `zeros` zeros, then body, padded to sp->width */
static void emit_padded(struct fmt_out *o, const struct fmt_spec *sp, const char *prefix,
			size_t plen, long zeros, const char *body, size_t blen)
{
	long total = (long)plen + zeros + (long)blen;
	long pad = sp->width > total ? sp->width - total : 0;

	if (!(sp->flags & FMT_LEFT))
		__fmt_pad(o, ' ', pad);
	__fmt_put(o, prefix, plen);
	__fmt_pad(o, '0', zeros);
	__fmt_put(o, body, blen);
	if (sp->flags & FMT_LEFT)
		__fmt_pad(o, ' ', pad);
}

/* %d %i %u %o %x %X %p (as %#lx): v is the magnitude, neg its sign */
static void fmt_int(struct fmt_out *o, struct fmt_spec *sp, unsigned long long v, int neg)
{
	const char *digits = (sp->flags & FMT_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = 10;
	char buf[24], prefix[4];
	char *p = buf + sizeof(buf);
	size_t plen = 0, len;
	long zeros = 0;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'p')
		base = 16;
	while (v) {
		*--p = digits[v % base];
		v /= base;
	}
	len = buf + sizeof(buf) - p;
	if (sp->prec < 0 && len == 0)
		len = 1, *--p = '0';
	if (sp->prec > (long)len)
		zeros = sp->prec - len;
	if (sp->conv == 'd' || sp->conv == 'p') { // glibc gives %p a sign too
		if (neg)
			prefix[plen++] = '-';
		else if (sp->flags & FMT_PLUS)
			prefix[plen++] = '+';
		else if (sp->flags & FMT_SPACE)
			prefix[plen++] = ' ';
	}
	if ((sp->flags & FMT_ALT) && base == 16 && len && *p != '0') {
		prefix[plen++] = '0';
		prefix[plen++] = (sp->flags & FMT_UPPER) ? 'X' : 'x';
	} else if ((sp->flags & FMT_ALT) && base == 8 && !zeros && (len == 0 || *p != '0')) {
		zeros = 1; // "#o" makes the first digit a 0
	}
	if ((sp->flags & FMT_ZERO) && !(sp->flags & FMT_LEFT) && sp->prec < 0) {
		long room = sp->width - (long)(plen + len);

		if (room > zeros)
			zeros = room;
	}
	emit_padded(o, sp, prefix, plen, zeros, p, len);
}

/* %s %c and the like: padded with spaces only ('0' is ignored, as glibc does) */
static void fmt_str(struct fmt_out *o, struct fmt_spec *sp, const char *s, size_t len)
{
	long pad = sp->width > (long)len ? sp->width - (long)len : 0;

	if (!(sp->flags & FMT_LEFT))
		__fmt_pad(o, ' ', pad);
	__fmt_put(o, s, len);
	if (sp->flags & FMT_LEFT)
		__fmt_pad(o, ' ', pad);
}

static void fmt_string_arg(struct fmt_out *o, struct fmt_spec *sp, const char *s)
{
	size_t len;

	if (!s) {
		// glibc: "(null)" unless the precision would cut it
		s = (sp->prec < 0 || sp->prec >= 6) ? "(null)" : "";
		len = strlen(s);
	} else if (sp->prec >= 0) {
		const char *end = memchr(s, 0, sp->prec);

		len = end ? (size_t)(end - s) : (size_t)sp->prec;
	} else {
		len = strlen(s);
	}
	fmt_str(o, sp, s, len);
}

/* fetch a signed integer argument of the given length; returns it as long long */
static long long arg_signed(va_list *ap, int len)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_L: return va_arg(*ap, long);
	case LEN_LL: return va_arg(*ap, long long);
	case LEN_J: return va_arg(*ap, intmax_t);
	case LEN_Z: return va_arg(*ap, long);   // ssize_t
	case LEN_T: return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static unsigned long long arg_unsigned(va_list *ap, int len)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned);
	case LEN_L: return va_arg(*ap, unsigned long);
	case LEN_LL: return va_arg(*ap, unsigned long long);
	case LEN_J: return va_arg(*ap, uintmax_t);
	case LEN_Z: return va_arg(*ap, size_t);
	case LEN_T: return (unsigned long)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned);
	}
}

/* %n: store the count so far in an object of the given length */
static void store_count(va_list *ap, int len, size_t count)
{
	switch (len) {
	case LEN_HH: *va_arg(*ap, signed char *) = count; break;
	case LEN_H: *va_arg(*ap, short *) = count; break;
	case LEN_L: case LEN_Z: case LEN_T: *va_arg(*ap, long *) = count; break;
	case LEN_LL: case LEN_J: *va_arg(*ap, long long *) = count; break;
	default: *va_arg(*ap, int *) = count; break;
	}
}

/* parse a decimal number at *pp (no sign), saturating at INT_MAX */
static int parse_num(const char **pp)
{
	const char *p = *pp;
	long v = 0;

	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		if (v > INT_MAX)
			v = INT_MAX;
	}
	*pp = p;
	return (int)v;
}

/* flags, width, precision, length: p just after '%'; returns the conversion char */
static const char *parse_spec(const char *p, struct fmt_spec *sp, int *len, va_list *ap)
{
	sp->flags = 0;
	for (;; p++) {
		if (*p == '-') sp->flags |= FMT_LEFT;
		else if (*p == '+') sp->flags |= FMT_PLUS;
		else if (*p == ' ') sp->flags |= FMT_SPACE;
		else if (*p == '#') sp->flags |= FMT_ALT;
		else if (*p == '0') sp->flags |= FMT_ZERO;
		else if (*p == '\'' || *p == 'I') ; // grouping / locale digits: no-ops in the C locale
		else break;
	}
	sp->width = 0;
	if (*p == '*') {
		int w = va_arg(*ap, int);

		p++;
		if (w < 0) {
			sp->flags |= FMT_LEFT;
			w = w == INT_MIN ? INT_MAX : -w;
		}
		sp->width = w;
	} else {
		sp->width = parse_num(&p);
	}
	sp->prec = -1;
	if (*p == '.') {
		p++;
		if (*p == '*') {
			int pr = va_arg(*ap, int);

			p++;
			sp->prec = pr < 0 ? -1 : pr;
		} else {
			sp->prec = parse_num(&p);
		}
	}
	*len = LEN_NONE;
	switch (*p) {
	case 'h': p++; *len = LEN_H; if (*p == 'h') p++, *len = LEN_HH; break;
	case 'l': p++; *len = LEN_L; if (*p == 'l') p++, *len = LEN_LL; break;
	case 'q': p++; *len = LEN_LL; break;
	case 'L': p++; *len = LEN_BIGL; break;
	case 'j': p++; *len = LEN_J; break;
	case 'z': case 'Z': p++; *len = LEN_Z; break;
	case 't': p++; *len = LEN_T; break;
	}
	return p;
}

static void fmt_float_arg(struct fmt_out *o, struct fmt_spec *sp, int len, va_list *ap)
{
	struct fmt_fp v;

	if (len == LEN_BIGL)
		__fmt_split_ldouble(va_arg(*ap, long double), &v);
	else
		__fmt_split_double(va_arg(*ap, double), &v);
	__fmt_float(o, sp, &v);
}

/* one conversion c; err is errno at entry (%m); returns 0, or -1 if c is unknown */
static int convert(struct fmt_out *o, struct fmt_spec *sp, int len, char c, va_list *ap,
		   int err)
{
	char ch;

	if (c >= 'A' && c <= 'Z' && c != 'C' && c != 'S') {
		sp->flags |= FMT_UPPER;
		c += 'a' - 'A';
	}
	sp->conv = c;
	switch (c) {
	case '%': // "%5%": glibc ignores what is between the two
		__fmt_put(o, "%", 1);
		return 0;
	case 'd': case 'i': {
		long long v = arg_signed(ap, len);

		sp->conv = 'd';
		fmt_int(o, sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v, v < 0);
		return 0;
	}
	case 'u': case 'o': case 'x':
		if (c == 'u' && (sp->flags & FMT_UPPER))
			return -1;
		if (c != 'x')
			sp->flags &= ~FMT_UPPER;
		fmt_int(o, sp, arg_unsigned(ap, len), 0);
		return 0;
	case 'p': {
		void *ptr = va_arg(*ap, void *);

		if (sp->flags & FMT_UPPER)
			return -1;
		if (!ptr) {
			sp->prec = -1;
			fmt_str(o, sp, "(nil)", 5);
			return 0;
		}
		sp->flags |= FMT_ALT;
		fmt_int(o, sp, (uintptr_t)ptr, 0);
		return 0;
	}
	case 'c':
		if (sp->flags & FMT_UPPER)
			return -1;
		ch = (char)va_arg(*ap, int);
		fmt_str(o, sp, &ch, 1);
		return 0;
	case 's':
		if (sp->flags & FMT_UPPER)
			return -1;
		fmt_string_arg(o, sp, va_arg(*ap, const char *));
		return 0;
	case 'm':
		if (sp->flags & FMT_UPPER)
			return -1;
		fmt_string_arg(o, sp, strerror(err));
		return 0;
	case 'e': case 'f': case 'g': case 'a':
		fmt_float_arg(o, sp, len, ap);
		return 0;
	case 'n':
		if (sp->flags & FMT_UPPER)
			return -1;
		store_count(ap, len, o->count);
		return 0;
	}
	return -1;
}

int __fmt_run(struct fmt_out *o, const char *fmt, va_list ap0)
{
	int saved_errno = errno; // for %m, before anything can change it
	const char *p = fmt;
	va_list ap;

	va_copy(ap, ap0);
	while (*p) {
		const char *pct = strchr(p, '%');
		struct fmt_spec sp;
		int len;

		if (!pct) {
			__fmt_put(o, p, strlen(p));
			break;
		}
		__fmt_put(o, p, pct - p);
		if (pct[1] == '%') {
			__fmt_put(o, "%", 1);
			p = pct + 2;
			continue;
		}
		p = parse_spec(pct + 1, &sp, &len, &ap);
		if (!*p) { // the format ends inside a conversion: glibc fails
			va_end(ap);
			errno = EINVAL;
			return -1;
		}
		if (convert(o, &sp, len, *p, &ap, saved_errno) < 0) {
			// unknown: copy the text of the conversion out
			p++;
			__fmt_put(o, pct, p - pct);
			continue;
		}
		p++;
	}
	va_end(ap);
	if (o->error)
		return -1;
	if (o->count > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)o->count;
}
