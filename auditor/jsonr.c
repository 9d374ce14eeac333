#include "jsonr.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "map.h"
#include "xalloc.h"

/* Values live in one growing array, in document order; a container points
 * to its first child and each child to its next sibling by a forward
 * offset (0: none), so the array may move while it grows. */
struct jsonr_val {
	unsigned char	 type;
	unsigned char	 isint;
	long		 line, col;
	size_t		 first, next;
	size_t		 count;
	const char	*key;		/* member name, or NULL */
	size_t		 klen;
	const char	*str;
	size_t		 slen;
	double		 num;
	long long	 ival;
};

struct jsonr {
	struct jsonr_val *v;
	size_t		 n, cap;
	char		*arena;		/* decoded strings; never longer than the text */
	size_t		 alen;
};

struct parser {
	const unsigned char *s;
	size_t		 len, pos;
	long		 line;
	size_t		 bol;		/* offset of the current line's start */
	const char	*name;
	struct diag	*d;
	struct jsonr	*doc;
};

#define NONE	((size_t)-1)
#define JSONR_NUM_DIGITS 40	/* significant digits passed on to strtod */

static long
col(const struct parser *p, size_t pos)
{
	return (long)(pos - p->bol) + 1;
}

/* A diag at the current position. */
#define FAIL(p, ...)	diag_set((p)->d, (p)->name, (p)->line, col((p), (p)->pos), __VA_ARGS__)

static void
skip_ws(struct parser *p)
{
	while (p->pos < p->len) {
		unsigned char c = p->s[p->pos];
		if (c == '\n') {
			p->line++;
			p->bol = p->pos + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			break;
		}
		p->pos++;
	}
}

/* "'x'" for a printable character, else "byte 0xNN", into buf. */
static const char *
what(const struct parser *p, char *buf, size_t cap)
{
	unsigned char c;

	if (p->pos >= p->len)
		return _("the end of the text");
	c = p->s[p->pos];
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, cap, "'%c'", c);
	else
		snprintf(buf, cap, _("byte 0x%02X"), c);
	return buf;
}

static size_t
node(struct parser *p, enum jsonr_type t)
{
	struct jsonr *doc = p->doc;
	struct jsonr_val *v;

	if (doc->n == JSONR_MAX_VALUES) {
		FAIL(p, _("more than %u values: over the cap"), JSONR_MAX_VALUES);
		return NONE;
	}
	if (doc->n == doc->cap) {
		doc->cap = doc->cap ? 2 * doc->cap : 64;
		doc->v = xreallocarray(doc->v, doc->cap, sizeof *doc->v);
	}
	v = &doc->v[doc->n];
	memset(v, 0, sizeof *v);
	v->type = (unsigned char)t;
	v->line = p->line;
	v->col = col(p, p->pos);
	return doc->n++;
}

