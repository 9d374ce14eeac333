/* pii: find personal data (an email address or a phone number) in a value,
 * so reports never carry it: report writers print "[redacted]" instead. */
#ifndef PII_H
#define PII_H
#include <stddef.h>

/* 1 when s[0..len) holds something shaped like an email address
 * (x@y.tld) or a phone number (starting with +, 0 or '(', 9 to 15 digits
 * with spaces, dots, dashes, slashes or parentheses between), else 0. */
int	pii_find(const char *s, size_t len);

#endif
