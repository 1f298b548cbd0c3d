/*
 * tests/host/fuzz_elf.c - libFuzzer target for the two parsers of
 * untrusted files: elf_parse() (kernel/elf.c) and cpio_for_each()
 * (kernel/fs/cpio.c).
 *
 * Each input is used three ways:
 *
 *   raw        split at the first "LOMCPIO!" (if any): the bytes before go
 *              to elf_parse() (with three different user_tops), the bytes
 *              after to cpio_for_each(); without a separator both get
 *              the whole input.  Each part is copied into a buffer of
 *              exactly its size, so ASan sees any read past its end.
 *   patched    the input read as 4-byte patches (op, offset lo, offset
 *              hi, value) to a valid ELF executable and a valid archive
 *              built at start-up: set a byte, store an interesting 16- or
 *              64-bit value, or cut the file short.  This reaches the
 *              checks deep in the program headers at once.
 *
 * Whatever the parsers return must satisfy their contracts; anything
 * else is a crash libFuzzer keeps:
 *   elf  success: 1..ELF_MAX_LOADS loads, sorted, disjoint, inside the file
 *        and inside [max(start, PAGE_SIZE), end) within user_top; entry in
 *        an executable load; phdr_addr 0 or inside a load's file bytes.
 *        failure: -ENOEXEC or -EINVAL, a reason, *out zeroed.
 *   cpio every entry's name and data inside the buffer, name NUL-terminated
 *        at namelen; on -EINVAL a reason, a bad offset within the buffer,
 *        and fn never called.
 *
 *   make fuzz FUZZ_SECONDS=300        (make test runs it for a few seconds)
 */
#define _GNU_SOURCE /* memmem */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/fs/cpio.h"
#include "kernel/memlayout.h"

#define SEPARATOR     "LOMCPIO!"
#define MAX_PATCHES   64
#define TEMPLATE_MAX  0x2000

static const uint64_t user_tops[] = { 0x7ffffffff000ull, 0x40000000ull, ~0ull };

static uint8_t elf_template[TEMPLATE_MAX], cpio_template[TEMPLATE_MAX];
static size_t elf_template_len, cpio_template_len;

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_elf: %s\n", what);
	__builtin_trap();
}

