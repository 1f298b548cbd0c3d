/*
 * tests/user/t_aslr.c - prints where the stack, the heap (brk), an mmap
 * area and the program itself are (lom only, run by the harness: two
 * boots with `norandmaps` must print the same lines, two without must
 * differ in the stack, brk and mmap lines).
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	int on_stack = 0;
	void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	printf("stack %p\n", (void *)&on_stack);
	printf("brk %p\n", sbrk(0));
	printf("mmap %p\n", m);
	printf("text %p\n", (void *)main);
	return m == MAP_FAILED;
}
