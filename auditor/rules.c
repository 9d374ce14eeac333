#include "rules.h"
#include "rules_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "finding.h"
#include "i18n.h"
#include "map.h"
#include "norm.h"
#include "xalloc.h"
#include "yamltree.h"

/* rules/default.yaml, parsed at build time (auditor/gen/yaml2c.c), and
 * its big sections as loaded, as an image (auditor/gen/rules2c.c; NULL in
 * rules2c itself, which loads them from the tree to write the image). */
extern const struct ynode *const default_rules_tree;
extern const struct rules_image *const default_rules_image;

static const char *const role_names[ROLE_COUNT] = {
	"id", "source", "source_detail", "utm_source", "utm_medium",
	"utm_campaign", "utm_content", "utm_term", "utm_id", "url", "created",
	"owner"
};

static const char *const category_names[CAT_COUNT] = {
	"", "search", "social", "video", "shopping", "email", "display",
	"affiliate", "referral", "partner", "event", "outbound", "phone", "ai",
	"other"
};

/* Built-in defaults for what a rule file leaves out. */
static const char *const default_links_required[] = {
	"utm_source", "utm_medium", "utm_campaign"
};
static const enum category default_offline[] = {
	CAT_EVENT, CAT_REFERRAL, CAT_PARTNER, CAT_OUTBOUND, CAT_PHONE
};

const char *
rules_role_name(enum role role)
{
	return role_names[role];
}

int
rules_role_parse(const char *s)
{
	int i;

	for (i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role_names[i], s) == 0)
			return i;
	return -1;
}

const char *
rules_category_name(enum category c)
{
	return c == CAT_NONE ? "none" : category_names[c];
}

static int
category_parse(const char *s)
{
	int i;

	for (i = 1; i < CAT_COUNT; i++)
		if (strcmp(category_names[i], s) == 0)
			return i;
	return -1;
}

/* ---- schema checking helpers ---- */

struct ctx {
	const char	*name;
	struct diag	*d;
	struct rules	*r;
	int		 inherited;	/* the section comes from the built-in
					   rules: its references to sections the
					   file replaced are dropped, not errors */
};

static int
want(struct ctx *c, const struct ynode *n, enum ynode_type t, const char *what)
{
	if (n->type == t)
		return 0;
	return diag_set(c->d, c->name, n->line, n->col, _("%s must be %s, not %s"),
	    what, ynode_type_name(t), ynode_type_name(n->type));
}

/* Checks that every key of map is among allowed (NULL-terminated). */
static int
known_keys(struct ctx *c, const struct ynode *map, const char *what,
    const char *const *allowed)
{
	size_t i, j;
	char list[512];

	for (i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = ynode_kid(map, i);
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(allowed[j], ynode_str(k)) == 0)
				break;
		if (allowed[j] != NULL)
			continue;
		list[0] = '\0';
		for (j = 0; allowed[j] != NULL; j++) {
			strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
			strncat(list, allowed[j], sizeof list - strlen(list) - 1);
		}
		return diag_set(c->d, c->name, k->line, k->col,
		    _("unknown key '%s' in %s (expected one of: %s)"), ynode_str(k), what, list);
	}
	return 0;
}

/* A list of non-empty scalars; a single scalar is taken as a list of one. */
static int
string_list(struct ctx *c, const struct ynode *n, const char *what,
    const char ***out, size_t *nout)
{
	size_t i, k = 0;
	const char **v;

	if (n->type == YN_MAP)
		return want(c, n, YN_SEQ, what);
	if (n->type == YN_SCALAR) {
		if (n->len == 0 && !n->quoted) {	/* "key:" with nothing: empty list */
			*out = NULL;
			*nout = 0;
			return 0;
		}
		if (n->len == 0 || memchr(ynode_str(n), '\0', n->len))
			return diag_set(c->d, c->name, n->line, n->col,
			    _("empty value in %s"), what);
		v = xcalloc(1, sizeof *v);
		v[0] = ynode_str(n);
		*out = v;
		*nout = 1;
		return 0;
	}
	v = xcalloc(n->n ? n->n : 1, sizeof *v);
	for (i = 0; i < n->n; i++) {
		const struct ynode *it = ynode_kid(n, i);
		if (it->type != YN_SCALAR || it->len == 0 || memchr(ynode_str(it), '\0', it->len)) {
			free(v);
			if (it->type != YN_SCALAR)
				return want(c, it, YN_SCALAR, what);
			return diag_set(c->d, c->name, it->line, it->col,
			    _("empty value in %s"), what);
		}
		v[k++] = ynode_str(it);
	}
	*out = v;
	*nout = k;
	return 0;
}


static int
scalar_double(struct ctx *c, const struct ynode *n, const char *what,
    double lo, double hi, double *out)
{
	char *end;
	double v;

	if (want(c, n, YN_SCALAR, what) == -1)
		return -1;
	errno = 0;
	v = strtod(ynode_str(n), &end);
	if (n->len == 0 || *end != '\0' || errno != 0 || !(v >= lo && v <= hi))
		return diag_set(c->d, c->name, n->line, n->col,
		    _("%s must be a number from %g to %g, not '%s'"), what, lo, hi, ynode_str(n));
	*out = v;
	return 0;
}

static int
scalar_ull(struct ctx *c, const struct ynode *n, const char *what,
    unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (want(c, n, YN_SCALAR, what) == -1)
		return -1;
	errno = 0;
	v = strtoull(ynode_str(n), &end, 10);
	if (n->len == 0 || *end != '\0' || errno != 0 || ynode_str(n)[0] == '-' ||
	    v < lo || v > hi)
		return diag_set(c->d, c->name, n->line, n->col,
		    _("%s must be a whole number from %llu to %llu, not '%s'"), what,
		    lo, hi, ynode_str(n));
	*out = v;
	return 0;
}

