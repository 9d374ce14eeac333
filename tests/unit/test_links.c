/* Unit tests for links: every check on a link of its own (ids and
 * severities), the certain fixes, the set-level checks, the detectors, and
 * the gate.  The rules are written here, so the built-in rules can change
 * without breaking these tests. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "channel.h"
#include "finding.h"
#include "out.h"
#include "linkrep.h"
#include "links.h"
#include "rules.h"
#include "testutil.h"

#define RULES_BASE \
	"version: 1\n" \
	"sources:\n" \
	"  linkedin: {category: social, aliases: [li, lnkd.in], patterns: ['^linkedin_[a-z]+$']}\n" \
	"  google: {category: search, aliases: [adwords]}\n" \
	"  facebook: {category: social, aliases: [fb]}\n" \
	"  newsletter: {category: email}\n" \
	"  Trade Show: {category: event}\n" \
	"mediums:\n" \
	"  social: {}\n" \
	"  cpc: {aliases: [ppc]}\n" \
	"  email: {aliases: [e-mail]}\n" \
	"  paid_social: {}\n" \
	"vague:\n" \
	"  values: [unknown, other, (not set)]\n" \
	"campaign:\n" \
	"  pattern: '^[a-z0-9][a-z0-9_.-]{2,40}$'\n" \
	"links:\n"
#define RULES	RULES_BASE "  required: [utm_source, utm_medium, utm_campaign]\n"

#define OK	"https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026"

/* What linting one input produced. */
struct res {
	char	ids[2048];	/* "id:severity" sorted, comma-separated */
	char	first_msg[512];	/* the first finding's message */
	char	first_fix[512];	/* its fix, or "" */
	char	pos[64];	/* "LINE:COL" of the first finding */
	char	fixed[4096];	/* with fix: the links printed, else "" */
	int	passed;
	size_t	nlinks;
};

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lints input (named name, so the kind follows the extension) with the
 * rules yaml (NULL: RULES). */
static void
lint(const char *yaml, const char *name, const char *input, int fix,
    int fail_on, struct res *res)
{
	struct rules *r = tu_rules(yaml ? yaml : RULES);
	struct links_opts o;
	const struct linkrep_run *run;
	struct links *l;
	struct diag d;
	char *ids[256], *buf = NULL;
	size_t i, n, blen = 0;
	FILE *fp = NULL;

	memset(res, 0, sizeof *res);
	memset(&o, 0, sizeof o);
	o.fail_on = fail_on;
	o.fix = fix;
	l = links_new(r, &o);
	if (fix) {
		fp = open_memstream(&buf, &blen);
		assert_non_null(fp);
		links_set_fix_output(l, fp);
	}
	memset(&d, 0, sizeof d);
	if (links_add_mem(l, name, input, strlen(input), &d) != 0) {
		print_error("%s:%ld:%ld: %s\n", d.file, d.line, d.col, d.msg);
		fail();
	}
	run = links_finish(l);
	n = run->nfindings < 256 ? run->nfindings : 256;
	for (i = 0; i < n; i++) {
		const struct linkrep_finding *f = &run->findings[i];
		ids[i] = malloc(64);
		snprintf(ids[i], 64, "%s:%s", finding_name(f->id),
		    finding_sev_name(f->sev));
	}
	qsort(ids, n, sizeof *ids, cmpstr);
	for (i = 0; i < n; i++) {
		if (i)
			strcat(res->ids, ",");
		strcat(res->ids, ids[i]);
		free(ids[i]);
	}
	if (run->nfindings > 0) {
		const struct linkrep_finding *f = &run->findings[0];
		snprintf(res->first_msg, sizeof res->first_msg, "%s", f->message);
		snprintf(res->first_fix, sizeof res->first_fix, "%s", f->fix ? f->fix : "");
		snprintf(res->pos, sizeof res->pos, "%ld:%ld", f->line, f->col);
	}
	res->passed = run->passed;
	res->nlinks = run->nlinks;
	links_free(l);
	rules_free(r);
	if (fp != NULL) {
		fclose(fp);
		snprintf(res->fixed, sizeof res->fixed, "%s", buf ? buf : "");
		free(buf);
	}
}

/* ---- one link, one check ---- */

struct ccase {
	const char	*link;
	const char	*ids;		/* sorted "id:severity" list */
	const char	*fixed;		/* what --fix prints; NULL: unchanged */
};

