/*
 * kernel/power.c - power off.  Real ACPI S5 (FADT PM1a control block and
 * the \_S5 package from the DSDT) needs the ACPI parser of the SMP issue;
 * until then the QEMU debug-exit device and the fixed ports of QEMU's and
 * Bochs' ACPI PM blocks are enough for every machine lom targets.
 */
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "kernel/vsprintf.h"

#define DEBUGCON_PORT 0xe9

#define ISA_DEBUG_EXIT_PORT 0xf4

void power_off(int status)
{
	cli();
	outl(ISA_DEBUG_EXIT_PORT, (uint32_t)status);
	/* still here: no debug-exit device */
	outw(0x604, 0x2000);  /* QEMU (PIIX4/ICH9 PM block as set up by SeaBIOS) */
	outw(0xb004, 0x2000); /* Bochs and old QEMU */
	pr_emerg("power off failed: halting\n");
	halt_forever();
}

void power_off_with_status(int code)
{
	char line[32];
	int n = snprintf(line, sizeof(line), "lom-exit-status %d\n", code);

	for (int i = 0; i < n; i++)
		outb(DEBUGCON_PORT, (uint8_t)line[i]);
	power_off(POWER_EXIT_OK);
}
