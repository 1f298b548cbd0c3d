/*
 * user/strace/umove.c - reading a stopped tracee's memory, and printing
 * what is read as strace does: quoted strings with C escapes, cut at -s
 * bytes with "..." after, paths in full.
 *
 * Memory comes through process_vm_readv(2), one call per page so a string
 * that ends just before an unmapped page is still read; if that call is
 * refused (a kernel without it, or a denial), PTRACE_PEEKDATA reads word by
 * word instead, and keeps doing so for the rest of the run.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "strace.h"

#define PAGE 4096UL

static int use_peekdata; /* process_vm_readv failed other than EFAULT */

static int peek_word(pid_t pid, unsigned long addr, unsigned long *word)
{
	errno = 0;
	*word = (unsigned long)ptrace(PTRACE_PEEKDATA, pid, (void *)addr, 0);
	return errno ? -1 : 0;
}

static int umoven_peek(struct tcb *t, unsigned long addr, size_t len, char *buf)
{
	while (len) {
		unsigned long base = addr & ~7UL, word;
		size_t off = addr - base, n = 8 - off;

		if (n > len)
			n = len;
		if (peek_word(t->pid, base, &word) < 0)
			return -1;
		memcpy(buf, (char *)&word + off, n);
		buf += n;
		addr += n;
		len -= n;
	}
	return 0;
}

/* Read len bytes at addr; 0, or -1 if any of them cannot be read. */
int umoven(struct tcb *t, unsigned long addr, size_t len, void *buf)
{
	struct iovec local = { buf, len }, remote = { (void *)addr, len };
	ssize_t n;

	if (!len)
		return 0;
	if (addr + len < addr)
		return -1;
	if (!use_peekdata) {
		n = process_vm_readv(t->pid, &local, 1, &remote, 1, 0);
		if (n == (ssize_t)len)
			return 0;
		if (n < 0 && (errno == EFAULT || errno == ESRCH))
			return -1;
		if (n < 0)
			use_peekdata = 1; /* ENOSYS, EPERM...: not for this kernel */
		else
			return -1;	  /* partly unmapped */
	}
	return umoven_peek(t, addr, len, buf);
}

/*
 * Read a NUL-terminated string of at most len bytes into buf (len bytes
 * of room).  1: a NUL was seen; 0: len bytes and no NUL; -1: unreadable.
 */
int umovestr(struct tcb *t, unsigned long addr, size_t len, char *buf)
{
	size_t done = 0;

	while (done < len) {
		size_t n = PAGE - (addr & (PAGE - 1));

		if (n > len - done)
			n = len - done;
		if (umoven(t, addr, n, buf + done) < 0) {
			/* only the unreadable page is lost if one was read before */
			return -1;
		}
		if (memchr(buf + done, 0, n))
			return 1;
		done += n;
		addr += n;
	}
	return 0;
}

/*
 * Read into buf, or print the address (NULL) and return -1: also when the
 * call failed, as its output buffer then holds nothing.
 */
int umove_or_printaddr(struct tcb *t, unsigned long addr, size_t len, void *buf)
{
	if (!addr) {
		tprints("NULL");
		return -1;
	}
	if (syserror(t) || umoven(t, addr, len, buf) < 0) {
		printaddr(addr);
		return -1;
	}
	return 0;
}

void printaddr(unsigned long addr)
{
	if (addr)
		tprintf("%#lx", addr);
	else
		tprints("NULL");
}

/*
 * Escape size bytes of s into out (4 * size + 3 bytes of room), quotes
 * included, as strace does: \t \n \v \f \r \" \\, other unprintable bytes
 * in octal, as short as the next byte allows (\1 but \0011 before a
 * digit), or every byte as \xNN with QUOTE_FORCE_HEX.  With nul_term the
 * string ends at a NUL; returns 0 if it did end (within size, or exactly
 * at s[size], which must then be readable), 1 if it goes on.
 */
