/*
 * user/lifeofmalloc/narrate.c - the facts main.c gathered about one
 * malloc, told as the story's numbered steps (see main.c).  Only prints:
 * every number comes from struct call.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lifeofmalloc.h"

/* the chunk header's flag bits (libc/malloc/malloc_internal.h) */
#define CHUNK_PREV_INUSE 0x1UL
#define CHUNK_IS_MMAPPED 0x2UL
#define CHUNK_FLAGS 0x7UL

#define SYS_BRK 12
#define SYS_MMAP 9

#define PTE_FRAME 0x000ffffffffff000UL

static const char *hbytes(unsigned long n)
{
	static char b[4][32];
	static int next;

	next = (next + 1) % 4;
	return human(n, b[next], sizeof(b[next]));
}

/* ---- 1, 2: the call and the allocator ---- */

static void step_call(const struct call *c)
{
	if (c->count > 1)
		printf("== malloc %d of %d ==\n", c->index + 1, c->count);
	printf("1. the program calls malloc(%zu)\n", c->request);
	if (c->p)
		printf("   = %p: %zu bytes it may use, up to %#lx\n", (void *)c->p, c->request,
		       (unsigned long)c->p + c->request);
	else
		printf("   = NULL: %s\n", strerror(c->malloc_errno));
}

static const char *path_story(const struct call *c)
{
	const char *p = c->tr.path ? c->tr.path : "?";

	if (!strcmp(p, "tcache"))
		return "a freed chunk of this size was waiting in the thread's tcache (a short\n"
		       "   per-thread list per size, no lock): it is handed out again as it is";
	if (!strcmp(p, "fastbin"))
		return "a freed small chunk of this size was waiting in a fastbin (a list per\n"
		       "   small size, never coalesced)";
	if (!strcmp(p, "smallbin"))
		return "a free chunk of this size was in a small bin (free chunks of one size,\n"
		       "   coalesced with their free neighbours)";
	if (!strcmp(p, "unsorted"))
		return "a free chunk from the unsorted bin, where freed chunks wait before they\n"
		       "   are sorted into bins, fitted";
	if (!strcmp(p, "largebin"))
		return "the best-fitting chunk of a large bin (free chunks of a range of sizes)\n"
		       "   was split: this chunk, and the rest back to the bins";
	if (!strcmp(p, "top"))
		return "no free chunk fitted: the chunk was split off the top chunk, the free\n"
		       "   space at the end of the heap";
	if (!strcmp(p, "sbrk"))
		return "no free chunk fitted and the top chunk, the free space at the end of the\n"
		       "   heap, was too small: the heap grew with sbrk, then the chunk was split\n"
		       "   off the new top chunk";
	if (!strcmp(p, "mmap") && (c->chunk_size_field & CHUNK_IS_MMAPPED))
		return "the request is at least the mmap threshold (128 KiB at start): the block\n"
		       "   gets a mapping of its own from mmap, and free() will munmap it";
	if (!strcmp(p, "mmap"))
		return "brk failed, so the heap grew by an mmapped piece, and the chunk was split\n"
		       "   off it";
	return "(a path this program does not know)";
}

static void step_allocator(const struct call *c)
{
	size_t field = c->chunk_size_field, size = field & ~CHUNK_FLAGS;
	unsigned long chunk = (unsigned long)c->p - 16;

	if (!c->p) {
		printf("2. the allocator (lom's libc, libc/malloc/malloc.c) found no memory for it:\n");
		printf("   no free chunk fitted and the system refused more\n");
		return;
	}
	printf("2. the allocator (lom's libc, libc/malloc/malloc.c) took path \"%s\":\n",
	       c->traced && c->tr.path ? c->tr.path : "?");
	if (!c->traced) {
		printf("   (malloc_trace_hook did not report this call)\n");
		return;
	}
	printf("   %s\n", path_story(c));
	if (field & CHUNK_IS_MMAPPED) {
		printf("   chunk %#lx: size field %#zx = %zu bytes | IS_MMAPPED", chunk, field, size);
		if (c->chunk_prev_field)
			printf(", %zu bytes into its mapping", c->chunk_prev_field);
		printf("\n");
		printf("   (%zu asked + 16 of header, rounded up to whole pages)\n", c->request);
		printf("   mmapped blocks: %zu (%s) before, %zu (%s) now\n", c->mi_before.hblks,
		       hbytes(c->mi_before.hblkhd), c->mi_after.hblks, hbytes(c->mi_after.hblkhd));
		return;
	}
	printf("   chunk %#lx: size field %#zx = %zu bytes%s\n", chunk, field, size,
	       field & CHUNK_PREV_INUSE ? " | PREV_INUSE" : "");
	printf("   (%zu asked + 8 for the size field, rounded up to 16, at least 32)\n", c->request);
	if (!c->mi_before.arena)
		printf("   heap: none before (this is the process's first malloc); %zu bytes now\n",
		       c->mi_after.arena);
	else
		printf("   heap: %zu bytes from the system before, %zu now\n", c->mi_before.arena, c->mi_after.arena);
	printf("   top chunk left: %zu bytes, for later mallocs\n", c->mi_after.keepcost);
}

