/*
 * libc/src/string/strcmp.c - comparisons: strcmp, strncmp, strcasecmp,
 * strncasecmp, strcoll and strxfrm (the C locale: byte order).  Bytes
 * compare as unsigned char, as C requires.
 */
#include <string.h>
#include <strings.h>

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && *p == *q)
		p++, q++;
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	if (!n)
		return 0;
	while (--n && *p && *p == *q)
		p++, q++;
	return *p - *q;
}

static int lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int strcasecmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && lower(*p) == lower(*q))
		p++, q++;
	return lower(*p) - lower(*q);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	if (!n)
		return 0;
	while (--n && *p && lower(*p) == lower(*q))
		p++, q++;
	return lower(*p) - lower(*q);
}

int strcoll(const char *a, const char *b)
{
	return strcmp(a, b);
}

size_t strxfrm(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strlen(src);

	if (len < n)
		memcpy(dst, src, len + 1);
	return len;
}
