/* The leads audit gives the same report whatever the number of threads:
 * the sample exports and generated ones (quoted line breaks, blank and
 * ragged rows, dates whose order is settled over the whole column, a
 * window that the order changes, an error in the middle, a Windows-1252
 * byte after an ASCII head, stray quotes that take rows) are audited with 1, 2 and 3 threads reading
 * blocks of a few hundred bytes, and the JSON reports, exit statuses and
 * diagnostics compared byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "leads.h"
#include "testutil.h"

static char dir[] = "/tmp/utm-audit-threads.XXXXXX";

struct outcome {
	int		 rc;
	struct diag	 d;
	char		*report;
	size_t		 len;
};

static enum date_order order_given;

static void
audit(const char *input, int threads, size_t block, const char *since,
    struct outcome *out)
{
	struct leads_opts o;
	char path[256];

	memset(&o, 0, sizeof o);
	memset(out, 0, sizeof *out);
	o.input = input;
	o.sample_size = 25;
	o.seed = 7;
	o.seed_set = 1;
	o.threshold = -1;
	o.format = FMT_JSON;
	o.threads = threads;
	o.block = block;
	o.csv.head = 1024;
	o.date_order = order_given;
	if (since != NULL) {
		assert_int_equal(date_parse_arg(since, &o.since), 0);
		o.have_since = 1;
	}
	snprintf(path, sizeof path, "%s/report-%d.json", dir, threads);
	o.output = path;
	unlink(path);
	out->rc = leads_run(&o, &out->d);
	out->report = tu_slurp(path, &out->len);
}

/* Audits input with 1, 2 and 3 threads; all must agree. */
static void
agree(const char *input, const char *since, int want_rc)
{
	static const size_t blocks[] = { 200, 333, 1000 };
	struct outcome one, many;
	size_t i;
	int t;

	audit(input, 1, 0, since, &one);
	assert_int_equal(one.rc, want_rc);
	for (i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		for (t = 2; t <= 3; t++) {
			audit(input, t, blocks[i], since, &many);
			assert_int_equal(many.rc, one.rc);
			if (one.rc == -1) {
				assert_string_equal(many.d.file, one.d.file);
				assert_int_equal(many.d.line, one.d.line);
				assert_int_equal(many.d.col, one.d.col);
				assert_string_equal(many.d.msg, one.d.msg);
			} else {
				assert_non_null(many.report);
				assert_int_equal(many.len, one.len);
				assert_memory_equal(many.report, one.report, one.len);
			}
			free(many.report);
		}
	}
	free(one.report);
}

static void
test_samples(void **state)
{
	(void)state;
	agree("samples/hubspot_pass.csv", NULL, 0);
	agree("samples/salesforce_fail.csv", NULL, 1);
	agree("samples/salesforce_fail.csv", "2026-02-10", 1);
	agree("samples/dynamics_nl.csv", NULL, 1);
}

/* Writes a generated export: US dates (some decide the order only late in
 * the file), quoted fields with commas, quotes and line breaks, blank and
 * ragged rows; extra is appended at row stop. */
static void
generate(const char *path, int rows, int stop, const char *extra)
{
	static const char *const src[] = { "LinkedIn", "Web", "google ads",
	    "", "Trade Show", "Unknown", "xing", "Paid Social" };
	static const char *const camp[] = { "", "2026-q1-hannover-messe",
	    "spring_sale_2026", "Hannover Messe 2026" };
	FILE *fp = fopen(path, "wb");
	uint64_t s = 99;
	int i;

	assert_non_null(fp);
	fputs("\"Lead ID\",\"Created Date\",\"Lead Source\",\"UTM Source\","
	    "\"UTM Campaign\",\"Lead Owner\",\"Description\"\r\n", fp);
	for (i = 0; i < rows; i++) {
		int m = 1 + (int)(tu_rand(&s) % 12);
		int d = 1 + (int)(tu_rand(&s) % (i < rows / 2 ? 12 : 28));
		if (i == stop && extra != NULL)
			fputs(extra, fp);
		if (i % 97 == 5)
			fputs("\r\n", fp);		/* blank */
		if (i % 101 == 7) {
			fputs("\"L-x\",\"1/2/2026\"\r\n", fp);	/* ragged */
			continue;
		}
		fprintf(fp, "\"L-%d\",\"%d/%d/2026 %d:%02d PM\",\"%s\",\"%s\",\"%s\","
		    "\"Owner %d\",\"%s\"\r\n", i, m, d, 1 + i % 12, i % 60,
		    src[tu_rand(&s) % 8], i % 3 ? "linkedin" : "",
		    camp[tu_rand(&s) % 4], i % 5,
		    i % 7 == 0 ? "said \"\"call me\"\",\nnot before" :
		    i % 11 == 0 ? "a, b\r\nc" : "plain");
	}
	fclose(fp);
}

