/* Unit tests for stats: counts per level, finding and breakdown, spellings,
 * vague values, GA4 pairs, conflicts, rejected rows, ordering and
 * suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify.h"
#include "stats.h"
#include "testutil.h"

/* One lead: CRM source, utm_source, utm_medium, utm_campaign, owner, month. */
struct lcase {
	const char	*src, *usrc, *umed, *ucamp, *owner, *month;
};

static const struct lcase leads[] = {
	{ "LinkedIn", NULL, NULL, NULL, "Anna", "2026-03" },		/* channel */
	{ "LinkedIn", NULL, NULL, NULL, "Anna", "2026-03" },		/* channel */
	{ NULL, "li", "social", NULL, "Bert", "2026-04" },		/* channel */
	{ NULL, "google", "cpc", "brand-2026", "Bert", "2026-04" },	/* campaign */
	{ "Website", NULL, NULL, NULL, NULL, NULL },			/* vague */
	{ "website", NULL, NULL, NULL, " ", "2026-03" },		/* vague */
	{ NULL, NULL, NULL, NULL, "Anna", NULL },			/* missing */
	{ "xing", "google", NULL, NULL, "Anna", "2026-03" },		/* conflict */
	{ NULL, "linkdin", NULL, NULL, NULL, "2026-03" },		/* unknown */
	{ NULL, "LI", "Social", NULL, NULL, "2026-03" },		/* GA4 unassigned */
	{ NULL, "zzzzzz", NULL, NULL, NULL, "2026-03" },		/* unknown */
};
#define NLEADS	(sizeof leads / sizeof leads[0])

static void
feed(struct stats *st, const struct rules *r)
{
	size_t i;

	for (i = 0; i < NLEADS; i++) {
		const char *vals[ROLE_COUNT] = { 0 };
		struct verdict v;
		struct lead l;

		vals[ROLE_SOURCE] = leads[i].src;
		vals[ROLE_UTM_SOURCE] = leads[i].usrc;
		vals[ROLE_UTM_MEDIUM] = leads[i].umed;
		vals[ROLE_UTM_CAMPAIGN] = leads[i].ucamp;
		vals[ROLE_OWNER] = leads[i].owner;
		tu_lead(&l, vals);
		classify_lead(r, &l, &v);
		stats_add(st, &l, &v, leads[i].month);
	}
}

static const struct stats_group *
grp(const struct stats *st, enum stats_break b, const char *name)
{
	const struct stats_group *g = map_get(st->by[b], name, strlen(name));

	if (g == NULL) {
		print_error("no %s group '%s'\n", stats_break_name(b), name);
		fail();
	}
	return g;
}

static long
count(const struct map *m, const char *key)
{
	return (long)(uintptr_t)map_get(m, key, strlen(key));
}

