/*
 * kernel/bootinfo.c - report what the boot loader told us, in the format
 * a Linux user knows from `dmesg` (BIOS-e820 lines).
 */
#include "kernel/bootinfo.h"
#include "kernel/printk.h"

const char *e820_type_name(uint32_t type)
{
	switch (type) {
	case E820_USABLE: return "usable";
	case E820_RESERVED: return "reserved";
	case E820_ACPI: return "ACPI data";
	case E820_NVS: return "ACPI NVS";
	case E820_BAD: return "unusable";
	default: return "type unknown";
	}
}

uint64_t boot_usable_bytes(const struct boot_info *bi)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < bi->nr_mmap; i++)
		if (bi->mmap[i].type == E820_USABLE)
			total += bi->mmap[i].len;
	return total;
}

void boot_info_print(const struct boot_info *bi)
{
	uint64_t usable = boot_usable_bytes(bi);

	pr_info("boot: protocol %s, loader \"%s\", info at 0x%lx (%lu bytes)\n", bi->protocol,
		bi->loader_name[0] ? bi->loader_name : "unknown",
		(unsigned long)bi->info_pa, (unsigned long)bi->info_size);
	pr_info("Command line: %s\n", bi->cmdline);
	pr_info("BIOS-provided physical RAM map:\n");
	for (unsigned i = 0; i < bi->nr_mmap; i++) {
		const struct boot_mmap_entry *e = &bi->mmap[i];
		pr_info("BIOS-e820: [mem 0x%016lx-0x%016lx] %-9s (%lu KiB)\n", (unsigned long)e->addr,
			(unsigned long)(e->addr + e->len - 1), e820_type_name(e->type), (unsigned long)(e->len >> 10));
	}
	pr_info("memory: %lu KiB usable (%lu MiB) in %u regions\n", (unsigned long)(usable >> 10),
		(unsigned long)(usable >> 20), bi->nr_mmap);
	for (unsigned i = 0; i < bi->nr_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		pr_info("module %u: [mem 0x%08lx-0x%08lx] %lu bytes \"%s\"\n", i, (unsigned long)m->start,
			(unsigned long)m->end, (unsigned long)(m->end - m->start), m->cmdline);
	}
	if (bi->nr_modules == 0)
		pr_info("modules: none\n");
	if (bi->dropped)
		pr_warn("boot: %u memory-map entries, modules or string bytes did not fit and were dropped\n",
			bi->dropped);
}