static int
hex4(const unsigned char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t
put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 (overlong forms,
 * surrogates and code points past U+10FFFF are invalid). */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t k, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		k = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		k = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		k = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

/* A string at p->pos (on its opening quote), decoded into the arena. */
static int
string(struct parser *p, const char **out, size_t *outlen)
{
	struct jsonr *doc = p->doc;
	char *o = doc->arena + doc->alen, *start = o;
	unsigned cp, lo;
	size_t k;

	p->pos++;
	for (;;) {
		unsigned char c;
		if (p->pos >= p->len)
			return FAIL(p, _("unterminated string"));
		c = p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20)
			return FAIL(p, _("control character U+%04X in a string: "
			    "it must be written as an escape"), c);
		if (c >= 0x80) {
			if ((k = utf8_len(p->s + p->pos, p->len - p->pos)) == 0)
				return FAIL(p, _("invalid UTF-8 in a string"));
			memcpy(o, p->s + p->pos, k);
			o += k;
			p->pos += k;
			continue;
		}
		if (c != '\\') {
			*o++ = (char)c;
			p->pos++;
			continue;
		}
		if (p->pos + 1 >= p->len)
			return FAIL(p, _("unterminated string"));
		switch (p->s[p->pos + 1]) {
		case '"':	*o++ = '"'; break;
		case '\\':	*o++ = '\\'; break;
		case '/':	*o++ = '/'; break;
		case 'b':	*o++ = '\b'; break;
		case 'f':	*o++ = '\f'; break;
		case 'n':	*o++ = '\n'; break;
		case 'r':	*o++ = '\r'; break;
		case 't':	*o++ = '\t'; break;
		case 'u':
			if (p->len - p->pos < 6 || hex4(p->s + p->pos + 2, &cp) == -1)
				return FAIL(p, _("\\u needs four hex digits"));
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return FAIL(p, _("lone low surrogate \\u%04X"), cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->len - p->pos < 12 || p->s[p->pos + 6] != '\\' ||
				    p->s[p->pos + 7] != 'u' ||
				    hex4(p->s + p->pos + 8, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return FAIL(p, _("lone high surrogate \\u%04X"), cp);
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p->pos += 6;
			}
			o += put_utf8(o, cp);
			p->pos += 6;
			continue;
		default:
			return FAIL(p, _("invalid escape '\\%c' in a string"),
			    p->s[p->pos + 1] > 0x20 && p->s[p->pos + 1] < 0x7f ?
			    p->s[p->pos + 1] : '?');
		}
		p->pos += 2;
	}
	*o = '\0';
	*out = start;
	*outlen = (size_t)(o - start);
	doc->alen += *outlen + 1;
	return 0;
}

static int
is_digit(const struct parser *p, size_t i)
{
	return i < p->len && p->s[i] >= '0' && p->s[i] <= '9';
}

/* A number in JSON's grammar.  Its value comes from strtod over the
 * significant digits written as an integer with an exponent ("9e-1" for
 * 0.9): correctly rounded, and no decimal point, so the locale's decimal
 * comma cannot change it.  Integers that fit a long long are also kept
 * exactly. */
static int
number(struct parser *p, struct jsonr_val *v)
{
	size_t i = p->pos;
	unsigned long long ival = 0;
	int neg = 0, isint = 1, intover = 0, eneg = 0, nd = 0;
	long dexp = 0, e = 0;
	char dig[JSONR_NUM_DIGITS + 32];
	double x;

	if (p->s[i] == '-') {
		neg = 1;
		i++;
	}
	if (!is_digit(p, i)) {
		p->pos = i;
		return FAIL(p, _("a number needs a digit here"));
	}
	if (p->s[i] == '0' && is_digit(p, i + 1)) {
		p->pos = i;
		return FAIL(p, _("a number may not start with 0 and more digits"));
	}
	for (; is_digit(p, i); i++) {
		unsigned d = p->s[i] - '0';
		if (ival > (ULLONG_MAX - d) / 10)
			intover = 1;
		else
			ival = ival * 10 + d;
		if (nd == 0 && d == 0)
			continue;		/* the integer part "0" */
		if (nd < JSONR_NUM_DIGITS)
			dig[nd++] = (char)p->s[i];
		else
			dexp++;
	}
	if (i < p->len && p->s[i] == '.') {
		isint = 0;
		if (!is_digit(p, ++i)) {
			p->pos = i;
			return FAIL(p, _("a number needs a digit after '.'"));
		}
		for (; is_digit(p, i); i++) {
			if (nd == 0 && p->s[i] == '0') {
				dexp--;		/* a leading zero of the fraction */
			} else if (nd < JSONR_NUM_DIGITS) {
				dig[nd++] = (char)p->s[i];
				dexp--;
			}
		}
	}
	if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
		isint = 0;
		i++;
		if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
			eneg = p->s[i++] == '-';
		if (!is_digit(p, i)) {
			p->pos = i;
			return FAIL(p, _("a number needs a digit in its exponent"));
		}
		for (; is_digit(p, i); i++)
			if (e < 1000000)
				e = e * 10 + (p->s[i] - '0');
	}
	x = 0;
	if (nd > 0) {
		snprintf(dig + nd, sizeof dig - (size_t)nd, "e%ld", (eneg ? -e : e) + dexp);
		x = strtod(dig, NULL);
		if (isinf(x))
			return FAIL(p, _("number out of range"));
	}
	v->num = neg ? -x : x;
	if (isint && !intover && ival <= (unsigned long long)LLONG_MAX + neg) {
		v->isint = 1;
		v->ival = neg ? (ival == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN :
		    -(long long)ival) : (long long)ival;
	}
	p->pos = i;
	return 0;
}

static int
literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return -1;
	p->pos += n;
	return 0;
}

