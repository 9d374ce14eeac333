#include "date.h"

#include <stddef.h>

/* A read position in a value that need not be NUL-terminated. */
struct cur {
	const char	*p;
	const char	*e;
};

static inline int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isblank_(int c)
{
	return c == ' ' || c == '\t';
}

static inline int
istrim(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
peek(const struct cur *c)
{
	return c->p < c->e ? (unsigned char)*c->p : -1;
}

static int
accept(struct cur *c, int ch)
{
	if (peek(c) != ch)
		return 0;
	c->p++;
	return 1;
}

static int
accept_ci(struct cur *c, int ch)
{
	if (c->p >= c->e || lower((unsigned char)*c->p) != ch)
		return 0;
	c->p++;
	return 1;
}

static size_t
skip_blanks(struct cur *c)
{
	size_t n = 0;

	while (c->p < c->e && isblank_((unsigned char)*c->p)) {
		c->p++;
		n++;
	}
	return n;
}

/*
 * Reads a number of min..max digits; more digits than max in a row make it
 * fail, so "123/4/2026" is not read as 12.  Returns the digit count or -1.
 */
static int
number(struct cur *c, int min, int max, int *val)
{
	int n = 0, v = 0;

	while (c->p < c->e && isdig((unsigned char)*c->p)) {
		if (n == max)
			return -1;
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n < min)
		return -1;
	*val = v;
	return n;
}

/* Reads exactly n digits, whatever follows. */
static int
fixed(struct cur *c, int n, int *val)
{
	int v = 0;

	for (; n > 0; n--) {
		if (c->p == c->e || !isdig((unsigned char)*c->p))
			return -1;
		v = v * 10 + (*c->p++ - '0');
	}
	*val = v;
	return 0;
}

static inline int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static inline int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

static inline int
valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 &&
	    d >= 1 && d <= month_days(y, m);
}

/* AM/PM, "a.m." and "p.m." in any case: 0 for AM, 12 for PM, -1 for none. */
static int
meridiem(struct cur *c)
{
	struct cur save = *c;
	int pm;

	if (accept_ci(c, 'a'))
		pm = 0;
	else if (accept_ci(c, 'p'))
		pm = 12;
	else
		return -1;
	if (accept(c, '.')) {
		if (!accept_ci(c, 'm'))
			goto no;
		accept(c, '.');
	} else if (!accept_ci(c, 'm'))
		goto no;
	return pm;
no:
	*c = save;
	return -1;
}

/* Z, UTC, GMT, +hh, +hhmm, +hh:mm (or '-'): checked, then dropped. */
static int
zone(struct cur *c)
{
	int h, m;

	if (accept_ci(c, 'z'))
		return 0;
	if (accept_ci(c, 'u')) {
		if (accept_ci(c, 't') && accept_ci(c, 'c'))
			return 0;
		return -1;
	}
	if (accept_ci(c, 'g')) {
		if (accept_ci(c, 'm') && accept_ci(c, 't'))
			return 0;
		return -1;
	}
	if (!accept(c, '+') && !accept(c, '-'))
		return -1;
	if (fixed(c, 2, &h) == -1 || h > 23)
		return -1;
	if (c->p == c->e)
		return 0;
	accept(c, ':');
	if (fixed(c, 2, &m) == -1 || m > 59)
		return -1;
	return 0;
}

/*
 * A time and what may follow it, up to the end of the value: hh:mm[:ss[.f]]
 * [AM|PM] and, when tz, an optional zone.
 */
