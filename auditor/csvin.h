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
					   transcoding to UTF-8), line end excluded */
	size_t		 raw_len;
	const char	*eol;		/* the line end that closed it ("" at EOF) */
	int		 raw_truncated;	/* raw passed CSVIN_MAX_RECORD and was cut */
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
