/* GitHub Actions workflow commands: one ::error/::warning/::notice
 * annotation per finding, then the summary as a plain log line.  Control
 * and bidirectional characters other than the line breaks the format
 * escapes are shown as '?' (linkrep_hidden). */
#include "i18n.h"
#include "linkrep.h"

/* Escapes a workflow command's message (prop 0) or a property value (1). */
static void
esc(struct linkrep_buf *w, const char *s, int prop)
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
		linkrep_put(w, run, (size_t)(s - run));
		if (c == '%')
			linkrep_put(w, "%25", 3);
		else if (c == '\r')
			linkrep_put(w, "%0D", 3);
		else if (c == '\n')
			linkrep_put(w, "%0A", 3);
		else if (c == ':')
			linkrep_put(w, "%3A", 3);
		else if (c == ',')
			linkrep_put(w, "%2C", 3);
		else {
			linkrep_putc(w, '?');
			s += k - 1;
		}
		run = s + 1;
	}
	linkrep_put(w, run, (size_t)(s - run));
}

void
linkrep_github(FILE *fp, const struct linkrep_run *run)
{
	static const char *const cmd[] = { "notice", "warning", "error" };
	struct linkrep_buf w;
	size_t i;

	linkrep_buf_init(&w, fp);
	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		linkrep_put(&w, "::", 2);
		linkrep_puts(&w, cmd[f->sev]);
		linkrep_puts(&w, " file=");
		esc(&w, f->file, 1);
		linkrep_puts(&w, ",line=");
		linkrep_putnum(&w, f->line);
		linkrep_puts(&w, ",col=");
		linkrep_putnum(&w, f->col);
		linkrep_puts(&w, ",title=");
		esc(&w, finding_name(f->id), 1);
		linkrep_put(&w, "::", 2);
		esc(&w, f->message, 0);
		if (f->fix != NULL) {
			linkrep_put(&w, " (", 2);
			esc(&w, _("fix: "), 0);
			esc(&w, f->fix, 0);
			linkrep_putc(&w, ')');
		}
		linkrep_putc(&w, '\n');
	}
	linkrep_flush(&w);
	if (run->quiet)
		return;
	fputs("utm-audit links: ", fp);
	linkrep_summary(fp, run);
	fputc('\n', fp);
}
