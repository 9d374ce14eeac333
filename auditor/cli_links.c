/* cli_links: argv -> struct links_opts for `utm-audit links`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "csvin.h"
#include "finding.h"
#include "i18n.h"
#include "linkrep.h"
#include "links.h"
#include "linkx.h"

/* One msgid per paragraph. */
static const char *const help[] = {
	N_("Usage: utm-audit links [OPTION]... FILE...\n"
	"Lint campaign links for CI: every finding is FILE:LINE:COL, an id, a\n"
	"severity, a message and, when one is certain, a fix.\n"),
	N_("FILE is plain text (one URL per line; blank lines and # comments skipped),\n"
	"CSV (a url, link, landing page or final url column; the other columns are\n"
	"kept as context), Markdown or HTML (links carrying utm parameters, from\n"
	"href attributes, inline links and autolinks).  '-' reads standard input.\n"),
	N_("Options:\n"
	"  -f, --format FMT       report format: text (default), json, sarif, junit,\n"
	"                         github (workflow annotations), md (PR comment)\n"
	"  -o, --output FILE      write the report to FILE (atomically), not stdout\n"
	"  -r, --rules FILE       rule file (default: the built-in rules)\n"
	"      --fail-on LEVEL    exit 1 on findings at or above LEVEL: error\n"
	"                         (default), warning or note\n"
	"      --input-format K   auto (default: from the extension, else the\n"
	"                         content), text, csv, md or html\n"
	"      --column NAME      CSV: the column that holds the links\n"
	"      --delimiter C      CSV: the delimiter (, ; tab |); default: detected\n"
	"      --all-links        Markdown/HTML: also lint links without utm_*\n"
	"      --fix              print every link with its certain fixes applied\n"
	"                         (trim, case, alias to canonical, parameter-name\n"
	"                         case, an equal duplicate removed, UTMs moved out\n"
	"                         of the fragment, &amp; between parameters)\n"
	"  -w, --write            with --fix: rewrite the files in place instead\n"
	"                         (atomically, only files that change); the report\n"
	"                         then lists what is left\n"
	"      --threads N        text and CSV: lint with N threads (default: one\n"
	"                         per core for large files; the report is the same\n"
	"                         for any N; --fix uses one)\n"
	"  -q, --quiet            no summary line\n"
	"  -h, --help             show this help and exit\n"
	"  -V, --version          show the version and exit\n"),
	N_("Checks: url-malformed utm-missing utm-empty utm-duplicate utm-in-fragment\n"
	"macro-unresolved bad-encoding double-encoded html-entity param-name\n"
	"source-vague source-unknown source-alias medium-unknown medium-alias\n"
	"campaign-pattern not-normalized inconsistent duplicate-link pii\n"
	"ga4-unassigned.  Severities can be changed in the rules (links.severity).\n"),
	N_("Exit status: 0 nothing at or above --fail-on, 1 something was, 2 usage,\n"
	"input or rules error.\n"),
	NULL
};

enum {
	OPT_FAIL_ON = 256, OPT_INPUT_FORMAT, OPT_COLUMN, OPT_DELIMITER,
	OPT_ALL_LINKS, OPT_FIX, OPT_LANG, OPT_THREADS
};

static const struct option longopts[] = {
	{ "format",	  required_argument, NULL, 'f' },
	{ "output",	  required_argument, NULL, 'o' },
	{ "rules",	  required_argument, NULL, 'r' },
	{ "fail-on",	  required_argument, NULL, OPT_FAIL_ON },
	{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT },
	{ "column",	  required_argument, NULL, OPT_COLUMN },
	{ "delimiter",	  required_argument, NULL, OPT_DELIMITER },
	{ "all-links",	  no_argument,	     NULL, OPT_ALL_LINKS },
	{ "fix",	  no_argument,	     NULL, OPT_FIX },
	{ "write",	  no_argument,	     NULL, 'w' },
	{ "threads",	  required_argument, NULL, OPT_THREADS },
	{ "quiet",	  no_argument,	     NULL, 'q' },
	{ "help",	  no_argument,	     NULL, 'h' },
	{ "version",	  no_argument,	     NULL, 'V' },
	{ "lang",	  required_argument, NULL, OPT_LANG },
	{ NULL, 0, NULL, 0 }
};

int
cli_links(int argc, char **argv)
{
	struct links_opts o;
	struct diag d;
	unsigned long long v;
	int c, k, i, rc;

	memset(&o, 0, sizeof o);
	o.fail_on = SEV_ERROR;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:o:r:wqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (linkrep_find(optarg) == NULL)
				return cli_usage_error("links", _("unknown format '%s' "
				    "(one of %s)"), optarg, linkrep_names());
			o.format = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'r':
			o.rules = optarg;
			break;
		case OPT_FAIL_ON:
			if ((k = finding_sev_parse(optarg)) < 0)
				return cli_usage_error("links", _("--fail-on takes error, "
				    "warning or note, not '%s'"), optarg);
			o.fail_on = k;
			break;
		case OPT_INPUT_FORMAT:
			if ((k = linkx_kind_parse(optarg)) < 0)
				return cli_usage_error("links", _("unknown input format '%s' "
				    "(one of auto, text, csv, md, html)"), optarg);
			o.kind = (enum linkx_kind)k;
			break;
		case OPT_COLUMN:
			o.column = optarg;
			break;
		case OPT_DELIMITER:
			if ((o.delim = csvin_delim_parse(optarg)) == 0)
				return cli_usage_error("links", _("unknown delimiter '%s' "
				    "(one of , ; tab |)"), optarg);
			break;
		case OPT_ALL_LINKS:
			o.all_links = 1;
			break;
		case OPT_FIX:
			o.fix = 1;
			break;
		case 'w':
			o.write = 1;
			break;
		case OPT_THREADS:
			if (cli_parse_ulong(optarg, LINKS_MAX_THREADS, &v) == -1 || v == 0)
				return cli_usage_error("links", _("--threads: '%s' is not a number "
				    "from 1 to %d"), optarg, LINKS_MAX_THREADS);
			o.threads = (unsigned)v;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			return cli_help(help);
		case OPT_LANG:	/* main has set the language */
			break;
		case 'V':
			cli_version();
			break;
		case ':':
			return cli_usage_error("links", _("option '%s' needs an argument"),
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage_error("links", _("unknown option '-%c'"), optopt);
			return cli_usage_error("links", _("unknown option '%s'"),
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("links", _("no input files (use '-' for standard input)"));
	if (o.write)
		o.fix = 1;
	for (i = optind; i < argc; i++)
		if (o.write && strcmp(argv[i], "-") == 0)
			return cli_usage_error("links", _("--write cannot rewrite standard input"));
	if (o.fix && !o.write && o.output != NULL && strcmp(o.output, "-") == 0)
		return cli_usage_error("links", _("--fix prints the links on standard "
		    "output; give the report another file with --output"));
	o.files = (const char *const *)(argv + optind);
	o.nfiles = (size_t)(argc - optind);
	if ((rc = links_run(&o, &d)) == -1)
		return cli_fail(&d);
	return rc == 0 ? EXIT_PASS : EXIT_FAIL;
}
