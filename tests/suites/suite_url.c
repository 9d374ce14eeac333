/* suite_url: the URL module against the WHATWG web-platform-tests data.
 *
 * Usage: suite_url DATA_DIR PROG (PROG is not used: this suite drives
 * url.c directly).  Reads DATA_DIR/suites/wpt-url (see its PROVENANCE.md).
 *
 * 1. urlencoded-parser-data.json: every case must produce exactly the
 *    expected name/value pairs through url_param_next + url_decode, with
 *    invalid UTF-8 replaced by U+FFFD as the spec's UTF-8 decode does.
 * 2. urltestdata.json, the cases whose input is an absolute http(s) URL
 *    (after the whitespace the URL parser strips, "http(s):" then two
 *    slashes or backslashes):
 *    - every `failure: true` case must be rejected by url_split or flagged
 *      bad_chars; one that is neither fails the suite;
 *    - for every valid case url_split accepts without bad_chars, the query
 *      and the fragment must agree with `search` and `hash` once the spec's
 *      percent-encode sets are applied to the raw slices (the splitter does
 *      not encode); a disagreement fails the suite;
 *    - host (compared lower-cased) and pathname are counted; a disagreement
 *      fails the suite only when it is outside the known gaps below.
 *    Valid cases that url_split rejects or flags are counted and listed:
 *    the caller reports such a URL as not parsed, it is never dropped.
 *
 * Known gaps, deliberate for a splitter that keeps offsets into the input
 * and rewrites nothing:
 *    - no IDNA: a non-ASCII or percent-encoded host is checked (url.c maps a
 *      small subset of UTS 46 to refuse what browsers refuse) but reported
 *      as written, not as punycode or decoded ("http://Ｇｏ.com");
 *    - no IPv4 number parsing into dotted form ("http://0x7f.1" is checked
 *      for validity, not rewritten to 127.0.0.1);
 *    - no IPv6 compression ("[0:0::1]" is not rewritten to "[::1]");
 *    - no dot-segment removal in paths ("/a/../b", "/%2e/");
 *    - no stripping of leading/trailing C0 controls and spaces, no removal
 *      of tabs and newlines: such input is rejected or flagged bad_chars;
 *    - "http:\\host", "http:/host", "http:host" have no "//" authority and
 *      are rejected (browsers accept them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "url.h"
#include "tjson.h"

#define MAXLIST	20	/* cases listed per category */

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Copies s[0..len) to out, replacing invalid UTF-8 with U+FFFD the way the
 * WHATWG UTF-8 decoder does (one U+FFFD per maximal bad subpart).  out needs
 * 3 * len + 1 bytes.  Returns the output length. */
static size_t
utf8_fix(const unsigned char *s, size_t len, char *out)
{
	size_t i, n = 0, start = 0;
	int need = 0, seen = 0, lower = 0x80, upper = 0xbf, b;

	for (i = 0; i < len; i++) {
		b = s[i];
		if (need == 0) {
			start = i;
			if (b <= 0x7f) {
				out[n++] = (char)b;
				continue;
			}
			if (b >= 0xc2 && b <= 0xdf)
				need = 1;
			else if (b >= 0xe0 && b <= 0xef) {
				if (b == 0xe0)
					lower = 0xa0;
				if (b == 0xed)
					upper = 0x9f;
				need = 2;
			} else if (b >= 0xf0 && b <= 0xf4) {
				if (b == 0xf0)
					lower = 0x90;
				if (b == 0xf4)
					upper = 0x8f;
				need = 3;
			} else {
				memcpy(out + n, "\xef\xbf\xbd", 3);
				n += 3;
			}
			continue;
		}
		if (b < lower || b > upper) {
			need = seen = 0;
			lower = 0x80;
			upper = 0xbf;
			memcpy(out + n, "\xef\xbf\xbd", 3);
			n += 3;
			i--;
			continue;
		}
		lower = 0x80;
		upper = 0xbf;
		if (++seen == need) {
			memcpy(out + n, s + start, i + 1 - start);
			n += i + 1 - start;
			need = seen = 0;
		}
	}
	if (need != 0) {
		memcpy(out + n, "\xef\xbf\xbd", 3);
		n += 3;
	}
	out[n] = '\0';
	return n;
}

