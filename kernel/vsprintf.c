/*
 * kernel/vsprintf.c - printf-style formatting into a bounded buffer.
 *
 * One pass over the format; every character goes through emit(), which
 * counts it and stores it only while there is room, so truncation and the
 * C99 return value come out of the same code.  No allocation, no locks:
 * safe to call from any context, including panic and trap handlers.
 */
#include "kernel/vsprintf.h"
#include "kernel/string.h"

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, stored or not */
};

static void emit(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void emit_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

enum {
	F_LEFT = 1 << 0,  /* '-' */
	F_ZERO = 1 << 1,  /* '0' */
	F_PLUS = 1 << 2,  /* '+' */
	F_SPACE = 1 << 3, /* ' ' */
	F_ALT = 1 << 4,   /* '#' */
};

struct spec {
	int flags;
	int width;     /* -1: none */
	int precision; /* -1: none */
};

static void emit_padded(struct out *o, const struct spec *sp, const char *s, int len)
{
	int pad = sp->width > len ? sp->width - len : 0;

	if (!(sp->flags & F_LEFT))
		emit_repeat(o, ' ', pad);
	for (int i = 0; i < len; i++)
		emit(o, s[i]);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

/*
 * Format an integer: sign or prefix, precision zeros, digits, with width
 * padding by spaces (either side) or, with '0' and no precision, by zeros
 * between the prefix and the digits.
 */
static void emit_number(struct out *o, const struct spec *sp, uint64_t v, bool negative,
			unsigned base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	if (v == 0 && sp->precision == 0)
		n = 0; /* "%.0d" of 0 prints no digits */
	else
		do {
			tmp[n++] = digits[v % base];
			v /= base;
		} while (v);

	char sign = negative ? '-' : (sp->flags & F_PLUS) ? '+' : (sp->flags & F_SPACE) ? ' ' : 0;
	int prefix_len = (sign ? 1 : 0) + (int)strlen(prefix);
	int zeros = sp->precision > n ? sp->precision - n : 0;
	int body = prefix_len + zeros + n;
	int pad = sp->width > body ? sp->width - body : 0;

	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & F_LEFT))
		emit_repeat(o, ' ', pad);
	if (sign)
		emit(o, sign);
	for (const char *p = prefix; *p; p++)
		emit(o, *p);
	emit_repeat(o, '0', zeros);
	while (n)
		emit(o, tmp[--n]);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

static uint64_t fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR: return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT: return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG: return va_arg(*ap, unsigned long);
	case LEN_LLONG: return va_arg(*ap, unsigned long long);
	case LEN_SIZE: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR: return (signed char)va_arg(*ap, int);
	case LEN_SHORT: return (short)va_arg(*ap, int);
	case LEN_LONG: return va_arg(*ap, long);
	case LEN_LLONG: return va_arg(*ap, long long);
	case LEN_SIZE: return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

/* Parse a width or precision: digits or '*'.  Advances *fmt. */
static int parse_count(const char **fmt, va_list *ap, bool *from_arg)
{
	int v = 0;

	*from_arg = false;
	if (**fmt == '*') {
		(*fmt)++;
		*from_arg = true;
		return va_arg(*ap, int);
	}
	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

static const char *parse_length(const char *f, enum length *len)
{
	*len = LEN_INT;
	switch (*f) {
	case 'h':
		*len = LEN_SHORT;
		if (*++f == 'h') {
			*len = LEN_CHAR;
			f++;
		}
		break;
	case 'l':
		*len = LEN_LONG;
		if (*++f == 'l') {
			*len = LEN_LLONG;
			f++;
		}
		break;
	case 'z': case 't': case 'j':
		*len = *f == 'j' ? LEN_LLONG : LEN_SIZE;
		f++;
		break;
	}
	return f;
}

static const char *parse_spec(const char *f, va_list *ap, struct spec *sp)
{
	bool from_arg;

	sp->flags = 0;
	for (;; f++) {
		if (*f == '-') sp->flags |= F_LEFT;
		else if (*f == '0') sp->flags |= F_ZERO;
		else if (*f == '+') sp->flags |= F_PLUS;
		else if (*f == ' ') sp->flags |= F_SPACE;
		else if (*f == '#') sp->flags |= F_ALT;
		else break;
	}
	sp->width = parse_count(&f, ap, &from_arg);
	if (from_arg && sp->width < 0) { /* "%*d" with a negative width means '-' */
		sp->flags |= F_LEFT;
		sp->width = -sp->width;
	}
	sp->precision = -1;
	if (*f == '.') {
		f++;
		sp->precision = parse_count(&f, ap, &from_arg);
		if (sp->precision < 0)
			sp->precision = -1;
	}
	return f;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		if (*fmt != '%') {
			emit(&o, *fmt++);
			continue;
		}
		const char *start = fmt++;
		struct spec sp;
		enum length len;

		fmt = parse_spec(fmt, &ap, &sp);
		fmt = parse_length(fmt, &len);
		char conv = *fmt;
		if (conv)
			fmt++;

		switch (conv) {
		case 'd': case 'i': {
			int64_t v = fetch_signed(&ap, len);
			emit_number(&o, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, "");
			break;
		}
		case 'u':
			sp.flags &= ~(F_PLUS | F_SPACE);
			emit_number(&o, &sp, fetch_unsigned(&ap, len), false, 10, false, "");
			break;
		case 'x': case 'X': {
			sp.flags &= ~(F_PLUS | F_SPACE);
			uint64_t v = fetch_unsigned(&ap, len);
			const char *prefix = (sp.flags & F_ALT) && v ? (conv == 'x' ? "0x" : "0X") : "";
			emit_number(&o, &sp, v, false, 16, conv == 'X', prefix);
			break;
		}
		case 'o': {
			sp.flags &= ~(F_PLUS | F_SPACE);
			uint64_t v = fetch_unsigned(&ap, len);
			emit_number(&o, &sp, v, false, 8, false, (sp.flags & F_ALT) && v ? "0" : "");
			break;
		}
		case 'p': {
			uint64_t v = (uintptr_t)va_arg(ap, void *);
			struct spec ps = { sp.flags & F_LEFT, sp.width, 16 };
			emit_number(&o, &ps, v, false, 16, false, "0x");
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			emit_padded(&o, &sp, &c, 1);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = sp.precision >= 0 ? strnlen(s, (size_t)sp.precision) : strlen(s);
			emit_padded(&o, &sp, s, (int)n);
			break;
		}
		case '%':
			emit(&o, '%');
			break;
		default: /* unknown or truncated: print it as written */
			while (start < fmt)
				emit(&o, *start++);
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
