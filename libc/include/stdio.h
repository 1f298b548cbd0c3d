/*
 * stdio.h - buffered streams, formatted input and output (C11 7.21, with
 * the POSIX additions dprintf, getline, fdopen, fileno, fseeko/ftello).
 *
 * FILE is opaque: its layout lives in libc/src/stdio/stdio_impl.h.
 * stdout is line buffered on a terminal and fully buffered otherwise,
 * stderr is unbuffered, stdin fully buffered; reading that must go to
 * the descriptor (stdin, or any line-buffered or unbuffered stream)
 * flushes the line-buffered output streams first, as glibc does.
 * printf output follows glibc's byte for byte (see libc/src/stdio/).
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct __lom_file FILE;

/* an fpos_t is the offset ftello returns (no multibyte shift state) */
typedef struct {
	off_t __pos;
} fpos_t;

#define BUFSIZ 8192
#define EOF (-1)
#define FOPEN_MAX 1000
#define FILENAME_MAX 4096
#define L_tmpnam 20
#define TMP_MAX 10000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin stdin
#define stdout stdout
#define stderr stderr

/* opening and closing */
FILE *fopen(const char *restrict path, const char *restrict mode);
FILE *fdopen(int fd, const char *mode);
FILE *freopen(const char *restrict path, const char *restrict mode, FILE *restrict f);
int fclose(FILE *f);
int fflush(FILE *f);
void setbuf(FILE *restrict f, char *restrict buf);
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size);
int fileno(FILE *f);

/* state */
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);

/* positioning */
int fseek(FILE *f, long off, int whence);
long ftell(FILE *f);
int fseeko(FILE *f, off_t off, int whence);
off_t ftello(FILE *f);
void rewind(FILE *f);
int fgetpos(FILE *restrict f, fpos_t *restrict pos);
int fsetpos(FILE *f, const fpos_t *pos);

/* characters and lines */
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *restrict s, int size, FILE *restrict f);
ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f);
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim, FILE *restrict f);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict f);
int puts(const char *s);

/* blocks */
size_t fread(void *restrict buf, size_t size, size_t n, FILE *restrict f);
size_t fwrite(const void *restrict buf, size_t size, size_t n, FILE *restrict f);

/* formatted output */
int printf(const char *restrict fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
int dprintf(int fd, const char *restrict fmt, ...) __attribute__((__format__(__printf__, 2, 3)));
int sprintf(char *restrict s, const char *restrict fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
int asprintf(char **restrict s, const char *restrict fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
int vprintf(const char *restrict fmt, va_list ap) __attribute__((__format__(__printf__, 1, 0)));
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
	__attribute__((__format__(__printf__, 2, 0)));
int vdprintf(int fd, const char *restrict fmt, va_list ap)
	__attribute__((__format__(__printf__, 2, 0)));
int vsprintf(char *restrict s, const char *restrict fmt, va_list ap)
	__attribute__((__format__(__printf__, 2, 0)));
int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
	__attribute__((__format__(__printf__, 3, 0)));
int vasprintf(char **restrict s, const char *restrict fmt, va_list ap)
	__attribute__((__format__(__printf__, 2, 0)));

/* formatted input */
int scanf(const char *restrict fmt, ...) __attribute__((__format__(__scanf__, 1, 2)));
int fscanf(FILE *restrict f, const char *restrict fmt, ...)
	__attribute__((__format__(__scanf__, 2, 3)));
int sscanf(const char *restrict s, const char *restrict fmt, ...)
	__attribute__((__format__(__scanf__, 2, 3)));
int vscanf(const char *restrict fmt, va_list ap) __attribute__((__format__(__scanf__, 1, 0)));
int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
	__attribute__((__format__(__scanf__, 2, 0)));
int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
	__attribute__((__format__(__scanf__, 2, 0)));

/* errors and files */
void perror(const char *s);
int remove(const char *path);

#endif
