#!/usr/bin/env bash
# tests/observe/proc.sh - the writable switches of /proc and /sys, from
# lom's shell with echo and cat, as a student would use them (lom only:
# the host's must not change).  /proc's formats are checked by
# tests/user/t_proc.c, on Linux and on lom.
. "$(dirname "$0")/lib.sh"

thp=/sys/kernel/mm/transparent_hugepage/enabled
out=$(lom -c "cat $thp; echo never > $thp; cat $thp; echo always > $thp; cat $thp; echo bogus > $thp; echo status \$?; cat $thp" 2>"$OUT/proc-thp.stderr")
printf '%s\n' "$out" >"$OUT/proc-thp.out"
[ "$(sed -n 1p <<<"$out")" = "always [madvise] never" ]
check "THP switch: reads 'always [madvise] never' at boot (Linux's default and format)"
[ "$(sed -n 2p <<<"$out")" = "always madvise [never]" ] && [ "$(sed -n 3p <<<"$out")" = "[always] madvise never" ]
check "THP switch: echo never / echo always > enabled, read back in brackets"
[ "$(sed -n 4p <<<"$out")" = "status 1" ] && [ "$(sed -n 5p <<<"$out")" = "[always] madvise never" ] &&
	grep -q "Invalid argument" "$OUT/proc-thp.stderr"
check "THP switch: a bad word is refused with EINVAL and changes nothing"

out=$(lom -c "echo always > $thp; cat /proc/meminfo; echo never > $thp; cat /proc/vmstat" 2>/dev/null)
grep -q '^AnonHugePages: ' <<<"$out"
check "meminfo: AnonHugePages present"

# /proc/slabinfo agrees with /proc/meminfo (cat opens one after the other:
# each text counts its own open file and snapshot once): the caches'
# objects in use add up to SlabObjects, their slabs' pages to Slab
lom -c 'cat /proc/slabinfo /proc/meminfo' >"$OUT/proc-slabinfo.out" 2>/dev/null
read -r objs slab_objects slab_kb meminfo_slab_kb < <(awk '/^slabinfo - version: 2.1$/ || /^# name/ {next}
	NF == 16 && $7 == ":" && $8 == "tunables" {o += $2; kb += $15 * $6 * 4; n++; next}
	/^Slab:/ {s = $2} /^SlabObjects:/ {so = $2}
	END {print (n ? o : -1), so, kb, s}' "$OUT/proc-slabinfo.out")
[ "${objs:--1}" -gt 0 ] && [ "$objs" = "$slab_objects" ] && [ "$slab_kb" = "$meminfo_slab_kb" ]
check "slabinfo: the caches' active objects add up to meminfo's SlabObjects, their slabs to Slab"

# /proc/PID of other processes from the shell: init (pid 1) waits for its child
lom -c 'cat /proc/1/status; cat /proc/1/cmdline; echo; cat /proc/self/comm; ls -1 /proc' >"$OUT/proc-pid.out" 2>/dev/null
out=$(tr '\0' '@' <"$OUT/proc-pid.out")
grep -q '^Name:	init$' <<<"$out" && grep -q '^State:	S (sleeping)$' <<<"$out" && grep -q '^PPid:	0$' <<<"$out"
check "/proc/1/status: Name init, State S, PPid 0"
grep -q '^/bin/init@--stderr@/dev/ttyS1@' <<<"$out"
check "/proc/1/cmdline: /bin/init and its arguments, NUL-separated"
grep -qx cat <<<"$out"
check "/proc/self/comm read by cat is cat"
grep -qx self <<<"$out" && grep -qx 1 <<<"$out" && grep -qx meminfo <<<"$out" && grep -qx zoneinfo <<<"$out"
check "ls -1 /proc: self, pid 1, meminfo, zoneinfo"

# a traced process: TracerPid is its tracer (strace), 0 untraced
out=$(lom -c "strace -o /dev/null grep -E '^(TracerPid|PPid)' /proc/self/status; grep TracerPid /proc/self/status" 2>/dev/null)
printf '%s\n' "$out" >"$OUT/proc-tracer.out"
ppid=$(sed -n 's/^PPid:\t//p' <<<"$out")
[ -n "$ppid" ] && [ "$ppid" != 0 ] && grep -qx "TracerPid:	$ppid" <<<"$out" && grep -qx 'TracerPid:	0' <<<"$out"
check "/proc/self/status: TracerPid is strace's pid under strace, 0 otherwise"

plan
