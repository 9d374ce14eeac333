/* Unit tests for norm: keys (examples, truncation, a generated idempotence
 * property checked against a reference), trimming, case variants, and a
 * record -> a lead (fields by role, UTMs from the URL column). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "norm.h"
#include "testutil.h"

#define NBSP	"\xc2\xa0"
#define E_ACUTE	"\xc3\xa9"

struct kcase {
	const char	*in;
	size_t		 len;	/* 0: strlen(in) */
	size_t		 cap;	/* 0: NORM_KEY_MAX + 1 */
	const char	*key;
	int		 cut;
	size_t		 klen;	/* 0: strlen(key) */
};

static const struct kcase kcases[] = {
	{ "linkedin", 0, 0, "linkedin", 0, 0 },
	{ "LinkedIn", 0, 0, "linkedin", 0, 0 },
	{ "LINKEDIN", 0, 0, "linkedin", 0, 0 },
	{ "  LinkedIn  ", 0, 0, "linkedin", 0, 0 },
	{ "\t\r\n\v\fLinkedIn\f\v\n\r\t", 0, 0, "linkedin", 0, 0 },
	{ NBSP "LinkedIn" NBSP, 0, 0, "linkedin", 0, 0 },
	{ NBSP " " NBSP "x" " " NBSP, 0, 0, "x", 0, 0 },
	{ "Linked In", 0, 0, "linked_in", 0, 0 },
	{ "Linked  -_ In", 0, 0, "linked_in", 0, 0 },
	{ "Linked" NBSP "In", 0, 0, "linked_in", 0, 0 },
	{ "Linked" NBSP NBSP "-In", 0, 0, "linked_in", 0, 0 },
	{ "paid-social", 0, 0, "paid_social", 0, 0 },
	{ "paid__social", 0, 0, "paid_social", 0, 0 },
	{ "Paid Social", 0, 0, "paid_social", 0, 0 },
	{ "x\ty\nz\vw", 0, 0, "x_y_z_w", 0, 0 },
	/* '-' and '_' are folded, not trimmed. */
	{ "-", 0, 0, "_", 0, 0 },
	{ "_x_", 0, 0, "_x_", 0, 0 },
	{ " - x - ", 0, 0, "_x_", 0, 0 },
	{ "--a--", 0, 0, "_a_", 0, 0 },
	{ "(not set)", 0, 0, "(not_set)", 0, 0 },
	{ "(Direct)", 0, 0, "(direct)", 0, 0 },
	{ "ABC123xyz", 0, 0, "abc123xyz", 0, 0 },
	{ "lnkd.in", 0, 0, "lnkd.in", 0, 0 },
	/* UTF-8 stays as it is: only ASCII is case-folded. */
	{ "Messe M\xc3\xbcnchen", 0, 0, "messe_m\xc3\xbcnchen", 0, 0 },
	{ "\xc3\x89v" E_ACUTE "nement", 0, 0, "\xc3\x89v" E_ACUTE "nement", 0, 0 },
	{ "\xe2\x80\x94 dash", 0, 0, "\xe2\x80\x94_dash", 0, 0 },
	{ "\xf0\x9f\x98\x80 Smile", 0, 0, "\xf0\x9f\x98\x80_smile", 0, 0 },
	/* Invalid bytes are kept; a lone 0xc2 or 0xa0 is not an NBSP. */
	{ "a\xc2", 0, 0, "a\xc2", 0, 0 },
	{ "\xa0x", 0, 0, "\xa0x", 0, 0 },
	{ "\xc2\xc2\xa0x", 0, 0, "\xc2_x", 0, 0 },
	/* Empty and blank. */
	{ "", 0, 0, "", 0, 0 },
	{ "   ", 0, 0, "", 0, 0 },
	{ NBSP, 0, 0, "", 0, 0 },
	{ "\t" NBSP "\n", 0, 0, "", 0, 0 },
	/* A length shorter than the string. */
	{ "LinkedIn Ads", 8, 0, "linkedin", 0, 0 },
	/* A NUL byte is data, not a terminator. */
	{ "a\0B", 3, 0, "a\0b", 0, 3 },
	/* Truncation to cap - 1 bytes, never inside a UTF-8 sequence. */
	{ "abcdef", 0, 4, "abc", 1, 0 },
	{ "abc", 0, 4, "abc", 0, 0 },
	{ "abc   ", 0, 4, "abc", 0, 0 },
	{ "abc def", 0, 4, "abc", 1, 0 },
	{ "abc", 0, 1, "", 1, 0 },
	{ "", 0, 1, "", 0, 0 },
	{ "aa" E_ACUTE, 0, 4, "aa", 1, 0 },
	{ "a" E_ACUTE E_ACUTE, 0, 4, "a" E_ACUTE, 1, 0 },
	{ "a" E_ACUTE E_ACUTE, 0, 5, "a" E_ACUTE, 1, 0 },
	{ "a" E_ACUTE E_ACUTE, 0, 6, "a" E_ACUTE E_ACUTE, 0, 0 },
	{ "\xe2\x82\xac\xe2\x82\xac", 0, 3, "", 1, 0 },
	{ "\xe2\x82\xac\xe2\x82\xac", 0, 5, "\xe2\x82\xac", 1, 0 },
	{ "\xe2\x82\xac\xe2\x82\xac", 0, 6, "\xe2\x82\xac", 1, 0 },
	{ "\xf0\x9f\x98\x80" "x", 0, 4, "", 1, 0 },
	{ "\xf0\x9f\x98\x80" "x", 0, 5, "\xf0\x9f\x98\x80", 1, 0 },
	{ "x\xf0\x9f\x98\x80", 0, 5, "x", 1, 0 },
};

