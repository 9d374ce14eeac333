#include "baseline.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "jsonr.h"
#include "report.h"
#include "xalloc.h"

/* A group of the earlier audit: a source, owner or month. */
struct bgroup {
	const char	*name;		/* into the document */
	size_t		 nlen;
	int		 known;
	long		 n, specific;
	struct map	*spellings;	/* value -> (uintptr_t) count; sources only */
};

enum { G_SOURCE, G_OWNER, G_MONTH, G__COUNT };

struct baseline {
	char		*file;
	struct jsonr	*doc;		/* the strings below point into it */
	const char	*input, *rules;
	size_t		 ilen;
	enum leads_verdict verdict;
	double		 threshold;
	long		 in_scope, specific;
	struct map	*groups[G__COUNT];	/* key -> struct bgroup; unknown
						   sources keyed "?name" */
	struct map	*vague;		/* value -> (uintptr_t) count */
	int		 compared;
	struct drift	 drift;
	char		**owned;	/* copies the drift points into */
	size_t		 nowned, capowned;
};

/* The context of a load: where to send a complaint. */
struct ld {
	struct baseline	*b;
	const char	*name;
	struct diag	*d;
};

/* Every complaint about a well-formed JSON text that is not a usable
 * report goes through here, at the offending value. */
static int
bad(struct ld *l, const struct jsonr_val *at, const char *member, const char *want)
{
	return diag_set(l->d, l->name, jsonr_line(at), jsonr_col(at),
	    _("not a usable JSON report of utm-audit leads: \"%s\" must be %s"), member, want);
}

/* The member name of obj; a complaint at obj when absent or of the wrong
 * type. */
static const struct jsonr_val *
member(struct ld *l, const struct jsonr_val *obj, const char *name,
    enum jsonr_type t, const char *want)
{
	const struct jsonr_val *v = jsonr_get(obj, name);

	if (v == NULL) {
		bad(l, obj, name, want);
		return NULL;
	}
	if (jsonr_type(v) != t && !(t == JSONR_TRUE && jsonr_type(v) == JSONR_FALSE)) {
		bad(l, v, name, want);
		return NULL;
	}
	return v;
}

static int
count_of(struct ld *l, const struct jsonr_val *obj, const char *name, long *out)
{
	const struct jsonr_val *v = member(l, obj, name, JSONR_NUMBER,
	    _("a whole number of 0 or more"));
	long long n;

	if (v == NULL)
		return -1;
	if (jsonr_int(v, &n) == -1 || n < 0 || n > LONG_MAX / 2)
		return bad(l, v, name, _("a whole number of 0 or more"));
	*out = (long)n;
	return 0;
}

static int
share_of(struct ld *l, const struct jsonr_val *obj, const char *name, double *out)
{
	const struct jsonr_val *v = member(l, obj, name, JSONR_NUMBER,
	    _("a share from 0 to 1"));

	if (v == NULL)
		return -1;
	if (jsonr_num(v, out) == -1 || !(*out >= 0 && *out <= 1))
		return bad(l, v, name, _("a share from 0 to 1"));
	return 0;
}

/* A list of {"value": ..., "count": ...} into m. */
static int
values(struct ld *l, const struct jsonr_val *arr, const char *name, struct map *m)
{
	const struct jsonr_val *e;
	const char *s;
	size_t len;
	long n;

	if (jsonr_type(arr) != JSONR_ARRAY)
		return bad(l, arr, name, _("a list of values and counts"));
	for (e = jsonr_first(arr); e != NULL; e = jsonr_next(e)) {
		if (jsonr_type(e) != JSONR_OBJECT)
			return bad(l, e, name, _("a list of values and counts"));
		if (member(l, e, "value", JSONR_STRING, _("a string")) == NULL ||
		    count_of(l, e, "count", &n) == -1)
			return -1;
		s = jsonr_str(jsonr_get(e, "value"), &len);
		stats_count(m, s, len, n);
	}
	return 0;
}

