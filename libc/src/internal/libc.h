/*
 * libc/src/internal/libc.h - state shared inside the libc: what crt1
 * learnt at start-up, the thread control block %fs points at, and the
 * hooks between areas (exit -> stdio).
 *
 * The TCB follows the x86-64 TLS ABI (variant II): the TLS block sits
 * just below it, %fs:0 holds the TCB's own address, and %fs:0x28 the
 * stack-protector canary that gcc's -fstack-protector code reads.
 */
#ifndef LIBC_INTERNAL_LIBC_H
#define LIBC_INTERNAL_LIBC_H

#include <stddef.h>
#include <stdint.h>

struct tcb {
	struct tcb *self;	/* %fs:0x00 */
	void *dtv;		/* %fs:0x08, unused (static TLS only) */
	struct tcb *self2;	/* %fs:0x10, as glibc's header.self */
	int multiple_threads;	/* %fs:0x18 */
	int gscope;
	uintptr_t sysinfo;	/* %fs:0x20 */
	uintptr_t stack_guard;	/* %fs:0x28: the canary */
	uintptr_t pointer_guard; /* %fs:0x30 */
	int tid;
};

struct libc_state {
	size_t *auxv;		/* AT_* pairs, ending with AT_NULL */
	size_t page_size;
	const char *execfn;
	int secure;
};
extern struct libc_state __libc;

/* libc/src/stdio: flush every open stream (called by exit) */
void __stdio_exit(void);

/* libc/src/env: set up environ from the initial stack */
void __init_env(char **envp);

/* libc/src/errno/strerror.c: writes value in decimal at p, NUL-terminated; returns the NUL */
char *__append_int(char *p, int value);

/* the fixed 8-byte mask the kernel's rt_sig* calls take */
#define KERNEL_SIGSET_SIZE 8

#endif
