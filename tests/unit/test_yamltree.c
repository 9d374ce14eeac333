/* Unit tests for yamltree: the tree, 1-based marks, the quoted flag, the
 * refusals (duplicate keys, anchors, aliases, depth, documents), and the
 * tree as one block that works wherever it is copied. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "yamltree.h"

static struct ynode *
parse(const char *s, int maxdepth)
{
	struct diag d;
	struct ynode *n;

	memset(&d, 0, sizeof d);
	n = yamltree_parse("y.yaml", s, strlen(s), maxdepth, &d);
	if (n == NULL) {
		print_error("did not parse: %s:%ld:%ld: %s\n", d.file, d.line, d.col, d.msg);
		fail();
	}
	return n;
}

static void
assert_node(const struct ynode *n, enum ynode_type t, long line, long col,
    const char *str, int quoted)
{
	assert_non_null(n);
	if (n->type != t || n->line != line || n->col != col ||
	    (str != NULL && (strcmp(ynode_str(n), str) != 0 ||
	    n->len != strlen(str))) || (t == YN_SCALAR && n->quoted != quoted)) {
		print_error("got %s %ld:%ld '%s' quoted %d, want %s %ld:%ld '%s' quoted %d\n",
		    ynode_type_name(n->type), (long)n->line, (long)n->col, ynode_str(n),
		    n->quoted, ynode_type_name(t), line, col, str ? str : "", quoted);
		fail();
	}
}

static void
test_tree_marks(void **state)
{
	const char *y =
	    "a: 1\n"
	    "b:\n"
	    "  - x\n"
	    "  - 'y'\n"
	    "  - \"z\"\n"
	    "c: {d: e, f: [g]}\n"
	    "h:\n"
	    "i: |\n"
	    "  block\n";
	struct ynode *r = parse(y, 64);
	const struct ynode *b, *c;

	(void)state;
	assert_node(r, YN_MAP, 1, 1, NULL, 0);
	assert_int_equal(r->n, 10);
	assert_node(ynode_kid(r, 0), YN_SCALAR, 1, 1, "a", 0);
	assert_node(ynode_kid(r, 1), YN_SCALAR, 1, 4, "1", 0);
	assert_node(ynode_kid(r, 2), YN_SCALAR, 2, 1, "b", 0);
	b = ynode_kid(r, 3);
	assert_node(b, YN_SEQ, 3, 3, NULL, 0);
	assert_int_equal(b->n, 3);
	assert_node(ynode_kid(b, 0), YN_SCALAR, 3, 5, "x", 0);
	assert_node(ynode_kid(b, 1), YN_SCALAR, 4, 5, "y", 1);
	assert_node(ynode_kid(b, 2), YN_SCALAR, 5, 5, "z", 1);
	c = ynode_get(r, "c");
	assert_node(c, YN_MAP, 6, 4, NULL, 0);
	assert_int_equal(c->n, 4);
	assert_node(ynode_kid(c, 0), YN_SCALAR, 6, 5, "d", 0);
	assert_node(ynode_kid(c, 1), YN_SCALAR, 6, 8, "e", 0);
	assert_node(ynode_kid(c, 3), YN_SEQ, 6, 14, NULL, 0);
	assert_node(ynode_kid(ynode_kid(c, 3), 0), YN_SCALAR, 6, 15, "g", 0);
	/* "h:" with nothing is an empty plain scalar; a block scalar is quoted. */
	assert_node(ynode_get(r, "h"), YN_SCALAR, 7, 3, "", 0);
	assert_node(ynode_get(r, "i"), YN_SCALAR, 8, 4, "block\n", 1);
	ynode_free(r);
}