static int
groups(struct ld *l, const struct jsonr_val *bd, const char *name, int which)
{
	const struct jsonr_val *arr, *e, *sp;
	struct map *m = l->b->groups[which];
	char *key = NULL;
	int created;

	if ((arr = member(l, bd, name, JSONR_ARRAY, _("a list of groups"))) == NULL)
		return -1;
	for (e = jsonr_first(arr); e != NULL; e = jsonr_next(e)) {
		struct bgroup g;
		void **slot;
		const char *k;
		size_t klen;

		memset(&g, 0, sizeof g);
		if (jsonr_type(e) != JSONR_OBJECT)
			return bad(l, e, name, _("a list of groups"));
		if (member(l, e, "name", JSONR_STRING, _("a string")) == NULL ||
		    count_of(l, e, "leads", &g.n) == -1 ||
		    count_of(l, e, "specific", &g.specific) == -1)
			return -1;
		if (g.specific > g.n)
			return bad(l, jsonr_get(e, "specific"), "specific",
			    _("no more than \"leads\""));
		g.name = jsonr_str(jsonr_get(e, "name"), &g.nlen);
		k = g.name;
		klen = g.nlen;
		g.known = 1;
		if (which == G_SOURCE) {
			const struct jsonr_val *kn = member(l, e, "known", JSONR_TRUE,
			    _("true or false"));
			if (kn == NULL)
				return -1;
			g.known = jsonr_type(kn) == JSONR_TRUE;
			sp = jsonr_get(e, "spellings");
			/* (vague) and (missing) have no spellings; an unknown
			 * source always has some and is keyed "?name", as in
			 * stats. */
			if (!g.known && sp != NULL) {
				key = xmalloc(g.nlen + 1);
				key[0] = '?';
				memcpy(key + 1, g.name, g.nlen);
				k = key;
				klen = g.nlen + 1;
			}
			if (sp != NULL) {
				g.spellings = map_new();
				if (values(l, sp, "spellings", g.spellings) == -1) {
					map_free(g.spellings);
					free(key);
					return -1;
				}
			}
		}
		slot = map_slot(m, k, klen, 1, &created);
		free(key);
		key = NULL;
		if (!created) {	/* a second group of one name: keep the first */
			map_free(g.spellings);
			continue;
		}
		*slot = xmemdup(&g, sizeof g);
	}
	return 0;
}

static int
load(struct ld *l, const struct jsonr_val *root)
{
	struct baseline *b = l->b;
	const struct jsonr_val *v, *bd;
	const char *s;
	long long ver;
	long campaign, channel;

	if (jsonr_type(root) != JSONR_OBJECT)
		return diag_set(l->d, l->name, jsonr_line(root), jsonr_col(root),
		    _("not a JSON report of utm-audit leads: the text is %s, not an object"),
		    jsonr_type_name(jsonr_type(root)));
	v = jsonr_get(root, "schema_version");
	if (jsonr_int(v, &ver) == -1 || ver < 1)
		return diag_set(l->d, l->name, 1, 1, _("not a JSON report of utm-audit "
		    "leads: no \"schema_version\" (write one with "
		    "`utm-audit leads --format json`)"));
	if (jsonr_get(root, "breakdowns") == NULL)
		return diag_set(l->d, l->name, 1, 1, _("not a JSON report of utm-audit "
		    "leads: no \"breakdowns\" (a report of `utm-audit links` cannot be "
		    "a baseline)"));
	if ((v = member(l, root, "verdict", JSONR_STRING, _("pass, fail or inconclusive"))) == NULL)
		return -1;
	s = jsonr_str(v, NULL);
	if (strcmp(s, "pass") == 0)
		b->verdict = VERDICT_PASS;
	else if (strcmp(s, "fail") == 0)
		b->verdict = VERDICT_FAIL;
	else if (strcmp(s, "inconclusive") == 0)
		b->verdict = VERDICT_INCONCLUSIVE;
	else
		return bad(l, v, "verdict", _("pass, fail or inconclusive"));
	if (share_of(l, root, "threshold", &b->threshold) == -1)
		return -1;
	if ((v = member(l, root, "rows", JSONR_OBJECT, _("an object"))) == NULL ||
	    count_of(l, v, "in_scope", &b->in_scope) == -1)
		return -1;
	if ((v = member(l, root, "levels", JSONR_OBJECT, _("an object"))) == NULL ||
	    count_of(l, v, "campaign", &campaign) == -1 ||
	    count_of(l, v, "channel", &channel) == -1)
		return -1;
	b->specific = campaign + channel;
	if (b->specific > b->in_scope)
		return bad(l, v, "levels", _("counts that add up to no more than the leads in scope"));
	b->input = "";
	if ((v = jsonr_get(root, "input")) != NULL &&
	    (s = jsonr_str(jsonr_get(v, "file"), &b->ilen)) != NULL)
		b->input = s;
	b->rules = "";
	if ((s = jsonr_str(jsonr_get(root, "rules"), NULL)) != NULL)
		b->rules = s;
	if ((bd = member(l, root, "breakdowns", JSONR_OBJECT, _("an object"))) == NULL ||
	    groups(l, bd, "source", G_SOURCE) == -1 ||
	    groups(l, bd, "owner", G_OWNER) == -1 ||
	    groups(l, bd, "month", G_MONTH) == -1)
		return -1;
	if ((v = jsonr_get(root, "vague_spellings")) != NULL &&
	    values(l, v, "vague_spellings", b->vague) == -1)
		return -1;
	return 0;
}

