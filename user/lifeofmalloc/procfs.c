/*
 * user/lifeofmalloc/procfs.c - what /proc/self says about this process:
 * its VMAs (maps), their difference across a malloc, and its memory
 * counters (status).  Reads with open/read into static buffers: no
 * malloc, no stdio stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lifeofmalloc.h"

static char buf[64 * 1024];

void procfs_prefault(void)
{
	memset(buf, 0, sizeof(buf));
}

int maps_read(struct maps *m)
{
	if (read_file("/proc/self/maps", buf, sizeof(buf)) < 0)
		return -1;
	m->n = 0;
	for (char *l = buf, *next; *l && m->n < MAX_VMAS; l = next) {
		struct vma *v = &m->v[m->n];
		int at = 0;

		next = strchr(l, '\n');
		next = next ? (*next = '\0', next + 1) : l + strlen(l);
		if (sscanf(l, "%lx-%lx %4s %*x %*x:%*x %*u %n", &v->start, &v->end, v->perms, &at) < 3 || !at)
			continue;
		snprintf(v->name, sizeof(v->name), "%s", l + at);
		m->n++;
	}
	return 0;
}

int status_read(struct mem_status *s)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "VmSize:", offsetof(struct mem_status, vm_size_kb) },
		{ "VmRSS:", offsetof(struct mem_status, vm_rss_kb) },
		{ "RssAnon:", offsetof(struct mem_status, rss_anon_kb) },
	};

	if (read_file("/proc/self/status", buf, sizeof(buf)) < 0)
		return -1;
	memset(s, 0, sizeof(*s));
	for (const char *l = buf; *l; l++) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (!strncmp(l, keys[k].key, strlen(keys[k].key)))
				sscanf(l + strlen(keys[k].key), "%lu", (unsigned long *)((char *)s + keys[k].off));
		l = strchr(l, '\n');
		if (!l)
			break;
	}
	return 0;
}

static int same(const struct vma *a, const struct vma *b)
{
	return a->start == b->start && a->end == b->end && !strcmp(a->perms, b->perms);
}

static int overlap(unsigned long a0, unsigned long a1, unsigned long b0, unsigned long b1)
{
	return a0 < b1 && b0 < a1;
}

int maps_diff(const struct maps *before, const struct maps *after, unsigned long lo, unsigned long hi,
	      struct vma_change *out, int max, int *others)
{
	int n = 0;

	*others = 0;
	for (int i = 0; i < after->n; i++) {
		const struct vma *a = &after->v[i], *old = NULL;
		int unchanged = 0;

		for (int j = 0; j < before->n && !unchanged; j++) {
			if (same(a, &before->v[j]))
				unchanged = 1;
			else if (!old && overlap(a->start, a->end, before->v[j].start, before->v[j].end))
				old = &before->v[j];
		}
		if (unchanged)
			continue;
		if (!overlap(a->start, a->end, lo, hi) || n == max) {
			++*others;
			continue;
		}
		struct vma_change *c = &out[n++];
		c->after = *a;
		if (!old) {
			c->kind = VMA_NEW;
			continue;
		}
		c->before = *old;
		if (a->start <= old->start && a->end >= old->end)
			c->kind = VMA_GREW;
		else if (a->start >= old->start && a->end <= old->end)
			c->kind = VMA_SHRANK;
		else
			c->kind = VMA_CHANGED;
	}
	/* VMAs that went away (no overlap in after) are changes too */
	for (int j = 0; j < before->n; j++) {
		int kept = 0;

		for (int i = 0; i < after->n && !kept; i++)
			kept = overlap(after->v[i].start, after->v[i].end, before->v[j].start, before->v[j].end);
		if (!kept)
			++*others;
	}
	return n;
}

const char *human(unsigned long bytes, char *out, size_t size)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned long whole = bytes, rem = 0;
	int u = 0;

	while (whole >= 1024 && u < 4) {
		rem = whole % 1024;
		whole /= 1024;
		u++;
	}
	if (rem && whole < 100)
		snprintf(out, size, "%lu.%lu %s", whole, rem * 10 / 1024, unit[u]);
	else
		snprintf(out, size, "%lu %s", whole, unit[u]);
	return out;
}
