# tests/run-user.sh - the user-mode part of the harness, sourced by
# tests/run.sh (it uses its counters and result()).
#
#   linux-user  the bundled programs (user/) built and checked on this
#               Linux host (user/test-on-linux.sh)
#   syscalls    each tests/user/t_* program, a static musl binary, runs on
#               Linux and on lom (-smp 2, tools/lom-exec); both must pass
#               all their TAP checks and print the same bytes
#               (t_efault: bad pointers to every syscall; t_nx: no
#               execution from data, vm.mmap_min_addr); on lom each runs
#               under t_leakcheck
#   leakcheck   t_leakcheck catches a program that leaves a live child
#               behind, and names the caches that grew (/proc/slabinfo)
#   malloc-strace  strace of a malloc test program on Linux: small
#               requests go to brk, >= 128 KiB to mmap (tests/host/strace_malloc.sh)
#   badelf      malformed executables are refused (lom only)
#   crash       programs that fault are killed with the right signal and
#               the shell carries on
#   leak        1000 fork+exit cycles leave the free page count unchanged
#   libc-vs-glibc  the libc tests built against glibc pass too
#   foreign     the shared malloc workloads, built with tools/lom-cc, run
#               on Linux and on lom with the same request sequence
#   musl        a hello world and a malloc/printf program, compiled now
#               with musl-gcc -static, run unmodified on lom
#   shell       `make run`: the shell answers on the serial console
USER_SMP=${USER_SMP:-2}
abs_build=$(cd "$BUILD" && pwd)
lom_exec() { SMP=$USER_SMP LOM_EXEC_TIMEOUT=$((TIMEOUT * 4)) BUILD=$BUILD tools/lom-exec "$@"; }

# ---- the bundled programs, on Linux ----
user/test-on-linux.sh >"$OUT/user-linux.log" 2>&1
code=$?
grep -aE '^(ok|not ok) ' "$OUT/user-linux.log" | sed 's/^/[linux-user] /' | grep -a 'not ok' | head -20
p=$(grep -ac '^ok ' "$OUT/user-linux.log") f=$(grep -ac '^not ok ' "$OUT/user-linux.log")
passed=$((passed + p)) failed=$((failed + f)) n=$((n + p + f))
[ "$code" = 0 ] || result fail "linux-user: user/test-on-linux.sh" "exit $code, see $OUT/user-linux.log"
echo "# linux-user: $p passed, $f failed (log: $OUT/user-linux.log)"

# ---- the initrd tool ----
if tests/host/mkinitrd_check.sh >"$OUT/mkinitrd.log" 2>&1; then
	result ok "mkinitrd: archives read back, reproducible, errors refused"
else
	result fail "mkinitrd" "see $OUT/mkinitrd.log"
fi

# ---- syscall tests: the same binaries on Linux and on lom ----
if ! make -s --no-print-directory BUILD="$BUILD" user-tests >"$OUT/user-tests-build.log" 2>&1; then
	result fail "user tests: build" "see $OUT/user-tests-build.log"
