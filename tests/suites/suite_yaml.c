/* suite_yaml: the rules loader's YAML layer against the YAML Test Suite.
 *
 * Usage: suite_yaml DATA_DIR PROG.  Reads DATA_DIR/suites/yaml-test-suite
 * (data-2022-01-17: 402 inputs, 94 of them must fail; see its
 * PROVENANCE.md) and DATA_DIR/suites/libyaml-regressions.
 *
 * Every in.yaml goes through libyaml's event parser alone, through
 * yamltree_parse (the rules loader's YAML layer: libyaml plus its own
 * refusals of anchors, aliases, several documents, duplicate or non-scalar
 * keys and nesting deeper than RULES_MAX_DEPTH) and through rules_load_mem
 * as a whole rule file.  The suite fails when:
 *  - any input crashes (the suite dies) or takes over 1 s of CPU time
 *    through the three (30 s under valgrind: $VALGRIND set, as the
 *    Makefile's valgrind target does);
 *  - a refusal has no message or points past the input's last line;
 *  - a must-fail case (it has an `error` file) is accepted by yamltree_parse
 *    and is not in the known gaps below, or is accepted by rules_load_mem;
 *  - a valid case that yamltree_parse accepts gives a tree that disagrees
 *    with its in.json (scalars compared as text, JSON numbers, booleans
 *    and null against plain scalars), unless listed below;
 *  - the libyaml OSS-Fuzz regression input is not refused as invalid YAML
 *    at line 2, column 1, by the loader and by `PROG rules check`.
 * Refusals of valid cases by policy (anchors, aliases, ...) are counted,
 * never failures: rule files do without them on purpose.
 *
 * Known gaps: the must-fail cases libyaml 0.2.5 accepts (16, measured in
 * PROVENANCE.md; libyaml's own list is libyaml-known-failures/
 * libyaml-parser-error) minus those the loader's policy refuses anyway.
 * Each is invalid YAML that still yields a sensible tree (a comment
 * without a space before it, a wrongly indented flow or quoted scalar, a
 * block scalar with a more indented first line, a tab or an anchor in the
 * wrong place); as a rule file it is still checked against the schema, so
 * a mistake in it is an error or a rule that reads as written.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <yaml.h>

#include "rules.h"
#include "tjson.h"
#include "yamltree.h"

#define MAXCASES	1024
#define MAXLIST		30	/* cases listed per category */
#define TIME_LIMIT	1.0	/* seconds of CPU time per input */
#define PATHLEN		4096

/* Must-fail cases yamltree_parse accepts: ids with the reason libyaml
 * lets them through. */
static const char *const known_gaps[][2] = {
	{ "9C9N", "flow sequence indented less than its key: accepted" },
	{ "9JBA", "comment right after a flow sequence's ']': accepted" },
	{ "CVW2", "comment right after a flow ',': accepted" },
	{ "DK95/01", "tab before a scalar on a continuation line: accepted" },
	{ "G5U8", "'- -' with no space in a flow context: accepted" },
	{ "MUS6/00", "comment without a space after a %YAML directive: accepted" },
	{ "QB6E", "multi-line quoted scalar indented too little: accepted" },
	{ "S98Z", "block scalar with a more indented first blank line: accepted" },
	{ "SU5Z", "comment right after a double-quoted scalar: accepted" },
	{ "X4QW", "comment right after a block scalar indicator: accepted" },
	{ "Y79Y/003", "tab as indentation in a flow sequence: accepted" },
	{ "YJV2", "'[-]': a lone '-' as a flow entry: accepted" },
	{ NULL, NULL }
};

/* Valid cases whose tree disagrees with in.json, with the reason. */
static const char *const known_json[][2] = {
	{ "652Z", "libyaml reads '{ ?foo: bar }' as key 'foo', not '?foo'" },
	{ "HM87/01", "libyaml reads '[?x]' as [{x: null}], not ['?x']" },
	{ "JEF9/02", "libyaml drops the kept line break: '', not '\\n'" },
	{ "L24T/01", "libyaml drops the last kept line break: 'x\\n ', not 'x\\n \\n'" },
	{ NULL, NULL }
};

