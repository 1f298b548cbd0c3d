/*
 * tests/host/test_cpio.c - cpio_for_each() (kernel/fs/cpio.c) on newc
 * archives written in memory by a small writer below: good archives of
 * files, directories and a symlink, then one malformation per check, and
 * every truncation of a good archive.
 *
 * Each archive is handed over in a heap buffer of exactly its length, so
 * that ASan reports any read past the end.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs/cpio.h"
#include "kernel/ktest.h"

#define ARCH_MAX 4096
#define HDR_LEN  110

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR, F_DEVMINOR,
       F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

/* ---- a newc writer ---- */

struct arch {
	uint8_t buf[ARCH_MAX];
	size_t len;
	uint32_t ino;
};

static void put_hex8(uint8_t *p, uint32_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 4)
		p[i] = "0123456789ABCDEF"[v & 15];
}

/* Overwrite field f of the header at hdr. */
static void set_field(struct arch *a, size_t hdr, int f, uint32_t v)
{
	put_hex8(a->buf + hdr + 6 + f * 8, v);
}

static void pad(struct arch *a)
{
	while (a->len & 3)
		a->buf[a->len++] = 0;
}

/*
 * Append one entry; namesize is the name's bytes including the NUL that
 * follows it.  Returns the offset of its header.
 */
static size_t add_raw(struct arch *a, const char *magic, uint32_t mode, const void *name,
		      uint32_t namesize, const void *data, uint32_t size, uint32_t check)
{
	size_t hdr = a->len;

	memcpy(a->buf + hdr, magic, 6);
	a->len += HDR_LEN;
	set_field(a, hdr, F_INO, ++a->ino);
	set_field(a, hdr, F_MODE, mode);
	set_field(a, hdr, F_UID, 1000);
	set_field(a, hdr, F_GID, 100);
	set_field(a, hdr, F_NLINK, (mode & 0170000) == 0040000 ? 2 : 1);
	set_field(a, hdr, F_MTIME, 0x5f000000 + a->ino);
	set_field(a, hdr, F_FILESIZE, size);
	for (int f = F_DEVMAJOR; f <= F_RDEVMINOR; f++)
		set_field(a, hdr, f, 0);
	set_field(a, hdr, F_NAMESIZE, namesize);
	set_field(a, hdr, F_CHECK, check);
	memcpy(a->buf + a->len, name, namesize);
	a->len += namesize;
	pad(a);
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	pad(a);
	return hdr;
}

static size_t add(struct arch *a, const char *name, uint32_t mode, const char *data)
{
	return add_raw(a, "070701", mode, name, strlen(name) + 1, data, strlen(data), 0);
}

static size_t add_trailer(struct arch *a)
{
	a->ino = -1u; /* the trailer has ino 0 */
	return add_raw(a, "070701", 0, "TRAILER!!!", 11, "", 0, 0);
}

static void arch_init(struct arch *a)
{
	a->len = 0;
	a->ino = 0;
}

/* ---- walking, and what the walk saw ---- */

struct seen {
	const uint8_t *base;
	int n, stop_at;
	bool bad; /* an entry broke the contract (name, namelen, bounds) */
	size_t size;
	struct {
		char name[32];
		uint32_t mode, uid, gid;
		uint64_t mtime;
		size_t data_off, size;
	} e[16];
};

static int collect(const struct cpio_entry *e, void *arg)
{
	struct seen *s = arg;
	size_t name_off = (const uint8_t *)e->name - s->base;
	size_t data_off = (const uint8_t *)e->data - s->base;

	if (name_off >= s->size || e->namelen >= s->size - name_off || strlen(e->name) != e->namelen ||
	    data_off > s->size || e->size > s->size - data_off || s->n == 16)
		s->bad = true;
	else {
		strncpy(s->e[s->n].name, e->name, sizeof(s->e[0].name) - 1);
		s->e[s->n].mode = e->mode;
		s->e[s->n].uid = e->uid;
		s->e[s->n].gid = e->gid;
		s->e[s->n].mtime = e->mtime;
		s->e[s->n].data_off = data_off;
		s->e[s->n].size = e->size;
	}
	return ++s->n == s->stop_at ? 7 : 0;
}

/* Walk the first len bytes of a, from a buffer of exactly that size. */
static int walk(const struct arch *a, size_t len, struct seen *s, const char **why, size_t *bad_off)
{
	uint8_t *copy = malloc(len ? len : 1);
	int stop_at = s->stop_at;
	int ret;

	memcpy(copy, a->buf, len);
	memset(s, 0, sizeof(*s));
	s->base = copy;
	s->size = len;
	s->stop_at = stop_at;
	ret = cpio_for_each(copy, len, collect, s, why, bad_off);
	free(copy);
	return ret;
}

