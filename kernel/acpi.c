/*
 * kernel/acpi.c - find the RSDP, walk the RSDT/XSDT, parse the MADT.
 *
 * Nothing the firmware wrote is trusted: each table's length must be sane
 * and inside what map() returns, its checksum (all bytes summing to 0)
 * must hold, and every MADT entry must fit inside the MADT.  Duplicated
 * APIC IDs and entries beyond our limits are skipped and counted.
 * Pure code (no globals): kernel and host tests.
 */
#include "kernel/acpi.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

#define ACPI_HEADER_LEN 36
#define ACPI_TABLE_MAX  (1u << 20) /* no sane table is larger */

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision, creator_id, creator_revision;
} __packed;
STATIC_ASSERT(sizeof(struct acpi_header) == ACPI_HEADER_LEN);

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	/* ACPI 2.0+ */
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t extended_checksum, reserved[3];
} __packed;
STATIC_ASSERT(sizeof(struct acpi_rsdp) == 36);

static int acpi_fail(struct acpi_info *info, int err, const char *fmt, ...) __printf(3, 4);
static int acpi_fail(struct acpi_info *info, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(info->error, sizeof(info->error), fmt, ap);
	va_end(ap);
	return err;
}

static uint8_t sum_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (n--)
		s += *b++;
	return s;
}

static bool rsdp_valid(const struct acpi_rsdp *r, size_t avail)
{
	if (avail < 20 || memcmp(r->signature, "RSD PTR ", 8) != 0 || sum_bytes(r, 20) != 0)
		return false;
	if (r->revision >= 2) /* the extended part must check out too */
		return avail >= 36 && r->length >= 36 && r->length <= avail && sum_bytes(r, r->length) == 0;
	return true;
}

/* Scan [pa, pa+len) on 16-byte boundaries for a valid RSDP. */
static paddr_t rsdp_search(boot_map_fn map, paddr_t pa, size_t len)
{
	const uint8_t *p = map(pa, len);

	if (!p)
		return 0;
	for (size_t off = 0; off + 20 <= len; off += 16)
		if (rsdp_valid((const struct acpi_rsdp *)(p + off), len - off))
			return pa + off;
	return 0;
}

/* Map a whole table after checking its header; NULL (with the reason) if bad. */
static const struct acpi_header *map_table(boot_map_fn map, paddr_t pa, const char *want,
					   struct acpi_info *info)
{
	const struct acpi_header *h = map(pa, ACPI_HEADER_LEN);

	if (!h) {
		acpi_fail(info, -EINVAL, "ACPI: table at 0x%llx cannot be mapped", (unsigned long long)pa);
		return NULL;
	}
	if (want && memcmp(h->signature, want, 4) != 0) {
		acpi_fail(info, -EINVAL, "ACPI: table at 0x%llx is not %s", (unsigned long long)pa, want);
		return NULL;
	}
	uint32_t len = h->length;
	if (len < ACPI_HEADER_LEN || len > ACPI_TABLE_MAX) {
		acpi_fail(info, -EINVAL, "ACPI: %.4s at 0x%llx has a bad length %u", h->signature,
			  (unsigned long long)pa, len);
		return NULL;
	}
	h = map(pa, len);
	if (!h || sum_bytes(h, len) != 0) {
		acpi_fail(info, -EINVAL, "ACPI: %.4s at 0x%llx: %s", want ? want : "table",
			  (unsigned long long)pa, h ? "bad checksum" : "cannot be mapped");
		return NULL;
	}
	return h;
}

