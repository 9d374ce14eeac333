/* The Markdown report: a short summary for a pull-request comment, a Teams
 * message or a Confluence/wiki page.  The verdict, the key figures, the top
 * problems in a list, the drift since the baseline, then the breakdowns
 * folded away in <details>.  Tables are GitHub/GitLab pipe tables; every
 * value from the input is redacted (report_safe) and escaped so it renders
 * as the text it is: Markdown and HTML specials backslash-escaped or as
 * entities (also '.' and ':', so no URL in a value becomes a link), '|'
 * escaped for the tables, tabs and line breaks as spaces, other control
 * and bidirectional characters as '?' (out_hidden), invalid UTF-8 as
 * U+FFFD, and '@' followed by a word joiner so a value never mentions
 * anybody in a comment. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "finding.h"
#include "i18n.h"
#include "out.h"
#include "xalloc.h"

#define TOP		10	/* rows per table, items per list */
#define BROKE		0.25	/* as in the text report: where tracking broke */

/* Writes s[0..len) as Markdown text that renders as itself, also inside a
 * table cell. */
static void
md_escape(FILE *fp, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < len) {
		unsigned char c = u[i];
		if (c != '\t' && c != '\n' && c != '\r' &&
		    (k = out_hidden(s + i, len - i)) > 0) {
			fputc('?', fp);
			i += k;
			continue;
		}
		if (c >= 0x80) {
			if ((k = out_utf8_len(s + i, len - i)) == 0) {
				fputs("\xef\xbf\xbd", fp);
				i++;
			} else {
				fwrite(u + i, 1, k, fp);
				i += k;
			}
			continue;
		}
		i++;
		if (c < 0x20)		/* tab and line breaks */
			fputc(' ', fp);
		else if (c == '<')
			fputs("&lt;", fp);
		else if (c == '>')
			fputs("&gt;", fp);
		else if (c == '&')
			fputs("&amp;", fp);
		else if (c == '@')
			fputs("@\xe2\x81\xa0", fp);	/* U+2060 WORD JOINER */
		else if (strchr("\\`*_{}[]#.!|~$:", c) != NULL) {
			fputc('\\', fp);
			fputc(c, fp);
		} else
			fputc(c, fp);
	}
}

/* A value from the input: redacted, then escaped. */
static void
val(FILE *fp, const char *s, size_t len)
{
	s = report_safe(s, &len);
	md_escape(fp, s, len);
}

static void
cval(FILE *fp, const char *s)
{
	val(fp, s, strlen(s));
}

/* The same as a string, to put into a sentence with printf; the caller
 * frees it. */
static char *
xval(const char *s, size_t len)
{
	return report_capture(val, s, len);
}

static double
pct(long k, long n)
{
	return n > 0 ? 100.0 * (double)k / (double)n : 0.0;
}

static int
is_undated(const char *key, size_t klen)
{
	return klen == 9 && memcmp(key, "(undated)", 9) == 0;
}

static void
headline(FILE *fp, const struct leads_result *res)
{
	const struct stats *st = &res->st;
	long specific = stats_specific(st);
	double share = pct(specific, st->in_scope), thr = 100 * res->threshold;

	if (st->in_scope == 0)
		fputs(_("No leads were in scope, so there is nothing to judge."), fp);
	else if (res->verdict == VERDICT_INCONCLUSIVE)
		fprintf(fp, _("The sample cannot settle whether tracking meets the target: "
		    "%.1f%% of all leads have a specific source; the target is %.0f%%."),
		    share, thr);
	else if (res->opts->gate_sample && res->verdict == VERDICT_PASS)
		fprintf(fp, _("Tracking meets the target, judged from the sample: %.1f%% of "
		    "all leads have a specific source; the target is %.0f%%."), share, thr);
	else if (res->opts->gate_sample)
		fprintf(fp, _("Tracking misses the target, judged from the sample: %.1f%% of "
		    "all leads have a specific source; the target is %.0f%%."), share, thr);
	else if (res->verdict == VERDICT_PASS)
		fprintf(fp, _("Tracking meets the target: %.1f%% of leads have a specific "
		    "source; the target is %.0f%%."), share, thr);
	else
		fprintf(fp, _("Tracking misses the target: %.1f%% of leads have a specific "
		    "source; the target is %.0f%%."), share, thr);
}

