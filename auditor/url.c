/* url: split an absolute URL and iterate its query parameters.
 *
 * The splitter follows the WHATWG URL standard's boundaries (scheme, "//",
 * userinfo up to the last '@', host, port, path, '?', '#'; '\' ends the
 * authority of special schemes) but never rewrites anything: every part is
 * an offset into the caller's bytes.  It validates what it cannot leave to
 * the caller, so a URL a browser would refuse is never passed on as one:
 * the port must be a number up to 65535, an IPv6 literal must parse, and a
 * domain (after %XX decoding and a small subset of the IDNA mapping) must
 * not hold forbidden code points or be an invalid IPv4 address.  Known gaps,
 * deliberate: no full IDNA (UTS 46), no host or path normalisation, no
 * stripping of whitespace, and "http:\\x" or "http:x" are not absolute. */
#include "url.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define URL_HOST_MAX	1024	/* decoded bytes of a domain we validate */

/* Byte classes for the scans a link goes through once or twice. */
#define UC_AUTH_END	1	/* '/' '?' '#': end of the authority */
#define UC_BSLASH	2	/* '\\': ends it too in special schemes */
#define UC_PLAIN_HOST	4	/* A-Z a-z 0-9 - . _: a domain byte that
				   decoding and mapping leave as it is */
static const unsigned char url_cls[256] = {
	['/'] = UC_AUTH_END, ['?'] = UC_AUTH_END, ['#'] = UC_AUTH_END,
	['\\'] = UC_BSLASH,
	['-'] = UC_PLAIN_HOST, ['.'] = UC_PLAIN_HOST, ['_'] = UC_PLAIN_HOST,
	['0'] = UC_PLAIN_HOST, ['1'] = UC_PLAIN_HOST, ['2'] = UC_PLAIN_HOST,
	['3'] = UC_PLAIN_HOST, ['4'] = UC_PLAIN_HOST, ['5'] = UC_PLAIN_HOST,
	['6'] = UC_PLAIN_HOST, ['7'] = UC_PLAIN_HOST, ['8'] = UC_PLAIN_HOST,
	['9'] = UC_PLAIN_HOST,
	['A'] = UC_PLAIN_HOST, ['B'] = UC_PLAIN_HOST, ['C'] = UC_PLAIN_HOST,
	['D'] = UC_PLAIN_HOST, ['E'] = UC_PLAIN_HOST, ['F'] = UC_PLAIN_HOST,
	['G'] = UC_PLAIN_HOST, ['H'] = UC_PLAIN_HOST, ['I'] = UC_PLAIN_HOST,
	['J'] = UC_PLAIN_HOST, ['K'] = UC_PLAIN_HOST, ['L'] = UC_PLAIN_HOST,
	['M'] = UC_PLAIN_HOST, ['N'] = UC_PLAIN_HOST, ['O'] = UC_PLAIN_HOST,
	['P'] = UC_PLAIN_HOST, ['Q'] = UC_PLAIN_HOST, ['R'] = UC_PLAIN_HOST,
	['S'] = UC_PLAIN_HOST, ['T'] = UC_PLAIN_HOST, ['U'] = UC_PLAIN_HOST,
	['V'] = UC_PLAIN_HOST, ['W'] = UC_PLAIN_HOST, ['X'] = UC_PLAIN_HOST,
	['Y'] = UC_PLAIN_HOST, ['Z'] = UC_PLAIN_HOST,
	['a'] = UC_PLAIN_HOST, ['b'] = UC_PLAIN_HOST, ['c'] = UC_PLAIN_HOST,
	['d'] = UC_PLAIN_HOST, ['e'] = UC_PLAIN_HOST, ['f'] = UC_PLAIN_HOST,
	['g'] = UC_PLAIN_HOST, ['h'] = UC_PLAIN_HOST, ['i'] = UC_PLAIN_HOST,
	['j'] = UC_PLAIN_HOST, ['k'] = UC_PLAIN_HOST, ['l'] = UC_PLAIN_HOST,
	['m'] = UC_PLAIN_HOST, ['n'] = UC_PLAIN_HOST, ['o'] = UC_PLAIN_HOST,
	['p'] = UC_PLAIN_HOST, ['q'] = UC_PLAIN_HOST, ['r'] = UC_PLAIN_HOST,
	['s'] = UC_PLAIN_HOST, ['t'] = UC_PLAIN_HOST, ['u'] = UC_PLAIN_HOST,
	['v'] = UC_PLAIN_HOST, ['w'] = UC_PLAIN_HOST, ['x'] = UC_PLAIN_HOST,
	['y'] = UC_PLAIN_HOST, ['z'] = UC_PLAIN_HOST,
};

