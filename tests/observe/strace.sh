#!/usr/bin/env bash
# tests/observe/strace.sh - lom's strace (user/strace/) against Linux's.
#
# A small program whose system calls are known (written below, built with
# lom's libc and, if musl-gcc is here, with musl) is traced three ways:
# by Linux's strace on this host, by lom's strace on this host (it is a
# static Linux program too), and by lom's strace inside lom.
#
#   host   lom's strace prints what Linux's strace prints: the same lines,
#          up to addresses, pids and the padding their length changes
#   lom    the same system calls, in the same order, per process, as
#          Linux's strace shows for the same binary; and the lines whose
#          values are deterministic (brk(NULL), the 256 KiB mmap, errors,
#          signals, the "[pid N] " of -f, exits) as strace writes them
#
# Linux's strace is $REAL_STRACE (default /usr/bin/strace); without it the
# comparisons are skipped, the checks on lom's output alone still run.
. "$(dirname "$0")/lib.sh"

S=$BUILD/user/bin/strace
REAL=${REAL_STRACE:-/usr/bin/strace}
P=$OUT/strace_prog
PM=$OUT/strace_prog_musl
H=$OUT/strace-host
mkdir -p "$H"

skip() { # skip NAME REASON: a TAP line that neither passes nor fails
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

cat >"$OUT/strace_prog.c" <<'EOF'
/* strace_prog [fork|segv]: system calls whose trace is known */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	char buf[16];
	void *p;
	int fd, status;
	pid_t pid;

	if (mode[0] == 's') { /* segv: a store to address 8 */
		int *volatile bad = (int *)(uintptr_t)8;

		*bad = 1;
	}
	syscall(SYS_brk, 0L);
	p = mmap(NULL, 262144, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 262144);
	write(1, "hello\n", 6);
	fd = openat(AT_FDCWD, "/proc/self/maps", O_RDONLY);
	read(fd, buf, 0);
	close(fd);
	open("/nonexistent", O_RDONLY);
	syscall(0x1ff, 1L, 2L, 3L, 0L, 0L, 0L);
	signal(SIGUSR1, on_usr1);
	kill(getpid(), SIGUSR1);
	if (mode[0] == 'f') {
		pid = fork();
		if (pid == 0) {
			write(1, "child\n", 6);
			_exit(7);
		}
		wait4(pid, &status, 0, NULL);
	}
	return 0;
}
EOF

tools/lom-cc -O2 -Wall -Werror -o "$P" "$OUT/strace_prog.c" >"$OUT/strace-build.log" 2>&1
check "the traced program builds with lom's libc"
have_musl=0
if command -v musl-gcc >/dev/null 2>&1; then
	musl-gcc -static -O2 -Wall -Werror -o "$PM" "$OUT/strace_prog.c" >>"$OUT/strace-build.log" 2>&1
	check "the traced program builds with musl (static)"
	have_musl=1
else
	skip "the traced program builds with musl (static)" "no musl-gcc"
fi
have_real=0
[ -x "$REAL" ] && "$REAL" -o /dev/null true 2>/dev/null && have_real=1

# ---- helpers over a trace (strace's stderr) ----

