/* The text report: one line per finding in the form compilers and linters
 * use (FILE:LINE:COL: SEVERITY: MESSAGE [ID]), then a summary line.  The
 * file name and the message (which quotes the input) are shown with
 * control and bidirectional characters as '?' (linkrep_hidden). */
#include "i18n.h"
#include "linkrep.h"

void
linkrep_text(FILE *fp, const struct linkrep_run *run)
{
	struct linkrep_buf w;
	size_t i;

	linkrep_buf_init(&w, fp);
	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		linkrep_puttext(&w, f->file);
		linkrep_putc(&w, ':');
		linkrep_putnum(&w, f->line);
		linkrep_putc(&w, ':');
		linkrep_putnum(&w, f->col);
		linkrep_put(&w, ": ", 2);
		linkrep_puts(&w, finding_sev_label(f->sev));
		linkrep_put(&w, ": ", 2);
		linkrep_puttext(&w, f->message);
		linkrep_put(&w, " [", 2);
		linkrep_puts(&w, finding_name(f->id));
		linkrep_put(&w, "]\n", 2);
	}
	linkrep_flush(&w);
	if (run->quiet)
		return;
	linkrep_summary(fp, run);
	fputc('\n', fp);
}
