/* baseline: an earlier audit, read back from its JSON report (`utm-audit
 * leads --format json`, schema_version 1 or later), and what drifted since:
 * this is how a team sees, audit after audit, whether its fixes held.
 *
 * The drift holds:
 *   - the specific share then and now (and the thresholds and verdicts);
 *   - the months each audit covered, with each month's share then and now;
 *   - spellings new since then: per source, a spelling the earlier audit
 *     did not see for that source (a canonical source's own name is never
 *     new: it is the right spelling), per unknown source likewise, and
 *     vague spellings;
 *   - sources and owners whose specific share dropped by more than
 *     DRIFT_DROP (5 points), counted only where both audits had at least
 *     DRIFT_MIN_LEADS leads of them: with fewer, one lead moves the share by
 *     more than the drop, and every audit would cry wolf.
 * Values are compared as the reports print them: a value holding personal
 * data is "[redacted]" in the JSON report, so the current side is redacted
 * the same way before comparing, and "[redacted]" owners are never
 * compared. */
#ifndef BASELINE_H
#define BASELINE_H
#include <stddef.h>

#include "diag.h"
#include "leads.h"

#define DRIFT_DROP		0.05	/* share points, as a fraction */
#define DRIFT_MIN_LEADS		10	/* per group, in each audit */

/* A spelling new since the earlier audit. */
enum drift_kind { DRIFT_CANON, DRIFT_UNKNOWN, DRIFT_VAGUE };

struct drift_spelling {
	enum drift_kind	 kind;
	const char	*source;	/* canonical (DRIFT_CANON) or the
					   unknown source's key; NULL for vague */
	size_t		 slen;
	const char	*value;		/* the spelling as typed */
	size_t		 vlen;
	long		 count;		/* leads with it now */
};

/* A source or owner whose specific share dropped. */
struct drift_group {
	enum stats_break by;		/* BY_SOURCE or BY_OWNER */
	const char	*name;		/* as in the reports: no '?' prefix */
	size_t		 nlen;
	int		 known;		/* sources: in the rules */
	long		 n_then, specific_then, n_now, specific_now;
};

/* One month of either audit; n_then or n_now is 0 where it had none. */
struct drift_month {
	const char	*name;		/* "YYYY-MM" as the reports print it */
	size_t		 nlen;
	long		 n_then, specific_then, n_now, specific_now;
};

struct drift {
	const char	*file;		/* the baseline as given (--baseline) */
	const char	*input;		/* the export the earlier audit read */
	size_t		 ilen;
	const char	*rules_then;	/* rules of the earlier audit ("" if not said) */
	int		 rules_differ;
	enum leads_verdict verdict_then;
	double		 threshold_then;
	long		 in_scope_then, specific_then;
	long		 in_scope_now, specific_now;
	struct drift_month *months;	/* both audits' months, in time order */
	size_t		 nmonths;
	size_t		 months_then, months_now, months_both;
	struct drift_spelling *spellings; /* canonical, unknown, vague; each
					   by count (most first), then bytes */
	size_t		 nspellings;
	struct drift_group *drops;	/* sources, then owners; biggest drop first */
	size_t		 ndrops;
};

struct baseline;

/* Reads an earlier JSON report from path (at most JSONR_MAX_BYTES).  A file
 * that is not JSON, or JSON that is not a leads report, is a diag naming
 * the place.  The result is owned by the caller: baseline_free. */
struct baseline *baseline_load_file(const char *path, struct diag *d);
/* The same from memory; name is used in diagnostics and as drift->file. */
struct baseline *baseline_load_mem(const char *name, const void *buf, size_t len,
	    struct diag *d);
void	baseline_free(struct baseline *b);

/* Compares b with the audit in res (after its verdict is decided, before
 * any report is written; again replaces the earlier comparison).  The drift
 * copies what it keeps of res; it lives until baseline_free. */
void	baseline_compare(struct baseline *b, const struct leads_result *res);
/* The drift of the last baseline_compare; NULL when b is NULL (no
 * --baseline) or was not compared. */
const struct drift *baseline_drift(const struct baseline *b);

/* Share in points (0..100) of k in n; 0 when n is 0. */
double	drift_pct(long k, long n);

#endif
