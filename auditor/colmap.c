#include "colmap.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "norm.h"
#include "xalloc.h"

/* Header names compare after trimming, ignoring ASCII case. */
static int
same_name(const char *a, size_t alen, const char *b)
{
	size_t blen, i;

	a = norm_trim(a, alen, &alen);
	b = norm_trim(b, strlen(b), &blen);
	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

static int
find_column(const struct colmap *cm, const char *name)
{
	size_t i;

	for (i = 0; i < cm->ncols; i++)
		if (same_name(cm->names[i], strlen(cm->names[i]), name))
			return (int)i;
	return -1;
}

/* The column named name, unless an earlier role already took it. */
static int
find_free(const struct colmap *cm, int role, const char *name)
{
	int c = find_column(cm, name), i;

	for (i = 0; c >= 0 && i < role; i++)
		if (cm->col[i] == c)
			return -1;
	return c;
}

int
colmap_init(struct colmap *cm, const struct rules *r,
    const struct csvin_record *h, const struct colmap_override *ov,
    size_t nov, const char *name, struct diag *d)
{
	size_t i, j;
	int role, taken;

	memset(cm, 0, sizeof *cm);
	cm->ncols = h->nfields;
	cm->names = xcalloc(h->nfields ? h->nfields : 1, sizeof *cm->names);
	for (i = 0; i < h->nfields; i++) {
		size_t len;
		const char *s = norm_trim(h->fields[i], h->lens[i], &len);
		cm->names[i] = xmemdup(s, len);
		if (len == 0)
			cm->empty_names++;
		else
			for (j = 0; j < i; j++)
				if (same_name(cm->names[j], strlen(cm->names[j]), s)) {
					cm->dup_names++;
					break;
				}
	}
	for (role = 0; role < ROLE_COUNT; role++) {
		cm->col[role] = -1;
		for (j = 0; j < rules_column_count(r, (enum role)role); j++)
			if ((cm->col[role] = find_free(cm, role,
			    rules_column(r, (enum role)role, j))) >= 0)
				break;
	}
	for (i = 0; i < nov; i++) {
		if ((cm->col[ov[i].role] = find_column(cm, ov[i].name)) < 0) {
			colmap_free(cm);
			return diag_set(d, name, h->line, 0,
			    _("--column %s=%s: no such column in the header"),
			    rules_role_name(ov[i].role), ov[i].name);
		}
	}
	/* One column feeds one role: a later role never steals an earlier one's. */
	for (role = 0; role < ROLE_COUNT; role++)
		for (j = 0; j < (size_t)role; j++)
			if (cm->col[role] >= 0 && cm->col[role] == cm->col[j]) {
				for (i = 0; i < nov; i++)
					if (ov[i].role == (enum role)role)
						break;
				if (i == nov)
					cm->col[role] = -1;
			}
	taken = cm->col[ROLE_SOURCE] >= 0 || cm->col[ROLE_SOURCE_DETAIL] >= 0 ||
	    cm->col[ROLE_UTM_SOURCE] >= 0 || cm->col[ROLE_URL] >= 0;
	if (!taken) {
		struct buf b = BUF_INIT(600);
		for (i = 0; i < cm->ncols && b.len < 500; i++) {
			if (i)
				buf_adds(&b, ", ");
			buf_printf(&b, "'%s'", cm->names[i]);
		}
		if (i < cm->ncols)
			buf_adds(&b, ", ...");
		diag_set(d, name, h->line, 0,
		    _("no lead-source column found (looked for the rules' source, "
		    "source_detail, utm_source and url names); headers seen: %s; "
		    "use --column source=NAME"), buf_cstr(&b));
		buf_free(&b);
		colmap_free(cm);
		return -1;
	}
	return 0;
}

void
colmap_free(struct colmap *cm)
{
	size_t i;

	for (i = 0; i < cm->ncols; i++)
		free(cm->names[i]);
	free(cm->names);
	cm->names = NULL;
	cm->ncols = 0;
}

int
colmap_override_parse(const char *arg, struct colmap_override *ov)
{
	const char *eq = strchr(arg, '=');
	char role[32];
	int r;

	if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof role || eq[1] == '\0')
		return -1;
	memcpy(role, arg, (size_t)(eq - arg));
	role[eq - arg] = '\0';
	if ((r = rules_role_parse(role)) < 0)
		return -1;
	ov->role = (enum role)r;
	ov->name = eq + 1;
	return 0;
}
