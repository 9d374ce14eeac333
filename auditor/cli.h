/* cli: argv -> options for each command, and what the commands share.
 * cli knows nothing of CSV, YAML or PCRE2: it fills an options struct and
 * calls the command's run function, whose result becomes the exit status. */
#ifndef CLI_H
#define CLI_H

#include "diag.h"

/* Exit statuses, the same for every command. */
#define EXIT_PASS	0	/* nothing at or above the gate */
#define EXIT_FAIL	1	/* the gate failed (or was inconclusive) */
#define EXIT_USAGE	2	/* usage, input or rules error */

/* Each returns the process exit status; argv[0] is the command name. */
int	cli_leads(int argc, char **argv);
int	cli_links(int argc, char **argv);
int	cli_rules(int argc, char **argv);

/* Prints d as "utm-audit: FILE:LINE:COL: error: MSG" and returns EXIT_USAGE. */
int	cli_fail(const struct diag *d);
/* Prints "utm-audit: MSG" plus a hint to try --help; returns EXIT_USAGE.
 * Callers translate fmt with _(). */
int	cli_usage_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Prints --help to stdout: the paragraphs (NULL-terminated, marked with
 * N_()) translated, with a blank line between them.  Returns the exit
 * status: EXIT_PASS, or EXIT_USAGE on a write error. */
int	cli_help(const char *const *paragraphs);
/* Prints the version line and exits 0 (GNU --version). */
void	cli_version(void);

/* A whole option value s, decimal (or 0x hex, 0 octal), at most max, into
 * *out.  Returns 0, or -1 when it is not one. */
int	cli_parse_ulong(const char *s, unsigned long long max, unsigned long long *out);

struct rules;
/* Loads --rules PATH, or the built-in rules when path is NULL.  The result
 * is owned by the caller (rules_free). */
struct rules *cli_load_rules(const char *path, struct diag *d);

#endif
