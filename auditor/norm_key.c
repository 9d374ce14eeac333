#include "norm.h"

#include <string.h>

static int
is_fold(const unsigned char *s, size_t len, size_t i, size_t *w)
{
	switch (s[i]) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
	case '-': case '_':
		*w = 1;
		return 1;
	case 0xc2:
		if (i + 1 < len && s[i + 1] == 0xa0) {
			*w = 2;
			return 1;
		}
		break;
	}
	return 0;
}

static int
is_trim(const unsigned char *s, size_t len, size_t i, size_t *w)
{
	return s[i] != '-' && s[i] != '_' && is_fold(s, len, i, w);
}

const char *
norm_trim(const char *str, size_t len, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t b = 0, e = len, w;

	while (b < e && is_trim(s, e, b, &w))
		b += w;
	while (e > b) {
		if (strchr(" \t\n\r\v\f", s[e - 1]) != NULL && s[e - 1] != '\0')
			e--;
		else if (e - b >= 2 && s[e - 2] == 0xc2 && s[e - 1] == 0xa0)
			e -= 2;
		else
			break;
	}
	*outlen = e - b;
	return str + b;
}

size_t
norm_utf8_whole(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t j = n, need;

	while (j > 0 && (s[j - 1] & 0xc0) == 0x80)
		j--;
	if (j == 0 || s[j - 1] < 0xc0)
		return n;
	need = s[j - 1] >= 0xf0 ? 4 : s[j - 1] >= 0xe0 ? 3 : 2;
	return n - (j - 1) < need ? j - 1 : n;
}

size_t
norm_key(const char *str, size_t len, char *out, size_t cap, int *cut)
{
	const unsigned char *s;
	size_t i, n = 0, w;
	int folded = 0, truncated = 0;

	str = norm_trim(str, len, &len);
	s = (const unsigned char *)str;
	for (i = 0; i < len; ) {
		unsigned char c;
		if (is_fold(s, len, i, &w)) {
			i += w;
			if (folded)
				continue;
			folded = 1;
			c = '_';
		} else {
			c = s[i++];
			folded = 0;
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
		}
		if (n + 1 >= cap) {
			truncated = 1;
			break;
		}
		out[n++] = (char)c;
	}
	/* Never end a truncated key inside a UTF-8 sequence. */
	if (truncated)
		n = norm_utf8_whole(out, n);
	out[n] = '\0';
	if (cut)
		*cut = truncated;
	return n;
}

int
norm_is_case_variant(const char *s, size_t len, const char *key, size_t klen)
{
	size_t i;

	s = norm_trim(s, len, &len);
	if (len != klen)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)key[i];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}
