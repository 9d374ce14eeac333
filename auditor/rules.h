/* rules: a YAML rule file (schema version 1) -> an immutable ruleset.
 *
 * The rule file is the team's single source of truth: which header names
 * mean which column role, the canonical sources and mediums with their
 * aliases and patterns, the values that never identify a source, the
 * campaign-code pattern, and the settings of the link linter.  Everything is
 * checked at load time; a mistake is a diag with FILE:LINE:COL and the run
 * stops.  Values are compared by their norm_key (see norm.h); patterns for
 * sources, mediums and vague values are matched against that key, the
 * campaign pattern against the trimmed value as typed. */
#ifndef RULES_H
#define RULES_H
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "pat.h"

#define RULES_MAX_BYTES	(1u << 20)	/* a rule file larger than this is refused */
#define RULES_MAX_DEPTH	64		/* YAML nesting */

enum role {
	ROLE_ID, ROLE_SOURCE, ROLE_SOURCE_DETAIL, ROLE_UTM_SOURCE,
	ROLE_UTM_MEDIUM, ROLE_UTM_CAMPAIGN, ROLE_UTM_CONTENT, ROLE_UTM_TERM,
	ROLE_UTM_ID, ROLE_URL, ROLE_CREATED, ROLE_OWNER,
	ROLE_COUNT
};

enum category {
	CAT_NONE = 0, CAT_SEARCH, CAT_SOCIAL, CAT_VIDEO, CAT_SHOPPING,
	CAT_EMAIL, CAT_DISPLAY, CAT_AFFILIATE, CAT_REFERRAL, CAT_PARTNER,
	CAT_EVENT, CAT_OUTBOUND, CAT_PHONE, CAT_AI, CAT_OTHER,
	CAT_COUNT
};

/* A canonical source or medium. */
struct rules_canon {
	const char	*name;		/* as written in the rules */
	const char	*key;		/* norm_key(name) */
	enum category	 category;	/* sources only */
	int		 generic;	/* sources only: names a channel, not a
					   source ("Paid Social"); see classify.h */
	int		 index;		/* position in rules order */
};

/* How a value matched a canonical. */
enum rules_how {
	RULES_NONE = 0,
	RULES_EXACT,	/* spelled exactly as the canonical */
	RULES_VARIANT,	/* same key, other case or spacing ("LinkedIn") */
	RULES_ALIAS,	/* an alias ("LI") */
	RULES_PATTERN	/* matched one of the canonical's patterns */
};

/* Severity override for a link check (links.severity). */
struct rules_severity {
	const char	*id;
	int		 severity;	/* enum finding_sev */
};

struct rules;

/* Loads rules from a file.  name is used in diagnostics.  The result is
 * owned by the caller and released with rules_free. */
struct rules *rules_load_file(const char *path, struct diag *d);
/* Loads rules from memory; name is used in diagnostics. */
struct rules *rules_load_mem(const char *name, const void *buf, size_t len,
	    struct diag *d);
/* The rules compiled into the binary (rules/default.yaml). */
struct rules *rules_load_default(struct diag *d);
void	rules_free(struct rules *r);

/* Where the rules came from ("(built-in default.yaml)" or the path). */
const char *rules_name(const struct rules *r);
double	rules_threshold(const struct rules *r);
long	rules_sample_size(const struct rules *r);
/* The seed from the rules; returns 0 when none was set (then *set is 0). */
unsigned long long rules_sample_seed(const struct rules *r, int *set);

/* Header names for a role, in priority order. */
size_t	rules_column_count(const struct rules *r, enum role role);
const char *rules_column(const struct rules *r, enum role role, size_t i);
const char *rules_role_name(enum role role);
int	rules_role_parse(const char *s);	/* -1 when unknown */
const char *rules_category_name(enum category c);

/* Looks up a value by its key (norm_key) and its trimmed raw spelling.
 * Returns the canonical or NULL; *how says how it matched.  *limit is set
 * to 1 when a pattern hit its match limit (may be NULL). */
const struct rules_canon *rules_source(const struct rules *r, const char *key,
	    size_t klen, const char *raw, size_t rlen, enum rules_how *how,
	    int *limit);
const struct rules_canon *rules_medium(const struct rules *r, const char *key,
	    size_t klen, const char *raw, size_t rlen, enum rules_how *how,
	    int *limit);
size_t	rules_source_count(const struct rules *r);
const struct rules_canon *rules_source_at(const struct rules *r, size_t i);
size_t	rules_medium_count(const struct rules *r);
const struct rules_canon *rules_medium_at(const struct rules *r, size_t i);
/* The source GA4 would know raw as, matching exactly as typed: a spelling
 * listed under ga4.sources (GA4's own list, not the team's aliases).  Used
 * to simulate GA4's channel grouping. */
const struct rules_canon *rules_source_exact(const struct rules *r,
	    const char *raw, size_t rlen);

/* 1 when the value (by key) never identifies a source. */
int	rules_is_vague(const struct rules *r, const char *key, size_t klen,
	    int *limit);
/* Campaign pattern: 1 matches (or no pattern set), 0 does not, -1 limit. */
int	rules_campaign_ok(const struct rules *r, const char *raw, size_t rlen);
const char *rules_campaign_pattern(const struct rules *r); /* NULL: none */
/* 1 when a campaign code is required for this canonical medium. */
int	rules_campaign_required(const struct rules *r, const struct rules_canon *medium);
/* 1 when leads of this category need a campaign code or a detail value. */
int	rules_offline(const struct rules *r, enum category c);

/* Link linter settings. */
size_t	rules_links_required_count(const struct rules *r);
const char *rules_links_required(const struct rules *r, size_t i);
int	rules_links_closed_sources(const struct rules *r);
int	rules_links_closed_mediums(const struct rules *r);
/* The severity set for check id, or -1 when the rules do not override it. */
int	rules_links_severity(const struct rules *r, const char *id);

/* Writes the effective rules as YAML (rules show). */
int	rules_dump(const struct rules *r, FILE *fp);

#endif