static int
scalar_bool(struct ctx *c, const struct ynode *n, const char *what, int *out)
{
	if (want(c, n, YN_SCALAR, what) == -1)
		return -1;
	if (!n->quoted && (strcmp(ynode_str(n), "true") == 0 || strcmp(ynode_str(n), "yes") == 0)) {
		*out = 1;
		return 0;
	}
	if (!n->quoted && (strcmp(ynode_str(n), "false") == 0 || strcmp(ynode_str(n), "no") == 0)) {
		*out = 0;
		return 0;
	}
	return diag_set(c->d, c->name, n->line, n->col,
	    _("%s must be true or false, not '%s'"), what, ynode_str(n));
}

/* Compiles a pattern written at node n; PCRE2's offset becomes the column. */
static struct pat *
compile(struct ctx *c, const struct ynode *n, int caseless)
{
	struct diag pd;
	struct pat *p = pat_new(ynode_str(n), caseless, &pd);

	if (p == NULL)
		diag_set(c->d, c->name, n->line, n->col + (n->quoted ? 1 : 0) + pd.col,
		    "%s", pd.msg);
	return p;
}

/* ---- sections ---- */

static int
load_columns(struct ctx *c, const struct ynode *n)
{
	size_t i;

	if (want(c, n, YN_MAP, "columns") == -1)
		return -1;
	for (i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = ynode_kid(n, i);
		int role = rules_role_parse(ynode_str(k));
		if (role < 0)
			return diag_set(c->d, c->name, k->line, k->col,
			    _("unknown column role '%s' (roles: id, source, "
			    "source_detail, utm_source, utm_medium, utm_campaign, "
			    "utm_content, utm_term, utm_id, url, created, owner)"), ynode_str(k));
		free(c->r->columns[role]);
		if (string_list(c, ynode_kid(n, i + 1), ynode_str(k), &c->r->columns[role],
		    &c->r->ncolumns[role]) == -1)
			return -1;
	}
	return 0;
}

/* What a spelling is, for messages (translated on error paths only: the
 * loader runs per spelling, and gettext costs more than the rest). */
static const char *
spelling_what(int alias)
{
	return alias ? _("alias") : _("canonical");
}

/* Adds one spelling (a canonical's name or an alias) to a table; a key that
 * already leads to another canonical is an error, the same canonical twice
 * is harmless. */
static int
add_spelling(struct ctx *c, struct table *t, const struct ynode *at,
    const char *s, int canon, int alias)
{
	char key[NORM_KEY_MAX];
	size_t klen;
	void **slot;
	struct spelling *sp;
	int created, w, n = (int)t->nwritten;

	klen = norm_key(s, strlen(s), key, sizeof key, NULL);
	if (klen == 0)
		return diag_set(c->d, c->name, at->line, at->col,
		    _("%s '%s' is empty after normalisation"), spelling_what(alias), s);
	slot = map_slot(t->bykey, key, klen, 1, &created);
	if (!created) {
		sp = *slot;
		if (sp->canon != canon)
			return diag_set(c->d, c->name, at->line, at->col,
			    _("%s '%s' of '%s' (key '%s') already belongs to '%s' (line %ld): "
			    "a spelling can lead to one canonical only"), spelling_what(alias),
			    s, t->canon[canon].name, key, t->canon[sp->canon].name, sp->line);
		for (w = sp->first; w != -1; w = t->written[w].next)
			if (strcmp(t->written[w].s, s) == 0)
				return 0;	/* the same string twice */
		t->written[sp->last].next = n;
	} else {
		sp = &t->spell[t->nspell++];
		sp->canon = canon;
		sp->alias = alias;
		sp->line = at->line;
		sp->first = n;
		*slot = sp;
	}
	sp->last = n;
	t->written[n].s = s;
	t->written[n].spell = (int)(sp - t->spell);
	t->written[n].next = -1;
	t->nwritten++;
	return 0;
}

/* The spelling that has s[0..len) among its strings as written. */
static const struct spelling *
written_find(const struct table *t, const char *s, size_t len)
{
	char key[NORM_KEY_MAX];
	size_t klen = norm_key(s, len, key, sizeof key, NULL);
	const struct spelling *sp = klen ? map_get(t->bykey, key, klen) : NULL;
	int w;

	for (w = sp ? sp->first : -1; w != -1; w = t->written[w].next)
		if (strlen(t->written[w].s) == len && memcmp(t->written[w].s, s, len) == 0)
			return sp;
	return NULL;
}

/* Counts the spellings a table section may add, to size its storage once. */
static size_t
count_spellings(const struct ynode *n)
{
	size_t i, total = 0;
	const struct ynode *a;

	for (i = 0; i + 1 < n->n; i += 2) {
		total++;
		a = ynode_get(ynode_kid(n, i + 1), "aliases");
		if (a != NULL)
			total += a->type == YN_SEQ ? a->n : 1;
	}
	return total;
}

