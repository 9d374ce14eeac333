/* spawn: runs a program N times and times each run, for the start-up
 * benchmark (tests/bench/links.py).
 *
 *	spawn [-a] N PROG [ARGS...]
 *
 * Each run starts PROG with posix_spawnp (PROG is looked up in PATH when it
 * has no slash) in the caller's environment, standard input inherited,
 * standard output on /dev/null and standard error on a pipe, and waits for
 * it with wait4.  The wall time of a run is CLOCK_MONOTONIC from just before
 * posix_spawnp to just after wait4 returns; it includes reading standard
 * error to its end, which is what keeps a chatty program from blocking on a
 * full pipe.  wait4 gives the run's rusage: minor page faults (ru_minflt)
 * and CPU time (ru_utime + ru_stime) of PROG alone.
 *
 * One line goes to standard output, the medians of N runs:
 *
 *	runs N median_ms W min_ms W max_ms W minflt_median F cpu_median_ms C
 *
 * With -a every run is printed before it, one line each, so that a caller
 * can pool the runs of several calls:
 *
 *	run I wall_ms W minflt F cpu_ms C
 *
 * An exit status of 0 or 1 counts as a good run (1 is what utm-audit
 * returns when it finds problems).  Exit status 0; 2 on a usage error, when
 * PROG cannot be started, exits with a status above 1 or is killed by a
 * signal (its standard error, up to 4 KiB, is copied to ours). */
#define _DEFAULT_SOURCE		/* wait4 on glibc */

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define ERRMAX	4096

struct run {
	double	wall_ms;
	double	cpu_ms;
	double	minflt;
};

static void
usage(void)
{
	fprintf(stderr, "usage: spawn [-a] N PROG [ARGS...]\n");
	exit(2);
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmpd);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double
ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static double
tv_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

/* Runs argv once; fills r.  Exits 2 when the run fails. */
static void
run_once(char **argv, int devnull, struct run *r)
{
	posix_spawn_file_actions_t fa;
	struct timespec t0, t1;
	struct rusage ru;
	char errbuf[ERRMAX], skip[512];
	size_t errlen = 0;
	ssize_t got;
	pid_t pid;
	int p[2], e, status;

	if (pipe(p) == -1) {
		perror("spawn: pipe");
		exit(2);
	}
	if (fcntl(p[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(p[1], F_SETFD, FD_CLOEXEC) == -1) {
		perror("spawn: fcntl");
		exit(2);
	}
	/* dup2 clears close-on-exec on the copies. */
	if ((e = posix_spawn_file_actions_init(&fa)) != 0 ||
	    (e = posix_spawn_file_actions_adddup2(&fa, devnull, 1)) != 0 ||
	    (e = posix_spawn_file_actions_adddup2(&fa, p[1], 2)) != 0) {
		fprintf(stderr, "spawn: file actions: %s\n", strerror(e));
		exit(2);
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	close(p[1]);
	if (e != 0) {
		fprintf(stderr, "spawn: %s: %s\n", argv[0], strerror(e));
		exit(2);
	}
	for (;;) {
		if (errlen < sizeof(errbuf))
			got = read(p[0], errbuf + errlen,
			    sizeof(errbuf) - errlen);
		else
			got = read(p[0], skip, sizeof(skip));
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (errlen < sizeof(errbuf))
			errlen += (size_t)got;
	}
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			perror("spawn: wait4");
			exit(2);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(p[0]);
	posix_spawn_file_actions_destroy(&fa);

	if (WIFSIGNALED(status) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) > 1) {
		fwrite(errbuf, 1, errlen, stderr);
		if (WIFSIGNALED(status))
			fprintf(stderr, "spawn: %s: killed by signal %d\n",
			    argv[0], WTERMSIG(status));
		else
			fprintf(stderr, "spawn: %s: exit %d\n", argv[0],
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		exit(2);
	}
	r->wall_ms = ms(&t0, &t1);
	r->cpu_ms = tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime);
	r->minflt = (double)ru.ru_minflt;
}

int
main(int argc, char *argv[])
{
	struct run *runs;
	double *v, wall, lo, hi, flt, cpu;
	char *end;
	long n;
	size_t i;
	int all = 0, ch, devnull;

	/* '+': glibc would otherwise take PROG's options for ours. */
	while ((ch = getopt(argc, argv, "+a")) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage();
	errno = 0;
	n = strtol(argv[0], &end, 10);
	if (errno != 0 || end == argv[0] || *end != '\0' || n < 1 ||
	    n > INT_MAX) {
		fprintf(stderr, "spawn: %s: not a number of runs\n", argv[0]);
		exit(2);
	}
	if ((devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1) {
		perror("spawn: /dev/null");
		exit(2);
	}
	if ((runs = calloc((size_t)n, sizeof(*runs))) == NULL ||
	    (v = calloc((size_t)n, sizeof(*v))) == NULL) {
		perror("spawn");
		exit(2);
	}
	for (i = 0; i < (size_t)n; i++)
		run_once(argv + 1, devnull, &runs[i]);

	if (all)
		for (i = 0; i < (size_t)n; i++)
			printf("run %zu wall_ms %.4f minflt %.0f cpu_ms %.3f\n",
			    i + 1, runs[i].wall_ms, runs[i].minflt,
			    runs[i].cpu_ms);
	for (i = 0; i < (size_t)n; i++)
		v[i] = runs[i].wall_ms;
	wall = median(v, (size_t)n);
	lo = v[0];
	hi = v[n - 1];
	for (i = 0; i < (size_t)n; i++)
		v[i] = runs[i].minflt;
	flt = median(v, (size_t)n);
	for (i = 0; i < (size_t)n; i++)
		v[i] = runs[i].cpu_ms;
	cpu = median(v, (size_t)n);
	printf("runs %ld median_ms %.3f min_ms %.3f max_ms %.3f "
	    "minflt_median %g cpu_median_ms %.3f\n", n, wall, lo, hi, flt, cpu);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("spawn: stdout");
		exit(2);
	}
	free(runs);
	free(v);
	return 0;
}
