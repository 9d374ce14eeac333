/* Unit tests for rules: every load error with its FILE:LINE:COL, lookups,
 * settings, the pattern match limit, the dump round trip, the facts any
 * sane built-in rule set must satisfy, and the built-in rules loaded from
 * their image being the rules loaded from their tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "finding.h"
#include "norm.h"
#include "rules.h"
#include "rules_int.h"
#include "testutil.h"
#include "yamltree.h"

/* The built-in rules, parsed at build time by auditor/gen/yaml2c.c. */
extern const struct ynode *const default_rules_tree;

/* ---- load errors ---- */

struct ecase {
	const char	*yaml;
	long		 line, col;	/* expected position, 1-based */
	const char	*msg;		/* a part of the message */
	const char	*msg2;		/* another part, or NULL */
};

static const struct ecase ecases[] = {
	/* Unknown keys. */
	{ "version: 1\nbogus: 1\n", 2, 1,
	    "unknown key 'bogus' in the rule file", "expected one of: version" },
	{ "version: 1\nsources:\n  linkedin: {category: social, colour: blue}\n", 3, 32,
	    "unknown key 'colour' in linkedin", "category, aliases, patterns, generic" },
	{ "version: 1\nmediums:\n  cpc: {category: search}\n", 3, 9,
	    "unknown key 'category' in cpc", NULL },
	{ "version: 1\nvague:\n  valuez: [x]\n", 3, 3, "unknown key 'valuez' in vague", NULL },
	{ "version: 1\ncampaign:\n  patern: x\n", 3, 3, "unknown key 'patern' in campaign", NULL },
	{ "version: 1\noffline:\n  category: [event]\n", 3, 3,
	    "unknown key 'category' in offline", NULL },
	{ "version: 1\nlinks:\n  closed: true\n", 3, 3, "unknown key 'closed' in links", NULL },
	{ "version: 1\nsample:\n  sise: 5\n", 3, 3, "unknown key 'sise' in sample", NULL },
	/* Wrong types. */
	{ "version: 1\nsources: [a, b]\n", 2, 10, "sources must be a mapping, not a list", NULL },
	{ "version: 1\nmediums: cpc\n", 2, 10, "mediums must be a mapping, not a scalar", NULL },
	{ "version: 1\ncolumns:\n  source: {a: b}\n", 3, 11,
	    "source must be a list, not a mapping", NULL },
	{ "version: 1\ncolumns:\n  source: [a, [b]]\n", 3, 15,
	    "source must be a scalar, not a list", NULL },
	{ "version: 1\ncolumns:\n  source: [a, '']\n", 3, 15, "empty value in source", NULL },
	{ "version: 1\ncolumns:\n  source: ''\n", 3, 11, "empty value in source", NULL },
	{ "version: 1\nthreshold: [1]\n", 2, 12, "threshold must be a scalar, not a list", NULL },
	{ "version: 1\nsources:\n  linkedin: social\n", 3, 13,
	    "linkedin must be a mapping, not a scalar", NULL },
	{ "version: 1\nsources:\n  linkedin: {aliases: li}\n", 3, 23,
	    "aliases must be a list, not a scalar", NULL },
	{ "version: 1\nsources:\n  linkedin: {aliases: [[li]]}\n", 3, 24,
	    "an alias must be a scalar, not a list", NULL },
	{ "version: 1\nsources:\n  x: {generic: maybe}\n", 3, 16,
	    "generic must be true or false, not 'maybe'", NULL },
	{ "version: 1\nsources:\n  x: {generic: 'true'}\n", 3, 16,
	    "generic must be true or false", NULL },
	{ "version: 1\nvague: [a]\n", 2, 8, "vague must be a mapping, not a list", NULL },
	{ "version: 1\nvague:\n  values: {a: b}\n", 3, 11,
	    "vague.values must be a list, not a mapping", NULL },
	{ "version: 1\nlinks:\n  severity: [a]\n", 3, 13,
	    "links.severity must be a mapping, not a list", NULL },
	{ "version: 1\nlinks:\n  closed_sources: 1\n", 3, 19,
	    "links.closed_sources must be true or false", NULL },
	{ "- version: 1\n", 1, 1, "a rule file must be a mapping, not a list", NULL },
	{ "? [a]\n: b\n", 1, 3, "a mapping key must be a scalar", NULL },
	/* The version. */
	{ "threshold: 0.5\n", 1, 1, "missing 'version: 1'", NULL },
	{ "", 1, 1, "missing 'version: 1'", NULL },
	{ "# only a comment\n", 1, 1, "missing 'version: 1'", NULL },
	{ "version: 2\n", 1, 10, "version must be a whole number from 1 to 1, not '2'", NULL },
	{ "version: one\n", 1, 10, "version must be a whole number", NULL },
	{ "version: 1.0\n", 1, 10, "version must be a whole number", NULL },
	{ "version: [1]\n", 1, 10, "version must be a scalar, not a list", NULL },
	/* Numbers out of range. */
	{ "version: 1\nthreshold: 1.5\n", 2, 12,
	    "threshold must be a number from 0 to 1, not '1.5'", NULL },
	{ "version: 1\nthreshold: -0.1\n", 2, 12, "threshold must be a number from 0 to 1", NULL },
	{ "version: 1\nthreshold: nan\n", 2, 12, "threshold must be a number from 0 to 1", NULL },
	{ "version: 1\nthreshold: 90%\n", 2, 12, "threshold must be a number from 0 to 1", NULL },
	{ "version: 1\nthreshold:\n", 2, 11, "threshold must be a number from 0 to 1", NULL },
	{ "version: 1\nsample: {size: 0}\n", 2, 16,
	    "sample.size must be a whole number from 1 to 1000000, not '0'", NULL },
	{ "version: 1\nsample: {seed: -1}\n", 2, 16, "sample.seed must be a whole number", NULL },
	{ "version: 1\nsample: {seed: 18446744073709551616}\n", 2, 16,
	    "sample.seed must be a whole number", NULL },
	/* A spelling may lead to one canonical only; the message names both. */
	{ "version: 1\nsources:\n  linkedin: {category: social, aliases: [li]}\n"
	    "  lidl: {category: other, aliases: [LI]}\n", 4, 37,
	    "alias 'LI' of 'lidl' (key 'li') already belongs to 'linkedin' (line 3)", NULL },
	{ "version: 1\nsources:\n  linkedin: {aliases: [li]}\n  Li: {}\n", 4, 3,
	    "canonical 'Li' of 'Li' (key 'li') already belongs to 'linkedin'", NULL },
	{ "version: 1\nsources:\n  Linked In: {}\n  linked-in: {}\n", 4, 3,
	    "canonical 'linked-in' of 'linked-in' (key 'linked_in') already belongs to 'Linked In'", NULL },
	{ "version: 1\nmediums:\n  cpc: {aliases: [ppc]}\n  paid: {aliases: [PPC]}\n", 4, 20,
	    "alias 'PPC' of 'paid' (key 'ppc') already belongs to 'cpc'", NULL },
	{ "version: 1\nsources:\n  x: {aliases: [' \t ']}\n", 3, 17,
	    "alias ' \t ' is empty after normalisation", NULL },
	{ "version: 1\nsources:\n  ' ': {}\n", 3, 3, "canonical ' ' is empty after normalisation", NULL },
	/* A vague value that is a canonical or an alias. */
	{ "version: 1\nsources:\n  google: {category: search}\nvague:\n  values: [other, Google]\n",
	    5, 19, "'Google' is both vague and a spelling of the source 'google'", NULL },
	{ "version: 1\nsources:\n  linkedin: {aliases: [li]}\nvague:\n  values: [Li]\n",
	    5, 12, "'Li' is both vague and a spelling of the source 'linkedin'", NULL },
	{ "version: 1\nsources: {}\nvague:\n  values: [' ']\n", 4, 12,
	    "vague value ' ' is empty after normalisation", NULL },
	/* Patterns that do not compile: the column points at PCRE2's offset. */
	{ "version: 1\nsources:\n  x: {patterns: ['ab)cd']}\n", 3, 21,
	    "unmatched closing parenthesis", "'ab)cd'" },
	{ "version: 1\nsources:\n  x:\n    patterns:\n      - ab)cd\n", 5, 11,
	    "unmatched closing parenthesis", NULL },
	{ "version: 1\nsources: {}\nvague:\n  patterns: ['x', 'a**']\n", 4, 22,
	    "bad pattern 'a**'", NULL },
	{ "version: 1\ncampaign:\n  pattern: '^[a-z'\n", 3, 18,
	    "bad pattern '^[a-z'", "missing terminating ]" },
	{ "version: 1\nmediums:\n  cpc: {patterns: ['(?<n>x)(?<n>y)']}\n", 3, 33,
	    "bad pattern", NULL },
	/* Unknown names. */
	{ "version: 1\nsources:\n  x: {category: socail}\n", 3, 17,
	    "unknown category 'socail'", "search, social" },
	{ "version: 1\nsources:\n  x: {category: none}\n", 3, 17,
	    "unknown category 'none'", NULL },
	{ "version: 1\noffline:\n  categories: [event, fair]\n", 3, 23,
	    "unknown category 'fair'", NULL },
	{ "version: 1\ncolumns:\n  sauce: [x]\n", 3, 3,
	    "unknown column role 'sauce'", "source_detail" },
	{ "version: 1\nmediums:\n  cpc: {aliases: [ppc]}\ncampaign:\n  required_for_mediums: [cpc, ppc]\n",
	    5, 31, "'ppc' in campaign.required_for_mediums is not a canonical medium", NULL },
	{ "version: 1\nlinks:\n  severity: {conflict: error}\n", 3, 14,
	    "links.severity: unknown check 'conflict'", NULL },
	{ "version: 1\nlinks:\n  severity: {utm-missing: fatal}\n", 3, 27,
	    "severity must be note, warning or error, not 'fatal'", NULL },
	{ "version: 1\nlinks:\n  required: [utm_source, source]\n", 3, 13,
	    "links.required: 'source' is not a utm_* parameter name", NULL },
	{ "version: 1\nlinks:\n  required: [utm_]\n", 3, 13, "'utm_' is not a utm_*", NULL },
	/* YAML itself. */
	{ "version: 1\nthreshold: &t 0.5\n", 2, 12, "YAML anchors (&t) are not allowed", NULL },
	{ "version: 1\nvague: &v\n  values: [x]\n", 2, 8, "YAML anchors (&v)", NULL },
	{ "version: 1\nthreshold: *t\n", 2, 12, "YAML aliases (*t) are not allowed", NULL },
	{ "version: 1\nthreshold: 0.5\nthreshold: 0.6\n", 3, 1,
	    "duplicate key 'threshold' (first at line 2)", NULL },
	{ "version: 1\nsources:\n  a: {}\n  b: {}\n  a: {category: search}\n", 5, 3,
	    "duplicate key 'a' (first at line 3)", NULL },
	{ "version: 1\n---\nversion: 1\n", 2, 1, "only one YAML document", NULL },
	{ "version: 1\nsources: {a: [}\n", 2, 15, "invalid YAML", NULL },
	{ "version: 1\n\tthreshold: 1\n", 2, 1, "invalid YAML", NULL },
	/* Reader errors (bytes, not syntax) point at the offending byte too. */
	{ "version: 1\nx: \xff\n", 2, 4, "invalid YAML", "UTF-8" },
	{ "version: 1\nx: '\xc3\xa9\xc3\xa9\x01'\n", 2, 7, "invalid YAML", "control characters" },
};

