/* vectors.h - a reader for the tests/vectors JSON files: a flat array of objects whose values
 * are strings or integers (go-tpm's test vector format), and hex decoding. Test-only;
 * it aborts the test (cmocka fail) on anything it does not understand. */
#ifndef TPM2LITE_TESTS_UNIT_CRYPTO_VECTORS_H
#define TPM2LITE_TESTS_UNIT_CRYPTO_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#define VEC_MAX_FIELDS 16
#define VEC_MAX 128

typedef struct {
    int n;
    const char *key[VEC_MAX_FIELDS];
    const char *val[VEC_MAX_FIELDS]; /* integers point into num */
    char num[VEC_MAX_FIELDS][24];
} vec_t;

typedef struct {
    char *text; /* the file, NULs written over the closing quotes */
    int n;
    vec_t v[VEC_MAX];
} vec_file;

/* Loads dir/name into f (at least one vector, or the test fails). vec_free releases. */
void vec_load(vec_file *f, const char *dir, const char *name);
void vec_free(vec_file *f);

/* The value of key in v (the test fails if absent). */
const char *vec_get(const vec_t *v, const char *key);
/* Hex of key into out (cap bytes); returns the byte count (the test fails on bad hex). */
size_t vec_hex(const vec_t *v, const char *key, uint8_t *out, size_t cap);
unsigned long vec_uint(const vec_t *v, const char *key);

#endif