fi
mapfile -t specs < <(make -s --no-print-directory BUILD="$BUILD" user-tests-files)
root=$abs_build/test/linux-root
rm -rf "$root"
adds=()
for s in "${specs[@]}"; do
	dest=${s%%=*} src=${s#*=}
	adds+=(--add "$s")
	mkdir -p "$root$(dirname "$dest")"
	cp "$src" "$root$dest" 2>/dev/null
done
# on lom each runs under t_leakcheck: the free pages, slab pages and kernel
# objects must be back to their values before it when it has exited
for t in $(make -s --no-print-directory BUILD="$BUILD" user-tests-list); do
	lom_exec "${adds[@]}" -c "/tests/bin/t_leakcheck /tests/bin/$t" >"$OUT/$t.lom" 2>"$OUT/$t.lom.stderr" </dev/null
	code=$?
	if [ "$code" = 99 ]; then
		result fail "$t: no memory left behind on lom" "$(grep '# leak:' "$OUT/$t.lom.stderr")"
	else
		result ok "$t: no memory left behind on lom (free pages, slab pages, kernel objects, per cache)"
	fi
	count_tap "$t" "$OUT/$t.lom" $code 0
	[ "$t" = t_badelf ] && continue # lom's own error codes: no Linux counterpart
	(cd "$root" && timeout $((TIMEOUT * 2)) "$abs_build/user/tests/$t" "$root") >"$OUT/$t.linux" 2>"$OUT/$t.linux.stderr" </dev/null
	lcode=$?
	if [ "$lcode" = 0 ] && cmp -s "$OUT/$t.linux" "$OUT/$t.lom"; then
		result ok "$t: passes on Linux, and lom prints the same bytes"
	else
		diff "$OUT/$t.linux" "$OUT/$t.lom" | head -10 | sed "s/^/[$t] # /"
		result fail "$t: passes on Linux, and lom prints the same bytes" "Linux exit $lcode; see $OUT/$t.linux and $OUT/$t.lom"
	fi
done

# ---- the leak checker itself: a live child left behind is a leak, its caches named ----
lom_exec "${adds[@]}" -c '/tests/bin/t_leakcheck /tests/bin/t_leaker; echo "leaker: $?"' \
	>"$OUT/leakcheck.out" 2>"$OUT/leakcheck.err" </dev/null
if grep -q '^leaker: 99$' "$OUT/leakcheck.out" &&
	grep -q '^# leak: /tests/bin/t_leaker: .*; caches grown: kmalloc-[0-9a-z]* +[0-9]' "$OUT/leakcheck.err"; then
	result ok "leakcheck: a program leaving a live child behind is caught (exit 99), the grown caches named"
else
	result fail "leakcheck: a leak is caught and its caches named" "see $OUT/leakcheck.out and $OUT/leakcheck.err"
fi

# ---- malloc's system calls on Linux: small requests grow the brk heap, >= 128 KiB get an mmap each ----
tests/host/strace_malloc.sh "$abs_build/user/tests/t_malloc_strace" >"$OUT/malloc-strace.log" 2>&1
count_tap malloc-strace "$OUT/malloc-strace.log" $? 0

# ---- preemption with one CPU: a spinning child must not starve the rest ----
USER_SMP=1 lom_exec "${adds[@]}" "$BUILD/user/tests/t_sched" >"$OUT/t_sched-smp1.lom" 2>"$OUT/t_sched-smp1.lom.stderr" </dev/null
count_tap t_sched-smp1 "$OUT/t_sched-smp1.lom" $? 0

# ---- faults kill the program, with the right signal; the shell goes on ----
lom_exec "${adds[@]}" -c '/tests/bin/t_crash_null; echo "null: $?"; /tests/bin/t_crash_priv; echo "privileged: $?";
/tests/bin/t_crash_kernel; echo "kernel: $?"; echo "the shell is still here"' >"$OUT/crash.out" 2>"$OUT/crash.err" </dev/null
code=$?
if [ "$code" = 0 ] && grep -q '^null: 139$' "$OUT/crash.out" && grep -q '^privileged: 139$' "$OUT/crash.out" &&
	grep -q '^kernel: 139$' "$OUT/crash.out" && grep -q '^the shell is still here$' "$OUT/crash.out" &&
	[ "$(grep -c 'Segmentation fault' "$OUT/crash.err")" = 3 ]; then
	result ok "crash: NULL dereference, privileged instruction, jump into the kernel: SIGSEGV each, shell carries on"
else
	result fail "crash: faulting programs killed by SIGSEGV, shell carries on" "see $OUT/crash.out and $OUT/crash.err"
fi

# ---- fork/exit stress: no page leaks ----
lom_exec "${adds[@]}" "$BUILD/user/tests/t_leak" >"$OUT/t_leak.lom" 2>"$OUT/t_leak.lom.stderr" </dev/null
count_tap t_leak "$OUT/t_leak.lom" $? 0

# ---- overcommit modes 0/1/2 through /proc/sys/vm (lom only: never the host's) ----
lom_exec "${adds[@]}" -c "/tests/bin/t_leakcheck /tests/bin/t_vm_overcommit" >"$OUT/t_vm_overcommit.lom" \
	2>"$OUT/t_vm_overcommit.lom.stderr" </dev/null
count_tap t_vm_overcommit "$OUT/t_vm_overcommit.lom" $? 0

# ---- transparent huge pages: 2 MiB faults and their splitting (lom only) ----
lom_exec "${adds[@]}" -c "/tests/bin/t_leakcheck /tests/bin/t_vm_thp" >"$OUT/t_vm_thp.lom" 2>"$OUT/t_vm_thp.lom.stderr" </dev/null
count_tap t_vm_thp "$OUT/t_vm_thp.lom" $? 0
# and with transparent_hugepage=always, the virtual-memory tests still print
# Linux's bytes and leave nothing behind
for t in $(make -s --no-print-directory BUILD="$BUILD" user-tests-list); do
	case $t in t_vm_*) ;; *) continue ;; esac
	CMDLINE=transparent_hugepage=always lom_exec "${adds[@]}" -c "/tests/bin/t_leakcheck /tests/bin/$t" \
		>"$OUT/$t.thp.lom" 2>"$OUT/$t.thp.lom.stderr" </dev/null
	code=$?
	if [ "$code" = 0 ] && cmp -s "$OUT/$t.linux" "$OUT/$t.thp.lom"; then
		result ok "$t with transparent_hugepage=always: Linux's bytes, nothing left behind"
	else
		result fail "$t with transparent_hugepage=always" "exit $code; see $OUT/$t.thp.lom and its .stderr"
	fi
