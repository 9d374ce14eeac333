/* Unit tests for jsonr: what it accepts (and the tree it builds), what it
 * refuses (with the place and the reason), its caps, numbers and strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "jsonr.h"
#include "testutil.h"

static struct jsonr *
parse_ok(const char *text, size_t len)
{
	struct diag d;
	struct jsonr *doc;

	memset(&d, 0, sizeof d);
	doc = jsonr_parse("t.json", text, len ? len : strlen(text), &d);
	if (doc == NULL) {
		print_error("refused: %s:%ld:%ld: %s\ninput: %s\n", d.file, d.line,
		    d.col, d.msg, text);
		fail();
	}
	return doc;
}

struct bad {
	const char	*text;
	size_t		 len;		/* 0: strlen */
	long		 line, col;
	const char	*msg;		/* a part of the message */
};

static const struct bad bads[] = {
	{ "", 0, 1, 1, "empty" },
	{ "  \n ", 0, 2, 2, "empty" },
	{ "{", 0, 1, 2, "member name" },
	{ "[1,]", 0, 1, 4, "expected a value" },
	{ "[1 2]", 0, 1, 4, "',' or ']'" },
	{ "{\"a\":1,}", 0, 1, 8, "member name" },
	{ "{\"a\" 1}", 0, 1, 6, "':'" },
	{ "{\"a\":1 \"b\":2}", 0, 1, 8, "',' or '}'" },
	{ "{a:1}", 0, 1, 2, "member name" },
	{ "{\"a\":1,\"a\":2}", 0, 1, 8, "duplicate member name \"a\"" },
	{ "{\"a\":1,\"b\":2,\"a\":3}", 0, 1, 14, "duplicate" },
	{ "[1]x", 0, 1, 4, "text after" },
	{ "[1] [2]", 0, 1, 5, "text after" },
	{ "// c\n1", 0, 1, 1, "expected a value" },
	{ "'a'", 0, 1, 1, "expected a value" },
	{ "tru", 0, 1, 1, "true, false or null" },
	{ "nul", 0, 1, 1, "true, false or null" },
	{ "True", 0, 1, 1, "expected a value" },
	{ "NaN", 0, 1, 1, "expected a value" },
	{ "-", 0, 1, 2, "digit" },
	{ "01", 0, 1, 1, "start with 0" },
	{ "-01", 0, 1, 2, "start with 0" },
	{ "1.", 0, 1, 3, "after '.'" },
	{ ".5", 0, 1, 1, "expected a value" },
	{ "1e", 0, 1, 3, "exponent" },
	{ "1e+", 0, 1, 4, "exponent" },
	{ "+1", 0, 1, 1, "expected a value" },
	{ "1e400", 0, 1, 1, "out of range" },
	{ "[-1e309]", 0, 1, 2, "out of range" },
	{ "\"abc", 0, 1, 5, "unterminated" },
	{ "\"a\\", 0, 1, 3, "unterminated" },
	{ "\"a\nb\"", 0, 1, 3, "control character U+000A" },
	{ "\"a\tb\"", 0, 1, 3, "control character U+0009" },
	{ "\"\\x\"", 0, 1, 2, "invalid escape" },
	{ "\"\\u12\"", 0, 1, 2, "four hex digits" },
	{ "\"\\u12G4\"", 0, 1, 2, "four hex digits" },
	{ "\"\\ud800\"", 0, 1, 2, "lone high surrogate" },
	{ "\"\\ud800\\u0041\"", 0, 1, 2, "lone high surrogate" },
	{ "\"\\udc00\"", 0, 1, 2, "lone low surrogate" },
	{ "\"\xff\"", 0, 1, 2, "invalid UTF-8" },
	{ "\"\xc3\"", 0, 1, 2, "invalid UTF-8" },
	{ "\"\xc0\xaf\"", 0, 1, 2, "invalid UTF-8" },		/* overlong */
	{ "\"\xed\xa0\x80\"", 0, 1, 2, "invalid UTF-8" },	/* surrogate */
	{ "\"\xf4\x90\x80\x80\"", 0, 1, 2, "invalid UTF-8" },	/* > U+10FFFF */
	{ "[\"a\"\x00]", 5, 1, 5, "byte 0x00" },
	{ "\x00", 1, 1, 1, "byte 0x00" },
	{ "{\"a\":\n  [1,\n   2\n  }", 0, 4, 3, "',' or ']'" },
	{ "\xef\xbb\xbf", 0, 1, 1, "empty" },
	{ "\xef\xbb\xbf\xef\xbb\xbf{}", 0, 1, 1, "expected a value" },
};

