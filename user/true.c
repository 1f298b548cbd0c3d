/*
 * user/true.c - true: do nothing, successfully.  As coreutils: the
 * arguments are ignored, except a lone --help or --version.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("Usage: true [ignored command line arguments]\n"
		       "  or:  true OPTION\n"
		       "Exit with a status code indicating success.\n"
		       "\n"
		       "      --help        display this help and exit\n"
		       "      --version     output version information and exit\n"
		       "\n"
		       "NOTE: your shell may have its own version of true, which usually supersedes\n"
		       "the version described here.  Please refer to your shell's documentation\n"
		       "for details about the options it supports.\n");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0)
		printf("true (lom) 1.0\n");
	return 0;
}