/* Decodes a raw name or value the way the urlencoded parser does. */
static size_t
form_decode(const char *s, size_t len, char *tmp, char *out)
{
	size_t n;

	n = url_decode(s, len, tmp, len + 1, NULL, NULL, NULL);
	if (n == (size_t)-1) {
		fprintf(stderr, "suite_url: url_decode refused %zu bytes\n",
		    len);
		exit(1);
	}
	return utf8_fix((const unsigned char *)tmp, n, out);
}

static int
same(const char *a, size_t alen, const struct tj *want)
{
	return want != NULL && want->type == TJ_STR && want->len == alen &&
	    memcmp(a, want->str, alen) == 0;
}

static void
show(const char *what, const char *s, size_t len)
{
	size_t i;

	printf("  %s \"", what);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"\n");
}

static int
urlencoded(const char *path)
{
	const struct tj *c, *in, *outv, *pair;
	struct url_param p;
	struct tj *doc;
	size_t i, k, pos, nn, vn;
	char *tmp, *name, *value;
	int ok, agree = 0, total = 0;

	if ((doc = tj_load(path)) == NULL || doc->type != TJ_ARR) {
		printf("suite_url: %s: cannot load\n", path);
		tj_free(doc);
		return -1;
	}
	for (i = 0; i < doc->n; i++) {
		c = doc->items[i];
		in = tj_get(c, "input");
		outv = tj_get(c, "output");
		if (in == NULL || in->type != TJ_STR || outv == NULL ||
		    outv->type != TJ_ARR)
			continue;
		total++;
		tmp = malloc(in->len + 1);
		name = malloc(3 * in->len + 1);
		value = malloc(3 * in->len + 1);
		if (tmp == NULL || name == NULL || value == NULL)
			exit(1);
		ok = 1;
		for (k = 0, pos = 0; url_param_next(in->str, in->len, &pos, &p);
		    k++) {
			nn = form_decode(in->str + p.name_off, p.name_len, tmp,
			    name);
			vn = form_decode(in->str + p.value_off, p.value_len, tmp,
			    value);
			pair = k < outv->n ? outv->items[k] : NULL;
			if (pair == NULL || pair->type != TJ_ARR ||
			    pair->n != 2 || !same(name, nn, pair->items[0]) ||
			    !same(value, vn, pair->items[1])) {
				ok = 0;
				show("pair name", name, nn);
				show("pair value", value, vn);
			}
		}
		if (k != outv->n)
			ok = 0;
		if (ok)
			agree++;
		else {
			printf("wpt urlencoded: DISAGREE on case %zu:\n", i);
			show("input", in->str, in->len);
		}
		free(tmp);
		free(name);
		free(value);
	}
	tj_free(doc);
	printf("wpt urlencoded: %d/%d agree\n", agree, total);
	return agree == total && total > 0 ? 0 : -1;
}

/* WHATWG percent-encode sets, for bytes of the raw input. */
enum { SET_FRAGMENT, SET_QUERY, SET_PATH };

static int
in_set(int c, int set)
{
	if (c < 0x20 || c > 0x7e || c == ' ' || c == '"' || c == '<' ||
	    c == '>')
		return 1;
	switch (set) {
	case SET_FRAGMENT:
		return c == '`';
	case SET_QUERY:		/* the special-query set: http(s) only here */
		return c == '#' || c == '\'';
	default:
		return c == '#' || c == '?' || c == '^' || c == '`' ||
		    c == '{' || c == '}';
	}
}

