/* sched.h - yielding, the current CPU and affinity masks. */
#ifndef _SCHED_H
#define _SCHED_H
#include <bits/types.h>
#define CPU_SETSIZE 1024
typedef struct {
	unsigned long __bits[CPU_SETSIZE / (8 * sizeof(long))];
} cpu_set_t;
#define __CPU_WORD(cpu) ((cpu) / (8 * sizeof(long)))
#define __CPU_MASK(cpu) (1UL << ((cpu) % (8 * sizeof(long))))
#define CPU_ZERO(set) __builtin_memset((set), 0, sizeof(cpu_set_t))
#define CPU_SET(cpu, set) ((set)->__bits[__CPU_WORD(cpu)] |= __CPU_MASK(cpu))
#define CPU_CLR(cpu, set) ((set)->__bits[__CPU_WORD(cpu)] &= ~__CPU_MASK(cpu))
#define CPU_ISSET(cpu, set) (((set)->__bits[__CPU_WORD(cpu)] & __CPU_MASK(cpu)) != 0)
#define CPU_COUNT(set) __sched_cpucount(sizeof(cpu_set_t), (set))
int __sched_cpucount(size_t size, const cpu_set_t *set);
int sched_yield(void);
int sched_getcpu(void);
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
#endif
