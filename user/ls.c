/*
 * user/ls.c - ls [OPTION]... [FILE]...: list files and directories, as
 * coreutils' ls in the C locale:
 *
 *   the files named first, then each directory's contents (under a
 *   "path:" header when there are several); names sorted bytewise
 *   (-t by time, -S by size, -U not at all, -r reversed);
 *   in columns (-C, tab-aligned as coreutils) when the output is a
 *   terminal, one per line (-1) otherwise, across (-x);
 *   -l long format: mode, links, owner, group (names from /etc/passwd
 *   and /etc/group, numbers without them, -n), size (-h: 1.5K), the
 *   time ("Jan  1 00:00", "Jan  1  1970" when older than six months or
 *   in the future), name and a link's target;
 *   -a, -A (dot files), -d (directories themselves), -F, -p
 *   (indicators), -i (inode numbers), -R (recursive), -L (follow links).
 *
 * Times are UTC.  Names are printed as they are (no quoting).  Exit
 * status as coreutils: 2 if a named file could not be listed, 1 for
 * trouble inside a directory.
 */
#include <dirent.h>
#include <errno.h>
#include <lom/format.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

struct entry {
	char *name;	/* as shown */
	char *path;	/* for stat and readlink */
	struct stat st;
	int st_ok;
	unsigned char dtype;	/* the directory's idea of the type, for a failed stat */
};

enum { FMT_ONE, FMT_COLUMNS, FMT_ACROSS, FMT_LONG };
enum { SORT_NAME, SORT_TIME, SORT_SIZE, SORT_NONE };
enum { IND_NONE, IND_SLASH, IND_CLASSIFY };

static int all, almost_all, dirs_as_files, recursive, reverse, human, inodes;
static int numeric, no_owner, no_group, deref;
static int format = -1, sort = SORT_NAME, indicator = IND_NONE;
static int line_length = 80;
static int status;
static long long now;

static void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p) {
		fprintf(stderr, "ls: memory exhausted\n");
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	return strcpy(xmalloc(strlen(s) + 1), s);
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = xmalloc(dl + nl + 2);

	if (strcmp(dir, ".") == 0)	/* "x", not "./x" (as coreutils names it) */
		return strcpy(p, name);
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + (dl && dir[dl - 1] != '/'), name, nl + 1);
	return p;
}

/* ---- sorting ---- */

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int r = 0;

	if (sort == SORT_TIME) {
		long long tx = x->st.st_mtim.tv_sec, ty = y->st.st_mtim.tv_sec;
		long nx = x->st.st_mtim.tv_nsec, ny = y->st.st_mtim.tv_nsec;

		r = ty != tx ? (ty > tx) - (ty < tx) : (ny > nx) - (ny < nx);	/* newest first */
	} else if (sort == SORT_SIZE) {
		r = (y->st.st_size > x->st.st_size) - (y->st.st_size < x->st.st_size);
	}
	if (!r)
		r = strcmp(x->name, y->name);
	return reverse ? -r : r;
}

static void sort_entries(struct entry *e, int n)
{
	if (sort == SORT_NONE) {
		if (reverse)
			for (int i = 0; i < n / 2; i++) {
				struct entry t = e[i];

				e[i] = e[n - 1 - i];
				e[n - 1 - i] = t;
			}
		return;
	}
	qsort(e, n, sizeof(*e), cmp_entry);
}

/* ---- the pieces of a line ---- */

/* "drwxr-xr-x" */
static void mode_string(mode_t m, char *s)
{
	static const char rwx[] = "rwxrwxrwx";

	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' :
	       S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		s[i + 1] = m & (0400 >> i) ? rwx[i] : '-';
	if (m & S_ISUID)
		s[3] = s[3] == 'x' ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = s[6] == 'x' ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = s[9] == 'x' ? 't' : 'T';
	s[10] = '\0';
}

/*
 * "Jan  1 00:00" for a time in the last six months, else "Jan  1  1970"
 * (coreutils' two formats), in UTC.
 */
