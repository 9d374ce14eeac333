/*
 * libFuzzer target for jsonr_parse and, over what it reads, the baseline
 * loader and the drift.  Besides the sanitizers, it checks what the
 * headers promise:
 *  - a refusal is a diag naming the input, with a message, a line no
 *    further than the input's last line and no negative column;
 *  - a document written back as JSON (strings through out_json_str,
 *    integers exactly, other numbers with 17 significant digits) parses
 *    again into the same tree: the same types, names and strings byte for
 *    byte, the same numbers bit for bit;
 *  - counts agree with iteration, member names are found by jsonr_get
 *    (the first of its name: there is only one), nesting stays within
 *    JSONR_MAX_DEPTH;
 *  - the input read as a baseline either loads and compares with an audit
 *    without trouble, or is refused with a diag.
 * The input is copied to a buffer of exactly its size so any read past it
 * is caught.
 *
 *	make fuzz-smoke FUZZ_TARGETS=jsonr
 *	build/libfuzzer/fuzz_jsonr -dict=tests/fuzz/jsonr.dict \
 *	    build/libfuzzer/corpus-jsonr tests/fuzz/corpus/jsonr
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "diag.h"
#include "jsonr.h"
#include "out.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(e)	do { if (!(e)) { \
	fprintf(stderr, "fuzz_jsonr: %s:%d: %s\n", __FILE__, __LINE__, #e); \
	abort(); } } while (0)

static long
count_lines(const uint8_t *s, size_t n)
{
	long lines = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			lines++;
	return lines;
}

static void
emit(FILE *fp, const struct jsonr_val *v, int depth)
{
	const struct jsonr_val *e;
	const char *s;
	long long n;
	double x;
	size_t len, count = 0;

	CHECK(depth < JSONR_MAX_DEPTH);
	switch (jsonr_type(v)) {
	case JSONR_NULL:	fputs("null", fp); break;
	case JSONR_TRUE:	fputs("true", fp); break;
	case JSONR_FALSE:	fputs("false", fp); break;
	case JSONR_NUMBER:
		if (jsonr_int(v, &n) == 0)
			fprintf(fp, "%lld", n);
		else {
			char num[40];
			CHECK(jsonr_num(v, &x) == 0);
			snprintf(num, sizeof num, "%.17g", x);
			/* stays a non-integer when read back */
			fprintf(fp, "%s%s", num, strpbrk(num, ".eE") ? "" : ".0");
		}
		break;
	case JSONR_STRING:
		CHECK((s = jsonr_str(v, &len)) != NULL);
		CHECK(s[len] == '\0');
		out_json_str(fp, s, len);
		break;
	case JSONR_ARRAY:
		fputc('[', fp);
		for (e = jsonr_first(v); e != NULL; e = jsonr_next(e)) {
			CHECK(jsonr_key(e, NULL) == NULL);
			if (count++)
				fputc(',', fp);
			emit(fp, e, depth + 1);
		}
		CHECK(count == jsonr_count(v));
		fputc(']', fp);
		break;
	case JSONR_OBJECT:
		fputc('{', fp);
		for (e = jsonr_first(v); e != NULL; e = jsonr_next(e)) {
			CHECK((s = jsonr_key(e, &len)) != NULL);
			if (memchr(s, '\0', len) == NULL)
				CHECK(jsonr_get(v, s) == e);
			if (count++)
				fputc(',', fp);
			out_json_str(fp, s, len);
			fputc(':', fp);
			emit(fp, e, depth + 1);
		}
		CHECK(count == jsonr_count(v));
		fputc('}', fp);
		break;
	}
}

/* The document written back as JSON, in a malloc'd buffer. */
static char *
write_back(const struct jsonr *doc, size_t *len)
{
	char *s = NULL;
	FILE *fp;

	CHECK((fp = open_memstream(&s, len)) != NULL);
	emit(fp, jsonr_root(doc), 0);
	CHECK(fclose(fp) == 0);
	return s;
}