/* Writes mark + the encoded s[0..len) to out (4 * len + 2 bytes). */
static size_t
encode(char mark, const char *s, size_t len, int set, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, n = 0;
	int c;

	if (mark)
		out[n++] = mark;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (set == SET_PATH && c == '\\')
			c = '/';
		if (in_set(c, set)) {
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		} else
			out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

/* The WHATWG parser strips leading C0 controls and spaces and removes tabs
 * and newlines: select on what it would see. */
static int
is_http_input(const char *s, size_t len)
{
	char b[9];
	size_t i, n = 0;

	for (i = 0; i < len && (unsigned char)s[i] <= 0x20; i++)
		;
	for (; i < len && n < sizeof b - 1; i++)
		if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			b[n++] = (char)lc((unsigned char)s[i]);
	b[n] = '\0';
	if (strncmp(b, "http:", 5) == 0)
		i = 5;
	else if (strncmp(b, "https:", 6) == 0)
		i = 6;
	else
		return 0;
	return (b[i] == '/' || b[i] == '\\') &&
	    (b[i + 1] == '/' || b[i + 1] == '\\');
}

/* A host disagreement in one of the known gaps: non-ASCII or %-encoded
 * (IDNA, decoding), an IPv6 literal, or a host ending in a number. */
static int
host_gap(const char *h, size_t n)
{
	size_t i, s, e;

	for (i = 0; i < n; i++)
		if ((unsigned char)h[i] >= 0x80 || h[i] == '%')
			return 1;
	if (n > 0 && h[0] == '[')
		return 1;
	e = n;
	if (e > 0 && h[e - 1] == '.')
		e--;
	for (s = e; s > 0 && h[s - 1] != '.'; s--)
		;
	return s < e && ((h[s] >= '0' && h[s] <= '9'));
}

/* A path disagreement from dot segments (".", "..", "%2e" forms). */
static int
path_gap(const char *p, size_t n)
{
	size_t i, s, k, dots;

	for (s = 0; s <= n; s = i + 1) {
		for (i = s; i < n && p[i] != '/' && p[i] != '\\'; i++)
			;
		for (k = s, dots = 0; k < i; dots++) {
			if (p[k] == '.')
				k++;
			else if (i - k >= 3 && p[k] == '%' && p[k + 1] == '2' &&
			    lc((unsigned char)p[k + 2]) == 'e')
				k += 3;
			else
				break;
		}
		if (k == i && (dots == 1 || dots == 2))
			return 1;
	}
	return 0;
}

struct tally {
	int	cases, valid, failure;
	int	rejected, flagged;		/* valid ones not parsed clean */
	int	flagged_cmp;			/* flagged, query still compared */
	int	clean;
	int	host_ok, host_gap, host_bad;
	int	path_ok, path_gap, path_bad;
	int	query_ok, query_bad;
	int	frag_ok, frag_bad;
	int	fail_rejected, fail_flagged, fail_missed;
	int	listed;
};

static void
note(struct tally *t, const char *why, const char *in, size_t len)
{
	if (t->listed++ < 4 * MAXLIST)
		show(why, in, len);
}

/* 1 when the URL parser would see the input unchanged: no tab or newline
 * (removed) and no C0 control or space at either end (stripped).  Other
 * control characters and spaces it percent-encodes, as encode() does. */
static int
whatwg_keeps(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || (unsigned char)s[0] <= 0x20 ||
	    (unsigned char)s[len - 1] <= 0x20)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			return 0;
	return 1;
}

/* Query and fragment: the parts the auditor reads UTMs from. */
static void
check_query(struct tally *t, const struct tj *c, const char *in, size_t len,
    const struct url *u)
{
	char *buf;
	size_t n;

	if ((buf = malloc(4 * len + 2)) == NULL)
		exit(1);
	n = u->query.len ? encode('?', in + u->query.off, u->query.len,
	    SET_QUERY, buf) : 0;
	if (same(buf, n, tj_get(c, "search")))
		t->query_ok++;
	else {
		t->query_bad++;
		note(t, "query DISAGREES:", in, len);
	}
	n = u->fragment.len ? encode('#', in + u->fragment.off,
	    u->fragment.len, SET_FRAGMENT, buf) : 0;
	if (same(buf, n, tj_get(c, "hash")))
		t->frag_ok++;
	else {
		t->frag_bad++;
		note(t, "fragment DISAGREES:", in, len);
	}
	free(buf);
}

static void
check_valid(struct tally *t, const struct tj *c, const char *in, size_t len,
    const struct url *u)
{
	const struct tj *want;
	char *buf, *hb;
	size_t n, i;

	if ((buf = malloc(4 * len + 2)) == NULL || (hb = malloc(len + 1)) ==
	    NULL)
		exit(1);
	for (i = 0; i < u->host.len; i++)
		hb[i] = (char)lc((unsigned char)in[u->host.off + i]);
	hb[i] = '\0';
	if (same(hb, u->host.len, tj_get(c, "hostname")))
		t->host_ok++;
	else if (host_gap(hb, u->host.len))
		t->host_gap++;
	else {
		t->host_bad++;
		note(t, "host DISAGREES (not a known gap):", in, len);
	}

	check_query(t, c, in, len, u);
	if (u->path.len)
		n = encode(0, in + u->path.off, u->path.len, SET_PATH, buf);
	else
		n = (size_t)snprintf(buf, 4 * len + 2, "/");
	want = tj_get(c, "pathname");
	if (same(buf, n, want))
		t->path_ok++;
	else if (path_gap(in + u->path.off, u->path.len))
		t->path_gap++;
	else {
		t->path_bad++;
		note(t, "pathname DISAGREES (not a known gap):", in, len);
	}
	free(buf);
	free(hb);
}

