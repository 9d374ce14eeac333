#include "links.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LINKS_AVX2	1	/* links_bytes 32 bytes at a time where it can */
#endif

#include "arena.h"
#include "buf.h"
#include "channel.h"
#include "finding.h"
#include "fmt.h"
#include "i18n.h"
#include "map.h"
#include "norm.h"
#include "out.h"
#include "pat.h"
#include "pii.h"
#include "rules.h"
#include "url.h"
#include "xalloc.h"

#define NONE	((size_t)-1)
#define QMAX	60		/* characters of a value quoted in a message */
#define QBUF	(QMAX * 4 + 16)
#define MAXMAC	16		/* placeholders remembered per link */
#define MAXLIST	5		/* spellings listed by `inconsistent` */

enum utm {
	U_SOURCE, U_MEDIUM, U_CAMPAIGN, U_ID, U_TERM, U_CONTENT,
	U_SOURCE_PLATFORM, U_CREATIVE_FORMAT, U_MARKETING_TACTIC,
	U__COUNT
};

static const char *const utm_names[U__COUNT] = {
	"utm_source", "utm_medium", "utm_campaign", "utm_id", "utm_term",
	"utm_content", "utm_source_platform", "utm_creative_format",
	"utm_marketing_tactic"
};
/* The same, lower case without separators, for variants and typos. */
static const char *const utm_folded[U__COUNT] = {
	"utmsource", "utmmedium", "utmcampaign", "utmid", "utmterm",
	"utmcontent", "utmsourceplatform", "utmcreativeformat",
	"utmmarketingtactic"
};

/* Values that have a normal form: lower case, [a-z0-9._-].  Terms and
 * content are free text; IDs are never case-folded. */
#define NORMAL_FORM(u)	((u) != U_TERM && (u) != U_CONTENT && (u) != U_ID)

/* One parameter of the link being checked; offsets are into the link. */
struct prm {
	size_t	 off, len;	/* the pair */
	size_t	 noff, nlen;	/* the name, after an "amp;" */
	size_t	 voff, vlen;	/* the raw value */
	const char *d;		/* the decoded value: the raw one in the link
				   when decoding changes nothing, else in
				   l->dec */
	size_t	 dlen;
	size_t	 tlead, tlen;	/* the trimmed value inside the decoded one */
	int	 has_eq, frag, ent;
	int	 utm;		/* enum utm, or -1 */
	enum links_name how;
	int	 pct, bad, plus;	/* decoding saw %XX / a bad escape / '+' */
	struct spell	*spell;	/* this value seen before (source, medium,
				   campaign), or NULL */
	uint64_t	 shash;	/* spell_hash of the value (those three) */
	int	 vclean;	/* its value checks found nothing */
	size_t	 dup;		/* index + 1 of the earlier copy, or 0 */
	int	 drop, pii, macro, empty, vague, aliased;
	const struct rules_canon *canon;
	enum rules_how	 chow;
	const char	*near;	/* unknown source or medium: the nearest */
	int	 vdone;		/* the rules' verdict (vague, canon, chow,
				   near) is known */
	/* A certain new value (encoded and decoded, in l->fx) and the
	 * findings the value and name fixes belong to. */
	size_t	 fvoff, fvlen, fdoff, fdlen;
	size_t	 vfind, nfind;
};

struct splice {
	size_t	 off, len;	/* in the link */
	size_t	 toff, tlen;	/* the replacement, in l->fx */
	size_t	 find;		/* the finding it fixes */
	size_t	 seq;
	int	 applied;
};

struct fnd {
	uint32_t	 file;
	enum finding_id	 id;
	enum finding_sev sev;
	size_t		 link;
	long		 line, col;
	size_t		 msg, fix, text, fixed, fixed_src;	/* pool offsets or NONE */
	long		 sline, scol, send;
	size_t		 ctx, nctx;	/* pool offset of name\0value\0... */
	size_t		 seq;
	size_t		 dup;		/* duplicate-link: index + 1 in firsts of
					   the copy its message names, else 0 */
	int		 done;		/* its fix is applied */
	int		 late;		/* added after the links after it
					   (sort_findings) */
};

/* Set-level bookkeeping: one spelling of a value, and the group of
 * spellings that mean the same canonical value. */
struct group;
struct spellx;
struct spell {
	/* What a link that holds the value reads, in the first bytes with
	 * the text (the key with utm), so a lookup touches one cache line
	 * or two.  The value checks' verdict (clean, canon, chow), and the
	 * rules' verdict on a source or medium, findings or not: what
	 * check_source_medium looked up (struct prm's vague, canon, chow and
	 * near), so a value seen again is not looked up again. */
	const struct rules_canon *canon, *vcanon;
	const char	*vnear;
	struct spellx	*x;		/* the rest, after the text */
	uint32_t	 tlen;
	unsigned char	 utm, clean, vdone, vague;
	unsigned char	 chow, vhow;	/* enum rules_how */
	signed char	 gcat;		/* GA4's category of the value as typed,
					   or -1 before it is known */
	char		 text[];
};

/* What only the set-level checks read. */
struct spellx {
	struct spell	*next;		/* in its group */
	struct group	*g;
	size_t		 count;
	uint32_t	 file;
	long		 line, col;
	size_t		 link;
	size_t		 seq;
	int		 pii;
	const struct rules_canon *kcanon;	/* the canonical its group's key
					   came from, or NULL (spell_group) */
};

/* A slot of l->spells: the hash beside the spelling, so a probe reads the
 * spelling only when the hash matches. */
struct spslot {
	uint64_t	 hash;		/* spell_hash(utm, text) */
	struct spell	*sp;		/* NULL: empty */
};

struct group {
	int		 utm;
	const char	*canon;		/* the canonical spelling, or NULL */
	struct spell	*first, *last;
	size_t		 n;
};

/* A link seen before, for duplicate-link: its bytes live in the input or
 * the arena.  With the seq its duplicate-link finding would take and its
 * report text (a pool offset, or NONE: the bytes), a piece linted on a
 * thread of its own (read_par) can say later that it was a duplicate. */
struct first {
	uint64_t	 hash;
	const char	*s;
	size_t		 link, seq, text;
	uint32_t	 file;
	uint32_t	 line, col;	/* (an input is at most LINKS_MAX_FILE) */
	unsigned	 n : 31;
	unsigned	 copy : 1;	/* a piece's first copy that an earlier
					   piece had: not in any seen table */
};
_Static_assert(LINKS_MAX_FILE < 1u << 31, "a link's length fits first.n");

/* What a CSV piece's first copy of a link carries that a text link's
 * does not: should a piece before have the link, its duplicate-link
 * finding gets the row's context and the link's span (merge). */
struct firstctx {
	size_t		 ctx;		/* pool offset, or NONE */
	long		 send;		/* finding.send, or 0 */
	uint32_t	 nctx;
};

/* The first copies of links a merged piece brought, with its seen table,
 * kept as they were until a link of a later input is looked up
 * (seen_settle): the last input's pieces are never put into one table. */
struct seg {
	struct first	*firsts;
	size_t		 n;
	uint64_t	*seen;
	size_t		 nseen;
};

/* An input read by links_add_file: mapped (a regular file) or read. */
struct inbuf {
	char		*p;
	size_t		 len;
	int		 mapped;
};

struct rw {
	size_t	 off, len, toff, tlen;
};

/* A message and its translation (tr). */
#define TR_CACHE	128
struct trc {
	const char	*msgid, *tr;
};

/* A rules key for nearest: the canonical, its key's length and byte set. */
struct nkey {
	const struct rules_canon *c;
	size_t		 len;
	uint64_t	 set;
};

/* A remembered GA4 channel of a source and medium spelling, without the
 * campaign (check_ga4 says why); direct-mapped on the pair. */
#define GA4_CACHE	1024	/* the index is 10 bits of a hash */
struct ga4c {
	const void	*s, *m;
	enum channel	 ch;
};

/* Strings of findings before l->pool_base: the pool of a merged piece,
 * kept where it was, and l's own from before it. */
struct pchunk {
	size_t		 base;
	char		*data;
};

struct klink {
	uint32_t	 file;
	long		 line, col;
	size_t		 text;
};

struct links {
	const struct rules	*r;
	const struct links_opts	*o;
	FILE			*fixout;
	int			 keep_links;
	int			 human;		/* findings for people: translated */
	int			 sev[F__COUNT];
	int			 closed_src, closed_med;
	size_t			 nreq;
	int			*req;		/* enum utm, or -1 */
	const char		**reqname;

	char			**files;
	size_t			 nfiles;
	size_t			 nlinks;
	struct buf		 pool;		/* strings of findings, from offset
					   pool_base on */
	size_t			 pool_base;
	struct pchunk		*pchunks;	/* the strings before, from merged
					   pieces too */
	size_t			 npchunks;
	struct fnd		*f;
	size_t			 nf, capf;
	struct klink		*kl;
	size_t			 nkl, capkl;
	size_t			 seq;

	/* The input being read. */
	const char		*cur_buf;
	size_t			 cur_len;
	uint32_t		 cur_file;
	struct rw		*rws;
	size_t			 nrw, caprw;
	struct buf		 rwtext;
	struct buf		 rwout;

	/* The link being checked. */
	const struct linkx_link	*lk;
	const char		*s;
	size_t			 n;
	unsigned		 lb;		/* links_bytes(s, n): checks that cannot
					   fire are skipped */
	uint64_t		 pp[LINKS_MAX_LINK / 64 + 2];	/* '%' and '+' in s,
					   a bit each */
	struct url		 u;
	struct prm		*p;
	size_t			 np;
	int			 too_many;
	size_t			 first;		/* its first finding */
	unsigned		 kinds;		/* bit utm: a parameter of that kind
					   (check_names_dups) */
	size_t			 fq[U__COUNT];	/* index of the first parameter of
					   each kind in the query (not a typo),
					   or NONE: first_query */
	size_t			 mac_off[MAXMAC], mac_n[MAXMAC];
	size_t			 nmac;
	char			*dec;		/* decoded values, LINKS_MAX_LINK + 1 */
	size_t			 declen;
	struct splice		*sp;
	size_t			 nsp, capsp;
	struct buf		 fx, tmp, tmp2, fixed, enc, refix;
	char			 q[4][QBUF];

	/* Set-level checks. */
	struct spslot		*spells;	/* open addressing on the hash */
	size_t			 nspells, capspells;	/* capspells: a power of two */
	struct map		*groups;
	struct first		*firsts;
	size_t			 nfirsts, capfirsts;
	struct firstctx		*fctx;		/* one per first copy, in a CSV
					   piece's engine (csv_piece) */
	size_t			 capfctx;
	int			 csv_piece;
	uint64_t		 hash;		/* of the current link as read */
	struct ga4c		 ga4c[GA4_CACHE];
	struct nkey		*nks, *nkm;	/* for nearest: sources, mediums */
	struct trc		 trc[TR_CACHE];	/* translations, direct-mapped */
	uint64_t		*seen;		/* the hash's top half | index + 1
						   into firsts; 0: empty */
	size_t			 nseen;		/* slots, a power of two */
	struct seg		*segs;		/* firsts after l's own, in order */
	size_t			 nsegs;
	struct arena		 arena;		/* first copies of links not in an
					   input kept */
	struct inbuf		*bufs;		/* inputs read by links_add_file, kept
					   for the links seen in them */
	size_t			 nbufs;
	int			 own_cur;	/* cur_buf is one of them */

	/* The result. */
	int			 finished;
	struct linkrep_run	 run;
	struct linkrep_finding	*rf;
	struct linkrep_link	*rl;
	const char		**ctxv;
	size_t			 fixed_links, fixed_files;
};

/* ---- detectors ---- */

static int
hexd(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
lower(int c)
{
	return upper(c) ? c - 'A' + 'a' : c;
}

static int
alnum(int c)
{
	return (c >= 'a' && c <= 'z') || upper(c) || (c >= '0' && c <= '9');
}

/* Length of the placeholder at s[i], or 0. */
static size_t
macro_at(const char *s, size_t len, size_t i)
{
	size_t j, k;

	switch (s[i]) {
	case '{':
		if (i + 1 < len && s[i + 1] == '{') {
			for (j = i + 2; j + 1 < len && j - i < 130; j++)
				if (s[j] == '}' && s[j + 1] == '}')
					return j > i + 2 ? j + 2 - i : 0;
			return 0;
		}
		for (j = i + 1; j < len && j - i < 66 && s[j] != '{' && s[j] != '}' &&
		    s[j] != '&' && s[j] != '?' && s[j] != '#' && s[j] != '=' &&
		    s[j] != ' '; j++)
			;
		return j < len && s[j] == '}' && j > i + 1 &&
		    (alnum((unsigned char)s[i + 1]) || s[i + 1] == '_') ? j + 1 - i : 0;
	case '$':
		return i + 1 < len && s[i + 1] == '{' && (k = macro_at(s, len, i + 1)) > 0 ?
		    k + 1 : 0;
	case '%':
		if (i + 1 >= len || s[i + 1] != '%')
			return 0;
		for (j = i + 2; j < len && j - i < 66 && (alnum((unsigned char)s[j]) ||
		    s[j] == '_' || s[j] == '.' || s[j] == ':' || s[j] == '-'); j++)
			;
		return j > i + 2 && j + 1 < len && s[j] == '%' && s[j + 1] == '%' ?
		    j + 2 - i : 0;
	case '*':
		if (i + 1 >= len || s[i + 1] != '|')
			return 0;
		for (j = i + 2; j < len && j - i < 66 && (alnum((unsigned char)s[j]) ||
		    s[j] == '_' || s[j] == ':' || s[j] == '-' || s[j] == ' '); j++)
			;
		return j > i + 2 && j + 1 < len && s[j] == '|' && s[j + 1] == '*' ?
		    j + 2 - i : 0;
	case '[':
		if (i + 1 >= len || s[i + 1] != '[')
			return 0;
		for (j = i + 2; j + 1 < len && j - i < 66 && s[j] != '[' && s[j] != ']'; j++)
			;
		return j > i + 2 && j + 1 < len && s[j] == ']' && s[j + 1] == ']' ?
		    j + 2 - i : 0;
	case '_':
		/* TikTok-style __CAMPAIGN_NAME__ */
		if (i + 1 >= len || s[i + 1] != '_' || (i > 0 && (alnum((unsigned char)s[i - 1]) ||
		    s[i - 1] == '_')))
			return 0;
		for (j = i + 2; j < len && j - i < 66 && (upper((unsigned char)s[j]) ||
		    (s[j] >= '0' && s[j] <= '9') || s[j] == '_'); j++)
			;
		/* the run ends with "__" and holds a letter before it */
		if (j - i < 5 || s[j - 1] != '_' || s[j - 2] != '_' ||
		    !upper((unsigned char)s[i + 2]))
			return 0;
		return j - i;
	}
	return 0;
}

int
links_macro(const char *s, size_t len, size_t *off, size_t *n)
{
	size_t i, k;

	for (i = 0; i < len; i++)
		if ((k = macro_at(s, len, i)) > 0) {
			*off = i;
			*n = k;
			return 1;
		}
	return 0;
}

/* ORs the 16 bits of m16 into the bitmap pp (bit i % 64 of word i / 64)
 * at bit i. */
static void
pp_set(uint64_t *pp, size_t i, unsigned m16)
{
	pp[i >> 6] |= (uint64_t)m16 << (i & 63);
	if ((i & 63) > 48)
		pp[(i >> 6) + 1] |= (uint64_t)m16 >> (64 - (i & 63));
}

/* The scalar links_bytes, for strings shorter than SSE2's 16 bytes. */
static unsigned
bytes_tail(const unsigned char *s, size_t n, uint64_t *pp)
{
	unsigned b = 0, prev_us = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '%':	b |= LINKS_B_PCT; break;
		case '+':	b |= LINKS_B_PLUS; break;
		case ';':	b |= LINKS_B_SEMI; break;
		case '{': case '*': case '[':
				b |= LINKS_B_OPEN; break;
		case '_':
			if (prev_us)
				b |= LINKS_B_USUS;
			break;
		default:
			if (s[i] >= 0x80)
				b |= LINKS_B_HIGH;
		}
		if (pp != NULL && (s[i] == '%' || s[i] == '+'))
			pp[i >> 6] |= 1ULL << (i & 63);
		prev_us = s[i] == '_';
	}
	return b;
}

#ifdef LINKS_AVX2
/* links_bytes on a CPU with AVX2 and len >= 32: as the SSE2 loop, with
 * blocks twice as long. */
