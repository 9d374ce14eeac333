/* Unit tests for pii: email addresses and phone numbers are found; dates,
 * campaign codes, CRM IDs and plain numbers are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pii.h"
#include "testutil.h"

static const char *const found[] = {
	/* Phone numbers: international, trunk and area-code forms. */
	"+31 6 12345678",
	"06-12345678",
	"(555) 123-4567",
	"0049 30 1234567",
	"+31612345678",
	"0612345678",
	"+49 (0)30 1234567",
	"+1 (555) 123-4567",
	"+44 20 7946 0958",
	"020-1234567",
	"06.12.34.56.78",
	"030/1234567",
	"06_12345678",			/* as a key */
	"call 06 1234 5678 today",
	"tel:+31612345678",
	"Jan (06-12345678)",
	"+123456789012345",		/* 15 digits */
	"01-02-2026 0612345678",	/* a date, then a phone number */
	"06-12-345678",			/* not a date: the year has 6 digits */
	"06-12-34567",
	/* Email addresses. */
	"jan.jansen@example.nl",
	"a.b+tag@sub.example.co.uk",
	"x@y.de",
	"JAN@EXAMPLE.COM",
	"jan_jansen@example.nl",
	"Contact: info-sales@acme-gmbh.de, thanks",
	"lead from p.devries@bedrijf.nl via form",
};

static const char *const not_found[] = {
	/* Dates and times. */
	"2026-03-14",
	"14-03-2026",
	"03/14/2026",
	"14/03/2026",
	"14.03.2026",
	"2026-03-14T09:30:00Z",
	"2026-03-14 09:30",
	"2026-03-14 09:30:00",
	"20260314",
	"03/14/2026 9:30 AM",
	"03/14/2026 09:30",
	"14-03-2026 10:00",
	"01.02.2026 10:00:00",
	"09-1-2026 11:15",
	/* Campaign codes and UTM values. */
	"fy23-q4-amer",
	"spring-sale_2026",
	"q1_2026_emea_webinar",
	"2026-q1-0042",
	"hannover-messe-2026",
	"utm_source=newsletter",
	"linkedin",
	"(not set)",
	"(direct) / (none)",
	/* CRM IDs. */
	"00Q5e00000AbCdEFG",
	"0035e00000ABCDEAA2",
	"001000000000001AAA",
	"a0B5e000001XyZ0EAK",
	"12345678901",			/* HubSpot record ID */
	/* Plain numbers without a leading 0, + or (. */
	"123456789",
	"1234567890123",
	"4242424242424242",
	"99 12345678",
	/* Too few or too many digits. */
	"06-1234",
	"+1 234",
	"0612 3456",
	"+12345678901234567",		/* 17 digits */
	"0000000000000000",		/* 16 digits */
	/* A number glued to letters or to another number. */
	"abc0612345678",
	"0612345678abc",
	"0x1234567890",
	"A+0612345678",
	"1+0612345678",
	/* Not quite email addresses. */
	"sales@company",
	"@home",
	"user@",
	"a@b.c",
	"a@.de",
	"@example.com",
	"newsletter@2026",
	"",
};

static void
test_found(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof found / sizeof found[0]; i++)
		if (pii_find(found[i], strlen(found[i])) != 1) {
			print_error("not found in '%s'\n", found[i]);
			bad++;
		}
	for (i = 0; i < sizeof not_found / sizeof not_found[0]; i++)
		if (pii_find(not_found[i], strlen(not_found[i])) != 0) {
			print_error("found in '%s'\n", not_found[i]);
			bad++;
		}
	assert_int_equal(bad, 0);
}

/* Only len bytes are looked at, and bytes past them never count. */
static void
test_length(void **state)
{
	const char *phone = "06-12345678";
	const char *mail = "jan@example.nl";
	size_t n;

	(void)state;
	assert_int_equal(pii_find(phone, strlen(phone)), 1);
	assert_int_equal(pii_find(phone, 10), 1);	/* 9 digits */
	assert_int_equal(pii_find(phone, 9), 0);	/* 8 digits */
	assert_int_equal(pii_find(mail, strlen(mail)), 1);
	assert_int_equal(pii_find(mail, strlen(mail) - 1), 0);	/* "example.n" */
	assert_int_equal(pii_find(mail, 4), 0);
	assert_int_equal(pii_find(NULL, 0), 0);
	/* A value that continues past len does not make a short prefix PII:
	 * the digits of the phone number cut after 8 of them are not enough. */
	for (n = 0; n < 9; n++)
		assert_int_equal(pii_find(phone, n), 0);
	/* An email found among other bytes, NUL included. */
	assert_int_equal(pii_find("x\0jan@example.nl", 16), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
