/*
 * libFuzzer target for the rules loader: the input is a rule file, loaded
 * from memory with rules_load_mem (libyaml events -> yamltree, with its
 * depth, anchor, alias and duplicate-key checks -> the schema checks ->
 * PCRE2 patterns compiled with their size cap).  Besides the sanitizers,
 * it checks what the headers promise:
 *  - a refusal is a diag naming the input, with a message, a line no
 *    further than the input's last line and no negative column;
 *  - loaded rules dump (rules show) to YAML that loads back, and that dump
 *    is a fixed point: dumping the reloaded rules gives the same bytes;
 *  - every canonical source and medium is found by its own key and name,
 *    and lookups of values taken from the input (patterns with their match
 *    limits) return sane answers, the same from both rule sets.
 * The input is copied to a buffer of exactly its size so any read past it
 * is caught.
 *
 *	make fuzz-smoke FUZZ_TARGETS=rules
 *	build/libfuzzer/fuzz_rules -dict=tests/fuzz/rules.dict \
 *	    build/libfuzzer/corpus-rules tests/fuzz/corpus/rules
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "norm.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(e)	do { if (!(e)) { \
	fprintf(stderr, "fuzz_rules: %s:%d: %s\n", __FILE__, __LINE__, #e); \
	abort(); } } while (0)

static long
count_lines(const uint8_t *s, size_t n)
{
	long lines = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n ||
		    s[i + 1] != '\n')))
			lines++;
	return lines;
}

/* The rules as YAML, in a malloc'd buffer (*len bytes, NUL-terminated). */
static char *
dump(const struct rules *r, size_t *len)
{
	char *s = NULL;
	FILE *fp;

	CHECK((fp = open_memstream(&s, len)) != NULL);
	CHECK(rules_dump(r, fp) == 0);
	CHECK(fclose(fp) == 0);
	return s;
}

static void
check_canon(const struct rules *r, const struct rules_canon *cn, size_t i,
    int sources)
{
	const struct rules_canon *got;
	enum rules_how how;
	int limit = 0;

	CHECK(cn->index == (int)i);
	CHECK(cn->key[0] != '\0');
	got = sources ? rules_source(r, cn->key, strlen(cn->key), cn->name,
	    strlen(cn->name), &how, &limit) : rules_medium(r, cn->key,
	    strlen(cn->key), cn->name, strlen(cn->name), &how, &limit);
	CHECK(got == cn && how == RULES_EXACT);
	if (sources) {
		/* GA4's spelling of a name, if listed, is of a source. */
		got = rules_source_exact(r, cn->name, strlen(cn->name));
		CHECK(got == NULL || (got->index >= 0 &&
		    (size_t)got->index < rules_source_count(r) &&
		    got == rules_source_at(r, (size_t)got->index)));
	}
}

/* Looks up v (its key for sources, mediums and vague values, as typed for
 * the campaign pattern) in both rule sets; the answers must agree. */
static void
lookup(const struct rules *a, const struct rules *b, const char *v, size_t n)
{
	char key[NORM_KEY_MAX];
	const struct rules_canon *ca, *cb;
	enum rules_how ha, hb;
	size_t klen;
	int la = 0, lb = 0, va, vb;

	klen = norm_key(v, n, key, sizeof key, NULL);
	ca = rules_source(a, key, klen, v, n, &ha, &la);
	cb = rules_source(b, key, klen, v, n, &hb, &lb);
	CHECK((ca == NULL) == (cb == NULL) && ha == hb && la == lb);
	CHECK((ca == NULL) == (ha == RULES_NONE));
	if (ca != NULL)
		CHECK(ca->index == cb->index && strcmp(ca->name, cb->name) == 0);
	ca = rules_source_exact(a, v, n);
	cb = rules_source_exact(b, v, n);
	CHECK((ca == NULL) == (cb == NULL));
	if (ca != NULL)
		CHECK(ca->index == cb->index);
	ca = rules_medium(a, key, klen, v, n, &ha, &la);
	cb = rules_medium(b, key, klen, v, n, &hb, &lb);
	CHECK((ca == NULL) == (cb == NULL) && ha == hb && la == lb);
	if (ca != NULL)
		CHECK(ca->index == cb->index && strcmp(ca->name, cb->name) == 0);
	va = rules_is_vague(a, key, klen, &la);
	vb = rules_is_vague(b, key, klen, &lb);
	CHECK((va == 0 || va == 1) && va == vb && la == lb);
	va = rules_campaign_ok(a, v, n);
	vb = rules_campaign_ok(b, v, n);
	CHECK(va >= -1 && va <= 1 && va == vb);
}

