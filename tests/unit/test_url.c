/* Unit tests for url: splitting, parameter iteration, decoding, names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "url.h"
#include "../fuzz/url_ref.h"

#define NA	NULL	/* expected: part absent */

struct scase {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	int		 rc, absolute, http, bad;
	const char	*scheme, *userinfo, *host, *port, *path, *query, *frag;
};

static const struct scase scases[] = {
	/* Plain shapes. */
	{ "http://example.com", 0, 0, 1, 1, 0,
	    "http", NA, "example.com", NA, NA, NA, NA },
	{ "https://example.com/", 0, 0, 1, 1, 0,
	    "https", NA, "example.com", NA, "/", NA, NA },
	{ "https://www.example.com/landing?utm_source=google&utm_medium=cpc#top",
	    0, 0, 1, 1, 0, "https", NA, "www.example.com", NA, "/landing",
	    "utm_source=google&utm_medium=cpc", "top" },
	{ "HTTP://Example.COM:8080/x", 0, 0, 1, 1, 0,
	    "HTTP", NA, "Example.COM", "8080", "/x", NA, NA },
	{ "hTtPs://h", 0, 0, 1, 1, 0, "hTtPs", NA, "h", NA, NA, NA, NA },
	{ "http://h/p;x=1?y", 0, 0, 1, 1, 0, "http", NA, "h", NA, "/p;x=1", "y", NA },
	/* Userinfo: up to the last '@'. */
	{ "http://user:pw@host/p", 0, 0, 1, 1, 0,
	    "http", "user:pw", "host", NA, "/p", NA, NA },
	{ "http://a@b@host/", 0, 0, 1, 1, 0, "http", "a@b", "host", NA, "/", NA, NA },
	{ "http://@host", 0, 0, 1, 1, 0, "http", "", "host", NA, NA, NA, NA },
	{ "http://h/x@y", 0, 0, 1, 1, 0, "http", NA, "h", NA, "/x@y", NA, NA },
	/* IPv6 and IPv4 hosts. */
	{ "http://[::1]/x", 0, 0, 1, 1, 0, "http", NA, "[::1]", NA, "/x", NA, NA },
	{ "http://[::1]:8080?q", 0, 0, 1, 1, 0, "http", NA, "[::1]", "8080", NA, "q", NA },
	{ "http://[2001:db8::192.168.0.1]/", 0, 0, 1, 1, 0,
	    "http", NA, "[2001:db8::192.168.0.1]", NA, "/", NA, NA },
	{ "http://[1::2::3]/", 0, -1, 1, 1, 0, "http", NA, "[1::2::3]", NA, "/", NA, NA },
	{ "http://[::1", 0, -1, 1, 1, 0, "http", NA, "[::1", NA, NA, NA, NA },
	{ "http://[::1]x/", 0, -1, 1, 1, 0, "http", NA, "[::1]", NA, "/", NA, NA },
	{ "http://[fe80::1%25eth0]/", 0, -1, 1, 1, 0,
	    "http", NA, "[fe80::1%25eth0]", NA, "/", NA, NA },
	{ "http://1.2.3.4/", 0, 0, 1, 1, 0, "http", NA, "1.2.3.4", NA, "/", NA, NA },
	{ "http://0x7f.1/", 0, 0, 1, 1, 0, "http", NA, "0x7f.1", NA, "/", NA, NA },
	{ "http://1.2.3.256/", 0, -1, 1, 1, 0, "http", NA, "1.2.3.256", NA, "/", NA, NA },
	{ "http://1.2.3.4.5/", 0, -1, 1, 1, 0, "http", NA, "1.2.3.4.5", NA, "/", NA, NA },
	{ "http://foo.09", 0, -1, 1, 1, 0, "http", NA, "foo.09", NA, NA, NA, NA },
	{ "http://4294967296", 0, -1, 1, 1, 0, "http", NA, "4294967296", NA, NA, NA, NA },
	{ "http://v1.example", 0, 0, 1, 1, 0, "http", NA, "v1.example", NA, NA, NA, NA },
	/* Empty query and fragment are present; '?' inside a fragment is not a query. */
	{ "http://h?", 0, 0, 1, 1, 0, "http", NA, "h", NA, NA, "", NA },
	{ "http://h#", 0, 0, 1, 1, 0, "http", NA, "h", NA, NA, NA, "" },
	{ "http://h/?#", 0, 0, 1, 1, 0, "http", NA, "h", NA, "/", "", "" },
	{ "http://h/#a?utm_source=x", 0, 0, 1, 1, 0,
	    "http", NA, "h", NA, "/", NA, "a?utm_source=x" },
	{ "http://h?q#f?g#h", 0, 0, 1, 1, 0, "http", NA, "h", NA, NA, "q", "f?g#h" },
	{ "http://h??a=1", 0, 0, 1, 1, 0, "http", NA, "h", NA, NA, "?a=1", NA },
	/* Ports. */
	{ "http://h:/", 0, 0, 1, 1, 0, "http", NA, "h", "", "/", NA, NA },
	{ "http://h:65535/", 0, 0, 1, 1, 0, "http", NA, "h", "65535", "/", NA, NA },
	{ "http://h:65536/", 0, -1, 1, 1, 0, "http", NA, "h", "65536", "/", NA, NA },
	{ "http://h:99999999999999999999/", 0, -1, 1, 1, 0,
	    "http", NA, "h", "99999999999999999999", "/", NA, NA },
	{ "http://h:8a/", 0, -1, 1, 1, 0, "http", NA, "h", "8a", "/", NA, NA },
	{ "http://h:-80/", 0, -1, 1, 1, 0, "http", NA, "h", "-80", "/", NA, NA },
	/* Empty host. */
	{ "http:///x", 0, -1, 1, 1, 0, "http", NA, "", NA, "/x", NA, NA },
	{ "http://?utm_source=x", 0, -1, 1, 1, 0, "http", NA, "", NA, NA, "utm_source=x", NA },
	{ "http://user@/x", 0, -1, 1, 1, 0, "http", "user", "", NA, "/x", NA, NA },
	{ "http://:80/", 0, -1, 1, 1, 0, "http", NA, "", "80", "/", NA, NA },
	/* Forbidden and encoded host code points. */
	{ "http://a<b/", 0, -1, 1, 1, 0, "http", NA, "a<b", NA, "/", NA, NA },
	{ "http://a|b/", 0, -1, 1, 1, 0, "http", NA, "a|b", NA, "/", NA, NA },
	{ "http://ex%41mple.com/", 0, 0, 1, 1, 0,
	    "http", NA, "ex%41mple.com", NA, "/", NA, NA },
	{ "http://ex%zzmple.com/", 0, -1, 1, 1, 0,
	    "http", NA, "ex%zzmple.com", NA, "/", NA, NA },
	{ "http://ho%00st/", 0, -1, 1, 1, 0, "http", NA, "ho%00st", NA, "/", NA, NA },
	{ "http://ho%2Fst/", 0, -1, 1, 1, 0, "http", NA, "ho%2Fst", NA, "/", NA, NA },
	{ "http://b\xc3\xbc" "cher.de/?utm_source=x", 0, 0, 1, 1, 0,
	    "http", NA, "b\xc3\xbc" "cher.de", NA, "/", "utm_source=x", NA },
	{ "http://b\xff" "cher.de/", 0, -1, 1, 1, 0,
	    "http", NA, "b\xff" "cher.de", NA, "/", NA, NA },
	{ "http://\xef\xb7\x90zyx.com/", 0, -1, 1, 1, 0,	/* U+FDD0 */
	    "http", NA, "\xef\xb7\x90zyx.com", NA, "/", NA, NA },
	{ "http://a\xc2\xa0" "b/", 0, -1, 1, 1, 0,		/* NBSP */
	    "http", NA, "a\xc2\xa0" "b", NA, "/", NA, NA },
	{ "http://%C2%AD/", 0, -1, 1, 1, 0, "http", NA, "%C2%AD", NA, "/", NA, NA },
	/* A backslash ends the authority of special schemes only. */
	{ "http://a\\b/", 0, 0, 1, 1, 0, "http", NA, "a", NA, "\\b/", NA, NA },
	{ "http://a\\@evil.com/", 0, 0, 1, 1, 0,
	    "http", NA, "a", NA, "\\@evil.com/", NA, NA },
	{ "foo://a\\b/", 0, -1, 1, 0, 0, "foo", NA, "a\\b", NA, "/", NA, NA },
	{ "foo://a%b/", 0, 0, 1, 0, 0, "foo", NA, "a%b", NA, "/", NA, NA },
	/* Other schemes. */
	{ "ftp://files.example.com/x", 0, 0, 1, 0, 0,
	    "ftp", NA, "files.example.com", NA, "/x", NA, NA },
	{ "ht-tp+x.y://host/", 0, 0, 1, 0, 0, "ht-tp+x.y", NA, "host", NA, "/", NA, NA },
	{ "httpx://host/", 0, 0, 1, 0, 0, "httpx", NA, "host", NA, "/", NA, NA },
	{ "file:///etc/passwd", 0, -1, 1, 0, 0, "file", NA, "", NA, "/etc/passwd", NA, NA },
	{ "mailto:a@b.c?subject=x", 0, -1, 0, 0, 0,
	    "mailto", NA, NA, NA, "a@b.c", "subject=x", NA },
	{ "http:/example.com/", 0, -1, 0, 1, 0, "http", NA, NA, NA, "/example.com/", NA, NA },
	{ "http:\\\\example.com\\", 0, -1, 0, 1, 0,
	    "http", NA, NA, NA, "\\\\example.com\\", NA, NA },
	{ "http:", 0, -1, 0, 1, 0, "http", NA, NA, NA, NA, NA, NA },
	/* Relative URLs and no scheme. */
	{ "/relative/path?utm_source=x", 0, -1, 0, 0, 0, NA, NA, NA, NA, NA, NA, NA },
	{ "//example.com/x", 0, -1, 0, 0, 0, NA, NA, NA, NA, NA, NA, NA },
	{ "example.com/?utm_source=x", 0, -1, 0, 0, 0, NA, NA, NA, NA, NA, NA, NA },
	{ "?utm_source=x", 0, -1, 0, 0, 0, NA, NA, NA, NA, NA, NA, NA },
	{ "1http://x/", 0, -1, 0, 0, 0, NA, NA, NA, NA, NA, NA, NA },
	{ "", 0, -1, 0, 0, 0, NA, NA, NA, NA, NA, NA, NA },
	{ "h", 0, -1, 0, 0, 0, NA, NA, NA, NA, NA, NA, NA },
	/* Spaces and control characters: flagged; in the host, refused. */
	{ "http://exa mple.com/", 0, -1, 1, 1, 1, "http", NA, "exa mple.com", NA, "/", NA, NA },
	{ "http://example.com/a b?utm_source=x y", 0, 0, 1, 1, 1,
	    "http", NA, "example.com", NA, "/a b", "utm_source=x y", NA },
	{ "http://example.com/?a=1\t", 0, 0, 1, 1, 1,
	    "http", NA, "example.com", NA, "/", "a=1\t", NA },
	{ "http://example.com/#x\x7f", 0, 0, 1, 1, 1,
	    "http", NA, "example.com", NA, "/", NA, "x\x7f" },
	{ " http://example.com", 0, -1, 0, 0, 1, NA, NA, NA, NA, NA, NA, NA },
	{ "http://example.com ", 0, -1, 1, 1, 1, "http", NA, "example.com ", NA, NA, NA, NA },
	/* The lower-case "http(s)://" and A-Z a-z 0-9 - . _ host shortcut
	 * (16 bytes or more), its edges, and what it leaves to the rest. */
	{ "https://abc.de/", 0, 0, 1, 1, 0, "https", NA, "abc.de", NA, "/", NA, NA },
	{ "https://abc.de/x", 0, 0, 1, 1, 0, "https", NA, "abc.de", NA, "/x", NA, NA },
	{ "https://abc.de/?x", 0, 0, 1, 1, 0, "https", NA, "abc.de", NA, "/", "x", NA },
	{ "https://abcdefgh", 0, 0, 1, 1, 0, "https", NA, "abcdefgh", NA, NA, NA, NA },
	{ "https://www.example.com", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.com", NA, NA, NA, NA },
	{ "http://abcdefghijklmnop/x", 0, 0, 1, 1, 0,	/* host ends a block */
	    "http", NA, "abcdefghijklmnop", NA, "/x", NA, NA },
	{ "http://abcdefghijklmnopq/x", 0, 0, 1, 1, 0,
	    "http", NA, "abcdefghijklmnopq", NA, "/x", NA, NA },
	{ "https://www.Example-1_x.COM/p?a=1", 0, 0, 1, 1, 0,
	    "https", NA, "www.Example-1_x.COM", NA, "/p", "a=1", NA },
	{ "HTTPS://www.example.com/p?a=1", 0, 0, 1, 1, 0,
	    "HTTPS", NA, "www.example.com", NA, "/p", "a=1", NA },
	{ "Https://www.example.com/p?a=1", 0, 0, 1, 1, 0,
	    "Https", NA, "www.example.com", NA, "/p", "a=1", NA },
	{ "https:/www.example.com/p?a=1", 0, -1, 0, 1, 0,
	    "https", NA, NA, NA, "/www.example.com/p", "a=1", NA },
	{ "https:///www.example.com/p", 0, -1, 1, 1, 0,
	    "https", NA, "", NA, "/www.example.com/p", NA, NA },
	{ "https://www.example.com?utm_source=a", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.com", NA, NA, "utm_source=a", NA },
	{ "https://www.example.com#a?utm_source=a", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.com", NA, NA, NA, "a?utm_source=a" },
	{ "https://www.example.com/p?a=1#f?g", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.com", NA, "/p", "a=1", "f?g" },
	{ "https://www.example.com/p#f?g", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.com", NA, "/p", NA, "f?g" },
	{ "https://www.example.com\\p?a=1", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.com", NA, "\\p", "a=1", NA },
	{ "https://www.example.com/a b?x=1", 0, 0, 1, 1, 1,
	    "https", NA, "www.example.com", NA, "/a b", "x=1", NA },
	{ "https://www.example.com/p?x=\x7f", 0, 0, 1, 1, 1,
	    "https", NA, "www.example.com", NA, "/p", "x=\x7f", NA },
	{ "https://www.example.com/b\xc3\xbc" "cher?x=\"!$", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.com", NA, "/b\xc3\xbc" "cher", "x=\"!$", NA },
	{ "https://www.example.com:443/p", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.com", "443", "/p", NA, NA },
	{ "https://ab@www.example.com/p", 0, 0, 1, 1, 0,
	    "https", "ab", "www.example.com", NA, "/p", NA, NA },
	{ "https://ex%41mple.example.com/", 0, 0, 1, 1, 0,
	    "https", NA, "ex%41mple.example.com", NA, "/", NA, NA },
	{ "https://ab[cd.example.com/", 0, -1, 1, 1, 0,
	    "https", NA, "ab[cd.example.com", NA, "/", NA, NA },
	{ "https://ab^cd.example.com/", 0, -1, 1, 1, 0,
	    "https", NA, "ab^cd.example.com", NA, "/", NA, NA },
	{ "https://ab|cd.example.com/", 0, -1, 1, 1, 0,
	    "https", NA, "ab|cd.example.com", NA, "/", NA, NA },
	{ "https://ab`c{d,e.example.com/", 0, 0, 1, 1, 0,
	    "https", NA, "ab`c{d,e.example.com", NA, "/", NA, NA },
	{ "https://ab\xc1" "cd.example.com/", 0, -1, 1, 1, 0,
	    "https", NA, "ab\xc1" "cd.example.com", NA, "/", NA, NA },
	{ "https://ab\xfa" "cd.example.com/", 0, -1, 1, 1, 0,
	    "https", NA, "ab\xfa" "cd.example.com", NA, "/", NA, NA },
	{ "https://ab\xb0" "cd.example.com/", 0, -1, 1, 1, 0,
	    "https", NA, "ab\xb0" "cd.example.com", NA, "/", NA, NA },
	{ "https://192.168.100.200/x?a=1", 0, 0, 1, 1, 0,
	    "https", NA, "192.168.100.200", NA, "/x", "a=1", NA },
	{ "https://192.168.100.256/x?a=1", 0, -1, 1, 1, 0,
	    "https", NA, "192.168.100.256", NA, "/x", "a=1", NA },
	{ "https://192.168.100.200./x", 0, 0, 1, 1, 0,
	    "https", NA, "192.168.100.200.", NA, "/x", NA, NA },
	{ "https://www.example.0x/p", 0, -1, 1, 1, 0,
	    "https", NA, "www.example.0x", NA, "/p", NA, NA },
	{ "https://www.example.0X/p", 0, -1, 1, 1, 0,
	    "https", NA, "www.example.0X", NA, "/p", NA, NA },
	{ "https://www.example.0xfF/p", 0, -1, 1, 1, 0,
	    "https", NA, "www.example.0xfF", NA, "/p", NA, NA },
	{ "https://www.example.9/p", 0, -1, 1, 1, 0,
	    "https", NA, "www.example.9", NA, "/p", NA, NA },
	{ "https://www.example.de./p", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.de.", NA, "/p", NA, NA },
	{ "https://www.example.c9/p", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.c9", NA, "/p", NA, NA },
	{ "https://www.example.x/p", 0, 0, 1, 1, 0,
	    "https", NA, "www.example.x", NA, "/p", NA, NA },
	{ "https://0x7f.0x1.0x1/p", 0, 0, 1, 1, 0,
	    "https", NA, "0x7f.0x1.0x1", NA, "/p", NA, NA },
	/* The length given is honoured: nothing past it is read. */
	{ "http://h/p?q=1#f", 10, 0, 1, 1, 0, "http", NA, "h", NA, "/p", NA, NA },
	{ "http://h/p?q=1#f", 6, -1, 0, 1, 0, "http", NA, NA, NA, "/", NA, NA },
};

static void
check_part(const char *in, const struct url_part *p, const char *want,
    const char *what, size_t i)
{
	size_t wlen;

	if (want == NA) {
		if (p->present)
			fail_msg("case %zu %s: %s present, want absent", i, in, what);
		return;
	}
	wlen = strlen(want);
	if (!p->present)
		fail_msg("case %zu %s: %s absent, want \"%s\"", i, in, what, want);
	if (p->len != wlen || memcmp(in + p->off, want, wlen) != 0)
		fail_msg("case %zu %s: %s is \"%.*s\" (%zu,%zu), want \"%s\"", i,
		    in, what, (int)p->len, in + p->off, p->off, p->len, want);
}

static void
test_split_table(void **state)
{
	const struct scase *c;
	struct url u;
	size_t i, len;
	int rc;

	(void)state;
	for (i = 0; i < sizeof scases / sizeof scases[0]; i++) {
		c = &scases[i];
		len = c->len ? c->len : strlen(c->in);
		memset(&u, 0xa5, sizeof u);	/* url_split must clear it */
		rc = url_split(c->in, len, &u);
		if (rc != c->rc)
			fail_msg("case %zu %s: rc %d, want %d", i, c->in, rc, c->rc);
		if (u.absolute != c->absolute || u.http != c->http ||
		    u.bad_chars != c->bad)
			fail_msg("case %zu %s: absolute/http/bad %d/%d/%d, want "
			    "%d/%d/%d", i, c->in, u.absolute, u.http,
			    u.bad_chars, c->absolute, c->http, c->bad);
		check_part(c->in, &u.scheme, c->scheme, "scheme", i);
		check_part(c->in, &u.userinfo, c->userinfo, "userinfo", i);
		check_part(c->in, &u.host, c->host, "host", i);
		check_part(c->in, &u.port, c->port, "port", i);
		check_part(c->in, &u.path, c->path, "path", i);
		check_part(c->in, &u.query, c->query, "query", i);
		check_part(c->in, &u.fragment, c->frag, "fragment", i);
	}
}

/* Every part lies inside the input and they come in order. */
static void
test_split_offsets(void **state)
{
	const struct url_part *parts[7];
	struct url u;
	size_t i, k, len, end;

	(void)state;
	for (i = 0; i < sizeof scases / sizeof scases[0]; i++) {
		len = scases[i].len ? scases[i].len : strlen(scases[i].in);
		(void)url_split(scases[i].in, len, &u);
		parts[0] = &u.scheme;
		parts[1] = &u.userinfo;
		parts[2] = &u.host;
		parts[3] = &u.port;
		parts[4] = &u.path;
		parts[5] = &u.query;
		parts[6] = &u.fragment;
		for (k = 0, end = 0; k < 7; k++) {
			if (!parts[k]->present) {
				assert_int_equal(parts[k]->len, 0);
				continue;
			}
			assert_true(parts[k]->off >= end);
			assert_true(parts[k]->off + parts[k]->len <= len);
			end = parts[k]->off + parts[k]->len;
		}
	}
}

/* A NUL byte is a control character like any other. */
static void
test_split_nul(void **state)
{
	static const char h[] = "http://exa\0mple.com/";
	static const char p[] = "http://example.com/\0?q";
	struct url u;

	(void)state;
	assert_int_equal(url_split(h, sizeof h - 1, &u), -1);
	assert_int_equal(u.bad_chars, 1);
	assert_int_equal(u.host.off, 7);
	assert_int_equal(u.host.len, 12);
	assert_int_equal(url_split(p, sizeof p - 1, &u), 0);
	assert_int_equal(u.bad_chars, 1);
	assert_int_equal(u.path.off, 18);
	assert_int_equal(u.path.len, 2);
	assert_int_equal(u.query.off, 21);
	assert_int_equal(u.query.len, 1);
}

static void
test_split_host_cap(void **state)
{
	char s[1200];
	struct url u;
	size_t n;

	(void)state;
	memcpy(s, "http://", 7);
	memset(s + 7, 'a', sizeof s - 7);
	n = 7 + 1000;
	assert_int_equal(url_split(s, n, &u), 0);
	assert_int_equal(u.host.len, 1000);
	n = 7 + 1025;
	assert_int_equal(url_split(s, n, &u), -1);
	assert_int_equal(u.host.len, 1025);
	assert_int_equal(u.absolute, 1);
}

static int
same_part(const struct url_part *a, const struct url_part *b)
{
	return a->off == b->off && a->len == b->len && a->present == b->present;
}

/* url_split on an exact-size copy of s[0..len) gives what the splitter
 * without shortcuts (url_ref.h) gives. */
static void
check_like_ref(const char *s, size_t len)
{
	struct url u, r;
	char *b;
	int rc;

	if ((b = malloc(len ? len : 1)) == NULL)
		fail();
	memcpy(b, s, len);
	rc = url_split(b, len, &u);
	if (rc != ref_url_split(b, len, &r) ||
	    !same_part(&u.scheme, &r.scheme) ||
	    !same_part(&u.userinfo, &r.userinfo) ||
	    !same_part(&u.host, &r.host) || !same_part(&u.port, &r.port) ||
	    !same_part(&u.path, &r.path) || !same_part(&u.query, &r.query) ||
	    !same_part(&u.fragment, &r.fragment) ||
	    u.absolute != r.absolute || u.http != r.http ||
	    u.bad_chars != r.bad_chars)
		fail_msg("\"%.*s\" (%zu bytes) split unlike url_ref.h",
		    (int)len, s, len);
	free(b);
}

/* Hosts of 0 to 40 bytes (across the 16-byte blocks the shortcut reads)
 * behind several schemes, before several tails, and every prefix of
 * these, so lengths 15, 16 and 17 of each shape too; behind the schemes
 * the shortcut takes (the first two), also with one host byte swapped for
 * each byte it must stop at or refuse. */
static void
test_split_sweep(void **state)
{
	static const char *const heads[] = {
		"https://", "http://", "HTTP://", "hTTps://", "ftp://", "x://"
	};
	static const char *const tails[] = {
		"", "/p?a=1&b=2", "?utm_source=x#f", "#f?g", "/a b?c", "\\x?y",
		"/\xc3\xa9?q"
	};
	static const char swaps[] = "/?#\\:@%[]^|`{,.-_AZaz09xX \x7f\x80\xc1"
	    "\xfa\xb0\xe1!\"";
	static const char hostc[] = "www.ex-am_ple1.de";
	char s[128];
	size_t h, i, j, k, t, n, hl;

	(void)state;
	for (i = 0; i < sizeof heads / sizeof heads[0]; i++)
		for (h = 0; h <= 40; h++)
			for (t = 0; t < sizeof tails / sizeof tails[0]; t++) {
				hl = strlen(heads[i]);
				memcpy(s, heads[i], hl);
				for (j = 0; j < h; j++)
					s[hl + j] = hostc[j % (sizeof hostc - 1)];
				n = hl + h;
				memcpy(s + n, tails[t], strlen(tails[t]));
				n += strlen(tails[t]);
				for (k = 0; k <= n; k++)
					check_like_ref(s, k);
				for (j = 0; i < 2 && j < h; j++)
					for (k = 0; k < sizeof swaps - 1; k++) {
						s[hl + j] = swaps[k];
						check_like_ref(s, n);
						s[hl + j] = hostc[j % (sizeof hostc - 1)];
					}
			}
}

struct pexp {
	size_t	off, len, noff, nlen, voff, vlen;
	int	has_eq;
};

static void
check_params(const char *q, const struct pexp *want, size_t n)
{
	struct url_param p;
	size_t pos = 0, k = 0;

	while (url_param_next(q, strlen(q), &pos, &p)) {
		if (k >= n)
			fail_msg("%s: pair %zu not expected", q, k);
		assert_int_equal(p.off, want[k].off);
		assert_int_equal(p.len, want[k].len);
		assert_int_equal(p.name_off, want[k].noff);
		assert_int_equal(p.name_len, want[k].nlen);
		assert_int_equal(p.value_off, want[k].voff);
		assert_int_equal(p.value_len, want[k].vlen);
		assert_int_equal(p.has_eq, want[k].has_eq);
		k++;
	}
	if (k != n)
		fail_msg("%s: %zu pairs, want %zu", q, k, n);
	assert_int_equal(pos, strlen(q));
	/* At the end it stays at the end. */
	assert_int_equal(url_param_next(q, strlen(q), &pos, &p), 0);
}

static void
test_params(void **state)
{
	static const struct pexp p1[] = {
		{ 0, 3, 0, 1, 2, 1, 1 },	/* a=1 */
		{ 5, 1, 5, 1, 6, 0, 0 },	/* b */
		{ 7, 2, 7, 0, 8, 1, 1 },	/* =c */
		{ 10, 2, 10, 1, 12, 0, 1 },	/* d= */
		{ 13, 16, 13, 10, 24, 5, 1 },	/* utm_source=x%20y */
	};
	static const struct pexp p2[] = {
		{ 0, 4, 0, 1, 2, 2, 1 },	/* a==b */
	};
	static const struct pexp p3[] = {
		{ 3, 1, 3, 1, 4, 0, 0 },	/* x */
	};
	static const struct pexp p4[] = {
		{ 0, 14, 0, 12, 13, 1, 1 },	/* a?utm_source=x */
	};
	static const struct pexp p5[] = {
		{ 0, 16, 0, 10, 11, 5, 1 },	/* '&' at 16 */
		{ 17, 15, 17, 10, 28, 4, 1 },
	};
	static const struct pexp p6[] = {
		{ 0, 15, 0, 9, 10, 5, 1 },	/* '&' at 15 */
		{ 16, 16, 16, 9, 26, 6, 1 },	/* '=' at 25 */
	};
	static const struct pexp p7[] = {
		{ 0, 18, 0, 16, 17, 1, 1 },	/* '=' at 16 */
		{ 19, 1, 19, 1, 20, 0, 0 },	/* in the last block, after an '=' */
	};
	static const struct pexp p8[] = {
		{ 0, 22, 0, 20, 21, 1, 1 },	/* the name spans the boundary */
	};
	static const struct pexp p9[] = {	/* 17 bytes, the last pair has no '=' */
		{ 0, 3, 0, 1, 2, 1, 1 },
		{ 4, 3, 4, 1, 6, 1, 1 },
		{ 8, 5, 8, 2, 11, 2, 1 },
		{ 14, 3, 14, 3, 17, 0, 0 },
	};

	(void)state;
	check_params("a=1&&b&=c&d=&utm_source=x%20y&", p1, 5);
	check_params("a==b", p2, 1);
	check_params("&&&x&&", p3, 1);
	check_params("a?utm_source=x", p4, 1);
	/* '&' and '=' on both sides of the 16-byte block boundary */
	check_params("utm_medium=email&utm_source=news", p5, 2);
	check_params("utm_mediu=email&utm_sourc=newsxy", p6, 2);
	check_params("0123456789abcdef=x&y", p7, 2);
	check_params("0123456789abcdefghij=x", p8, 1);
	check_params("a=b&c=d&ef=gh&ijk", p9, 4);
	check_params("", NULL, 0);
	check_params("&&&", NULL, 0);
}

/* The pairs of an exact-size copy of q[0..len) are those of url_ref.h. */
static void
check_params_like_ref(const char *q, size_t len)
{
	struct url_param p, r;
	size_t pos = 0, rpos = 0;
	char *b;
	int more;

	if ((b = malloc(len ? len : 1)) == NULL)
		fail();
	memcpy(b, q, len);
	do {
		more = url_param_next(b, len, &pos, &p);
		if (more != ref_url_param_next(b, len, &rpos, &r) ||
		    pos != rpos || (more && (p.off != r.off || p.len != r.len ||
		    p.name_off != r.name_off || p.name_len != r.name_len ||
		    p.value_off != r.value_off || p.value_len != r.value_len ||
		    p.has_eq != r.has_eq)))
			fail_msg("\"%.*s\" (%zu bytes): pair at %zu unlike "
			    "url_ref.h", (int)len, q, len, rpos);
	} while (more);
	free(b);
}

/* Queries of 0 to 40 bytes with an '&' and an '=' anywhere (so at, before
 * and after each 16-byte block boundary, in the first or the last
 * block) and a second '&' at a boundary or not at all. */
static void
test_params_sweep(void **state)
{
	static const int amp2[] = { -1, 14, 15, 16, 17, 31, 32 };
	char q[40];
	int n, a, e, k;

	(void)state;
	for (n = 0; n <= (int)sizeof q; n++)
		for (a = -1; a < n; a++)
			for (e = -1; e < n; e++)
				for (k = 0; k < (int)(sizeof amp2 / sizeof amp2[0]); k++) {
					memset(q, 'x', sizeof q);
					if (e >= 0)
						q[e] = '=';
					if (a >= 0)
						q[a] = '&';
					if (amp2[k] >= 0 && amp2[k] < n)
						q[amp2[k]] = '&';
					check_params_like_ref(q, (size_t)n);
				}
}

/* The iterator over a split query gives offsets into the query slice. */
static void
test_params_in_url(void **state)
{
	const char *s = "https://x.com/?utm_source=a&UTM_Medium=b#c";
	struct url_param p;
	struct url u;
	size_t pos = 0;
	const char *q;

	(void)state;
	assert_int_equal(url_split(s, strlen(s), &u), 0);
	q = s + u.query.off;
	assert_int_equal(url_param_next(q, u.query.len, &pos, &p), 1);
	assert_true(url_name_is(q + p.name_off, p.name_len, "utm_source"));
	assert_int_equal(u.query.off + p.value_off, 26);
	assert_memory_equal(q + p.value_off, "a", 1);
	assert_int_equal(url_param_next(q, u.query.len, &pos, &p), 1);
	assert_true(url_name_is(q + p.name_off, p.name_len, "utm_medium"));
	assert_int_equal(p.value_len, 1);
	assert_memory_equal(q + p.value_off, "b", 1);
	assert_int_equal(url_param_next(q, u.query.len, &pos, &p), 0);
}

struct dcase {
	const char	*in;
	const char	*out;
	size_t		 outlen;
	int		 bad, plus, pct;
};

static const struct dcase dcases[] = {
	{ "", "", 0, 0, 0, 0 },
	{ "abc", "abc", 3, 0, 0, 0 },
	{ "a+b", "a b", 3, 0, 1, 0 },
	{ "%20", " ", 1, 0, 0, 1 },
	{ "%2520", "%20", 3, 0, 0, 1 },
	{ "%G1", "%G1", 3, 1, 0, 0 },
	{ "%1G", "%1G", 3, 1, 0, 0 },
	{ "abc%", "abc%", 4, 1, 0, 0 },
	{ "%4", "%4", 2, 1, 0, 0 },
	{ "%", "%", 1, 1, 0, 0 },
	{ "%C3%A9", "\xc3\xa9", 2, 0, 0, 1 },
	{ "caf%c3%a9", "caf\xc3\xa9", 5, 0, 0, 1 },
	{ "%41%42", "AB", 2, 0, 0, 1 },
	{ "%2sf%2a", "%2sf*", 5, 1, 0, 1 },
	{ "+%2B+", " + ", 3, 0, 1, 1 },
	{ "%00x", "\0x", 2, 0, 0, 1 },
	{ "%%41", "%A", 2, 1, 0, 1 },
	{ "%FF", "\xff", 1, 0, 0, 1 },
	{ "spring+sale%21", "spring sale!", 12, 0, 1, 1 },
};

static void
test_decode_table(void **state)
{
	const struct dcase *c;
	char out[64];
	size_t i, n;
	int bad, plus, pct;

	(void)state;
	for (i = 0; i < sizeof dcases / sizeof dcases[0]; i++) {
		c = &dcases[i];
		bad = plus = pct = 7;
		n = url_decode(c->in, strlen(c->in), out, sizeof out, &bad,
		    &plus, &pct);
		if (n != c->outlen || memcmp(out, c->out, n) != 0 ||
		    out[n] != '\0')
			fail_msg("decode %s: got %zu bytes \"%.*s\"", c->in, n,
			    (int)(n == (size_t)-1 ? 0 : n), out);
		if (bad != c->bad || plus != c->plus || pct != c->pct)
			fail_msg("decode %s: flags %d/%d/%d, want %d/%d/%d",
			    c->in, bad, plus, pct, c->bad, c->plus, c->pct);
		/* The flags are optional. */
		assert_int_equal(url_decode(c->in, strlen(c->in), out,
		    sizeof out, NULL, NULL, NULL), c->outlen);
	}
}

static void
test_decode_cap(void **state)
{
	char out[8];
	int bad = 1;

	(void)state;
	assert_int_equal(url_decode("abc", 3, out, 4, NULL, NULL, NULL), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(url_decode("abc", 3, out, 3, NULL, NULL, NULL),
	    (size_t)-1);
	assert_true(memchr(out, '\0', 3) != NULL);	/* still a string */
	assert_int_equal(url_decode("abc", 3, out, 0, NULL, NULL, NULL),
	    (size_t)-1);
	assert_int_equal(url_decode("", 0, out, 1, &bad, NULL, NULL), 0);
	assert_int_equal(bad, 0);
	assert_string_equal(out, "");
	/* Decoding shrinks: "%41%42%43" fits in 4 bytes. */
	assert_int_equal(url_decode("%41%42%43", 9, out, 4, NULL, NULL, NULL), 3);
	assert_string_equal(out, "ABC");
	/* The length is honoured: "%4" of "%41" is a bad escape. */
	assert_int_equal(url_decode("%41", 2, out, sizeof out, &bad, NULL,
	    NULL), 2);
	assert_int_equal(bad, 1);
	assert_string_equal(out, "%4");
}

struct ncase {
	const char	*name;
	const char	*lower;
	int		 want;
};

static const struct ncase ncases[] = {
	{ "utm_source", "utm_source", 1 },
	{ "UTM_Source", "utm_source", 1 },
	{ "utm%5Fsource", "utm_source", 1 },
	{ "utm%5fSOURCE", "utm_source", 1 },
	{ "%55tm_source", "utm_source", 1 },
	{ "utm+source", "utm source", 1 },
	{ "utm%2", "utm%2", 1 },
	{ "sku", "ku", 0 },
	{ "ku", "sku", 0 },
	{ "utm_source2", "utm_source", 0 },
	{ "utm_sourc", "utm_source", 0 },
	{ "utm_source%", "utm_source", 0 },
	{ "utm_source%00", "utm_source", 0 },
	{ "utm-source", "utm_source", 0 },
	{ "utm_source ", "utm_source", 0 },
	{ "", "", 1 },
	{ "", "utm_source", 0 },
	{ "x", "", 0 },
};

static void
test_name_is(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ncases / sizeof ncases[0]; i++)
		if (url_name_is(ncases[i].name, strlen(ncases[i].name),
		    ncases[i].lower) != ncases[i].want)
			fail_msg("url_name_is(%s, %s) != %d", ncases[i].name,
			    ncases[i].lower, ncases[i].want);
	/* The length is honoured. */
	assert_int_equal(url_name_is("utm_sourceXYZ", 10, "utm_source"), 1);
	assert_int_equal(url_name_is("utm_source", 9, "utm_source"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_table),
		cmocka_unit_test(test_split_offsets),
		cmocka_unit_test(test_split_nul),
		cmocka_unit_test(test_split_host_cap),
		cmocka_unit_test(test_split_sweep),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_params_sweep),
		cmocka_unit_test(test_params_in_url),
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_decode_cap),
		cmocka_unit_test(test_name_is),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
