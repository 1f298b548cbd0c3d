#!/usr/bin/env bash
# tests/run.sh - lom's test harness, run by `make test` after the build.
#
# Runs every test, prints what each one printed that matters (KTAP lines,
# failure details), and ends with exactly one line: "N passed, M failed".
# Exit status: 0 only when M == 0.
#
#   host       the portable ktest suites built for Linux with ASan+UBSan
#   iso        every in-kernel suite, booted from the GRUB ISO (the real path)
#   pvh        the same suites, booted with qemu -kernel (PVH)
#   clang      the kernel built with clang + ld.lld, booted, suites run
#   smp        the SMP and allocator suites with -smp 1, 2, 4, 8 and maxcpus=1
#   memory     the allocator suites on machines of 16 MiB, mem=64M, 4 GiB
#              and 8 GiB (zones above 4 GiB), and the boot report's figures
#   fuzz       the page-allocator, ELF/cpio and red-black tree fuzzers, FUZZ_TEST_SECONDS
#              each (default 10)
#   user       user mode (tests/run-user.sh): the bundled programs, the
#              syscall tests on Linux and on lom, bad ELF files, faults,
#              fork leaks, musl binaries built at test time, the shell
#   observe    the observability tools in lom: /proc formats, ps, free,
#              strace, perf stat, the fault tracepoint, the demos
#              (tests/run-observe.sh, one suite per tests/observe/*.sh)
#   checks     boot scenarios that must end a given way: a deliberate panic,
#              a 32-bit CPU, bad command-line options, `make run` itself
#
# A timeout, a panic, a missing KTAP plan or fewer results than planned
# count as failures, never as passes.  QEMU knobs (MEM, SMP, ACCEL) come
# from the environment, as for every make target; CMDLINE is appended to
# the command line of the test=all boots.
set -u
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
ACCEL=${ACCEL:-tcg}
if [ "$ACCEL" = kvm ]; then default_timeout=300; else default_timeout=60; fi
TIMEOUT=${TEST_TIMEOUT:-$default_timeout}
OUT=$BUILD/test
mkdir -p "$OUT"

passed=0
failed=0
skipped=0
n=0

result() { # result ok|fail|skip NAME [detail]
	n=$((n + 1))
	if [ "$1" = ok ]; then
		passed=$((passed + 1))
		echo "ok $n - $2"
	elif [ "$1" = skip ]; then
		skipped=$((skipped + 1))
		echo "ok $n - $2 # SKIP${3:+ $3}"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2${3:+ ($3)}"
	fi
}

verdict() { # verdict 1|0 - "ok" or "fail", for result()
	if [ "$1" = 1 ]; then echo ok; else echo fail; fi
}

# qemu exit codes through isa-debug-exit (kernel/power.h): 2*status+1
QEMU_PASS=1 QEMU_FAIL=3 QEMU_PANIC=5

# count_ktap NAME LOG EXIT EXPECTED_EXIT - add a KTAP log to the totals
# count_tap NAME LOG EXIT WANT_EXIT - add a flat TAP log to the totals
count_tap() {
	local name=$1 log=$2 code=$3 want=$4 p f prob counts
	counts=$(awk -f tests/tap.awk "$log")
	printf '%s\n' "$counts" | sed '$d' | sed "s/^/[$name] /"
	read -r p f prob <<<"$(printf '%s\n' "$counts" | tail -n 1)"
	passed=$((passed + p))
	failed=$((failed + f + prob))
	n=$((n + p + f))
	if [ "$code" != "$want" ]; then
		result fail "$name: exit status" "got $code, want $want"
	fi
	echo "# $name: $p passed, $((f + prob)) failed (log: $log)"
}

