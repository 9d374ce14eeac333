/* yamltree: a YAML document -> a small tree of scalars, sequences and
 * mappings with 1-based line and column marks, built from libyaml's event
 * API so that depth, size, anchors and aliases are checked while parsing
 * (libyaml itself has no nesting limit and expands aliases).  Used by the
 * rules loader only. */
#ifndef YAMLTREE_H
#define YAMLTREE_H
#include <stddef.h>

#include "diag.h"

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ynode_type	 type;
	long		 line, col;	/* 1-based */
	char		*str;		/* scalar: NUL-terminated value */
	size_t		 len;
	int		 quoted;	/* scalar was quoted (never null/bool) */
	struct ynode	**kids;		/* seq: items; map: key, value, key, ... */
	size_t		 n;
};

/* Parses buf[0..len) as one YAML document.  name is used in diagnostics.
 * Rejects anchors, aliases, more than one
 * document, nesting deeper than maxdepth and duplicate mapping keys.
 * Returns the root (NULL with d filled on error); an empty document gives an
 * empty mapping.  The tree is owned by the caller (ynode_free). */
struct ynode *yamltree_parse(const char *name, const void *buf, size_t len,
	    int maxdepth, struct diag *d);
void	ynode_free(struct ynode *n);
/* The value for key in a mapping, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
const char *ynode_type_name(enum ynode_type t);

#endif
