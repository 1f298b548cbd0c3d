/*
 * kernel/acpi.h - the firmware's ACPI tables, as far as lom needs them:
 * the MADT (which CPUs exist, their local APIC IDs, the I/O APICs and how
 * legacy IRQs are routed to them).
 *
 *   RSDP --> RSDT (32-bit pointers) or XSDT (64-bit) --> "APIC" (MADT)
 *
 * Every table is checked (signature, length, checksum) before use; a
 * missing or corrupt table gives an error in info->error, and the caller
 * carries on with one CPU and the legacy PIC.  Pure code: also tested on
 * the host with crafted tables.
 */
#ifndef KERNEL_ACPI_H
#define KERNEL_ACPI_H

#include "kernel/bootinfo.h"
#include "kernel/percpu.h"
#include "kernel/types.h"

#define ACPI_MAX_IOAPICS   8
#define ACPI_MAX_OVERRIDES 16

struct acpi_irq_override {
	uint8_t source;  /* ISA IRQ */
	uint32_t gsi;    /* global system interrupt it arrives on */
	uint16_t flags;  /* MPS INTI flags: polarity bits 0-1, trigger bits 2-3 */
};

struct acpi_info {
	paddr_t rsdp_pa;          /* 0 when the boot loader handed over a copy */
	unsigned revision;        /* RSDP revision: 0 = ACPI 1.0 */
	paddr_t lapic_pa;         /* local APIC registers */
	unsigned nr_cpus;
	uint32_t apic_ids[MAX_CPUS]; /* enabled CPUs, firmware order (the boot CPU first, usually) */
	unsigned nr_ioapics;
	struct {
		uint8_t id;
		paddr_t pa;
		uint32_t gsi_base;
	} ioapics[ACPI_MAX_IOAPICS];
	unsigned nr_overrides;
	struct acpi_irq_override overrides[ACPI_MAX_OVERRIDES];
	unsigned skipped;         /* CPUs or entries that did not fit or were duplicates */
	char error[160];
};

/*
 * Find and parse the tables.  rsdp_copy/rsdp_len: a copy of the RSDP from
 * the boot loader (multiboot2), or rsdp_pa: its address (PVH), or neither:
 * search the BIOS areas (EBDA, 0xE0000-0xFFFFF).  map(pa, len) returns a
 * pointer to physical memory or NULL.  0, or -EINVAL/-ENOENT with
 * info->error set.
 */
int acpi_parse(const void *rsdp_copy, unsigned rsdp_len, paddr_t rsdp_pa, boot_map_fn map,
	       struct acpi_info *info);

/* Boot: parse through ioremap windows, report; on failure acpi_ok stays false. */
extern struct acpi_info acpi_info;
extern bool acpi_ok;
void acpi_boot_init(const struct boot_info *bi);

/* The GSI and flags a legacy ISA IRQ arrives on (identity unless overridden). */
uint32_t acpi_isa_irq_to_gsi(const struct acpi_info *info, unsigned irq, uint16_t *flags);

#endif
