/*
 * user/echo.c - echo [-neE] [STRING]...: print the arguments (see
 * echo_run in ulib.c, shared with sh's builtin).  As coreutils' echo, a
 * lone --help or --version is an option; any other argument is printed.
 */
#include <stdio.h>
#include <string.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("Usage: echo [SHORT-OPTION]... [STRING]...\n"
		       "  or:  echo LONG-OPTION\n"
		       "Echo the STRING(s) to standard output.\n"
		       "\n"
		       "  -n             do not output the trailing newline\n"
		       "  -e             enable interpretation of backslash escapes\n"
		       "  -E             disable interpretation of backslash escapes (default)\n"
		       "      --help        display this help and exit\n"
		       "      --version     output version information and exit\n"
		       "\n"
		       "If -e is in effect, the following sequences are recognized:\n"
		       "\n"
		       "  \\\\      backslash\n"
		       "  \\a      alert (BEL)\n"
		       "  \\b      backspace\n"
		       "  \\c      produce no further output\n"
		       "  \\e      escape\n"
		       "  \\f      form feed\n"
		       "  \\n      new line\n"
		       "  \\r      carriage return\n"
		       "  \\t      horizontal tab\n"
		       "  \\v      vertical tab\n"
		       "  \\0NNN   byte with octal value NNN (1 to 3 digits)\n"
		       "  \\xHH    byte with hexadecimal value HH (1 to 2 digits)\n"
		       "\n"
		       "NOTE: your shell may have its own version of echo, which usually supersedes\n"
		       "the version described here.  Please refer to your shell's documentation\n"
		       "for details about the options it supports.\n");
		return fflush(stdout) == EOF;
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("echo (lom) 1.0\n");
		return fflush(stdout) == EOF;
	}
	return echo_run(argc, argv, 1);
}