count_ktap() {
	local name=$1 log=$2 code=$3 want=$4 counts p f prob
	grep -aE '^( {4})?(KTAP|1\.\.|ok |not ok |# )' "$log" | tr -d '\r' | sed "s/^/[$name] /"
	counts=$(awk -f tests/ktap.awk "$log")
	printf '%s\n' "$counts" | sed '$d' | sed "s/^/[$name] /"
	read -r p f prob sk <<<"$(printf '%s\n' "$counts" | tail -n 1)"
	passed=$((passed + p))
	failed=$((failed + f + prob))
	skipped=$((skipped + sk))
	n=$((n + p + f + sk))
	if grep -aq 'Kernel panic' "$log"; then
		echo "[$name] # the kernel panicked:"
		grep -a -A30 -E 'Oops|Kernel panic' "$log" | tr -d '\r' | sed "s/^/[$name] #   /" | head -40
	fi
	if [ "$code" = 124 ]; then
		result fail "$name: finished in time" "timed out after ${TIMEOUT}s"
	elif [ "$code" != "$want" ]; then
		result fail "$name: exit status" "got $code, want $want"
	fi
	echo "# $name: $p passed, $((f + prob)) failed$([ "$sk" -gt 0 ] && echo ", $sk skipped") (log: $log)"
}

# qemu_until LOG PATTERN ARGS... - run tools/qemu.sh until PATTERN shows on
# serial (then stop it) or it exits or the timeout passes.  Returns 0 when
# the pattern was seen.
qemu_until() {
	local log=$1 pattern=$2 i
	shift 2
	: > "$log"
	SERIAL="file:$log" setsid tools/qemu.sh "$@" </dev/null >/dev/null 2>"$log.stderr" &
	local pid=$!
	for ((i = 0; i < TIMEOUT * 10; i++)); do
		grep -aq -- "$pattern" "$log" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -- -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	grep -aq -- "$pattern" "$log"
}

run_qemu() { # run_qemu LOG ARGS... - boot to power-off; sets $code
	local log=$1
	shift
	timeout -k 5 "${TIMEOUT}" env SERIAL=stdio tools/qemu.sh "$@" </dev/null >"$log.tmp" 2>"$log.stderr"
	code=$?
	mv "$log.tmp" "$log"
}

echo "TAP version 13"

# ---- host unit tests ----
"$BUILD/host/ktest_host" all >"$OUT/host.log" 2>&1
count_ktap host "$OUT/host.log" $? 0
# lom's malloc (libc/malloc) on the host under ASan+UBSan, its consistency checker on
"$BUILD/host/test_malloc" >"$OUT/host-malloc.log" 2>&1
count_tap host-malloc "$OUT/host-malloc.log" $? 0

# ---- in-kernel suites, GRUB ISO ----
code=none
iso_cmdline="test=all panic=-1${CMDLINE:+ $CMDLINE} loglevel=7" # loglevel last: the boot report must show
tools/mkiso.sh "$BUILD/lom.elf" "$OUT/test-all.iso" "$iso_cmdline" &&
	run_qemu "$OUT/iso.log" --iso "$OUT/test-all.iso"
count_ktap iso "$OUT/iso.log" "$code" $QEMU_PASS
if grep -aqE 'lom [0-9.]+ \(x86-64\)' "$OUT/iso.log" && grep -aq 'protocol multiboot2, loader "GRUB' "$OUT/iso.log" &&
	grep -aq 'BIOS-e820: \[mem 0x0000000000100000-' "$OUT/iso.log" &&
	grep -aqF "Command line: $iso_cmdline" "$OUT/iso.log"; then
	result ok "iso: banner, GRUB multiboot2 info, memory map and command line on serial"
else
	result fail "iso: banner, GRUB multiboot2 info, memory map and command line on serial" "see $OUT/iso.log"
fi

# ---- the same suites, PVH fast path, on two CPUs ----
SMP=2 run_qemu "$OUT/pvh.log" --kernel "$BUILD/lom.elf" --append "test=all panic=-1${CMDLINE:+ $CMDLINE}"
count_ktap pvh "$OUT/pvh.log" "$code" $QEMU_PASS

