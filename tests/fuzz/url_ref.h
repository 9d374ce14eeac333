/* url_ref.h: the URL splitter and query iterator of auditor/url.c as they
 * were before their fast paths (git 6def29f), renamed ref_url_*, kept as
 * the oracle tests/fuzz/fuzz_url.c compares url_split and url_param_next
 * with: same return, same parts, same pairs, on every input.  Include after
 * url.h; do not change it with url.c. */
#ifndef URL_REF_H
#define URL_REF_H
#include <string.h>

#define REF_URL_HOST_MAX	1024	/* decoded bytes of a domain we validate */

static int
ref_url_lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
ref_url_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
ref_url_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
ref_url_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 when s[0..len) is w, ignoring ASCII case (w is lower-case). */
static int
ref_url_ieq(const char *s, size_t len, const char *w)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (w[i] == '\0' || ref_url_lc((unsigned char)s[i]) != w[i])
			return 0;
	return w[len] == '\0';
}

/* WHATWG's special schemes: '\' is a slash and hosts are domains. */
static int
ref_url_special(const char *s, size_t len)
{
	static const char *const sp[] = {
		"http", "https", "ws", "wss", "ftp", "file"
	};
	size_t i;

	for (i = 0; i < sizeof sp / sizeof sp[0]; i++)
		if (ref_url_ieq(s, len, sp[i]))
			return 1;
	return 0;
}

/* Forbidden host code points (opaque hosts of non-special schemes). */
static int
ref_url_forbidden_host(int c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\r' || c == ' ' ||
	    c == '#' || c == '/' || c == ':' || c == '<' || c == '>' ||
	    c == '?' || c == '@' || c == '[' || c == '\\' || c == ']' ||
	    c == '^' || c == '|';
}

/* Forbidden domain code points: the above, C0 controls, '%' and DEL. */
static int
ref_url_forbidden_domain(int c)
{
	return ref_url_forbidden_host(c) || c < 0x20 || c == '%' || c == 0x7f;
}

/* Decodes one UTF-8 sequence at b[*i]; returns the code point, or -1 for
 * anything a strict decoder refuses (overlong, surrogate, truncated). */
