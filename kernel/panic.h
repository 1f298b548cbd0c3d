/*
 * kernel/panic.h - panic() and the assertions that lead to it.
 *
 * panic() is for broken kernel invariants only, never for bad input from
 * user space, the boot loader or firmware (those get an error and the
 * system keeps running).  It prints the message, the registers and a
 * symbolized backtrace, then stops: with `panic=0` (the default, as on
 * Linux) the CPU halts and the screen stays readable; with any other
 * value lom powers QEMU off with the "panic" exit status (tests use
 * panic=-1).
 *
 * ASSERT/BUG_ON stay on in every build: they state invariants.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/types.h"

struct trap_frame;

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
__noreturn void panic_with_frame(const struct trap_frame *tf, const char *fmt, ...) __printf(2, 3);

/* The stack protector's canary: random from here on (called first in kmain). */
extern uint64_t __stack_chk_guard;
__no_stack_protector void boot_init_stack_canary(void);
__noreturn void __stack_chk_fail(void);

/* Print one symbolized line per stack frame, from the frame at rbp up. */
void dump_backtrace(uint64_t rbp);

#define BUG() panic("BUG at %s:%d in %s()", __FILE__, __LINE__, __func__)

#define BUG_ON(cond)                                                                        \
	do {                                                                                \
		if (unlikely(cond))                                                         \
			panic("BUG at %s:%d in %s(): %s", __FILE__, __LINE__, __func__, #cond); \
	} while (0)

#define ASSERT(cond)                                                                       \
	do {                                                                               \
		if (unlikely(!(cond)))                                                     \
			panic("assertion failed at %s:%d in %s(): %s", __FILE__, __LINE__, \
			      __func__, #cond);                                            \
	} while (0)

#define ASSERT_MSG(cond, fmt, ...)                                                           \
	do {                                                                                 \
		if (unlikely(!(cond)))                                                       \
			panic("assertion failed at %s:%d in %s(): %s: " fmt, __FILE__, __LINE__, \
			      __func__, #cond, ##__VA_ARGS__);                               \
	} while (0)

#endif
