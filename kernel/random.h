/*
 * kernel/random.h - random bytes for AT_RANDOM and getrandom(2).
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include "kernel/types.h"

void get_random_bytes(void *buf, size_t n);

#endif
