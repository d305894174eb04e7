/* vectors.c - see vectors.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/crypto/vectors.h"

static char *skip_ws(char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return p;
}

/* A string token at p (p at the opening quote): NUL-terminated in place; no escapes
 * appear in these files, so one is refused. */
static char *string_at(char **pp)
{
    char *p = *pp;
    assert_true(*p == '"');
    char *s = ++p;
    while (*p && *p != '"') {
        assert_true(*p != '\\');
        p++;
    }
    assert_true(*p == '"');
    *p = '\0';
    *pp = p + 1;
    return s;
}

void vec_load(vec_file *f, const char *dir, const char *name)
{
    char path[4096];
    memset(f, 0, sizeof *f);
    assert_true(snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long len = ftell(fp);
    assert_true(len > 0);
    rewind(fp);
    f->text = malloc((size_t)len + 1);
    assert_non_null(f->text);
    assert_int_equal(fread(f->text, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    f->text[len] = '\0';

    char *p = skip_ws(f->text);
    assert_true(*p == '[');
    p = skip_ws(p + 1);
    while (*p == '{') {
        assert_true(f->n < VEC_MAX);
        vec_t *v = &f->v[f->n++];
        p = skip_ws(p + 1);
        while (*p == '"') {
            assert_true(v->n < VEC_MAX_FIELDS);
            v->key[v->n] = string_at(&p);
            p = skip_ws(p);
            assert_true(*p == ':');
            p = skip_ws(p + 1);
            if (*p == '"') {
                v->val[v->n] = string_at(&p);
            } else {
                char *s = p;
                while (*p >= '0' && *p <= '9')
                    p++;
                size_t dl = (size_t)(p - s);
                assert_true(dl > 0 && dl < sizeof v->num[0]);
                memcpy(v->num[v->n], s, dl);
                v->num[v->n][dl] = '\0';
                v->val[v->n] = v->num[v->n];
            }
            v->n++;
            p = skip_ws(p);
            if (*p == ',')
                p = skip_ws(p + 1);
        }
        assert_true(*p == '}');
        p = skip_ws(p + 1);
        if (*p == ',')
            p = skip_ws(p + 1);
    }
    assert_true(*p == ']');
    assert_true(f->n > 0);
}

void vec_free(vec_file *f)
{
    free(f->text);
    memset(f, 0, sizeof *f);
}

const char *vec_get(const vec_t *v, const char *key)
{
    for (int i = 0; i < v->n; i++)
        if (!strcmp(v->key[i], key))
            return v->val[i];
    fail_msg("vector has no field %s", key);
    return NULL;
}

static int nibble(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

size_t vec_hex(const vec_t *v, const char *key, uint8_t *out, size_t cap)
{
    const char *h = vec_get(v, key);
    size_t len = strlen(h);
    assert_true(len % 2 == 0 && len / 2 <= cap);
    for (size_t i = 0; i < len / 2; i++) {
        int hi = nibble(h[2 * i]), lo = nibble(h[2 * i + 1]);
        assert_true(hi >= 0 && lo >= 0);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return len / 2;
}

unsigned long vec_uint(const vec_t *v, const char *key)
{
    const char *s = vec_get(v, key);
    char *end;
    unsigned long x = strtoul(s, &end, 10);
    assert_true(*s && !*end);
    return x;
}