static void
check_loaded(const struct rules *r, const uint8_t *in, size_t size)
{
	struct rules *again;
	struct diag d;
	char *one, *two;
	size_t len1, len2, i, start, n;
	int role;

	CHECK(strcmp(rules_name(r), "fuzz") == 0);
	CHECK(rules_threshold(r) >= 0 && rules_threshold(r) <= 1);
	CHECK(rules_sample_size(r) >= 1 && rules_sample_size(r) <= 1000000);
	for (role = 0; role < ROLE_COUNT; role++)
		for (i = 0; i < rules_column_count(r, (enum role)role); i++)
			CHECK(rules_column(r, (enum role)role, i) != NULL);
	for (i = 0; i < rules_source_count(r); i++)
		check_canon(r, rules_source_at(r, i), i, 1);
	for (i = 0; i < rules_medium_count(r); i++)
		check_canon(r, rules_medium_at(r, i), i, 0);

	/* rules show writes YAML that loads back to the same rules. */
	one = dump(r, &len1);
	memset(&d, 0, sizeof d);
	if ((again = rules_load_mem("fuzz", one, len1, &d)) == NULL) {
		fprintf(stderr, "fuzz_rules: the dump does not load back: "
		    "%s:%ld:%ld: %s\n%s", d.file, d.line, d.col, d.msg, one);
		abort();
	}
	two = dump(again, &len2);
	if (len1 != len2 || memcmp(one, two, len1) != 0) {
		fprintf(stderr, "fuzz_rules: dump is not a fixed point:\n"
		    "--- first\n%s--- second\n%s", one, two);
		abort();
	}
	CHECK(rules_source_count(again) == rules_source_count(r));
	CHECK(rules_medium_count(again) == rules_medium_count(r));

	/* Values from the input: each line, and the whole input. */
	for (start = 0, i = 0; i <= size; i++) {
		if (i < size && in[i] != '\n')
			continue;
		n = i - start;
		lookup(r, again, (const char *)in + start, n);
		start = i + 1;
	}
	lookup(r, again, (const char *)in, size);
	rules_free(again);
	free(one);
	free(two);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules *r;
	struct diag d;
	uint8_t *in;

	if ((in = malloc(size ? size : 1)) == NULL)
		return 0;
	in[0] = '\0';
	if (size)
		memcpy(in, data, size);
	memset(&d, 0, sizeof d);
	d.line = d.col = -7;
	r = rules_load_mem("fuzz", in, size, &d);
	if (r == NULL) {
		/* A section taken from the built-in rules may clash with
		 * the file's ("'direct' is both vague and a source"). */
		CHECK(strcmp(d.file, "fuzz") == 0 ||
		    strcmp(d.file, "(built-in default.yaml)") == 0);
		CHECK(d.msg[0] != '\0');
		CHECK(d.line >= 0 && d.col >= 0);
		if (strcmp(d.file, "fuzz") == 0)
			CHECK(d.line <= count_lines(in, size));
	} else {
		CHECK(size <= RULES_MAX_BYTES);
		check_loaded(r, in, size);
		rules_free(r);
	}
	free(in);
	return 0;
}