/* ---- 3: the system call ---- */

static void step_syscall(const struct call *c)
{
	const struct malloc_trace *t = &c->tr;

	const char *what = c->p ? "system call" : "last system call tried";

	if (!c->traced || t->syscall_nr == -1) {
		printf("3. no system call: served from memory the process already had\n");
		return;
	}
	if (t->syscall_nr == SYS_BRK) {
		if (!t->syscall_ret) {
			printf("3. %s: brk(%#lx) failed: the break stays at %#lx\n", what,
			       (unsigned long)c->brk_before + t->syscall_len, (unsigned long)c->brk_before);
			return;
		}
		printf("3. system call: brk(%#lx) = %#lx\n", (unsigned long)t->syscall_ret + t->syscall_len,
		       (unsigned long)c->brk_after);
		printf("   libc's sbrk(+%zu): the program break, the end of the heap, moved\n", t->syscall_len);
		printf("   from %#lx to %#lx (+%s)\n", (unsigned long)t->syscall_ret, (unsigned long)c->brk_after,
		       hbytes(c->brk_after - (uintptr_t)t->syscall_ret));
		return;
	}
	if (t->syscall_nr == SYS_MMAP) {
		printf("3. %s: mmap(NULL, %zu, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n", what,
		       t->syscall_len);
		if (t->syscall_ret)
			printf("   = %p: %s of fresh address space\n", t->syscall_ret, hbytes(t->syscall_len));
		else
			printf("   = MAP_FAILED (%s)\n", strerror(c->malloc_errno));
		return;
	}
	printf("3. %s: number %ld (%zu bytes) = %p\n", what, t->syscall_nr, t->syscall_len, t->syscall_ret);
}

/* ---- 4: the VMA ---- */

static void vma_text(const struct vma *v, char *out, size_t size)
{
	snprintf(out, size, "%#lx-%#lx %s %s (%s)", v->start, v->end, v->perms,
		 v->name[0] ? v->name : "anonymous", hbytes(v->end - v->start));
}

static void step_vma(const struct call *c)
{
	char a[128], b[128];

	if (!c->nchanges) {
		printf("4. no VMA change");
		if (c->home.end) {
			vma_text(&c->home, a, sizeof(a));
			printf(": the block lies in a VMA the process had already,\n   %s\n", a);
		} else {
			printf("\n");
		}
	}
	for (int i = 0; i < c->nchanges; i++) {
		const struct vma_change *ch = &c->changes[i];

		vma_text(&ch->after, a, sizeof(a));
		vma_text(&ch->before, b, sizeof(b));
		switch (ch->kind) {
		case VMA_NEW:
			printf("4. VMA: a new one in the process's address space (/proc/self/maps):\n   %s\n", a);
			break;
		case VMA_GREW:
			printf("4. VMA: one grew by %s (/proc/self/maps):\n   before %s\n   after  %s\n",
			       hbytes((ch->after.end - ch->after.start) - (ch->before.end - ch->before.start)), b, a);
			if (ch->after.start < ch->before.start)
				printf("   (the new mapping was merged into its neighbour)\n");
			break;
		default:
			printf("4. VMA: one changed:\n   before %s\n   after  %s\n", b, a);
			break;
		}
	}
	if (c->nchanges)
		printf("   the kernel only noted the range: pages come at first writes (step 5)\n");
	if (c->other_changes)
		printf("   (and %d other VMA change%s elsewhere in this process)\n", c->other_changes,
		       c->other_changes > 1 ? "s" : "");
}

/* ---- 5: the page faults ---- */

static void pte_flags(unsigned long pte, char *out, size_t size)
{
	static const struct {
		int bit;
		const char *name;
	} bits[] = { { 0, "P" }, { 1, "W" }, { 2, "U" }, { 3, "PWT" }, { 4, "PCD" }, { 5, "A" },
		     { 6, "D" }, { 7, "PAT" }, { 8, "G" }, { 63, "NX" } };
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (pte >> bits[i].bit & 1)
			len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", bits[i].name);
}

