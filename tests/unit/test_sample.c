/* Unit tests for sample: the key, the heap, merging, uniformity, and the
 * Wilson interval, gate and needed size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sample.h"

/* Caller data: a heap-allocated copy of the row number, counted. */
static long live;

static void *
new_data(uint64_t rowno)
{
	uint64_t *p = malloc(sizeof *p);

	assert_non_null(p);
	*p = rowno;
	live++;
	return p;
}

static void
free_data(void *p)
{
	free(p);
	live--;
}

/* A fixed LCG for shuffles, so every run sees the same orders. */
static uint64_t lcg_state;

static uint64_t
lcg(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return lcg_state >> 33;
}

static void
shuffle(uint64_t *v, size_t n, uint64_t seed)
{
	size_t i, j;
	uint64_t t;

	lcg_state = seed;
	for (i = n; i > 1; i--) {
		j = (size_t)(lcg() % i);
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* Offers rows[0..n) with data; returns the sample. */
static struct sample *
take(size_t cap, uint64_t seed, const uint64_t *rows, size_t n)
{
	struct sample *s = sample_new(cap, seed, free_data);
	void **slot;
	size_t i;

	for (i = 0; i < n; i++)
		if ((slot = sample_offer(s, rows[i])) != NULL) {
			assert_null(*slot);
			*slot = new_data(rows[i]);
		}
	return s;
}

/* The sorted row numbers of s into out (at least sample_count(s) long);
 * checks each entry's key and data on the way. */
static size_t
rows_of(struct sample *s, uint64_t seed, uint64_t *out)
{
	const struct sample_entry *e;
	size_t i, n;

	e = sample_sorted(s, &n);
	assert_int_equal(n, sample_count(s));
	for (i = 0; i < n; i++) {
		out[i] = e[i].rowno;
		assert_true(e[i].key == sample_key(seed, e[i].rowno));
		assert_non_null(e[i].data);
		assert_true(*(uint64_t *)e[i].data == e[i].rowno);
		if (i > 0)
			assert_true(e[i - 1].rowno < e[i].rowno);
	}
	return n;
}

/* The reference: sort all rows by (key, row), keep the first cap, sort by
 * row.  Quadratic, for small populations only. */
static size_t
reference(size_t cap, uint64_t seed, const uint64_t *rows, size_t n,
    uint64_t *out)
{
	uint64_t *v = malloc(n * sizeof *v), t, ki, kj;
	size_t i, j, m;

	assert_non_null(v);
	memcpy(v, rows, n * sizeof *v);
	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--) {
			ki = sample_key(seed, v[j]);
			kj = sample_key(seed, v[j - 1]);
			if (kj < ki || (kj == ki && v[j - 1] < v[j]))
				break;
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	m = n < cap ? n : cap;
	for (i = 1; i < m; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	memcpy(out, v, m * sizeof *v);
	free(v);
	return m;
}

/* The key is part of the contract: a changed hash would silently change
 * every saved seed's sample.  Values from an independent Python version. */
static void
test_key_pinned(void **state)
{
	static const struct {
		uint64_t seed, rowno, key;
	} k[] = {
		{ 0, 0, 0x5eda5b6b121223a4ULL },
		{ 0, 1, 0xf3df08b6976d37f9ULL },
		{ 1, 0, 0x294cf66702b428c5ULL },
		{ 42, 12345, 0x403635cc4648d145ULL },
		{ UINT64_MAX, UINT64_MAX, 0xd74e138343f20064ULL },
		{ 20260314, 999999999, 0x5d777ddd1b5e62bcULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof k / sizeof k[0]; i++)
		if (sample_key(k[i].seed, k[i].rowno) != k[i].key)
			fail_msg("key(%llu, %llu) = %016llx, want %016llx",
			    (unsigned long long)k[i].seed,
			    (unsigned long long)k[i].rowno,
			    (unsigned long long)sample_key(k[i].seed, k[i].rowno),
			    (unsigned long long)k[i].key);
}

/* Seed 7, rows 1..1000, N = 10: the rows Python picks. */
static void
test_pinned_sample(void **state)
{
	static const uint64_t want[10] = {
		70, 470, 521, 566, 570, 602, 793, 877, 914, 972
	};
	uint64_t rows[1000], got[10];
	struct sample *s;
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++)
		rows[i] = i + 1;
	s = take(10, 7, rows, 1000);
	assert_int_equal(rows_of(s, 7, got), 10);
	assert_memory_equal(got, want, sizeof want);
	sample_free(s);
	assert_int_equal(live, 0);
}

static void
test_reproducible(void **state)
{
	enum { POP = 20000, N = 200 };
	static uint64_t rows[POP], a[N], b[N], c[N], ref[N];
	struct sample *s;
	size_t i, j, common;

	(void)state;
	for (i = 0; i < POP; i++)
		rows[i] = i;
	s = take(N, 42, rows, POP);
	assert_int_equal(rows_of(s, 42, a), N);
	sample_free(s);
	s = take(N, 42, rows, POP);
	assert_int_equal(rows_of(s, 42, b), N);
	sample_free(s);
	assert_memory_equal(a, b, sizeof a);

	/* Another seed: an unrelated sample, overlapping by chance only
	 * (expected N * N / POP = 2 rows). */
	s = take(N, 43, rows, POP);
	assert_int_equal(rows_of(s, 43, c), N);
	sample_free(s);
	for (i = j = common = 0; i < N && j < N;)
		if (a[i] == c[j]) {
			common++;
			i++;
			j++;
		} else if (a[i] < c[j])
			i++;
		else
			j++;
	assert_true(common < 12);

	/* The first 2000 rows against the brute-force reference. */
	s = take(N, 42, rows, 2000);
	assert_int_equal(rows_of(s, 42, a), N);
	sample_free(s);
	assert_int_equal(reference(N, 42, rows, 2000, ref), N);
	assert_memory_equal(a, ref, sizeof ref);
	assert_int_equal(live, 0);
}

static void
test_all_rows(void **state)
{
	uint64_t rows[60], got[100];
	struct sample *s;
	size_t i, cap;

	(void)state;
	for (i = 0; i < 60; i++)
		rows[i] = 1000 + 60 - i;	/* offered in reverse */
	for (cap = 60; cap <= 100; cap += 40) {
		s = take(cap, 1, rows, 60);
		assert_int_equal(sample_count(s), 60);
		assert_int_equal(rows_of(s, 1, got), 60);
		for (i = 0; i < 60; i++)
			assert_int_equal(got[i], 1001 + i);
		sample_free(s);
	}
	/* One row short of the population: exactly one row is left out. */
	s = take(59, 1, rows, 60);
	assert_int_equal(rows_of(s, 1, got), 59);
	sample_free(s);
	assert_int_equal(live, 0);
}

static void
test_cap_zero_and_empty(void **state)
{
	struct sample *s;
	const struct sample_entry *e;
	size_t n = 99;

	(void)state;
	s = sample_new(0, 5, free_data);
	assert_null(sample_offer(s, 1));
	assert_null(sample_offer(s, 2));
	assert_int_equal(sample_count(s), 0);
	e = sample_sorted(s, &n);
	assert_int_equal(n, 0);
	(void)e;
	sample_free(s);
	sample_free(NULL);

	/* No free_data: entries' data is simply dropped. */
	s = sample_new(2, 5, NULL);
	assert_non_null(sample_offer(s, 1));
	sample_free(s);
}

/* Any order of offers, and any split merged back, gives the same sample. */
static void
test_order_and_merge(void **state)
{
	enum { POP = 5000, N = 37 };
	static uint64_t rows[POP], want[N], got[N];
	struct sample *s, *h1, *h2, *parts[7];
	size_t i, k, split;

	(void)state;
	for (i = 0; i < POP; i++)
		rows[i] = 3 * i + 11;
	s = take(N, 99, rows, POP);
	assert_int_equal(rows_of(s, 99, want), N);
	sample_free(s);

	for (k = 0; k < 5; k++) {
		shuffle(rows, POP, k + 1);
		s = take(N, 99, rows, POP);
		assert_int_equal(rows_of(s, 99, got), N);
		assert_memory_equal(got, want, sizeof want);
		sample_free(s);
	}

	/* Two halves at several split points, merged both ways. */
	for (k = 0; k < 4; k++) {
		split = k == 0 ? 0 : k == 1 ? 10 : k == 2 ? POP / 2 : POP;
		h1 = take(N, 99, rows, split);
		h2 = take(N, 99, rows + split, POP - split);
		if (k % 2) {
			sample_merge(h1, h2);
			assert_int_equal(sample_count(h2), 0);
			assert_int_equal(rows_of(h1, 99, got), N);
		} else {
			sample_merge(h2, h1);
			assert_int_equal(sample_count(h1), 0);
			assert_int_equal(rows_of(h2, 99, got), N);
		}
		assert_memory_equal(got, want, sizeof want);
		assert_int_equal(live, N);
		sample_free(h1);
		sample_free(h2);
		assert_int_equal(live, 0);
	}

	/* Seven parts in round-robin, merged into an empty sample. */
	for (k = 0; k < 7; k++)
		parts[k] = sample_new(N, 99, free_data);
	for (i = 0; i < POP; i++) {
		void **slot = sample_offer(parts[i % 7], rows[i]);

		if (slot != NULL)
			*slot = new_data(rows[i]);
	}
	s = sample_new(N, 99, free_data);
	for (k = 0; k < 7; k++) {
		sample_merge(s, parts[k]);
		sample_merge(s, parts[k]);	/* now empty: a no-op */
		sample_free(parts[k]);
	}
	sample_merge(s, s);
	assert_int_equal(rows_of(s, 99, got), N);
	assert_memory_equal(got, want, sizeof want);
	sample_free(s);
	assert_int_equal(live, 0);
}

/* A merge re-keys with dst's seed: src's rows are offered to dst. */
static void
test_merge_rekeys(void **state)
{
	enum { POP = 400, N = 15 };
	static uint64_t rows[POP], want[N], got[N];
	struct sample *src, *dst;

	(void)state;
	for (size_t i = 0; i < POP; i++)
		rows[i] = i;
	assert_int_equal(reference(N, 2, rows, POP, want), N);
	src = take(POP, 1, rows, POP);		/* every row, seed 1 */
	dst = sample_new(N, 2, free_data);
	sample_merge(dst, src);
	assert_int_equal(sample_count(src), 0);
	assert_int_equal(rows_of(dst, 2, got), N);
	assert_memory_equal(got, want, sizeof want);
	assert_int_equal(live, N);
	sample_free(src);
	sample_free(dst);
	assert_int_equal(live, 0);
}

/* Sorting mid-stream must not break later offers. */
static void
test_sorted_then_offer(void **state)
{
	enum { POP = 3000, N = 25 };
	static uint64_t rows[POP], want[N], got[N];
	struct sample *s;
	const struct sample_entry *e;
	void **slot;
	size_t i, n;

	(void)state;
	for (i = 0; i < POP; i++)
		rows[i] = i;
	assert_int_equal(reference(N, 3, rows, POP, want), N);
	s = sample_new(N, 3, free_data);
	for (i = 0; i < POP; i++) {
		if ((slot = sample_offer(s, rows[i])) != NULL)
			*slot = new_data(rows[i]);
		if (i % 97 == 0 || i == 10) {
			e = sample_sorted(s, &n);
			assert_int_equal(n, i + 1 < N ? i + 1 : N);
			(void)e;
		}
	}
	assert_int_equal(rows_of(s, 3, got), N);
	assert_memory_equal(got, want, sizeof want);
	sample_free(s);
	assert_int_equal(live, 0);
}

/*
 * Uniformity: over 2000 fixed seeds, a sample of 20 from 200 rows includes
 * each row about 200 times.  Pearson's statistic with the variance of
 * sampling without replacement (each row's count has variance
 * seeds * p * (1 - p) * POP / (POP - 1), counts summing to a constant) is
 * chi-square with 199 degrees of freedom; its 0.999 quantile is 266.39
 * (mpmath: gammaincc(199/2, x/2) = 0.001).  Fixed seeds make the test
 * deterministic; a biased or seed-blind key fails it by a wide margin.
 */
static void
test_uniform(void **state)
{
	enum { SEEDS = 2000, POP = 200, N = 20 };
	static long count[POP];
	uint64_t rows[POP];
	const struct sample_entry *e;
	struct sample *s;
	double expect, var, chi2 = 0, p = (double)N / POP;
	size_t i, n, seed;

	(void)state;
	for (i = 0; i < POP; i++)
		rows[i] = i;
	for (seed = 0; seed < SEEDS; seed++) {
		s = sample_new(N, seed, NULL);
		for (i = 0; i < POP; i++)
			(void)sample_offer(s, rows[i]);
		e = sample_sorted(s, &n);
		assert_int_equal(n, N);
		for (i = 0; i < n; i++)
			count[e[i].rowno]++;
		sample_free(s);
	}
	expect = (double)SEEDS * p;
	var = SEEDS * p * (1 - p) * POP / (POP - 1);
	for (i = 0; i < POP; i++)
		chi2 += (count[i] - expect) * (count[i] - expect) / var;
	print_message("uniformity: chi2 = %.1f (df 199, p = 0.001 at 266.39)\n",
	    chi2);
	assert_true(chi2 < 266.39);
	/* And not suspiciously even (the 0.001 quantile is 143.00). */
	assert_true(chi2 > 143.0);
}

struct wcase {
	long	k, n;
	double	lo, hi;	/* mpmath, z = 1.959964 */
};

static const struct wcase wcases[] = {
	{ 45, 50, 0.786397684514, 0.956524235343 },
	{ 0, 10, 0.0, 0.277532803026 },
	{ 10, 10, 0.722467196974, 1.0 },
	{ 1, 2, 0.0945312046392, 0.905468795361 },
	{ 95, 100, 0.888249530126, 0.978456320982 },
	{ 300, 1000, 0.272406842266, 0.329123861152 },
	{ 0, 1, 0.0, 0.793450688208 },
	{ 7, 13, 0.291437955586, 0.76793932325 },
	{ 0, 0, 0.0, 1.0 },
	{ 3, -1, 0.0, 1.0 },
	{ 12, 10, 0.722467196974, 1.0 },	/* k clamped to n */
	{ -4, 10, 0.0, 0.277532803026 },	/* k clamped to 0 */
};

static void
test_wilson(void **state)
{
	double lo, hi;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof wcases / sizeof wcases[0]; i++) {
		sample_wilson(wcases[i].k, wcases[i].n, &lo, &hi);
		if (lo < wcases[i].lo - 1e-9 || lo > wcases[i].lo + 1e-9 ||
		    hi < wcases[i].hi - 1e-9 || hi > wcases[i].hi + 1e-9)
			fail_msg("wilson(%ld, %ld) = [%.12f, %.12f], want [%.12f, %.12f]",
			    wcases[i].k, wcases[i].n, lo, hi, wcases[i].lo,
			    wcases[i].hi);
	}
	/* The brief's check, to its 4 decimals (it used z = 1.96). */
	sample_wilson(45, 50, &lo, &hi);
	assert_true(lo > 0.78635 && lo < 0.78645);
	assert_true(hi > 0.95645 && hi < 0.95655);
}

static void
test_gate(void **state)
{
	(void)state;
	/* 45 of 50 is [0.7864, 0.9565]. */
	assert_int_equal(sample_gate(45, 50, 0.75), SAMPLE_PASS);
	assert_int_equal(sample_gate(45, 50, 0.7863), SAMPLE_PASS);
	assert_int_equal(sample_gate(45, 50, 0.7864), SAMPLE_INCONCLUSIVE);
	assert_int_equal(sample_gate(45, 50, 0.8), SAMPLE_INCONCLUSIVE);
	assert_int_equal(sample_gate(45, 50, 0.9), SAMPLE_INCONCLUSIVE);
	assert_int_equal(sample_gate(45, 50, 0.9565), SAMPLE_INCONCLUSIVE);
	assert_int_equal(sample_gate(45, 50, 0.9566), SAMPLE_FAIL);
	assert_int_equal(sample_gate(45, 50, 0.99), SAMPLE_FAIL);
	/* All good and none good. */
	assert_int_equal(sample_gate(10, 10, 0.7), SAMPLE_PASS);
	assert_int_equal(sample_gate(10, 10, 0.8), SAMPLE_INCONCLUSIVE);
	assert_int_equal(sample_gate(0, 10, 0.3), SAMPLE_FAIL);
	assert_int_equal(sample_gate(0, 10, 0.2), SAMPLE_INCONCLUSIVE);
	/* Nothing sampled settles nothing inside (0, 1]. */
	assert_int_equal(sample_gate(0, 0, 0.5), SAMPLE_INCONCLUSIVE);
	assert_int_equal(sample_gate(0, 0, 1.0), SAMPLE_INCONCLUSIVE);
	/* A threshold of 1 can never pass: only fail or wait. */
	assert_int_equal(sample_gate(1000, 1000, 1.0), SAMPLE_INCONCLUSIVE);
	assert_int_equal(sample_gate(900, 1000, 1.0), SAMPLE_FAIL);
}

struct ncase {
	long	k, n;
	double	t;
	long	want;	/* mpmath search over the same Wilson formula */
};

static const struct ncase ncases[] = {
	{ 45, 50, 0.8, 62 },
	{ 45, 50, 0.75, 33 },		/* settled already: fewer than n */
	{ 40, 50, 0.9, 35 },		/* settles as FAIL */
	{ 10, 100, 0.2, 62 },
	{ 9, 10, 0.5, 7 },
	{ 50, 50, 0.9, 35 },
	{ 0, 50, 0.1, 35 },
	{ 3, 4, 0.7, 323 },
	{ 501, 1000, 0.5, 960365 },
	{ 45, 50, 0.0, 1 },
	{ 5001, 10000, 0.5, SAMPLE_NEEDED_MAX },	/* would take ~9.6e7 */
	{ 1, 2, 0.5, -1 },		/* share == threshold */
	{ 45, 50, 0.9, -1 },
	{ 0, 0, 0.5, -1 },
	{ 5, 4, 0.5, -1 },
	{ -1, 4, 0.5, -1 },
};

static void
test_needed(void **state)
{
	size_t i;
	long m;

	(void)state;
	for (i = 0; i < sizeof ncases / sizeof ncases[0]; i++) {
		m = sample_needed(ncases[i].k, ncases[i].n, ncases[i].t);
		if (m != ncases[i].want)
			fail_msg("needed(%ld, %ld, %g) = %ld, want %ld",
			    ncases[i].k, ncases[i].n, ncases[i].t, m,
			    ncases[i].want);
	}
	/* With a share that stays a whole count (3/4), the gate agrees: 16
	 * rows settle it, 12 do not. */
	assert_int_equal(sample_needed(3, 4, 0.5), 16);
	assert_int_equal(sample_gate(12, 16, 0.5), SAMPLE_PASS);
	assert_int_equal(sample_gate(9, 12, 0.5), SAMPLE_INCONCLUSIVE);
	assert_int_equal(sample_needed(1, 4, 0.5), 16);
	assert_int_equal(sample_gate(4, 16, 0.5), SAMPLE_FAIL);
	assert_int_equal(sample_gate(3, 12, 0.5), SAMPLE_INCONCLUSIVE);
	/* Monotone: a share further from the threshold needs fewer rows. */
	assert_true(sample_needed(46, 50, 0.8) < sample_needed(45, 50, 0.8));
	assert_true(sample_needed(41, 50, 0.8) > sample_needed(45, 50, 0.8));
}

static void
test_fresh_seed(void **state)
{
	uint64_t a, b, c;

	(void)state;
	/* 64 random bits: three equal draws mean the source is broken. */
	a = sample_fresh_seed();
	b = sample_fresh_seed();
	c = sample_fresh_seed();
	assert_false(a == b && b == c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_pinned),
		cmocka_unit_test(test_pinned_sample),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_all_rows),
		cmocka_unit_test(test_cap_zero_and_empty),
		cmocka_unit_test(test_order_and_merge),
		cmocka_unit_test(test_merge_rekeys),
		cmocka_unit_test(test_sorted_then_offer),
		cmocka_unit_test(test_uniform),
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_gate),
		cmocka_unit_test(test_needed),
		cmocka_unit_test(test_fresh_seed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
