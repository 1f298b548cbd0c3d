/*
 * kernel/pvh.c - parse the PVH start info (Xen's hvm_start_info), which
 * QEMU hands over when it boots lom.elf directly with -kernel.
 *
 *   hvm_start_info -> cmdline_paddr   (NUL-terminated string)
 *                  -> memmap_paddr    (memmap_entries x {addr,size,type})
 *                  -> modlist_paddr   (nr_modules x {paddr,size,cmdline})
 * Every pointer goes through the caller's map() so that a pointer the
 * kernel cannot reach becomes an error, not a fault.
 * Pure code, built into the kernel and into host tests.
 */
#include "kernel/bootinfo.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

#define PVH_START_MAGIC 0x336ec578

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr; /* version >= 1 */
	uint32_t memmap_entries, reserved;
};

struct hvm_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

static int pvh_fail(struct boot_info *bi, const char *what, uint64_t pa)
{
	snprintf(bi->error, sizeof(bi->error), "PVH: %s at 0x%llx cannot be read", what, (unsigned long long)pa);
	return -EINVAL;
}

/* Copy a string at physical address pa, reading only what map() allows. */
static int copy_phys_string(boot_map_fn map, uint64_t pa, char *dst, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		const char *c = map(pa + i, 1);
		if (!c)
			return -EFAULT;
		dst[i] = *c;
		if (!*c)
			return 0;
	}
	dst[size - 1] = '\0'; /* too long: cut */
	return 0;
}

int pvh_parse(uint64_t info_pa, boot_map_fn map, struct boot_info *bi)
{
	const struct hvm_start_info *si = map(info_pa, sizeof(*si));

	memset(bi, 0, sizeof(*bi));
	bi->protocol = "PVH";
	bi->info_pa = info_pa;
	bi->info_size = sizeof(*si);
	strlcpy(bi->loader_name, "QEMU PVH loader", sizeof(bi->loader_name));
	if (!si)
		return pvh_fail(bi, "start info", info_pa);
	if (si->magic != PVH_START_MAGIC) {
		snprintf(bi->error, sizeof(bi->error), "PVH: bad start info magic 0x%x (want 0x%x)",
			 si->magic, PVH_START_MAGIC);
		return -EINVAL;
	}
	if (si->cmdline_paddr && copy_phys_string(map, si->cmdline_paddr, bi->cmdline, sizeof(bi->cmdline)))
		return pvh_fail(bi, "command line", si->cmdline_paddr);
	bi->rsdp_pa = si->rsdp_paddr;

	if (si->version >= 1 && si->memmap_paddr && si->memmap_entries) {
		uint32_t n = si->memmap_entries;
		if (n > 4096)
			return pvh_fail(bi, "memory map (absurd entry count)", si->memmap_paddr);
		const struct hvm_memmap_entry *e = map(si->memmap_paddr, (uint64_t)n * sizeof(*e));
		if (!e)
			return pvh_fail(bi, "memory map", si->memmap_paddr);
		for (uint32_t i = 0; i < n; i++) {
			if (e[i].size == 0)
				continue;
			if (bi->nr_mmap == BOOT_MMAP_MAX) {
				bi->dropped++;
				continue;
			}
			bi->mmap[bi->nr_mmap++] = (struct boot_mmap_entry){ e[i].addr, e[i].size, e[i].type };
		}
	}

	if (si->nr_modules) {
		if (si->nr_modules > 4096)
			return pvh_fail(bi, "module list (absurd entry count)", si->modlist_paddr);
		const struct hvm_modlist_entry *m = map(si->modlist_paddr, (uint64_t)si->nr_modules * sizeof(*m));
		if (!m)
			return pvh_fail(bi, "module list", si->modlist_paddr);
		for (uint32_t i = 0; i < si->nr_modules; i++) {
			if (bi->nr_modules == BOOT_MODULES_MAX) {
				bi->dropped++;
				continue;
			}
			struct boot_module *bm = &bi->modules[bi->nr_modules++];
			bm->start = m[i].paddr;
			bm->end = m[i].paddr + m[i].size;
			if (m[i].cmdline_paddr &&
			    copy_phys_string(map, m[i].cmdline_paddr, bm->cmdline, sizeof(bm->cmdline)))
				return pvh_fail(bi, "module command line", m[i].cmdline_paddr);
		}
	}
	return 0;
}
