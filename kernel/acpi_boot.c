/*
 * kernel/acpi_boot.c - find the firmware's ACPI tables at boot and report
 * what they say about CPUs and interrupt routing.  Tables are reached
 * through ioremap_cache() windows (they may lie anywhere below 4 GiB, in
 * ranges the direct map does not cover).  Boot CPU, once.
 */
#include "kernel/acpi.h"
#include "kernel/printk.h"
#include "mm/pgtable.h"

struct acpi_info acpi_info;
bool acpi_ok;

static const void *acpi_map(uint64_t pa, uint64_t len)
{
	return ioremap_cache(pa, len);
}

void acpi_boot_init(const struct boot_info *bi)
{
	int err = acpi_parse(bi->rsdp_len ? bi->rsdp : NULL, bi->rsdp_len, bi->rsdp_pa, acpi_map, &acpi_info);

	if (err) {
		pr_warn("%s; continuing with one CPU and the legacy PIC\n", acpi_info.error);
		return;
	}
	acpi_ok = true;
	pr_info("ACPI: RSDP revision %u%s, local APIC at 0x%lx, %u CPU%s:", acpi_info.revision,
		acpi_info.rsdp_pa ? "" : " (copy from the boot loader)", (unsigned long)acpi_info.lapic_pa,
		acpi_info.nr_cpus, acpi_info.nr_cpus == 1 ? "" : "s");
	for (unsigned i = 0; i < acpi_info.nr_cpus; i++)
		pr_cont(" %u", acpi_info.apic_ids[i]);
	pr_cont(" (APIC ids)\n");
	for (unsigned i = 0; i < acpi_info.nr_ioapics; i++)
		pr_info("ACPI: I/O APIC %u at 0x%lx, GSI base %u\n", acpi_info.ioapics[i].id,
			(unsigned long)acpi_info.ioapics[i].pa, acpi_info.ioapics[i].gsi_base);
	for (unsigned i = 0; i < acpi_info.nr_overrides; i++)
		pr_info("ACPI: IRQ %u -> GSI %u (flags 0x%x)\n", acpi_info.overrides[i].source,
			acpi_info.overrides[i].gsi, acpi_info.overrides[i].flags);
	if (acpi_info.skipped)
		pr_warn("ACPI: %u MADT entries skipped (duplicates or beyond lom's limits)\n", acpi_info.skipped);
}