done

# ---- address-space randomization, and `norandmaps` turning it off ----
for i in 1 2; do
	lom_exec "$BUILD/user/tests/t_aslr" >"$OUT/aslr-$i.out" 2>/dev/null </dev/null
	CMDLINE=norandmaps lom_exec "$BUILD/user/tests/t_aslr" >"$OUT/aslr-fixed-$i.out" 2>/dev/null </dev/null
done
differ=0
for what in stack brk mmap; do
	[ "$(grep "^$what " "$OUT/aslr-1.out")" != "$(grep "^$what " "$OUT/aslr-2.out")" ] && differ=$((differ + 1))
done
if [ "$differ" = 3 ] && [ -s "$OUT/aslr-fixed-1.out" ] && cmp -s "$OUT/aslr-fixed-1.out" "$OUT/aslr-fixed-2.out" &&
	grep -q '^stack 0x7ffffff' "$OUT/aslr-fixed-1.out"; then
	result ok "aslr: stack, brk and mmap addresses differ between boots; with norandmaps they are the same"
else
	result fail "aslr: random layout, fixed with norandmaps" "see $OUT/aslr-*.out"
fi

# ---- the OOM killer: 128 MiB of RAM, a program touching 1 GiB (lom only) ----
MEM=128M lom_exec "${adds[@]}" -c '/tests/bin/t_vm_oom; echo "oom: $?"; echo "the shell is still here"' \
	>"$OUT/oom.out" 2>"$OUT/oom.err" </dev/null
code=$?
if [ "$code" = 0 ] && grep -q '^oom: 137$' "$OUT/oom.out" && grep -q '^the shell is still here$' "$OUT/oom.out" &&
	grep -q 'Out of memory: Killed process [0-9]* (t_vm_oom) total-vm:' "$OUT/oom.err"; then
	result ok "oom: with 128 MiB, touching 1 GiB gets the OOM killer's SIGKILL; the shell carries on"
else
	result fail "oom: killed by the OOM killer, shell carries on" "see $OUT/oom.out and $OUT/oom.err"
fi
MEM=128M lom_exec "${adds[@]}" "$BUILD/user/tests/t_vm_oom" check >"$OUT/t_vm_oom.lom" 2>"$OUT/t_vm_oom.lom.stderr" </dev/null
count_tap t_vm_oom "$OUT/t_vm_oom.lom" $? 0

# ---- musl's own static startup: programs compiled right now ----
cat >"$OUT/musl-hello.c" <<'C'
#include <stdio.h>
int main(void) { printf("hello, world\n"); return 0; }
C
cat >"$OUT/musl-malloc.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
	size_t sizes[] = { 16, 1000, 100000, 5000000 };
	unsigned long sum = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char *p = malloc(sizes[i]);
		if (!p) { printf("malloc(%zu) failed\n", sizes[i]); exit(1); }
		memset(p, i + 1, sizes[i]);
		for (size_t j = 0; j < sizes[i]; j += 4096) sum += p[j];
		printf("malloc(%zu): ok\n", sizes[i]);
		free(p);
	}
	printf("%d args, last '%s', sum %lu\n", argc, argv[argc - 1], sum);
	exit(42);
}
C
for prog in musl-hello musl-malloc; do
	if ! musl-gcc -static -O2 -o "$OUT/$prog" "$OUT/$prog.c" 2>"$OUT/$prog.build.log"; then
		result fail "musl: $prog builds with musl-gcc -static" "see $OUT/$prog.build.log"
		continue
	fi
	"$OUT/$prog" one "two words" >"$OUT/$prog.linux" 2>&1
	lcode=$?
	lom_exec "$OUT/$prog" one "two words" >"$OUT/$prog.lom" 2>"$OUT/$prog.lom.stderr" </dev/null
	code=$?
	if [ "$code" = "$lcode" ] && cmp -s "$OUT/$prog.linux" "$OUT/$prog.lom"; then
		result ok "musl: $prog (musl-gcc -static, built now): same output and exit status ($code) as on Linux"
	else
		result fail "musl: $prog on lom" "exit $code vs $lcode on Linux; see $OUT/$prog.lom"
	fi
