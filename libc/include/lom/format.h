/*
 * lom/format.h - human-readable numbers for lom's tools (not standard C).
 *
 * format_size(buf, len, bytes, flags) writes a byte count the way `ls -h`
 * does, 1024-based, and returns what snprintf would: the length of the
 * whole text (excluding the NUL), which is cut to fit in len bytes.
 *
 * Rules (flags == 0):
 *   - below 1024: the exact count and "B":      0B  1B  1023B
 *   - else the largest unit u of K M G T P E (1024^1 .. 1024^6) with
 *     bytes >= u, and the value v = bytes / u rounded UP (as ls -h):
 *       v < 10:  one decimal:                  1.0K  1.5M  9.9G
 *       v >= 10: no decimals:                  10K  12G  1023M
 *     a value that rounds up to 10 has no decimal ("10K"); one that rounds
 *     up to 1024 is 1.0 of the next unit ("1.0M").
 *       1024 -> 1.0K   1025 -> 1.1K   1536 -> 1.5K   10240 -> 10K
 *       1048575 -> 1.0M   2^64-1 -> 16E
 *
 * FORMAT_SIZE_IEC: IEC unit names with a space, "B" alone for bytes:
 *       0 B   1023 B   1.0 KiB   1.5 MiB   12 GiB   16 EiB
 * FORMAT_SIZE_NEAREST: round to nearest (halves up) instead of up, as
 *   `free -h` reads better:   1025 -> 1.0K   1587 -> 1.5K   1588 -> 1.6K
 */
#ifndef _LOM_FORMAT_H
#define _LOM_FORMAT_H

#include <stddef.h>

#define FORMAT_SIZE_IEC     0x1
#define FORMAT_SIZE_NEAREST 0x2

/* room enough for any result: "1023.9 EiB" and more */
#define FORMAT_SIZE_MAX 16

int format_size(char *buf, size_t len, unsigned long long bytes, int flags);

#endif
