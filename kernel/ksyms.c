/*
 * kernel/ksyms.c - address to function name, by binary search over the
 * table that tools/gen-ksyms.sh generates (build/ksyms.S).
 * Immutable after link; safe from any context, including panic.
 */
#include "kernel/ksyms.h"
#include "kernel/vsprintf.h"

struct ksym {
	uint64_t addr;
	uint32_t name_offset;
	uint32_t size; /* up to the next symbol */
};

extern const uint64_t ksym_count;
extern const struct ksym ksym_table[];
extern const char ksym_names[];

const char *ksym_lookup(uint64_t addr, uint64_t *start, uint64_t *size)
{
	uint64_t lo = 0, hi = ksym_count;

	/* find the last symbol with addr <= the address */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct ksym *s = &ksym_table[lo - 1];
	if (addr >= s->addr + s->size)
		return NULL;
	*start = s->addr;
	*size = s->size;
	return ksym_names + s->name_offset;
}

void ksym_format(uint64_t addr, char *buf, size_t len)
{
	uint64_t start, size;
	const char *name = ksym_lookup(addr, &start, &size);

	if (name)
		snprintf(buf, len, "%s+0x%lx/0x%lx", name, (unsigned long)(addr - start), (unsigned long)size);
	else
		snprintf(buf, len, "0x%016lx", (unsigned long)addr);
}
