#!/usr/bin/env bash
# tools/soak.sh - `make soak`: boot lom once and keep it busy for a long
# time with user/soak.c (fork/exec/exit, mmap/munmap/mprotect storms, brk
# churn, malloc workloads and syzlite on every CPU, in rounds, a leak check
# after each), then say whether the kernel survived.
#
#   tools/soak.sh [--minutes N] [--round SECONDS] [--seed S]
#
# -smp $SMP (default 2), MEM (default 256M), BUILD as for make.  The
# serial log (kernel messages, soak's and syzlite's reports) goes to
# $BUILD/soak.log.  Prints soak's rounds and its totals line (system
# calls, page faults, processes, OOM kills, leaks), then
# "soak: panics=P leaks=L hangs=H errors=E" (hangs: batch children that
# SIGKILL could not end, and lom itself stopping short of the totals
# without a panic).  Exit status 0 only when all four are 0 and lom
# finished in time.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$here/build}
case "$BUILD" in /*) ;; *) BUILD=$here/$BUILD ;; esac
export SMP=${SMP:-2}

minutes=10 round=60 seed=1
while [ $# -gt 0 ]; do
	case "$1" in
		--minutes) minutes=$2; shift 2 ;;
		--round) round=$2; shift 2 ;;
		--seed) seed=$2; shift 2 ;;
		-h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "soak: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
case "$minutes$round$seed" in *[!0-9]*|'') echo "soak: --minutes, --round and --seed take numbers" >&2; exit 2 ;; esac
for f in "$BUILD/user/bin/soak" "$BUILD/user/bin/syzlite" "$BUILD/lom.elf"; do
	[ -f "$f" ] || { echo "soak: $f is missing (make kernel user)" >&2; exit 2; }
done

seconds=$((minutes * 60))
log=$BUILD/soak.log
out=$BUILD/soak.out
echo "soak: $minutes minute(s) on lom, -smp $SMP, rounds of $round s (log: $log)"
start=$(date +%s)
# stdout (soak's lines) shown as they come and kept; a round may overrun by
# its workers' last calls and the leak check's wait: room for that
LOM_EXEC_TIMEOUT=$((seconds + seconds / 2 + 300)) BUILD=$BUILD "$here/tools/lom-exec" \
	-c "/bin/soak -t $seconds -r $round -s $seed" </dev/null 2>"$log" | tee "$out"
code=${PIPESTATUS[0]}
echo "soak: $(($(date +%s) - start)) s of wall-clock time, lom exit status $code"

panics=$(grep -acE 'Kernel panic|Oops|BUG[: ]|assertion failed|WARNING|general protection fault|double fault|UBSAN' "$log")
hangs=$(grep -ac 'syzlite: HANG' "$log")
leaks=$(sed -n 's/^soak: totals: .* leaks=\([0-9]*\) .*/\1/p' "$out")
errors=$(sed -n 's/^soak: totals: .* errors=\([0-9]*\)$/\1/p' "$out")
if [ -z "$leaks" ] || [ -z "$errors" ]; then
	# no totals: lom panicked or stopped making progress until the timeout
	# (to see where, run it again under QEMU's gdb stub and read the CPUs'
	# backtraces: that is how the pipe use-after-free was found)
	echo "soak: lom did not finish the soak (a panic, a hang or a timeout); the end of the log:"
	tail -n 40 "$log" | sed 's/^/  | /'
	leaks=${leaks:-?} errors=${errors:-?}
	[ "$panics" = 0 ] && hangs=$((hangs + 1))
fi
if [ "$panics" != 0 ]; then
	grep -aE -A20 'Kernel panic|Oops|BUG[: ]|assertion failed|WARNING|general protection fault|double fault|UBSAN' "$log" |
		head -60 | sed 's/^/  | /'
fi
[ "$hangs" != 0 ] && grep -a -A12 'syzlite: HANG' "$log" | head -40 | sed 's/^/  | /'
echo "soak: panics=$panics leaks=$leaks hangs=$hangs errors=$errors"
[ "$panics" = 0 ] && [ "$leaks" = 0 ] && [ "$hangs" = 0 ] && [ "$errors" = 0 ] && [ "$code" = 0 ]
