/* csvin: bytes -> records through libcsv.
 *
 * The input goes through four stages, each fed whatever the previous one
 * has, so a chunk may be split anywhere:
 *
 *   head     the first 64 KiB are held back to decide "not text", the
 *            encoding (BOM, UTF-8 validity, else Windows-1252) and the
 *            delimiter (libcsv run once per candidate);
 *   decode   to UTF-8: UTF-8 is validated, anything else goes through
 *            iconv; an incomplete sequence at a chunk end is carried over,
 *            an invalid one becomes U+FFFD and flags the record;
 *   lines    the UTF-8 text is cut at LF, CRLF and lone CR (a CR at a chunk
 *            end waits for the next byte), so the reader knows the editor
 *            line of every byte; a line with nothing on it between records
 *            is a blank line and never reaches libcsv;
 *   libcsv   strict mode parses each line's bytes and then its line end;
 *            a record ends when libcsv ends the row on a line end.
 *
 * At a record boundary the fast path (below) takes the records that hold
 * nothing in doubt, as libcsv would read them, from a bitmap of where the
 * fields end; the first record in doubt, and what follows it up to the next
 * boundary, goes the way above.  NUL bytes are data: the line stage turns
 * each into U+FFFD and flags its record.
 *
 * libcsv keeps the field being read in its own buffer; after every call the
 * reader cuts that buffer back to max_field, so memory stays bounded however
 * long a field is. */
#include "csvin.h"

#include <sys/stat.h>

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "i18n.h"
#include "xalloc.h"

#define HEAD_MAX	(64u * 1024)	/* bytes that decide what the input is */
#define CHUNK		(64u * 1024)	/* read size; largest slice for csv_parse */
#define OBUF		(64u * 1024)	/* iconv output buffer */
#define DETECT_RECS	20		/* records looked at to pick a delimiter */

static const char fffd[] = "\xEF\xBF\xBD";	/* U+FFFD in UTF-8 */

/* Receives decoded UTF-8; bad is 1 when p is a replacement character. */
typedef int (*sink_fn)(void *arg, const char *p, size_t n, int bad);

struct dec {
	iconv_t		 cd;		/* (iconv_t)-1: UTF-8, validated only */
	size_t		 unit;		/* bytes dropped per invalid sequence */
	unsigned char	 carry[8];	/* an incomplete sequence from last time */
	size_t		 ncarry;
	char		*obuf;
};

struct csvin {
	char		*name;
	struct csvin_opts opts;
	csvin_cb	 cb;
	void		*arg;
	struct csvin_info info;
	struct diag	 err;		/* why the reader stopped */
	int		 failed;	/* 1: error in err; 2: the callback stopped */
	int		 finished;
	int		 slow;		/* no fast path */
	int		 direct;	/* the fast path set fptr, lens and raw */
	int		 decided;
	int		 whole_utf8;	/* -1 unknown; csvin_read_file's verdict */
	size_t		 reccap;	/* cap on a record's field and raw bytes */
	struct buf	 head;

	struct dec	 dec;
	struct csv_parser p;
	int		 p_ready;

	/* Where the text stands, in editor lines. */
	long		 line;		/* the current line, 1-based */
	size_t		 col;		/* bytes of it already parsed */
	int		 pending_cr;	/* a CR that may be half of a CRLF */
	int		 line_content;	/* the current line has bytes on it */

	/* The record being read. */
	int		 row_open;
	int		 row_done;	/* libcsv ended the row */
	int		 field_done;	/* libcsv ended a field */
	int		 ftrunc;	/* the current field was cut */
	long		 fline;		/* where the current field starts */
	long		 fcol;
	struct buf	 fbuf;		/* field bytes, each NUL-terminated */
	struct buf	 raw;
	struct buf	 unq;		/* fast path: a quoted field unescaped */
	long		 invalid;	/* invalid sequences replaced */
	size_t		*offs;
	size_t		*lens;
	const char	**fptr;
	size_t		 nalloc;
	size_t		 nfields;
	struct csvin_record rec;
};

static int	cerr(struct csvin *, long, long, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

static int
cerr(struct csvin *c, long line, long col, const char *fmt, ...)
{
	va_list ap;

	snprintf(c->err.file, sizeof c->err.file, "%s", c->name);
	c->err.line = line;
	c->err.col = col;
	va_start(ap, fmt);
	vsnprintf(c->err.msg, sizeof c->err.msg, fmt, ap);
	va_end(ap);
	c->failed = 1;
	return -1;
}

/* Hands the stored error to the caller; a stop by the callback leaves d as
 * the callback left it. */
static int
fail(struct csvin *c, struct diag *d)
{
	if (c->failed == 1 && d != NULL)
		*d = c->err;
	return -1;
}

/* ---- scanning ---- */

/* Bytes at the start of s[0..n) that are whole UTF-8 sequences, seen 16
 * bytes at a time: ASCII, and two-byte sequences (C2..DF, then 80..BF)
 * that lie within the 16 bytes.  Stops at the first 16 it cannot vouch for
 * (u8_seq reads those). */
static size_t
u8_run(const unsigned char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i lo = _mm_set1_epi8(-63), hi = _mm_set1_epi8(-32);
	const __m128i cont = _mm_set1_epi8(-64);
	unsigned h, lead, c;
	__m128i x;

	for (; i + 16 <= n; i += 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		if ((h = (unsigned)_mm_movemask_epi8(x)) == 0)
			continue;
		/* as signed bytes: C2..DF is -62..-33, 80..BF is -128..-65 */
		lead = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpgt_epi8(x, lo), _mm_cmplt_epi8(x, hi)));
		c = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, cont));
		if ((lead | c) != h || c != lead << 1)
			break;
	}
#else
	(void)s;
	(void)n;
#endif
	return i;
}

/* The offset of the first byte of s[0..n) that is a, b, CR or LF; n when
 * there is none. */
static size_t
scan4(const char *s, size_t n, char a, char b)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
	const __m128i vr = _mm_set1_epi8('\r'), vn = _mm_set1_epi8('\n');
	__m128i x;
	int m;

	for (; i + 16 <= n; i += 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		m = _mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
		    _mm_or_si128(_mm_cmpeq_epi8(x, vr), _mm_cmpeq_epi8(x, vn))));
		if (m != 0)
			return i + (size_t)__builtin_ctz((unsigned)m);
	}
#endif
	for (; i < n; i++)
		if (s[i] == a || s[i] == b || s[i] == '\r' || s[i] == '\n')
			break;
	return i;
}

/* The bytes of a 64-byte word inside quotes, given the bit map q of its
 * quotes and inq, all ones when the word starts inside quotes (else 0): the
 * prefix XOR of q, each quote flipping the state of the bytes after it. */
static inline uint64_t
inside(uint64_t q, uint64_t inq)
{
	q ^= q << 1;
	q ^= q << 2;
	q ^= q << 4;
	q ^= q << 8;
	q ^= q << 16;
	q ^= q << 32;
	return q ^ inq;
}

#ifdef __SSE2__
/* The bytes of s[0..n) that are c, 16 <= n < 63 * 64 + 16: 64 at a time,
 * each of 16 lanes counting in a byte of its own (at most 4 a round), then
 * 16 at a time, then the last bytes in the 16 that end s, with the lanes
 * counted already masked out. */
static inline __attribute__((always_inline)) size_t
count_part(const char *s, size_t n, __m128i vc)
{
	static const unsigned char tail[32] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		255, 255, 255, 255, 255, 255, 255, 255,
		255, 255, 255, 255, 255, 255, 255, 255
	};
	__m128i acc = _mm_setzero_si128();
	size_t i;

#define EQ(o)	_mm_cmpeq_epi8(_mm_loadu_si128( \
		    (const __m128i *)(const void *)(s + (o))), vc)
	for (i = 0; i + 64 <= n; i += 64)
		acc = _mm_sub_epi8(acc, _mm_add_epi8(_mm_add_epi8(EQ(i),
		    EQ(i + 16)), _mm_add_epi8(EQ(i + 32), EQ(i + 48))));
	for (; i + 16 <= n; i += 16)
		acc = _mm_sub_epi8(acc, EQ(i));
	if (i < n)
		acc = _mm_sub_epi8(acc, _mm_and_si128(EQ(n - 16),
		    _mm_loadu_si128((const __m128i *)(const void *)
		    (tail + (n - i)))));
#undef EQ
	acc = _mm_sad_epu8(acc, _mm_setzero_si128());
	return (size_t)(unsigned)_mm_cvtsi128_si32(acc) +
	    (size_t)(unsigned)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
}
#endif

/* How many bytes of s[0..n) are c. */
static size_t
count_byte(const char *s, size_t n, char c)
{
	size_t i = 0, k = 0;
#ifdef __SSE2__
	const __m128i vc = _mm_set1_epi8(c);

	if (n >= 16) {
		/* parts that leave 16 bytes at least for the last one */
		for (; n - i >= 63 * 64 + 16; i += 63 * 64)
			k += count_part(s + i, 63 * 64, vc);
		return k + count_part(s + i, n - i, vc);
	}
#endif
	for (; i < n; i++)
		k += s[i] == c;
	return k;
}

/* ---- UTF-8 ---- */

/* The sequence at s: its length when valid, 0 when s[0..n) is the start of
 * a valid sequence cut short, -k when its first k bytes are the longest
 * invalid part to replace by one U+FFFD (Unicode's "maximal subpart"). */
static int
u8_seq(const unsigned char *s, size_t n)
{
	unsigned char b = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (b < 0x80)
		return 1;
	if (b < 0xC2)
		return -1;
	if (b < 0xE0)
		need = 2;
	else if (b < 0xF0) {
		need = 3;
		if (b == 0xE0)
			lo = 0xA0;
		else if (b == 0xED)
			hi = 0x9F;
	} else if (b < 0xF5) {
		need = 4;
		if (b == 0xF0)
			lo = 0x90;
		else if (b == 0xF4)
			hi = 0x8F;
	} else
		return -1;
	for (i = 1; i < need; i++) {
		if (i >= n)
			return 0;
		if (s[i] < lo || s[i] > hi)
			return -(int)i;
		lo = 0x80;
		hi = 0xBF;
	}
	return (int)need;
}

/* Bytes of s[0..n) that are valid UTF-8 up to an incomplete sequence at the
 * end; *bad is set when an invalid sequence stopped the scan first. */
