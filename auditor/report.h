/* report: one file per output format of a leads audit, behind one small
 * interface.  Writers only read the result; values from the input are
 * escaped for the format and personal data (emails, phone numbers) is
 * printed as "[redacted]". */
#ifndef REPORT_H
#define REPORT_H
#include <stdio.h>

#include "leads.h"

/* Each writes the whole report of res to fp; 0, or -1 on a write error. */
int	report_text(FILE *fp, const struct leads_result *res);
int	report_json(FILE *fp, const struct leads_result *res);
int	report_md(FILE *fp, const struct leads_result *res);	/* PR comment, wiki */
int	report_html(FILE *fp, const struct leads_result *res);	/* one self-contained page */

/* Shared by the writers: the value, or "[redacted]" when it holds an email
 * address or a phone number.  *len is updated. */
const char *report_safe(const char *s, size_t *len);
/* Writes s[0..len), redacted (report_safe), as a YAML scalar that pastes
 * as it is into a rule file: plain when that is safe, else double-quoted,
 * with the characters out_hidden names as \uXXXX escapes (visible, and
 * the pasted alias still matches the spelling).  write puts the runs of
 * the scalar into the format (as they are for a code block, out_html for
 * a page). */
void	report_yaml(FILE *fp, const char *s, size_t len,
	    void (*write)(FILE *, const char *, size_t));
/* Finding names of a lead's findings, joined by sep, into buf. */
void	report_reasons(uint64_t findings, const char *sep, char *buf, size_t cap);

/* Words for people, in the reader's language (text, Markdown and HTML;
 * report_json keeps the machine names).  The strings are the catalogue's:
 * never freed. */
const char *report_level_label(enum level lv);		/* "campaign", ... */
const char *report_verdict_label(enum leads_verdict v);	/* "PASS", ... */
const char *report_verdict_word(enum leads_verdict v);	/* "pass" in a sentence */
/* A breakdown group's name as shown: the built-in groups ("(vague)",
 * "(missing)", "(none)", "(undated)") and the tool's own offline channels
 * translated, anything else (a value from the input, a GA4 channel) as it
 * is; *klen is updated. */
const char *report_group_label(enum stats_break b, const char *key, size_t *klen);
const char *report_channel_label(enum channel c);
/* The rules' name: the built-in rules' name translated, a path as it is. */
const char *report_rules_label(const char *name);
/* "semicolon-delimited" for ';', ... */
const char *report_delim_label(int delim);

/* Indices of a map's entries sorted by key (months in time order); the
 * array is owned by the caller (free). */
size_t	*report_order_keys(const struct map *m);

/* What write prints for s[0..len), as a string to put into a sentence's
 * format (so each sentence stays one translatable string); the caller
 * frees it. */
char	*report_capture(void (*write)(FILE *, const char *, size_t),
	    const char *s, size_t len);
/* The sentence saying how the specific share moved since a baseline
 * (then and now in points, 0..100). */
void	report_drift_share(FILE *fp, double then, double now);

/* Quoted fields that took rows of their own (a stray quote?), as every
 * report but JSON says them: the sentence that leads the warning (our
 * words, no markup), and the first REPORT_SPANS_SHOWN places, each as
 * "FILE:LINE:COL: message" between before and after, then "... and N
 * more" the same way.  write puts the file name (redacted here) and our
 * words into the format (out_html for a page).  Call only when
 * res->st.stray_quotes.count > 0. */
#define REPORT_SPANS_SHOWN	10
void	report_spans_sentence(FILE *fp, const struct leads_result *res);
void	report_spans_places(FILE *fp, const struct leads_result *res,
	    const char *before, const char *after,
	    void (*write)(FILE *, const char *, size_t));

/* What the sample alone says about the threshold. */
enum report_settle {
	SETTLE_MET,		/* its whole interval is at or above it */
	SETTLE_MISSED,		/* its whole interval is below it */
	SETTLE_NO_SAMPLE_COULD,	/* more leads would be needed than are in scope */
	SETTLE_NEEDS,		/* about res->sample_needed leads would settle it */
	SETTLE_CANNOT		/* undecided, and no size can be said */
};
enum report_settle report_settle(const struct leads_result *res);
/* The sentence for it, as Markdown and HTML say it (no markup). */
void	report_settle_sentence(FILE *fp, const struct leads_result *res);

#endif
