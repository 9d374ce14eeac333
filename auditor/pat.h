/* pat: PCRE2 patterns compiled once with JIT and run with match, depth and
 * heap limits, so a rule like ^(a+)+$ cannot hang a run: a limit hit is
 * reported as such, never waited out. */
#ifndef PAT_H
#define PAT_H
#include <stddef.h>

#include "diag.h"

#define PAT_MATCH_LIMIT	100000u		/* backtracking steps per match */
#define PAT_DEPTH_LIMIT	1000u		/* nested backtracking */
#define PAT_HEAP_LIMIT	1024u		/* KiB of heap per match */
#define PAT_MAX_SIZE	(64u * 1024u)	/* compiled pattern size, bytes */
#define PAT_MAX_LEN	4096u		/* pattern source, bytes */

struct pat;

/* Compiles src (UTF-8, UTF mode) once.  caseless adds PCRE2_CASELESS.  On
 * failure returns NULL with d's message set (the caller adds file, line and
 * column, shifting col by the offset PCRE2 reports, stored in d->col). */
struct pat *pat_new(const char *src, int caseless, struct diag *d);
/* 1 match, 0 no match, -1 a limit was hit (treat as no match and report). */
int	pat_match(const struct pat *p, const char *s, size_t len);
/* A thread other than the one that compiled the patterns calls
 * pat_thread_begin before its first pat_match and pat_thread_end when it
 * is done: it then matches with a match block of its own. */
void	pat_thread_begin(void);
void	pat_thread_end(void);
const char *pat_source(const struct pat *p);
void	pat_free(struct pat *p);

#endif
