/* channel: GA4's default channel group, in GA4's order, extended with the
 * offline channels B2B leads come through (Event, Partner/Referral,
 * Outbound, Phone).  Pure: no I/O, no state. */
#ifndef CHANNEL_H
#define CHANNEL_H
#include <stddef.h>

#include "rules.h"

enum channel {
	CH_DIRECT, CH_CROSS_NETWORK, CH_PAID_SHOPPING, CH_PAID_SEARCH,
	CH_PAID_SOCIAL, CH_PAID_VIDEO, CH_DISPLAY, CH_PAID_OTHER,
	CH_ORGANIC_SHOPPING, CH_ORGANIC_SOCIAL, CH_ORGANIC_VIDEO,
	CH_ORGANIC_SEARCH, CH_REFERRAL, CH_EMAIL, CH_AFFILIATES, CH_AUDIO,
	CH_SMS, CH_MOBILE_PUSH,
	CH_EVENT, CH_PARTNER, CH_OUTBOUND, CH_PHONE,	/* offline extension */
	CH_UNASSIGNED,
	CH__COUNT
};

/* The inputs of the channel rules: values as GA4 would see them (source,
 * medium, campaign) and the source's category. */
struct channel_in {
	const char	*source;	/* NULL or "" when absent */
	size_t		 slen;
	const char	*medium;
	size_t		 mlen;
	const char	*campaign;
	size_t		 clen;
	enum category	 category;	/* of the source; CAT_NONE when unknown */
};

/* GA4's rules only (no offline extension): what GA4 would report.  Lists
 * and exact matches compare bytes as given, so pass the values as typed to
 * simulate GA4, or canonical values for the tool's own channel. */
enum channel channel_ga4(const struct channel_in *in);
/* GA4's rules, then the offline channels where GA4 says Unassigned: the
 * category (event, partner, referral, outbound, phone) or the medium
 * (event, partner, referral, outbound, phone). */
enum channel channel_of(const struct channel_in *in);
const char *channel_name(enum channel c);	/* "Organic Social", ... */

#endif
