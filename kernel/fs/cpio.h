/*
 * kernel/fs/cpio.h - reading a cpio archive in the "newc" format (the
 * format of Linux's initramfs: `cpio -H newc`).
 *
 *   header: "070701" (or "070702", with checksums), then 13 fields of 8
 *   ASCII hex digits: ino mode uid gid nlink mtime filesize devmajor
 *   devminor rdevmajor rdevminor namesize check; then the name (namesize
 *   bytes including its NUL), padded to 4 bytes; then the data, padded
 *   to 4 bytes.  The entry named "TRAILER!!!" ends the archive.
 *
 * cpio_for_each() trusts nothing in the archive: magic, every hex digit,
 * every size against the end of the buffer, the name's NUL.  Pure
 * function; built on the host too (tests/host, fuzzer).
 */
#ifndef KERNEL_FS_CPIO_H
#define KERNEL_FS_CPIO_H

#include "kernel/types.h"

struct cpio_entry {
	const char *name;   /* NUL-terminated, inside the archive; no leading "./" stripping */
	size_t namelen;     /* strlen(name) */
	uint32_t mode;      /* st_mode bits: S_IFREG/S_IFDIR/S_IFLNK... | permissions */
	uint32_t uid, gid;
	uint64_t mtime;
	const void *data;   /* inside the archive */
	size_t size;
};

/* Return 0 to go on, anything else stops the walk and is returned. */
typedef int (*cpio_fn)(const struct cpio_entry *e, void *arg);

/*
 * Call fn for every entry before the trailer, in archive order.
 * Returns 0 at the trailer, fn's non-zero value, or -EINVAL for a
 * malformed archive (with *why set to a static one-line reason, and the
 * byte offset of the bad header in *bad_offset when not NULL).  A buffer
 * that ends without a trailer is malformed.
 */
int cpio_for_each(const void *archive, size_t size, cpio_fn fn, void *arg, const char **why,
		  size_t *bad_offset);

#endif
