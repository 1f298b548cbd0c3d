/*
 * libc/src/stdio/printf.c - the printf family: each builds a struct
 * fmt_out sink around the engine in vfprintf.c.
 *
 *   stream   vfprintf & co: into the FILE's buffer (an unbuffered stream
 *            gets a stack buffer for the call, so one printf is one
 *            write, as with glibc)
 *   string   vsnprintf & co: up to n-1 bytes, always NUL-terminated
 *   malloc   vasprintf: a buffer grown with realloc
 *   fd       vdprintf: a stack buffer written to the descriptor
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stdio_impl.h"

/*
 * A stack buffer in front of a sink that is costly per call: an
 * unbuffered stream, or a descriptor.  put fills it, drain empties it.
 */
struct buffered_sink {
	void (*drain)(struct fmt_out *o); /* writes buf[0, len) and sets len = 0 */
	FILE *f;			  /* stream sinks */
	int fd;				  /* descriptor sinks */
	size_t len;
	char buf[512];
};

static void buffered_put(struct fmt_out *o, const char *s, size_t n)
{
	struct buffered_sink *bs = o->ctx;

	while (n && !o->error) {
		size_t k = sizeof(bs->buf) - bs->len;

		if (k > n)
			k = n;
		memcpy(bs->buf + bs->len, s, k);
		bs->len += k;
		s += k;
		n -= k;
		if (bs->len == sizeof(bs->buf))
			bs->drain(o);
	}
}

/* ---- streams ---- */

/* a buffered stream: straight into the FILE's own buffer */
static void stream_put(struct fmt_out *o, const char *s, size_t n)
{
	struct buffered_sink *bs = o->ctx;

	if (__stdio_write(bs->f, (const unsigned char *)s, n) != n)
		o->error = 1;
}

static void stream_drain(struct fmt_out *o)
{
	struct buffered_sink *bs = o->ctx;

	if (bs->len && __stdio_write(bs->f, (const unsigned char *)bs->buf, bs->len) != bs->len)
		o->error = 1;
	bs->len = 0;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct buffered_sink bs; /* fields set one by one: no need to clear buf */
	struct fmt_out o = { stream_put, 0, 0, &bs };
	int r;

	bs.drain = stream_drain;
	bs.f = f;
	bs.fd = -1;
	bs.len = 0;
	if (__stdio_to_write(f))
		return -1;
	if (f->flags & F_NBF)
		o.put = buffered_put;
	r = __fmt_run(&o, fmt, ap);
	if (f->flags & F_NBF)
		stream_drain(&o);
	if (o.error) {
		f->flags |= F_ERR;
		return -1;
	}
	return r;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- strings ---- */

struct str_sink {
	char *s;
	size_t cap; // bytes the caller gave, NUL included
	size_t len; // bytes stored
};

static void str_put(struct fmt_out *o, const char *s, size_t n)
{
	struct str_sink *ss = o->ctx;

	if (ss->cap && ss->len < ss->cap - 1) {
		size_t room = ss->cap - 1 - ss->len;

		if (n > room)
			n = room;
		memcpy(ss->s + ss->len, s, n);
		ss->len += n;
	}
}

int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
{
	struct str_sink ss = { s, n, 0 };
	struct fmt_out o = { str_put, 0, 0, &ss };
	int r;

	r = __fmt_run(&o, fmt, ap);
	if (n)
		s[ss.len] = 0;
	return r;
}

int vsprintf(char *restrict s, const char *restrict fmt, va_list ap)
{
	return vsnprintf(s, SIZE_MAX, fmt, ap);
}

int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}

int sprintf(char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(s, SIZE_MAX, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- malloc'd strings ---- */

static void grow_put(struct fmt_out *o, const char *s, size_t n)
{
	struct str_sink *ss = o->ctx;

	if (ss->len + n + 1 > ss->cap) {
		size_t ncap = (ss->len + n + 1) * 2;
		char *p = realloc(ss->s, ncap);

		if (!p) {
			errno = ENOMEM;
			o->error = 1;
			return;
		}
		ss->s = p;
		ss->cap = ncap;
	}
	memcpy(ss->s + ss->len, s, n);
	ss->len += n;
}

/* *s = the result (free it), or NULL with -1 on failure */
int vasprintf(char **restrict s, const char *restrict fmt, va_list ap)
{
	struct str_sink ss = { malloc(64), 64, 0 };
	struct fmt_out o = { grow_put, 0, 0, &ss };
	int r;

	*s = NULL;
	if (!ss.s)
		return -1;
	r = __fmt_run(&o, fmt, ap);
	if (r < 0) {
		free(ss.s);
		return -1;
	}
	ss.s[ss.len] = 0;
	*s = ss.s;
	return r;
}

int asprintf(char **restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- descriptors ---- */

static void fd_drain(struct fmt_out *o)
{
	struct buffered_sink *fs = o->ctx;
	const char *p = fs->buf;

	while (fs->len && !o->error) {
		ssize_t k = write(fs->fd, p, fs->len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			o->error = 1;
			break;
		}
		p += k;
		fs->len -= k;
	}
	fs->len = 0;
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	struct buffered_sink fs; /* fields set one by one: no need to clear buf */
	struct fmt_out o = { buffered_put, 0, 0, &fs };
	int r;

	fs.drain = fd_drain;
	fs.f = NULL;
	fs.fd = fd;
	fs.len = 0;
	r = __fmt_run(&o, fmt, ap);
	fd_drain(&o);
	return o.error ? -1 : r;
}

int dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vdprintf(fd, fmt, ap);
	va_end(ap);
	return r;
}
