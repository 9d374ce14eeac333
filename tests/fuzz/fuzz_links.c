/*
 * libFuzzer target for the link linter: extraction (text, CSV, Markdown,
 * HTML), every check, the fixes and the six reports, with the built-in
 * rules.  The input after one option byte is one link set.
 *
 * Option byte: bits 0-1 the kind (text, csv, md, html), bit 2 --fix, bit 3
 * --all-links, bits 4-6 the report format (text, json, sarif, junit,
 * github, md; 6 and 7: json), bit 7 --fail-on warning.
 *
 * Besides the sanitizers, it checks: links_add_mem returns 0, or -1 with a
 * message; every finding is a link check with a position (line and column
 * from 1), a known severity and a message; the counts add up; the run
 * passes exactly when nothing reaches the gate; a JSON report is one valid
 * JSON object that agrees with the run; --fix is idempotent: the links
 * it prints for a text or Markdown input, linted again as text with --fix,
 * come out unchanged; and the engine's memos and shortcuts change nothing:
 * the same input linted with links_opts.exhaustive (every value checked
 * from scratch) gives the same report and fixed links, byte for byte;
 * and a plain-text input linted in 2 to 4 pieces on as many threads
 * (links_opts.threads) gives the same report too, as does a CSV input,
 * with a head of a few bytes (links_opts.csv_head) so that a small input
 * is cut, against one thread with the same head: the pieces are read
 * speculatively, cut by quote parity, and a piece that does not check
 * out sends the rest back to libcsv in one reader.
 *
 *	make fuzz-smoke FUZZ_TARGETS=links
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "linkrep.h"
#include "links.h"
#include "rules.h"
#include "../suites/tjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(e)	do { if (!(e)) { \
	fprintf(stderr, "fuzz_links: %s:%d: %s\n", __FILE__, __LINE__, #e); \
	abort(); } } while (0)

static const char *const names[] = { "in.txt", "in.csv", "in.md", "in.html" };
static const char *const formats[] = { "text", "json", "sarif", "junit",
	"github", "md", "json", "json" };

static struct rules *
rules(void)
{
	static struct rules *r;
	struct diag d;

	if (r == NULL) {
		r = rules_load_default(&d);
		CHECK(r != NULL);
	}
	return r;
}

/* The member key of obj, which must be there. */
static const struct tj *
member(const struct tj *obj, const char *key)
{
	const struct tj *v = tj_get(obj, key);

	CHECK(v != NULL);
	return v;
}

/* Lints buf (exhaustive, threads, head: links_opts); returns the fixed links
 * (with fix) in *fixed and, when report is not NULL, the report in *report,
 * both owned by the caller. */
static int
lint(const char *name, const char *buf, size_t len, int opt, int exhaustive,
    unsigned threads, size_t head, char **fixed, size_t *fixedlen, char **report, size_t *reportlen)
{
	const struct linkrep_format *fmt = linkrep_find(formats[opt >> 4 & 7]);
	const struct linkrep_run *run;
	struct links_opts o;
	struct links *l;
	struct diag d;
	FILE *fp = NULL, *rp;
	char *rep = NULL;
	size_t i, replen = 0, sum[3] = { 0, 0, 0 };
	int rc, gate = 0;

	memset(&o, 0, sizeof o);
	o.fail_on = opt & 0x80 ? SEV_WARNING : SEV_ERROR;
	o.fix = (opt & 4) != 0;
	o.all_links = (opt & 8) != 0;
	o.format = fmt->name;
	o.exhaustive = exhaustive;
	o.threads = threads;
	o.csv_head = head;
	l = links_new(rules(), &o);
	*fixed = NULL;
	*fixedlen = 0;
	if (o.fix) {
		fp = open_memstream(fixed, fixedlen);
		CHECK(fp != NULL);
		links_set_fix_output(l, fp);
	}
	memset(&d, 0, sizeof d);
	rc = links_add_mem(l, name, buf, len, &d);
	CHECK(rc == 0 || rc == -1);
	if (rc == -1)
		CHECK(d.msg[0] != '\0');
	run = links_finish(l);
	for (i = 0; i < run->nfindings; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		CHECK(f->id >= F_URL_MALFORMED && f->id < F__COUNT);
		CHECK(f->sev <= SEV_ERROR);
		CHECK(f->line >= 1 && f->col >= 1);
		CHECK(f->message != NULL && f->message[0] != '\0');
		CHECK(f->link_index < run->nlinks);
		CHECK(f->fix == NULL || f->fix[0] != '\0');
		sum[f->sev]++;
		if (f->sev >= run->fail_on)
			gate = 1;
		if (i > 0)
			CHECK(f->line > f[-1].line || (f->line == f[-1].line &&
			    f->col >= f[-1].col));
	}
	CHECK(sum[0] == run->count[0] && sum[1] == run->count[1] &&
	    sum[2] == run->count[2]);
	CHECK(run->passed == !gate);
	if (fmt->needs_links)
		CHECK(run->links != NULL || run->nlinks == 0);
	rp = open_memstream(&rep, &replen);
	CHECK(rp != NULL);
	fmt->write(rp, run);
	CHECK(fclose(rp) == 0);
	CHECK(memchr(rep, '\0', replen) == NULL);
	if (strcmp(fmt->name, "json") == 0) {
		struct tj *j = tj_parse(rep, replen);
		const struct tj *s;
		CHECK(j != NULL && j->type == TJ_OBJ);
		s = member(j, "summary");
		CHECK((size_t)member(s, "links")->num == run->nlinks);
		CHECK((size_t)member(s, "errors")->num == run->count[SEV_ERROR]);
		CHECK(member(j, "findings")->n == run->nfindings);
		CHECK(member(j, "passed")->b == run->passed);
		tj_free(j);
	}
	if (report != NULL) {
		*report = rep;
		*reportlen = replen;
	} else
		free(rep);
	links_free(l);
	if (fp != NULL)
		CHECK(fclose(fp) == 0);
	return rc;
}

