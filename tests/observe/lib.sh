# tests/observe/lib.sh - what the observe suites share (sourced).
#
#   ok COND_STATUS NAME [DETAIL]   one TAP line from the status of the
#                                  command before it: `check "name"`
#   lom CMDLINE                    run a shell command line in lom
#                                  (tools/lom-exec -c), stdout to stdout
#   plan                           print the plan at the end
#
# Suites call `check NAME [DETAIL]` right after a test command: it turns
# that command's status into "ok N - NAME" or "not ok N - NAME # DETAIL".
# NAME and DETAIL must not contain $(...): a command substitution in the
# arguments would replace the status being checked.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"
BUILD=${BUILD:-$top/build}
OUT=${OUT:-$BUILD/test/observe}
TIMEOUT=${TIMEOUT:-60}
SMP=${SMP:-2}
mkdir -p "$OUT"
tap_n=0
tap_failed=0

check() { # check NAME [DETAIL] - after a command: its status as a TAP line
	local status=$?
	tap_n=$((tap_n + 1))
	if [ "$status" = 0 ]; then
		echo "ok $tap_n - $1"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $1${2:+ # $2}"
	fi
}

# lom [--add /D=F]... -c 'CMD' | PROG ARGS: run in lom, -smp $SMP
lom() {
	SMP=$SMP LOM_EXEC_TIMEOUT=$((TIMEOUT * 4)) BUILD=$BUILD "$top/tools/lom-exec" "$@"
}

plan() {
	echo "1..$tap_n"
	[ "$tap_failed" = 0 ]
}