static int
load_table(struct ctx *c, const struct ynode *n, struct table *t, int sources)
{
	static const char *const src_keys[] = { "category", "aliases",
	    "patterns", "generic", NULL };
	static const char *const med_keys[] = { "aliases", "patterns", NULL };
	const char *what = sources ? "sources" : "mediums";
	size_t i, j, nspell;

	if (want(c, n, YN_MAP, what) == -1)
		return -1;
	t->n = n->n / 2;
	t->canon = xcalloc(t->n ? t->n : 1, sizeof *t->canon);
	nspell = count_spellings(n);
	t->spell = xcalloc(nspell ? nspell : 1, sizeof *t->spell);
	t->written = xcalloc(nspell ? nspell : 1, sizeof *t->written);
	map_reserve(t->bykey, nspell);
	for (i = 0; i < t->n; i++) {
		const struct ynode *k = ynode_kid(n, 2 * i), *v = ynode_kid(n, 2 * i + 1);
		struct rules_canon *cn = &t->canon[i];
		char key[NORM_KEY_MAX];
		const struct ynode *x;

		cn->name = ynode_str(k);
		cn->key = arena_copy(&t->keys, key,
		    norm_key(ynode_str(k), k->len, key, sizeof key, NULL));
		cn->index = (int)i;
		if (v->type == YN_SCALAR && v->len == 0 && !v->quoted)
			goto name_only;		/* "linkedin:" with no entry */
		if (want(c, v, YN_MAP, ynode_str(k)) == -1 ||
		    known_keys(c, v, ynode_str(k), sources ? src_keys : med_keys) == -1)
			return -1;
		if (sources && (x = ynode_get(v, "category")) != NULL) {
			int cat;
			if (want(c, x, YN_SCALAR, "category") == -1)
				return -1;
			if ((cat = category_parse(ynode_str(x))) < 0)
				return diag_set(c->d, c->name, x->line, x->col,
				    _("unknown category '%s' (categories: search, social, "
				    "video, shopping, email, display, affiliate, referral, "
				    "partner, event, outbound, phone, ai, other)"), ynode_str(x));
			cn->category = (enum category)cat;
		}
		if (sources && (x = ynode_get(v, "generic")) != NULL &&
		    scalar_bool(c, x, "generic", &cn->generic) == -1)
			return -1;
name_only:
		if (add_spelling(c, t, k, ynode_str(k), (int)i, 0) == -1)
			return -1;
		if (v->type != YN_MAP)
			continue;
		if ((x = ynode_get(v, "aliases")) != NULL) {
			if (want(c, x, YN_SEQ, "aliases") == -1)
				return -1;
			for (j = 0; j < x->n; j++) {
				const struct ynode *a = ynode_kid(x, j);
				if (a->type != YN_SCALAR)
					return want(c, a, YN_SCALAR, _("an alias"));
				if (add_spelling(c, t, a, ynode_str(a), (int)i, 1) == -1)
					return -1;
			}
		}
		if ((x = ynode_get(v, "patterns")) != NULL) {
			if (want(c, x, YN_SEQ, "patterns") == -1)
				return -1;
			t->pats = xreallocarray(t->pats, t->npats + x->n + 1, sizeof *t->pats);
			for (j = 0; j < x->n; j++) {
				const struct ynode *p = ynode_kid(x, j);
				if (p->type != YN_SCALAR)
					return want(c, p, YN_SCALAR, _("a pattern"));
				if ((t->pats[t->npats].pat = compile(c, p, 0)) == NULL)
					return -1;
				t->pats[t->npats++].canon = (int)i;
			}
		}
	}
	return 0;
}

static int
load_vague(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = { "values", "patterns", NULL };
	struct rules *r = c->r;
	const struct ynode *x;
	size_t i;

	if (want(c, n, YN_MAP, "vague") == -1 || known_keys(c, n, "vague", keys) == -1)
		return -1;
	if ((x = ynode_get(n, "values")) != NULL) {
		if (want(c, x, YN_SEQ, "vague.values") == -1)
			return -1;
		r->vague_values = xcalloc(x->n ? x->n : 1, sizeof *r->vague_values);
		map_reserve(r->vague, x->n);
		for (i = 0; i < x->n; i++) {
			const struct ynode *v = ynode_kid(x, i);
			char key[NORM_KEY_MAX];
			size_t klen;
			const struct spelling *sp;

			if (v->type != YN_SCALAR)
				return want(c, v, YN_SCALAR, _("a vague value"));
			klen = norm_key(ynode_str(v), v->len, key, sizeof key, NULL);
			if (klen == 0)
				return diag_set(c->d, c->name, v->line, v->col,
				    _("vague value '%s' is empty after normalisation"), ynode_str(v));
			if ((sp = map_get(r->src.bykey, key, klen)) != NULL && c->inherited)
				continue;	/* the file made it a source */
			if (sp != NULL)
				return diag_set(c->d, c->name, v->line, v->col,
				    _("'%s' is both vague and a spelling of the source '%s'"),
				    ynode_str(v), r->src.canon[sp->canon].name);
			*map_slot(r->vague, key, klen, 1, NULL) = (void *)1;
			r->vague_values[r->nvague++] = ynode_str(v);
		}
	}
	if ((x = ynode_get(n, "patterns")) != NULL) {
		if (want(c, x, YN_SEQ, "vague.patterns") == -1)
			return -1;
		r->vague_pats = xcalloc(x->n ? x->n : 1, sizeof *r->vague_pats);
		for (i = 0; i < x->n; i++) {
			if (ynode_kid(x, i)->type != YN_SCALAR)
				return want(c, ynode_kid(x, i), YN_SCALAR, _("a pattern"));
			if ((r->vague_pats[r->nvague_pats] = compile(c, ynode_kid(x, i), 0)) == NULL)
				return -1;
			r->nvague_pats++;
		}
	}
	return 0;
}

