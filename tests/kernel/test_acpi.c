/*
 * tests/kernel/test_acpi.c - the ACPI parser (kernel/acpi.c) on crafted
 * tables in a fake BIOS area [0xE0000, 0x100000): RSDT and XSDT paths, the
 * boot loader's RSDP copy, and broken tables (checksums, lengths, missing
 * MADT, bad entries), which must give an error, never a crash.
 * Kernel (test=acpi) and host.
 */
#include "kernel/acpi.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

#define FAKE_BASE 0xe0000ull
#define FAKE_SIZE 0x20000u
#define RSDP_OFF  0x10     /* 16-byte aligned, found by the search */
#define ROOT_OFF  0x1000
#define MADT_OFF  0x2000
#define OTHER_OFF 0x3000

static uint8_t fake[FAKE_SIZE] __aligned(16);
static struct acpi_info info;

static const void *fake_map(uint64_t pa, uint64_t len)
{
	if (pa < FAKE_BASE || pa - FAKE_BASE > FAKE_SIZE || len > FAKE_SIZE - (pa - FAKE_BASE))
		return NULL;
	return fake + (pa - FAKE_BASE);
}

static void fix_checksum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s += p[i];
	p[at] = (uint8_t)-s;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void header(uint8_t *t, const char *sig, uint32_t len)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = 1;
	memcpy(t + 10, "LOMTST", 6);
}

/* MADT: 4 CPUs (APIC 0,1,2,3; one more disabled, one duplicate), an I/O APIC, IRQ0 -> GSI 2 */
static uint32_t build_madt(uint8_t *t)
{
	uint32_t off = 44;

	for (int i = 0; i < 6; i++) { /* type 0, length 8 */
		uint8_t *e = t + off;
		e[0] = 0, e[1] = 8, e[2] = (uint8_t)i;
		e[3] = i == 5 ? 2 : (uint8_t)i;            /* the sixth repeats APIC id 2 */
		put32(e + 4, i == 4 ? 0 : 1);             /* the fifth is disabled */
		off += 8;
	}
	uint8_t *io = t + off; /* type 1, length 12 */
	io[0] = 1, io[1] = 12, io[2] = 4;
	put32(io + 4, 0xfec00000);
	put32(io + 8, 0);
	off += 12;
	uint8_t *iso = t + off; /* type 2, length 10 */
	iso[0] = 2, iso[1] = 10, iso[2] = 0, iso[3] = 0;
	put32(iso + 4, 2);
	iso[8] = 0, iso[9] = 0;
	off += 10;
	header(t, "APIC", off);
	put32(t + 36, 0xfee00000);
	put32(t + 40, 1);
	fix_checksum(t, off, 9);
	return off;
}

/* revision 0: RSDT with [a non-MADT table, the MADT]; revision 2: XSDT */
static void build(int revision)
{
	memset(fake, 0, sizeof(fake));
	build_madt(fake + MADT_OFF);
	header(fake + OTHER_OFF, "FACP", 36);
	fix_checksum(fake + OTHER_OFF, 36, 9);

	uint8_t *root = fake + ROOT_OFF;
	if (revision >= 2) {
		header(root, "XSDT", 36 + 16);
		put64(root + 36, FAKE_BASE + OTHER_OFF);
		put64(root + 44, FAKE_BASE + MADT_OFF);
		fix_checksum(root, 36 + 16, 9);
	} else {
		header(root, "RSDT", 36 + 8);
		put32(root + 36, (uint32_t)(FAKE_BASE + OTHER_OFF));
		put32(root + 40, (uint32_t)(FAKE_BASE + MADT_OFF));
		fix_checksum(root, 36 + 8, 9);
	}
	uint8_t *r = fake + RSDP_OFF;
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "LOMTST", 6);
	r[15] = (uint8_t)revision;
	put32(r + 16, revision >= 2 ? 0 : (uint32_t)(FAKE_BASE + ROOT_OFF));
	fix_checksum(r, 20, 8);
	if (revision >= 2) {
		put32(r + 20, 36);
		put64(r + 24, FAKE_BASE + ROOT_OFF);
		fix_checksum(r, 36, 32);
	}
}

