/* Unit tests for colmap: CRM headers -> roles through the rules, overrides,
 * duplicate and empty names, failures, and --column parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "colmap.h"
#include "testutil.h"

#define NBSP	"\xc2\xa0"
#define MAXH	12

struct hcase {
	const char	*name;
	const char	*h[MAXH];	/* header, NULL-terminated */
	int		 id, source, detail, usrc, umed, ucamp, url, created, owner;
	long		 dup, empty;
};

static const struct hcase hcases[] = {
	{ "HubSpot", { "Record ID", "First Name", "Email", "Original Source",
	    "Original Source Drill-Down 1", "Create Date", "Contact owner",
	    "First Page Seen", NULL },
	    0, 3, 4, -1, -1, -1, 7, 5, 6, 0, 0 },
	{ "Salesforce", { "Lead ID", "Company", "Lead Source", "Lead Source Detail",
	    "Created Date", "Lead Owner", "utm_source", "utm_medium", "utm_campaign", NULL },
	    0, 2, 3, 6, 7, 8, -1, 4, 5, 0, 0 },
	{ "Dutch", { "Naam", "Leadbron", "Leadbron detail", "Aangemaakt op",
	    "Eigenaar", NULL },
	    -1, 1, 2, -1, -1, -1, -1, 3, 4, 0, 0 },
	/* Case-insensitive and trimmed (NBSP too). */
	{ "case", { "  LEAD SOURCE ", "lead owner", NBSP "Create date" NBSP,
	    "UTM_SOURCE", NULL },
	    -1, 0, -1, 3, -1, -1, -1, 2, 1, 0, 0 },
	/* Not by key: '-' is not ' '. */
	{ "not-key", { "Lead-Source", "Landing Page", NULL },
	    -1, -1, -1, -1, -1, -1, 1, -1, -1, 0, 0 },
	/* The rules' order decides, not the header's. */
	{ "priority", { "Lead Source", "Created Date", "Original Source", "Create Date", NULL },
	    -1, 2, -1, -1, -1, -1, -1, 3, -1, 0, 0 },
	/* utm_source or a URL alone is enough. */
	{ "utm only", { "utm_source", NULL }, -1, -1, -1, 0, -1, -1, -1, -1, -1, 0, 0 },
	{ "url only", { "x", "Landing Page", NULL }, -1, -1, -1, -1, -1, -1, 1, -1, -1, 0, 0 },
	{ "detail only", { "Lead Source Detail", NULL }, -1, -1, 0, -1, -1, -1, -1, -1, -1, 0, 0 },
	/* Duplicate and empty names are counted; the first one maps. */
	{ "dups", { "Lead Source", "lead source", "Email", "Email", " EMAIL ", NULL },
	    -1, 0, -1, -1, -1, -1, -1, -1, -1, 3, 0 },
	{ "empty", { "", "Lead Source", "  ", NBSP, "x", NULL },
	    -1, 1, -1, -1, -1, -1, -1, -1, -1, 0, 3 },
};

static size_t
nheaders(const char *const *h)
{
	size_t n = 0;

	while (n < MAXH && h[n] != NULL)
		n++;
	return n;
}

static void
test_headers(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof hcases / sizeof hcases[0]; i++) {
		const struct hcase *c = &hcases[i];
		const int want[ROLE_COUNT] = {
			[ROLE_ID] = c->id, [ROLE_SOURCE] = c->source,
			[ROLE_SOURCE_DETAIL] = c->detail, [ROLE_UTM_SOURCE] = c->usrc,
			[ROLE_UTM_MEDIUM] = c->umed, [ROLE_UTM_CAMPAIGN] = c->ucamp,
			[ROLE_UTM_CONTENT] = -1, [ROLE_UTM_TERM] = -1, [ROLE_UTM_ID] = -1,
			[ROLE_URL] = c->url, [ROLE_CREATED] = c->created, [ROLE_OWNER] = c->owner,
		};
		struct colmap cm;
		struct tu_rec t;
		struct diag d;
		int role;

		tu_record(&t, 1, c->h, nheaders(c->h));
		memset(&d, 0, sizeof d);
		if (colmap_init(&cm, r, &t.rec, NULL, 0, "in.csv", &d) != 0) {
			print_error("%s: %s\n", c->name, d.msg);
			bad++;
			continue;
		}
		for (role = 0; role < ROLE_COUNT; role++)
			if (cm.col[role] != want[role]) {
				print_error("%s: role %s is column %d, want %d\n", c->name,
				    rules_role_name((enum role)role), cm.col[role], want[role]);
				bad++;
			}
		if (cm.dup_names != c->dup || cm.empty_names != c->empty ||
		    cm.ncols != nheaders(c->h)) {
			print_error("%s: %zu columns, %ld duplicate, %ld empty\n", c->name,
			    cm.ncols, cm.dup_names, cm.empty_names);
			bad++;
		}
		colmap_free(&cm);
	}
	assert_int_equal(bad, 0);
	rules_free(r);
}

