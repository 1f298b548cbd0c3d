#!/usr/bin/env bash
# tests/observe/tools.sh - the user tools in lom, as a student uses them
# from lom's shell: ps, free, grep, head, watch, kill, ls and the others.
# (user/test-on-linux.sh compares them with GNU's and procps' on Linux.)
#
# Each lom boot runs a script whose parts are marked by "@@NAME@@" lines;
# the parts are checked here.  tests/observe/tools-helper.c makes the
# processes to look at: one that maps then touches memory and shows itself
# with ps at each step, and a background sleep to kill (lom's shell has
# no "&").
. "$(dirname "$0")/lib.sh"

helper=$OUT/tools-helper
"$top/tools/lom-cc" -O2 -Wall -o "$helper" "$top/tests/observe/tools-helper.c"
check "tools-helper builds with lom's libc"

# part NAME: the lines of the last run's part NAME
part() {
	awk -v want="@@$1@@" '/^@@.*@@$/ { on = ($0 == want); next } on' "$OUT/tools.out"
}

# ---- boot 1: ps, free, grep, head, ls, the --help of each ----
script='echo @@aux@@; ps aux
echo @@auxww@@; ps auxww
echo @@ef@@; ps -ef
echo @@o@@; ps -o pid,ppid,stat,comm -p 1
echo @@none@@; ps -p 9999; echo status $?
echo @@free@@; free
echo @@free-m@@; free -m
echo @@free-b@@; free -b
echo @@meminfo@@; cat /proc/meminfo
echo @@grep@@; grep "^MemTotal:" /proc/meminfo; grep -q NoSuchField /proc/meminfo; echo status $?
echo @@grep-c@@; grep -c . /proc/meminfo; grep -c -E "^(MemTotal|MemFree):" /proc/meminfo
echo @@grep-o@@; grep -o -w "MemTotal" /proc/meminfo; grep -n -i "^memtotal" /proc/meminfo
echo @@head@@; head -c 1M /dev/zero | wc -c; head -n 1 /proc/meminfo
echo @@ls@@; ls /proc
echo @@ls-1@@; ls -1 /proc
echo @@help@@
ps --help > /dev/null; echo ps $?
free --help > /dev/null; echo free $?
grep --help > /dev/null; echo grep $?
watch --help > /dev/null; echo watch $?
cat --help > /dev/null; echo cat $?
ls --help > /dev/null; echo ls $?
/bin/echo --help > /dev/null; echo echo $?
head --help > /dev/null; echo head $?
sleep --help > /dev/null; echo sleep $?
kill --help > /dev/null; echo kill $?
true --help > /dev/null; echo true $?
false --help > /dev/null; echo false $?
echo @@end@@'
lom -c "$script" >"$OUT/tools.out" 2>"$OUT/tools.stderr"
cp "$OUT/tools.out" "$OUT/tools-boot1.out"

# ps aux: the BSD columns; init, the shell running the script, ps itself
# (ww: whole lines; lom's console is a terminal of 80 columns, which ps fills)
aux=$(part auxww)
[ "$(head -n 1 <<<"$aux")" = "USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND" ]
check "ps aux: procps's header"
detail="$(tr '\n' '|' <<<"$aux")"
grep -Eq '^root +1 .* /bin/init( |$)' <<<"$aux" && grep -Eq '^root +[0-9]+ .* /bin/sh /etc/exec.sh$' <<<"$aux" &&
	grep -Eq '^root +[0-9]+ .* ps auxww$' <<<"$aux"
check "ps aux: lists init, sh and itself" "$detail"
awk 'NR > 1 && !($5 > 0 && $6 > 0) { bad = 1 } END { exit bad }' <<<"$aux"
check "ps aux: every process has a VSZ and an RSS"
awk 'length($0) > 80 { bad = 1 } END { exit bad }' <<<"$(part aux)" &&
	[ "$(part aux | wc -l)" = "$(wc -l <<<"$aux")" ] && grep -q '^root  *1 .* /bin/init --std$' <<<"$(part aux)"