static size_t
u8_valid(const unsigned char *s, size_t n, int *bad)
{
	size_t i = 0, end;
	int k;

	*bad = 0;
	while (i < n) {
		i += u8_run(s + i, n - i);
		for (end = i + 16 < n ? i + 16 : n; i < end; i += (size_t)k) {
			if (s[i] < 0x80) {
				k = 1;
				continue;
			}
			k = u8_seq(s + i, n - i);
			if (k == 0)
				return i;
			if (k < 0) {
				*bad = 1;
				return i;
			}
		}
	}
	return i;
}

/* The longest prefix of valid UTF-8 s[0..n) that does not end inside a
 * character. */
static size_t
u8_floor(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = n, need;

	while (i > 0 && n - i < 4 && (u[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0 || u[i - 1] < 0xC0)
		return i == 0 ? 0 : n;
	need = u[i - 1] >= 0xF0 ? 4 : u[i - 1] >= 0xE0 ? 3 : 2;
	return n - (i - 1) < need ? i - 1 : n;
}

/* ---- decoding to UTF-8 ---- */

static int
dec_init(struct dec *dc, enum csvin_enc enc)
{
	const char *from;

	memset(dc, 0, sizeof *dc);
	dc->cd = (iconv_t)-1;
	dc->unit = 1;
	switch (enc) {
	case CSVIN_ENC_CP1252:
		from = "WINDOWS-1252";
		break;
	case CSVIN_ENC_LATIN1:
		from = "ISO-8859-1";
		break;
	case CSVIN_ENC_UTF16LE:
		from = "UTF-16LE";
		dc->unit = 2;
		break;
	case CSVIN_ENC_UTF16BE:
		from = "UTF-16BE";
		dc->unit = 2;
		break;
	default:
		return 0;
	}
	if ((dc->cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		return -1;
	dc->obuf = xmalloc(OBUF);
	return 0;
}

static void
dec_free(struct dec *dc)
{
	if (dc->cd != (iconv_t)-1)
		iconv_close(dc->cd);
	dc->cd = (iconv_t)-1;
	free(dc->obuf);
	dc->obuf = NULL;
}

/* Decodes s[0..n) to the sink and sets *used to the bytes consumed; the rest
 * is an incomplete sequence, left only when final is 0. */
static int
dec_block(struct dec *dc, const unsigned char *s, size_t n, int final,
    sink_fn sink, void *arg, size_t *used)
{
	size_t i = 0, start = 0, vend = 0, inleft, outleft, r, skip;
	char *in, *out;
	int k, e;

	if (dc->cd == (iconv_t)-1) {
		while (i < n) {
			if (i >= vend) {
				i += u8_run(s + i, n - i);
				vend = i + 16;
				continue;
			}
			if (s[i] < 0x80) {
				i++;
				continue;
			}
			if ((k = u8_seq(s + i, n - i)) > 0) {
				i += (size_t)k;
				continue;
			}
			if (k == 0 && !final)
				break;
			if (i > start && sink(arg, (const char *)s + start,
			    i - start, 0) == -1)
				return -1;
			if (sink(arg, fffd, 3, 1) == -1)
				return -1;
			i += k == 0 ? n - i : (size_t)-k;
			start = i;
		}
		if (i > start && sink(arg, (const char *)s + start, i - start,
		    0) == -1)
			return -1;
		*used = i;
		return 0;
	}

	in = (char *)s;
	inleft = n;
	while (inleft > 0) {
		out = dc->obuf;
		outleft = OBUF;
		r = iconv(dc->cd, &in, &inleft, &out, &outleft);
		e = errno;
		if (out > dc->obuf && sink(arg, dc->obuf,
		    (size_t)(out - dc->obuf), 0) == -1)
			return -1;
		if (r != (size_t)-1)
			break;
		if (e == E2BIG)
			continue;
		if (e == EINVAL && !final)
			break;
		/* EILSEQ, or a sequence cut short by the end of input */
		if (sink(arg, fffd, 3, 1) == -1)
			return -1;
		skip = e == EINVAL ? inleft : dc->unit < inleft ? dc->unit :
		    inleft;
		in += skip;
		inleft -= skip;
	}
	*used = n - inleft;
	return 0;
}

/* Decodes the next piece of input, carrying an incomplete sequence over to
 * the next call; final flushes it as U+FFFD. */
static int
dec_run(struct dec *dc, const unsigned char *in, size_t n, int final,
    sink_fn sink, void *arg)
{
	unsigned char tmp[16];
	size_t take, used, all;

	if (dc->ncarry > 0) {
		take = n < sizeof tmp - dc->ncarry ? n : sizeof tmp - dc->ncarry;
		memcpy(tmp, dc->carry, dc->ncarry);
		if (take > 0)
			memcpy(tmp + dc->ncarry, in, take);
		all = dc->ncarry + take;
		if (dec_block(dc, tmp, all, final && take == n, sink, arg,
		    &used) == -1)
			return -1;
		if (used < dc->ncarry) {
			/* Still incomplete; then all of the input is in tmp. */
			memmove(dc->carry, tmp + used, all - used);
			dc->ncarry = all - used;
			return 0;
		}
		if (used > dc->ncarry) {	/* (in may be NULL at the end) */
			in += used - dc->ncarry;
			n -= used - dc->ncarry;
		}
		dc->ncarry = 0;
	}
	if (n == 0)
		return 0;
	if (dec_block(dc, in, n, final, sink, arg, &used) == -1)
		return -1;
	if (used < n) {
		if (n - used > sizeof dc->carry)
			return sink(arg, fffd, 3, 1);
		memcpy(dc->carry, in + used, n - used);
		dc->ncarry = n - used;
	}
	return 0;
}

/* ---- records out of libcsv ---- */

static int
no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

static void
field_cb(void *s, size_t len, void *arg)
{
	struct csvin *c = arg;
	size_t max = c->opts.max_field;
	int trunc = c->ftrunc;

	c->field_done = 1;
	c->ftrunc = 0;
	if (c->nfields >= CSVIN_MAX_FIELDS) {
		c->rec.too_many = 1;
		return;
	}
	/* A field cut between calls is longer than max even if libcsv hands
	 * over fewer bytes: the same cut either way, however it was fed. */
	if (trunc || len > max) {
		len = u8_floor(s, max);
		c->rec.truncated = 1;
	}
	if (c->fbuf.len + len + 1 > c->reccap) {
		len = 0;
		c->rec.truncated = 1;
	}
	if (c->nfields == c->nalloc) {
		c->nalloc = c->nalloc ? c->nalloc * 2 : 64;
		c->offs = xreallocarray(c->offs, c->nalloc, sizeof *c->offs);
		c->lens = xreallocarray(c->lens, c->nalloc, sizeof *c->lens);
		c->fptr = xreallocarray(c->fptr, c->nalloc, sizeof *c->fptr);
	}
	c->offs[c->nfields] = c->fbuf.len;
	c->lens[c->nfields] = len;
	/* buf_add ends the bytes with a NUL inside the allocation: keep it
	 * (fbuf is never read as one C string). */
	buf_add(&c->fbuf, s, len);
	c->fbuf.len++;
	c->nfields++;
}

static void
row_cb(int ch, void *arg)
{
	struct csvin *c = arg;

	(void)ch;
	c->row_done = 1;
}

/* Runs libcsv over s[0..n), all on the current line, and keeps its field
 * buffer within max_field (plus a closing quote it may still drop). */
static int
parse(struct csvin *c, const char *s, size_t n)
{
	struct csv_parser *p = &c->p;
	size_t r, max = c->opts.max_field;
	long col;

	r = csv_parse(p, s, n, field_cb, row_cb, c);
	if (r < n) {
		if (csv_error(p) != CSV_EPARSE)
			return cerr(c, c->line, 0, _("CSV parser: %s"),
			    csv_strerror(csv_error(p)));
		col = (long)(c->col + r) + 1;
		if (s[r] == '"')
			return cerr(c, c->line, col, _("stray quote in an "
			    "unquoted field: quote the whole field and "
			    "double the quote (\"\")"));
		/* libcsv stops on the byte after the quote that closed the
		 * field; point at that quote. */
		if (c->fline != c->line)
			return cerr(c, c->line, col - 1, _("stray quote: text "
			    "after the closing quote of the quoted field that "
			    "starts on line %ld (a quote inside quotes must be "
			    "doubled: \"\")"), c->fline);
		return cerr(c, c->line, col - 1, _("stray quote: text after "
		    "the closing quote of a quoted field (a quote inside "
		    "quotes must be doubled: \"\")"));
	}
	if (p->entry_pos > max + 1) {
		p->entry_buf[max] = p->entry_buf[p->entry_pos - 1];
		p->entry_pos = max + 1;
		c->ftrunc = 1;
	}
	return 0;
}

static void
raw_add(struct csvin *c, const char *s, size_t n)
{
	if (c->rec.raw_truncated)
		return;
	if (n > c->reccap - c->raw.len) {
		n = c->reccap - c->raw.len;
		c->rec.raw_truncated = 1;
	}
	buf_add(&c->raw, s, n);
	if (c->rec.raw_truncated) {
		c->raw.len = u8_floor(c->raw.data, c->raw.len);
		c->raw.data[c->raw.len] = '\0';
	}
}

static void
rec_start(struct csvin *c)
{
	c->row_open = 1;
	c->row_done = c->field_done = c->ftrunc = 0;
	buf_reset(&c->raw);
	buf_reset(&c->fbuf);
	c->nfields = 0;
	c->rec.line = c->line;
	c->rec.bad_utf8 = c->rec.truncated = c->rec.too_many = 0;
	c->rec.raw_truncated = 0;
	c->direct = 0;
	c->fline = c->line;
	c->fcol = (long)c->col + 1;
}

static int
deliver(struct csvin *c, const char *eol)
{
	size_t i;

	if (!c->direct) {
		for (i = 0; i < c->nfields; i++)
			c->fptr[i] = c->fbuf.data + c->offs[i];
		c->rec.raw = buf_cstr(&c->raw);
		c->rec.raw_len = c->raw.len;
	}
	c->rec.nfields = c->nfields;
	c->rec.fields = c->fptr;
	c->rec.lens = c->lens;
	c->rec.end_line = c->line;
	c->rec.eol = eol;
	c->rec.delim = c->info.delim;
	c->row_open = 0;
	c->info.records++;
	if (c->rec.bad_utf8)
		c->info.bad_utf8_records++;
	if (c->cb != NULL && c->cb(&c->rec, c->arg) == -1) {
		c->failed = 2;
		return -1;
	}
	return 0;
}

/* Bytes of one line, without its line end.  Slices end after each
 * delimiter, so a field that libcsv ends begins the next one right there. */
static int
content(struct csvin *c, const char *s, size_t n)
{
	const char *dl;
	size_t m;

	if (!c->row_open)
		rec_start(c);
	c->line_content = 1;
	raw_add(c, s, n);
	while (n > 0) {
		m = n < CHUNK ? n : CHUNK;
		if ((dl = memchr(s, c->info.delim, m)) != NULL)
			m = (size_t)(dl - s) + 1;
		if (parse(c, s, m) == -1)
			return -1;
		c->col += m;
		if (c->field_done) {
			c->field_done = 0;
			c->fline = c->line;
			c->fcol = (long)c->col + 1;
		}
		s += m;
		n -= m;
	}
	return 0;
}

static int
end_line(struct csvin *c, const char *eol)
{
	size_t n = strlen(eol);

	c->info.lines++;
	if (c->info.eol == NULL)
		c->info.eol = eol;
	if (!c->row_open)
		c->info.blank_lines++;
	else {
		c->row_done = 0;
		if (parse(c, eol, n) == -1)
			return -1;
		if (c->row_done) {
			if (deliver(c, eol) == -1)
				return -1;
		} else
			raw_add(c, eol, n);	/* a line break in quotes */
	}
	c->line++;
	c->col = 0;
	c->line_content = 0;
	return 0;
}

/* ---- the fast path ---- */

#define FAST_FIELDS	256	/* more fields in a record: field by field */
#ifndef SCAN_WORDS
#define SCAN_WORDS	16	/* 64-byte words mapped at a time */
#endif

/*
 * Where the fields end, for SCAN_WORDS * 64 bytes of the text at a time: a
 * delimiter, CR or LF outside quotes, told by quote parity from a record
 * boundary on.  Parity reads the text as libcsv does in strict mode as
 * long as every quote stands where strict CSV allows one: a quote that
 * opens (parity 0 -> 1) at the start of a field or right after a closing
 * quote (the second quote of a ""), and a quote that closes followed by a
 * quote, the delimiter, CR or LF.  The first quote that does not, a quote
 * or CR that ends the text (what follows decides), and a NUL (text_in
 * replaces it) are the first byte in doubt: the record that holds it goes
 * through libcsv.  The ends are a bit per byte (sep[], read through cur);
 * the rare bytes, the first quote of each "" and the line ends inside
 * quotes, are listed in order (rare[]).
 */
struct scan {
	const char	*s;
	size_t		 n;
	size_t		 off;		/* bytes mapped so far */
	size_t		 base;		/* offset of sep[0] */
	size_t		 bad;		/* the first byte in doubt; SIZE_MAX: none */
	uint64_t	 inq;		/* all ones: the mapped text ends in quotes */
	uint64_t	 fstart;	/* 1: the next byte starts a field */
	uint64_t	 closed;	/* 1: the last byte closed a quoted field */
	char		 d;
	size_t		 nwords, wi;	/* words mapped, and the one read */
	uint64_t	 cur;		/* its ends not read yet */
	size_t		 nrare, irare;
	uint64_t	 sep[SCAN_WORDS];
	uint32_t	 rare[SCAN_WORDS * 64];
};

static void	scan_fill(struct scan *) __attribute__((noinline));

/* Bit i set where s[i] is a quote (*q), the delimiter, CR or LF (*sp), for
 * the w < 64 bytes of s; returns 1 when one of them is a NUL. */
static int
masks_tail(const char *s, size_t w, char d, uint64_t *q, uint64_t *sp)
{
	size_t i;
	int nul = 0;

	*q = *sp = 0;
	for (i = 0; i < w; i++) {
		*q |= (uint64_t)(s[i] == '"') << i;
		*sp |= (uint64_t)(s[i] == d || s[i] == '\r' || s[i] == '\n') << i;
		nul |= s[i] == '\0';
	}
	return nul;
}

/* Maps the next SCAN_WORDS words of the text. */
static void
scan_fill(struct scan *sc)
{
	const char *s = sc->s;
	uint64_t qa[SCAN_WORDS + 1], sa[SCAN_WORDS + 1];
	uint64_t q, sp, in, sepm, open, close, nxt, nq, bad, rare, t, nbq, nbs;
	uint32_t *rp = sc->rare;
	size_t o0 = sc->off, rest = sc->n - sc->off, nw, nm, j, k, x, o;
	int nul = 0;

	/* the words, and the one after them (what follows the last) */
	nw = (rest + 63) / 64;
	if (nw > SCAN_WORDS)
		nw = SCAN_WORDS;
	nm = nw + (rest > 64 * nw);
	j = 0;
#ifdef __SSE2__
	{
		const __m128i vq = _mm_set1_epi8('"'), vd = _mm_set1_epi8(sc->d);
		const __m128i vr = _mm_set1_epi8('\r'), vn = _mm_set1_epi8('\n');
		__m128i x0, x1, x2, x3, lo = _mm_set1_epi8(-1);

#define LD(k)	_mm_loadu_si128((const __m128i *)(const void *)(s + o + (k)))
#define MQ(x)	((uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8((x), vq)))
#define MS(x)	((uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128( \
		    _mm_cmpeq_epi8((x), vd), _mm_or_si128( \
		    _mm_cmpeq_epi8((x), vr), _mm_cmpeq_epi8((x), vn)))))
		for (; j < nm && 64 * (j + 1) <= rest; j++) {
			o = o0 + 64 * j;
			x0 = LD(0);
			x1 = LD(16);
			x2 = LD(32);
			x3 = LD(48);
			qa[j] = MQ(x0) | MQ(x1) << 16 | MQ(x2) << 32 | MQ(x3) << 48;
			sa[j] = MS(x0) | MS(x1) << 16 | MS(x2) << 32 | MS(x3) << 48;
			lo = _mm_min_epu8(lo, _mm_min_epu8(_mm_min_epu8(x0, x1),
			    _mm_min_epu8(x2, x3)));
		}
#undef LD
#undef MQ
#undef MS
		nul = _mm_movemask_epi8(_mm_cmpeq_epi8(lo, _mm_setzero_si128())) != 0;
	}
#endif
	for (; j < nm; j++) {
		o = o0 + 64 * j;
		nul |= masks_tail(s + o, rest - 64 * j < 64 ? rest - 64 * j : 64,
		    sc->d, &qa[j], &sa[j]);
	}

	sc->base = o0;
	sc->nrare = sc->irare = 0;
	for (j = 0; j < nw; j++) {
		o = o0 + 64 * j;
		q = qa[j];
		sp = sa[j];
		if ((q | sc->inq) == 0) {
			/* no quote, outside quotes: every one an end */
			sc->sep[j] = sp;
			sc->fstart = sp >> 63;
			sc->closed = 0;
			continue;
		}
		in = inside(q, sc->inq);
		sepm = sp & ~in;
		/* what the byte after the word is: nothing known at the
		 * end of the text */
		nbq = nbs = 0;
		if (j + 1 < nm) {
			nbq = qa[j + 1] & 1;
			nbs = (qa[j + 1] | sa[j + 1]) & 1;
		}
		nxt = (q | sp) >> 1 | nbs << 63;
		nq = q >> 1 | nbq << 63;
		open = q & in;
		close = q & ~in;
		bad = open & ~(sepm << 1 | sc->fstart | close << 1 |
		    sc->closed);
		bad |= close & ~nxt;
		/* the first quote of each "", and line ends in quotes:
		 * LF, and CR but before LF */
		rare = close & nq;
		for (t = sp & in; t != 0; t &= t - 1) {
			k = (size_t)__builtin_ctzll(t);
			x = o + k;
			if (s[x] == '\n')
				rare |= (uint64_t)1 << k;
			else if (s[x] == '\r') {
				if (x + 1 >= sc->n)
					bad |= (uint64_t)1 << k;
				else if (s[x + 1] != '\n')
					rare |= (uint64_t)1 << k;
			}
		}
		if (bad != 0 && sc->bad == SIZE_MAX)
			sc->bad = o + (size_t)__builtin_ctzll(bad);
		for (; rare != 0; rare &= rare - 1)
			*rp++ = (uint32_t)(o + (size_t)__builtin_ctzll(rare));
		sc->closed = close >> 63;
		sc->sep[j] = sepm;
		sc->inq = (uint64_t)0 - (in >> 63);
		sc->fstart = sepm >> 63;
	}
	sc->off = o0 + (64 * nw < rest ? 64 * nw : rest);
	if (nul)
		for (x = o0; x < sc->off && x < sc->bad; x++)
			if (s[x] == '\0')
				sc->bad = x;
	if (sc->off == sc->n && s[sc->n - 1] == '\r' && sc->n - 1 < sc->bad)
		sc->bad = sc->n - 1;
	sc->nwords = nw;
	sc->wi = 0;
	sc->cur = sc->sep[0];
	sc->nrare = (size_t)(rp - sc->rare);
}

/* The line end at s[0] (CR or LF), its width in *w; NULL for a CR at the
 * end of the text, which may be half of a CRLF. */
static const char *
eol_at(const char *s, size_t n, size_t *w)
{
	if (s[0] == '\n') {
		*w = 1;
		return "\n";
	}
	if (n < 2)
		return NULL;
	*w = s[1] == '\n' ? 2 : 1;
	return *w == 2 ? "\r\n" : "\r";
}

/* The content of a quoted field without the first quote of each "";
 * returns its length. */
static size_t
unquote(char *t, const char *s, size_t len)
{
	const char *q;
	size_t k, n = 0, m;

	for (k = 0; k < len; k += m + 1) {
		if ((q = memchr(s + k, '"', len - k)) == NULL)
			q = s + len - 1;
		m = (size_t)(q - (s + k)) + 1;
		memmove(t + n, s + k, m);
		n += m;
	}
	return n;
}

/* The fields of the record s[0..e): one copy of its bytes, each field's end
 * (a delimiter, a closing quote, the end) made a NUL.  Field by field
 * through field_cb when a field may be cut (max_field, the record cap).
 * esc is NULL when no field holds a "". */
static void
put_fields(struct csvin *c, const char *s, size_t e, const uint32_t *off,
    const uint32_t *len, const unsigned char *esc, size_t nf)
{
	const char **fp;
	size_t i, l, at, *ln;
	char *t;

	i = nf;
	if (e > c->opts.max_field)
		for (i = 0; i < nf; i++)
			if (len[i] > c->opts.max_field)
				break;
	if (i < nf || e + 1 > c->reccap || nf > CSVIN_MAX_FIELDS) {
		for (i = 0; i < nf; i++) {
			if (esc == NULL || !esc[i]) {
				field_cb((void *)(uintptr_t)(s + off[i]), len[i], c);
				continue;
			}
			buf_reset(&c->unq);
			buf_add(&c->unq, s + off[i], len[i]);
			l = unquote(c->unq.data, c->unq.data, len[i]);
			field_cb(c->unq.data, l, c);
		}
		raw_add(c, s, e);
		return;
	}
	if (nf > c->nalloc) {
		c->nalloc = nf < 64 ? 64 : nf;
		c->offs = xreallocarray(c->offs, c->nalloc, sizeof *c->offs);
		c->lens = xreallocarray(c->lens, c->nalloc, sizeof *c->lens);
		c->fptr = xreallocarray(c->fptr, c->nalloc, sizeof *c->fptr);
	}
	/* the fields, a NUL-terminated copy; the raw bytes are the text's */
	if (e + 1 > c->fbuf.cap) {
		buf_reset(&c->fbuf);
		buf_add(&c->fbuf, s, e);
	}
	t = c->fbuf.data;
	memcpy(t, s, e);
	fp = c->fptr;
	ln = c->lens;
	for (i = 0; i < nf; i++) {
		at = off[i];
		l = len[i];
		t[at + l] = '\0';
		fp[i] = t + at;
		ln[i] = l;
	}
	for (i = 0; esc != NULL && i < nf; i++)
		if (esc[i]) {
			at = off[i];
			l = unquote(t + at, t + at, len[i]);
			t[at + l] = '\0';
			ln[i] = l;
		}
	t[e] = '\0';
	c->fbuf.len = e + 1;
	c->nfields = nf;
	c->direct = 1;
	c->rec.raw = s;
	c->rec.raw_len = e;
}

/* The rare bytes up to e: *inner counts the line ends in quotes, *pairs
 * is set when there is a "". */
static void
scan_rare(struct scan *sc, size_t e, long *inner, int *pairs)
{
	size_t r;

	while (sc->irare < sc->nrare && (r = sc->rare[sc->irare]) <= e) {
		if (sc->s[r] == '"')
			*pairs = 1;
		else
			(*inner)++;
		sc->irare++;
	}
}

/* Cuts the word of ends cur, whose bit 0 is byte wb, to the ends from p
 * on and before the first byte in doubt; 1 when that byte is in the word
 * or before it (no end after the word may be used). */
static inline int
word_cut(const struct scan *sc, uint64_t *cur, size_t wb, size_t p)
{
	if (p > wb)
		*cur &= p - wb >= 64 ? 0 : ~(uint64_t)0 << (p - wb);
	if (sc->bad >= wb + 64)
		return 0;
	*cur &= sc->bad > wb ? ((uint64_t)1 << (sc->bad - wb)) - 1 : 0;
	return 1;
}

/*
 * Reads one record that starts at at, at a record boundary, the way libcsv
 * does in strict mode: a field is either unquoted, holding no quote and no
 * line break, or quoted from its first byte to a closing quote that the
 * delimiter or a line end follows, with "" for a quote inside and line
 * breaks kept as they are.  The line ends inside quotes count as lines.
 * Returns the bytes taken, its line end included, or 0 when in doubt (a
 * byte in doubt, more than FAST_FIELDS fields, the text ends first): then
 * nothing is counted.
 */
static size_t
fast_record(struct csvin *c, struct scan *sc, size_t at, const char **eolp)
{
	const char d = sc->d, *s0 = sc->s, *s = sc->s + at, *t;
	uint32_t off[FAST_FIELDS + 64], len[FAST_FIELDS + 64];
	unsigned char esc[FAST_FIELDS + 64];
	size_t n = sc->n - at, p = at, e, nf = 0, w, k, ew, wb, qt, r;
	uint64_t cur;
	long inner = 0;
	int pairs = 0, q, stop;

	/*
	 * The scan's cursor in registers: wb is the offset of cur's bit 0.
	 * Each word is cut to the ends after p (the line ends of a CRLF and
	 * of blank lines are ends too) and before the first byte in doubt;
	 * when a word ends there (stop) and the record goes on, it is in
	 * doubt.  The count of fields is checked word by word: a word adds
	 * at most 64.
	 */
	cur = sc->cur;
	wb = sc->base + (sc->wi << 6);
	stop = word_cut(sc, &cur, wb, at);
	for (;;) {
		if (cur == 0) {
			if (stop || nf >= FAST_FIELDS)
				return 0;
			if (++sc->wi < sc->nwords) {
				cur = sc->sep[sc->wi];
				wb += 64;
			} else {
				/* keep what the record has in the text
				 * mapped so far */
				scan_rare(sc, SIZE_MAX, &inner, &pairs);
				if (sc->off >= sc->n || sc->bad != SIZE_MAX)
					return 0;
				scan_fill(sc);
				cur = sc->cur;
				wb = sc->base;
			}
			stop = word_cut(sc, &cur, wb, p);
			continue;
		}
		e = wb + (size_t)__builtin_ctzll(cur);
		cur &= cur - 1;
		qt = s0[p] == '"';
		off[nf] = (uint32_t)(p + qt - at);
		len[nf] = (uint32_t)(e - p - 2 * qt);
		nf++;
		if (s0[e] != d)
			break;
		p = e + 1;
	}
	if (nf > FAST_FIELDS)
		return 0;
	sc->cur = cur;
	e -= at;
	/* s[e] ends the record: not a CR that ends the text (in doubt) */
	if ((*eolp = eol_at(s + e, n - e, &w)) == NULL)
		return 0;
	if (sc->irare < sc->nrare && sc->rare[sc->irare] <= at + e) {
		/* a "" marks its field (unless the record ran over a refill
		 * and a "" was seen then: look at each field) */
		memset(esc, 0, nf);
		for (k = 0; sc->irare < sc->nrare &&
		    (r = sc->rare[sc->irare]) <= at + e; sc->irare++) {
			if (s0[r] != '"') {
				inner++;
				continue;
			}
			while (at + off[k] + len[k] < r)
				k++;
			esc[k] = 1;
		}
		if (pairs)
			for (k = 0; k < nf; k++)
				esc[k] = memchr(s + off[k], '"', len[k]) != NULL;
		put_fields(c, s, e, off, len, esc, nf);
	} else if (pairs) {
		for (k = 0; k < nf; k++)
			esc[k] = memchr(s + off[k], '"', len[k]) != NULL;
		put_fields(c, s, e, off, len, esc, nf);
	} else
		put_fields(c, s, e, off, len, NULL, nf);
	if (c->info.eol == NULL) {
		/* the first line end: maybe one in quotes */
		c->info.eol = *eolp;
		for (k = 0, q = 0; inner > 0 && k < e; k++) {
			t = s + k;
			if (*t == '"')
				q = !q;
			else if (q && (*t == '\n' || *t == '\r')) {
				c->info.eol = eol_at(t, n - k, &ew);
				break;
			}
		}
	}
	c->info.lines += inner + 1;
	c->line += inner;
	return e + w;
}

/* Takes whole records at the start of s while the reader stands at a
 * record boundary, and the blank lines between them.  Returns the bytes
 * taken (the rest goes the slow way), or -1 when the callback stopped the
 * run. */
static ssize_t
fast_lines(struct csvin *c, const char *s, size_t n)
{
	const char *eol;
	struct scan sc;
	size_t i = 0, k, w;

	/* (offsets are 32 bits: a longer text is taken in parts) */
	if (n > UINT32_MAX)
		n = UINT32_MAX;
	sc.s = s;
	sc.n = n;
	sc.d = (char)c->info.delim;
	sc.off = sc.base = sc.nwords = sc.wi = sc.nrare = sc.irare = 0;
	sc.cur = 0;
	sc.bad = SIZE_MAX;
	sc.inq = 0;
	sc.fstart = 1;
	sc.closed = 0;
	while (i < n) {
		if (s[i] == '\r' || s[i] == '\n') {
			/* a blank line */
			if ((eol = eol_at(s + i, n - i, &w)) == NULL)
				break;
			if (end_line(c, eol) == -1)
				return -1;
			i += w;
			continue;
		}
		rec_start(c);
		if ((k = fast_record(c, &sc, i, &eol)) == 0) {
			c->row_open = 0;
			break;
		}
		if (deliver(c, eol) == -1)
			return -1;
		c->line++;
		i += k;
	}
	return (ssize_t)i;
}

/* UTF-8 text, cut into lines.  A NUL byte is data, not a terminator: it
 * becomes U+FFFD and flags its record (fields are C strings downstream). */
static int
text_in(struct csvin *c, const char *s, size_t n)
{
	ssize_t k;
	size_t i;

	while (n > 0) {
		if (!c->row_open && !c->pending_cr && !c->line_content &&
		    !c->slow) {
			if ((k = fast_lines(c, s, n)) == -1)
				return -1;
			s += k;
			n -= (size_t)k;
			if (n == 0)
				break;
		}
		if (c->pending_cr) {
			c->pending_cr = 0;
			if (*s == '\n') {
				if (end_line(c, "\r\n") == -1)
					return -1;
				s++;
				n--;
				continue;
			}
			if (end_line(c, "\r") == -1)
				return -1;
		}
		if (*s == '\r') {
			c->pending_cr = 1;
			s++;
			n--;
			continue;
		}
		if (*s == '\n') {
			if (end_line(c, "\n") == -1)
				return -1;
			s++;
			n--;
			continue;
		}
		if (*s == '\0') {
			if (content(c, fffd, 3) == -1)
				return -1;
			c->rec.bad_utf8 = 1;
			s++;
			n--;
			continue;
		}
		i = 1 + scan4(s + 1, n - 1, '\0', '\0');
		if (content(c, s, i) == -1)
			return -1;
		s += i;
		n -= i;
	}
	return 0;
}

/* The decoder's sink.  A replacement opens a record if none is open, so
 * the flag lands on the record that holds it. */
static int
sink_text(void *arg, const char *s, size_t n, int bad)
{
	struct csvin *c = arg;

	if (n > 0 && text_in(c, s, n) == -1)
		return -1;
	if (bad) {
		c->rec.bad_utf8 = 1;
		c->invalid++;
	}
	return 0;
}

static int
sink_buf(void *arg, const char *s, size_t n, int bad)
{
	(void)bad;
	buf_add(arg, s, n);
	return 0;
}

/* ---- deciding what the input is ---- */

struct det {
	size_t	cur;
	size_t	counts[DETECT_RECS];
	int	n;
};

static void
det_field(void *s, size_t len, void *arg)
{
	struct det *dt = arg;

	(void)s;
	(void)len;
	dt->cur++;
}

static void
det_row(int ch, void *arg)
{
	struct det *dt = arg;

	(void)ch;
	if (dt->n < DETECT_RECS)
		dt->counts[dt->n++] = dt->cur;
	dt->cur = 0;
}

#define CSVIN_BLK	16384	/* libcsv's field buffer grows by this */

/* Picks the delimiter whose field count, if more than one, holds for the
 * most of the first records; then the one with more fields; then the first
 * of , ; TAB |.  A record cut off by the end of the head does not count. */
static int
detect_delim(const char *t, size_t n, int final)
{
	static const int cand[] = { ',', ';', '\t', '|' };
	struct csv_parser p;
	struct det dt;
	size_t i, j, off, m, modal, score, best_modal = 1, best_score = 0, k;
	int best = ',';

	for (i = 0; i < sizeof cand / sizeof cand[0]; i++) {
		memset(&dt, 0, sizeof dt);
		csv_init(&p, CSV_APPEND_NULL);
		csv_set_space_func(&p, no_space);
		csv_set_delim(&p, (unsigned char)cand[i]);
		csv_set_realloc_func(&p, xrealloc);
		/* (libcsv grows a field by blk_size, 128 bytes unless told:
		 * a long field in the head would be copied quadratically) */
		csv_set_blk_size(&p, CSVIN_BLK);
		for (off = 0; off < n && dt.n < DETECT_RECS; off += m) {
			m = n - off < 4096 ? n - off : 4096;
			csv_parse(&p, t + off, m, det_field, det_row, &dt);
		}
		if (final && dt.n < DETECT_RECS)
			csv_fini(&p, det_field, det_row, &dt);
		csv_free(&p);
		modal = score = 0;
		for (j = 0; j < (size_t)dt.n; j++) {
			for (k = 0, m = 0; k < (size_t)dt.n; k++)
				m += dt.counts[k] == dt.counts[j];
			if (m > score || (m == score && dt.counts[j] > modal)) {
				score = m;
				modal = dt.counts[j];
			}
		}
		if (modal > 1 && (score > best_score ||
		    (score == best_score && modal > best_modal))) {
			best = cand[i];
			best_score = score;
			best_modal = modal;
		}
	}
	return best;
}

static int
has_prefix(const unsigned char *h, size_t n, const char *magic, size_t len)
{
	return n >= len && memcmp(h, magic, len) == 0;
}

/* Files that are not CSV at all, named by their first bytes. */
static const char *
not_text(const unsigned char *h, size_t n)
{
	if (has_prefix(h, n, "PK\3\4", 4))
		return _("this is a ZIP file (an .xlsx workbook?), not CSV: "
		    "save it as CSV from Excel");
	if (has_prefix(h, n, "\x1f\x8b", 2))
		return _("this is a gzip file, not CSV: decompress it first");
	if (has_prefix(h, n, "%PDF", 4))
		return _("this is a PDF document, not CSV");
	if (has_prefix(h, n, "\xD0\xCF\x11\xE0", 4))
		return _("this is an old Excel workbook (.xls), not CSV: save "
		    "it as CSV from Excel");
	return NULL;
}

/* NUL bytes in a head that is not UTF-16.  Runs of NULs are binary data
 * (and a sparse file of zeros is refused from its head alone); NULs in
 * every other byte are UTF-16 without a BOM.  A lone NUL in text (csvkit's
 * null_byte.csv: "a,b,c\n\0,2,3\n") is taken as data: it is replaced by
 * U+FFFD and the record is flagged bad_utf8, as an invalid byte is. */
static const char *
nul_bytes(const unsigned char *h, size_t n)
{
	size_t i, nul = 0, odd = 0;
	int run = 0;

	for (i = 0; i < n; i++) {
		if (h[i] != 0)
			continue;
		nul++;
		odd += i & 1;
		if (i > 0 && h[i - 1] == 0)
			run = 1;
	}
	if (nul == 0)
		return NULL;
	if (nul >= 4 && nul * 4 >= n && (odd * 10 >= nul * 9 ||
	    odd * 10 <= nul))
		return _("UTF-16 text without a byte order mark (NUL in every "
		    "other byte): save it as UTF-8, or name its encoding");
	if (run)
		return _("binary data (NUL bytes), not CSV text");
	return NULL;
}

/* Sets up the decoder for enc and libcsv for the delimiter decided. */
static int
start(struct csvin *c, enum csvin_enc enc)
{
	if (dec_init(&c->dec, enc) == -1)
		return cerr(c, 0, 0, _("cannot convert from %s: %s"),
		    csvin_enc_name(enc), strerror(errno));
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_space_func(&c->p, no_space);
	csv_set_delim(&c->p, (unsigned char)c->info.delim);
	csv_set_realloc_func(&c->p, xrealloc);
	csv_set_blk_size(&c->p, CSVIN_BLK);
	c->p_ready = 1;
	return 0;
}

/* Decides encoding and delimiter from the head, then runs the head through
 * the pipeline.  final: the head is the whole input. */
static int
decide(struct csvin *c, int final)
{
	const unsigned char *h = (const unsigned char *)c->head.data;
	size_t n = c->head.len, skip = 0, ok;
	enum csvin_enc enc = c->opts.encoding;
	struct buf text = BUF_INIT(0);
	struct dec tmp;
	const char *why;
	int delim = c->opts.delim, valid, bad;

	if (h == NULL)
		h = (const unsigned char *)"";
	c->decided = 1;
	if ((why = not_text(h, n)) != NULL)
		return cerr(c, 0, 0, "%s", why);
	if (delim < 0 || delim > 127 || delim == '"' || delim == '\r' ||
	    delim == '\n')
		return cerr(c, 0, 0, _("cannot use character %d as the "
		    "delimiter"), delim);

	if (has_prefix(h, n, "\xFF\xFE", 2) && (enc == CSVIN_ENC_AUTO ||
	    enc == CSVIN_ENC_UTF16LE)) {
		enc = CSVIN_ENC_UTF16LE;
		skip = 2;
	} else if (has_prefix(h, n, "\xFE\xFF", 2) && (enc == CSVIN_ENC_AUTO ||
	    enc == CSVIN_ENC_UTF16BE)) {
		enc = CSVIN_ENC_UTF16BE;
		skip = 2;
	} else if (has_prefix(h, n, "\xEF\xBB\xBF", 3) &&
	    (enc == CSVIN_ENC_AUTO || enc == CSVIN_ENC_UTF8)) {
		enc = CSVIN_ENC_UTF8;
		skip = 3;
	} else if (enc == CSVIN_ENC_AUTO) {
		if (c->whole_utf8 != -1)
			valid = c->whole_utf8;
		else {
			ok = u8_valid(h, n, &bad);
			valid = !bad && (!final || ok == n);
		}
		enc = valid ? CSVIN_ENC_UTF8 : CSVIN_ENC_CP1252;
	}
	c->info.bom = skip > 0;
	c->info.encoding = enc;
	c->info.encoding_detected = c->opts.encoding == CSVIN_ENC_AUTO;
	if (enc != CSVIN_ENC_UTF16LE && enc != CSVIN_ENC_UTF16BE &&
	    (why = nul_bytes(h, n)) != NULL)
		return cerr(c, 0, 0, "%s", why);

	if (delim == 0) {
		if (dec_init(&tmp, enc) == -1)
			return cerr(c, 0, 0, _("cannot convert from %s: %s"),
			    csvin_enc_name(enc), strerror(errno));
		dec_run(&tmp, h + skip, n - skip, final, sink_buf, &text);
		dec_free(&tmp);
		delim = detect_delim(buf_cstr(&text), text.len, final);
		buf_free(&text);
		c->info.delim_detected = 1;
	}
	c->info.delim = delim;

	if (start(c, enc) == -1)
		return -1;
	if (n > skip && dec_run(&c->dec, h + skip, n - skip, 0, sink_text,
	    c) == -1)
		return -1;
	buf_free(&c->head);
	return 0;
}

/* ---- the interface ---- */

struct csvin *
csvin_new(const char *name, const struct csvin_opts *opts, csvin_cb cb,
    void *arg)
{
	struct csvin *c;

	c = xcalloc(1, sizeof *c);
	c->name = xstrdup(name ? name : "-");
	if (opts != NULL)
		c->opts = *opts;
	if (c->opts.max_field == 0)
		c->opts.max_field = CSVIN_MAX_FIELD;
	if (c->opts.head == 0 || c->opts.head > HEAD_MAX)
		c->opts.head = HEAD_MAX;
	c->reccap = CSVIN_MAX_RECORD;
	if (c->opts.max_field < ((size_t)-1 - 64) / 4 &&
	    c->opts.max_field * 4 > c->reccap)
		c->reccap = c->opts.max_field * 4;
	c->cb = cb;
	c->arg = arg;
	c->whole_utf8 = -1;
	c->line = 1;
	c->dec.cd = (iconv_t)-1;
	return c;
}

int
csvin_feed(struct csvin *c, const void *buf, size_t len, struct diag *d)
{
	const unsigned char *p = buf;
	size_t take;

	if (c->failed)
		return fail(c, d);
	if (c->finished) {
		cerr(c, 0, 0, _("internal error: input after its end"));
		return fail(c, d);
	}
	c->info.bytes += len;
	if (!c->decided) {
		take = c->opts.head - c->head.len;
		if (take > len)
			take = len;
		buf_add(&c->head, p, take);
		p += take;
		len -= take;
		if (c->head.len < c->opts.head)
			return 0;
		if (decide(c, 0) == -1)
			return fail(c, d);
	}
	if (len > 0 && dec_run(&c->dec, p, len, 0, sink_text, c) == -1)
		return fail(c, d);
	return 0;
}

int
csvin_finish(struct csvin *c, struct diag *d)
{
	if (c->failed)
		return fail(c, d);
	if (c->finished)
		return 0;
	c->finished = 1;
	if (!c->decided && decide(c, 1) == -1)
		return fail(c, d);
	if (dec_run(&c->dec, NULL, 0, 1, sink_text, c) == -1)
		return fail(c, d);
	if (c->pending_cr) {
		c->pending_cr = 0;
		if (end_line(c, "\r") == -1)
			return fail(c, d);
	}
	if (c->line_content)
		c->info.lines++;
	if (!c->row_open)
		return 0;
	c->row_done = 0;
	if (csv_fini(&c->p, field_cb, row_cb, c) != 0) {
		cerr(c, c->fline, c->fcol, _("unclosed quote in the field that "
		    "starts on line %ld: it runs to the end of the input"),
		    c->fline);
		return fail(c, d);
	}
	if (c->row_done && deliver(c, "") == -1)
		return fail(c, d);
	return 0;
}

void
csvin_set_slow(struct csvin *c, int slow)
{
	c->slow = slow;
}

/* ---- a quoted field that took rows of their own ---- */

/* The lines after the first line end of a field, s[0..n) starting at that
 * line end: *lines gets the line ends (CRLF, LF and lone CR are one each),
 * the return value the lines holding at least need delimiters. */
static long
span_rows(const char *s, size_t n, int delim, size_t need, long *lines)
{
	size_t i, nd = 0;
	long rows = 0, ends = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			rows += ends > 0 && nd >= need;
			ends++;
			nd = 0;
		} else if ((unsigned char)s[i] == delim)
			nd++;
	}
	*lines = ends;
	return rows + (nd >= need);
}