static void
test_names_kept(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	struct colmap cm;
	struct tu_rec t;
	struct diag d;

	(void)state;
	tu_recordv(&t, 3, "  Lead Source ", "", NBSP "Eigenaar", NULL);
	assert_int_equal(colmap_init(&cm, r, &t.rec, NULL, 0, "in.csv", &d), 0);
	assert_int_equal(cm.ncols, 3);
	assert_string_equal(cm.names[0], "Lead Source");
	assert_string_equal(cm.names[1], "");
	assert_string_equal(cm.names[2], "Eigenaar");
	colmap_free(&cm);
	assert_null(cm.names);
	assert_int_equal(cm.ncols, 0);
	colmap_free(&cm);	/* twice is harmless */
	rules_free(r);
}

static void
test_override(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	struct colmap_override ov[3];
	struct colmap cm;
	struct tu_rec t;
	struct diag d;

	(void)state;
	/* No source-like column until --column names one. */
	tu_recordv(&t, 1, "Naam", "Kanaal", "Wie", NULL);
	ov[0].role = ROLE_SOURCE;
	ov[0].name = " kanaal ";
	ov[1].role = ROLE_OWNER;
	ov[1].name = "WIE";
	assert_int_equal(colmap_init(&cm, r, &t.rec, ov, 2, "in.csv", &d), 0);
	assert_int_equal(cm.col[ROLE_SOURCE], 1);
	assert_int_equal(cm.col[ROLE_OWNER], 2);
	assert_int_equal(cm.col[ROLE_ID], -1);
	colmap_free(&cm);

	/* An override beats the rules. */
	tu_recordv(&t, 1, "Lead Source", "Herkunft", NULL);
	ov[0].name = "Herkunft";
	assert_int_equal(colmap_init(&cm, r, &t.rec, ov, 1, "in.csv", &d), 0);
	assert_int_equal(cm.col[ROLE_SOURCE], 1);
	colmap_free(&cm);

	/* An override naming a missing column fails with the header's line. */
	tu_recordv(&t, 4, "Lead Source", "Email", NULL);
	ov[0].role = ROLE_UTM_CAMPAIGN;
	ov[0].name = "Campagne";
	memset(&d, 0, sizeof d);
	assert_int_equal(colmap_init(&cm, r, &t.rec, ov, 1, "export.csv", &d), -1);
	assert_string_equal(d.file, "export.csv");
	assert_int_equal(d.line, 4);
	tu_assert_contains(d.msg, "--column utm_campaign=Campagne: no such column");
	assert_null(cm.names);
	rules_free(r);
}

/* One column feeds one role, unless an override says otherwise. */
static void
test_one_role(void **state)
{
	struct rules *r = tu_rules("version: 1\ncolumns:\n  source: [Bron]\n"
	    "  source_detail: [Bron, Detail]\n  owner: [Bron]\n");
	struct colmap_override ov;
	struct colmap cm;
	struct tu_rec t;
	struct diag d;

	(void)state;
	tu_recordv(&t, 1, "Bron", NULL);
	assert_int_equal(colmap_init(&cm, r, &t.rec, NULL, 0, "in.csv", &d), 0);
	assert_int_equal(cm.col[ROLE_SOURCE], 0);
	assert_int_equal(cm.col[ROLE_SOURCE_DETAIL], -1);
	assert_int_equal(cm.col[ROLE_OWNER], -1);
	colmap_free(&cm);

	/* An explicit override may share a column with an earlier role. */
	tu_recordv(&t, 1, "Bron", "Detail", NULL);
	ov.role = ROLE_OWNER;
	ov.name = "bron";
	assert_int_equal(colmap_init(&cm, r, &t.rec, &ov, 1, "in.csv", &d), 0);
	assert_int_equal(cm.col[ROLE_SOURCE], 0);
	assert_int_equal(cm.col[ROLE_OWNER], 0);
	colmap_free(&cm);
	rules_free(r);
}

