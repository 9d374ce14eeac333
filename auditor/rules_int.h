/* rules_int.h: a ruleset's insides, shared by the files that load one:
 * rules.c (from a tree), rules_image.c (from an image made at build time)
 * and auditor/gen/rules2c.c (which writes the image).  Nothing else
 * includes it. */
#ifndef RULES_INT_H
#define RULES_INT_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "finding.h"
#include "map.h"
#include "pat.h"
#include "rules.h"
#include "yamltree.h"

/* One spelling that leads to a canonical: its name or an alias, as one
 * key (norm_key) of the table. */
struct spelling {
	int	 canon;		/* index into the table */
	int	 alias;		/* 0: the canonical's own name */
	long	 line;		/* where it was written, for duplicate errors */
	int	 first, last;	/* its strings in the table's written */
};

/* A spelling as written in the rules, in the rules' order.  The strings of
 * one key are chained: "LinkedIn" and its alias "linkedin" are one
 * spelling, written twice. */
struct written {
	const char	*s;
	int		 spell;		/* index into the table's spell */
	int		 next;		/* the next of the same spelling, or -1 */
};

struct cpat {			/* a canonical's pattern */
	struct pat	*pat;
	int		 canon;
};

/* A table of canonicals: sources or mediums. */
struct table {
	struct rules_canon	*canon;
	size_t			 n;
	struct arena		 keys;		/* the canonicals' keys, when
						   loaded from a tree */
	struct map		*bykey;		/* key -> struct spelling */
	struct spelling		*spell;		/* storage for the map's values */
	size_t			 nspell;
	struct written		*written;
	size_t			 nwritten;
	struct cpat		*pats;
	size_t			 npats;
};

/* Every string of a ruleset (names, aliases, values, column names) is
 * borrowed from the tree it was loaded from: the static built-in tree (or,
 * for its big sections, the built-in image's pool), or the rule file's own
 * tree, which the ruleset keeps until rules_free.  Only the comparison keys
 * are made at load time, and none for the built-in rules. */
struct rules {
	char		*name;
	struct ynode	*tree;			/* the rule file's, owned; NULL for
						   the built-in rules */
	double		 threshold;
	long		 sample_size;
	unsigned long long seed;
	int		 seed_set;
	const char	**columns[ROLE_COUNT];
	size_t		 ncolumns[ROLE_COUNT];
	struct table	 src, med;
	struct map	*vague;			/* key -> (void *)1 */
	struct map	*ga4;			/* GA4's spellings -> struct spelling */
	const char	**ga4_values;		/* as written */
	size_t		 nga4;
	const char	**vague_values;		/* as written */
	size_t		 nvague;
	struct pat	**vague_pats;
	size_t		 nvague_pats;
	struct pat	*campaign;
	unsigned char	*campaign_req;		/* per medium */
	unsigned	 offline;		/* bit per category */
	const char	**links_required;
	size_t		 nlinks_required;
	int		 closed_sources, closed_mediums;
	int		 severity[F__COUNT];	/* -1: default */
};

/* The big sections of a ruleset as loaded, as pointer-free data: strings
 * are offsets into pool, a map's values indices (rules_image.c). */
struct rimg_canon {
	uint32_t	 name, key;	/* into pool */
	unsigned char	 category, generic;
};

struct rimg_pat {
	uint32_t	 src;		/* into pool */
	int32_t		 canon;
};

struct rimg_written {
	uint32_t	 s;		/* into pool */
	int32_t		 spell, next;
};

struct rimg_table {
	const struct rimg_canon		*canon;
	size_t				 n;
	const struct spelling		*spell;
	size_t				 nspell;
	const struct rimg_written	*written;
	size_t				 nwritten;
	const struct rimg_pat		*pats;
	size_t				 npats;
	struct map_image		 bykey;		/* values: into spell */
};

struct rules_image {
	const char			*pool;
	struct rimg_table		 src, med;
	struct map_image		 vague;		/* values: 1 */
	const uint32_t			*vague_values;	/* into pool */
	size_t				 nvague;
	const uint32_t			*vague_pats;	/* into pool */
	size_t				 nvague_pats;
	struct map_image		 ga4;		/* values: into src.spell */
	const uint32_t			*ga4_values;	/* into pool */
	size_t				 nga4;
};

/* Fills a table, the vague section or the GA4 section of r from an image
 * (rules_image.c).  Return 0, or -1 with d set (a pattern that does not
 * compile: only an image of other rules than its loader's can have one). */
int	rimg_table(struct table *t, const struct rimg_table *it, const char *pool,
	    struct diag *d);
int	rimg_vague(struct rules *r, const struct rules_image *img, struct diag *d);
void	rimg_ga4(struct rules *r, const struct rules_image *img);

#endif
