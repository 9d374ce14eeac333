#include "classify.h"

#include <string.h>

#include "finding.h"

static const char *const level_names[LEVEL__COUNT] = {
	"campaign", "channel", "vague", "missing", "conflict"
};

const char *
classify_level_name(enum level lv)
{
	return level_names[lv];
}

int
classify_specific(enum level lv)
{
	return lv == LEVEL_CAMPAIGN || lv == LEVEL_CHANNEL;
}

/* A source value as the rules see it. */
struct sv {
	const struct norm_field	*f;
	int			 present, vague;
	const struct rules_canon *canon;
	enum rules_how		 how;
};

static void
look(const struct rules *r, const struct norm_field *f, struct sv *s, int *limit)
{
	memset(s, 0, sizeof *s);
	s->f = f;
	s->present = f->klen > 0;
	if (!s->present)
		return;
	s->vague = rules_is_vague(r, f->key, f->klen, limit);
	if (!s->vague)
		s->canon = rules_source(r, f->key, f->klen, f->raw, f->len, &s->how, limit);
}

static int
disagree(const struct rules_canon *a, const struct rules_canon *b)
{
	if (a == b)
		return 0;
	if (a->generic || b->generic)
		return a->category != b->category;
	return 1;
}

static uint64_t
how_bit(enum rules_how how, enum finding_id alias, enum finding_id variant)
{
	if (how == RULES_ALIAS || how == RULES_PATTERN)
		return FINDING_BIT(alias);
	if (how == RULES_VARIANT)
		return FINDING_BIT(variant);
	return 0;
}

