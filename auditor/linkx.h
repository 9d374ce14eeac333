/* linkx: find the links of a link set held in memory.
 *
 * Four kinds of input: plain text (one URL per line; blank lines and '#'
 * comments skipped), CSV (the url-like column; the other columns are kept
 * as context), Markdown (inline links, reference definitions, <autolinks>,
 * bare http(s) URLs and HTML href attributes, outside code) and HTML (href
 * attributes, outside comments, scripts and styles).  Every link comes with
 * the editor line and column where it starts in the input and, when the
 * linter may rewrite it, its byte span there.  Only linkx knows how a kind
 * spells a link, so it also spells a rewritten one back (linkx_encode). */
#ifndef LINKX_H
#define LINKX_H
#include <stddef.h>

#include "buf.h"
#include "diag.h"

enum linkx_kind {
	LINKX_AUTO = 0,	/* from the file name, else from the content */
	LINKX_TEXT,
	LINKX_CSV,
	LINKX_MD,
	LINKX_HTML
};

/* One link.  Everything it points to is valid only during the callback. */
struct linkx_link {
	const char	*s;		/* the link, trimmed; for Markdown and HTML
					   with entities and escapes decoded */
	size_t		 len;
	long		 line;		/* 1-based editor line where it starts */
	long		 col;		/* 1-based, in characters (UTF-8) */
	enum linkx_kind	 kind;
	int		 exact;		/* s[0..len) is the input's bytes at off,
					   all on one line: a position inside the
					   link maps to line, col + characters */
	int		 writable;	/* [off, off+srclen) may be replaced by
					   linkx_encode of a new link */
	size_t		 off;		/* span of the link in the input */
	size_t		 srclen;
	int		 amp_entity;	/* Markdown/HTML wrote '&' as an entity */
	int		 quote;		/* HTML: the attribute's quote, or 0 */
	/* CSV: the row's other non-empty columns, header name and value. */
	size_t		 nctx;
	const char	*const *ctx_name;
	const char	*const *ctx_value;
};

/* Called for every link in input order.  Return 0 to go on, or -1 to stop
 * (the callback fills its own diag). */
typedef int (*linkx_cb)(const struct linkx_link *lk, void *arg);

struct linkx_opts {
	enum linkx_kind	 kind;		/* LINKX_AUTO: linkx_guess */
	int		 delim;		/* CSV delimiter; 0: detect */
	const char	*column;	/* CSV column of the links; NULL: the
					   first url-like header */
};

/* Extracts the links of buf[0..len); name is used in diagnostics and for
 * guessing the kind.  Returns 0, or -1 with d filled (not text, a CSV
 * without a link column, a CSV syntax error) or when cb returned -1. */
int	linkx_read(const char *name, const char *buf, size_t len,
	    const struct linkx_opts *o, linkx_cb cb, void *arg, struct diag *d);

/* Plain text in pieces, for reading one input on several threads.
 * linkx_text_cut: where the line holding byte at ends (the offset after
 * its '\n'), or len.  linkx_text_scan: the lines buf[start..end) holds,
 * counted as linkx_read counts them, or -1 when linkx_read refuses the
 * input for a byte there (a NUL; at the start, a UTF-16 byte order mark);
 * linkx_text_check then fills d as linkx_read would (0 when it would not).
 * linkx_read_text: linkx_read of the piece buf[start..end) of an input
 * whose every piece scanned; the piece starts a line, the line numbered
 * line (start 0: the input's start, where a BOM is skipped). */
size_t	linkx_text_cut(const char *buf, size_t len, size_t at);
long	linkx_text_scan(const char *buf, size_t start, size_t end);
int	linkx_text_check(const char *name, const char *buf, size_t len,
	    struct diag *d);
int	linkx_read_text(const char *buf, size_t start, size_t end, long line,
	    linkx_cb cb, void *arg);

/* The kind of a file from its extension (.csv .tsv .md .markdown .html
 * .htm ...), else from its first bytes. */
enum linkx_kind linkx_guess(const char *name, const char *buf, size_t len);
const char *linkx_kind_name(enum linkx_kind k);
int	linkx_kind_parse(const char *s);	/* -1 when unknown */

/* Appends s[0..len), a link, spelled as the input spells lk (entities for
 * HTML and Markdown where lk used them) to out.  Returns 0, or -1 when
 * the buffer's cap would be passed. */
int	linkx_encode(const struct linkx_link *lk, const char *s, size_t len,
	    struct buf *out);

/* Decodes the HTML character references of s[0..len) that matter in URLs
 * (&amp; &lt; &gt; &quot; &apos; &nbsp; and numeric ones) into out; other
 * '&' stay as they are.  Returns 0 or -1 when the cap would be passed.
 * *amp (may be NULL) is set to 1 when an entity decoded to '&'. */
int	linkx_unentity(const char *s, size_t len, struct buf *out, int *amp);

#endif