static int
urltestdata(const char *path)
{
	const struct tj *c, *in, *fail;
	struct tally t;
	struct tj *doc;
	struct url u;
	size_t i;
	int rc;

	memset(&t, 0, sizeof t);
	if ((doc = tj_load(path)) == NULL || doc->type != TJ_ARR) {
		printf("suite_url: %s: cannot load\n", path);
		tj_free(doc);
		return -1;
	}
	for (i = 0; i < doc->n; i++) {
		c = doc->items[i];
		if (c->type != TJ_OBJ || (in = tj_get(c, "input")) == NULL ||
		    in->type != TJ_STR || !is_http_input(in->str, in->len))
			continue;
		t.cases++;
		rc = url_split(in->str, in->len, &u);
		fail = tj_get(c, "failure");
		if (fail != NULL && fail->type == TJ_BOOL && fail->b) {
			t.failure++;
			if (rc == -1)
				t.fail_rejected++;
			else if (u.bad_chars) {
				t.fail_flagged++;
				note(&t, "failure case flagged bad_chars:",
				    in->str, in->len);
			}
			else {
				t.fail_missed++;
				note(&t, "failure case ACCEPTED clean:",
				    in->str, in->len);
			}
			continue;
		}
		t.valid++;
		if (rc == -1) {
			t.rejected++;
			if (!u.bad_chars)
				note(&t, "valid case rejected:", in->str,
				    in->len);
			continue;
		}
		if (u.bad_chars) {
			t.flagged++;
			if (whatwg_keeps(in->str, in->len)) {
				t.flagged_cmp++;
				check_query(&t, c, in->str, in->len, &u);
			}
			continue;
		}
		t.clean++;
		check_valid(&t, c, in->str, in->len, &u);
	}
	tj_free(doc);
	printf("wpt url: %d http(s) cases: %d valid, %d failure\n",
	    t.cases, t.valid, t.failure);
	printf("wpt url: valid: %d split clean, %d rejected, %d flagged "
	    "bad_chars (reported as not parsed)\n",
	    t.clean, t.rejected, t.flagged);
	printf("wpt url: query %d/%d agree, fragment %d/%d agree (split "
	    "clean, or flagged but unchanged by the parser's stripping)\n",
	    t.query_ok, t.clean + t.flagged_cmp, t.frag_ok,
	    t.clean + t.flagged_cmp);
	printf("wpt url: of %d split clean: host %d agree (+%d known gaps, "
	    "%d other), pathname %d agree (+%d dot segments, %d other)\n",
	    t.clean, t.host_ok, t.host_gap, t.host_bad, t.path_ok,
	    t.path_gap, t.path_bad);
	printf("wpt url: %d failure cases: %d rejected, %d flagged "
	    "bad_chars, %d accepted clean\n", t.failure, t.fail_rejected,
	    t.fail_flagged, t.fail_missed);
	return t.cases > 0 && t.query_bad == 0 && t.frag_bad == 0 &&
	    t.host_bad == 0 && t.path_bad == 0 && t.fail_missed == 0 ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	char path[4096];
	struct stat st;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: suite_url DATA_DIR [PROG]\n");
		return 2;
	}
	if (stat(argv[1], &st) == -1) {
		printf("skipped: ../shared/data not found\n");
		return 0;
	}
	snprintf(path, sizeof path, "%s/suites/wpt-url", argv[1]);
	if (stat(path, &st) == -1) {
		printf("skipped: %s not found\n", path);
		return 0;
	}
	snprintf(path, sizeof path, "%s/suites/wpt-url/"
	    "urlencoded-parser-data.json", argv[1]);
	if (urlencoded(path) == -1)
		rc = 1;
	snprintf(path, sizeof path, "%s/suites/wpt-url/urltestdata.json",
	    argv[1]);
	if (urltestdata(path) == -1)
		rc = 1;
	return rc;
}
