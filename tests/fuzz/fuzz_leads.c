/*
 * libFuzzer target for the whole leads pipeline (csvin -> colmap -> norm ->
 * dates -> classify -> stats and sample -> verdict -> report) on one
 * export.  leads_run reads a path, so the export after two option bytes is
 * written to a memfd and passed as /proc/self/fd/N (a regular file: the
 * whole-file encoding check and the date-order pre-pass run too); the
 * report goes to standard output, which is another memfd, and is read
 * back.  Built-in rules, a fixed seed.
 *
 * Option bytes: data[0] bit 0 JSON (else text), bits 1-2 the date order
 * (auto, dmy, mdy), bit 3 --gate sample, bit 4 a --since/--until window,
 * bit 5 a sample of 3 (else 10), bit 6 the delimiter ';' given, bit 7
 * --annotate and --worksheet into a temporary directory; data[1] bits 0-2
 * the encoding, bits 3-6 a small field cap (0: the default), bit 7 a second
 * run with 2 threads reading blocks of 64 bytes.
 *
 * Besides the sanitizers, it checks: leads_run returns 0 (pass), 1 (fail or
 * inconclusive) or -1 with a message; a JSON report is one valid JSON
 * object whose verdict agrees with the return value; a text report is
 * non-empty UTF-8 text without NUL bytes; the threaded run gives the same
 * return value, diagnostic and report, byte for byte, as the single one.
 *
 *	make fuzz-smoke FUZZ_TARGETS=leads
 */
#define _GNU_SOURCE	/* memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leads.h"
#include "../suites/tjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(e)	do { if (!(e)) { \
	fprintf(stderr, "fuzz_leads: %s:%d: %s\n", __FILE__, __LINE__, #e); \
	abort(); } } while (0)

static int	 in_fd = -1;
static char	 in_path[64];
static char	 tmpdir[256];
static char	 annot_path[300], sheet_path[300];

static void
cleanup(void)
{
	if (tmpdir[0] == '\0')
		return;
	unlink(annot_path);
	unlink(sheet_path);
	rmdir(tmpdir);
}

static void
setup(void)
{
	const char *t = getenv("TMPDIR");
	int out_fd;

	CHECK((in_fd = memfd_create("fuzz_leads_in", 0)) != -1);
	snprintf(in_path, sizeof in_path, "/proc/self/fd/%d", in_fd);
	/* The report goes to standard output: make it a memfd too. */
	fflush(stdout);
	CHECK((out_fd = memfd_create("fuzz_leads_out", 0)) != -1);
	CHECK(dup2(out_fd, STDOUT_FILENO) == STDOUT_FILENO);
	close(out_fd);
	snprintf(tmpdir, sizeof tmpdir, "%s/fuzz_leads.XXXXXX",
	    t && *t ? t : "/tmp");
	CHECK(mkdtemp(tmpdir) != NULL);
	snprintf(annot_path, sizeof annot_path, "%s/annotated.csv", tmpdir);
	snprintf(sheet_path, sizeof sheet_path, "%s/worksheet.csv", tmpdir);
	atexit(cleanup);
}

static int
valid_text(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;

	while (i < n) {
		if (s[i] == 0)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			need = 2;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF)
			need = 3;
		else if (s[i] >= 0xF0 && s[i] <= 0xF4)
			need = 4;
		else
			return 0;
		if (n - i < need)
			return 0;
		for (k = 1; k < need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += need;
	}
	return 1;
}

/* Reads back what leads_run wrote to standard output and empties it. */
static char *
take_stdout(size_t *len)
{
	off_t end;
	char *s;

	CHECK(fflush(stdout) == 0);
	CHECK((end = lseek(STDOUT_FILENO, 0, SEEK_CUR)) != -1);
	CHECK((s = malloc((size_t)end + 1)) != NULL);
	CHECK(pread(STDOUT_FILENO, s, (size_t)end, 0) == (ssize_t)end);
	s[end] = '\0';
	*len = (size_t)end;
	CHECK(ftruncate(STDOUT_FILENO, 0) == 0);
	CHECK(lseek(STDOUT_FILENO, 0, SEEK_SET) == 0);
	clearerr(stdout);
	return s;
}

