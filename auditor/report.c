#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "finding.h"
#include "i18n.h"
#include "out.h"
#include "pii.h"
#include "xalloc.h"

const char *
report_safe(const char *s, size_t *len)
{
	if (pii_find(s, *len)) {
		*len = 10;
		return "[redacted]";
	}
	return s;
}

void
report_yaml(FILE *fp, const char *s, size_t len,
    void (*write)(FILE *, const char *, size_t))
{
	const unsigned char *u;
	size_t i, k, start;
	char esc[8];
	int plain = len > 0;

	s = report_safe(s, &len);
	u = (const unsigned char *)s;
	for (i = 0; i < len && plain; i++) {
		unsigned char c = u[i];
		if (!((c >= 0x80 && out_hidden(s + i, len - i) == 0) ||
		    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || ((c == '_' || c == '.' || c == '-') && i > 0)))
			plain = 0;
	}
	if (plain) {
		write(fp, s, len);
		return;
	}
	fputc('"', fp);
	for (i = start = 0; i < len; i += k) {
		k = out_hidden(s + i, len - i);
		if (k == 0 && s[i] != '"' && s[i] != '\\') {
			k = 1;
			continue;
		}
		write(fp, s + start, i - start);
		if (k == 0) {
			write(fp, s[i] == '"' ? "\\\"" : "\\\\", 2);
			k = 1;
		} else {
			/* the code point of a 1-, 2- or 3-byte sequence */
			unsigned cp = k == 1 ? u[i] : k == 2 ?
			    (u[i] & 0x1fu) << 6 | (u[i + 1] & 0x3fu) :
			    (u[i] & 0x0fu) << 12 | (u[i + 1] & 0x3fu) << 6 | (u[i + 2] & 0x3fu);
			snprintf(esc, sizeof esc, "\\u%04X", cp);
			write(fp, esc, 6);
		}
		start = i + k;
	}
	write(fp, s + start, len - start);
	fputc('"', fp);
}

void
report_reasons(uint64_t findings, const char *sep, char *buf, size_t cap)
{
	size_t n = 0, k;
	int i;

	buf[0] = '\0';
	for (i = 0; i < F__COUNT; i++) {
		const char *name;
		if (!(findings & FINDING_BIT(i)))
			continue;
		name = finding_name((enum finding_id)i);
		k = strlen(name) + (n ? strlen(sep) : 0);
		if (n + k + 1 > cap)
			break;
		if (n) {
			memcpy(buf + n, sep, strlen(sep));
			n += strlen(sep);
		}
		memcpy(buf + n, name, strlen(name));
		n += strlen(name);
		buf[n] = '\0';
	}
}

static const struct map *key_map;	/* qsort has no context argument */

static int
by_key(const void *a, const void *b)
{
	size_t xl, yl;
	const char *x = map_key(key_map, *(const size_t *)a, &xl);
	const char *y = map_key(key_map, *(const size_t *)b, &yl);
	int c = memcmp(x, y, xl < yl ? xl : yl);

	return c ? c : (xl > yl) - (xl < yl);
}

size_t *
report_order_keys(const struct map *m)
{
	size_t n = map_count(m), i;
	size_t *idx = xcalloc(n ? n : 1, sizeof *idx);

	for (i = 0; i < n; i++)
		idx[i] = i;
	key_map = m;
	qsort(idx, n, sizeof *idx, by_key);
	key_map = NULL;
	return idx;
}

/* ---- words for people: text, Markdown and HTML only ---- */

const char *
report_level_label(enum level lv)
{
	switch (lv) {
	case LEVEL_CAMPAIGN:	return C_("level", "campaign");
	case LEVEL_CHANNEL:	return C_("level", "channel");
	case LEVEL_VAGUE:	return C_("level", "vague");
	case LEVEL_MISSING:	return C_("level", "missing");
	default:		return C_("level", "conflict");
	}
}

const char *
report_verdict_label(enum leads_verdict v)
{
	switch (v) {
	case VERDICT_PASS:	return C_("verdict", "PASS");
	case VERDICT_FAIL:	return C_("verdict", "FAIL");
	default:		return C_("verdict", "INCONCLUSIVE");
	}
}

const char *
report_verdict_word(enum leads_verdict v)
{
	switch (v) {
	case VERDICT_PASS:	return C_("verdict", "pass");
	case VERDICT_FAIL:	return C_("verdict", "fail");
	default:		return C_("verdict", "inconclusive");
	}
}

/* GA4's channel names stay as GA4 spells them in every language (they are
 * what a person sees in GA4); the offline channels are the tool's own. */
static const char *const own_channels[] = {
	NC_("channel", "Event"), NC_("channel", "Partner/Referral"),
	NC_("channel", "Outbound"), NC_("channel", "Phone"), NULL
};

static int
key_is(const char *key, size_t klen, const char *s)
{
	return strlen(s) == klen && memcmp(key, s, klen) == 0;
}

const char *
report_group_label(enum stats_break b, const char *key, size_t *klen)
{
	const char *s = NULL;
	size_t i;

	if (b == BY_CHANNEL) {
		for (i = 0; own_channels[i] != NULL; i++)
			if (key_is(key, *klen, own_channels[i]))
				s = i18n_ctx("channel", own_channels[i]);
	} else if (b == BY_SOURCE && key_is(key, *klen, "(vague)"))
		s = _("(vague)");
	else if (b == BY_SOURCE && key_is(key, *klen, "(missing)"))
		s = _("(missing)");
	else if (b == BY_OWNER && key_is(key, *klen, "(none)"))
		s = _("(none)");
	else if (b == BY_MONTH && key_is(key, *klen, "(undated)"))
		s = _("(undated)");
	if (s == NULL)
		return key;
	*klen = strlen(s);
	return s;
}