static void
test_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		const struct bad *b = &bads[i];
		struct diag d;
		struct jsonr *doc;

		memset(&d, 0, sizeof d);
		doc = jsonr_parse("t.json", b->text, b->len ? b->len : strlen(b->text), &d);
		if (doc != NULL) {
			jsonr_free(doc);
			print_error("case %zu accepted: %s\n", i, b->text);
			fail();
		}
		if (strcmp(d.file, "t.json") != 0 || d.line != b->line || d.col != b->col ||
		    strstr(d.msg, b->msg) == NULL) {
			print_error("case %zu (%s): got %s:%ld:%ld: %s; want %ld:%ld: ...%s...\n",
			    i, b->text, d.file, d.line, d.col, d.msg, b->line, b->col, b->msg);
			fail();
		}
	}
	/* A NULL diag is allowed. */
	assert_null(jsonr_parse("t.json", "[", 1, NULL));
}

static void
test_tree(void **state)
{
	const char *text = "\xef\xbb\xbf {\"a\": [1, -2.5e1, true, false, null, \"x\"],\n"
	    " \"b\": {\"c\": {}}, \"\": [], \"d\\u0000e\": 0}\r\n";
	struct jsonr *doc = parse_ok(text, 0);
	const struct jsonr_val *root = jsonr_root(doc), *a, *e, *b;
	long long n;
	double x;
	size_t len;

	(void)state;
	assert_int_equal(jsonr_type(root), JSONR_OBJECT);
	assert_int_equal(jsonr_count(root), 4);
	assert_int_equal(jsonr_line(root), 1);
	assert_int_equal(jsonr_col(root), 2);	/* the BOM is no column */
	a = jsonr_get(root, "a");
	assert_int_equal(jsonr_type(a), JSONR_ARRAY);
	assert_int_equal(jsonr_count(a), 6);
	e = jsonr_first(a);
	assert_int_equal(jsonr_int(e, &n), 0);
	assert_int_equal(n, 1);
	assert_null(jsonr_key(e, NULL));	/* an element, not a member */
	e = jsonr_next(e);
	assert_int_equal(jsonr_num(e, &x), 0);
	assert_true(x == -25.0);
	assert_int_equal(jsonr_int(e, &n), -1);	/* has a fraction and an exponent */
	e = jsonr_next(e);
	assert_int_equal(jsonr_type(e), JSONR_TRUE);
	e = jsonr_next(e);
	assert_int_equal(jsonr_type(e), JSONR_FALSE);
	e = jsonr_next(e);
	assert_int_equal(jsonr_type(e), JSONR_NULL);
	assert_non_null(e);
	e = jsonr_next(e);
	assert_string_equal(jsonr_str(e, &len), "x");
	assert_int_equal(len, 1);
	assert_null(jsonr_next(e));
	b = jsonr_get(root, "b");
	assert_int_equal(jsonr_type(jsonr_get(b, "c")), JSONR_OBJECT);
	assert_int_equal(jsonr_count(jsonr_get(b, "c")), 0);
	assert_null(jsonr_first(jsonr_get(b, "c")));
	assert_int_equal(jsonr_line(b), 2);
	assert_int_equal(jsonr_col(b), 7);
	assert_int_equal(jsonr_type(jsonr_get(root, "")), JSONR_ARRAY);
	/* Member names are in document order and may hold NULs. */
	e = jsonr_first(root);
	assert_string_equal(jsonr_key(e, &len), "a");
	e = jsonr_next(jsonr_next(jsonr_next(e)));
	assert_non_null(jsonr_key(e, &len));
	assert_int_equal(len, 3);
	assert_memory_equal(jsonr_key(e, NULL), "d\0e", 3);
	assert_null(jsonr_get(root, "d"));
	/* Lookups chain through what is not there. */
	assert_null(jsonr_get(root, "zz"));
	assert_null(jsonr_get(jsonr_get(root, "zz"), "y"));
	assert_null(jsonr_get(a, "x"));		/* not an object */
	assert_int_equal(jsonr_type(NULL), JSONR_NULL);
	assert_null(jsonr_str(NULL, NULL));
	assert_int_equal(jsonr_num(NULL, &x), -1);
	assert_int_equal(jsonr_int(a, &n), -1);
	assert_int_equal(jsonr_count(NULL), 0);
	assert_null(jsonr_first(NULL));
	assert_null(jsonr_next(NULL));
	assert_int_equal(jsonr_line(NULL), 0);
	assert_string_equal(jsonr_type_name(JSONR_STRING), "a string");
	jsonr_free(doc);
	jsonr_free(NULL);
}