void
classify_lead(const struct rules *r, const struct lead *l, struct verdict *v)
{
	struct sv u, s, dt, *crm = NULL, *eff = NULL;
	const struct norm_field *mf = &l->f[ROLE_UTM_MEDIUM];
	const struct norm_field *cf = &l->f[ROLE_UTM_CAMPAIGN];
	int limit = 0, medium_ok = 0, detail_specific;
	enum rules_how mhow = RULES_NONE;
	struct channel_in ci;

	memset(v, 0, sizeof *v);
	look(r, &l->f[ROLE_UTM_SOURCE], &u, &limit);
	look(r, &l->f[ROLE_SOURCE], &s, &limit);
	look(r, &l->f[ROLE_SOURCE_DETAIL], &dt, &limit);

	/* The CRM's own answer: the source field, sharpened by its detail. */
	if (s.present && !s.vague) {
		crm = &s;
		if (dt.canon != NULL && (s.canon == NULL || s.canon->generic) &&
		    !(s.canon != NULL && dt.canon->generic))
			crm = &dt;
	} else if (dt.present && !dt.vague) {
		crm = &dt;
	}
	if (u.present && !u.vague) {
		eff = &u;
		v->origin = ORIGIN_UTM;
	} else if (crm != NULL) {
		eff = crm;
		v->origin = crm == &s ? ORIGIN_CRM : ORIGIN_DETAIL;
	}
	v->vague = u.vague ? u.f : s.vague ? s.f : dt.vague ? dt.f : NULL;

	/* The medium and the campaign code. */
	if (mf->klen > 0 && !rules_is_vague(r, mf->key, mf->klen, &limit)) {
		medium_ok = 1;
		v->medium = rules_medium(r, mf->key, mf->klen, mf->raw, mf->len, &mhow, &limit);
		v->findings |= v->medium ? how_bit(mhow, F_MEDIUM_ALIAS, F_MEDIUM_VARIANT) :
		    FINDING_BIT(F_MEDIUM_UNKNOWN);
	}
	if (cf->klen > 0 && !rules_is_vague(r, cf->key, cf->klen, &limit)) {
		int ok = rules_campaign_ok(r, cf->raw, cf->len);
		if (ok == -1)
			limit = 1;
		v->campaign_ok = ok == 1;
		if (!v->campaign_ok)
			v->findings |= FINDING_BIT(F_CAMPAIGN_PATTERN);
	} else if (rules_campaign_required(r, v->medium)) {
		v->findings |= FINDING_BIT(F_CAMPAIGN_MISSING);
	}

	if (eff != NULL) {
		v->source = eff->f;
		v->canon = eff->canon;
		v->how = eff->how;
		v->category = eff->canon ? eff->canon->category : CAT_NONE;
		v->findings |= eff->canon ? how_bit(eff->how, F_SOURCE_ALIAS,
		    F_SOURCE_VARIANT) : FINDING_BIT(F_SOURCE_UNKNOWN);
	}

	/* The level. */
	/* A detail sharpens an offline lead unless it only names a channel
	 * itself ("Beurs" with detail "Messe"). */
	detail_specific = dt.present && !dt.vague && crm != &dt && eff != &dt &&
	    !(dt.canon != NULL && dt.canon->generic);
	if (!u.present && !s.present && !dt.present) {
		v->level = LEVEL_MISSING;
		v->findings |= FINDING_BIT(F_SOURCE_MISSING);
	} else if (eff == NULL) {
		v->level = LEVEL_VAGUE;
		v->findings |= FINDING_BIT(F_SOURCE_VAGUE);
	} else if (rules_offline(r, v->category) && !v->campaign_ok && !detail_specific) {
		v->level = LEVEL_VAGUE;
		v->findings |= FINDING_BIT(F_OFFLINE_UNSPECIFIC);
	} else if (medium_ok && v->campaign_ok) {
		v->level = LEVEL_CAMPAIGN;
	} else {
		v->level = LEVEL_CHANNEL;
	}
	if (u.canon != NULL && crm != NULL && crm->canon != NULL &&
	    disagree(u.canon, crm->canon)) {
		v->level = LEVEL_CONFLICT;
		v->conflict_with = crm->canon;
		v->findings |= FINDING_BIT(F_CONFLICT);
	}
	if (l->utm_from_url)
		v->findings |= FINDING_BIT(F_UTM_FROM_URL);
	if (l->url_bad_escape)
		v->findings |= FINDING_BIT(F_URL_BAD_ESCAPE);
	if (limit)
		v->findings |= FINDING_BIT(F_PATTERN_LIMIT);

	/* GA4 sees utm values as typed. */
	if (u.present) {
		const struct rules_canon *ex = rules_source_exact(r, u.f->raw, u.f->len);
		memset(&ci, 0, sizeof ci);
		ci.source = u.f->raw;
		ci.slen = u.f->len;
		ci.medium = mf->raw;
		ci.mlen = mf->len;
		ci.campaign = cf->raw;
		ci.clen = cf->len;
		ci.category = ex ? ex->category : CAT_NONE;
		if (channel_ga4(&ci) == CH_UNASSIGNED)
			v->findings |= FINDING_BIT(F_GA4_UNASSIGNED_LEAD);
	}

	/* The tool's own channel, from canonical values. */
	memset(&ci, 0, sizeof ci);
	if (v->canon != NULL) {
		ci.source = v->canon->key;
		ci.slen = strlen(v->canon->key);
	} else if (v->source != NULL) {
		ci.source = v->source->key;
		ci.slen = v->source->klen;
	}
	if (v->medium != NULL) {
		ci.medium = v->medium->key;
		ci.mlen = strlen(v->medium->key);
	} else if (medium_ok) {
		ci.medium = mf->key;
		ci.mlen = mf->klen;
	} else {
		/* A generic CRM value names the channel when no medium does:
		 * "Paid Social" (with detail "LinkedIn") says paid. */
		const struct rules_canon *hint = v->canon != NULL && v->canon->generic ?
		    v->canon : s.canon != NULL && s.canon->generic ? s.canon : NULL;
		if (hint != NULL && !rules_offline(r, hint->category) &&
		    !rules_offline(r, v->category)) {
			ci.medium = hint->key;
			ci.mlen = strlen(hint->key);
		}
	}
	ci.campaign = cf->key;
	ci.clen = cf->klen;
	ci.category = v->category;
	v->channel = eff != NULL ? channel_of(&ci) : CH_UNASSIGNED;
}
