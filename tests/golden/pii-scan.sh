#!/bin/sh
# sh tests/golden/pii-scan.sh: no golden stdout or stderr may contain
# personal data, nor any file a leads case writes (worksheets, reports)
# unless the case lists it in its file `pii-allowed` (an --annotate output
# is the user's own export and keeps its columns).
#
# Collects every e-mail address and phone number from the inputs (samples/
# and every file of the golden cases that is not an expected output), then
# checks the expected stdout and stderr of every case:
#   - no e-mail address of the inputs, and nothing that looks like the start
#     of one (name@x), whatever its case;
#   - no run of 7 or more digits (separated by at most two of space _ . ( )
#     / -, so "+49_711_0000_4417" and a cut "+49 711 00" count) that is the
#     start of the digits of a phone number of the inputs.
# Prints one line per leak and exits 1 when there is one.
set -u

top=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$top/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pii-scan.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

email='[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}'
# international (+31 20 000 0123), national (020-0001234) and area-code
# ((0711) 000 2233) forms; dates have too few digits per group
phone='\+[0-9][0-9 ()./-]{7,}[0-9]|(^|[^0-9A-Za-z])0[0-9]{1,4}[ /-][0-9]{5,9}|\(0[0-9]{1,5}\) ?[0-9][0-9 /-]{4,}[0-9]'

# The inputs: everything but the expected outputs and the case scripts.
{
	find "$repo/samples" -type f ! -name '*.md' 2>/dev/null
	find "$top" -type f ! -path '*/expect/*' ! -name stdout ! -name stderr \
	    ! -name status ! -name args ! -name files ! -name pii-allowed \
	    ! -name '*.sh' ! -name '*.md'
} | LC_ALL=C sort >"$tmp/inputs"
# The outputs.
{
	find "$top" -type f \( -name stdout -o -name stderr \) ! -path '*/expect/*'
	find "$top/leads" -type f -path '*/expect/*' 2>/dev/null |
	while IFS= read -r f; do
		d=$(dirname "$(dirname "$f")")
		[ -f "$d/pii-allowed" ] && grep -qxF "$(basename "$f")" "$d/pii-allowed" &&
		    continue
		echo "$f"
	done
} | LC_ALL=C sort >"$tmp/outputs"

while IFS= read -r f; do
	LC_ALL=C grep -a -o -E "$email" "$f"
done <"$tmp/inputs" | LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C sort -u >"$tmp/emails"
while IFS= read -r f; do
	LC_ALL=C grep -a -o -E "$phone" "$f"
done <"$tmp/inputs" | LC_ALL=C tr -cd '0-9\n' | LC_ALL=C awk 'length($0) >= 9' |
    LC_ALL=C sort -u >"$tmp/phones"

leaks=0
while IFS= read -r f; do
	rel=${f#"$top"/}
	{
		# e-mail addresses of the inputs, in any case
		if [ -s "$tmp/emails" ]; then
			LC_ALL=C tr 'A-Z' 'a-z' <"$f" | LC_ALL=C grep -a -o -F -f "$tmp/emails" |
			    sed 's/^/e-mail address of the inputs: /'
		fi
		# anything like the start of an address
		LC_ALL=C grep -a -o -E '[A-Za-z0-9._%+-]+@[A-Za-z0-9]+' "$f" |
		    sed 's/^/something like an e-mail address: /'
		# digit runs that begin a phone number of the inputs
		LC_ALL=C awk -v phones="$tmp/phones" '
			BEGIN { while ((getline p < phones) > 0) ph[p] = 1 }
			{
				s = $0
				while (match(s, /[0-9]+(([ _.()\/-]|[ _.()\/-][ _.()\/-])[0-9]+)*/)) {
					run = substr(s, RSTART, RLENGTH)
					s = substr(s, RSTART + RLENGTH)
					d = run
					gsub(/[^0-9]/, "", d)
					if (length(d) < 7)
						continue
					for (p in ph)
						if (index(p, d) == 1) {
							print "digits of a phone number of the inputs: " run
							break
						}
				}
			}' "$f"
	} | LC_ALL=C sort -u >"$tmp/hits"
	while IFS= read -r h; do
		echo "PII $rel: $h"
		leaks=$((leaks + 1))
	done <"$tmp/hits"
done <"$tmp/outputs"

echo "pii-scan: $(wc -l <"$tmp/emails" | tr -d ' ') e-mail addresses and" \
    "$(wc -l <"$tmp/phones" | tr -d ' ') phone numbers from" \
    "$(wc -l <"$tmp/inputs" | tr -d ' ') inputs; $leaks leaks in" \
    "$(wc -l <"$tmp/outputs" | tr -d ' ') outputs"
[ "$leaks" -eq 0 ]
