/* csvin: bytes -> records through libcsv.
 *
 * Takes what CRMs and Excel write: a UTF-8 BOM; UTF-16LE/BE with BOM and
 * Windows-1252 transcoded to UTF-8 (iconv); CRLF, LF and lone CR line ends;
 * quoted fields with delimiters, doubled quotes and line breaks; blank lines
 * (skipped and counted).  The delimiter is detected among , ; TAB | unless
 * given.  Every record carries the editor line number where it starts and
 * its raw bytes, so `--annotate` can write the original back unchanged.
 * Input that is not text (ZIP/XLSX, gzip, PDF, OLE2 .xls, NUL-filled binary)
 * is refused with a one-line diagnostic. */
#ifndef CSVIN_H
#define CSVIN_H
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define CSVIN_MAX_FIELD	(1u << 20)	/* default cap on one field, bytes */
#define CSVIN_MAX_FIELDS 4096		/* cap on fields per record */
#define CSVIN_MAX_RECORD (16u << 20)	/* cap on one record's field bytes and on
					   its raw bytes (at least 4 * max_field) */

enum csvin_enc {
	CSVIN_ENC_AUTO = 0,	/* detect: BOM, else UTF-8 validity, else cp1252 */
	CSVIN_ENC_UTF8,
	CSVIN_ENC_CP1252,
	CSVIN_ENC_UTF16LE,
	CSVIN_ENC_UTF16BE,
	CSVIN_ENC_LATIN1
};

struct csvin_opts {
	int		delim;		/* 0: detect among , ; \t | */
	enum csvin_enc	encoding;	/* CSVIN_ENC_AUTO: detect */
	size_t		max_field;	/* 0: CSVIN_MAX_FIELD */
	size_t		head;		/* bytes that decide encoding, delimiter
					   and "not text" (0: 64 KiB); smaller
					   only to test chunk boundaries */
};

/* What the reader found out about the input; filled as it goes and final
 * after csvin_finish or csvin_read_file. */
struct csvin_info {
	int		delim;		/* the delimiter used */
	int		delim_detected;	/* 1 when detected, 0 when given */
	enum csvin_enc	encoding;	/* the encoding used */
	int		encoding_detected;
	int		bom;		/* a BOM was present (and removed) */
	const char	*eol;		/* first line end seen: "\r\n", "\n", "\r" */
	uint64_t	bytes;		/* input bytes consumed (before transcoding) */
	long		lines;		/* editor lines seen */
	long		records;	/* records delivered, header included */
	long		blank_lines;	/* blank lines skipped */
	long		bad_utf8_records; /* records with invalid bytes replaced */
};

/* One record.  Everything it points to is valid only during the callback;
 * copy what you keep.  Fields are NUL-terminated UTF-8 (invalid bytes are
 * replaced by U+FFFD and bad_utf8 is set), with surrounding spaces kept.
 * A NUL byte in otherwise-text input is data, not a terminator: it is
 * replaced by U+FFFD and bad_utf8 is set too.  A truncated field keeps its
 * first max_field bytes, cut back to a whole UTF-8 character. */
struct csvin_record {
	size_t		 nfields;
	const char	*const *fields;
	const size_t	*lens;
	long		 line;		/* editor line where the record starts, 1-based */
	long		 end_line;	/* editor line where it ends */
	int		 bad_utf8;	/* some byte was not valid in the encoding */
	int		 truncated;	/* a field passed max_field and was cut */
	int		 too_many;	/* more than CSVIN_MAX_FIELDS fields; rest dropped */
	const char	*raw;		/* the record's bytes as read (after
					   transcoding to UTF-8), line end
					   excluded; not NUL-terminated, and
					   where the text fed holds them as
					   they are, those very bytes */
	size_t		 raw_len;
	const char	*eol;		/* the line end that closed it ("" at EOF) */
	int		 raw_truncated;	/* raw passed CSVIN_MAX_RECORD and was cut */
	int		 delim;		/* the input's delimiter */
};

