#!/bin/sh
# gen.sh CASE OUT: writes the input of one pathological case to OUT.
# Inputs are generated, never stored: some are large (100 MiB, a sparse
# 1 GiB file); all are deterministic.
set -eu
case=$1 out=$2
mib=1048576

# n copies of the string s, without a newline.
rep() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

case $case in
big-field)	# a 100 MiB field in row 2 of an otherwise normal export
	{
		printf 'Lead Source,Created,Note\n'
		printf 'Google,2026-01-05,'
		head -c $((100 * mib)) /dev/zero | tr '\0' x
		printf '\nBing,2026-01-06,short\n'
	} >"$out" ;;
brackets)	# 1 MiB of '[' (exactly the rule-file cap) as a rule file
	head -c $mib /dev/zero | tr '\0' '[' >"$out" ;;
alias-bomb)	# billion laughs: nine levels of nine aliases
	{
		printf 'version: 1\n'
		printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
		prev=a
		for l in b c d e f g h i; do
			printf '%s: &%s [' $l $l
			rep 8 "*$prev,"
			printf '*%s]\n' $prev
			prev=$l
		done
	} >"$out" ;;
redos-rules)	# a rule pattern that backtracks exponentially
	printf 'version: 1\nsources:\n  slow:\n    patterns: [%s]\n' "'^(a+)+\$'" >"$out" ;;
redos-raise)	# the same, trying to raise its own limits from inside
	printf 'version: 1\nsources:\n  slow:\n    patterns: [%s]\n' \
	    "'(*LIMIT_MATCH=4000000000)(*LIMIT_DEPTH=4000000000)(*LIMIT_HEAP=4000000000)^(a+)+\$'" >"$out" ;;
redos-export)	# values the pattern above chokes on
	{
		printf 'Lead Source,Created\n'
		for i in 1 2 3 4 5; do
			rep 30 a; printf 'b,2026-01-0%s\n' $i
			rep 250 a; printf '!,2026-01-0%s\n' $i
		done
		printf 'google,2026-01-09\n'
	} >"$out" ;;
deep-rules)	# 300 levels of nesting
	{
		printf 'version: 1\nsources: '
		rep 300 '['
		rep 300 ']'
		printf '\n'
	} >"$out" ;;
stray-quote)	# an unmatched quote in row 2 of a million rows
	{
		printf 'Lead Source,Created\n'
		printf '"Google,2026-01-01\n'
		awk 'BEGIN { for (i = 0; i < 1000000; i++)
		    printf "Bing,2026-01-%02d\n", i % 28 + 1 }'
	} >"$out" ;;
sparse-zeros)	# 1 GiB of NUL bytes, sparse
	: >"$out"
	truncate -s 1G "$out" 2>/dev/null ||
	    dd if=/dev/zero of="$out" bs=1 count=0 seek=1G 2>/dev/null ;;
xlsx)		# a real XLSX workbook named .csv
	python3 "$(dirname "$0")/gen_xlsx.py" "$out" ;;
big-rules)	# a rule file one byte over the 1 MiB cap
	{
		printf 'version: 1\n'
		head -c $((mib - 11)) /dev/zero | tr '\0' '#'
		printf '\n'
	} >"$out" ;;
*)
	echo "gen.sh: unknown case $case" >&2
	exit 2 ;;
esac
