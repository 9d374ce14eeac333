/* Unit tests for channel: GA4's default channel group, rule by rule and in
 * order, and the offline extension. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "channel.h"
#include "testutil.h"

struct ccase {
	const char	*source, *medium, *campaign;
	enum category	 cat;
	enum channel	 ga4;		/* channel_ga4 */
	enum channel	 of;		/* channel_of */
};

#define N	NULL
#define U	CH_UNASSIGNED

static const struct ccase cases[] = {
	/* Direct: source exactly (direct), medium (none), (not set) or absent. */
	{ "(direct)", "(none)", N, CAT_NONE, CH_DIRECT, CH_DIRECT },
	{ "(direct)", "(not set)", N, CAT_NONE, CH_DIRECT, CH_DIRECT },
	{ "(direct)", "", "", CAT_NONE, CH_DIRECT, CH_DIRECT },
	{ "(direct)", N, N, CAT_NONE, CH_DIRECT, CH_DIRECT },
	{ "(direct)", "cpc", N, CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "(Direct)", "(none)", N, CAT_NONE, U, U },
	{ "direct", "(none)", N, CAT_NONE, U, U },
	/* Cross-network: campaign contains cross-network, before everything paid. */
	{ "google", "cpc", "q1-cross-network-pmax", CAT_SEARCH, CH_CROSS_NETWORK, CH_CROSS_NETWORK },
	{ "x", "", "cross-network", CAT_NONE, CH_CROSS_NETWORK, CH_CROSS_NETWORK },
	{ "google", "cpc", "cross network", CAT_SEARCH, CH_PAID_SEARCH, CH_PAID_SEARCH },
	/* Paid Shopping: shopping source or shop campaign, and a paid medium. */
	{ "amazon", "cpc", N, CAT_SHOPPING, CH_PAID_SHOPPING, CH_PAID_SHOPPING },
	{ "amazon", "retargeting", N, CAT_SHOPPING, CH_PAID_SHOPPING, CH_PAID_SHOPPING },
	{ "x", "ppc", "spring_shopping", CAT_NONE, CH_PAID_SHOPPING, CH_PAID_SHOPPING },
	{ "google", "cpc", "shop-q1", CAT_SEARCH, CH_PAID_SHOPPING, CH_PAID_SHOPPING },
	{ "x", "paid", "eshop", CAT_NONE, CH_PAID_SHOPPING, CH_PAID_SHOPPING },
	{ "x", "paid", "q1_shop", CAT_NONE, CH_PAID_SHOPPING, CH_PAID_SHOPPING },
	{ "x", "paid", "9shop", CAT_NONE, CH_PAID_SHOPPING, CH_PAID_SHOPPING },
	{ "x", "paid", "workshop", CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "x", "paid", "dshop", CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "x", "paid", "fshop", CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	/* Paid Search / Social / Video: the source's category and a paid medium
	 * (^(.*cp.*|ppc|retargeting|paid.*)$). */
	{ "google", "cpc", N, CAT_SEARCH, CH_PAID_SEARCH, CH_PAID_SEARCH },
	{ "bing", "paidsearch", N, CAT_SEARCH, CH_PAID_SEARCH, CH_PAID_SEARCH },
	{ "google", "cpm", N, CAT_SEARCH, CH_PAID_SEARCH, CH_PAID_SEARCH },
	{ "google", "xcpx", N, CAT_SEARCH, CH_PAID_SEARCH, CH_PAID_SEARCH },
	{ "linkedin", "paid_social", N, CAT_SOCIAL, CH_PAID_SOCIAL, CH_PAID_SOCIAL },
	{ "facebook", "ppc", N, CAT_SOCIAL, CH_PAID_SOCIAL, CH_PAID_SOCIAL },
	{ "facebook", "retargeting", N, CAT_SOCIAL, CH_PAID_SOCIAL, CH_PAID_SOCIAL },
	{ "youtube", "cpv", N, CAT_VIDEO, CH_PAID_VIDEO, CH_PAID_VIDEO },
	{ "google", "PPC", N, CAT_SEARCH, CH_ORGANIC_SEARCH, CH_ORGANIC_SEARCH },
	{ "google", "unpaid", N, CAT_SEARCH, CH_ORGANIC_SEARCH, CH_ORGANIC_SEARCH },
	{ "google", "ppc2", N, CAT_SEARCH, CH_ORGANIC_SEARCH, CH_ORGANIC_SEARCH },
	/* Display: the medium list, even for a paid-looking cpm. */
	{ "x", "display", N, CAT_NONE, CH_DISPLAY, CH_DISPLAY },
	{ "x", "banner", N, CAT_NONE, CH_DISPLAY, CH_DISPLAY },
	{ "x", "expandable", N, CAT_NONE, CH_DISPLAY, CH_DISPLAY },
	{ "x", "interstitial", N, CAT_NONE, CH_DISPLAY, CH_DISPLAY },
	{ "x", "cpm", N, CAT_NONE, CH_DISPLAY, CH_DISPLAY },
	{ "linkedin", "display", N, CAT_SOCIAL, CH_DISPLAY, CH_DISPLAY },
	{ "x", "displays", N, CAT_NONE, U, U },
	/* Paid Other: any other paid medium. */
	{ "x", "cpc", N, CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "x", "ppc", N, CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "x", "paid", N, CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "x", "paid-video", N, CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "x", "retargeting", N, CAT_NONE, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "newsletter", "cpa", N, CAT_EMAIL, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "x", "retargeting2", N, CAT_NONE, U, U },
	/* Organic Shopping. */
	{ "amazon", "", N, CAT_SHOPPING, CH_ORGANIC_SHOPPING, CH_ORGANIC_SHOPPING },
	{ "x", "", "shopping-week", CAT_NONE, CH_ORGANIC_SHOPPING, CH_ORGANIC_SHOPPING },
	{ "amazon", "referral", N, CAT_SHOPPING, CH_ORGANIC_SHOPPING, CH_ORGANIC_SHOPPING },
	/* Organic Social: a social source or one of the social mediums, exactly. */
	{ "linkedin", "", N, CAT_SOCIAL, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "linkedin", "referral", N, CAT_SOCIAL, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "x", "social", N, CAT_NONE, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "x", "social-network", N, CAT_NONE, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "x", "social-media", N, CAT_NONE, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "x", "sm", N, CAT_NONE, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "x", "social network", N, CAT_NONE, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "x", "social media", N, CAT_NONE, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "google", "social", N, CAT_SEARCH, CH_ORGANIC_SOCIAL, CH_ORGANIC_SOCIAL },
	{ "LI", "Social", N, CAT_NONE, U, U },
	/* keys: the tool's own channel folds GA4's '-' and ' ' to '_' */
	{ "x", "social_media", N, CAT_NONE, U, CH_ORGANIC_SOCIAL },
	/* Organic Video: a video source, or a medium containing video. */
	{ "youtube", "", N, CAT_VIDEO, CH_ORGANIC_VIDEO, CH_ORGANIC_VIDEO },
	{ "x", "video", N, CAT_NONE, CH_ORGANIC_VIDEO, CH_ORGANIC_VIDEO },
	{ "x", "webvideo-embed", N, CAT_NONE, CH_ORGANIC_VIDEO, CH_ORGANIC_VIDEO },
	{ "x", "Video", N, CAT_NONE, U, U },
	/* Organic Search: a search source, or medium exactly organic. */
	{ "google", "", N, CAT_SEARCH, CH_ORGANIC_SEARCH, CH_ORGANIC_SEARCH },
	{ "google", "organic", N, CAT_SEARCH, CH_ORGANIC_SEARCH, CH_ORGANIC_SEARCH },
	{ "x", "organic", N, CAT_NONE, CH_ORGANIC_SEARCH, CH_ORGANIC_SEARCH },
	{ "google", "referral", N, CAT_SEARCH, CH_ORGANIC_SEARCH, CH_ORGANIC_SEARCH },
	{ "x", "organic-search", N, CAT_NONE, U, U },
	/* Referral. */
	{ "x", "referral", N, CAT_NONE, CH_REFERRAL, CH_REFERRAL },
	{ "x", "app", N, CAT_NONE, CH_REFERRAL, CH_REFERRAL },
	{ "x", "link", N, CAT_NONE, CH_REFERRAL, CH_REFERRAL },
	{ "email", "referral", N, CAT_NONE, CH_REFERRAL, CH_REFERRAL },
	{ "x", "referrals", N, CAT_NONE, U, U },
	/* Email: source or medium in email|e-mail|e_mail|e mail. */
	{ "e-mail", "", N, CAT_NONE, CH_EMAIL, CH_EMAIL },
	{ "email", N, N, CAT_NONE, CH_EMAIL, CH_EMAIL },
	{ "e_mail", "", N, CAT_NONE, CH_EMAIL, CH_EMAIL },
	{ "e mail", "", N, CAT_NONE, CH_EMAIL, CH_EMAIL },
	{ "x", "email", N, CAT_NONE, CH_EMAIL, CH_EMAIL },
	{ "x", "e-mail", N, CAT_NONE, CH_EMAIL, CH_EMAIL },
	{ "x", "e mail", N, CAT_NONE, CH_EMAIL, CH_EMAIL },
	{ "Email", "", N, CAT_NONE, U, U },
	{ "x", "emails", N, CAT_NONE, U, U },
	/* Affiliates, Audio, SMS. */
	{ "x", "affiliate", N, CAT_NONE, CH_AFFILIATES, CH_AFFILIATES },
	{ "x", "audio", N, CAT_NONE, CH_AUDIO, CH_AUDIO },
	{ "x", "audio-ad", N, CAT_NONE, U, U },
	{ "sms", "", N, CAT_NONE, CH_SMS, CH_SMS },
	{ "x", "sms", N, CAT_NONE, CH_SMS, CH_SMS },
	{ "x", "sms-blast", N, CAT_NONE, U, U },
	/* Mobile Push Notifications. */
	{ "x", "push", N, CAT_NONE, CH_MOBILE_PUSH, CH_MOBILE_PUSH },
	{ "x", "web-push", N, CAT_NONE, CH_MOBILE_PUSH, CH_MOBILE_PUSH },
	{ "x", "mobile", N, CAT_NONE, CH_MOBILE_PUSH, CH_MOBILE_PUSH },
	{ "x", "in-app-mobile-banner", N, CAT_NONE, CH_MOBILE_PUSH, CH_MOBILE_PUSH },
	{ "x", "notification", N, CAT_NONE, CH_MOBILE_PUSH, CH_MOBILE_PUSH },
	{ "x", "app-notifications", N, CAT_NONE, CH_MOBILE_PUSH, CH_MOBILE_PUSH },
	{ "firebase", "", N, CAT_NONE, CH_MOBILE_PUSH, CH_MOBILE_PUSH },
	{ "x", "pushy", N, CAT_NONE, U, U },
	{ "firebase.com", "", N, CAT_NONE, U, U },
	/* Unassigned, and the offline extension where GA4 says Unassigned. */
	{ "x", "", N, CAT_NONE, U, U },
	{ N, N, N, CAT_NONE, U, U },
	{ "", "", "", CAT_NONE, U, U },
	{ "foo", "bar", "baz", CAT_OTHER, U, U },
	{ "trade_show", "", N, CAT_EVENT, U, CH_EVENT },
	{ "partner_program", "", N, CAT_PARTNER, U, CH_PARTNER },
	{ "referral", "", N, CAT_REFERRAL, U, CH_PARTNER },
	{ "cold_call", "", N, CAT_OUTBOUND, U, CH_OUTBOUND },
	{ "phone", "", N, CAT_PHONE, U, CH_PHONE },
	{ "newsletter", "", N, CAT_EMAIL, U, CH_EMAIL },
	{ "chatgpt", "", N, CAT_AI, U, CH_REFERRAL },	/* GA4 counts assistants as referrals */
	{ "x", "event", N, CAT_NONE, U, CH_EVENT },
	{ "x", "partner", N, CAT_NONE, U, CH_PARTNER },
	{ "x", "outbound", N, CAT_NONE, U, CH_OUTBOUND },
	{ "x", "phone", N, CAT_NONE, U, CH_PHONE },
	{ "x", "Event", N, CAT_NONE, U, U },
	{ "x", "events", N, CAT_NONE, U, U },
	/* The extension never overrides a GA4 channel. */
	{ "trade_show", "cpc", N, CAT_EVENT, CH_PAID_OTHER, CH_PAID_OTHER },
	{ "trade_show", "referral", N, CAT_EVENT, CH_REFERRAL, CH_REFERRAL },
	{ "x", "event", "shop", CAT_NONE, CH_ORGANIC_SHOPPING, CH_ORGANIC_SHOPPING },
};

static void
fill(struct channel_in *in, const struct ccase *c)
{
	memset(in, 0, sizeof *in);
	in->source = c->source;
	in->slen = c->source ? strlen(c->source) : 0;
	in->medium = c->medium;
	in->mlen = c->medium ? strlen(c->medium) : 0;
	in->campaign = c->campaign;
	in->clen = c->campaign ? strlen(c->campaign) : 0;
	in->category = c->cat;
}

static void
test_table(void **state)
{
	int seen[CH__COUNT] = { 0 };
	size_t i, bad = 0;
	int ch;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct ccase *c = &cases[i];
		struct channel_in in;
		enum channel g, o;

		fill(&in, c);
		g = channel_ga4(&in);
		o = channel_of(&in);
		if (g != c->ga4 || o != c->of) {
			print_error("case %zu (%s, %s, %s, %s): got %s / %s, want %s / %s\n", i,
			    c->source ? c->source : "NULL", c->medium ? c->medium : "NULL",
			    c->campaign ? c->campaign : "NULL", rules_category_name(c->cat),
			    channel_name(g), channel_name(o), channel_name(c->ga4),
			    channel_name(c->of));
			bad++;
		}
		seen[c->ga4] = 1;
		seen[c->of] = 1;
	}
	assert_int_equal(bad, 0);
	/* The table covers every channel. */
	for (ch = 0; ch < CH__COUNT; ch++)
		if (!seen[ch]) {
			print_error("no case for %s\n", channel_name((enum channel)ch));
			fail();
		}
}