static int
time_of_day(struct cur *c, int tz, struct date *out)
{
	int h, mi, ss = 0, f, pm;

	if (number(c, 1, 2, &h) == -1 || !accept(c, ':') ||
	    number(c, 2, 2, &mi) == -1)
		return -1;
	if (accept(c, ':')) {
		if (number(c, 2, 2, &ss) == -1)
			return -1;
		if ((accept(c, '.') || accept(c, ',')) &&
		    number(c, 1, 9, &f) == -1)
			return -1;
	}
	if (mi > 59 || ss > 59)
		return -1;
	skip_blanks(c);
	if ((pm = meridiem(c)) != -1) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + pm;
		skip_blanks(c);
	} else if (h > 23)
		return -1;
	if (tz && c->p < c->e && zone(c) == -1)
		return -1;
	if (c->p != c->e)
		return -1;
	out->hh = h;
	out->mi = mi;
	out->ss = ss;
	return 0;
}

/*
 * What follows a date: nothing, or a time after blanks (an ISO date also
 * after 'T', any other after ", ").
 */
static int
tail(struct cur *c, int iso, struct date *out)
{
	out->hh = out->mi = out->ss = 0;
	if (c->p == c->e)
		return 0;
	if (iso && (accept(c, 'T') || accept(c, 't')))
		return time_of_day(c, 1, out);
	if (!iso)
		accept(c, ',');
	if (skip_blanks(c) == 0)
		return -1;
	return time_of_day(c, iso, out);
}

/* The value of the n digits at s, or -1 when one is not a digit. */
static inline int
digits(const char *s, int n)
{
	unsigned a = (unsigned char)s[0] - '0', b, c, d;

	if (n == 1)
		return a <= 9 ? (int)a : -1;
	b = (unsigned char)s[1] - '0';
	if (n == 2)
		return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
	c = (unsigned char)s[2] - '0';
	d = (unsigned char)s[3] - '0';
	return (a <= 9 && b <= 9 && c <= 9 && d <= 9) ?
	    (int)(a * 1000 + b * 100 + c * 10 + d) : -1;
}

/*
 * The two shapes exports write on every row, read without the general
 * parser: yyyy-mm-dd, then nothing or ' ' or 'T' and hh:mm[:ss]; and
 * a/b/yyyy (1 or 2 digits each), then nothing or ' ' and h:mm[:ss] and
 * nothing or " AM" or " PM" (either case).  Returns 1 with *out (and
 * *a, *b, the first two numbers of a/b/yyyy; *a is -1 for ISO) filled
 * as date_parse reads it, 0 when s is not one of them or not a valid date
 * and time: date_parse decides then.
 */
static int
shape(const char *s, size_t len, struct date *out, int *a, int *b)
{
	size_t i, t;
	int pm = -1;

	if (len >= 10 && s[4] == '-' && s[7] == '-') {
		if ((out->y = digits(s, 4)) < 0 || (out->m = digits(s + 5, 2)) < 0 ||
		    (out->d = digits(s + 8, 2)) < 0 ||
		    !valid_ymd(out->y, out->m, out->d))
			return 0;
		*a = -1;
		t = 10;
		if (len > 10 && s[10] != ' ' && s[10] != 'T')
			return 0;
	} else {
		for (i = 0; i < 2 && i < len && isdig((unsigned char)s[i]); i++)
			continue;
		if (i == 0 || i >= len || s[i] != '/' || (*a = digits(s, (int)i)) < 0)
			return 0;
		s += i + 1;
		len -= i + 1;
		for (i = 0; i < 2 && i < len && isdig((unsigned char)s[i]); i++)
			continue;
		if (i == 0 || i + 5 > len || s[i] != '/' ||
		    (*b = digits(s, (int)i)) < 0 ||
		    (out->y = digits(s + i + 1, 4)) < 1)
			return 0;
		s += i + 5;
		len -= i + 5;
		t = 0;
		if (len > 0 && s[0] != ' ')
			return 0;
		if (len >= 3 && (s[len - 1] == 'M' || s[len - 1] == 'm') &&
		    s[len - 3] == ' ') {
			if (s[len - 2] == 'A' || s[len - 2] == 'a')
				pm = 0;
			else if (s[len - 2] == 'P' || s[len - 2] == 'p')
				pm = 12;
			else
				return 0;
			len -= 3;
		}
	}
	out->hh = out->mi = out->ss = 0;
	if (len == t)
		return pm == -1;
	/* the time: 1 or 2 hour digits after a/b/yyyy, 2 after ISO */
	s += t + 1;
	len -= t + 1;
	i = len > 1 && s[1] == ':' && *a != -1 ? 1 : 2;
	if (len != i + 3 && len != i + 6)
		return 0;
	if ((out->hh = digits(s, (int)i)) < 0 || s[i] != ':' ||
	    (out->mi = digits(s + i + 1, 2)) < 0 || out->mi > 59)
		return 0;
	if (len == i + 6 && (s[i + 3] != ':' ||
	    (out->ss = digits(s + i + 4, 2)) < 0 || out->ss > 59))
		return 0;
	if (pm != -1) {
		if (out->hh < 1 || out->hh > 12)
			return 0;
		out->hh = out->hh % 12 + pm;
	} else if (out->hh > 23)
		return 0;
	return 1;
}