static void
test_key_examples(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof kcases / sizeof kcases[0]; i++) {
		const struct kcase *c = &kcases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		size_t cap = c->cap ? c->cap : NORM_KEY_MAX + 1;
		size_t want = c->klen ? c->klen : strlen(c->key);
		char out[NORM_KEY_MAX + 1];
		int cut = -1;
		size_t n;

		memset(out, 'Z', sizeof out);
		n = norm_key(c->in, len, out, cap, &cut);
		if (n != want || memcmp(out, c->key, want) != 0 || out[n] != '\0' ||
		    cut != c->cut) {
			print_error("case %zu '%s': got '%s' (len %zu, cut %d), want '%s' "
			    "(len %zu, cut %d)\n", i, c->in, out, n, cut, c->key, want, c->cut);
			fail();
		}
		/* cut may be NULL. */
		assert_int_equal(norm_key(c->in, len, out, cap, NULL), n);
	}
}

static void
test_key_long(void **state)
{
	char in[600], out[NORM_KEY_MAX];
	int cut;
	size_t n, i;

	(void)state;
	memset(in, 'A', sizeof in);
	n = norm_key(in, sizeof in, out, sizeof out, &cut);
	assert_int_equal(n, NORM_KEY_MAX - 1);
	assert_int_equal(cut, 1);
	for (i = 0; i < n; i++)
		assert_int_equal(out[i], 'a');
	assert_int_equal(out[n], '\0');

	/* Exactly cap - 1 bytes fit without a cut. */
	n = norm_key(in, NORM_KEY_MAX - 1, out, sizeof out, &cut);
	assert_int_equal(n, NORM_KEY_MAX - 1);
	assert_int_equal(cut, 0);

	/* A run of 500 separators is one '_'. */
	memset(in, ' ', sizeof in);
	in[0] = 'a';
	in[sizeof in - 1] = 'b';
	n = norm_key(in, sizeof in, out, sizeof out, &cut);
	assert_int_equal(n, 3);
	assert_string_equal(out, "a_b");
	assert_int_equal(cut, 0);

	/* Two-byte characters across the cap: the cut lands on a boundary. */
	for (i = 0; i + 1 < sizeof in; i += 2) {
		in[i] = '\xc3';
		in[i + 1] = '\xa9';
	}
	n = norm_key(in, sizeof in, out, sizeof out, &cut);
	assert_int_equal(cut, 1);
	assert_int_equal(n % 2, 0);
	assert_true(n >= NORM_KEY_MAX - 2);
}

/* ---- the generated property ---- */

static const char *const alphabet[] = {
	" ", "\t", "-", "_", "A", "a", "Z", NBSP, E_ACUTE, "0", "1", "7", "9",
};
#define NALPHA	(sizeof alphabet / sizeof alphabet[0])

static int
is_sep(const char *s, size_t i, size_t len, size_t *w)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '-' || s[i] == '_') {
		*w = 1;
		return 1;
	}
	if (i + 1 < len && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0) {
		*w = 2;
		return 1;
	}
	return 0;
}