static int
url_lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
url_hex(int c)
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
url_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
url_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 when s[0..len) is w, ignoring ASCII case (w is lower-case). */
static int
url_ieq(const char *s, size_t len, const char *w)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (w[i] == '\0' || url_lc((unsigned char)s[i]) != w[i])
			return 0;
	return w[len] == '\0';
}

/* WHATWG's special schemes: '\' is a slash and hosts are domains. */
static int
url_special(const char *s, size_t len)
{
	static const char *const sp[] = {
		"http", "https", "ws", "wss", "ftp", "file"
	};
	size_t i;

	for (i = 0; i < sizeof sp / sizeof sp[0]; i++)
		if (url_ieq(s, len, sp[i]))
			return 1;
	return 0;
}

/* Forbidden host code points (opaque hosts of non-special schemes). */
static int
url_forbidden_host(int c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\r' || c == ' ' ||
	    c == '#' || c == '/' || c == ':' || c == '<' || c == '>' ||
	    c == '?' || c == '@' || c == '[' || c == '\\' || c == ']' ||
	    c == '^' || c == '|';
}

/* Forbidden domain code points: the above, C0 controls, '%' and DEL. */
static int
url_forbidden_domain(int c)
{
	return url_forbidden_host(c) || c < 0x20 || c == '%' || c == 0x7f;
}

/* Decodes one UTF-8 sequence at b[*i]; returns the code point, or -1 for
 * anything a strict decoder refuses (overlong, surrogate, truncated). */
static long
url_utf8(const unsigned char *b, size_t n, size_t *i)
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
url_idna_map(long cp)
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
url_ipv4_num(const char *p, size_t n, unsigned long long *v)
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
		d = url_hex((unsigned char)*p);
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
url_ends_in_number(const char *h, size_t n)
{
	size_t s, e, i;

	e = n;
	if (e > 0 && h[e - 1] == '.')
		e--;
	/* Both forms end in a hex digit or in the 'x' of "0x": most domains
	 * ("com", "org") are out without the scan for their last label. */
	if (e == 0 || (url_hex((unsigned char)h[e - 1]) < 0 &&
	    h[e - 1] != 'x' && h[e - 1] != 'X'))
		return 0;
	for (s = e; s > 0 && h[s - 1] != '.'; s--)
		;
	if (s == e)
		return 0;
	for (i = s; i < e && url_digit((unsigned char)h[i]); i++)
		;
	if (i == e)
		return 1;
	if (e - s < 2 || h[s] != '0' || (h[s + 1] != 'x' && h[s + 1] != 'X'))
		return 0;
	for (i = s + 2; i < e && url_hex((unsigned char)h[i]) >= 0; i++)
		;
	return i == e;
}

/* WHATWG IPv4 parser, validation only: up to four numbers, all but the
 * last at most 255, the last filling the remaining bytes. */