static const struct ccase ccases[] = {
	{ OK, "", NULL },
	{ OK "&utm_content=banner_a&utm_term=b2b+crm&gclid=Abc", "", NULL },
	/* url-malformed */
	{ "example.com/?utm_source=linkedin", "url-malformed:error", NULL },
	{ "ftp://example.com/file", "url-malformed:error", NULL },
	{ "https:///?utm_source=linkedin", "url-malformed:error", NULL },
	{ "https://exa mple.com/", "url-malformed:error", NULL },
	{ "https://example.com:99999/", "url-malformed:error", NULL },
	{ "https://example.com/a b?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026",
	    "url-malformed:error", NULL },
	{ "mailto:someone", "url-malformed:error", NULL },
	/* utm-missing (one finding for all), utm-empty */
	{ "https://example.com/?utm_source=linkedin&utm_medium=social", "utm-missing:error", NULL },
	{ "https://example.com/", "utm-missing:error", NULL },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=",
	    "utm-empty:error", NULL },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign",
	    "utm-empty:error", NULL },
	{ "https://example.com/?utm_source=+&utm_medium=social&utm_campaign=spring_2026",
	    "utm-empty:error", NULL },
	/* utm-duplicate: warning and fixed when equal, error when not */
	{ OK "&utm_source=linkedin", "utm-duplicate:warning", OK },
	{ OK "&utm_source=facebook", "utm-duplicate:error", NULL },
	/* utm-in-fragment: moved into the query, the anchor kept */
	{ "https://example.com/p#utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026",
	    "utm-in-fragment:error",
	    "https://example.com/p?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026" },
	{ "https://example.com/p?a=1#top?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026",
	    "utm-in-fragment:error",
	    "https://example.com/p?a=1&utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026#top" },
	{ "https://example.com/?utm_source=linkedin#utm_medium=social&utm_campaign=spring_2026&x=1",
	    "utm-in-fragment:error",
	    "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026#x=1" },
	/* ... with a value fix carried along */
	{ "https://example.com/#utm_source=LI&utm_medium=social&utm_campaign=spring_2026",
	    "source-alias:warning,utm-in-fragment:error",
	    "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026" },
	/* ... not moved when the query says otherwise */
	{ OK "#utm_source=facebook", "utm-in-fragment:error", NULL },
	/* macro-unresolved, every platform's spelling */
	{ "https://example.com/?utm_source=facebook&utm_medium=paid_social&utm_campaign={{campaign.name}}",
	    "macro-unresolved:error", NULL },
	{ "https://example.com/?utm_source=google&utm_medium=cpc&utm_campaign={campaignid}&utm_term={keyword}",
	    "macro-unresolved:error,macro-unresolved:error", NULL },
	{ "https://example.com/?utm_source=google&utm_medium=cpc&utm_campaign=%%CAMPAIGN_ID%%",
	    "macro-unresolved:error", NULL },
	{ "https://example.com/?utm_source=newsletter&utm_medium=email&utm_campaign=*|CAMPAIGN_UID|*",
	    "macro-unresolved:error", NULL },
	{ "https://example.com/?utm_source=newsletter&utm_medium=email&utm_campaign=[[campaign]]",
	    "macro-unresolved:error", NULL },
	{ "https://example.com/?utm_source=facebook&utm_medium=paid_social&utm_campaign=__CAMPAIGN_NAME__",
	    "macro-unresolved:error", NULL },
	{ "https://example.com/?utm_source=facebook&utm_medium=paid_social&utm_campaign=%7B%7Bad.name%7D%7D",
	    "macro-unresolved:error", NULL },
	{ "{lpurl}?utm_source=google&utm_medium=cpc&utm_campaign=spring_2026",
	    "macro-unresolved:error", NULL },
	/* bad-encoding, double-encoded, html-entity */
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring%GG",
	    "bad-encoding:error", NULL },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring%2",
	    "bad-encoding:error", NULL },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026&utm_content=caf%C3",
	    "bad-encoding:error", NULL },
	{ "https://example.com/?utm_source=caf\xe9&utm_medium=social&utm_campaign=spring_2026",
	    "bad-encoding:error", NULL },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring%2520sale",
	    "double-encoded:warning", NULL },
	{ "https://example.com/?utm_source=linkedin&amp;utm_medium=social&amp;utm_campaign=spring_2026",
	    "html-entity:warning", OK },
	/* param-name: case and separators fixed, a typo only reported */
	{ "https://example.com/?UTM_Source=linkedin&utm-medium=social&utmCampaign=spring_2026",
	    "param-name:warning,param-name:warning,param-name:warning", OK },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campain=spring_2026",
	    "param-name:warning", NULL },
	/* sources */
	{ "https://example.com/?utm_source=unknown&utm_medium=social&utm_campaign=spring_2026",
	    "source-vague:error", NULL },
	{ "https://example.com/?utm_source=(not%20set)&utm_medium=cpc&utm_campaign=spring_2026",
	    "source-vague:error", NULL },
	{ "https://example.com/?utm_source=linkdin&utm_medium=social&utm_campaign=spring_2026",
	    "source-unknown:warning", NULL },
	{ "https://example.com/?utm_source=lnkd.in&utm_medium=social&utm_campaign=spring_2026",
	    "source-alias:warning", OK },
	{ "https://example.com/?utm_source=linkedin_ads&utm_medium=social&utm_campaign=spring_2026",
	    "source-alias:warning", OK },
	/* the rules' spelling is the normal form of a known source */
	{ "https://example.com/?utm_source=trade-show&utm_medium=email&utm_campaign=spring_2026",
	    "not-normalized:warning",
	    "https://example.com/?utm_source=Trade%20Show&utm_medium=email&utm_campaign=spring_2026" },
	{ "https://example.com/?utm_source=Trade+Show&utm_medium=email&utm_campaign=spring_2026",
	    "", NULL },
	{ "https://example.com/?utm_source=linkedin+&utm_medium=social&utm_campaign=spring_2026",
	    "not-normalized:warning", OK },
	/* mediums */
	{ "https://example.com/?utm_source=google&utm_medium=ppc&utm_campaign=spring_2026",
	    "medium-alias:warning",
	    "https://example.com/?utm_source=google&utm_medium=cpc&utm_campaign=spring_2026" },
	{ "https://example.com/?utm_source=newsletter&utm_medium=banner_x&utm_campaign=spring_2026",
	    "ga4-unassigned:warning,medium-unknown:warning", NULL },
	/* campaign-pattern, not-normalized */
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=ab",
	    "campaign-pattern:error", NULL },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=Spring+Sale",
	    "campaign-pattern:error,not-normalized:warning", NULL },
	{ "https://example.com/?utm_source=%20linkedin&utm_medium=Social&utm_campaign=spring_2026",
	    "ga4-unassigned:warning,not-normalized:warning,not-normalized:warning", OK },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=SPRING_2026",
	    "campaign-pattern:error,not-normalized:warning", OK },
	{ "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026&utm_source_platform=Google%20Ads",
	    "not-normalized:warning", NULL },
	/* pii: the value is never quoted */
	{ OK "&utm_content=jane.doe%40example.com", "pii:error", NULL },
	{ OK "&utm_term=%2B31%20612345678", "pii:error", NULL },
	/* ga4-unassigned: GA4 compares as typed */
	{ "https://example.com/?utm_source=LI&utm_medium=Social&utm_campaign=spring_2026",
	    "ga4-unassigned:warning,not-normalized:warning,source-alias:warning", OK },
	{ "https://example.com/?utm_source=acme_portal&utm_medium=partner_x&utm_campaign=spring_2026",
	    "ga4-unassigned:warning,medium-unknown:warning,source-unknown:warning", NULL },
};

static void
test_checks(void **state)
{
	struct res res;
	size_t i;
	char want[4096];

	(void)state;
	for (i = 0; i < sizeof ccases / sizeof ccases[0]; i++) {
		const struct ccase *c = &ccases[i];
		lint(NULL, "t.txt", c->link, 0, SEV_ERROR, &res);
		if (strcmp(res.ids, c->ids) != 0) {
			print_error("case %zu: %s\n  want [%s]\n  got  [%s] (%s)\n", i,
			    c->link, c->ids, res.ids, res.first_msg);
			fail();
		}
		lint(NULL, "t.txt", c->link, 1, SEV_ERROR, &res);
		snprintf(want, sizeof want, "%s\n", c->fixed ? c->fixed : c->link);
		if (strcmp(res.fixed, want) != 0) {
			print_error("case %zu: %s\n  want fixed %s  got        %s", i,
			    c->link, want, res.fixed);
			fail();
		}
	}
}

/* A fixed link is linted again: what it still has is what --fix reports. */
static void
test_fix_then_clean(void **state)
{
	struct res res;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ccases / sizeof ccases[0]; i++) {
		char in[4096];
		if (ccases[i].fixed == NULL)
			continue;
		snprintf(in, sizeof in, "%s\n", ccases[i].fixed);
		lint(NULL, "t.txt", in, 0, SEV_WARNING, &res);
		if (strcmp(res.ids, "") != 0) {
			print_error("fixed %s still has [%s]\n", ccases[i].fixed, res.ids);
			fail();
		}
	}
}

