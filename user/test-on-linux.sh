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
sys_path=$PATH	# the system's tools, to compare with
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

# same NAME COMMAND: COMMAND prints (stdout, stderr, status) with our
# programs just what it prints with the system's (GNU coreutils and grep,
# procps-ng): the expected output is the system's, computed here
same() {
	check "$1" "$(cd "$work" && PATH=$sys_path bash -c "$2" 2>&1 </dev/null; echo "[$?]")" "$2"
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
check "ls -ln: a device" $'crw-rw-rw- 1 0 0 1, 3\n[0]' "ls -ln /dev/null | cut -d' ' -f1-6"
check "ls --help" $'Usage: ls [OPTION]... [FILE]...\n[0]' "ls --help | head -n 1"
check "ls: bad option" $'ls: invalid option -- \'z\'\nTry \'ls --help\' for more information.\n[2]' "ls -z"
if /bin/ls --version 2>/dev/null | grep -q GNU; then
	printf 'some text\n' > "$work/d/a"
	chmod 4755 "$work/d/b"
	ln -s a "$work/d/link"
	ln -s sub "$work/d/sublink"
	ln -s nowhere "$work/d/broken"
	mkfifo "$work/d/fifo"
	touch -d '2001-02-03 04:05' "$work/d/b"	# older than six months: the year shown
	head -c 3000 /dev/zero > "$work/d/sub/big"
	same "ls -l like coreutils" "ls -l d d/sub"
	same "ls -ln like coreutils" "ls -ln d"
	same "ls -la like coreutils" "ls -la d"
	same "ls -lh, -lhS like coreutils" "ls -lh d/sub; ls -lhS d /dev/null"
	same "ls -F, -p, -lF like coreutils" "ls -F d; ls -p d; ls -lF d | cut -c 1,30-"
	same "ls -A, -d, -i like coreutils" "ls -A d; ls -d d d/sub; ls -i d | sed 's/^ *[0-9]*//'"
	same "ls -R, -r, -t, -U like coreutils" "ls -R d; ls -r d; ls -tr d; ls -U d | sort"
	same "ls -C, -x columns like coreutils (tabs)" "ls -C -w 40 /usr/bin | head -n 5; ls -x -w 50 /etc | head -n 4"
	same "ls -CF columns like coreutils" "COLUMNS=60 ls -CF /usr/lib | head -n 6"
	same "ls: named links, broken ones" "ls d/sublink; ls -l d/sublink | cut -c 1,35-; ls -F d/sublink d/broken"
	same "ls: missing and listed" "ls nope d/a d/sub"
	same "ls -l of devices like coreutils" "ls -l /dev/null /dev/zero /dev/tty | cut -c 1-10,30-"
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
check "sleep: bad interval" $'sleep: invalid time interval \'x\'\nTry \'sleep --help\' for more information.\n[1]' "sleep x"
check "sleep: missing operand" $'sleep: missing operand\nTry \'sleep --help\' for more information.\n[1]' "sleep"
check "sleep: 1e-1, .1, 0x0.1p0" $'[0]' "sleep 1e-1 .1 0x0.1p0"
check "sleep --help" $'Usage: sleep NUMBER[SUFFIX]...\n[0]' "sleep --help | head -n 1"
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
check "kill -l" $'15\nTERM\nTERM\nKILL\n[0]' "$bin/kill -l TERM; $bin/kill -l 15; $bin/kill -l 143; $bin/kill -l SIGKILL | $bin/kill -l 9"
check "kill -l: procps's layout" \
	$'HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\nCHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n[0]' \
	"$bin/kill -l"
if /bin/kill --version 2>/dev/null | grep -q procps; then
	check "kill -l, -L like procps' /bin/kill" "$(/bin/kill -l; /bin/kill -L; /bin/kill -l 9; /bin/kill -lTERM; echo "[0]")" \
		"$bin/kill -l; $bin/kill -L; $bin/kill -l 9; $bin/kill -lTERM"
fi
check "kill --help" $'\nUsage:\n kill [options] <pid> [...]\n[0]' "$bin/kill --help | head -n 3"
check "kill: no pid is a usage error" $'\nUsage:\n[1]' "$bin/kill -9 2>&1 | head -n 2; exit \${PIPESTATUS[0]}"
# (set -m again, so that the sleeps do not ignore SIGINT)
check "kill PID" $'[143]' "exec 2>/dev/null; set -m; sleep 10 & $bin/kill \$!; wait \$!"
check "kill -9 PID" $'[137]' "exec 2>/dev/null; set -m; sleep 10 & $bin/kill -9 \$!; wait \$!"
check "kill -s INT PID" $'[130]' "exec 2>/dev/null; set -m; sleep 10 & $bin/kill -s INT \$!; wait \$!"
check "kill -SIGUSR1 PID" $'[138]' "exec 2>/dev/null; set -m; sleep 10 & $bin/kill -SIGUSR1 \$!; wait \$!"
check "kill: bad pid" $'kill: failed to parse argument: \'abc\'\n[1]' "$bin/kill abc"
check "kill: bad signal" $'kill: unknown signal name FOO\n[1]' "$bin/kill -FOO 1"
check "kill: no such process" $'kill: (999999999): No such process\n[1]' "$bin/kill 999999999"
check "kill: the others are still signalled" $'kill: failed to parse argument: \'x\'\n[143]' \
	"exec 2>/dev/null; set -m; sleep 10 & $bin/kill x \$! 2>&1; wait \$!"
check "kill -- -PGID: a process group" $'[143]' \
	"exec 2>/dev/null; set -m; sleep 10 & $bin/kill -- -\$!; wait \$!"
check "kill -TERM -PGID" $'[143]' \
	"exec 2>/dev/null; set -m; sleep 10 & $bin/kill -TERM -\$!; wait \$!"
check "kill -0: is it there" $'[0]' "$bin/kill -0 \$\$"
check "hello" $'hello, world\n[0]' "hello"
check "malloc-demo" $'1 KiB from X\n100 KiB from X\n1 MiB from X\n16 MiB from X\nok\n[0]' \
	"malloc-demo | sed -E 's/ from (the heap \\(brk\\)|mmap, (above|below) the heap)\$/ from X/'"
check "poweroff is built (not run: it would power this machine off)" $'[0]' "test -x $bin/poweroff"

# ---- cat, head, echo, true, false: as coreutils ----
printf 'a\tb\n\n\n\nc\x01\x7f\xe9\n' > "$work/odd"
check "cat -n across files" $'     1\tline 1\n     2\tline 2\n     3\tx\n[0]' "head -n 2 twenty > two; echo x | cat -n two -"
check "cat: bad option" $'cat: invalid option -- \'z\'\nTry \'cat --help\' for more information.\n[1]' "cat -z"
check "true --help, false --help" $'Usage: true [ignored command line arguments]\nUsage: false [ignored command line arguments]\n[1]' \
	"$bin/true --help | head -n 1; $bin/true --bogus && $bin/false --help | head -n 1; exit \${PIPESTATUS[0]}"
check "true/false --help status" $'0 1\n[0]' "$bin/true --help >/dev/null; a=\$?; $bin/false --help >/dev/null; echo \$a \$?"
check "echo --help, not with more arguments" $'Usage: echo [SHORT-OPTION]... [STRING]...\n--help x\n[0]' \
	"$bin/echo --help | head -n 1; $bin/echo --help x"
check "head -c 1M /dev/zero" $'1048576\n[0]' "head -c 1M /dev/zero | wc -c"
check "head -c 1KB, 2b, 1KiB" $'1000\n1024\n1024\n[0]' "head -c 1KB /dev/zero | wc -c; head -c 2b /dev/zero | wc -c; head -c 1KiB /dev/zero | wc -c"
check "head -n -18" $'line 1\nline 2\n[0]' "head -n -18 twenty"
check "head: bad size" $'head: invalid number of bytes: \'1x\'\n[1]' "head -c 1x twenty"
if /usr/bin/cat --version 2>/dev/null | grep -q GNU; then
	same "cat -n -b -s -E -T -v -A like coreutils" \
		"cat -n odd; cat -b odd; cat -s odd; cat -E odd; cat -T odd; cat -v odd; cat -A odd; cat -sn odd odd; cat -et odd"
	same "cat: errors like coreutils" "cat nope d - < odd"
	same "head like coreutils" \
		"head -c 1m /dev/zero | wc -c; head -c 1mB /dev/zero | wc -c; head -3 twenty; head -5c twenty; head -n -17 twenty; head -c -140 twenty; head -v -n 1 twenty; head -q -n 1 twenty twenty; head -n z twenty; head -c 1bB twenty; head -x"
	same "head -n -N, -c -N on a pipe like coreutils" "cat twenty | head -n -15; cat twenty | head -c -145"
	same "echo -e like coreutils' /bin/echo" \
		"echo -e 'a\\tb\\x41\\0101\\101\\777\\1234\\e[0m\\c x' | od -c; echo -n -e 'x\\' | od -c; echo -E '\\n'"
fi

# ---- grep: as GNU grep ----
cat > "$work/in1" <<'END'
hello world
Hello World
foo bar baz
foobar
the cat sat on the mat
abc123def
a.b.c
x*y+z?
tab	here
[brackets] and {braces}
(parens) | pipe
end$dollar ^caret
word_with_underscore
foo-bar foo_bar
aaa
ab
abab
END
printf 'one\ntwo\nno match\n\nlast without newline' > "$work/in2"
printf 'x\na\0b\nfoo\n' > "$work/bin"
mkdir -p "$work/rdir/sub" && printf 'foo\nbar\n' > "$work/rdir/a" && printf 'xfoo\n' > "$work/rdir/sub/b"
check "grep: exit 0, 1, 2" $'foo bar baz\n0 1 2\n[0]' "grep 'bar baz' in1; grep -q zzz in1; a=\$?; grep x nope 2>/dev/null; echo 0 \$a \$?"
check "grep -c -v -i" $'2\n16\n[0]' "grep -ci hello in1; grep -vc hello in1"
check "grep: no pattern" $'Usage: grep [OPTION]... PATTERNS [FILE]...\nTry \'grep --help\' for more information.\n[2]' "grep"
check "grep --help" $'Usage: grep [OPTION]... PATTERNS [FILE]...\n[0]' "grep --help | head -n 1"
check "grep: back-references are refused" $'[2]' "grep '\\(a\\)\\1' in1 2>/dev/null"
if /usr/bin/grep --version 2>/dev/null | grep -q GNU; then
	while IFS= read -r args; do
		same "grep $args like GNU grep" "grep $args"
	done <<'END'
foo in1
-n foo in1 in2
-c o in1 in2
-i HELLO in1
-v a in1
-w foo in1
-x aaa in1
-o '[[:digit:]]\+' in1
-on 'a*b' in1
-ob ab in1
-e foo -e cat -e '^a' in1
'^foo\|bar$' in1
-E '^(foo|hello)|z\?$' in1
-E 'o{2,}' in1
'fo\{2\}' in1
-E '(ab){2}' in1
-F 'x*y' in1
-F -e '.' -e '$' in1
'a\.b' in1
'x\*y+' in1
'[]a]b' in1
'[^a-z ]' in1
'\<foo' in1
'foo\>' in1
'\bbar\b' in1
'\w\+_\w\+' in1
-c '\s' in1
'^*' in1
'end\$' in1
'^$' in2
-c '' in2
-w '' in2
-l o in1 in2 nope
-L foo in1 in2
-s foo nope in1
-h foo in1 in2
-H foo in1
-m 2 -n o in1
-m1 -A2 bar in1
-A 1 foo in1 in2
-B 2 -n cat in1
-C 1 -n 'a.c' in1
-2 -c bar in1
-ow 'foo' in1
-w 'foo.bar' in1
-io 'hello' in1
--color=always -n foo in1 in2
--colour=always -o 'o\+' in1
--count --line-number foo in1
--coun foo in1
--foo in1
-k x in1
-e
'\(a' in1
'a\)' in1
'[a' in1
'[b-a]' in1
'[[:foo:]]' in1
'[:space:]' in1
'a\' in1
'a\{1' in1
-E 'a{2,1}' in1
-E 'a{' in1
-E '*a' in1
foo bin in1
-c foo bin
-a foo bin
foo rdir
-r foo rdir
END
	same "grep -r without a FILE: names without ./" "cd rdir && grep -r foo | sort; grep -rc foo . | sort"
	same "grep: stdin, -, --label" "cat in1 | grep -H foo - in2; grep --label=L -H foo < in1"
	same "grep -f FILE" "printf 'foo\\n^a\\n' > pats; grep -f pats in1; grep -f /dev/null in1; grep -c -f pats -e cat in1"
fi

# ---- free: as procps-ng 4, from /proc/meminfo ----
check "free: a layout" $'               total        used        free      shared  buff/cache   available\nMem: Swap:\n[0]' \
	"free | head -n 1; free | awk 'NR > 1 { printf \"%s%s\", \$1, NR == 3 ? \"\\n\" : \" \" }'"
check "free -b: Mem total is MemTotal" "$(awk '/^MemTotal:/ { printf "%.0f\n", $2 * 1024 }' /proc/meminfo)"$'\n[0]' \
	"free -b | awk '/^Mem:/ { print \$2 }'"
check "free: used = total - available" $'ok\n[0]' \
	"free | awk '/^Mem:/ { d = \$2 - \$7 - \$3; if (d < 2000 && d > -2000) print \"ok\"; else print \$0 }'"
check "free -s 0: not positive" $'free: seconds argument `0\' is not positive number\n[1]' "free -s 0"
check "free -m -g" $'free: Multiple unit options don\'t make sense.\n[1]' "free -m -g"
check "free -c 2 -s 0.1" $'2\n[0]' "free -c 2 -s 0.1 | grep -c '^Mem:'"
check "free --help" $'\nUsage:\n free [options]\n[0]' "free --help | head -n 3"
check "free: bad option" $'free: invalid option -- \'x\'\n\nUsage:\n[1]' "free -x 2>&1 | head -n 3; exit \${PIPESTATUS[0]}"
# the same /proc/meminfo for both: a private mount namespace (root only)
if free --version 2>/dev/null | grep -q procps && unshare -m true 2>/dev/null; then
	for m in lom linux; do
		if [ $m = lom ]; then	# lom's: no swap, no page cache
			printf 'MemTotal:         255404 kB\nMemFree:          254740 kB\nMemAvailable:     254840 kB\nBuffers:               0 kB\nCached:                0 kB\nShmem:                 0 kB\nSReclaimable:          0 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nCommitLimit:      127828 kB\nCommitted_AS:        800 kB\n' > "$work/meminfo.$m"
		else
			printf 'MemTotal:       24684096 kB\nMemFree:         1234567 kB\nMemAvailable:   20262556 kB\nBuffers:            3292 kB\nCached:         18323592 kB\nShmem:              8788 kB\nSReclaimable:     177372 kB\nSwapTotal:       2097148 kB\nSwapFree:        1597148 kB\nCommitLimit:    14439196 kB\nCommitted_AS:   15000000 kB\n' > "$work/meminfo.$m"
		fi
		for args in "" -w -h "-h --si" -b -m -g --kilo --mega --tebi "-t -l -v" "-h -w -t -l -v" "--si -h -t"; do
			same "free $args like procps, $m meminfo" \
				"unshare -m bash -c 'mount --bind meminfo.$m /proc/meminfo && free $args'"
		done
	done
	printf 'MemTotal:         255404 kB\nMemFree:          254740 kB\n' > "$work/meminfo.old"
	same "free without MemAvailable like procps" \
		"unshare -m bash -c 'mount --bind meminfo.old /proc/meminfo && free && free -h'"
fi

# ---- ps: as procps-ng, on processes that sit still ----
check "ps: its own line" $'ps\n[0]' "ps -o comm= -p \$\$ --ppid \$\$ | grep -x ps"
check "ps -p: none is status 1" $'  PID\n[1]' "ps -o pid -p 999999999"
check "ps -o: headers" $'  PID  PPID    VSZ   RSS STAT COMMAND         COMMAND                         TIME\n[0]' \
	"ps -o pid,ppid,vsz,rss,stat,comm,args,time -p 1 | head -n 1"
check "ps: unknown format" $'error: unknown user-defined format specifier "foo"\n\nUsage:\n ps [options]\n[1]' \
	"ps -o foo 2>&1 | head -n 4; exit \${PIPESTATUS[0]}"
check "ps --help" $'\nUsage:\n ps [options]\n[0]' "ps --help | head -n 3"
check "ps aux: RSS in kB as VmRSS" "$(awk '/^VmRSS:/ { print $2 }' /proc/self/status | head -c 0)ok"$'\n[0]' \
	"sleep 5 & p=\$!; sleep 0.2; a=\$(ps -o rss= -p \$p); b=\$(awk '/^VmRSS:/ { print \$2 }' /proc/\$p/status); kill \$p; [ \$a = \$b ] && echo ok"
if ps --version 2>/dev/null | grep -q procps; then
	# processes in known states: sleeping, stopped, nice, a zombie, a tree
	set -m
	sleep 1000 & ps_s=$!
	sleep 1001 & ps_t=$!
	nice -n 5 sleep 1002 & ps_n=$!
	/bin/sh -c 'sleep 0 & exec sleep 1003' & ps_z=$!
	( /bin/sh -c 'sleep 1004; :' & /bin/sh -c 'sleep 1005; :' & wait ) & ps_tree=$!
	disown -a	# no "Killed" notices at the end
	set +m
	sleep 0.5
	kill -STOP $ps_t
	sleep 0.2
	P=$ps_s,$ps_t,$ps_n,$ps_z
	for f in "" -f -F -l -lf -j -jf -jl -Fl u j l v c uc; do
		same "ps $f -p like procps" "ps $f -p $P"
	done
	same "ps -o (ids, memory, state, names, times) like procps" \
		"ps -o pid,ppid,pgid,sid,tpgid,vsz,rss,sz,size,stat,s,f,ni,pri,opri,priority,nlwp,psr,uid,user,gid,group,tty,tname,comm,args,cmd,fname,cls,rtprio,drs,trs,majflt,minflt,time,bsdtime,cputimes,start,stime,bsdstart,lstart -p $P"
	same "ps -o: headers renamed and widths" "ps -o pid=X,comm=Y -p $P; ps -o pid= -o comm= -p $P; ps -o pid:10,comm:3,user:3 -p $P"
	same "ps -o: long text columns cut when not last" "ps -o args,comm,pid -p $P"
	same "ps: a zombie" "ps -o pid,stat,comm,args --ppid $ps_z"
	same "ps -O, O" "ps -O rss -p $P; ps O rss -p $P"
	same "ps --forest, f, -H" "ps --forest -o pid,args -p $ps_tree --ppid $ps_tree; ps f -p $ps_tree --ppid $ps_tree | sed 's/  *[0-9]:[0-9][0-9] / /'; ps -H -o pid,comm -p $ps_tree --ppid $ps_tree"
	same "ps --sort, k" "ps --sort=-pid -o pid -p $P; ps --sort=comm,-ppid -o pid,comm -p $P; ps k -vsz -o pid -p $P"
	same "ps: selections -p p N -q --pid -C --ppid -u -U" \
		"ps -p $ps_s -p $ps_n -o pid; ps p $ps_s o pid; ps $ps_n; ps -q $ps_s -o pid; ps --pid=$ps_s,$ps_n -o pid; ps -C sleep -o pid= | grep -c -x \" *$ps_s\"; ps -u root -o user= | head -n 1; ps -U 0 -o ruser= | head -n 1"
	same "ps: errors and usage" "ps -p; ps -p abc; ps -Y; ps Y; ps --foo; ps -o; ps --sort"
	same "ps: columns cut to COLUMNS" "COLUMNS=50 ps -f -p $P; COLUMNS=70 ps u -p $P; ps --cols 40 -o args,pid -p $P"
	kill -CONT $ps_t
	kill -9 $ps_s $ps_t $ps_n $ps_z 2>/dev/null
	pkill -P $ps_tree 2>/dev/null; pkill -f 'sleep 100[45]' 2>/dev/null
fi

# ---- watch ----
check "watch: screens, with the title" $'1\nEvery 0.2s: echo hi\n[0]' \
	"COLUMNS=100 timeout --preserve-status -s INT 1.5 watch -n 0.2 echo hi | head -c 200 | grep -c \$'^\\e\\\\[H\\e\\\\[2JEvery 0.2s: echo hi  *'\$(uname -n)': '; COLUMNS=100 timeout -s INT 1.5 watch -n 0.2 echo hi | head -n 1 | cut -c 8-26"
check "watch: the output after a blank line" $'\nhi\n[0]' "timeout -s INT 1.5 watch -n 0.2 echo hi | sed -n '2,3p' | cut -c 1-2"
check "watch -t: no title; runs again" $'hi\nhi\n[0]' "timeout -s INT 2 watch -t -n 0.2 echo hi | tr '\\033' '\\n' | grep -x '\\[2Jhi' | head -n 2 | cut -c 4-"
check "watch: SIGINT ends it, status 0" $'[0]' "timeout --preserve-status -s INT 0.5 watch -n 0.1 true >/dev/null"
check "watch -g: exits when the output changes" $'2\n[0]' "watch -g -t -n 0.1 'date +%N' | tr '\\033' '\\n' | grep -c '^\\[2J'"
check "watch -e: exits 8 on a failure" $'command exit with a non-zero status, press a key to exit\n[8]' \
	"watch -e -n 0.1 false | tail -n 1; exit \${PIPESTATUS[0]}"
check "watch -x: no shell" $'a;b\n[0]' "watch -x -t -g -n 0.1 sh -c 'echo \"a;b\"; date +%N' | tr '\\033' '\\n' | grep -m 1 -o 'a;b'"
check "watch: wraps at COLUMNS, -w cuts" $'1234567890\n12345\n1234567890\n[0]' \
	"COLUMNS=10 timeout -s INT 1.5 watch -t -n 5 echo 123456789012345 | tr '\\033' '\\n' | sed -n '3,4p' | sed 's/^\\[2J//'; COLUMNS=10 timeout -s INT 1.5 watch -w -t -n 5 echo 123456789012345 | sed 's/^.*\\[2J//'"
check "watch: no command" $'\nUsage:\n watch [options] command\n[1]' "watch 2>&1 | head -n 3; exit \${PIPESTATUS[0]}"
check "watch: bad interval" $'watch: failed to parse argument: \'x\': Invalid argument\n[1]' "watch -n x true"
check "watch --help" $'\nUsage:\n watch [options] command\n[0]' "watch --help | head -n 3"

echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
