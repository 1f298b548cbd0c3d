/*
 * kernel/uaccess.h - the only way the kernel touches user memory.
 *
 * Every function checks that the whole range lies below USER_TOP (without
 * overflow) and copies with instructions that have an exception-table
 * entry: a fault on an address that no VMA covers (or covers without the
 * needed permission) resumes at the fixup and the call returns -EFAULT.
 * A fault on a page that a VMA covers but that is not present yet is
 * served by the page-fault handler first (demand paging), transparently.
 * With SMAP (CR4.SMAP, when the CPU has it) any other kernel access to a
 * user page faults and is reported as a kernel bug (kernel/trap.c).
 * No locks; may sleep (page faults allocate).
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include "kernel/types.h"

/* 0, or -EFAULT (then some bytes may have been copied). */
int copy_from_user(void *dst, const void *usrc, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
int clear_user(void *udst, size_t n);
/*
 * Copy a NUL-terminated string of at most n-1 characters: returns its
 * length (the copy is terminated), -EFAULT, or -ENAMETOOLONG when no NUL
 * comes within n bytes.
 */
long strncpy_from_user(char *dst, const char *usrc, size_t n);
/*
 * Copy as much of n bytes as the destination takes: returns the number
 * copied, up to the first byte that faults (0 if access_ok fails), so
 * that a read into a buffer running into an unmapped page gives Linux's
 * short count.
 */
size_t copy_to_user_upto(void *udst, const void *src, size_t n);
bool access_ok(const void *uaddr, size_t n);

/*
 * SMAP: open and close the window in which the kernel may touch user
 * pages (RFLAGS.AC).  Only the copies above use them.
 */
extern bool smap_enabled, smap_disabled;

static inline void user_access_begin(void)
{
	if (smap_enabled)
		__asm__ volatile("stac" ::: "memory");
}

static inline void user_access_end(void)
{
	if (smap_enabled)
		__asm__ volatile("clac" ::: "memory");
}

#define get_user(kvar, uptr) copy_from_user(&(kvar), (uptr), sizeof(kvar))
#define put_user(kval, uptr)                                     \
	({                                                       \
		__typeof__(*(uptr)) __v = (kval);                \
		copy_to_user((uptr), &__v, sizeof(__v));         \
	})

#endif