check "ps aux on lom's console (a terminal): lines cut at its 80 columns"
ef=$(part ef)
[ "$(head -n 1 <<<"$ef")" = "UID          PID    PPID  C STIME TTY          TIME CMD" ] ||
	[ "$(head -n 1 <<<"$ef")" = "UID        PID  PPID  C STIME TTY          TIME CMD" ]
check "ps -ef: procps's header"
sh_pid=$(awk '$8 == "/bin/sh" { print $2 }' <<<"$ef")
awk -v sh="$sh_pid" '$8 == "ps" && $3 == sh { found = 1 } END { exit !found }' <<<"$ef"
check "ps -ef: ps's parent is the shell"
detail="$(part o | tr '\n' '|')"
[ "$(part o)" = "$(printf '  PID  PPID STAT COMMAND\n    1     0 Ss   init')" ]
check "ps -o pid,ppid,stat,comm -p 1: init, session leader, sleeping" "$detail"
[ "$(part none)" = "$(printf '  PID TTY          TIME CMD\nstatus 1')" ]
check "ps -p of no process: the header, status 1"

# free: the totals are /proc/meminfo's
total_kb=$(awk '$1 == "MemTotal:" { print $2 }' <<<"$(part meminfo)")
[ -n "$total_kb" ] && [ "$(awk '$1 == "Mem:" { print $2 }' <<<"$(part free)")" = "$total_kb" ]
check "free: Mem total is MemTotal ($total_kb kB)"
[ "$(awk '$1 == "Mem:" { print $2 }' <<<"$(part free-m)")" = "$((total_kb / 1024))" ]
check "free -m: MemTotal in MiB"
[ "$(awk '$1 == "Mem:" { print $2 }' <<<"$(part free-b)")" = "$((total_kb * 1024))" ]
check "free -b: MemTotal in bytes"
detail="$(part free | tr '\n' '|')"
awk '$1 == "Mem:" { exit !($3 == $2 - $7 && $2 > 0) }' <<<"$(part free)"
check "free: used is total - available" "$detail"
[ "$(head -n 1 <<<"$(part free)")" = "               total        used        free      shared  buff/cache   available" ] &&
	[ "$(awk '{ print $1 }' <<<"$(part free)" | tail -n 2 | tr '\n' ' ')" = "Mem: Swap: " ]
check "free: procps's layout"

# grep, head on /proc
detail="$(part grep | tr '\n' '|')"
[ "$(part grep)" = "MemTotal:       $(printf '%8s' "$total_kb") kB"$'\nstatus 1' ]
check "grep ^MemTotal: /proc/meminfo; grep -q of nothing is status 1" "$detail"
lines=$(part meminfo | wc -l)
[ "$(part grep-c)" = "$lines"$'\n2' ]
check "grep -c . counts /proc/meminfo's $lines lines; grep -E alternation"
[ "$(part grep-o)" = $'MemTotal\n1:MemTotal:'"       $(printf '%8s' "$total_kb") kB" ]
check "grep -o -w, grep -n -i"
[ "$(part head)" = $'1048576\n'"$(part meminfo | head -n 1)" ]
check "head -c 1M /dev/zero | wc -c is 1048576; head -n 1"
grep -qx meminfo <<<"$(part ls-1)" && grep -qx 1 <<<"$(part ls-1)" &&
	[ "$(part ls | tr -s ' \t' '\n\n' | grep -v '^[0-9]*$' | sort)" = "$(part ls-1 | grep -v '^[0-9]*$' | sort)" ]
check "ls -1 /proc: one name per line; ls: the same names (but ls's own pid)"
awk 'length($0) > 80 { bad = 1 } END { exit bad || NR >= n }' n="$(part ls-1 | wc -l)" <<<"$(part ls)"
check "ls /proc on lom's console (a terminal): in columns, within 80"
detail="$(part help | tr '\n' ' ')"
[ "$(part help | tr '\n' ' ')" = "ps 0 free 0 grep 0 watch 0 cat 0 ls 0 echo 0 head 0 sleep 0 kill 0 true 0 false 1 " ]
check "--help of each tool: status 0 (false: 1, as coreutils)" "$detail"

