/* suite_csv: the CSV reader against the peer suites in DATA_DIR/suites.
 *
 *   csv-spectrum     every CSV equals its JSON (header-keyed objects);
 *                    location_coordinates, whose JSON is wrong upstream
 *                    (see its PROVENANCE.md), must be a stray-quote error;
 *   csvkit-examples  the table in its PROVENANCE.md, as records with
 *                    their editor line numbers;
 *   csvlint          the Gherkin scenarios of parse_csv.feature and
 *                    validation_errors.feature that are about CSV text
 *                    (not HTTP, not options): error count, type and row;
 *   w3c-csvw         the manifest entries whose action is a CSV without
 *                    metadata: rows keyed by header, with "#row=" lines;
 *   links in pieces  every CSV file of the four, as a link set (its URL
 *                    column, else its first column): cut into 2 to 4
 *                    pieces after heads of 24 lengths and read
 *                    speculatively (linkx_csv), the same links with the
 *                    same lines, columns, spans and context, and the same
 *                    error, as one reader (linkx_read) gives.
 *
 * Usage: suite_csv DATA_DIR [PROG]; prints one agreement line per suite and
 * exits 1 on any disagreement. */
#define _XOPEN_SOURCE 700	/* nftw */
#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvin.h"
#include "linkx.h"
#include "tjson.h"

static int verbose;

/* a/b in out, or exit: a cut path would test the wrong file. */
static const char *
pjoin(char *out, size_t size, const char *a, const char *b)
{
	int n = snprintf(out, size, "%s/%s", a, b);

	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "suite_csv: path too long: %s/%s\n", a, b);
		exit(2);
	}
	return out;
}

/* ---- a whole table in memory ---- */

struct row {
	long	  line, end_line;
	size_t	  n;
	char	**f;
	size_t	 *len;
	char	 *eol;
	int	  bad_utf8, truncated;
};

struct table {
	struct row		*rows;
	size_t			 n, cap;
	struct csvin_info	 info;
	struct diag		 d;
	int			 rc;
};

static int
keep(const struct csvin_record *r, void *arg)
{
	struct table *t = arg;
	struct row *w;
	size_t i;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
		if (t->rows == NULL)
			abort();
	}
	w = &t->rows[t->n++];
	w->line = r->line;
	w->end_line = r->end_line;
	w->n = r->nfields;
	w->f = calloc(r->nfields, sizeof *w->f);
	w->len = calloc(r->nfields, sizeof *w->len);
	if (w->f == NULL || w->len == NULL)
		abort();
	for (i = 0; i < r->nfields; i++) {
		w->f[i] = malloc(r->lens[i] + 1);
		if (w->f[i] == NULL)
			abort();
		memcpy(w->f[i], r->fields[i], r->lens[i] + 1);
		w->len[i] = r->lens[i];
	}
	w->eol = strdup(r->eol);
	w->bad_utf8 = r->bad_utf8;
	w->truncated = r->truncated;
	return 0;
}

static void
table_read(struct table *t, const char *path, const struct csvin_opts *o)
{
	memset(t, 0, sizeof *t);
	t->rc = csvin_read_file(path, o, keep, t, &t->info, &t->d);
}

static void
table_mem(struct table *t, const char *s, size_t len,
    const struct csvin_opts *o)
{
	memset(t, 0, sizeof *t);
	t->rc = csvin_read_mem("t.csv", s, len, o, keep, t, &t->info, &t->d);
}

static void
table_free(struct table *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		for (j = 0; j < t->rows[i].n; j++)
			free(t->rows[i].f[j]);
		free(t->rows[i].f);
		free(t->rows[i].len);
		free(t->rows[i].eol);
	}
	free(t->rows);
	memset(t, 0, sizeof *t);
}

