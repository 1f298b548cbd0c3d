/*
 * user/cat.c - cat [OPTION]... [FILE]...: copy files ("-" or none: stdin)
 * to stdout, as coreutils' cat:
 *
 *   -n  number all lines ("%6d\t"), -b  only the nonempty ones
 *   -s  squeeze runs of empty lines into one
 *   -E  '$' at the end of each line, -T  tabs as ^I
 *   -v  control characters as ^X and M-X, -A (-vET), -e (-vE), -t (-vT)
 *   -u  (ignored)
 *
 * Line numbers and the squeezing go on across files, as in coreutils.
 * Without options the data is copied as it is, in large blocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ulib.h"

static char buf[65536];
static int number, number_nonblank, squeeze, show_ends, show_tabs, show_nonprinting;

/* the formatted output, written in large pieces */
static char out[65536 + 64];
static size_t out_len;
static int out_err;

static void flush_out(void)
{
	if (out_len && !out_err && write_all(1, out, out_len) < 0)
		out_err = errno;
	out_len = 0;
}

static void emit(const char *s, size_t n)
{
	if (out_len + n > sizeof(out))
		flush_out();
	memcpy(out + out_len, s, n);
	out_len += n;
}

/* state that goes on from one file to the next */
static long long lineno;
static int at_bol = 1, empty_run;

static void put_lineno(void)
{
	char num[32];
	int n = snprintf(num, sizeof(num), "%6lld\t", ++lineno);

	emit(num, n);
}

/* One byte with -v -T -E -n -b -s applied. */
static void format_byte(unsigned char c)
{
	char s[8];
	int n = 0;

	if (at_bol) {
		if (c == '\n') {
			if (++empty_run > 1 && squeeze)
				return;
			if (number && !number_nonblank)
				put_lineno();
			if (show_ends)
				emit("$", 1);
			emit("\n", 1);
			return;
		}
		empty_run = 0;
		at_bol = 0;
		if (number)
			put_lineno();
	}
	if (c == '\n') {
		if (show_ends)
			emit("$", 1);
		emit("\n", 1);
		at_bol = 1;
		return;
	}
	if (c == '\t') {
		if (show_tabs)
			emit("^I", 2);
		else
			emit("\t", 1);
		return;
	}
	if (show_nonprinting) {
		if (c >= 128) {
			s[n++] = 'M';
			s[n++] = '-';
			c -= 128;
		}
		if (c < 32) {
			s[n++] = '^';
			s[n++] = (char)(c + 64);
		} else if (c == 127) {
			s[n++] = '^';
			s[n++] = '?';
		} else {
			s[n++] = (char)c;
		}
		emit(s, n);
		return;
	}
	s[0] = (char)c;
	emit(s, 1);
}

/*
 * Copy fd to stdout: 0 when done, 1 after a read error (go on with the
 * next file), -1 after a write error (stop).
 */
static int copy(int fd, const char *name)
{
	int formatting = number || squeeze || show_ends || show_tabs || show_nonprinting;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			flush_out();
			fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (formatting) {
			for (ssize_t i = 0; i < n; i++)
				format_byte((unsigned char)buf[i]);
		} else if (write_all(1, buf, n) < 0) {
			out_err = errno;
		}
		if (out_err) {
			fprintf(stderr, "cat: write error: %s\n", strerror(out_err));
			return -1;
		}
	}
	flush_out();
	if (out_err) {
		fprintf(stderr, "cat: write error: %s\n", strerror(out_err));
		return -1;
	}
	return 0;
}

static void usage(void)
{
	printf("Usage: cat [OPTION]... [FILE]...\n"
	       "Concatenate FILE(s) to standard output.\n"
	       "\n"
	       "With no FILE, or when FILE is -, read standard input.\n"
	       "\n"
	       "  -A, --show-all           equivalent to -vET\n"
	       "  -b, --number-nonblank    number nonempty output lines, overrides -n\n"
	       "  -e                       equivalent to -vE\n"
	       "  -E, --show-ends          display $ at end of each line\n"
	       "  -n, --number             number all output lines\n"
	       "  -s, --squeeze-blank      suppress repeated empty output lines\n"
	       "  -t                       equivalent to -vT\n"
	       "  -T, --show-tabs          display TAB characters as ^I\n"
	       "  -u                       (ignored)\n"
	       "  -v, --show-nonprinting   use ^ and M- notation, except for LFD and TAB\n"
	       "      --help        display this help and exit\n"
	       "      --version     output version information and exit\n"
	       "\n"
	       "Examples:\n"
	       "  cat f - g  Output f's contents, then standard input, then g's contents.\n"
	       "  cat        Copy standard input to standard output.\n");
}

enum { O_HELP = 256, O_VERSION };

static const struct uopt_long longopts[] = {
	{ "show-all", UOPT_NOARG, 'A' }, { "number-nonblank", UOPT_NOARG, 'b' },
	{ "show-ends", UOPT_NOARG, 'E' }, { "number", UOPT_NOARG, 'n' },
	{ "squeeze-blank", UOPT_NOARG, 's' }, { "show-tabs", UOPT_NOARG, 'T' },
	{ "show-nonprinting", UOPT_NOARG, 'v' }, { "help", UOPT_NOARG, O_HELP },
	{ "version", UOPT_NOARG, O_VERSION }, { NULL, 0, 0 },
};

int main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct uopt o;
	char **files;
	int c, ret = 0;

	uopt_init(&o, "cat");
	while ((c = uopt_next(&o, argc, argv, "AbeEnstTuv", longopts)) != -1) {
		switch (c) {
		case 'A': show_nonprinting = show_ends = show_tabs = 1; break;
		case 'b': number = number_nonblank = 1; break;
		case 'e': show_nonprinting = show_ends = 1; break;
		case 'E': show_ends = 1; break;
		case 'n': number = 1; break;
		case 's': squeeze = 1; break;
		case 't': show_nonprinting = show_tabs = 1; break;
		case 'T': show_tabs = 1; break;
		case 'u': break;
		case 'v': show_nonprinting = 1; break;
		case O_HELP: usage(); return 0;
		case O_VERSION: printf("cat (lom) 1.0\n"); return 0;
		default: try_help("cat", 1);
		}
	}
	files = o.ind < argc ? argv + o.ind : stdin_only;
	for (int i = 0; files[i]; i++) {
		struct stat st;
		int fd = 0, r;

		if (strcmp(files[i], "-") != 0 && (fd = open(files[i], O_RDONLY)) < 0) {
			fprintf(stderr, "cat: %s: %s\n", files[i], strerror(errno));
			ret = 1;
			continue;
		}
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			fprintf(stderr, "cat: %s: Is a directory\n", files[i]);
			ret = 1;
			if (fd != 0)
				close(fd);
			continue;
		}
		r = copy(fd, files[i]);
		if (fd != 0)
			close(fd);
		if (r < 0)
			return 1;
		ret |= r;
	}
	return ret;
}