static const char *source_text(const struct fault *f, char *out, size_t size)
{
	if (!strcmp(f->source, "pcp"))
		snprintf(out, size, "from CPU %u's per-CPU page list (pcp)", f->cpu);
	else if (!strcmp(f->source, "buddy") && f->order)
		snprintf(out, size, "from the buddy allocator: a free block of order %u (%s) split to one page",
			 f->order, hbytes(PAGE << f->order));
	else if (!strcmp(f->source, "buddy"))
		snprintf(out, size, "from the buddy allocator's free single pages (order 0)");
	else if (!strcmp(f->source, "zero"))
		snprintf(out, size, "the shared zero page (a read: nothing to copy or clear)");
	else
		snprintf(out, size, "no new page (source %s)", f->source);
	return out;
}

static void fault_full(const struct fault *f)
{
	unsigned e = f->error_code;
	char flags[48], src[96];

	printf("   fault 1, during %s, on CPU %u: %s %#lx\n", f->phase == PHASE_MALLOC ? "malloc" : "the touch",
	       f->cpu, e & 16 ? "an instruction fetch at" : e & 2 ? "a write to" : "a read of", f->address);
	printf("     error_code %#x: %s, %s, %s mode\n", e, e & 1 ? "protection violation" : "page not present",
	       e & 16 ? "fetch" : e & 2 ? "write" : "read", e & 4 ? "user" : "kernel");
	printf("     outcome %s: pfn %#lx = physical address %#lx,\n", f->outcome, f->pfn, f->pfn * PAGE);
	printf("     %s\n", source_text(f, src, sizeof(src)));
	pte_flags(f->pte, flags, sizeof(flags));
	printf("     PTE written: %#lx = frame %#lx | %s\n", f->pte, f->pte & PTE_FRAME, flags);
	printf("     (P present, W writable, U user, NX no execute%s)\n",
	       f->pte & 0x20 ? ", A accessed, D dirty" : "; A, D: set by the CPU later");
}

static void fault_row(int n, const struct fault *f)
{
	char flags[48];

	pte_flags(f->pte, flags, sizeof(flags));
	char order[8] = "-";

	if (!strcmp(f->source, "buddy"))
		snprintf(order, sizeof(order), "%u", f->order);
	printf("   %5d  %-6s %#14lx %3u  %-9s %#9lx  %-5s %5s  %s\n", n,
	       f->phase == PHASE_MALLOC ? "malloc" : "touch", f->address, f->cpu, f->outcome, f->pfn, f->source,
	       order, flags);
}

static void fault_summary(const struct fault_log *l)
{
	printf("   pages from: %d per-CPU list (pcp), %d buddy", l->from_pcp, l->from_buddy);
	if (l->from_other)
		printf(", %d elsewhere", l->from_other);
	printf("; CPUs:");
	for (int cpu = 0; cpu < 64; cpu++)
		if (l->by_cpu[cpu])
			printf(" %d on CPU %d", l->by_cpu[cpu], cpu);
	printf("\n");
	if (l->from_buddy) {
		const char *sep = "   buddy free blocks taken, by order:";
		for (int o = 0; o < 16; o++)
			if (l->by_order[o]) {
				printf("%s %d: %d", sep, o, l->by_order[o]);
				sep = ",";
			}
		printf("\n");
	}
}

/*
 * The block's pages that malloc itself wrote, hence present now: the one
 * with the chunk's size field and, for a heap chunk, the one with the next
 * chunk's size field when that is still in the block's range.
 */
static unsigned long headers_in_block(const struct call *c)
{
	const struct fault_log *l = &c->faults;
	unsigned long chunk = (unsigned long)c->p - 16, size = c->chunk_size_field & ~CHUNK_FLAGS;
	unsigned long first = PAGE_DOWN(chunk + 8), next = PAGE_DOWN(chunk + size + 8);

	if (c->chunk_size_field & CHUNK_IS_MMAPPED || next == first || next >= l->hi)
		return 1;
	return 2;
}

