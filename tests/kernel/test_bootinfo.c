/*
 * tests/kernel/test_bootinfo.c - the multiboot2 and PVH parsers
 * (kernel/multiboot2.c, kernel/pvh.c) on crafted blocks, good and bad.
 * Runs in the kernel (test=multiboot2,pvh) and on the host (tests/host).
 */
#include "kernel/bootinfo.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

/* A block under construction: 8-byte aligned, room for any test. */
struct mb2_builder {
	uint8_t buf[1024] __aligned(8);
	uint32_t len;
};

static struct boot_info bi; /* large: keep it off the stack */

static void mb2_begin(struct mb2_builder *b)
{
	memset(b->buf, 0, sizeof(b->buf));
	b->len = 8;
}

static void put32(struct mb2_builder *b, uint32_t off, uint32_t v)
{
	memcpy(b->buf + off, &v, 4);
}

/* Append a tag with `payload_len` bytes of payload; returns its offset. */
static uint32_t mb2_tag(struct mb2_builder *b, uint32_t type, const void *payload, uint32_t payload_len)
{
	uint32_t off = b->len;

	put32(b, off, type);
	put32(b, off + 4, 8 + payload_len);
	if (payload)
		memcpy(b->buf + off + 8, payload, payload_len);
	b->len = ALIGN_UP(off + 8 + payload_len, 8u);
	return off;
}

static void mb2_end(struct mb2_builder *b)
{
	mb2_tag(b, 0, NULL, 0);
	put32(b, 0, b->len);
}

static uint32_t mb2_mmap(struct mb2_builder *b, uint32_t entry_size, unsigned n, const uint64_t (*regions)[3])
{
	uint8_t payload[512] = { 0 };

	memcpy(payload, &entry_size, 4);
	for (unsigned i = 0; i < n; i++) {
		uint32_t type = (uint32_t)regions[i][2];
		memcpy(payload + 8 + i * entry_size, &regions[i][0], 8);
		memcpy(payload + 8 + i * entry_size + 8, &regions[i][1], 8);
		memcpy(payload + 8 + i * entry_size + 16, &type, 4);
	}
	return mb2_tag(b, 6, payload, 8 + n * entry_size);
}

static const uint64_t qemu_like_map[][3] = {
	{ 0x0, 0x9fc00, E820_USABLE },
	{ 0x9fc00, 0x400, E820_RESERVED },
	{ 0xf0000, 0x10000, E820_RESERVED },
	{ 0x100000, 0x7ee0000, E820_USABLE },
	{ 0x7fe0000, 0x20000, E820_RESERVED },
	{ 0xfffc0000, 0x40000, E820_RESERVED },
};

static int parse(struct mb2_builder *b)
{
	return multiboot2_parse(b->buf, sizeof(b->buf), 0x10000, &bi);
}

static void test_valid_block(struct ktest *t)
{
	struct mb2_builder b;
	uint8_t module[8 + 12];

	mb2_begin(&b);
	mb2_tag(&b, 1, "test=all loglevel=3", 20);
	mb2_tag(&b, 2, "GRUB 2.06", 10);
	mb2_mmap(&b, 24, ARRAY_SIZE(qemu_like_map), qemu_like_map);
	memset(module, 0, sizeof(module));
	uint32_t start = 0x200000, end = 0x201000;
	memcpy(module, &start, 4);
	memcpy(module + 4, &end, 4);
	memcpy(module + 8, "initrd.cpio", 12);
	mb2_tag(&b, 3, module, sizeof(module));
	mb2_tag(&b, 99, "ignored", 8); /* unknown tags are skipped */
	mb2_end(&b);

	KTEST_ASSERT(t, parse(&b) == 0);
	KTEST_EXPECT_STREQ(t, bi.cmdline, "test=all loglevel=3");
	KTEST_EXPECT_STREQ(t, bi.loader_name, "GRUB 2.06");
	KTEST_EXPECT_EQ(t, bi.nr_mmap, 6);
	KTEST_EXPECT_EQ(t, bi.mmap[3].addr, 0x100000);
	KTEST_EXPECT_EQ(t, bi.mmap[3].len, 0x7ee0000);
	KTEST_EXPECT_EQ(t, bi.mmap[3].type, E820_USABLE);
	KTEST_EXPECT_EQ(t, boot_usable_bytes(&bi), 0x9fc00 + 0x7ee0000);
	KTEST_EXPECT_EQ(t, bi.nr_modules, 1);
	KTEST_EXPECT_EQ(t, bi.modules[0].start, 0x200000);
	KTEST_EXPECT_EQ(t, bi.modules[0].end, 0x201000);
	KTEST_EXPECT_STREQ(t, bi.modules[0].cmdline, "initrd.cpio");
	KTEST_EXPECT_EQ(t, bi.info_size, b.len);
	KTEST_EXPECT_EQ(t, bi.dropped, 0);
}

