#!/usr/bin/env bash
# tools/fuzz-kernel.sh - `make fuzz-kernel`: boot lom and throw random
# system calls at it with syzlite (user/syzlite/), then check that nothing
# leaked.
#
#   tools/fuzz-kernel.sh [--seconds N] [--seed S[,S...]] [--procs J] [--fail P] [-- SYZLITE_ARGS...]
#
# One boot (tools/lom-exec, -smp $SMP, default 2): t_leakcheck runs
# `syzlite -s SEED -t SECONDS -j PROCS -v` (PROCS workers per seed, default
# one per CPU) and compares free memory, slab pages and kernel objects
# before and after.  --fail P: lom's fault injection makes page and slab
# allocations fail with probability P percent during the run (syzlite -F),
# so that the error paths run too.  syzlite's summary goes to stdout; the
# whole serial log (kernel messages, one line per batch started, the logs
# of the batches that died) to $BUILD/fuzz-kernel.log.
#
# Exit status 0 when the kernel stayed alive (no panic, oops, BUG or
# warning on the console), no batch child hung (one that SIGKILL does not
# end), nothing leaked and the run ended in time; else 1, with the batches
# that were running named for `syzlite -s S -r SLOT.BATCH` (the replay).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$here/build}
case "$BUILD" in /*) ;; *) BUILD=$here/$BUILD ;; esac
export SMP=${SMP:-2}

seconds=60 seed=1 procs=$SMP fail=
while [ $# -gt 0 ]; do
	case "$1" in
		--seconds) seconds=$2; shift 2 ;;
		--seed) seed=$2; shift 2 ;;
		--procs) procs=$2; shift 2 ;;
		--fail) fail=$2; shift 2 ;;
		--) shift; break ;;
		-h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "fuzz-kernel: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
case "$seconds$procs" in *[!0-9]*|'') echo "fuzz-kernel: --seconds and --procs take numbers" >&2; exit 2 ;; esac
for f in "$BUILD/user/bin/syzlite" "$BUILD/user/tests/t_leakcheck" "$BUILD/lom.elf"; do
	[ -f "$f" ] || { echo "fuzz-kernel: $f is missing (make kernel user user-tests)" >&2; exit 2; }
done

log=$BUILD/fuzz-kernel.log
out=$BUILD/fuzz-kernel.out
extra=${fail:+-F $fail}
echo "fuzz-kernel: syzlite -s $seed -t $seconds -j $procs $extra on lom, -smp $SMP (log: $log)"
# room for the boot, the last batch's watchdog and the leak check's wait
LOM_EXEC_TIMEOUT=$((seconds * 2 + 120)) BUILD=$BUILD "$here/tools/lom-exec" \
	--add "/tests/bin/t_leakcheck=$BUILD/user/tests/t_leakcheck" \
	-c "/tests/bin/t_leakcheck /bin/syzlite -s $seed -t $seconds -j $procs $extra -v $*" \
	</dev/null >"$out" 2>"$log"
code=$?
grep -v '^syzlite: \(calls\|errors\|time in calls\)' "$out" | sed 's/^/  /'

fail=0
# what lom's console says when the kernel is in trouble (kernel/panic.c, trap.c)
problems=$(grep -aE 'Kernel panic|Oops|BUG[: ]|assertion failed|WARNING|general protection fault|double fault|UBSAN' "$log" | head -20)
if [ -n "$problems" ]; then
	echo "fuzz-kernel: FAIL: the kernel reported trouble:"
	printf '%s\n' "$problems" | sed 's/^/  /'
	fail=1
fi
if grep -aq '^# leak:' "$log" || [ "$code" = 99 ]; then
	echo "fuzz-kernel: FAIL: memory leaked:"
	grep -a '^# leak:' "$log" | sed 's/^/  /'
	fail=1
fi
if grep -aq 'syzlite: HANG' "$log"; then
	echo "fuzz-kernel: FAIL: a batch child did not die after SIGKILL:"
	grep -a -A12 'syzlite: HANG' "$log" | sed 's/^/  /'
	fail=1
fi
if [ "$code" = 125 ] || ! grep -q '^syzlite: total calls=' "$out"; then
	echo "fuzz-kernel: FAIL: lom did not finish the run (exit $code: a panic, a hang or a timeout)"
	fail=1
elif [ "$code" != 0 ] && [ "$code" != 99 ]; then
	echo "fuzz-kernel: FAIL: syzlite exited with status $code"
	fail=1
fi
if [ "$fail" = 1 ]; then
	# the batches that were running last: one of them did it
	echo "fuzz-kernel: the last batches started (replay one with: tools/lom-exec -c '/bin/syzlite -s S -r SLOT.BATCH'):"
	grep -aE '^syzlite: seed [0-9]+ slot [0-9]+ batch [0-9]+$' "$log" | tail -n $((procs * 3)) | sed 's/^/  /'
	tail -n 30 "$log" | sed 's/^/  | /'
	exit 1
fi
echo "fuzz-kernel: PASS: kernel alive, no hang, nothing leaked ($(sed -n 's/^syzlite: total //p' "$out"))"
