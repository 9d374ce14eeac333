#!/bin/sh
# Golden tests: sh tests/golden/run.sh PROG
#
# Every directory D under tests/golden/ (any depth) holding a file `args`
# is one case.  Inside D the runner runs
#
#	PROG $(args)		(args split by the shell: eval "set -- $(cat args)")
#
# with LC_ALL=C NO_COLOR=1 TZ=UTC, LANGUAGE unset (English unless the args
# say --lang) and UTM_AUDIT_LOCALEDIR at the build tree's catalogues
# (build/locale, from make), PROG as an absolute path and also first
# in PATH as `utm-audit`, stdin from D/stdin if present, else /dev/null.
# It compares, with diff -u:
#	stdout	with D/stdout	(a missing file means: no output)
#	stderr	with D/stderr	(likewise)
#	status	with D/status	(the exit status as a number; required)
#	each name listed in D/files (one per line: files the command writes
#	in D) with D/expect/NAME; those files are removed afterwards.
# With UPDATE=1 in the environment it rewrites the expected files instead
# (then review them with git diff before committing).  At the end it runs
# pii-scan.sh over the expected outputs.  Exits 1 on any failure.
set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/golden/run.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
if [ ! -f "$prog" ] || [ ! -x "$prog" ]; then
	echo "golden: $1: no such executable" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")" && pwd)
update=${UPDATE:-0}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir "$tmp/bin"
ln -s "$prog" "$tmp/bin/utm-audit"

total=0
passed=0
failed=0

# fail CASE WHAT: one line per failure.
fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
	bad=1
}

# check CASE WHAT EXPECTED GOT: diff -u, missing EXPECTED read as empty.
check() {
	if [ -f "$3" ]; then
		exp=$3
	else
		exp=/dev/null
	fi
	if ! cmp -s "$exp" "$4"; then
		fail "$1" "$2 differs"
		diff -u "$exp" "$4" | sed -e '1,2d' -e 's/^/	/' | head -n 60
	fi
}

# keep EXPECTED GOT: the UPDATE=1 side of check (no file for no output).
keep() {
	if [ -s "$2" ]; then
		cp "$2" "$1"
	else
		rm -f "$1"
	fi
}

find "$top" -type f -name args | LC_ALL=C sort >"$tmp/cases"
while IFS= read -r argsfile; do
	d=$(dirname "$argsfile")
	name=${d#"$top"/}
	total=$((total + 1))
	bad=0

	# stale outputs from an interrupted run would hide a missing write
	if [ -f "$d/files" ]; then
		while IFS= read -r f; do
			[ -n "$f" ] && rm -f "$d/$f"
		done <"$d/files"
	fi
	(
		cd "$d" || exit 125
		eval "set -- $(cat args)" || exit 125
		if [ -f stdin ]; then
			in=stdin
		else
			in=/dev/null
		fi
		LC_ALL=C NO_COLOR=1 TZ=UTC PATH="$tmp/bin:$PATH"
		UTM_AUDIT_LOCALEDIR=${UTM_AUDIT_LOCALEDIR:-$top/../../build/locale}
		export LC_ALL NO_COLOR TZ PATH UTM_AUDIT_LOCALEDIR
		unset LANGUAGE
		# $VALGRIND (make valgrind) wraps the program; its report goes
		# to a log of its own so stderr still compares.
		rm -f "$tmp/valgrind.log"
		exec ${VALGRIND:-} ${VALGRIND:+--log-file="$tmp/valgrind.log"} \
		    "$prog" "$@" <"$in" >"$tmp/stdout" 2>"$tmp/stderr"
	)
	echo $? >"$tmp/status"
	if [ -s "$tmp/valgrind.log" ]; then
		fail "$name" "valgrind: $(head -c 2000 "$tmp/valgrind.log")"
	fi

	if [ "$update" = 1 ]; then
		keep "$d/stdout" "$tmp/stdout"
		keep "$d/stderr" "$tmp/stderr"
		cp "$tmp/status" "$d/status"
	else
		check "$name" stdout "$d/stdout" "$tmp/stdout"
		check "$name" stderr "$d/stderr" "$tmp/stderr"
		if [ ! -f "$d/status" ]; then
			fail "$name" "no status file (run with UPDATE=1 to write one)"
		elif [ "$(cat "$d/status")" != "$(cat "$tmp/status")" ]; then
			fail "$name" "exit status $(cat "$tmp/status"), expected $(cat "$d/status")"
		fi
	fi

	if [ -f "$d/files" ]; then
		while IFS= read -r f; do
			[ -n "$f" ] || continue
			if [ ! -f "$d/$f" ]; then
				fail "$name" "$f was not written"
				continue
			fi
			if [ "$update" = 1 ]; then
				mkdir -p "$d/expect"
				cp "$d/$f" "$d/expect/$f"
			elif [ ! -f "$d/expect/$f" ]; then
				fail "$name" "no expect/$f (run with UPDATE=1 to write one)"
			else
				check "$name" "$f" "$d/expect/$f" "$d/$f"
			fi
			rm -f "$d/$f"
		done <"$d/files"
	fi
	[ $bad = 0 ] && passed=$((passed + 1))
done <"$tmp/cases"

if [ "$update" = 1 ]; then
	echo "golden: $total cases rewritten; review them with git diff"
else
	echo "golden: $passed of $total cases passed"
fi
sh "$top/pii-scan.sh" || failed=$((failed + 1))
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