/* ---- messages and positions ---- */

static void
test_messages(void **state)
{
	struct res res;

	(void)state;
	lint(NULL, "t.txt", "# c\n\n  https://example.com/?utm_source=LI&utm_medium=social&utm_campaign=spring_2026\n",
	    0, SEV_ERROR, &res);
	assert_string_equal(res.pos, "3:24");
	assert_string_equal(res.first_msg, "utm_source 'LI' is an alias of 'linkedin'");
	assert_string_equal(res.first_fix, "replace it with 'linkedin'");
	assert_int_equal(res.nlinks, 1);

	lint(NULL, "t.txt", "https://example.com/?utm_source=linkdin&utm_medium=social&utm_campaign=spring_2026",
	    0, SEV_ERROR, &res);
	assert_string_equal(res.first_msg,
	    "utm_source 'linkdin' is not in the rules; nearest: 'linkedin'");

	lint(NULL, "t.txt", "https://example.com/?utm_source=google&utm_medium=cpc",
	    0, SEV_ERROR, &res);
	assert_string_equal(res.first_msg, "utm_campaign is missing");
	lint(NULL, "t.txt", "https://example.com/?x=1", 0, SEV_ERROR, &res);
	assert_string_equal(res.first_msg,
	    "utm_source, utm_medium and utm_campaign are missing");

	lint(NULL, "t.txt", OK "&utm_content=jane.doe%40example.com", 0, SEV_ERROR, &res);
	assert_null(strstr(res.first_msg, "jane"));
	assert_string_equal(res.pos, "1:97");

	lint(NULL, "t.txt", "https://example.com/?utm_source=LI&utm_medium=Social&utm_campaign=spring_2026",
	    0, SEV_ERROR, &res);
	assert_string_equal(res.first_msg, "utm_source 'LI' is an alias of 'linkedin'");

	lint(NULL, "t.txt", "https://example.com/?utm_source=google&utm_medium=cpc&utm_campaign=%GG1",
	    0, SEV_ERROR, &res);
	assert_string_equal(res.first_msg, "bad %-escape '%GG' in utm_campaign");
	assert_string_equal(res.pos, "1:68");
	/* a byte that is not UTF-8 is quoted as '?', a character as it is */
	lint(NULL, "t.txt", "https://example.com/?utm_source=google&utm_medium=cpc&utm_campaign=%\xff" "1",
	    0, SEV_ERROR, &res);
	assert_string_equal(res.first_msg, "bad %-escape '%?1' in utm_campaign");
	lint(NULL, "t.txt", "https://example.com/?utm_source=google&utm_medium=cpc&utm_campaign=%\xc3\xa9" "1",
	    0, SEV_ERROR, &res);
	assert_string_equal(res.first_msg, "bad %-escape '%\xc3\xa9' in utm_campaign");
}

/* ---- set-level checks ---- */

static void
test_set(void **state)
{
	struct res res;

	(void)state;
	lint(NULL, "t.txt", OK "\n" OK "\n", 0, SEV_ERROR, &res);
	assert_string_equal(res.ids, "duplicate-link:warning");
	assert_string_equal(res.first_msg, "the same link as t.txt:1:1");
	assert_string_equal(res.pos, "2:1");
	assert_true(res.passed);

	/* LinkedIn twice, LI once, linkedin once: the canonical spelling is
	 * not flagged even when fewer links use it. */
	lint(NULL, "t.txt",
	    "https://example.com/1?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/2?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/3?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/4?utm_source=LI&utm_medium=social&utm_campaign=spring_2026\n",
	    0, SEV_ERROR, &res);
	assert_non_null(strstr(res.ids, "inconsistent:warning,inconsistent:warning"));
	assert_null(strstr(res.ids, "inconsistent:warning,inconsistent:warning,inconsistent"));

	/* After --fix they are one spelling and one link each. */
	lint(NULL, "t.txt",
	    "https://example.com/1?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/2?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/1?utm_source=LI&utm_medium=social&utm_campaign=spring_2026\n",
	    1, SEV_ERROR, &res);
	assert_string_equal(res.ids, "duplicate-link:warning");
	assert_string_equal(res.pos, "3:1");

	/* Campaigns differing in case only. */
	lint(NULL, "t.txt",
	    "https://example.com/1?utm_source=linkedin&utm_medium=social&utm_campaign=spring-2026\n"
	    "https://example.com/2?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/3?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026\n",
	    0, SEV_ERROR, &res);
	assert_string_equal(res.ids, "inconsistent:warning");
	assert_string_equal(res.first_msg, "utm_campaign is spelled 2 ways in this set: "
	    "'spring_2026' (2 links), 'spring-2026' (1)");
	assert_string_equal(res.pos, "1:61");
}

/* ---- one plain-text input in pieces on threads ---- */

/* The report (format fmt) of input as the file name, linted in threads
 * pieces with the built-in rules (name NULL: as p.txt, then its first half
 * as q.txt; a CSV's head: links_opts.csv_head); the error message instead
 * when it fails.  Owned by the caller. */
static char *
pieces_report_head(const char *name, const char *input, size_t len,
    unsigned threads, size_t head, const char *fmt)
{
	struct links_opts o;
	struct links *l;
	struct rules *r;
	struct diag d;
	char *buf = NULL;
	size_t blen = 0;
	FILE *fp = open_memstream(&buf, &blen);

	assert_non_null(fp);
	assert_non_null(r = rules_load_default(&d));
	memset(&o, 0, sizeof o);
	o.fail_on = SEV_ERROR;
	o.format = fmt;
	o.threads = threads;
	o.csv_head = head;
	l = links_new(r, &o);
	memset(&d, 0, sizeof d);
	if (links_add_mem(l, name != NULL ? name : "p.txt", input, len, &d) == 0 &&
	    (name != NULL || links_add_mem(l, "q.txt", input, len / 2, &d) == 0))
		linkrep_find(fmt)->write(fp, links_finish(l));
	else
		fprintf(fp, "%s:%ld:%ld: %s\n", d.file, d.line, d.col, d.msg);
	fclose(fp);
	links_free(l);
	rules_free(r);
	return buf;
}

static char *
pieces_report_of(const char *name, const char *input, size_t len, unsigned threads,
    const char *fmt)
{
	return pieces_report_head(name, input, len, threads, 0, fmt);
}

static char *
pieces_report(const char *input, size_t len, unsigned threads, const char *fmt)
{
	return pieces_report_of(NULL, input, len, threads, fmt);
}

