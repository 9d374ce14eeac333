/* cli_leads: `utm-audit leads` argv -> struct leads_opts -> leads_run. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "leads.h"

/* One msgid per paragraph.  '%' in them is a per cent sign, not a
 * placeholder. */
static const char *const usage[] = {
	/* xgettext:no-c-format */
	N_("Usage: utm-audit leads [OPTION]... EXPORT.csv\n"
	"Classify every lead of a CRM export by how specific its source is, draw a\n"
	"reproducible random sample to check by hand, and say whether tracking meets\n"
	"the threshold (default 90% of leads with a specific source).  EXPORT.csv may\n"
	"be - for standard input.\n"),
	N_("Input:\n"
	"  -r, --rules FILE          rule file (default: the built-in rules)\n"
	"  -d, --delimiter C         field delimiter: comma, semicolon, tab, pipe\n"
	"                            (default: detected)\n"
	"  -e, --encoding E          utf-8, windows-1252, latin1, utf-16le, utf-16be\n"
	"                            (default: BOM, else UTF-8 if valid, else cp1252)\n"
	"  -c, --column ROLE=NAME    take ROLE from column NAME (repeatable); roles: id,\n"
	"                            source, source_detail, utm_source, utm_medium,\n"
	"                            utm_campaign, utm_content, utm_term, utm_id, url,\n"
	"                            created, owner\n"),
	/* xgettext:no-c-format */
	N_("Scope and sample:\n"
	"      --since DATE          only leads created on or after DATE (YYYY-MM-DD)\n"
	"      --until DATE          only leads created on or before DATE\n"
	"      --date-order ORDER    read a/b/yyyy dates as dmy or mdy (default:\n"
	"                            settled over the whole column)\n"
	"  -n, --sample N            leads in the audit sample (default: rules, 100)\n"
	"  -s, --seed S              seed of the sample (default: rules, else random;\n"
	"                            the seed used is always printed)\n"
	"  -t, --threshold X         share of specific leads required, 0.9 or 90%\n"
	"      --gate WHAT           population (default): the exact share decides;\n"
	"                            sample: the sample's 95% Wilson interval decides\n"),
	N_("Output:\n"
	"  -f, --format FMT          text (default), json, md (for a pull request or\n"
	"                            wiki page) or html (one self-contained page)\n"
	"  -o, --output FILE         write the report to FILE (atomically)\n"
	"      --worksheet FILE      write the sample as a CSV worksheet to check by hand\n"
	"      --verified FILE       read a filled-in worksheet back and report on it\n"
	"      --annotate FILE       write the export with six utm_audit_* columns added\n"
	"      --baseline FILE       compare with an earlier --format json report: the\n"
	"                            share's change, new spellings, sources and owners\n"
	"                            whose share dropped\n"
	"      --include-column NAME also show column NAME in the sample (it may hold\n"
	"                            personal data: only when asked)\n"
	"      --color WHEN          auto (default), always, never; NO_COLOR is honoured\n"
	"      --mode OCTAL          file mode of written files (default 0600)\n"
	"      --threads N           read with N threads (default: one per core; the\n"
	"                            results are the same for any N)\n"
	"  -q, --quiet               no progress line on a terminal\n"
	"  -h, --help                show this help and exit\n"
	"  -V, --version             show the version and exit\n"),
	N_("Exit status: 0 pass, 1 fail or inconclusive, 2 usage, input or rules error.\n"),
	NULL
};

static int
parse_threshold(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0)
		return -1;
	if (*end == '%') {
		v /= 100;
		end++;
	} else if (v > 1) {
		v /= 100;	/* "90" means 90% */
	}
	if (*end != '\0' || !(v >= 0 && v <= 1))
		return -1;
	*out = v;
	return 0;
}

