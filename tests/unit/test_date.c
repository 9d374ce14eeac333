/* Unit tests for date: every format, ranges, order evidence, arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"

#define NO	-1	/* expected: unreadable */

struct pcase {
	const char	*in;
	int		 order;		/* enum date_order */
	int		 y, m, d, hh, mi, ss;	/* y == NO: unreadable */
	int		 ev;		/* enum date_ev */
};

static const struct pcase pcases[] = {
	/* ISO 8601, with and without a time. */
	{ "2026-03-14", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33Z", DATE_AUTO, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14t10:22:33z", DATE_MDY, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14 10:22", DATE_AUTO, 2026, 3, 14, 10, 22, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33.123+01:00", DATE_AUTO, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14T23:59:59.999999999-05:30", DATE_MDY, 2026, 3, 14, 23, 59, 59, DATE_EV_NONE },
	{ "2026-03-14T10:22:33+0100", DATE_AUTO, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14T10:22:33+01", DATE_AUTO, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14 10:22:33 +0100", DATE_AUTO, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14 10:22:33 UTC", DATE_AUTO, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14 10:22:33 gmt", DATE_AUTO, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14 10:22:33,5", DATE_AUTO, 2026, 3, 14, 10, 22, 33, DATE_EV_NONE },
	{ "2026-03-14   00:00", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14 10:22 PM", DATE_AUTO, 2026, 3, 14, 22, 22, 0, DATE_EV_NONE },
	{ "2026/03/14", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_NONE },
	{ "2026.03.14", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_NONE },
	{ "2026-3-4", DATE_AUTO, 2026, 3, 4, 0, 0, 0, DATE_EV_NONE },
	{ "  2026-03-14\t", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14\r\n", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_NONE },
	{ "0001-01-01", DATE_AUTO, 1, 1, 1, 0, 0, 0, DATE_EV_NONE },
	{ "9999-12-31T23:59:59", DATE_AUTO, 9999, 12, 31, 23, 59, 59, DATE_EV_NONE },
	/* ISO that is not readable. */
	{ "0000-00-00", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "0000-01-01", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-13-01", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-00-10", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-04-31", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-00", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T24:00", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:60", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:60", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:2", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33.", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33+1", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33+01:0", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33+24:00", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33+01:60", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33ZZ", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14T10:22:33 UT", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-1410:22", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03/14", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-003-14", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-140", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "20260314", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "12026-03-14", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2026-03-14 x", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "   ", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "n/a", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "March 14, 2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },

	/* Day first: the first number is > 12. */
	{ "14-03-2026", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_DMY },
	{ "14/03/2026", DATE_DMY, 2026, 3, 14, 0, 0, 0, DATE_EV_DMY },
	{ "14/03/2026", DATE_MDY, 2026, 3, 14, 0, 0, 0, DATE_EV_DMY },
	{ "31/12/2025 23:59", DATE_MDY, 2025, 12, 31, 23, 59, 0, DATE_EV_DMY },
	/* Month first: the second number is > 12. */
	{ "03/14/2026", DATE_MDY, 2026, 3, 14, 0, 0, 0, DATE_EV_MDY },
	{ "03/14/2026", DATE_DMY, 2026, 3, 14, 0, 0, 0, DATE_EV_MDY },
	{ "03-14-2026", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_MDY },
	{ "12/31/2025 11:59:59 PM", DATE_AUTO, 2025, 12, 31, 23, 59, 59, DATE_EV_MDY },
	/* Both <= 12: the order decides, DATE_AUTO reads day first. */
	{ "12/9/2022", DATE_AUTO, 2022, 9, 12, 0, 0, 0, DATE_EV_EITHER },
	{ "12/9/2022", DATE_DMY, 2022, 9, 12, 0, 0, 0, DATE_EV_EITHER },
	{ "12/9/2022", DATE_MDY, 2022, 12, 9, 0, 0, 0, DATE_EV_EITHER },
	{ "1-2-2024", DATE_DMY, 2024, 2, 1, 0, 0, 0, DATE_EV_EITHER },
	{ "1-2-2024", DATE_MDY, 2024, 1, 2, 0, 0, 0, DATE_EV_EITHER },
	/* Equal numbers: the order does not matter. */
	{ "05/05/2026", DATE_MDY, 2026, 5, 5, 0, 0, 0, DATE_EV_NONE },
	{ "5/05/2026", DATE_DMY, 2026, 5, 5, 0, 0, 0, DATE_EV_NONE },
	/* Valid in neither order. */
	{ "13/13/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "31/02/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "02/31/2026", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "02/30/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "0/5/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "00/00/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "32/01/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	/* Shapes that are not dates. */
	{ "14/03-2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14/03/202", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14/03/20266", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14/03/2", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "114/03/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14/003/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14 03 2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14/03/2026T10:00", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14/03/2026 10:00Z", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14/03/2026 10:00 +01:00", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14/03/202610:00", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },

	/* Dotted: always day first, whatever the order asked. */
	{ "14.3.2026", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_NONE },
	{ "1.2.2024", DATE_MDY, 2024, 2, 1, 0, 0, 0, DATE_EV_NONE },
	{ "01.02.2024 08:15", DATE_MDY, 2024, 2, 1, 8, 15, 0, DATE_EV_NONE },
	{ "14.03.2026 18:05:09", DATE_AUTO, 2026, 3, 14, 18, 5, 9, DATE_EV_NONE },
	{ "3.14.2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "14.03/2026", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },

	/* Two-digit years: '/' and '.' mean 20yy; '-' is refused. */
	{ "3/14/26", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_MDY },
	{ "3/4/26 9:05 AM", DATE_MDY, 2026, 3, 4, 9, 5, 0, DATE_EV_EITHER },
	{ "14.03.26", DATE_AUTO, 2026, 3, 14, 0, 0, 0, DATE_EV_NONE },
	{ "29.02.00", DATE_AUTO, 2000, 2, 29, 0, 0, 0, DATE_EV_NONE },
	{ "14-03-26", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "22-09-12", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "29.02.25", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },

	/* AM and PM: 12 AM is midnight, 12 PM is noon; hours 1-12 only. */
	{ "3/14/2026 12:00 AM", DATE_MDY, 2026, 3, 14, 0, 0, 0, DATE_EV_MDY },
	{ "3/14/2026 12:30:15 am", DATE_MDY, 2026, 3, 14, 0, 30, 15, DATE_EV_MDY },
	{ "3/14/2026 12:00 PM", DATE_MDY, 2026, 3, 14, 12, 0, 0, DATE_EV_MDY },
	{ "3/14/2026 1:05 PM", DATE_MDY, 2026, 3, 14, 13, 5, 0, DATE_EV_MDY },
	{ "3/14/2026 11:59:59 PM", DATE_MDY, 2026, 3, 14, 23, 59, 59, DATE_EV_MDY },
	{ "3/14/2026 1:05 AM", DATE_MDY, 2026, 3, 14, 1, 5, 0, DATE_EV_MDY },
	{ "3/14/2026 1:05AM", DATE_MDY, 2026, 3, 14, 1, 5, 0, DATE_EV_MDY },
	{ "3/14/2026 1:05 p.m.", DATE_MDY, 2026, 3, 14, 13, 5, 0, DATE_EV_MDY },
	{ "3/14/2026 1:05 a.m", DATE_MDY, 2026, 3, 14, 1, 5, 0, DATE_EV_MDY },
	{ "3/14/2026, 10:22 AM", DATE_MDY, 2026, 3, 14, 10, 22, 0, DATE_EV_MDY },
	{ "3/14/2026 0:30 AM", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "3/14/2026 13:00 PM", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "3/14/2026 10:00 XM", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "3/14/2026 10:00 A", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "3/14/2026 10:00 AMX", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "3/14/2026 10:00 AM PM", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "3/14/2026 AM", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "3/14/2026 10:00,", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "3/14/2026 100:00", DATE_MDY, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },

	/* Leap years: divisible by 4, except centuries not divisible by 400. */
	{ "2024-02-29", DATE_AUTO, 2024, 2, 29, 0, 0, 0, DATE_EV_NONE },
	{ "2000-02-29", DATE_AUTO, 2000, 2, 29, 0, 0, 0, DATE_EV_NONE },
	{ "1600-02-29", DATE_AUTO, 1600, 2, 29, 0, 0, 0, DATE_EV_NONE },
	{ "2025-02-29", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "1900-02-29", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2100-02-29", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2024-02-30", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "29/02/2024", DATE_AUTO, 2024, 2, 29, 0, 0, 0, DATE_EV_DMY },
	{ "02/29/2024", DATE_DMY, 2024, 2, 29, 0, 0, 0, DATE_EV_MDY },
	{ "29/02/2023", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "29.2.1900", DATE_AUTO, NO, 0, 0, 0, 0, 0, DATE_EV_NONE },
	{ "2025-02-28", DATE_AUTO, 2025, 2, 28, 0, 0, 0, DATE_EV_NONE },
	{ "2026-04-30", DATE_AUTO, 2026, 4, 30, 0, 0, 0, DATE_EV_NONE },
	{ "2026-12-31", DATE_AUTO, 2026, 12, 31, 0, 0, 0, DATE_EV_NONE },
};

static void
test_parse_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof pcases / sizeof pcases[0]; i++) {
		const struct pcase *c = &pcases[i];
		struct date d = { -9, -9, -9, -9, -9, -9 };
		enum date_ev ev = (enum date_ev)77;
		int r;

		r = date_parse(c->in, strlen(c->in), (enum date_order)c->order,
		    &d, &ev);
		if (c->y == NO) {
			if (r != -1 || ev != DATE_EV_NONE)
				fail_msg("\"%s\": want unreadable, got %d (%d-%d-%d) ev %d",
				    c->in, r, d.y, d.m, d.d, (int)ev);
			continue;
		}
		if (r != 0 || d.y != c->y || d.m != c->m || d.d != c->d ||
		    d.hh != c->hh || d.mi != c->mi || d.ss != c->ss ||
		    (int)ev != c->ev)
			fail_msg("\"%s\" order %d: want %04d-%02d-%02d %02d:%02d:%02d "
			    "ev %d, got %d %04d-%02d-%02d %02d:%02d:%02d ev %d",
			    c->in, c->order, c->y, c->m, c->d, c->hh, c->mi,
			    c->ss, c->ev, r, d.y, d.m, d.d, d.hh, d.mi, d.ss,
			    (int)ev);
	}
}

/* The length is honoured: bytes past it are never read or required. */
static void
test_parse_len(void **state)
{
	struct date d;
	const char s[] = "2026-03-14T10:22:33Zgarbage";
	char nonul[10];

	(void)state;
	assert_int_equal(date_parse(s, 20, DATE_AUTO, &d, NULL), 0);
	assert_int_equal(d.ss, 33);
	assert_int_equal(date_parse(s, 19, DATE_AUTO, &d, NULL), 0);
	assert_int_equal(date_parse(s, 18, DATE_AUTO, &d, NULL), -1);
	assert_int_equal(date_parse(s, 10, DATE_AUTO, &d, NULL), 0);
	assert_int_equal(d.hh, 0);
	assert_int_equal(date_parse(s, 0, DATE_AUTO, &d, NULL), -1);
	memcpy(nonul, "14.03.2026", 10);	/* no NUL anywhere */
	assert_int_equal(date_parse(nonul, sizeof nonul, DATE_AUTO, &d, NULL), 0);
	assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20260314);
	/* An embedded NUL is just an unreadable byte. */
	assert_int_equal(date_parse("2026-03-14\0", 11, DATE_AUTO, &d, NULL), -1);
	assert_int_equal(date_parse(NULL, 0, DATE_AUTO, &d, NULL), -1);
}

/* *out is left alone when the value is unreadable. */
static void
test_parse_keeps_out(void **state)
{
	struct date d = { 1, 2, 3, 4, 5, 6 };

	(void)state;
	assert_int_equal(date_parse("2026-02-30", 10, DATE_AUTO, &d, NULL), -1);
	assert_int_equal(d.y, 1);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 3);
	assert_int_equal(d.ss, 6);
}

struct acase {
	const char	*in;
	int		 y, m, d;	/* y == NO: refused */
};

static const struct acase acases[] = {
	{ "2026-03-14", 2026, 3, 14 },
	{ "2026-03", 2026, 3, 1 },
	{ "2024-02-29", 2024, 2, 29 },
	{ "0001-01", 1, 1, 1 },
	{ "2023-02-29", NO, 0, 0 },
	{ "2026-13", NO, 0, 0 },
	{ "2026-00", NO, 0, 0 },
	{ "2026-3", NO, 0, 0 },
	{ "2026-03-1", NO, 0, 0 },
	{ "2026-03-", NO, 0, 0 },
	{ "2026", NO, 0, 0 },
	{ "26-03-14", NO, 0, 0 },
	{ "14/03/2026", NO, 0, 0 },
	{ " 2026-03-14", NO, 0, 0 },
	{ "2026-03-14 ", NO, 0, 0 },
	{ "2026-03-14T00:00", NO, 0, 0 },
	{ "2026/03/14", NO, 0, 0 },
	{ "", NO, 0, 0 },
	{ "yesterday", NO, 0, 0 },
};

static void
test_parse_arg(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof acases / sizeof acases[0]; i++) {
		const struct acase *c = &acases[i];
		struct date d = { -9, -9, -9, -9, -9, -9 };
		int r = date_parse_arg(c->in, &d);

		if (c->y == NO) {
			if (r != -1)
				fail_msg("\"%s\": want refused", c->in);
			continue;
		}
		if (r != 0 || d.y != c->y || d.m != c->m || d.d != c->d ||
		    d.hh != 0 || d.mi != 0 || d.ss != 0)
			fail_msg("\"%s\": want %04d-%02d-%02d, got %d %04d-%02d-%02d",
			    c->in, c->y, c->m, c->d, r, d.y, d.m, d.d);
	}
	assert_int_equal(date_parse_arg(NULL, &(struct date){ 0, 0, 0, 0, 0, 0 }), -1);
}

/* Day numbers checked against Python's datetime.date ordinals. */
struct dcase {
	int	y, m, d;
	long	days;
};

static const struct dcase dcases[] = {
	{ 1970, 1, 1, 0 },
	{ 1969, 12, 31, -1 },
	{ 1970, 3, 1, 59 },
	{ 2000, 2, 29, 11016 },
	{ 2000, 3, 1, 11017 },
	{ 2024, 2, 29, 19782 },
	{ 2025, 11, 23, 20415 },
	{ 2026, 11, 23, 20780 },
	{ 2100, 3, 1, 47541 },
	{ 1600, 3, 1, -135080 },
	{ 1, 1, 1, -719162 },
	{ 9999, 12, 31, 2932896 },
};

static void
test_days(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof dcases / sizeof dcases[0]; i++) {
		struct date d = { dcases[i].y, dcases[i].m, dcases[i].d, 23, 59, 59 };

		if (date_days(&d) != dcases[i].days)
			fail_msg("%04d-%02d-%02d: want %ld, got %ld", d.y, d.m,
			    d.d, dcases[i].days, date_days(&d));
	}
}

/* Consecutive valid dates are consecutive days, across every month end
 * and leap day from 1899 to 2101 (a check independent of the table). */
static void
test_days_walk(void **state)
{
	struct date d = { 1899, 1, 1, 0, 0, 0 }, t;
	long prev, n = 0;
	char s[16];

	(void)state;
	prev = date_days(&d) - 1;
	for (d.y = 1899; d.y <= 2101; d.y++)
		for (d.m = 1; d.m <= 12; d.m++)
			for (d.d = 1; d.d <= 31; d.d++) {
				snprintf(s, sizeof s, "%04d-%02d-%02d", d.y % 10000,
				    d.m % 100, d.d % 100);
				if (date_parse(s, strlen(s), DATE_AUTO, &t, NULL) == -1)
					continue;
				assert_int_equal(date_days(&t), prev + 1);
				prev++;
				n++;
			}
	/* 203 years, 49 of them leap (1900 and 2100 are not). */
	assert_int_equal(n, 203 * 365 + 49);
}

static void
test_month(void **state)
{
	struct date d = { 2026, 3, 14, 0, 0, 0 };
	char s[8];

	(void)state;
	assert_int_equal(date_month(&d), 2026 * 12 + 2);
	date_month_str(date_month(&d), s);
	assert_string_equal(s, "2026-03");
	d.m = 12;
	date_month_str(date_month(&d), s);
	assert_string_equal(s, "2026-12");
	d.m = 1;
	assert_int_equal(date_month(&d) - 1, 2025 * 12 + 11);
	date_month_str(date_month(&d) - 1, s);
	assert_string_equal(s, "2025-12");
	date_month_str(0, s);
	assert_string_equal(s, "0000-01");
	date_month_str(9999 * 12 + 11, s);
	assert_string_equal(s, "9999-12");
	date_month_str(10000 * 12, s);
	assert_string_equal(s, "0000-00");
	date_month_str(-1, s);
	assert_string_equal(s, "0000-00");
}

struct gcase {
	long	dmy, mdy, either, other;
	int	order, mixed;
};

static const struct gcase gcases[] = {
	{ 0, 0, 0, 0, DATE_DMY, 0 },		/* nothing: European default */
	{ 0, 0, 40, 3, DATE_DMY, 0 },		/* only ambiguous values */
	{ 1, 0, 500, 0, DATE_DMY, 0 },
	{ 0, 1, 500, 0, DATE_MDY, 0 },
	{ 7, 0, 0, 9, DATE_DMY, 0 },
	{ 0, 7, 0, 9, DATE_MDY, 0 },
	{ 10, 2, 5, 0, DATE_DMY, 1 },		/* mixed: majority */
	{ 2, 10, 5, 0, DATE_MDY, 1 },
	{ 3, 3, 0, 0, DATE_DMY, 1 },		/* mixed tie: default */
};

static void
test_guess(void **state)
{
	size_t i;
	long j;

	(void)state;
	for (i = 0; i < sizeof gcases / sizeof gcases[0]; i++) {
		const struct gcase *c = &gcases[i];
		struct date_guess g;
		int mixed = -1;

		memset(&g, 0, sizeof g);
		for (j = 0; j < c->dmy; j++)
			date_guess_add(&g, DATE_EV_DMY);
		for (j = 0; j < c->mdy; j++)
			date_guess_add(&g, DATE_EV_MDY);
		for (j = 0; j < c->either; j++)
			date_guess_add(&g, DATE_EV_EITHER);
		for (j = 0; j < c->other; j++)
			date_guess_add(&g, DATE_EV_NONE);
		assert_int_equal(g.dmy, c->dmy);
		assert_int_equal(g.mdy, c->mdy);
		assert_int_equal(g.either, c->either);
		assert_int_equal(g.other, c->other);
		if ((int)date_guess_order(&g, &mixed) != c->order ||
		    mixed != c->mixed)
			fail_msg("case %zu: want order %d mixed %d, got %d %d",
			    i, c->order, c->mixed, (int)date_guess_order(&g, NULL),
			    mixed);
	}
}

/* A whole column through parse and guess, as the caller will do it. */
static void
test_guess_column(void **state)
{
	static const char *us[] = {
		"3/4/2026", "12/9/2025 10:00 AM", "1/31/2026", "2026-01-05",
		"not a date", "11/11/2025",
	};
	static const char *eu[] = {
		"3/4/2026", "31/1/2026", "12-9-2025", "14.2.2026",
	};
	struct date_guess g;
	struct date d;
	enum date_ev ev;
	size_t i;
	int mixed;

	(void)state;
	memset(&g, 0, sizeof g);
	for (i = 0; i < sizeof us / sizeof us[0]; i++) {
		(void)date_parse(us[i], strlen(us[i]), DATE_AUTO, &d, &ev);
		date_guess_add(&g, ev);
	}
	assert_int_equal(g.mdy, 1);
	assert_int_equal(g.either, 2);
	assert_int_equal(g.other, 3);
	assert_int_equal(date_guess_order(&g, &mixed), DATE_MDY);
	assert_int_equal(mixed, 0);
	assert_int_equal(date_parse(us[0], strlen(us[0]), DATE_MDY, &d, NULL), 0);
	assert_int_equal(d.m * 100 + d.d, 304);

	memset(&g, 0, sizeof g);
	for (i = 0; i < sizeof eu / sizeof eu[0]; i++) {
		(void)date_parse(eu[i], strlen(eu[i]), DATE_AUTO, &d, &ev);
		date_guess_add(&g, ev);
	}
	assert_int_equal(g.dmy, 1);
	assert_int_equal(date_guess_order(&g, &mixed), DATE_DMY);
	assert_int_equal(mixed, 0);
	(void)date_parse("1/31/2026", 9, DATE_AUTO, &d, &ev);
	date_guess_add(&g, ev);
	assert_int_equal(date_guess_order(&g, &mixed), DATE_DMY);
	assert_int_equal(mixed, 1);
}

static void
test_order_names(void **state)
{
	(void)state;
	assert_string_equal(date_order_name(DATE_AUTO), "auto");
	assert_string_equal(date_order_name(DATE_DMY), "dd-mm-yyyy");
	assert_string_equal(date_order_name(DATE_MDY), "mm-dd-yyyy");
	assert_string_equal(date_order_name((enum date_order)9), "?");
	assert_int_equal(date_order_parse("dmy"), DATE_DMY);
	assert_int_equal(date_order_parse("MDY"), DATE_MDY);
	assert_int_equal(date_order_parse("auto"), DATE_AUTO);
	assert_int_equal(date_order_parse("ymd"), -1);
	assert_int_equal(date_order_parse("dm"), -1);
	assert_int_equal(date_order_parse("dmyy"), -1);
	assert_int_equal(date_order_parse(""), -1);
	assert_int_equal(date_order_parse(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_len),
		cmocka_unit_test(test_parse_keeps_out),
		cmocka_unit_test(test_parse_arg),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_days_walk),
		cmocka_unit_test(test_month),
		cmocka_unit_test(test_guess),
		cmocka_unit_test(test_guess_column),
		cmocka_unit_test(test_order_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
