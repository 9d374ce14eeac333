#include "linkx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LINKX_AVX2	1	/* the line scan 32 bytes at a time where it can */
#endif
#include <strings.h>

#include "i18n.h"
#include "csvin.h"
#include "norm.h"
#include "xalloc.h"

#define LINKX_MAX_DECODED (64u * 1024u)	/* a decoded Markdown/HTML link */
#define LINKX_MAX_TAG	  (64u * 1024u)	/* bytes scanned for one HTML tag */

static const char *const kind_names[] = { "auto", "text", "csv", "md", "html" };

const char *
linkx_kind_name(enum linkx_kind k)
{
	return kind_names[k];
}

int
linkx_kind_parse(const char *s)
{
	int i;

	for (i = 0; i < (int)(sizeof kind_names / sizeof kind_names[0]); i++)
		if (strcmp(kind_names[i], s) == 0)
			return i;
	if (strcmp(s, "txt") == 0)
		return LINKX_TEXT;
	if (strcmp(s, "markdown") == 0)
		return LINKX_MD;
	return -1;
}

static int
has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), k = strlen(ext);

	return n > k && strcasecmp(name + n - k, ext) == 0;
}

static int
ci_find(const char *s, size_t len, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = 0; i + k <= len; i++)
		if (strncasecmp(s + i, lit, k) == 0)
			return 1;
	return 0;
}

static int
is_http(const char *s, size_t len)
{
	return (len >= 7 && strncasecmp(s, "http://", 7) == 0) ||
	    (len >= 8 && strncasecmp(s, "https://", 8) == 0);
}

enum linkx_kind
linkx_guess(const char *name, const char *buf, size_t len)
{
	size_t n = len < 4096 ? len : 4096, e;

	if (name != NULL) {
		if (has_ext(name, ".csv") || has_ext(name, ".tsv"))
			return LINKX_CSV;
		if (has_ext(name, ".md") || has_ext(name, ".markdown") ||
		    has_ext(name, ".mdx"))
			return LINKX_MD;
		if (has_ext(name, ".html") || has_ext(name, ".htm") ||
		    has_ext(name, ".xhtml"))
			return LINKX_HTML;
		if (has_ext(name, ".txt") || has_ext(name, ".list"))
			return LINKX_TEXT;
	}
	if (ci_find(buf, n, "<html") || ci_find(buf, n, "<a ") ||
	    ci_find(buf, n, "href="))
		return LINKX_HTML;
	for (e = 0; e < n && buf[e] != '\n' && buf[e] != '\r'; e++)
		;
	if ((memchr(buf, ',', e) || memchr(buf, ';', e) || memchr(buf, '\t', e)) &&
	    !is_http(buf, e) && (ci_find(buf, e, "url") || ci_find(buf, e, "link") ||
	    ci_find(buf, e, "landing")))
		return LINKX_CSV;
	if (ci_find(buf, n, "](") || ci_find(buf, n, "<http"))
		return LINKX_MD;
	return LINKX_TEXT;
}

/* ---- positions ---- */

/* A cursor that turns byte offsets into editor lines and columns; offsets
 * asked for never go backwards, so a whole file costs one pass. */
struct pos {
	const char	*buf;
	size_t		 len;
	size_t		 off;
	long		 line;
	long		 col;
};

static void
pos_init(struct pos *p, const char *buf, size_t len, size_t start)
{
	p->buf = buf;
	p->len = len;
	p->off = start;
	p->line = 1;
	p->col = 1;
}

static void
pos_to(struct pos *p, size_t off)
{
	const unsigned char *s = (const unsigned char *)p->buf;

	for (; p->off < off; p->off++) {
		unsigned char c = s[p->off];
		if (c == '\n' || (c == '\r' && (p->off + 1 >= p->len ||
		    s[p->off + 1] != '\n'))) {
			p->line++;
			p->col = 1;
		} else if (c == '\r') {
			continue;
		} else if ((c & 0xc0) != 0x80) {
			p->col++;
		}
	}
}

static long
chars(const char *s, size_t n)
{
	long c = 0;
	size_t i = 0;
	uint64_t w;

	/* ASCII eight bytes at a time: most columns before a link */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if ((w & 0x8080808080808080ULL) != 0)
			break;
		c += 8;
	}
	for (; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static int
not_text(const char *name, const char *buf, size_t len, struct diag *d)
{
	const char *z;

	if (len >= 2 && (((unsigned char)buf[0] == 0xff && (unsigned char)buf[1] == 0xfe) ||
	    ((unsigned char)buf[0] == 0xfe && (unsigned char)buf[1] == 0xff)))
		return diag_set(d, name, 1, 1,
		    _("UTF-16 text is not supported here; save the file as UTF-8"));
	if ((z = memchr(buf, '\0', len)) != NULL) {
		struct pos p;
		pos_init(&p, buf, len, 0);
		pos_to(&p, (size_t)(z - buf));
		return diag_set(d, name, p.line, p.col,
		    _("not a text file (a NUL byte)"));
	}
	return 0;
}

static size_t
bom_len(const char *buf, size_t len)
{
	return len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

static void
link_init(struct linkx_link *lk, enum linkx_kind kind)
{
	static const struct linkx_link zero;

	*lk = zero;	/* memset's "rep stos" is slow to start: one a CSV row */
	lk->kind = kind;
}

/* ---- plain text ---- */

static int
read_text(const char *buf, size_t start, size_t len, long line, linkx_cb cb,
    void *arg)
{
	struct linkx_link lk;
	size_t i = start == 0 ? bom_len(buf, len) : start, e, b, t;
	/* most files: no CR to look for */
	int anycr = memchr(buf + start, '\r', len - start) != NULL;

	link_init(&lk, LINKX_TEXT);
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i), *cr;
		e = nl ? (size_t)(nl - buf) : len;
		if (anycr && (cr = memchr(buf + i, '\r', e - i)) != NULL)
			e = (size_t)(cr - buf);
		for (b = i; b < e && (buf[b] == ' ' || buf[b] == '\t' ||
		    buf[b] == '\v' || buf[b] == '\f'); b++)
			;
		for (t = e; t > b && (buf[t - 1] == ' ' || buf[t - 1] == '\t' ||
		    buf[t - 1] == '\v' || buf[t - 1] == '\f'); t--)
			;
		if (b < t && buf[b] != '#') {
			lk.s = buf + b;
			lk.len = t - b;
			lk.line = line;
			lk.col = 1 + chars(buf + i, b - i);
			lk.exact = lk.writable = 1;
			lk.off = b;
			lk.srclen = t - b;
			if (cb(&lk, arg) == -1)
				return -1;
		}
		if (e < len && buf[e] == '\r' && e + 1 < len && buf[e + 1] == '\n')
			e++;
		i = e + 1;
		line++;
	}
	return 0;
}

