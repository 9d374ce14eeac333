/* classify: a normalized lead -> one level, its findings and its channel.
 * Pure: no I/O, no state; the same lead and rules give the same verdict.
 *
 * The effective source comes from utm_source when it is present and not
 * vague; otherwise from the CRM source field, where a specific detail value
 * that names a known source wins over a generic CRM value ("Organic Search"
 * + "google" is google), and the detail alone is used when the source field
 * is vague or empty.  Levels:
 *   campaign  source, medium and campaign present, none vague, and the
 *             campaign matches the rules' campaign.pattern;
 *   channel   a specific source is known but no valid campaign;
 *   vague     every source value present is vague, or an offline-category
 *             source without a campaign code or a specific detail;
 *   missing   no source information at all;
 *   conflict  the CRM's source and utm_source are both recognized and
 *             disagree (different canonicals; for a generic CRM value,
 *             different categories).  Takes precedence over the others. */
#ifndef CLASSIFY_H
#define CLASSIFY_H
#include <stdint.h>

#include "channel.h"
#include "norm.h"
#include "rules.h"

enum level {
	LEVEL_CAMPAIGN, LEVEL_CHANNEL, LEVEL_VAGUE, LEVEL_MISSING,
	LEVEL_CONFLICT,
	LEVEL__COUNT
};

/* Where the effective source came from. */
enum origin { ORIGIN_NONE, ORIGIN_UTM, ORIGIN_CRM, ORIGIN_DETAIL };

struct verdict {
	enum level		 level;
	uint64_t		 findings;	/* FINDING_BIT(F_...) */
	enum origin		 origin;
	const struct norm_field	*source;	/* effective source field, or NULL */
	const struct rules_canon *canon;	/* its canonical, NULL when unknown */
	enum rules_how		 how;
	const struct norm_field	*vague;		/* a vague value seen, or NULL */
	const struct rules_canon *medium;	/* canonical medium, or NULL */
	const struct rules_canon *conflict_with; /* the CRM canonical on conflict */
	enum category		 category;
	enum channel		 channel;
	int			 campaign_ok;	/* campaign present and matching */
};

/* Classifies l under r into v.  v's pointers point into l and r. */
void	classify_lead(const struct rules *r, const struct lead *l,
	    struct verdict *v);
const char *classify_level_name(enum level lv);	/* "campaign", ... */
int	classify_specific(enum level lv);	/* campaign or channel */

#endif
