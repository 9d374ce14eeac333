/* linkrep: the reports of the link linter, one file per format behind one
 * interface: a function that writes a finished run (struct linkrep_run) to
 * a stream.  Reports never see links, rules or files: only this view, which
 * the pipeline (links.c) fills and owns. */
#ifndef LINKREP_H
#define LINKREP_H
#include <stddef.h>
#include <stdio.h>

#include "finding.h"

/* One finding.  Personal data is already redacted from message and link. */
struct linkrep_finding {
	const char		*file;		/* as given; "<stdin>" for "-" */
	long			 line;		/* 1-based */
	long			 col;		/* 1-based, in characters */
	enum finding_id		 id;
	enum finding_sev	 sev;
	const char		*message;
	const char		*fix;		/* what --fix does, or NULL */
	const char		*fixed;		/* the link after all its certain
						   fixes, or NULL */
	const char		*link;		/* the link, or NULL (set-level) */
	size_t			 link_index;	/* 0-based, in input order */
	/* Where the link stands, for machine-applied fixes: a one-line span
	 * [col, end_col) and the fixed link as the file spells it.  0 and
	 * NULL when the link cannot be rewritten in place. */
	long			 span_line, span_col, span_end_col;
	const char		*fixed_src;
	/* CSV: the row's other columns, name and value alternately. */
	size_t			 nctx;
	const char *const	*ctx;
};

/* One link; kept only for reports that list every link (junit). */
struct linkrep_link {
	const char	*file;
	long		 line;
	long		 col;
	const char	*text;		/* personal data redacted */
};

struct linkrep_run {
	const char		*version;	/* the tool's version */
	const char		*rules;		/* where the rules came from */
	enum finding_sev	 fail_on;	/* the gate */
	int			 passed;	/* nothing at or above the gate */
	int			 fixed_mode;	/* findings are what --fix left */
	int			 quiet;		/* text: no summary line */
	size_t			 nfiles;
	const char *const	*files;
	size_t			 nlinks;
	const struct linkrep_link *links;	/* NULL unless the format asked */
	size_t			 nfindings;	/* sorted by file, line, column */
	const struct linkrep_finding *findings;
	size_t			 count[3];	/* by severity */
	size_t			 by_id[F__COUNT];
	size_t			 fixable;	/* findings --fix would fix */
	size_t			 fixed_links;	/* links --fix changed */
	size_t			 fixed_files;	/* files --write rewrote */
	unsigned		 threads;	/* json, sarif: format on at most this
						   many; 0: one a core */
};

/* A report writer: writes run to fp; the caller checks fp for errors. */
typedef void (*linkrep_fn)(FILE *fp, const struct linkrep_run *run);

struct linkrep_format {
	const char	*name;		/* "text", "json", ... */
	linkrep_fn	 write;
	int		 needs_links;	/* wants run->links */
	int		 human;		/* for people: messages translated */
};

/* The format called name, or NULL. */
const struct linkrep_format *linkrep_find(const char *name);
/* "text, json, sarif, junit, github, md" */
const char *linkrep_names(void);

void	linkrep_text(FILE *fp, const struct linkrep_run *run);
void	linkrep_json(FILE *fp, const struct linkrep_run *run);
void	linkrep_sarif(FILE *fp, const struct linkrep_run *run);
void	linkrep_junit(FILE *fp, const struct linkrep_run *run);
void	linkrep_github(FILE *fp, const struct linkrep_run *run);
void	linkrep_md(FILE *fp, const struct linkrep_run *run);

/* Shared by the writers for people: "12 links in 1 file: 2 errors, 1
 * warning; 1 fixable with --fix" (no newline), in the reader's language. */
void	linkrep_summary(FILE *fp, const struct linkrep_run *run);
/* The length of the character at s (a C string) a person must not be shown
 * as it is: a C0 control or DEL (1 byte), a C1 control (2: U+0080-U+009F),
 * a bidirectional embedding, override or isolate (3: U+202A-U+202E,
 * U+2066-U+2069, which can reorder what is read: "Trojan Source"); else 0.
 * The writers for people (text, github, md) show each as '?', as the
 * leads text report does. */
size_t	linkrep_hidden(const char *s);

/* A buffer in front of a report's stream: the writers put a dozen short
 * pieces per finding, each a call into stdio otherwise.  Lives on the
 * writer's stack; linkrep_flush it before writing to fp directly, and at
 * the end.  (linkrep_items also keeps some in memory: fp NULL, b on the
 * heap, growing.) */
#define LINKREP_BUF	(16u * 1024u)
struct linkrep_buf {
	FILE	*fp;		/* where a full b goes; NULL: b grows */
	char	*b;		/* own, or the heap's when fp is NULL */
	size_t	 n, cap;
	char	 own[LINKREP_BUF];
};
void	linkrep_buf_init(struct linkrep_buf *w, FILE *fp);
void	linkrep_flush(struct linkrep_buf *w);
void	linkrep_put(struct linkrep_buf *w, const char *s, size_t n);
void	linkrep_puts(struct linkrep_buf *w, const char *s);
void	linkrep_putc(struct linkrep_buf *w, int c);
/* n in decimal, as "%ld" writes it. */
void	linkrep_putnum(struct linkrep_buf *w, long n);
/* s as a JSON string, exactly as out_json_cstr writes it (NULL: null);
 * printable ASCII without '"' and '\\' (most links and messages) is
 * copied as it is. */
void	linkrep_putjson(struct linkrep_buf *w, const char *s);
/* s with every linkrep_hidden character as '?'. */
void	linkrep_puttext(struct linkrep_buf *w, const char *s);
/* Puts the i-th of arg's items to w. */
typedef void (*linkrep_item_fn)(struct linkrep_buf *w, const void *arg, size_t i);
/* Puts items 0 to n-1 to w in this order, fn putting each: the bytes are
 * the same whatever the threads.  With n at least LINKREP_PAR_MIN and
 * threads (0: one a core) above 1, they are formatted in blocks of
 * LINKREP_BLOCK items on that many threads, at most LINKREP_MAX_THREADS,
 * this one among them: fn must then be safe to run on several threads
 * at once, and may be run twice on an item (it only reads arg).  w writes
 * to a stream; the caller keeps w and checks the stream for errors. */
#define LINKREP_PAR_MIN		16384u
#define LINKREP_BLOCK		512u
#define LINKREP_MAX_THREADS	8u
void	linkrep_items(struct linkrep_buf *w, size_t n, unsigned threads,
	    linkrep_item_fn fn, const void *arg);
/* one when n is 1, else many. */
const char *linkrep_plural(size_t n, const char *one, const char *many);

#endif