static void
sample_words(FILE *fp, const struct leads_result *res)
{
	if (res->nsample == 0)
		return;
	/* The English singular is the plural: the report has always said so. */
	fprintf(fp, ngettext("A random sample of %zu leads (seed %llu) was drawn to check by hand: "
	    "%ld of them have a specific source (%.0f%%). For all leads, the share very "
	    "likely lies between %.0f%% and %.0f%% (95%% confidence interval).",
	    "A random sample of %zu leads (seed %llu) was drawn to check by hand: "
	    "%ld of them have a specific source (%.0f%%). For all leads, the share very "
	    "likely lies between %.0f%% and %.0f%% (95%% confidence interval).",
	    (unsigned long)res->nsample), res->nsample, (unsigned long long)res->seed, res->sample_specific,
	    pct(res->sample_specific, (long)res->nsample), 100 * res->sample_lo,
	    100 * res->sample_hi);
	fputc(' ', fp);
	report_settle_sentence(fp, res);
	fputs("\n", fp);
}

static void
figures(FILE *fp, const struct leads_result *res)
{
	const struct stats *st = &res->st;
	/* TRANSLATORS: Markdown: keep the backslash before the underscore. */
	static const char *const what[] = {
		N_("campaign: source, medium and campaign code"),
		N_("channel: a specific source, no campaign code"),
		N_("vague: only values like \"Website\" or \"Other\""),
		N_("missing: no source at all"),
		N_("conflict: CRM and utm\\_source disagree")
	};
	int i;

	fprintf(fp, "\n| %s | %s | %s |\n|---|---:|---:|\n", _("key figures"), _("leads"),
	    _("share"));
	fprintf(fp, "| %s | %ld | |\n| %s | %ld | |\n", _("read"), st->read,
	    _("in scope"), st->in_scope);
	if (stats_rejected(st) > 0)
		fprintf(fp, "| %s | %ld | |\n", _("rows rejected"), stats_rejected(st));
	if (st->stray_quotes.count > 0)
		fprintf(fp, "| %s | %ld | |\n", _("rows taken by a quote"),
		    st->stray_quotes.rows);
	for (i = 0; i < LEVEL__COUNT; i++)
		fprintf(fp, "| %s | %ld | %.1f%% |\n", _(what[i]), st->level[i],
		    pct(st->level[i], st->in_scope));
}

/* The top vague spellings, as "Website (15), Web (11)". */
static void
top_vague(FILE *fp, const struct map *m, size_t max)
{
	size_t *idx = stats_order(m, 0), i, klen, n = map_count(m);

	for (i = 0; i < n && i < max; i++) {
		const char *key = map_key(m, idx[i], &klen);
		if (i)
			fputs(", ", fp);
		val(fp, key, klen);
		fprintf(fp, " (%ld)", stats_count_of(m, idx[i]));
	}
	if (i < n)
		fprintf(fp, _(", … %zu more"), n - i);
	free(idx);
}

/* Bytes as they are: the rule lines go into a code block. */
static void
raw(FILE *fp, const char *s, size_t len)
{
	fwrite(s, 1, len, fp);
}

