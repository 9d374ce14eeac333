/* map: an open-addressing hash map from byte strings to a pointer-sized
 * value.  Keys are copied into the map (it owns them); values are the
 * caller's.  Iteration order is insertion order, so reports built from a map
 * are deterministic. */
#ifndef MAP_H
#define MAP_H
#include <stddef.h>
#include <stdint.h>

struct map;

struct map *map_new(void);
void	map_free(struct map *m);	/* does not free the values */
/* Makes room for n entries in all, so that adding up to n allocates nothing
 * but the keys' bytes (a loader that knows its count calls it first). */
void	map_reserve(struct map *m, size_t n);
/* Returns the slot's value pointer for key, inserting NULL when absent and
 * create is set (then *created is 1).  Returns NULL when absent and !create. */
void	**map_slot(struct map *m, const char *key, size_t len, int create, int *created);
void	*map_get(const struct map *m, const char *key, size_t len);
size_t	map_count(const struct map *m);
/* The i-th inserted entry, 0 <= i < map_count(m). */
const char *map_key(const struct map *m, size_t i, size_t *len);
void	*map_value(const struct map *m, size_t i);
uint64_t map_hash(const void *p, size_t len, uint64_t seed);

/* A map written out as data by a build tool (auditor/gen/rules2c.c), for
 * map_load to take back without hashing or copying a key: its entries in
 * insertion order and its slot table as map_slots gave it. */
struct map_ient {
	uint32_t	 key, len;	/* the key: offset into a pool, bytes */
	uint32_t	 value;		/* the caller's, as a number */
	uint64_t	 hash;		/* map_hash(key, len, 0) */
};

struct map_image {
	const struct map_ient	*e;
	size_t			 n;
	const uint32_t		*slots;		/* an entry's index + 1; 0 empty */
	size_t			 nslots;	/* a power of two, over n * 4 / 3 */
};

/* m's slot table; *nslots gets its size. */
const uint32_t *map_slots(const struct map *m, size_t *nslots);
/* Fills the empty map m from img: keys are borrowed from pool (which must
 * outlive m), values are value(arg, e->value). */
void	map_load(struct map *m, const struct map_image *img, const char *pool,
	    void *(*value)(void *arg, uint32_t v), void *arg);

#endif
