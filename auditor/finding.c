#include "finding.h"

#include <string.h>

#include "i18n.h"

static const struct finding_info catalogue[F__COUNT] = {
	[F_SOURCE_ALIAS] = { "source-alias", SEV_WARNING,
	    N_("an alias is used instead of the canonical source") },
	[F_SOURCE_VARIANT] = { "source-variant", SEV_NOTE,
	    N_("the source differs from the canonical in case or spacing") },
	[F_SOURCE_UNKNOWN] = { "source-unknown", SEV_WARNING,
	    N_("the source is not in the rules") },
	[F_SOURCE_VAGUE] = { "source-vague", SEV_ERROR,
	    N_("every source value is vague") },
	[F_SOURCE_MISSING] = { "source-missing", SEV_ERROR,
	    N_("no source information at all") },
	[F_MEDIUM_ALIAS] = { "medium-alias", SEV_WARNING,
	    N_("an alias is used instead of the canonical medium") },
	[F_MEDIUM_VARIANT] = { "medium-variant", SEV_NOTE,
	    N_("the medium differs from the canonical in case or spacing") },
	[F_MEDIUM_UNKNOWN] = { "medium-unknown", SEV_WARNING,
	    N_("the medium is not in the rules") },
	[F_CAMPAIGN_PATTERN] = { "campaign-pattern", SEV_ERROR,
	    N_("the campaign code does not match the rules' pattern") },
	[F_CAMPAIGN_MISSING] = { "campaign-missing", SEV_WARNING,
	    N_("no campaign code") },
	[F_UTM_FROM_URL] = { "utm-from-url", SEV_NOTE,
	    N_("UTM parameters were taken from the URL column") },
	[F_CONFLICT] = { "conflict", SEV_ERROR,
	    N_("the CRM source and utm_source disagree") },
	[F_OFFLINE_UNSPECIFIC] = { "offline-unspecific", SEV_ERROR,
	    N_("an offline source without a campaign code or a specific detail") },
	[F_GA4_UNASSIGNED_LEAD] = { "ga4-unassigned", SEV_WARNING,
	    N_("GA4 would put this source/medium in Unassigned") },
	[F_BAD_BYTES] = { "bad-bytes", SEV_WARNING,
	    N_("invalid bytes in the row were replaced") },
	[F_FIELD_TRUNCATED] = { "field-truncated", SEV_WARNING,
	    N_("a field is longer than the cap and was cut") },
	[F_PATTERN_LIMIT] = { "pattern-limit", SEV_WARNING,
	    N_("a rule pattern hit its match limit") },
	[F_RAGGED] = { "ragged-row", SEV_WARNING,
	    N_("the row has more or fewer fields than the header") },
	[F_DATE_UNREADABLE] = { "date-unreadable", SEV_WARNING,
	    N_("the created date cannot be read") },
	[F_URL_BAD_ESCAPE] = { "url-bad-escape", SEV_WARNING,
	    /* xgettext:no-c-format */
	    N_("the URL column has a bad %-escape") },

	[F_URL_MALFORMED] = { "url-malformed", SEV_ERROR,
	    N_("not an absolute http(s) URL") },
	[F_UTM_MISSING] = { "utm-missing", SEV_ERROR,
	    N_("a required UTM parameter is missing") },
	[F_UTM_EMPTY] = { "utm-empty", SEV_ERROR,
	    N_("a UTM parameter is empty") },
	[F_UTM_DUPLICATE] = { "utm-duplicate", SEV_ERROR,
	    N_("a UTM parameter appears more than once") },
	[F_UTM_IN_FRAGMENT] = { "utm-in-fragment", SEV_ERROR,
	    N_("UTM parameters after '#' are ignored by analytics") },
	[F_MACRO_UNRESOLVED] = { "macro-unresolved", SEV_ERROR,
	    N_("an ad-platform placeholder was left in") },
	[F_BAD_ENCODING] = { "bad-encoding", SEV_ERROR,
	    /* xgettext:no-c-format */
	    N_("a bad %-escape") },
	[F_DOUBLE_ENCODED] = { "double-encoded", SEV_WARNING,
	    N_("a value is percent-encoded twice") },
	[F_HTML_ENTITY] = { "html-entity", SEV_WARNING,
	    N_("an HTML entity copied into the URL") },
	[F_PARAM_NAME] = { "param-name", SEV_WARNING,
	    N_("a UTM parameter name is misspelled") },
	[F_LINK_SOURCE_VAGUE] = { "source-vague", SEV_ERROR,
	    N_("utm_source is a vague value") },
	[F_LINK_SOURCE_UNKNOWN] = { "source-unknown", SEV_WARNING,
	    N_("utm_source is not in the rules") },
	[F_LINK_SOURCE_ALIAS] = { "source-alias", SEV_WARNING,
	    N_("utm_source is an alias, not the canonical") },
	[F_LINK_MEDIUM_UNKNOWN] = { "medium-unknown", SEV_WARNING,
	    N_("utm_medium is not in the rules") },
	[F_LINK_MEDIUM_ALIAS] = { "medium-alias", SEV_WARNING,
	    N_("utm_medium is an alias, not the canonical") },
	[F_LINK_CAMPAIGN_PATTERN] = { "campaign-pattern", SEV_ERROR,
	    N_("utm_campaign does not match the rules' pattern") },
	[F_NOT_NORMALIZED] = { "not-normalized", SEV_WARNING,
	    N_("a UTM value is not in normal form") },
	[F_INCONSISTENT] = { "inconsistent", SEV_WARNING,
	    N_("one canonical value is spelled several ways in this set") },
	[F_DUPLICATE_LINK] = { "duplicate-link", SEV_WARNING,
	    N_("the same link appears more than once") },
	[F_PII] = { "pii", SEV_ERROR,
	    N_("personal data (email or phone) in a parameter") },
	[F_GA4_UNASSIGNED] = { "ga4-unassigned", SEV_WARNING,
	    N_("GA4 would put this source/medium in Unassigned") },
};

static const char *const sev_names[] = { "note", "warning", "error" };

const struct finding_info *
finding_info(enum finding_id id)
{
	return &catalogue[id];
}

const char *
finding_title(enum finding_id id)
{
	return _(catalogue[id].title);
}

const char *
finding_name(enum finding_id id)
{
	return catalogue[id].name;
}

/* Link checks come after the lead findings; a name shared by both (e.g.
 * "source-vague") resolves to the link check, which is what --fail-on and
 * links.severity talk about. */
int
finding_parse(const char *name)
{
	int i;

	for (i = F__COUNT - 1; i >= 0; i--)
		if (strcmp(catalogue[i].name, name) == 0)
			return i;
	return -1;
}

const char *
finding_sev_name(enum finding_sev s)
{
	return sev_names[s];
}

const char *
finding_sev_label(enum finding_sev s)
{
	switch (s) {
	case SEV_NOTE:		return C_("severity", "note");
	case SEV_WARNING:	return C_("severity", "warning");
	default:		return C_("severity", "error");
	}
}

int
finding_sev_parse(const char *s)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(sev_names[i], s) == 0)
			return i;
	return -1;
}
