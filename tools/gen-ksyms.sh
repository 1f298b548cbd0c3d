#!/bin/sh
# tools/gen-ksyms.sh ELF - print the assembly of lom's symbol table.
#
# Text symbols of ELF (from nm, sorted by address), each with its size up
# to the next symbol (the last one up to __text_end), as kernel/ksyms.c
# expects them.  With no ELF argument it prints an empty table (for the
# first link).
set -eu
NM=${NM:-nm}
{
	if [ $# -gt 0 ]; then
		"$NM" -n --defined-only "$1"
	fi
} | awk '
BEGIN { n = 0 }
$3 == "__text_end" { text_end = $1 }
$3 == "__kernel_start" || $3 == "__text_end" { next }  # markers, not functions
$2 == "t" || $2 == "T" {
	if ($1 == last) next          # keep the first name of an alias
	addr[n] = $1; name[n] = $3; last = $1; n++
}
function hex(s,   v, i, c) {
	v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
END {
	print "\t.section .ksyms, \"a\""
	print "\t.balign 8"
	print "\t.globl ksym_count, ksym_table, ksym_names"
	printf "ksym_count:\n\t.quad %d\n", n
	print "ksym_table:"
	off = 0
	for (i = 0; i < n; i++) {
		# sizes from the low 32 bits only: awk doubles cannot hold a whole address
		a = hex(substr(addr[i], 9))
		if (i + 1 < n) e = hex(substr(addr[i + 1], 9)); else if (text_end != "") e = hex(substr(text_end, 9)); else e = a
		sz = e - a; if (sz < 0) sz = 0
		printf "\t.quad 0x%s\n\t.long %d, %d\n", addr[i], off, sz
		off += length(name[i]) + 1
	}
	print "ksym_names:"
	for (i = 0; i < n; i++) printf "\t.asciz \"%s\"\n", name[i]
}'
