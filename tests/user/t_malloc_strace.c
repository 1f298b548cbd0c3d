/*
 * tests/user/t_malloc_strace.c - the system calls behind malloc and free,
 * for tests/host/strace_malloc.sh to watch with strace on the Linux host.
 *
 * For each request size (below) the program mallocs a block, touches its
 * first and last byte, and frees it.  Markers split the strace log into
 * pieces: a marker is munmap(MARK_BASE + id * 4096, 0), which changes
 * nothing and fails with EINVAL, but shows in `strace -e
 * trace=brk,mmap,munmap` next to malloc's own calls:
 *
 *   id 0           main starts (what comes before is the crt's: TLS, ...)
 *   id 1 + 2i      malloc(size[i]) follows
 *   id 2 + 2i      free() of it follows
 *   id 1 + 2n      done
 *
 * stdout: the request sizes in bytes, one line, so that the script and
 * the program cannot disagree.  Exit status 0, or 1 if a malloc failed.
 * Raw syscalls only around the markers: no libc wrapper of ours may add
 * or hide a call.
 */
#include <stddef.h>
#include <stdlib.h>

#define MARK_BASE 0x10000000UL
#define SYS_write  1
#define SYS_munmap 11

static const size_t sizes[] = {
	1024, 4096, 64 * 1024,		     // small: brk
	128 * 1024, 256 * 1024, 1024 * 1024, // large: mmap each
	32 * 1024 * 1024,
};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static long raw2(long n, long a, long b)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return ret;
}

static long raw3(long n, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static void marker(unsigned long id)
{
	raw2(SYS_munmap, MARK_BASE + id * 4096, 0);
}

/* the sizes as "1024 4096 ...\n" */
static void print_sizes(void)
{
	char buf[256], tmp[24];
	size_t i, len = 0;
	int n;

	for (i = 0; i < NSIZES; i++) {
		size_t v = sizes[i];

		n = 0;
		do {
			tmp[n++] = '0' + v % 10;
			v /= 10;
		} while (v);
		while (n)
			buf[len++] = tmp[--n];
		buf[len++] = i + 1 < NSIZES ? ' ' : '\n';
	}
	raw3(SYS_write, 1, (long)buf, len);
}

int main(void)
{
	size_t i;

	marker(0);
	for (i = 0; i < NSIZES; i++) {
		volatile char *p;

		marker(1 + 2 * i);
		p = malloc(sizes[i]);
		if (!p)
			return 1;
		p[0] = 1; // also keeps the compiler from dropping the pair
		p[sizes[i] - 1] = 2;
		marker(2 + 2 * i);
		free((void *)p);
	}
	marker(1 + 2 * NSIZES);
	print_sizes();
	return 0;
}
