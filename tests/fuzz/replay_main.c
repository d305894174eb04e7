/* replay_main.c - runs a fuzz target's LLVMFuzzerTestOneInput over files, without
 * libFuzzer, so every seed and regression input is part of the normal test suites
 * (and so of the valgrind and ASan+UBSan runs of scripts/test.sh).
 *
 * Arguments are files or directories (read one level deep, in name order so a failure
 * is reproducible). Each input is copied into a buffer of exactly its size, so an
 * over-read is caught by valgrind and ASan as it would be under libFuzzer. A directory
 * that does not exist is an error: a renamed seed folder must not turn the test into
 * one that cannot fail.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return 1;
    }
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        fprintf(stderr, "%s: cannot size\n", path);
        return 1;
    }
    /* malloc(0) may return NULL; one spare byte keeps the pointer valid. */
    uint8_t *buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        fclose(f);
        fprintf(stderr, "%s: cannot read\n", path);
        return 1;
    }
    fclose(f);
    /* Copy into an exact-size block so reading one byte past the input is caught. */
    uint8_t *exact = malloc((size_t)size ? (size_t)size : 1);
    if (!exact) {
        free(buf);
        return 1;
    }
    memcpy(exact, buf, (size_t)size);
    free(buf);
    LLVMFuzzerTestOneInput(exact, (size_t)size);
    free(exact);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: cannot open directory\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown) {
                rc = 1;
                break;
            }
            names = grown;
        }
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!names[n]) {
            rc = 1;
            break;
        }
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (!rc && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            rc |= run_file(names[i]);
            (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: no such file or directory\n", argv[i]);
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            rc |= run_dir(argv[i], &count);
        } else {
            rc |= run_file(argv[i]);
            count++;
        }
    }
    printf("%zu inputs replayed\n", count);
    return rc;
}
