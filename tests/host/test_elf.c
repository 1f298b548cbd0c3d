/*
 * tests/host/test_elf.c - elf_parse() (kernel/elf.c) on ELF images built
 * in memory: good static executables and static PIEs, then one bad
 * variant per check, each expected to fail with the errno the header
 * promises and the reason naming that check.
 *
 * The images are described with the host's <elf.h> (Elf64_Ehdr,
 * Elf64_Phdr), not with kernel/elf.c's own structures, so the layout is
 * checked independently too.  Every image handed to elf_parse() sits in
 * a heap buffer of exactly its size, so that ASan reports any read past
 * the end.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/memlayout.h"

#define USER_TOP 0x7ffffffff000ull /* Linux's TASK_SIZE on x86-64 (4-level paging) */
#define MAX_PH   160

struct spec {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PH];
	unsigned nph;  /* headers written at e_phoff (e_phnum may say otherwise) */
	size_t size;   /* file size */
};

static void add_ph(struct spec *s, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		   uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr *ph = &s->ph[s->nph++];

	*ph = (Elf64_Phdr){ .p_type = type, .p_flags = flags, .p_offset = off, .p_vaddr = vaddr,
			    .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz,
			    .p_align = type == PT_LOAD ? 0x1000 : 8 };
	s->eh.e_phnum = s->nph;
}

static void spec_header(struct spec *s, uint16_t type)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->eh.e_ident, ELFMAG, SELFMAG);
	s->eh.e_ident[EI_CLASS] = ELFCLASS64;
	s->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	s->eh.e_ident[EI_VERSION] = EV_CURRENT;
	s->eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
	s->eh.e_type = type;
	s->eh.e_machine = EM_X86_64;
	s->eh.e_version = EV_CURRENT;
	s->eh.e_phoff = sizeof(Elf64_Ehdr);
	s->eh.e_ehsize = sizeof(Elf64_Ehdr);
	s->eh.e_phentsize = sizeof(Elf64_Phdr);
}

/*
 * A static executable as GNU ld lays one out, in small:
 *   ph[0] R   file [0, 0x200)      at 0x400000   (ELF and program headers)
 *   ph[1] RX  file [0x1000,0x1100) at 0x401000   (text; entry 0x401010)
 *   ph[2] RW  file [0x1100,0x1180) at 0x402100, memsz 0x2000 (data + bss)
 *   ph[3] PT_GNU_STACK RW
 * The file ends with the data segment, so any shorter prefix is refused.
 */
