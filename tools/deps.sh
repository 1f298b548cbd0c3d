#!/usr/bin/env bash
# tools/deps.sh - check (and, when we may, install) the host tools lom needs.
#
# Called by `make run`, `make test`, `make bench`, `make debug` and .ci/run
# before anything boots.  Each tool is checked for working, not only for
# being on PATH: grub-mkrescue without grub-pc-bin writes an ISO that does
# not boot, so we look for its i386-pc module directory too.
#
# When something is missing and we are root (or have passwordless sudo) we
# install the Debian packages ourselves with apt-get; otherwise we print the
# exact command and fail.
#
# Usage: tools/deps.sh [build|run|test|bench]   (default: run)
#   build  compiler and binutils only (the user programs use lom's own libc)
#   run    + qemu, grub-mkrescue (with i386-pc modules), xorriso, mtools
#   test   + clang, lld and libFuzzer (the suite also builds with clang and
#          fuzzes), musl-gcc (musl binaries must run on lom), strace
#   bench  run + musl-gcc, mimalloc and jemalloc (the allocator table)
set -u

what=${1:-run}
missing=()

need_cmd() { # need_cmd COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 || missing+=("$2")
}

need_grub_pc_modules() {
	local d
	for d in /usr/lib/grub/i386-pc /usr/share/grub/i386-pc; do
		[ -f "$d/moddep.lst" ] && return 0
	done
	missing+=(grub-pc-bin)
}

need_lib() { # need_lib FILE PACKAGE: a library the compiler finds
	[ -e "$(${CC_CMD:-gcc} -print-file-name="$1" 2>/dev/null)" ] || missing+=("$2")
}

# clang's libFuzzer runtime is a package of its own (libclang-rt-N-dev)
need_libfuzzer() {
	command -v clang >/dev/null 2>&1 || return 0 # clang itself is missing: reported above
	local dir
	dir=$(mktemp -d)
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' > "$dir/f.c"
	if ! clang -fsanitize=fuzzer "$dir/f.c" -o "$dir/f" >/dev/null 2>&1; then
		local major
		major=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
		missing+=("libclang-rt-${major:-14}-dev")
	fi
	rm -rf "$dir"
}

check() {
	missing=()
	need_cmd make make
	need_cmd "$CC_CMD" "$CC_PKG"
	case "$CC_PKG" in *lld*) need_cmd ld.lld lld ;; esac
	need_cmd ld binutils
	need_cmd nm binutils
	need_cmd objcopy binutils
	if [ "$what" != build ]; then
		need_cmd qemu-system-x86_64 qemu-system-x86
		need_cmd grub-mkrescue grub-common
		need_grub_pc_modules
		need_cmd xorriso xorriso
		need_cmd mformat mtools
	fi
	if [ "$what" = test ]; then
		# the test suite also builds the kernel with clang + ld.lld
		need_cmd clang clang
		need_cmd ld.lld lld
		need_cmd timeout coreutils
		need_cmd setsid util-linux
		need_libfuzzer
		need_cmd musl-gcc musl-tools
		need_cmd strace strace
	fi
	if [ "$what" = bench ]; then
		need_cmd musl-gcc musl-tools
		need_lib libmimalloc.so libmimalloc-dev
		need_lib libjemalloc.so libjemalloc-dev
	fi
	# de-duplicate
	if [ ${#missing[@]} -gt 0 ]; then
		mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
	fi
}

# The compiler: gcc and clang come from Debian; a cross compiler
# (CROSS=x86_64-elf-) is the user's to build, so only report it.
CC=${CC:-gcc}
case "$CC" in
	gcc | cc | */gcc) CC_CMD=$CC; CC_PKG=gcc ;;
	clang | */clang | clang-*) CC_CMD=$CC; CC_PKG="clang lld" ;;
	*)
		if ! command -v "$CC" >/dev/null 2>&1; then
			echo "lom: compiler '$CC' not found (for CROSS=x86_64-elf-, build a GNU cross toolchain first; see README)" >&2
			exit 1
		fi
		CC_CMD=$CC; CC_PKG=gcc ;;
esac

check
[ ${#missing[@]} -eq 0 ] && exit 0

# shellcheck disable=SC2206
pkgs=(${missing[@]})
cmd="apt-get install -y --no-install-recommends ${pkgs[*]}"
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "lom: missing host tools: ${pkgs[*]}" >&2
	echo "lom: install them with:  sudo apt-get update && sudo $cmd" >&2
	exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "lom: missing host tools: ${pkgs[*]}, and this is not a Debian system (no apt-get)." >&2
	echo "lom: install the equivalents of these Debian packages by hand." >&2
	exit 1
fi

echo "lom: installing missing host tools: ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >&2 || echo "lom: apt-get update failed; trying the install anyway" >&2
if ! $sudo $cmd >&2; then
	echo "lom: '$cmd' failed" >&2
	exit 1
fi

check
if [ ${#missing[@]} -gt 0 ]; then
	echo "lom: still missing after install: ${missing[*]}" >&2
	exit 1
fi
echo "lom: host tools ready" >&2
