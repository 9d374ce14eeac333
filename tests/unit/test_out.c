/* Unit tests for out: JSON, XML, HTML and CSV escaping, the characters a
 * person must not see (out_hidden) and their escapes (out_json_shown,
 * out_shown); atomic report files (appear only on
 * close, mode, no temporary file left behind, failures). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "out.h"
#include "testutil.h"

struct ecase {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*out;
};

static const struct ecase json_cases[] = {
	{ "", 0, "\"\"" },
	{ "abc", 0, "\"abc\"" },
	{ "a\"b", 0, "\"a\\\"b\"" },
	{ "a\\b", 0, "\"a\\\\b\"" },
	{ "a/b", 0, "\"a/b\"" },
	{ "\n\r\t", 0, "\"\\n\\r\\t\"" },
	{ "\x01\x08\x0b\x0c\x1f", 0, "\"\\u0001\\u0008\\u000b\\u000c\\u001f\"" },
	{ "\x7f", 0, "\"\\u007f\"" },
	{ "a\0b", 3, "\"a\\u0000b\"" },
	/* Valid UTF-8 is written as is. */
	{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0, "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
	{ "\xef\xbf\xbe", 0, "\"\xef\xbf\xbe\"" },
	{ "\xf4\x8f\xbf\xbf", 0, "\"\xf4\x8f\xbf\xbf\"" },
	/* Invalid UTF-8: one U+FFFD per bad byte. */
	{ "\xff", 0, "\"\\ufffd\"" },
	{ "a\x80z", 0, "\"a\\ufffdz\"" },
	{ "\xc3", 0, "\"\\ufffd\"" },
	{ "\xc3(", 0, "\"\\ufffd(\"" },
	{ "\xc0\x80", 0, "\"\\ufffd\\ufffd\"" },
	{ "\xc1\xbf", 0, "\"\\ufffd\\ufffd\"" },
	{ "\xe0\x80\x80", 0, "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "\xed\xa0\x80", 0, "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "\xf0\x80\x80\x80", 0, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "\xf4\x90\x80\x80", 0, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "\xf5\x80\x80\x80", 0, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "\xe2\x82", 0, "\"\\ufffd\\ufffd\"" },
	/* A sequence cut by len is invalid, not read past len. */
	{ "\xc3\xa9", 1, "\"\\ufffd\"" },
	{ "\xe2\x82\xac", 2, "\"\\ufffd\\ufffd\"" },
};

static const struct ecase xml_cases[] = {
	{ "", 0, "" },
	{ "plain text", 0, "plain text" },
	{ "a&b<c>d\"e'f", 0, "a&amp;b&lt;c&gt;d&quot;e&#39;f" },
	{ "&amp;", 0, "&amp;amp;" },
	{ "\t\n\r", 0, "\t\n\r" },
	{ "a\x01\x08\x0b\x0c\x1f" "b", 0, "ab" },
	{ "a\0b", 3, "ab" },
	{ "\x7f", 0, "\x7f" },
	{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ "\xff", 0, "\xef\xbf\xbd" },
	{ "a\xc3(", 0, "a\xef\xbf\xbd(" },
	{ "\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xef\xbf\xbe|\xef\xbf\xbf|\xef\xbf\xbd", 0, "\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd" },
	{ "\xc3\xa9", 1, "\xef\xbf\xbd" },
};

/* out_html: out_xml, but control, C1 and bidirectional characters as '?'
 * (tab, LF and CR kept); valid UTF-8 as it is, invalid as U+FFFD. */