static void
problems(FILE *fp, const struct leads_result *res)
{
	const struct stats *st = &res->st;
	const struct map *months = st->by[BY_MONTH], *src = st->by[BY_SOURCE];
	size_t *idx, i, klen, nunk = 0, nsug = 0;
	long unk_leads = 0;
	int any = 0;
	char *e;

	fprintf(fp, "\n#### %s\n\n", _("Top problems"));
	if (st->stray_quotes.count > 0) {
		/* First: these rows are missing from every figure above. */
		fputs("- **", fp);
		report_spans_sentence(fp, res);
		fputs("**\n", fp);
		report_spans_places(fp, res, "  - ", "\n", md_escape);
		any = 1;
	}
	if (res->cm->col[ROLE_CREATED] >= 0) {
		idx = report_order_keys(months);
		for (i = 0; i < map_count(months); i++) {
			const struct stats_group *g = map_value(months, idx[i]);
			const char *key = map_key(months, idx[i], &klen);
			if (is_undated(key, klen) || g->n == 0 ||
			    (double)g->specific / (double)g->n >= res->share - BROKE)
				continue;
			e = xval(key, klen);
			fputs("- ", fp);
			fprintf(fp, ngettext("**Tracking may have broken in %s:** only %.1f%% of "
			    "its %ld leads have a specific source, far below the other months.",
			    "**Tracking may have broken in %s:** only %.1f%% of its %ld "
			    "leads have a specific source, far below the other months.",
			    (unsigned long)g->n), e, pct(g->specific, g->n), g->n);
			fputc('\n', fp);
			free(e);
			any = 1;
		}
		free(idx);
	}
	if (st->level[LEVEL_VAGUE] > 0) {
		fputs("- ", fp);
		fprintf(fp, ngettext("%ld leads (%.1f%%) have only vague source values.",
		    "%ld leads (%.1f%%) have only vague source values.",
		    (unsigned long)st->level[LEVEL_VAGUE]),
		    st->level[LEVEL_VAGUE], pct(st->level[LEVEL_VAGUE], st->in_scope));
		if (map_count(st->vague) > 0) {
			fputc(' ', fp);
			fputs(_("The most common:"), fp);
			fputc(' ', fp);
			top_vague(fp, st->vague, 5);
		}
		fputc('\n', fp);
		any = 1;
	}
	if (st->level[LEVEL_MISSING] > 0) {
		fputs("- ", fp);
		fprintf(fp, ngettext("%ld leads (%.1f%%) have no source information at all.",
		    "%ld leads (%.1f%%) have no source information at all.",
		    (unsigned long)st->level[LEVEL_MISSING]), st->level[LEVEL_MISSING], pct(st->level[LEVEL_MISSING], st->in_scope));
		fputc('\n', fp);
		any = 1;
	}
	if (st->level[LEVEL_CONFLICT] > 0) {
		fputs("- ", fp);
		fprintf(fp, ngettext("%ld leads have a CRM source and a utm\\_source that "
		    "name different sources.", "%ld leads have a CRM source and a "
		    "utm\\_source that name different sources.",
		    (unsigned long)st->level[LEVEL_CONFLICT]), st->level[LEVEL_CONFLICT]);
		fputc('\n', fp);
		any = 1;
	}
	if (st->finding[F_OFFLINE_UNSPECIFIC] > 0) {
		fputs("- ", fp);
		fprintf(fp, ngettext("%ld offline leads (events, partners, referrals, phone) "
		    "have neither a campaign code nor a specific detail.", "%ld offline leads "
		    "(events, partners, referrals, phone) have neither a campaign code nor "
		    "a specific detail.", (unsigned long)st->finding[F_OFFLINE_UNSPECIFIC]),
		    st->finding[F_OFFLINE_UNSPECIFIC]);
		fputc('\n', fp);
		any = 1;
	}
	if (st->finding[F_SOURCE_ALIAS] + st->finding[F_SOURCE_VARIANT] > 0) {
		fputs("- ", fp);
		fprintf(fp, _("%ld leads use an alias of a known source and %ld another case "
		    "or spacing of its name: see the spellings below."),
		    st->finding[F_SOURCE_ALIAS], st->finding[F_SOURCE_VARIANT]);
		fputc('\n', fp);
		any = 1;
	}
	idx = stats_order(src, 1);
	for (i = 0; i < map_count(src); i++) {
		const struct stats_group *g = map_value(src, idx[i]);
		if (map_key(src, idx[i], NULL)[0] != '?')
			continue;
		nunk++;
		unk_leads += g->n;
		nsug += g->suggest != NULL;
	}
	if (nunk > 0) {
		fputs("- ", fp);
		fprintf(fp, ngettext("%zu sources (%ld leads) are not in the rules.",
		    "%zu sources (%ld leads) are not in the rules.", (unsigned long)nunk),
		    nunk, unk_leads);
		if (nsug > 0) {
			fputc(' ', fp);
			fputs(_("If these spellings mean the source named, paste the lines "
			    "under that source's aliases in your rule file:"), fp);
			fputs("\n\n  ```yaml\n", fp);
			for (i = 0; i < map_count(src); i++) {
				const struct stats_group *g = map_value(src, idx[i]);
				const char *key = map_key(src, idx[i], &klen);
				if (key[0] != '?' || g->suggest == NULL)
					continue;
				fprintf(fp, "  sources.%s.aliases: - ", g->suggest);
				report_yaml(fp, key + 1, klen - 1, raw);
				fputc('\n', fp);
			}
			fputs("  ```\n", fp);
		} else {
			fputc('\n', fp);
		}
		any = 1;
	}
	free(idx);
	if (!any)
		fprintf(fp, "%s\n", _("None found."));
}

