/*
 * libc/src/stdio/file.c - the stream machinery under every stdio call:
 * stdin/stdout/stderr, the list of open streams, choosing the buffering,
 * switching a stream between reading and writing, filling and flushing
 * its buffer; also fflush, setvbuf/setbuf and __stdio_exit (exit's hook).
 *
 * Invariants (see struct __lom_file in stdio_impl.h):
 *   - dir == DIR_READ:  data in [rpos, rend) is unread; the descriptor's
 *     offset is just past rend.
 *   - dir == DIR_WRITE: data in [base + UNGET_SLACK, wpos) is not yet
 *     written; the descriptor's offset is where it will go.
 *   - dir == DIR_NONE:  the buffer holds nothing.
 *   - every open stream is on the list at __stdio_head exactly once; a
 *     closed one never is.
 * No locking yet (no threads); see the lock note in stdio_impl.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "stdio_impl.h"

static unsigned char stdin_buf[BUFSIZ + UNGET_SLACK];
static unsigned char stdout_buf[BUFSIZ + UNGET_SLACK];

static struct __lom_file f_stdin, f_stdout, f_stderr;

static struct __lom_file f_stdin = {
	.fd = 0, .flags = F_READ | F_STATIC,
	.base = stdin_buf, .size = BUFSIZ, .next = &f_stdout,
};
static struct __lom_file f_stdout = {
	.fd = 1, .flags = F_WRITE | F_STATIC,
	.base = stdout_buf, .size = BUFSIZ, .prev = &f_stdin, .next = &f_stderr,
};
static struct __lom_file f_stderr = {
	.fd = 2, .flags = F_WRITE | F_STATIC | F_NBF | F_MODESET, .prev = &f_stdout,
};

FILE *stdin = &f_stdin;
FILE *stdout = &f_stdout;
FILE *stderr = &f_stderr;

struct __lom_file *__stdio_head = &f_stdin;

void __stdio_link(FILE *f)
{
	f->prev = NULL;
	f->next = __stdio_head;
	if (__stdio_head)
		__stdio_head->prev = f;
	__stdio_head = f;
}

void __stdio_unlink(FILE *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else if (__stdio_head == f)
		__stdio_head = f->next;
	if (f->next)
		f->next->prev = f->prev;
	f->prev = f->next = NULL;
}

/* a terminal, by the test the kernel answers for every tty (TIOCGWINSZ) */
static int is_terminal(int fd)
{
	struct winsize ws;
	int saved = errno, r = ioctl(fd, TIOCGWINSZ, &ws) == 0;

	errno = saved;
	return r;
}

/*
 * Decide the buffering (line buffered on a terminal, else full) unless
 * setvbuf did, and get a buffer.  0, or EOF if the stream is closed.  A
 * failed malloc leaves the stream unbuffered rather than failing.
 */
int __stdio_setup(FILE *f)
{
	if (f->flags & F_CLOSED) {
		errno = EBADF;
		return EOF;
	}
	if (!(f->flags & F_MODESET)) {
		f->flags |= F_MODESET;
		if (is_terminal(f->fd))
			f->flags |= F_LBF;
	}
	if (f->base)
		return 0;
	if (!(f->flags & F_NBF)) {
		if (!f->size)
			f->size = BUFSIZ;
		f->base = malloc(f->size + UNGET_SLACK);
		if (f->base) {
			f->flags |= F_OWNBUF;
			return 0;
		}
		f->flags |= F_NBF;
	}
	f->base = f->tiny;
	f->size = 1;
	return 0;
}

/* write n bytes at s to the descriptor, through EINTR and short writes */
static int write_all(FILE *f, const unsigned char *s, size_t n)
{
	while (n) {
		ssize_t k = write(f->fd, s, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			f->flags |= F_ERR;
			return EOF;
		}
		s += k;
		n -= k;
	}
	return 0;
}

/*
 * Writing: send the pending output.  Reading: drop the unread input and
 * move the descriptor back over it where it can seek (a pipe cannot).
 * Either way the buffer is empty after; 0, or EOF on a write error (the
 * pending output is then dropped, the error flag set).
 */
int __stdio_flush(FILE *f)
{
	unsigned char *data;
	int r = 0;

	if (f->dir == DIR_NONE)
		return 0;
	data = f->base + UNGET_SLACK;
	if (f->dir == DIR_WRITE) {
		if (f->wpos > data)
			r = write_all(f, data, f->wpos - data);
		f->wpos = data;
	} else if (f->dir == DIR_READ) {
		if (f->rend > f->rpos) {
			int saved = errno;

			lseek(f->fd, -(off_t)(f->rend - f->rpos), SEEK_CUR);
			errno = saved;
		}
		f->rpos = f->rend = data;
		f->dir = DIR_NONE;
	}
	return r;
}

