/*
 * libc/src/stdio/vfscanf.c - the scanf family: one engine (__scan_run)
 * over a character source with one byte of push-back (struct scan_in),
 * and the sources for strings (sscanf) and streams (fscanf, scanf).
 *
 * Conversions: d i u o x X p, s c [set], n, %, and e f g a (upper case
 * too); flags '*' and a width; lengths hh h l ll q L j z t.  Numbers are
 * scanned into a buffer (their longest syntactic prefix, at most the
 * width), then converted by strtoll/strtoull/strtof/strtod/strtold; a
 * prefix that is not a whole number ("100e" for %f) is a matching
 * failure, as C11 7.21.6.2 asks.  Not supported: %m (allocation), %ls,
 * %lc and positional arguments.
 *
 * Result: the number of assignments, or EOF when the input ended before
 * the first conversion.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_BIGL, LEN_J, LEN_Z, LEN_T };

#define NUM_MAX 512 // longest number text kept (longer ones are cut: they fail)

static int in_get(struct scan_in *in)
{
	int c = in->get(in);

	if (c >= 0)
		in->count++;
	return c;
}

static void in_unget(struct scan_in *in, int c)
{
	if (c >= 0) {
		in->unget(in, c);
		in->count--;
	}
}

static int is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* skip white space; returns 0, or EOF if the input ended */
static int skip_space(struct scan_in *in)
{
	int c;

	while (is_space(c = in_get(in)))
		;
	in_unget(in, c);
	return c < 0 ? EOF : 0;
}

/* a number's text: reads while accept() agrees, at most max bytes */
struct numbuf {
	char s[NUM_MAX + 1];
	int len, max;
};

/* take the next byte if it is one of set (case-insensitive letters); 1 if taken */
static int take(struct scan_in *in, struct numbuf *nb, const char *set)
{
	int c;

	if (nb->len >= nb->max)
		return 0;
	c = in_get(in);
	if (c >= 0 && c != 0 && strchr(set, tolower(c))) {
		nb->s[nb->len++] = (char)c;
		return 1;
	}
	in_unget(in, c);
	return 0;
}

static const char *digits_of(int base)
{
	return base == 16 ? "0123456789abcdef" : base == 8 ? "01234567" : "0123456789";
}

/* the text of an integer of base (0: as C source) into nb; returns the base used */
static int scan_int_text(struct scan_in *in, struct numbuf *nb, int base)
{
	take(in, nb, "+-");
	if ((base == 0 || base == 16) && take(in, nb, "0")) {
		if (take(in, nb, "x"))
			base = 16;
		else if (base == 0)
			base = 8;
	}
	if (base == 0)
		base = 10;
	while (take(in, nb, digits_of(base)))
		;
	return base;
}

/* [digits] [. digits] of the given digit set; the count of digits */
static int take_mantissa(struct scan_in *in, struct numbuf *nb, const char *digs)
{
	int n = 0;

	while (take(in, nb, digs))
		n++;
	if (take(in, nb, "."))
		while (take(in, nb, digs))
			n++;
	return n;
}

/* the text of a floating-point number into nb */
static void scan_float_text(struct scan_in *in, struct numbuf *nb)
{
	int i;

	take(in, nb, "+-");
	if (take(in, nb, "in")) {
		const char *rest = tolower(nb->s[nb->len - 1]) == 'i' ? "nfinity" : "an";

		for (i = 0; rest[i]; i++) {
			char one[2] = { rest[i], 0 };

			if (!take(in, nb, one))
				break;
		}
		if (rest[0] == 'a' && i == 2 && take(in, nb, "(")) {
			while (take(in, nb, "0123456789abcdefghijklmnopqrstuvwxyz_"))
				;
			take(in, nb, ")");
		}
		return;
	}
	if (take(in, nb, "0") && take(in, nb, "x")) {
		take_mantissa(in, nb, "0123456789abcdef");
		if (take(in, nb, "p")) {
			take(in, nb, "+-");
			while (take(in, nb, "0123456789"))
				;
		}
		return;
	}
	take_mantissa(in, nb, "0123456789");
	if (take(in, nb, "e")) {
		take(in, nb, "+-");
		while (take(in, nb, "0123456789"))
			;
	}
}

