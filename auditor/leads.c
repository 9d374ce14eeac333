#include "leads.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <pthread.h>
#include <unistd.h>

#include "baseline.h"
#include "classify.h"
#include "i18n.h"
#include "memo.h"
#include "norm.h"
#include "out.h"
#include "progress.h"
#include "report.h"
#include "xalloc.h"

#define HEAD_BYTES	(256u * 1024)	/* read to guess the date order */

static const char *const annot_cols[] = {
	"utm_audit_source", "utm_audit_medium", "utm_audit_campaign",
	"utm_audit_channel", "utm_audit_level", "utm_audit_reasons"
};

/* What every thread reads; written only while one thread runs. */
struct run {
	const struct leads_opts	*o;
	const struct rules	*r;
	struct leads_result	*res;
	struct colmap		 cm;
	int			 have_header;
	enum date_order		 order;		/* dates are read in this order */
	int			 settle;	/* the order is settled after the
						   pass (auto, regular file) */
	int			 window;	/* --since or --until */
	struct out		*annot;
	int			 annot_lost;	/* could not be opened again */
	struct diag		*d;
	pthread_mutex_t		 lock;		/* classify_lead, for the memos */
	struct work		*work;
	int			 nwork;
	struct progress		*prog;		/* NULL: no progress line */
};

/* One thread's share: its own counts, sample and caches, merged at the
 * end. */