static void
test_counts(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	const struct stats_group *g;
	struct stats st;

	(void)state;
	stats_init(&st);
	feed(&st, r);
	assert_int_equal(st.in_scope, NLEADS);
	assert_int_equal(st.level[LEVEL_CAMPAIGN], 1);
	assert_int_equal(st.level[LEVEL_CHANNEL], 6);
	assert_int_equal(st.level[LEVEL_VAGUE], 2);
	assert_int_equal(st.level[LEVEL_MISSING], 1);
	assert_int_equal(st.level[LEVEL_CONFLICT], 1);
	assert_int_equal(stats_specific(&st), 7);
	/* Findings: leads carrying each. */
	assert_int_equal(st.finding[F_SOURCE_VARIANT], 2);
	assert_int_equal(st.finding[F_SOURCE_ALIAS], 2);
	assert_int_equal(st.finding[F_SOURCE_UNKNOWN], 2);
	assert_int_equal(st.finding[F_SOURCE_VAGUE], 2);
	assert_int_equal(st.finding[F_SOURCE_MISSING], 1);
	assert_int_equal(st.finding[F_CONFLICT], 1);
	assert_int_equal(st.finding[F_MEDIUM_VARIANT], 1);

	/* By source: canonical names, "?key" for unknown spellings. */
	g = grp(&st, BY_SOURCE, "linkedin");
	assert_int_equal(g->n, 4);
	assert_int_equal(g->specific, 4);
	assert_int_equal(g->level[LEVEL_CHANNEL], 4);
	assert_non_null(g->canon);
	assert_string_equal(g->canon->name, "linkedin");
	/* The spellings as typed. */
	assert_int_equal(map_count(g->spellings), 3);
	assert_int_equal(count(g->spellings, "LinkedIn"), 2);
	assert_int_equal(count(g->spellings, "li"), 1);
	assert_int_equal(count(g->spellings, "LI"), 1);
	g = grp(&st, BY_SOURCE, "google");
	assert_int_equal(g->n, 2);
	assert_int_equal(g->level[LEVEL_CAMPAIGN], 1);
	assert_int_equal(g->level[LEVEL_CONFLICT], 1);
	assert_int_equal(g->specific, 1);
	g = grp(&st, BY_SOURCE, "?linkdin");
	assert_int_equal(g->n, 1);
	assert_null(g->canon);
	assert_int_equal(count(g->spellings, "linkdin"), 1);
	assert_int_equal(grp(&st, BY_SOURCE, "(vague)")->n, 2);
	assert_null(grp(&st, BY_SOURCE, "(vague)")->spellings);
	assert_int_equal(grp(&st, BY_SOURCE, "(missing)")->n, 1);
	assert_int_equal(map_count(st.by[BY_SOURCE]), 6);

	/* By channel, owner, month. */
	assert_int_equal(grp(&st, BY_CHANNEL, "Organic Social")->n, 4);
	assert_int_equal(grp(&st, BY_CHANNEL, "Paid Search")->n, 1);
	assert_int_equal(grp(&st, BY_CHANNEL, "Unassigned")->n, 5);
	assert_int_equal(grp(&st, BY_OWNER, "Anna")->n, 4);
	assert_int_equal(grp(&st, BY_OWNER, "Anna")->specific, 2);
	assert_int_equal(grp(&st, BY_OWNER, "Bert")->n, 2);
	assert_int_equal(grp(&st, BY_OWNER, "(none)")->n, 5);
	assert_int_equal(map_count(st.by[BY_OWNER]), 3);
	assert_int_equal(grp(&st, BY_MONTH, "2026-03")->n, 7);
	assert_int_equal(grp(&st, BY_MONTH, "2026-04")->n, 2);
	assert_int_equal(grp(&st, BY_MONTH, "(undated)")->n, 2);

	/* Vague spellings, GA4 pairs, conflicts. */
	assert_int_equal(map_count(st.vague), 2);
	assert_int_equal(count(st.vague, "Website"), 1);
	assert_int_equal(count(st.vague, "website"), 1);
	assert_int_equal(count(st.ga4, "LI / Social"), 1);
	assert_int_equal(count(st.conflicts, "google vs xing"), 1);
	assert_int_equal(map_count(st.conflicts), 1);

	stats_free(&st);
	stats_free(&st);	/* a freed struct is empty: freeing again is harmless */
	rules_free(r);
}

static void
test_suggest(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	const struct stats_group *g;
	struct stats st;

	(void)state;
	stats_init(&st);
	feed(&st, r);
	stats_suggest(&st, r);
	g = grp(&st, BY_SOURCE, "?linkdin");
	assert_non_null(g->suggest);
	assert_string_equal(g->suggest, "linkedin");
	assert_int_equal(g->suggest_dist, 1);
	g = grp(&st, BY_SOURCE, "?zzzzzz");
	assert_null(g->suggest);
	/* Known sources get no suggestion. */
	assert_null(grp(&st, BY_SOURCE, "linkedin")->suggest);
	assert_null(grp(&st, BY_SOURCE, "(vague)")->suggest);
	stats_free(&st);

	/* More near and far misses. */
	{
		static const struct {
			const char	*key, *want;
			int		 dist;
		} c[] = {
			{ "?gogle", "google", 1 },
			{ "?googel", "google", 2 },
			{ "?bng", "bing", 1 },
			{ "?lnkedin", "linkedin", 1 },
			{ "?tradeshow", "trade_show", 1 },
			{ "?xx", NULL, 0 },
			{ "?g", NULL, 0 },
			{ "?faceboook", NULL, 0 },
		};
		size_t i;

		stats_init(&st);
		for (i = 0; i < sizeof c / sizeof c[0]; i++) {
			void **slot = map_slot(st.by[BY_SOURCE], c[i].key, strlen(c[i].key), 1, NULL);
			*slot = calloc(1, sizeof(struct stats_group));
			assert_non_null(*slot);
		}
		stats_suggest(&st, r);
		for (i = 0; i < sizeof c / sizeof c[0]; i++) {
			g = map_value(st.by[BY_SOURCE], i);
			if ((c[i].want == NULL) != (g->suggest == NULL) || (c[i].want != NULL &&
			    (strcmp(g->suggest, c[i].want) != 0 || g->suggest_dist != c[i].dist))) {
				print_error("%s: suggested %s (%d), want %s (%d)\n", c[i].key,
				    g->suggest ? g->suggest : "nothing", g->suggest_dist,
				    c[i].want ? c[i].want : "nothing", c[i].dist);
				fail();
			}
		}
		stats_free(&st);
	}
	rules_free(r);
}

