#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

int
diag_set(struct diag *d, const char *file, long line, long col,
    const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return -1;
	snprintf(d->file, sizeof d->file, "%s", file ? file : "");
	d->line = line;
	d->col = col;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void
diag_print(const struct diag *d, FILE *fp)
{
	fputs("utm-audit: ", fp);
	if (d->file[0] != '\0') {
		fputs(d->file, fp);
		if (d->line > 0) {
			fprintf(fp, ":%ld", d->line);
			if (d->col > 0)
				fprintf(fp, ":%ld", d->col);
		}
		fputs(": ", fp);
	}
	fprintf(fp, _("error: %s\n"), d->msg);
}
