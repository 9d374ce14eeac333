/* progress: a progress line on stderr for long runs (bytes and rows read,
 * rate, time left), a few times a second, cleared at the end.  Only on a
 * terminal and never with --quiet; reports never see it.  Safe to call
 * from several reading threads. */
#ifndef PROGRESS_H
#define PROGRESS_H
#include <stdint.h>

struct progress;

/* total is the input's size in bytes (0 when unknown, e.g. a pipe).
 * Returns NULL when disabled; every function takes NULL as a no-op.  The
 * struct is owned by the caller: progress_end frees it. */
struct progress *progress_new(uint64_t total, int enabled);
/* Adds what a reader did since its last call; prints at most every 250 ms. */
void	progress_add(struct progress *p, uint64_t bytes, long rows);
/* Clears the line and frees p. */
void	progress_end(struct progress *p);

#endif