static void
check_json(const char *s, size_t len, int rc)
{
	struct tj *v;
	const struct tj *verdict;

	if ((v = tj_parse(s, len)) == NULL) {
		fprintf(stderr, "fuzz_leads: the JSON report does not parse:\n"
		    "%s\n", s);
		abort();
	}
	CHECK(v->type == TJ_OBJ);
	CHECK((verdict = tj_get(v, "verdict")) != NULL &&
	    verdict->type == TJ_STR);
	CHECK(rc == 0 ? strcmp(verdict->str, "pass") == 0 :
	    strcmp(verdict->str, "fail") == 0 ||
	    strcmp(verdict->str, "inconclusive") == 0);
	tj_free(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum csvin_enc encs[] = { CSVIN_ENC_AUTO, CSVIN_ENC_AUTO,
	    CSVIN_ENC_UTF8, CSVIN_ENC_CP1252, CSVIN_ENC_UTF16LE,
	    CSVIN_ENC_UTF16BE, CSVIN_ENC_LATIN1, CSVIN_ENC_AUTO };
	static const enum date_order orders[] = { DATE_AUTO, DATE_DMY,
	    DATE_MDY, DATE_AUTO };
	struct leads_opts o;
	struct diag d, d2;
	char *out, *out2;
	size_t len, len2, off;
	ssize_t n;
	int rc, rc2;

	if (size < 2)
		return 0;
	if (in_fd == -1)
		setup();
	CHECK(ftruncate(in_fd, 0) == 0);
	for (off = 2; off < size; off += (size_t)n)
		CHECK((n = pwrite(in_fd, data + off, size - off,
		    (off_t)(off - 2))) > 0);

	memset(&o, 0, sizeof o);
	o.input = in_path;
	o.format = (data[0] & 1) ? FMT_JSON : FMT_TEXT;
	o.date_order = orders[(data[0] >> 1) & 3];
	o.gate_sample = (data[0] >> 3) & 1;
	if (data[0] & 0x10) {
		o.have_since = o.have_until = 1;
		o.since.y = 2026, o.since.m = 1, o.since.d = 1;
		o.until.y = 2026, o.until.m = 6, o.until.d = 30;
		o.until.hh = 23, o.until.mi = 59, o.until.ss = 59;
	}
	o.sample_size = (data[0] & 0x20) ? 3 : 10;
	o.seed = 42;
	o.seed_set = 1;
	o.threshold = -1;
	o.csv.delim = (data[0] & 0x40) ? ';' : 0;
	o.csv.encoding = encs[data[1] & 7];
	o.csv.max_field = (data[1] >> 3) & 15;
	o.threads = 1;
	if (data[0] & 0x80) {
		o.annotate = annot_path;
		o.worksheet = sheet_path;
	}

	memset(&d, 0, sizeof d);
	rc = leads_run(&o, &d);
	out = take_stdout(&len);
	CHECK(rc == 0 || rc == 1 || rc == -1);
	if (rc == -1) {
		CHECK(d.msg[0] != '\0');
	} else if (o.format == FMT_JSON) {
		check_json(out, len, rc);
	} else {
		CHECK(len > 0 && valid_text((const unsigned char *)out, len));
	}

	if (data[1] & 0x80) {
		o.threads = 2;
		o.block = 64;
		memset(&d2, 0, sizeof d2);
		rc2 = leads_run(&o, &d2);
		out2 = take_stdout(&len2);
		if (rc2 != rc || len2 != len || memcmp(out, out2, len) != 0 ||
		    strcmp(d.msg, d2.msg) != 0 || d.line != d2.line ||
		    d.col != d2.col) {
			fprintf(stderr, "fuzz_leads: 1 thread: %d %ld:%ld %s\n%s\n"
			    "2 threads: %d %ld:%ld %s\n%s\n", rc, d.line, d.col,
			    d.msg, out, rc2, d2.line, d2.col, d2.msg, out2);
			abort();
		}
		free(out2);
	}
	free(out);
	return 0;
}