static void
share_cells(FILE *fp, long k, long n)
{
	if (n > 0)
		fprintf(fp, " %.1f%% | %ld |", pct(k, n), n);
	else
		fputs(" – | 0 |", fp);
}

static void
drift(FILE *fp, const struct leads_result *res)
{
	const struct drift *dr = baseline_drift(res->baseline);
	double then, now;
	size_t i;
	char *e1, *e2;

	if (dr == NULL)
		return;
	then = drift_pct(dr->specific_then, dr->in_scope_then);
	now = drift_pct(dr->specific_now, dr->in_scope_now);
	fprintf(fp, "\n#### %s\n\n", _("Since the last audit"));
	e1 = xval(dr->file, strlen(dr->file));
	e2 = xval(dr->input, dr->ilen);
	fprintf(fp, _("Compared with the earlier audit in %s (of %s)."), e1, e2);
	free(e1);
	free(e2);
	fputc(' ', fp);
	report_drift_share(fp, then, now);
	fputc(' ', fp);
	fprintf(fp, _("The verdict was %s then and is %s now."),
	    report_verdict_word(dr->verdict_then), report_verdict_word(res->verdict));
	if (dr->threshold_then != res->threshold) {
		fputc(' ', fp);
		fprintf(fp, _("The target was %.0f%% then and is %.0f%% now."),
		    100 * dr->threshold_then, 100 * res->threshold);
	}
	if (dr->rules_differ) {
		e1 = xval(report_rules_label(dr->rules_then),
		    strlen(report_rules_label(dr->rules_then)));
		fputc(' ', fp);
		fprintf(fp, _("The earlier audit used other rules (%s), so some of the change "
		    "may come from the rules, not from the data."), e1);
		free(e1);
	}
	fputc(' ', fp);
	if (dr->months_then == 0 || dr->months_now == 0)
		fputs(_("The months cannot be compared: one of the audits has no dated leads."), fp);
	else
		fprintf(fp, _("Months covered: %zu then, %zu now, %zu in both."),
		    dr->months_then, dr->months_now, dr->months_both);
	fputs("\n\n", fp);
	if (dr->ndrops == 0) {
		fprintf(fp, _("No source or owner with at least %d leads in both audits lost "
		    "more than %.0f points.\n"), DRIFT_MIN_LEADS, 100 * DRIFT_DROP);
	} else {
		fprintf(fp, _("Sources and owners whose share dropped by more than %.0f points "
		    "(with at least %d leads in both audits):\n"), 100 * DRIFT_DROP,
		    DRIFT_MIN_LEADS);
		fprintf(fp, "\n| | %s | %s | %s | %s | %s | %s |\n"
		    "|---|---|---:|---:|---:|---:|---:|\n", _("name"), _("then"), _("leads"),
		    _("now"), _("leads"), _("change"));
		for (i = 0; i < dr->ndrops && i < TOP; i++) {
			const struct drift_group *g = &dr->drops[i];
			size_t nlen = g->nlen;
			const char *name = report_group_label(g->by, g->name, &nlen);
			fprintf(fp, "| %s | ", g->by == BY_SOURCE ? C_("group", "source") :
			    C_("group", "owner"));
			val(fp, name, nlen);
			fputs(" |", fp);
			share_cells(fp, g->specific_then, g->n_then);
			share_cells(fp, g->specific_now, g->n_now);
			fprintf(fp, " %+.1f |\n", drift_pct(g->specific_now, g->n_now) -
			    drift_pct(g->specific_then, g->n_then));
		}
		if (i < dr->ndrops) {
			fputc('\n', fp);
			fprintf(fp, _("… and %zu more."), dr->ndrops - i);
			fputc('\n', fp);
		}
	}
	fputc('\n', fp);
	if (dr->nspellings == 0) {
		fprintf(fp, "%s\n", _("No new spellings since then."));
	} else {
		fprintf(fp, "%s\n", _("Spellings new since then:"));
		fprintf(fp, "\n| %s | %s | %s | %s |\n|---|---|---|---:|\n", _("kind"),
		    C_("column", "source"), _("spelling"), _("leads"));
		for (i = 0; i < dr->nspellings && i < 2 * TOP; i++) {
			const struct drift_spelling *s = &dr->spellings[i];
			fprintf(fp, "| %s | ", s->kind == DRIFT_CANON ? C_("spelling", "source") :
			    s->kind == DRIFT_UNKNOWN ? _("not in the rules") :
			    C_("spelling", "vague"));
			if (s->source != NULL)
				val(fp, s->source, s->slen);
			fputs(" | ", fp);
			val(fp, s->value, s->vlen);
			fprintf(fp, " | %ld |\n", s->count);
		}
		if (i < dr->nspellings) {
			fputc('\n', fp);
			fprintf(fp, _("… and %zu more."), dr->nspellings - i);
			fputc('\n', fp);
		}
	}
}

