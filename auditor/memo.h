/* memo: a record -> a normalized and classified lead, remembering the
 * classification of every distinct combination of the values it depends on.
 *
 * classify_lead looks at five values only (source, source detail,
 * utm_source, utm_medium, utm_campaign, after the URL filled the empty utm
 * fields) and two flags; exports repeat those combinations on thousands of
 * rows.  A memo keeps, per combination, the keys of the five values and the
 * verdict, so PCRE2 and the rule lookups run once per combination, not once
 * per lead.  It is a cache: the leads and verdicts it gives are those of
 * norm_lead and classify_lead (tests/unit/test_memo.c compares them), except
 * for the keys: only the five classification fields get one, and only on
 * a miss or through memo_keys (the other fields get their trimmed value and
 * no key: no caller reads those keys).
 * A lead whose URL may fill an empty utm field (a '?' followed by "utm" or
 * a '%') goes through norm_lead itself.
 *
 * It can also count leads per combination (memo_count_with, memo_count),
 * so the aggregates that depend on the combination alone are added once
 * per combination and batch, not once per lead.
 *
 * One memo per thread.  classify_lead may not run in two threads at once
 * (pattern match data is shared), so a miss takes the lock given to
 * memo_new, which all memos of one run share.  Memory is capped: when the
 * cache is full it gives its counts to the flush function and starts
 * over. */
#ifndef MEMO_H
#define MEMO_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "colmap.h"
#include "csvin.h"
#include "norm.h"
#include "rules.h"

#define MEMO_MAX_BYTES	(4u << 20)	/* default cache size before it starts over */

struct memo;

/* Receives n leads of one combination: l holds its five classification
 * fields (values and keys; every other field empty) and v its verdict,
 * pointing into l.  Both are valid only during the call. */
typedef void (*memo_flush_fn)(void *arg, const struct lead *l,
	    const struct verdict *v, long n);

/* r and cm must outlive the memo; lock may be NULL when only one thread
 * classifies; max_bytes caps the cache (0: MEMO_MAX_BYTES).  The memo is
 * owned by the caller: memo_free. */
struct memo *memo_new(const struct rules *r, const struct colmap *cm,
	    pthread_mutex_t *lock, size_t max_bytes);
void	memo_free(struct memo *m);

/* Fills l from rec as norm_lead does (see above for the keys). */
void	memo_lead(struct memo *m, const struct csvin_record *rec, uint64_t rowno,
	    struct lead *l);
/* The level classify_lead gives the lead the last memo_lead filled (it
 * classifies the lead when its combination is new). */
enum level memo_level(struct memo *m, const struct lead *l);
/* The verdict of classify_lead(r, l, v) for the lead the last memo_lead
 * filled; v's pointers point into l and the rules.  After memo_level it
 * classifies nothing again. */
void	memo_verdict(struct memo *m, const struct lead *l, struct verdict *v);
/* Fills the keys of the five classification fields of the lead the last
 * memo_lead and memo_verdict filled, as norm_lead would. */
void	memo_keys(const struct memo *m, struct lead *l);

/* From now on memo_count counts leads per combination, and fn gets the
 * counts (with arg) when the cache starts over and at memo_flush.
 * memo_free drops counts not flushed. */
void	memo_count_with(struct memo *m, memo_flush_fn fn, void *arg);
/* Counts the lead of the last memo_level or memo_verdict under its
 * combination.  Returns -1 when it cannot (its values are too long to
 * cache, or no memo_count_with): the caller counts that lead itself. */
int	memo_count(struct memo *m);
/* Gives every count not given yet to the flush function. */
void	memo_flush(struct memo *m);

/* Lookups and misses so far (for tests). */
void	memo_counts(const struct memo *m, long *hits, long *misses);

#endif
