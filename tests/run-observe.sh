# tests/run-observe.sh - the observability part of the harness (issue 8),
# sourced by tests/run.sh after tests/run-user.sh (it uses its counters,
# count_tap and OUT).
#
# Each tests/observe/NAME.sh is one suite: it runs lom's tools (ps, free,
# strace, perf, trace-faults, the demos...) in lom with tools/lom-exec and
# checks what they print, and prints flat TAP (a plan and ok / not ok
# lines) on stdout.  Its exit status must be 0.  A suite gets, in its
# environment: BUILD (absolute), OUT (a directory for its logs), TIMEOUT
# (seconds, per lom-exec run) and SMP (2).  tests/observe/lib.sh has the
# helpers they share.
for suite in tests/observe/*.sh; do
	name=$(basename "$suite" .sh)
	[ "$name" = lib ] && continue
	mkdir -p "$OUT/observe"
	BUILD=$abs_build OUT=$abs_build/test/observe TIMEOUT=$TIMEOUT SMP=${USER_SMP:-2} \
		bash "$suite" >"$OUT/observe/$name.log" 2>"$OUT/observe/$name.stderr" </dev/null
	count_tap "observe-$name" "$OUT/observe/$name.log" $? 0
done
