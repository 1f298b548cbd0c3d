#!/bin/sh
# tests/host/strace_malloc.sh - which system call serves each malloc of
# lom's libc, watched with strace on the Linux host.
#
#   tests/host/strace_malloc.sh BINARY
#
# BINARY is tests/user/t_malloc_strace.c built with tools/lom-cc.  It runs
# under `strace -f -e trace=brk,mmap,munmap`; its markers (munmap(0x10000000
# + id * 4096, 0), failing with EINVAL) cut the log into one piece per
# malloc and one per free.  Checked, as TAP:
#
#   - small requests (< 128 KiB) never mmap that much, and their free never
#     munmaps: they come from the brk heap, which the first of them grows
#     (brk(NULL), then brk(higher) returning its argument);
#   - each request >= 128 KiB is exactly one mmap of the request plus the
#     chunk header rounded up to a page (size < length <= size + 4 KiB),
#     and its free is exactly one munmap of that mapping, whole.
#
# Calls before the first marker are the crt's, before main (our crt maps
# the TLS block there: one brk or mmap); they are listed as "startup" and
# not checked.  The table at the end (TAP comments) is the one README
# shows.  Exit status 0 only if every check passed; "1..0 # SKIP" when
# strace is missing or cannot trace here (no ptrace in a container).
set -u

bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "usage: $0 BINARY (tests/user/t_malloc_strace.c built with tools/lom-cc)" >&2
	exit 2
fi
if ! command -v strace >/dev/null 2>&1; then
	echo "1..0 # SKIP strace not found"
	exit 0
fi

log=$(mktemp) || exit 2
out=$(mktemp) || exit 2
trap 'rm -f "$log" "$out"' EXIT

strace -f -e trace=brk,mmap,munmap -o "$log" "$bin" >"$out" 2>/dev/null
rc=$?
if ! grep -q 'munmap(0x10000000, 0)' "$log" 2>/dev/null; then
	if [ "$rc" -ne 0 ] && ! [ -s "$log" ]; then
		echo "1..0 # SKIP strace cannot trace here (exit status $rc)"
		exit 0
	fi
	echo "1..1"
	echo "not ok 1 - $bin runs under strace and prints its markers"
	echo "# exit status $rc"
	exit 1
fi

sizes=$(cat "$out")
awk -v sizes="$sizes" -v rc="$rc" '
function hex(s,    v, i, c) {
	# "0x7f0a..." or "NULL" -> number (exact below 2^53: user addresses are)
	if (s == "NULL")
		return 0
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
		v = v * 16 + c
	}
	return v
}
function kib(b) {
	return b % 1024 ? sprintf("%.1f KiB", b / 1024) : sprintf("%d KiB", b / 1024)
}
function human(b) {
	return b >= 1048576 && b % 1048576 == 0 ? sprintf("%d MiB", b / 1048576) : kib(b)
}
function page_up(b) {
	return b % 4096 ? b - b % 4096 + 4096 : b
}
function tap(pass, desc, why) {
	ntap++
	if (pass)
		print "ok " ntap " - " desc
	else {
		print "not ok " ntap " - " desc
		if (why != "")
			print "# " why
		failed++
	}
}

BEGIN {
	n = split(sizes, size, " ")
	seg = -1 # before marker 0: startup
	MARK = 268435456 # 0x10000000
}

