/* Unit tests for report: report_yaml, the rule lines the Markdown and HTML
 * reports offer to paste (plain or quoted, hidden characters as \uXXXX,
 * personal data redacted, the runs written through the format's writer). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "out.h"
#include "report.h"
#include "testutil.h"

static void
raw(FILE *fp, const char *s, size_t len)
{
	fwrite(s, 1, len, fp);
}

struct ycase {
	const char	*in;
	size_t		 len;	/* 0: strlen(in) */
	const char	*raw;	/* for a code block */
	const char	*html;	/* for a page (out_html) */
};

static const struct ycase cases[] = {
	{ "linkdin", 0, "linkdin", "linkdin" },
	{ "li.nk_d-in", 0, "li.nk_d-in", "li.nk_d-in" },
	/* accented and CJK text stays plain and unchanged */
	{ "m\xc3\xbcller", 0, "m\xc3\xbcller", "m\xc3\xbcller" },
	{ "\xe5\xbe\xae\xe4\xbf\xa1", 0, "\xe5\xbe\xae\xe4\xbf\xa1", "\xe5\xbe\xae\xe4\xbf\xa1" },
	/* what YAML would read otherwise is quoted */
	{ "-x", 0, "\"-x\"", "\"-x\"" },
	{ "news letter", 0, "\"news letter\"", "\"news letter\"" },
	{ "a\"b\\c", 0, "\"a\\\"b\\\\c\"", "\"a\\&quot;b\\\\c\"" },
	{ "<b>", 0, "\"<b>\"", "\"&lt;b&gt;\"" },
	/* hidden characters as escapes: visible, and the alias still matches */
	{ "linked\xe2\x80\xaein", 0, "\"linked\\u202Ein\"", "\"linked\\u202Ein\"" },
	{ "\xe2\x80\xaa\xe2\x81\xa6x\xe2\x81\xa9", 0, "\"\\u202A\\u2066x\\u2069\"",
	    "\"\\u202A\\u2066x\\u2069\"" },
	{ "news\xc2\x85letter", 0, "\"news\\u0085letter\"", "\"news\\u0085letter\"" },
	{ "a\x01" "b\x7f", 0, "\"a\\u0001b\\u007F\"", "\"a\\u0001b\\u007F\"" },
	{ "a\tb", 0, "\"a\\u0009b\"", "\"a\\u0009b\"" },
	/* invalid UTF-8: as the writer has it (as it is, or U+FFFD) */
	{ "ab\xff", 0, "ab\xff", "ab\xef\xbf\xbd" },
	/* cut by len: nothing past it */
	{ "linked\xe2\x80\xaein", 6, "linked", "linked" },
	{ "ab\xe2\x80\xae", 4, "ab\xe2\x80", "ab\xef\xbf\xbd\xef\xbf\xbd" },
	/* personal data is redacted first */
	{ "jan@example.com", 0, "\"[redacted]\"", "\"[redacted]\"" },
};

static void
test_yaml(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct ycase *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		struct tu_mem m;
		const char *got;

		report_yaml(tu_mem_open(&m), c->in, len, raw);
		got = tu_mem_text(&m);
		if (strcmp(got, c->raw) != 0) {
			print_error("case %zu raw: got '%s', want '%s'\n", i, got, c->raw);
			bad++;
		}
		tu_mem_free(&m);
		report_yaml(tu_mem_open(&m), c->in, len, out_html);
		got = tu_mem_text(&m);
		if (strcmp(got, c->html) != 0) {
			print_error("case %zu html: got '%s', want '%s'\n", i, got, c->html);
			bad++;
		}
		tu_mem_free(&m);
	}
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