int
linkx_text_check(const char *name, const char *buf, size_t len, struct diag *d)
{
	return not_text(name, buf, len, d);
}

int
linkx_read_text(const char *buf, size_t start, size_t end, long line,
    linkx_cb cb, void *arg)
{
	return read_text(buf, start, end, line, cb, arg);
}

size_t
linkx_text_cut(const char *buf, size_t len, size_t at)
{
	const char *nl;

	if (at >= len || (nl = memchr(buf + at, '\n', len - at)) == NULL)
		return len;
	return (size_t)(nl - buf) + 1;
}

#ifdef LINKX_AVX2
/* linkx_text_scan's loop on a CPU with AVX2, 32 bytes at a time: adds
 * the '\n' in s[i..) to *n, sets *odd on a CR or NUL, and returns where
 * it stopped (fewer than 32 bytes before end). */
__attribute__((target("avx2"))) static size_t
scan_avx2(const unsigned char *s, size_t i, size_t end, long *n, int *odd)
{
	const __m256i nl = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r');
	const __m256i zero = _mm256_setzero_si256();
	__m256i acc, bad = zero, v;
	size_t stop;

	/* '\n' counted in byte lanes, 255 blocks at most between sums */
	while (end - i >= 32) {
		stop = end - i >= 255 * 32 ? i + 255 * 32 : end - (end - i) % 32;
		for (acc = zero; i < stop; i += 32) {
			v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(v, nl));
			bad = _mm256_or_si256(bad, _mm256_or_si256(_mm256_cmpeq_epi8(v, cr),
			    _mm256_cmpeq_epi8(v, zero)));
		}
		acc = _mm256_sad_epu8(acc, zero);
		*n += _mm256_extract_epi64(acc, 0) + _mm256_extract_epi64(acc, 1) +
		    _mm256_extract_epi64(acc, 2) + _mm256_extract_epi64(acc, 3);
	}
	*odd = _mm256_movemask_epi8(bad) != 0;
	return i;
}
#endif

/* The lines of buf[start..end) when it holds a CR (each ends at a '\n', a
 * CRLF or a lone CR, as read_text reads them). */
static long
lines_cr(const char *buf, size_t start, size_t end)
{
	long n = 0;
	size_t i;

	for (i = start; i < end; i++)
		if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 == end || buf[i + 1] != '\n')))
			n++;
	return n;
}

/* lines_cr, 32 or 16 bytes at a time (a CR at end counts as lone, as
 * there; csvin counts lines the same way).  Per byte lane: +1 for a LF or
 * a CR, -1 for a CR before a LF (w: the bytes one further on), 255 blocks
 * at most between sums; the last byte is always left to lines_cr. */
#ifdef LINKX_AVX2
__attribute__((target("avx2"))) static size_t
lines_avx2(const unsigned char *s, size_t i, size_t end, long *n)
{
	const __m256i lf = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r');
	const __m256i zero = _mm256_setzero_si256();
	__m256i acc, v, w, c;
	size_t k;

	while (end - i >= 33) {
		k = (end - i - 1) / 32;
		if (k > 255)
			k = 255;
		for (acc = zero; k > 0; k--, i += 32) {
			v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
			w = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 1));
			c = _mm256_cmpeq_epi8(v, cr);
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(v, lf));
			acc = _mm256_sub_epi8(acc, c);
			acc = _mm256_add_epi8(acc, _mm256_and_si256(c,
			    _mm256_cmpeq_epi8(w, lf)));
		}
		acc = _mm256_sad_epu8(acc, zero);
		*n += _mm256_extract_epi64(acc, 0) + _mm256_extract_epi64(acc, 1) +
		    _mm256_extract_epi64(acc, 2) + _mm256_extract_epi64(acc, 3);
	}
	return i;
}
#endif

static long
count_lines(const char *buf, size_t start, size_t end)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = start;
	long n = 0;

#ifdef LINKX_AVX2
	if (end - i >= 33 && __builtin_cpu_supports("avx2"))
		i = lines_avx2(s, i, end, &n);
#endif
#ifdef __SSE2__
	{
		const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
		const __m128i zero = _mm_setzero_si128();
		__m128i acc, v, w, c;
		size_t k;

		while (end - i >= 17) {
			k = (end - i - 1) / 16;
			if (k > 255)
				k = 255;
			for (acc = zero; k > 0; k--, i += 16) {
				v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
				w = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
				c = _mm_cmpeq_epi8(v, cr);
				acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, lf));
				acc = _mm_sub_epi8(acc, c);
				acc = _mm_add_epi8(acc, _mm_and_si128(c, _mm_cmpeq_epi8(w, lf)));
			}
			acc = _mm_sad_epu8(acc, zero);
			n += _mm_cvtsi128_si32(acc) + _mm_extract_epi16(acc, 4);
		}
	}
#endif
	return n + lines_cr(buf, i, end);
}

long
linkx_text_scan(const char *buf, size_t start, size_t end)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = start;
	long n = 0;
	int odd = 0;	/* a NUL or a CR */

	if (start == 0 && end >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
	    (s[0] == 0xfe && s[1] == 0xff)))
		return -1;
#ifdef LINKX_AVX2
	if (end - i >= 32 && __builtin_cpu_supports("avx2"))
		i = scan_avx2(s, i, end, &n, &odd);
