#include "arena.h"

#include <string.h>
#include <stdlib.h>

#include "xalloc.h"

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used, cap;
	char			 data[];
};

char *
arena_copy(struct arena *a, const void *s, size_t n)
{
	struct arena_chunk *c = a->head;
	char *p;

	if (c == NULL || c->cap - c->used <= n) {
		size_t cap = c == NULL ? ARENA_FIRST :
		    c->cap < ARENA_MAX ? c->cap * 2 : ARENA_MAX;
		if (cap <= n)
			cap = n + 1;
		c = xmalloc(sizeof *c + cap);
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	p = c->data + c->used;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
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