# ---- SMP: every CPU comes up, announces itself, and the suites pass ----
for case in "1:" "2:" "4:" "8:" "4:maxcpus=1"; do
	ncpu=${case%%:*} extra=${case#*:}
	name="smp-$ncpu${extra:+-${extra/=/}}"
	want=$ncpu
	[ -n "$extra" ] && want=${extra#maxcpus=}
	# vCPUs beyond the host's cores make spinlock holders lose their core
	# for whole host time slices: give the run time in proportion
	SMP=$ncpu TIMEOUT=$((TIMEOUT * (ncpu > 4 ? ncpu / 2 : 2))) run_qemu "$OUT/$name.log" --kernel "$BUILD/lom.elf" \
		--append "test=smp,page_alloc panic=-1 $extra"
	count_ktap "$name" "$OUT/$name.log" "$code" $QEMU_PASS
	ok=1
	for ((c = 0; c < want; c++)); do
		grep -aqE "CPU $c online \(APIC id [0-9]+\)" "$OUT/$name.log" || ok=0
	done
	grep -aqE "CPU $want online" "$OUT/$name.log" && ok=0
	grep -aqE "smp: $want CPUs? online" "$OUT/$name.log" || ok=0
	result "$(verdict $ok)" "$name: exactly $want CPU(s) online, each announced with its APIC id" "see $OUT/$name.log"
done

# ---- clang build: warning-free (-Werror) and working ----
if command -v clang >/dev/null && command -v ld.lld >/dev/null; then
	if make --no-print-directory BUILD="$BUILD/clang" CC=clang kernel >"$OUT/clang-build.log" 2>&1; then
		result ok "clang: kernel builds with clang and ld.lld, no warnings"
		run_qemu "$OUT/clang.log" --kernel "$BUILD/clang/lom.elf" --append "test=all panic=-1${CMDLINE:+ $CMDLINE}"
		count_ktap clang "$OUT/clang.log" "$code" $QEMU_PASS
	else
		tail -20 "$OUT/clang-build.log" | sed 's/^/# /'
		result fail "clang: kernel builds with clang and ld.lld, no warnings" "see $OUT/clang-build.log"
	fi
else
	result fail "clang: kernel builds with clang and ld.lld" "clang or ld.lld missing: tools/deps.sh test installs them"
fi

# ---- the page allocator on small and large machines ----
for case in "16M:" "256M:mem=64M" "4G:" "8G:"; do
	mem=${case%%:*} extra=${case#*:}
	name="mem-${extra:-$mem}"
	name=${name/mem-mem=/mem-}
	MEM=$mem run_qemu "$OUT/$name.log" --kernel "$BUILD/lom.elf" --append "test=page_alloc,slab panic=-1 $extra"
	count_ktap "$name" "$OUT/$name.log" "$code" $QEMU_PASS
	want_zones="DMA"
	case "$mem$extra" in
		16M) ;;
		4G | 8G) want_zones="DMA DMA32 Normal" ;;
		*) want_zones="DMA DMA32" ;;
	esac
	ok=1
	for z in $want_zones; do
		grep -aq "mm: zone $z " "$OUT/$name.log" || ok=0
		grep -aqE "Node 0, zone +$z " "$OUT/$name.log" || ok=0
	done
	grep -aqE 'struct page is [0-9]+ bytes; frame array .* of RAM' "$OUT/$name.log" || ok=0
	grep -aq 'MemFree:' "$OUT/$name.log" || ok=0
	result "$(verdict $ok)" "$name: boot report shows zones ($want_zones), frame array overhead, buddyinfo, meminfo" \
		"see $OUT/$name.log"
done

