/*
 * kernel/cmdline.c - split the command line into words and dispatch them
 * to the KERNEL_PARAM handlers collected in the kernel_params section.
 *
 * Words are separated by spaces; a value may be double-quoted to contain
 * spaces (opt="a b"), as on Linux.  A first word that looks like a path
 * ("/boot/lom.elf", which some loaders prepend) is skipped.
 * Runs once at boot on the boot CPU; no locking.
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"

extern const struct kernel_param *const __start_kernel_params[];
extern const struct kernel_param *const __stop_kernel_params[];

static char cmdline_copy[CMDLINE_MAX];
static char cmdline_words[CMDLINE_MAX];

const char *cmdline_get(void)
{
	return cmdline_copy;
}

int cmdline_parse_long(const char *s, long *out)
{
	bool neg = false;
	int base = 10;
	long v = 0;

	if (!s || !*s)
		return -EINVAL;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		int d;
		if (*s >= '0' && *s <= '9') d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
		else return -EINVAL;
		if (v > (INT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*out = neg ? -v : v;
	return 0;
}

int cmdline_parse_size(const char *s, uint64_t *out)
{
	char num[32];
	size_t n = s ? strlen(s) : 0;
	unsigned shift = 0;
	long v;

	if (n == 0 || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'K': case 'k': shift = 10; break;
	case 'M': case 'm': shift = 20; break;
	case 'G': case 'g': shift = 30; break;
	}
	if (shift)
		num[--n] = '\0';
	int err = cmdline_parse_long(num, &v);
	if (err)
		return err;
	if (v < 0 || (uint64_t)v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = (uint64_t)v << shift;
	return 0;
}

static const struct kernel_param *find_param(const char *name)
{
	for (const struct kernel_param *const *p = __start_kernel_params; p < __stop_kernel_params; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}

static char *init_args[CMDLINE_INIT_ARGS_MAX]; /* point into cmdline_words */
static unsigned nr_init_args;

unsigned cmdline_init_args(char *const **args)
{
	*args = init_args;
	return nr_init_args;
}

/* Cut the next word out of *pos (in place); returns NULL at the end. */
static char *next_word(char **pos)
{
	char *s = *pos, *w, *d;
	bool quoted = false;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s)
		return NULL;
	w = d = s;
	for (; *s; s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n'))
			break;
		*d++ = *s;
	}
	if (*s)
		s++;
	*d = '\0';
	*pos = s;
	return w;
}

int cmdline_parse(const char *cmdline)
{
	int problems = 0;
	bool first = true;
	char *pos = cmdline_words, *word;

	strlcpy(cmdline_copy, cmdline ? cmdline : "", sizeof(cmdline_copy));
	if (cmdline && strlen(cmdline) >= sizeof(cmdline_copy)) {
		pr_warn("cmdline: command line longer than %d bytes, the rest is ignored\n", CMDLINE_MAX - 1);
		problems++;
	}
	strlcpy(cmdline_words, cmdline_copy, sizeof(cmdline_words));

	nr_init_args = 0;
	while ((word = next_word(&pos))) {
		if (!strcmp(word, "--")) { /* the rest belongs to init (Linux's convention) */
			while ((word = next_word(&pos)) && nr_init_args < CMDLINE_INIT_ARGS_MAX)
				init_args[nr_init_args++] = word;
			if (word)
				pr_warn("cmdline: more than %d arguments for init; the rest is ignored\n",
					CMDLINE_INIT_ARGS_MAX);
			break;
		}
		if (first && word[0] == '/') { /* the kernel's own path */
			first = false;
			continue;
		}
		first = false;
		char *val = strchr(word, '=');
		if (val)
			*val++ = '\0';
		const struct kernel_param *p = find_param(word);
		if (!p) {
			pr_warn("cmdline: unknown option '%s%s%s' (ignored); known options:", word,
				val ? "=" : "", val ? val : "");
			for (const struct kernel_param *const *q = __start_kernel_params; q < __stop_kernel_params; q++)
				pr_cont(" %s", (*q)->name);
			pr_cont("\n");
			problems++;
		} else if (p->set(val) < 0) {
			pr_warn("cmdline: bad value '%s' for option '%s' (ignored): %s\n",
				val ? val : "(none)", word, p->help);
			problems++;
		}
	}
	return problems;
}