/* The records as "LINE[-END]:f|f|f", one a line, \n \r \t escaped. */
static void
render(const struct table *t, struct buf *b)
{
	const struct row *w;
	size_t i, j, k;

	for (i = 0; i < t->n; i++) {
		w = &t->rows[i];
		if (i > 0)
			buf_addc(b, '\n');
		buf_printf(b, "%ld", w->line);
		if (w->end_line != w->line)
			buf_printf(b, "-%ld", w->end_line);
		buf_addc(b, ':');
		for (j = 0; j < w->n; j++) {
			if (j > 0)
				buf_addc(b, '|');
			for (k = 0; k < w->len[j]; k++) {
				switch (w->f[j][k]) {
				case '\n':
					buf_adds(b, "\\n");
					break;
				case '\r':
					buf_adds(b, "\\r");
					break;
				case '\t':
					buf_adds(b, "\\t");
					break;
				default:
					buf_addc(b, w->f[j][k]);
				}
			}
		}
		if (w->bad_utf8)
			buf_adds(b, " !u");
		if (w->truncated)
			buf_adds(b, " !t");
	}
}

/* ---- csv-spectrum ---- */

/* Data rows as header-keyed objects, all values strings. */
static int
rows_equal_json(const struct table *t, const struct tj *arr, const char *name)
{
	const struct row *h, *w;
	const struct tj *o;
	size_t i, j;

	if (arr == NULL || arr->type != TJ_ARR) {
		printf("  %s: expected JSON is not an array\n", name);
		return 0;
	}
	if (t->n == 0 ? arr->n != 0 : t->n - 1 != arr->n) {
		printf("  %s: %zu data rows, JSON has %zu\n", name,
		    t->n ? t->n - 1 : 0, arr->n);
		return 0;
	}
	if (t->n == 0)
		return 1;
	h = &t->rows[0];
	for (i = 0; i < arr->n; i++) {
		o = arr->items[i];
		w = &t->rows[i + 1];
		if (o->type != TJ_OBJ || o->n != h->n || w->n != h->n) {
			printf("  %s: row %zu: %zu fields, JSON has %zu keys\n",
			    name, i + 1, w->n, o->n);
			return 0;
		}
		for (j = 0; j < h->n; j++) {
			if (strcmp(o->keys[j], h->f[j]) != 0 ||
			    o->items[j]->type != TJ_STR ||
			    o->items[j]->len != w->len[j] ||
			    memcmp(o->items[j]->str, w->f[j], w->len[j]) != 0) {
				printf("  %s: row %zu field %zu: got [%s]=[%s]\n",
				    name, i + 1, j + 1, h->f[j], w->f[j]);
				return 0;
			}
		}
	}
	return 1;
}

static int
spectrum(const char *dir)
{
	static const char *names[] = {
		"comma_in_quotes", "empty", "empty_crlf", "escaped_quotes",
		"json", "location_coordinates", "newlines", "newlines_crlf",
		"quotes_and_newlines", "simple", "simple_crlf", "utf8",
	};
	struct csvin_opts o = { ',', CSVIN_ENC_AUTO, 0, 0 };
	struct table t;
	struct tj *j;
	char csv[1024], js[1024], file[128];
	size_t i, n = sizeof names / sizeof names[0];
	int ok, agree = 0;

	for (i = 0; i < n; i++) {
		snprintf(file, sizeof file, "csvs/%s.csv", names[i]);
		pjoin(csv, sizeof csv, dir, file);
		snprintf(file, sizeof file, "json/%s.json", names[i]);
		pjoin(js, sizeof js, dir, file);
		table_read(&t, csv, &o);
		if (strcmp(names[i], "location_coordinates") == 0) {
			/* Upstream's JSON is wrong; the CSV has a quote in an
			 * unquoted field: a stray-quote error on line 2. */
			ok = t.rc == -1 && t.d.line == 2 &&
			    strstr(t.d.msg, "stray quote") != NULL;
			if (!ok)
				printf("  %s: want a stray quote on line 2, "
				    "got rc %d %ld:%ld %s\n", names[i], t.rc,
				    t.d.line, t.d.col, t.d.msg);
		} else if (t.rc != 0) {
			printf("  %s: %s:%ld:%ld: %s\n", names[i], t.d.file,
			    t.d.line, t.d.col, t.d.msg);
			ok = 0;
		} else {
			j = tj_load(js);
			ok = rows_equal_json(&t, j, names[i]);
			tj_free(j);
		}
		agree += ok;
		table_free(&t);
	}
	printf("csv-spectrum: %d/%zu equal\n", agree, n);
	return agree == (int)n;
}

/* ---- csvkit examples ---- */

