/*
 * libc/malloc/malloc.c - lom's malloc, after glibc's ptmalloc2.
 *
 * Owns: the heap (one brk region, plus non-contiguous pieces when a
 * foreign sbrk moved the break or brk failed and mmap stood in), the
 * mmapped chunks of big requests, and every tunable of <malloc.h>.
 *
 * How a request is served, fastest first (chunk layout and bins:
 * malloc_internal.h):
 *
 *   tcache      per thread, 64 classes x 7 chunks (requests <= 1032 B),
 *               LIFO, no lock
 *   ---- arena lock from here on ----
 *   fastbins    chunk sizes <= max_fast (requests <= 128 B by default),
 *               LIFO, never coalesced until malloc_consolidate()
 *   smallbins   exact size (< 1024 B); a hit also refills the tcache
 *   unsorted    freed/split chunks wait here; each malloc sorts them into
 *               small/large bins, returning an exact fit on the way
 *   largebins   size-sorted, best fit, remainder back to unsorted
 *   binmap      the next non-empty bigger bin, split
 *   mmap        n >= mmap_threshold and no bin had a fit: its own mapping
 *               (before top: a fresh big request is always one mmap)
 *   top         split off the chunk at the end of the heap
 *   system      grow top with sbrk
 *               (+ top_pad), or with an mmapped piece when brk fails
 *
 * Invariants: chunks are 16-aligned, sizes multiples of 16, >= 32.  No
 * two free chunks in bins are adjacent (free coalesces), and a free chunk
 * is never adjacent to top.  A free chunk's size is repeated in the next
 * chunk's prev_size and the next chunk's PREV_INUSE is clear; tcache and
 * fastbin chunks count as in use.  Large-size chunks in the unsorted bin
 * have fd_nextsize == NULL.  Single-linked lists (tcache, fastbins) store
 * their next pointers safe-linked (ptr ^ (&field >> 12)).
 *
 * Locking: one spinlock per arena (struct malloc_state.lock) guards the
 * arena and its bins; the tcache is per thread and needs none.  The mmap
 * counters and thresholds in `mp` are read and written with relaxed
 * atomics (mmapped chunks are freed without the arena lock).  The trace
 * hook runs with no lock held.  There is only one arena (main_arena);
 * everything below takes the arena as an argument so per-thread arenas
 * can be added.
 *
 * One file on purpose: the benchmark harness and the host builds compile
 * this single .c, and the tcache paths must inline into malloc()/free().
 *
 * Corruption is fatal: the check writes glibc's message for it plus "\n"
 * to fd 2 in one write and aborts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "malloc_os.h"
#include "malloc_internal.h"
#include "../include/malloc.h"

#define PUB(name) MALLOC_NAME(name)
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

static struct malloc_state main_arena;

static struct malloc_params mp = {
	.trim_threshold = DEFAULT_TRIM_THRESHOLD,
	.top_pad = DEFAULT_TOP_PAD,
	.mmap_threshold = DEFAULT_MMAP_THRESHOLD,
	.n_mmaps_max = DEFAULT_MMAP_MAX,
};

/* owner thread only */
static __thread struct tcache tcache;
/* immutable after init: marks chunks in a tcache (double-free check) */
static uintptr_t tcache_key;

void (*PUB(malloc_trace_hook))(const struct malloc_trace *t);
static __thread int trace_busy; /* the hook is running on this thread */

#define TRACE_INIT(fn, n) { .func = (fn), .request = (n), .syscall_nr = -1 }

/* relaxed atomics for the process-wide parameters and counters */
#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define ADD(x, v) __atomic_add_fetch(&(x), (v), __ATOMIC_RELAXED)

/* flags for int_free_locked() */
#define FREE_NO_TRIM 0x1 /* do not consolidate/trim afterwards */

static void *int_malloc_locked(struct malloc_state *m, size_t nb, struct malloc_trace *tr);
static void int_free_locked(struct malloc_state *m, mchunkptr p, size_t size,
			    struct malloc_trace *tr, int flags);

/* ------------------------------------------------------------ errors */

/* glibc's message for the corruption, then abort (SIGABRT) */
static _Noreturn __attribute__((noinline, cold)) void malloc_printerr(const char *msg)
{
	char buf[128];
	size_t n = 0;

	while (msg[n] && n < sizeof(buf) - 1) {
		buf[n] = msg[n];
		n++;
	}
	buf[n++] = '\n';
	os_write_err(buf, n);
	abort();
}

/* ------------------------------------------------------------ locking */

static __attribute__((noinline)) void arena_lock_slow(struct malloc_state *m)
{
	for (;;) {
		for (int i = 0; i < 128; i++) {
			if (!__atomic_load_n(&m->lock, __ATOMIC_RELAXED) &&
			    !__atomic_exchange_n(&m->lock, 1, __ATOMIC_ACQUIRE))
				return;
			__builtin_ia32_pause();
		}
		os_yield();
	}
}

static inline void arena_lock(struct malloc_state *m)
{
	if (likely(!__atomic_exchange_n(&m->lock, 1, __ATOMIC_ACQUIRE)))
		return;
	arena_lock_slow(m);
}

#ifdef MALLOC_DEBUG
static void malloc_check_locked(struct malloc_state *m);
#endif

static inline void arena_unlock(struct malloc_state *m)
{
#ifdef MALLOC_DEBUG
	malloc_check_locked(m);
#endif
	__atomic_store_n(&m->lock, 0, __ATOMIC_RELEASE);
}

/* ------------------------------------------------------------ tracing */

/* a line being built for fd 2: no stdio, no malloc */
struct tbuf {
	char b[256];
	size_t n;
};

static void tb_str(struct tbuf *t, const char *s)
{
	while (*s && t->n < sizeof(t->b) - 1)
		t->b[t->n++] = *s++;
}

/* v in decimal, right-aligned in width columns (0: as is) */
static void tb_dec(struct tbuf *t, unsigned long v, int width)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (width-- > n && t->n < sizeof(t->b) - 1)
		t->b[t->n++] = ' ';
	while (n && t->n < sizeof(t->b) - 1)
		t->b[t->n++] = d[--n];
}

