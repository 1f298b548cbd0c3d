# tests/ktap.awk - count a KTAP log (kernel/ktest.c's output format).
#
# Prints "PASSED FAILED PROBLEMS SKIPPED" on the last line; the lines before it
# are diagnostics ("# ...").  A problem is anything that means results
# are missing: no plan, fewer results than planned (a crash or a hang
# mid-suite), or a case count that does not match its suite's plan.
# Kernel log lines ("[    0.123] ...") and other noise are ignored.
function end_suite() {
	if (in_suite && cases != suite_plan) {
		printf "# suite '%s': %d of %d case results\n", suite, cases, suite_plan
		problems++
	}
	in_suite = 0
}
BEGIN { top_plan = -1; passed = failed = problems = tops = skipped = 0 }
{ sub(/\r$/, "") }
/^1\.\.[0-9]+$/ { if (top_plan < 0) top_plan = substr($0, 4) + 0; next }
/^    # Subtest: / { end_suite(); in_suite = 1; suite = substr($0, 17); cases = 0; suite_plan = -1; next }
/^    1\.\.[0-9]+$/ { if (in_suite) suite_plan = substr($0, 8) + 0; next }
/^    ok [0-9]+ .*# SKIP/ { skipped++; cases++; printf "# skipped: %s: %s\n", suite, $0; next }
/^    ok [0-9]+ / { passed++; cases++; next }
/^    not ok [0-9]+ / { failed++; cases++; printf "# FAILED: %s: %s\n", suite, $0; next }
/^(ok|not ok) [0-9]+ / { end_suite(); tops++; next }
/^# ktest: / { print; problems++; next }
END {
	end_suite()
	if (top_plan < 0) { print "# no KTAP plan (the kernel never started its tests)"; problems++ }
	else if (tops != top_plan) { printf "# %d of %d suites reported (crash or hang?)\n", tops, top_plan; problems++ }
	print passed, failed, problems, skipped
}