static void
same(const struct jsonr_val *a, const struct jsonr_val *b)
{
	const struct jsonr_val *x, *y;
	const char *s, *t;
	size_t sl, tl;
	long long i, j;
	double u, v;

	CHECK(jsonr_type(a) == jsonr_type(b));
	CHECK(jsonr_count(a) == jsonr_count(b));
	s = jsonr_key(a, &sl);
	t = jsonr_key(b, &tl);
	CHECK((s == NULL) == (t == NULL));
	if (s != NULL)
		CHECK(sl == tl && memcmp(s, t, sl) == 0);
	switch (jsonr_type(a)) {
	case JSONR_STRING:
		s = jsonr_str(a, &sl);
		t = jsonr_str(b, &tl);
		CHECK(sl == tl && memcmp(s, t, sl) == 0);
		break;
	case JSONR_NUMBER:
		CHECK((jsonr_int(a, &i) == 0) == (jsonr_int(b, &j) == 0));
		if (jsonr_int(a, &i) == 0)
			CHECK(i == j);
		CHECK(jsonr_num(a, &u) == 0 && jsonr_num(b, &v) == 0);
		CHECK(u == v);	/* -0 written as the integer 0 is 0 */
		break;
	case JSONR_ARRAY:
	case JSONR_OBJECT:
		for (x = jsonr_first(a), y = jsonr_first(b); x != NULL && y != NULL;
		    x = jsonr_next(x), y = jsonr_next(y))
			same(x, y);
		CHECK(x == NULL && y == NULL);
		break;
	default:
		break;
	}
}

/* An audit with no leads to compare a baseline with; the rules are loaded
 * once and kept. */
static const struct leads_result *
empty_audit(void)
{
	static struct rules *r;
	static struct leads_opts o;
	static struct colmap cm;
	static struct leads_result res;
	struct diag d;
	int k;

	if (r == NULL) {
		CHECK((r = rules_load_default(&d)) != NULL);
		o.input = "now.csv";
		for (k = 0; k < ROLE_COUNT; k++)
			cm.col[k] = -1;
		res.opts = &o;
		res.rules = r;
		res.cm = &cm;
		res.threshold = 0.9;
		stats_init(&res.st);
	}
	return &res;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonr *doc, *again;
	struct baseline *b;
	struct diag d;
	char *copy, *text;
	size_t len;

	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	if (size)
		memcpy(copy, data, size);
	memset(&d, 0, sizeof d);
	doc = jsonr_parse("in.json", copy, size, &d);
	if (doc == NULL) {
		CHECK(strcmp(d.file, "in.json") == 0);
		CHECK(d.msg[0] != '\0');
		CHECK(d.line >= 0 && d.line <= count_lines(data, size));
		CHECK(d.col >= 0);
	} else {
		text = write_back(doc, &len);
		memset(&d, 0, sizeof d);
		again = jsonr_parse("again.json", text, len, &d);
		if (again == NULL) {
			fprintf(stderr, "fuzz_jsonr: written back, refused: %ld:%ld: %s\n%s\n",
			    d.line, d.col, d.msg, text);
			abort();
		}
		same(jsonr_root(doc), jsonr_root(again));
		free(text);
		jsonr_free(again);
		jsonr_free(doc);
	}

	memset(&d, 0, sizeof d);
	b = baseline_load_mem("in.json", copy, size, &d);
	if (b == NULL) {
		CHECK(d.msg[0] != '\0');
	} else {
		const struct drift *dr;
		baseline_compare(b, empty_audit());
		CHECK((dr = baseline_drift(b)) != NULL);
		CHECK(dr->in_scope_now == 0 && dr->ndrops == 0 && dr->nspellings == 0);
		CHECK(dr->nmonths == dr->months_then);
		baseline_free(b);
	}
	free(copy);
	return 0;
}