#endif
#ifdef __SSE2__
	{
		const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
		const __m128i zero = _mm_setzero_si128();
		__m128i acc, bad = zero, v;
		size_t stop;

		/* '\n' counted in byte lanes, 255 blocks at most between sums */
		while (end - i >= 16) {
			stop = end - i >= 255 * 16 ? i + 255 * 16 : end - (end - i) % 16;
			for (acc = zero; i < stop; i += 16) {
				v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
				acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nl));
				bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(v, cr),
				    _mm_cmpeq_epi8(v, zero)));
			}
			acc = _mm_sad_epu8(acc, zero);
			n += _mm_cvtsi128_si32(acc) + _mm_extract_epi16(acc, 4);
		}
		odd |= _mm_movemask_epi8(bad) != 0;
	}
#endif
	for (; i < end; i++) {
		n += s[i] == '\n';
		odd |= s[i] == '\r' || s[i] == '\0';
	}
	if (!odd)
		return n;
	if (memchr(buf + start, '\0', end - start) != NULL)
		return -1;
	return count_lines(buf, start, end);
}

/* ---- HTML character references ---- */

static int
put_utf8(struct buf *out, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(out, u, n);
}

/* The length of the character reference at s (starting with '&') and its
 * code point, or 0 when s does not start one this decoder knows. */
static size_t
entity_at(const char *s, size_t len, unsigned long *cp)
{
	static const struct { const char *name; unsigned long cp; } named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' }, { "nbsp;", 0xa0 },
	};
	size_t i, k;

	if (len >= 3 && s[1] == '#') {
		unsigned long v = 0;
		int hex = s[2] == 'x' || s[2] == 'X';
		for (i = hex ? 3 : 2, k = 0; i < len && k < 8; i++, k++) {
			int c = (unsigned char)s[i], dv;
			if (c >= '0' && c <= '9')
				dv = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				dv = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				dv = c - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (unsigned long)dv;
		}
		if (k == 0 || i >= len || s[i] != ';')
			return 0;
		*cp = v;
		return i + 1;
	}
	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		k = strlen(named[i].name);
		if (len >= k + 1 && memcmp(s + 1, named[i].name, k) == 0) {
			*cp = named[i].cp;
			return k + 1;
		}
	}
	return 0;
}

int
linkx_unentity(const char *s, size_t len, struct buf *out, int *amp)
{
	size_t i = 0, n, from = 0;
	unsigned long cp;

	if (amp)
		*amp = 0;
	while (i < len) {
		const char *q = memchr(s + i, '&', len - i);
		if (q == NULL)
			break;
		i = (size_t)(q - s);
		if ((n = entity_at(s + i, len - i, &cp)) == 0) {
			i++;
			continue;
		}
		if (buf_add(out, s + from, i - from) == -1 || put_utf8(out, cp) == -1)
			return -1;
		if (cp == '&' && amp)
			*amp = 1;
		i += n;
		from = i;
	}
	return buf_add(out, s + from, len - from);
}

/* ---- HTML ---- */

struct scan {
	const char	*name;
	const char	*buf;
	size_t		 len;
	struct pos	 pos;
	struct buf	 tmp;		/* a decoded link */
	linkx_cb	 cb;
	void		*arg;
	enum linkx_kind	 kind;
};

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Delivers buf[off, off+n) as a link when it is an absolute http(s) URL;
 * md says whether Markdown backslash escapes apply. */
static int
emit(struct scan *sc, size_t off, size_t n, int quote, int md)
{
	struct linkx_link lk;
	const char *s = sc->buf + off;
	size_t i;
	int amp = 0;

	while (n > 0 && is_space((unsigned char)*s)) {
		s++;
		off++;
		n--;
	}
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	if (!is_http(s, n))
		return 0;
	link_init(&lk, sc->kind);
	pos_to(&sc->pos, off);
	lk.line = sc->pos.line;
	lk.col = sc->pos.col;
	lk.off = off;
	lk.srclen = n;
	lk.quote = quote;
	lk.writable = 1;
	if (memchr(s, '&', n) == NULL && (!md || memchr(s, '\\', n) == NULL)) {
		lk.s = s;
		lk.len = n;
		lk.exact = memchr(s, '\n', n) == NULL && memchr(s, '\r', n) == NULL;
		return sc->cb(&lk, sc->arg);
	}
	buf_reset(&sc->tmp);
	if (md) {
		/* Backslash escapes first, then entities, as CommonMark does. */
		struct buf esc = BUF_INIT(LINKX_MAX_DECODED);
		for (i = 0; i < n; i++) {
			if (s[i] == '\\' && i + 1 < n &&
			    strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i + 1]) != NULL)
				i++;
			if (buf_addc(&esc, s[i]) == -1)
				break;
		}
		if (linkx_unentity(buf_cstr(&esc), esc.len, &sc->tmp, &amp) == -1)
			lk.writable = 0;
		buf_free(&esc);
	} else if (linkx_unentity(s, n, &sc->tmp, &amp) == -1) {
		lk.writable = 0;
	}
	lk.s = buf_cstr(&sc->tmp);
	lk.len = sc->tmp.len;
	lk.amp_entity = amp;
	lk.exact = lk.len == n && memcmp(lk.s, s, n) == 0 &&
	    memchr(s, '\n', n) == NULL && memchr(s, '\r', n) == NULL;
	return sc->cb(&lk, sc->arg);
}

/* Scans the tag at buf[i] == '<' for href attributes, up to end; returns the
 * offset after the tag. */
