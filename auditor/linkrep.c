#include "linkrep.h"

#include <string.h>

static const struct linkrep_format formats[] = {
	{ "text",	linkrep_text,	0 },
	{ "json",	linkrep_json,	0 },
	{ "sarif",	linkrep_sarif,	0 },
	{ "junit",	linkrep_junit,	1 },
	{ "github",	linkrep_github,	0 },
	{ "md",		linkrep_md,	0 },
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
	fprintf(fp, "%zu %s in %zu %s: ", run->nlinks,
	    linkrep_plural(run->nlinks, "link", "links"), run->nfiles,
	    linkrep_plural(run->nfiles, "file", "files"));
	if (run->nfindings == 0)
		fputs("no problems", fp);
	else {
		fprintf(fp, "%zu %s, %zu %s", run->count[SEV_ERROR],
		    linkrep_plural(run->count[SEV_ERROR], "error", "errors"),
		    run->count[SEV_WARNING],
		    linkrep_plural(run->count[SEV_WARNING], "warning", "warnings"));
		if (run->count[SEV_NOTE] > 0)
			fprintf(fp, ", %zu %s", run->count[SEV_NOTE],
			    linkrep_plural(run->count[SEV_NOTE], "note", "notes"));
	}
	if (run->fixed_mode)
		fprintf(fp, "; fixed %zu %s", run->fixed_links,
		    linkrep_plural(run->fixed_links, "link", "links"));
	else if (run->fixable > 0)
		fprintf(fp, "; %zu fixable with --fix", run->fixable);
}
