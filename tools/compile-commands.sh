#!/bin/sh
# tools/compile-commands.sh SRC... - print compile_commands.json for clangd,
# with the kernel flags the Makefile really uses (passed in KCFLAGS and
# KASFLAGS by `make compile_commands.json`).
set -eu
dir=$(pwd)
CC=${CC:-gcc}
BUILD=${BUILD:-build}
json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
echo "["
sep=""
for src in "$@"; do
	case "$src" in
		*.S) flags=$KASFLAGS ;;
		*) flags=$KCFLAGS ;;
	esac
	obj="$BUILD/obj/${src%.*}.o"
	cmd=$(json_escape "$CC $flags -c $src -o $obj")
	printf '%s  { "directory": "%s", "file": "%s", "command": "%s" }' "$sep" "$(json_escape "$dir")" "$src" "$cmd"
	sep=",
"
done
printf '\n]\n'
