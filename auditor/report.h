/* report: one file per output format of a leads audit, behind one small
 * interface.  Writers only read the result; values from the input are
 * escaped for the format and personal data (emails, phone numbers) is
 * printed as "[redacted]". */
#ifndef REPORT_H
#define REPORT_H
#include <stdio.h>

#include "leads.h"

/* Each writes the whole report of res to fp; 0, or -1 on a write error. */
int	report_text(FILE *fp, const struct leads_result *res);
int	report_json(FILE *fp, const struct leads_result *res);
int	report_md(FILE *fp, const struct leads_result *res);	/* PR comment, wiki */
int	report_html(FILE *fp, const struct leads_result *res);	/* one self-contained page */

/* Shared by the writers: the value, or "[redacted]" when it holds an email
 * address or a phone number.  *len is updated. */
const char *report_safe(const char *s, size_t *len);
/* Finding names of a lead's findings, joined by sep, into buf. */
void	report_reasons(uint64_t findings, const char *sep, char *buf, size_t cap);

/* Indices of a map's entries sorted by key (months in time order); the
 * array is owned by the caller (free). */
size_t	*report_order_keys(const struct map *m);

#endif
