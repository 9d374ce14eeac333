/* Unit tests for linkrep_items and the JSON and SARIF reports on threads:
 * the bytes are those of one thread, whatever the number of threads, with
 * block boundaries on every kind of finding and threads that stall, and a
 * write error still shows. */
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "finding.h"
#include "linkrep.h"

/* Not a whole number of blocks, and enough for the threads. */
#define NFIND	(LINKREP_PAR_MIN + 5 * LINKREP_BLOCK + 3)
/* Kinds of finding, one after the other: as LINKREP_BLOCK is not a
 * multiple of KINDS, the blocks start on every kind. */
#define KINDS	7

static const char *const ctx_plain[] = { "Campaign", "spring", "Owner", "" };
static const char *const ctx_odd[] = { "Na\"me\n", "tab\there \\ \x01", "caf\xc3\xa9",
    "bad\xff\xe2\x80" };
static char huge[3 * LINKREP_BUF];	/* longer than a buffer */

/* Finding i of kind i % KINDS; its line is i + 1, so any order but the
 * first shows. */
static void
make(struct linkrep_finding *f, size_t i)
{
	memset(f, 0, sizeof *f);
	f->file = "links.txt";
	f->line = (long)i + 1;
	f->col = (long)(i % 97) + 1;
	f->id = (enum finding_id)(F_URL_MALFORMED + i % (F__COUNT - F_URL_MALFORMED));
	f->sev = (enum finding_sev)(i % 3);
	f->message = "utm_source is not lowercase";
	f->link = "https://example.com/?utm_source=News";
	f->fix = "lowercase utm_source";
	f->fixed = "https://example.com/?utm_source=news";
	if (i % KINDS < 2) {	/* SARIF: a fix in place */
		f->span_line = f->line;
		f->span_col = f->col;
		f->span_end_col = f->col + 36;
		f->fixed_src = f->fixed;
	}
	switch (i % KINDS) {
	case 0:		/* every field plain */
		break;
	case 1:		/* strings to escape, and bytes that are not UTF-8 */
		f->file = "dir/\"odd\"\\name.txt";
		f->message = "quote \" back\\slash nl\n cr\r tab\t ctl\x01 del\x7f "
		    "caf\xc3\xa9 bad\xff cut\xe2\x82 rlo\xe2\x80\xae";
		f->link = "https://example.com/?q=\"a\"&b=\\";
		f->fixed = "https://example.com/?q=%22a%22\x1f";
		break;
	case 2:		/* set-level: the optional fields NULL */
		f->link = NULL;
		f->fix = NULL;
		f->fixed = NULL;
		break;
	case 3:		/* context pairs */
		f->nctx = 2;
		f->ctx = ctx_plain;
		break;
	case 4:		/* context to escape, no fix */
		f->nctx = 2;
		f->ctx = ctx_odd;
		f->fix = NULL;
		f->fixed = NULL;
		break;
	case 5:		/* a link longer than the buffer, now and then */
		if (i % (50 * KINDS) == 5)
			f->link = huge;
		f->col = -1;
		break;
	case 6:		/* numbers at their ends, only a message */
		f->col = LONG_MAX;
		f->link = NULL;
		f->fixed = NULL;
		f->message = "\xe5\xbe\xae\xe4\xbf\xa1 is not an alias";
		break;
	}
}

static struct linkrep_finding *
findings(size_t n)
{
	struct linkrep_finding *f = calloc(n, sizeof *f);
	size_t i;

	assert_non_null(f);
	memset(huge, 'x', sizeof huge - 1);
	memcpy(huge, "https://", 8);
	huge[sizeof huge / 2] = '"';	/* one to escape in the middle */
	for (i = 0; i < n; i++)
		make(&f[i], i);
	return f;
}

/* The report of run by write on threads. */
static char *
report(linkrep_fn write, struct linkrep_run *run, unsigned threads, size_t *len)
{
	char *s = NULL;
	FILE *fp = open_memstream(&s, len);

	assert_non_null(fp);
	run->threads = threads;
	write(fp, run);
	assert_false(ferror(fp));
	assert_int_equal(fclose(fp), 0);
	return s;
}

/* Where needle starts in [p, end), or NULL.  By hand: the sanitizers'
 * strstr reads to the end of the report each time. */
static const char *
find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; p + n <= end; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/* The findings of one thread's report, one per line, first to last. */
static void
check_lines(const char *s, size_t len, size_t n)
{
	const char *end = s + len, *p = find(s, end, "\"findings\": [\n"), *e;
	char want[64];
	size_t i;

	assert_non_null(p);
	p += strlen("\"findings\": [\n");
	for (i = 0; i < n; i++) {
		assert_memory_equal(p, "    {\"file\": \"", 14);
		e = find(p, end, "\n");
		assert_non_null(e);
		snprintf(want, sizeof want, "\", \"line\": %zu, ", i + 1);
		assert_non_null(find(p, e, want));
		if (i + 1 < n)
			assert_int_equal(e[-1], ',');
		p = e + 1;
	}
	assert_string_equal(p, "  ]\n}\n");
}