static void store_int(void *p, int len, unsigned long long v)
{
	switch (len) {
	case LEN_HH: *(unsigned char *)p = v; break;
	case LEN_H: *(unsigned short *)p = v; break;
	case LEN_L: case LEN_Z: case LEN_T: *(unsigned long *)p = v; break;
	case LEN_LL: case LEN_J: case LEN_BIGL: *(unsigned long long *)p = v; break;
	default: *(unsigned *)p = v; break;
	}
}

/* %d %i %u %o %x %p: 1 if converted (and stored unless dst is NULL), 0 if not */
static int conv_int(struct scan_in *in, char c, int width, int len, void *dst)
{
	struct numbuf nb = { .len = 0, .max = width > 0 && width < NUM_MAX ? width : NUM_MAX };
	int base = c == 'd' || c == 'u' ? 10 : c == 'o' ? 8 : c == 'i' ? 0 : 16;
	unsigned long long v;
	char *end;

	base = scan_int_text(in, &nb, base);
	nb.s[nb.len] = 0;
	if (c == 'd' || c == 'i')
		v = (unsigned long long)strtoll(nb.s, &end, base);
	else
		v = strtoull(nb.s, &end, base);
	if (end == nb.s) // not even a digit
		return 0;
	if (dst)
		store_int(dst, c == 'p' ? LEN_L : len, v);
	return 1;
}

static int conv_float(struct scan_in *in, int width, int len, void *dst)
{
	struct numbuf nb = { .len = 0, .max = width > 0 && width < NUM_MAX ? width : NUM_MAX };
	char *end;

	scan_float_text(in, &nb);
	nb.s[nb.len] = 0;
	if (len == LEN_BIGL) {
		long double v = strtold(nb.s, &end);

		if (dst && end == nb.s + nb.len)
			*(long double *)dst = v;
	} else if (len == LEN_L) {
		double v = strtod(nb.s, &end);

		if (dst && end == nb.s + nb.len)
			*(double *)dst = v;
	} else {
		float v = strtof(nb.s, &end);

		if (dst && end == nb.s + nb.len)
			*(float *)dst = v;
	}
	return nb.len && end == nb.s + nb.len;
}

/*
 * "%[...]": *pp is just after '['; set[c] = 1 for accepted bytes; returns
 * the format just after the closing ']' (or the end of the format).
 */
static const char *parse_set(const char *p, unsigned char set[256])
{
	int neg = 0, i;

	memset(set, 0, 256);
	if (*p == '^')
		neg = 1, p++;
	if (*p == ']')
		set[']'] = 1, p++;
	for (; *p && *p != ']'; p++) {
		if (p[0] == '-' && p[-1] != '[' && p[1] && p[1] != ']' &&
		    (unsigned char)p[-1] <= (unsigned char)p[1]) {
			for (i = (unsigned char)p[-1]; i <= (unsigned char)p[1]; i++)
				set[i] = 1;
			p++;
		} else {
			set[(unsigned char)*p] = 1;
		}
	}
	if (neg)
		for (i = 0; i < 256; i++)
			set[i] = !set[i];
	set[0] = 0;
	return *p ? p + 1 : p;
}

/* %s %c %[: 1 if at least one byte matched */
static int conv_chars(struct scan_in *in, char c, int width, const unsigned char *set, char *dst)
{
	int n = 0, ch;

	if (width <= 0)
		width = c == 'c' ? 1 : INT_MAX;
	while (n < width) {
		ch = in_get(in);
		if (ch < 0)
			break;
		if ((c == 's' && is_space(ch)) || (c == '[' && !set[ch])) {
			in_unget(in, ch);
			break;
		}
		if (dst)
			dst[n] = (char)ch;
		n++;
	}
	if (dst && c != 'c' && n)
		dst[n] = 0;
	return c == 'c' ? n == width : n > 0;
}

