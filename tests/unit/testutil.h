/* testutil: helpers shared by the cmocka unit tests.  Include after
 * <cmocka.h>.  Everything here is static inline so a test that does not use
 * a helper gets no unused-function warning.
 *
 * TU_RULES is a complete rule file: it sets every section, so nothing comes
 * from the built-in rules and the tests do not depend on their contents. */
#ifndef TESTUTIL_H
#define TESTUTIL_H
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "diag.h"
#include "norm.h"
#include "rules.h"

#define TU_RULES \
	"version: 1\n" \
	"threshold: 0.8\n" \
	"sample:\n" \
	"  size: 50\n" \
	"  seed: 7\n" \
	"columns:\n" \
	"  id: [Record ID, Lead ID]\n" \
	"  source: [Original Source, Lead Source, Leadbron]\n" \
	"  source_detail: [Original Source Drill-Down 1, Lead Source Detail, Leadbron detail]\n" \
	"  utm_source: [utm_source]\n" \
	"  utm_medium: [utm_medium]\n" \
	"  utm_campaign: [utm_campaign]\n" \
	"  utm_content: [utm_content]\n" \
	"  utm_term: [utm_term]\n" \
	"  utm_id: [utm_id]\n" \
	"  url: [First Page Seen, Landing Page]\n" \
	"  created: [Create Date, Created Date, Aangemaakt op]\n" \
	"  owner: [Contact owner, Lead Owner, Eigenaar]\n" \
	"sources:\n" \
	"  google: {category: search, aliases: [adwords, google ads]}\n" \
	"  bing: {category: search}\n" \
	"  linkedin: {category: social, aliases: [li, lnkd.in], patterns: ['^linkedin_[a-z]+$']}\n" \
	"  xing: {category: social}\n" \
	"  youtube: {category: video}\n" \
	"  amazon: {category: shopping}\n" \
	"  newsletter: {category: email}\n" \
	"  trade_show: {category: event, aliases: [Beurs, messe], generic: true}\n" \
	"  organic_search: {category: search, generic: true}\n" \
	"  paid_social: {category: social, generic: true}\n" \
	"  partner_program: {category: partner}\n" \
	"  cold_call: {category: outbound}\n" \
	"  acme_portal:\n" \
	"mediums:\n" \
	"  cpc: {aliases: [ppc, paid search]}\n" \
	"  organic: {}\n" \
	"  referral: {}\n" \
	"  email: {}\n" \
	"  social: {}\n" \
	"  display: {}\n" \
	"  event: {}\n" \
	"vague:\n" \
	"  values: [website, other, unknown, (not set), direct traffic, onbekend]\n" \
	"  patterns: ['^test(_|$)']\n" \
	"campaign:\n" \
	"  pattern: '^[a-z0-9][a-z0-9_.-]{2,}$'\n" \
	"  required_for_mediums: [cpc]\n" \
	"offline:\n" \
	"  categories: [event, referral, partner, outbound, phone]\n" \
	"links:\n" \
	"  required: [utm_source, utm_medium, utm_campaign]\n" \
	"  closed_sources: false\n" \
	"  closed_mediums: false\n" \
	"  severity: {}\n" \
	"ga4:\n" \
	"  sources: [google, google ads, bing, linkedin, li, lnkd.in, xing, youtube, amazon, Beurs]\n"

/* Loads rules from a string; fails the test (printing the diag) on error. */
static inline struct rules *
tu_rules(const char *yaml)
{
	struct diag d;
	struct rules *r;

	memset(&d, 0, sizeof d);
	r = rules_load_mem("t.yaml", yaml, strlen(yaml), &d);
	if (r == NULL) {
		print_error("rules did not load: %s:%ld:%ld: %s\n", d.file, d.line,
		    d.col, d.msg);
		fail();
	}
	return r;
}

/* Loads rules that must fail; returns 0 with d filled, fails the test when
 * they load. */
