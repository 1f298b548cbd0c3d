/*
 * libc/malloc/malloc_os.h - everything the malloc core asks of the system.
 *
 * malloc.c builds unchanged in three settings: inside lom's libc (its
 * headers in libc/include), on a Linux host against glibc with
 * -DMALLOC_PREFIX=lom_ (sanitizer tests, fuzzer), and on a Linux host
 * replacing glibc's malloc (benchmarks).  So it reaches the OS only
 * through the standard calls below: sbrk, mmap, munmap, mremap, madvise,
 * sched_yield, getenv, write, abort.
 *
 * Compile-time switches:
 *   MALLOC_USE_SBRK=0   never call sbrk: the heap grows by mmapped pieces
 *                       only (the "brk failed" path, always)
 *   MALLOC_USE_MREMAP=0 realloc of an mmapped chunk copies instead
 */
#ifndef LIBC_MALLOC_OS_H
#define LIBC_MALLOC_OS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mremap, MAP_ANONYMOUS, sbrk on glibc */
#endif

#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MALLOC_USE_SBRK
#define MALLOC_USE_SBRK 1
#endif
#ifndef MALLOC_USE_MREMAP
#define MALLOC_USE_MREMAP 1
#endif

/* x86-64 Linux system call numbers, for the trace records only */
#define MALLOC_SYS_MMAP 9
#define MALLOC_SYS_MUNMAP 11
#define MALLOC_SYS_BRK 12
#define MALLOC_SYS_MREMAP 25

#define MALLOC_PAGE 4096UL /* x86-64: no need to ask sysconf */

/* a fresh, zeroed, private mapping of len bytes, or NULL */
static inline void *os_map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static inline void os_unmap(void *p, size_t len)
{
	munmap(p, len);
}

/* move/resize a mapping (may move it); NULL on failure */
static inline void *os_remap(void *p, size_t old_len, size_t new_len)
{
#if MALLOC_USE_MREMAP
	void *q = mremap(p, old_len, new_len, MREMAP_MAYMOVE);

	return q == MAP_FAILED ? NULL : q;
#else
	(void)p, (void)old_len, (void)new_len;
	return NULL;
#endif
}

/* the pages in [p, p+len) may be dropped; they read back as zero */
static inline int os_discard(void *p, size_t len)
{
	return madvise(p, len, MADV_DONTNEED);
}

/* sbrk(incr); NULL on failure (not (void *)-1) */
static inline void *os_sbrk(intptr_t incr)
{
#if MALLOC_USE_SBRK
	void *p = sbrk(incr);

	return p == (void *)-1 ? NULL : p;
#else
	(void)incr;
	return NULL;
#endif
}

static inline void os_yield(void)
{
	sched_yield();
}

/* write all of s to fd 2 in one call (messages must not interleave) */
static inline void os_write_err(const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(2, s, len);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

/* a per-process secret: time stamp counter mixed with ASLR'd addresses */
static inline uint64_t os_random_seed(void)
{
	uint64_t x = __builtin_ia32_rdtsc();
	int local;

	x ^= (uint64_t)(uintptr_t)&local * 0x9e3779b97f4a7c15ULL;
	x ^= (uint64_t)(uintptr_t)&os_random_seed << 17;
	/* splitmix64 finalizer */
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

#endif
