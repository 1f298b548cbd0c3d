#!/usr/bin/env bash
# tools/bench-malloc.sh - lom's malloc next to glibc, musl, mimalloc and
# jemalloc on the shared workload set (../shared/bench/malloc, see its
# README), on this Linux host: the workloads are built with tools/lom-cc
# (our whole libc and malloc, static) and with each other allocator, and
# run MALLOC_BENCH_REPS times each at scale MALLOC_BENCH_SCALE.
#
# Prints BENCH lines (median CPU time and peak RSS per workload and
# allocator, and lom's ratios to glibc and mimalloc), then a table:
#   workload | lom time | glibc | mimalloc | ... | lom/glibc | lom/mimalloc | peak RSS ...
# CPU time (user+sys of the process over the measured section) is the
# figure compared, as the harness recommends on a shared machine.
#
# Environment: BUILD, MALLOC_BENCH (harness dir), MALLOC_BENCH_REPS (3),
# MALLOC_BENCH_SCALE (0.5), MALLOC_BENCH_ALLOCS (glibc,musl,mimalloc,jemalloc),
# MALLOC_BENCH_WORKLOADS (all that build with lom-cc).
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
harness=${MALLOC_BENCH:-../shared/bench/malloc}
reps=${MALLOC_BENCH_REPS:-3}
scale=${MALLOC_BENCH_SCALE:-0.5}
allocs=${MALLOC_BENCH_ALLOCS:-glibc,musl,mimalloc,jemalloc}
workloads=${MALLOC_BENCH_WORKLOADS:-small_churn,size_mix,realloc_grow,fragment,trim}

if [ ! -x "$harness/run.sh" ]; then
	echo "bench-malloc: no $harness/run.sh (shared/ should sit next to this repo; or MALLOC_BENCH=DIR)" >&2
	exit 1
fi
make -s --no-print-directory BUILD="$BUILD" libc || exit 1
out=$(cd "$BUILD" && pwd)/bench-malloc
rm -rf "$out"
mkdir -p "$out"
lomcc=$(pwd)/tools/lom-cc
echo "# malloc workloads: lom (tools/lom-cc) vs $allocs, $reps runs, scale $scale (log: $out/run.log)"
BUILD=$(cd "$BUILD" && pwd) "$harness/run.sh" --reps "$reps" --scale "$scale" --allocs "$allocs" \
	--workloads "$workloads" --cc lom="$lomcc" --out "$out" >"$out/run.log" 2>&1
status=$?
[ -f "$out/raw.txt" ] || { echo "bench-malloc: the harness wrote no results (exit $status); see $out/run.log" >&2; exit 1; }

awk -v allocs="lom,$allocs" '
function median(key,    n, i, j, t, a) {
	n = split(vals[key], a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n ? (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) : ""
}
/^#/ { next }
{
	delete f
	for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	if (f["status"] != "ok") { bad[f["wl"] "," f["alloc"]] = f["status"]; next }
	w = f["wl"]; a = f["alloc"]
	if (!(w in seen)) { seen[w] = 1; order[++nw] = w }
	vals[w "," a ",cpu"] = vals[w "," a ",cpu"] " " f["cpu_s"]
	vals[w "," a ",rss"] = vals[w "," a ",rss"] " " f["maxrss_kb"]
}
END {
	na = split(allocs, al, ",")
	for (k = 1; k <= nw; k++) {
		w = order[k]
		for (i = 1; i <= na; i++) {
			a = al[i]
			c[a] = median(w "," a ",cpu"); r[a] = median(w "," a ",rss")
			if (c[a] != "") {
				printf "BENCH name=malloc.%s.%s.cpu value=%.4f unit=s\n", w, a, c[a]
				printf "BENCH name=malloc.%s.%s.peak_rss value=%.1f unit=MiB\n", w, a, r[a] / 1024
			}
		}
		if (c["lom"] != "" && c["glibc"] > 0)
			printf "BENCH name=malloc.%s.ratio.lom_glibc.cpu value=%.2f unit=x\n", w, c["lom"] / c["glibc"]
		if (c["lom"] != "" && c["mimalloc"] > 0)
			printf "BENCH name=malloc.%s.ratio.lom_mimalloc.cpu value=%.2f unit=x\n", w, c["lom"] / c["mimalloc"]
		if (r["lom"] != "" && r["glibc"] > 0)
			printf "BENCH name=malloc.%s.ratio.lom_glibc.peak_rss value=%.2f unit=x\n", w, r["lom"] / r["glibc"]
		line[w] = ""
		for (i = 1; i <= na; i++)
			line[w] = line[w] sprintf(" %s |", c[al[i]] == "" ? "-" : sprintf("%.3f", c[al[i]]))
		for (i = 1; i <= na; i++)
			line[w] = line[w] sprintf(" %s |", r[al[i]] == "" ? "-" : sprintf("%.1f", r[al[i]] / 1024))
	}
	printf "\n| workload |"
	for (i = 1; i <= na; i++) printf " %s CPU s |", al[i]
	for (i = 1; i <= na; i++) printf " %s peak MiB |", al[i]
	printf "\n|---|"
	for (i = 1; i <= 2 * na; i++) printf "---:|"
	printf "\n"
	for (k = 1; k <= nw; k++) printf "| %s |%s\n", order[k], line[order[k]]
	for (key in bad) printf "# not ok: %s %s\n", key, bad[key]
}' "$out/raw.txt"
echo "(full tables: $out/summary.md)"
