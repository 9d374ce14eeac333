/* rules2c: a rule file -> C source holding its big sections (sources,
 * mediums, vague, ga4) as loaded, as an image rules_image.c fills a
 * ruleset from without normalising, hashing or inserting a key again.
 *
 *	rules2c FILE SYMBOL > out.c
 *
 * The file is loaded by rules_load_file, with every check a rule file gets
 * at run time; the output defines `const struct rules_image *const SYMBOL`.
 * Its arrays hold numbers only (strings are offsets into one pool, map
 * values indices), so the dynamic loader relocates a dozen pointers, not
 * thousands.  test_rules checks that the built-in rules loaded with it are
 * the rules loaded from the tree.  A build tool: it runs on the build
 * machine only and is not part of the library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"
#include "xalloc.h"

/* rules.c's reference to the image this tool writes: none while writing
 * it, so the rules load from the tree. */
const struct rules_image *const default_rules_image = NULL;

/* The pool: every string once, with its NUL. */
struct pool {
	char		*b;
	size_t		 n, cap;
	struct map	*at;		/* string -> offset + 1 */
};

static uint32_t
pool_add(struct pool *p, const char *s, size_t len)
{
	void **slot = map_slot(p->at, s, len, 1, NULL);
	uint32_t off;

	if (*slot != NULL)
		return (uint32_t)((uintptr_t)*slot - 1);
	if (p->n + len + 1 > p->cap) {
		p->cap = (p->n + len + 1) * 2;
		p->b = xrealloc(p->b, p->cap);
	}
	off = (uint32_t)p->n;
	memcpy(p->b + p->n, s, len);
	p->b[p->n + len] = '\0';
	p->n += len + 1;
	*slot = (void *)(uintptr_t)(off + 1);
	return off;
}

static uint32_t
pool_str(struct pool *p, const char *s)
{
	return pool_add(p, s, strlen(s));
}

/* A map's entries and slots as arrays NAME_e and NAME_s; a value becomes
 * its index from base (base NULL: 0). */
static void
emit_map(struct pool *p, const struct map *m, const char *name, const void *base,
    size_t size)
{
	const uint32_t *slots;
	size_t i, nslots, len;
	const char *k;

	printf("static const struct map_ient %s_e[] = {\n", name);
	for (i = 0; i < map_count(m); i++) {
		const char *v = map_value(m, i);
		k = map_key(m, i, &len);
		printf("{%lu,%lu,%lu,0x%016llxULL},\n", (unsigned long)pool_add(p, k, len),
		    (unsigned long)len,
		    base ? (unsigned long)((size_t)(v - (const char *)base) / size) : 0ul,
		    (unsigned long long)map_hash(k, len, 0));
	}
	if (map_count(m) == 0)
		printf("{0,0,0,0},\n");
	slots = map_slots(m, &nslots);
	printf("};\nstatic const uint32_t %s_s[] = {", name);
	for (i = 0; i < nslots; i++)
		printf("%s%lu,", i % 16 ? "" : "\n", (unsigned long)slots[i]);
	printf("\n};\n\n");
}

static void
emit_strings(struct pool *p, const char *name, const char *const *v, size_t n)
{
	size_t i;

	printf("static const uint32_t %s[] = {", name);
	for (i = 0; i < n; i++)
		printf("%s%lu,", i % 16 ? "" : "\n", (unsigned long)pool_str(p, v[i]));
	printf("%s\n};\n\n", n ? "" : "0");
}

