/*
 * user/grep/grep.c - grep [OPTION]... PATTERNS [FILE]...: print the lines
 * that match, as GNU grep does (options, output, messages, exit status 0
 * when a line was selected, 1 when none, 2 on trouble).  The patterns are
 * regex.c's.
 *
 * Patterns are POSIX basic (default, -G) or extended (-E) regular
 * expressions with GNU's extensions (\+ \? \| in BRE; \w \W \s \S \b \B
 * \< \>), or fixed strings (-F); several patterns (-e, -f, or lines of
 * one pattern) match when any does.  Back-references (\1) are not
 * supported.  The C locale: bytes, [[:classes:]] of <ctype.h>.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grep.h"
#include "ulib.h"

/* ---- options and output ---- */

static int icase, wflag, xflag;	/* -i, -w, -x */
static int invert, count_only, list_files;	/* list_files: 1 -l, -1 -L */
static int quiet, no_messages, only_matching, line_numbers, byte_offset;
static int with_filename = -1, line_buffered, text_mode, recursive, deref_all;
static long long max_count = -1;
static long after_ctx = -1, before_ctx = -1;
static int color;
static const char *label = "(standard input)";

static const char *col_match = "01;31", *col_file = "35", *col_line = "32", *col_sep = "36";

static int selected_any;
static int error_seen;
static int any_output;		/* for the "--" between context groups */

static void put_colored(const char *color_code, const char *s, size_t n)
{
	if (color && *color_code)
		printf("\033[%sm\033[K", color_code);
	fwrite(s, 1, n, stdout);
	if (color && *color_code)
		printf("\033[m\033[K");
}

static void put_sep(char sep)
{
	put_colored(col_sep, &sep, 1);
}

/* "file:", "12:", "345:" before a line, sep ':' (selected) or '-' (context) */
static void prefix(const char *name, long long lineno, long long offset, char sep)
{
	char num[32];

	if (with_filename) {
		put_colored(col_file, name, strlen(name));
		put_sep(sep);
	}
	if (line_numbers) {
		snprintf(num, sizeof(num), "%lld", lineno);
		put_colored(col_line, num, strlen(num));
		put_sep(sep);
	}
	if (byte_offset) {
		snprintf(num, sizeof(num), "%lld", offset);
		put_colored(col_line, num, strlen(num));
		put_sep(sep);
	}
}

static void end_line(void)
{
	putchar('\n');
	if (line_buffered)
		fflush(stdout);
}

/* A selected line: whole, its matches colored, or (-o) only its matches. */
static void print_selected(const char *name, const unsigned char *s, size_t n,
			   long long lineno, long long offset)
{
	size_t from = 0, ms, me;

	if (only_matching) {
		while (!invert && from <= n && re_next_match(s, n, from, &ms, &me)) {
			if (me > ms) {
				prefix(name, lineno, offset + ms, ':');
				put_colored(col_match, (const char *)s + ms, me - ms);
				end_line();
			}
			from = me > ms ? me : ms + 1;
		}
		return;
	}
	prefix(name, lineno, offset, ':');
	if (color && !invert) {
		while (from <= n && re_next_match(s, n, from, &ms, &me)) {
			fwrite(s + from, 1, ms - from, stdout);
			put_colored(col_match, (const char *)s + ms, me - ms);
			from = me > ms ? me : ms + 1;
			if (me == ms && ms < n)
				fwrite(s + ms, 1, 1, stdout);
		}
	}
	if (from < n)
		fwrite(s + from, 1, n - from, stdout);
	end_line();
}

/* ---- reading lines ---- */

struct reader {
	int fd;
	unsigned char *buf;
	size_t cap, start, end;
	int eof, binary, err;
};

/* The next line (without its '\n'), or NULL at the end or on an error. */
static unsigned char *next_line(struct reader *r, size_t *len)
{
	for (;;) {
		unsigned char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		ssize_t got;

		if (nl || (r->eof && r->end > r->start)) {
			unsigned char *line = r->buf + r->start;

			*len = (nl ? nl : r->buf + r->end) - line;
			r->start += *len + (nl != NULL);
			return line;
		}
		if (r->eof)
			return NULL;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == r->cap) {
			r->cap *= 2;
			r->buf = grep_xrealloc(r->buf, r->cap);
		}
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r->err = errno;
			r->eof = 1;
			continue;
		}
		if (got == 0)
			r->eof = 1;
		if (!text_mode && memchr(r->buf + r->end, '\0', got))
			r->binary = 1;
		r->end += got;
	}
}

