/*
 * libc/src/errno/strerror.c - errno numbers to Linux's messages (the
 * texts glibc prints, so programs print the same on lom and Linux);
 * numbers without one give "Unknown error N".
 */
#include <errno.h>
#include <string.h>

#include "../internal/libc.h"

static const char *const messages[] = {
#include "strerror_table.h"
};

static char unknown_buf[32];

char *__append_int(char *p, int value)
{
	char digits[12];
	unsigned int u = value < 0 ? -(unsigned int)value : (unsigned int)value;
	int n = 0;

	do
		digits[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (value < 0)
		*p++ = '-';
	while (n > 0)
		*p++ = digits[--n];
	*p = '\0';
	return p;
}

/* "Unknown error N" into buf (len >= 32) */
static char *unknown_error(int errnum, char *buf)
{
	__append_int(stpcpy(buf, "Unknown error "), errnum);
	return buf;
}

static const char *known_message(int errnum)
{
	if (errnum >= 0 && (size_t)errnum < sizeof(messages) / sizeof(messages[0]))
		return messages[errnum];
	return NULL;
}

char *strerror(int errnum)
{
	const char *msg = known_message(errnum);

	return msg ? (char *)msg : unknown_error(errnum, unknown_buf);
}

/* the POSIX (int-returning) variant */
int strerror_r(int errnum, char *buf, size_t len)
{
	char tmp[32];
	const char *msg = known_message(errnum);
	size_t n;

	if (!msg)
		msg = unknown_error(errnum, tmp);
	n = strlen(msg);
	if (len == 0)
		return ERANGE;
	if (n >= len) {
		memcpy(buf, msg, len - 1);
		buf[len - 1] = '\0';
		return ERANGE;
	}
	memcpy(buf, msg, n + 1);
	return 0;
}
