#!/bin/sh
# tools/bench-boot-linux.sh - the linux-guest harness's own boot-linux.sh
# (Debian's Linux 6.1 in QEMU), after one line naming the benchmark binaries
# by hash, as tools/bench-boot.sh does for lom: tools/bench-guest.sh
# checks that both kernels ran the very same static binaries.
# Env: BENCH_LINUX_GUEST (the harness directory), and boot-linux.sh's own.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
guest=${BENCH_LINUX_GUEST:-$here/../shared/bench/linux-guest}
[ -d "${BENCH_ROOTFS:-}" ] && echo "HOST bench_binaries_sha256=$(cd "$BENCH_ROOTFS" &&
	find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
exec "$guest/boot-linux.sh"