/* buf linted in 2 to 4 pieces gives rc and the report rep[0..replen). */
static void
same_in_pieces(const char *name, const uint8_t *buf, size_t len, int opt,
    size_t head, int rc, const char *rep, size_t replen)
{
	char *xfixed, *xrep;
	size_t xflen, xreplen;

	CHECK(lint(name, (const char *)buf, len, opt, 0, 2 + (unsigned)(len % 3),
	    head, &xfixed, &xflen, &xrep, &xreplen) == rc);
	if (xreplen != replen || memcmp(xrep, rep, replen) != 0) {
		fprintf(stderr, "fuzz_links: pieces differ:\n%.*s---\n%.*s",
		    (int)replen, rep, (int)xreplen, xrep);
		abort();
	}
	free(xrep);
	free(xfixed);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *fixed, *fixed_h, *again = NULL, *rep, *xfixed, *xrep;
	size_t flen, hflen, alen, replen, xflen, xreplen;
	int opt, rc;

	if (size < 1 || size > (1u << 16))
		return 0;
	opt = data[0];
	rc = lint(names[opt & 3], (const char *)data + 1, size - 1, opt, 0, 1, 0,
	    &fixed, &flen, &rep, &replen);
	/* the memos and shortcuts change nothing */
	CHECK(lint(names[opt & 3], (const char *)data + 1, size - 1, opt, 1, 1, 0,
	    &xfixed, &xflen, &xrep, &xreplen) == rc);
	CHECK(xreplen == replen && memcmp(xrep, rep, replen) == 0);
	CHECK((xfixed == NULL) == (fixed == NULL));
	if (fixed != NULL)
		CHECK(xflen == flen && memcmp(xfixed, fixed, flen) == 0);
	free(xrep);
	free(xfixed);
	/* nor do pieces on threads */
	if ((opt & 3) == 0 && !(opt & 4))
		same_in_pieces(names[0], data + 1, size - 1, opt, 0, rc, rep, replen);
	free(rep);
	if ((opt & 3) == 1 && !(opt & 4)) {
		size_t head = 1 + size % 61;
		rc = lint(names[1], (const char *)data + 1, size - 1, opt, 0, 1, head,
		    &fixed_h, &hflen, &rep, &replen);
		free(fixed_h);
		same_in_pieces(names[1], data + 1, size - 1, opt, head, rc, rep, replen);
		free(rep);
	}
	/* Only text and Markdown links never hold a line break, so only
	 * their fixed links print one a line. */
	if (fixed != NULL && flen > 0 && memchr(fixed, '\0', flen) == NULL &&
	    ((opt & 3) == 0 || (opt & 3) == 2)) {
		/* --fix again over its own output: nothing more to fix.  An
		 * empty link (an empty CSV cell) prints as an empty line,
		 * which plain text skips: drop those first. */
		size_t i, k = 0;
		for (i = 0; i < flen; i++)
			if (!(fixed[i] == '\n' && (k == 0 || fixed[k - 1] == '\n')))
				fixed[k++] = fixed[i];
		flen = k;
		/* (a link that starts with a byte order mark loses it, and
		 * bytes that look like a UTF-16 one are refused) */
		if ((flen < 3 || memcmp(fixed, "\xef\xbb\xbf", 3) != 0) &&
		    lint("fixed.txt", fixed, flen, (opt & ~3) | 4, 0, 1, 0, &again, &alen,
		    NULL, NULL) == 0 &&
		    (alen != flen || memcmp(again, fixed, flen) != 0)) {
			fprintf(stderr, "fuzz_links: --fix is not idempotent:\n%.*s---\n%.*s",
			    (int)flen, fixed, (int)alen, again);
			abort();
		}
		free(again);
	}
	free(fixed);
	return 0;
}
