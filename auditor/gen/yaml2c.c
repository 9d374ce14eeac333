/* yaml2c: a YAML file -> C source holding its yamltree as static data, so
 * the program starts with the built-in rules already parsed.
 *
 *	yaml2c FILE SYMBOL > out.c
 *
 * The file is parsed by yamltree_parse, the same code and checks as a rule
 * file at run time; the output defines `const struct ynode *const SYMBOL`,
 * the root of a tree equal to what yamltree_parse returns (tests/unit/
 * test_rules.c compares the two node by node).  A build tool: it runs on
 * the build machine only and is not part of the library. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "yamltree.h"

struct out {
	FILE	*f;
	size_t	 nodes;		/* nodes numbered so far (preorder) */
	size_t	 kids;		/* entries of K used so far */
	size_t	 bytes;		/* bytes of S used so far */
};

static void
count(const struct ynode *n, size_t *nodes, size_t *kids)
{
	size_t i;

	++*nodes;
	*kids += n->n;
	for (i = 0; i < n->n; i++)
		count(n->kids[i], nodes, kids);
}

/* S: every scalar with its NUL, in preorder; character constants, not a
 * string literal, which ISO C caps at 4095 characters. */
static void
emit_strings(struct out *o, const struct ynode *n)
{
	size_t i;

	if (n->type == YN_SCALAR)
		for (i = 0; i <= n->len; i++)
			fprintf(o->f, "'\\%03o',%s", (unsigned char)n->str[i],
			    ++o->bytes % 12 == 0 ? "\n" : "");
	for (i = 0; i < n->n; i++)
		emit_strings(o, n->kids[i]);
}

/* K: the kids of every container, in preorder of the containers; a kid's
 * node number is its preorder position. */
static void
emit_kids(struct out *o, const struct ynode *n, size_t self)
{
	size_t i, next = self + 1;

	for (i = 0; i < n->n; i++) {
		size_t sub = 0, k = 0;
		fprintf(o->f, "N+%zu,%s", next, ++o->kids % 10 == 0 ? "\n" : "");
		count(n->kids[i], &sub, &k);
		next += sub;
	}
	next = self + 1;
	for (i = 0; i < n->n; i++) {
		size_t sub = 0, k = 0;
		emit_kids(o, n->kids[i], next);
		count(n->kids[i], &sub, &k);
		next += sub;
	}
}

/* N: the nodes in preorder.  emit_kids wrote one kid list per container,
 * containers in preorder too, so the k-th container met here owns the
 * k-th list in K. */
static void
emit_nodes(struct out *o, const struct ynode *n, size_t *kidpos)
{
	static const char *const types[] = { "YN_SCALAR", "YN_SEQ", "YN_MAP" };
	size_t i;

	fprintf(o->f, "{%s,%ld,%ld,", types[n->type], n->line, n->col);
	if (n->type == YN_SCALAR) {
		fprintf(o->f, "S+%zu,%zu,%d,NULL,0},\n", o->bytes, n->len, n->quoted);
		o->bytes += n->len + 1;
	} else {
		if (n->n)
			fprintf(o->f, "NULL,0,0,K+%zu,%zu},\n", *kidpos, n->n);
		else
			fprintf(o->f, "NULL,0,0,NULL,0},\n");
		*kidpos += n->n;
	}
	o->nodes++;
	for (i = 0; i < n->n; i++)
		emit_nodes(o, n->kids[i], kidpos);
}

int
main(int argc, char *argv[])
{
	struct out o = { stdout, 0, 0, 0 };
	struct diag d;
	struct ynode *root;
	size_t nodes = 0, kids = 0, kidpos = 0;
	char *buf;
	long len;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: yaml2c FILE SYMBOL\n");
		return 2;
	}
	if ((f = fopen(argv[1], "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)len + 1)) == NULL ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "yaml2c: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	fclose(f);
	if ((root = yamltree_parse(argv[1], buf, (size_t)len, RULES_MAX_DEPTH, &d)) == NULL) {
		diag_print(&d, stderr);
		return 2;
	}
	count(root, &nodes, &kids);
	printf("/* generated from %s by yaml2c; do not edit */\n"
	    "#include <stddef.h>\n#include \"yamltree.h\"\n\n", argv[1]);
	printf("static char S[] = {\n");
	emit_strings(&o, root);
	printf("};\n\nstatic struct ynode N[%zu];\n\n", nodes);
	printf("static struct ynode *K[%zu] = {\n", kids ? kids : 1);
	emit_kids(&o, root, 0);
	printf("};\n\nstatic struct ynode N[%zu] = {\n", nodes);
	o.bytes = 0;
	emit_nodes(&o, root, &kidpos);
	printf("};\n\nconst struct ynode *const %s = N;\n", argv[2]);
	ynode_free(root);
	free(buf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "yaml2c: write error\n");
		return 2;
	}
	return 0;
}
