# tests/run-ubsan.sh - the kernel built with its undefined-behaviour
# sanitizer (make UBSAN=1, kernel/ubsan.c), sourced by tests/run.sh after
# tests/run-observe.sh (it uses run.sh's counters, result, count_ktap and
# run_qemu).
#
#   ubsan         $BUILD/ubsan: the gcc kernel with -fsanitize=undefined,
#                 booted with test=all (PVH, 2 CPUs): every suite passes,
#                 the ubsan suite's deliberate reports each come between
#                 its markers and name tests/kernel/test_ubsan.c, and no
#                 other `UBSAN:` line appears anywhere in the log
#   ubsan-clang   the same kernel built with clang ($BUILD/ubsan-clang)
#   ubsan-user    user programs (the virtual-memory tests, a few syscall
#                 tests, t_efault's bad pointers) on the gcc UBSan kernel under
#                 t_leakcheck: their TAP passes, and the kernel's
#                 messages (their stderr) have no `UBSAN:` line
#
# Undefined behaviour the kernel does by accident is a failure here, never
# a panic: the report says where, and the run goes on to find the rest.
ubsan_abs=$(cd "$BUILD" && pwd)

# ubsan_check_log NAME LOG - the deliberate reports are where they should be, and no other
ubsan_check_log() {
	local name=$1 log=$2 counts deliberate markers stray
	counts=$(tr -d '\r' <"$log" | awk '
		/# ubsan: deliberate undefined behaviour begins/ { inside = 1; markers++; next }
		/# ubsan: deliberate undefined behaviour ends/ { inside = 0; next }
		/UBSAN: / {
			if (inside && index($0, " in tests/kernel/test_ubsan.c:")) deliberate++
			else { stray++; print "# unexpected: " $0 }
		}
		END { print deliberate + 0, markers + 0, stray + 0 }')
	printf '%s\n' "$counts" | sed '$d' | head -20 | sed "s/^/[$name] /"
	read -r deliberate markers stray <<<"$(printf '%s\n' "$counts" | tail -n 1)"
	if [ "$stray" = 0 ]; then
		result ok "$name: no UBSAN report outside the deliberate ones"
	else
		result fail "$name: no UBSAN report outside the deliberate ones" "$stray unexpected; see $log"
	fi
	if [ "$markers" -gt 0 ] && [ "$deliberate" = "$markers" ]; then
		result ok "$name: each deliberate undefined behaviour reported once, as where it happened ($deliberate)"
	else
		result fail "$name: each deliberate undefined behaviour reported once" \
			"$deliberate reports for $markers deliberate cases; see $log"
	fi
}

# ubsan_kernel NAME BUILD_DIR [make args...] - build it, boot test=all, check the log
ubsan_kernel() {
	local name=$1 dir=$2
	shift 2
	if make --no-print-directory BUILD="$dir" UBSAN=1 "$@" kernel >"$OUT/$name-build.log" 2>&1; then
		result ok "$name: kernel builds with UBSAN=1 ($*), no warnings"
	else
		tail -20 "$OUT/$name-build.log" | sed 's/^/# /'
		result fail "$name: kernel builds with UBSAN=1 ($*)" "see $OUT/$name-build.log"
		return 1
	fi
	SMP=2 TIMEOUT=$((TIMEOUT * 2)) run_qemu "$OUT/$name.log" --kernel "$dir/lom.elf" \
		--append "test=all panic=-1${CMDLINE:+ $CMDLINE}"
	count_ktap "$name" "$OUT/$name.log" "$code" $QEMU_PASS
	ubsan_check_log "$name" "$OUT/$name.log"
}

# ---- the gcc kernel with UBSan: the in-kernel suites ----
ubsan_kernel ubsan "$BUILD/ubsan" CC=gcc

# ---- the same with clang ----
if command -v clang >/dev/null && command -v ld.lld >/dev/null; then
	ubsan_kernel ubsan-clang "$BUILD/ubsan-clang" CC=clang
else
	result fail "ubsan-clang: kernel builds with clang" "clang or ld.lld missing: tools/deps.sh test installs them"
fi

# ---- user programs on the UBSan kernel ----
# lom-exec takes the kernel from $BUILD/ubsan and the user programs and
# mkinitrd from there too: those are the normal build's (UBSAN=1 changes
# the kernel only)
if [ -f "$BUILD/ubsan/lom.elf" ]; then
	mkdir -p "$BUILD/ubsan/host"
	[ -L "$BUILD/ubsan/user" ] || [ ! -e "$BUILD/ubsan/user" ] && ln -sfn "$ubsan_abs/user" "$BUILD/ubsan/user"
	[ -L "$BUILD/ubsan/host/mkinitrd" ] || [ ! -e "$BUILD/ubsan/host/mkinitrd" ] &&
		ln -sf "$ubsan_abs/host/mkinitrd" "$BUILD/ubsan/host/mkinitrd"
	mapfile -t ubsan_specs < <(make -s --no-print-directory BUILD="$BUILD" user-tests-files)
	ubsan_adds=()
	for s in "${ubsan_specs[@]}"; do ubsan_adds+=(--add "$s"); done
	# the virtual-memory tests, the process/signal/file ones, and (where the
	# tree has them) bad pointers to every syscall and execution from data
	ubsan_tests=$(make -s --no-print-directory BUILD="$BUILD" user-tests-list | tr ' ' '\n' |
		grep -E '^(t_vm_.*|t_process|t_signal|t_pipe|t_fileio|t_proc|t_ptrace|t_efault|t_nx)$')
	for t in $ubsan_tests; do
		SMP=${USER_SMP:-2} LOM_EXEC_TIMEOUT=$((TIMEOUT * 4)) BUILD="$BUILD/ubsan" tools/lom-exec "${ubsan_adds[@]}" \
			-c "/tests/bin/t_leakcheck /tests/bin/$t" >"$OUT/$t.ubsan" 2>"$OUT/$t.ubsan.stderr" </dev/null
		code=$?
		read -r p f prob <<<"$(awk -f tests/tap.awk "$OUT/$t.ubsan" | tail -n 1)"
		reports=$(grep -ac 'UBSAN:' "$OUT/$t.ubsan.stderr")
		if [ "$code" = 0 ] && [ "$f" = 0 ] && [ "$prob" = 0 ] && [ "$reports" = 0 ]; then
			result ok "ubsan-user: $t on the UBSan kernel: $p passed, no UBSAN report, nothing left behind"
		else
			grep -a -A1 'UBSAN:' "$OUT/$t.ubsan.stderr" | head -6 | sed "s/^/[ubsan-user] # /"
			result fail "ubsan-user: $t on the UBSan kernel" \
				"exit $code, $f failed, $prob problems, $reports UBSAN reports; see $OUT/$t.ubsan and its .stderr"
		fi
	done
fi
