/*
 * tests/user/t_crash_null.c - for a shell test: prints one line, then
 * dereferences NULL.  The process must die of SIGSEGV (the shell reports
 * it) and the system must go on.
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "t_crash_null: writing to address 0\n";
	volatile int *p = 0;

	write(1, msg, strlen(msg));
	__asm__ volatile("" : "+r"(p)); /* a real store, not a compiler trap */
	*p = 1;
	return 0;
}