/* The names in a list must be canonical mediums; marks them in flags. */
static int
medium_list(struct ctx *c, const struct ynode *x, const char *what,
    unsigned char *flags)
{
	size_t i;

	if (want(c, x, YN_SEQ, what) == -1)
		return -1;
	for (i = 0; i < x->n; i++) {
		const struct ynode *v = ynode_kid(x, i);
		char key[NORM_KEY_MAX];
		size_t klen;
		const struct spelling *sp;

		if (v->type != YN_SCALAR)
			return want(c, v, YN_SCALAR, _("a medium"));
		klen = norm_key(ynode_str(v), v->len, key, sizeof key, NULL);
		sp = map_get(c->r->med.bykey, key, klen);
		if ((sp == NULL || sp->alias) && c->inherited)
			continue;	/* the file's mediums do not have it */
		if (sp == NULL || sp->alias)
			return diag_set(c->d, c->name, v->line, v->col,
			    _("'%s' in %s is not a canonical medium"), ynode_str(v), what);
		flags[sp->canon] = 1;
	}
	return 0;
}

static int
load_campaign(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = { "pattern", "required_for_mediums", NULL };
	const struct ynode *x;

	if (want(c, n, YN_MAP, "campaign") == -1 || known_keys(c, n, "campaign", keys) == -1)
		return -1;
	if ((x = ynode_get(n, "pattern")) != NULL && !(x->type == YN_SCALAR && x->len == 0)) {
		if (want(c, x, YN_SCALAR, "campaign.pattern") == -1)
			return -1;
		if ((c->r->campaign = compile(c, x, 0)) == NULL)
			return -1;
	}
	if ((x = ynode_get(n, "required_for_mediums")) != NULL)
		return medium_list(c, x, "campaign.required_for_mediums",
		    c->r->campaign_req);
	return 0;
}

static int
load_offline(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = { "categories", NULL };
	const struct ynode *x;
	size_t i;

	if (want(c, n, YN_MAP, "offline") == -1 || known_keys(c, n, "offline", keys) == -1)
		return -1;
	if ((x = ynode_get(n, "categories")) == NULL)
		return 0;
	if (want(c, x, YN_SEQ, "offline.categories") == -1)
		return -1;
	c->r->offline = 0;
	for (i = 0; i < x->n; i++) {
		int cat;
		if (ynode_kid(x, i)->type != YN_SCALAR)
			return want(c, ynode_kid(x, i), YN_SCALAR, _("a category"));
		if ((cat = category_parse(ynode_str(ynode_kid(x, i)))) < 0)
			return diag_set(c->d, c->name, ynode_kid(x, i)->line, ynode_kid(x, i)->col,
			    _("unknown category '%s'"), ynode_str(ynode_kid(x, i)));
		c->r->offline |= 1u << cat;
	}
	return 0;
}

static int
load_links(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = { "required", "closed_sources",
	    "closed_mediums", "severity", NULL };
	struct rules *r = c->r;
	const struct ynode *x;
	size_t i;

	if (want(c, n, YN_MAP, "links") == -1 || known_keys(c, n, "links", keys) == -1)
		return -1;
	if ((x = ynode_get(n, "required")) != NULL) {
		free(r->links_required);
		r->links_required = NULL;
		r->nlinks_required = 0;
		if (string_list(c, x, "links.required", &r->links_required,
		    &r->nlinks_required) == -1)
			return -1;
		for (i = 0; i < r->nlinks_required; i++) {
			const char *p = r->links_required[i];
			if (strncmp(p, "utm_", 4) != 0 || strspn(p + 4,
			    "abcdefghijklmnopqrstuvwxyz_") != strlen(p + 4) || p[4] == '\0')
				return diag_set(c->d, c->name, x->line, x->col,
				    _("links.required: '%s' is not a utm_* parameter name"), p);
		}
	}
	if ((x = ynode_get(n, "closed_sources")) != NULL &&
	    scalar_bool(c, x, "links.closed_sources", &r->closed_sources) == -1)
		return -1;
	if ((x = ynode_get(n, "closed_mediums")) != NULL &&
	    scalar_bool(c, x, "links.closed_mediums", &r->closed_mediums) == -1)
		return -1;
	if ((x = ynode_get(n, "severity")) != NULL) {
		if (want(c, x, YN_MAP, "links.severity") == -1)
			return -1;
		for (i = 0; i + 1 < x->n; i += 2) {
			const struct ynode *k = ynode_kid(x, i), *v = ynode_kid(x, i + 1);
			int id = finding_parse(ynode_str(k)), sev;
			if (id < F_URL_MALFORMED)
				return diag_set(c->d, c->name, k->line, k->col,
				    _("links.severity: unknown check '%s'"), ynode_str(k));
			if (v->type != YN_SCALAR)
				return want(c, v, YN_SCALAR, _("a severity"));
			if ((sev = finding_sev_parse(ynode_str(v))) < 0)
				return diag_set(c->d, c->name, v->line, v->col,
				    _("severity must be note, warning or error, not '%s'"), ynode_str(v));
			r->severity[id] = sev;
		}
	}
	return 0;
}

/* ga4: {sources: [...]}: the spellings GA4's source-category list has,
 * each a spelling (name or alias) of a canonical source, whose category is
 * then GA4's.  Used to simulate GA4's channel grouping as typed. */
