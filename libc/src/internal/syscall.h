/*
 * libc/src/internal/syscall.h - the system call instruction, as inline
 * functions __syscall0..6 returning the kernel's raw result (a negative
 * errno on failure), and __syscall_ret() which turns that into the C
 * convention (-1 with errno set).
 *
 * Linux x86-64 ABI: number in rax, arguments in rdi, rsi, rdx, r10, r8,
 * r9; the result comes back in rax; the kernel clobbers rcx and r11.
 */
#ifndef LIBC_INTERNAL_SYSCALL_H
#define LIBC_INTERNAL_SYSCALL_H

#include <sys/syscall.h>

static inline long __syscall0(long n)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n) : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall1(long n, long a1)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a1) : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall2(long n, long a1, long a2)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a1), "S"(a2) : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall3(long n, long a1, long a2, long a3)
{
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* A raw result to the C convention: -4095..-1 are errnos. */
long __syscall_ret(unsigned long ret);

/* The argument casts every wrapper would repeat. */
#define __scc(x) ((long)(x))
#define SYSCALL0(n) __syscall_ret(__syscall0(n))
#define SYSCALL1(n, a) __syscall_ret(__syscall1(n, __scc(a)))
#define SYSCALL2(n, a, b) __syscall_ret(__syscall2(n, __scc(a), __scc(b)))
#define SYSCALL3(n, a, b, c) __syscall_ret(__syscall3(n, __scc(a), __scc(b), __scc(c)))
#define SYSCALL4(n, a, b, c, d) \
	__syscall_ret(__syscall4(n, __scc(a), __scc(b), __scc(c), __scc(d)))
#define SYSCALL5(n, a, b, c, d, e) \
	__syscall_ret(__syscall5(n, __scc(a), __scc(b), __scc(c), __scc(d), __scc(e)))
#define SYSCALL6(n, a, b, c, d, e, f) \
	__syscall_ret(__syscall6(n, __scc(a), __scc(b), __scc(c), __scc(d), __scc(e), __scc(f)))

#endif
