/* Unit tests for csvin_span_check: a quoted field that took rows of their
 * own (a stray quote) is found, with the place of its opening quote, the
 * lines it spans and the rows it took; a legitimate multi-line field (an
 * address, a note, commas and all) is not.  Every input is read through
 * the fast path and through libcsv alone, in one piece and byte by byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "csvin.h"

/* What the check said about the records after the header. */
struct seen {
	size_t		 ncols;		/* the header's fields */
	int		 found;		/* records with such a field */
	struct csvin_span first;
	long		 rows;		/* summed over the records */
};

static int
on_rec(const struct csvin_record *rec, void *arg)
{
	struct seen *s = arg;
	struct csvin_span sp;

	if (s->ncols == 0) {
		s->ncols = rec->nfields;
		return 0;
	}
	memset(&sp, 0xA5, sizeof sp);
	if (!csvin_span_check(rec, s->ncols, &sp))
		return 0;
	if (s->found++ == 0)
		s->first = sp;
	s->rows += sp.rows;
	return 0;
}

/* Reads in through new/feed/finish, slow or not, in chunks of step bytes
 * (0: one piece). */
static void
read_in(const char *in, size_t len, int slow, size_t step, struct seen *s)
{
	struct csvin *c;
	struct diag d;
	size_t i, k;

	memset(s, 0, sizeof *s);
	c = csvin_new("t.csv", NULL, on_rec, s);
	csvin_set_slow(c, slow);
	for (i = 0; i < len; i += k) {
		k = step == 0 || len - i < step ? len - i : step;
		assert_int_equal(csvin_feed(c, in + i, k, &d), 0);
	}
	assert_int_equal(csvin_finish(c, &d), 0);
	csvin_free(c);
}

static const struct {
	const char	*in;
	int		 found;		/* records */
	long		 line, col, lines, rows;	/* of the first */
	long		 total;		/* rows, all records */
} cases[] = {
	/* the stray quote of the issue: three rows taken into L-1's Notes */
	{ "Lead ID,Lead Source,Notes\n"
	  "L-1,Web,\"He said call me\n"
	  "L-2,Google,x\n"
	  "L-3,LinkedIn,y\n"
	  "L-4,Bing,done\"\n"
	  "L-5,XING,z\n", 1, 2, 9, 4, 3, 3 },
	/* CRLF, the quote closing in the middle of a taken row (ragged) */
	{ "Lead ID,Lead Source,Notes,Owner\r\n"
	  "L-1,Web,\"call me,Ann\r\n"
	  "L-2,Google,x,Bob\r\n"
	  "L-3,Bing\",y,Cy\r\n", 1, 2, 9, 3, 1, 1 },
	/* the field opens on the record's second line, after an address */
	{ "id;source;address;notes\n"
	  "1;Web;\"Main St 1\nAmsterdam\";\"oops\n"
	  "2;Google;x;y\n"
	  "3;Bing;z;w\"\n", 1, 3, 12, 3, 2, 2 },
	/* lone CR line ends */
	{ "a,b,c\r1,\"x\r2,y,z\r3,u,v\"\r", 1, 2, 3, 3, 2, 2 },
	/* two records with a stray quote each; "3,s" has too few
	 * delimiters to count */
	{ "a,b,c\n"
	  "1,\"p\n2,q,r\n3,s\"\n"
	  "4,t,u\n"
	  "5,\"v\n6,w,x\"\n", 2, 2, 3, 3, 1, 2 },
	/* legitimate: an address over lines, with a comma on each */
	{ "Lead ID,Lead Source,Address,Owner\n"
	  "L-1,Web,\"Keizersgracht 1, 3rd floor\n1015 AB Amsterdam, NL\","
	  "Ann\n"
	  "L-2,Google,x,Bob\n", 0, 0, 0, 0, 0, 0 },
	/* legitimate: a note over many lines, no delimiters after a break */
	{ "a,b,c\n1,\"one\ntwo\r\nthree\rfour\n\",x\n2,y,z\n",
	  0, 0, 0, 0, 0, 0 },
	/* legitimate: delimiters only on the field's first line */
	{ "a,b,c\n1,\"x,y,z,w\nend\",v\n", 0, 0, 0, 0, 0, 0 },
	/* two columns: one comma proves nothing, never reported */
	{ "a,b\n1,\"x\n2,y\n3,z\"\n", 0, 0, 0, 0, 0, 0 },
	/* "" inside the taken text is still one field */
	{ "a,b,c\n1,\"x\n2,\"\"y\"\",z\"\n", 1, 2, 3, 2, 1, 1 },
};