static void
breakdown(FILE *fp, const struct leads_result *res, enum stats_break b,
    const char *col)
{
	const struct map *m = res->st.by[b];
	size_t *idx, i, n = map_count(m), klen;
	int by_key = b == BY_MONTH;

	if (n == 0)
		return;
	idx = by_key ? report_order_keys(m) : stats_order(m, 1);
	if (by_key)
		fprintf(fp, "\n| %s | %s | %s | |\n|---|---:|---:|---|\n", col, _("leads"),
		    _("specific"));
	else
		fprintf(fp, "\n| %s | %s | %s |\n|---|---:|---:|\n", col, _("leads"),
		    _("specific"));
	for (i = 0; i < n && (by_key || i < TOP); i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		fputs("| ", fp);
		if (b == BY_SOURCE && key[0] == '?') {
			val(fp, key + 1, klen - 1);
			fprintf(fp, " (%s)", _("not in the rules"));
		} else {
			size_t llen = klen;
			const char *lbl = report_group_label(b, key, &llen);
			val(fp, lbl, llen);
		}
		fprintf(fp, " | %ld | %.1f%% |", g->n, pct(g->specific, g->n));
		if (by_key && !is_undated(key, klen) && g->n > 0 &&
		    (double)g->specific / (double)g->n < res->share - BROKE)
			fprintf(fp, " **%s** |", _("far below the other months: did tracking break?"));
		else if (by_key && g->n > 0 && (double)g->specific / (double)g->n <
		    res->threshold)
			fprintf(fp, " %s |", _("below the target"));
		else if (by_key)
			fputs(" |", fp);
		fputc('\n', fp);
	}
	if (i < n) {
		fputc('\n', fp);
		fprintf(fp, _("… and %zu more."), n - i);
		fputc('\n', fp);
	}
	free(idx);
}

