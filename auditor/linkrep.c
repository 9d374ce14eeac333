#include "linkrep.h"

#include <string.h>

#include "i18n.h"

static const struct linkrep_format formats[] = {
	{ "text",	linkrep_text,	0, 1 },
	{ "json",	linkrep_json,	0, 0 },
	{ "sarif",	linkrep_sarif,	0, 0 },
	{ "junit",	linkrep_junit,	1, 0 },
	{ "github",	linkrep_github,	0, 1 },
	{ "md",		linkrep_md,	0, 1 },
};

const struct linkrep_format *
linkrep_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const char *
linkrep_names(void)
{
	return "text, json, sarif, junit, github, md";
}

const char *
linkrep_plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void
linkrep_summary(FILE *fp, const struct linkrep_run *run)
{
	char a[64], b[64];

	snprintf(a, sizeof a, ngettext("%zu link", "%zu links", run->nlinks), run->nlinks);
	snprintf(b, sizeof b, ngettext("%zu file", "%zu files", run->nfiles), run->nfiles);
	/* TRANSLATORS: "12 links in 1 file: ", then the counts. */
	fprintf(fp, _("%s in %s: "), a, b);
	if (run->nfindings == 0)
		fputs(_("no problems"), fp);
	else {
		fprintf(fp, ngettext("%zu error", "%zu errors", run->count[SEV_ERROR]),
		    run->count[SEV_ERROR]);
		fputs(", ", fp);
		fprintf(fp, ngettext("%zu warning", "%zu warnings", run->count[SEV_WARNING]),
		    run->count[SEV_WARNING]);
		if (run->count[SEV_NOTE] > 0) {
			fputs(", ", fp);
			fprintf(fp, ngettext("%zu note", "%zu notes", run->count[SEV_NOTE]),
			    run->count[SEV_NOTE]);
		}
	}
	if (run->fixed_mode) {
		snprintf(a, sizeof a, ngettext("%zu link", "%zu links", run->fixed_links),
		    run->fixed_links);
		fprintf(fp, _("; fixed %s"), a);
	} else if (run->fixable > 0)
		fprintf(fp, _("; %zu fixable with --fix"), run->fixable);
}