static void
test_json_threads(void **state)
{
	static const unsigned threads[] = { 2, 3, 4, LINKREP_MAX_THREADS, 64, 0 };
	struct linkrep_run run;
	struct linkrep_finding *f = findings(NFIND);
	char *one, *many;
	size_t none, nmany, i, b;

	(void)state;
	memset(&run, 0, sizeof run);
	run.version = "0.1.0";
	run.rules = "built-in";
	run.nfindings = NFIND;
	run.findings = f;
	/* the blocks start on every kind */
	for (i = 0; i < KINDS; i++) {
		for (b = 1; b * LINKREP_BLOCK < NFIND; b++)
			if (b * LINKREP_BLOCK % KINDS == i)
				break;
		assert_true(b * LINKREP_BLOCK < NFIND);
	}
	one = report(linkrep_json, &run, 1, &none);
	check_lines(one, none, NFIND);
	for (i = 0; i < sizeof threads / sizeof threads[0]; i++) {
		many = report(linkrep_json, &run, threads[i], &nmany);
		assert_int_equal(nmany, none);
		assert_memory_equal(many, one, none);
		free(many);
	}
	free(one);
	one = report(linkrep_sarif, &run, 1, &none);
	assert_non_null(find(one, one + none, "\"startLine\": 1, "));
	assert_non_null(find(one, one + none, "\"uri\": \"dir/%22odd%22%5Cname.txt\""));
	for (i = 0; i < 3; i++) {
		many = report(linkrep_sarif, &run, threads[i], &nmany);
		assert_int_equal(nmany, none);
		assert_memory_equal(many, one, none);
		free(many);
	}
	free(one);
	/* below the threshold: one thread whatever is asked */
	run.nfindings = LINKREP_PAR_MIN - 1;
	one = report(linkrep_json, &run, 1, &none);
	many = report(linkrep_json, &run, 4, &nmany);
	assert_int_equal(nmany, none);
	assert_memory_equal(many, one, none);
	free(one);
	free(many);
	free(f);
}

struct items {
	const char	*fill;		/* 2 * LINKREP_BUF bytes */
	pthread_t	 main;
	int		 stall;
};

/* Numbered items, mostly short, every 1000th longer than a buffer; with
 * stall, a thread of linkrep_items' own sleeps on every 5th block, as one
 * the host takes its core from: the calling thread does that block. */
static void
item(struct linkrep_buf *w, const void *arg, size_t i)
{
	const struct items *it = arg;
	struct timespec ts = { 0, 5 * 1000 * 1000 };

	if (it->stall && i % (5 * LINKREP_BLOCK) == 0 &&
	    !pthread_equal(pthread_self(), it->main))
		nanosleep(&ts, NULL);
	linkrep_putnum(w, (long)i);
	linkrep_putc(w, ':');
	linkrep_put(w, it->fill, i % 1000 == 0 ? 2 * LINKREP_BUF - i % 13 : i % 61);
	linkrep_putc(w, '\n');
}

static void
test_items(void **state)
{
	static const size_t counts[] = { LINKREP_PAR_MIN, LINKREP_PAR_MIN + 1,
	    3 * LINKREP_PAR_MIN - 1 };
	char *fill = malloc(2 * LINKREP_BUF), *one = NULL, *many = NULL;
	size_t none, nmany, i;
	struct linkrep_buf *w = malloc(sizeof *w);
	struct items it;
	unsigned t;
	FILE *fp;

	(void)state;
	assert_non_null(fill);
	assert_non_null(w);
	memset(fill, '.', 2 * LINKREP_BUF);
	it.fill = fill;
	it.main = pthread_self();
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		for (t = 1; t <= 7; t++) {
			fp = open_memstream(t == 1 ? &one : &many, t == 1 ? &none : &nmany);
			assert_non_null(fp);
			linkrep_buf_init(w, fp);
			linkrep_puts(w, "head\n");	/* what was in w stays first */
			it.stall = t > 5;
			linkrep_items(w, counts[i], t > 5 ? t - 4 : t, item, &it);
			linkrep_flush(w);
			assert_int_equal(fclose(fp), 0);
			if (t > 1) {
				assert_int_equal(nmany, none);
				assert_memory_equal(many, one, none);
				free(many);
			}
		}
		free(one);
	}
	free(fill);
	free(w);
}

/* A stream that fails on threads fails as it does on one. */
static void
test_write_error(void **state)
{
	struct linkrep_run run;
	struct linkrep_finding *f;
	FILE *fp;

	(void)state;
	if ((fp = fopen("/dev/full", "w")) == NULL)
		skip();
	f = findings(NFIND);
	memset(&run, 0, sizeof run);
	run.version = "0.1.0";
	run.rules = "built-in";
	run.nfindings = NFIND;
	run.findings = f;
	run.threads = 2;
	linkrep_json(fp, &run);
	assert_true(ferror(fp));
	fclose(fp);
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_threads),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
