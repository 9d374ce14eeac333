#include "linkrep.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "i18n.h"
#include "out.h"
#include "xalloc.h"

static const struct linkrep_format formats[] = {
	{ "text",	linkrep_text,	0, 1 },
	{ "json",	linkrep_json,	0, 0 },
	{ "sarif",	linkrep_sarif,	0, 0 },
	{ "junit",	linkrep_junit,	1, 0 },
	{ "github",	linkrep_github,	0, 1 },
	{ "md",		linkrep_md,	0, 1 },
};

const struct linkrep_format *
linkrep_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const char *
linkrep_names(void)
{
	return "text, json, sarif, junit, github, md";
}

const char *
linkrep_plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void
linkrep_summary(FILE *fp, const struct linkrep_run *run)
{
	char a[64], b[64];

	snprintf(a, sizeof a, ngettext("%zu link", "%zu links", run->nlinks), run->nlinks);
	snprintf(b, sizeof b, ngettext("%zu file", "%zu files", run->nfiles), run->nfiles);
	/* TRANSLATORS: "12 links in 1 file: ", then the counts. */
	fprintf(fp, _("%s in %s: "), a, b);
	if (run->nfindings == 0)
		fputs(_("no problems"), fp);
	else {
		fprintf(fp, ngettext("%zu error", "%zu errors", run->count[SEV_ERROR]),
		    run->count[SEV_ERROR]);
		fputs(", ", fp);
		fprintf(fp, ngettext("%zu warning", "%zu warnings", run->count[SEV_WARNING]),
		    run->count[SEV_WARNING]);
		if (run->count[SEV_NOTE] > 0) {
			fputs(", ", fp);
			fprintf(fp, ngettext("%zu note", "%zu notes", run->count[SEV_NOTE]),
			    run->count[SEV_NOTE]);
		}
	}
	if (run->fixed_mode) {
		snprintf(a, sizeof a, ngettext("%zu link", "%zu links", run->fixed_links),
		    run->fixed_links);
		fprintf(fp, _("; fixed %s"), a);
	} else if (run->fixable > 0)
		fprintf(fp, _("; %zu fixable with --fix"), run->fixable);
}

size_t
linkrep_hidden(const char *str)
{
	return out_hidden(str, strnlen(str, 3));
}

/* 1 when s[0..n) is printable ASCII without '"' and '\\', which a JSON
 * string carries as it is.  16 bytes at a time with SSE2 (the last 16
 * overlap the block before). */
static int
json_plain(const char *s, size_t n)
{
	size_t i = 0;

#ifdef __SSE2__
	if (n >= 16) {
		const __m128i us = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f);
		const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
		__m128i v, acc = _mm_setzero_si128();

		for (;; i += 16) {
			if (i + 16 > n)
				i = n - 16;
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			acc = _mm_or_si128(acc, _mm_or_si128(
			    _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, us), v),
			    _mm_cmpeq_epi8(_mm_max_epu8(v, del), v)),
			    _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash))));
			if (i + 16 == n)
				break;
		}
		return _mm_movemask_epi8(acc) == 0;
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

void
linkrep_buf_init(struct linkrep_buf *w, FILE *fp)
{
	w->fp = fp;
	w->b = w->own;
	w->n = 0;
	w->cap = sizeof w->own;
}

void
linkrep_flush(struct linkrep_buf *w)
{
	if (w->fp == NULL)	/* in memory: nowhere to go */
		return;
	if (w->n > 0)
		fwrite(w->b, 1, w->n, w->fp);
	w->n = 0;
}

/* Room for n more bytes in w, in memory. */
static void
grow(struct linkrep_buf *w, size_t n)
{
	size_t cap = w->cap > 0 ? w->cap : LINKREP_BUF;

	while (n > cap - w->n)
		cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
	w->b = xrealloc(w->b, cap);
	w->cap = cap;
}

/* Makes room in w for s[0..n), or writes it to the stream when it is
 * longer than the buffer: 0 then.  Out of the way of the short puts. */
