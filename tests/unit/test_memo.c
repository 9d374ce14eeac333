/* Unit tests for memo: the leads and verdicts it gives are norm_lead's and
 * classify_lead's, over generated records (spellings, spaces and NBSP,
 * vague and unknown values, UTMs in URLs with and without a scheme, escapes,
 * values too long to cache) and over the sample exports; the cache is
 * used, and starting over when full changes nothing; counting leads per
 * combination gives the counts stats_add gives lead by lead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify.h"
#include "colmap.h"
#include "csvin.h"
#include "memo.h"
#include "norm.h"
#include "stats.h"
#include "testutil.h"

static const enum role cls[] = { ROLE_SOURCE, ROLE_SOURCE_DETAIL,
	ROLE_UTM_SOURCE, ROLE_UTM_MEDIUM, ROLE_UTM_CAMPAIGN };

/* Compares memo's lead and verdict with norm_lead's and classify_lead's. */
static void
compare(const struct rules *r, const struct colmap *cm, struct memo *m,
    const struct csvin_record *rec, uint64_t rowno)
{
	static struct lead a, b;
	struct verdict va, vb;
	size_t i;

	norm_lead(cm, rec, rowno, &a);
	classify_lead(r, &a, &va);
	memo_lead(m, rec, rowno, &b);
	memo_verdict(m, &b, &vb);
	memo_keys(m, &b);

	assert_int_equal(a.line, b.line);
	assert_int_equal(a.rowno, b.rowno);
	assert_int_equal(a.utm_from_url, b.utm_from_url);
	assert_int_equal(a.url_bad_escape, b.url_bad_escape);
	for (i = 0; i < ROLE_COUNT; i++) {
		assert_int_equal(a.f[i].len, b.f[i].len);
		assert_memory_equal(a.f[i].raw, b.f[i].raw, a.f[i].len);
	}
	for (i = 0; i < sizeof cls / sizeof cls[0]; i++) {
		assert_int_equal(a.f[cls[i]].klen, b.f[cls[i]].klen);
		assert_string_equal(a.f[cls[i]].key, b.f[cls[i]].key);
		assert_int_equal(a.f[cls[i]].cut, b.f[cls[i]].cut);
	}
	assert_int_equal(va.level, vb.level);
	assert_int_equal(va.findings, vb.findings);
	assert_int_equal(va.origin, vb.origin);
	assert_ptr_equal(va.canon, vb.canon);
	assert_int_equal(va.how, vb.how);
	assert_ptr_equal(va.medium, vb.medium);
	assert_ptr_equal(va.conflict_with, vb.conflict_with);
	assert_int_equal(va.category, vb.category);
	assert_int_equal(va.channel, vb.channel);
	assert_int_equal(va.campaign_ok, vb.campaign_ok);
	/* pointers into the lead: the same field */
	assert_int_equal(va.source ? va.source - a.f : -1,
	    vb.source ? vb.source - b.f : -1);
	assert_int_equal(va.vague ? va.vague - a.f : -1,
	    vb.vague ? vb.vague - b.f : -1);
}

static const char *const srcs[] = { "", "", "LinkedIn", "linkedin", " LI ",
	"Google Ads", "google", "GOOGLE", "Web", " website  ", "Unknown",
	"n/a", "-", "(direct)", "Trade Show", "Partner", "Hannover\xc2\xa0Messe",
	"\xc2\xa0Xing", "x-i-n-g", "Paid Social", "Organic Search", "Offline Sources",
	"{{utm_source}}", "test123", "Z\xc3\xbcrich Fair", "E-Mail" };
static const char *const dets[] = { "", "", "", "Google", "IMPORT",
	"www.maschinenmarkt.vogel.de", "LinkedIn", "Hannover Messe 2026" };
static const char *const meds[] = { "", "", "cpc", "CPC", "paid_social",
	"paid-social", "email", "E-mail", "(none)", "social", "display",
	"referral", "unknown-medium" };
static const char *const camps[] = { "", "", "2026-q1-hannover-messe",
	"spring_sale_2026", "Hannover Messe 2026", "n/a", "ab",
	"Acq_M_Lifecycle*2019", " brand_always_on " };
static const char *const urls[] = { "", "", "https://www.example.com/p",
	"https://www.example.com/p?utm_source=google&utm_medium=cpc&utm_campaign=spring_sale_2026",
	"https://www.example.com/p?UTM_Source=LinkedIn&utm%5Fmedium=paid_social",
	"www.example.nl/page?utm_source=xing&utm_campaign=hm2026#x",
	"https://example.com/?utm_source=%ZZbad&utm_content=a+b&utm_term=%41",
	"https://example.com/?q=1&gclid=abc",
	"https://example.com/?utm_source=&utm_source=bing",
	"not a url ? utm_medium=email",
	"https://example.com/?utm_id=42&utm_term=kw" };