static const struct ecase html_cases[] = {
	{ "", 0, "" },
	{ "a&b<c>d\"e'f", 0, "a&amp;b&lt;c&gt;d&quot;e&#39;f" },
	{ "\t\n\r", 0, "\t\n\r" },
	{ "a\x01\x1b[31mb\x7f", 0, "a??[31mb?" },
	{ "a\0b", 3, "a?b" },
	/* every embedding, override and isolate, then C1 controls */
	{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae", 0, "?????" },
	{ "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 0, "????" },
	{ "rlo\xe2\x80\xaegnp.exe", 0, "rlo?gnp.exe" },
	{ "nel\xc2\x85" "csi\xc2\x9b\xc2\x80" "end", 0, "nel?csi??end" },
	/* their neighbours are shown as they are: NBSP, LRM, RLM, NNBSP,
	 * LINE SEPARATOR, WORD JOINER, U+206A */
	{ "\xc2\xa0\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xaf\xe2\x80\xa8\xe2\x81\xa0\xe2\x81\xaa", 0,
	    "\xc2\xa0\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xaf\xe2\x80\xa8\xe2\x81\xa0\xe2\x81\xaa" },
	/* German, Dutch, CJK and an emoji unchanged */
	{ "J\xc3\xbcrgen M\xc3\xbcller, Gr\xc3\xbc\xc3\x9f" "e", 0,
	    "J\xc3\xbcrgen M\xc3\xbcller, Gr\xc3\xbc\xc3\x9f" "e" },
	{ "IJsselmeer, co\xc3\xb6peratie, \xe7\x8e\x8b\xe8\x8a\xb3 \xf0\x9f\x98\x80", 0,
	    "IJsselmeer, co\xc3\xb6peratie, \xe7\x8e\x8b\xe8\x8a\xb3 \xf0\x9f\x98\x80" },
	/* invalid UTF-8 as out_xml has it: one U+FFFD per bad byte */
	{ "\xff", 0, "\xef\xbf\xbd" },
	{ "a\xc3(", 0, "a\xef\xbf\xbd(" },
	{ "\xc0\x85", 0, "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xe0\x80\xae", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	/* a sequence cut by len is invalid, not a hidden character, and
	 * nothing past len is read */
	{ "\xe2\x80\xae", 2, "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xc2\x85", 1, "\xef\xbf\xbd" },
	{ "ab\xe2\x80\xae", 2, "ab" },
};

typedef void (*esc_fn)(FILE *, const char *, size_t);

static void
check(const char *what, esc_fn fn, const struct ecase *c, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		struct tu_mem m;
		const char *got;
		size_t len = c[i].len ? c[i].len : strlen(c[i].in);

		fn(tu_mem_open(&m), c[i].in, len);
		got = tu_mem_text(&m);
		if (m.len != strlen(c[i].out) || memcmp(got, c[i].out, m.len) != 0) {
			print_error("%s case %zu: got '%s', want '%s'\n", what, i, got, c[i].out);
			bad++;
		}
		tu_mem_free(&m);
	}
	assert_int_equal(bad, 0);
}

static void
test_json(void **state)
{
	struct tu_mem m;

	(void)state;
	check("json", out_json_str, json_cases, sizeof json_cases / sizeof json_cases[0]);
	out_json_cstr(tu_mem_open(&m), NULL);
	assert_string_equal(tu_mem_text(&m), "null");
	tu_mem_free(&m);
	out_json_cstr(tu_mem_open(&m), "x\"y");
	assert_string_equal(tu_mem_text(&m), "\"x\\\"y\"");
	tu_mem_free(&m);
}

static const struct ecase shown_cases[] = {
	{ "abc", 0, "\"abc\"" },
	{ "a\"\n", 0, "\"a\\\"\\n\"" },
	/* bidi controls, C1 and C0 controls: escaped, not written */
	{ "Linked\xe2\x80\xaeIn", 0, "\"Linked\\u202eIn\"" },
	{ "\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9", 0, "\"\\u202a\\u2066\\u2069\"" },
	{ "\xc2\x85\x01", 0, "\"\\u0085\\u0001\"" },
	/* what is not hidden is written as out_json_str writes it */
	{ "caf\xc3\xa9 \xe2\x80\xaf", 0, "\"caf\xc3\xa9 \xe2\x80\xaf\"" },
	{ "\xe2\x80", 0, "\"\\ufffd\\ufffd\"" },
};

/* out_json_shown, and out_shown with its cap. */
static void
test_shown(void **state)
{
	char buf[16];

	(void)state;
	check("shown", out_json_shown, shown_cases, sizeof shown_cases / sizeof shown_cases[0]);
	assert_int_equal(out_shown(buf, sizeof buf, "a\xe2\x80\xae" "b", 5), 8);
	assert_string_equal(buf, "a\\u202eb");
	assert_int_equal(out_shown(buf, sizeof buf, "x\x01y\xc2\x9f", 5), 14);
	assert_string_equal(buf, "x\\u0001y\\u009f");
	/* An escape that does not fit is left out whole, never cut. */
	assert_int_equal(out_shown(buf, 6, "a\xe2\x80\xae", 4), 1);
	assert_string_equal(buf, "a");
	assert_int_equal(out_shown(buf, 1, "abc", 3), 0);
	assert_string_equal(buf, "");
	assert_int_equal(out_shown(buf, 4, "abcdef", 6), 3);
	assert_string_equal(buf, "abc");
	/* Invalid UTF-8 is copied: the caller's text, not a hidden character. */
	assert_int_equal(out_shown(buf, sizeof buf, "\xe2\x80", 2), 2);
	assert_memory_equal(buf, "\xe2\x80", 3);
}

static void
test_xml(void **state)
{
	struct tu_mem m;

	(void)state;
	check("xml", out_xml, xml_cases, sizeof xml_cases / sizeof xml_cases[0]);
	out_xml_cstr(tu_mem_open(&m), "<a href='x'>");
	assert_string_equal(tu_mem_text(&m), "&lt;a href=&#39;x&#39;&gt;");
	tu_mem_free(&m);
}

static void
test_html(void **state)
{
	struct tu_mem m;

	(void)state;
	check("html", out_html, html_cases, sizeof html_cases / sizeof html_cases[0]);
	out_html_cstr(tu_mem_open(&m), "<b>\xe2\x81\xa6x\xe2\x81\xa9</b>");
	assert_string_equal(tu_mem_text(&m), "&lt;b&gt;?x?&lt;/b&gt;");
	tu_mem_free(&m);
}

struct hcase {
	const char	*s;
	size_t		 n;	/* 0: strlen(s) */
	size_t		 want;
};

static const struct hcase hidden_cases[] = {
	/* the bidirectional embeddings, overrides and isolates */
	{ "\xe2\x80\xaa", 0, 3 }, { "\xe2\x80\xab", 0, 3 }, { "\xe2\x80\xac", 0, 3 },
	{ "\xe2\x80\xad", 0, 3 }, { "\xe2\x80\xae", 0, 3 },
	{ "\xe2\x81\xa6", 0, 3 }, { "\xe2\x81\xa7", 0, 3 }, { "\xe2\x81\xa8", 0, 3 },
	{ "\xe2\x81\xa9", 0, 3 },
	{ "\xe2\x80\xaex", 0, 3 },
	/* C1 controls, C0 controls (NUL too), DEL */
	{ "\xc2\x80", 0, 2 }, { "\xc2\x85", 0, 2 }, { "\xc2\x9b", 0, 2 }, { "\xc2\x9f", 0, 2 },
	{ "\x01", 0, 1 }, { "\x1b[", 0, 1 }, { "\t", 0, 1 }, { "\n", 0, 1 }, { "\x7f", 0, 1 },
	{ "", 1, 1 },
	/* not hidden: text, accents, their neighbours */
	{ "a", 0, 0 }, { " ", 0, 0 }, { "~", 0, 0 },
	{ "\xc3\xa9", 0, 0 }, { "\xc3\xbc", 0, 0 }, { "\xe7\x8e\x8b", 0, 0 },
	{ "\xc2\xa0", 0, 0 }, { "\xc2\xa9", 0, 0 },
	{ "\xe2\x80\xa9", 0, 0 }, { "\xe2\x80\xaf", 0, 0 },
	{ "\xe2\x81\xa5", 0, 0 }, { "\xe2\x81\xaa", 0, 0 }, { "\xe2\x82\xac", 0, 0 },
	/* invalid UTF-8 is not hidden (each format has its own way) */
	{ "\xff", 0, 0 }, { "\x85", 0, 0 }, { "\xc0\x85", 0, 0 }, { "\xe0\x80\xae", 0, 0 },
	/* cut short by n: not hidden, and nothing past n is read */
	{ "\xe2\x80\xae", 1, 0 }, { "\xe2\x80\xae", 2, 0 }, { "\xc2\x85", 1, 0 },
};

static void
test_hidden(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof hidden_cases / sizeof hidden_cases[0]; i++) {
		const struct hcase *c = &hidden_cases[i];
		size_t n = c->n ? c->n : strlen(c->s), got;
		/* a copy of exactly n bytes, so ASan sees any read past n */
		char *copy = malloc(n);

		assert_non_null(copy);
		memcpy(copy, c->s, n);
		if ((got = out_hidden(copy, n)) != c->want) {
			print_error("hidden case %zu: got %zu, want %zu\n", i, got, c->want);
			bad++;
		}
		free(copy);
	}
	assert_int_equal(bad, 0);
	assert_int_equal(out_hidden("\xe2\x80\xae", 0), 0);
	/* out_utf8_len: the length of a valid sequence, 0 otherwise */
	assert_int_equal(out_utf8_len("a", 1), 1);
	assert_int_equal(out_utf8_len("\xc3\xa9", 2), 2);
	assert_int_equal(out_utf8_len("\xe2\x80\xae", 3), 3);
	assert_int_equal(out_utf8_len("\xf0\x9f\x98\x80", 4), 4);
	assert_int_equal(out_utf8_len("\xe2\x80\xae", 2), 0);
	assert_int_equal(out_utf8_len("\xed\xa0\x80", 3), 0);
	assert_int_equal(out_utf8_len("\xff", 1), 0);
	assert_int_equal(out_utf8_len("a", 0), 0);
}

struct ccase {
	const char	*in;
	size_t		 len;
	int		 delim, neutralise;
	const char	*out;
	size_t		 olen;	/* 0: strlen(out) */
};

static const struct ccase csv_cases[] = {
	{ "abc", 0, ',', 0, "abc", 0 },
	{ "", 0, ',', 1, "", 0 },
	{ "a,b", 0, ',', 0, "\"a,b\"", 0 },
	{ "a;b", 0, ',', 0, "a;b", 0 },
	{ "a;b", 0, ';', 0, "\"a;b\"", 0 },
	{ "a\tb", 0, '\t', 0, "\"a\tb\"", 0 },
	{ "a|b", 0, '|', 0, "\"a|b\"", 0 },
	{ "a\"b", 0, ',', 0, "\"a\"\"b\"", 0 },
	{ "\"", 0, ',', 0, "\"\"\"\"", 0 },
	{ "a\nb", 0, ',', 0, "\"a\nb\"", 0 },
	{ "a\rb", 0, ',', 0, "\"a\rb\"", 0 },
	{ "a b", 0, ',', 0, "a b", 0 },
	{ "caf\xc3\xa9", 0, ',', 1, "caf\xc3\xa9", 0 },
	/* Formula neutralising: = + - @ TAB CR at the start. */
	{ "=1+2", 0, ',', 1, "'=1+2", 0 },
	{ "=1+2", 0, ',', 0, "=1+2", 0 },
	{ "+31 6 12345678", 0, ',', 1, "'+31 6 12345678", 0 },
	{ "-5", 0, ',', 1, "'-5", 0 },
	{ "@SUM(A1)", 0, ',', 1, "'@SUM(A1)", 0 },
	{ "\tx", 0, ',', 1, "'\tx", 0 },
	{ "\tx", 0, '\t', 1, "\"'\tx\"", 0 },
	{ "\rx", 0, ',', 1, "\"'\rx\"", 0 },
	{ "=HYPERLINK(\"http://x\",\"y\")", 0, ',', 1,
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", 0 },
	{ "a=b", 0, ',', 1, "a=b", 0 },
	{ " =1", 0, ',', 1, " =1", 0 },
	{ "'=1", 0, ',', 1, "'=1", 0 },
	/* A NUL byte is data: it is not a formula character. */
	{ "\0=1", 3, ',', 1, "\0=1", 3 },
	{ "a\0b", 3, ',', 0, "a\0b", 3 },
	/* Only len bytes are written. */
	{ "abc,def", 3, ',', 0, "abc", 0 },
};

static void
test_csv(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof csv_cases / sizeof csv_cases[0]; i++) {
		const struct ccase *c = &csv_cases[i];
		size_t olen = c->olen ? c->olen : strlen(c->out);
		struct tu_mem m;
		const char *got;

		out_csv_cell(tu_mem_open(&m), c->in, c->len ? c->len : strlen(c->in),
		    c->delim, c->neutralise);
		got = tu_mem_text(&m);
		if (m.len != olen || memcmp(got, c->out, olen) != 0) {
			print_error("csv case %zu: got '%s' (%zu bytes), want '%s'\n", i, got,
			    m.len, c->out);
			bad++;
		}
		tu_mem_free(&m);
	}
	assert_int_equal(bad, 0);
}

/* ---- atomic files ---- */

static char tmpdir[64];

static int
make_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_out.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

/* Removes the files a test left and the directory. */
static int
remove_dir(void **state)
{
	DIR *dp = opendir(tmpdir);
	struct dirent *e;
	char p[sizeof tmpdir + 260];

	(void)state;
	if (dp == NULL)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
		unlink(p);
	}
	closedir(dp);
	return rmdir(tmpdir);
}