__attribute__((target("avx2"))) static unsigned
bytes_avx2(const unsigned char *s, size_t len, uint64_t *pp)
{
	const __m256i pct = _mm256_set1_epi8('%'), plus = _mm256_set1_epi8('+');
	const __m256i semi = _mm256_set1_epi8(';'), brace = _mm256_set1_epi8('{');
	const __m256i star = _mm256_set1_epi8('*'), brack = _mm256_set1_epi8('[');
	const __m256i und = _mm256_set1_epi8('_');
	__m256i apct = _mm256_setzero_si256(), aplus = apct, asemi = apct;
	__m256i aopen = apct, ahigh = apct, v, cp, cl;
	unsigned b = 0, carry = 0;
	uint32_t us, m;
	size_t i;

	for (i = 0;; i += 32) {
		if (i + 32 > len) {	/* overlapping the block before */
			i = len - 32;
			carry = 0;
		}
		v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		cp = _mm256_cmpeq_epi8(v, pct);
		cl = _mm256_cmpeq_epi8(v, plus);
		apct = _mm256_or_si256(apct, cp);
		aplus = _mm256_or_si256(aplus, cl);
		if (pp != NULL && (m = (uint32_t)_mm256_movemask_epi8(
		    _mm256_or_si256(cp, cl))) != 0) {
			pp[i >> 6] |= (uint64_t)m << (i & 63);
			if ((i & 63) > 32)
				pp[(i >> 6) + 1] |= (uint64_t)m >> (64 - (i & 63));
		}
		asemi = _mm256_or_si256(asemi, _mm256_cmpeq_epi8(v, semi));
		aopen = _mm256_or_si256(aopen, _mm256_or_si256(_mm256_cmpeq_epi8(v, brace),
		    _mm256_or_si256(_mm256_cmpeq_epi8(v, star), _mm256_cmpeq_epi8(v, brack))));
		ahigh = _mm256_or_si256(ahigh, v);
		us = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, und));
		if ((us & (us >> 1)) || (carry && (us & 1)))
			b |= LINKS_B_USUS;
		carry = us >> 31;
		if (i + 32 == len)
			break;
	}
	b |= _mm256_movemask_epi8(apct) ? LINKS_B_PCT : 0;
	b |= _mm256_movemask_epi8(aplus) ? LINKS_B_PLUS : 0;
	b |= _mm256_movemask_epi8(asemi) ? LINKS_B_SEMI : 0;
	b |= _mm256_movemask_epi8(aopen) ? LINKS_B_OPEN : 0;
	b |= _mm256_movemask_epi8(ahigh) ? LINKS_B_HIGH : 0;
	return b;
}
#endif

unsigned
links_bytes(const char *str, size_t len, uint64_t *pp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned b = 0;
	size_t i = 0;
#ifdef __SSE2__
	unsigned us, m, carry = 0;

#ifdef LINKS_AVX2
	if (len >= 32 && __builtin_cpu_supports("avx2"))
		return bytes_avx2(s, len, pp);
#endif
	if (len >= 16) {
		const __m128i pct = _mm_set1_epi8('%'), plus = _mm_set1_epi8('+');
		const __m128i semi = _mm_set1_epi8(';'), brace = _mm_set1_epi8('{');
		const __m128i star = _mm_set1_epi8('*'), brack = _mm_set1_epi8('[');
		const __m128i und = _mm_set1_epi8('_');
		__m128i apct = _mm_setzero_si128(), aplus = apct, asemi = apct;
		__m128i aopen = apct, ahigh = apct, v, cp, cl;

		for (;; i += 16) {
			/* the last block overlaps the one before: presence and
			 * bits are the same for the bytes both hold, and a "__"
			 * across the two lies inside the last */
			if (i + 16 > len) {
				i = len - 16;
				carry = 0;
			}
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			cp = _mm_cmpeq_epi8(v, pct);
			cl = _mm_cmpeq_epi8(v, plus);
			apct = _mm_or_si128(apct, cp);
			aplus = _mm_or_si128(aplus, cl);
			if (pp != NULL && (m = (unsigned)_mm_movemask_epi8(_mm_or_si128(cp, cl))) != 0)
				pp_set(pp, i, m);
			asemi = _mm_or_si128(asemi, _mm_cmpeq_epi8(v, semi));
			aopen = _mm_or_si128(aopen, _mm_or_si128(_mm_cmpeq_epi8(v, brace),
			    _mm_or_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(v, brack))));
			ahigh = _mm_or_si128(ahigh, v);
			us = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, und));
			if ((us & (us >> 1)) || (carry && (us & 1)))
				b |= LINKS_B_USUS;
			carry = us >> 15;
			if (i + 16 == len)
				break;
		}
		b |= _mm_movemask_epi8(apct) ? LINKS_B_PCT : 0;
		b |= _mm_movemask_epi8(aplus) ? LINKS_B_PLUS : 0;
		b |= _mm_movemask_epi8(asemi) ? LINKS_B_SEMI : 0;
		b |= _mm_movemask_epi8(aopen) ? LINKS_B_OPEN : 0;
		b |= _mm_movemask_epi8(ahigh) ? LINKS_B_HIGH : 0;
		return b;
	}
#endif
	return b | bytes_tail(s + i, len - i, pp);
}

int
links_bad_escape(const char *s, size_t len, size_t *off)
{
	const char *p = s, *e = s + len;

	while ((p = memchr(p, '%', (size_t)(e - p))) != NULL) {
		if (e - p < 3 || !hexd((unsigned char)p[1]) || !hexd((unsigned char)p[2])) {
			*off = (size_t)(p - s);
			return 1;
		}
		p += 3;
	}
	return 0;
}

int
links_double_encoded(const char *s, size_t len, size_t *off)
{
	size_t i;

	for (i = 0; i + 5 <= len; i++)
		if (s[i] == '%' && s[i + 1] == '2' && s[i + 2] == '5' &&
		    hexd((unsigned char)s[i + 3]) && hexd((unsigned char)s[i + 4])) {
			*off = i;
			return 1;
		}
	return 0;
}

/* Length of the character reference at s[i] == '&', or 0. */
static size_t
entity_len(const char *s, size_t len, size_t i)
{
	static const char *const named[] = { "amp;", "lt;", "gt;", "quot;",
	    "apos;", "nbsp;", NULL };
	size_t j, k;

	if (i + 1 >= len)
		return 0;
	switch (s[i + 1]) {
	case '#': case 'a': case 'A': case 'l': case 'L': case 'g': case 'G':
	case 'q': case 'Q': case 'n': case 'N':
		break;
	default:
		return 0;
	}
	if (s[i + 1] == '#') {
		int hex = i + 2 < len && (s[i + 2] == 'x' || s[i + 2] == 'X');
		for (j = i + (hex ? 3 : 2), k = 0; j < len && k < 8 &&
		    (hex ? hexd((unsigned char)s[j]) : (s[j] >= '0' && s[j] <= '9')); j++, k++)
			;
		return k > 0 && j < len && s[j] == ';' ? j + 1 - i : 0;
	}
	for (j = 0; named[j] != NULL; j++) {
		k = strlen(named[j]);
		if (len - i > k && strncasecmp(s + i + 1, named[j], k) == 0)
			return k + 1;
	}
	return 0;
}

int
links_html_entity(const char *s, size_t len, size_t *off, size_t *n)
{
	const char *p = s, *e = s + len;
	size_t k;

	while ((p = memchr(p, '&', (size_t)(e - p))) != NULL) {
		if ((k = entity_len(s, len, (size_t)(p - s))) > 0) {
			*off = (size_t)(p - s);
			*n = k;
			return 1;
		}
		p++;
	}
	return 0;
}

