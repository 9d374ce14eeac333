/* The text report: for a person at a terminal, and for the CFO's e-mail.
 * Colour only when asked (a terminal without NO_COLOR). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "finding.h"
#include "i18n.h"
#include "out.h"

#define TOP	15	/* rows shown per breakdown */

struct tx {
	FILE		*fp;
	int		 color;
	const struct leads_result *res;
};

static void	drift(struct tx *t);
static char	*tval(const char *s, size_t len);

static void
pct(FILE *fp, long k, long n)
{
	if (n == 0)
		fputs("    -  ", fp);
	else
		fprintf(fp, "%5.1f%%", 100.0 * (double)k / (double)n);
}

/* s (our own words, UTF-8) left-aligned in width characters. */
static void
pad(FILE *fp, const char *s, int width)
{
	int chars = 0;
	const char *p;

	for (p = s; *p != '\0'; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	fputs(s, fp);
	if (chars < width)
		fprintf(fp, "%*s", width - chars, "");
}

/* s right-aligned in width characters. */
static void
rpad(FILE *fp, const char *s, int width)
{
	int chars = 0;
	const char *p;

	for (p = s; *p != '\0'; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars < width)
		fprintf(fp, "%*s", width - chars, "");
	fputs(s, fp);
}

/* s[0..len) with the characters a person must not see as they are
 * (control characters, bidirectional overrides and isolates: out_hidden)
 * as '?'. */
static void
shown(FILE *fp, const char *s, size_t len)
{
	size_t i, k;

	for (i = 0; i < len; i++) {
		if ((k = out_hidden(s + i, len - i)) > 0) {
			fputc('?', fp);
			i += k - 1;
		} else
			fputc(s[i], fp);
	}
}

/* A value from the input, made safe: no personal data, and no hidden
 * characters (shown). */
static void
value(FILE *fp, const char *s, size_t len)
{
	s = report_safe(s, &len);
	shown(fp, s, len);
}

/* A value in a column of width characters (UTF-8 code points): redacted
 * first, then cut on a character boundary, then padded. */
static void
field(FILE *fp, const char *s, size_t len, size_t width, int pad)
{
	size_t i, chars = 0;

	s = report_safe(s, &len);
	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (chars == width)
			break;
		chars++;
	}
	value(fp, s, i);
	if (pad)
		fprintf(fp, "%*s", (int)(width - chars), "");
}

static void
heading(struct tx *t, const char *h)
{
	fprintf(t->fp, "\n%s%s%s\n", t->color ? "\033[1m" : "", h, t->color ? "\033[0m" : "");
}

static void
rows_line(FILE *fp, const char *label, const struct stats_rows *rows)
{
	size_t i;

	fputs("  ", fp);
	pad(fp, label, 15);
	fprintf(fp, " %9ld", rows->count);
	if (rows->count == 0) {
		fputc('\n', fp);
		return;
	}
	/* TRANSLATORS: before the line numbers of the rows counted, as in
	   "  ragged   3  (lines 4, 9, 12)". */
	fputs(ngettext("  (line ", "  (lines ", (unsigned long)rows->count), fp);
	for (i = 0; i < rows->kept && i < 10; i++)
		fprintf(fp, "%s%ld", i ? ", " : "", rows->lines[i]);
	if ((size_t)rows->count > i)
		fprintf(fp, _(", ... %ld more"), rows->count - (long)i);
	fputs(")\n", fp);
}

