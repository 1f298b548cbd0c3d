/*
 * tests/user/t_crash_priv.c - for a shell test: prints one line, then
 * executes the privileged instruction hlt in user mode.  The CPU raises
 * #GP; the process must die of SIGSEGV and the system must go on (and
 * must not halt).
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "t_crash_priv: executing hlt in user mode\n";

	write(1, msg, strlen(msg));
	__asm__ volatile("hlt");
	return 0;
}