size_t
links_distance(const char *a, size_t alen, const char *b, size_t blen, size_t max)
{
	size_t d[65][65], i, j, best;

	if (alen > 64 || blen > 64)
		return max + 1;
	if ((alen > blen ? alen - blen : blen - alen) > max)
		return max + 1;
	for (i = 0; i <= alen; i++)
		d[i][0] = i;
	for (j = 0; j <= blen; j++)
		d[0][j] = j;
	for (i = 1; i <= alen; i++) {
		best = SIZE_MAX;
		for (j = 1; j <= blen; j++) {
			size_t c = a[i - 1] == b[j - 1] ? 0 : 1, v;
			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < v)
				v = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return d[alen][blen] > max ? max + 1 : d[alen][blen];
}

/* The enum utm of name[0..len) when it is exactly one of utm_names, else
 * -1: compared at fixed lengths, which compilers do inline. */
static int
utm_exact(const char *name, size_t len)
{
	if (len < 6 || memcmp(name, "utm_", 4) != 0)
		return -1;
	name += 4;
	switch (len) {
	case 6:
		return memcmp(name, "id", 2) == 0 ? U_ID : -1;
	case 8:
		return memcmp(name, "term", 4) == 0 ? U_TERM : -1;
	case 10:
		return memcmp(name, "source", 6) == 0 ? U_SOURCE :
		    memcmp(name, "medium", 6) == 0 ? U_MEDIUM : -1;
	case 11:
		return memcmp(name, "content", 7) == 0 ? U_CONTENT : -1;
	case 12:
		return memcmp(name, "campaign", 8) == 0 ? U_CAMPAIGN : -1;
	case 19:
		return memcmp(name, "source_platform", 15) == 0 ? U_SOURCE_PLATFORM :
		    memcmp(name, "creative_format", 15) == 0 ? U_CREATIVE_FORMAT : -1;
	case 20:
		return memcmp(name, "marketing_tactic", 16) == 0 ? U_MARKETING_TACTIC : -1;
	}
	return -1;
}

/* Classifies a decoded parameter name; *idx gets the enum utm or -1. */
static enum links_name
utm_name(const char *name, size_t len, int *idx)
{
	char f[72];
	size_t i, n = 0, fl, d, bestd = 3;
	int best = -1, u, pre;

	*idx = -1;
	if (len < 3 || len > 64 || (lower((unsigned char)name[0]) != 'u' &&
	    lower((unsigned char)name[0]) != 'm'))
		return LINKS_NAME_NONE;
	if ((u = utm_exact(name, len)) >= 0) {
		*idx = u;
		return LINKS_NAME_EXACT;
	}
	for (i = 0; i < len; i++) {
		int c = (unsigned char)name[i];
		if (c == '_' || c == '-' || c == '.' || c == ' ')
			continue;
		f[n++] = (char)lower(c);
	}
	f[n] = '\0';
	for (u = 0; u < U__COUNT; u++)
		if (strcmp(utm_folded[u], f) == 0) {
			*idx = u;
			return LINKS_NAME_VARIANT;
		}
	pre = n >= 3 && memcmp(f, "utm", 3) == 0;
	for (u = 0; u < U__COUNT; u++) {
		fl = strlen(utm_folded[u]);
		if (fl < 7)
			continue;
		d = links_distance(f, n, utm_folded[u], fl, 2);
		if (d == 0 || d > 2)
			continue;
		if (d == 2 && (!pre || fl < 9 || (n > fl ? n - fl : fl - n) > 1))
			continue;
		if (d == 1 && !pre && fl < 9)
			continue;
		if (d < bestd) {
			bestd = d;
			best = u;
		}
	}
	if (best < 0)
		return LINKS_NAME_NONE;
	*idx = best;
	return LINKS_NAME_TYPO;
}

enum links_name
links_utm_name(const char *name, size_t len, const char **canon)
{
	int idx;
	enum links_name h = utm_name(name, len, &idx);

	if (canon)
		*canon = idx >= 0 ? utm_names[idx] : NULL;
	return h;
}

/* ---- findings ---- */

static long
chars(const char *s, size_t n)
{
	long c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Characters in the first at bytes of the current link. */
static long
link_chars(const struct links *l, size_t at)
{
	return l->lb & LINKS_B_HIGH ? chars(l->s, at) : (long)at;
}

static size_t
pool_add(struct links *l, const char *s, size_t n)
{
	size_t off = l->pool_base + l->pool.len;

	buf_add(&l->pool, s, n);
	buf_addc(&l->pool, '\0');
	return off;
}

/* Adds the row context of lk to the pool, each name and value with its
 * NUL, in one piece; returns where it starts. */
static size_t
pool_ctx(struct links *l, const struct linkx_link *lk)
{
	size_t off = l->pool_base + l->pool.len, need = 0, i, n;
	char *o;

	for (i = 0; i < lk->nctx; i++)
		need += lk->ctx_name_len[i] + lk->ctx_value_len[i] + 2;
	if ((o = buf_extend(&l->pool, need)) == NULL)
		return NONE;	/* (the pool has no cap) */
	for (i = 0; i < lk->nctx; i++) {
		memcpy(o, lk->ctx_name[i], n = lk->ctx_name_len[i] + 1);
		o += n;
		memcpy(o, lk->ctx_value[i], n = lk->ctx_value_len[i] + 1);
		o += n;
	}
	return off;
}

/* gettext(msgid), remembered by the message's address: gettext takes a
 * lock and searches the catalogue, and the same few messages come back
 * for every finding.  Its answer does not change during a run. */
static const char *
tr(struct links *l, const char *msgid)
{
	struct trc *c = &l->trc[((uintptr_t)msgid >> 3) % TR_CACHE];

	if (c->msgid != msgid) {
		c->msgid = msgid;
		c->tr = gettext(msgid);
	}
	return c->tr;
}

/* Formats a message of at most cap - 1 bytes (cap <= 2048) into the pool,
 * translated for people. */
static size_t pool_vfmt(struct links *l, size_t cap, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static size_t
pool_vfmt(struct links *l, size_t cap, const char *fmt, va_list ap)
{
	char msg[2048];

	if (l->human)	/* a translation is its own (HN_ gives one) */
		fmt = tr(l, fmt);
	return pool_add(l, msg, fmt_msg(msg, cap, fmt, ap));
}

static size_t pool_fmt(struct links *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static size_t
pool_fmt(struct links *l, const char *fmt, ...)
{
	va_list ap;
	size_t off;

	va_start(ap, fmt);
	off = pool_vfmt(l, 2048, fmt, ap);
	va_end(ap);
	return off;
}

/* A new finding with the message at pool offset msg; the caller sets
 * where it is. */
static size_t
finding_msg(struct links *l, enum finding_id id, int sev, size_t msg)
{
	struct fnd *f;

	if (sev < 0)
		sev = (int)finding_info(id)->sev;
	if (l->sev[id] >= 0)
		sev = l->sev[id];
	if (l->nf == l->capf) {
		l->capf = l->capf ? l->capf * 2 : 256;
		l->f = xgrowarray(l->f, l->nf, l->capf, sizeof *l->f);
	}
	f = &l->f[l->nf];
	memset(f, 0, sizeof *f);
	f->file = l->cur_file;
	f->id = id;
	f->sev = (enum finding_sev)sev;
	f->link = l->nlinks - 1;
	f->msg = msg;
	f->fix = f->text = f->fixed = f->fixed_src = f->ctx = NONE;
	f->seq = l->seq++;
	return l->nf++;
}

static size_t new_finding(struct links *l, enum finding_id id, int sev,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static size_t
new_finding(struct links *l, enum finding_id id, int sev, const char *fmt,
    va_list ap)
{
	return finding_msg(l, id, sev, pool_vfmt(l, 2048, fmt, ap));
}

/* Adds a finding on the current link, at offset at in it (NONE: the link's
 * start).  sev < 0: the catalogue's; the rules' override wins either way. */
static size_t
add(struct links *l, enum finding_id id, int sev, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static size_t
add(struct links *l, enum finding_id id, int sev, size_t at, const char *fmt, ...)
{
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	i = new_finding(l, id, sev, fmt, ap);
	va_end(ap);
	l->f[i].line = l->lk->line;
	l->f[i].col = l->lk->col;
	if (at != NONE && l->lk->exact)
		l->f[i].col += link_chars(l, at);
	return i;
}

/* The column of offset at in the current link. */
static long
col_of(const struct links *l, size_t at)
{
	return l->lk->col + (l->lk->exact ? link_chars(l, at) : 0);
}

static void set_fixdesc(struct links *l, size_t fi, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
set_fixdesc(struct links *l, size_t fi, const char *fmt, va_list ap)
{
	if (l->f[fi].fix == NONE)
		l->f[fi].fix = pool_vfmt(l, 512, fmt, ap);
}

/* Registers a certain fix of finding fi: replace link[off, off+len) by
 * text (which must not point into l->fx). */
static void
fix(struct links *l, size_t fi, size_t off, size_t len, const char *text,
    size_t tlen, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void
fix(struct links *l, size_t fi, size_t off, size_t len, const char *text,
    size_t tlen, const char *fmt, ...)
{
	struct splice *sp;
	va_list ap;

	if (l->nsp == l->capsp) {
		l->capsp = l->capsp ? l->capsp * 2 : 16;
		l->sp = xreallocarray(l->sp, l->capsp, sizeof *l->sp);
	}
	sp = &l->sp[l->nsp++];
	sp->off = off;
	sp->len = len;
	sp->toff = l->fx.len;
	sp->tlen = tlen;
	sp->find = fi;
	sp->seq = l->nsp;
	sp->applied = 0;
	buf_add(&l->fx, text, tlen);
	if (fmt != NULL) {
		va_start(ap, fmt);
		set_fixdesc(l, fi, fmt, ap);
		va_end(ap);
	}
}

static void
fixdesc(struct links *l, size_t fi, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fixdesc(struct links *l, size_t fi, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_fixdesc(l, fi, fmt, ap);
	va_end(ap);
}

/* Copies s[0..n) for a message into o: at most QMAX characters, control
 * characters and bytes that are not UTF-8 as '?'. */
static const char *
qcopy(char *o, const char *s, size_t n)
{
	size_t i, m, k = 0, ch = 0;

	for (i = 0; i < n; i += m) {
		unsigned char c = (unsigned char)s[i];
		if (ch++ == QMAX) {
			memcpy(o + k, "...", 3);
			k += 3;
			break;
		}
		m = c < 0x80 ? 1 : out_utf8_len(s + i, n - i);
		if (m > 1) {
			memcpy(o + k, s + i, m);
			k += m;
			continue;
		}
		o[k++] = (char)(m == 0 || c < 0x20 || c == 0x7f ? '?' : c);
		m = 1;
	}
	o[k] = '\0';
	return o;
}

/* A value for a message, in one of four slots so a message can quote
 * several. */
static const char *
qs(struct links *l, int slot, const char *s, size_t n)
{
	return qcopy(l->q[slot], s, n);
}

/* A parameter's decoded value for a message; personal data redacted. */
static const char *
qval(struct links *l, int slot, const struct prm *p)
{
	if (p->pii)
		return "[redacted]";
	return qs(l, slot, p->d, p->dlen);
}

/* A parameter's name for a message: the UTM name, else 'name' decoded. */
static const char *
pname(struct links *l, int slot, const struct prm *p)
{
	char nm[256], q[QBUF];
	size_t n;

	if (p->utm >= 0 && p->how != LINKS_NAME_TYPO)
		return utm_names[p->utm];
	n = url_decode(l->s + p->noff, p->nlen, nm, sizeof nm, NULL, NULL, NULL);
	if (n == (size_t)-1)
		n = 0;
	snprintf(l->q[slot], sizeof l->q[slot], "parameter '%s'", qcopy(q, nm, n));
	return l->q[slot];
}

/* ---- one link ---- */

static int
tagged(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] != '?' && s[i] != '#'; i++)
		;
	for (; i + 3 <= n; i++)
		if (lower((unsigned char)s[i]) == 'u' && lower((unsigned char)s[i + 1]) == 't' &&
		    lower((unsigned char)s[i + 2]) == 'm')
			return 1;
	return 0;
}

static int
in_macro(const struct links *l, size_t off)
{
	size_t i;

	for (i = 0; i < l->nmac; i++)
		if (off >= l->mac_off[i] && off < l->mac_off[i] + l->mac_n[i])
			return 1;
	return 0;
}

/* 1 when s[0..n) holds c twice in a row. */
static int
has_pair(const char *s, size_t n, int c)
{
	const char *p = s, *e = s + n;

	while ((p = memchr(p, c, (size_t)(e - p))) != NULL && p + 1 < e) {
		if (p[1] == c)
			return 1;
		p++;
	}
	return 0;
}

static void
find_macros(struct links *l)
{
	static const unsigned char trig[256] = {
		['{'] = 1, ['$'] = 1, ['%'] = 1, ['*'] = 1, ['['] = 1, ['_'] = 1
	};
	const unsigned char *s = (const unsigned char *)l->s;
	size_t i, k, n = l->n;

	l->nmac = 0;
	/* Most links hold none of the opening pairs: the loop below would
	 * find nothing. */
	if (!(l->lb & (LINKS_B_OPEN | LINKS_B_USUS)) &&
	    (!(l->lb & LINKS_B_PCT) || !has_pair(l->s, n, '%')))
		return;
	for (i = 0; i + 1 < n && l->nmac < MAXMAC; i++) {
		if (!trig[s[i]])
			continue;
		/* Every placeholder starts with one of these pairs. */
		if (s[i] != '{' && !(s[i] == '$' && s[i + 1] == '{') &&
		    !(s[i] == '%' && s[i + 1] == '%') && !(s[i] == '*' && s[i + 1] == '|') &&
		    !(s[i] == '[' && s[i + 1] == '[') && !(s[i] == '_' && s[i + 1] == '_'))
			continue;
		if ((k = macro_at(l->s, n, i)) > 0) {
			l->mac_off[l->nmac] = i;
			l->mac_n[l->nmac++] = k;
			i += k - 1;
		}
	}
}

static int
port_ok(const char *s, size_t n)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535)
			return 0;
	}
	return 1;
}

static void
malformed(struct links *l)
{
	const struct url *u = &l->u;
	const char *s = l->s, *shown;

	shown = pii_find(s, l->n) ? "[redacted]" : qs(l, 0, s, l->n);
	if (!u->scheme.present)
		add(l, F_URL_MALFORMED, -1, NONE,
		    N_("'%s' is not an absolute URL: it has no scheme such as https://"), shown);
	else if (!u->absolute)
		add(l, F_URL_MALFORMED, -1, NONE,
		    N_("'%s' is not an absolute URL: no '//' after '%s:'"), shown,
		    qs(l, 1, s + u->scheme.off, u->scheme.len));
	else if (!u->http)
		add(l, F_URL_MALFORMED, -1, NONE, N_("the scheme is '%s', not http or https"),
		    qs(l, 1, s + u->scheme.off, u->scheme.len));
	else if (u->host.len == 0)
		add(l, F_URL_MALFORMED, -1, NONE, N_("the link has no host"));
	else if (u->port.present && !port_ok(s + u->port.off, u->port.len))
		add(l, F_URL_MALFORMED, -1, u->port.off, N_("the port '%s' is not valid"),
		    qs(l, 1, s + u->port.off, u->port.len));
	else
		add(l, F_URL_MALFORMED, -1, u->host.off, N_("the host '%s' is not valid"),
		    qs(l, 1, s + u->host.off, u->host.len));
}

/* Percent-decodes s[0..n) into out keeping '+' (for the personal-data
 * check, where "+31..." is a phone number, not a space). */
static size_t
pct_keep_plus(const char *s, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexd((unsigned char)s[i + 1]) &&
		    hexd((unsigned char)s[i + 2])) {
			char h[3] = { s[i + 1], s[i + 2], '\0' };
			out[k++] = (char)strtol(h, NULL, 16);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	return k;
}

/* 1 when s[0..n), in the current link, has nothing form-decoding would
 * change: no bit of l->pp set in its range. */
static inline int
plain(const struct links *l, const char *s, size_t n)
{
	size_t off = (size_t)(s - l->s), end = off + n, w, lw;
	uint64_t m;

	if (l->o->exhaustive)
		return memchr(s, '%', n) == NULL && memchr(s, '+', n) == NULL;
	if (n == 0 || !(l->lb & (LINKS_B_PCT | LINKS_B_PLUS)))
		return 1;
	lw = (end - 1) >> 6;
	for (w = off >> 6; w <= lw; w++) {
		m = l->pp[w];
		if (w == off >> 6)
			m &= ~0ULL << (off & 63);
		if (w == lw)
			m &= ~0ULL >> (63 - ((end - 1) & 63));
		if (m != 0)
			return 0;
	}
	return 1;
}


static inline uint64_t hash64(const char *, size_t);

static uint64_t
spell_hash(int utm, const char *v, size_t n)
{
	return hash64(v, n) ^ (uint64_t)(utm + 1) * 0x9e3779b97f4a7c15ULL;
}

/* The spelling v[0..n) of kind utm, whose spell_hash is h, seen before, or
 * NULL. */
static inline struct spell *
spell_find(const struct links *l, int utm, const char *v, size_t n, uint64_t h)
{
	size_t j, mask = l->capspells - 1;
	struct spell *sp;

	if (l->capspells == 0)
		return NULL;
	for (j = h & mask; (sp = l->spells[j].sp) != NULL; j = (j + 1) & mask)
		if (l->spells[j].hash == h && sp->utm == utm && sp->tlen == n &&
		    memcmp(sp->text, v, n) == 0)
			return sp;
	return NULL;
}

/* Adds the spelling sp with hash h, which spell_find did not find; the
 * table stays at least half empty. */
static void
spell_add(struct links *l, struct spell *sp, uint64_t h)
{
	struct spslot *old = l->spells;
	size_t i, j, mask, oldcap = l->capspells;

	if (2 * (l->nspells + 1) > l->capspells) {
		l->capspells = oldcap ? 2 * oldcap : 256;
		l->spells = xcalloc(l->capspells, sizeof *l->spells);
		mask = l->capspells - 1;
		for (i = 0; i < oldcap; i++)
			if (old[i].sp != NULL) {
				for (j = old[i].hash & mask; l->spells[j].sp != NULL;
				    j = (j + 1) & mask)
					;
				l->spells[j] = old[i];
			}
		free(old);
	}
	mask = l->capspells - 1;
	for (j = h & mask; l->spells[j].sp != NULL; j = (j + 1) & mask)
		;
	l->spells[j].hash = h;
	l->spells[j].sp = sp;
	l->nspells++;
}

static const struct prm prm_zero;
static const struct url url_zero;

/* 1 when p's value may have a spelling: a source, medium or campaign. */
static int
spelled(const struct prm *p)
{
	return p->utm >= 0 && p->utm <= U_CAMPAIGN && p->how != LINKS_NAME_TYPO;
}

static void
parse_params(struct links *l, size_t qs0, size_t qe, int frag)
{
	struct url_param up;
	struct prm *p;
	size_t pos = 0, n, i, first = l->np;
	char nm[128];

	while (url_param_next(l->s + qs0, qe - qs0, &pos, &up)) {
		if (l->np == LINKS_MAX_PARAMS) {
			l->too_many = 1;
			break;
		}
		p = &l->p[l->np++];
		*p = prm_zero;	/* (memset's "rep stos" is slow to start) */
		p->off = qs0 + up.off;
		p->len = up.len;
		p->noff = qs0 + up.name_off;
		p->nlen = up.name_len;
		p->voff = qs0 + up.value_off;
		p->vlen = up.value_len;
		p->has_eq = up.has_eq;
		p->frag = frag;
		p->utm = -1;
		p->fvoff = p->fdoff = p->vfind = p->nfind = NONE;
		if (p->nlen > 4 && memcmp(l->s + p->noff, "amp;", 4) == 0) {
			p->ent = 1;
			p->noff += 4;
			p->nlen -= 4;
		}
		/* Most names and values hold no '%' or '+': nothing to decode. */
		if (plain(l, l->s + p->noff, p->nlen))
			p->how = utm_name(l->s + p->noff, p->nlen, &p->utm);
		else if ((n = url_decode(l->s + p->noff, p->nlen, nm, sizeof nm, NULL,
		    NULL, NULL)) != (size_t)-1)
			p->how = utm_name(nm, n, &p->utm);
		/* The decoded value; decoding never makes it longer. */
		if (plain(l, l->s + p->voff, p->vlen)) {
			p->d = l->s + p->voff;
			p->dlen = p->vlen;
			p->bad = p->plus = p->pct = 0;
		} else {
			p->d = l->dec + l->declen;
			n = url_decode(l->s + p->voff, p->vlen, l->dec + l->declen,
			    LINKS_MAX_LINK + 1 - l->declen, &p->bad, &p->plus, &p->pct);
			p->dlen = n == (size_t)-1 ? 0 : n;
			l->declen += p->dlen;
		}
		if (p->dlen > 0 && (unsigned char)p->d[0] > ' ' &&
		    (unsigned char)p->d[0] != 0xc2 &&
		    (unsigned char)p->d[p->dlen - 1] > ' ' &&
		    (unsigned char)p->d[p->dlen - 1] != 0xa0) {
			p->tlead = 0;
			p->tlen = p->dlen;
		} else {
			size_t tl;
			const char *t = norm_trim(p->d, p->dlen, &tl);
			p->tlead = (size_t)(t - (p->d));
			p->tlen = tl;
		}
		/* Ask for the table slot of its spelling now: the lookups
		 * below then wait for one cache miss, not one each. */
		if (spelled(p)) {
			p->shash = spell_hash(p->utm, p->d, p->dlen);
			if (l->capspells > 0)
				__builtin_prefetch(&l->spells[p->shash & (l->capspells - 1)]);
		}
	}
	/* and for the spellings in those slots */
	for (i = first; i < l->np && l->capspells > 0; i++)
		if (spelled(&l->p[i])) {
			const struct spslot *sl =
			    &l->spells[l->p[i].shash & (l->capspells - 1)];
			if (sl->hash == l->p[i].shash)
				__builtin_prefetch(sl->sp);
		}
	for (i = first; i < l->np; i++) {
		p = &l->p[i];
		/* A value of a source, medium or campaign seen before and found
		 * clean needs no further checks. */
		p->spell = NULL;
		if (spelled(p)) {
			p->spell = spell_find(l, p->utm, p->d, p->dlen, p->shash);
			if (p->spell != NULL && p->spell->clean && !l->o->exhaustive)
				continue;
		}
		/* Personal data first, so no message quotes it.  Without a '%'
		 * there is nothing to decode. */
		if (p->vlen > 0 && (!(l->lb & LINKS_B_PCT) ||
		    memchr(l->s + p->voff, '%', p->vlen) == NULL))
			p->pii = pii_find(l->s + p->voff, p->vlen);
		else if (p->vlen > 0) {
			buf_reset(&l->tmp);
			buf_add(&l->tmp, l->s + p->voff, p->vlen);
			n = pct_keep_plus(l->s + p->voff, p->vlen, l->tmp.data);
			p->pii = pii_find(l->tmp.data, n);
		}
	}
}

/* Where the parameters of the fragment start: after a '?' in it, else the
 * whole fragment when its first piece is a pair, else after that piece. */
static void
frag_region(const struct links *l, size_t *anchor_end, size_t *ps, int *sep)
{
	const char *s = l->s;
	size_t fs = l->u.fragment.off, fe = fs + l->u.fragment.len, a;
	const char *q = memchr(s + fs, '?', fe - fs);

	if (q != NULL) {
		*anchor_end = (size_t)(q - s);
		*ps = *anchor_end + 1;
		*sep = '?';
		return;
	}
	for (a = fs; a < fe && s[a] != '&'; a++)
		;
	if (memchr(s + fs, '=', a - fs) != NULL) {
		*anchor_end = fs;
		*ps = fs;
		*sep = '&';
		return;
	}
	*anchor_end = a;
	*ps = a < fe ? a + 1 : fe;
	*sep = '&';
}

static int
valid_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, need;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			need = 1;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			need = 2;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			need = 3;
		else
			return 0;
		for (k = 1; k <= need; k++)
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				return 0;
		if ((s[i] == 0xe0 && s[i + 1] < 0xa0) || (s[i] == 0xed && s[i + 1] > 0x9f) ||
		    (s[i] == 0xf0 && s[i + 1] < 0x90) || (s[i] == 0xf4 && s[i + 1] > 0x8f))
			return 0;
		i += need + 1;
	}
	return 1;
}

static int
normal_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	    c == '_' || c == '-';
}

/* The spelling a link should use for a canonical: its name as the rules
 * write it (the rules are the single source of truth; GA4's own spellings
 * such as "IGShopping" stay as they are). */
static const char *
canon_value(const struct rules_canon *c)
{
	return c->name;
}

/* Percent-encodes what is not unreserved, for a new value. */
static void
encode_value(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (alnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			buf_addc(b, c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

/* Records a certain new value for p, fixing finding fi.  In the query it
 * is a splice; in the fragment the move out of it applies it. */
static void
value_fix(struct links *l, struct prm *p, size_t fi, const char *v, size_t vn)
{
	buf_reset(&l->tmp);
	encode_value(&l->tmp, v, vn);
	if (l->tmp.len == p->vlen && memcmp(l->tmp.data, l->s + p->voff, p->vlen) == 0)
		return;
	if (!p->frag) {
		fix(l, fi, p->voff, p->vlen, l->tmp.data, l->tmp.len, NULL);
		p->fvoff = l->sp[l->nsp - 1].toff;
	} else {
		p->fvoff = l->fx.len;
		buf_add(&l->fx, l->tmp.data, l->tmp.len);
	}
	p->fvlen = l->tmp.len;
	p->fdoff = l->fx.len;
	p->fdlen = vn;
	buf_add(&l->fx, v, vn);
	p->vfind = fi;
	fixdesc(l, fi, N_("replace it with '%s'"), qs(l, 3, v, vn));
}

/* The bytes of s[0..n) as a set, each byte value on one of 64 bits.  An
 * edit takes at most one bit out and puts at most one in, so two strings
 * whose sets differ in more than 2 * max bits are more than max apart. */
static uint64_t
byteset(const char *s, size_t n)
{
	uint64_t set = 0;
	size_t i;

	for (i = 0; i < n; i++)
		set |= 1ULL << ((unsigned char)s[i] & 63);
	return set;
}

/* The keys of the rules' sources or mediums with their lengths and byte
 * sets, made on the first unknown value. */
static const struct nkey *
nkeys(struct links *l, int medium)
{
	struct nkey **k = medium ? &l->nkm : &l->nks;
	size_t i, n = medium ? rules_medium_count(l->r) : rules_source_count(l->r);

	if (*k == NULL) {
		*k = xcalloc(n ? n : 1, sizeof **k);
		for (i = 0; i < n; i++) {
			const struct rules_canon *c = medium ? rules_medium_at(l->r, i) :
			    rules_source_at(l->r, i);
			(*k)[i].c = c;
			(*k)[i].len = strlen(c->key);
			(*k)[i].set = byteset(c->key, (*k)[i].len);
		}
	}
	return *k;
}

static size_t
nearest(struct links *l, int medium, const char *key, size_t kn,
    const char **name)
{
	const struct nkey *k = nkeys(l, medium);
	size_t i, n = medium ? rules_medium_count(l->r) : rules_source_count(l->r);
	size_t best = 4, d, max = kn < 4 ? 1 : kn < 7 ? 2 : 3;
	uint64_t set = byteset(key, kn);

	*name = NULL;
	for (i = 0; i < n; i++) {
		const struct rules_canon *c = k[i].c;
		/* What links_distance would find above max, cheaply. */
		if ((k[i].len > kn ? k[i].len - kn : kn - k[i].len) > max ||
		    ((size_t)__builtin_popcountll(set ^ k[i].set) > 2 * max &&
		    !l->o->exhaustive))
			continue;
		d = links_distance(key, kn, c->key, k[i].len, max);
		if (d <= max && d < best) {
			best = d;
			*name = canon_value(c);
		}
	}
	return best;
}

static int
has_upper(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (upper((unsigned char)s[i]))
			return 1;
	return 0;
}

/* not-normalized: case, surrounding spaces, spaces inside, characters
 * outside a-z 0-9 . _ -.  A source or medium the rules know is measured
 * against the rules' spelling instead, which is then the certain fix. */
static void
normal_form(struct links *l, struct prm *p)
{
	const char *v = p->d, *t = v + p->tlead, *want;
	size_t tn = p->tlen, i, wn;
	int sp = p->tlead > 0 || p->tlead + tn < p->dlen, up = 0, inner = 0;
	int canon = p->canon != NULL && (p->utm == U_SOURCE || p->utm == U_MEDIUM);
	size_t other = NONE, fi;
	char why[256], low[LINKS_MAX_LINK + 1];

	if (p->aliased || p->vague)
		return;
	for (i = 0; i < tn; i++) {
		int c = (unsigned char)t[i];
		if (upper(c))
			up = 1;
		else if (c == ' ')
			inner = 1;
		else if (!normal_char(c) && other == NONE)
			other = i;
		low[i] = (char)lower(c);
	}
	want = low;
	wn = tn;
	if (canon) {
		want = canon_value(p->canon);
		wn = strlen(want);
		if (wn == tn && memcmp(want, t, tn) == 0)
			up = inner = 0, other = NONE;	/* as the rules write it */
		else {
			up &= !has_upper(want, wn);
			inner &= memchr(want, ' ', wn) == NULL;
		}
	}
	if (p->utm == U_CAMPAIGN && up && rules_campaign_ok(l->r, t, tn) == 1 &&
	    rules_campaign_ok(l->r, low, tn) != 1)
		up = 0;		/* the rules' pattern wants the capitals */
	if (!sp && !up && !inner && other == NONE &&
	    (!canon || (wn == tn && memcmp(want, t, tn) == 0)))
		return;
	why[0] = '\0';
	if (up)
		/* TRANSLATORS: the reasons a UTM value is not in normal
		   form, each after ", ": "utm_source 'Google ' is not in
		   normal form: upper case, surrounding spaces". */
		strcat(why, H_(l->human, ", upper case"));
	if (sp)
		strcat(why, H_(l->human, ", surrounding spaces"));
	if (inner)
		/* xgettext:no-c-format */
		strcat(why, H_(l->human, ", a space inside ('+' or '%20')"));
	if (other != NONE && !canon) {
		size_t k = 1;
		while (other + k < tn && ((unsigned char)t[other + k] & 0xc0) == 0x80)
			k++;
		snprintf(why + strlen(why), sizeof why - strlen(why),
		    H_(l->human, ", '%s' is outside a-z 0-9 . _ -"), qs(l, 2, t + other, k));
	}
	if (canon && !(wn == tn && memcmp(want, t, tn) == 0))
		snprintf(why + strlen(why), sizeof why - strlen(why),
		    H_(l->human, ", the rules spell it '%s'"), qs(l, 2, want, wn));
	fi = add(l, F_NOT_NORMALIZED, -1, p->off, N_("%s '%s' is not in normal form: %s"),
	    utm_names[p->utm], qval(l, 0, p), why + 2);
	if ((canon || (!inner && other == NONE)) && !p->pii)
		value_fix(l, p, fi, want, wn);
}

/* Keeps p's rules verdict in its spelling. */
static void
spell_verdict(struct spell *sp, const struct prm *p)
{
	sp->vdone = 1;
	sp->vague = (unsigned char)p->vague;
	sp->vcanon = p->canon;
	sp->vhow = (unsigned char)p->chow;
	sp->vnear = p->near;
}

/* What the rules say of a source or medium: vague (sources only), else
 * its canonical (p->canon, p->chow) or, when none, the nearest name.  A
 * pure function of the trimmed value, kept in the value's spelling. */
static void
rules_verdict(struct links *l, struct prm *p, int medium)
{
	const char *t = p->d + p->tlead;
	size_t tn = p->tlen, kn;
	char key[NORM_KEY_MAX];
	int limit = 0;
	enum rules_how how;
	struct spell *sp = p->spell;

	if (sp != NULL && sp->vdone && !l->o->exhaustive) {
		p->vague = sp->vague;
		if (!p->vague) {
			p->canon = sp->vcanon;
			p->chow = sp->vhow;
			p->near = sp->vnear;
		}
		p->vdone = 1;
		return;
	}
	kn = norm_key(t, tn, key, sizeof key, NULL);
	if (!medium && rules_is_vague(l->r, key, kn, &limit))
		p->vague = 1;
	else {
		p->canon = medium ? rules_medium(l->r, key, kn, t, tn, &how, &limit) :
		    rules_source(l->r, key, kn, t, tn, &how, &limit);
		p->chow = how;
		if (p->canon == NULL)
			nearest(l, medium, key, kn, &p->near);
	}
	p->vdone = 1;
	if (sp != NULL)
		spell_verdict(sp, p);
}

static void
check_source_medium(struct links *l, struct prm *p, int medium)
{
	const char *cv, *near;
	size_t fi;
	int closed;
	enum rules_how how;

	rules_verdict(l, p, medium);
	if (p->vague) {
		add(l, F_LINK_SOURCE_VAGUE, -1, p->off,
		    N_("utm_source '%s' is vague: it does not say where the visit came from"),
		    qval(l, 0, p));
		return;
	}
	how = p->chow;
	near = p->near;
	if (p->canon != NULL && (how == RULES_ALIAS || how == RULES_PATTERN)) {
		cv = canon_value(p->canon);
		fi = add(l, medium ? F_LINK_MEDIUM_ALIAS : F_LINK_SOURCE_ALIAS, -1, p->off,
		    N_("%s '%s' is an alias of '%s'"), utm_names[p->utm], qval(l, 0, p), cv);
		p->aliased = 1;
		if (!p->pii)
			value_fix(l, p, fi, cv, strlen(cv));
	} else if (p->canon == NULL) {
		closed = medium ? l->closed_med : l->closed_src;
		if (near != NULL)
			add(l, medium ? F_LINK_MEDIUM_UNKNOWN : F_LINK_SOURCE_UNKNOWN,
			    closed ? SEV_ERROR : -1, p->off,
			    N_("%s '%s' is not in the rules; nearest: '%s'"),
			    utm_names[p->utm], qval(l, 0, p), near);
		else
			add(l, medium ? F_LINK_MEDIUM_UNKNOWN : F_LINK_SOURCE_UNKNOWN,
			    closed ? SEV_ERROR : -1, p->off, N_("%s '%s' is not in the rules"),
			    utm_names[p->utm], qval(l, 0, p));
	}
	normal_form(l, p);
}

static void
check_campaign(struct links *l, struct prm *p)
{
	const char *t = p->d + p->tlead;
	int rc = rules_campaign_ok(l->r, t, p->tlen);

	if (rc == 0)
		add(l, F_LINK_CAMPAIGN_PATTERN, -1, p->off,
		    N_("utm_campaign '%s' does not match the pattern %s"), qval(l, 0, p),
		    rules_campaign_pattern(l->r));
	else if (rc == -1)
		add(l, F_LINK_CAMPAIGN_PATTERN, -1, p->off,
		    N_("utm_campaign '%s' could not be checked: the pattern hit its match limit"),
		    qval(l, 0, p));
	normal_form(l, p);
}

/* Placeholders, personal data, encoding: every parameter. */
static void
check_encoding(struct links *l, struct prm *p)
{
	const char *raw = l->s + p->voff, *d = p->d;
	size_t i, o, mo, mn;

	for (i = 0; i < l->nmac; i++)
		if (l->mac_off[i] >= p->voff && l->mac_off[i] < p->voff + p->vlen) {
			add(l, F_MACRO_UNRESOLVED, -1, l->mac_off[i],
			    N_("placeholder '%s' in %s was not replaced"),
			    qs(l, 0, l->s + l->mac_off[i], l->mac_n[i]), pname(l, 1, p));
			p->macro = 1;
		}
	if (!p->macro && p->pct && links_macro(d, p->dlen, &mo, &mn)) {
		add(l, F_MACRO_UNRESOLVED, -1, p->voff,
		    N_("placeholder '%s' (percent-encoded) in %s was not replaced"),
		    qs(l, 0, d + mo, mn), pname(l, 1, p));
		p->macro = 1;
	}
	if (p->pii)
		add(l, F_PII, -1, p->voff,
		    N_("%s holds personal data (an email address or a phone number); "
		    "analytics terms forbid sending it"), pname(l, 0, p));
	if ((l->lb & LINKS_B_PCT) && links_bad_escape(l->s + p->noff, p->nlen, &o) &&
	    !in_macro(l, p->noff + o))
		add(l, F_BAD_ENCODING, -1, p->noff + o,
		    N_("bad %%-escape '%s' in the parameter name '%s'"),
		    qs(l, 0, l->s + p->noff + o, p->nlen - o < 3 ? p->nlen - o : 3),
		    qs(l, 1, l->s + p->noff, p->nlen));
	if (p->macro)
		return;		/* a placeholder's % are not escapes */
	if (p->bad && links_bad_escape(raw, p->vlen, &o)) {
		if (p->vlen - o < 3 && (p->vlen - o < 2 || hexd((unsigned char)raw[o + 1])))
			add(l, F_BAD_ENCODING, -1, p->voff + o,
			    N_("truncated %%-escape '%s' at the end of %s"),
			    qs(l, 0, raw + o, p->vlen - o), pname(l, 1, p));
		else
			add(l, F_BAD_ENCODING, -1, p->voff + o, N_("bad %%-escape '%s' in %s"),
			    qs(l, 0, raw + o, p->vlen - o < 3 ? p->vlen - o : 3), pname(l, 1, p));
	} else if ((l->lb & (LINKS_B_HIGH | LINKS_B_PCT)) && !valid_utf8(d, p->dlen)) {
		/* (without them every decoded value is ASCII) */
		/* the checks of the value would only repeat this */
		p->bad = 1;
		add(l, F_BAD_ENCODING, -1, p->voff, p->pct ?
		    N_("%s does not decode to valid UTF-8") :
		    N_("%s is not valid UTF-8 (the file's encoding?)"), pname(l, 0, p));
	}
	if (p->pct && links_double_encoded(raw, p->vlen, &o))
		add(l, F_DOUBLE_ENCODED, -1, p->voff + o,
		    N_("%s is percent-encoded twice: '%%25%s' is '%%%s' encoded again"),
		    pname(l, 0, p), qs(l, 1, raw + o + 3, 2), qs(l, 2, raw + o + 3, 2));
}

static void
check_entities(struct links *l)
{
	size_t off, k, i, count = 0, first = NONE, fi, nent = 0;
	int all_amp = 1, any_frag = 0;

	if (!(l->lb & LINKS_B_SEMI))
		return;		/* every character reference ends with ';' */
	for (off = 0; off < l->n; ) {
		const char *amp = memchr(l->s + off, '&', l->n - off);
		if (amp == NULL)
			break;
		off = (size_t)(amp - l->s);
		if ((k = entity_len(l->s, l->n, off)) > 0) {
			if (first == NONE)
				first = off;
			count++;
			if (k != 5 || memcmp(l->s + off, "&amp;", 5) != 0)
				all_amp = 0;
			off += k;
		} else {
			off++;
		}
	}
	if (count == 0)
		return;
	for (i = 0; i < l->np; i++)
		if (l->p[i].ent) {
			nent++;
			any_frag |= l->p[i].frag;
		}
	k = entity_len(l->s, l->n, first);
	if (count > 1)
		fi = add(l, F_HTML_ENTITY, -1, first, N_("HTML entity '%s' in the link "
		    "(and others): copied from HTML source, where a link outside HTML "
		    "takes the character itself"), qs(l, 0, l->s + first, k));
	else
		fi = add(l, F_HTML_ENTITY, -1, first, N_("HTML entity '%s' in the link: "
		    "copied from HTML source, where a link outside HTML takes the "
		    "character itself"), qs(l, 0, l->s + first, k));
	if (!all_amp || nent != count || any_frag)
		return;
	for (i = 0; i < l->np; i++)
		if (l->p[i].ent && !l->p[i].drop)
			fix(l, fi, l->p[i].noff - 4, 4, "", 0, N_("replace '&amp;' with '&'"));
}

static void
check_names_dups(struct links *l)
{
	size_t firstq[U__COUNT], firstf[U__COUNT], i, fi;
	struct prm *p, *q;
	int u;

	for (u = 0; u < U__COUNT; u++)
		firstq[u] = firstf[u] = NONE;
	l->kinds = 0;
	for (i = 0; i < l->np; i++) {
		p = &l->p[i];
		if (p->utm < 0)
			continue;
		l->kinds |= 1u << p->utm;
		if (p->how == LINKS_NAME_TYPO) {
			add(l, F_PARAM_NAME, -1, p->noff,
			    N_("'%s' is not a UTM parameter; did you mean '%s'?"),
			    qs(l, 0, l->s + p->noff, p->nlen), utm_names[p->utm]);
			continue;
		}
		if (p->how == LINKS_NAME_VARIANT) {
			fi = add(l, F_PARAM_NAME, -1, p->noff, N_("'%s' should be '%s'"),
			    qs(l, 0, l->s + p->noff, p->nlen), utm_names[p->utm]);
			p->nfind = fi;
			if (!p->frag)
				fix(l, fi, p->noff, p->nlen, utm_names[p->utm],
				    strlen(utm_names[p->utm]), N_("rename it to '%s'"),
				    utm_names[p->utm]);
			else
				fixdesc(l, fi, N_("rename it to '%s'"), utm_names[p->utm]);
		}
		if (p->frag ? firstf[p->utm] == NONE : firstq[p->utm] == NONE) {
			*(p->frag ? &firstf[p->utm] : &firstq[p->utm]) = i;
			if (!p->frag)
				l->fq[p->utm] = i;
			continue;
		}
		q = &l->p[p->frag ? firstf[p->utm] : firstq[p->utm]];
		p->dup = (size_t)(q - l->p) + 1;
		if (p->dlen == q->dlen && memcmp(p->d, q->d, p->dlen) == 0) {
			fi = add(l, F_UTM_DUPLICATE, SEV_WARNING, p->off,
			    N_("%s appears twice with the same value '%s'"),
			    utm_names[p->utm], qval(l, 0, p));
			if (!p->frag && p->off > 0 && l->s[p->off - 1] == '&') {
				fix(l, fi, p->off - 1, p->len + 1, "", 0,
				    N_("remove the second %s"), utm_names[p->utm]);
				p->drop = 1;
			}
		} else {
			add(l, F_UTM_DUPLICATE, -1, p->off,
			    N_("%s appears twice with different values: '%s' and '%s'"),
			    utm_names[p->utm], qval(l, 0, q), qval(l, 1, p));
		}
	}
}

static void
check_values(struct links *l)
{
	struct prm *p;
	size_t i, o, nf0, nsp0;

	for (i = 0; i < l->np; i++) {
		p = &l->p[i];
		check_encoding(l, p);
		if (p->utm < 0 || p->how == LINKS_NAME_TYPO || p->dup)
			continue;
		if (p->tlen == 0) {
			p->empty = 1;
			if (p->dlen > 0)
				add(l, F_UTM_EMPTY, -1, p->off, N_("%s is empty (only spaces)"),
				    utm_names[p->utm]);
			else
				add(l, F_UTM_EMPTY, -1, p->off, N_("%s is empty"),
				    utm_names[p->utm]);
			continue;
		}
		if (p->macro || p->bad ||
		    (p->pct && links_double_encoded(l->s + p->voff, p->vlen, &o)))
			continue;
		if (p->spell != NULL && p->spell->clean && !l->o->exhaustive) {
			p->canon = p->spell->canon;
			p->chow = p->spell->chow;
			p->vclean = 1;
			continue;
		}
		nf0 = l->nf;
		nsp0 = l->nsp;
		switch (p->utm) {
		case U_SOURCE:
			check_source_medium(l, p, 0);
			break;
		case U_MEDIUM:
			check_source_medium(l, p, 1);
			break;
		case U_CAMPAIGN:
			check_campaign(l, p);
			break;
		default:
			if (NORMAL_FORM(p->utm))
				normal_form(l, p);
			break;
		}
		p->vclean = l->nf == nf0 && l->nsp == nsp0 && !p->pii;
	}
}

static void
check_required(struct links *l)
{
	char list[512];
	size_t i, j, miss = 0, lastpos = 0;
	int present;

	list[0] = '\0';
	for (i = 0; i < l->nreq; i++) {
		if (l->req[i] >= 0)
			present = (l->kinds >> l->req[i]) & 1;
		else
			for (present = 0, j = 0; j < l->np && !present; j++)
				present = url_name_is(l->s + l->p[j].noff, l->p[j].nlen,
				    l->reqname[i]);
		if (present)
			continue;
		miss++;
		lastpos = strlen(list);
		snprintf(list + lastpos, sizeof list - lastpos, "%s%s",
		    lastpos ? ", " : "", l->reqname[i]);
	}
	if (miss == 0)
		return;
	if (miss > 1) {
		/* "a, b, c" -> "a, b and c" */
		char tail[256];
		snprintf(tail, sizeof tail, "%s", list + lastpos + 2);
		/* TRANSLATORS: the last of a list of parameter names. */
		snprintf(list + lastpos, sizeof list - lastpos, H_(l->human, " and %s"), tail);
	}
	add(l, F_UTM_MISSING, -1, NONE, HN_(l->human, "%s is missing", "%s are missing", miss),
	    list);
}

static void
check_fragment(struct links *l)
{
	size_t idx[LINKS_MAX_PARAMS], k = 0, i, j, fi, anchor_end, ps, hash, fe;
	char list[512];
	struct prm *p, *q;
	int movable = 1, sep, any_kept = 0;

	if (!l->u.fragment.present)
		return;
	for (i = 0; i < l->np; i++)
		if (l->p[i].frag && l->p[i].utm >= 0 && l->p[i].how != LINKS_NAME_TYPO)
			idx[k++] = i;
	if (k == 0)
		return;
	list[0] = '\0';
	for (i = 0; i < k; i++) {
		p = &l->p[idx[i]];
		if (p->dup != 0 || strstr(list, utm_names[p->utm]) != NULL)
			continue;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
		    list[0] ? ", " : "", utm_names[p->utm]);
	}
	fi = add(l, F_UTM_IN_FRAGMENT, -1, l->p[idx[0]].off, HN_(l->human,
	    "%s after '#' is ignored by analytics", "%s after '#' are ignored by analytics",
	    strchr(list, ',') ? 2u : 1u), list);
	/* Movable when no copy in the query (or an equal one) and no
	 * conflicting copy in the fragment. */
	for (i = 0; i < k; i++) {
		p = &l->p[idx[i]];
		if (p->dup != 0) {
			q = &l->p[p->dup - 1];
			if (p->dlen != q->dlen || memcmp(p->d, q->d,
			    p->dlen) != 0)
				movable = 0;
			continue;
		}
		for (j = 0; j < l->np; j++) {
			q = &l->p[j];
			if (q->frag || q->utm != p->utm || q->how == LINKS_NAME_TYPO)
				continue;
			if (q->dlen != p->dlen || memcmp(q->d, p->d,
			    p->dlen) != 0)
				movable = 0;
			p->drop = 1;	/* already in the query: only remove it */
		}
	}
	if (!movable || l->too_many)
		return;
	/* What goes into the query. */
	buf_reset(&l->tmp);
	if (!l->u.query.present)
		buf_addc(&l->tmp, '?');
	else if (l->u.query.len > 0)
		buf_addc(&l->tmp, '&');
	for (i = 0, j = 0; i < k; i++) {
		p = &l->p[idx[i]];
		if (p->dup != 0 || p->drop)
			continue;
		if (j++ > 0)
			buf_addc(&l->tmp, '&');
		buf_adds(&l->tmp, utm_names[p->utm]);
		buf_addc(&l->tmp, '=');
		if (p->fvoff != NONE)
			buf_add(&l->tmp, l->fx.data + p->fvoff, p->fvlen);
		else
			buf_add(&l->tmp, l->s + p->voff, p->vlen);
	}
	if (j == 0)
		buf_reset(&l->tmp);
	/* What stays in the fragment. */
	frag_region(l, &anchor_end, &ps, &sep);
	hash = l->u.fragment.off - 1;
	fe = l->n;
	buf_reset(&l->tmp2);
	buf_addc(&l->tmp2, '#');
	buf_add(&l->tmp2, l->s + l->u.fragment.off, anchor_end - l->u.fragment.off);
	for (i = 0; i < l->np; i++) {
		q = &l->p[i];
		if (!q->frag || (q->utm >= 0 && q->how != LINKS_NAME_TYPO))
			continue;
		if (any_kept++ > 0)
			buf_addc(&l->tmp2, '&');
		else if (anchor_end > l->u.fragment.off)
			buf_addc(&l->tmp2, (char)sep);
		buf_add(&l->tmp2, l->s + q->off, q->len);
	}
	if (l->tmp2.len == 1)
		buf_reset(&l->tmp2);
	(void)ps;
	{
		char *ins = xmemdup(buf_cstr(&l->tmp), l->tmp.len);
		size_t inslen = l->tmp.len;
		fix(l, fi, hash, 0, ins, inslen, N_("move %s into the query"), list);
		free(ins);
	}
	fix(l, fi, hash, fe - hash, buf_cstr(&l->tmp2), l->tmp2.len, NULL);
	for (i = 0; i < k; i++) {
		p = &l->p[idx[i]];
		if (p->vfind != NONE)
			fix(l, p->vfind, hash, 0, "", 0, NULL);
		if (p->nfind != NONE)
			fix(l, p->nfind, hash, 0, "", 0, NULL);
	}
}

/* The first parameter of kind utm in the query (not a typo), or NULL. */
static struct prm *
first_query(struct links *l, int utm)
{
	return l->fq[utm] == NONE ? NULL : &l->p[l->fq[utm]];
}

/* ga4-unassigned: GA4 compares the values as typed, case-sensitively, and
 * its source-category list is all lower case: a typed value counts as a
 * known source only when it is spelled in lower case as the rules write a
 * canonical or an alias. */
static void
check_ga4(struct links *l)
{
	struct prm *s = first_query(l, U_SOURCE), *m = first_query(l, U_MEDIUM);
	struct prm *c = first_query(l, U_CAMPAIGN);
	const struct rules_canon *cn;
	struct channel_in in, fx;
	struct ga4c *gc = NULL;
	enum channel ch;

	if (s == NULL || m == NULL || s->empty || m->empty || s->macro || m->macro)
		return;
	memset(&in, 0, sizeof in);
	in.source = s->d;
	in.slen = s->dlen;
	in.medium = m->d;
	in.mlen = m->dlen;
	if (l->o->exhaustive && c != NULL && !c->macro) {
		in.campaign = c->d;	/* as GA4 reads them, all at once */
		in.clen = c->dlen;
	}
	/* GA4 reads the campaign only for "cross-network" and "shop", and
	 * either gives a channel other than Unassigned: a source and medium
	 * with a channel without the campaign have one with any campaign
	 * (test_links.c checks it).  So the channel of the pair alone is
	 * what is remembered, per pair of spellings, and the campaign is
	 * read only when the pair alone is Unassigned. */
	if (s->spell != NULL && m->spell != NULL && !l->o->exhaustive) {
		gc = &l->ga4c[(((uint64_t)(uintptr_t)s->spell * 0x9e3779b97f4a7c15ULL) ^
		    (uint64_t)(uintptr_t)m->spell) * 0xff51afd7ed558ccdULL >> 54];
		if (gc->s == s->spell && gc->m == m->spell && gc->ch != CH_UNASSIGNED)
			return;
		gc->s = s->spell;
		gc->m = m->spell;
	}
	if (s->spell != NULL && s->spell->gcat >= 0 && !l->o->exhaustive)
		in.category = (enum category)s->spell->gcat;
	else {
		if (!has_upper(in.source, in.slen) &&
		    (cn = rules_source_exact(l->r, in.source, in.slen)) != NULL)
			in.category = cn->category;
		if (s->spell != NULL)
			s->spell->gcat = (signed char)in.category;
	}
	ch = channel_ga4(&in);
	if (gc != NULL)
		gc->ch = ch;
	if (ch != CH_UNASSIGNED)
		return;
	if (c != NULL && !c->macro && in.campaign == NULL) {
		in.campaign = c->d;
		in.clen = c->dlen;
		if (channel_ga4(&in) != CH_UNASSIGNED)
			return;
	}
	fx = in;
	if (s->fdoff != NONE) {
		fx.source = l->fx.data + s->fdoff;
		fx.slen = s->fdlen;
	}
	if (m->fdoff != NONE) {
		fx.medium = l->fx.data + m->fdoff;
		fx.mlen = m->fdlen;
	}
	if (c != NULL && c->fdoff != NONE) {
		fx.campaign = l->fx.data + c->fdoff;
		fx.clen = c->fdlen;
	}
	fx.category = s->canon != NULL ? s->canon->category : CAT_NONE;
	ch = channel_ga4(&fx);
	if (ch != CH_UNASSIGNED && (s->fdoff != NONE || m->fdoff != NONE))
		add(l, F_GA4_UNASSIGNED, -1, s->off,
		    N_("GA4 would put utm_source '%s' with utm_medium '%s' in Unassigned; "
		    "with the fixes it would be %s"), qval(l, 0, s), qval(l, 1, m),
		    channel_name(ch));
	else
		add(l, F_GA4_UNASSIGNED, -1, s->off,
		    N_("GA4 would put utm_source '%s' with utm_medium '%s' in Unassigned"),
		    qval(l, 0, s), qval(l, 1, m));
}

static void
check(struct links *l)
{
	const char *s = l->s;
	size_t i, base;
	int rc;

	if (l->n == 0) {
		add(l, F_URL_MALFORMED, -1, NONE, N_("the link is empty"));
		return;
	}
	if (l->n > LINKS_MAX_LINK) {
		add(l, F_URL_MALFORMED, -1, NONE, N_("the link is longer than %u bytes"),
		    LINKS_MAX_LINK);
		return;
	}
	memset(l->pp, 0, ((l->n + 63) / 64 + 1) * sizeof *l->pp);
	l->lb = links_bytes(s, l->n, l->pp);
	if (l->o->exhaustive)
		l->lb = LINKS_B_ALL;	/* and plain() reads the bytes */
	find_macros(l);
	rc = url_split(s, l->n, &l->u);
	if (rc == -1 || !l->u.http) {
		if (l->nmac > 0)
			for (i = 0; i < l->nmac; i++)
				add(l, F_MACRO_UNRESOLVED, -1, l->mac_off[i],
				    N_("placeholder '%s' was not replaced"),
				    qs(l, 0, s + l->mac_off[i], l->mac_n[i]));
		else
			malformed(l);
		return;
	}
	if (l->u.bad_chars) {
		for (i = 0; i < l->n && (unsigned char)s[i] > 0x20 && s[i] != 0x7f; i++)
			;
		if (s[i] == ' ')
			add(l, F_URL_MALFORMED, -1, i, N_("a space inside the link"));
		else
			add(l, F_URL_MALFORMED, -1, i,
			    N_("a control character (0x%02X) inside the link"), (unsigned char)s[i]);
	}
	l->np = 0;
	l->too_many = 0;
	l->declen = 0;
	if (l->u.query.present)
		parse_params(l, l->u.query.off, l->u.query.off + l->u.query.len, 0);
	if (l->u.fragment.present) {
		size_t ae, ps;
		int sep;
		frag_region(l, &ae, &ps, &sep);
		parse_params(l, ps, l->u.fragment.off + l->u.fragment.len, 1);
	}
	if (l->too_many)
		add(l, F_URL_MALFORMED, -1, NONE,
		    N_("more than %d parameters; the rest were not checked"), LINKS_MAX_PARAMS);
	/* The part before the query: placeholders and bad escapes. */
	base = l->u.query.present ? l->u.query.off - 1 : l->u.fragment.present ?
	    l->u.fragment.off - 1 : l->n;
	for (i = 0; i < l->nmac && l->mac_off[i] < base; i++)
		add(l, F_MACRO_UNRESOLVED, -1, l->mac_off[i],
		    N_("placeholder '%s' in the link was not replaced"),
		    qs(l, 0, s + l->mac_off[i], l->mac_n[i]));
	if ((l->lb & LINKS_B_PCT) && links_bad_escape(s, base, &i) && !in_macro(l, i))
		add(l, F_BAD_ENCODING, -1, i, N_("bad %%-escape '%s' in the path"),
		    qs(l, 0, s + i, base - i < 3 ? base - i : 3));
	check_names_dups(l);
	check_entities(l);
	check_values(l);
	check_required(l);
	check_fragment(l);
	check_ga4(l);
}

/* ---- after the checks of one link ---- */

static int
splice_cmp(const void *a, const void *b)
{
	const struct splice *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if ((x->len == 0) != (y->len == 0))
		return x->len == 0 ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Applies the splices to the link into l->fixed; returns 1 when it changed. */
static int
apply(struct links *l)
{
	size_t i, pos = 0;

	buf_reset(&l->fixed);
	if (l->nsp == 0)
		return 0;
	qsort(l->sp, l->nsp, sizeof *l->sp, splice_cmp);
	for (i = 0; i < l->nsp; i++) {
		struct splice *sp = &l->sp[i];
		if (sp->off < pos)
			continue;	/* overlaps an earlier fix */
		buf_add(&l->fixed, l->s + pos, sp->off - pos);
		buf_add(&l->fixed, l->fx.data + sp->toff, sp->tlen);
		pos = sp->off + sp->len;
		sp->applied = 1;
	}
	buf_add(&l->fixed, l->s + pos, l->n - pos);
	return !(l->fixed.len == l->n && memcmp(l->fixed.data, l->s, l->n) == 0);
}

/* The link for reports: personal data replaced by [redacted]. */
static size_t
link_text(struct links *l)
{
	size_t i, pos = 0;
	int any = 0;

	for (i = 0; i < l->np; i++)
		any |= l->p[i].pii;
	if (!any)
		return pool_add(l, l->s, l->n);
	buf_reset(&l->tmp);
	for (i = 0; i < l->np; i++) {
		if (!l->p[i].pii)
			continue;
		buf_add(&l->tmp, l->s + pos, l->p[i].voff - pos);
		buf_adds(&l->tmp, "[redacted]");
		pos = l->p[i].voff + l->p[i].vlen;
	}
	buf_add(&l->tmp, l->s + pos, l->n - pos);
	return pool_add(l, l->tmp.data, l->tmp.len);
}

/* The group of a new spelling v[0..vn) of kind utm, made when it is the
 * first: keyed by the canonical c the checks found for its first link (not
 * for a campaign), else by the value's normal key. */
static struct group *
spell_group(struct links *l, int utm, const struct rules_canon *c, const char *v,
    size_t vn)
{
	char key[NORM_KEY_MAX + 2];
	const char *t;
	size_t kn, tn;
	struct group *g;
	void **slot;
	int created;

	key[0] = (char)('0' + utm);
	if (c != NULL && utm != U_CAMPAIGN) {
		kn = strlen(c->key);
		if (kn > NORM_KEY_MAX)
			kn = NORM_KEY_MAX;
		memcpy(key + 1, c->key, kn);
	} else {
		t = norm_trim(v, vn, &tn);
		kn = norm_key(t, tn, key + 1, sizeof key - 1, NULL);
	}
	slot = map_slot(l->groups, key, kn + 1, 1, &created);
	if (created) {
		g = xcalloc(1, sizeof *g);
		g->utm = utm;
		if (c != NULL && utm != U_CAMPAIGN)
			g->canon = canon_value(c);
		*slot = g;
	}
	return *slot;
}

/* Puts sp last in its group g. */
static void
group_append(struct group *g, struct spell *sp)
{
	sp->x->g = g;
	sp->x->next = NULL;
	if (g->last)
		g->last->x->next = sp;
	else
		g->first = sp;
	g->last = sp;
	g->n++;
}

static void
record_spelling(struct links *l, int utm, struct prm *p)
{
	const char *v = p->d;
	size_t vn = p->dlen, xoff;
	struct spell *sp = p->spell;
	int created = 0;
	uint64_t h;

	h = spelled(p) ? p->shash : spell_hash(utm, v, vn);	/* (parse_params) */
	if (sp == NULL && (sp = spell_find(l, utm, v, vn, h)) == NULL)
		created = 1;
	if (!created) {
		sp->x->count++;
		if (!sp->clean && p->vclean == 1) {
			sp->clean = 1;
			sp->canon = p->canon;
			sp->chow = (unsigned char)p->chow;
		}
		if (!sp->vdone && p->vdone)
			spell_verdict(sp, p);
		return;
	}
	/* one block: the spelling, its text, then the rest aligned */
	xoff = (sizeof *sp + vn + 1 + sizeof(void *) - 1) / sizeof(void *) * sizeof(void *);
	sp = xcalloc(1, xoff + sizeof *sp->x);
	sp->x = (struct spellx *)(void *)((char *)sp + xoff);
	memcpy(sp->text, v, vn);
	sp->tlen = (uint32_t)vn;
	sp->utm = (unsigned char)utm;
	sp->x->count = 1;
	sp->x->file = l->cur_file;
	sp->x->line = l->lk->line;
	sp->x->col = col_of(l, p->off);
	sp->x->link = l->nlinks - 1;
	sp->x->seq = l->seq++;
	sp->x->pii = p->pii;
	sp->x->kcanon = p->canon;
	sp->clean = p->vclean == 1;
	sp->gcat = -1;
	sp->canon = p->canon;
	sp->chow = (unsigned char)p->chow;
	if (p->vdone)
		spell_verdict(sp, p);
	spell_add(l, sp, h);
	group_append(spell_group(l, utm, p->canon, v, vn), sp);
}

/* A 64-bit hash for the tables of links and spellings (which compare the
 * bytes on a match, so only the spread matters): two lanes of eight bytes
 * with one multiply each, so the multiplies of a long link overlap; the
 * last word read ending at the end (a short string in two or three reads,
 * its length in the seed); then MurmurHash3's finalizer. */
static inline uint64_t
hash64(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)n * 0xff51afd7ed558ccdULL);
	uint64_t g = 0x6a09e667f3bcc909ULL, k, k2;
	size_t i = 0;

	if (n >= 8) {
		for (; i + 16 < n; i += 16) {
			memcpy(&k, p + i, 8);
			memcpy(&k2, p + i + 8, 8);
			h = (h ^ k) * 0x87c37b91114253d5ULL;
			g = (g ^ k2) * 0x4cf5ad432745937fULL;
		}
		if (i + 8 < n) {
			memcpy(&k, p + i, 8);
			h = (h ^ k) * 0x87c37b91114253d5ULL;
		}
		memcpy(&k, p + n - 8, 8);
	} else if (n >= 4) {
		uint32_t a, b;	/* two reads that overlap cover every byte */
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		k = (uint64_t)a << 32 | b;
	} else
		k = n == 0 ? 0 : (uint64_t)(unsigned char)p[0] << 16 |
		    (uint64_t)(unsigned char)p[n / 2] << 8 | (unsigned char)p[n - 1];
	h = (h ^ (g << 31 | g >> 33) ^ k) * 0x4cf5ad432745937fULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

#define SEEN_TAG(h)	((h) & 0xffffffff00000000ULL)

/* Puts firsts[i] into l->seen, which has room. */
static void
seen_put(struct links *l, size_t i)
{
	uint64_t h = l->firsts[i].hash;
	size_t j, mask = l->nseen - 1;

	for (j = h & mask; l->seen[j] != 0; j = (j + 1) & mask)
		;
	l->seen[j] = SEEN_TAG(h) | (uint64_t)(i + 1);
}

/* Room for want more first copies: l->seen more than twice as large as
 * what it will hold, and firsts. */
static void
seen_reserve(struct links *l, size_t want)
{
	size_t i, n = l->nseen ? l->nseen : 1024;

	if (l->capfirsts < l->nfirsts + want) {
		l->capfirsts = l->nfirsts + want;
		l->firsts = xgrowarray(l->firsts, l->nfirsts, l->capfirsts,
		    sizeof *l->firsts);
	}
	while (n <= 2 * (l->nfirsts + want))
		n *= 2;
	if (n == l->nseen)
		return;
	free(l->seen);
	l->nseen = n;
	/* (written, not calloc's untouched pages: a lookup would map the
	 * zero page, and the first put copy it and flush every core's TLB) */
	l->seen = xmalloc(l->nseen * sizeof *l->seen);
	memset(l->seen, 0, l->nseen * sizeof *l->seen);
	for (i = 0; i < l->nfirsts; i++)
		if (!l->firsts[i].copy)
			seen_put(l, i);
}

static void
seen_grow(struct links *l)
{
	seen_reserve(l, 1);
}

/* The index in firsts of the first copy of s[0..n), whose hash is h, in
 * the seen table seen of nseen slots, or NONE. */
static size_t
seen_find(const uint64_t *seen, size_t nseen, const struct first *firsts,
    const char *s, size_t n, uint64_t h)
{
	uint64_t tag = SEEN_TAG(h);
	size_t j, i, mask = nseen - 1;
	const struct first *f;

	if (nseen == 0)
		return NONE;
	for (j = h & mask; seen[j] != 0; j = (j + 1) & mask) {
		if (SEEN_TAG(seen[j]) != tag)
			continue;
		i = (size_t)(seen[j] & 0xffffffffULL) - 1;
		f = &firsts[i];
		if (f->hash == h && f->n == n && memcmp(f->s, s, n) == 0)
			return i;
	}
	return NONE;
}

/* The first copy number i (piece_find). */
static const struct first *
first_at(const struct links *l, size_t i)
{
	size_t k;

	if (i < l->nfirsts)
		return &l->firsts[i];
	for (i -= l->nfirsts, k = 0; i >= l->segs[k].n; k++)
		i -= l->segs[k].n;
	return &l->segs[k].firsts[i];
}

/* Puts the segments' first copies into l's own table, keeping their
 * numbers. */
static void
seen_settle(struct links *l)
{
	size_t k, n = 0;

	for (k = 0; k < l->nsegs; k++)
		n += l->segs[k].n;
	seen_reserve(l, n);
	for (k = 0; k < l->nsegs; k++) {
		memcpy(l->firsts + l->nfirsts, l->segs[k].firsts,
		    l->segs[k].n * sizeof *l->firsts);
		for (n = 0; n < l->segs[k].n; n++, l->nfirsts++)
			if (!l->firsts[l->nfirsts].copy)
				seen_put(l, l->nfirsts);
		free(l->segs[k].firsts);
		free(l->segs[k].seen);
	}
	free(l->segs);
	l->segs = NULL;
	l->nsegs = 0;
}

/* Adds *f, the first copy of a link, to l, whose seen table on_link made
 * room in; returns its number. */
static size_t
first_add(struct links *l, const struct first *f)
{
	if (l->nfirsts == l->capfirsts) {
		l->capfirsts = l->capfirsts ? l->capfirsts * 2 : 1024;
		l->firsts = xgrowarray(l->firsts, l->nfirsts, l->capfirsts,
		    sizeof *l->firsts);
	}
	l->firsts[l->nfirsts] = *f;
	seen_put(l, l->nfirsts);
	return l->nfirsts++;
}

/* The message of a duplicate-link finding: where the first copy, number
 * fi, is. */
static size_t
dup_message(struct links *l, size_t fi)
{
	const struct first *f = first_at(l, fi);

	return pool_fmt(l, N_("the same link as %s:%ld:%ld"), l->files[f->file],
	    (long)f->line, (long)f->col);
}

/* duplicate-link: the same bytes as a link seen before.  Returns the
 * index in firsts of the link when it is the first copy, else NONE. */
static size_t
check_duplicate(struct links *l, const char *s, size_t n, uint64_t h)
{
	struct first nf;
	size_t fi, i;

	if (n == 0)
		return NONE;
	if ((fi = seen_find(l->seen, l->nseen, l->firsts, s, n, h)) != NONE) {
		i = finding_msg(l, F_DUPLICATE_LINK, -1, dup_message(l, fi));
		l->f[i].line = l->lk->line;
		l->f[i].col = l->lk->col;
		l->f[i].dup = fi + 1;
		return NONE;
	}
	nf.hash = h;
	if (l->own_cur && s >= l->cur_buf && s + n <= l->cur_buf + l->cur_len)
		nf.s = s;
	else
		nf.s = arena_copy(&l->arena, s, n);
	nf.n = (unsigned)n;
	nf.file = l->cur_file;
	nf.line = (uint32_t)l->lk->line;
	nf.col = (uint32_t)l->lk->col;
	nf.link = l->nlinks - 1;
	nf.seq = l->seq++;	/* for its finding should a piece before say so */
	nf.text = NONE;
	nf.copy = 0;
	return first_add(l, &nf);
}

/* Marks the findings of the current link whose fix was applied; the
 * others lose their fix description.  Returns 1 when the link changed. */
static int
settle(struct links *l)
{
	size_t i, j;
	int changed = apply(l);

	for (i = l->first; i < l->nf; i++) {
		struct fnd *f = &l->f[i];
		for (j = 0; j < l->nsp && !f->done; j++)
			if (l->sp[j].applied && l->sp[j].find == i)
				f->done = 1;
		if (!f->done)
			f->fix = NONE;
	}
	return changed;
}

/* Remembers the rewrite of the current link into s[0..n) for --write. */
static void
remember_rewrite_text(struct links *l, const char *s, size_t n)
{
	const struct linkx_link *lk = l->lk;

	if (l->nrw == l->caprw) {
		l->caprw = l->caprw ? l->caprw * 2 : 64;
		l->rws = xreallocarray(l->rws, l->caprw, sizeof *l->rws);
	}
	buf_reset(&l->enc);
	linkx_encode(lk, s, n, &l->enc);
	l->rws[l->nrw].off = lk->off;
	l->rws[l->nrw].len = lk->srclen;
	l->rws[l->nrw].toff = l->rwtext.len;
	l->rws[l->nrw].tlen = l->enc.len;
	buf_add(&l->rwtext, l->enc.data, l->enc.len);
	l->nrw++;
}

/* The set-level records of the link and what its findings carry for the
 * reports. */
static void
finish_link(struct links *l, int changed)
{
	const struct linkx_link *lk = l->lk;
	size_t i, text = NONE, fixed = NONE, fixed_src = NONE, ctx = NONE, fi;
	long send = 0;
	int pii = 0, u;
	struct prm *p;

	if (l->n > 0 && l->n <= LINKS_MAX_LINK)
		for (u = U_SOURCE; u <= U_CAMPAIGN; u++)
			if ((p = first_query(l, u)) != NULL && !p->empty && !p->macro)
				record_spelling(l, u, p);
	fi = check_duplicate(l, l->s, l->n, l->s == l->lk->s ? l->hash :
	    hash64(l->s, l->n));
	for (i = 0; i < l->np; i++)
		pii |= l->p[i].pii;
	if (l->nf > l->first || l->keep_links)
		text = link_text(l);
	if (fi != NONE)
		l->firsts[fi].text = text != NONE || !pii ? text : link_text(l);
	if (l->nf > l->first || (fi != NONE && l->csv_piece)) {
		if (lk->writable && l->cur_buf != NULL && (lk->exact ||
		    (memchr(l->cur_buf + lk->off, '\n', lk->srclen) == NULL &&
		    memchr(l->cur_buf + lk->off, '\r', lk->srclen) == NULL)))
			/* (the span is the link being checked: links_bytes knows
			 * whether it has a byte to count as a character) */
			send = lk->col + (l->cur_buf + lk->off == l->s &&
			    lk->srclen == l->n ? link_chars(l, l->n) :
			    chars(l->cur_buf + lk->off, lk->srclen));
		if (lk->nctx > 0)
			ctx = pool_ctx(l, lk);
	}
	if (fi != NONE && l->csv_piece) {
		if (fi >= l->capfctx) {
			l->fctx = xgrowarray(l->fctx, l->capfctx, l->capfirsts,
			    sizeof *l->fctx);
			l->capfctx = l->capfirsts;
		}
		l->fctx[fi].ctx = ctx;
		l->fctx[fi].nctx = (uint32_t)lk->nctx;
		l->fctx[fi].send = send;
	}
	if (l->nf > l->first) {
		if (changed && !pii) {
			fixed = pool_add(l, l->fixed.data, l->fixed.len);
			if (lk->writable) {
				buf_reset(&l->enc);
				linkx_encode(lk, l->fixed.data, l->fixed.len, &l->enc);
				fixed_src = pool_add(l, buf_cstr(&l->enc), l->enc.len);
			}
		}
		for (i = l->first; i < l->nf; i++) {
			struct fnd *f = &l->f[i];
			f->text = text;
			if (f->done) {
				f->fixed = fixed;
				f->fixed_src = send > 0 ? fixed_src : NONE;
			}
			if (send > 0) {
				f->sline = lk->line;
				f->scol = lk->col;
				f->send = send;
			}
			f->ctx = ctx;
			f->nctx = ctx != NONE ? lk->nctx : 0;
		}
	}
	if (l->keep_links) {
		if (l->nkl == l->capkl) {
			l->capkl = l->capkl ? l->capkl * 2 : 256;
			l->kl = xgrowarray(l->kl, l->nkl, l->capkl, sizeof *l->kl);
		}
		l->kl[l->nkl].file = l->cur_file;
		l->kl[l->nkl].line = lk->line;
		l->kl[l->nkl].col = lk->col;
		l->kl[l->nkl].text = text;
		l->nkl++;
	}
}

static void
check_once(struct links *l)
{
	int u;

	l->lb = LINKS_B_ALL;	/* until check() knows better */
	for (u = 0; u < U__COUNT; u++)
		l->fq[u] = NONE;	/* until check_names_dups */
	l->first = l->nf;
	l->np = 0;
	l->nmac = 0;
	l->nsp = 0;
	l->u = url_zero;	/* not memset: see prm_zero */
	buf_reset(&l->fx);
	check(l);
}

/* One link: its checks; with --fix, its fixes and the checks again on the
 * fixed link, whose findings are what is left. */
static int
on_link(const struct linkx_link *lk, void *arg)
{
	struct links *l = arg;
	size_t pool_mark = l->pool.len;	/* (no piece is merged meanwhile) */
	int changed;

	if ((lk->kind == LINKX_MD || lk->kind == LINKX_HTML) && !l->o->all_links &&
	    !tagged(lk->s, lk->len))
		return 0;
	l->lk = lk;
	l->s = lk->s;
	l->n = lk->len;
	l->nlinks++;
	/* Ask for the duplicate table's slot now; the checks hide the wait. */
	if (l->nsegs > 0)
		seen_settle(l);
	if (l->nfirsts * 2 >= l->nseen)
		seen_grow(l);
	l->hash = hash64(lk->s, lk->len);
	__builtin_prefetch(&l->seen[l->hash & (l->nseen - 1)]);
	check_once(l);
	changed = settle(l);
	if (l->o->fix) {
		int applied = changed && (!l->o->write || lk->writable);
		if (applied) {
			/* The findings left are those of the fixed link; a fix can
			 * uncover another (a value moved out of the fragment next
			 * to an equal one), so fix until nothing changes. */
			int pass = 0;
			do {
				buf_reset(&l->refix);
				buf_add(&l->refix, l->fixed.data, l->fixed.len);
				l->nf = l->first;
				l->pool.len = pool_mark;
				l->s = l->refix.data;
				l->n = l->refix.len;
				check_once(l);
				changed = settle(l);
			} while (changed && ++pass < LINKS_FIX_PASSES);
			if (changed) {
				/* give up on the last step rather than loop */
				changed = 0;
			}
			if (l->o->write)
				remember_rewrite_text(l, l->s, l->n);
			l->fixed_links++;
		}
	}
	if (l->o->fix && !l->o->write && l->fixout != NULL) {
		fwrite(l->s, 1, l->n, l->fixout);
		fputc('\n', l->fixout);
	}
	finish_link(l, changed);
	return 0;
}

/* ---- the engine ---- */

struct links *
links_new(const struct rules *r, const struct links_opts *o)
{
	struct links *l = xcalloc(1, sizeof *l);
	size_t i;
	int id, u;

	l->r = r;
	l->o = o;
	for (id = 0; id < F__COUNT; id++)
		l->sev[id] = id >= F_URL_MALFORMED ?
		    rules_links_severity(r, finding_name((enum finding_id)id)) : -1;
	l->closed_src = rules_links_closed_sources(r);
	l->closed_med = rules_links_closed_mediums(r);
	l->nreq = rules_links_required_count(r);
	l->req = xcalloc(l->nreq ? l->nreq : 1, sizeof *l->req);
	l->reqname = xcalloc(l->nreq ? l->nreq : 1, sizeof *l->reqname);
	for (i = 0; i < l->nreq; i++) {
		l->reqname[i] = rules_links_required(r, i);
		l->req[i] = -1;
		for (u = 0; u < U__COUNT; u++)
			if (strcmp(utm_names[u], l->reqname[i]) == 0)
				l->req[i] = u;
	}
	l->p = xcalloc(LINKS_MAX_PARAMS, sizeof *l->p);
	l->dec = xmalloc(LINKS_MAX_LINK + 1);
	l->groups = map_new();
	l->human = 1;
	if (o->format != NULL) {
		const struct linkrep_format *fmt = linkrep_find(o->format);
		l->keep_links = fmt != NULL && fmt->needs_links;
		l->human = fmt == NULL || fmt->human;
	}
	return l;
}

void
links_set_fix_output(struct links *l, FILE *fp)
{
	l->fixout = fp;
}

/* ---- one plain-text input on several threads ----
 *
 * The input is cut at line ends into pieces.  l lints the first itself; an
 * engine of its own lints each other one on a thread of its own, and is
 * then merged into l in input order: its findings, spellings and first
 * copies of links go where linting its piece after the ones before would
 * have put them.  Only what depends on the links before changes: a
 * spelling seen before counts them together, a link seen before gets its
 * duplicate-link finding.  The memos an engine keeps only save time
 * (links_opts.exhaustive says so), so the report is the same byte for
 * byte; fuzz_links lints every input both ways.  Not with --fix, which
 * prints each link as it goes. */

struct piece {
	struct links	*w;		/* its engine (the first: l) */
	const char	*buf;
	size_t		 start, end;
	long		 lines;		/* linkx_text_scan */
	long		 line;
	struct piece	*all;		/* the n pieces, for piece_find */
	unsigned	 n;
	size_t		*found;		/* piece_find */
	struct linkx_csv *x;		/* CSV: the input's reader */
	unsigned	 k;		/* CSV: the piece's number */
	int		 rc;		/* CSV: linkx_csv_piece */
};

static void *
piece_scan(void *arg)
{
	struct piece *pc = arg;

	pc->lines = linkx_text_scan(pc->buf, pc->start, pc->end);
	return NULL;
}

static void *
piece_run(void *arg)
{
	struct piece *pc = arg;

	pat_thread_begin();
	seen_reserve(pc->w, (size_t)pc->lines);	/* (it would rehash ~twice) */
	/* (on_link never stops a read) */
	(void)linkx_read_text(pc->buf, pc->start, pc->end, pc->line, on_link, pc->w);
	pat_thread_end();
	return NULL;
}

static void *
piece_csv(void *arg)
{
	struct piece *pc = arg;

	pat_thread_begin();
	seen_reserve(pc->w, (size_t)pc->lines);
	pc->rc = linkx_csv_piece(pc->x, pc->k, on_link, pc->w);
	pat_thread_end();
	return NULL;
}

/* Looks up the first copies of the later pieces among those of the
 * pieces before them, this thread's share of each: found[i] of a piece is
 * the number its merge gives the first copy of its first i (l's firsts,
 * then each piece's in turn), or NONE.  Only reads the engines, which are
 * done. */
static void *
piece_find(void *arg)
{
	struct piece *pc = arg, *all = pc->all;
	size_t t = (size_t)(pc - all), i, j, a, e, base;
	const struct links *w, *v;

	for (i = 1; i < pc->n; i++) {
		w = all[i].w;
		e = w->nfirsts * (t + 1) / pc->n;
		for (j = w->nfirsts * t / pc->n; j < e; j++) {
			const struct first *f = &w->firsts[j];
			if (j + 32 < e && all[0].w->nseen > 0)	/* a miss each, overlapped */
				__builtin_prefetch(&all[0].w->seen[w->firsts[j + 32].hash &
				    (all[0].w->nseen - 1)]);
			all[i].found[j] = NONE;
			for (a = 0, base = 0; a < i; base += v->nfirsts, a++) {
				v = all[a].w;
				if ((all[i].found[j] = seen_find(v->seen, v->nseen, v->firsts,
				    f->s, f->n, f->hash)) != NONE) {
					all[i].found[j] += base;
					break;
				}
			}
		}
	}
	return NULL;
}

/* Runs fn on each of the n items of size bytes at items: the first here,
 * the others on threads of their own (here too when one cannot be made);
 * returns when all are done. */
static void
on_threads(void *items, size_t size, unsigned n, void *(*fn)(void *))
{
	pthread_t tid[LINKS_MAX_THREADS];
	int started[LINKS_MAX_THREADS];
	char *it = items;
	unsigned i;

	for (i = 1; i < n; i++)
		started[i] = pthread_create(&tid[i], NULL, fn, it + i * size) == 0;
	if (n > 0)
		fn(it);
	for (i = 1; i < n; i++)
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			fn(it + i * size);
}

static int
slot_seq_cmp(const void *a, const void *b)
{
	const struct spell *x = ((const struct spslot *)a)->sp;
	const struct spell *y = ((const struct spslot *)b)->sp;

	return x->x->seq < y->x->seq ? -1 : x->x->seq > y->x->seq;
}

/* The spellings of w into l, in the order w met them: one l had is
 * counted as record_spelling counts a spelling met again; a new one joins
 * its group, made if need be.  w keeps none. */
static void
merge_spellings(struct links *l, struct links *w, size_t lb, size_t sb)
{
	struct spslot *v = xcalloc(w->nspells ? w->nspells : 1, sizeof *v);
	struct spell *sp, *a;
	size_t i, n = 0;

	for (i = 0; i < w->capspells; i++)
		if (w->spells[i].sp != NULL)
			v[n++] = w->spells[i];
	qsort(v, n, sizeof *v, slot_seq_cmp);
	for (i = 0; i < n; i++) {
		sp = v[i].sp;
		if ((a = spell_find(l, sp->utm, sp->text, sp->tlen, v[i].hash)) == NULL) {
			sp->x->seq += sb;
			sp->x->link += lb;
			spell_add(l, sp, v[i].hash);
			group_append(spell_group(l, sp->utm, sp->x->kcanon, sp->text,
			    sp->tlen), sp);
			continue;
		}
		a->x->count += sp->x->count;
		if (!a->clean && sp->clean) {
			a->clean = 1;
			a->canon = sp->canon;
			a->chow = sp->chow;
		}
		if (!a->vdone && sp->vdone) {
			a->vdone = 1;
			a->vague = sp->vague;
			a->vcanon = sp->vcanon;
			a->vhow = sp->vhow;
			a->vnear = sp->vnear;
		}
		if (a->gcat < 0)
			a->gcat = sp->gcat;
		free(sp);
	}
	free(w->spells);
	w->spells = NULL;
	w->nspells = w->capspells = 0;
	free(v);
}

#define REBASE(x, b)	((x) = (x) == NONE ? NONE : (x) + (b))

/* Merges w, which linted the piece after the ones l has, into l;
 * found[i] is the number of the first copy of w's first i before it, or
 * NONE (piece_find). */
static void
merge(struct links *l, struct links *w, const size_t *found)
{
	size_t pb = l->pool_base + l->pool.len, lb = l->nlinks, sb = l->seq, fb = l->nf;
	size_t i, a, k, base;
	struct fnd *f;

	/* l's strings and then w's stay where they are */
	l->pchunks = xreallocarray(l->pchunks, l->npchunks + 2, sizeof *l->pchunks);
	l->pchunks[l->npchunks].base = l->pool_base;
	l->pchunks[l->npchunks++].data = l->pool.data;
	l->pchunks[l->npchunks].base = pb;
	l->pchunks[l->npchunks++].data = w->pool.data;
	l->pool_base = pb + w->pool.len;
	memset(&l->pool, 0, sizeof l->pool);
	memset(&w->pool, 0, sizeof w->pool);
	if (l->capf < l->nf + w->nf) {
		l->capf = l->nf + w->nf;
		l->f = xgrowarray(l->f, l->nf, l->capf, sizeof *l->f);
	}
	for (i = 0; i < w->nf; i++) {
		f = &l->f[l->nf++];
		*f = w->f[i];
		REBASE(f->msg, pb);
		REBASE(f->fix, pb);
		REBASE(f->text, pb);
		REBASE(f->fixed, pb);
		REBASE(f->fixed_src, pb);
		REBASE(f->ctx, pb);
		f->link += lb;
		f->seq += sb;
	}
	/* The first copies: numbered after l's (w's first i is base + i), but
	 * those that are copies of one of l's (found[i]). */
	base = l->nfirsts;
	for (k = 0; k < l->nsegs; k++)
		base += l->segs[k].n;
	for (i = 0; i < w->nfirsts; i++) {
		struct first *wf = &w->firsts[i];
		if ((a = found[i]) == NONE)
			continue;
		wf->copy = 1;
		/* the duplicate-link finding linting after l would have given
		 * it, with what finish_link gives a finding of a text link */
		k = finding_msg(l, F_DUPLICATE_LINK, -1, dup_message(l, a));
		f = &l->f[k];
		f->file = wf->file;
		f->line = f->sline = wf->line;
		f->col = f->scol = wf->col;
		f->send = wf->col + chars(wf->s, wf->n);
		if (w->fctx != NULL) {	/* a CSV row's link */
			const struct firstctx *c = &w->fctx[i];
			f->ctx = c->ctx;
			f->nctx = c->ctx != NONE ? c->nctx : 0;
			REBASE(f->ctx, pb);
			if ((f->send = c->send) == 0)
				f->sline = f->scol = 0;
		}
		f->link = wf->link + lb;
		f->seq = wf->seq + sb;
		f->dup = a + 1;
		f->late = 1;
		f->text = wf->text != NONE ? wf->text + pb : pool_add(l, wf->s, wf->n);
	}
	l->segs = xreallocarray(l->segs, l->nsegs + 1, sizeof *l->segs);
	l->segs[l->nsegs].firsts = w->firsts;
	l->segs[l->nsegs].n = w->nfirsts;
	l->segs[l->nsegs].seen = w->seen;
	l->segs[l->nsegs++].nseen = w->nseen;
	w->firsts = NULL;
	w->seen = NULL;
	w->nfirsts = w->nseen = 0;
	for (i = fb; i < fb + w->nf; i++) {
		if ((a = l->f[i].dup) == 0)
			continue;
		if (found[a - 1] == NONE)
			l->f[i].dup = base + a;
		else {	/* names a copy of l's link: l's it is */
			l->f[i].dup = found[a - 1] + 1;
			l->f[i].msg = dup_message(l, found[a - 1]);
		}
	}
	merge_spellings(l, w, lb, sb);
	for (i = 0; i < w->nkl; i++) {
		if (l->nkl == l->capkl) {
			l->capkl = l->capkl ? l->capkl * 2 : 256;
			l->kl = xreallocarray(l->kl, l->capkl, sizeof *l->kl);
		}
		l->kl[l->nkl] = w->kl[i];
		REBASE(l->kl[l->nkl].text, pb);
		l->nkl++;
	}
	arena_take(&l->arena, &w->arena);	/* w's first copies may live there */
	l->nlinks += w->nlinks;
	l->seq = sb + w->seq;
}

/* How many threads: o->threads, else one a core, at most 8. */
static unsigned
threads(const struct links_opts *o)
{
	long n;

	if (o->threads > 0)
		return o->threads > LINKS_MAX_THREADS ? LINKS_MAX_THREADS : o->threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
}

/* How many pieces: o->threads, else one a core with pieces of at least
 * PIECE_MIN bytes. */
#define PIECE_MIN	(256u * 1024u)
static unsigned
pieces(const struct links_opts *o, size_t len)
{
	unsigned n;

	if (o->threads == 0 && len < 2 * PIECE_MIN)
		return 1;	/* (without asking how many cores) */
	n = threads(o);
	if (o->threads == 0 && n > len / PIECE_MIN)
		n = (unsigned)(len / PIECE_MIN);
	return n;
}

/* The engines of pieces 1 to n - 1 of the input l is reading, name; piece
 * 0's is l. */
static void
engines(struct links *l, struct piece *pc, unsigned n, const char *name)
{
	unsigned i;

	pc[0].w = l;
	for (i = 1; i < n; i++) {
		struct links *w = links_new(l->r, l->o);
		w->keep_links = l->keep_links;
		w->human = l->human;
		w->nfiles = l->cur_file + 1;
		w->files = xcalloc(w->nfiles, sizeof *w->files);
		w->files[l->cur_file] = xstrdup(name);
		w->cur_file = l->cur_file;
		w->cur_buf = l->cur_buf;
		w->cur_len = l->cur_len;
		w->own_cur = l->own_cur;
		pc[i].w = w;
	}
	if (l->nsegs > 0)	/* (piece_find looks in l's own table) */
		seen_settle(l);
}

/* Merges the engines of pieces 1 to n - 1, which are done, into l and
 * frees them. */
static void
join(struct links *l, struct piece *pc, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		pc[i].all = pc;
		pc[i].n = n;
		if (i > 0)
			pc[i].found = xcalloc(pc[i].w->nfirsts ? pc[i].w->nfirsts : 1,
			    sizeof *pc[i].found);
	}
	if (n > 1)
		on_threads(pc, sizeof *pc, n, piece_find);
	for (i = 1; i < n; i++) {
		merge(l, pc[i].w, pc[i].found);
		free(pc[i].found);
		links_free(pc[i].w);
	}
}

/* Lints the plain-text input buf[0..len) in pieces, on threads. */
static int
read_par(struct links *l, const char *name, const char *buf, size_t len,
    struct diag *d)
{
	struct piece pc[LINKS_MAX_THREADS];
	unsigned want = pieces(l->o, len), n = 0, i, k;
	size_t at = 0, cut;
	long line = 1;

	memset(pc, 0, sizeof pc);
	for (k = 0; k < want && at < len; k++) {
		cut = k + 1 == want ? len : linkx_text_cut(buf, len, len / want * (k + 1));
		if (cut <= at)	/* one line holds this cut and the last */
			continue;
		pc[n].buf = buf;
		pc[n].start = at;
		pc[n].end = cut;
		at = cut;
		n++;
	}
	/* The lines before each piece, and what linkx_read would refuse. */
	on_threads(pc, sizeof *pc, n, piece_scan);
	for (i = 0; i < n; i++) {
		if (pc[i].lines < 0 && linkx_text_check(name, buf, len, d) == -1)
			return -1;
		pc[i].line = line;
		line += pc[i].lines;
	}
	engines(l, pc, n, name);
	on_threads(pc, sizeof *pc, n, piece_run);
	join(l, pc, n);
	return 0;
}

/* Lints the CSV input buf[0..len) in pieces, on threads: l the head and
 * piece 0 with the head's reader, the others speculatively (linkx_csv);
 * when one does not check out, l reads on after piece 0. */
static int
read_par_csv(struct links *l, const char *name, const char *buf, size_t len,
    const struct linkx_opts *xo, struct diag *d)
{
	struct piece pc[LINKS_MAX_THREADS];
	struct linkx_csv *x;
	unsigned n, i;
	int rc;

	if ((x = linkx_csv_open(name, buf, len, xo, pieces(l->o, len), on_link, l,
	    d, &rc)) == NULL)
		return rc;
	n = linkx_csv_pieces(x);
	memset(pc, 0, sizeof pc);
	for (i = 0; i < n; i++) {
		pc[i].x = x;
		pc[i].k = i;
		/* (the last piece's: as many as the one before, near enough) */
		pc[i].lines = i + 1 < n ? linkx_csv_lines(x, i) : pc[i - 1].lines;
	}
	engines(l, pc, n, name);
	for (i = 1; i < n; i++)
		pc[i].w->csv_piece = 1;
	on_threads(pc, sizeof *pc, n, piece_csv);
	rc = pc[0].rc;
	for (i = 1; i < n && rc == 0; i++)
		if (pc[i].rc != 0)
			rc = 1;
	if (rc == 0)
		join(l, pc, n);
	else {
		for (i = 1; i < n; i++)
			links_free(pc[i].w);
		if (rc == 1)
			rc = linkx_csv_rest(x);
	}
	linkx_csv_free(x);
	return rc;
}

int
links_add_mem(struct links *l, const char *name, const char *buf, size_t len,
    struct diag *d)
{
	struct linkx_opts xo;
	enum linkx_kind kind;
	int rc;

	l->files = xreallocarray(l->files, l->nfiles + 1, sizeof *l->files);
	l->files[l->nfiles] = xstrdup(name);
	l->cur_file = (uint32_t)l->nfiles++;
	l->cur_buf = buf;
	l->cur_len = len;
	l->nrw = 0;
	buf_reset(&l->rwtext);
	memset(&xo, 0, sizeof xo);
	xo.kind = l->o->kind;
	xo.delim = l->o->delim;
	xo.column = l->o->column;
	xo.head = l->o->csv_head;
	kind = xo.kind == LINKX_AUTO ? linkx_guess(name, buf, len) : xo.kind;
	if (!l->o->fix && kind == LINKX_TEXT)
		rc = read_par(l, name, buf, len, d);
	else if (!l->o->fix && kind == LINKX_CSV && pieces(l->o, len) > 1)
		rc = read_par_csv(l, name, buf, len, &xo, d);
	else
		rc = linkx_read(name, buf, len, &xo, on_link, l, d);
	l->cur_buf = NULL;
	return rc;
}

const char *
links_rewrite(struct links *l, const char *buf, size_t len, size_t *outlen)
{
	size_t i, pos = 0;

	if (l->nrw == 0)
		return NULL;
	buf_reset(&l->rwout);
	for (i = 0; i < l->nrw; i++) {
		const struct rw *w = &l->rws[i];
		if (w->off < pos || w->off + w->len > len)
			continue;
		buf_add(&l->rwout, buf + pos, w->off - pos);
		buf_add(&l->rwout, l->rwtext.data + w->toff, w->tlen);
		pos = w->off + w->len;
	}
	buf_add(&l->rwout, buf + pos, len - pos);
	*outlen = l->rwout.len;
	return buf_cstr(&l->rwout);
}

/* Reads path ("-": stdin) into b: a regular file is mapped (no copy, no
 * anonymous pages), anything else read.  Returns 0 or -1 with d filled. */
static int
read_all(const char *path, struct inbuf *b, unsigned *mode, struct diag *d)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct stat st;
	size_t cap = 1 << 16, len = 0;
	ssize_t n;
	char *buf;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1)
		return diag_set(d, name, 0, 0, _("cannot open: %s"), strerror(errno));
	if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
		if (fd != STDIN_FILENO)
			close(fd);
		return diag_set(d, name, 0, 0, _("cannot read: %s"), strerror(e));
	}
	*mode = (unsigned)(st.st_mode & 07777);
	if (S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size < LINKS_MAX_FILE) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			if (fd != STDIN_FILENO)
				close(fd);
			posix_madvise(m, (size_t)st.st_size, POSIX_MADV_SEQUENTIAL);
			b->p = m;
			b->len = (size_t)st.st_size;
			b->mapped = 1;
			return 0;
		}
		cap = (size_t)st.st_size + 1;
	}
	buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap >= LINKS_MAX_FILE) {
				free(buf);
				if (fd != STDIN_FILENO)
					close(fd);
				return diag_set(d, name, 0, 0, _("larger than %u bytes"),
				    LINKS_MAX_FILE);
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			int e = errno;
			free(buf);
			if (fd != STDIN_FILENO)
				close(fd);
			return diag_set(d, name, 0, 0, _("cannot read: %s"), strerror(e));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	b->p = buf;
	b->len = len;
	b->mapped = 0;
	return 0;
}

