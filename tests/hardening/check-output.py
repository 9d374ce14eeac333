#!/usr/bin/env python3
# python3 check-output.py KIND FILE: checks one report written from the
# injection corpus.  KIND is text, md, json, xml, html, csv-annotate or
# csv-worksheet.  Prints the problems found and exits 1 when there are any.
import csv, html.parser, io, json, re, sys

kind, path = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
errs = []
try:
    txt = raw.decode("utf-8", errors="strict")
except UnicodeDecodeError as e:
    errs.append("invalid UTF-8 at byte %d" % e.start)
    txt = raw.decode("utf-8", errors="replace")
if b"\x1b" in raw and kind != "csv-annotate":
    errs.append("raw ESC byte at %d" % raw.index(b"\x1b"))
# DEL is legal XML and out_xml keeps it (tests/unit/test_out.c says so).
ctl = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]" if kind in ("text", "md")
                 else r"[\x00-\x08\x0b\x0c\x0e-\x1f]" if kind in ("xml", "html")
                 else r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
m = ctl.search(txt)
if m and kind in ("text", "md", "json", "xml", "html"):
    errs.append("raw control character %r at %d" % (m.group(), m.start()))
# A person reads text, md and html (and the github annotations, checked as
# text): a bidirectional embedding, override or isolate could reorder what
# they read ("Trojan Source"), a C1 control hide it.
hidden = re.compile("[\u202a-\u202e\u2066-\u2069\u0080-\u009f]")
m = hidden.search(txt)
if m and kind in ("text", "md", "html"):
    errs.append("raw bidirectional or C1 control U+%04X at %d"
                % (ord(m.group()), m.start()))

if kind == "json":
    try:
        json.loads(txt)
    except ValueError as e:
        errs.append("JSON does not parse: %s" % e)
elif kind == "html":
    if re.search(r"<script", txt, re.I):
        errs.append("literal <script")

    class P(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "img", "iframe", "object", "embed"):
                errs.append("element <%s> in the page" % tag)
            for a, _ in attrs:
                if a.lower().startswith("on"):
                    errs.append("event attribute %s= on <%s>" % (a, tag))
    P().feed(txt)
elif kind == "md":
    # Every table row has as many unescaped | as its header.
    want = None
    for line in txt.split("\n"):
        if line.startswith("|"):
            n = len(re.findall(r"(?<!\\)\|", line))
            if want is None:
                want = n
            elif n != want:
                errs.append("table row with %d cells, header %d: %.80r"
                            % (n - 1, want - 1, line))
                break
        else:
            want = None
elif kind.startswith("csv-"):
    rows = list(csv.reader(io.StringIO(txt, newline="")))
    hdr = rows[0] if rows else []
    for r in rows[1:]:
        cells = r[-6:] if kind == "csv-annotate" else r
        for c in cells:
            if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", c):
                errs.append("control character in cell: %.60r" % c)
                break
            if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
                errs.append("cell starts with %r: %.60r" % (c[:1], c))
                break
        else:
            continue
        break

for e in errs[:5]:
    print("%s: %s" % (path, e))
sys.exit(1 if errs else 0)