#define REQUIRE(cond)                     \
	do {                              \
		if (!(cond))              \
			fail(#cond);      \
	} while (0)

/* ---- elf ---- */

static bool holds(const struct elf_load *l, uint64_t addr, uint64_t len, bool file_bytes)
{
	uint64_t n = file_bytes ? l->filesz : l->memsz;

	return addr >= l->vaddr && addr - l->vaddr <= n && len <= n - (addr - l->vaddr);
}

static void check_image(size_t size, uint64_t user_top, const struct elf_image *img)
{
	uint64_t top = user_top & ~(uint64_t)(PAGE_SIZE - 1);
	const struct elf_load *first = &img->load[0], *last;
	bool entry_ok = false, phdr_ok = img->phdr_addr == 0;

	REQUIRE(img->nr_loads >= 1 && img->nr_loads <= ELF_MAX_LOADS);
	last = &img->load[img->nr_loads - 1];
	REQUIRE(img->type == ET_EXEC || img->type == ET_DYN);
	REQUIRE(img->type == ET_DYN || img->load_bias == 0);
	REQUIRE(img->phentsize == sizeof(Elf64_Phdr));
	REQUIRE(img->phnum >= img->nr_loads && img->phnum <= ELF_MAX_PHNUM);
	REQUIRE(img->start % PAGE_SIZE == 0 && img->end % PAGE_SIZE == 0);
	REQUIRE(img->start >= PAGE_SIZE && img->start < img->end && img->end <= top);
	REQUIRE(img->start == (first->vaddr & ~(uint64_t)(PAGE_SIZE - 1)));
	REQUIRE(img->type == ET_EXEC || img->start == ELF_ET_DYN_BASE);
	for (unsigned i = 0; i < img->nr_loads; i++) {
		const struct elf_load *l = &img->load[i];

		REQUIRE(l->memsz > 0 && l->filesz <= l->memsz);
		REQUIRE(l->offset <= size && l->filesz <= size - l->offset);
		REQUIRE((l->vaddr - l->offset) % PAGE_SIZE == 0);
		REQUIRE(l->vaddr >= img->start && l->vaddr <= img->end && l->memsz <= img->end - l->vaddr);
		REQUIRE((l->prot & ~(unsigned)(ELF_PROT_READ | ELF_PROT_WRITE | ELF_PROT_EXEC)) == 0);
		if (i > 0)
			REQUIRE(l->vaddr >= img->load[i - 1].vaddr + img->load[i - 1].memsz);
		if ((l->prot & ELF_PROT_EXEC) && holds(l, img->entry, 1, false))
			entry_ok = true;
		if (holds(l, img->phdr_addr, (uint64_t)img->phnum * sizeof(Elf64_Phdr), true))
			phdr_ok = true;
	}
	REQUIRE(img->end == ((last->vaddr + last->memsz + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1)));
	REQUIRE(entry_ok);
	REQUIRE(phdr_ok);
}

static void fuzz_elf_parse(const uint8_t *data, size_t size)
{
	static const struct elf_image zero;
	uint8_t *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	for (size_t i = 0; i < sizeof(user_tops) / sizeof(user_tops[0]); i++) {
		struct elf_image img;
		const char *why = "unset";
		int ret = elf_parse(copy, size, user_tops[i], &img, &why);

		if (ret == 0) {
			REQUIRE(why == NULL);
			check_image(size, user_tops[i], &img);
		} else {
			REQUIRE(ret == -ENOEXEC || ret == -EINVAL);
			REQUIRE(why != NULL && why[0] != '\0' && strcmp(why, "unset") != 0);
			REQUIRE(memcmp(&img, &zero, sizeof(img)) == 0);
		}
	}
	free(copy);
}

/* ---- cpio ---- */

struct walk {
	const uint8_t *base;
	size_t size;
	unsigned calls, stop_at;
};

static int check_entry(const struct cpio_entry *e, void *arg)
{
	struct walk *w = arg;
	const uint8_t *name = (const uint8_t *)e->name, *data = e->data;

	REQUIRE(name >= w->base && name < w->base + w->size);
	REQUIRE(e->namelen > 0 && e->namelen < w->size - (size_t)(name - w->base));
	REQUIRE(name[e->namelen] == '\0' && strlen(e->name) == e->namelen);
	REQUIRE(strcmp(e->name, "TRAILER!!!") != 0);
	REQUIRE(data >= w->base && data <= w->base + w->size);
	REQUIRE(e->size <= w->size - (size_t)(data - w->base));
	REQUIRE(data >= name + e->namelen + 1);
	return ++w->calls == w->stop_at ? 1 : 0;
}

static void fuzz_cpio(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	struct walk w = { .base = copy, .size = size, .stop_at = size % 7 };
	const char *why = "unset";
	size_t bad = ~(size_t)0;
	int ret;

	memcpy(copy, data, size);
	ret = cpio_for_each(copy, size, check_entry, &w, &why, &bad);
	if (ret == -EINVAL) {
		REQUIRE(why != NULL && strcmp(why, "unset") != 0);
		REQUIRE(bad <= size && bad % 4 == 0);
		REQUIRE(w.calls == 0);
	} else if (ret == 1) {
		REQUIRE(w.stop_at != 0 && w.calls == w.stop_at);
	} else {
		REQUIRE(ret == 0 && why == NULL);
		REQUIRE(w.stop_at == 0 || w.calls < w.stop_at);
	}
	free(copy);
}

/* ---- templates and patches ---- */

static void add_phdr(Elf64_Phdr *ph, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		     uint64_t filesz, uint64_t memsz)
{
	*ph = (Elf64_Phdr){ .p_type = type, .p_flags = flags, .p_offset = off, .p_vaddr = vaddr,
			    .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz, .p_align = 0x1000 };
}

/* A static executable: PT_PHDR, 4 loads (two sharing a page), PT_GNU_STACK, PT_TLS. */
static void build_elf_template(void)
{
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph[7];

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_entry = 0x401010;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = 7;
	add_phdr(&ph[0], PT_PHDR, PF_R, 0x40, 0x400040, 7 * 56, 7 * 56);
	add_phdr(&ph[1], PT_LOAD, PF_R, 0, 0x400000, 0x200, 0x200);
	add_phdr(&ph[2], PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x100, 0x100);
	add_phdr(&ph[3], PT_LOAD, PF_R, 0x1100, 0x401100, 0x80, 0x80);
	add_phdr(&ph[4], PT_LOAD, PF_R | PF_W, 0x1180, 0x402180, 0x80, 0x3000);
	add_phdr(&ph[5], PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	add_phdr(&ph[6], PT_TLS, PF_R, 0x1180, 0x402180, 0x10, 0x20);
	elf_template_len = 0x1200;
	for (size_t i = 0; i < elf_template_len; i++)
		elf_template[i] = (uint8_t)(i * 13);
	memcpy(elf_template, &eh, sizeof(eh));
	memcpy(elf_template + sizeof(eh), ph, sizeof(ph));
}

static void cpio_put(const char *name, uint32_t mode, const char *data)
{
	size_t namesize = strlen(name) + 1, size = strlen(data);
	/* ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check */
	uint32_t fields[13] = { 1, mode, 0, 0, 1, 0, (uint32_t)size, 0, 0, 0, 0, (uint32_t)namesize, 0 };
	uint8_t *p = cpio_template + cpio_template_len;

	memcpy(p, "070701", 6);
	for (int f = 0; f < 13; f++)
		for (int d = 0; d < 8; d++)
			p[6 + f * 8 + d] = "0123456789ABCDEF"[fields[f] >> (28 - 4 * d) & 15];
	cpio_template_len += 110;
	memcpy(cpio_template + cpio_template_len, name, namesize);
	cpio_template_len = (cpio_template_len + namesize + 3) & ~(size_t)3;
	memcpy(cpio_template + cpio_template_len, data, size);
	cpio_template_len = (cpio_template_len + size + 3) & ~(size_t)3;
}

static void build_cpio_template(void)
{
	cpio_put("bin", 0040755, "");
	cpio_put("bin/init", 0100755, "\x7f" "ELF...");
	cpio_put("etc/motd", 0100644, "hi\n");
	cpio_put("lnk", 0120777, "bin/init");
	cpio_put("TRAILER!!!", 0, "");
}

static const uint64_t interesting64[] = {
	0, 1, 0x40, 0xfff, 0x1000, 0x1001, 0x200000, 0x400000, 0x401000, 0x555555554000,
	0x7ffffffff000, 0x800000000000, 0xfffffffffffff000, ~0ull, ~0ull - 0x37, 1ull << 63,
};
static const uint16_t interesting16[] = {
	0, 1, 2, 3, 4, 6, 56, 64, 62, 128, 129, 0xffff, 0x6474e551 & 0xffff, 0x8000,
};

/* Apply the input's patches to a copy of a template; returns the new length. */
static size_t patch(uint8_t *t, size_t n, const uint8_t *data, size_t size)
{
	for (size_t i = 0; i + 4 <= size && i < 4 * MAX_PATCHES && n > 0; i += 4) {
		uint8_t op = data[i], val = data[i + 3];
		size_t off = (size_t)(data[i + 1] | data[i + 2] << 8);

		switch (op % 4) {
		case 0:
			t[off % n] = val;
			break;
		case 1:
			if (n >= 8) {
				uint64_t v = interesting64[val % (sizeof(interesting64) / 8)];

				memcpy(t + off % (n - 7), &v, 8);
			}
			break;
		case 2:
			if (n >= 2) {
				uint16_t v = interesting16[val % (sizeof(interesting16) / 2)];

				memcpy(t + off % (n - 1), &v, 2);
			}
			break;
		case 3:
			n = off % (n + 1);
			break;
		}
	}
	return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	build_elf_template();
	build_cpio_template();
	/* the unpatched templates must be good, or the patched runs explore little */
	{
		struct elf_image img;
		struct walk w = { .base = cpio_template, .size = cpio_template_len };

		REQUIRE(elf_parse(elf_template, elf_template_len, user_tops[0], &img, NULL) == 0);
		REQUIRE(img.nr_loads == 4 && img.phdr_addr == 0x400040);
		REQUIRE(cpio_for_each(cpio_template, cpio_template_len, check_entry, &w, NULL, NULL) == 0);
		REQUIRE(w.calls == 4);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t work[TEMPLATE_MAX];
	const uint8_t *sep = memmem(data, size, SEPARATOR, sizeof(SEPARATOR) - 1);
	size_t n;

	if (sep) {
		size_t elf_len = (size_t)(sep - data), skip = elf_len + sizeof(SEPARATOR) - 1;

		fuzz_elf_parse(data, elf_len);
		fuzz_cpio(data + skip, size - skip);
	} else {
		fuzz_elf_parse(data, size);
		fuzz_cpio(data, size);
	}

	memcpy(work, elf_template, elf_template_len);
	n = patch(work, elf_template_len, data, size);
	fuzz_elf_parse(work, n);
	memcpy(work, cpio_template, cpio_template_len);
	n = patch(work, cpio_template_len, data, size);
	fuzz_cpio(work, n);
	return 0;
}
