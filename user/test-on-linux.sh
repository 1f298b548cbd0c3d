#!/usr/bin/env bash
# user/test-on-linux.sh - build the user programs and test them on Linux.
#
# The programs are static binaries speaking the Linux syscall ABI, so they
# run on the build machine as they are.  Each check runs a command line
# in a scratch directory, with the programs first in PATH, and compares
# its output (stdout and stderr together) and exit status with what is
# expected.  Prints "ok - NAME" / "not ok - NAME" and a count; exits 1
# if anything failed.
#
#   user/test-on-linux.sh            (built with lom's libc, libc/libc.mk)
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lom-user.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# ---- build: user/user.mk, included by a stand-in for the top Makefile ----
cat > "$tmp/wrap.mk" <<'EOF'
Q := @
quiet = @printf '  %-6s %s\n'
$(BUILD)/.gitignore:
	@mkdir -p $(BUILD)
	@echo '*' > $@
include libc/libc.mk
include user/user.mk
EOF
if ! make -C "$top" -f "$tmp/wrap.mk" --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" \
	BUILD="$tmp/build" user; then
	echo "not ok - build"
	exit 1
fi
bin=$tmp/build/user/bin

# crash SIG: die of SIG, for real where that is easy (segv, fpe, ill)
cat > "$tmp/crash.c" <<'EOF'
#include <signal.h>
#include <string.h>
int main(int argc, char **argv)
{
	volatile int zero = 0, one = 1;
	const char *s = argc > 1 ? argv[1] : "segv";

	if (!strcmp(s, "segv"))
		*(volatile int *)0 = 1;
	if (!strcmp(s, "fpe"))
		return one / zero;
	if (!strcmp(s, "ill"))
		__builtin_trap();
	raise(!strcmp(s, "int") ? SIGINT : !strcmp(s, "abrt") ? SIGABRT : SIGTERM);
	return 0;
}
EOF
crash=$tmp/build/user/crash	# in PATH, but not in $bin (init looks in /bin)
${MUSL_CC:-musl-gcc} -static -O0 -o "$crash" "$tmp/crash.c" || exit 1

work=$tmp/work
mkdir -p "$work"
export PATH="$bin:$tmp/build/user:$PATH" HOME=$work LC_ALL=C TZ=UTC
unset A X Y ZED EMPTY

# check NAME EXPECTED COMMAND: what bash -c COMMAND prints (stdout and
# stderr, stdin empty), then "[status]", must be EXPECTED
check() {
	local name=$1 want=$2 got
	got=$(cd "$work" && bash -c "$3" 2>&1 </dev/null; echo "[$?]")
	if [ "$got" == "$want" ]; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "not ok - $name"
		echo "#   command:  $3"
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/#   /'
		fail=$((fail + 1))
	fi
}

# a file for the tests to read: 20 numbered lines
for i in $(seq 1 20); do echo "line $i"; done > "$work/twenty"

# script NAME: the scratch file NAME, from stdin
script() {
	cat > "$work/$1"
}

# ---- sh ----
check "sh: pipe, exit status" $'hi\n[3]' "printf 'echo hi | cat\nexit 3\n' | sh"
check "sh: pipeline of 3" $'3\n[0]' "sh -c 'echo one two three | cat | wc -w'"
check "sh: pipeline of 5" $'3\n[0]' "sh -c 'cat twenty | head -n 5 | head -n 3 | cat - | wc -l'"
check "sh: status of a pipeline is the last one's" $'1\n0\n[0]' "sh -c 'true | false; echo \$?; false | true; echo \$?'"
check "sh: > < >>" $'hello\nhello\nmore\n[0]' "sh -c 'echo hello > out; cat < out; echo more >> out; cat out'"
check "sh: 2> into a file" $"ls: cannot access '/nonexistent': No such file or directory"$'\n2\n[0]' \
	"sh -c 'ls /nonexistent 2> err; echo \$? >> err; cat err'"
check "sh: 2>&1 into a pipe" $'1\n[0]' "sh -c 'ls /nonexistent 2>&1 | wc -l'"
check "sh: > f 2>&1" $"ls: cannot access '/nope': No such file or directory"$'\n[0]' \
	"sh -c 'ls /nope > both 2>&1; cat both'"
