/* links: the campaign-link linter (`utm-audit links FILE...`).
 *
 * The pipeline: each file's bytes -> linkx (the links, with positions) ->
 * the checks of one link (URL shape, UTM names, values against the rules,
 * encoding, placeholders, personal data, GA4's channel) -> the set-level
 * checks at the end (one value spelled several ways, a link twice) ->
 * findings sorted by position -> one linkrep writer.  A large plain-text
 * input is cut at line ends into pieces linted on threads of their own and
 * merged in input order into the same findings as one pass.  With --fix each link
 * is rewritten with its certain fixes only (trim, case, alias to canonical,
 * parameter-name case, an equal duplicate removed, UTMs moved out of the
 * fragment, "&amp;" between parameters); every other byte stays. */
#ifndef LINKS_H
#define LINKS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "linkrep.h"
#include "linkx.h"

#define LINKS_MAX_LINK	 (16u * 1024u)	/* a longer link is url-malformed */
#define LINKS_MAX_PARAMS 512		/* parameters of one link */
#define LINKS_MAX_FILE	 (1024u * 1024u * 1024u)	/* bytes of one input */
#define LINKS_FIX_PASSES 4		/* --fix passes over one link at most */
#define LINKS_MAX_THREADS 64		/* --threads at most */

/* What `utm-audit links` was asked to do; filled by cli_links. */
struct links_opts {
	const char *const *files;	/* "-" is standard input */
	size_t		 nfiles;
	const char	*rules;		/* NULL: the built-in rules */
	const char	*format;	/* a linkrep_find name; NULL: "text" */
	const char	*output;	/* report file; NULL or "-": stdout */
	int		 fail_on;	/* enum finding_sev: SEV_ERROR or SEV_WARNING */
	enum linkx_kind	 kind;		/* LINKX_AUTO: per file */
	int		 delim;		/* CSV delimiter; 0: detect */
	const char	*column;	/* CSV link column; NULL: guess */
	int		 all_links;	/* Markdown/HTML: lint untagged links too */
	int		 fix;		/* print each link with its fixes applied */
	int		 write;		/* with fix: rewrite the files in place */
	int		 quiet;		/* text: no summary line */
	unsigned	 threads;	/* plain text and CSV: lint in this many
					   pieces on as many threads; 0: one a
					   core, at most 8, pieces of 256 KiB
					   at least; not with fix */
	size_t		 csv_head;	/* tests: linkx_opts.head */
	int		 exhaustive;	/* tests: no memo and no shortcut, every
					   value checked from scratch; the
					   reports must not change */
};

/* Runs the linter: loads the rules, reads every file, writes the report
 * (or, with fix and without write, the fixed links to stdout).  Returns 0
 * when no finding reached fail_on, 1 when one did, -1 on a usage, input or
 * rules error with d filled.  With write, each file is rewritten as soon as
 * it is linted, so the files before one that fails may be rewritten. */
int	links_run(const struct links_opts *o, struct diag *d);

/* ---- the engine, for links_run, tests and fuzzing ---- */

struct rules;
struct links;

/* The engine keeps r and o (not copies): both must outlive it.  It is
 * owned by the caller and released with links_free. */
struct links *links_new(const struct rules *r, const struct links_opts *o);
/* Where --fix (without --write) prints the fixed links; NULL: nowhere. */
void	links_set_fix_output(struct links *l, FILE *fp);
/* Lints one input held in memory; name is used in reports and to guess
 * its kind.  With o->write, remembers the rewrites of this input for
 * links_rewrite.  Returns 0, or -1 with d filled (input error). */
int	links_add_mem(struct links *l, const char *name, const char *buf,
	    size_t len, struct diag *d);
/* Reads path ("-": stdin), lints it and, with o->write and a change,
 * rewrites it atomically keeping its mode.  Returns 0 or -1 with d filled. */
int	links_add_file(struct links *l, const char *path, struct diag *d);
/* The rewritten bytes of the last input given to links_add_mem, or NULL
 * when nothing changed; valid until the next call on l. */
const char *links_rewrite(struct links *l, const char *buf, size_t len,
	    size_t *outlen);
/* Runs the set-level checks and returns the run for a report; valid until
 * links_free.  Call once, after the last input. */
const struct linkrep_run *links_finish(struct links *l);
void	links_free(struct links *l);

/* ---- detectors: pure functions on bytes, exposed for tests ---- */

/* The first ad-platform placeholder in s[0..len): {{x}}, {x}, %%x%%,
 * *|x|*, [[x]], __X__.  Returns 1 with *off and *n set, else 0. */
int	links_macro(const char *s, size_t len, size_t *off, size_t *n);

/* How a decoded parameter name relates to the UTM names. */
enum links_name {
	LINKS_NAME_NONE = 0,	/* not a UTM parameter */
	LINKS_NAME_EXACT,	/* utm_source */
	LINKS_NAME_VARIANT,	/* UTM_Source, utm-source, utmSource: certain */
	LINKS_NAME_TYPO		/* utm_campain: a guess */
};
/* Classifies name[0..len) and sets *canon (may be NULL) to the UTM name
 * it means ("utm_source") or NULL. */
enum links_name links_utm_name(const char *name, size_t len, const char **canon);
/* Which bytes s[0..len) holds, as LINKS_B_* bits: a check that looks for
 * bytes a link does not hold is skipped (SSE2 when the compiler has it).
 * With pp (NULL or (len + 63) / 64 + 1 words, cleared), also where: bit
 * i % 64 of pp[i / 64] is set when s[i] is '%' or '+'. */
#define LINKS_B_PCT	0x01u	/* '%' */
#define LINKS_B_PLUS	0x02u	/* '+' */
#define LINKS_B_HIGH	0x04u	/* a byte >= 0x80 */
#define LINKS_B_SEMI	0x08u	/* ';' (every HTML entity ends with one) */
#define LINKS_B_OPEN	0x10u	/* '{' '*' '[': a placeholder may start */
#define LINKS_B_USUS	0x20u	/* "__" */
#define LINKS_B_ALL	0x3fu
unsigned links_bytes(const char *s, size_t len, uint64_t *pp);
/* 1 when s[0..len) holds a '%' not followed by two hex digits; *off is
 * set to it. */
int	links_bad_escape(const char *s, size_t len, size_t *off);
/* 1 when s[0..len) holds "%25" followed by two hex digits (a value
 * encoded twice); *off is set to it. */
int	links_double_encoded(const char *s, size_t len, size_t *off);
/* 1 when s[0..len) holds an HTML character reference (&amp; &#38; &quot;
 * ...); *off and *n are set to the first. */
int	links_html_entity(const char *s, size_t len, size_t *off, size_t *n);
/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions) of a and b, each at most 64 bytes; larger inputs and
 * distances above max return max + 1. */
size_t	links_distance(const char *a, size_t alen, const char *b, size_t blen,
	    size_t max);

#endif