static int
url_ipv4_ok(const char *h, size_t n)
{
	unsigned long long v[4], lim;
	size_t s, i, e, k = 0;

	e = n;
	if (e > 1 && h[e - 1] == '.')
		e--;
	for (s = 0; s <= e; s = i + 1) {
		for (i = s; i < e && h[i] != '.'; i++)
			;
		if (k == 4 || url_ipv4_num(h + s, i - s, &v[k]) == -1)
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
url_ipv6_ok(const char *h, size_t n)
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
		for (len = 0; len < 4 && url_hex(C) >= 0; len++)
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
				if (!url_digit(C))
					return -1;
				for (v4 = -1; url_digit(C); p++) {
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

/* url_domain_ok for a domain of A-Z a-z 0-9 - . _ bytes (len > 0). */
static int
url_plain_domain_ok(const char *s, size_t len)
{
	if (len > URL_HOST_MAX)
		return -1;
	return url_ends_in_number(s, len) ? url_ipv4_ok(s, len) : 0;
}

/* Validates the domain of a special URL: %XX decoded, mapped, checked for
 * forbidden code points, and for IPv4 syntax when it ends in a number. */
static int
url_domain_ok(const char *s, size_t len)
{
	unsigned char d[URL_HOST_MAX];
	size_t i, n = 0, r, w;
	long cp;
	int c, h1, h2;

	/* Most domains are ASCII letters, digits, '-', '.' and '_': decoding
	 * and mapping keep them, none is forbidden, and the IPv4 tests read
	 * hex digits and "0x" in either case, so the steps below would only
	 * lower-case them.  (tests/fuzz/fuzz_url.c compares this with the
	 * splitter that had no such shortcut.) */
	for (i = 0; i < len && (url_cls[(unsigned char)s[i]] & UC_PLAIN_HOST); i++)
		;
	if (i == len && len > 0)
		return url_plain_domain_ok(s, len);
	for (i = 0; i < len; n++) {
		if (n == sizeof d)
			return -1;
		c = (unsigned char)s[i];
		if (c == '%') {
			if (len - i < 3 ||
			    (h1 = url_hex((unsigned char)s[i + 1])) < 0 ||
			    (h2 = url_hex((unsigned char)s[i + 2])) < 0)
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
		if ((cp = url_utf8(d, n, &r)) == -1)
			return -1;
		if (cp < 0x80)
			c = (int)cp;
		else if ((c = url_idna_map(cp)) == -1)
			return -1;
		else if (c == 0)
			continue;
		c = url_lc(c);
		if (c < 0x80 && url_forbidden_domain(c))
			return -1;
		d[w++] = (unsigned char)c;
	}
	if (w == 0)
		return -1;
	if (url_ends_in_number((const char *)d, w))
		return url_ipv4_ok((const char *)d, w);
	return 0;
}

static int
url_port_ok(const char *s, size_t len)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!url_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535)
			return -1;
	}
	return 0;
}

static void
url_set(struct url_part *p, size_t off, size_t len)
{
	p->off = off;
	p->len = len;
	p->present = 1;
}

#ifdef __SSE2__
static __m128i
url_load(const char *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/* Bit k set when byte k of v is c. */
static unsigned
url_mask(__m128i v, char c)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
}
#endif

/* The first c in s[i..n), or n.  With SSE2 and n >= 16, 16 bytes at a
 * time, the last block ending at n (s[0..n) is readable): a libc call
 * costs more than the few blocks a link part takes. */
static inline size_t
url_find(const char *s, size_t i, size_t n, char c)
{
	const char *p;

#ifdef __SSE2__
	unsigned m;

	if (n >= 16) {
		for (; i + 16 <= n; i += 16)
			if ((m = url_mask(url_load(s + i), c)) != 0)
				return i + (size_t)__builtin_ctz(m);
		if (i < n && (m = url_mask(url_load(s + n - 16), c) >>
		    (i + 16 - n)) != 0)
			return i + (size_t)__builtin_ctz(m);
		return n;
	}
#endif
	p = memchr(s + i, c, n - i);
	return p != NULL ? (size_t)(p - s) : n;
}

/* The end of the authority that starts at s[a]: the first '/', '?', '#'
 * or (special) '\\' in s[a..len), or len.  16 bytes at a time with SSE2:
 * most authorities end in the first block. */
static size_t
url_auth_end(const char *s, size_t a, size_t len, int special)
{
	unsigned stop = UC_AUTH_END | (special ? UC_BSLASH : 0);
	size_t e = a;

#ifdef __SSE2__
	const __m128i sl = _mm_set1_epi8('/'), qm = _mm_set1_epi8('?');
	const __m128i hs = _mm_set1_epi8('#');
	const __m128i bs = _mm_set1_epi8(special ? '\\' : '/');
	unsigned m;

	for (; e + 16 <= len; e += 16) {
		__m128i v = url_load(s + e);
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, sl), _mm_cmpeq_epi8(v, qm)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, hs), _mm_cmpeq_epi8(v, bs))));
		if (m != 0)
			return e + (size_t)__builtin_ctz(m);
	}
#endif
	for (; e < len && !(url_cls[(unsigned char)s[e]] & stop); e++)
		;
	return e;
}

