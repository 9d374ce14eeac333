/* utm-audit: audit lead-source and UTM tracking.  main only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

/* One msgid per paragraph. */
static const char *const usage[] = {
	N_("Usage: utm-audit [--lang LANG] COMMAND [OPTION]... [FILE]...\n"
	"Audit lead-source and UTM tracking before anyone computes marketing ROI.\n"),
	N_("Commands:\n"
	"  leads EXPORT.csv    classify every lead of a CRM export, draw the audit\n"
	"                      sample and say whether tracking meets the threshold\n"
	"  links FILE...       lint campaign links (text, CSV, Markdown, HTML) for CI\n"
	"  rules check FILE    validate a rule file\n"
	"  rules show [FILE]   print the effective rules\n"),
	N_("      --lang LANG     language of the messages and reports, e.g. nl or en\n"
	"                      (default: LANGUAGE, else the locale)\n"
	"  -h, --help          show this help and exit\n"
	"  -V, --version       show the version and exit\n"),
	N_("Run 'utm-audit COMMAND --help' for a command's options.\n"
	"Exit status: 0 pass, 1 fail or inconclusive, 2 usage, input or rules error.\n"),
	NULL
};

static void
print_usage(FILE *fp)
{
	size_t i;

	for (i = 0; usage[i] != NULL; i++) {
		if (i > 0)
			fputc('\n', fp);
		fputs(_(usage[i]), fp);
	}
}

/* The language asked for with --lang LANG or --lang=LANG anywhere before
 * "--" (the commands accept the option too, and leave it to main); NULL
 * when none.  *bad is set when --lang has no argument. */
static const char *
find_lang(int argc, char **argv, int *bad)
{
	const char *lang = NULL;
	int i;

	*bad = 0;
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--lang=", 7) == 0)
			lang = argv[i] + 7;
		else if (strcmp(argv[i], "--lang") == 0) {
			if (i + 1 == argc) {
				*bad = 1;
				return NULL;
			}
			lang = argv[++i];
		}
	}
	return lang;
}

int
main(int argc, char **argv)
{
	const char *cmd, *lang;
	int bad;

	lang = find_lang(argc, argv, &bad);
	if (i18n_init(lang) == -1) {
		i18n_init(NULL);
		return cli_usage_error(NULL, _("--lang: '%s' is not a language name "
		    "such as nl or en"), lang);
	}
	if (bad)
		return cli_usage_error(NULL, _("option '%s' needs an argument"), "--lang");
	/* utm-audit --lang nl COMMAND ...: the command sees its own argv */
	while (argc > 1 && (strncmp(argv[1], "--lang=", 7) == 0 ||
	    strcmp(argv[1], "--lang") == 0)) {
		int k = argv[1][6] == '=' ? 1 : 2;
		argc -= k;
		argv[k] = argv[0];
		argv += k;
	}
	cmd = argc > 1 ? argv[1] : NULL;
	if (cmd == NULL) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		print_usage(stdout);
		return fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_USAGE;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0)
		cli_version();
	if (strcmp(cmd, "leads") == 0)
		return cli_leads(argc - 1, argv + 1);
	if (strcmp(cmd, "links") == 0)
		return cli_links(argc - 1, argv + 1);
	if (strcmp(cmd, "rules") == 0)
		return cli_rules(argc - 1, argv + 1);
	return cli_usage_error(NULL, _("unknown command '%s'"), cmd);
}
