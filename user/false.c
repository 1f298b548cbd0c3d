/*
 * user/false.c - false: do nothing, unsuccessfully.  As coreutils: the
 * arguments are ignored, except a lone --help or --version, which still
 * exit with status 1.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		printf("Usage: false [ignored command line arguments]\n"
		       "  or:  false OPTION\n"
		       "Exit with a status code indicating failure.\n"
		       "\n"
		       "      --help        display this help and exit\n"
		       "      --version     output version information and exit\n"
		       "\n"
		       "NOTE: your shell may have its own version of false, which usually supersedes\n"
		       "the version described here.  Please refer to your shell's documentation\n"
		       "for details about the options it supports.\n");
	else if (argc == 2 && strcmp(argv[1], "--version") == 0)
		printf("false (lom) 1.0\n");
	return 1;
}
