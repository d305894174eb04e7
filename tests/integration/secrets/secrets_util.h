/* secrets_util.h - what the secrets tests share: a list of known secret byte strings
 * and a scanner that looks for them in memory, a recording random source (so the salt
 * the library draws is known), and a transport wrapper that corrupts or fails a
 * response on demand (so the error paths run against a real TPM).
 */
#ifndef TPM2LITE_TESTS_SECRETS_UTIL_H
#define TPM2LITE_TESTS_SECRETS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "tpm2lite/command.h"

/* ---- known secrets and the scanner ---- */

#define SECRETS_MAX 48
/* Remember len bytes at p (copied) under name. Strings shorter than 8 bytes are
 * refused by an assert: they would match by chance. */
void secret_add(const char *name, const void *p, size_t len);
void secrets_clear(void);
/* Number of secret strings (or 12-byte windows of them, so a partial residue counts)
 * found in [p, p+len); each is printed with the region name and offset. */
size_t secrets_scan(const char *region, const void *p, size_t len);

/* ---- recording random source ---- */

/* A deterministic generator that logs every draw (size and bytes) so a test can learn
 * the salt tpm2l_session_start encrypts to the TPM. */
#define RNG_LOG_MAX 64
typedef struct {
    uint64_t state;
    size_t n;
    struct {
        size_t len;
        uint8_t b[64];
    } draw[RNG_LOG_MAX];
} rec_rng;
TPM2_RC rec_rng_fn(void *arg, uint8_t *out, size_t n);

/* ---- corrupting transport ---- */

typedef enum {
    CORRUPT_NONE,
    CORRUPT_FLIP_LAST,     /* flip the last response byte (the last session's hmac) */
    CORRUPT_FAIL_AFTER_READ /* receive the whole response, then report an I/O error
                               with *len left 0: a transport that read part of one */
} corrupt_mode;

typedef struct {
    tpm2l_tcti base;
    tpm2l_tcti *inner;
    corrupt_mode mode; /* applied to the next response only, then back to NONE */
} corrupt_tcti;
void corrupt_tcti_init(corrupt_tcti *t, tpm2l_tcti *inner);

#endif
