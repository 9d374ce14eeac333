#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "xalloc.h"

struct out {
	FILE	*fp;
	char	*path;		/* NULL for stdout */
	char	*tmp;		/* NULL when written in place (a device, a FIFO) */
};

struct out *
out_open(const char *path, unsigned mode, struct diag *d)
{
	struct out *o = xcalloc(1, sizeof *o);
	const char *slash;
	size_t dirlen;
	int fd;

	struct stat st;

	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return o;
	}
	/* A device, FIFO or socket (-o /dev/null, a pipe) is written in place:
	 * renaming a file over it would replace it. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			diag_set(d, path, 0, 0, _("is a directory"));
			free(o);
			return NULL;
		}
		if ((fd = open(path, O_WRONLY | O_NOCTTY)) == -1 ||
		    (o->fp = fdopen(fd, "w")) == NULL) {
			diag_set(d, path, 0, 0, _("cannot write: %s"), strerror(errno));
			if (fd != -1)
				close(fd);
			free(o);
			return NULL;
		}
		o->path = xstrdup(path);
		return o;
	}
	/* The temporary file sits beside the target so rename() is atomic. */
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	o->path = xstrdup(path);
	o->tmp = xmalloc(dirlen + strlen(path + dirlen) + 32);
	memcpy(o->tmp, path, dirlen);
	sprintf(o->tmp + dirlen, ".%s.tmpXXXXXX", path + dirlen);
	if ((fd = mkstemp(o->tmp)) == -1) {
		diag_set(d, path, 0, 0, _("cannot create a temporary file beside it: %s"),
		    strerror(errno));
		goto fail;
	}
	if (fchmod(fd, mode ? mode : 0600) == -1 || (o->fp = fdopen(fd, "w")) == NULL) {
		diag_set(d, path, 0, 0, _("cannot write: %s"), strerror(errno));
		close(fd);
		unlink(o->tmp);
		goto fail;
	}
	return o;
fail:
	free(o->path);
	free(o->tmp);
	free(o);
	return NULL;
}

FILE *
out_fp(struct out *o)
{
	return o->fp;
}

int
out_close(struct out *o, struct diag *d)
{
	int rc = 0;

	if (o->path == NULL) {
		free(o);
		return out_stdout_check(d);
	}
	if (o->tmp == NULL) {		/* written in place */
		if (fflush(o->fp) != 0 || ferror(o->fp))
			rc = diag_set(d, o->path, 0, 0, _("cannot write: %s"), strerror(errno));
		if (fclose(o->fp) != 0 && rc == 0)
			rc = diag_set(d, o->path, 0, 0, _("cannot write: %s"), strerror(errno));
		free(o->path);
		free(o);
		return rc;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) {
		rc = diag_set(d, o->path, 0, 0, _("cannot write: %s"), strerror(errno));
		fclose(o->fp);
	} else if (fclose(o->fp) != 0) {
		rc = diag_set(d, o->path, 0, 0, _("cannot write: %s"), strerror(errno));
	} else if (rename(o->tmp, o->path) != 0) {
		rc = diag_set(d, o->path, 0, 0, _("cannot rename %s into place: %s"),
		    o->tmp, strerror(errno));
	}
	if (rc != 0)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	free(o);
	return rc;
}

void
out_abort(struct out *o)
{
	if (o == NULL)
		return;
	if (o->path != NULL) {
		fclose(o->fp);
		if (o->tmp != NULL)
			unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	free(o);
}

int
out_stdout_check(struct diag *d)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return diag_set(d, _("(standard output)"), 0, 0, _("write error: %s"),
		    strerror(errno ? errno : EIO));
	return 0;
}