static void
test_pieces(void **state)
{
	/* Every line a link: a cut falls anywhere.  Copies of a link within a
	 * piece and across pieces (the first copy in one piece, the next in
	 * another, a copy of a copy); spellings of one value spread over the
	 * pieces; personal data in a copied link (its text is redacted);
	 * CRLF, a lone CR, blank lines and comments shift the line numbers. */
	static const char input[] =
	    "\xef\xbb\xbfhttps://example.com/a?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/b?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026\r\n"
	    "# a comment\n"
	    "https://example.com/c?utm_source=LI&utm_medium=Social&utm_campaign=Spring_2026\r"
	    "https://example.com/a?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026\n"
	    "\n"
	    "  https://example.com/d?utm_source=google&utm_medium=cpc&utm_campaign=spring_2026&utm_content=jan%40example.nl\n"
	    "https://example.com/e?utm_source=fb&utm_medium=paid_social&utm_campaign=spring-2026\n"
	    "https://example.com/b?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/f?utm_source=website&utm_medium=cpc&utm_campaign=spring_2026\n"
	    "\t https://example.com/d?utm_source=google&utm_medium=cpc&utm_campaign=spring_2026&utm_content=jan%40example.nl\n"
	    "https://example.com/g?utm_source=Facebook&utm_medium=paid_social&utm_campaign=summer_2026\n"
	    "https://example.com/e?utm_source=fb&utm_medium=paid_social&utm_campaign=spring-2026\n"
	    "https://example.com/h?utm_source=linkedin&utm_medium=social&utm_campaign=SUMMER_2026\n"
	    "https://example.com/b?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026\n"
	    "example.com/i?utm_source=newsletter&utm_medium=email&utm_campaign={{campaign}}\n"
	    "https://example.com/g?utm_source=Facebook&utm_medium=paid_social&utm_campaign=summer_2026\n"
	    "https://example.com/b?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026\n"
	    "https://example.com/d?utm_source=google&utm_medium=cpc&utm_campaign=spring_2026&utm_content=jan%40example.nl";
	static const char *const fmts[] = { "json", "text", "sarif", "junit" };
	char *one, *more;
	unsigned t;
	size_t f;

	(void)state;
	for (f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		one = pieces_report(input, sizeof input - 1, 1, fmts[f]);
		assert_non_null(strstr(one, "the same link as p.txt:4:1"));
		assert_non_null(strstr(one, "the same link as p.txt:1:1"));
		for (t = 2; t <= 20; t++) {
			more = pieces_report(input, sizeof input - 1, t, fmts[f]);
			if (strcmp(one, more) != 0) {
				print_error("%s, %u pieces:\n%s\n---\n%s\n", fmts[f], t, one, more);
				fail();
			}
			free(more);
		}
		free(one);
	}
}

/* Enough findings that the end of the run takes its threads too (keys
 * sorted, report findings filled in ranges, CSV context after): the
 * report is the same for any number. */
static void
test_pieces_many(void **state)
{
	static const char *const names[] = { "many.txt", "many.csv" };
	struct buf in;
	char *one, *more;
	const char *p;
	size_t i, nf, k;
	unsigned t;

	(void)state;
	for (k = 0; k < 2; k++) {
		memset(&in, 0, sizeof in);
		if (k == 1)
			buf_add(&in, "name,url\n", 9);
		for (i = 0; i < 9000; i++) {
			if (i % 7 == 6)	/* a copy of a link far before */
				buf_printf(&in, "%shttps://example.com/p%zu?utm_source=LinkedIn&"
				    "utm_medium=Social&utm_campaign=spring_2026\n",
				    k ? "copy," : "", i / 3);
			else
				buf_printf(&in, "%shttps://example.com/p%zu?utm_source=%s&"
				    "utm_medium=Social&utm_campaign=spring_2026\n",
				    k ? "row," : "", i, i % 2 ? "LinkedIn" : "fb");
		}
		one = pieces_report_of(names[k], in.data, in.len, 1, "json");
		for (p = one, nf = 0; *p != '\0'; p++)	/* (strstr in a loop
				   is quadratic under ASan, which measures the
				   rest of the string each time) */
			nf += *p == '"' && strncmp(p, "\"severity\"", 10) == 0;
		assert_true(nf >= LINKREP_PAR_MIN);	/* so the tail runs on threads */
		for (t = 2; t <= 5; t++) {
			more = pieces_report_of(names[k], in.data, in.len, t, "json");
			assert_true(strcmp(one, more) == 0);
			free(more);
		}
		free(one);
		buf_free(&in);
	}
}

/* A CSV input in pieces: cut where small heads let them fall, and
 * read speculatively (quote parity tells where records end).  Copies of a
 * link across pieces carry their row's context and span; quoted fields
 * with commas, quotes and line breaks, CRLF, a BOM and semicolons; a
 * syntax error in a later piece is the one one reader meets, with the
 * links before it kept. */
static void
test_pieces_csv(void **state)
{
	static const char comma[] =
	    "\xef\xbb\xbfLink name,URL,Notes\r\n"
	    "a,https://example.com/a?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026,first\r\n"
	    "b,\"https://example.com/b?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026\",\"two\r\nlines, \"\"quoted\"\"\"\r\n"
	    "c,https://example.com/c?utm_source=LI&utm_medium=Social&utm_campaign=Spring_2026,\r\n"
	    "\r\n"
	    "dup of a,https://example.com/a?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026,\"x,y\"\r\n"
	    "d,  https://example.com/d?utm_source=google&utm_medium=cpc&utm_campaign=spring_2026&utm_content=jan%40example.nl ,pii\r\n"
	    "\"e \"\"quoted\"\"\",https://example.com/e?utm_source=fb&utm_medium=paid_social&utm_campaign=spring-2026,\"a\nb\nc\"\r\n"
	    "dup of b,https://example.com/b?utm_source=LinkedIn&utm_medium=social&utm_campaign=spring_2026,late\r\n"
	    "f,https://example.com/f?utm_source=website&utm_medium=cpc&utm_campaign=spring_2026,\r\n"
	    "dup of d,https://example.com/d?utm_source=google&utm_medium=cpc&utm_campaign=spring_2026&utm_content=jan%40example.nl,\"\"\r\n"
	    "g,\"https://example.com/g?utm_source=Facebook&utm_medium=paid_social&utm_campaign=summer_2026\",n\r\n"
	    "dup of e,https://example.com/e?utm_source=fb&utm_medium=paid_social&utm_campaign=spring-2026,\"\r\n\"\r\n"
	    "h,https://example.com/h?utm_source=linkedin&utm_medium=social&utm_campaign=SUMMER_2026,\r\n"
	    "dup of g,https://example.com/g?utm_source=Facebook&utm_medium=paid_social&utm_campaign=summer_2026,last";
	char semi[sizeof comma], *bad, *one, *more;
	const char *in[3];
	size_t i, head, n[3];
	unsigned t;

	(void)state;
	for (i = 0; i < sizeof comma; i++)
		semi[i] = comma[i] == ',' ? ';' : comma[i];
	/* an unterminated quote in the third last row */
	bad = strdup(comma);
	assert_non_null(bad);
	*strstr(bad, "\"\r\n\"\r\n") = 'Q';
	in[0] = comma;
	in[1] = semi;
	in[2] = bad;
	for (i = 0; i < 3; i++)
		n[i] = sizeof comma - 1;
	for (i = 0; i < 3; i++)
		for (head = 1; head < 90; head += 13) {
			one = pieces_report_head("p.csv", in[i], n[i], 1, head, "json");
			if (i == 0 || (i == 1 && head > 40))	/* (a delimiter
				   is told from the head) */
				assert_non_null(strstr(one, "\"message\": \"the same link as p.csv:8:5\""));
			else if (i == 2 && head > 40)
				assert_string_equal(one, "p.csv:17:1: unclosed quote in the field "
				    "that starts on line 17: it runs to the end of the input\n");
			for (t = 2; t <= 12; t += 1 + t / 3) {	/* 2 3 5 7 10 */
				more = pieces_report_head("p.csv", in[i], n[i], t, head, "json");
				if (strcmp(one, more) != 0) {
					print_error("input %zu, head %zu, %u pieces:\n%s\n---\n%s\n",
					    i, head, t, one, more);
					fail();
				}
				free(more);
			}
			free(one);
		}
	free(bad);
}

