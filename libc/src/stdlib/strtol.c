/*
 * libc/src/stdlib/strtol.c - text to integers: strtol, strtoul, strtoll,
 * strtoull, strtoimax, strtoumax, atoi, atol, atoll.
 *
 * One parser, parse_integer(), does whitespace, sign, base prefix and
 * digits with overflow detection on the magnitude; the callers clamp to
 * their type's range and set ERANGE as C requires (strtoul("-1") is
 * ULONG_MAX: the negation happens in the unsigned type).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (islower(c))
		return c - 'a' + 10;
	if (isupper(c))
		return c - 'A' + 10;
	return 99;
}

/*
 * Parses s; *negative says whether a '-' came first; returns the magnitude
 * (clamped at ULLONG_MAX with *overflow set).  *end is s when no digits.
 */
static unsigned long long parse_integer(const char *s, char **end, int base, int *negative,
					int *overflow)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long long value = 0;
	int any = 0, d;

	*negative = 0;
	*overflow = 0;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (isspace(*p))
		p++;
	if (*p == '+' || *p == '-')
		*negative = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (; (d = digit_value(*p)) < base; p++) {
		any = 1;
		if (value > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
			*overflow = 1;
		else
			value = value * (unsigned)base + (unsigned)d;
	}
	if (end)
		*end = (char *)(any ? (const char *)p : s);
	return *overflow ? ULLONG_MAX : value;
}

static long long to_signed(const char *s, char **end, int base, long long min, long long max)
{
	int negative, overflow;
	unsigned long long mag = parse_integer(s, end, base, &negative, &overflow);

	if (negative) {
		if (overflow || mag > (unsigned long long)max + 1) {
			errno = ERANGE;
			return min;
		}
		return (long long)(0 - mag);
	}
	if (overflow || mag > (unsigned long long)max) {
		errno = ERANGE;
		return max;
	}
	return (long long)mag;
}

static unsigned long long to_unsigned(const char *s, char **end, int base, unsigned long long max)
{
	int negative, overflow;
	unsigned long long mag = parse_integer(s, end, base, &negative, &overflow);

	if (overflow || mag > max) {
		errno = ERANGE;
		return max;
	}
	return negative ? (0 - mag) & max : mag;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	return (long)to_signed(s, end, base, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	return to_signed(s, end, base, LLONG_MIN, LLONG_MAX);
}

intmax_t strtoimax(const char *restrict s, char **restrict end, int base)
{
	return to_signed(s, end, base, INTMAX_MIN, INTMAX_MAX);
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	return (unsigned long)to_unsigned(s, end, base, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
	return to_unsigned(s, end, base, ULLONG_MAX);
}

uintmax_t strtoumax(const char *restrict s, char **restrict end, int base)
{
	return to_unsigned(s, end, base, UINTMAX_MAX);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}
