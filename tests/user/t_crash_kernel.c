/*
 * tests/user/t_crash_kernel.c - for a shell test: prints one line, then
 * jumps to 0xffffffff81000000, a kernel-half address.  The page fault
 * (user mode, supervisor page or nothing there) must kill the process
 * with SIGSEGV; the system must go on.
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "t_crash_kernel: jumping to 0xffffffff81000000\n";

	write(1, msg, strlen(msg));
	__asm__ volatile("jmp *%0" : : "r"(0xffffffff81000000UL));
	return 0;
}
