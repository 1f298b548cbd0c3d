/* user/hello.c - the classic first program. */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return fflush(stdout) == EOF;
}
