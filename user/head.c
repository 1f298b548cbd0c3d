/*
 * user/head.c - head [OPTION]... [FILE]...: the first part of files ("-"
 * or none: stdin), as coreutils' head:
 *
 *   -n N, --lines=N    the first N lines (10 by default); -n -N: all but
 *                      the last N
 *   -c N, --bytes=N    the first N bytes; -c -N: all but the last N
 *   -q, -v             never / always print "==> FILE <==" headers
 *                      (by default: when there are several files)
 *   -z                 lines end with NUL, not newline
 *   -N                 the old form of -n N (also -Nc, -Nl, -Nk...)
 *
 * N may have a multiplier suffix as in coreutils: b 512, kB 1000, K or k
 * or KiB 1024, MB 1000^2, M or m or MiB 1024^2, and so on with G T P E.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static char buf[65536];
static char delim = '\n';

static int write_out(const void *p, size_t n)
{
	if (write_all(1, p, n) < 0) {
		fprintf(stderr, "head: write error: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static int read_error(const char *name)
{
	fprintf(stderr, "head: error reading '%s': %s\n", name, strerror(errno));
	return 1;
}

/*
 * Copy the first count lines (bytes) of fd; 0, 1 after a read error, -1
 * after a write error.  What was read beyond them is given back when fd
 * can seek, so that `head -n 1` inside `sh < script` leaves the script
 * alone.
 */
static int head(int fd, const char *name, unsigned long long count, int bytes)
{
	while (count > 0) {
		size_t want = bytes && count < sizeof(buf) ? (size_t)count : sizeof(buf);
		ssize_t n = read(fd, buf, want), len = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return read_error(name);
		if (n == 0)
			break;
		if (bytes) {
			len = n;
			count -= n;
		} else {
			while (len < n && count > 0)
				if (buf[len++] == delim)
					count--;
		}
		if (write_out(buf, len) < 0)
			return -1;
		if (len < n)
			lseek(fd, len - n, SEEK_CUR);	/* fails harmlessly on pipes */
	}
	return 0;
}

/* All but the last count lines (bytes): the whole input is read first. */
static int head_elide(int fd, const char *name, unsigned long long count, int bytes)
{
	size_t cap = 65536, len = 0, end;
	char *all = malloc(cap);

	if (!all) {
		fprintf(stderr, "head: memory exhausted\n");
		return 1;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *p = realloc(all, cap * 2);

			if (!p) {
				free(all);
				fprintf(stderr, "head: memory exhausted\n");
				return 1;
			}
			all = p;
			cap *= 2;
		}
		n = read(fd, all + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(all);
			return read_error(name);
		}
		if (n == 0)
			break;
		len += n;
	}
	if (bytes) {
		end = count < len ? len - count : 0;
	} else {
		/* a last line without its delimiter counts as a line */
		end = len;
		if (end > 0 && all[end - 1] != delim && count > 0) {
			while (end > 0 && all[end - 1] != delim)
				end--;
			count--;
		}
		while (count > 0 && end > 0) {
			end--;
			while (end > 0 && all[end - 1] != delim)
				end--;
			count--;
		}
	}
	end = write_out(all, end) < 0 ? (size_t)-1 : 0;
	free(all);
	return end ? -1 : 0;
}

/*
 * A count: digits and a multiplier suffix, as coreutils' xstrtoumax: a
 * unit letter (b k K m M G T P E Z Y R Q), then "B" for powers of 1000
 * or "iB" (or nothing) for powers of 1024.  -1 if it is not one.
 */
static int parse_count(const char *s, unsigned long long *n)
{
	static const char units[] = "kmgtpezyrq";
	unsigned long long mult = 1, base = 1024;
	const char *u;
	char *end;
	int power;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*n = strtoull(s, &end, 10);
	if (errno)
		*n = ~0ULL;
	if (!*end)
		return 0;
	if (end[1] == 'i' && end[2] == 'B' && !end[3])
		base = 1024;
	else if ((end[1] == 'B' || end[1] == 'D') && !end[2])
		base = 1000;
	else if (end[1])
		return -1;
	if (*end == 'b') {
		if (end[1])
			return -1;
		mult = 512;
	} else {
		/* k and m may be lower case; the other units only upper case */
		int c = *end;

		if (c >= 'A' && c <= 'Z')
			c += 32;
		else if (c != 'k' && c != 'm')
			return -1;
		if (!(u = strchr(units, c)) || !*u)
			return -1;
		for (power = (int)(u - units) + 1; power > 0; power--)
			mult = mult > ~0ULL / base ? ~0ULL : mult * base;
	}
	*n = *n > ~0ULL / mult ? ~0ULL : *n * mult;
	return 0;
}

