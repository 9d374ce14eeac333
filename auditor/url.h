/* url: split an absolute URL and iterate its query parameters.
 *
 * Splitting keeps positions into the original string, so the link linter can
 * point at the column of a parameter and --fix can rewrite one parameter
 * while keeping every other byte.  Decoding follows WHATWG
 * application/x-www-form-urlencoded: '+' is a space, %XX is decoded, a bad
 * escape (%G1, a lone % at the end) is kept as is and flagged. */
#ifndef URL_H
#define URL_H
#include <stddef.h>

/* A slice of the input: [off, off+len).  len == 0 with present == 0 means
 * absent ("http://h" has no query; "http://h?" has an empty one). */
struct url_part {
	size_t	off;
	size_t	len;
	int	present;
};

struct url {
	struct url_part scheme;		/* without ':' */
	struct url_part userinfo;	/* without '@' */
	struct url_part host;
	struct url_part port;		/* without ':' */
	struct url_part path;
	struct url_part query;		/* without '?' */
	struct url_part fragment;	/* without '#' */
	int		absolute;	/* has scheme and "//" authority */
	int		http;		/* scheme is http or https (any case) */
	int		bad_chars;	/* spaces or control characters inside */
};

/* Splits s[0..len) (leading/trailing ASCII whitespace is NOT trimmed: the
 * caller decides).  Returns 0 when it is an absolute URL with a host,
 * -1 otherwise (u is still filled as far as it got).
 * Also -1 when a browser would refuse the URL: a port that is not a number
 * up to 65535, a bad IPv6 literal, or (for the special schemes http, https,
 * ws, wss, ftp, file) a host longer than 1024 bytes or one that after %XX
 * decoding holds a space, control or forbidden character ("<>^|%[]..."),
 * invalid UTF-8, or looks like a bad IPv4 ("1.2.3.256").
 * Nothing is rewritten: no IDNA, no lower-casing, no dot segments.  A
 * backslash ends the authority of those schemes, as in browsers, but
 * "http:\\host" (no "//") is not absolute. */
int	url_split(const char *s, size_t len, struct url *u);

/* One name=value pair of a query (or of a fragment used as a query). */
struct url_param {
	size_t	off;		/* offset of the pair in the string given to the iterator */
	size_t	len;		/* whole pair "name=value" */
	size_t	name_off, name_len;	/* raw (undecoded) name */
	size_t	value_off, value_len;	/* raw value; value_len 0 when no '=' */
	int	has_eq;
};

/* Iterates the '&'-separated pairs of q[0..len), skipping empty ones ("a&&b").
 * *pos starts at 0.  Returns 1 with p filled, 0 at the end. */
int	url_param_next(const char *q, size_t len, size_t *pos, struct url_param *p);

/* Decodes s[0..len) per application/x-www-form-urlencoded into out (at most
 * cap-1 bytes plus NUL).  Returns the decoded length, or (size_t)-1 when it
 * would not fit.  Sets *bad_escape to 1 when a '%' was not followed by two
 * hex digits (the '%' is then kept literally), *plus to 1 when a '+' was
 * decoded, and *pct to 1 when any %XX was decoded; each may be NULL.
 * Each flag not set to 1 is set to 0.  Decoded bytes are not checked as
 * UTF-8: that is the caller's choice. */
size_t	url_decode(const char *s, size_t len, char *out, size_t cap,
	    int *bad_escape, int *plus, int *pct);

/* Compares a raw parameter name with a lower-case ASCII name exactly,
 * ignoring ASCII case, after decoding ("UTM_Source" and "utm%5Fsource" are
 * "utm_source"; "sku" is never "ku").  Returns 1 when equal. */
int	url_name_is(const char *name, size_t len, const char *lower);

#endif