/* Where field k of rec starts, told from its raw bytes by quote parity
 * (strict CSV: quotes stand only around whole fields, "" inside them):
 * the editor line and the 1-based column; the column is 0 when the raw
 * bytes were cut before the field. */
static void
field_place(const struct csvin_record *rec, size_t k, long *line, long *col)
{
	const char *s = rec->raw;
	size_t i, n = rec->raw_len, bol = 0, f = 0;
	int q = 0;

	*line = rec->line;
	*col = 0;
	for (i = 0; i < n && f < k; i++) {
		if (s[i] == '"')
			q = !q;
		else if (q && (s[i] == '\n' || s[i] == '\r')) {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			(*line)++;
			bol = i + 1;
		} else if (!q && (unsigned char)s[i] == rec->delim)
			f++;
	}
	if (f == k && (i < n || !rec->raw_truncated))
		*col = (long)(i - bol) + 1;
	else
		*line = rec->line;
}

/* csvin_span_check past its first test: the fields, one by one. */
static int __attribute__((noinline))
span_find(const struct csvin_record *rec, size_t need, struct csvin_span *sp)
{
	size_t i, at, len;
	long rows, ends;

	for (i = 0; i < rec->nfields; i++) {
		len = rec->lens[i];
		if ((at = scan4(rec->fields[i], len, '\n', '\n')) == len)
			continue;
		rows = span_rows(rec->fields[i] + at, len - at, rec->delim,
		    need, &ends);
		if (rows == 0)
			continue;
		field_place(rec, i, &sp->line, &sp->col);
		sp->lines = ends + 1;
		sp->rows = rows;
		return 1;
	}
	return 0;
}