static void spec_exec(struct spec *s)
{
	spec_header(s, ET_EXEC);
	s->eh.e_entry = 0x401010;
	add_ph(s, PT_LOAD, PF_R, 0, 0x400000, 0x200, 0x200);
	add_ph(s, PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x100, 0x100);
	add_ph(s, PT_LOAD, PF_R | PF_W, 0x1100, 0x402100, 0x80, 0x2000);
	add_ph(s, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	s->size = 0x1180;
}

/* A static PIE linked at 0, with PT_PHDR first as ld -pie writes it. */
static void spec_pie(struct spec *s)
{
	spec_header(s, ET_DYN);
	s->eh.e_entry = 0x1040;
	add_ph(s, PT_PHDR, PF_R, 0x40, 0x40, 4 * sizeof(Elf64_Phdr), 4 * sizeof(Elf64_Phdr));
	add_ph(s, PT_LOAD, PF_R, 0, 0, 0x200, 0x200);
	add_ph(s, PT_LOAD, PF_R | PF_X, 0x1000, 0x1000, 0x100, 0x100);
	add_ph(s, PT_LOAD, PF_R | PF_W, 0x1100, 0x2100, 0x80, 0x1000);
	s->size = 0x1180;
}

/* The file image in a heap buffer of exactly s->size bytes (free() it). */
static uint8_t *build(const struct spec *s)
{
	uint8_t *buf = malloc(s->size ? s->size : 1);

	for (size_t i = 0; i < s->size; i++)
		buf[i] = (uint8_t)(i * 7 + 1); /* segment contents: anything but zeros */
	for (unsigned i = 0; i < s->nph; i++) {
		uint64_t off = (uint64_t)i * sizeof(Elf64_Phdr);

		if (s->eh.e_phoff <= s->size && off <= s->size - s->eh.e_phoff &&
		    sizeof(Elf64_Phdr) <= s->size - s->eh.e_phoff - off)
			memcpy(buf + s->eh.e_phoff + off, &s->ph[i], sizeof(Elf64_Phdr));
	}
	/* last: program headers overlapping it (a bad e_phoff) do not clobber it */
	memcpy(buf, &s->eh, MIN(sizeof(s->eh), s->size));
	return buf;
}

static int parse(const struct spec *s, uint64_t user_top, struct elf_image *img, const char **why)
{
	uint8_t *buf = build(s);
	int ret = elf_parse(buf, s->size, user_top, img, why);

	free(buf);
	return ret;
}

static void expect_load(struct ktest *t, const struct elf_load *l, uint64_t vaddr, uint64_t memsz,
			uint64_t offset, uint64_t filesz, unsigned prot)
{
	KTEST_EXPECT_EQ(t, l->vaddr, vaddr);
	KTEST_EXPECT_EQ(t, l->memsz, memsz);
	KTEST_EXPECT_EQ(t, l->offset, offset);
	KTEST_EXPECT_EQ(t, l->filesz, filesz);
	KTEST_EXPECT_EQ(t, l->prot, prot);
}

/* ---- good images ---- */

static void test_elf_static_exec(struct ktest *t)
{
	struct elf_image img;
	const char *why = "unset";
	struct spec s;

	spec_exec(&s);
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, &why) == 0);
	KTEST_EXPECT(t, why == NULL);
	KTEST_EXPECT_EQ(t, img.type, ET_EXEC);
	KTEST_EXPECT_EQ(t, img.load_bias, 0);
	KTEST_EXPECT_EQ(t, img.entry, 0x401010);
	KTEST_EXPECT_EQ(t, img.phdr_addr, 0x400040); /* no PT_PHDR: found through e_phoff */
	KTEST_EXPECT_EQ(t, img.phnum, 4);
	KTEST_EXPECT_EQ(t, img.phentsize, 56);
	KTEST_ASSERT(t, img.nr_loads == 3);
	expect_load(t, &img.load[0], 0x400000, 0x200, 0, 0x200, ELF_PROT_READ);
	expect_load(t, &img.load[1], 0x401000, 0x100, 0x1000, 0x100, ELF_PROT_READ | ELF_PROT_EXEC);
	expect_load(t, &img.load[2], 0x402100, 0x2000, 0x1100, 0x80, ELF_PROT_READ | ELF_PROT_WRITE);
	KTEST_EXPECT_EQ(t, img.start, 0x400000);
	KTEST_EXPECT_EQ(t, img.end, 0x405000);
	KTEST_EXPECT(t, !img.exec_stack);
}

static void test_elf_exec_with_pt_phdr(struct ktest *t)
{
	struct elf_image img;
	struct spec s;

	spec_exec(&s);
	add_ph(&s, PT_PHDR, PF_R, 0x40, 0x400040, 5 * 56, 5 * 56);
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT_EQ(t, img.phdr_addr, 0x400040);
	KTEST_EXPECT_EQ(t, img.phnum, 5);

	/* PT_PHDR wins over e_phoff: it says where the user finds the headers */
	spec_exec(&s);
	s.ph[2].p_filesz = 0x200;
	s.size = 0x1300;
	add_ph(&s, PT_PHDR, PF_R, 0x1140, 0x402140, 5 * 56, 5 * 56);
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT_EQ(t, img.phdr_addr, 0x402140);
}

/* Four loads, two of them sharing a page (their bytes do not overlap). */
static void test_elf_four_loads_sharing_a_page(struct ktest *t)
{
	struct elf_image img;
	struct spec s;

	spec_header(&s, ET_EXEC);
	s.eh.e_entry = 0x401000;
	add_ph(&s, PT_LOAD, PF_R, 0, 0x400000, 0x200, 0x200);
	add_ph(&s, PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x80, 0x80);
	add_ph(&s, PT_LOAD, PF_R, 0x1080, 0x401080, 0x80, 0x80); /* same page as the text */
	add_ph(&s, PT_LOAD, PF_R | PF_W, 0x1100, 0x401100, 0x80, 0x10000);
	s.size = 0x1180;
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_ASSERT(t, img.nr_loads == 4);
	KTEST_EXPECT_EQ(t, img.load[2].vaddr, 0x401080);
	KTEST_EXPECT_EQ(t, img.start, 0x400000);
	KTEST_EXPECT_EQ(t, img.end, 0x412000);
	KTEST_EXPECT(t, img.exec_stack); /* no PT_GNU_STACK */
}

