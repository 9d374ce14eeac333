#include "fmt.h"

#include <stdio.h>
#include <string.h>

/* 1 when every conversion of fmt is one fmt_msg does itself. */
static int
simple(const char *fmt)
{
	const char *p = fmt;

	while ((p = strchr(p, '%')) != NULL) {
		p++;
		if (*p == 'l' && (p[1] == 'd' || p[1] == 'u'))
			p += 2;
		else if (*p == 'z' && p[1] == 'u')
			p += 2;
		else if (*p == 's' || *p == 'c' || *p == 'd' || *p == 'u' || *p == '%')
			p++;
		else
			return 0;
	}
	return 1;
}

/* Appends s[0..n) to out[*k..cap - 1), as much as fits. */
static void
put(char *out, size_t cap, size_t *k, const char *s, size_t n)
{
	if (*k + n > cap - 1)
		n = cap - 1 - *k;
	memcpy(out + *k, s, n);
	*k += n;
}

/* Appends u in decimal, after a '-' when neg. */
static void
put_num(char *out, size_t cap, size_t *k, unsigned long long u, int neg)
{
	char b[24], *p = b + sizeof b;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (neg)
		*--p = '-';
	put(out, cap, k, p, (size_t)(b + sizeof b - p));
}

static void
put_signed(char *out, size_t cap, size_t *k, long long v)
{
	put_num(out, cap, k, v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v, v < 0);
}

size_t
fmt_msg(char *out, size_t cap, const char *fmt, va_list ap)
{
	const char *p = fmt, *q, *s;
	size_t k = 0;
	char c;
	int n;

	if (cap == 0)
		return 0;
	if (!simple(fmt)) {
		n = vsnprintf(out, cap, fmt, ap);
		return n < 0 ? (out[0] = '\0', 0) : (size_t)n < cap ? (size_t)n : cap - 1;
	}
	while ((q = strchr(p, '%')) != NULL) {
		put(out, cap, &k, p, (size_t)(q - p));
		switch (*++q) {
		case 's':
			if ((s = va_arg(ap, const char *)) == NULL)
				s = "(null)";
			put(out, cap, &k, s, strlen(s));
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			put(out, cap, &k, &c, 1);
			break;
		case 'd':
			put_signed(out, cap, &k, va_arg(ap, int));
			break;
		case 'u':
			put_num(out, cap, &k, va_arg(ap, unsigned), 0);
			break;
		case 'l':
			if (*++q == 'd')
				put_signed(out, cap, &k, va_arg(ap, long));
			else
				put_num(out, cap, &k, va_arg(ap, unsigned long), 0);
			break;
		case 'z':
			q++;
			put_num(out, cap, &k, va_arg(ap, size_t), 0);
			break;
		default:	/* '%' */
			put(out, cap, &k, "%", 1);
		}
		p = q + 1;
	}
	put(out, cap, &k, p, strlen(p));
	out[k] = '\0';
	return k;
}