/* ---- good archives ---- */

static void test_cpio_files_dirs_symlink(struct ktest *t)
{
	static struct arch a;
	struct seen s = { 0 };
	const char *why = "unset";
	size_t off[6];

	arch_init(&a);
	off[0] = add(&a, "bin", 0040755, "");
	off[1] = add(&a, "bin/init", 0100755, "hello");  /* 5 bytes: 3 of padding */
	off[2] = add(&a, "etc", 0040755, "");
	off[3] = add(&a, "etc/motd", 0100644, "");       /* empty file */
	off[4] = add(&a, "abc", 0100644, "wxyz");        /* 114: name padding of 2 */
	off[5] = add(&a, "lnk", 0120777, "bin/init");
	add_trailer(&a);
	KTEST_ASSERT(t, walk(&a, a.len, &s, &why, NULL) == 0);
	KTEST_EXPECT(t, why == NULL);
	KTEST_EXPECT(t, !s.bad);
	KTEST_ASSERT(t, s.n == 6);
	KTEST_EXPECT_STREQ(t, s.e[0].name, "bin");
	KTEST_EXPECT_EQ(t, s.e[0].mode, 0040755);
	KTEST_EXPECT_EQ(t, s.e[0].size, 0);
	KTEST_EXPECT_STREQ(t, s.e[1].name, "bin/init");
	KTEST_EXPECT_EQ(t, s.e[1].mode, 0100755);
	KTEST_EXPECT_EQ(t, s.e[1].uid, 1000);
	KTEST_EXPECT_EQ(t, s.e[1].gid, 100);
	KTEST_EXPECT_EQ(t, s.e[1].mtime, 0x5f000002);
	KTEST_EXPECT_EQ(t, s.e[1].size, 5);
	KTEST_EXPECT_EQ(t, s.e[1].data_off, off[1] + 120); /* 110 + 9 = 119, padded */
	KTEST_EXPECT(t, memcmp(a.buf + s.e[1].data_off, "hello", 5) == 0);
	KTEST_EXPECT_STREQ(t, s.e[3].name, "etc/motd");
	KTEST_EXPECT_EQ(t, s.e[3].size, 0);
	KTEST_EXPECT_STREQ(t, s.e[4].name, "abc");
	KTEST_EXPECT_EQ(t, s.e[4].data_off, off[4] + 116);
	KTEST_EXPECT(t, memcmp(a.buf + s.e[4].data_off, "wxyz", 4) == 0);
	KTEST_EXPECT_STREQ(t, s.e[5].name, "lnk");
	KTEST_EXPECT_EQ(t, s.e[5].mode, 0120777);
	KTEST_EXPECT(t, memcmp(a.buf + s.e[5].data_off, "bin/init", 8) == 0);
	/* a directory's "data" is empty, just before the next header */
	KTEST_EXPECT_EQ(t, s.e[2].data_off, off[3]);
}

static void test_cpio_trailer_forms(struct ktest *t)
{
	static struct arch a;
	struct seen s = { 0 };
	size_t tr;

	arch_init(&a); /* nothing but the trailer */
	add_trailer(&a);
	KTEST_EXPECT_EQ(t, walk(&a, a.len, &s, NULL, NULL), 0);
	KTEST_EXPECT_EQ(t, s.n, 0);

	arch_init(&a); /* the trailer's padding cut off by the end of the buffer */
	add(&a, "f", 0100644, "x");
	tr = add_trailer(&a);
	KTEST_EXPECT_EQ(t, walk(&a, tr + HDR_LEN + 11, &s, NULL, NULL), 0);
	KTEST_EXPECT_EQ(t, s.n, 1);

	/* the walk stops at the trailer: what follows is not looked at */
	memset(a.buf + a.len, 'Z', 300);
	KTEST_EXPECT_EQ(t, walk(&a, a.len + 300, &s, NULL, NULL), 0);
	KTEST_EXPECT_EQ(t, s.n, 1);

	arch_init(&a); /* a trailer carrying data (odd but bounded) */
	add_raw(&a, "070701", 0, "TRAILER!!!", 11, "abc", 3, 0);
	KTEST_EXPECT_EQ(t, walk(&a, a.len, &s, NULL, NULL), 0);
	KTEST_EXPECT_EQ(t, walk(&a, a.len - 1, &s, NULL, NULL), 0); /* only its padding cut */
	KTEST_EXPECT_EQ(t, walk(&a, a.len - 2, &s, NULL, NULL), -EINVAL); /* its data cut */
}

