/*
 * kernel/multiboot2.c - parse the multiboot2 boot information block.
 *
 *   +0  u32 total_size   +4 u32 reserved
 *   +8  tags: { u32 type; u32 size; payload }, each 8-byte aligned,
 *       ending with a type-0 tag of size 8.
 *
 * Nothing the loader wrote is trusted: every tag must lie inside
 * total_size, and total_size inside what the caller could map; strings
 * must end inside their tag.  Tags we do not use are skipped.
 * Pure code (no globals), built into the kernel and into host tests.
 */
#include "kernel/bootinfo.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

#define MB2_TAG_END          0
#define MB2_TAG_CMDLINE      1
#define MB2_TAG_LOADER_NAME  2
#define MB2_TAG_MODULE       3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_MMAP         6
#define MB2_TAG_ACPI_OLD     14
#define MB2_TAG_ACPI_NEW     15

#define MB2_MMAP_ENTRY_MIN 24

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_mmap_entry {
	uint64_t addr, len;
	uint32_t type, reserved;
};

static int fail(struct boot_info *bi, const char *fmt, ...) __printf(2, 3);
static int fail(struct boot_info *bi, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(bi->error, sizeof(bi->error), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Copy the NUL-terminated string of a tag payload; it must end inside it. */
static int copy_string(struct boot_info *bi, const uint8_t *s, size_t room, char *dst,
		       size_t dst_size, const char *what)
{
	size_t n = strnlen((const char *)s, room);

	if (n == room)
		return fail(bi, "multiboot2: %s string is not NUL-terminated inside its tag", what);
	if (n >= dst_size)
		bi->dropped++; /* cut, still usable */
	strlcpy(dst, (const char *)s, dst_size);
	return 0;
}

static int parse_mmap(struct boot_info *bi, const uint8_t *tag, uint32_t size)
{
	if (size < 16)
		return fail(bi, "multiboot2: memory map tag too short (%u bytes)", size);
	uint32_t entry_size = get32(tag + 8);
	if (entry_size < MB2_MMAP_ENTRY_MIN || entry_size % 8)
		return fail(bi, "multiboot2: memory map entry size %u is invalid (need >= %d, a multiple of 8)",
			    entry_size, MB2_MMAP_ENTRY_MIN);

	for (uint32_t off = 16; off + entry_size <= size; off += entry_size) {
		struct mb2_mmap_entry e;
		memcpy(&e, tag + off, sizeof(e));
		if (e.len == 0)
			continue;
		if (e.addr + e.len < e.addr)
			return fail(bi, "multiboot2: memory region at 0x%llx of length 0x%llx wraps around",
				    (unsigned long long)e.addr, (unsigned long long)e.len);
		if (bi->nr_mmap == BOOT_MMAP_MAX) {
			bi->dropped++;
			continue;
		}
		bi->mmap[bi->nr_mmap++] = (struct boot_mmap_entry){ e.addr, e.len, e.type };
	}
	return 0;
}

static int parse_module(struct boot_info *bi, const uint8_t *tag, uint32_t size)
{
	if (size < 17)
		return fail(bi, "multiboot2: module tag too short (%u bytes)", size);
	uint32_t start = get32(tag + 8), end = get32(tag + 12);
	if (end < start)
		return fail(bi, "multiboot2: module ends (0x%x) before it starts (0x%x)", end, start);
	if (bi->nr_modules == BOOT_MODULES_MAX) {
		bi->dropped++;
		return 0;
	}
	struct boot_module *m = &bi->modules[bi->nr_modules];
	m->start = start;
	m->end = end;
	int err = copy_string(bi, tag + 16, size - 16, m->cmdline, sizeof(m->cmdline), "module");
	if (!err)
		bi->nr_modules++;
	return err;
}

/* Old loaders give only the BIOS "lower/upper memory" sizes: make two regions of them. */
static void mmap_from_meminfo(struct boot_info *bi, uint32_t lower_kb, uint32_t upper_kb)
{
	bi->mmap[0] = (struct boot_mmap_entry){ 0, (uint64_t)lower_kb << 10, E820_USABLE };
	bi->mmap[1] = (struct boot_mmap_entry){ 0x100000, (uint64_t)upper_kb << 10, E820_USABLE };
	bi->nr_mmap = 2;
}

static int parse_tag(struct boot_info *bi, const uint8_t *tag, uint32_t type, uint32_t size,
		     uint32_t meminfo[2], bool *have_meminfo)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		return copy_string(bi, tag + 8, size - 8, bi->cmdline, sizeof(bi->cmdline), "command line");
	case MB2_TAG_LOADER_NAME:
		return copy_string(bi, tag + 8, size - 8, bi->loader_name, sizeof(bi->loader_name), "boot loader name");
	case MB2_TAG_MODULE:
		return parse_module(bi, tag, size);
	case MB2_TAG_MMAP:
		return parse_mmap(bi, tag, size);
	case MB2_TAG_BASIC_MEMINFO:
		if (size < 16)
			return fail(bi, "multiboot2: basic meminfo tag too short (%u bytes)", size);
		meminfo[0] = get32(tag + 8);
		meminfo[1] = get32(tag + 12);
		*have_meminfo = true;
		return 0;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		if (type == MB2_TAG_ACPI_NEW || bi->rsdp_len == 0) { /* prefer the ACPI 2.0 copy */
			bi->rsdp_len = MIN(size - 8, (uint32_t)sizeof(bi->rsdp));
			memcpy(bi->rsdp, tag + 8, bi->rsdp_len);
		}
		return 0;
	default:
		return 0; /* not used by lom */
	}
}

int multiboot2_parse(const void *info, size_t avail, uint64_t info_pa, struct boot_info *bi)
{
	const uint8_t *p = info;
	uint32_t meminfo[2] = { 0, 0 };
	bool have_meminfo = false, ended = false;

	memset(bi, 0, sizeof(*bi));
	bi->protocol = "multiboot2";
	bi->info_pa = info_pa;
	if (info_pa % 8)
		return fail(bi, "multiboot2: info block at 0x%llx is not 8-byte aligned", (unsigned long long)info_pa);
	if (avail < 8)
		return fail(bi, "multiboot2: info block unreadable (%zu bytes available)", avail);
	uint32_t total = get32(p);
	bi->info_size = total;
	if (total < 16)
		return fail(bi, "multiboot2: total_size %u is too small for even the end tag", total);
	if (total > avail)
		return fail(bi, "multiboot2: total_size %u exceeds the %zu bytes that can be read", total, avail);

	for (uint32_t off = 8; off + 8 <= total;) {
		uint32_t type = get32(p + off), size = get32(p + off + 4);
		if (size < 8)
			return fail(bi, "multiboot2: tag type %u at offset %u has size %u (< 8)", type, off, size);
		if (size > total - off)
			return fail(bi, "multiboot2: tag type %u at offset %u (size %u) runs past total_size %u",
				    type, off, size, total);
		if (type == MB2_TAG_END) {
			ended = true;
			break;
		}
		int err = parse_tag(bi, p + off, type, size, meminfo, &have_meminfo);
		if (err)
			return err;
		off += ALIGN_UP(size, 8u);
	}
	if (!ended)
		return fail(bi, "multiboot2: no end tag within total_size %u", total);
	if (bi->nr_mmap == 0 && have_meminfo)
		mmap_from_meminfo(bi, meminfo[0], meminfo[1]);
	return 0;
}
