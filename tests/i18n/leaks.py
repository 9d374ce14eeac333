#!/usr/bin/env python3
"""Finds English left in a translated output (tests/i18n/check.sh).

    python3 leaks.py POT PO KIND EN OUT INPUT...

EN is the program's English output, OUT the same run in the language of PO
(KIND: text, md or html).  Two checks, each line it fails printed as
"leak: ...", exit status 1 when there is one:

  1. No untranslated sentence: every stretch of literal text of a msgid in
     POT (the text between its placeholders, line breaks and markup) of two
     words or more, which the translation of no other msgid contains too
     and which is not made of names only (below), must be absent from OUT
     (so a msgstr copied from the English is caught too).
  2. A line of OUT that is also a line of EN holds nothing but the allowed:
     numbers and punctuation, values from the INPUT files (their words,
     in any case, also cut short as in a fixed-width column, and the words
     of their paths), the names below (finding ids, GA4's channel names,
     parameter and column role names, encodings, rule-file keys, the
     program's name, the "[redacted]" marker) and, in HTML and Markdown,
     markup.  The built-in rules (rules/default.yaml) are always an input:
     canonical names come from there.
"""
import re
import sys

# Names that are the same in every language.
NAMES = """
utm-audit leads links rules utm_source utm_medium utm_campaign utm_content
utm_term utm_id GA4 CRM CSV URL UTF BOM CRLF LF CR JSON SARIF JUnit YAML
Unassigned Direct Cross-network Paid Shopping Search Social Video Display
Other Organic Referral Email Affiliates Audio SMS Mobile Push Notifications
Outbound conflict lead id seed vs md html http https www redacted
source_detail url created owner utf-8 windows-1252 latin1 utf-16le utf-16be
sources mediums aliases patterns category generic
source-alias source-variant source-unknown source-vague source-missing
medium-alias medium-variant medium-unknown campaign-pattern campaign-missing
utm-from-url offline-unspecific ga4-unassigned bad-bytes field-truncated
pattern-limit ragged-row date-unreadable url-bad-escape url-malformed
utm-missing utm-empty utm-duplicate utm-in-fragment macro-unresolved
bad-encoding double-encoded html-entity param-name not-normalized
inconsistent duplicate-link pii
"""

DIRECTIVE = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                       r"(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGcspn%]")


def unquote(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            n = s[i + 1]
            out.append({'n': '\n', 't': '\t', '"': '"', '\\': '\\'}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def read_po(path):
    """[(msgids, msgstrs)] of a PO or POT file; msgids holds the msgid and
    the plural, msgstrs every translation."""
    entries, cur, field = [], None, None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if m:
            key, val = m.group(1), unquote(m.group(2))
            if key == 'msgctxt' or (key == 'msgid' and (cur is None or cur.get('done'))):
                if cur is not None:
                    entries.append(cur)
                cur = {'msgid': [], 'msgstr': []}
            if key == 'msgctxt':
                field = None
                continue
            if key.startswith('msgstr'):
                cur['done'] = True
                cur['msgstr'].append(val)
                field = ('msgstr', len(cur['msgstr']) - 1)
            else:
                cur['msgid'].append(val)
                field = ('msgid', len(cur['msgid']) - 1)
        elif line.startswith('"') and field is not None:
            cur[field[0]][field[1]] += unquote(line[1:-1])
    if cur is not None:
        entries.append(cur)
    return [(e['msgid'], e['msgstr']) for e in entries if e['msgid'] and e['msgid'][0]]


def stretches(msgid):
    """The literal text of a msgid, cut at placeholders, line breaks and
    markup."""
    text = DIRECTIVE.sub('\n', msgid)
    text = re.sub(r'<[^>]*>|`[^`]*`|\*\*', '\n', text)
    for part in text.split('\n'):
        part = part.strip(' .,:;()!?')
        if len(re.findall(r'[A-Za-z]{2,}', part)) >= 2:
            yield part


def words_of(text):
    return [w.lower() for w in re.findall(r'[A-Za-z]+', text)]


def strip_markup(line, kind):
    if kind in ('html', 'md'):
        line = re.sub(r'<[^>]*>', ' ', line)
        line = re.sub(r'&[a-z]+;|&#\d+;', ' ', line)
    return line


def main():
    if len(sys.argv) < 6:
        print('usage: leaks.py POT PO KIND EN OUT INPUT...', file=sys.stderr)
        return 2
    pot, po, kind, en, out = sys.argv[1:6]
    inputs = sys.argv[6:]
    translated = read_po(po)
    every_msgstr = '\n'.join(s for _, strs in translated for s in strs)
    tr = {ids[0]: strs for ids, strs in translated}
    out_text = open(out, encoding='utf-8', errors='replace').read()
    en_lines = set(open(en, encoding='utf-8', errors='replace').read().split('\n'))
    leaks = []

    names = set(words_of(NAMES))
    for ids, _ in read_po(pot):
        own = '\n'.join(tr.get(ids[0], []))
        for msgid in ids:
            for part in stretches(msgid):
                if every_msgstr.count(part) > own.count(part):
                    continue    # another translation has the same words
                if all(len(w) <= 2 or w in names for w in words_of(part)):
                    continue    # ids and names only
                if part in out_text:
                    leaks.append('untranslated: "%s" (from "%s")' % (part, msgid[:60]))

    allowed = set(words_of(NAMES))
    for path in inputs + ['rules/default.yaml']:
        allowed.update(words_of(path))
        allowed.update(words_of(open(path, encoding='utf-8', errors='replace').read()))

    def ok(w):
        # a word of a value, or its start (a value cut in a column)
        return len(w) <= 2 or w in allowed or any(a.startswith(w) for a in allowed)
    in_style = False
    for line in out_text.split('\n'):
        if kind == 'html' and '<style>' in line:
            in_style = True
        if in_style:
            in_style = '</style>' not in line
            continue
        if line not in en_lines:
            continue
        words = words_of(strip_markup(line, kind))
        bad = [w for w in words if not ok(w)]
        if bad:
            leaks.append('line the same as in English: "%s" (%s)' % (line[:100], ' '.join(bad[:5])))

    for l in sorted(set(leaks)):
        print('leak: ' + l)
    return 1 if leaks else 0


if __name__ == '__main__':
    sys.exit(main())