static void
test_scalars(void **state)
{
	struct ynode *r;

	(void)state;
	/* No type resolution: null, true and numbers are strings; quoting is kept. */
	r = parse("a: null\nb: true\nc: 'null'\nd: ''\ne: \"x\\0y\"\nf: 007\n", 64);
	assert_node(ynode_get(r, "a"), YN_SCALAR, 1, 4, "null", 0);
	assert_node(ynode_get(r, "b"), YN_SCALAR, 2, 4, "true", 0);
	assert_node(ynode_get(r, "c"), YN_SCALAR, 3, 4, "null", 1);
	assert_node(ynode_get(r, "d"), YN_SCALAR, 4, 4, "", 1);
	assert_int_equal(ynode_get(r, "e")->len, 3);
	assert_memory_equal(ynode_str(ynode_get(r, "e")), "x\0y", 4);
	assert_node(ynode_get(r, "f"), YN_SCALAR, 6, 4, "007", 0);
	assert_null(ynode_get(r, "g"));
	assert_null(ynode_get(ynode_get(r, "a"), "a"));	/* not a mapping */
	assert_null(ynode_get(NULL, "a"));
	ynode_free(r);

	/* Columns count characters, not bytes; CRLF ends lines. */
	r = parse("\xc3\xa9\xc3\xa9: v\r\nk: w\r\n", 64);
	assert_node(ynode_kid(r, 1), YN_SCALAR, 1, 5, "v", 0);
	assert_node(ynode_kid(r, 2), YN_SCALAR, 2, 1, "k", 0);
	ynode_free(r);

	/* Empty documents are empty mappings. */
	r = parse("", 64);
	assert_node(r, YN_MAP, 1, 1, NULL, 0);
	assert_int_equal(r->n, 0);
	ynode_free(r);
	r = parse("# nothing\n\n", 64);
	assert_int_equal(r->type, YN_MAP);
	assert_int_equal(r->n, 0);
	ynode_free(r);

	/* Other roots. */
	r = parse("[a, b]\n", 64);
	assert_node(r, YN_SEQ, 1, 1, NULL, 0);
	assert_int_equal(r->n, 2);
	ynode_free(r);
	r = parse("--- plain\n", 64);
	assert_node(r, YN_SCALAR, 1, 5, "plain", 0);
	ynode_free(r);

	assert_string_equal(ynode_type_name(YN_SCALAR), "a scalar");
	assert_string_equal(ynode_type_name(YN_SEQ), "a list");
	assert_string_equal(ynode_type_name(YN_MAP), "a mapping");
	ynode_free(NULL);
}

struct ecase {
	const char	*yaml;
	int		 maxdepth;
	long		 line, col;
	const char	*msg;
};

static const struct ecase ecases[] = {
	{ "a: 1\na: 2\n", 64, 2, 1, "duplicate key 'a' (first at line 1)" },
	{ "x:\n  a: 1\n  b: 2\n  a: 3\n", 64, 4, 3, "duplicate key 'a' (first at line 2)" },
	{ "x: {a: 1, a: 2}\n", 64, 1, 11, "duplicate key 'a' (first at line 1)" },
	{ "'a': 1\n\"a\": 2\n", 64, 2, 1, "duplicate key 'a'" },
	{ "a: &x 1\n", 64, 1, 4, "YAML anchors (&x) are not allowed" },
	{ "a: &x [1]\n", 64, 1, 4, "YAML anchors (&x)" },
	{ "a: &x {b: 1}\n", 64, 1, 4, "YAML anchors (&x)" },
	{ "&r a: 1\n", 64, 1, 1, "YAML anchors (&r)" },
	{ "a: *x\n", 64, 1, 4, "YAML aliases (*x) are not allowed" },
	{ "a: [1, *y]\n", 64, 1, 8, "YAML aliases (*y)" },
	{ "? [a]\n: 1\n", 64, 1, 3, "a mapping key must be a scalar" },
	{ "{[a]: 1}\n", 64, 1, 2, "a mapping key must be a scalar" },
	{ "a: 1\n---\nb: 2\n", 64, 2, 1, "only one YAML document" },
	{ "[[[]]]\n", 2, 1, 3, "YAML nested deeper than 2 levels" },
	{ "a: {b: [c]}\n", 2, 1, 8, "YAML nested deeper than 2 levels" },
	{ "a: [\n", 64, 2, 1, "invalid YAML" },
	{ "a: b: c\n", 64, 1, 5, "invalid YAML" },
	{ "a: 'x\n", 64, 2, 1, "invalid YAML" },
	{ "a: \xc3\x28\n", 64, 1, 5, "invalid trailing UTF-8 octet" },
	{ "\xc3\xa9: \x07\n", 64, 1, 4, "invalid YAML" },
};

