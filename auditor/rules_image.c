/* rules_image: the big sections of a ruleset (sources, mediums, vague,
 * ga4) from an image that auditor/gen/rules2c.c wrote at build time from
 * the same rules as loaded by rules.c.  What loading them from the tree
 * costs, key by key (normalising, hashing, inserting), was paid then:
 * here the tables are filled by copying, and only the patterns are
 * compiled.  test_rules checks that the result is the same ruleset. */
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"
#include "xalloc.h"

static void *
spell_at(void *arg, uint32_t v)
{
	return (struct spelling *)arg + v;
}

static void *
one(void *arg, uint32_t v)
{
	(void)arg;
	(void)v;
	return (void *)1;
}

int
rimg_table(struct table *t, const struct rimg_table *it, const char *pool,
    struct diag *d)
{
	size_t i;

	t->n = it->n;
	t->canon = xcalloc(t->n ? t->n : 1, sizeof *t->canon);
	for (i = 0; i < t->n; i++) {
		struct rules_canon *cn = &t->canon[i];
		cn->name = pool + it->canon[i].name;
		cn->key = pool + it->canon[i].key;
		cn->category = (enum category)it->canon[i].category;
		cn->generic = it->canon[i].generic;
		cn->index = (int)i;
	}
	t->nspell = it->nspell;
	t->spell = xreallocarray(NULL, t->nspell ? t->nspell : 1, sizeof *t->spell);
	memcpy(t->spell, it->spell, t->nspell * sizeof *t->spell);
	t->nwritten = it->nwritten;
	t->written = xreallocarray(NULL, t->nwritten ? t->nwritten : 1, sizeof *t->written);
	for (i = 0; i < t->nwritten; i++) {
		t->written[i].s = pool + it->written[i].s;
		t->written[i].spell = it->written[i].spell;
		t->written[i].next = it->written[i].next;
	}
	map_load(t->bykey, &it->bykey, pool, spell_at, t->spell);
	t->pats = xcalloc(it->npats + 1, sizeof *t->pats);
	for (i = 0; i < it->npats; i++) {
		if ((t->pats[i].pat = pat_new(pool + it->pats[i].src, 0, d)) == NULL)
			return -1;
		t->pats[i].canon = it->pats[i].canon;
		t->npats++;
	}
	return 0;
}

int
rimg_vague(struct rules *r, const struct rules_image *img, struct diag *d)
{
	size_t i;

	map_load(r->vague, &img->vague, img->pool, one, NULL);
	r->vague_values = xcalloc(img->nvague ? img->nvague : 1, sizeof *r->vague_values);
	for (i = 0; i < img->nvague; i++)
		r->vague_values[i] = img->pool + img->vague_values[i];
	r->nvague = img->nvague;
	r->vague_pats = xcalloc(img->nvague_pats ? img->nvague_pats : 1,
	    sizeof *r->vague_pats);
	for (i = 0; i < img->nvague_pats; i++) {
		if ((r->vague_pats[i] = pat_new(img->pool + img->vague_pats[i], 0, d)) == NULL)
			return -1;
		r->nvague_pats++;
	}
	return 0;
}

void
rimg_ga4(struct rules *r, const struct rules_image *img)
{
	size_t i;

	map_load(r->ga4, &img->ga4, img->pool, spell_at, r->src.spell);
	r->ga4_values = xcalloc(img->nga4 ? img->nga4 : 1, sizeof *r->ga4_values);
	for (i = 0; i < img->nga4; i++)
		r->ga4_values[i] = img->pool + img->ga4_values[i];
	r->nga4 = img->nga4;
}
