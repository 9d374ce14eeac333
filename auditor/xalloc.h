/* xalloc: allocate or die.  The one place that handles out-of-memory: every
 * other module may assume these never return NULL. */
#ifndef XALLOC_H
#define XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Reallocates p to hold n elements of size, failing on overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
/* The same for a growing array of which only the first used elements are
 * kept (used <= n): a large one is moved by hand, so that its new block is
 * given its advice before a byte of it is written (see xalloc.c). */
void *xgrowarray(void *p, size_t used, size_t n, size_t size);
/* The copies are owned by the caller and released with free(). */
char *xstrdup(const char *s);
char *xmemdup(const void *s, size_t n); /* adds a NUL after n bytes */

#endif
