#!/bin/sh
# tests/host/mkinitrd_check.sh - check tools/mkinitrd.c end to end.
#
# Builds mkinitrd (and a small lister around the kernel's own
# kernel/fs/cpio.c) into a temporary directory, archives a few temporary
# files and directories, and checks:
#   - the kernel's parser reads the archive back: names, modes, sizes, bytes;
#   - GNU cpio agrees (cpio -it, and an extraction compared file by file),
#     or, without cpio, the raw headers look right (od/grep);
#   - two runs, with the specs in another order and the files' mtimes
#     changed, give the same bytes;
#   - bad specs, missing or non-regular sources, duplicate paths and a file
#     that is also a parent directory fail with a message, and leave
#     neither OUT nor OUT.tmp behind (nor touch an existing OUT).
# Prints one line, "ok - mkinitrd" or "not ok - mkinitrd: reason"; exit 0/1.
#
#   tests/host/mkinitrd_check.sh            (HOST_CC=clang to build with clang)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cc=${HOST_CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lom-mkinitrd.XXXXXX") || { echo "not ok - mkinitrd: mktemp failed"; exit 1; }
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "not ok - mkinitrd: $*"
	exit 1
}

# ---- build ----
$cc -std=c11 -O2 -Wall -Wextra -Werror -o "$tmp/mkinitrd" "$root/tools/mkinitrd.c" 2>"$tmp/cc.log" ||
	fail "tools/mkinitrd.c does not build: $(head -3 "$tmp/cc.log" | tr '\n' ' ')"
cat >"$tmp/lister.c" <<'EOF'
/* print "mode size name" for every entry, then the entries' bytes to argv[2] */
#include <stdio.h>
#include <stdlib.h>
#include "kernel/fs/cpio.h"

static int show(const struct cpio_entry *e, void *arg)
{
	printf("%06o %zu %s\n", (unsigned)e->mode, e->size, e->name);
	fwrite(e->data, 1, e->size, arg);
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	FILE *in, *data;
	const char *why = "";
	size_t n, bad = 0;
	int ret;

	if (argc != 3 || !(in = fopen(argv[1], "rb")) || !(data = fopen(argv[2], "wb")))
		return 2;
	n = fread(buf, 1, sizeof(buf), in);
	ret = cpio_for_each(buf, n, show, data, &why, &bad);
	if (ret) {
		fprintf(stderr, "cpio_for_each: %d: %s at offset %zu\n", ret, why, bad);
		return 1;
	}
	fclose(data);
	return 0;
}
EOF
$cc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$root" -o "$tmp/lister" "$tmp/lister.c" \
	"$root/kernel/fs/cpio.c" 2>"$tmp/cc.log" ||
	fail "the cpio lister does not build: $(head -3 "$tmp/cc.log" | tr '\n' ' ')"

# ---- a small tree ----
src=$tmp/src
mkdir -p "$src"
printf '#!/bin/sh\necho hello\n' >"$src/init"
chmod 0755 "$src/init"
printf 'welcome to lom\n' >"$src/motd"
chmod 0640 "$src/motd" # not executable: stored as 0644
: >"$src/empty"
printf 'abc' >"$src/three" # data padding
head -c 5000 /dev/urandom >"$src/random"

mk() { "$tmp/mkinitrd" "$@" 2>"$tmp/err.log"; }
specs="/bin/init=$src/init /etc/motd=$src/motd /empty=$src/empty /usr/share/doc/three=$src/three
	/var/log/ /etc/ /bin/blob=$src/random"
# shellcheck disable=SC2086
mk "$tmp/a.cpio" $specs || fail "a good archive was refused: $(cat "$tmp/err.log")"
[ -s "$tmp/err.log" ] && fail "a good archive printed: $(cat "$tmp/err.log")"
[ -e "$tmp/a.cpio.tmp" ] && fail "a.cpio.tmp left behind"

# ---- the kernel's parser reads it back ----
"$tmp/lister" "$tmp/a.cpio" "$tmp/data" >"$tmp/list" 2>"$tmp/err.log" ||
	fail "kernel/fs/cpio.c refuses the archive: $(cat "$tmp/err.log")"
cat >"$tmp/want" <<EOF
040755 0 bin
100644 5000 bin/blob
100755 21 bin/init
100644 0 empty
040755 0 etc
100644 15 etc/motd
040755 0 usr
040755 0 usr/share
040755 0 usr/share/doc
100644 3 usr/share/doc/three
040755 0 var
040755 0 var/log
EOF
cmp -s "$tmp/list" "$tmp/want" ||
	fail "entries differ from the expected list: $(diff "$tmp/want" "$tmp/list" | tr '\n' ' ')"
cat "$src/random" "$src/init" "$src/motd" "$src/three" | cmp -s - "$tmp/data" ||
	fail "the files' bytes differ from the sources"

