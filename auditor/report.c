#include "report.h"

#include <string.h>

#include "finding.h"
#include "pii.h"

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