struct work {
	struct run		*run;
	struct stats		 st;
	struct sample		*sm;
	struct memo		*memo;
	struct date_guess	 guess;
	long			 sensitive;	/* leads the date order moves in or
						   out of the window */
	uint64_t		 rowno;		/* data rows before this one */
	struct lead		 lead;
	uint64_t		 pbytes;	/* read since the last progress_add */
	long			 prows;
	char			 gap[64];	/* keeps the counters each thread
						   writes for every row off the
						   cache line of the next work's */
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
row_copy(const struct work *w, const struct csvin_record *rec,
    const struct verdict *v)
{
	const struct lead *l = &w->lead;
	struct leads_row *row = xcalloc(1, sizeof *row);
	size_t i;
	int c;

	row->line = l->line;
	row->rowno = l->rowno;
	for (i = 0; i < ROLE_COUNT; i++)
		row->field[i] = xmemdup(l->f[i].raw, l->f[i].len);
	for (i = 0; i < w->run->o->ninclude; i++) {
		c = w->run->res->include_col[i];
		row->include[i] = c >= 0 && (size_t)c < rec->nfields ?
		    xmemdup(rec->fields[c], rec->lens[c]) : xstrdup("");
	}
	row->canon = v->canon ? xstrdup(v->canon->name) : NULL;
	row->level = v->level;
	row->channel = v->channel;
	row->findings = v->findings;
	return row;
}

/* The appended cells of --annotate for one record (one thread only). */
static void
annotate(struct work *w, const struct csvin_record *rec, const struct verdict *v,
    const char *level, const char *reason)
{
	FILE *fp = out_fp(w->run->annot);
	int delim = rec->delim;
	char reasons[1024];
	const char *cells[6];
	size_t lens[6], i;

	fwrite(rec->raw, 1, rec->raw_len, fp);
	if (v != NULL) {
		const struct lead *l = &w->lead;
		cells[0] = v->canon ? v->canon->name : v->source ? v->source->key : "";
		cells[1] = v->medium ? v->medium->name : l->f[ROLE_UTM_MEDIUM].key;
		cells[3] = channel_name(v->channel);
		cells[4] = classify_level_name(v->level);
		report_reasons(v->findings, " ", reasons, sizeof reasons);
		cells[5] = reasons;
		for (i = 0; i < 6; i++)
			lens[i] = i == 2 ? 0 : strlen(cells[i]);
		/* a campaign code is matched as typed, so it is kept so */
		cells[2] = l->f[ROLE_UTM_CAMPAIGN].raw;
		lens[2] = l->f[ROLE_UTM_CAMPAIGN].len;
	} else {
		cells[0] = cells[1] = cells[2] = cells[3] = "";
		cells[4] = level;
		cells[5] = reason;
		for (i = 0; i < 6; i++)
			lens[i] = strlen(cells[i]);
	}
	for (i = 0; i < 6; i++) {
		size_t len = lens[i];
		const char *s = report_safe(cells[i], &len);
		fputc(delim, fp);
		out_csv_cell(fp, s, len, delim, 1);
	}
	fputs(rec->eol[0] ? rec->eol : "\n", fp);
}

static int
on_header(struct work *w, const struct csvin_record *rec)
{
	struct run *run = w->run;
	size_t i;

	if (colmap_init(&run->cm, run->r, rec, run->o->ov, run->o->nov,
	    run->o->input, run->d) == -1)
		return -1;
	run->have_header = 1;
	for (i = 0; i < run->o->ninclude; i++) {
		struct colmap_override ov = { ROLE_ID, run->o->include[i] };
		size_t c;
		run->res->include_col[i] = -1;
		for (c = 0; c < run->cm.ncols; c++)
			if (strcasecmp(run->cm.names[c], ov.name) == 0)
				run->res->include_col[i] = (int)c;
		if (run->res->include_col[i] < 0)
			return diag_set(run->d, run->o->input, rec->line, 0,
			    _("--include-column %s: no such column in the header"), ov.name);
	}
	if (run->annot != NULL) {
		FILE *fp = out_fp(run->annot);
		fwrite(rec->raw, 1, rec->raw_len, fp);
		for (i = 0; i < 6; i++) {
			fputc(rec->delim, fp);
			fputs(annot_cols[i], fp);
		}
		fputs(rec->eol[0] ? rec->eol : "\n", fp);
	}
	return 0;
}

static int
in_window(const struct leads_opts *o, const struct date *dt)
{
	return !((o->have_since && date_days(dt) < date_days(&o->since)) ||
	    (o->have_until && date_days(dt) > date_days(&o->until)));
}

/* memo's batches of leads that share a classification, into the thread's
 * counts. */
static void
count_class(void *arg, const struct lead *l, const struct verdict *v, long n)
{
	stats_add_class(arg, l, v, n);
}

static int
on_record(const struct csvin_record *rec, void *arg)
{
	struct work *w = arg;
	struct run *run = w->run;
	struct stats *st = &w->st;
	struct lead *l = &w->lead;
	const struct norm_field *cf;
	struct verdict v;
	struct csvin_span span;
	struct date dt, alt;
	enum date_ev ev = DATE_EV_NONE;
	uint64_t rowf = 0;
	enum level lv;
	int dated = 0, dbad = 0, amb, c, month = -1, alt_month;
	void **slot;

	w->pbytes += rec->raw_len + (rec->eol[0] == '\0' ? 0 : rec->eol[1] == '\0' ? 1 : 2);
	if (++w->prows == 4096) {
		progress_add(run->prog, w->pbytes, w->prows);
		w->pbytes = 0;
		w->prows = 0;
	}
	if (!run->have_header)
		return on_header(w, rec);
	/* Memory stays flat whatever the number of threads: 16 MiB of
	 * caches in all, at most 4 MiB each. */
	if (w->memo == NULL) {
		w->memo = memo_new(run->r, &run->cm, run->nwork > 1 ? &run->lock : NULL,
		    run->nwork <= 4 ? MEMO_MAX_BYTES : (16u << 20) / (size_t)run->nwork);
		memo_count_with(w->memo, count_class, st);
	}

	st->read++;
	w->rowno++;
	/* Only a record over several lines can hold rows that a stray quote
	 * took into one field: one comparison for every other record. */
	if (rec->end_line > rec->line &&
	    csvin_span_check(rec, run->cm.ncols, &span))
		stats_span(&st->stray_quotes, &span);
	if (rec->nfields != run->cm.ncols) {
		/* The order is settled over every created value, as a
		 * pass over that column alone would see them. */
		c = run->cm.col[ROLE_CREATED];
		if (run->settle && c >= 0 && (size_t)c < rec->nfields) {
			size_t len;
			const char *s = norm_trim(rec->fields[c], rec->lens[c], &len);
			if (len > 0 && date_parse(s, len, DATE_DMY, &dt, &ev) == 0)
				date_guess_add(&w->guess, ev);
		}
		stats_reject(&st->ragged, rec->line);
		if (run->annot)
			annotate(w, rec, NULL, "rejected", "ragged-row");
		return 0;
	}
	memo_lead(w->memo, rec, w->rowno, l);

	cf = &l->f[ROLE_CREATED];
	if (cf->len > 0) {
		if (date_parse(cf->raw, cf->len, run->order, &dt, &ev) == 0) {
			dated = 1;
			date_guess_add(&w->guess, ev);
		} else {
			dbad = 1;
		}
	}
	/* A date whose day and month are both 12 or less reads two ways
	 * until the order is settled; the other way swaps them. */
	amb = run->settle && dated && ev == DATE_EV_EITHER;
	if (amb) {
		alt = dt;
		alt.m = dt.d;
		alt.d = dt.m;
	}
	if (run->window) {
		if (!dated) {
			stats_reject(&st->undated, rec->line);
			if (run->annot)
				annotate(w, rec, NULL, "rejected", "undated");
			return 0;
		}
		if (amb && in_window(run->o, &dt) != in_window(run->o, &alt))
			w->sensitive++;
		if (!in_window(run->o, &dt)) {
			stats_reject(&st->out_of_window, rec->line);
			if (run->annot)
				annotate(w, rec, NULL, "out-of-window", "");
			return 0;
		}
	}
	if (dbad)
		stats_reject(&st->bad_dates, rec->line);
	if (rec->bad_utf8)
		stats_reject(&st->bad_bytes, rec->line);

	/* What the classification counts is counted once per combination;
	 * the row counts its owner, month and findings.  The whole verdict
	 * is read only for a row that needs it. */
	lv = memo_level(w->memo, l);
	if (memo_count(w->memo) == -1) {
		memo_verdict(w->memo, l, &v);
		stats_add_class(st, l, &v, 1);
	}
	if (dbad)
		rowf |= FINDING_BIT(F_DATE_UNREADABLE);
	if (rec->bad_utf8)
		rowf |= FINDING_BIT(F_BAD_BYTES);
	if (rec->truncated)
		rowf |= FINDING_BIT(F_FIELD_TRUNCATED);
	if (dated)
		month = date_month(&dt);
	if (amb) {
		alt_month = date_month(&alt);
		if (run->order == DATE_MDY)
			stats_add_row_amb(st, l, lv, rowf, alt_month, month);
		else
			stats_add_row_amb(st, l, lv, rowf, month, alt_month);
	} else
		stats_add_row(st, l, lv, rowf, month);

	if ((slot = sample_offer(w->sm, l->rowno)) != NULL || run->annot) {
		memo_verdict(w->memo, l, &v);
		v.findings |= rowf;
		if (slot != NULL)
			*slot = row_copy(w, rec, &v);
		if (run->annot) {
			memo_keys(w->memo, l);
			annotate(w, rec, &v, NULL, NULL);
		}
	}
	return 0;
}

static int
is_regular(const char *path)
{
	struct stat sb;

	return strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static void
work_init(struct work *w, struct run *run)
{
	memset(w, 0, sizeof *w);
	w->run = run;
	stats_init(&w->st);
	w->sm = sample_new((size_t)run->res->sample_size, run->res->seed, row_free);
}

static void
work_free(struct work *w)
{
	stats_free(&w->st);
	sample_free(w->sm);
	memo_free(w->memo);
	w->sm = NULL;
	w->memo = NULL;
}

/* csvin_par: the data rows before a block. */
static void
start_block(void *arg, long before)
{
	struct work *w = arg;

	w->rowno = before > 0 ? (uint64_t)before - 1 : 0;
}

/* csvin_par: the read starts over; so does everything it fed. */
static void
restart(void *ctx)
{
	struct run *run = ctx;
	struct diag d;
	int i;

	for (i = 0; i < run->nwork; i++) {
		work_free(&run->work[i]);
		work_init(&run->work[i], run);
	}
	if (run->have_header)
		colmap_free(&run->cm);
	run->have_header = 0;
	if (run->annot != NULL) {
		out_abort(run->annot);
		if ((run->annot = out_open(run->o->annotate, run->o->mode, &d)) == NULL) {
			*run->d = d;
			run->annot_lost = 1;
		}
	}
}

static int
threads_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > CSVIN_MAX_THREADS ? CSVIN_MAX_THREADS : (int)n;
}

/* One pass over the input with every worker; their counts and samples
 * end in the first. */
static int
pass(struct run *run)
{
	const struct leads_opts *o = run->o;
	void *args[CSVIN_MAX_THREADS];
	struct csvin_par par;
	struct work *w = run->work;
	int i, rc;

	memset(&par, 0, sizeof par);
	for (i = 0; i < run->nwork; i++)
		args[i] = &w[i];
	par.threads = run->nwork;
	/* 1 MiB blocks, smaller past 8 threads: two blocks a thread. */
	par.block = o->block ? o->block : run->nwork <= 8 ? 0 :
	    (8u << 20) / (size_t)run->nwork;
	par.cb = on_record;
	par.args = args;
	par.start_block = start_block;
	par.restart = restart;
	par.ctx = run;
	if (run->annot == NULL && is_regular(o->input))
		rc = csvin_read_par(o->input, &o->csv, &par, &run->res->csv, run->d);
	else
		rc = csvin_read_file(o->input, &o->csv, on_record, &w[0],
		    &run->res->csv, run->d);
	if (rc == -1 || run->annot_lost)
		return -1;
	for (i = 0; i < run->nwork; i++)
		if (w[i].memo != NULL)
			memo_flush(w[i].memo);
	for (i = 1; i < run->nwork; i++) {
		stats_merge(&w[0].st, &w[i].st);
		sample_merge(w[0].sm, w[i].sm);
		w[0].guess.dmy += w[i].guess.dmy;
		w[0].guess.mdy += w[i].guess.mdy;
		w[0].guess.either += w[i].guess.either;
		w[0].guess.other += w[i].guess.other;
		w[0].sensitive += w[i].sensitive;
	}
	return 0;
}

/* The first records' view of the date order, to read the rest in when
 * --since or --until depends on it: a guess that only spares the second
 * pass when it is right. */
struct head {
	struct run		*run;
	struct colmap		 cm;
	int			 have;
	struct date_guess	 g;
};

static int
head_record(const struct csvin_record *rec, void *arg)
{
	struct head *h = arg;
	const struct leads_opts *o = h->run->o;
	struct date dt;
	enum date_ev ev;
	struct diag d;
	const char *s;
	size_t len;
	int c;

	if (!h->have) {
		if (colmap_init(&h->cm, h->run->r, rec, o->ov, o->nov, o->input, &d) == -1)
			return -1;
		h->have = 1;
		return 0;
	}
	if ((c = h->cm.col[ROLE_CREATED]) < 0)
		return -1;
	if ((size_t)c < rec->nfields) {
		s = norm_trim(rec->fields[c], rec->lens[c], &len);
		if (len > 0 && date_parse(s, len, DATE_DMY, &dt, &ev) == 0)
			date_guess_add(&h->g, ev);
	}
	return 0;
}

static enum date_order
head_order(struct run *run)
{
	struct head h;
	struct csvin *c;
	struct diag d;
	char *buf = xmalloc(HEAD_BYTES);
	size_t n = 0;
	FILE *fp;

	memset(&h, 0, sizeof h);
	h.run = run;
	if ((fp = fopen(run->o->input, "rb")) != NULL) {
		n = fread(buf, 1, HEAD_BYTES, fp);
		fclose(fp);
	}
	c = csvin_new(run->o->input, &run->o->csv, head_record, &h);
	(void)csvin_feed(c, buf, n, &d);
	csvin_free(c);
	free(buf);
	if (h.have)
		colmap_free(&h.cm);
	return date_guess_order(&h.g, NULL);
}

/* Reads the input and settles the date order: over the whole created column
 * of a regular file (a lead whose month depends on it is counted under both
 * until then; when it moves a lead in or out of --since/--until, the pass
 * is made again in the order settled), as the pass goes for standard
 * input. */
static int
read_all(struct run *run)
{
	const struct leads_opts *o = run->o;
	struct leads_result *res = run->res;
	struct date_guess *g = &run->work[0].guess;
	enum date_order seen;

	run->window = o->have_since || o->have_until;
	run->order = o->date_order != DATE_AUTO ? o->date_order : DATE_DMY;
	run->settle = o->date_order == DATE_AUTO && is_regular(o->input);
	if (run->settle && run->window)
		run->order = head_order(run);
	if (pass(run) == -1)
		return -1;
	if (!run->have_header)
		return diag_set(run->d, o->input, 0, 0, _("empty input: no header row"));
	res->date_ambiguous = g->dmy + g->mdy + g->either;
	if (run->settle) {
		seen = date_guess_order(g, &res->date_mixed);
		res->date_order_detected = 1;
		if (seen != run->order && run->work[0].sensitive > 0) {
			restart(run);
			run->order = seen;
			run->settle = 0;
			if (run->annot_lost || pass(run) == -1)
				return -1;
		}
		run->order = seen;
	} else if (o->date_order == DATE_AUTO) {
		/* stdin: the evidence came with the pass; say when it disagrees */
		seen = date_guess_order(g, &res->date_mixed);
		if (g->dmy + g->mdy > 0 && seen != run->order)
			res->date_mixed = 1;
	}
	stats_settle_months(&run->work[0].st, run->order == DATE_MDY);
	res->date_order = run->order;
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
			    _("not a worksheet: it needs the columns 'level' and 'accurate' "
			    "(write one with --worksheet)"));
		return 0;
	}
	vf->res->verified_rows++;
	if ((size_t)vf->acc >= rec->nfields || (size_t)vf->lvl >= rec->nfields)
		return diag_set(vf->d, vf->name, rec->line, 0,
		    _("the row has %zu fields, fewer than the header"), rec->nfields);
	yn = yes_no(rec->fields[vf->acc], rec->lens[vf->acc]);
	if (yn == -2) {
		size_t l = rec->lens[vf->acc];
		return diag_set(vf->d, vf->name, rec->line, vf->acc + 1,
		    _("'accurate' must be y/n, ja/nee, 1/0 or true/false, not '%.*s'"),
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
		return diag_set(d, path, 0, 0, _("empty worksheet"));
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
	static int (*const writers[])(FILE *, const struct leads_result *) = {
		[FMT_TEXT] = report_text, [FMT_JSON] = report_json,
		[FMT_MD] = report_md, [FMT_HTML] = report_html,
	};

	rc = writers[res->opts->format](out_fp(o), res);
	if (rc == -1) {
		out_abort(o);
		return diag_set(d, res->opts->output ? res->opts->output : _("(standard output)"),
		    0, 0, "%s", _("write error"));
	}
	return out_close(o, d);
}

int
leads_run(const struct leads_opts *o, struct diag *d)
{
	struct leads_result res;
	struct run run;
	struct rules *r;
	int set, i, rc = -1;

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
	/* --annotate writes the rows in order: one thread. */
	run.nwork = o->annotate != NULL ? 1 : o->threads > 0 ?
	    (o->threads > CSVIN_MAX_THREADS ? CSVIN_MAX_THREADS : o->threads) :
	    threads_default();
	pthread_mutex_init(&run.lock, NULL);
	run.work = xcalloc((size_t)run.nwork, sizeof *run.work);
	for (i = 0; i < run.nwork; i++)
		work_init(&run.work[i], &run);

	if (o->baseline != NULL &&
	    (res.baseline = baseline_load_file(o->baseline, d)) == NULL)
		goto done;
	if (o->verified != NULL && read_verified(&res, o->verified, d) == -1)
		goto done;
	if (o->annotate != NULL && (run.annot = out_open(o->annotate, o->mode, d)) == NULL)
		goto done;
	if (!o->quiet && isatty(2)) {
		struct stat sb;
		run.prog = progress_new(stat(o->input, &sb) == 0 && S_ISREG(sb.st_mode) ?
		    (uint64_t)sb.st_size : 0, 1);
	}
	rc = read_all(&run);
	progress_end(run.prog);
	run.prog = NULL;
	if (rc == -1)
		goto done;
	rc = -1;
	if (run.annot != NULL) {
		rc = out_close(run.annot, d);
		run.annot = NULL;
		if (rc == -1)
			goto done;
		rc = -1;
	}
	stats_free(&res.st);
	res.st = run.work[0].st;
	stats_init(&run.work[0].st);
	stats_suggest(&res.st, r);
	res.sample = sample_sorted(run.work[0].sm, &res.nsample);
	decide(&res);
	if (res.baseline != NULL)
		baseline_compare(res.baseline, &res);
	if (o->worksheet != NULL && write_worksheet(&res, o->worksheet, d) == -1)
		goto done;
	if (write_report(&res, d) == -1)
		goto done;
	rc = res.verdict == VERDICT_PASS ? 0 : 1;
done:
	out_abort(run.annot);
	if (run.have_header)
		colmap_free(&run.cm);
	for (i = 0; i < run.nwork; i++)
		work_free(&run.work[i]);
	free(run.work);
	pthread_mutex_destroy(&run.lock);
	stats_free(&res.st);
	baseline_free(res.baseline);
	rules_free(r);
	return rc;
}