# ---- cpio agrees, or the raw headers look right ----
if command -v cpio >/dev/null 2>&1; then
	cpio -it --quiet <"$tmp/a.cpio" >"$tmp/names" 2>"$tmp/err.log" ||
		fail "cpio -it fails: $(cat "$tmp/err.log")"
	cut -d' ' -f3 "$tmp/want" | cmp -s - "$tmp/names" ||
		fail "cpio -it lists other names: $(tr '\n' ' ' <"$tmp/names")"
	mkdir "$tmp/x"
	(cd "$tmp/x" && cpio -id --quiet <"$tmp/a.cpio") 2>"$tmp/err.log" ||
		fail "cpio -id fails: $(cat "$tmp/err.log")"
	for f in bin/init:init etc/motd:motd empty:empty usr/share/doc/three:three bin/blob:random; do
		cmp -s "$tmp/x/${f%%:*}" "$src/${f#*:}" || fail "cpio extracts ${f%%:*} with other bytes"
	done
	[ -x "$tmp/x/bin/init" ] && [ ! -x "$tmp/x/etc/motd" ] && [ -d "$tmp/x/var/log" ] ||
		fail "cpio extracts wrong modes or no var/log"
else
	[ "$(head -c 6 "$tmp/a.cpio")" = 070701 ] || fail "the archive does not start with 070701"
	n=$(od -An -c -v "$tmp/a.cpio" | tr -d ' \n' | grep -o 070701 | wc -l)
	[ "$n" -ge 13 ] || fail "$n newc headers, expected at least 13"
	grep -aq 'TRAILER!!!' "$tmp/a.cpio" || fail "no TRAILER!!! entry"
	for name in bin/init etc/motd usr/share/doc/three var/log; do
		grep -aq "$name" "$tmp/a.cpio" || fail "$name is missing"
	done
fi
# the whole archive is a multiple of 4 bytes and ends with the trailer's padding
size=$(wc -c <"$tmp/a.cpio")
[ $((size % 4)) -eq 0 ] || fail "the archive is $size bytes, not a multiple of 4"

# ---- reproducible: other spec order, other mtimes ----
touch -d '2001-02-03 04:05:06' "$src"/* 2>/dev/null || touch "$src"/*
mk "$tmp/b.cpio" "/bin/blob=$src/random" /etc/ /var/log/ "/usr/share/doc/three=$src/three" \
	"/empty=$src/empty" "/etc/motd=$src/motd" "/bin/init=$src/init" ||
	fail "second run refused: $(cat "$tmp/err.log")"
cmp -s "$tmp/a.cpio" "$tmp/b.cpio" || fail "two runs give different bytes"

# ---- errors: a message, a non-zero status, no OUT and no OUT.tmp ----
mkdir "$src/adir"
bad() { # bad EXPECTED-STATUS SPEC...
	want=$1
	shift
	rm -f "$tmp/bad.cpio"
	"$tmp/mkinitrd" "$tmp/bad.cpio" "$@" 2>"$tmp/err.log"
	st=$?
	[ "$st" -eq "$want" ] || fail "'$*' exits with $st, expected $want"
	[ -s "$tmp/err.log" ] || fail "'$*' fails without a message"
	[ -e "$tmp/bad.cpio" ] && fail "'$*' leaves an archive"
	[ -e "$tmp/bad.cpio.tmp" ] && fail "'$*' leaves bad.cpio.tmp"
	grep -q mkinitrd "$tmp/err.log" ||
		fail "'$*': the message does not name mkinitrd: $(cat "$tmp/err.log")"
}
bad 1 "/bin/x=$src/no-such-file"
bad 1 "/bin/x=$src/adir"
bad 1 "bin/x=$src/init"
bad 1 "/bin/x"
bad 1 "/bin/x/=$src/init"
bad 1 "/bin/x="
bad 1 "=$src/init"
bad 1 /
bad 1 "/a//b=$src/init"
bad 1 "/a/../b=$src/init"
bad 1 "/a/./b/"
bad 1 "/TRAILER!!!=$src/init"
bad 1 "/bin/x=$src/init" "/bin/x=$src/motd"
bad 1 /etc/ /etc/
bad 1 "/bin=$src/init" "/bin/sh=$src/init"
bad 1 "/bin/sh=$src/init" "/bin=$src/init"
bad 2
"$tmp/mkinitrd" >/dev/null 2>&1 && fail "no arguments: exit status 0"
# an existing archive survives a failed run untouched
cp "$tmp/a.cpio" "$tmp/keep.cpio"
"$tmp/mkinitrd" "$tmp/keep.cpio" "/x=$src/no-such-file" 2>/dev/null && fail "missing source: exit status 0"
cmp -s "$tmp/a.cpio" "$tmp/keep.cpio" || fail "a failed run changed the existing archive"

echo "ok - mkinitrd"
exit 0
