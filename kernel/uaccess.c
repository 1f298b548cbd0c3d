/*
 * kernel/uaccess.c - copy_from_user and friends (see kernel/uaccess.h).
 *
 * With SMAP on, the kernel faults on any user page unless RFLAGS.AC is
 * set: each copy opens that window with stac and closes it with clac
 * around its one instruction (and the exception fixup lands before the
 * clac), so these helpers are the only code that can touch user memory.
 * Every trap entry clears AC (kernel/trap.c), syscall entry too (FMASK).
 *
 * The copies are `rep movsb`/`rep stosb` with an exception-table entry:
 * if they fault, kernel/trap.c jumps to the fixup with RCX = the bytes not
 * yet copied.  Page faults on present-able user pages are handled before
 * the fixup is considered (handle_mm_fault), so only real bad addresses
 * reach it.
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/trap.h"
#include "kernel/uaccess.h"
#include "kernel/memlayout.h"
#include "mm/vm.h"

bool smap_enabled;  /* CR4.SMAP is on (set on the boot CPU before any process) */
bool smap_disabled; /* `nosmap` */

static int parse_nosmap(const char *val)
{
	if (val)
		return -1;
	smap_disabled = true;
	return 0;
}
KERNEL_PARAM("nosmap", parse_nosmap, "do not use SMAP even if the CPU has it");

bool access_ok(const void *uaddr, size_t n)
{
	uint64_t a = (uint64_t)uaddr;
	return a + n >= a && a + n <= USER_TOP;
}

/* Returns the number of bytes NOT copied. */
static size_t raw_copy(void *dst, const void *src, size_t n)
{
	user_access_begin();
	__asm__ volatile("1: rep movsb\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_SILENT)
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
	user_access_end();
	return n;
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!access_ok(usrc, n))
		return -EFAULT;
	return raw_copy(dst, usrc, n) ? -EFAULT : 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	if (!access_ok(udst, n))
		return -EFAULT;
	return raw_copy(udst, src, n) ? -EFAULT : 0;
}

size_t copy_to_user_upto(void *udst, const void *src, size_t n)
{
	size_t done = 0;

	if (!copy_to_user(udst, src, n))
		return n;
	if (!access_ok(udst, n))
		return 0;
	/* faults come a page at a time: copy page by page up to the first that faults */
	while (done < n) {
		uint64_t a = (uint64_t)udst + done;
		size_t chunk = MIN(n - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
		if (copy_to_user((char *)udst + done, (const char *)src + done, chunk))
			break;
		done += chunk;
	}
	return done;
}

int clear_user(void *udst, size_t n)
{
	if (!access_ok(udst, n))
		return -EFAULT;
	user_access_begin();
	__asm__ volatile("1: rep stosb\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b, EX_SILENT)
			 : "+D"(udst), "+c"(n)
			 : "a"(0)
			 : "memory");
	user_access_end();
	return n ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char *usrc, size_t n)
{
	size_t i = 0;

	while (i < n) {
		/* copy up to the end of the source page, then look for the NUL */
		uint64_t a = (uint64_t)usrc + i;
		size_t chunk = MIN(n - i, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
		if (copy_from_user(dst + i, usrc + i, chunk))
			return -EFAULT;
		for (size_t j = 0; j < chunk; j++)
			if (dst[i + j] == '\0')
				return (long)(i + j);
		i += chunk;
	}
	if (n)
		dst[n - 1] = '\0';
	return -ENAMETOOLONG;
}