/* A straightforward model of the key for strings over the alphabet: trim
 * whitespace and NBSP, fold each run of separators to '_', lower-case A-Z. */
static size_t
ref_key(const char *s, size_t len, char *out)
{
	size_t b = 0, e = len, n = 0, i, w;

	for (;;) {
		if (b < e && (s[b] == ' ' || s[b] == '\t'))
			b++;
		else if (b + 1 < e && (unsigned char)s[b] == 0xc2 &&
		    (unsigned char)s[b + 1] == 0xa0)
			b += 2;
		else
			break;
	}
	for (;;) {
		if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		else if (e >= b + 2 && (unsigned char)s[e - 2] == 0xc2 &&
		    (unsigned char)s[e - 1] == 0xa0)
			e -= 2;
		else
			break;
	}
	for (i = b; i < e; ) {
		if (is_sep(s, i, e, &w)) {
			if (n == 0 || out[n - 1] != '_')
				out[n++] = '_';
			i += w;
		} else {
			out[n++] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
			i++;
		}
	}
	out[n] = '\0';
	return n;
}

/* 1 when s[0..n) is valid UTF-8 (enough for the alphabet's characters). */
static int
utf8_ok(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		if (s[i] < 0x80)
			i++;
		else if (s[i] >= 0xc2 && s[i] <= 0xdf && i + 1 < n && (s[i + 1] & 0xc0) == 0x80)
			i += 2;
		else
			return 0;
	}
	return 1;
}

static void
test_key_property(void **state)
{
	uint64_t seed = 0x5eed5eed12345678ULL;
	char in[800], k1[NORM_KEY_MAX + 1], k2[NORM_KEY_MAX + 1], full[NORM_KEY_MAX + 1];
	char ref[1600];
	long cases, cuts = 0;

	(void)state;
	for (cases = 0; cases < 120000; cases++) {
		size_t len = 0, parts, p, n1, n2, nf, nr, cap, i;
		int cut1, cut2, cutf;

		/* Mostly short strings; one in eight long enough to be truncated. */
		parts = tu_rand(&seed) % 8 == 0 ? 100 + tu_rand(&seed) % 300 :
		    tu_rand(&seed) % 24;
		for (p = 0; p < parts; p++) {
			const char *a = alphabet[tu_rand(&seed) % NALPHA];
			memcpy(in + len, a, strlen(a));
			len += strlen(a);
		}
		/* Half of the cases with a small cap, to truncate often. */
		cap = tu_rand(&seed) % 2 ? 1 + tu_rand(&seed) % 24 : sizeof k1;

		n1 = norm_key(in, len, k1, cap, &cut1);
		n2 = norm_key(k1, n1, k2, cap, &cut2);
		if (n1 != n2 || memcmp(k1, k2, n1) != 0 || cut2) {
			print_error("case %ld: key(key(x)) != key(x): '%.*s' -> '%s' -> '%s'\n",
			    cases, (int)len, in, k1, k2);
			fail();
		}
		assert_true(n1 < cap);
		assert_int_equal(k1[n1], '\0');
		assert_true(utf8_ok(k1, n1));
		for (i = 0; i < n1; i++) {
			assert_false(k1[i] >= 'A' && k1[i] <= 'Z');
			assert_false(k1[i] == ' ' || k1[i] == '\t' || k1[i] == '-');
			assert_false(i > 0 && k1[i] == '_' && k1[i - 1] == '_');
			assert_false(i > 0 && (unsigned char)k1[i - 1] == 0xc2 &&
			    (unsigned char)k1[i] == 0xa0);
		}

		/* The full key equals the model; a truncated key is a prefix of it,
		 * cut only when something was left out. */
		nf = norm_key(in, len, full, sizeof full, &cutf);
		nr = ref_key(in, len, ref);
		if (nr < sizeof full) {
			assert_int_equal(cutf, 0);
			if (nf != nr || memcmp(full, ref, nr) != 0) {
				print_error("case %ld: '%.*s' -> '%s', model '%s'\n", cases,
				    (int)len, in, full, ref);
				fail();
			}
		} else {
			assert_int_equal(cutf, 1);
		}
		assert_true(n1 <= nf);
		assert_memory_equal(k1, full, n1);
		assert_int_equal(cut1, n1 < nf || cutf);
		cuts += cut1;
	}
	/* The generator did exercise truncation. */
	assert_true(cuts > 10000);
}

