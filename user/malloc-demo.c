/*
 * user/malloc-demo.c - where malloc gets memory from.
 *
 * Allocates blocks of 1 KiB, 100 KiB, 1 MiB and 16 MiB, writes every
 * byte of each and checks it back, then says for each whether it lies in
 * the heap that brk grows (between the break at start and the break now)
 * or in an mmap'ed region, and then where that lies.  No addresses are printed,
 * so the output only changes when the malloc changes.
 */
#define _DEFAULT_SOURCE		/* sbrk */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	size_t size;
	const char *name;
} blocks[] = {
	{ 1024, "1 KiB" },
	{ 100 * 1024, "100 KiB" },
	{ 1024 * 1024, "1 MiB" },
	{ 16 * 1024 * 1024, "16 MiB" },
};

#define NBLOCKS (sizeof(blocks) / sizeof(blocks[0]))

int main(void)
{
	uintptr_t brk_start = (uintptr_t)sbrk(0), brk_end;
	unsigned char *p[NBLOCKS];

	for (size_t i = 0; i < NBLOCKS; i++) {
		p[i] = malloc(blocks[i].size);
		if (!p[i]) {
			fprintf(stderr, "malloc-demo: malloc(%zu) failed\n", blocks[i].size);
			return 1;
		}
		memset(p[i], (int)(i + 1), blocks[i].size);
	}
	brk_end = (uintptr_t)sbrk(0);
	for (size_t i = 0; i < NBLOCKS; i++) {
		uintptr_t a = (uintptr_t)p[i];

		for (size_t j = 0; j < blocks[i].size; j++) {
			if (p[i][j] != i + 1) {
				fprintf(stderr, "malloc-demo: %s block: byte %zu changed\n",
					blocks[i].name, j);
				return 1;
			}
		}
		if (a >= brk_start && a < brk_end)
			printf("%s from the heap (brk)\n", blocks[i].name);
		else
			printf("%s from mmap, %s the heap\n", blocks[i].name,
			       a < brk_start ? "below" : "above");
	}
	for (size_t i = 0; i < NBLOCKS; i++)
		free(p[i]);
	printf("ok\n");
	return fflush(stdout) == EOF;
}