const char *
report_channel_label(enum channel c)
{
	const char *name = channel_name(c);
	size_t len = strlen(name);

	return report_group_label(BY_CHANNEL, name, &len);
}

const char *
report_rules_label(const char *name)
{
	if (strcmp(name, "(built-in default.yaml)") == 0)
		return _("(built-in default.yaml)");
	return name;
}

const char *
report_delim_label(int delim)
{
	switch (delim) {
	case ',':	return _("comma-delimited");
	case ';':	return _("semicolon-delimited");
	case '\t':	return _("tab-delimited");
	case '|':	return _("pipe-delimited");
	default:	return _("other-delimited");
	}
}

char *
report_capture(void (*write)(FILE *, const char *, size_t), const char *s,
    size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&buf, &n);

	if (mem == NULL)
		return xstrdup("");
	write(mem, s, len);
	if (fclose(mem) != 0) {
		free(buf);
		return xstrdup("");
	}
	return buf;
}

void
report_drift_share(FILE *fp, double then, double now)
{
	if (now > then + 0.05)
		fprintf(fp, _("The share of leads with a specific source rose from %.1f%% to "
		    "%.1f%% (%+.1f points)."), then, now, now - then);
	else if (now < then - 0.05)
		fprintf(fp, _("The share of leads with a specific source fell from %.1f%% to "
		    "%.1f%% (%+.1f points)."), then, now, now - then);
	else
		fprintf(fp, _("The share of leads with a specific source stayed at %.1f%%."), now);
}

enum report_settle
report_settle(const struct leads_result *res)
{
	if (res->sample_lo >= res->threshold)
		return SETTLE_MET;
	if (res->sample_hi < res->threshold)
		return SETTLE_MISSED;
	if (res->sample_needed > res->st.in_scope)
		return SETTLE_NO_SAMPLE_COULD;
	return res->sample_needed > 0 ? SETTLE_NEEDS : SETTLE_CANNOT;
}

void
report_settle_sentence(FILE *fp, const struct leads_result *res)
{
	switch (report_settle(res)) {
	case SETTLE_MET:
		fputs(_("The sample alone shows the target is met."), fp);
		break;
	case SETTLE_MISSED:
		fputs(_("The sample alone shows the target is missed."), fp);
		break;
	case SETTLE_NO_SAMPLE_COULD:
		fprintf(fp, ngettext("No sample of the %ld leads in scope could settle it; "
		    "the exact share above does.", "No sample of the %ld leads in scope "
		    "could settle it; the exact share above does.",
		    (unsigned long)res->st.in_scope), res->st.in_scope);
		break;
	case SETTLE_NEEDS:
		fprintf(fp, ngettext("The sample cannot settle it; about %ld leads would.",
		    "The sample cannot settle it; about %ld leads would.",
		    (unsigned long)res->sample_needed), res->sample_needed);
		break;
	case SETTLE_CANNOT:
		fputs(_("The sample cannot settle it."), fp);
		break;
	}
}

void
report_spans_sentence(FILE *fp, const struct leads_result *res)
{
	const struct stats_spans *sps = &res->st.stray_quotes;

	fprintf(fp, ngettext("%ld row that looks like a lead was read as text "
	    "inside a quoted field, so it is not counted: a quote (\") that was "
	    "never closed probably swallowed it. Fix the export at:",
	    "%ld rows that look like leads were read as text inside a quoted field, "
	    "so they are not counted: a quote (\") that was never closed probably "
	    "swallowed them. Fix the export at:",
	    (unsigned long)sps->rows), sps->rows);
}

void
report_spans_places(FILE *fp, const struct leads_result *res,
    const char *before, const char *after,
    void (*write)(FILE *, const char *, size_t))
{
	const struct stats_spans *sps = &res->st.stray_quotes;
	const char *file = res->opts->input;
	size_t flen = strlen(file), i;
	char msg[512];

	file = report_safe(file, &flen);
	for (i = 0; i < sps->kept && i < REPORT_SPANS_SHOWN; i++) {
		const struct csvin_span *sp = &sps->at[i];
		int n;

		fputs(before, fp);
		write(fp, file, flen);
		/* col is 0 when the record's bytes were cut before the quote */
		if (sp->col > 0)
			n = snprintf(msg, sizeof msg, ":%ld:%ld: ", sp->line, sp->col);
		else
			n = snprintf(msg, sizeof msg, ":%ld: ", sp->line);
		write(fp, msg, (size_t)n);
		csvin_span_message(sp, msg, sizeof msg);
		write(fp, msg, strlen(msg));
		fputs(after, fp);
	}
	if (sps->count > (long)i) {
		fputs(before, fp);
		/* TRANSLATORS: after the first places of quoted fields that took
		   rows: "... and 3 more" places. */
		snprintf(msg, sizeof msg, ngettext("... and %ld more", "... and %ld more",
		    (unsigned long)(sps->count - (long)i)), sps->count - (long)i);
		write(fp, msg, strlen(msg));
		fputs(after, fp);
	}
}
