/* Unit tests for map: insert and get, growth to 100000 keys, insertion
 * order, binary keys, map_reserve. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "map.h"
#include "testutil.h"

#define V(n)	((void *)(uintptr_t)(n))

static void
test_basic(void **state)
{
	struct map *m = map_new();
	void **slot;
	size_t len;
	int created = -1;

	(void)state;
	assert_int_equal(map_count(m), 0);
	assert_null(map_get(m, "a", 1));
	assert_null(map_slot(m, "a", 1, 0, &created));
	assert_int_equal(created, 0);
	assert_int_equal(map_count(m), 0);

	slot = map_slot(m, "a", 1, 1, &created);
	assert_non_null(slot);
	assert_int_equal(created, 1);
	assert_null(*slot);		/* a new slot holds NULL */
	*slot = V(7);
	assert_ptr_equal(map_get(m, "a", 1), V(7));
	slot = map_slot(m, "a", 1, 1, &created);
	assert_int_equal(created, 0);
	assert_ptr_equal(*slot, V(7));
	assert_int_equal(map_count(m), 1);

	/* A key stored with a NULL value is present for map_slot. */
	map_slot(m, "n", 1, 1, NULL);
	assert_null(map_get(m, "n", 1));
	assert_non_null(map_slot(m, "n", 1, 0, NULL));
	assert_int_equal(map_count(m), 2);

	/* The map owns a copy of the key. */
	{
		char k[4] = "key";
		map_slot(m, k, 3, 1, NULL);
		k[0] = 'X';
		assert_non_null(map_slot(m, "key", 3, 0, NULL));
		assert_null(map_slot(m, "Xey", 3, 0, NULL));
	}
	assert_string_equal(map_key(m, 2, &len), "key");
	assert_int_equal(len, 3);
	assert_string_equal(map_key(m, 0, NULL), "a");
	assert_ptr_equal(map_value(m, 0), V(7));
	map_free(m);
	map_free(NULL);
}

static void
test_grow(void **state)
{
	const size_t n = 100000;
	struct map *m = map_new();
	char k[32];
	size_t i, len;
	int created;

	(void)state;
	for (i = 0; i < n; i++) {
		int kl = snprintf(k, sizeof k, "key-%zu", i * 7919);
		void **slot = map_slot(m, k, (size_t)kl, 1, &created);
		assert_int_equal(created, 1);
		*slot = V(i + 1);
		assert_int_equal(map_count(m), i + 1);
	}
	for (i = 0; i < n; i++) {
		int kl = snprintf(k, sizeof k, "key-%zu", i * 7919);
		const char *key;
		if (map_get(m, k, (size_t)kl) != V(i + 1)) {
			print_error("key %s lost after growth\n", k);
			fail();
		}
		/* Insertion order is kept. */
		key = map_key(m, i, &len);
		assert_int_equal(len, (size_t)kl);
		assert_memory_equal(key, k, len);
		assert_int_equal(key[len], '\0');
		assert_ptr_equal(map_value(m, i), V(i + 1));
		/* Keys never inserted are absent. */
		kl = snprintf(k, sizeof k, "key-%zu", i * 7919 + 1);
		assert_null(map_slot(m, k, (size_t)kl, 0, NULL));
	}
	/* Re-inserting finds, never duplicates. */
	for (i = 0; i < n; i += 97) {
		int kl = snprintf(k, sizeof k, "key-%zu", i * 7919);
		map_slot(m, k, (size_t)kl, 1, &created);
		assert_int_equal(created, 0);
	}
	assert_int_equal(map_count(m), n);
	map_free(m);
}

static void
test_binary(void **state)
{
	static const struct {
		const char	*k;
		size_t		 len;
	} keys[] = {
		{ "", 0 }, { "a", 1 }, { "a\0", 2 }, { "a\0b", 3 }, { "a\0c", 3 },
		{ "\0", 1 }, { "\0\0", 2 }, { "\0a", 2 }, { "\xff\xfe", 2 },
		{ "A", 1 }, { "a\0b\0", 4 },
	};
	const size_t nk = sizeof keys / sizeof keys[0];
	struct map *m = map_new();
	size_t i, len;
	int created;

	(void)state;
	for (i = 0; i < nk; i++) {
		*map_slot(m, keys[i].k, keys[i].len, 1, &created) = V(100 + i);
		assert_int_equal(created, 1);
	}
	assert_int_equal(map_count(m), nk);
	for (i = 0; i < nk; i++) {
		const char *k;
		assert_ptr_equal(map_get(m, keys[i].k, keys[i].len), V(100 + i));
		k = map_key(m, i, &len);
		assert_int_equal(len, keys[i].len);
		assert_memory_equal(k, keys[i].k, len);
	}
	assert_null(map_get(m, "a\0d", 3));
	assert_null(map_get(m, "b", 1));
	map_free(m);
}

static void
test_hash(void **state)
{
	(void)state;
	assert_true(map_hash("abc", 3, 0) == map_hash("abc", 3, 0));
	assert_true(map_hash("abc", 3, 0) != map_hash("abc", 3, 1));
	assert_true(map_hash("abc", 3, 0) != map_hash("abd", 3, 0));
	assert_true(map_hash("a", 1, 0) != map_hash("a\0", 2, 0));
	assert_true(map_hash("", 0, 0) != map_hash("\0", 1, 0));
	/* Only len bytes count. */
	assert_true(map_hash("abcX", 3, 0) == map_hash("abcY", 3, 0));
}

/* After map_reserve(n), n entries go in without moving any: a slot's
 * address stays valid (the rules loader sizes its tables so). */
static void
test_reserve(void **state)
{
	struct map *m = map_new();
	char key[16];
	void **first, **slot;
	int i, created;

	(void)state;
	*map_slot(m, "k0", 2, 1, NULL) = V(1);
	map_reserve(m, 5000);
	first = map_slot(m, "k0", 2, 0, NULL);
	for (i = 1; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		slot = map_slot(m, key, strlen(key), 1, &created);
		assert_int_equal(created, 1);
		*slot = V(i + 1);
	}
	assert_ptr_equal(map_slot(m, "k0", 2, 0, NULL), first);
	assert_int_equal(map_count(m), 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		assert_ptr_equal(map_get(m, key, strlen(key)), V(i + 1));
		assert_string_equal(map_key(m, (size_t)i, NULL), key);
	}
	map_reserve(m, 10);		/* smaller than the count: nothing */
	assert_ptr_equal(map_slot(m, "k0", 2, 0, NULL), first);
	assert_ptr_equal(map_get(m, "k4999", 5), V(5000));
	map_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_reserve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
