/* tjson: a minimal JSON reader for the test runners, header only.
 *
 * Enough to read the peer suites in ../shared/data (wpt, sarif, csvw ...):
 * strict RFC 8259 syntax, strings decoded to NUL-terminated UTF-8 (\uXXXX
 * and surrogate pairs decoded, a lone surrogate becomes U+FFFD, len counts
 * embedded NULs), numbers as double, duplicate keys kept in order.  Nesting
 * deeper than TJ_MAXDEPTH is an error.  Every function is static inline so a
 * runner that uses only some of them compiles cleanly under -Werror.  Not
 * for the program itself: it allocates freely and reports no positions. */
#ifndef TJSON_H
#define TJSON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TJ_MAXDEPTH	512

enum { TJ_NULL, TJ_BOOL, TJ_NUM, TJ_STR, TJ_ARR, TJ_OBJ };

struct tj {
	int		 type;
	char		*str;	/* TJ_STR: decoded UTF-8, NUL-terminated */
	size_t		 len;	/* TJ_STR: bytes in str, embedded NULs counted */
	double		 num;	/* TJ_NUM */
	int		 b;	/* TJ_BOOL: 0 or 1 */
	struct tj	**items;	/* TJ_ARR elements, TJ_OBJ values */
	char		**keys;	/* TJ_OBJ: keys[i] names items[i] */
	size_t		 n;	/* TJ_ARR, TJ_OBJ: number of items */
};

struct tj_parser {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	int		 depth;
};

/* Releases v and everything below it; tj_free(NULL) is a no-op. */
static inline void
tj_free(struct tj *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		tj_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static inline void
tj_ws(struct tj_parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' ||
	    p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
	    p->s[p->pos] == '\r'))
		p->pos++;
}

static inline int
tj_lit(struct tj_parser *p, const char *w)
{
	size_t n = strlen(w);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, w, n) != 0)
		return -1;
	p->pos += n;
	return 0;
}

static inline int
tj_hex4(struct tj_parser *p, unsigned long *out)
{
	unsigned long v = 0;
	int i, c;

	if (p->len - p->pos < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)p->s[p->pos++];
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Appends code point cp as UTF-8 to d (which has room: see tj_string). */
static inline size_t
tj_utf8(char *d, unsigned long cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Parses a string at p->pos (which is at the opening quote) into a new
 * NUL-terminated buffer.  The decoded form is never longer than the source:
 * an escape of n source bytes yields at most n bytes (\uXXXX is 6 for at most
 * 3, a pair 12 for 4, a lone surrogate 6 for the 3 of U+FFFD). */
static inline char *
tj_string(struct tj_parser *p, size_t *lenp)
{
	size_t start, n = 0;
	unsigned long cp, lo;
	char *d;
	int c;

	if (p->pos >= p->len || p->s[p->pos] != '"')
		return NULL;
	start = ++p->pos;
	while (p->pos < p->len && p->s[p->pos] != '"') {
		if (p->s[p->pos] == '\\')
			p->pos++;
		p->pos++;
	}
	if (p->pos >= p->len)
		return NULL;
	if ((d = malloc(p->pos - start + 1)) == NULL)
		return NULL;
	p->pos = start;
	for (;;) {
		c = (unsigned char)p->s[p->pos++];
		if (c == '"')
			break;
		if (c < 0x20)
			goto bad;
		if (c != '\\') {
			d[n++] = (char)c;
			continue;
		}
		c = (unsigned char)p->s[p->pos++];
		switch (c) {
		case '"': case '\\': case '/':
			d[n++] = (char)c;
			break;
		case 'b': d[n++] = '\b'; break;
		case 'f': d[n++] = '\f'; break;
		case 'n': d[n++] = '\n'; break;
		case 'r': d[n++] = '\r'; break;
		case 't': d[n++] = '\t'; break;
		case 'u':
			if (tj_hex4(p, &cp) == -1)
				goto bad;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->len - p->pos >= 6 &&
				    p->s[p->pos] == '\\' &&
				    p->s[p->pos + 1] == 'u') {
					size_t save = p->pos;

					p->pos += 2;
					if (tj_hex4(p, &lo) == -1)
						goto bad;
					if (lo >= 0xdc00 && lo <= 0xdfff)
						cp = 0x10000 + ((cp - 0xd800) << 10) +
						    (lo - 0xdc00);
					else {
						cp = 0xfffd;
						p->pos = save;
					}
				} else
					cp = 0xfffd;
			} else if (cp >= 0xdc00 && cp <= 0xdfff)
				cp = 0xfffd;
			n += tj_utf8(d + n, cp);
			break;
		default:
			goto bad;
		}
	}
	d[n] = '\0';
	*lenp = n;
	return d;
bad:
	free(d);
	return NULL;
}

