#!/usr/bin/env bash
# tests/observe/perf.sh - perf stat (user/perf.c): its counts of a program
# whose page faults are known (tests/observe/fault_pages.c), in lom and on
# Linux, its layout next to Linux's perf, and that lom's rusage fault
# counts agree with the page-fault trace.
. "$(dirname "$0")/lib.sh"

FP=$OUT/fault_pages-perf
PERF=$BUILD/user/bin/perf
N=500
SLACK=3 # faults the run may add or save besides the N pages (perf's own child before exec)

tools/lom-cc -O2 -Wall -Wextra -Werror -o "$FP" tests/observe/fault_pages.c >"$OUT/perf-build.log" 2>&1
check "fault_pages builds with lom's libc"

run() { # run NAME 'CMDLINE': in lom; stdout+stderr of the line in $OUT/perf-NAME.out
	lom --add /bin/fault_pages="$FP" -c "$2" >"$OUT/perf-$1.out" 2>"$OUT/perf-$1.err"
}

# count FILE EVENT [NTH]: the NTH (default 1) count of EVENT printed in FILE, commas removed
count() {
	sed -n "s/^ *\([0-9][0-9,.]*\) \{1,\}\(msec \)\{0,1\} *$2 .*/\1/p" "$1" | sed -n "${3:-1}p" | tr -d ,
}

# near A B WANT: |(B - A) - WANT| <= SLACK
near() {
	[ -n "$1" ] && [ -n "$2" ] && local d=$(($2 - $1 - $3)) && [ "${d#-}" -le $SLACK ]
}

"$PERF" stat --help >"$OUT/perf-help.out" 2>&1
[ $? = 0 ] && grep -q '^usage: perf stat' "$OUT/perf-help.out" && grep -q 'minor-faults' "$OUT/perf-help.out"
check "perf stat --help"

# ---- in lom: N pages more, N faults more ----
EV=page-faults,minor-faults,major-faults
run lom "perf stat -e $EV fault_pages none 2>&1; perf stat -e $EV fault_pages write $N 2>&1; perf stat -e $EV fault_pages write 1500 2>&1"
f0=$(count "$OUT/perf-lom.out" page-faults 1)
f1=$(count "$OUT/perf-lom.out" page-faults 2)
near "$f0" "$f1" $N
check "lom: page-faults of a program writing $N pages = its baseline + $N (+-$SLACK)" "baseline $f0, with $N pages $f1"
[ "$(count "$OUT/perf-lom.out" minor-faults 2)" = "$f1" ] && [ "$(count "$OUT/perf-lom.out" major-faults 2)" = 0 ]
check "lom: page-faults = minor-faults + major-faults (no I/O: all minor)"
grep -q "^ Performance counter stats for 'fault_pages write $N':\$" "$OUT/perf-lom.out" &&
	grep -q '^ \{7\}[0-9]\.[0-9]\{9\} seconds time elapsed$' "$OUT/perf-lom.out" &&
	grep -q '^ \{7\}[0-9]\.[0-9]\{9\} seconds user$' "$OUT/perf-lom.out" &&
	grep -q '^ \{7\}[0-9]\.[0-9]\{9\} seconds sys$' "$OUT/perf-lom.out" &&
	grep -q '^ \{15\}[0-9]\{3\}      page-faults  \{20,\}$' "$OUT/perf-lom.out"
check "lom: perf's layout (header, right-aligned counts, elapsed/user/sys lines)"
grep -q '^ \{12\}1,5[0-9][0-9]      page-faults ' "$OUT/perf-lom.out"
check "lom: counts with thousands separators" "$(grep page-faults "$OUT/perf-lom.out" | tail -n 1)"

run default "perf stat fault_pages write 10 2>&1; perf stat -r 3 -e page-faults fault_pages write 10 2>&1"
grep -q '^ *[0-9][0-9,]*\.[0-9][0-9] msec task-clock  *#  *[0-9]*\.[0-9]\{3\} CPUs utilized  *$' "$OUT/perf-default.out" &&
	[ "$(sed -n '1,/seconds time elapsed/p' "$OUT/perf-default.out" |
		grep -o -e ' task-clock ' -e ' context-switches ' -e ' page-faults ' | tr -d '\n')" = \
		" task-clock  context-switches  page-faults " ]
