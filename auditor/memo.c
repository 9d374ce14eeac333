#include "memo.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define TUPLE_MAX	1024	/* longer combinations are classified uncached */
#define NROLES		5
#define SLOTS_MIN	1024

static const enum role croles[NROLES] = { ROLE_SOURCE, ROLE_SOURCE_DETAIL,
	ROLE_UTM_SOURCE, ROLE_UTM_MEDIUM, ROLE_UTM_CAMPAIGN };

/* One combination: what a lookup reads (its values, its level), then,
 * through cold, its verdict with the pointers into the lead replaced by
 * roles, and its keys. */
struct cold {
	struct verdict		 v;
	char			 keys[];
};

struct entry {
	uint64_t		 hash;
	long			 n;		/* leads counted since the last flush */
	struct cold		*cold;
	unsigned char		 flags;		/* utm_from_url, url_bad_escape */
	unsigned char		 level;
	signed char		 src_role, vague_role;
	unsigned char		 cut[NROLES];
	uint16_t		 vlen[NROLES];
	uint16_t		 klen[NROLES];
	char			 data[];	/* the values */
};

/* What norm_lead took from one URL for the utm fields that were empty. */
struct uentry {
	uint64_t		 hash;
	uint32_t		 klen;		/* the mask byte and the URL */
	unsigned char		 flags;		/* utm_from_url, url_bad_escape */
	uint16_t		 vlen[ROLE_UTM_ID - ROLE_UTM_SOURCE + 1];
	char			 data[];	/* values, then the key */
};

#define URL_MAX		2048	/* longer URLs go through norm_lead each time */

struct memo {
	const struct rules	*r;
	const struct colmap	*cm;
	pthread_mutex_t		*lock;
	struct entry		**slot;		/* open addressing, NULL empty */
	size_t			 nslots, n;
	char			**blocks;	/* arena: all blocks, for free */
	size_t			 nblocks, bytes;
	char			*at[2];		/* where the hot and the cold */
	size_t			 left[2];	/* regions go on, and their room */
	struct entry		*cur;		/* of the last memo_lead; NULL:
						   not found (yet) */
	int			 cacheable;	/* the last lead's values fit */
	uint64_t		 thash;		/* and their hash */
	struct uentry		**uslot;
	size_t			 nuslots, nu;
	long			 hits, misses;
	size_t			 max;		/* cache bytes before it starts over */
	struct verdict		 last;		/* of a lead not cached */
	int			 classified;	/* memo_level ran since memo_lead */
	memo_flush_fn		 flush;		/* NULL: no counting */
	void			*farg;
	struct lead		*scratch;	/* a lead for flush */
};

#define ARENA_BLOCK	(256u * 1024)

struct memo *
memo_new(const struct rules *r, const struct colmap *cm, pthread_mutex_t *lock,
    size_t max_bytes)
{
	struct memo *m = xcalloc(1, sizeof *m);

	m->max = max_bytes ? max_bytes : MEMO_MAX_BYTES;
	m->r = r;
	m->cm = cm;
	m->lock = lock;
	m->nslots = SLOTS_MIN;
	m->slot = xcalloc(m->nslots, sizeof *m->slot);
	m->nuslots = SLOTS_MIN;
	m->uslot = xcalloc(m->nuslots, sizeof *m->uslot);
	return m;
}

static void	flush_all(struct memo *);

static void
clear(struct memo *m)
{
	size_t i;

	flush_all(m);

	for (i = 0; i < m->nblocks; i++)
		free(m->blocks[i]);
	free(m->blocks);
	m->blocks = NULL;
	m->nblocks = m->bytes = 0;
	m->left[0] = m->left[1] = 0;
	memset(m->slot, 0, m->nslots * sizeof *m->slot);
	memset(m->uslot, 0, m->nuslots * sizeof *m->uslot);
	m->n = m->nu = 0;
}

void
memo_free(struct memo *m)
{
	if (m == NULL)
		return;
	m->flush = NULL;
	clear(m);
	free(m->scratch);
	free(m->slot);
	free(m->uslot);
	free(m);
}

void
memo_counts(const struct memo *m, long *hits, long *misses)
{
	*hits = m->hits;
	*misses = m->misses;
}

/* Starts the cache over when hot and cold bytes would take it past its
 * cap. */
