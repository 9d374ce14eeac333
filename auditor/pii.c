#include "pii.h"

static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
email_at(const unsigned char *s, size_t len, size_t at)
{
	size_t i, dot = 0;

	if (at == 0 || !(is_alnum(s[at - 1]) || s[at - 1] == '_' ||
	    s[at - 1] == '.' || s[at - 1] == '-' || s[at - 1] == '+'))
		return 0;
	for (i = at + 1; i < len && (is_alnum(s[i]) || s[i] == '-' || s[i] == '.'); i++)
		if (s[i] == '.' && i > at + 1 && i + 2 < len &&
		    is_alnum(s[i + 1]) && is_alnum(s[i + 2]))
			dot = 1;
	return dot;
}

/* 1 when s[i..] starts with a day-first or month-first date (d.m.yyyy,
 * d/m/yyyy, d-m-yyyy with one or two digits for day and month): with a
 * time after it ("03/14/2026 9:30 AM") it has as many digits as a phone
 * number. */
static int
date_at(const unsigned char *s, size_t len, size_t i)
{
	static const size_t min[3] = { 1, 1, 4 }, max[3] = { 2, 2, 4 };
	unsigned char sep = 0;
	size_t g, n;

	for (g = 0; g < 3; g++) {
		for (n = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			n++;
		if (n < min[g] || n > max[g])
			return 0;
		if (g == 2)
			break;
		if (i >= len || (s[i] != '.' && s[i] != '/' && s[i] != '-') ||
		    (sep != 0 && s[i] != sep))
			return 0;
		sep = s[i++];
	}
	return 1;
}

/* A phone number starts with '+', '0' or '(' (international, trunk or
 * area-code form) after a non-alphanumeric, and has 9 to 15 digits with
 * at most two punctuation characters between any two of them.  Dates
 * (2026-03-14) and plain IDs do not start that way. */
static int
phone_at(const unsigned char *s, size_t len, size_t i)
{
	size_t digits = 0, seps = 0, end = i;

	if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '+'))
		return 0;
	if (s[i] != '+' && s[i] != '0' && s[i] != '(')
		return 0;
	if (s[i] == '0' && date_at(s, len, i))
		return 0;
	if (s[i] == '+' || s[i] == '(')
		i++;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			digits++;
			seps = 0;
			end = i + 1;
		} else if ((s[i] == ' ' || s[i] == '.' || s[i] == '-' || s[i] == '(' ||
		    s[i] == ')' || s[i] == '/' || s[i] == '_') && ++seps <= 2) {
			continue;
		} else {
			break;
		}
	}
	/* Digits glued to letters are an ID; a space before the next word is not. */
	if (end < len && is_alnum(s[end]))
		return 0;
	return digits >= 9 && digits <= 15;
}

int
pii_find(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '@') {
			if (email_at(s, len, i))
				return 1;
		} else if ((s[i] == '+' || s[i] == '0' || s[i] == '(') &&
		    phone_at(s, len, i))	/* (where a phone number starts) */
			return 1;
	}
	return 0;
}