int
csvin_span_check(const struct csvin_record *rec, size_t ncols,
    struct csvin_span *sp)
{
	if (ncols < 3 || rec->end_line <= rec->line)
		return 0;
	/* Every delimiter between fields is in the raw bytes, and a line that
	 * looks like a record adds ncols - 1 more: a record with fewer is
	 * done without looking at its fields (all this check costs on the
	 * multi-line records of a legitimate export). */
	if (count_byte(rec->raw, rec->raw_len, (char)rec->delim) <
	    rec->nfields - 1 + ncols - 1)
		return 0;
	return span_find(rec, ncols - 1, sp);
}

const char *
csvin_span_message(const struct csvin_span *sp, char *buf, size_t n)
{
	snprintf(buf, n, ngettext("a quoted field runs over %ld lines, and "
	    "%ld line in it looks like a row of its own: a stray quote (\") "
	    "may have opened the field, and that row is not counted as a "
	    "lead", "a quoted field runs over %ld lines, and %ld lines in it "
	    "look like rows of their own: a stray quote (\") may have opened "
	    "the field, and those rows are not counted as leads",
	    (unsigned long)sp->rows), sp->lines, sp->rows);
	return buf;
}

const struct csvin_info *
csvin_info(const struct csvin *c)
{
	return &c->info;
}

