/* The JSON report (schema_version 1): a summary, then one object per
 * finding, one a line. */
#include "linkrep.h"

#include "out.h"

static void
field(FILE *fp, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fputs(", \"", fp);
	fputs(name, fp);
	fputs("\": ", fp);
	linkrep_json_cstr(fp, value);
}

void
linkrep_json(FILE *fp, const struct linkrep_run *run)
{
	size_t i, k;
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
	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		/* fputs, not fprintf: a million findings are not rare */
		fputs(i ? ",\n    {\"file\": " : "\n    {\"file\": ", fp);
		linkrep_json_cstr(fp, f->file);
		fputs(", \"line\": ", fp);
		linkrep_num(fp, f->line);
		fputs(", \"col\": ", fp);
		linkrep_num(fp, f->col);
		fputs(", \"id\": \"", fp);
		fputs(finding_name(f->id), fp);
		fputs("\", \"severity\": \"", fp);
		fputs(finding_sev_name(f->sev), fp);
		fputc('"', fp);
		field(fp, "message", f->message);
		field(fp, "link", f->link);
		field(fp, "fix", f->fix);
		field(fp, "fixed", f->fixed);
		if (f->nctx > 0) {
			fputs(", \"context\": {", fp);
			for (k = 0; k < f->nctx; k++) {
				fputs(k ? ", " : "", fp);
				linkrep_json_cstr(fp, f->ctx[2 * k]);
				fputs(": ", fp);
				linkrep_json_cstr(fp, f->ctx[2 * k + 1]);
			}
			fputc('}', fp);
		}
		fputc('}', fp);
	}
	fputs(run->nfindings ? "\n  ]\n}\n" : "]\n}\n", fp);
}
