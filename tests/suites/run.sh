#!/bin/sh
# Runs the peer conformance suites from ../shared/data: each suite_* binary
# gets the data directory and the utm-audit binary, prints its agreement
# figures and exits non-zero on a disagreement.  Without ../shared/data the
# suites are skipped and pass (a user's clone does not have it).
bindir=$1 prog=$2
data=${UTM_AUDIT_SHARED:-../shared/data}
if [ ! -d "$data" ]; then
	echo "suites: skipped: ../shared/data not found"
	exit 0
fi
fail=0 n=0
for t in "$bindir"/suite_*; do
	[ -x "$t" ] || continue
	n=$((n + 1))
	LC_ALL=C $VALGRIND "$t" "$data" "$prog" || { echo "suites: $(basename "$t") FAILED"; fail=$((fail + 1)); }
done
for t in tests/suites/suite_*.sh; do
	[ -f "$t" ] || continue
	n=$((n + 1))
	LC_ALL=C sh "$t" "$data" "$prog" || { echo "suites: $(basename "$t") FAILED"; fail=$((fail + 1)); }
done
echo "suites: $((n - fail)) of $n suites passed"
[ $fail -eq 0 ]