static void tb_hex(struct tbuf *t, uintptr_t v)
{
	char d[20];
	int n = 0;

	do {
		d[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	tb_str(t, "0x");
	while (n && t->n < sizeof(t->b) - 1)
		t->b[t->n++] = d[--n];
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* "(+135168)", "(266240)", ", sbrk(-4096)": the system call behind a path */
static void tb_syscall(struct tbuf *t, const struct malloc_trace *tr, int is_free)
{
	if (tr->syscall_nr == MALLOC_SYS_BRK) {
		if (is_free) {
			tb_str(t, ", sbrk(-");
		} else if (streq(tr->path, "sbrk")) {
			tb_str(t, "(+");
		} else {
			tb_str(t, " after sbrk(+");
		}
		tb_dec(t, tr->syscall_len, 0);
		tb_str(t, ")");
	} else if (tr->syscall_nr != -1) {
		tb_str(t, "(");
		tb_dec(t, tr->syscall_len, 0);
		tb_str(t, ")");
	}
}

/* the default hook (MALLOC_TRACE_LAYERS=1): one line per call on fd 2 */
static void trace_print(const struct malloc_trace *tr)
{
	struct tbuf t = { .n = 0 };
	int is_free = streq(tr->func, "free");

	tb_str(&t, "malloc_trace: ");
	tb_str(&t, tr->func);
	tb_str(&t, "(");
	if (is_free) {
		tb_hex(&t, (uintptr_t)tr->ptr);
		tb_str(&t, ") to ");
		tb_str(&t, tr->path ? tr->path : "?");
		tb_syscall(&t, tr, 1);
		tb_str(&t, "\n");
		os_write_err(t.b, t.n);
		return;
	}
	if (streq(tr->func, "realloc")) {
		tb_hex(&t, (uintptr_t)tr->ptr);
		tb_str(&t, ", ");
	} else if (streq(tr->func, "calloc")) {
		tb_dec(&t, tr->nmemb, 0);
		tb_str(&t, ", ");
	} else if (tr->align) {
		tb_dec(&t, tr->align, 0);
		tb_str(&t, ", ");
	}
	if (streq(tr->func, "calloc"))
		tb_dec(&t, tr->nmemb ? tr->request / tr->nmemb : 0, 0);
	else
		tb_dec(&t, tr->request, 0);
	tb_str(&t, ") = ");
	tb_hex(&t, (uintptr_t)tr->result);
	tb_str(&t, " from ");
	tb_str(&t, tr->path ? tr->path : "?");
	tb_syscall(&t, tr, 0);
	tb_str(&t, "\n");
	os_write_err(t.b, t.n);
}

/* report one call to the hook (none: nothing); never nested */
static __attribute__((noinline)) void trace_emit(const struct malloc_trace *tr)
{
	void (*hook)(const struct malloc_trace *) = PUB(malloc_trace_hook);

	if (!hook || trace_busy)
		return;
	trace_busy = 1;
	hook(tr);
	trace_busy = 0;
}

#define TRACING() unlikely(PUB(malloc_trace_hook) != NULL)

static __attribute__((noinline)) void trace_fast(const char *func, size_t n, void *ptr,
						 void *result, const char *path)
{
	struct malloc_trace tr = TRACE_INIT(func, n);

	tr.ptr = ptr;
	tr.result = result;
	tr.path = path;
	trace_emit(&tr);
}

static void trace_syscall(struct malloc_trace *tr, long nr, size_t len, void *ret)
{
	tr->syscall_nr = nr;
	tr->syscall_len = len;
	tr->syscall_ret = ret;
}

/* ------------------------------------------------------------ init */

static void malloc_init_locked(struct malloc_state *m)
{
	const char *env;

	for (size_t i = 1; i < NBINS; i++) {
		mchunkptr b = bin_at(m, i);

		b->fd = b->bk = b;
	}
	m->max_fast = request2size(DEFAULT_MXFAST);
	m->dummy_top.size = 0;
	m->top = &m->dummy_top;
	tcache_key = (uintptr_t)os_random_seed() | 1;
	env = getenv("MALLOC_TRACE_LAYERS");
	if (env && env[0] == '1' && env[1] == 0 && !PUB(malloc_trace_hook))
		PUB(malloc_trace_hook) = trace_print;
	__atomic_store_n(&m->initialized, 1, __ATOMIC_RELEASE);
}

static inline void ensure_init(struct malloc_state *m)
{
	if (likely(__atomic_load_n(&m->initialized, __ATOMIC_ACQUIRE)))
		return;
	arena_lock(m);
	if (!m->initialized)
		malloc_init_locked(m);
	arena_unlock(m);
}

/* ------------------------------------------------------------ tcache */

static inline void tcache_put(struct tcache *tc, mchunkptr p, size_t idx)
{
	struct tcache_entry *e = chunk2mem(p);

	e->key = tcache_key;
	e->next = protect_ptr(&e->next, tc->entries[idx]);
	tc->entries[idx] = e;
	tc->counts[idx]++;
}

static inline void *tcache_get(struct tcache *tc, size_t idx)
{
	struct tcache_entry *e = tc->entries[idx];

	if (unlikely(misaligned(e)))
		malloc_printerr("malloc(): unaligned tcache chunk detected");
	tc->entries[idx] = reveal_ptr(&e->next, e->next);
	tc->counts[idx]--;
	e->key = 0;
	return e;
}

/* e carries the tcache key: it is in a tcache, or its data looks like one */
static __attribute__((noinline)) void tcache_double_free(struct tcache *tc, size_t idx,
							 struct tcache_entry *e)
{
	struct tcache_entry *t = tc->entries[idx];

	for (unsigned n = 0; t && n <= tc->counts[idx]; n++) {
		if (misaligned(t))
			malloc_printerr("free(): unaligned chunk detected in tcache 2");
		if (t == e)
			malloc_printerr("free(): double free detected in tcache 2");
		t = reveal_ptr(&t->next, t->next);
	}
}

/* ------------------------------------------------------------ bins */

/* take free chunk p out of its bin, checking its links */
static void unlink_chunk(struct malloc_state *m, mchunkptr p)
{
	size_t size = chunksize(p);
	mchunkptr fd = p->fd, bk = p->bk;

	if (size != next_chunk(p)->prev_size)
		malloc_printerr("corrupted size vs. prev_size");
	if (fd->bk != p || bk->fd != p)
		malloc_printerr("corrupted double-linked list");
	fd->bk = bk;
	bk->fd = fd;
	if (in_smallbin_range(size) || !p->fd_nextsize)
		return;
	/* p heads its size in a large bin's nextsize ring */
	if (p->fd_nextsize->bk_nextsize != p || p->bk_nextsize->fd_nextsize != p)
		malloc_printerr("corrupted double-linked list (not small)");
	if (fd != bin_at(m, largebin_index(size)) && chunksize(fd) == size) {
		/* a chunk of the same size follows: it heads the size now */
		if (p->fd_nextsize == p) {
			fd->fd_nextsize = fd->bk_nextsize = fd;
		} else {
			fd->fd_nextsize = p->fd_nextsize;
			fd->bk_nextsize = p->bk_nextsize;
			fd->fd_nextsize->bk_nextsize = fd;
			fd->bk_nextsize->fd_nextsize = fd;
		}
	} else {
		p->fd_nextsize->bk_nextsize = p->bk_nextsize;
		p->bk_nextsize->fd_nextsize = p->fd_nextsize;
	}
}

/* free chunk p (size set, foot set) at the front of the unsorted bin */
static void unsorted_push(struct malloc_state *m, mchunkptr p, size_t size, const char *why)
{
	mchunkptr bck = bin_at(m, UNSORTED_BIN), fwd = bck->fd;

	if (fwd->bk != bck)
		malloc_printerr(why);
	p->fd = fwd;
	p->bk = bck;
	if (!in_smallbin_range(size))
		p->fd_nextsize = p->bk_nextsize = NULL;
	bck->fd = p;
	fwd->bk = p;
}

/*
 * Put a free chunk taken from the unsorted bin into its small bin, or
 * into its large bin keeping the order (largest first; the first chunk of
 * each distinct size is in the nextsize ring, the others follow it).
 */
static void bin_insert(struct malloc_state *m, mchunkptr p, size_t size)
{
	mchunkptr bck, fwd;
	size_t idx = bin_index(size);

	bck = bin_at(m, idx);
	fwd = bck->fd;
	if (!in_smallbin_range(size)) {
		if (fwd == bck) {
			p->fd_nextsize = p->bk_nextsize = p;
		} else if (size < chunksize(bck->bk)) {
			/* smallest so far: last, and the ring's new smallest */
			mchunkptr largest = fwd;

			fwd = bck;
			bck = bck->bk;
			p->fd_nextsize = largest;
			p->bk_nextsize = largest->bk_nextsize;
			largest->bk_nextsize->fd_nextsize = p;
			largest->bk_nextsize = p;
		} else {
			while (size < chunksize(fwd))
				fwd = fwd->fd_nextsize;
			if (size == chunksize(fwd)) {
				fwd = fwd->fd; /* behind the head of its size */
				p->fd_nextsize = p->bk_nextsize = NULL;
			} else {
				if (fwd->bk_nextsize->fd_nextsize != fwd)
					malloc_printerr("malloc(): largebin double linked list corrupted (nextsize)");
				p->fd_nextsize = fwd;
				p->bk_nextsize = fwd->bk_nextsize;
				fwd->bk_nextsize = p;
				p->bk_nextsize->fd_nextsize = p;
			}
			bck = fwd->bk;
			if (bck->fd != fwd)
				malloc_printerr("malloc(): largebin double linked list corrupted (bk)");
		}
	}
	mark_bin(m, idx);
	p->bk = bck;
	p->fd = fwd;
	fwd->bk = p;
	bck->fd = p;
}

/*
 * Merge free chunk p (size bytes, not in any bin, its neighbours'
 * flags still saying "in use") with its free neighbours and put the
 * result in the unsorted bin or into top.  Returns the merged size; *top
 * says whether it became (part of) the top chunk.
 */
static size_t coalesce_chunk(struct malloc_state *m, mchunkptr p, size_t size, int *to_top)
{
	mchunkptr next = chunk_at(p, size);
	size_t nextsize = chunksize(next);

	if (!prev_inuse(p)) {
		size_t prevsize = p->prev_size;

		p = (mchunkptr)((char *)p - prevsize);
		if (chunksize(p) != prevsize)
			malloc_printerr("corrupted size vs. prev_size while consolidating");
		size += prevsize;
		unlink_chunk(m, p);
	}
	if (next == m->top) {
		size += nextsize;
		set_head(p, size | PREV_INUSE);
		m->top = p;
		*to_top = 1;
		return size;
	}
	if (!inuse_bit_at(next, nextsize)) {
		unlink_chunk(m, next);
		size += nextsize;
	} else {
		clear_inuse_bit_at(next, 0);
	}
	unsorted_push(m, p, size, "free(): corrupted unsorted chunks");
	set_head(p, size | PREV_INUSE);
	set_foot(p, size);
	*to_top = 0;
	return size;
}

/* empty the fastbins: coalesce every chunk in them into unsorted or top */
static void malloc_consolidate(struct malloc_state *m)
{
	int to_top;

	m->have_fastchunks = 0;
	for (size_t i = 0; i < NFASTBINS; i++) {
		mchunkptr p = m->fastbins[i];

		m->fastbins[i] = NULL;
		while (p) {
			mchunkptr next;

			if (misaligned(p))
				malloc_printerr("malloc_consolidate(): unaligned fastbin chunk detected");
			if (fastbin_index(chunksize(p)) != i)
				malloc_printerr("malloc_consolidate(): invalid chunk size");
			next = reveal_ptr(&p->fd, (uintptr_t)p->fd);
			coalesce_chunk(m, p, chunksize(p), &to_top);
			p = next;
		}
	}
}

/* ------------------------------------------------------------ system memory */

static inline size_t page_up(size_t n)
{
	return (n + MALLOC_PAGE - 1) & ~(MALLOC_PAGE - 1);
}

static inline char *align_up16(char *p)
{
	return (char *)(((uintptr_t)p + MALLOC_ALIGN_MASK) & ~MALLOC_ALIGN_MASK);
}

static inline char *align_down16(char *p)
{
	return (char *)((uintptr_t)p & ~MALLOC_ALIGN_MASK);
}

static void count_mmap(long n, long bytes)
{
	int now = ADD(mp.n_mmaps, (int)n);
	size_t mem = ADD(mp.mmapped_mem, (size_t)bytes);

	if (n > 0 && now > LOAD(mp.max_n_mmaps))
		STORE(mp.max_n_mmaps, now);
	if (bytes > 0 && mem > LOAD(mp.max_mmapped_mem))
		STORE(mp.max_mmapped_mem, mem);
}

/* a chunk of its own mapping for nb bytes; NULL if mmap fails */
static void *mmap_chunk(size_t nb, struct malloc_trace *tr)
{
	size_t len = page_up(nb + SIZE_SZ);
	mchunkptr p = os_map(len);

	trace_syscall(tr, MALLOC_SYS_MMAP, len, p);
	if (!p)
		return NULL;
	p->prev_size = 0;
	set_head(p, len | IS_MMAPPED);
	count_mmap(1, (long)len);
	tr->path = "mmap";
	return chunk2mem(p);
}

static void munmap_chunk(mchunkptr p, struct malloc_trace *tr)
{
	size_t off = p->prev_size, size = chunksize(p);
	char *block = (char *)p - off;
	size_t total = off + size;

	if ((((uintptr_t)block | total) & (MALLOC_PAGE - 1)) || misaligned(chunk2mem(p)))
		malloc_printerr("munmap_chunk(): invalid pointer");
	count_mmap(-1, -(long)total);
	os_unmap(block, total);
	if (tr) {
		trace_syscall(tr, MALLOC_SYS_MUNMAP, total, NULL);
		tr->path = "munmap";
	}
}

/*
 * Make [start, start+size) the top chunk.  The old top, if any, is
 * fenced off with two 16-byte in-use chunks at its end (so nothing ever
 * coalesces across the gap) and the rest is freed.
 */
static void install_top(struct malloc_state *m, char *start, size_t size)
{
	mchunkptr old = m->top;
	size_t osize = chunksize(old);

	m->top = (mchunkptr)start;
	set_head(m->top, size | PREV_INUSE);
	m->top_clean = start;
	if (osize < MINSIZE)
		return; /* the dummy top */
	osize -= 2 * CHUNK_HDR;
	set_head(chunk_at(old, osize), CHUNK_HDR | PREV_INUSE);
	set_head(chunk_at(old, osize + CHUNK_HDR), CHUNK_HDR | PREV_INUSE);
	if (osize >= MINSIZE) {
		struct malloc_trace none = TRACE_INIT("free", 0);

		set_head_size(old, osize);
		int_free_locked(m, old, osize, &none, FREE_NO_TRIM);
	} else if (osize) {
		set_head_size(old, osize); /* 16 bytes lost for good */
	}
}

/* top ends where our brk region ends, and the break is still there */
static int top_at_brk(struct malloc_state *m)
{
	char *end = (char *)m->top + chunksize(m->top);

	return m->brk_end && chunksize(m->top) && end == align_down16(m->brk_end) &&
	       (char *)m->top >= m->brk_base && os_sbrk(0) == m->brk_end;
}

/*
 * Grow the heap so that top holds at least nb + MINSIZE bytes: sbrk
 * (twice at most: the second time if a foreign sbrk got in between),
 * else an mmapped piece.  Returns 0 when the system has no memory.
 */
static int extend_top(struct malloc_state *m, size_t nb, struct malloc_trace *tr)
{
	size_t want = nb + LOAD(mp.top_pad) + MINSIZE;
	size_t len;
	char *piece;

	for (int tries = 0; MALLOC_USE_SBRK && tries < 2; tries++) {
		mchunkptr top = m->top;
		size_t tsize = chunksize(top);
		int contiguous = top_at_brk(m);
		size_t incr = page_up(contiguous ? want - tsize : want + MALLOC_ALIGNMENT);
		char *brk, *end;

		if (incr > (size_t)PTRDIFF_MAX)
			break;
		brk = os_sbrk((intptr_t)incr);
		trace_syscall(tr, MALLOC_SYS_BRK, incr, brk);
		if (!brk)
			break;
		end = brk + incr;
		m->system_mem += incr;
		if (contiguous && brk == m->brk_end) {
			m->brk_end = end;
			set_head(top, (size_t)(align_down16(end) - (char *)top) | PREV_INUSE);
		} else {
			/* first region, or the break moved under us: a new piece */
			char *start = align_up16(brk);

			if (!m->brk_base)
				m->brk_base = brk;
			else
				m->noncontiguous = 1;
			m->brk_end = end;
			install_top(m, start, (size_t)(align_down16(end) - start));
		}
		if (m->system_mem > m->max_system_mem)
			m->max_system_mem = m->system_mem;
		if (chunksize(m->top) >= nb + MINSIZE) {
			tr->path = "sbrk";
			return 1;
		}
	}
	/* brk failed (or is off): a mapping stands in for the heap's next piece */
	len = page_up(want);
	if (len < MMAP_AS_MORECORE_SIZE)
		len = MMAP_AS_MORECORE_SIZE;
	piece = os_map(len);
	trace_syscall(tr, MALLOC_SYS_MMAP, len, piece);
	if (!piece)
		return 0;
	m->noncontiguous = 1;
	m->system_mem += len;
	if (m->system_mem > m->max_system_mem)
		m->max_system_mem = m->system_mem;
	install_top(m, piece, len);
	tr->path = "mmap";
	return 1;
}

/* give the end of top back with a negative sbrk, keeping pad bytes; 1 if done */
static int systrim(struct malloc_state *m, size_t pad, struct malloc_trace *tr)
{
	mchunkptr top = m->top;
	size_t size = chunksize(top), extra, released;
	char *cur, *now;

	if (size <= pad + MINSIZE || !top_at_brk(m))
		return 0;
	extra = (size - pad - MINSIZE) & ~(MALLOC_PAGE - 1);
	if (!extra)
		return 0;
	cur = m->brk_end;
	os_sbrk(-(intptr_t)extra);
	now = os_sbrk(0);
	if (!now || now >= cur)
		return 0;
	released = (size_t)(cur - now);
	m->brk_end = now;
	m->system_mem -= released;
	set_head(top, (size - released) | PREV_INUSE);
	if (m->top_clean > (char *)top + size - released)
		m->top_clean = (char *)top + size - released;
	trace_syscall(tr, MALLOC_SYS_BRK, released, now);
	return 1;
}

/* ------------------------------------------------------------ malloc core */

/* carve nb bytes off the top chunk (it has nb + MINSIZE at least) */
static void *split_top(struct malloc_state *m, size_t nb, struct malloc_trace *tr)
{
	mchunkptr p = m->top;
	size_t size = chunksize(p);
	mchunkptr rest = chunk_at(p, nb);
	char *mem = chunk2mem(p);

	if (unlikely(size > m->system_mem))
		malloc_printerr("malloc(): corrupted top size");
	set_head(p, nb | PREV_INUSE);
	set_head(rest, (size - nb) | PREV_INUSE);
	m->top = rest;
	/* for calloc: bytes at/above top_clean never left the kernel's zero pages */
	m->fresh_from = m->top_clean > mem ? m->top_clean : mem;
	if (m->top_clean < (char *)rest + CHUNK_HDR)
		m->top_clean = (char *)rest + CHUNK_HDR;
	if (!tr->path)
		tr->path = "top";
	return mem;
}

/* nb bytes off the front of free, unlinked chunk p of size bytes; rest to unsorted */
static void *split_chunk(struct malloc_state *m, mchunkptr p, size_t size, size_t nb,
			 int small_request)
{
	size_t rsize = size - nb;
	mchunkptr rest;

	if (rsize < MINSIZE) {
		set_inuse_bit_at(p, size);
		return chunk2mem(p);
	}
	rest = chunk_at(p, nb);
	unsorted_push(m, rest, rsize, "malloc(): corrupted unsorted chunks");
	if (small_request)
		m->last_remainder = rest;
	set_head(p, nb | PREV_INUSE);
	set_head(rest, rsize | PREV_INUSE);
	set_foot(rest, rsize);
	return chunk2mem(p);
}

static void *malloc_from_fastbin(struct malloc_state *m, size_t nb, struct malloc_trace *tr)
{
	size_t idx = fastbin_index(nb);
	mchunkptr victim = m->fastbins[idx], next;
	struct tcache *tc = &tcache;
	size_t tidx = tcache_index(nb);

	if (!victim)
		return NULL;
	if (unlikely(misaligned(victim)))
		malloc_printerr("malloc(): unaligned fastbin chunk detected 2");
	next = reveal_ptr(&victim->fd, (uintptr_t)victim->fd);
	if (unlikely(next && misaligned(next)))
		malloc_printerr("malloc(): unaligned fastbin chunk detected");
	if (unlikely(fastbin_index(chunksize(victim)) != idx))
		malloc_printerr("malloc(): memory corruption (fast)");
	m->fastbins[idx] = next;
	/* move the rest of this bin to the tcache while we hold the lock */
	while (next && tc->counts[tidx] < TCACHE_COUNT) {
		mchunkptr after = reveal_ptr(&next->fd, (uintptr_t)next->fd);

		if (unlikely(after && misaligned(after)))
			malloc_printerr("malloc(): unaligned fastbin chunk detected");
		m->fastbins[idx] = after;
		tcache_put(tc, next, tidx);
		next = after;
	}
	tr->path = "fastbin";
	return chunk2mem(victim);
}

static void *malloc_from_smallbin(struct malloc_state *m, size_t nb, struct malloc_trace *tr)
{
	mchunkptr bin = bin_at(m, smallbin_index(nb)), victim = bin->bk, stash, bck;
	struct tcache *tc = &tcache;
	size_t tidx = tcache_index(nb);

	if (victim == bin)
		return NULL;
	bck = victim->bk;
	if (unlikely(bck->fd != victim))
		malloc_printerr("malloc(): smallbin double linked list corrupted");
	set_inuse_bit_at(victim, nb);
	bin->bk = bck;
	bck->fd = bin;
	/* move the rest of this bin to the tcache while we hold the lock */
	while (tc->counts[tidx] < TCACHE_COUNT && (stash = bin->bk) != bin) {
		bck = stash->bk;
		if (unlikely(bck->fd != stash))
			malloc_printerr("malloc(): smallbin double linked list corrupted");
		set_inuse_bit_at(stash, nb);
		bin->bk = bck;
		bck->fd = bin;
		tcache_put(tc, stash, tidx);
	}
	tr->path = "smallbin";
	return chunk2mem(victim);
}

/*
 * Sort the unsorted bin into the small and large bins, stopping early for
 * the last remainder (a small request: consecutive small mallocs stay
 * together) or an exact fit.  Exact fits fill the tcache first while it
 * has room; one of them is returned at the end.
 */
static void *malloc_from_unsorted(struct malloc_state *m, size_t nb, struct malloc_trace *tr)
{
	mchunkptr unsorted = bin_at(m, UNSORTED_BIN), victim, bck, next;
	struct tcache *tc = &tcache;
	size_t tidx = tcache_index(nb);
	int can_stash = nb <= TCACHE_MAX_CHUNK, stashed = 0;
	int small = in_smallbin_range(nb);

	for (int n = 0; n < MAX_UNSORTED_ITERS && (victim = unsorted->bk) != unsorted; n++) {
		size_t size = chunksize(victim);

		bck = victim->bk;
		next = chunk_at(victim, size);
		if (unlikely(victim->size <= CHUNK_HDR || size > m->system_mem))
			malloc_printerr("malloc(): invalid size (unsorted)");
		if (unlikely(next->size < CHUNK_HDR || chunksize(next) > m->system_mem))
			malloc_printerr("malloc(): invalid next size (unsorted)");
		if (unlikely(next->prev_size != size))
			malloc_printerr("malloc(): mismatching next->prev_size (unsorted)");
		if (unlikely(bck->fd != victim || victim->fd != unsorted))
			malloc_printerr("malloc(): unsorted double linked list corrupted");
		if (unlikely(prev_inuse(next)))
			malloc_printerr("malloc(): invalid next->prev_inuse (unsorted)");

		unsorted->bk = bck;
		bck->fd = unsorted;
		if (small && bck == unsorted && victim == m->last_remainder && size > nb + MINSIZE) {
			tr->path = "unsorted";
			return split_chunk(m, victim, size, nb, 1);
		}
		if (size == nb) {
			set_inuse_bit_at(victim, size);
			if (can_stash && tc->counts[tidx] < TCACHE_COUNT) {
				tcache_put(tc, victim, tidx);
				stashed = 1;
				continue;
			}
			tr->path = "unsorted";
			return chunk2mem(victim);
		}
		bin_insert(m, victim, size);
	}
	if (stashed) {
		tr->path = "unsorted";
		return tcache_get(tc, tidx);
	}
	return NULL;
}

/* best fit in nb's own large bin: the smallest chunk >= nb */
static void *malloc_from_largebin(struct malloc_state *m, size_t nb, struct malloc_trace *tr)
{
	mchunkptr bin = bin_at(m, largebin_index(nb)), victim = bin->fd;
	size_t size;

	if (victim == bin || chunksize(victim) < nb)
		return NULL;
	victim = victim->bk_nextsize; /* the smallest size */
	while ((size = chunksize(victim)) < nb)
		victim = victim->bk_nextsize;
	/* a second chunk of that size, if any: the nextsize ring stays as is */
	if (victim != bin->bk && chunksize(victim->fd) == size)
		victim = victim->fd;
	unlink_chunk(m, victim);
	tr->path = "largebin";
	return split_chunk(m, victim, size, nb, 0);
}

/* the smallest chunk of the next non-empty bin above idx, split */
static void *malloc_from_binmap(struct malloc_state *m, size_t nb, size_t idx,
				struct malloc_trace *tr)
{
	for (idx++; idx < NBINS;) {
		size_t w = idx >> 6;
		uint64_t bits = m->binmap[w] & (~0ULL << (idx & 63));
		mchunkptr bin, victim;

		if (!bits) {
			idx = (w + 1) << 6;
			continue;
		}
		idx = (w << 6) + (size_t)__builtin_ctzll(bits);
		bin = bin_at(m, idx);
		victim = bin->bk;
		if (victim == bin) { /* the bit was stale */
			unmark_bin(m, idx);
			idx++;
			continue;
		}
		unlink_chunk(m, victim);
		tr->path = idx < NSMALLBINS ? "smallbin" : "largebin";
		return split_chunk(m, victim, chunksize(victim), nb, in_smallbin_range(nb));
	}
	return NULL;
}

/* a chunk of nb bytes (request2size'd) from the arena or the system; NULL + ENOMEM */
static void *int_malloc_locked(struct malloc_state *m, size_t nb, struct malloc_trace *tr)
{
	void *mem;
	/*
	 * A large request takes a free chunk that fits from the bins, else
	 * gets its own mapping, before top is split or grown (glibc tries top
	 * before mmap).  So a fresh malloc(256 KiB) is one mmap and its free
	 * one munmap, as the story tells, while free memory already in the
	 * heap is still reused.  If mmap fails, top serves it.
	 */
	int big = unlikely(nb >= LOAD(mp.mmap_threshold)) && LOAD(mp.n_mmaps) < LOAD(mp.n_mmaps_max);

	if (nb <= m->max_fast && (mem = malloc_from_fastbin(m, nb, tr)))
		return mem;
	if (in_smallbin_range(nb)) {
		if ((mem = malloc_from_smallbin(m, nb, tr)))
			return mem;
	} else if (m->have_fastchunks) {
		malloc_consolidate(m); /* a big request: defragment first */
	}
	for (;;) {
		if ((mem = malloc_from_unsorted(m, nb, tr)))
			return mem;
		if (!in_smallbin_range(nb) && (mem = malloc_from_largebin(m, nb, tr)))
			return mem;
		if ((mem = malloc_from_binmap(m, nb, bin_index(nb), tr)))
			return mem;
		if (big) {
			big = 0;
			if ((mem = mmap_chunk(nb, tr)))
				return mem;
		}
		if (chunksize(m->top) >= nb + MINSIZE)
			return split_top(m, nb, tr);
		if (!m->have_fastchunks)
			break;
		malloc_consolidate(m);
	}
	if (!extend_top(m, nb, tr)) {
		errno = ENOMEM;
		return NULL;
	}
	return split_top(m, nb, tr);
}

/* ------------------------------------------------------------ free core */

/*
 * Free chunk p of size bytes (not mmapped, past the tcache) into a
 * fastbin, or coalesce it into the unsorted bin or top.  A big merged
 * chunk consolidates the fastbins and may trim the heap (unless
 * FREE_NO_TRIM).
 */
static void int_free_locked(struct malloc_state *m, mchunkptr p, size_t size,
			    struct malloc_trace *tr, int flags)
{
	mchunkptr next = chunk_at(p, size);
	int to_top;

	if (size <= m->max_fast) {
		size_t idx = fastbin_index(size);
		mchunkptr old = m->fastbins[idx];

		if (unlikely(next->size <= CHUNK_HDR || chunksize(next) >= m->system_mem))
			malloc_printerr("free(): invalid next size (fast)");
		if (unlikely(old == p))
			malloc_printerr("double free or corruption (fasttop)");
		if (unlikely(old && fastbin_index(chunksize(old)) != idx))
			malloc_printerr("invalid fastbin entry (free)");
		p->fd = (mchunkptr)protect_ptr(&p->fd, old);
		m->fastbins[idx] = p;
		m->have_fastchunks = 1;
		tr->path = "fastbin";
		return;
	}
	if (unlikely(p == m->top))
		malloc_printerr("double free or corruption (top)");
	if (unlikely(!m->noncontiguous && (char *)next >= (char *)m->top + chunksize(m->top)))
		malloc_printerr("double free or corruption (out)");
	if (unlikely(!prev_inuse(next)))
		malloc_printerr("double free or corruption (!prev)");
	if (unlikely(next->size <= CHUNK_HDR || chunksize(next) >= m->system_mem))
		malloc_printerr("free(): invalid next size (normal)");
	size = coalesce_chunk(m, p, size, &to_top);
	tr->path = to_top ? "top" : "unsorted";
	if (size >= FASTBIN_CONSOLIDATION_THRESHOLD && !(flags & FREE_NO_TRIM)) {
		if (m->have_fastchunks)
			malloc_consolidate(m);
		if (chunksize(m->top) >= LOAD(mp.trim_threshold))
			systrim(m, LOAD(mp.top_pad), tr);
	}
}

static void free_mmapped(mchunkptr p)
{
	struct malloc_trace tr = TRACE_INIT("free", 0);
	size_t size = chunksize(p);

	/* glibc's dynamic threshold: blocks like this one go to the heap from now on */
	if (!LOAD(mp.no_dyn_threshold) && size > LOAD(mp.mmap_threshold) &&
	    size <= DEFAULT_MMAP_THRESHOLD_MAX) {
		STORE(mp.mmap_threshold, size);
		STORE(mp.trim_threshold, 2 * size);
	}
	tr.ptr = chunk2mem(p);
	munmap_chunk(p, &tr);
	if (TRACING())
		trace_emit(&tr);
}

static __attribute__((noinline)) void free_slow(mchunkptr p, size_t size)
{
	struct malloc_state *m = &main_arena;
	struct malloc_trace tr = TRACE_INIT("free", 0);

	tr.ptr = chunk2mem(p);
	arena_lock(m);
	int_free_locked(m, p, size, &tr, 0);
	arena_unlock(m);
	if (TRACING())
		trace_emit(&tr);
}

/* ------------------------------------------------------------ debug checker */

#ifdef MALLOC_DEBUG
/*
 * Expensive consistency check (-DMALLOC_DEBUG): every chunk in every bin
 * is well formed, in the right bin, with its foot and its neighbours'
 * flags right; large bins sorted.  Walks the heap from brk_base when it
 * is one piece.  Aborts naming the first violation.
 */
static void check_free_chunk(struct malloc_state *m, mchunkptr p, size_t idx)
{
	size_t size = chunksize(p);
	mchunkptr next = chunk_at(p, size);

	if (misaligned(p) || size < MINSIZE || misaligned(size) || size > m->system_mem)
		malloc_printerr("malloc_check: bad free chunk");
	if (next->prev_size != size || prev_inuse(next))
		malloc_printerr("malloc_check: bad foot / next PREV_INUSE");
	if (!prev_inuse(p))
		malloc_printerr("malloc_check: free chunk after a free chunk");
	if (next != m->top && !inuse_bit_at(next, chunksize(next)))
		malloc_printerr("malloc_check: free chunk before a free chunk");
	if (next == m->top)
		malloc_printerr("malloc_check: free chunk before top");
	if (idx != UNSORTED_BIN && bin_index(size) != idx)
		malloc_printerr("malloc_check: chunk in the wrong bin");
	if (p->fd->bk != p || p->bk->fd != p)
		malloc_printerr("malloc_check: bad links");
}

static void malloc_check_locked(struct malloc_state *m)
{
	if (!m->initialized)
		return;
	for (size_t i = 1; i < NBINS; i++) {
		mchunkptr bin = bin_at(m, i);
		size_t last = SIZE_MAX;

		for (mchunkptr p = bin->fd; p != bin; p = p->fd) {
			check_free_chunk(m, p, i);
			if (i >= NSMALLBINS) {
				if (chunksize(p) > last)
					malloc_printerr("malloc_check: large bin not sorted");
				last = chunksize(p);
			}
		}
	}
	if (!m->noncontiguous && m->brk_base && chunksize(m->top)) {
		mchunkptr p = (mchunkptr)align_up16(m->brk_base);

		while (p != m->top) {
			size_t size = chunksize(p);

			if (size < CHUNK_HDR || (char *)p > (char *)m->top)
				malloc_printerr("malloc_check: heap walk went astray");
			p = chunk_at(p, size);
		}
	}
}
#endif

/* ------------------------------------------------------------ public: malloc, free */

/* malloc for the other entry points: the tcache, then the arena */
static void *malloc_internal(size_t n, struct malloc_trace *tr)
{
	struct malloc_state *m = &main_arena;
	void *mem;

	if (unlikely(n > MAX_REQUEST)) {
		errno = ENOMEM;
		return NULL;
	}
	if (n <= TCACHE_MAX_CHUNK - SIZE_SZ) {
		size_t idx = tcache_index(request2size(n));

		if (tcache.entries[idx]) {
			tr->path = "tcache";
			return tcache_get(&tcache, idx);
		}
	}
	ensure_init(m);
	arena_lock(m);
	mem = int_malloc_locked(m, request2size(n), tr);
	arena_unlock(m);
	return mem;
}

static __attribute__((noinline)) void *malloc_slow(size_t n)
{
	struct malloc_trace tr = TRACE_INIT("malloc", n);

	tr.result = malloc_internal(n, &tr);
	if (TRACING())
		trace_emit(&tr);
	return tr.result;
}

void *PUB(malloc)(size_t n)
{
	if (likely(n <= TCACHE_MAX_CHUNK - SIZE_SZ)) {
		size_t idx = tcache_index(request2size(n));
		struct tcache *tc = &tcache;

		if (likely(tc->entries[idx] != NULL)) {
			void *mem = tcache_get(tc, idx);

			if (TRACING())
				trace_fast("malloc", n, NULL, mem, "tcache");
			return mem;
		}
	}
	return malloc_slow(n);
}

void PUB(free)(void *mem)
{
	mchunkptr p;
	size_t size;

	if (!mem)
		return;
	p = mem2chunk(mem);
	if (unlikely(chunk_is_mmapped(p))) {
		free_mmapped(p);
		return;
	}
	size = chunksize(p);
	if (unlikely((uintptr_t)p > -size || misaligned(p)))
		malloc_printerr("free(): invalid pointer");
	if (unlikely(size < MINSIZE || misaligned(size)))
		malloc_printerr("free(): invalid size");
	if (likely(size <= TCACHE_MAX_CHUNK)) {
		size_t idx = tcache_index(size);
		struct tcache *tc = &tcache;
		struct tcache_entry *e = mem;

		if (unlikely(e->key == tcache_key))
			tcache_double_free(tc, idx, e);
		if (likely(tc->counts[idx] < TCACHE_COUNT)) {
			tcache_put(tc, p, idx);
			if (TRACING())
				trace_fast("free", 0, mem, NULL, "tcache");
			return;
		}
	}
	free_slow(p, size);
}

/* ------------------------------------------------------------ public: calloc, realloc */

void *PUB(calloc)(size_t nmemb, size_t size)
{
	struct malloc_state *m = &main_arena;
	struct malloc_trace tr = TRACE_INIT("calloc", 0);
	size_t total, nb, clear;
	char *mem, *fresh = NULL;
	mchunkptr p;

	if (unlikely(__builtin_mul_overflow(nmemb, size, &total) || total > MAX_REQUEST)) {
		errno = ENOMEM;
		mem = NULL;
		goto out;
	}
	tr.request = total;
	nb = request2size(total);
	if (total <= TCACHE_MAX_CHUNK - SIZE_SZ && tcache.entries[tcache_index(nb)]) {
		mem = tcache_get(&tcache, tcache_index(nb));
		tr.path = "tcache";
		memset(mem, 0, total);
		goto out;
	}
	ensure_init(m);
	arena_lock(m);
	m->fresh_from = NULL;
	mem = int_malloc_locked(m, nb, &tr);
	fresh = m->fresh_from;
	arena_unlock(m);
	if (!mem)
		goto out;
	p = mem2chunk(mem);
	if (chunk_is_mmapped(p))
		goto out; /* a fresh mapping reads as zeros */
	clear = total;
	if (fresh && fresh < mem + clear) /* part of it came from never-used top */
		clear = fresh > mem ? (size_t)(fresh - mem) : 0;
	memset(mem, 0, clear);
out:
	tr.nmemb = nmemb;
	tr.result = mem;
	if (TRACING())
		trace_emit(&tr);
	return mem;
}

/* realloc of an mmapped chunk: mremap, else copy */
static void *realloc_mmapped(mchunkptr p, size_t n, size_t nb, struct malloc_trace *tr)
{
	size_t off = p->prev_size, oldsize = chunksize(p);
	size_t total = off + oldsize, newlen = page_up(off + nb + SIZE_SZ);
	char *block, *mem;

	if (newlen == total) {
		tr->path = "inplace";
		return chunk2mem(p);
	}
	block = os_remap((char *)p - off, total, newlen);
	if (block) {
		trace_syscall(tr, MALLOC_SYS_MREMAP, newlen, block);
		count_mmap(0, (long)newlen - (long)total);
		p = (mchunkptr)(block + off);
		set_head(p, (newlen - off) | IS_MMAPPED);
		tr->path = "mremap";
		return chunk2mem(p);
	}
	if (oldsize - CHUNK_HDR >= n) {
		tr->path = "inplace";
		return chunk2mem(p);
	}
	mem = malloc_internal(n, tr);
	if (!mem)
		return NULL;
	memcpy(mem, chunk2mem(p), oldsize - CHUNK_HDR);
	munmap_chunk(p, NULL);
	return mem;
}

/*
 * realloc within the arena: shrink in place, grow into top or into a free
 * next chunk, else malloc + copy + free.  Lock held.
 */
static void *int_realloc_locked(struct malloc_state *m, mchunkptr p, size_t oldsize, size_t nb,
				struct malloc_trace *tr)
{
	mchunkptr next = chunk_at(p, oldsize);
	size_t nextsize = chunksize(next), newsize = oldsize;
	struct malloc_trace none = TRACE_INIT("free", 0);
	char *mem;

	if (unlikely(p->size <= CHUNK_HDR || oldsize >= m->system_mem))
		malloc_printerr("realloc(): invalid old size");
	if (unlikely(next->size <= CHUNK_HDR || nextsize >= m->system_mem))
		malloc_printerr("realloc(): invalid next size");
	if (oldsize >= nb) {
		tr->path = "inplace";
	} else if (next == m->top && oldsize + nextsize >= nb + MINSIZE) {
		mchunkptr rest = chunk_at(p, nb);

		set_head_size(p, nb);
		set_head(rest, (oldsize + nextsize - nb) | PREV_INUSE);
		m->top = rest;
		if (m->top_clean < (char *)rest + CHUNK_HDR)
			m->top_clean = (char *)rest + CHUNK_HDR;
		tr->path = "top";
		return chunk2mem(p);
	} else if (next != m->top && !inuse_bit_at(next, nextsize) && oldsize + nextsize >= nb) {
		unlink_chunk(m, next);
		newsize = oldsize + nextsize;
		tr->path = "inplace";
	} else {
		mem = int_malloc_locked(m, nb, tr);
		if (!mem)
			return NULL;
		memcpy(mem, chunk2mem(p), oldsize - SIZE_SZ);
		int_free_locked(m, p, oldsize, &none, 0);
		return mem;
	}
	/* p now spans newsize bytes, all ours: give back what is beyond nb */
	if (newsize - nb >= MINSIZE) {
		mchunkptr rest = chunk_at(p, nb);

		set_head_size(p, nb);
		set_head(rest, (newsize - nb) | PREV_INUSE);
		set_inuse_bit_at(rest, newsize - nb);
		int_free_locked(m, rest, newsize - nb, &none, 0);
	} else {
		set_head_size(p, newsize);
		set_inuse_bit_at(p, newsize);
	}
	return chunk2mem(p);
}

void *PUB(realloc)(void *old, size_t n)
{
	struct malloc_state *m = &main_arena;
	struct malloc_trace tr = TRACE_INIT("realloc", n);
	mchunkptr p;
	size_t oldsize;

	if (!old)
		return PUB(malloc)(n);
	if (n == 0) {
		PUB(free)(old);
		return NULL;
	}
	p = mem2chunk(old);
	oldsize = chunksize(p);
	if (unlikely((uintptr_t)p > -oldsize || misaligned(p)))
		malloc_printerr("realloc(): invalid pointer");
	tr.ptr = old;
	if (unlikely(n > MAX_REQUEST)) {
		errno = ENOMEM;
		tr.result = NULL;
	} else if (chunk_is_mmapped(p)) {
		tr.result = realloc_mmapped(p, n, request2size(n), &tr);
	} else {
		arena_lock(m);
		tr.result = int_realloc_locked(m, p, oldsize, request2size(n), &tr);
		arena_unlock(m);
	}
	if (TRACING())
		trace_emit(&tr);
	return tr.result;
}

void *PUB(reallocarray)(void *old, size_t nmemb, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(nmemb, size, &total)) {
		errno = ENOMEM;
		return NULL;
	}
	return PUB(realloc)(old, total);
}

/* ------------------------------------------------------------ public: aligned */

/*
 * n bytes aligned to align (a power of two > 16): over-allocate by align
 * + MINSIZE, free the misaligned front (or move an mmapped chunk's
 * offset) and the unneeded tail.
 */
static void *int_memalign(size_t align, size_t n, struct malloc_trace *tr)
{
	struct malloc_state *m = &main_arena;
	struct malloc_trace none = TRACE_INIT("free", 0);
	size_t nb, size;
	mchunkptr p;
	char *mem;

	if (align <= MALLOC_ALIGNMENT)
		return malloc_internal(n, tr);
	if (align >= MAX_REQUEST || n > MAX_REQUEST - align - MINSIZE) {
		errno = ENOMEM;
		return NULL;
	}
	nb = request2size(n);
	ensure_init(m);
	arena_lock(m);
	mem = int_malloc_locked(m, nb + align + MINSIZE, tr);
	if (!mem)
		goto out;
	p = mem2chunk(mem);
	if ((uintptr_t)mem & (align - 1)) {
		char *amem = (char *)(((uintptr_t)mem + align - 1) & ~(align - 1));
		mchunkptr ap = mem2chunk(amem);
		size_t lead;

		if ((size_t)((char *)ap - (char *)p) < MINSIZE)
			ap = chunk_at(ap, align);
		lead = (size_t)((char *)ap - (char *)p);
		size = chunksize(p) - lead;
		if (chunk_is_mmapped(p)) {
			ap->prev_size = p->prev_size + lead;
			set_head(ap, size | IS_MMAPPED);
			mem = chunk2mem(ap);
			goto out;
		}
		set_head(ap, size | PREV_INUSE);
		set_inuse_bit_at(ap, size);
		set_head_size(p, lead);
		int_free_locked(m, p, lead, &none, FREE_NO_TRIM);
		p = ap;
		mem = chunk2mem(p);
	}
	if (!chunk_is_mmapped(p) && (size = chunksize(p)) >= nb + MINSIZE) {
		mchunkptr rest = chunk_at(p, nb);

		set_head_size(p, nb);
		set_head(rest, (size - nb) | PREV_INUSE);
		int_free_locked(m, rest, size - nb, &none, 0);
	}
out:
	arena_unlock(m);
	return mem;
}

static void *memalign_traced(const char *func, size_t align, size_t n)
{
	struct malloc_trace tr = TRACE_INIT(func, n);

	tr.align = align;
	tr.result = int_memalign(align, n, &tr);
	if (TRACING())
		trace_emit(&tr);
	return tr.result;
}

static inline int is_pow2(size_t x)
{
	return x && !(x & (x - 1));
}

void *PUB(memalign)(size_t align, size_t n)
{
	size_t a = MALLOC_ALIGNMENT;

	if (align > SIZE_MAX / 2 + 1) {
		errno = EINVAL;
		return NULL;
	}
	while (a < align) /* glibc rounds a non-power of two up */
		a <<= 1;
	return memalign_traced("memalign", a, n);
}

void *PUB(aligned_alloc)(size_t align, size_t n)
{
	if (!is_pow2(align)) {
		errno = EINVAL;
		return NULL;
	}
	return memalign_traced("aligned_alloc", align, n);
}

int PUB(posix_memalign)(void **memptr, size_t align, size_t n)
{
	int saved = errno;
	void *mem;

	if (!is_pow2(align) || align % sizeof(void *))
		return EINVAL;
	mem = memalign_traced("posix_memalign", align, n);
	errno = saved;
	if (!mem)
		return ENOMEM;
	*memptr = mem;
	return 0;
}

void *PUB(valloc)(size_t n)
{
	return memalign_traced("valloc", MALLOC_PAGE, n);
}

void *PUB(pvalloc)(size_t n)
{
	if (n > MAX_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	return memalign_traced("pvalloc", MALLOC_PAGE, page_up(n));
}

/* ------------------------------------------------------------ public: introspection */

size_t PUB(malloc_usable_size)(void *mem)
{
	mchunkptr p;

	if (!mem)
		return 0;
	p = mem2chunk(mem);
	if (chunk_is_mmapped(p))
		return chunksize(p) - CHUNK_HDR;
	if (inuse_bit_at(p, chunksize(p)))
		return chunksize(p) - SIZE_SZ;
	return 0;
}

int PUB(mallopt)(int param, int value)
{
	struct malloc_state *m = &main_arena;
	int ok = 1;

	ensure_init(m);
	arena_lock(m);
	if (m->have_fastchunks)
		malloc_consolidate(m);
	switch (param) {
	case M_MXFAST:
		if (value < 0 || value > MAX_FAST_REQUEST)
			ok = 0;
		else
			m->max_fast = value ? request2size((size_t)value) : MINSIZE / 2;
		break;
	case M_TRIM_THRESHOLD:
		/* negative: never (glibc stores it unsigned too) */
		STORE(mp.trim_threshold, (size_t)(long)value);
		STORE(mp.no_dyn_threshold, 1);
		break;
	case M_TOP_PAD:
		if (value < 0)
			ok = 0;
		else
			STORE(mp.top_pad, (size_t)value);
		STORE(mp.no_dyn_threshold, 1);
		break;
	case M_MMAP_THRESHOLD:
		if (value < 0 || (size_t)value > DEFAULT_MMAP_THRESHOLD_MAX) {
			ok = 0;
		} else {
			STORE(mp.mmap_threshold, (size_t)value);
			STORE(mp.no_dyn_threshold, 1);
		}
		break;
	case M_MMAP_MAX:
		STORE(mp.n_mmaps_max, value);
		STORE(mp.no_dyn_threshold, 1);
		break;
	case M_CHECK_ACTION:
	case M_PERTURB:
	case M_ARENA_TEST:
	case M_ARENA_MAX:
		break;
	default:
		ok = 0;
	}
	arena_unlock(m);
	return ok;
}

/*
 * Give memory back: MADV_DONTNEED the whole pages inside every free chunk
 * (they read back as zeros; headers and links stay), then shrink the heap
 * so that top keeps pad bytes.  1 if anything was released.  Chunks in
 * tcaches stay (they are in use as far as the arena knows).
 */
int PUB(malloc_trim)(size_t pad)
{
	struct malloc_state *m = &main_arena;
	struct malloc_trace none = TRACE_INIT("malloc_trim", 0);
	int released = 0;

	ensure_init(m);
	arena_lock(m);
	malloc_consolidate(m);
	for (size_t i = 1; i < NBINS; i++) {
		mchunkptr bin = bin_at(m, i);

		for (mchunkptr p = bin->bk; p != bin; p = p->bk) {
			char *start = (char *)page_up((uintptr_t)p + sizeof(struct malloc_chunk));
			char *end = (char *)(((uintptr_t)p + chunksize(p)) & ~(MALLOC_PAGE - 1));

			if (end > start && os_discard(start, (size_t)(end - start)) == 0)
				released = 1;
		}
	}
	released |= systrim(m, pad, &none);
	arena_unlock(m);
	return released;
}

/* the counts behind mallinfo2 and malloc_stats; lock held */
static struct mallinfo2 mallinfo_locked(struct malloc_state *m)
{
	struct mallinfo2 mi = { 0 };
	size_t avail = chunksize(m->top), nblocks = 1, nfast = 0, fastavail = 0;

	for (size_t i = 0; i < NFASTBINS; i++) {
		for (mchunkptr p = m->fastbins[i]; p; p = reveal_ptr(&p->fd, (uintptr_t)p->fd)) {
			if (misaligned(p))
				malloc_printerr("int_mallinfo(): unaligned fastbin chunk detected");
			nfast++;
			fastavail += chunksize(p);
		}
	}
	avail += fastavail;
	for (size_t i = 1; i < NBINS; i++) {
		mchunkptr bin = bin_at(m, i);

		for (mchunkptr p = bin->bk; p != bin; p = p->bk) {
			nblocks++;
			avail += chunksize(p);
		}
	}
	mi.arena = m->system_mem;
	mi.ordblks = nblocks;
	mi.smblks = nfast;
	mi.hblks = (size_t)LOAD(mp.n_mmaps);
	mi.hblkhd = LOAD(mp.mmapped_mem);
	mi.usmblks = 0;
	mi.fsmblks = fastavail;
	mi.uordblks = m->system_mem - avail;
	mi.fordblks = avail;
	mi.keepcost = chunksize(m->top);
	return mi;
}

struct mallinfo2 PUB(mallinfo2)(void)
{
	struct malloc_state *m = &main_arena;
	struct mallinfo2 mi;

	ensure_init(m);
	arena_lock(m);
	mi = mallinfo_locked(m);
	arena_unlock(m);
	return mi;
}

static void stats_line(struct tbuf *t, const char *label, unsigned long v)
{
	tb_str(t, label);
	tb_dec(t, v, 10);
	tb_str(t, "\n");
}

/* glibc's layout, to fd 2 (numbers are unsigned int there, so truncate) */
void PUB(malloc_stats)(void)
{
	struct malloc_state *m = &main_arena;
	struct mallinfo2 mi;
	struct tbuf t = { .n = 0 };

	ensure_init(m);
	arena_lock(m);
	mi = mallinfo_locked(m);
	arena_unlock(m);
	tb_str(&t, "Arena 0:\n");
	stats_line(&t, "system bytes     = ", (unsigned)mi.arena);
	stats_line(&t, "in use bytes     = ", (unsigned)mi.uordblks);
	tb_str(&t, "Total (incl. mmap):\n");
	stats_line(&t, "system bytes     = ", (unsigned)(mi.arena + mi.hblkhd));
	stats_line(&t, "in use bytes     = ", (unsigned)(mi.uordblks + mi.hblkhd));
	stats_line(&t, "max mmap regions = ", (unsigned)LOAD(mp.max_n_mmaps));
	stats_line(&t, "max mmap bytes   = ", (unsigned long)LOAD(mp.max_mmapped_mem));
	os_write_err(t.b, t.n);
}
