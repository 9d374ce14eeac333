#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "i18n.h"
#include "map.h"
#include "xalloc.h"

/* A node while parsing: pointers into the parse's arena.  yamltree_parse
 * lays the finished tree out as one block of struct ynode (flatten). */
struct bnode {
	enum ynode_type	 type;
	long		 line, col;	/* 1-based */
	char		*str;		/* scalar: NUL-terminated value */
	size_t		 len;
	int		 quoted;
	struct bnode	**kids;
	size_t		 n;
};

/* The memory of a parse: every bnode, string and kid list, freed at once,
 * and the sizes flatten needs. */
struct ytree {
	struct arena	 mem;
	size_t		 nodes, bytes;	/* bytes: the scalars' with their NULs */
};

/* An open sequence or mapping while parsing.  Its kids collect in a
 * growable list kept per depth (reused by the next container there) and
 * move into the arena when it closes. */
struct level {
	struct bnode	 *node;
	struct bnode	**kids;
	size_t		  n, cap;
	struct map	 *keys;		/* a mapping's keys, past DUP_SCAN of them */
};

#define DUP_SCAN	16	/* keys compared one by one below this */

static struct bnode *
bnode_new(struct ytree *t, enum ynode_type type, const yaml_mark_t *m)
{
	struct bnode *n = arena_alloc(&t->mem, sizeof *n);

	t->nodes++;
	memset(n, 0, sizeof *n);
	n->type = type;
	n->line = (long)m->line + 1;	/* libyaml marks are 0-based */
	n->col = (long)m->column + 1;
	return n;
}

static void
level_add(struct level *lv, struct bnode *kid)
{
	if (lv->n == lv->cap) {
		lv->cap = lv->cap ? 2 * lv->cap : 16;
		lv->kids = xreallocarray(lv->kids, lv->cap, sizeof *lv->kids);
	}
	lv->kids[lv->n++] = kid;
}

/* Closes a container: its kid list moves into the arena. */
static void
level_close(struct ytree *t, struct level *lv)
{
	struct bnode *c = lv->node;

	c->n = lv->n;
	if (lv->n > 0) {
		c->kids = arena_alloc(&t->mem, lv->n * sizeof *c->kids);
		memcpy(c->kids, lv->kids, lv->n * sizeof *c->kids);
	}
	lv->n = 0;
	map_free(lv->keys);
	lv->keys = NULL;
}

void
ynode_free(struct ynode *n)
{
	free(n);
}

const char *
ynode_type_name(enum ynode_type t)
{
	switch (t) {
	case YN_SCALAR:	return _("a scalar");
	case YN_SEQ:	return _("a list");
	default:	return _("a mapping");
	}
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != YN_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2)
		if (strcmp(ynode_str(ynode_kid(map, i)), key) == 0)
			return ynode_kid(map, i + 1);
	return NULL;
}

/* A mapping key seen twice is an error: the second would silently win.
 * Keys compare as C strings (as ynode_get finds them); past DUP_SCAN keys
 * a hash of them replaces the scan, so a mapping of n keys costs n, not
 * n * n / 2, comparisons. */
static int
check_dup_key(struct level *lv, const struct bnode *key, const char *name,
    struct diag *d)
{
	const struct bnode *first = NULL;
	size_t i;
	void **slot;
	int created;

	if (key->type != YN_SCALAR)
		return diag_set(d, name, key->line, key->col,
		    _("a mapping key must be a scalar"));
	if (lv->keys == NULL && lv->n / 2 >= DUP_SCAN) {
		lv->keys = map_new();
		for (i = 0; i + 1 < lv->n; i += 2)
			*map_slot(lv->keys, lv->kids[i]->str, strlen(lv->kids[i]->str),
			    1, NULL) = lv->kids[i];
	}
	if (lv->keys != NULL) {
		slot = map_slot(lv->keys, key->str, strlen(key->str), 1, &created);
		if (created)
			*slot = (void *)key;
		else
			first = *slot;
	} else {
		for (i = 0; i + 1 < lv->n && first == NULL; i += 2)
			if (strcmp(lv->kids[i]->str, key->str) == 0)
				first = lv->kids[i];
	}
	if (first != NULL)
		return diag_set(d, name, key->line, key->col,
		    _("duplicate key '%s' (first at line %ld)"), key->str, first->line);
	return 0;
}

/* libyaml gives a reader error (bad UTF-8, a control character) as a byte
 * offset and leaves problem_mark at zero: count lines and characters up to
 * the offset, as libyaml's own marks do. */
static void
offset_mark(const void *buf, size_t len, size_t off, yaml_mark_t *m)
{
	const unsigned char *s = buf, *p;
	size_t i, start;

	m->index = off;
	m->line = m->column = 0;
	i = 0;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;		/* libyaml does not count a BOM */
	if (off > len)
		off = len;
	if (i >= off)
		return;
	if (memchr(s + i, '\r', off - i) == NULL) {
		/* No CR (the usual case): lines by memchr, then the columns
		 * of the last one. */
		start = i;
		for (p = s + i; (p = memchr(p, '\n', off - (size_t)(p - s))) != NULL; p++) {
			m->line++;
			start = (size_t)(p - s) + 1;
		}
		for (i = start; i < off; i++)
			m->column += (s[i] & 0xc0) != 0x80;
		return;
	}
	for (; i < off; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
			m->line++;
			m->column = 0;
		} else if ((s[i] & 0xc0) != 0x80) {
			m->column++;
		}
	}
}

/* libyaml puts the end of the input on a line of its own, past the last
 * line of a file without a final line break: a mark there points after the
 * last character instead. */