static void
breakdown(struct tx *t, enum stats_break b, const char *title)
{
	const struct map *m = t->res->st.by[b];
	size_t *idx, i, n = map_count(m), klen;
	int sorted_by_key = b == BY_MONTH;

	if (n == 0)
		return;
	heading(t, title);
	fprintf(t->fp, "  %-28s ", "");
	/* TRANSLATORS: column heads of the breakdowns, right-aligned in 9
	   characters. */
	rpad(t->fp, _("leads"), 9);
	fputc(' ', t->fp);
	rpad(t->fp, _("specific"), 9);
	fputc('\n', t->fp);
	idx = sorted_by_key ? report_order_keys(m) : stats_order(m, 1);
	for (i = 0; i < n && (sorted_by_key || i < TOP); i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		int low = g->n > 0 && (double)g->specific / (double)g->n < t->res->threshold;
		if (key[0] != '?')
			key = report_group_label(b, key, &klen);
		fputs("  ", t->fp);
		if (b == BY_SOURCE && key[0] == '?') {	/* an unknown spelling */
			fputs("? ", t->fp);
			field(t->fp, key + 1, klen - 1, 26, 1);
		} else {
			field(t->fp, key, klen, 28, 1);
		}
		fprintf(t->fp, " %9ld    ", g->n);
		pct(t->fp, g->specific, g->n);
		/* A month far below the rest is where tracking broke. */
		if (b == BY_MONTH && g->n > 0 && (double)g->specific / (double)g->n <
		    t->res->share - 0.25)
			fprintf(t->fp, "  %s%s%s", t->color ? "\033[1;31m" : "",
			    _("<- far below the other months: did tracking break?"),
			    t->color ? "\033[0m" : "");
		else if (low && b == BY_MONTH) {
			fputs("  ", t->fp);
			if (t->color)
				fputs("\033[31m", t->fp);
			fprintf(t->fp, _("<- below %.0f%%"), t->res->threshold * 100);
			if (t->color)
				fputs("\033[0m", t->fp);
		}
		fputc('\n', t->fp);
	}
	if (i < n)
		fprintf(t->fp, _("  ... and %zu more\n"), n - i);
	free(idx);
}

static void
spellings(struct tx *t)
{
	const struct map *m = t->res->st.by[BY_SOURCE];
	size_t *idx = stats_order(m, 1), i, j, shown = 0, klen, n = map_count(m);

	for (i = 0; i < n; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		size_t *sidx;
		if (g->canon == NULL || g->spellings == NULL ||
		    (map_count(g->spellings) < 2 && strcmp(map_key(g->spellings, 0, NULL), key) == 0))
			continue;
		if (shown++ == 0)
			heading(t, _("Spellings per canonical source"));
		fputs("  ", t->fp);
		value(t->fp, key, klen);
		fputc(':', t->fp);
		sidx = stats_order(g->spellings, 0);
		for (j = 0; j < map_count(g->spellings) && j < 12; j++) {
			size_t sl;
			const char *s = map_key(g->spellings, sidx[j], &sl);
			fputs(j ? ", " : " ", t->fp);
			value(t->fp, s, sl);
			fprintf(t->fp, " %ld", stats_count_of(g->spellings, sidx[j]));
		}
		if (j < map_count(g->spellings))
			fprintf(t->fp, _(", ... %zu more"), map_count(g->spellings) - j);
		fputc('\n', t->fp);
		free(sidx);
	}
	free(idx);
}

static void
unknowns(struct tx *t)
{
	const struct map *m = t->res->st.by[BY_SOURCE];
	size_t *idx = stats_order(m, 1), i, shown = 0, klen, n = map_count(m);
	char *e;

	for (i = 0; i < n && shown < TOP; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		if (key[0] != '?')
			continue;
		if (shown++ == 0)
			heading(t, _("Unknown sources (not in the rules)"));
		fputs("  ", t->fp);
		value(t->fp, key + 1, klen - 1);
		fputs("  ", t->fp);
		fprintf(t->fp, ngettext("%ld lead", "%ld leads", (unsigned long)g->n), g->n);
		if (g->suggest != NULL) {
			e = tval(key + 1, klen - 1);
			/* TRANSLATORS: the canonical source twice, then the
			   unknown spelling, ready to paste into the rules. */
			fprintf(t->fp, _("; did you mean '%s'? add under sources.%s.aliases:  - %s"),
			    g->suggest, g->suggest, e ? e : "?");
			free(e);
		}
		fputc('\n', t->fp);
	}
	free(idx);
}