static size_t value(struct parser *p, int depth);

/* Links child after *last (or as first child of parent). */
static void
link_child(struct jsonr *doc, size_t parent, size_t *last, size_t child)
{
	if (*last == NONE)
		doc->v[parent].first = child - parent;
	else
		doc->v[*last].next = child - *last;
	*last = child;
	doc->v[parent].count++;
}

static size_t
array(struct parser *p, size_t self, int depth)
{
	size_t last = NONE, child;
	char buf[16];

	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == ']') {
		p->pos++;
		return self;
	}
	for (;;) {
		if ((child = value(p, depth + 1)) == NONE)
			return NONE;
		link_child(p->doc, self, &last, child);
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			skip_ws(p);
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == ']') {
			p->pos++;
			return self;
		}
		FAIL(p, _("expected ',' or ']' after an array element, found %s"),
		    what(p, buf, sizeof buf));
		return NONE;
	}
}

static size_t
object(struct parser *p, size_t self, int depth)
{
	struct jsonr *doc = p->doc;
	struct map *names = NULL;
	size_t last = NONE, child = NONE, klen, kpos;
	long kline;
	const char *key;
	char buf[16];
	int created;

	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == '}') {
		p->pos++;
		return self;
	}
	for (;;) {
		if (p->pos >= p->len || p->s[p->pos] != '"') {
			FAIL(p, _("expected a member name (a string), found %s"),
			    what(p, buf, sizeof buf));
			goto fail;
		}
		kline = p->line;
		kpos = p->pos;
		if (string(p, &key, &klen) == -1)
			goto fail;
		if (doc->v[self].count == 1) {
			/* The second member: start the set of names seen. */
			size_t kl = 0;
			const char *k0 = jsonr_key(jsonr_first(&doc->v[self]), &kl);
			names = map_new();
			map_slot(names, k0, kl, 1, &created);
		}
		if (names != NULL) {
			map_slot(names, key, klen, 1, &created);
			if (!created) {
				diag_set(p->d, p->name, kline, col(p, kpos),
				    _("duplicate member name \"%.*s\""),
				    (int)(klen > 60 ? 60 : klen), key);
				goto fail;
			}
		}
		skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] != ':') {
			FAIL(p, _("expected ':' after a member name, found %s"),
			    what(p, buf, sizeof buf));
			goto fail;
		}
		p->pos++;
		skip_ws(p);
		if ((child = value(p, depth + 1)) == NONE)
			goto fail;
		doc->v[child].key = key;
		doc->v[child].klen = klen;
		link_child(doc, self, &last, child);
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			skip_ws(p);
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == '}') {
			p->pos++;
			map_free(names);
			return self;
		}
		FAIL(p, _("expected ',' or '}' after a member, found %s"),
		    what(p, buf, sizeof buf));
		goto fail;
	}
fail:
	map_free(names);
	return NONE;
}

/* A value at p->pos (white space already skipped); its index, or NONE. */
static size_t
value(struct parser *p, int depth)
{
	size_t self;
	char buf[16];
	int rc = 0;

	if (p->pos >= p->len) {
		FAIL(p, _("expected a value, found the end of the text"));
		return NONE;
	}
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		if (depth >= JSONR_MAX_DEPTH) {
			FAIL(p, _("nested deeper than %d arrays and objects"), JSONR_MAX_DEPTH);
			return NONE;
		}
		if (p->s[p->pos] == '{') {
			if ((self = node(p, JSONR_OBJECT)) == NONE)
				return NONE;
			return object(p, self, depth);
		}
		if ((self = node(p, JSONR_ARRAY)) == NONE)
			return NONE;
		return array(p, self, depth);
	case '"':
		if ((self = node(p, JSONR_STRING)) == NONE)
			return NONE;
		rc = string(p, &p->doc->v[self].str, &p->doc->v[self].slen);
		break;
	case 't':
	case 'f':
	case 'n':
		self = node(p, p->s[p->pos] == 't' ? JSONR_TRUE :
		    p->s[p->pos] == 'f' ? JSONR_FALSE : JSONR_NULL);
		if (self == NONE)
			return NONE;
		if (literal(p, p->s[p->pos] == 't' ? "true" :
		    p->s[p->pos] == 'f' ? "false" : "null") == -1)
			rc = FAIL(p, _("expected true, false or null"));
		break;
	default:
		if (p->s[p->pos] != '-' && (p->s[p->pos] < '0' || p->s[p->pos] > '9')) {
			FAIL(p, _("expected a value, found %s"), what(p, buf, sizeof buf));
			return NONE;
		}
		if ((self = node(p, JSONR_NUMBER)) == NONE)
			return NONE;
		rc = number(p, &p->doc->v[self]);
		break;
	}
	return rc == 0 ? self : NONE;
}

