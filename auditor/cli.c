#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "rules.h"

int
cli_fail(const struct diag *d)
{
	fflush(stdout);
	diag_print(d, stderr);
	return EXIT_USAGE;
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("utm-audit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("Try 'utm-audit %s%s--help' for more information.\n"),
	    cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

int
cli_help(const char *const *paragraphs)
{
	size_t i;

	for (i = 0; paragraphs[i] != NULL; i++) {
		if (i > 0)
			putchar('\n');
		fputs(_(paragraphs[i]), stdout);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_PASS : EXIT_USAGE;
}

void
cli_version(void)
{
	printf("utm-audit %s\n", UTM_AUDIT_VERSION);
	fputs(_("Licence: MIT.  Rules schema version 1.\n"), stdout);
	exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_USAGE);
}

struct rules *
cli_load_rules(const char *path, struct diag *d)
{
	if (path == NULL)
		return rules_load_default(d);
	return rules_load_file(path, d);
}

int
cli_parse_ulong(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s == '-' || *s == '\0')
		return -1;
	v = strtoull(s, &end, 0);
	if (*end != '\0' || errno != 0 || v > max)
		return -1;
	*out = v;
	return 0;
}
