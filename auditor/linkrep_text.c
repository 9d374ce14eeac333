/* The text report: one line per finding in the form compilers and linters
 * use (FILE:LINE:COL: SEVERITY: MESSAGE [ID]), then a summary line.  The
 * file name and the message (which quotes the input) are shown with
 * control and bidirectional characters as '?' (linkrep_hidden). */
#include "i18n.h"
#include "linkrep.h"

void
linkrep_text(FILE *fp, const struct linkrep_run *run)
{
	size_t i;

	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		/* fputs, not fprintf: a million findings are not rare */
		linkrep_text_str(fp, f->file);
		putc(':', fp);
		linkrep_num(fp, f->line);
		putc(':', fp);
		linkrep_num(fp, f->col);
		fputs(": ", fp);
		fputs(finding_sev_label(f->sev), fp);
		fputs(": ", fp);
		linkrep_text_str(fp, f->message);
		fputs(" [", fp);
		fputs(finding_name(f->id), fp);
		fputs("]\n", fp);
	}
	if (run->quiet)
		return;
	linkrep_summary(fp, run);
	fputc('\n', fp);
}