static void time_string(long long t, char *s, size_t size)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(s, size, "%lld", t);
		return;
	}
	if (t > now - 31556952 / 2 && t <= now)
		snprintf(s, size, "%.3s %2d %02d:%02d", months + 3 * tm.tm_mon, tm.tm_mday,
			 tm.tm_hour, tm.tm_min);
	else
		snprintf(s, size, "%.3s %2d  %d", months + 3 * tm.tm_mon, tm.tm_mday,
			 tm.tm_year + 1900);
}

/* Linux's dev_t encoding (what glibc's major() and minor() undo) */
static unsigned dev_major(dev_t d)
{
	return (unsigned)(((d >> 32) & 0xfffff000) | ((d >> 8) & 0xfff));
}

static unsigned dev_minor(dev_t d)
{
	return (unsigned)(((d >> 12) & 0xffffff00) | (d & 0xff));
}

/* The indicator -F or -p puts after a name, or 0. */
static char indicator_of(const struct stat *st, int st_ok)
{
	mode_t m = st->st_mode;

	if (indicator == IND_NONE || !st_ok)
		return 0;
	if (S_ISDIR(m))
		return '/';
	if (indicator == IND_SLASH)
		return 0;
	if (S_ISLNK(m))
		return '@';
	if (S_ISFIFO(m))
		return '|';
	if (S_ISSOCK(m))
		return '=';
	if (S_ISREG(m) && (m & 0111))
		return '*';
	return 0;
}

