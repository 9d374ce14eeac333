/* progress: prints at most every 250 ms, says bytes, rows, rate and time
 * left, and clears its line at the end; disabled, it prints nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "progress.h"

/* Runs f with stderr sent to a temporary file; returns what it printed. */
static char *
capture(void (*f)(void))
{
	static char buf[4096];
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	f();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, sizeof buf - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return buf;
}

static void
pause_300ms(void)
{
	struct timespec ts = { 0, 300000000L };

	nanosleep(&ts, NULL);
}

static void
run_enabled(void)
{
	struct progress *p = progress_new(4000000, 1);

	progress_add(p, 1000000, 4096);	/* too soon: nothing */
	pause_300ms();
	progress_add(p, 1000000, 4096);
	progress_end(p);
}

static void
run_disabled(void)
{
	struct progress *p = progress_new(4000000, 0);

	assert_null(p);
	progress_add(p, 1000000, 4096);
	pause_300ms();
	progress_add(p, 1000000, 4096);
	progress_end(p);
}

static void
test_enabled(void **state)
{
	const char *out;

	(void)state;
	out = capture(run_enabled);
	assert_non_null(strstr(out, "utm-audit: 2.0 MB, 8192 rows read, "));
	assert_non_null(strstr(out, " MB/s, about "));
	assert_non_null(strstr(out, " s left"));
	assert_int_equal(strncmp(out, "\r\033[K", 4), 0);
	/* cleared at the end */
	assert_string_equal(out + strlen(out) - 4, "\r\033[K");
	/* printed once: the first call came too soon */
	assert_null(strstr(strstr(out, "rows read") + 1, "rows read"));
}

static void
test_disabled(void **state)
{
	(void)state;
	assert_string_equal(capture(run_disabled), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enabled),
		cmocka_unit_test(test_disabled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
