/* The HTML report: one self-contained page for people who do not use a
 * terminal, the CFO first.  Inline CSS and SVG only: no script, no font,
 * no image, no request of any kind (a Content-Security-Policy says so to
 * the browser too), so it opens offline and can be mailed as it is; it
 * prints on A4.  The verdict comes first, in words; then the charts (the
 * specific share per month with the threshold, the month where tracking
 * broke in its own colour and labelled; bars per channel, source and
 * owner), the vague spellings, the spellings per source, the rule lines to
 * paste, the drift since the baseline, and the sample.  Every value from
 * the input goes through report_safe and out_html (escaped, and control
 * and bidirectional characters shown as '?').  No clock: the same input
 * gives the same bytes. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "finding.h"
#include "i18n.h"
#include "out.h"
#include "xalloc.h"

#define TOP		15	/* bars or rows per breakdown */
#define MAX_MONTHS	36	/* months in the chart: the latest ones */
#define LABEL_CHARS	24	/* characters of a label in a chart */
#define BROKE		0.25	/* a month this far below the overall share broke */

struct hx {
	FILE		*fp;
	const struct leads_result *res;
};

static const char css[] =
"*{box-sizing:border-box}\n"
"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,Arial,sans-serif;"
"color:#1d2329;background:#fff;max-width:60rem;margin:0 auto;padding:1.5rem}\n"
"h1{font-size:1.6rem;margin:0 0 .2rem}\n"
"h2{font-size:1.2rem;margin:1.8rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid #d5dbe1}\n"
"h3{font-size:1rem;margin:1rem 0 .3rem}\n"
".meta{color:#56616c;margin:0;font-size:.9rem;overflow-wrap:anywhere}\n"
".verdict{border:2px solid;border-left-width:.6rem;border-radius:.4rem;padding:.8rem 1.1rem;margin:1.2rem 0}\n"
".verdict.pass{border-color:#2e7d32;background:#f1f8f1}\n"
".verdict.fail{border-color:#c62828;background:#fdf2f2}\n"
".verdict.inconclusive{border-color:#b26a00;background:#fff8ec}\n"
".badge{display:inline-block;font-weight:700;letter-spacing:.05em;padding:.1rem .6rem;"
"border-radius:.3rem;color:#fff;margin:0 0 .4rem}\n"
".pass .badge{background:#2e7d32}.fail .badge{background:#c62828}.inconclusive .badge{background:#b26a00}\n"
".headline{font-size:1.15rem;font-weight:600;margin:.2rem 0 .5rem}\n"
".verdict p{margin:.3rem 0}\n"
".warn{color:#a31515;font-weight:600}\n"
"table{border-collapse:collapse;margin:.4rem 0 .8rem;font-size:.9rem}\n"
"th,td{text-align:left;padding:.2rem .6rem .2rem 0;border-bottom:1px solid #e6eaee;vertical-align:top}\n"
"th{font-weight:600;border-bottom-color:#aab4be}\n"
"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
"td{overflow-wrap:anywhere}td.nw{white-space:nowrap;overflow-wrap:normal}\n"
"table.sample{width:100%}\n"
".figures{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}\n"
".figure{border:1px solid #d5dbe1;border-radius:.3rem;padding:.4rem .7rem;min-width:8rem}\n"
".figure b{display:block;font-size:1.3rem}\n"
"svg.chart{width:100%;height:auto;display:block;margin:.3rem 0}\n"
"svg.chart text{font:12px system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,Arial,sans-serif;fill:#1d2329}\n"
"svg.chart .axis{stroke:#aab4be;stroke-width:1}\n"
"svg.chart .grid{stroke:#e6eaee;stroke-width:1}\n"
"svg.chart .thr{stroke:#1d2329;stroke-width:1.5;stroke-dasharray:5 4}\n"
"svg.chart .ok{fill:#3b7f4a}svg.chart .low{fill:#d99a1e}svg.chart .broke{fill:#c62828}\n"
"svg.chart text.broke,svg.chart text.label-broke{fill:#c62828;font-weight:700}\n"
"svg.chart .dim{fill:#56616c}svg.chart .track{fill:#eef1f4}\n"
".legend{font-size:.85rem;color:#56616c;margin:.1rem 0 .6rem}\n"
".key{display:inline-block;width:.8rem;height:.8rem;vertical-align:-.1rem;margin:0 .25rem 0 .8rem}\n"
".key.ok{background:#3b7f4a}.key.low{background:#d99a1e}.key.broke{background:#c62828}\n"
"pre{background:#f4f6f8;border:1px solid #d5dbe1;border-radius:.3rem;padding:.6rem .8rem;"
"overflow-x:auto;font-size:.85rem;white-space:pre-wrap;overflow-wrap:anywhere}\n"
"code,pre{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,monospace}\n"
"footer{margin-top:2rem;color:#56616c;font-size:.8rem}\n"
"@page{size:A4;margin:14mm 12mm}\n"
"@media print{\n"
"body{font-size:10pt;max-width:none;padding:0}\n"
"h2{break-after:avoid;page-break-after:avoid}\n"
"section,figure,.verdict,svg.chart,pre{break-inside:avoid;page-break-inside:avoid}\n"
"section.sample{break-before:page;page-break-before:always}\n"
"thead{display:table-header-group}\n"
"tr{break-inside:avoid;page-break-inside:avoid}\n"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
"}\n";

