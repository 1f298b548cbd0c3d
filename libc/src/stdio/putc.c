/*
 * libc/src/stdio/putc.c - unformatted output: fputc/putc/putchar, fputs,
 * puts, fwrite.  All go through __stdio_to_write() and __stdio_write()
 * (file.c), which keep the write-side invariants and the buffering mode.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "stdio_impl.h"

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	// fast path: room in a fully buffered stream
	if (f->dir == DIR_WRITE && !(f->flags & (F_LBF | F_NBF)) &&
	    f->wpos < f->base + UNGET_SLACK + f->size) {
		*f->wpos++ = ch;
		return ch;
	}
	if (__stdio_to_write(f) || __stdio_write(f, &ch, 1) != 1)
		return EOF;
	return ch;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict f)
{
	size_t n = strlen(s);

	if (__stdio_to_write(f) || __stdio_write(f, (const unsigned char *)s, n) != n)
		return EOF;
	return 1; // "a non-negative number": glibc's
}

/* s and a newline; the count written (at most INT_MAX) as glibc */
int puts(const char *s)
{
	size_t n = strlen(s);

	if (__stdio_to_write(stdout) || __stdio_write(stdout, (const unsigned char *)s, n) != n ||
	    __stdio_write(stdout, (const unsigned char *)"\n", 1) != 1)
		return EOF;
	return n + 1 > INT_MAX ? INT_MAX : (int)(n + 1);
}

size_t fwrite(const void *restrict buf, size_t size, size_t n, FILE *restrict f)
{
	size_t total;

	if (!size || !n)
		return 0;
	if (n > SIZE_MAX / size) {
		errno = EOVERFLOW;
		f->flags |= F_ERR;
		return 0;
	}
	total = size * n;
	if (__stdio_to_write(f))
		return 0;
	return __stdio_write(f, buf, total) / size;
}
