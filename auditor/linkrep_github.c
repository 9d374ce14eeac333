/* GitHub Actions workflow commands: one ::error/::warning/::notice
 * annotation per finding, then the summary as a plain log line. */
#include "i18n.h"
#include "linkrep.h"

/* Escapes a workflow command's message (prop 0) or a property value (1). */
static void
esc(FILE *fp, const char *s, int prop)
{
	for (; *s != '\0'; s++) {
		if (*s == '%')
			fputs("%25", fp);
		else if (*s == '\r')
			fputs("%0D", fp);
		else if (*s == '\n')
			fputs("%0A", fp);
		else if (prop && *s == ':')
			fputs("%3A", fp);
		else if (prop && *s == ',')
			fputs("%2C", fp);
		else
			fputc(*s, fp);
	}
}

void
linkrep_github(FILE *fp, const struct linkrep_run *run)
{
	static const char *const cmd[] = { "notice", "warning", "error" };
	size_t i;

	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		fprintf(fp, "::%s file=", cmd[f->sev]);
		esc(fp, f->file, 1);
		fprintf(fp, ",line=%ld,col=%ld,title=", f->line, f->col);
		esc(fp, finding_name(f->id), 1);
		fputs("::", fp);
		esc(fp, f->message, 0);
		if (f->fix != NULL) {
			fputs(" (", fp);
			esc(fp, _("fix: "), 0);
			esc(fp, f->fix, 0);
			fputc(')', fp);
		}
		fputc('\n', fp);
	}
	if (run->quiet)
		return;
	fputs("utm-audit links: ", fp);
	linkrep_summary(fp, run);
	fputc('\n', fp);
}