/* A value from the input: redacted, then escaped. */
static void
val(FILE *fp, const char *s, size_t len)
{
	s = report_safe(s, &len);
	out_html(fp, s, len);
}

static void
cval(FILE *fp, const char *s)
{
	val(fp, s, strlen(s));
}

/* A value from the input, redacted and escaped, as a string to put into a
 * sentence with printf (so each sentence stays one format string); the
 * caller frees it. */
static char *
xval(const char *s, size_t len)
{
	return report_capture(val, s, len);
}

/* A value cut to at most chars characters (with an ellipsis) for a chart
 * label; redacted first, then cut on a character boundary. */
static void
label(FILE *fp, const char *s, size_t len, size_t chars)
{
	size_t i, n = 0;

	s = report_safe(s, &len);
	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (n == chars - 1) {
			size_t j, rest = 0;
			for (j = i; j < len; j++)
				if (((unsigned char)s[j] & 0xc0) != 0x80)
					rest++;
			if (rest > 1) {
				out_html(fp, s, i);
				fputs("\xe2\x80\xa6", fp);
				return;
			}
			break;
		}
		n++;
	}
	out_html(fp, s, len);
}

static double
pct(long k, long n)
{
	return n > 0 ? 100.0 * (double)k / (double)n : 0.0;
}

/* The name of a group as printed: unknown sources without their '?'. */
static const char *
group_name(enum stats_break b, const char *key, size_t *klen)
{
	if (b == BY_SOURCE && *klen > 0 && key[0] == '?') {
		(*klen)--;
		return key + 1;
	}
	return key;
}

/* A month whose share is far below the overall share: where tracking
 * broke (the text report's rule). */
static int
broke(const struct leads_result *res, const struct stats_group *g)
{
	return g->n > 0 && (double)g->specific / (double)g->n < res->share - BROKE;
}

static int
is_undated(const char *key, size_t klen)
{
	return klen == 9 && memcmp(key, "(undated)", 9) == 0;
}

static void
verdict(struct hx *h)
{
	const struct leads_result *res = h->res;
	const struct stats *st = &res->st;
	FILE *fp = h->fp;
	static const char *const cls[] = { "pass", "fail", "inconclusive" };
	long specific = stats_specific(st);
	double share = pct(specific, st->in_scope), thr = 100 * res->threshold;
	const struct map *months = st->by[BY_MONTH];
	size_t *idx, i, klen;
	char *e;

	fprintf(fp, "<section class=\"verdict %s\" id=\"verdict\">\n<p class=\"badge\">%s</p>\n",
	    cls[res->verdict], report_verdict_label(res->verdict));
	fputs("<p class=\"headline\">", fp);
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
	fputs("</p>\n", fp);
	if (st->in_scope > 0) {
		fputs("<p>", fp);
		if (specific == st->in_scope)
			fprintf(fp, ngettext("All %ld leads can be traced to a specific source.",
			    "All %ld leads can be traced to a specific source.",
			    (unsigned long)st->in_scope), st->in_scope);
		else
			fprintf(fp, _("%ld of %ld leads can be traced to a specific source. "
			    "For the other %ld, nobody can tell which marketing brought them "
			    "in, so the money spent to win them cannot be judged."),
			    specific, st->in_scope, st->in_scope - specific);
		fputs("</p>\n", fp);
	}
	if (res->nsample > 0) {
		fputs("<p>", fp);
		fprintf(fp, ngettext("A random sample of %zu leads (seed %llu) was drawn to "
		    "check by hand: %ld of them have a specific source (%.0f%%). For all "
		    "leads, the share very likely lies between %.0f%% and %.0f%% (95%% "
		    "confidence interval).", "A random sample of %zu leads (seed %llu) was "
		    "drawn to check by hand: %ld of them have a specific source (%.0f%%). For "
		    "all leads, the share very likely lies between %.0f%% and %.0f%% (95%% "
		    "confidence interval).", (unsigned long)res->nsample), res->nsample, (unsigned long long)res->seed,
		    res->sample_specific, pct(res->sample_specific, (long)res->nsample),
		    100 * res->sample_lo, 100 * res->sample_hi);
		fputc(' ', fp);
		report_settle_sentence(fp, res);
		fputs("</p>\n", fp);
	}
	if (res->have_verified)
		fprintf(fp, _("<p>Checked by hand: %ld of %ld leads are accurate and specific "
		    "(%.0f%%; anything from %.0f%% to %.0f%% fits); not checked yet: "
		    "%ld.</p>\n"), res->verified_accurate, res->verified_checked,
		    pct(res->verified_accurate, res->verified_checked),
		    100 * res->verified_lo, 100 * res->verified_hi,
		    res->verified_rows - res->verified_checked);
	if (st->stray_quotes.count > 0) {
		fputs("<p class=\"warn\">", fp);
		report_spans_sentence(fp, res);
		fputs("</p>\n<ul>\n", fp);
		report_spans_places(fp, res, "<li><code>", "</code></li>\n", out_html);
		fputs("</ul>\n", fp);
	}
	if (res->cm->col[ROLE_CREATED] >= 0 && map_count(months) > 0) {
		idx = report_order_keys(months);
		for (i = 0; i < map_count(months); i++) {
			const struct stats_group *g = map_value(months, idx[i]);
			const char *key = map_key(months, idx[i], &klen);
			if (is_undated(key, klen) || !broke(res, g))
				continue;
			e = xval(key, klen);
			fputs("<p class=\"warn\">", fp);
			fprintf(fp, ngettext("Tracking may have broken in %s: only %.1f%% of its "
			    "%ld leads have a specific source, far below the other months.",
			    "Tracking may have broken in %s: only %.1f%% of its %ld leads "
			    "have a specific source, far below the other months.",
			    (unsigned long)g->n), e, pct(g->specific, g->n), g->n);
			fputs("</p>\n", fp);
			free(e);
		}
		free(idx);
	}
	fputs("</section>\n", fp);
}

