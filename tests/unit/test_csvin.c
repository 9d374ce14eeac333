/* Unit tests for csvin: line ends and numbers, quoting, BOM and encodings,
 * delimiter detection, refusals, parse errors with line and column, caps,
 * and the same records however the input is cut into chunks. */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "csvin.h"

/* ---- rendering records as text to compare ---- */

struct out {
	struct buf	 b;	/* the records, one a line */
	int		 full;	/* also raw bytes and line end */
	int		 stop_at; /* return -1 on this record (1-based); 0: never */
	long		 n;
};

static void
esc(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		case '\0':
			buf_adds(b, "\\0");
			break;
		default:
			buf_addc(b, s[i]);
		}
	}
}

static int
collect(const struct csvin_record *r, void *arg)
{
	struct out *o = arg;
	size_t i;

	o->n++;
	if (o->b.len > 0)
		buf_addc(&o->b, '\n');
	buf_printf(&o->b, "%ld", r->line);
	if (r->end_line != r->line)
		buf_printf(&o->b, "-%ld", r->end_line);
	buf_addc(&o->b, ':');
	for (i = 0; i < r->nfields; i++) {
		if (i > 0)
			buf_addc(&o->b, '|');
		esc(&o->b, r->fields[i], r->lens[i]);
		/* fields are NUL-terminated */
		if (r->fields[i][r->lens[i]] != '\0')
			buf_adds(&o->b, "<no NUL>");
	}
	if (r->truncated)
		buf_adds(&o->b, " !t");
	if (r->bad_utf8)
		buf_adds(&o->b, " !u");
	if (r->too_many)
		buf_adds(&o->b, " !m");
	if (r->raw_truncated)
		buf_adds(&o->b, " !r");
	if (o->full) {
		buf_adds(&o->b, " raw=");
		esc(&o->b, r->raw, r->raw_len);
		buf_adds(&o->b, " eol=");
		esc(&o->b, r->eol, strlen(r->eol));
	}
	if (o->stop_at > 0 && o->n == o->stop_at)
		return -1;
	return 0;
}

/* Feeds in[0..len) in chunks of size step (0: one piece) and renders it. */
static int
run(const char *in, size_t len, const struct csvin_opts *opts, size_t step,
    int full, struct buf *rendered, struct csvin_info *info, struct diag *d)
{
	struct out o = { BUF_INIT(0), full, 0, 0 };
	struct csvin *c;
	size_t off, n;
	char *chunk;
	int rc = 0;

	memset(d, 0, sizeof *d);
	c = csvin_new("t.csv", opts, collect, &o);
	for (off = 0; off < len && rc == 0; off += n) {
		n = step == 0 || len - off < step ? len - off : step;
		/* Each chunk in a buffer of its own, spoilt after use: the
		 * reader must keep what it needs, and read nothing else. */
		chunk = malloc(n);
		assert_non_null(chunk);
		memcpy(chunk, in + off, n);
		rc = csvin_feed(c, chunk, n, d);
		memset(chunk, '#', n);
		free(chunk);
	}
	if (rc == 0)
		rc = csvin_finish(c, d);
	if (info != NULL)
		*info = *csvin_info(c);
	csvin_free(c);
	*rendered = o.b;
	return rc;
}

/* ---- the table ---- */

struct tcase {
	const char	*name;
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	int		 delim;		/* opts */
	enum csvin_enc	 enc;
	size_t		 max_field;
	const char	*want;		/* records rendered */
	int		 want_delim;	/* 0: do not check */
	enum csvin_enc	 want_enc;	/* CSVIN_ENC_AUTO: do not check */
	long		 lines, blank;	/* -1: do not check */
	int		 bom;
};

#define L(s)	s, sizeof(s) - 1	/* a literal that may hold NUL bytes */

