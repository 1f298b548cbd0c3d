/* kernel/version.h - the release, printed at boot and returned by uname(2). */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define LOM_VERSION "0.2"

#endif
