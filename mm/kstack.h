/*
 * mm/kstack.h - kernel stacks with guard pages (mm/kstack.c).
 *
 *   void *stack = alloc_kernel_stack();   KSTACK_SIZE bytes, or NULL
 *   ...
 *   free_kernel_stack(stack);             interrupts enabled
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include "kernel/types.h"
#include "mm/pgtable.h"

#define KSTACK_AREA_BASE (IOREMAP_BASE + IOREMAP_SIZE) /* Linux's vmalloc area, after ioremap's GiB */
#define KSTACK_AREA_SIZE GiB(1)
#define KSTACK_SLOT_SIZE KiB(32) /* the stack on top, an unmapped guard below */

void *alloc_kernel_stack(void);
void free_kernel_stack(void *stack);
unsigned long nr_kernel_stacks(void);

/*
 * Is addr in the guard below a kernel stack?  Then [*stack_lo, *stack_hi)
 * bound that stack (for the double-fault report).
 */
bool kstack_guard_hit(uint64_t addr, uint64_t *stack_lo, uint64_t *stack_hi);

#endif