/* The names in the test directory, sorted, joined with '|'. */
static void
listing(char *buf, size_t cap)
{
	struct dirent **v;
	int n, i;

	buf[0] = '\0';
	n = scandir(tmpdir, &v, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		if (v[i]->d_name[0] != '.' || (strcmp(v[i]->d_name, ".") != 0 &&
		    strcmp(v[i]->d_name, "..") != 0)) {
			if (buf[0] != '\0')
				strncat(buf, "|", cap - strlen(buf) - 1);
			strncat(buf, v[i]->d_name, cap - strlen(buf) - 1);
		}
		free(v[i]);
	}
	free(v);
}

static void
read_file(const char *path, char *buf, size_t cap)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, cap - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

static void
write_file(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(s, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
test_atomic(void **state)
{
	char path[128], names[512], buf[64];
	struct stat st;
	struct diag d;
	struct out *o;

	(void)state;
	snprintf(path, sizeof path, "%s/report.txt", tmpdir);
	memset(&d, 0, sizeof d);
	o = out_open(path, 0, &d);
	assert_non_null(o);
	assert_int_equal(fprintf(out_fp(o), "hello\n"), 6);
	/* Before close: no target, one temporary file beside it. */
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	listing(names, sizeof names);
	assert_int_equal(strncmp(names, ".report.txt.tmp", 15), 0);
	assert_null(strchr(names, '|'));
	assert_int_equal(out_close(o, &d), 0);
	/* After: the target, mode 0600, and nothing else. */
	read_file(path, buf, sizeof buf);
	assert_string_equal(buf, "hello\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	listing(names, sizeof names);
	assert_string_equal(names, "report.txt");

	/* Replacing a file: the old contents stay until close. */
	o = out_open(path, 0644, &d);
	assert_non_null(o);
	fputs("new\n", out_fp(o));
	fflush(out_fp(o));
	read_file(path, buf, sizeof buf);
	assert_string_equal(buf, "hello\n");
	assert_int_equal(out_close(o, &d), 0);
	read_file(path, buf, sizeof buf);
	assert_string_equal(buf, "new\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	listing(names, sizeof names);
	assert_string_equal(names, "report.txt");
	unlink(path);
}

static void
test_abort(void **state)
{
	char path[128], names[512], buf[64];
	struct diag d;
	struct out *o;

	(void)state;
	snprintf(path, sizeof path, "%s/a.json", tmpdir);
	o = out_open(path, 0, &d);
	assert_non_null(o);
	fputs("{\"half\":", out_fp(o));
	out_abort(o);
	listing(names, sizeof names);
	assert_string_equal(names, "");

	/* Aborting a replacement keeps the old file. */
	write_file(path, "old\n");
	o = out_open(path, 0, &d);
	assert_non_null(o);
	fputs("new\n", out_fp(o));
	out_abort(o);
	read_file(path, buf, sizeof buf);
	assert_string_equal(buf, "old\n");
	listing(names, sizeof names);
	assert_string_equal(names, "a.json");
	unlink(path);

	out_abort(NULL);
}

static void
test_open_fails(void **state)
{
	char path[128], names[512];
	struct diag d;

	(void)state;
	snprintf(path, sizeof path, "%s/no/such/dir/r.txt", tmpdir);
	memset(&d, 0, sizeof d);
	assert_null(out_open(path, 0, &d));
	assert_string_equal(d.file, path);
	tu_assert_contains(d.msg, "cannot create a temporary file");
	tu_assert_contains(d.msg, strerror(ENOENT));

	/* The target is a directory: refused at once, nothing is left behind. */
	snprintf(path, sizeof path, "%s/sub", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	memset(&d, 0, sizeof d);
	assert_null(out_open(path, 0, &d));
	assert_string_equal(d.file, path);
	tu_assert_contains(d.msg, "is a directory");
	listing(names, sizeof names);
	assert_string_equal(names, "sub");
	rmdir(path);
}

/* A name without a directory goes to the current directory. */
static void
test_relative(void **state)
{
	char cwd[512], buf[16];
	struct diag d;
	struct out *o;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(tmpdir), 0);
	o = out_open("rel.txt", 0, &d);
	assert_non_null(o);
	fputs("r", out_fp(o));
	assert_int_equal(out_close(o, &d), 0);
	read_file("rel.txt", buf, sizeof buf);
	assert_string_equal(buf, "r");
	unlink("rel.txt");
	assert_int_equal(chdir(cwd), 0);
}

static void
test_stdout(void **state)
{
	struct diag d;
	struct out *o;
	pid_t pid;
	int status;

	(void)state;
	o = out_open("-", 0, &d);
	assert_non_null(o);
	assert_ptr_equal(out_fp(o), stdout);
	assert_int_equal(out_close(o, &d), 0);
	o = out_open(NULL, 0, &d);
	assert_non_null(o);
	assert_ptr_equal(out_fp(o), stdout);
	out_abort(o);

	/* A full disk on stdout is a diag (in a child, so our stdout is kept). */
	fflush(stdout);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (freopen("/dev/full", "w", stdout) == NULL)
			_exit(3);
		printf("a report\n");
		memset(&d, 0, sizeof d);
		if (out_stdout_check(&d) != -1)
			_exit(4);
		if (strcmp(d.file, "(standard output)") != 0 || strstr(d.msg, "write error") == NULL)
			_exit(5);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A device is written in place: renaming a file over /dev/null would
 * replace the device (as root).  /dev/full reports the write error. */
static void
test_device(void **state)
{
	struct diag d;
	struct stat st;
	struct out *o;

	(void)state;
	o = out_open("/dev/null", 0, &d);
	assert_non_null(o);
	fputs("report\n", out_fp(o));
	assert_int_equal(out_close(o, &d), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	o = out_open("/dev/full", 0, &d);
	assert_non_null(o);
	fputs("report\n", out_fp(o));
	assert_int_equal(out_close(o, &d), -1);
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_null(out_open("/tmp", 0, &d));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_shown),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_open_fails),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_stdout),
		cmocka_unit_test(test_device),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
