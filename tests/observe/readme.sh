#!/usr/bin/env bash
# tests/observe/readme.sh - the README's "Try it yourself" section is true:
# every command in it runs in lom and prints what the README shows.
#
# The section's ```console blocks hold lines "lom$ COMMAND" followed by
# the output it printed when the README was written.  Each block runs in
# one lom boot (-smp 2, the bundled shell), its commands one after the
# other; each command's output must match the README's line by line once
# numbers are masked: every run of digits (and 0x... hex) becomes '#', and
# runs of blanks become one, since addresses, pids, times and the widths
# of right-aligned columns change from boot to boot (and so does the
# unit of a size: KiB, MiB, GiB and TiB are masked too, and whether a
# page came from a per-CPU list or from the buddy allocator).  Everything else -
# the words, the steps, the order, the number of lines - must be the same.
# A line of the README made only of "..." stands for any number of lines
# (a listing cut short).
. "$(dirname "$0")/lib.sh"

readme=$top/README.md

# the section: from its heading to the next "## " heading
section=$(awk '/^## Try it yourself/{on=1; next} on && /^## /{exit} on' "$readme")
[ -n "$section" ]
check "README has a 'Try it yourself' section"

block=0
while IFS= read -r -d $'\x1e' text; do
	block=$((block + 1))
	dir=$OUT/readme-$block
	rm -rf "$dir"
	mkdir -p "$dir"
	# split into commands and expected outputs
	awk -v dir="$dir" '
		/^lom\$ / { n++; sub(/^lom\$ /, ""); print > (dir "/cmd." n); printf "" > (dir "/want." n); next }
		n { print > (dir "/want." n) }' <<<"$text"
	ncmd=$(ls "$dir"/cmd.* 2>/dev/null | wc -l)
	script=
	for ((i = 1; i <= ncmd; i++)); do
		script+="$(cat "$dir/cmd.$i"); echo @@end-of-command-$i@@; "
	done
	# stderr on the console too, in order with stdout (strace, perf and
	# trace-faults write there); kernel errors stay apart
	LOM_EXEC_MERGE_STDERR=1 lom -c "$script" >"$dir/got" 2>"$dir/stderr" </dev/null
	for ((i = 1; i <= ncmd; i++)); do : >"$dir/got.$i"; done
	awk -v dir="$dir" 'BEGIN { n = 1 } /^@@end-of-command-[0-9]+@@$/ { n++; next } { print > (dir "/got." n) }' "$dir/got"
	for ((i = 1; i <= ncmd; i++)); do
		cmd=$(cat "$dir/cmd.$i") # before the check: a $(...) in its arguments would reset $?
		python3 - "$dir/want.$i" "$dir/got.$i" <<'PY'
import re, sys
def mask(line):
    line = re.sub(r"0x[0-9a-fA-F]+", "#", line)
    line = re.sub(r"\b[0-9a-f]{6,}\b", "#", line)
    line = re.sub(r"[0-9]+(\.[0-9]+)?", "#", line)  # 99.5 one boot, 100 the next
    line = re.sub(r"\b[KMGT]iB\b", "#iB", line)  # 900 KiB one boot, 1.2 MiB the next
    # where a page came from depends on what the CPU's list held (lifeofmalloc)
    line = re.sub(r"from CPU #'s per-CPU page list \(pcp\)|from the buddy allocator.*", "from PAGE-SOURCE", line)
    return re.sub(r"[ \t]+", " ", line).rstrip(" ")
# ...and so whether lifeofmalloc has buddy blocks to list
def keep(line):
    return not line.lstrip().startswith("buddy free blocks taken, by order:")
want = [mask(l) for l in open(sys.argv[1]).read().splitlines() if keep(l)]
got = [mask(l) for l in open(sys.argv[2], errors="replace").read().splitlines() if keep(l)]
while want and want[-1] == "":
    want.pop()
while got and got[-1] == "":
    got.pop()
# a README line "..." stands for any number of lines
pattern = "".join("(?:.*\n)*" if w == "..." else re.escape(w) + "\n" for w in want)
ok = re.fullmatch(pattern, "".join(g + "\n" for g in got)) is not None
if not ok:
    open(sys.argv[2] + ".masked", "w").write("\n".join(got) + "\n")
    open(sys.argv[1] + ".masked", "w").write("\n".join(want) + "\n")
sys.exit(0 if ok else 1)
PY
		check "README: lom\$ $cmd" "diff $dir/want.$i.masked $dir/got.$i.masked"
	done
done < <(awk '/^```console/{on=1; buf=""; next} on && /^```/{on=0; printf "%s\x1e", buf; next} on {buf = buf $0 "\n"}' <<<"$section")
[ "$block" -gt 0 ]
check "README: the section has console blocks"

plan
