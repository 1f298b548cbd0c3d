/*
 * user/strace/decode_mem.c - mmap and mremap, whose results are
 * addresses (hex) and whose flags need more than one table: mmap's
 * mapping type (the low nibble) comes first, then the flags, then the
 * huge page size if any ("|21<<MAP_HUGE_SHIFT").
 */
#include "strace.h"

#define MAP_TYPE_ 0xf
#define MAP_HUGE_SHIFT_ 26
#define MAP_HUGE_MASK_ 0x3fUL

static const struct xlat map_types[] = {
	{ 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 3, "MAP_SHARED_VALIDATE" },
	{ 8, "MAP_DROPPABLE" }, { 0, NULL }
};

static void print_mmap_flags(unsigned long flags)
{
	unsigned long type = flags & MAP_TYPE_;
	unsigned long huge = flags & (MAP_HUGE_MASK_ << MAP_HUGE_SHIFT_);
	unsigned long rest = flags & ~(MAP_TYPE_ | huge);
	const char *name = xlookup(map_types, type);

	if (name)
		tprints(name);
	else if (type || !rest)
		tprintf("%#lx /* MAP_??? */", type);
	if (rest) {
		if (name || type)
			tprints("|");
		printflags_ex(xlat_tables[X_MMAP], rest, "MAP_???", 0);
	}
	if (huge)
		tprintf("|%lu<<MAP_HUGE_SHIFT", huge >> MAP_HUGE_SHIFT_);
}

/* mmap(addr, length, prot, flags, fd, offset) */
int sys_mmap(struct tcb *t)
{
	printaddr(t->arg[0]);
	tprintf(", %lu, ", t->arg[1]);
	printflags(X_PROT, (unsigned int)t->arg[2]);
	tprint_arg_next();
	print_mmap_flags((unsigned int)t->arg[3]);
	tprintf(", %d, %#lx", (int)t->arg[4], t->arg[5]);
	return RVAL_DECODED | RVAL_HEX;
}

/* mremap(old, old_size, new_size, flags[, new_address]) */
int sys_mremap(struct tcb *t)
{
	printaddr(t->arg[0]);
	tprintf(", %lu, %lu, ", t->arg[1], t->arg[2]);
	printflags(X_MREMAP, t->arg[3]);
	if (t->arg[3] & 2) { /* MREMAP_FIXED */
		tprint_arg_next();
		printaddr(t->arg[4]);
	}
	return RVAL_DECODED | RVAL_HEX;
}
