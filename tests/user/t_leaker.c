/*
 * tests/user/t_leaker.c - a program that leaves kernel memory behind on
 * purpose, for the harness to check that t_leakcheck notices: it forks a
 * child that holds a pipe for 5 seconds (longer than t_leakcheck's two
 * seconds of patience) and exits at once.  The child's task, descriptor
 * table, files, pipe and address space are still there when t_leakcheck
 * compares, so it must exit 99 and name the caches that grew.  (They go
 * when the child exits: nothing is left for the tests after it.)
 */
#include "tap.h"

int main(void)
{
	int p[2];
	pid_t pid;

	if (rsys(SYS_pipe, p))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		msleep(5000);
		_exit(0);
	}
	return 0;
}