/* A NUL in a later piece is reported where one pass finds it. */
static void
test_pieces_error(void **state)
{
	static const char input[] =
	    OK "\n" OK "\n" OK "\n" OK "\n" OK "\n" OK "\nab\0cd\n" OK "\n" OK "\n";
	char *one, *more;
	unsigned t;

	(void)state;
	one = pieces_report(input, sizeof input - 1, 1, "json");
	assert_string_equal(one, "p.txt:7:3: not a text file (a NUL byte)\n");
	for (t = 2; t <= 9; t++) {
		more = pieces_report(input, sizeof input - 1, t, "json");
		assert_string_equal(one, more);
		free(more);
	}
	free(one);
}

/* ---- rules: severities, closed lists, the gate ---- */

static void
test_rules_and_gate(void **state)
{
	struct res res;
	const char *link = "https://example.com/?utm_source=linkdin&utm_medium=sociall&utm_campaign=spring_2026";

	(void)state;
	lint(NULL, "t.txt", link, 0, SEV_ERROR, &res);
	assert_string_equal(res.ids,
	    "ga4-unassigned:warning,medium-unknown:warning,source-unknown:warning");
	assert_true(res.passed);
	lint(NULL, "t.txt", link, 0, SEV_WARNING, &res);
	assert_false(res.passed);
	lint(RULES "  closed_sources: true\n  closed_mediums: true\n", "t.txt", link, 0,
	    SEV_ERROR, &res);
	assert_string_equal(res.ids,
	    "ga4-unassigned:warning,medium-unknown:error,source-unknown:error");
	assert_false(res.passed);
	lint(RULES "  severity: {ga4-unassigned: note, source-unknown: error}\n",
	    "t.txt", link, 0, SEV_WARNING, &res);
	assert_string_equal(res.ids,
	    "ga4-unassigned:note,medium-unknown:warning,source-unknown:error");
	lint(RULES "  severity: {utm-duplicate: note}\n", "t.txt", OK "&utm_source=x1",
	    0, SEV_WARNING, &res);
	assert_string_equal(res.ids, "utm-duplicate:note");
	assert_true(res.passed);
	lint(RULES_BASE "  required: [utm_source, utm_id]\n", "t.txt",
	    "https://example.com/?utm_source=linkedin&utm_medium=social", 0, SEV_ERROR, &res);
	assert_string_equal(res.first_msg, "utm_id is missing");
}

/* ---- inputs ---- */

static void
test_inputs(void **state)
{
	struct res res;

	(void)state;
	lint(NULL, "t.csv",
	    "Name,Final URL\r\nA,https://example.com/?utm_source=LI&utm_medium=social&utm_campaign=spring_2026\r\n"
	    "\"B, two\",\"https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026\"\r\n",
	    0, SEV_ERROR, &res);
	assert_int_equal(res.nlinks, 2);
	assert_string_equal(res.ids, "inconsistent:warning,source-alias:warning");
	assert_string_equal(res.pos, "2:24");

	lint(NULL, "t.md",
	    "Intro [x](https://example.com/?utm_source=LI&utm_medium=social&utm_campaign=spring_2026)\n"
	    "```\nhttps://example.com/?utm_source=LI\n```\n"
	    "Plain https://example.com/docs and `https://example.com/?utm_source=LI`.\n"
	    "<https://example.com/?utm_source=fb&utm_medium=social&utm_campaign=spring_2026>\n",
	    0, SEV_ERROR, &res);
	assert_int_equal(res.nlinks, 2);
	assert_string_equal(res.ids, "source-alias:warning,source-alias:warning");
	assert_string_equal(res.pos, "1:32");

	lint(NULL, "t.html",
	    "<p>\n<a title=x href=\"https://example.com/?utm_source=fb&amp;utm_medium=social&amp;utm_campaign=spring_2026\">x</a>\n"
	    "<!-- <a href=\"https://example.com/?utm_source=LI\"> -->\n",
	    1, SEV_ERROR, &res);
	assert_int_equal(res.nlinks, 1);
	assert_string_equal(res.fixed,
	    "https://example.com/?utm_source=facebook&utm_medium=social&utm_campaign=spring_2026\n");
}

/* --write: the rewritten input keeps every other byte. */
static void
test_rewrite(void **state)
{
	static const struct { const char *name, *in, *out; } cases[] = {
		{ "t.txt",
		  "# links\r\n  https://example.com/?utm_source=LI&utm_medium=social&utm_campaign=spring_2026  \r\n" OK "\r\n",
		  "# links\r\n  https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026  \r\n" OK "\r\n" },
		{ "t.csv",
		  "name;url\nA;\"https://example.com/?UTM_SOURCE=linkedin&utm_medium=social&utm_campaign=spring_2026\"\n",
		  "name;url\nA;\"https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026\"\n" },
		{ "t.html",
		  "<a href='https://example.com/?utm_source=fb&amp;utm_medium=Social&amp;utm_campaign=spring_2026'>x</a>",
		  "<a href='https://example.com/?utm_source=facebook&amp;utm_medium=social&amp;utm_campaign=spring_2026'>x</a>" },
		{ "t.md",
		  "[a](https://example.com/#utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026) b\n",
		  "[a](https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring_2026) b\n" },
	};
	struct rules *r = tu_rules(RULES);
	struct links_opts o;
	struct links *l;
	struct diag d;
	const char *out;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&o, 0, sizeof o);
		o.fix = o.write = 1;
		l = links_new(r, &o);
		assert_int_equal(links_add_mem(l, cases[i].name, cases[i].in,
		    strlen(cases[i].in), &d), 0);
		out = links_rewrite(l, cases[i].in, strlen(cases[i].in), &n);
		assert_non_null(out);
		assert_int_equal(n, strlen(cases[i].out));
		assert_memory_equal(out, cases[i].out, n);
		links_free(l);
	}
	/* Nothing to fix: nothing to rewrite. */
	memset(&o, 0, sizeof o);
	o.fix = o.write = 1;
	l = links_new(r, &o);
	assert_int_equal(links_add_mem(l, "t.txt", OK, strlen(OK), &d), 0);
	assert_null(links_rewrite(l, OK, strlen(OK), &n));
	links_free(l);
	rules_free(r);
}

