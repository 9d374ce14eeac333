/* yamltree: a YAML document -> a small tree of scalars, sequences and
 * mappings with 1-based line and column marks, built from libyaml's event
 * API so that depth, size, anchors and aliases are checked while parsing
 * (libyaml itself has no nesting limit and expands aliases).  Used by the
 * rules loader only. */
#ifndef YAMLTREE_H
#define YAMLTREE_H
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

/* A tree is one block: its nodes, then its strings, with no pointers in it.
 * A node finds its value and its kids by offsets from itself, so the same
 * bytes work wherever they are: the built-in rules are such a block in
 * read-only data, which the loader neither relocates nor copies.  Read the
 * offsets through ynode_str and ynode_kid. */
struct ynode {
	int32_t		 str;		/* scalar: to its NUL-terminated value;
					   0 for a sequence or mapping */
	int32_t		 kids;		/* to the first kid; kids are adjacent */
	uint32_t	 len;		/* scalar: bytes, NUL not counted */
	uint32_t	 n;		/* seq: items; map: key, value, key, ... */
	uint32_t	 line, col;	/* 1-based */
	unsigned char	 type;		/* enum ynode_type */
	unsigned char	 quoted;	/* scalar was quoted (never null/bool) */
};

/* A scalar's value ("" for a sequence or mapping). */
static inline const char *
ynode_str(const struct ynode *n)
{
	return n->str ? (const char *)n + n->str : "";
}

/* The i-th kid, 0 <= i < n->n. */
static inline const struct ynode *
ynode_kid(const struct ynode *n, size_t i)
{
	return (const struct ynode *)(const void *)((const char *)n + n->kids) + i;
}

/* Parses buf[0..len) as one YAML document.  name is used in diagnostics.
 * Rejects anchors, aliases, more than one
 * document, nesting deeper than maxdepth and duplicate mapping keys.
 * Returns the root (NULL with d filled on error); an empty document gives an
 * empty mapping.  The tree is owned by the caller (ynode_free).  A tree
 * whose block would pass INT32_MAX bytes is refused. */
struct ynode *yamltree_parse(const char *name, const void *buf, size_t len,
	    int maxdepth, struct diag *d);
void	ynode_free(struct ynode *n);
/* The value for key in a mapping, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
const char *ynode_type_name(enum ynode_type t);

#endif
