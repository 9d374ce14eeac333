/* Unit tests for xalloc's growing arrays: xgrowarray keeps the first used
 * elements whether the block is small or large (moved by hand, past 4 MiB),
 * and a buf that grows across that size keeps every byte and its NUL;
 * buf_extend hands out bytes at the end, or NULL past the cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "xalloc.h"
#include "testutil.h"

static void
test_grow(void **state)
{
	uint32_t *a = NULL;
	size_t i, n = 0, cap = 0;

	(void)state;
	/* doubling from 16 elements to 4M (16 MiB): small moves, then large */
	for (i = 0; i < (size_t)4 << 20; i++) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			a = xgrowarray(a, n, cap, sizeof *a);
		}
		a[n++] = (uint32_t)(i * 2654435761u);
	}
	for (i = 0; i < n; i++)
		if (a[i] != (uint32_t)(i * 2654435761u))
			fail_msg("element %zu lost", i);
	/* only the used ones are kept: a shrinking count is allowed */
	a = xgrowarray(a, 3, (size_t)8 << 20, sizeof *a);
	assert_int_equal(a[0], 0);
	assert_int_equal(a[2], (uint32_t)(2 * 2654435761u));
	free(a);
	a = xgrowarray(NULL, 0, (size_t)2 << 20, sizeof *a);	/* large from nothing */
	a[((size_t)2 << 20) - 1] = 7;
	assert_int_equal(a[((size_t)2 << 20) - 1], 7);
	free(a);
}

static void
test_buf_across(void **state)
{
	struct buf b = { 0 };
	char piece[1000];
	size_t i, total = 0;

	(void)state;
	for (i = 0; i < sizeof piece; i++)
		piece[i] = (char)('a' + i % 26);
	while (total < (size_t)9 << 20) {
		assert_int_equal(buf_add(&b, piece, sizeof piece), 0);
		total += sizeof piece;
	}
	assert_int_equal(b.len, total);
	assert_true(b.data[total] == '\0');
	for (i = 0; i < total; i++)
		if (b.data[i] != piece[i % sizeof piece])
			fail_msg("byte %zu lost", i);
	buf_free(&b);
}

static void
test_buf_extend(void **state)
{
	struct buf b = BUF_INIT(8);
	char *o;

	(void)state;
	buf_adds(&b, "ab");
	o = buf_extend(&b, 3);
	assert_non_null(o);
	memcpy(o, "cde", 3);
	assert_string_equal(buf_cstr(&b), "abcde");
	assert_int_equal(b.len, 5);
	assert_null(buf_extend(&b, 4));	/* 9 > the cap of 8 */
	assert_int_equal(b.len, 5);
	o = buf_extend(&b, 3);
	assert_non_null(o);
	o[0] = o[1] = o[2] = 'z';
	assert_string_equal(buf_cstr(&b), "abcdezzz");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_buf_across),
		cmocka_unit_test(test_buf_extend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
