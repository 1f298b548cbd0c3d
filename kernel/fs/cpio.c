/*
 * kernel/fs/cpio.c - walking a "newc" cpio archive (the contract is in
 * kernel/fs/cpio.h).
 *
 * Owns nothing: a pure function over a caller's buffer, no globals, no
 * allocation, no locks.  One entry, at offset off (a multiple of 4):
 *
 *   off        "070701" + 13 x 8 hex digits          110 bytes
 *   off+110    name, namesize bytes, NUL last        then 0-3 pad bytes
 *   data       filesize bytes, 4-aligned offset      then 0-3 pad bytes
 *   next       next header, 4-aligned offset
 *
 * Offsets are counted from the start of the buffer, as cpio writes them.
 * The archive is checked from start to trailer before the first call to
 * fn, so a malformed archive never gets half walked: either every entry
 * is seen or none is.  The trailer's padding may be cut short by the end
 * of the buffer (some writers do not pad the last entry); any other
 * entry's may not.
 *
 * Every size is compared with what is left of the buffer by subtraction,
 * never by adding to a pointer or offset first, so nothing can wrap.
 */
#include "kernel/fs/cpio.h"
#include "kernel/errno.h"
#include "kernel/string.h"

#define CPIO_HDR_LEN    110
#define CPIO_MAGIC_LEN  6
#define CPIO_FIELD_LEN  8
#define CPIO_TRAILER    "TRAILER!!!"
#define CPIO_S_IFMT     0170000
#define CPIO_S_IFREG    0100000

/* the 13 header fields, in order */
enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR, F_DEVMINOR,
	F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NR_FIELDS
};
STATIC_ASSERT(CPIO_MAGIC_LEN + NR_FIELDS * CPIO_FIELD_LEN == CPIO_HDR_LEN);

/* Exactly 8 hex digits, either case; no sign, no "0x", no spaces. */
static bool parse_hex8(const uint8_t *p, uint32_t *val)
{
	uint32_t v = 0;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		uint8_t c = p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*val = v;
	return true;
}

/* Bytes from off to the next multiple of 4. */
static size_t pad4(size_t off)
{
	return (4 - (off & 3)) & 3;
}

static int bad(const char **why, size_t *bad_offset, size_t off, const char *reason)
{
	if (why)
		*why = reason;
	if (bad_offset)
		*bad_offset = off;
	return -EINVAL;
}

/*
 * Walk the archive; call fn (when not NULL) for each entry.  Returns 0 at
 * the trailer, fn's non-zero value, or -EINVAL.
 */
static int cpio_walk(const uint8_t *a, size_t size, cpio_fn fn, void *arg, const char **why,
		     size_t *bad_offset)
{
	size_t off = 0;

	for (;;) {
		uint32_t f[NR_FIELDS];
		struct cpio_entry e;
		size_t left, name_off, data_off, data_end, next;
		bool crc, trailer;

		if (off == size)
			return bad(why, bad_offset, off, "archive ends without a TRAILER!!! entry");
		left = size - off;
		if (left < CPIO_HDR_LEN)
			return bad(why, bad_offset, off, "truncated cpio header");
		if (memcmp(a + off, "070701", CPIO_MAGIC_LEN) == 0)
			crc = false;
		else if (memcmp(a + off, "070702", CPIO_MAGIC_LEN) == 0)
			crc = true;
		else
			return bad(why, bad_offset, off, "bad cpio magic (not newc 070701/070702)");
		for (int i = 0; i < NR_FIELDS; i++)
			if (!parse_hex8(a + off + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN, &f[i]))
				return bad(why, bad_offset, off, "cpio header field is not 8 hex digits");

		/* the name: namesize bytes with its only NUL at the end */
		name_off = off + CPIO_HDR_LEN;
		left -= CPIO_HDR_LEN;
		if (f[F_NAMESIZE] == 0)
			return bad(why, bad_offset, off, "cpio name size is 0");
		if (f[F_NAMESIZE] == 1)
			return bad(why, bad_offset, off, "cpio entry with an empty name");
		if (f[F_NAMESIZE] > left)
			return bad(why, bad_offset, off, "cpio name runs past the end of the archive");
		if (strnlen((const char *)a + name_off, f[F_NAMESIZE]) != f[F_NAMESIZE] - 1)
			return bad(why, bad_offset, off, "cpio name is not NUL-terminated at namesize");
		left -= f[F_NAMESIZE];
		trailer = f[F_NAMESIZE] == sizeof(CPIO_TRAILER) &&
			  memcmp(a + name_off, CPIO_TRAILER, sizeof(CPIO_TRAILER)) == 0;

		/* the data, after the name's padding */
		data_off = name_off + f[F_NAMESIZE];
		if (pad4(data_off) > left) {
			if (trailer && f[F_FILESIZE] == 0)
				return 0;
			return bad(why, bad_offset, off, "cpio name padding runs past the end of the archive");
		}
		left -= pad4(data_off);
		data_off += pad4(data_off);
		if (f[F_FILESIZE] > left)
			return bad(why, bad_offset, off, "cpio file data runs past the end of the archive");
		left -= f[F_FILESIZE];
		data_end = data_off + f[F_FILESIZE];
		if (trailer)
			return 0; /* its data padding, if any, is not our business */
		if (pad4(data_end) > left)
			return bad(why, bad_offset, off, "cpio data padding runs past the end of the archive");
		next = data_end + pad4(data_end);

		e.name = (const char *)a + name_off;
		e.namelen = f[F_NAMESIZE] - 1;
		e.mode = f[F_MODE];
		e.uid = f[F_UID];
		e.gid = f[F_GID];
		e.mtime = f[F_MTIME];
		e.data = a + data_off;
		e.size = f[F_FILESIZE];

		/* 070702: the check field is the byte sum of a regular file's data */
		if (crc && (e.mode & CPIO_S_IFMT) == CPIO_S_IFREG) {
			uint32_t sum = 0;

			for (size_t i = 0; i < e.size; i++)
				sum += a[data_off + i];
			if (sum != f[F_CHECK])
				return bad(why, bad_offset, off, "cpio 070702 checksum mismatch");
		}
		if (fn) {
			int ret = fn(&e, arg);

			if (ret)
				return ret;
		}
		off = next;
	}
}

int cpio_for_each(const void *archive, size_t size, cpio_fn fn, void *arg, const char **why,
		  size_t *bad_offset)
{
	int err;

	if (why)
		*why = NULL;
	/* first without fn: fn sees no entry of an archive that turns out bad */
	err = cpio_walk(archive, size, NULL, arg, why, bad_offset);
	if (err)
		return err;
	return cpio_walk(archive, size, fn, arg, why, bad_offset);
}
