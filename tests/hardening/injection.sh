#!/bin/sh
# sh tests/hardening/injection.sh PROG: the injection corpus of
# tests/hardening/corpus/ (made by gen-corpus.py: HTML/script, formula,
# control, bidi, C1, invalid UTF-8, CDATA, template, Markdown and 10 KB
# values; leads-hidden.csv only bidi and C1, few enough that every report
# shows them all)
# through every report format of leads and links; check-output.py checks
# each output.  Prints one line per format; exits 1 when one failed.
set -u

prog=${1:?usage: injection.sh PROG}
here=$(cd "$(dirname "$0")" && pwd)
case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
if ! command -v python3 >/dev/null 2>&1; then
	echo "injection: skipped: python3 not found"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/injection.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
export LC_ALL=C NO_COLOR=1
c=$here/corpus
fail=0

# one WHAT KIND FILE STATUS: checks FILE written with exit STATUS.
one() {
	ok=1
	[ "$4" -le 1 ] || { echo "injection: $1: exit $4"; ok=0; }
	[ -f "$3" ] || { echo "injection: $1: no output"; ok=0; }
	if [ $ok = 1 ] && [ "$2" = xml ] && command -v xmllint >/dev/null; then
		xmllint --noout "$3" || ok=0
	fi
	[ $ok = 1 ] && { python3 "$here/check-output.py" "$2" "$3" || ok=0; }
	if [ $ok = 1 ]; then echo "injection: $1: ok"; else
		echo "injection: $1: FAIL"; fail=1; fi
}

for in in leads leads-hidden leads-badutf8 leads-badutf8:-eutf-8; do
	f=${in%%:*}
	enc=; case $in in *:*) enc=${in#*:} ;; esac
	for fmt in text json md html; do
		o=$tmp/$f$enc.$fmt
		"$prog" leads -q $enc -n 100 --seed 1 --include-column Notes \
		    -f $fmt -o "$o" "$c/$f.csv" 2>"$tmp/err"
		one "leads $fmt ($f$enc)" $fmt "$o" $?
	done
	"$prog" leads -q $enc -n 100 --seed 1 --include-column Notes -o /dev/null \
	    --annotate "$tmp/ann.csv" --worksheet "$tmp/ws.csv" "$c/$f.csv"
	st=$?
	one "leads annotate ($f$enc)" csv-annotate "$tmp/ann.csv" $st
	one "leads worksheet ($f$enc)" csv-worksheet "$tmp/ws.csv" $st
done
for f in links links-badutf8; do
	for fmt in text json sarif junit github md; do
		case $fmt in sarif) k=json ;; junit) k=xml ;; github) k=text ;;
		*) k=$fmt ;; esac
		o=$tmp/$f.$fmt
		"$prog" links -q -f $fmt -o "$o" "$c/$f.csv" 2>"$tmp/err"
		one "links $fmt ($f)" $k "$o" $?
	done
done
# The same runs on a terminal-less stdout must not colour either.
"$prog" links -f text "$c/links.csv" >"$tmp/stdout.txt" 2>&1
one "links text stdout" text "$tmp/stdout.txt" $?
exit $fail