static inline int
tj_number(struct tj_parser *p, double *out)
{
	size_t start = p->pos;
	char tmp[128], *end;

#define TJ_DIGIT (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
	if (p->pos < p->len && p->s[p->pos] == '-')
		p->pos++;
	if (!TJ_DIGIT)
		return -1;
	if (p->s[p->pos] == '0')
		p->pos++;
	else
		while (TJ_DIGIT)
			p->pos++;
	if (p->pos < p->len && p->s[p->pos] == '.') {
		p->pos++;
		if (!TJ_DIGIT)
			return -1;
		while (TJ_DIGIT)
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (!TJ_DIGIT)
			return -1;
		while (TJ_DIGIT)
			p->pos++;
	}
#undef TJ_DIGIT
	if (p->pos - start >= sizeof tmp)
		return -1;
	memcpy(tmp, p->s + start, p->pos - start);
	tmp[p->pos - start] = '\0';
	*out = strtod(tmp, &end);
	return 0;
}

/* Appends item (and key, for objects) to v; takes ownership of both. */
static inline int
tj_push(struct tj *v, struct tj *item, char *key, size_t *cap)
{
	struct tj **ni;
	char **nk;

	if (v->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		if ((ni = realloc(v->items, *cap * sizeof *ni)) == NULL)
			goto bad;
		v->items = ni;
		if (v->type == TJ_OBJ) {
			if ((nk = realloc(v->keys, *cap * sizeof *nk)) == NULL)
				goto bad;
			v->keys = nk;
		}
	}
	v->items[v->n] = item;
	if (v->type == TJ_OBJ)
		v->keys[v->n] = key;
	v->n++;
	return 0;
bad:
	tj_free(item);
	free(key);
	return -1;
}

static inline struct tj *tj_value(struct tj_parser *);

static inline struct tj *
tj_container(struct tj_parser *p, struct tj *v)
{
	char close = v->type == TJ_ARR ? ']' : '}';
	struct tj *item;
	size_t cap = 0, klen;
	char *key;

	if (++p->depth > TJ_MAXDEPTH)
		goto bad;
	p->pos++;
	tj_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		p->depth--;
		return v;
	}
	for (;;) {
		key = NULL;
		if (v->type == TJ_OBJ) {
			tj_ws(p);
			if ((key = tj_string(p, &klen)) == NULL)
				goto bad;
			tj_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':') {
				free(key);
				goto bad;
			}
			p->pos++;
		}
		if ((item = tj_value(p)) == NULL) {
			free(key);
			goto bad;
		}
		if (tj_push(v, item, key, &cap) == -1)
			goto bad;
		tj_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			break;
		}
		goto bad;
	}
	p->depth--;
	return v;
bad:
	tj_free(v);
	return NULL;
}

static inline struct tj *
tj_value(struct tj_parser *p)
{
	struct tj *v;

	tj_ws(p);
	if (p->pos >= p->len)
		return NULL;
	if ((v = calloc(1, sizeof *v)) == NULL)
		return NULL;
	switch (p->s[p->pos]) {
	case '{':
		v->type = TJ_OBJ;
		return tj_container(p, v);
	case '[':
		v->type = TJ_ARR;
		return tj_container(p, v);
	case '"':
		v->type = TJ_STR;
		if ((v->str = tj_string(p, &v->len)) == NULL)
			goto bad;
		return v;
	case 't':
		v->type = TJ_BOOL;
		v->b = 1;
		if (tj_lit(p, "true") == -1)
			goto bad;
		return v;
	case 'f':
		v->type = TJ_BOOL;
		if (tj_lit(p, "false") == -1)
			goto bad;
		return v;
	case 'n':
		v->type = TJ_NULL;
		if (tj_lit(p, "null") == -1)
			goto bad;
		return v;
	default:
		v->type = TJ_NUM;
		if (tj_number(p, &v->num) == -1)
			goto bad;
		return v;
	}
bad:
	tj_free(v);
	return NULL;
}

/* Parses one JSON text from s[0..len) (surrounding whitespace allowed,
 * anything else after the value is an error).  Returns a tree the caller
 * releases with tj_free, or NULL on a syntax error or out of memory. */
static inline struct tj *
tj_parse(const char *s, size_t len)
{
	struct tj_parser p = { s, len, 0, 0 };
	struct tj *v;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		p.pos = 3;
	if ((v = tj_value(&p)) == NULL)
		return NULL;
	tj_ws(&p);
	if (p.pos != p.len) {
		tj_free(v);
		return NULL;
	}
	return v;
}

/* Reads and parses the file at path.  Returns a tree the caller releases
 * with tj_free, or NULL when the file is missing, unreadable or not JSON. */
static inline struct tj *
tj_load(const char *path)
{
	struct tj *v = NULL;
	char *data = NULL, *nd;
	size_t len = 0, cap = 0, got;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((nd = realloc(data, cap)) == NULL)
				goto out;
			data = nd;
		}
		got = fread(data + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	if (!ferror(fp))
		v = tj_parse(data, len);
out:
	fclose(fp);
	free(data);
	return v;
}

/* The value of the first member named key in obj, or NULL when obj is NULL,
 * not an object, or has no such member.  Borrowed from obj. */
static inline const struct tj *
tj_get(const struct tj *obj, const char *key)
{
	size_t i;

	if (obj == NULL || obj->type != TJ_OBJ)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

#endif
