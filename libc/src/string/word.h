/*
 * libc/src/string/word.h - the word-at-a-time tricks shared by the string
 * functions: unaligned 8-byte loads and stores, and "does this word hold
 * a zero byte" (Alan Mycroft's test: (x - 0x01..01) & ~x & 0x80..80 is
 * nonzero exactly when some byte of x is zero).
 *
 * Scans that look for a terminator only ever read whole *aligned* words,
 * which cannot cross into the next page, so they never fault past the
 * end of a string.
 */
#ifndef LIBC_STRING_WORD_H
#define LIBC_STRING_WORD_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t __attribute__((__may_alias__, __aligned__(1))) unaligned_word;
typedef uint64_t __attribute__((__may_alias__)) aligned_word;

#define WORD_SIZE sizeof(uint64_t)
#define ONES 0x0101010101010101UL
#define HIGHS 0x8080808080808080UL

static inline int has_zero(uint64_t x)
{
	return ((x - ONES) & ~x & HIGHS) != 0;
}

/* c in every byte of a word */
static inline uint64_t broadcast(unsigned char c)
{
	return ONES * c;
}

#endif
