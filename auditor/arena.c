#include "arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used, cap;
	max_align_t		 data[];	/* cap bytes */
};

/* n bytes at an offset of the newest chunk that is a multiple of align
 * (a power of two), after a new chunk when it has no room. */
static char *
take(struct arena *a, size_t n, size_t align)
{
	struct arena_chunk *c = a->head;
	size_t at = c == NULL ? 0 : (c->used + align - 1) & ~(align - 1);
	char *p;

	if (c == NULL || at > c->cap || c->cap - at < n) {
		size_t cap = c == NULL ? ARENA_FIRST :
		    c->cap < ARENA_MAX ? c->cap * 2 : ARENA_MAX;
		if (cap < n)
			cap = n;
		c = xmalloc(sizeof *c + cap);
		c->next = a->head;
		c->cap = cap;
		a->head = c;
		at = 0;
	}
	p = (char *)c->data + at;
	c->used = at + n;
	return p;
}

char *
arena_copy(struct arena *a, const void *s, size_t n)
{
	char *p = take(a, n + 1, 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return take(a, n ? n : 1, alignof(max_align_t));
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

void
arena_take(struct arena *a, struct arena *from)
{
	struct arena_chunk *c = from->head;

	if (c == NULL)
		return;
	while (c->next != NULL)
		c = c->next;
	c->next = a->head;
	a->head = from->head;
	from->head = NULL;
}
