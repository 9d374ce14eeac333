/*
 * libFuzzer target for pat: a rule pattern compiled with the configured
 * caps (source length, compiled size) and matched with the configured
 * match, depth and heap limits.  Input layout, as PCRE2's own fuzzer:
 * PATTERN NUL SUBJECT (no NUL: the input is both); the pattern is compiled
 * caseless when its length is odd.  The subject is also matched in pieces
 * (its halves, its last byte cut off) so partial UTF-8 is reached.
 * Besides the sanitizers, it checks what pat.h promises:
 *  - a pattern over PAT_MAX_LEN bytes is refused, whatever it is;
 *  - a refusal has a message and an offset inside the pattern;
 *  - a compiled pattern keeps its source verbatim;
 *  - pat_match answers 1, 0 or -1 (a limit hit), never anything else, and
 *    the same answer twice (the match data and context are reused).
 * A match that ignored the limits would show as a libFuzzer timeout
 * (`make fuzz-smoke` runs with -timeout=5: one match within the limits
 * takes milliseconds).  The dictionary tests/fuzz/pat.dict holds PCRE2's
 * own fuzzing tokens.
 *
 *	make fuzz-smoke FUZZ_TARGETS=pat
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(e)	do { if (!(e)) { \
	fprintf(stderr, "fuzz_pat: %s:%d: %s\n", __FILE__, __LINE__, #e); \
	abort(); } } while (0)

/* Matches s[0..n) from an exact-size heap copy, twice. */
static int
match(const struct pat *p, const uint8_t *s, size_t n)
{
	char *copy;
	int a, b;

	if ((copy = malloc(n ? n : 1)) == NULL)
		abort();
	if (n)
		memcpy(copy, s, n);
	a = pat_match(p, copy, n);
	b = pat_match(p, copy, n);
	free(copy);
	CHECK(a == 1 || a == 0 || a == -1);
	CHECK(a == b);
	return a;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul, *subj;
	struct pat *p;
	struct diag d;
	size_t plen, slen;
	char *src;

	nul = memchr(data, '\0', size);
	plen = nul ? (size_t)(nul - data) : size;
	subj = nul ? nul + 1 : data;
	slen = nul ? size - plen - 1 : size;
	if ((src = malloc(plen + 1)) == NULL)
		return 0;
	if (plen)
		memcpy(src, data, plen);
	src[plen] = '\0';

	memset(&d, 0, sizeof d);
	d.col = -7;
	p = pat_new(src, (int)(plen & 1), &d);
	if (plen > PAT_MAX_LEN)
		CHECK(p == NULL);
	if (p == NULL) {
		CHECK(d.msg[0] != '\0');
		CHECK(d.col >= 0 && (size_t)d.col <= plen);
		free(src);
		return 0;
	}
	CHECK(strcmp(pat_source(p), src) == 0);
	match(p, subj, slen);
	match(p, subj, slen / 2);
	match(p, subj + slen / 2, slen - slen / 2);
	if (slen > 0)
		match(p, subj, slen - 1);
	match(p, (const uint8_t *)src, plen);
	pat_free(p);
	free(src);
	return 0;
}