static void test_larger_mmap_entries(struct ktest *t)
{
	struct mb2_builder b;

	mb2_begin(&b); /* entry_size 32: a future loader with extra fields */
	mb2_mmap(&b, 32, 2, qemu_like_map);
	mb2_end(&b);
	KTEST_ASSERT(t, parse(&b) == 0);
	KTEST_EXPECT_EQ(t, bi.nr_mmap, 2);
	KTEST_EXPECT_EQ(t, bi.mmap[1].addr, 0x9fc00);
	KTEST_EXPECT_EQ(t, bi.mmap[1].type, E820_RESERVED);
}

static void test_meminfo_fallback(struct ktest *t)
{
	struct mb2_builder b;
	uint32_t meminfo[2] = { 639, 130048 };

	mb2_begin(&b);
	mb2_tag(&b, 4, meminfo, sizeof(meminfo));
	mb2_end(&b);
	KTEST_ASSERT(t, parse(&b) == 0);
	KTEST_EXPECT_EQ(t, bi.nr_mmap, 2);
	KTEST_EXPECT_EQ(t, bi.mmap[1].addr, 0x100000);
	KTEST_EXPECT_EQ(t, bi.mmap[1].len, 130048ull << 10);
}

static void test_bad_sizes(struct ktest *t)
{
	struct mb2_builder b;

	mb2_begin(&b);
	mb2_end(&b);
	KTEST_EXPECT_EQ(t, multiboot2_parse(b.buf, 4, 0x10000, &bi), -EINVAL); /* unreadable */
	KTEST_EXPECT_EQ(t, multiboot2_parse(b.buf, b.len - 1, 0x10000, &bi), -EINVAL); /* total > avail */
	KTEST_EXPECT(t, bi.error[0] != '\0');
	KTEST_EXPECT_EQ(t, multiboot2_parse(b.buf, sizeof(b.buf), 0x10004, &bi), -EINVAL); /* misaligned */
	put32(&b, 0, 12);
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL); /* total_size too small */
}

static void test_bad_tags(struct ktest *t)
{
	struct mb2_builder b;

	mb2_begin(&b);
	uint32_t off = mb2_tag(&b, 1, "x", 2);
	mb2_end(&b);
	put32(&b, off + 4, 4); /* tag size below 8 */
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL);
	put32(&b, off + 4, 4000); /* tag runs past the end */
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL);

	mb2_begin(&b);
	mb2_tag(&b, 1, "x", 2);
	put32(&b, 0, b.len); /* no end tag */
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL);
}

static void test_bad_strings_and_modules(struct ktest *t)
{
	struct mb2_builder b;
	uint32_t mod[3] = { 0x300000, 0x200000, 0 }; /* ends before it starts */

	mb2_begin(&b);
	mb2_tag(&b, 1, "unterminated", 12);
	mb2_end(&b);
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL);

	mb2_begin(&b);
	mb2_tag(&b, 3, mod, sizeof(mod));
	mb2_end(&b);
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL);
}

static void test_bad_mmap(struct ktest *t)
{
	struct mb2_builder b;
	const uint64_t wraps[][3] = { { 0xfffffffffffff000ull, 0x2000, E820_USABLE } };

	mb2_begin(&b);
	mb2_mmap(&b, 0, 0, qemu_like_map); /* entry size 0 */
	mb2_end(&b);
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL);

	mb2_begin(&b);
	mb2_mmap(&b, 20, 1, qemu_like_map); /* too small for an entry */
	mb2_end(&b);
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL);

	mb2_begin(&b);
	mb2_mmap(&b, 24, 1, wraps);
	mb2_end(&b);
	KTEST_EXPECT_EQ(t, parse(&b), -EINVAL);
}