static void	clear(struct memo *);

static void
room(struct memo *m, size_t hot, size_t cold)
{
	size_t blocks = (m->left[0] < ((hot + 15) & ~(size_t)15)) +
	    (m->left[1] < ((cold + 15) & ~(size_t)15));

	if (blocks > 0 && m->bytes + blocks * ARENA_BLOCK > m->max)
		clear(m);
}

/* n bytes in the hot region (what every lookup reads) or the cold one
 * (what few do), so the hot one stays small in the caches. */
static void *
arena(struct memo *m, size_t n, int cold)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (m->left[cold] < n) {
		m->blocks = xreallocarray(m->blocks, m->nblocks + 1, sizeof *m->blocks);
		m->blocks[m->nblocks++] = m->at[cold] = xmalloc(ARENA_BLOCK);
		m->left[cold] = ARENA_BLOCK;
		m->bytes += ARENA_BLOCK;
	}
	p = m->at[cold];
	m->at[cold] += n;
	m->left[cold] -= n;
	return p;
}

/* A 64-bit hash of short byte strings, eight bytes at a time. */
static uint64_t
hash(const unsigned char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL), w;

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
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

/* ---- the lead (norm_lead's work, keys only where classify needs them) ---- */

/* Bytes norm_trim may cut: 1 at the start (ASCII space, NBSP's first
 * byte), 2 at the end (ASCII space, NBSP's last byte). */
static const unsigned char trims[256] = {
	['\t'] = 3, ['\n'] = 3, ['\v'] = 3, ['\f'] = 3, ['\r'] = 3, [' '] = 3,
	[0xC2] = 1, [0xA0] = 2,
};

/* The field's trimmed value; its key is left alone (see memo.h). */
static inline __attribute__((always_inline)) void
set_raw(struct norm_field *f, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len == 0 || ((trims[u[0]] & 1) | (trims[u[len - 1]] & 2)) == 0) {
		f->raw = s;
		f->len = len;
	} else
		f->raw = norm_trim(s, len, &f->len);
}

/* 1 when norm_lead would fill an empty utm field from the URL: it reads
 * the part after a '?' for parameters named utm_... (in any case, or
 * through %-escapes), so without a '?', or without "utm" or a '%' after
 * it, there is nothing to fill. */
static int
url_may_fill(const struct lead *l)
{
	const struct norm_field *uf = &l->f[ROLE_URL];
	const char *q;
	size_t i, n;
	int role;

	for (role = ROLE_UTM_SOURCE; role <= ROLE_UTM_ID; role++)
		if (l->f[role].len == 0)
			break;
	if (role > ROLE_UTM_ID || uf->len == 0 ||
	    (q = memchr(uf->raw, '?', uf->len)) == NULL)
		return 0;
	n = uf->len - (size_t)(q - uf->raw);
	if (memchr(q, '%', n) != NULL)
		return 1;
	for (i = 0; i + 3 <= n; i++)
		if ((q[i] | 0x20) == 'u' && (q[i + 1] | 0x20) == 't' &&
		    (q[i + 2] | 0x20) == 'm')
			return 1;
	return 0;
}

static size_t
ufind(const struct memo *m, uint64_t h, const unsigned char *k, size_t klen)
{
	size_t mask = m->nuslots - 1, i = (size_t)h & mask, v, j;
	const struct uentry *e;

	while ((e = m->uslot[i]) != NULL) {
		if (e->hash == h && e->klen == klen) {
			for (v = 0, j = 0; j < sizeof e->vlen / sizeof e->vlen[0]; j++)
				v += e->vlen[j];
			if (memcmp(e->data + v, k, klen) == 0)
				return i;
		}
		i = (i + 1) & mask;
	}
	return i;
}

static void
ugrow(struct memo *m)
{
	struct uentry **old = m->uslot;
	size_t n = m->nuslots, i, j, mask;

	m->nuslots *= 2;
	mask = m->nuslots - 1;
	m->uslot = xcalloc(m->nuslots, sizeof *m->uslot);
	for (i = 0; i < n; i++) {
		if (old[i] == NULL)
			continue;
		for (j = (size_t)old[i]->hash & mask; m->uslot[j] != NULL;
		    j = (j + 1) & mask)
			continue;
		m->uslot[j] = old[i];
	}
	free(old);
}