struct kcase {
	const char	*file;
	const char	*want;		/* rendered records */
	enum csvin_enc	 enc;		/* CSVIN_ENC_AUTO: do not check */
	int		 bom;
	long		 blank;
	const char	*ragged;	/* lines of rows whose field count is
					   not the header's, "2 3" */
};

static const struct kcase kcases[] = {
	{ "bad.csv", "1:column_a|column_b|column_c\n2:1|27||I'm too long!\n"
	    "3:|I'm too short!\n4:0|mixed types.... uh oh|17", CSVIN_ENC_UTF8,
	    0, 0, "2 3" },
	{ "bad_skip_lines.csv", "4:column_a|column_b|column_c\n"
	    "5:1|27||I'm too long!\n6:|I'm too short!\n"
	    "7:0|mixed types.... uh oh|17", 0, 0, 3, "5 6" },
	{ "mac_newlines.csv", "1:a|b|c\n2:1|2|3\n3-4:Once upon\\ra time|5|6",
	    0, 0, 0, "" },
	/* ISO-8859-1 read as Windows-1252: the same for 0xA9. */
	{ "test_latin1.csv", "1:a|b|c\n2:1|2|3\n3:4|5|\xC2\xA9",
	    CSVIN_ENC_CP1252, 0, 0, "" },
	{ "test_utf8_bom.csv", "1:foo|bar|baz\n2:1|2|3\n3:4|5|\xCA\xA4",
	    CSVIN_ENC_UTF8, 1, 0, "" },
	{ "optional_quote_characters.csv", "1:a|b|c\n2:1|2|3", 0, 0, 0, "" },
	/* The header's quoted field holds LF, VT, FF and lone CRs: the
	 * record spans seven editor lines. */
	{ "test_header_newline.csv", "1-7:\\t\\n\v\f\\r start \\t\\n\v\f\\r end "
	    "\\t\\n\v\f\\r|b|c\n8:d|e|f", 0, 0, 0, "" },
	{ "test_join_short_rows.csv", "1:a|b|c\n2:1|cat\n3:dog|c\n4:3|b|c", 0,
	    0, 0, "2 3" },
	{ "test_empty_columns_short_row.csv", "1:a|b|c\n2:|", 0, 0, 0, "2" },
	{ "test_empty_columns_long_row.csv", "1:a|b|c\n2:|||", 0, 0, 0, "2" },
	{ "no_header_row.csv", "1:1|2|3", 0, 0, 0, "" },
	/* A lone NUL in text is data: U+FFFD, and the record is flagged
	 * (csvkit: no error on a NUL byte). */
	{ "null_byte.csv", "1:a|b|c\n2:\xEF\xBF\xBD|2|3 !u", CSVIN_ENC_UTF8, 0,
	    0, "" },
	{ "test_locale.csv", "1:a|b|c\n2:1,7|200.000.000|", 0, 0, 0, "" },
	{ "test_utf16_big.csv", "1:a|b|c\n2:1|2|3\n3:4|5|\xCA\xA4",
	    CSVIN_ENC_UTF16BE, 1, 0, "" },
	{ "test_utf16_little.csv", "1:a|b|c\n2:1|2|3\n3:4|5|\xCA\xA4",
	    CSVIN_ENC_UTF16LE, 1, 0, "" },
	{ "test_skip_lines.csv", "4:a|b|c\n5:1|2|3", 0, 0, 3, "" },
	{ "blanks.csv", "1:a|b|c|d|e|f\n2:|NA|N/A|NONE|NULL|.", 0, 0, 0, "" },
	{ "empty.csv", "", 0, 0, 1, "" },
};

