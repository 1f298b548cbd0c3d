/*
 * libc/malloc/malloc_internal.h - chunk layout, bins and the arena
 * (struct malloc_state) of lom's malloc.  Only malloc.c includes it.
 *
 * A chunk (all sizes multiples of 16, at least 32 bytes):
 *
 *   chunk ->  +--------------------------------+
 *             | prev_size: size of the previous | only valid if the previous
 *             | chunk, if it is free            | chunk is free (else its data)
 *             +--------------------------------+
 *             | size           |  N | M | P    | P PREV_INUSE: previous chunk in use
 *   mem   ->  +--------------------------------+ M IS_MMAPPED: own mapping
 *             | fd  (free: next in bin)        | N NON_MAIN_ARENA: reserved
 *             | bk  (free: previous in bin)    |
 *             | fd_nextsize, bk_nextsize       | large free chunks only
 *             | ...                            |
 *   next  ->  +--------------------------------+
 *             | prev_size (= our size if free; |  <- usable by us while in use
 *             |  our last 8 bytes otherwise)   |
 *             | size of next chunk |        P  |  P says whether we are in use
 *
 * So an in-use chunk gives its owner size - 8 bytes, and a request of n
 * bytes needs a chunk of (n + 8) rounded up to 16, at least 32.  A chunk
 * in the tcache or a fastbin still counts as "in use" for its neighbours
 * (P stays set): those caches never coalesce.
 *
 * An mmapped chunk: prev_size is the offset of the chunk from the start
 * of its mapping (memalign), size is the rest of the mapping; no next
 * chunk follows, so it gives size - 16 bytes.
 */
#ifndef LIBC_MALLOC_INTERNAL_H
#define LIBC_MALLOC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct malloc_chunk {
	size_t prev_size;
	size_t size;
	struct malloc_chunk *fd; /* free chunks only; tcache/fastbin: mangled */
	struct malloc_chunk *bk;
	struct malloc_chunk *fd_nextsize; /* large bins: next smaller size */
	struct malloc_chunk *bk_nextsize; /* large bins: next larger size */
};
typedef struct malloc_chunk *mchunkptr;

#define PREV_INUSE 0x1UL
#define IS_MMAPPED 0x2UL
#define NON_MAIN_ARENA 0x4UL
#define SIZE_BITS (PREV_INUSE | IS_MMAPPED | NON_MAIN_ARENA)

#define SIZE_SZ sizeof(size_t)
#define MALLOC_ALIGNMENT 16UL
#define MALLOC_ALIGN_MASK (MALLOC_ALIGNMENT - 1)
#define CHUNK_HDR (2 * SIZE_SZ) /* chunk -> mem */
#define MINSIZE 32UL
/* refuse requests this big at once: no size arithmetic can overflow below it */
#define MAX_REQUEST ((size_t)PTRDIFF_MAX - 2 * MALLOC_PAGE)

/* ---- bins ----
 * bin 0: unused; 1: unsorted; 2..63: small (one chunk size each, 32..1008);
 * 64..126: large (ranges growing by powers of 8, each kept sorted by size,
 * largest first, with a nextsize ring over the distinct sizes).
 */
#define NBINS 128
#define NSMALLBINS 64
#define MIN_LARGE_SIZE (NSMALLBINS * MALLOC_ALIGNMENT) /* 1024 */
#define UNSORTED_BIN 1

/* tcache: 64 classes (chunk sizes 32..1040), 7 entries each */
#define TCACHE_BINS 64
#define TCACHE_COUNT 7
#define TCACHE_MAX_CHUNK (MINSIZE + (TCACHE_BINS - 1) * MALLOC_ALIGNMENT)

/*
 * fastbins: chunk sizes 32..176 (requests up to 160 bytes, M_MXFAST's
 * ceiling).  The default limit is glibc's: requests up to 128 bytes
 * (chunks up to 144).
 */
