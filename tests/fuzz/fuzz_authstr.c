/* fuzz_authstr.c - the authorization-string parser (authstr.h), file: sources included.
 *
 * Input: NUL-separated pieces. The first is the string to parse; the next three become
 * the files "a", "b" and "c" in a private temporary directory, and "file:a" (in the
 * string or in a file) is rewritten to that file's full path, so file: sources are
 * followed for real. Any file: that names something else (standard input, /etc/...)
 * is not run: the target must never block on a terminal or read outside its
 * directory. (No chdir: libFuzzer reads its corpus by relative path.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/authstr.h"

static char dir[64];

static void cleanup(void)
{
    if (!dir[0])
        return;
    /* Only the files this target writes live there. */
    char path[80];
    for (const char *f = "abc"; *f; f++) {
        snprintf(path, sizeof path, "%s/%c", dir, *f);
        unlink(path);
    }
    rmdir(dir);
}

static int setup(void)
{
    if (dir[0])
        return 0;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/fuzz-authstr-XXXXXX", tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        dir[0] = '\0';
        return -1;
    }
    atexit(cleanup);
    return 0;
}

/* piece with "file:X" turned into "file:<dir>/X" (safe() has vetted X); malloc'd. */
static char *expand(const uint8_t *p, size_t n)
{
    size_t extra = strlen(dir) + 1;
    char *s = malloc(n + extra + 1);
    if (!s)
        return NULL;
    if (n >= 6 && memcmp(p, "file:", 5) == 0) {
        int k = snprintf(s, extra + 6, "file:%s/", dir);
        memcpy(s + k, p + 5, n - 5);
        s[(size_t)k + n - 5] = '\0';
    } else {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

/* A file: reference the target allows: exactly a, b or c after trailing CR/LF go. */
static int safe(const char *s, size_t n)
{
    if (n < 5 || memcmp(s, "file:", 5) != 0)
        return 1;
    while (n > 5 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return n == 6 && (s[5] == 'a' || s[5] == 'b' || s[5] == 'c');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (setup() != 0)
        return 0;
    fuzz_in in = {data, size};
    const uint8_t *piece[4];
    size_t len[4];
    for (int i = 0; i < 4; i++) {
        const uint8_t *nul = memchr(in.p, 0, in.n);
        len[i] = nul ? (size_t)(nul - in.p) : in.n;
        piece[i] = in.p;
        in.p += len[i];
        in.n -= len[i];
        if (nul) {
            in.p++;
            in.n--;
        }
        if (!safe((const char *)piece[i], len[i]))
            return 0;
    }
    /* Files only when the string reads one: writing them costs most of an input. */
    int uses_files = len[0] >= 5 && memcmp(piece[0], "file:", 5) == 0;
    for (int i = 1; i < 4 && uses_files; i++) {
        char name[80];
        snprintf(name, sizeof name, "%s/%c", dir, 'a' + i - 1);
        char *content = expand(piece[i], len[i]);
        FILE *f = content ? fopen(name, "wb") : NULL;
        if (f) {
            fputs(content, f);
            fclose(f);
        }
        free(content);
        if (!f)
            return 0;
    }
    char *s = expand(piece[0], len[0]);
    tpm2l_auth_spec *out = malloc(sizeof *out);
    if (s && out) {
        char err[128];
        if (tpm2l_auth_parse(s, out, err, sizeof err) == TPM2_RC_SUCCESS &&
            out->value.size > sizeof out->value.buffer)
            abort();
        tpm2l_auth_spec_wipe(out);
        char tiny[2];
        (void)tpm2l_auth_parse(s, out, tiny, sizeof tiny);
        tpm2l_auth_spec_wipe(out);
    }
    free(out);
    free(s);
    return 0;
}
