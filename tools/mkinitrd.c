/*
 * tools/mkinitrd.c - write lom's initrd: a cpio archive in the "newc"
 * format (what kernel/fs/cpio.c reads, and what `cpio -H newc` writes).
 * A host program, plain C11 + POSIX.
 *
 *   mkinitrd OUT.cpio SPEC...
 *
 *   /dest/path=host/src   a regular file with host/src's bytes; mode 0755
 *                         if host/src is executable by its owner, else 0644
 *   /dest/dir/            an empty directory, mode 0755
 *
 * Every entry's parent directories are added too (mode 0755), once each.
 * Names are stored without the leading '/' ("bin/init"), as cpio does.
 * The archive is a pure function of the specs and the files' bytes:
 * entries sorted by name (strcmp, so a directory always precedes what it
 * holds), mtime, uid and gid 0, inode numbers 1, 2, ... in archive order,
 * nlink 1 (2 for directories), then the TRAILER!!! entry.  Two runs give
 * the same bytes.  The archive is written to OUT.cpio.tmp and renamed
 * over OUT.cpio only when complete, so OUT.cpio is never half written.
 *
 * Refused, with a message and exit status 1 (2 for bad usage): a missing
 * or unreadable or non-regular source, a file larger than 4 GiB - 1, a
 * destination that is not absolute, is "/", has an empty, "." or ".."
 * component, or is TRAILER!!!; the same path given twice; a file that is
 * also the parent directory of another entry.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NEWC_S_IFDIR 0040000
#define NEWC_S_IFREG 0100000
#define NAME_MAX_LEN 4095

struct entry {
	char *path;       /* without the leading '/', no trailing '/' */
	const char *spec; /* the argument it comes from (for a parent: the child's) */
	bool is_dir;
	bool implicit;    /* a parent directory nobody named */
	uint32_t perm;    /* 0755 or 0644 */
	unsigned char *data;
	size_t size;
};

static struct entry *entries;
static size_t nr_entries, cap_entries;
static const char *progname = "mkinitrd";

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static struct entry *new_entry(void)
{
	if (nr_entries == cap_entries) {
		cap_entries = cap_entries ? 2 * cap_entries : 64;
		entries = realloc(entries, cap_entries * sizeof(*entries));
		if (!entries)
			die("out of memory");
	}
	memset(&entries[nr_entries], 0, sizeof(entries[0]));
	return &entries[nr_entries++];
}

/*
 * dest without its leading '/' (and, for a directory, its trailing '/'),
 * checked component by component.
 */
static char *dest_path(const char *spec, const char *dest, size_t len)
{
	char *path;
	size_t i = 0;

	if (len == 0 || dest[0] != '/')
		die("%s: the destination must be an absolute path (\"/bin/init=...\")", spec);
	dest++, len--;
	if (len == 0)
		die("%s: the destination is the root directory, which always exists", spec);
	if (len > NAME_MAX_LEN)
		die("%s: the destination is too long", spec);
	path = xmalloc(len + 1);
	memcpy(path, dest, len);
	path[len] = '\0';
	while (i <= len) {
		size_t n = strcspn(path + i, "/");

		if (n == 0)
			die("%s: the destination has an empty component (\"//\")", spec);
		if ((n == 1 && path[i] == '.') || (n == 2 && path[i] == '.' && path[i + 1] == '.'))
			die("%s: the destination has a \".\" or \"..\" component", spec);
		i += n + 1;
	}
	if (strcmp(path, "TRAILER!!!") == 0)
		die("%s: TRAILER!!! would end the archive there", spec);
	return path;
}

