/*
 * tests/user/mkbadelf.c - host tool: from one good static ELF64 x86-64
 * executable, write the broken variants that t_badelf execs on lom.
 *
 *   mkbadelf GOOD_ELF OUTDIR
 *
 * writes into OUTDIR (mode 0755 each; the errno lom's kernel/elf.h
 * documents for each is in t_badelf.c):
 *   good             an unchanged copy (the control)
 *   empty            0 bytes
 *   not-elf          a line of text
 *   trunc-header     the ELF header only: program headers past the end
 *   trunc-phdrs      cut in the middle of the program headers
 *   trunc-segment    cut in the middle of the executable PT_LOAD's bytes
 *   wrong-machine    e_machine = 40 (EM_ARM)
 *   wrong-class      EI_CLASS = ELFCLASS32
 *   big-endian       EI_DATA = ELFDATA2MSB
 *   interp           a non-load program header turned into PT_INTERP
 *                    "/lib/ld.so" (the string appended to the file)
 *   phnum-huge       e_phnum = 0xffff
 *   overlap          the second PT_LOAD moved onto the first one's page
 *                    (same address, offsets still congruent; e_entry moved
 *                    with it)
 *   huge-memsz       the last PT_LOAD's p_memsz = 0x7fffffffffff0000
 *   entry-outside    e_entry 1 MiB past the end of the last PT_LOAD
 *   no-load          every PT_LOAD turned into PT_NULL
 *   filesz-gt-memsz  the executable PT_LOAD's p_memsz = p_filesz / 2
 *   misaligned       the executable PT_LOAD's p_vaddr + 1 (not congruent
 *                    to p_offset modulo the page size; e_entry + 1)
 *
 * The input must be ELF64, little endian, EM_X86_64, with at least two
 * PT_LOADs, one of them executable (what musl-gcc -static produces).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define INTERP "/lib/ld.so"

static const char *outdir;
static unsigned char *good;
static size_t good_size;

static void die(const char *msg)
{
	fprintf(stderr, "mkbadelf: %s\n", msg);
	exit(1);
}

static void emit(const char *name, const void *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	f = fopen(path, "wb");
	if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f)) {
		fprintf(stderr, "mkbadelf: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	chmod(path, 0755);
}

/* a fresh copy of the good image with room for extra bytes at the end */
static unsigned char *copy(size_t extra)
{
	unsigned char *p = malloc(good_size + extra);

	if (!p)
		die("out of memory");
	memcpy(p, good, good_size);
	return p;
}

static Elf64_Ehdr *ehdr(unsigned char *img)
{
	return (Elf64_Ehdr *)img;
}

static Elf64_Phdr *phdr(unsigned char *img, int i)
{
	return (Elf64_Phdr *)(img + ehdr(img)->e_phoff + (size_t)i * ehdr(img)->e_phentsize);
}

/* index of the n-th PT_LOAD (0-based), -1 if none */
static int nth_load(unsigned char *img, int n)
{
	int i;

	for (i = 0; i < ehdr(img)->e_phnum; i++)
		if (phdr(img, i)->p_type == PT_LOAD && n-- == 0)
			return i;
	return -1;
}

static int last_load(unsigned char *img)
{
	int i, last = -1;

	for (i = 0; i < ehdr(img)->e_phnum; i++)
		if (phdr(img, i)->p_type == PT_LOAD)
			last = i;
	return last;
}

static int exec_load(unsigned char *img)
{
	int i;

	for (i = 0; i < ehdr(img)->e_phnum; i++)
		if (phdr(img, i)->p_type == PT_LOAD && (phdr(img, i)->p_flags & PF_X))
			return i;
	return -1;
}

static void load_good(const char *path)
{
	struct stat st;
	Elf64_Ehdr *e;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		die("cannot open the good ELF");
	good_size = st.st_size;
	good = malloc(good_size);
	if (!good || read(fd, good, good_size) != (ssize_t)good_size)
		die("cannot read the good ELF");
	close(fd);

	e = ehdr(good);
	if (good_size < sizeof(*e) || memcmp(e->e_ident, ELFMAG, SELFMAG) ||
	    e->e_ident[EI_CLASS] != ELFCLASS64 || e->e_ident[EI_DATA] != ELFDATA2LSB ||
	    e->e_machine != EM_X86_64 || e->e_phentsize != sizeof(Elf64_Phdr) ||
	    e->e_phoff + (size_t)e->e_phnum * sizeof(Elf64_Phdr) > good_size)
		die("input is not an ELF64 little-endian x86-64 executable");
	if (nth_load(good, 1) < 0 || exec_load(good) < 0)
		die("input needs two PT_LOADs, one executable");
}