static void test_elf_static_pie_at_zero(struct ktest *t)
{
	struct elf_image img;
	struct spec s;

	spec_pie(&s);
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT_EQ(t, img.type, ET_DYN);
	KTEST_EXPECT_EQ(t, img.load_bias, ELF_ET_DYN_BASE);
	KTEST_EXPECT_EQ(t, img.entry, 0x555555555040);
	KTEST_EXPECT_EQ(t, img.phdr_addr, 0x555555554040);
	KTEST_ASSERT(t, img.nr_loads == 3);
	expect_load(t, &img.load[0], 0x555555554000, 0x200, 0, 0x200, ELF_PROT_READ);
	expect_load(t, &img.load[1], 0x555555555000, 0x100, 0x1000, 0x100,
		    ELF_PROT_READ | ELF_PROT_EXEC);
	expect_load(t, &img.load[2], 0x555555556100, 0x1000, 0x1100, 0x80,
		    ELF_PROT_READ | ELF_PROT_WRITE);
	KTEST_EXPECT_EQ(t, img.start, 0x555555554000);
	KTEST_EXPECT_EQ(t, img.end, 0x555555558000);
}

/* A PIE linked above ELF_ET_DYN_BASE: the bias is "negative" (mod 2^64). */
static void test_elf_pie_linked_high(struct ktest *t)
{
	struct elf_image img;
	struct spec s;

	spec_pie(&s);
	for (unsigned i = 0; i < s.nph; i++)
		s.ph[i].p_vaddr += 0x600000000000;
	s.eh.e_entry += 0x600000000000;
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT_EQ(t, img.load_bias, ELF_ET_DYN_BASE - 0x600000000000);
	KTEST_EXPECT_EQ(t, img.load[0].vaddr, ELF_ET_DYN_BASE);
	KTEST_EXPECT_EQ(t, img.entry, 0x555555555040);
	KTEST_EXPECT_EQ(t, img.phdr_addr, 0x555555554040);

	/* first load not page-aligned: the bias is from its page */
	spec_pie(&s);
	s.ph[1].p_offset = s.ph[1].p_vaddr = 0x100;
	s.ph[1].p_filesz = s.ph[1].p_memsz = 0x100;
	s.ph[0].p_offset = s.ph[0].p_vaddr = 0x100; /* PT_PHDR moves along */
	s.eh.e_phoff = 0x100;
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT_EQ(t, img.load_bias, ELF_ET_DYN_BASE);
	KTEST_EXPECT_EQ(t, img.load[0].vaddr, 0x555555554100);
	KTEST_EXPECT_EQ(t, img.start, 0x555555554000);
}

static void test_elf_gnu_stack_and_osabi(struct ktest *t)
{
	struct elf_image img;
	struct spec s;

	spec_exec(&s);
	s.ph[3].p_flags = PF_R | PF_W | PF_X;
	s.eh.e_ident[EI_OSABI] = ELFOSABI_GNU;
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT(t, img.exec_stack);

	spec_exec(&s);
	s.ph[3].p_type = PT_NOTE; /* no PT_GNU_STACK at all */
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT(t, img.exec_stack);
}