/* Splits [p, len) into path, query and fragment: f, the first '#' at or
 * after p (or len), starts the fragment, the first '?' before it the
 * query. */
static inline void
url_tail(const char *s, size_t len, size_t p, size_t f, struct url *u)
{
	size_t e = url_find(s, p, f, '?');

	if (e > p)
		url_set(&u->path, p, e - p);
	if (e < f)
		url_set(&u->query, e + 1, f - e - 1);
	if (f < len)
		url_set(&u->fragment, f + 1, len - f - 1);
}

/* Fills the host and port of the authority [a, e) after the userinfo;
 * returns -1 when either is invalid. */
static int
url_hostport(const char *s, size_t a, size_t e, int special, struct url *u)
{
	size_t i;
	int rc = 0;

	if (a < e && s[a] == '[') {
		for (i = a; i < e && s[i] != ']'; i++)
			;
		if (i == e) {
			url_set(&u->host, a, e - a);
			return -1;
		}
		url_set(&u->host, a, i + 1 - a);
		if (url_ipv6_ok(s + a + 1, i - a - 1) == -1)
			rc = -1;
		if (++i < e) {
			if (s[i] != ':')
				return -1;
			url_set(&u->port, i + 1, e - i - 1);
		}
	} else {
		const char *colon = memchr(s + a, ':', e - a);
		i = colon != NULL ? (size_t)(colon - s) : e;
		url_set(&u->host, a, i - a);
		if (i < e)
			url_set(&u->port, i + 1, e - i - 1);
		if (i == a)
			rc = -1;
		else if (special) {
			if (url_domain_ok(s + a, i - a) == -1)
				rc = -1;
		} else {
			for (; a < i; a++)
				if (url_forbidden_host((unsigned char)s[a]))
					rc = -1;
		}
	}
	if (u->port.present && url_port_ok(s + u->port.off, u->port.len) == -1)
		rc = -1;
	return rc;
}

/* 1 when s[0..len) holds a byte <= 0x20 or 0x7f.  With SSE2, 16 bytes at
 * a time (the last 16 overlap the block before); else eight: (x - 0x21 in
 * each byte) & ~x & 0x80s is not 0 exactly when a byte of x is below 0x21
 * (the lowest such byte borrows into its own top bit, and no byte at or
 * above 0x21 borrows), and the same with 0x01 on x ^ 0x7f finds a 0x7f. */
static int
url_has_ctl(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, tops = 0x8080808080808080ULL;
	uint64_t x, y;
	size_t i = 0;

#ifdef __SSE2__
	if (len >= 16) {
		const __m128i sp = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
		__m128i v, acc = _mm_setzero_si128();

		for (;; i += 16) {
			if (i + 16 > len)
				i = len - 16;
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			acc = _mm_or_si128(acc, _mm_or_si128(_mm_cmpeq_epi8(v, del),
			    _mm_cmpeq_epi8(_mm_min_epu8(v, sp), v)));
			if (i + 16 == len)
				break;
		}
		return _mm_movemask_epi8(acc) != 0;
	}
#endif
	for (; i + 8 <= len; i += 8) {
		memcpy(&x, s + i, 8);
		y = x ^ (ones * 0x7f);
		if ((((x - ones * 0x21) & ~x) | ((y - ones) & ~y)) & tops)
			return 1;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

#ifdef __SSE2__
/* Bit k set when byte k of v is not A-Z a-z 0-9 - . _ (UC_PLAIN_HOST).
 * Each range is one signed compare after adding what moves its first
 * byte to 0x80, the least signed byte. */
static unsigned
url_nonplain(__m128i v)
{
	__m128i letter, dash9, plain;

	/* v | 0x20 is a-z exactly when v is a letter */
	letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v,
	    _mm_set1_epi8(0x20)), _mm_set1_epi8(0x80 - 'a')),
	    _mm_set1_epi8(-128 + 26));
	/* '-' '.' '/' and the digits are one range; '/' is not plain */
	dash9 = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')),
	    _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - '-')),
	    _mm_set1_epi8(-128 + '9' - '-' + 1)));
	plain = _mm_or_si128(_mm_or_si128(letter, dash9),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
	return ~(unsigned)_mm_movemask_epi8(plain) & 0xffff;
}

