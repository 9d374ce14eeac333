/* Unit tests for classify: every level, the precedence of the source
 * values, CRM values sharpened by their detail, offline sources, conflicts,
 * findings and the channel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "classify.h"
#include "finding.h"
#include "report.h"
#include "testutil.h"

#define B(x)	FINDING_BIT(F_##x)
#define N	NULL

struct ccase {
	const char	*what;
	/* The lead. */
	const char	*src, *detail, *usrc, *umed, *ucamp, *url;
	/* The verdict. */
	enum level	 level;
	const char	*canon;		/* NULL: none */
	enum origin	 origin;
	enum channel	 channel;
	uint64_t	 has;		/* findings that must be set */
	uint64_t	 hasnt;		/* findings that must not be */
	const char	*conflict;	/* the CRM canonical on conflict */
};

/* The lead findings a verdict can carry, for "nothing else" checks. */
#define ALL	(B(SOURCE_ALIAS) | B(SOURCE_VARIANT) | B(SOURCE_UNKNOWN) |	\
		B(SOURCE_VAGUE) | B(SOURCE_MISSING) | B(MEDIUM_ALIAS) |		\
		B(MEDIUM_VARIANT) | B(MEDIUM_UNKNOWN) | B(CAMPAIGN_PATTERN) |	\
		B(CAMPAIGN_MISSING) | B(UTM_FROM_URL) | B(CONFLICT) |		\
		B(OFFLINE_UNSPECIFIC) | B(GA4_UNASSIGNED_LEAD) | B(PATTERN_LIMIT) | \
		B(URL_BAD_ESCAPE))