static void test_cpio_hex_case_and_crc(struct ktest *t)
{
	static struct arch a;
	struct seen s = { 0 };
	const char *why;
	size_t hdr;

	arch_init(&a);
	hdr = add(&a, "f", 0100644, "x");
	memcpy(a.buf + hdr + 6 + F_MODE * 8, "000081a4", 8); /* lower case */
	add_trailer(&a);
	KTEST_EXPECT_EQ(t, walk(&a, a.len, &s, NULL, NULL), 0);
	KTEST_EXPECT_EQ(t, s.e[0].mode, 0100644);

	/* 070702: the check field is the byte sum of a regular file's data */
	arch_init(&a);
	add_raw(&a, "070702", 0100644, "f", 2, "\x01\xff\x80", 3, 0x180);
	add_raw(&a, "070702", 0040755, "d", 2, "", 0, 0x1234); /* not a file: not checked */
	add_trailer(&a);
	KTEST_EXPECT_EQ(t, walk(&a, a.len, &s, NULL, NULL), 0);
	KTEST_EXPECT_EQ(t, s.n, 2);
	arch_init(&a);
	add_raw(&a, "070702", 0100644, "f", 2, "\x01\xff\x80", 3, 0x181);
	add_trailer(&a);
	KTEST_EXPECT_EQ(t, walk(&a, a.len, &s, &why, NULL), -EINVAL);
	KTEST_EXPECT(t, why && strstr(why, "checksum"));
	KTEST_EXPECT_EQ(t, s.n, 0);
}

static void test_cpio_callback_stops_walk(struct ktest *t)
{
	static struct arch a;
	struct seen s = { .stop_at = 2 };

	arch_init(&a);
	add(&a, "a", 0100644, "1");
	add(&a, "b", 0100644, "2");
	add(&a, "c", 0100644, "3");
	add_trailer(&a);
	KTEST_EXPECT_EQ(t, walk(&a, a.len, &s, NULL, NULL), 7);
	KTEST_EXPECT_EQ(t, s.n, 2);
}

/* ---- malformed archives: two good entries, then the bad one ---- */

struct bad_case {
	const char *name;
	size_t (*make)(struct arch *a); /* returns the bad header's offset */
	const char *why;
};

static void good_start(struct arch *a)
{
	arch_init(a);
	add(a, "dir", 0040755, "");
	add(a, "dir/file", 0100644, "contents");
}

static size_t bad_magic(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add_raw(a, "070707", 0100644, "x", 2, "", 0, 0); /* the old odc magic */
	add_trailer(a);
	return hdr;
}

static size_t bad_namesize_zero(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add(a, "x", 0100644, "");
	set_field(a, hdr, F_NAMESIZE, 0);
	add_trailer(a);
	return hdr;
}

static size_t bad_empty_name(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add_raw(a, "070701", 0100644, "", 1, "", 0, 0);
	add_trailer(a);
	return hdr;
}

static size_t bad_name_not_terminated(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add_raw(a, "070701", 0100644, "abcd", 4, "", 0, 0); /* namesize without the NUL */
	add_trailer(a);
	return hdr;
}

static size_t bad_name_inner_nul(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add_raw(a, "070701", 0100644, "ab\0d", 5, "", 0, 0);
	add_trailer(a);
	return hdr;
}

static size_t bad_trailer_name_too_long(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add_raw(a, "070701", 0, "TRAILER!!!\0\0", 12, "", 0, 0);
	return hdr;
}

static size_t bad_namesize_huge(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add(a, "x", 0100644, "");
	set_field(a, hdr, F_NAMESIZE, 0xffffffff);
	add_trailer(a);
	return hdr;
}

static size_t bad_filesize_huge(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add(a, "x", 0100644, "abc");
	set_field(a, hdr, F_FILESIZE, 0xffffffff);
	add_trailer(a);
	return hdr;
}

static size_t bad_filesize_one_past(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add(a, "xy", 0100644, "abcd");
	add_trailer(a);
	set_field(a, hdr, F_FILESIZE, a->len - (hdr + 116) + 1);
	return hdr;
}

static size_t bad_no_trailer(struct arch *a)
{
	good_start(a);
	return a->len;
}

static size_t bad_truncated_header(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add(a, "x", 0100644, "");
	a->len = hdr + HDR_LEN - 1;
	return hdr;
}

static size_t bad_data_padding_cut(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add(a, "x", 0100644, "abcde"); /* not the trailer: its padding must be there */
	a->len -= 1;
	return hdr;
}

static size_t bad_name_padding_cut(struct arch *a)
{
	size_t hdr;

	good_start(a);
	hdr = add(a, "xy", 0100644, ""); /* 110 + 3: 3 bytes of name padding */
	a->len -= 1;
	return hdr;
}

