/*
 * libc/src/string/strlen.c - strlen, strnlen, strchr, strchrnul, strrchr:
 * the scans for a terminator, an aligned word at a time (word.h).
 */
#include <string.h>

#include "word.h"

size_t strlen(const char *s)
{
	const char *p = s;
	const aligned_word *w;

	for (; (uintptr_t)p % WORD_SIZE; p++)
		if (!*p)
			return (size_t)(p - s);
	for (w = (const aligned_word *)p; !has_zero(*w); w++)
		;
	for (p = (const char *)w; *p; p++)
		;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	const char *end = memchr(s, 0, max);

	return end ? (size_t)(end - s) : max;
}

char *strchrnul(const char *s, int c)
{
	unsigned char ch = (unsigned char)c;
	uint64_t pattern = broadcast(ch);
	const aligned_word *w;

	if (!ch)
		return (char *)s + strlen(s);
	for (; (uintptr_t)s % WORD_SIZE; s++)
		if (!*s || *(const unsigned char *)s == ch)
			return (char *)s;
	for (w = (const aligned_word *)s; !has_zero(*w) && !has_zero(*w ^ pattern); w++)
		;
	for (s = (const char *)w; *s && *(const unsigned char *)s != ch; s++)
		;
	return (char *)s;
}

char *strchr(const char *s, int c)
{
	char *p = strchrnul(s, c);

	return *(unsigned char *)p == (unsigned char)c ? p : NULL;
}

char *strrchr(const char *s, int c)
{
	return memrchr(s, c, strlen(s) + 1);
}
