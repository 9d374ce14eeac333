/* GitHub Actions workflow commands: one ::error/::warning/::notice
 * annotation per finding, then the summary as a plain log line.  Control
 * and bidirectional characters other than the line breaks the format
 * escapes are shown as '?' (linkrep_hidden). */
#include "i18n.h"
#include "linkrep.h"

/* Escapes a workflow command's message (prop 0) or a property value (1). */
static void
esc(FILE *fp, const char *s, int prop)
{
	const char *run = s;
	size_t k;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		/* most bytes go as they are, in runs */
		if (c >= 0x20 && c < 0x7f && c != '%' && c != ':' && c != ',')
			continue;
		if (c >= 0x80 && c != 0xc2 && c != 0xe2)
			continue;
		k = 0;
		if (c != '%' && c != '\r' && c != '\n' && c != ':' && c != ',' &&
		    (k = linkrep_hidden(s)) == 0)
			continue;
		if (!prop && (c == ':' || c == ','))
			continue;
		fwrite(run, 1, (size_t)(s - run), fp);
		if (c == '%')
			fputs("%25", fp);
		else if (c == '\r')
			fputs("%0D", fp);
		else if (c == '\n')
			fputs("%0A", fp);
		else if (c == ':')
			fputs("%3A", fp);
		else if (c == ',')
			fputs("%2C", fp);
		else {
			putc('?', fp);
			s += k - 1;
		}
		run = s + 1;
	}
	fwrite(run, 1, (size_t)(s - run), fp);
}

void
linkrep_github(FILE *fp, const struct linkrep_run *run)
{
	static const char *const cmd[] = { "notice", "warning", "error" };
	size_t i;

	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		fputs("::", fp);
		fputs(cmd[f->sev], fp);
		fputs(" file=", fp);
		esc(fp, f->file, 1);
		fputs(",line=", fp);
		linkrep_num(fp, f->line);
		fputs(",col=", fp);
		linkrep_num(fp, f->col);
		fputs(",title=", fp);
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
