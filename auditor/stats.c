#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "norm.h"
#include "xalloc.h"

#define CANON_CACHE	256
#define MONTH_CACHE	64

#define SLOT_CACHE	512
#define OWNER_CACHE	64
#define OWNER_KEY	48	/* longer owners go through the slots */

/* A map slot found before: valid while its map has had no insert since
 * (an insert may move every slot). */
struct slot_memo {
	const struct map	*m;
	size_t			 count;
	uint64_t		 h;
	size_t			 len;
	void			**slot;
	char			 key[STATS_SPELL_MAX];
};

/* Groups found by the pointer or the number of what names them, so most
 * leads find their groups without hashing a name; and recent map slots. */
/* An owner's group, found before: groups never move. */
struct owner_memo {
	uint64_t		 h;
	size_t			 len;
	struct stats_group	*g;
	char			 key[OWNER_KEY];
};

struct stats_cache {
	struct owner_memo	 owner[OWNER_CACHE];
	struct slot_memo	 slot[SLOT_CACHE];
	const struct rules_canon *canon[CANON_CACHE];
	struct stats_group	*canon_g[CANON_CACHE];
	struct stats_group	*channel[CH__COUNT];
	int			 month[MONTH_CACHE];
	struct stats_group	*month_g[MONTH_CACHE];
	int			 amb[2][MONTH_CACHE];
	struct stats_group	*amb_g[2][MONTH_CACHE];
};

static const char *const break_names[BY__COUNT] = {
	"source", "channel", "owner", "month"
};

const char *
stats_break_name(enum stats_break b)
{
	return break_names[b];
}

void
stats_init(struct stats *st)
{
	int i;

	memset(st, 0, sizeof *st);
	for (i = 0; i < BY__COUNT; i++)
		st->by[i] = map_new();
	st->vague = map_new();
	st->ga4 = map_new();
	st->conflicts = map_new();
	st->amb[0] = map_new();
	st->amb[1] = map_new();
}

static void
groups_free(struct map *m)
{
	size_t j;

	if (m == NULL)
		return;
	for (j = 0; j < map_count(m); j++) {
		struct stats_group *g = map_value(m, j);
		map_free(g->spellings);
		free(g);
	}
	map_free(m);
}

void
stats_free(struct stats *st)
{
	size_t i;

	for (i = 0; i < BY__COUNT; i++)
		groups_free(st->by[i]);
	groups_free(st->amb[0]);
	groups_free(st->amb[1]);
	map_free(st->vague);
	map_free(st->ga4);
	map_free(st->conflicts);
	free(st->cache);
	memset(st, 0, sizeof *st);
}

/* len, at most STATS_SPELL_MAX bytes of key cut back to a whole character. */
static size_t
spell_cap(const char *key, size_t len)
{
	return len > STATS_SPELL_MAX ? norm_utf8_whole(key, STATS_SPELL_MAX) : len;
}

void
stats_count(struct map *m, const char *key, size_t len, long by)
{
	void **slot;

	len = spell_cap(key, len);
	slot = map_slot(m, key, len, 1, NULL);
	*slot = (void *)((uintptr_t)*slot + (uintptr_t)by);
}

long
stats_count_of(const struct map *m, size_t i)
{
	return (long)(uintptr_t)map_value(m, i);
}

void
stats_reject(struct stats_rows *rows, long line)
{
	rows->count++;
	if (rows->kept < STATS_ROWS_MAX)
		rows->lines[rows->kept++] = line;
}

void
stats_span(struct stats_spans *sps, const struct csvin_span *sp)
{
	sps->count++;
	sps->rows += sp->rows;
	if (sps->kept < STATS_SPANS_MAX)
		sps->at[sps->kept++] = *sp;
}

static struct stats_group *
group(struct map *m, const char *key, size_t len)
{
	void **slot = map_slot(m, key, spell_cap(key, len), 1, NULL);

	if (*slot == NULL)
		*slot = xcalloc(1, sizeof(struct stats_group));
	return *slot;
}

static void
tally_n(struct stats_group *g, enum level lv, long n)
{
	g->n += n;
	g->level[lv] += n;
	if (classify_specific(lv))
		g->specific += n;
}