/* Values are compared as given: a length shorter than the string counts. */
static void
test_lengths(void **state)
{
	struct channel_in in;

	(void)state;
	memset(&in, 0, sizeof in);
	in.source = "(direct)xyz";
	in.slen = 8;
	in.medium = "(none)abc";
	in.mlen = 6;
	assert_int_equal(channel_ga4(&in), CH_DIRECT);
	in.source = "x";
	in.slen = 1;
	in.medium = "cpcx";
	in.mlen = 2;		/* "cp" */
	assert_int_equal(channel_ga4(&in), CH_PAID_OTHER);
	in.mlen = 1;		/* "c" */
	assert_int_equal(channel_ga4(&in), CH_UNASSIGNED);
	in.medium = "webpush!";
	in.mlen = 7;
	assert_int_equal(channel_ga4(&in), CH_MOBILE_PUSH);
	in.medium = NULL;
	in.mlen = 0;
	in.campaign = "shopping";
	in.clen = 3;		/* "sho" */
	assert_int_equal(channel_ga4(&in), CH_UNASSIGNED);
	in.clen = 4;
	assert_int_equal(channel_ga4(&in), CH_ORGANIC_SHOPPING);
}

static void
test_names(void **state)
{
	static const struct {
		enum channel	 c;
		const char	*name;
	} n[] = {
		{ CH_DIRECT, "Direct" }, { CH_CROSS_NETWORK, "Cross-network" },
		{ CH_PAID_SHOPPING, "Paid Shopping" }, { CH_PAID_SEARCH, "Paid Search" },
		{ CH_PAID_SOCIAL, "Paid Social" }, { CH_PAID_VIDEO, "Paid Video" },
		{ CH_DISPLAY, "Display" }, { CH_PAID_OTHER, "Paid Other" },
		{ CH_ORGANIC_SHOPPING, "Organic Shopping" },
		{ CH_ORGANIC_SOCIAL, "Organic Social" }, { CH_ORGANIC_VIDEO, "Organic Video" },
		{ CH_ORGANIC_SEARCH, "Organic Search" }, { CH_REFERRAL, "Referral" },
		{ CH_EMAIL, "Email" }, { CH_AFFILIATES, "Affiliates" }, { CH_AUDIO, "Audio" },
		{ CH_SMS, "SMS" }, { CH_MOBILE_PUSH, "Mobile Push Notifications" },
		{ CH_EVENT, "Event" }, { CH_PARTNER, "Partner/Referral" },
		{ CH_OUTBOUND, "Outbound" }, { CH_PHONE, "Phone" },
		{ CH_UNASSIGNED, "Unassigned" },
	};
	size_t i, j;

	(void)state;
	assert_int_equal(sizeof n / sizeof n[0], CH__COUNT);
	for (i = 0; i < sizeof n / sizeof n[0]; i++)
		assert_string_equal(channel_name(n[i].c), n[i].name);
	for (i = 0; i < CH__COUNT; i++)
		for (j = i + 1; j < CH__COUNT; j++)
			assert_string_not_equal(channel_name((enum channel)i),
			    channel_name((enum channel)j));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