int
links_add_file(struct links *l, const char *path, struct diag *d)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	const char *nb;
	size_t nlen;
	unsigned mode = 0;
	struct out *o;
	struct inbuf b;
	int rc;

	if (read_all(path, &b, &mode, d) == -1)
		return -1;
	l->own_cur = 1;
	rc = links_add_mem(l, name, b.p, b.len, d);
	l->own_cur = 0;
	if (rc == 0 && l->o->write && strcmp(path, "-") != 0 &&
	    (nb = links_rewrite(l, b.p, b.len, &nlen)) != NULL) {
		if ((o = out_open(path, mode ? mode : 0644, d)) == NULL) {
			rc = -1;
		} else {
			fwrite(nb, 1, nlen, out_fp(o));
			if ((rc = out_close(o, d)) == 0)
				l->fixed_files++;
		}
	}
	l->bufs = xreallocarray(l->bufs, l->nbufs + 1, sizeof *l->bufs);
	l->bufs[l->nbufs++] = b;
	return rc;
}

/* ---- the end of the run ---- */

/* A finding's place and number, what sort_findings moves. */
struct fkey {
	uint32_t	 file;
	long		 line, col;
	size_t		 seq;
	size_t		 i;		/* in l->f */
};

static int
fkey_cmp(const void *a, const void *b)
{
	const struct fkey *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The findings in order of place, as an array of l->nf keys the caller
 * frees; the findings stay where they are.  They come in input order but
 * for the few a link's checks add out of column order and the late ones
 * (set-level, and duplicate-link findings of merged pieces): insertion
 * sort sets the first right in about one pass, qsort the late, and the two
 * are merged.  Input that is not nearly in order falls back to qsort. */
static struct fkey *
sort_findings(const struct links *l)
{
	struct fkey *k = xreallocarray(NULL, l->nf ? l->nf : 1, sizeof *k), *late, t;
	size_t i, j, n = 0, nl = 0, moves = 0, a, b;

	for (i = 0; i < l->nf; i++)
		nl += l->f[i].late != 0;
	late = xreallocarray(NULL, nl ? nl : 1, sizeof *late);
	for (i = 0, nl = 0; i < l->nf; i++) {
		const struct fnd *f = &l->f[i];
		struct fkey *d = f->late ? &late[nl++] : &k[n++];
		d->file = f->file;
		d->line = f->line;
		d->col = f->col;
		d->seq = f->seq;
		d->i = i;
	}
	for (i = 1; i < n && moves <= 8 * n; i++) {
		if (fkey_cmp(&k[i - 1], &k[i]) <= 0)
			continue;
		t = k[i];
		for (j = i; j > 0 && fkey_cmp(&k[j - 1], &t) > 0; j--, moves++)
			k[j] = k[j - 1];
		k[j] = t;
	}
	if (i < n)
		qsort(k, n, sizeof *k, fkey_cmp);
	qsort(late, nl, sizeof *late, fkey_cmp);
	/* merged from the front with the in-order ones moved to the back */
	memmove(k + nl, k, n * sizeof *k);
	for (i = 0, a = nl, b = 0; b < nl; i++)
		k[i] = a < nl + n && fkey_cmp(&k[a], &late[b]) <= 0 ? k[a++] : late[b++];
	free(late);
	return k;
}

/* The canonical spelling first, then the most used, then the first seen. */
static int
spell_cmp(const void *a, const void *b)
{
	const struct spell *x = *(const struct spell *const *)a;
	const struct spell *y = *(const struct spell *const *)b;
	const char *c = x->x->g->canon;
	int xc, yc;

	if (c != NULL) {
		xc = strlen(c) == x->tlen && memcmp(c, x->text, x->tlen) == 0;
		yc = strlen(c) == y->tlen && memcmp(c, y->text, y->tlen) == 0;
		if (xc != yc)
			return xc ? -1 : 1;
	}
	if (x->x->count != y->x->count)
		return x->x->count > y->x->count ? -1 : 1;
	return x->x->seq < y->x->seq ? -1 : x->x->seq > y->x->seq;
}

/* Adds a set-level finding at a spelling's first place. */
static size_t
add_set(struct links *l, enum finding_id id, uint32_t file, long line, long col,
    size_t link, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static size_t
add_set(struct links *l, enum finding_id id, uint32_t file, long line, long col,
    size_t link, const char *fmt, ...)
{
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	i = new_finding(l, id, -1, fmt, ap);
	va_end(ap);
	l->f[i].late = 1;
	l->f[i].file = file;
	l->f[i].line = line;
	l->f[i].col = col;
	l->f[i].link = link;
	return i;
}

static void
check_inconsistent(struct links *l)
{
	struct spell **v = NULL, *sp;
	struct buf list = BUF_INIT(0);
	size_t i, j, n, cap = 0;

	for (i = 0; i < map_count(l->groups); i++) {
		struct group *g = map_value(l->groups, i);
		if (g->n < 2)
			continue;
		if (cap < g->n) {
			cap = g->n;
			v = xreallocarray(v, cap, sizeof *v);
		}
		for (n = 0, sp = g->first; sp != NULL; sp = sp->x->next)
			v[n++] = sp;
		qsort(v, n, sizeof *v, spell_cmp);
		buf_reset(&list);
		for (j = 0; j < n && j < MAXLIST; j++)
			buf_printf(&list, "%s'%s' (%zu%s)", j ? ", " : "",
			    v[j]->x->pii ? "[redacted]" : qs(l, 0, v[j]->text, v[j]->tlen),
			    v[j]->x->count, j == 0 ?
			    HN_(l->human, " link", " links", v[j]->x->count) : "");
		if (n > MAXLIST)
			buf_printf(&list, H_(l->human, " and %zu more"), n - MAXLIST);
		for (j = 1; j < n; j++)
			add_set(l, F_INCONSISTENT, v[j]->x->file, v[j]->x->line, v[j]->x->col,
			    v[j]->x->link, N_("%s is spelled %zu ways in this set: %s"),
			    utm_names[g->utm], n, buf_cstr(&list));
	}
	free(v);
	buf_free(&list);
}

static const char *
pstr(const struct links *l, size_t off)
{
	size_t a = 0, b = l->npchunks, m;

	if (off == NONE)
		return NULL;
	if (off >= l->pool_base)
		return l->pool.data + (off - l->pool_base);
	while (b - a > 1) {	/* the last chunk from off down */
		m = (a + b) / 2;
		if (l->pchunks[m].base <= off)
			a = m;
		else
			b = m;
	}
	return l->pchunks[a].data + (off - l->pchunks[a].base);
}

/* The report's findings [from, to) in the order of the keys k, their
 * context strings from l->ctxv + ctx on. */
struct rfjob {
	struct links	*l;
	const struct fkey *k;
	size_t		 from, to;
	size_t		 ctx;
};

static void *
rf_fill(void *arg)
{
	const struct rfjob *j = arg;
	const struct links *l = j->l;
	const char **cv = l->ctxv + j->ctx, *v;
	size_t i, c;

	for (i = j->from; i < j->to; i++) {
		const struct fnd *f = &l->f[j->k[i].i];
		struct linkrep_finding *r = &l->rf[i];
		r->file = l->files[f->file];
		r->line = f->line;
		r->col = f->col;
		r->id = f->id;
		r->sev = f->sev;
		r->message = pstr(l, f->msg);
		r->fix = pstr(l, f->fix);
		r->fixed = pstr(l, f->fixed);
		r->link = pstr(l, f->text);
		r->link_index = f->link;
		r->span_line = f->sline;
		r->span_col = f->scol;
		r->span_end_col = f->send;
		r->fixed_src = pstr(l, f->fixed_src);
		r->nctx = f->nctx;
		r->ctx = f->nctx > 0 ? cv : NULL;
		for (v = pstr(l, f->ctx), c = 0; c < 2 * f->nctx; c++) {
			*cv++ = v;
			v += strlen(v) + 1;
		}
	}
	return NULL;
}

const struct linkrep_run *
links_finish(struct links *l)
{
	struct linkrep_run *run = &l->run;
	struct rfjob job[LINKS_MAX_THREADS];
	struct fkey *k;
	size_t i, c, nctx = 0;
	unsigned t, nt = l->nf < LINKREP_PAR_MIN ? 1 : threads(l->o);	/* as the report */

	if (l->finished)
		return run;
	l->finished = 1;
	check_inconsistent(l);
	k = sort_findings(l);
	memset(run, 0, sizeof *run);
	for (i = 0; i < l->nf; i++) {
		const struct fnd *f = &l->f[i];
		nctx += 2 * f->nctx;
		run->count[f->sev]++;
		run->by_id[f->id]++;
		if (f->done)
			run->fixable++;
	}
	/* (every entry of both is written: no need to clear them) */
	l->ctxv = xreallocarray(NULL, nctx ? nctx : 1, sizeof *l->ctxv);
	l->rf = xreallocarray(NULL, l->nf ? l->nf : 1, sizeof *l->rf);
	for (t = 0, c = 0; t < nt; t++) {
		job[t].l = l;
		job[t].k = k;
		job[t].from = l->nf * t / nt;
		job[t].to = l->nf * (t + 1) / nt;
		job[t].ctx = c;
		for (i = job[t].from; nctx > 0 && i < job[t].to; i++)
			c += 2 * l->f[k[i].i].nctx;
	}
	on_threads(job, sizeof *job, nt, rf_fill);
	free(k);
	if (l->keep_links) {
		l->rl = xcalloc(l->nkl ? l->nkl : 1, sizeof *l->rl);
		for (i = 0; i < l->nkl; i++) {
			l->rl[i].file = l->files[l->kl[i].file];
			l->rl[i].line = l->kl[i].line;
			l->rl[i].col = l->kl[i].col;
			l->rl[i].text = pstr(l, l->kl[i].text);
		}
		run->links = l->rl;
	}
	run->version = UTM_AUDIT_VERSION;
	run->threads = l->o->threads;	/* (0: one a core) */
	run->rules = rules_name(l->r);
	run->fail_on = l->o->fail_on == SEV_WARNING ? SEV_WARNING : SEV_ERROR;
	run->passed = 1;
	for (i = run->fail_on; i <= SEV_ERROR; i++)
		if (run->count[i] > 0)
			run->passed = 0;
	run->fixed_mode = l->o->fix;
	run->quiet = l->o->quiet;
	run->nfiles = l->nfiles;
	run->files = (const char *const *)l->files;
	run->nlinks = l->nlinks;
	run->nfindings = l->nf;
	run->findings = l->rf;
	run->fixed_links = l->fixed_links;
	run->fixed_files = l->fixed_files;
	return run;
}

void
links_free(struct links *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->capspells; i++)
		free(l->spells[i].sp);
	free(l->spells);
	for (i = 0; i < map_count(l->groups); i++)
		free(map_value(l->groups, i));
	map_free(l->groups);
	free(l->seen);
	free(l->fctx);
	for (i = 0; i < l->nsegs; i++) {
		free(l->segs[i].firsts);
		free(l->segs[i].seen);
	}
	free(l->segs);
	for (i = 0; i < l->nbufs; i++)
		if (l->bufs[i].mapped)
			munmap(l->bufs[i].p, l->bufs[i].len);
		else
			free(l->bufs[i].p);
	free(l->bufs);
	arena_free(&l->arena);
	for (i = 0; i < l->nfiles; i++)
		free(l->files[i]);
	free(l->files);
	free(l->req);
	free(l->reqname);
	free(l->nks);
	free(l->nkm);
	free(l->p);
	free(l->dec);
	free(l->sp);
	free(l->f);
	free(l->kl);
	free(l->rws);
	free(l->firsts);
	free(l->rf);
	free(l->rl);
	free(l->ctxv);
	buf_free(&l->pool);
	for (i = 0; i < l->npchunks; i++)
		free(l->pchunks[i].data);
	free(l->pchunks);
	buf_free(&l->rwtext);
	buf_free(&l->rwout);
	buf_free(&l->fx);
	buf_free(&l->tmp);
	buf_free(&l->tmp2);
	buf_free(&l->fixed);
	buf_free(&l->enc);
	buf_free(&l->refix);
	free(l);
}

int
links_run(const struct links_opts *o, struct diag *d)
{
	const struct linkrep_format *fmt;
	const struct linkrep_run *run;
	struct rules *r;
	struct links *l;
	struct out *out;
	size_t i;
	int rc = -1;

	if ((fmt = linkrep_find(o->format ? o->format : "text")) == NULL)
		return diag_set(d, NULL, 0, 0, _("unknown format '%s'"), o->format);
	if ((r = o->rules ? rules_load_file(o->rules, d) : rules_load_default(d)) == NULL)
		return -1;
	l = links_new(r, o);
	l->keep_links = fmt->needs_links;
	l->human = fmt->human;
	if (o->fix && !o->write)
		links_set_fix_output(l, stdout);
	for (i = 0; i < o->nfiles; i++)
		if (links_add_file(l, o->files[i], d) == -1)
			goto done;
	run = links_finish(l);
	if (!o->fix || o->write || (o->output != NULL && strcmp(o->output, "-") != 0)) {
		if ((out = out_open(o->output, 0, d)) == NULL)	/* 0600: may name people */
			goto done;
		fmt->write(out_fp(out), run);
		if (out_close(out, d) == -1)
			goto done;
	}
	if (out_stdout_check(d) == -1)
		goto done;
	rc = run->passed ? 0 : 1;
done:
	links_free(l);
	rules_free(r);
	return rc;
}
