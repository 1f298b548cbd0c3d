/*
 * libc/src/stdio/fseek.c - stream positions: fseek/fseeko, ftell/ftello,
 * rewind, fgetpos/fsetpos.  The position of a stream is the descriptor's
 * offset, less the unread input, plus the pending output (file.c's
 * invariants).  A seek empties the buffer and clears the EOF indicator.
 */
#include <errno.h>
#include <unistd.h>

#include "stdio_impl.h"

int fseeko(FILE *f, off_t off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) {
		errno = EINVAL;
		return -1;
	}
	if (f->dir == DIR_WRITE && __stdio_flush(f))
		return -1;
	if (f->dir == DIR_READ) {
		if (whence == SEEK_CUR)
			off -= f->rend - f->rpos;
		f->rpos = f->rend = f->base + UNGET_SLACK;
	}
	if (lseek(f->fd, off, whence) < 0)
		return -1;
	f->dir = DIR_NONE;
	f->flags &= ~F_EOF;
	return 0;
}

int fseek(FILE *f, long off, int whence)
{
	return fseeko(f, off, whence);
}

off_t ftello(FILE *f)
{
	off_t pos;

	// appending: the pending output lands at the end, wherever that is now
	if ((f->flags & F_APPEND) && f->dir == DIR_WRITE && __stdio_flush(f))
		return -1;
	pos = lseek(f->fd, 0, SEEK_CUR);
	if (pos < 0)
		return -1;
	if (f->dir == DIR_READ)
		pos -= f->rend - f->rpos;
	else if (f->dir == DIR_WRITE)
		pos += f->wpos - (f->base + UNGET_SLACK);
	return pos;
}

long ftell(FILE *f)
{
	return ftello(f);
}

void rewind(FILE *f)
{
	fseeko(f, 0, SEEK_SET);
	f->flags &= ~F_ERR;
}

int fgetpos(FILE *restrict f, fpos_t *restrict pos)
{
	off_t off = ftello(f);

	if (off < 0)
		return -1;
	pos->__pos = off;
	return 0;
}

int fsetpos(FILE *f, const fpos_t *pos)
{
	return fseeko(f, pos->__pos, SEEK_SET);
}