static const struct tcase cases[] = {
	{ "LF", "a,b\n1,2\n", 0, 0, 0, 0, "1:a|b\n2:1|2", ',', CSVIN_ENC_UTF8,
	    2, 0, 0 },
	{ "CRLF", "a,b\r\n1,2\r\n", 0, 0, 0, 0, "1:a|b\n2:1|2", ',', 0, 2, 0, 0 },
	{ "CR only", "a,b\r1,2\r", 0, 0, 0, 0, "1:a|b\n2:1|2", ',', 0, 2, 0, 0 },
	{ "no final line end", "a,b\n1,2", 0, 0, 0, 0, "1:a|b\n2:1|2", ',', 0,
	    2, 0, 0 },
	{ "mixed line ends, blank lines", "a,b\n\n1,2\r\n\r\n\r3,4\r\r\n5,6",
	    0, 0, 0, 0, "1:a|b\n3:1|2\n6:3|4\n8:5|6", ',', 0, 8, 4, 0 },
	{ "blank lines first", "\n\r\n\rh1,h2\n", 0, 0, 0, 0, "4:h1|h2", ',',
	    0, 4, 3, 0 },
	{ "empty input", "", 0, 0, 0, 0, "", ',', CSVIN_ENC_UTF8, 0, 0, 0 },
	{ "only a line end", "\n", 0, 0, 0, 0, "", ',', 0, 1, 1, 0 },
	{ "UTF-8 BOM", "\xEF\xBB\xBF" "foo,bar\n1,\xCA\xA4\n", 0, 0, 0, 0,
	    "1:foo|bar\n2:1|\xCA\xA4", ',', CSVIN_ENC_UTF8, 2, 0, 1 },
	{ "quoted delimiter, quotes, line break",
	    "a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\nlast,1\n",
	    0, 0, 0, 0,
	    "1:a|b\n2:x,y|he said \"hi\"\n3-4:multi\\nline|z\n5:last|1", ',', 0,
	    5, 0, 0 },
	{ "CRLF kept inside quotes", "a,b\r\n\"1\r\n\r\n2\",3\r\n4,5\r\n", 0, 0,
	    0, 0, "1:a|b\n2-4:1\\r\\n\\r\\n2|3\n5:4|5", ',', 0, 5, 0, 0 },
	{ "lone CR inside quotes", "a\r\"x\ry\"\rb\r", 0, ',', CSVIN_ENC_UTF8, 0,
	    "1:a\n2-3:x\\ry\n4:b", 0, 0, 4, 0, 0 },
	{ "trailing delimiter", "a,b,\n1,2,\n", 0, 0, 0, 0, "1:a|b|\n2:1|2|",
	    ',', 0, 2, 0, 0 },
	{ "empty fields", ",\n,,\n\"\"\n", 0, ',', CSVIN_ENC_UTF8, 0, "1:|\n2:||\n3:", 0, 0,
	    3, 0, 0 },
	{ "spaces kept, whole", " a , b \n", 0, ',', 0, 0, "1: a | b ", 0, 0,
	    1, 0, 0 },
	{ "a line of spaces is a record", "a\n   \nb\n", 0, ',', 0, 0,
	    "1:a\n2:   \n3:b", 0, 0, 3, 0, 0 },
	{ "semicolon (European Excel)", "Name;Amount;Note\nBob;1,5;x\n"
	    "Al;2,25;y, z\nCy;3;\n", 0, 0, 0, 0,
	    "1:Name|Amount|Note\n2:Bob|1,5|x\n3:Al|2,25|y, z\n4:Cy|3|", ';', 0,
	    4, 0, 0 },
	{ "tab", "a\tb\tc\n1\t2,5\t3\n", 0, 0, 0, 0, "1:a|b|c\n2:1|2,5|3",
	    '\t', 0, 2, 0, 0 },
	{ "pipe", "a|b\n1|2\n", 0, 0, 0, 0, "1:a|b\n2:1|2", '|', 0, 2, 0, 0 },
	{ "comma wins a tie", "a,b;c\n1,2;3\n", 0, 0, 0, 0, "1:a|b;c\n2:1|2;3",
	    ',', 0, 2, 0, 0 },
	{ "one column: comma", "abc\ndef\n", 0, 0, 0, 0, "1:abc\n2:def", ',',
	    0, 2, 0, 0 },
	{ "delimiter given", "a;b,c\n", 0, ';', 0, 0, "1:a|b,c", ';', 0, 1, 0,
	    0 },
	{ "cp1252 detected", "name,city\nRen\xE9,K\xF6ln \x80\n", 0, 0, 0, 0,
	    "1:name|city\n2:Ren\xC3\xA9|K\xC3\xB6ln \xE2\x82\xAC", ',',
	    CSVIN_ENC_CP1252, 2, 0, 0 },
	{ "cp1252 undefined byte", "a,b\nx\x81y,\xE9\n", 0, 0, 0, 0,
	    "1:a|b\n2:x\xEF\xBF\xBDy|\xC3\xA9 !u", ',', CSVIN_ENC_CP1252, 2, 0,
	    0 },
	{ "latin1 given", "a,b\n\x80,\xA9\n", 0, 0, CSVIN_ENC_LATIN1, 0,
	    "1:a|b\n2:\xC2\x80|\xC2\xA9", ',', CSVIN_ENC_LATIN1, 2, 0, 0 },
	{ "UTF-8 given, invalid bytes", "a,b\n\xFF,ok\n\xE2\x82,\xED\xA0\x80\n",
	    0, 0, CSVIN_ENC_UTF8, 0,
	    "1:a|b\n2:\xEF\xBF\xBD|ok !u\n"
	    "3:\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD !u", ',',
	    CSVIN_ENC_UTF8, 3, 0, 0 },
	{ "UTF-8 cut at the end", "a,\xE2\x82", 0, 0, CSVIN_ENC_UTF8, 0,
	    "1:a|\xEF\xBF\xBD !u", ',', CSVIN_ENC_UTF8, 1, 0, 0 },
	{ "UTF-16LE with BOM", L("\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0\xA4\x02\n\0"),
	    0, 0, 0, "1:a|b\n2:1|\xCA\xA4", ',', CSVIN_ENC_UTF16LE, 2, 0, 1 },
	{ "UTF-16BE with BOM", L("\xFE\xFF" "\0a\0;\0b\0\r\0\n" "\0" "1\0;\xD8\x3D"
	    "\xDE\x00"), 0, 0, 0, "1:a|b\n2:1|\xF0\x9F\x98\x80", ';',
	    CSVIN_ENC_UTF16BE, 2, 0, 1 },
	{ "UTF-16LE lone surrogate", L("\xFF\xFE" "a\0,\0\x00\xDC" "b\0\n\0"), 0,
	    0, 0, "1:a|\xEF\xBF\xBD" "b !u", ',', CSVIN_ENC_UTF16LE, 1, 0, 1 },
	{ "UTF-16LE odd byte at the end", L("\xFF\xFE" "a\0,\0b\0x"), 0, 0, 0,
	    "1:a|b\xEF\xBF\xBD !u", ',', CSVIN_ENC_UTF16LE, 1, 0, 1 },
	{ "lone NUL is data, flagged", L("a,b,c\n\0,2,3\n"), 0, 0, 0,
	    "1:a|b|c\n2:\xEF\xBF\xBD|2|3 !u", ',', CSVIN_ENC_UTF8, 2, 0, 0 },
	{ "truncated field", "abcdefgh,xy\n", 0, ',', CSVIN_ENC_UTF8, 4, "1:abcd|xy !t", 0, 0,
	    1, 0, 0 },
	{ "field of exactly max_field", "abcd,\"wxyz\"\n", 0, ',',
	    CSVIN_ENC_UTF8, 4,
	    "1:abcd|wxyz", 0, 0, 1, 0, 0 },
	{ "truncated quoted field", "\"ab\"\"cdef\",x\n", 0, ',',
	    CSVIN_ENC_UTF8, 4,
	    "1:ab\"c|x !t", 0, 0, 1, 0, 0 },
	{ "truncation keeps whole characters", "\xC3\xA9\xC3\xA9\xC3\xA9,"
	    "\xE2\x82\xAC\xE2\x82\xAC\n", 0, ',', CSVIN_ENC_UTF8, 5,
	    "1:\xC3\xA9\xC3\xA9|\xE2\x82\xAC !t", 0, 0, 1, 0, 0 },
	{ "truncated field over lines", "\"a\nb\nc\nd\ne\",1\n", 0, ',',
	    CSVIN_ENC_UTF8, 3,
	    "1-5:a\\nb|1 !t", 0, 0, 5, 0, 0 },
};

