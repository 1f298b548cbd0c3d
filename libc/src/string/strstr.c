/*
 * libc/src/string/strstr.c - searching: strstr, strcasestr, strspn,
 * strcspn, strpbrk, strtok, strtok_r, strsep.  The set functions use a
 * 256-bit table of the accepted/rejected bytes.
 */
#include <string.h>
#include <strings.h>

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)hay;
	for (; (hay = strchr(hay, *needle)); hay++)
		if (strncmp(hay, needle, n) == 0)
			return (char *)hay;
	return NULL;
}

char *strcasestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return (char *)hay;
	return n ? NULL : (char *)hay;
}

struct byteset {
	unsigned long bits[256 / (8 * sizeof(unsigned long))];
};

#define BITS_PER_WORD (8 * sizeof(unsigned long))

static void byteset_fill(struct byteset *set, const char *chars)
{
	memset(set, 0, sizeof(*set));
	for (; *chars; chars++) {
		unsigned char c = (unsigned char)*chars;
		set->bits[c / BITS_PER_WORD] |= 1UL << (c % BITS_PER_WORD);
	}
}

static int byteset_has(const struct byteset *set, unsigned char c)
{
	return (set->bits[c / BITS_PER_WORD] >> (c % BITS_PER_WORD)) & 1;
}

size_t strspn(const char *s, const char *accept)
{
	struct byteset set;
	const char *p = s;

	byteset_fill(&set, accept);
	while (*p && byteset_has(&set, (unsigned char)*p))
		p++;
	return (size_t)(p - s);
}

size_t strcspn(const char *s, const char *reject)
{
	struct byteset set;
	const char *p = s;

	if (!reject[0] || !reject[1])
		return (size_t)(strchrnul(s, *reject) - s);
	byteset_fill(&set, reject);
	while (*p && !byteset_has(&set, (unsigned char)*p))
		p++;
	return (size_t)(p - s);
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

char *strtok_r(char *restrict s, const char *restrict delim, char **restrict save)
{
	char *end;

	if (!s && !(s = *save))
		return NULL;
	s += strspn(s, delim);
	if (!*s) {
		*save = NULL;
		return NULL;
	}
	end = s + strcspn(s, delim);
	if (*end)
		*end++ = '\0';
	else
		end = NULL;
	*save = end;
	return s;
}

char *strtok(char *restrict s, const char *restrict delim)
{
	static char *save;

	return strtok_r(s, delim, &save);
}

char *strsep(char **sp, const char *delim)
{
	char *s = *sp, *end;

	if (!s)
		return NULL;
	end = s + strcspn(s, delim);
	if (*end)
		*end++ = '\0';
	else
		end = NULL;
	*sp = end;
	return s;
}

int ffs(int i)
{
	return __builtin_ffs(i);
}
