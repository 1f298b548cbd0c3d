/*
 * libc/src/string/memcpy.c - memcpy, memmove, mempcpy, memccpy.
 *
 * Eight bytes per load and store, 32 per loop turn, with unaligned words
 * (x86-64 allows them at full speed); no `rep movsb`, which QEMU's TCG
 * runs one byte per iteration.  memmove copies backwards when dst lies
 * inside src.
 */
#include <string.h>

#include "word.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE, d += 4 * WORD_SIZE, s += 4 * WORD_SIZE) {
		uint64_t a = ((const unaligned_word *)s)[0], b = ((const unaligned_word *)s)[1];
		uint64_t c = ((const unaligned_word *)s)[2], e = ((const unaligned_word *)s)[3];
		((unaligned_word *)d)[0] = a;
		((unaligned_word *)d)[1] = b;
		((unaligned_word *)d)[2] = c;
		((unaligned_word *)d)[3] = e;
	}
	for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
		*(unaligned_word *)d = *(const unaligned_word *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n)	/* no harmful overlap: d before s, or apart */
		return memcpy(dst, src, n);
	/* d is inside [s, s+n): copy from the end, a word at a time */
	d += n;
	s += n;
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {
		d -= WORD_SIZE;
		s -= WORD_SIZE;
		*(unaligned_word *)d = *(const unaligned_word *)s;
	}
	while (n--)
		*--d = *--s;
	return dst;
}

void *mempcpy(void *restrict dst, const void *restrict src, size_t n)
{
	return (unsigned char *)memcpy(dst, src, n) + n;
}

void *memccpy(void *restrict dst, const void *restrict src, int c, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--) {
		if ((*d++ = *s++) == (unsigned char)c)
			return d;
	}
	return NULL;
}
