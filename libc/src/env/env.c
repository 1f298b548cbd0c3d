/*
 * libc/src/env/env.c - the environment: environ, getenv, setenv,
 * unsetenv, putenv, clearenv.
 *
 * environ starts as the kernel's envp.  The first change copies the
 * pointer array to the heap (env_owned); strings made by setenv are
 * malloc'd and never freed (another pointer to them may exist, as in
 * every libc), putenv's are the caller's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../internal/libc.h"

char **environ;
static char **env_owned;	/* environ, when it is our heap copy */
static size_t env_capacity;

void __init_env(char **envp)
{
	environ = envp;
}

/* index of NAME in environ (len bytes of it), or -1 */
static long env_find(const char *name, size_t len)
{
	long i;

	for (i = 0; environ && environ[i]; i++)
		if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=')
			return i;
	return -1;
}

char *getenv(const char *name)
{
	size_t len = strchrnul(name, '=') - name;
	long i;

	if (!len || name[len])
		return NULL;
	i = env_find(name, len);
	return i < 0 ? NULL : environ[i] + len + 1;
}

static size_t env_count(void)
{
	size_t n = 0;

	while (environ && environ[n])
		n++;
	return n;
}

/* makes sure environ is ours and has room for one more entry */
static int env_reserve(void)
{
	size_t n = env_count();
	char **copy;

	if (environ == env_owned && n + 1 < env_capacity)
		return 0;
	copy = malloc((n + 16) * sizeof(char *));
	if (!copy)
		return -1;
	if (n)
		memcpy(copy, environ, n * sizeof(char *));
	copy[n] = NULL;
	free(env_owned);
	environ = env_owned = copy;
	env_capacity = n + 16;
	return 0;
}

static int env_put(char *entry, size_t name_len)
{
	long i = env_find(entry, name_len);
	size_t n;

	if (i >= 0) {
		environ[i] = entry;
		return 0;
	}
	if (env_reserve() < 0)
		return -1;
	n = env_count();
	environ[n] = entry;
	environ[n + 1] = NULL;
	return 0;
}

static int bad_name(const char *name)
{
	if (!name || !*name || strchr(name, '=')) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t nlen, vlen;
	char *entry;

	if (bad_name(name))
		return -1;
	nlen = strlen(name);
	if (!overwrite && env_find(name, nlen) >= 0)
		return 0;
	vlen = strlen(value);
	entry = malloc(nlen + vlen + 2);
	if (!entry)
		return -1;
	memcpy(entry, name, nlen);
	entry[nlen] = '=';
	memcpy(entry + nlen + 1, value, vlen + 1);
	return env_put(entry, nlen);
}

int putenv(char *string)
{
	size_t nlen = strchrnul(string, '=') - string;

	if (!string[nlen])
		return unsetenv(string);
	if (!nlen) {
		errno = EINVAL;
		return -1;
	}
	return env_put(string, nlen);
}

int unsetenv(const char *name)
{
	size_t len;
	long i;

	if (bad_name(name))
		return -1;
	len = strlen(name);
	while ((i = env_find(name, len)) >= 0) {
		if (environ != env_owned && env_reserve() < 0)
			return -1;
		for (; environ[i]; i++)
			environ[i] = environ[i + 1];
	}
	return 0;
}

int clearenv(void)
{
	free(env_owned);
	env_owned = NULL;
	env_capacity = 0;
	environ = NULL;
	return 0;
}