static void
counts(struct tx *t, const struct map *m, const char *title)
{
	size_t *idx, i, n = map_count(m), klen;

	if (n == 0)
		return;
	heading(t, title);
	idx = stats_order(m, 0);
	for (i = 0; i < n && i < TOP; i++) {
		const char *key = map_key(m, idx[i], &klen);
		fprintf(t->fp, "  %9ld  ", stats_count_of(m, idx[i]));
		value(t->fp, key, klen);
		fputc('\n', t->fp);
	}
	if (i < n)
		fprintf(t->fp, _("  ... and %zu more\n"), n - i);
	free(idx);
}

static void
sample_table(struct tx *t)
{
	const struct leads_result *res = t->res;
	char reasons[512];
	size_t i;

	if (res->nsample == 0)
		return;
	heading(t, _("Sample to check by hand (write it out with --worksheet)"));
	fputs("  ", t->fp);
	/* TRANSLATORS: column heads of the sample: line (7 characters,
	   right-aligned), level (10), source (20), reasons. */
	rpad(t->fp, _("line"), 7);
	fputs("  ", t->fp);
	pad(t->fp, C_("column", "level"), 10);
	fputc(' ', t->fp);
	pad(t->fp, C_("column", "source"), 20);
	fprintf(t->fp, " %s\n", _("reasons"));
	for (i = 0; i < res->nsample; i++) {
		const struct leads_row *row = res->sample[i].data;
		const char *src = row->canon ? row->canon :
		    row->field[ROLE_UTM_SOURCE][0] ? row->field[ROLE_UTM_SOURCE] :
		    row->field[ROLE_SOURCE][0] ? row->field[ROLE_SOURCE] :
		    row->field[ROLE_SOURCE_DETAIL];
		report_reasons(row->findings, ", ", reasons, sizeof reasons);
		fprintf(t->fp, "  %7ld  ", row->line);
		pad(t->fp, report_level_label(row->level), 10);
		fputc(' ', t->fp);
		field(t->fp, src, strlen(src), 20, reasons[0] != '\0');
		if (reasons[0] != '\0')
			fprintf(t->fp, " %s", reasons);
		fputc('\n', t->fp);
	}
}

/* "dd-mm-yyyy" in the reader's language. */
static const char *
order_label(enum date_order o)
{
	switch (o) {
	case DATE_DMY:	return _("dd-mm-yyyy");
	case DATE_MDY:	return _("mm-dd-yyyy");
	default:	return date_order_name(o);
	}
}

/* One line of the Rows table: label, count. */
static void
row(FILE *fp, const char *label, long n)
{
	fputs("  ", fp);
	pad(fp, label, 15);
	fprintf(fp, " %9ld\n", n);
}

