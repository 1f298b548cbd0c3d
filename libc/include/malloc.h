/*
 * malloc.h - the malloc extensions of lom's libc (glibc-compatible), and
 * lom's tracing hook.  malloc/free/calloc/realloc/posix_memalign/
 * aligned_alloc/valloc are declared in <stdlib.h>; the allocator itself is
 * libc/malloc/malloc.c (ptmalloc2-style: tcache, fastbins, unsorted, small
 * and large bins, top chunk from brk, mmap for big blocks).
 *
 * MALLOC_PREFIX: host test builds compile libc/malloc/malloc.c with
 * -DMALLOC_PREFIX=lom_ so that every entry point is renamed (lom_malloc,
 * lom_free, lom_mallopt, lom_malloc_trace_hook ...) and lom's malloc runs
 * next to the host's.  This header then declares the prefixed names,
 * including the core ones <stdlib.h> would declare.
 */
#ifndef _MALLOC_H
#define _MALLOC_H

#include <stddef.h>

#ifdef MALLOC_PREFIX
#define MALLOC_NAME__(p, x) p##x
#define MALLOC_NAME_(p, x) MALLOC_NAME__(p, x)
#define MALLOC_NAME(x) MALLOC_NAME_(MALLOC_PREFIX, x)
void *MALLOC_NAME(malloc)(size_t size);
void MALLOC_NAME(free)(void *ptr);
void *MALLOC_NAME(calloc)(size_t nmemb, size_t size);
void *MALLOC_NAME(realloc)(void *ptr, size_t size);
void *MALLOC_NAME(reallocarray)(void *ptr, size_t nmemb, size_t size);
int MALLOC_NAME(posix_memalign)(void **memptr, size_t alignment, size_t size);
void *MALLOC_NAME(aligned_alloc)(size_t alignment, size_t size);
void *MALLOC_NAME(valloc)(size_t size);
#else
#define MALLOC_NAME(x) x
#endif

/* mallopt() parameters: glibc's numbers */
#define M_MXFAST 1          /* largest request served by fastbins (0..160, default 128) */
#define M_TRIM_THRESHOLD -1 /* top chunk size that makes free() shrink the heap (128 KiB) */
#define M_TOP_PAD -2        /* extra bytes asked of sbrk on every extension (128 KiB) */
#define M_MMAP_THRESHOLD -3 /* requests this big get their own mmap (128 KiB, adapts) */
#define M_MMAP_MAX -4       /* most mmapped chunks at once (65536) */
#define M_CHECK_ACTION -5   /* accepted, ignored */
#define M_PERTURB -6        /* accepted, ignored */
#define M_ARENA_TEST -7     /* accepted, ignored: one arena */
#define M_ARENA_MAX -8      /* accepted, ignored: one arena */

/* glibc's field meanings; every count is in bytes unless it says chunks */
struct mallinfo2 {
	size_t arena;    /* bytes of heap obtained with brk (and mmapped heap pieces) */
	size_t ordblks;  /* free chunks (the top chunk counts as one) */
	size_t smblks;   /* free chunks in fastbins */
	size_t hblks;    /* mmapped chunks */
	size_t hblkhd;   /* bytes in mmapped chunks */
	size_t usmblks;  /* always 0 */
	size_t fsmblks;  /* bytes in fastbin chunks */
	size_t uordblks; /* heap bytes in use (arena - fordblks) */
	size_t fordblks; /* heap bytes free, top included */
	size_t keepcost; /* size of the top chunk: what malloc_trim could give back */
};

int MALLOC_NAME(mallopt)(int param, int value);
int MALLOC_NAME(malloc_trim)(size_t pad);
size_t MALLOC_NAME(malloc_usable_size)(void *ptr);
struct mallinfo2 MALLOC_NAME(mallinfo2)(void);
void MALLOC_NAME(malloc_stats)(void);
void *MALLOC_NAME(memalign)(size_t alignment, size_t size);
void *MALLOC_NAME(pvalloc)(size_t size);

/*
 * lom extension: which layer served each call.  When malloc_trace_hook is
 * set, every malloc, calloc, realloc, free and memalign-family call
 * reports once, after the fact, with the allocator's lock released.  The
 * hook runs on the calling thread; allocator calls made from inside the
 * hook are served but not reported.  MALLOC_TRACE_LAYERS=1 in the
 * environment (read at the first allocation) installs a default hook that
 * writes one line per call to fd 2, e.g.
 *
 *   malloc_trace: malloc(1024) = 0x4c52a0 from tcache
 *   malloc_trace: malloc(200000) = 0x7f..010 from mmap(204800)
 *   malloc_trace: free(0x4c52a0) to top, sbrk(-135168)
 *
 * path, for allocations: "tcache", "fastbin", "smallbin", "unsorted",
 * "largebin", "top" (split off the top chunk), "sbrk" (the top had to
 * grow: syscall_len is the increment), "mmap" (own mapping, or the heap
 * grew by an mmapped piece because brk failed: syscall_len is its
 * length); realloc adds "inplace" (same block, shrunk or grown into a
 * free neighbour) and "mremap".  For free: "tcache", "fastbin",
 * "unsorted" (coalesced, waits in the unsorted bin), "top" (merged into
 * the top chunk; syscall_nr is SYS_brk when the heap was trimmed, by
 * syscall_len bytes), "munmap".  syscall_nr is the x86-64 Linux number
 * of the one system call the operation made (12 brk, 9 mmap, 11 munmap,
 * 25 mremap) or -1; syscall_ret is what it returned.
 */
struct malloc_trace {
	const char *func;   /* "malloc", "calloc", "realloc", "free", "memalign", ... */
	size_t request;     /* bytes asked for (calloc: nmemb * size) */
	void *result;       /* pointer returned (NULL for free or failure) */
	const char *path;   /* see above */
	long syscall_nr;    /* -1: no system call */
	size_t syscall_len;
	void *syscall_ret;
	void *ptr;          /* free/realloc: the pointer passed in */
	size_t align;       /* memalign family: the alignment, else 0 */
	size_t nmemb;       /* calloc: the element count (request = nmemb * size) */
};

extern void (*MALLOC_NAME(malloc_trace_hook))(const struct malloc_trace *t);

#endif