void
csvin_free(struct csvin *c)
{
	if (c == NULL)
		return;
	dec_free(&c->dec);
	if (c->p_ready)
		csv_free(&c->p);
	buf_free(&c->head);
	buf_free(&c->fbuf);
	buf_free(&c->raw);
	buf_free(&c->unq);
	free(c->offs);
	free(c->lens);
	free(c->fptr);
	free(c->name);
	free(c);
}

/* Reads up to n bytes, fewer only at the end of input: at off with pread,
 * or from the file position with read when off is -1.  A read cut short
 * (a pipe, a signal) goes on where it stopped. */
static ssize_t
read_full(int fd, void *buf, size_t n, off_t off)
{
	unsigned char *p = buf;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = off == -1 ? read(fd, p + got, n - got) :
		    pread(fd, p + got, n - got, off + (off_t)got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The whole-file UTF-8 check of a regular file, then back to its start.
 * A head that decides by itself (a BOM, a file type, NUL bytes) is left
 * to decide(): a 1 GiB file of zeros is not read twice. */
static int
check_utf8(int fd, unsigned char *b, int *verdict)
{
	size_t have = 0, ok;
	ssize_t r;
	off_t start;
	int bad, first = 1;

	*verdict = -1;
	/* Standard input redirected from a file may not be at its start. */
	if ((start = lseek(fd, 0, SEEK_CUR)) == -1)
		return 0;
	for (;;) {
		if ((r = read_full(fd, b + have, CHUNK, -1)) == -1)
			return -1;
		if (first) {
			first = 0;
			if (not_text(b, (size_t)r) ||
			    memchr(b, '\0', (size_t)r) != NULL ||
			    has_prefix(b, (size_t)r, "\xEF\xBB\xBF", 3) ||
			    has_prefix(b, (size_t)r, "\xFF\xFE", 2) ||
			    has_prefix(b, (size_t)r, "\xFE\xFF", 2))
				break;
		}
		have += (size_t)r;
		ok = u8_valid(b, have, &bad);
		if (bad) {
			*verdict = 0;
			break;
		}
		if (r == 0) {
			*verdict = ok == have;
			break;
		}
		memmove(b, b + ok, have - ok);
		have -= ok;
	}
	return lseek(fd, start, SEEK_SET) == -1 ? -1 : 0;
}

int
csvin_read_file(const char *path, const struct csvin_opts *opts,
    csvin_cb cb, void *arg, struct csvin_info *info, struct diag *d)
{
	struct csvin *c;
	struct stat st;
	unsigned char *b;
	ssize_t r;
	int fd = 0, rc = -1;

	if (info != NULL)
		memset(info, 0, sizeof *info);
	if (strcmp(path, "-") != 0 &&
	    (fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) == -1)
		return diag_set(d, path, 0, 0, _("cannot open: %s"),
		    strerror(errno));
	if (fstat(fd, &st) == -1) {
		diag_set(d, path, 0, 0, _("cannot stat: %s"), strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_set(d, path, 0, 0, _("is a directory, not a CSV file"));
		goto out;
	}
	c = csvin_new(path, opts, cb, arg);
	b = xmalloc(CHUNK + 8);
	if (S_ISREG(st.st_mode) && c->opts.encoding == CSVIN_ENC_AUTO &&
	    check_utf8(fd, b, &c->whole_utf8) == -1)
		diag_set(d, path, 0, 0, _("read error: %s"), strerror(errno));
	else {
		while ((r = read_full(fd, b, CHUNK, -1)) > 0)
			if (csvin_feed(c, b, (size_t)r, d) == -1)
				break;
		if (r == -1)
			diag_set(d, path, 0, 0, _("read error: %s"),
			    strerror(errno));
		else if (r == 0 && csvin_finish(c, d) == 0)
			rc = 0;
	}
	if (info != NULL)
		*info = c->info;
	free(b);
	csvin_free(c);
out:
	if (fd != 0)
		close(fd);
	return rc;
}

int
csvin_read_mem(const char *name, const void *buf, size_t len,
    const struct csvin_opts *opts, csvin_cb cb, void *arg,
    struct csvin_info *info, struct diag *d)
{
	struct csvin *c;
	int rc;

	c = csvin_new(name, opts, cb, arg);
	rc = csvin_feed(c, buf, len, d);
	if (rc == 0)
		rc = csvin_finish(c, d);
	if (info != NULL)
		*info = c->info;
	csvin_free(c);
	return rc;
}

/* ---- names ---- */

const char *
csvin_enc_name(enum csvin_enc e)
{
	switch (e) {
	case CSVIN_ENC_AUTO:
		return "auto";
	case CSVIN_ENC_UTF8:
		return "utf-8";
	case CSVIN_ENC_CP1252:
		return "windows-1252";
	case CSVIN_ENC_UTF16LE:
		return "utf-16le";
	case CSVIN_ENC_UTF16BE:
		return "utf-16be";
	case CSVIN_ENC_LATIN1:
		return "iso-8859-1";
	}
	return "unknown";
}

int
csvin_enc_parse(const char *s)
{
	static const struct {
		const char	*name;
		enum csvin_enc	 enc;
	} names[] = {
		{ "auto", CSVIN_ENC_AUTO },
		{ "utf8", CSVIN_ENC_UTF8 },
		{ "cp1252", CSVIN_ENC_CP1252 },
		{ "windows1252", CSVIN_ENC_CP1252 },
		{ "win1252", CSVIN_ENC_CP1252 },
		{ "latin1", CSVIN_ENC_LATIN1 },
		{ "iso88591", CSVIN_ENC_LATIN1 },
		{ "l1", CSVIN_ENC_LATIN1 },
		{ "utf16le", CSVIN_ENC_UTF16LE },
		{ "utf16be", CSVIN_ENC_UTF16BE },
	};
	char norm[32];
	size_t i, n = 0;

	if (s == NULL)
		return -1;
	/* Case, '-', '_' and spaces do not matter: "UTF-8", "utf_8". */
	for (; *s != '\0'; s++) {
		if (*s == '-' || *s == '_' || *s == ' ')
			continue;
		if (n + 1 >= sizeof norm)
			return -1;
		norm[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' :
		    *s);
	}
	norm[n] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(norm, names[i].name) == 0)
			return (int)names[i].enc;
	return -1;
}

static const struct {
	const char	*name;
	const char	*alt;
	int		 ch;
} delims[] = {
	{ "comma", ",", ',' },
	{ "semicolon", ";", ';' },
	{ "tab", "\\t", '\t' },
	{ "pipe", "|", '|' },
};

const char *
csvin_delim_name(int delim)
{
	size_t i;

	for (i = 0; i < sizeof delims / sizeof delims[0]; i++)
		if (delims[i].ch == delim)
			return delims[i].name;
	return "other";
}

int
csvin_delim_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < sizeof delims / sizeof delims[0]; i++)
		if (strcasecmp(s, delims[i].name) == 0 ||
		    strcmp(s, delims[i].alt) == 0 ||
		    (s[0] == delims[i].ch && s[1] == '\0'))
			return delims[i].ch;
	return 0;
}

