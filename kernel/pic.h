/* kernel/pic.h - the legacy 8259A PIC pair (see pic.c). */
#ifndef KERNEL_PIC_H
#define KERNEL_PIC_H

#include "kernel/types.h"

void pic_init(void);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);
bool pic_is_spurious(unsigned irq);
void pic_mask_all(void);

#endif
