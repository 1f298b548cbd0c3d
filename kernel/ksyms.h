/*
 * kernel/ksyms.h - the kernel's own symbol table, for backtraces.
 *
 * tools/gen-ksyms.sh writes it from `nm` of a first link; the second link
 * embeds it (see linker.ld and the Makefile).  Only text symbols are in
 * it, sorted by address.
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include "kernel/types.h"

#define KSYM_NAME_BUF 96

/* Name of the function containing addr, with its start and size; NULL if none. */
const char *ksym_lookup(uint64_t addr, uint64_t *start, uint64_t *size);

/* "name+0x1a/0x40", or the bare address if it is in no known function. */
void ksym_format(uint64_t addr, char *buf, size_t len);

#endif