static void
figure(FILE *fp, const char *what, long n, long of)
{
	fprintf(fp, "<div class=\"figure\"><b>%ld</b>%s", n, what);
	if (of > 0)
		fprintf(fp, " (%.1f%%)", pct(n, of));
	fputs("</div>\n", fp);
}

static void
figures(struct hx *h)
{
	const struct stats *st = &h->res->st;
	FILE *fp = h->fp;
	static const char *const what[] = {
		N_("campaign: source, medium and campaign code"),
		N_("channel: a specific source, no campaign code"),
		N_("vague: only values like “Website” or “Other”"),
		N_("missing: no source at all"),
		N_("conflict: CRM and utm_source disagree")
	};
	int i;

	fprintf(fp, "<section id=\"figures\">\n<h2>%s</h2>\n<div class=\"figures\">\n",
	    _("Key figures"));
	figure(fp, _("leads read"), st->read, 0);
	figure(fp, _("in scope"), st->in_scope, 0);
	figure(fp, _("rows rejected"), stats_rejected(st), 0);
	if (st->stray_quotes.count > 0)
		figure(fp, _("rows taken by a quote"), st->stray_quotes.rows, 0);
	fputs("</div>\n<div class=\"figures\">\n", fp);
	for (i = 0; i < LEVEL__COUNT; i++)
		figure(fp, _(what[i]), st->level[i], st->in_scope);
	fputs("</div>\n</section>\n", fp);
}

