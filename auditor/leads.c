#include "leads.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "classify.h"
#include "norm.h"
#include "out.h"
#include "report.h"
#include "xalloc.h"

static const char *const annot_cols[] = {
	"utm_audit_source", "utm_audit_medium", "utm_audit_campaign",
	"utm_audit_channel", "utm_audit_level", "utm_audit_reasons"
};

struct run {
	const struct leads_opts	*o;
	const struct rules	*r;
	struct leads_result	*res;
	struct colmap		 cm;
	int			 have_header;
	struct sample		*sm;
	struct date_guess	 guess;
	enum date_order		 order;
	struct lead		 lead;
	struct out		*annot;
	struct diag		*d;
	int			 prepass;	/* only gathering date evidence */
	int			 no_dates;	/* prepass: nothing to gather */
};

const char *
leads_verdict_name(enum leads_verdict v)
{
	return v == VERDICT_PASS ? "pass" : v == VERDICT_FAIL ? "fail" : "inconclusive";
}

static void
row_free(void *p)
{
	struct leads_row *row = p;
	size_t i;

	if (row == NULL)
		return;
	for (i = 0; i < ROLE_COUNT; i++)
		free(row->field[i]);
	for (i = 0; i < LEADS_MAX_INCLUDE; i++)
		free(row->include[i]);
	free(row->canon);
	free(row);
}

static struct leads_row *
row_copy(const struct run *run, const struct csvin_record *rec,
    const struct verdict *v)
{
	const struct lead *l = &run->lead;
	struct leads_row *row = xcalloc(1, sizeof *row);
	size_t i;
	int c;

	row->line = l->line;
	row->rowno = l->rowno;
	for (i = 0; i < ROLE_COUNT; i++)
		row->field[i] = xmemdup(l->f[i].raw, l->f[i].len);
	for (i = 0; i < run->o->ninclude; i++) {
		c = run->res->include_col[i];
		row->include[i] = c >= 0 && (size_t)c < rec->nfields ?
		    xmemdup(rec->fields[c], rec->lens[c]) : xstrdup("");
	}
	row->canon = v->canon ? xstrdup(v->canon->name) : NULL;
	row->level = v->level;
	row->channel = v->channel;
	row->findings = v->findings;
	return row;
}

/* The appended cells of --annotate for one record. */
static void
annotate(struct run *run, const struct csvin_record *rec, const struct verdict *v,
    const char *level, const char *reason)
{
	FILE *fp = out_fp(run->annot);
	int delim = run->res->csv.delim;
	char reasons[1024];
	const char *cells[6];
	size_t i;

	fwrite(rec->raw, 1, rec->raw_len, fp);
	if (v != NULL) {
		const struct lead *l = &run->lead;
		cells[0] = v->canon ? v->canon->name : v->source ? v->source->key : "";
		cells[1] = v->medium ? v->medium->name : l->f[ROLE_UTM_MEDIUM].key;
		cells[2] = l->f[ROLE_UTM_CAMPAIGN].key;
		cells[3] = channel_name(v->channel);
		cells[4] = classify_level_name(v->level);
		report_reasons(v->findings, " ", reasons, sizeof reasons);
		cells[5] = reasons;
	} else {
		cells[0] = cells[1] = cells[2] = cells[3] = "";
		cells[4] = level;
		cells[5] = reason;
	}
	for (i = 0; i < 6; i++) {
		size_t len = strlen(cells[i]);
		const char *s = report_safe(cells[i], &len);
		fputc(delim, fp);
		out_csv_cell(fp, s, len, delim, 1);
	}
	fputs(rec->eol[0] ? rec->eol : (run->res->csv.eol ? run->res->csv.eol : "\n"), fp);
}

static int
on_header(struct run *run, const struct csvin_record *rec)
{
	size_t i;

	if (colmap_init(&run->cm, run->r, rec, run->o->ov, run->o->nov,
	    run->o->input, run->d) == -1)
		return -1;
	run->have_header = 1;
	if (run->prepass) {
		run->no_dates = run->cm.col[ROLE_CREATED] < 0;
		return 0;
	}
	for (i = 0; i < run->o->ninclude; i++) {
		struct colmap_override ov = { ROLE_ID, run->o->include[i] };
		size_t c;
		run->res->include_col[i] = -1;
		for (c = 0; c < run->cm.ncols; c++)
			if (strcasecmp(run->cm.names[c], ov.name) == 0)
				run->res->include_col[i] = (int)c;
		if (run->res->include_col[i] < 0)
			return diag_set(run->d, run->o->input, rec->line, 0,
			    "--include-column %s: no such column in the header", ov.name);
	}
	if (run->annot != NULL) {
		FILE *fp = out_fp(run->annot);
		fwrite(rec->raw, 1, rec->raw_len, fp);
		for (i = 0; i < 6; i++) {
			fputc(run->res->csv.delim, fp);
			fputs(annot_cols[i], fp);
		}
		fputs(rec->eol[0] ? rec->eol : "\n", fp);
	}
	return 0;
}