static void
test_scalars_at_top(void **state)
{
	static const char *const ok[] = { "0", "-0", " 7 ", "\"\"", "null", "true",
	    "false", "[]", "{}", "\t\r\n[ ]\n" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		jsonr_free(parse_ok(ok[i], 0));
}

struct num {
	const char	*text;
	double		 want;
	int		 isint;
	long long	 ival;
};

static const struct num nums[] = {
	{ "0", 0, 1, 0 },
	{ "-0", 0, 1, 0 },
	{ "42", 42, 1, 42 },
	{ "-42", -42, 1, -42 },
	{ "0.9000", 0.9, 0, 0 },
	{ "0.9267", 0.9267, 0, 0 },
	{ "1e3", 1000, 0, 0 },
	{ "1E+3", 1000, 0, 0 },
	{ "25e-1", 2.5, 0, 0 },
	{ "0.000001", 1e-6, 0, 0 },
	{ "123456789012345678901234567890", 1.2345678901234568e29, 0, 0 },
	{ "9223372036854775807", 9223372036854775807.0, 1, 9223372036854775807LL },
	{ "-9223372036854775808", -9223372036854775808.0, 1, -9223372036854775807LL - 1 },
	{ "9223372036854775808", 9223372036854775808.0, 0, 0 },	/* too big for an int */
	{ "1.7976931348623157e308", 1.7976931348623157e308, 0, 0 },
	{ "1e-320", 1e-320, 0, 0 },
	{ "1e-400", 0, 0, 0 },
	{ "0e999999999", 0, 0, 0 },
	{ "0.00000000000000000000000000000000001", 1e-35, 0, 0 },
	{ "0.1", 0.1, 0, 0 },
	{ "2.2250738585072014e-308", 2.2250738585072014e-308, 0, 0 },
	{ "4.9e-324", 4.9e-324, 0, 0 },
	/* past 40 significant digits the rest only counts as a power of ten */
	{ "1234567890123456789012345678901234567890123", 1.2345678901234568e42, 0, 0 },
};

static void
test_numbers(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		struct jsonr *doc = parse_ok(nums[i].text, 0);
		const struct jsonr_val *v = jsonr_root(doc);
		double x;
		long long n;

		assert_int_equal(jsonr_type(v), JSONR_NUMBER);
		assert_int_equal(jsonr_num(v, &x), 0);
		/* correctly rounded: the same double as the compiler's */
		if (x != nums[i].want) {
			print_error("%s read as %.17g, want %.17g\n", nums[i].text, x, nums[i].want);
			fail();
		}
		assert_int_equal(jsonr_int(v, &n), nums[i].isint ? 0 : -1);
		if (nums[i].isint)
			assert_true(n == nums[i].ival);
		jsonr_free(doc);
	}
}

struct str {
	const char	*text;
	const char	*want;
	size_t		 len;
};