static void
check_case(const struct tcase *t)
{
	struct csvin_opts o = { t->delim, t->enc, t->max_field, 0 };
	struct csvin_info info;
	struct diag d;
	struct buf got, ref, alt;
	size_t len = t->len ? t->len : strlen(t->in);
	static const size_t steps[] = { 1, 2, 3, 5, 7, 64 };
	static const size_t heads[] = { 0, 1, 3, 16 };
	struct buf full;
	size_t i, h;
	int rc;

	rc = run(t->in, len, &o, 0, 0, &got, &info, &d);
	if (rc != 0) {
		print_error("%s: error %ld:%ld: %s\n", t->name, d.line, d.col,
		    d.msg);
		fail();
	}
	if (strcmp(buf_cstr(&got), t->want) != 0) {
		print_error("%s:\n got: %s\nwant: %s\n", t->name,
		    buf_cstr(&got), t->want);
		fail();
	}
	if (t->want_delim)
		assert_int_equal(info.delim, t->want_delim);
	assert_int_equal(info.delim_detected, t->delim == 0);
	if (t->want_enc != CSVIN_ENC_AUTO)
		assert_int_equal(info.encoding, t->want_enc);
	if (t->lines >= 0)
		assert_int_equal(info.lines, t->lines);
	if (t->blank >= 0)
		assert_int_equal(info.blank_lines, t->blank);
	assert_int_equal(info.bom, t->bom);
	assert_int_equal(info.bytes, len);
	buf_free(&got);
	run(t->in, len, &o, 0, 1, &full, NULL, &d);

	/* The same records, raw bytes and line ends however it is fed.  A
	 * small head makes the chunks reach libcsv as they come. */
	for (h = 0; h < sizeof heads / sizeof heads[0]; h++) {
		o.head = heads[h];
		run(t->in, len, &o, 0, 1, &ref, NULL, &d);
		for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
			rc = run(t->in, len, &o, steps[i], 1, &alt, NULL, &d);
			if (rc != 0 || strcmp(buf_cstr(&alt),
			    buf_cstr(&ref)) != 0) {
				print_error("%s: head %zu, chunks of %zu:\n"
				    " got: %s\nwant: %s\n", t->name, heads[h],
				    steps[i], buf_cstr(&alt), buf_cstr(&ref));
				fail();
			}
			buf_free(&alt);
		}
		/* Given delimiter and encoding, the head size changes
		 * nothing. */
		if (t->delim != 0 && t->enc != CSVIN_ENC_AUTO &&
		    strcmp(buf_cstr(&ref), buf_cstr(&full)) != 0) {
			print_error("%s: head %zu:\n got: %s\nwant: %s\n",
			    t->name, heads[h], buf_cstr(&ref), buf_cstr(&full));
			fail();
		}
		buf_free(&ref);
	}
	buf_free(&full);
}