struct jsonr *
jsonr_parse(const char *name, const void *buf, size_t len, struct diag *d)
{
	struct parser p;
	struct jsonr *doc;
	char what_buf[16];

	if (len > JSONR_MAX_BYTES) {
		diag_set(d, name, 0, 0, _("%zu bytes of JSON, over the cap of %u"),
		    len, JSONR_MAX_BYTES);
		return NULL;
	}
	memset(&p, 0, sizeof p);
	p.s = buf;
	p.len = len;
	p.line = 1;
	p.name = name;
	p.d = d;
	doc = xcalloc(1, sizeof *doc);
	doc->arena = xmalloc(len + 1);
	p.doc = doc;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p.pos = p.bol = 3;
	skip_ws(&p);
	if (p.pos == len) {
		FAIL(&p, _("no JSON value: the text is empty"));
		goto fail;
	}
	if (value(&p, 0) == NONE)
		goto fail;
	skip_ws(&p);
	if (p.pos < len) {
		FAIL(&p, _("text after the JSON value: %s"), what(&p, what_buf, sizeof what_buf));
		goto fail;
	}
	return doc;
fail:
	jsonr_free(doc);
	return NULL;
}

void
jsonr_free(struct jsonr *doc)
{
	if (doc == NULL)
		return;
	free(doc->v);
	free(doc->arena);
	free(doc);
}

const struct jsonr_val *
jsonr_root(const struct jsonr *doc)
{
	return doc->n ? &doc->v[0] : NULL;
}

enum jsonr_type
jsonr_type(const struct jsonr_val *v)
{
	return v ? (enum jsonr_type)v->type : JSONR_NULL;
}

const struct jsonr_val *
jsonr_first(const struct jsonr_val *v)
{
	return v && v->first ? v + v->first : NULL;
}

const struct jsonr_val *
jsonr_next(const struct jsonr_val *v)
{
	return v && v->next ? v + v->next : NULL;
}

size_t
jsonr_count(const struct jsonr_val *v)
{
	return v ? v->count : 0;
}

const struct jsonr_val *
jsonr_get(const struct jsonr_val *obj, const char *name)
{
	const struct jsonr_val *m;
	size_t n = strlen(name);

	if (jsonr_type(obj) != JSONR_OBJECT)
		return NULL;
	for (m = jsonr_first(obj); m != NULL; m = jsonr_next(m))
		if (m->klen == n && memcmp(m->key, name, n) == 0)
			return m;
	return NULL;
}

const char *
jsonr_key(const struct jsonr_val *v, size_t *len)
{
	if (v == NULL || v->key == NULL)
		return NULL;
	if (len != NULL)
		*len = v->klen;
	return v->key;
}

const char *
jsonr_str(const struct jsonr_val *v, size_t *len)
{
	if (jsonr_type(v) != JSONR_STRING)
		return NULL;
	if (len != NULL)
		*len = v->slen;
	return v->str;
}

int
jsonr_num(const struct jsonr_val *v, double *out)
{
	if (jsonr_type(v) != JSONR_NUMBER)
		return -1;
	*out = v->num;
	return 0;
}

int
jsonr_int(const struct jsonr_val *v, long long *out)
{
	if (jsonr_type(v) != JSONR_NUMBER || !v->isint)
		return -1;
	*out = v->ival;
	return 0;
}

long
jsonr_line(const struct jsonr_val *v)
{
	return v ? v->line : 0;
}

long
jsonr_col(const struct jsonr_val *v)
{
	return v ? v->col : 0;
}

const char *
jsonr_type_name(enum jsonr_type t)
{
	static const char *const names[] = { "null", "false", "true", N_("a number"),
	    N_("a string"), N_("an array"), N_("an object") };

	return (unsigned)t < sizeof names / sizeof names[0] ? _(names[t]) : "?";
}
