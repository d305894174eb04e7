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

/* ---- stack scan ----
 * stack_snapshot() copies its own uninitialised frame (32 KiB): what the callee frames
 * of the previous call at this depth left there. Call it right after the library call,
 * from the same function (same stack depth); stack_scan_count() then scans the copy
 * (later, once that call's secrets are known). ASan and TSan move frames and poison
 * redzones: no stack scan there (NO_STACK_SCAN; the normal and valgrind runs do it).
 * What it cannot see, and why the binaries are linked with -z now: the tail of a
 * secret that went through a vector register (memcpy of a sessionKey) stays in that
 * register after the call, and the next lazy PLT binding (_dl_runtime_resolve_xsavec,
 * found with a gdb watchpoint) saves all vector registers onto the stack. That is
 * register residue, not a frame the library failed to wipe: portable C cannot clear
 * registers. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NO_STACK_SCAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define NO_STACK_SCAN 1
#endif
#endif
void stack_snapshot(void);
size_t stack_scan_count(const char *region);
#ifndef NO_STACK_SCAN
/* SECRETS_REPORT_ONLY=1 lists findings instead of failing */
#define STACK_CLEAN(after)                                                               \
    do {                                                                                 \
        stack_snapshot();                                                                \
        if (stack_scan_count("stack") && !getenv("SECRETS_REPORT_ONLY"))                 \
            fail_msg("secrets left on the stack by %s", after);                         \
    } while (0)
#define STACK_SCAN_LATER(after)                                                          \
    do {                                                                                 \
        if (stack_scan_count("stack") && !getenv("SECRETS_REPORT_ONLY"))                 \
            fail_msg("secrets left on the stack by %s", after);                         \
    } while (0)
#else
#define STACK_CLEAN(after) ((void)0)
#define STACK_SCAN_LATER(after) ((void)0)
#endif

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