static size_t
html_tag(struct scan *sc, size_t i, size_t end, int *rc)
{
	const char *b = sc->buf;
	size_t stop = end - i > LINKX_MAX_TAG ? i + LINKX_MAX_TAG : end;
	size_t ns, ne, vs, ve;
	int q;

	*rc = 0;
	i++;
	while (i < stop && !is_space((unsigned char)b[i]) && b[i] != '>' && b[i] != '/')
		i++;
	for (;;) {
		while (i < stop && (is_space((unsigned char)b[i]) || b[i] == '/'))
			i++;
		if (i >= stop || b[i] == '>')
			return i < stop ? i + 1 : stop;
		ns = i;
		while (i < stop && !is_space((unsigned char)b[i]) && b[i] != '>' &&
		    b[i] != '/' && b[i] != '=')
			i++;
		ne = i;
		if (ne == ns)
			i++;
		while (i < stop && is_space((unsigned char)b[i]))
			i++;
		if (i >= stop || b[i] != '=')
			continue;
		i++;
		while (i < stop && is_space((unsigned char)b[i]))
			i++;
		q = 0;
		if (i < stop && (b[i] == '"' || b[i] == '\'')) {
			q = b[i++];
			vs = i;
			while (i < stop && b[i] != q)
				i++;
			ve = i;
			if (i < stop)
				i++;
		} else {
			vs = i;
			while (i < stop && !is_space((unsigned char)b[i]) && b[i] != '>')
				i++;
			ve = i;
		}
		if (ne - ns == 4 && strncasecmp(b + ns, "href", 4) == 0 &&
		    (*rc = emit(sc, vs, ve - vs, q, 0)) == -1)
			return stop;
	}
}

/* Finds lit (lower case) case-insensitively in buf[i, end); returns its
 * offset or end. */
static size_t
ci_search(const char *b, size_t i, size_t end, const char *lit)
{
	size_t k = strlen(lit);

	for (; i + k <= end; i++)
		if (strncasecmp(b + i, lit, k) == 0)
			return i;
	return end;
}

static int
read_html(struct scan *sc)
{
	const char *b = sc->buf;
	size_t i = 0, end = sc->len;
	int rc;

	while (i < end) {
		const char *lt = memchr(b + i, '<', end - i);
		if (lt == NULL)
			break;
		i = (size_t)(lt - b);
		if (end - i >= 4 && memcmp(b + i, "<!--", 4) == 0) {
			size_t e = ci_search(b, i + 4, end, "-->");
			i = e < end ? e + 3 : end;
			continue;
		}
		if (i + 1 < end && ((b[i + 1] | 0x20) >= 'a' && (b[i + 1] | 0x20) <= 'z')) {
			int script = end - i >= 7 && strncasecmp(b + i + 1, "script", 6) == 0 &&
			    (is_space((unsigned char)b[i + 7]) || b[i + 7] == '>');
			int style = end - i >= 6 && strncasecmp(b + i + 1, "style", 5) == 0 &&
			    (is_space((unsigned char)b[i + 6]) || b[i + 6] == '>');
			i = html_tag(sc, i, end, &rc);
			if (rc == -1)
				return -1;
			if (script)
				i = ci_search(b, i, end, "</script");
			else if (style)
				i = ci_search(b, i, end, "</style");
			continue;
		}
		i++;
	}
	return 0;
}

/* ---- Markdown ---- */

static int
url_start_ok(const char *b, size_t ls, size_t i)
{
	return i == ls || is_space((unsigned char)b[i - 1]) ||
	    strchr("*_~(", b[i - 1]) != NULL;
}

/* GFM's extended autolink: up to whitespace or '<', then trailing
 * punctuation and an unbalanced ')' are not part of it. */
static size_t
bare_url_end(const char *b, size_t i, size_t end)
{
	size_t e = i, k, open = 0, close = 0;

	while (e < end && !is_space((unsigned char)b[e]) && b[e] != '<')
		e++;
	for (;;) {
		if (e > i && strchr("?!.,:*_~'\"", b[e - 1]) != NULL) {
			e--;
			continue;
		}
		if (e > i && b[e - 1] == ')') {
			open = close = 0;
			for (k = i; k < e; k++) {
				if (b[k] == '(')
					open++;
				else if (b[k] == ')')
					close++;
			}
			if (close > open) {
				e--;
				continue;
			}
		}
		if (e > i && b[e - 1] == ';') {
			k = e - 1;
			while (k > i && ((b[k - 1] | 0x20) >= 'a' && (b[k - 1] | 0x20) <= 'z'))
				k--;
			if (k > i && k < e - 1 && b[k - 1] == '&') {
				e = k - 1;
				continue;
			}
		}
		break;
	}
	return e;
}

/* A link destination after "](" at b[i]: <...> or up to whitespace or an
 * unbalanced ')'.  Sets *s, *n; returns the offset after it. */
static size_t
md_dest(const char *b, size_t i, size_t end, size_t *s, size_t *n)
{
	size_t depth = 0;

	while (i < end && (b[i] == ' ' || b[i] == '\t'))
		i++;
	if (i < end && b[i] == '<') {
		*s = ++i;
		while (i < end && b[i] != '>' && b[i] != '<')
			i++;
		*n = i - *s;
		return i < end ? i + 1 : i;
	}
	*s = i;
	while (i < end && !is_space((unsigned char)b[i]) && (unsigned char)b[i] >= 0x20) {
		if (b[i] == '\\' && i + 1 < end) {
			i += 2;
			continue;
		}
		if (b[i] == '(')
			depth++;
		else if (b[i] == ')') {
			if (depth == 0)
				break;
			depth--;
		}
		i++;
	}
	*n = i - *s;
	return i;
}

/* The fence that opens or closes a code block at line b[ls, le): up to three
 * spaces, then three or more ` or ~.  Returns its length or 0. */
static size_t
fence(const char *b, size_t ls, size_t le, char *ch)
{
	size_t i = ls, n;

	while (i < le && i - ls < 3 && b[i] == ' ')
		i++;
	if (i >= le || (b[i] != '`' && b[i] != '~'))
		return 0;
	for (n = 0; i + n < le && b[i + n] == b[i]; n++)
		;
	if (n < 3)
		return 0;
	*ch = b[i];
	return n;
}

