#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

struct entry {
	const char	*key;
	size_t		 len;
	uint64_t	 hash;
	void		*value;
};

struct map {
	struct entry	*entries;	/* insertion order */
	size_t		 n, cap;
	uint32_t	*slots;		/* index + 1 into entries; 0 is empty */
	size_t		 nslots;	/* power of two */
	struct arena	 keys;		/* the keys' bytes: one allocation per
					   chunk, not per key */
};

/* Eight bytes at a time, each word multiplied in and folded, then a 64-bit
 * finalizer that spreads the low bits the table uses.  The length goes in
 * first so "a" and "a\0" differ.  Maps iterate in insertion order, so no
 * output depends on these values. */
uint64_t
map_hash(const void *p, size_t len, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = seed ^ (0x9e3779b97f4a7c15ULL * (len + 1)), w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, s, len);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

struct map *
map_new(void)
{
	struct map *m = xcalloc(1, sizeof *m);

	m->nslots = 16;
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
	return m;
}

void
map_free(struct map *m)
{
	if (m == NULL)
		return;
	arena_free(&m->keys);
	free(m->entries);
	free(m->slots);
	free(m);
}

static size_t
find(const struct map *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->nslots - 1, i = (size_t)h & mask;
	uint32_t s;

	while ((s = m->slots[i]) != 0) {
		const struct entry *e = &m->entries[s - 1];
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			return i;
		i = (i + 1) & mask;
	}
	return i;
}

/* Moves the slots to a table of nslots (a power of two, over the count). */
static void
rehash(struct map *m, size_t nslots)
{
	size_t i, j, mask;

	free(m->slots);
	m->nslots = nslots;
	mask = m->nslots - 1;
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
	for (i = 0; i < m->n; i++) {
		j = (size_t)m->entries[i].hash & mask;
		while (m->slots[j] != 0)
			j = (j + 1) & mask;
		m->slots[j] = (uint32_t)(i + 1);
	}
}

/* Room for n entries in all. */
static void
room(struct map *m, size_t n)
{
	if (n > m->cap) {
		m->cap = n;
		m->entries = xreallocarray(m->entries, m->cap, sizeof *m->entries);
	}
}

void
map_reserve(struct map *m, size_t n)
{
	size_t nslots = m->nslots;

	room(m, n);
	while (n * 4 >= nslots * 3)
		nslots *= 2;
	if (nslots > m->nslots)
		rehash(m, nslots);
}

void **
map_slot(struct map *m, const char *key, size_t len, int create, int *created)
{
	uint64_t h = map_hash(key, len, 0);
	size_t i = find(m, key, len, h);
	struct entry *e;

	if (created)
		*created = 0;
	if (m->slots[i] != 0)
		return &m->entries[m->slots[i] - 1].value;
	if (!create)
		return NULL;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->entries = xreallocarray(m->entries, m->cap, sizeof *m->entries);
	}
	e = &m->entries[m->n];
	e->key = arena_copy(&m->keys, key, len);
	e->len = len;
	e->hash = h;
	e->value = NULL;
	m->slots[i] = (uint32_t)(++m->n);
	if (created)
		*created = 1;
	if (m->n * 4 >= m->nslots * 3)
		rehash(m, m->nslots * 2);
	return &m->entries[m->n - 1].value;
}

void *
map_get(const struct map *m, const char *key, size_t len)
{
	uint64_t h = map_hash(key, len, 0);
	size_t i = find(m, key, len, h);

	return m->slots[i] ? m->entries[m->slots[i] - 1].value : NULL;
}

const uint32_t *
map_slots(const struct map *m, size_t *nslots)
{
	*nslots = m->nslots;
	return m->slots;
}

void
map_load(struct map *m, const struct map_image *img, const char *pool,
    void *(*value)(void *arg, uint32_t v), void *arg)
{
	size_t i;

	room(m, img->n);
	for (i = 0; i < img->n; i++) {
		struct entry *e = &m->entries[i];
		e->key = pool + img->e[i].key;
		e->len = img->e[i].len;
		e->hash = img->e[i].hash;
		e->value = value(arg, img->e[i].value);
	}
	m->n = img->n;
	free(m->slots);
	m->nslots = img->nslots;
	m->slots = xreallocarray(NULL, m->nslots, sizeof *m->slots);
	memcpy(m->slots, img->slots, m->nslots * sizeof *m->slots);
}

size_t
map_count(const struct map *m)
{
	return m->n;
}

const char *
map_key(const struct map *m, size_t i, size_t *len)
{
	if (len)
		*len = m->entries[i].len;
	return m->entries[i].key;
}

void *
map_value(const struct map *m, size_t i)
{
	return m->entries[i].value;
}