int main(int argc, char **argv)
{
	static const char text[] = "This is not an ELF file.\n";
	unsigned char *img;
	Elf64_Phdr *ph, *ph0;
	uint64_t end;
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: mkbadelf GOOD_ELF OUTDIR\n");
		return 2;
	}
	outdir = argv[2];
	mkdir(outdir, 0755);
	load_good(argv[1]);

	emit("good", good, good_size);
	emit("empty", "", 0);
	emit("not-elf", text, sizeof(text) - 1);
	emit("trunc-header", good, sizeof(Elf64_Ehdr));
	emit("trunc-phdrs", good,
	     ehdr(good)->e_phoff + (size_t)ehdr(good)->e_phnum * sizeof(Elf64_Phdr) / 2);
	ph = phdr(good, exec_load(good));
	emit("trunc-segment", good, ph->p_offset + ph->p_filesz / 2);

	img = copy(0);
	ehdr(img)->e_machine = 40; /* EM_ARM */
	emit("wrong-machine", img, good_size);
	free(img);

	img = copy(0);
	img[EI_CLASS] = ELFCLASS32;
	emit("wrong-class", img, good_size);
	free(img);

	img = copy(0);
	img[EI_DATA] = ELFDATA2MSB;
	emit("big-endian", img, good_size);
	free(img);

	/* PT_INTERP: prefer a PT_NOTE, then PT_GNU_RELRO, then any non-load */
	img = copy(sizeof(INTERP));
	{
		int pick = -1;
		static const uint32_t prefs[] = { PT_NOTE, PT_GNU_RELRO, PT_GNU_STACK };
		unsigned k;

		for (k = 0; k < sizeof(prefs) / sizeof(prefs[0]) && pick < 0; k++)
			for (i = 0; i < ehdr(img)->e_phnum; i++)
				if (phdr(img, i)->p_type == prefs[k]) {
					pick = i;
					break;
				}
		for (i = 0; i < ehdr(img)->e_phnum && pick < 0; i++)
			if (phdr(img, i)->p_type != PT_LOAD)
				pick = i;
		if (pick < 0)
			die("no program header to turn into PT_INTERP");
		memcpy(img + good_size, INTERP, sizeof(INTERP));
		ph = phdr(img, pick);
		ph->p_type = PT_INTERP;
		ph->p_flags = PF_R;
		ph->p_offset = good_size;
		ph->p_vaddr = ph->p_paddr = 0;
		ph->p_filesz = ph->p_memsz = sizeof(INTERP);
		ph->p_align = 1;
	}
	emit("interp", img, good_size + sizeof(INTERP));
	free(img);

	img = copy(0);
	ehdr(img)->e_phnum = 0xffff;
	emit("phnum-huge", img, good_size);
	free(img);

	/* the second PT_LOAD onto the first one's page, offsets congruent */
	img = copy(0);
	{
		uint64_t old, delta;

		ph0 = phdr(img, nth_load(img, 0));
		ph = phdr(img, nth_load(img, 1));
		old = ph->p_vaddr;
		ph->p_vaddr = (ph0->p_vaddr & ~0xfffULL) + (ph->p_offset & 0xfff);
		ph->p_paddr = ph->p_vaddr;
		delta = old - ph->p_vaddr;
		if (ehdr(img)->e_entry >= old && ehdr(img)->e_entry < old + ph->p_memsz)
			ehdr(img)->e_entry -= delta;
	}
	emit("overlap", img, good_size);
	free(img);

	img = copy(0);
	phdr(img, last_load(img))->p_memsz = 0x7fffffffffff0000ULL;
	emit("huge-memsz", img, good_size);
	free(img);

	img = copy(0);
	ph = phdr(img, last_load(img));
	end = (ph->p_vaddr + ph->p_memsz + 0xfff) & ~0xfffULL;
	ehdr(img)->e_entry = end + 0x100000;
	emit("entry-outside", img, good_size);
	free(img);

	img = copy(0);
	for (i = 0; i < ehdr(img)->e_phnum; i++)
		if (phdr(img, i)->p_type == PT_LOAD)
			phdr(img, i)->p_type = PT_NULL;
	emit("no-load", img, good_size);
	free(img);

	img = copy(0);
	ph = phdr(img, exec_load(img));
	ph->p_memsz = ph->p_filesz / 2;
	emit("filesz-gt-memsz", img, good_size);
	free(img);

	img = copy(0);
	ph = phdr(img, exec_load(img));
	ph->p_vaddr += 1;
	ph->p_paddr += 1;
	ehdr(img)->e_entry += 1;
	emit("misaligned", img, good_size);
	free(img);

	free(good);
	return 0;
}