/* name of id in /etc/passwd or /etc/group (the third field), NULL if none */
static const char *id_name(int group, unsigned id)
{
	static char *cache[2];
	static int loaded[2];
	static char name[64];

	if (!loaded[group]) {
		cache[group] = read_whole(group ? "/etc/group" : "/etc/passwd", NULL);
		loaded[group] = 1;
	}
	for (char *p = cache[group]; p && *p;) {
		char *nl = strchr(p, '\n'), *c1 = strchr(p, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (c2 && (!nl || c2 < nl) && c2[1] >= '0' && c2[1] <= '9' &&
		    strtoul(c2 + 1, NULL, 10) == id) {
			snprintf(name, sizeof(name), "%.*s", (int)(c1 - p), p);
			return name;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static int num_width(unsigned long long n)
{
	int w = 1;

	while (n >= 10) {
		n /= 10;
		w++;
	}
	return w;
}

/* ls -h: rounded up, "1.5K", and a plain number below 1024 */
static void human_size(unsigned long long bytes, char *s, size_t size)
{
	if (bytes < 1024)
		snprintf(s, size, "%llu", bytes);
	else
		format_size(s, size, bytes, 0);
}

/* ---- long format ---- */

struct long_widths {
	int inode, nlink, owner, group, size, major, minor;
};

static void long_fields(const struct entry *e, char *owner, char *group, char *size, size_t n)
{
	const char *name;

	name = numeric ? NULL : id_name(0, e->st.st_uid);
	if (name)
		snprintf(owner, n, "%s", name);
	else
		snprintf(owner, n, "%u", (unsigned)e->st.st_uid);
	name = numeric ? NULL : id_name(1, e->st.st_gid);
	if (name)
		snprintf(group, n, "%s", name);
	else
		snprintf(group, n, "%u", (unsigned)e->st.st_gid);
	if (human)
		human_size((unsigned long long)e->st.st_size, size, n);
	else
		snprintf(size, n, "%lld", (long long)e->st.st_size);
}

static void print_long(struct entry *e, int n)
{
	struct long_widths w = { 1, 1, 1, 1, 1, 1, 1 };
	char mode[11], owner[64], group[64], size[48], when[32], target[4096];

	for (int i = 0; i < n; i++) {
		const struct stat *st = &e[i].st;
		int x;

		long_fields(&e[i], owner, group, size, sizeof(owner));
		if ((x = num_width(st->st_ino)) > w.inode)
			w.inode = x;
		if ((x = num_width(st->st_nlink)) > w.nlink)
			w.nlink = x;
		if ((x = (int)strlen(owner)) > w.owner)
			w.owner = x;
		if ((x = (int)strlen(group)) > w.group)
			w.group = x;
		if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
			if ((x = num_width(dev_major(st->st_rdev))) > w.major)
				w.major = x;
			if ((x = num_width(dev_minor(st->st_rdev))) > w.minor)
				w.minor = x;
			if (w.major + 2 + w.minor > w.size)
				w.size = w.major + 2 + w.minor;
		} else if ((x = (int)strlen(size)) > w.size) {
			w.size = x;
		}
	}
	for (int i = 0; i < n; i++) {
		const struct stat *st = &e[i].st;
		const char *owner_name, *group_name;
		char ind;

		if (!e[i].st_ok) {	/* coreutils: question marks, the type from readdir */
			static const char types[] = "?pc?d?b?-?l?s???";

			if (inodes)
				printf("%*s ", w.inode, "?");
			printf("%c????????? %*s ", types[e[i].dtype & 15], w.nlink, "?");
			if (!no_owner)
				printf("%-*s ", w.owner, "?");
			if (!no_group)
				printf("%-*s ", w.group, "?");
			printf("%*s %12s %s\n", w.size, "?", "?", e[i].name);
			continue;
		}
		long_fields(&e[i], owner, group, size, sizeof(owner));
		mode_string(st->st_mode, mode);
		time_string(st->st_mtime, when, sizeof(when));
		if (inodes)
			printf("%*llu ", w.inode, (unsigned long long)st->st_ino);
		printf("%s %*lu ", mode, w.nlink, (unsigned long)st->st_nlink);
		/* names left-aligned, numbers right-aligned, as coreutils */
		owner_name = numeric ? NULL : id_name(0, st->st_uid);
		group_name = numeric ? NULL : id_name(1, st->st_gid);
		if (!no_owner)
			printf(owner_name ? "%-*s " : "%*s ", w.owner, owner);
		if (!no_group)
			printf(group_name ? "%-*s " : "%*s ", w.group, group);
		if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
			printf("%*u, %*u ", w.size - 2 - w.minor, dev_major(st->st_rdev), w.minor,
			       dev_minor(st->st_rdev));
		else
			printf("%*s ", w.size, size);
		printf("%s %s", when, e[i].name);
		if (S_ISLNK(st->st_mode)) {
			ssize_t tl = readlink(e[i].path, target, sizeof(target) - 1);

			if (tl >= 0) {
				struct stat ts;

				target[tl] = '\0';
				printf(" -> %s", target);
				/* -F: the target's indicator (when it exists) */
				if (indicator != IND_NONE && stat(e[i].path, &ts) == 0 &&
				    (ind = indicator_of(&ts, 1)) != 0)
					putchar(ind);
			}
		} else if ((ind = indicator_of(st, e[i].st_ok)) != 0) {
			putchar(ind);
		}
		putchar('\n');
	}
}

/* ---- short formats ---- */

static int inode_width;

/* The length of what is printed for e: inode, name, indicator. */
static size_t frills_len(const struct entry *e)
{
	return (inodes ? (size_t)inode_width + 1 : 0) + strlen(e->name) +
	       (indicator_of(&e->st, e->st_ok) != 0);
}

static void print_name(const struct entry *e)
{
	char ind = indicator_of(&e->st, e->st_ok);

	if (inodes)
		printf("%*llu ", inode_width, (unsigned long long)e->st.st_ino);
	fputs(e->name, stdout);
	if (ind)
		putchar(ind);
}

/* coreutils' indent(): tabs where a tab stop is reached, spaces after */
static void indent(size_t from, size_t to)
{
	while (from < to) {
		if (to / 8 > (from + 1) / 8) {
			putchar('\t');
			from += 8 - from % 8;
		} else {
			putchar(' ');
			from++;
		}
	}
}

/*
 * The most columns that fit in line_length, as coreutils computes it:
 * each column as wide as its longest name plus 2 (but the last).
 * by_columns: names go down the columns (-C), else across (-x).
 * Fills widths[] (of the chosen number of columns).
 */
static int fit_columns(struct entry *e, int n, int by_columns, size_t *widths)
{
	int max_cols = line_length / 3 > 0 ? line_length / 3 : 1;
	size_t *w = xmalloc((size_t)(max_cols < n ? max_cols : n) * sizeof(size_t));
	int cols;

	if (max_cols > n)
		max_cols = n;
	for (cols = max_cols; cols > 1; cols--) {
		int rows = (n + cols - 1) / cols;
		size_t total = 0;
		int ok = 1;

		for (int c = 0; c < cols; c++)
			w[c] = 3;	/* coreutils' MIN_COLUMN_WIDTH */
		for (int i = 0; i < n; i++) {
			int c = by_columns ? i / rows : i % cols;
			size_t len = frills_len(&e[i]) + (c == cols - 1 ? 0 : 2);

			if (len > w[c])
				w[c] = len;
		}
		for (int c = 0; c < cols; c++)
			total += w[c];
		/* coreutils also counts columns the names do not reach */
		if (total >= (size_t)line_length)
			ok = 0;
		if (ok)
			break;
	}
	if (cols <= 1) {
		cols = 1;
		w[0] = 0;
	}
	memcpy(widths, w, cols * sizeof(size_t));
	free(w);
	return cols;
}

static void print_columns(struct entry *e, int n)
{
	size_t *w = xmalloc((size_t)(n > 0 ? n : 1) * sizeof(size_t));
	int cols = n ? fit_columns(e, n, 1, w) : 1, rows = (n + cols - 1) / cols;

	for (int r = 0; r < rows; r++) {
		size_t pos = 0;

		for (int c = 0, i = r; i < n; c++, i += rows) {
			print_name(&e[i]);
			if (i + rows >= n)
				break;
			indent(pos + frills_len(&e[i]), pos + w[c]);
			pos += w[c];
		}
		putchar('\n');
	}
	free(w);
}

static void print_across(struct entry *e, int n)
{
	size_t *w = xmalloc((size_t)(n > 0 ? n : 1) * sizeof(size_t)), pos = 0;
	int cols;

	if (!n) {
		free(w);
		return;
	}
	cols = fit_columns(e, n, 0, w);
	print_name(&e[0]);
	for (int i = 1; i < n; i++) {
		int c = i % cols;

		if (c == 0) {
			putchar('\n');
			pos = 0;
		} else {
			indent(pos + frills_len(&e[i - 1]), pos + w[c - 1]);
			pos += w[c - 1];
		}
		print_name(&e[i]);
	}
	putchar('\n');
	free(w);
}

static void print_entries(struct entry *e, int n)
{
	sort_entries(e, n);
	inode_width = 1;
	for (int i = 0; i < n && inodes; i++)
		if (num_width(e[i].st.st_ino) > inode_width)
			inode_width = num_width(e[i].st.st_ino);
	switch (format) {
	case FMT_LONG:
		print_long(e, n);
		break;
	case FMT_COLUMNS:
		print_columns(e, n);
		break;
	case FMT_ACROSS:
		print_across(e, n);
		break;
	default:
		for (int i = 0; i < n; i++) {
			print_name(&e[i]);
			putchar('\n');
		}
	}
}

static void free_entries(struct entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

/* ---- directories ---- */

static void list_dir(const char *path, int header, int top);

/* List the directory path; with header, under "path:". */
static void list_dir(const char *path, int header, int top)
{
	struct entry *e = NULL;
	int n = 0, cap = 0;
	unsigned long long blocks = 0;
	struct dirent *de;
	DIR *d = opendir(path);

	if (!d) {
		fflush(stdout);	/* messages after what was listed before, as coreutils */
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", path, strerror(errno));
		status = top ? 2 : (status ? status : 1);
		return;
	}
	if (header)
		printf("%s:\n", path);
	while ((errno = 0, de = readdir(d)) != NULL) {
		const char *nm = de->d_name;

		if (nm[0] == '.' && !all &&
		    (!almost_all || !nm[1] || (nm[1] == '.' && !nm[2])))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			e = realloc(e, cap * sizeof(*e));
			if (!e) {
				fprintf(stderr, "ls: memory exhausted\n");
				exit(2);
			}
		}
		e[n].name = xstrdup(nm);
		e[n].path = join(path, nm);
		e[n].dtype = de->d_type;
		e[n].st_ok = (deref ? stat : lstat)(e[n].path, &e[n].st) == 0;
		if (!e[n].st_ok) {
			memset(&e[n].st, 0, sizeof(e[n].st));
			if (format == FMT_LONG || sort != SORT_NAME) {
				fflush(stdout);
				fprintf(stderr, "ls: cannot access '%s': %s\n", e[n].path,
					strerror(errno));
				status = status ? status : 1;
			}
		}
		blocks += (unsigned long long)e[n].st.st_blocks;
		n++;
	}
	if (errno) {
		fflush(stdout);
		fprintf(stderr, "ls: reading directory '%s': %s\n", path, strerror(errno));
		status = 2;
	}
	closedir(d);
	if (format == FMT_LONG) {
		char t[32];

		/* in 1 KiB units, rounded up (-h: the bytes, as ls -h shows sizes) */
		if (human)
			human_size(blocks * 512, t, sizeof(t));
		else
			snprintf(t, sizeof(t), "%llu", (blocks + 1) / 2);
		printf("total %s\n", t);
	}
	print_entries(e, n);
	if (recursive) {
		/* then the subdirectories, in the order they were listed */
		for (int i = 0; i < n; i++) {
			const char *nm = e[i].name;

			if (!e[i].st_ok || !S_ISDIR(e[i].st.st_mode) ||
			    (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2]))))
				continue;
			printf("\n");
			list_dir(e[i].path, 1, 0);
		}
	}
	free_entries(e, n);
}