/* The specific share per month, as vertical bars with the threshold. */
static void
month_chart(struct hx *h)
{
	const struct leads_result *res = h->res;
	const struct map *m = res->st.by[BY_MONTH];
	FILE *fp = h->fp;
	size_t *idx, i, n = 0, first, klen, shown;
	const double L = 46, R = 648, T = 34, B = 206, W = 720;
	double slot, bw, ythr;
	long undated = 0;
	int rotate;

	if (res->cm->col[ROLE_CREATED] < 0 || map_count(m) == 0)
		return;
	idx = report_order_keys(m);
	for (i = 0; i < map_count(m); i++) {
		const char *key = map_key(m, idx[i], &klen);
		if (is_undated(key, klen))
			undated = ((const struct stats_group *)map_value(m, idx[i]))->n;
		else
			idx[n++] = idx[i];	/* keep the dated ones, in order */
	}
	fprintf(fp, "<section id=\"months\">\n<h2>%s</h2>\n", _("Specific share per month"));
	if (n == 0) {
		fprintf(fp, "<p>%s</p>\n</section>\n", _("No lead has a readable created date."));
		free(idx);
		return;
	}
	first = n > MAX_MONTHS ? n - MAX_MONTHS : 0;
	shown = n - first;
	rotate = shown > 12;
	slot = (R - L) / (double)shown;
	bw = slot * 0.68 > 56 ? 56 : slot * 0.68;
	ythr = B - (B - T) * res->threshold;
	fprintf(fp, "<svg class=\"chart\" id=\"chart-month\" data-bars=\"%zu\" viewBox=\"0 0 %.0f %d\" "
	    "role=\"img\" aria-labelledby=\"chart-month-title\">\n", shown, W, rotate ? 262 : 236);
	fprintf(fp, "<title id=\"chart-month-title\">%s</title>\n", _("Share of leads with "
	    "a specific source, per created month, with the target"));
	for (i = 0; i <= 4; i++) {
		double y = B - (B - T) * (double)i / 4;
		fprintf(fp, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"dim\">%zu%%</text>\n",
		    i ? "grid" : "axis", L, y, R, y, L - 6, y + 4, i * 25);
	}
	for (i = first; i < n; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		double share = g->n ? (double)g->specific / (double)g->n : 0;
		double cx = L + slot * ((double)(i - first) + 0.5), hgt = (B - T) * share;
		int bad = broke(res, g);
		const char *cls = bad ? "broke" : share < res->threshold ? "low" : "ok";

		fprintf(fp, "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\"><title>", cls, cx - bw / 2, B - hgt, bw, hgt);
		val(fp, key, klen);
		fprintf(fp, ngettext(": %.1f%% of %ld leads", ": %.1f%% of %ld leads",
		    (unsigned long)g->n), 100 * share, g->n);
		fputs("</title></rect>\n", fp);
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"%s>%.0f%%</text>\n",
		    cx, B - hgt - 4, bad ? " class=\"broke\"" : "", 100 * share);
		if (bad)
			fprintf(fp, "<text class=\"label-broke\" x=\"%.1f\" y=\"%.1f\" "
			    "text-anchor=\"middle\">%s</text>\n", cx, B - hgt - 18,
			    _("tracking broke?"));
		if (rotate)
			fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
			    "transform=\"rotate(-60 %.1f %.1f)\">", cx + 4, B + 14, cx + 4, B + 14);
		else
			fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx, B + 18);
		label(fp, key, klen, 12);
		fputs("</text>\n", fp);
	}
	fprintf(fp, "<line class=\"thr\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
	    L, ythr, R, ythr);
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\">", R + 6, ythr + 4);
	fprintf(fp, _("target %.0f%%"), 100 * res->threshold);
	fputs("</text>\n", fp);
	fputs("</svg>\n", fp);
	fprintf(fp, "<p class=\"legend\"><span class=\"key ok\"></span>%s"
	    "<span class=\"key low\"></span>%s<span class=\"key broke\"></span>%s</p>\n",
	    _("at or above the target"), _("below the target"),
	    _("far below the other months: did tracking break?"));
	if (first > 0) {
		fputs("<p>", fp);
		fprintf(fp, _("The chart shows the latest %zu of %zu months."), shown, n);
		fputs("</p>\n", fp);
	}
	if (undated > 0) {
		fputs("<p>", fp);
		fprintf(fp, ngettext("%ld leads have no readable created date and are not "
		    "in the chart.", "%ld leads have no readable created date and are not "
		    "in the chart.", (unsigned long)undated), undated);
		fputs("</p>\n", fp);
	}
	fputs("</section>\n", fp);
	free(idx);
}

/* One breakdown as horizontal bars of the specific share (biggest groups
 * first, at most TOP), with the threshold. */
static void
bar_chart(struct hx *h, enum stats_break b, const char *id, const char *title)
{
	const struct leads_result *res = h->res;
	const struct map *m = res->st.by[b];
	FILE *fp = h->fp;
	size_t *idx, i, n = map_count(m), shown, klen;
	const double X = 214, BW = 380, ROW = 24, T = 8;
	double xthr = X + BW * res->threshold, height;

	if (n == 0)
		return;
	shown = n < TOP ? n : TOP;
	height = T + ROW * (double)shown + 24;
	idx = stats_order(m, 1);
	fprintf(fp, "<section id=\"%s\">\n<h2>%s</h2>\n", id, title);
	fprintf(fp, "<svg class=\"chart\" id=\"chart-%s\" data-bars=\"%zu\" viewBox=\"0 0 720 %.0f\" "
	    "role=\"img\" aria-labelledby=\"chart-%s-title\">\n", id, shown, height, id);
	fprintf(fp, "<title id=\"chart-%s-title\">", id);
	fprintf(fp, _("%s: share of leads with a specific source"), title);
	fputs("</title>\n", fp);
	fprintf(fp, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
	    X, T - 4, X, T + ROW * (double)shown);
	for (i = 0; i < shown; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		const char *name = group_name(b, key, &klen);
		if (name == key)
			name = key = report_group_label(b, key, &klen);
		double share = g->n ? (double)g->specific / (double)g->n : 0;
		double y = T + ROW * (double)i;

		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", X - 8, y + 15);
		if (name != key)	/* not in the rules: marked as in the text report */
			fputs("? ", fp);
		label(fp, name, klen, LABEL_CHARS);
		fputs("</text>\n", fp);
		fprintf(fp, "<rect class=\"track\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"16\"/>\n", X, y + 3, BW);
		fprintf(fp, "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"16\"><title>", share < res->threshold ? "low" : "ok", X, y + 3,
		    BW * share);
		val(fp, name, klen);
		fprintf(fp, ngettext(": %.1f%% of %ld leads", ": %.1f%% of %ld leads",
		    (unsigned long)g->n), 100 * share, g->n);
		fputs("</title></rect>\n", fp);
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\">", X + BW + 10, y + 15);
		fprintf(fp, _("%.1f%% of %ld"), 100 * share, g->n);
		fputs("</text>\n", fp);
	}
	fprintf(fp, "<line class=\"thr\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
	    xthr, T - 4, xthr, T + ROW * (double)shown + 4);
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", xthr,
	    T + ROW * (double)shown + 18);
	fprintf(fp, _("target %.0f%%"), 100 * res->threshold);
	fputs("</text>\n", fp);
	fputs("</svg>\n", fp);
	if (shown < n) {
		fputs("<p>", fp);
		fprintf(fp, _("The chart shows the %zu biggest of %zu; the JSON report has "
		    "them all."), shown, n);
		fputs("</p>\n", fp);
	}
	fputs("</section>\n", fp);
	free(idx);
}