/* Called for every record, the header first.  Return 0 to go on, -1 to stop
 * the run (the callback then fills its own diag: the reader leaves d alone). */
typedef int (*csvin_cb)(const struct csvin_record *rec, void *arg);

struct csvin;

/* name is used in diagnostics ("-" for stdin).  The struct is owned by the
 * caller and released with csvin_free; opts and name are copied. */
struct csvin *csvin_new(const char *name, const struct csvin_opts *opts,
	    csvin_cb cb, void *arg);
/* Feeds the next chunk (any size, any split).  Detection happens on the
 * first 64 KiB, or at csvin_finish if the input is shorter.
 * Returns 0, or -1 with d filled (parse error with line and column, not
 * text, ...), or -1 when the callback returned -1. */
int	csvin_feed(struct csvin *c, const void *buf, size_t len, struct diag *d);
int	csvin_finish(struct csvin *c, struct diag *d);
const struct csvin_info *csvin_info(const struct csvin *c);
void	csvin_free(struct csvin *c);
/* slow 1: every record goes through libcsv, none through the fast path
 * (records that hold nothing in doubt are otherwise split without it: the
 * records are the same, which tests/fuzz/fuzz_csvfast.c checks).  For
 * differential tests; call before the first csvin_feed. */
void	csvin_set_slow(struct csvin *c, int slow);

/* Reads a whole file ("-" for stdin) through new/feed/finish/free, in
 * 64 KiB reads.  For a regular file in CSVIN_ENC_AUTO mode the whole file is
 * first checked for UTF-8 validity, so a Windows-1252 byte at the end is not
 * missed; a pipe, FIFO or terminal is decided on its first 64 KiB, and later
 * invalid bytes become U+FFFD.  A directory is an error.  The file is opened
 * read-only.  info may be NULL; it is filled on error too. */
int	csvin_read_file(const char *path, const struct csvin_opts *opts,
	    csvin_cb cb, void *arg, struct csvin_info *info, struct diag *d);

/* One-shot over a memory buffer, for tests and fuzzing. */
int	csvin_read_mem(const char *name, const void *buf, size_t len,
	    const struct csvin_opts *opts, csvin_cb cb, void *arg,
	    struct csvin_info *info, struct diag *d);

/* ---- a quoted field that took rows of their own ----
 *
 * A field that opens with a quote runs to the next quote, over line ends:
 * one stray quote at the start of a Notes cell makes the rows after it
 * part of that field until a quote happens to close it, and nothing fails.
 * csvin_span_check tells such a field from a legitimate multi-line one (an
 * address, a note) by what stands after its line ends: a line with at
 * least as many delimiters as the header has columns minus one looks like
 * a record of its own.  It needs two such delimiters at least (a header of
 * three columns or more), since an address may hold one comma. */
struct csvin_span {
	long	line;		/* editor line of the field's opening quote */
	long	col;		/* its column, 1-based, in bytes of UTF-8;
				   0 when the record's raw bytes were cut
				   before it */
	long	lines;		/* editor lines the field spans */
	long	rows;		/* lines in it that look like records */
};

/* Looks for the first field of rec that spans lines looking like records
 * (ncols: the header's field count).  Returns 1 with *sp filled, or 0.
 * Only a record with rec->end_line > rec->line can have one, so callers
 * test that first: the check costs nothing on the others. */
int	csvin_span_check(const struct csvin_record *rec, size_t ncols,
	    struct csvin_span *sp);
/* The sentence a report prints after "FILE:LINE:COL: " for sp,
 * translated, into buf (cut to n bytes); returns buf. */
const char *csvin_span_message(const struct csvin_span *sp, char *buf,
	    size_t n);

