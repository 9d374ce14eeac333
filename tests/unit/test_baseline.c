/* Unit tests for baseline: an audit's JSON report read back compares equal
 * to the audit; the drift between two audits (share, months, new
 * spellings, dropped sources and owners, the 5-point and 10-lead limits,
 * redacted owners); refusals with their place; reading files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "classify.h"
#include "report.h"
#include "testutil.h"

/* A leads_result built by hand: stats fed through classify, no sample. */
struct fx {
	struct leads_opts	 o;
	struct colmap		 cm;
	struct leads_result	 res;
};

static void
fx_init(struct fx *f, const struct rules *r, const char *input)
{
	int k;

	memset(f, 0, sizeof *f);
	f->o.input = input;
	for (k = 0; k < ROLE_COUNT; k++)
		f->cm.col[k] = -1;
	f->res.opts = &f->o;
	f->res.rules = r;
	f->res.cm = &f->cm;
	f->res.threshold = 0.9;
	stats_init(&f->res.st);
}

/* count leads of CRM source src (utm_campaign camp) by owner in month. */
static void
fx_add(struct fx *f, const struct rules *r, const char *src, const char *camp,
    const char *owner, const char *month, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		const char *vals[ROLE_COUNT] = { 0 };
		struct verdict v;
		struct lead l;

		vals[ROLE_SOURCE] = src;
		vals[ROLE_UTM_CAMPAIGN] = camp;
		vals[ROLE_OWNER] = owner;
		tu_lead(&l, vals);
		classify_lead(r, &l, &v);
		stats_add(&f->res.st, &l, &v, month);
	}
}

static void
fx_decide(struct fx *f)
{
	struct leads_result *res = &f->res;

	res->share = res->st.in_scope ? (double)stats_specific(&res->st) /
	    (double)res->st.in_scope : 0;
	res->verdict = res->share >= res->threshold ? VERDICT_PASS : VERDICT_FAIL;
}

/* The JSON report of f, read back as a baseline. */
static struct baseline *
fx_baseline(struct fx *f, const char *name)
{
	struct tu_mem m;
	struct baseline *b;
	struct diag d;
	const char *text;

	assert_int_equal(report_json(tu_mem_open(&m), &f->res), 0);
	text = tu_mem_text(&m);
	memset(&d, 0, sizeof d);
	b = baseline_load_mem(name, text, m.len, &d);
	if (b == NULL) {
		print_error("baseline refused: %s:%ld:%ld: %s\n", d.file, d.line, d.col, d.msg);
		fail();
	}
	tu_mem_free(&m);
	return b;
}

static void
fx_free(struct fx *f)
{
	stats_free(&f->res.st);
}

/* The earlier audit. */
static void
feed_then(struct fx *f, const struct rules *r)
{
	fx_add(f, r, "LinkedIn", NULL, "Anna", "2026-01", 12);
	fx_add(f, r, "google", NULL, "Bert", "2026-01", 10);
	fx_add(f, r, "google", NULL, "Carla", "2026-02", 9);
	fx_add(f, r, "google", NULL, "Dora", "2026-02", 10);
	fx_add(f, r, "google", NULL, "eve@example.org", "2026-02", 10);
	fx_add(f, r, "Beurs", "fair-2026", "Fred", "2026-02", 10);
	fx_add(f, r, "zzz", NULL, "Fred", "2026-02", 1);
	fx_add(f, r, "Website", NULL, "Fred", "2026-02", 2);
}