static int
load_ga4(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = { "sources", NULL };
	struct rules *r = c->r;
	const struct ynode *x;
	size_t i;

	if (want(c, n, YN_MAP, "ga4") == -1 || known_keys(c, n, "ga4", keys) == -1)
		return -1;
	if ((x = ynode_get(n, "sources")) == NULL)
		return 0;
	if (want(c, x, YN_SEQ, "ga4.sources") == -1)
		return -1;
	r->ga4_values = xcalloc(x->n ? x->n : 1, sizeof *r->ga4_values);
	map_reserve(r->ga4, x->n);
	for (i = 0; i < x->n; i++) {
		const struct ynode *v = ynode_kid(x, i);
		const struct spelling *sp;

		if (v->type != YN_SCALAR)
			return want(c, v, YN_SCALAR, _("a GA4 source"));
		sp = written_find(&r->src, ynode_str(v), v->len);
		if (sp == NULL && c->inherited)
			continue;
		if (sp == NULL)
			return diag_set(c->d, c->name, v->line, v->col,
			    _("'%s' in ga4.sources is not spelled so by any source "
			    "(name or alias)"), ynode_str(v));
		*map_slot(r->ga4, ynode_str(v), v->len, 1, NULL) = (void *)sp;
		r->ga4_values[r->nga4++] = ynode_str(v);
	}
	return 0;
}

static int
load_sample(struct ctx *c, const struct ynode *n)
{
	static const char *const keys[] = { "size", "seed", NULL };
	const struct ynode *x;
	unsigned long long v;

	if (want(c, n, YN_MAP, "sample") == -1 || known_keys(c, n, "sample", keys) == -1)
		return -1;
	if ((x = ynode_get(n, "size")) != NULL) {
		if (scalar_ull(c, x, "sample.size", 1, 1000000, &v) == -1)
			return -1;
		c->r->sample_size = (long)v;
	}
	if ((x = ynode_get(n, "seed")) != NULL) {
		if (scalar_ull(c, x, "sample.seed", 0, ULLONG_MAX, &c->r->seed) == -1)
			return -1;
		c->r->seed_set = 1;
	}
	return 0;
}

/* ---- loading ---- */

static const char *const top_keys[] = { "version", "threshold", "sample",
    "columns", "sources", "mediums", "vague", "campaign", "offline", "links",
    "ga4", NULL };

/* The section key of root, from the file when it has it, else from the
 * built-in rules (sections are replaced whole, never merged). */
static const struct ynode *
section(const struct ynode *file, const struct ynode *base, const char *key,
    struct ctx *c, const char *file_name)
{
	const struct ynode *n = ynode_get(file, key);

	if (n != NULL) {
		c->name = file_name;
		c->inherited = 0;
		return n;
	}
	c->name = "(built-in default.yaml)";
	c->inherited = 1;
	return ynode_get(base, key);
}

/* Loads root (with base's sections for the ones it leaves out).  img,
 * when not NULL, is root's big sections as loaded (rules_image.c). */
static int
load_tree(struct rules *r, const char *name, const struct ynode *root,
    const struct ynode *base, const struct rules_image *img, struct diag *d)
{
	struct ctx c = { name, d, r, 0 };
	const struct ynode *x;
	unsigned long long ver;
	size_t i;

	if (root->type != YN_MAP)
		return want(&c, root, YN_MAP, _("a rule file"));
	if (known_keys(&c, root, _("the rule file"), top_keys) == -1)
		return -1;
	if ((x = ynode_get(root, "version")) == NULL)
		return diag_set(d, name, root->line, root->col,
		    _("missing 'version: 1' at the top of the rule file"));
	if (scalar_ull(&c, x, "version", 1, 1, &ver) == -1)
		return -1;

#define SECTION(key) section(root, base, key, &c, name)
	if ((x = SECTION("threshold")) != NULL &&
	    scalar_double(&c, x, "threshold", 0.0, 1.0, &r->threshold) == -1)
		return -1;
	if ((x = SECTION("sample")) != NULL && load_sample(&c, x) == -1)
		return -1;
	if ((x = SECTION("columns")) != NULL && load_columns(&c, x) == -1)
		return -1;
	if (img != NULL && (rimg_table(&r->src, &img->src, img->pool, d) == -1 ||
	    rimg_table(&r->med, &img->med, img->pool, d) == -1))
		return -1;
	if (img == NULL && (x = SECTION("sources")) != NULL &&
	    load_table(&c, x, &r->src, 1) == -1)
		return -1;
	if (img == NULL && (x = SECTION("mediums")) != NULL &&
	    load_table(&c, x, &r->med, 0) == -1)
		return -1;
	r->campaign_req = xcalloc(r->med.n ? r->med.n : 1, 1);
	if (img != NULL && rimg_vague(r, img, d) == -1)
		return -1;
	if (img == NULL && (x = SECTION("vague")) != NULL && load_vague(&c, x) == -1)
		return -1;
	if ((x = SECTION("campaign")) != NULL && load_campaign(&c, x) == -1)
		return -1;
	for (i = 0; i < sizeof default_offline / sizeof default_offline[0]; i++)
		r->offline |= 1u << default_offline[i];
	if ((x = SECTION("offline")) != NULL && load_offline(&c, x) == -1)
		return -1;
	if ((x = SECTION("links")) != NULL && load_links(&c, x) == -1)
		return -1;
	if (img != NULL)
		rimg_ga4(r, img);
	else if ((x = SECTION("ga4")) != NULL && load_ga4(&c, x) == -1)
		return -1;
#undef SECTION
	return 0;
}

