/* The JSON report, schema_version 1: for scripts and CI.  Names are a
 * contract (see README, "JSON report"); add, never rename. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "finding.h"
#include "out.h"

#define JSON_SCHEMA_VERSION 1

static void	jdrift(FILE *fp, const struct leads_result *res);

static void
jstr(FILE *fp, const char *s, size_t len)
{
	s = report_safe(s, &len);
	out_json_str(fp, s, len);
}

static void
jrows(FILE *fp, const char *name, const struct stats_rows *rows, int comma)
{
	size_t i;

	fprintf(fp, "    \"%s\": {\"count\": %ld, \"lines\": [", name, rows->count);
	for (i = 0; i < rows->kept; i++)
		fprintf(fp, "%s%ld", i ? ", " : "", rows->lines[i]);
	fprintf(fp, "]}%s\n", comma ? "," : "");
}

/* Records whose quoted field took rows of their own (a stray quote?):
 * the places of the first, with the lines each field spans and the rows
 * it took; "rows" is their sum over every record. */
static void
jspans(FILE *fp, const char *name, const struct stats_spans *sps)
{
	size_t i;

	fprintf(fp, "    \"%s\": {\"count\": %ld, \"rows\": %ld, \"fields\": [",
	    name, sps->count, sps->rows);
	for (i = 0; i < sps->kept; i++)
		fprintf(fp, "%s{\"line\": %ld, \"col\": %ld, \"lines\": %ld, "
		    "\"rows\": %ld}", i ? ", " : "", sps->at[i].line,
		    sps->at[i].col, sps->at[i].lines, sps->at[i].rows);
	fputs("]},\n", fp);
}

static void
jcounts(FILE *fp, const char *name, const struct map *m, int comma)
{
	size_t *idx = stats_order(m, 0), i, n = map_count(m), klen;

	fprintf(fp, "  \"%s\": [", name);
	for (i = 0; i < n; i++) {
		const char *key = map_key(m, idx[i], &klen);
		fprintf(fp, "%s\n    {\"value\": ", i ? "," : "");
		jstr(fp, key, klen);
		fprintf(fp, ", \"count\": %ld}", stats_count_of(m, idx[i]));
	}
	fprintf(fp, "%s]%s\n", n ? "\n  " : "", comma ? "," : "");
	free(idx);
}

static void
jgroups(FILE *fp, const struct leads_result *res, enum stats_break b, int comma)
{
	const struct map *m = res->st.by[b];
	size_t *idx = b == BY_MONTH ? report_order_keys(m) : stats_order(m, 1);
	size_t i, j, n = map_count(m), klen;

	fprintf(fp, "    \"%s\": [", stats_break_name(b));
	for (i = 0; i < n; i++) {
		const struct stats_group *g = map_value(m, idx[i]);
		const char *key = map_key(m, idx[i], &klen);
		int unknown = b == BY_SOURCE && key[0] == '?';

		fprintf(fp, "%s\n      {\"name\": ", i ? "," : "");
		if (unknown)
			jstr(fp, key + 1, klen - 1);
		else
			jstr(fp, key, klen);
		fprintf(fp, ", \"leads\": %ld, \"specific\": %ld, \"specific_share\": %.4f",
		    g->n, g->specific, g->n ? (double)g->specific / (double)g->n : 0.0);
		if (b == BY_SOURCE) {
			fprintf(fp, ", \"known\": %s", unknown || g->canon == NULL ? "false" : "true");
			if (g->canon)
				fprintf(fp, ", \"category\": \"%s\"", rules_category_name(g->canon->category));
			if (g->suggest) {
				fputs(", \"suggest\": ", fp);
				out_json_cstr(fp, g->suggest);
			}
			if (g->spellings) {
				size_t *sidx = stats_order(g->spellings, 0);
				fputs(", \"spellings\": [", fp);
				for (j = 0; j < map_count(g->spellings); j++) {
					size_t sl;
					const char *s = map_key(g->spellings, sidx[j], &sl);
					fputs(j ? ", {\"value\": " : "{\"value\": ", fp);
					jstr(fp, s, sl);
					fprintf(fp, ", \"count\": %ld}", stats_count_of(g->spellings, sidx[j]));
				}
				fputs("]", fp);
				free(sidx);
			}
		}
		fputs("}", fp);
	}
	fprintf(fp, "%s]%s\n", n ? "\n    " : "", comma ? "," : "");
	free(idx);
}

