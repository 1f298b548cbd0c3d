/*
 * mm/mmstat.c - the allocator's state as text, in Linux's formats, so a
 * student can put lom's numbers next to a Linux machine's:
 *   buddyinfo  "Node 0, zone   Normal      3      1 ...", free blocks per order
 *   zoneinfo   per zone: free pages, watermarks, span, per-CPU lists
 *   meminfo    "MemTotal:        262144 kB" (the boot report's; /proc's is kernel/fs/proc.c)
 * Counters are read without locks: a snapshot, as /proc is on Linux.
 * /proc/meminfo adds the address-space lines (AnonPages, CommitLimit...)
 * in kernel/fs/proc.c: this file is also built for the host tests, which
 * have no tasks.
 */
#include "kernel/vsprintf.h"
#include "mm/mm_internal.h"
#include "mm/slab.h"

struct text {
	char *buf;
	size_t size, len;
};

static void put(struct text *t, const char *fmt, ...) __printf(2, 3);
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->len < t->size ? t->size - t->len : 0, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

size_t buddyinfo_format(char *buf, size_t size)
{
	struct text t = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];
		if (!zone->present_pages)
			continue; /* Linux lists populated zones only */
		put(&t, "Node 0, zone %8s ", zone->name);
		for (unsigned o = 0; o < MAX_ORDER; o++)
			put(&t, "%6lu ", zone->free_area[o].nr_free);
		put(&t, "\n");
	}
	return t.len;
}

static void put_kb(struct text *t, const char *name, unsigned long pages)
{
	put(t, "%-16s%8lu kB\n", name, pages * (PAGE_SIZE / 1024));
}

size_t meminfo_format(char *buf, size_t size)
{
	struct text t = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	put_kb(&t, "MemTotal:", nr_managed_pages());
	put_kb(&t, "MemFree:", nr_free_pages());
	/* lom has no page cache or reclaimable slab: what can be had without
	 * swapping is the free pages, including those parked per CPU */
	put_kb(&t, "MemAvailable:", nr_free_pages() + nr_pcp_pages());
	put_kb(&t, "PerCPULists:", nr_pcp_pages()); /* lom: free pages parked on per-CPU lists */
	put_kb(&t, "Slab:", nr_slab_pages());
	put(&t, "%-16s%8lu\n", "SlabObjects:", nr_slab_objects()); /* lom: for leak checks */
	return t.len;
}

/* Per-CPU lists of every online CPU: "cpu 1: DMA 0/6/1 DMA32 13/84/14" (count/high/batch). */
size_t pcp_format(char *buf, size_t size)
{
	struct text t = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	for (unsigned cpu = 0; cpu < nr_cpus_online; cpu++) {
		put(&t, "pcp: cpu %u:", cpu);
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (zones[z].present_pages)
				put(&t, " %s %d/%d/%d", zones[z].name, zones[z].pcp[cpu].count, zones[z].pcp[cpu].high,
				    zones[z].pcp[cpu].batch);
		put(&t, " (count/high/batch)\n");
	}
	return t.len;
}

/*
 * Linux's /proc/zoneinfo for the populated zones, the fields lom has:
 * free pages and watermarks, the span, then each online CPU's per-CPU
 * list (count, high, batch).
 */
size_t zoneinfo_format(char *buf, size_t size)
{
	struct text t = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];
		if (!zone->present_pages)
			continue;
		put(&t, "Node 0, zone %8s\n", zone->name);
		put(&t, "  pages free     %lu\n", zone->free_pages);
		put(&t, "        boost    0\n");
		put(&t, "        min      %lu\n", zone->watermark[WMARK_MIN]);
		put(&t, "        low      %lu\n", zone->watermark[WMARK_LOW]);
		put(&t, "        high     %lu\n", zone->watermark[WMARK_HIGH]);
		put(&t, "        spanned  %lu\n", (unsigned long)(zone->end_pfn - zone->start_pfn));
		put(&t, "        present  %lu\n", zone->present_pages);
		put(&t, "        managed  %lu\n", zone->managed_pages);
		put(&t, "        cma      0\n");
		put(&t, "      nr_free_pages %lu\n", zone->free_pages);
		put(&t, "  pagesets\n");
		for (unsigned cpu = 0; cpu < nr_cpus_online; cpu++) {
			const struct per_cpu_pages *pcp = &zone->pcp[cpu];
			put(&t, "    cpu: %u\n", cpu);
			put(&t, "              count: %d\n", pcp->count);
			put(&t, "              high:  %d\n", pcp->high);
			put(&t, "              batch: %d\n", pcp->batch);
		}
		put(&t, "  node_unreclaimable:  0\n");
		put(&t, "  start_pfn:           %lu\n", (unsigned long)zone->start_pfn);
	}
	return t.len;
}
