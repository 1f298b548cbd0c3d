/*
 * libc/src/stdio/fopen.c - creating and destroying streams: fopen,
 * fdopen, freopen, fclose; the small accessors fileno, feof, ferror,
 * clearerr; remove and perror.
 *
 * A stream from fopen/fdopen is malloc'd and linked on the open list;
 * fclose unlinks and frees it.  stdin/stdout/stderr are static: fclose
 * only marks them closed (F_CLOSED) and freopen brings them back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stdio_impl.h"

/*
 * mode "r" "w" "a", then any of "+" "b" "e" (O_CLOEXEC) "x" (O_EXCL):
 * the open(2) flags, with the F_* flags in *fflags; -1 if invalid.
 */
int __stdio_parse_mode(const char *mode, unsigned *fflags)
{
	int oflags;
	const char *p;

	switch (mode[0]) {
	case 'r': oflags = O_RDONLY, *fflags = F_READ; break;
	case 'w': oflags = O_WRONLY | O_CREAT | O_TRUNC, *fflags = F_WRITE; break;
	case 'a': oflags = O_WRONLY | O_CREAT | O_APPEND, *fflags = F_WRITE | F_APPEND; break;
	default: return -1;
	}
	for (p = mode + 1; *p; p++) {
		if (*p == '+') {
			oflags = (oflags & ~O_WRONLY) | O_RDWR;
			*fflags |= F_READ | F_WRITE;
		} else if (*p == 'e') {
			oflags |= O_CLOEXEC;
		} else if (*p == 'x') {
			oflags |= O_EXCL;
		} else if (*p == ',') {
			break; // glibc's ",ccs=": ignored
		}
		// 'b' and anything else glibc ignores: ignored
	}
	return oflags;
}

/* a new stream on fd, linked; NULL (errno ENOMEM) if out of memory */
FILE *__stdio_new(int fd, unsigned flags)
{
	FILE *f = malloc(sizeof(*f));

	if (!f) {
		errno = ENOMEM;
		return NULL;
	}
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->flags = flags;
	__stdio_link(f);
	return f;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
	unsigned flags;
	int oflags = __stdio_parse_mode(mode, &flags), fd;
	FILE *f;

	if (oflags < 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = open(path, oflags, 0666);
	if (fd < 0)
		return NULL;
	f = __stdio_new(fd, flags);
	if (!f)
		close(fd);
	return f;
}

/* "a" on a descriptor without O_APPEND gets it, as glibc does */
FILE *fdopen(int fd, const char *mode)
{
	unsigned flags;
	int fl;

	if (__stdio_parse_mode(mode, &flags) < 0) {
		errno = EINVAL;
		return NULL;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return NULL;
	if ((flags & F_APPEND) && !(fl & O_APPEND) && fcntl(fd, F_SETFL, fl | O_APPEND) < 0)
		return NULL;
	return __stdio_new(fd, flags);
}

/* drop f's buffer (if ours) and reset its state to "nothing buffered" */
static void release_buffer(FILE *f)
{
	if (f->flags & F_OWNBUF)
		free(f->base);
	f->base = NULL;
	f->flags &= ~F_OWNBUF;
	f->dir = DIR_NONE;
}

int fclose(FILE *f)
{
	int r = 0;

	if (f->flags & F_CLOSED) {
		errno = EBADF;
		return EOF;
	}
	if (f->dir == DIR_WRITE && __stdio_flush(f))
		r = EOF;
	if (f->dir == DIR_READ)
		__stdio_flush(f); // a seekable input leaves its offset where we were
	if (close(f->fd) < 0)
		r = EOF;
	__stdio_unlink(f);
	if (f->flags & F_STATIC) {
		// keep the static buffer (not F_OWNBUF) for a later freopen
		if (f->flags & F_OWNBUF)
			release_buffer(f);
		f->dir = DIR_NONE;
		f->flags = (f->flags & F_STATIC) | F_CLOSED;
		return r;
	}
	release_buffer(f);
	free(f);
	return r;
}

/*
 * Reopen f on path (same FILE object, same place in the open list).  A
 * NULL path keeps the descriptor and only changes the stream's mode.
 */
FILE *freopen(const char *restrict path, const char *restrict mode, FILE *restrict f)
{
	unsigned flags;
	int oflags = __stdio_parse_mode(mode, &flags), fd;

	if (!(f->flags & F_CLOSED)) {
		fflush(f);
		if (path)
			close(f->fd);
		__stdio_unlink(f);
	}
	release_buffer(f);
	f->flags = (f->flags & F_STATIC) | F_CLOSED;
	if (oflags < 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = f->fd;
	if (path) {
		fd = open(path, oflags, 0666);
		if (fd < 0)
			return NULL;
	}
	f->fd = fd;
	f->flags = (f->flags & F_STATIC) | flags;
	f->size = 0;
	__stdio_link(f);
	return f;
}

int fileno(FILE *f)
{
	if (f->flags & F_CLOSED) {
		errno = EBADF;
		return -1;
	}
	return f->fd;
}

int feof(FILE *f)
{
	return !!(f->flags & F_EOF);
}

int ferror(FILE *f)
{
	return !!(f->flags & F_ERR);
}

void clearerr(FILE *f)
{
	f->flags &= ~(F_EOF | F_ERR);
}

/* unlink, or rmdir for a directory, as glibc's remove */
int remove(const char *path)
{
	int r = unlink(path);

	if (r < 0 && errno == EISDIR)
		r = rmdir(path);
	return r;
}

void perror(const char *s)
{
	const char *msg = strerror(errno);

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, msg);
	else
		fprintf(stderr, "%s\n", msg);
}