static void
test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(&cases[i]);
}

/* ---- raw bytes and line ends ---- */

static void
test_raw(void **state)
{
	static const char in[] = "a, b ,\"c\"\"d\"\r\n\"x\ny\",z\nlast";
	struct buf got;
	struct diag d;

	(void)state;
	assert_int_equal(run(in, sizeof in - 1, NULL, 0, 1, &got, NULL, &d), 0);
	assert_string_equal(buf_cstr(&got),
	    "1:a| b |c\"d raw=a, b ,\"c\"\"d\" eol=\\r\\n\n"
	    "2-3:x\\ny|z raw=\"x\\ny\",z eol=\\n\n"
	    "4:last raw=last eol=");
	buf_free(&got);
}

/* A CRLF whose halves come in two feeds is one line end. */
static void
test_crlf_split(void **state)
{
	struct out o = { BUF_INIT(0), 1, 0, 0 };
	struct csvin *c;
	struct diag d;

	(void)state;
	c = csvin_new("t", NULL, collect, &o);
	assert_int_equal(csvin_feed(c, "a,b\r", 4, &d), 0);
	assert_int_equal(csvin_feed(c, "\n1,2\r", 5, &d), 0);
	assert_int_equal(csvin_feed(c, "\n\r", 2, &d), 0);
	assert_int_equal(csvin_feed(c, "\n3,4", 4, &d), 0);
	assert_int_equal(csvin_finish(c, &d), 0);
	assert_string_equal(buf_cstr(&o.b),
	    "1:a|b raw=a,b eol=\\r\\n\n2:1|2 raw=1,2 eol=\\r\\n\n"
	    "4:3|4 raw=3,4 eol=");
	assert_int_equal(csvin_info(c)->lines, 4);
	assert_int_equal(csvin_info(c)->blank_lines, 1);
	assert_string_equal(csvin_info(c)->eol, "\r\n");
	assert_int_equal(csvin_info(c)->records, 3);
	csvin_free(c);
	buf_free(&o.b);
}

/* ---- errors ---- */

struct ecase {
	const char	*name;
	const char	*in;
	size_t		 len;
	long		 line, col;
	const char	*msg;		/* a part of the message */
	const char	*before;	/* records delivered before the error */
};

