#include "norm.h"

#include <string.h>

#include "url.h"

static const char *const utm_names[ROLE_COUNT] = {
	[ROLE_UTM_SOURCE] = "utm_source",
	[ROLE_UTM_MEDIUM] = "utm_medium",
	[ROLE_UTM_CAMPAIGN] = "utm_campaign",
	[ROLE_UTM_CONTENT] = "utm_content",
	[ROLE_UTM_TERM] = "utm_term",
	[ROLE_UTM_ID] = "utm_id",
};

static void
set_field(struct norm_field *f, const char *s, size_t len)
{
	f->raw = norm_trim(s, len, &f->len);
	f->klen = norm_key(f->raw, f->len, f->key, sizeof f->key, &f->cut);
}

/* Fills empty utm_* fields from the URL's query (the first occurrence of
 * each name wins, as analytics tools do). */
static void
from_url(struct lead *l)
{
	const struct norm_field *uf = &l->f[ROLE_URL];
	struct url u;
	struct url_param p;
	size_t pos = 0, used = 0, n;
	const char *q;
	int role, bad;

	const char *mark;
	size_t qlen;

	if (uf->len == 0)
		return;
	if (url_split(uf->raw, uf->len, &u) == 0) {
		if (!u.query.present)
			return;
		q = uf->raw + u.query.off;
		qlen = u.query.len;
	} else if ((mark = memchr(uf->raw, '?', uf->len)) != NULL) {
		/* "www.example.nl/page?utm_source=x": CRMs drop the scheme */
		q = mark + 1;
		qlen = uf->len - (size_t)(q - uf->raw);
		if ((mark = memchr(q, '#', qlen)) != NULL)
			qlen = (size_t)(mark - q);
	} else {
		return;
	}
	while (url_param_next(q, qlen, &pos, &p)) {
		for (role = ROLE_UTM_SOURCE; role <= ROLE_UTM_ID; role++)
			if (url_name_is(q + p.name_off, p.name_len, utm_names[role]))
				break;
		if (role > ROLE_UTM_ID || l->f[role].len > 0)
			continue;
		bad = 0;
		n = url_decode(q + p.value_off, p.value_len, l->urlbuf + used,
		    sizeof l->urlbuf - used, &bad, NULL, NULL);
		if (bad)
			l->url_bad_escape = 1;
		if (n == (size_t)-1)
			break;
		set_field(&l->f[role], l->urlbuf + used, n);
		if (l->f[role].len > 0)
			l->utm_from_url = 1;
		used += n + 1;
	}
}

void
norm_lead(const struct colmap *cm, const struct csvin_record *rec,
    uint64_t rowno, struct lead *l)
{
	int role, c;

	l->line = rec->line;
	l->rowno = rowno;
	l->utm_from_url = 0;
	l->url_bad_escape = 0;
	for (role = 0; role < ROLE_COUNT; role++) {
		c = cm->col[role];
		if (c >= 0 && (size_t)c < rec->nfields)
			set_field(&l->f[role], rec->fields[c], rec->lens[c]);
		else
			set_field(&l->f[role], "", 0);
	}
	from_url(l);
}