int
report_json(FILE *fp, const struct leads_result *res)
{
	const struct stats *st = &res->st;
	const struct csvin_info *ci = &res->csv;
	char reasons[1024];
	size_t i, j;
	int k, first;

	fprintf(fp, "{\n  \"schema_version\": %d,\n", JSON_SCHEMA_VERSION);
	fprintf(fp, "  \"tool\": \"utm-audit %s\",\n", UTM_AUDIT_VERSION);
	fprintf(fp, "  \"verdict\": \"%s\",\n", leads_verdict_name(res->verdict));
	fprintf(fp, "  \"gate\": \"%s\",\n", res->opts->gate_sample ? "sample" : "population");
	fprintf(fp, "  \"threshold\": %.4f,\n", res->threshold);
	fprintf(fp, "  \"specific_share\": %.4f,\n", res->share);
	fputs("  \"input\": {\"file\": ", fp);
	jstr(fp, res->opts->input, strlen(res->opts->input));
	fprintf(fp, ", \"encoding\": \"%s\", \"encoding_detected\": %s, \"bom\": %s, "
	    "\"delimiter\": \"%s\", \"delimiter_detected\": %s, \"line_end\": \"%s\", "
	    "\"bytes\": %llu, \"lines\": %ld, \"blank_lines\": %ld",
	    csvin_enc_name(ci->encoding), ci->encoding_detected ? "true" : "false",
	    ci->bom ? "true" : "false", csvin_delim_name(ci->delim),
	    ci->delim_detected ? "true" : "false",
	    ci->eol == NULL ? "none" : strcmp(ci->eol, "\r\n") == 0 ? "crlf" :
	    strcmp(ci->eol, "\r") == 0 ? "cr" : "lf", (unsigned long long)ci->bytes,
	    ci->lines, ci->blank_lines);
	/* The order matters only when some date had day and month <= 12. */
	fprintf(fp, ", \"date_order\": \"%s\", \"date_order_mixed\": %s},\n",
	    res->cm->col[ROLE_CREATED] < 0 ? "none" : res->date_ambiguous == 0 ?
	    "unambiguous" : date_order_name(res->date_order),
	    res->date_mixed ? "true" : "false");
	fputs("  \"rules\": ", fp);
	out_json_cstr(fp, rules_name(res->rules));
	fputs(",\n  \"columns\": {", fp);
	for (k = 0, first = 1; k < ROLE_COUNT; k++) {
		int c = res->cm->col[k];
		if (c < 0)
			continue;
		fprintf(fp, "%s\"%s\": ", first ? "" : ", ", rules_role_name((enum role)k));
		out_json_cstr(fp, res->cm->names[c]);
		first = 0;
	}
	fputs("},\n", fp);
	fprintf(fp, "  \"rows\": {\n    \"read\": %ld,\n    \"in_scope\": %ld,\n"
	    "    \"rejected\": %ld,\n", st->read, st->in_scope, stats_rejected(st));
	jrows(fp, "out_of_window", &st->out_of_window, 1);
	jrows(fp, "undated", &st->undated, 1);
	jrows(fp, "ragged", &st->ragged, 1);
	jrows(fp, "unreadable_date", &st->bad_dates, 1);
	jrows(fp, "invalid_bytes", &st->bad_bytes, 1);
	jspans(fp, "stray_quote", &st->stray_quotes);
	fprintf(fp, "    \"utm_from_url\": %ld\n  },\n", st->finding[F_UTM_FROM_URL]);
	fputs("  \"levels\": {", fp);
	for (k = 0; k < LEVEL__COUNT; k++)
		fprintf(fp, "%s\"%s\": %ld", k ? ", " : "", classify_level_name((enum level)k),
		    st->level[k]);
	fputs("},\n", fp);
	fprintf(fp, "  \"sample\": {\"size\": %zu, \"requested\": %ld, \"seed\": %llu, "
	    "\"specific\": %ld, \"share\": %.4f, \"low\": %.4f, \"high\": %.4f, "
	    "\"needed\": %ld", res->nsample, res->sample_size,
	    (unsigned long long)res->seed, res->sample_specific,
	    res->nsample ? (double)res->sample_specific / (double)res->nsample : 0.0,
	    res->sample_lo, res->sample_hi, res->sample_needed);
	if (res->have_verified)
		fprintf(fp, ", \"verified\": {\"rows\": %ld, \"checked\": %ld, "
		    "\"accurate_specific\": %ld, \"low\": %.4f, \"high\": %.4f}",
		    res->verified_rows, res->verified_checked, res->verified_accurate,
		    res->verified_lo, res->verified_hi);
	fputs(", \"leads\": [", fp);
	for (i = 0; i < res->nsample; i++) {
		const struct leads_row *row = res->sample[i].data;
		static const enum role show[] = { ROLE_ID, ROLE_CREATED, ROLE_OWNER,
		    ROLE_SOURCE, ROLE_SOURCE_DETAIL, ROLE_UTM_SOURCE, ROLE_UTM_MEDIUM,
		    ROLE_UTM_CAMPAIGN };
		fprintf(fp, "%s\n    {\"line\": %ld", i ? "," : "", row->line);
		for (j = 0; j < sizeof show / sizeof show[0]; j++) {
			fprintf(fp, ", \"%s\": ", rules_role_name(show[j]));
			jstr(fp, row->field[show[j]], strlen(row->field[show[j]]));
		}
		for (j = 0; j < res->opts->ninclude; j++) {
			fputs(", ", fp);
			out_json_cstr(fp, res->opts->include[j]);
			fputs(": ", fp);
			out_json_cstr(fp, row->include[j]);
		}
		fprintf(fp, ", \"level\": \"%s\", \"channel\": \"%s\", \"canonical\": ",
		    classify_level_name(row->level), channel_name(row->channel));
		out_json_cstr(fp, row->canon);
		report_reasons(row->findings, "\", \"", reasons, sizeof reasons);
		fprintf(fp, ", \"reasons\": [%s%s%s]}", reasons[0] ? "\"" : "", reasons,
		    reasons[0] ? "\"" : "");
	}
	fprintf(fp, "%s]},\n", res->nsample ? "\n  " : "");
	fputs("  \"breakdowns\": {\n", fp);
	for (k = 0; k < BY__COUNT; k++)
		jgroups(fp, res, (enum stats_break)k, k + 1 < BY__COUNT);
	fputs("  },\n", fp);
	jcounts(fp, "vague_spellings", st->vague, 1);
	jcounts(fp, "ga4_unassigned", st->ga4, 1);
	jcounts(fp, "conflicts", st->conflicts, 1);
	fputs("  \"findings\": {", fp);
	for (k = 0, first = 1; k < F_URL_MALFORMED; k++) {
		fprintf(fp, "%s\"%s\": %ld", first ? "" : ", ", finding_name((enum finding_id)k),
		    st->finding[k]);
		first = 0;
	}
	fputs("}", fp);
	jdrift(fp, res);
	fputs("\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}

static void
jshare(FILE *fp, long k, long n)
{
	if (n == 0)
		fputs("null", fp);
	else
		fprintf(fp, "{\"leads\": %ld, \"specific\": %ld, \"specific_share\": %.4f}",
		    n, k, (double)k / (double)n);
}

/* --baseline: "drift", what changed since the earlier audit (baseline.h). */
static void
jdrift(FILE *fp, const struct leads_result *res)
{
	const struct drift *dr = baseline_drift(res->baseline);
	static const char *const kinds[] = { "canonical", "unknown", "vague" };
	double then, now;
	size_t i;

	if (dr == NULL)
		return;
	then = dr->in_scope_then ? (double)dr->specific_then / (double)dr->in_scope_then : 0;
	now = dr->in_scope_now ? (double)dr->specific_now / (double)dr->in_scope_now : 0;
	fputs(",\n  \"drift\": {\n    \"baseline\": ", fp);
	jstr(fp, dr->file, strlen(dr->file));
	fputs(",\n    \"input\": ", fp);
	jstr(fp, dr->input, dr->ilen);
	fputs(",\n    \"rules\": ", fp);
	out_json_cstr(fp, dr->rules_then);
	fprintf(fp, ", \"rules_differ\": %s,\n", dr->rules_differ ? "true" : "false");
	fprintf(fp, "    \"verdict\": {\"then\": \"%s\", \"now\": \"%s\"},\n",
	    leads_verdict_name(dr->verdict_then), leads_verdict_name(res->verdict));
	fprintf(fp, "    \"threshold\": {\"then\": %.4f, \"now\": %.4f},\n",
	    dr->threshold_then, res->threshold);
	fprintf(fp, "    \"in_scope\": {\"then\": %ld, \"now\": %ld},\n",
	    dr->in_scope_then, dr->in_scope_now);
	fprintf(fp, "    \"specific_share\": {\"then\": %.4f, \"now\": %.4f, "
	    "\"change\": %.4f},\n", then, now, now - then);
	fprintf(fp, "    \"months_then\": %zu, \"months_now\": %zu, \"months_both\": %zu,\n",
	    dr->months_then, dr->months_now, dr->months_both);
	fputs("    \"months\": [", fp);
	for (i = 0; i < dr->nmonths; i++) {
		const struct drift_month *m = &dr->months[i];
		fprintf(fp, "%s\n      {\"month\": ", i ? "," : "");
		jstr(fp, m->name, m->nlen);
		fputs(", \"then\": ", fp);
		jshare(fp, m->specific_then, m->n_then);
		fputs(", \"now\": ", fp);
		jshare(fp, m->specific_now, m->n_now);
		fputs("}", fp);
	}
	fprintf(fp, "%s],\n", dr->nmonths ? "\n    " : "");
	fprintf(fp, "    \"drop_threshold\": %.4f, \"drop_min_leads\": %d,\n",
	    DRIFT_DROP, DRIFT_MIN_LEADS);
	fputs("    \"drops\": [", fp);
	for (i = 0; i < dr->ndrops; i++) {
		const struct drift_group *g = &dr->drops[i];
		fprintf(fp, "%s\n      {\"breakdown\": \"%s\", \"name\": ", i ? "," : "",
		    stats_break_name(g->by));
		jstr(fp, g->name, g->nlen);
		if (g->by == BY_SOURCE)
			fprintf(fp, ", \"known\": %s", g->known ? "true" : "false");
		fputs(", \"then\": ", fp);
		jshare(fp, g->specific_then, g->n_then);
		fputs(", \"now\": ", fp);
		jshare(fp, g->specific_now, g->n_now);
		fprintf(fp, ", \"change\": %.4f}", (double)g->specific_now / (double)g->n_now -
		    (double)g->specific_then / (double)g->n_then);
	}
	fprintf(fp, "%s],\n", dr->ndrops ? "\n    " : "");
	fputs("    \"new_spellings\": [", fp);
	for (i = 0; i < dr->nspellings; i++) {
		const struct drift_spelling *s = &dr->spellings[i];
		fprintf(fp, "%s\n      {\"kind\": \"%s\", \"source\": ", i ? "," : "",
		    kinds[s->kind]);
		if (s->source != NULL)
			jstr(fp, s->source, s->slen);
		else
			fputs("null", fp);
		fputs(", \"value\": ", fp);
		jstr(fp, s->value, s->vlen);
		fprintf(fp, ", \"count\": %ld}", s->count);
	}
	fprintf(fp, "%s]\n  }", dr->nspellings ? "\n    " : "");
}