int __stdio_to_write(FILE *f)
{
	if (!(f->flags & F_WRITE) || (f->flags & F_CLOSED)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return EOF;
	}
	if (f->dir == DIR_WRITE)
		return 0;
	if (__stdio_setup(f))
		return EOF;
	__stdio_flush(f); // a reading stream gives its unread input back
	f->dir = DIR_WRITE;
	f->wpos = f->base + UNGET_SLACK;
	return 0;
}

int __stdio_to_read(FILE *f)
{
	if (!(f->flags & F_READ) || (f->flags & F_CLOSED)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return EOF;
	}
	if (f->dir == DIR_READ)
		return 0;
	if (__stdio_setup(f) || __stdio_flush(f))
		return EOF;
	f->dir = DIR_READ;
	f->rpos = f->rend = f->base + UNGET_SLACK;
	return 0;
}

/* output of every line-buffered stream: what a reader may be answering */
void __stdio_flush_lbf(void)
{
	FILE *f;

	for (f = __stdio_head; f; f = f->next)
		if ((f->flags & F_LBF) && f->dir == DIR_WRITE)
			__stdio_flush(f);
}

/* the buffer of a reading stream is empty: read more; the first byte or EOF */
int __stdio_fill(FILE *f)
{
	unsigned char *data = f->base + UNGET_SLACK;
	ssize_t n;

	if (f->flags & F_EOF) // sticky, as C11 and glibc >= 2.28
		return EOF;
	if (f == stdin || (f->flags & (F_LBF | F_NBF)))
		__stdio_flush_lbf();
	do
		n = read(f->fd, data, f->size);
	while (n < 0 && errno == EINTR);
	f->rpos = f->rend = data;
	if (n <= 0) {
		f->flags |= n ? F_ERR : F_EOF;
		return EOF;
	}
	f->rend = data + n;
	return *f->rpos++;
}

/*
 * Buffered write of n bytes on a stream in DIR_WRITE; returns how many
 * were taken (n unless an error was set).  A line-buffered stream is
 * flushed when a newline went in, an unbuffered one at once.
 */
size_t __stdio_write(FILE *f, const unsigned char *s, size_t n)
{
	unsigned char *data = f->base + UNGET_SLACK, *end = data + f->size;
	size_t done = 0;

	if (f->flags & F_NBF) {
		if (__stdio_flush(f) || write_all(f, s, n))
			return 0;
		return n;
	}
	while (done < n) {
		size_t k = n - done;

		if (f->wpos == data && k >= f->size) { // big and nothing pending: no copy
			if (write_all(f, s + done, k))
				return done;
			return n;
		}
		if (k > (size_t)(end - f->wpos))
			k = end - f->wpos;
		memcpy(f->wpos, s + done, k);
		f->wpos += k;
		done += k;
		if (f->wpos == end && __stdio_flush(f))
			return done - k;
	}
	if ((f->flags & F_LBF) && memchr(s, '\n', n) && __stdio_flush(f))
		return 0;
	return n;
}

int fflush(FILE *f)
{
	int r = 0;

	if (f)
		return __stdio_flush(f);
	for (f = __stdio_head; f; f = f->next)
		if (f->dir == DIR_WRITE && __stdio_flush(f))
			r = EOF;
	return r;
}

void __stdio_exit(void)
{
	fflush(NULL);
}

/*
 * Change the buffering.  A caller's buffer keeps UNGET_SLACK of its bytes
 * for ungetc; without one, one of `size` bytes is malloc'd at first use.
 * Meant before any I/O, but safe after: pending output is flushed first.
 */
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
		errno = EINVAL;
		return -1;
	}
	if (__stdio_flush(f))
		return -1;
	if (f->flags & F_OWNBUF)
		free(f->base);
	f->flags &= ~(F_LBF | F_NBF | F_OWNBUF);
	f->flags |= F_MODESET;
	f->base = NULL;
	f->size = 0;
	f->dir = DIR_NONE;
	if (mode == _IONBF) {
		f->flags |= F_NBF;
	} else {
		if (mode == _IOLBF)
			f->flags |= F_LBF;
		if (buf && size > 2 * UNGET_SLACK) {
			f->base = (unsigned char *)buf;
			f->size = size - UNGET_SLACK;
		} else if (size) {
			f->size = size;
		}
	}
	return 0;
}

void setbuf(FILE *restrict f, char *restrict buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}
