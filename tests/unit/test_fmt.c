/* Unit tests for fmt: fmt_msg writes what vsnprintf writes for every
 * conversion it does itself (extremes, NULL strings, "%%"), at every
 * output size down to 0 and 1, and hands any other format to vsnprintf. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fmt.h"
#include "testutil.h"

/* fmt_msg into cap bytes, with the length and bytes vsnprintf gives. */
static void check(size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
check(size_t cap, const char *fmt, ...)
{
	char got[256], want[256];
	size_t n, wn;
	va_list ap, aq;
	int r;

	memset(got, 'G', sizeof got);
	memset(want, 'G', sizeof want);
	va_start(ap, fmt);
	va_copy(aq, ap);
	n = fmt_msg(got, cap, fmt, ap);
	r = vsnprintf(want, cap, fmt, aq);
	va_end(aq);
	va_end(ap);
	assert_true(r >= 0);
	wn = cap == 0 ? 0 : (size_t)r < cap ? (size_t)r : cap - 1;
	if (n != wn || memcmp(got, want, cap) != 0) {
		print_error("fmt '%s' cap %zu: got %zu '%.*s', want %zu '%.*s'\n", fmt,
		    cap, n, (int)n, got, wn, (int)wn, want);
		fail();
	}
}

static void
test_same_as_vsnprintf(void **state)
{
	const char *volatile nul = NULL;	/* (hidden from -Wformat) */
	size_t cap;

	(void)state;
	for (cap = 0; cap <= 64; cap++) {
		check(cap, "plain text, no conversion");
		check(cap, "'%s' is an alias of '%s'", "LinkedIn", "linkedin");
		check(cap, "%s", "");
		check(cap, "%s%s%s", "a", "", "c");
		check(cap, "null: %s.", nul);
		check(cap, "the same link as %s:%ld:%ld", "links.txt", 12345678L, 1L);
		check(cap, "%ld %ld %ld", LONG_MIN, LONG_MAX, 0L);
		check(cap, "%d %d %d %u %u", INT_MIN, INT_MAX, -1, 0u, UINT_MAX);
		check(cap, "%lu %zu %zu", ULONG_MAX, (size_t)0, SIZE_MAX);
		check(cap, "100%% sure, %%s stays, %c%c!", 'o', 'k');
		check(cap, "%s is spelled %zu ways in this set: %s", "utm_source", (size_t)3,
		    "'LinkedIn' (2), 'li' (1) and 'linkedin' (7)");
		check(cap, "ends in a percent %%");
		/* not done here: vsnprintf takes the whole format */
		check(cap, "%5s|%-4d|%02X|%.3s|%x", "ab", 7, 10u, "abcdef", 255u);
		check(cap, "%s and %lld", "x", 1LL << 40);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_vsnprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