# ---- the fuzzers (page allocator; ELF and cpio; red-black tree; malloc), briefly (make fuzz runs them longer) ----
FUZZ_TEST_SECONDS=${FUZZ_TEST_SECONDS:-10}
# fuzz_target NAME LOG WHAT: run $BUILD/fuzz/NAME with a fixed seed, log in $OUT/LOG.log
fuzz_target() {
	local name=$1 log=$OUT/$2.log what=$3
	mkdir -p "$OUT/$2-corpus"
	if "$BUILD/fuzz/$name" -seed=1 -max_total_time="$FUZZ_TEST_SECONDS" -artifact_prefix="$OUT/$2-" \
		"$OUT/$2-corpus" >"$log" 2>&1; then
		result ok "fuzz: $what, ${FUZZ_TEST_SECONDS}s ($(grep -ao 'Done [0-9]* runs' "$log"))"
	else
		grep -aE "$name:|ERROR|SUMMARY" "$log" | head -5 | sed 's/^/# /'
		result fail "fuzz: $what" "see $log and the crash file in $OUT"
	fi
}
fuzz_target fuzz_page_alloc fuzz "page allocator fuzzer"
fuzz_target fuzz_elf fuzz-elf "ELF and cpio parser fuzzer"
fuzz_target fuzz_rbtree fuzz-rbtree "red-black tree (the VMA tree's) fuzzer"
fuzz_target fuzz_malloc fuzz-malloc "malloc/free/realloc/memalign sequences (libc/malloc) fuzzer"
fuzz_target fuzz_vma fuzz-vma "VMA tree (mm/mmap.c) fuzzer"

# ---- a deliberate kernel fault: registers and a symbolized backtrace ----
SMP=2 run_qemu "$OUT/panic.log" --kernel "$BUILD/lom.elf" --append "test=panic panic=-1"
if [ "$code" = $QEMU_PANIC ] && grep -aq 'BUG: unable to handle page fault for address: 0000000000000010' "$OUT/panic.log" &&
	grep -aq 'RIP: 0010:panic_test_level3+0x' "$OUT/panic.log" && grep -aq 'RAX: ' "$OUT/panic.log" &&
	grep -aq 'CR2: 0000000000000010' "$OUT/panic.log" &&
	grep -aA8 'Call Trace:' "$OUT/panic.log" | grep -aq '\] panic_test_level2+0x' &&
	grep -aA8 'Call Trace:' "$OUT/panic.log" | grep -aq '\] test_deliberate_page_fault+0x' &&
	grep -aA8 'Call Trace:' "$OUT/panic.log" | grep -aq '\] kmain+0x' &&
	grep -aq 'end Kernel panic - not syncing: Fatal exception' "$OUT/panic.log" &&
	grep -aq 'CPU: 0 of 2 online (the others are stopped)' "$OUT/panic.log"; then
	result ok "panic: test=panic on 2 CPUs stops the other CPU, shows registers and a symbolized backtrace, powers off"
else
	result fail "panic: test=panic on 2 CPUs stops the other CPU, shows registers and a symbolized backtrace, powers off" "exit $code, see $OUT/panic.log"
fi

# ---- deliberate kernel bugs the protections must catch and report (tests/kernel/test_protect.c) ----
# crash_check NAME WHAT PATTERN... : boot test=NAME on 2 CPUs; it must panic and show every pattern
crash_check() {
	local name=$1 what=$2 pat ok=1
	shift 2
	SMP=2 run_qemu "$OUT/$name.log" --kernel "$BUILD/lom.elf" --append "test=$name panic=-1"
	[ "$code" = $QEMU_PANIC ] || ok=0
	for pat in "$@"; do
		grep -aqE -- "$pat" "$OUT/$name.log" || { ok=0; echo "# $name: no line matches: $pat"; }
	done
	result "$(verdict $ok)" "$what" "exit $code, see $OUT/$name.log"
}
crash_check stack_overflow "stack_overflow: a runaway recursion hits its stack's guard page: double fault on the IST stack, reported with the task and a backtrace" \
	'BUG: stack guard page was hit at ffffc9004[0-9a-f]{7} \(stack is ' 'kernel stack overflow \(double-fault\)' \
	'RIP: 0010:recurse_forever\+0x' '^\[ *[0-9.]+\] PID: 0 Comm: idle/0' \
	'\] recurse_forever\+0x.*\(faulting instruction\)' 'Kernel panic - not syncing: kernel stack overflow'