static int
csvkit(const char *dir)
{
	const struct kcase *k;
	struct table t;
	struct buf got = BUF_INIT(0), rag = BUF_INIT(0);
	char path[1024], file[128];
	size_t i, r, n = sizeof kcases / sizeof kcases[0];
	int ok, agree = 0;

	for (i = 0; i < n; i++) {
		k = &kcases[i];
		snprintf(file, sizeof file, "examples/%s", k->file);
		pjoin(path, sizeof path, dir, file);
		table_read(&t, path, NULL);
		buf_reset(&got);
		buf_reset(&rag);
		render(&t, &got);
		for (r = 1; r < t.n; r++)
			if (t.rows[r].n != t.rows[0].n)
				buf_printf(&rag, "%s%ld", rag.len ? " " : "",
				    t.rows[r].line);
		ok = t.rc == 0 && strcmp(buf_cstr(&got), k->want) == 0 &&
		    (k->enc == CSVIN_ENC_AUTO || t.info.encoding == k->enc) &&
		    t.info.bom == k->bom && t.info.blank_lines == k->blank &&
		    strcmp(buf_cstr(&rag), k->ragged) == 0;
		if (!ok || verbose)
			printf("  %s: %s rc %d enc %s bom %d blank %ld ragged "
			    "[%s]\n    got:  %s\n    want: %s\n", k->file,
			    ok ? "ok" : "DIFFERS", t.rc,
			    csvin_enc_name(t.info.encoding), t.info.bom,
			    t.info.blank_lines, buf_cstr(&rag), buf_cstr(&got),
			    k->want);
		agree += ok;
		table_free(&t);
	}
	buf_free(&got);
	buf_free(&rag);
	printf("csvkit-examples: %d/%zu as expected\n", agree, n);
	return agree == (int)n;
}

/* ---- csvlint ---- */

struct lerr {
	char	type[32];
	long	row;		/* 0: none */
};

/* What the reader says about a CSV, in csvlint's terms: the reader's
 * refusals and parse errors, plus what a consumer sees in the records
 * (ragged rows, blank rows, mixed line ends, a non-UTF-8 encoding). */
static size_t
lint(const struct table *t, struct lerr *e, size_t max)
{
	size_t n = 0, i, j;
	long next = 1;
	int empty;
	const char *eol = NULL;

#define ADD(ty, r) do {							\
	if (n < max) {							\
		snprintf(e[n].type, sizeof e[n].type, "%s", ty);	\
		e[n].row = (r);						\
		n++;							\
	}								\
} while (0)

	if (t->info.encoding_detected && t->info.encoding != CSVIN_ENC_UTF8 &&
	    t->rc == 0)
		ADD("invalid_encoding", 0);
	for (i = 0; i < t->n; i++) {
		if (t->rows[i].line > next)
			ADD("blank_rows", next);
		next = t->rows[i].end_line + 1;
		for (j = 0, empty = 1; j < t->rows[i].n; j++)
			empty &= t->rows[i].len[j] == 0;
		if (empty)
			ADD("blank_rows", t->rows[i].line);
		else if (i > 0 && t->rows[i].n != t->rows[0].n)
			ADD("ragged_rows", t->rows[i].line);
		if (t->rows[i].eol[0] != '\0') {
			if (eol != NULL && strcmp(eol, t->rows[i].eol) != 0)
				ADD("line_breaks", t->rows[i].line);
			eol = t->rows[i].eol;
		}
	}
	if (t->rc == 0 && t->info.lines >= next)
		ADD("blank_rows", next);
	if (t->rc == -1) {
		if (t->d.line == 0)
			ADD("invalid_encoding", 0);	/* not text at all */
		else if (strstr(t->d.msg, "unclosed quote") != NULL)
			ADD("unclosed_quote", t->d.line);
		else
			ADD("stray_quote", t->d.line);
	}
#undef ADD
	return n;
}

struct scen {
	char		 name[256];
	struct buf	 csv;
	char		 fixture[256];
	int		 has_csv, skip;
	int		 want_valid;	/* -1: not asked */
	long		 want_errors;	/* -1: not asked */
	char		 want_type[32];
	long		 want_row;
};

static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int
quoted_arg(const char *line, char *out, size_t size)
{
	const char *a = strchr(line, '"'), *b;

	if (a == NULL || (b = strrchr(line, '"')) == a)
		return -1;
	snprintf(out, size, "%.*s", (int)(b - a - 1), a + 1);
	return 0;
}

