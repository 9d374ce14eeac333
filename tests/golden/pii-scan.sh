#!/bin/sh
# sh tests/golden/pii-scan.sh: no golden stdout or stderr may contain
# personal data.
#
# Collects every e-mail address and phone number from the inputs (samples/
# and every file of the golden cases that is not an expected output) and
# looks for each of them, literally, in the expected stdout and stderr of
# every case; any e-mail address at all in those outputs fails too.  Prints
# one line per leak and exits 1 when there is one.
set -u

top=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$top/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pii-scan.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

email='[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}'
# international (+31 20 000 0123, +49 (0)711 000-0417) and national
# (020-0000123, 06 00001234) forms; dates have too few digits per group
phone='\+[0-9][0-9 ()./-]{7,}[0-9]|(^|[^0-9A-Za-z])0[0-9]{1,4}[ /-][0-9]{5,9}'

# The inputs: everything but the expected outputs and the case scripts.
{
	find "$repo/samples" -type f 2>/dev/null
	find "$top" -type f ! -path '*/expect/*' ! -name stdout ! -name stderr \
	    ! -name status ! -name args ! -name files ! -name '*.sh' ! -name '*.md'
} | LC_ALL=C sort >"$tmp/inputs"
# The outputs.
find "$top" -type f \( -name stdout -o -name stderr \) ! -path '*/expect/*' |
    LC_ALL=C sort >"$tmp/outputs"

: >"$tmp/pii"
while IFS= read -r f; do
	LC_ALL=C grep -a -o -E "$email" "$f"
	LC_ALL=C grep -a -o -E "$phone" "$f" | sed 's/^[^+0(]//'
done <"$tmp/inputs" | sed 's/[ .()/-]*$//' | LC_ALL=C sort -u >"$tmp/pii"

leaks=0
while IFS= read -r f; do
	rel=${f#"$top"/}
	if [ -s "$tmp/pii" ]; then
		LC_ALL=C grep -a -o -F -f "$tmp/pii" "$f" | LC_ALL=C sort -u >"$tmp/hits"
		while IFS= read -r h; do
			echo "PII $rel: '$h' from the inputs"
			leaks=$((leaks + 1))
		done <"$tmp/hits"
	fi
	LC_ALL=C grep -a -o -E "$email" "$f" | LC_ALL=C sort -u >"$tmp/hits"
	while IFS= read -r h; do
		echo "PII $rel: e-mail address '$h'"
		leaks=$((leaks + 1))
	done <"$tmp/hits"
done <"$tmp/outputs"

echo "pii-scan: $(wc -l <"$tmp/pii" | tr -d ' ') addresses and numbers from" \
    "$(wc -l <"$tmp/inputs" | tr -d ' ') inputs, $leaks found in" \
    "$(wc -l <"$tmp/outputs" | tr -d ' ') outputs"
[ "$leaks" -eq 0 ]
