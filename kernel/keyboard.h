/*
 * kernel/keyboard.h - the PS/2 keyboard (IRQ 1), US layout, as characters.
 */
#ifndef KERNEL_KEYBOARD_H
#define KERNEL_KEYBOARD_H

void keyboard_init(void (*deliver)(char c));

#endif
