#!/bin/sh
# The HTML report in a real browser: sh tests/html/check.sh PROG OUTDIR
#
# For each sample export (samples/*.csv but the link sets) and the hostile
# golden input (tests/golden/reports/hostile.csv), it writes
# OUTDIR/NAME.html with `PROG leads --seed 42 --format html` and checks:
#   - the HTML itself: no script, no element that loads anything (img,
#     link, iframe, object, embed, audio, video, source), no src= or href=
#     and no event handler (on...=) in any tag, no url( or @import: the
#     page requests nothing, whatever the browser;
#   - the page in headless Chromium (a new empty profile, every host name
#     resolving to nothing), with a screenshot (NAME.png, for a person to
#     look at), a PDF on A4 (NAME.pdf) and the DOM as the browser built it
#     (NAME.dom): the verdict is there and says what the exit status says;
#     every chart has as many bars (rect.bar) as it declares, at least
#     one; the month chart is there; the hostile values are text
#     (&lt;script&gt;...), not elements;
#   - the browser's network log (NAME.netlog): no request made for the
#     page (requests the browser makes for itself are marked
#     "not an origin" and are not the page's).
# A control page that loads an image and a style sheet must fail the
# network check, so the check is known to work.
# When cmark-gfm is installed it also renders the Markdown report of each
# input as GitHub would (tables, autolinks, strikethrough, raw HTML on)
# and checks that the hostile values stay text: no element but the
# report's own, no link, no emphasis from a value, '|' kept in its cell.
# Prints one line per failure and a summary; exits 1 on any failure, 2
# when Chromium is missing.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh tests/html/check.sh PROG OUTDIR" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
browser=
for b in chromium chromium-browser; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "check-html: Chromium is not installed (Debian package chromium)" >&2
	exit 2
fi
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
profile=$(mktemp -d "${TMPDIR:-/tmp}/check-html.XXXXXX") || exit 2
trap 'rm -rf "$profile"' EXIT
trap 'exit 130' INT TERM

failed=0
checked=0

fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
}

# browse NAME WHAT ARGS...: one headless Chromium run on OUTDIR/NAME.html
# with a new empty profile, no name resolving, and a network log.
browse() {
	name=$1
	shift
	rm -rf "$profile/p" && mkdir "$profile/p" || return 1
	LC_ALL=C timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --disable-extensions \
	    --hide-scrollbars --force-device-scale-factor=1 \
	    --user-data-dir="$profile/p" \
	    --host-resolver-rules="MAP * ~NOTFOUND" \
	    --log-net-log="$out/$name.netlog" "$@" "file://$out/$name.html" \
	    2>>"$out/$name.browser.log"
}

# page_requests NAME: how many requests the page made (the browser's own
# carry the initiator "not an origin").
page_requests() {
	grep -o '"initiator":"[^"]*"' "$out/$1.netlog" 2>/dev/null |
	    grep -vc '"initiator":"not an origin"'
}

# tags FILE: every tag on a line of its own (text has no raw '<').
tags() {
	sed 's/</\n</g' "$1" | grep '^<' | sed 's/>.*/>/'
}

# static NAME: the HTML requests nothing by itself.
static() {
	f=$out/$1.html
	if tags "$f" | grep -Eiq '^<(script|img|link|iframe|frame|object|embed|audio|video|source|base|form|input)[ >/]'; then
		fail "$1" "an element that runs or loads something: $(tags "$f" |
		    grep -Ei '^<(script|img|link|iframe|frame|object|embed|audio|video|source|base|form|input)[ >/]' | head -1)"
	fi
	if tags "$f" | grep -Eiq '[[:space:]](src|href|srcset|action|formaction|xlink:href|on[a-z]+)[[:space:]]*='; then
		fail "$1" "a tag with src, href or an event handler: $(tags "$f" |
		    grep -Ei '[[:space:]](src|href|srcset|action|formaction|xlink:href|on[a-z]+)[[:space:]]*=' | head -1)"
	fi
	if grep -Eiq 'url\(|@import' "$f"; then
		fail "$1" "url( or @import in the page"
	fi
	if ! grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$f"; then
		fail "$1" "no Content-Security-Policy forbidding every load"
	fi
}

# charts NAME: every chart in the DOM has its declared bars.
charts() {
	sed 's/</\n</g' "$out/$1.dom" | awk -v name="$1" '
		/^<svg[ >]/ && /class="chart"/ {
			id = $0; sub(/.* id="/, "", id); sub(/".*/, "", id)
			want = $0; sub(/.* data-bars="/, "", want); sub(/".*/, "", want)
			inside = 1; bars = 0; charts++
			next
		}
		inside && /^<rect[ >]/ && /class="bar[ "]/ { bars++ }
		inside && /^<\/svg>/ {
			if (want + 0 < 1 || bars != want + 0) {
				printf "FAIL %s: chart %s has %d bars, declares %s\n", name, id, bars, want
				bad++
			}
			if (id == "chart-month")
				month = 1
			inside = 0
		}
		END {
			if (charts < 3) {
				printf "FAIL %s: %d charts, want at least 3\n", name, charts
				bad++
			}
			if (!month) {
				printf "FAIL %s: no month chart\n", name
				bad++
			}
			exit bad > 0
		}' || failed=$((failed + 1))
}