static struct rules *
rules_alloc(const char *name)
{
	struct rules *r = xcalloc(1, sizeof *r);
	size_t i;

	r->name = xstrdup(name);
	r->threshold = 0.90;
	r->sample_size = 100;
	r->src.bykey = map_new();
	r->med.bykey = map_new();
	r->vague = map_new();
	r->ga4 = map_new();
	r->nlinks_required = sizeof default_links_required / sizeof default_links_required[0];
	r->links_required = xcalloc(r->nlinks_required, sizeof *r->links_required);
	for (i = 0; i < r->nlinks_required; i++)
		r->links_required[i] = default_links_required[i];
	for (i = 0; i < F__COUNT; i++)
		r->severity[i] = -1;
	return r;
}

/* Loads a parsed rule file; base is the built-in tree its missing sections
 * come from (NULL for the built-in rules themselves), img its big sections
 * as loaded (the built-in rules' image) or NULL. */
static struct rules *
load_parsed(const char *name, const struct ynode *root, const struct ynode *base,
    const struct rules_image *img, struct diag *d)
{
	struct rules *r = rules_alloc(name);

	if (load_tree(r, name, root, base, img, d) == -1) {
		rules_free(r);
		return NULL;
	}
	return r;
}

struct rules *
rules_load_mem(const char *name, const void *buf, size_t len, struct diag *d)
{
	struct ynode *root;
	struct rules *r;

	if (len > RULES_MAX_BYTES) {
		diag_set(d, name, 0, 0, _("rule file is %zu bytes, over the cap of %u"),
		    len, RULES_MAX_BYTES);
		return NULL;
	}
	if (memchr(buf, '\0', len) != NULL) {
		diag_set(d, name, 0, 0, _("rule file contains NUL bytes: not YAML text"));
		return NULL;
	}
	if ((root = yamltree_parse(name, buf, len, RULES_MAX_DEPTH, d)) == NULL)
		return NULL;
	if ((r = load_parsed(name, root, default_rules_tree, NULL, d)) == NULL)
		ynode_free(root);
	else
		r->tree = root;
	return r;
}

struct rules *
rules_load_default(struct diag *d)
{
	return load_parsed("(built-in default.yaml)", default_rules_tree, NULL,
	    default_rules_image, d);
}

struct rules *
rules_load_file(const char *path, struct diag *d)
{
	struct stat st;
	struct rules *r;
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd;

	/* O_NONBLOCK: a FIFO with no writer must be refused, not waited on
	 * (it has no effect on reading a regular file). */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK)) == -1) {
		diag_set(d, path, 0, 0, _("cannot open the rule file: %s"), strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		diag_set(d, path, 0, 0, _("not a regular file"));
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > RULES_MAX_BYTES) {
		diag_set(d, path, 0, 0, _("rule file is %lld bytes, over the cap of %u"),
		    (long long)st.st_size, RULES_MAX_BYTES);
		close(fd);
		return NULL;
	}
	buf = xmalloc(RULES_MAX_BYTES + 1);
	while ((n = read(fd, buf + len, RULES_MAX_BYTES + 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n == -1) {
		diag_set(d, path, 0, 0, _("cannot read the rule file: %s"), strerror(errno));
		free(buf);
		return NULL;
	}
	r = rules_load_mem(path, buf, len, d);
	free(buf);
	return r;
}

static void
table_free(struct table *t)
{
	size_t i;

	arena_free(&t->keys);
	for (i = 0; i < t->npats; i++)
		pat_free(t->pats[i].pat);
	free(t->canon);
	free(t->spell);
	free(t->written);
	free(t->pats);
	map_free(t->bykey);
}

void
rules_free(struct rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < ROLE_COUNT; i++)
		free(r->columns[i]);
	table_free(&r->src);
	table_free(&r->med);
	map_free(r->vague);
	map_free(r->ga4);
	free(r->ga4_values);
	free(r->vague_values);
	for (i = 0; i < r->nvague_pats; i++)
		pat_free(r->vague_pats[i]);
	free(r->vague_pats);
	pat_free(r->campaign);
	free(r->campaign_req);
	free(r->links_required);
	ynode_free(r->tree);
	free(r->name);
	free(r);
}

/* ---- queries ---- */

const char *
rules_name(const struct rules *r)
{
	return r->name;
}

double
rules_threshold(const struct rules *r)
{
	return r->threshold;
}

long
rules_sample_size(const struct rules *r)
{
	return r->sample_size;
}

unsigned long long
rules_sample_seed(const struct rules *r, int *set)
{
	if (set)
		*set = r->seed_set;
	return r->seed;
}

size_t
rules_column_count(const struct rules *r, enum role role)
{
	return r->ncolumns[role];
}

const char *
rules_column(const struct rules *r, enum role role, size_t i)
{
	return r->columns[role][i];
}

static const struct rules_canon *
lookup(const struct table *t, const char *key, size_t klen, const char *raw,
    size_t rlen, enum rules_how *how, int *limit)
{
	const struct spelling *sp;
	size_t i;

	*how = RULES_NONE;
	if (klen == 0)
		return NULL;
	if ((sp = map_get(t->bykey, key, klen)) != NULL) {
		const struct rules_canon *cn = &t->canon[sp->canon];
		if (sp->alias)
			*how = RULES_ALIAS;
		else if (strlen(cn->name) == rlen && memcmp(cn->name, raw, rlen) == 0)
			*how = RULES_EXACT;
		else
			*how = RULES_VARIANT;
		return cn;
	}
	for (i = 0; i < t->npats; i++) {
		int m = pat_match(t->pats[i].pat, key, klen);
		if (m == 1) {
			*how = RULES_PATTERN;
			return &t->canon[t->pats[i].canon];
		}
		if (m == -1 && limit)
			*limit = 1;
	}
	return NULL;
}

const struct rules_canon *
rules_source(const struct rules *r, const char *key, size_t klen,
    const char *raw, size_t rlen, enum rules_how *how, int *limit)
{
	return lookup(&r->src, key, klen, raw, rlen, how, limit);
}

const struct rules_canon *
rules_medium(const struct rules *r, const char *key, size_t klen,
    const char *raw, size_t rlen, enum rules_how *how, int *limit)
{
	return lookup(&r->med, key, klen, raw, rlen, how, limit);
}

size_t
rules_source_count(const struct rules *r)
{
	return r->src.n;
}

const struct rules_canon *
rules_source_at(const struct rules *r, size_t i)
{
	return &r->src.canon[i];
}

size_t
rules_medium_count(const struct rules *r)
{
	return r->med.n;
}

const struct rules_canon *
rules_medium_at(const struct rules *r, size_t i)
{
	return &r->med.canon[i];
}

const struct rules_canon *
rules_source_exact(const struct rules *r, const char *raw, size_t rlen)
{
	const struct spelling *sp = map_get(r->ga4, raw, rlen);

	return sp ? &r->src.canon[sp->canon] : NULL;
}

int
rules_is_vague(const struct rules *r, const char *key, size_t klen, int *limit)
{
	size_t i;

	if (map_get(r->vague, key, klen) != NULL)
		return 1;
	for (i = 0; i < r->nvague_pats; i++) {
		int m = pat_match(r->vague_pats[i], key, klen);
		if (m == 1)
			return 1;
		if (m == -1 && limit)
			*limit = 1;
	}
	return 0;
}

int
rules_campaign_ok(const struct rules *r, const char *raw, size_t rlen)
{
	if (r->campaign == NULL)
		return 1;
	return pat_match(r->campaign, raw, rlen);
}

const char *
rules_campaign_pattern(const struct rules *r)
{
	return r->campaign ? pat_source(r->campaign) : NULL;
}

int
rules_campaign_required(const struct rules *r, const struct rules_canon *medium)
{
	return medium != NULL && r->campaign_req[medium->index];
}

int
rules_offline(const struct rules *r, enum category c)
{
	return c != CAT_NONE && (r->offline >> c & 1u);
}

size_t
rules_links_required_count(const struct rules *r)
{
	return r->nlinks_required;
}

const char *
rules_links_required(const struct rules *r, size_t i)
{
	return r->links_required[i];
}

int
rules_links_closed_sources(const struct rules *r)
{
	return r->closed_sources;
}

int
rules_links_closed_mediums(const struct rules *r)
{
	return r->closed_mediums;
}

int
rules_links_severity(const struct rules *r, const char *id)
{
	int i = finding_parse(id);

	return i < 0 ? -1 : r->severity[i];
}

/* ---- rules show ---- */

/* The length of the character at s that a single-quoted YAML scalar
 * cannot carry as is (libyaml refuses control characters and non-characters
 * and folds line breaks, U+0085, U+2028 and U+2029 included), else 0. */
static size_t
yq_special(const unsigned char *s)
{
	if (*s < 0x20 || *s == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9))
		return 3;
	if ((s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) ||
	    (s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf)))
		return 3;
	return 0;
}

