#!/bin/sh
# Runs every example of the man page (".Dl $ utm-audit ...") from a copy of
# the top of the tree and compares its output with tests/man/expected/N.out
# (stdout, then "--- files", then files it wrote, then "--- status N").
# UPDATE=1 rewrites the expected files.  Usage: sh tests/man/examples.sh PROG
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(pwd)
exp=$top/tests/man/expected
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
mkdir -p "$exp"
sed -n 's/^\.Dl \$ utm-audit //p' auditor/utm-audit.1 | sed 's/\\(dq/"/g' > "$tmp/examples"
while IFS= read -r args; do
	n=$((n + 1))
	work=$tmp/run$n
	mkdir -p "$work"
	ln -s "$top/samples" "$work/samples"
	ln -s "$top/rules" "$work/rules"
	(
		cd "$work" || exit 2
		eval "set -- $args"
		LC_ALL=C NO_COLOR=1 TZ=UTC "$prog" "$@" < /dev/null > out 2>&1
		echo "--- status $?" > status
	)
	{
		cat "$work/out"
		for f in "$work"/*; do
			case $(basename "$f") in out|status|samples|rules) continue ;; esac
			echo "--- file $(basename "$f")"
			cat "$f"
		done
		cat "$work/status"
	} > "$tmp/got"
	if [ -n "$UPDATE" ]; then
		cp "$tmp/got" "$exp/$n.out"
	elif ! diff -u "$exp/$n.out" "$tmp/got" > "$tmp/diff" 2>&1; then
		echo "FAIL man example $n: utm-audit $args"
		sed 's/^/	/' "$tmp/diff" | head -40
		fail=$((fail + 1))
	fi
done < "$tmp/examples"
echo "man examples: $((n - fail)) of $n passed"
[ "$fail" -eq 0 ] && [ "$n" -gt 0 ]
