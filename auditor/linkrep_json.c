/* The JSON report (schema_version 1): a summary, then one object per
 * finding, one a line. */
#include "linkrep.h"

#include "out.h"

static void
field(struct linkrep_buf *w, const char *name, const char *value)
{
	if (value == NULL)
		return;
	linkrep_put(w, ", \"", 3);
	linkrep_puts(w, name);
	linkrep_put(w, "\": ", 3);
	linkrep_putjson(w, value);
}

/* The i-th finding of run (a struct linkrep_run), from the comma before. */
static void
finding(struct linkrep_buf *w, const void *run, size_t i)
{
	const struct linkrep_finding *f = &((const struct linkrep_run *)run)->findings[i];
	size_t k;

	linkrep_puts(w, i ? ",\n    {\"file\": " : "\n    {\"file\": ");
	linkrep_putjson(w, f->file);
	linkrep_puts(w, ", \"line\": ");
	linkrep_putnum(w, f->line);
	linkrep_puts(w, ", \"col\": ");
	linkrep_putnum(w, f->col);
	linkrep_puts(w, ", \"id\": \"");
	linkrep_puts(w, finding_name(f->id));
	linkrep_puts(w, "\", \"severity\": \"");
	linkrep_puts(w, finding_sev_name(f->sev));
	linkrep_putc(w, '"');
	field(w, "message", f->message);
	field(w, "link", f->link);
	field(w, "fix", f->fix);
	field(w, "fixed", f->fixed);
	if (f->nctx > 0) {
		linkrep_puts(w, ", \"context\": {");
		for (k = 0; k < f->nctx; k++) {
			linkrep_puts(w, k ? ", " : "");
			linkrep_putjson(w, f->ctx[2 * k]);
			linkrep_put(w, ": ", 2);
			linkrep_putjson(w, f->ctx[2 * k + 1]);
		}
		linkrep_putc(w, '}');
	}
	linkrep_putc(w, '}');
}

void
linkrep_json(FILE *fp, const struct linkrep_run *run)
{
	struct linkrep_buf w;
	int id, n = 0;

	fputs("{\n  \"schema_version\": 1,\n", fp);
	fputs("  \"tool\": {\"name\": \"utm-audit\", \"version\": ", fp);
	out_json_cstr(fp, run->version);
	fputs("},\n  \"command\": \"links\",\n  \"rules\": ", fp);
	out_json_cstr(fp, run->rules);
	fprintf(fp, ",\n  \"fail_on\": \"%s\",\n  \"passed\": %s,\n",
	    finding_sev_name(run->fail_on), run->passed ? "true" : "false");
	fprintf(fp, "  \"summary\": {\"files\": %zu, \"links\": %zu, \"errors\": %zu, "
	    "\"warnings\": %zu, \"notes\": %zu, \"fixable\": %zu, \"fixed_links\": %zu, "
	    "\"by_id\": {", run->nfiles, run->nlinks, run->count[SEV_ERROR],
	    run->count[SEV_WARNING], run->count[SEV_NOTE], run->fixable,
	    run->fixed_links);
	for (id = F_URL_MALFORMED; id < F__COUNT; id++)
		if (run->by_id[id] > 0)
			fprintf(fp, "%s\"%s\": %zu", n++ ? ", " : "",
			    finding_name((enum finding_id)id), run->by_id[id]);
	fputs("}},\n  \"findings\": [", fp);
	linkrep_buf_init(&w, fp);
	linkrep_items(&w, run->nfindings, run->threads, finding, run);
	linkrep_flush(&w);
	fputs(run->nfindings ? "\n  ]\n}\n" : "]\n}\n", fp);
}
