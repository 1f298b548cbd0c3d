/*
 * kernel/keyboard.c - the PS/2 keyboard: scancode set 1 to characters
 * (US layout, Shift, Ctrl, Caps Lock), delivered to the tty.  Interrupt
 * context only; the modifier state belongs to the handler (IRQ 1 is never
 * reentered).
 */
#include "kernel/keyboard.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define KBD_DATA 0x60
#define KBD_STATUS 0x64

static const char normal[128] = {
	0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 127, '\t',
	'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n', 0, 'a', 's',
	'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
	'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
static const char shifted[128] = {
	0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 127, '\t',
	'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n', 0, 'A', 'S',
	'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
	'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

static void (*deliver_char)(char c);
static bool shift, ctrl, caps;

static void keyboard_interrupt(struct trap_frame *tf)
{
	(void)tf;
	if (!(inb(KBD_STATUS) & 1))
		return;
	uint8_t sc = inb(KBD_DATA);
	bool release = sc & 0x80;
	uint8_t key = sc & 0x7f;

	switch (key) {
	case 0x2a: case 0x36: shift = !release; return; /* Shift */
	case 0x1d: ctrl = !release; return;             /* Ctrl */
	case 0x3a: if (!release) caps = !caps; return;  /* Caps Lock */
	}
	if (release || sc == 0xe0)
		return;
	char c = shift ? shifted[key] : normal[key];
	if (caps && c >= 'a' && c <= 'z')
		c = (char)(c - 32);
	else if (caps && c >= 'A' && c <= 'Z')
		c = (char)(c + 32);
	if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c = (char)((c & 0x1f));
	if (c && deliver_char)
		deliver_char(c);
}

void keyboard_init(void (*deliver)(char c))
{
	deliver_char = deliver;
	while (inb(KBD_STATUS) & 1) /* drop what was typed before */
		(void)inb(KBD_DATA);
	irq_register(1, keyboard_interrupt);
}