static void
tally(struct stats_group *g, enum level lv)
{
	tally_n(g, lv, 1);
}

static struct stats_cache *
stats_cache(struct stats *st)
{
	if (st->cache == NULL)
		st->cache = xcalloc(1, sizeof *st->cache);
	return st->cache;
}

/* A 64-bit hash of a short key, eight bytes at a time. */
static inline __attribute__((always_inline)) uint64_t
fast_hash(const char *p, size_t n, uintptr_t seed)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)seed ^ (n * 0xff51afd7ed558ccdULL);
	uint64_t w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, p, n);
		h = (h ^ w) * 0x94d049bb133111ebULL;
		h ^= h >> 32;
	}
	return h * 0xff51afd7ed558ccdULL;
}

/* map_slot(m, key, len, 1, NULL) through the cache of recent slots. */
static void **
slot_of(struct stats_cache *c, struct map *m, const char *key, size_t len)
{
	struct slot_memo *e;
	uint64_t h;

	len = spell_cap(key, len);
	h = fast_hash(key, len, (uintptr_t)m);
	e = &c->slot[(h >> 40) % SLOT_CACHE];
	if (e->m == m && e->h == h && e->len == len && e->count == map_count(m) &&
	    memcmp(e->key, key, len) == 0)
		return e->slot;
	e->slot = map_slot(m, key, len, 1, NULL);
	e->m = m;
	e->count = map_count(m);
	e->h = h;
	e->len = len;
	memcpy(e->key, key, len);
	return e->slot;
}

static struct stats_group *
cached_group(struct stats_cache *c, struct map *m, const char *key, size_t len)
{
	void **slot = slot_of(c, m, key, len);

	if (*slot == NULL)
		*slot = xcalloc(1, sizeof(struct stats_group));
	return *slot;
}

static void
cached_count(struct stats_cache *c, struct map *m, const char *key, size_t len,
    long n)
{
	void **slot = slot_of(c, m, key, len);

	*slot = (void *)((uintptr_t)*slot + (uintptr_t)n);
}

/* The group of a month ("(undated)" for -1) in the months' breakdown,
 * through the cache of months. */
static struct stats_group *
month_group(struct stats *st, int month)
{
	struct stats_cache *c = st->cache;
	char name[8];
	size_t h;

	h = (size_t)((uint64_t)(month + 1) * 0x9e3779b97f4a7c15ULL >> 58) % MONTH_CACHE;
	if (c->month_g[h] == NULL || c->month[h] != month) {
		c->month[h] = month;
		if (month < 0)
			c->month_g[h] = group(st->by[BY_MONTH], "(undated)", 9);
		else {
			date_month_str(month, name);
			c->month_g[h] = group(st->by[BY_MONTH], name, strlen(name));
		}
	}
	return c->month_g[h];
}

/* A month string ("YYYY-MM") as a month number; -1 for NULL, -2 for any
 * other string. */
static int
month_of(const char *s)
{
	int y = 0, m, i;

	if (s == NULL)
		return -1;
	if (strlen(s) != 7 || s[4] != '-')
		return -2;
	for (i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return -2;
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12)
		return -2;
	return y * 12 + m - 1;
}

/* a[0..n) and b[0..n) hold the same bytes (short values). */
static inline int
same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;

	for (; n >= 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
	}
	while (n-- > 0)
		if (*a++ != *b++)
			return 0;
	return 1;
}

static struct stats_group *
owner_group(struct stats *st, struct stats_cache *c, const char *key, size_t len)
{
	struct owner_memo *e;
	uint64_t h;

	if (len > OWNER_KEY)
		return cached_group(c, st->by[BY_OWNER], key, len);
	h = fast_hash(key, len, 0);
	e = &c->owner[(h >> 40) % OWNER_CACHE];
	if (e->g == NULL || e->h != h || e->len != len || !same_bytes(e->key, key, len)) {
		e->g = cached_group(c, st->by[BY_OWNER], key, len);
		e->h = h;
		e->len = len;
		memcpy(e->key, key, len);
	}
	return e->g;
}

