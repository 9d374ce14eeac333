/* The text report: one line per finding in the form compilers and linters
 * use (FILE:LINE:COL: SEVERITY: MESSAGE [ID]), then a summary line. */
#include "i18n.h"
#include "linkrep.h"

void
linkrep_text(FILE *fp, const struct linkrep_run *run)
{
	size_t i;

	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		fprintf(fp, "%s:%ld:%ld: %s: %s [%s]\n", f->file, f->line, f->col,
		    finding_sev_label(f->sev), f->message, finding_name(f->id));
	}
	if (run->quiet)
		return;
	linkrep_summary(fp, run);
	fputc('\n', fp);
}
