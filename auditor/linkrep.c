#include "linkrep.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "i18n.h"
#include "out.h"

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
	w->n = 0;
}

void
linkrep_flush(struct linkrep_buf *w)
{
	if (w->n > 0)
		fwrite(w->b, 1, w->n, w->fp);
	w->n = 0;
}

void
linkrep_put(struct linkrep_buf *w, const char *s, size_t n)
{
	if (n > sizeof w->b - w->n) {
		linkrep_flush(w);
		if (n > sizeof w->b) {
			fwrite(s, 1, n, w->fp);
			return;
		}
	}
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
	if (w->n == sizeof w->b)
		linkrep_flush(w);
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

void
linkrep_putjson(struct linkrep_buf *w, const char *s)
{
	size_t n;

	if (s != NULL && json_plain(s, n = strlen(s))) {
		linkrep_putc(w, '"');
		linkrep_put(w, s, n);
		linkrep_putc(w, '"');
		return;
	}
	linkrep_flush(w);
	out_json_cstr(w->fp, s);
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