# ---- boot 2: memory a process maps and touches; kill; watch ----
script=$(cat <<'END'
echo @@mem@@; tools-helper mem 8
echo @@kill@@; tools-helper bg 'ps -o stat= -p $BG; kill $BG; sleep 0.3; ps -o stat= -p $BG; kill -0 $BG; echo alive $?' /bin/sleep 100
echo @@kill9@@; tools-helper bg 'kill -9 $BG; sleep 0.3; ps -o stat=,comm= -p $BG' /bin/sleep 100
echo @@watch@@; watch -t -g -n 0.2 cat /proc/uptime; echo; echo status $?
echo @@watch-title@@; watch -q 1 -n 0.2 echo same; echo; echo status $?
echo @@watch-e@@; watch -e -n 0.2 false < /dev/null; echo status $?
echo @@end@@
END
)
lom --add /bin/tools-helper="$helper" -c "$script" >"$OUT/tools.out" 2>"$OUT/tools.stderr"

# ps on a process that maps 8 MiB (VSZ grows) then touches it (RSS grows)
mem=$(part mem)
vals=$(awk '$NF == "tools-helper" { print $2, $3 }' <<<"$mem" | tr '\n' ' ')
read -r vsz0 rss0 vsz1 rss1 vsz2 rss2 <<<"$vals"
[ -n "$rss2" ] && [ $((vsz1 - vsz0)) -ge 8192 ] && [ $((vsz1 - vsz0)) -le 8192 ]
check "ps -o vsz: mmap of 8 MiB adds 8192 kB of VSZ" "$vals"
[ -n "$rss2" ] && [ $((rss1 - rss0)) -lt 64 ]
check "ps -o rss: an untouched mapping adds no RSS" "$vals"
[ -n "$rss2" ] && [ $((rss2 - rss1)) -ge 8192 ] && [ $((rss2 - rss1)) -le 8192 ]
check "ps -o rss: touching its 2048 pages adds 8192 kB of RSS" "$vals"
[ "$(grep -c '^  PID    VSZ   RSS COMMAND$' <<<"$mem")" = 3 ]
check "ps -o pid,vsz,rss,comm: procps's headers"

# kill: a sleeping process (S) killed becomes a zombie (Z) its parent has not reaped
detail="$(part kill | tr '\n' '|')"
[ "$(part kill)" = $'S\nZ\nalive 0' ]
check "kill PID: a sleeping process is terminated (S, then Z)" "$detail"
detail="$(part kill9 | tr '\n' '|')"
[ "$(part kill9)" = "Z    sleep" ]
check "kill -9 PID" "$detail"

# watch: screens after "home, clear"; -g stops at a change, -q after no change, -e on a failure
w=$(part watch)
detail="$(tr '\n\033' '|E' <<<"$w")"
[ "$(grep -o $'\e\\[H\e\\[2J' <<<"$w" | wc -l)" = 2 ] && grep -q '^status 0$' <<<"$w"
check "watch -g -n 0.2: a screen, a changed one, then exit 0" "$detail"
w=$(part watch-title)
detail="$(tr '\n\033' '|E' <<<"$w")"
grep -q "^"$'\e\\[H\e\\[2J'"Every 0.2s: echo same  *lom: [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [0-9]*$" <<<"$w" &&
	[ "$(sed -n 3p <<<"$w" | cut -c 1-4)" = same ] && grep -q '^status 0$' <<<"$w"
check "watch: 'Every 0.2s: CMD' and 'host: date' title, a blank line, the output" "$detail"
w=$(part watch-e)
grep -q '^command exit with a non-zero status, press a key to exit$' <<<"$w" && grep -q '^status 8$' <<<"$w"
check "watch -e: a failing command ends it with status 8"

plan