/* ---- blocks and threads ---- */

/* Bit i set where s[i] is a quote (*q), an LF (*lf), a CR (*cr), for the
 * w <= 64 bytes of s: line ends are few, so they are told apart one by
 * one. */
static inline __attribute__((always_inline)) void
masks(const unsigned char *s, size_t w, uint64_t *q, uint64_t *lf,
    uint64_t *cr)
{
	uint64_t mq = 0, nl = 0, l = 0, c = 0, t;
	size_t i, k;

#ifdef __SSE2__
	if (w == 64) {
		const __m128i vq = _mm_set1_epi8('"'), vl = _mm_set1_epi8('\n');
		const __m128i vc = _mm_set1_epi8('\r');
		__m128i x0, x1, x2, x3;

#define LD(k)	_mm_loadu_si128((const __m128i *)(const void *)(s + (k)))
#define MQ(x)	((uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8((x), vq)))
#define MN(x)	((uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128( \
		    _mm_cmpeq_epi8((x), vl), _mm_cmpeq_epi8((x), vc))))
		x0 = LD(0);
		x1 = LD(16);
		x2 = LD(32);
		x3 = LD(48);
		mq = MQ(x0) | MQ(x1) << 16 | MQ(x2) << 32 | MQ(x3) << 48;
		nl = MN(x0) | MN(x1) << 16 | MN(x2) << 32 | MN(x3) << 48;