/* Replays one scenario; returns 1 when the reader agrees. */
static int
scen_run(const struct scen *s, const char *fixdir)
{
	struct csvin_opts o = { ',', CSVIN_ENC_AUTO, 0, 0 };
	struct lerr e[16];
	struct table t;
	char path[1024];
	size_t n;
	int ok = 1;

	if (s->has_csv)
		table_mem(&t, s->csv.data ? s->csv.data : "", s->csv.len, &o);
	else {
		pjoin(path, sizeof path, fixdir, s->fixture);
		table_read(&t, path, &o);
	}
	n = lint(&t, e, sizeof e / sizeof e[0]);
	if (s->want_valid != -1 && (n == 0) != s->want_valid)
		ok = 0;
	if (s->want_errors != -1 && (long)n != s->want_errors)
		ok = 0;
	/* csvlint's "whitespace" (spaces around a quoted field) is a stray
	 * quote to a strict RFC 4180 reader. */
	if (s->want_type[0] != '\0' && (n == 0 ||
	    (strcmp(e[0].type, s->want_type) != 0 &&
	    !(strcmp(s->want_type, "whitespace") == 0 &&
	    strcmp(e[0].type, "stray_quote") == 0))))
		ok = 0;
	if (s->want_row > 0 && (n == 0 || e[0].row != s->want_row))
		ok = 0;
	if (!ok || verbose)
		printf("  %s: %s: %zu error(s), first %s row %ld (want valid %d "
		    "errors %ld %s row %ld)%s%s\n", s->name,
		    ok ? "ok" : "DIFFERS", n, n ? e[0].type : "-",
		    n ? e[0].row : 0, s->want_valid, s->want_errors,
		    s->want_type, s->want_row, t.rc ? ": " : "",
		    t.rc ? t.d.msg : "");
	table_free(&t);
	return ok;
}

static void
scen_reset(struct scen *s)
{
	buf_free(&s->csv);
	memset(s, 0, sizeof *s);
	s->want_valid = -1;
	s->want_errors = -1;
}

static void
feature(const char *path, const char *fixdir, int *agree, int *total,
    int *skipped)
{
	struct scen s;
	char line[4096], tl[4096], *l;
	FILE *fp;
	size_t indent = 0, k;
	int in_doc = 0, started = 0, first = 1;

	if ((fp = fopen(path, "r")) == NULL) {
		printf("  cannot open %s\n", path);
		(*total)++;
		return;
	}
	memset(&s, 0, sizeof s);
	scen_reset(&s);
	for (;;) {
		l = fgets(line, sizeof line, fp);
		if (in_doc && l != NULL) {
			snprintf(tl, sizeof tl, "%s", line);
			if (strcmp(trim(tl), "\"\"\"") == 0) {
				in_doc = 0;
				continue;
			}
			/* Gherkin: lines joined by LF, the opening """'s
			 * indentation removed, no final line end. */
			for (k = 0; k < indent && line[k] == ' '; k++)
				continue;
			if (!first)
				buf_addc(&s.csv, '\n');
			first = 0;
			buf_add(&s.csv, line + k, strcspn(line + k, "\n"));
			continue;
		}
		if (l != NULL)
			l = trim(line);
		if (l == NULL || strncmp(l, "Scenario:", 9) == 0) {
			if (started) {
				if (s.skip || (!s.has_csv &&
				    s.fixture[0] == '\0') ||
				    (s.want_valid == -1 && s.want_errors == -1))
					(*skipped)++;
				else {
					(*total)++;
					*agree += scen_run(&s, fixdir);
				}
			}
			if (l == NULL)
				break;
			scen_reset(&s);
			started = 1;
			snprintf(s.name, sizeof s.name, "%s", trim(l + 9));
			continue;
		}
		if (!started)
			continue;
		if (strcmp(l, "\"\"\"") == 0) {
			in_doc = first = 1;
			s.has_csv = 1;
			indent = (size_t)(l - line);
		} else if (strstr(l, "I have a CSV file called") != NULL)
			quoted_arg(l, s.fixture, sizeof s.fixture);
		else if (strstr(l, "I should get the value of true"))
			s.want_valid = 1;
		else if (strstr(l, "I should get the value of false"))
			s.want_valid = 0;
		else if (strncmp(l, "Then there should be no ", 24) == 0)
			s.skip = 1;	/* "no content_encoding errors" */
		else if (strncmp(l, "Then there should be ", 21) == 0 &&
		    strstr(l, "error") != NULL)
			s.want_errors = strtol(l + 21, NULL, 10);
		else if (strstr(l, "error should have the type"))
			quoted_arg(l, s.want_type, sizeof s.want_type);
		else if (strstr(l, "error should have the row")) {
			char num[32];

			if (quoted_arg(l, num, sizeof num) == 0)
				s.want_row = strtol(num, NULL, 10);
		} else if (strstr(l, "content type") ||
		    strstr(l, "doesn't exist") ||
		    strstr(l, "I set the line endings") ||
		    strstr(l, "I set the delimiter") ||
		    strstr(l, "I set quotechar") ||
		    strstr(l, "encoding header of \"ISO") ||
		    strstr(l, "warnings") || strstr(l, "info messages"))
			s.skip = 1;	/* HTTP, options or warnings */
	}
	scen_reset(&s);
	fclose(fp);
}

