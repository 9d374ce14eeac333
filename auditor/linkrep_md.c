/* A Markdown summary for a pull-request comment: the verdict, counts per
 * check, and the findings in a collapsed table (at most MD_MAX rows). */
#include "i18n.h"
#include "linkrep.h"

#define MD_MAX	100

/* Text for a table cell: Markdown and HTML specials escaped, line breaks
 * as spaces, other control and bidirectional characters as '?'
 * (linkrep_hidden). */
static void
cell(FILE *fp, const char *s)
{
	size_t k;

	for (; *s != '\0'; s++) {
		if (*s != '\n' && *s != '\r' && (k = linkrep_hidden(s)) > 0) {
			fputc('?', fp);
			s += k - 1;
			continue;
		}
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

	fprintf(fp, "### utm-audit links: %s\n\n", run->passed ? _("passed") : _("failed"));
	linkrep_summary(fp, run);
	fputs(".  ", fp);
	fprintf(fp, _("The gate is `--fail-on %s`."), finding_sev_name(run->fail_on));
	fputc('\n', fp);
	if (run->nfindings == 0)
		return;
	for (i = 0; i < run->nfindings; i++)
		seen[run->findings[i].id] |= 1u << run->findings[i].sev;
	fprintf(fp, "\n| %s | %s | %s |\n|---|---|---:|\n", _("check"), _("severity"),
	    _("count"));
	for (id = F_URL_MALFORMED; id < F__COUNT; id++) {
		if (run->by_id[id] == 0)
			continue;
		fprintf(fp, "| `%s` | ", finding_name((enum finding_id)id));
		for (s = SEV_ERROR, n = 0; s >= SEV_NOTE; s--)
			if (seen[id] & 1u << s)
				fprintf(fp, "%s%s", n++ ? ", " : "",
				    finding_sev_label((enum finding_sev)s));
		fprintf(fp, " | %zu |\n", run->by_id[id]);
	}
	fputs("\n<details><summary>", fp);
	fprintf(fp, ngettext("%zu finding", "%zu findings", run->nfindings), run->nfindings);
	fputs("</summary>\n\n", fp);
	fprintf(fp, "| %s | %s | %s | %s |\n|---|---|---|---|\n", _("where"), _("severity"),
	    _("check"), _("message"));
	for (i = 0; i < run->nfindings && i < MD_MAX; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		fputs("| ", fp);
		cell(fp, f->file);
		fprintf(fp, ":%ld:%ld | %s | `%s` | ", f->line, f->col,
			    finding_sev_label(f->sev), finding_name(f->id));
		cell(fp, f->message);
		if (f->fix != NULL) {
			/* TRANSLATORS: before what --fix would do. */
			fprintf(fp, " (%s", _("fix: "));
			cell(fp, f->fix);
			fputc(')', fp);
		}
		fputs(" |\n", fp);
	}
	if (run->nfindings > MD_MAX)
		fprintf(fp, _("\n... and %zu more: run `utm-audit links` locally for all of them.\n"),
		    run->nfindings - MD_MAX);
	fputs("\n</details>\n", fp);
}
