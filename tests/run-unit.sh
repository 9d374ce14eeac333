#!/bin/sh
# Runs every cmocka unit-test binary given; prints each runner's summary and
# a total; exits non-zero when any fails.  $VALGRIND, when set, prefixes each.
fail=0 n=0
for t in "$@"; do
	n=$((n + 1))
	out=$(LC_ALL=C $VALGRIND "$t" 2>&1); s=$?
	printf '%s\n' "$out" | grep -E '^\[  (PASSED|FAILED)  \]|^\[==========\] .* ran' | sed "s|^|$(basename "$t"): |"
	if [ $s -ne 0 ]; then
		printf '%s\n' "$out" | tail -40
		echo "unit: $(basename "$t") FAILED (status $s)"
		fail=$((fail + 1))
	fi
done
echo "unit: $((n - fail)) of $n test programs passed"
[ $fail -eq 0 ]
