/*
 * tests/observe/tools-helper.c - processes for tests/observe/tools.sh to
 * look at with ps and kill (lom's shell runs no background jobs).
 *
 *   tools-helper mem MB       show itself with ps three times: at the
 *                             start, after mmap'ing MB MiB, after touching
 *                             every page of it (VSZ grows, then RSS)
 *   tools-helper bg SCRIPT CMD [ARG]...
 *                             start CMD in the background, then become
 *                             /bin/sh -c SCRIPT with $BG its pid
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* /bin/ps -o pid,vsz,rss,comm -p <me>, headed by what */
static void ps_self(const char *what)
{
	char pid[32];
	pid_t child;

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	printf("== %s\n", what);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		char *argv[] = { "ps", "-o", "pid,vsz,rss,comm", "-p", pid, NULL };

		execve("/bin/ps", argv, environ);
		_exit(127);
	}
	waitpid(child, NULL, 0);
}

static int mem(long mb)
{
	size_t len = (size_t)mb << 20;
	char *p;

	ps_self("start");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	ps_self("mapped");
	for (size_t off = 0; off < len; off += 4096)
		p[off] = 1;
	ps_self("touched");
	return 0;
}

static int bg(char *script, char **cmd)
{
	char pid[32];
	pid_t child = fork();

	if (child < 0)
		return 1;
	if (child == 0) {
		execve(cmd[0], cmd, environ);
		_exit(127);
	}
	snprintf(pid, sizeof(pid), "%d", (int)child);
	setenv("BG", pid, 1);
	execl("/bin/sh", "sh", "-c", script, (char *)NULL);
	return 127;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "mem"))
		return mem(atol(argv[2]));
	if (argc >= 4 && !strcmp(argv[1], "bg"))
		return bg(argv[2], argv + 3);
	fprintf(stderr, "usage: tools-helper mem MB | bg SCRIPT CMD [ARG]...\n");
	return 2;
}
