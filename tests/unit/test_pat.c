/* Unit tests for pat: matches (caseless, UTF-8, invalid UTF-8, a named
 * group), the match limit, bad patterns with the offset of the mistake,
 * and a thread's own match block. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pat.h"
#include "testutil.h"

struct pcase {
	const char	*pat;
	int		 caseless;
	const char	*subject;
	int		 want;		/* pat_match's answer */
};

static const struct pcase cases[] = {
	{ "^([a-z]{2}\\.)?linkedin\\.com$", 0, "nl.linkedin.com", 1 },
	{ "^([a-z]{2}\\.)?linkedin\\.com$", 0, "linkedin.com", 1 },
	{ "^([a-z]{2}\\.)?linkedin\\.com$", 0, "NL.linkedin.com", 0 },
	{ "^([a-z]{2}\\.)?linkedin\\.com$", 1, "NL.LinkedIn.com", 1 },
	{ "^(www\\.)?google(\\.[a-z]{2,3}){1,2}$", 0, "www.google.co.uk", 1 },
	{ "^(www\\.)?google(\\.[a-z]{2,3}){1,2}$", 0, "google.example.com", 0 },
	{ "^[0-9]{4}-q[1-4]-[a-z0-9-]+$", 0, "2026-q2-pumps", 1 },
	{ "^[0-9]{4}-q[1-4]-[a-z0-9-]+$", 0, "2026-q5-pumps", 0 },
	{ "caf\xc3\xa9", 0, "le caf\xc3\xa9", 1 },		/* UTF-8 */
	{ "^.$", 0, "\xc3\xa9", 1 },				/* one character */
	{ "^.$", 0, "\xff", 0 },				/* invalid UTF-8 */
	{ "^(?<name>x)$", 0, "x", 1 },				/* a named group */
	{ "^(a+)+$", 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", -1 },	/* limit */
	{ "", 0, "", 1 },
};

static void
test_match(void **state)
{
	struct diag d;
	struct pat *p;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct pcase *c = &cases[i];

		p = pat_new(c->pat, c->caseless, &d);
		assert_non_null(p);
		assert_string_equal(pat_source(p), c->pat);
		n = strlen(c->subject);
		if (pat_match(p, c->subject, n) != c->want ||
		    pat_match(p, c->subject, n) != c->want) {	/* twice: reused blocks */
			print_error("case %zu: /%s/ on '%s': %d, want %d\n",
			    i, c->pat, c->subject, pat_match(p, c->subject, n), c->want);
			fail();
		}
		pat_free(p);
	}
}

static void
test_bad(void **state)
{
	struct diag d;

	(void)state;
	assert_null(pat_new("(unclosed", 0, &d));
	assert_non_null(strstr(d.msg, "(unclosed"));
	assert_int_equal(d.col, 9);
	assert_null(pat_new("a{2,1}", 0, &d));
}

/* A thread's own match block gives the same answers. */
static void
test_thread_block(void **state)
{
	struct diag d;
	struct pat *p = pat_new("^li$", 1, &d);

	(void)state;
	assert_non_null(p);
	pat_thread_begin();
	assert_int_equal(pat_match(p, "LI", 2), 1);
	assert_int_equal(pat_match(p, "lin", 3), 0);
	pat_thread_end();
	assert_int_equal(pat_match(p, "Li", 2), 1);
	pat_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_thread_block),
	};

	return cmocka_run_group_tests_name("test_pat", tests, NULL, NULL);
}
