/*
 * kernel/memlayout.h - where the kernel lives in physical and virtual memory.
 *
 * Included from C and from assembly (boot/), so only plain #defines here.
 *
 *   physical                       virtual
 *   0x00100000 (1 MiB)  kernel ->  KERNEL_VMA + 0x00100000
 *
 * boot/boot.S maps the first KERNEL_EARLY_MAP bytes of physical memory at
 * KERNEL_VMA with 2 MiB pages (and, until kmain() drops it, at 0 too).
 * Anything that lies in that window can be reached with early_phys_to_virt()
 * before the direct map (mm/) exists.  Once it does, mm_init() keeps only
 * the first MiB (no-execute) and the image itself (W^X) at KERNEL_VMA.
 */
#ifndef KERNEL_MEMLAYOUT_H
#define KERNEL_MEMLAYOUT_H

#define KERNEL_VMA        0xffffffff80000000
#define KERNEL_PHYS_LOAD  0x00100000
#define KERNEL_EARLY_MAP  0x40000000 /* 1 GiB: one page directory of 2 MiB pages */

#define PAGE_SHIFT 12
#ifdef __ASSEMBLER__
#define PAGE_SIZE 4096
#else
#define PAGE_SIZE (1ul << PAGE_SHIFT)
#endif

#define BOOT_STACK_SIZE 16384

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Early (pre-direct-map) translation: below KERNEL_EARLY_MAP until mm_init, then below 1 MiB. */
static inline void *early_phys_to_virt(uint64_t pa)
{
	return (void *)(pa + KERNEL_VMA);
}

static inline uint64_t kernel_virt_to_phys(const void *va)
{
	return (uint64_t)va - KERNEL_VMA;
}
#endif

#endif
