/* sys/prctl.h - prctl(2) and the options lom implements (Linux values). */
#ifndef _SYS_PRCTL_H
#define _SYS_PRCTL_H
#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_THP_DISABLE 41
#define PR_GET_THP_DISABLE 42
int prctl(int option, ...);
#endif
