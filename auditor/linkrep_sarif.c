/* SARIF 2.1.0: one run, the link checks as the driver's rules, one result
 * per finding with its region (columns in Unicode code points) and, when
 * the link can be rewritten in place, a fix replacing the whole link. */
#include "linkrep.h"

#include "out.h"

/* A relative URI reference for a path: unreserved bytes and '/' as they
 * are, everything else percent-encoded. */
static void
uri(struct linkrep_buf *w, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3] = { '%' };

	linkrep_putc(w, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~' || c == '/')
			linkrep_putc(w, c);
		else {
			e[1] = hex[c >> 4];
			e[2] = hex[c & 0xf];
			linkrep_put(w, e, sizeof e);
		}
	}
	linkrep_putc(w, '"');
}

static const char *
level(enum finding_sev s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* The i-th finding of run (a struct linkrep_run) as a result, from the
 * comma before. */
static void
result(struct linkrep_buf *w, const void *run, size_t i)
{
	const struct linkrep_finding *f = &((const struct linkrep_run *)run)->findings[i];

	linkrep_puts(w, i ? ",\n        {\"ruleId\": \"" : "\n        {\"ruleId\": \"");
	linkrep_puts(w, finding_name(f->id));
	linkrep_puts(w, "\", \"ruleIndex\": ");
	linkrep_putnum(w, (long)f->id - F_URL_MALFORMED);
	linkrep_puts(w, ", \"level\": \"");
	linkrep_puts(w, level(f->sev));
	linkrep_puts(w, "\", \"message\": {\"text\": ");
	linkrep_putjson(w, f->message);
	linkrep_puts(w, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
	uri(w, f->file);
	linkrep_puts(w, "}, \"region\": {\"startLine\": ");
	linkrep_putnum(w, f->line);
	linkrep_puts(w, ", \"startColumn\": ");
	linkrep_putnum(w, f->col);
	linkrep_puts(w, "}}}]");
	if (f->fix != NULL && f->fixed_src != NULL && f->span_end_col > 0) {
		linkrep_puts(w, ", \"fixes\": [{\"description\": {\"text\": ");
		linkrep_putjson(w, f->fix);
		linkrep_puts(w, "}, \"artifactChanges\": [{\"artifactLocation\": {\"uri\": ");
		uri(w, f->file);
		linkrep_puts(w, "}, \"replacements\": [{\"deletedRegion\": {\"startLine\": ");
		linkrep_putnum(w, f->span_line);
		linkrep_puts(w, ", \"startColumn\": ");
		linkrep_putnum(w, f->span_col);
		linkrep_puts(w, ", \"endLine\": ");
		linkrep_putnum(w, f->span_line);
		linkrep_puts(w, ", \"endColumn\": ");
		linkrep_putnum(w, f->span_end_col);
		linkrep_puts(w, "}, \"insertedContent\": {\"text\": ");
		linkrep_putjson(w, f->fixed_src);
		linkrep_puts(w, "}}]}]}]");
	}
	linkrep_putc(w, '}');
}

void
linkrep_sarif(FILE *fp, const struct linkrep_run *run)
{
	struct linkrep_buf w;
	int id;

	fputs("{\n  \"$schema\": \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/"
	    "errata01/os/schemas/sarif-schema-2.1.0.json\",\n", fp);
	fputs("  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n", fp);
	fputs("      \"tool\": {\n        \"driver\": {\n", fp);
	fputs("          \"name\": \"utm-audit\",\n          \"version\": ", fp);
	out_json_cstr(fp, run->version);
	fputs(",\n          \"rules\": [", fp);
	for (id = F_URL_MALFORMED; id < F__COUNT; id++) {
		const struct finding_info *fi = finding_info((enum finding_id)id);
		fprintf(fp, "%s\n            {\"id\": \"%s\", \"shortDescription\": {\"text\": ",
		    id > F_URL_MALFORMED ? "," : "", fi->name);
		out_json_cstr(fp, fi->title);
		fprintf(fp, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
		    level(fi->sev));
	}
	fputs("\n          ]\n        }\n      },\n", fp);
	fputs("      \"columnKind\": \"unicodeCodePoints\",\n", fp);
	fputs("      \"results\": [", fp);
	linkrep_buf_init(&w, fp);
	linkrep_items(&w, run->nfindings, run->threads, result, run);
	linkrep_flush(&w);
	fputs(run->nfindings ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", fp);
}