static void
spellings(FILE *fp, const struct leads_result *res)
{
	const struct map *m = res->st.by[BY_SOURCE];
	size_t *idx = stats_order(m, 1), i, j, klen, n = map_count(m), shown = 0;

	for (i = 0; i < n; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		size_t *sidx, ns;
		if (g->canon == NULL || g->spellings == NULL ||
		    (map_count(g->spellings) < 2 && strcmp(map_key(g->spellings, 0, NULL), key) == 0))
			continue;
		if (shown++ == 0)
			fprintf(fp, "\n| %s | %s |\n|---|---|\n", _("canonical source"),
			    _("spellings seen (leads)"));
		fputs("| ", fp);
		val(fp, key, klen);
		fputs(" | ", fp);
		sidx = stats_order(g->spellings, 0);
		ns = map_count(g->spellings);
		for (j = 0; j < ns && j < TOP; j++) {
			size_t sl;
			const char *s = map_key(g->spellings, sidx[j], &sl);
			if (j)
				fputs(", ", fp);
			val(fp, s, sl);
			fprintf(fp, " (%ld)", stats_count_of(g->spellings, sidx[j]));
		}
		if (j < ns)
			fprintf(fp, _(", … %zu more"), ns - j);
		fputs(" |\n", fp);
		free(sidx);
	}
	free(idx);
}

int
report_md(FILE *fp, const struct leads_result *res)
{
	fprintf(fp, "### utm-audit leads: %s\n\n**", report_verdict_label(res->verdict));
	headline(fp, res);
	fputs("**\n\n", fp);
	if (res->st.in_scope > 0) {
		long specific = stats_specific(&res->st);
		if (specific == res->st.in_scope)
			fprintf(fp, ngettext("All %ld leads can be traced to a specific source.",
			    "All %ld leads can be traced to a specific source.",
			    (unsigned long)res->st.in_scope), res->st.in_scope);
		else
			fprintf(fp, _("%ld of %ld leads can be traced to a specific source. "
			    "For the other %ld, nobody can tell which marketing brought them "
			    "in, so the money spent to win them cannot be judged."), specific,
			    res->st.in_scope, res->st.in_scope - specific);
		fputs("\n\n", fp);
	}
	sample_words(fp, res);
	if (res->have_verified)
		fprintf(fp, _("\nChecked by hand: %ld of %ld leads are accurate and specific "
		    "(%.0f%%; anything from %.0f%% to %.0f%% fits); not checked yet: "
		    "%ld.\n"), res->verified_accurate, res->verified_checked,
		    pct(res->verified_accurate, res->verified_checked),
		    100 * res->verified_lo, 100 * res->verified_hi,
		    res->verified_rows - res->verified_checked);
	figures(fp, res);
	problems(fp, res);
	drift(fp, res);
	if (res->cm->col[ROLE_CREATED] >= 0 && map_count(res->st.by[BY_MONTH]) > 0) {
		fprintf(fp, "\n#### %s\n", _("By created month"));
		breakdown(fp, res, BY_MONTH, C_("column", "month"));
	}
	fprintf(fp, "\n<details><summary>%s</summary>\n", _("By channel, source and owner"));
	breakdown(fp, res, BY_CHANNEL, C_("column", "channel"));
	breakdown(fp, res, BY_SOURCE, C_("column", "source"));
	if (res->cm->col[ROLE_OWNER] >= 0)
		breakdown(fp, res, BY_OWNER, C_("column", "owner"));
	fputs("\n</details>\n", fp);
	if (map_count(res->st.vague) > 0 || map_count(res->st.by[BY_SOURCE]) > 0) {
		fprintf(fp, "\n<details><summary>%s</summary>\n", _("Spellings"));
		if (map_count(res->st.vague) > 0) {
			fputc('\n', fp);
			fputs(_("Vague values:"), fp);
			fputc(' ', fp);
			top_vague(fp, res->st.vague, TOP);
			fputs("\n", fp);
		}
		spellings(fp, res);
		fputs("\n</details>\n", fp);
	}
	fputs("\n<sub>", fp);
	cval(fp, res->opts->input);
	fprintf(fp, " · utm-audit %s · ", UTM_AUDIT_VERSION);
	fprintf(fp, _("seed %llu: draw the same sample again with `--seed %llu`"),
	    (unsigned long long)res->seed, (unsigned long long)res->seed);
	fputs("</sub>\n", fp);
	return ferror(fp) ? -1 : 0;
}