struct baseline *
baseline_load_mem(const char *name, const void *buf, size_t len, struct diag *d)
{
	struct baseline *b = xcalloc(1, sizeof *b);
	struct ld l = { b, name, d };
	int i;

	b->file = xstrdup(name);
	for (i = 0; i < G__COUNT; i++)
		b->groups[i] = map_new();
	b->vague = map_new();
	if ((b->doc = jsonr_parse(name, buf, len, d)) == NULL) {
		if (d != NULL) {
			char msg[sizeof d->msg];
			memcpy(msg, d->msg, sizeof msg);
			snprintf(d->msg, sizeof d->msg, _("the baseline is not JSON (write one "
			    "with `utm-audit leads --format json`): %.900s"), msg);
		}
		baseline_free(b);
		return NULL;
	}
	if (load(&l, jsonr_root(b->doc)) == -1) {
		baseline_free(b);
		return NULL;
	}
	return b;
}

struct baseline *
baseline_load_file(const char *path, struct diag *d)
{
	struct baseline *b;
	struct stat st;
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd;

	/* O_NONBLOCK: a FIFO with no writer is refused below, not waited on. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK)) == -1) {
		diag_set(d, path, 0, 0, _("cannot open the baseline: %s"), strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		diag_set(d, path, 0, 0, _("the baseline is not a regular file"));
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > JSONR_MAX_BYTES) {
		diag_set(d, path, 0, 0, _("the baseline is %lld bytes, over the cap of %u "
		    "(a report with a smaller --sample is smaller)"),
		    (long long)st.st_size, JSONR_MAX_BYTES);
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (len <= (size_t)st.st_size &&
	    (n = read(fd, buf + len, (size_t)st.st_size + 1 - len)) > 0)
		len += (size_t)n;
	if (len <= (size_t)st.st_size && n == -1) {
		diag_set(d, path, 0, 0, _("cannot read the baseline: %s"), strerror(errno));
		close(fd);
		free(buf);
		return NULL;
	}
	close(fd);
	b = baseline_load_mem(path, buf, len, d);
	free(buf);
	return b;
}

static void
drift_clear(struct baseline *b)
{
	size_t i;

	for (i = 0; i < b->nowned; i++)
		free(b->owned[i]);
	b->nowned = 0;
	free(b->drift.months);
	free(b->drift.spellings);
	free(b->drift.drops);
	memset(&b->drift, 0, sizeof b->drift);
	b->compared = 0;
}

void
baseline_free(struct baseline *b)
{
	size_t i;
	int k;

	if (b == NULL)
		return;
	drift_clear(b);
	free(b->owned);
	for (k = 0; k < G__COUNT; k++) {
		if (b->groups[k] == NULL)
			continue;
		for (i = 0; i < map_count(b->groups[k]); i++) {
			struct bgroup *g = map_value(b->groups[k], i);
			map_free(g->spellings);
			free(g);
		}
		map_free(b->groups[k]);
	}
	map_free(b->vague);
	jsonr_free(b->doc);
	free(b->file);
	free(b);
}

/* A copy of s[0..len) owned by b, redacted as the reports print it. */
static const char *
keep(struct baseline *b, const char *s, size_t *len)
{
	char *c;

	s = report_safe(s, len);
	c = xmemdup(s, *len);
	if (b->nowned == b->capowned) {
		b->capowned = b->capowned ? 2 * b->capowned : 32;
		b->owned = xreallocarray(b->owned, b->capowned, sizeof *b->owned);
	}
	b->owned[b->nowned++] = c;
	return c;
}

static void
add_spelling(struct baseline *b, size_t *cap, enum drift_kind kind,
    const char *src, size_t slen, const char *val, size_t vlen, long count)
{
	struct drift *dr = &b->drift;
	struct drift_spelling *s;

	if (dr->nspellings == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		dr->spellings = xreallocarray(dr->spellings, *cap, sizeof *dr->spellings);
	}
	s = &dr->spellings[dr->nspellings++];
	s->kind = kind;
	s->source = src ? keep(b, src, &slen) : NULL;
	s->slen = src ? slen : 0;
	s->value = keep(b, val, &vlen);
	s->vlen = vlen;
	s->count = count;
}

/* The earlier audit's group of a current key, looked up by the name as the
 * JSON report printed it (redacted; unknown sources without their '?'). */
static const struct bgroup *
then_group(const struct baseline *b, int which, const char *key, size_t klen)
{
	const struct bgroup *g;
	const char *s;
	char *k;
	size_t len;
	int unknown = which == G_SOURCE && klen > 0 && key[0] == '?';

	len = klen - (size_t)unknown;
	s = report_safe(key + unknown, &len);
	if (!unknown)
		return map_get(b->groups[which], s, len);
	k = xmalloc(len + 1);
	k[0] = '?';
	memcpy(k + 1, s, len);
	g = map_get(b->groups[which], k, len + 1);
	free(k);
	return g;
}

/* Spellings of the current audit that the earlier one did not see. */
static void
new_spellings(struct baseline *b, const struct stats *st)
{
	const struct map *m = st->by[BY_SOURCE];
	size_t i, j, cap = 0, klen, vlen;

	for (i = 0; i < map_count(m); i++) {
		const struct stats_group *g = map_value(m, i);
		const char *key = map_key(m, i, &klen);
		const struct bgroup *then = then_group(b, G_SOURCE, key, klen);
		int unknown = key[0] == '?';

		if (g->spellings == NULL)
			continue;
		for (j = 0; j < map_count(g->spellings); j++) {
			const char *v = map_key(g->spellings, j, &vlen);
			size_t sl = vlen;
			const char *safe = report_safe(v, &sl);
			if (g->canon != NULL && strlen(g->canon->name) == vlen &&
			    memcmp(g->canon->name, v, vlen) == 0)
				continue;	/* the canonical spelling itself */
			if (then != NULL && then->spellings != NULL &&
			    map_get(then->spellings, safe, sl) != NULL)
				continue;
			add_spelling(b, &cap, unknown || g->canon == NULL ? DRIFT_UNKNOWN :
			    DRIFT_CANON, unknown ? key + 1 : key, unknown ? klen - 1 : klen,
			    v, vlen, stats_count_of(g->spellings, j));
		}
	}
	for (i = 0; i < map_count(st->vague); i++) {
		const char *v = map_key(st->vague, i, &vlen);
		size_t sl = vlen;
		const char *safe = report_safe(v, &sl);
		if (map_get(b->vague, safe, sl) == NULL)
			add_spelling(b, &cap, DRIFT_VAGUE, NULL, 0, v, vlen,
			    stats_count_of(st->vague, i));
	}
}

static int
bytes_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	return c ? c : (al > bl) - (al < bl);
}

