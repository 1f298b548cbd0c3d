/*
 * kernel/elf.c - checking an ELF64 executable before anything is mapped
 * (the contract is in kernel/elf.h).
 *
 * Owns nothing: a pure function over a caller's buffer, no globals, no
 * allocation, no locks.  The file may be any bytes at any alignment, so
 * every header is copied out with memcpy() before it is read.
 *
 * The checks run in this order, each relying on the ones before:
 *
 *   ELF header     ident (magic, class, data, version, OS ABI System V
 *                  or GNU), type, machine, version, e_ehsize, e_phentsize;
 *                  1..ELF_MAX_PHNUM program headers, after the ELF header
 *                  and inside the file
 *   PT_INTERP      anywhere among the program headers: -ENOEXEC at once
 *   each PT_LOAD   inside the file, filesz <= memsz, vaddr = offset modulo
 *                  the page size, p_align 0 or a power of two, vaddr +
 *                  memsz does not wrap, after the previous load (sorted,
 *                  byte ranges disjoint; two loads may share a page)
 *   entry, phdrs   e_entry in an executable load; PT_PHDR inside a
 *                  load's file bytes, or e_phoff found in one
 *   placement      the load bias added, every byte in [PAGE_SIZE, user_top)
 *
 * Not checked, because nothing here uses them: the section header fields
 * (e_shoff, e_shnum...; strip tools leave them in all states, and Linux
 * ignores them too), e_flags (none are defined for x86-64) and
 * EI_ABIVERSION.  A PT_LOAD with p_memsz 0 maps nothing and is skipped
 * after its file range is checked.  The last PT_GNU_STACK wins, as in
 * Linux.  The total size needs no check of its own: the loads are disjoint
 * and all inside [PAGE_SIZE, user_top).
 *
 * Addresses are worked out in the file's own coordinates and only then
 * moved by the bias: for ET_DYN a segment at file address a lands at
 * ELF_ET_DYN_BASE + (a - low), where low is the first load's page.  As
 * a >= low for every load, nothing can wrap, whatever the file says.
 *
 * Invariants on success (the fuzzer checks them): nr_loads in
 * [1, ELF_MAX_LOADS]; for each load filesz <= memsz, memsz > 0,
 * offset + filesz <= size, vaddr = offset modulo PAGE_SIZE; each load ends
 * at or before the next one starts; PAGE_SIZE <= start <= every vaddr,
 * every vaddr + memsz <= end <= user_top, start and end page-aligned;
 * entry inside a load with ELF_PROT_EXEC; phdr_addr 0 or inside a load.
 * On failure *out is all zeros.
 */
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/memlayout.h"
#include "kernel/string.h"

/* The ELF64 structures (System V gABI); the file is little endian, as is the CPU. */
#define EI_NIDENT 16

struct elf64_hdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};
STATIC_ASSERT(sizeof(struct elf64_hdr) == 64);

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};
STATIC_ASSERT(sizeof(struct elf64_phdr) == 56);

#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define EI_OSABI      7
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ELFOSABI_SYSV 0
#define ELFOSABI_GNU  3 /* also called ELFOSABI_LINUX */

#define ET_REL  1
#define ET_EXEC 2
#define ET_DYN  3
#define ET_CORE 4
#define EM_X86_64 62

#define PT_LOAD      1
#define PT_INTERP    3
#define PT_PHDR      6
#define PT_GNU_STACK 0x6474e551

#define PF_X 1
#define PF_W 2
#define PF_R 4

#define PAGE_MASK_LOW ((uint64_t)PAGE_SIZE - 1)

/* What the program-header walk found besides the loads. */
struct elf_scan {
	const uint8_t *file;
	size_t size;
	struct elf64_hdr eh;
	bool has_pt_phdr;
	uint64_t pt_phdr_vaddr; /* file coordinates */
	bool phdrs_mapped;      /* out->phdr_addr is meaningful (it may be 0 before the bias) */
};