static void
test_generated(void **state)
{
	struct outcome one, other;
	const char *a, *b;
	char path[256];

	(void)state;
	snprintf(path, sizeof path, "%s/gen.csv", dir);
	generate(path, 12000, -1, NULL);
	agree(path, NULL, 1);
	/* the order is settled late: the window is read again, and counts
	 * what the order given would have */
	agree(path, "2026-03-05", 1);
	audit(path, 2, 300, "2026-03-05", &one);
	order_given = DATE_MDY;
	audit(path, 2, 300, "2026-03-05", &other);
	order_given = DATE_AUTO;
	assert_non_null(one.report);
	assert_non_null(other.report);
	a = strstr(one.report, "\"rows\":");
	b = strstr(other.report, "\"rows\":");
	assert_non_null(a);
	assert_non_null(b);
	tu_assert_contains(one.report, "\"date_order\": \"mm-dd-yyyy\"");
	/* rows, levels and the sample: the same to the end of the sample */
	assert_int_equal(strcspn(a, "]"), strcspn(b, "]"));
	assert_memory_equal(a, b, strcspn(a, "]"));
	a = strstr(one.report, "\"levels\":");
	b = strstr(other.report, "\"levels\":");
	assert_non_null(a);
	assert_non_null(b);
	assert_memory_equal(a, b, strcspn(a, "}"));
	free(one.report);
	free(other.report);

	/* a stray quote in the middle: the first error, as one thread says */
	snprintf(path, sizeof path, "%s/stray.csv", dir);
	generate(path, 1500, 900, "\"L-s\",\"1/1/2026\",\"We\"b\",\"\",\"\",\"\",\"\"\r\n");
	agree(path, NULL, -1);

	/* a Windows-1252 byte after a long ASCII head */
	snprintf(path, sizeof path, "%s/cp1252.csv", dir);
	generate(path, 1500, 1200, "\"L-c\",\"1/1/2026\",\"Caf\xe9\",\"\",\"\",\"\",\"\"\r\n");
	agree(path, NULL, 1);
	audit(path, 2, 300, NULL, &one);
	assert_non_null(one.report);
	tu_assert_contains(one.report, "\"encoding\": \"windows-1252\"");
	tu_assert_contains(one.report, "Caf\xc3\xa9");
	free(one.report);

	/* an unclosed quote near the end */
	snprintf(path, sizeof path, "%s/unclosed.csv", dir);
	generate(path, 1500, 1490, "\"L-u\",\"1/1/2026\",\"Web\",\"\",\"\",\"\",\"open\r\n");
	agree(path, NULL, -1);
}

/* Unquoted rows where every 150th Notes cell opens with a stray quote
 * that the Notes cell three rows on closes: those rows are read as part
 * of one field, wherever the blocks are cut; the report says so the same
 * way with any number of threads. */
static void
test_stray_quotes(void **state)
{
	static const char *const src[] = { "LinkedIn", "Web", "google ads",
	    "xing" };
	struct outcome one;
	char path[256];
	FILE *fp;
	int i;

	(void)state;
	snprintf(path, sizeof path, "%s/taken.csv", dir);
	assert_non_null(fp = fopen(path, "wb"));
	fputs("Lead ID,Created Date,Lead Source,Lead Owner,Notes\n", fp);
	for (i = 0; i < 3000; i++)
		fprintf(fp, "L-%d,2026-01-%02d,%s,Owner %d,%s\n", i, 1 + i % 28,
		    src[i % 4], i % 5, i % 150 == 10 ? "\"call me, please" :
		    i % 150 == 13 ? "done\"" : i % 150 > 10 && i % 150 < 13 ?
		    "plain" : i % 7 == 0 ? "\"a, b\nc\"" : "plain");
	fclose(fp);
	agree(path, NULL, 1);
	audit(path, 2, 300, NULL, &one);
	assert_non_null(one.report);
	/* 20 fields took 3 rows each: 60 rows not read as leads */
	tu_assert_contains(one.report, "\"read\": 2940,");
	tu_assert_contains(one.report, "\"stray_quote\": {\"count\": 20, "
	    "\"rows\": 60, \"fields\": [{\"line\": 14, \"col\": 36, "
	    "\"lines\": 4, \"rows\": 3}, {\"line\": 185, ");
	free(one.report);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_stray_quotes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