static yaml_mark_t
clamp(yaml_mark_t m, const yaml_mark_t *end)
{
	return m.line > end->line ? *end : m;
}

static uint32_t
u32(long v)
{
	return v < 0 ? 0 : (unsigned long)v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* Lays the tree out as one block (yamltree.h): the nodes breadth first, so
 * that each node's kids are adjacent, then the strings. */
static struct ynode *
flatten(const struct ytree *t, const struct bnode *root, const char *name,
    struct diag *d)
{
	const struct bnode **order;
	struct ynode *out, *y;
	char *s;
	size_t head, next = 1, i, size = t->nodes * sizeof *out + t->bytes;

	if (size > INT32_MAX) {
		diag_set(d, name, 0, 0, _("YAML document too large: %zu bytes as a tree"),
		    size);
		return NULL;
	}
	order = xreallocarray(NULL, t->nodes, sizeof *order);
	out = xmalloc(size);
	s = (char *)(out + t->nodes);
	order[0] = root;
	for (head = 0; head < t->nodes; head++) {
		const struct bnode *b = order[head];

		y = &out[head];
		y->type = (unsigned char)b->type;
		y->quoted = (unsigned char)b->quoted;
		y->line = u32(b->line);
		y->col = u32(b->col);
		y->len = (uint32_t)b->len;
		y->n = (uint32_t)b->n;
		y->kids = (int32_t)((next - head) * sizeof *y);
		for (i = 0; i < b->n; i++)
			order[next++] = b->kids[i];
		y->str = 0;
		if (b->type == YN_SCALAR) {
			memcpy(s, b->str, b->len + 1);
			y->str = (int32_t)(s - (char *)y);
			s += b->len + 1;
		}
	}
	free(order);
	return out;
}

struct ynode *
yamltree_parse(const char *name, const void *buf, size_t len, int maxdepth,
    struct diag *d)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	yaml_mark_t end, at;
	struct level lv[256];
	struct ytree *t;
	struct bnode *root = NULL, *n;
	struct ynode *tree = NULL;
	int depth = 0, docs = 0, done = 0, err = 0, i;

	if (maxdepth > (int)(sizeof lv / sizeof lv[0]))
		maxdepth = (int)(sizeof lv / sizeof lv[0]);
	if (!yaml_parser_initialize(&parser)) {
		diag_set(d, name, 0, 0, _("cannot initialise the YAML parser"));
		return NULL;
	}
	memset(lv, 0, sizeof lv);
	t = xcalloc(1, sizeof *t);
	yaml_parser_set_input_string(&parser, buf, len);
	offset_mark(buf, len, len, &end);
	while (!done && !err) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_mark_t m = parser.problem_mark;
			if (parser.error == YAML_READER_ERROR)
				offset_mark(buf, len, parser.problem_offset, &m);
			else
				m = clamp(m, &end);
			diag_set(d, name, (long)m.line + 1, (long)m.column + 1,
			    _("invalid YAML: %s%s%s"), parser.problem ? parser.problem : _("syntax error"),
			    parser.context ? " " : "", parser.context ? parser.context : "");
			err = 1;
			break;
		}
		n = NULL;
		at = clamp(ev.start_mark, &end);
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_set(d, name, (long)at.line + 1,
				    (long)at.column + 1,
				    _("only one YAML document is allowed"));
				err = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_set(d, name, (long)at.line + 1,
			    (long)at.column + 1,
			    _("YAML aliases (*%s) are not allowed in rule files"),
			    (const char *)ev.data.alias.anchor);
			err = 1;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			const yaml_char_t *anchor = ev.type == YAML_SCALAR_EVENT ?
			    ev.data.scalar.anchor : ev.type == YAML_SEQUENCE_START_EVENT ?
			    ev.data.sequence_start.anchor : ev.data.mapping_start.anchor;
			if (anchor != NULL) {
				diag_set(d, name, (long)at.line + 1,
				    (long)at.column + 1,
				    _("YAML anchors (&%s) are not allowed in rule files"),
				    (const char *)anchor);
				err = 1;
				break;
			}
			if (ev.type == YAML_SCALAR_EVENT) {
				n = bnode_new(t, YN_SCALAR, &at);
				n->str = arena_copy(&t->mem, ev.data.scalar.value,
				    ev.data.scalar.length);
				n->len = ev.data.scalar.length;
				t->bytes += n->len + 1;
				n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			} else {
				n = bnode_new(t, ev.type == YAML_SEQUENCE_START_EVENT ?
				    YN_SEQ : YN_MAP, &at);
			}
			if (depth > 0) {
				struct level *top = &lv[depth - 1];
				if (top->node->type == YN_MAP && top->n % 2 == 0 &&
				    check_dup_key(top, n, name, d) == -1) {
					err = 1;
					break;
				}
				level_add(top, n);
			} else if (root == NULL) {
				root = n;
			}
			if (n->type != YN_SCALAR) {
				if (depth >= maxdepth) {
					diag_set(d, name, n->line, n->col,
					    _("YAML nested deeper than %d levels"), maxdepth);
					err = 1;
					break;
				}
				lv[depth++].node = n;
			}
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				level_close(t, &lv[--depth]);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (i = 0; i < (int)(sizeof lv / sizeof lv[0]); i++) {
		free(lv[i].kids);
		map_free(lv[i].keys);
	}
	if (!err && root == NULL) {
		yaml_mark_t m = { 0, 0, 0 };
		root = bnode_new(t, YN_MAP, &m);
	}
	if (!err)
		tree = flatten(t, root, name, d);
	arena_free(&t->mem);
	free(t);
	return tree;
}
