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

/* k: the values are comparison keys (the tool's own channel), where the
 * '-' and ' ' of GA4's lists were folded to '_'. */
static int
same(int k, const char *s, const char *lit, size_t n)
{
	size_t i;

	if (!k)
		return memcmp(s, lit, n) == 0;
	for (i = 0; i < n; i++)
		if (s[i] != lit[i] && !(s[i] == '_' && (lit[i] == '-' || lit[i] == ' ')))
			return 0;
	return 1;
}

static int
is(int k, const char *s, size_t n, const char *lit)
{
	return s != NULL && strlen(lit) == n && same(k, s, lit, n);
}

static int
one_of(int k, const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (is(k, s, n, *list))
			return 1;
	return 0;
}

static int
contains(int k, const char *s, size_t n, const char *lit)
{
	size_t len = strlen(lit), i;

	for (i = 0; s != NULL && i + len <= n; i++)
		if (same(k, s + i, lit, len))
			return 1;
	return 0;
}

static int
starts(int k, const char *s, size_t n, const char *lit)
{
	size_t len = strlen(lit);
	return s != NULL && n >= len && same(k, s, lit, len);
}

static int
ends(int k, const char *s, size_t n, const char *lit)
{
	size_t len = strlen(lit);
	return s != NULL && n >= len && same(k, s + n - len, lit, len);
}

/* Medium matches ^(.*cp.*|ppc|retargeting|paid.*)$ */
static int
paid_medium(int k, const char *m, size_t n)
{
	return contains(k, m, n, "cp") || is(k, m, n, "ppc") ||
	    is(k, m, n, "retargeting") || starts(k, m, n, "paid");
}

/* Campaign matches ^(.*(([^a-df-z]|^)shop|shopping).*)$ */
static int
shop_campaign(int k, const char *c, size_t n)
{
	size_t i;

	if (contains(k, c, n, "shopping"))
		return 1;
	for (i = 0; c != NULL && i + 4 <= n; i++)
		if (memcmp(c + i, "shop", 4) == 0 &&
		    (i == 0 || !((c[i - 1] >= 'a' && c[i - 1] <= 'd') ||
		    (c[i - 1] >= 'f' && c[i - 1] <= 'z'))))
			return 1;
	return 0;
}

static enum channel
ga4(const struct channel_in *in, int k)
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
	int shop = in->category == CAT_SHOPPING || shop_campaign(k, c, cn);
	int paid = paid_medium(k, m, mn);

	if (is(k, s, sn, "(direct)") && (mn == 0 || one_of(k, m, mn, none)))
		return CH_DIRECT;
	if (contains(k, c, cn, "cross-network"))
		return CH_CROSS_NETWORK;
	if (shop && paid)
		return CH_PAID_SHOPPING;
	if (in->category == CAT_SEARCH && paid)
		return CH_PAID_SEARCH;
	if (in->category == CAT_SOCIAL && paid)
		return CH_PAID_SOCIAL;
	if (in->category == CAT_VIDEO && paid)
		return CH_PAID_VIDEO;
	if (one_of(k, m, mn, display))
		return CH_DISPLAY;
	if (paid)
		return CH_PAID_OTHER;
	if (shop)
		return CH_ORGANIC_SHOPPING;
	if (in->category == CAT_SOCIAL || one_of(k, m, mn, social))
		return CH_ORGANIC_SOCIAL;
	if (in->category == CAT_VIDEO || contains(k, m, mn, "video"))
		return CH_ORGANIC_VIDEO;
	if (in->category == CAT_SEARCH || is(k, m, mn, "organic"))
		return CH_ORGANIC_SEARCH;
	if (one_of(k, m, mn, referral))
		return CH_REFERRAL;
	if (one_of(k, s, sn, email) || one_of(k, m, mn, email))
		return CH_EMAIL;
	if (is(k, m, mn, "affiliate"))
		return CH_AFFILIATES;
	if (is(k, m, mn, "audio"))
		return CH_AUDIO;
	if (is(k, s, sn, "sms") || is(k, m, mn, "sms"))
		return CH_SMS;
	if (ends(k, m, mn, "push") || contains(k, m, mn, "mobile") ||
	    contains(k, m, mn, "notification") || is(k, s, sn, "firebase"))
		return CH_MOBILE_PUSH;
	return CH_UNASSIGNED;
}

enum channel
channel_ga4(const struct channel_in *in)
{
	return ga4(in, 0);
}

enum channel
channel_of(const struct channel_in *in)
{
	enum channel ch = ga4(in, 1);
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
	if (is(1, m, mn, "event"))
		return CH_EVENT;
	if (is(1, m, mn, "partner"))
		return CH_PARTNER;
	if (is(1, m, mn, "outbound"))
		return CH_OUTBOUND;
	if (is(1, m, mn, "phone"))
		return CH_PHONE;
	return CH_UNASSIGNED;
}