static void
row(struct stats *st, const struct lead *l, enum level lv, uint64_t findings)
{
	const struct norm_field *owner = &l->f[ROLE_OWNER];
	struct stats_cache *c = stats_cache(st);

	for (; findings != 0; findings &= findings - 1)
		st->finding[__builtin_ctzll(findings)]++;
	if (owner->len > 0)
		tally(owner_group(st, c, owner->raw, owner->len), lv);
	else
		tally(group(st->by[BY_OWNER], "(none)", 6), lv);
}

void
stats_add_row(struct stats *st, const struct lead *l, enum level lv,
    uint64_t findings, int month)
{
	row(st, l, lv, findings);
	tally(month_group(st, month < 0 ? -1 : month), lv);
}

void
stats_add_row_amb(struct stats *st, const struct lead *l, enum level lv,
    uint64_t findings, int dmy_month, int mdy_month)
{
	struct stats_cache *c;
	char name[8];
	size_t i, h;
	int mo;

	row(st, l, lv, findings);
	c = st->cache;
	for (i = 0; i < 2; i++) {
		mo = i == 0 ? dmy_month : mdy_month;
		h = (size_t)((uint64_t)mo * 0x9e3779b97f4a7c15ULL >> 58) % MONTH_CACHE;
		if (c->amb_g[i][h] == NULL || c->amb[i][h] != mo) {
			c->amb[i][h] = mo;
			date_month_str(mo, name);
			c->amb_g[i][h] = group(st->amb[i], name, strlen(name));
		}
		tally(c->amb_g[i][h], lv);
	}
}

void
stats_add(struct stats *st, const struct lead *l, const struct verdict *v,
    const char *month)
{
	int mo = month_of(month);

	stats_add_class(st, l, v, 1);
	if (mo == -2) {
		row(st, l, v->level, 0);
		tally(group(st->by[BY_MONTH], month, strlen(month)), v->level);
	} else
		stats_add_row(st, l, v->level, 0, mo);
}

void
stats_add_amb(struct stats *st, const struct lead *l, const struct verdict *v,
    const char *dmy_month, const char *mdy_month)
{
	stats_add_class(st, l, v, 1);
	row(st, l, v->level, 0);
	tally(group(st->amb[0], dmy_month, strlen(dmy_month)), v->level);
	tally(group(st->amb[1], mdy_month, strlen(mdy_month)), v->level);
}

/* Adds group src's counts to dst. */
static void
group_add(struct stats_group *dst, const struct stats_group *src)
{
	size_t i, klen;
	const char *key;

	dst->n += src->n;
	dst->specific += src->specific;
	for (i = 0; i < LEVEL__COUNT; i++)
		dst->level[i] += src->level[i];
	if (src->canon != NULL)
		dst->canon = src->canon;
	if (src->spellings == NULL)
		return;
	if (dst->spellings == NULL)
		dst->spellings = map_new();
	for (i = 0; i < map_count(src->spellings); i++) {
		key = map_key(src->spellings, i, &klen);
		stats_count(dst->spellings, key, klen, stats_count_of(src->spellings, i));
	}
}

static void
groups_add(struct map *dst, const struct map *src)
{
	size_t i, klen;
	const char *key;

	for (i = 0; i < map_count(src); i++) {
		key = map_key(src, i, &klen);
		group_add(group(dst, key, klen), map_value(src, i));
	}
}

static void
counts_add(struct map *dst, const struct map *src)
{
	size_t i, klen;
	const char *key;

	for (i = 0; i < map_count(src); i++) {
		key = map_key(src, i, &klen);
		stats_count(dst, key, klen, stats_count_of(src, i));
	}
}

void
stats_settle_months(struct stats *st, int mdy)
{
	groups_add(st->by[BY_MONTH], st->amb[mdy ? 1 : 0]);
	groups_free(st->amb[0]);
	groups_free(st->amb[1]);
	st->amb[0] = map_new();
	st->amb[1] = map_new();
}

