#!/bin/sh
# Translations: sh tests/i18n/check.sh PROG LOCALEDIR
#
# LOCALEDIR holds the compiled catalogues (build/locale: LANG/LC_MESSAGES/
# utm-audit.mo).  The checks, one line per failure and a summary at the end:
#   - every po/LANG.po is complete: msgfmt --check --statistics says it has
#     no untranslated and no fuzzy message, and it holds every msgid the
#     sources have now (msgcmp against a fresh xgettext of auditor/*.c);
#   - the Dutch outputs people read (the leads report in text, Markdown and
#     HTML of every sample export, with a baseline and with a checked
#     worksheet; the links report in text, Markdown and GitHub annotations;
#     rules errors and explain; usage errors and input errors; --help of
#     the program and of each command) are the same with LANGUAGE=nl and
#     with --lang nl (before the command and after it), end with the same
#     exit status as in English, differ from the English, and hold no
#     English sentence (tests/i18n/leaks.py: no stretch of an msgid's text
#     untranslated, and a line the same as in English holds only numbers,
#     values from the input, ids and names);
#   - the machine formats (leads --format json, the worksheet and annotate
#     CSV files, links --format json, sarif and junit) are byte for byte
#     the same with and without LANGUAGE=nl.
# Runs with LC_ALL=C (glibc ignores LANGUAGE in the C locale; the program
# switches its messages to C.UTF-8 when a language is asked for).  Exits 1
# on any failure.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh tests/i18n/check.sh PROG LOCALEDIR" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
case $2 in
/*)	localedir=$2 ;;
*)	localedir=$(pwd)/$2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/i18n.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
checks=0
fail() {
	echo "FAIL $1"
	fails=$((fails + 1))
}

LC_ALL=C NO_COLOR=1 TZ=UTC UTM_AUDIT_LOCALEDIR=$localedir
export LC_ALL NO_COLOR TZ UTM_AUDIT_LOCALEDIR
unset LANGUAGE LANG LC_MESSAGES

# ---- the catalogues ----
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=ngettext:1,2 \
    --keyword=H_:2 --keyword=HN_:2,3 -o "$tmp/fresh.pot" auditor/*.c || exit 2
for po in po/*.po; do
	l=$(basename "$po" .po)
	checks=$((checks + 1))
	stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) ||
	    fail "$po: msgfmt --check: $stats"
	case $stats in
	*untranslated*|*fuzzy*)	fail "$po: $stats" ;;
	*" translated message"*) ;;
	*)			fail "$po: no statistics: $stats" ;;
	esac
	msgcmp "$po" "$tmp/fresh.pot" >"$tmp/msgcmp" 2>&1 ||
	    fail "$po: out of date with the sources (make pot): $(head -3 "$tmp/msgcmp")"
	if [ ! -f "$localedir/$l/LC_MESSAGES/utm-audit.mo" ]; then
		fail "$l: $localedir/$l/LC_MESSAGES/utm-audit.mo not built"
	fi
	echo "i18n: $po: $stats"
done

# ---- Dutch outputs for people ----
# A bad rule file, a ZIP named .csv, and an export to check a worksheet of.
cat >"$tmp/bad-key.yaml" <<'EOF'
version: 1
sources:
  google:
    category: search
    alias: [goog]
EOF
cat >"$tmp/bad-type.yaml" <<'EOF'
version: 1
threshold: high
EOF
cat >"$tmp/bad-yaml.yaml" <<'EOF'
version: 1
sources: [google
EOF
printf 'PK\003\004 not a workbook' >"$tmp/export.csv"

# run NAME KIND INPUTS -- ARGS: English, LANGUAGE=nl, --lang nl before and
# after the command; KIND is text, md or html (how leaks.py reads it).
run() {
	name=$1 kind=$2 inputs=$3
	shift 4
	checks=$((checks + 1))
	(unset LANGUAGE; "$prog" "$@" >"$tmp/en" 2>&1); en=$?
	LANGUAGE=nl "$prog" "$@" >"$tmp/nl" 2>&1; nl=$?
	"$prog" --lang nl "$@" >"$tmp/nl-before" 2>&1; nlb=$?
	cmd=$1
	shift
	"$prog" "$cmd" --lang nl "$@" >"$tmp/nl-after" 2>&1; nla=$?
	[ "$en" = "$nl" ] && [ "$nl" = "$nlb" ] && [ "$nl" = "$nla" ] ||
	    fail "$name: exit status $en in English, $nl with LANGUAGE=nl, $nlb and $nla with --lang nl"
	cmp -s "$tmp/nl" "$tmp/nl-before" ||
	    fail "$name: --lang nl before the command differs from LANGUAGE=nl"
	cmp -s "$tmp/nl" "$tmp/nl-after" ||
	    fail "$name: --lang nl after the command differs from LANGUAGE=nl"
	if cmp -s "$tmp/en" "$tmp/nl"; then
		fail "$name: the Dutch output is the English one"
		return
	fi
	# shellcheck disable=SC2086
	if ! python3 tests/i18n/leaks.py po/utm-audit.pot po/nl.po "$kind" \
	    "$tmp/en" "$tmp/nl" $inputs >"$tmp/leaks"; then
		fail "$name: English left in the Dutch output"
		sed -e 's/^/	/' "$tmp/leaks" | head -n 20
	fi
}

for f in samples/dynamics_nl.csv samples/hubspot_pass.csv samples/salesforce_fail.csv; do
	n=$(basename "$f" .csv)
	run "leads text $n" text "$f" -- leads --seed 42 "$f"
	run "leads md $n" md "$f" -- leads --seed 42 --format md "$f"
	run "leads html $n" html "$f" -- leads --seed 42 --format html "$f"
done
d=tests/golden/reports
run "leads text drift" text "$d/drift-then.json $d/drift-now.csv" -- \
    leads --seed 1 --baseline "$d/drift-then.json" "$d/drift-now.csv"
run "leads md drift" md "$d/drift-then.json $d/drift-now.csv" -- \
    leads --seed 1 --format md --baseline "$d/drift-then.json" "$d/drift-now.csv"
run "leads html drift" html "$d/drift-then.json $d/drift-now.csv" -- \
    leads --seed 1 --format html --baseline "$d/drift-then.json" "$d/drift-now.csv"
v=tests/golden/leads/verified
run "leads text verified" text "$v/filled.csv $v/input.csv" -- \
    leads --seed 7 --verified "$v/filled.csv" "$v/input.csv"
run "leads text hostile" text "$d/hostile.csv" -- leads --seed 42 "$d/hostile.csv"
for f in samples/links-clean.txt samples/links-messy.csv samples/links-newsletter.html \
    samples/links-campaigns.md; do
	n=$(basename "$f")
	run "links text $n" text "$f" -- links "$f"
done
run "links md" md samples/links-messy.csv -- links --format md samples/links-messy.csv
run "links github" text samples/links-messy.csv -- links --format github samples/links-messy.csv
run "rules check unknown key" text "$tmp/bad-key.yaml" -- rules check "$tmp/bad-key.yaml"
run "rules check wrong type" text "$tmp/bad-type.yaml" -- rules check "$tmp/bad-type.yaml"
run "rules check bad YAML" text "$tmp/bad-yaml.yaml" -- rules check "$tmp/bad-yaml.yaml"
run "rules check ok" text rules/default.yaml -- rules check rules/default.yaml
run "rules explain" text "" -- rules explain LinkedIn Website cpc ''
run "leads --rules bad" text "$tmp/bad-key.yaml" -- \
    leads --rules "$tmp/bad-key.yaml" samples/dynamics_nl.csv
run "leads ZIP" text "$tmp/export.csv" -- leads "$tmp/export.csv"
run "leads no file" text "" -- leads
run "leads bad threshold" text "" -- leads --threshold much samples/dynamics_nl.csv
run "links no file" text "" -- links
run "leads --help" text "" -- leads --help
run "links --help" text "" -- links --help
run "rules --help" text "" -- rules --help
run "rules unknown" text "" -- rules frobnicate

checks=$((checks + 1))
(unset LANGUAGE; "$prog" --help >"$tmp/en" 2>&1)
"$prog" --lang nl --help >"$tmp/nl" 2>&1
LANGUAGE=nl "$prog" --help >"$tmp/nl2" 2>&1
cmp -s "$tmp/nl" "$tmp/nl2" || fail "--help: --lang nl differs from LANGUAGE=nl"
python3 tests/i18n/leaks.py po/utm-audit.pot po/nl.po text "$tmp/en" "$tmp/nl" \
    >"$tmp/leaks" || { fail "--help: English left"; sed -e 's/^/	/' "$tmp/leaks"; }
checks=$((checks + 1))
"$prog" --lang '' leads x >/dev/null 2>&1
[ $? = 2 ] || fail "--lang '': not a usage error"
"$prog" --lang 'nl;rm' leads x >/dev/null 2>&1
[ $? = 2 ] || fail "--lang 'nl;rm': not a usage error"

# ---- machine formats stay English ----
# same NAME FILE... -- ARGS: the run's stdout and FILEs (written by it in
# $tmp/out) are the same with and without LANGUAGE=nl.
same() {
	name=$1
	shift
	files=
	while [ "$1" != -- ]; do
		files="$files $1"
		shift
	done
	shift
	checks=$((checks + 1))
	for lang in en nl; do
		rm -rf "$tmp/out" && mkdir "$tmp/out"
		if [ $lang = nl ]; then
			(cd "$tmp/out" && LANGUAGE=nl "$prog" "$@" >stdout 2>stderr)
		else
			(cd "$tmp/out" && "$prog" "$@" >stdout 2>stderr)
		fi
		for f in stdout $files; do
			cp "$tmp/out/$f" "$tmp/$lang.$f" 2>/dev/null ||
			    fail "$name: $f not written"
		done
	done
	for f in stdout $files; do
		cmp -s "$tmp/en.$f" "$tmp/nl.$f" ||
		    fail "$name: $f differs with LANGUAGE=nl"
	done
}

same "leads json" -- leads --seed 42 --format json "$top/samples/dynamics_nl.csv"
same "leads json drift" -- leads --seed 1 --format json \
    --baseline "$top/$d/drift-then.json" "$top/$d/drift-now.csv"
same "leads worksheet and annotate" ws.csv ann.csv -- leads --seed 42 --worksheet ws.csv \
    --annotate ann.csv --format json "$top/samples/salesforce_fail.csv"
for f in json sarif junit; do
	same "links $f" -- links --format "$f" "$top/samples/links-messy.csv"
done

echo "i18n: $((checks - fails)) of $checks checks passed"
[ "$fails" -eq 0 ]
