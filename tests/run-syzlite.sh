# tests/run-syzlite.sh - the kernel under syzlite's random system calls,
# sourced by tests/run.sh after tests/run-observe.sh (it uses result(),
# OUT, BUILD and TIMEOUT).  About a minute.
#
#   syzlite     seeds 1, 2 and 3, one worker each, for 30 s in one boot
#               (-smp 2) under t_leakcheck: no panic or oops on the console,
#               no batch child that SIGKILL cannot end, nothing leaked
#   replay      a run of 40 calls prints its log of calls; replaying the
#               batch it names (-r) issues the same calls in the same order
#
# The regressions for the kernel bugs syzlite found are tests/user/t_syzbugs.c,
# run with the other syscall tests (tests/run-user.sh).
syz_build=$(cd "$BUILD" && pwd)
syz_out=$syz_build/test/syzlite
mkdir -p "$syz_out"
syz_lom() { SMP=2 LOM_EXEC_TIMEOUT=$((TIMEOUT * 3)) BUILD=$syz_build tools/lom-exec "$@"; }
syz_trouble='Kernel panic|Oops|BUG[: ]|assertion failed|WARNING|general protection fault|double fault|UBSAN'

# ---- three seeds, 30 s, under the leak check ----
syz_lom --add "/tests/bin/t_leakcheck=$syz_build/user/tests/t_leakcheck" \
	-c '/tests/bin/t_leakcheck /bin/syzlite -s 1,2,3 -t 30 -l 16' \
	</dev/null >"$syz_out/seeds.out" 2>"$syz_out/seeds.err"
code=$?
grep -E '^syzlite: (seeds|batches|total)' "$syz_out/seeds.out" | sed 's/^/# /'
if grep -aqE "$syz_trouble" "$syz_out/seeds.err"; then
	grep -aE -A12 "$syz_trouble" "$syz_out/seeds.err" | head -30 | sed 's/^/# /'
	result fail "syzlite: seeds 1,2,3 for 30 s: the kernel stays alive (no panic, oops or BUG)" "see $syz_out/seeds.err"
elif [ "$code" = 125 ]; then
	result fail "syzlite: seeds 1,2,3 for 30 s: the kernel stays alive (no panic, oops or BUG)" \
		"lom did not finish: see $syz_out/seeds.err"
else
	result ok "syzlite: seeds 1,2,3 for 30 s: the kernel stays alive (no panic, oops or BUG)"
fi
if [ "$code" = 99 ] || grep -aq '^# leak:' "$syz_out/seeds.err"; then
	result fail "syzlite: nothing leaked (free pages, slab pages, kernel objects)" \
		"$(grep -a '^# leak:' "$syz_out/seeds.err")"
elif [ "$code" = 0 ]; then
	result ok "syzlite: nothing leaked (free pages, slab pages, kernel objects)"
else
	result fail "syzlite: nothing leaked (free pages, slab pages, kernel objects)" "no verdict: exit $code"
fi
calls=$(sed -n 's/^syzlite: total calls=\([0-9]*\) .* hangs=0$/\1/p' "$syz_out/seeds.out")
if [ "$code" = 0 ] && [ -n "$calls" ] && [ "$calls" -ge 1000 ] && grep -q '^syzlite: seeds 1,2,3, 3 worker(s)' "$syz_out/seeds.out"; then
	echo "# syzlite: $calls calls"
	result ok "syzlite: three workers ran, every batch child died when told (no hang)"
else
	grep -a -A10 'syzlite: HANG' "$syz_out/seeds.err" | head -12 | sed 's/^/# /'
	result fail "syzlite: three workers ran, every batch child died when told (no hang)" \
		"exit $code, ${calls:-no} calls; see $syz_out/seeds.out"
fi

# ---- the log of calls, and its replay ----
syz_lom -c '/bin/syzlite -s 7 -n 40 -l 40' </dev/null >"$syz_out/log.out" 2>"$syz_out/log.err"
code=$?
# "syzlite: the last calls of seed 7 slot 0 batch B (replay: ...)", then "   SEQ name(args) = ret"
batch=$(sed -n 's/^syzlite: the last calls of seed 7 slot 0 batch \([0-9]*\) .*/\1/p' "$syz_out/log.err")
sed -n '/^syzlite: the last calls of seed 7/,$p' "$syz_out/log.err" | grep -E '^ +[0-9]+ [a-z_0-9]+\(.*\) = ' |
	sed -E 's/^ +([0-9]+) ([a-z_0-9]+)\(.*/\1 \2/' >"$syz_out/log.calls"
names=$(sed -n 's/^syzlite: calls (succeeded\/issued)://p' "$syz_out/log.out" | tr ' ' '\n' | grep -E '^[a-z_0-9]+$' | sort -u)
unknown=$(cut -d' ' -f2 "$syz_out/log.calls" | sort -u | comm -23 - <(printf '%s\n' "$names"))
if [ "$code" = 0 ] && [ -n "$batch" ] && [ -s "$syz_out/log.calls" ] && [ -n "$names" ] && [ -z "$unknown" ]; then
	result ok "syzlite: a run of 40 calls prints its last calls, each naming a system call"
else
	result fail "syzlite: a run of 40 calls prints its last calls, each naming a system call" \
		"exit $code, batch '${batch}', unknown names '${unknown}'; see $syz_out/log.err"
fi
syz_lom -c "/bin/syzlite -s 7 -n 40 -r 0.${batch:-0}" </dev/null >"$syz_out/replay.out" 2>"$syz_out/replay.err"
# the replay prints each call before and after it: keep the first line of each
grep -E '^ +[0-9]+ [a-z_0-9]+\(' "$syz_out/replay.err" | sed -E 's/^ +([0-9]+) ([a-z_0-9]+)\(.*/\1 \2/' | uniq |
	awk 'NR == FNR { want[$1] = $2; next } ($1 in want) { print; n++ } END { if (!n) exit 1 }' \
		"$syz_out/log.calls" - >"$syz_out/replay.calls"
if [ -s "$syz_out/log.calls" ] && cmp -s "$syz_out/log.calls" "$syz_out/replay.calls"; then
	result ok "syzlite: replaying the batch (-r 0.${batch}) issues the same calls in the same order"
else
	diff "$syz_out/log.calls" "$syz_out/replay.calls" | head -5 | sed 's/^/# /'
	result fail "syzlite: replaying the batch issues the same calls in the same order" \
		"see $syz_out/log.err and $syz_out/replay.err"
fi
