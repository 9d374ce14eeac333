/*
 * libFuzzer target: csvin's fast path and its blocks against plain libcsv.
 *
 * The input after two option bytes is read three ways, and each must give
 * the same records (fields, line numbers, flags, raw bytes, line ends),
 * the same info and the same outcome, down to the diagnostic (and
 * csvin_span_check, checked against a plain reading of its rule, says the
 * same of every record):
 *
 *   slow    every record through libcsv (csvin_set_slow), in one piece:
 *           the reference;
 *   fast    the fast path, fed in chunks of random size (each chunk copied
 *           to a buffer of exactly its size, so a read past it is caught);
 *   blocks  as csvin_read_par reads with threads: a first block through a
 *           main reader, then blocks cut by csvin_cut at random sizes, each
 *           through its own csvin_new_block reader starting on the line the
 *           cuts predicted; every block must end at a record boundary with
 *           the lines and records predicted.  When the slow read succeeds,
 *           the blocks must all check out and together give its records;
 *           when it fails, a block that does not check out is fine (the
 *           threads then read the file again in one piece).
 *
 * Option bytes: data[0] picks the delimiter (or detection), the encoding
 * (or detection), a small max_field and a small head; data[1] seeds the
 * chunk and block sizes.
 *
 *	clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -Iauditor \
 *	    -o fuzz_csvfast tests/fuzz/fuzz_csvfast.c build/libfuzzer/libutmaudit.a ...
 *	(or: make fuzz-smoke FUZZ_TARGETS=csvfast)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(e)	do { if (!(e)) { \
	fprintf(stderr, "fuzz_csvfast: %s:%d: %s\n", __FILE__, __LINE__, #e); \
	abort(); } } while (0)

/* csvin_span_check's rule read plainly, without its quick count: the
 * first field with a line after a line end holding ncols - 1 delimiters. */
static int
span_plain(const struct csvin_record *r, size_t ncols, long *lines,
    long *rows)
{
	const char *s;
	size_t i, j, nd;
	long ends, n;

	if (ncols < 3 || r->end_line <= r->line)
		return 0;
	for (i = 0; i < r->nfields; i++) {
		s = r->fields[i];
		ends = n = 0;
		nd = 0;
		for (j = 0; j < r->lens[i]; j++) {
			if (s[j] == '\n' || s[j] == '\r') {
				if (s[j] == '\r' && j + 1 < r->lens[i] &&
				    s[j + 1] == '\n')
					j++;
				n += ends > 0 && nd >= ncols - 1;
				ends++;
				nd = 0;
			} else if ((unsigned char)s[j] == r->delim)
				nd++;
		}
		n += ends > 0 && nd >= ncols - 1;
		if (n > 0) {
			*lines = ends + 1;
			*rows = n;
			return 1;
		}
	}
	return 0;
}

/* csvin_span_check on every record, for headers of 2 to 6 columns: it
 * agrees with the plain reading (unless the raw bytes were cut, which its
 * quick count reads), and the place lies in the record. */
static void
spans(const struct csvin_record *r, struct buf *out)
{
	struct csvin_span sp;
	size_t ncols;
	long lines = 0, rows = 0;
	int got, want;

	for (ncols = 2; ncols <= 6; ncols++) {
		got = csvin_span_check(r, ncols, &sp);
		want = span_plain(r, ncols, &lines, &rows);
		if (!r->raw_truncated)
			CHECK(got == want);
		if (!got)
			continue;
		CHECK(want && sp.lines == lines && sp.rows == rows);
		CHECK(sp.line >= r->line && sp.line <= r->end_line);
		CHECK(sp.col >= 0 && (size_t)sp.col <= r->raw_len + 1);
		buf_printf(out, " span%zu %ld:%ld %ld %ld", ncols, sp.line,
		    sp.col, sp.lines, sp.rows);
	}
}

static int
record(const struct csvin_record *r, void *arg)
{
	struct buf *out = arg;
	size_t i;