static const struct bad_case bad_cases[] = {
	{ "odc magic 070707", bad_magic, "magic" },
	{ "namesize 0", bad_namesize_zero, "name size is 0" },
	{ "empty name", bad_empty_name, "empty name" },
	{ "name not NUL-terminated", bad_name_not_terminated, "NUL" },
	{ "NUL inside the name", bad_name_inner_nul, "NUL" },
	{ "TRAILER!!! with two NULs", bad_trailer_name_too_long, "NUL" },
	{ "namesize 0xffffffff", bad_namesize_huge, "name runs past" },
	{ "filesize 0xffffffff", bad_filesize_huge, "data runs past" },
	{ "filesize one past the end", bad_filesize_one_past, "data runs past" },
	{ "no trailer", bad_no_trailer, "without a TRAILER" },
	{ "truncated header", bad_truncated_header, "truncated" },
	{ "data padding cut", bad_data_padding_cut, "data padding" },
	{ "name padding cut", bad_name_padding_cut, "name padding" },
};

static void expect_bad(struct ktest *t, struct arch *a, size_t hdr, const char *name, const char *reason)
{
	struct seen s = { 0 };
	const char *why = NULL;
	size_t bad_off = ~(size_t)0;
	int ret = walk(a, a->len, &s, &why, &bad_off);

	ktest_check(t, ret == -EINVAL, __FILE__, __LINE__, "%s: returned %d", name, ret);
	ktest_check(t, why && strstr(why, reason), __FILE__, __LINE__,
		    "%s: reason \"%s\" does not mention \"%s\"", name, why ? why : "(null)", reason);
	ktest_check(t, bad_off == hdr, __FILE__, __LINE__, "%s: bad offset %zu, expected %zu", name,
		    bad_off, hdr);
	/* the two good entries before it were not handed out either */
	ktest_check(t, s.n == 0, __FILE__, __LINE__, "%s: fn called %d times", name, s.n);
	ktest_check(t, walk(a, a->len, &s, NULL, NULL) == -EINVAL, __FILE__, __LINE__,
		    "%s: different result without why/bad_offset", name);
}

static void test_cpio_malformed(struct ktest *t)
{
	static struct arch a;

	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		size_t hdr = bad_cases[i].make(&a);

		expect_bad(t, &a, hdr, bad_cases[i].name, bad_cases[i].why);
	}
}

/* Each of the 13 fields, and the magic, with a character that is not a hex digit. */
static void test_cpio_non_hex_digits(struct ktest *t)
{
	static const char not_hex[] = { 'g', 'G', ' ', 'x', '-', '+', '\0', ':', '@', '`' };
	static struct arch a;

	for (int f = 0; f < 13; f++) {
		for (size_t c = 0; c < sizeof(not_hex); c++) {
			size_t hdr;

			good_start(&a);
			hdr = add(&a, "file", 0100644, "data");
			add_trailer(&a);
			a.buf[hdr + 6 + f * 8 + (f + c) % 8] = not_hex[c];
			expect_bad(t, &a, hdr, "non-hex digit", "hex digits");
		}
	}
	for (int i = 0; i < 6; i++) {
		size_t hdr;

		good_start(&a);
		hdr = add(&a, "file", 0100644, "data");
		add_trailer(&a);
		a.buf[hdr + i] = 'a';
		expect_bad(t, &a, hdr, "bad magic digit", "magic");
	}
}

/* Every truncation of a good archive: refused, except past the trailer's name. */
static void test_cpio_every_truncation(struct ktest *t)
{
	static struct arch a;
	unsigned wrong = 0;
	size_t tr;

	arch_init(&a);
	add(&a, "d", 0040755, "");
	add(&a, "d/f", 0100644, "abcdefg");
	add(&a, "e", 0100755, "");
	add_raw(&a, "070702", 0100644, "c", 2, "\x10\x20", 2, 0x30);
	tr = add_trailer(&a);
	for (size_t len = 0; len < a.len; len++) {
		struct seen s = { 0 };
		const char *why = NULL;
		size_t bad_off = ~(size_t)0;
		int ret = walk(&a, len, &s, &why, &bad_off);

		if (len >= tr + HDR_LEN + 11) {
			if (ret != 0 || s.n != 4)
				wrong++;
		} else if (ret != -EINVAL || !why || bad_off > len || s.n != 0) {
			wrong++;
		}
	}
	KTEST_EXPECT_EQ(t, wrong, 0);
}

KTEST_SUITE(cpio, 0,
	    KTEST_CASE(test_cpio_files_dirs_symlink),
	    KTEST_CASE(test_cpio_trailer_forms),
	    KTEST_CASE(test_cpio_hex_case_and_crc),
	    KTEST_CASE(test_cpio_callback_stops_walk),
	    KTEST_CASE(test_cpio_malformed),
	    KTEST_CASE(test_cpio_non_hex_digits),
	    KTEST_CASE(test_cpio_every_truncation));