struct ycase {
	char	 id[64];
	char	 dir[PATHLEN];
	int	 must_fail;
};

static struct ycase cases[MAXCASES];
static size_t ncases;

/* out = a/b; a path that does not fit stops the suite. */
static void
join(char *out, size_t cap, const char *a, const char *b)
{
	if ((size_t)snprintf(out, cap, "%s/%s", a, b) >= cap) {
		fprintf(stderr, "suite_yaml: path too long: %s/%s\n", a, b);
		exit(1);
	}
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp;
	char *buf;
	size_t cap = 1 << 16, n = 0, r;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if ((buf = malloc(cap + 1)) == NULL)
		abort();
	while ((r = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += r;
		if (n == cap) {
			if (cap >= (1u << 24))
				break;
			cap *= 2;
			if ((buf = realloc(buf, cap + 1)) == NULL)
				abort();
		}
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
exists(const char *dir, const char *name)
{
	char path[PATHLEN];
	struct stat st;

	join(path, sizeof path, dir, name);
	return stat(path, &st) == 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir, sorted; NULL-terminated, caller frees. */
static char **
list_dir(const char *dir)
{
	DIR *dp;
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	if ((dp = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((v = realloc(v, (n + 2) * sizeof *v)) == NULL ||
		    (v[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(dp);
	if (v == NULL && (v = malloc(sizeof *v)) == NULL)
		abort();
	qsort(v, n, sizeof *v, cmp_names);
	v[n] = NULL;
	return v;
}

static void
free_list(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void
add_case(const char *dir, const char *id)
{
	struct ycase *c;

	if (ncases == MAXCASES) {
		fprintf(stderr, "suite_yaml: more than %d cases\n", MAXCASES);
		exit(1);
	}
	c = &cases[ncases++];
	snprintf(c->id, sizeof c->id, "%s", id);
	if (strlen(dir) >= sizeof c->dir)
		abort();
	memcpy(c->dir, dir, strlen(dir) + 1);
	c->must_fail = exists(dir, "error");
}

/* ID/in.yaml, or ID/NN/in.yaml for a test with sub-tests. */
static void
find_cases(const char *data)
{
	char **ids, **subs, dir[PATHLEN], sub[PATHLEN], id[64];
	size_t i, j;

	if ((ids = list_dir(data)) == NULL) {
		fprintf(stderr, "suite_yaml: %s: %s\n", data, strerror(errno));
		exit(1);
	}
	for (i = 0; ids[i] != NULL; i++) {
		join(dir, sizeof dir, data, ids[i]);
		if (exists(dir, "in.yaml")) {
			add_case(dir, ids[i]);
			continue;
		}
		if ((subs = list_dir(dir)) == NULL)
			continue;
		for (j = 0; subs[j] != NULL; j++) {
			join(sub, sizeof sub, dir, subs[j]);
			join(id, sizeof id, ids[i], subs[j]);
			if (exists(sub, "in.yaml"))
				add_case(sub, id);
		}
		free_list(subs);
	}
	free_list(ids);
}

/* CPU time, so a loaded machine does not fail the suite. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* libyaml alone: 0 when it parses the whole stream, -1 on an error. */
static int
libyaml_parse(const char *buf, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = 0, done = 0;

	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}

static long
count_lines(const char *s, size_t n)
{
	long lines = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n ||
		    s[i + 1] != '\n')))
			lines++;
	return lines;
}

enum why { W_YAML, W_ANCHOR, W_ALIAS, W_DOCS, W_DUP, W_KEY, W_DEPTH,
    W_OTHER, W__COUNT };
static const char *const why_names[W__COUNT] = { "invalid YAML (libyaml)",
    "anchor", "alias", "several documents", "duplicate key",
    "non-scalar key", "too deep", "other" };

static enum why
why(const char *msg)
{
	if (strncmp(msg, "invalid YAML", 12) == 0)
		return W_YAML;
	if (strstr(msg, "anchors") != NULL)
		return W_ANCHOR;
	if (strstr(msg, "aliases") != NULL)
		return W_ALIAS;
	if (strstr(msg, "one YAML document") != NULL)
		return W_DOCS;
	if (strstr(msg, "duplicate key") != NULL)
		return W_DUP;
	if (strstr(msg, "key must be a scalar") != NULL)
		return W_KEY;
	if (strstr(msg, "nested deeper") != NULL)
		return W_DEPTH;
	return W_OTHER;
}

static const char *
listed(const char *const list[][2], const char *id)
{
	size_t i;

	for (i = 0; list[i][0] != NULL; i++)
		if (strcmp(list[i][0], id) == 0)
			return list[i][1];
	return NULL;
}

/* A plain scalar against a JSON number, boolean or null. */
static int
plain_is(const struct ynode *n, const struct tj *v)
{
	char *end;
	double d;

	if (n->quoted)
		return 0;
	switch (v->type) {
	case TJ_NULL:
		return n->len == 0 || strcmp(ynode_str(n), "~") == 0 ||
		    strcmp(ynode_str(n), "null") == 0 || strcmp(ynode_str(n), "Null") == 0 ||
		    strcmp(ynode_str(n), "NULL") == 0;
	case TJ_BOOL:
		return strcmp(ynode_str(n), v->b ? "true" : "false") == 0 ||
		    strcmp(ynode_str(n), v->b ? "True" : "False") == 0 ||
		    strcmp(ynode_str(n), v->b ? "TRUE" : "FALSE") == 0;
	default:
		if (strncmp(ynode_str(n), "0o", 2) == 0)
			d = (double)strtol(ynode_str(n) + 2, &end, 8);
		else
			d = strtod(ynode_str(n), &end);
		return n->len > 0 && *end == '\0' && d == v->num;
	}
}

/* 1 when the tree n says what the JSON value v says. */
static int
same(const struct ynode *n, const struct tj *v)
{
	size_t i, j;

	switch (v->type) {
	case TJ_STR:
		return n->type == YN_SCALAR && n->len == v->len &&
		    memcmp(ynode_str(n), v->str, n->len) == 0;
	case TJ_ARR:
		if (n->type != YN_SEQ || n->n != v->n)
			return 0;
		for (i = 0; i < n->n; i++)
			if (!same(ynode_kid(n, i), v->items[i]))
				return 0;
		return 1;
	case TJ_OBJ:
		if (n->type != YN_MAP || n->n != 2 * v->n)
			return 0;
		for (i = 0; i < v->n; i++) {
			for (j = 0; j + 1 < n->n; j += 2)
				if (ynode_kid(n, j)->type == YN_SCALAR &&
				    strcmp(ynode_str(ynode_kid(n, j)), v->keys[i]) == 0)
					break;
			if (j + 1 >= n->n || !same(ynode_kid(n, j + 1), v->items[i]))
				return 0;
		}
		return 1;
	default:
		return n->type == YN_SCALAR && plain_is(n, v);
	}
}

/* The libyaml OSS-Fuzz input must be refused cleanly, by the loader and by
 * the program. */
static int
regression(const char *datadir, const char *prog)
{
	static const char name[] = "clusterfuzz-testcase-minimized-5607885063061504.yml";
	char path[PATHLEN], cmd[2 * PATHLEN], line[2 * PATHLEN], want[PATHLEN + 64];
	struct rules *r;
	struct diag d;
	FILE *pp;
	char *buf;
	size_t len, i, k;
	int status, ok = 1;

	join(cmd, sizeof cmd, datadir, "suites/libyaml-regressions");
	join(path, sizeof path, cmd, name);
	if ((buf = slurp(path, &len)) == NULL) {
		printf("yaml: %s: %s\n", path, strerror(errno));
		return 0;
	}
	memset(&d, 0, sizeof d);
	r = rules_load_mem(name, buf, len, &d);
	if (r != NULL || d.line != 2 || d.col != 1 ||
	    strncmp(d.msg, "invalid YAML", 12) != 0) {
		printf("yaml: libyaml regression input: loader said %s:%ld:%ld: "
		    "%s\n", d.file, d.line, d.col, r ? "(accepted)" : d.msg);
		ok = 0;
	}
	rules_free(r);
	free(buf);

	/* PROG rules check PATH: exit 2, one line naming PATH:2:1. */
	k = 0;
	k += (size_t)snprintf(cmd, sizeof cmd, "'%s' rules check '", prog);
	for (i = 0; path[i] != '\0' && k + 5 < sizeof cmd; i++) {
		if (path[i] == '\'') {
			memcpy(cmd + k, "'\\''", 4);
			k += 4;
		} else
			cmd[k++] = path[i];
	}
	snprintf(cmd + k, sizeof cmd - k, "' 2>&1 >/dev/null");
	snprintf(want, sizeof want, "utm-audit: %s:2:1: error: invalid YAML",
	    path);
	line[0] = '\0';
	if ((pp = popen(cmd, "r")) == NULL ||
	    fgets(line, sizeof line, pp) == NULL)
		ok = 0;
	if (pp != NULL) {
		while (fgetc(pp) != EOF)
			ok = 0;		/* more than one line */
		status = pclose(pp);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 2)
			ok = 0;
	}
	if (strncmp(line, want, strlen(want)) != 0)
		ok = 0;
	line[strcspn(line, "\n")] = '\0';
	printf("yaml: libyaml OSS-Fuzz regression input: %s (%s)\n", ok ?
	    "refused cleanly" : "NOT refused cleanly", line[0] ? line :
	    "no message");
	return ok;
}

int
main(int argc, char **argv)
{
	char data[PATHLEN], path[PATHLEN], gaps_seen[MAXCASES];
	size_t i, k, len, jlen;
	long by_libyaml = 0, by_policy = 0, gaps = 0, must_fail = 0;
	long valid = 0, valid_raw = 0, valid_tree = 0, valid_json = 0;
	long json_cmp = 0, json_same = 0, json_known = 0, slow = 0;
	long policy[W__COUNT], bad = 0, listed_fail = 0, rule_accepts = 0;
	double t, worst = 0, limit = TIME_LIMIT;
	const char *worst_id = "";
	struct stat st;
	int fails = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: suite_yaml DATA_DIR PROG\n");
		return 2;
	}
	if (stat(argv[1], &st) != 0) {
		printf("skipped: ../shared/data not found\n");
		return 0;
	}
	join(data, sizeof data, argv[1], "suites/yaml-test-suite/data");
	if (stat(data, &st) != 0) {
		printf("skipped: %s not found\n", data);
		return 0;
	}
	if (getenv("VALGRIND") != NULL && *getenv("VALGRIND") != '\0')
		limit *= 30;
	find_cases(data);
	memset(policy, 0, sizeof policy);
	memset(gaps_seen, 0, sizeof gaps_seen);

	for (i = 0; i < ncases; i++) {
		struct ycase *c = &cases[i];
		struct ynode *tree;
		struct rules *r;
		struct diag d, rd;
		char *buf, *json;
		int raw_ok;

		join(path, sizeof path, c->dir, "in.yaml");
		if ((buf = slurp(path, &len)) == NULL) {
			printf("yaml: %s: %s\n", path, strerror(errno));
			fails++;
			continue;
		}
		memset(&d, 0, sizeof d);
		memset(&rd, 0, sizeof rd);
		t = now();
		raw_ok = libyaml_parse(buf, len) == 0;
		tree = yamltree_parse(c->id, buf, len, RULES_MAX_DEPTH, &d);
		r = rules_load_mem(c->id, buf, len, &rd);
		t = now() - t;
		if (t > worst) {
			worst = t;
			worst_id = c->id;
		}
		if (t > limit) {
			printf("yaml: %s: took %.2f s\n", c->id, t);
			slow++;
		}
		if (tree == NULL && (d.msg[0] == '\0' || d.line < 0 ||
		    d.line > count_lines(buf, len) || d.col < 0)) {
			printf("yaml: %s: bad refusal %s:%ld:%ld: '%s'\n", c->id,
			    d.file, d.line, d.col, d.msg);
			bad++;
		}
		if (r == NULL && rd.msg[0] == '\0') {
			printf("yaml: %s: rules refusal without a message\n",
			    c->id);
			bad++;
		}

		if (c->must_fail) {
			must_fail++;
			if (tree == NULL && !raw_ok)
				by_libyaml++;
			else if (tree == NULL) {
				by_policy++;
				policy[why(d.msg)]++;
			} else {
				gaps++;
				if (listed(known_gaps, c->id) == NULL) {
					if (listed_fail++ < MAXLIST)
						printf("yaml: %s: must fail, "
						    "accepted (not a known "
						    "gap)\n", c->id);
				} else
					gaps_seen[i] = 1;
			}
			if (r != NULL) {
				printf("yaml: %s: must fail, loads as a rule "
				    "file\n", c->id);
				rule_accepts++;
			}
		} else {
			valid++;
			valid_raw += raw_ok;
			if (tree != NULL)
				valid_tree++;
			else if (raw_ok)
				policy[why(d.msg)]++;
			join(path, sizeof path, c->dir, "in.json");
			if (tree != NULL && (json = slurp(path, &jlen)) != NULL) {
				struct tj *v = tj_parse(json, jlen);

				valid_json++;
				if (v != NULL) {
					json_cmp++;
					if (same(tree, v))
						json_same++;
					else if (listed(known_json, c->id))
						json_known++;
					else {
						printf("yaml: %s: tree "
						    "disagrees with in.json\n",
						    c->id);
						fails++;
					}
				}
				tj_free(v);
				free(json);
			}
		}
		ynode_free(tree);
		rules_free(r);
		free(buf);
	}

	for (k = 0; known_gaps[k][0] != NULL; k++) {
		for (i = 0; i < ncases; i++)
			if (strcmp(cases[i].id, known_gaps[k][0]) == 0)
				break;
		if (i == ncases || !gaps_seen[i])
			printf("yaml: note: known gap %s is refused now: take "
			    "it off the list\n", known_gaps[k][0]);
	}

	printf("yaml: %zu inputs, slowest %s %.3f s (limit %.0f s), %ld over\n",
	    ncases, worst_id, worst, limit, slow);
	printf("yaml: must-fail: %ld/%ld refused by the loader's YAML layer "
	    "(%ld by libyaml, %ld by policy), %ld known gaps, %ld unlisted; "
	    "%ld/%ld refused as rule files\n", by_libyaml + by_policy,
	    must_fail, by_libyaml, by_policy, gaps - listed_fail, listed_fail,
	    must_fail - rule_accepts, must_fail);
	printf("yaml: valid: %ld/%ld parsed by libyaml, %ld accepted by the "
	    "loader's YAML layer; in.json agrees %ld/%ld (%ld known "
	    "differences)\n", valid_raw, valid, valid_tree, json_same,
	    json_cmp, json_known);
	printf("yaml: policy refusals:");
	for (k = 1; k < W__COUNT; k++)
		if (policy[k])
			printf(" %s %ld;", why_names[k], policy[k]);
	printf("\n");
	(void)valid_json;

	if (!regression(argv[1], argv[2]))
		fails++;
	fails += (int)(slow + bad + listed_fail + rule_accepts);
	printf("yaml: %s\n", fails ? "FAILED" : "ok");
	return fails ? 1 : 0;
}