static int
csvlint(const char *dir)
{
	static const char *files[] = { "parse_csv.feature",
	    "validation_errors.feature" };
	char path[1024], fixdir[1024], file[128];
	struct table t;
	size_t i;
	int agree = 0, total = 0, skipped = 0;

	pjoin(fixdir, sizeof fixdir, dir, "features/fixtures");
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(file, sizeof file, "features/%s", files[i]);
		pjoin(path, sizeof path, dir, file);
		feature(path, fixdir, &agree, &total, &skipped);
	}
	/* The workbook fixtures are refused, never parsed as rows. */
	for (i = 0; i < 2; i++) {
		pjoin(path, sizeof path, fixdir,
		    i ? "spreadsheet.xlsx" : "spreadsheet.xls");
		table_read(&t, path, NULL);
		total++;
		if (t.rc == -1 && t.n == 0 && t.d.line == 0 &&
		    strstr(t.d.msg, "Excel") != NULL)
			agree++;
		else
			printf("  %s: not refused (rc %d, %zu rows)\n", path,
			    t.rc, t.n);
		table_free(&t);
	}
	printf("csvlint: %d/%d scenarios agree (%d skipped: HTTP, options or "
	    "warnings)\n", agree, total, skipped);
	return agree == total;
}

/* ---- W3C CSVW ---- */

static int
csvw_case(const char *dir, const char *action, const char *result)
{
	struct csvin_opts o = { ',', CSVIN_ENC_AUTO, 0, 0 };
	const struct tj *rows, *r, *desc, *url, *tables;
	const struct row *h, *w;
	struct table t;
	struct tj *j;
	char path[1024];
	const char *frag;
	size_t i, k, nonempty;
	int ok = 1, minimal;

	pjoin(path, sizeof path, dir, action);
	table_read(&t, path, &o);
	pjoin(path, sizeof path, dir, result);
	j = tj_load(path);
	minimal = j != NULL && j->type == TJ_ARR;
	tables = tj_get(j, "tables");
	rows = minimal ? j : tables && tables->type == TJ_ARR && tables->n > 0 ?
	    tj_get(tables->items[0], "row") : NULL;
	if (t.rc != 0 || rows == NULL || rows->type != TJ_ARR || t.n == 0 ||
	    rows->n != t.n - 1) {
		printf("  %s: rc %d, %zu records, result unreadable or other "
		    "row count\n", action, t.rc, t.n);
		ok = 0;
		goto out;
	}
	h = &t.rows[0];
	for (i = 0; i < rows->n && ok; i++) {
		r = rows->items[i];
		w = &t.rows[i + 1];
		desc = minimal ? r : tj_get(r, "describes");
		if (!minimal) {
			if (desc == NULL || desc->type != TJ_ARR ||
			    desc->n == 0) {
				ok = 0;
				break;
			}
			desc = desc->items[0];
			/* "#row=N" is the source line, header = 1 */
			url = tj_get(r, "url");
			frag = url && url->type == TJ_STR ?
			    strstr(url->str, "#row=") : NULL;
			if (frag == NULL || strtol(frag + 5, NULL, 10) !=
			    w->line) {
				printf("  %s: row %zu is on line %ld, want %s\n",
				    action, i + 1, w->line, frag ? frag : "?");
				ok = 0;
				break;
			}
		}
		/* Every non-empty cell under its title; empty cells absent. */
		for (k = 0, nonempty = 0; k < h->n && k < w->n; k++) {
			const struct tj *v;

			if (w->len[k] == 0)
				continue;
			nonempty++;
			v = tj_get(desc, h->f[k]);
			if (v == NULL || v->type != TJ_STR ||
			    strcmp(v->str, w->f[k]) != 0) {
				printf("  %s: row %zu column %s: got [%s]\n",
				    action, i + 1, h->f[k], w->f[k]);
				ok = 0;
			}
		}
		if (desc == NULL || desc->type != TJ_OBJ || desc->n != nonempty)
			ok = 0;
	}
out:
	tj_free(j);
	table_free(&t);
	return ok;
}