int
report_text(FILE *fp, const struct leads_result *res)
{
	const struct stats *st = &res->st;
	const struct csvin_info *ci = &res->csv;
	struct tx t = { fp, res->opts->color, res };
	static const char *const colors[] = { "\033[32m", "\033[31m", "\033[33m" };
	long specific = stats_specific(st);
	char ends[64];
	int i, first;

	fputs("utm-audit leads: ", fp);
	value(fp, res->opts->input, strlen(res->opts->input));
	fputc('\n', fp);
	if (ci->eol == NULL)
		snprintf(ends, sizeof ends, "%s", _("no line ends"));
	else
		snprintf(ends, sizeof ends, _("%s line ends"), strcmp(ci->eol, "\r\n") == 0 ?
		    "CRLF" : strcmp(ci->eol, "\r") == 0 ? "CR" : "LF");
	/* TRANSLATORS: "  read as utf-8, semicolon-delimited (detected), CRLF
	   line ends, with BOM": the encoding, the delimiter, "detected" or
	   "given", the line ends, and ", with BOM" or nothing. */
	fprintf(fp, _("  read as %s, %s (%s), %s%s\n"), csvin_enc_name(ci->encoding),
	    report_delim_label(ci->delim), ci->delim_detected ? _("detected") : _("given"),
	    ends, ci->bom ? _(", with BOM") : "");
	if (ci->encoding_detected && ci->encoding == CSVIN_ENC_CP1252)
		fprintf(fp, _("  note: the file is not valid UTF-8; it was read as %s\n"),
		    csvin_enc_name(ci->encoding));
	if (res->cm->col[ROLE_CREATED] >= 0 && res->date_ambiguous > 0) {
		fprintf(fp, _("  dates whose day and month are both 12 or less read as %s"),
		    order_label(res->date_order));
		if (res->opts->date_order != DATE_AUTO)
			fputs(_(" (as given)"), fp);
		else if (res->date_order_detected)
			fputs(_(" (settled over the whole column)"), fp);
		if (res->date_mixed)
			fputs(_("; the column mixes day-first and month-first dates"), fp);
		fputc('\n', fp);
	}
	fprintf(fp, _("  rules: %s\n"), report_rules_label(rules_name(res->rules)));

	/* TRANSLATORS: "Verdict: FAIL" at the top of the text report. */
	fprintf(fp, _("\n%sVerdict: %s%s  "), t.color ? colors[res->verdict] : "",
	    report_verdict_label(res->verdict), t.color ? "\033[0m" : "");
	if (st->in_scope == 0)
		fputs(_("no leads in scope\n"), fp);
	else if (res->opts->gate_sample)
		fprintf(fp, _("%.1f%% of leads have a specific source (%ld of %ld); "
		    "the threshold is %.0f%% (judged from the sample)\n"),
		    100.0 * (double)specific / (double)st->in_scope, specific,
		    st->in_scope, 100 * res->threshold);
	else
		fprintf(fp, _("%.1f%% of leads have a specific source (%ld of %ld); "
		    "the threshold is %.0f%%\n"),
		    100.0 * (double)specific / (double)st->in_scope, specific,
		    st->in_scope, 100 * res->threshold);
	if (st->stray_quotes.count > 0) {
		/* Under the verdict: these rows are in none of its figures. */
		fputs("  ", fp);
		report_spans_sentence(fp, res);
		fputc('\n', fp);
		report_spans_places(fp, res, "    ", "\n", shown);
	}

	heading(&t, _("Rows"));
	/* TRANSLATORS: the labels of the Rows table fit in 15 characters. */
	row(fp, _("read"), st->read);
	row(fp, _("in scope"), st->in_scope);
	row(fp, _("rejected"), stats_rejected(st));
	rows_line(fp, _("  out of window"), &st->out_of_window);
	rows_line(fp, _("  undated"), &st->undated);
	rows_line(fp, _("  ragged"), &st->ragged);
	if (st->stray_quotes.count > 0) {
		/* Not read as rows at all, so not in read = in scope +
		   rejected: where to fix the export is under the verdict. */
		row(fp, _("taken by quote"), st->stray_quotes.rows);
	}
	if (st->bad_dates.count)
		rows_line(fp, _("unreadable date"), &st->bad_dates);
	if (st->bad_bytes.count)
		rows_line(fp, _("invalid bytes"), &st->bad_bytes);
	if (st->finding[F_UTM_FROM_URL])
		row(fp, _("UTMs from URL"), st->finding[F_UTM_FROM_URL]);

	heading(&t, _("Levels"));
	for (i = 0; i < LEVEL__COUNT; i++) {
		fputs("  ", fp);
		pad(fp, report_level_label((enum level)i), 15);
		fprintf(fp, " %9ld  ", st->level[i]);
		pct(fp, st->level[i], st->in_scope);
		fputc('\n', fp);
	}

	heading(&t, _("Sample"));
	/* The English singular is the plural: the report has always said
	   "1 of 1 leads". */
	fprintf(fp, ngettext("  seed %llu, %zu of %ld leads drawn (draw it again with --seed %llu)\n",
	    "  seed %llu, %zu of %ld leads drawn (draw it again with --seed %llu)\n",
	    (unsigned long)res->sample_size),
	    (unsigned long long)res->seed, res->nsample, res->sample_size,
	    (unsigned long long)res->seed);
	if (res->nsample > 0) {
		fprintf(fp, _("  %ld of %zu is %.0f%%, but anything from %.0f%% to %.0f%% fits "
		    "(95%% Wilson interval)\n"), res->sample_specific, res->nsample,
		    100.0 * (double)res->sample_specific / (double)res->nsample,
		    100 * res->sample_lo, 100 * res->sample_hi);
		switch (report_settle(res)) {
		case SETTLE_MET:
			fputs(_("  the sample alone shows the threshold is met\n"), fp);
			break;
		case SETTLE_MISSED:
			fputs(_("  the sample alone shows the threshold is missed\n"), fp);
			break;
		case SETTLE_NO_SAMPLE_COULD:
			fprintf(fp, ngettext("  no sample of the %ld leads in scope could settle it; "
			    "the exact share above does\n", "  no sample of the %ld leads in scope "
			    "could settle it; the exact share above does\n",
			    (unsigned long)st->in_scope), st->in_scope);
			break;
		case SETTLE_NEEDS:
			fprintf(fp, ngettext("  the sample cannot settle it; about %ld leads would\n",
			    "  the sample cannot settle it; about %ld leads would\n",
			    (unsigned long)res->sample_needed), res->sample_needed);
			break;
		case SETTLE_CANNOT:
			fputs(_("  the sample cannot settle it\n"), fp);
			break;
		}
	}
	if (res->have_verified)
		fprintf(fp, _("  checked by hand: %ld of %ld accurate and specific (%.0f%%; "
		    "%.0f%% to %.0f%% fits), %ld not yet checked\n"), res->verified_accurate,
		    res->verified_checked, res->verified_checked ? 100.0 *
		    (double)res->verified_accurate / (double)res->verified_checked : 0.0,
		    100 * res->verified_lo, 100 * res->verified_hi,
		    res->verified_rows - res->verified_checked);

	if (res->cm->col[ROLE_CREATED] >= 0)
		breakdown(&t, BY_MONTH, _("By created month"));
	breakdown(&t, BY_CHANNEL, _("By channel"));
	breakdown(&t, BY_SOURCE, _("By source"));
	if (res->cm->col[ROLE_OWNER] >= 0)
		breakdown(&t, BY_OWNER, _("By owner"));
	counts(&t, st->vague, _("Top vague spellings"));
	spellings(&t);
	unknowns(&t);
	counts(&t, st->ga4, _("GA4 would put these utm_source / utm_medium in Unassigned"));
	counts(&t, st->conflicts, _("Conflicts (utm_source vs CRM source)"));

	for (i = 0, first = 1; i < F_URL_MALFORMED; i++) {
		if (st->finding[i] == 0)
			continue;
		if (first)
			heading(&t, _("Findings (leads)"));
		first = 0;
		fprintf(fp, "  %-20s %9ld  %s\n", finding_name((enum finding_id)i),
			    st->finding[i], finding_title((enum finding_id)i));
	}
	sample_table(&t);
	drift(&t);
	return ferror(fp) ? -1 : 0;
}