static void
test_trim(void **state)
{
	static const struct {
		const char	*in;
		size_t		 off, len;
	} c[] = {
		{ "", 0, 0 },
		{ "x", 0, 1 },
		{ "  a b  ", 2, 3 },
		{ "\t\r\n\v\fa\f\v\n\r\t", 5, 1 },
		{ NBSP "x" NBSP, 2, 1 },
		{ " " NBSP " x " NBSP " ", 4, 1 },
		{ "-x-", 0, 3 },
		{ "_ x _", 0, 5 },
		{ "   ", 3, 0 },
		{ NBSP NBSP, 4, 0 },
		{ "a\xc2", 0, 2 },
		{ "\xa0x", 0, 2 },
		{ E_ACUTE " ", 0, 2 },
	};
	size_t i, len;
	const char *p;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		len = 99;
		p = norm_trim(c[i].in, strlen(c[i].in), &len);
		if (p != c[i].in + c[i].off || len != c[i].len) {
			print_error("case %zu '%s': got offset %td len %zu, want %zu %zu\n",
			    i, c[i].in, p - c[i].in, len, c[i].off, c[i].len);
			fail();
		}
	}
	/* Only len bytes are looked at. */
	p = norm_trim("ab  cd", 4, &len);
	assert_int_equal(len, 2);
}