static const struct ecase ecases[] = {
	{ "stray quote in unquoted field", L("a,b\nab\"c,d\ne,f\n"), 2, 3,
	    "stray quote", "1:a|b" },
	{ "text after closing quote", L("a,b\n\"ab\"c,d\n"), 2, 4,
	    "stray quote", "1:a|b" },
	{ "stray quote after a quoted line break", L("a,b\n1,\"x\ny\"z,1\n"),
	    3, 2, "field that starts on line 2", "1:a|b" },
	{ "unclosed quote at EOF", L("a,b\n1,\"x\n2,3\n4,5\n"), 2, 3,
	    "unclosed quote in the field that starts on line 2", "1:a|b" },
	{ "unclosed quote, first field", L("\"abc"), 1, 1,
	    "unclosed quote in the field that starts on line 1", "" },
	{ "space after closing quote", L("\"x\" ,y\n"), 1, 3, "stray quote",
	    "" },
	{ "column counts bytes after CRLF", L("h\r\n\xC3\xA9x\"\r\n"), 2, 4,
	    "stray quote", "1:h" },
	{ "zip", L("PK\3\4\24\0\6\0" "a,b\n"), 0, 0, "ZIP file (an .xlsx", "" },
	{ "gzip", L("\x1f\x8b\x08\0\0\0"), 0, 0, "gzip", "" },
	{ "pdf", L("%PDF-1.4\n"), 0, 0, "PDF", "" },
	{ "xls", L("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), 0, 0, "Excel", "" },
	{ "NUL binary", L("a,b\n\0\0\0\0\1\2"), 0, 0,
	    "binary data (NUL bytes), not CSV text", "" },
	{ "UTF-16 without BOM", L("a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0"), 0, 0,
	    "UTF-16", "" },
};

static void
test_errors(void **state)
{
	static const size_t steps[] = { 0, 1, 3 };
	struct csvin_opts o = { ',', CSVIN_ENC_AUTO, 0, 0 };
	const struct ecase *e;
	struct buf got;
	struct diag d;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof ecases / sizeof ecases[0]; i++) {
		e = &ecases[i];
		/* Parse errors again with the text reaching libcsv in the
		 * pieces it was fed in (a head of 1 byte). */
		for (j = 0; j < 2 * sizeof steps / sizeof steps[0]; j++) {
			o.head = j < 3 ? 0 : 1;
			if (o.head == 1 && e->line == 0)
				break;
			if (run(e->in, e->len, &o, steps[j % 3], 0, &got, NULL,
			    &d) != -1) {
				print_error("%s: no error\n", e->name);
				fail();
			}
			if (d.line != e->line || d.col != e->col ||
			    strstr(d.msg, e->msg) == NULL ||
			    strcmp(d.file, "t.csv") != 0 ||
			    strcmp(buf_cstr(&got), e->before) != 0) {
				print_error("%s (step %zu): got %s:%ld:%ld: %s "
				    "after [%s]\n", e->name, steps[j % 3], d.file,
				    d.line, d.col, d.msg, buf_cstr(&got));
				fail();
			}
			buf_free(&got);
		}
	}
}

/* After an error, the reader keeps failing with the same diagnostic. */
static void
test_error_sticks(void **state)
{
	struct csvin *c;
	struct diag d, d2;

	(void)state;
	c = csvin_new("t", NULL, NULL, NULL);
	assert_int_equal(csvin_feed(c, "a\"b\n", 4, &d), 0);
	assert_int_equal(csvin_finish(c, &d), -1);
	assert_int_equal(csvin_finish(c, &d2), -1);
	assert_string_equal(d.msg, d2.msg);
	assert_int_equal(d2.line, 1);
	assert_int_equal(d2.col, 2);
	csvin_free(c);
}

/* The callback stops the run with -1 and the reader passes it on. */
static void
test_callback_stop(void **state)
{
	struct out o = { BUF_INIT(0), 0, 2, 0 };
	struct diag d;

	(void)state;
	memset(&d, 0, sizeof d);
	assert_int_equal(csvin_read_mem("t", "a\nb\nc\n", 6, NULL, collect, &o,
	    NULL, &d), -1);
	assert_int_equal(o.n, 2);
	assert_string_equal(d.msg, "");
	buf_free(&o.b);
}

/* ---- caps ---- */

static void
test_too_many_fields(void **state)
{
	struct out o = { BUF_INIT(0), 0, 0, 0 };
	struct csvin_info info;
	struct buf in = BUF_INIT(0);
	struct diag d;
	size_t i;

	(void)state;
	for (i = 0; i < CSVIN_MAX_FIELDS + 10; i++)
		buf_adds(&in, "x,");
	buf_adds(&in, "end\na,b\n");
	assert_int_equal(csvin_read_mem("t", in.data, in.len, NULL, collect,
	    &o, &info, &d), 0);
	assert_int_equal(info.records, 2);
	assert_non_null(strstr(buf_cstr(&o.b), "|x !m\n2:a|b"));
	buf_free(&in);
	buf_free(&o.b);
}

struct big {
	long	 n;
	size_t	 len0;
	int	 trunc;
};

static int
big_cb(const struct csvin_record *r, void *arg)
{
	struct big *b = arg;

	if (b->n++ == 0) {
		b->len0 = r->lens[0];
		b->trunc = r->truncated;
	}
	return 0;
}

/* A record of 20 fields of 1 MiB passes the 16 MiB record cap: later
 * fields are cut to nothing and the raw bytes are cut too. */
static int
rec_cap_cb(const struct csvin_record *r, void *arg)
{
	struct big *b = arg;
	size_t i, total = 0;

	if (b->n++ == 0) {
		for (i = 0; i < r->nfields; i++)
			total += r->lens[i];
		assert_int_equal(r->nfields, 20);
		assert_true(total <= CSVIN_MAX_RECORD);
		assert_true(total > CSVIN_MAX_RECORD - CSVIN_MAX_FIELD - 20);
		assert_int_equal(r->lens[19], 0);
		assert_int_equal(r->truncated, 1);
		assert_int_equal(r->raw_truncated, 1);
		assert_int_equal(r->raw_len, CSVIN_MAX_RECORD);
		b->len0 = r->lens[0];
	} else {
		assert_int_equal(r->raw_len, 3);
		assert_memory_equal(r->raw, "1,2", 3);
		assert_int_equal(r->raw_truncated, 0);
		assert_int_equal(r->truncated, 0);
	}
	return 0;
}

static void
test_record_cap(void **state)
{
	struct big b = { 0, 0, 0 };
	struct csvin *c;
	struct diag d;
	char *chunk;
	size_t i, n = 64 * 1024;

	(void)state;
	chunk = malloc(n);
	assert_non_null(chunk);
	memset(chunk, 'y', n);
	c = csvin_new("t", NULL, rec_cap_cb, &b);
	for (i = 0; i < 20 * 16; i++) {
		assert_int_equal(csvin_feed(c, chunk, n, &d), 0);
		if (i % 16 == 15)
			assert_int_equal(csvin_feed(c, i == 20 * 16 - 1 ?
			    "\n" : ",", 1, &d), 0);
	}
	assert_int_equal(csvin_feed(c, "1,2\n", 4, &d), 0);
	assert_int_equal(csvin_finish(c, &d), 0);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.len0, CSVIN_MAX_FIELD);
	csvin_free(c);
	free(chunk);
}