/* Headers no load covers, loads of memsz 0, the limits themselves. */
static void test_elf_edges_accepted(struct ktest *t)
{
	struct elf_image img;
	struct spec s;

	spec_exec(&s); /* program headers after the last segment: mapped nowhere */
	s.eh.e_phoff = 0x1180;
	s.size = 0x1180 + 4 * 56;
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT_EQ(t, img.phdr_addr, 0);

	spec_exec(&s); /* an empty load maps nothing and is skipped */
	add_ph(&s, PT_LOAD, PF_R, 0x100, 0x1100, 0, 0); /* and not sorted */
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT_EQ(t, img.nr_loads, 3);

	spec_exec(&s); /* the last byte just below user_top, which need not be page-aligned */
	KTEST_ASSERT(t, parse(&s, 0x405000, &img, NULL) == 0);
	KTEST_EXPECT(t, parse(&s, 0x404fff, &img, NULL) == -EINVAL);

	spec_header(&s, ET_EXEC); /* exactly ELF_MAX_LOADS loads, ELF_MAX_PHNUM headers */
	s.eh.e_entry = 0x401000;
	for (unsigned i = 0; i < ELF_MAX_LOADS; i++)
		add_ph(&s, PT_LOAD, PF_R | PF_X, 0x2000, 0x401000 + i * 0x1000, 0x10, 0x10);
	while (s.nph < ELF_MAX_PHNUM)
		add_ph(&s, PT_NULL, 0, 0, 0, 0, 0);
	s.size = 0x2010;
	KTEST_ASSERT(t, parse(&s, USER_TOP, &img, NULL) == 0);
	KTEST_EXPECT_EQ(t, img.nr_loads, ELF_MAX_LOADS);
	KTEST_EXPECT_EQ(t, img.phnum, ELF_MAX_PHNUM);
	KTEST_EXPECT_EQ(t, img.end, 0x411000);

	spec_exec(&s); /* entry in the bss of an executable load: inside it */
	s.ph[1].p_memsz = 0x800;
	s.eh.e_entry = 0x401700;
	KTEST_EXPECT_EQ(t, parse(&s, USER_TOP, &img, NULL), 0);
}

/* The file at an odd address: nothing may assume alignment (UBSan). */
static void test_elf_unaligned_buffer(struct ktest *t)
{
	struct elf_image a, b;
	struct spec s;
	uint8_t *img, *odd;

	spec_exec(&s);
	img = build(&s);
	odd = malloc(s.size + 1);
	memcpy(odd + 1, img, s.size);
	KTEST_EXPECT_EQ(t, elf_parse(img, s.size, USER_TOP, &a, NULL), 0);
	KTEST_EXPECT_EQ(t, elf_parse(odd + 1, s.size, USER_TOP, &b, NULL), 0);
	KTEST_EXPECT(t, memcmp(&a, &b, sizeof(a)) == 0);
	free(odd);
	free(img);
}

/* ---- bad images: one check each ---- */

struct bad_case {
	const char *name;
	void (*make)(struct spec *s);
	int err;
	const char *why; /* a piece of the expected reason */
};

static void bad_magic(struct spec *s) { spec_exec(s); s->eh.e_ident[1] = 'e'; }
static void bad_class32(struct spec *s) { spec_exec(s); s->eh.e_ident[EI_CLASS] = ELFCLASS32; }
static void bad_big_endian(struct spec *s) { spec_exec(s); s->eh.e_ident[EI_DATA] = ELFDATA2MSB; }
static void bad_ident_version(struct spec *s) { spec_exec(s); s->eh.e_ident[EI_VERSION] = 0; }
static void bad_e_version(struct spec *s) { spec_exec(s); s->eh.e_version = 2; }
static void bad_osabi(struct spec *s) { spec_exec(s); s->eh.e_ident[EI_OSABI] = ELFOSABI_FREEBSD; }
static void bad_machine_386(struct spec *s) { spec_exec(s); s->eh.e_machine = EM_386; }
static void bad_machine_arm64(struct spec *s) { spec_exec(s); s->eh.e_machine = EM_AARCH64; }
static void bad_type_rel(struct spec *s) { spec_exec(s); s->eh.e_type = ET_REL; }
static void bad_type_core(struct spec *s) { spec_exec(s); s->eh.e_type = ET_CORE; }
static void bad_type_none(struct spec *s) { spec_exec(s); s->eh.e_type = ET_NONE; }
static void bad_ehsize(struct spec *s) { spec_exec(s); s->eh.e_ehsize = 52; }
static void bad_phentsize(struct spec *s) { spec_exec(s); s->eh.e_phentsize = 64; }
static void bad_phentsize32(struct spec *s) { spec_exec(s); s->eh.e_phentsize = 32; }
static void bad_phoff_past_end(struct spec *s) { spec_exec(s); s->eh.e_phoff = 0x1180; }
static void bad_phoff_wraps(struct spec *s) { spec_exec(s); s->eh.e_phoff = ~0ull - 8; }
static void bad_phnum_past_end(struct spec *s) { spec_exec(s); s->eh.e_phoff = 0x1180 - 3 * 56; }
static void bad_phnum_zero(struct spec *s) { spec_exec(s); s->eh.e_phnum = 0; }
static void bad_phoff_in_ehdr(struct spec *s) { spec_exec(s); s->eh.e_phoff = 0; }