static void
test_reject(void **state)
{
	struct stats st;
	long i;

	(void)state;
	stats_init(&st);
	for (i = 1; i <= STATS_ROWS_MAX + 500; i++)
		stats_reject(&st.ragged, i * 10);
	assert_int_equal(st.ragged.count, STATS_ROWS_MAX + 500);
	assert_int_equal(st.ragged.kept, STATS_ROWS_MAX);
	assert_int_equal(st.ragged.lines[0], 10);
	assert_int_equal(st.ragged.lines[STATS_ROWS_MAX - 1], STATS_ROWS_MAX * 10);
	stats_reject(&st.undated, 7);
	stats_reject(&st.out_of_window, 8);
	stats_reject(&st.out_of_window, 9);
	stats_reject(&st.bad_dates, 11);	/* in scope: not a rejection */
	stats_reject(&st.bad_bytes, 12);
	assert_int_equal(stats_rejected(&st), STATS_ROWS_MAX + 500 + 3);
	assert_int_equal(st.undated.kept, 1);
	assert_int_equal(st.undated.lines[0], 7);
	stats_free(&st);
}

static void
test_order(void **state)
{
	static const struct {
		const char	*key;
		size_t		 len;
		long		 n;
	} in[] = {
		{ "b", 1, 3 }, { "a", 1, 3 }, { "c", 1, 5 }, { "d", 1, 1 }, { "ab", 2, 3 },
		{ "", 0, 3 }, { "a\0", 2, 3 }, { "z", 1, 7 },
	};
	static const char *const want[] = { "z", "c", "", "a", "a\0", "ab", "b", "d" };
	static const size_t wlen[] = { 1, 1, 0, 1, 2, 2, 1, 1 };
	struct map *m = map_new(), *g = map_new();
	struct stats_group grps[8];
	size_t *idx, i, len;
	const char *k;

	(void)state;
	memset(grps, 0, sizeof grps);
	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		stats_count(m, in[i].key, in[i].len, in[i].n);
		grps[i].n = in[i].n;
		*map_slot(g, in[i].key, in[i].len, 1, NULL) = &grps[i];
	}
	assert_int_equal(stats_count_of(m, 2), 5);

	idx = stats_order(m, 0);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		k = map_key(m, idx[i], &len);
		if (len != wlen[i] || memcmp(k, want[i], len) != 0) {
			print_error("counts: position %zu is '%.*s', want '%s'\n", i, (int)len, k,
			    want[i]);
			fail();
		}
	}
	free(idx);
	idx = stats_order(g, 1);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		k = map_key(g, idx[i], &len);
		assert_int_equal(len, wlen[i]);
		assert_memory_equal(k, want[i], len);
	}
	free(idx);
	map_free(m);
	map_free(g);

	/* An empty map gives an (empty) array to free. */
	m = map_new();
	idx = stats_order(m, 0);
	assert_non_null(idx);
	free(idx);
	map_free(m);
}

static void
test_count(void **state)
{
	struct map *m = map_new();
	char a[300], b[300];

	(void)state;
	stats_count(m, "x", 1, 1);
	stats_count(m, "x", 1, 2);
	stats_count(m, "y", 1, 1);
	assert_int_equal(count(m, "x"), 3);
	assert_int_equal(stats_count_of(m, 0), 3);
	assert_int_equal(stats_count_of(m, 1), 1);
	/* Keys are cut to STATS_SPELL_MAX bytes: long spellings that share
	 * their first bytes share a count. */
	memset(a, 'a', sizeof a);
	memcpy(b, a, sizeof b);
	b[sizeof b - 1] = 'b';
	stats_count(m, a, sizeof a, 1);
	stats_count(m, b, sizeof b, 1);
	assert_int_equal(map_count(m), 3);
	assert_int_equal(stats_count_of(m, 2), 2);
	{
		size_t len;
		map_key(m, 2, &len);
		assert_int_equal(len, STATS_SPELL_MAX);
	}
	map_free(m);

	assert_string_equal(stats_break_name(BY_SOURCE), "source");
	assert_string_equal(stats_break_name(BY_CHANNEL), "channel");
	assert_string_equal(stats_break_name(BY_OWNER), "owner");
	assert_string_equal(stats_break_name(BY_MONTH), "month");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
