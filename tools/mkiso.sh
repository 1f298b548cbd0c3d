#!/bin/sh
# tools/mkiso.sh ELF OUT.iso [CMDLINE [INITRD]] - make a bootable GRUB (BIOS) ISO.
#
# The ISO holds /boot/lom.elf (and /boot/initrd.cpio, loaded as a
# multiboot2 module) and a grub.cfg that boots it at once with
# `multiboot2 /boot/lom.elf CMDLINE`.  GRUB's own output stays on the VGA
# screen, so the serial console carries only what lom prints.
set -eu
elf=$1 out=$2 cmdline=${3:-} initrd=${4:-}
# kvm-pvm cannot execute stac/clac: see tools/qemu.sh
if [ "${ACCEL:-tcg}" = kvm ] && [ -d /sys/module/kvm_pvm ]; then
	cmdline="$cmdline nosmap"
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/lom-iso.XXXXXX")
log=$dir.log # outside the tree that becomes the ISO
trap 'rm -rf "$dir" "$log"' EXIT

mkdir -p "$dir/boot/grub"
cp "$elf" "$dir/boot/lom.elf"
module=
if [ -n "$initrd" ]; then
	cp "$initrd" "$dir/boot/initrd.cpio"
	module="module2 /boot/initrd.cpio initrd"
fi
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "lom" {
	multiboot2 /boot/lom.elf $cmdline
	$module
	boot
}
CFG

moddir=
for d in /usr/lib/grub/i386-pc /usr/share/grub/i386-pc; do
	[ -f "$d/moddep.lst" ] && moddir=$d && break
done
if [ -z "$moddir" ]; then
	echo "mkiso: GRUB's i386-pc modules are missing (install grub-pc-bin); the ISO would not boot" >&2
	exit 1
fi
if ! grub-mkrescue -d "$moddir" -o "$out.tmp" "$dir" >"$log" 2>&1; then
	cat "$log" >&2
	echo "mkiso: grub-mkrescue failed (are xorriso and mtools installed?)" >&2
	exit 1
fi
mv "$out.tmp" "$out"
