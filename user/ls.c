/*
 * user/ls.c - ls [-a] [-l] [-1] [PATH...]: list files and directories.
 *
 * Like coreutils `ls -1` (one name per line, sorted bytewise): the files
 * named on the command line first, then each directory's contents, under
 * a "path:" header when more than one path was given.  -a shows names
 * starting with '.', -l the long format with numeric owners
 * (`ls -ln`) and the modification time in UTC as "Jan  1 00:00".
 * Exit status as coreutils: 2 if a named path could not be listed,
 * 1 for trouble inside a directory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct entry {
	char *name;	/* as shown */
	char *path;	/* for stat and readlink */
	struct stat st;
};

static int aflag, lflag;
static int status;

static void *xmalloc(size_t size)
{
	void *p = malloc(size);

	if (!p) {
		fprintf(stderr, "ls: out of memory\n");
		exit(2);
	}
	return p;
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = xmalloc(dl + nl + 2);

	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + (dl && dir[dl - 1] != '/'), name, nl + 1);
	return p;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

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

/* "Jan  1 00:00" for t in UTC (days to civil date: Howard Hinnant's algorithm). */
static void time_string(long long t, char *s, size_t size)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	long long days = t / 86400, secs = t % 86400;
	long long era, doe, yoe, doy, mp;
	int day, month;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	day = (int)(doy - (153 * mp + 2) / 5 + 1);
	month = (int)(mp < 10 ? mp + 3 : mp - 9);
	snprintf(s, size, "%.3s %2d %02d:%02d", months + 3 * (month - 1), day,
		 (int)(secs / 3600), (int)(secs / 60 % 60));
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

static int num_width(unsigned long long n)
{
	int w = 1;

	while (n >= 10) {
		n /= 10;
		w++;
	}
	return w;
}

static void size_string(const struct stat *st, char *s, size_t size)
{
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		snprintf(s, size, "%u, %u", dev_major(st->st_rdev), dev_minor(st->st_rdev));
	else
		snprintf(s, size, "%lld", (long long)st->st_size);
}

static void print_long(struct entry *e, int n)
{
	int wlink = 1, wuid = 1, wgid = 1, wsize = 1;
	char mode[11], size[48], when[32], target[256];

	for (int i = 0; i < n; i++) {
		struct stat *st = &e[i].st;
		int w;

		size_string(st, size, sizeof(size));
		w = (int)strlen(size);
		wsize = w > wsize ? w : wsize;
		w = num_width(st->st_nlink);
		wlink = w > wlink ? w : wlink;
		w = num_width(st->st_uid);
		wuid = w > wuid ? w : wuid;
		w = num_width(st->st_gid);
		wgid = w > wgid ? w : wgid;
	}
	for (int i = 0; i < n; i++) {
		struct stat *st = &e[i].st;
		ssize_t tl = -1;

		mode_string(st->st_mode, mode);
		size_string(st, size, sizeof(size));
		time_string(st->st_mtime, when, sizeof(when));
		printf("%s %*lu %*u %*u %*s %s %s", mode, wlink, (unsigned long)st->st_nlink,
		       wuid, (unsigned)st->st_uid, wgid, (unsigned)st->st_gid, wsize, size,
		       when, e[i].name);
		if (S_ISLNK(st->st_mode))
			tl = readlink(e[i].path, target, sizeof(target) - 1);
		if (tl >= 0)
			printf(" -> %.*s", (int)tl, target);
		printf("\n");
	}
}

static void print_entries(struct entry *e, int n)
{
	qsort(e, n, sizeof(*e), cmp_entry);
	if (lflag)
		print_long(e, n);
	else
		for (int i = 0; i < n; i++)
			printf("%s\n", e[i].name);
}

static void free_entries(struct entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

/* List the directory path; with header, under "path:". */
static void list_dir(const char *path, int header)
{
	struct entry *e = NULL;
	int n = 0, cap = 0;
	long long blocks = 0;
	struct dirent *de;
	DIR *d = opendir(path);

	if (!d) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", path, strerror(errno));
		status = 2;
		return;
	}
	if (header)
		printf("%s:\n", path);
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && !aflag)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			e = realloc(e, cap * sizeof(*e));
			if (!e) {
				fprintf(stderr, "ls: out of memory\n");
				exit(2);
			}
		}
		e[n].name = strdup(de->d_name);
		e[n].path = join(path, de->d_name);
		if (!e[n].name) {
			fprintf(stderr, "ls: out of memory\n");
			exit(2);
		}
		if (lflag && lstat(e[n].path, &e[n].st) < 0) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", e[n].path, strerror(errno));
			status = status ? status : 1;
			free(e[n].name);
			free(e[n].path);
			continue;
		}
		blocks += lflag ? e[n].st.st_blocks : 0;
		n++;
	}
	if (errno) {
		fprintf(stderr, "ls: reading directory '%s': %s\n", path, strerror(errno));
		status = 2;
	}
	closedir(d);
	if (lflag)
		printf("total %lld\n", (blocks + 1) / 2);	/* 1 KiB units, as coreutils */
	print_entries(e, n);
	free_entries(e, n);
}

int main(int argc, char **argv)
{
	static char *dot[] = { ".", NULL };
	struct entry *files, *dirs;
	int c, nfiles = 0, ndirs = 0, npaths;
	char **paths;

	while ((c = getopt(argc, argv, "al1")) != -1) {
		switch (c) {
		case 'a':
			aflag = 1;
			break;
		case 'l':
			lflag = 1;
			break;
		case '1':
			break;
		default:
			fprintf(stderr, "usage: ls [-a] [-l] [-1] [PATH...]\n");
			return 2;
		}
	}
	npaths = argc - optind;
	paths = npaths ? argv + optind : dot;
	files = xmalloc((npaths + 1) * sizeof(*files));
	dirs = xmalloc((npaths + 1) * sizeof(*dirs));
	for (int i = 0; paths[i]; i++) {
		struct entry *e;
		struct stat st;

		/* without -l a symlink to a directory is the directory */
		if ((lflag ? lstat : stat)(paths[i], &st) < 0) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", paths[i], strerror(errno));
			status = 2;
			continue;
		}
		e = S_ISDIR(st.st_mode) ? &dirs[ndirs++] : &files[nfiles++];
		e->name = strdup(paths[i]);
		e->path = strdup(paths[i]);
		e->st = st;
		if (!e->name || !e->path) {
			fprintf(stderr, "ls: out of memory\n");
			return 2;
		}
	}
	print_entries(files, nfiles);
	qsort(dirs, ndirs, sizeof(*dirs), cmp_entry);
	for (int i = 0; i < ndirs; i++) {
		if (nfiles || i)
			printf("\n");
		list_dir(dirs[i].path, npaths > 1);
	}
	free_entries(files, nfiles);
	free_entries(dirs, ndirs);
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "ls: write error: %s\n", strerror(errno));
		return 2;
	}
	return status;
}