static void
test_cases(void **state)
{
	struct seen s;
	size_t i;
	int slow;
	size_t steps[] = { 0, 1, 3 }, k;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (slow = 0; slow < 2; slow++)
			for (k = 0; k < sizeof steps / sizeof steps[0]; k++) {
				read_in(cases[i].in, strlen(cases[i].in), slow,
				    steps[k], &s);
				if (s.found != cases[i].found)
					fail_msg("case %zu (slow %d, step %zu): "
					    "%d found, want %d", i, slow,
					    steps[k], s.found, cases[i].found);
				if (s.found == 0)
					continue;
				assert_int_equal(s.first.line, cases[i].line);
				assert_int_equal(s.first.col, cases[i].col);
				assert_int_equal(s.first.lines, cases[i].lines);
				assert_int_equal(s.first.rows, cases[i].rows);
				assert_int_equal(s.rows, cases[i].total);
			}
}

/* Long records: the quick count of delimiters runs 64, then 16 bytes at a
 * time, then over the last bytes, and in parts past 4032 bytes; a field of
 * every length around those sizes before the taken row, and after it. */
static void
test_long_records(void **state)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 63, 64, 65, 4031,
	    4032, 4033, 4047, 4048, 4049, 8064, 8100 };
	struct buf in = BUF_INIT(0);
	struct seen s;
	size_t i, j;
	int after;

	(void)state;
	for (after = 0; after < 2; after++)
		for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			buf_reset(&in);
			buf_adds(&in, "a,b,c,d\n1,");
			for (j = 0; !after && j < sizes[i]; j++)
				buf_addc(&in, j % 7 ? 'x' : ',' );
			buf_adds(&in, ",\"stray\n2,p,q,r\n");
			for (j = 0; after && j < sizes[i]; j++)
				buf_addc(&in, j % 7 ? 'y' : '\n');
			buf_adds(&in, "end\"\n");
			read_in(in.data, in.len, 0, 0, &s);
			/* the commas of the first field make the record
			 * ragged; the taken row is found all the same */
			assert_int_equal(s.found, 1);
			assert_int_equal(s.first.line, 2);
			assert_int_equal(s.first.rows, 1);
			/* and without the taken row, nothing */
			buf_reset(&in);
			buf_adds(&in, "a,b,c,d\n1,");
			for (j = 0; j < sizes[i]; j++)
				buf_addc(&in, j % 7 ? 'x' : ',');
			buf_adds(&in, ",\"note\nmore\",z\n");
			read_in(in.data, in.len, 0, 0, &s);
			assert_int_equal(s.found, 0);
		}
	buf_free(&in);
}

/* A record over one line is never looked at; the place is 1-based. */
static void
test_direct(void **state)
{
	static const char *const fields[] = { "1", "x\n2,y,z\n3,u,v", "w" };
	static const size_t lens[] = { 1, 13, 1 };
	static const char raw[] = "1,\"x\n2,y,z\n3,u,v\",w";
	struct csvin_record rec;
	struct csvin_span sp;

	(void)state;
	memset(&rec, 0, sizeof rec);
	rec.nfields = 3;
	rec.fields = fields;
	rec.lens = lens;
	rec.line = 7;
	rec.end_line = 9;
	rec.raw = raw;
	rec.raw_len = sizeof raw - 1;
	rec.eol = "\n";
	rec.delim = ',';
	assert_int_equal(csvin_span_check(&rec, 3, &sp), 1);
	assert_int_equal(sp.line, 7);
	assert_int_equal(sp.col, 3);
	assert_int_equal(sp.lines, 3);
	assert_int_equal(sp.rows, 2);
	/* too few columns to tell */
	assert_int_equal(csvin_span_check(&rec, 2, &sp), 0);
	/* one line: not looked at */
	rec.end_line = 7;
	assert_int_equal(csvin_span_check(&rec, 3, &sp), 0);
}

static void
test_message(void **state)
{
	struct csvin_span sp = { 2, 9, 4, 3 };
	char buf[512];

	(void)state;
	assert_string_equal(csvin_span_message(&sp, buf, sizeof buf),
	    "a quoted field runs over 4 lines, and 3 lines in it look like "
	    "rows of their own: a stray quote (\") may have opened the field, "
	    "and those rows are not counted as leads");
	sp.lines = 2;
	sp.rows = 1;
	assert_string_equal(csvin_span_message(&sp, buf, sizeof buf),
	    "a quoted field runs over 2 lines, and 1 line in it looks like a "
	    "row of its own: a stray quote (\") may have opened the field, and "
	    "that row is not counted as a lead");
	/* cut to the buffer */
	assert_ptr_equal(csvin_span_message(&sp, buf, 8), buf);
	assert_string_equal(buf, "a quote");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_long_records),
		cmocka_unit_test(test_direct),
		cmocka_unit_test(test_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