/* The audit now. */
static void
feed_now(struct fx *f, const struct rules *r)
{
	fx_add(f, r, "li", NULL, "Anna", "2026-02", 6);		/* new alias */
	fx_add(f, r, "Website", NULL, "Anna", "2026-03", 6);	/* Anna: 100% -> 50% */
	fx_add(f, r, "google", NULL, "Bert", "2026-03", 19);
	fx_add(f, r, "Website", NULL, "Bert", "2026-03", 1);	/* Bert: exactly -5 */
	fx_add(f, r, "Website", NULL, "Carla", "2026-03", 10);	/* 9 leads then */
	fx_add(f, r, "google", NULL, "Dora", "2026-03", 9);
	fx_add(f, r, NULL, NULL, "Dora", "2026-03", 1);		/* Dora: -10 */
	fx_add(f, r, "Website", NULL, "eve@example.org", "2026-03", 10);	/* redacted */
	fx_add(f, r, "Beurs", NULL, "Fred", "2026-03", 10);	/* trade_show: vague now */
	fx_add(f, r, "zzz", NULL, "Fred", "2026-03", 1);	/* seen then */
	fx_add(f, r, "linkdin", NULL, "Fred", "2026-03", 2);	/* a new unknown */
	fx_add(f, r, "Other", NULL, "Fred", "2026-03", 3);	/* a new vague value */
	fx_add(f, r, "bing", NULL, "Fred", "2026-03", 1);	/* canonical: never new */
	fx_add(f, r, "Bing", NULL, "Fred", "2026-03", 2);	/* its variant is */
}

static void
test_same_audit_no_drift(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	struct baseline *b;
	const struct drift *dr;
	struct fx f;
	size_t i;

	(void)state;
	fx_init(&f, r, "then.csv");
	feed_then(&f, r);
	fx_decide(&f);
	b = fx_baseline(&f, "then.json");
	assert_null(baseline_drift(b));		/* not compared yet */
	assert_null(baseline_drift(NULL));
	baseline_compare(b, &f.res);
	assert_non_null(dr = baseline_drift(b));
	assert_string_equal(dr->file, "then.json");
	assert_int_equal(dr->ilen, 8);
	assert_memory_equal(dr->input, "then.csv", 8);
	assert_int_equal(dr->in_scope_then, f.res.st.in_scope);
	assert_int_equal(dr->specific_then, stats_specific(&f.res.st));
	assert_int_equal(dr->in_scope_now, dr->in_scope_then);
	assert_int_equal(dr->specific_now, dr->specific_then);
	assert_int_equal(dr->verdict_then, f.res.verdict);
	assert_true(dr->threshold_then == 0.9);
	assert_false(dr->rules_differ);
	assert_int_equal(dr->nspellings, 0);
	assert_int_equal(dr->ndrops, 0);
	assert_int_equal(dr->months_then, 2);
	assert_int_equal(dr->months_now, 2);
	assert_int_equal(dr->months_both, 2);
	assert_int_equal(dr->nmonths, 2);
	for (i = 0; i < dr->nmonths; i++) {
		assert_int_equal(dr->months[i].n_then, dr->months[i].n_now);
		assert_int_equal(dr->months[i].specific_then, dr->months[i].specific_now);
	}
	/* Comparing again gives the same. */
	baseline_compare(b, &f.res);
	assert_int_equal(baseline_drift(b)->nmonths, 2);
	baseline_compare(NULL, &f.res);
	baseline_free(b);
	baseline_free(NULL);
	fx_free(&f);
	rules_free(r);
}

static const struct drift_spelling *
find_spelling(const struct drift *dr, enum drift_kind kind, const char *value)
{
	size_t i;

	for (i = 0; i < dr->nspellings; i++)
		if (dr->spellings[i].kind == kind && dr->spellings[i].vlen == strlen(value) &&
		    memcmp(dr->spellings[i].value, value, dr->spellings[i].vlen) == 0)
			return &dr->spellings[i];
	return NULL;
}

