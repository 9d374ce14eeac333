/* buf: a growable byte buffer with a hard cap.  Reused across records: reset
 * keeps the memory, so the steady state allocates nothing. */
#ifndef BUF_H
#define BUF_H
#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated once anything was added */
	size_t	 len;
	size_t	 cap;	/* allocated bytes */
	size_t	 max;	/* hard cap on len; 0 means no cap */
};

#define BUF_INIT(max) { NULL, 0, 0, (max) }

/* Appends n bytes; returns -1 (and appends nothing) when the cap would be passed. */
int	buf_add(struct buf *b, const void *p, size_t n);
int	buf_addc(struct buf *b, int c);
int	buf_adds(struct buf *b, const char *s);
/* Appends n bytes for the caller to write and returns where they start
 * (valid until the next change to b), or NULL past the cap. */
char	*buf_extend(struct buf *b, size_t n);
/* printf-style append; truncated output past the cap returns -1. */
int	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The contents as a C string; valid until the next change to b. */
const char *buf_cstr(struct buf *b);
void	buf_reset(struct buf *b);
void	buf_free(struct buf *b);

#endif