static int
by_spelling(const void *x, const void *y)
{
	const struct drift_spelling *a = x, *b = y;
	int c;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if ((c = bytes_cmp(a->value, a->vlen, b->value, b->vlen)) != 0)
		return c;
	return a->source && b->source ? bytes_cmp(a->source, a->slen, b->source, b->slen) : 0;
}

static double
drop_of(const struct drift_group *g)
{
	return (double)g->specific_then / (double)g->n_then -
	    (double)g->specific_now / (double)g->n_now;
}

static int
by_drop(const void *x, const void *y)
{
	const struct drift_group *a = x, *b = y;
	double da = drop_of(a), db = drop_of(b);

	if (a->by != b->by)
		return (int)a->by - (int)b->by;
	if (da != db)
		return da > db ? -1 : 1;
	return bytes_cmp(a->name, a->nlen, b->name, b->nlen);
}

static void
drops(struct baseline *b, const struct stats *st, enum stats_break by, size_t *cap)
{
	struct drift *dr = &b->drift;
	const struct map *m = st->by[by];
	size_t i, klen;

	for (i = 0; i < map_count(m); i++) {
		const struct stats_group *g = map_value(m, i);
		const char *key = map_key(m, i, &klen);
		size_t sl = klen;
		const char *safe = report_safe(key, &sl);
		const struct bgroup *then;
		struct drift_group *d;

		if (safe != key || g->n < DRIFT_MIN_LEADS)
			continue;	/* redacted, or too few leads now */
		then = then_group(b, by == BY_SOURCE ? G_SOURCE : G_OWNER, key, klen);
		if (then == NULL || then->n < DRIFT_MIN_LEADS)
			continue;
		/* 1e-9: a drop of exactly 5 points is not more than 5 */
		if ((double)then->specific / (double)then->n -
		    (double)g->specific / (double)g->n <= DRIFT_DROP + 1e-9)
			continue;
		if (dr->ndrops == *cap) {
			*cap = *cap ? 2 * *cap : 8;
			dr->drops = xreallocarray(dr->drops, *cap, sizeof *dr->drops);
		}
		d = &dr->drops[dr->ndrops++];
		d->by = by;
		d->known = by != BY_SOURCE || g->canon != NULL;
		if (by == BY_SOURCE && key[0] == '?') {
			key++;
			klen--;
		}
		d->name = keep(b, key, &klen);
		d->nlen = klen;
		d->n_then = then->n;
		d->specific_then = then->specific;
		d->n_now = g->n;
		d->specific_now = g->specific;
	}
}