/* The raw bytes of a record csvin's fast path takes whole from the text
 * fed are those very bytes: a reader finds the record in its buffer by
 * pointer (linkx does).  Every record's raw bytes are its own, in place or
 * not, and with no line end. */
struct inplace {
	const char	*buf;
	size_t		 len, at;	/* the next record's offset */
	long		 n, in_place;
};

static int
inplace_cb(const struct csvin_record *r, void *arg)
{
	struct inplace *p = arg;
	uintptr_t rb = (uintptr_t)r->raw, b = (uintptr_t)p->buf;

	assert_true(p->at + r->raw_len <= p->len);
	assert_memory_equal(r->raw, p->buf + p->at, r->raw_len);
	if (rb >= b && rb - b < p->len) {
		assert_int_equal(rb - b, p->at);
		p->in_place++;
	}
	p->at += r->raw_len + strlen(r->eol);
	p->n++;
	return 0;
}

static void
test_raw_in_place(void **state)
{
	struct buf in = BUF_INIT(0);
	struct inplace p = { NULL, 0, 0, 0, 0 };
	struct diag d;
	long i;

	(void)state;
	buf_adds(&in, "id,name,notes\r\n");
	for (i = 0; i < 20000; i++)
		buf_printf(&in, i % 7 == 3 ? "%ld,\"n, %ld\",\"a \"\"q\"\"\"\r\n" :
		    "%ld,name %ld,\r\n", i, i);
	p.buf = in.data;
	p.len = in.len;
	assert_int_equal(csvin_read_mem("t.csv", in.data, in.len, NULL, inplace_cb,
	    &p, NULL, &d), 0);
	assert_int_equal(p.n, 20001);
	assert_int_equal(p.at, in.len);
	assert_true(p.in_place > 15000);	/* all but the head's */
	buf_free(&in);
}

/* A 5 MiB field, fed in 64 KiB chunks: cut to the default 1 MiB. */
static void
test_huge_field(void **state)
{
	struct big b = { 0, 0, 0 };
	struct csvin *c;
	struct diag d;
	char *chunk;
	size_t i, n = 64 * 1024;

	(void)state;
	chunk = malloc(n);
	assert_non_null(chunk);
	memset(chunk, 'x', n);
	c = csvin_new("t", NULL, big_cb, &b);
	assert_int_equal(csvin_feed(c, "\"", 1, &d), 0);
	for (i = 0; i < 80; i++)
		assert_int_equal(csvin_feed(c, chunk, n, &d), 0);
	assert_int_equal(csvin_feed(c, "\",y\n1,2\n", 8, &d), 0);
	assert_int_equal(csvin_finish(c, &d), 0);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.len0, CSVIN_MAX_FIELD);
	assert_int_equal(b.trunc, 1);
	csvin_free(c);
	free(chunk);
}

/* ---- files ---- */