static void bad_too_many_phdrs(struct spec *s)
{
	spec_exec(s);
	while (s->nph < ELF_MAX_PHNUM + 1)
		add_ph(s, PT_NULL, 0, 0, 0, 0, 0);
	s->size = 0x4000;
}

static void bad_filesz_gt_memsz(struct spec *s) { spec_exec(s); s->ph[2].p_memsz = 0x7f; }
static void bad_segment_past_eof(struct spec *s) { spec_exec(s); s->ph[2].p_filesz = 0x81; }
static void bad_offset_past_eof(struct spec *s)
{
	spec_exec(s);
	s->ph[1].p_offset = 0x2000;
	s->ph[1].p_vaddr = 0x402000;
}

static void bad_offset_wraps(struct spec *s)
{
	spec_exec(s);
	s->ph[1].p_offset = ~0ull - 0xfff; /* congruent with 0x401000, + filesz wraps */
	s->ph[1].p_vaddr = 0x401000;
}

static void bad_incongruent(struct spec *s) { spec_exec(s); s->ph[2].p_vaddr = 0x402108; }
static void bad_align(struct spec *s) { spec_exec(s); s->ph[1].p_align = 0x1800; }

static void bad_vaddr_memsz_wraps(struct spec *s)
{
	spec_exec(s);
	s->ph[2].p_vaddr = 0xfffffffffffff100; /* congruent with 0x1100 */
	s->ph[2].p_memsz = 0x1000;
}

static void bad_huge_memsz(struct spec *s) { spec_exec(s); s->ph[2].p_memsz = 0x800000000000; }
static void bad_just_past_top(struct spec *s) { spec_exec(s); s->ph[2].p_memsz = USER_TOP - 0x402100 + 1; }
static void bad_memsz_max(struct spec *s) { spec_exec(s); s->ph[2].p_memsz = ~0ull; }

static void bad_vaddr_beyond_top(struct spec *s)
{
	spec_exec(s);
	s->ph[2].p_vaddr = USER_TOP + 0x100;
}

static void bad_page_zero(struct spec *s)
{
	spec_exec(s);
	s->ph[0].p_vaddr = 0; /* the ELF header at address 0 */
	s->eh.e_phoff = 0x40;
}

static void bad_pie_beyond_top(struct spec *s) { spec_pie(s); s->ph[3].p_memsz = USER_TOP - ELF_ET_DYN_BASE; }
static void bad_overlap(struct spec *s) { spec_exec(s); s->ph[1].p_memsz = 0x1101; }
static void bad_overlap_by_one_byte(struct spec *s) /* in a page both share */
{
	spec_exec(s);
	s->ph[2].p_vaddr = 0x401100;
	s->ph[1].p_memsz = 0x101;
}

static void bad_unsorted(struct spec *s)
{
	Elf64_Phdr tmp;

	spec_exec(s);
	tmp = s->ph[1];
	s->ph[1] = s->ph[2];
	s->ph[2] = tmp;
}

static void bad_entry_outside(struct spec *s) { spec_exec(s); s->eh.e_entry = 0x401100; }
static void bad_entry_zero(struct spec *s) { spec_exec(s); s->eh.e_entry = 0; }
static void bad_entry_not_exec(struct spec *s) { spec_exec(s); s->eh.e_entry = 0x402100; }
static void bad_interp(struct spec *s) { spec_exec(s); add_ph(s, PT_INTERP, PF_R, 0x120, 0x400120, 28, 28); }

static void bad_interp_and_more(struct spec *s) /* PT_INTERP is named whatever else is wrong */
{
	bad_unsorted(s);
	add_ph(s, PT_INTERP, PF_R, 0x120, 0x400120, 28, 28);
}

static void bad_no_loads(struct spec *s)
{
	spec_exec(s);
	s->ph[0].p_type = s->ph[1].p_type = s->ph[2].p_type = PT_NOTE;
}

static void bad_only_empty_loads(struct spec *s)
{
	spec_exec(s);
	for (int i = 0; i < 3; i++)
		s->ph[i].p_filesz = s->ph[i].p_memsz = 0;
}