static void
test_drift(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	struct baseline *b;
	const struct drift *dr;
	const struct drift_spelling *s;
	struct fx then, now;

	(void)state;
	fx_init(&then, r, "then.csv");
	feed_then(&then, r);
	fx_decide(&then);
	b = fx_baseline(&then, "then.json");
	fx_init(&now, r, "now.csv");
	feed_now(&now, r);
	fx_decide(&now);
	baseline_compare(b, &now.res);
	dr = baseline_drift(b);
	assert_non_null(dr);

	/* The trade fair with a campaign code was specific then. */
	assert_int_equal(dr->in_scope_then, 64);
	assert_int_equal(dr->specific_then, 62);
	assert_int_equal(dr->in_scope_now, now.res.st.in_scope);
	assert_int_equal(dr->specific_now, stats_specific(&now.res.st));

	/* Months: the union in time order. */
	assert_int_equal(dr->months_then, 2);
	assert_int_equal(dr->months_now, 2);
	assert_int_equal(dr->months_both, 1);
	assert_int_equal(dr->nmonths, 3);
	assert_memory_equal(dr->months[0].name, "2026-01", 7);
	assert_int_equal(dr->months[0].n_then, 22);
	assert_int_equal(dr->months[0].n_now, 0);
	assert_memory_equal(dr->months[1].name, "2026-02", 7);
	assert_int_equal(dr->months[1].n_then, 42);
	assert_int_equal(dr->months[1].n_now, 6);
	assert_int_equal(dr->months[1].specific_now, 6);
	assert_memory_equal(dr->months[2].name, "2026-03", 7);
	assert_int_equal(dr->months[2].n_then, 0);

	/* New spellings: the alias and the variant of known sources, the
	 * unknown source, the vague value; not the canonical "bing", not
	 * what was seen then. */
	s = find_spelling(dr, DRIFT_CANON, "li");
	assert_non_null(s);
	assert_int_equal(s->count, 6);
	assert_memory_equal(s->source, "linkedin", 8);
	assert_non_null(s = find_spelling(dr, DRIFT_CANON, "Bing"));
	assert_memory_equal(s->source, "bing", 4);
	assert_non_null(s = find_spelling(dr, DRIFT_UNKNOWN, "linkdin"));
	assert_int_equal(s->slen, 7);
	assert_non_null(s = find_spelling(dr, DRIFT_VAGUE, "Other"));
	assert_null(s->source);
	assert_int_equal(s->count, 3);
	assert_null(find_spelling(dr, DRIFT_CANON, "bing"));
	assert_null(find_spelling(dr, DRIFT_CANON, "google"));
	assert_null(find_spelling(dr, DRIFT_UNKNOWN, "zzz"));
	assert_null(find_spelling(dr, DRIFT_VAGUE, "Website"));
	assert_int_equal(dr->nspellings, 4);
	/* Sorted: kind, then most leads first. */
	assert_int_equal(dr->spellings[0].kind, DRIFT_CANON);
	assert_memory_equal(dr->spellings[0].value, "li", 2);
	assert_memory_equal(dr->spellings[1].value, "Bing", 4);
	assert_int_equal(dr->spellings[2].kind, DRIFT_UNKNOWN);
	assert_int_equal(dr->spellings[3].kind, DRIFT_VAGUE);

	/* Drops: the source first, then owners by the size of the drop.
	 * Not Bert (exactly 5 points), not Carla (9 leads then), not
	 * linkedin (6 leads now), not the redacted owner. */
	assert_int_equal(dr->ndrops, 4);
	assert_int_equal(dr->drops[0].by, BY_SOURCE);
	assert_memory_equal(dr->drops[0].name, "trade_show", 10);
	assert_true(dr->drops[0].known);
	assert_int_equal(dr->drops[0].n_then, 10);
	assert_int_equal(dr->drops[0].specific_then, 10);
	assert_int_equal(dr->drops[0].specific_now, 0);
	assert_int_equal(dr->drops[1].by, BY_OWNER);
	assert_memory_equal(dr->drops[1].name, "Fred", 4);	/* 84.6% -> 31.6% */
	assert_int_equal(dr->drops[1].n_then, 13);
	assert_int_equal(dr->drops[1].n_now, 19);
	assert_memory_equal(dr->drops[2].name, "Anna", 4);	/* 100% -> 50% */
	assert_int_equal(dr->drops[2].n_now, 12);
	assert_int_equal(dr->drops[2].specific_now, 6);
	assert_memory_equal(dr->drops[3].name, "Dora", 4);	/* 100% -> 90% */
	assert_int_equal(dr->drops[3].specific_now, 9);

	baseline_free(b);
	fx_free(&then);
	fx_free(&now);
	rules_free(r);
}