static char *
tmpfile_with(const char *data, size_t len)
{
	char *path = strdup("/tmp/test_csvin.XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* A cp1252 byte after the first 64 KiB: the file is checked whole, while a
 * stream decides on its head and replaces the byte. */
static void
test_cp1252_late(void **state)
{
	struct out o = { BUF_INIT(0), 0, 0, 0 };
	struct csvin_info info;
	struct buf in = BUF_INIT(0);
	struct diag d;
	char *path;
	long i;

	(void)state;
	buf_adds(&in, "name,city\n");
	for (i = 0; i < 6000; i++)
		buf_printf(&in, "row%ld,Paris\n", i);
	buf_adds(&in, "Ren\xE9,K\xF6ln\n");
	assert_true(in.len > 70000);
	path = tmpfile_with(in.data, in.len);
	assert_int_equal(csvin_read_file(path, NULL, collect, &o, &info, &d), 0);
	assert_int_equal(info.encoding, CSVIN_ENC_CP1252);
	assert_int_equal(info.encoding_detected, 1);
	assert_int_equal(info.bytes, in.len);
	assert_int_equal(info.records, 6002);
	assert_int_equal(info.bad_utf8_records, 0);
	assert_non_null(strstr(buf_cstr(&o.b), "\n6002:Ren\xC3\xA9|K\xC3\xB6ln"));
	buf_free(&o.b);

	memset(&o, 0, sizeof o);
	assert_int_equal(csvin_read_mem("-", in.data, in.len, NULL, collect, &o,
	    &info, &d), 0);
	assert_int_equal(info.encoding, CSVIN_ENC_UTF8);
	assert_int_equal(info.bad_utf8_records, 1);
	assert_non_null(strstr(buf_cstr(&o.b),
	    "\n6002:Ren\xEF\xBF\xBD|K\xEF\xBF\xBDln !u"));
	buf_free(&o.b);

	/* Valid UTF-8 throughout stays UTF-8. */
	buf_reset(&in);
	for (i = 0; i < 8000; i++)
		buf_adds(&in, "Ren\xC3\xA9,K\xC3\xB6ln\n");
	unlink(path);
	free(path);
	path = tmpfile_with(in.data, in.len);
	assert_int_equal(csvin_read_file(path, NULL, NULL, NULL, &info, &d), 0);
	assert_int_equal(info.encoding, CSVIN_ENC_UTF8);
	assert_int_equal(info.records, 8000);
	assert_int_equal(info.bytes, in.len);
	unlink(path);
	free(path);
	buf_free(&in);
}

static void
test_file_refusals(void **state)
{
	struct csvin_info info;
	struct diag d;
	char dir[] = "/tmp/test_csvin_dir.XXXXXX";
	char *path;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(csvin_read_file(dir, NULL, NULL, NULL, NULL, &d), -1);
	assert_non_null(strstr(d.msg, "directory"));
	assert_int_equal(d.line, 0);
	rmdir(dir);

	assert_int_equal(csvin_read_file("/nonexistent/x.csv", NULL, NULL, NULL,
	    NULL, &d), -1);
	assert_string_equal(d.file, "/nonexistent/x.csv");

	/* 1 GiB of zeros, sparse: refused from its head. */
	path = tmpfile_with("", 0);
	fd = open(path, O_WRONLY);
	assert_true(fd != -1);
	assert_int_equal(ftruncate(fd, (off_t)1 << 30), 0);
	close(fd);
	memset(&info, 0, sizeof info);
	assert_int_equal(csvin_read_file(path, NULL, NULL, NULL, &info, &d), -1);
	assert_string_equal(d.msg, "binary data (NUL bytes), not CSV text");
	assert_int_equal(d.line, 0);
	assert_true(info.bytes <= 64 * 1024);
	unlink(path);
	free(path);

	path = tmpfile_with("PK\3\4\24\0\6\0\10\0", 10);
	assert_int_equal(csvin_read_file(path, NULL, NULL, NULL, NULL, &d), -1);
	assert_string_equal(d.msg, "this is a ZIP file (an .xlsx workbook?), "
	    "not CSV: save it as CSV from Excel");
	unlink(path);
	free(path);

	/* Empty file: no records, no error. */
	path = tmpfile_with("", 0);
	assert_int_equal(csvin_read_file(path, NULL, NULL, NULL, &info, &d), 0);
	assert_int_equal(info.records, 0);
	assert_int_equal(info.bytes, 0);
	unlink(path);
	free(path);
}

/* A FIFO is read like a stream. */
static void
test_fifo(void **state)
{
	struct out o = { BUF_INIT(0), 0, 0, 0 };
	struct csvin_info info;
	struct diag d;
	char dir[] = "/tmp/test_csvin_fifo.XXXXXX", path[64];
	pid_t pid;
	int fd, st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/f", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		fd = open(path, O_WRONLY);
		if (fd == -1 || write(fd, "a;b\r\n1;\xE9\r\n", 10) != 10)
			_exit(1);
		_exit(0);
	}
	assert_int_equal(csvin_read_file(path, NULL, collect, &o, &info, &d), 0);
	waitpid(pid, &st, 0);
	assert_int_equal(st, 0);
	assert_string_equal(buf_cstr(&o.b), "1:a|b\n2:1|\xC3\xA9");
	assert_int_equal(info.encoding, CSVIN_ENC_CP1252);
	assert_int_equal(info.delim, ';');
	assert_int_equal(info.bytes, 10);
	unlink(path);
	rmdir(dir);
	buf_free(&o.b);
}

/* Standard input is "-". */
static void
test_stdin(void **state)
{
	struct out o = { BUF_INIT(0), 0, 0, 0 };
	struct csvin_info info;
	struct diag d;
	char *path;
	int p[2], saved, fd;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "x|y\nz|w\n", 8), 8);
	close(p[1]);
	saved = dup(0);
	assert_int_equal(dup2(p[0], 0), 0);
	close(p[0]);
	assert_int_equal(csvin_read_file("-", NULL, collect, &o, &info, &d), 0);
	dup2(saved, 0);
	close(saved);
	assert_string_equal(buf_cstr(&o.b), "1:x|y\n2:z|w");
	assert_int_equal(info.delim, '|');
	buf_free(&o.b);

	/* Standard input from a file, already read in part: the whole-file
	 * check goes back to where it was, not to the file's start. */
	memset(&o, 0, sizeof o);
	path = tmpfile_with("junk\nx;\xE9\n", 9);
	fd = open(path, O_RDONLY);
	assert_true(fd != -1);
	assert_int_equal(lseek(fd, 5, SEEK_SET), 5);
	saved = dup(0);
	assert_int_equal(dup2(fd, 0), 0);
	close(fd);
	assert_int_equal(csvin_read_file("-", NULL, collect, &o, &info, &d), 0);
	dup2(saved, 0);
	close(saved);
	assert_string_equal(buf_cstr(&o.b), "1:x|\xC3\xA9");
	assert_int_equal(info.bytes, 4);
	assert_int_equal(info.encoding, CSVIN_ENC_CP1252);
	unlink(path);
	free(path);
	buf_free(&o.b);
}