static const char *parse_len(const char *p, int *len)
{
	*len = LEN_NONE;
	switch (*p) {
	case 'h': p++; *len = LEN_H; if (*p == 'h') p++, *len = LEN_HH; break;
	case 'l': p++; *len = LEN_L; if (*p == 'l') p++, *len = LEN_LL; break;
	case 'q': case 'L': p++; *len = LEN_BIGL; break;
	case 'j': p++; *len = LEN_J; break;
	case 'z': p++; *len = LEN_Z; break;
	case 't': p++; *len = LEN_T; break;
	}
	return p;
}

int __scan_run(struct scan_in *in, const char *fmt, va_list ap0)
{
	const char *p = fmt;
	int assigned = 0, converted = 0, c;
	unsigned char set[256];
	va_list ap;

	va_copy(ap, ap0);
	while (*p) {
		int suppress = 0, width = 0, len, ok;
		char conv;
		void *dst = NULL;

		if (is_space((unsigned char)*p)) {
			while (is_space((unsigned char)*p))
				p++;
			skip_space(in);
			continue;
		}
		if (*p != '%' || p[1] == '%') {
			if (*p == '%') {
				p++;
				if (skip_space(in))
					goto input_failure;
			}
			c = in_get(in);
			if (c < 0)
				goto input_failure;
			if (c != (unsigned char)*p) {
				in_unget(in, c);
				goto out;
			}
			p++;
			continue;
		}
		p++;
		if (*p == '*')
			suppress = 1, p++;
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		p = parse_len(p, &len);
		conv = *p++;
		if (!conv)
			goto out;
		if (conv == 'n') {
			if (!suppress)
				store_int(va_arg(ap, void *), len, in->count);
			continue;
		}
		if (conv != 'c' && conv != '[' && skip_space(in))
			goto input_failure;
		if (!suppress)
			dst = va_arg(ap, void *);
		if (conv >= 'A' && conv <= 'Z' && conv != 'X')
			conv += 'a' - 'A'; // %E %F %G %A
		switch (conv) {
		case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p':
			ok = conv_int(in, conv == 'X' ? 'x' : conv, width, len, dst);
			break;
		case 'e': case 'f': case 'g': case 'a':
			ok = conv_float(in, width, len, dst);
			break;
		case '[':
			p = parse_set(p, set);
			ok = conv_chars(in, conv, width, set, dst);
			break;
		case 's': case 'c':
			ok = conv_chars(in, conv, width, NULL, dst);
			break;
		default:
			goto out;
		}
		if (!ok) {
			c = in_get(in); // ended by the input running out?
			in_unget(in, c);
			if (c < 0 && !converted)
				goto input_failure;
			goto out;
		}
		converted++;
		if (!suppress)
			assigned++;
	}
	goto out;
input_failure:
	if (!converted)
		assigned = EOF;
out:
	va_end(ap);
	return assigned;
}

/* ---- sources ---- */

static int str_get(struct scan_in *in)
{
	return *in->s ? (unsigned char)*in->s++ : -1;
}

static void str_unget(struct scan_in *in, int c)
{
	(void)c;
	in->s--;
}

int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
{
	struct scan_in in = { str_get, str_unget, NULL, s, 0 };

	return __scan_run(&in, fmt, ap);
}

int sscanf(const char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsscanf(s, fmt, ap);
	va_end(ap);
	return r;
}

static int file_get(struct scan_in *in)
{
	return fgetc(in->ctx);
}

static void file_unget(struct scan_in *in, int c)
{
	ungetc(c, in->ctx);
}

int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct scan_in in = { file_get, file_unget, f, NULL, 0 };

	return __scan_run(&in, fmt, ap);
}

int fscanf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfscanf(f, fmt, ap);
	va_end(ap);
	return r;
}

int vscanf(const char *restrict fmt, va_list ap)
{
	return vfscanf(stdin, fmt, ap);
}

int scanf(const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfscanf(stdin, fmt, ap);
	va_end(ap);
	return r;
}
