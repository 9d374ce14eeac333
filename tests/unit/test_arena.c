/* Unit tests for arena: copies are NUL-terminated, never move, survive many
 * later copies (small, empty and larger than a chunk), the arena is
 * reusable after arena_free, and arena_alloc's objects are aligned. */
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

/* Objects are aligned for any type, between strings of every length, and
 * keep their contents. */
static void
test_alloc(void **state)
{
	struct arena a = { NULL };
	long double *v[300];
	size_t i;

	(void)state;
	for (i = 0; i < 300; i++) {
		arena_copy(&a, "abcdefghijklmnopq", i % 17);
		v[i] = arena_alloc(&a, i % 3 ? sizeof *v[i] : 3 * ARENA_MAX);
		assert_int_equal((uintptr_t)v[i] % _Alignof(max_align_t), 0);
		*v[i] = (long double)i;
	}
	for (i = 0; i < 300; i++)
		assert_true(*v[i] == (long double)i);
	assert_non_null(arena_alloc(&a, 0));
	arena_free(&a);
}

/* arena_take moves every copy: they stay where they were and are freed
 * with the arena they moved to (valgrind and ASan see a leak or a double
 * free otherwise); the emptied arena is usable again. */
static void
test_take(void **state)
{
	struct arena a = { NULL }, b = { NULL };
	const char *pa[100], *pb[100];
	char want[32];
	size_t i;

	(void)state;
	arena_take(&a, &b);	/* nothing to move */
	assert_null(a.head);
	for (i = 0; i < 100; i++) {
		snprintf(want, sizeof want, "a%zu", i);
		pa[i] = arena_copy(&a, want, strlen(want));
		snprintf(want, sizeof want, "b%zu", i);
		pb[i] = arena_copy(&b, want, strlen(want));
	}
	arena_take(&a, &b);
	assert_null(b.head);
	for (i = 0; i < 100; i++) {
		snprintf(want, sizeof want, "a%zu", i);
		assert_string_equal(pa[i], want);
		snprintf(want, sizeof want, "b%zu", i);
		assert_string_equal(pb[i], want);
	}
	assert_string_equal(arena_copy(&b, "again", 5), "again");
	arena_take(&a, &b);
	assert_string_equal(arena_copy(&a, "more", 4), "more");
	arena_free(&a);
	arena_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copies),
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_take),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