static const struct ccase cases[] = {
	/* Levels. */
	{ "campaign", N, N, "google", "cpc", "spring-sale_2026", N,
	    LEVEL_CAMPAIGN, "google", ORIGIN_UTM, CH_PAID_SEARCH, 0, ALL, N },
	{ "campaign, unknown medium", N, N, "google", "banner-ad", "spring-sale", N,
	    LEVEL_CAMPAIGN, "google", ORIGIN_UTM, CH_ORGANIC_SEARCH,
	    B(MEDIUM_UNKNOWN), ALL & ~B(MEDIUM_UNKNOWN) & ~B(GA4_UNASSIGNED_LEAD), N },
	{ "channel", N, N, "linkedin", "social", N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_UTM, CH_ORGANIC_SOCIAL, 0, ALL, N },
	{ "channel, campaign required", N, N, "google", "cpc", N, N,
	    LEVEL_CHANNEL, "google", ORIGIN_UTM, CH_PAID_SEARCH, B(CAMPAIGN_MISSING),
	    ALL & ~B(CAMPAIGN_MISSING), N },
	{ "channel, campaign without medium", N, N, "google", N, "brand-2026", N,
	    LEVEL_CHANNEL, "google", ORIGIN_UTM, CH_ORGANIC_SEARCH, 0, B(CAMPAIGN_PATTERN), N },
	{ "channel, vague medium", N, N, "google", "(not set)", "brand-2026", N,
	    LEVEL_CHANNEL, "google", ORIGIN_UTM, CH_ORGANIC_SEARCH, 0,
	    B(MEDIUM_UNKNOWN) | B(CAMPAIGN_PATTERN), N },
	{ "channel, bad campaign", N, N, "google", "cpc", "Spring Sale!", N,
	    LEVEL_CHANNEL, "google", ORIGIN_UTM, CH_PAID_SEARCH, B(CAMPAIGN_PATTERN),
	    B(CAMPAIGN_MISSING), N },
	{ "channel, vague campaign", N, N, "google", "cpc", "(not set)", N,
	    LEVEL_CHANNEL, "google", ORIGIN_UTM, CH_PAID_SEARCH, B(CAMPAIGN_MISSING),
	    B(CAMPAIGN_PATTERN), N },
	{ "channel, unknown source", N, N, "zoominfo", N, N, N,
	    LEVEL_CHANNEL, N, ORIGIN_UTM, CH_UNASSIGNED, B(SOURCE_UNKNOWN),
	    B(SOURCE_VAGUE), N },
	{ "vague", "Website", N, N, N, N, N,
	    LEVEL_VAGUE, N, ORIGIN_NONE, CH_UNASSIGNED, B(SOURCE_VAGUE),
	    ALL & ~B(SOURCE_VAGUE), N },
	{ "vague everywhere", "other", "onbekend", "(not set)", "cpc", N, N,
	    LEVEL_VAGUE, N, ORIGIN_NONE, CH_UNASSIGNED, B(SOURCE_VAGUE),
	    B(SOURCE_UNKNOWN), N },
	{ "vague by pattern", "Test Lead", N, N, N, N, N,
	    LEVEL_VAGUE, N, ORIGIN_NONE, CH_UNASSIGNED, B(SOURCE_VAGUE), 0, N },
	{ "missing", N, N, N, N, N, N,
	    LEVEL_MISSING, N, ORIGIN_NONE, CH_UNASSIGNED, B(SOURCE_MISSING),
	    ALL & ~B(SOURCE_MISSING), N },
	{ "missing with medium and campaign", "  ", N, N, "cpc", "brand-2026", N,
	    LEVEL_MISSING, N, ORIGIN_NONE, CH_UNASSIGNED, B(SOURCE_MISSING),
	    B(SOURCE_VAGUE), N },

	/* Which value is the source. */
	{ "utm_source over the CRM", "Portal XY", N, "linkedin", N, N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_UTM, CH_ORGANIC_SOCIAL, 0,
	    B(SOURCE_UNKNOWN) | B(CONFLICT), N },
	{ "unknown utm_source over a known CRM value", "LinkedIn", N, "portal-xy", N, N, N,
	    LEVEL_CHANNEL, N, ORIGIN_UTM, CH_UNASSIGNED, B(SOURCE_UNKNOWN), B(CONFLICT), N },
	{ "vague utm_source falls back to the CRM", "LinkedIn", N, "website", N, N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_CRM, CH_ORGANIC_SOCIAL, B(SOURCE_VARIANT),
	    B(SOURCE_VAGUE) | B(CONFLICT), N },
	{ "same canonical, two spellings", "LinkedIn", N, "li", N, N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_UTM, CH_ORGANIC_SOCIAL, B(SOURCE_ALIAS),
	    B(CONFLICT) | B(SOURCE_VARIANT), N },
	{ "generic CRM value sharpened by its detail", "Organic Search", "google", N, N, N, N,
	    LEVEL_CHANNEL, "google", ORIGIN_DETAIL, CH_ORGANIC_SEARCH, 0, B(SOURCE_VARIANT), N },
	{ "unknown CRM value, known detail", "Social Media Post", "LinkedIn", N, N, N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_DETAIL, CH_ORGANIC_SOCIAL, B(SOURCE_VARIANT),
	    B(SOURCE_UNKNOWN), N },
	{ "specific CRM value keeps its detail out", "xing", "google", N, N, N, N,
	    LEVEL_CHANNEL, "xing", ORIGIN_CRM, CH_ORGANIC_SOCIAL, 0, B(CONFLICT), N },
	{ "generic detail does not replace a generic CRM value", "Organic Search",
	    "Paid Social", N, N, N, N,
	    LEVEL_CHANNEL, "organic_search", ORIGIN_CRM, CH_ORGANIC_SEARCH, B(SOURCE_VARIANT), 0, N },
	{ "vague CRM value, detail alone", "Other", "linkedin", N, N, N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_DETAIL, CH_ORGANIC_SOCIAL, 0,
	    B(SOURCE_VAGUE) | B(SOURCE_VARIANT), N },
	{ "no CRM value, detail alone", N, "bing", N, N, N, N,
	    LEVEL_CHANNEL, "bing", ORIGIN_DETAIL, CH_ORGANIC_SEARCH, 0, 0, N },
	{ "generic CRM value alone", "Organic Search", N, N, N, N, N,
	    LEVEL_CHANNEL, "organic_search", ORIGIN_CRM, CH_ORGANIC_SEARCH, B(SOURCE_VARIANT), 0, N },
	{ "generic paid CRM value alone", "Paid Social", N, N, N, N, N,
	    LEVEL_CHANNEL, "paid_social", ORIGIN_CRM, CH_PAID_SOCIAL, B(SOURCE_VARIANT), 0, N },

	/* Offline categories. */
	{ "trade show without code or detail", "Beurs", N, N, N, N, N,
	    LEVEL_VAGUE, "trade_show", ORIGIN_CRM, CH_EVENT,
	    B(OFFLINE_UNSPECIFIC) | B(SOURCE_ALIAS), B(SOURCE_VAGUE), N },
	{ "trade show with a detail", "Beurs", "Hannover Messe 2026", N, N, N, N,
	    LEVEL_CHANNEL, "trade_show", ORIGIN_CRM, CH_EVENT, B(SOURCE_ALIAS),
	    B(OFFLINE_UNSPECIFIC), N },
	{ "trade show with a vague detail", "Beurs", "other", N, N, N, N,
	    LEVEL_VAGUE, "trade_show", ORIGIN_CRM, CH_EVENT, B(OFFLINE_UNSPECIFIC), 0, N },
	{ "trade show with a campaign code", "Beurs", N, N, N, "hannover-messe-2026", N,
	    LEVEL_CHANNEL, "trade_show", ORIGIN_CRM, CH_EVENT, 0, B(OFFLINE_UNSPECIFIC), N },
	{ "trade show with a code and a medium", "Trade Show", N, N, "event", "hannover-2026", N,
	    LEVEL_CAMPAIGN, "trade_show", ORIGIN_CRM, CH_EVENT, B(SOURCE_VARIANT),
	    B(OFFLINE_UNSPECIFIC), N },
	{ "trade show with a bad code", "Beurs", N, N, N, "Hannover 2026", N,
	    LEVEL_VAGUE, "trade_show", ORIGIN_CRM, CH_EVENT,
	    B(OFFLINE_UNSPECIFIC) | B(CAMPAIGN_PATTERN), 0, N },
	{ "partner without detail", "partner_program", N, N, N, N, N,
	    LEVEL_VAGUE, "partner_program", ORIGIN_CRM, CH_PARTNER, B(OFFLINE_UNSPECIFIC), 0, N },
	{ "outbound with detail", "cold_call", "List Q1 DACH", N, N, N, N,
	    LEVEL_CHANNEL, "cold_call", ORIGIN_CRM, CH_OUTBOUND, 0, B(OFFLINE_UNSPECIFIC), N },
	{ "online source needs no detail", "xing", N, N, N, N, N,
	    LEVEL_CHANNEL, "xing", ORIGIN_CRM, CH_ORGANIC_SOCIAL, 0, B(OFFLINE_UNSPECIFIC), N },

	/* Conflicts. */
	{ "conflict", "LinkedIn", N, "google", N, N, N,
	    LEVEL_CONFLICT, "google", ORIGIN_UTM, CH_ORGANIC_SEARCH, B(CONFLICT), 0, "linkedin" },
	{ "conflict beats campaign", "xing", N, "google", "cpc", "brand-2026", N,
	    LEVEL_CONFLICT, "google", ORIGIN_UTM, CH_PAID_SEARCH, B(CONFLICT), 0, "xing" },
	{ "conflict beats offline vague", "Beurs", N, "linkedin", N, N, N,
	    LEVEL_CONFLICT, "linkedin", ORIGIN_UTM, CH_ORGANIC_SOCIAL, B(CONFLICT), 0, "trade_show" },
	{ "generic CRM value agrees in category", "Organic Search", N, "google", N, N, N,
	    LEVEL_CHANNEL, "google", ORIGIN_UTM, CH_ORGANIC_SEARCH, 0, B(CONFLICT), N },
	{ "generic CRM value agrees (social)", "Paid Social", N, "LinkedIn", "cpc", "q1-abm", N,
	    LEVEL_CAMPAIGN, "linkedin", ORIGIN_UTM, CH_PAID_SOCIAL, B(SOURCE_VARIANT),
	    B(CONFLICT), N },
	{ "generic CRM value disagrees in category", "Paid Social", N, "google", N, N, N,
	    LEVEL_CONFLICT, "google", ORIGIN_UTM, CH_PAID_SEARCH, B(CONFLICT), 0, "paid_social" },
	{ "conflict with the sharpened detail", "Organic Search", "bing", "google", N, N, N,
	    LEVEL_CONFLICT, "google", ORIGIN_UTM, CH_ORGANIC_SEARCH, B(CONFLICT), 0, "bing" },
	{ "no conflict with a vague CRM value", "website", N, "google", N, N, N,
	    LEVEL_CHANNEL, "google", ORIGIN_UTM, CH_ORGANIC_SEARCH, 0, B(CONFLICT), N },

	/* Findings. */
	{ "source alias", N, N, "AdWords", "ppc", "brand-2026", N,
	    LEVEL_CAMPAIGN, "google", ORIGIN_UTM, CH_PAID_SEARCH,
	    B(SOURCE_ALIAS) | B(MEDIUM_ALIAS), B(SOURCE_VARIANT) | B(MEDIUM_VARIANT), N },
	{ "source and medium variants", N, N, "Google", "CPC", "brand-2026", N,
	    LEVEL_CAMPAIGN, "google", ORIGIN_UTM, CH_PAID_SEARCH,
	    B(SOURCE_VARIANT) | B(MEDIUM_VARIANT) | B(GA4_UNASSIGNED_LEAD),
	    B(SOURCE_ALIAS) | B(MEDIUM_ALIAS), N },
	{ "source pattern counts as alias", N, N, "linkedin_ads", "social", N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_UTM, CH_ORGANIC_SOCIAL, B(SOURCE_ALIAS), 0, N },
	{ "unknown medium", N, N, "google", "zzz", N, N,
	    LEVEL_CHANNEL, "google", ORIGIN_UTM, CH_ORGANIC_SEARCH, B(MEDIUM_UNKNOWN),
	    B(MEDIUM_ALIAS), N },
	{ "GA4 Unassigned: LI / Social", N, N, "LI", "Social", N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_UTM, CH_ORGANIC_SOCIAL,
	    B(GA4_UNASSIGNED_LEAD) | B(SOURCE_ALIAS) | B(MEDIUM_VARIANT), 0, N },
	{ "GA4 knows the spelling as written", N, N, "lnkd.in", "social", N, N,
	    LEVEL_CHANNEL, "linkedin", ORIGIN_UTM, CH_ORGANIC_SOCIAL, B(SOURCE_ALIAS),
	    B(GA4_UNASSIGNED_LEAD), N },
	{ "GA4 by medium alone", N, N, "portal-xy", "referral", N, N,
	    LEVEL_CHANNEL, N, ORIGIN_UTM, CH_REFERRAL, B(SOURCE_UNKNOWN),
	    B(GA4_UNASSIGNED_LEAD), N },
	{ "no GA4 check without utm_source", "Website", N, N, "Social", N, N,
	    LEVEL_VAGUE, N, ORIGIN_NONE, CH_UNASSIGNED, 0, B(GA4_UNASSIGNED_LEAD), N },

	/* UTMs from the URL. */
	{ "utm from url", N, N, N, N, N,
	    "https://www.example.com/?utm_source=google&utm_medium=cpc&utm_campaign=brand-2026",
	    LEVEL_CAMPAIGN, "google", ORIGIN_UTM, CH_PAID_SEARCH, B(UTM_FROM_URL), 0, N },
	{ "utm from url, conflict with the CRM", "xing", N, N, N, N,
	    "https://h/?utm_source=linkedin",
	    LEVEL_CONFLICT, "linkedin", ORIGIN_UTM, CH_ORGANIC_SOCIAL,
	    B(UTM_FROM_URL) | B(CONFLICT), 0, "xing" },
	{ "url bad escape", N, N, N, N, N, "https://h/?utm_source=goo%zzgle",
	    LEVEL_CHANNEL, N, ORIGIN_UTM, CH_UNASSIGNED,
	    B(UTM_FROM_URL) | B(URL_BAD_ESCAPE) | B(SOURCE_UNKNOWN), 0, N },

	/* Channels. */
	{ "email", N, N, "newsletter", "email", "march-2026", N,
	    LEVEL_CAMPAIGN, "newsletter", ORIGIN_UTM, CH_EMAIL, 0, 0, N },
	{ "display", N, N, "google", "display", "retarget-q1", N,
	    LEVEL_CAMPAIGN, "google", ORIGIN_UTM, CH_DISPLAY, 0, 0, N },
	{ "video", N, N, "youtube", N, N, N,
	    LEVEL_CHANNEL, "youtube", ORIGIN_UTM, CH_ORGANIC_VIDEO, 0, 0, N },
	{ "paid video", N, N, "youtube", "ppc", "launch-2026", N,
	    LEVEL_CAMPAIGN, "youtube", ORIGIN_UTM, CH_PAID_VIDEO, B(MEDIUM_ALIAS), 0, N },
	{ "shopping", N, N, "amazon", "cpc", "launch-2026", N,
	    LEVEL_CAMPAIGN, "amazon", ORIGIN_UTM, CH_PAID_SHOPPING, 0, 0, N },
	{ "organic medium", N, N, "portal-xy", "organic", N, N,
	    LEVEL_CHANNEL, N, ORIGIN_UTM, CH_ORGANIC_SEARCH, B(SOURCE_UNKNOWN), 0, N },
	{ "event medium", N, N, "portal-xy", "event", "fair-2026", N,
	    LEVEL_CAMPAIGN, N, ORIGIN_UTM, CH_EVENT, B(SOURCE_UNKNOWN), 0, N },
};