/* 1 when s[0..len) (len >= 16) has no byte below '$' and none above '~':
 * then no control, space, DEL or '#' either.  Only the least and the
 * greatest byte are kept on the way. */
static int
url_clean(const char *s, size_t len)
{
	__m128i lo, hi, v, w;
	size_t i;

	lo = hi = url_load(s + len - 16);
	for (i = 0; i + 32 < len; i += 32) {
		v = url_load(s + i);
		w = url_load(s + i + 16);
		lo = _mm_min_epu8(lo, _mm_min_epu8(v, w));
		hi = _mm_max_epu8(hi, _mm_max_epu8(v, w));
	}
	if (i + 16 < len) {
		v = url_load(s + i);
		lo = _mm_min_epu8(lo, v);
		hi = _mm_max_epu8(hi, v);
	}
	/* '$' - lo and hi - '~' saturate to 0 when in range */
	v = _mm_or_si128(_mm_subs_epu8(_mm_set1_epi8('$'), lo),
	    _mm_subs_epu8(hi, _mm_set1_epi8('~')));
	return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) ==
	    0xffff;
}

/* Most links are "http://" or "https://" in lower case and a host of
 * A-Z a-z 0-9 - . _ ended by '/', '?', '#', '\\' or the end.  Splits such
 * a URL (len >= 16) as url_split does, in fewer passes, and returns what
 * url_split returns; returns 1 with u untouched for any other. */
static int
url_split_fast(const char *s, size_t len, struct url *u)
{
	size_t a, e;
	unsigned m;

	if (memcmp(s, "https://", 8) == 0)
		a = 8;
	else if (memcmp(s, "http://", 7) == 0)
		a = 7;
	else
		return 1;
	for (e = a; e < len; e += 16) {
		if (e + 16 <= len)
			m = url_nonplain(url_load(s + e));
		else
			m = url_nonplain(url_load(s + len - 16)) >> (e + 16 - len);
		if (m != 0)
			break;
	}
	e = e < len ? e + (size_t)__builtin_ctz(m) : len;
	/* ':' '@' '%' '[' and the like: port, userinfo, decoding */
	if (e == a || (e < len &&
	    !(url_cls[(unsigned char)s[e]] & (UC_AUTH_END | UC_BSLASH))))
		return 1;
	url_set(&u->scheme, 0, a - 3);
	u->absolute = u->http = 1;
	url_set(&u->host, a, e - a);
	if (url_clean(s, len))
		url_tail(s, len, e, len, u);
	else {
		u->bad_chars = url_has_ctl(s, len);
		url_tail(s, len, e, url_find(s, e, len, '#'), u);
	}
	return url_plain_domain_ok(s + a, e - a);
}
#endif

static const struct url url_zero;

