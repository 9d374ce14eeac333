/*
 * libFuzzer target for url: split the input (and a prefix of it), iterate
 * the parameters of its query, its fragment and the whole input, decode
 * every name and value (into a roomy and a tiny buffer) and match names.
 * Besides the sanitizers, it checks what the header promises: every part
 * lies inside the input and in order, a 0 return means an absolute URL with
 * a host, bad_chars is exactly "a byte <= 0x20 or 0x7f", pairs tile the
 * query without '&' inside, decoding never grows, and url_name_is agrees
 * with decoding then comparing.  The input is copied to a buffer of exactly
 * its size so any read past it is caught.  url_split and url_param_next
 * must also give exactly what the versions without fast paths give
 * (url_ref.h): the same return and parts, the same pairs.
 *
 *	clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -Iauditor \
 *	    -o fuzz_url tests/fuzz/fuzz_url.c auditor/url.c
 *	./fuzz_url -max_total_time=60 tests/fuzz/corpus/url
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "url_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(e)	do { if (!(e)) { \
	fprintf(stderr, "fuzz_url: %s:%d: %s\n", __FILE__, __LINE__, #e); \
	abort(); } } while (0)

static void
check_decode(const char *s, size_t len)
{
	char *out, tiny[4];
	size_t n, i;
	int bad, plus, pct;

	if ((out = malloc(len + 1)) == NULL)
		abort();
	n = url_decode(s, len, out, len + 1, &bad, &plus, &pct);
	CHECK(n != (size_t)-1 && n <= len && out[n] == '\0');
	CHECK(bad == 0 || bad == 1);
	CHECK(plus == (memchr(s, '+', len) != NULL));
	if (memchr(s, '%', len) == NULL)
		CHECK(!bad && !pct && n == len);
	/* Same result through a buffer too small, or an error. */
	n = url_decode(s, len, tiny, sizeof tiny, NULL, NULL, NULL);
	CHECK(n == (size_t)-1 || (n < sizeof tiny && tiny[n] == '\0'));
	if (n != (size_t)-1)
		CHECK(memcmp(tiny, out, n + 1) == 0);
	/* url_name_is == decode, then compare ignoring ASCII case. */
	n = url_decode(s, len, out, len + 1, NULL, NULL, NULL);
	for (i = 0; i < n; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	CHECK(url_name_is(s, len, "utm_source") ==
	    (n == 10 && memcmp(out, "utm_source", 10) == 0));
	if (memchr(out, '\0', n) == NULL)
		CHECK(url_name_is(s, len, out) == 1);
	free(out);
}

static void
check_params(const char *q, size_t len)
{
	struct url_param p, rp;
	size_t pos = 0, last = 0, covered = 0, rpos = 0;
	int more;

	/* the same pairs as the iterator without memchr */
	do {
		more = url_param_next(q, len, &pos, &p);
		CHECK(ref_url_param_next(q, len, &rpos, &rp) == more);
		CHECK(rpos == pos);
		if (more)
			CHECK(p.off == rp.off && p.len == rp.len &&
			    p.name_off == rp.name_off && p.name_len == rp.name_len &&
			    p.value_off == rp.value_off && p.value_len == rp.value_len &&
			    p.has_eq == rp.has_eq);
	} while (more);
	pos = 0;
	while (url_param_next(q, len, &pos, &p)) {
		CHECK(p.off >= last && p.len > 0 && p.off + p.len <= len);
		CHECK(pos == p.off + p.len);
		CHECK(memchr(q + p.off, '&', p.len) == NULL);
		CHECK(p.off == 0 || q[p.off - 1] == '&');
		CHECK(p.off + p.len == len || q[p.off + p.len] == '&');
		CHECK(p.name_off == p.off);
		CHECK(memchr(q + p.name_off, '=', p.name_len) == NULL);
		if (p.has_eq) {
			CHECK(q[p.off + p.name_len] == '=');
			CHECK(p.value_off == p.name_off + p.name_len + 1);
		} else {
			CHECK(p.name_len == p.len && p.value_len == 0);
			CHECK(p.value_off == p.off + p.len);
		}
		CHECK(p.value_off + p.value_len == p.off + p.len);
		check_decode(q + p.name_off, p.name_len);
		check_decode(q + p.value_off, p.value_len);
		covered += p.len;
		last = pos;
	}
	CHECK(pos == len && covered <= len);
	CHECK(url_param_next(q, len, &pos, &p) == 0);
}

static int
same_part(const struct url_part *a, const struct url_part *b)
{
	return a->off == b->off && a->len == b->len && a->present == b->present;
}

static void
check_split(const char *s, size_t len)
{
	const struct url_part *parts[7];
	struct url u;
	size_t k, end, i;
	int rc, bad = 0;

	rc = url_split(s, len, &u);
	CHECK(rc == 0 || rc == -1);
	{
		struct url r;
		CHECK(ref_url_split(s, len, &r) == rc);
		CHECK(same_part(&r.scheme, &u.scheme) && same_part(&r.userinfo, &u.userinfo) &&
		    same_part(&r.host, &u.host) && same_part(&r.port, &u.port) &&
		    same_part(&r.path, &u.path) && same_part(&r.query, &u.query) &&
		    same_part(&r.fragment, &u.fragment));
		CHECK(r.absolute == u.absolute && r.http == u.http &&
		    r.bad_chars == u.bad_chars);
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			bad = 1;
	CHECK(u.bad_chars == bad);
	if (rc == 0)
		CHECK(u.absolute && u.scheme.present && u.host.present &&
		    u.host.len > 0);
	if (u.http)
		CHECK(u.scheme.present && (u.scheme.len == 4 ||
		    u.scheme.len == 5));
	parts[0] = &u.scheme;
	parts[1] = &u.userinfo;
	parts[2] = &u.host;
	parts[3] = &u.port;
	parts[4] = &u.path;
	parts[5] = &u.query;
	parts[6] = &u.fragment;
	for (k = 0, end = 0; k < 7; k++) {
		if (!parts[k]->present) {
			CHECK(parts[k]->len == 0);
			continue;
		}
		CHECK(parts[k]->off >= end && parts[k]->off <= len);
		CHECK(parts[k]->len <= len - parts[k]->off);
		end = parts[k]->off + parts[k]->len;
	}
	if (u.query.present) {
		CHECK(u.query.off > 0 && s[u.query.off - 1] == '?');
		CHECK(memchr(s + u.query.off, '#', u.query.len) == NULL);
		check_params(s + u.query.off, u.query.len);
	}
	if (u.fragment.present) {
		CHECK(u.fragment.off > 0 && s[u.fragment.off - 1] == '#');
		CHECK(u.fragment.off + u.fragment.len == len);
		check_params(s + u.fragment.off, u.fragment.len);
	}
	if (u.port.present)
		CHECK(u.port.off > 0 && s[u.port.off - 1] == ':');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if ((s = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	check_split(s, size);
	check_split(s, size / 2);
	check_params(s, size);
	free(s);
	return 0;
}
