/* user/pwd.c - print the current working directory. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char cwd[PATH_MAX];

	if (!getcwd(cwd, sizeof(cwd))) {
		fprintf(stderr, "pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "pwd: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