#define NFASTBINS 10
#define MAX_FAST_REQUEST 160
#define DEFAULT_MXFAST 128

/* free() of a chunk this big consolidates the fastbins and considers trimming */
#define FASTBIN_CONSOLIDATION_THRESHOLD 65536UL

#define DEFAULT_TRIM_THRESHOLD (128 * 1024UL)
#define DEFAULT_TOP_PAD (128 * 1024UL)
#define DEFAULT_MMAP_THRESHOLD (128 * 1024UL)
#define DEFAULT_MMAP_THRESHOLD_MAX (32 * 1024 * 1024UL) /* 4 * 1 MiB * sizeof(long) */
#define DEFAULT_MMAP_MAX 65536
/* the heap grows by mmapped pieces at least this big when brk fails */
#define MMAP_AS_MORECORE_SIZE (1024 * 1024UL)

/* the unsorted bin is scanned at most this many chunks per malloc */
#define MAX_UNSORTED_ITERS 10000

/*
 * One arena.  lom has one; per-thread arenas would be more of these
 * (NON_MAIN_ARENA marks their chunks) chosen by a thread-local pointer.
 */
struct malloc_state {
	int lock; /* spinlock: 0 free, 1 held; guards everything below */

	int initialized;
	int have_fastchunks;
	int noncontiguous; /* the heap has pieces not in one brk region */
	size_t max_fast;   /* largest chunk size put in fastbins */

	mchunkptr fastbins[NFASTBINS]; /* heads, LIFO, fd mangled */
	mchunkptr top;                 /* the chunk at the end of the heap */
	mchunkptr last_remainder;      /* remainder of the last small split */
	/* bin i's fd/bk live at bins[2(i-1)], bins[2(i-1)+1]; see bin_at() */
	mchunkptr bins[NBINS * 2 - 2];
	uint64_t binmap[NBINS / 64]; /* bit set: bin may be non-empty */

	size_t system_mem;     /* heap bytes obtained from the system */
	size_t max_system_mem;
	char *brk_base;        /* start of our first brk region */
	char *brk_end;         /* the break as we left it (NULL: none yet) */
	char *top_clean;       /* top bytes at/above this were never handed out */
	char *fresh_from;      /* split_top(): the new chunk is zero from here (calloc) */
	struct malloc_chunk dummy_top; /* size 0: top before the first sbrk */
};

/* process-wide tunables and mmap counters (counters: atomics, no lock) */
struct malloc_params {
	size_t trim_threshold;
	size_t top_pad;
	size_t mmap_threshold;
	int n_mmaps_max;
	int no_dyn_threshold; /* mallopt fixed a threshold: no adaptation */
	int n_mmaps;
	int max_n_mmaps;
	size_t mmapped_mem;
	size_t max_mmapped_mem;
};

/* tcache: per thread, no lock.  Entries overlay the user data. */
struct tcache_entry {
	uintptr_t next; /* safe-linked: &next >> 12 ^ real pointer */
	uintptr_t key;  /* tcache_key while in a tcache: double-free check */
};

struct tcache {
	uint16_t counts[TCACHE_BINS];
	struct tcache_entry *entries[TCACHE_BINS];
};

/* ---- chunk accessors ---- */

#define chunk2mem(p) ((void *)((char *)(p) + CHUNK_HDR))
#define mem2chunk(mem) ((mchunkptr)((char *)(mem) - CHUNK_HDR))
#define chunksize(p) ((p)->size & ~SIZE_BITS)
#define prev_inuse(p) ((p)->size & PREV_INUSE)
#define chunk_is_mmapped(p) ((p)->size & IS_MMAPPED)
#define chunk_at(p, off) ((mchunkptr)((char *)(p) + (off)))
#define next_chunk(p) chunk_at(p, chunksize(p))
#define misaligned(x) ((uintptr_t)(x) & MALLOC_ALIGN_MASK)

