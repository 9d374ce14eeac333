/* yaml2c: a YAML file -> C source holding its yamltree as static data, so
 * the program starts with the built-in rules already parsed.
 *
 *	yaml2c FILE SYMBOL > out.c
 *
 * The file is parsed by yamltree_parse, the same code and checks as a rule
 * file at run time; the output defines `const struct ynode *const SYMBOL`,
 * the root of the same block yamltree_parse returns, as const data with no
 * pointer in it (nothing for the dynamic loader to relocate; tests/unit/
 * test_rules.c compares the two node by node).  A build tool: it runs on
 * the build machine only and is not part of the library. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "yamltree.h"

/* The nodes of a tree; yamltree_parse puts them first in its block. */
static size_t
count(const struct ynode *n)
{
	size_t i, total = 1;

	for (i = 0; i < n->n; i++)
		total += count(ynode_kid(n, i));
	return total;
}

/* The tree's block as C: struct tree holds the nodes, then the strings, as
 * yamltree_parse lays them out, and each offset is written as an expression
 * of the node's position, so the data is right for whatever padding the
 * compiler gives struct tree.  Strings are character constants, not a
 * string literal, which ISO C caps at 4095 characters. */
static void
emit(const struct ynode *root, size_t nodes, const char *symbol)
{
	static const char *const types[] = { "YN_SCALAR", "YN_SEQ", "YN_MAP" };
	const char *strs = (const char *)(root + nodes), *p;
	size_t i, j, bytes = 0, col = 0;

	for (i = 0; i < nodes; i++)
		if (root[i].type == YN_SCALAR)
			bytes += root[i].len + 1;
	printf("struct tree {\n\tstruct ynode\tn[%zu];\n\tchar\t\ts[%zu];\n};\n\n",
	    nodes, bytes ? bytes : 1);
	printf("/* Node i to the string at offset o, to node k. */\n"
	    "#define S(i, o)\t((int32_t)(offsetof(struct tree, s) + (o) - "
	    "(i) * sizeof(struct ynode)))\n"
	    "#define K(i, k)\t((int32_t)(((k) - (i)) * sizeof(struct ynode)))\n\n");
	printf("static const struct tree T = {{\n");
	for (i = 0; i < nodes; i++) {
		const struct ynode *n = &root[i];

		if (n->type == YN_SCALAR)
			printf("{S(%zu,%zu),", i, (size_t)(ynode_str(n) - strs));
		else
			printf("{0,");
		printf("K(%zu,%zu),%lu,%lu,%lu,%lu,%s,%d},\n", i,
		    (size_t)(ynode_kid(n, 0) - root), (unsigned long)n->len,
		    (unsigned long)n->n, (unsigned long)n->line, (unsigned long)n->col,
		    types[n->type], n->quoted);
	}
	printf("}, {\n");
	for (i = 0; i < nodes; i++) {
		if (root[i].type != YN_SCALAR)
			continue;
		p = ynode_str(&root[i]);
		for (j = 0; j <= root[i].len; j++)
			printf("'\\%03o',%s", (unsigned char)p[j], ++col % 12 == 0 ? "\n" : "");
	}
	printf("%s}};\n\nconst struct ynode *const %s = T.n;\n", bytes ? "" : "0", symbol);
}

int
main(int argc, char *argv[])
{
	struct diag d;
	struct ynode *root;
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
	printf("/* generated from %s by yaml2c; do not edit */\n"
	    "#include <stddef.h>\n#include <stdint.h>\n#include \"yamltree.h\"\n\n",
	    argv[1]);
	emit(root, count(root), argv[2]);
	ynode_free(root);
	free(buf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "yaml2c: write error\n");
		return 2;
	}
	return 0;
}
