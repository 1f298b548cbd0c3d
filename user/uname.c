/*
 * user/uname.c - uname [-asnrvm]: print system information, in the
 * order kernel name (-s), node name (-n), release (-r), version (-v),
 * machine (-m); -s alone by default, -a for all five.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static const char fields[] = "snrvm";	/* bit i of `which` selects fields[i] */

static int usage(void)
{
	fprintf(stderr, "usage: uname [-asnrvm]\n");
	return 1;
}

int main(int argc, char **argv)
{
	const char *value[5], *sep = "";
	struct utsname u;
	int c, which = 0;

	while ((c = getopt(argc, argv, "asnrvm")) != -1) {
		if (c == 'a')
			which = (1 << 5) - 1;
		else if (c != '?' && strchr(fields, c))
			which |= 1 << (strchr(fields, c) - fields);
		else
			return usage();
	}
	if (optind != argc)
		return usage();
	if (uname(&u) < 0) {
		fprintf(stderr, "uname: %s\n", strerror(errno));
		return 1;
	}
	value[0] = u.sysname;
	value[1] = u.nodename;
	value[2] = u.release;
	value[3] = u.version;
	value[4] = u.machine;
	for (int i = 0; i < 5; i++) {
		if ((which ? which : 1) & (1 << i)) {
			printf("%s%s", sep, value[i]);
			sep = " ";
		}
	}
	printf("\n");
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "uname: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
