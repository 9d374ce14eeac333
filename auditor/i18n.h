/* i18n: messages for people in their language, through GNU gettext (the
 * "utm-audit" text domain).  Reports in text, Markdown and HTML, errors and
 * --help are translated; machine formats (JSON, SARIF, JUnit, CSV headers,
 * finding ids) never are.  Until i18n_init runs, and whenever no catalogue
 * matches, every message is its English msgid: the library, its tests and
 * the fuzzers see English only.
 *
 * Marking: _("...") translates where it is printed; N_("...") only marks a
 * string in a table for xgettext, to be translated with _() (or i18n_ctx)
 * where it is printed; C_("ctx", "...") translates a short word whose
 * meaning needs a context ("channel" the level, "channel" the column);
 * NC_ marks a table entry for i18n_ctx; H_ and HN_ translate only when
 * the output is for people.  A count that decides a noun goes through
 * ngettext.  Every sentence is one msgid with printf placeholders. */
#ifndef I18N_H
#define I18N_H
#include <libintl.h>

#define _(s)		gettext(s)
#define N_(s)		(s)
#define C_(ctx, s)	i18n_pgettext(ctx "\004" s, s)
#define NC_(ctx, s)	(s)
/* For text that goes to people or to machines depending on the output
 * format (a links finding is in the text report and in SARIF): the
 * translation when human is set, else the English msgid. */
#define H_(human, s)	((human) ? gettext(s) : (s))
#define HN_(human, one, many, n) \
	((human) ? ngettext(one, many, n) : (n) == 1 ? (one) : (many))

/* Sets up gettext for the process: the message category of the locale
 * from the environment (no other category: numbers keep their '.', bytes
 * are read the same in every locale), the "utm-audit" domain in UTF-8 and
 * its catalogue directory.  lang (from --lang; NULL when not given)
 * overrides LANGUAGE.  When a language is asked for but the locale is "C"
 * or "POSIX" (where glibc ignores LANGUAGE), messages switch to the C.UTF-8
 * locale so the language is used; characters are C.UTF-8 whenever
 * messages are not "C", for the C library's own messages (strerror).
 * The catalogue directory is $UTM_AUDIT_LOCALEDIR when set, else the build
 * tree's when the program runs from the source tree, else the installed
 * one.  Returns 0, or -1 when lang is not a language name (then nothing
 * changed). */
int	i18n_init(const char *lang);

/* The translation of "CTX\004MSGID" (as pgettext), or msgid when there is
 * none.  The result is owned by the catalogue (or is msgid). */
const char *i18n_pgettext(const char *ctx_msgid, const char *msgid)
	    __attribute__((format_arg(2)));
/* The same for a context and msgid known only at run time (table entries
 * marked with NC_); msgid is returned when the two do not fit a small
 * buffer or have no translation. */
const char *i18n_ctx(const char *ctx, const char *msgid)
	    __attribute__((format_arg(2)));

#endif