/* A YAML scalar that reads back as written: single-quoted, or double-quoted
 * with escapes when it holds a character single quotes cannot carry. */
static void
yq(FILE *fp, const char *s)
{
	const unsigned char *p;
	size_t n;

	for (p = (const unsigned char *)s; *p; p++)
		if (yq_special(p))
			break;
	if (*p == '\0') {
		fputc('\'', fp);
		for (; *s; s++) {
			if (*s == '\'')
				fputc('\'', fp);
			fputc(*s, fp);
		}
		fputc('\'', fp);
		return;
	}
	fputc('"', fp);
	for (p = (const unsigned char *)s; *p; p += n) {
		if ((n = yq_special(p)) == 1)
			fprintf(fp, "\\x%02x", *p);
		else if (n == 2)
			fprintf(fp, "\\x%02x", p[1]);
		else if (n == 3)
			fprintf(fp, "\\u%04x", (unsigned)(p[0] & 0x0f) << 12 |
			    (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f));
		else {
			if (*p == '"' || *p == '\\')
				fputc('\\', fp);
			fputc(*p, fp);
			n = 1;
		}
	}
	fputc('"', fp);
}

/* At least the bytes yq writes for s (so at least its characters). */
static size_t
yq_width(const char *s)
{
	const unsigned char *p;
	size_t w = 2, n;

	for (p = (const unsigned char *)s; *p; p += n)
		if ((n = yq_special(p)) != 0)
			w += n == 3 ? 6 : 4;
		else {
			w += 1 + (*p == '\'' || *p == '"' || *p == '\\');
			n = 1;
		}
	return w;
}

/* A key longer than YAML's 1024-character limit for an implicit key is
 * written as an explicit one ("? key" then ":"). */
static void
dump_key(FILE *fp, const char *s)
{
	if (yq_width(s) < 1000) {
		fputs("  ", fp);
		yq(fp, s);
		fputs(":\n", fp);
		return;
	}
	fputs("  ? ", fp);
	yq(fp, s);
	fputs("\n  :\n", fp);
}

/* The indices of t's n items (spellings or patterns) grouped by canonical,
 * each group in the items' order: group i is at[start[i] .. start[i + 1]).
 * canon_of(t, j) is item j's canonical, 0 <= it < t->n.  Both arrays are
 * malloc'd and the caller's. */
