/* Unit tests for linkx: which links each kind of input yields, where they
 * stand (line, column in characters), whether positions inside them map
 * 1:1, the CSV context, and spelling a rewritten link back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "linkx.h"

/* "LINE:COL:E:W:LINK" per link, E exact, W writable; one a line. */
static int
collect(const struct linkx_link *lk, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%ld:%ld:%d:%d:%.*s", lk->line, lk->col, lk->exact,
	    lk->writable, (int)lk->len, lk->s);
	if (lk->nctx > 0) {
		size_t i;
		for (i = 0; i < lk->nctx; i++) {
			assert_int_equal(lk->ctx_name_len[i], strlen(lk->ctx_name[i]));
			assert_int_equal(lk->ctx_value_len[i], strlen(lk->ctx_value[i]));
			buf_printf(b, " [%s=%s]", lk->ctx_name[i], lk->ctx_value[i]);
		}
	}
	buf_addc(b, '\n');
	return 0;
}

static void
expect(const char *name, enum linkx_kind kind, const char *in, size_t len,
    const char *want)
{
	struct linkx_opts o;
	struct buf b = BUF_INIT(0);
	struct diag d;

	memset(&o, 0, sizeof o);
	o.kind = kind;
	if (len == 0)
		len = strlen(in);
	if (linkx_read(name, in, len, &o, collect, &b, &d) != 0) {
		print_error("%s: %s\n", name, d.msg);
		fail();
	}
	if (strcmp(buf_cstr(&b), want) != 0) {
		print_error("%s:\nwant:\n%sgot:\n%s", name, want, buf_cstr(&b));
		fail();
	}
	buf_free(&b);
}

static void
test_text(void **state)
{
	(void)state;
	expect("a.txt", LINKX_AUTO,
	    "\xef\xbb\xbf# comment\r\n\r\n  https://a.example/?x=1  \r\n\t# x\nh\xc3\xa9 https://b\r", 0,
	    "3:3:1:1:https://a.example/?x=1\n"
	    "5:1:1:1:h\xc3\xa9 https://b\n");
}

static void
test_markdown(void **state)
{
	(void)state;
	expect("a.md", LINKX_AUTO,
	    "See [x](https://a.example/?u=1 \"t\") and ![i](https://b.example/i.png).\n"
	    "<https://c.example/?a=1&amp;b=2> and https://d.example/p?q=1).\n"
	    "Bare (https://e.example/x_(y)), `https://code.example/` too.\n"
	    "```\nhttps://fenced.example/\n```\n"
	    "  [ref]: <https://f.example/?a=b%20c>\n"
	    "<a href=\"https://g.example/?a=1&amp;b=2\">g</a> [t](<https://h.example/a b>)\n"
	    "[esc](https://i.example/\\_x) not https://j.example\n", 0,
	    "1:9:1:1:https://a.example/?u=1\n"
	    "1:46:1:1:https://b.example/i.png\n"
	    "2:2:0:1:https://c.example/?a=1&b=2\n"
	    "2:38:1:1:https://d.example/p?q=1\n"
	    "3:7:1:1:https://e.example/x_(y)\n"
	    "7:11:1:1:https://f.example/?a=b%20c\n"
	    "8:10:0:1:https://g.example/?a=1&b=2\n"
	    "8:53:1:1:https://h.example/a b\n"
	    "9:7:0:1:https://i.example/_x\n"
	    "9:34:1:1:https://j.example\n");
}

static void
test_html(void **state)
{
	(void)state;
	expect("a.html", LINKX_AUTO,
	    "<!DOCTYPE html><p>caf\xc3\xa9 <a class=x HREF='https://a.example/?a=1&amp;b=2'>a</a>\n"
	    "<!-- <a href=\"https://comment.example/\"> -->\n"
	    "<script>x = '<a href=\"https://script.example/\">';</script>\n"
	    "<a\n  href=\"https://b.example/\"\n>b</a><a href=https://c.example/?x=&#49;>c</a>\n"
	    "<a href=\"mailto:x\">m</a><a href=\"/rel\">r</a><link href=\"https://d.example/s.css\">\n", 0,
	    "1:41:0:1:https://a.example/?a=1&b=2\n"
	    "5:9:1:1:https://b.example/\n"
	    "6:15:0:1:https://c.example/?x=1\n"
	    "7:57:1:1:https://d.example/s.css\n");
}

