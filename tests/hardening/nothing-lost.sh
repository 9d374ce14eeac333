#!/bin/sh
# sh tests/hardening/nothing-lost.sh PROG: nothing the user has is lost.
# The inputs are never written (sha256 and mtime before and after each
# run); written files are mode 0600 unless --mode says otherwise; a write
# error (/dev/full, a full tmpfs) exits 2 with a message and leaves no
# partial target; -o /dev/null leaves /dev/null a character device; a
# SIGKILL while --annotate writes leaves the old target whole; and the row
# accounting of every --format json report adds up.  Prints one line per
# check group and exits 1 when something failed.
set -u

prog=${1:?usage: nothing-lost.sh PROG}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nothing-lost.XXXXXX") || exit 2
mnt=
bg=
cleanup() {
	[ -n "$bg" ] && kill -9 "$bg" 2>/dev/null
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export LC_ALL=C NO_COLOR=1
fail=0

bad() {
	echo "nothing-lost: FAIL: $*"
	fail=1
}

# stamp FILE: its sha256 and mtime on one line.
stamp() {
	printf '%s %s\n' "$(sha256sum <"$1" | cut -d' ' -f1)" \
	    "$(stat -c %Y.%y "$1")"
}

# unchanged FILE STAMP WHAT: FILE still has STAMP.
unchanged() {
	[ "$(stamp "$1")" = "$2" ] || bad "$3: input $1 was written"
}

# mode FILE WANT WHAT: FILE's permission bits are WANT.
mode() {
	m=$(stat -c %a "$1" 2>/dev/null) || { bad "$3: $1 not written"; return; }
	[ "$m" = "$2" ] || bad "$3: $1 has mode $m, want $2"
}

# ---- inputs untouched, modes ----
umask 022
n=0
for f in "$repo"/samples/*.csv; do
	b=$(basename "$f" .csv)
	case $b in links-*) continue ;; esac
	s=$(stamp "$f")
	o=$tmp/$b
	rm -f "$o".*
	"$prog" leads -q --seed 1 -o "$o.txt" --worksheet "$o.ws.csv" \
	    --annotate "$o.ann.csv" "$f" >/dev/null 2>"$o.err"
	st=$?
	[ $st -le 1 ] || bad "leads $b: exit $st: $(head -1 "$o.err")"
	unchanged "$f" "$s" "leads $b"
	for w in txt ws.csv ann.csv; do
		mode "$o.$w" 600 "leads $b"
	done
	"$prog" leads -q --seed 1 --mode 0644 -f json -o "$o.json" \
	    --worksheet "$o.ws2.csv" --annotate "$o.ann2.csv" "$f" \
	    >/dev/null 2>"$o.err"
	[ $? -le 1 ] || bad "leads $b --mode 0644: $(head -1 "$o.err")"
	unchanged "$f" "$s" "leads $b --mode"
	for w in json ws2.csv ann2.csv; do
		mode "$o.$w" 644 "leads $b --mode 0644"
	done
	n=$((n + 1))
done
for f in "$repo"/samples/links-*; do
	b=$(basename "$f")
	s=$(stamp "$f")
	"$prog" links -q -f json -o "$tmp/$b.json" "$f" >/dev/null 2>&1
	[ $? -le 1 ] || bad "links $b: exit $?"
	unchanged "$f" "$s" "links $b"
	# links reports are written 0600 like every report (they may quote
	# personal data found in a link).
	mode "$tmp/$b.json" 600 "links $b -o"
	# --fix --write on a copy: the copy may change, the original never.
	mkdir -p "$tmp/fix" && cp -p "$f" "$tmp/fix/$b"
	"$prog" links -q --fix --write "$tmp/fix/$b" >/dev/null 2>"$tmp/fix.err"
	[ $? -le 1 ] || bad "links --fix --write $b: $(head -1 "$tmp/fix.err")"
	unchanged "$f" "$s" "links --fix --write $b"
	if ! cmp -s "$f" "$tmp/fix/$b"; then
		# A rewritten copy keeps the copy's mode, and is not empty.
		mode "$tmp/fix/$b" "$(stat -c %a "$f")" "links --fix --write $b"
		[ -s "$tmp/fix/$b" ] || bad "links --fix --write $b: emptied"
	fi
	n=$((n + 1))
done
ls -A "$tmp/fix" | grep -q '^\.' && bad "links --fix --write: temporary left"
echo "nothing-lost: $n inputs untouched, modes 0600 and --mode 0644"

# ---- write errors ----
f=$repo/samples/hubspot_pass.csv
for how in stdout -o; do
	if [ $how = stdout ]; then
		"$prog" leads -q --seed 1 "$f" >/dev/full 2>"$tmp/full.err"
	else
		"$prog" leads -q --seed 1 -o /dev/full "$f" 2>"$tmp/full.err"
	fi
	st=$?
	[ $st -eq 2 ] || bad "leads $how /dev/full: exit $st, want 2"
	grep -q '^utm-audit: .*: error:' "$tmp/full.err" ||
	    bad "leads $how /dev/full: no 'utm-audit: ...: error:' line"
	"$prog" links -q "$repo/samples/links-messy.csv" $( [ $how = -o ] &&
	    echo "-o /dev/full") >/dev/full 2>"$tmp/full.err"
	st=$?
	[ $st -eq 2 ] || bad "links $how /dev/full: exit $st, want 2"
	grep -q '^utm-audit: .*: error:' "$tmp/full.err" ||
	    bad "links $how /dev/full: no 'utm-audit: ...: error:' line"
done
"$prog" leads -q --seed 1 -o /dev/null --worksheet /dev/null \
    --annotate /dev/null "$f" >/dev/null 2>&1
[ -c /dev/null ] || bad "-o /dev/null replaced /dev/null"
"$prog" links -q -o /dev/null "$repo/samples/links-messy.csv" >/dev/null 2>&1
[ -c /dev/null ] || bad "links -o /dev/null replaced /dev/null"
echo "nothing-lost: /dev/full exits 2 with a message, /dev/null kept"

# ---- SIGKILL while writing --annotate ----
big=$tmp/big.csv
{
	echo 'Record ID,Create Date,Original Source,UTM Source,UTM Medium,UTM Campaign,Notes'
	awk 'BEGIN { for (i = 0; i < 20000; i++)
		printf "%d,2026-01-05,Paid Search,google,cpc,2026-q1-pumps,%s\n",
		    i, "padding padding padding padding padding padding padding padding" }'
} >"$tmp/chunk.csv"
head -1 "$tmp/chunk.csv" >"$big"
tail -n +2 "$tmp/chunk.csv" >"$tmp/rows"
i=0
while [ $i -lt 6 ]; do cat "$tmp/rows" "$tmp/rows" >"$tmp/rows2" &&
    mv "$tmp/rows2" "$tmp/rows"; i=$((i + 1)); done
# 20000 * 64 rows of ~110 bytes: about 140 MB; twice more for ~200 MB.
cat "$tmp/rows" "$tmp/rows" | head -c 200000000 | sed '$d' >>"$big"
rm -f "$tmp/rows" "$tmp/chunk.csv"
mkdir "$tmp/kill"
tgt=$tmp/kill/ann.csv
printf 'old,content\n1,2\n' >"$tgt"
old=$(sha256sum <"$tgt")
"$prog" leads -q --seed 1 --threads 2 --annotate "$tgt" -o /dev/null "$big" \
    >/dev/null 2>&1 &
bg=$!
sleep 0.3
kill -9 $bg 2>/dev/null
wait $bg 2>/dev/null
bg=
if [ -e "$tgt" ]; then
	now=$(sha256sum <"$tgt")
	if [ "$now" != "$old" ]; then
		# Only a complete new version is allowed: as many lines as rows + 1.
		[ "$(wc -l <"$tgt")" -eq "$(wc -l <"$big")" ] ||
		    bad "SIGKILL: $tgt half-written"
	fi
else
	bad "SIGKILL: the old $tgt is gone"
fi
for x in $(ls -A "$tmp/kill"); do
	case $x in
	ann.csv) ;;
	.ann.csv.tmp??????) left=$x ;;
	*) bad "SIGKILL: unexpected file $x left" ;;
	esac
done
echo "nothing-lost: SIGKILL during --annotate: target whole${left:+, $left left}"
rm -f "$big"

# ---- full disk ----
mnt=$tmp/small
mkdir "$mnt"
if mount -t tmpfs -o size=64k tmpfs "$mnt" 2>/dev/null; then
	# A 64k tmpfs and a --annotate output of a ~300 kB export.
	awk 'BEGIN { print "Record ID,Create Date,Original Source,UTM Source,UTM Medium,UTM Campaign"
		for (i = 0; i < 4000; i++)
			printf "%d,2026-01-05,Paid Search,google,cpc,2026-q1-pumps\n", i }' \
	    >"$tmp/mid.csv"
	"$prog" leads -q --seed 1 --annotate "$mnt/ann.csv" -o /dev/null \
	    "$tmp/mid.csv" 2>"$tmp/disk.err"
	st=$?
	[ $st -eq 2 ] || bad "full disk --annotate: exit $st, want 2"
	grep -q '^utm-audit: .*: error:' "$tmp/disk.err" ||
	    bad "full disk --annotate: no 'utm-audit: ...: error:' line"
	[ -z "$(ls -A "$mnt")" ] || bad "full disk: left $(ls -A "$mnt")"
	umount "$mnt" && mnt=
	echo "nothing-lost: full tmpfs exits 2 with a message, no partial target"
else
	mnt=
	echo "nothing-lost: full disk skipped: cannot mount tmpfs"
fi

# ---- row accounting ----
if command -v python3 >/dev/null 2>&1; then
	n=0
	for f in "$repo"/samples/*.csv "$repo"/tests/golden/leads/*/*.csv; do
		case $f in */links-*) continue ;; esac
		"$prog" leads -q --seed 1 -f json "$f" >"$tmp/r.json" 2>/dev/null
		[ $? -le 1 ] || continue	# the error cases
		python3 - "$tmp/r.json" "$f" <<'EOF' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
r, lv, f = d["rows"], d["levels"], sys.argv[2]
errs = []
if r["read"] != r["in_scope"] + r["rejected"]:
    errs.append("read %d != in_scope %d + rejected %d"
                % (r["read"], r["in_scope"], r["rejected"]))
if sum(lv.values()) != r["in_scope"]:
    errs.append("levels sum %d != in_scope %d" % (sum(lv.values()), r["in_scope"]))
rej = r["out_of_window"]["count"] + r["undated"]["count"] + r["ragged"]["count"]
if r["rejected"] != rej:
    errs.append("rejected %d != out_of_window + undated + ragged %d"
                % (r["rejected"], rej))
for e in errs:
    print("nothing-lost: FAIL: rows of %s: %s" % (f, e))
sys.exit(1 if errs else 0)
EOF
		n=$((n + 1))
	done
	echo "nothing-lost: row accounting of $n reports adds up"
else
	echo "nothing-lost: row accounting skipped: python3 not found"
fi

[ $fail -eq 0 ] && echo "nothing-lost: ok"
exit $fail