static int
by_month(const void *x, const void *y)
{
	const struct drift_month *a = x, *b = y;

	return bytes_cmp(a->name, a->nlen, b->name, b->nlen);
}

/* The union of both audits' months, "(undated)" left out. */
static void
months(struct baseline *b, const struct stats *st)
{
	struct drift *dr = &b->drift;
	const struct map *now = st->by[BY_MONTH], *then = b->groups[G_MONTH];
	size_t i, klen, cap = map_count(now) + map_count(then);

	dr->months = xcalloc(cap ? cap : 1, sizeof *dr->months);
	for (i = 0; i < map_count(then); i++) {
		const struct bgroup *g = map_value(then, i);
		struct drift_month *dm;
		if (g->nlen == 9 && memcmp(g->name, "(undated)", 9) == 0)
			continue;
		dm = &dr->months[dr->nmonths++];
		dm->name = g->name;
		dm->nlen = g->nlen;
		dm->n_then = g->n;
		dm->specific_then = g->specific;
		dr->months_then++;
	}
	for (i = 0; i < map_count(now); i++) {
		const struct stats_group *g = map_value(now, i);
		const char *key = map_key(now, i, &klen);
		const struct bgroup *tg = map_get(then, key, klen);
		struct drift_month *dm = NULL;
		size_t j;
		if (klen == 9 && memcmp(key, "(undated)", 9) == 0)
			continue;
		dr->months_now++;
		if (tg != NULL) {
			for (j = 0; j < dr->nmonths; j++)
				if (dr->months[j].name == tg->name)
					dm = &dr->months[j];
			dr->months_both++;
		}
		if (dm == NULL) {
			dm = &dr->months[dr->nmonths++];
			dm->name = keep(b, key, &klen);
			dm->nlen = klen;
		}
		dm->n_now = g->n;
		dm->specific_now = g->specific;
	}
	if (dr->nmonths > 1)
		qsort(dr->months, dr->nmonths, sizeof *dr->months, by_month);
}

void
baseline_compare(struct baseline *b, const struct leads_result *res)
{
	struct drift *dr;
	size_t cap = 0;

	if (b == NULL)
		return;
	drift_clear(b);
	dr = &b->drift;
	dr->file = b->file;
	dr->input = b->input;
	dr->ilen = b->ilen;
	dr->rules_then = b->rules;
	dr->rules_differ = b->rules[0] != '\0' &&
	    strcmp(b->rules, rules_name(res->rules)) != 0;
	dr->verdict_then = b->verdict;
	dr->threshold_then = b->threshold;
	dr->in_scope_then = b->in_scope;
	dr->specific_then = b->specific;
	dr->in_scope_now = res->st.in_scope;
	dr->specific_now = stats_specific(&res->st);
	months(b, &res->st);
	new_spellings(b, &res->st);
	if (dr->nspellings > 1)
		qsort(dr->spellings, dr->nspellings, sizeof *dr->spellings, by_spelling);
	drops(b, &res->st, BY_SOURCE, &cap);
	drops(b, &res->st, BY_OWNER, &cap);
	if (dr->ndrops > 1)
		qsort(dr->drops, dr->ndrops, sizeof *dr->drops, by_drop);
	b->compared = 1;
}

const struct drift *
baseline_drift(const struct baseline *b)
{
	return b != NULL && b->compared ? &b->drift : NULL;
}

double
drift_pct(long k, long n)
{
	return n > 0 ? 100.0 * (double)k / (double)n : 0.0;
}
