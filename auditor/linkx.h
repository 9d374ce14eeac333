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
	const size_t	*ctx_name_len;	/* their strlen */
	const size_t	*ctx_value_len;
};

/* Called for every link in input order.  Return 0 to go on, or -1 to stop
 * (the callback fills its own diag). */
typedef int (*linkx_cb)(const struct linkx_link *lk, void *arg);

struct linkx_opts {
	enum linkx_kind	 kind;		/* LINKX_AUTO: linkx_guess */
	int		 delim;		/* CSV delimiter; 0: detect */
	const char	*column;	/* CSV column of the links; NULL: the
					   first url-like header */
	size_t		 head;		/* CSV: bytes that decide the encoding
					   and the delimiter (0: 64 KiB);
					   smaller only in tests, to cut small
					   inputs into pieces */
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

/* CSV in pieces, for reading one input on several threads: the head (at
 * least the bytes that decide the encoding and the delimiter, the header
 * among them) is read first; the rest is cut near equal shares at line
 * starts guessed to be record boundaries by the quotes after them
 * (speculatively, as in "Speculative Distributed CSV Data Parsing", SIGMOD
 * 2019), each on the line its line ends tell.  The head's reader goes on
 * with piece 0, a reader of its own reads each other piece, and a piece
 * checks out when its reader ended at a record boundary, right where the
 * next piece starts, after the lines predicted.  Piece 0 starts at one,
 * so when all check out every piece did, and the links are those
 * linkx_read gives, piece after piece.  When one does not (a guess inside
 * a quoted field, a quote inside an unquoted field, a syntax error), the
 * other pieces' links are void and linkx_csv_rest reads on after piece 0
 * with the head's reader, so the links and the first error are
 * linkx_read's. */
struct linkx_csv;

/* Reads the head of the CSV input buf[0..len) with cb/arg and cuts the
 * rest into at most n pieces.  Returns the reader (owned by the caller:
 * linkx_csv_free), or NULL with *rc: the input was read whole (too short
 * to cut, UTF-16; 0, or -1 with d filled as linkx_read). */
struct linkx_csv *linkx_csv_open(const char *name, const char *buf, size_t len,
	    const struct linkx_opts *o, unsigned n, linkx_cb cb, void *arg,
	    struct diag *d, int *rc);
unsigned linkx_csv_pieces(const struct linkx_csv *x);
/* The lines in piece k (the last piece: 0, unknown): its records are
 * at most as many. */
long	linkx_csv_lines(const struct linkx_csv *x, unsigned k);
/* Reads piece k with cb/arg: piece 0 with the head's reader (d: the
 * open's), piece k > 0 with a reader of its own.  Pieces may be read at
 * once, each on a thread.  Returns 0 when the piece checked out, 1 when
 * it did not (its links are void), -1 when piece 0 met an error (d
 * filled, as linkx_read; or the callback stopped). */
int	linkx_csv_piece(struct linkx_csv *x, unsigned k, linkx_cb cb, void *arg);
/* After piece 0, when a piece did not check out: reads the rest with the
 * head's reader.  Returns 0 or -1 with d filled (as linkx_read). */
int	linkx_csv_rest(struct linkx_csv *x);
void	linkx_csv_free(struct linkx_csv *x);

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