static int
md_line(struct scan *sc, size_t ls, size_t le)
{
	const char *b = sc->buf;
	size_t i = ls, s, n, k, e;
	int rc;

	/* A reference definition: [label]: URL */
	while (i < le && i - ls < 3 && b[i] == ' ')
		i++;
	if (i < le && b[i] == '[') {
		for (k = i + 1; k < le && b[k] != ']'; k++)
			if (b[k] == '\\')
				k++;
		if (k + 1 < le && b[k] == ']' && b[k + 1] == ':') {
			md_dest(b, k + 2, le, &s, &n);
			return emit(sc, s, n, 0, 1);
		}
	}
	for (i = ls; i < le; ) {
		switch (b[i]) {
		case '\\':
			i += 2;
			continue;
		case '`':
			for (n = 0; i + n < le && b[i + n] == '`'; n++)
				;
			for (k = i + n; k < le; ) {
				size_t m;
				if (b[k] != '`') {
					k++;
					continue;
				}
				for (m = 0; k + m < le && b[k + m] == '`'; m++)
					;
				if (m == n)
					break;
				k += m;
			}
			i = k < le ? k + n : i + n;
			continue;
		case ']':
			if (i + 1 < le && b[i + 1] == '(') {
				i = md_dest(b, i + 2, le, &s, &n);
				if (emit(sc, s, n, 0, 1) == -1)
					return -1;
				continue;
			}
			break;
		case '<':
			if (is_http(b + i + 1, le - i - 1)) {
				for (k = i + 1; k < le && b[k] != '>' && b[k] != '<' &&
				    !is_space((unsigned char)b[k]); k++)
					;
				if (k < le && b[k] == '>') {
					if (emit(sc, i + 1, k - i - 1, 0, 0) == -1)
						return -1;
					i = k + 1;
					continue;
				}
			} else if (i + 1 < le && ((b[i + 1] | 0x20) >= 'a' &&
			    (b[i + 1] | 0x20) <= 'z')) {
				i = html_tag(sc, i, le, &rc);
				if (rc == -1)
					return -1;
				continue;
			}
			break;
		case 'h':
		case 'H':
			if (url_start_ok(b, ls, i) && is_http(b + i, le - i)) {
				e = bare_url_end(b, i, le);
				if (emit(sc, i, e - i, 0, 0) == -1)
					return -1;
				i = e;
				continue;
			}
			break;
		}
		i++;
	}
	return 0;
}

static int
read_md(struct scan *sc)
{
	const char *b = sc->buf;
	size_t i = bom_len(b, sc->len), le, n;
	size_t in_fence = 0;
	char fch = 0, ch;

	while (i < sc->len) {
		for (le = i; le < sc->len && b[le] != '\n' && b[le] != '\r'; le++)
			;
		if (in_fence) {
			if ((n = fence(b, i, le, &ch)) >= in_fence && ch == fch)
				in_fence = 0;
		} else if ((n = fence(b, i, le, &ch)) > 0) {
			in_fence = n;
			fch = ch;
		} else if (md_line(sc, i, le) == -1) {
			return -1;
		}
		if (le < sc->len && b[le] == '\r' && le + 1 < sc->len && b[le + 1] == '\n')
			le++;
		i = le + 1;
	}
	return 0;
}

/* ---- CSV ---- */

struct csvst {
	const char		*name;
	const char		*buf;
	size_t			 len;
	const struct linkx_opts	*o;
	linkx_cb		 cb;
	void			*arg;
	struct diag		*d;
	struct csvin		*c;
	int			 seen_header;
	size_t			 col;		/* the link column */
	char			**hdr;
	size_t			*hlen;		/* (strlen of each) */
	size_t			 nhdr;
	const char		**cn, **cv;	/* context, per record */
	size_t			*cnl, *cvl;	/* (their lengths) */
	size_t			 ccap;
	size_t			 foff;		/* file offset of line fline */
	long			 fline;
	int			 cbfail;
};

static const char *const url_headers[] = {
	"url", "link", "landing_page", "final_url", "landing_page_url",
	"final_urls", "destination_url", "target_url", "tracking_url",
	"campaign_url", "tagged_url", "utm_url", "utm_link", "link_url", "href",
	NULL
};

static int
find_column(struct csvst *st, const struct csvin_record *rec)
{
	char key[NORM_KEY_MAX], want[NORM_KEY_MAX];
	size_t i, j, klen, wlen;

	if (st->o->column != NULL) {
		wlen = norm_key(st->o->column, strlen(st->o->column), want, sizeof want, NULL);
		for (i = 0; i < rec->nfields; i++) {
			klen = norm_key(rec->fields[i], rec->lens[i], key, sizeof key, NULL);
			if (klen == wlen && memcmp(key, want, klen) == 0)
				break;
		}
		if (i < rec->nfields) {
			st->col = i;
			return 0;
		}
		return diag_set(st->d, st->name, rec->line, 1,
		    _("no column '%s' in the header"), st->o->column);
	}
	for (j = 0; url_headers[j] != NULL; j++)
		for (i = 0; i < rec->nfields; i++) {
			klen = norm_key(rec->fields[i], rec->lens[i], key, sizeof key, NULL);
			if (strcmp(key, url_headers[j]) == 0) {
				st->col = i;
				return 0;
			}
		}
	for (i = 0; i < rec->nfields; i++) {
		klen = norm_key(rec->fields[i], rec->lens[i], key, sizeof key, NULL);
		if (klen > 4 && strcmp(key + klen - 4, "_url") == 0) {
			st->col = i;
			return 0;
		}
	}
	return -1;
}

/* norm_trim, without the work when neither end holds a byte it trims
 * (space, \t \n \r \v \f, or a no-break space: 0xc2 first, 0xa0 last):
 * most fields. */
static const char *
trim(const char *str, size_t len, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)str;

	if (len > 0 && s[0] > ' ' && s[0] != 0xc2 &&
	    s[len - 1] > ' ' && s[len - 1] != 0xa0) {
		*outlen = len;
		return str;
	}
	return norm_trim(str, len, outlen);
}

/* Moves the file cursor to the start of editor line `line`. */
static void
file_line(struct csvst *st, long line)
{
	const char *b = st->buf;

	while (st->fline < line && st->foff < st->len) {
		/* the first '\n' or '\r' */
		const char *nl = memchr(b + st->foff, '\n', st->len - st->foff), *cr;
		if (nl == NULL)
			nl = b + st->len;
		if ((cr = memchr(b + st->foff, '\r', (size_t)(nl - (b + st->foff)))) != NULL)
			nl = cr;
		if (nl >= b + st->len) {
			st->foff = st->len;
			break;
		}
		st->foff = (size_t)(nl - b) + 1;
		if (*nl == '\r' && st->foff < st->len && b[st->foff] == '\n')
			st->foff++;
		st->fline++;
	}
}