done

# ---- the libc tests' expected strings are glibc's: the same sources built against glibc pass ----
for t in t_libc_string t_libc_stdlib t_libc_stdio; do
	if ! ${HOST_CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -o "$OUT/$t.glibc" "tests/user/$t.c" \
		>"$OUT/$t.glibc.build.log" 2>&1; then
		result fail "libc-vs-glibc: $t builds against glibc" "see $OUT/$t.glibc.build.log"
		continue
	fi
	if (prog=$(cd "$OUT" && pwd)/$t.glibc && cd "$root" && timeout $((TIMEOUT * 2)) "$prog" "$root") \
		>"$OUT/$t.glibc.out" 2>&1 </dev/null; then
		result ok "libc-vs-glibc: $t built against glibc passes every check: its expectations are glibc's"
	else
		result fail "libc-vs-glibc: $t built against glibc" "see $OUT/$t.glibc.out"
	fi
done

# ---- programs nobody wrote for lom: the shared malloc workloads, built with tools/lom-cc ----
# (they take [scale] and print one RESULT line; seqchk= proves the same
# request sequence, "VERIFY FAILED" and exit 3 a corrupted block)
shared_malloc=${LOM_SHARED:-../shared}/bench/malloc/src
if [ -f "$shared_malloc/common.h" ]; then
	for w in small_churn size_mix realloc_grow fragment trim; do
		if ! tools/lom-cc -std=gnu11 -O2 -o "$OUT/wl-$w" "$shared_malloc/$w.c" >"$OUT/wl-$w.build.log" 2>&1; then
			result fail "foreign: $w builds with tools/lom-cc" "see $OUT/wl-$w.build.log"
			continue
		fi
		"$OUT/wl-$w" 0.01 >"$OUT/wl-$w.linux" 2>&1
		lcode=$?
		MEM=512M lom_exec "$OUT/wl-$w" 0.01 >"$OUT/wl-$w.lom" 2>"$OUT/wl-$w.lom.stderr" </dev/null
		code=$?
		lsum=$(grep -ao 'seqchk=[0-9a-f]*' "$OUT/wl-$w.linux") sum=$(grep -ao 'seqchk=[0-9a-f]*' "$OUT/wl-$w.lom")
		if [ "$lcode" = 0 ] && [ "$code" = 0 ] && [ -n "$sum" ] && [ "$sum" = "$lsum" ]; then
			result ok "foreign: the malloc workload $w (lom-cc) runs on Linux and on lom, its blocks verified, same $sum"
		else
			result fail "foreign: $w" "exit $code on lom, $lcode on Linux ($sum vs $lsum); see $OUT/wl-$w.lom"
		fi
	done
else
	result skip "foreign: the shared malloc workloads" "no $shared_malloc (set LOM_SHARED to the shared/ directory)"
fi

# ---- `make run`: the shell on the serial console (GRUB ISO, 2 CPUs) ----
rm -f "$OUT/run.in"
mkfifo "$OUT/run.in"
: >"$OUT/make-run-shell.log"
setsid make --no-print-directory BUILD="$BUILD" SMP=2 run <"$OUT/run.in" >"$OUT/make-run-shell.log" 2>&1 &
pid=$!
exec 7>"$OUT/run.in"
wait_for() { # wait_for PATTERN - in the log, up to TIMEOUT
	local i
	for ((i = 0; i < TIMEOUT * 10; i++)); do
		grep -aq -- "$1" "$OUT/make-run-shell.log" && return 0
		kill -0 $pid 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
shell_ok=1
wait_for 'boot complete' && sleep 1 || shell_ok=0
for step in 'echo hi | cat:^hi' 'ls /bin:malloc-demo' 'hello:hello, world' 'echo status $?:status 0'; do
	[ $shell_ok = 1 ] || break
	printf '%s\n' "${step%%:*}" >&7
	wait_for "${step#*:}" || shell_ok=0
done
exec 7>&-
kill -- -$pid 2>/dev/null
wait $pid 2>/dev/null
rm -f "$OUT/run.in"
if [ $shell_ok = 1 ]; then
	result ok "shell: make run answers 'echo hi | cat', 'ls /bin', runs hello, reports \$?"
else
	result fail "shell: make run answers on the serial console" "see $OUT/make-run-shell.log"
fi