/* The utm fields the URL fills, through norm_lead once per URL and set of
 * empty fields. */
static void
from_url(struct memo *m, const struct csvin_record *rec, uint64_t rowno,
    struct lead *l)
{
	const struct norm_field *uf = &l->f[ROLE_URL];
	unsigned char key[URL_MAX + 1];
	struct uentry *e;
	size_t klen, s, i, v, used;
	uint64_t h;
	int role;

	if (uf->len > URL_MAX) {
		norm_lead(m->cm, rec, rowno, l);
		return;
	}
	key[0] = 0;
	for (role = ROLE_UTM_SOURCE; role <= ROLE_UTM_ID; role++)
		if (l->f[role].len == 0)
			key[0] |= (unsigned char)(1u << (role - ROLE_UTM_SOURCE));
	memcpy(key + 1, uf->raw, uf->len);
	klen = uf->len + 1;
	h = hash(key, klen);
	s = ufind(m, h, key, klen);
	if ((e = m->uslot[s]) != NULL) {
		l->utm_from_url = e->flags & 1;
		l->url_bad_escape = e->flags >> 1;
		for (i = 0, v = 0, used = 0; i < sizeof e->vlen / sizeof e->vlen[0]; i++) {
			role = ROLE_UTM_SOURCE + (int)i;
			if (!(key[0] >> i & 1))
				continue;
			memcpy(l->urlbuf + used, e->data + v, e->vlen[i]);
			l->f[role].raw = l->urlbuf + used;
			l->f[role].len = e->vlen[i];
			used += e->vlen[i];
			v += e->vlen[i];
		}
		return;
	}
	norm_lead(m->cm, rec, rowno, l);
	for (i = 0, v = 0; i < sizeof e->vlen / sizeof e->vlen[0]; i++)
		if (key[0] >> i & 1)
			v += l->f[ROLE_UTM_SOURCE + i].len;
	if (m->left[0] < ((sizeof *e + v + klen + 15) & ~(size_t)15) &&
	    m->bytes + ARENA_BLOCK > m->max) {
		clear(m);
		s = ufind(m, h, key, klen);
	}
	e = arena(m, sizeof *e + v + klen, 0);
	e->hash = h;
	e->klen = (uint32_t)klen;
	e->flags = (unsigned char)(l->utm_from_url | l->url_bad_escape << 1);
	for (i = 0, v = 0; i < sizeof e->vlen / sizeof e->vlen[0]; i++) {
		const struct norm_field *f = &l->f[ROLE_UTM_SOURCE + i];
		e->vlen[i] = 0;
		if (!(key[0] >> i & 1))
			continue;
		e->vlen[i] = (uint16_t)f->len;
		memcpy(e->data + v, f->raw, f->len);
		v += f->len;
	}
	memcpy(e->data + v, key, klen);
	m->uslot[s] = e;
	if (++m->nu * 2 > m->nuslots)
		ugrow(m);
}

/* Eight bytes of p[0..n), n <= 8, as one word (a short tail read as two
 * overlapping halves: the length is hashed too). */
static inline __attribute__((always_inline)) uint64_t
word_of(const unsigned char *p, size_t n)
{
	uint32_t a, b;

	if (n >= 4) {
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		return (uint64_t)a << 32 | b;
	}
	if (n == 0)
		return 0;
	return (uint64_t)p[0] << 16 | (uint64_t)p[n / 2] << 8 | p[n - 1];
}

/* The hash of the flags and the five values of l; 0 in *total when they
 * are too long to cache. */
static uint64_t
hash_lead(const struct lead *l, unsigned flags, size_t *total)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ flags, w;
	const unsigned char *p;
	size_t i, n, sum = 0;

	for (i = 0; i < NROLES; i++) {
		p = (const unsigned char *)l->f[croles[i]].raw;
		n = l->f[croles[i]].len;
		sum += n;
		h = (h ^ n) * 0xff51afd7ed558ccdULL;
		for (; n > 8; p += 8, n -= 8) {
			memcpy(&w, p, 8);
			h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
			h ^= h >> 29;
		}
		h = (h ^ word_of(p, n)) * 0x94d049bb133111ebULL;
		h ^= h >> 32;
	}
	*total = sum > TUPLE_MAX ? 0 : sum + 1;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

