/* jsonr: a small, strict JSON reader (RFC 8259) for the one JSON input the
 * tool takes: an earlier report, read back by `leads --baseline`.
 *
 * The whole text is parsed into a read-only tree.  Strict: one value with
 * only white space around it (a leading UTF-8 byte order mark is allowed),
 * no comments, no trailing commas, no duplicate member names, strings of
 * valid UTF-8 with no raw control characters and no lone surrogate escapes,
 * numbers in JSON's grammar and within a double's range.  Capped: the text
 * at JSONR_MAX_BYTES, nesting at JSONR_MAX_DEPTH, values at
 * JSONR_MAX_VALUES; past a cap the parse fails with a diag, it never grows
 * without bound.  Numbers are read without the C locale's help, so a
 * locale with a decimal comma changes nothing. */
#ifndef JSONR_H
#define JSONR_H
#include <stddef.h>

#include "diag.h"

#define JSONR_MAX_BYTES		(32u << 20)	/* text */
#define JSONR_MAX_DEPTH		64		/* arrays and objects nested */
#define JSONR_MAX_VALUES	(1u << 20)	/* values, members' names excluded */

enum jsonr_type {
	JSONR_NULL, JSONR_FALSE, JSONR_TRUE, JSONR_NUMBER, JSONR_STRING,
	JSONR_ARRAY, JSONR_OBJECT
};

struct jsonr;		/* a parsed document */
struct jsonr_val;	/* one value inside it */

/* Parses buf[0..len).  name is used in diagnostics (line and column are
 * 1-based, the column counted in bytes).  The document is owned by the
 * caller and released with jsonr_free; every value and string it hands out
 * lives as long as the document. */
struct jsonr *jsonr_parse(const char *name, const void *buf, size_t len,
	    struct diag *d);
void	jsonr_free(struct jsonr *doc);
const struct jsonr_val *jsonr_root(const struct jsonr *doc);

/* The accessors take NULL (a member that was not there) and answer as for a
 * value of the wrong type, so lookups chain: jsonr_get(jsonr_get(root,
 * "rows"), "in_scope"). */
enum jsonr_type jsonr_type(const struct jsonr_val *v);	/* NULL: JSONR_NULL */
/* A member of an object by name (NUL-free), or NULL. */
const struct jsonr_val *jsonr_get(const struct jsonr_val *obj, const char *name);
/* Elements of an array or members of an object, in document order:
 * for (e = jsonr_first(a); e != NULL; e = jsonr_next(e)). */
const struct jsonr_val *jsonr_first(const struct jsonr_val *v);
const struct jsonr_val *jsonr_next(const struct jsonr_val *v);
size_t	jsonr_count(const struct jsonr_val *v);	/* 0 unless array or object */
/* A member's name (decoded, NUL-terminated; *len may hold NULs), or NULL
 * when v is not a member of an object.  len may be NULL. */
const char *jsonr_key(const struct jsonr_val *v, size_t *len);
/* A string's decoded bytes, NUL-terminated, or NULL when v is not a
 * string.  len may be NULL. */
const char *jsonr_str(const struct jsonr_val *v, size_t *len);
/* A number's value: 0, or -1 when v is not a number. */
int	jsonr_num(const struct jsonr_val *v, double *out);
/* An integer written without fraction or exponent that fits a long long:
 * 0, or -1 otherwise. */
int	jsonr_int(const struct jsonr_val *v, long long *out);
/* Where v starts in the text (1-based); 0 for NULL. */
long	jsonr_line(const struct jsonr_val *v);
long	jsonr_col(const struct jsonr_val *v);
const char *jsonr_type_name(enum jsonr_type t);	/* "null", "a number", ... */

#endif
