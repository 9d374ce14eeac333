#include "channel.h"

#include <string.h>

static const char *const names[CH__COUNT] = {
	"Direct", "Cross-network", "Paid Shopping", "Paid Search",
	"Paid Social", "Paid Video", "Display", "Paid Other",
	"Organic Shopping", "Organic Social", "Organic Video", "Organic Search",
	"Referral", "Email", "Affiliates", "Audio", "SMS",
	"Mobile Push Notifications", "Event", "Partner/Referral", "Outbound",
	"Phone", "Unassigned"
};

const char *
channel_name(enum channel c)
{
	return names[c];
}

static int
is(const char *s, size_t n, const char *lit)
{
	return s != NULL && strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static int
one_of(const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (is(s, n, *list))
			return 1;
	return 0;
}

static int
contains(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = 0; s != NULL && i + k <= n; i++)
		if (memcmp(s + i, lit, k) == 0)
			return 1;
	return 0;
}

static int
starts(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return s != NULL && n >= k && memcmp(s, lit, k) == 0;
}

static int
ends(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return s != NULL && n >= k && memcmp(s + n - k, lit, k) == 0;
}

/* Medium matches ^(.*cp.*|ppc|retargeting|paid.*)$ */
static int
paid_medium(const char *m, size_t n)
{
	return contains(m, n, "cp") || is(m, n, "ppc") ||
	    is(m, n, "retargeting") || starts(m, n, "paid");
}

/* Campaign matches ^(.*(([^a-df-z]|^)shop|shopping).*)$ */
static int
shop_campaign(const char *c, size_t n)
{
	size_t i;

	if (contains(c, n, "shopping"))
		return 1;
	for (i = 0; c != NULL && i + 4 <= n; i++)
		if (memcmp(c + i, "shop", 4) == 0 &&
		    (i == 0 || !((c[i - 1] >= 'a' && c[i - 1] <= 'd') ||
		    (c[i - 1] >= 'f' && c[i - 1] <= 'z'))))
			return 1;
	return 0;
}

enum channel
channel_ga4(const struct channel_in *in)
{
	static const char *const none[] = { "(not set)", "(none)", NULL };
	static const char *const display[] = { "display", "banner", "expandable",
	    "interstitial", "cpm", NULL };
	static const char *const social[] = { "social", "social-network",
	    "social-media", "sm", "social network", "social media", NULL };
	static const char *const referral[] = { "referral", "app", "link", NULL };
	static const char *const email[] = { "email", "e-mail", "e_mail",
	    "e mail", NULL };
	const char *s = in->source, *m = in->medium, *c = in->campaign;
	size_t sn = in->slen, mn = in->mlen, cn = in->clen;
	int shop = in->category == CAT_SHOPPING || shop_campaign(c, cn);
	int paid = paid_medium(m, mn);

	if (is(s, sn, "(direct)") && (mn == 0 || one_of(m, mn, none)))
		return CH_DIRECT;
	if (contains(c, cn, "cross-network"))
		return CH_CROSS_NETWORK;
	if (shop && paid)
		return CH_PAID_SHOPPING;
	if (in->category == CAT_SEARCH && paid)
		return CH_PAID_SEARCH;
	if (in->category == CAT_SOCIAL && paid)
		return CH_PAID_SOCIAL;
	if (in->category == CAT_VIDEO && paid)
		return CH_PAID_VIDEO;
	if (one_of(m, mn, display))
		return CH_DISPLAY;
	if (paid)
		return CH_PAID_OTHER;
	if (shop)
		return CH_ORGANIC_SHOPPING;
	if (in->category == CAT_SOCIAL || one_of(m, mn, social))
		return CH_ORGANIC_SOCIAL;
	if (in->category == CAT_VIDEO || contains(m, mn, "video"))
		return CH_ORGANIC_VIDEO;
	if (in->category == CAT_SEARCH || is(m, mn, "organic"))
		return CH_ORGANIC_SEARCH;
	if (one_of(m, mn, referral))
		return CH_REFERRAL;
	if (one_of(s, sn, email) || one_of(m, mn, email))
		return CH_EMAIL;
	if (is(m, mn, "affiliate"))
		return CH_AFFILIATES;
	if (is(m, mn, "audio"))
		return CH_AUDIO;
	if (is(s, sn, "sms") || is(m, mn, "sms"))
		return CH_SMS;
	if (ends(m, mn, "push") || contains(m, mn, "mobile") ||
	    contains(m, mn, "notification") || is(s, sn, "firebase"))
		return CH_MOBILE_PUSH;
	return CH_UNASSIGNED;
}

enum channel
channel_of(const struct channel_in *in)
{
	enum channel ch = channel_ga4(in);
	const char *m = in->medium;
	size_t mn = in->mlen;

	if (ch != CH_UNASSIGNED)
		return ch;
	switch (in->category) {
	case CAT_EVENT:		return CH_EVENT;
	case CAT_PARTNER:
	case CAT_REFERRAL:	return CH_PARTNER;
	case CAT_OUTBOUND:	return CH_OUTBOUND;
	case CAT_PHONE:		return CH_PHONE;
	case CAT_EMAIL:		return CH_EMAIL;
	case CAT_AI:		return CH_REFERRAL;	/* GA4 counts assistants as referrals */
	default:		break;
	}
	if (is(m, mn, "event"))
		return CH_EVENT;
	if (is(m, mn, "partner"))
		return CH_PARTNER;
	if (is(m, mn, "outbound"))
		return CH_OUTBOUND;
	if (is(m, mn, "phone"))
		return CH_PHONE;
	return CH_UNASSIGNED;
}