/*
 * Settles a/b/y, read day first or month first: *e is what the value says
 * about the column's order, and t->m, t->d are read in order (a date that
 * is valid only one way is read that way).  -1 when neither way is a valid
 * date.  The fast path and date_parse_slow share it, so they agree.
 */
static inline int
day_month(int y, int a, int b, enum date_order order, struct date *t,
    enum date_ev *e)
{
	int dmy_ok = valid_ymd(y, b, a), mdy_ok = valid_ymd(y, a, b), mdy;

	if (dmy_ok && mdy_ok)
		*e = a == b ? DATE_EV_NONE : DATE_EV_EITHER;
	else if (dmy_ok)
		*e = DATE_EV_DMY;
	else if (mdy_ok)
		*e = DATE_EV_MDY;
	else
		return -1;
	mdy = order == DATE_MDY ? mdy_ok : !dmy_ok;
	t->m = mdy ? a : b;
	t->d = mdy ? b : a;
	return 0;
}

int
date_parse(const char *s, size_t len, enum date_order order,
    struct date *out, enum date_ev *ev)
{
	struct date t;
	int a = -1, b = 0;
	enum date_ev e;

	if (s == NULL || len == 0 || istrim((unsigned char)s[0]) ||
	    istrim((unsigned char)s[len - 1]) || !shape(s, len, &t, &a, &b))
		return date_parse_slow(s, len, order, out, ev);
	if (ev != NULL)
		*ev = DATE_EV_NONE;
	if (a == -1) {
		*out = t;
		return 0;
	}
	/* a/b/yyyy: as date_parse_slow settles the order */
	if (day_month(t.y, a, b, order, &t, &e) == -1)
		return date_parse_slow(s, len, order, out, ev);
	*out = t;
	if (ev != NULL)
		*ev = e;
	return 0;
}

int
date_parse_slow(const char *s, size_t len, enum date_order order,
    struct date *out, enum date_ev *ev)
{
	struct cur c;
	struct date t;
	int a, b, y, na, ny, sep;
	enum date_ev e;

	if (ev != NULL)
		*ev = DATE_EV_NONE;
	if (s == NULL)
		return -1;
	c.p = s;
	c.e = s + len;
	while (c.p < c.e && istrim((unsigned char)*c.p))
		c.p++;
	while (c.e > c.p && istrim((unsigned char)c.e[-1]))
		c.e--;

	if ((na = number(&c, 1, 4, &a)) == -1 || na == 3)
		return -1;
	sep = peek(&c);
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	c.p++;
	if (number(&c, 1, 2, &b) == -1 || !accept(&c, sep))
		return -1;

	if (na == 4) {
		/* Year first: y-m-d, whatever the separator. */
		if (number(&c, 1, 2, &t.d) == -1)
			return -1;
		t.y = a;
		t.m = b;
		if (!valid_ymd(t.y, t.m, t.d) || tail(&c, 1, &t) == -1)
			return -1;
		*out = t;
		return 0;
	}