# "PID call(args) = ret ..." (the PID only with -f and several processes)
{
	line = $0
	sub(/^[0-9]+ +/, "", line)
	if (line !~ /^(brk|mmap|munmap)\(/)
		next
	call = line
	sub(/\(.*/, "", call)
	args = line
	sub(/^[a-z]+\(/, "", args)
	sub(/\) += .*/, "", args)
	ret = line
	sub(/.*\) += /, "", ret)
	sub(/ .*/, "", ret)
	na = split(args, a, ", ")
	if (call == "munmap" && a[2] == "0" && hex(a[1]) >= MARK && hex(a[1]) < MARK + 4096 * 64) {
		seg = (hex(a[1]) - MARK) / 4096
		next
	}
	k = ++ncalls[seg]
	ctype[seg, k] = call
	if (call == "brk") {
		carg[seg, k] = hex(a[1])
		cret[seg, k] = hex(ret)
	} else if (call == "mmap") {
		carg[seg, k] = a[2] + 0 # length
		cret[seg, k] = ret ~ /^0x/ ? hex(ret) : -1
	} else {
		caddr[seg, k] = hex(a[1])
		carg[seg, k] = a[2] + 0
		cret[seg, k] = ret + 0
	}
}

# what the calls of piece s did, for the table; sets seg_grow (bytes the
# break grew by) and tracks the break in cur (brk0: the first one seen)
function describe(s,    k, d, grow) {
	d = ""
	grow = 0
	for (k = 1; k <= ncalls[s]; k++) {
		if (ctype[s, k] == "brk") {
			if (carg[s, k] == 0) {
				if (!brk0)
					brk0 = cret[s, k]
				if (!cur)
					cur = cret[s, k]
				continue
			}
			if (cret[s, k] == carg[s, k] && cur) {
				grow += cret[s, k] - cur
				cur = cret[s, k]
			}
			continue
		}
		if (ctype[s, k] == "mmap")
			d = d (d == "" ? "" : ", ") "mmap " human(page_up(carg[s, k]))
		else
			d = d (d == "" ? "" : ", ") "munmap " human(carg[s, k])
	}
	seg_grow = grow
	if (grow)
		d = "brk +" human(grow) (d == "" ? "" : ", " d)
	return d == "" ? "-" : d
}

END {
	nsmall = 0
	for (i = 1; i <= n; i++)
		if (size[i] < 131072)
			nsmall++
	plan = 1 + 2 * n + (nsmall ? 1 : 0)
	print "1.." plan
	tap(rc == 0, "the program exits 0", "exit status " rc)

	startup = describe(-1)
	grown = 0
	for (i = 1; i <= n; i++) {
		ms = 2 * i - 1 # the malloc piece (after marker 1 + 2(i-1))
		fs = 2 * i     # the free piece
		sz = size[i]
		mdesc[i] = describe(ms)
		if (sz < 131072 && seg_grow)
			grown = 1
		fdesc[i] = describe(fs)
		if (sz < 131072) {
			big = ""
			for (k = 1; k <= ncalls[ms]; k++)
				if (ctype[ms, k] == "mmap" && carg[ms, k] >= sz)
					big = "mmap of " carg[ms, k] " bytes"
			tap(big == "", "malloc(" human(sz) "): no mmap of that size (the brk heap)", big)
			un = ""
			for (k = 1; k <= ncalls[fs]; k++)
				if (ctype[fs, k] == "munmap")
					un = "munmap of " carg[fs, k] " bytes"
			tap(un == "", "free(" human(sz) "): no munmap", un)
			continue
		}
		nm = 0
		why = ""
		for (k = 1; k <= ncalls[ms]; k++)
			if (ctype[ms, k] == "mmap") {
				nm++
				len = page_up(carg[ms, k])
				addr = cret[ms, k]
			}
		if (nm != 1)
			why = nm " mmap calls, want 1"
		else if (!(len > sz && len <= sz + 4096))
			why = "mmap length " len ", want " sz " + header rounded to a page (" \
			      page_up(sz + 1) ")"
		tap(why == "", "malloc(" human(sz) "): one mmap of the size + header, page-rounded", why)
		nu = 0
		uwhy = ""
		for (k = 1; k <= ncalls[fs]; k++)
			if (ctype[fs, k] == "munmap") {
				nu++
				if (nm != 1 || caddr[fs, k] != addr || carg[fs, k] != len || cret[fs, k] != 0)
					uwhy = "munmap(" caddr[fs, k] ", " carg[fs, k] ") = " cret[fs, k] \
					       ", want the mapping (" addr ", " len ") = 0"
			}
		if (nu != 1)
			uwhy = nu " munmap calls, want 1"
		tap(uwhy == "", "free(" human(sz) "): one munmap of that mapping", uwhy)
	}
	if (nsmall)
		tap(grown, "the first small requests grow the heap with brk",
		    "no successful brk above the initial break while serving them")

	printf "#\n# %-10s  %-28s  %s\n", "request", "malloc", "free"
	printf "# %-10s  %s\n", "(startup)", startup
	for (i = 1; i <= n; i++)
		printf "# %-10s  %-28s  %s\n", human(size[i]), mdesc[i], fdesc[i]
	exit failed ? 1 : 0
}
' "$log"
