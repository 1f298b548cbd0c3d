#!/usr/bin/env bash
# tests/observe/trace.sh - the kernel trace buffer and its page-fault
# tracepoint (/sys/kernel/tracing, kernel/trace.c), and trace-faults.
#
# tests/observe/fault_pages.c makes faults whose number, addresses and
# kind are known; each check runs it in lom with the event on, then reads
# the trace back here and compares event by event: the outcome, the
# address, the pfn inside the pte, where the page came from.
. "$(dirname "$0")/lib.sh"

T=/sys/kernel/tracing
EN=$T/events/exceptions/page_fault_user/enable
FP=$OUT/fault_pages
PAGE=4096

tools/lom-cc -O2 -Wall -Wextra -Werror -o "$FP" tests/observe/fault_pages.c >"$OUT/trace-build.log" 2>&1
check "fault_pages builds with lom's libc"

# run NAME 'CMDLINE': run in lom, stdout+stderr of the commands in $OUT/trace-NAME.out
run() {
	lom --add /bin/fault_pages="$FP" -c "$2" >"$OUT/trace-$1.out" 2>"$OUT/trace-$1.err"
}

# info NAME KEY [MODE]: KEY=value from fault_pages' report line (of MODE, default the first)
info() {
	local line
	if [ -n "${3:-}" ]; then
		line=$(grep "^fault_pages: mode=$3 " "$OUT/trace-$1.out" | head -n 1)
	else
		line=$(grep '^fault_pages: mode=' "$OUT/trace-$1.out" | head -n 1)
	fi
	printf '%s\n' "$line" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"
}

# The contract's event line, each field captured.  events NAME: one line per
# event, "pid cpu address outcome pfn source order alloc_cpu pte" (hex without 0x).
EVENT_RE='^ *\(.*\)-\([0-9][0-9]*\) *\[\([0-9][0-9][0-9]\)\] *[0-9]*\.[0-9]\{6\}: page_fault_user: address=0x\([0-9a-f]*\) ip=0x[0-9a-f]* error_code=0x[0-9a-f]* outcome=\([a-z-]*\) pfn=0x\([0-9a-f]*\) source=\([a-z]*\) order=\([0-9]*\) cpu=\([0-9]*\) pte=0x\([0-9a-f]*\)$'
# sed has \1..\9 only: the pte (group 10) is taken by a second expression
EVENT_PTE='s/.* pte=0x\([0-9a-f]*\)$/\1/p'
events() {
	paste -d ' ' <(sed -n "s/$EVENT_RE/\2 \3 \4 \5 \6 \7 \8 \9/p" "$OUT/trace-$1.out") \
		<(sed -n "/$EVENT_RE/{$EVENT_PTE}" "$OUT/trace-$1.out")
}