	if ((ny = number(&c, 2, 4, &y)) == -1 || ny == 3)
		return -1;
	if (ny == 2) {
		if (sep == '-')
			return -1;
		y += 2000;
	}
	if (tail(&c, 0, &t) == -1)
		return -1;
	t.y = y;

	if (sep == '.') {
		/* Dotted dates are day first everywhere they are written. */
		if (!valid_ymd(y, b, a))
			return -1;
		t.m = b;
		t.d = a;
		*out = t;
		return 0;
	}

	if (day_month(y, a, b, order, &t, &e) == -1)
		return -1;
	*out = t;
	if (ev != NULL)
		*ev = e;
	return 0;
}

int
date_parse_arg(const char *s, struct date *out)
{
	struct cur c;
	struct date t = { 0, 0, 1, 0, 0, 0 };

	if (s == NULL)
		return -1;
	c.p = s;
	for (c.e = s; *c.e != '\0'; c.e++)
		continue;
	if (number(&c, 4, 4, &t.y) == -1 || !accept(&c, '-') ||
	    number(&c, 2, 2, &t.m) == -1)
		return -1;
	if (accept(&c, '-') && number(&c, 2, 2, &t.d) == -1)
		return -1;
	if (c.p != c.e || !valid_ymd(t.y, t.m, t.d))
		return -1;
	*out = t;
	return 0;
}

/*
 * Days from civil, after Howard Hinnant's chrono-compatible algorithms:
 * years start on March 1 so the leap day is the last day of a year, and
 * eras of 400 years repeat exactly.
 */
long
date_days(const struct date *d)
{
	long y = d->y - (d->m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;			/* [0, 399] */
	long mp = (d->m + 9) % 12;			/* March = 0 */
	long doy = (153 * mp + 2) / 5 + d->d - 1;	/* [0, 365] */
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */

	return era * 146097 + doe - 719468;
}

int
date_month(const struct date *d)
{
	return d->y * 12 + (d->m - 1);
}

void
date_month_str(int month, char out[8])
{
	int y, m;

	if (month < 0 || month >= 10000 * 12) {
		/* No real month: an impossible one, still 7 characters. */
		y = m = 0;
	} else {
		y = month / 12;
		m = month % 12 + 1;
	}
	out[0] = '0' + y / 1000;
	out[1] = '0' + y / 100 % 10;
	out[2] = '0' + y / 10 % 10;
	out[3] = '0' + y % 10;
	out[4] = '-';
	out[5] = '0' + m / 10;
	out[6] = '0' + m % 10;
	out[7] = '\0';
}

void
date_guess_add(struct date_guess *g, enum date_ev ev)
{
	switch (ev) {
	case DATE_EV_DMY:
		g->dmy++;
		break;
	case DATE_EV_MDY:
		g->mdy++;
		break;
	case DATE_EV_EITHER:
		g->either++;
		break;
	default:
		g->other++;
		break;
	}
}

enum date_order
date_guess_order(const struct date_guess *g, int *mixed)
{
	if (mixed != NULL)
		*mixed = g->dmy > 0 && g->mdy > 0;
	return g->mdy > g->dmy ? DATE_MDY : DATE_DMY;
}

const char *
date_order_name(enum date_order o)
{
	switch (o) {
	case DATE_AUTO:
		return "auto";
	case DATE_DMY:
		return "dd-mm-yyyy";
	case DATE_MDY:
		return "mm-dd-yyyy";
	}
	return "?";
}

static int
eq_ci(const char *s, const char *lit)
{
	while (*lit != '\0' && lower((unsigned char)*s) == *lit) {
		s++;
		lit++;
	}
	return *s == '\0' && *lit == '\0';
}

int
date_order_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (eq_ci(s, "auto"))
		return DATE_AUTO;
	if (eq_ci(s, "dmy"))
		return DATE_DMY;
	if (eq_ci(s, "mdy"))
		return DATE_MDY;
	return -1;
}
