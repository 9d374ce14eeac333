/* utm-audit: audit lead-source and UTM tracking.  main only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
"Usage: utm-audit COMMAND [OPTION]... [FILE]...\n"
"Audit lead-source and UTM tracking before anyone computes marketing ROI.\n"
"\n"
"Commands:\n"
"  leads EXPORT.csv    classify every lead of a CRM export, draw the audit\n"
"                      sample and say whether tracking meets the threshold\n"
"  links FILE...       lint campaign links (text, CSV, Markdown, HTML) for CI\n"
"  rules check FILE    validate a rule file\n"
"  rules show [FILE]   print the effective rules\n"
"\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Run 'utm-audit COMMAND --help' for a command's options.\n"
"Exit status: 0 pass, 1 fail or inconclusive, 2 usage, input or rules error.\n";

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (cmd == NULL) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		fputs(usage, stdout);
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
	return cli_usage_error(NULL, "unknown command '%s'", cmd);
}