static const struct str strs[] = {
	{ "\"\"", "", 0 },
	{ "\"abc\"", "abc", 3 },
	{ "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8 },
	{ "\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6 },
	{ "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4 },
	{ "\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4 },
	{ "\"a\\u0000b\"", "a\0b", 3 },
	{ "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14 },
	{ "\"\x7f\"", "\x7f", 1 },
	{ "\"<script>alert(1)</script>\"", "<script>alert(1)</script>", 25 },
};

static void
test_strings(void **state)
{
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		struct jsonr *doc = parse_ok(strs[i].text, 0);
		const char *s = jsonr_str(jsonr_root(doc), &len);
		assert_non_null(s);
		assert_int_equal(len, strs[i].len);
		assert_memory_equal(s, strs[i].want, len);
		assert_int_equal(s[len], '\0');
		jsonr_free(doc);
	}
}

static void
test_depth_cap(void **state)
{
	char buf[2 * JSONR_MAX_DEPTH + 8];
	struct diag d;
	struct jsonr *doc;
	int i;

	(void)state;
	for (i = 0; i < JSONR_MAX_DEPTH; i++) {
		buf[i] = '[';
		buf[2 * JSONR_MAX_DEPTH - 1 - i] = ']';
	}
	jsonr_free(parse_ok(buf, 2 * JSONR_MAX_DEPTH));
	/* One more is refused, at the bracket that passes the cap. */
	for (i = 0; i <= JSONR_MAX_DEPTH; i++) {
		buf[i] = '[';
		buf[2 * JSONR_MAX_DEPTH + 1 - i] = ']';
	}
	memset(&d, 0, sizeof d);
	doc = jsonr_parse("t.json", buf, 2 * JSONR_MAX_DEPTH + 2, &d);
	assert_null(doc);
	assert_int_equal(d.col, JSONR_MAX_DEPTH + 1);
	tu_assert_contains(d.msg, "nested deeper than 64");
	/* Objects count too. */
	memset(buf, 0, sizeof buf);
	{
		struct buf b = BUF_INIT(0);
		for (i = 0; i <= JSONR_MAX_DEPTH; i++)
			buf_adds(&b, "{\"a\":");
		buf_adds(&b, "1");
		for (i = 0; i <= JSONR_MAX_DEPTH; i++)
			buf_adds(&b, "}");
		assert_null(jsonr_parse("t.json", b.data, b.len, &d));
		tu_assert_contains(d.msg, "nested deeper");
		buf_free(&b);
	}
}

static void
test_value_cap(void **state)
{
	size_t n = JSONR_MAX_VALUES, len = 2 * (n - 1) + 1, i;
	char *text = malloc(len + 2);
	struct jsonr *doc;
	struct diag d;

	(void)state;
	assert_non_null(text);
	/* The array and n - 1 zeros: exactly at the cap. */
	text[0] = '[';
	for (i = 0; i < n - 1; i++) {
		text[1 + 2 * i] = '0';
		text[2 + 2 * i] = ',';
	}
	text[len - 1] = ']';
	doc = parse_ok(text, len);
	assert_int_equal(jsonr_count(jsonr_root(doc)), n - 1);
	jsonr_free(doc);
	/* One more value is refused. */
	text[len - 1] = ',';
	text[len] = '0';
	text[len + 1] = ']';
	memset(&d, 0, sizeof d);
	assert_null(jsonr_parse("t.json", text, len + 2, &d));
	tu_assert_contains(d.msg, "values: over the cap");
	free(text);
}

static void
test_byte_cap(void **state)
{
	size_t len = (size_t)JSONR_MAX_BYTES + 1;
	char *text = malloc(len);
	struct diag d;

	(void)state;
	assert_non_null(text);
	memset(text, ' ', len);
	text[0] = '0';
	memset(&d, 0, sizeof d);
	assert_null(jsonr_parse("big.json", text, len, &d));
	tu_assert_contains(d.msg, "over the cap");
	assert_string_equal(d.file, "big.json");
	/* At the cap it is read. */
	jsonr_free(parse_ok(text, len - 1));
	free(text);
}

static void
test_many_members(void **state)
{
	struct buf b = BUF_INIT(0);
	struct jsonr *doc;
	struct diag d;
	char key[32];
	int i;

	(void)state;
	/* Many names: the duplicate check must find the late duplicate. */
	buf_adds(&b, "{");
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "%s\"k%d\":%d", i ? "," : "", i, i);
		buf_adds(&b, key);
	}
	buf_adds(&b, "}");
	doc = parse_ok(b.data, b.len);
	assert_int_equal(jsonr_count(jsonr_root(doc)), 5000);
	assert_non_null(jsonr_get(jsonr_root(doc), "k4999"));
	jsonr_free(doc);
	b.len--;
	buf_adds(&b, ",\"k2500\":1}");
	memset(&d, 0, sizeof d);
	assert_null(jsonr_parse("t.json", b.data, b.len, &d));
	tu_assert_contains(d.msg, "duplicate member name \"k2500\"");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_scalars_at_top),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_depth_cap),
		cmocka_unit_test(test_value_cap),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_many_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