/* the -B lines: copies of the last before_ctx lines not printed */
struct ctx_line {
	unsigned char *s;
	size_t len;
	long long lineno, offset;
};

static struct ctx_line *ring;
static long ring_n, ring_head;

static void ring_push(const unsigned char *s, size_t len, long long lineno, long long offset)
{
	struct ctx_line *c;

	if (before_ctx <= 0)
		return;
	if (ring_n == before_ctx) {
		c = &ring[ring_head];
		ring_head = (ring_head + 1) % before_ctx;
	} else {
		c = &ring[(ring_head + ring_n++) % before_ctx];
	}
	c->s = grep_xrealloc(c->s, len + 1);
	memcpy(c->s, s, len);
	c->len = len;
	c->lineno = lineno;
	c->offset = offset;
}

/* A context line: after a "--" if it does not follow what was printed last. */
static void print_context(const char *name, const unsigned char *s, size_t n, long long lineno,
			  long long offset, long long *last)
{
	if (any_output && lineno != *last + 1) {
		put_colored(col_sep, "--", 2);
		end_line();
	}
	prefix(name, lineno, offset, '-');
	fwrite(s, 1, n, stdout);
	end_line();
	*last = lineno;
	any_output = 1;
}

/* Search one open file; name as printed.  Returns the number of selected lines. */
static long long grep_fd(int fd, const char *name)
{
	struct reader r = { fd, NULL, 65536, 0, 0, 0, 0, 0 };
	long long lineno = 0, offset = 0, selected = 0, last = -1;
	long after_left = 0;
	int context = !only_matching && !count_only && !list_files && !quiet &&
		      (after_ctx > 0 || before_ctx > 0);
	unsigned char *s;
	size_t n;

	r.buf = grep_xmalloc(r.cap);
	ring_n = ring_head = 0;
	while ((s = next_line(&r, &n)) != NULL) {
		long long this_offset = offset;
		int sel;

		lineno++;
		offset += n + 1;
		if (max_count >= 0 && selected >= max_count) {
			/* after the last one -m allows: only its trailing context */
			if (after_left <= 0)
				break;
			print_context(name, s, n, lineno, this_offset, &last);
			after_left--;
			continue;
		}
		sel = re_line_matches(s, n) != invert;
		if (!sel) {
			if (context && after_left > 0) {
				print_context(name, s, n, lineno, this_offset, &last);
				after_left--;
			} else if (context) {
				ring_push(s, n, lineno, this_offset);
			}
			continue;
		}
		selected++;
		selected_any = 1;
		if (quiet)
			exit(0);
		if (list_files)
			break;
		if (count_only)
			continue;
		if (r.binary) {
			fflush(stdout);
			fprintf(stderr, "grep: %s: binary file matches\n", name);
			break;
		}
		if (context) {
			for (long i = 0; i < ring_n; i++) {
				struct ctx_line *c = &ring[(ring_head + i) % before_ctx];

				if (c->lineno > last)
					print_context(name, c->s, c->len, c->lineno, c->offset, &last);
			}
			ring_n = ring_head = 0;
			if (any_output && lineno != last + 1) {
				put_colored(col_sep, "--", 2);
				end_line();
			}
			after_left = after_ctx > 0 ? after_ctx : 0;
		}
		print_selected(name, s, n, lineno, this_offset);
		last = lineno;
		any_output = 1;
	}
	if (r.err) {
		fflush(stdout);
		if (!no_messages)
			fprintf(stderr, "grep: %s: %s\n", name, strerror(r.err));
		error_seen = 1;
	}
	free(r.buf);
	if (count_only) {
		if (with_filename) {
			put_colored(col_file, name, strlen(name));
			put_sep(':');
		}
		printf("%lld", selected);
		end_line();
	}
	if ((list_files > 0 && selected) || (list_files < 0 && !selected)) {
		put_colored(col_file, name, strlen(name));
		end_line();
	}
	return selected;
}

static void grep_path(const char *path, int top);

static int implicit_dot;	/* -r without a FILE: "." (not named in the output) */

static void grep_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d) {
		fflush(stdout);
		if (!no_messages)
			fprintf(stderr, "grep: %s: %s\n", path, strerror(errno));
		error_seen = 1;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t pl = strlen(path);
		char *sub;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		sub = grep_xmalloc(pl + strlen(de->d_name) + 2);
		if (implicit_dot && !strcmp(path, "."))	/* grep -r PAT: "a", not "./a" */
			strcpy(sub, de->d_name);
		else
			sprintf(sub, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", de->d_name);
		grep_path(sub, 0);
		free(sub);
	}
	closedir(d);
}