/* ---- the command line ---- */

static void usage(void)
{
	printf("Usage: ls [OPTION]... [FILE]...\n"
	       "List information about the FILEs (the current directory by default).\n"
	       "Sort entries alphabetically if none of -tSU nor --sort is specified.\n"
	       "\n"
	       "  -a, --all                  do not ignore entries starting with .\n"
	       "  -A, --almost-all           do not list implied . and ..\n"
	       "  -C                         list entries by columns\n"
	       "      --color[=WHEN]         (accepted; lom's ls does not color)\n"
	       "  -d, --directory            list directories themselves, not their contents\n"
	       "  -F, --classify             append indicator (one of */=@|) to entries\n"
	       "  -g                         like -l, but do not list owner\n"
	       "  -G, --no-group             in a long listing, don't print group names\n"
	       "  -h, --human-readable       with -l, print sizes like 1K 234M 2G etc.\n"
	       "  -i, --inode                print the index number of each file\n"
	       "  -l                         use a long listing format\n"
	       "  -L, --dereference          show information for the file a link references\n"
	       "  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs\n"
	       "  -o                         like -l, but do not list group information\n"
	       "  -p                         append / indicator to directories\n"
	       "  -r, --reverse              reverse order while sorting\n"
	       "  -R, --recursive            list subdirectories recursively\n"
	       "  -S                         sort by file size, largest first\n"
	       "  -t                         sort by time, newest first\n"
	       "  -U                         do not sort; list entries in directory order\n"
	       "  -w, --width=COLS           set output width to COLS\n"
	       "  -x                         list entries by lines instead of by columns\n"
	       "  -1                         list one file per line\n"
	       "      --help        display this help and exit\n"
	       "      --version     output version information and exit\n"
	       "\n"
	       "Exit status:\n"
	       " 0  if OK,\n"
	       " 1  if minor problems (e.g., cannot access subdirectory),\n"
	       " 2  if serious trouble (e.g., cannot access command-line argument).\n");
}