static void
test_csv(void **state)
{
	(void)state;
	expect("a.csv", LINKX_AUTO,
	    "Name,Notes,Landing Page\n"
	    "A,\"two\nlines\",https://a.example/?x=1\n"
	    "B,,\"https://b.example/?q=\"\"x\"\"\"\n"
	    "C,, https://c.example/ \n"
	    ",,\n"
	    "D,x,\n", 0,
	    "3:8:1:1:https://a.example/?x=1 [Name=A] [Notes=two\nlines]\n"
	    "4:5:0:0:https://b.example/?q=\"x\" [Name=B]\n"
	    "5:5:1:1:https://c.example/ [Name=C]\n"
	    "7:5:0:0: [Name=D] [Notes=x]\n");
	/* no header: the first row holds a URL */
	expect("b.csv", LINKX_CSV, "x;https://a.example/\ny;https://b.example/\n", 0,
	    "1:3:1:1:https://a.example/\n"
	    "2:3:1:1:https://b.example/\n");
}

static void
test_errors(void **state)
{
	struct linkx_opts o;
	struct diag d;
	struct buf b = BUF_INIT(0);

	(void)state;
	memset(&o, 0, sizeof o);
	assert_int_equal(linkx_read("a.txt", "\xff\xfeh\0", 4, &o, collect, &b, &d), -1);
	assert_non_null(strstr(d.msg, "UTF-16"));
	assert_int_equal(linkx_read("a.md", "x\n\0", 3, &o, collect, &b, &d), -1);
	assert_int_equal(d.line, 2);
	assert_int_equal(linkx_read("a.csv", "a,b\n1,2\n", 8, &o, collect, &b, &d), -1);
	assert_non_null(strstr(d.msg, "no link column"));
	o.column = "b";
	assert_int_equal(linkx_read("a.csv", "a,b\n1,https://x.example/\n", 25, &o,
	    collect, &b, &d), 0);
	assert_string_equal(buf_cstr(&b), "2:3:1:1:https://x.example/ [a=1]\n");
	buf_free(&b);
}

static void
test_guess_encode(void **state)
{
	struct linkx_link lk;
	struct buf b = BUF_INIT(0);
	int amp;

	(void)state;
	assert_int_equal(linkx_guess("x.CSV", "", 0), LINKX_CSV);
	assert_int_equal(linkx_guess("x.markdown", "", 0), LINKX_MD);
	assert_int_equal(linkx_guess("x.htm", "", 0), LINKX_HTML);
	assert_int_equal(linkx_guess("-", "<p><a href=x>", 13), LINKX_HTML);
	assert_int_equal(linkx_guess("-", "name;url\nx;y\n", 13), LINKX_CSV);
	assert_int_equal(linkx_guess("-", "see [a](b)\n", 11), LINKX_MD);
	assert_int_equal(linkx_guess("-", "https://a,b\n", 12), LINKX_TEXT);
	assert_int_equal(linkx_kind_parse("html"), LINKX_HTML);
	assert_int_equal(linkx_kind_parse("xml"), -1);

	memset(&lk, 0, sizeof lk);
	lk.kind = LINKX_HTML;
	lk.amp_entity = 1;
	lk.quote = '"';
	assert_int_equal(linkx_encode(&lk, "https://a/?a=\"1\"&b=2", 20, &b), 0);
	assert_string_equal(buf_cstr(&b), "https://a/?a=&quot;1&quot;&amp;b=2");
	buf_reset(&b);
	lk.kind = LINKX_TEXT;
	assert_int_equal(linkx_encode(&lk, "a&b", 3, &b), 0);
	assert_string_equal(buf_cstr(&b), "a&b");
	buf_reset(&b);
	{
		const char *in = "a&amp;b&#38;c&#x26;d&lt;&bogus;&#0;";
		assert_int_equal(linkx_unentity(in, strlen(in), &b, &amp), 0);
	}
	assert_string_equal(buf_cstr(&b), "a&b&c&d<&bogus;\xef\xbf\xbd");
	assert_int_equal(amp, 1);
	buf_free(&b);
}

/* The lines of buf[start..end) as read_text counts them: a '\n', a CRLF or
 * a lone CR ends one. */
static long
ref_lines(const char *buf, size_t start, size_t end)
{
	long n = 0;
	size_t i;

	for (i = start; i < end; i++)
		n += buf[i] == '\n' || (buf[i] == '\r' && (i + 1 == end || buf[i + 1] != '\n'));
	return n;
}

