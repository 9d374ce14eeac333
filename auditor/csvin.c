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
 * libcsv keeps the field being read in its own buffer; after every call the
 * reader cuts that buffer back to max_field, so memory stays bounded however
 * long a field is. */
#include "csvin.h"

#include <sys/stat.h>

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
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
	size_t i = 0;
	int k;

	*bad = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = u8_seq(s + i, n - i);
		if (k == 0)
			break;
		if (k < 0) {
			*bad = 1;
			break;
		}
		i += (size_t)k;
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
	size_t i = 0, start = 0, inleft, outleft, r, skip;
	char *in, *out;
	int k, e;

	if (dc->cd == (iconv_t)-1) {
		while (i < n) {
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
		in += used - dc->ncarry;
		n -= used - dc->ncarry;
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
	buf_add(&c->fbuf, s, len);
	buf_addc(&c->fbuf, '\0');
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
			return cerr(c, c->line, 0, "CSV parser: %s",
			    csv_strerror(csv_error(p)));
		col = (long)(c->col + r) + 1;
		if (s[r] == '"')
			return cerr(c, c->line, col, "stray quote in an "
			    "unquoted field: quote the whole field and "
			    "double the quote (\"\")");
		/* libcsv stops on the byte after the quote that closed the
		 * field; point at that quote. */
		if (c->fline != c->line)
			return cerr(c, c->line, col - 1, "stray quote: text "
			    "after the closing quote of the quoted field that "
			    "starts on line %ld (a quote inside quotes must be "
			    "doubled: \"\")", c->fline);
		return cerr(c, c->line, col - 1, "stray quote: text after "
		    "the closing quote of a quoted field (a quote inside "
		    "quotes must be doubled: \"\")");
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
	c->fline = c->line;
	c->fcol = (long)c->col + 1;
}

static int
deliver(struct csvin *c, const char *eol)
{
	size_t i;

	for (i = 0; i < c->nfields; i++)
		c->fptr[i] = c->fbuf.data + c->offs[i];
	c->rec.nfields = c->nfields;
	c->rec.fields = c->fptr;
	c->rec.lens = c->lens;
	c->rec.end_line = c->line;
	c->rec.raw = buf_cstr(&c->raw);
	c->rec.raw_len = c->raw.len;
	c->rec.eol = eol;
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

/* UTF-8 text without NULs, cut into lines. */
static int
text_in(struct csvin *c, const char *s, size_t n)
{
	size_t i;

	while (n > 0) {
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
		for (i = 1; i < n && s[i] != '\r' && s[i] != '\n'; i++)
			continue;
		if (content(c, s, i) == -1)
			return -1;
		s += i;
		n -= i;
	}
	return 0;
}

/* The decoder's sink.  A replacement opens a record if none is open, so
 * the flag lands on the record that holds it.  NUL bytes in text become
 * U+FFFD too: fields are C strings downstream. */
static int
sink_text(void *arg, const char *s, size_t n, int bad)
{
	struct csvin *c = arg;
	const char *z;
	size_t m;

	while (n > 0) {
		z = memchr(s, '\0', n);
		m = z ? (size_t)(z - s) : n;
		if (m > 0 && text_in(c, s, m) == -1)
			return -1;
		if (z == NULL)
			break;
		if (text_in(c, fffd, 3) == -1)
			return -1;
		c->rec.bad_utf8 = 1;
		s += m + 1;
		n -= m + 1;
	}
	if (bad)
		c->rec.bad_utf8 = 1;
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
		return "this is a ZIP file (an .xlsx workbook?), not CSV: "
		    "save it as CSV from Excel";
	if (has_prefix(h, n, "\x1f\x8b", 2))
		return "this is a gzip file, not CSV: decompress it first";
	if (has_prefix(h, n, "%PDF", 4))
		return "this is a PDF document, not CSV";
	if (has_prefix(h, n, "\xD0\xCF\x11\xE0", 4))
		return "this is an old Excel workbook (.xls), not CSV: save "
		    "it as CSV from Excel";
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
		return "UTF-16 text without a byte order mark (NUL in every "
		    "other byte): save it as UTF-8, or name its encoding";
	if (run)
		return "binary data (NUL bytes), not CSV text";
	return NULL;
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
		return cerr(c, 0, 0, "cannot use character %d as the "
		    "delimiter", delim);

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
			return cerr(c, 0, 0, "cannot convert from %s: %s",
			    csvin_enc_name(enc), strerror(errno));
		dec_run(&tmp, h + skip, n - skip, final, sink_buf, &text);
		dec_free(&tmp);
		delim = detect_delim(buf_cstr(&text), text.len, final);
		buf_free(&text);
		c->info.delim_detected = 1;
	}
	c->info.delim = delim;

	if (dec_init(&c->dec, enc) == -1)
		return cerr(c, 0, 0, "cannot convert from %s: %s",
		    csvin_enc_name(enc), strerror(errno));
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_space_func(&c->p, no_space);
	csv_set_delim(&c->p, (unsigned char)delim);
	csv_set_realloc_func(&c->p, xrealloc);
	csv_set_blk_size(&c->p, 16384);
	c->p_ready = 1;

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
		cerr(c, 0, 0, "internal error: input after its end");
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
		cerr(c, c->fline, c->fcol, "unclosed quote in the field that "
		    "starts on line %ld: it runs to the end of the input",
		    c->fline);
		return fail(c, d);
	}
	if (c->row_done && deliver(c, "") == -1)
		return fail(c, d);
	return 0;
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
	free(c->offs);
	free(c->lens);
	free(c->fptr);
	free(c->name);
	free(c);
}

/* Reads up to n bytes, fewer only at the end of input. */
static ssize_t
read_full(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, p + got, n - got);
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
		if ((r = read_full(fd, b + have, CHUNK)) == -1)
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
		return diag_set(d, path, 0, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(fd, &st) == -1) {
		diag_set(d, path, 0, 0, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_set(d, path, 0, 0, "is a directory, not a CSV file");
		goto out;
	}
	c = csvin_new(path, opts, cb, arg);
	b = xmalloc(CHUNK + 8);
	if (S_ISREG(st.st_mode) && c->opts.encoding == CSVIN_ENC_AUTO &&
	    check_utf8(fd, b, &c->whole_utf8) == -1)
		diag_set(d, path, 0, 0, "read error: %s", strerror(errno));
	else {
		while ((r = read_full(fd, b, CHUNK)) > 0)
			if (csvin_feed(c, b, (size_t)r, d) == -1)
				break;
		if (r == -1)
			diag_set(d, path, 0, 0, "read error: %s",
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
