/* user/poweroff.c - flush the file systems and power the machine off. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	sync();
	reboot(RB_POWER_OFF);
	/* only returns on failure: not privileged, or no such support */
	fprintf(stderr, "poweroff: %s\n", strerror(errno));
	return 1;
}
