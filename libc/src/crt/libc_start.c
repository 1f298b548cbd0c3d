/*
 * libc/src/crt/libc_start.c - everything between _start and main():
 * argc/argv/envp/auxv from the initial stack, the TLS block and thread
 * control block (%fs via arch_prctl, so errno and __thread work), the
 * stack-protector canary from AT_RANDOM, then main's return to exit().
 *
 * Runs once, single-threaded, before any other libc code; it must not
 * use errno, malloc or stdio before the TLS is in place.
 */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "../internal/libc.h"
#include "../internal/syscall.h"

#define ARCH_SET_FS 0x1002

struct libc_state __libc;

/*
 * The main thread's TLS block and TCB.  Programs with little TLS (all of
 * ours: errno and malloc's tcache pointer) use this static area; a larger
 * PT_TLS gets an mmap.
 */
#define BUILTIN_TLS_SIZE 1024
static _Alignas(64) unsigned char builtin_tls[BUILTIN_TLS_SIZE + sizeof(struct tcb)];

static size_t align_up(size_t x, size_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static void init_tls(void)
{
	const Elf64_Phdr *phdr = (const void *)getauxval(AT_PHDR);
	size_t phnum = getauxval(AT_PHNUM);
	const Elf64_Phdr *tls = NULL;
	uintptr_t load_bias = 0;
	size_t i, align = 16, block = 0;
	unsigned char *area;
	struct tcb *tcb;

	for (i = 0; phdr && i < phnum; i++) {
		if (phdr[i].p_type == PT_PHDR)
			load_bias = (uintptr_t)phdr - phdr[i].p_vaddr;
		else if (phdr[i].p_type == PT_TLS)
			tls = &phdr[i];
	}
	if (tls) {
		if (tls->p_align > align)
			align = tls->p_align;
		block = align_up(tls->p_memsz, align);
	}

	/* [ TLS block | TCB ], the TCB aligned as the block demands */
	if (block + sizeof(struct tcb) + align <= sizeof(builtin_tls)) {
		area = builtin_tls;
	} else {
		long p = __syscall6(SYS_mmap, 0, (long)(block + sizeof(struct tcb) + align),
				    3 /* PROT_READ|WRITE */, 0x22 /* MAP_PRIVATE|ANONYMOUS */, -1, 0);
		if (p < 0 && p > -4096)
			__syscall1(SYS_exit_group, 127);
		area = (unsigned char *)p;
	}
	tcb = (struct tcb *)align_up((uintptr_t)area + block, align);
	if (tls) {
		unsigned char *start = (unsigned char *)tcb - block;
		memcpy(start, (const void *)(tls->p_vaddr + load_bias), tls->p_filesz);
		memset(start + tls->p_filesz, 0, tls->p_memsz - tls->p_filesz);
	}
	tcb->self = tcb;
	tcb->self2 = tcb;
	if (__syscall2(SYS_arch_prctl, ARCH_SET_FS, (long)tcb) < 0)
		__syscall1(SYS_exit_group, 127);
	tcb->tid = (int)__syscall0(SYS_gettid);
}

static void init_canary(void)
{
	const unsigned char *random = (const void *)getauxval(AT_RANDOM);
	uintptr_t canary = 0;
	struct tcb *tcb;

	if (random)
		memcpy(&canary, random, sizeof(canary));
	/* glibc's choice: a zero low byte stops string overflows reading it out */
	canary &= ~(uintptr_t)0xff;
	__asm__ volatile("mov %%fs:0, %0" : "=r"(tcb));
	tcb->stack_guard = canary;
}

_Noreturn void __libc_start_main(int (*main)(int, char **, char **), long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;

	while (*p)
		p++;
	__libc.auxv = (size_t *)(p + 1);
	__libc.page_size = getauxval(AT_PAGESZ);
	if (!__libc.page_size)
		__libc.page_size = 4096;
	__libc.secure = (int)getauxval(AT_SECURE);
	__libc.execfn = (const char *)getauxval(AT_EXECFN);
	__init_env(envp);
	init_tls();
	init_canary();
	if (argc > 0 && argv[0]) {
		extern char *program_invocation_name, *program_invocation_short_name;
		const char *slash = strrchr(argv[0], '/');
		program_invocation_name = argv[0];
		program_invocation_short_name = slash ? (char *)slash + 1 : argv[0];
	}
	exit(main(argc, argv, envp));
}

unsigned long getauxval(unsigned long type)
{
	size_t *a;

	for (a = __libc.auxv; a && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}
