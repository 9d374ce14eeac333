/* gen: writes a seeded, realistic CRM lead export for the benchmark.
 *
 *	gen [-s SEED] [-q] SIZE FILE
 *
 * SIZE is bytes with an optional K, M or G suffix (powers of 1024); rows are
 * written until the file reaches it.  The default style is a HubSpot- or
 * Dynamics-like export that quotes a field only when it must (about 60% of
 * rows carry a quoted field); -q writes a Salesforce-like export that quotes
 * every field.  Both end records with CRLF, carry UTF-8 names, commas,
 * doubled quotes and line breaks inside quoted fields, case and spacing
 * variants of sources, aliases, vague values and campaign codes.
 *
 * The "Lead Source" column is what the peers look at.  A row is vague when
 * lower(trim(Lead Source)) is one of the default rules' vague values or
 * empty; the generator keeps every other column of a vague row free of a
 * specific source, and every specific row free of vague or offline
 * ambiguity, so utm-audit's levels vague + missing count exactly the same
 * rows.  The truth is printed on standard output as
 *
 *	rows=N vague=V bytes=B
 *
 * The output depends only on SEED, SIZE and the style. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 <= r < n */
static unsigned
pick(unsigned n)
{
	return (unsigned)((rnd() >> 11) % n);
}

/* 1 with probability pct/1000 */
static int
chance(unsigned permille)
{
	return pick(1000) < permille;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const first[] = {
	"Wouter", "Femke", "Birgit", "Jürgen", "Noël", "Chloë", "Zoë", "Sanne",
	"Matthias", "Florian", "Claudia", "Lukas", "Søren", "Ågot", "José",
	"François", "Małgorzata", "Björn", "Ines", "Mark", "Anna", "Tom",
	"Katrin", "Bram", "Łukasz", "Dvořák", "Emma", "Liam", "Olivia", "Noah",
};
static const char *const last[] = {
	"de Boer", "Mulder", "Braun", "Weiß", "Janssen", "de Groot", "Smit",
	"Schmidt", "Becker", "Koch", "Müller", "Schäfer", "Hendriks", "Visser",
	"O'Brien", "van der Meer", "Nowak", "Kowalski", "García", "Núñez",
	"Øvergaard", "Smith", "Johnson", "Brown", "Meyer", "Krüger",
};
static const char *const company[] = {
	"Visser Hydrauliek B.V.", "Kuipers Lasautomatisering",
	"Bergische Stanztechnik GmbH", "Müller Maschinenbau GmbH",
	"Rijnmond Tankopslag Service", "Schäfer Druckluftsysteme GmbH",
	"Acme, Inc.", "Smith & Sons, Ltd.", "Nordic Valves AB",
	"\"Das Werk\" Metallbau GmbH", "Braun Lasersysteme GmbH",
	"Krüger Kunststoffspritzguss GmbH", "Société Générale d'Usinage",
	"Øresund Logistics ApS", "Delta, Noord & Zuid B.V.",
};
static const char *const title[] = {
	"Productiemanager", "Procurement Manager", "Engineer", "Head of IT",
	"CEO", "Einkaufsleiter", "Plant Manager", "Operations Director",
	"Marketing Manager", "Technischer Leiter",
};
static const char *const owner[] = {
	"Tom Verbeek", "Stefan Koch", "Mark Hendriks", "Sanne de Vries",
	"Jürgen Weiß", "Noël Janssen", "Chloë de Groot", "Katrin Schäfer",
	"Bram Kuipers", "Integration User",
};
static const char *const status[] = {
	"Open - Not Contacted", "Working - Contacted", "Closed - Converted",
	"Closed - Not Converted", "Nurturing",
};

/* Specific CRM values: canonical names, aliases, case and spacing variants,
 * generic channels that are not offline, and unknown but specific names;
 * each with the utm_source and utm_medium its tracked leads carry. */
static const struct {
	const char *crm, *src, *med;
} specific[] = {
	{ "Google", "google", "cpc" }, { "google", "google", "organic" },
	{ "GOOGLE", "google", "cpc" }, { " Google ", "google", "cpc" },
	{ "Google Ads", "google", "cpc" }, { "google ads", "google", "ppc" },
	{ "Bing", "bing", "cpc" }, { "bing", "bing", "organic" },
	{ "LinkedIn", "linkedin", "paid_social" },
	{ "linkedin", "LinkedIn", "paid_social" }, { "LI", "li", "social" },
	{ "Linkedin Ads", "linkedin", "paid_social" },
	{ "Facebook", "facebook", "paid_social" }, { "fb", "fb", "cpc" },
	{ "Meta Ads", "facebook", "paid_social" },
	{ "Instagram", "instagram", "social" }, { "instagram", "ig", "social" },
	{ "YouTube", "youtube", "video" }, { "Xing", "xing", "social" },
	{ "XING", "xing", "paid_social" }, { "Newsletter", "newsletter", "email" },
	{ "newsletter", "Newsletter", "E-mail" }, { "ChatGPT", "chatgpt.com", "referral" },
	{ "Ecosia", "ecosia.org", "organic" },
	{ "Organic Search", "google", "organic" }, { "Paid Search", "google", "cpc" },
	{ "Paid Social", "linkedin", "paid_social" },
	{ "Organic Social", "linkedin", "social" },
	{ "Email Marketing", "newsletter", "email" }, { "E-Mail", "newsletter", "email" },
	{ "Advertisement", "google", "display" }, { "Display", "google", "display" },
	{ "Capterra", "capterra", "referral" },
	{ "Hannover Messe Booth", "hannover-messe", "event" },
	{ "Maschinenmarkt", "maschinenmarkt", "referral" },
	{ "europages", "europages", "referral" },
	{ "Webinar Q1", "newsletter", "email" }, { "G2", "g2", "referral" },
	{ "Reddit", "reddit", "paid_social" }, { "TikTok", "tiktok", "paid_social" },
};
/* Offline values: specific only with a campaign code, which they get. */
static const char *const offline[] = {
	"Trade Show", "Partner", "Referral", "Event", "Word of mouth",
	"Cold Call", "Phone Inquiry",
};
/* Vague values (from the default rules), written in other cases and with
 * spaces around them. */
static const char *const vague[] = {
	"Web", "web", "Website", "WEBSITE", "Unknown", "unknown", "Other",
	"other", "-", "?", "n/a", "N/A", "none", "Direct", "direct traffic",
	"Internet", "Online", "Contact Form", "Inbound", "Marketing",
	"Import", "CRM", "Manual", "Overig", "Onbekend", "Sonstige",
	"Unbekannt", "Via via", "Offline Sources", "Chat", "(not set)",
	"(direct)", "undefined", "NULL", "test", "Default", "General",
};
static const char *const vague_utm[] = { "", "", "", "(not set)", "unknown",
	"(direct)", "undefined" };
static const char *const campaign[] = {
	"2026-q1-hannover-messe", "2026-q1-hannover-messe-preregistratie",
	"2026-01-newsletter", "2026-02-newsletter", "spring_sale_2026",
	"2026-02-webinar-predictive-maintenance", "hm2026",
	"fy23-q4-amer-best_in_class_email_guide", "2026-01-productlaunch-xt400",
	"Hannover Messe 2026", "Acq_M_Lifecycle*2019", "n/a-campaign",
	"2026-q2-retrofit", "brand_always_on",
};
static const char *const page[] = {
	"https://www.example.com/en/producten/xt400",
	"https://www.example.com/nl/webinars/predictive-maintenance",
	"https://www.example.de/whitepaper-energie",
	"https://www.example.com/contact",
};
static const char *const note[] = {
	"Wants a quote, budget approved",
	"Said: \"call me after the summer\", not before",
	"Came via colleague; \"very urgent\" per his e-mail\nCheck credit first",
	"Asked for 3 references, 2 in NL",
	"Visited booth B12, Hall 4; met Jürgen",
	"Pricing for 5, 10 and 20 units",
	"No budget this year",
	"Follow-up:\n- send brochure\n- call back on Monday",
	"Competitor: \"Acme\", price matters",
	"Downloaded the whitepaper",
	"",
	"",
	"Interested in XT400",
	"Rückruf erwünscht",
	"Budget Q3",
	"Sent the datasheet",
	"Demo booked for next week",
	"Needs approval from the board",
};

struct out {
	FILE		*fp;
	unsigned long long bytes;
	int		 all_quoted;
	int		 row_quoted;	/* this row has a quoted field */
};

static void
put(struct out *o, const char *s, size_t n)
{
	fwrite(s, 1, n, o->fp);
	o->bytes += n;
}

/* One field: quoted when it must be, or always in the all-quoted style. */
static void
field(struct out *o, const char *s, int last_field)
{
	size_t n = strlen(s);
	int q = o->all_quoted || strpbrk(s, ",\"\r\n") != NULL;
	const char *p;

	if (q) {
		o->row_quoted = 1;
		put(o, "\"", 1);
		for (p = s; *p; p++) {
			if (*p == '"')
				put(o, "\"", 1);
			put(o, p, 1);
		}
		put(o, "\"", 1);
	} else
		put(o, s, n);
	put(o, last_field ? "\r\n" : ",", last_field ? 2 : 1);
}

static void
lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static unsigned long long
parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end != '\0' || v == 0) {
		fprintf(stderr, "gen: bad size '%s'\n", s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const char *const head[] = { "Lead ID", "First Name",
	    "Last Name", "Title", "Company", "Email", "Phone", "Lead Status",
	    "Lead Owner", "Created Date", "Lead Source", "Lead Source Detail",
	    "UTM Source", "UTM Medium", "UTM Campaign", "Landing Page",
	    "Description" };
	struct out o;
	unsigned long long size, rows = 0, nvague = 0;
	uint64_t seed = 1;
	char buf[1024], src[128], det[128], usrc[64], umed[64], ucamp[128];
	char date[64], mail[128], id[32], url[512];
	const char *fn, *ln;
	size_t i;
	int opt = 1, kind;

	memset(&o, 0, sizeof o);
	while (opt < argc && argv[opt][0] == '-') {
		if (strcmp(argv[opt], "-q") == 0)
			o.all_quoted = 1;
		else if (strcmp(argv[opt], "-s") == 0 && opt + 1 < argc)
			seed = strtoull(argv[++opt], NULL, 10);
		else
			break;
		opt++;
	}
	if (argc - opt != 2) {
		fprintf(stderr, "usage: gen [-s SEED] [-q] SIZE FILE\n");
		return 2;
	}
	size = parse_size(argv[opt]);
	if ((o.fp = fopen(argv[opt + 1], "wb")) == NULL) {
		perror(argv[opt + 1]);
		return 2;
	}
	setvbuf(o.fp, NULL, _IOFBF, 1 << 20);
	rng_state = seed * 0x2545f4914f6cdd1dULL + (o.all_quoted ? 7 : 0);
	for (i = 0; i < N(head); i++)
		field(&o, head[i], i + 1 == N(head));

	while (o.bytes < size) {
		unsigned day = 1 + pick(28), mon = 1 + pick(12), h = pick(24);
		unsigned mi = pick(60);

		o.row_quoted = 0;
		rows++;
		fn = first[pick(N(first))];
		ln = last[pick(N(last))];
		if (o.all_quoted)
			snprintf(id, sizeof id, "00Q5g%013llX", (unsigned long long)(rnd() >> 12));
		else
			snprintf(id, sizeof id, "%llu", 31245670000ULL + rows * 7);
		snprintf(mail, sizeof mail, "%c.%s%u@example.%s", fn[0] & 0x80 ? 'x' : fn[0] | 0x20,
		    strchr(ln, ' ') ? "x" : ln, pick(100), pick(2) ? "de" : "nl");
		lower_ascii(mail);
		if (o.all_quoted)	/* Salesforce: m/d/yyyy h:mm AM */
			snprintf(date, sizeof date, "%u/%u/2026 %u:%02u %s", mon, day,
			    h % 12 == 0 ? 12 : h % 12, mi, h < 12 ? "AM" : "PM");
		else
			snprintf(date, sizeof date, "2026-%02u-%02u %02u:%02u", mon, day, h, mi);

		src[0] = det[0] = usrc[0] = umed[0] = ucamp[0] = '\0';
		snprintf(url, sizeof url, "%s", page[pick(N(page))]);
		kind = pick(100);
		if (kind < 24) {		/* vague */
			const char *v = vague[pick(N(vague))];
			snprintf(src, sizeof src, "%s%s%s", chance(100) ? " " : "",
			    v, chance(100) ? "  " : "");
			snprintf(usrc, sizeof usrc, "%s", vague_utm[pick(N(vague_utm))]);
			if (usrc[0] && chance(500))
				snprintf(umed, sizeof umed, "(none)");
			nvague++;
		} else if (kind < 29) {		/* empty source */
			if (chance(300))
				snprintf(src, sizeof src, "   ");
			nvague++;
		} else if (kind < 35) {		/* offline, with a campaign code */
			snprintf(src, sizeof src, "%s", offline[pick(N(offline))]);
			snprintf(ucamp, sizeof ucamp, "%s", campaign[pick(3)]);
			if (chance(400))
				snprintf(det, sizeof det, "Hannover Messe 2026, Hall %u", 1 + pick(27));
		} else {			/* specific */
			unsigned k = pick(N(specific));
			const char *us = specific[k].src, *um = specific[k].med;
			snprintf(src, sizeof src, "%s", specific[k].crm);
			if (chance(50))		/* tracked as something else */
				us = specific[pick(N(specific))].src;
			if (chance(400))
				snprintf(det, sizeof det, "%s", pick(2) ? "www.maschinenmarkt.vogel.de" : "Google");
			if (chance(550)) {
				snprintf(usrc, sizeof usrc, "%s", us);
				snprintf(umed, sizeof umed, "%s", um);
				/* a campaign runs on a few sources */
				snprintf(ucamp, sizeof ucamp, "%s",
				    campaign[(k * 3 + pick(3)) % N(campaign)]);
			} else if (chance(250)) {
				/* the UTMs only in the landing page's query */
				snprintf(url + strlen(url), sizeof url - strlen(url),
				    "?utm_source=%s&utm_medium=%s&utm_campaign=%s",
				    us, um, campaign[(k * 3 + pick(3)) % N(campaign)]);
				for (i = 0; url[i]; i++)
					if (url[i] == ' ')
						url[i] = '+';
			}
		}

		field(&o, id, 0);
		field(&o, fn, 0);
		field(&o, ln, 0);
		field(&o, title[pick(N(title))], 0);
		field(&o, company[pick(N(company))], 0);
		field(&o, mail, 0);
		snprintf(buf, sizeof buf, "+%u %u 0000 %04u", pick(2) ? 49 : 31,
		    10 + pick(90), pick(10000));
		field(&o, buf, 0);
		field(&o, status[pick(N(status))], 0);
		field(&o, owner[pick(N(owner))], 0);
		field(&o, date, 0);
		field(&o, src, 0);
		field(&o, det, 0);
		field(&o, usrc, 0);
		field(&o, umed, 0);
		field(&o, ucamp, 0);
		field(&o, url, 0);
		/* About 60% of the rows of the partly-quoted style carry a
		 * quoted field; a few have a line break inside one. */
		if (!o.all_quoted && pick(100) < 20)
			snprintf(buf, sizeof buf, "%s; %s", note[pick(N(note))],
			    note[pick(N(note))]);
		else
			snprintf(buf, sizeof buf, "%s", note[pick(N(note))]);
		field(&o, buf, 1);
	}
	if (fflush(o.fp) != 0 || ferror(o.fp) || fclose(o.fp) != 0) {
		perror(argv[opt + 1]);
		return 2;
	}
	printf("rows=%llu vague=%llu bytes=%llu\n", rows, nvague, o.bytes);
	return 0;
}
