/*
 * libc/src/stdio/getc.c - reading: fgetc/getc/getchar, ungetc, fgets,
 * getdelim/getline, fread.  All go through __stdio_to_read() and
 * __stdio_fill() (file.c), which keep the read-side invariants.
 *
 * ungetc pushes into the buffer just before rpos: the UNGET_SLACK bytes in
 * front of the data guarantee room for UNGET_SLACK pushed-back bytes.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stdio_impl.h"

int fgetc(FILE *f)
{
	if (f->dir == DIR_READ && f->rpos < f->rend)
		return *f->rpos++;
	if (__stdio_to_read(f))
		return EOF;
	if (f->rpos < f->rend)
		return *f->rpos++;
	return __stdio_fill(f);
}

int getc(FILE *f)
{
	return fgetc(f);
}

int getchar(void)
{
	return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
	if (c == EOF || __stdio_to_read(f) || f->rpos == f->base)
		return EOF;
	*--f->rpos = (unsigned char)c;
	f->flags &= ~F_EOF;
	return (unsigned char)c;
}

/*
 * Bytes up to and including delim (or to EOF) into *line, grown with
 * realloc as needed and NUL-terminated; the count, or -1 at EOF before
 * any byte or on error (errno EINVAL for NULL arguments, ENOMEM).
 */
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim, FILE *restrict f)
{
	size_t len = 0;

	if (!line || !cap) {
		errno = EINVAL;
		f->flags |= F_ERR;
		return -1;
	}
	if (!*line)
		*cap = 0;
	if (__stdio_to_read(f))
		return -1;
	for (;;) {
		unsigned char *nl;
		size_t k;

		if (f->rpos == f->rend) {
			int c = __stdio_fill(f);

			if (c == EOF)
				break;
			f->rpos--; // leave it in the buffer for the copy below
		}
		nl = memchr(f->rpos, delim, f->rend - f->rpos);
		k = nl ? (size_t)(nl - f->rpos + 1) : (size_t)(f->rend - f->rpos);
		if (len + k + 1 > *cap) {
			size_t ncap = (len + k + 1) * 2;
			char *p;

			if (ncap < 120)
				ncap = 120;
			p = realloc(*line, ncap);
			if (!p) {
				errno = ENOMEM;
				f->flags |= F_ERR;
				return -1;
			}
			*line = p;
			*cap = ncap;
		}
		memcpy(*line + len, f->rpos, k);
		f->rpos += k;
		len += k;
		if (nl)
			break;
	}
	if (!len || (f->flags & F_ERR))
		return -1;
	(*line)[len] = 0;
	return len > SSIZE_MAX ? -1 : (ssize_t)len;
}

ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f)
{
	return getdelim(line, cap, '\n', f);
}

char *fgets(char *restrict s, int size, FILE *restrict f)
{
	size_t len = 0;

	if (size <= 0) {
		errno = EINVAL;
		return NULL;
	}
	if (__stdio_to_read(f))
		return NULL;
	while (len + 1 < (size_t)size) {
		unsigned char *nl;
		size_t k;

		if (f->rpos == f->rend) {
			if (__stdio_fill(f) == EOF)
				break;
			f->rpos--;
		}
		k = f->rend - f->rpos;
		if (k > size - 1 - len)
			k = size - 1 - len;
		nl = memchr(f->rpos, '\n', k);
		if (nl)
			k = nl - f->rpos + 1;
		memcpy(s + len, f->rpos, k);
		f->rpos += k;
		len += k;
		if (nl)
			break;
	}
	if ((!len && size > 1) || (f->flags & F_ERR))
		return NULL;
	s[len] = 0;
	return s;
}

size_t fread(void *restrict buf, size_t size, size_t n, FILE *restrict f)
{
	unsigned char *dst = buf;
	size_t total, done = 0;

	if (!size || !n)
		return 0;
	if (n > SIZE_MAX / size) {
		errno = EOVERFLOW;
		f->flags |= F_ERR;
		return 0;
	}
	total = size * n;
	if (__stdio_to_read(f))
		return 0;
	while (done < total) {
		size_t k = f->rend - f->rpos;

		if (k) { // buffered input first
			if (k > total - done)
				k = total - done;
			memcpy(dst + done, f->rpos, k);
			f->rpos += k;
			done += k;
		} else if (total - done >= f->size) { // big rest: straight into the caller's buffer
			ssize_t r;

			if (f->flags & F_EOF)
				break;
			if (f == stdin || (f->flags & (F_LBF | F_NBF)))
				__stdio_flush_lbf();
			r = read(f->fd, dst + done, total - done);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				f->flags |= r ? F_ERR : F_EOF;
				break;
			}
			done += r;
		} else {
			if (__stdio_fill(f) == EOF)
				break;
			f->rpos--;
		}
	}
	return done / size;
}
