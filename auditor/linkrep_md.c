/* A Markdown summary for a pull-request comment: the verdict, counts per
 * check, and the findings in a collapsed table (at most MD_MAX rows). */
#include "linkrep.h"

#define MD_MAX	100

/* Text for a table cell: Markdown and HTML specials escaped, line breaks
 * as spaces. */
static void
cell(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '&':
			fputs("&amp;", fp);
			break;
		case '\n':
		case '\r':
			fputc(' ', fp);
			break;
		case '\\': case '*': case '_': case '[': case ']': case '|':
		case '`': case '#': case '~':
			fputc('\\', fp);
			fputc(*s, fp);
			break;
		default:
			fputc(*s, fp);
		}
	}
}

void
linkrep_md(FILE *fp, const struct linkrep_run *run)
{
	unsigned seen[F__COUNT] = { 0 };
	size_t i;
	int id, s, n;

	fprintf(fp, "### utm-audit links: %s\n\n", run->passed ? "passed" : "failed");
	linkrep_summary(fp, run);
	fprintf(fp, ".  The gate is `--fail-on %s`.\n", finding_sev_name(run->fail_on));
	if (run->nfindings == 0)
		return;
	for (i = 0; i < run->nfindings; i++)
		seen[run->findings[i].id] |= 1u << run->findings[i].sev;
	fputs("\n| check | severity | count |\n|---|---|---:|\n", fp);
	for (id = F_URL_MALFORMED; id < F__COUNT; id++) {
		if (run->by_id[id] == 0)
			continue;
		fprintf(fp, "| `%s` | ", finding_name((enum finding_id)id));
		for (s = SEV_ERROR, n = 0; s >= SEV_NOTE; s--)
			if (seen[id] & 1u << s)
				fprintf(fp, "%s%s", n++ ? ", " : "",
				    finding_sev_name((enum finding_sev)s));
		fprintf(fp, " | %zu |\n", run->by_id[id]);
	}
	fprintf(fp, "\n<details><summary>%zu %s</summary>\n\n",
	    run->nfindings, linkrep_plural(run->nfindings, "finding", "findings"));
	fputs("| where | severity | check | message |\n|---|---|---|---|\n", fp);
	for (i = 0; i < run->nfindings && i < MD_MAX; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		fputs("| ", fp);
		cell(fp, f->file);
		fprintf(fp, ":%ld:%ld | %s | `%s` | ", f->line, f->col,
		    finding_sev_name(f->sev), finding_name(f->id));
		cell(fp, f->message);
		if (f->fix != NULL) {
			fputs(" (fix: ", fp);
			cell(fp, f->fix);
			fputc(')', fp);
		}
		fputs(" |\n", fp);
	}
	if (run->nfindings > MD_MAX)
		fprintf(fp, "\n... and %zu more: run `utm-audit links` locally for all of them.\n",
		    run->nfindings - MD_MAX);
	fputs("\n</details>\n", fp);
}
