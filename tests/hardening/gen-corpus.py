#!/usr/bin/env python3
# python3 tests/hardening/gen-corpus.py: writes the injection corpus into
# tests/hardening/corpus/ (the files are kept in git; rerun after a change).
import os

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
P = [
    b"<script>alert(1)</script>",
    b"\"><img src=x onerror=alert(1)>",
    b"=HYPERLINK(\"http://evil.example\",\"x\")",
    b"+cmd|' /C calc'!A0",
    b"@SUM(1+1)",
    b"-2+3",
    b"\tTAB",
    b"ctl\x01\x1b[31mred\x7fdel",
    b"rlo\xe2\x80\xaegnp.exe",
    b"]]></x><![CDATA[",
    b"</script><script>alert(2)</script>",
    b"{{x}} ${x} `code` | pipe | `",
    b"x" * 10240,
]
BAD = [b"bad\xff\xfeutf8", b"cut\xe2\x82", b"\xff=1+1"]
# Isolates, an embedding, C1 controls, and the same percent-encoded (in the
# URLs of links and of leads both).
HIDDEN = [
    b"lri\xe2\x81\xa6isolate\xe2\x81\xa9pdi",
    b"lre\xe2\x80\xaaembed\xe2\x80\xacpdf",
    b"nel\xc2\x85csi\xc2\x9bend",
    b"pct%E2%80%AEgnp%C2%85%01",
]
# Near a known source, so the reports suggest a rule line for them.
NEAR = [b"linked\xe2\x80\xaein", b"goo\xc2\x85gle", b"face\xe2\x81\xa6book"]


def q(v):
    return b'"' + v.replace(b'"', b'""') + b'"'


def leads(vals, name):
    rows = [b"Record ID,Create Date,Original Source,Original Source Drill-Down 1,"
            b"UTM Source,UTM Medium,UTM Campaign,First Page Seen,Contact owner,Notes"]
    for i, v in enumerate(vals):
        url = b"https://www.example.com/p?utm_source=" + v[:200] + \
            b"&utm_medium=cpc&utm_campaign=" + v[:200]
        for r in (
            [v, v, v, v, v, url, v, v],
            [b"Paid Search", v, b"google", b"cpc", v, url, b"Owner " + v[:50], v],
            [v, b"", v, b"email", b"2026-q1-pumps", b"", v, v],
        ):
            rows.append(b",".join([b"%d%d" % (i, len(rows)), b"2026-01-05"] +
                                  [q(x) for x in r]))
    open(os.path.join(here, name), "wb").write(b"\r\n".join(rows) + b"\r\n")


def links(vals, name):
    rows = [b"Link name,Channel,Final URL,Notes"]
    for v in vals:
        for url in (
            b"https://www.example.com/p?utm_source=" + v +
            b"&utm_medium=" + v[:100] + b"&utm_campaign=" + v[:100],
            b"https://www.example.com/" + v[:100] + b"?utm_source=google&utm_medium=cpc"
            b"&utm_campaign=2026-q1-pumps#" + v[:100],
            v[:300],
        ):
            rows.append(b",".join([q(v[:200]), q(v[:50]), q(url), q(v)]))
    open(os.path.join(here, name), "wb").write(b"\n".join(rows) + b"\n")


os.makedirs(here, exist_ok=True)
leads(P + HIDDEN, "leads.csv")
# few enough values that even the Markdown report shows each one
leads(HIDDEN + NEAR, "leads-hidden.csv")
leads(P[:3] + BAD, "leads-badutf8.csv")
links(P + HIDDEN, "links.csv")
links(P[:3] + BAD, "links-badutf8.csv")
