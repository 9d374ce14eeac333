#include "sample.h"

#include <sys/random.h>
#include <sys/types.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

#define WILSON_Z	1.959964	/* two-sided 95% */

struct sample {
	struct sample_entry	*e;	/* a max-heap on (key, rowno) unless sorted */
	size_t			 n;
	size_t			 alloc;
	size_t			 cap;
	uint64_t		 smix;	/* the seed, mixed once */
	void			(*free_data)(void *);
	int			 sorted;	/* e is in row order, not a heap */
};

/* The splitmix64 finalizer: a bijection on 64 bits with full avalanche. */
static uint64_t
mix64(uint64_t z)
{
	z ^= z >> 30;
	z *= 0xbf58476d1ce4e5b9ULL;
	z ^= z >> 27;
	z *= 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return z;
}

static uint64_t
seed_mix(uint64_t seed)
{
	return mix64(seed ^ 0x6a09e667f3bcc909ULL);
}

/* The golden-ratio step keeps row 0 away from mix64's fixed point 0. */
static uint64_t
row_key(uint64_t smix, uint64_t rowno)
{
	return mix64(smix ^ mix64(rowno + 0x9e3779b97f4a7c15ULL));
}

uint64_t
sample_key(uint64_t seed, uint64_t rowno)
{
	return row_key(seed_mix(seed), rowno);
}

/* 1 when a sorts after b: larger key, or equal key and larger row. */
static int
after(const struct sample_entry *a, const struct sample_entry *b)
{
	if (a->key != b->key)
		return a->key > b->key;
	return a->rowno > b->rowno;
}

static size_t
sift_up(struct sample_entry *e, size_t i)
{
	struct sample_entry t = e[i];
	size_t parent;

	while (i > 0) {
		parent = (i - 1) / 2;
		if (!after(&t, &e[parent]))
			break;
		e[i] = e[parent];
		i = parent;
	}
	e[i] = t;
	return i;
}

static size_t
sift_down(struct sample_entry *e, size_t n, size_t i)
{
	struct sample_entry t = e[i];
	size_t c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && after(&e[c + 1], &e[c]))
			c++;
		if (!after(&e[c], &t))
			break;
		e[i] = e[c];
		i = c;
	}
	e[i] = t;
	return i;
}

/* Makes e a heap again after sample_sorted (Floyd's O(n) build). */
static void
reheap(struct sample *s)
{
	size_t i;

	if (!s->sorted)
		return;
	for (i = s->n / 2; i > 0; i--)
		sift_down(s->e, s->n, i - 1);
	s->sorted = 0;
}

struct sample *
sample_new(size_t cap, uint64_t seed, void (*free_data)(void *))
{
	struct sample *s = xcalloc(1, sizeof *s);

	s->cap = cap;
	s->smix = seed_mix(seed);
	s->free_data = free_data;
	return s;
}

static void **
offer_key(struct sample *s, uint64_t rowno, uint64_t key)
{
	struct sample_entry ne;
	size_t i;

	ne.rowno = rowno;
	ne.key = key;
	ne.data = NULL;
	if (s->n < s->cap) {
		reheap(s);
		if (s->n == s->alloc) {
			s->alloc = s->alloc ? s->alloc * 2 : 16;
			if (s->alloc > s->cap)
				s->alloc = s->cap;
			s->e = xreallocarray(s->e, s->alloc, sizeof *s->e);
		}
		s->e[s->n] = ne;
		i = sift_up(s->e, s->n++);
		return &s->e[i].data;
	}
	if (s->n == 0)
		return NULL;	/* cap 0 */
	reheap(s);
	if (!after(&s->e[0], &ne))
		return NULL;
	if (s->e[0].data != NULL && s->free_data != NULL)
		s->free_data(s->e[0].data);
	s->e[0] = ne;
	i = sift_down(s->e, s->n, 0);
	return &s->e[i].data;
}

void **
sample_offer(struct sample *s, uint64_t rowno)
{
	return offer_key(s, rowno, row_key(s->smix, rowno));
}

