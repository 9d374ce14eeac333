/* finding: the one catalogue of data findings.  Each has a stable machine
 * name (used in JSON, SARIF, rules' links.severity and --fail-on), a default
 * severity and a message.  Rules supply data, never new kinds of finding.
 * Problems that stop a run are not findings: see diag.h. */
#ifndef FINDING_H
#define FINDING_H
#include <stdint.h>

enum finding_sev {
	SEV_NOTE = 0,
	SEV_WARNING,
	SEV_ERROR
};

enum finding_id {
	/* Leads: per lead, a bit each in a uint64_t. */
	F_SOURCE_ALIAS = 0,	/* an alias instead of the canonical ("LI") */
	F_SOURCE_VARIANT,	/* case or spacing variant ("LinkedIn") */
	F_SOURCE_UNKNOWN,	/* not in the rules, not vague */
	F_SOURCE_VAGUE,		/* only vague source values */
	F_SOURCE_MISSING,	/* no source information */
	F_MEDIUM_ALIAS,
	F_MEDIUM_VARIANT,
	F_MEDIUM_UNKNOWN,
	F_CAMPAIGN_PATTERN,	/* campaign code does not match the pattern */
	F_CAMPAIGN_MISSING,	/* required for the medium, or offline without code */
	F_UTM_FROM_URL,		/* UTMs taken from the URL column */
	F_CONFLICT,		/* two recognized sources disagree */
	F_OFFLINE_UNSPECIFIC,	/* event/referral/... without code or detail */
	F_GA4_UNASSIGNED_LEAD,	/* GA4 would put this spelling in Unassigned */
	F_BAD_BYTES,		/* invalid bytes in the row, replaced */
	F_FIELD_TRUNCATED,	/* a field passed the size cap */
	F_PATTERN_LIMIT,	/* a rule pattern hit its match limit */
	F_RAGGED,		/* more or fewer fields than the header */
	F_DATE_UNREADABLE,	/* created date present but not readable */
	F_URL_BAD_ESCAPE,	/* bad %-escape in the URL column */

	/* Links: one finding per occurrence. */
	F_URL_MALFORMED,
	F_UTM_MISSING,
	F_UTM_EMPTY,
	F_UTM_DUPLICATE,
	F_UTM_IN_FRAGMENT,
	F_MACRO_UNRESOLVED,
	F_BAD_ENCODING,
	F_DOUBLE_ENCODED,
	F_HTML_ENTITY,
	F_PARAM_NAME,
	F_LINK_SOURCE_VAGUE,
	F_LINK_SOURCE_UNKNOWN,
	F_LINK_SOURCE_ALIAS,
	F_LINK_MEDIUM_UNKNOWN,
	F_LINK_MEDIUM_ALIAS,
	F_LINK_CAMPAIGN_PATTERN,
	F_NOT_NORMALIZED,
	F_INCONSISTENT,
	F_DUPLICATE_LINK,
	F_PII,
	F_GA4_UNASSIGNED,

	F__COUNT
};

struct finding_info {
	const char		*name;	/* stable machine name, e.g. "source-alias" */
	enum finding_sev	 sev;	/* default severity */
	const char		*title;	/* one line for people */
};

const struct finding_info *finding_info(enum finding_id id);
const char *finding_name(enum finding_id id);
/* The title in the reader's language, for text, Markdown and HTML; machine
 * formats use finding_info()->title, which is always English. */
const char *finding_title(enum finding_id id);
/* -1 when unknown. */
int	finding_parse(const char *name);
const char *finding_sev_name(enum finding_sev s);	/* "note", "warning", "error" */
/* The severity in the reader's language, for people ("error" stays the
 * machine name everywhere else). */
const char *finding_sev_label(enum finding_sev s);
int	finding_sev_parse(const char *s);		/* -1 when unknown */

#define FINDING_BIT(id)	((uint64_t)1 << (id))

#endif