static inline int inuse_bit_at(mchunkptr p, size_t off)
{
	return chunk_at(p, off)->size & PREV_INUSE;
}

static inline void set_inuse_bit_at(mchunkptr p, size_t off)
{
	chunk_at(p, off)->size |= PREV_INUSE;
}

static inline void clear_inuse_bit_at(mchunkptr p, size_t off)
{
	chunk_at(p, off)->size &= ~PREV_INUSE;
}

/* size and flags, keeping nothing */
static inline void set_head(mchunkptr p, size_t sz)
{
	p->size = sz;
}

/* size only, keeping p's flags */
static inline void set_head_size(mchunkptr p, size_t sz)
{
	p->size = (p->size & SIZE_BITS) | sz;
}

/* a free chunk's size repeated in the next chunk's prev_size */
static inline void set_foot(mchunkptr p, size_t sz)
{
	chunk_at(p, sz)->prev_size = sz;
}

/* n bytes asked -> chunk size; n <= MAX_REQUEST */
static inline size_t request2size(size_t n)
{
	size_t sz = (n + SIZE_SZ + MALLOC_ALIGN_MASK) & ~MALLOC_ALIGN_MASK;

	return sz < MINSIZE ? MINSIZE : sz;
}

/* ---- safe-linking: single-linked next pointers stored as ptr ^ (field >> 12) ---- */

static inline uintptr_t protect_ptr(const void *field, const void *ptr)
{
	return ((uintptr_t)field >> 12) ^ (uintptr_t)ptr;
}

static inline void *reveal_ptr(const void *field, uintptr_t stored)
{
	return (void *)(((uintptr_t)field >> 12) ^ stored);
}

/* ---- bin indexing ---- */

static inline size_t tcache_index(size_t csize)
{
	return (csize >> 4) - 2;
}

static inline size_t fastbin_index(size_t csize)
{
	return (csize >> 4) - 2;
}

static inline int in_smallbin_range(size_t csize)
{
	return csize < MIN_LARGE_SIZE;
}

static inline size_t smallbin_index(size_t csize)
{
	return csize >> 4;
}

/*
 * Large bins, 63 of them, each a range of sizes growing geometrically
 * (dlmalloc's spacing): 32 bins 64 bytes wide starting at 1024, then 16
 * of 512, 8 of 4 KiB, 4 of 32 KiB, 2 of 256 KiB, and one for the rest.
 */
static inline size_t largebin_index(size_t csize)
{
	size_t off = csize - MIN_LARGE_SIZE;

	if (off < 32 * 64UL)
		return 64 + (off >> 6);
	off -= 32 * 64UL;
	if (off < 16 * 512UL)
		return 96 + (off >> 9);
	off -= 16 * 512UL;
	if (off < 8 * 4096UL)
		return 112 + (off >> 12);
	off -= 8 * 4096UL;
	if (off < 4 * 32768UL)
		return 120 + (off >> 15);
	off -= 4 * 32768UL;
	if (off < 2 * 262144UL)
		return 124 + (off >> 18);
	return 126;
}

static inline size_t bin_index(size_t csize)
{
	return in_smallbin_range(csize) ? smallbin_index(csize) : largebin_index(csize);
}

/*
 * The bin headers are pairs of pointers, not whole chunks: bin_at(i) is
 * the address a chunk would have if its fd/bk were bin i's pair, so list
 * code treats the header like any chunk (only fd/bk are ever touched).
 */
static inline mchunkptr bin_at(struct malloc_state *m, size_t i)
{
	return (mchunkptr)((char *)&m->bins[(i - 1) * 2] - offsetof(struct malloc_chunk, fd));
}

static inline void mark_bin(struct malloc_state *m, size_t i)
{
	m->binmap[i >> 6] |= 1ULL << (i & 63);
}

static inline void unmark_bin(struct malloc_state *m, size_t i)
{
	m->binmap[i >> 6] &= ~(1ULL << (i & 63));
}

#endif
