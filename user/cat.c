/* user/cat.c - cat [FILE...]: copy files ("-" or none: stdin) to stdout. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static char buf[65536];

/*
 * Copy fd to stdout: 0 when done, 1 after a read error (go on with the
 * next file), -1 after a write error (stop).
 */
static int copy(int fd, const char *name)
{
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (write_all(1, buf, n) < 0) {
			fprintf(stderr, "cat: write error: %s\n", strerror(errno));
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int ret = 0;

	if (argc < 2)
		return copy(0, "-") != 0;
	for (int i = 1; i < argc; i++) {
		int fd = 0, r;

		if (strcmp(argv[i], "-") != 0 && (fd = open(argv[i], O_RDONLY)) < 0) {
			fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
			ret = 1;
			continue;
		}
		r = copy(fd, argv[i]);
		if (fd != 0)
			close(fd);
		if (r < 0)
			return 1;
		ret |= r;
	}
	return ret;
}
