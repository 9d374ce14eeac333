/* SARIF 2.1.0: one run, the link checks as the driver's rules, one result
 * per finding with its region (columns in Unicode code points) and, when
 * the link can be rewritten in place, a fix replacing the whole link. */
#include "linkrep.h"

#include "out.h"

/* A relative URI reference for a path: unreserved bytes and '/' as they
 * are, everything else percent-encoded. */
static void
uri(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~' || c == '/')
			fputc(c, fp);
		else
			fprintf(fp, "%%%02X", c);
	}
	fputc('"', fp);
}

static const char *
level(enum finding_sev s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

void
linkrep_sarif(FILE *fp, const struct linkrep_run *run)
{
	size_t i;
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
	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		fprintf(fp, "%s\n        {\"ruleId\": \"%s\", \"ruleIndex\": %d, "
		    "\"level\": \"%s\", \"message\": {\"text\": ", i ? "," : "",
		    finding_name(f->id), (int)f->id - F_URL_MALFORMED, level(f->sev));
		out_json_cstr(fp, f->message);
		fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", fp);
		uri(fp, f->file);
		fprintf(fp, "}, \"region\": {\"startLine\": %ld, \"startColumn\": %ld}}}]",
		    f->line, f->col);
		if (f->fix != NULL && f->fixed_src != NULL && f->span_end_col > 0) {
			fputs(", \"fixes\": [{\"description\": {\"text\": ", fp);
			out_json_cstr(fp, f->fix);
			fputs("}, \"artifactChanges\": [{\"artifactLocation\": {\"uri\": ", fp);
			uri(fp, f->file);
			fprintf(fp, "}, \"replacements\": [{\"deletedRegion\": {\"startLine\": %ld, "
			    "\"startColumn\": %ld, \"endLine\": %ld, \"endColumn\": %ld}, "
			    "\"insertedContent\": {\"text\": ", f->span_line, f->span_col,
			    f->span_line, f->span_end_col);
			out_json_cstr(fp, f->fixed_src);
			fputs("}}]}]}]", fp);
		}
		fputc('}', fp);
	}
	fputs(run->nfindings ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", fp);
}
