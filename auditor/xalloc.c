/* (MADV_HUGEPAGE is not POSIX) */
#define _DEFAULT_SOURCE
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A block of XALLOC_HUGE bytes or more asks Linux for 2 MiB pages (its
 * transparent huge pages are "madvise" on Debian): the findings and the
 * strings of a million links then fault in a page each 2 MiB, not each
 * 4 KiB.  Only the aligned middle is asked for, so a small block never
 * takes a huge page; where it is not known the advice is not given, and a
 * refusal changes nothing.  The advice counts for the pages not yet
 * written: realloc copies a block that cannot grow where it stands before
 * it returns, so xgrowarray moves a large one itself. */
#define XALLOC_HUGE	((size_t)4 << 20)
#define HUGE_PAGE	((uintptr_t)2 << 20)

static void
xdie(size_t n)
{
	fprintf(stderr, "utm-audit: out of memory (%zu bytes)\n", n);
	exit(2);
}

static void *
huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);

	if (n >= XALLOC_HUGE && e > a)
		(void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#else
	(void)n;
#endif
	return p;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		xdie(n);
	return huge(p, n);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (p == NULL)
		xdie(nmemb * size);
	return huge(p, nmemb * size);
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		xdie(n);
	return huge(q, n);
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xdie(SIZE_MAX);
	return xrealloc(p, n * size);
}

void *
xgrowarray(void *p, size_t used, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size)
		xdie(SIZE_MAX);
	if (n * size < XALLOC_HUGE)
		return xrealloc(p, n * size);
	q = xmalloc(n * size);
	if (used > 0)
		memcpy(q, p, used * size);
	free(p);
	return q;
}

char *
xmemdup(const void *s, size_t n)
{
	char *p = xmalloc(n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}