static void add_cpu(struct acpi_info *info, uint32_t apic_id)
{
	for (unsigned i = 0; i < info->nr_cpus; i++)
		if (info->apic_ids[i] == apic_id) {
			info->skipped++; /* duplicate */
			return;
		}
	if (info->nr_cpus == MAX_CPUS) {
		info->skipped++;
		return;
	}
	info->apic_ids[info->nr_cpus++] = apic_id;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static int parse_madt(const struct acpi_header *madt, struct acpi_info *info)
{
	const uint8_t *p = (const uint8_t *)madt;
	uint32_t len = madt->length;

	if (len < ACPI_HEADER_LEN + 8)
		return acpi_fail(info, -EINVAL, "ACPI: MADT too short (%u bytes)", len);
	info->lapic_pa = get32(p + ACPI_HEADER_LEN);
	for (uint32_t off = ACPI_HEADER_LEN + 8; off + 2 <= len;) {
		uint8_t type = p[off], elen = p[off + 1];
		if (elen < 2 || elen > len - off)
			return acpi_fail(info, -EINVAL, "ACPI: MADT entry type %u at offset %u has a bad length %u",
					 type, off, elen);
		const uint8_t *e = p + off;
		switch (type) {
		case 0: /* processor local APIC */
			if (elen >= 8 && (get32(e + 4) & 1))
				add_cpu(info, e[3]);
			break;
		case 9: /* processor local x2APIC */
			if (elen >= 16 && (get32(e + 8) & 1))
				add_cpu(info, get32(e + 4));
			break;
		case 1: /* I/O APIC */
			if (elen < 12)
				break;
			if (info->nr_ioapics == ACPI_MAX_IOAPICS) {
				info->skipped++;
				break;
			}
			info->ioapics[info->nr_ioapics].id = e[2];
			info->ioapics[info->nr_ioapics].pa = get32(e + 4);
			info->ioapics[info->nr_ioapics].gsi_base = get32(e + 8);
			info->nr_ioapics++;
			break;
		case 2: /* interrupt source override */
			if (elen < 10)
				break;
			if (info->nr_overrides == ACPI_MAX_OVERRIDES) {
				info->skipped++;
				break;
			}
			info->overrides[info->nr_overrides++] = (struct acpi_irq_override){
				e[3], get32(e + 4), (uint16_t)(e[8] | e[9] << 8) };
			break;
		case 5: /* local APIC address override */
			if (elen >= 12) {
				uint64_t pa;
				memcpy(&pa, e + 4, 8);
				info->lapic_pa = pa;
			}
			break;
		}
		off += elen;
	}
	if (info->nr_cpus == 0)
		return acpi_fail(info, -EINVAL, "ACPI: MADT lists no enabled CPU");
	return 0;
}

/* The RSDP: the boot loader's copy, the address it gave, or a BIOS-area search. */
static const struct acpi_rsdp *find_rsdp(const void *copy, unsigned copy_len, paddr_t *pa, boot_map_fn map)
{
	if (copy && rsdp_valid(copy, copy_len))
		return copy;
	if (!*pa) {
		const uint16_t *ebda_seg = map(0x40e, 2); /* BIOS data area: EBDA segment */
		if (ebda_seg && *ebda_seg)
			*pa = rsdp_search(map, (paddr_t)*ebda_seg << 4, 1024);
		if (!*pa)
			*pa = rsdp_search(map, 0xe0000, 0x20000);
	}
	const struct acpi_rsdp *r = *pa ? map(*pa, 36) : NULL;
	return r && rsdp_valid(r, 36) ? r : NULL;
}

int acpi_parse(const void *rsdp_copy, unsigned rsdp_len, paddr_t rsdp_pa, boot_map_fn map,
	       struct acpi_info *info)
{
	memset(info, 0, sizeof(*info));
	const struct acpi_rsdp *rsdp = find_rsdp(rsdp_copy, rsdp_len, &rsdp_pa, map);
	if (!rsdp)
		return acpi_fail(info, -ENOENT, "ACPI: no valid RSDP (boot loader tag, PVH, or BIOS areas)");
	info->rsdp_pa = rsdp_pa; /* 0 when the boot loader gave a copy */
	info->revision = rsdp->revision;

	bool xsdt = rsdp->revision >= 2 && rsdp->xsdt_address;
	paddr_t root_pa = xsdt ? rsdp->xsdt_address : rsdp->rsdt_address;
	const struct acpi_header *root = map_table(map, root_pa, xsdt ? "XSDT" : "RSDT", info);
	if (!root)
		return -EINVAL;
	unsigned width = xsdt ? 8 : 4, n = (root->length - ACPI_HEADER_LEN) / width;
	const uint8_t *entries = (const uint8_t *)root + ACPI_HEADER_LEN;

	for (unsigned i = 0; i < n; i++) {
		uint64_t pa = 0;
		memcpy(&pa, entries + i * width, width);
		const struct acpi_header *h = map(pa, ACPI_HEADER_LEN);
		if (!h || memcmp(h->signature, "APIC", 4) != 0)
			continue;
		const struct acpi_header *madt = map_table(map, pa, "APIC", info);
		if (!madt)
			return -EINVAL;
		return parse_madt(madt, info);
	}
	return acpi_fail(info, -ENOENT, "ACPI: no MADT (\"APIC\" table) in the %s", xsdt ? "XSDT" : "RSDT");
}

uint32_t acpi_isa_irq_to_gsi(const struct acpi_info *info, unsigned irq, uint16_t *flags)
{
	*flags = 0;
	for (unsigned i = 0; i < info->nr_overrides; i++)
		if (info->overrides[i].source == irq) {
			*flags = info->overrides[i].flags;
			return info->overrides[i].gsi;
		}
	return irq;
}
