# tests/tap.awk - count a flat TAP log (the user-space test programs'
# output, tests/user/tap.h): "1..N" then "ok K - ..." / "not ok K - ...".
#
# Prints the failed lines, then "PASSED FAILED PROBLEMS" on the last line.
# A problem: no plan, or fewer (or more) results than planned - the
# program died or hung part way.
BEGIN { plan = -1; passed = failed = problems = 0 }
{ sub(/\r$/, "") }
/^1\.\.[0-9]+$/ { if (plan < 0) plan = substr($0, 4) + 0; next }
/^ok [0-9]+/ { passed++; next }
/^not ok [0-9]+/ { failed++; printf "# FAILED: %s\n", $0; next }
END {
	if (plan < 0) { print "# no TAP plan (the program never started, or died at once)"; problems++ }
	else if (passed + failed != plan) { printf "# %d of %d results (crash or hang?)\n", passed + failed, plan; problems++ }
	print passed, failed, problems
}