static const char *
pick(uint64_t *s, const char *const *v, size_t n)
{
	return v[tu_rand(s) % n];
}

#define PICK(s, v)	pick(s, v, sizeof v / sizeof v[0])

static void
test_generated(void **state)
{
	struct rules *r;
	struct diag d;
	struct colmap cm;
	struct memo *m;
	struct tu_rec t;
	const char *vals[ROLE_COUNT];
	uint64_t s = 42;
	long hits, misses;
	int i, j;

	(void)state;
	r = rules_load_default(&d);
	assert_non_null(r);
	memset(&cm, 0, sizeof cm);
	for (i = 0; i < ROLE_COUNT; i++)
		cm.col[i] = i;
	cm.ncols = ROLE_COUNT;
	m = memo_new(r, &cm, NULL, 0);
	for (i = 0; i < 12000; i++) {
		if (i == 8000)
			s = 42;		/* the first rows again */
		for (j = 0; j < ROLE_COUNT; j++)
			vals[j] = "";
		vals[ROLE_ID] = "00Q1";
		vals[ROLE_SOURCE] = PICK(&s, srcs);
		vals[ROLE_SOURCE_DETAIL] = PICK(&s, dets);
		vals[ROLE_UTM_SOURCE] = PICK(&s, srcs);
		vals[ROLE_UTM_MEDIUM] = PICK(&s, meds);
		vals[ROLE_UTM_CAMPAIGN] = PICK(&s, camps);
		vals[ROLE_UTM_CONTENT] = tu_rand(&s) % 8 == 0 ? "banner" : "";
		vals[ROLE_URL] = PICK(&s, urls);
		vals[ROLE_CREATED] = " 2026-03-04 ";
		vals[ROLE_OWNER] = tu_rand(&s) % 2 ? "Anna " : "";
		compare(r, &cm, m, tu_record(&t, 2 + i, vals, ROLE_COUNT),
		    (uint64_t)i + 1);
	}
	memo_counts(m, &hits, &misses);
	assert_true(hits >= 4000);	/* the rows again come from the cache */
	assert_true(misses > 100);
	memo_free(m);
	rules_free(r);
}

/* Values too long to cache, and enough distinct ones to fill the cache
 * several times over. */
static void
test_long_and_full(void **state)
{
	struct rules *r;
	struct diag d;
	struct colmap cm;
	struct memo *m;
	struct tu_rec t;
	const char *vals[ROLE_COUNT];
	static char camp[2000];
	int i, j;

	(void)state;
	r = rules_load_default(&d);
	assert_non_null(r);
	memset(&cm, 0, sizeof cm);
	for (i = 0; i < ROLE_COUNT; i++)
		cm.col[i] = i;
	cm.ncols = ROLE_COUNT;
	m = memo_new(r, &cm, NULL, 0);
	memset(camp, 'c', sizeof camp - 1);
	for (i = 0; i < 12000; i++) {
		for (j = 0; j < ROLE_COUNT; j++)
			vals[j] = "";
		/* 900 bytes: cached, about 1.6 KiB an entry; every 7th
		 * 1500 bytes: too long to cache */
		snprintf(camp, sizeof camp, "%08d", i);
		camp[8] = 'c';
		camp[i % 7 == 0 ? 1500 : 900] = '\0';
		vals[ROLE_SOURCE] = i % 3 ? "LinkedIn" : "Web";
		vals[ROLE_UTM_CAMPAIGN] = camp;
		compare(r, &cm, m, tu_record(&t, 2 + i, vals, ROLE_COUNT),
		    (uint64_t)i + 1);
		camp[900] = camp[1500] = 'c';
		/* the same again: from the cache unless too long */
		compare(r, &cm, m, tu_record(&t, 2 + i, vals, ROLE_COUNT),
		    (uint64_t)i + 1);
	}
	memo_free(m);
	rules_free(r);
}

struct file_run {
	struct rules	*r;
	struct colmap	 cm;
	int		 header;
	struct memo	*m;
	long		 n;
};

static int
on_rec(const struct csvin_record *rec, void *arg)
{
	struct file_run *fr = arg;
	struct diag d;

	if (!fr->header) {
		assert_int_equal(colmap_init(&fr->cm, fr->r, rec, NULL, 0, "x", &d), 0);
		fr->header = 1;
		fr->m = memo_new(fr->r, &fr->cm, NULL, 0);
		return 0;
	}
	if (rec->nfields != fr->cm.ncols)
		return 0;
	compare(fr->r, &fr->cm, fr->m, rec, (uint64_t)++fr->n);
	return 0;
}

