/*
 * kernel/power.h - powering the machine off, with an exit status for QEMU.
 *
 * Under QEMU with `-device isa-debug-exit,iobase=0xf4,iosize=0x04` (every
 * lom QEMU command line has it) the write of status s ends QEMU with exit
 * code 2*s+1:
 *   POWER_EXIT_OK    0 -> 1   clean power-off, all tests passed
 *   POWER_EXIT_FAIL  1 -> 3   some test failed
 *   POWER_EXIT_PANIC 2 -> 5   the kernel panicked
 * Without the device, the ACPI-style fallbacks of QEMU/Bochs are tried,
 * and if the machine is still running the CPU halts for good.
 */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#define POWER_EXIT_OK    0
#define POWER_EXIT_FAIL  1
#define POWER_EXIT_PANIC 2

__attribute__((noreturn)) void power_off(int status);
/*
 * init (pid 1) exited with `code` (0..255; 128+n for signal n): report it
 * as "lom-exit-status CODE" on the debug console port 0xe9 (QEMU's
 * -debugcon; tools/lom-exec reads it) and power off cleanly.
 */
__attribute__((noreturn)) void power_off_with_status(int code);

#endif