/* Plain text read in pieces cut by linkx_text_cut, each starting at the
 * line linkx_text_scan counts, gives the links linkx_read gives, at the
 * same places; a NUL or a UTF-16 mark is found in any piece. */
static void
test_text_pieces(void **state)
{
	static const char alphabet[] = "aaaaaaaaaa\n\n\r #\t";
	static const size_t lens[] = { 0, 1, 15, 16, 17, 31, 32, 33, 63, 200, 4079,
		4080, 4081, 4096, 8159, 8160, 8161, 8175, 9000 };
	struct linkx_opts o;
	struct buf whole = BUF_INIT(0), parts = BUF_INIT(0);
	struct diag d;
	char *in = malloc(9000);
	unsigned seed = 1, k, npc;
	size_t li, i, at, cut;
	long line, got;

	(void)state;
	memset(&o, 0, sizeof o);
	o.kind = LINKX_TEXT;
	for (k = 0; k < 40; k++) {
		for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
			size_t len = lens[li];
			for (i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				in[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
			}
			/* a CR before the end of a 16- or 32-byte block, or none */
			if (k % 2 == 0)
				for (i = 0; i < len; i++)
					if (in[i] == '\r')
						in[i] = '\n';
			got = linkx_text_scan(in, 0, len);
			assert_int_equal(got, ref_lines(in, 0, len));
			buf_reset(&whole);
			assert_int_equal(linkx_read("t.txt", in, len, &o, collect, &whole, &d), 0);
			npc = 2 + k % 5;
			buf_reset(&parts);
			for (at = 0, line = 1, i = 1; at < len; i++, at = cut) {
				cut = i == npc ? len : linkx_text_cut(in, len, len / npc * i);
				if (cut <= at)
					continue;
				assert_true(cut == len || in[cut - 1] == '\n');
				got = linkx_text_scan(in, at, cut);
				assert_int_equal(got, ref_lines(in, at, cut));
				assert_int_equal(linkx_read_text(in, at, cut, line, collect,
				    &parts), 0);
				line += got;
			}
			assert_string_equal(buf_cstr(&whole), buf_cstr(&parts));
			if (len > 20) {	/* a NUL anywhere */
				in[len - 1 - k % 20] = '\0';
				assert_int_equal(linkx_text_scan(in, 0, len), -1);
				assert_int_equal(linkx_text_check("t.txt", in, len, &d), -1);
			}
		}
	}
	assert_int_equal(linkx_text_scan("\xff\xfe" "a\n", 0, 4), -1);
	assert_int_equal(linkx_text_scan("\xff\xfe" "a\n", 1, 4), 1);
	buf_free(&whole);
	buf_free(&parts);
	free(in);
}

/* A random strict CSV row: quoted fields with "", delimiters and line
 * breaks (LF, CRLF, lone CR), plain ones, empty ones; the row ends in a
 * LF, a CRLF or a lone CR.  The first field is a quoted name, so every
 * row holds a quote that tells where it starts. */
static void
csv_row(struct buf *b, unsigned *seed, long row, int delim)
{
	static const char *const ends[] = { "\n", "\r\n", "\r", "\n" };
	static const char *const inner[] = { "x", "\"\"", "\n", "\r\n", "\r", ",",
		";", " ", "yz" };
	unsigned f, k, n;

	buf_printf(b, "\"name %ld\"%chttps://ex.example/%ld?utm_source=s", row,
	    delim, row);
	for (f = 0; f < 2; f++) {
		buf_addc(b, delim);
		*seed = *seed * 1103515245u + 12345u;
		switch ((*seed >> 16) % 4) {
		case 0:
			break;
		case 1:
			buf_adds(b, "plain text");
			break;
		default:
			buf_addc(b, '"');
			n = 1 + (*seed >> 20) % 12;
			for (k = 0; k < n; k++) {
				*seed = *seed * 1103515245u + 12345u;
				buf_adds(b, inner[(*seed >> 16) % 9]);
			}
			buf_addc(b, '"');
		}
	}
	*seed = *seed * 1103515245u + 12345u;
	buf_adds(b, ends[(*seed >> 16) % 4]);
}

/* Reads in (the head h bytes) in at most n pieces, as links.c does, and
 * sets got to their links; returns how many pieces checked out and sets
 * *np to the number cut (0: the input was read whole). */