# one NAME INPUT: the whole check of one report.
one() {
	name=$1
	input=$2
	checked=$((checked + 1))
	rm -f "$out/$name".*
	LC_ALL=C "$prog" leads --seed 42 --format html "$input" >"$out/$name.html" \
	    2>"$out/$name.stderr"
	status=$?
	case $status in
	0)	badge=PASS; verdict='Tracking meets the target' ;;
	1)	badge='\(FAIL\|INCONCLUSIVE\)'; verdict='\(Tracking misses the target\|The sample cannot settle\)' ;;
	*)	fail "$name" "utm-audit exited $status: $(cat "$out/$name.stderr")"; return ;;
	esac
	static "$name"
	browse "$name" --dump-dom >"$out/$name.dom" ||
	    { fail "$name" "Chromium failed (see $out/$name.browser.log)"; return; }
	if [ "$(page_requests "$name")" != 0 ]; then
		fail "$name" "the page made $(page_requests "$name") network requests"
	fi
	rm -f "$out/$name.netlog"
	browse "$name" --window-size=1024,2400 --screenshot="$out/$name.png" >/dev/null ||
	    fail "$name" "no screenshot"
	if [ "$(page_requests "$name")" != 0 ]; then
		fail "$name" "the page made network requests while the screenshot was taken"
	fi
	browse "$name" --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" >/dev/null ||
	    fail "$name" "no PDF"
	if ! head -c 8 "$out/$name.png" 2>/dev/null | grep -q PNG ||
	    [ "$(wc -c <"$out/$name.png")" -lt 20000 ]; then
		fail "$name" "the screenshot is missing or blank"
	fi
	if ! head -c 5 "$out/$name.pdf" 2>/dev/null | grep -q '%PDF' ||
	    [ "$(wc -c <"$out/$name.pdf")" -lt 10000 ]; then
		fail "$name" "the PDF is missing or empty"
	fi
	if ! grep -q "<p class=\"badge\">$badge</p>" "$out/$name.dom"; then
		fail "$name" "the verdict badge does not say what exit status $status says"
	fi
	if ! grep -q "<p class=\"headline\">$verdict" "$out/$name.dom"; then
		fail "$name" "the verdict sentence is missing"
	fi
	if ! grep -q 'of leads\|of all leads' "$out/$name.dom" ||
	    ! grep -q 'the target is [0-9]*%' "$out/$name.dom"; then
		fail "$name" "the verdict does not give the share and the target"
	fi
	if ! grep -q 'confidence interval' "$out/$name.dom"; then
		fail "$name" "the sample's interval is missing"
	fi
	if tags "$out/$name.dom" | grep -Eiq '^<(script|img|iframe|object|embed)[ >/]'; then
		fail "$name" "the browser built an element from a value"
	fi
	charts "$name"
}

for f in "$top"/samples/*.csv; do
	case ${f##*/} in
	links-*)	continue ;;
	esac
	n=${f##*/}
	one "${n%.csv}" "$f"
done
one hostile "$top/tests/golden/reports/hostile.csv"
if ! grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$out/hostile.dom"; then
	fail hostile "the lead source <script>alert(1)</script> is not shown as text"
fi
if ! grep -q '&lt;img src=x onerror=alert(1)&gt;' "$out/hostile.dom"; then
	fail hostile "the owner <img ...> is not shown as text"
fi

# The control: a page that loads things must fail the network check.
printf '<!DOCTYPE html><html><body><img src="http://example.invalid/x.png">%s\n' \
    '<link rel="stylesheet" href="https://example.invalid/a.css"></body></html>' \
    >"$out/control.html"
rm -f "$out/control.netlog"
browse control --dump-dom >/dev/null
if [ "$(page_requests control)" = 0 ]; then
	fail control "a page that loads an image passed the network check"
fi

# Markdown as GitHub renders it.
if command -v cmark-gfm >/dev/null 2>&1; then
	for f in "$top"/samples/*.csv "$top/tests/golden/reports/hostile.csv"; do
		case ${f##*/} in
		links-*)	continue ;;
		esac
		n=${f##*/}
		n=md-${n%.csv}
		checked=$((checked + 1))
		LC_ALL=C "$prog" leads --seed 42 --format md "$f" >"$out/$n.md" 2>/dev/null
		cmark-gfm --unsafe -e table -e autolink -e strikethrough "$out/$n.md" \
		    >"$out/$n.html" || { fail "$n" "cmark-gfm failed"; continue; }
		grep -q '<table>' "$out/$n.html" || fail "$n" "no table"
		grep -q '<strong>Tracking' "$out/$n.html" || fail "$n" "no verdict"
		if tags "$out/$n.html" | grep -Eiq '^<(script|img|a|em|del|iframe)[ >/]'; then
			fail "$n" "a value became markup: $(tags "$out/$n.html" |
			    grep -Ei '^<(script|img|a|em|del|iframe)[ >/]' | head -1)"
		fi
	done
	h=$out/md-hostile.html
	for want in '<td>&lt;script&gt;alert(1)&lt;/script&gt;' '<td>Bert | Jansen \*team\*</td>' \
	    '\[x\](javascript:alert(1))' '<td>`code`_\$x\$_~~del~~'; do
		grep -q "$want" "$h" || fail md-hostile "'$want' is not in a cell as text"
	done
	grep -q 'sources.linkedin.aliases: - linkdin' "$h" ||
	    fail md-hostile "no rule line to paste"
else
	echo "check-html: cmark-gfm is not installed: Markdown not rendered"
fi

echo "check-html: $checked reports checked in $browser, $failed failures;" \
    "screenshots in $out"
[ "$failed" -eq 0 ]
