#!/bin/sh
# tools/bench-boot.sh - boot command for the shared linux-guest benchmark
# harness (../shared/bench/linux-guest, "Boot command contract" in its
# README) that boots lom instead of Linux:
#
#   ../shared/bench/linux-guest/run.sh -a tcg tools/bench-boot.sh
#
# In (environment, set by run.sh):
#   BENCH_INITRD_RAW  uncompressed newc cpio with /init, /bench/...: lom's
#                     VFS reads newc directly (it has no gzip), so this one
#                     is the initrd, not BENCH_INITRD
#   BENCH_ACCEL       tcg (default) or kvm
#   BENCH_MEM         guest RAM (default 1G, as boot-linux.sh)
# Optional: LOM_KERNEL (default build/lom.elf of this repo: `make kernel`),
#   LOM_APPEND (extra kernel arguments), BENCH_KVM_CPU (-cpu under kvm).
# Out: a BOOT_T0 line, then the guest's serial console (COM1) on stdout,
# stderr merged; exits when the guest powers off: 0 for a clean power-off
# (reboot(RB_POWER_OFF) -> isa-debug-exit), QEMU's status otherwise.
#
# Same machine as boot-linux.sh: PVH `-kernel` boot, 1 CPU (no -smp there),
# QEMU's default CPU model under TCG (qemu64: boot-linux.sh passes no -cpu),
# -nic none, -no-reboot.  lom makes /dev itself and opens /dev/console (the
# COM1 terminal) as fds 0-2 of init; `init=/init` runs the harness's driver
# as PID 1; `quiet` leaves only warnings and errors on the console, as
# Linux's `quiet`; tty.opost=0 sends "\n" without "\r"; panic=-1 powers
# off at once after a kernel panic (QEMU status 5) instead of waiting for
# run.sh's timeout.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
kernel=${LOM_KERNEL:-$here/build/lom.elf}
[ -r "$kernel" ] || { echo "bench-boot.sh: no kernel at $kernel: run 'make kernel' (or set LOM_KERNEL)" >&2; exit 1; }
[ -r "${BENCH_INITRD_RAW:-}" ] || { echo "bench-boot.sh: BENCH_INITRD_RAW is not set or not readable (run me through run.sh)" >&2; exit 1; }

case ${BENCH_ACCEL:-tcg} in
tcg) cpu=qemu64 ;;                                    # what boot-linux.sh gets
kvm) cpu=${BENCH_KVM_CPU:-host,-arch-capabilities} ;; # see tools/qemu.sh
*) echo "bench-boot.sh: BENCH_ACCEL must be kvm or tcg" >&2; exit 2 ;;
esac

# which binaries ran (tools/bench-guest.sh checks lom and Linux ran the same)
[ -d "${BENCH_ROOTFS:-}" ] && echo "HOST bench_binaries_sha256=$(cd "$BENCH_ROOTFS" &&
	find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
echo BOOT_T0 # nothing to prepare: boot time is measured from here
status=0
ACCEL=${BENCH_ACCEL:-tcg} CPU=$cpu MEM=${BENCH_MEM:-1G} SMP=1 GUI=0 SERIAL=stdio \
	"$here/tools/qemu.sh" --kernel "$kernel" \
	--append "console=ttyS0 quiet tty.opost=0 panic=-1 init=/init ${LOM_APPEND:-}" \
	--initrd "$BENCH_INITRD_RAW" </dev/null 2>&1 || status=$?
# isa-debug-exit: QEMU exits with (code << 1) | 1; lom's power-off writes 0
case $status in
0 | 1) exit 0 ;; # 0: powered off through ACPI instead
5) echo "bench-boot.sh: lom panicked (QEMU status 5)" >&2; exit 5 ;;
*) echo "bench-boot.sh: QEMU exited with status $status" >&2; exit "$status" ;;
esac
