#!/bin/sh
# tests/user/run-linux.sh - build the user-space syscall tests and run them
# on this Linux host, the reference lom is compared with.
#
#   tests/user/run-linux.sh [-k] [-o OUTDIR] [TEST...]
#
# Builds with `make user-tests` (or, if the top Makefile does not include
# tests/user/tests.mk yet, through a tiny wrapper makefile), copies the
# files of USER_TEST_FILES into a temporary ROOT laid out like lom's
# initrd (ROOT/tests/bin, ROOT/tests/badelf, ROOT/tests/data), then runs
# every TAP program except t_badelf (its errnos are lom's) as
# `ROOT/tests/bin/NAME ROOT`, stdin from /dev/null.  Prints one line per
# program; with -o, keeps each program's stdout as OUTDIR/NAME.out (what
# lom's output must equal byte for byte).  -k keeps ROOT.  Exit status 0
# only if every program passed.
set -u

cd "$(dirname "$0")/../.." || exit 1

keep=0
outdir=
while getopts ko: opt; do
	case $opt in
	k) keep=1 ;;
	o) outdir=$OPTARG ;;
	*) echo "usage: $0 [-k] [-o OUTDIR] [TEST...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

BUILD=${BUILD:-build}
export BUILD

# ---- build ----
if grep -q 'tests/user/tests.mk' Makefile 2>/dev/null; then
	make() { command make --no-print-directory BUILD="$BUILD" "$@"; }
else
	wrapper=$(mktemp)
	cat > "$wrapper" <<'EOF'
BUILD ?= build
Q := @
quiet = @printf '  %-6s %s\n'
HOST_CC ?= cc
$(BUILD)/.gitignore:
	@mkdir -p $(BUILD)
	@echo '*' > $@
include tests/user/tests.mk
EOF
	make() { command make --no-print-directory -f "$wrapper" BUILD="$BUILD" "$@"; }
fi
make user-tests || { echo "run-linux: build failed" >&2; exit 1; }
specs=$(make -s user-tests-files) || exit 1
tests=$(make -s user-tests-list) || exit 1
[ -n "${wrapper:-}" ] && rm -f "$wrapper"
[ $# -gt 0 ] && tests=$*

# ---- ROOT: lom's initrd layout under a temporary directory ----
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/lom-user-tests.XXXXXX") || exit 1
ROOT=$(cd "$ROOT" && pwd -P)
[ $keep = 1 ] || trap 'rm -rf "$ROOT"' EXIT
for spec in $specs; do
	dest=${spec%%=*}
	src=${spec#*=}
	mkdir -p "$ROOT$(dirname "$dest")"
	cp "$src" "$ROOT$dest" || exit 1
	chmod "$(stat -c %a "$src")" "$ROOT$dest"
done
[ -n "$outdir" ] && mkdir -p "$outdir"

# ---- run ----
pass=0
fail=0
for t in $tests; do
	[ "$t" = t_badelf ] && [ $# -eq 0 ] && continue
	out=$(mktemp)
	timeout 300 "$ROOT/tests/bin/$t" "$ROOT" > "$out" 2>/dev/null < /dev/null
	rc=$?
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out" | head -n 1)
	oks=$(grep -c '^ok ' "$out")
	if [ $rc = 0 ] && [ "$oks" = "${plan:-x}" ]; then
		printf 'PASS %-10s %s/%s\n' "$t" "$oks" "$plan"
		pass=$((pass + 1))
	else
		printf 'FAIL %-10s %s/%s (exit %s)\n' "$t" "$oks" "${plan:-?}" "$rc"
		grep -E '^(not ok|# )' "$out" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
	[ -n "$outdir" ] && cp "$out" "$outdir/$t.out"
	rm -f "$out"
done
[ $keep = 1 ] && echo "ROOT kept: $ROOT"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