static long
ref_url_utf8(const unsigned char *b, size_t n, size_t *i)
{
	long cp, min;
	size_t k, need;
	int c = b[*i];

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		cp = c & 0x07;
		min = 0x10000;
	} else
		return -1;
	if (n - *i <= need)
		return -1;
	for (k = 1; k <= need; k++) {
		if ((b[*i + k] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (b[*i + k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*i += need + 1;
	return cp;
}

/* A small subset of the UTS 46 mapping, enough to refuse the hosts a
 * browser refuses and to see the dots and digits it sees: returns the ASCII
 * character cp maps to, 0 when it is ignored, 0x80 for any other (allowed)
 * code point, -1 when it is disallowed or maps to a space. */
static int
ref_url_idna_map(long cp)
{
	if (cp == 0xad || cp == 0x34f || (cp >= 0x180b && cp <= 0x180d) ||
	    cp == 0x180f || cp == 0x200b || (cp >= 0x2060 && cp <= 0x2064) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff ||
	    (cp >= 0x1bca0 && cp <= 0x1bca3) ||
	    (cp >= 0xe0100 && cp <= 0xe01ef))
		return 0;
	if (cp == 0x3002 || cp == 0xff0e || cp == 0xff61)
		return '.';
	if (cp >= 0xff01 && cp <= 0xff5e)
		return (int)(cp - 0xfee0);
	if (cp <= 0xa0 || cp == 0x115f || cp == 0x1160 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200a) || (cp >= 0x200c && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202f) || cp == 0x205f ||
	    (cp >= 0x2065 && cp <= 0x206f) || cp == 0x3000 || cp == 0x3164 ||
	    (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xfdd0 && cp <= 0xfdef) ||
	    cp == 0xffa0 || (cp >= 0xfff0 && cp <= 0xfffd) ||
	    (cp & 0xfffe) == 0xfffe || (cp >= 0xe0000 && cp <= 0xe0fff) ||
	    cp >= 0xf0000)
		return -1;
	return 0x80;
}

/* WHATWG "IPv4 number parser": decimal, 0x hex or 0 octal; values above
 * 2^32 saturate (they fail the range checks anyway). */
static int
ref_url_ipv4_num(const char *p, size_t n, unsigned long long *v)
{
	unsigned r = 10;
	int d;

	if (n == 0)
		return -1;
	if (n >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		n -= 2;
		r = 16;
	} else if (n >= 2 && p[0] == '0') {
		p++;
		n--;
		r = 8;
	}
	*v = 0;
	for (; n > 0; p++, n--) {
		d = ref_url_hex((unsigned char)*p);
		if (d < 0 || (unsigned)d >= r)
			return -1;
		if (*v <= 0xffffffffULL)
			*v = *v * r + (unsigned)d;
	}
	return 0;
}

/* WHATWG "ends in a number": the last label (a trailing '.' aside) is all
 * digits or 0x followed by hex digits.  Such a host must be an IPv4. */
static int
ref_url_ends_in_number(const char *h, size_t n)
{
	size_t s, e, i;

	e = n;
	if (e > 0 && h[e - 1] == '.')
		e--;
	for (s = e; s > 0 && h[s - 1] != '.'; s--)
		;
	if (s == e)
		return 0;
	for (i = s; i < e && ref_url_digit((unsigned char)h[i]); i++)
		;
	if (i == e)
		return 1;
	if (e - s < 2 || h[s] != '0' || (h[s + 1] != 'x' && h[s + 1] != 'X'))
		return 0;
	for (i = s + 2; i < e && ref_url_hex((unsigned char)h[i]) >= 0; i++)
		;
	return i == e;
}

/* WHATWG IPv4 parser, validation only: up to four numbers, all but the
 * last at most 255, the last filling the remaining bytes. */
static int
ref_url_ipv4_ok(const char *h, size_t n)
{
	unsigned long long v[4], lim;
	size_t s, i, e, k = 0;

	e = n;
	if (e > 1 && h[e - 1] == '.')
		e--;
	for (s = 0; s <= e; s = i + 1) {
		for (i = s; i < e && h[i] != '.'; i++)
			;
		if (k == 4 || ref_url_ipv4_num(h + s, i - s, &v[k]) == -1)
			return -1;
		k++;
	}
	for (i = 0; i + 1 < k; i++)
		if (v[i] > 255)
			return -1;
	lim = 1ULL << (8 * (5 - k));
	return v[k - 1] >= lim ? -1 : 0;
}

/* WHATWG IPv6 parser, validation only, on the text between the brackets. */
static int
ref_url_ipv6_ok(const char *h, size_t n)
{
	size_t p = 0, len;
	int piece = 0, compress = -1, seen, v4;

#define C	(p < n ? (unsigned char)h[p] : -1)
	if (C == ':') {
		if (n < 2 || h[1] != ':')
			return -1;
		p += 2;
		compress = ++piece;
	}
	while (C != -1) {
		if (piece == 8)
			return -1;
		if (C == ':') {
			if (compress != -1)
				return -1;
			p++;
			compress = ++piece;
			continue;
		}
		for (len = 0; len < 4 && ref_url_hex(C) >= 0; len++)
			p++;
		if (C == '.') {
			if (len == 0 || piece > 6)
				return -1;
			p -= len;
			for (seen = 0; C != -1; seen++) {
				if (seen > 0) {
					if (C != '.' || seen == 4)
						return -1;
					p++;
				}
				if (!ref_url_digit(C))
					return -1;
				for (v4 = -1; ref_url_digit(C); p++) {
					if (v4 == 0)
						return -1;
					v4 = (v4 == -1 ? 0 : v4 * 10) + (C - '0');
					if (v4 > 255)
						return -1;
				}
				if (seen == 1 || seen == 3)
					piece++;
			}
			if (seen != 4)
				return -1;
			break;
		}
		if (C == ':') {
			p++;
			if (C == -1)
				return -1;
		} else if (C != -1)
			return -1;
		piece++;
	}
#undef C
	return compress == -1 && piece != 8 ? -1 : 0;
}

/* Validates the domain of a special URL: %XX decoded, mapped, checked for
 * forbidden code points, and for IPv4 syntax when it ends in a number. */
static int
ref_url_domain_ok(const char *s, size_t len)
{
	unsigned char d[REF_URL_HOST_MAX];
	size_t i, n = 0, r, w;
	long cp;
	int c, h1, h2;

	for (i = 0; i < len; n++) {
		if (n == sizeof d)
			return -1;
		c = (unsigned char)s[i];
		if (c == '%') {
			if (len - i < 3 ||
			    (h1 = ref_url_hex((unsigned char)s[i + 1])) < 0 ||
			    (h2 = ref_url_hex((unsigned char)s[i + 2])) < 0)
				return -1;
			d[n] = (unsigned char)(h1 * 16 + h2);
			i += 3;
		} else {
			d[n] = (unsigned char)c;
			i++;
		}
	}
	/* Map in place: no code point maps to more bytes than it takes. */
	for (r = w = 0; r < n; ) {
		if ((cp = ref_url_utf8(d, n, &r)) == -1)
			return -1;
		if (cp < 0x80)
			c = (int)cp;
		else if ((c = ref_url_idna_map(cp)) == -1)
			return -1;
		else if (c == 0)
			continue;
		c = ref_url_lc(c);
		if (c < 0x80 && ref_url_forbidden_domain(c))
			return -1;
		d[w++] = (unsigned char)c;
	}
	if (w == 0)
		return -1;
	if (ref_url_ends_in_number((const char *)d, w))
		return ref_url_ipv4_ok((const char *)d, w);
	return 0;
}

static int
ref_url_port_ok(const char *s, size_t len)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!ref_url_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535)
			return -1;
	}
	return 0;
}