static int
on_record(const struct csvin_record *rec, void *arg)
{
	struct run *run = arg;
	struct leads_result *res = run->res;
	struct stats *st = &res->st;
	struct lead *l = &run->lead;
	const struct norm_field *cf;
	struct verdict v;
	struct date dt;
	enum date_ev ev = DATE_EV_NONE;
	char month[8];
	int dated = 0, dbad = 0;
	void **slot;

	if (!run->have_header)
		return on_header(run, rec);
	if (run->prepass) {
		int c = run->cm.col[ROLE_CREATED];
		size_t len;
		const char *s;
		if (run->no_dates)
			return -1;
		if (c >= 0 && (size_t)c < rec->nfields) {
			s = norm_trim(rec->fields[c], rec->lens[c], &len);
			if (len > 0 && date_parse(s, len, DATE_DMY, &dt, &ev) == 0)
				date_guess_add(&run->guess, ev);
		}
		return 0;
	}

	st->read++;
	if (rec->nfields != run->cm.ncols) {
		stats_reject(&st->ragged, rec->line);
		if (run->annot)
			annotate(run, rec, NULL, "rejected", "ragged-row");
		return 0;
	}
	norm_lead(&run->cm, rec, (uint64_t)st->read, l);

	cf = &l->f[ROLE_CREATED];
	if (cf->len > 0) {
		if (date_parse(cf->raw, cf->len, run->order, &dt, &ev) == 0) {
			dated = 1;
			date_guess_add(&run->guess, ev);
		} else {
			dbad = 1;
		}
	}
	if (run->o->have_since || run->o->have_until) {
		if (!dated) {
			stats_reject(&st->undated, rec->line);
			if (run->annot)
				annotate(run, rec, NULL, "rejected", "undated");
			return 0;
		}
		if ((run->o->have_since && date_days(&dt) < date_days(&run->o->since)) ||
		    (run->o->have_until && date_days(&dt) > date_days(&run->o->until))) {
			stats_reject(&st->out_of_window, rec->line);
			if (run->annot)
				annotate(run, rec, NULL, "out-of-window", "");
			return 0;
		}
	}
	if (dbad)
		stats_reject(&st->bad_dates, rec->line);
	if (rec->bad_utf8)
		stats_reject(&st->bad_bytes, rec->line);

	classify_lead(run->r, l, &v);
	if (dbad)
		v.findings |= FINDING_BIT(F_DATE_UNREADABLE);
	if (rec->bad_utf8)
		v.findings |= FINDING_BIT(F_BAD_BYTES);
	if (rec->truncated)
		v.findings |= FINDING_BIT(F_FIELD_TRUNCATED);
	if (dated)
		date_month_str(date_month(&dt), month);
	stats_add(st, l, &v, dated ? month : NULL);

	if ((slot = sample_offer(run->sm, l->rowno)) != NULL)
		*slot = row_copy(run, rec, &v);
	if (run->annot)
		annotate(run, rec, &v, NULL, NULL);
	return 0;
}

