/* arena: byte strings and small objects that live until the arena is
 * freed, allocated a chunk at a time.  Copies never move, so their pointers stay valid; a
 * table of thousands of keys costs a handful of allocations.  Chunks double
 * from ARENA_FIRST to ARENA_MAX bytes (a longer string gets a chunk of its
 * own), so a small arena stays small. */
#ifndef ARENA_H
#define ARENA_H
#include <stddef.h>

#define ARENA_FIRST	256
#define ARENA_MAX	(1u << 16)

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;		/* newest first; NULL when empty */
};

/* A NUL-terminated copy of s[0..n), owned by the arena. */
char	*arena_copy(struct arena *a, const void *s, size_t n);
/* n bytes aligned for any type, uninitialised, owned by the arena. */
void	*arena_alloc(struct arena *a, size_t n);
/* Moves every copy of from into a (they stay where they are); from is
 * empty afterwards. */
void	 arena_take(struct arena *a, struct arena *from);
/* Frees every copy; the arena is empty (and reusable) afterwards. */
void	 arena_free(struct arena *a);

#endif
