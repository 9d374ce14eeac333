#!/bin/sh
# bench-check: the deterministic regression gate of the benchmark.
#
#	sh tests/bench/check.sh PROG GEN DIR [update]
#
# Counts the instructions `utm-audit leads --threads 1` executes on a fixed
# 20 MiB slice (the generator's partly-quoted export with seed 1), with
# valgrind --tool=callgrind, and divides by the slice's bytes.  The budget
# is tests/bench/budget.txt ("ir_per_byte N"); the check fails when the
# count is more than 10% over it.  With "update" it writes the budget
# instead (review it with git diff).  Instruction counts do not depend on
# the machine's load or clock, so the gate holds on a busy CI machine; they
# do depend on the compiler and the libraries (libcsv, PCRE2, glibc): a new
# toolchain may need a new budget.
set -eu
prog=$1 gen=$2 dir=$3 mode=${4:-check}
budget=tests/bench/budget.txt
command -v valgrind >/dev/null 2>&1 || {
	echo "bench-check: valgrind is not installed (apt-get install valgrind)"; exit 2; }
mkdir -p "$dir"
slice=$dir/slice-20M-1.csv
[ -s "$slice" ] && [ -s "$slice.truth" ] || "$gen" -s 1 20M "$slice" > "$slice.truth"
rows=$(sed -n 's/^rows=\([0-9]*\).*/\1/p' "$slice.truth")
bytes=$(wc -c < "$slice")
out=$dir/callgrind.out
rm -f "$out"
LC_ALL=C valgrind -q --tool=callgrind --callgrind-out-file="$out" \
    "$prog" leads --threads 1 --seed 1 -f json -o "$dir/slice-report.json" "$slice" || [ $? -eq 1 ]
# A run that did not read every row counts nothing.
grep -q "\"read\": $rows," "$dir/slice-report.json" || {
	echo "bench-check: the report does not say $rows rows read"; exit 1; }
ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p; s/^totals: *\([0-9]*\).*/\1/p' "$out" | head -1)
[ -n "$ir" ] || { echo "bench-check: no instruction count in $out"; exit 2; }
per=$(awk -v i="$ir" -v b="$bytes" 'BEGIN { printf "%.2f", i / b }')
if [ "$mode" = update ]; then
	printf 'ir_per_byte %s\n' "$per" > "$budget"
	echo "bench-check: $ir instructions for $bytes bytes: $per per byte; budget written to $budget"
	exit 0
fi
want=$(sed -n 's/^ir_per_byte *//p' "$budget")
echo "bench-check: $ir instructions for $bytes bytes: $per per byte (budget $want, +10% allowed)"
awk -v p="$per" -v w="$want" 'BEGIN { exit !(p <= w * 1.10) }' || {
	echo "bench-check: FAILED: $per instructions per byte is over the budget of $want by more than 10%"
	exit 1; }