# in_range NAME PID BASE PAGES: the events of PID inside [BASE, BASE + PAGES pages), in order
in_range() {
	local pid=$2 base=$(($3)) end=$(($3 + $4 * PAGE))
	events "$1" | while read -r p cpu addr rest; do
		a=$((16#$addr))
		[ "$p" = "$pid" ] && [ "$a" -ge "$base" ] && [ "$a" -lt "$end" ] && echo "$p $cpu $addr $rest"
	done
}

# pte_ok PFN PTE: the entry is present and maps the frame
pte_ok() {
	local pfn=$((16#$1)) pte=$((16#$2))
	[ $((pte & 1)) = 1 ] && [ $(((pte >> 12) & 0xffffffffff)) = "$pfn" ] && [ "$pfn" != 0 ]
}

# expect_seq NAME PID BASE N OUTCOME [SKIP]: events N of PID in the range are
# OUTCOME at BASE, BASE+4096... in this order (after SKIP others in the range);
# prints the pfns
expect_seq() {
	local i=0 skip=${6:-0} want
	while read -r p cpu addr outcome pfn source order acpu pte; do
		if [ "$skip" -gt 0 ]; then
			skip=$((skip - 1))
			continue
		fi
		[ "$i" -ge "$4" ] && break
		want=$(($3 + i * PAGE))
		if [ $((16#$addr)) != "$want" ] || [ "$outcome" != "$5" ] || ! pte_ok "$pfn" "$pte"; then
			echo "event $i: address 0x$addr (want $(printf '0x%x' "$want")) outcome $outcome pfn $pfn pte $pte" >&2
			return 1
		fi
		echo "$pfn"
		i=$((i + 1))
	done < <(in_range "$1" "$2" "$3" "$4")
	[ "$i" = "$4" ] || { echo "only $i $5 events" >&2; return 1; }
}

# ---- the files and their defaults ----
run defaults "cat $T/tracing_on $EN $T/options/event-fork $T/buffer_size_kb; echo pids:; cat $T/set_event_pid; echo end; cat $T/trace"
[ "$(sed -n 1,3p "$OUT/trace-defaults.out" | tr '\n' ' ')" = "1 0 0 " ]
check "tracing_on 1, the event and event-fork 0 at boot"
kb=$(sed -n 4p "$OUT/trace-defaults.out")
[ "$kb" -ge $((16384 * 64 / 1024)) ] 2>/dev/null
check "buffer_size_kb holds 16384 events of 64 bytes" "buffer_size_kb: $kb"
[ "$(sed -n '/^pids:$/,/^end$/p' "$OUT/trace-defaults.out" | wc -l)" = 2 ]
check "set_event_pid empty at boot"
printf '%s\n' '# tracer: nop' '#' '# entries-in-buffer/entries-written: 0/0   #P:2' '#' \
	'#           TASK-PID     CPU#     TIMESTAMP  FUNCTION' '#              | |         |         |         |' \
	>"$OUT/trace-header.want"
sed -n '/^# tracer/,$p' "$OUT/trace-defaults.out" | diff "$OUT/trace-header.want" - >"$OUT/trace-header.diff"
check "trace: ftrace's nop-tracer header, nothing recorded while the event is off" "$(head -c 300 "$OUT/trace-header.diff")"

# ---- N fresh pages written: N new-page events, in order, at each page ----
N=300
run write "echo 1 > $EN; fault_pages write $N; echo 0 > $EN; cat $T/trace"
pid=$(info write pid)
base=$(info write base)
expect_seq write "$pid" "$base" $N new-page >"$OUT/trace-write.pfns"
check "write $N pages: exactly $N new-page events, page-aligned, consecutive, each pte present with its pfn"
[ "$(in_range write "$pid" "$base" $N | wc -l)" = $N ]
check "write $N pages: no other event in the range"
[ "$(sort -u "$OUT/trace-write.pfns" | wc -l)" = $N ]
check "write $N pages: $N different frames"
lines=$(grep -c 'page_fault_user:' "$OUT/trace-write.out")
[ "$(events write | wc -l)" = "$lines" ] && [ "$lines" -gt $N ]
check "every event line has the contract's format" "$lines lines, $(events write | wc -l) well-formed"
grep -q "^# entries-in-buffer/entries-written: $lines/$lines   #P:2\$" "$OUT/trace-write.out"
check "entries-in-buffer/entries-written count the events" "$(grep entries "$OUT/trace-write.out")"
bad=$(in_range write "$pid" "$base" $N | while read -r p cpu addr outcome pfn source order acpu pte; do
	case $source in
	pcp) [ "$order" = 0 ] || echo "pcp order $order" ;;
	buddy) [ "$order" -le 10 ] || echo "buddy order $order" ;;
	*) echo "source $source" ;;
	esac
	[ "$((10#$cpu))" = "$acpu" ] || echo "fault on CPU $cpu, allocator on $acpu"
	[ $(((16#$pte >> 1) & 1)) = 1 ] || echo "pte $pte not writable"
done)
[ -z "$bad" ]
check "new pages come from pcp (order 0) or the buddy (a block order <= 10), on the faulting CPU, writable" "$bad"
in_range write "$pid" "$base" $N | grep -q ' buddy ' && in_range write "$pid" "$base" $N | grep -q ' pcp '
check "$N pages: some from this CPU's list, some (refills) from the buddy"
ts=$(grep 'page_fault_user:' "$OUT/trace-write.out" | sed 's/.*\] *\([0-9.]*\):.*/\1/' | tr -d .)
[ "$(printf '%s\n' "$ts" | sort -n | tr '\n' ' ')" = "$(printf '%s\n' "$ts" | tr '\n' ' ')" ]
check "events oldest first (timestamps never go back)"

# ---- read first: the zero page, then a new page on the write ----
run read "echo 1 > $EN; fault_pages read 16; echo 0 > $EN; cat $T/trace"
pid=$(info read pid)
base=$(info read base)
expect_seq read "$pid" "$base" 16 zero-page >"$OUT/trace-read.zero" &&
	[ "$(sort -u "$OUT/trace-read.zero" | wc -l)" = 1 ] &&
	[ -z "$(in_range read "$pid" "$base" 16 | head -n 16 | grep -v ' zero-page [0-9a-f]* zero 0 ')" ]
check "read 16 pages: 16 zero-page events, source zero, one frame for all"
[ -z "$(in_range read "$pid" "$base" 16 | head -n 16 | while read -r p c a o pfn s ord ac pte; do
	[ $(((16#$pte >> 1) & 1)) = 0 ] || echo writable; done)" ]
check "the zero page is mapped read-only"
expect_seq read "$pid" "$base" 16 new-page 16 >/dev/null
check "then writing them: 16 new-page events at the same addresses"

# ---- fork: the child copies, the parent reuses ----
run fork "echo 1 > $EN; fault_pages fork 8; echo 0 > $EN; cat $T/trace"
pid=$(info fork pid)
child=$(info fork child)
base=$(info fork base)
expect_seq fork "$pid" "$base" 8 new-page >"$OUT/trace-fork.parent"
check "fork: the parent's 8 new pages"
expect_seq fork "$child" "$base" 8 cow-copy >"$OUT/trace-fork.child" &&
	[ -z "$(comm -12 <(sort "$OUT/trace-fork.parent") <(sort "$OUT/trace-fork.child"))" ]
check "fork: the child's writes are cow-copy, into new frames"
expect_seq fork "$pid" "$base" 8 cow-reuse 8 >"$OUT/trace-fork.reuse" &&
	cmp -s "$OUT/trace-fork.parent" "$OUT/trace-fork.reuse" &&
	[ "$(in_range fork "$pid" "$base" 8 | tail -n 8 | grep -c ' cow-reuse [0-9a-f]* none 0 ')" = 8 ]
check "fork: then the parent's writes are cow-reuse of its own frames, no page allocated"
first_reuse=$(grep -n "fault_pages-$pid .* outcome=cow-reuse" "$OUT/trace-fork.out" | grep "address=$base " | cut -d: -f1)
last_copy=$(grep -n "fault_pages-$child .* outcome=cow-copy" "$OUT/trace-fork.out" | tail -n 1 | cut -d: -f1)
[ -n "$first_reuse" ] && [ -n "$last_copy" ] && [ "$first_reuse" -gt "$last_copy" ]
check "fork: the parent's reuses come after the child's copies"

# ---- SIGSEGV, stack growth, a huge page, shared memory ----
run kinds "echo 1 > $EN; fault_pages null; fault_pages stack 200; fault_pages thp; fault_pages shared 4; echo 0 > $EN; cat $T/trace"
pid=$(info kinds pid null)
events kinds | grep -q "^$pid [0-9]* 0 sigsegv 0 none 0 [0-9]* 0\$"
check "a NULL write: outcome sigsegv at address 0, no page, no pte" "$(events kinds | grep "^$pid " | head -n 3)"
grep -q "Segmentation fault" "$OUT/trace-kinds.out" "$OUT/trace-kinds.err"
check "and the process died of SIGSEGV"
pid=$(info kinds pid stack)
events kinds | grep "^$pid " | grep ' stack-growth ' >"$OUT/trace-kinds.stack"
[ -s "$OUT/trace-kinds.stack" ] && ! grep -v ' stack-growth [0-9a-f]* \(pcp\|buddy\) ' "$OUT/trace-kinds.stack"
check "200 pages of stack: stack-growth events, each with a page from pcp or the buddy" "$(wc -l <"$OUT/trace-kinds.stack") events"
pid=$(info kinds pid thp)
base=$(info kinds base thp)
ev=$(in_range kinds "$pid" "$base" 512)
read -r p c a outcome pfn source order acpu pte <<<"$ev"
[ "$(printf '%s\n' "$ev" | wc -l)" = 1 ] && [ "$outcome" = thp ] && [ "$source" = buddy ] && [ "$order" -ge 9 ] &&
	pte_ok "$pfn" "$pte" && [ $((16#$pte & 0x80)) != 0 ] && [ $((16#$pfn & 511)) = 0 ]
check "MADV_HUGEPAGE: one thp event for 2 MiB, from a buddy block of order >= 9, a PS entry, aligned frame" "$ev"
pid=$(info kinds pid shared)
base=$(info kinds base shared)
expect_seq kinds "$pid" "$base" 4 shmem >/dev/null
check "MAP_SHARED: 4 shmem events"

# ---- several CPUs at once ----
run par "echo 1 > $EN; fault_pages par 400; echo 0 > $EN; cat $T/trace"
pid=$(info par pid par)
child=$(info par pid par-child)
base=$(info par base par)
cbase=$(info par base par-child)
expect_seq par "$pid" "$base" 400 new-page >/dev/null && expect_seq par "$child" "$cbase" 400 new-page >/dev/null
check "two processes faulting at once: 400 well-formed new-page events each, none lost or torn" \
	"CPUs: $(events par | cut -d' ' -f2 | sort | uniq -c | tr '\n' ' ')"

# ---- set_event_pid and options/event-fork ----
run pids "echo 1 > $EN; echo sh=\$\$; echo \$\$ > $T/set_event_pid; fault_pages write 4; echo 1 > $T/options/event-fork;
fault_pages write 5; echo 0 > $EN; echo 0 > $T/options/event-fork; echo listed:; cat $T/set_event_pid; echo end; cat $T/trace"
sh=$(sed -n 's/^sh=//p' "$OUT/trace-pids.out")
p1=$(info pids pid)
p2=$(grep '^fault_pages: mode=write ' "$OUT/trace-pids.out" | sed -n '2s/.* pid=\([0-9]*\).*/\1/p')
[ -n "$sh" ] && [ -n "$p1" ] && [ -n "$p2" ] && [ -z "$(events pids | cut -d' ' -f1 | sort -u | grep -vx -e "$sh" -e "$p2")" ] &&
	[ "$(events pids | grep -c "^$sh ")" -gt 0 ]
check "set_event_pid: only the listed pid (the shell), not its child while event-fork is 0" \
	"pids seen: $(events pids | cut -d' ' -f1 | sort -u | tr '\n' ' ')sh=$sh children $p1 $p2"
[ "$(events pids | grep "^$p2 " | grep -c ' new-page ')" -ge 5 ]
check "options/event-fork 1: the next child is traced"
[ "$(sed -n '/^listed:$/,/^end$/p' "$OUT/trace-pids.out" | sed '1d;$d' | tr '\n' ' ')" = "$sh $p2 " ]
check "event-fork added the child to set_event_pid" "$(sed -n '/^listed:$/,/^end$/p' "$OUT/trace-pids.out" | tr '\n' ' ')"

run pidfile "echo '3 5  7' > $T/set_event_pid; cat $T/set_event_pid; echo ==; echo 12 > $T/set_event_pid; echo abc > $T/set_event_pid;
echo rc=\$?; cat $T/set_event_pid; echo ==; echo ' ' > $T/set_event_pid; cat $T/set_event_pid; echo end"
printf '%s\n' 3 5 7 == rc=1 12 == end | diff - <(grep -v '^sh:\|echo:' "$OUT/trace-pidfile.out") >"$OUT/trace-pidfile.diff"
check "set_event_pid: one pid per line, a write replaces, garbage is refused, a blank write empties" \
	"$(tr '\n' ' ' <"$OUT/trace-pidfile.diff")"

# more children than set_event_pid holds (64): those that exited make room
many="echo 1 > $EN; echo \$\$ > $T/set_event_pid; echo 1 > $T/options/event-fork;"
for i in $(seq 70); do many="$many true;"; done
run many "$many fault_pages write 2; echo 0 > $EN; echo 0 > $T/options/event-fork; echo ' ' > $T/set_event_pid; cat $T/trace"
pid=$(info many pid)
base=$(info many base)
expect_seq many "$pid" "$base" 2 new-page >/dev/null && ! grep -q 'set_event_pid is full' "$OUT/trace-many.err"
check "event-fork: after 70 children come and gone, the 71st is still traced"

# ---- clearing, tracing_on, disabling ----
run onoff "echo 1 > $EN; fault_pages write 3; echo > $T/trace; fault_pages write 2; echo 0 > $T/tracing_on;
fault_pages write 6; echo 1 > $T/tracing_on; echo 0 > $EN; fault_pages write 7; cat $T/trace"
mapfile -t ps < <(grep '^fault_pages: mode=write ' "$OUT/trace-onoff.out" | sed 's/.* pid=\([0-9]*\).*/\1/')
count_pid() { events onoff | grep -c "^$1 "; }
[ "${#ps[@]}" = 4 ] && [ "$(count_pid "${ps[0]}")" = 0 ] && [ "$(count_pid "${ps[1]}")" -ge 2 ]
check "echo > trace clears what was recorded before" "pids ${ps[*]}: $(count_pid "${ps[0]}") $(count_pid "${ps[1]}")"
[ "$(count_pid "${ps[2]}")" = 0 ]
check "tracing_on 0: nothing recorded"
[ "$(count_pid "${ps[3]}")" = 0 ]
check "event disabled: nothing recorded"
n=$(grep -c 'page_fault_user:' "$OUT/trace-onoff.out")
grep -q "entries-written: $n/$n " "$OUT/trace-onoff.out"
check "after a clear, entries-written counts from the clear"

# ---- a full buffer: the oldest are overwritten and counted ----
run full "echo 1 > $EN; fault_pages write 17000 >/dev/null; echo 0 > $EN; head -n 3 $T/trace; cat $T/trace | wc -l"
read -r in written < <(sed -n 's/^# entries-in-buffer\/entries-written: \([0-9]*\)\/\([0-9]*\) .*/\1 \2/p' "$OUT/trace-full.out")
lines=$(tail -n 1 "$OUT/trace-full.out" | tr -d ' ')
[ "${in:-0}" -ge 16384 ] && [ "${written:-0}" -gt "$in" ] && [ "$lines" = $((in + 6)) ]
check "17000 faults: the ring keeps >= 16384, counts those overwritten, trace shows all it keeps" \
	"in $in, written $written, $lines lines"

# ---- trace-faults ----
run tf "trace-faults fault_pages fork 4 2>&1; echo rc=\$?; cat $EN $T/options/event-fork; echo pids:; cat $T/set_event_pid; echo end"
pid=$(info tf pid)
child=$(info tf child)
[ -n "$pid" ] && [ -z "$(events tf | cut -d' ' -f1 | sort -u | grep -vx -e "$pid" -e "$child")" ] &&
	[ "$(events tf | grep -c "^$child ")" -ge 4 ]
check "trace-faults: the command's events and its child's (event-fork), nobody else's"
total=$(events tf | wc -l)
grep -q "^# trace-faults: $total page faults by 2 processes (pids $pid $child); the command exited with status 0\$" "$OUT/trace-tf.out"
check "trace-faults: a summary line with the count and the pids" "$(grep '^# trace-faults' "$OUT/trace-tf.out")"
ok=1
for o in new-page cow-copy cow-reuse; do
	want=$(events tf | grep -c " $o ")
	grep -q "^#   $o  *$want\$" "$OUT/trace-tf.out" || ok=0
done
for s in pcp none; do
	want=$(events tf | cut -d' ' -f6 | grep -cx "$s")
	grep -q "^#   $s  *$want" "$OUT/trace-tf.out" || ok=0
done
[ $ok = 1 ]
check "trace-faults: the summary by outcome and by source matches the lines"
grep -q '^rc=0$' "$OUT/trace-tf.out" && [ "$(sed -n '/^rc=0$/,$p' "$OUT/trace-tf.out" | tr '\n' ' ')" = "rc=0 0 0 pids: end " ]
check "trace-faults: exits as the command did, leaves the event off and set_event_pid empty"

run tfnull "trace-faults fault_pages null 2>&1; echo rc=\$?; trace-faults --help; echo help=\$?"
grep -q '^rc=139$' "$OUT/trace-tfnull.out" && grep -q 'outcome=sigsegv' "$OUT/trace-tfnull.out" &&
	grep -q '^#   sigsegv  *1$' "$OUT/trace-tfnull.out" && grep -q 'killed by SIGSEGV' "$OUT/trace-tfnull.out"
check "trace-faults: a NULL write shows as sigsegv; exit status 128+11"
grep -q '^help=0$' "$OUT/trace-tfnull.out" && grep -q '^usage: trace-faults' "$OUT/trace-tfnull.out" &&
	grep -q 'cow-reuse' "$OUT/trace-tfnull.out"
check "trace-faults --help documents the output"

# on Linux, without root: a clear refusal (never run as root here: it would trace the host)
if [ "$(id -u)" != 0 ]; then
	tf_user=("$BUILD/user/bin/trace-faults")
elif command -v setpriv >/dev/null; then
	tf_user=(setpriv --reuid=65534 --regid=65534 --clear-groups "$BUILD/user/bin/trace-faults")
else
	tf_user=()
fi
if [ ${#tf_user[@]} -gt 0 ]; then
	"${tf_user[@]}" true >"$OUT/trace-linux.out" 2>&1
	rc=$?
	[ $rc = 1 ] && grep -q '^trace-faults: /sys/kernel/tracing' "$OUT/trace-linux.out" && grep -q 'root\|lom' "$OUT/trace-linux.out"
	check "trace-faults on Linux as a user: explains that tracing needs root, exit 1" "exit $rc: $(head -c 200 "$OUT/trace-linux.out")"
else
	true
	check "trace-faults on Linux as a user # SKIP root without setpriv"
fi

plan