static const char *
or_null(const char *s)
{
	return s ? s : "(null)";
}

static void
test_table(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct ccase *c = &cases[i];
		const char *vals[ROLE_COUNT] = { 0 };
		struct verdict v;
		struct lead l;
		int ok;

		vals[ROLE_SOURCE] = c->src;
		vals[ROLE_SOURCE_DETAIL] = c->detail;
		vals[ROLE_UTM_SOURCE] = c->usrc;
		vals[ROLE_UTM_MEDIUM] = c->umed;
		vals[ROLE_UTM_CAMPAIGN] = c->ucamp;
		vals[ROLE_URL] = c->url;
		tu_lead(&l, vals);
		memset(&v, 0x5a, sizeof v);
		classify_lead(r, &l, &v);

		ok = v.level == c->level && v.origin == c->origin &&
		    v.channel == c->channel && (v.findings & c->has) == c->has &&
		    (v.findings & c->hasnt) == 0 &&
		    (c->canon == NULL ? v.canon == NULL :
		    v.canon != NULL && strcmp(v.canon->name, c->canon) == 0) &&
		    (c->conflict == NULL ? v.conflict_with == NULL :
		    v.conflict_with != NULL && strcmp(v.conflict_with->name, c->conflict) == 0);
		if (!ok) {
			char want[512], got[512];
			report_reasons(c->has, ",", want, sizeof want);
			report_reasons(v.findings, ",", got, sizeof got);
			print_error("case %zu (%s):\n  got  %s %s origin %d %s [%s] conflict %s\n"
			    "  want %s %s origin %d %s [has %s] conflict %s\n", i, c->what,
			    classify_level_name(v.level), v.canon ? v.canon->name : "(null)",
			    (int)v.origin, channel_name(v.channel), got,
			    v.conflict_with ? v.conflict_with->name : "(null)",
			    classify_level_name(c->level), or_null(c->canon), (int)c->origin,
			    channel_name(c->channel), want, or_null(c->conflict));
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	rules_free(r);
}

/* The verdict's pointers: the effective field, the vague value, the medium. */
static void
test_pointers(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	const char *vals[ROLE_COUNT] = { 0 };
	struct verdict v;
	struct lead l;

	(void)state;
	vals[ROLE_SOURCE] = "LinkedIn";
	vals[ROLE_UTM_SOURCE] = " Website ";
	vals[ROLE_UTM_MEDIUM] = "PPC";
	vals[ROLE_UTM_CAMPAIGN] = "abm-q1";
	tu_lead(&l, vals);
	classify_lead(r, &l, &v);
	assert_ptr_equal(v.source, &l.f[ROLE_SOURCE]);
	assert_ptr_equal(v.vague, &l.f[ROLE_UTM_SOURCE]);
	assert_int_equal(v.how, RULES_VARIANT);
	assert_int_equal(v.category, CAT_SOCIAL);
	assert_non_null(v.medium);
	assert_string_equal(v.medium->name, "cpc");
	assert_int_equal(v.campaign_ok, 1);
	assert_int_equal(v.level, LEVEL_CAMPAIGN);
	assert_int_equal(v.channel, CH_PAID_SOCIAL);

	memset(vals, 0, sizeof vals);
	vals[ROLE_SOURCE_DETAIL] = "google";
	vals[ROLE_SOURCE] = "Organic Search";
	tu_lead(&l, vals);
	classify_lead(r, &l, &v);
	assert_ptr_equal(v.source, &l.f[ROLE_SOURCE_DETAIL]);
	assert_null(v.vague);
	assert_null(v.medium);
	assert_int_equal(v.campaign_ok, 0);

	/* Missing: nothing points anywhere. */
	memset(vals, 0, sizeof vals);
	tu_lead(&l, vals);
	classify_lead(r, &l, &v);
	assert_null(v.source);
	assert_null(v.canon);
	assert_null(v.vague);
	assert_int_equal(v.category, CAT_NONE);
	rules_free(r);
}

/* A pattern that hits its match limit is a finding, not a hang. */
static void
test_pattern_limit(void **state)
{
	struct rules *r;
	const char *vals[ROLE_COUNT] = { 0 };
	struct verdict v;
	struct lead l;

	(void)state;
	alarm(60);	/* a watchdog: a hang kills the test */
	r = tu_rules("version: 1\nsources:\n  x: {patterns: ['^(a+)+$']}\n"
	    "vague:\n  values: [other]\n");
	vals[ROLE_UTM_SOURCE] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
	tu_lead(&l, vals);
	classify_lead(r, &l, &v);
	assert_true(v.findings & B(PATTERN_LIMIT));
	assert_true(v.findings & B(SOURCE_UNKNOWN));
	assert_null(v.canon);

	vals[ROLE_UTM_SOURCE] = "aaaa";
	tu_lead(&l, vals);
	classify_lead(r, &l, &v);
	assert_false(v.findings & B(PATTERN_LIMIT));
	assert_non_null(v.canon);
	assert_int_equal(v.how, RULES_PATTERN);
	rules_free(r);
	alarm(0);
}

/* Same lead, same rules, same verdict; and the names. */
static void
test_misc(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	const char *vals[ROLE_COUNT] = { 0 };
	struct verdict a, b;
	struct lead l;

	(void)state;
	vals[ROLE_SOURCE] = "Beurs";
	vals[ROLE_UTM_SOURCE] = "li";
	vals[ROLE_UTM_MEDIUM] = "social";
	tu_lead(&l, vals);
	classify_lead(r, &l, &a);
	classify_lead(r, &l, &b);
	assert_int_equal(a.level, b.level);
	assert_true(a.findings == b.findings);
	assert_int_equal(a.channel, b.channel);
	assert_ptr_equal(a.canon, b.canon);

	assert_string_equal(classify_level_name(LEVEL_CAMPAIGN), "campaign");
	assert_string_equal(classify_level_name(LEVEL_CHANNEL), "channel");
	assert_string_equal(classify_level_name(LEVEL_VAGUE), "vague");
	assert_string_equal(classify_level_name(LEVEL_MISSING), "missing");
	assert_string_equal(classify_level_name(LEVEL_CONFLICT), "conflict");
	assert_true(classify_specific(LEVEL_CAMPAIGN));
	assert_true(classify_specific(LEVEL_CHANNEL));
	assert_false(classify_specific(LEVEL_VAGUE));
	assert_false(classify_specific(LEVEL_MISSING));
	assert_false(classify_specific(LEVEL_CONFLICT));
	rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_pattern_limit),
		cmocka_unit_test(test_misc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