/* A value made safe as value() does, as a string for a sentence's format;
 * the caller frees it. */
static char *
tval(const char *s, size_t len)
{
	return report_capture(value, s, len);
}

/* --baseline: what drifted since the earlier audit (see baseline.h). */
static void
drift(struct tx *t)
{
	const struct drift *dr = baseline_drift(t->res->baseline);
	const struct leads_result *res = t->res;
	FILE *fp = t->fp;
	double then, now;
	size_t i, nlen;
	const char *name;
	char *e1, *e2;
	int w;

	if (dr == NULL)
		return;
	then = drift_pct(dr->specific_then, dr->in_scope_then);
	now = drift_pct(dr->specific_now, dr->in_scope_now);
	heading(t, _("Since the last audit"));
	e1 = tval(dr->file, strlen(dr->file));
	e2 = tval(dr->input, dr->ilen);
	fputs("  ", fp);
	fprintf(fp, _("Compared with the earlier audit in %s (of %s)."),
	    e1 ? e1 : "?", e2 ? e2 : "?");
	fputs("\n  ", fp);
	free(e1);
	free(e2);
	report_drift_share(fp, then, now);
	fputs("\n  ", fp);
	fprintf(fp, _("The verdict was %s then and is %s now."),
	    report_verdict_word(dr->verdict_then), report_verdict_word(res->verdict));
	fputc('\n', fp);
	if (dr->threshold_then != res->threshold) {
		fputs("  ", fp);
		fprintf(fp, _("The target was %.0f%% then and is %.0f%% now."),
		    100 * dr->threshold_then, 100 * res->threshold);
		fputc('\n', fp);
	}
	if (dr->rules_differ) {
		e1 = tval(report_rules_label(dr->rules_then),
		    strlen(report_rules_label(dr->rules_then)));
		fputs("  ", fp);
		fprintf(fp, _("The earlier audit used other rules (%s), so some of the change "
		    "may come from the rules, not from the data."), e1 ? e1 : "?");
		fputc('\n', fp);
		free(e1);
	}
	fputs("  ", fp);
	if (dr->months_then == 0 || dr->months_now == 0)
		fputs(_("The months cannot be compared: one of the audits has no dated leads."), fp);
	else
		fprintf(fp, _("Months covered: %zu then, %zu now, %zu in both."),
		    dr->months_then, dr->months_now, dr->months_both);
	fputc('\n', fp);
	for (i = 0; i < dr->nmonths && dr->months_then && dr->months_now; i++) {
		const struct drift_month *m = &dr->months[i];
		fputs("    ", fp);
		field(fp, m->name, m->nlen, 10, 1);
		/* TRANSLATORS: "62.5% of 32   " (the count left-aligned in 5). */
		if (m->n_then)
			fprintf(fp, _(" %5.1f%% of %-5ld"), drift_pct(m->specific_then, m->n_then),
			    m->n_then);
		else
			fprintf(fp, " %15s", "-");
		if (m->n_now)
			fprintf(fp, _("  ->  %5.1f%% of %ld\n"), drift_pct(m->specific_now, m->n_now),
			    m->n_now);
		else
			fputs("  ->  -\n", fp);
	}
	if (dr->ndrops == 0) {
		fprintf(fp, _("  No source or owner with at least %d leads in both audits lost "
		    "more than %.0f points.\n"), DRIFT_MIN_LEADS, 100 * DRIFT_DROP);
	} else {
		fprintf(fp, _("  Sources and owners whose share dropped by more than %.0f points "
		    "(with at least %d leads in both audits):\n"), 100 * DRIFT_DROP,
		    DRIFT_MIN_LEADS);
		/* the kind column fits the longer of the two words */
		w = (int)strlen(C_("group", "source")) > (int)strlen(C_("group", "owner")) ?
		    (int)strlen(C_("group", "source")) : (int)strlen(C_("group", "owner"));
		for (i = 0; i < dr->ndrops; i++) {
			const struct drift_group *g = &dr->drops[i];
			fputs("    ", fp);
			pad(fp, g->by == BY_SOURCE ? C_("group", "source") : C_("group", "owner"), w);
			fputc(' ', fp);
			name = g->name;
			nlen = g->nlen;
			name = report_group_label(g->by, name, &nlen);
			field(fp, name, nlen, 24, 1);
			fprintf(fp, _(" %5.1f%% of %-5ld ->  %5.1f%% of %-5ld (%+.1f)\n"),
			    drift_pct(g->specific_then, g->n_then), g->n_then,
			    drift_pct(g->specific_now, g->n_now), g->n_now,
			    drift_pct(g->specific_now, g->n_now) -
			    drift_pct(g->specific_then, g->n_then));
		}
	}
	if (dr->nspellings == 0) {
		fputs(_("  No new spellings since then.\n"), fp);
		return;
	}
	fputs(_("  Spellings new since then:\n"), fp);
	for (i = 0; i < dr->nspellings; i++) {
		const struct drift_spelling *s = &dr->spellings[i];
		fputs("    ", fp);
		if (s->kind == DRIFT_CANON) {
			value(fp, s->source, s->slen);
			fputs(": ", fp);
		} else if (s->kind == DRIFT_UNKNOWN) {
			fputs(_("not in the rules: "), fp);
		} else {
			fputs(_("vague: "), fp);
		}
		value(fp, s->value, s->vlen);
		fprintf(fp, " %ld\n", s->count);
	}
}