static void step_faults(const struct call *c)
{
	const struct fault_log *l = &c->faults;
	unsigned long pages = (l->hi - l->lo) / PAGE;

	if (!c->tracing) {
		printf("5. page faults: not traced: %s\n", c->no_trace_why);
		if (!c->touched)
			printf("   (--touch writes the block: RSS below then shows its pages arriving)\n");
		return;
	}
	printf("5. page faults in the block's %lu page%s %#lx-%#lx,\n", pages, pages == 1 ? "" : "s", l->lo, l->hi);
	printf("   traced by page_fault_user: %d during malloc", l->in_phase[PHASE_MALLOC]);
	if (c->touched)
		printf(", %d during the touch", l->in_phase[PHASE_TOUCH]);
	printf("\n");
	if (l->in_phase[PHASE_MALLOC])
		printf("   (malloc itself wrote the chunk's header: that first write faulted)\n");
	if (l->n) {
		fault_full(&l->first[0]);
		if (l->n > 1)
			printf("   %5s  %-6s %14s %3s  %-9s %9s  %-5s %5s  %s\n", "fault", "during", "address", "cpu",
			       "outcome", "pfn", "from", "order", "PTE flags");
		for (int i = 1; i < l->n && i < FAULTS_LISTED; i++)
			fault_row(i + 1, &l->first[i]);
		if (l->n > FAULTS_LISTED)
			printf("   ... %d more\n", l->n - FAULTS_LISTED);
		fault_summary(l);
	}
	if (c->touched && !l->in_phase[PHASE_TOUCH])
		printf("   the touch faulted nothing: every page of the block was present already\n");
	if (!c->touched) {
		unsigned long known = headers_in_block(c);

		if (known >= pages && l->in_phase[PHASE_MALLOC])
			printf("   that is all of the block: it is present now\n");
		else if (known >= pages)
			printf("   malloc wrote its chunk header there without a fault: the block's page\n"
			       "   was present already (written before)\n");
		else
			printf("   the block's other %lu page%s get a physical page only at a first write:\n"
			       "   malloc gave address space, not memory (--touch writes the block)\n",
			       pages - known, pages - known == 1 ? "" : "s");
	}
	if (l->others)
		printf("   (%d other fault%s of this process, outside the block)\n", l->others, l->others > 1 ? "s" : "");
	if (l->lost)
		printf("   (%d events were lost: the kernel's ring was full before they were read)\n", l->lost);
	if (l->bad_lines)
		printf("   (%d trace line%s not understood)\n", l->bad_lines, l->bad_lines > 1 ? "s" : "");
}

/* ---- 6: back to user ---- */

static void step_return(const struct call *c)
{
	const struct mem_status *a = &c->st_before, *m = &c->st_malloc, *t = &c->st_touch;
	long d_malloc = (long)(m->vm_rss_kb - a->vm_rss_kb), d_touch = (long)(t->vm_rss_kb - m->vm_rss_kb);
	long pages = (d_malloc + d_touch) / (long)(PAGE / 1024);

	printf("6. back to user: malloc returned %p; /proc/self/status says\n", (void *)c->p);
	printf("   at the malloc: VmSize %lu -> %lu kB (%+ld), VmRSS %lu -> %lu kB (%+ld)\n", a->vm_size_kb,
	       m->vm_size_kb, (long)(m->vm_size_kb - a->vm_size_kb), a->vm_rss_kb, m->vm_rss_kb, d_malloc);
	if (c->touched)
		printf("   at the touch:  VmRSS %lu -> %lu kB (%+ld)\n", m->vm_rss_kb, t->vm_rss_kb, d_touch);
	printf("   RSS grew by %ld page%s in all", pages, pages == 1 ? "" : "s");
	if (c->tracing)
		printf("; faults traced in the block: %d", c->faults.n);
	printf("\n");
}

void narrate(const struct call *c)
{
	if (!c->index)
		printf("life of a malloc, in pid %d\n", (int)getpid());
	else
		printf("\n");
	step_call(c);
	step_allocator(c);
	step_syscall(c);
	if (!c->p)
		return;
	step_vma(c);
	step_faults(c);
	step_return(c);
}

void narrate_free(const struct call *c)
{
	const struct malloc_trace *t = &c->free_tr;
	const char *path = c->free_traced && t->path ? t->path : "?";

	printf("then free(%p): ", (void *)c->p);
	if (!strcmp(path, "tcache"))
		printf("into the tcache of its size: the next malloc(%zu) gets it back\n", c->request);
	else if (!strcmp(path, "fastbin"))
		printf("into the fastbin of its size\n");
	else if (!strcmp(path, "unsorted"))
		printf("coalesced with free neighbours, into the unsorted bin\n");
	else if (!strcmp(path, "top") && t->syscall_nr == SYS_BRK)
		printf("merged into the top chunk, and the heap shrank: brk gave back %zu bytes\n", t->syscall_len);
	else if (!strcmp(path, "top"))
		printf("merged into the top chunk\n");
	else if (!strcmp(path, "munmap"))
		printf("munmap(%#lx, %zu): the mapping and its pages went back to the kernel\n",
		       (unsigned long)c->p - 16 - (unsigned long)c->chunk_prev_field, t->syscall_len);
	else
		printf("path \"%s\"\n", path);
}