static void
test_no_source(void **state)
{
	struct rules *r = tu_rules(TU_RULES);
	const char *many[60];
	char names[60][16];
	struct colmap cm;
	struct tu_rec t;
	struct diag d;
	size_t i;

	(void)state;
	tu_recordv(&t, 1, "Name", "Email", "Phone", "Create Date", NULL);
	memset(&d, 0, sizeof d);
	assert_int_equal(colmap_init(&cm, r, &t.rec, NULL, 0, "leads.csv", &d), -1);
	assert_string_equal(d.file, "leads.csv");
	assert_int_equal(d.line, 1);
	tu_assert_contains(d.msg, "no lead-source column found");
	tu_assert_contains(d.msg, "'Name', 'Email', 'Phone', 'Create Date'");
	tu_assert_contains(d.msg, "use --column source=NAME");
	assert_null(cm.names);

	/* A long header is listed in part. */
	for (i = 0; i < 60; i++) {
		snprintf(names[i], sizeof names[i], "Column %zu", i);
		many[i] = names[i];
	}
	tu_record(&t, 2, many, 60);
	memset(&d, 0, sizeof d);
	assert_int_equal(colmap_init(&cm, r, &t.rec, NULL, 0, "leads.csv", &d), -1);
	tu_assert_contains(d.msg, "'Column 0', 'Column 1'");
	tu_assert_contains(d.msg, ", ...");
	assert_null(strstr(d.msg, "'Column 59'"));

	/* An empty header. */
	tu_record(&t, 1, many, 0);
	assert_int_equal(colmap_init(&cm, r, &t.rec, NULL, 0, "leads.csv", &d), -1);
	tu_assert_contains(d.msg, "no lead-source column found");
	rules_free(r);
}

static void
test_override_parse(void **state)
{
	static const struct {
		const char	*arg;
		int		 rc;
		enum role	 role;
		const char	*name;
	} c[] = {
		{ "source=Lead Source", 0, ROLE_SOURCE, "Lead Source" },
		{ "utm_campaign=Campagne", 0, ROLE_UTM_CAMPAIGN, "Campagne" },
		{ "owner= Eigenaar ", 0, ROLE_OWNER, " Eigenaar " },
		{ "url=a=b", 0, ROLE_URL, "a=b" },
		{ "created==", 0, ROLE_CREATED, "=" },
		{ "source=", -1, ROLE_ID, NULL },
		{ "=Lead Source", -1, ROLE_ID, NULL },
		{ "source", -1, ROLE_ID, NULL },
		{ "sauce=x", -1, ROLE_ID, NULL },
		{ "Source=x", -1, ROLE_ID, NULL },
		{ " source=x", -1, ROLE_ID, NULL },
		{ "source_detail_and_more_than_32_bytes=x", -1, ROLE_ID, NULL },
		{ "", -1, ROLE_ID, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		struct colmap_override ov = { ROLE_ID, NULL };
		int rc = colmap_override_parse(c[i].arg, &ov);
		if (rc != c[i].rc || (rc == 0 && (ov.role != c[i].role ||
		    strcmp(ov.name, c[i].name) != 0))) {
			print_error("'%s': rc %d role %d name '%s'\n", c[i].arg, rc,
			    (int)ov.role, ov.name ? ov.name : "NULL");
			fail();
		}
		/* NAME points into the argument. */
		if (rc == 0)
			assert_true(ov.name > c[i].arg && ov.name < c[i].arg + strlen(c[i].arg));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_names_kept),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_one_role),
		cmocka_unit_test(test_no_source),
		cmocka_unit_test(test_override_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