/* The splitter: see url.h. */
int
url_split(const char *s, size_t len, struct url *u)
{
	size_t i, a, e, at;
	int special, rc;

	*u = url_zero;	/* memset's "rep stos" is slow to start */
#ifdef __SSE2__
	if (len >= 16 && (rc = url_split_fast(s, len, u)) != 1)
		return rc;
#endif
	u->bad_chars = url_has_ctl(s, len);
	if (len == 0 || !url_alpha((unsigned char)s[0]))
		return -1;
	for (i = 1; i < len && (url_alpha((unsigned char)s[i]) ||
	    url_digit((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' ||
	    s[i] == '.'); i++)
		;
	if (i == len || s[i] != ':')
		return -1;
	url_set(&u->scheme, 0, i);
	u->http = url_ieq(s, i, "http") || url_ieq(s, i, "https");
	special = u->http || url_special(s, i);
	a = i + 1;
	if (len - a < 2 || s[a] != '/' || s[a + 1] != '/') {
		/* mailto:, "http:/x": no authority; keep the rest. */
		url_tail(s, len, a, url_find(s, a, len, '#'), u);
		return -1;
	}
	u->absolute = 1;
	a += 2;
	e = url_auth_end(s, a, len, special);
	/* userinfo: up to the last '@' */
	at = a;
	if (memchr(s + a, '@', e - a) != NULL)
		for (at = e; at > a && s[at - 1] != '@'; at--)
			;
	if (at > a) {
		url_set(&u->userinfo, a, at - 1 - a);
		a = at;
	}
	rc = url_hostport(s, a, e, special, u);
	url_tail(s, len, e, url_find(s, e, len, '#'), u);
	return rc;
}

#ifdef __SSE2__
/* One block of url_pair_end: v holds q[i - k..i - k + 16).  Returns 1 with
 * *e at its first '&' from q[i] on, if any; sets *eq at its first '=' from
 * q[i] on unless *eq is set (not len). */
static int
url_pair_block(__m128i v, unsigned k, size_t i, size_t len, size_t *eq,
    size_t *e)
{
	unsigned m;

	if (*eq == len && (m = url_mask(v, '=') >> k) != 0)
		*eq = i + (size_t)__builtin_ctz(m);
	if ((m = url_mask(v, '&') >> k) == 0)
		return 0;
	*e = i + (size_t)__builtin_ctz(m);
	return 1;
}
#endif

/* The end of the pair that starts at q[i]: the first '&' in q[i..len), or
 * len.  Sets *eq to the first '=' from q[i] on, which may lie past the
 * end, or to len: one pass finds both.  With SSE2, 16 bytes at a time, the
 * last block ending at len as in url_find. */
static size_t
url_pair_end(const char *q, size_t i, size_t len, size_t *eq)
{
#ifdef __SSE2__
	size_t e;
#endif

	*eq = len;
#ifdef __SSE2__
	if (len >= 16) {
		for (; i + 16 <= len; i += 16)
			if (url_pair_block(url_load(q + i), 0, i, len, eq, &e))
				return e;
		if (i < len && url_pair_block(url_load(q + len - 16),
		    (unsigned)(i + 16 - len), i, len, eq, &e))
			return e;
		return len;
	}
#endif
	for (; i < len && q[i] != '&'; i++)
		if (q[i] == '=' && *eq == len)
			*eq = i;
	return i;
}

/* The query iterator: see url.h. */
int
url_param_next(const char *q, size_t len, size_t *pos, struct url_param *p)
{
	size_t s, e, eq;

	for (s = *pos; s < len && q[s] == '&'; s++)
		;
	if (s >= len) {
		*pos = len;
		return 0;
	}
	e = url_pair_end(q, s, len, &eq);
	if (eq > e)
		eq = e;
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

/* Next decoded byte of s[*i..len): '+' is a space, %XX a byte, any other
 * byte (a '%' without two hex digits included) itself. */
static int
url_next_byte(const char *s, size_t len, size_t *i, int *kind)
{
	int c = (unsigned char)s[*i], h1, h2;

	*kind = 0;
	if (c == '+') {
		*kind = '+';
		c = ' ';
	} else if (c == '%') {
		if (len - *i >= 3 &&
		    (h1 = url_hex((unsigned char)s[*i + 1])) >= 0 &&
		    (h2 = url_hex((unsigned char)s[*i + 2])) >= 0) {
			*kind = '%';
			*i += 3;
			return h1 * 16 + h2;
		}
		*kind = '!';
	}
	(*i)++;
	return c;
}

/* The form decoder: see url.h. */
size_t
url_decode(const char *s, size_t len, char *out, size_t cap,
    int *bad_escape, int *plus, int *pct)
{
	size_t i = 0, n = 0, rv;
	int c, kind, bad = 0, pl = 0, pc = 0;

	if (cap == 0)
		return (size_t)-1;
	for (rv = 0; i < len; ) {
		c = url_next_byte(s, len, &i, &kind);
		if (n + 1 >= cap) {
			rv = (size_t)-1;
			break;
		}
		out[n++] = (char)c;
		if (kind == '+')
			pl = 1;
		else if (kind == '%')
			pc = 1;
		else if (kind == '!')
			bad = 1;
	}
	out[n] = '\0';
	if (bad_escape != NULL)
		*bad_escape = bad;
	if (plus != NULL)
		*plus = pl;
	if (pct != NULL)
		*pct = pc;
	return rv == 0 ? n : rv;
}

/* The name matcher: see url.h. */
int
url_name_is(const char *name, size_t len, const char *lower)
{
	size_t i = 0, j = 0;
	int c, kind;

	while (i < len) {
		c = url_next_byte(name, len, &i, &kind);
		if (lower[j] == '\0' ||
		    url_lc(c) != url_lc((unsigned char)lower[j]))
			return 0;
		j++;
	}
	return lower[j] == '\0';
}