static inline void
tu_rules_fail(const char *yaml, struct diag *d)
{
	struct rules *r;

	memset(d, 0, sizeof *d);
	r = rules_load_mem("t.yaml", yaml, strlen(yaml), d);
	if (r != NULL) {
		rules_free(r);
		print_error("rules loaded but should not have:\n%s\n", yaml);
		fail();
	}
}

/* A record built from strings.  The strings must outlive the record. */
#define TU_MAX_FIELDS	64

struct tu_rec {
	struct csvin_record	 rec;
	const char		*f[TU_MAX_FIELDS];
	size_t			 l[TU_MAX_FIELDS];
};

static inline const struct csvin_record *
tu_record(struct tu_rec *t, long line, const char *const *v, size_t n)
{
	size_t i;

	assert_true(n <= TU_MAX_FIELDS);
	memset(t, 0, sizeof *t);
	for (i = 0; i < n; i++) {
		t->f[i] = v[i] ? v[i] : "";
		t->l[i] = strlen(t->f[i]);
	}
	t->rec.nfields = n;
	t->rec.fields = t->f;
	t->rec.lens = t->l;
	t->rec.line = line;
	t->rec.end_line = line;
	t->rec.eol = "\n";
	return &t->rec;
}

/* The same from a NULL-terminated argument list. */
static inline const struct csvin_record *
tu_recordv(struct tu_rec *t, long line, ...)
{
	const char *v[TU_MAX_FIELDS];
	const char *s;
	size_t n = 0;
	va_list ap;

	va_start(ap, line);
	while ((s = va_arg(ap, const char *)) != NULL) {
		assert_true(n < TU_MAX_FIELDS);
		v[n++] = s;
	}
	va_end(ap);
	return tu_record(t, line, v, n);
}

/* Fills l through norm_lead from one value per role (NULL: absent), using a
 * column map where role i is column i. */
static inline void
tu_lead(struct lead *l, const char *const vals[ROLE_COUNT])
{
	struct colmap cm;
	struct tu_rec t;
	int i;

	memset(&cm, 0, sizeof cm);
	for (i = 0; i < ROLE_COUNT; i++)
		cm.col[i] = i;
	cm.ncols = ROLE_COUNT;
	tu_record(&t, 2, vals, ROLE_COUNT);
	norm_lead(&cm, &t.rec, 1, l);
}

/* Text written to a memory stream. */
struct tu_mem {
	FILE	*fp;
	char	*buf;
	size_t	 len;
};

static inline FILE *
tu_mem_open(struct tu_mem *m)
{
	memset(m, 0, sizeof *m);
	m->fp = open_memstream(&m->buf, &m->len);
	assert_non_null(m->fp);
	return m->fp;
}

/* Closes the stream; the text stays in m->buf (free it with tu_mem_free). */
static inline const char *
tu_mem_text(struct tu_mem *m)
{
	if (m->fp != NULL) {
		assert_int_equal(fclose(m->fp), 0);
		m->fp = NULL;
	}
	return m->buf;
}

static inline void
tu_mem_free(struct tu_mem *m)
{
	if (m->fp != NULL)
		fclose(m->fp);
	free(m->buf);
	memset(m, 0, sizeof *m);
}

/* Asserts that hay contains needle, showing both when it does not. */
#define tu_assert_contains(hay, needle) do {				\
	const char *tu_h_ = (hay), *tu_n_ = (needle);			\
	if (tu_h_ == NULL || strstr(tu_h_, tu_n_) == NULL) {		\
		print_error("'%s' does not contain '%s'\n",		\
		    tu_h_ ? tu_h_ : "(null)", tu_n_);			\
		fail();							\
	}								\
} while (0)

/* A whole file, NUL-terminated, in memory owned by the caller; NULL when
 * it cannot be opened (a run that wrote no report). */
static inline char *
tu_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *p;
	long n;

	if (fp == NULL)
		return NULL;
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	assert_true((n = ftell(fp)) >= 0);
	rewind(fp);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

/* A fixed-seed PRNG (xorshift64*), so generated cases are the same on every run. */
static inline uint64_t
tu_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

#endif