static void
emit_table(struct pool *p, const struct table *t, const char *name)
{
	size_t i;

	printf("static const struct rimg_canon %s_canon[] = {\n", name);
	for (i = 0; i < t->n; i++)
		printf("{%lu,%lu,%d,%d},\n", (unsigned long)pool_str(p, t->canon[i].name),
		    (unsigned long)pool_str(p, t->canon[i].key), (int)t->canon[i].category,
		    t->canon[i].generic);
	printf("%s};\nstatic const struct spelling %s_spell[] = {\n", t->n ? "" : "{0,0,0,0},\n",
	    name);
	for (i = 0; i < t->nspell; i++)
		printf("{%d,%d,%ld,%d,%d},\n", t->spell[i].canon, t->spell[i].alias,
		    t->spell[i].line, t->spell[i].first, t->spell[i].last);
	printf("%s};\nstatic const struct rimg_written %s_written[] = {\n",
	    t->nspell ? "" : "{0,0,0,0,0},\n", name);
	for (i = 0; i < t->nwritten; i++)
		printf("{%lu,%d,%d},\n", (unsigned long)pool_str(p, t->written[i].s),
		    t->written[i].spell, t->written[i].next);
	printf("%s};\nstatic const struct rimg_pat %s_pats[] = {\n",
	    t->nwritten ? "" : "{0,0,0},\n", name);
	for (i = 0; i < t->npats; i++)
		printf("{%lu,%d},\n", (unsigned long)pool_str(p, pat_source(t->pats[i].pat)),
		    t->pats[i].canon);
	printf("%s};\n", t->npats ? "" : "{0,0},\n");
	emit_map(p, t->bykey, name, t->spell, sizeof *t->spell);
}

static void
emit_table_ref(const struct table *t, const char *name)
{
	size_t nslots;

	(void)map_slots(t->bykey, &nslots);
	printf("\t{ %s_canon, %zu, %s_spell, %zu, %s_written, %zu, %s_pats, %zu,\n"
	    "\t  { %s_e, %zu, %s_s, %zu } },\n", name, t->n, name, t->nspell, name,
	    t->nwritten, name, t->npats, name, map_count(t->bykey), name, nslots);
}

int
main(int argc, char *argv[])
{
	struct pool p = { NULL, 0, 0, NULL };
	struct rules *r;
	struct diag d;
	const char **vp;
	size_t i, nv, ng;

	if (argc != 3) {
		fprintf(stderr, "usage: rules2c FILE SYMBOL\n");
		return 2;
	}
	if ((r = rules_load_file(argv[1], &d)) == NULL) {
		diag_print(&d, stderr);
		return 2;
	}
	p.at = map_new();
	printf("/* generated from %s by rules2c; do not edit */\n"
	    "#include <stddef.h>\n#include <stdint.h>\n\n#include \"rules_int.h\"\n\n",
	    argv[1]);
	emit_table(&p, &r->src, "src");
	emit_table(&p, &r->med, "med");
	emit_map(&p, r->vague, "vague", NULL, 1);
	emit_strings(&p, "vague_values", r->vague_values, r->nvague);
	vp = xcalloc(r->nvague_pats + 1, sizeof *vp);
	for (i = 0; i < r->nvague_pats; i++)
		vp[i] = pat_source(r->vague_pats[i]);
	emit_strings(&p, "vague_pats", vp, r->nvague_pats);
	emit_map(&p, r->ga4, "ga4", r->src.spell, sizeof *r->src.spell);
	emit_strings(&p, "ga4_values", r->ga4_values, r->nga4);
	/* The pool last, when every string is in: character constants, not a
	 * string literal, which ISO C caps at 4095 characters. */
	printf("static const char pool[] = {");
	for (i = 0; i < p.n; i++)
		printf("%s'\\%03o',", i % 12 ? "" : "\n", (unsigned char)p.b[i]);
	printf("%s\n};\n\nstatic const struct rules_image image = {\n\tpool,\n", p.n ? "" : "0");
	emit_table_ref(&r->src, "src");
	emit_table_ref(&r->med, "med");
	(void)map_slots(r->vague, &nv);
	(void)map_slots(r->ga4, &ng);
	printf("\t{ vague_e, %zu, vague_s, %zu },\n\tvague_values, %zu,\n\tvague_pats, %zu,\n"
	    "\t{ ga4_e, %zu, ga4_s, %zu },\n\tga4_values, %zu,\n};\n\n"
	    "const struct rules_image *const %s = &image;\n", map_count(r->vague), nv,
	    r->nvague, r->nvague_pats, map_count(r->ga4), ng, r->nga4, argv[2]);
	free(vp);
	free(p.b);
	map_free(p.at);
	rules_free(r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "rules2c: write error\n");
		return 2;
	}
	return 0;
}