static void
test_rules_and_threshold(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	const char *json = "{\"schema_version\": 1, \"verdict\": \"pass\", "
	    "\"threshold\": 0.8, \"rules\": \"old.yaml\", \"rows\": {\"in_scope\": 0}, "
	    "\"levels\": {\"campaign\": 0, \"channel\": 0}, \"breakdowns\": "
	    "{\"source\": [], \"owner\": [], \"month\": []}}";
	struct baseline *b;
	struct diag d;
	struct fx f;

	(void)state;
	fx_init(&f, r, "now.csv");
	fx_decide(&f);
	b = baseline_load_mem("b.json", json, strlen(json), &d);
	assert_non_null(b);
	baseline_compare(b, &f.res);
	assert_true(baseline_drift(b)->rules_differ);
	assert_string_equal(baseline_drift(b)->rules_then, "old.yaml");
	assert_true(baseline_drift(b)->threshold_then == 0.8);
	assert_int_equal(baseline_drift(b)->verdict_then, VERDICT_PASS);
	assert_int_equal(baseline_drift(b)->months_then, 0);
	assert_int_equal(baseline_drift(b)->ilen, 0);
	baseline_free(b);
	fx_free(&f);
	rules_free(r);
}

struct bad {
	const char	*json;
	long		 line, col;
	const char	*msg;
};

#define HEAD	"{\"schema_version\": 1, \"verdict\": \"fail\", \"threshold\": 0.9,\n"
#define ROWS	"\"rows\": {\"in_scope\": 10}, \"levels\": {\"campaign\": 1, \"channel\": 2},\n"

static const struct bad bads[] = {
	{ "not json", 1, 1, "the baseline is not JSON" },
	{ "{\"a\": 1,}", 1, 9, "the baseline is not JSON" },
	{ "[1, 2]", 1, 1, "the text is an array, not an object" },
	{ "{}", 1, 1, "no \"schema_version\"" },
	{ "{\"schema_version\": \"1\"}", 1, 1, "no \"schema_version\"" },
	{ "{\"schema_version\": 0}", 1, 1, "no \"schema_version\"" },
	{ "{\"schema_version\": 1, \"findings\": []}", 1, 1, "no \"breakdowns\"" },
	{ "{\"schema_version\": 1, \"breakdowns\": {}, \"verdict\": \"maybe\"}", 1, 52,
	    "\"verdict\" must be pass, fail or inconclusive" },
	{ HEAD "\"breakdowns\": {}}", 1, 1, "\"rows\" must be an object" },
	{ HEAD "\"rows\": {\"in_scope\": 1.5}, \"breakdowns\": {}}", 2, 22,
	    "\"in_scope\" must be a whole number" },
	{ HEAD "\"rows\": {\"in_scope\": 1}, \"levels\": {\"campaign\": 1, \"channel\": 1}, "
	    "\"breakdowns\": {}}", 2, 36, "add up to no more than" },
	{ HEAD ROWS "\"breakdowns\": {\"source\": {}}}", 3, 26, "\"source\" must be a list" },
	{ HEAD ROWS "\"breakdowns\": {\"source\": [7]}}", 3, 27, "\"source\" must be a list" },
	{ HEAD ROWS "\"breakdowns\": {\"source\": [{\"name\": 1}]}}", 3, 36,
	    "\"name\" must be a string" },
	{ HEAD ROWS "\"breakdowns\": {\"source\": [{\"name\": \"a\", \"leads\": 2, "
	    "\"specific\": 3, \"known\": true}]}}", 3, 65, "no more than \"leads\"" },
	{ HEAD ROWS "\"breakdowns\": {\"source\": [{\"name\": \"a\", \"leads\": 2, "
	    "\"specific\": 1}]}}", 3, 27, "\"known\" must be true or false" },
	{ HEAD ROWS "\"breakdowns\": {\"source\": [{\"name\": \"a\", \"leads\": 2, "
	    "\"specific\": 1, \"known\": true, \"spellings\": [{\"value\": \"a\"}]}]}}",
	    3, 97, "\"count\" must be a whole number" },
	{ HEAD ROWS "\"breakdowns\": {\"source\": [], \"owner\": []}}", 3, 15,
	    "\"month\" must be a list" },
	{ HEAD "\"threshold\": 2, " ROWS "\"breakdowns\": {}}", 2, 1, "duplicate member name" },
	{ "{\"schema_version\": 1, \"verdict\": \"fail\", \"threshold\": 1.5, "
	    "\"breakdowns\": {}}", 1, 55, "\"threshold\" must be a share from 0 to 1" },
	{ HEAD ROWS "\"breakdowns\": {\"source\": [], \"owner\": [], \"month\": []},\n"
	    "\"vague_spellings\": [{\"value\": \"x\", \"count\": -1}]}", 4, 45,
	    "\"count\" must be a whole number" },
};