int
cli_leads(int argc, char **argv)
{
	enum { O_SINCE = 256, O_UNTIL, O_DATE_ORDER, O_GATE, O_WORKSHEET,
	    O_VERIFIED, O_ANNOTATE, O_BASELINE, O_INCLUDE, O_COLOR, O_MODE, O_THREADS,
	    O_LANG };
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "column", required_argument, NULL, 'c' },
		{ "since", required_argument, NULL, O_SINCE },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "date-order", required_argument, NULL, O_DATE_ORDER },
		{ "sample", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "threshold", required_argument, NULL, 't' },
		{ "gate", required_argument, NULL, O_GATE },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "worksheet", required_argument, NULL, O_WORKSHEET },
		{ "verified", required_argument, NULL, O_VERIFIED },
		{ "annotate", required_argument, NULL, O_ANNOTATE },
		{ "baseline", required_argument, NULL, O_BASELINE },
		{ "include-column", required_argument, NULL, O_INCLUDE },
		{ "color", required_argument, NULL, O_COLOR },
		{ "colour", required_argument, NULL, O_COLOR },
		{ "mode", required_argument, NULL, O_MODE },
		{ "threads", required_argument, NULL, O_THREADS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "lang", required_argument, NULL, O_LANG },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct leads_opts o;
	struct diag d;
	unsigned long long v;
	const char *color = "auto";
	int ch, rc;

	memset(&o, 0, sizeof o);
	o.sample_size = -1;
	o.threshold = -1;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "r:d:e:c:n:s:t:f:o:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			o.rules_path = optarg;
			break;
		case 'd':
			if ((o.csv.delim = csvin_delim_parse(optarg)) == 0)
				return cli_usage_error("leads", _("--delimiter: '%s' is not one of "
				    "comma, semicolon, tab, pipe"), optarg);
			break;
		case 'e':
			if ((rc = csvin_enc_parse(optarg)) < 0)
				return cli_usage_error("leads", _("--encoding: unknown encoding '%s'"), optarg);
			o.csv.encoding = (enum csvin_enc)rc;
			break;
		case 'c':
			if (o.nov == COLMAP_MAX_OVERRIDES)
				return cli_usage_error("leads", _("too many --column options"));
			if (colmap_override_parse(optarg, &o.ov[o.nov]) == -1)
				return cli_usage_error("leads", _("--column: '%s' is not ROLE=NAME "
				    "with a known role"), optarg);
			o.nov++;
			break;
		case O_SINCE:
		case O_UNTIL:
			if (date_parse_arg(optarg, ch == O_SINCE ? &o.since : &o.until) == -1)
				return cli_usage_error("leads", _("--%s: '%s' is not a date "
				    "(YYYY-MM-DD or YYYY-MM)"), ch == O_SINCE ? "since" : "until", optarg);
			if (ch == O_SINCE)
				o.have_since = 1;
			else
				o.have_until = 1;
			break;
		case O_DATE_ORDER:
			if ((rc = date_order_parse(optarg)) < 0)
				return cli_usage_error("leads", _("--date-order: '%s' is not dmy or mdy"), optarg);
			o.date_order = (enum date_order)rc;
			break;
		case 'n':
			if (cli_parse_ulong(optarg, 1000000, &v) == -1)
				return cli_usage_error("leads", _("--sample: '%s' is not a number "
				    "from 0 to 1000000"), optarg);
			o.sample_size = (long)v;
			break;
		case 's':
			if (cli_parse_ulong(optarg, ~0ULL, &v) == -1)
				return cli_usage_error("leads", _("--seed: '%s' is not a whole number"), optarg);
			o.seed = v;
			o.seed_set = 1;
			break;
		case 't':
			if (parse_threshold(optarg, &o.threshold) == -1)
				return cli_usage_error("leads", _("--threshold: '%s' is not a share "
				    "from 0 to 1 (or 0%% to 100%%)"), optarg);
			break;
		case O_GATE:
			if (strcmp(optarg, "sample") == 0)
				o.gate_sample = 1;
			else if (strcmp(optarg, "population") != 0)
				return cli_usage_error("leads", _("--gate: '%s' is not population or sample"), optarg);
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				o.format = FMT_JSON;
			else if (strcmp(optarg, "text") == 0)
				o.format = FMT_TEXT;
			else if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0)
				o.format = FMT_MD;
			else if (strcmp(optarg, "html") == 0)
				o.format = FMT_HTML;
			else
				return cli_usage_error("leads", _("--format: '%s' is not text, json, md or html"), optarg);
			break;
		case 'o':
			o.output = optarg;
			break;
		case O_WORKSHEET:
			o.worksheet = optarg;
			break;
		case O_VERIFIED:
			o.verified = optarg;
			break;
		case O_ANNOTATE:
			o.annotate = optarg;
			break;
		case O_BASELINE:
			o.baseline = optarg;
			break;
		case O_INCLUDE:
			if (o.ninclude == LEADS_MAX_INCLUDE)
				return cli_usage_error("leads", _("too many --include-column options"));
			o.include[o.ninclude++] = optarg;
			break;
		case O_COLOR:
			color = optarg;
			if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never"))
				return cli_usage_error("leads", _("--color: '%s' is not auto, always or never"), optarg);
			break;
		case O_MODE:
			if (cli_parse_ulong(optarg, 0777, &v) == -1 || optarg[0] != '0')
				return cli_usage_error("leads", _("--mode: '%s' is not an octal mode such as 0600"), optarg);
			o.mode = (unsigned)v;
			break;
		case O_THREADS:
			if (cli_parse_ulong(optarg, CSVIN_MAX_THREADS, &v) == -1 || v == 0)
				return cli_usage_error("leads", _("--threads: '%s' is not a number "
				    "from 1 to %d"), optarg, CSVIN_MAX_THREADS);
			o.threads = (int)v;
			break;
		case O_LANG:	/* main has set the language */
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			return cli_help(usage);
		case 'V':
			cli_version();
			break;
		default:
			return cli_usage_error("leads", _("invalid option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("leads", "%s", optind == argc ?
		    _("missing EXPORT.csv") : _("one export at a time"));
	o.input = argv[optind];
	if (strcmp(color, "always") == 0)
		o.color = 1;
	else if (strcmp(color, "auto") == 0)
		o.color = o.output == NULL && o.format == FMT_TEXT && isatty(1) &&
		    getenv("NO_COLOR") == NULL;
	if (o.have_since && o.have_until && date_days(&o.since) > date_days(&o.until))
		return cli_usage_error("leads", _("--since is after --until"));
	if ((rc = leads_run(&o, &d)) == -1)
		return cli_fail(&d);
	return rc;
}