# names FILE: "WHO name" per system call, WHO "main" or c1, c2... for the
# children (the pids fork/vfork/clone returned) in order of appearance;
# grouped by process, each in its order.  Resumed halves, signals, exits
# and strace's own messages are not calls.
names() {
	awk '
	{
		line = $0; pid = ""
		if (match(line, /^\[pid +[0-9]+\] /)) {
			pid = substr(line, 6, RLENGTH - 7); gsub(/ /, "", pid)
			line = substr(line, RLENGTH + 1)
		}
		n++; P[n] = pid; L[n] = line
		if (line ~ /^(<\.\.\. )?(fork|vfork|clone|clone3)[( ]/ && match(line, /= [0-9]+$/))
			child[substr(line, RSTART + 2)] = 1
	}
	END {
		for (i = 1; i <= n; i++) {
			if (!match(L[i], /^[a-z_0-9]+\(/))
				continue
			who = "main"
			if (P[i] in child)
				who = (P[i] in lab) ? lab[P[i]] : (lab[P[i]] = "c" (++nc))
			print who, substr(L[i], 1, RLENGTH - 1)
		}
	}' "$1" | sort -s -k1,1
}

# norm FILE: addresses, pids and the padding before " = " made comparable
norm() {
	sed -E 's/0x[0-9a-f]{5,}/ADDR/g; s/\[pid +[0-9]+\]/[pid N]/; s/\) +(= |<)/) \1/; s/ +(= \?)$/ \1/' "$1" |
		if [ -n "$2" ]; then sed -E "s/\\b$2\\b/PID/g"; else cat; fi
}

# the pid of the traced program: what its getpid(), gettid() or set_tid_address() returned
pid_of() {
	sed -nE 's/^(getpid\(\)|gettid\(\)|set_tid_address\(0x[0-9a-f]+\)) *= ([0-9]+)$/\2/p' "$1" | head -n 1
}

# aligned FILE: every result starts at column 41 if the call's text leaves
# room, else one space after it, as strace's results do
aligned() {
	awk '
	/^(\[pid +[0-9]+\] )?(---|\+\+\+|strace:)/ { next }
	{
		s = $0; base = 0; pos = 0
		while (match(s, /\) +=/)) {
			nxt = substr(s, RSTART + RLENGTH, 1)
			if (nxt == " " || nxt == "") { pos = base + RSTART; len = RLENGTH }
			base += RSTART; s = substr(s, RSTART + 1)
		}
		if (!pos) next
		want = pos + 1 < 40 ? 41 : pos + 2
		if (pos + len - 1 != want) { print "misaligned: " $0; bad = 1 }
	}
	END { exit bad }' "$1"
}

# diff_or_say A B WHAT: compare, and say where they differ (stderr, for the
# log); two empty sides are no match
diff_or_say() {
	local a b
	a=$(cat "$1") b=$(cat "$2")
	if [ -z "$a" ] || [ -z "$b" ]; then
		echo "$3: nothing to compare (${#a} and ${#b} bytes)" >&2
		return 1
	fi
	diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") >"$OUT/strace-diff.txt" 2>&1 && return 0
	echo "$3 differ:" >&2
	head -n 20 "$OUT/strace-diff.txt" >&2
	return 1
}

# ---- on the host: lom's strace next to Linux's ----

run_host() { # run_host NAME STRACE ARGS...: trace to $H/NAME (status in $H/NAME.rc)
	local name=$1 tool=$2
	shift 2
	(ulimit -c 0; cd "$H" && timeout "$TIMEOUT" "$tool" "$@" 2>"$H/$name" >/dev/null; echo $? >"$H/$name.rc")
}

if [ "$have_real" = 1 ]; then
	for prog in lom musl; do
		bin=$P
		[ "$prog" = musl ] && bin=$PM
		if [ "$prog" = musl ] && [ "$have_musl" = 0 ]; then
			skip "host: lom's strace prints Linux's strace's lines ($prog program)" "no musl-gcc"
			continue
		fi
		run_host "real-$prog" "$REAL" "$bin"
		run_host "ours-$prog" "$S" "$bin"
		diff_or_say <(norm "$H/real-$prog" "$(pid_of "$H/real-$prog")") \
			<(norm "$H/ours-$prog" "$(pid_of "$H/ours-$prog")") "the traces ($prog program)"
		check "host: lom's strace prints Linux's strace's lines ($prog program)"
	done
	run_host real-fork "$REAL" -q -f "$P" fork
	run_host ours-fork "$S" -q -f "$P" fork
	diff_or_say <(names "$H/real-fork") <(names "$H/ours-fork") "the calls per process (-f)"
	check "host: -f, each process's calls are Linux's strace's"
	run_host real-segv "$REAL" "$P" segv
	run_host ours-segv "$S" "$P" segv
	diff_or_say <(norm "$H/real-segv" "$(pid_of "$H/real-segv")"; cat "$H/real-segv.rc") \
		<(norm "$H/ours-segv" "$(pid_of "$H/ours-segv")"; cat "$H/ours-segv.rc") "the SIGSEGV traces"
	check "host: a program killed by SIGSEGV, and strace's exit status 139, as Linux's strace"
else
	skip "host: lom's strace prints Linux's strace's lines" "no $REAL"
fi
run_host ours-align "$S" -q -f "$P" fork
aligned "$H/ours-align" >&2
check "host: results aligned to column 41 as strace aligns them"

# ---- in lom ----

# the reference traces from Linux's strace, for the same binaries and commands
if [ "$have_real" = 1 ]; then
	run_host ref-basic "$REAL" "$P"
	[ "$have_musl" = 1 ] && run_host ref-musl "$REAL" "$PM"
	run_host ref-fork "$REAL" -q -f "$P" fork
	run_host ref-filter "$REAL" -e brk,mmap,munmap,write "$P" fork
	run_host ref-trace "$REAL" -e trace=openat,close,exit_group "$P"
	# the story's example, with lom's sh and head found first in $PATH
	(cd "$H" && timeout "$TIMEOUT" env PATH="$BUILD/user/bin" "$REAL" -q -e brk,mmap,munmap -f \
		"$BUILD/user/bin/sh" -c 'head -c 1M /dev/zero > /dev/null' 2>"$H/ref-story" >/dev/null)
	(cd "$H" && timeout "$TIMEOUT" "$REAL" -c "$P" 2>"$H/ref-summary" >/dev/null)
fi

adds=(--add /bin/strace_prog="$P")
[ "$have_musl" = 1 ] && adds+=(--add /bin/strace_prog_musl="$PM")
lom "${adds[@]}" -c '
echo "=== basic"; strace /bin/strace_prog 2>&1 >/dev/null; echo "=== rc $?"
echo "=== musl"; '"$([ "$have_musl" = 1 ] && echo 'strace /bin/strace_prog_musl 2>&1 >/dev/null')"'
echo "=== fork"; strace -q -f /bin/strace_prog fork 2>&1 >/dev/null
echo "=== attach"; strace -f -e trace=fork /bin/strace_prog fork 2>&1 >/dev/null
echo "=== filter"; strace -e brk,mmap,munmap,write /bin/strace_prog fork 2>&1 >/dev/null
echo "=== trace"; strace -e trace=openat,close,exit_group /bin/strace_prog 2>&1 >/dev/null
echo "=== story"; strace -q -e brk,mmap,munmap -f sh -c "head -c 1M /dev/zero > /dev/null" 2>&1 >/dev/null
echo "=== summary"; strace -c /bin/strace_prog 2>&1 >/dev/null
echo "=== segv"; strace /bin/strace_prog segv 2>&1 >/dev/null; echo "=== rc $?"
echo "=== usage"; strace 2>&1; echo "=== rc $?"
echo "=== bogus"; strace -e bogus /bin/true 2>&1; echo "=== rc $?"
echo "=== end"' >"$OUT/strace-lom.out" 2>"$OUT/strace-lom.err"
grep -q '^=== end$' "$OUT/strace-lom.out"
check "lom: the strace runs complete" "see $OUT/strace-lom.err"

L=$OUT/strace-lom
mkdir -p "$L"
# split the output at the markers: $L/NAME, and $L/NAME.rc when printed
awk -v dir="$L" '
/^=== rc / { print $3 > (dir "/" name ".rc"); next }
/^=== / { name = $2; printf "" > (dir "/" name); next }
name != "" { print > (dir "/" name) }' "$OUT/strace-lom.out"

B=$L/basic
grep -q '^+++ exited with 0 +++$' "$B" && [ "$(cat "$L/basic.rc" 2>/dev/null)" = 0 ]
check "lom: strace follows a program to its exit (exit status 0)"

grep -qE '^brk\(NULL\) {31}= 0x[0-9a-f]+$' "$B"
check "lom: brk(NULL)                               = 0x..."

mm=$(sed -nE 's/^mmap\(NULL, 262144, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = (0x[0-9a-f]+)$/\1/p' "$B")
[ -n "$mm" ] && grep -qE "^munmap\\($mm, 262144\\) += 0\$" "$B"
check "lom: the 256 KiB mmap line, and munmap of the address it returned"

pid=$(pid_of "$B")
[ -n "$pid" ] && grep -qxE "kill\\($pid, SIGUSR1\\) += 0" "$B" &&
	grep -qxF -- "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=$pid, si_uid=0} ---" "$B" &&
	grep -qxF "rt_sigreturn({mask=[]})                 = 0" "$B"
check "lom: a signal: kill, --- SIGUSR1 {...} --- from that pid, rt_sigreturn"

grep -qxF 'exit_group(0)                           = ?' "$B" && [ "$(tail -n 1 "$B")" = "+++ exited with 0 +++" ]
check "lom: exit_group(0) = ? and +++ exited with 0 +++"

if [ "$have_real" = 1 ]; then
	diff_or_say <(names "$H/ref-basic") <(names "$B") "the calls (lom-cc program)"
	check "lom: the same system calls as Linux's strace shows (lom-cc program)"
	# the lines without addresses or pids: identical
	same_lines() {
		grep -E '^(write|openat|read|close|open|syscall_0x1ff|rt_sigreturn|exit_group)\(|^\+\+\+ ' "$1"
	}
	diff_or_say <(same_lines "$H/ref-basic") <(same_lines "$B") "the deterministic lines"
	check "lom: write, openat, read, close, open (ENOENT), syscall_0x1ff (ENOSYS), exits: Linux's strace's lines"
	if [ "$have_musl" = 1 ]; then
		diff_or_say <(names "$H/ref-musl") <(names "$L/musl") "the calls (musl program)"
		check "lom: the same system calls as Linux's strace shows (musl program)"
	fi
	diff_or_say <(names "$H/ref-fork") <(names "$L/fork") "the calls per process (-f)"
	check "lom: -f, each process's calls as Linux's strace shows them"
	diff_or_say <(names "$H/ref-filter") <(names "$L/filter") "the calls (-e brk,mmap,munmap,write)"
	check "lom: -e brk,mmap,munmap,write: those calls, as Linux's strace shows them"
	diff_or_say <(names "$H/ref-trace") <(names "$L/trace") "the calls (-e trace=openat,close,exit_group)"
	check "lom: -e trace=openat,close,exit_group: those calls, as Linux's strace shows them"
	diff_or_say <(names "$H/ref-story") <(names "$L/story") "the calls (sh -c 'head -c 1M /dev/zero > /dev/null')"
	check "lom: strace -e brk,mmap,munmap -f sh -c 'head -c 1M /dev/zero > /dev/null' as Linux's strace shows it"
	# -c: the calls and errors of each system call (not the times)
	table() {
		awk 'NF >= 5 && $1 ~ /^[0-9.]+$/ && $NF != "total" { print $NF, $4, (NF == 6 ? $5 : 0) }' "$1" | sort
	}
	diff_or_say <(table "$H/ref-summary") <(table "$L/summary") "the -c tables"
	check "lom: -c counts each system call's calls and errors as Linux's strace does"
else
	skip "lom: the system calls compared with Linux's strace" "no $REAL"
fi

# only the calls asked for (and, as with Linux's strace, numbers without a name)
! names "$L/filter" | awk '{ print $2 }' | grep -qvxE 'brk|mmap|munmap|write|syscall_0x[0-9a-f]+' &&
	[ "$(names "$L/filter" | awk '$2 !~ /^syscall_/ { print $2 }' | sort -u | tr '\n' ' ')" = "brk mmap munmap write " ]
check "lom: -e brk,mmap,munmap,write shows these calls and no other"

F=$L/fork
child=$(sed -nE 's/^(\[pid +[0-9]+\] )?(<\.\.\. fork resumed>\)|fork\(\)) += ([0-9]+)$/\3/p' "$F" | head -n 1)
[ -n "$child" ] &&
	grep -qxE "\\[pid +$child\\] write\\(1, \"child\\\\n\", 6\\) += 6" "$F" &&
	grep -qxE "\\[pid +$child\\] \\+\\+\\+ exited with 7 \\+\\+\\+" "$F" &&
	grep -qE "^(wait4\\($child, |<\\.\\.\\. wait4 resumed>)\\[\\{WIFEXITED\\(s\\) && WEXITSTATUS\\(s\\) == 7\\}\\], 0, NULL\\) += $child\$" "$F" &&
	grep -qE -- "--- SIGCHLD \\{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=$child, si_uid=0, si_status=7, " "$F"
check "lom: -f, the child's lines under [pid N] (N what fork returned), its exit, wait4's status, SIGCHLD"
[ -n "$child" ] && printf '[pid %5d]\n' "$child" | grep -qF "$(grep -oE "^\\[pid +$child\\]" "$F" | head -n 1)"
check "lom: -f, the prefix is strace's [pid %5u]"

grep -q "^strace: Process [0-9]* attached$" "$L/attach" || grep -q "strace: Process [0-9]* attached" "$L/attach"
check "lom: -f says 'strace: Process N attached'"

grep -qxF -- '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8} ---' "$L/segv" &&
	grep -qxF '+++ killed by SIGSEGV +++' "$L/segv" && [ "$(cat "$L/segv.rc" 2>/dev/null)" = 139 ]
check "lom: --- SIGSEGV {..., si_addr=0x8} ---, +++ killed by SIGSEGV +++, strace's status 139"

grep -qxF "strace: must have PROG [ARGS] or -p PID" "$L/usage" && [ "$(cat "$L/usage.rc" 2>/dev/null)" = 1 ]
check "lom: no command: strace's message, status 1"
grep -qxF "strace: invalid system call 'bogus'" "$L/bogus" && [ "$(cat "$L/bogus.rc" 2>/dev/null)" = 1 ]
check "lom: -e bogus: invalid system call 'bogus', status 1"

aligned "$B" >&2 && aligned "$F" >&2
check "lom: results aligned to column 41"

plan
