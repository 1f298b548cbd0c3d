/*
 * user/wc.c - wc [-lwc] [FILE...]: count lines, words and bytes of each
 * file ("-" or none: stdin), with a total when there are several.
 * Output as coreutils: the counts right-aligned to a common width (that
 * of the total size of the regular files, at least 7 when one input is
 * not a regular file, 1 when only one count of one input is printed).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct counts {
	unsigned long long lines, words, bytes;
};

static int lflag, wflag, cflag;
static int width = 1;
static char buf[65536];

static int count(int fd, const char *name, struct counts *c)
{
	int in_word = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
			return 1;
		}
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = buf[i];

			c->lines += ch == '\n';
			if (isspace(ch)) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return 0;
}

static void print(const struct counts *c, const char *name)
{
	const char *sep = "";

	if (lflag) {
		printf("%*llu", width, c->lines);
		sep = " ";
	}
	if (wflag) {
		printf("%s%*llu", sep, width, c->words);
		sep = " ";
	}
	if (cflag)
		printf("%s%*llu", sep, width, c->bytes);
	if (name)
		printf(" %s", name);
	printf("\n");
}

/* The column width coreutils would use for these inputs. */
static void set_width(char **files)
{
	unsigned long long total = 0;
	int min = 1;

	if (!files[1] && lflag + wflag + cflag == 1)
		return;
	for (int i = 0; files[i]; i++) {
		struct stat st;
		int r = strcmp(files[i], "-") ? stat(files[i], &st) : fstat(0, &st);

		if (r < 0)
			continue;
		if (S_ISREG(st.st_mode))
			total += st.st_size;
		else
			min = 7;
	}
	for (; total >= 10; total /= 10)
		width++;
	if (width < min)
		width = min;
}

int main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct counts total = { 0 };
	char **files;
	int c, nfiles, ret = 0;

	while ((c = getopt(argc, argv, "lwc")) != -1) {
		if (c == 'l')
			lflag = 1;
		else if (c == 'w')
			wflag = 1;
		else if (c == 'c')
			cflag = 1;
		else {
			fprintf(stderr, "usage: wc [-lwc] [FILE...]\n");
			return 1;
		}
	}
	if (!lflag && !wflag && !cflag)
		lflag = wflag = cflag = 1;
	nfiles = argc - optind;
	files = nfiles ? argv + optind : stdin_only;
	set_width(files);
	for (int i = 0; files[i]; i++) {
		struct counts one = { 0 };
		int fd = 0;

		if (strcmp(files[i], "-") != 0 && (fd = open(files[i], O_RDONLY)) < 0) {
			fprintf(stderr, "wc: %s: %s\n", files[i], strerror(errno));
			ret = 1;
			continue;
		}
		ret |= count(fd, files[i], &one);
		if (fd != 0)
			close(fd);
		print(&one, nfiles ? files[i] : NULL);
		total.lines += one.lines;
		total.words += one.words;
		total.bytes += one.bytes;
	}
	if (nfiles > 1)
		print(&total, "total");
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "wc: write error: %s\n", strerror(errno));
		return 1;
	}
	return ret;
}
