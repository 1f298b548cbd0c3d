/*
 * libc/src/string/memcmp.c - memcmp, bcmp, memchr, memrchr, memmem.
 * memcmp skips equal words, then finds the first differing byte;
 * memchr scans aligned words for the byte (see word.h).
 */
#include <string.h>
#include <strings.h>

#include "word.h"

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n >= WORD_SIZE; n -= WORD_SIZE, p += WORD_SIZE, q += WORD_SIZE)
		if (*(const unaligned_word *)p != *(const unaligned_word *)q)
			break;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

int bcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	unsigned char ch = (unsigned char)c;
	uint64_t pattern = broadcast(ch);

	for (; n && ((uintptr_t)p % WORD_SIZE); n--, p++)
		if (*p == ch)
			return (void *)p;
	for (; n >= WORD_SIZE; n -= WORD_SIZE, p += WORD_SIZE)
		if (has_zero(*(const aligned_word *)p ^ pattern))
			break;
	for (; n; n--, p++)
		if (*p == ch)
			return (void *)p;
	return NULL;
}

void *memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n--)
		if (*--p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
	const unsigned char *h = hay, *end;

	if (nlen == 0)
		return (void *)hay;
	if (hlen < nlen)
		return NULL;
	end = h + hlen - nlen;
	for (; (h = memchr(h, *(const unsigned char *)needle, (size_t)(end - h) + 1)); h++)
		if (memcmp(h, needle, nlen) == 0)
			return (void *)h;
	return NULL;
}
