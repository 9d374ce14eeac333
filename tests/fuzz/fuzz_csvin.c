/*
 * libFuzzer target for csvin: the input after two option bytes is read once
 * in one piece and once fed in chunks of random size (each chunk copied to
 * a buffer of exactly its size, so a read past it is caught); both must give
 * the same records (fields, line numbers, flags, raw bytes, line ends) and
 * the same outcome, down to the diagnostic.  Besides the sanitizers, it
 * checks what the header promises: fields and raw bytes are valid UTF-8
 * with no NUL inside, the fields NUL-terminated (the raw bytes may be the
 * input's own, read in place up to raw_len: a chunk's exact buffer catches
 * a read past it); no field passes max_field; lines go forward; info.bytes
 * is the input size.
 *
 * Option bytes: data[0] picks the delimiter (or detection), the encoding
 * (or detection) and a small max_field and head, so truncation and chunk
 * boundaries are reached with small inputs; data[1] seeds the chunk sizes.
 *
 *	clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -Iauditor \
 *	    -o fuzz_csvin tests/fuzz/fuzz_csvin.c auditor/csvin.c \
 *	    auditor/buf.c auditor/xalloc.c auditor/diag.c -lcsv
 *	./fuzz_csvin -max_total_time=60 tests/fuzz/corpus/csvin
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
	fprintf(stderr, "fuzz_csvin: %s:%d: %s\n", __FILE__, __LINE__, #e); \
	abort(); } } while (0)

struct run {
	struct buf	 out;
	size_t		 max_field;
	long		 last_line;
	long		 n;
};

static int
valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	unsigned char lo, hi;

	while (i < n) {
		if (s[i] == 0)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xBF;
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			need = 2;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF) {
			need = 3;
			if (s[i] == 0xE0)
				lo = 0xA0;
			if (s[i] == 0xED)
				hi = 0x9F;
		} else if (s[i] >= 0xF0 && s[i] <= 0xF4) {
			need = 4;
			if (s[i] == 0xF0)
				lo = 0x90;
			if (s[i] == 0xF4)
				hi = 0x8F;
		} else
			return 0;
		if (n - i < need)
			return 0;
		for (k = 1; k < need; k++) {
			if (s[i + k] < lo || s[i + k] > hi)
				return 0;
			lo = 0x80;
			hi = 0xBF;
		}
		i += need;
	}
	return 1;
}

static int
record(const struct csvin_record *r, void *arg)
{
	struct run *u = arg;
	size_t i;

	CHECK(r->nfields >= 1 && r->nfields <= CSVIN_MAX_FIELDS);
	CHECK(r->line > u->last_line && r->end_line >= r->line);
	CHECK(strcmp(r->eol, "") == 0 || strcmp(r->eol, "\n") == 0 ||
	    strcmp(r->eol, "\r\n") == 0 || strcmp(r->eol, "\r") == 0);
	CHECK(valid_utf8((const unsigned char *)r->raw, r->raw_len));
	u->last_line = r->end_line;
	u->n++;
	buf_printf(&u->out, "%ld-%ld %d%d%d%d %zu:", r->line, r->end_line,
	    r->bad_utf8, r->truncated, r->too_many, r->raw_truncated,
	    r->nfields);
	for (i = 0; i < r->nfields; i++) {
		CHECK(r->lens[i] <= u->max_field);
		CHECK(r->fields[i][r->lens[i]] == '\0');
		CHECK(valid_utf8((const unsigned char *)r->fields[i],
		    r->lens[i]));
		buf_printf(&u->out, "%zu[", r->lens[i]);
		buf_add(&u->out, r->fields[i], r->lens[i]);
		buf_addc(&u->out, ']');
	}
	buf_printf(&u->out, " raw %zu[", r->raw_len);
	buf_add(&u->out, r->raw, r->raw_len);
	buf_printf(&u->out, "] eol[%s]\n", r->eol);
	return 0;
}

static void
outcome(struct run *u, int rc, const struct diag *d,
    const struct csvin_info *info, size_t size)
{
	CHECK(info->bytes == size || rc == -1);
	CHECK(info->records == u->n);
	CHECK(rc == 0 || rc == -1);
	if (rc == 0) {
		CHECK(info->lines >= u->last_line);
		CHECK(info->blank_lines <= info->lines);
	}
	buf_printf(&u->out, "rc %d", rc);
	if (rc == -1)
		buf_printf(&u->out, " %s:%ld:%ld: %s", d->file, d->line,
		    d->col, d->msg);
	buf_printf(&u->out, " delim %d enc %d bom %d lines %ld blank %ld",
	    info->delim, (int)info->encoding, info->bom, info->lines,
	    info->blank_lines);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[] = { 0, ',', ';', '\t', '|', 0, ',', 0 };
	static const enum csvin_enc encs[] = { CSVIN_ENC_AUTO, CSVIN_ENC_AUTO,
	    CSVIN_ENC_UTF8, CSVIN_ENC_CP1252, CSVIN_ENC_UTF16LE,
	    CSVIN_ENC_UTF16BE, CSVIN_ENC_LATIN1, CSVIN_ENC_AUTO };
	struct csvin_opts o;
	struct csvin_info info;
	struct run one, many;
	struct diag d1, d2;
	struct csvin *c;
	const uint8_t *in;
	uint8_t *chunk;
	uint32_t seed;
	size_t len, off, n;
	int rc;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof o);
	o.delim = delims[data[0] & 7];
	o.encoding = encs[(data[0] >> 3) & 7];
	o.max_field = (data[0] & 0x40) ? 1 + (data[1] & 15) : 0;
	o.head = (data[0] & 0x80) ? 1 + (data[1] >> 4) : 0;
	seed = data[1] * 2654435761u + (uint32_t)size;
	in = data + 2;
	len = size - 2;

	memset(&one, 0, sizeof one);
	memset(&many, 0, sizeof many);
	one.max_field = many.max_field = o.max_field ? o.max_field :
	    CSVIN_MAX_FIELD;
	memset(&d1, 0, sizeof d1);
	memset(&d2, 0, sizeof d2);

	rc = csvin_read_mem("fuzz", in, len, &o, record, &one, &info, &d1);
	outcome(&one, rc, &d1, &info, len);

	c = csvin_new("fuzz", &o, record, &many);
	rc = 0;
	for (off = 0; off < len && rc == 0; off += n) {
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % 9 == 0 ? 1 + (seed >> 8) % 4096 :
		    1 + (seed >> 16) % 7;
		if (n > len - off)
			n = len - off;
		if ((chunk = malloc(n)) == NULL)
			abort();
		memcpy(chunk, in + off, n);
		rc = csvin_feed(c, chunk, n, &d2);
		free(chunk);
	}
	if (rc == 0)
		rc = csvin_finish(c, &d2);
	info = *csvin_info(c);
	csvin_free(c);
	outcome(&many, rc, &d2, &info, len);

	if (strcmp(buf_cstr(&one.out), buf_cstr(&many.out)) != 0 ||
	    one.out.len != many.out.len) {
		fprintf(stderr, "one piece:\n%s\nin chunks:\n%s\n",
		    buf_cstr(&one.out), buf_cstr(&many.out));
		abort();
	}
	buf_free(&one.out);
	buf_free(&many.out);
	return 0;
}
