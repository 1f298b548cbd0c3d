/* getopt.h - getopt(3) (short options; see unistd.h). */
#ifndef _GETOPT_H
#define _GETOPT_H
#include <unistd.h>
#endif