enum { O_HELP = 256, O_VERSION, O_COLOR };

static const struct uopt_long longopts[] = {
	{ "all", UOPT_NOARG, 'a' }, { "almost-all", UOPT_NOARG, 'A' },
	{ "color", UOPT_OPTARG, O_COLOR }, { "colour", UOPT_OPTARG, O_COLOR },
	{ "directory", UOPT_NOARG, 'd' }, { "classify", UOPT_OPTARG, 'F' },
	{ "no-group", UOPT_NOARG, 'G' }, { "human-readable", UOPT_NOARG, 'h' },
	{ "inode", UOPT_NOARG, 'i' }, { "dereference", UOPT_NOARG, 'L' },
	{ "numeric-uid-gid", UOPT_NOARG, 'n' }, { "reverse", UOPT_NOARG, 'r' },
	{ "recursive", UOPT_NOARG, 'R' }, { "width", UOPT_ARG, 'w' },
	{ "help", UOPT_NOARG, O_HELP }, { "version", UOPT_NOARG, O_VERSION },
	{ NULL, 0, 0 },
};

static void set_line_length(int explicit_width)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (explicit_width > 0) {
		line_length = explicit_width;
		return;
	}
	if (env && atoi(env) > 0)
		line_length = atoi(env);
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		line_length = ws.ws_col;
}

