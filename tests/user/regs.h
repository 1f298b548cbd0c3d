/*
 * tests/user/regs.h - checking what a syscall (and a signal handler run on
 * its way back to user mode) leaves in the registers, for t_misc and
 * t_signal.
 *
 * The x86-64 Linux ABI: `syscall` returns in rax and clobbers rcx (the
 * return address) and r11 (rflags) only; every other general register
 * and all xmm registers come back unchanged, and a signal handler run in
 * between must not change that (sigreturn restores them all).
 * syscall_keep() loads known values into rbx, rdx, r8-r10, r13-r15,
 * xmm0-xmm15, makes the syscall and stores what is there afterwards;
 * regs_kept() and xmm_kept() compare.  r12 holds the block throughout.
 */
#ifndef TESTS_USER_REGS_H
#define TESTS_USER_REGS_H

#include <string.h>

struct regblock {
	unsigned char xin[16][16];  /* xmm0-15 before, filled by regs_init() */
	unsigned char xout[16][16]; /* xmm0-15 after */
	unsigned long rout[11];     /* rbx rdx r8 r9 r10 r13 r14 r15 rdi rsi r12, after */
};

static const unsigned long regs_want[8] = {
	0x1111111111111111, 0x2222222222222222, 0x0808080808080808, 0x0909090909090909,
	0x1010101010101010, 0x1313131313131313, 0x1414141414141414, 0x1515151515151515,
};

static void __attribute__((unused)) regs_init(struct regblock *b, unsigned seed)
{
	int i;

	for (i = 0; i < 256; i++)
		b->xin[i / 16][i % 16] = i * seed + 1;
	memset(b->xout, 0, sizeof(b->xout));
	memset(b->rout, 0, sizeof(b->rout));
}

static long __attribute__((unused)) syscall_keep(long nr, long a1, long a2, struct regblock *blk)
{
	register struct regblock *b __asm__("r12") = blk;
	long ret = nr;

	__asm__ volatile(
		"movdqu 0(%%r12), %%xmm0\n\tmovdqu 16(%%r12), %%xmm1\n\t"
		"movdqu 32(%%r12), %%xmm2\n\tmovdqu 48(%%r12), %%xmm3\n\t"
		"movdqu 64(%%r12), %%xmm4\n\tmovdqu 80(%%r12), %%xmm5\n\t"
		"movdqu 96(%%r12), %%xmm6\n\tmovdqu 112(%%r12), %%xmm7\n\t"
		"movdqu 128(%%r12), %%xmm8\n\tmovdqu 144(%%r12), %%xmm9\n\t"
		"movdqu 160(%%r12), %%xmm10\n\tmovdqu 176(%%r12), %%xmm11\n\t"
		"movdqu 192(%%r12), %%xmm12\n\tmovdqu 208(%%r12), %%xmm13\n\t"
		"movdqu 224(%%r12), %%xmm14\n\tmovdqu 240(%%r12), %%xmm15\n\t"
		"movabs $0x1111111111111111, %%rbx\n\t"
		"movabs $0x0808080808080808, %%r8\n\t"
		"movabs $0x0909090909090909, %%r9\n\t"
		"movabs $0x1010101010101010, %%r10\n\t"
		"movabs $0x1313131313131313, %%r13\n\t"
		"movabs $0x1414141414141414, %%r14\n\t"
		"movabs $0x1515151515151515, %%r15\n\t"
		"syscall\n\t"
		"movdqu %%xmm0, 256(%%r12)\n\tmovdqu %%xmm1, 272(%%r12)\n\t"
		"movdqu %%xmm2, 288(%%r12)\n\tmovdqu %%xmm3, 304(%%r12)\n\t"
		"movdqu %%xmm4, 320(%%r12)\n\tmovdqu %%xmm5, 336(%%r12)\n\t"
		"movdqu %%xmm6, 352(%%r12)\n\tmovdqu %%xmm7, 368(%%r12)\n\t"
		"movdqu %%xmm8, 384(%%r12)\n\tmovdqu %%xmm9, 400(%%r12)\n\t"
		"movdqu %%xmm10, 416(%%r12)\n\tmovdqu %%xmm11, 432(%%r12)\n\t"
		"movdqu %%xmm12, 448(%%r12)\n\tmovdqu %%xmm13, 464(%%r12)\n\t"
		"movdqu %%xmm14, 480(%%r12)\n\tmovdqu %%xmm15, 496(%%r12)\n\t"
		"mov %%rbx, 512(%%r12)\n\tmov %%rdx, 520(%%r12)\n\t"
		"mov %%r8, 528(%%r12)\n\tmov %%r9, 536(%%r12)\n\t"
		"mov %%r10, 544(%%r12)\n\tmov %%r13, 552(%%r12)\n\t"
		"mov %%r14, 560(%%r12)\n\tmov %%r15, 568(%%r12)\n\t"
		"mov %%rdi, 576(%%r12)\n\tmov %%rsi, 584(%%r12)\n\t"
		"mov %%r12, 592(%%r12)\n\t"
		: "+a"(ret)
		: "D"(a1), "S"(a2), "d"(0x2222222222222222UL), "r"(b)
		: "rbx", "rcx", "r8", "r9", "r10", "r11", "r13", "r14", "r15",
		  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
		  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory");
	return ret;
}

/* the general registers came back as they went in (a1, a2: rdi, rsi) */
static int __attribute__((unused)) regs_kept(const struct regblock *b, long a1, long a2)
{
	return !memcmp(regs_want, b->rout, sizeof(regs_want)) &&
	       b->rout[8] == (unsigned long)a1 && b->rout[9] == (unsigned long)a2 &&
	       b->rout[10] == (unsigned long)b;
}

static int __attribute__((unused)) xmm_kept(const struct regblock *b)
{
	return !memcmp(b->xin, b->xout, sizeof(b->xin));
}

/* every xmm register all ones, and the argument registers garbage */
#define CLOBBER_REGS()                                                                     \
	__asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\t"                                      \
			 "movdqa %%xmm0, %%xmm1\n\tmovdqa %%xmm0, %%xmm2\n\t"              \
			 "movdqa %%xmm0, %%xmm3\n\tmovdqa %%xmm0, %%xmm4\n\t"              \
			 "movdqa %%xmm0, %%xmm5\n\tmovdqa %%xmm0, %%xmm6\n\t"              \
			 "movdqa %%xmm0, %%xmm7\n\tmovdqa %%xmm0, %%xmm8\n\t"              \
			 "movdqa %%xmm0, %%xmm9\n\tmovdqa %%xmm0, %%xmm10\n\t"             \
			 "movdqa %%xmm0, %%xmm11\n\tmovdqa %%xmm0, %%xmm12\n\t"            \
			 "movdqa %%xmm0, %%xmm13\n\tmovdqa %%xmm0, %%xmm14\n\t"            \
			 "movdqa %%xmm0, %%xmm15\n\t"                                      \
			 "mov $-1, %%rdx\n\tmov $-1, %%rsi\n\tmov $-1, %%rdi\n\t"          \
			 "mov $-1, %%r8\n\tmov $-1, %%r9\n\tmov $-1, %%r10\n\t"            \
			 "mov $-1, %%r11\n\tmov $-1, %%rcx\n\t"                            \
			 ::: "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",         \
			 "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",   \
			 "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",      \
			 "xmm15")

#endif