check "sh: redirection alone creates the file" $'0\n[0]' "sh -c '> empty; wc -c < empty'"
check "sh: builtin output redirected, then restored" $'to-stdout\nto-file\n[0]' \
	"sh -c 'echo to-file > f; echo to-stdout; cat f'"
check "sh: bad fd" $'sh: 7: Bad file descriptor\n1\n[0]' "sh -c 'echo a >&7; echo \$?'"
check "sh: \$? after failure" $'1\n0\n[0]' "sh -c 'false; echo \$?; true; echo \$?'"
check "sh: not found" $'sh: nosuchcmd: not found\n127\n[0]' "sh -c 'nosuchcmd; echo \$?'"
check "sh: not found, with a slash" $'sh: ./nosuch: No such file or directory\n127\n[0]' "sh -c './nosuch; echo \$?'"
check "sh: not executable" $'sh: ./twenty: Permission denied\n126\n[0]' "sh -c './twenty; echo \$?'"
check "sh: bad redirection" $'sh: /nonexistent: No such file or directory\n1\n[0]' \
	"sh -c 'cat < /nonexistent; echo \$?'"
check "sh: bad redirection of a builtin" $'sh: /no/such/dir/f: No such file or directory\n1\n[0]' \
	"sh -c 'echo x > /no/such/dir/f; echo \$?'"