	buf_printf(out, "%ld-%ld %d%d%d%d %zu:", r->line, r->end_line,
	    r->bad_utf8, r->truncated, r->too_many, r->raw_truncated,
	    r->nfields);
	for (i = 0; i < r->nfields; i++) {
		CHECK(r->fields[i][r->lens[i]] == '\0');
		buf_printf(out, "%zu[", r->lens[i]);
		buf_add(out, r->fields[i], r->lens[i]);
		buf_addc(out, ']');
	}
	buf_printf(out, " raw %zu[", r->raw_len);
	buf_add(out, r->raw, r->raw_len);
	buf_printf(out, "] eol[%s]", r->eol);
	spans(r, out);
	buf_addc(out, '\n');
	return 0;
}

static void
outcome(struct buf *out, int rc, const struct diag *d,
    const struct csvin_info *info)
{
	buf_printf(out, "rc %d", rc);
	if (rc == -1)
		buf_printf(out, " %s:%ld:%ld: %s", d->file, d->line, d->col,
		    d->msg);
	/* (after an error, bytes counts what was fed, not what was read) */
	if (rc == 0)
		buf_printf(out, " bytes %llu", (unsigned long long)info->bytes);
	buf_printf(out, " delim %d enc %d bom %d lines %ld records %ld "
	    "blank %ld bad %ld eol %s", info->delim, (int)info->encoding,
	    info->bom, info->lines, info->records, info->blank_lines,
	    info->bad_utf8_records, info->eol ? info->eol : "-");
}

static void
same(const struct buf *a, const struct buf *b, const char *what)
{
	if (a->len != b->len || memcmp(buf_cstr((struct buf *)a),
	    buf_cstr((struct buf *)b), a->len) != 0) {
		fprintf(stderr, "slow:\n%s\n%s:\n%s\n", buf_cstr((struct buf *)a),
		    what, buf_cstr((struct buf *)b));
		abort();
	}
}