/* 1 when rec's raw bytes are those of the file st reads, in place.  (As
 * integers: the raw bytes may be a copy, another object.) */
static int
in_file(const struct csvst *st, const struct csvin_record *rec)
{
	uintptr_t r = (uintptr_t)rec->raw, b = (uintptr_t)st->buf;

	return r >= b && r - b <= st->len && rec->raw_len <= st->len - (r - b);
}

/* Offset in rec->raw where field k's bytes start (after an opening quote). */
static size_t
field_start(const struct csvin_record *rec, size_t k, int delim)
{
	const char *r = rec->raw;
	size_t n = rec->raw_len, i = 0, f;

	for (f = 0; f < k && i < n; f++) {
		if (r[i] == '"') {
			for (i++; i < n; i++)
				if (r[i] == '"') {
					if (i + 1 < n && r[i + 1] == '"')
						i++;
					else
						break;
				}
		}
		if (i < n) {
			const char *e = memchr(r + i, delim, n - i);
			i = e != NULL ? (size_t)(e - r) + 1 : n;
		}
	}
	if (i < n && r[i] == '"')
		i++;
	return i < n ? i : n;
}

static int
csv_record(const struct csvin_record *rec, void *arg)
{
	struct csvst *st = arg;
	struct linkx_link lk;
	const char *v, *lnk, *hit;
	size_t vlen, llen, i, fs, rel, nl;
	int delim = csvin_info(st->c)->delim, any = 0, multi, inplace;

	if (!st->seen_header) {
		st->seen_header = 1;
		if (find_column(st, rec) == 0) {
			st->nhdr = rec->nfields;
			st->hdr = xcalloc(st->nhdr ? st->nhdr : 1, sizeof *st->hdr);
			st->hlen = xcalloc(st->nhdr ? st->nhdr : 1, sizeof *st->hlen);
			for (i = 0; i < st->nhdr; i++) {
				st->hdr[i] = xmemdup(rec->fields[i], rec->lens[i]);
				st->hlen[i] = strlen(st->hdr[i]);	/* (a NUL in it ends it) */
			}
			return 0;
		}
		if (st->o->column != NULL) {
			st->cbfail = 1;
			return -1;
		}
		/* No header: a first row holding a URL is data. */
		for (i = 0; i < rec->nfields; i++) {
			v = norm_trim(rec->fields[i], rec->lens[i], &vlen);
			if (is_http(v, vlen))
				break;
		}
		if (i == rec->nfields) {
			st->cbfail = 1;
			return diag_set(st->d, st->name, rec->line, 1,
			    _("no link column: the header has none of url, link, "
			    "landing page, final url (name one with --column)"));
		}
		st->col = i;
	}
	for (i = 0; i < rec->nfields && !any; i++) {
		trim(rec->fields[i], rec->lens[i], &vlen);
		any = vlen > 0;
	}
	if (!any)
		return 0;
	link_init(&lk, LINKX_CSV);
	if (st->col < rec->nfields) {
		lnk = trim(rec->fields[st->col], rec->lens[st->col], &llen);
	} else {
		lnk = "";
		llen = 0;
	}
	lk.s = lnk;
	lk.len = llen;
	/* Where the link stands in the record's raw bytes, then in the file. */
	fs = field_start(rec, st->col, delim);
	rel = fs;
	hit = NULL;
	/* The field's bytes stand as is from fs on unless it holds a "":
	 * the link is there, past what trim dropped, or not at all. */
	if (llen > 0) {
		size_t at = fs + (size_t)(lnk - rec->fields[st->col]);
		if (at <= rec->raw_len && llen <= rec->raw_len - at &&
		    memcmp(rec->raw + at, lnk, llen) == 0) {
			hit = rec->raw + at;
			rel = at;
		}
	}
	lk.line = rec->line;
	nl = 0;
	/* (a record on one line has no line end in it: csvin counts them all) */
	multi = rec->end_line > rec->line;
	if (multi && (memchr(rec->raw, '\n', rel) != NULL ||
	    memchr(rec->raw, '\r', rel) != NULL))
		for (i = 0; i < rel; i++)
			if (rec->raw[i] == '\n' || (rec->raw[i] == '\r' &&
			    (i + 1 >= rec->raw_len || rec->raw[i + 1] != '\n'))) {
				lk.line++;
				nl = i + 1;
			}
	lk.col = 1 + chars(rec->raw + nl, rel - nl);
	lk.exact = hit != NULL && (!multi || (memchr(lnk, '\n', llen) == NULL &&
	    memchr(lnk, '\r', llen) == NULL));
	/* Where the record stands in the file: where its raw bytes are when
	 * they are the file's own (csvin's fast path), else found from the
	 * line it starts on. */
	if ((inplace = in_file(st, rec)) != 0) {
		st->foff = (size_t)((uintptr_t)rec->raw - (uintptr_t)st->buf);
		st->fline = rec->line;
	} else
		file_line(st, rec->line);
	if (hit != NULL && !rec->raw_truncated && st->fline == rec->line &&
	    st->foff + rec->raw_len <= st->len && (inplace ||
	    memcmp(st->buf + st->foff, rec->raw, rec->raw_len) == 0)) {
		lk.writable = 1;
		lk.off = st->foff + rel;
		lk.srclen = llen;
		lk.s = st->buf + lk.off;	/* the same bytes, which outlive
						   the record: no copy to keep */
		/* the file cursor past the record and its line end */
		st->foff += rec->raw_len + strlen(rec->eol);
		st->fline = rec->end_line + (rec->eol[0] != '\0');
	}
	/* Context: the other non-empty columns. */
	if (st->ccap < rec->nfields) {
		st->ccap = rec->nfields;
		st->cn = xreallocarray(st->cn, st->ccap, sizeof *st->cn);
		st->cv = xreallocarray(st->cv, st->ccap, sizeof *st->cv);
		st->cnl = xreallocarray(st->cnl, st->ccap, sizeof *st->cnl);
		st->cvl = xreallocarray(st->cvl, st->ccap, sizeof *st->cvl);
	}
	for (i = 0; i < rec->nfields; i++) {
		if (i == st->col || i >= st->nhdr || st->hdr[i][0] == '\0')
			continue;
		trim(rec->fields[i], rec->lens[i], &vlen);
		if (vlen == 0)
			continue;
		st->cn[lk.nctx] = st->hdr[i];
		st->cnl[lk.nctx] = st->hlen[i];
		st->cv[lk.nctx] = rec->fields[i];
		st->cvl[lk.nctx++] = rec->lens[i];
	}
	lk.ctx_name = st->cn;
	lk.ctx_value = st->cv;
	lk.ctx_name_len = st->cnl;
	lk.ctx_value_len = st->cvl;
	if (st->cb(&lk, st->arg) == -1) {
		st->cbfail = 1;
		return -1;
	}
	return 0;
}

