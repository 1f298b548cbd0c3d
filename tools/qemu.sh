#!/bin/sh
# tools/qemu.sh - the one place that builds lom's QEMU command line.
#
#   tools/qemu.sh --iso build/lom.iso [extra qemu args]
#   tools/qemu.sh --kernel build/lom.elf [--append "CMDLINE"] [--initrd FILE] [extra qemu args]
#
# Knobs (environment, passed through by make):
#   MEM=256M  guest RAM          SMP=1   CPUs
#   ACCEL=tcg (default) or kvm   CPU=    override -cpu
#   GUI=1     show the VGA window (serial stays on the terminal)
#   SERIAL=   -serial backend (default mon:stdio: Ctrl-A X quits)
#   INITRD=   initrd for --kernel (default: none; --initrd FILE also works)
# Always: -no-reboot -nic none and the isa-debug-exit device, through
# which lom powers off with a status (see kernel/power.h).
set -eu
MEM=${MEM:-256M}
SMP=${SMP:-1}
ACCEL=${ACCEL:-tcg}
GUI=${GUI:-0}
SERIAL=${SERIAL:-mon:stdio}

quirk_cmdline=
case "$ACCEL" in
	# -arch-capabilities: nested KVM (as on this project's build machines)
	# refuses QEMU's write of that MSR and QEMU aborts; lom does not use it.
	# kvm-pvm (a software "KVM", /sys/module/kvm_pvm) runs the guest kernel
	# in ring 3: CPUID is the host's (-smap cannot hide SMAP) and its
	# emulator cannot execute stac/clac ("KVM internal error"), so lom is
	# told `nosmap` there (tools/mkiso.sh does the same for ISOs).
	kvm)
		accel="-accel kvm"; cpu=${CPU:-host,-arch-capabilities}
		[ -d /sys/module/kvm_pvm ] && quirk_cmdline=nosmap
		;;
	tcg) accel="-accel tcg"; cpu=${CPU:-max} ;;
	*) echo "qemu.sh: ACCEL must be tcg or kvm, not '$ACCEL'" >&2; exit 2 ;;
esac

boot=
case "${1:-}" in
	--iso) boot="-cdrom $2"; shift 2 ;;
	--kernel)
		kernel=$2; shift 2
		append=
		if [ "${1:-}" = --append ]; then append=$2; shift 2; fi
		append="$append${quirk_cmdline:+ $quirk_cmdline}"
		initrd=${INITRD:-}
		if [ "${1:-}" = --initrd ]; then initrd=$2; shift 2; fi
		if [ -n "$initrd" ]; then
			set -- -kernel "$kernel" -append "$append" -initrd "$initrd" "$@"
		else
			set -- -kernel "$kernel" -append "$append" "$@"
		fi
		;;
	*) echo "usage: qemu.sh --iso ISO | --kernel ELF [--append CMDLINE] [qemu args]" >&2; exit 2 ;;
esac

display="-display none"
[ "$GUI" = 1 ] && display=

# shellcheck disable=SC2086
exec qemu-system-x86_64 $accel -cpu "$cpu" -m "$MEM" -smp "$SMP" \
	-no-reboot -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-serial "$SERIAL" $display $boot "$@"