static int
csv_in_pieces(const char *in, size_t len, size_t h, unsigned n, struct buf *got,
    unsigned *np)
{
	struct buf part[8];
	struct linkx_opts o;
	struct linkx_csv *x;
	struct diag d;
	int rc, ok = 0;
	unsigned k;

	memset(&o, 0, sizeof o);
	o.kind = LINKX_CSV;
	o.head = h;
	buf_reset(got);
	*np = 0;
	if ((x = linkx_csv_open("p.csv", in, len, &o, n, collect, got, &d, &rc)) == NULL) {
		assert_int_equal(rc, 0);
		return 0;
	}
	*np = linkx_csv_pieces(x);
	assert_true(*np <= n && *np <= 8);
	for (k = 0; k < *np; k++) {
		memset(&part[k], 0, sizeof part[k]);
		rc = linkx_csv_piece(x, k, collect, &part[k]);
		assert_true(rc == 0 || rc == 1);
		ok += rc == 0;
	}
	if (ok < (int)*np)	/* the rest goes on with piece 0's reader */
		assert_int_equal(linkx_csv_rest(x), 0);
	for (k = 0; k < (ok < (int)*np ? 1 : *np); k++)
		buf_add(got, part[k].data ? part[k].data : "", part[k].len);
	for (k = 0; k < *np; k++)
		buf_free(&part[k]);
	linkx_csv_free(x);
	return ok;
}

/* CSV cut at guessed record boundaries: in a strict CSV whose rows hold a
 * quote that tells, every guess is a boundary and every piece checks out
 * (so the lines before each were counted right, over LF, CRLF and lone
 * CR), with the links one reader gives.  A cut inside a quoted field
 * longer than the guess reads, with no quote to tell, is a wrong guess:
 * piece 0 does not end at a record boundary, the pieces after it are
 * void, and the rest read again gives the same links. */
static void
test_csv_guess(void **state)
{
	struct linkx_opts o;
	struct buf in = BUF_INIT(0), whole = BUF_INIT(0), got = BUF_INIT(0);
	struct diag d;
	unsigned seed = 7, n, t, np;
	long r;
	int delim, ok;

	(void)state;
	memset(&o, 0, sizeof o);
	o.kind = LINKX_CSV;
	for (t = 0; t < 12; t++) {
		delim = t % 3 == 2 ? ';' : ',';
		buf_reset(&in);
		buf_printf(&in, "Name%cURL%cNotes%cMore\n", delim, delim, delim);
		for (r = 0; r < 40 + 37 * (long)t; r++)
			csv_row(&in, &seed, r, delim);
		buf_reset(&whole);
		assert_int_equal(linkx_read("p.csv", in.data, in.len, &o, collect,
		    &whole, &d), 0);
		for (n = 2; n <= 7; n += 1 + t % 2) {
			ok = csv_in_pieces(in.data, in.len, 40, n, &got, &np);
			assert_true(np >= 2);
			assert_int_equal(ok, (int)np);
			if (strcmp(buf_cstr(&whole), buf_cstr(&got)) != 0) {
				print_error("t %u, %u pieces:\nwant:\n%sgot:\n%s", t, n,
				    buf_cstr(&whole), buf_cstr(&got));
				fail();
			}
		}
	}
	/* a quoted field of 200 KiB of quote-free lines across the middle */
	buf_reset(&in);
	buf_adds(&in, "Name,URL,Notes\n");
	for (r = 0; r < 4; r++)
		buf_printf(&in, "\"r%ld\",https://r.example/%ld,\n", r, r);
	buf_adds(&in, "\"a\",https://a.example/,\"");
	for (r = 0; r < 200 * 1024 / 16; r++)
		buf_adds(&in, "fifteen bytes.\n");
	buf_adds(&in, "end\"\n\"b\",https://b.example/,\n");
	buf_reset(&whole);
	assert_int_equal(linkx_read("p.csv", in.data, in.len, &o, collect, &whole, &d), 0);
	assert_int_equal(csv_in_pieces(in.data, in.len, 40, 2, &got, &np), 0);
	assert_int_equal(np, 2);
	assert_string_equal(buf_cstr(&whole), buf_cstr(&got));
	buf_free(&in);
	buf_free(&whole);
	buf_free(&got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_pieces),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_guess),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_guess_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