crash_check smap "smap: a kernel read of a user page outside copy_*_user is stopped by SMAP and reported as a bug" \
	'BUG: SMAP: kernel read of user address 0000000000400000 outside copy_\*_user' \
	'#PF: error_code\(0x0001\) - permissions violation' '\] test_deliberate_smap_violation\+0x.*\(faulting instruction\)' \
	'\] ktest_run\+0x' 'Kernel panic - not syncing: Fatal exception'
crash_check stack_protector "stack_protector: a buffer overflow over the random canary is caught on return" \
	'Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: smash_my_stack\+0x' \
	'\] __stack_chk_fail\+0x'

# ---- bad command-line options are reported, the boot goes on ----
run_qemu "$OUT/cmdline.log" --kernel "$BUILD/lom.elf" --append "no_such_option=1 loglevel=x test=printk,nosuch panic=-1 mem=67108865"
if [ "$code" = $QEMU_FAIL ] && grep -aq "unknown option 'no_such_option=1'" "$OUT/cmdline.log" &&
	grep -aq "bad value 'x' for option 'loglevel'" "$OUT/cmdline.log" &&
	grep -aq "no test suite named 'nosuch'" "$OUT/cmdline.log" && grep -aq '^ok 1 printk' "$OUT/cmdline.log" &&
	grep -aq 'mm: mem=64M: using 64 MiB of RAM' "$OUT/cmdline.log"; then
	result ok "cmdline: unknown options and bad values are reported; an unknown test suite fails the run; mem= not a page multiple"
else
	result fail "cmdline: unknown options and bad values are reported; an unknown test suite fails the run" "exit $code, see $OUT/cmdline.log"
fi

# ---- a 32-bit CPU: a clear message, not a triple fault ----
tools/mkiso.sh "$BUILD/lom.elf" "$OUT/plain.iso" ""
if CPU=qemu32 qemu_until "$OUT/qemu32.log" "does not support 64-bit long mode" --iso "$OUT/plain.iso"; then
	result ok "qemu32: GRUB ISO on -cpu qemu32 prints the no-long-mode message"
else
	result fail "qemu32: GRUB ISO on -cpu qemu32 prints the no-long-mode message" "see $OUT/qemu32.log"
fi

# ---- `make run` itself: boots the ISO and shows the boot report ----
: > "$OUT/make-run.log"
setsid make --no-print-directory BUILD="$BUILD" CMDLINE="loglevel=7" run </dev/null >"$OUT/make-run.log" 2>&1 &
pid=$!
for ((i = 0; i < TIMEOUT * 10; i++)); do
	grep -aq 'boot complete' "$OUT/make-run.log" && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
kill -- -$pid 2>/dev/null
wait $pid 2>/dev/null
if grep -aq 'boot complete' "$OUT/make-run.log" && grep -aq 'Command line: loglevel=7' "$OUT/make-run.log" &&
	grep -aq 'BIOS-e820' "$OUT/make-run.log"; then
	result ok "make run: boots the GRUB ISO, shows banner, memory map and command line"
else
	result fail "make run: boots the GRUB ISO, shows banner, memory map and command line" "see $OUT/make-run.log"
fi

# ---- user mode, processes, syscalls (tests/run-user.sh) ----
# shellcheck source=tests/run-user.sh
. tests/run-user.sh

# ---- observability: /proc, ps/free, strace, perf, tracing, the demos (tests/run-observe.sh) ----
# shellcheck source=tests/run-observe.sh
. tests/run-observe.sh
# ---- hardening: the kernel built with UBSan (tests/run-ubsan.sh), fault injection (tests/run-failinject.sh), the syscall fuzzer (tests/run-syzlite.sh) ----
. tests/run-ubsan.sh
. tests/run-failinject.sh
. tests/run-syzlite.sh

echo "1..$n"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