static void
test_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		struct diag d;
		struct baseline *b;

		memset(&d, 0, sizeof d);
		b = baseline_load_mem("b.json", bads[i].json, strlen(bads[i].json), &d);
		if (b != NULL) {
			baseline_free(b);
			print_error("case %zu accepted\n", i);
			fail();
		}
		if (strcmp(d.file, "b.json") != 0 || d.line != bads[i].line ||
		    d.col != bads[i].col || strstr(d.msg, bads[i].msg) == NULL) {
			print_error("case %zu: got %s:%ld:%ld: %s\nwant %ld:%ld: ...%s...\n", i,
			    d.file, d.line, d.col, d.msg, bads[i].line, bads[i].col, bads[i].msg);
			fail();
		}
	}
}

static void
test_files(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	char path[] = "/tmp/test_baseline.XXXXXX";
	struct tu_mem m;
	struct baseline *b;
	struct diag d;
	struct fx f;
	FILE *fp;
	int fd;

	(void)state;
	memset(&d, 0, sizeof d);
	assert_null(baseline_load_file("/nonexistent/b.json", &d));
	tu_assert_contains(d.msg, "cannot open the baseline");
	assert_string_equal(d.file, "/nonexistent/b.json");
	assert_null(baseline_load_file("/tmp", &d));
	tu_assert_contains(d.msg, "not a regular file");

	fx_init(&f, r, "then.csv");
	feed_then(&f, r);
	fx_decide(&f);
	assert_int_equal(report_json(tu_mem_open(&m), &f.res), 0);
	tu_mem_text(&m);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	assert_int_equal(fwrite(m.buf, 1, m.len, fp), m.len);
	assert_int_equal(fclose(fp), 0);
	b = baseline_load_file(path, &d);
	assert_non_null(b);
	baseline_compare(b, &f.res);
	assert_string_equal(baseline_drift(b)->file, path);
	assert_int_equal(baseline_drift(b)->ndrops, 0);
	baseline_free(b);
	/* An empty file is not JSON. */
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fclose(fp), 0);
	assert_null(baseline_load_file(path, &d));
	tu_assert_contains(d.msg, "not JSON");
	unlink(path);
	tu_mem_free(&m);
	fx_free(&f);
	rules_free(r);
}

static void
test_pct(void **state)
{
	(void)state;
	assert_true(drift_pct(1, 4) == 25.0);
	assert_true(drift_pct(3, 0) == 0.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_audit_no_drift),
		cmocka_unit_test(test_drift),
		cmocka_unit_test(test_rules_and_threshold),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_pct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