static void grep_path(const char *path, int top)
{
	struct stat st;
	int fd;

	if (!strcmp(path, "-") && top) {
		grep_fd(0, label);
		return;
	}
	/* -r follows symbolic links named on the command line only; -R all */
	if ((top || deref_all ? stat : lstat)(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return;
		if (S_ISDIR(st.st_mode)) {
			if (recursive) {
				grep_dir(path);
				return;
			}
			fflush(stdout);
			if (!no_messages)
				fprintf(stderr, "grep: %s: Is a directory\n", path);
			error_seen = 1;
			return;
		}
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fflush(stdout);
		if (!no_messages)
			fprintf(stderr, "grep: %s: %s\n", path, strerror(errno));
		error_seen = 1;
		return;
	}
	grep_fd(fd, path);
	close(fd);
}

/* ---- the command line ---- */

static void usage(void)
{
	printf("Usage: grep [OPTION]... PATTERNS [FILE]...\n"
	       "Search for PATTERNS in each FILE.\n"
	       "Example: grep -i 'hello world' menu.h main.c\n"
	       "PATTERNS can contain multiple patterns separated by newlines.\n"
	       "\n"
	       "Pattern selection and interpretation:\n"
	       "  -E, --extended-regexp     PATTERNS are extended regular expressions\n"
	       "  -F, --fixed-strings       PATTERNS are strings\n"
	       "  -G, --basic-regexp        PATTERNS are basic regular expressions\n"
	       "  -e, --regexp=PATTERNS     use PATTERNS for matching\n"
	       "  -f, --file=FILE           take PATTERNS from FILE\n"
	       "  -i, --ignore-case         ignore case distinctions in patterns and data\n"
	       "      --no-ignore-case      do not ignore case distinctions (default)\n"
	       "  -w, --word-regexp         match only whole words\n"
	       "  -x, --line-regexp         match only whole lines\n"
	       "\n"
	       "Miscellaneous:\n"
	       "  -s, --no-messages         suppress error messages\n"
	       "  -v, --invert-match        select non-matching lines\n"
	       "  -V, --version             display version information and exit\n"
	       "      --help                display this help text and exit\n"
	       "\n"
	       "Output control:\n"
	       "  -m, --max-count=NUM       stop after NUM selected lines\n"
	       "  -b, --byte-offset         print the byte offset with output lines\n"
	       "  -n, --line-number         print line number with output lines\n"
	       "      --line-buffered       flush output on every line\n"
	       "  -H, --with-filename       print file name with output lines\n"
	       "  -h, --no-filename         suppress the file name prefix on output\n"
	       "      --label=LABEL         use LABEL as the standard input file name prefix\n"
	       "  -o, --only-matching       show only nonempty parts of lines that match\n"
	       "  -q, --quiet, --silent     suppress all normal output\n"
	       "  -a, --text                equivalent to --binary-files=text\n"
	       "  -r, --recursive           search directories recursively\n"
	       "  -R, --dereference-recursive  likewise, but follow all symlinks\n"
	       "  -L, --files-without-match  print only names of FILEs with no selected lines\n"
	       "  -l, --files-with-matches  print only names of FILEs with selected lines\n"
	       "  -c, --count               print only a count of selected lines per FILE\n"
	       "\n"
	       "Context control:\n"
	       "  -B, --before-context=NUM  print NUM lines of leading context\n"
	       "  -A, --after-context=NUM   print NUM lines of trailing context\n"
	       "  -C, --context=NUM         print NUM lines of output context\n"
	       "  -NUM                      same as --context=NUM\n"
	       "      --color[=WHEN],\n"
	       "      --colour[=WHEN]       use markers to highlight the matching strings;\n"
	       "                            WHEN is 'always', 'never', or 'auto'\n"
	       "\n"
	       "When FILE is '-', read standard input.  With no FILE, read '.' if\n"
	       "recursive, '-' otherwise.  With fewer than two FILEs, assume -h.\n"
	       "Exit status is 0 if any line is selected, 1 otherwise;\n"
	       "if any error occurs and -q is not given, the exit status is 2.\n"
	       "\n"
	       "lom's grep: no back-references, no -P, the C locale only.\n");
	exit(0);
}

static char *patterns;	/* newline-separated */
static size_t patterns_len;
static int npatterns;		/* how many */
static int patterns_given;	/* by -e or -f: no PATTERNS operand */

static void add_patterns(const char *p, size_t len)
{
	patterns = grep_xrealloc(patterns, patterns_len + len + 2);
	if (npatterns)
		patterns[patterns_len++] = '\n';
	memcpy(patterns + patterns_len, p, len);
	patterns_len += len;
	patterns[patterns_len] = '\0';
	npatterns++;
}

/* -f FILE: a pattern per line; an empty file has none (and matches nothing) */
static void add_pattern_file(const char *path)
{
	size_t len = 0;
	char *t;

	if (strcmp(path, "-") == 0) {
		struct reader r = { 0, grep_xmalloc(4096), 4096, 0, 0, 0, 0, 0 };
		unsigned char *s;
		size_t n;
		int saved = text_mode;

		text_mode = 1;
		while ((s = next_line(&r, &n)) != NULL)
			add_patterns((char *)s, n);
		text_mode = saved;
		free(r.buf);
		return;
	}
	t = read_whole(path, &len);
	if (!t) {
		fprintf(stderr, "grep: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (len > 0) {
		if (t[len - 1] == '\n')
			len--;
		add_patterns(t, len);
	}
	free(t);
}

static long parse_context(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0) {
		fprintf(stderr, "grep: %s: invalid context length argument\n", s);
		exit(2);
	}
	return v;
}

enum {
	O_HELP = 256, O_NO_ICASE, O_LINE_BUF, O_LABEL, O_COLOR, O_INCLUDE,
};

static const struct uopt_long longopts[] = {
	{ "extended-regexp", UOPT_NOARG, 'E' }, { "fixed-strings", UOPT_NOARG, 'F' },
	{ "basic-regexp", UOPT_NOARG, 'G' }, { "perl-regexp", UOPT_NOARG, 'P' },
	{ "regexp", UOPT_ARG, 'e' }, { "file", UOPT_ARG, 'f' },
	{ "ignore-case", UOPT_NOARG, 'i' }, { "no-ignore-case", UOPT_NOARG, O_NO_ICASE },
	{ "word-regexp", UOPT_NOARG, 'w' }, { "line-regexp", UOPT_NOARG, 'x' },
	{ "no-messages", UOPT_NOARG, 's' }, { "invert-match", UOPT_NOARG, 'v' },
	{ "version", UOPT_NOARG, 'V' }, { "help", UOPT_NOARG, O_HELP },
	{ "max-count", UOPT_ARG, 'm' }, { "byte-offset", UOPT_NOARG, 'b' },
	{ "line-number", UOPT_NOARG, 'n' }, { "line-buffered", UOPT_NOARG, O_LINE_BUF },
	{ "with-filename", UOPT_NOARG, 'H' }, { "no-filename", UOPT_NOARG, 'h' },
	{ "label", UOPT_ARG, O_LABEL }, { "only-matching", UOPT_NOARG, 'o' },
	{ "quiet", UOPT_NOARG, 'q' }, { "silent", UOPT_NOARG, 'q' },
	{ "text", UOPT_NOARG, 'a' }, { "recursive", UOPT_NOARG, 'r' },
	{ "dereference-recursive", UOPT_NOARG, 'R' },
	{ "files-without-match", UOPT_NOARG, 'L' }, { "files-with-matches", UOPT_NOARG, 'l' },
	{ "count", UOPT_NOARG, 'c' }, { "before-context", UOPT_ARG, 'B' },
	{ "after-context", UOPT_ARG, 'A' }, { "context", UOPT_ARG, 'C' },
	{ "color", UOPT_OPTARG, O_COLOR }, { "colour", UOPT_OPTARG, O_COLOR },
	{ NULL, 0, 0 },
};

int main(int argc, char **argv)
{
	int c, syntax = 'G', color_when = 0;	/* 0 never, 1 always, 2 auto */
	long ctx = -1;
	int digit_arg = -1;	/* the argument of the last -NUM digit seen */
	struct uopt o;
	const char *p;

	uopt_init(&o, "grep");
	while ((c = uopt_next(&o, argc, argv, "0123456789EFGPe:f:iywxsvVm:bnHhoqarRLlcB:A:C:U",
			      longopts)) != -1) {
		int here = o.pos ? o.next : o.next - 1;	/* the argument c came from */

		if (c >= '0' && c <= '9') {	/* -NUM: digits in one argument make a number */
			ctx = (here == digit_arg ? ctx * 10 : 0) + (c - '0');
			if (ctx > 1000000000)
				ctx = 1000000000;
			digit_arg = here;
			continue;
		}
		digit_arg = -1;
		switch (c) {
		case 'E': case 'F': case 'G': syntax = c; break;
		case 'P':
			grep_die("Perl matching not supported in a --disable-perl-regexp build");
		case 'e':
			add_patterns(o.arg, strlen(o.arg));
			patterns_given = 1;
			break;
		case 'f':
			add_pattern_file(o.arg);
			patterns_given = 1;
			break;
		case 'i': case 'y': icase = 1; break;
		case O_NO_ICASE: icase = 0; break;
		case 'w': wflag = 1; break;
		case 'x': xflag = 1; break;
		case 's': no_messages = 1; break;
		case 'v': invert = 1; break;
		case 'V':
			printf("grep (lom) 3.8-compatible\n");
			return 0;
		case O_HELP: usage(); break;
		case 'm': {
			char *end;

			errno = 0;
			max_count = strtoll(o.arg, &end, 10);
			if (!*o.arg || *end || errno) {
				fprintf(stderr, "grep: invalid max count\n");
				return 2;
			}
			break;
		}
		case 'b': byte_offset = 1; break;
		case 'n': line_numbers = 1; break;
		case O_LINE_BUF: line_buffered = 1; break;
		case 'H': with_filename = 1; break;
		case 'h': with_filename = 0; break;
		case O_LABEL: label = o.arg; break;
		case 'o': only_matching = 1; break;
		case 'q': quiet = 1; break;
		case 'a': text_mode = 1; break;
		case 'r': recursive = 1; break;
		case 'R': recursive = 1; deref_all = 1; break;
		case 'L': list_files = -1; break;
		case 'l': list_files = 1; break;
		case 'c': count_only = 1; break;
		case 'A': after_ctx = parse_context(o.arg); break;
		case 'B': before_ctx = parse_context(o.arg); break;
		case 'C': ctx = parse_context(o.arg); break;
		case 'U': break;
		case O_COLOR:
			if (!o.arg || !strcmp(o.arg, "always") || !strcmp(o.arg, "yes") ||
			    !strcmp(o.arg, "force"))
				color_when = o.arg ? 1 : 2;
			else if (!strcmp(o.arg, "never") || !strcmp(o.arg, "no") ||
				 !strcmp(o.arg, "none"))
				color_when = 0;
			else if (!strcmp(o.arg, "auto") || !strcmp(o.arg, "tty") ||
				 !strcmp(o.arg, "if-tty"))
				color_when = 2;
			else
				grep_die("invalid argument for --color");
			break;
		default:
			fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
			try_help("grep", 2);
		}
	}
	if (!patterns_given) {
		if (o.ind >= argc) {
			fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
			try_help("grep", 2);
		}
		p = argv[o.ind++];
		add_patterns(p, strlen(p));
	}
	if (ctx >= 0) {
		if (after_ctx < 0)
			after_ctx = ctx;
		if (before_ctx < 0)
			before_ctx = ctx;
	}
	if (before_ctx > 0)
		ring = calloc(before_ctx, sizeof(*ring));
	color = color_when == 1 || (color_when == 2 && isatty(1) && getenv("TERM") &&
				   strcmp(getenv("TERM"), "dumb"));

	/* each line of the patterns is one; a line matches if any does */
	re_init((icase ? RE_ICASE : 0) | (wflag ? RE_WORD : 0) | (xflag ? RE_LINE : 0));
	for (const char *q = patterns; npatterns > 0;) {
		const char *nl = memchr(q, '\n', patterns + patterns_len - q);

		re_add(q, (size_t)((nl ? nl : patterns + patterns_len) - q),
		       syntax == 'F' ? RE_FIXED : syntax == 'E' ? RE_EXTENDED : RE_BASIC);
		if (!nl)
			break;
		q = nl + 1;
	}
	re_done();	/* (no pattern: an empty -f file, which matches nothing) */

	if (o.ind == argc) {
		if (recursive) {
			if (with_filename < 0)
				with_filename = 1;
			implicit_dot = 1;
			grep_path(".", 1);
		} else {
			if (with_filename < 0)
				with_filename = 0;
			grep_path("-", 1);
		}
	} else {
		if (with_filename < 0)
			with_filename = argc - o.ind > 1 || recursive;
		for (int i = o.ind; i < argc; i++)
			grep_path(argv[i], 1);
	}
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "grep: write error: %s\n", strerror(errno));
		return 2;
	}
	if (error_seen && !(quiet && selected_any))
		return 2;
	return !selected_any;	/* (-L too: grep 3.8 tells whether lines were selected) */
}
