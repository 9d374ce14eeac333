#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "i18n.h"
#include "xalloc.h"

static struct ynode *
ynode_new(enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof *n);

	n->type = type;
	n->line = (long)m->line + 1;	/* libyaml marks are 0-based */
	n->col = (long)m->column + 1;
	return n;
}

static void
ynode_add(struct ynode *parent, struct ynode *kid)
{
	parent->kids = xreallocarray(parent->kids, parent->n + 1, sizeof *parent->kids);
	parent->kids[parent->n++] = kid;
}

void
ynode_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->str);
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
		if (strcmp(map->kids[i]->str, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

/* A mapping key seen twice is an error: the second would silently win. */
static int
check_dup_key(const struct ynode *map, const struct ynode *key,
    const char *name, struct diag *d)
{
	size_t i;

	if (key->type != YN_SCALAR)
		return diag_set(d, name, key->line, key->col,
		    _("a mapping key must be a scalar"));
	for (i = 0; i + 1 < map->n; i += 2)
		if (strcmp(map->kids[i]->str, key->str) == 0)
			return diag_set(d, name, key->line, key->col,
			    _("duplicate key '%s' (first at line %ld)"), key->str,
			    map->kids[i]->line);
	return 0;
}

/* libyaml gives a reader error (bad UTF-8, a control character) as a byte
 * offset and leaves problem_mark at zero: count lines and characters up to
 * the offset, as libyaml's own marks do. */
static void
offset_mark(const void *buf, size_t len, size_t off, yaml_mark_t *m)
{
	const unsigned char *s = buf;
	size_t i;

	m->index = off;
	m->line = m->column = 0;
	i = 0;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;		/* libyaml does not count a BOM */
	for (; i < off && i < len; i++) {
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

struct ynode *
yamltree_parse(const char *name, const void *buf, size_t len, int maxdepth,
    struct diag *d)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	yaml_mark_t end, at;
	struct ynode *stack[256], *root = NULL, *n;
	int depth = 0, docs = 0, done = 0, err = 0;

	if (maxdepth > (int)(sizeof stack / sizeof stack[0]))
		maxdepth = (int)(sizeof stack / sizeof stack[0]);
	if (!yaml_parser_initialize(&parser)) {
		diag_set(d, name, 0, 0, _("cannot initialise the YAML parser"));
		return NULL;
	}
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
				n = ynode_new(YN_SCALAR, &at);
				n->str = xmemdup(ev.data.scalar.value, ev.data.scalar.length);
				n->len = ev.data.scalar.length;
				n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			} else {
				n = ynode_new(ev.type == YAML_SEQUENCE_START_EVENT ?
				    YN_SEQ : YN_MAP, &at);
			}
			if (depth > 0) {
				struct ynode *top = stack[depth - 1];
				if (top->type == YN_MAP && top->n % 2 == 0 &&
				    check_dup_key(top, n, name, d) == -1) {
					ynode_free(n);
					err = 1;
					break;
				}
				ynode_add(top, n);
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
				stack[depth++] = n;
			}
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (err) {
		ynode_free(root);
		return NULL;
	}
	if (root == NULL) {
		yaml_mark_t m = { 0, 0, 0 };
		root = ynode_new(YN_MAP, &m);
	}
	return root;
}
