/*
 * user/lifeofmalloc/main.c - lifeofmalloc [--touch] [--free] SIZE...:
 * the life of one malloc, told through every layer with the real data of
 * that very call, as the numbered steps of the story's flowchart:
 *
 *   1. malloc(SIZE)              the program asks
 *   2. the libc allocator        which path served it (malloc_trace_hook):
 *                                tcache, fastbin, small/large bin, top,
 *                                sbrk, mmap; the chunk it carved
 *   3. the system call           brk(...) or mmap(...) and its result, or
 *                                none: the process already had the memory
 *   4. the VMA                   made or grown (/proc/self/maps before and
 *                                after), or no change
 *   5. page faults               each first touch of a page, from the
 *                                kernel's page_fault_user tracepoint: the
 *                                physical page, the CPU, per-CPU list or
 *                                buddy free area, the PTE written
 *   6. back to user              RSS before and after (/proc/self/status)
 *
 * --touch writes every byte of the block (memset), so that step 5 shows
 * its pages arriving; without it, only what malloc itself wrote (the
 * chunk's header) is faulted in.  Several SIZEs are malloc'ed in turn,
 * each told on its own: `lifeofmalloc 1024 1024` shows the second served
 * from the heap the first one made, with no system call.  --free frees
 * each block after its story (and tells where it went), so that
 * `lifeofmalloc --free 1024 1024` shows the second from the tcache.
 *
 * On Linux steps 1-4 and 6 are the same (the program carries lom's
 * malloc); step 5 needs lom's tracepoint and says so.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lifeofmalloc.h"

#define MAX_CALLS 8
#define TOUCH_SLICE (8UL << 20) /* 2048 pages: 2048 events at most */
#define MAX_SIZE (1UL << 36) /* 64 GiB: a bigger request is surely a typo */

static struct call calls[MAX_CALLS];
static struct maps maps_before, maps_after;
/* the call the hook reports into; volatile: the compiler may assume free() reads no global */
static struct call *volatile armed;
static char no_trace_why[256];

static void usage(FILE *f)
{
	fprintf(f, "usage: lifeofmalloc [--touch] [--free] SIZE...\n"
		   "  malloc(SIZE), told step by step through the allocator, the system call,\n"
		   "  the VMA, the page faults and back, with the data of that very call.\n"
		   "  SIZE...   several sizes: one malloc each, in turn, each told on its own\n"
		   "            (lifeofmalloc 1024 1024: the second needs no system call)\n"
		   "  --touch   write the whole block, to see its pages faulted in\n"
		   "  --free    free each block after its story (--free 1024 1024: tcache)\n"
		   "examples: lifeofmalloc 1024;  lifeofmalloc 262144 --touch\n");
}

/* malloc_trace_hook: keep what the allocator says about the armed call */
static void hook(const struct malloc_trace *t)
{
	if (!armed)
		return;
	if (!strcmp(t->func, "free")) {
		armed->free_tr = *t;
		armed->free_traced = 1;
	} else {
		armed->tr = *t;
		armed->traced = 1;
	}
}

/*
 * Touch what this program will use before the first call, so that the
 * RSS it measures moves only with the block: the stack the /proc readers
 * and printf need, the static buffers (in the data/bss pages) and the
 * allocator's own state.  mallinfo2 asks for nothing from the system.
 */
static __attribute__((noinline)) void prefault_stack(void)
{
	volatile char stack[48 * 1024];

	for (size_t i = 0; i < sizeof(stack); i += 512)
		stack[i] = 0;
}

static void prefault(void)
{
	struct mem_status st;

	prefault_stack();
	memset(calls, 0, sizeof(calls));
	memset(&maps_before, 0, sizeof(maps_before));
	procfs_prefault();
	trace_prefault();
	mallinfo2(); /* the allocator sets up its own state (bins) at its first use */
	maps_read(&maps_before);
	maps_read(&maps_after);
	status_read(&st);
	printf("%s", ""); /* stdout's buffer */
}

static int parse_args(int argc, char **argv, int *touch, int *do_free, int *n)
{
	for (int i = 1; i < argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(argv[i], "--touch")) {
			*touch = 1;
		} else if (!strcmp(argv[i], "--free")) {
			*do_free = 1;
		} else if (argv[i][0] >= '0' && argv[i][0] <= '9') {
			errno = 0;
			unsigned long long size = strtoull(argv[i], &end, 0);
			if (errno || *end || size > MAX_SIZE) {
				fprintf(stderr, "lifeofmalloc: invalid size '%s' (bytes, at most %lu)\n", argv[i],
					MAX_SIZE);
				return -1;
			}
			if (*n == MAX_CALLS) {
				fprintf(stderr, "lifeofmalloc: at most %d sizes\n", MAX_CALLS);
				return -1;
			}
			calls[(*n)++].request = (size_t)size;
		} else {
			fprintf(stderr, "lifeofmalloc: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return -1;
		}
	}
	if (!*n) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Killed while the tracepoint is armed (| head, ^C): disarm it, then die as asked. */
static void on_fatal_signal(int sig)
{
	trace_teardown();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_fatal_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGPIPE, SIGTERM };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_fatal_signal);
}