/* Sets st up to read buf[0..len) with cb/arg, its reader made. */
static void
csv_begin(struct csvst *st, const char *name, const char *buf, size_t len,
    const struct linkx_opts *o, linkx_cb cb, void *arg, struct diag *d)
{
	struct csvin_opts co;

	memset(&co, 0, sizeof co);
	co.delim = o->delim;
	co.head = o->head;
	memset(st, 0, sizeof *st);
	st->name = name;
	st->buf = buf;
	st->len = len;
	st->o = o;
	st->cb = cb;
	st->arg = arg;
	st->d = d;
	st->fline = 1;
	st->foff = bom_len(buf, len);
	st->c = csvin_new(name, &co, csv_record, st);
}

/* Frees what st owns (own_hdr: the header's names too). */
static void
csv_end(struct csvst *st, int own_hdr)
{
	size_t i;

	csvin_free(st->c);
	if (own_hdr) {
		for (i = 0; i < st->nhdr; i++)
			free(st->hdr[i]);
		free(st->hdr);
		free(st->hlen);
	}
	free(st->cn);
	free(st->cv);
	free(st->cnl);
	free(st->cvl);
}

static int
read_csv(const char *name, const char *buf, size_t len,
    const struct linkx_opts *o, linkx_cb cb, void *arg, struct diag *d)
{
	struct csvst st;
	int rc;

	csv_begin(&st, name, buf, len, o, cb, arg, d);
	rc = csvin_feed(st.c, buf, len, d);
	if (rc == 0)
		rc = csvin_finish(st.c, d);
	csv_end(&st, 1);
	return rc;
}

/* ---- CSV in pieces ---- */

#define LINKX_PIECES	64
#define LINKX_GUESS	(64u * 1024u)	/* bytes read to place a cut */

struct linkx_csv {
	struct csvst	 main;			/* the head's reader, then piece 0's */
	struct csvst	 st[LINKX_PIECES];	/* piece k's reader (k > 0) */
	struct diag	 d[LINKX_PIECES];	/* (a void piece's diagnostic) */
	unsigned	 n;
	size_t		 start[LINKX_PIECES + 1];	/* piece k: [start[k], start[k+1]) */
	long		 line[LINKX_PIECES + 1];	/* the editor line of start[k] */
	int		 fed;			/* main has read piece 0 */
};

static int
ends_field(int c, int delim)
{
	return c == delim || c == '\n' || c == '\r';
}

/*
 * Where a piece may start: the start of a line at or after to that its
 * quotes read as outside a field.  The first quote after it that can only
 * open a field (a delimiter or a line end before it, neither nor a quote
 * after it) or only close one (the reverse) tells, by the parity of the
 * quotes before it, whether the line starts in quotes; when it does, the
 * guess moves to the line after that quote and reads on.  The other
 * quotes tell nothing, and one with neither a quote nor an end on either
 * side is not counted: a strict CSV has none, and libcsv reads one inside
 * an unquoted field as a character.  So in a strict CSV the guess is a
 * record boundary whenever a quote told.  After LINKX_GUESS bytes that
 * told nothing, the line is taken.  A wrong guess costs time, not a link:
 * the piece before must end at a record boundary right there.  Returns
 * len when no line starts after to.
 */
static size_t
guess_start(const char *buf, size_t len, size_t to, int delim)
{
	const char *q, *nl;
	size_t c, p, lim;
	unsigned j = 0;
	int prev, next, open, close;

	if ((nl = memchr(buf + to, '\n', len - to)) == NULL)
		return len;
	c = (size_t)(nl - buf) + 1;
	lim = len - c > LINKX_GUESS ? c + LINKX_GUESS : len;
	for (p = c; p < lim && (q = memchr(buf + p, '"', lim - p)) != NULL; ) {
		p = (size_t)(q - buf);
		prev = p > c ? (unsigned char)buf[p - 1] : '\n';
		next = p + 1 < len ? (unsigned char)buf[p + 1] : '\n';
		open = ends_field(prev, delim) && next != '"' && !ends_field(next, delim);
		close = ends_field(next, delim) && prev != '"' && !ends_field(prev, delim);
		if (open || close) {
			if ((j & 1) == (open ? 0u : 1u))
				return c;
			if ((nl = memchr(q, '\n', len - p)) == NULL)
				return len;
			c = p = (size_t)(nl - buf) + 1;
			j = 0;
			continue;
		}
		j += ends_field(prev, delim) || prev == '"' ||
		    ends_field(next, delim) || next == '"';
		p++;
	}
	return c;
}

struct linkx_csv *
linkx_csv_open(const char *name, const char *buf, size_t len,
    const struct linkx_opts *o, unsigned n, linkx_cb cb, void *arg,
    struct diag *d, int *rc)
{
	struct linkx_csv *x = xcalloc(1, sizeof *x);
	struct csvin_cut cut;
	size_t want = o->head ? o->head : 64u * 1024u, head, at, to;
	unsigned i, k;
	long line;
	int enc, delim;