static int
is_regular(const char *path)
{
	struct stat sb;

	return strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Settles dd-mm against mm-dd over the whole created column of a regular
 * file, before the real pass needs it. */
static int
settle_dates(struct run *run)
{
	int rc;

	if (run->o->date_order != DATE_AUTO) {
		run->order = run->o->date_order;
		return 0;
	}
	run->order = DATE_DMY;
	if (!is_regular(run->o->input))
		return 0;
	run->prepass = 1;
	rc = csvin_read_file(run->o->input, &run->o->csv, on_record, run, NULL, run->d);
	run->prepass = 0;
	if (run->have_header)
		colmap_free(&run->cm);
	run->have_header = 0;
	if (rc == -1 && !run->no_dates)
		return -1;
	run->order = date_guess_order(&run->guess, &run->res->date_mixed);
	run->res->date_order_detected = 1;
	run->res->date_ambiguous = run->guess.dmy + run->guess.mdy + run->guess.either;
	memset(&run->guess, 0, sizeof run->guess);
	return 0;
}

/* y/n, ja/nee, 1/0, true/false (and waar/onwaar): 1, 0; -1 when empty;
 * -2 when unreadable. */
static int
yes_no(const char *s, size_t len)
{
	static const char *const yes[] = { "y", "yes", "j", "ja", "1", "true", "waar", "x", NULL };
	static const char *const no[] = { "n", "no", "nee", "0", "false", "onwaar", NULL };
	char key[16];
	size_t i;

	s = norm_trim(s, len, &len);
	if (len == 0)
		return -1;
	if (len >= sizeof key)
		return -2;
	for (i = 0; i < len; i++)
		key[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	key[len] = '\0';
	for (i = 0; yes[i]; i++)
		if (strcmp(key, yes[i]) == 0)
			return 1;
	for (i = 0; no[i]; i++)
		if (strcmp(key, no[i]) == 0)
			return 0;
	return -2;
}

struct verified {
	struct leads_result	*res;
	const char		*name;
	struct diag		*d;
	int			 acc, lvl;
};

static int
on_verified(const struct csvin_record *rec, void *arg)
{
	struct verified *vf = arg;
	size_t i, len;
	const char *s;
	int yn;

	if (vf->acc == -2) {
		vf->acc = vf->lvl = -1;
		for (i = 0; i < rec->nfields; i++) {
			s = norm_trim(rec->fields[i], rec->lens[i], &len);
			if (len == 8 && strncasecmp(s, "accurate", 8) == 0)
				vf->acc = (int)i;
			if (len == 5 && strncasecmp(s, "level", 5) == 0)
				vf->lvl = (int)i;
		}
		if (vf->acc < 0 || vf->lvl < 0)
			return diag_set(vf->d, vf->name, rec->line, 0,
			    "not a worksheet: it needs the columns 'level' and 'accurate' "
			    "(write one with --worksheet)");
		return 0;
	}
	vf->res->verified_rows++;
	if ((size_t)vf->acc >= rec->nfields || (size_t)vf->lvl >= rec->nfields)
		return diag_set(vf->d, vf->name, rec->line, 0,
		    "the row has %zu fields, fewer than the header", rec->nfields);
	yn = yes_no(rec->fields[vf->acc], rec->lens[vf->acc]);
	if (yn == -2) {
		size_t l = rec->lens[vf->acc];
		return diag_set(vf->d, vf->name, rec->line, vf->acc + 1,
		    "'accurate' must be y/n, ja/nee, 1/0 or true/false, not '%.*s'",
		    (int)(l > 40 ? 40 : l), rec->fields[vf->acc]);
	}
	if (yn == -1)
		return 0;
	vf->res->verified_checked++;
	s = norm_trim(rec->fields[vf->lvl], rec->lens[vf->lvl], &len);
	if (yn == 1 && ((len == 8 && memcmp(s, "campaign", 8) == 0) ||
	    (len == 7 && memcmp(s, "channel", 7) == 0)))
		vf->res->verified_accurate++;
	return 0;
}

static int
read_verified(struct leads_result *res, const char *path, struct diag *d)
{
	struct verified vf = { res, path, d, -2, -2 };
	struct csvin_opts co;

	memset(&co, 0, sizeof co);

	if (csvin_read_file(path, &co, on_verified, &vf, NULL, d) == -1)
		return -1;
	if (vf.acc == -2)
		return diag_set(d, path, 0, 0, "empty worksheet");
	res->have_verified = 1;
	sample_wilson(res->verified_accurate, res->verified_checked,
	    &res->verified_lo, &res->verified_hi);
	return 0;
}

static int
write_worksheet(const struct leads_result *res, const char *path, struct diag *d)
{
	static const enum role cols[] = { ROLE_ID, ROLE_CREATED, ROLE_OWNER,
	    ROLE_SOURCE, ROLE_SOURCE_DETAIL, ROLE_UTM_SOURCE, ROLE_UTM_MEDIUM,
	    ROLE_UTM_CAMPAIGN };
	struct out *o = out_open(path, res->opts->mode, d);
	int delim = res->csv.delim ? res->csv.delim : ',';
	char reasons[1024];
	FILE *fp;
	size_t i, j;

	if (o == NULL)
		return -1;
	fp = out_fp(o);
	fprintf(fp, "line%clead_id%ccreated%cowner%csource%csource_detail%c"
	    "utm_source%cutm_medium%cutm_campaign%clevel%cchannel%creasons",
	    delim, delim, delim, delim, delim, delim, delim, delim, delim, delim, delim);
	for (j = 0; j < res->opts->ninclude; j++) {
		fputc(delim, fp);
		out_csv_cell(fp, res->opts->include[j], strlen(res->opts->include[j]), delim, 1);
	}
	fprintf(fp, "%caccurate\r\n", delim);
	for (i = 0; i < res->nsample; i++) {
		const struct leads_row *row = res->sample[i].data;
		fprintf(fp, "%ld", row->line);
		for (j = 0; j < sizeof cols / sizeof cols[0]; j++) {
			size_t len = strlen(row->field[cols[j]]);
			const char *s = report_safe(row->field[cols[j]], &len);
			fputc(delim, fp);
			out_csv_cell(fp, s, len, delim, 1);
		}
		report_reasons(row->findings, " ", reasons, sizeof reasons);
		fprintf(fp, "%c%s%c%s%c", delim, classify_level_name(row->level),
		    delim, channel_name(row->channel), delim);
		out_csv_cell(fp, reasons, strlen(reasons), delim, 1);
		for (j = 0; j < res->opts->ninclude; j++) {
			fputc(delim, fp);
			out_csv_cell(fp, row->include[j], strlen(row->include[j]), delim, 1);
		}
		fprintf(fp, "%c\r\n", delim);
	}
	return out_close(o, d);
}

static void
decide(struct leads_result *res)
{
	long specific = stats_specific(&res->st);
	size_t i;

	res->share = res->st.in_scope ? (double)specific / (double)res->st.in_scope : 0.0;
	for (i = 0; i < res->nsample; i++) {
		const struct leads_row *row = res->sample[i].data;
		if (classify_specific(row->level))
			res->sample_specific++;
	}
	sample_wilson(res->sample_specific, (long)res->nsample, &res->sample_lo,
	    &res->sample_hi);
	res->sample_needed = sample_needed(res->sample_specific, (long)res->nsample,
	    res->threshold);
	if (res->st.in_scope == 0) {
		res->verdict = VERDICT_INCONCLUSIVE;
	} else if (res->opts->gate_sample) {
		switch (sample_gate(res->sample_specific, (long)res->nsample, res->threshold)) {
		case SAMPLE_PASS:	res->verdict = VERDICT_PASS; break;
		case SAMPLE_FAIL:	res->verdict = VERDICT_FAIL; break;
		default:		res->verdict = VERDICT_INCONCLUSIVE; break;
		}
	} else {
		res->verdict = res->share >= res->threshold ? VERDICT_PASS : VERDICT_FAIL;
	}
}

static int
write_report(const struct leads_result *res, struct diag *d)
{
	struct out *o = out_open(res->opts->output, res->opts->mode, d);
	int rc;

	if (o == NULL)
		return -1;
	rc = res->opts->format == FMT_JSON ? report_json(out_fp(o), res) :
	    report_text(out_fp(o), res);
	if (rc == -1) {
		out_abort(o);
		return diag_set(d, res->opts->output ? res->opts->output : "(standard output)",
		    0, 0, "write error");
	}
	return out_close(o, d);
}

int
leads_run(const struct leads_opts *o, struct diag *d)
{
	struct leads_result res;
	struct run run;
	struct rules *r;
	int set, rc = -1;

	memset(&res, 0, sizeof res);
	memset(&run, 0, sizeof run);
	if ((r = o->rules_path ? rules_load_file(o->rules_path, d) :
	    rules_load_default(d)) == NULL)
		return -1;
	res.opts = o;
	res.rules = r;
	res.cm = &run.cm;
	res.threshold = o->threshold >= 0 ? o->threshold : rules_threshold(r);
	res.sample_size = o->sample_size >= 0 ? o->sample_size : rules_sample_size(r);
	res.seed = o->seed_set ? o->seed : rules_sample_seed(r, &set);
	if (!o->seed_set && !set)
		res.seed = sample_fresh_seed();
	stats_init(&res.st);
	run.o = o;
	run.r = r;
	run.res = &res;
	run.d = d;
	run.sm = sample_new((size_t)res.sample_size, res.seed, row_free);

	if (o->verified != NULL && read_verified(&res, o->verified, d) == -1)
		goto done;
	if (settle_dates(&run) == -1)
		goto done;
	res.date_order = run.order;
	if (o->annotate != NULL && (run.annot = out_open(o->annotate, o->mode, d)) == NULL)
		goto done;
	if (csvin_read_file(o->input, &o->csv, on_record, &run, &res.csv, d) == -1)
		goto done;
	if (!run.have_header) {
		diag_set(d, o->input, 0, 0, "empty input: no header row");
		goto done;
	}
	if (!res.date_order_detected) {
		/* stdin: the evidence came with the pass; say when it disagrees */
		enum date_order seen = date_guess_order(&run.guess, &res.date_mixed);
		if (run.guess.dmy + run.guess.mdy > 0 && seen != run.order)
			res.date_mixed = 1;
		res.date_ambiguous = run.guess.dmy + run.guess.mdy + run.guess.either;
	}
	if (run.annot != NULL) {
		rc = out_close(run.annot, d);
		run.annot = NULL;
		if (rc == -1)
			goto done;
		rc = -1;
	}
	stats_suggest(&res.st, r);
	res.sample = sample_sorted(run.sm, &res.nsample);
	decide(&res);
	if (o->worksheet != NULL && write_worksheet(&res, o->worksheet, d) == -1)
		goto done;
	if (write_report(&res, d) == -1)
		goto done;
	rc = res.verdict == VERDICT_PASS ? 0 : 1;
done:
	out_abort(run.annot);
	if (run.have_header)
		colmap_free(&run.cm);
	sample_free(run.sm);
	stats_free(&res.st);
	rules_free(r);
	return rc;
}
