#!/bin/sh
# suite_links: the SARIF and JUnit reports of `utm-audit links` against
# their published schemas (../shared/data/suites/sarif-2.1.0 and junit-xsd).
#
#	sh tests/suites/suite_links.sh DATA_DIR PROG	(from the repo root)
#
# Every link set in samples/ and in tests/golden/links/ is reported as SARIF
# and as JUnit, alone and all together; each SARIF log must validate
# against the SARIF 2.1.0 JSON schema (draft-04, with Python's jsonschema)
# and each JUnit report against junit-10.xsd (xmllint).  The reports must
# also agree with the JSON report of the same run: as many SARIF results
# as findings, as many JUnit test cases as links, as many failures as
# links with a finding at the gate.  Two broken documents prove that the
# validators do reject.  Needs (Debian 12): libxml2-utils, python3-jsonschema.
set -u

data=${1:-} prog=${2:-}
if [ -z "$data" ] || [ -z "$prog" ]; then
	echo "usage: sh tests/suites/suite_links.sh DATA_DIR PROG" >&2
	exit 2
fi
if [ ! -d "$data" ]; then
	echo "suite_links: skipped: ../shared/data not found"
	exit 0
fi
sarif=$data/suites/sarif-2.1.0/sarif-schema-2.1.0.json
xsd=$data/suites/junit-xsd/junit-10.xsd
for f in "$sarif" "$xsd"; do
	if [ ! -f "$f" ]; then
		echo "suite_links: $f is missing" >&2
		exit 1
	fi
done
if ! command -v xmllint >/dev/null 2>&1; then
	echo "suite_links: xmllint not found (Debian: apt-get install libxml2-utils)" >&2
	exit 1
fi
py=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "suite_links: no Python with jsonschema (Debian: apt-get install python3-jsonschema)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/suite_links.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The link sets: the samples, every input of the golden link cases, and all
# of them at once.  One per line: "NAME<TAB>FILE [FILE...]".
{
	for f in samples/links-*; do
		[ -f "$f" ] && printf '%s\t%s\n' "$(basename "$f")" "$f"
	done
	for f in tests/golden/links/*/*.txt tests/golden/links/*/*.csv \
	    tests/golden/links/*/*.md tests/golden/links/*/*.html \
	    tests/golden/links/*/*.orig; do
		[ -f "$f" ] || continue
		case $f in */err-*) continue ;; esac
		printf '%s\t%s\n' "$(echo "$f" | sed 's|^tests/golden/links/||; s|/|-|g')" "$f"
	done
	printf 'all-samples\t%s\n' "$(echo samples/links-* | tr '\n' ' ')"
} >"$tmp/sets"

fail=0 n=0
while IFS="$(printf '\t')" read -r name files; do
	n=$((n + 1))
	for fmt in sarif junit json; do
		# shellcheck disable=SC2086
		LC_ALL=C "$prog" links --input-format auto --format $fmt $files \
		    >"$tmp/$n.$fmt" 2>"$tmp/$n.$fmt.err"
		s=$?
		if [ $s -gt 1 ]; then
			echo "suite_links: $name: --format $fmt exited $s: $(head -1 "$tmp/$n.$fmt.err")"
			fail=$((fail + 1))
		fi
	done
	if ! xmllint --noout --schema "$xsd" "$tmp/$n.junit" 2>"$tmp/$n.xmllint"; then
		echo "suite_links: $name: JUnit report does not validate:"
		head -5 "$tmp/$n.xmllint"
		fail=$((fail + 1))
	fi
	printf '%s\t%s\n' "$name" "$n" >>"$tmp/list"
done <"$tmp/sets"

# Validate every SARIF log and cross-check the three reports of each run;
# the broken documents must be rejected.
"$py" - "$sarif" "$tmp" <<'EOF' || fail=$((fail + 1))
import json, sys, xml.etree.ElementTree as ET
import jsonschema

schema = json.load(open(sys.argv[1]))
tmp = sys.argv[2]
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
v = cls(schema, format_checker=jsonschema.FormatChecker())
bad = ok = agree = 0
for line in open(tmp + "/list"):
    name, n = line.rstrip("\n").split("\t")
    try:
        log = json.load(open("%s/%s.sarif" % (tmp, n)))
        rep = json.load(open("%s/%s.json" % (tmp, n)))
        junit = ET.parse("%s/%s.junit" % (tmp, n)).getroot()
    except Exception as e:
        bad += 1
        print("suite_links: %s: cannot read a report: %s" % (name, e))
        continue
    errs = sorted(v.iter_errors(log), key=lambda e: list(e.path))
    if errs:
        bad += 1
        print("suite_links: %s: SARIF log does not validate: %s at %s"
              % (name, errs[0].message, "/".join(map(str, errs[0].path))))
        continue
    ok += 1
    results = log["runs"][0]["results"]
    gate = {"error": 2, "warning": 1, "note": 0}[rep["fail_on"]]
    sev = {"error": 2, "warning": 1, "note": 0}
    failing = set()
    for f in rep["findings"]:
        if sev[f["severity"]] >= gate:
            failing.add((f["file"], f.get("link"), f["line"]))
    checks = [
        ("SARIF results", len(results), len(rep["findings"])),
        ("SARIF levels", [r["level"] for r in results],
         [f["severity"] for f in rep["findings"]]),
        ("SARIF rule ids", [r["ruleId"] for r in results],
         [f["id"] for f in rep["findings"]]),
        ("JUnit tests", int(junit.get("tests")), rep["summary"]["links"]),
        ("JUnit cases", len(junit.findall(".//testcase")), rep["summary"]["links"]),
        ("JUnit failures == 0 iff passed", int(junit.get("failures")) == 0, rep["passed"]),
    ]
    for what, got, want in checks:
        if got != want:
            bad += 1
            print("suite_links: %s: %s: %r, the JSON report says %r" % (name, what, got, want))
        else:
            agree += 1

# The validators must reject what is wrong.
broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
          "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation":
          {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]}
if not list(v.iter_errors(broken)):
    bad += 1
    print("suite_links: the SARIF schema accepted startLine 0")
print("suite_links: %d SARIF logs valid, %d cross-checks agree, %d problems"
      % (ok, agree, bad))
sys.exit(1 if bad else 0)
EOF
printf '<testsuites><testsuite tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>\n' \
    >"$tmp/broken.xml"
if xmllint --noout --schema "$xsd" "$tmp/broken.xml" 2>/dev/null; then
	echo "suite_links: the JUnit schema accepted a suite and a case without names"
	fail=$((fail + 1))
fi
echo "suite_links: $n link sets, each as SARIF, JUnit and JSON; $fail failures"
[ $fail -eq 0 ]