static int fail(const char **why, int err, const char *reason)
{
	if (why)
		*why = reason;
	return err;
}

static void read_phdr(const struct elf_scan *s, unsigned i, struct elf64_phdr *ph)
{
	/* e_phoff + e_phnum * 56 <= size was checked: no overflow, in bounds */
	memcpy(ph, s->file + s->eh.e_phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

/* The ELF header alone: is this an executable lom can run at all? */
static int check_ehdr(struct elf_scan *s, const char **why)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
	const struct elf64_hdr *eh = &s->eh;
	uint64_t ph_bytes;

	if (s->size < sizeof(*eh))
		return fail(why, -ENOEXEC, "file shorter than an ELF header");
	memcpy(&s->eh, s->file, sizeof(s->eh));
	if (memcmp(eh->e_ident, magic, sizeof(magic)) != 0)
		return fail(why, -ENOEXEC, "not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(why, -ENOEXEC, "not a 64-bit ELF file (EI_CLASS)");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(why, -ENOEXEC, "not a little-endian ELF file (EI_DATA)");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return fail(why, -ENOEXEC, "unknown ELF version");
	if (eh->e_ident[EI_OSABI] != ELFOSABI_SYSV && eh->e_ident[EI_OSABI] != ELFOSABI_GNU)
		return fail(why, -ENOEXEC, "unsupported OS ABI (EI_OSABI is neither System V nor GNU)");
	if (eh->e_type == ET_REL)
		return fail(why, -ENOEXEC, "relocatable object (ET_REL), not an executable");
	if (eh->e_type == ET_CORE)
		return fail(why, -ENOEXEC, "core dump (ET_CORE), not an executable");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return fail(why, -ENOEXEC, "unknown e_type: neither ET_EXEC nor ET_DYN");
	if (eh->e_machine != EM_X86_64)
		return fail(why, -ENOEXEC, "not an x86-64 executable (e_machine)");
	if (eh->e_ehsize != sizeof(struct elf64_hdr))
		return fail(why, -ENOEXEC, "e_ehsize is not 64");
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return fail(why, -ENOEXEC, "e_phentsize is not 56");
	/* as Linux's load_elf_binary: a header count out of range is ENOEXEC */
	if (eh->e_phnum == 0)
		return fail(why, -ENOEXEC, "no program headers");
	if (eh->e_phnum > ELF_MAX_PHNUM)
		return fail(why, -ENOEXEC, "too many program headers");
	ph_bytes = (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr);
	if (eh->e_phoff > s->size || ph_bytes > s->size - eh->e_phoff)
		return fail(why, -ENOEXEC, "program headers run past the end of the file");
	if (eh->e_phoff < sizeof(struct elf64_hdr))
		return fail(why, -EINVAL, "program headers overlap the ELF header");
	return 0;
}

static unsigned prot_of(uint32_t p_flags)
{
	return (p_flags & PF_R ? ELF_PROT_READ : 0) | (p_flags & PF_W ? ELF_PROT_WRITE : 0) |
	       (p_flags & PF_X ? ELF_PROT_EXEC : 0);
}

/* One PT_LOAD, in file coordinates: appended to out->load unless empty. */
static int add_load(struct elf_scan *s, const struct elf64_phdr *ph, struct elf_image *out,
		    const char **why)
{
	struct elf_load *l;

	if (ph->p_filesz > ph->p_memsz)
		return fail(why, -EINVAL, "PT_LOAD with p_filesz > p_memsz");
	if (ph->p_offset > s->size || ph->p_filesz > s->size - ph->p_offset)
		return fail(why, -EINVAL, "PT_LOAD runs past the end of the file");
	if ((ph->p_vaddr & PAGE_MASK_LOW) != (ph->p_offset & PAGE_MASK_LOW))
		return fail(why, -EINVAL, "PT_LOAD p_vaddr and p_offset differ modulo the page size");
	if (ph->p_align & (ph->p_align - 1))
		return fail(why, -EINVAL, "PT_LOAD p_align is not a power of two");
	if (ph->p_vaddr > UINT64_MAX - ph->p_memsz)
		return fail(why, -EINVAL, "PT_LOAD p_vaddr + p_memsz overflows");
	/* maps nothing; Linux skips these too (valid, if odd) */
	if (ph->p_memsz == 0)
		return 0;
	if (out->nr_loads > 0) {
		const struct elf_load *prev = &out->load[out->nr_loads - 1];

		if (ph->p_vaddr < prev->vaddr)
			return fail(why, -EINVAL, "PT_LOAD segments not sorted by p_vaddr");
		/* bytes must not overlap; sharing a page is allowed */
		if (ph->p_vaddr < prev->vaddr + prev->memsz)
			return fail(why, -EINVAL, "PT_LOAD segments overlap");
	}
	if (out->nr_loads == ELF_MAX_LOADS)
		return fail(why, -EINVAL, "too many PT_LOAD segments");
	l = &out->load[out->nr_loads++];
	l->vaddr = ph->p_vaddr;
	l->memsz = ph->p_memsz;
	l->offset = ph->p_offset;
	l->filesz = ph->p_filesz;
	l->prot = prot_of(ph->p_flags);
	return 0;
}

static int scan_phdrs(struct elf_scan *s, struct elf_image *out, const char **why)
{
	struct elf64_phdr ph;
	int err;

	/* first, so that a dynamic executable is named as such whatever else is wrong */
	for (unsigned i = 0; i < s->eh.e_phnum; i++) {
		read_phdr(s, i, &ph);
		if (ph.p_type == PT_INTERP)
			return fail(why, -ENOEXEC, "dynamically linked (PT_INTERP): lom has no dynamic linker");
	}
	out->exec_stack = true; /* no PT_GNU_STACK: executable, as Linux on x86-64 */
	for (unsigned i = 0; i < s->eh.e_phnum; i++) {
		read_phdr(s, i, &ph);
		switch (ph.p_type) {
		case PT_LOAD:
			err = add_load(s, &ph, out, why);
			if (err)
				return err;
			break;
		case PT_PHDR:
			if (s->has_pt_phdr)
				return fail(why, -EINVAL, "more than one PT_PHDR");
			s->has_pt_phdr = true;
			s->pt_phdr_vaddr = ph.p_vaddr;
			break;
		case PT_GNU_STACK: /* the last one wins, as in Linux */
			out->exec_stack = ph.p_flags & PF_X;
			break;
		default: /* PT_NOTE, PT_TLS, PT_GNU_RELRO...: nothing to map */
			break;
		}
	}
	if (out->nr_loads == 0)
		return fail(why, -EINVAL, "no PT_LOAD segment");
	return 0;
}

/* The load holding [addr, addr + len) in its memory (or only its file bytes), or -1. */
static int load_holding(const struct elf_image *out, uint64_t addr, uint64_t len, bool file_bytes)
{
	if (addr > UINT64_MAX - len)
		return -1;
	for (unsigned i = 0; i < out->nr_loads; i++) {
		const struct elf_load *l = &out->load[i];
		uint64_t n = file_bytes ? l->filesz : l->memsz;

		if (addr >= l->vaddr && addr - l->vaddr <= n && len <= n - (addr - l->vaddr))
			return (int)i;
	}
	return -1;
}

/* e_entry and the program headers' address, still in file coordinates. */
static int find_entry_and_phdrs(struct elf_scan *s, struct elf_image *out, const char **why)
{
	uint64_t ph_bytes = (uint64_t)s->eh.e_phnum * sizeof(struct elf64_phdr);
	int i = load_holding(out, s->eh.e_entry, 1, false);

	if (i < 0)
		return fail(why, -EINVAL, "entry point outside every PT_LOAD segment");
	if (!(out->load[i].prot & ELF_PROT_EXEC))
		return fail(why, -EINVAL, "entry point in a non-executable segment");
	out->entry = s->eh.e_entry;

	if (s->has_pt_phdr) {
		/* the user reads its headers there: they must be file bytes */
		if (load_holding(out, s->pt_phdr_vaddr, ph_bytes, true) < 0)
			return fail(why, -EINVAL, "PT_PHDR outside every PT_LOAD segment's file bytes");
		out->phdr_addr = s->pt_phdr_vaddr;
		s->phdrs_mapped = true;
		return 0;
	}
	/* no PT_PHDR: are the headers mapped anyway, by a load covering them? */
	for (unsigned k = 0; k < out->nr_loads; k++) {
		const struct elf_load *l = &out->load[k];

		if (s->eh.e_phoff >= l->offset && s->eh.e_phoff - l->offset <= l->filesz &&
		    ph_bytes <= l->filesz - (s->eh.e_phoff - l->offset)) {
			out->phdr_addr = l->vaddr + (s->eh.e_phoff - l->offset);
			s->phdrs_mapped = true;
			return 0;
		}
	}
	return 0; /* not mapped: phdr_addr stays 0, the program gets no AT_PHDR to use */
}

/*
 * Move everything by the load bias and check it lands in
 * [PAGE_SIZE, user_top).  The loads are sorted and disjoint, so the first
 * one is the lowest.
 */
static int place(const struct elf_scan *s, struct elf_image *out, uint64_t user_top, const char **why)
{
	uint64_t top = ALIGN_DOWN(user_top, PAGE_SIZE); /* so that rounding up the end cannot pass it */
	uint64_t low = 0, base = 0;

	if (s->eh.e_type == ET_DYN) {
		low = ALIGN_DOWN(out->load[0].vaddr, PAGE_SIZE);
		base = ELF_ET_DYN_BASE;
	}
	for (unsigned i = 0; i < out->nr_loads; i++) {
		struct elf_load *l = &out->load[i];
		uint64_t rel = l->vaddr - low; /* vaddr >= low */
		uint64_t rel_end = rel + l->memsz; /* vaddr + memsz did not wrap, rel <= vaddr */

		if (base > top || rel_end > top - base)
			return fail(why, -EINVAL, "PT_LOAD beyond the top of user space");
		if (base + rel < PAGE_SIZE)
			return fail(why, -EINVAL, "PT_LOAD in page 0");
		l->vaddr = base + rel;
	}
	/* modulo 2^64: a PIE linked above ELF_ET_DYN_BASE has a "negative" bias */
	out->load_bias = base - low;
	out->entry += out->load_bias;
	if (s->phdrs_mapped)
		out->phdr_addr += out->load_bias;
	out->start = ALIGN_DOWN(out->load[0].vaddr, PAGE_SIZE);
	out->end = ALIGN_UP(out->load[out->nr_loads - 1].vaddr + out->load[out->nr_loads - 1].memsz,
			    PAGE_SIZE);
	return 0;
}

int elf_parse(const void *file, size_t size, uint64_t user_top, struct elf_image *out, const char **why)
{
	struct elf_scan s = { .file = file, .size = size };
	int err;

	memset(out, 0, sizeof(*out));
	if (why)
		*why = NULL;
	err = check_ehdr(&s, why);
	if (err)
		goto out_clear;
	err = scan_phdrs(&s, out, why);
	if (err)
		goto out_clear;
	err = find_entry_and_phdrs(&s, out, why);
	if (err)
		goto out_clear;
	err = place(&s, out, user_top, why);
	if (err)
		goto out_clear;
	out->type = s.eh.e_type;
	out->phnum = s.eh.e_phnum;
	out->phentsize = s.eh.e_phentsize;
	return 0;

out_clear: /* no half-filled description for a careless caller to map */
	memset(out, 0, sizeof(*out));
	return err;
}
