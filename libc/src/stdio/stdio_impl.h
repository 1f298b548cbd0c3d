/*
 * libc/src/stdio/stdio_impl.h - stdio's private half: the layout of FILE,
 * the list of open streams, and the format engines shared by the printf
 * and scanf families.
 *
 * The engines (vfprintf core, float formatting, scanf core) depend on no
 * FILE internals: with -DSTDIO_HOST_TEST only their part of this header
 * is seen, so they also build on the host against glibc's headers and can
 * be compared with glibc's printf (see tests/user/t_libc_stdio.c for the
 * in-tree checks).
 */
#ifndef LIBC_STDIO_IMPL_H
#define LIBC_STDIO_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- printf engine ---- */

/*
 * Where formatted output goes.  put() receives every piece in order; it
 * sets o->error on failure (then the engine returns -1).  count is the
 * total the engine produced, whatever put() could store.
 */
struct fmt_out {
	void (*put)(struct fmt_out *o, const char *s, size_t n);
	size_t count;
	int error;
	void *ctx; // the sink's own state (FILE, buffer, fd)
};

/* flags of struct fmt_spec */
#define FMT_LEFT  0x01 // '-'
#define FMT_PLUS  0x02 // '+'
#define FMT_SPACE 0x04 // ' '
#define FMT_ALT   0x08 // '#'
#define FMT_ZERO  0x10 // '0'
#define FMT_UPPER 0x20 // conversion letter was upper case

/* one parsed conversion: prec < 0 means "not given" */
struct fmt_spec {
	int flags;
	int width;
	int prec;
	char conv; // lower-case conversion letter
};

/*
 * A finite floating-point value m * 2^e with a sign, as both double and
 * long double decompose into: m has the explicit integer bit (53 bits used
 * for double, 64 for long double); m == 0 is zero.
 */
#define FP_FINITE 0
#define FP_INF    1
#define FP_NAN    2
struct fmt_fp {
	uint64_t m;
	int e;
	int neg;
	int cls;    // FP_FINITE, FP_INF, FP_NAN
	int is_ld;  // long double: changes the %a layout only
};

/* vfprintf.c: run fmt over ap into o; returns the count or -1 (errno set) */
int __fmt_run(struct fmt_out *o, const char *fmt, va_list ap);
/* vfprintf.c: n copies of c, with padding helpers used by fmt_float.c */
void __fmt_pad(struct fmt_out *o, char c, long n);
void __fmt_put(struct fmt_out *o, const char *s, size_t n);
/* fmt_float.c: one %e %f %g %a conversion of v */
void __fmt_float(struct fmt_out *o, const struct fmt_spec *sp, const struct fmt_fp *v);
void __fmt_split_double(double d, struct fmt_fp *v);
void __fmt_split_ldouble(long double d, struct fmt_fp *v);

/* ---- scanf engine ---- */

/* a character source: get() returns the next byte or -1, unget(c) puts back one */
struct scan_in {
	int (*get)(struct scan_in *in);
	void (*unget)(struct scan_in *in, int c);
	void *ctx;
	const char *s; // string sources
	size_t count;  // bytes consumed so far (%n)
};

/* vfscanf.c: returns the number of assignments, or EOF on input failure first */
int __scan_run(struct scan_in *in, const char *fmt, va_list ap);

#ifndef STDIO_HOST_TEST

#include <stdio.h>

/* ---- FILE ---- */

/*
 * One stream.  The buffer holds either unread input or pending output,
 * never both; `dir` says which.  UNGET_SLACK bytes in front of the data
 * let ungetc push back into the buffer:
 *
 *   base                 base+UNGET_SLACK                    base+UNGET_SLACK+size
 *   | ungetc room        | data ...                           |
 *                 rpos ^ unread input ^ rend        (reading)
 *                        ^ wpos = end of pending output        (writing)
 *
 * An unbuffered stream (_IONBF, or when malloc failed) uses the small
 * `tiny` array as its base, with a data size of 1.
 *
 * No threads yet: `lock` is a placeholder for the per-stream lock
 * (taken around each public call once threads exist; lock order: the
 * list lock `__stdio_list_lock` before any stream's lock).
 */
#define UNGET_SLACK 8

#define F_READ    0x001 // opened for reading
#define F_WRITE   0x002 // opened for writing
#define F_APPEND  0x004 // every write goes to the end (O_APPEND)
#define F_EOF     0x008 // end-of-file indicator
#define F_ERR     0x010 // error indicator
#define F_LBF     0x020 // line buffered
#define F_NBF     0x040 // unbuffered
#define F_MODESET 0x080 // buffering decided (else decided at first I/O)
#define F_OWNBUF  0x100 // base was malloc'd by us
#define F_STATIC  0x200 // stdin/stdout/stderr: never freed
#define F_CLOSED  0x400 // a static stream that was fclose'd

#define DIR_NONE  0
#define DIR_READ  1
#define DIR_WRITE 2

struct __lom_file {
	int fd;
	unsigned flags;
	int dir;                 // DIR_*: what the buffer holds now
	unsigned char *base;     // buffer incl. UNGET_SLACK bytes in front (NULL: not yet)
	size_t size;             // data bytes after the slack
	unsigned char *rpos, *rend; // unread input (DIR_READ)
	unsigned char *wpos;     // end of pending output (DIR_WRITE)
	unsigned char tiny[UNGET_SLACK + 1];
	int lock;                // placeholder, see above
	struct __lom_file *prev, *next; // every open stream (list head: __stdio_head)
};

extern struct __lom_file *__stdio_head;

/* file.c */
int __stdio_setup(FILE *f);          // decide buffering, get a buffer
int __stdio_flush(FILE *f);          // write pending output; 0 or EOF
int __stdio_to_read(FILE *f);        // switch to reading; 0 or EOF
int __stdio_to_write(FILE *f);       // switch to writing; 0 or EOF
int __stdio_fill(FILE *f);           // refill an empty read buffer: first byte or EOF
void __stdio_flush_lbf(void);        // flush every line-buffered output stream
size_t __stdio_write(FILE *f, const unsigned char *s, size_t n); // buffered write
void __stdio_link(FILE *f);
void __stdio_unlink(FILE *f);
FILE *__stdio_new(int fd, unsigned flags);
int __stdio_parse_mode(const char *mode, unsigned *fflags);
void __stdio_exit(void);

#endif /* !STDIO_HOST_TEST */

#endif
