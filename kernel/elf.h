/*
 * kernel/elf.h - checking an ELF64 executable before anything is mapped.
 *
 * elf_parse() reads a whole file image (in memory: lom's files live in the
 * initrd) and either refuses it with a reason or describes exactly what
 * the loader (kernel/exec.c) must map.  It trusts nothing in the file:
 * every header field, offset, size and address is checked, with overflow
 * in mind, so that the loader needs no checks of its own.  Pure function,
 * no allocation, no locks; built on the host too (tests/host, fuzzer).
 *
 * Accepted: ELFCLASS64, little endian, EV_CURRENT, EM_X86_64, ET_EXEC or
 * ET_DYN (static PIE; loaded at ELF_ET_DYN_BASE like Linux without
 * randomization), no PT_INTERP (lom has no dynamic linker).
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "kernel/types.h"

#define ELF_MAX_LOADS 16            /* PT_LOAD segments we accept */
#define ELF_MAX_PHNUM 128           /* program headers we accept */
#define ELF_ET_DYN_BASE 0x555555554000ull /* Linux's, with ASLR off */

/* segment permissions, the same bits as mmap's PROT_* */
#define ELF_PROT_READ  1
#define ELF_PROT_WRITE 2
#define ELF_PROT_EXEC  4

struct elf_load {
	uint64_t vaddr;   /* where the segment starts (load bias added) */
	uint64_t memsz;   /* bytes in memory (>= filesz; the rest is zero) */
	uint64_t offset;  /* file offset of the first byte */
	uint64_t filesz;  /* bytes from the file */
	unsigned prot;    /* ELF_PROT_* */
};

struct elf_image {
	uint16_t type;       /* ET_EXEC (2) or ET_DYN (3) */
	uint64_t load_bias;  /* 0 for ET_EXEC; for ET_DYN, what puts the lowest page at ELF_ET_DYN_BASE */
	uint64_t entry;      /* e_entry + load_bias */
	uint64_t phdr_addr;  /* user address of the program headers (AT_PHDR), bias added */
	uint16_t phnum;      /* AT_PHNUM */
	uint16_t phentsize;  /* AT_PHENT (always 56) */
	unsigned nr_loads;
	struct elf_load load[ELF_MAX_LOADS]; /* sorted by vaddr, not overlapping */
	uint64_t start, end; /* page-aligned span of all loads: [start, end) */
	bool exec_stack;     /* PT_GNU_STACK has PF_X (or no PT_GNU_STACK) */
};

/*
 * Check the image [file, file+size) and fill *out.  user_top is the first
 * address user space may not use; every byte of every segment must lie in
 * [PAGE_SIZE, user_top) (page 0 is never mapped).
 * Returns 0, -ENOEXEC (not an executable lom runs: magic, class, data,
 * version, machine, type, PT_INTERP, truncated headers, no or too many
 * program headers) or -EINVAL (the
 * headers contradict themselves: segment outside the file, filesz >
 * memsz, vaddr/offset not congruent modulo the page size, overlapping or
 * unsorted loads, address overflow or beyond user_top, entry not inside
 * an executable load, no loads, too many).  *why (if not NULL) points at a
 * static one-line reason in either case.
 */
int elf_parse(const void *file, size_t size, uint64_t user_top, struct elf_image *out, const char **why);

#endif