static int
room(struct linkrep_buf *w, const char *s, size_t n)
{
	if (w->fp == NULL) {
		grow(w, n);
		return 1;
	}
	linkrep_flush(w);
	if (n <= w->cap)
		return 1;
	fwrite(s, 1, n, w->fp);
	return 0;
}

void
linkrep_put(struct linkrep_buf *w, const char *s, size_t n)
{
	if (n > w->cap - w->n && !room(w, s, n))
		return;
	memcpy(w->b + w->n, s, n);
	w->n += n;
}

void
linkrep_puts(struct linkrep_buf *w, const char *s)
{
	linkrep_put(w, s, strlen(s));
}

void
linkrep_putc(struct linkrep_buf *w, int c)
{
	if (w->n == w->cap)
		(void)room(w, NULL, 1);
	w->b[w->n++] = (char)c;
}

void
linkrep_putnum(struct linkrep_buf *w, long n)
{
	char b[24], *p = b + sizeof b;
	unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (n < 0)
		*--p = '-';
	linkrep_put(w, p, (size_t)(b + sizeof b - p));
}

/* The inside of the JSON string s[0..len) as out_json_str writes it: into
 * w, which may be in memory. */
static void
put_escaped(struct linkrep_buf *w, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = { '\\', 'u', '0', '0' };
	size_t i = 0, k;
	unsigned char c;

	while (i < len) {
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			if ((k = out_utf8_len(s + i, len - i)) == 0) {
				linkrep_put(w, "\\ufffd", 6);
				i++;
			} else {
				linkrep_put(w, s + i, k);
				i += k;
			}
			continue;
		}
		switch (c) {
		case '"':	linkrep_put(w, "\\\"", 2); break;
		case '\\':	linkrep_put(w, "\\\\", 2); break;
		case '\n':	linkrep_put(w, "\\n", 2); break;
		case '\r':	linkrep_put(w, "\\r", 2); break;
		case '\t':	linkrep_put(w, "\\t", 2); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				e[4] = hex[c >> 4];
				e[5] = hex[c & 0xf];
				linkrep_put(w, e, sizeof e);
			} else
				linkrep_putc(w, c);
		}
		i++;
	}
}

void
linkrep_putjson(struct linkrep_buf *w, const char *s)
{
	size_t n;

	if (s == NULL) {
		linkrep_put(w, "null", 4);
		return;
	}
	n = strlen(s);
	linkrep_putc(w, '"');
	if (json_plain(s, n))
		linkrep_put(w, s, n);
	else
		put_escaped(w, s, n);
	linkrep_putc(w, '"');
}

/* linkrep_items on threads.  The items go in blocks of LINKREP_BLOCK,
 * claimed in order by whichever thread is free.  Only the calling thread
 * writes: the next block in order straight to the stream when no one has
 * claimed it, else that block's bytes once formatted; meanwhile it formats
 * blocks ahead too.  It never waits: when the block to write is still
 * being formatted and it has nothing ahead left to do, that thread is
 * stalled (a busy host: the core taken away), so it formats the block
 * itself and the other's bytes are dropped when done.
 *
 * A block is claimed only when it is fewer than nslot blocks past the next
 * one to write and its slot, b % nslot, is not busy; the slots are kept
 * for the blocks after.  So memory held is nslot (twice the threads)
 * slots, each at most twice the largest block's output: 230 KB a block
 * for the JSON report of the benchmark (460 bytes a finding), some 2 MB in
 * all on 2 threads, 8 MB on 8. */
struct par {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;		/* the window moved, or a slot freed */
	linkrep_item_fn	 fn;
	const void	*arg;
	size_t		 n, nblocks, nslot;
	size_t		 next;		/* the first block no one claimed */
	size_t		 out;		/* the next block to write */
	struct slot {
		struct linkrep_buf	 w;	/* in memory */
		int			 busy;	/* being formatted */
		int			 done;	/* formatted, to write */
		int			 gone;	/* the writer did it: drop it */
	}		 slot[2 * LINKREP_MAX_THREADS];
};