static uint32_t
next(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static int
feed_copy(struct csvin *c, const uint8_t *p, size_t n, struct diag *d)
{
	uint8_t *chunk;
	int rc;

	if ((chunk = malloc(n ? n : 1)) == NULL)
		abort();
	memcpy(chunk, p, n);
	rc = csvin_feed(c, chunk, n, d);
	free(chunk);
	return rc;
}

/* The blocks way.  Returns 1 when every block checked out (then out holds
 * the records and the outcome), 0 when one did not. */
static int
blocks(const uint8_t *in, size_t len, const struct csvin_opts *o,
    uint32_t seed, struct buf *out)
{
	struct csvin_info sum, info;
	struct csvin_cut cut;
	struct csvin *main, *c;
	struct diag d;
	size_t off, n, first;
	long line;
	int rc, ok = 1;

	memset(&d, 0, sizeof d);
	main = csvin_new("fuzz", o, record, out);
	first = (o->head ? o->head : 65536) + next(&seed) % 64;
	if (first > len)
		first = len;
	csvin_cut((const char *)in, first, &cut);
	if (cut.len == 0)
		cut.len = first;
	rc = feed_copy(main, in, cut.len, &d);
	off = cut.len;
	if (rc == -1 || off == len || !csvin_at_boundary(main) ||
	    (c = csvin_new_block(main, 0, NULL, NULL)) == NULL) {
		/* no blocks: the main reader reads everything */
		if (rc == 0 && off < len)
			rc = feed_copy(main, in + off, len - off, &d);
		if (rc == 0)
			rc = csvin_finish(main, &d);
		outcome(out, rc, &d, csvin_info(main));
		csvin_free(main);
		return 1;
	}
	csvin_free(c);
	sum = *csvin_info(main);
	line = csvin_line(main);
	while (off < len) {
		n = 1 + next(&seed) % 300;
		if (n >= len - off) {
			n = len - off;
			memset(&cut, 0, sizeof cut);
			cut.len = n;
		} else {
			csvin_cut((const char *)in + off, n, &cut);
			if (cut.len == 0) {
				/* no boundary: the rest is the last block */
				memset(&cut, 0, sizeof cut);
				cut.len = len - off;
			}
		}
		CHECK((c = csvin_new_block(main, line, record, out)) != NULL);
		rc = feed_copy(c, in + off, cut.len, &d);
		if (off + cut.len == len) {
			if (rc == 0)
				rc = csvin_finish(c, &d);
			info = *csvin_info(c);
			sum.lines += info.lines;
			sum.records += info.records;
			sum.blank_lines += info.blank_lines;
			sum.bad_utf8_records += info.bad_utf8_records;
			sum.bytes += info.bytes;
			if (sum.eol == NULL)
				sum.eol = info.eol;
			csvin_free(c);
			outcome(out, rc, &d, &sum);
			csvin_free(main);
			return ok && rc != 1;
		}
		if (rc == 0)
			rc = csvin_finish_block(c, &d);
		info = *csvin_info(c);
		csvin_free(c);
		if (rc != 0 || info.lines != cut.lines ||
		    info.records != cut.records) {
			ok = 0;
			break;
		}
		sum.lines += info.lines;
		sum.records += info.records;
		sum.blank_lines += info.blank_lines;
		sum.bad_utf8_records += info.bad_utf8_records;
		sum.bytes += info.bytes;
		if (sum.eol == NULL)
			sum.eol = info.eol;
		line += cut.lines;
		off += cut.len;
	}
	csvin_free(main);
	return ok && off == len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[] = { 0, ',', ';', '\t', '|', 0, ',', 0 };
	static const enum csvin_enc encs[] = { CSVIN_ENC_AUTO, CSVIN_ENC_AUTO,
	    CSVIN_ENC_UTF8, CSVIN_ENC_CP1252, CSVIN_ENC_AUTO,
	    CSVIN_ENC_UTF16LE, CSVIN_ENC_LATIN1, CSVIN_ENC_AUTO };
	struct csvin_opts o;
	struct buf slow = BUF_INIT(0), fast = BUF_INIT(0), blk = BUF_INIT(0);
	struct diag d1, d2;
	struct csvin *c;
	const uint8_t *in;
	uint32_t seed;
	size_t len, off, n;
	int rc, rc1;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof o);
	o.delim = delims[data[0] & 7];
	o.encoding = encs[(data[0] >> 3) & 7];
	o.max_field = (data[0] & 0x40) ? 1 + (data[1] & 15) : 0;
	o.head = (data[0] & 0x80) ? 1 + (data[1] >> 2) : 0;
	seed = data[1] * 2654435761u + (uint32_t)size;
	in = data + 2;
	len = size - 2;
	memset(&d1, 0, sizeof d1);
	memset(&d2, 0, sizeof d2);

	c = csvin_new("fuzz", &o, record, &slow);
	csvin_set_slow(c, 1);
	rc1 = feed_copy(c, in, len, &d1);
	if (rc1 == 0)
		rc1 = csvin_finish(c, &d1);
	outcome(&slow, rc1, &d1, csvin_info(c));
	csvin_free(c);

	c = csvin_new("fuzz", &o, record, &fast);
	rc = 0;
	for (off = 0; off < len && rc == 0; off += n) {
		n = next(&seed) % 9 == 0 ? 1 + next(&seed) % 4096 :
		    1 + next(&seed) % 7;
		if (n > len - off)
			n = len - off;
		rc = feed_copy(c, in + off, n, &d2);
	}
	if (rc == 0)
		rc = csvin_finish(c, &d2);
	outcome(&fast, rc, &d2, csvin_info(c));
	csvin_free(c);
	same(&slow, &fast, "fast path in chunks");

	if (blocks(in, len, &o, seed, &blk))
		same(&slow, &blk, "blocks");
	else
		CHECK(rc1 == -1);

	buf_free(&slow);
	buf_free(&fast);
	buf_free(&blk);
	return 0;
}