/* a[0..n) and b[0..n) hold the same bytes (short values, in place). */
static inline __attribute__((always_inline)) int
eq(const char *a, const char *b, size_t n)
{
	uint64_t x, y;

	for (; n > 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
	}
	return word_of((const unsigned char *)a, n) ==
	    word_of((const unsigned char *)b, n);
}

static int
same(const struct entry *e, const struct lead *l, uint64_t h, unsigned flags)
{
	const char *d = e->data;
	size_t i, n;

	if (e->hash != h || e->flags != flags)
		return 0;
	for (i = 0; i < NROLES; i++) {
		n = l->f[croles[i]].len;
		if (e->vlen[i] != n || !eq(d, l->f[croles[i]].raw, n))
			return 0;
		d += n;
	}
	return 1;
}

static size_t
find(const struct memo *m, uint64_t h, const struct lead *l, unsigned flags)
{
	size_t mask = m->nslots - 1, i = (size_t)h & mask;
	const struct entry *e;

	while ((e = m->slot[i]) != NULL) {
		if (same(e, l, h, flags))
			return i;
		i = (i + 1) & mask;
	}
	return i;
}

static void
keys_of(struct lead *l)
{
	struct norm_field *f;
	size_t i;

	for (i = 0; i < NROLES; i++) {
		f = &l->f[croles[i]];
		f->klen = norm_key(f->raw, f->len, f->key, sizeof f->key, &f->cut);
	}
}

void
memo_lead(struct memo *m, const struct csvin_record *rec, uint64_t rowno,
    struct lead *l)
{
	const int *col = m->cm->col;
	unsigned flags;
	size_t s, total;
	int role, c;

	l->line = rec->line;
	l->rowno = rowno;
	l->utm_from_url = 0;
	l->url_bad_escape = 0;
	for (role = 0; role < ROLE_COUNT; role++) {
		c = col[role];
		if (c >= 0 && (size_t)c < rec->nfields)
			set_raw(&l->f[role], rec->fields[c], rec->lens[c]);
		else
			set_raw(&l->f[role], "", 0);
	}
	if (url_may_fill(l))
		from_url(m, rec, rowno, l);

	m->cur = NULL;
	m->classified = 0;
	flags = (unsigned)(l->utm_from_url | l->url_bad_escape << 1);
	m->thash = hash_lead(l, flags, &total);
	if ((m->cacheable = total > 0) == 0) {
		keys_of(l);
		return;
	}
	s = find(m, m->thash, l, flags);
	if (m->slot[s] == NULL) {
		keys_of(l);
		return;
	}
	m->hits++;
	m->cur = m->slot[s];
}

void
memo_keys(const struct memo *m, struct lead *l)
{
	const struct entry *e = m->cur;
	const char *k;
	size_t i;

	if (e == NULL)
		return;
	k = e->cold->keys;
	for (i = 0; i < NROLES; k += e->klen[i], i++) {
		struct norm_field *f = &l->f[croles[i]];
		memcpy(f->key, k, e->klen[i]);
		f->key[e->klen[i]] = '\0';
		f->klen = e->klen[i];
		f->cut = e->cut[i];
	}
}

static int
role_of(const struct lead *l, const struct norm_field *f)
{
	return f == NULL ? -1 : (int)(f - l->f);
}

static void
grow(struct memo *m)
{
	struct entry **old = m->slot;
	size_t n = m->nslots, i, j, mask;

	m->nslots *= 2;
	mask = m->nslots - 1;
	m->slot = xcalloc(m->nslots, sizeof *m->slot);
	for (i = 0; i < n; i++) {
		if (old[i] == NULL)
			continue;
		for (j = (size_t)old[i]->hash & mask; m->slot[j] != NULL;
		    j = (j + 1) & mask)
			continue;
		m->slot[j] = old[i];
	}
	free(old);
}