/* A map of counts as a table, most first. */
static void
counts(struct hx *h, const struct map *m, const char *id, const char *title,
    const char *intro, const char *col)
{
	FILE *fp = h->fp;
	size_t *idx, i, n = map_count(m), klen;

	if (n == 0)
		return;
	idx = stats_order(m, 0);
	fprintf(fp, "<section id=\"%s\">\n<h2>%s</h2>\n<p>%s</p>\n", id, title, intro);
	fprintf(fp, "<table>\n<thead><tr><th>%s</th><th class=\"n\">%s</th></tr></thead>\n"
	    "<tbody>\n", col, _("leads"));
	for (i = 0; i < n && i < TOP; i++) {
		const char *key = map_key(m, idx[i], &klen);
		fputs("<tr><td>", fp);
		val(fp, key, klen);
		fprintf(fp, "</td><td class=\"n\">%ld</td></tr>\n", stats_count_of(m, idx[i]));
	}
	fputs("</tbody>\n</table>\n", fp);
	if (i < n) {
		fputs("<p>", fp);
		fprintf(fp, _("… and %zu more."), n - i);
		fputs("</p>\n", fp);
	}
	fputs("</section>\n", fp);
	free(idx);
}

static void
spellings(struct hx *h)
{
	const struct map *m = h->res->st.by[BY_SOURCE];
	FILE *fp = h->fp;
	size_t *idx = stats_order(m, 1), i, j, shown = 0, klen, n = map_count(m);

	for (i = 0; i < n; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		size_t *sidx, ns;
		if (g->canon == NULL || g->spellings == NULL ||
		    (map_count(g->spellings) < 2 && strcmp(map_key(g->spellings, 0, NULL), key) == 0))
			continue;
		if (shown++ == 0)
			fprintf(fp, "<section id=\"spellings\">\n<h2>%s</h2>\n<p>%s</p>\n"
			    "<table>\n<thead><tr><th>%s</th><th>%s</th></tr></thead>\n"
			    "<tbody>\n", _("Spellings per canonical source"),
			    _("Each source should be typed one way, its canonical name; every "
			    "other spelling below is one the team could clean up in the CRM and "
			    "in its links."), _("canonical source"), _("spellings seen (leads)"));
		fputs("<tr><td><code>", fp);
		val(fp, key, klen);
		fputs("</code></td><td>", fp);
		sidx = stats_order(g->spellings, 0);
		ns = map_count(g->spellings);
		for (j = 0; j < ns && j < 12; j++) {
			size_t sl;
			const char *s = map_key(g->spellings, sidx[j], &sl);
			if (j)
				fputs(", ", fp);
			val(fp, s, sl);
			fprintf(fp, " (%ld)", stats_count_of(g->spellings, sidx[j]));
		}
		if (j < ns)
			fprintf(fp, _(", … %zu more"), ns - j);
		fputs("</td></tr>\n", fp);
		free(sidx);
	}
	if (shown)
		fputs("</tbody>\n</table>\n</section>\n", fp);
	free(idx);
}