KTEST_SUITE(multiboot2, 0,
	    KTEST_CASE(test_valid_block),
	    KTEST_CASE(test_larger_mmap_entries),
	    KTEST_CASE(test_meminfo_fallback),
	    KTEST_CASE(test_bad_sizes),
	    KTEST_CASE(test_bad_tags),
	    KTEST_CASE(test_bad_strings_and_modules),
	    KTEST_CASE(test_bad_mmap));

/* ---- PVH: a fake physical memory of 64 KiB at address 0x1000000 ---- */

#define FAKE_BASE 0x1000000ull
static uint8_t fake_phys[65536] __aligned(8);

static const void *fake_map(uint64_t pa, uint64_t len)
{
	if (pa < FAKE_BASE || pa - FAKE_BASE > sizeof(fake_phys) || len > sizeof(fake_phys) - (pa - FAKE_BASE))
		return NULL;
	return fake_phys + (pa - FAKE_BASE);
}

/* start info at +0, memmap at +0x100, cmdline at +0x400, modlist at +0x800 */
static void pvh_build(uint32_t memmap_entries)
{
	memset(fake_phys, 0, sizeof(fake_phys));
	uint8_t *si = fake_phys;
	uint32_t magic = 0x336ec578, version = 1;
	memcpy(si + 0, &magic, 4);
	memcpy(si + 4, &version, 4);
	uint64_t cmd = FAKE_BASE + 0x400, mmap = FAKE_BASE + 0x100;
	memcpy(si + 24, &cmd, 8);
	memcpy(si + 40, &mmap, 8);
	memcpy(si + 48, &memmap_entries, 4);
	for (uint32_t i = 0; i < memmap_entries && i < ARRAY_SIZE(qemu_like_map); i++) {
		uint8_t *e = fake_phys + 0x100 + i * 24;
		uint32_t type = (uint32_t)qemu_like_map[i][2];
		memcpy(e, &qemu_like_map[i][0], 8);
		memcpy(e + 8, &qemu_like_map[i][1], 8);
		memcpy(e + 16, &type, 4);
	}
	memcpy(fake_phys + 0x400, "test=all", 9);
}

static void test_pvh_valid(struct ktest *t)
{
	pvh_build(ARRAY_SIZE(qemu_like_map));
	KTEST_ASSERT(t, pvh_parse(FAKE_BASE, fake_map, &bi) == 0);
	KTEST_EXPECT_STREQ(t, bi.protocol, "PVH");
	KTEST_EXPECT_STREQ(t, bi.cmdline, "test=all");
	KTEST_EXPECT_EQ(t, bi.nr_mmap, ARRAY_SIZE(qemu_like_map));
	KTEST_EXPECT_EQ(t, bi.mmap[3].len, 0x7ee0000);
}

static void test_pvh_bad(struct ktest *t)
{
	uint64_t far = 0x7000000000ull;

	KTEST_EXPECT_EQ(t, pvh_parse(far, fake_map, &bi), -EINVAL); /* unreachable start info */
	pvh_build(1);
	fake_phys[0] ^= 0xff; /* bad magic */
	KTEST_EXPECT_EQ(t, pvh_parse(FAKE_BASE, fake_map, &bi), -EINVAL);
	pvh_build(100000); /* absurd entry count */
	KTEST_EXPECT_EQ(t, pvh_parse(FAKE_BASE, fake_map, &bi), -EINVAL);
	pvh_build(1);
	memcpy(fake_phys + 24, &far, 8); /* command line out of reach */
	KTEST_EXPECT_EQ(t, pvh_parse(FAKE_BASE, fake_map, &bi), -EINVAL);
	KTEST_EXPECT(t, bi.error[0] != '\0');
}

KTEST_SUITE(pvh, 0, KTEST_CASE(test_pvh_valid), KTEST_CASE(test_pvh_bad));
