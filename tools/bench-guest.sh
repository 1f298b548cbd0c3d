#!/bin/sh
# tools/bench-guest.sh - the lom-vs-Linux half of `make bench`: the shared
# linux-guest harness (../shared/bench/linux-guest) runs its static musl
# microbenchmarks on lom (tools/bench-boot.sh) and on Debian's Linux 6.1
# (its boot-linux.sh, through tools/bench-boot-linux.sh) in the same QEMU,
# then tools/bench-table.sh prints BENCH lines and the lom/Linux table.
#
# Rounds alternate lom and Linux (lom, Linux, lom, Linux, ...) so that a
# change in the host's load hits both; each round is one `run.sh -n 1`
# per kernel, and the figures are medians over the rounds.
#
# Env (the Makefile's bench target sets them):
#   BENCH_LINUX_GUEST  the harness (default ../shared/bench/linux-guest
#                      next to this repo)
#   BENCH_RUNS         rounds (default 1)
#   BENCH_GUEST_ACCEL  tcg (default) or kvm
#   BENCH_GUEST_MEM    guest RAM for both kernels (default 1G)
#   BENCH_TIMEOUT      seconds per boot (default 900)
#   BENCH_LIST         run.sh -b list (default: all of the harness's programs)
#   BUILD              lom's build dir (default build): the kernel is
#                      $BUILD/lom.elf, logs and tables go to $BUILD/bench-guest
#   LINUX_KERNEL       a vmlinuz; default: the harness's cache, fetched with
#                      its fetch-linux-kernel.sh when missing
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$here/$BUILD ;; esac
guest=${BENCH_LINUX_GUEST:-../shared/bench/linux-guest}
runs=${BENCH_RUNS:-1}
accel=${BENCH_GUEST_ACCEL:-tcg}
timeout=${BENCH_TIMEOUT:-900}
out=$BUILD/bench-guest

die() { echo "bench-guest: $*" >&2; exit 1; }

[ -x "$guest/run.sh" ] && [ -x "$guest/summarize.sh" ] ||
	die "no linux-guest benchmark harness at '$guest' (expected ../shared/bench/linux-guest next to the repo; set BENCH_LINUX_GUEST=DIR)"
guest=$(cd "$guest" && pwd)
export BENCH_LINUX_GUEST="$guest"
export LOM_KERNEL="$BUILD/lom.elf"
[ -r "$LOM_KERNEL" ] || die "$LOM_KERNEL is missing: run 'make kernel'"
case $runs in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number, not '$runs'" ;; esac

# The harness builds its programs with musl-gcc and packs them with cpio;
# tools/deps.sh (run by make) covers musl-gcc and QEMU, not cpio.
need=
for c in cpio:cpio gzip:gzip musl-gcc:musl-tools cc:gcc qemu-system-x86_64:qemu-system-x86; do
	command -v "${c%%:*}" >/dev/null 2>&1 || need="$need ${c#*:}"
done
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench-guest: installing$need" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >&2 ||
			{ apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >&2; } ||
			die "could not install$need"
	else
		die "missing host tools:$need (sudo apt-get install$need)"
	fi
fi

# Debian's Linux 6.1 kernel: fetched once into the harness's cache.
if [ -n "${LINUX_KERNEL:-}" ]; then
	[ -r "$LINUX_KERNEL" ] || die "LINUX_KERNEL=$LINUX_KERNEL is not readable"
	linux_version=$LINUX_KERNEL
else
	cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bench-anchors-linux-guest}
	if [ ! -r "$cache/vmlinuz" ]; then
		echo "bench-guest: fetching Debian's Linux 6.1 kernel into $cache (once)" >&2
		if ! "$guest/fetch-linux-kernel.sh" >&2; then
			# apt's package lists may be missing or stale
			{ [ "$(id -u)" = 0 ] && apt-get update -q >&2 && "$guest/fetch-linux-kernel.sh" >&2; } ||
				die "could not fetch the Linux kernel (run $guest/fetch-linux-kernel.sh, or set LINUX_KERNEL=vmlinuz)"
		fi
	fi
	[ -r "$cache/vmlinuz" ] || die "no $cache/vmlinuz after fetching"
	linux_version=$(cut -d' ' -f2 "$cache/vmlinuz.version" 2>/dev/null || echo '6.1, version unknown')
	echo "bench-guest: Linux kernel $cache/vmlinuz ($linux_version)" >&2
fi

rm -rf "$out"
mkdir -p "$out"
export BENCH_MEM="${BENCH_GUEST_MEM:-1G}"
start=$(date +%s)
r=1
while [ "$r" -le "$runs" ]; do
	for k in lom linux; do
		boot=$here/tools/bench-boot.sh
		[ $k = linux ] && boot=$here/tools/bench-boot-linux.sh
		echo "bench-guest: round $r/$runs: $k ($accel, $BENCH_MEM)" >&2
		# run.sh's own table goes to a file: the combined one is printed below
		"$guest/run.sh" -a "$accel" -n 1 -t "$timeout" ${BENCH_LIST:+-b "$BENCH_LIST"} \
			-o "$out" -l "$k-r$r" "$boot" > "$out/run.sh-$k-r$r.txt" ||
			die "run.sh failed for $k (see above and $out)"
	done
	r=$((r + 1))
done

# medians over the rounds, per kernel; the console of every boot that did
# not finish (a crash, a hang, a missing syscall) is shown
for k in lom linux; do
	"$guest/summarize.sh" "$k" 0 "$out/$k"-r*-run1.log > "$out/$k.tsv" 2> "$out/$k.problems"
	if [ -s "$out/$k.problems" ]; then
		echo "bench-guest: problems in the $k runs:" >&2
		sed 's/^/  /' "$out/$k.problems" >&2
		for log in "$out/$k"-r*-run1.log; do
			grep -q INIT_DONE "$log" && continue
			echo "--- last lines of $log (host ms, console line):" >&2
			tail -n 40 "$log" | sed 's/^/  /' >&2
		done
	fi
done

sums=$(cat "$out"/*-r*-run1.log | sed -n 's/.*HOST bench_binaries_sha256=\([0-9a-f]*\).*/\1/p' | sort -u)
case $(printf '%s\n' "$sums" | grep -c .) in
1) echo "# same static binaries on both kernels (sha256 of /init + /bench/*: $sums...)" ;;
*) echo "bench-guest: WARNING: the binaries differ between runs: $sums" >&2 ;;
esac
echo "# lom vs Linux ($linux_version), QEMU $accel, 1 CPU, $BENCH_MEM, $runs round(s), medians; host load $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/tools/bench-table.sh" "$out/lom.tsv" "$out/linux.tsv" | tee "$out/table.txt"
"$here/tools/bench-table.sh" --markdown "$out/lom.tsv" "$out/linux.tsv" > "$out/table.md"
echo "# $(($(date +%s) - start)) s; logs, lom.tsv, linux.tsv, table.md in $out"