static void
test_errors(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof ecases / sizeof ecases[0]; i++) {
		const struct ecase *c = &ecases[i];
		struct diag d;
		struct ynode *n;

		memset(&d, 0, sizeof d);
		n = yamltree_parse("y.yaml", c->yaml, strlen(c->yaml), c->maxdepth, &d);
		if (n != NULL || strcmp(d.file, "y.yaml") != 0 || d.line != c->line ||
		    d.col != c->col || strstr(d.msg, c->msg) == NULL) {
			print_error("case %zu '%s': got %s%s:%ld:%ld: %s; want %ld:%ld: %s\n", i,
			    c->yaml, n ? "(parsed) " : "", d.file, d.line, d.col, d.msg,
			    c->line, c->col, c->msg);
			ynode_free(n);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Depth: exactly maxdepth levels parse, one more does not; a large maxdepth
 * is clamped to the parser's own stack. */
static void
test_depth(void **state)
{
	char y[1200];
	struct ynode *n;
	struct diag d;
	int i, depth;

	(void)state;
	for (depth = 1; depth <= 64; depth *= 4) {
		for (i = 0; i < depth; i++)
			y[i] = '[';
		for (i = 0; i < depth; i++)
			y[depth + i] = ']';
		y[2 * depth] = '\0';
		n = parse(y, depth);
		ynode_free(n);
		assert_null(yamltree_parse("y.yaml", y, strlen(y), depth - 1, &d));
		tu_assert_contains(d.msg, "nested deeper than");
		assert_int_equal(d.col, depth);
	}
	for (i = 0; i < 500; i++)
		y[i] = '[';
	for (i = 0; i < 500; i++)
		y[500 + i] = ']';
	y[1000] = '\0';
	memset(&d, 0, sizeof d);
	assert_null(yamltree_parse("y.yaml", y, strlen(y), 100000, &d));
	tu_assert_contains(d.msg, "nested deeper than 256");
	assert_int_equal(d.col, 257);
}

/* Duplicate keys in a large mapping (past the one-by-one scan, where keys
 * are hashed): each key of 40 repeated at every later position is found,
 * with both lines; keys differing after a NUL are the same C string. */
static void
test_dup_many(void **state)
{
	char y[2048];
	size_t len;
	struct ynode *n;
	struct diag d;
	int i, dup, at;

	(void)state;
	for (dup = 0; dup < 40; dup += 7)
		for (at = dup + 1; at < 40; at += 13) {
			len = 0;
			for (i = 0; i < 40; i++) {
				if (i == at)
					len += (size_t)snprintf(y + len, sizeof y - len, "k%d: x\n", dup);
				len += (size_t)snprintf(y + len, sizeof y - len, "k%d: %d\n", i, i);
			}
			memset(&d, 0, sizeof d);
			n = yamltree_parse("y.yaml", y, len, 64, &d);
			assert_null(n);
			assert_int_equal(d.line, at + 1);
			tu_assert_contains(d.msg, "first at line");
			assert_int_equal(atoi(strstr(d.msg, "line ") + 5), dup + 1);
		}
	len = 0;
	for (i = 0; i < 30; i++)
		len += (size_t)snprintf(y + len, sizeof y - len, "k%d: %d\n", i, i);
	len += (size_t)snprintf(y + len, sizeof y - len, "\"a\\0b\": 1\n\"a\\0c\": 2\n");
	assert_null(yamltree_parse("y.yaml", y, len, 64, &d));
	assert_int_equal(d.line, 32);
	tu_assert_contains(d.msg, "duplicate key 'a'");
}

/* The bytes from the root to the end of the last string. */
static size_t
block_size(const struct ynode *root, const struct ynode *n, size_t size)
{
	size_t i, end;

	if (n->type == YN_SCALAR) {
		end = (size_t)(ynode_str(n) - (const char *)root) + n->len + 1;
		if (end > size)
			size = end;
	}
	for (i = 0; i < n->n; i++)
		size = block_size(root, ynode_kid(n, i), size);
	return size;
}

/* The nodes, then the strings, with offsets only: a copy of the block, at
 * another address, is the same tree (yaml2c's built-in rules rely on it). */
static void
test_block(void **state)
{
	const char *y =
	    "k: v\n"
	    "list: [a, 'b c', {x: 1}]\n"
	    "m:\n"
	    "  deep: [[1, 2], []]\n"
	    "  e: {}\n";
	struct ynode *r = parse(y, 64), *copy;
	const struct ynode *l, *m, *d;
	size_t size;

	(void)state;
	size = block_size(r, r, 0);
	assert_true(size > 20 * sizeof *r);
	copy = malloc(size);
	assert_non_null(copy);
	memcpy(copy, r, size);
	memset(r, 0xa5, size);		/* nothing may point into the original */
	ynode_free(r);
	assert_node(copy, YN_MAP, 1, 1, NULL, 0);
	assert_int_equal(copy->n, 6);
	assert_node(ynode_get(copy, "k"), YN_SCALAR, 1, 4, "v", 0);
	l = ynode_get(copy, "list");
	assert_node(l, YN_SEQ, 2, 7, NULL, 0);
	assert_int_equal(l->n, 3);
	assert_node(ynode_kid(l, 1), YN_SCALAR, 2, 11, "b c", 1);
	assert_node(ynode_get(ynode_kid(l, 2), "x"), YN_SCALAR, 2, 22, "1", 0);
	m = ynode_get(copy, "m");
	d = ynode_get(m, "deep");
	assert_int_equal(d->n, 2);
	assert_node(ynode_kid(ynode_kid(d, 0), 1), YN_SCALAR, 4, 14, "2", 0);
	assert_int_equal(ynode_kid(d, 1)->n, 0);
	assert_int_equal(ynode_get(m, "e")->n, 0);
	assert_string_equal(ynode_str(m), "");	/* not a scalar */
	free(copy);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dup_many),
		cmocka_unit_test(test_tree_marks),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