static int string_quote(const unsigned char *s, char *out, size_t size, unsigned int style,
			int nul_term)
{
	static const char hex[] = "0123456789abcdef";
	char *o = out;
	size_t i;

	*o++ = '"';
	for (i = 0; i < size; i++) {
		unsigned char c = s[i];

		if (nul_term && c == 0)
			break;
		if (style & QUOTE_FORCE_HEX) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
			continue;
		}
		switch (c) {
		case '"': case '\\':
			*o++ = '\\';
			*o++ = (char)c;
			break;
		case '\f': *o++ = '\\'; *o++ = 'f'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		case '\v': *o++ = '\\'; *o++ = 'v'; break;
		default:
			if (c >= ' ' && c < 0x7f) {
				*o++ = (char)c;
				break;
			}
			*o++ = '\\';
			if (i + 1 < size && s[i + 1] >= '0' && s[i + 1] <= '7') {
				*o++ = (char)('0' + (c >> 6));
				*o++ = (char)('0' + ((c >> 3) & 7));
			} else if (c >> 3) {
				if (c >> 6)
					*o++ = (char)('0' + (c >> 6));
				*o++ = (char)('0' + ((c >> 3) & 7));
			}
			*o++ = (char)('0' + (c & 7));
		}
	}
	*o++ = '"';
	*o = 0;
	if (nul_term && (i < size || s[i] == 0))
		return 0;
	return 1;
}

/*
 * A string in the tracee: len bytes (up to a NUL too with
 * QUOTE_0_TERMINATED), or up to a NUL if len is -1; at most max_strlen
 * bytes shown, then "..." if there was more.
 */
void printstr_ex(struct tcb *t, unsigned long addr, long len, unsigned int style)
{
	static char *str, *out;
	static size_t cap;
	size_t size;
	int nul_term = len == -1 || (style & QUOTE_0_TERMINATED), rc;

	if (!addr) {
		tprints("NULL");
		return;
	}
	if (cap < (size_t)max_strlen + 2) {
		free(str);
		free(out);
		cap = (size_t)max_strlen + 2;
		str = malloc(cap);
		out = malloc(4 * cap + 8);
		if (!str || !out) {
			cap = 0;
			printaddr(addr);
			return;
		}
	}
	if (len == -1) {
		/* one byte more: does the string end right at the limit? */
		size = (size_t)max_strlen + 1;
		rc = umovestr(t, addr, size, str);
	} else {
		size = (unsigned long)len < max_strlen ? (size_t)len : max_strlen;
		rc = umoven(t, addr, size, str);
		str[size] = (char)0xff; /* not a NUL: the string was cut */
	}
	if (rc < 0) {
		printaddr(addr);
		return;
	}
	if (size > max_strlen)
		size = max_strlen;
	rc = string_quote((unsigned char *)str, out, size, style, nul_term);
	tprints(out);
	if (rc && len && (nul_term || (unsigned long)len > max_strlen))
		tprints("...");
}

void printstrn(struct tcb *t, unsigned long addr, long len)
{
	printstr_ex(t, addr, len, 0);
}

void printstr(struct tcb *t, unsigned long addr)
{
	printstr_ex(t, addr, -1, 0);
}

/* A path: up to n bytes (not -s), "..." if it goes on. */
void printpathn(struct tcb *t, unsigned long addr, size_t n)
{
	static char path[PATH_MAX + 1], out[4 * PATH_MAX + 8];
	int rc;

	if (!addr) {
		tprints("NULL");
		return;
	}
	if (n > PATH_MAX - 1)
		n = PATH_MAX - 1;
	rc = umovestr(t, addr, n + 1, path);
	if (rc < 0) {
		printaddr(addr);
		return;
	}
	path[n + 1] = 0;
	rc = string_quote((unsigned char *)path, out, n, 0, 1);
	tprints(out);
	if (rc)
		tprints("...");
}

void printpath(struct tcb *t, unsigned long addr)
{
	printpathn(t, addr, PATH_MAX - 1);
}

/* A string we hold (uname fields...): in full, up to its NUL. */
void print_quoted(const char *s, size_t len)
{
	static char out[4 * 512 + 8];

	if (len > 512)
		len = 512;
	string_quote((const unsigned char *)s, out, len, 0, 1);
	tprints(out);
}