void
sample_merge(struct sample *dst, struct sample *src)
{
	struct sample_entry *e;
	void **slot;
	size_t i;

	if (dst == src)
		return;
	for (i = 0; i < src->n; i++) {
		e = &src->e[i];
		slot = offer_key(dst, e->rowno, row_key(dst->smix, e->rowno));
		if (slot != NULL)
			*slot = e->data;
		else if (e->data != NULL && src->free_data != NULL)
			src->free_data(e->data);
	}
	src->n = 0;
	src->sorted = 0;
}

size_t
sample_count(const struct sample *s)
{
	return s->n;
}

static int
by_row(const void *pa, const void *pb)
{
	const struct sample_entry *a = pa, *b = pb;

	if (a->rowno != b->rowno)
		return a->rowno < b->rowno ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return 0;
}

const struct sample_entry *
sample_sorted(struct sample *s, size_t *n)
{
	if (!s->sorted && s->n > 1)
		qsort(s->e, s->n, sizeof *s->e, by_row);
	s->sorted = 1;
	*n = s->n;
	return s->e;
}

void
sample_free(struct sample *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->free_data != NULL)
		for (i = 0; i < s->n; i++)
			if (s->e[i].data != NULL)
				s->free_data(s->e[i].data);
	free(s->e);
	free(s);
}

/* The Wilson interval for a share p observed over n rows, n > 0. */
static void
wilson_p(double p, double n, double *lo, double *hi)
{
	double z2 = WILSON_Z * WILSON_Z;
	double den = 1 + z2 / n;
	double mid = (p + z2 / (2 * n)) / den;
	double half = WILSON_Z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den;

	*lo = mid - half;
	*hi = mid + half;
	/* Rounding must not push the bounds past the observed share or [0, 1]. */
	if (*lo < 0 || p == 0)
		*lo = 0;
	if (*hi > 1 || p == 1)
		*hi = 1;
}

void
sample_wilson(long k, long n, double *lo, double *hi)
{
	if (n <= 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	if (k < 0)
		k = 0;
	if (k > n)
		k = n;
	wilson_p((double)k / n, n, lo, hi);
}

enum sample_gate
sample_gate(long k, long n, double threshold)
{
	double lo, hi;

	sample_wilson(k, n, &lo, &hi);
	if (lo >= threshold)
		return SAMPLE_PASS;
	if (hi < threshold)
		return SAMPLE_FAIL;
	return SAMPLE_INCONCLUSIVE;
}

static int
settled(double p, long m, double t)
{
	double lo, hi;

	wilson_p(p, m, &lo, &hi);
	return lo >= t || hi < t;
}

/*
 * The Wilson interval is the set of shares t a score test does not reject,
 * |p - t| <= z * sqrt(t * (1 - t) / m), so the size that settles the gate is
 * about z^2 * t * (1 - t) / (p - t)^2.  Start there, then step to the exact
 * smallest size by the same arithmetic sample_gate uses.
 */
long
sample_needed(long k, long n, double threshold)
{
	double p, x, t = threshold;
	long m;

	if (n <= 0 || k < 0 || k > n || isnan(t))
		return -1;
	p = (double)k / n;
	if (p == t)
		return -1;
	x = WILSON_Z * WILSON_Z * t * (1 - t) / ((p - t) * (p - t));
	if (!(x < SAMPLE_NEEDED_MAX))
		return SAMPLE_NEEDED_MAX;
	m = x < 1 ? 1 : (long)ceil(x);
	while (m > 1 && settled(p, m - 1, t))
		m--;
	while (!settled(p, m, t)) {
		if (m >= SAMPLE_NEEDED_MAX)
			return SAMPLE_NEEDED_MAX;
		m++;
	}
	return m;
}

uint64_t
sample_fresh_seed(void)
{
	struct timespec ts;
	uint64_t v;
	FILE *fp;

	if (getrandom(&v, sizeof v, 0) == (ssize_t)sizeof v)
		return v;
	if ((fp = fopen("/dev/urandom", "rb")) != NULL) {
		size_t got = fread(&v, sizeof v, 1, fp);

		fclose(fp);
		if (got == 1)
			return v;
	}
	/* No entropy source: still a seed that differs from run to run. */
	clock_gettime(CLOCK_REALTIME, &ts);
	return mix64((uint64_t)ts.tv_sec * 1000000007ULL ^
	    (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32));
}
