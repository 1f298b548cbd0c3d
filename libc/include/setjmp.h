/*
 * setjmp.h - non-local jumps.  jmp_buf holds rbx, rbp, r12-r15, rsp and
 * the return address; sigjmp_buf adds whether and which signal mask to
 * restore.
 */
#ifndef _SETJMP_H
#define _SETJMP_H

#include <bits/types.h>

typedef struct __jmp_buf_tag {
	unsigned long __regs[8];
	int __mask_saved;
	sigset_t __saved_mask;
} jmp_buf[1];
typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf env) __attribute__((__returns_twice__));
int _setjmp(jmp_buf env) __attribute__((__returns_twice__));
_Noreturn void longjmp(jmp_buf env, int val);
_Noreturn void _longjmp(jmp_buf env, int val);
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((__returns_twice__));
_Noreturn void siglongjmp(sigjmp_buf env, int val);

#endif
