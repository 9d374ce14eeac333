/* sample: the reproducible audit sample, and the statistics to judge it.
 *
 * A uniform random sample of N rows without replacement, chosen as the N
 * rows with the smallest 64-bit key, a hash of (seed, row number).  The
 * same seed gives the same rows whatever the order rows arrive in and
 * however the file is split: samples of parts merge into the sample of the
 * whole.  A max-heap of N entries keeps the current sample, so a row that
 * does not enter costs one hash and one compare. */
#ifndef SAMPLE_H
#define SAMPLE_H
#include <stddef.h>
#include <stdint.h>

struct sample;

/* One sampled row.  data is the caller's, set through sample_offer. */
struct sample_entry {
	uint64_t	 rowno;
	uint64_t	 key;
	void		*data;
};

/* A sample of at most cap rows (cap may be 0: nothing enters).  free_data
 * (may be NULL) is called on the non-NULL data of every entry evicted,
 * dropped by a merge, or left at sample_free.  Owned by the caller; release
 * with sample_free. */
struct sample *sample_new(size_t cap, uint64_t seed, void (*free_data)(void *));

/* The key of a row: a splitmix64-style mix of the seed and the row number.
 * Pure; the sample keeps the rows with the smallest keys. */
uint64_t sample_key(uint64_t seed, uint64_t rowno);

/* Offers row rowno; each row number should be offered at most once.
 * Returns NULL when the row does not enter the sample, else the slot where
 * the caller stores its data for the row (initially NULL; an evicted row's
 * data has already been given to free_data).  The slot is valid until the
 * next offer, merge, sort or free. */
void	**sample_offer(struct sample *s, uint64_t rowno);

/* Moves src's entries into dst, as if their rows had been offered to dst
 * (keys are recomputed with dst's seed, so both should share one seed);
 * entries that do not enter are given to src's free_data.  src is left
 * empty and still owned by the caller. */
void	 sample_merge(struct sample *dst, struct sample *src);

size_t	 sample_count(const struct sample *s);

/* The entries sorted by row number (then key), for deterministic reports;
 * *n is set to their count.  The array belongs to s and is valid until the
 * next offer, merge or free; the data pointers stay the caller's to use. */
const struct sample_entry *sample_sorted(struct sample *s, size_t *n);

/* Releases s and, through free_data, the data of its entries.  NULL is a
 * no-op. */
void	 sample_free(struct sample *s);

/* The 95% Wilson score interval for k successes out of n (z = 1.959964):
 * the shares a two-sided score test would not reject.  n <= 0 gives [0, 1];
 * k is clamped to [0, n]. */
void	 sample_wilson(long k, long n, double *lo, double *hi);

enum sample_gate {
	SAMPLE_PASS,		/* the share is at least the threshold */
	SAMPLE_FAIL,		/* the share is below the threshold */
	SAMPLE_INCONCLUSIVE	/* the sample is too small to tell */
};

/* PASS when the Wilson lower bound >= threshold, FAIL when the upper bound
 * < threshold, else INCONCLUSIVE. */
enum sample_gate sample_gate(long k, long n, double threshold);

#define SAMPLE_NEEDED_MAX	10000000L

/* The smallest sample size that would settle the gate if the observed share
 * k/n held: the Wilson interval at that size no longer contains the
 * threshold.  May be less than n when the gate is settled already.  Returns
 * -1 when no size can settle it (n <= 0, or the share equals the threshold)
 * and SAMPLE_NEEDED_MAX when it would take that many rows or more. */
long	 sample_needed(long k, long n, double threshold);

/* A seed from the system (getrandom, else /dev/urandom, else the clock and
 * the process id) for when the user gives none; the caller prints it so
 * the run can be repeated. */
uint64_t sample_fresh_seed(void);

#endif
