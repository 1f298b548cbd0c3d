#!/usr/bin/env bash
# tests/observe/demos.sh - the story's demo programs (user/lazy.c,
# mmap_test.c, lifeofmalloc/, vmmap.c), run in lom and checked against
# what they print of themselves: numbers are parsed and compared with
# each other (VSZ and RSS moves, addresses and maps lines, faults and
# pages), never with fixed values.  lazy, mmap_test and vmmap also run on
# this machine (Linux), where they must tell the same story.
. "$(dirname "$0")/lib.sh"

bin=$BUILD/user/bin

# ---- lazy ----

# lazy_numbers OUTPUT: "vsz0 rss0 vsz1 rss1 vsz2 rss2" from its three ps lines
lazy_numbers() {
	awk '$4 == "lazy" && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ { printf "%s %s ", $2, $3 }' <<<"$1"
}

# lazy_story WHERE MIB OUTPUT: VSZ up by MIB at the malloc with RSS (nearly)
# still, then RSS up by MIB at the touch with VSZ still
lazy_story() {
	local kb=$(($2 * 1024)) n
	read -ra n <<<"$(lazy_numbers "$3")"
	[ "${#n[@]}" = 6 ] || { echo "# $1: ${#n[@]} numbers, not 6"; return 1; }
	local dvsz1=$((n[2] - n[0])) drss1=$((n[3] - n[1])) dvsz2=$((n[4] - n[2])) drss2=$((n[5] - n[3]))
	echo "# $1: VSZ +$dvsz1 kB, RSS +$drss1 kB at the malloc; VSZ +$dvsz2 kB, RSS +$drss2 kB at the touch"
	[ "$dvsz1" -ge "$kb" ] && [ "$dvsz1" -le $((kb + 1024)) ] &&
		[ "$drss1" -ge 0 ] && [ "$drss1" -lt 4096 ] &&
		[ "$dvsz2" -ge 0 ] && [ "$dvsz2" -lt 1024 ] &&
		[ "$drss2" -ge $((kb - 64)) ] && [ "$drss2" -le $((kb + 4096)) ]
}

out=$(lom -c 'lazy --auto 32' 2>"$OUT/demos-lazy.stderr")
printf '%s\n' "$out" >"$OUT/demos-lazy.out"
lazy_story lom 32 "$out"
check "lazy --auto 32 in lom: VSZ +32 MiB and RSS still at malloc, RSS +32 MiB at the touch"

out=$("$bin/lazy" --auto 32 2>&1)
lazy_story Linux 32 "$out"
check "lazy --auto 32 on Linux: the same VSZ-then-RSS pattern"

out=$(lom -c 'lazy 1 < /dev/null' 2>&1)
grep -q 'ps -o pid,vsz,rss,comm -p [0-9]' <<<"$out" && grep -q 'wrote one byte every 4096 bytes, 256 writes' <<<"$out"
check "lazy without --auto: suggests ps -o pid,vsz,rss,comm -p PID, goes on at end of input"

lom -c 'lazy 0' >/dev/null 2>"$OUT/demos-lazy-bad.stderr"
[ $? = 2 ] && grep -q "lazy: invalid size '0'" "$OUT/demos-lazy-bad.stderr"
check "lazy 0: a clean error, status 2"

# ---- mmap_test ----

