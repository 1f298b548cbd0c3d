/*
 * libc/src/stdio/format_size.c - format_size(): a byte count as "1.5M" or
 * "1.5 MiB"; the exact rules are in <lom/format.h>.  Integer arithmetic
 * only (no float formatting), exact over the whole 64-bit range.
 */
#include <lom/format.h>
#include <stdio.h>

/* n/d rounded up, or to nearest (halves up) */
static unsigned long long div_round(unsigned long long n, unsigned long long d, int nearest)
{
	unsigned long long q = n / d, r = n % d;

	if (nearest)
		return q + (r >= d - r);
	return q + (r != 0);
}

int format_size(char *buf, size_t len, unsigned long long bytes, int flags)
{
	static const char units[] = "KMGTPE";
	int iec = flags & FORMAT_SIZE_IEC, nearest = !!(flags & FORMAT_SIZE_NEAREST);
	unsigned long long u = 1024, whole, tenths;
	int k = 0;

	if (bytes < 1024)
		return snprintf(buf, len, iec ? "%llu B" : "%lluB", bytes);
	while (k < 5 && bytes / u >= 1024)
		u <<= 10, k++;
	for (;;) {
		// bytes = q*u + r: tenths = q*10 + round(r*10/u), r*10 < 2^64
		tenths = bytes / u * 10 + div_round(bytes % u * 10, u, nearest);
		whole = div_round(bytes, u, nearest);
		if (tenths < 100 || whole < 1024 || k == 5)
			break;
		u <<= 10, k++; // rounded up to 1024 of this unit: 1.0 of the next
	}
	if (tenths < 100)
		return snprintf(buf, len, iec ? "%llu.%llu %ciB" : "%llu.%llu%c", tenths / 10,
				tenths % 10, units[k]);
	return snprintf(buf, len, iec ? "%llu %ciB" : "%llu%c", whole, units[k]);
}
