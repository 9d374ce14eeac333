/* norm: comparison keys for values people type, and a record -> a lead.
 *
 * The key of a value: trimmed (ASCII whitespace and NBSP), ASCII lower-case,
 * every run of whitespace, '-' and '_' folded to one '_'; other bytes,
 * UTF-8 included, stay as they are.  key(key(x)) == key(x).  The original
 * spelling is always kept beside the key: reports show what people typed,
 * and IDs are never case-folded. */
#ifndef NORM_H
#define NORM_H
#include <stddef.h>

#define NORM_KEY_MAX	256	/* bytes of a key, NUL excluded */

/* Writes the key of s[0..len) to out (NUL-terminated, at most cap-1 bytes).
 * Returns the key's length; sets *cut (when not NULL) if it was truncated.
 * cap must be at least 1. */
size_t	norm_key(const char *s, size_t len, char *out, size_t cap, int *cut);

/* Trims ASCII whitespace and NBSP from both ends: returns the start and
 * sets *outlen.  The result points into s. */
const char *norm_trim(const char *s, size_t len, size_t *outlen);

/* 1 when s[0..len) differs from its key only in case (not spacing). */
int	norm_is_case_variant(const char *s, size_t len, const char *key, size_t klen);

#endif