static int
by_line(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* dst's n1 entries of size bytes and src's n2, each starting with its line
 * number (a long), into dst: the first max by line, the ones a single pass
 * would keep.  Returns how many dst keeps. */
static size_t
kept_merge(void *dst, size_t n1, const void *src, size_t n2, size_t size,
    size_t max)
{
	char *all = xmalloc((n1 + n2) * size + 1);
	size_t n = n1 + n2 < max ? n1 + n2 : max;

	memcpy(all, dst, n1 * size);
	memcpy(all + n1 * size, src, n2 * size);
	qsort(all, n1 + n2, size, by_line);
	memcpy(dst, all, n * size);
	free(all);
	return n;
}

static void
rows_add(struct stats_rows *dst, const struct stats_rows *src)
{
	dst->kept = kept_merge(dst->lines, dst->kept, src->lines, src->kept,
	    sizeof dst->lines[0], STATS_ROWS_MAX);
	dst->count += src->count;
}

static void
spans_add(struct stats_spans *dst, const struct stats_spans *src)
{
	/* (a csvin_span starts with its line) */
	dst->kept = kept_merge(dst->at, dst->kept, src->at, src->kept,
	    sizeof dst->at[0], STATS_SPANS_MAX);
	dst->count += src->count;
	dst->rows += src->rows;
}

void
stats_merge(struct stats *dst, const struct stats *src)
{
	int i;

	dst->read += src->read;
	dst->in_scope += src->in_scope;
	rows_add(&dst->ragged, &src->ragged);
	rows_add(&dst->undated, &src->undated);
	rows_add(&dst->out_of_window, &src->out_of_window);
	rows_add(&dst->bad_dates, &src->bad_dates);
	rows_add(&dst->bad_bytes, &src->bad_bytes);
	spans_add(&dst->stray_quotes, &src->stray_quotes);
	for (i = 0; i < LEVEL__COUNT; i++)
		dst->level[i] += src->level[i];
	for (i = 0; i < F__COUNT; i++)
		dst->finding[i] += src->finding[i];
	for (i = 0; i < BY__COUNT; i++)
		groups_add(dst->by[i], src->by[i]);
	groups_add(dst->amb[0], src->amb[0]);
	groups_add(dst->amb[1], src->amb[1]);
	counts_add(dst->vague, src->vague);
	counts_add(dst->ga4, src->ga4);
	counts_add(dst->conflicts, src->conflicts);
}

void
stats_add_class(struct stats *st, const struct lead *l, const struct verdict *v,
    long n)
{
	struct stats_group *g;
	char key[NORM_KEY_MAX + 16];
	const char *name;
	struct stats_cache *c = stats_cache(st);
	uint64_t f;
	size_t h;

	st->in_scope += n;
	st->level[v->level] += n;
	for (f = v->findings; f != 0; f &= f - 1)
		st->finding[__builtin_ctzll(f)] += n;

	/* By source: the canonical, else "?key" for an unknown spelling. */
	if (v->canon != NULL) {
		h = (size_t)v->canon->index % CANON_CACHE;
		if (c->canon[h] != v->canon) {
			c->canon[h] = v->canon;
			c->canon_g[h] = group(st->by[BY_SOURCE], v->canon->name,
			    strlen(v->canon->name));
		}
		g = c->canon_g[h];
		g->canon = v->canon;
	} else if (v->source != NULL) {
		key[0] = '?';
		memcpy(key + 1, v->source->key, v->source->klen);
		g = group(st->by[BY_SOURCE], key, v->source->klen + 1);
	} else {
		name = v->level == LEVEL_MISSING ? "(missing)" : "(vague)";
		g = group(st->by[BY_SOURCE], name, strlen(name));
	}
	tally_n(g, v->level, n);
	if (v->source != NULL) {
		if (g->spellings == NULL)
			g->spellings = map_new();
		cached_count(c, g->spellings, v->source->raw, v->source->len, n);
	}

	if (c->channel[v->channel] == NULL) {
		name = channel_name(v->channel);
		c->channel[v->channel] = group(st->by[BY_CHANNEL], name, strlen(name));
	}
	tally_n(c->channel[v->channel], v->level, n);

	if (v->vague != NULL && !classify_specific(v->level))
		cached_count(c, st->vague, v->vague->raw, v->vague->len, n);
	if (v->findings & FINDING_BIT(F_GA4_UNASSIGNED_LEAD)) {
		const struct norm_field *s = &l->f[ROLE_UTM_SOURCE], *m = &l->f[ROLE_UTM_MEDIUM];
		char pair[2 * STATS_SPELL_MAX + 4];
		size_t sl = spell_cap(s->raw, s->len);
		size_t ml = spell_cap(m->raw, m->len);
		memcpy(pair, s->raw, sl);
		memcpy(pair + sl, " / ", 3);
		memcpy(pair + sl + 3, m->raw, ml);
		stats_count(st->ga4, pair, sl + 3 + ml, n);
	}
	if (v->level == LEVEL_CONFLICT && v->canon && v->conflict_with) {
		char pair[2 * NORM_KEY_MAX + 8];
		int k = snprintf(pair, sizeof pair, "%s vs %s", v->canon->name,
		    v->conflict_with->name);
		stats_count(st->conflicts, pair, (size_t)k < sizeof pair ? (size_t)k : sizeof pair - 1, n);
	}
}

long
stats_rejected(const struct stats *st)
{
	return st->ragged.count + st->undated.count + st->out_of_window.count;
}

long
stats_specific(const struct stats *st)
{
	return st->level[LEVEL_CAMPAIGN] + st->level[LEVEL_CHANNEL];
}

/* Levenshtein distance, bounded to short strings. */
static int
distance(const char *a, size_t n, const char *b, size_t m)
{
	int row[NORM_KEY_MAX + 1];
	size_t i, j;

	if (n > NORM_KEY_MAX || m > NORM_KEY_MAX)
		return 1 << 20;
	for (j = 0; j <= m; j++)
		row[j] = (int)j;
	for (i = 1; i <= n; i++) {
		int prev = row[0], cur;
		row[0] = (int)i;
		for (j = 1; j <= m; j++) {
			cur = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev :
			    1 + (prev < row[j] ? (prev < row[j - 1] ? prev : row[j - 1]) :
			    (row[j] < row[j - 1] ? row[j] : row[j - 1]));
			prev = cur;
		}
	}
	return row[m];
}

void
stats_suggest(struct stats *st, const struct rules *r)
{
	struct map *m = st->by[BY_SOURCE];
	size_t i, j, klen;

	for (i = 0; i < map_count(m); i++) {
		struct stats_group *g = map_value(m, i);
		const char *key = map_key(m, i, &klen);
		int best = 1 << 20;

		if (key[0] != '?')
			continue;
		key++, klen--;
		for (j = 0; j < rules_source_count(r); j++) {
			const struct rules_canon *c = rules_source_at(r, j);
			int dd = distance(key, klen, c->key, strlen(c->key));
			if (dd < best) {
				best = dd;
				g->suggest = c->name;
			}
		}
		/* Only a near miss is a suggestion: at most a third of the word. */
		if (best > 0 && (size_t)best * 3 <= klen + 1 && best <= 3) {
			g->suggest_dist = best;
		} else {
			g->suggest = NULL;
		}
	}
}

static const struct map *sort_map;
static int sort_groups;

static long
weight(size_t i)
{
	if (sort_groups)
		return ((const struct stats_group *)map_value(sort_map, i))->n;
	return stats_count_of(sort_map, i);
}

static int
by_weight(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b, xl, yl;
	long wx = weight(x), wy = weight(y);
	const char *kx, *ky;
	int c;

	if (wx != wy)
		return wx > wy ? -1 : 1;
	kx = map_key(sort_map, x, &xl);
	ky = map_key(sort_map, y, &yl);
	c = memcmp(kx, ky, xl < yl ? xl : yl);
	return c ? c : (xl > yl) - (xl < yl);
}

size_t *
stats_order(const struct map *m, int groups)
{
	size_t n = map_count(m), i;
	size_t *idx = xcalloc(n ? n : 1, sizeof *idx);

	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_map = m;
	sort_groups = groups;
	qsort(idx, n, sizeof *idx, by_weight);
	sort_map = NULL;
	return idx;
}
