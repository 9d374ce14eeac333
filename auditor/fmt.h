/* fmt: vsnprintf for the conversions findings' messages use, without
 * stdio's machinery (a message of a million-link set costs a tenth). */
#ifndef FMT_H
#define FMT_H
#include <stdarg.h>
#include <stddef.h>

/* Writes fmt with ap into out[0..cap) as vsnprintf(out, cap, fmt, ap)
 * does, NUL-terminated when cap > 0; returns the length written (at most
 * cap - 1), not the length it would have had.  %s (NULL: "(null)"), %c,
 * %d, %u, %ld, %lu, %zu and %% are done here; a format with any other
 * conversion, flag, width or precision goes to vsnprintf whole.  The
 * caller owns out. */
size_t	fmt_msg(char *out, size_t cap, const char *fmt, va_list ap)
	    __attribute__((format(printf, 3, 0)));

#endif
