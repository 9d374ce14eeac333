#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "i18n.h"
#include "xalloc.h"

struct progress {
	uint64_t	 total;
	_Atomic uint64_t bytes;
	_Atomic long	 rows;
	double		 start, last;	/* seconds, monotonic */
	int		 shown;
	pthread_mutex_t	 lock;		/* one printer at a time */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress *
progress_new(uint64_t total, int enabled)
{
	struct progress *p;

	if (!enabled)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->total = total;
	p->start = p->last = now();
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void
progress_add(struct progress *p, uint64_t bytes, long rows)
{
	double t, rate;
	uint64_t b;
	long r;

	if (p == NULL)
		return;
	b = atomic_fetch_add(&p->bytes, bytes) + bytes;
	r = atomic_fetch_add(&p->rows, rows) + rows;
	if (pthread_mutex_trylock(&p->lock) != 0)
		return;
	t = now();
	if (t - p->last >= 0.25) {
		p->last = t;
		rate = t > p->start ? (double)b / (t - p->start) : 0;
		fputs("\r\033[K", stderr);
		fprintf(stderr, _("utm-audit: %.1f MB, %ld rows read, %.1f MB/s"),
		    (double)b / 1e6, r, rate / 1e6);
		if (p->total > b && rate > 0)
			fprintf(stderr, _(", about %.0f s left"), (double)(p->total - b) / rate);
		fflush(stderr);
		p->shown = 1;
	}
	pthread_mutex_unlock(&p->lock);
}

void
progress_end(struct progress *p)
{
	if (p == NULL)
		return;
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	pthread_mutex_destroy(&p->lock);
	free(p);
}