/* ---- reading one file with several threads ----
 *
 * A regular file is read in blocks cut at record boundaries, each block by
 * a reader of its own, in as many threads as asked.  Where a record
 * boundary lies is told by quote parity (a record ends at a line end
 * outside quotes, and strict CSV has quotes only around whole fields), a
 * speculation that holds for any input libcsv reads without error; each
 * block's reader checks that its block ended at a record boundary and held
 * the lines and records predicted.  When a check fails, or anything stops a
 * block, everything read is void: the reader says so (restart) and reads
 * the file again from the start in one thread, so the records, their
 * numbers, the info and the first error are exactly those of
 * csvin_read_file, whatever the number of threads. */

/* What the bytes up to a record boundary hold. */
struct csvin_cut {
	size_t	len;		/* bytes up to and including the last LF outside
				   quotes; 0 when there is none */
	long	lines;		/* line ends in them (LF, CRLF, lone CR) */
	long	records;	/* records that end in them (blank lines not) */
};

/* Finds the last record boundary of buf[0..n), which starts at one (at the
 * start of a line, outside quotes). */
void	csvin_cut(const char *buf, size_t n, struct csvin_cut *cut);

/* A reader for a block of the input main reads, starting at a record
 * boundary on editor line line, once main has decided the encoding and the
 * delimiter (NULL when it has not, or the encoding is UTF-16, where bytes
 * are not characters).  Its info counts the block only.  Owned by the
 * caller: csvin_free. */
struct csvin *csvin_new_block(const struct csvin *main, long line,
	    csvin_cb cb, void *arg);
/* Ends a block that should end at a record boundary.  Returns 0 when it
 * did, 1 when something is still open (a record, a character, a CR), -1
 * on an error met earlier. */
int	csvin_finish_block(struct csvin *c, struct diag *d);
/* 1 when the input fed so far ends at a record boundary: the head is
 * decided, no record, character or CR is open. */
int	csvin_at_boundary(const struct csvin *c);
/* The editor line the next byte is on; invalid sequences replaced so far
 * (NUL bytes not counted). */
long	csvin_line(const struct csvin *c);
long	csvin_invalid(const struct csvin *c);

#define CSVIN_MAX_THREADS 64

struct csvin_par {
	int		 threads;	/* 1 to CSVIN_MAX_THREADS */
	size_t		 block;		/* bytes per block (0: 1 MiB) */
	csvin_cb	 cb;
	void		**args;		/* one per thread; records of the first
					   block, the header among them, go to
					   args[0] before any other thread runs */
	/* Called in the reading thread before the records of each block with
	 * that block's argument and the number of records before it (header
	 * included). */
	void		(*start_block)(void *arg, long before);
	/* Everything the callbacks were given so far is void: the file is read
	 * again from its start.  Called with ctx, in the calling thread, with
	 * no other thread running. */
	void		(*restart)(void *ctx);
	void		*ctx;
};

/* Reads the regular file path as csvin_read_file does, with par->threads
 * threads for a file of more than a few blocks.  Callbacks of different
 * threads run at the same time: each thread has its own argument.  A
 * callback that returns -1 must be ready to be called again after a
 * restart (its diag is kept only from the one-thread read).  Instead of
 * checking the whole file for UTF-8 first, the file is read as UTF-8 when
 * its head is, and read again as Windows-1252 (restart) when an invalid
 * byte turns up later.  info may be NULL.  Returns 0, or -1 with d filled
 * (or left to the callback). */
int	csvin_read_par(const char *path, const struct csvin_opts *opts,
	    const struct csvin_par *par, struct csvin_info *info,
	    struct diag *d);

/* "utf-8", "windows-1252", ...; and the reverse (-1 when unknown).
 * csvin_enc_parse accepts common spellings (utf8, cp1252, latin1, utf-16le). */
const char *csvin_enc_name(enum csvin_enc e);
int	csvin_enc_parse(const char *s);
/* "comma", "semicolon", "tab", "pipe" ("other" for any other character);
 * and the reverse (0 when unknown; accepts the names in any case and the
 * characters themselves, "\t" and "\\t"). */
const char *csvin_delim_name(int delim);
int	csvin_delim_parse(const char *s);

#endif