static void expect_good_madt(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, info.nr_cpus, 4);
	KTEST_EXPECT_EQ(t, info.apic_ids[3], 3);
	KTEST_EXPECT_EQ(t, info.skipped, 1); /* the duplicate */
	KTEST_EXPECT_EQ(t, info.lapic_pa, 0xfee00000);
	KTEST_EXPECT_EQ(t, info.nr_ioapics, 1);
	KTEST_EXPECT_EQ(t, info.ioapics[0].pa, 0xfec00000);
	uint16_t flags;
	KTEST_EXPECT_EQ(t, acpi_isa_irq_to_gsi(&info, 0, &flags), 2);
	KTEST_EXPECT_EQ(t, acpi_isa_irq_to_gsi(&info, 4, &flags), 4);
}

static void test_rsdt_found_by_search(struct ktest *t)
{
	build(0);
	KTEST_ASSERT(t, acpi_parse(NULL, 0, 0, fake_map, &info) == 0);
	KTEST_EXPECT_EQ(t, info.rsdp_pa, FAKE_BASE + RSDP_OFF);
	expect_good_madt(t);
}

static void test_xsdt_from_address_and_copy(struct ktest *t)
{
	uint8_t copy[36];

	build(2);
	KTEST_ASSERT(t, acpi_parse(NULL, 0, FAKE_BASE + RSDP_OFF, fake_map, &info) == 0);
	KTEST_EXPECT_EQ(t, info.revision, 2);
	expect_good_madt(t);
	memcpy(copy, fake + RSDP_OFF, 36);
	memset(fake + RSDP_OFF, 0, 36); /* only the boot loader's copy is left */
	KTEST_ASSERT(t, acpi_parse(copy, 36, 0, fake_map, &info) == 0);
	expect_good_madt(t);
}

static void test_broken_tables(struct ktest *t)
{
	build(0);
	fake[MADT_OFF + 50] ^= 1; /* MADT checksum now wrong */
	KTEST_EXPECT_EQ(t, acpi_parse(NULL, 0, 0, fake_map, &info), -EINVAL);
	KTEST_EXPECT(t, info.error[0] != '\0');

	build(0);
	fake[MADT_OFF + 44 + 1] = 200; /* first entry runs past the table */
	fix_checksum(fake + MADT_OFF, 44 + 6 * 8 + 22, 9);
	KTEST_EXPECT_EQ(t, acpi_parse(NULL, 0, 0, fake_map, &info), -EINVAL);

	build(0);
	fake[MADT_OFF + 44 + 1] = 0; /* zero-length entry: would loop forever */
	fix_checksum(fake + MADT_OFF, 44 + 6 * 8 + 22, 9);
	KTEST_EXPECT_EQ(t, acpi_parse(NULL, 0, 0, fake_map, &info), -EINVAL);

	build(0);
	put32(fake + ROOT_OFF + 4, 0x7fffffff); /* absurd RSDT length */
	KTEST_EXPECT_EQ(t, acpi_parse(NULL, 0, 0, fake_map, &info), -EINVAL);

	build(0);
	put32(fake + ROOT_OFF + 40, 0x12345678); /* MADT pointer into nowhere */
	fix_checksum(fake + ROOT_OFF, 44, 9);
	KTEST_EXPECT_EQ(t, acpi_parse(NULL, 0, 0, fake_map, &info), -ENOENT);

	build(0);
	fake[RSDP_OFF + 8] ^= 1; /* RSDP checksum */
	KTEST_EXPECT_EQ(t, acpi_parse(NULL, 0, 0, fake_map, &info), -ENOENT);

	memset(fake, 0, sizeof(fake)); /* no ACPI at all */
	KTEST_EXPECT_EQ(t, acpi_parse(NULL, 0, 0, fake_map, &info), -ENOENT);
}

KTEST_SUITE(acpi, 0,
	    KTEST_CASE(test_rsdt_found_by_search),
	    KTEST_CASE(test_xsdt_from_address_and_copy),
	    KTEST_CASE(test_broken_tables));
