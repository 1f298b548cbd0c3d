#!/bin/sh
# tools/bench-table.sh [--markdown] LOM_TSV LINUX_TSV - lom against Linux,
# from the linux-guest harness's tables (summarize.sh/run.sh <label>.tsv:
# config metric unit n min median max): a BENCH line per kernel and metric
# (name=lom.METRIC, name=linux.METRIC: the median over the runs), a
# BENCH line per ratio (name=ratio.METRIC, lom/Linux, lower is better for
# every metric), then the table with the targets for the ratio.
# --markdown: only the table, as Markdown (for the README).
md=0
[ "${1:-}" = --markdown ] && { md=1; shift; }
[ $# -eq 2 ] || { echo "usage: bench-table.sh [--markdown] LOM_TSV LINUX_TSV" >&2; exit 2; }
awk -F'\t' -v md=$md '
BEGIN {
	# the issue`s five, in its order, with the target ratio lom/Linux
	# then the rest of the harness`s metrics; a row is printed if either has it
	n = split("fault_anon fault_brk mmap_munmap fork_cow fork_cow_fork syscall_null malloc_small " \
		"fault_anon_total fault_brk_total fork_cow_total boot_to_init guest_mono_at_init run_wall", first, " ")
	what["fault_anon"] = "first-touch fault, anonymous mmap, 256 MiB"; target["fault_anon"] = 0.5
	what["fault_brk"] = "heap growth, brk in 64 KiB steps, per page"; target["fault_brk"] = 0.5
	what["mmap_munmap"] = "mmap + touch + munmap of 64 KiB"; target["mmap_munmap"] = 0.5
	what["fork_cow"] = "COW fault after fork (64 MiB)"; target["fork_cow"] = 1.0
	what["fork_cow_fork"] = "fork() with 64 MiB touched"; target["fork_cow_fork"] = 1.0
	what["syscall_null"] = "null syscall (getppid)"
	what["malloc_small"] = "musl malloc/free pair, 16-256 B"
	what["fault_anon_total"] = "fault_anon, whole 256 MiB"
	what["fault_brk_total"] = "fault_brk, whole 256 MiB"
	what["fork_cow_total"] = "fork -> child writes 64 MiB -> wait"
	what["boot_to_init"] = "QEMU start -> /init (host clock)"
	what["guest_mono_at_init"] = "guest CLOCK_MONOTONIC at /init"
	what["run_wall"] = "whole boot + benchmarks (host clock)"
	for (i = 1; i <= n; i++) { order[++nm] = first[i]; seen[first[i]] = 1 }
}
NF < 7 { next }
{ file = FILENAME == ARGV[1] ? 1 : 2 }
{
	k = $2
	if (!(k in seen)) { seen[k] = 1; order[++nm] = k }
	unit[k] = $3
	if (file == 1) { lom[k] = $6; nlom = $4 } else { lin[k] = $6; nlin = $4 }
}
function num(v) { return v >= 1000 ? sprintf("%.0f", v) : sprintf("%.1f", v) }
END {
	for (i = 1; i <= nm; i++) {
		k = order[i]
		hl[k] = k in lom; hx[k] = k in lin
		if (!hl[k] && !hx[k]) continue
		ratio[k] = hl[k] && hx[k] && lin[k] > 0 ? sprintf("%.2f", lom[k] / lin[k]) : "-"
		met[k] = ""
		if (k in target && ratio[k] != "-")
			met[k] = ratio[k] + 0 <= target[k] ? "yes" : "no"
	}
	if (md) {
		print "| benchmark | what | unit | lom | Linux | lom/Linux | target | met |"
		print "|---|---|---|---:|---:|---:|---:|---|"
		for (i = 1; i <= nm; i++) {
			k = order[i]
			if (!hl[k] && !hx[k]) continue
			printf "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", k, what[k], unit[k],
				hl[k] ? num(lom[k]) : "-", hx[k] ? num(lin[k]) : "-",
				ratio[k] == "-" ? "-" : "**" ratio[k] "**",
				k in target ? sprintf("<= %.1f", target[k]) : "", met[k]
		}
		exit
	}
	for (i = 1; i <= nm; i++) if (hl[order[i]])
		printf "BENCH name=lom.%s value=%s unit=%s\n", order[i], lom[order[i]], unit[order[i]]
	for (i = 1; i <= nm; i++) if (hx[order[i]])
		printf "BENCH name=linux.%s value=%s unit=%s\n", order[i], lin[order[i]], unit[order[i]]
	for (i = 1; i <= nm; i++) if (ratio[order[i]] != "-")
		printf "BENCH name=ratio.%s value=%s unit=lom/linux%s\n", order[i], ratio[order[i]],
			order[i] in target ? sprintf(" target=%.1f", target[order[i]]) : ""
	printf "%-18s %-9s %12s %12s %9s %7s %4s  %s\n", "benchmark", "unit", "lom", "Linux",
		"lom/Linux", "target", "met", "what"
	for (i = 1; i <= nm; i++) {
		k = order[i]
		if (!hl[k] && !hx[k]) continue
		printf "%-18s %-9s %12s %12s %9s %7s %4s  %s\n", k, unit[k],
			hl[k] ? num(lom[k]) : "-", hx[k] ? num(lin[k]) : "-", ratio[k],
			k in target ? sprintf("<=%.1f", target[k]) : "", met[k], what[k]
	}
	printf "(medians over %s lom run(s) and %s Linux run(s); lower is better)\n", nlom + 0, nlin + 0
}' "$1" "$2"