static void
test_load_errors(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof ecases / sizeof ecases[0]; i++) {
		const struct ecase *c = &ecases[i];
		struct diag d;
		struct rules *r;

		memset(&d, 0, sizeof d);
		r = rules_load_mem("t.yaml", c->yaml, strlen(c->yaml), &d);
		if (r != NULL || strcmp(d.file, "t.yaml") != 0 || d.line != c->line ||
		    d.col != c->col || strstr(d.msg, c->msg) == NULL ||
		    (c->msg2 != NULL && strstr(d.msg, c->msg2) == NULL)) {
			print_error("case %zu:\n%s\ngot %s %s:%ld:%ld: %s\nwant %ld:%ld: %s\n",
			    i, c->yaml, r ? "(loaded)" : "", d.file, d.line, d.col,
			    d.msg, c->line, c->col, c->msg);
			rules_free(r);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* diag_print gives FILE:LINE:COL in front of the message. */
static void
test_diag_format(void **state)
{
	struct diag d;
	struct tu_mem m;

	(void)state;
	tu_rules_fail("version: 1\nbogus: 1\n", &d);
	diag_print(&d, tu_mem_open(&m));
	tu_assert_contains(tu_mem_text(&m), "utm-audit: t.yaml:2:1: error: unknown key 'bogus'");
	tu_mem_free(&m);
}

/* Nesting: 64 levels are fine for the YAML reader, 65 are not. */
static void
test_depth(void **state)
{
	char yaml[400];
	struct diag d;
	size_t n = 0;
	int i;

	(void)state;
	n += (size_t)sprintf(yaml, "version: 1\nx: ");
	for (i = 0; i < 70; i++)
		yaml[n++] = '[';
	for (i = 0; i < 70; i++)
		yaml[n++] = ']';
	yaml[n++] = '\n';
	yaml[n] = '\0';
	tu_rules_fail(yaml, &d);
	assert_string_equal(d.file, "t.yaml");
	tu_assert_contains(d.msg, "nested deeper than 64");
	assert_int_equal(d.line, 2);
	/* The root mapping is level 1, so the 64th '[' is level 65. */
	assert_int_equal(d.col, 4 + 63);

	/* 63 lists inside the root mapping: the depth check passes and the
	 * schema check reports the unknown key instead. */
	n = (size_t)sprintf(yaml, "version: 1\nx: ");
	for (i = 0; i < 63; i++)
		yaml[n++] = '[';
	for (i = 0; i < 63; i++)
		yaml[n++] = ']';
	yaml[n] = '\0';
	tu_rules_fail(yaml, &d);
	tu_assert_contains(d.msg, "unknown key 'x'");
}

/* Byte-level refusals: size cap, NUL bytes. */
static void
test_bytes(void **state)
{
	size_t len = RULES_MAX_BYTES + 1;
	char *buf = malloc(len);
	struct rules *r;
	struct diag d;

	(void)state;
	assert_non_null(buf);
	/* Exactly at the cap: a valid file padded with a comment loads. */
	memset(buf, ' ', len);
	memcpy(buf, "version: 1\n#", 12);
	buf[RULES_MAX_BYTES - 1] = '\n';
	r = rules_load_mem("t.yaml", buf, RULES_MAX_BYTES, &d);
	assert_non_null(r);
	rules_free(r);
	/* One byte more is refused before parsing. */
	memset(&d, 0, sizeof d);
	assert_null(rules_load_mem("t.yaml", buf, len, &d));
	assert_string_equal(d.file, "t.yaml");
	tu_assert_contains(d.msg, "1048577 bytes, over the cap of 1048576");
	free(buf);

	memset(&d, 0, sizeof d);
	assert_null(rules_load_mem("t.yaml", "version: 1\n\0\n", 13, &d));
	tu_assert_contains(d.msg, "NUL bytes");
	memset(&d, 0, sizeof d);
	assert_null(rules_load_mem("t.yaml", "version: '1\0'\n", 14, &d));
	tu_assert_contains(d.msg, "NUL bytes");
}

static void
test_load_file(void **state)
{
	char dir[] = "/tmp/test_rules.XXXXXX", path[64];
	struct rules *r;
	struct diag d;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/r.yaml", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(TU_RULES, fp);
	assert_int_equal(fclose(fp), 0);
	r = rules_load_file(path, &d);
	assert_non_null(r);
	assert_string_equal(rules_name(r), path);
	assert_true(rules_threshold(r) == 0.8);
	rules_free(r);

	/* Errors name the path. */
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("version: 1\nsources: [x]\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_null(rules_load_file(path, &d));
	assert_string_equal(d.file, path);
	assert_int_equal(d.line, 2);
	assert_int_equal(d.col, 10);
	unlink(path);

	memset(&d, 0, sizeof d);
	assert_null(rules_load_file(path, &d));
	assert_string_equal(d.file, path);
	tu_assert_contains(d.msg, "cannot open the rule file");
	memset(&d, 0, sizeof d);
	assert_null(rules_load_file(dir, &d));
	tu_assert_contains(d.msg, "not a regular file");
	rmdir(dir);
}

/* ---- lookups ---- */

static const struct rules_canon *
src(const struct rules *r, const char *raw, enum rules_how *how, int *limit)
{
	char key[NORM_KEY_MAX] = { 0 };	/* JIT may scan ahead in whole words */
	size_t len, klen;
	const char *t = norm_trim(raw, strlen(raw), &len);

	klen = norm_key(t, len, key, sizeof key, NULL);
	return rules_source(r, key, klen, t, len, how, limit);
}

static const struct rules_canon *
med(const struct rules *r, const char *raw, enum rules_how *how)
{
	char key[NORM_KEY_MAX] = { 0 };	/* JIT may scan ahead in whole words */
	size_t len, klen;
	const char *t = norm_trim(raw, strlen(raw), &len);

	klen = norm_key(t, len, key, sizeof key, NULL);
	return rules_medium(r, key, klen, t, len, how, NULL);
}

static int
vague(const struct rules *r, const char *raw)
{
	char key[NORM_KEY_MAX] = { 0 };	/* JIT may scan ahead in whole words */
	size_t klen = norm_key(raw, strlen(raw), key, sizeof key, NULL);

	return rules_is_vague(r, key, klen, NULL);
}

struct lcase {
	const char	*raw;
	const char	*canon;		/* NULL: no match */
	enum rules_how	 how;
};

static const struct lcase source_cases[] = {
	{ "linkedin", "linkedin", RULES_EXACT },
	{ "  linkedin ", "linkedin", RULES_EXACT },
	{ "LinkedIn", "linkedin", RULES_VARIANT },
	{ "LINKEDIN", "linkedin", RULES_VARIANT },
	{ "li", "linkedin", RULES_ALIAS },
	{ "LI", "linkedin", RULES_ALIAS },
	{ "lnkd.in", "linkedin", RULES_ALIAS },
	{ "linkedin_ads", "linkedin", RULES_PATTERN },
	{ "LinkedIn Ads", "linkedin", RULES_PATTERN },
	{ "linkedin-ads", "linkedin", RULES_PATTERN },
	{ "linkedin_2", NULL, RULES_NONE },
	{ "google", "google", RULES_EXACT },
	{ "Google Ads", "google", RULES_ALIAS },
	{ "AdWords", "google", RULES_ALIAS },
	{ "trade_show", "trade_show", RULES_EXACT },
	{ "Trade Show", "trade_show", RULES_VARIANT },
	{ "trade-show", "trade_show", RULES_VARIANT },
	{ "beurs", "trade_show", RULES_ALIAS },
	{ "Organic Search", "organic_search", RULES_VARIANT },
	{ "acme_portal", "acme_portal", RULES_EXACT },
	{ "goggle", NULL, RULES_NONE },
	{ "website", NULL, RULES_NONE },	/* vague values are not sources */
	{ "", NULL, RULES_NONE },
};

static const struct lcase medium_cases[] = {
	{ "cpc", "cpc", RULES_EXACT },
	{ "CPC", "cpc", RULES_VARIANT },
	{ "ppc", "cpc", RULES_ALIAS },
	{ "PPC", "cpc", RULES_ALIAS },
	{ "Paid Search", "cpc", RULES_ALIAS },
	{ "paid-search", "cpc", RULES_ALIAS },
	{ "email", "email", RULES_EXACT },
	{ "E-mail", NULL, RULES_NONE },
	{ "banner", NULL, RULES_NONE },
	{ "", NULL, RULES_NONE },
};

static void
check_lookups(const struct rules *r, const struct lcase *c, size_t n, int sources)
{
	size_t i;

	for (i = 0; i < n; i++) {
		enum rules_how how = (enum rules_how)99;
		int limit = 0;
		const struct rules_canon *cn = sources ? src(r, c[i].raw, &how, &limit) :
		    med(r, c[i].raw, &how);
		if ((cn == NULL) != (c[i].canon == NULL) ||
		    (cn != NULL && strcmp(cn->name, c[i].canon) != 0) || how != c[i].how ||
		    limit != 0) {
			print_error("%s '%s': got %s how %d, want %s how %d\n",
			    sources ? "source" : "medium", c[i].raw, cn ? cn->name : "NULL",
			    (int)how, c[i].canon ? c[i].canon : "NULL", (int)c[i].how);
			fail();
		}
	}
}

static void
test_lookups(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	const struct rules_canon *cn;
	enum rules_how how;

	(void)state;
	check_lookups(r, source_cases, sizeof source_cases / sizeof source_cases[0], 1);
	check_lookups(r, medium_cases, sizeof medium_cases / sizeof medium_cases[0], 0);

	/* The canonical's fields. */
	cn = src(r, "Beurs", &how, NULL);
	assert_non_null(cn);
	assert_string_equal(cn->key, "trade_show");
	assert_int_equal(cn->category, CAT_EVENT);
	assert_int_equal(cn->generic, 1);
	assert_ptr_equal(cn, rules_source_at(r, (size_t)cn->index));
	cn = src(r, "xing", &how, NULL);
	assert_int_equal(cn->category, CAT_SOCIAL);
	assert_int_equal(cn->generic, 0);
	cn = src(r, "acme_portal", &how, NULL);
	assert_int_equal(cn->category, CAT_NONE);

	/* Counts and order as written. */
	assert_int_equal(rules_source_count(r), 13);
	assert_int_equal(rules_medium_count(r), 7);
	assert_string_equal(rules_source_at(r, 0)->name, "google");
	assert_string_equal(rules_source_at(r, 12)->name, "acme_portal");
	assert_int_equal(rules_source_at(r, 12)->index, 12);
	assert_string_equal(rules_medium_at(r, 0)->name, "cpc");
	assert_string_equal(rules_medium_at(r, 6)->name, "event");
	rules_free(r);
}

static void
test_source_exact(void **state)
{
	static const struct {
		const char	*raw, *canon;
	} c[] = {
		{ "linkedin", "linkedin" },
		{ "li", "linkedin" },
		{ "lnkd.in", "linkedin" },
		{ "Beurs", "trade_show" },
		{ "google ads", "google" },
		{ "LinkedIn", NULL },
		{ "LI", NULL },
		{ "beurs", NULL },
		{ "linkedin ", NULL },
		{ "linkedin_ads", NULL },	/* patterns are not spellings */
		{ "", NULL },
	};
	struct rules *r = tu_rules(TU_RULES);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		const struct rules_canon *cn = rules_source_exact(r, c[i].raw, strlen(c[i].raw));
		if ((cn == NULL) != (c[i].canon == NULL) ||
		    (cn != NULL && strcmp(cn->name, c[i].canon) != 0)) {
			print_error("exact '%s': got %s\n", c[i].raw, cn ? cn->name : "NULL");
			fail();
		}
	}
	rules_free(r);
}

static void
test_vague(void **state)
{
	static const struct {
		const char	*raw;
		int		 want;
	} c[] = {
		{ "website", 1 }, { "Website", 1 }, { " WEBSITE ", 1 }, { "other", 1 },
		{ "(not set)", 1 }, { "(Not Set)", 1 }, { "direct traffic", 1 },
		{ "Direct-Traffic", 1 }, { "onbekend", 1 },
		{ "test", 1 }, { "Test Lead", 1 }, { "test-2", 1 },	/* pattern */
		{ "testimonial", 0 }, { "contest", 0 },
		{ "google", 0 }, { "web site", 0 }, { "", 0 },
	};
	struct rules *r = tu_rules(TU_RULES);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		if (vague(r, c[i].raw) != c[i].want) {
			print_error("vague '%s' should be %d\n", c[i].raw, c[i].want);
			fail();
		}
	rules_free(r);
}

static void
test_campaign(void **state)
{
	static const struct {
		const char	*raw;
		int		 want;
	} c[] = {
		{ "spring-sale_2026", 1 }, { "q1.launch", 1 }, { "abc", 1 },
		{ "fy23-q4-amer", 1 }, { "ab", 0 }, { "Spring Sale", 0 },
		{ "spring sale", 0 }, { "-sale", 0 }, { "", 0 }, { "sale!", 0 },
	};
	struct rules *r = tu_rules(TU_RULES);
	const char *cpc_yaml = "version: 1\nmediums:\n  cpc: {}\n  email: {}\n"
	    "campaign:\n  pattern:\n  required_for_mediums: [email]\n";
	enum rules_how how;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		if (rules_campaign_ok(r, c[i].raw, strlen(c[i].raw)) != c[i].want) {
			print_error("campaign '%s' should be %d\n", c[i].raw, c[i].want);
			fail();
		}
	assert_string_equal(rules_campaign_pattern(r), "^[a-z0-9][a-z0-9_.-]{2,}$");
	assert_int_equal(rules_campaign_required(r, med(r, "cpc", &how)), 1);
	assert_int_equal(rules_campaign_required(r, med(r, "ppc", &how)), 1);
	assert_int_equal(rules_campaign_required(r, med(r, "email", &how)), 0);
	assert_int_equal(rules_campaign_required(r, NULL), 0);
	rules_free(r);

	/* No pattern: every code is fine; required mediums as listed. */
	r = tu_rules(cpc_yaml);
	assert_null(rules_campaign_pattern(r));
	assert_int_equal(rules_campaign_ok(r, "Any Thing!", 10), 1);
	assert_int_equal(rules_campaign_required(r, med(r, "cpc", &how)), 0);
	assert_int_equal(rules_campaign_required(r, med(r, "email", &how)), 1);
	rules_free(r);
}

static void
test_offline(void **state)
{
	static const enum category dflt[] = { CAT_EVENT, CAT_REFERRAL, CAT_PARTNER,
	    CAT_OUTBOUND, CAT_PHONE };
	struct rules *r;
	size_t i;
	int c, want;

	(void)state;
	/* An offline section without categories keeps the built-in five. */
	r = tu_rules("version: 1\noffline: {}\n");
	for (c = 0; c < CAT_COUNT; c++) {
		for (want = 0, i = 0; i < sizeof dflt / sizeof dflt[0]; i++)
			want |= dflt[i] == (enum category)c;
		if (rules_offline(r, (enum category)c) != want) {
			print_error("offline %s should be %d\n",
			    rules_category_name((enum category)c), want);
			fail();
		}
	}
	rules_free(r);

	r = tu_rules("version: 1\noffline:\n  categories: [event, ai]\n");
	assert_int_equal(rules_offline(r, CAT_EVENT), 1);
	assert_int_equal(rules_offline(r, CAT_AI), 1);
	assert_int_equal(rules_offline(r, CAT_PHONE), 0);
	assert_int_equal(rules_offline(r, CAT_NONE), 0);
	rules_free(r);

	r = tu_rules("version: 1\noffline:\n  categories: []\n");
	for (c = 0; c < CAT_COUNT; c++)
		assert_int_equal(rules_offline(r, (enum category)c), 0);
	rules_free(r);
}

static void
test_links(void **state)
{
	struct rules *r;

	(void)state;
	r = tu_rules("version: 1\nlinks:\n  required: [utm_source, utm_campaign, utm_id]\n"
	    "  closed_sources: true\n  closed_mediums: no\n"
	    "  severity: {utm-missing: warning, source-vague: note, pii: error}\n");
	assert_int_equal(rules_links_required_count(r), 3);
	assert_string_equal(rules_links_required(r, 0), "utm_source");
	assert_string_equal(rules_links_required(r, 2), "utm_id");
	assert_int_equal(rules_links_closed_sources(r), 1);
	assert_int_equal(rules_links_closed_mediums(r), 0);
	assert_int_equal(rules_links_severity(r, "utm-missing"), SEV_WARNING);
	assert_int_equal(rules_links_severity(r, "source-vague"), SEV_NOTE);
	assert_int_equal(rules_links_severity(r, "pii"), SEV_ERROR);
	assert_int_equal(rules_links_severity(r, "utm-empty"), -1);
	assert_int_equal(rules_links_severity(r, "no-such-check"), -1);
	rules_free(r);

	/* Without 'required' the three basic parameters are required. */
	r = tu_rules("version: 1\nlinks:\n  closed_mediums: true\n");
	assert_int_equal(rules_links_required_count(r), 3);
	assert_string_equal(rules_links_required(r, 0), "utm_source");
	assert_string_equal(rules_links_required(r, 1), "utm_medium");
	assert_string_equal(rules_links_required(r, 2), "utm_campaign");
	assert_int_equal(rules_links_closed_sources(r), 0);
	assert_int_equal(rules_links_closed_mediums(r), 1);
	assert_int_equal(rules_links_severity(r, "utm-missing"), -1);
	rules_free(r);

	/* An empty list requires nothing. */
	r = tu_rules("version: 1\nlinks:\n  required: []\n");
	assert_int_equal(rules_links_required_count(r), 0);
	rules_free(r);
}

static void
test_settings(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	unsigned long long seed;
	int set = -1, i;

	(void)state;
	assert_string_equal(rules_name(r), "t.yaml");
	assert_true(rules_threshold(r) == 0.8);
	assert_int_equal(rules_sample_size(r), 50);
	seed = rules_sample_seed(r, &set);
	assert_int_equal(seed, 7);
	assert_int_equal(set, 1);
	assert_int_equal(rules_column_count(r, ROLE_SOURCE), 3);
	assert_string_equal(rules_column(r, ROLE_SOURCE, 0), "Original Source");
	assert_string_equal(rules_column(r, ROLE_SOURCE, 2), "Leadbron");
	assert_int_equal(rules_column_count(r, ROLE_UTM_ID), 1);
	rules_free(r);

	/* A big seed; no seed. */
	r = tu_rules("version: 1\nsample: {size: 1000000, seed: 18446744073709551615}\n");
	assert_int_equal(rules_sample_size(r), 1000000);
	assert_true(rules_sample_seed(r, &set) == 18446744073709551615ULL);
	assert_int_equal(set, 1);
	rules_free(r);
	r = tu_rules("version: 1\nsample: {size: 1}\nthreshold: 0\n");
	assert_int_equal(rules_sample_seed(r, &set), 0);
	assert_int_equal(set, 0);
	assert_true(rules_threshold(r) == 0.0);
	rules_free(r);

	/* A single header name, and an empty entry. */
	r = tu_rules("version: 1\ncolumns:\n  source: Herkunft\n  owner:\n");
	assert_int_equal(rules_column_count(r, ROLE_SOURCE), 1);
	assert_string_equal(rules_column(r, ROLE_SOURCE, 0), "Herkunft");
	assert_int_equal(rules_column_count(r, ROLE_OWNER), 0);
	/* The columns section is replaced whole. */
	assert_int_equal(rules_column_count(r, ROLE_ID), 0);
	rules_free(r);

	/* Role and category names round-trip. */
	for (i = 0; i < ROLE_COUNT; i++)
		assert_int_equal(rules_role_parse(rules_role_name((enum role)i)), i);
	assert_int_equal(rules_role_parse("Source"), -1);
	assert_int_equal(rules_role_parse(""), -1);
	assert_string_equal(rules_category_name(CAT_NONE), "none");
	assert_string_equal(rules_category_name(CAT_SOCIAL), "social");
	assert_string_equal(rules_category_name(CAT_OTHER), "other");
}

/* A pattern that backtracks exponentially hits the match limit and says so,
 * instead of hanging the run. */
static void
test_match_limit(void **state)
{
	const char *subject = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
	struct rules *r;
	enum rules_how how;
	int limit = 0;

	(void)state;
	alarm(60);	/* a watchdog, not a measurement: a hang kills the test */
	r = tu_rules("version: 1\nsources:\n  x: {patterns: ['^(a+)+$']}\n"
	    "  y: {patterns: ['^a+b$']}\n"
	    "vague:\n  patterns: ['^(a|aa)+$']\n"
	    "campaign:\n  pattern: '^(a+)+$'\n");
	/* The limit is hit on x; y still gets its chance and matches. */
	assert_non_null(src(r, subject, &how, &limit));
	assert_string_equal(src(r, subject, &how, &limit)->name, "y");
	assert_int_equal(limit, 1);
	rules_free(r);

	r = tu_rules("version: 1\nsources:\n  x: {patterns: ['^(a+)+$']}\n"
	    "vague:\n  patterns: ['^(a|aa)+$']\n"
	    "campaign:\n  pattern: '^(a+)+$'\n");
	limit = 0;
	assert_null(src(r, subject, &how, &limit));
	assert_int_equal(how, RULES_NONE);
	assert_int_equal(limit, 1);
	limit = 0;
	assert_int_equal(rules_is_vague(r, subject, strlen(subject), &limit), 0);
	assert_int_equal(limit, 1);
	assert_int_equal(rules_campaign_ok(r, subject, strlen(subject)), -1);
	/* The same patterns on harmless input. */
	limit = 0;
	assert_non_null(src(r, "aaaa", &how, &limit));
	assert_int_equal(how, RULES_PATTERN);
	assert_int_equal(limit, 0);
	assert_int_equal(rules_is_vague(r, "aaa", 3, &limit), 1);
	assert_int_equal(rules_campaign_ok(r, "aaa", 3), 1);
	rules_free(r);
	alarm(0);
}

/* ---- rules show: the dump loads back to the same rules ---- */

static char *
dump(const struct rules *r)
{
	struct tu_mem m;
	char *s;

	assert_int_equal(rules_dump(r, tu_mem_open(&m)), 0);
	tu_mem_text(&m);
	s = m.buf;
	m.buf = NULL;
	tu_mem_free(&m);
	return s;
}

static void
same_rules(const struct rules *a, const struct rules *b)
{
	size_t i, j;
	int sa, sb;

	assert_true(rules_threshold(a) == rules_threshold(b));
	assert_int_equal(rules_sample_size(a), rules_sample_size(b));
	assert_true(rules_sample_seed(a, &sa) == rules_sample_seed(b, &sb));
	assert_int_equal(sa, sb);
	for (i = 0; i < ROLE_COUNT; i++) {
		assert_int_equal(rules_column_count(a, (enum role)i),
		    rules_column_count(b, (enum role)i));
		for (j = 0; j < rules_column_count(a, (enum role)i); j++)
			assert_string_equal(rules_column(a, (enum role)i, j),
			    rules_column(b, (enum role)i, j));
	}
	assert_int_equal(rules_source_count(a), rules_source_count(b));
	for (i = 0; i < rules_source_count(a); i++) {
		const struct rules_canon *x = rules_source_at(a, i), *y = rules_source_at(b, i);
		assert_string_equal(x->name, y->name);
		assert_string_equal(x->key, y->key);
		assert_int_equal(x->category, y->category);
		assert_int_equal(x->generic, y->generic);
	}
	assert_int_equal(rules_medium_count(a), rules_medium_count(b));
	for (i = 0; i < rules_medium_count(a); i++) {
		assert_string_equal(rules_medium_at(a, i)->name, rules_medium_at(b, i)->name);
		assert_int_equal(rules_campaign_required(a, rules_medium_at(a, i)),
		    rules_campaign_required(b, rules_medium_at(b, i)));
	}
	if (rules_campaign_pattern(a) == NULL)
		assert_null(rules_campaign_pattern(b));
	else
		assert_string_equal(rules_campaign_pattern(a), rules_campaign_pattern(b));
	for (i = 0; i < CAT_COUNT; i++)
		assert_int_equal(rules_offline(a, (enum category)i),
		    rules_offline(b, (enum category)i));
	assert_int_equal(rules_links_required_count(a), rules_links_required_count(b));
	for (i = 0; i < rules_links_required_count(a); i++)
		assert_string_equal(rules_links_required(a, i), rules_links_required(b, i));
	assert_int_equal(rules_links_closed_sources(a), rules_links_closed_sources(b));
	assert_int_equal(rules_links_closed_mediums(a), rules_links_closed_mediums(b));
	for (i = F_URL_MALFORMED; i < F__COUNT; i++) {
		const char *id = finding_name((enum finding_id)i);
		assert_int_equal(rules_links_severity(a, id), rules_links_severity(b, id));
	}
}

static void
round_trip(const struct rules *a)
{
	struct rules *b;
	struct diag d;
	char *t1, *t2;

	t1 = dump(a);
	memset(&d, 0, sizeof d);
	b = rules_load_mem("dump", t1, strlen(t1), &d);
	if (b == NULL) {
		print_error("the dump does not load: dump:%ld:%ld: %s\n%s\n", d.line, d.col,
		    d.msg, t1);
		fail();
	}
	same_rules(a, b);
	/* Dumping again gives the same text but for the first (comment) line. */
	t2 = dump(b);
	assert_non_null(strchr(t1, '\n'));
	assert_non_null(strchr(t2, '\n'));
	assert_string_equal(strchr(t1, '\n'), strchr(t2, '\n'));
	free(t1);
	free(t2);
	rules_free(b);
}

static void
test_dump_round_trip(void **state)
{
	struct rules *r;
	enum rules_how how;
	char *t;

	(void)state;
	r = tu_rules(TU_RULES);
	round_trip(r);
	/* Aliases, patterns and vague values survive too. */
	t = dump(r);
	rules_free(r);
	r = tu_rules(t);
	free(t);
	check_lookups(r, source_cases, sizeof source_cases / sizeof source_cases[0], 1);
	check_lookups(r, medium_cases, sizeof medium_cases / sizeof medium_cases[0], 0);
	assert_int_equal(vague(r, "Test Lead"), 1);
	assert_int_equal(vague(r, "(not set)"), 1);
	assert_non_null(rules_source_exact(r, "Beurs", 5));
	assert_non_null(src(r, "lnkd.in", &how, NULL));
	rules_free(r);

	/* Spellings that share the canonical's key are kept as written: GA4's
	 * view (rules_source_exact) does not change. */
	r = tu_rules("version: 1\nsources:\n  linkedin: {category: social, "
	    "aliases: [LinkedIn, li, LI, linked-in]}\nvague: {}\n"
	    "ga4: {sources: [linkedin, LinkedIn, li, LI, linked-in]}\n");
	t = dump(r);
	rules_free(r);
	r = tu_rules(t);
	free(t);
	assert_non_null(rules_source_exact(r, "LinkedIn", 8));
	assert_non_null(rules_source_exact(r, "LI", 2));
	assert_non_null(rules_source_exact(r, "li", 2));
	assert_non_null(rules_source_exact(r, "linked-in", 9));
	assert_null(rules_source_exact(r, "LINKEDIN", 8));
	assert_non_null(src(r, "LI", &how, NULL));
	assert_int_equal(how, RULES_ALIAS);
	assert_non_null(src(r, "linked in", &how, NULL));
	assert_int_equal(how, RULES_ALIAS);
	round_trip(r);
	rules_free(r);

	/* Quotes, settings and empty sections. */
	r = tu_rules("version: 1\nthreshold: 0.125\nsample: {size: 3, seed: 99}\n"
	    "columns:\n  source: [\"Kid's source\", 'a: b', '#x']\n"
	    "sources:\n  \"o'reilly\": {category: referral, aliases: ['it''s']}\n"
	    "mediums: {}\nvague: {}\ncampaign: {}\noffline: {categories: []}\n"
	    "links:\n  required: [utm_id]\n  closed_sources: true\n"
	    "  severity: {pii: warning, utm-empty: note}\n");
	round_trip(r);
	rules_free(r);

	/* Names past YAML's 1,024-character limit for an implicit key, one
	 * plain and one of 200 characters written with escapes, become
	 * explicit keys; a name just under the limit stays implicit. */
	{
		char y[8192], name[1101];
		size_t n;
		int i;
		memset(name, 'a', sizeof name - 1);
		name[sizeof name - 1] = '\0';
		n = (size_t)snprintf(y, sizeof y, "version: 1\nsources:\n  ? %s\n"
		    "  : {category: event}\n  m%.990s: {}\n  ? \"z", name, name);
		for (i = 0; i < 200; i++)
			n += (size_t)snprintf(y + n, sizeof y - n, "\\ufeff");
		snprintf(y + n, sizeof y - n, "\"\n  : {aliases: [b]}\nvague: {}\n");
		r = tu_rules(y);
		t = dump(r);
		assert_non_null(strstr(t, "\n  ? 'aaa"));
		assert_non_null(strstr(t, "aaa'\n  :\n    category: event\n"));
		assert_non_null(strstr(t, "\n  'maaa"));
		assert_non_null(strstr(t, "aaa':\n"));
		assert_non_null(strstr(t, "\\ufeff\"\n  :\n    aliases: ['b']\n"));
		free(t);
		round_trip(r);
		rules_free(r);
	}

	/* The built-in rules. */
	r = rules_load_default(NULL);
	assert_non_null(r);
	round_trip(r);
	rules_free(r);
}

/* ---- the built-in rules ---- */

/* The same tree, node for node, as yamltree_parse gives at run time. */
static void
same_tree(const struct ynode *a, const struct ynode *b)
{
	size_t i;

	if (a->type != b->type || a->line != b->line || a->col != b->col ||
	    a->n != b->n || a->len != b->len || a->quoted != b->quoted ||
	    (a->type == YN_SCALAR && memcmp(ynode_str(a), ynode_str(b), a->len + 1) != 0)) {
		print_error("built-in tree differs at %ld:%ld (parsed at %ld:%ld)\n",
		    (long)a->line, (long)a->col, (long)b->line, (long)b->col);
		fail();
	}
	for (i = 0; i < a->n; i++)
		same_tree(ynode_kid(a, i), ynode_kid(b, i));
}

static void
test_default_tree(void **state)
{
	struct ynode *parsed;
	struct diag d;
	char *buf;
	size_t len = 0;

	(void)state;
	buf = tu_slurp("rules/default.yaml", &len);
	assert_non_null(buf);
	parsed = yamltree_parse("rules/default.yaml", buf, len, RULES_MAX_DEPTH, &d);
	assert_non_null(parsed);
	same_tree(default_rules_tree, parsed);
	ynode_free(parsed);
	free(buf);
}

static void
test_default(void **state)
{
	static const char *const vague_values[] = { "website", "other", "onbekend",
	    "direct traffic", "(not set)" };
	static const char *const mediums[] = { "cpc", "organic", "referral", "email" };
	struct rules *r, *m;
	const struct rules_canon *cn;
	enum rules_how how;
	struct diag d;
	size_t i;

	(void)state;
	memset(&d, 0, sizeof d);
	r = rules_load_default(&d);
	if (r == NULL) {
		print_error("built-in rules: %s:%ld:%ld: %s\n", d.file, d.line, d.col, d.msg);
		fail();
	}
	assert_string_equal(rules_name(r), "(built-in default.yaml)");
	for (i = 0; i < sizeof vague_values / sizeof vague_values[0]; i++)
		if (!vague(r, vague_values[i])) {
			print_error("built-in rules: '%s' is not vague\n", vague_values[i]);
			fail();
		}
	cn = src(r, "LI", &how, NULL);
	assert_non_null(cn);
	assert_string_equal(cn->name, "linkedin");
	assert_int_equal(how, RULES_ALIAS);
	cn = src(r, "linkedin", &how, NULL);
	assert_non_null(cn);
	assert_int_equal(how, RULES_EXACT);
	assert_int_equal(cn->category, CAT_SOCIAL);
	cn = src(r, "xing", &how, NULL);
	assert_non_null(cn);
	assert_int_equal(cn->category, CAT_SOCIAL);
	for (i = 0; i < sizeof mediums / sizeof mediums[0]; i++)
		if (med(r, mediums[i], &how) == NULL) {
			print_error("built-in rules: '%s' is not a medium\n", mediums[i]);
			fail();
		}
	assert_true(rules_threshold(r) > 0.0 && rules_threshold(r) <= 1.0);
	assert_true(rules_sample_size(r) > 0);
	assert_true(rules_column_count(r, ROLE_SOURCE) > 0);
	assert_true(rules_column_count(r, ROLE_UTM_SOURCE) > 0);
	/* Every canonical name leads to itself (nothing shadows it). */
	for (i = 0; i < rules_source_count(r); i++) {
		const struct rules_canon *c = rules_source_at(r, i);
		assert_ptr_equal(src(r, c->name, &how, NULL), c);
		assert_false(vague(r, c->name));
	}
	for (i = 0; i < rules_medium_count(r); i++)
		assert_ptr_equal(med(r, rules_medium_at(r, i)->name, &how), rules_medium_at(r, i));

	/* A file with only a version takes every section from the built-in rules. */
	m = tu_rules("version: 1\n");
	same_rules(r, m);
	rules_free(m);
	/* A file that sets one section keeps the others. */
	m = tu_rules("version: 1\nthreshold: 0.5\n");
	assert_true(rules_threshold(m) == 0.5);
	assert_int_equal(rules_source_count(m), rules_source_count(r));
	assert_int_equal(rules_medium_count(m), rules_medium_count(r));
	rules_free(m);
	rules_free(r);
}

/* Two maps with the same keys in the same order, their values the same
 * offsets from a and b (or both (void *)1). */
static void
same_map(const struct map *ma, const struct map *mb, const void *a, const void *b,
    size_t size)
{
	size_t i, la, lb;

	assert_int_equal(map_count(ma), map_count(mb));
	for (i = 0; i < map_count(ma); i++) {
		const char *ka = map_key(ma, i, &la), *kb = map_key(mb, i, &lb);
		const char *va = map_value(ma, i), *vb = map_value(mb, i);
		assert_int_equal(la, lb);
		assert_memory_equal(ka, kb, la);
		if (a == NULL)
			assert_ptr_equal(va, vb);
		else
			assert_int_equal((size_t)(va - (const char *)a) / size,
			    (size_t)(vb - (const char *)b) / size);
		assert_ptr_equal(map_get(ma, ka, la), va);
	}
}

static void
same_table(const struct table *a, const struct table *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		assert_string_equal(a->canon[i].name, b->canon[i].name);
		assert_string_equal(a->canon[i].key, b->canon[i].key);
		assert_int_equal(a->canon[i].category, b->canon[i].category);
		assert_int_equal(a->canon[i].generic, b->canon[i].generic);
		assert_int_equal(a->canon[i].index, b->canon[i].index);
	}
	assert_int_equal(a->nspell, b->nspell);
	assert_memory_equal(a->spell, b->spell, a->nspell * sizeof *a->spell);
	assert_int_equal(a->nwritten, b->nwritten);
	for (i = 0; i < a->nwritten; i++) {
		assert_string_equal(a->written[i].s, b->written[i].s);
		assert_int_equal(a->written[i].spell, b->written[i].spell);
		assert_int_equal(a->written[i].next, b->written[i].next);
	}
	assert_int_equal(a->npats, b->npats);
	for (i = 0; i < a->npats; i++) {
		assert_string_equal(pat_source(a->pats[i].pat), pat_source(b->pats[i].pat));
		assert_int_equal(a->pats[i].canon, b->pats[i].canon);
	}
	same_map(a->bykey, b->bykey, a->spell, b->spell, sizeof *a->spell);
}

/* rules_load_default fills the big sections from the image rules2c wrote
 * at build time; rules/default.yaml loaded as a rule file gives every
 * table, string, index and map entry the same, and the same dump. */
static void
test_default_image(void **state)
{
	struct rules *a, *b;
	struct tu_mem ma, mb;
	struct diag d;
	char *buf;
	size_t len = 0, i;

	(void)state;
	buf = tu_slurp("rules/default.yaml", &len);
	assert_non_null(buf);
	a = rules_load_default(&d);
	assert_non_null(a);
	b = rules_load_mem("rules/default.yaml", buf, len, &d);
	assert_non_null(b);
	assert_true(a->src.n > 100);
	same_table(&a->src, &b->src);
	same_table(&a->med, &b->med);
	same_map(a->vague, b->vague, NULL, NULL, 1);
	assert_int_equal(a->nvague, b->nvague);
	for (i = 0; i < a->nvague; i++)
		assert_string_equal(a->vague_values[i], b->vague_values[i]);
	assert_int_equal(a->nvague_pats, b->nvague_pats);
	for (i = 0; i < a->nvague_pats; i++)
		assert_string_equal(pat_source(a->vague_pats[i]), pat_source(b->vague_pats[i]));
	same_map(a->ga4, b->ga4, a->src.spell, b->src.spell, sizeof *a->src.spell);
	assert_int_equal(a->nga4, b->nga4);
	for (i = 0; i < a->nga4; i++)
		assert_string_equal(a->ga4_values[i], b->ga4_values[i]);
	assert_int_equal(rules_dump(a, tu_mem_open(&ma)), 0);
	assert_int_equal(rules_dump(b, tu_mem_open(&mb)), 0);
	/* (past the first line, which names where the rules came from) */
	assert_string_equal(strchr(tu_mem_text(&ma), '\n'), strchr(tu_mem_text(&mb), '\n'));
	tu_mem_free(&ma);
	tu_mem_free(&mb);
	rules_free(a);
	rules_free(b);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_diag_format),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_source_exact),
		cmocka_unit_test(test_vague),
		cmocka_unit_test(test_campaign),
		cmocka_unit_test(test_offline),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_dump_round_trip),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_default_tree),
		cmocka_unit_test(test_default_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