static void
test_samples(void **state)
{
	static const char *const files[] = { "samples/hubspot_pass.csv",
	    "samples/salesforce_fail.csv", "samples/dynamics_nl.csv" };
	struct file_run fr;
	struct diag d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		memset(&fr, 0, sizeof fr);
		fr.r = rules_load_default(&d);
		assert_non_null(fr.r);
		assert_int_equal(csvin_read_file(files[i], NULL, on_rec, &fr,
		    NULL, &d), 0);
		assert_true(fr.n > 50);
		memo_free(fr.m);
		colmap_free(&fr.cm);
		rules_free(fr.r);
	}
}

static void
count_into(void *arg, const struct lead *l, const struct verdict *v, long n)
{
	stats_add_class(arg, l, v, n);
}

/* Two maps of counts or groups hold the same keys with the same counts. */
static void
same_map(const struct map *a, const struct map *b, int groups)
{
	size_t i, klen;
	const char *key;

	assert_int_equal(map_count(a), map_count(b));
	for (i = 0; i < map_count(a); i++) {
		key = map_key(a, i, &klen);
		if (groups) {
			const struct stats_group *ga = map_value(a, i);
			const struct stats_group *gb = map_get(b, key, klen);
			size_t j;
			assert_non_null(gb);
			assert_int_equal(ga->n, gb->n);
			assert_int_equal(ga->specific, gb->specific);
			for (j = 0; j < LEVEL__COUNT; j++)
				assert_int_equal(ga->level[j], gb->level[j]);
			assert_ptr_equal(ga->canon, gb->canon);
			assert_int_equal(ga->spellings != NULL, gb->spellings != NULL);
			if (ga->spellings != NULL)
				same_map(ga->spellings, gb->spellings, 0);
		} else
			assert_int_equal((long)(uintptr_t)map_value(a, i),
			    (long)(uintptr_t)map_get(b, key, klen));
	}
}

/* Leads counted per combination (through a small cache that starts over
 * many times) and lead by lead give the same aggregates. */
static void
test_counting(void **state)
{
	struct rules *r;
	struct diag d;
	struct colmap cm;
	struct memo *m;
	struct tu_rec t;
	struct stats a, b;
	struct lead *l = calloc(1, sizeof *l);
	struct verdict v;
	const char *vals[ROLE_COUNT];
	uint64_t s = 7;
	int i, j;

	(void)state;
	assert_non_null(l);
	r = rules_load_default(&d);
	assert_non_null(r);
	memset(&cm, 0, sizeof cm);
	for (i = 0; i < ROLE_COUNT; i++)
		cm.col[i] = i;
	cm.ncols = ROLE_COUNT;
	stats_init(&a);
	stats_init(&b);
	m = memo_new(r, &cm, NULL, 64 * 1024);
	memo_count_with(m, count_into, &a);
	for (i = 0; i < 20000; i++) {
		for (j = 0; j < ROLE_COUNT; j++)
			vals[j] = "";
		vals[ROLE_SOURCE] = PICK(&s, srcs);
		vals[ROLE_SOURCE_DETAIL] = PICK(&s, dets);
		vals[ROLE_UTM_SOURCE] = PICK(&s, srcs);
		vals[ROLE_UTM_MEDIUM] = PICK(&s, meds);
		vals[ROLE_UTM_CAMPAIGN] = PICK(&s, camps);
		vals[ROLE_URL] = PICK(&s, urls);
		vals[ROLE_OWNER] = tu_rand(&s) % 2 ? "Anna" : "Bob";
		memo_lead(m, tu_record(&t, 2 + i, vals, ROLE_COUNT), (uint64_t)i + 1, l);
		memo_verdict(m, l, &v);
		if (memo_count(m) == -1)
			stats_add_class(&a, l, &v, 1);
		stats_add_row(&a, l, v.level, 0, i % 7 == 0 ? -1 : 2026 * 12 + i % 12);
		norm_lead(&cm, &t.rec, (uint64_t)i + 1, l);
		classify_lead(r, l, &v);
		stats_add_class(&b, l, &v, 1);
		stats_add_row(&b, l, v.level, 0, i % 7 == 0 ? -1 : 2026 * 12 + i % 12);
	}
	memo_flush(m);
	assert_int_equal(a.in_scope, b.in_scope);
	for (j = 0; j < LEVEL__COUNT; j++)
		assert_int_equal(a.level[j], b.level[j]);
	for (j = 0; j < F__COUNT; j++)
		assert_int_equal(a.finding[j], b.finding[j]);
	for (j = 0; j < BY__COUNT; j++)
		same_map(a.by[j], b.by[j], 1);
	same_map(a.vague, b.vague, 0);
	same_map(a.ga4, b.ga4, 0);
	same_map(a.conflicts, b.conflicts, 0);
	memo_free(m);
	stats_free(&a);
	stats_free(&b);
	rules_free(r);
	free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_long_and_full),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_counting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
