/*
 * kernel/vga.c - VGA text mode console: 80x25 cells of (char, attribute),
 * scrolling, and the hardware cursor.  The buffer is reached through the
 * early kernel mapping (0xb8000 is below 1 GiB).
 * State (row, col) is serialized by the console lock.
 */
#include "kernel/vga.h"
#include "kernel/memlayout.h"
#include "kernel/string.h"
#include "kernel/x86.h"

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x07 /* light grey on black */

static volatile uint16_t *vga_buf;
static int vga_row, vga_col;

static void vga_update_cursor(void)
{
	uint16_t pos = (uint16_t)(vga_row * VGA_COLS + vga_col);

	outb(0x3d4, 0x0f);
	outb(0x3d5, pos & 0xff);
	outb(0x3d4, 0x0e);
	outb(0x3d5, pos >> 8);
}

static void vga_clear_row(int row)
{
	for (int c = 0; c < VGA_COLS; c++)
		vga_buf[row * VGA_COLS + c] = (VGA_ATTR << 8) | ' ';
}

void vga_init(void)
{
	vga_buf = early_phys_to_virt(0xb8000);
	for (int r = 0; r < VGA_ROWS; r++)
		vga_clear_row(r);
	vga_row = vga_col = 0;
	vga_update_cursor();
}

static void vga_newline(void)
{
	vga_col = 0;
	if (++vga_row < VGA_ROWS)
		return;
	for (int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		vga_buf[i] = vga_buf[i + VGA_COLS];
	vga_row = VGA_ROWS - 1;
	vga_clear_row(vga_row);
}

static void vga_putc(char c)
{
	switch (c) {
	case '\n': vga_newline(); return;
	case '\r': vga_col = 0; return;
	case '\t': do vga_putc(' '); while (vga_col % 8); return;
	case '\b': if (vga_col) vga_col--; return;
	}
	vga_buf[vga_row * VGA_COLS + vga_col] = (uint16_t)((VGA_ATTR << 8) | (uint8_t)c);
	if (++vga_col == VGA_COLS)
		vga_newline();
}

void vga_write(const char *s, size_t n)
{
	if (!vga_buf)
		return;
	for (size_t i = 0; i < n; i++)
		vga_putc(s[i]);
	vga_update_cursor();
}