	if (n > LINKX_PIECES)
		n = LINKX_PIECES;
	csv_begin(&x->main, name, buf, len, o, cb, arg, d);
	/* the head: what decides, up to the next record boundary */
	for (to = want + want / 16 + 1;; to = want + 2 * (to - want)) {
		csvin_cut(buf, to < len ? to : len, &cut);
		if (cut.len >= want || to >= len)
			break;
	}
	head = cut.len;
	if ((*rc = csvin_feed(x->main.c, buf, head, d)) == -1)
		goto whole;
	enc = csvin_info(x->main.c)->encoding;
	if (n < 2 || head == 0 || !csvin_at_boundary(x->main.c) ||
	    !x->main.seen_header || enc == CSVIN_ENC_UTF16LE ||
	    enc == CSVIN_ENC_UTF16BE)
		goto rest;
	/* the rest, cut near n equal shares at guessed record boundaries,
	 * each on the line the line ends before it tell */
	at = x->start[0] = head;
	line = x->line[0] = csvin_line(x->main.c);
	delim = csvin_info(x->main.c)->delim;
	for (i = 1, k = 0; i < n; i++) {
		to = head + (len - head) / n * i;
		if (to < at)
			continue;
		if ((to = guess_start(buf, len, to, delim)) >= len)
			break;
		line += count_lines(buf, at, to);
		at = x->start[++k] = to;
		x->line[k] = line;
	}
	x->n = k + 1;
	x->start[x->n] = len;
	if (x->n < 2)
		goto rest;
	for (k = 1; k < x->n; k++) {
		x->st[k] = x->main;
		x->st[k].cn = x->st[k].cv = NULL;
		x->st[k].cnl = x->st[k].cvl = NULL;
		x->st[k].ccap = 0;
		x->st[k].foff = x->start[k];
		x->st[k].fline = x->line[k];
		x->st[k].d = &x->d[k];
		if ((x->st[k].c = csvin_new_block(x->main.c, x->line[k], csv_record,
		    &x->st[k])) == NULL)
			goto rest;	/* (not for UTF-8 nor the 8-bit encodings) */
	}
	return x;
rest:
	if ((*rc = csvin_feed(x->main.c, buf + head, len - head, d)) == 0)
		*rc = csvin_finish(x->main.c, d);
whole:
	linkx_csv_free(x);
	return NULL;
}

unsigned
linkx_csv_pieces(const struct linkx_csv *x)
{
	return x->n;
}

long
linkx_csv_lines(const struct linkx_csv *x, unsigned k)
{
	return k + 1 < x->n ? x->line[k + 1] - x->line[k] : 0;
}

int
linkx_csv_piece(struct linkx_csv *x, unsigned k, linkx_cb cb, void *arg)
{
	struct csvst *st = k == 0 ? &x->main : &x->st[k];
	const struct csvin_info *in;
	size_t len = x->start[k + 1] - x->start[k];
	int rc, last = k + 1 == x->n;

	st->cb = cb;
	st->arg = arg;
	if (k == 0) {
		if (csvin_feed(st->c, st->buf + x->start[0], len, st->d) == -1)
			return -1;
		x->fed = 1;
		return csvin_at_boundary(st->c) && csvin_line(st->c) == x->line[1] ?
		    0 : 1;
	}
	rc = csvin_feed(st->c, st->buf + x->start[k], len, st->d);
	if (rc == 0)
		rc = last ? csvin_finish(st->c, st->d) : csvin_finish_block(st->c, st->d);
	in = csvin_info(st->c);
	if (rc == 0 && !last && in->lines != x->line[k + 1] - x->line[k])
		rc = 1;
	return rc == 0 ? 0 : 1;
}

int
linkx_csv_rest(struct linkx_csv *x)
{
	size_t from = x->start[x->fed ? 1 : 0];

	if (csvin_feed(x->main.c, x->main.buf + from, x->main.len - from,
	    x->main.d) == -1)
		return -1;
	return csvin_finish(x->main.c, x->main.d);
}

void
linkx_csv_free(struct linkx_csv *x)
{
	unsigned k;

	if (x == NULL)
		return;
	for (k = 1; k < x->n; k++)
		if (x->st[k].c != NULL)
			csv_end(&x->st[k], 0);
	csv_end(&x->main, 1);
	free(x);
}

/* ---- entry points ---- */

int
linkx_read(const char *name, const char *buf, size_t len,
    const struct linkx_opts *o, linkx_cb cb, void *arg, struct diag *d)
{
	enum linkx_kind kind = o->kind;
	struct scan sc;
	int rc;

	if (kind == LINKX_AUTO)
		kind = linkx_guess(name, buf, len);
	if (kind == LINKX_CSV)
		return read_csv(name, buf, len, o, cb, arg, d);
	if (not_text(name, buf, len, d) == -1)
		return -1;
	if (kind == LINKX_TEXT)
		return read_text(buf, 0, len, 1, cb, arg);
	memset(&sc, 0, sizeof sc);
	sc.name = name;
	sc.buf = buf;
	sc.len = len;
	sc.cb = cb;
	sc.arg = arg;
	sc.kind = kind;
	sc.tmp.max = LINKX_MAX_DECODED;
	pos_init(&sc.pos, buf, len, bom_len(buf, len));
	rc = kind == LINKX_MD ? read_md(&sc) : read_html(&sc);
	buf_free(&sc.tmp);
	return rc;
}

int
linkx_encode(const struct linkx_link *lk, const char *s, size_t len,
    struct buf *out)
{
	size_t i;

	if (lk->kind != LINKX_HTML && lk->kind != LINKX_MD)
		return buf_add(out, s, len);
	for (i = 0; i < len; i++) {
		int rc;
		if (s[i] == '&' && lk->amp_entity)
			rc = buf_adds(out, "&amp;");
		else if (s[i] == '"' && lk->quote == '"')
			rc = buf_adds(out, "&quot;");
		else if (s[i] == '\'' && lk->quote == '\'')
			rc = buf_adds(out, "&#39;");
		else if (lk->kind == LINKX_MD && lk->quote == 0 &&
		    (s[i] == '<' || s[i] == '>' || s[i] == ' '))
			rc = buf_printf(out, "%%%02X", (unsigned char)s[i]);
		else
			rc = buf_addc(out, s[i]);
		if (rc == -1)
			return -1;
	}
	return 0;
}
