/*
 * tests/observe/fault_pages.c - a program whose page faults are known, for
 * tests/observe/trace.sh and perf.sh (built with tools/lom-cc; runs on lom
 * and on Linux):
 *
 *   fault_pages write N      mmap N fresh pages, write the first byte of each
 *   fault_pages read N       mmap N pages, read each (the zero page), then write each
 *   fault_pages malloc N     malloc N+1 pages, write the N page starts inside
 *   fault_pages fork N       write N pages, fork: the child writes them
 *                            (copies), then the parent does (reuses)
 *   fault_pages par N        fork, then parent and child each map and write
 *                            N fresh pages at once (both CPUs fault together)
 *   fault_pages shared N     MAP_SHARED|MAP_ANONYMOUS, write N pages
 *   fault_pages stack N      use N pages more of the stack
 *   fault_pages thp          MADV_HUGEPAGE, one write in an aligned 2 MiB
 *   fault_pages null         write to address 0 (SIGSEGV)
 *   fault_pages none         touch nothing (the baseline)
 *
 * Prints one line on stdout: "fault_pages: mode=M pid=P base=0x... pages=N"
 * (and child=C for fork) before exiting.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096ul

static char *map(unsigned long pages, int flags)
{
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("fault_pages: mmap");
		exit(2);
	}
	return p;
}

static void write_pages(volatile char *p, unsigned long n, char v)
{
	for (unsigned long i = 0; i < n; i++)
		p[i * PAGE] = v;
}

static unsigned long read_pages(volatile char *p, unsigned long n)
{
	unsigned long sum = 0;

	for (unsigned long i = 0; i < n; i++)
		sum += (unsigned long)p[i * PAGE];
	return sum;
}

/* n pages of stack below this frame, touched top down; the array keeps it real */
static unsigned long use_stack(unsigned long n)
{
	volatile char page[PAGE - 256];

	page[0] = (char)n;
	if (n > 1)
		return use_stack(n - 1) + page[0];
	return page[0];
}

static void report(const char *mode, void *base, unsigned long n, int child)
{
	printf("fault_pages: mode=%s pid=%d base=%p pages=%lu", mode, (int)getpid(), base, n);
	if (child)
		printf(" child=%d", child);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: fault_pages write|read|malloc|fork|par|shared|stack N | thp | null | none\n");
		return 2;
	}
	const char *mode = argv[1];
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	char *p = NULL;
	int child = 0;

	if (!strcmp(mode, "write") || !strcmp(mode, "read")) {
		if (n) {
			p = map(n, MAP_PRIVATE);
			if (mode[0] == 'r' && read_pages(p, n) != 0)
				return 3;
			write_pages(p, n, 1);
		}
	} else if (!strcmp(mode, "malloc")) {
		char *m = malloc((n + 1) * PAGE);
		if (!m)
			return 2;
		p = (char *)(((uintptr_t)m + PAGE - 1) & ~(PAGE - 1));
		write_pages(p, n, 1);
	} else if (!strcmp(mode, "fork")) {
		p = map(n, MAP_PRIVATE);
		write_pages(p, n, 1);
		fflush(stdout);
		child = fork();
		if (child < 0)
			return 2;
		if (child == 0) {
			write_pages(p, n, 2);
			_exit(0);
		}
		int st;
		if (waitpid(child, &st, 0) != child || st != 0)
			return 3;
		write_pages(p, n, 3);
	} else if (!strcmp(mode, "par")) {
		int ready[2], go[2];
		char c = 0;
		if (pipe(ready) || pipe(go))
			return 2;
		fflush(stdout);
		child = fork();
		if (child < 0)
			return 2;
		p = map(n, MAP_PRIVATE);
		if (child == 0) { /* tell the parent we are here, wait for the start */
			if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
				_exit(2);
			write_pages(p, n, 1);
			report("par-child", p, n, 0);
			_exit(0);
		}
		if (read(ready[0], &c, 1) != 1 || write(go[1], &c, 1) != 1)
			return 2;
		write_pages(p, n, 1);
		int st;
		if (waitpid(child, &st, 0) != child || st != 0)
			return 3;
	} else if (!strcmp(mode, "shared")) {
		p = map(n, MAP_SHARED);
		write_pages(p, n, 1);
	} else if (!strcmp(mode, "stack")) {
		volatile char here;
		p = (char *)&here;
		use_stack(n);
	} else if (!strcmp(mode, "thp")) {
		char *m = map(1024, MAP_PRIVATE); /* 4 MiB: holds an aligned 2 MiB */
		p = (char *)(((uintptr_t)m + (2ul << 20) - 1) & ~((2ul << 20) - 1));
		if (madvise(p, 2ul << 20, 14 /* MADV_HUGEPAGE */)) {
			perror("fault_pages: madvise");
			return 2;
		}
		n = 1;
		write_pages(p, 1, 1);
	} else if (!strcmp(mode, "null")) {
		report(mode, NULL, 0, 0);
		volatile int *z = NULL;
		__asm__ volatile("" : "+r"(z));
		*z = 1;
		return 0;
	} else if (strcmp(mode, "none")) {
		fprintf(stderr, "fault_pages: unknown mode %s\n", mode);
		return 2;
	}
	report(mode, p, n, child);
	return 0;
}
