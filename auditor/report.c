#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "pii.h"
#include "xalloc.h"

const char *
report_safe(const char *s, size_t *len)
{
	if (pii_find(s, *len)) {
		*len = 10;
		return "[redacted]";
	}
	return s;
}

void
report_reasons(uint64_t findings, const char *sep, char *buf, size_t cap)
{
	size_t n = 0, k;
	int i;

	buf[0] = '\0';
	for (i = 0; i < F__COUNT; i++) {
		const char *name;
		if (!(findings & FINDING_BIT(i)))
			continue;
		name = finding_name((enum finding_id)i);
		k = strlen(name) + (n ? strlen(sep) : 0);
		if (n + k + 1 > cap)
			break;
		if (n) {
			memcpy(buf + n, sep, strlen(sep));
			n += strlen(sep);
		}
		memcpy(buf + n, name, strlen(name));
		n += strlen(name);
		buf[n] = '\0';
	}
}

static const struct map *key_map;	/* qsort has no context argument */

static int
by_key(const void *a, const void *b)
{
	size_t xl, yl;
	const char *x = map_key(key_map, *(const size_t *)a, &xl);
	const char *y = map_key(key_map, *(const size_t *)b, &yl);
	int c = memcmp(x, y, xl < yl ? xl : yl);

	return c ? c : (xl > yl) - (xl < yl);
}

size_t *
report_order_keys(const struct map *m)
{
	size_t n = map_count(m), i;
	size_t *idx = xcalloc(n ? n : 1, sizeof *idx);

	for (i = 0; i < n; i++)
		idx[i] = i;
	key_map = m;
	qsort(idx, n, sizeof *idx, by_key);
	key_map = NULL;
	return idx;
}
