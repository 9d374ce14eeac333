/* JUnit XML: a test suite per file and a test case per link.  A link fails
 * when it has a finding at or above the gate (one <failure> listing all its
 * findings); a link with only findings below the gate passes and lists
 * them in <system-out>.  No times: the report does not depend on the clock. */
#include "linkrep.h"

#include <stdlib.h>

#include "out.h"
#include "xalloc.h"

static void
line(FILE *fp, const struct linkrep_finding *f)
{
	char buf[64];

	snprintf(buf, sizeof buf, ":%ld:%ld: %s: ", f->line, f->col,
	    finding_sev_name(f->sev));
	out_xml_cstr(fp, f->file);
	out_xml_cstr(fp, buf);
	out_xml_cstr(fp, f->message);
	fputs(" [", fp);
	out_xml_cstr(fp, finding_name(f->id));
	fputs("]\n", fp);
}

void
linkrep_junit(FILE *fp, const struct linkrep_run *run)
{
	size_t *first, *next, *nfail, i, j, k, nl = run->nlinks, start, tests, fails;
	const size_t none = (size_t)-1;
	char pos[64];

	/* The findings of each link, in report order. */
	first = xcalloc(nl + 1, sizeof *first);
	next = xcalloc(run->nfindings + 1, sizeof *next);
	nfail = xcalloc(nl + 1, sizeof *nfail);
	for (i = 0; i <= nl; i++)
		first[i] = none;
	for (i = run->nfindings; i-- > 0; ) {
		const struct linkrep_finding *f = &run->findings[i];
		k = f->link_index < nl ? f->link_index : nl;
		next[i] = first[k];
		first[k] = i;
		if (f->sev >= run->fail_on)
			nfail[k]++;
	}
	for (i = 0, fails = 0; i < nl; i++)
		fails += nfail[i] > 0;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
	fprintf(fp, "<testsuites name=\"utm-audit links\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\">\n", nl, fails);
	for (i = 0; i < nl && run->links != NULL; i = j) {
		const char *file = run->links[i].file;
		for (j = i, tests = 0, fails = 0; j < nl && run->links[j].file == file; j++) {
			tests++;
			fails += nfail[j] > 0;
		}
		fputs("  <testsuite name=\"", fp);
		out_xml_cstr(fp, file);
		fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
		    tests, fails);
		for (start = i; start < j; start++) {
			const struct linkrep_link *lk = &run->links[start];
			snprintf(pos, sizeof pos, ":%ld:%ld ", lk->line, lk->col);
			fputs("    <testcase classname=\"", fp);
			out_xml_cstr(fp, file);
			fputs("\" name=\"", fp);
			out_xml_cstr(fp, file);
			out_xml_cstr(fp, pos);
			out_xml_cstr(fp, lk->text ? lk->text : "");
			if (first[start] == none) {
				fputs("\"/>\n", fp);
				continue;
			}
			fputs("\">\n", fp);
			if (nfail[start] > 0) {
				for (k = first[start]; run->findings[k].sev < run->fail_on; k = next[k])
					;
				fputs("      <failure type=\"", fp);
				out_xml_cstr(fp, finding_name(run->findings[k].id));
				fputs("\" message=\"", fp);
				out_xml_cstr(fp, run->findings[k].message);
				fputs("\">", fp);
				for (k = first[start]; k != none; k = next[k])
					line(fp, &run->findings[k]);
				fputs("</failure>\n", fp);
			} else {
				fputs("      <system-out>", fp);
				for (k = first[start]; k != none; k = next[k])
					line(fp, &run->findings[k]);
				fputs("</system-out>\n", fp);
			}
			fputs("    </testcase>\n", fp);
		}
		fputs("  </testsuite>\n", fp);
	}
	fputs("</testsuites>\n", fp);
	free(first);
	free(next);
	free(nfail);
}
