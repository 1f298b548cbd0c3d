# tests/run-failinject.sh - fault injection (mm/fail_alloc.c), sourced by
# tests/run.sh after tests/run-observe.sh (it uses its counters, result(),
# count_tap, OUT, BUILD, TIMEOUT and the user tests' initrd specs).
#
#   failinject-seed-N  lom booted with fail_page_alloc=1 failslab=1
#                      fail_seed=N on -smp 2; the virtual-memory test
#                      programs run one after the other under the runner
#                      (tests/failinject/failrun.c, pid 1: the one process
#                      the injector spares), which checks after each that
#                      no page, slab page or slab object is missing; then,
#                      injection off, the whole run, that t_vm_cow still
#                      passes, and that failures were injected
#   failinject-sweep   fail exactly the N-th slab allocation, then the N-th
#                      page allocation, of a small program that makes a
#                      little of every call that allocates (failrun op),
#                      for every N it reaches: nothing may be missing
#   failinject-race    without injection: 3000 rounds of the SMP races
#                      the sweeps ran into (a pipe writer exiting while
#                      its reader closes: pipe_release's use after free;
#                      a vfork child exiting at once: complete() on the
#                      parent's stack), then nothing missing
#   all                the console (kernel messages) shows no BUG, Oops,
#                      panic, bad page or OOM kill (panic=-1: a panic ends
#                      the run at once)
#
# The programs' own results differ from Linux's under injection (ENOMEM,
# a SIGSEGV after an unchecked mmap, a wait for a child that was never
# forked: those are killed after 8 s), so their TAP is not counted; the
# kernel's behaviour is.  The in-kernel side is test=fail_alloc
# (tests/kernel/test_fail_alloc.c), run with the other suites.
# shellcheck disable=SC2154 # abs_build, adds and lom_exec come from tests/run-user.sh
FAILRUN=$abs_build/test/failinject/failrun
FAIL_SEEDS=${FAIL_SEEDS:-"1 2 3"}
FAIL_TESTS="t_vm_brk t_vm_mmap t_vm_munmap t_vm_mprotect t_vm_mremap t_vm_madvise t_vm_cow t_vm_stack t_vm_many
t_vm_demand t_vm_smp t_vm_thp t_memory t_malloc t_process t_leak"
mkdir -p "$OUT/failinject"

# kernel_clean NAME STDERR: no sign of a kernel bug among the console's messages
kernel_clean() {
	if grep -aqE 'BUG|Oops|Kernel panic|Bad page|buddy_check|leaked|Out of memory|caught exception' "$2"; then
		grep -aE 'BUG|Oops|Kernel panic|Bad page|buddy_check|leaked|Out of memory|caught exception' "$2" |
			head -5 | sed "s/^/[$1] # /"
		result fail "$1: no BUG, Oops, panic, bad page or OOM kill on the console" "see $2"
	else
		result ok "$1: no BUG, Oops, panic, bad page or OOM kill on the console"
	fi
}

if tools/lom-cc -O2 -Wall -Wextra -Werror -o "$FAILRUN" tests/failinject/failrun.c \
	>"$OUT/failinject/build.log" 2>&1; then
	result ok "failinject: the runner builds with lom's libc"
	for seed in $FAIL_SEEDS; do
		name=failinject-seed-$seed
		# shellcheck disable=SC2086 # FAIL_TESTS is a list of words
		CMDLINE="init=/exec/failrun panic=-1 fail_page_alloc=1 failslab=1 fail_seed=$seed" lom_exec "${adds[@]}" \
			"$FAILRUN" random $FAIL_TESTS >"$OUT/failinject/$name.log" 2>"$OUT/failinject/$name.stderr" </dev/null
		count_tap "$name" "$OUT/failinject/$name.log" $? 0
		kernel_clean "$name" "$OUT/failinject/$name.stderr"
	done
	for what in sweep "race 3000"; do
		name=failinject-${what%% *}
		# shellcheck disable=SC2086 # the mode and its argument
		CMDLINE="init=/exec/failrun panic=-1" lom_exec "${adds[@]}" "$FAILRUN" $what \
			>"$OUT/failinject/$name.log" 2>"$OUT/failinject/$name.stderr" </dev/null
		count_tap "$name" "$OUT/failinject/$name.log" $? 0
		kernel_clean "$name" "$OUT/failinject/$name.stderr"
	done
else
	result fail "failinject: the runner builds with lom's libc" "see $OUT/failinject/build.log"
fi