#undef LD
#undef MQ
#undef MN
	} else
#endif
		for (i = 0; i < w; i++) {
			mq |= (uint64_t)(s[i] == '"') << i;
			nl |= (uint64_t)(s[i] == '\n' || s[i] == '\r') << i;
		}
	for (t = nl; t != 0; t &= t - 1) {
		k = (size_t)__builtin_ctzll(t);
		if (s[k] == '\n')
			l |= (uint64_t)1 << k;
		else
			c |= (uint64_t)1 << k;
	}
	*q = mq;
	*lf = l;
	*cr = c;
}

/* Bits below i (i <= 64). */
static uint64_t
below(unsigned i)
{
	return i >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << i) - 1;
}

/* Bits set in x (no popcnt instruction is assumed). */
static inline long
pop(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (long)((x * 0x0101010101010101ULL) >> 56);
}

/*
 * Sixty-four bytes at a time: the quotes' prefix XOR says which bytes are
 * inside quotes; a line end is an LF or a CR not followed by an LF; one
 * outside quotes ends a record when the line has something on it since the
 * last one (else it ends a blank line).  Between two line ends outside
 * quotes the only bytes that are neither text nor in quotes are the CR of
 * a CRLF, just before its LF; so a line has something on it when the byte
 * before its end, or before that CR, is text (quotes are text).
 */
void
csvin_cut(const char *buf, size_t n, struct csvin_cut *cut)
{
	const unsigned char *s = (const unsigned char *)buf;
	uint64_t q, lf, cr, next, le, in, out, content, crlf, rec, lfo;
	uint64_t carry = 0, pc = 0, px = 0, lastle = 0, lastrec = 0;
	long lines = 0, records = 0, lines0 = 0, records0 = 0;
	size_t base, w, lastbase = 0;
	unsigned p, lastp = 0;
	int found = 0;

	memset(cut, 0, sizeof *cut);
	for (base = 0; base < n; base += 64) {
		w = n - base < 64 ? n - base : 64;
		masks(s + base, w, &q, &lf, &cr);
		next = lf >> 1;
		if (w == 64 && base + 64 < n && s[base + 64] == '\n')
			next |= (uint64_t)1 << 63;
		le = lf | (cr & ~next);
		out = le;
		if ((q | carry) != 0) {
			in = inside(q, carry);
			carry = (uint64_t)0 - (in >> 63);
			out &= ~in;
		}
		content = ~(lf | cr);
		if (w < 64)
			content &= ((uint64_t)1 << w) - 1;
		crlf = cr & next;
		if (out != 0) {
			/* line ends with text just before them (or before
			 * their CRLF's CR) */
			rec = out & ((content << 1 | pc >> 63) |
			    ((content << 2 | pc >> 62) & (crlf << 1 | px >> 63)));
			if ((lfo = out & lf) != 0) {
				/* the last LF outside quotes so far: counted
				 * when no later one turns up */
				found = 1;
				lastbase = base;
				lastp = 63u - (unsigned)__builtin_clzll(lfo);
				lastle = le;
				lastrec = rec;
				lines0 = lines;
				records0 = records;
			}
			if (rec != 0)
				records += (rec & (rec - 1)) != 0 ? pop(rec) : 1;
		}
		if (le != 0)
			lines += (le & (le - 1)) != 0 ? pop(le) : 1;
		pc = content;
		px = crlf;
	}
	if (found) {
		p = lastp;
		cut->len = lastbase + p + 1;
		cut->lines = lines0 + pop(lastle & below(p + 1));
		cut->records = records0 + pop(lastrec & below(p + 1));
	}
}

struct csvin *
csvin_new_block(const struct csvin *main, long line, csvin_cb cb, void *arg)
{
	struct csvin *c;

	if (!main->decided || !main->p_ready ||
	    main->info.encoding == CSVIN_ENC_UTF16LE ||
	    main->info.encoding == CSVIN_ENC_UTF16BE)
		return NULL;
	c = csvin_new(main->name, &main->opts, cb, arg);
	c->slow = main->slow;
	c->decided = 1;
	c->info.delim = main->info.delim;
	c->info.delim_detected = main->info.delim_detected;
	c->info.encoding = main->info.encoding;
	c->info.encoding_detected = main->info.encoding_detected;
	c->info.bom = main->info.bom;
	c->line = line;
	if (start(c, main->info.encoding) == -1) {
		csvin_free(c);
		return NULL;
	}
	return c;
}

int
csvin_at_boundary(const struct csvin *c)
{
	return c->decided && c->p_ready && !c->failed && !c->row_open &&
	    !c->pending_cr && !c->line_content && c->dec.ncarry == 0;
}

int
csvin_finish_block(struct csvin *c, struct diag *d)
{
	if (c->failed)
		return fail(c, d);
	return csvin_at_boundary(c) ? 0 : 1;
}

long
csvin_line(const struct csvin *c)
{
	return c->line;
}

long
csvin_invalid(const struct csvin *c)
{
	return c->invalid;
}

#define PAR_BLOCK	(1u << 20)
#define PAR_FAILED	(-2)
#define PAR_CARRY_MAX	8	/* blocks a record may span */

struct par {
	const char		*path;
	const struct csvin_opts	*opts;
	const struct csvin_par	*par;
	int			 fd;
	size_t			 block;
	struct csvin		*main;
	pthread_mutex_t		 mu;
	pthread_cond_t		 turn_cv;
	/* the reading, under mu: blocks are numbered as they are taken;
	 * each is read from the file in its thread, then cut in turn */
	off_t			 next_off;	/* where the next block taken starts */
	unsigned long		 next_seq, turn;
	char			*carry;		/* the bytes after the last cut */
	size_t			 ncarry, carrycap;
	int			 eof, failed, rerr;
	long			 line, records;
	/* per thread, summed at the end */
	struct csvin_info	 sum[CSVIN_MAX_THREADS];
	long			 invalid[CSVIN_MAX_THREADS];
};

struct par_thread {
	struct par	*pr;
	int		 i;
	pthread_t	 tid;
};

static void
info_add(struct csvin_info *to, const struct csvin_info *from)
{
	to->bytes += from->bytes;
	to->lines += from->lines;
	to->records += from->records;
	to->blank_lines += from->blank_lines;
	to->bad_utf8_records += from->bad_utf8_records;
	if (to->eol == NULL)
		to->eol = from->eol;
}

#define PAR_HEAD	(64u * 1024)	/* room before a block for the carry */

/*
 * Takes the next block, reads it from the file (threads read at once),
 * then, in the order the blocks were taken, puts the bytes after the last
 * cut in front of it and cuts it at its last record boundary (the lock is
 * held for that alone), and reads its records in this thread.
 */
