/* Unit tests for arena: copies are NUL-terminated, never move, survive many
 * later copies (small, empty and larger than a chunk), and the arena is
 * reusable after arena_free. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "testutil.h"

#define N	5000

static void
test_copies(void **state)
{
	static char *p[N];
	static char want[N][32];
	struct arena a = { NULL };
	char *big, *bigcopy = NULL, *empty;
	size_t i, bign = 3 * ARENA_MAX + 7;

	(void)state;
	big = malloc(bign);
	assert_non_null(big);
	memset(big, 'x', bign);
	empty = arena_copy(&a, "", 0);
	for (i = 0; i < N; i++) {
		snprintf(want[i], sizeof want[i], "key-%zu-%.*s", i, (int)(i % 17), "abcdefghijklmnopq");
		p[i] = arena_copy(&a, want[i], strlen(want[i]));
		if (i == N / 2)
			bigcopy = arena_copy(&a, big, bign);
	}
	assert_string_equal(empty, "");
	for (i = 0; i < N; i++)
		assert_string_equal(p[i], want[i]);
	assert_memory_equal(bigcopy, big, bign);
	assert_int_equal(bigcopy[bign], '\0');
	/* Bytes are copied as they are, NULs included. */
	p[0] = arena_copy(&a, "a\0b", 3);
	assert_memory_equal(p[0], "a\0b", 4);
	arena_free(&a);
	assert_null(a.head);
	p[0] = arena_copy(&a, "again", 5);
	assert_string_equal(p[0], "again");
	arena_free(&a);
	arena_free(&a);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
