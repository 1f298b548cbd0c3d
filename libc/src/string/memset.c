/* libc/src/string/memset.c - memset, bzero: whole words, then the tail. */
#include <string.h>
#include <strings.h>

#include "word.h"

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	uint64_t w = broadcast((unsigned char)c);

	for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE, p += 4 * WORD_SIZE) {
		((unaligned_word *)p)[0] = w;
		((unaligned_word *)p)[1] = w;
		((unaligned_word *)p)[2] = w;
		((unaligned_word *)p)[3] = w;
	}
	for (; n >= WORD_SIZE; n -= WORD_SIZE, p += WORD_SIZE)
		*(unaligned_word *)p = w;
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void bzero(void *s, size_t n)
{
	memset(s, 0, n);
}