static void
put_block(struct par *p, size_t b, struct linkrep_buf *w)
{
	size_t i, end = (b + 1) * LINKREP_BLOCK;

	if (end > p->n)
		end = p->n;
	for (i = b * LINKREP_BLOCK; i < end; i++)
		p->fn(w, p->arg, i);
}

/* Claims the next block if it can be and formats it into its slot; 0 when
 * it cannot.  Called and returns with p->mu held. */
static int
claim_ahead(struct par *p)
{
	size_t b = p->next;
	struct slot *s = &p->slot[b % p->nslot];

	if (b == p->nblocks || b >= p->out + p->nslot || s->busy)
		return 0;
	p->next++;
	s->busy = 1;
	s->gone = 0;
	s->w.n = 0;
	pthread_mutex_unlock(&p->mu);
	put_block(p, b, &s->w);
	pthread_mutex_lock(&p->mu);
	s->busy = 0;
	s->done = !s->gone;
	pthread_cond_broadcast(&p->cv);
	return 1;
}

static void *
par_work(void *arg)
{
	struct par *p = arg;

	pthread_mutex_lock(&p->mu);
	while (p->next < p->nblocks)
		if (!claim_ahead(p))
			pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void
par_write(struct par *p, struct linkrep_buf *w)
{
	struct slot *s;

	pthread_mutex_lock(&p->mu);
	while (p->out < p->nblocks) {
		s = &p->slot[p->out % p->nslot];
		if (s->done) {
			pthread_mutex_unlock(&p->mu);
			linkrep_put(w, s->w.b, s->w.n);
			pthread_mutex_lock(&p->mu);
			s->done = 0;
		} else if (p->next != p->out && claim_ahead(p))
			continue;	/* one ahead while its thread works */
		else {
			/* no one has it, or its thread is stalled */
			if (p->next == p->out)
				p->next++;
			else
				s->gone = 1;
			pthread_mutex_unlock(&p->mu);
			put_block(p, p->out, w);
			pthread_mutex_lock(&p->mu);
		}
		p->out++;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
}

void
linkrep_items(struct linkrep_buf *w, size_t n, unsigned threads,
    linkrep_item_fn fn, const void *arg)
{
	pthread_t tid[LINKREP_MAX_THREADS];
	struct par *p;
	unsigned i, nt = 1;
	long cores;
	size_t k;

	if (n >= LINKREP_PAR_MIN && threads != 1) {
		cores = threads > 0 ? (long)threads : sysconf(_SC_NPROCESSORS_ONLN);
		nt = cores < 1 ? 1 : cores > LINKREP_MAX_THREADS ?
		    LINKREP_MAX_THREADS : (unsigned)cores;
	}
	if (nt == 1) {
		for (k = 0; k < n; k++)
			fn(w, arg, k);
		return;
	}
	p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->fn = fn;
	p->arg = arg;
	p->n = n;
	p->nblocks = (n + LINKREP_BLOCK - 1) / LINKREP_BLOCK;
	p->nslot = 2 * (size_t)nt;	/* each w zeroed: in memory, empty */
	/* a thread not made leaves its share to the others, this one last */
	for (i = 1; i < nt; i++)
		if (pthread_create(&tid[i], NULL, par_work, p) != 0)
			break;
	nt = i;
	par_write(p, w);
	for (i = 1; i < nt; i++)
		pthread_join(tid[i], NULL);
	for (k = 0; k < p->nslot; k++)
		free(p->slot[k].w.b);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

void
linkrep_puttext(struct linkrep_buf *w, const char *s)
{
	const char *run = s;
	size_t k;

	for (; *s != '\0'; s++) {
		/* only these start a hidden character */
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
			continue;
		if ((unsigned char)*s != 0xc2 && (unsigned char)*s != 0xe2 &&
		    (unsigned char)*s >= 0x80)
			continue;
		if ((k = linkrep_hidden(s)) == 0)
			continue;
		linkrep_put(w, run, (size_t)(s - run));
		linkrep_putc(w, '?');
		s += k - 1;
		run = s + 1;
	}
	linkrep_put(w, run, (size_t)(s - run));
}
