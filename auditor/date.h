/* date: read the created-date column of CRM exports, and the --since and
 * --until arguments.  Pure arithmetic: no allocation, no locale, no
 * strptime or mktime, no time zones.
 *
 * Readable values, after trimming spaces, tabs, CR and LF at both ends:
 *
 *	2026-03-14			ISO 8601 date (also 2026/03/14, 2026.03.14)
 *	2026-03-14T10:22:33Z		ISO date and time; 'T' or spaces between;
 *	2026-03-14 10:22		seconds optional; fraction (.123) ignored;
 *	2026-03-14T10:22:33.123+01:00	zone Z, +hh, +hhmm, +hh:mm, UTC or GMT
 *					checked and ignored: the wall-clock
 *					time is kept, so the day is the one
 *					written
 *	14-03-2026  14/03/2026		a-b-yyyy and a/b/yyyy: day and month in
 *	03/14/2026  12/9/2022		either order (see date_parse), 1 or 2 digits
 *	14.3.2026			dotted: always day first (German and others)
 *	3/14/26  14.03.26		two-digit years, only with '/' and '.': they
 *					mean 2000-2099 (Excel's short dates)
 *
 * Any date may be followed by spaces and a time; an ISO date also by 'T'
 * and a time, the others also by ", " and a time.  A time is hh:mm or
 * hh:mm:ss with 1 or 2 hour digits, an optional fraction of a second, and
 * an optional AM or PM (any case, "a.m." too) after optional spaces; with
 * AM/PM the hour is 1-12 and 12 AM is 00, else 0-23.  Minutes and seconds
 * are 0-59.  Only a time after an ISO date may carry a zone.
 *
 * Two-digit years with '-' are refused: yy-mm-dd is a real format, and a
 * value like 12-09-22 would be read silently wrong in one of them.  Years
 * are 0001-9999; 0000-00-00 and other placeholders are unreadable. */
#ifndef DATE_H
#define DATE_H
#include <stddef.h>

enum date_order {
	DATE_AUTO = 0,	/* same as DMY for a single value */
	DATE_DMY,	/* a/b/yyyy is day/month/year */
	DATE_MDY	/* a/b/yyyy is month/day/year */
};

/* What one value says about the column's day/month order. */
enum date_ev {
	DATE_EV_NONE = 0,	/* unambiguous (ISO, dotted, a == b) or unreadable */
	DATE_EV_DMY,		/* first > 12: only day-first reads it */
	DATE_EV_MDY,		/* second > 12: only month-first reads it */
	DATE_EV_EITHER		/* both <= 12 and different: the order matters */
};

/* A calendar date and a wall-clock time; hh, mi, ss are 0 when no time was
 * written.  A plain value type. */
struct date {
	int	y, m, d, hh, mi, ss;
};

/* Reads s[0..len) (need not be NUL-terminated).  Returns 0 and fills *out,
 * or -1 when unreadable.  For a-b-yyyy and a/b/yyyy, order says which is the
 * day (DATE_AUTO means DMY); a value that the requested order cannot read
 * but the other order can (25/03/2026 with DATE_MDY) is read in the other
 * order, and *ev tells the caller so.  A value valid in neither order
 * (31/02/2026, 13/13/2026) is -1.  *ev (ev may be NULL) is set on every
 * call: what the value tells about the order, whatever order was used. */
int	date_parse(const char *s, size_t len, enum date_order order,
	    struct date *out, enum date_ev *ev);
/* date_parse without its shortcut for the shapes every row repeats
 * (yyyy-mm-dd hh:mm, m/d/yyyy h:mm AM): the same results, for tests. */
int	date_parse_slow(const char *s, size_t len, enum date_order order,
	    struct date *out, enum date_ev *ev);

/* Reads a --since or --until argument: YYYY-MM-DD, or YYYY-MM meaning the
 * first day of that month.  Nothing else is accepted, not even spaces.
 * Returns 0 and fills *out (time 00:00:00), or -1. */
int	date_parse_arg(const char *s, struct date *out);

/* Days since 1970-01-01 in the proleptic Gregorian calendar (negative
 * before); the time of day is ignored. */
long	date_days(const struct date *d);

/* A month number that sorts and subtracts: y * 12 + (m - 1). */
int	date_month(const struct date *d);

/* Writes a month number as "2026-03" (NUL-terminated) to out; months of
 * years outside 0000-9999 are written "0000-00". */
void	date_month_str(int month, char out[8]);

/* Evidence counts over a column, one date_guess_add per value.  Start
 * from a zeroed struct. */
struct date_guess {
	long	dmy, mdy, either, other;
};

void	date_guess_add(struct date_guess *g, enum date_ev ev);

/* The order the column's evidence supports: DMY when only day-first values
 * were seen, MDY when only month-first ones, the majority when both (a mixed
 * column; a tie gives DMY), and DMY when there is no evidence at all: the
 * European reading is the default because a wrong guess then only affects
 * values whose day is 12 or less, and nothing in the column says otherwise.
 * *mixed (mixed may be NULL) is set to 1 when both kinds were seen, else 0. */
enum date_order date_guess_order(const struct date_guess *g, int *mixed);

/* A short name for reports: "auto", "dd-mm-yyyy" or "mm-dd-yyyy".  Static
 * storage. */
const char *date_order_name(enum date_order o);

/* Reads an order name given by a user: "dmy", "mdy" or "auto" (any case).
 * Returns the enum date_order value, or -1 when unknown. */
int	date_order_parse(const char *s);

#endif
