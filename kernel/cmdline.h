/*
 * kernel/cmdline.h - kernel command line options, parsed in one place.
 *
 * A subsystem declares its option next to the variable it sets:
 *
 *   static int parse_loglevel(const char *val) { ... return 0 or -1; }
 *   KERNEL_PARAM("loglevel", parse_loglevel, "console log level 0-8");
 *
 * cmdline_parse() walks the words of the command line, calls the handler
 * of each known option (val is NULL for a bare word without '='), and
 * reports unknown options and rejected values; it never fails the boot.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "kernel/types.h"

struct kernel_param {
	const char *name;
	int (*set)(const char *val); /* 0 = accepted, < 0 = bad value */
	const char *help;
};

#define KERNEL_PARAM(pname, fn, helptext)                                        \
	static const struct kernel_param __kparam_##fn = { pname, fn, helptext }; \
	static const struct kernel_param *const __kparam_ptr_##fn                 \
		__section("kernel_params") __used = &__kparam_##fn

#define CMDLINE_MAX 1024

/* Parse cmdline (copied internally); returns the number of problems reported. */
int cmdline_parse(const char *cmdline);

/* The words after "--", for init's argv (double quotes group words). */
#define CMDLINE_INIT_ARGS_MAX 32
unsigned cmdline_init_args(char *const **args);

/* The command line as given (after copying), for printing. */
const char *cmdline_get(void);

/* Helpers for handlers: strict decimal/hex integer and size ("64M") parsing. */
int cmdline_parse_long(const char *s, long *out);
int cmdline_parse_size(const char *s, uint64_t *out);

#endif