check "sh: syntax error, trailing |" $"sh: syntax error near 'newline'"$'\n[2]' "sh -c 'echo a |'"
check "sh: syntax error, leading |" $"sh: syntax error near '|'"$'\n[2]' "sh -c '| echo a'"
check "sh: syntax error, ;;" $"sh: syntax error near ';'"$'\n[2]' "sh -c 'echo a ;; echo b'"
check "sh: syntax error, && &&" $"sh: syntax error near '&&'"$'\n[2]' "sh -c 'true && && echo b'"
check "sh: syntax error, redirection without a file" $"sh: syntax error near 'newline'"$'\n[2]' "sh -c 'echo a >'"
check "sh: syntax error, > |" $"sh: syntax error near '|'"$'\n[2]' "sh -c 'echo a > | cat'"
check "sh: syntax error, no background jobs" $"sh: syntax error near '&'"$'\n[2]' "sh -c 'sleep 1 &'"
check "sh: syntax error, open quote" $'sh: syntax error: missing closing \'\n[2]' "sh -c \"echo 'abc\""
check "sh: a syntax error runs nothing of its line" $"sh: syntax error near '|'"$'\n[2]' "sh -c 'echo a; echo b | | c'"
check "sh: a script stops at a syntax error" $"sh: syntax error near ';'"$'\n[2]' "printf ';\necho after\n' | sh"
check "sh: empty and comment lines" $'a\n[0]' "printf '\n   \n# just a comment\necho a # not this\n' | sh"
script quote.sh <<'END'
echo 'a  b' "c  d" e\ \ f "it's" 'say "hi"' "\$HOME" '\n' "back\slash" x#y "a\"b"
echo ab"cd"'ef'
echo ""
echo '' | wc -c
END
check "sh: quoting" $'a  b c  d e  f it\'s say "hi" $HOME \\n back\\slash x#y a"b\nabcdef\n\n1\n[0]' "sh quote.sh"
script vars.sh <<'END'
X=hello
echo $X ${X}world "$X-$X" '$X'
sh -c 'echo exported $X'
Y=42 sh -c 'echo $Y'; echo "[$Y]"
X="a  b   c"; echo $X | wc -w; echo "$X"
echo a $EMPTY b; echo "$EMPTY" | wc -c
echo $$ | wc -w
echo ${A; echo $?
END
check "sh: variables" \
	$'hello helloworld hello-hello $X\nexported hello\n42\n[]\n3\na  b   c\na b\n1\n1\nsh: ${A: bad substitution\n1\n[0]' \
	"sh vars.sh"
check "sh: \$0 \$# \$1 \$2" $'name 2 a b\n[0]' "sh -c 'echo \$0 \$# \$1 \$2' name a b"
check "sh: ~" "$work $work/x"$'\n[0]' "sh -c 'echo ~ ~/x'"
check "sh: && and ||" $'a\nd\ne\n[0]' \
	"sh -c 'true && echo a || echo b; false && echo c || echo d; false || false || echo e'"
check "sh: cd, pwd" "/"$'\n'"$work"$'\n[0]' "sh -c 'cd /; pwd; cd; pwd'"
check "sh: cd error" $'sh: cd: /nonexistent: No such file or directory\n1\n[0]' "sh -c 'cd /nonexistent; echo \$?'"
check "sh: echo -n" $'ab[0]' "sh -c 'echo -n a; echo -n b'"
check "sh: exit in a pipeline leaves the shell" $'still\n[0]' "sh -c 'exit 5 | cat; echo still'"
check "sh: exit with a bad number" $'sh: exit: x: numeric argument required\n[2]' "sh -c 'exit x'"
check "sh: EOF exits with the last status" $'[1]' "printf 'false\n' | sh"
check "sh: export" $'export ZED=1\n[0]' "sh -c 'export ZED=1; export' | grep '^export ZED='"
check "sh: export of a bad name" $'sh: export: \'a-b\': not a valid identifier\n[1]' "sh -c 'export a-b'"
check "sh: unset" $'[]\n[0]' "sh -c 'X=1; unset X; echo [\$X]'"
check "sh: help" $'sh: a small Bourne-like shell.\n[0]' "sh -c 'help | head -n 1'"
check "sh: help lists /bin, sorted" $'[0]' \
	"sh -c help | sed '1,/^Programs/d' | tr ' ' '\n' | grep . > h1; LC_ALL=C /bin/ls /bin > h2; cmp h1 h2"
check "sh: SIGSEGV" $'Segmentation fault\n139\n[0]' "sh -c 'crash segv; echo \$?'"
check "sh: SIGFPE, SIGILL, SIGABRT, SIGTERM" \
	$'Floating point exception\n136\nIllegal instruction\n132\nAborted\n134\nTerminated\n143\n[0]' \
	"sh -c 'crash fpe; echo \$?; crash ill; echo \$?; crash abrt; echo \$?; crash term; echo \$?'"
check "sh: kill -SEGV \$\$ in a child shell" $'Segmentation fault\n139\n[0]' "sh -c 'sh -c \"kill -SEGV \\\$\\\$\"; echo \$?'"
check "sh: SIGINT prints a newline, stops the script" $'\n[130]' "sh -c 'crash int; echo not reached'"
check "sh: SIGPIPE is silent" $'y\n[0]' "sh -c 'yes | head -n 1'"
script args.sh <<'END'
# a script with arguments
echo "$0 got $# args: $1 $2"
END
check "sh FILE ARGS" $'args.sh got 2 args: a b\n[0]' "sh args.sh a b"
script stdin.sh <<'END'
sh
echo inner shell
exit 4
echo "back, inner said $?"
head -n 1
read by head
echo after head
END
check "sh < script: commands share the input" \
	$'inner shell\nback, inner said 4\nread by head\nafter head\n[0]' "sh < stdin.sh"
check "sh: a too long line" $'sh: line longer than 4095 bytes\nnext\n[0]' \
	"{ printf '%5000s' | tr ' ' a; printf '\necho next\n'; } | sh"
check "sh: no such script" $'sh: nosuch: No such file or directory\n[127]' "sh nosuch"

# ---- init ----
check "init: runs PROG" $'hello, world\n[0]' "cd $bin && ./init -- ./hello"
check "init: PROG from /bin" $'[0]' "init true"
check "init: exit code" $'[1]' "cd $bin && ./init -- ./false"
check "init: killed by SIGTERM is 143" $'[143]' "init -- $crash term"
check "init: killed by SIGSEGV is 139" $'[139]' "init -- $crash segv"
check "init: arguments" $'a b c\n[0]' "init -- $bin/echo a b c"
check "init: exec failure" $'init: ./nosuch: No such file or directory\n[127]' "init -- ./nosuch"
check "init: exec failure, not executable" $'init: ./twenty: Permission denied\n[126]' "init -- ./twenty"
check "init: --stderr" $"status 2"$'\n'"ls: cannot access '/nope': No such file or directory"$'\n[0]' \
	": > errdev; init --stderr errdev -- ls /nope; echo status \$?; cat errdev"
check "init: --stderr to a missing device" $'init: /no/dev: No such file or directory\n[1]' "init --stderr /no/dev -- true"
check "init: usage" $'usage: init [--stderr DEV] [--] PROG [ARG...]\n[2]' "init --"
# (set -m: a non-interactive bash starts background jobs with SIGINT ignored;
# 2>/dev/null for bash's job messages)
check "init: ignores SIGINT" $'[0]' "exec 2>/dev/null; set -m; init -- sleep 0.5 & sleep 0.2; kill -INT \$!; wait \$!"
check "init: its child gets SIGINT back" $'[130]' "trap '' INT; init -- $crash int"
check "init: interactive mode restarts sh" $'yes\n[0]' \
	"n=\$(timeout 2.5 init </dev/null 2>&1 | grep -c '^init: sh exited (status 0); starting a new one\$'); [ \$n -ge 2 ] && echo yes"

# ---- ls ----
mkdir -p "$work/d/sub" && touch "$work/d/b" "$work/d/a" "$work/d/.hidden" "$work/d/sub/x"
check "ls: sorted, no dotfiles" $'a\nb\nsub\n[0]' "ls d"
check "ls -a" $'.\n..\n.hidden\na\nb\nsub\n[0]' "ls -a d"
check "ls: files, then directories with headers" $'d/a\n\nd/sub:\nx\n[0]' "ls d/sub d/a"
check "ls: several directories" $'d:\na\nb\nsub\n\nd/sub:\nx\n[0]' "ls d/sub d"
check "ls: missing path" $"ls: cannot access 'nope': No such file or directory"$'\nd/a\n[2]' "ls nope d/a"
check "ls: ." $'a\nb\nsub\n[0]' "cd d && ls"
check "ls -l: a device" $'crw-rw-rw- 1 0 0 1, 3\n[0]' "ls -l /dev/null | cut -d' ' -f1-6"
if /bin/ls --version 2>/dev/null | grep -q GNU; then
	printf 'some text\n' > "$work/d/a"
	chmod 4755 "$work/d/b"
	ln -s a "$work/d/link"
	check "ls -l like coreutils' ls -ln" \
		"$(cd "$work" && /bin/ls -ln --time-style=+'%b %e %H:%M' d d/sub; echo "[0]")" "ls -l d d/sub"
	check "ls -la like coreutils' ls -lan" \
		"$(cd "$work" && /bin/ls -lan --time-style=+'%b %e %H:%M' d; echo "[0]")" "ls -la d"
fi

# ---- the small programs (bash has builtins of some names: $bin/ for those) ----
check "cat: files and -" $'line 20\nfrom stdin\nline 1\n[0]' "echo from stdin | cat twenty - twenty | sed -n '20,22p'"
check "cat: missing file, goes on" $'cat: nope: No such file or directory\nline 1\n[1]' \
	"cat nope twenty | head -n 1; exit \${PIPESTATUS[0]}"
check "cat: directory" $'cat: d: Is a directory\n[1]' "cat d"
check "echo" $'a b  c\n[0]' "$bin/echo a b '' c"
check "echo -n -e" $'x\ty\\z\x01[0]' "$bin/echo -n -e 'x\\ty\\\\z\\001'"
check "echo -e \\c" $'ab[0]' "$bin/echo -e 'ab\\cde'"
check "echo: not options" $'-x -n\n[0]' "$bin/echo -x -n"
check "true, false" $'[1]' "$bin/true && $bin/false"
check "pwd" "$(cd "$work" && pwd -P)"$'\n[0]' "$bin/pwd"
check "sleep 0.3" $'ok\n[0]' "s=\$(date +%s%N); sleep 0.3; e=\$(date +%s%N); [ \$(( (e - s) / 1000000 )) -ge 290 ] && echo ok"
check "sleep: bad interval" $'sleep: invalid time interval \'x\'\n[1]' "sleep x"
check "sleep: sum of suffixed values" $'[0]' "sleep 0.1s 0.0m 0h"
check "uname" "$(uname -s)"$'\n[0]' "$bin/uname"
check "uname -snrvm" "$(uname -snrvm)"$'\n[0]' "$bin/uname -snrvm"
check "uname -a" "$(uname -snrvm)"$'\n[0]' "$bin/uname -a"
check "uname: bad option" $'[1]' "$bin/uname -x 2>/dev/null"
check "env" $'A=1\nB=2\n[0]' "env -i A=1 B=2"
check "env CMD" $'1 2\n[0]' "env -i A=1 B=2 sh -c 'echo \$A \$B'"
check "env -u" $'[]\n[0]' "A=1 env -u A sh -c 'echo [\$A]'"
check "env: missing command" $'env: \'nosuch\': No such file or directory\n[127]' "env nosuch"
check "head: default 10" $'10\nline 10\n[0]' "head twenty | wc -l; head twenty | tail -n 1"
check "head -n 3, -2" $'line 1\nline 2\nline 3\nline 1\nline 2\n[0]' "head -n 3 twenty; head -2 twenty"
check "head: several files" $'==> twenty <==\nline 1\n\n==> standard input <==\nx\n[0]' "echo x | head -n 1 twenty -"
check "head: bad count" $'head: invalid number of lines: \'z\'\n[1]' "head -n z twenty"
check "head: missing file" $'head: cannot open \'nope\' for reading: No such file or directory\n[1]' "head nope"
check "wc: stdin" $'     20      40     151\n[0]' "cat twenty | wc"
check "wc -l: stdin" $'20\n[0]' "cat twenty | wc -l"
check "wc: files" $' 20  40 151 twenty\n  1   2  10 d/a\n 21  42 161 total\n[0]' "wc twenty d/a"
check "wc -l FILE" $'20 twenty\n[0]' "wc -l twenty"
check "wc -lc FILE" $' 20 151 twenty\n[0]' "wc -lc twenty"
if /usr/bin/wc --version 2>/dev/null | grep -q GNU; then
	check "wc like coreutils" "$(cd "$work" && /usr/bin/wc twenty d/a - < twenty; /usr/bin/wc -w < twenty; echo "[0]")" \
		"wc twenty d/a - < twenty; wc -w < twenty"
fi
check "wc: missing file" $'wc: nope: No such file or directory\n[1]' "wc nope"
check "kill -l" $'15\nTERM\nTERM\nINT\n[0]' "$bin/kill -l TERM; $bin/kill -l 15; $bin/kill -l 143; $bin/kill -l | sed -n 2p"
# (set -m again, so that the sleeps do not ignore SIGINT)
check "kill PID" $'[143]' "exec 2>/dev/null; set -m; sleep 10 & $bin/kill \$!; wait \$!"
check "kill -9 PID" $'[137]' "exec 2>/dev/null; set -m; sleep 10 & $bin/kill -9 \$!; wait \$!"
check "kill -s INT PID" $'[130]' "exec 2>/dev/null; set -m; sleep 10 & $bin/kill -s INT \$!; wait \$!"
check "kill -SIGUSR1 PID" $'[138]' "exec 2>/dev/null; set -m; sleep 10 & $bin/kill -SIGUSR1 \$!; wait \$!"
check "kill: bad pid" $'kill: abc: invalid process id\n[1]' "$bin/kill abc"
check "kill: bad signal" $'kill: FOO: invalid signal\n[1]' "$bin/kill -FOO 1"
check "kill: no such process" $'kill: 999999999: No such process\n[1]' "$bin/kill 999999999"
check "hello" $'hello, world\n[0]' "hello"
check "malloc-demo" $'1 KiB from X\n100 KiB from X\n1 MiB from X\n16 MiB from X\nok\n[0]' \
	"malloc-demo | sed -E 's/ from (the heap \\(brk\\)|mmap, (above|below) the heap)\$/ from X/'"
check "poweroff is built (not run: it would power this machine off)" $'[0]' "test -x $bin/poweroff"

echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