/* out_utf8_len on bytes; n is at least 1. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

size_t
out_utf8_len(const char *s, size_t n)
{
	return n > 0 ? utf8_len((const unsigned char *)s, n) : 0;
}

size_t
out_hidden(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	if (n == 0)
		return 0;
	if (s[0] < 0x20 || s[0] == 0x7f)
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (n >= 3 && s[0] == 0xe2 && ((s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae) ||
	    (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)))
		return 3;
	return 0;
}

/* The code point of the valid UTF-8 sequence s[0..w). */
static unsigned long
code_point(const unsigned char *s, size_t w)
{
	static const unsigned char lead[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned long cp = s[0] & lead[w];
	size_t i;

	for (i = 1; i < w; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

/* out_json_str; with shown set, a character out_hidden names is escaped
 * too. */
static void
json_str(FILE *fp, const char *str, size_t len, int shown)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, w;

	fputc('"', fp);
	while (i < len) {
		unsigned char c = s[i];
		if (c >= 0x80) {
			if (shown && (w = out_hidden(str + i, len - i)) > 0) {
				fprintf(fp, "\\u%04lx", code_point(s + i, w));
				i += w;
			} else if ((w = utf8_len(s + i, len - i)) == 0) {
				fputs("\\ufffd", fp);
				i++;
			} else {
				fwrite(s + i, 1, w, fp);
				i += w;
			}
			continue;
		}
		switch (c) {
		case '"':	fputs("\\\"", fp); break;
		case '\\':	fputs("\\\\", fp); break;
		case '\n':	fputs("\\n", fp); break;
		case '\r':	fputs("\\r", fp); break;
		case '\t':	fputs("\\t", fp); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(fp, "\\u%04x", c);
			else
				fputc(c, fp);
		}
		i++;
	}
	fputc('"', fp);
}

void
out_json_str(FILE *fp, const char *s, size_t len)
{
	json_str(fp, s, len, 0);
}

void
out_json_shown(FILE *fp, const char *s, size_t len)
{
	json_str(fp, s, len, 1);
}

size_t
out_shown(char *dst, size_t cap, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0, w;

	if (cap == 0)
		return 0;
	while (i < n) {
		if ((w = out_hidden(src + i, n - i)) > 0) {
			if (o + 6 >= cap)
				break;
			snprintf(dst + o, 7, "\\u%04lx", code_point(s + i, w));
			o += 6;
		} else {
			w = 1;
			if (o + 1 >= cap)
				break;
			dst[o++] = src[i];
		}
		i += w;
	}
	dst[o] = '\0';
	return o;
}

void
out_json_cstr(FILE *fp, const char *s)
{
	if (s == NULL)
		fputs("null", fp);
	else
		out_json_str(fp, s, strlen(s));
}

/* out_xml, or with shown set out_html. */
static void
xml_text(FILE *fp, const char *str, size_t len, int shown)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, w;

	while (i < len) {
		unsigned char c = s[i];
		if (shown && c != '\t' && c != '\n' && c != '\r' &&
		    (w = out_hidden(str + i, len - i)) > 0) {
			fputc('?', fp);
			i += w;
			continue;
		}
		if (c >= 0x80) {
			if ((w = utf8_len(s + i, len - i)) == 0) {
				fputs("\xef\xbf\xbd", fp);
				i++;
				continue;
			}
			/* U+FFFE and U+FFFF are not XML characters either. */
			if (w == 3 && s[i] == 0xef && s[i + 1] == 0xbf && s[i + 2] >= 0xbe)
				fputs("\xef\xbf\xbd", fp);
			else
				fwrite(s + i, 1, w, fp);
			i += w;
			continue;
		}
		switch (c) {
		case '&':	fputs("&amp;", fp); break;
		case '<':	fputs("&lt;", fp); break;
		case '>':	fputs("&gt;", fp); break;
		case '"':	fputs("&quot;", fp); break;
		case '\'':	fputs("&#39;", fp); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
				fputc(c, fp);
			/* other C0 controls cannot be carried by XML: dropped */
		}
		i++;
	}
}

void
out_xml(FILE *fp, const char *s, size_t len)
{
	xml_text(fp, s, len, 0);
}

void
out_xml_cstr(FILE *fp, const char *s)
{
	xml_text(fp, s, strlen(s), 0);
}

void
out_html(FILE *fp, const char *s, size_t len)
{
	xml_text(fp, s, len, 1);
}

void
out_html_cstr(FILE *fp, const char *s)
{
	xml_text(fp, s, strlen(s), 1);
}

static int
csv_dropped(char ch)
{
	unsigned char c = (unsigned char)ch;

	return c == 0x7f || (c != 0 && c < 0x20 && c != '\t' && c != '\n' &&
	    c != '\r');
}

void
out_csv_cell(FILE *fp, const char *s, size_t len, int delim, int neutralise)
{
	size_t i, first = 0;
	int quote = 0, lead = 0;

	/* A neutralised cell also loses its terminal controls (ESC
	 * sequences, DEL; not NUL, tab, LF, CR): a worksheet is looked at,
	 * and the formula check is on the first byte kept. */
	if (neutralise)
		while (first < len && csv_dropped(s[first]))
			first++;
	if (neutralise && first < len && s[first] != '\0' &&
	    strchr("=+-@\t\r", s[first]) != NULL)
		lead = 1;
	for (i = 0; i < len && !quote; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (quote)
		fputc('"', fp);
	if (lead)
		fputc('\'', fp);
	for (i = first; i < len; i++) {
		if (neutralise && csv_dropped(s[i]))
			continue;
		if (s[i] == '"')
			fputc('"', fp);
		fputc(s[i], fp);
	}
	if (quote)
		fputc('"', fp);
}