/* Delimiter detection looks at the first records only, and a header with
 * more columns than a wrongly split data row does not fool it. */
static void
test_detect_many(void **state)
{
	struct csvin_info info;
	struct buf in = BUF_INIT(0);
	struct diag d;
	int i;

	(void)state;
	buf_adds(&in, "Name;Street, No;City\n");
	for (i = 0; i < 30; i++)
		buf_printf(&in, "P%d;Main St, %d;Town\n", i, i);
	assert_int_equal(csvin_read_mem("t", in.data, in.len, NULL, NULL, NULL,
	    &info, &d), 0);
	assert_int_equal(info.delim, ';');
	assert_int_equal(info.records, 31);
	buf_free(&in);
}

/* ---- names ---- */

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(csvin_enc_name(CSVIN_ENC_UTF8), "utf-8");
	assert_string_equal(csvin_enc_name(CSVIN_ENC_CP1252), "windows-1252");
	assert_string_equal(csvin_enc_name(CSVIN_ENC_UTF16LE), "utf-16le");
	assert_string_equal(csvin_enc_name(CSVIN_ENC_UTF16BE), "utf-16be");
	assert_string_equal(csvin_enc_name(CSVIN_ENC_LATIN1), "iso-8859-1");
	assert_int_equal(csvin_enc_parse("utf8"), CSVIN_ENC_UTF8);
	assert_int_equal(csvin_enc_parse("UTF-8"), CSVIN_ENC_UTF8);
	assert_int_equal(csvin_enc_parse("cp1252"), CSVIN_ENC_CP1252);
	assert_int_equal(csvin_enc_parse("Windows-1252"), CSVIN_ENC_CP1252);
	assert_int_equal(csvin_enc_parse("latin1"), CSVIN_ENC_LATIN1);
	assert_int_equal(csvin_enc_parse("ISO-8859-1"), CSVIN_ENC_LATIN1);
	assert_int_equal(csvin_enc_parse("utf-16le"), CSVIN_ENC_UTF16LE);
	assert_int_equal(csvin_enc_parse("UTF16BE"), CSVIN_ENC_UTF16BE);
	assert_int_equal(csvin_enc_parse("auto"), CSVIN_ENC_AUTO);
	assert_int_equal(csvin_enc_parse("ebcdic"), -1);
	assert_int_equal(csvin_enc_parse(""), -1);
	assert_string_equal(csvin_delim_name(','), "comma");
	assert_string_equal(csvin_delim_name(';'), "semicolon");
	assert_string_equal(csvin_delim_name('\t'), "tab");
	assert_string_equal(csvin_delim_name('|'), "pipe");
	assert_int_equal(csvin_delim_parse("comma"), ',');
	assert_int_equal(csvin_delim_parse(","), ',');
	assert_int_equal(csvin_delim_parse("Semicolon"), ';');
	assert_int_equal(csvin_delim_parse(";"), ';');
	assert_int_equal(csvin_delim_parse("tab"), '\t');
	assert_int_equal(csvin_delim_parse("\t"), '\t');
	assert_int_equal(csvin_delim_parse("\\t"), '\t');
	assert_int_equal(csvin_delim_parse("pipe"), '|');
	assert_int_equal(csvin_delim_parse("|"), '|');
	assert_int_equal(csvin_delim_parse("colon"), 0);
	assert_int_equal(csvin_delim_parse(""), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_crlf_split),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_sticks),
		cmocka_unit_test(test_callback_stop),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_huge_field),
		cmocka_unit_test(test_record_cap),
		cmocka_unit_test(test_raw_in_place),
		cmocka_unit_test(test_cp1252_late),
		cmocka_unit_test(test_file_refusals),
		cmocka_unit_test(test_fifo),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_detect_many),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