/* The pages the call may fault: from its chunk header to the end of the block. */
static void watch_range(struct call *c)
{
	c->faults.lo = PAGE_DOWN((unsigned long)c->p - 16);
	c->faults.hi = PAGE_UP((unsigned long)c->p + c->request);
}

/* [lo, hi): the block, and whatever its system call mapped or moved */
static void syscall_range(const struct call *c, unsigned long *lo, unsigned long *hi)
{
	*lo = c->faults.lo;
	*hi = c->faults.hi;
	if (c->tr.syscall_nr == 12 && c->brk_after > c->brk_before) {
		*lo = *lo < c->brk_before ? *lo : c->brk_before;
		*hi = *hi > c->brk_after ? *hi : c->brk_after;
	} else if (c->tr.syscall_nr == 9 && c->tr.syscall_ret) {
		unsigned long a = (unsigned long)c->tr.syscall_ret;
		*lo = *lo < a ? *lo : a;
		*hi = *hi > a + c->tr.syscall_len ? *hi : a + c->tr.syscall_len;
	}
}

static void run(struct call *c, int tracing, int touch)
{
	unsigned long lo, hi;

	maps_read(&maps_before);
	status_read(&c->st_before);
	c->mi_before = mallinfo2();
	c->brk_before = (uintptr_t)sbrk(0);

	if (tracing)
		trace_start();
	armed = c;
	errno = 0;
	c->p = malloc(c->request);
	c->malloc_errno = errno;
	armed = NULL;
	if (tracing)
		trace_stop();

	status_read(&c->st_malloc);
	c->st_touch = c->st_malloc;
	maps_read(&maps_after);
	c->mi_after = mallinfo2();
	c->brk_after = (uintptr_t)sbrk(0);
	if (!c->p)
		return;
	c->chunk_size_field = ((size_t *)c->p)[-1];
	c->chunk_prev_field = ((size_t *)c->p)[-2];
	watch_range(c);
	c->tracing = tracing && trace_collect(&c->faults, PHASE_MALLOC) == 0;
	if (touch) {
		/* a slice at a time: the kernel's ring keeps the last 16384 events */
		for (size_t off = 0; off < c->request; off += TOUCH_SLICE) {
			size_t len = c->request - off < TOUCH_SLICE ? c->request - off : TOUCH_SLICE;

			if (c->tracing)
				trace_start();
			memset(c->p + off, 0x5a, len);
			if (c->tracing) {
				trace_stop();
				trace_collect(&c->faults, PHASE_TOUCH);
			}
		}
		c->touched = 1;
		status_read(&c->st_touch);
	}
	for (int i = 0; i < maps_after.n; i++)
		if ((unsigned long)c->p >= maps_after.v[i].start && (unsigned long)c->p < maps_after.v[i].end)
			c->home = maps_after.v[i];
	syscall_range(c, &lo, &hi);
	c->nchanges = maps_diff(&maps_before, &maps_after, lo, hi, c->changes,
				(int)(sizeof(c->changes) / sizeof(c->changes[0])), &c->other_changes);
}

int main(int argc, char **argv)
{
	int touch = 0, do_free = 0, n = 0, tracing;

	prefault();
	if (parse_args(argc, argv, &touch, &do_free, &n) < 0)
		return 2;
	malloc_trace_hook = hook;
	tracing = trace_setup(no_trace_why, sizeof(no_trace_why)) == 0;
	if (tracing)
		catch_fatal_signals();
	for (int i = 0; i < n; i++) {
		struct call *c = &calls[i];

		c->index = i;
		c->count = n;
		c->no_trace_why = no_trace_why;
		run(c, tracing, touch);
		narrate(c);
		if (do_free && c->p) {
			armed = c;
			free(c->p);
			armed = NULL;
			c->freed = 1;
			narrate_free(c);
		}
		fflush(stdout);
	}
	if (tracing)
		trace_teardown();
	malloc_trace_hook = NULL;
	return fflush(stdout) == EOF;
}
