/*
 * kernel/bootinfo.h - what the boot loader tells us, in one shape for
 * both ways lom is booted:
 *   multiboot2 (GRUB)       kernel/multiboot2.c
 *   PVH (qemu -kernel)      kernel/pvh.c
 * Both parsers check every length and offset against the data they were
 * given and fail with a readable message (bi->error) instead of trusting
 * the loader.  Strings are copied in, so nothing points into loader data.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include "kernel/cmdline.h"
#include "kernel/types.h"

/* E820 memory types, as in the BIOS interface (and Linux). */
#define E820_USABLE   1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_BAD      5

#define BOOT_MMAP_MAX    128
#define BOOT_MODULES_MAX 16

struct boot_mmap_entry {
	uint64_t addr, len;
	uint32_t type;
};

struct boot_module {
	uint64_t start, end; /* physical, end exclusive */
	char cmdline[64];
};

struct boot_info {
	const char *protocol;       /* "multiboot2" or "PVH" */
	char cmdline[CMDLINE_MAX];
	char loader_name[64];
	unsigned nr_mmap;
	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	unsigned nr_modules;
	struct boot_module modules[BOOT_MODULES_MAX];
	uint64_t rsdp_pa;           /* PVH: ACPI RSDP address, 0 if unknown */
	uint8_t rsdp[36];           /* multiboot2: a copy of the RSDP */
	unsigned rsdp_len;
	uint64_t info_pa, info_size; /* the loader's own block, to keep reserved */
	unsigned dropped;           /* mmap entries or modules that did not fit */
	char error[160];            /* why parsing failed */
};

/*
 * Parse a multiboot2 information block.  `info` points at it, `avail` is
 * how many bytes of it may be read, `info_pa` its physical address.
 * Returns 0 or -EINVAL (reason in bi->error).
 */
int multiboot2_parse(const void *info, size_t avail, uint64_t info_pa, struct boot_info *bi);

/*
 * Parse a PVH hvm_start_info block.  It points to other physical memory
 * (command line, memory map, modules); map(pa, len) returns a pointer to
 * it or NULL when that range cannot be reached.
 */
typedef const void *(*boot_map_fn)(uint64_t pa, uint64_t len);
int pvh_parse(uint64_t info_pa, boot_map_fn map, struct boot_info *bi);

/* Sum of the usable regions. */
uint64_t boot_usable_bytes(const struct boot_info *bi);
const char *e820_type_name(uint32_t type);
void boot_info_print(const struct boot_info *bi);

#endif
