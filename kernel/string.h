/*
 * kernel/string.h - the mem and str functions the kernel uses.  The
 * prototypes are the standard C ones, so kernel code that is also built
 * on the host (host unit tests) gets the host libc's versions there.
 */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include "kernel/types.h"

void *memset(void *dst, int c, size_t n);
void clear_page(void *page);                   /* 4 KiB, page aligned */
void copy_page(void *to, const void *from);    /* 4 KiB, page aligned */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* Copy at most size-1 bytes and always NUL-terminate (size > 0); returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
