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

/* ---- a record -> a lead ---- */

#include <stdint.h>

#include "colmap.h"
#include "csvin.h"
#include "rules.h"

#define NORM_URL_MAX	4096	/* bytes of decoded UTM values taken from a URL */

/* One field of a lead: the trimmed value as typed and its key. */
struct norm_field {
	const char	*raw;		/* trimmed, not NUL-terminated; "" when absent */
	size_t		 len;
	char		 key[NORM_KEY_MAX];
	size_t		 klen;		/* 0: absent or empty */
	int		 cut;		/* key truncated */
};

/* A normalized lead.  raw pointers point into the record (valid during the
 * csvin callback) or into urlbuf; copy what you keep. */
struct lead {
	long		 line;		/* editor line of the record */
	uint64_t	 rowno;		/* 1-based data row number */
	struct norm_field f[ROLE_COUNT];
	int		 utm_from_url;	/* some utm field came from the URL */
	int		 url_bad_escape;
	char		 urlbuf[NORM_URL_MAX];
};

/* Fills l from rec through the column map: every role's field trimmed and
 * keyed; empty utm_* fields filled from the URL column's query (WHATWG
 * decoding, parameter names matched case-insensitively and exactly). */
void	norm_lead(const struct colmap *cm, const struct csvin_record *rec,
	    uint64_t rowno, struct lead *l);

/* The length of the longest prefix of s[0..n) that does not end inside a
 * UTF-8 sequence. */
size_t	norm_utf8_whole(const char *s, size_t n);

#endif
