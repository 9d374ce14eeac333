#include "pat.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

/* PCRE2's JIT reads the subject in aligned blocks that may pass its end,
 * which valgrind reports as uninitialised reads (a known false positive:
 * Debian's PCRE2 is not built with valgrind support).  Under valgrind the
 * interpreter runs instead; it gives the same answers within the same
 * match limit. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND()	RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND()	0
#endif

/* A match writes only its match block: a thread other than the one that
 * compiled the patterns brings its own (pat_thread_begin), so threads can
 * share the compiled patterns. */
static _Thread_local pcre2_match_data *thread_md;

struct pat {
	char			*src;
	pcre2_code		*code;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
};

struct pat *
pat_new(const char *src, int caseless, struct diag *d)
{
	struct pat *p;
	int err;
	PCRE2_SIZE off;
	size_t size;
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NO_AUTO_CAPTURE;

	if (strlen(src) > PAT_MAX_LEN) {
		diag_set(d, NULL, 0, 0, _("pattern longer than %u bytes"), PAT_MAX_LEN);
		return NULL;
	}
	if (caseless)
		opts |= PCRE2_CASELESS;
	p = xcalloc(1, sizeof *p);
	p->code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, opts,
	    &err, &off, NULL);
	if (p->code == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof msg);
		/* PCRE2 10.42 can point one past the end ("(*LIMIT_MATCH=1") */
		if (off > strlen(src))
			off = strlen(src);
		diag_set(d, NULL, 0, (long)off, _("bad pattern '%s': %s at offset %zu"),
		    src, (const char *)msg, (size_t)off);
		free(p);
		return NULL;
	}
	pcre2_pattern_info(p->code, PCRE2_INFO_SIZE, &size);
	if (size > PAT_MAX_SIZE) {
		diag_set(d, NULL, 0, 0, _("pattern '%s' compiles to %zu bytes, over the cap of %u"),
		    src, size, PAT_MAX_SIZE);
		pcre2_code_free(p->code);
		free(p);
		return NULL;
	}
	/* JIT is an optimisation: a platform without it still matches. */
	if (!UNDER_VALGRIND())
		(void)pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
	p->md = pcre2_match_data_create_from_pattern(p->code, NULL);
	p->mctx = pcre2_match_context_create(NULL);
	if (p->md == NULL || p->mctx == NULL) {
		fputs("utm-audit: out of memory\n", stderr);	/* no gettext without memory */
		exit(2);
	}
	pcre2_set_match_limit(p->mctx, PAT_MATCH_LIMIT);
	pcre2_set_depth_limit(p->mctx, PAT_DEPTH_LIMIT);
	pcre2_set_heap_limit(p->mctx, PAT_HEAP_LIMIT);
	p->src = xstrdup(src);
	return p;
}

int
pat_match(const struct pat *p, const char *s, size_t len)
{
	int rc;

	rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, 0, 0,
	    thread_md != NULL ? thread_md : p->md, p->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

void
pat_thread_begin(void)
{
	/* One pair: the patterns capture nothing (PCRE2_NO_AUTO_CAPTURE), and
	 * a named group that does only makes pcre2_match return 0, a match. */
	if (thread_md == NULL && (thread_md = pcre2_match_data_create(1, NULL)) == NULL) {
		fputs("utm-audit: out of memory\n", stderr);
		exit(2);
	}
}

void
pat_thread_end(void)
{
	pcre2_match_data_free(thread_md);
	thread_md = NULL;
}

const char *
pat_source(const struct pat *p)
{
	return p->src;
}

void
pat_free(struct pat *p)
{
	if (p == NULL)
		return;
	pcre2_match_data_free(p->md);
	pcre2_match_context_free(p->mctx);
	pcre2_code_free(p->code);
	free(p->src);
	free(p);
}