static void
test_input_errors(void **state)
{
	struct rules *r = tu_rules(RULES);
	struct links_opts o;
	struct links *l;
	struct diag d;

	(void)state;
	memset(&o, 0, sizeof o);
	l = links_new(r, &o);
	assert_int_equal(links_add_mem(l, "t.csv", "name,title\nA,B\n", 15, &d), -1);
	assert_string_equal(d.file, "t.csv");
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.msg, "no link column"));
	assert_int_equal(links_add_mem(l, "t.txt", "ab\0cd", 5, &d), -1);
	assert_int_equal(d.col, 3);
	assert_non_null(strstr(d.msg, "not a text file"));
	links_free(l);
	o.column = "Landing";
	l = links_new(r, &o);
	assert_int_equal(links_add_mem(l, "t.csv", "url,x\nhttps://a.example/,1\n", 25, &d), -1);
	assert_non_null(strstr(d.msg, "no column 'Landing'"));
	links_free(l);
	rules_free(r);
}

/* ---- detectors ---- */

static void
test_macro(void **state)
{
	static const struct { const char *s; long off, n; } cases[] = {
		{ "x={{campaign.name}}", 2, 17 },
		{ "{keyword}", 0, 9 },
		{ "a{campaignid}b", 1, 12 },
		{ "${source}", 0, 9 },
		{ "%%SITE%%", 0, 8 },
		{ "*|CAMPAIGN_UID|*", 0, 16 },
		{ "[[name]]", 0, 8 },
		{ "__CAMPAIGN_NAME__", 0, 17 },
		{ "x___AID__", -1, 0 },	/* a run glued to a word */
		{ "spring_2026", -1, 0 },
		{ "a__b", -1, 0 },
		{ "{}", -1, 0 },
		{ "{ x}", -1, 0 },
		{ "%20%20", -1, 0 },
		{ "[x]", -1, 0 },
		{ "{{}}", -1, 0 },
	};
	size_t i, off, n;
	int r;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = links_macro(cases[i].s, strlen(cases[i].s), &off, &n);
		if (cases[i].off < 0) {
			if (r != 0) {
				print_error("%s: found a macro at %zu\n", cases[i].s, off);
				fail();
			}
			continue;
		}
		assert_int_equal(r, 1);
		assert_int_equal(off, cases[i].off);
		assert_int_equal(n, cases[i].n);
	}
}

static void
test_names(void **state)
{
	static const struct { const char *s; enum links_name how; const char *canon; } cases[] = {
		{ "utm_source", LINKS_NAME_EXACT, "utm_source" },
		{ "utm_marketing_tactic", LINKS_NAME_EXACT, "utm_marketing_tactic" },
		{ "UTM_Source", LINKS_NAME_VARIANT, "utm_source" },
		{ "utm-medium", LINKS_NAME_VARIANT, "utm_medium" },
		{ "utmCampaign", LINKS_NAME_VARIANT, "utm_campaign" },
		{ "utm.term", LINKS_NAME_VARIANT, "utm_term" },
		{ "utm_campain", LINKS_NAME_TYPO, "utm_campaign" },
		{ "utm_campaing", LINKS_NAME_TYPO, "utm_campaign" },
		{ "utm_souce", LINKS_NAME_TYPO, "utm_source" },
		{ "utm_meduim", LINKS_NAME_TYPO, "utm_medium" },
		{ "utn_source", LINKS_NAME_TYPO, "utm_source" },
		{ "utm_contnet", LINKS_NAME_TYPO, "utm_content" },
		{ "utm_campaign_id", LINKS_NAME_NONE, NULL },
		{ "utm_adgroup", LINKS_NAME_NONE, NULL },
		{ "gclid", LINKS_NAME_NONE, NULL },
		{ "source", LINKS_NAME_NONE, NULL },
		{ "utm_ad", LINKS_NAME_NONE, NULL },
		{ "medium", LINKS_NAME_NONE, NULL },
	};
	const char *canon;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum links_name how = links_utm_name(cases[i].s, strlen(cases[i].s), &canon);
		if (how != cases[i].how) {
			print_error("%s: how %d, want %d\n", cases[i].s, how, cases[i].how);
			fail();
		}
		if (cases[i].canon == NULL)
			assert_null(canon);
		else
			assert_string_equal(canon, cases[i].canon);
	}
}

static void
test_escapes(void **state)
{
	size_t off, n;

	(void)state;
	assert_int_equal(links_bad_escape("a%20b", 5, &off), 0);
	assert_int_equal(links_bad_escape("a%GGb", 5, &off), 1);
	assert_int_equal(off, 1);
	assert_int_equal(links_bad_escape("ab%2", 4, &off), 1);
	assert_int_equal(off, 2);
	assert_int_equal(links_bad_escape("ab%", 3, &off), 1);
	assert_int_equal(links_double_encoded("a%2520b", 7, &off), 1);
	assert_int_equal(off, 1);
	assert_int_equal(links_double_encoded("a%25b", 5, &off), 0);
	assert_int_equal(links_double_encoded("a%20b", 5, &off), 0);
	assert_int_equal(links_html_entity("a&amp;b", 7, &off, &n), 1);
	assert_int_equal(off, 1);
	assert_int_equal(n, 5);
	assert_int_equal(links_html_entity("a&#38;b", 7, &off, &n), 1);
	assert_int_equal(n, 5);
	assert_int_equal(links_html_entity("a&#x26;b", 8, &off, &n), 1);
	assert_int_equal(links_html_entity("a&b=1&amp", 9, &off, &n), 0);
	assert_int_equal(links_html_entity("a&ampx;", 7, &off, &n), 0);
}

static void
test_distance(void **state)
{
	(void)state;
	assert_int_equal(links_distance("linkedin", 8, "linkedin", 8, 3), 0);
	assert_int_equal(links_distance("linkdin", 7, "linkedin", 8, 3), 1);
	assert_int_equal(links_distance("lniked", 6, "linked", 6, 3), 1);
	assert_int_equal(links_distance("abc", 3, "xyz", 3, 3), 3);
	assert_int_equal(links_distance("abc", 3, "xyzw", 4, 2), 3);
	assert_int_equal(links_distance("a", 1, "abcdef", 6, 2), 3);
}