static void bad_too_many_loads(struct spec *s)
{
	spec_header(s, ET_EXEC);
	s->eh.e_entry = 0x401000;
	for (unsigned i = 0; i < ELF_MAX_LOADS + 1; i++)
		add_ph(s, PT_LOAD, PF_R | PF_X, 0x2000, 0x401000 + i * 0x1000, 0x10, 0x10);
	s->size = 0x2010;
}

static void bad_two_pt_phdr(struct spec *s)
{
	spec_pie(s);
	add_ph(s, PT_PHDR, PF_R, 0x40, 0x40, 56, 56);
}

static void bad_pt_phdr_outside(struct spec *s) { spec_pie(s); s->ph[0].p_vaddr = 0x800; }
static void bad_pt_phdr_in_bss(struct spec *s) { spec_pie(s); s->ph[0].p_vaddr = 0x2200; }
static void bad_pt_phdr_wraps(struct spec *s) { spec_pie(s); s->ph[0].p_vaddr = ~0ull - 8; }

static const struct bad_case bad_cases[] = {
	{ "bad magic", bad_magic, -ENOEXEC, "magic" },
	{ "ELFCLASS32", bad_class32, -ENOEXEC, "64-bit" },
	{ "big endian", bad_big_endian, -ENOEXEC, "little-endian" },
	{ "EI_VERSION 0", bad_ident_version, -ENOEXEC, "version" },
	{ "e_version 2", bad_e_version, -ENOEXEC, "version" },
	{ "FreeBSD OS ABI", bad_osabi, -ENOEXEC, "OS ABI" },
	{ "EM_386", bad_machine_386, -ENOEXEC, "x86-64" },
	{ "EM_AARCH64", bad_machine_arm64, -ENOEXEC, "x86-64" },
	{ "ET_REL", bad_type_rel, -ENOEXEC, "ET_REL" },
	{ "ET_CORE", bad_type_core, -ENOEXEC, "ET_CORE" },
	{ "ET_NONE", bad_type_none, -ENOEXEC, "e_type" },
	{ "e_ehsize 52", bad_ehsize, -ENOEXEC, "e_ehsize" },
	{ "e_phentsize 64", bad_phentsize, -ENOEXEC, "e_phentsize" },
	{ "e_phentsize 32", bad_phentsize32, -ENOEXEC, "e_phentsize" },
	{ "e_phoff at end of file", bad_phoff_past_end, -ENOEXEC, "program headers run past" },
	{ "e_phoff + size wraps", bad_phoff_wraps, -ENOEXEC, "program headers run past" },
	{ "e_phnum past end of file", bad_phnum_past_end, -ENOEXEC, "program headers run past" },
	{ "e_phnum 0", bad_phnum_zero, -ENOEXEC, "no program headers" },
	{ "e_phnum 129", bad_too_many_phdrs, -ENOEXEC, "too many program headers" },
	{ "e_phoff 0", bad_phoff_in_ehdr, -EINVAL, "overlap the ELF header" },
	{ "p_filesz > p_memsz", bad_filesz_gt_memsz, -EINVAL, "p_filesz > p_memsz" },
	{ "segment past EOF", bad_segment_past_eof, -EINVAL, "past the end of the file" },
	{ "p_offset past EOF", bad_offset_past_eof, -EINVAL, "past the end of the file" },
	{ "p_offset + p_filesz wraps", bad_offset_wraps, -EINVAL, "past the end of the file" },
	{ "vaddr/offset incongruent", bad_incongruent, -EINVAL, "modulo the page size" },
	{ "p_align not a power of 2", bad_align, -EINVAL, "p_align" },
	{ "p_vaddr + p_memsz wraps", bad_vaddr_memsz_wraps, -EINVAL, "overflows" },
	{ "huge p_memsz", bad_huge_memsz, -EINVAL, "top of user space" },
	{ "one byte past user_top", bad_just_past_top, -EINVAL, "top of user space" },
	{ "p_memsz ~0", bad_memsz_max, -EINVAL, "overflows" },
	{ "p_vaddr beyond user_top", bad_vaddr_beyond_top, -EINVAL, "top of user space" },
	{ "segment in page 0", bad_page_zero, -EINVAL, "page 0" },
	{ "PIE beyond user_top", bad_pie_beyond_top, -EINVAL, "top of user space" },
	{ "overlapping loads", bad_overlap, -EINVAL, "overlap" },
	{ "overlap by one byte in a shared page", bad_overlap_by_one_byte, -EINVAL, "overlap" },
	{ "unsorted loads", bad_unsorted, -EINVAL, "not sorted" },
	{ "entry outside every load", bad_entry_outside, -EINVAL, "outside every PT_LOAD" },
	{ "entry 0", bad_entry_zero, -EINVAL, "outside every PT_LOAD" },
	{ "entry in a non-exec load", bad_entry_not_exec, -EINVAL, "non-executable" },
	{ "PT_INTERP", bad_interp, -ENOEXEC, "dynamically linked" },
	{ "PT_INTERP and unsorted", bad_interp_and_more, -ENOEXEC, "dynamically linked" },
	{ "no PT_LOAD", bad_no_loads, -EINVAL, "no PT_LOAD" },
	{ "only empty PT_LOADs", bad_only_empty_loads, -EINVAL, "no PT_LOAD" },
	{ "17 loads", bad_too_many_loads, -EINVAL, "too many PT_LOAD" },
	{ "two PT_PHDR", bad_two_pt_phdr, -EINVAL, "more than one PT_PHDR" },
	{ "PT_PHDR outside loads", bad_pt_phdr_outside, -EINVAL, "PT_PHDR outside" },
	{ "PT_PHDR in bss", bad_pt_phdr_in_bss, -EINVAL, "PT_PHDR outside" },
	{ "PT_PHDR address wraps", bad_pt_phdr_wraps, -EINVAL, "PT_PHDR outside" },
};