static int
csvw(const char *dir)
{
	const struct tj *entries, *e, *action, *result, *opt;
	struct tj *m;
	char path[1024];
	size_t i, len;
	int agree = 0, total = 0;

	pjoin(path, sizeof path, dir, "tests/manifest-json.jsonld");
	if ((m = tj_load(path)) == NULL ||
	    (entries = tj_get(m, "entries")) == NULL ||
	    entries->type != TJ_ARR) {
		printf("w3c-csvw: cannot read %s\n", path);
		tj_free(m);
		return 0;
	}
	pjoin(path, sizeof path, dir, "tests");
	for (i = 0; i < entries->n; i++) {
		e = entries->items[i];
		action = tj_get(e, "action");
		result = tj_get(e, "result");
		opt = tj_get(e, "option");
		if (action == NULL || action->type != TJ_STR ||
		    result == NULL || result->type != TJ_STR)
			continue;
		len = strlen(action->str);
		if (len < 4 || strcmp(action->str + len - 4, ".csv") != 0 ||
		    tj_get(e, "implicit") != NULL ||
		    tj_get(opt, "metadata") != NULL)
			continue;
		total++;
		agree += csvw_case(path, action->str, result->str);
	}
	tj_free(m);
	printf("w3c-csvw: %d/%d CSV-only cases equal\n", agree, total);
	return total > 0 && agree == total;
}

/* ---- links in pieces ---- */

/* Appends a link, all of what a linkx_link says, to the buf arg. */
static int
link_line(const struct linkx_link *lk, void *arg)
{
	struct buf *b = arg;
	size_t i;

	buf_printf(b, "%ld:%ld x%d w%d %zu+%zu [%.*s]", lk->line, lk->col,
	    lk->exact, lk->writable, lk->off, lk->srclen, (int)lk->len, lk->s);
	for (i = 0; i < lk->nctx; i++)
		buf_printf(b, " %s=%s", lk->ctx_name[i], lk->ctx_value[i]);
	buf_addc(b, '\n');
	return 0;
}

static void
diag_line(struct buf *b, int rc, const struct diag *d)
{
	if (rc != 0)
		buf_printf(b, "rc %d %s:%ld:%ld: %s\n", rc, d->file, d->line, d->col,
		    d->msg);
}

static struct {
	int	files, agree;
	long	cut, voids;	/* readings in pieces; with a piece void */
} lp;

/* The links of buf[0..len) read by linkx_csv in at most n pieces, one
 * after another, into out: as links_add_mem puts them together. */
static void
read_pieces(const char *name, const char *buf, size_t len,
    const struct linkx_opts *o, unsigned n, struct buf *out)
{
	struct buf part[8];
	struct linkx_csv *x;
	struct diag d;
	unsigned k, m;
	int rc, r[8];

	memset(&d, 0, sizeof d);
	memset(part, 0, sizeof part);
	if ((x = linkx_csv_open(name, buf, len, o, n, link_line, out, &d, &rc)) == NULL) {
		diag_line(out, rc, &d);
		return;
	}
	m = linkx_csv_pieces(x);
	lp.cut++;
	/* the later pieces first: piece 0 may not wait for them */
	for (k = m - 1; k > 0; k--)
		r[k] = linkx_csv_piece(x, k, link_line, &part[k]);
	rc = linkx_csv_piece(x, 0, link_line, out);
	for (k = 1; k < m && rc == 0; k++)
		if (r[k] != 0)
			rc = 1;
	if (rc == 0)
		for (k = 1; k < m; k++)
			buf_add(out, part[k].data, part[k].len);
	else if (rc == 1) {
		lp.voids++;
		rc = linkx_csv_rest(x);
	}
	diag_line(out, rc, &d);
	for (k = 0; k < m; k++)
		buf_free(&part[k]);
	linkx_csv_free(x);
}