/* nearest() skips a rules key when the byte sets of the two strings (each
 * byte on bit byte & 63) differ in more than 2 * max bits: links_distance
 * must then be above max.  Random strings over a small alphabet, so many
 * pairs are close. */
static void
test_distance_bound(void **state)
{
	static const char abc[] = "abcdeflmnos_-.A@";
	char a[24], b[24];
	size_t i, an, bn, max, d, diff;
	uint64_t sa, sb;
	unsigned seed = 7;
	int k;

	(void)state;
	for (k = 0; k < 200000; k++) {
		seed = seed * 1103515245u + 12345u;
		an = 1 + (seed >> 16) % 12;
		seed = seed * 1103515245u + 12345u;
		bn = 1 + (seed >> 16) % 12;
		for (i = 0, sa = 0; i < an; i++) {
			seed = seed * 1103515245u + 12345u;
			a[i] = abc[(seed >> 16) % (sizeof abc - 1)];
			sa |= 1ULL << ((unsigned char)a[i] & 63);
		}
		for (i = 0, sb = 0; i < bn; i++) {
			seed = seed * 1103515245u + 12345u;
			/* b is mostly a with a few edits */
			b[i] = i < an && (seed >> 16) % 4 != 0 ? a[i] :
			    abc[(seed >> 20) % (sizeof abc - 1)];
			sb |= 1ULL << ((unsigned char)b[i] & 63);
		}
		diff = (size_t)__builtin_popcountll(sa ^ sb);
		for (max = 1; max <= 3; max++) {
			d = links_distance(a, an, b, bn, max);
			if (diff > 2 * max)
				assert_true(d > max);
		}
	}
}

/* check_ga4 caches GA4's channel of a source and medium without the
 * campaign, and reads the campaign only when that is Unassigned: it relies
 * on a campaign never taking a channel away.  Every pair of these sources
 * (each canonical of the built-in rules too), mediums and categories, with
 * and without each campaign. */
static void
test_ga4_campaign(void **state)
{
	static const char *const src[] = { "google", "Google", "linkedin", "fb",
	    "(direct)", "email", "e-mail", "sms", "firebase", "newsletter", "x",
	    "shop", "", NULL };
	static const char *const med[] = { "cpc", "CPC", "ppc", "paid", "paid_social",
	    "retargeting", "display", "banner", "cpm", "social", "sm", "social-network",
	    "video", "organic", "referral", "app", "link", "email", "e_mail", "affiliate",
	    "audio", "sms", "push", "mobile", "notification", "(none)", "(not set)",
	    "qr_code", "event", "partner", "Social", "", NULL };
	static const char *const camp[] = { "cross-network", "x-cross-network-y",
	    "shop", "eshop", "myshop", "a-shop", "shopping", "SHOPPING", "2026-q2",
	    "", "(direct)", NULL };
	struct rules *r;
	struct diag d;
	struct channel_in in;
	const char *sv[1024];
	size_t i, j, ns = 0;
	int cat, k;
	enum channel base;

	(void)state;
	memset(&d, 0, sizeof d);
	r = rules_load_default(&d);
	assert_non_null(r);
	for (i = 0; src[i] != NULL; i++)
		sv[ns++] = src[i];
	for (i = 0; i < rules_source_count(r) && ns < 1024; i++)
		sv[ns++] = rules_source_at(r, i)->name;
	for (i = 0; i < ns; i++)
		for (j = 0; med[j] != NULL; j++)
			for (cat = CAT_NONE; cat < CAT_COUNT; cat++) {
				memset(&in, 0, sizeof in);
				in.source = sv[i];
				in.slen = strlen(sv[i]);
				in.medium = med[j];
				in.mlen = strlen(med[j]);
				in.category = (enum category)cat;
				base = channel_ga4(&in);
				for (k = 0; camp[k] != NULL; k++) {
					in.campaign = camp[k];
					in.clen = strlen(camp[k]);
					if (base != CH_UNASSIGNED)
						assert_int_not_equal(channel_ga4(&in),
						    CH_UNASSIGNED);
				}
			}
	rules_free(r);
}

/* linkrep_putjson writes what out_json_cstr writes, on every kind of byte,
 * through a buffer that fills and flushes many times; linkrep_putnum what
 * "%ld" writes. */
static void
test_json_writers(void **state)
{
	static const long nums[] = { 0, 1, -1, 9, 10, 99, 100, 12345, -67890,
	    LONG_MAX, LONG_MIN, LONG_MAX - 1, LONG_MIN + 1 };
	static const char *const strs[] = { "", "plain ascii link?a=b&c=d",
	    "quote \" in", "back\\slash", "tab\there", "nl\n", "del\x7f",
	    "\x01", "caf\xc3\xa9", "bad\xff", "cut\xe2\x82", "rlo\xe2\x80\xae",
	    "~ { } | end", NULL };
	char *a = NULL, *b = NULL, s[64];
	size_t an = 0, bn = 0, i, j, n;
	unsigned seed = 3;
	struct linkrep_buf *w = malloc(sizeof *w);
	FILE *fa, *fb;

	(void)state;
	fa = open_memstream(&a, &an);
	fb = open_memstream(&b, &bn);
	assert_non_null(fa);
	assert_non_null(fb);
	assert_non_null(w);
	linkrep_buf_init(w, fa);
	for (i = 0; strs[i] != NULL; i++) {
		linkrep_putjson(w, strs[i]);
		out_json_cstr(fb, strs[i]);
	}
	linkrep_putjson(w, NULL);
	out_json_cstr(fb, NULL);
	for (i = 0; i < 20000; i++) {
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % (sizeof s - 1);
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			s[j] = (char)(1 + (seed >> 16) % 255);
			/* mostly printable ASCII, as links are */
			if ((seed >> 8) % 32 != 0)
				s[j] = (char)(0x20 + (seed >> 16) % 95);
		}
		s[n] = '\0';
		linkrep_putjson(w, s);
		out_json_cstr(fb, s);
	}
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		linkrep_putnum(w, nums[i]);
		fprintf(fb, "%ld", nums[i]);
		linkrep_putc(w, ' ');
		fputc(' ', fb);
	}
	linkrep_flush(w);
	free(w);
	fclose(fa);
	fclose(fb);
	assert_int_equal(an, bn);
	assert_memory_equal(a, b, an);
	free(a);
	free(b);
}

/* links_bytes (16 bytes at a time, 32 from 32 bytes on with AVX2) against
 * a plain loop, on random strings of every length around the block sizes,
 * "__" across blocks. */
