/* user/echo.c - echo [-n] [-e] ARG...: print the arguments (see echo_main in ulib.c). */
#include "ulib.h"

int main(int argc, char **argv)
{
	return echo_main(argc, argv);
}