static void
ref_url_set(struct url_part *p, size_t off, size_t len)
{
	p->off = off;
	p->len = len;
	p->present = 1;
}

/* Splits [p, len) into path, query and fragment. */
static void
ref_url_tail(const char *s, size_t len, size_t p, struct url *u)
{
	size_t e;

	for (e = p; e < len && s[e] != '?' && s[e] != '#'; e++)
		;
	if (e > p)
		ref_url_set(&u->path, p, e - p);
	if (e < len && s[e] == '?') {
		for (p = ++e; e < len && s[e] != '#'; e++)
			;
		ref_url_set(&u->query, p, e - p);
	}
	if (e < len)
		ref_url_set(&u->fragment, e + 1, len - e - 1);
}

/* Fills the host and port of the authority [a, e) after the userinfo;
 * returns -1 when either is invalid. */
static int
ref_url_hostport(const char *s, size_t a, size_t e, int special, struct url *u)
{
	size_t i;
	int rc = 0;

	if (a < e && s[a] == '[') {
		for (i = a; i < e && s[i] != ']'; i++)
			;
		if (i == e) {
			ref_url_set(&u->host, a, e - a);
			return -1;
		}
		ref_url_set(&u->host, a, i + 1 - a);
		if (ref_url_ipv6_ok(s + a + 1, i - a - 1) == -1)
			rc = -1;
		if (++i < e) {
			if (s[i] != ':')
				return -1;
			ref_url_set(&u->port, i + 1, e - i - 1);
		}
	} else {
		for (i = a; i < e && s[i] != ':'; i++)
			;
		ref_url_set(&u->host, a, i - a);
		if (i < e)
			ref_url_set(&u->port, i + 1, e - i - 1);
		if (i == a)
			rc = -1;
		else if (special) {
			if (ref_url_domain_ok(s + a, i - a) == -1)
				rc = -1;
		} else {
			for (; a < i; a++)
				if (ref_url_forbidden_host((unsigned char)s[a]))
					rc = -1;
		}
	}
	if (u->port.present && ref_url_port_ok(s + u->port.off, u->port.len) == -1)
		rc = -1;
	return rc;
}

/* The splitter: see url.h. */
static int
ref_url_split(const char *s, size_t len, struct url *u)
{
	size_t i, a, e, at;
	int special, rc = 0;

	memset(u, 0, sizeof *u);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			u->bad_chars = 1;
	if (len == 0 || !ref_url_alpha((unsigned char)s[0]))
		return -1;
	for (i = 1; i < len && (ref_url_alpha((unsigned char)s[i]) ||
	    ref_url_digit((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' ||
	    s[i] == '.'); i++)
		;
	if (i == len || s[i] != ':')
		return -1;
	ref_url_set(&u->scheme, 0, i);
	u->http = ref_url_ieq(s, i, "http") || ref_url_ieq(s, i, "https");
	special = ref_url_special(s, i);
	a = i + 1;
	if (len - a < 2 || s[a] != '/' || s[a + 1] != '/') {
		/* mailto:, "http:/x": no authority; keep the rest. */
		ref_url_tail(s, len, a, u);
		return -1;
	}
	u->absolute = 1;
	a += 2;
	for (e = a; e < len && s[e] != '/' && s[e] != '?' && s[e] != '#' &&
	    !(special && s[e] == '\\'); e++)
		;
	for (at = e; at > a && s[at - 1] != '@'; at--)
		;
	if (at > a) {
		ref_url_set(&u->userinfo, a, at - 1 - a);
		a = at;
	}
	if (ref_url_hostport(s, a, e, special, u) == -1)
		rc = -1;
	ref_url_tail(s, len, e, u);
	return rc;
}

/* The query iterator: see url.h. */
static int
ref_url_param_next(const char *q, size_t len, size_t *pos, struct url_param *p)
{
	size_t s, e, eq;

	for (s = *pos; s < len && q[s] == '&'; s++)
		;
	if (s >= len) {
		*pos = len;
		return 0;
	}
	for (e = s; e < len && q[e] != '&'; e++)
		;
	for (eq = s; eq < e && q[eq] != '='; eq++)
		;
	memset(p, 0, sizeof *p);
	p->off = s;
	p->len = e - s;
	p->name_off = s;
	p->name_len = eq - s;
	p->has_eq = eq < e;
	p->value_off = p->has_eq ? eq + 1 : e;
	p->value_len = e - p->value_off;
	*pos = e;
	return 1;
}

#endif