static void read_file(struct entry *e, const char *src)
{
	struct stat st;
	size_t done = 0;
	int fd = open(src, O_RDONLY);

	if (fd < 0)
		die("%s: cannot open the source: %s", e->spec, strerror(errno));
	if (fstat(fd, &st) < 0)
		die("%s: cannot stat the source: %s", e->spec, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: the source is not a regular file", e->spec);
	if ((uintmax_t)st.st_size > UINT32_MAX)
		die("%s: the source is larger than newc's limit of 4 GiB - 1", e->spec);
	e->size = (size_t)st.st_size;
	e->perm = st.st_mode & S_IXUSR ? 0755 : 0644;
	e->data = xmalloc(e->size);
	while (done < e->size) {
		ssize_t n = read(fd, e->data + done, e->size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("%s: cannot read the source: %s", e->spec, strerror(errno));
		if (n == 0)
			die("%s: the source shrank while being read", e->spec);
		done += (size_t)n;
	}
	close(fd);
}

static void add_spec(const char *spec)
{
	const char *eq = strchr(spec, '=');
	size_t len = strlen(spec);
	struct entry *e;

	if (eq) {
		if (eq == spec)
			die("%s: no destination before '='", spec);
		if (eq[-1] == '/')
			die("%s: a file's destination must not end in '/' (\"/dest/path=host/src\")", spec);
		if (eq[1] == '\0')
			die("%s: no source file after '='", spec);
		e = new_entry();
		e->spec = spec;
		e->path = dest_path(spec, spec, (size_t)(eq - spec));
		read_file(e, eq + 1);
	} else {
		if (len == 0 || spec[len - 1] != '/')
			die("%s: not a SPEC: \"/dest/path=host/src\" for a file, \"/dest/dir/\" for a directory",
			    spec);
		if (len == 1)
			die("%s: the root directory always exists", spec);
		e = new_entry();
		e->spec = spec;
		e->path = dest_path(spec, spec, len - 1);
		e->is_dir = true;
		e->perm = 0755;
	}
}

/* Every proper prefix of every named path, as an implicit directory. */
static void add_parents(void)
{
	size_t named = nr_entries;

	for (size_t i = 0; i < named; i++) {
		for (const char *p = entries[i].path; (p = strchr(p, '/')); p++) {
			/* entries may move under new_entry(): index, do not hold pointers */
			size_t n = (size_t)(p - entries[i].path);
			const char *spec = entries[i].spec;
			char *parent = xmalloc(n + 1);
			struct entry *d;

			memcpy(parent, entries[i].path, n);
			parent[n] = '\0';
			d = new_entry();
			d->path = parent;
			d->spec = spec;
			d->is_dir = true;
			d->implicit = true;
			d->perm = 0755;
		}
	}
}

/* By path; for one path, named entries before implicit ones. */
static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (int)x->implicit - (int)y->implicit;
}

/*
 * Sort, then keep one entry per path: two named ones are a duplicate; a
 * named file that is also someone's parent is a conflict; a named
 * directory absorbs the implicit ones.
 */
static void sort_and_merge(void)
{
	size_t out = 0;

	qsort(entries, nr_entries, sizeof(*entries), cmp_entry);
	for (size_t i = 0; i < nr_entries;) {
		size_t j = i + 1;

		for (; j < nr_entries && strcmp(entries[j].path, entries[i].path) == 0; j++) {
			if (!entries[j].implicit)
				die("/%s is given twice: %s and %s", entries[i].path, entries[i].spec,
				    entries[j].spec);
			if (!entries[i].is_dir)
				die("%s: this file is also the parent directory of %s", entries[i].spec,
				    entries[j].spec);
			free(entries[j].path); /* an implicit directory: no data */
		}
		entries[out++] = entries[i];
		i = j;
	}
	nr_entries = out;
}

static void put_header(FILE *f, uint32_t ino, uint32_t mode, uint32_t nlink, size_t size,
		       size_t namesize)
{
	/* ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check */
	fprintf(f, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", (unsigned)ino,
		(unsigned)mode, 0u, 0u, (unsigned)nlink, 0u, (unsigned)size, 0u, 0u, 0u, 0u,
		(unsigned)namesize, 0u);
}

static void put_padded(FILE *f, const void *p, size_t n, size_t *off)
{
	static const char zeros[4];

	fwrite(p, 1, n, f);
	*off += n;
	fwrite(zeros, 1, (4 - (*off & 3)) & 3, f);
	*off += (4 - (*off & 3)) & 3;
}

static void write_archive(FILE *f)
{
	size_t off = 0;

	for (size_t i = 0; i < nr_entries; i++) {
		const struct entry *e = &entries[i];
		size_t namesize = strlen(e->path) + 1;

		put_header(f, (uint32_t)i + 1, (e->is_dir ? NEWC_S_IFDIR : NEWC_S_IFREG) | e->perm,
			   e->is_dir ? 2 : 1, e->size, namesize);
		off += 110;
		put_padded(f, e->path, namesize, &off);
		put_padded(f, e->data, e->size, &off);
	}
	put_header(f, 0, 0, 1, 0, sizeof("TRAILER!!!"));
	off += 110;
	put_padded(f, "TRAILER!!!", sizeof("TRAILER!!!"), &off);
}

int main(int argc, char **argv)
{
	const char *out;
	char *tmp;
	FILE *f;

	if (argc > 0 && argv[0][0])
		progname = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (argc < 3) {
		fprintf(stderr,
			"usage: %s OUT.cpio SPEC...\n"
			"  SPEC is /dest/path=host/src (a regular file) or /dest/dir/ (an empty directory)\n",
			progname);
		return 2;
	}
	out = argv[1];
	for (int i = 2; i < argc; i++)
		add_spec(argv[i]);
	add_parents();
	sort_and_merge();

	tmp = xmalloc(strlen(out) + sizeof(".tmp"));
	strcpy(tmp, out);
	strcat(tmp, ".tmp");
	f = fopen(tmp, "wb");
	if (!f)
		die("cannot create %s: %s", tmp, strerror(errno));
	write_archive(f);
	if (ferror(f) | fclose(f)) { /* both: fclose must run */
		int err = errno;

		unlink(tmp);
		die("cannot write %s: %s", tmp, strerror(err));
	}
	if (rename(tmp, out) < 0) {
		int err = errno;

		unlink(tmp);
		die("cannot rename the archive to %s: %s", out, strerror(err));
	}
	for (size_t i = 0; i < nr_entries; i++) {
		free(entries[i].path);
		free(entries[i].data);
	}
	free(entries);
	free(tmp);
	return 0;
}
