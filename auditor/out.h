/* out: where reports go, and the escaping every format shares.
 *
 * A report is written to stdout or to a file.  Files are written to a
 * temporary name in the same directory (mode 0600 unless asked otherwise)
 * and renamed into place only when everything was written, so a full disk
 * or a kill never leaves half a report.  Escaping lives here once: JSON
 * strings, XML/HTML text, CSV cells (with formula neutralising), and which
 * characters a person must not be shown as they are (out_hidden). */
#ifndef OUT_H
#define OUT_H
#include <stdio.h>
#include <stddef.h>

#include "diag.h"

struct out;

/* Opens path for writing ("-" or NULL: stdout).  mode is the file mode for
 * new files (0 means 0600).  The struct is owned by the caller: finish it
 * with out_close (commit) or out_abort (discard). */
struct out *out_open(const char *path, unsigned mode, struct diag *d);
FILE	*out_fp(struct out *o);
/* Flushes, checks for write errors, fsyncs and renames into place.  Returns
 * 0, or -1 with d filled (the temporary file is removed).  Frees o. */
int	out_close(struct out *o, struct diag *d);
void	out_abort(struct out *o);
/* Flushes stdout and reports a write error (e.g. >/dev/full) as a diag. */
int	out_stdout_check(struct diag *d);

/* Writes s[0..len) as a JSON string with quotes.  Invalid UTF-8 becomes
 * U+FFFD; control characters are escaped. */
void	out_json_str(FILE *fp, const char *s, size_t len);
void	out_json_cstr(FILE *fp, const char *s);	/* NULL writes null */
/* out_json_str for a person to read: each character out_hidden names is
 * escaped as well (U+202E as \u202e), so nothing is reordered or hidden. */
void	out_json_shown(FILE *fp, const char *s, size_t len);
/* Copies src[0..n) to dst[0..cap) with NUL, each character out_hidden
 * names as a \u escape of its code point (U+202E as \u202e); stops before
 * what does not fit.  Returns
 * the bytes written, NUL excluded.  (A key in a message a person reads.) */
size_t	out_shown(char *dst, size_t cap, const char *src, size_t n);
/* Writes s as XML/HTML text or attribute content: & < > " ' escaped,
 * characters XML cannot carry (C0 controls but tab/LF/CR, invalid UTF-8)
 * dropped or replaced by U+FFFD. */
void	out_xml(FILE *fp, const char *s, size_t len);
void	out_xml_cstr(FILE *fp, const char *s);
/* The same for a page a person reads (HTML): also the characters
 * out_hidden names, but tab, LF and CR, are shown as '?' (C0 controls are
 * not dropped but shown). */
void	out_html(FILE *fp, const char *s, size_t len);
void	out_html_cstr(FILE *fp, const char *s);
/* The length of the valid UTF-8 sequence at s[0..n) (1-4), or 0 when it is
 * invalid or cut short by n. */
size_t	out_utf8_len(const char *s, size_t n);
/* The length of the character at s[0..n) that a person must not be shown
 * as it is, else 0: a C0 control (NUL included) or DEL (1 byte), a C1
 * control (2: U+0080-U+009F), a bidirectional embedding, override or
 * isolate (3: U+202A-U+202E, U+2066-U+2069, which can reorder what is read:
 * "Trojan Source").  A sequence cut short by n is not one (it is invalid
 * UTF-8, which each format treats its own way).  The leads reports for
 * people (text, md, html) show each as '?'; the links writers do the same
 * through linkrep_hidden. */
size_t	out_hidden(const char *s, size_t n);
/* Writes one CSV cell with delimiter delim: quoted when needed; when
 * neutralise is set, a cell starting with = + - @ TAB or CR gets a leading
 * apostrophe so spreadsheets do not run it as a formula. */
void	out_csv_cell(FILE *fp, const char *s, size_t len, int delim, int neutralise);

#endif
