#!/bin/sh
# sh tests/hardening/races.sh PROG: the threaded paths under helgrind.  A
# plain-text link set whose copies and spellings cross the cuts is linted
# in 4 pieces (every report format, and in Dutch: gettext from several
# threads), so is the same set as a CSV past the 64 KiB head (read in
# pieces by speculative CSV readers), a JSON report of 18,000 findings is formatted on threads
# (linkrep_items), and a lead export is read with 2 threads.  Exits 1 when
# helgrind reports a race or a lock misuse; skipped without valgrind.
set -u

prog=${1:?usage: races.sh PROG}
here=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
	echo "races: skipped: valgrind not found"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/races.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
export LC_ALL=C NO_COLOR=1
hg="valgrind -q --tool=helgrind --error-exitcode=99"
fail=0

# 3 rounds of the clean set, each link spelled two ways, with copies
for r in 1 2 3; do
	grep '^http' "$here/samples/links-clean.txt"
	grep '^http' "$here/samples/links-clean.txt" |
	    sed -e 's/utm_source=linkedin/utm_source=LinkedIn/' -e "s/\$/\&utm_content=r$r/"
done > "$tmp/set.txt"
n=0
# run WHAT ARGS...: one run under helgrind; exit 0 or 1 is a clean run.
run() {
	what=$1
	shift
	$hg "$prog" "$@" 2>"$tmp/err"
	st=$?
	n=$((n + 1))
	if [ $st -gt 1 ]; then
		echo "races: $what: exit $st"
		cat "$tmp/err"
		fail=1
	fi
}
for args in "-f json" "-f text" "-f sarif" "-f github --lang nl"; do
	# shellcheck disable=SC2086
	run "links --threads 4 $args" links --threads 4 $args -o "$tmp/out" "$tmp/set.txt"
done
# the set as CSV rows, with a quoted context column, past the head
awk 'BEGIN { print "name,url,notes" }
    { for (r = 0; r < 8; r++) printf "row %d,%s,\"a, b\"\n", NR, $0 }' \
    "$tmp/set.txt" "$tmp/set.txt" >"$tmp/set.csv"
run "links --threads 4, CSV" links --threads 4 -f json -o "$tmp/out" "$tmp/set.csv"
# 3 findings a link with the built-in rules: above LINKREP_PAR_MIN
awk 'BEGIN { for (i = 1; i <= 6000; i++) printf "https://example.com/p%d?" \
    "utm_source=Facebook&utm_medium=CPC&utm_campaign=spring\n", i }' >"$tmp/many.txt"
run "links -f json, report on threads" links --threads 1 -f json -o "$tmp/out" \
    "$tmp/many.txt"
run "leads --threads 2" leads -q --threads 2 --seed 1 -o "$tmp/out" \
    "$here/samples/hubspot_pass.csv"
[ $fail = 0 ] && echo "races: $n threaded runs clean under helgrind"
exit $fail
