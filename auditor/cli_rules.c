/* cli_rules: `utm-audit rules check|show|explain`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "norm.h"
#include "out.h"
#include "rules.h"

/* One msgid per paragraph. */
static const char *const usage[] = {
	N_("Usage: utm-audit rules check FILE...\n"
	"       utm-audit rules show [FILE]\n"
	"       utm-audit rules explain [-r FILE] VALUE...\n"
	"Check rule files, print the effective rules (the built-in ones without FILE),\n"
	"or explain how values are read: their comparison key, whether they are vague,\n"
	"and which canonical source or medium they lead to.\n"),
	N_("  -r, --rules FILE   rule file for explain (default: the built-in rules)\n"
	"  -h, --help         show this help and exit\n"
	"  -V, --version      show the version and exit\n"),
	N_("Exit status: 0 valid, 2 usage or rules error.\n"),
	NULL
};

static const char *
how_name(enum rules_how how)
{
	switch (how) {
	case RULES_EXACT:	return _("the canonical itself");
	case RULES_VARIANT:	return _("a case or spacing variant");
	case RULES_ALIAS:	return _("an alias");
	case RULES_PATTERN:	return _("a pattern");
	default:		return _("nothing");
	}
}

static void
explain(const struct rules *r, const char *raw)
{
	char key[NORM_KEY_MAX], shown[6 * NORM_KEY_MAX];
	size_t len, klen;
	const char *s = norm_trim(raw, strlen(raw), &len);
	const struct rules_canon *c;
	enum rules_how how;
	int limit = 0;

	klen = norm_key(s, len, key, sizeof key, NULL);
	/* Hidden characters (U+202E, controls) as \u escapes: this is read
	 * by a person, who must see what the value holds. */
	out_json_shown(stdout, raw, strlen(raw));
	out_shown(shown, sizeof shown, key, klen);
	/* TRANSLATORS: rules explain prints one line per value: the value,
	   then clauses that start with ": " or "; ". */
	printf(_(": key '%s'"), shown);
	if (klen == 0) {
		puts(_(": empty, no source information"));
		return;
	}
	if (rules_is_vague(r, key, klen, &limit)) {
		puts(_(": vague (never identifies a source)"));
		return;
	}
	if ((c = rules_source(r, key, klen, s, len, &how, &limit)) != NULL && c->generic)
		/* TRANSLATORS: the second %s is a category name from the
		   rules (search, social, ...); the last %s is how the value
		   was recognised, e.g. "an alias". */
		printf(_(": source '%s' (%s, generic) by %s"), c->name,
		    rules_category_name(c->category), how_name(how));
	else if (c != NULL)
		printf(_(": source '%s' (%s) by %s"), c->name,
		    rules_category_name(c->category), how_name(how));
	else
		fputs(_(": unknown source"), stdout);
	if ((c = rules_medium(r, key, klen, s, len, &how, &limit)) != NULL)
		printf(_("; medium '%s' by %s"), c->name, how_name(how));
	if (rules_campaign_ok(r, s, len) == 1)
		fputs(_("; a valid campaign code"), stdout);
	putchar('\n');
}

int
cli_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "lang", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = NULL, *verb;
	struct rules *r;
	struct diag d;
	char ns[64], nm[64];
	int ch, i;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "+r:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			path = optarg;
			break;
		case 'h':
			return cli_help(usage);
		case 'V':
			cli_version();
			break;
		case 'L':	/* --lang: main has set the language */
			break;
		default:
			return cli_usage_error("rules", _("invalid option"));
		}
	}
	if (optind == argc)
		return cli_usage_error("rules", _("missing check, show or explain"));
	verb = argv[optind++];
	if (strcmp(verb, "check") == 0) {
		if (optind == argc)
			return cli_usage_error("rules", _("check: missing FILE"));
		for (i = optind; i < argc; i++) {
			if ((r = rules_load_file(argv[i], &d)) == NULL)
				return cli_fail(&d);
			snprintf(ns, sizeof ns, ngettext("%zu source", "%zu sources",
			    rules_source_count(r)), rules_source_count(r));
			snprintf(nm, sizeof nm, ngettext("%zu medium", "%zu mediums",
			    rules_medium_count(r)), rules_medium_count(r));
			/* TRANSLATORS: FILE: ok: 12 sources, 5 mediums */
			printf(_("%s: ok: %s, %s\n"), argv[i], ns, nm);
			rules_free(r);
		}
	} else if (strcmp(verb, "show") == 0) {
		if (argc - optind > 1)
			return cli_usage_error("rules", _("show: one FILE at most"));
		if ((r = cli_load_rules(optind < argc ? argv[optind] : path, &d)) == NULL)
			return cli_fail(&d);
		rules_dump(r, stdout);
		rules_free(r);
	} else if (strcmp(verb, "explain") == 0) {
		if (optind == argc)
			return cli_usage_error("rules", _("explain: missing VALUE"));
		if ((r = cli_load_rules(path, &d)) == NULL)
			return cli_fail(&d);
		for (i = optind; i < argc; i++)
			explain(r, argv[i]);
		rules_free(r);
	} else {
		return cli_usage_error("rules", _("unknown rules command '%s'"), verb);
	}
	if (out_stdout_check(&d) == -1)
		return cli_fail(&d);
	return EXIT_PASS;
}
