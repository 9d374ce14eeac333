/*
 * libFuzzer target for date_parse, in both orders.  Besides the sanitizers,
 * it checks what the header promises: a readable value is a valid date and
 * time, its ISO spelling reads back the same, the evidence agrees with
 * what the two orders return, and date_parse's shortcut reads every value
 * as date_parse_slow does.
 *
 *	clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -Iauditor \
 *	    -o fuzz_date tests/fuzz/fuzz_date.c auditor/date.c
 *	./fuzz_date -max_total_time=60 tests/fuzz/corpus/date
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
mdays(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

static void
check_valid(const struct date *d)
{
	char s[32];
	struct date r;

	if (d->y < 1 || d->y > 9999 || d->m < 1 || d->m > 12 || d->d < 1 ||
	    d->d > mdays(d->y, d->m) || d->hh < 0 || d->hh > 23 ||
	    d->mi < 0 || d->mi > 59 || d->ss < 0 || d->ss > 59)
		abort();
	snprintf(s, sizeof s, "%04d-%02d-%02dT%02d:%02d:%02d", d->y, d->m,
	    d->d, d->hh, d->mi, d->ss);
	if (date_parse(s, strlen(s), DATE_AUTO, &r, NULL) == -1 ||
	    memcmp(&r, d, sizeof r) != 0)
		abort();
	if (date_days(d) < -719162 || date_days(d) > 2932896)
		abort();
}

static int
same(const struct date *a, const struct date *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

static void
same_slow(const char *s, size_t len, enum date_order o, int rc,
    const struct date *d, enum date_ev ev)
{
	struct date t;
	enum date_ev e;

	if (date_parse_slow(s, len, o, &t, &e) != rc || e != ev ||
	    (rc == 0 && !same(&t, d)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct date a, d, m;
	enum date_ev eva, evd, evm;
	int ra, rd, rm;
	char *copy;

	/* An exact-size heap copy, so ASan sees any read past len. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	if (size)
		memcpy(copy, data, size);
	ra = date_parse(copy, size, DATE_AUTO, &a, &eva);
	rd = date_parse(copy, size, DATE_DMY, &d, &evd);
	rm = date_parse(copy, size, DATE_MDY, &m, &evm);
	/* the shortcut reads what the general parser reads */
	same_slow(copy, size, DATE_AUTO, ra, &a, eva);
	same_slow(copy, size, DATE_DMY, rd, &d, evd);
	same_slow(copy, size, DATE_MDY, rm, &m, evm);
	free(copy);

	/* Readability and evidence never depend on the order asked. */
	if (ra != rd || rd != rm || eva != evd || evd != evm)
		abort();
	if (rd == -1) {
		if (evd != DATE_EV_NONE)
			abort();
		return 0;
	}
	if (!same(&a, &d))
		abort();
	check_valid(&d);
	check_valid(&m);
	switch (evd) {
	case DATE_EV_EITHER:
		/* Day and month swapped, all else equal, and both <= 12. */
		if (d.d != m.m || d.m != m.d || d.d == d.m || d.d > 12 ||
		    d.m > 12 || d.y != m.y || d.hh != m.hh || d.mi != m.mi ||
		    d.ss != m.ss)
			abort();
		break;
	case DATE_EV_DMY:
		if (!same(&d, &m) || d.d <= 12)
			abort();
		break;
	case DATE_EV_MDY:
		if (!same(&d, &m) || d.d <= 12)
			abort();
		break;
	default:
		if (!same(&d, &m))
			abort();
		break;
	}
	return 0;
}
