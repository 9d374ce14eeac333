/* leads: wires the audit of a CRM export: read (csvin) -> map columns
 * (colmap) -> normalize (norm) -> scope by date -> classify -> aggregate
 * (stats) and sample (sample) -> verdict -> report.  One pass over the
 * rows, in as many threads as asked (each with its own counts, sample and
 * classification cache, merged at the end: the report is the same for any
 * number); the date order of a regular file is settled over the whole
 * created column in that pass, and a second pass is made only when the
 * order settled moves a lead in or out of --since/--until. */
#ifndef LEADS_H
#define LEADS_H
#include <stdint.h>

#include "colmap.h"
#include "csvin.h"
#include "date.h"
#include "rules.h"
#include "sample.h"
#include "stats.h"

#define LEADS_MAX_INCLUDE 16

enum leads_format { FMT_TEXT, FMT_JSON, FMT_MD, FMT_HTML };
enum leads_verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_INCONCLUSIVE };

struct leads_opts {
	const char		*input;		/* "-" for stdin */
	const char		*rules_path;	/* NULL: built-in */
	struct csvin_opts	 csv;
	struct colmap_override	 ov[COLMAP_MAX_OVERRIDES];
	size_t			 nov;
	int			 have_since, have_until;
	struct date		 since, until;
	enum date_order		 date_order;	/* DATE_AUTO: settle from the column */
	long			 sample_size;	/* -1: from the rules */
	uint64_t		 seed;
	int			 seed_set;
	double			 threshold;	/* < 0: from the rules */
	int			 gate_sample;	/* judge from the sample's interval */
	enum leads_format	 format;
	const char		*output;	/* NULL: stdout */
	const char		*worksheet;
	const char		*verified;
	const char		*annotate;
	const char		*baseline;	/* --baseline PREVIOUS.json */
	const char		*include[LEADS_MAX_INCLUDE];	/* --include-column */
	size_t			 ninclude;
	int			 color;
	int			 quiet;		/* no progress line */
	unsigned		 mode;		/* file mode of written files */
	int			 threads;	/* 0: one per core */
	size_t			 block;		/* bytes a thread reads at a time
						   (0: 1 MiB; small only in tests) */
};

/* One sampled lead, copied out of its record. */
struct leads_row {
	long		 line;
	uint64_t	 rowno;
	char		*field[ROLE_COUNT];	/* trimmed raw values, "" when absent */
	char		*include[LEADS_MAX_INCLUDE];
	char		*canon;			/* canonical source, or NULL */
	enum level	 level;
	enum channel	 channel;
	uint64_t	 findings;
};

/* Everything a report needs; read-only for report writers. */
struct baseline;

struct leads_result {
	const struct leads_opts	*opts;
	struct baseline		*baseline;	/* NULL without --baseline */
	const struct rules	*rules;
	struct csvin_info	 csv;
	const struct colmap	*cm;
	struct stats		 st;
	const struct sample_entry *sample;	/* sorted by row; data is a leads_row */
	size_t			 nsample;
	long			 sample_size;
	uint64_t		 seed;
	long			 sample_specific;
	double			 sample_lo, sample_hi;
	long			 sample_needed;
	double			 threshold;
	double			 share;		/* specific / in scope */
	enum leads_verdict	 verdict;
	enum date_order		 date_order;	/* used */
	int			 date_order_detected, date_mixed;
	long			 date_ambiguous;	/* dates whose order mattered */
	int			 have_verified;
	long			 verified_rows, verified_checked, verified_accurate;
	double			 verified_lo, verified_hi;
	int			 include_col[LEADS_MAX_INCLUDE];
};

/* Runs the audit and writes the report(s).  Returns the exit status (0 pass,
 * 1 fail or inconclusive), or -1 with d filled. */
int	leads_run(const struct leads_opts *o, struct diag *d);
const char *leads_verdict_name(enum leads_verdict v);	/* "pass", ... */

#endif
