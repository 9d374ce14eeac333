/*
 * replay: a main for the libFuzzer targets, so every corpus can be replayed
 * with gcc (and under SAN=address,undefined or valgrind) without libFuzzer.
 *
 *	replay_NAME FILE_OR_DIR...
 *
 * Each argument is a file or a directory; a directory's regular files are
 * read in name order (dot files skipped, no recursion).  Every input is
 * copied to a buffer of exactly its size and passed to
 * LLVMFuzzerTestOneInput once, as libFuzzer does when given files.  A
 * target that finds a broken invariant aborts, so the exit status says it
 * all: 0 when every input ran, 2 when an input could not be read.  Prints
 * one line with the count on stderr.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REPLAY_MAX_INPUT	(64u << 20)	/* a larger corpus file is an error */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int
run_file(const char *path, long *n)
{
	FILE *fp;
	uint8_t *buf;
	struct stat st;
	size_t len;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &st) == -1 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > REPLAY_MAX_INPUT) {
		fprintf(stderr, "replay: %s: not a regular file of at most %u "
		    "bytes\n", path, REPLAY_MAX_INPUT);
		fclose(fp);
		return -1;
	}
	/* Exactly the file's size (at least one byte to allocate), so a read
	 * past the input is caught by ASan or valgrind. */
	if ((buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1)) == NULL) {
		fprintf(stderr, "replay: out of memory\n");
		exit(2);
	}
	len = fread(buf, 1, (size_t)st.st_size, fp);
	if (ferror(fp) || len != (size_t)st.st_size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	(*n)++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir, long *n)
{
	DIR *dp;
	struct dirent *de;
	char **names = NULL, **grown, path[4096];
	size_t count = 0, cap = 0, i;
	int rc = 0;

	if ((dp = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (count == cap) {
			cap = cap ? 2 * cap : 64;
			if ((grown = realloc(names, cap * sizeof *names)) == NULL) {
				fprintf(stderr, "replay: out of memory\n");
				exit(2);
			}
			names = grown;
		}
		if ((names[count++] = strdup(de->d_name)) == NULL) {
			fprintf(stderr, "replay: out of memory\n");
			exit(2);
		}
	}
	closedir(dp);
	if (count > 0)
		qsort(names, count, sizeof *names, cmp);
	for (i = 0; i < count; i++) {
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
		    names[i]) >= sizeof path) {
			fprintf(stderr, "replay: %s/%s: path too long\n", dir,
			    names[i]);
			rc = -1;
		} else if (run_file(path, n) == -1)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat st;
	long n = 0;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &n) == -1)
				rc = 2;
		} else if (run_file(argv[i], &n) == -1)
			rc = 2;
	}
	fprintf(stderr, "replay: %s: %ld inputs%s\n", argv[0], n,
	    rc ? ", some unreadable" : "");
	return rc;
}
