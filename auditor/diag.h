/* diag: errors that stop a run (unreadable file, bad YAML, bad regex, usage).
 * They travel up as -1 plus a filled struct diag and end as one line on
 * stderr and exit status 2.  Problems in the data are findings, not diags. */
#ifndef DIAG_H
#define DIAG_H
#include <stdio.h>

struct diag {
	char	file[512];	/* "" when the error has no file */
	long	line;		/* 1-based; 0 when unknown */
	long	col;		/* 1-based; 0 when unknown */
	char	msg[1024];
};

/* Fills d (when d is not NULL) and returns -1, so callers can write
 * `return diag_set(d, ...);`.  file may be NULL. */
int	diag_set(struct diag *d, const char *file, long line, long col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Prints "utm-audit: FILE:LINE:COL: error: MSG" on fp. */
void	diag_print(const struct diag *d, FILE *fp);

#endif