static void
unknowns(struct hx *h)
{
	const struct map *m = h->res->st.by[BY_SOURCE];
	FILE *fp = h->fp;
	size_t *idx = stats_order(m, 1), i, klen, n = map_count(m), nunk = 0, nsug = 0;

	for (i = 0; i < n; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		if (key[0] != '?')
			continue;
		nunk++;
		nsug += g->suggest != NULL;
	}
	if (nunk == 0) {
		free(idx);
		return;
	}
	fprintf(fp, "<section id=\"unknown\">\n<h2>%s</h2>\n", _("Sources not in the rules"));
	fprintf(fp, "<table>\n<thead><tr><th>%s</th><th class=\"n\">%s</th>"
	    "<th>%s</th></tr></thead>\n<tbody>\n", C_("column", "source"), _("leads"),
	    _("nearest canonical source"));
	for (i = 0; i < n; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		if (key[0] != '?')
			continue;
		fputs("<tr><td>", fp);
		val(fp, key + 1, klen - 1);
		fprintf(fp, "</td><td class=\"n\">%ld</td><td>", g->n);
		if (g->suggest != NULL) {
			fputs("<code>", fp);
			cval(fp, g->suggest);
			fputs("</code>", fp);
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
	if (nsug > 0) {
		fprintf(fp, "<h3>%s</h3>\n<p>%s</p>\n<pre>", _("Rule lines to paste"),
		    _("If these spellings mean the source named, add each under that "
		    "source's aliases in your rule file, then check the file with "
		    "<code>utm-audit rules check</code>."));
		for (i = 0; i < n; i++) {
			const struct stats_group *g = map_value(m, idx[i]);
			const char *key = map_key(m, idx[i], &klen);
			if (key[0] != '?' || g->suggest == NULL)
				continue;
			fputs("sources.", fp);
			cval(fp, g->suggest);
			fputs(".aliases: - ", fp);
			report_yaml(fp, key + 1, klen - 1, out_html);
			fputc('\n', fp);
		}
		fputs("</pre>\n", fp);
	}
	fputs("</section>\n", fp);
	free(idx);
}

static void
findings(struct hx *h)
{
	const struct stats *st = &h->res->st;
	FILE *fp = h->fp;
	int i, first = 1;

	for (i = 0; i < F_URL_MALFORMED; i++) {
		if (st->finding[i] == 0)
			continue;
		if (first)
			fprintf(fp, "<section id=\"findings\">\n<h2>%s</h2>\n<table>\n<thead><tr>"
			    "<th>%s</th><th class=\"n\">%s</th><th>%s</th>"
			    "</tr></thead>\n<tbody>\n", _("Findings"), _("finding"), _("leads"),
			    _("what it means"));
		first = 0;
		fprintf(fp, "<tr><td><code>%s</code></td><td class=\"n\">%ld</td><td>",
		    finding_name((enum finding_id)i), st->finding[i]);
		out_html_cstr(fp, finding_title((enum finding_id)i));
		fputs("</td></tr>\n", fp);
	}
	if (!first)
		fputs("</tbody>\n</table>\n</section>\n", fp);
}

static void
share_cell(FILE *fp, long k, long n)
{
	if (n > 0)
		fprintf(fp, "<td class=\"n\">%.1f%%</td><td class=\"n\">%ld</td>", pct(k, n), n);
	else
		fputs("<td class=\"n\">–</td><td class=\"n\">0</td>", fp);
}

static void
drift(struct hx *h)
{
	const struct drift *dr = baseline_drift(h->res->baseline);
	const struct leads_result *res = h->res;
	FILE *fp = h->fp;
	double then, now;
	size_t i;
	int kind = -1;
	char *e1, *e2;

	if (dr == NULL)
		return;
	then = drift_pct(dr->specific_then, dr->in_scope_then);
	now = drift_pct(dr->specific_now, dr->in_scope_now);
	fprintf(fp, "<section id=\"drift\">\n<h2>%s</h2>\n<p>", _("Since the last audit"));
	e1 = xval(dr->file, strlen(dr->file));
	e2 = xval(dr->input, dr->ilen);
	fprintf(fp, _("Compared with the earlier audit in %s (of %s)."), e1, e2);
	free(e1);
	free(e2);
	fputs("</p>\n<p class=\"headline\">", fp);
	report_drift_share(fp, then, now);
	fputs("</p>\n<p>", fp);
	fprintf(fp, _("The verdict was %s then and is %s now."),
	    report_verdict_word(dr->verdict_then), report_verdict_word(res->verdict));
	if (dr->threshold_then != res->threshold) {
		fputc(' ', fp);
		fprintf(fp, _("The target was %.0f%% then and is %.0f%% now."),
		    100 * dr->threshold_then, 100 * res->threshold);
	}
	fputs("</p>\n", fp);
	if (dr->rules_differ) {
		e1 = xval(report_rules_label(dr->rules_then),
		    strlen(report_rules_label(dr->rules_then)));
		fputs("<p>", fp);
		fprintf(fp, _("The earlier audit used other rules (%s), so some of the change "
		    "may come from the rules, not from the data."), e1);
		fputs("</p>\n", fp);
		free(e1);
	}
	if (dr->months_then == 0 || dr->months_now == 0)
		fprintf(fp, "<p>%s</p>\n", _("The months cannot be compared: one of the "
		    "audits has no dated leads."));
	else {
		fputs("<p>", fp);
		fprintf(fp, _("Months covered: %zu then, %zu now, %zu in both."),
		    dr->months_then, dr->months_now, dr->months_both);
		fputs("</p>\n", fp);
		fprintf(fp, "<table>\n<thead><tr><th>%s</th><th class=\"n\">%s</th>"
		    "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		    "</tr></thead>\n<tbody>\n", C_("column", "month"), _("then"), _("leads"),
		    _("now"), _("leads"));
		for (i = 0; i < dr->nmonths; i++) {
			const struct drift_month *m = &dr->months[i];
			fputs("<tr><td>", fp);
			val(fp, m->name, m->nlen);
			fputs("</td>", fp);
			share_cell(fp, m->specific_then, m->n_then);
			share_cell(fp, m->specific_now, m->n_now);
			fputs("</tr>\n", fp);
		}
		fputs("</tbody>\n</table>\n", fp);
	}
	fprintf(fp, "<h3>%s</h3>\n", _("Sources and owners whose share dropped"));
	if (dr->ndrops == 0) {
		fputs("<p>", fp);
		fprintf(fp, _("No source or owner with at least %d leads in both audits "
		    "lost more than %.0f points."), DRIFT_MIN_LEADS, 100 * DRIFT_DROP);
		fputs("</p>\n", fp);
	} else {
		fputs("<p>", fp);
		fprintf(fp, _("Each lost more than %.0f points, with at least %d leads in "
		    "both audits."), 100 * DRIFT_DROP, DRIFT_MIN_LEADS);
		fputs("</p>\n", fp);
		fprintf(fp, "<table>\n<thead><tr><th></th><th>%s</th><th class=\"n\">%s</th>"
		    "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		    "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n", _("name"), _("then"),
		    _("leads"), _("now"), _("leads"), _("change"));
		for (i = 0; i < dr->ndrops; i++) {
			const struct drift_group *g = &dr->drops[i];
			size_t nlen = g->nlen;
			const char *name = report_group_label(g->by, g->name, &nlen);
			fprintf(fp, "<tr><td>%s</td><td>", g->by == BY_SOURCE ?
			    C_("group", "source") : C_("group", "owner"));
			val(fp, name, nlen);
			fputs("</td>", fp);
			share_cell(fp, g->specific_then, g->n_then);
			share_cell(fp, g->specific_now, g->n_now);
			fprintf(fp, "<td class=\"n\">%+.1f</td></tr>\n",
			    drift_pct(g->specific_now, g->n_now) -
			    drift_pct(g->specific_then, g->n_then));
		}
		fputs("</tbody>\n</table>\n", fp);
	}
	fprintf(fp, "<h3>%s</h3>\n", _("Spellings new since then"));
	if (dr->nspellings == 0)
		fprintf(fp, "<p>%s</p>\n", _("No new spellings since then."));
	for (i = 0; i < dr->nspellings; i++) {
		const struct drift_spelling *s = &dr->spellings[i];
		if ((int)s->kind != kind) {
			static const char *const heads[] = {
				N_("of known sources"), N_("of sources not in the rules"),
				NC_("spelling", "vague")
			};
			if (kind >= 0)
				fputs("</tbody>\n</table>\n", fp);
			kind = (int)s->kind;
			fprintf(fp, "<table>\n<thead><tr><th>%s</th><th>%s</th>"
			    "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n", kind == DRIFT_VAGUE ?
			    i18n_ctx("spelling", heads[kind]) : _(heads[kind]), _("spelling"),
			    _("leads"));
		}
		fputs("<tr><td>", fp);
		if (s->source != NULL)
			val(fp, s->source, s->slen);
		fputs("</td><td>", fp);
		val(fp, s->value, s->vlen);
		fprintf(fp, "</td><td class=\"n\">%ld</td></tr>\n", s->count);
	}
	if (kind >= 0)
		fputs("</tbody>\n</table>\n", fp);
	fputs("</section>\n", fp);
}

static void
sample_table(struct hx *h)
{
	const struct leads_result *res = h->res;
	FILE *fp = h->fp;
	char reasons[512];
	size_t i, j;

	if (res->nsample == 0)
		return;
	fprintf(fp, "<section class=\"sample\" id=\"sample\">\n<h2>%s</h2>\n",
	    _("Sample to check by hand"));
	fputs("<p>", fp);
	fprintf(fp, ngettext("%zu leads drawn with seed %llu; draw the same ones again with "
	    "<code>--seed %llu</code>, and write them out to fill in with "
	    "<code>--worksheet</code>.", "%zu leads drawn with seed %llu; draw the same "
	    "ones again with <code>--seed %llu</code>, and write them out to fill in with "
	    "<code>--worksheet</code>.", (unsigned long)res->nsample), res->nsample,
	    (unsigned long long)res->seed, (unsigned long long)res->seed);
	fputs("</p>\n", fp);
	fprintf(fp, "<table class=\"sample\">\n<thead><tr><th class=\"n\">%s</th><th>%s</th>"
	    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>", _("line"),
	    C_("column", "id"), C_("column", "created"), C_("column", "owner"),
	    C_("column", "source"), C_("column", "level"), C_("column", "channel"),
	    _("reasons"));
	for (j = 0; j < res->opts->ninclude; j++) {
		fputs("<th>", fp);
		out_html_cstr(fp, res->opts->include[j]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < res->nsample; i++) {
		const struct leads_row *row = res->sample[i].data;
		const char *src = row->canon ? row->canon :
		    row->field[ROLE_UTM_SOURCE][0] ? row->field[ROLE_UTM_SOURCE] :
		    row->field[ROLE_SOURCE][0] ? row->field[ROLE_SOURCE] :
		    row->field[ROLE_SOURCE_DETAIL];
		report_reasons(row->findings, ", ", reasons, sizeof reasons);
		fprintf(fp, "<tr><td class=\"n\">%ld</td><td class=\"nw\">", row->line);
		cval(fp, row->field[ROLE_ID]);
		fputs("</td><td class=\"nw\">", fp);
		cval(fp, row->field[ROLE_CREATED]);
		fputs("</td><td>", fp);
		cval(fp, row->field[ROLE_OWNER]);
		fputs("</td><td>", fp);
		cval(fp, src);
		fprintf(fp, "</td><td class=\"nw\">%s</td><td class=\"nw\">%s</td><td>%s</td>",
		    report_level_label(row->level), report_channel_label(row->channel), reasons);
		/* --include-column: shown as asked, like the JSON report */
		for (j = 0; j < res->opts->ninclude; j++) {
			fputs("<td>", fp);
			out_html_cstr(fp, row->include[j]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</section>\n", fp);
}

int
report_html(FILE *fp, const struct leads_result *res)
{
	struct hx h = { fp, res };
	char *e;
	const struct csvin_info *ci = &res->csv;

	/* TRANSLATORS: the language code of the HTML page (lang="..."). */
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n", C_("html lang", "en"));
	fputs("<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"generator\" content=\"utm-audit " UTM_AUDIT_VERSION "\">\n", fp);
	e = xval(res->opts->input, strlen(res->opts->input));
	fputs("<title>", fp);
	fprintf(fp, _("%s: lead-source audit of %s"), report_verdict_label(res->verdict), e);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	fprintf(fp, "<header>\n<h1>%s</h1>\n<p class=\"meta\">", _("Lead-source tracking audit"));
	fputs(e, fp);
	free(e);
	fputs(" · ", fp);
	fprintf(fp, ngettext("%ld leads", "%ld leads", (unsigned long)res->st.read),
	    res->st.read);
	fputs(" · ", fp);
	fprintf(fp, _("read as %s, %s"), csvin_enc_name(ci->encoding),
	    report_delim_label(ci->delim));
	fputs(" · ", fp);
	e = xval(report_rules_label(rules_name(res->rules)),
	    strlen(report_rules_label(rules_name(res->rules))));
	fprintf(fp, _("rules: %s"), e);
	free(e);
	fputs("</p>\n</header>\n<main>\n", fp);
	verdict(&h);
	figures(&h);
	drift(&h);
	month_chart(&h);
	bar_chart(&h, BY_CHANNEL, "channel", _("Specific share per channel"));
	bar_chart(&h, BY_SOURCE, "source", _("Specific share per source"));
	if (res->cm->col[ROLE_OWNER] >= 0)
		bar_chart(&h, BY_OWNER, "owner", _("Specific share per owner"));
	counts(&h, res->st.vague, "vague", _("Top vague spellings"),
	    _("These values say nothing about where a lead came from; the leads "
	    "that have nothing better count as vague."), _("value"));
	spellings(&h);
	unknowns(&h);
	counts(&h, res->st.ga4, "ga4", _("GA4 would report these as Unassigned"),
	    _("Google Analytics 4 cannot place these utm_source / utm_medium pairs in "
	    "a channel."), "utm_source / utm_medium");
	counts(&h, res->st.conflicts, "conflicts", _("Conflicts"),
	    _("The CRM's source and utm_source name different sources."),
	    _("utm_source vs CRM source"));
	findings(&h);
	sample_table(&h);
	fputs("</main>\n<footer>", fp);
	fprintf(fp, _("Written by utm-audit %s with seed %llu."), UTM_AUDIT_VERSION,
	    (unsigned long long)res->seed);
	fputs("</footer>\n</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}