check "default events: task-clock (msec, CPUs utilized), context-switches, page-faults"
grep -q "^ Performance counter stats for 'fault_pages write 10' (3 runs):\$" "$OUT/perf-default.out" &&
	grep -q '^ *[0-9]\.[0-9]* +- [0-9]\.[0-9]* seconds time elapsed' "$OUT/perf-default.out"
check "-r 3: three runs, means and +- noise"

# ---- the kernel's rusage counts agree with the fault trace ----
run rusage "trace-faults perf stat -e minor-faults,major-faults fault_pages write 100 2>&1"
pid=$(sed -n 's/^fault_pages: mode=write pid=\([0-9]*\) .*/\1/p' "$OUT/perf-rusage.out")
traced=$(grep -c -- "-$pid  *\[.*page_fault_user: .*outcome=\(new-page\|zero-page\|cow-copy\|cow-reuse\|stack-growth\|thp\|shmem\|spurious\)" \
	"$OUT/perf-rusage.out")
minflt=$(count "$OUT/perf-rusage.out" minor-faults)
[ -n "$pid" ] && [ "$minflt" = "$traced" ] && [ "$traced" -ge 100 ]
check "lom: rusage's minor faults (task->min_flt) = the faults the tracepoint saw served" "ru_minflt $minflt, traced $traced"

# ---- errors and exit status ----
run errors "perf stat -e bogus true; echo rc=\$?; perf stat nonexistent; echo rc=\$?; perf stat false 2>/dev/null; echo rc=\$?;
perf stat -e page-faults fault_pages null; echo rc=\$?"
grep -q "event syntax error: 'bogus'" "$OUT/perf-errors.err" && grep -q '^rc=129$' "$OUT/perf-errors.out"
check "an unknown event: perf's syntax error, exit 129"
grep -q '^Workload failed: No such file or directory$' "$OUT/perf-errors.err" && grep -q '^rc=255$' "$OUT/perf-errors.out"
check "a missing command: Workload failed, exit 255"
[ "$(grep '^rc=' "$OUT/perf-errors.out" | sed -n '3,4p' | tr '\n' ' ')" = "rc=1 rc=139 " ] &&
	grep -q '^fault_pages: Segmentation fault$' "$OUT/perf-errors.err"
check "perf stat exits as the command did (1; 128+SIGSEGV, named)" "$(grep '^rc=' "$OUT/perf-errors.out" | tr '\n' ' ')"

# ---- on Linux: the same program, the same difference; and Linux's own perf ----
for pages in 0 $N; do
	mode=write
	[ $pages = 0 ] && mode=none
	"$PERF" stat -e $EV "$FP" $mode $pages >"$OUT/perf-linux-$pages.out" 2>&1
done
l0=$(count "$OUT/perf-linux-0.out" page-faults)
l1=$(count "$OUT/perf-linux-$N.out" page-faults)
near "$l0" "$l1" $N
check "Linux: our perf's page-faults of $N pages = baseline + $N (+-$SLACK)" "baseline $l0, with $N pages $l1"

if command -v perf >/dev/null && perf stat -e page-faults true >/dev/null 2>&1; then
	perf stat -e $EV "$FP" write $N >"$OUT/perf-real.out" 2>&1
	r1=$(count "$OUT/perf-real.out" page-faults)
	d=$((${l1:-0} - ${r1:-0}))
	[ -n "$r1" ] && [ "${d#-}" -le 10 ]
	check "Linux: our perf and Linux's perf count the same faults (within 10: ours includes the child before exec)" \
		"ours $l1, perf $r1"
	# the layout, digits aside (Linux's perf prints no separators in the C locale)
	norm() { sed 's/[0-9][0-9,.]*/N/g; s/ [KMG]\/sec/ \/sec/; s/  */ /g; s/ $//' "$1" | grep -v '^fault_pages:'; }
	LC_ALL=C perf stat -e page-faults,minor-faults,task-clock "$FP" write 10 >"$OUT/perf-real-layout.out" 2>&1
	"$PERF" stat -e page-faults,minor-faults,task-clock "$FP" write 10 >"$OUT/perf-ours-layout.out" 2>&1
	diff <(norm "$OUT/perf-real-layout.out") <(norm "$OUT/perf-ours-layout.out") >"$OUT/perf-layout.diff"
	check "Linux: our layout is perf's, line for line (numbers aside)" "$(head -c 300 "$OUT/perf-layout.diff")"
else
	true
	check "Linux: our perf against Linux's # SKIP no usable perf on this machine"
	true
	check "Linux: our layout is perf's # SKIP no usable perf on this machine"
fi

plan
