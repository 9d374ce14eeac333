#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The installed catalogues, and the source tree whose build/locale serves
 * a program run from that tree (both from the Makefile). */
#ifndef UTM_AUDIT_LOCALEDIR
#define UTM_AUDIT_LOCALEDIR	"/usr/local/share/locale"
#endif
#ifndef UTM_AUDIT_SRCDIR
#define UTM_AUDIT_SRCDIR	""
#endif

#define DOMAIN		"utm-audit"
#define LANG_MAX	63		/* longest --lang accepted */
#define CTX_MAX		256		/* context + msgid for i18n_ctx */

/* "nl", "nl_BE", "pt_BR.UTF-8", "de@euro", "nl:de": what LANGUAGE holds. */
static int
lang_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= LANG_MAX && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.@:") == n;
}

static int
is_c_locale(const char *name)
{
	return name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

/* Switches category to C.UTF-8 (spelled either way) when it is "C". */
static void
c_utf8(int category)
{
	if (is_c_locale(setlocale(category, NULL)) &&
	    setlocale(category, "C.UTF-8") == NULL)
		setlocale(category, "C.utf8");
}

/* The build tree's catalogues when the running program lies inside the
 * source tree it was built from (./utm-audit, build-san/utm-audit), so an
 * uninstalled program speaks the language too; NULL otherwise. */
static const char *
build_localedir(char *buf, size_t cap)
{
	static const char src[] = UTM_AUDIT_SRCDIR;
	char exe[4096];
	struct stat st;
	ssize_t n;

	if (src[0] == '\0' || sizeof src + sizeof "/build/locale" > cap)
		return NULL;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if (strncmp(exe, src, sizeof src - 1) != 0 || exe[sizeof src - 1] != '/')
		return NULL;
	memcpy(buf, src, sizeof src - 1);
	memcpy(buf + sizeof src - 1, "/build/locale", sizeof "/build/locale");
	if (stat(buf, &st) == -1 || !S_ISDIR(st.st_mode))
		return NULL;
	return buf;
}

int
i18n_init(const char *lang)
{
	const char *dir, *language;
	char buf[4096];

	if (lang != NULL && !lang_ok(lang))
		return -1;
	if (lang != NULL)
		setenv("LANGUAGE", lang, 1);
	setlocale(LC_MESSAGES, "");
	/* glibc ignores LANGUAGE in the "C" locale; C.UTF-8 honours it. */
	language = getenv("LANGUAGE");
	if (language != NULL && language[0] != '\0')
		c_utf8(LC_MESSAGES);
	/* Characters stay as in "C" (the data is read byte for byte the same
	 * in every locale), but in UTF-8, so the C library's own messages
	 * (strerror) keep their accents. */
	if (!is_c_locale(setlocale(LC_MESSAGES, NULL)))
		c_utf8(LC_CTYPE);
	if ((dir = getenv("UTM_AUDIT_LOCALEDIR")) == NULL || dir[0] == '\0')
		if ((dir = build_localedir(buf, sizeof buf)) == NULL)
			dir = UTM_AUDIT_LOCALEDIR;
	bindtextdomain(DOMAIN, dir);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	return 0;
}

const char *
i18n_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = gettext(ctx_msgid);

	return t == ctx_msgid ? msgid : t;
}

const char *
i18n_ctx(const char *ctx, const char *msgid)
{
	char key[CTX_MAX];
	size_t c = strlen(ctx), m = strlen(msgid);
	const char *t;

	if (c + 1 + m + 1 > sizeof key)
		return msgid;
	memcpy(key, ctx, c);
	key[c] = '\004';
	memcpy(key + c + 1, msgid, m + 1);
	t = gettext(key);
	return t == key ? msgid : t;
}