static int
lp_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct linkx_opts o;
	struct buf one, more;
	struct diag d;
	FILE *fp;
	char *buf, col[256] = "";
	size_t len, h, n, c;
	int rc, ok = 1;

	(void)ftw;
	len = strlen(path);
	if (type != FTW_F || len < 4 || strcmp(path + len - 4, ".csv") != 0)
		return 0;
	if ((fp = fopen(path, "rb")) == NULL || (buf = malloc((size_t)st->st_size + 1)) == NULL)
		abort();
	len = fread(buf, 1, (size_t)st->st_size, fp);
	fclose(fp);
	lp.files++;
	for (c = 0; c < 2 && ok; c++) {
		memset(&o, 0, sizeof o);
		o.kind = LINKX_CSV;
		if (c == 1) {	/* the first column, named */
			size_t i = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0, k;
			const char *stop = ",;\t|\r\n";
			if (i < len && buf[i] == '"') {
				i++;
				stop = "\"";
			}
			for (k = i; k < len && k - i < sizeof col - 1 &&
			    strchr(stop, buf[k]) == NULL; k++)
				;
			memcpy(col, buf + i, k - i);
			col[k - i] = '\0';
			o.column = col;
		}
		for (h = 1; h <= len && ok; h += 1 + len / 24) {	/* heads
				   of 24 lengths, from one byte to all */
			o.head = h;
			memset(&one, 0, sizeof one);
			memset(&d, 0, sizeof d);
			rc = linkx_read(path, buf, len, &o, link_line, &one, &d);
			diag_line(&one, rc, &d);
			for (n = 2; n <= 4 && ok; n++) {
				memset(&more, 0, sizeof more);
				read_pieces(path, buf, len, &o, (unsigned)n, &more);
				if (one.len != more.len || (one.len > 0 &&
				    memcmp(one.data, more.data, one.len) != 0)) {
					printf("  %s: column '%s', head %zu, %zu pieces:\n%.*s---\n%.*s",
					    path, col, h, n, (int)one.len, one.data,
					    (int)more.len, more.data);
					ok = 0;
				}
				buf_free(&more);
			}
			buf_free(&one);
		}
	}
	lp.agree += ok;
	free(buf);
	return 0;
}

static int
links_pieces(const char *data)
{
	static const char *const dirs[] = { "suites/csv-spectrum",
	    "suites/csvkit-examples", "suites/csvlint", "suites/w3c-csvw" };
	char path[1024];
	size_t i;

	memset(&lp, 0, sizeof lp);
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (nftw(pjoin(path, sizeof path, data, dirs[i]), lp_file, 16, FTW_PHYS) != 0) {
			printf("  %s: cannot walk\n", path);
			return 0;
		}
	printf("links in pieces: %d/%d CSV files read the same as by one reader "
	    "(%ld readings cut, %ld of them read on by one reader)\n",
	    lp.agree, lp.files, lp.cut, lp.voids);
	return lp.files > 0 && lp.agree == lp.files && lp.cut > 0;
}

int
main(int argc, char *argv[])
{
	struct stat st;
	char path[1024];
	int ok = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: suite_csv DATA_DIR [PROG]\n");
		return 2;
	}
	verbose = getenv("SUITE_VERBOSE") != NULL;
	if (stat(argv[1], &st) == -1) {
		printf("skipped: ../shared/data not found\n");
		return 0;
	}
	pjoin(path, sizeof path, argv[1], "suites/csv-spectrum");
	ok &= spectrum(path);
	pjoin(path, sizeof path, argv[1], "suites/csvkit-examples");
	ok &= csvkit(path);
	pjoin(path, sizeof path, argv[1], "suites/csvlint");
	ok &= csvlint(path);
	pjoin(path, sizeof path, argv[1], "suites/w3c-csvw");
	ok &= csvw(path);
	ok &= links_pieces(argv[1]);
	return ok ? 0 : 1;
}