static void
insert(struct memo *m, const struct lead *l, const struct verdict *v)
{
	struct entry *e;
	size_t i, keys = 0, vals = 0, s;
	char *p;

	for (i = 0; i < NROLES; i++) {
		keys += l->f[croles[i]].klen;
		vals += l->f[croles[i]].len;
	}
	room(m, sizeof *e + vals, sizeof *e->cold + keys);
	e = arena(m, sizeof *e + vals, 0);
	e->cold = arena(m, sizeof *e->cold + keys, 1);
	e->hash = m->thash;
	e->n = 0;
	e->level = (unsigned char)v->level;
	e->cold->v = *v;
	e->cold->v.source = e->cold->v.vague = NULL;
	e->src_role = (signed char)role_of(l, v->source);
	e->vague_role = (signed char)role_of(l, v->vague);
	e->flags = (unsigned char)(l->utm_from_url | l->url_bad_escape << 1);
	for (i = 0, p = e->data; i < NROLES; i++) {
		const struct norm_field *f = &l->f[croles[i]];
		e->vlen[i] = (uint16_t)f->len;
		memcpy(p, f->raw, f->len);
		p += f->len;
	}
	for (i = 0, p = e->cold->keys; i < NROLES; i++) {
		const struct norm_field *f = &l->f[croles[i]];
		e->klen[i] = (uint16_t)f->klen;
		e->cut[i] = (unsigned char)f->cut;
		memcpy(p, f->key, f->klen);
		p += f->klen;
	}
	s = find(m, e->hash, l, e->flags);
	m->slot[s] = e;
	m->cur = e;
	if (++m->n * 2 > m->nslots)
		grow(m);
}

enum level
memo_level(struct memo *m, const struct lead *l)
{
	if (m->cur != NULL)
		return (enum level)m->cur->level;
	m->classified = 1;
	m->misses++;
	if (m->lock != NULL)
		pthread_mutex_lock(m->lock);
	classify_lead(m->r, l, &m->last);
	if (m->lock != NULL)
		pthread_mutex_unlock(m->lock);
	if (m->cacheable)
		insert(m, l, &m->last);
	return m->last.level;
}

void
memo_verdict(struct memo *m, const struct lead *l, struct verdict *v)
{
	const struct entry *e;

	if (m->cur == NULL && !m->classified)
		memo_level(m, l);
	if ((e = m->cur) == NULL) {
		/* not cached: the verdict memo_level kept, pointing into l */
		*v = m->last;
		return;
	}
	*v = e->cold->v;
	v->source = e->src_role < 0 ? NULL : &l->f[e->src_role];
	v->vague = e->vague_role < 0 ? NULL : &l->f[e->vague_role];
}

void
memo_count_with(struct memo *m, memo_flush_fn fn, void *arg)
{
	m->flush = fn;
	m->farg = arg;
}

int
memo_count(struct memo *m)
{
	if (m->flush == NULL || m->cur == NULL)
		return -1;
	m->cur->n++;
	return 0;
}

/* Gives every combination counted since the last time to the flush
 * function, rebuilt as a lead of its five values and keys. */
static void
flush_all(struct memo *m)
{
	struct entry *e;
	struct norm_field *f;
	struct verdict v;
	struct lead *l;
	const char *p;
	size_t i, j;

	if (m->flush == NULL)
		return;
	for (i = 0; i < m->nslots; i++) {
		if ((e = m->slot[i]) == NULL || e->n == 0)
			continue;
		if ((l = m->scratch) == NULL) {
			l = m->scratch = xcalloc(1, sizeof *l);
			for (j = 0; j < ROLE_COUNT; j++)
				l->f[j].raw = "";
		}
		for (j = 0, p = e->data; j < NROLES; p += e->vlen[j], j++) {
			f = &l->f[croles[j]];
			f->raw = p;
			f->len = e->vlen[j];
		}
		for (j = 0, p = e->cold->keys; j < NROLES; p += e->klen[j], j++) {
			f = &l->f[croles[j]];
			memcpy(f->key, p, e->klen[j]);
			f->key[e->klen[j]] = '\0';
			f->klen = e->klen[j];
			f->cut = e->cut[j];
		}
		l->utm_from_url = e->flags & 1;
		l->url_bad_escape = e->flags >> 1;
		v = e->cold->v;
		v.source = e->src_role < 0 ? NULL : &l->f[e->src_role];
		v.vague = e->vague_role < 0 ? NULL : &l->f[e->vague_role];
		m->flush(m->farg, l, &v, e->n);
		e->n = 0;
	}
}

void
memo_flush(struct memo *m)
{
	flush_all(m);
}