static void *
par_run(void *arg)
{
	struct par_thread *t = arg;
	struct par *pr = t->pr;
	const struct csvin_par *par = pr->par;
	struct csvin_cut cut;
	struct csvin *c;
	struct diag d;
	size_t cap = PAR_HEAD + pr->block, n, take, head;
	char *buf = xmalloc(cap), *b;
	unsigned long seq;
	ssize_t r;
	off_t off;
	long line, before;
	int final, rc, rerr;

	for (;;) {
		pthread_mutex_lock(&pr->mu);
		if (pr->failed || pr->eof) {
			pthread_mutex_unlock(&pr->mu);
			break;
		}
		seq = pr->next_seq++;
		off = pr->next_off;
		pr->next_off += (off_t)pr->block;
		pthread_mutex_unlock(&pr->mu);

		head = PAR_HEAD;
		r = read_full(pr->fd, buf + head, pr->block, off);
		rerr = r == -1 ? (errno ? errno : EIO) : 0;

		pthread_mutex_lock(&pr->mu);
		while (pr->turn != seq)
			pthread_cond_wait(&pr->turn_cv, &pr->mu);
		pr->turn++;
		pthread_cond_broadcast(&pr->turn_cv);
		if (pr->failed || pr->eof) {
			pthread_mutex_unlock(&pr->mu);
			break;
		}
		if (rerr) {
			pr->failed = pr->rerr = rerr;
			pthread_mutex_unlock(&pr->mu);
			break;
		}
		/* the carry in front of the block */
		if (pr->ncarry > head) {
			if (pr->ncarry + (size_t)r > cap) {
				cap = pr->ncarry + (size_t)r;
				buf = xrealloc(buf, cap);
			}
			memmove(buf + pr->ncarry, buf + head, (size_t)r);
			head = pr->ncarry;
		}
		b = buf + head - pr->ncarry;
		memcpy(b, pr->carry, pr->ncarry);
		n = pr->ncarry + (size_t)r;
		final = (size_t)r < pr->block;
		if (final) {
			take = n;
			pr->eof = 1;
			pr->ncarry = 0;
			memset(&cut, 0, sizeof cut);
		} else {
			csvin_cut(b, n, &cut);
			/* A record longer than a few blocks: one thread. */
			if (cut.len == 0 || n - cut.len > PAR_CARRY_MAX * pr->block) {
				pr->failed = 1;
				pthread_mutex_unlock(&pr->mu);
				break;
			}
			take = cut.len;
			pr->ncarry = n - take;
			if (pr->ncarry > pr->carrycap) {
				pr->carrycap = pr->ncarry;
				pr->carry = xrealloc(pr->carry, pr->carrycap);
			}
			memcpy(pr->carry, b + take, pr->ncarry);
		}
		line = pr->line;
		before = pr->records;
		pr->line += cut.lines;
		pr->records += cut.records;
		pthread_mutex_unlock(&pr->mu);

		if (take == 0)
			break;
		if (par->start_block != NULL)
			par->start_block(par->args[t->i], before);
		if ((c = csvin_new_block(pr->main, line, par->cb,
		    par->args[t->i])) == NULL) {
			rc = -1;
		} else {
			rc = csvin_feed(c, b, take, &d);
			if (rc == 0)
				rc = final ? csvin_finish(c, &d) :
				    csvin_finish_block(c, &d);
			if (rc == 0 && !final && (c->info.lines != cut.lines ||
			    c->info.records != cut.records))
				rc = 1;
			info_add(&pr->sum[t->i], &c->info);
			pr->invalid[t->i] += c->invalid;
			csvin_free(c);
		}
		if (rc != 0) {
			pthread_mutex_lock(&pr->mu);
			pr->failed = 1;
			pthread_mutex_unlock(&pr->mu);
			break;
		}
	}
	free(buf);
	return NULL;
}

/* One read of the whole file.  verdict is the whole-file UTF-8 verdict
 * (-1: decide from the head).  Returns 0, -1 (an error: d filled, or the
 * callback stopped), or PAR_FAILED (a block did not check out: read again
 * in one thread); *invalid is set to the invalid sequences met. */
static int
par_once(struct par *pr, int threads, int verdict, struct csvin_info *info,
    long *invalid, struct diag *d)
{
	const struct csvin_par *par = pr->par;
	struct par_thread t[CSVIN_MAX_THREADS];
	struct csvin_cut cut;
	struct csvin *c;
	size_t first, n;
	char *buf;
	ssize_t r;
	int i, rc = -1, started = 0;

	memset(info, 0, sizeof *info);
	*invalid = 0;
	if (lseek(pr->fd, 0, SEEK_SET) == -1)
		return diag_set(d, pr->path, 0, 0, _("cannot seek: %s"), strerror(errno));
	c = csvin_new(pr->path, pr->opts, par->cb, par->args[0]);
	c->whole_utf8 = verdict;
	pr->main = c;
	/* twice the head, so the cut leaves the head whole in the first block */
	first = 2 * (pr->block > c->opts.head ? pr->block : c->opts.head);
	buf = xmalloc(first + 1);
	if (par->start_block != NULL)
		par->start_block(par->args[0], 0);

	/* The first block, with the header, in this thread. */
	if ((r = read_full(pr->fd, buf, first, -1)) == -1)
		goto rerr;
	n = (size_t)r;
	csvin_cut(buf, n, &cut);
	if (threads > 1 && (size_t)r == first && cut.len > 0) {
		if (csvin_feed(c, buf, cut.len, d) == -1)
			goto done;
		started = csvin_at_boundary(c) &&
		    c->info.encoding != CSVIN_ENC_UTF16LE &&
		    c->info.encoding != CSVIN_ENC_UTF16BE;
	}
	if (started) {
		pthread_mutex_init(&pr->mu, NULL);
		pthread_cond_init(&pr->turn_cv, NULL);
		pr->next_off = (off_t)n;
		pr->next_seq = pr->turn = 0;
		pr->ncarry = n - cut.len;
		pr->carrycap = pr->ncarry > pr->block ? pr->ncarry : pr->block;
		pr->carry = xmalloc(pr->carrycap);
		memcpy(pr->carry, buf + cut.len, pr->ncarry);
		pr->eof = pr->failed = pr->rerr = 0;
		pr->line = c->line;
		pr->records = c->info.records;
		memset(pr->sum, 0, sizeof pr->sum);
		memset(pr->invalid, 0, sizeof pr->invalid);
		for (i = 0; i < threads; i++) {
			t[i].pr = pr;
			t[i].i = i;
		}
		for (i = 1; i < threads; i++)
			if (pthread_create(&t[i].tid, NULL, par_run, &t[i]) != 0)
				break;
		threads = i;
		par_run(&t[0]);
		for (i = 1; i < threads; i++)
			pthread_join(t[i].tid, NULL);
		for (i = 0; i < threads; i++)
			*invalid += pr->invalid[i];
		free(pr->carry);
		pthread_cond_destroy(&pr->turn_cv);
		pthread_mutex_destroy(&pr->mu);
		if (pr->rerr) {
			errno = pr->rerr;
			goto rerr;
		}
		if (pr->failed) {
			rc = PAR_FAILED;
			goto done;
		}
		*info = c->info;
		for (i = 0; i < threads; i++)
			info_add(info, &pr->sum[i]);
		rc = 0;
		goto done;
	}

	/* One thread: the rest of the file through the main reader. */
	if (csvin_feed(c, buf + (c->info.bytes), n - (size_t)c->info.bytes, d) == -1)
		goto done;
	while ((r = read_full(pr->fd, buf, first, -1)) > 0)
		if (csvin_feed(c, buf, (size_t)r, d) == -1)
			goto done;
	if (r == -1)
		goto rerr;
	if (csvin_finish(c, d) == 0)
		rc = 0;
	goto done;
rerr:
	diag_set(d, pr->path, 0, 0, _("read error: %s"), strerror(errno));
	rc = -1;
done:
	*invalid += c->invalid;
	if (rc != 0 || !started)
		*info = c->info;
	free(buf);
	pr->main = NULL;
	csvin_free(c);
	return rc;
}

/* 1 when csvin_read_file's whole-file check would decide from the head
 * alone: a file type, NUL bytes or a BOM in the first read. */
static int
head_decides(const unsigned char *b, size_t n)
{
	return not_text(b, n) || memchr(b, '\0', n) != NULL ||
	    has_prefix(b, n, "\xEF\xBB\xBF", 3) ||
	    has_prefix(b, n, "\xFF\xFE", 2) || has_prefix(b, n, "\xFE\xFF", 2);
}

int
csvin_read_par(const char *path, const struct csvin_opts *opts,
    const struct csvin_par *cp, struct csvin_info *info, struct diag *d)
{
	struct csvin_info in;
	struct par pr;
	struct stat st;
	unsigned char *b;
	long invalid;
	ssize_t r;
	int threads, verdict = -1, spec = 0, rc = -1, tries;

	if (info != NULL)
		memset(info, 0, sizeof *info);
	memset(&pr, 0, sizeof pr);
	if ((pr.fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) == -1)
		return diag_set(d, path, 0, 0, _("cannot open: %s"), strerror(errno));
	if (fstat(pr.fd, &st) == -1) {
		diag_set(d, path, 0, 0, _("cannot stat: %s"), strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_set(d, path, 0, 0, _("is a directory, not a CSV file"));
		goto out;
	}
	pr.path = path;
	pr.opts = opts;
	pr.par = cp;
	pr.block = cp->block ? cp->block : PAR_BLOCK;
	threads = cp->threads < 1 ? 1 : cp->threads > CSVIN_MAX_THREADS ?
	    CSVIN_MAX_THREADS : cp->threads;
	/* Threads pay off from a few blocks on. */
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size < 4 * (uint64_t)pr.block)
		threads = 1;
	if (S_ISREG(st.st_mode) && (opts == NULL ||
	    opts->encoding == CSVIN_ENC_AUTO)) {
		b = xmalloc(CHUNK);
		if ((r = read_full(pr.fd, b, CHUNK, -1)) == -1) {
			free(b);
			diag_set(d, path, 0, 0, _("read error: %s"), strerror(errno));
			goto out;
		}
		spec = !head_decides(b, (size_t)r);
		free(b);
	}
	for (tries = 0; tries < 4; tries++) {
		if (tries > 0 && cp->restart != NULL)
			cp->restart(cp->ctx);
		rc = par_once(&pr, threads, spec ? verdict : -1, &in, &invalid, d);
		if (spec && verdict == -1 && in.encoding == CSVIN_ENC_UTF8 &&
		    in.encoding_detected) {
			/* Read as UTF-8 on the head's word: the whole file must
			 * be, or the records are void. */
			if (invalid > 0) {
				verdict = 0;
				continue;
			}
			if (rc == -1) {
				b = xmalloc(CHUNK + 8);
				if (check_utf8(pr.fd, b, &verdict) == -1)
					verdict = -1;
				free(b);
				if (verdict == 0)
					continue;
			}
		}
		if (rc == PAR_FAILED) {
			threads = 1;
			continue;
		}
		break;
	}
	if (info != NULL)
		*info = in;
out:
	close(pr.fd);
	return rc == 0 ? 0 : -1;
}