static void
group_by_canon(const struct table *t, size_t n,
    int (*canon_of)(const struct table *, size_t), size_t **start, size_t **at)
{
	size_t *st = xcalloc(t->n + 2, sizeof *st), *v, j;

	v = xcalloc(n ? n : 1, sizeof *v);
	for (j = 0; j < n; j++)
		st[canon_of(t, j) + 2]++;
	for (j = 2; j < t->n + 2; j++)
		st[j] += st[j - 1];
	for (j = 0; j < n; j++)
		v[st[canon_of(t, j) + 1]++] = j;
	*start = st;
	*at = v;
}

static int
written_canon(const struct table *t, size_t j)
{
	return t->spell[t->written[j].spell].canon;
}

static int
pat_canon(const struct table *t, size_t j)
{
	return t->pats[j].canon;
}

/* (in one pass over the spellings and patterns: tables hold thousands) */
static void
dump_table(const struct table *t, FILE *fp, int sources)
{
	size_t i, j, k, *ws, *wv, *ps, *pv;

	group_by_canon(t, t->nwritten, written_canon, &ws, &wv);
	group_by_canon(t, t->npats, pat_canon, &ps, &pv);
	for (i = 0; i < t->n; i++) {
		const struct rules_canon *cn = &t->canon[i];
		dump_key(fp, cn->name);
		if (sources && cn->category != CAT_NONE)
			fprintf(fp, "    category: %s\n", rules_category_name(cn->category));
		if (cn->generic)
			fputs("    generic: true\n", fp);
		/* Every spelling as written, so rules_source_exact (GA4's view)
		 * survives: also an alias with the same key as the canonical. */
		for (j = ws[i], k = 0; j < ws[i + 1]; j++) {
			const char *s = t->written[wv[j]].s;
			if (strcmp(s, cn->name) == 0)
				continue;
			fputs(k++ ? ", " : "    aliases: [", fp);
			yq(fp, s);
		}
		if (k)
			fputs("]\n", fp);
		for (j = ps[i], k = 0; j < ps[i + 1]; j++) {
			fputs(k++ ? ", " : "    patterns: [", fp);
			yq(fp, pat_source(t->pats[pv[j]].pat));
		}
		if (k)
			fputs("]\n", fp);
	}
	free(ws);
	free(wv);
	free(ps);
	free(pv);
}

static void
dump_list(FILE *fp, const char *indent, const char *const *v, size_t n)
{
	size_t i;

	fprintf(fp, "%s[", indent);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", fp);
		yq(fp, v[i]);
	}
	fputs("]\n", fp);
}

int
rules_dump(const struct rules *r, FILE *fp)
{
	const char *p;
	size_t i;
	int c, first;

	fputs("# effective rules from ", fp);
	for (p = r->name; *p; p++)	/* a line break would end the comment */
		fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, fp);
	fputs("\nversion: 1\n", fp);
	fprintf(fp, "threshold: %g\n", r->threshold);
	fprintf(fp, "sample:\n  size: %ld\n", r->sample_size);
	if (r->seed_set)
		fprintf(fp, "  seed: %llu\n", r->seed);
	fputs("columns:\n", fp);
	for (i = 0; i < ROLE_COUNT; i++) {
		fprintf(fp, "  %s: ", role_names[i]);
		dump_list(fp, "", r->columns[i], r->ncolumns[i]);
	}
	fputs(r->src.n ? "sources:\n" : "sources: {}\n", fp);
	dump_table(&r->src, fp, 1);
	fputs(r->med.n ? "mediums:\n" : "mediums: {}\n", fp);
	dump_table(&r->med, fp, 0);
	fputs("vague:\n  values: ", fp);
	dump_list(fp, "", r->vague_values, r->nvague);
	fputs("  patterns: [", fp);
	for (i = 0; i < r->nvague_pats; i++) {
		if (i)
			fputs(", ", fp);
		yq(fp, pat_source(r->vague_pats[i]));
	}
	fputs("]\ncampaign:\n", fp);
	if (r->campaign) {
		fputs("  pattern: ", fp);
		yq(fp, pat_source(r->campaign));
		fputc('\n', fp);
	}
	fputs("  required_for_mediums: [", fp);
	for (i = 0, first = 1; i < r->med.n; i++)
		if (r->campaign_req[i]) {
			fputs(first ? "" : ", ", fp);
			yq(fp, r->med.canon[i].name);
			first = 0;
		}
	fputs("]\noffline:\n  categories: [", fp);
	for (c = 1, first = 1; c < CAT_COUNT; c++)
		if (r->offline >> c & 1u) {
			fprintf(fp, "%s%s", first ? "" : ", ", category_names[c]);
			first = 0;
		}
	fputs("]\nlinks:\n  required: ", fp);
	dump_list(fp, "", r->links_required, r->nlinks_required);
	fprintf(fp, "  closed_sources: %s\n", r->closed_sources ? "true" : "false");
	fprintf(fp, "  closed_mediums: %s\n", r->closed_mediums ? "true" : "false");
	fputs("  severity: {", fp);
	for (i = 0, first = 1; i < F__COUNT; i++)
		if (r->severity[i] >= 0) {
			fprintf(fp, "%s%s: %s", first ? "" : ", ", finding_name((enum finding_id)i),
			    finding_sev_name((enum finding_sev)r->severity[i]));
			first = 0;
		}
	fputs("}\n", fp);
	if (r->nga4) {
		fputs("ga4:\n  sources: ", fp);
		dump_list(fp, "", r->ga4_values, r->nga4);
	}
	return ferror(fp) ? -1 : 0;
}