static void
test_case_variant(void **state)
{
	static const struct {
		const char	*s, *key;
		int		 want;
	} c[] = {
		{ "LinkedIn", "linkedin", 1 },
		{ "LINKEDIN", "linkedin", 1 },
		{ "linkedin", "linkedin", 1 },
		{ " LinkedIn" NBSP, "linkedin", 1 },
		{ "Linked In", "linked_in", 0 },
		{ "linked-in", "linked_in", 0 },
		{ "linked_in", "linked_in", 1 },
		{ "Linkedln", "linkedin", 0 },
		{ "LinkedIn2", "linkedin", 0 },
		{ "", "", 1 },
		{ "M\xc3\xbc" "NCHEN", "m\xc3\xbc" "nchen", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		if (norm_is_case_variant(c[i].s, strlen(c[i].s), c[i].key,
		    strlen(c[i].key)) != c[i].want) {
			print_error("case %zu: '%s' vs '%s' should be %d\n", i, c[i].s,
			    c[i].key, c[i].want);
			fail();
		}
}

/* ---- a record -> a lead ---- */

/* Header: Id, Source, Detail, utm_source, utm_medium, utm_campaign, URL, Owner */
static void
lead_map(struct colmap *cm)
{
	int i;

	memset(cm, 0, sizeof *cm);
	for (i = 0; i < ROLE_COUNT; i++)
		cm->col[i] = -1;
	cm->col[ROLE_ID] = 0;
	cm->col[ROLE_SOURCE] = 1;
	cm->col[ROLE_SOURCE_DETAIL] = 2;
	cm->col[ROLE_UTM_SOURCE] = 3;
	cm->col[ROLE_UTM_MEDIUM] = 4;
	cm->col[ROLE_UTM_CAMPAIGN] = 5;
	cm->col[ROLE_URL] = 6;
	cm->col[ROLE_OWNER] = 7;
	cm->ncols = 8;
}

static void
assert_field(const struct lead *l, enum role role, const char *raw, const char *key)
{
	const struct norm_field *f = &l->f[role];

	assert_non_null(f->raw);
	if (f->len != strlen(raw) || memcmp(f->raw, raw, f->len) != 0 ||
	    strcmp(f->key, key) != 0 || f->klen != strlen(key)) {
		print_error("role %s: got '%.*s' key '%s', want '%s' key '%s'\n",
		    rules_role_name(role), (int)f->len, f->raw, f->key, raw, key);
		fail();
	}
}

static void
test_lead_fields(void **state)
{
	struct colmap cm;
	struct tu_rec t;
	struct lead l;
	char longsrc[400];

	(void)state;
	lead_map(&cm);
	tu_recordv(&t, 17, "0012", "  LinkedIn ", NBSP "Paid Social", "", " ", "",
	    "", "Jan de Vries", NULL);
	memset(&l, 0x5a, sizeof l);
	norm_lead(&cm, &t.rec, 9, &l);
	assert_int_equal(l.line, 17);
	assert_int_equal(l.rowno, 9);
	assert_int_equal(l.utm_from_url, 0);
	assert_int_equal(l.url_bad_escape, 0);
	assert_field(&l, ROLE_ID, "0012", "0012");
	assert_field(&l, ROLE_SOURCE, "LinkedIn", "linkedin");
	assert_field(&l, ROLE_SOURCE_DETAIL, "Paid Social", "paid_social");
	assert_field(&l, ROLE_UTM_SOURCE, "", "");
	assert_field(&l, ROLE_UTM_MEDIUM, "", "");
	assert_field(&l, ROLE_OWNER, "Jan de Vries", "jan_de_vries");
	/* Roles without a column are absent. */
	assert_field(&l, ROLE_CREATED, "", "");
	assert_field(&l, ROLE_UTM_TERM, "", "");
	assert_int_equal(l.f[ROLE_SOURCE].cut, 0);
	/* raw points into the record. */
	assert_ptr_equal(l.f[ROLE_SOURCE].raw, t.f[1] + 2);

	/* A short (ragged) record: the missing columns are absent. */
	tu_recordv(&t, 18, "7", "Google", NULL);
	norm_lead(&cm, &t.rec, 10, &l);
	assert_field(&l, ROLE_SOURCE, "Google", "google");
	assert_field(&l, ROLE_OWNER, "", "");
	assert_field(&l, ROLE_URL, "", "");

	/* A long value: the key is cut, the raw value is kept whole. */
	memset(longsrc, 'x', sizeof longsrc - 1);
	longsrc[sizeof longsrc - 1] = '\0';
	tu_recordv(&t, 19, "8", longsrc, NULL);
	norm_lead(&cm, &t.rec, 11, &l);
	assert_int_equal(l.f[ROLE_SOURCE].len, sizeof longsrc - 1);
	assert_int_equal(l.f[ROLE_SOURCE].klen, NORM_KEY_MAX - 1);
	assert_int_equal(l.f[ROLE_SOURCE].cut, 1);
}

struct ucase {
	const char	*usrc, *umed, *url;	/* CSV utm_source, utm_medium, URL */
	const char	*want_src, *want_med, *want_camp;
	int		 from_url, bad;
};

static const struct ucase ucases[] = {
	/* Empty utm fields are filled from the URL. */
	{ "", "", "https://www.example.com/p?utm_source=Google&utm_medium=cpc&utm_campaign=spring%20sale",
	    "Google", "cpc", "spring sale", 1, 0 },
	/* Only empty fields: the CSV value wins over the URL. */
	{ "LinkedIn", "", "https://h/?utm_source=google&utm_medium=social",
	    "LinkedIn", "social", "", 1, 0 },
	{ "LinkedIn", "paid", "https://h/?utm_source=google&utm_medium=social",
	    "LinkedIn", "paid", "", 0, 0 },
	/* Names match case-insensitively and after decoding. */
	{ "", "", "https://h/?UTM_Source=Bing&Utm_Medium=CPC",
	    "Bing", "CPC", "", 1, 0 },
	{ "", "", "https://h/?utm%5Fsource=bing", "bing", "", "", 1, 0 },
	/* ...but exactly: no prefixes, suffixes or look-alikes. */
	{ "", "", "https://h/?xutm_source=a&utm_sourcex=b&utm_source_platform=c&sku=d&ku=e",
	    "", "", "", 0, 0 },
	{ "", "", "https://h/?utm-source=a&utmsource=b&utm_source =c", "", "", "", 0, 0 },
	/* Values: '+' and %XX decoded, trimmed, first occurrence wins. */
	{ "", "", "https://h/?utm_source=a+b&utm_source=c", "a b", "", "", 1, 0 },
	{ "", "", "https://h/?utm_source=%20news%20letter%20", "news letter", "", "", 1, 0 },
	{ "", "", "https://h/?utm_source=&utm_medium=email", "", "email", "", 1, 0 },
	{ "", "", "https://h/?utm_source=&utm_medium=", "", "", "", 0, 0 },
	/* A bad escape is kept literally and flagged. */
	{ "", "", "https://h/?utm_source=goo%zzgle", "goo%zzgle", "", "", 1, 1 },
	{ "", "", "https://h/?utm_source=x%", "x%", "", "", 1, 1 },
	/* The URL is trimmed first. */
	{ "", "", "  https://h/?utm_source=x  ", "x", "", "", 1, 0 },
	/* No query, a fragment, or not a URL: nothing is taken. */
	{ "", "", "https://h/landing", "", "", "", 0, 0 },
	{ "", "", "https://h/#utm_source=x", "", "", "", 0, 0 },
	{ "", "", "utm_source=x", "", "", "", 0, 0 },
	{ "", "", "", "", "", "", 0, 0 },
};

static void
test_lead_url(void **state)
{
	struct colmap cm;
	struct tu_rec t;
	struct lead l;
	size_t i;

	(void)state;
	lead_map(&cm);
	memset(&l, 0, sizeof l);
	for (i = 0; i < sizeof ucases / sizeof ucases[0]; i++) {
		const struct ucase *c = &ucases[i];
		const struct norm_field *fs = &l.f[ROLE_UTM_SOURCE];
		const struct norm_field *fm = &l.f[ROLE_UTM_MEDIUM];
		const struct norm_field *fc = &l.f[ROLE_UTM_CAMPAIGN];

		tu_recordv(&t, 2, "1", "", "", c->usrc, c->umed, "", c->url, "", NULL);
		/* The same lead reused: flags from the previous row must not stick. */
		norm_lead(&cm, &t.rec, i + 1, &l);
		if (fs->len != strlen(c->want_src) || memcmp(fs->raw, c->want_src, fs->len) ||
		    fm->len != strlen(c->want_med) || memcmp(fm->raw, c->want_med, fm->len) ||
		    fc->len != strlen(c->want_camp) || memcmp(fc->raw, c->want_camp, fc->len) ||
		    l.utm_from_url != c->from_url || l.url_bad_escape != c->bad) {
			print_error("case %zu '%s': got source '%.*s' medium '%.*s' "
			    "campaign '%.*s' from_url %d bad %d\n", i, c->url,
			    (int)fs->len, fs->raw, (int)fm->len, fm->raw, (int)fc->len,
			    fc->raw, l.utm_from_url, l.url_bad_escape);
			fail();
		}
	}

	/* Every utm_* role is filled, and keyed like any other field. */
	tu_recordv(&t, 3, "1", "", "", "", "", "", "https://h/?utm_content=Banner%20A"
	    "&utm_term=B2B+Software&utm_id=42&utm_campaign=Q1-Launch", "", NULL);
	norm_lead(&cm, &t.rec, 1, &l);
	assert_string_equal(l.f[ROLE_UTM_CONTENT].key, "banner_a");
	assert_string_equal(l.f[ROLE_UTM_TERM].key, "b2b_software");
	assert_string_equal(l.f[ROLE_UTM_ID].key, "42");
	assert_string_equal(l.f[ROLE_UTM_CAMPAIGN].key, "q1_launch");
	assert_int_equal(l.utm_from_url, 1);
	/* URL values live in the lead's own buffer. */
	assert_true(l.f[ROLE_UTM_ID].raw >= l.urlbuf &&
	    l.f[ROLE_UTM_ID].raw < l.urlbuf + sizeof l.urlbuf);
}

/* A URL whose UTM values do not fit the lead's buffer: no overflow, the keys
 * stay bounded. */
static void
test_lead_url_huge(void **state)
{
	struct colmap cm;
	struct tu_rec t;
	struct lead l;
	size_t n = 3 * NORM_URL_MAX, i;
	char *url = malloc(n + 200);

	(void)state;
	assert_non_null(url);
	i = (size_t)sprintf(url, "https://h/?utm_medium=email&utm_source=");
	memset(url + i, 'a', n);
	i += n;
	i += (size_t)sprintf(url + i, "&utm_campaign=x");
	lead_map(&cm);
	tu_recordv(&t, 2, "1", "", "", "", "", "", url, "", NULL);
	norm_lead(&cm, &t.rec, 1, &l);
	assert_string_equal(l.f[ROLE_UTM_MEDIUM].key, "email");
	assert_true(l.f[ROLE_UTM_SOURCE].len < NORM_URL_MAX);
	for (i = 0; i < ROLE_COUNT; i++)
		assert_true(l.f[i].klen < NORM_KEY_MAX);
	free(url);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_examples),
		cmocka_unit_test(test_key_long),
		cmocka_unit_test(test_key_property),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_case_variant),
		cmocka_unit_test(test_lead_fields),
		cmocka_unit_test(test_lead_url),
		cmocka_unit_test(test_lead_url_huge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