int main(int argc, char **argv)
{
	static char *dot[] = { ".", NULL };
	struct entry *files, *dirs;
	int c, nfiles = 0, ndirs = 0, npaths, width = 0;
	char **paths;
	struct uopt o;

	uopt_init(&o, "ls");
	while ((c = uopt_next(&o, argc, argv, "aACdFgGhiLlnoprRStUw:x1", longopts)) != -1) {
		switch (c) {
		case 'a': all = 1; almost_all = 0; break;
		case 'A': almost_all = 1; all = 0; break;
		case 'C': format = FMT_COLUMNS; break;
		case 'd': dirs_as_files = 1; break;
		case 'F': indicator = IND_CLASSIFY; break;
		case 'g': format = FMT_LONG; no_owner = 1; break;
		case 'G': no_group = 1; break;
		case 'h': human = 1; break;
		case 'i': inodes = 1; break;
		case 'L': deref = 1; break;
		case 'l': format = FMT_LONG; break;
		case 'n': format = FMT_LONG; numeric = 1; break;
		case 'o': format = FMT_LONG; no_group = 1; break;
		case 'p': indicator = IND_SLASH; break;
		case 'r': reverse = 1; break;
		case 'R': recursive = 1; break;
		case 'S': sort = SORT_SIZE; break;
		case 't': sort = SORT_TIME; break;
		case 'U': sort = SORT_NONE; break;
		case 'w': {
			char *end;

			width = (int)strtol(o.arg, &end, 10);
			if (width == 0 && !*end && *o.arg)
				width = 0x7fffffff;	/* 0: no limit */
			if (*end || width < 1) {
				fprintf(stderr, "ls: invalid line width: '%s'\n", o.arg);
				return 2;
			}
			break;
		}
		case 'x': format = FMT_ACROSS; break;
		case '1': format = FMT_ONE; break;
		case O_COLOR: break;
		case O_HELP: usage(); return 0;
		case O_VERSION: printf("ls (lom) 1.0\n"); return 0;
		default: try_help("ls", 2);
		}
	}
	if (format < 0)
		format = isatty(1) ? FMT_COLUMNS : FMT_ONE;
	set_line_length(width);
	now = time(NULL);
	npaths = argc - o.ind;
	paths = npaths ? argv + o.ind : dot;
	files = xmalloc((npaths + 1) * sizeof(*files));
	dirs = xmalloc((npaths + 1) * sizeof(*dirs));
	for (int i = 0; paths[i]; i++) {
		/* a link named here is followed unless -l, -d or -F look at links */
		int follow = deref || (format != FMT_LONG && !dirs_as_files && indicator != IND_CLASSIFY);
		struct entry *e;
		struct stat st;

		if ((follow ? stat : lstat)(paths[i], &st) < 0 &&
		    (!follow || lstat(paths[i], &st) < 0)) {
			fflush(stdout);
			fprintf(stderr, "ls: cannot access '%s': %s\n", paths[i], strerror(errno));
			status = 2;
			continue;
		}
		e = S_ISDIR(st.st_mode) && !dirs_as_files ? &dirs[ndirs++] : &files[nfiles++];
		e->name = xstrdup(paths[i]);
		e->path = xstrdup(paths[i]);
		e->st = st;
		e->st_ok = 1;
		e->dtype = 0;
	}
	print_entries(files, nfiles);
	sort_entries(dirs, ndirs);
	for (int i = 0; i < ndirs; i++) {
		if (nfiles || i)
			printf("\n");
		list_dir(dirs[i].path, npaths > 1 || recursive, 1);
	}
	free_entries(files, nfiles);
	free_entries(dirs, ndirs);
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "ls: write error: %s\n", strerror(errno));
		return 2;
	}
	return status;
}
