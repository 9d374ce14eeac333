/* stats: the aggregates of a leads audit.  Fed one classified lead at a
 * time; memory grows with the number of distinct values (sources,
 * spellings, owners, months), never with the number of rows. */
#ifndef STATS_H
#define STATS_H
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "csvin.h"
#include "finding.h"
#include "map.h"

#define STATS_SPELL_MAX	128	/* bytes of a spelling kept for reports */
#define STATS_ROWS_MAX	1000	/* line numbers kept per rejection reason */
#define STATS_SPANS_MAX	100	/* places kept of fields that took rows */

/* One entry of a breakdown. */
struct stats_group {
	long	 n;
	long	 specific;
	long	 level[LEVEL__COUNT];
	struct map *spellings;	/* sources only: spelling -> (uintptr_t) count */
	const struct rules_canon *canon;	/* sources only; NULL when unknown */
	const char *suggest;	/* unknown sources: nearest canonical, or NULL */
	int	 suggest_dist;
};

/* Line numbers of rejected rows, the first STATS_ROWS_MAX of them. */
struct stats_rows {
	long	 count;
	long	 lines[STATS_ROWS_MAX];
	size_t	 kept;
};

/* Records with a quoted field that spans lines looking like records of
 * their own (csvin_span_check): most likely a stray quote opened the field,
 * and the rows it took are read as part of it, not as leads.  The record
 * itself is counted as usual; the row accounting cannot see the rows. */
struct stats_spans {
	long	 count;		/* records holding such a field */
	long	 rows;		/* lines in those fields that look like records */
	struct csvin_span at[STATS_SPANS_MAX];	/* the first, by line */
	size_t	 kept;
};

enum stats_break { BY_SOURCE, BY_CHANNEL, BY_OWNER, BY_MONTH, BY__COUNT };

struct stats {
	long		 read;		/* data rows (header excluded) */
	long		 in_scope;	/* classified */
	struct stats_rows ragged;	/* rejected: field count != header */
	struct stats_rows undated;	/* rejected: date unreadable with a window */
	struct stats_rows out_of_window;
	struct stats_rows bad_dates;	/* in scope, date present but unreadable */
	struct stats_rows bad_bytes;	/* in scope, invalid bytes replaced */
	struct stats_spans stray_quotes;	/* read: fields that took rows */
	long		 level[LEVEL__COUNT];
	long		 finding[F__COUNT];	/* leads carrying each finding */
	struct map	*by[BY__COUNT];	/* name -> struct stats_group */
	struct map	*vague;		/* spelling -> (uintptr_t) count */
	struct map	*ga4;		/* "source / medium" -> (uintptr_t) count */
	struct map	*conflicts;	/* "utm vs crm" -> (uintptr_t) count */
	struct map	*amb[2];	/* month -> struct stats_group of leads
					   whose month depends on the date
					   order: [0] read dd-mm, [1] mm-dd;
					   empty after stats_settle_months */
	struct stats_cache *cache;	/* private: groups of recent values */
};

/* The struct is owned by the caller: stats_init, then stats_free. */
void	stats_init(struct stats *st);
void	stats_free(struct stats *st);
/* Adds one classified lead.  owner and month may be NULL ("(none)",
 * "(undated)"); month is "YYYY-MM".  The same as stats_add_class with n 1
 * and stats_add_row. */
void	stats_add(struct stats *st, const struct lead *l,
	    const struct verdict *v, const char *month);
/* Adds n leads of one classification v: every count but the owners, the
 * months and the findings a row adds.  Only the five fields classify_lead
 * reads (source, source detail, utm_source, utm_medium, utm_campaign) of l
 * are read, so leads that share them and v can be counted at once. */
void	stats_add_class(struct stats *st, const struct lead *l,
	    const struct verdict *v, long n);
/* The rest of one lead of level lv: its owner, its month (a date_month
 * number, or -1: undated) and the findings its row adds to those of its
 * classification. */
void	stats_add_row(struct stats *st, const struct lead *l, enum level lv,
	    uint64_t findings, int month);
void	stats_reject(struct stats_rows *rows, long line);
/* Adds a record whose field sp took rows of their own. */
void	stats_span(struct stats_spans *sps, const struct csvin_span *sp);
/* stats_add for a lead whose created date reads as another month in
 * dd-mm-yyyy order (dmy_month) than in mm-dd-yyyy order (mdy_month): the
 * lead is counted in every breakdown but the months, which wait for
 * stats_settle_months. */
void	stats_add_amb(struct stats *st, const struct lead *l,
	    const struct verdict *v, const char *dmy_month, const char *mdy_month);
/* stats_add_row for a lead whose month depends on the date order. */
void	stats_add_row_amb(struct stats *st, const struct lead *l, enum level lv,
	    uint64_t findings, int dmy_month, int mdy_month);
/* Counts the leads of stats_add_amb under their months in order (DATE_MDY,
 * else dd-mm); call once, before reporting. */
void	stats_settle_months(struct stats *st, int mdy);
/* Adds src's counts to dst, as if dst had been given src's leads too (src
 * is left as it was).  The kept line numbers of rejected rows are the
 * smallest of both, which are the first ones a single pass would keep;
 * suggestions are left to stats_suggest. */
void	stats_merge(struct stats *dst, const struct stats *src);
/* Fills the nearest-canonical suggestions of unknown sources (edit distance
 * over canonical names and aliases' keys); call once before reporting. */
void	stats_suggest(struct stats *st, const struct rules *r);
long	stats_rejected(const struct stats *st);
long	stats_specific(const struct stats *st);
/* Adds one to the count stored in a map of counts. */
void	stats_count(struct map *m, const char *key, size_t len, long by);
long	stats_count_of(const struct map *m, size_t i);
/* Indices of a map's entries sorted by count (or n) descending, then by
 * key; the array is owned by the caller (free). */
size_t	*stats_order(const struct map *m, int groups);
const char *stats_break_name(enum stats_break b);

#endif