static void
test_bytes(void **state)
{
	static const char abc[] = "ab_%+;{*[x\x80\xff";
	char s[150];
	uint64_t pp[4], wpp[4];
	size_t i, n;
	unsigned seed = 11, want;
	int k;

	(void)state;
	assert_int_equal(links_bytes("", 0, NULL), 0);
	assert_int_equal(links_bytes("https://x.example/?utm_source=a", 31, NULL), 0);
	memset(s, 'a', sizeof s);
	for (i = 1; i + 1 < sizeof s; i++) {
		s[i - 1] = 'a';
		s[i] = s[i + 1] = '_';	/* "__" at i, in a string of every length */
		for (n = i + 2; n <= sizeof s; n += 7)
			assert_int_equal(links_bytes(s, n, NULL), LINKS_B_USUS);
		assert_int_equal(links_bytes(s, i + 1, NULL), 0);
		s[i] = 'a';
	}
	for (k = 0; k < 200000; k++) {
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof s;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (seed >> 16) % 8 == 0 ? abc[(seed >> 20) % (sizeof abc - 1)] : 'a';
		}
		memset(wpp, 0, sizeof wpp);
		for (want = 0, i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == '%' || c == '+')
				wpp[i / 64] |= 1ULL << (i % 64);
			if (c == '%')
				want |= LINKS_B_PCT;
			if (c == '+')
				want |= LINKS_B_PLUS;
			if (c >= 0x80)
				want |= LINKS_B_HIGH;
			if (c == ';')
				want |= LINKS_B_SEMI;
			if (c == '{' || c == '*' || c == '[')
				want |= LINKS_B_OPEN;
			if (c == '_' && i > 0 && s[i - 1] == '_')
				want |= LINKS_B_USUS;
		}
		assert_int_equal(links_bytes(s, n, NULL), want);
		memset(pp, 0, sizeof pp);
		assert_int_equal(links_bytes(s, n, pp), want);
		assert_memory_equal(pp, wpp, sizeof pp);
	}
}

/* The character at s as the writers for people show it, the slow way:
 * its length in *k, and 1 when it is hidden (linkrep_hidden's list). */
static int
ref_hidden(const unsigned char *s, size_t *k)
{
	*k = 1;
	if (s[0] < 0x20 || s[0] == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return *k = 2, 1;
	if (s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae)
		return *k = 3, 1;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return *k = 3, 1;
	return 0;
}

/* What the github writer makes of s, one character at a time. */
static void
ref_gh(FILE *fp, const char *s, int prop)
{
	size_t k;

	while (*s != '\0') {
		if (*s == '%')
			fputs("%25", fp);
		else if (*s == '\r')
			fputs("%0D", fp);
		else if (*s == '\n')
			fputs("%0A", fp);
		else if (prop && *s == ':')
			fputs("%3A", fp);
		else if (prop && *s == ',')
			fputs("%2C", fp);
		else if (ref_hidden((const unsigned char *)s, &k)) {
			fputc('?', fp);
			s += k;
			continue;
		} else
			fputc(*s, fp);
		s++;
	}
}

/* linkrep_hidden, linkrep_puttext and the github writer against the slow
 * way, on random strings of the bytes that matter. */
static void
test_hidden(void **state)
{
	static const unsigned char abc[] = { 'a', ' ', '%', ':', ',', '\n', '\r', '\t',
	    0x01, 0x1b, 0x7f, 0xc2, 0x85, 0x9f, 0xa0, 0xe2, 0x80, 0x81, 0xaa, 0xae,
	    0xa6, 0xa9, 0xab, 0xc3, 0xa9 };
	struct linkrep_finding f;
	struct linkrep_run run;
	char s[40], *a = NULL, *b = NULL;
	size_t an = 0, bn = 0, i, n, k;
	unsigned seed = 5;
	struct linkrep_buf *w = malloc(sizeof *w);
	FILE *fa, *fb;
	int r;

	(void)state;
	assert_non_null(w);
	assert_int_equal(linkrep_hidden("a"), 0);
	assert_int_equal(linkrep_hidden(""), 0);
	assert_int_equal(linkrep_hidden("\x01"), 1);
	assert_int_equal(linkrep_hidden("\x7f"), 1);
	assert_int_equal(linkrep_hidden("\xc2\x85"), 2);
	assert_int_equal(linkrep_hidden("\xc2\xa0"), 0);	/* no-break space */
	assert_int_equal(linkrep_hidden("\xe2\x80\xae"), 3);
	assert_int_equal(linkrep_hidden("\xe2\x80\xaf"), 0);
	assert_int_equal(linkrep_hidden("\xe2\x81\xa6"), 3);
	assert_int_equal(linkrep_hidden("\xe2\x81\xa9"), 3);
	assert_int_equal(linkrep_hidden("\xe2\x81\xaa"), 0);
	assert_int_equal(linkrep_hidden("\xe2\x80"), 0);	/* cut short */
	memset(&f, 0, sizeof f);
	memset(&run, 0, sizeof run);
	run.nfindings = 1;
	run.findings = &f;
	run.quiet = 1;
	f.id = F_URL_MALFORMED;
	f.sev = SEV_ERROR;
	f.line = 1;
	f.col = 2;
	for (r = 0; r < 20000; r++) {
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % (sizeof s - 1);
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)abc[(seed >> 16) % sizeof abc];
		}
		s[n] = '\0';
		fa = open_memstream(&a, &an);
		fb = open_memstream(&b, &bn);
		assert_non_null(fa);
		assert_non_null(fb);
		linkrep_buf_init(w, fa);
		linkrep_puttext(w, s);
		linkrep_flush(w);
		for (i = 0; i < n; i += k)
			if (ref_hidden((const unsigned char *)s + i, &k))
				fputc('?', fb);
			else
				fputc(s[i], fb);
		/* a finding whose file and message are s, in the github format */
		f.file = s;
		f.message = s;
		linkrep_github(fa, &run);
		fputs("::error file=", fb);
		ref_gh(fb, s, 1);
		fputs(",line=1,col=2,title=url-malformed::", fb);
		ref_gh(fb, s, 0);
		fputc('\n', fb);
		fclose(fa);
		fclose(fb);
		assert_int_equal(an, bn);
		assert_memory_equal(a, b, an);
		free(a);
		free(b);
		a = b = NULL;
	}
	free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_fix_then_clean),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_pieces_error),
		cmocka_unit_test(test_pieces_csv),
		cmocka_unit_test(test_pieces_many),
		cmocka_unit_test(test_rules_and_gate),
		cmocka_unit_test(test_inputs),
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_input_errors),
		cmocka_unit_test(test_macro),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_distance_bound),
		cmocka_unit_test(test_ga4_campaign),
		cmocka_unit_test(test_json_writers),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_hidden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