static void usage(void)
{
	printf("Usage: head [OPTION]... [FILE]...\n"
	       "Print the first 10 lines of each FILE to standard output.\n"
	       "With more than one FILE, precede each with a header giving the file name.\n"
	       "\n"
	       "With no FILE, or when FILE is -, read standard input.\n"
	       "\n"
	       "Mandatory arguments to long options are mandatory for short options too.\n"
	       "  -c, --bytes=[-]NUM       print the first NUM bytes of each file;\n"
	       "                             with the leading '-', print all but the last\n"
	       "                             NUM bytes of each file\n"
	       "  -n, --lines=[-]NUM       print the first NUM lines instead of the first 10;\n"
	       "                             with the leading '-', print all but the last\n"
	       "                             NUM lines of each file\n"
	       "  -q, --quiet, --silent    never print headers giving file names\n"
	       "  -v, --verbose            always print headers giving file names\n"
	       "  -z, --zero-terminated    line delimiter is NUL, not newline\n"
	       "      --help        display this help and exit\n"
	       "      --version     output version information and exit\n"
	       "\n"
	       "NUM may have a multiplier suffix:\n"
	       "b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,\n"
	       "GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y, R, Q.\n"
	       "Binary prefixes can be used, too: KiB=K, MiB=M, and so on.\n");
}

enum { O_HELP = 256, O_VERSION };

static const struct uopt_long longopts[] = {
	{ "bytes", UOPT_ARG, 'c' }, { "lines", UOPT_ARG, 'n' }, { "quiet", UOPT_NOARG, 'q' },
	{ "silent", UOPT_NOARG, 'q' }, { "verbose", UOPT_NOARG, 'v' },
	{ "zero-terminated", UOPT_NOARG, 'z' }, { "help", UOPT_NOARG, O_HELP },
	{ "version", UOPT_NOARG, O_VERSION }, { NULL, 0, 0 },
};

/* -n ARG or -c ARG: a count, "-N" for all but the last N */
static void set_count(const char *arg, int bytes, unsigned long long *count, int *elide)
{
	*elide = arg[0] == '-';
	if (parse_count(arg + *elide, count) < 0) {
		fprintf(stderr, "head: invalid number of %s: '%s'\n", bytes ? "bytes" : "lines",
			arg + *elide);
		exit(1);
	}
}

/* The old form, head -5 or -5c, -2k, -3lq: rewritten as options. */
static void old_form(const char *a, unsigned long long *count, int *bytes, int *headers)
{
	const char *p = a + 1;
	unsigned long long mult = 1;
	char digits[32];
	size_t nd = strspn(p, "0123456789");

	snprintf(digits, sizeof(digits), "%.*s", (int)(nd < 31 ? nd : 31), p);
	p += nd;
	if (*p == 'b' || *p == 'k' || *p == 'm') {
		mult = *p == 'b' ? 512 : *p == 'k' ? 1024 : 1048576;
		*bytes = 1;
		p++;
	}
	for (; *p; p++) {
		if (*p == 'c')
			*bytes = 1;
		else if (*p == 'l')
			*bytes = 0;
		else if (*p == 'q')
			*headers = 0;
		else if (*p == 'v')
			*headers = 1;
		else if (*p == 'z')
			delim = '\0';
		else {
			fprintf(stderr, "head: invalid trailing option -- %c\n", *p);
			try_help("head", 1);
		}
	}
	errno = 0;
	*count = strtoull(digits, NULL, 10);
	if (errno)
		*count = ~0ULL;
	*count = *count > ~0ULL / mult ? ~0ULL : *count * mult;
}

int main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	unsigned long long count = 10;
	int c, bytes = 0, elide = 0, headers = -1, nfiles, ret = 0;
	struct uopt o;
	char **files;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
		old_form(argv[1], &count, &bytes, &headers);
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	uopt_init(&o, "head");
	while ((c = uopt_next(&o, argc, argv, "c:n:qvz", longopts)) != -1) {
		switch (c) {
		case 'c': bytes = 1; set_count(o.arg, 1, &count, &elide); break;
		case 'n': bytes = 0; set_count(o.arg, 0, &count, &elide); break;
		case 'q': headers = 0; break;
		case 'v': headers = 1; break;
		case 'z': delim = '\0'; break;
		case O_HELP: usage(); return 0;
		case O_VERSION: printf("head (lom) 1.0\n"); return 0;
		default: try_help("head", 1);
		}
	}
	nfiles = argc - o.ind;
	files = nfiles ? argv + o.ind : stdin_only;
	if (headers < 0)
		headers = nfiles > 1;
	for (int i = 0; files[i]; i++) {
		int stdin_file = strcmp(files[i], "-") == 0, fd = 0, r;
		const char *name = stdin_file ? "standard input" : files[i];

		if (!stdin_file && (fd = open(files[i], O_RDONLY)) < 0) {
			fprintf(stderr, "head: cannot open '%s' for reading: %s\n", files[i],
				strerror(errno));
			ret = 1;
			continue;
		}
		if (headers) {
			char hdr[4200];
			int len = snprintf(hdr, sizeof(hdr), "%s==> %s <==\n", i ? "\n" : "", name);

			if (write_out(hdr, len < (int)sizeof(hdr) ? len : (int)sizeof(hdr) - 1) < 0)
				return 1;
		}
		r = elide ? head_elide(fd, name, count, bytes) : head(fd, name, count, bytes);
		if (fd != 0)
			close(fd);
		if (r < 0)
			return 1;
		ret |= r;
	}
	return ret;
}