static void test_elf_bad_images(struct ktest *t)
{
	static const struct elf_image zero;

	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct elf_image img;
		const char *why = NULL;
		struct spec s;
		int ret;

		c->make(&s);
		ret = parse(&s, USER_TOP, &img, &why);
		ktest_check(t, ret == c->err, __FILE__, __LINE__, "%s: returned %d, expected %d (%s)",
			    c->name, ret, c->err, why ? why : "no reason");
		ktest_check(t, why && strstr(why, c->why), __FILE__, __LINE__,
			    "%s: reason \"%s\" does not mention \"%s\"", c->name, why ? why : "(null)",
			    c->why);
		ktest_check(t, memcmp(&img, &zero, sizeof(img)) == 0, __FILE__, __LINE__,
			    "%s: *out not left zeroed", c->name);
		/* and the same without a why pointer */
		ktest_check(t, parse(&s, USER_TOP, &img, NULL) == c->err, __FILE__, __LINE__,
			    "%s: different result without why", c->name);
	}
}

/* Every proper prefix of a good image is refused, never read past. */
static void test_elf_every_prefix_refused(struct ktest *t)
{
	void (*makers[])(struct spec *) = { spec_exec, spec_pie };

	for (size_t m = 0; m < ARRAY_SIZE(makers); m++) {
		struct spec s;
		uint8_t *full;
		size_t headers_end;
		unsigned wrong = 0;

		makers[m](&s);
		full = build(&s);
		headers_end = s.eh.e_phoff + s.nph * sizeof(Elf64_Phdr);
		for (size_t len = 0; len < s.size; len++) {
			uint8_t *p = malloc(len ? len : 1);
			struct elf_image img;
			const char *why = NULL;
			int ret;

			memcpy(p, full, len);
			ret = elf_parse(p, len, USER_TOP, &img, &why);
			/* headers cut: not an executable; segments cut: it contradicts itself */
			if (ret != (len < headers_end ? -ENOEXEC : -EINVAL) || !why)
				wrong++;
			free(p);
		}
		ktest_check(t, wrong == 0, __FILE__, __LINE__, "image %zu: %u prefixes not refused right",
			    m, wrong);
		free(full);
	}
}

KTEST_SUITE(elf, 0,
	    KTEST_CASE(test_elf_static_exec),
	    KTEST_CASE(test_elf_exec_with_pt_phdr),
	    KTEST_CASE(test_elf_four_loads_sharing_a_page),
	    KTEST_CASE(test_elf_static_pie_at_zero),
	    KTEST_CASE(test_elf_pie_linked_high),
	    KTEST_CASE(test_elf_gnu_stack_and_osabi),
	    KTEST_CASE(test_elf_edges_accepted),
	    KTEST_CASE(test_elf_unaligned_buffer),
	    KTEST_CASE(test_elf_bad_images),
	    KTEST_CASE(test_elf_every_prefix_refused));