# mmap_where OUTPUT: the 1 KiB block inside the [heap] line of the maps it
# printed, the 256 KiB one in another line, at least 1 GiB from the heap
mmap_where() {
	local small big hs he line s e in_big=0
	small=$(sed -n 's/^malloc(1024) *= 0x\([0-9a-f]*\)$/\1/p' <<<"$1")
	big=$(sed -n 's/^malloc(262144) *= 0x\([0-9a-f]*\)$/\1/p' <<<"$1")
	line=$(grep -E '^  [0-9a-f]+-[0-9a-f]+ .*\[heap\]' <<<"$1" | head -n 1)
	[ -n "$small" ] && [ -n "$big" ] && [ -n "$line" ] || { echo "# missing addresses or [heap]"; return 1; }
	hs=$((16#$(sed -E 's/^ *([0-9a-f]+)-.*/\1/' <<<"$line")))
	he=$((16#$(sed -E 's/^ *[0-9a-f]+-([0-9a-f]+) .*/\1/' <<<"$line")))
	small=$((16#$small)) big=$((16#$big))
	while read -r s e; do
		s=$((16#$s)) e=$((16#$e))
		[ "$big" -ge "$s" ] && [ "$big" -lt "$e" ] && [ "$s" != "$hs" ] && in_big=1
	done < <(sed -nE 's/^  ([0-9a-f]+)-([0-9a-f]+) .*/\1 \2/p' <<<"$1")
	printf '# heap %x-%x, 1 KiB at %x, 256 KiB at %x\n' "$hs" "$he" "$small" "$big"
	[ "$small" -ge "$hs" ] && [ "$small" -lt "$he" ] && [ "$in_big" = 1 ] &&
		{ [ "$big" -ge $((he + (1 << 30))) ] || [ "$big" -lt $((hs - (1 << 30))) ]; }
}

out=$(lom -c mmap_test 2>"$OUT/demos-mmap_test.stderr")
printf '%s\n' "$out" >"$OUT/demos-mmap_test.out"
mmap_where "$out"
check "mmap_test in lom: 1 KiB inside [heap], 256 KiB in another mapping far from it"
grep -q '^malloc(262144): in an anonymous mapping .* made by mmap' <<<"$out"
check "mmap_test in lom: says the 256 KiB block comes from mmap"

out=$("$bin/mmap_test" 2>&1)
mmap_where "$out"
check "mmap_test on Linux: the same two places"

# ---- lifeofmalloc ----

# section N OUTPUT: the story of malloc N (1-based) of a multi-size run
section() {
	awk -v n="$1" '/^== malloc [0-9]+ of [0-9]+ ==$/ { k++ } k == n' <<<"$2"
}

# addr OUTPUT: the address malloc returned (step 1), in decimal
addr() {
	local a
	a=$(sed -n 's/^   = 0x\([0-9a-f]*\): .*/\1/p' <<<"$1" | head -n 1)
	[ -n "$a" ] && echo $((16#$a))
}

out=$(lom -c 'lifeofmalloc 1024' 2>"$OUT/demos-lom1024.stderr")
printf '%s\n' "$out" >"$OUT/demos-lom1024.out"
grep -qE '^2\. .* took path "(sbrk|top)"' <<<"$out" && grep -qE '^3\. system call: brk\(0x[0-9a-f]+\) = 0x[0-9a-f]+$' <<<"$out"
check "lifeofmalloc 1024: a fresh process's malloc grows the heap with brk"
grep -A1 '^4\. VMA: a new one' <<<"$out" | grep -qE '^   0x[0-9a-f]+-0x[0-9a-f]+ rw-p \[heap\]'
check "lifeofmalloc 1024: step 4 shows the new [heap] VMA"

# the mmap'ed block: its VMA is new, anonymous, 256 KiB and a page or two
vma_of_big() {
	local line s e p
	line=$(grep -A1 '^4\. VMA: a new one' <<<"$1" | grep -E '^   0x[0-9a-f]+-0x[0-9a-f]+ rw-p anonymous') || return 1
	s=$(($(sed -E 's/^ *(0x[0-9a-f]+)-.*/\1/' <<<"$line")))
	e=$(($(sed -E 's/^ *0x[0-9a-f]+-(0x[0-9a-f]+) .*/\1/' <<<"$line")))
	p=$(addr "$1")
	echo "# VMA $((e - s)) bytes"
	[ $((e - s)) -gt 262144 ] && [ $((e - s)) -le $((262144 + 8192)) ] && [ "$p" -ge "$s" ] && [ "$p" -lt "$e" ]
}
out=$(lom -c 'lifeofmalloc 262144' 2>"$OUT/demos-lom262144.stderr")
printf '%s\n' "$out" >"$OUT/demos-lom262144.out"
grep -q '^2\. .* took path "mmap"' <<<"$out" &&
	grep -qE '^3\. system call: mmap\(NULL, [0-9]+, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\)$' <<<"$out"
check "lifeofmalloc 262144: served by an mmap system call"
vma_of_big "$out"
check "lifeofmalloc 262144: a new anonymous VMA of 256 KiB and a page or two, holding the block"

out=$(lom -c 'lifeofmalloc 1024 1024' 2>"$OUT/demos-twice.stderr")
printf '%s\n' "$out" >"$OUT/demos-twice.out"
first=$(section 1 "$out") second=$(section 2 "$out")
grep -q '^3\. system call: brk(' <<<"$first" && grep -q '^3\. no system call' <<<"$second" &&
	grep -q '^2\. .* took path "top"' <<<"$second"
check "lifeofmalloc 1024 1024: the second malloc is cut from the heap's top chunk, no system call"
grep -q '^4\. no VMA change' <<<"$second" && ! grep -q '^4\. VMA' <<<"$second"
check "lifeofmalloc 1024 1024: the second malloc changes no VMA"

out=$(lom -c 'lifeofmalloc --free 1024 1024' 2>/dev/null)
first=$(section 1 "$out") second=$(section 2 "$out")
grep -q '^then free(.*into the tcache' <<<"$first" && grep -q '^2\. .* took path "tcache"' <<<"$second" &&
	[ "$(addr "$first")" = "$(addr "$second")" ]
check "lifeofmalloc --free 1024 1024: freed into the tcache, the second malloc gets the same block back"

# faults_ok STORY EXPECTED: step 5 counts EXPECTED faults in the block's
# pages, lists them (8 at most, then "... N more") each with a pfn and a
# source pcp or buddy at distinct page addresses inside the block's range,
# and RSS grew by that many pages
faults_ok() {
	local story=$1 want=$2 lo hi a b rows more listed addrs
	read -r lo hi < <(sed -nE "s/^5\. page faults in the block's [0-9]+ pages? (0x[0-9a-f]+)-(0x[0-9a-f]+),$/\1 \2/p" <<<"$story")
	read -r a b < <(sed -nE 's/^   traced by page_fault_user: ([0-9]+) during malloc, ([0-9]+) during the touch$/\1 \2/p' <<<"$story")
	[ -n "$lo" ] && [ -n "$a" ] || { echo "# no step 5 with faults"; return 1; }
	rows=$(grep -cE '^ +[0-9]+  (malloc|touch) +0x[0-9a-f]+ +[0-9]+  [a-z-]+ +0x[0-9a-f]+  (pcp|buddy) ' <<<"$story")
	grep -q '^   fault 1, during' <<<"$story" && rows=$((rows + 1))
	more=$(sed -nE 's/^   \.\.\. ([0-9]+) more$/\1/p' <<<"$story")
	listed=$((rows + ${more:-0}))
	echo "# expected $want faults; step 5 says $a + $b, lists $rows and $more more"
	[ $((a + b)) = "$want" ] && [ "$listed" = "$want" ] || return 1
	if [ "$want" -gt 0 ]; then
		grep -qE '^     outcome new-page: pfn 0x[0-9a-f]+ = physical address 0x[0-9a-f]+,$' <<<"$story" &&
			grep -A1 '^     outcome' <<<"$story" | grep -qE "per-CPU page list \(pcp\)|buddy allocator" || return 1
		addrs=$( (sed -nE 's/^   fault 1, during [a-z ]+, on CPU [0-9]+: a write to (0x[0-9a-f]+)$/\1/p' <<<"$story"
			awk '$2 ~ /^(malloc|touch)$/ && $3 ~ /^0x/ { print $3 }' <<<"$story") |
			while read -r x; do echo $(( x >> 12 )); done)
		[ "$(sort -u <<<"$addrs" | wc -l)" = "$(wc -l <<<"$addrs")" ] || { echo "# a page faulted twice"; return 1; }
		while read -r x; do
			[ $((x << 12)) -ge $((lo)) ] && [ $((x << 12)) -lt $((hi)) ] || { echo "# fault outside the block"; return 1; }
		done <<<"$addrs"
	fi
	grep -qE "^   RSS grew by $want pages? in all; faults traced in the block: $want$" <<<"$story"
}

# pages spanned by [start, end)
pages() { echo $(((($2 + 4095) >> 12) - ($1 >> 12))); }

out=$(lom -c 'lifeofmalloc --touch 262144' 2>"$OUT/demos-touch.stderr")
printf '%s\n' "$out" >"$OUT/demos-touch.out"
p=$(addr "$out")
faults_ok "$out" "$(pages $((p - 16)) $((p + 262144)))"
check "lifeofmalloc --touch 262144: one fault per page of the block, each with a pfn from pcp or buddy"

out=$(lom -c 'lifeofmalloc --touch 1024 1024' 2>"$OUT/demos-touch2.stderr")
printf '%s\n' "$out" >"$OUT/demos-touch2.out"
first=$(section 1 "$out") second=$(section 2 "$out")
p1=$(addr "$first") p2=$(addr "$second")
# the second block's pages that the first one (header to end) did not cover
new2=0
for ((pg = (p2 - 16) >> 12; pg <= (p2 + 1023) >> 12; pg++)); do
	[ "$pg" -ge $(((p1 - 16) >> 12)) ] && [ "$pg" -le $(((p1 + 1023) >> 12)) ] || new2=$((new2 + 1))
done
faults_ok "$first" "$(pages $((p1 - 16)) $((p1 + 1024)))" && faults_ok "$second" "$new2"
check "lifeofmalloc --touch 1024 1024: the first block's page faults in, the second's was there"

# the switches it borrowed go back, also when a closed pipe kills it midway
t=/sys/kernel/tracing
out=$(lom -c "echo 1 > $t/options/event-fork; echo 5 7 > $t/set_event_pid; cat $t/tracing_on $t/events/exceptions/page_fault_user/enable $t/options/event-fork $t/set_event_pid; echo ===; lifeofmalloc --touch 1 2 3 4 5 6 7 8 | head -n 1; echo ===; cat $t/tracing_on $t/events/exceptions/page_fault_user/enable $t/options/event-fork $t/set_event_pid" 2>/dev/null)
before=$(sed '/^===$/,$d' <<<"$out") after=$(sed '1,/^===$/d' <<<"$out" | sed '1,/^===$/d')
echo "# before: $(echo $before); after: $(echo $after)"
[ -n "$before" ] && [ "$before" = "$after" ] && grep -q '^life of a malloc' <<<"$out"
check "lifeofmalloc: the tracing switches and pid filter are put back, even after SIGPIPE"

out=$("$bin/lifeofmalloc" 1024 2>&1)
grep -q '^3\. system call: brk(' <<<"$out" && grep -q '^5\. page faults: not traced: this kernel is Linux, not lom' <<<"$out"
check "lifeofmalloc on Linux: steps 1-4 as on lom, step 5 says it needs lom"

lom -c 'lifeofmalloc 1x' >/dev/null 2>"$OUT/demos-lom-bad.stderr"
[ $? = 2 ] && grep -q "invalid size '1x'" "$OUT/demos-lom-bad.stderr"
check "lifeofmalloc 1x: a clean error, status 2"

# ---- vmmap ----

# boxes OUTPUT: "end start name" per box, in the order drawn (hex as printed)
boxes() {
	awk '/^ *[0-9a-f]+ \+-+\+$/ { if (inbox) print top, $1, name; inbox = 0; last = $1; next }
	     /^ +\| / && !inbox { inbox = 1; top = last; name = $2 }' <<<"$1"
}

# maps_boxes MAPS OUTPUT: one box per maps line, highest first, same ranges
maps_boxes() {
	local want got
	want=$(sed -nE 's/^([0-9a-f]+)-([0-9a-f]+) .*/\1 \2/p' <<<"$1" | tac |
		while read -r s e; do printf '%x %x\n' $((16#$e)) $((16#$s)); done)
	got=$(boxes "$2" | while read -r e s _; do printf '%x %x\n' $((16#$e)) $((16#$s)); done)
	echo "# $(wc -l <<<"$want") maps lines, $(wc -l <<<"$got") boxes"
	[ -n "$want" ] && [ "$want" = "$got" ]
}

# decreasing OUTPUT: the boxes go down in address, the first one is [stack]
decreasing() {
	local e s name n=0 prev=-1
	while read -r e s name; do
		e=$((16#$e)) s=$((16#$s))
		[ "$n" != 0 ] || [ "$name" = "[stack]" ] || { echo "# first box: $name"; return 1; }
		[ "$s" -lt "$e" ] && { [ "$n" = 0 ] || [ "$e" -le "$prev" ]; } || { echo "# box $n out of order"; return 1; }
		prev=$s n=$((n + 1))
	done < <(boxes "$1")
	[ "$n" -ge 3 ]
}

out=$(lom -c 'vmmap --maps' 2>"$OUT/demos-vmmap.stderr")
printf '%s\n' "$out" >"$OUT/demos-vmmap.out"
decreasing "$out"
check "vmmap in lom: boxes in decreasing address order, [stack] first"
maps_boxes "$out" "$out"
check "vmmap --maps in lom: a box for each line of its /proc/self/maps"
boxes "$out" | grep -q ' \[heap\]$' && grep -A1 'anonymous (mmap) .* 260 KiB' <<<"$out" | grep -q 'resident *68 KiB'
check "vmmap in lom: its heap, and its 256 KiB block's mapping with the 17 pages it wrote resident (smaps)"

out=$(lom -c 'cat /proc/$$/maps; echo ===; vmmap $$' 2>"$OUT/demos-vmmap-sh.stderr")
printf '%s\n' "$out" >"$OUT/demos-vmmap-sh.out"
maps_boxes "$(sed '/^===$/,$d' <<<"$out")" "$(sed '1,/^===$/d' <<<"$out")" && decreasing "$(sed '1,/^===$/d' <<<"$out")"
check "vmmap PID in lom: the shell's maps (cat /proc/\$\$/maps) drawn box for box"

out=$(lom -c 'cat /proc/buddyinfo; echo ===; vmmap' 2>/dev/null)
zones=$(sed '/^===$/,$d' <<<"$out" | awk '/^Node/ { print $4 }')
drawn=$(sed -nE 's/^  node [0-9]+, zone ([A-Za-z0-9]+): .* free$/\1/p' <<<"$out")
orders=$(grep -cE '^ +[0-9]+ +[0-9.]+ [KMG]iB +[0-9]+( #+)?$' <<<"$out")
echo "# zones: $(echo $zones) / drawn: $(echo $drawn), $orders order lines"
[ -n "$zones" ] && [ "$zones" = "$drawn" ] && [ "$orders" = $((11 * $(wc -l <<<"$zones"))) ]
check "vmmap: a chart of each zone of /proc/buddyinfo, 11 orders each"

lom -c 'vmmap 99999' >/dev/null 2>"$OUT/demos-vmmap-bad.stderr"
[ $? = 1 ] && grep -q '^vmmap: no process 99999$' "$OUT/demos-vmmap-bad.stderr"
check "vmmap of no process: a clean error"

out=$("$bin/vmmap" --maps 2>&1)
maps_boxes "$out" "$out"
check "vmmap --maps on Linux: a box for each line of its maps"
"$bin/vmmap" $$ >"$OUT/demos-vmmap-linux.out" 2>&1 && [ "$(boxes "$(cat "$OUT/demos-vmmap-linux.out")" | wc -l)" = "$(wc -l </proc/$$/maps)" ]
check "vmmap PID on Linux: this shell's address space, a box per mapping"

plan
