/*
 * kernel/strlcpy.c - strlcpy(), on its own so that host tests can build it
 * too (glibc before 2.38 has none; the rest of kernel/string.c would clash
 * with the host's libc).
 */
#include "kernel/string.h"

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
