/*
 * user/head.c - head [-n N] [-N] [FILE...]: the first N lines (10 by
 * default) of each file ("-" or none: stdin), with "==> FILE <=="
 * headers when there are several files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static char buf[65536];

/*
 * Copy the first lines lines of fd; 0, 1 after a read error, -1 after a
 * write error.  What was read beyond them is given back when fd can seek,
 * so that `head -n 1` inside `sh < script` leaves the script alone.
 */
static int head(int fd, const char *name, unsigned long long lines)
{
	while (lines > 0) {
		ssize_t n = read(fd, buf, sizeof(buf)), len = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "head: error reading '%s': %s\n", name, strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		while (len < n && lines > 0)
			if (buf[len++] == '\n')
				lines--;
		if (write_all(1, buf, len) < 0) {
			fprintf(stderr, "head: write error: %s\n", strerror(errno));
			return -1;
		}
		if (len < n)
			lseek(fd, len - n, SEEK_CUR);	/* fails harmlessly on pipes */
	}
	return 0;
}

static int parse_count(const char *s, unsigned long long *n)
{
	char *end;

	errno = 0;
	*n = strtoull(s, &end, 10);
	if (!*s || *s == '-' || *end || errno) {
		fprintf(stderr, "head: invalid number of lines: '%s'\n", s);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	unsigned long long lines = 10;
	char **files;
	int c, nfiles, ret = 0;

	/* the old form, head -5 */
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
		if (parse_count(argv[1] + 1, &lines) < 0)
			return 1;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n') {
			fprintf(stderr, "usage: head [-n N] [FILE...]\n");
			return 1;
		}
		if (parse_count(optarg, &lines) < 0)
			return 1;
	}
	nfiles = argc - optind;
	files = nfiles ? argv + optind : stdin_only;
	for (int i = 0; files[i]; i++) {
		int stdin_file = strcmp(files[i], "-") == 0, fd = 0, r;
		const char *name = stdin_file ? "standard input" : files[i];

		if (!stdin_file && (fd = open(files[i], O_RDONLY)) < 0) {
			fprintf(stderr, "head: cannot open '%s' for reading: %s\n", files[i],
				strerror(errno));
			ret = 1;
			continue;
		}
		if (nfiles > 1) {
			char hdr[4200];
			int len = snprintf(hdr, sizeof(hdr), "%s==> %s <==\n", i ? "\n" : "", name);

			if (write_all(1, hdr, len < (int)sizeof(hdr) ? len : (int)sizeof(hdr) - 1) < 0) {
				fprintf(stderr, "head: write error: %s\n", strerror(errno));
				return 1;
			}
		}
		r = head(fd, name, lines);
		if (fd != 0)
			close(fd);
		if (r < 0)
			return 1;
		ret |= r;
	}
	return ret;
}
