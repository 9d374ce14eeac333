/* colmap: a header row -> column roles, through the rules' column names
 * (compared case-insensitively after trimming) and --column overrides. */
#ifndef COLMAP_H
#define COLMAP_H
#include <stddef.h>

#include "csvin.h"
#include "diag.h"
#include "rules.h"

#define COLMAP_MAX_OVERRIDES 32

/* --column ROLE=NAME, as given on the command line. */
struct colmap_override {
	enum role	 role;
	const char	*name;
};

struct colmap {
	int	 col[ROLE_COUNT];	/* column index per role, -1 when absent */
	size_t	 ncols;			/* fields in the header */
	char	**names;		/* header names as read ("" when empty) */
	long	 dup_names;		/* header names seen more than once */
	long	 empty_names;		/* unnamed columns */
};

/* Maps the header record.  name is the input's name for diagnostics.
 * Fails (-1, d filled) when an override names a missing column or no
 * source-like column is found (then the message lists the headers seen).
 * cm is owned by the caller and released with colmap_free. */
int	colmap_init(struct colmap *cm, const struct rules *r,
	    const struct csvin_record *header,
	    const struct colmap_override *ov, size_t nov,
	    const char *name, struct diag *d);
void	colmap_free(struct colmap *cm);
/* Parses "ROLE=NAME"; NAME points into arg.  0 or -1. */
int	colmap_override_parse(const char *arg, struct colmap_override *ov);

#endif
